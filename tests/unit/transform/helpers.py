"""Helpers shared by the unit tests of this folder."""

import pandas as pd

from metropolis_report.transform import conversion

ENG = "members_engagement"


COLUMNS = conversion.printed_columns(ENG)


def row(name, **cells):
    """A 4.1 row: the member's name, then cells by position (1 = activated … 11 = rethink call)."""
    values = [name] + [""] * (len(COLUMNS) - 1)
    for position, value in cells.items():
        values[int(position[1:])] = value
    return values


def frame(*rows, first_line=10):
    df = pd.DataFrame([list(r) for r in rows], columns=COLUMNS)
    df["source_line"] = [str(first_line + i) for i in range(len(df))]
    return df
