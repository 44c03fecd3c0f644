"""Computations of the audit on the member tables and the annex lists (members, shares, pilot projects, the
indicators system, the rethink call, lists) and the figures that are not derivable."""

from __future__ import annotations

import re

import pandas as pd

from metropolis_report import editions, wording
from metropolis_report.derive import lookup
from metropolis_report.derive.audit_inputs import Data
from metropolis_report.derive.event_computations import calendar_titles
from metropolis_report.derive.judging import CONTEXT, Verdict, decimals_printed, judge, matches, not_derivable
from metropolis_report.extract.report import is_heading


def member_count(members: pd.DataFrame, column: str) -> int:
    """Members with a non-empty, non-zero cell. A missing count is a printed cell that is not a number (a suspect
    cell of the report, members.reading_values): it is not empty, so it counts; a missing year is an empty cell."""
    values = members[column]
    if values.dtype == "boolean":
        return int(values.sum())
    present = values.astype("Float64") > 0
    return int(present.fillna(column != "indicator_system_year").sum())


def c_member_rows(data: Data, claim: dict, arg: str) -> Verdict:
    return judge(claim, len(data.members), "rows of table 4.1 (one per member)")


def c_not_derivable(data: Data, claim: dict, arg: str) -> Verdict:
    return not_derivable(arg)


def c_not_derivable_cglu(data: Data, claim: dict, arg: str) -> Verdict:
    layout = wording.current()
    side_event = layout.word("cglu_side_event")
    mask = data.events["title"].str.contains(layout.word("cglu"), regex=False)
    if lookup.is_named(claim, "cglu_organised_events"):
        own = mask & ~data.events["title"].str.contains(side_event, regex=False)
        verdict = judge(
            claim,
            int(own.sum()),
            f"calendar entries whose title names CGLU, side events ('{side_event}') excluded: CGLU's own "
            "meetings (the calendar does not say who organised each event)",
            f"entries: {calendar_titles(data.events, own)}",
            strength="under_definition",
            otherwise=f"counting every title that names CGLU gives {int(mask.sum())} (the side event "
            f"{calendar_titles(data.events, mask & ~own)} included)",
        )
        if verdict.status == "discrepancy" and matches(claim["value"], int(mask.sum())):
            verdict.cause = "definition"
        return verdict
    return not_derivable(
        arg,
        f"{CONTEXT}: {int(mask.sum())} calendar titles name CGLU: {calendar_titles(data.events, mask)}"
        if layout.word("by_cglu") in claim["claim_text"]
        else "",
    )


def c_lost_in_conversion(data: Data, claim: dict, arg: str) -> Verdict:
    """A list or mark of the report that the text conversion did not keep: argument 'why|heading|next heading'
    (regular expressions on stripped lines). The evidence says what the text keeps between the heading and the next
    one; with no next heading the heading is a legend (a colour) and the evidence quotes it."""
    why, heading, following = arg.split("|")
    lines = [line.strip() for line in data.report_text.split("\n")]
    at = next((i for i, line in enumerate(lines) if re.search(heading, line)), None)
    if at is None:
        return not_derivable("the report contains no table or list from which this figure can be counted")
    if not following:
        return not_derivable(
            why,
            f"the legend on line {at + 1} reads '{lines[at]}'; a text has no colour, so no cell of the table carries "
            "that mark after the conversion",
            why="lost_in_conversion",
        )
    end = next((i for i in range(at + 1, len(lines)) if re.search(following, lines[i])), len(lines))
    kept = [line for line in lines[at + 1 : end] if line]
    return not_derivable(
        why,
        f"under the heading '{lines[at]}' (line {at + 1}) the text conversion keeps {len(kept)} non-empty line(s) "
        f"before the next heading (line {end + 1})"
        + (f": {'; '.join(kept)}" if kept else "")
        + f"; the report prints {claim['printed_value']}",
        why="lost_in_conversion",
    )


def c_list_count(data: Data, claim: dict, arg: str) -> Verdict:
    return judge(claim, len(data.list(arg)), f"number of entries of the annex list {arg}")


def c_list_entries_naming(data: Data, claim: dict, arg: str) -> Verdict:
    """Entries of an annex list whose text names the thing counted: argument 'list|word'."""
    name, word = arg.split("|")
    entries = data.list(name)
    mask = entries["entry"].str.contains(word, regex=False)
    return judge(
        claim,
        int(mask.sum()),
        f"entries of the annex list {name} that name an '{word}'",
        "; ".join(entries.loc[mask, "entry"]),
    )


def c_members_with(data: Data, claim: dict, arg: str) -> Verdict:
    return judge(
        claim,
        member_count(data.members, arg),
        f"members with a non-empty, non-zero cell in table 4.1/4.2 (members.{arg})",
    )


def c_share_members(data: Data, claim: dict, arg: str) -> Verdict:
    """A share of the members. The report counts 141 members and 1 honorary member (section 2, found by its
    wording): where the share over the members alone does not match, the share with the honorary member counted
    is the other definition the report's own figures allow, and a match under it is reproduced under that
    definition (the evidence gives the value over the members alone)."""
    n, total = int(data.members[arg].sum()), len(data.members)
    verdict = judge(claim, 100 * n / total, f"{n} members / {total} members × 100 (members.{arg})")
    honorary = lookup.named_figures(data.claims, "honorary_member")
    if verdict.status == "discrepancy" and len(honorary):
        extra = int(honorary["value"].iloc[0])
        with_honorary = 100 * n / (total + extra)
        alternative = judge(
            claim,
            with_honorary,
            f"{n} members / ({total} members + {extra} honorary member, line {int(honorary['source_line'].iloc[0])}) "
            f"× 100 (members.{arg})",
            strength="under_definition",
        )
        if alternative.status == "under_definition" and matches(
            claim["value"], 100 * n / total, claim["qualifier"], decimals_printed(claim["printed_value"]), "truncate"
        ):
            # two definitions reproduce the figure, each under its own rounding rule: the data cannot decide
            alternative.evidence = (
                f"two readings reproduce the printed {claim['printed_value']}: {n}/{total} = {100 * n / total:.1f} % "
                f"truncated (the members alone{_other_share_denominator(data, claim, total)}), or {n}/{total + extra} = "
                f"{with_honorary:.1f} % rounded (the honorary member counted); the data cannot decide between "
                "them"
            )
            alternative.computed_min = min(with_honorary, 100 * n / total)
            alternative.computed_max = max(with_honorary, 100 * n / total)
            # the method names both; the computed value is the one ordinary rounding reproduces, and the audit's
            # pages show both values wherever they show it
            line = int(honorary["source_line"].iloc[0])
            alternative.method = (
                f"{n} members / {total} members × 100, truncated, or {n} members / ({total} members + {extra} "
                f"honorary member, line {line}) × 100, rounded (members.{arg}); both readings are given wherever the "
                "value is shown (the table's computed value column holds the rounded one, its lowest and highest "
                "values both)"
            )
        if alternative.status == "under_definition":
            return alternative
    return verdict


def _other_share_denominator(data: Data, claim: dict, total: int) -> str:
    """Another printed share of the members whose figure only the members alone reproduce (found by the rule that
    checks it, women_governed): ', the denominator of the report's 15,6 % …'."""
    others = lookup.named_figures(data.claims, "women_governed_share")
    if others.empty or "women_governed" not in data.members.columns:
        return ""
    o = others.iloc[0]
    k = int(data.members["women_governed"].sum())
    decimals = decimals_printed(o["printed_value"])
    alone = matches(o["value"], 100 * k / total, "exact", decimals)
    with_one = matches(o["value"], 100 * k / (total + 1), "exact", decimals)
    if not alone or with_one:
        return ""
    return (
        f", the denominator of the report's own {o['printed_value']} on line {int(o['source_line'])}: {k}/{total} = "
        f"{100 * k / total:.2f} %, while {k}/{total + 1} = {100 * k / (total + 1):.2f} %"
    )


def c_new_members(data: Data, claim: dict, arg: str) -> Verdict:
    m = data.members
    marked = m[m["new_member"]]
    listed = m[m["in_new_members_list"]]
    evidence = ""
    if set(marked["member_id"]) != set(listed["member_id"]):
        evidence = (
            f"table 4.1 marks (N): {', '.join(marked['name'])}; the annex lists: "
            f"{', '.join(listed['name'])}; only in 4.1: {', '.join(sorted(set(marked['name']) - set(listed['name'])))}; "
            f"only in the list: {', '.join(sorted(set(listed['name']) - set(marked['name'])))}"
        )
    asia = wording.current().word("asia") in claim["claim_text"]
    computed = int((marked["region"] == "Asia").sum()) if asia else len(marked)
    return judge(claim, computed, "members marked (N) in table 4.1" + (" in Asia" if asia else ""), evidence)


def c_indicators(data: Data, claim: dict, arg: str) -> Verdict:
    years = data.members["indicator_system_year"]
    n = int(years.notna().sum())
    if arg == "share":
        return judge(
            claim, 100 * n / len(years), f"{n} members with a year in the indicators column / {len(years)} × 100"
        )
    if arg == "new":
        latest = int(years.max())
        spaces = int(data.printed("metropolitan_spaces_total"))
        return judge(
            claim,
            int((years == latest).sum()),
            f"members analysed in {latest}, the year of the report (the definition of section 2.2 and of the "
            f"'{wording.current().word('total_members')}' of the indicators column of table 4.1, judged the same way)",
            f"{CONTEXT}: counting every member with a year gives {n}; the figure names spaces, and {n} members with a "
            f"year sit in {spaces} printed spaces, so whether the members analysed in {latest} are as many spaces the "
            "data cannot decide",
            strength="under_definition",
        )
    return judge(claim, n, "members with a year in the indicators column of table 4.1")


def c_pilots(data: Data, claim: dict, arg: str) -> Verdict:
    p = data.pilot_projects
    running = p[~p["pending"]]
    if arg == "projects":
        return judge(
            claim,
            running["project_number"].nunique(),
            f"pilot projects not marked '{wording.current().word('pending')}' (5.II)",
            f"project(s) pending: {', '.join(sorted(set(p.loc[p['pending'], 'project_name'])))}",
        )
    if arg == "listed":
        listed = p["project_number"].nunique()
        return not_derivable(
            f"the figure counts the pilot projects of the action plan {wording.current().period('action_plan')}; the "
            f"report lists only the projects of {editions.current().year} (annex 5.II), so the plan's projects are in no table or list (a difference of scope, not of the "
            "report with itself)",
            f"{CONTEXT}: annex 5.II lists {listed} projects of 2020, {running['project_number'].nunique()} running "
            f"and {listed - running['project_number'].nunique()} pending "
            f"({', '.join(sorted(set(p.loc[p['pending'], 'project_name'])))})",
        )
    if arg == "members":
        in_table = int((data.members["pilot_projects"] > 0).sum())
        return judge(
            claim,
            running["member_id"].nunique(),
            "members of pilot projects not pending (5.II)",
            f"table 4.1 marks {in_table} members with a pilot role",
        )
    workshops = running.drop_duplicates("project_number")
    return judge(
        claim,
        int((workshops["workshops"].str.len() > 0).sum()),
        "running pilot projects with a workshop printed (5.II)",
    )


def c_c4gh(data: Data, claim: dict, arg: str) -> Verdict:
    m = data.members
    initiatives = int(data.printed("initiatives"))
    cities = int(data.printed("initiative_cities"))
    if arg == "initiatives":
        s = int(m["c4gh_initiatives"].sum())
        return judge(
            claim,
            100 * s / initiatives,
            f"{s} initiatives of members (table 4.2) / {initiatives} initiatives printed in 2.2 × 100",
            "the denominator is a printed figure (the report lists no initiatives of non-members)",
            strength="consistent_printed",
        )
    n = int((m["c4gh_initiatives"] > 0).sum())
    return judge(
        claim,
        100 * n / cities,
        f"{n} members with initiatives (table 4.2) / {cities} cities printed in 2.2 × 100",
        "the denominator is a printed figure (the report lists no cities that are not members)",
        strength="consistent_printed",
    )


def rethink_printed(data: Data) -> tuple[int, int, int]:
    led = int(data.printed("rethink_led"))
    supported = int(data.printed("rethink_supported"))
    totals = data.printed_totals.set_index("total_id")
    # a total row is named by the label the edition prints for it (the layout's word)
    return led, supported, int(totals.at[f"4.1|{wording.current().word('total_members')}|rethink_call", "value"])


def c_rethink_split(data: Data, claim: dict, arg: str) -> Verdict:
    n = int(data.members["rethink_call"].sum())
    led, supported, total = rethink_printed(data)
    return not_derivable(
        "table 4.1 marks who joined the call, not who led or supported it",
        f"{led} + {supported} = {led + supported} members; table 4.1 marks {n} members in the rethink "
        f"column and prints a total of {total}",
    )


def c_use_cases(data: Data, claim: dict, arg: str) -> Verdict:
    m = data.members
    if arg == "members":
        return judge(claim, int((m["use_cases"] > 0).sum()), "members with cases on use (table 4.2)")
    return judge(claim, int(m["use_cases"].sum()), "cases on use summed over members (table 4.2)")


def c_congress(data: Data, claim: dict, arg: str) -> Verdict:
    return judge(
        claim,
        int(data.members["congress"].sum()),
        "members marked in the Congress column of table 4.1 (the online General Assembly replaced "
        f"the Congress in {editions.current().year}; the table has no other column for it)",
        strength="under_definition",
        otherwise="counted under the definition 'General Assembly members = Congress column'; no other table or list "
        "of the report names the members of the General Assembly, so no other definition can be counted",
    )


def c_board_attendance(data: Data, claim: dict, arg: str) -> Verdict:
    """A share of the Board that attended: the numerator is in table 4.1 (argument: its column), the denominator,
    the Board, is marked only by colour (legend: 'En bleu, membre du Conseil d'administration'), lost."""
    attended = member_count(data.members, arg)
    times = int(data.members[arg].fillna(0).sum())
    lines = [line.strip() for line in data.report_text.split("\n")]
    board_legend = wording.current().heading("board_legend")
    legend = next((i + 1 for i, line in enumerate(lines) if is_heading(line, board_legend)), None)
    seats = [s for s in range(max(attended, 1), 4 * max(attended, 1)) if matches(claim["value"], 100 * attended / s)]
    fit = (
        f"{attended}/{seats[0]} = {100 * attended / seats[0]:.1f} % if the Board had {seats[0]} seats"
        if seats
        else "no Board size gives the printed share with that numerator"
    )
    return not_derivable(
        "the Board, the denominator, is marked in table 4.1 only by colour, which the text conversion does not "
        "keep, and the report does not print its size",
        f"table 4.1 counts {attended} members who attended a Board meeting (members.{arg}; {times} attendances in "
        f"all); the Board's members are marked only in blue"
        + (f" (legend, line {legend})" if legend else "")
        + f", and the Board's size is not in the text; {fit}",
        why="lost_in_conversion",
    )
