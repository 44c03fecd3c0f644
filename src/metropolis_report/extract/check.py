"""A report text checked against a layout: every mismatch at once (`make edition` shows them before extracting).

Where the extractor stops at the first heading or header it cannot find, :func:`check_layout` goes on and lists
each string of the layout that the text does not print (a heading, a table's header cell, a word), with the
line that comes closest, the words that differ and the file and row of the layout to edit. Once the strings are
all found, the extraction itself is run and its error, if any, is the last mismatch.

Runs on the system Python (like the extractor): standard library only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from metropolis_report import wording
from metropolis_report.extract.report import (
    SEPARATOR,
    ExtractionError,
    Report,
    clean_cell,
    header_differences,
    is_heading,
    named_header,
    split_row,
)
from metropolis_report.wording import Layout


@dataclass(frozen=True)
class Mismatch:
    line: int | None  # the report's line that comes closest (None: no line does)
    expected: str  # what the layout declares
    found: str  # what the report prints there ("" when nothing comes close)
    differing: str  # the differing cell or words
    edit: str  # the layout file, row and key to edit

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "report"
        return f"{where}: expected {self.expected!r}, found {self.found!r} ({self.differing}); edit {self.edit}"


def _word_difference(expected: str, found: str) -> str:
    a, b = expected.split(), found.split()
    missing = [w for w in a if w not in b]
    extra = [w for w in b if w not in a]
    return f"words the layout has and the line lacks: {missing}; words the line has instead: {extra}"


def _closest(lines: list[str], text: str, prefix: bool = False) -> tuple[int | None, str]:
    """The line most like ``text`` (a prefix: the start of a line as long as it), if like enough."""
    scored = [
        (difflib.SequenceMatcher(None, text, line[: len(text)] if prefix else line).ratio(), n, line)
        for n, line in enumerate(lines, 1)
        if line
    ]
    best = max(scored, default=(0.0, None, ""))
    return (best[1], best[2]) if best[0] >= 0.6 else (None, "")


def _headings(lines: list[str], layout: Layout) -> list[Mismatch]:
    out = []
    for heading in layout.sections.values():
        if any(is_heading(line, heading) for line in lines):
            continue
        edit = layout.where("sections.csv", heading.row, heading.key)
        if heading.match == "pattern":
            out.append(Mismatch(None, heading.text, "", "no line matches the regular expression", edit))
            continue
        prefix = heading.match == "prefix"
        number, found = _closest(lines, heading.text, prefix)
        found = found[: len(heading.text)] if prefix else found  # the start of a line that lists names after it
        differing = _word_difference(heading.text, found) if found else "no line comes close"
        out.append(Mismatch(number, heading.text, found, differing, edit))
    return out


def _table_headers(report: Report) -> list[tuple[int, list[str]]]:
    found = []
    for number in range(1, len(report.lines)):
        line, following = report.line(number).strip(), report.line(number + 1).strip()
        if line.startswith("|") and line.endswith("|") and SEPARATOR.match(following):
            found.append((number, split_row(line, number)))
    return found


def _headers(report: Report, layout: Layout) -> list[Mismatch]:
    printed = [(n, named_header(cells, layout)) for n, cells in _table_headers(report)]
    out = []
    for raw_table, columns in layout.headers.items():
        declared = [h for h in columns if h.kind != "named"]
        if not declared:
            continue  # a table the extractor builds from a list: no printed header to find
        expected = layout.printed_header(raw_table)
        if any(cells == expected for _, cells in printed):
            continue
        # the closest printed header: the most cells in common, then the same width
        same = [
            (sum(a == b for a, b in zip(cells, expected)), -abs(len(cells) - len(expected)), -n, cells)
            for n, cells in printed
        ]
        # the first of the closest headers (a table printed over several pages repeats its header)
        common, _, number, cells = max(same, default=(0, 0, None, []))
        number = -number if number is not None else None
        if not common:
            out.append(
                Mismatch(None, " | ".join(expected), "", "no table prints this header", layout.where("headers.csv"))
            )
            continue
        for column, got, wanted in header_differences(cells, expected):
            header = declared[column - 1] if column <= len(declared) else None
            edit = (
                layout.where("headers.csv", header.row, f"{raw_table}.{header.key}")
                if header
                else layout.where("headers.csv") + f" (the header of {raw_table} has {len(cells)} cells)"
            )
            out.append(Mismatch(number, wanted, got, f"column {column} of the {raw_table} header", edit))
    return out


def printed_word(word: str, text: str) -> bool:
    """The word is printed as a word of its own, in any case ("près de" is not found inside "auprès de", but is
    in "Près de 75"); a word that starts or ends with a blank or a sign is bounded by it."""
    before = r"(?<!\w)" if word[:1].isalnum() else ""
    after = r"(?!\w)" if word[-1:].isalnum() else ""
    return re.search(before + re.escape(word) + after, text, re.IGNORECASE) is not None


def _words(text: str, lines: list[str], layout: Layout) -> list[Mismatch]:
    out = []
    for key, (word, in_text, row) in layout.words.items():
        if in_text and not printed_word(word, text):
            number, found = _closest(lines, word)
            out.append(
                Mismatch(
                    number, word, found, "the report prints this word nowhere", layout.where("words.csv", row, key)
                )
            )
    return out


def check_layout(text: str, layout: Layout | None = None) -> list[Mismatch]:
    """Every difference between the report ``text`` and the ``layout`` (None: the running edition's), in the
    order headings, table headers, words; an empty list when the layout reads the text. If every string is found
    but the extraction still fails (the structure changed), its error is the one mismatch."""
    from metropolis_report.extract.sections import extract  # sections imports this package's modules

    layout = layout or wording.current()
    report = Report.from_text(text)
    lines = [clean_cell(line) for line in report.lines]
    found = _headings(lines, layout) + _headers(report, layout) + _words(text, lines, layout)
    if found:
        return found
    try:
        extract(text, layout)
    except ExtractionError as err:
        return [Mismatch(err.line, "the structure the extractor knows", "", str(err), err.edit or "the extractor")]
    return []
