"""The data dictionary (metadata/*.csv): one place for every processed table and column.

Cleaning uses it to type and order columns, validation to build the expectation suites, the
data-quality chapter to show it. Processed CSVs are UTF-8, booleans written true/false, integers
without decimals, dates ISO 8601, rows sorted by the table key, written atomically.

Runs on the system Python (`make extract` imports it before .venv exists): its module-level imports must stay
standard-library only (pandas is imported only inside ``dictionary``, which extract never calls).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from metropolis_report import config

EDITION_YEAR = "{year}"  # a range's end that is the year the edition's report covers (metadata/editions.csv)


@dataclass(frozen=True)
class Column:
    table: str
    name: str
    dtype: str  # string | boolean | integer | number | date
    nullable: bool
    unit: str
    allowed: str  # "a|b|c" (a set) or "lo:hi" (a range, either end optional; "{year}": the edition's year) or ""
    description: str
    raw_table: str
    raw_column: str  # the raw CSV's name of the column (the header as printed), resolved from raw_key by the layout
    raw_key: str = (
        ""  # as columns.csv names it: the layout's stable key (headers.csv), so a reworded header needs no edit
    )

    @property
    def value_set(self) -> list[str] | None:
        return self.allowed.split("|") if self.allowed and ":" not in self.allowed else None

    @property
    def value_range(self) -> tuple[float | str | None, float | str | None] | None:
        """(low, high), either None when open, or EDITION_YEAR: the year of the edition built."""
        if ":" not in self.allowed:
            return None
        return tuple(None if not end else end if end == EDITION_YEAR else float(end) for end in self.allowed.split(":"))


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    description: str
    section: str
    columns: tuple[Column, ...]
    layer: str = "clean"  # clean: validated by the gate; derived: computed after it
    rows: int | None = None  # reviewed number of rows, where the report fixes it

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def metadata_file(name: str) -> Path:
    """The path of a file of metadata/, noted as read when the step that runs asks for it (the environment
    variable ``config.READS_ENV`` names its list): the files a step reads become its make prerequisites
    (``publish.run.recorded_reads``), so editing one rebuilds the steps that read it, and only those."""
    log = os.environ.get(config.READS_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"metadata/{name}\n")
    return config.METADATA_DIR / name


def _read(name: str) -> list[dict[str, str]]:
    with open(metadata_file(name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_name(raw_table: str, key: str) -> str:
    """The raw CSV's name of a column that columns.csv (or raw_cell_kinds.csv) names by its layout key: the header
    the running edition prints (the curated files and ``source_line`` are named as they are)."""
    if not raw_table or not key or raw_table.startswith("curated/"):
        return key
    from metropolis_report import wording  # wording reads its files through metadata_file: imported when used

    return wording.current().column(raw_table, key)


@cache
def tables() -> dict[str, Table]:
    columns: dict[str, list[Column]] = {}
    for row in _read("columns.csv"):
        columns.setdefault(row["table"], []).append(
            Column(
                table=row["table"],
                name=row["column"],
                dtype=row["dtype"],
                nullable=row["nullable"] == "true",
                unit=row["unit"],
                allowed=row["allowed"],
                description=row["description"],
                raw_table=row["raw_table"],
                raw_column=raw_name(row["raw_table"], row["raw_column"]),
                raw_key=row["raw_column"],
            )
        )
    result = {}
    for row in _read("tables.csv"):
        name = row["table"]
        if name not in columns:
            raise ValueError(f"metadata/tables.csv names {name!r}, which has no column in columns.csv")
        result[name] = Table(
            name,
            row["key"],
            row["description"],
            row["section"],
            tuple(columns[name]),
            row["layer"],
            int(row["rows"]) if row["rows"] else None,
        )
    unknown = set(columns) - set(result)
    if unknown:
        raise ValueError(f"metadata/columns.csv has columns of unknown tables: {sorted(unknown)}")
    return result


def table(name: str) -> Table:
    return tables()[name]


def from_raw(table_name: str, raw_table: str, raw_column: str) -> Column:
    """The column of a processed table that a printed (raw) column becomes."""
    for c in table(table_name).columns:
        if c.raw_table == raw_table and c.raw_column == raw_column:
            return c
    raise KeyError(f"no column of {table_name} comes from {raw_table}.{raw_column}")


def member_lists() -> dict[str, str]:
    """Annex list -> the members flag it sets (the data dictionary's raw table of each flag column)."""
    return {c.raw_table: c.name for c in table("members").columns if c.raw_table.startswith("list_")}


def column(table_name: str, name: str) -> Column:
    for c in table(table_name).columns:
        if c.name == name:
            return c
    raise KeyError(f"{table_name} has no column {name!r}")


def layer(name: str) -> list[str]:
    """The tables of one layer: 'clean' (validated by the gate) or 'derived' (computed after it)."""
    return [t.name for t in tables().values() if t.layer == name]


def dictionary():
    """The data dictionary as one table: a row per column of every processed table."""
    import pandas as pd

    return pd.DataFrame(
        [
            {"table": t.name, "column": c.name, "type": c.dtype, "nullable": c.nullable, "unit": c.unit,
             "allowed": c.allowed, "meaning": c.description, "raw table": c.raw_table, "raw column": c.raw_column,
             "report section": t.section}
            for t in tables().values()
            for c in t.columns
        ]
    )  # fmt: skip


def lookup(filename: str, key: str, value: str) -> dict[str, str]:
    """A small metadata mapping, e.g. lookup('status_marks.csv', 'mark', 'status')."""
    return {row[key]: row[value] for row in _read(filename)}


def rows(filename: str) -> list[dict[str, str]]:
    return _read(filename)
