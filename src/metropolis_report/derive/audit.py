"""The claims audit: every figure the report prints, recomputed from its own data or marked not derivable.

The matching rule, applied to every claim alike:
- a figure printed without qualifier, with d decimals, is reproduced when the computed value
  rounded half-up to d decimals equals it. Because a report may also truncate, the verdict is
  computed under truncation too; where the two verdicts differ the claim is flagged
  ``rule_sensitive`` in its method text;
- "plus de R" / "+ R" is reproduced when the computed value is strictly greater than R;
- "près de R" is reproduced when the computed value is within 5 % of R.
A claim whose data the report does not contain is ``not_derivable``, with the reason.

A figure that matches gets a verdict by the strength of the check (metadata/verdicts.csv, read by the audit
table, the annotated report and the index): ``recomputed`` from member rows or list entries;
``consistent_printed`` when the inputs are other printed figures; ``under_definition`` when it matches under
one stated definition (the evidence gives the value under the others the wording allows);
``consistent_with_readings`` when it depends on rows of the text conversion that the printed totals cannot
decide between, and matches under at least one admissible reading (the evidence says how many; the range is
in computed_min / computed_max).

Each figure is located by the rules of metadata/layouts/<layout>/claim_rules.csv: a section and a *locator*, a regular
expression on the claim's ``wording`` (its block of text with this figure as '@' and every other
figure as '#'), so that a rule finds a figure by the words around it and its place in the sentence,
never by its value. The first matching rule applies. A discrepancy gets a ``cause``:
``rounding`` (reproduced under truncation), ``definition`` (reproduced under another definition the
report states), otherwise the rule's default (``report_inconsistent`` when the computed value counts what
the report itself lists, naming any suspect cell of the report behind it; ``unexplained`` when it rests on a
reading of the report).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from metropolis_report import schema, wording
from metropolis_report.derive import total_evidence
from metropolis_report.derive.audit_inputs import Data, Rule, Watched, rules
from metropolis_report.derive.computations import COMPUTATIONS
from metropolis_report.derive.judging import Verdict, decimals_printed, judge, matches, not_derivable
from metropolis_report.derive.member_computations import member_count
from metropolis_report.transform import ambiguity, conversion


def reading_variants(data: Data, members: dict[str, pd.DataFrame] | None = None) -> dict[str, Data]:
    """The data under every admissible combination of readings of tables 4.1 and 4.2 (ambiguity.member_readings):
    one entry when the printed totals decide every row. ``members``: the member tables of member_readings for
    these tables' members and conversion_readings, when the caller has them (they depend on nothing else)."""
    if members is None:
        members = ambiguity.member_readings(data.members, data.conversion_readings)
    return {name: replace(data, members=m) for name, m in members.items()}


def _ambiguous_rows(data: Data) -> str:
    r = data.conversion_readings
    rows = r[r["status"] == "ambiguous"].drop_duplicates(["raw_table", "source_line"])
    names = data.members.set_index("member_id")["name"]
    return ", ".join(f"{names.get(x.row_key, x.row_key)} (line {x.source_line})" for x in rows.itertuples())


def under_readings(
    data: Data, variants: dict[str, Data], claim: dict, verdict: Verdict, recompute, chose: bool = False
) -> Verdict:
    """The verdict of a figure computed from the members table, weighed over the admissible readings.

    A figure whose value is the same under every admissible reading and in the published table does not depend
    on them, unless it ``chose`` them (a printed total that decided between readings: its match is fitted, never
    independent). Otherwise it carries the range over the readings: ``consistent_with_readings`` when it matches
    under at least one, ``discrepancy`` when it matches under none."""
    if verdict.status == "not_derivable":
        return verdict
    values = {name: float(recompute(v)) for name, v in variants.items()}
    if len(set(values.values()) | {verdict.computed}) == 1 and not chose:
        return verdict
    decimals = decimals_printed(claim["printed_value"])
    agree = [n for n, v in values.items() if matches(claim["value"], v, claim["qualifier"], decimals)]
    shown = ", ".join(f"{n} {v:g}" for n, v in values.items())
    lo, hi = min(values.values()), max(values.values())
    if lo == hi:
        opening = (
            f"the rows of the text conversion that the printed totals cannot decide between ({_ambiguous_rows(data)}; "
            f"conversion_readings) give the same value under all {len(values)} admissible readings: {lo:g}"
        )
    else:
        opening = (
            f"the value depends on rows of the text conversion that the printed totals cannot decide between "
            f"({_ambiguous_rows(data)}; conversion_readings): under the {len(values)} admissible readings it is {shown}"
        )
    evidence = (
        opening
        + f"; the report is consistent with {len(agree)} of {len(values)} admissible readings"
        + (f" ({', '.join(agree)})" if 0 < len(agree) < len(values) else "")
        + ("; the text conversion does not say which" if lo != hi else "")
        + (
            f"; the published members table, which flags those rows, gives {verdict.computed:g}"
            if verdict.computed not in values.values()
            else ""
        )
    )
    status = "consistent_with_readings" if agree else "discrepancy"
    first = next(iter(values.values()))
    out = Verdict(
        status,
        first,
        verdict.method + " (value under combination A; range over the admissible readings)",
        "; ".join(e for e in (verdict.evidence, evidence) if e),
        "" if agree else verdict.cause,
        lo,
        hi,
    )
    return out


def _text(value) -> str:
    """A text cell of a processed table, "" where it is empty (read back, an empty cell is missing)."""
    return "" if value is None or pd.isna(value) else str(value)


def report_cells(data: Data) -> pd.DataFrame:
    """The suspect cells of the report: rows that prove a misfit no reading restores (conversion_readings)."""
    r = data.conversion_readings
    return r[r["status"] == "report_cell"]


def _report_cell_evidence(data: Data, column: str) -> str:
    raw_column = schema.column("members", column).raw_column
    names = data.members.set_index("member_id")["name"]
    hits = []
    for r in report_cells(data).itertuples():
        cells = dict(zip(conversion.printed_columns(r.raw_table), r.printed_row.split(conversion.CELL_SEPARATOR)))
        if raw_column in _text(r.misfit_columns).split("; "):
            hits.append(f"{names.get(r.row_key, r.row_key)} (line {r.source_line}) prints {cells[raw_column]!r}")
    if not hits:
        return ""
    return (
        f"suspect cell(s) of the report in this column, which no reading of the text conversion restores without "
        f"making a printed total worse: {'; '.join(hits)} (kept out of the counts; conversion_readings)"
    )


def audit_claim(data: Data, claim: dict, rule_list: list[Rule]) -> tuple[Verdict, Rule | None]:
    for rule in rule_list:
        if rule.applies(claim):
            return COMPUTATIONS[rule.computation](data, claim, rule.argument), rule
    return not_derivable("the report contains no table or list from which this figure can be counted"), None


@dataclass(frozen=True)
class RowsRead:
    """What the verdict of every printed total reads of the rows of the text conversion, the same for each total of
    one audit (so computed once): each row's first reading (conversion_readings, one per raw table and line), how
    many readings each row has, the readings of the rows re-read (reread_readings, one per row), the members' names."""

    per_row: list
    several: pd.Series
    reread: list
    names: pd.Series

    @classmethod
    def of(cls, tables: Data) -> RowsRead:
        readings = tables.conversion_readings
        return cls(
            list(readings.drop_duplicates(["raw_table", "source_line"]).itertuples()),
            readings.groupby(["raw_table", "source_line"]).size(),
            list(reread_readings(readings).drop_duplicates(["raw_table", "source_line"]).itertuples()),
            tables.members.set_index("member_id")["name"],
        )


def audit_total(
    tables: Data, total: dict, variants: dict[str, Data] | None = None, rows_read: RowsRead | None = None
) -> Verdict:
    """The verdict of one printed total cell; with ``variants`` (reading_variants), weighed over the admissible
    readings of the text conversion. ``rows_read``: RowsRead.of(tables), when the caller has it."""
    column = total["column"]
    claim = {"value": total["value"], "printed_value": str(total["value"]), "qualifier": "exact"}
    members_label = wording.current().word("total_members")
    if total["row_label"] == members_label and column == "indicator_system_year":
        return _indicator_total(tables, claim)
    members_row = total["row_label"] == members_label

    def recompute(data: Data) -> int:
        return member_count(data.members, column) if members_row else int(data.members[column].sum())

    computed = recompute(tables)
    method = (
        f"members with a non-empty / non-zero {column} (count of rows)"
        if members_row
        else f"sum of {column} over the members"
    )
    verdict = judge(claim, computed, method)
    readings = tables.conversion_readings
    raw_column = schema.column("members", column).raw_column
    label = conversion.total_label((total["row_label"], raw_column))
    rows_read = RowsRead.of(tables) if rows_read is None else rows_read
    names, several = rows_read.names, rows_read.several

    def rows(readings_) -> str:
        return ", ".join(f"{names.get(r.row_key, r.row_key)} (line {r.source_line})" for r in readings_)

    # credit: this total took part in choosing the reading of a row only if its value differs between them
    deciding = [
        r
        for r in rows_read.per_row
        if several.get((r.raw_table, r.source_line), 0) > 1 and label in _text(r.totals_deciding).split("; ")
    ]
    if variants is not None:
        # a total over a column whose cells the undecided readings move chose them: it matches by construction
        chose = bool(deciding) and column in undecided_columns(tables)
        verdict = under_readings(tables, variants, claim, verdict, recompute, chose=chose)
    evidence = [verdict.evidence] if verdict.evidence else []
    reread = [r for r in rows_read.reread if _changes_column(r, raw_column)]
    if deciding and verdict.status == "consistent_with_readings":
        evidence.append(
            f"this printed total differs between the readings of {len(deciding)} row(s) ({rows(deciding)}; see "
            "conversion_readings) and was one of the totals used to choose them, so matching it under the readings "
            "it chose is fitted by construction, not independent evidence: it shows only that the rows allow "
            "readings that fit it"
        )
    elif deciding:
        evidence.append(
            f"this total differs between the readings of {len(deciding)} row(s), so it took part in weighing them "
            f"({rows(deciding)}; see conversion_readings)"
            + total_evidence.ruled_out(readings, label, computed, total["value"], names)
        )
    elif reread:
        evidence.append(
            f"includes {len(reread)} row(s) that the text conversion shifted and that are re-read with the dropped "
            f"empty cell put back, with the same value in this column under every admissible reading: {rows(reread)}"
        )
    if verdict.status == "discrepancy" and verdict.computed_min is None:
        evidence.append(f"difference computed − printed = {computed - total['value']:+d}")
    if verdict.status == "discrepancy" or not evidence:
        evidence.append(total_evidence.counted_from(tables.members, total["row_label"], column))
    verdict.evidence = "; ".join(evidence)
    if verdict.status == "discrepancy":
        cells = _report_cell_evidence(tables, column)
        verdict.evidence = "; ".join(e for e in (verdict.evidence, cells) if e)
        verdict.cause = verdict.cause or "report_inconsistent"
    return verdict


def undecided_columns(data: Data) -> set[str]:
    """The columns of the members table whose cells differ between the admissible readings (members.reading_values
    names them: "wmd_organiser: A 1, B 0; ...")."""
    if "reading_values" not in data.members:  # a members table without undecided rows
        return set()
    cells = data.members["reading_values"].dropna()
    return {part.split(":")[0].strip() for text in cells for part in str(text).split("; ") if ":" in part}


def fitted_totals(data: Data) -> set[str]:
    """The printed total cells (conversion.total_label) whose value differs between the readings of a row the
    printed totals cannot decide: they chose those readings, so a match under them is fitted by construction."""
    r = data.conversion_readings
    rows = r[r["status"] == "ambiguous"]
    return {label for text in rows["totals_deciding"] for label in _text(text).split("; ") if label}


def _against_fitted_total(data: Data, claim: dict, column: str, v: Verdict) -> Verdict:
    """A prose count of members whose column's 'Total membres' chose the readings it is computed under: it equals
    that printed total (a check of the report against itself), not a recomputation from rows."""
    totals, members_label = data.printed_totals, wording.current().word("total_members")
    row = totals[(totals["row_label"] == members_label) & (totals["column"] == column)].dropna(subset=["value"])
    if row.empty:
        return v
    t = row.iloc[0]
    label = conversion.total_label((members_label, schema.column("members", column).raw_column))
    if label not in fitted_totals(data):
        return v
    agrees = matches(claim["value"], float(t["value"]))
    return Verdict(
        "consistent_printed" if agrees else "discrepancy",
        float(t["value"]),
        f"the printed '{members_label}' of table {t['table']} for {column} (line {int(t['source_line'])}), which "
        "the figure restates",
        f"the figure {'equals' if agrees else 'differs from'} the printed total {int(t['value'])} of line "
        f"{int(t['source_line'])}; counting the rows of table 4.1 gives "
        + (f"{v.computed_min:g}" if v.computed_min == v.computed_max else f"{v.computed_min:g}–{v.computed_max:g}")
        + " under every admissible reading of the text conversion, but those readings were chosen by the same printed "
        + " totals, so this checks the report against itself, not against its rows; "
        + v.evidence,
        "" if agrees else "report_inconsistent",
        v.computed_min,
        v.computed_max,
    )


def reread_readings(readings: pd.DataFrame) -> pd.DataFrame:
    """The readings of the rows that prove a dropped cell and are re-read with it put back: one way only (applied)
    or in ways the printed totals cannot decide between (ambiguous); not a row that fits as printed."""
    from metropolis_report.derive.pipeline_findings import reread_rows

    return reread_rows(readings)


def _changes_column(reading, raw_column: str) -> bool:
    return raw_column in conversion.changed_cells(reading.raw_table, reading.printed_row, reading.reading_row)


def _indicator_total(data: Data, claim: dict) -> Verdict:
    """The 4.1 total of the indicators column counts the members analysed in 2020: section 2.2 says 15 new
    metropolitan spaces were referenced in 2020 (the indicators_new rule), the year the total row reports."""
    years = data.members["indicator_system_year"]
    latest = int(years.max())
    counts = years.value_counts().sort_index()
    by_year = ", ".join(f"{int(y)}: {n}" for y, n in counts.items())
    verdict = judge(
        claim,
        int((years == latest).sum()),
        f"members analysed in {latest}, the year of the report (the definition of section 2.2, which "
        f"counts what was newly referenced in {latest})",
        f"members by year: {by_year}; counting every member with a year would give {int(years.notna().sum())}, the "
        "rule every other 'Total membres' cell follows (and section 2.2 counts every year to reach that figure)",
        strength="under_definition",
    )
    if verdict.status == "discrepancy":
        alternative = int(years.notna().sum())
        if matches(claim["value"], alternative):
            verdict.cause = "definition"
            verdict.evidence += "; the printed total equals the count of every member with a year (another definition)"
        else:
            verdict.cause = "report_inconsistent"
    return verdict


AUDIT_COLUMNS = [
    "claim_id",
    "section",
    "claim_text",
    "printed_value",
    "reported_value",
    "unit",
    "qualifier",
    "computed_value",
    "computed_min",
    "computed_max",
    "status",
    "cause",
    "matter",
    "rule_id",
    "method",
    "evidence",
    "data_gap",
    "source_line",
]


def audit(tables: Data, rule_list: list[Rule] | None = None) -> pd.DataFrame:
    """Every figure of the claims catalogue and every printed total, with its verdict (one row each)."""
    rule_list = rules() if rule_list is None else rule_list
    variants = reading_variants(tables)
    return assemble(claim_rows(tables, variants, rule_list) + total_rows(tables, variants), tables, variants)


def claim_rows(tables: Data, variants: dict[str, Data], rule_list: list[Rule]) -> list[dict]:
    """The audit rows of the figures of the claims catalogue (``variants``: reading_variants of these tables)."""
    return [claim_row(tables, variants, rule_list, c) for c in tables.claims.to_dict("records")]


def claim_row(tables: Data, variants: dict[str, Data], rule_list: list[Rule], c: dict) -> dict:
    """The audit row of one figure ``c`` of the claims catalogue (a record of ``tables.claims``)."""
    watched = Watched(tables)
    v, rule = audit_claim(watched, c, rule_list)
    if rule is not None:

        def recompute(data: Data, rule=rule, c=c, v=v, reads_members="members" in watched.read) -> float:
            if not reads_members:
                # every variant is these tables with other members (reading_variants): a computation that did
                # not read them gives under each the value it gave here
                return v.computed
            return COMPUTATIONS[rule.computation](data, c, rule.argument).computed

        # a count of members over a column the undecided readings move restates the total that chose them
        chose = rule.computation == "members_with" and rule.argument in undecided_columns(tables)
        v = under_readings(tables, variants, c, v, recompute, chose=chose)
        if v.status == "consistent_with_readings" and rule.computation == "members_with":
            v = _against_fitted_total(tables, c, rule.argument, v)
        if v.status == "discrepancy":
            column = rule.quantity.split(".", 1)[1] if rule.quantity.startswith("members.") else ""
            column = column if column in tables.members.columns else ""
            cells = _report_cell_evidence(tables, column) if column else ""
            v.evidence = "; ".join(e for e in (v.evidence, cells) if e)
            v.cause = v.cause or rule.default_cause or "unexplained"
            if not v.evidence:
                counted = (
                    total_evidence.counted_from(tables.members, wording.current().word("total_members"), column)
                    if column
                    else ""
                )
                v.evidence = "; ".join(
                    e for e in (total_evidence.fallback(v.computed, c["value"], v.method), counted) if e
                )
    return {
        "claim_id": c["claim_id"],
        "section": c["section"],
        "claim_text": c["claim_text"],
        "printed_value": c["printed_value"],
        "reported_value": c["value"],
        "unit": c["unit"],
        "qualifier": c["qualifier"],
        "computed_value": v.computed,
        "computed_min": v.computed_min,
        "computed_max": v.computed_max,
        "status": v.status,
        "cause": v.cause or None,
        "matter": ((rule.quantity if rule else "") or None) if v.status == "discrepancy" else None,
        "rule_id": rule.rule_id if rule else None,
        "method": v.method,
        "evidence": v.evidence,
        "data_gap": v.reason or None if v.status == "not_derivable" else None,
        "source_line": c["source_line"],
    }


def total_rows(tables: Data, variants: dict[str, Data]) -> list[dict]:
    """The audit rows of the printed totals of tables 4.1 and 4.2 (``variants``: reading_variants of these tables).
    They read the member tables (members, printed_totals, conversion_readings), not the claims catalogue."""
    rows = []
    totals = tables.printed_totals.dropna(subset=["value"]).to_dict("records")
    rows_read = RowsRead.of(tables)
    for t in totals:
        v = audit_total(tables, t, variants, rows_read)
        rows.append(
            {
                "claim_id": t["total_id"],
                "section": t["table"],
                "claim_text": f"table {t['table']}, row '{t['row_label']}', column {t['column']}",
                "printed_value": t["printed_value"],
                "reported_value": float(t["value"]),
                "unit": "count",
                "qualifier": "exact",
                "computed_value": v.computed,
                "computed_min": v.computed_min,
                "computed_max": v.computed_max,
                "status": v.status,
                "cause": v.cause or None,
                "matter": f"members.{t['column']}" if v.status == "discrepancy" else None,
                "rule_id": None,
                "method": v.method,
                "evidence": v.evidence,
                "data_gap": None,
                "source_line": t["source_line"],
            }
        )
    return rows


def assemble(rows: list[dict], tables: Data, variants: dict[str, Data]) -> pd.DataFrame:
    """The audit table of the rows of claim_rows and total_rows, with what the totals say of each other (a table no
    single reading fits, two cells of a row exchanged)."""
    out = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    total_evidence.no_single_reading(out, tables, variants)
    _name_swaps(out, tables)
    return out


def _name_swaps(audit_: pd.DataFrame, data: Data) -> None:
    """Two discrepant totals of one table and row, off by opposite amounts: name both columns in each
    (two cells of one row exchanged between them would give exactly that)."""
    totals = data.printed_totals.set_index("total_id")
    off = {
        i: (
            totals.at[r.claim_id, "table"],
            totals.at[r.claim_id, "row_label"],
            totals.at[r.claim_id, "column"],
            r.computed_value - r.reported_value,
        )
        for i, r in audit_.iterrows()
        if r["claim_id"] in totals.index and r["status"] == "discrepancy"
    }
    for i, (table, row, column, diff) in off.items():
        partners = [
            (c2, d2) for j, (t2, r2, c2, d2) in off.items() if j != i and t2 == table and r2 == row and d2 == -diff
        ]
        if partners:
            named = ", ".join(f"'{c2}' ({d2:+g})" for c2, d2 in partners)
            audit_.at[i, "evidence"] = "; ".join(
                e
                for e in (
                    audit_.at[i, "evidence"],
                    f"the '{row}' of table {table} is off by {diff:+g} in '{column}' and by the opposite amount in "
                    f"{named}: two cells of one row exchanged between these columns would give exactly that",
                )
                if e
            )


def coverage(census: list[tuple[int, str]], catalogue: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Each figure of the report's prose and totals (extract.figure_census: line, figure as printed) with the
    catalogue entry or printed total that audits it (empty: a figure the audit does not cover)."""
    entries: dict[tuple[int, str], list[str]] = {}
    for line, printed, claim_id in zip(catalogue["source_line"], catalogue["printed_value"], catalogue["claim_id"]):
        entries.setdefault((int(line), str(printed)), []).append(str(claim_id))
    for t in totals.dropna(subset=["value"]).itertuples():
        entries.setdefault((int(t.source_line), str(t.printed_value)), []).append(t.total_id)
    rows = []
    for line, printed in census:
        found = entries.get((line, printed), [])
        rows.append({"source_line": line, "printed_value": printed, "claim_id": found.pop(0) if found else None})
    return pd.DataFrame(rows, columns=["source_line", "printed_value", "claim_id"])
