"""The claims audit: every figure the report prints, recomputed from its own data or marked not derivable.

The matching rule, applied to every claim alike:
- a figure printed without qualifier, with d decimals, is reproduced when the computed value
  rounded half-up to d decimals equals it. Because a report may also truncate, the verdict is
  computed under truncation too; where the two verdicts differ the claim is flagged
  ``rule_sensitive`` in its method text;
- "plus de R" / "+ R" is reproduced when the computed value is strictly greater than R;
- "près de R" is reproduced when the computed value is within 5 % of R.
A claim whose data the report does not contain is ``not_derivable``, with the reason.

A figure that matches gets a verdict by the strength of the check (metadata/verdicts.csv, read by the audit
table, the annotated report and the index): ``recomputed`` from member rows or list entries;
``consistent_printed`` when the inputs are other printed figures; ``under_definition`` when it matches under
one stated definition (the evidence gives the value under the others the wording allows);
``consistent_with_readings`` when it depends on rows of the text conversion that the printed totals cannot
decide between, and matches under at least one admissible reading (the evidence says how many; the range is
in computed_min / computed_max).

Each figure is located by the rules of metadata/claim_rules.csv: a section and a *locator*, a regular
expression on the claim's ``wording`` (its block of text with this figure as '@' and every other
figure as '#'), so that a rule finds a figure by the words around it and its place in the sentence,
never by its value. The first matching rule applies. A discrepancy gets a ``cause``:
``rounding`` (reproduced under truncation), ``definition`` (reproduced under another definition the
report states), otherwise the rule's default (``report_inconsistent`` when the computed value counts what
the report itself lists, naming any suspect cell of the report behind it; ``unexplained`` when it rests on a
reading of the report).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from metropolis_report import schema
from metropolis_report.derive.audit_inputs import Data
from metropolis_report.derive.judging import Verdict, decimals_printed, judge, matches, not_derivable

# The computations the claim rules name (metadata/claim_rules.csv, column ``computation``), each registered
# under that name by ``@computation``: the name in the CSV is written beside its function.
COMPUTATIONS: dict[str, Callable[..., Verdict]] = {}


def computation(name: str):
    """Register a computation under the name the claim rules use."""

    def register(function):
        if name in COMPUTATIONS:
            raise ValueError(f"two computations are named {name!r}")
        COMPUTATIONS[name] = function
        return function

    return register


def _titles(events: pd.DataFrame, mask) -> str:
    return "; ".join(
        f"{t} (line {line})" for t, line in zip(events.loc[mask, "title"], events.loc[mask, "source_line"])
    )


def _member_count(members: pd.DataFrame, column: str) -> int:
    """Members with a non-empty, non-zero cell. A missing count is a printed cell that is not a number (a suspect
    cell of the report, members.reading_values): it is not empty, so it counts; a missing year is an empty cell."""
    values = members[column]
    if values.dtype == "boolean":
        return int(values.sum())
    present = values.astype("Float64") > 0
    return int(present.fillna(column != "indicator_system_year").sum())


@computation("member_rows")
def c_member_rows(data: Data, claim: dict, arg: str) -> Verdict:
    return judge(claim, len(data.members), "rows of table 4.1 (one per member)")


@computation("not_derivable")
def c_not_derivable(data: Data, claim: dict, arg: str) -> Verdict:
    return not_derivable(arg)


CGLU_SIDE_EVENT = "événement parallèle"


@computation("not_derivable_cglu")
def c_not_derivable_cglu(data: Data, claim: dict, arg: str) -> Verdict:
    mask = data.events["title"].str.contains("CGLU")
    if re.search(r"@ événements organisés par CGLU", claim["wording"]):
        own = mask & ~data.events["title"].str.contains(CGLU_SIDE_EVENT, regex=False)
        verdict = judge(
            claim,
            int(own.sum()),
            f"calendar entries whose title names CGLU, side events ('{CGLU_SIDE_EVENT}') excluded: CGLU's own "
            "meetings (the calendar does not say who organised each event)",
            f"entries: {_titles(data.events, own)}",
            strength="under_definition",
            otherwise=f"counting every title that names CGLU gives {int(mask.sum())} (the side event "
            f"{_titles(data.events, mask & ~own)} included)",
        )
        if verdict.status == "discrepancy" and matches(claim["value"], int(mask.sum())):
            verdict.cause = "definition"
        return verdict
    return not_derivable(
        arg,
        f"context only: {int(mask.sum())} calendar titles name CGLU: {_titles(data.events, mask)}"
        if re.search(r"par CGLU", claim["claim_text"])
        else "",
    )


@computation("lost_in_conversion")
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


@computation("list_count")
def c_list_count(data: Data, claim: dict, arg: str) -> Verdict:
    return judge(claim, len(data.list(arg)), f"number of entries of the annex list {arg}")


@computation("list_entries_naming")
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


@computation("members_with")
def c_members_with(data: Data, claim: dict, arg: str) -> Verdict:
    return judge(
        claim,
        _member_count(data.members, arg),
        f"members with a non-empty, non-zero cell in table 4.1/4.2 (members.{arg})",
    )


@computation("share_members")
def c_share_members(data: Data, claim: dict, arg: str) -> Verdict:
    """A share of the members. The report counts 141 members and 1 honorary member (section 2, found by its
    wording): where the share over the members alone does not match, the share with the honorary member counted
    is the other definition the report's own figures allow, and a match under it is reproduced under that
    definition (the evidence gives the value over the members alone)."""
    n, total = int(data.members[arg].sum()), len(data.members)
    verdict = judge(claim, 100 * n / total, f"{n} members / {total} members × 100 (members.{arg})")
    honorary = data.claims[data.claims["wording"].str.contains("@ membre d'honneur", regex=False)]
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
        if alternative.status == "under_definition":
            return alternative
    return verdict


def _other_share_denominator(data: Data, claim: dict, total: int) -> str:
    """Another printed share of the members whose figure only the members alone reproduce (found by the rule that
    checks it, women_governed): ', the denominator of the report's 15,6 % …'."""
    others = data.claims[
        data.claims["wording"].str.contains(r"@ de nos membres sont gouvernés par des femmes", regex=True)
    ]
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


@computation("events_flagged")
def c_events_flagged(data: Data, claim: dict, arg: str) -> Verdict:
    mask = data.events[arg].astype(bool)
    return judge(claim, int(mask.sum()), f"calendar entries flagged {arg}", f"entries: {_titles(data.events, mask)}")


@computation("events_titled")
def c_events_titled(data: Data, claim: dict, arg: str) -> Verdict:
    mask = data.events["title"].str.contains(arg, regex=True)
    return judge(
        claim,
        int(mask.sum()),
        f"calendar entries whose title matches '{arg}'",
        f"entries: {_titles(data.events, mask)}",
    )


WMD_TITLE = "Journée mondiale métropolitaine 2020"


def _wmd(data: Data) -> tuple[pd.Series, pd.Series]:
    """Calendar entries of World Metropolitan Day, and which of them name an event after the day's title
    (the untitled entry is the day itself)."""
    flagged = data.events["world_metropolitan_day"].astype(bool)
    titled = flagged & data.events["title"].str.strip().ne(WMD_TITLE)
    return flagged, titled


@computation("wmd_events")
def c_wmd_events(data: Data, claim: dict, arg: str) -> Verdict:
    flagged, titled = _wmd(data)
    untitled = data.events.loc[flagged & ~titled, "source_line"].tolist()
    verdict = judge(
        claim,
        int(titled.sum()),
        "calendar entries of World Metropolitan Day that name an event (the entry titled only "
        f"'{WMD_TITLE}' is the day itself)",
        f"entries: {_titles(data.events, titled)}",
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


@computation("wmd_pilot_event")
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
        f"entries: {_titles(data.events, mask)}",
    )


@computation("wmd_others")
def c_wmd_others(data: Data, claim: dict, arg: str) -> Verdict:
    """The day's events not organised by Metropolis nor co-organised by a pilot project: the titled entries,
    minus the printed Metropolis event, minus the entries naming a pilot project."""
    flagged, titled = _wmd(data)
    by_metropolis = int(data.printed(r"^@ événement organisé par Metropolis", claim["section"]))
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


@computation("publications")
def c_publications(data: Data, claim: dict, arg: str) -> Verdict:
    p = data.publications
    if arg == "all":
        return judge(claim, len(p), "entries of 'Nouvelles publications' (5.II)")
    if arg == "gender_any":
        return judge(claim, int((p["gender_group"] != "none").sum()), "new publications listed under either 5.IV group")
    return judge(claim, int((p["gender_group"] == arg).sum()), f"new publications listed under the 5.IV group {arg}")


@computation("publications_titled")
def c_publications_titled(data: Data, claim: dict, arg: str) -> Verdict:
    mask = data.publications["title"].str.contains(arg, regex=True)
    return judge(
        claim,
        int(mask.sum()),
        f"new publications whose title matches '{arg}'",
        "; ".join(data.publications.loc[mask, "title"]),
    )


def _printed_global_events(data: Data) -> tuple[int, int]:
    return (
        int(data.printed(r"^Participation active à @ événements mondiaux", "2.1")),
        int(data.printed(r"^@ participations actives aux événements mondiaux", "5")),
    )


@computation("global_events")
def c_global_events(data: Data, claim: dict, arg: str) -> Verdict:
    computed = data.global_events
    in_21, in_annex = _printed_global_events(data)
    return judge(
        claim,
        computed,
        f"calendar entries ({len(data.events)}) minus the {data.metropolis_events} Metropolis events "
        "the report counts in section 2 (the calendar lists both kinds)",
        f"section 2.1 prints {in_21} global events, the annex summary prints {in_annex}; "
        f"the calendar has {len(data.events)} entries = {data.metropolis_events} + {computed}; the {data.metropolis_events} "
        "is itself a printed figure (the calendar does not say who organised each event), so this checks the "
        "report against itself",
        strength="consistent_printed",
    )


FUNDING_LABELS = {"Cotisations": "dues", "Partenariats": "member_partnerships", "Autres": "other_partnerships"}


def _in_kind_share(data: Data, claim: dict, source: str) -> Verdict:
    f = data.funding.set_index("funding_id")
    cash_total = float(f.at["cash|total", "amount_eur"])
    all_total = float(f.at["including_in_kind|total", "amount_eur"])
    if source == "in_kind":
        computed = 100 * (all_total - cash_total) / all_total
        method = "(total with in-kind − cash total) / total with in-kind × 100"
    else:
        computed = float(f.at[f"cash|{source}", "share_percent"]) * cash_total / all_total
        method = f"printed cash share of {source} × cash total / total with in-kind"
    printed = data.funding[data.funding["scheme"] == "including_in_kind"]["share_percent"].dropna()
    recomputed = [100 * (all_total - cash_total) / all_total] + [
        float(f.at[f"cash|{s}", "share_percent"]) * cash_total / all_total for s in FUNDING_LABELS.values()
    ]
    return judge(
        claim,
        computed,
        method,
        f"the printed shares with in-kind payments add up to {printed.sum():g} %; "
        f"recomputed from the two printed totals they add up to {sum(recomputed):.1f} %; every input is a printed "
        "share or total (the report prints no accounts)",
        strength="consistent_printed",
    )


@computation("in_kind_share")
def c_in_kind_share(data: Data, claim: dict, arg: str) -> Verdict:
    return _in_kind_share(data, claim, arg)


@computation("funding_share")
def c_funding_share(data: Data, claim: dict, arg: str) -> Verdict:
    """Section 2.3 prints the cash shares first, then the shares including in-kind payments."""
    cash_total_line = int(data.funding.loc[data.funding["funding_id"] == "cash|total", "source_line"].iloc[0])
    if claim["source_line"] < cash_total_line:
        return c_cash_share(data, claim, arg)
    return _in_kind_share(data, claim, FUNDING_LABELS[claim["claim_text"].split()[0]])


@computation("cash_share")
def c_cash_share(data: Data, claim: dict, arg: str) -> Verdict:
    shares = data.funding[data.funding["scheme"] == "cash"]["share_percent"].dropna()
    return not_derivable(
        "the report prints no amount by source of funds", f"the three printed cash shares add up to {shares.sum():g} %"
    )


@computation("staff_split")
def c_staff_split(data: Data, claim: dict, arg: str) -> Verdict:
    """The women/men split printed after the staff total (the same wording follows the interns)."""
    same = data.claims[
        (data.claims["section"] == claim["section"]) & (data.claims["source_line"] <= claim["source_line"])
    ]
    heads = same[same["wording"].str.contains(r"@ (?:professionnels|stagiaires)", regex=True)]
    if heads.empty or "stagiaires" in heads["wording"].iloc[-1]:
        return not_derivable("the list of interns gives names, not gender")
    women_lo, women_hi, men_lo, men_hi, counts = staff_gender_range(data)
    block = data.claims[
        (data.claims["section"] == claim["section"]) & (data.claims["claim_text"] == claim["claim_text"])
    ]
    women = int(block.loc[block["wording"].str.contains(r"@ femmes", regex=True), "value"].iloc[0])
    men = int(block.loc[block["wording"].str.contains(r"@ hommes", regex=True), "value"].iloc[0])
    is_women = bool(re.search(r"@ femmes", claim["wording"]))
    lo, hi = (women_lo, women_hi) if is_women else (men_lo, men_hi)
    inside = lo <= claim["value"] <= hi and women + men == women_lo + men_lo + counts["epicene"]
    evidence = (
        f"the grammatical gender of the French job titles of the staff list (metadata/role_genders.csv) gives "
        f"{counts['feminine']} feminine, {counts['masculine']} masculine and {counts['epicene']} epicene titles "
        f"({', '.join(counts['epicene_names'])}: the title does not say): women {women_lo}–{women_hi}, men "
        f"{men_lo}–{men_hi}; the printed split {women} women, {men} men is "
        f"{'within' if inside else 'outside'} that range"
        + (
            f" (it needs {women - women_lo} of the {counts['epicene']} epicene titles to be women)"
            if inside and is_women
            else ""
        )
    )
    return Verdict(
        "consistent_with_readings" if inside else "discrepancy",
        float(lo),
        f"{'women' if is_women else 'men'} counted from the {'feminine' if is_women else 'masculine'} job titles "
        "of the staff list (value with every epicene title read the other way; range over the readings of the "
        "epicene titles)",
        evidence,
        "" if inside else "report_inconsistent",
        float(lo),
        float(hi),
    )


def staff_gender_range(data: Data) -> tuple[int, int, int, int, dict]:
    """Women and men on the staff list as its job titles allow (metadata/role_genders.csv: a pattern per
    grammatical gender; an epicene title may be either): (women low, high, men low, high, counts)."""
    staff = data.list("list_staff")
    genders = []
    for title in staff["detail"].fillna(""):
        found = [r["gender"] for r in schema.rows("role_genders.csv") if re.search(r["pattern"], title)]
        genders.append(found[0] if found else "epicene")
    genders = pd.Series(genders, index=staff.index)
    counts = {g: int((genders == g).sum()) for g in ("feminine", "masculine", "epicene")}
    counts["epicene_names"] = list(staff.loc[genders == "epicene", "entry"])
    e = counts["epicene"]
    return counts["feminine"], counts["feminine"] + e, counts["masculine"], counts["masculine"] + e, counts


@computation("training")
def c_training(data: Data, claim: dict, arg: str) -> Verdict:
    items = data.list("list_staff_training")["entry"]
    if arg == "gender":
        return judge(
            claim,
            int(items.str.contains("genre").sum()),
            "staff trainings listed in the annex whose subject names gender ('genre')",
        )
    whole = int(items.str.contains("équipe entière").sum())
    computed = whole if arg == "group" else len(items) - whole
    return judge(
        claim,
        computed,
        f"staff trainings listed in the annex {'for the whole team' if arg == 'group' else 'for 1 or 2 people'}",
    )


@computation("secretaries")
def c_secretaries(data: Data, claim: dict, arg: str) -> Verdict:
    s = data.list("list_regional_secretaries")
    if arg == "all":
        return judge(claim, len(s), "entries of the list of regional secretaries (5.IV)")
    return judge(claim, int((s["detail"] == "Mme").sum()), "regional secretaries listed with the title 'Mme' (5.IV)")


@computation("new_members")
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
    asia = "Asie" in claim["claim_text"]
    computed = int((marked["region"] == "Asia").sum()) if asia else len(marked)
    return judge(claim, computed, "members marked (N) in table 4.1" + (" in Asia" if asia else ""), evidence)


@computation("indicators")
def c_indicators(data: Data, claim: dict, arg: str) -> Verdict:
    years = data.members["indicator_system_year"]
    n = int(years.notna().sum())
    if arg == "share":
        return judge(
            claim, 100 * n / len(years), f"{n} members with a year in the indicators column / {len(years)} × 100"
        )
    if arg == "new":
        latest = int(years.max())
        spaces = int(data.printed(r"un total de @ espaces métropolitains", "2.2"))
        return not_derivable(
            "the figure counts metropolitan spaces; table 4.1 counts members, and several members share a space",
            f"context only: {n} members with a year sit in {spaces} printed spaces, so members are not spaces; counting "
            f"members analysed in {latest} gives {int((years == latest).sum())}, counting every member with a year "
            f"gives {n}",
        )
    return judge(claim, n, "members with a year in the indicators column of table 4.1")


@computation("pilots")
def c_pilots(data: Data, claim: dict, arg: str) -> Verdict:
    p = data.pilot_projects
    running = p[~p["pending"]]
    if arg == "projects":
        return judge(
            claim,
            running["project_number"].nunique(),
            "pilot projects not marked 'En attente' (5.II)",
            f"project(s) pending: {', '.join(sorted(set(p.loc[p['pending'], 'project_name'])))}",
        )
    if arg == "listed":
        listed = p["project_number"].nunique()
        return not_derivable(
            "the figure counts the pilot projects of the action plan 2018-2020; the report lists only the projects "
            "of 2020 (annex 5.II), so the plan's projects are in no table or list (a difference of scope, not of the "
            "report with itself)",
            f"context only: annex 5.II lists {listed} projects of 2020, {running['project_number'].nunique()} running "
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


@computation("c4gh")
def c_c4gh(data: Data, claim: dict, arg: str) -> Verdict:
    m = data.members
    initiatives = int(data.printed(r"^@ initiatives chargées par # villes", "2.2"))
    cities = int(data.printed(r"^# initiatives chargées par @ villes", "2.2"))
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


def _rethink_printed(data: Data) -> tuple[int, int, int]:
    led = int(data.printed(r"appel à repenser .*mené par @ membres", "2.1"))
    supported = int(data.printed(r"appel à repenser .*appuyé par @ autres membres", "2.1"))
    totals = data.printed_totals.set_index("total_id")
    return led, supported, int(totals.at["4.1|Total membres|rethink_call", "value"])


@computation("rethink_split")
def c_rethink_split(data: Data, claim: dict, arg: str) -> Verdict:
    n = int(data.members["rethink_call"].sum())
    led, supported, total = _rethink_printed(data)
    return not_derivable(
        "table 4.1 marks who joined the call, not who led or supported it",
        f"{led} + {supported} = {led + supported} members; table 4.1 marks {n} members in the rethink "
        f"column and prints a total of {total}",
    )


@computation("use_cases")
def c_use_cases(data: Data, claim: dict, arg: str) -> Verdict:
    m = data.members
    if arg == "members":
        return judge(claim, int((m["use_cases"] > 0).sum()), "members with cases on use (table 4.2)")
    return judge(claim, int(m["use_cases"].sum()), "cases on use summed over members (table 4.2)")


@computation("congress")
def c_congress(data: Data, claim: dict, arg: str) -> Verdict:
    return judge(
        claim,
        int(data.members["congress_2020"].sum()),
        "members marked in the Congress column of table 4.1 (the online General Assembly replaced "
        "the Congress in 2020; the table has no other column for it)",
        strength="under_definition",
        otherwise="counted under the definition 'General Assembly members = Congress column'; no other table or list "
        "of the report names the members of the General Assembly, so no other definition can be counted",
    )
