"""One way to find a printed figure: by its wording, never by its value.

The claims catalogue gives every figure of the report's prose a *wording*: its sentence with this figure
as ``@`` and the other figures as ``#`` (``clean.wording``). A *locator* is a regular expression on that
wording; a *section* (optional) is a regular expression on the figure's section number ("^2\\.3$").
The audit's rules (metadata/layouts/<layout>/claim_rules.csv), the gender metrics (metadata/layouts/<layout>/gender_rules.csv) and the other
printed figures a computation reads beside the one it checks (metadata/layouts/<layout>/figure_locators.csv, by name) are all
written this way and all read through this module.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from metropolis_report import editions


class FigureNotFound(LookupError):
    """No printed figure has the wording (and section) asked for: a rule no longer fits the report."""


def _text_column(locator: str) -> str:
    """A locator with @ reads the figure's wording; one without reads its sentence."""
    return "wording" if "@" in locator else "claim_text"


def _fits(text, section_text, pattern: re.Pattern, in_section: re.Pattern | None) -> bool:
    """The one test of a figure against a locator and a section (an empty text cell fits nothing, as
    str.contains(na=False) has it)."""
    if in_section is not None and not in_section.search(str(section_text)):
        return False
    return isinstance(text, str) and pattern.search(text) is not None


def is_match(claim, locator: str, section: str = "") -> bool:
    """Whether one figure (a row of the catalogue) fits the locator and section."""
    return _fits(
        claim[_text_column(locator)], claim["section"], re.compile(locator), re.compile(section) if section else None
    )


def _positions(claims: pd.DataFrame, locator: str, section: str = "") -> list[int]:
    """The positions (in catalogue order) of the printed figures that fit, each pattern compiled once."""
    pattern, in_section = re.compile(locator), re.compile(section) if section else None
    texts = claims[_text_column(locator)].tolist()
    sections = claims["section"].tolist() if section else [None] * len(texts)
    return [
        i for i, (text, sec) in enumerate(zip(texts, sections, strict=True)) if _fits(text, sec, pattern, in_section)
    ]


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


@functools.cache
def _named() -> dict[str, tuple[str, str]]:
    from metropolis_report import schema

    rows = schema.rows(editions.current().layout_name("figure_locators.csv"))
    return {r["name"]: (r["locator"], r["section"]) for r in rows}


def named(name: str, section: str | None = None) -> tuple[str, str]:
    """The locator and section pattern of a figure named in metadata/layouts/<layout>/figure_locators.csv; ``section`` (a section
    number) is used where the file gives none (a figure looked for in the section of the one checked)."""
    try:
        locator, fixed = _named()[name]
    except KeyError:
        raise KeyError(
            f"no figure named {name!r} in metadata/{editions.current().layout_name('figure_locators.csv')}"
        ) from None
    chosen = fixed or section or ""
    return locator, f"^{re.escape(chosen)}$" if chosen else ""


def named_figures(claims: pd.DataFrame, name: str, section: str | None = None) -> pd.DataFrame:
    return figures(claims, *named(name, section))


def named_value(claims: pd.DataFrame, name: str, section: str | None = None) -> float:
    return value(claims, *named(name, section))


def is_named(claim, name: str) -> bool:
    """Whether a figure is the one named (its wording fits the locator; the section is not asked)."""
    return is_match(claim, named(name)[0])
