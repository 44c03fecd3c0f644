"""The self-audit: every number the prose of a published page shows must be backed.

What it reads: every page of the book (the chapters and the index), the prose of each (paragraphs, list items,
headings, captions, summaries, definition lists, quotes), the notebooks' markdown cells included. What it
leaves out, and why: code (cells' input, ``pre`` and ``code``: the program, not a statement), the sidebar and the
search box (navigation), the parameter blocks of a build (their values are checked by the parameter tests) and
the citation and provenance blocks (how to cite the project, the build's identity).

A number in that prose is backed when it is

- a value of a findings row (the ``values`` column of data/processed/findings.csv: what the computation gave,
  never the sentence's own text, so a number typed into a template backs nothing), or
- a cell of a table the page shows (or the number of rows of one of its tables: a folded table says how many), or
- a number that is not a figure, by one of the narrow rules of ``derive.finding_rows.structural_rules``: a reference to a table,
  section, annex, figure or line of the report or the book, a chapter's own section number at the head of a
  heading, the year the edition covers or a period ending at it (the action plan's "2018-2020"), and the fixed
  names that carry digits (ISO 8601, WCAG 2.1, Python 3.11, KR-20, Great Expectations 1.x, a 0/1 item).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from metropolis_report.derive import finding_rows

PROSE = ["p", "li", "figcaption", "summary", "h1", "h2", "h3", "h4", "dd", "dt", "blockquote"]

# blocks that are not statements of findings (see the module's docstring)
NOT_PROSE = (
    "script, style, pre, code, nav, .site-search, .jp-CodeCell .jp-InputArea, details.code-fold, .provenance, "
    ".build-parameters, .non-default-parameters, .cite-this"
)

# a heading's own number ("2. The share of members actively engaged")
HEADING_NUMBER = re.compile(r"^\d+\.\s")


structural_rules = finding_rows.structural_rules


def numbers(text: str, rules: Iterable[re.Pattern]) -> list[str]:
    """The numbers of ``text`` that are figures (every structural number removed first)."""
    return finding_rows.figures(text, rules)


def normal(token: str) -> set[str]:
    """A number as it may be written: 1,225,075 / 1225075; 76.6 / 76.60; 0.5 / .5."""
    bare = token.replace(",", "")
    out = {token, bare}
    try:
        value = float(bare)
        out |= {f"{value:g}", f"{value:.0f}" if value == int(value) else f"{value:g}"}
    except ValueError:
        pass
    return out


def backed_numbers(values: Iterable[str], rules: Iterable[re.Pattern]) -> set[str]:
    """The numbers the findings' values back (``values``: the JSON of each row's ``values`` column). The
    sentences are not read: a number a template types would back itself."""
    rules = list(rules)
    backed = set()
    for text in values:
        for value in json.loads(text).values():
            for token in numbers(str(value), rules):
                backed |= normal(token)
    return backed


def page_prose(html: str, rules: Iterable[re.Pattern]) -> tuple[list[str], set[str]]:
    """(prose texts, numbers in the page's table cells) of one page."""
    from bs4 import BeautifulSoup  # nbconvert's own HTML parser, imported only where pages are read

    rules = list(rules)
    soup = BeautifulSoup(html, "html.parser")
    for junk in soup.select(NOT_PROSE):
        junk.decompose()
    cells = set()
    for cell in soup.select("td, th, caption"):
        for token in numbers(cell.get_text(" "), rules):
            cells |= normal(token)
    for table in soup.select("table"):
        cells |= normal(str(len(table.select("tbody tr"))))  # a folded table's summary may say how many rows it folds
        table.decompose()
    texts = []
    for el in soup.find_all(PROSE):
        if el.find(PROSE):  # the innermost prose element carries the text
            continue
        text = el.get_text(" ", strip=True)
        if el.name in ("h1", "h2", "h3", "h4"):
            text = HEADING_NUMBER.sub("", text)
        texts.append(text)
    return texts, cells


def audit_page(html: str, backed: set[str], rules: Iterable[re.Pattern]) -> tuple[int, list[tuple[str, str]]]:
    """(numbers in the page's prose, the unbacked ones as (number, the start of its text))."""
    rules = list(rules)
    texts, cells = page_prose(html, rules)
    total, unbacked = 0, []
    for text in texts:
        for token in numbers(text, rules):
            total += 1
            if not (normal(token) & (backed | cells)):
                unbacked.append((token, text[:160]))
    return total, unbacked
