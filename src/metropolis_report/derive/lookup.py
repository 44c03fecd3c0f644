"""One way to find a printed figure: by its wording, never by its value.

The claims catalogue gives every figure of the report's prose a *wording*: its sentence with this figure
as ``@`` and the other figures as ``#`` (``clean.wording``). A *locator* is a regular expression on that
wording; a *section* (optional) is a regular expression on the figure's section number ("^2\\.3$").
The audit's rules (metadata/claim_rules.csv) and the gender metrics (metadata/gender_rules.csv) are
both written this way and both read through this module.
"""

from __future__ import annotations

import re

import pandas as pd


class FigureNotFound(LookupError):
    """No printed figure has the wording (and section) asked for: a rule no longer fits the report."""


def is_match(claim, locator: str, section: str = "") -> bool:
    """Whether one figure (a row of the catalogue) fits the locator and section."""
    if section and not re.search(section, str(claim["section"])):
        return False
    if "@" in locator:
        return re.search(locator, claim["wording"]) is not None
    return re.search(locator, claim["claim_text"]) is not None  # a locator without @ reads the sentence


def _positions(claims: pd.DataFrame, locator: str, section: str = "") -> list[int]:
    """The positions (in catalogue order) of the printed figures that fit: the test of is_match on every row, each
    pattern compiled once (an empty text cell fits nothing, as str.contains(na=False) has it)."""
    pattern = re.compile(locator)
    texts = claims["wording" if "@" in locator else "claim_text"].tolist()
    found = [i for i, text in enumerate(texts) if isinstance(text, str) and pattern.search(text)]
    if section and found:
        in_section = re.compile(section)
        sections = claims["section"].astype(str).tolist()
        found = [i for i in found if in_section.search(sections[i])]
    return found


def figures(claims: pd.DataFrame, locator: str, section: str = "") -> pd.DataFrame:
    """Every printed figure that fits, in catalogue order."""
    if claims.empty:
        return claims
    return claims.iloc[_positions(claims, locator, section)]


def figure(claims: pd.DataFrame, locator: str, section: str = "", after=None) -> pd.Series:
    """The first printed figure that fits; with ``after`` (a figure), the first one after it in its section."""
    if after is not None:
        same = claims[claims["section"] == after["section"]].reset_index(drop=True)
        start = same.index[same["claim_id"] == after["claim_id"]][0]
        claims = same.iloc[start + 1 :]
    found = _positions(claims, locator, section) if not claims.empty else []
    if not found:
        where = f" in a section matching {section}" if section else ""
        if after is not None:
            where += f" after {after['claim_id']}"
        raise FigureNotFound(f"no printed figure has a wording matching “{locator}”{where}")
    return claims.iloc[found[0]]


def value(claims: pd.DataFrame, locator: str, section: str = "") -> float:
    return float(figure(claims, locator, section)["value"])
