"""Computations of the audit on the events calendar and the publications (sections 2, 2.1, 5)."""

from __future__ import annotations

import re

import pandas as pd

from metropolis_report import wording
from metropolis_report.derive.audit_inputs import Data
from metropolis_report.derive.judging import CONTEXT, POSSIBLY_LOST, Verdict, judge, matches, not_derivable


def calendar_titles(events: pd.DataFrame, mask) -> str:
    return "; ".join(
        f"{t} (line {line})" for t, line in zip(events.loc[mask, "title"], events.loc[mask, "source_line"])
    )


def c_events_titled(data: Data, claim: dict, arg: str) -> Verdict:
    mask = data.events["title"].str.contains(arg, regex=True)
    return judge(
        claim,
        int(mask.sum()),
        f"calendar entries whose title matches '{arg}'",
        f"entries: {calendar_titles(data.events, mask)}",
    )


def _wmd(data: Data) -> tuple[pd.Series, pd.Series]:
    """Calendar entries of World Metropolitan Day, and which of them name an event after the day's title
    (the untitled entry is the day itself)."""
    wmd_title = wording.current().word("wmd_title")
    flagged = data.events["world_metropolitan_day"].astype(bool)
    titled = flagged & data.events["title"].str.strip().ne(wmd_title)
    return flagged, titled


def c_wmd_events(data: Data, claim: dict, arg: str) -> Verdict:
    flagged, titled = _wmd(data)
    untitled = data.events.loc[flagged & ~titled, "source_line"].tolist()
    verdict = judge(
        claim,
        int(titled.sum()),
        "calendar entries of World Metropolitan Day that name an event (the entry titled only "
        f"'{wording.current().word('wmd_title')}' is the day itself)",
        f"entries: {calendar_titles(data.events, titled)}",
        strength="under_definition",
        otherwise=f"counting every entry of the day, the untitled one(s) of line(s) {', '.join(map(str, untitled))} "
        f"included, gives {int(flagged.sum())}",
    )
    if verdict.status == "discrepancy" and matches(claim["value"], int(flagged.sum())):
        verdict.cause = "definition"
    return verdict


def _pilot_named(data: Data, text: str) -> str | None:
    quoted = re.search(r"«\s*(.+?)\s*»", text)
    names = set(data.pilot_projects["project_name"])
    return quoted.group(1) if quoted and quoted.group(1) in names else None


def c_wmd_pilot_event(data: Data, claim: dict, arg: str) -> Verdict:
    """World Metropolitan Day entries whose title names the pilot project the claim quotes."""
    project = _pilot_named(data, claim["claim_text"])
    if project is None:
        return not_derivable("the claim names no pilot project of the annex 5.II")
    flagged, titled = _wmd(data)
    mask = titled & data.events["title"].str.contains(project, regex=False)
    return judge(
        claim,
        int(mask.sum()),
        f"calendar entries of World Metropolitan Day whose title names the pilot project « {project} » (5.II)",
        f"entries: {calendar_titles(data.events, mask)}",
    )


def c_wmd_others(data: Data, claim: dict, arg: str) -> Verdict:
    """The day's events not organised by Metropolis nor co-organised by a pilot project: the titled entries,
    minus the printed Metropolis event, minus the entries naming a pilot project."""
    flagged, titled = _wmd(data)
    by_metropolis = int(data.printed("metropolis_organised_event", claim["section"]))
    projects = "|".join(re.escape(p) for p in data.pilot_projects["project_name"].unique())
    by_pilots = int((titled & data.events["title"].str.contains(projects, regex=True)).sum())
    computed = int(titled.sum()) - by_metropolis - by_pilots
    return judge(
        claim,
        computed,
        f"calendar entries of the day that name an event ({int(titled.sum())}) − the printed Metropolis event "
        f"({by_metropolis}) − the entries naming a pilot project ({by_pilots})",
        "the Metropolis event is a printed figure (the calendar does not say who organised each event)",
        strength="under_definition",
        otherwise=f"counting every entry of the day gives {int(flagged.sum()) - by_metropolis - by_pilots}",
    )


def c_publications(data: Data, claim: dict, arg: str) -> Verdict:
    p = data.publications
    if arg == "all":
        return judge(claim, len(p), "entries of 'Nouvelles publications' (5.II)")
    if arg == "gender_any":
        return judge(claim, int((p["gender_group"] != "none").sum()), "new publications listed under either 5.IV group")
    return judge(claim, int((p["gender_group"] == arg).sum()), f"new publications listed under the 5.IV group {arg}")


def c_publications_titled(data: Data, claim: dict, arg: str) -> Verdict:
    mask = data.publications["title"].str.contains(arg, regex=True)
    return judge(
        claim,
        int(mask.sum()),
        f"new publications whose title matches '{arg}'",
        "; ".join(data.publications.loc[mask, "title"]),
    )


def printed_global_events(data: Data) -> tuple[int, int]:
    return (
        int(data.printed("active_global_participation")),
        int(data.printed("active_global_participations")),
    )


def c_global_events(data: Data, claim: dict, arg: str) -> Verdict:
    computed = data.global_events
    in_21, in_annex = printed_global_events(data)
    return judge(
        claim,
        computed,
        f"calendar entries ({len(data.events)}) minus the {data.metropolis_events} Metropolis events "
        "the report counts in section 2 (the calendar lists both kinds)",
        f"section 2.1 prints {in_21} global events, the annex summary prints {in_annex} participations; "
        f"the data can decide that the calendar has {len(data.events)} entries and that {len(data.events)} − "
        f"{data.metropolis_events} = {computed}; it cannot decide who organised each entry (the "
        f"{data.metropolis_events} is itself a printed figure: the calendar's text does not say) nor whether a "
        "participation is one event (an event with two participations would make both figures right), so the two "
        "printed figures disagree only if every participation is a different event of the calendar",
        strength="consistent_printed",
    )


def _referral(data: Data, pattern: str) -> str:
    lines = data.report_text.split("\n")
    at = next((i for i, line in enumerate(lines) if re.search(pattern, line)), None)
    return "" if at is None else f"line {at + 1} sends the reader to the calendar ('{lines[at].strip()[:90]}…'); "


def c_calendar_referred(data: Data, claim: dict, arg: str) -> Verdict:
    """A count the report refers to its calendar for: argument 'title pattern|pattern of the referring line'.
    The definition stated: calendar entries whose title matches the pattern. It reproduces the figure (under that
    definition) or it does not: then the figure is not derivable, and the evidence gives the count."""
    title, referral = arg.split("|")
    mask = data.events["title"].str.contains(title, regex=True)
    n = int(mask.sum())
    entries = calendar_titles(data.events, mask)
    where = _referral(data, referral)
    definition = f"calendar entries whose title matches '{title}'"
    if matches(claim["value"], n, claim["qualifier"]):
        return judge(claim, n, definition, f"{where}entries: {entries}", strength="under_definition")
    return not_derivable(
        "the report sends the reader to its calendar, whose text does not mark these events as such: the mark or "
        f"colour that does is {POSSIBLY_LOST}, so no list the text keeps counts this figure",
        f"{where}{CONTEXT}: the calendar lists {n} entr{'y' if n == 1 else 'ies'} whose title matches '{title}'"
        + (f": {entries}" if n else ""),
    )
