"""Defects of the text conversion of the PDF, told apart from what the report prints.

The raw tables are a conversion of the PDF, not the report. In some rows the conversion dropped an
empty cell and padded the row at its end, so that the cells after the gap sit one column to the left
of where the report prints them. Such a row proves itself when a cell does not fit its column's kind
(a yes/no "Oui" in a count column, a date in a text column, a status mark out of place) and fits
only once an empty cell is put back in front of it.

- Each printed column of the five extracted tables has a kind (metadata/raw_cell_kinds.csv); each
  kind a pattern (cell_kinds.csv of the edition's layout).
- ``findings`` flags every row with a cell that does not fit, and lists the *readings* the row
  allows: every place for the dropped empty cell after which all cells fit.
- A row whose cells all fit as printed proves nothing and is never changed; ``suspects`` only names
  the rows that would also fit the same dropped cell as a proven row, so that a reader can weigh them.
- Where a proven row allows several readings, ``choose_by_totals`` picks, among those readings only,
  the combination whose column totals are closest to the total rows printed under the table.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from metropolis_report import editions, schema, wording

MAX_COMBINATIONS = 729  # 3 readings for each of 6 ambiguous rows: more would need a reviewed decision


class ConversionError(ValueError):
    """A row that no documented reading of the conversion can explain."""


@cache
def kind_patterns() -> dict[str, re.Pattern]:
    patterns = {}
    layout = editions.current()
    for row in schema.rows(layout.layout_name("cell_kinds.csv")):
        pattern = row["pattern"]
        if pattern.startswith("@"):  # a kind whose values are listed in another file of the layout
            values = [r["mark"] for r in schema.rows(layout.layout_name(pattern[1:]))]
            pattern = "|".join(re.escape(v) for v in values)
        patterns[row["kind"]] = re.compile(pattern)
    return patterns


@cache
def column_kinds(raw_table: str) -> dict[str, str]:
    kinds = {
        schema.raw_name(raw_table, r["raw_column"]): r["kind"]
        for r in schema.rows("raw_cell_kinds.csv")
        if r["raw_table"] == raw_table
    }
    if not kinds:
        raise KeyError(f"no cell kinds for the raw table {raw_table!r} in metadata/raw_cell_kinds.csv")
    unknown = sorted(set(kinds.values()) - set(kind_patterns()))
    if unknown:
        raise KeyError(f"metadata/raw_cell_kinds.csv uses kinds not defined in cell_kinds.csv: {unknown}")
    return kinds


def fits(kind: str, value: str) -> bool:
    return kind_patterns()[kind].fullmatch(value) is not None


def misfits(kinds: list[str], cells: list[str]) -> list[int]:
    """Positions of the cells that do not fit their column's kind."""
    return [i for i, (k, v) in enumerate(zip(kinds, cells)) if not fits(k, v)]


@dataclass(frozen=True)
class Reading:
    dropped_at: str  # the column whose empty cell the conversion dropped
    cells: tuple[str, ...]  # the row restored under this reading


@dataclass
class Finding:
    raw_table: str
    index: int  # row position in the raw table
    source_line: int
    row_key: str  # the first printed cell (member name, date, code…)
    raw_cells: tuple[str, ...]
    misfit_columns: list[str]
    readings: list[Reading]
    chosen: Reading | None = None
    basis: str = ""
    alternatives: list[dict] = field(default_factory=list)  # what each reading outside the admissible ones would change
    kind: str = "proven"  # proven: a cell does not fit as printed; suspect: fits as printed and also fits a shift
    vetoed: dict = field(default_factory=dict)  # reading -> printed total cells it would make worse
    candidates: list = field(default_factory=list)  # readings that pass the veto (a suspect: all, as printed first)
    report_cell: bool = False  # a proven row that every reading would make worse: kept as printed
    admissible: dict = field(default_factory=dict)  # reading -> names of the admissible combinations it is in
    deciding: list = field(default_factory=list)  # printed total cells whose value differs between its readings
    unweighed: bool = False  # a suspect row left as printed because too many rows fit the same shift

    @property
    def ambiguous(self) -> bool:
        return len(self.admissible) > 1


def shifted(cells: tuple[str, ...], at: int) -> tuple[str, ...] | None:
    """The row with an empty cell put back at ``at`` (None if the row does not end with an empty cell)."""
    if cells[-1] != "":
        return None
    return cells[:at] + ("",) + cells[at:-1]


def readings(columns: list[str], kinds: list[str], cells: tuple[str, ...]) -> list[Reading]:
    """Every place for a dropped empty cell after which every cell of the row fits its column."""
    found = []
    for at in range(1, len(cells)):  # the first cell names the row; a gap before it would leave it blank
        restored = shifted(cells, at)
        if restored is not None and restored != cells and not misfits(kinds, list(restored)):
            # a gap put back anywhere in a run of blank cells gives the same row: it is named after the
            # last blank of the run, next to the cells it moves
            found = [r for r in found if r.cells != restored] + [Reading(columns[at], restored)]
    return found


def printed_columns(raw_table: str) -> list[str]:
    return list(column_kinds(raw_table))


FREE_TEXT_KINDS = {"member_name", "text", "optional_text"}


def misplaced_only(f: Finding) -> bool:
    """Every cell of the row that does not fit its column fits another column of the table (a yes/no where a
    count belongs, a count where a mark belongs): a value the table prints, in the wrong place. A cell that
    fits no column of its table ('deux', '-1', 'soon') is not a misplaced value but corrupted input."""
    columns = printed_columns(f.raw_table)
    # the kinds of the table's value columns: not its row key, and not free text (any word fits it)
    kinds = {column_kinds(f.raw_table)[c] for c in columns[1:]} - FREE_TEXT_KINDS
    return all(any(fits(k, f.raw_cells[columns.index(c)]) for k in kinds) for c in f.misfit_columns)


def findings(raw_table: str, raw: pd.DataFrame) -> list[Finding]:
    """Rows whose cells do not all fit their columns as printed, with the readings each row allows."""
    columns = printed_columns(raw_table)
    kinds = [column_kinds(raw_table)[c] for c in columns]
    out = []
    for index, record in enumerate(raw[columns + ["source_line"]].itertuples(index=False)):
        cells = tuple(record[:-1])
        bad = misfits(kinds, list(cells))
        if bad:
            out.append(
                Finding(
                    raw_table,
                    index,
                    int(record[-1]),
                    cells[0],
                    cells,
                    [columns[i] for i in bad],
                    readings(columns, kinds, cells),
                )
            )
    return out


def suspects(raw_table: str, raw: pd.DataFrame, dropped_at: str) -> list[tuple[int, str, tuple, tuple]]:
    """Rows that fit as printed but would also fit the same dropped cell and then read differently.

    They prove nothing and are never changed: (source_line, row_key, printed cells, cells if shifted).
    """
    columns = printed_columns(raw_table)
    kinds = [column_kinds(raw_table)[c] for c in columns]
    at = columns.index(dropped_at)
    out = []
    for record in raw[columns + ["source_line"]].itertuples(index=False):
        cells = tuple(record[:-1])
        restored = shifted(cells, at)
        if (
            restored is not None
            and restored != cells
            and not misfits(kinds, list(cells))
            and not misfits(kinds, list(restored))
        ):
            out.append((int(record[-1]), cells[0], cells, restored))
    return out


def column_totals(raw_table: str, rows: list[tuple[str, ...]]) -> dict[tuple[str, str], int]:
    """(the layout's total_members | total_sum label, column) -> members with a non-blank cell | sum of the counts."""
    members_label, sum_label = wording.current().total_labels()
    columns = printed_columns(raw_table)
    kinds = column_kinds(raw_table)
    totals = {}
    for i, column in enumerate(columns[1:], 1):
        values = [r[i] for r in rows]
        totals[(members_label, column)] = sum(1 for v in values if v not in ("", "0"))
        if kinds[column] == "year":  # the report counts the members of its latest year (claims: under a definition)
            years = [v for v in values if fits("year", v) and v]
            totals[(members_label, column)] = sum(1 for v in values if years and v == max(years))
        if kinds[column] == "count":
            totals[(sum_label, column)] = sum(int(v) for v in values if v.isdigit())
    return totals


def printed_total_cells(totals_raw: pd.DataFrame) -> dict[tuple[str, str], int]:
    out = {}
    label = totals_raw.columns[0]  # the total row's label stands in the member-name column
    for record in totals_raw.to_dict("records"):
        for column, value in record.items():
            if column not in (label, "source_line") and value.isdigit():
                out[(record[label], column)] = int(value)
    return out


def describe(flagged: list[Finding]) -> str:
    """Each row with the cells that do not fit their columns."""
    parts = []
    for f in flagged:
        columns = printed_columns(f.raw_table)
        cells = ", ".join(f"{f.raw_cells[columns.index(c)]!r} in {c!r}" for c in f.misfit_columns)
        parts.append(f"line {f.source_line} ({f.row_key}): {cells}; {len(f.readings)} readings")
    return "; ".join(parts)


def total_label(key: tuple[str, str]) -> str:
    return f"{key[0]} of '{key[1]}'"


def table_totals(raw_table: str, rows: dict[int, tuple[str, ...]]) -> dict[tuple[str, str], int]:
    return column_totals(raw_table, [rows[i] for i in sorted(rows)])


def vetoed_by_totals(
    raw_table: str, base: dict[int, tuple[str, ...]], f: Finding, reading: Reading, printed: dict
) -> list[tuple[str, str]]:
    """The printed total cells that ``reading`` of row ``f`` matches worse than the row as printed does
    (every other row as printed). A reading that makes any printed total of its table worse is not restored."""
    without = table_totals(raw_table, base)
    with_ = table_totals(raw_table, {**base, f.index: reading.cells})
    return [k for k in printed if abs(with_[k] - printed[k]) > abs(without[k] - printed[k])]


def best_everywhere(raw_table, base, proven, suspects, printed, columns) -> list[dict]:
    """The rows under every combination at the smallest distance to the printed totals over every reading of every
    row (a suspect row's readings include the row as printed; a proven row is never read as printed here, that is
    what the veto decides): the veto judges a reading against each of them. Empty when there are too many
    combinations to weigh."""
    options = [list(f.readings) for f in proven + suspects]
    rows = proven + suspects
    if not rows or math.prod(len(o) for o in options) > MAX_COMBINATIONS:
        return []
    touched = {
        columns[j]
        for f, o in zip(rows, options)
        for r in o
        for j in range(len(columns))
        if r.cells[j] != f.raw_cells[j]
    }
    cells = [key for key in printed if key[1] in touched]
    scored = []
    for combo in itertools.product(*options):
        totals = table_totals(raw_table, {**base, **{f.index: r.cells for f, r in zip(rows, combo)}})
        scored.append((combo, sum(abs(totals[k] - printed[k]) for k in cells)))
    best = min(d for _, d in scored)
    return [{**base, **{f.index: r.cells for f, r in zip(rows, combo)}} for combo, d in scored if d == best]


def restored_frame(raw_table: str, raw: pd.DataFrame, found: list[Finding]) -> pd.DataFrame:
    """The raw table with every flagged row replaced by its chosen reading (a copy; the raw CSV is untouched)."""
    columns = printed_columns(raw_table)
    out = raw.copy()
    for f in found:
        if f.chosen is not None:
            out.loc[out.index[f.index], columns] = list(f.chosen.cells)
    return out


def require_fit(raw_table: str, found: list[Finding]) -> None:
    """Stop on a row that does not fit its columns and that no dropped empty cell explains.

    Called after the cleaning has parsed the table, so that its own, more specific message comes first."""
    meanings = {r["kind"]: r["meaning"] for r in schema.rows(editions.current().layout_name("cell_kinds.csv"))}
    for f in found:
        if f.chosen is None and not f.report_cell:
            columns = printed_columns(raw_table)
            cells = "; ".join(
                f"{c!r} = {f.raw_cells[columns.index(c)]!r} is not {meanings[column_kinds(raw_table)[c]]}"
                for c in f.misfit_columns
            )
            raise ConversionError(
                f"{raw_table}, line {f.source_line}: {cells} (metadata/raw_cell_kinds.csv), and no "
                "dropped empty cell of the text conversion explains it"
            )


CELL_SEPARATOR = " | "


def cells_text(cells: tuple[str, ...]) -> str:
    """A row's cells as one text (conversion_readings.printed_row / reading_row, corrections.raw_cells)."""
    return CELL_SEPARATOR.join(cells)


def changed_cells(raw_table: str, printed_row: str, reading_row: str) -> dict[str, tuple[str, str]]:
    """raw column -> (printed, under the reading) for the cells a reading moves."""
    pairs = zip(printed_columns(raw_table), printed_row.split(CELL_SEPARATOR), reading_row.split(CELL_SEPARATOR))
    return {column: (old, new) for column, old, new in pairs if old != new}
