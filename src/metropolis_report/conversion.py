"""Defects of the text conversion of the PDF, told apart from what the report prints.

The raw tables are a conversion of the PDF, not the report. In some rows the conversion dropped an
empty cell and padded the row at its end, so that the cells after the gap sit one column to the left
of where the report prints them. Such a row proves itself when a cell does not fit its column's kind
(a yes/no "Oui" in a count column, a date in a text column, a status mark out of place) and fits
only once an empty cell is put back in front of it.

- Each printed column of the five extracted tables has a kind (metadata/raw_cell_kinds.csv); each
  kind a pattern (metadata/cell_kinds.csv).
- ``findings`` flags every row with a cell that does not fit, and lists the *readings* the row
  allows: every place for the dropped empty cell after which all cells fit.
- A row whose cells all fit as printed proves nothing and is never changed; ``suspects`` only names
  the rows that would also fit the same dropped cell as a proven row, so that a reader can weigh them.
- Where a proven row allows several readings, ``choose_by_totals`` picks, among those readings only,
  the combination whose column totals are closest to the total rows printed under the table.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from . import schema

MAX_COMBINATIONS = 729  # 3 readings for each of 6 ambiguous rows: more would need a reviewed decision


class ConversionError(ValueError):
    """A row that no documented reading of the conversion can explain."""


@cache
def kind_patterns() -> dict[str, re.Pattern]:
    patterns = {}
    for row in schema.rows("cell_kinds.csv"):
        pattern = row["pattern"]
        if pattern.startswith("@"):  # a kind whose values are listed in another metadata table
            values = [r["mark"] for r in schema.rows(pattern[1:])]
            pattern = "|".join(re.escape(v) for v in values)
        patterns[row["kind"]] = re.compile(pattern)
    return patterns


@cache
def column_kinds(raw_table: str) -> dict[str, str]:
    kinds = {r["raw_column"]: r["kind"] for r in schema.rows("raw_cell_kinds.csv") if r["raw_table"] == raw_table}
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
    alternatives: list[dict] = field(default_factory=list)  # what each other reading would change


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


# --------------------------------------------------------------------------- totals


def column_totals(raw_table: str, rows: list[tuple[str, ...]]) -> dict[tuple[str, str], int]:
    """('Total membres' | 'Total', column) -> members with a non-blank cell | sum of the counts."""
    columns = printed_columns(raw_table)
    kinds = column_kinds(raw_table)
    totals = {}
    for i, column in enumerate(columns[1:], 1):
        values = [r[i] for r in rows]
        totals[("Total membres", column)] = sum(1 for v in values if v not in ("", "0"))
        if kinds[column] == "count":
            totals[("Total", column)] = sum(int(v) for v in values if v.isdigit())
    return totals


def printed_total_cells(totals_raw: pd.DataFrame) -> dict[tuple[str, str], int]:
    out = {}
    for record in totals_raw.to_dict("records"):
        for column, value in record.items():
            if column not in ("MEMBRE", "source_line") and value.isdigit():
                out[(record["MEMBRE"], column)] = int(value)
    return out


def describe(flagged: list[Finding]) -> str:
    """Each row with the cells that do not fit their columns."""
    parts = []
    for f in flagged:
        columns = printed_columns(f.raw_table)
        cells = ", ".join(f"{f.raw_cells[columns.index(c)]!r} in {c!r}" for c in f.misfit_columns)
        parts.append(f"line {f.source_line} ({f.row_key}): {cells}; {len(f.readings)} readings")
    return "; ".join(parts)


def choose_by_totals(
    raw_table: str,
    raw: pd.DataFrame,
    ambiguous: list[Finding],
    totals_raw: pd.DataFrame,
    fixed: dict[int, tuple[str, ...]],
) -> None:
    """Pick, among the readings each row allows, the combination closest to the printed totals.

    Distance: the sum of |computed − printed| over every printed total cell of a column that any
    reading touches. Sets ``chosen``, ``basis`` and ``alternatives`` on each finding; a tie stops.
    """
    columns = printed_columns(raw_table)
    base = {i: tuple(r) for i, r in enumerate(raw[columns].itertuples(index=False))}
    base.update(fixed)
    printed = printed_total_cells(totals_raw)
    touched = sorted(
        {columns[j] for f in ambiguous for r in f.readings for j in range(len(columns)) if r.cells[j] != f.raw_cells[j]}
    )
    cells = [key for key in printed if key[1] in touched]
    combos = list(itertools.product(*(f.readings for f in ambiguous)))
    if len(combos) > MAX_COMBINATIONS:
        raise ConversionError(
            f"{raw_table}: {len(ambiguous)} rows allow {len(combos)} combinations of readings, "
            f"too many to choose by the printed totals: {describe(ambiguous)}"
        )

    def scored(combo) -> tuple[int, dict]:
        rows = dict(base)
        for f, r in zip(ambiguous, combo):
            rows[f.index] = r.cells
        totals = column_totals(raw_table, [rows[i] for i in sorted(rows)])
        return sum(abs(totals[k] - printed[k]) for k in cells), {k: totals[k] for k in cells}

    results = [(combo, *scored(combo)) for combo in combos]
    best = min(d for _, d, _ in results)
    winners = [r for r in results if r[1] == best]
    if len(winners) > 1:
        raise ConversionError(
            f"{raw_table}: {len(winners)} combinations of readings are equally close to the printed "
            f"totals, so the rows cannot be restored without a reviewed decision: {describe(ambiguous)}"
        )
    combo, distance, totals = winners[0]
    for f, r in zip(ambiguous, combo):
        f.chosen = r
        f.basis = (
            f"the row allows {len(f.readings)} readings (dropped cell in: "
            f"{'; '.join(x.dropped_at for x in f.readings)}); chosen among them only: the combination whose "
            f"totals are closest to the printed total rows (distance {distance} over {len(cells)} printed "
            "total cells)"
        )
        for other in f.readings:
            if other == r:
                continue
            alt = [
                res
                for res in results
                if all(x == (other if g is f else c) for g, x, c in zip(ambiguous, res[0], combo))
            ][0]
            changes = {k: (totals[k], alt[2][k]) for k in cells if alt[2][k] != totals[k]}
            f.alternatives.append(
                {"reading": other, "distance": alt[1], "changes": changes, "printed": {k: printed[k] for k in changes}}
            )


def resolve(raw_table: str, raw: pd.DataFrame, totals_raw: pd.DataFrame | None = None) -> list[Finding]:
    """Every flagged row of a raw table with its chosen reading (or ConversionError)."""
    found = findings(raw_table, raw)
    fixed, ambiguous = {}, []
    for f in found:
        if not f.readings:
            continue  # not a conversion defect: the cleaning names the cell (see require_fit)
        if len(f.readings) == 1:
            f.chosen, f.basis = f.readings[0], "the only reading the row allows"
            fixed[f.index] = f.chosen.cells
        else:
            ambiguous.append(f)
    if any(not f.readings for f in found):
        return found  # an unexplained row makes every total unreliable: the cleaning stops on its cell
    if ambiguous:
        if totals_raw is None:
            raise ConversionError(
                f"{raw_table}: rows {[f.source_line for f in ambiguous]} allow several readings "
                "and the table prints no totals to choose between them"
            )
        choose_by_totals(raw_table, raw, ambiguous, totals_raw, fixed)
    return found


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
    meanings = {r["kind"]: r["meaning"] for r in schema.rows("cell_kinds.csv")}
    for f in found:
        if f.chosen is None:
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


def readings_table(found: list[Finding], suspected: list[tuple[str, list]], key_of) -> pd.DataFrame:
    """conversion_readings: every reading of every flagged row, and the rows that fit a proven shift."""
    rows = []
    for f in found:
        for n, r in enumerate(f.readings, 1):
            alt = next((a for a in f.alternatives if a["reading"] == r), None)
            effect = ""
            if alt:
                effect = "; ".join(
                    f"{label} of '{col}': {now} -> {then} (printed {alt['printed'][(label, col)]})"
                    for (label, col), (now, then) in alt["changes"].items()
                )
            rows.append(
                {
                    "reading_id": f"{f.raw_table}:{f.source_line}:{n}",
                    "raw_table": f.raw_table,
                    "row_key": key_of(f.raw_table, f.row_key),
                    "printed_row": cells_text(f.raw_cells),
                    "misfit_columns": "; ".join(f.misfit_columns),
                    "dropped_at": r.dropped_at,
                    "reading_row": cells_text(r.cells),
                    "status": "applied" if r == f.chosen else "alternative",
                    "basis": f.basis,
                    "effect_if_chosen": effect,
                    "source_line": f.source_line,
                }
            )
    for raw_table, items in suspected:
        for dropped_at, line, key, cells, restored, proven in items:
            rows.append(
                {
                    "reading_id": f"{raw_table}:{line}:suspect",
                    "raw_table": raw_table,
                    "row_key": key_of(raw_table, key),
                    "printed_row": cells_text(cells),
                    "misfit_columns": "",
                    "dropped_at": dropped_at,
                    "reading_row": cells_text(restored),
                    "status": "not_applied",
                    "basis": f"every cell fits its column as printed, so the row proves nothing and is not changed; the "
                    f"same dropped cell as in the proven row(s) {proven} would also fit it",
                    "effect_if_chosen": "",
                    "source_line": line,
                }
            )
    return pd.DataFrame(rows, columns=schema.table("conversion_readings").column_names)
