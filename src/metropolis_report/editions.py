"""The editions of the report the project can build, declared once in metadata/editions.csv.

One row per edition: its id (``2020-fr``), the report text (a path under data/raw/; the tables extracted from it
are written beside it), the text's SHA-256, the year the report covers, its language, title and publisher, and
the layout it uses (``metadata/layouts/<layout>/``: every string the code matches in the report's text). The
first row is the default edition. A build chooses another with ``make report EDITION=<id>`` (the notebooks:
``edition = "<id>"`` in their parameters cell; the modules that make runs: the environment variable
``METRO_EDITION``).

Runs on the system Python (`make verify`, `make extract` and make's parameter check import it before .venv
exists): it must stay standard-library only.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from metropolis_report import config, schema

ENV = "METRO_EDITION"  # the edition of the modules make runs (extract, index, pdf), set by make from EDITION=
COLUMNS = ["edition", "report_file", "sha256", "year", "language", "title", "publisher", "layout"]
LANGUAGES = {"fr": "French", "en": "English", "es": "Spanish"}  # the words of an edition's language code


class EditionError(ValueError):
    """An edition id that editions.csv does not declare, or a row of it that cannot be used."""


@dataclass(frozen=True)
class Edition:
    edition: str
    report_file: str
    sha256: str
    year: int
    language: str
    title: str
    publisher: str
    layout: str

    @property
    def report_path(self) -> Path:
        """The report text of this edition (under data/raw/)."""
        return config.RAW_DIR / self.report_file

    @property
    def raw_dir(self) -> Path:
        """Where the tables extracted from this edition's text live: beside the text."""
        return self.report_path.parent

    def layout_name(self, name: str) -> str:
        """A file of this edition's layout as a name of metadata/ (for ``schema.rows`` and ``schema.lookup``)."""
        return f"layouts/{self.layout}/{name}"

    def layout_file(self, name: str) -> Path:
        """A file of this edition's layout (metadata/layouts/<layout>/), noted as read like all metadata."""
        return schema.metadata_file(f"layouts/{self.layout}/{name}")

    @property
    def language_name(self) -> str:
        return LANGUAGES.get(self.language, self.language)

    @property
    def is_default(self) -> bool:
        return self.edition == default().edition

    @property
    def citation(self) -> str:
        """The source as a reference: publisher, title, the year and its basis, edition language. The text of the
        report prints no date of publication, so the year given is the year the report covers, and says so."""
        return (
            f"{self.publisher}, « {self.title} », annual report covering {self.year} ({self.language_name} edition; "
            "no date of publication is printed)"
        )

    @property
    def publisher_short(self) -> str:
        """The publisher's name without its description ("Metropolis")."""
        return self.publisher.split(" – ")[0]

    @property
    def short(self) -> str:
        """The source in a figure caption: title, publisher, the year it covers and edition language."""
        return (
            f"{self.title} ({self.publisher_short}, annual report covering {self.year}, {self.language_name} edition)"
        )

    @property
    def bibtex(self) -> str:
        """The source as its own BibTeX entry, beside the software's: the year is the year covered (the basis is in
        the note, since the report prints no date of publication)."""
        return "\n".join(
            [
                f"@misc{{metropolis_source_{self.edition.replace('-', '_')},",
                f"  author   = {{{{{self.publisher}}}}},",
                f"  title    = {{{self.title}}},",
                f"  year     = {{{self.year}}},",
                f"  language = {{{self.language}}},",
                f"  note     = {{Annual report covering {self.year}, {self.language_name} edition; no date of "
                "publication is printed, the year is the year covered},",
                "}",
            ]
        )

    @property
    def book_title(self) -> str:
        return f"{self.publisher_short} annual report {self.year}: data and evidence"


def _row(line: int, row: dict[str, str]) -> Edition:
    where = f"metadata/editions.csv line {line}"
    missing = [c for c in COLUMNS if not (row.get(c) or "").strip()]
    if missing:
        raise EditionError(f"{where}: every column is required; empty: {', '.join(missing)}")
    if any(c.isspace() for c in row["report_file"] + row["layout"] + row["edition"]):
        raise EditionError(f"{where}: the edition id, report file and layout may not contain blanks")
    try:
        year = int(row["year"])
    except ValueError:
        raise EditionError(f"{where}: the year {row['year']!r} is not a whole number") from None
    return Edition(**{**{c: row[c].strip() for c in COLUMNS}, "year": year})


@cache
def _declared(path: Path) -> tuple[Edition, ...]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise EditionError(f"metadata/editions.csv has the columns {reader.fieldnames}, expected {COLUMNS}")
        found = tuple(_row(line, row) for line, row in enumerate(reader, start=2))
    ids = [e.edition for e in found]
    if not found or len(set(ids)) != len(ids):
        raise EditionError(f"metadata/editions.csv must declare at least one edition, each once; found {ids}")
    return found


def declared() -> tuple[Edition, ...]:
    """Every edition, in the file's order (the first is the default)."""
    return _declared(schema.metadata_file("editions.csv"))


def reload() -> None:
    """Read metadata/editions.csv again (after `make edition` adds a row)."""
    _declared.cache_clear()


def ids() -> list[str]:
    return [e.edition for e in declared()]


def default() -> Edition:
    return declared()[0]


def unknown(given: str) -> str:
    """The paragraph for an edition id editions.csv does not declare."""
    known = ", ".join(f"{e.edition} ({e.title}, {e.year}, {e.language_name})" for e in declared())
    return (
        f"Edition {given!r} is not declared in metadata/editions.csv. The known editions are: {known}; the "
        f"default is {default().edition}. Build one with `make report EDITION=<id>`; add a new one with "
        "`make edition FILE=<text> EDITION=<id>` (docs/new-edition.md). Nothing was run."
    )


def get(edition: str | None = None) -> Edition:
    """The edition of this id; None: the one the environment names (``METRO_EDITION``), else the default."""
    wanted = edition if edition not in (None, "") else os.environ.get(ENV) or default().edition
    for found in declared():
        if found.edition == wanted:
            return found
    raise EditionError(unknown(wanted))


def current() -> Edition:
    return get(None)


def reviewed_rows(edition: Edition | None = None) -> dict[str, int]:
    """The reviewed row count of each table that has one, for an edition: metadata/tables.csv gives the default
    edition's, metadata/edition_rows.csv (edition, table, rows) another edition's where it differs."""
    edition = edition or current()
    counts = {name: table.rows for name, table in schema.tables().items() if table.rows is not None}
    for row in schema.rows("edition_rows.csv"):
        if row["edition"] == edition.edition and not edition.is_default:
            if row["table"] not in counts:
                raise EditionError(
                    f"metadata/edition_rows.csv gives rows for {row['table']!r}, which has no reviewed row count "
                    "in metadata/tables.csv"
                )
            counts[row["table"]] = int(row["rows"])
    return counts


def use(edition: str | None) -> Edition:
    """Make this edition the one of the running process (a notebook's ``edition`` parameter, through
    ``parameters.check``): every module then reads it through :func:`current`."""
    chosen = get(edition)
    os.environ[ENV] = chosen.edition
    return chosen
