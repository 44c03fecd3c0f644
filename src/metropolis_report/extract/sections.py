"""The report's sections found by their headings, and everything extracted from them into data/raw/
(`python -m metropolis_report.extract FOLDER`).

Runs on the system Python (`make extract`, before .venv exists): it must stay standard-library only.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from metropolis_report import editions
from metropolis_report.extract.figures import claims, note_units, table_cell_units
from metropolis_report.extract.report import (
    ExtractionError,
    RawTable,
    Report,
    bullet_items,
    comma_list,
    require_header,
    tables_between,
)
from metropolis_report.extract.tables import (
    ENGAGEMENT_HEADER,
    EVENTS_HEADER,
    PILOT_HEADER,
    WEB_MENTIONS_HEADER,
    action_plan,
    funding,
    member_tables,
    new_members,
    publications_by_gender,
    regional_secretaries,
    simple_list,
    staff,
)


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
    except (SourceError, ExtractionError, editions.EditionError) as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 1
    for path in write_all(tables, folder):
        rows = path.read_text(encoding="utf-8").count("\n") - 1
        print(f"  {path.name:45s} {rows:4d} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
