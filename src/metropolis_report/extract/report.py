"""The report as lines, and its markdown tables and lists read cell for cell (the rules: see the package).

Runs on the system Python (`make extract`, before .venv exists): it must stay standard-library only.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from metropolis_report import wording
from metropolis_report.wording import Heading, Layout


class ExtractionError(ValueError):
    """The report text does not have the structure the extractor knows."""

    def __init__(self, line: int | None, message: str, edit: str | None = None):
        self.line = line
        self.edit = edit  # the layout file and row whose words the report no longer prints, if one is known
        where = f"line {line}" if line else "report"
        step = (
            f"if the report words it otherwise, edit {edit} to read as the report does"
            if edit
            else "if only the words changed, edit the layout (metadata/layouts/<layout>/, docs/layouts.md)"
        )
        super().__init__(
            f"{where}: {message}. The extractor does not guess: {step}; if the structure changed, the "
            "extractor (src/metropolis_report/extract/) must learn it. Review the result either way."
        )


_MARKUP = re.compile(r"</?p>|\*\*")


def page_header(layout: Layout) -> re.Pattern:
    """The running page headers (a page number and a section title): not prose."""
    return re.compile(layout.heading("page_header").text)


def clean_cell(text: str) -> str:
    """Remove conversion artefacts (``<p>``, ``**``) and surrounding blanks; keep everything printed."""
    return _MARKUP.sub("", text).strip()


def is_blank(line: str) -> bool:
    # The conversion leaves lines holding only spaces or no-break spaces between blocks.
    return not line.replace("\u00a0", " ").strip()


@dataclass
class Report:
    lines: list[str]  # index 0 is line 1

    @classmethod
    def from_text(cls, text: str) -> Report:
        return cls(text.splitlines())

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def next_text(self, number: int) -> int:
        """Line number of the first non-blank line after line ``number`` (a list printed under its heading)."""
        for following in range(number + 1, len(self.lines) + 1):
            if not is_blank(self.line(following)):
                return following
        raise ExtractionError(number, "expected a line of text after this heading, found the end of the report")

    def find(
        self,
        text: str,
        start: int = 1,
        end: int | None = None,
        *,
        exact: bool = True,
        pattern: bool = False,
        edit: str | None = None,
    ) -> int:
        """Line number of the first line equal to (or starting with, or matching the regular expression)
        ``text`` in [start, end)."""
        stop = len(self.lines) + 1 if end is None else end
        for number in range(start, stop):
            if matches(self.line(number), text, "pattern" if pattern else "exact" if exact else "prefix"):
                return number
        how = "matching" if pattern else "reading" if exact else "starting with"
        raise ExtractionError(
            start, f"expected a line {how} {text!r} between lines {start} and {stop - 1}, found none", edit
        )

    def at(self, layout: Layout, key: str, start: int = 1, end: int | None = None) -> int:
        """Line number of the heading of the layout's sections.csv named ``key``, in [start, end)."""
        heading = layout.heading(key)
        return self.find(
            heading.text,
            start,
            end,
            exact=heading.match == "exact",
            pattern=heading.match == "pattern",
            edit=layout.where("sections.csv", heading.row, key),
        )


def matches(line: str, text: str, match: str) -> bool:
    """Whether a line of the report is the heading ``text`` (exact), starts with it (prefix) or matches it (pattern)."""
    line = line.strip()
    return (
        bool(re.match(text, line))
        if match == "pattern"
        else line == text
        if match == "exact"
        else line.startswith(text)
    )


def is_heading(line: str, heading: Heading) -> bool:
    return matches(line, heading.text, heading.match)


@dataclass
class Table:
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def split_row(line: str, number: int) -> list[str]:
    text = line.strip()
    if not (text.startswith("|") and text.endswith("|")):
        raise ExtractionError(number, f"a table row must start and end with '|': {line!r}")
    return [clean_cell(cell) for cell in text[1:-1].split("|")]


SEPARATOR = re.compile(r"^\|(\s*:?-*:?\s*\|)+$")


def tables_between(report: Report, start: int, end: int) -> list[Table]:
    """Every markdown table whose header line lies in [start, end)."""
    tables: list[Table] = []
    number = start
    while number < end:
        line = report.line(number).strip()
        if not line.startswith("|"):
            number += 1
            continue
        header = split_row(line, number)
        if number + 1 >= end or not SEPARATOR.match(report.line(number + 1).strip()):
            raise ExtractionError(number, "a table header must be followed by a '|---|' separator line")
        separator_cells = report.line(number + 1).strip()[1:-1].split("|")
        if len(separator_cells) != len(header):
            raise ExtractionError(number + 1, f"separator has {len(separator_cells)} columns, header has {len(header)}")
        table = Table(header=header, header_line=number)
        number += 2
        while number < end and report.line(number).strip().startswith("|"):
            cells = split_row(report.line(number), number)
            if len(cells) != len(header):
                raise ExtractionError(
                    number,
                    f"row has {len(cells)} cells but the table header (line "
                    f"{table.header_line}) has {len(header)} columns",
                )
            table.rows.append((number, cells))
            number += 1
        tables.append(table)
    return tables


def named_header(header: list[str], layout: Layout | None = None) -> list[str]:
    """The header as the raw CSV names it: a cell printed empty gets the layout's blank-header name."""
    blank = (layout or wording.current()).word("blank_header")
    return [cell if cell else blank for cell in header]


def header_differences(printed: list[str], expected: list[str]) -> list[tuple[int, str, str]]:
    """(1-based column, printed, expected) for every cell that differs; a missing or extra cell reads ''."""
    width = max(len(printed), len(expected))
    cells = [(printed + [""] * width)[:width], (expected + [""] * width)[:width]]
    return [(i + 1, p, e) for i, (p, e) in enumerate(zip(*cells)) if p != e]


def require_header(table: Table, raw_table: str, what: str, layout: Layout | None = None) -> None:
    """The table prints the layout's header of ``raw_table``, cell for cell; else the error names the first
    differing cell and the row of headers.csv that declares it."""
    layout = layout or wording.current()
    expected = layout.printed_header(raw_table)
    printed = named_header(table.header, layout)
    if printed == expected:
        return
    differences = header_differences(printed, expected)
    column, got, wanted = differences[0]
    declared = [h for h in layout.table(raw_table) if h.kind != "named"]
    edit = (
        layout.where("headers.csv", declared[column - 1].row, f"{raw_table}.{declared[column - 1].key}")
        if column <= len(declared)
        else layout.where("headers.csv")
    )
    raise ExtractionError(
        table.header_line,
        f"the {what} table's header differs in {len(differences)} cell(s); column {column} prints {got!r}, "
        f"the layout expects {wanted!r} (a header of {len(printed)} cells, expected {len(expected)})",
        edit,
    )


@dataclass
class RawTable:
    name: str
    columns: list[str]
    rows: list[list[str]]

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            if len(row) != len(self.columns):  # programming error, never data-dependent
                raise AssertionError(f"{self.name}: row {row!r} does not match {self.columns!r}")
            writer.writerow(row)
        return buffer.getvalue()


def bullet_items(report: Report, start: int, end: int) -> list[tuple[int, str]]:
    """Non-blank lines of [start, end) with conversion bullets and numbering removed."""
    items = []
    for number in range(start, end):
        line = report.line(number)
        if is_blank(line):
            continue
        text = clean_cell(line)
        text = re.sub(r"^(-\s+|\d+\.\s+)", "", text).strip()
        if text in ("", "-"):
            continue  # an empty bullet left by the conversion
        items.append((number, text))
    return items


def comma_list(report: Report, number: int, prefix: str, edit: str | None = None) -> list[tuple[int, str]]:
    line = report.line(number).strip()
    if not line.startswith(prefix):
        raise ExtractionError(number, f"expected a line starting with {prefix!r}", edit)
    names = [name.strip() for name in line[len(prefix) :].split(",")]
    if any(not name for name in names):
        raise ExtractionError(number, "an empty name in a comma-separated list")
    return [(number, name) for name in names]


def blocks(report: Report, start: int, end: int) -> list[list[tuple[int, str]]]:
    """Groups of consecutive non-blank lines."""
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number in range(start, end):
        line = report.line(number)
        if is_blank(line):
            if current:
                groups.append(current)
            current = []
        else:
            current.append((number, clean_cell(line)))
    if current:
        groups.append(current)
    return groups


@dataclass(frozen=True)
class Sections:
    """Line numbers of the report's section headings, each found by the layout's words (sections.csv), in
    reading order."""

    s1: int
    s2: int
    s21: int
    s22: int
    s23: int
    s24: int
    s3: int
    s4: int
    s41: int
    s42: int
    s5: int
    calendar: int
    calendar_end: int  # the summary under the calendar, found by its words (its figures are claims of the audit)
    a1: int
    a2: int
    a3: int
    a4: int
    infographics: int
    end: int

    @classmethod
    def find(cls, report: Report, layout: Layout | None = None) -> Sections:
        """Every heading must exist, in this order: a report with another structure stops here, naming the line
        and the row of sections.csv."""
        layout = layout or wording.current()

        def find(key: str, start: int = 1, end: int | None = None) -> int:
            return report.at(layout, key, start, end)

        s1 = find("introduction")
        s2 = find("main_results", s1 + 1)
        s21 = find("action_line_1", s2)
        s22 = find("action_line_2", s21)
        s23 = find("action_line_3", s22)
        s24 = find("gender_facts", s23)
        s3 = find("action_plan", s24)
        s4 = find("members_map", s3)
        s41 = find("engagement", s4)
        s42 = find("web_mentions", s41)
        s5 = find("annexes", s42)
        calendar = find("calendar", s5)
        a1 = find("annex_1", calendar)
        calendar_end = find("calendar_end", calendar, a1)
        a2 = find("annex_2", a1)
        a3 = find("annex_3", a2)
        a4 = find("annex_4", a3)
        infographics = find("infographics", a4)
        end = find("end", infographics)
        return cls(s1, s2, s21, s22, s23, s24, s3, s4, s41, s42, s5, calendar, calendar_end, a1, a2, a3, a4,
                   infographics, end)  # fmt: skip
