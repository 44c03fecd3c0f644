"""gender_metrics: one row per gender figure of the report, built from the validated tables.

The figures are named in metadata/layouts/<layout>/gender_rules.csv, beside the audit's claim rules and written the same
way: a section and a *locator* on the figure's wording (this figure as '@', the others as '#'), read by
``lookup`` — never a typed-in number. Counts come, in order of preference, from counts the report prints
(``counts``: a total followed by 'x femmes, y hommes'), from a list the report prints (``list``: counted
by the function the rule names in ``LIST_COUNTS``), or from the printed share times an exact printed
total (``derived_from_share``); otherwise only the printed share is known (``share_only``). A count
derived from a rounded share carries the range of whole counts that the printed share allows
(``women_count_min`` .. ``women_count_max``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from metropolis_report import editions
from metropolis_report.derive import lookup
from metropolis_report.derive.judging import more_than


@dataclass(frozen=True)
class GenderRule:
    metric_id: str
    metric: str
    population: str
    section: str  # the section the figures are printed in ("2.2")
    list_section: str  # the annex whose list is counted ("5.IV"), for basis "list"
    basis: str  # share | counts | list
    women_locator: str  # share: the women's share; counts: the women after the total; list: the printed figure
    total_locator: str  # the total; empty where the report prints none
    men_locator: str  # the men's count after the total (counts)
    list_count: str  # name in LIST_COUNTS (list)
    note: str

    @property
    def section_pattern(self) -> str:
        return f"^{re.escape(self.section)}$"


def rules(path: Path | None = None) -> list[GenderRule]:
    with open(path or editions.current().layout_file("gender_rules.csv"), encoding="utf-8", newline="") as handle:
        return [GenderRule(**row) for row in csv.DictReader(handle)]


def _figure(claims: pd.DataFrame, rule: GenderRule, locator: str, after=None) -> pd.Series:
    return lookup.figure(claims, locator, rule.section_pattern, after=after)


def share_range(share_percent: float, decimals: int, total: int) -> tuple[int, int]:
    """The whole counts k out of ``total`` whose share 100·k/total the printed share can stand for
    (rounded half-up to the printed decimals: 44 % of 290 -> 127..129)."""
    from metropolis_report.derive.judging import matches

    inside = [k for k in range(total + 1) if matches(share_percent, 100 * k / total, "exact", decimals)]
    if not inside:
        raise ValueError(f"no whole count out of {total} rounds to {share_percent} %")
    return min(inside), max(inside)


def share_metric(claims: pd.DataFrame, rule: GenderRule) -> dict:
    from metropolis_report.derive.judging import decimals_printed

    women = _figure(claims, rule, rule.women_locator)
    total = _figure(claims, rule, rule.total_locator) if rule.total_locator else None
    qualifier = total["qualifier"] if total is not None else "unknown"
    row = {
        "metric_id": rule.metric_id,
        "metric": rule.metric,
        "population": rule.population,
        "women_share_printed": float(women["value"]),
        "women_share": float(women["value"]) / 100,
        "section": rule.section,
        "source_line": int(women["source_line"]),
        "total_qualifier": qualifier,
        "women_count": None,
        "men_count": None,
        "total_count": None,
        "total_at_least": int(total["value"]) if total is not None and more_than(qualifier) else None,
        "women_count_min": None,
        "women_count_max": None,
        "count_basis": "share_only",
    }
    if total is not None and qualifier == "exact":
        n = int(total["value"])
        lo, hi = share_range(float(women["value"]), decimals_printed(women["printed_value"]), n)
        women_n = int(round(float(women["value"]) * n / 100))
        row.update(
            total_count=n,
            women_count=women_n,
            men_count=n - women_n,
            count_basis="derived_from_share",
            women_count_min=lo,
            women_count_max=hi,
        )
    return row


def count_metric(claims: pd.DataFrame, rule: GenderRule) -> dict:
    """A total followed by its printed split 'x femmes, y hommes'."""
    total = _figure(claims, rule, rule.total_locator)
    women = _figure(claims, rule, rule.women_locator, after=total)
    men = _figure(claims, rule, rule.men_locator, after=total)
    w, m = int(women["value"]), int(men["value"])
    return {
        "metric_id": rule.metric_id,
        "metric": rule.metric,
        "population": rule.population,
        "women_count": w,
        "men_count": m,
        "total_count": int(total["value"]),
        "total_at_least": None,
        "total_qualifier": "exact",
        "women_count_min": w,
        "women_count_max": w,
        "women_share_printed": None,
        "women_share": w / (w + m) if w + m else None,
        "count_basis": "printed_counts",
        "section": rule.section,
        "source_line": int(women["source_line"]),
    }


def list_metric(claims: pd.DataFrame, rule: GenderRule, women: int, total: int) -> dict:
    """Women and total counted from a list of the report; the printed figure gives the line (and the printed
    share, where the figure is a share)."""
    printed = _figure(claims, rule, rule.women_locator)
    return {
        "metric_id": rule.metric_id,
        "metric": rule.metric,
        "population": rule.population,
        "women_count": women,
        "men_count": total - women,
        "total_count": total,
        "total_at_least": None,
        "total_qualifier": "exact",
        "women_count_min": women,
        "women_count_max": women,
        "women_share_printed": float(printed["value"]) if printed["unit"] == "percent" else None,
        "women_share": women / total,
        "count_basis": "list",
        "section": "; ".join(filter(None, [rule.section, rule.list_section])),
        "source_line": int(printed["source_line"]),
    }


# The lists a "list" rule counts: each returns (women, total) from the validated tables.
def _regional_secretaries(members, publications, annex_lists) -> tuple[int, int]:
    secretaries = annex_lists[annex_lists["list_name"] == "list_regional_secretaries"]
    return int((secretaries["detail"] == "Mme").sum()), len(secretaries)


def _women_governed_members(members, publications, annex_lists) -> tuple[int, int]:
    return int(members["women_governed"].sum()), len(members)


def _publications_gender_perspective(members, publications, annex_lists) -> tuple[int, int]:
    return int((publications["gender_group"] != "none").sum()), len(publications)


LIST_COUNTS = {
    "regional_secretaries": _regional_secretaries,
    "women_governed_members": _women_governed_members,
    "publications_gender_perspective": _publications_gender_perspective,
}


def build(
    claims: pd.DataFrame, members: pd.DataFrame, publications: pd.DataFrame, annex_lists: pd.DataFrame
) -> pd.DataFrame:
    rows = []
    for rule in rules():
        if rule.basis == "share":
            rows.append(share_metric(claims, rule))
        elif rule.basis == "counts":
            rows.append(count_metric(claims, rule))
        elif rule.basis == "list":
            women, total = LIST_COUNTS[rule.list_count](members, publications, annex_lists)
            rows.append(list_metric(claims, rule, women, total))
        else:
            raise ValueError(f"gender_rules.csv: metric {rule.metric_id} has an unknown basis {rule.basis!r}")
    return pd.DataFrame(rows)
