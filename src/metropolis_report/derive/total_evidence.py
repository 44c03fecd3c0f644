"""Computed evidence of the printed totals and of discrepancies, and the check that one admissible reading fits
every printed total of a table.

- ``counted_from``: which member rows of which column a total (or a prose count of members) was computed from.
- ``fallback``: a discrepancy never has an empty evidence: what was computed, how, and the difference.
- ``no_single_reading``: the admissible combinations of readings are those at the smallest distance to the
  printed totals; when that distance is above 0, no single reading fits every printed total of the table. A
  total that some but not all admissible combinations fit is then not "consistent with the readings": the
  combinations it needs are not those the table's other totals need. It becomes a discrepancy
  (report_inconsistent), its evidence naming the combinations each total fits and the rows they differ in.
"""

from __future__ import annotations

import re

import pandas as pd

from metropolis_report import schema, wording
from metropolis_report.derive.audit_inputs import Data
from metropolis_report.derive.judging import matches
from metropolis_report.derive.member_computations import member_count
from metropolis_report.transform import conversion


def _value(members: pd.DataFrame, row_label: str, column: str) -> int:
    members_row = row_label == wording.current().word("total_members")
    return member_count(members, column) if members_row else int(members[column].fillna(0).sum())


def counted_from(members: pd.DataFrame, row_label: str, column: str, limit: int = 12) -> str:
    """The member rows behind a count or sum of ``column``: how many rows, which have a value (name and value)."""
    raw_column = schema.column("members", column).raw_column
    values = members[column]
    present = values.astype("Float64").fillna(0) > 0 if values.dtype != "boolean" else values.fillna(False)
    shown = members.loc[present.astype(bool)]
    listing = ", ".join(
        f"{n} {int(v)}" if values.dtype != "boolean" else str(n) for n, v in zip(shown["name"], shown[column])
    )
    if len(shown) > limit:
        listing = listing.split(", ")[:limit]
        listing = ", ".join(listing) + f", … and {len(shown) - limit} more"
    members_row = row_label == wording.current().word("total_members")
    what = "members with a non-empty, non-zero cell" if members_row else "sum of the cells"
    return (
        f"counted from {len(members)} member rows of column {column} ('{raw_column}'), {what}: "
        f"{len(shown)} rows with a value ({listing})"
    )


def fallback(computed, printed, method: str) -> str:
    diff = "" if computed is None or pd.isna(computed) else f"; difference computed − printed = {computed - printed:+g}"
    return f"computed {computed:g} ({method}) against the printed {printed:g}{diff}"


def ruled_out(readings: pd.DataFrame, label: str, computed, printed, names) -> str:
    """A total that took part in weighing the readings without depending on the admissible ones: its value under
    the readings it helped rule out (conversion_readings.effect_if_chosen), computed."""
    pattern = re.compile(re.escape(label) + r": (\d+) -> (\d+)")
    out = []
    for r in readings.itertuples():
        found = pattern.search(str(r.effect_if_chosen)) if r.status in ("vetoed", "alternative") else None
        if found:
            what = (
                "a reading vetoed by the printed totals"
                if r.status == "vetoed"
                else "a reading outside every combination"
            )
            out.append(f"{found[2]} ({names.get(r.row_key, r.row_key)}, line {r.source_line}: {what})")
    if not out:
        return ""
    return (
        f"; every admissible reading gives the same value {computed:g}, so its verdict does not depend on which one "
        f"is right, but it is fitted in part by construction: the readings it helped rule out would give "
        f"{'; '.join(out)} against the printed {printed:g}"
    )


def _ambiguous_rows(data: Data, table: str) -> str:
    """The rows whose readings differ between the admissible combinations, with the columns their readings move."""
    r = data.conversion_readings
    raw_table = "members_engagement" if table == "4.1" else "members_web_mentions"
    rows = r[(r["status"] == "ambiguous") & (r["raw_table"] == raw_table)]
    names = data.members.set_index("member_id")["name"]
    out = []
    for line, group in rows.groupby("source_line", sort=True):
        x = group.iloc[0]
        moved = sorted(
            {c for y in group.itertuples() for c in conversion.changed_cells(raw_table, y.printed_row, y.reading_row)}
        )
        out.append(f"{names.get(x.row_key, x.row_key)} (line {line}; columns {', '.join(moved)})")
    return ", ".join(out)


def no_single_reading(audit_: pd.DataFrame, data: Data, variants: dict[str, Data]) -> None:
    """Per table: when no admissible combination fits every printed total that depends on the readings, each
    total that not every combination fits becomes a discrepancy that says so (in place, on the audit rows)."""
    if len(variants) < 2:
        return
    totals = data.printed_totals.dropna(subset=["value"])
    totals = totals[totals["total_id"].isin(audit_["claim_id"])]
    for table, group in totals.groupby("table"):
        fit: dict[str, list[str]] = {}
        for t in group.itertuples():
            if t.row_label == wording.current().word("total_members") and t.column == "indicator_system_year":
                continue
            values = {n: _value(v.members, t.row_label, t.column) for n, v in variants.items()}
            if len(set(values.values())) == 1:
                continue  # does not depend on the readings
            fit[t.total_id] = [n for n, x in values.items() if matches(float(t.value), float(x))]
        if not fit or set.intersection(*(set(v) for v in fit.values())):
            continue
        summary = "; ".join(f"{k.split('|', 1)[1]} fits {', '.join(v) or 'none'}" for k, v in fit.items())
        for total_id, names in fit.items():
            if len(names) == len(variants):
                continue
            i = audit_.index[audit_["claim_id"] == total_id][0]
            audit_.at[i, "status"] = "discrepancy"
            audit_.at[i, "cause"] = "report_inconsistent"
            audit_.at[i, "matter"] = f"members.{total_id.rsplit('|', 1)[1]}"
            note = (
                f"no single reading fits all of the printed totals of table {table}: the admissible combinations "
                f"(those closest to the printed totals) fit different totals ({summary}), so at least one printed "
                f"cell of the rows or totals is inconsistent; the rows the combinations differ in: "
                f"{_ambiguous_rows(data, table)}"
            )
            audit_.at[i, "evidence"] = "; ".join(e for e in (note, audit_.at[i, "evidence"]) if e)
