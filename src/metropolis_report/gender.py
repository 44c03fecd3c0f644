"""gender_metrics: one row per gender figure of the report, built from the validated tables.

Each figure is located in the claims catalogue by its wording (``claims.wording``: this figure as '@',
the others as '#'), never by a typed-in number. Counts come, in order of preference, from counts the
report prints (``printed_counts``), from a list the report prints (``list``), or from the printed share
times an exact printed total (``derived_from_share``); otherwise only the printed share is known
(``share_only``). A count derived from a rounded share carries the range of whole counts that the
printed share allows (``women_count_min`` .. ``women_count_max``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


class MetricNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Spec:
    metric_id: str
    metric: str
    population: str
    section: str
    share: str  # locator of the women's share (regex on wording)
    total: str | None  # locator of the total, None where the report prints none


SHARE_SPECS = [
    Spec(
        "experts",
        "Expert collaborators",
        "people",
        "2",
        r"collaborateurs experts @ de femmes",
        r"@ collaborateurs experts",
    ),
    Spec(
        "event_participants",
        "People engaged in Metropolis events",
        "people",
        "2",
        r"personnes engagées @ de femmes",
        r"@ personnes engagées",
    ),
    Spec(
        "event_speakers",
        "Speakers at Metropolis events",
        "people",
        "2",
        r"^# intervenants @ de femmes",
        r"^@ intervenants",
    ),
    Spec(
        "wmd_participants",
        "World Metropolitan Day participants",
        "people",
        "2.1",
        r"# personnes \(@ de femmes",
        r"@ personnes \(# de femmes",
    ),
    Spec(
        "pilot_workshop_participants",
        "Pilot project workshop participants",
        "people",
        "2.2",
        r"atelier tenu : plus de # participants \(@ de femmes",
        r"atelier tenu : plus de @ participants",
    ),
    Spec(
        "city_managers_speakers",
        "City managers debates: speakers",
        "people",
        "2.2",
        r"^# intervenants \(@ de femmes",
        r"^@ intervenants \(",
    ),
    Spec(
        "city_managers_participants",
        "City managers debates: participants",
        "people",
        "2.2",
        r"^Près de # participants \(@ de femmes",
        r"^Près de @ participants",
    ),
    Spec(
        "learning_participants",
        "Learning sessions participants",
        "people",
        "2.2",
        r"sessions d'apprentissage \(@ de femmes",
        r"@ personnes ont participé à nos sessions",
    ),
    Spec(
        "learning_experts",
        "Experts organising learning activities",
        "people",
        "2.2",
        r"personnes expertes .*\(@ de femmes",
        r"^@ personnes expertes",
    ),
    Spec(
        "board_representatives",
        "Board representatives (2018-2020)",
        "representatives",
        "2.4",
        r"^@ des représentants de notre Conseil",
        None,
    ),
]


def _claim(claims: pd.DataFrame, section: str, locator: str) -> pd.Series:
    found = claims[(claims["section"] == section) & claims["wording"].str.contains(locator, regex=True)]
    if found.empty:
        raise MetricNotFound(f"no claim in section {section} has the wording {locator!r}")
    return found.iloc[0]


def share_range(share_percent: float, decimals: int, total: int) -> tuple[int, int]:
    """The whole counts k out of ``total`` whose share 100·k/total the printed share can stand for
    (rounded half-up to the printed decimals: 44 % of 290 -> 127..129)."""
    from .claims import matches

    inside = [k for k in range(total + 1) if matches(share_percent, 100 * k / total, "exact", decimals)]
    if not inside:
        raise ValueError(f"no whole count out of {total} rounds to {share_percent} %")
    return min(inside), max(inside)


def share_metric(claims: pd.DataFrame, spec: Spec) -> dict:
    from .claims import decimals_printed

    women = _claim(claims, spec.section, spec.share)
    total = _claim(claims, spec.section, spec.total) if spec.total else None
    qualifier = total["qualifier"] if total is not None else "unknown"
    row = {
        "metric_id": spec.metric_id,
        "metric": spec.metric,
        "population": spec.population,
        "women_share_printed": float(women["value"]),
        "women_share": float(women["value"]) / 100,
        "section": spec.section,
        "source_line": int(women["source_line"]),
        "total_qualifier": qualifier,
        "women_count": None,
        "men_count": None,
        "total_count": None,
        "total_at_least": int(total["value"]) if total is not None and qualifier in ("plus de", "+") else None,
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


def _after(claims: pd.DataFrame, head: pd.Series, locator: str) -> pd.Series:
    """The first figure after ``head`` (in catalogue order, same section) with the wording ``locator``."""
    same = claims[(claims["section"] == head["section"])].reset_index(drop=True)
    start = same.index[same["claim_id"] == head["claim_id"]][0]
    later = same.iloc[start + 1 :]
    found = later[later["wording"].str.contains(locator, regex=True)]
    if found.empty:
        raise MetricNotFound(f"no figure with the wording {locator!r} after claim {head['claim_id']}")
    return found.iloc[0]


def count_metric(claims: pd.DataFrame, metric_id: str, metric: str, section: str, total_locator: str) -> dict:
    """A total followed by its printed split 'x femmes, y hommes'."""
    total = _claim(claims, section, total_locator)
    women = _after(claims, total, r"^@ femmes, # hommes$")
    men = _after(claims, total, r"^# femmes, @ hommes$")
    w, m = int(women["value"]), int(men["value"])
    return {
        "metric_id": metric_id,
        "metric": metric,
        "population": "people",
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
        "section": section,
        "source_line": int(women["source_line"]),
    }


def list_metric(
    metric_id: str,
    metric: str,
    population: str,
    women: int,
    total: int,
    share_printed: float | None,
    section: str,
    line: int,
) -> dict:
    return {
        "metric_id": metric_id,
        "metric": metric,
        "population": population,
        "women_count": women,
        "men_count": total - women,
        "total_count": total,
        "total_at_least": None,
        "total_qualifier": "exact",
        "women_count_min": women,
        "women_count_max": women,
        "women_share_printed": share_printed,
        "women_share": women / total,
        "count_basis": "list",
        "section": section,
        "source_line": line,
    }


def build(
    claims: pd.DataFrame, members: pd.DataFrame, publications: pd.DataFrame, annex_lists: pd.DataFrame
) -> pd.DataFrame:
    rows = [share_metric(claims, spec) for spec in SHARE_SPECS]
    rows.append(count_metric(claims, "staff", "Staff of the General Secretariat", "2.3", r"^@ professionnels"))
    rows.append(count_metric(claims, "interns", "Interns", "2.3", r"^@ stagiaires$"))
    secretaries = annex_lists[annex_lists["list_name"] == "list_regional_secretaries"]
    printed = _claim(claims, "2.4", r"^@ des # secrétaires régionales")
    rows.append(
        list_metric(
            "regional_secretaries",
            "Regional secretaries",
            "people",
            int((secretaries["detail"] == "Mme").sum()),
            len(secretaries),
            None,
            "2.4; 5.IV",
            int(printed["source_line"]),
        )
    )
    governed = _claim(claims, "2.4", r"^@ de nos membres sont gouvernés par des femmes")
    rows.append(
        list_metric(
            "women_governed_members",
            "Members governed by a woman",
            "members",
            int(members["women_governed"].sum()),
            len(members),
            float(governed["value"]),
            "2.4; 5.IV",
            int(governed["source_line"]),
        )
    )
    pubs = _claim(claims, "2.4", r"^@ des # publications de Metropolis ont intégré")
    rows.append(
        list_metric(
            "publications_gender_perspective",
            "New publications with a gender perspective (women_count = with, men_count = without)",
            "publications",
            int((publications["gender_group"] != "none").sum()),
            len(publications),
            None,
            "2.4; 5.IV",
            int(pubs["source_line"]),
        )
    )
    return pd.DataFrame(rows)
