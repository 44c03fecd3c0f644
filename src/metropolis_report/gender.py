"""gender_metrics: one row per gender figure of the report, built from the claims and the lists.

Each metric is located in the claims catalogue by its section and a phrase of its printed text (never
by a typed-in number). Counts come, in order of preference, from counts the report prints
(``printed_counts``), from a list the report prints (``list``), or from the printed share times an
exact printed total (``derived_from_share``, rounded to the nearest whole person); otherwise only the
printed share is known (``share_only``).
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
    phrase: str          # regex on claim_text locating the figure's block


SHARE_SPECS = [
    Spec("experts", "Expert collaborators", "people", "2", r"collaborateurs experts"),
    Spec("event_participants", "People engaged in Metropolis events", "people", "2", r"personnes engagées"),
    Spec("event_speakers", "Speakers at Metropolis events", "people", "2", r"^160 intervenants"),
    Spec("wmd_participants", "World Metropolitan Day participants", "people", "2.1", r"290 personnes"),
    Spec("pilot_workshop_participants", "Pilot project workshop participants", "people", "2.2", r"atelier tenu"),
    Spec("city_managers_speakers", "City managers debates: speakers", "people", "2.2", r"^25 intervenants"),
    Spec("city_managers_participants", "City managers debates: participants", "people", "2.2", r"75 participants"),
    Spec("learning_participants", "Learning sessions participants", "people", "2.2", r"sessions d'apprentissage"),
    Spec("learning_experts", "Experts organising learning activities", "people", "2.2", r"personnes expertes"),
    Spec("board_representatives", "Board representatives (2018-2020)", "representatives", "2.4", r"représentants de notre Conseil"),
]


def _claims_in(claims: pd.DataFrame, section: str, phrase: str) -> pd.DataFrame:
    found = claims[(claims["section"] == section) & claims["claim_text"].str.contains(phrase, regex=True)]
    if found.empty:
        raise MetricNotFound(f"no claim in section {section} matches {phrase!r}")
    return found


def share_metric(claims: pd.DataFrame, spec: Spec) -> dict:
    block = _claims_in(claims, spec.section, spec.phrase)
    percents = block[block["unit"] == "percent"]
    counts = block[block["unit"] == "count"]
    if percents.empty:
        raise MetricNotFound(f"{spec.metric_id}: no printed share in {block['claim_text'].iloc[0]!r}")
    women = percents.iloc[0]  # printed first: "x % de femmes"
    total = counts.iloc[-1] if not counts.empty else None  # the last count of the block is its total
    qualifier = total["qualifier"] if total is not None else "unknown"
    row = {
        "metric_id": spec.metric_id, "metric": spec.metric, "population": spec.population,
        "women_share_printed": float(women["value"]), "women_share": float(women["value"]) / 100,
        "section": spec.section, "source_line": int(women["source_line"]),
        "total_qualifier": qualifier, "women_count": None, "men_count": None, "total_count": None,
        "count_basis": "share_only",
    }
    if total is not None and qualifier == "exact":
        n = int(total["value"])
        women_n = int(round(float(women["value"]) * n / 100))
        row.update(total_count=n, women_count=women_n, men_count=n - women_n, count_basis="derived_from_share")
    return row


def count_metric(claims: pd.DataFrame, metric_id: str, metric: str, section: str, total_phrase: str,
                 split_phrase: str) -> dict:
    total = _claims_in(claims, section, total_phrase).iloc[0]
    split = _claims_in(claims, section, split_phrase)
    women, men = int(split.iloc[0]["value"]), int(split.iloc[1]["value"])
    return {"metric_id": metric_id, "metric": metric, "population": "people", "women_count": women,
            "men_count": men, "total_count": int(total["value"]), "total_qualifier": "exact",
            "women_share_printed": None, "women_share": women / (women + men), "count_basis": "printed_counts",
            "section": section, "source_line": int(split.iloc[0]["source_line"])}


def build(claims: pd.DataFrame, members: pd.DataFrame, publications: pd.DataFrame,
          secretaries: pd.DataFrame) -> pd.DataFrame:
    rows = [share_metric(claims, spec) for spec in SHARE_SPECS]
    rows.append(count_metric(claims, "staff", "Staff of the General Secretariat", "2.3",
                             r"^16 professionnels", r"^9 femmes, 7 hommes$"))
    rows.append(count_metric(claims, "interns", "Interns", "2.3", r"^7 stagiaires$", r"^5 femmes, 2 hommes$"))
    women_secretaries = int((secretaries["Civilité"] == "Mme").sum())
    printed = _claims_in(claims, "2.4", r"secrétaires régionales")
    rows.append({"metric_id": "regional_secretaries", "metric": "Regional secretaries", "population": "people",
                 "women_count": women_secretaries, "men_count": len(secretaries) - women_secretaries,
                 "total_count": len(secretaries), "total_qualifier": "exact", "women_share_printed": None,
                 "women_share": women_secretaries / len(secretaries), "count_basis": "list",
                 "section": "2.4; 5.IV", "source_line": int(printed.iloc[0]["source_line"])})
    governed = _claims_in(claims, "2.4", r"gouvernés par des femmes").iloc[0]
    n_governed = int(members["women_governed"].sum())
    rows.append({"metric_id": "women_governed_members", "metric": "Members governed by a woman",
                 "population": "members", "women_count": n_governed, "men_count": len(members) - n_governed,
                 "total_count": len(members), "total_qualifier": "exact",
                 "women_share_printed": float(governed["value"]), "women_share": n_governed / len(members),
                 "count_basis": "list", "section": "2.4; 5.IV", "source_line": int(governed["source_line"])})
    pubs = _claims_in(claims, "2.4", r"publications de Metropolis ont intégré").iloc[0]
    n_gender = int((publications["gender_group"] != "none").sum())
    rows.append({"metric_id": "publications_gender_perspective",
                 "metric": "New publications with a gender perspective (women_count = with, men_count = without)",
                 "population": "publications", "women_count": n_gender, "men_count": len(publications) - n_gender,
                 "total_count": len(publications), "total_qualifier": "exact", "women_share_printed": None,
                 "women_share": n_gender / len(publications), "count_basis": "list",
                 "section": "2.4; 5.IV", "source_line": int(pubs["source_line"])})
    return pd.DataFrame(rows)
