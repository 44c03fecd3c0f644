"""Extract every table and list of the report text into verbatim CSV files in data/raw/.

Rules (the raw layer is evidence, not interpretation):
- every cell is written exactly as printed: "Oui", blanks, "(N)", "P (2)", "✓", "v", "-";
- the only things removed are artefacts of the PDF-to-text conversion, never printed content:
  the ``<p>``/``</p>`` wrappers of some table cells, markdown emphasis (``**``), bullet dashes and
  the list numbering ``1.`` that the conversion turned into markdown;
- a table keeps one column per printed column under its printed header; a printed column with no
  header is written under ``(sans en-tête)``;
- every row carries ``source_line``: the 1-based line number in the report text;
- anything whose structure is not the one expected (a table with another header or column count,
  a missing heading) raises ExtractionError naming the line. Nothing is guessed.

Runs on the system Python (`make extract` calls `$(PYTHON_BOOT) -m metropolis_report.extract`, before .venv
exists): standard library only, in this module and in every package module it imports (config, schema,
source); tests/unit/test_system_python.py checks it.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import config

BLANK_HEADER = "(sans en-tête)"


class ExtractionError(ValueError):
    """The report text does not have the structure the extractor knows."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        where = f"line {line}" if line else "report"
        super().__init__(
            f"{where}: {message}. The extractor does not guess: adapt "
            "src/metropolis_report/extract.py to the new layout and review the result."
        )


# --------------------------------------------------------------------------- text helpers

_MARKUP = re.compile(r"</?p>|\*\*")
_PAGE_HEADER = re.compile(
    r"^\d{1,2} (Principaux résultats|Mise en place du Plan d'action 2018-2020|Cartographie des membres)$"
)


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
        self, text: str, start: int = 1, end: int | None = None, *, exact: bool = True, pattern: bool = False
    ) -> int:
        """Line number of the first line equal to (or starting with, or matching the regular expression)
        ``text`` in [start, end)."""
        stop = len(self.lines) + 1 if end is None else end
        for number in range(start, stop):
            line = self.line(number).strip()
            if re.match(text, line) if pattern else (line == text) if exact else line.startswith(text):
                return number
        raise ExtractionError(
            start,
            f"expected a line {'reading' if exact else 'starting with'} {text!r} "
            f"between lines {start} and {stop - 1}, found none",
        )


# --------------------------------------------------------------------------- markdown tables


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


_SEPARATOR = re.compile(r"^\|(\s*:?-*:?\s*\|)+$")


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
        if number + 1 >= end or not _SEPARATOR.match(report.line(number + 1).strip()):
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


def named_header(header: list[str]) -> list[str]:
    return [cell if cell else BLANK_HEADER for cell in header]


def require_header(table: Table, expected: list[str], what: str) -> None:
    if named_header(table.header) != expected:
        raise ExtractionError(
            table.header_line,
            f"the {what} table has header {named_header(table.header)!r}, expected {expected!r}",
        )


# --------------------------------------------------------------------------- output


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


# --------------------------------------------------------------------------- 4.1 and 4.2

ENGAGEMENT_HEADER = [
    "MEMBRE",
    "Membre activé*",
    "Paiement des cotisations 2020",
    "Participation aux réunions du Conseil d'administration",
    "Participation au Congrès de Metropolis",
    "Participation à des réunions bilatérales",
    "Projets pilote (leader [L]/partenaire [P])",
    "Membre analysé (système d'indicateurs métropolitains)",
    "Participation aux activités d'apprentissage",
    "Organisateurs ou intervenants aux événements de la Journée mondiale métropolitaine",
    "Participation aux événements de la Journée mondiale métropolitaine",
    "Adhésion à l'appel à repenser",
]
WEB_MENTIONS_HEADER = [
    "MEMBRE",
    "Actualités publiées sur le site internet de Metropolis",
    "Publications dans la bibliothèque du site de Metropolis",
    "Membre mentionné dans nos publications",
    "Cas publiés sur use",
    "Initiatives chargées sur C4GH",
]
TOTAL_LABELS = ("Total membres", "Total")
EVENTS_HEADER = ["Date de début", "Date de fin", "Titre", "Lieu"]
PILOT_HEADER = [BLANK_HEADER, "Nom du projet", "Leader", "Partenaires", "Ateliers"]
FUNDING_SHARES_COLUMNS = ["Origine des fonds", "Source", "Part", "source_line"]
FUNDING_TOTALS_COLUMNS = ["Origine des fonds", "Montant", "source_line"]
CLAIMS_COLUMNS = ["claim_id", "section", "texte", "valeur_imprimée", "value", "unit", "qualificatif", "source_line"]


def member_tables(
    report: Report, start: int, end: int, header: list[str], what: str
) -> tuple[list[list[str]], list[list[str]]]:
    """Member rows and printed total rows of a member table that runs over several pages."""
    tables = tables_between(report, start, end)
    if not tables:
        raise ExtractionError(start, f"no table found for {what}")
    members: list[list[str]] = []
    totals: list[list[str]] = []
    for table in tables:
        require_header(table, header, what)
        for number, cells in table.rows:
            if not cells[0]:
                raise ExtractionError(number, f"{what}: a row without a member name")
            target = totals if cells[0] in TOTAL_LABELS else members
            target.append(cells + [str(number)])
    return members, totals


# --------------------------------------------------------------------------- section 3

DELIVERABLES_HEADER = ["Mesures", "Résultats et documents livrables", BLANK_HEADER]
CONTINUATION_HEADER = [BLANK_HEADER] * 3


def action_plan(report: Report, start: int, end: int) -> RawTable:
    rows: list[list[str]] = []
    action_line = None
    tables = {t.header_line: t for t in tables_between(report, start, end)}
    for number in range(start, end):
        text = report.line(number).strip()
        if re.fullmatch(r"L[1-9]", text):
            action_line = text
        if number in tables:
            table = tables[number]
            if named_header(table.header) not in (DELIVERABLES_HEADER, CONTINUATION_HEADER):
                require_header(table, DELIVERABLES_HEADER, "action-plan")
            if action_line is None:
                raise ExtractionError(number, "an action-plan table before any 'L1'/'L2'/'L3' heading")
            for row_number, cells in table.rows:
                rows.append([action_line, *cells, str(row_number)])
    if not rows:
        raise ExtractionError(start, "no action-plan deliverable found")
    return RawTable("action_plan_deliverables", RAW_COLUMNS["action_plan_deliverables"], rows)


# --------------------------------------------------------------------------- lists


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


def comma_list(report: Report, number: int, prefix: str) -> list[tuple[int, str]]:
    line = report.line(number).strip()
    if not line.startswith(prefix):
        raise ExtractionError(number, f"expected a line starting with {prefix!r}")
    names = [name.strip() for name in line[len(prefix) :].split(",")]
    if any(not name for name in names):
        raise ExtractionError(number, "an empty name in a comma-separated list")
    return [(number, name) for name in names]


# The one-column lists of the report: raw file name -> header of the item column.
LIST_COLUMN = {
    "list_policy_statements": "Déclaration",
    "list_campaigns": "Campagne",
    "list_partner_publications": "Titre",
    "list_videos": "Titre",
    "list_city_managers_members": "Membre",
    "list_publications": "Titre",
    "list_funding_agreement_members": "Membre",
    "list_interns": "Nom",
    "list_staff_training": "Formation",
    "list_gender_mainstreaming_members": "Membre",
    "list_gender_debates": "Débat",
    "list_gender_campaigns": "Campagne",
    "list_women_governed_members": "Membre",
    "list_board_women_members": "Membre",
    "list_observatories": "Entrée",
}
RAW_LIST_COLUMNS = {
    **{name: ["Rang", column, "source_line"] for name, column in LIST_COLUMN.items()},
    "list_new_members": ["Rang", "Membre", "Entité", "source_line"],
    "list_publications_gender": ["Groupe", "Rang", "Titre", "source_line"],
    "list_staff": ["Rang", "Nom", "Fonction", "source_line"],
    "list_regional_secretaries": ["Rang", "Civilité", "Nom", "source_line"],
}


# Every raw CSV the pipeline reads, with its exact columns (the cleaning checks them).
RAW_COLUMNS = {
    "members_engagement": ENGAGEMENT_HEADER + ["source_line"],
    "members_engagement_totals": ENGAGEMENT_HEADER + ["source_line"],
    "members_web_mentions": WEB_MENTIONS_HEADER + ["source_line"],
    "members_web_mentions_totals": WEB_MENTIONS_HEADER + ["source_line"],
    "events_calendar": EVENTS_HEADER + ["source_line"],
    "action_plan_deliverables": ["Ligne d'action", *DELIVERABLES_HEADER, "source_line"],
    "pilot_projects": PILOT_HEADER + ["source_line"],
    "funding_shares": FUNDING_SHARES_COLUMNS,
    "funding_totals": FUNDING_TOTALS_COLUMNS,
    "headline_claims": CLAIMS_COLUMNS,
    **RAW_LIST_COLUMNS,
}


def simple_list(name: str, items: list[tuple[int, str]]) -> RawTable:
    if not items:
        raise ExtractionError(None, f"the list {name} is empty")
    return RawTable(
        name, RAW_LIST_COLUMNS[name], [[str(i), text, str(number)] for i, (number, text) in enumerate(items, 1)]
    )


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


def staff(report: Report, start: int, end: int) -> RawTable:
    rows = []
    for i, block in enumerate(blocks(report, start, end), 1):
        if len(block) < 2:
            raise ExtractionError(block[0][0], "a staff entry needs a name line and a role")
        (number, name), role_lines = block[0], block[1:]
        role = " ".join(text for _, text in role_lines)
        rows.append([str(i), name, role, str(number)])
    return RawTable("list_staff", RAW_LIST_COLUMNS["list_staff"], rows)


def new_members(report: Report, start: int, end: int) -> RawTable:
    rows = []
    for number in range(start, end):
        line = report.line(number).strip()
        if not line.startswith("- "):
            continue
        match = re.fullmatch(r"- \*\*(.+?)\.\*\* (.+)", line)
        if not match:
            raise ExtractionError(number, f"a new-member entry must read '- **Name.** Entity', got {line!r}")
        rows.append([str(len(rows) + 1), match.group(1), match.group(2), str(number)])
    if not rows:
        raise ExtractionError(start, "no new member listed")
    return RawTable("list_new_members", RAW_LIST_COLUMNS["list_new_members"], rows)


def regional_secretaries(report: Report, number: int) -> RawTable:
    line = report.line(number).strip()
    rows = []
    for i, entry in enumerate(line.split(","), 1):
        match = re.fullmatch(r"\s*(M\.|M\^\{me\})\s+(.+?)\s*", entry)
        if not match:
            raise ExtractionError(number, f"a regional secretary must read 'M. Name' or 'M^{{me}} Name', got {entry!r}")
        title = "Mme" if match.group(1) == "M^{me}" else "M."
        rows.append([str(i), title, match.group(2), str(number)])
    return RawTable("list_regional_secretaries", RAW_LIST_COLUMNS["list_regional_secretaries"], rows)


def publications_by_gender(report: Report, start: int, end: int) -> RawTable:
    """The 5.IV publication lists, each item under the printed group heading it stands in."""
    rows = []
    group = None
    for number, text in bullet_items(report, start, end):
        if text.endswith(":"):
            group = text.rstrip(" :")
            continue
        if group is None:
            raise ExtractionError(number, "a gender-perspective publication before any group heading")
        rows.append([group, str(len(rows) + 1), text, str(number)])
    return RawTable("list_publications_gender", RAW_LIST_COLUMNS["list_publications_gender"], rows)


# --------------------------------------------------------------------------- claims and funding

_NUMBER = re.compile(
    r"(?<![\w#/.,\-])"  # not glued to a word, hashtag or code
    r"(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:,\d+)?)"
    r"(?P<unit>\s?%|\s?€)?"
    r"(?![\w/\-]|,\d|\.\d)"
)
_YEAR = re.compile(r"^(19|20)\d\d$")
# Figures written out in words: the cardinals from "deux" and the ordinals from "deuxième" ("un", "une" and
# "premier" are also articles and adjectives, so they are not figures by their words alone).
NUMBER_WORDS = {
    **dict(
        zip(
            [
                "deux",
                "trois",
                "quatre",
                "cinq",
                "six",
                "sept",
                "huit",
                "neuf",
                "dix",
                "onze",
                "douze",
                "treize",
                "quatorze",
                "quinze",
                "seize",
            ],
            range(2, 17),
        )
    ),
    **{"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000},
}
ORDINAL_WORDS = dict(
    zip(
        [
            "deuxième",
            "troisième",
            "quatrième",
            "cinquième",
            "sixième",
            "septième",
            "huitième",
            "neuvième",
            "dixième",
            "onzième",
            "douzième",
            "treizième",
            "quatorzième",
            "quinzième",
            "seizième",
        ],
        range(2, 17),
    )
)
_NUMBER_WORD = re.compile(
    r"(?<![\w\-])(?P<word>"
    + "|".join(sorted({**NUMBER_WORDS, **ORDINAL_WORDS}, key=len, reverse=True))
    + r")(?![\w\-])",
    re.IGNORECASE,
)


def word_figures(text: str) -> list[tuple[int, int, str, int]]:
    """Figures written out in words: (start, end, word as printed, value)."""
    out = []
    for m in _NUMBER_WORD.finditer(text):
        word = m.group("word")
        value = {**NUMBER_WORDS, **ORDINAL_WORDS}[word.lower()]
        out.append((m.start(), m.end(), word, value))
    return out


_QUALIFIER = re.compile(r"(?<!\w)(plus de|près de|\+)\s*$", re.IGNORECASE)


def parse_french_number(text: str) -> str:
    """'2 450' -> '2450', '15,6' -> '15.6' (kept as text: the raw layer types nothing)."""
    return re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")


def claim_blocks(report: Report, start: int, end: int) -> list[tuple[int, list[tuple[int, str]]]]:
    """Units of text that carry figures: a bullet, a paragraph, or a stacked figure + its label.

    In the infographic layout a figure stands alone ("Plus", "de 400") and its label follows
    after a blank line; such a figure-only block is joined with the next block.
    """
    units: list[tuple[int, list[tuple[int, str]]]] = []
    for block in blocks(report, start, end):
        current: list[tuple[int, str]] = []
        for number, text in block:
            if _PAGE_HEADER.match(text):
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
        elif re.fullmatch(r"(?i)(plus de |près de |\+ )?[\d  ,]+( ?%)?", joined.replace("\n", " ")):
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
        if line.startswith("|") and not _SEPARATOR.match(line):
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


def claims(report: Report, sections: list[tuple[str, int, int]], extra=()) -> RawTable:
    """Every figure of the given sections, in reading order, numbered per section; then the figures of the
    ``extra`` units (section, units: table cells, notes); then every figure written out in words, numbered per
    section after a 'w' (so that adding a kind of figure never renumbers the others)."""
    rows = []
    every = [(section, claim_blocks(report, start, end)) for section, start, end in sections] + list(extra)
    for section, units in every:
        counter = 0
        for _, unit in units:
            text = " ".join(t for _, t in unit)
            text = re.sub(r"\s+", " ", text).strip()
            for number, line in unit:
                for match in _NUMBER.finditer(line):
                    value = match.group("number")
                    if _YEAR.match(value) and not match.group("unit"):
                        continue  # a year ("en 2020", "2018-2020"), not a figure
                    unit_text = (match.group("unit") or "").strip()
                    qualifier_match = _QUALIFIER.search(_prefix_in_unit(unit, number, match.start()))
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
                for _start, _end, word, value in word_figures(line):
                    counter += 1
                    ordinal = word.lower() in ORDINAL_WORDS
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
    return RawTable(
        "headline_claims",
        CLAIMS_COLUMNS,
        rows,
    )


def _prefix_in_unit(unit: list[tuple[int, str]], number: int, offset: int) -> str:
    """The text of the unit that precedes a figure (so 'Plus' + 'de 400' reads 'Plus de')."""
    before = []
    for line_number, text in unit:
        if line_number == number:
            before.append(text[:offset])
            break
        before.append(text)
    return " ".join(before)


def funding(report: Report, start: int, end: int) -> tuple[RawTable, RawTable]:
    shares, totals = [], []
    heading = None
    for number in range(start, end):
        text = clean_cell(report.line(number))
        if text.startswith("Origine des fonds"):
            heading = text
            continue
        share = re.fullmatch(r"- (.+?)\s*(\d+ ?%)", text)
        amount = re.fullmatch(r"(\d{1,3}(?: \d{3})*) €", text)
        if share:
            if heading is None:
                raise ExtractionError(number, "a funding share before any 'Origine des fonds' heading")
            shares.append([heading, share.group(1), share.group(2), str(number)])
        elif amount:
            if heading is None:
                raise ExtractionError(number, "a funding amount before any 'Origine des fonds' heading")
            totals.append([heading, text, str(number)])
    if not shares or len(totals) != 2:
        raise ExtractionError(start, f"expected funding shares and 2 amounts, found {len(shares)} and {len(totals)}")
    return (
        RawTable("funding_shares", FUNDING_SHARES_COLUMNS, shares),
        RawTable("funding_totals", FUNDING_TOTALS_COLUMNS, totals),
    )


# --------------------------------------------------------------------------- the whole report


@dataclass(frozen=True)
class Sections:
    """Line numbers of the report's section headings, each found by its words, in reading order."""

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
    def find(cls, report: Report) -> Sections:
        """Every heading must exist, in this order: a report with another structure stops here, naming the line."""
        find = report.find
        s1 = find("1. Introduction")
        s2 = find("2. Principaux résultats", s1 + 1)
        s21 = find("2.1. Ligne d'action 1", s2)
        s22 = find("Ligne d'action 2", s21)  # printed without its "2.2." number
        s23 = find("2.3. Ligne d'action 3", s22)
        s24 = find("2.4. Principaux faits concernant l'égalité des sexes", s23)
        s3 = find("3. Mise en place du Plan d'action 2018-2020", s24)
        s4 = find("4. Cartographie des membres", s3)
        s41 = find("4.1. Engagement de nos membres", s4)
        s42 = find("4.2. Membres mentionnés sur notre site web", s41)
        s5 = find("5. Annexes", s42)
        calendar = find("CALENDRIER DES ÉVÉNEMENTS", s5)
        a1 = find("5.I. Ligne d'action 1", calendar)
        calendar_end = find(r"- [\d\s]+ événements de Metropolis", calendar, a1, pattern=True)
        a2 = find("5.II. Ligne d'action 2.", a1)
        a3 = find("5.III. Ligne d'action 3.", a2)
        a4 = find("5. IV. Principaux faits concernant l'égalité des sexes", a3)
        infographics = find("Sources de financement", a4)
        end = find("Ce rapport a été édité avec le soutien financier de :", infographics)
        return cls(s1, s2, s21, s22, s23, s24, s3, s4, s41, s42, s5, calendar, calendar_end, a1, a2, a3, a4,
                   infographics, end)  # fmt: skip


def _member_tables(report: Report, at: Sections) -> list[RawTable]:
    """Tables 4.1 and 4.2 and their printed total rows."""
    out = []
    for name, header, start, end, what in (
        ("members_engagement", ENGAGEMENT_HEADER, at.s41, at.s42, "member engagement (4.1)"),
        ("members_web_mentions", WEB_MENTIONS_HEADER, at.s42, at.s5, "web mentions (4.2)"),
    ):
        members, totals = member_tables(report, start, end, header, what)
        out.append(RawTable(name, header + ["source_line"], members))
        out.append(RawTable(f"{name}_totals", header + ["source_line"], totals))
    return out


def _calendar(report: Report, at: Sections) -> RawTable:
    rows = []
    for table in tables_between(report, at.calendar, at.calendar_end):
        require_header(table, EVENTS_HEADER, "events calendar")
        rows += [cells + [str(number)] for number, cells in table.rows]
    return RawTable("events_calendar", EVENTS_HEADER + ["source_line"], rows)


def _pilot_projects(report: Report, at: Sections) -> RawTable:
    """The pilot projects of 5.II: one table between its heading and the city managers' debates."""
    pilots_at = report.find("Projets pilotes", at.a2, at.a3)
    end = report.find("Débats des gestionnaires municipaux. Membres activés :", pilots_at)
    found = tables_between(report, pilots_at, end)
    if len(found) != 1:
        raise ExtractionError(pilots_at, f"expected one pilot-projects table, found {len(found)}")
    require_header(found[0], PILOT_HEADER, "pilot projects")
    return RawTable("pilot_projects", PILOT_HEADER + ["source_line"], [cells + [str(n)] for n, cells in found[0].rows])


def _annex_lists(report: Report, at: Sections) -> list[RawTable]:
    """The lists of annexes 5.I to 5.III: each between its heading and the next one, found by their words."""
    find = report.find
    out = [new_members(report, find("Nouveaux membres :", at.s5), at.calendar)]
    statements = find("Déclarations de politiques", at.a1, at.a2)
    campaigns = find("Campagnes mondiales", statements, at.a2)
    partners = find("Organisations partenaires", campaigns, at.a2)
    partner_pubs = find("Contribution à des publications de partenaires", partners, at.a2)
    videos = find("Vidéos", partner_pubs, at.a2)
    media = find("Mentions dans les médias", videos, at.a2)
    managers = find("Débats des gestionnaires municipaux. Membres activés :", at.a2, at.a3)
    publications = find("Nouvelles publications", managers, at.a3)
    publications_end = find("Issue papers publiés", publications, at.a3, exact=False)
    observatories = find("Observatoires mondiaux", publications_end, at.a3)
    learning = find("Apprentissage et développement des capacités", observatories, at.a3, exact=False)
    agreements = find(
        "Membres avec qui nous avons signé des accords pour financer des projets et des activités", at.a3, at.a4
    )
    cglu = find("Événements organisés par CGLU", agreements, at.a4, exact=False)
    staff_at = find("Staff at the Secretariat General", cglu, at.a4)
    interns = find("Stagiaires", staff_at, at.a4)
    training = find("Formation du personnel", interns, at.a4)
    for name, start, end in (
        ("list_policy_statements", statements, campaigns),
        ("list_campaigns", campaigns, partners),
        ("list_partner_publications", partner_pubs, videos),
        ("list_videos", videos, media),
        ("list_city_managers_members", managers, publications),
        ("list_publications", publications, publications_end),
        ("list_observatories", observatories, learning),
        ("list_funding_agreement_members", agreements, cglu),
    ):
        out.append(simple_list(name, bullet_items(report, start + 1, end)))
    out.append(staff(report, staff_at + 1, interns))
    out.append(simple_list("list_interns", bullet_items(report, interns + 1, training)))
    out.append(simple_list("list_staff_training", bullet_items(report, training + 1, at.a4)))
    return out


def _gender_lists(report: Report, at: Sections) -> list[RawTable]:
    """The lists of annex 5.IV (gender equality)."""
    find = report.find
    involved = find("Membres impliqués", at.a4, at.infographics)
    debates = find("Débats organisés, coorganisés ou en intervenant", involved, at.infographics)
    gender_campaigns = find("Campagnes", debates, at.infographics)
    campaigns_end = find("L2 Capacités à mettre en œuvre la gouvernance métropolitaine", gender_campaigns)
    gender_pubs = find("Publications de Metropolis", gender_campaigns, at.infographics)
    culture = find("L3 Culture interne de gouvernance", gender_pubs, at.infographics)
    governed_prefix = "Membres gouvernés par des femmes (en date du 31 décembre 2020) :"
    governed = find(governed_prefix, culture, at.infographics, exact=False)
    board_prefix = "Membres représentés par des femmes au Conseil d'administration de Metropolis :"
    board = find(board_prefix, culture, at.infographics, exact=False)
    secretaries = find("Secrétaires régionaux :", board, at.infographics)
    return [
        simple_list("list_gender_mainstreaming_members", comma_list(report, report.next_text(involved), "")),
        simple_list("list_gender_debates", bullet_items(report, debates + 1, gender_campaigns)),
        simple_list("list_gender_campaigns", bullet_items(report, gender_campaigns + 1, campaigns_end)),
        publications_by_gender(report, gender_pubs + 1, culture),
        simple_list("list_women_governed_members", comma_list(report, governed, governed_prefix)),
        simple_list("list_board_women_members", comma_list(report, board, board_prefix)),
        regional_secretaries(report, report.next_text(secretaries)),
    ]


def _claims(report: Report, at: Sections) -> RawTable:
    """The figures of the prose (sections 1, 2, the calendar's summary, the infographics), of the action plan's
    cells (3) and of the notes under the member tables (4)."""
    return claims(
        report,
        [
            ("2", at.s2 + 1, at.s21),
            ("2.1", at.s21 + 1, at.s22),
            ("2.2", at.s22 + 1, at.s23),
            ("2.3", at.s23 + 1, at.s24),
            ("2.4", at.s24 + 1, at.s3),
            ("5", at.calendar_end, at.a1),
            ("5.V", at.infographics, at.end),
            ("1", at.s1 + 1, at.s2),
        ],
        [("3", table_cell_units(report, at.s3 + 1, at.s4)), ("4", note_units(report, at.s4 + 1, at.s5))],
    )


def extract(text: str) -> list[RawTable]:
    """Every table and list of the report, in the order of data/raw/."""
    report = Report.from_text(text)
    at = Sections.find(report)
    shares, amounts = funding(report, at.s23, at.s24)
    return [
        *_member_tables(report, at),
        action_plan(report, at.s3, at.s4),
        _calendar(report, at),
        _pilot_projects(report, at),
        *_annex_lists(report, at),
        *_gender_lists(report, at),
        shares,
        amounts,
        _claims(report, at),
    ]


_HEADING_NUMBER = re.compile(r"^(\d+(\.\s?[IVX\d]+)*\.\s|Ligne d'action \d)")


def figure_census(text: str) -> list[tuple[int, str]]:
    """Every figure printed in the report's prose and totals, found line by line and independently of the
    claims catalogue: (line, figure as printed). Digits (years excepted) and figures written out in words,
    in the introduction, sections 2 to 4 (the action plan's cells, the notes and the total rows of the member
    tables; not their member rows, which the totals sum), the calendar summary and the infographics page.
    Headings' numbers, page headers and the annex lists and calendar (names, titles and dates) are not figures
    of the prose."""
    report = Report.from_text(text)
    find = report.find
    s1 = find("1. Introduction")
    s41 = find("4.1. Engagement de nos membres", s1)
    s5 = find("5. Annexes", s41)
    calendar = find("CALENDRIER DES ÉVÉNEMENTS", s5)
    a1 = find("5.I. Ligne d'action 1", calendar)
    summary = find(r"- [\d\s]+ événements de Metropolis", calendar, a1, pattern=True)
    infographics = find("Sources de financement", a1)
    end = find("Ce rapport a été édité avec le soutien financier de :", infographics)
    found = []
    for start, stop in ((s1 + 1, s5), (summary, a1), (infographics, end)):
        for number in range(start, stop):
            line = report.line(number).strip()
            if _SEPARATOR.match(line):
                continue
            if line.startswith("|"):
                cells = split_row(line, number)
                if start == s1 + 1 and number > s41 and cells[0] not in TOTAL_LABELS:
                    continue  # a member row: its cells are data, checked through the total rows
                texts = cells
            else:
                texts = [clean_cell(line)]
            for t in texts:
                if not t or _PAGE_HEADER.match(t) or (_HEADING_NUMBER.match(t) and len(t) < 90):
                    continue  # a heading's number is not a figure
                for match in _NUMBER.finditer(t):
                    if not (_YEAR.match(match.group("number")) and not match.group("unit")):
                        found.append((number, match.group(0).strip()))
                found += [(number, word) for _, _, word, _ in word_figures(t)]
    return found


def write_all(tables: list[RawTable], folder: Path) -> list[Path]:
    from .schema import write_atomic

    written = []
    for table in tables:
        write_atomic(folder / f"{table.name}.csv", table.to_csv())
        written.append(folder / f"{table.name}.csv")
    return written


def main(argv: list[str] | None = None) -> int:
    from .source import SourceError, verify

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else config.RAW_DIR
    try:
        verify()
        tables = extract(config.REPORT_TEXT.read_text(encoding="utf-8"))
    except (SourceError, ExtractionError) as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 1
    for path in write_all(tables, folder):
        rows = path.read_text(encoding="utf-8").count("\n") - 1
        print(f"  {path.name:45s} {rows:4d} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
