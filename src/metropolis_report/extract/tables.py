"""The tables and lists of the report, each under its printed header (member tables, action plan, staff,
new members, regional secretaries, publications by gender, funding). The headers, total-row labels and other
words are the layout's (metadata/layouts/<layout>/, read by metropolis_report.wording).

Runs on the system Python (`make extract`, before .venv exists): it must stay standard-library only.
"""

from __future__ import annotations

import re

from metropolis_report import wording
from metropolis_report.extract.report import (
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
from metropolis_report.wording import Layout

# The one-column lists of the report (their columns: the layout's headers.csv).
LISTS = (
    "list_policy_statements",
    "list_campaigns",
    "list_partner_publications",
    "list_videos",
    "list_city_managers_members",
    "list_publications",
    "list_funding_agreement_members",
    "list_interns",
    "list_staff_training",
    "list_gender_mainstreaming_members",
    "list_gender_debates",
    "list_gender_campaigns",
    "list_women_governed_members",
    "list_board_women_members",
    "list_observatories",
)


# Every raw CSV the pipeline reads (the cleaning checks its columns against the layout's).
RAW_TABLES = (
    "members_engagement",
    "members_engagement_totals",
    "members_web_mentions",
    "members_web_mentions_totals",
    "events_calendar",
    "action_plan_deliverables",
    "pilot_projects",
    "funding_shares",
    "funding_totals",
    "headline_claims",
    *LISTS,
    "list_new_members",
    "list_publications_gender",
    "list_staff",
    "list_regional_secretaries",
)


def raw_columns(layout: Layout | None = None) -> dict[str, list[str]]:
    """Every raw CSV with its exact columns, as the layout names them."""
    layout = layout or wording.current()
    return {name: layout.columns(name) for name in RAW_TABLES}


def member_tables(
    report: Report, start: int, end: int, raw_table: str, what: str, layout: Layout | None = None
) -> tuple[list[list[str]], list[list[str]]]:
    """Member rows and printed total rows of a member table that runs over several pages."""
    layout = layout or wording.current()
    tables = tables_between(report, start, end)
    if not tables:
        raise ExtractionError(start, f"no table found for {what}")
    members: list[list[str]] = []
    totals: list[list[str]] = []
    labels = layout.total_labels()
    for table in tables:
        require_header(table, raw_table, what, layout)
        for number, cells in table.rows:
            if not cells[0]:
                raise ExtractionError(number, f"{what}: a row without a member name")
            target = totals if cells[0] in labels else members
            target.append(cells + [str(number)])
    return members, totals


def action_plan(report: Report, start: int, end: int, layout: Layout | None = None) -> RawTable:
    layout = layout or wording.current()
    name = "action_plan_deliverables"
    continuation = [layout.word("blank_header")] * len(layout.printed_header(name))
    rows: list[list[str]] = []
    action_line = None
    tables = {t.header_line: t for t in tables_between(report, start, end)}
    for number in range(start, end):
        text = report.line(number).strip()
        if re.fullmatch(r"L[1-9]", text):
            action_line = text
        if number in tables:
            table = tables[number]
            if named_header(table.header, layout) != continuation:  # a page's continuation prints no header
                require_header(table, name, "action-plan", layout)
            if action_line is None:
                raise ExtractionError(number, "an action-plan table before any 'L1'/'L2'/'L3' heading")
            for row_number, cells in table.rows:
                rows.append([action_line, *cells, str(row_number)])
    if not rows:
        raise ExtractionError(start, "no action-plan deliverable found")
    return RawTable(name, layout.columns(name), rows)


def simple_list(name: str, items: list[tuple[int, str]], layout: Layout | None = None) -> RawTable:
    if not items:
        raise ExtractionError(None, f"the list {name} is empty")
    return RawTable(
        name,
        (layout or wording.current()).columns(name),
        [[str(i), text, str(number)] for i, (number, text) in enumerate(items, 1)],
    )


def staff(report: Report, start: int, end: int, layout: Layout | None = None) -> RawTable:
    rows = []
    for i, block in enumerate(blocks(report, start, end), 1):
        if len(block) < 2:
            raise ExtractionError(block[0][0], "a staff entry needs a name line and a role")
        (number, name), role_lines = block[0], block[1:]
        role = " ".join(text for _, text in role_lines)
        rows.append([str(i), name, role, str(number)])
    return RawTable("list_staff", (layout or wording.current()).columns("list_staff"), rows)


def new_members(report: Report, start: int, end: int, layout: Layout | None = None) -> RawTable:
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
    return RawTable("list_new_members", (layout or wording.current()).columns("list_new_members"), rows)


def regional_secretaries(report: Report, number: int, layout: Layout | None = None) -> RawTable:
    layout = layout or wording.current()
    mr, mrs = layout.word("civility_mr"), layout.word("civility_mrs")
    line = report.line(number).strip()
    rows = []
    for i, entry in enumerate(line.split(","), 1):
        match = re.fullmatch(rf"\s*({re.escape(mr)}|{re.escape(mrs)})\s+(.+?)\s*", entry)
        if not match:
            raise ExtractionError(
                number,
                f"a regional secretary must read '{mr} Name' or '{mrs} Name', got {entry!r}",
                f"{layout.where('words.csv', layout.word_row('civility_mr'), 'civility_mr')} or civility_mrs",
            )
        title = layout.word("civility_mrs_written") if match.group(1) == mrs else mr
        rows.append([str(i), title, match.group(2), str(number)])
    return RawTable("list_regional_secretaries", layout.columns("list_regional_secretaries"), rows)


def publications_by_gender(report: Report, start: int, end: int, layout: Layout | None = None) -> RawTable:
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
    return RawTable("list_publications_gender", (layout or wording.current()).columns("list_publications_gender"), rows)


def funding(report: Report, start: int, end: int, layout: Layout | None = None) -> tuple[RawTable, RawTable]:
    layout = layout or wording.current()
    heading_at = layout.heading("funding_heading")
    edit = layout.where("sections.csv", heading_at.row, "funding_heading")
    shares, totals = [], []
    heading = None
    for number in range(start, end):
        text = clean_cell(report.line(number))
        if text.startswith(heading_at.text):
            heading = text
            continue
        share = re.fullmatch(r"- (.+?)\s*(\d+ ?%)", text)
        amount = re.fullmatch(r"(\d{1,3}(?: \d{3})*) €", text)
        if share:
            if heading is None:
                raise ExtractionError(number, f"a funding share before any {heading_at.text!r} heading", edit)
            shares.append([heading, share.group(1), share.group(2), str(number)])
        elif amount:
            if heading is None:
                raise ExtractionError(number, f"a funding amount before any {heading_at.text!r} heading", edit)
            totals.append([heading, text, str(number)])
    if not shares or len(totals) != 2:
        raise ExtractionError(
            start, f"expected funding shares and 2 amounts, found {len(shares)} and {len(totals)}", edit
        )
    return (
        RawTable("funding_shares", layout.columns("funding_shares"), shares),
        RawTable("funding_totals", layout.columns("funding_totals"), totals),
    )
