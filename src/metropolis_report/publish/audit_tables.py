"""The tables of the claims-audit chapter: audit rows with their verdict's mark and word, anchored and linked
both ways to the annotated report, and the disagreements grouped by the quantity they are about."""

from __future__ import annotations

import pandas as pd

from metropolis_report.derive import judging
from metropolis_report.publish import present
from metropolis_report.publish.layout import SOURCE_HTML

HEADERS = {
    "claim_id": "Figure",
    "section": "Section",
    "claim_text": "Printed text",
    "printed_value": "Printed",
    "computed_value": "Computed",
    "computed_min": "Lowest over the readings",
    "computed_max": "Highest over the readings",
    "status": "Verdict",
    "cause": "Cause",
    "data_gap": "Why it cannot be checked",
    "method": "How it is checked",
    "evidence": "Evidence",
    "source_line": "Line",
    "matter": "Quantity",
    "rows": "Rows",
    "claims": "Figures",
}
FORMATS = {"claim_text": "fr", "printed_value": "fr", "computed_value": "num2"}


def audit_table(rows: pd.DataFrame, columns: list[str], anchored: bool = True, **options):
    """Audit rows, each anchored (#audit-<figure>) and linked to its mark in the annotated report; the verdict is
    shown with its mark and word (metadata/verdicts.csv)."""
    verdicts = judging.verdicts()
    mark, word = dict(zip(verdicts["code"], verdicts["mark"])), dict(zip(verdicts["code"], verdicts["word"]))
    shown = rows.assign(status=rows["status"].map(lambda s: f"{mark[s]} {word[s]}"))
    formats = FORMATS
    two = two_definitions(rows)
    if "computed_value" in columns and two.any():  # a figure two definitions reproduce: both values, never one
        shown["computed_value"] = [
            " or ".join(present.fmt(v, "num2") for v in (low, high)) if both else present.fmt(value, "num2")
            for value, low, high, both in zip(rows["computed_value"], rows["computed_min"], rows["computed_max"], two)
        ]
        formats = FORMATS | {"computed_value": "text"}
    return present.table(
        shown[columns],
        headers=HEADERS,
        formats=formats,
        row_id=("claim_id", "audit-") if anchored else None,
        row_link=("claim_id", SOURCE_HTML, "claim-"),
        **options,
    )


def two_definitions(rows: pd.DataFrame) -> pd.Series:
    """The rows reproduced under a definition where two definitions each reproduce the figure (computed_min and
    computed_max hold both values): the data cannot decide between them, so no page shows one of them alone."""
    if not {"computed_min", "computed_max"} <= set(rows.columns):
        return pd.Series(False, index=rows.index)
    return (
        rows["status"].eq("under_definition")
        & rows["computed_min"].notna()
        & rows["computed_min"].ne(rows["computed_max"])
    )


def matters(audit: pd.DataFrame) -> pd.DataFrame:
    """One row per disagreement: the discrepant audit rows grouped by the quantity they are about."""
    discrepancies = audit[audit["status"] == "discrepancy"]
    return (
        discrepancies.groupby("matter")
        .agg(
            cause=("cause", lambda s: ", ".join(sorted(set(s)))),
            rows=("claim_id", "size"),
            claims=("claim_id", lambda s: ", ".join(s)),
        )
        .reset_index()
    )
