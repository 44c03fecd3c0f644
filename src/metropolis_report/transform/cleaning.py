"""What every cleaning step shares: reading the raw tables, the corrections made on the way, the restored
rows of the text conversion.

Every raw cell either parses under the rule of its column, is changed by a documented correction
rule (metadata/correction_rules.csv, recorded in the corrections table), or stops the build with a
CleaningError that names the file, column, line and value. Nothing is coerced silently and no cell
is ever changed to make a printed total come out right.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pandas as pd

from metropolis_report import schema, wording
from metropolis_report.extract import tables
from metropolis_report.transform import ambiguity, conversion


class CleaningError(ValueError):
    """A raw table that cannot be cleaned without guessing."""


# columns whose cells are free text as printed, where markup of the conversion may stand (layout keys)
TEXT_KEYS = {"title", "text"}


def raw_columns() -> dict[str, list[str]]:
    """Every raw CSV with its exact columns (as the running edition's layout names them)."""
    return tables.raw_columns(wording.current())


def raw_keys() -> dict[str, list[str]]:
    """Every raw CSV with its columns by their layout keys (the same for every edition)."""
    layout = wording.current()
    return {name: layout.keys(name) for name in raw_columns()}


def column(raw_table: str, key: str) -> str:
    """The raw CSV's name of the column of a layout key (headers.csv): the cleaning names columns by their keys."""
    return wording.current().column(raw_table, key)


_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")


def read_raw(raw_dir: Path, name: str) -> pd.DataFrame:
    """A raw CSV as text cells, after checking it can be read and has exactly its printed columns."""
    path = Path(raw_dir) / f"{name}.csv"
    expected = raw_columns()[name]
    if not path.exists():
        raise CleaningError(f"{name}: raw file {path} is missing; re-extract it with `make extract`")
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CleaningError(
            f"{name}: {path} is not valid UTF-8 (byte {err.start}: {data[err.start : err.start + 8]!r}); "
            "the raw layer is written in UTF-8 by the extractor"
        ) from err
    if not data.strip():
        raise CleaningError(f"{name}: {path} is empty (expected the header {expected})")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, ValueError) as err:
        raise CleaningError(f"{name}: {path} cannot be parsed as CSV: {err}") from err
    columns = list(df.columns)
    if columns != expected:
        missing = [c for c in expected if c not in columns]
        extra = [c for c in columns if c not in expected]
        detail = f"missing {missing}, unexpected {extra}" if missing or extra else "same columns in another order"
        raise CleaningError(
            f"{name}: columns differ from the printed header: {detail} (the header the layout declares: "
            f"{wording.current().where('headers.csv')}; re-extract with `make extract` after editing it)"
        )
    if df.empty:
        raise CleaningError(f"{name}: {path} has a header but no rows (truncated?)")
    for number, row in enumerate(csv.reader(io.StringIO(data.decode("utf-8"))), 1):
        if len(row) != len(expected):
            raise CleaningError(
                f"{name}: {path}: CSV line {number} has {len(row)} cells, the header has "
                f"{len(expected)} (truncated or shifted file?)"
            )
    bad_lines = df.loc[~df["source_line"].str.fullmatch(r"[1-9]\d*"), "source_line"]
    if not bad_lines.empty:
        raise CleaningError(f"{name}: column source_line holds non-line-numbers {bad_lines.tolist()[:5]}")
    for name_of_column, key in zip(columns, wording.current().keys(name)):
        marked = df.loc[df[name_of_column].str.contains(_MARKUP, regex=True), [name_of_column, "source_line"]]
        if not marked.empty and key not in TEXT_KEYS:
            first = marked.iloc[0]
            raise CleaningError(
                f"{name}: column {name_of_column!r}, line {first['source_line']}: markup "
                f"{first[name_of_column]!r} in a cell where only a printed value belongs"
            )
    return df


def read_keyed(raw_dir: Path, name: str) -> pd.DataFrame:
    """A raw CSV as :func:`read_raw` checks it, its columns renamed to the layout's keys (headers.csv)."""
    layout = wording.current()
    return read_raw(raw_dir, name).rename(columns=dict(zip(layout.columns(name), layout.keys(name))))


def cell_error(table: str, column: str, line: str, value: str, expected: str) -> CleaningError:
    return CleaningError(f"{table}: column {column!r}, line {line}: value {value!r} is not {expected}")


class Corrections:
    def __init__(self):
        self.rows: list[dict] = []
        self.rules = {row["rule"]: row for row in schema.rows("correction_rules.csv")}

    def add(
        self,
        rule: str,
        raw_table: str,
        raw_column: str,
        row_key: str,
        raw_value: str,
        corrected: str,
        line: str,
        raw_cells: str | None = None,
        restored_cells: str | None = None,
    ) -> None:
        if rule not in self.rules:
            raise KeyError(f"correction rule {rule!r} is not documented in metadata/correction_rules.csv")
        self.rows.append(
            {
                "correction_id": f"{raw_table}:{int(line)}:{raw_column}",
                "raw_table": raw_table,
                "raw_column": raw_column,
                "row_key": row_key,
                "raw_value": raw_value,
                "corrected_value": corrected,
                "rule": rule,
                "reason": self.rules[rule]["reason"],
                "raw_cells": raw_value if raw_cells is None else raw_cells,
                "restored_cells": corrected if restored_cells is None else restored_cells,
                "source_line": int(line),
            }
        )

    def add_conversion(self, found: list[conversion.Finding], key_of) -> None:
        """One correction per cell that a restored row changes, and one per suspect cell of the report that is
        typed as missing. Rows that fit as printed are never changed."""
        for f in found:
            if f.kind == "suspect":
                continue
            columns = conversion.printed_columns(f.raw_table)
            if f.report_cell:
                for column in f.misfit_columns:
                    if conversion.column_kinds(f.raw_table)[column] == "count":
                        self.add(
                            "report_cell_not_a_number",
                            f.raw_table,
                            column,
                            key_of(f.raw_table, f.row_key),
                            f.raw_cells[columns.index(column)],
                            None,
                            f.source_line,
                            conversion.cells_text(f.raw_cells),
                            conversion.cells_text(f.raw_cells),
                        )
                continue
            if f.chosen is None:
                continue
            rule = (
                "dropped_empty_cell"
                if len(f.readings) == 1
                else "dropped_empty_cell_ambiguous"
                if f.ambiguous
                else "dropped_empty_cell_by_totals"
            )
            for column, before, after in zip(columns, f.raw_cells, f.chosen.cells):
                if before != after:
                    self.add(
                        rule,
                        f.raw_table,
                        column,
                        key_of(f.raw_table, f.row_key),
                        before,
                        after,
                        f.source_line,
                        conversion.cells_text(f.raw_cells),
                        conversion.cells_text(f.chosen.cells),
                    )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=schema.table("corrections").column_names)


def restore_conversion(name: str, raw: pd.DataFrame, totals: pd.DataFrame | None = None):
    """The raw table with the rows that prove a conversion defect restored (a copy) and the findings: the
    proven rows, and the rows that would also fit a proven shift but prove nothing themselves (never changed
    in the copy; where the table prints totals, they are weighed as readings)."""
    try:
        found = ambiguity.resolve(name, raw, totals)
    except conversion.ConversionError as err:
        raise CleaningError(str(err)) from err
    return conversion.restored_frame(name, raw, found), found


def require_fit(name: str, found: list[conversion.Finding]) -> None:
    try:
        conversion.require_fit(name, found)
    except conversion.ConversionError as err:
        raise CleaningError(str(err)) from err


def mention(list_name, rank, printed, found, line) -> dict:
    return {
        "mention_id": f"{list_name}:{rank}",
        "list_name": list_name,
        "printed_name": printed,
        "member_id": found.member_id,
        "entity_id": found.entity_id,
        "resolved_by": found.resolved_by,
        "source_line": int(line),
    }


def parse_date(value: str, table: str, column: str, line: str) -> str | None:
    if value == "":
        return None
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", value)
    try:
        if not match:
            raise ValueError
        return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
    except ValueError:
        raise cell_error(table, column, line, value, "a date dd/mm/yyyy") from None


def first_cell_key(_table: str, printed: str) -> str:
    return printed
