"""Helpers shared by the unit tests of this folder: rows of a small claims catalogue."""

import pandas as pd

from metropolis_report.transform import printed_figures


def claim(claim_id, section, text, position, value, printed=None, qualifier="exact", line=1):
    return {
        "claim_id": claim_id,
        "section": section,
        "claim_text": text,
        "figure_position": position,
        "wording": printed_figures.wording(text, position),
        "printed_value": printed or str(value),
        "value": float(value),
        "unit": "percent" if "%" in (printed or "") else "count",
        "qualifier": qualifier,
        "source_line": line,
    }


def sentence_claims(text: str, section: str, figures: list[tuple[str, float]], line: int = 7) -> pd.DataFrame:
    """The rows of the catalogue for the figures of one sentence, numbered in their order."""
    return pd.DataFrame(
        {
            "claim_id": f"{section}-{i}",
            "section": section,
            "claim_text": text,
            "wording": printed_figures.wording(text, i),
            "printed_value": printed,
            "value": value,
            "unit": "count",
            "qualifier": "exact",
            "source_line": line,
        }
        for i, (printed, value) in enumerate(figures, 1)
    )
