"""The time-expression engine (stage: sentences → timeline), language data apart.

``lexicon`` reads the tables under ``analysis/lang/zh``; ``patterns`` assembles the regex
building blocks; ``rules_*`` hold the rules (named pattern, resolver, priority, examples);
``engine`` finds, resolves and combines expressions; ``events`` builds the dated-event table.
``analysis.timeline`` is the public facade.
"""
