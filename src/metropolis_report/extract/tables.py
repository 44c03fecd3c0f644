"""The tables and lists of the report, each under its printed header (member tables, action plan, staff,
new members, regional secretaries, publications by gender, funding).

Runs on the system Python (`make extract`, before .venv exists): it must stay standard-library only.
"""

from __future__ import annotations

import re

from metropolis_report.extract.report import (
    BLANK_HEADER,
    ExtractionError,
    RawTable,
    Report,
    blocks,
    bullet_items,
    clean_cell,
    named_header,
    require_header,
    tables_between,
)

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
