"""How a computed value is judged against a printed figure: the matching rule (rounding, truncation,
qualifiers) and the verdicts of metadata/verdicts.csv.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pandas as pd

from metropolis_report import schema, wording

NEAR_TOLERANCE = 0.05


def decimals_printed(printed: str) -> int:
    number = re.sub(r"[^\d,.]", "", printed)
    return len(number.split(",")[1]) if "," in number else 0


def _quantize(value: float, decimals: int, rounding) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


def more_than(qualifier: str) -> bool:
    """A printed figure's qualifier that reads 'more than' ("plus de", "+": the layout's words)."""
    layout = wording.current()
    return qualifier in (layout.word("qualifier_more"), layout.word("qualifier_plus"))


def about(qualifier: str) -> bool:
    """A printed figure's qualifier that reads 'about' ("près de": the layout's words)."""
    return qualifier == wording.current().word("qualifier_about")


def matches(
    reported: float, computed: float, qualifier: str = "exact", decimals: int = 0, rounding: str = "half_up"
) -> bool:
    """Does ``computed`` support the printed figure ``reported`` under the matching rule?"""
    if computed is None or (isinstance(computed, float) and math.isnan(computed)):
        raise ValueError("no computed value to compare")
    if more_than(qualifier):
        return computed > reported
    if about(qualifier):
        return abs(computed - reported) <= NEAR_TOLERANCE * reported
    mode = ROUND_HALF_UP if rounding == "half_up" else ROUND_DOWN
    return _quantize(computed, decimals, mode) == _quantize(reported, decimals, mode)


def verdicts() -> pd.DataFrame:
    """The verdict categories (metadata/verdicts.csv: code, mark, word, meaning), in the order they are shown.
    The audit table, the annotated report and the index all read them from here."""
    return pd.DataFrame(schema.rows("verdicts.csv"))


AGREEING = ("recomputed", "consistent_printed", "under_definition", "consistent_with_readings")


@dataclass
class Verdict:
    status: str
    computed: float | None
    method: str
    evidence: str = ""
    cause: str = ""  # set by a rule or by the matching rule; the audit fills the default
    computed_min: float | None = None  # the range over the admissible readings of the text conversion
    computed_max: float | None = None
    reason: str = ""  # why a figure is not derivable: no_data_in_report | lost_in_conversion (columns.csv)


def judge(
    claim: dict, computed: float, method: str, evidence: str = "", strength: str = "recomputed", otherwise: str = ""
) -> Verdict:
    """The verdict of one figure. ``strength`` is the verdict when the figure matches: ``recomputed`` (from
    rows), ``consistent_printed`` (from other printed figures) or ``under_definition`` (then ``otherwise``
    says what the other definitions the wording allows give)."""
    decimals = decimals_printed(claim["printed_value"])
    ok = matches(claim["value"], computed, claim["qualifier"], decimals, "half_up")
    cause = ""
    if claim["qualifier"] == "exact":
        ok_trunc = matches(claim["value"], computed, "exact", decimals, "truncate")
        if ok != ok_trunc:
            method += (
                f" [rule_sensitive: {'reproduced' if ok_trunc else 'discrepancy'} under truncation, "
                f"{'reproduced' if ok else 'discrepancy'} under rounding]"
            )
            cause = "rounding" if ok_trunc else ""
    if otherwise:
        evidence = "; ".join(e for e in (evidence, otherwise) if e)
    return Verdict(strength if ok else "discrepancy", float(computed), method, evidence, cause)


# evidence that counts by another definition than the printed figure's: it informs, it does not refute
CONTEXT = "context, not a rebuttal (counted by another definition than the report's)"
# a reason where the report points to a mark, colour or chart that its text conversion lacks
POSSIBLY_LOST = "possibly lost in the text conversion"


def not_derivable(reason: str, evidence: str = "", why: str = "no_data_in_report") -> Verdict:
    return Verdict("not_derivable", None, reason, evidence, reason=why)
