"""Every figure of the package: house style (``style``), label placement (``labels``), and the
charts of each notebook (``charts``, ``frequency``). Analysis modules return tables and import
no plotting library; the functions here take those tables and return matplotlib figures."""
