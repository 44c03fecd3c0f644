"""The readings the printed totals admit: each combination of readings of a table scored against its total
rows; the ones at the smallest distance are admissible (A, B, …) and the rows they differ in are ambiguous.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from metropolis_report import schema
from metropolis_report.transform.conversion import (
    CELL_SEPARATOR,
    MAX_COMBINATIONS,
    ConversionError,
    Finding,
    Reading,
    best_everywhere,
    cells_text,
    column_kinds,
    describe,
    findings,
    misfits,
    misplaced_only,
    printed_columns,
    printed_total_cells,
    shifted,
    table_totals,
    total_label,
    vetoed_by_totals,
)

PUBLISHED = "A"  # the combination of readings the published table holds when the printed totals cannot decide


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
    # in the order of the rows' first cells (the members' names), not of their lines: the combinations, and so
    # which one is named A, do not depend on the order the report prints its rows in
    rows = sorted((f for f in found if f.candidates), key=lambda f: f.raw_cells[0])
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
        totals = table_totals(raw_table, current)
        results.append((combo, sum(abs(totals[k] - printed[k]) for k in cells), totals))
    best = min(d for _, d, _ in results)
    admissible = [r for r in results if r[1] == best]
    return rows, cells, best, results, admissible


def _weighable(printed: dict, found: list[Finding]) -> dict:
    """The printed total cells that can weigh readings: not those of a column where a row prints a cell that no
    dropped cell explains (its total is unknown, the cell being a suspect cell of the report)."""
    unknown = {
        c for f in found if f.kind == "proven" and not f.readings and misplaced_only(f) for c in f.misfit_columns
    }
    return {k: v for k, v in printed.items() if k[1] not in unknown}


def _unexplained(found: list[Finding]) -> None:
    """A proven row that no dropped empty cell explains (every place for it leaves a cell that does not fit):
    kept as printed, its misfit cells suspect cells of the report; the build goes on."""
    for f in found:
        if f.kind == "proven" and not f.readings and misplaced_only(f):
            f.report_cell, f.candidates, f.chosen = True, [], None
            f.basis = (
                "no place for a dropped empty cell makes every cell of the row fit its column, so the text "
                "conversion does not explain it: the row is kept as printed and its cell(s) of "
                + ", ".join(f"'{c}'" for c in f.misfit_columns)
                + " are suspect cells of the report (the printed totals of those columns do not weigh readings)"
            )


def _veto(raw_table, base, proven, printed, judged_against, first_pass: bool) -> None:
    """Step 1 for every proven row: its candidates are the readings the printed totals do not veto."""
    for f in proven:
        # vetoed only if worse against the rows as printed and against every admissible combination of the others
        judged = f.readings if first_pass else list(f.vetoed)
        vetoed = {}
        for r in judged:
            worse = vetoed_by_totals(raw_table, base, f, r, printed)
            against = [
                vetoed_by_totals(raw_table, {**ref, f.index: base[f.index]}, f, r, printed) for ref in judged_against
            ]
            if worse and all(against):
                vetoed[r] = against[0] if against else worse  # named against the rows it belongs with
        f.vetoed = vetoed
        f.candidates = [r for r in f.readings if r not in f.vetoed]
        f.report_cell = not f.candidates


def _veto_and_weigh(raw_table, base, proven, suspects, printed, columns):
    """Steps 1 and 2, the veto re-judged against the first admissible combination until it no longer changes
    (when there are too many combinations to judge against every best one)."""
    best_combinations = best_everywhere(raw_table, base, proven, suspects, printed, columns)
    references: list[dict[int, tuple[str, ...]]] = []  # the rows under each admissible combination
    judged_against: list[dict[int, tuple[str, ...]]] = []
    weighed = None
    for _ in range(MAX_PASSES):
        _veto(raw_table, base, proven, printed, best_combinations or judged_against, first_pass=weighed is None)
        state = [tuple(f.candidates) for f in proven]
        if state == weighed:
            break
        rows, cells, best, _, admissible = _weigh(raw_table, base, proven, suspects, printed, columns)
        weighed = state
        references = [{**base, **{f.index: r.cells for f, r in zip(rows, combo)}} for combo, _, _ in admissible]
        judged_against = references[:1]  # the admissible combinations ignore the columns of a report cell
    return rows, cells, best, admissible, references


def _name_admissible(f: Finding, rows: list[Finding], names: list[str], admissible: list) -> None:
    """The names of the admissible combinations each reading of the row belongs to."""
    f.admissible = {}
    if f.candidates:
        k = rows.index(f)
        for name, (combo, _, _) in zip(names, admissible):
            f.admissible.setdefault(combo[k], []).append(name)


def _credit(raw_table: str, f: Finding, reference: dict, printed: dict) -> None:
    """Step 3: the printed total cells that decided the row's reading, and what each reading outside the
    admissible combinations would change in the totals."""
    values = [table_totals(raw_table, {**reference, f.index: r.cells}) for r in f.readings]
    f.deciding = [key for key in printed if len({v[key] for v in values}) > 1]
    now = table_totals(raw_table, reference)
    for other, then in zip(f.readings, values):
        if other in f.admissible:
            continue
        changes = {key: (now[key], then[key]) for key in printed if then[key] != now[key]}
        f.alternatives.append({"reading": other, "changes": changes, "printed": {key: printed[key] for key in changes}})


def _in_published(f: Finding) -> Reading:
    """The reading of the row in the published combination: the first admissible one (A), so that the published
    table is one admissible reading of the whole table, not a mix that no reading gives."""
    return next(r for r in f.readings if PUBLISHED in f.admissible.get(r, []))


def _choose_suspect(f: Finding, ambiguity: str) -> None:
    """A suspect row is published as combination A reads it (as printed when only one reading is admissible);
    its basis says whether the totals would shift it."""
    f.chosen = f.readings[0]
    if len(f.admissible) > 1:
        f.chosen = _in_published(f)
        how = "as printed" if f.chosen is f.readings[0] else "shifted"
        f.basis = (
            f"every cell fits its column as printed; the same dropped cell as in a proven row would also "
            f"fit it; {ambiguity}: the row is read as printed in combination(s) "
            f"{', '.join(f.admissible.get(f.readings[0], [])) or 'none'} and shifted in the others; the "
            f"published table uses combination {PUBLISHED} ({how}) and flags the cells that differ"
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


def _keep_report_cell(f: Finding) -> None:
    """A proven row whose every reading is vetoed is kept as printed: its misfit cells are the report's."""
    f.chosen = None
    f.basis = (
        "every reading the row allows makes a printed total of the table worse than the row as printed ("
        + "; ".join(
            f"dropped cell in '{r.dropped_at}': {', '.join(total_label(k) for k in v)}" for r, v in f.vetoed.items()
        )
        + "); the row is not restored and its cell(s) of "
        + ", ".join(f"'{c}'" for c in f.misfit_columns)
        + " are suspect cells of the report"
    )


def _choose_proven(f: Finding, ambiguity: str, best: int, cells: list) -> None:
    """A proven row is published under its reading in combination A (its only admissible one when the totals
    decide); its basis says how it was chosen."""
    f.chosen = _in_published(f) if len(f.admissible) > 1 else next(r for r in f.readings if r in f.admissible)
    vetoed = (
        f"; {len(f.vetoed)} reading(s) would make a printed total worse than the row as printed" if f.vetoed else ""
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
    printed = _weighable(printed_total_cells(totals_raw), found)
    _unexplained(found)
    found = [f for f in found if f.kind != "proven" or f.readings]  # the unexplained rows are kept as printed
    proven = [f for f in found if f.kind == "proven"]
    suspects = [f for f in found if f.kind == "suspect"]
    rows, cells, best, admissible, references = _veto_and_weigh(raw_table, base, proven, suspects, printed, columns)
    names = combination_names(len(admissible))
    ambiguity = (
        f"{len(admissible)} combinations of readings of the table are equally close to the printed totals "
        f"(distance {best} over {len(cells)} printed total cells), so the data cannot decide"
    )
    for f in found:
        _name_admissible(f, rows, names, admissible)
        _credit(raw_table, f, references[0], printed)
        if f.kind == "suspect":
            _choose_suspect(f, ambiguity)
        elif f.report_cell:
            _keep_report_cell(f)
        else:
            _choose_proven(f, ambiguity, best, cells)


def resolve(raw_table: str, raw: pd.DataFrame, totals_raw: pd.DataFrame | None = None) -> list[Finding]:
    """Every flagged row of a raw table with its readings, and (where the table prints totals) the rows that
    fit as printed but would fit a proven row's dropped cell too, with the readings the totals admit.

    Only a table without totals stops on a row with several readings (there is nothing to weigh them by);
    a tie between readings never stops: the rows it touches become ambiguous."""
    found = findings(raw_table, raw)
    if any(not f.readings and (totals_raw is None or not misplaced_only(f)) for f in found):
        # nothing to weigh an unexplained row by, or a cell no column of the table could hold (corrupted
        # input, not a misplaced value): the cleaning stops on its cell
        return found
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
    printed = _weighable(printed_total_cells(totals_raw), found)
    columns = printed_columns(raw_table)
    base = {i: tuple(r) for i, r in enumerate(raw[columns].itertuples(index=False))}
    dropped = sorted(
        {r.dropped_at for f in found for r in f.readings if not vetoed_by_totals(raw_table, base, f, r, printed)}
    )
    found = found + suspect_findings(raw_table, raw, found, dropped)
    choose_by_totals(raw_table, raw, found, totals_raw)
    return found


def reading_status(finding: Finding, reading: Reading, names: set[str]) -> str:
    """What the published table does with reading ``r`` of row ``f`` (see columns.csv, conversion_readings.status)."""
    inside = set(finding.admissible.get(reading, []))
    if finding.kind == "suspect":
        printed = reading == finding.readings[0]
        if not inside:
            return "alternative" if printed else "not_applied"
        if inside != names:
            return "ambiguous"
        return "as_printed" if printed else "required"
    if reading in finding.vetoed:
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
    from metropolis_report.transform import members as transform_members

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
                values = transform_members.parse_member_row(
                    raw_table, r.reading_row.split(CELL_SEPARATOR), r.source_line, unread
                )
                where = table["member_id"] == r.row_key
                for column, value in values.items():
                    if column in table.columns:
                        table.loc[where, column] = value
        out["/".join(combo)] = table
    return out
