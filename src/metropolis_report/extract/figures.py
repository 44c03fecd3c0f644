"""The figures of the report's prose: numbers in digits and in words, the blocks of text that carry them,
the claims catalogue and the independent census of every printed figure.

Runs on the system Python (`make extract`, before .venv exists): it must stay standard-library only.
"""

from __future__ import annotations

import re

from metropolis_report import wording
from metropolis_report.extract.report import (
    SEPARATOR,
    RawTable,
    Report,
    Sections,
    blocks,
    clean_cell,
    is_heading,
    page_header,
    split_row,
)
from metropolis_report.wording import Layout

NUMBER = re.compile(
    r"(?<![\w#/.,\-])"  # not glued to a word, hashtag or code
    r"(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:,\d+)?)"
    r"(?P<unit>\s?%|\s?€)?"
    r"(?![\w/\-]|,\d|\.\d)"
)


YEAR = re.compile(r"^(19|20)\d\d$")


# Figures written out in words: the layout's number_words.csv (the cardinals from "deux" and the ordinals from
# "deuxième" in French: "un", "une" and "premier" are also articles and adjectives, so they are not figures by
# their words alone).
def number_words(layout: Layout | None = None) -> dict[str, int]:
    """Every figure written out in words (lower case) -> its value."""
    return {word: value for word, (value, _) in (layout or wording.current()).numbers.items()}


def ordinal_words(layout: Layout | None = None) -> set[str]:
    return {word for word, (_, kind) in (layout or wording.current()).numbers.items() if kind == "ordinal"}


def _number_word(layout: Layout) -> re.Pattern:
    return re.compile(
        r"(?<![\w\-])(?P<word>" + "|".join(sorted(map(re.escape, number_words(layout)), key=len, reverse=True))
        + r")(?![\w\-])",
        re.IGNORECASE,
    )  # fmt: skip


def word_figures(text: str, layout: Layout | None = None) -> list[tuple[int, int, str, int]]:
    """Figures written out in words: (start, end, word as printed, value)."""
    layout = layout or wording.current()
    values = number_words(layout)
    return [
        (m.start(), m.end(), m.group("word"), values[m.group("word").lower()])
        for m in _number_word(layout).finditer(text)
    ]


def _qualifiers(layout: Layout) -> str:
    """The qualifiers a figure may follow ("plus de", "près de", "+"), as alternatives of a regular expression."""
    return "|".join(re.escape(q) for q in layout.qualifiers())


def parse_french_number(text: str) -> str:
    """'2 450' -> '2450', '15,6' -> '15.6' (kept as text: the raw layer types nothing)."""
    return re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")


def claim_blocks(
    report: Report, start: int, end: int, layout: Layout | None = None
) -> list[tuple[int, list[tuple[int, str]]]]:
    """Units of text that carry figures: a bullet, a paragraph, or a stacked figure + its label.

    In the infographic layout a figure stands alone ("Plus", "de 400") and its label follows
    after a blank line; such a figure-only block is joined with the next block.
    """
    layout = layout or wording.current()
    header = page_header(layout)
    figure_only = re.compile(rf"(?i)(({_qualifiers(layout)}) )?[\d  ,]+( ?%)?")
    units: list[tuple[int, list[tuple[int, str]]]] = []
    for block in blocks(report, start, end):
        current: list[tuple[int, str]] = []
        for number, text in block:
            if header.match(text):
                continue
            if text.startswith("- ") or text.startswith("-\u00a0") or text == "-":
                if current:
                    units.append((current[0][0], current))
                current = []
                text = text[1:].strip()
                if not text:
                    continue
            current.append((number, text))
        if current:
            units.append((current[0][0], current))
    merged: list[list[tuple[int, str]]] = []
    pending: list[tuple[int, str]] | None = None
    for _, unit in units:
        joined = " ".join(t for _, t in unit)
        if pending is not None:
            unit = pending + unit
            pending = None
        elif figure_only.fullmatch(joined.replace("\n", " ")):
            pending = unit
            continue
        merged.append(unit)
    if pending is not None:
        merged.append(pending)
    return [(unit[0][0], unit) for unit in merged]


def table_cell_units(report: Report, start: int, end: int) -> list[tuple[int, list[tuple[int, str]]]]:
    """Each cell of the table rows between ``start`` and ``end`` as a unit of text (the action plan's cells)."""
    units = []
    for number in range(start, end):
        line = report.line(number).strip()
        if line.startswith("|") and not SEPARATOR.match(line):
            units += [(number, [(number, cell)]) for cell in split_row(line, number) if cell]
    return units


def note_units(report: Report, start: int, end: int) -> list[tuple[int, list[tuple[int, str]]]]:
    """The notes printed under the tables ('(*) …'), each a unit of text."""
    units = []
    for number in range(start, end):
        text = clean_cell(report.line(number))
        if text.startswith("(*)"):
            units.append((number, [(number, text)]))
    return units


def claims(report: Report, sections: list[tuple[str, int, int]], extra=(), layout: Layout | None = None) -> RawTable:
    """Every figure of the given sections, in reading order, numbered per section; then the figures of the
    ``extra`` units (section, units: table cells, notes); then every figure written out in words, numbered per
    section after a 'w' (so that adding a kind of figure never renumbers the others)."""
    layout = layout or wording.current()
    qualifier = re.compile(rf"(?<!\w)({_qualifiers(layout)})\s*$", re.IGNORECASE)
    ordinals = ordinal_words(layout)
    rows = []
    every = [(section, claim_blocks(report, start, end, layout)) for section, start, end in sections] + list(extra)
    for section, units in every:
        counter = 0
        for _, unit in units:
            text = " ".join(t for _, t in unit)
            text = re.sub(r"\s+", " ", text).strip()
            for number, line in unit:
                for match in NUMBER.finditer(line):
                    value = match.group("number")
                    if YEAR.match(value) and not match.group("unit"):
                        continue  # a year ("en 2020", "2018-2020"), not a figure
                    unit_text = (match.group("unit") or "").strip()
                    qualifier_match = qualifier.search(_prefix_in_unit(unit, number, match.start()))
                    counter += 1
                    rows.append(
                        [
                            f"{section}-{counter:02d}",
                            section,
                            text,
                            match.group(0).strip(),
                            parse_french_number(value),
                            {"%": "percent", "€": "eur"}.get(unit_text, "count"),
                            qualifier_match.group(1).lower() if qualifier_match else "",
                            str(number),
                        ]
                    )
    for section, units in every:
        counter = 0
        for _, unit in units:
            text = re.sub(r"\s+", " ", " ".join(t for _, t in unit)).strip()
            for number, line in unit:
                for _start, _end, word, value in word_figures(line, layout):
                    counter += 1
                    ordinal = word.lower() in ordinals
                    rows.append(
                        [
                            f"{section}-w{counter:02d}",
                            section,
                            text,
                            word,
                            str(value),
                            "rank" if ordinal else "count",
                            "",
                            str(number),
                        ]
                    )
    return RawTable("headline_claims", layout.columns("headline_claims"), rows)


def _prefix_in_unit(unit: list[tuple[int, str]], number: int, offset: int) -> str:
    """The text of the unit that precedes a figure (so 'Plus' + 'de 400' reads 'Plus de')."""
    before = []
    for line_number, text in unit:
        if line_number == number:
            before.append(text[:offset])
            break
        before.append(text)
    return " ".join(before)


def figure_census(text: str, layout: Layout | None = None) -> list[tuple[int, str]]:
    """Every figure printed in the report's prose and totals, found line by line and independently of the
    claims catalogue: (line, figure as printed). Digits (years excepted) and figures written out in words,
    in the introduction, sections 2 to 4 (the action plan's cells, the notes and the total rows of the member
    tables; not their member rows, which the totals sum), the calendar summary and the infographics page.
    Headings' numbers, page headers and the annex lists and calendar (names, titles and dates) are not figures
    of the prose."""
    layout = layout or wording.current()
    report = Report.from_text(text)

    at = Sections.find(report, layout)  # the headings the extractor finds, found the same way
    header, heading_number, labels = page_header(layout), layout.heading("heading_number"), layout.total_labels()
    found = []
    for start, stop in ((at.s1 + 1, at.s5), (at.calendar_end, at.a1), (at.infographics, at.end)):
        for number in range(start, stop):
            line = report.line(number).strip()
            if SEPARATOR.match(line):
                continue
            if line.startswith("|"):
                cells = split_row(line, number)
                if start == at.s1 + 1 and number > at.s41 and cells[0] not in labels:
                    continue  # a member row: its cells are data, checked through the total rows
                texts = cells
            else:
                texts = [clean_cell(line)]
            for t in texts:
                if not t or header.match(t) or (is_heading(t, heading_number) and len(t) < 90):
                    continue  # a heading's number is not a figure
                for match in NUMBER.finditer(t):
                    if not (YEAR.match(match.group("number")) and not match.group("unit")):
                        found.append((number, match.group(0).strip()))
                found += [(number, word) for _, _, word, _ in word_figures(t, layout)]
    return found
