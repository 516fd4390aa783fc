"""Figure code: every plot of the package, drawn from the tables the analysis modules return."""
