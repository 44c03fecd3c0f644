"""What every finding row is made of: the templates of metadata/findings.csv, number words, the families
and constants the rules use, and one row builder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np

from metropolis_report import editions, schema, wording
from metropolis_report.analysis import inference

# An assumption, not a figure of the report: the design effect Σm²/Σm, m the number of counted event slots each
# person fills (1 when every slot is a different person), by which the variance of a women's count grows when a
# person's slots share that person's gender. Each verdict also states the design effect at which it changes.
DESIGN_EFFECT = 1.5


ROBUST_MAX_MOVE = 0.2  # a member "moves far" when its rank range spans more than this share of the members


ROBUST_MAX_MOVED = 0.1  # the ranking holds when at most this share of members moves far ...


ROBUST_MIN_KEPT = 0.7  # ... and the top and bottom lists keep at least this share of their members


def near_words(qualifier: str) -> str:
    """How a share of an approximate or unknown total was printed, in the finding's words."""
    if qualifier == wording.current().word("qualifier_about"):
        return f"as approximate (“{qualifier}”)"
    return "not at all" if qualifier == "unknown" else qualifier


GROUP_CAVEATS = {
    "women_governed": "",
    "gender_mainstreaming": "; taking part in the strategy may itself be a form of engagement",
}


BASIS_WORDS = {
    "printed_counts": "printed counts",
    "list": "a list",
    "derived_from_share": "a rounded share of a printed total",
}


FAMILIES = {  # the question each Holm family answers; a family's tests are corrected together, wherever they appear
    "new_members": "Do the members who joined in the year the report covers take part less than the others?",
    "gender_groups": "Do members governed by a woman, or in the gender mainstreaming strategy, take part differently?",
    "regions": "Do the regions differ in engagement (every pair of regions with enough members)?",
    "web_visibility": "Does engagement go with web visibility?",
    "parity": "Does each women's share with a count differ from parity?",
}


DEFAULTS = {"confidence": 0.95, "engagement_min": 1, "top_n": 10, "permutations": inference.PERMUTATIONS}


NUMBER = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*(?:\.\d+)?")

# Numbers that say where or what, never how many: the only digits a template may type, and the only numbers of a
# page's prose that need no backing (publish.self_audit).
REFERENCES = (
    # tables 4.1 and 4.2, sections 2–2.4, annex 5.IV, chapter 3
    r"(?:tables?|sections?|annex(?:es)?|lists? of|chapter)\s+(?:\d+(?:\.(?:\d+|[IVX]+))?(?:\s*(?:,|and|–|-|to)\s*)?)+",
    r"\b\d\.\d[–-]\d\.\d\b",  # a range of sections 2.1–2.4
    r"\b\d\.[IVX]+(?:[–-]\d\.[IVX]+)?\b",  # the annexes 5.I–5.V
    r"Figures? \d+(?:\.\d+)?",
    r"lines? \d+",
    r"#L\d+",
    r"ISO \d+",
    r"WCAG \d\.\d",
    r"Python 3\.11",
    r"(?:Great Expectations|GX) \(?1\.x\)?",
    r"\bKR-20\b",  # the name of a reliability coefficient
    r"\b0/1\b",  # an item coded took part / did not
    r"Okabe-Ito",
    r"\d+(?:\.\d+)+ (?:\(|release)",  # a version of a library
)


def structural_rules(year: int) -> list[re.Pattern]:
    """The rules for numbers that are not figures; ``year`` is the year the edition covers: that year, and a
    period that ends at it (the action plan's 2018-2020), name the report's time, not a count."""
    dated = (rf"\b\d{{4}}[-–]{year}\b", rf"(?<![\d-]){year}(?!\d)")
    return [re.compile(p) for p in (*REFERENCES, *dated)]


def figures(text: str, rules: Iterable[re.Pattern]) -> list[str]:
    """The numbers of ``text`` that are figures (every number a rule matches removed first), unsigned."""
    for pattern in rules:
        text = pattern.sub(" ", text)
    return [n.replace("−", "-").lstrip("+-") for n in NUMBER.findall(text)]


class TemplateError(ValueError):
    """A template of metadata/findings.csv that types a figure instead of a {placeholder}."""


def check_template(template_id: str, text: str, year: int) -> None:
    """A figure must come from a computation: a number typed into a template's text would be published as if
    it were computed, and would back itself in the self-audit."""
    typed = figures(re.sub(r"\{[^{}]*\}", " ", text), structural_rules(year))
    if typed:
        raise TemplateError(
            f"the template {template_id!r} of metadata/findings.csv types the number(s) {', '.join(typed)}: "
            "a figure comes from its computation as a {placeholder}"
        )


@dataclass(frozen=True)
class Template:
    template_id: str
    chapter: str
    section: str
    order: int
    key: bool
    family: str
    rule: str
    text: str


@cache
def templates() -> dict[str, Template]:
    """The templates of metadata/findings.csv; one that types a number stops the build (``check_template``)."""
    year = editions.current().year
    for r in schema.rows("findings.csv"):
        check_template(r["template_id"], r["template"], year)
    return {
        r["template_id"]: Template(
            r["template_id"], r["chapter"], r["section"], int(r["order"]), r["key"] == "true", r["family"],
            r["rule"], r["template"],
        )
        for r in schema.rows("findings.csv")
    }  # fmt: skip


def pct(x: float, digits: int = 0) -> str:
    return f"{100 * x:.{digits}f}%"


def interval_pcts(low: float, high: float, mark: float = 0.5, most: int = 3) -> tuple[str, str]:
    """The ends of a share's interval in percent, with no more decimals than it takes for the printed ends to show
    whether ``mark`` (parity) lies inside: "44%–50%" would hide that 49.7% excludes it and 50.3% includes it."""
    for digits in range(most + 1):
        lo, hi, m = round(100 * low, digits), round(100 * high, digits), 100 * mark
        inside = (lo <= m <= hi) == (low <= mark <= high)
        if inside and (lo != m or low == mark) and (hi != m or high == mark):
            return pct(low, digits), pct(high, digits)
    return pct(low, most), pct(high, most)


def num(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}"


def signed(x: float, digits: int = 2) -> str:
    """A difference with its sign; a value that prints as zero has none ("0.00", not "+0.00" or "-0.00")."""
    if x is None or np.isnan(x):
        return "not bounded"
    text = f"{x:+.{digits}f}"
    return text[1:] if float(text) == 0 else text


def points(x: float, digits: int = 1) -> str:
    """A difference of shares in percentage points, signed as ``signed``."""
    return "not bounded" if x is None or np.isnan(x) else signed(100 * x, digits)


def count(x) -> str:
    return f"{int(x):,}"


def finding_row(template_id: str, values: dict, instance: str = "", word: str = "", sources=(), **stats) -> dict:
    t = templates()[template_id]
    shown = {k: v for k, v in values.items()}
    sentence = t.text.format(word=word, **shown)
    finding_id = template_id + (f":{instance}" if instance else "")
    return {
        "finding_id": finding_id,
        "chapter": t.chapter,
        "section": t.section,
        "order": t.order,
        "key_finding": t.key,
        "sentence": sentence,
        "word": word,
        "rule": t.rule,
        "family": t.family or None,
        "values": json.dumps(shown, ensure_ascii=False, sort_keys=True),
        "n": stats.get("n"),
        "basis": stats.get("basis"),
        "effect": stats.get("effect"),
        "effect_low": stats.get("low"),
        "effect_high": stats.get("high"),
        "test": stats.get("test"),
        "p_value": stats.get("p"),
        "p_holm": stats.get("p_holm"),
        "sources": list(sources),
    }


def comparison_stats(comparison: inference.Comparison) -> dict:
    return dict(
        n=comparison.n_a + comparison.n_b, basis=f"{comparison.n_a} vs {comparison.n_b} members", effect=comparison.mean_difference, low=comparison.interval[0],
        high=comparison.interval[1], test=f"studentized permutation test of the mean difference ({comparison.permutations} reassignments)",
        p=comparison.p_value, p_holm=comparison.p_holm,
    )  # fmt: skip


def comparison_values(comparison: inference.Comparison, conf: float) -> dict:
    borderline = inference.monte_carlo_borderline(comparison.p_value, comparison.p_holm, comparison.permutations, conf)
    note = (f"; borderline: the Holm p is within Monte Carlo error of {alpha_text(conf)}, so another set of random "
            "reassignments could give the other word") if borderline else ""  # fmt: skip
    return {
        "n_a": comparison.n_a, "median_a": f"{comparison.median_a:g}",
        "items_a": "item" if comparison.median_a == 1 else "items", "median_b": f"{comparison.median_b:g}",
        "difference": signed(comparison.mean_difference), "confidence": pct(conf), "low": signed(comparison.interval[0]),
        "high": signed(comparison.interval[1]), "p": inference.p_text(comparison.p_value),
        "p_holm": inference.p_text(comparison.p_holm), "family_size": comparison.family_size, "note": note,
        "comparisons": "comparison" if comparison.family_size == 1 else "comparisons",
        "rank_biserial": signed(comparison.rank_biserial),
    }  # fmt: skip


def alpha_text(conf: float) -> str:
    return f"{1 - conf:.2g}"
