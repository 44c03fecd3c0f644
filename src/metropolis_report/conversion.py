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
import math
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
        if kinds[column] == "year":  # the report counts the members of its latest year (claims: under a definition)
            years = [v for v in values if fits("year", v) and v]
            totals[("Total membres", column)] = sum(1 for v in values if years and v == max(years))
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


def total_label(key: tuple[str, str]) -> str:
    return f"{key[0]} of '{key[1]}'"


def _totals(raw_table: str, rows: dict[int, tuple[str, ...]]) -> dict[tuple[str, str], int]:
    return column_totals(raw_table, [rows[i] for i in sorted(rows)])


def vetoed_by_totals(
    raw_table: str, base: dict[int, tuple[str, ...]], f: Finding, reading: Reading, printed: dict
) -> list[tuple[str, str]]:
    """The printed total cells that ``reading`` of row ``f`` matches worse than the row as printed does
    (every other row as printed). A reading that makes any printed total of its table worse is not restored."""
    without = _totals(raw_table, base)
    with_ = _totals(raw_table, {**base, f.index: reading.cells})
    return [k for k in printed if abs(with_[k] - printed[k]) > abs(without[k] - printed[k])]


def combination_names(n: int) -> list[str]:
    """A, B, … Z, AA, AB, …: the names of the admissible combinations of readings of one table."""
    names = []
    for i in range(n):
        name, k = "", i
        while True:
            name = chr(ord("A") + k % 26) + name
            k = k // 26 - 1
            if k < 0:
                break
        names.append(name)
    return names


def suspect_findings(raw_table: str, raw: pd.DataFrame, proven: list[Finding], dropped: list[str]) -> list[Finding]:
    """Rows that fit as printed and also fit a dropped cell that a proven row of the table allows: each is a
    finding of kind ``suspect`` whose first reading is the row as printed."""
    columns = printed_columns(raw_table)
    kinds = [column_kinds(raw_table)[c] for c in columns]
    taken = {f.index for f in proven}
    out: dict[int, Finding] = {}
    for at_name in dropped:
        at = columns.index(at_name)
        for index, record in enumerate(raw[columns + ["source_line"]].itertuples(index=False)):
            cells = tuple(record[:-1])
            restored = shifted(cells, at)
            if (
                index in taken
                or restored is None
                or restored == cells
                or misfits(kinds, list(cells))
                or misfits(kinds, list(restored))
            ):
                continue
            f = out.setdefault(
                index,
                Finding(raw_table, index, int(record[-1]), cells[0], cells, [], [Reading("", cells)], kind="suspect"),
            )
            if all(r.cells != restored for r in f.readings):
                f.readings.append(Reading(at_name, restored))
    return [out[i] for i in sorted(out)]


MAX_PASSES = 4  # the veto is re-judged against the other rows' weighed readings until it no longer changes


def _weigh(raw_table, base, proven, suspects, printed, columns):
    """Every combination of the candidate readings, scored against the printed totals; the admissible ones."""
    for f in suspects:
        f.candidates, f.unweighed = list(f.readings), False
    found = proven + suspects
    while math.prod(len(f.candidates) for f in found if f.candidates) > MAX_COMBINATIONS:
        # too many rows fit one proven shift to weigh every combination: the rows of the most common shift stay
        # as printed, unweighed
        by_shift: dict[str, list[Finding]] = {}
        for f in suspects:
            for r in f.candidates[1:]:
                by_shift.setdefault(r.dropped_at, []).append(f)
        if not by_shift:
            break
        shift, rows_ = max(by_shift.items(), key=lambda item: len(item[1]))
        for f in rows_:
            f.candidates = [r for r in f.candidates if r.dropped_at != shift]
            f.unweighed = True
    rows = [f for f in found if f.candidates]
    touched = sorted(
        {columns[j] for f in rows for r in f.candidates for j in range(len(columns)) if r.cells[j] != f.raw_cells[j]}
    )
    # a column where the report prints a cell that is not of its kind cannot weigh readings: its total is unknown
    unknown = {c for f in proven if f.report_cell for c in f.misfit_columns}
    cells = [key for key in printed if key[1] in touched and key[1] not in unknown]
    n_combos = math.prod(len(f.candidates) for f in rows)
    if n_combos > MAX_COMBINATIONS:
        raise ConversionError(
            f"{raw_table}: {len(rows)} rows allow {n_combos} combinations of readings, "
            f"too many to weigh against the printed totals: {describe(rows)}"
        )
    results = []
    for combo in itertools.product(*(f.candidates for f in rows)):
        current = {**base, **{f.index: r.cells for f, r in zip(rows, combo)}}
        totals = _totals(raw_table, current)
        results.append((combo, sum(abs(totals[k] - printed[k]) for k in cells), totals))
    best = min(d for _, d, _ in results)
    admissible = [r for r in results if r[1] == best]
    return rows, cells, best, results, admissible


def _best_everywhere(raw_table, base, proven, suspects, printed, columns) -> list[dict]:
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
        totals = _totals(raw_table, {**base, **{f.index: r.cells for f, r in zip(rows, combo)}})
        scored.append((combo, sum(abs(totals[k] - printed[k]) for k in cells)))
    best = min(d for _, d in scored)
    return [{**base, **{f.index: r.cells for f, r in zip(rows, combo)}} for combo, d in scored if d == best]


def choose_by_totals(raw_table: str, raw: pd.DataFrame, found: list[Finding], totals_raw: pd.DataFrame) -> None:
    """The readings the printed totals admit, for the proven and the suspect rows of one table.

    1. Veto: a reading of a proven row is a candidate only if, with it, every printed total cell of the table
       matches at least as well as with the row as printed, column by column, against the other rows as printed
       and against the other rows under every combination at the smallest distance over every reading of every
       row, scored on every printed total cell of the columns they touch: a reading of any
       best combination is judged beside the rows it belongs with, and never vetoed. A reading is vetoed only if
       it makes a total worse against all of them. Where there are too many combinations to score them all, the
       reference is the first admissible combination of step 2, re-judged until nothing changes. A proven row
       with no candidate is kept as printed: its cells are suspect cells of the report (``report_cell``).
    2. Choice: every combination of the candidates (a suspect row: as printed, or shifted like a proven
       row) is scored by the sum of |computed − printed| over the printed total cells of the columns any
       candidate touches. The combinations at the smallest distance are *admissible*, named A, B, …;
       there may be several: then the totals cannot decide, and the rows they differ in are ambiguous.
    3. Credit: for each row, the printed total cells whose value differs between the row's readings
       (``deciding``) — only those took part in choosing its reading.
    """
    columns = printed_columns(raw_table)
    base = {i: tuple(r) for i, r in enumerate(raw[columns].itertuples(index=False))}
    printed = printed_total_cells(totals_raw)
    proven = [f for f in found if f.kind == "proven"]
    suspects = [f for f in found if f.kind == "suspect"]
    best_everywhere = _best_everywhere(raw_table, base, proven, suspects, printed, columns)
    references: list[dict[int, tuple[str, ...]]] = []  # the rows under each admissible combination
    judged_against: list[dict[int, tuple[str, ...]]] = []
    weighed = None
    for _ in range(MAX_PASSES):
        for f in proven:
            # vetoed only if worse against the rows as printed and against every admissible combination of the others
            judged = f.readings if weighed is None else list(f.vetoed)
            vetoed = {}
            for r in judged:
                worse = vetoed_by_totals(raw_table, base, f, r, printed)
                against = [
                    vetoed_by_totals(raw_table, {**ref, f.index: base[f.index]}, f, r, printed)
                    for ref in (best_everywhere or judged_against)
                ]
                if worse and all(against):
                    vetoed[r] = against[0] if against else worse  # named against the rows it belongs with
            f.vetoed = vetoed
            f.candidates = [r for r in f.readings if r not in f.vetoed]
            f.report_cell = not f.candidates
        state = [tuple(f.candidates) for f in proven]
        if state == weighed:
            break
        rows, cells, best, results, admissible = _weigh(raw_table, base, proven, suspects, printed, columns)
        weighed = state
        references = [{**base, **{f.index: r.cells for f, r in zip(rows, combo)}} for combo, _, _ in admissible]
        judged_against = references[:1]  # the admissible combinations ignore the columns of a report cell
    names = combination_names(len(admissible))
    reference = references[0]
    for f in found:
        f.admissible = {}
        if f.candidates:
            k = rows.index(f)
            for name, (combo, _, _) in zip(names, admissible):
                f.admissible.setdefault(combo[k], []).append(name)
        values = [_totals(raw_table, {**reference, f.index: r.cells}) for r in f.readings]
        f.deciding = [key for key in printed if len({v[key] for v in values}) > 1]
        now = _totals(raw_table, reference)
        for other, then in zip(f.readings, values):
            if other in f.admissible:
                continue
            changes = {key: (now[key], then[key]) for key in printed if then[key] != now[key]}
            f.alternatives.append(
                {"reading": other, "changes": changes, "printed": {key: printed[key] for key in changes}}
            )
        ambiguity = (
            f"{len(admissible)} combinations of readings of the table are equally close to the printed totals "
            f"(distance {best} over {len(cells)} printed total cells), so the data cannot decide"
        )
        if f.kind == "suspect":
            f.chosen = f.readings[0]
            if len(f.admissible) > 1:
                f.basis = (
                    f"every cell fits its column as printed; the same dropped cell as in a proven row would also "
                    f"fit it; {ambiguity}: the row is read as printed in combination(s) "
                    f"{', '.join(f.admissible.get(f.readings[0], [])) or 'none'} and shifted in the others; the "
                    "published table keeps it as printed and flags the cells that differ"
                )
            elif f.unweighed:
                f.basis = (
                    "every cell fits its column as printed, so the row proves nothing and is not changed; the same "
                    "dropped cell as in a proven row would also fit it, as it fits too many rows of the table to weigh "
                    f"every combination (more than {MAX_COMBINATIONS}), so these rows are not weighed"
                )
            else:
                f.basis = (
                    "every cell fits its column as printed, so the row proves nothing and is not changed; the "
                    "same dropped cell as in a proven row would also fit it"
                    + (
                        ", and the printed totals admit only that reading: the published table keeps the row as "
                        "printed and flags the cells that differ"
                        if f.readings[0] not in f.admissible
                        else ""
                    )
                )
        elif f.report_cell:
            f.chosen = None
            f.basis = (
                "every reading the row allows makes a printed total of the table worse than the row as printed ("
                + "; ".join(
                    f"dropped cell in '{r.dropped_at}': {', '.join(total_label(k) for k in v)}"
                    for r, v in f.vetoed.items()
                )
                + "); the row is not restored and its cell(s) of "
                + ", ".join(f"'{c}'" for c in f.misfit_columns)
                + " are suspect cells of the report"
            )
        else:
            f.chosen = next(r for r in f.readings if r in f.admissible)
            vetoed = (
                f"; {len(f.vetoed)} reading(s) would make a printed total worse than the row as printed"
                if f.vetoed
                else ""
            )
            if len(f.readings) == 1:
                f.basis = "the only reading the row allows; it makes no printed total of the table worse"
            elif len(f.admissible) == 1:
                f.basis = (
                    f"the row allows {len(f.readings)} readings (dropped cell in: "
                    f"{'; '.join(x.dropped_at for x in f.readings)}){vetoed}; chosen among them only: the "
                    f"combination closest to the printed total rows (distance {best} over {len(cells)} printed "
                    "total cells)"
                )
            else:
                f.basis = (
                    f"the row allows {len(f.readings)} readings (dropped cell in: "
                    f"{'; '.join(x.dropped_at for x in f.readings)}){vetoed}; {ambiguity}: the published table "
                    f"uses the reading of combination {f.admissible[f.chosen][0]} and flags the cells that differ"
                )


def resolve(raw_table: str, raw: pd.DataFrame, totals_raw: pd.DataFrame | None = None) -> list[Finding]:
    """Every flagged row of a raw table with its readings, and (where the table prints totals) the rows that
    fit as printed but would fit a proven row's dropped cell too, with the readings the totals admit.

    Only a table without totals stops on a row with several readings (there is nothing to weigh them by);
    a tie between readings never stops: the rows it touches become ambiguous."""
    found = findings(raw_table, raw)
    if any(not f.readings for f in found):
        return found  # an unexplained row makes every total unreliable: the cleaning stops on its cell
    if totals_raw is None:
        for f in found:
            if len(f.readings) > 1:
                raise ConversionError(
                    f"{raw_table}: row {f.source_line} allows several readings "
                    "and the table prints no totals to choose between them"
                )
            f.chosen, f.basis = f.readings[0], "the only reading the row allows"
            f.admissible = {f.chosen: ["A"]}
        dropped = sorted({f.chosen.dropped_at for f in found})
        for s in suspect_findings(raw_table, raw, found, dropped):
            s.chosen, s.admissible = s.readings[0], {s.readings[0]: ["A"]}
            s.basis = (
                "every cell fits its column as printed, so the row proves nothing and is not changed; the same "
                "dropped cell as in a proven row would also fit it"
            )
            found.append(s)
        return found
    if not found:
        return found
    printed = printed_total_cells(totals_raw)
    columns = printed_columns(raw_table)
    base = {i: tuple(r) for i, r in enumerate(raw[columns].itertuples(index=False))}
    dropped = sorted(
        {r.dropped_at for f in found for r in f.readings if not vetoed_by_totals(raw_table, base, f, r, printed)}
    )
    found = found + suspect_findings(raw_table, raw, found, dropped)
    choose_by_totals(raw_table, raw, found, totals_raw)
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


def reading_status(f: Finding, r: Reading, names: set[str]) -> str:
    """What the published table does with reading ``r`` of row ``f`` (see columns.csv, conversion_readings.status)."""
    inside = set(f.admissible.get(r, []))
    if f.kind == "suspect":
        printed = r == f.readings[0]
        if not inside:
            return "alternative" if printed else "not_applied"
        if inside != names:
            return "ambiguous"
        return "as_printed" if printed else "required"
    if r in f.vetoed:
        return "vetoed"
    if not inside:
        return "alternative"
    return "applied" if inside == names else "ambiguous"


def readings_table(found: list[Finding], key_of) -> pd.DataFrame:
    """conversion_readings: every reading of every flagged row, the rows that fit a proven shift (as printed
    and shifted), and the admissible combinations each reading belongs to."""
    rows = []
    names = {n for f in found for ns in f.admissible.values() for n in ns}

    def record(f: Finding, suffix: str, r: Reading, status: str) -> dict:
        alt = next((a for a in f.alternatives if a["reading"] == r), None)
        effect = ""
        if alt:
            effect = "; ".join(
                f"{total_label(key)}: {now} -> {then} (printed {alt['printed'][key]})"
                for key, (now, then) in alt["changes"].items()
            )
        return {
            "reading_id": f"{f.raw_table}:{f.source_line}:{suffix}",
            "raw_table": f.raw_table,
            "row_key": key_of(f.raw_table, f.row_key),
            "printed_row": cells_text(f.raw_cells),
            "misfit_columns": "; ".join(f.misfit_columns),
            "dropped_at": r.dropped_at,
            "reading_row": cells_text(r.cells),
            "status": status,
            "combinations": "; ".join(f.admissible.get(r, [])),
            "totals_deciding": "; ".join(total_label(k) for k in f.deciding),
            "basis": f.basis,
            "effect_if_chosen": effect,
            "source_line": f.source_line,
        }

    for f in found:
        for n, r in enumerate(f.readings):
            if f.kind == "suspect":
                suffix = "printed" if n == 0 else ("suspect" if len(f.readings) == 2 else f"suspect{n}")
            else:
                suffix = str(n + 1)
            rows.append(record(f, suffix, r, reading_status(f, r, names)))
        if f.report_cell:
            printed = Reading("", f.raw_cells)
            f.admissible = {printed: sorted(names, key=lambda x: (len(x), x))}
            rows.append(record(f, "printed", printed, "report_cell"))
    return pd.DataFrame(rows, columns=schema.table("conversion_readings").column_names)


MEMBER_TABLES = ("members_engagement", "members_web_mentions")


def member_readings(members: pd.DataFrame, conversion_readings: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The members table under every admissible combination of readings of tables 4.1 and 4.2.

    ``members`` and ``conversion_readings`` are the processed tables. Where the printed totals cannot decide
    between the readings of some rows (conversion_readings.combinations lists the admissible combinations each
    reading belongs to), one members table per combination is returned, named by the combination of each table
    that has several (e.g. ``"A"``, ``"B"``; ``"A/B"`` when both tables have several). When nothing is
    ambiguous the result is ``{"A": members}``. Each table is ``members`` with the cells of every reading of
    the combination put in (parsed as the cleaning parses them); the published ``members`` is unchanged.
    A figure computed on every returned table and giving the same value does not depend on the readings.
    """
    from . import clean  # the cleaning parses cells; it imports this module

    readings = conversion_readings[
        conversion_readings["raw_table"].isin(MEMBER_TABLES) & conversion_readings["combinations"].fillna("").ne("")
    ]
    per_table = {}
    for table in MEMBER_TABLES:
        rows = readings[readings["raw_table"] == table]
        found = sorted({n for s in rows["combinations"] for n in s.split("; ")}, key=lambda x: (len(x), x))
        if any(set(s.split("; ")) != set(found) for s in rows["combinations"]):  # some row reads differently
            per_table[table] = (found, rows)
    if not per_table:
        return {"A": members.copy()}
    out = {}
    for combo in itertools.product(*(names for names, _ in per_table.values())):
        table = members.copy()
        for (raw_table, (_, rows)), name in zip(per_table.items(), combo):
            for r in rows.itertuples():
                if name not in r.combinations.split("; "):
                    continue
                unread = set(str(r.misfit_columns).split("; ")) if r.status == "report_cell" else ()
                values = clean.parse_member_row(raw_table, r.reading_row.split(CELL_SEPARATOR), r.source_line, unread)
                where = table["member_id"] == r.row_key
                for column, value in values.items():
                    if column in table.columns:
                        table.loc[where, column] = value
        out["/".join(combo)] = table
    return out
