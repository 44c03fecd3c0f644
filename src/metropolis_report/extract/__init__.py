"""Extract: the report text -> data/raw/*.csv, cell for cell as printed.

This stage runs on the system Python (standard library only: `make extract` and `make verify` run before
the environment exists), so nothing in it may import pandas or any other installed package.
"""
