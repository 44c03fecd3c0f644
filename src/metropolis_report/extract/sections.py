"""The report's sections found by their headings, and everything extracted from them into data/raw/
(`python -m metropolis_report.extract FOLDER`).

Runs on the system Python (`make extract`, before .venv exists): it must stay standard-library only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from metropolis_report import editions, wording
from metropolis_report.extract.figures import claims, note_units, table_cell_units
from metropolis_report.extract.report import (
    ExtractionError,
    RawTable,
    Report,
    Sections,
    bullet_items,
    comma_list,
    require_header,
    tables_between,
)
from metropolis_report.extract.tables import (
    action_plan,
    funding,
    member_tables,
    new_members,
    publications_by_gender,
    regional_secretaries,
    simple_list,
    staff,
)
from metropolis_report.wording import Layout


def _member_tables(report: Report, at: Sections, layout: Layout) -> list[RawTable]:
    """Tables 4.1 and 4.2 and their printed total rows."""
    out = []
    for name, start, end, what in (
        ("members_engagement", at.s41, at.s42, "member engagement (4.1)"),
        ("members_web_mentions", at.s42, at.s5, "web mentions (4.2)"),
    ):
        members, totals = member_tables(report, start, end, name, what, layout)
        out.append(RawTable(name, layout.columns(name), members))
        out.append(RawTable(f"{name}_totals", layout.columns(f"{name}_totals"), totals))
    return out


def _calendar(report: Report, at: Sections, layout: Layout) -> RawTable:
    rows = []
    for table in tables_between(report, at.calendar, at.calendar_end):
        require_header(table, "events_calendar", "events calendar", layout)
        rows += [cells + [str(number)] for number, cells in table.rows]
    return RawTable("events_calendar", layout.columns("events_calendar"), rows)


def _pilot_projects(report: Report, at: Sections, layout: Layout) -> RawTable:
    """The pilot projects of 5.II: one table between its heading and the city managers' debates."""
    pilots_at = report.at(layout, "pilot_projects", at.a2, at.a3)
    end = report.at(layout, "city_managers", pilots_at)
    found = tables_between(report, pilots_at, end)
    if len(found) != 1:
        raise ExtractionError(pilots_at, f"expected one pilot-projects table, found {len(found)}")
    require_header(found[0], "pilot_projects", "pilot projects", layout)
    return RawTable(
        "pilot_projects", layout.columns("pilot_projects"), [cells + [str(n)] for n, cells in found[0].rows]
    )


def _annex_lists(report: Report, at: Sections, layout: Layout) -> list[RawTable]:
    """The lists of annexes 5.I to 5.III: each between its heading and the next one, found by their words."""

    def find(key: str, start: int = 1, end: int | None = None) -> int:
        return report.at(layout, key, start, end)

    out = [new_members(report, find("new_members", at.s5), at.calendar, layout)]
    statements = find("policy_statements", at.a1, at.a2)
    campaigns = find("campaigns", statements, at.a2)
    partners = find("partners", campaigns, at.a2)
    partner_pubs = find("partner_publications", partners, at.a2)
    videos = find("videos", partner_pubs, at.a2)
    media = find("media", videos, at.a2)
    managers = find("city_managers", at.a2, at.a3)
    publications = find("publications", managers, at.a3)
    publications_end = find("publications_end", publications, at.a3)
    observatories = find("observatories", publications_end, at.a3)
    learning = find("learning", observatories, at.a3)
    agreements = find("funding_agreements", at.a3, at.a4)
    cglu = find("cglu_events", agreements, at.a4)
    staff_at = find("staff", cglu, at.a4)
    interns = find("interns", staff_at, at.a4)
    training = find("staff_training", interns, at.a4)
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
        out.append(simple_list(name, bullet_items(report, start + 1, end), layout))
    out.append(staff(report, staff_at + 1, interns, layout))
    out.append(simple_list("list_interns", bullet_items(report, interns + 1, training), layout))
    out.append(simple_list("list_staff_training", bullet_items(report, training + 1, at.a4), layout))
    return out


def _gender_lists(report: Report, at: Sections, layout: Layout) -> list[RawTable]:
    """The lists of annex 5.IV (gender equality)."""

    def find(key: str, start: int = 1, end: int | None = None) -> int:
        return report.at(layout, key, start, end)

    def prefixed(key: str, number: int) -> list[tuple[int, str]]:
        heading = layout.heading(key)
        return comma_list(report, number, heading.text, layout.where("sections.csv", heading.row, key))

    involved = find("gender_members", at.a4, at.infographics)
    debates = find("gender_debates", involved, at.infographics)
    gender_campaigns = find("gender_campaigns", debates, at.infographics)
    campaigns_end = find("gender_campaigns_end", gender_campaigns)
    gender_pubs = find("gender_publications", gender_campaigns, at.infographics)
    culture = find("gender_culture", gender_pubs, at.infographics)
    governed = find("women_governed", culture, at.infographics)
    board = find("board_women", culture, at.infographics)
    secretaries = find("regional_secretaries", board, at.infographics)
    return [
        simple_list("list_gender_mainstreaming_members", comma_list(report, report.next_text(involved), ""), layout),
        simple_list("list_gender_debates", bullet_items(report, debates + 1, gender_campaigns), layout),
        simple_list("list_gender_campaigns", bullet_items(report, gender_campaigns + 1, campaigns_end), layout),
        publications_by_gender(report, gender_pubs + 1, culture, layout),
        simple_list("list_women_governed_members", prefixed("women_governed", governed), layout),
        simple_list("list_board_women_members", prefixed("board_women", board), layout),
        regional_secretaries(report, report.next_text(secretaries), layout),
    ]


def _claims(report: Report, at: Sections, layout: Layout) -> RawTable:
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
        layout,
    )


def extract(text: str, layout: Layout | None = None) -> list[RawTable]:
    """Every table and list of the report, in the order of data/raw/ (``layout``: the words to find them by;
    None: the layout of the running edition)."""
    layout = layout or wording.current()
    report = Report.from_text(text)
    at = Sections.find(report, layout)
    shares, amounts = funding(report, at.s23, at.s24, layout)
    return [
        *_member_tables(report, at, layout),
        action_plan(report, at.s3, at.s4, layout),
        _calendar(report, at, layout),
        _pilot_projects(report, at, layout),
        *_annex_lists(report, at, layout),
        *_gender_lists(report, at, layout),
        shares,
        amounts,
        _claims(report, at, layout),
    ]


def write_all(tables: list[RawTable], folder: Path) -> list[Path]:
    from metropolis_report.storage import write_atomic

    written = []
    for table in tables:
        write_atomic(folder / f"{table.name}.csv", table.to_csv())
        written.append(folder / f"{table.name}.csv")
    return written


def main(argv: list[str] | None = None) -> int:
    from metropolis_report.extract.source import SourceError, verify

    args = sys.argv[1:] if argv is None else argv
    try:
        edition = editions.current()
        folder = Path(args[0]) if args else edition.raw_dir
        verify(edition)
        tables = extract(edition.report_path.read_text(encoding="utf-8"))
    except (SourceError, ExtractionError, editions.EditionError, wording.LayoutError) as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 1
    for path in write_all(tables, folder):
        rows = path.read_text(encoding="utf-8").count("\n") - 1
        print(f"  {path.name:45s} {rows:4d} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
