"""The engagement index: one documented score per member built from the indicators of table 4.1.

Method (primary, "participation breadth"): each indicator becomes a 0/1 "took part" flag
(activated, dues paid, any board meeting, congress, any bilateral meeting, any pilot role,
analysed in the indicators system, any learning activity, any World Metropolitan Day event
organised or attended, joined the rethink call); the index is the share of the 10 flags that are
set, so every indicator weighs the same and a single very large count cannot dominate.

Sensitivity ("intensity"): each count indicator is min-max scaled on its observed range
(booleans stay 0/1) and averaged. A ranking that holds under both is robust to the choice.
Web visibility (table 4.2) is deliberately *not* in the index: it is studied against it.
"""

from __future__ import annotations

import pandas as pd

INDICATORS = {
    # index component: (members column, kind)
    "activated": ("activated", "flag"),
    "dues_paid": ("dues_paid_2020", "flag"),
    "board": ("board_meetings", "count"),
    "congress": ("congress_2020", "flag"),
    "bilateral": ("bilateral_meetings", "count"),
    "pilot": ("pilot_projects", "count"),
    "indicator_system": ("indicator_system_year", "present"),
    "learning": ("learning_activities", "count"),
    "wmd": (("wmd_organiser", "wmd_participant"), "count"),
    "rethink": ("rethink_call", "flag"),
}
WEB_COLUMNS = ["web_news", "library_publications", "publication_mentions", "use_cases", "c4gh_initiatives"]


def _raw_component(members: pd.DataFrame, column, kind: str) -> pd.Series:
    if isinstance(column, tuple):
        values = sum(members[c].astype(float) for c in column)
    elif kind == "present":
        values = members[column].notna().astype(float)
    else:
        values = members[column].astype(float)
    return values


def participation_flags(members: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {name: (_raw_component(members, col, kind) > 0).astype(int) for name, (col, kind) in INDICATORS.items()},
        index=members.index,
    )


def intensity_components(members: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for name, (col, kind) in INDICATORS.items():
        values = _raw_component(members, col, kind)
        span = values.max() - values.min()
        out[name] = (values - values.min()) / span if span else values * 0
    return pd.DataFrame(out, index=members.index)


def engagement_scores(members: pd.DataFrame) -> pd.DataFrame:
    flags = participation_flags(members)
    intensity = intensity_components(members)
    return pd.DataFrame(
        {
            "member_id": members["member_id"],
            "indicators_engaged": flags.sum(axis=1),
            "engagement_index": flags.mean(axis=1),
            "intensity_index": intensity.mean(axis=1),
            "web_visibility": members[WEB_COLUMNS].astype(float).sum(axis=1),
        },
        index=members.index,
    )


# Variants of the index, for the sensitivity analysis: each changes one documented choice.
def variant_scores(members: pd.DataFrame) -> pd.DataFrame:
    """The index without 'activated' (a status that partly summarises the other flags), and with the
    indicators system counted only for the latest year of analysis, as the report's own total counts it."""
    flags = participation_flags(members)
    latest = int(members["indicator_system_year"].max())
    latest_only = flags.assign(indicator_system=(members["indicator_system_year"] == latest).fillna(False).astype(int))
    return pd.DataFrame(
        {
            "without 'activated'": flags.drop(columns="activated").mean(axis=1),
            f"indicators system: {latest} only": latest_only.mean(axis=1),
        },
        index=members.index,
    )


def differing_components() -> list[str]:
    """Components that the two weightings score differently (the counts); flags score alike under both."""
    return [name for name, (_, kind) in INDICATORS.items() if kind == "count"]


def leave_one_out(members: pd.DataFrame) -> pd.DataFrame:
    """The index without each indicator in turn, against the full index (Kendall's τ)."""
    from .inference import kendall_tau

    flags = participation_flags(members)
    full = flags.mean(axis=1)
    return pd.DataFrame(
        [
            {"left out": name, "kendall_tau": kendall_tau(full, flags.drop(columns=name).mean(axis=1))}
            for name in flags.columns
        ]
    )
