"""The layout of an edition: every string the code matches in the report's text, read from
metadata/layouts/<layout>/ (docs/layouts.md describes the files).

- ``sections.csv``: the headings, list titles, prefixes and end markers the extractor finds (key, text, match:
  exact | prefix | pattern);
- ``headers.csv``: every raw table's columns in order: a stable key, the header as printed (or the name the
  extractor gives a column the report does not head) and its kind (printed | blank | named);
- ``words.csv``: the other words of the report the code matches (total-row labels, yes marks, the qualifiers of a
  figure, the words a claim or a calendar title is recognised by);
- ``number_words.csv``: the figures written out in words (cardinals and ordinals).

The code names a string by its key only, so an edition whose text differs in wording, order or year needs an
edit of these files and nothing else. Runs on the system Python (`make extract` imports it before .venv exists):
standard library only.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FILES = {
    "sections.csv": ["key", "text", "match", "note"],
    "headers.csv": ["raw_table", "column", "printed", "kind"],
    "words.csv": ["key", "text", "in_text", "note"],
    "number_words.csv": ["word", "value", "kind"],
}
MATCHES = ("exact", "prefix", "pattern")
HEADER_KINDS = ("printed", "blank", "named")
SOURCE_LINE = "source_line"  # the column the extractor adds to every raw table: the line of the report
# the total rows of a member table are written under the member table's own columns
TOTALS = {"members_engagement_totals": "members_engagement", "members_web_mentions_totals": "members_web_mentions"}


class LayoutError(ValueError):
    """A layout file that cannot be used, or a key the code asks for that it does not declare."""


@dataclass(frozen=True)
class Heading:
    key: str
    text: str
    match: str  # exact: the line reads text; prefix: the line starts with it; pattern: a regular expression
    row: int  # the line of sections.csv


@dataclass(frozen=True)
class Header:
    raw_table: str
    key: str
    printed: str  # as printed ("" for a column printed without a header)
    kind: str
    row: int  # the line of headers.csv


@dataclass(frozen=True)
class Layout:
    name: str  # the layout id (the folder's name)
    sections: dict[str, Heading]
    headers: dict[str, tuple[Header, ...]]
    words: dict[str, tuple[str, bool, int]]  # key -> (text, occurs in the report's text, line of words.csv)
    numbers: dict[str, tuple[int, str]]  # word (lower case) -> (value, cardinal | ordinal)

    def where(self, file: str, row: int | None = None, key: str | None = None) -> str:
        """The file (and row) to edit, as a message names it."""
        at = f" line {row}" if row else ""
        named = f" (key {key!r})" if key else ""
        return f"metadata/layouts/{self.name}/{file}{at}{named}"

    def heading(self, key: str) -> Heading:
        try:
            return self.sections[key]
        except KeyError:
            raise LayoutError(f"{self.where('sections.csv')} declares no heading {key!r}") from None

    def period(self, key: str) -> str:
        """The span of years a heading prints ("2018-2020" in the action plan's title): the plan's period is the
        report's wording, not a figure, and changes with the edition."""
        found = re.search(r"(19|20)\d\d\s*[-–]\s*(19|20)\d\d", self.heading(key).text)
        if not found:
            raise LayoutError(f"{self.where('sections.csv', self.heading(key).row, key)}: the heading prints no years")
        return found.group(0)

    def word(self, key: str) -> str:
        try:
            return self.words[key][0]
        except KeyError:
            raise LayoutError(f"{self.where('words.csv')} declares no word {key!r}") from None

    def word_row(self, key: str) -> int:
        return self.words[key][2]

    def table(self, raw_table: str) -> tuple[Header, ...]:
        try:
            return self.headers[TOTALS.get(raw_table, raw_table)]
        except KeyError:
            raise LayoutError(
                f"{self.where('headers.csv')} declares no column of the raw table {raw_table!r}"
            ) from None

    def name_of(self, header: Header) -> str:
        """The raw CSV's name of a column: as printed, or the blank-header name for a column printed without one."""
        return self.word("blank_header") if header.kind == "blank" else header.printed

    def printed_header(self, raw_table: str) -> list[str]:
        """The header a table of the report prints, cell by cell, each named as the raw CSV names it."""
        return [self.name_of(h) for h in self.table(raw_table) if h.kind != "named"]

    def columns(self, raw_table: str) -> list[str]:
        """The columns of a raw CSV, in order (``source_line`` last)."""
        return [self.name_of(h) for h in self.table(raw_table)] + [SOURCE_LINE]

    def keys(self, raw_table: str) -> list[str]:
        return [h.key for h in self.table(raw_table)] + [SOURCE_LINE]

    def column(self, raw_table: str, key: str) -> str:
        """The raw CSV's name of the column of this key (``source_line`` is its own name)."""
        if key == SOURCE_LINE:
            return key
        for h in self.table(raw_table):
            if h.key == key:
                return self.name_of(h)
        raise LayoutError(f"{self.where('headers.csv')} declares no column {key!r} of the raw table {raw_table!r}")

    def header_row(self, raw_table: str, key: str) -> int:
        return next(h.row for h in self.table(raw_table) if h.key == key)

    def total_labels(self) -> tuple[str, str]:
        return (self.word("total_members"), self.word("total_sum"))

    def qualifiers(self) -> tuple[str, ...]:
        return (self.word("qualifier_more"), self.word("qualifier_about"), self.word("qualifier_plus"))


def _rows(path: Path, file: str, layout: str) -> list[tuple[int, dict[str, str]]]:
    where = f"metadata/layouts/{layout}/{file}"
    if not path.exists():
        raise LayoutError(f"{where} is missing: every layout declares {', '.join(FILES)}")
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != FILES[file]:
            raise LayoutError(f"{where} has the columns {reader.fieldnames}, expected {FILES[file]}")
        return list(enumerate(reader, start=2))


def parse(paths: dict[str, Path], name: str) -> Layout:
    """A layout from its four files (``paths``: file name -> path)."""
    sections: dict[str, Heading] = {}
    for row, r in _rows(paths["sections.csv"], "sections.csv", name):
        where = f"metadata/layouts/{name}/sections.csv line {row}"
        if r["match"] not in MATCHES or not r["key"] or not r["text"]:
            raise LayoutError(f"{where}: a key, a text and a match among {MATCHES} are required")
        if r["key"] in sections:
            raise LayoutError(f"{where}: the key {r['key']!r} is declared twice")
        if r["match"] == "pattern":
            try:
                re.compile(r["text"])
            except re.error as err:
                raise LayoutError(f"{where}: {r['text']!r} is not a regular expression ({err})") from None
        sections[r["key"]] = Heading(r["key"], r["text"], r["match"], row)
    headers: dict[str, list[Header]] = {}
    for row, r in _rows(paths["headers.csv"], "headers.csv", name):
        where = f"metadata/layouts/{name}/headers.csv line {row}"
        if r["kind"] not in HEADER_KINDS or not r["raw_table"] or not r["column"]:
            raise LayoutError(f"{where}: a raw table, a column key and a kind among {HEADER_KINDS} are required")
        if (r["kind"] == "blank") != (r["printed"] == ""):
            raise LayoutError(f"{where}: a column is of kind 'blank' exactly when its printed header is empty")
        if any(h.key == r["column"] for h in headers.get(r["raw_table"], [])):
            raise LayoutError(f"{where}: the column {r['column']!r} of {r['raw_table']} is declared twice")
        headers.setdefault(r["raw_table"], []).append(Header(r["raw_table"], r["column"], r["printed"], r["kind"], row))
    words: dict[str, tuple[str, bool, int]] = {}
    for row, r in _rows(paths["words.csv"], "words.csv", name):
        where = f"metadata/layouts/{name}/words.csv line {row}"
        if not r["key"] or not r["text"] or r["in_text"] not in ("yes", "no") or r["key"] in words:
            raise LayoutError(f"{where}: a key declared once, a text and in_text yes or no are required")
        words[r["key"]] = (r["text"], r["in_text"] == "yes", row)
    numbers: dict[str, tuple[int, str]] = {}
    for row, r in _rows(paths["number_words.csv"], "number_words.csv", name):
        where = f"metadata/layouts/{name}/number_words.csv line {row}"
        if not r["value"].isdigit() or r["kind"] not in ("cardinal", "ordinal") or not r["word"]:
            raise LayoutError(f"{where}: a word, a whole value and a kind cardinal or ordinal are required")
        numbers[r["word"].lower()] = (int(r["value"]), r["kind"])
    return Layout(name, sections, {t: tuple(h) for t, h in headers.items()}, words, numbers)


def read(folder: Path) -> Layout:
    """The layout held in ``folder`` (a copy edited by a test, a candidate layout of a new edition); the build
    reads an edition's layout through :func:`of`, which notes the reads for make."""
    return parse({file: Path(folder) / file for file in FILES}, Path(folder).name)


@cache
def _of(layout: str) -> Layout:
    from metropolis_report import editions

    edition = next(e for e in editions.declared() if e.layout == layout)
    return parse({file: edition.layout_file(file) for file in FILES}, layout)


def of(edition=None) -> Layout:
    """The layout of an edition (None: the edition of the running process)."""
    from metropolis_report import editions

    return _of((edition or editions.current()).layout)


def current() -> Layout:
    return of(None)
