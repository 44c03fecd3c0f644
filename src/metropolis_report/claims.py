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

import math
import re
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from . import conversion, schema

NEAR_TOLERANCE = 0.05


# --------------------------------------------------------------------------- the matching rule


def decimals_printed(printed: str) -> int:
    number = re.sub(r"[^\d,.]", "", printed)
    return len(number.split(",")[1]) if "," in number else 0


def _quantize(value: float, decimals: int, rounding) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


def matches(
    reported: float, computed: float, qualifier: str = "exact", decimals: int = 0, rounding: str = "half_up"
) -> bool:
    """Does ``computed`` support the printed figure ``reported`` under the matching rule?"""
    if computed is None or (isinstance(computed, float) and math.isnan(computed)):
        raise ValueError("no computed value to compare")
    if qualifier in ("plus de", "+"):
        return computed > reported
    if qualifier == "près de":
        return abs(computed - reported) <= NEAR_TOLERANCE * reported
    mode = ROUND_HALF_UP if rounding == "half_up" else ROUND_DOWN
    return _quantize(computed, decimals, mode) == _quantize(reported, decimals, mode)


def verdicts() -> pd.DataFrame:
    """The verdict categories (metadata/verdicts.csv: code, mark, word, meaning), in the order they are shown.
    The audit table, the annotated report and the index all read them from here."""
    return pd.DataFrame(schema.rows("verdicts.csv"))


AGREEING = ("recomputed", "consistent_printed", "under_definition", "consistent_with_readings")


@dataclass
class Verdict:
    status: str
    computed: float | None
    method: str
    evidence: str = ""
    cause: str = ""  # set by a rule or by the matching rule; the audit fills the default
    computed_min: float | None = None  # the range over the admissible readings of the text conversion
    computed_max: float | None = None
    reason: str = ""  # why a figure is not derivable: no_data_in_report | lost_in_conversion (columns.csv)


def judge(
    claim: dict, computed: float, method: str, evidence: str = "", strength: str = "recomputed", otherwise: str = ""
) -> Verdict:
    """The verdict of one figure. ``strength`` is the verdict when the figure matches: ``recomputed`` (from
    rows), ``consistent_printed`` (from other printed figures) or ``under_definition`` (then ``otherwise``
    says what the other definitions the wording allows give)."""
    decimals = decimals_printed(claim["printed_value"])
    ok = matches(claim["value"], computed, claim["qualifier"], decimals, "half_up")
    cause = ""
    if claim["qualifier"] == "exact":
        ok_trunc = matches(claim["value"], computed, "exact", decimals, "truncate")
        if ok != ok_trunc:
            method += (
                f" [rule_sensitive: {'reproduced' if ok_trunc else 'discrepancy'} under truncation, "
                f"{'reproduced' if ok else 'discrepancy'} under rounding]"
            )
            cause = "rounding" if ok_trunc else ""
    if otherwise:
        evidence = "; ".join(e for e in (evidence, otherwise) if e)
    return Verdict(strength if ok else "discrepancy", float(computed), method, evidence, cause)


def not_derivable(reason: str, evidence: str = "", why: str = "no_data_in_report") -> Verdict:
    return Verdict("not_derivable", None, reason, evidence, reason=why)


# --------------------------------------------------------------------------- the report's own data


@dataclass
class Data:
    """The validated tables the audit reads (data/processed/, never data/raw/)."""

    members: pd.DataFrame
    printed_totals: pd.DataFrame
    events: pd.DataFrame
    pilot_projects: pd.DataFrame
    publications: pd.DataFrame
    funding: pd.DataFrame
    claims: pd.DataFrame
    corrections: pd.DataFrame
    conversion_readings: pd.DataFrame
    annex_lists: pd.DataFrame
    report_text: str = ""  # the text conversion of the report, to say what it kept under a heading

    def printed(self, locator: str, section: str | None = None) -> float:
        """The printed figure whose wording matches ``locator`` (this figure as '@'): found by its words."""
        c = self.claims
        found = c[c["wording"].str.contains(locator, regex=True)]
        if section is not None:
            found = found[found["section"] == section]
        if found.empty:
            raise LookupError(f"no printed figure matches {locator!r}" + (f" in section {section}" if section else ""))
        return float(found["value"].iloc[0])

    def list(self, name: str) -> pd.DataFrame:
        return self.annex_lists[self.annex_lists["list_name"] == name].reset_index(drop=True)

    @property
    def metropolis_events(self) -> int:
        """Metropolis's own events, as the report counts them (section 2)."""
        return int(self.printed(r"^@ événements de Metropolis", "2"))

    @property
    def global_events(self) -> int:
        return len(self.events) - self.metropolis_events


AUDIT_INPUTS = (
    "members",
    "printed_totals",
    "events",
    "pilot_projects",
    "publications",
    "funding",
    "claims",
    "corrections",
    "conversion_readings",
    "annex_lists",
)


def load(processed_dir: Path) -> Data:
    from . import config

    text = config.REPORT_TEXT.read_text(encoding="utf-8") if config.REPORT_TEXT.exists() else ""
    return Data(**{name: schema.read(name, processed_dir) for name in AUDIT_INPUTS}, report_text=text)


@dataclass(frozen=True)
class Rule:
    rule_id: str
    section: str
    locator: str
    computation: str
    argument: str
    quantity: str
    default_cause: str
    note: str

    def applies(self, claim: dict) -> bool:
        if self.section and not re.search(self.section, claim["section"]):
            return False
        if "@" in self.locator:
            return re.search(self.locator, claim["wording"]) is not None
        return re.search(self.locator, claim["claim_text"]) is not None


def rules(path: Path | None = None) -> list[Rule]:
    import csv

    with open(path or schema.METADATA_DIR / "claim_rules.csv", encoding="utf-8", newline="") as handle:
        return [Rule(**row) for row in csv.DictReader(handle)]


# --------------------------------------------------------------------------- computations
# Each takes the data, the claim and the rule's argument, and returns a Verdict.


def _titles(events: pd.DataFrame, mask) -> str:
    return "; ".join(
        f"{t} (line {line})" for t, line in zip(events.loc[mask, "title"], events.loc[mask, "source_line"])
    )


def _member_count(m: pd.DataFrame, column: str) -> int:
    """Members with a non-empty, non-zero cell. A missing count is a printed cell that is not a number (a suspect
    cell of the report, members.reading_values): it is not empty, so it counts; a missing year is an empty cell."""
    values = m[column]
    if values.dtype == "boolean":
        return int(values.sum())
    present = values.astype("Float64") > 0
    return int(present.fillna(column != "indicator_system_year").sum())


def c_member_rows(d: Data, c: dict, arg: str) -> Verdict:
    return judge(c, len(d.members), "rows of table 4.1 (one per member)")


def c_not_derivable(d: Data, c: dict, arg: str) -> Verdict:
    return not_derivable(arg)


CGLU_SIDE_EVENT = "événement parallèle"


def c_not_derivable_cglu(d: Data, c: dict, arg: str) -> Verdict:
    mask = d.events["title"].str.contains("CGLU")
    if re.search(r"@ événements organisés par CGLU", c["wording"]):
        own = mask & ~d.events["title"].str.contains(CGLU_SIDE_EVENT, regex=False)
        verdict = judge(
            c,
            int(own.sum()),
            f"calendar entries whose title names CGLU, side events ('{CGLU_SIDE_EVENT}') excluded: CGLU's own "
            "meetings (the calendar does not say who organised each event)",
            f"entries: {_titles(d.events, own)}",
            strength="under_definition",
            otherwise=f"counting every title that names CGLU gives {int(mask.sum())} (the side event "
            f"{_titles(d.events, mask & ~own)} included)",
        )
        if verdict.status == "discrepancy" and matches(c["value"], int(mask.sum())):
            verdict.cause = "definition"
        return verdict
    return not_derivable(
        arg,
        f"context only: {int(mask.sum())} calendar titles name CGLU: {_titles(d.events, mask)}"
        if re.search(r"par CGLU", c["claim_text"])
        else "",
    )


def c_lost_in_conversion(d: Data, c: dict, arg: str) -> Verdict:
    """A list or mark of the report that the text conversion did not keep: argument 'why|heading|next heading'
    (regular expressions on stripped lines). The evidence says what the text keeps between the heading and the next
    one; with no next heading the heading is a legend (a colour) and the evidence quotes it."""
    why, heading, following = arg.split("|")
    lines = [line.strip() for line in d.report_text.split("\n")]
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
        + f"; the report prints {c['printed_value']}",
        why="lost_in_conversion",
    )


def c_list_count(d: Data, c: dict, arg: str) -> Verdict:
    return judge(c, len(d.list(arg)), f"number of entries of the annex list {arg}")


def c_list_entries_naming(d: Data, c: dict, arg: str) -> Verdict:
    """Entries of an annex list whose text names the thing counted: argument 'list|word'."""
    name, word = arg.split("|")
    entries = d.list(name)
    mask = entries["entry"].str.contains(word, regex=False)
    return judge(
        c,
        int(mask.sum()),
        f"entries of the annex list {name} that name an '{word}'",
        "; ".join(entries.loc[mask, "entry"]),
    )


def c_members_with(d: Data, c: dict, arg: str) -> Verdict:
    return judge(
        c, _member_count(d.members, arg), f"members with a non-empty, non-zero cell in table 4.1/4.2 (members.{arg})"
    )


def c_share_members(d: Data, c: dict, arg: str) -> Verdict:
    """A share of the members. The report counts 141 members and 1 honorary member (section 2, found by its
    wording): where the share over the members alone does not match, the share with the honorary member counted
    is the other definition the report's own figures allow, and a match under it is reproduced under that
    definition (the evidence gives the value over the members alone)."""
    n, total = int(d.members[arg].sum()), len(d.members)
    verdict = judge(c, 100 * n / total, f"{n} members / {total} members × 100 (members.{arg})")
    honorary = d.claims[d.claims["wording"].str.contains("@ membre d'honneur", regex=False)]
    if verdict.status == "discrepancy" and len(honorary):
        extra = int(honorary["value"].iloc[0])
        with_honorary = 100 * n / (total + extra)
        alternative = judge(
            c,
            with_honorary,
            f"{n} members / ({total} members + {extra} honorary member, line {int(honorary['source_line'].iloc[0])}) "
            f"× 100 (members.{arg})",
            strength="under_definition",
        )
        if alternative.status == "under_definition" and matches(
            c["value"], 100 * n / total, c["qualifier"], decimals_printed(c["printed_value"]), "truncate"
        ):
            # two definitions reproduce the figure, each under its own rounding rule: the data cannot decide
            alternative.evidence = (
                f"two readings reproduce the printed {c['printed_value']}: {n}/{total} = {100 * n / total:.1f} % "
                f"truncated (the members alone{_other_share_denominator(d, c, total)}), or {n}/{total + extra} = "
                f"{with_honorary:.1f} % rounded (the honorary member counted); the data cannot decide between "
                "them"
            )
            alternative.computed_min = min(with_honorary, 100 * n / total)
            alternative.computed_max = max(with_honorary, 100 * n / total)
        if alternative.status == "under_definition":
            return alternative
    return verdict


def _other_share_denominator(d: Data, c: dict, total: int) -> str:
    """Another printed share of the members whose figure only the members alone reproduce (found by the rule that
    checks it, women_governed): ', the denominator of the report's 15,6 % …'."""
    others = d.claims[d.claims["wording"].str.contains(r"@ de nos membres sont gouvernés par des femmes", regex=True)]
    if others.empty or "women_governed" not in d.members.columns:
        return ""
    o = others.iloc[0]
    k = int(d.members["women_governed"].sum())
    decimals = decimals_printed(o["printed_value"])
    alone = matches(o["value"], 100 * k / total, "exact", decimals)
    with_one = matches(o["value"], 100 * k / (total + 1), "exact", decimals)
    if not alone or with_one:
        return ""
    return (
        f", the denominator of the report's own {o['printed_value']} on line {int(o['source_line'])}: {k}/{total} = "
        f"{100 * k / total:.2f} %, while {k}/{total + 1} = {100 * k / (total + 1):.2f} %"
    )


def c_events_flagged(d: Data, c: dict, arg: str) -> Verdict:
    mask = d.events[arg].astype(bool)
    return judge(c, int(mask.sum()), f"calendar entries flagged {arg}", f"entries: {_titles(d.events, mask)}")


def c_events_titled(d: Data, c: dict, arg: str) -> Verdict:
    mask = d.events["title"].str.contains(arg, regex=True)
    return judge(
        c, int(mask.sum()), f"calendar entries whose title matches '{arg}'", f"entries: {_titles(d.events, mask)}"
    )


WMD_TITLE = "Journée mondiale métropolitaine 2020"


def _wmd(d: Data) -> tuple[pd.Series, pd.Series]:
    """Calendar entries of World Metropolitan Day, and which of them name an event after the day's title
    (the untitled entry is the day itself)."""
    flagged = d.events["world_metropolitan_day"].astype(bool)
    titled = flagged & d.events["title"].str.strip().ne(WMD_TITLE)
    return flagged, titled


def c_wmd_events(d: Data, c: dict, arg: str) -> Verdict:
    flagged, titled = _wmd(d)
    untitled = d.events.loc[flagged & ~titled, "source_line"].tolist()
    verdict = judge(
        c,
        int(titled.sum()),
        "calendar entries of World Metropolitan Day that name an event (the entry titled only "
        f"'{WMD_TITLE}' is the day itself)",
        f"entries: {_titles(d.events, titled)}",
        strength="under_definition",
        otherwise=f"counting every entry of the day, the untitled one(s) of line(s) {', '.join(map(str, untitled))} "
        f"included, gives {int(flagged.sum())}",
    )
    if verdict.status == "discrepancy" and matches(c["value"], int(flagged.sum())):
        verdict.cause = "definition"
    return verdict


def _pilot_named(d: Data, text: str) -> str | None:
    quoted = re.search(r"«\s*(.+?)\s*»", text)
    names = set(d.pilot_projects["project_name"])
    return quoted.group(1) if quoted and quoted.group(1) in names else None


def c_wmd_pilot_event(d: Data, c: dict, arg: str) -> Verdict:
    """World Metropolitan Day entries whose title names the pilot project the claim quotes."""
    project = _pilot_named(d, c["claim_text"])
    if project is None:
        return not_derivable("the claim names no pilot project of the annex 5.II")
    flagged, titled = _wmd(d)
    mask = titled & d.events["title"].str.contains(project, regex=False)
    return judge(
        c,
        int(mask.sum()),
        f"calendar entries of World Metropolitan Day whose title names the pilot project « {project} » (5.II)",
        f"entries: {_titles(d.events, mask)}",
    )


def c_wmd_others(d: Data, c: dict, arg: str) -> Verdict:
    """The day's events not organised by Metropolis nor co-organised by a pilot project: the titled entries,
    minus the printed Metropolis event, minus the entries naming a pilot project."""
    flagged, titled = _wmd(d)
    by_metropolis = int(d.printed(r"^@ événement organisé par Metropolis", c["section"]))
    projects = "|".join(re.escape(p) for p in d.pilot_projects["project_name"].unique())
    by_pilots = int((titled & d.events["title"].str.contains(projects, regex=True)).sum())
    computed = int(titled.sum()) - by_metropolis - by_pilots
    return judge(
        c,
        computed,
        f"calendar entries of the day that name an event ({int(titled.sum())}) − the printed Metropolis event "
        f"({by_metropolis}) − the entries naming a pilot project ({by_pilots})",
        "the Metropolis event is a printed figure (the calendar does not say who organised each event)",
        strength="under_definition",
        otherwise=f"counting every entry of the day gives {int(flagged.sum()) - by_metropolis - by_pilots}",
    )


def c_publications(d: Data, c: dict, arg: str) -> Verdict:
    p = d.publications
    if arg == "all":
        return judge(c, len(p), "entries of 'Nouvelles publications' (5.II)")
    if arg == "gender_any":
        return judge(c, int((p["gender_group"] != "none").sum()), "new publications listed under either 5.IV group")
    return judge(c, int((p["gender_group"] == arg).sum()), f"new publications listed under the 5.IV group {arg}")


def c_publications_titled(d: Data, c: dict, arg: str) -> Verdict:
    mask = d.publications["title"].str.contains(arg, regex=True)
    return judge(
        c,
        int(mask.sum()),
        f"new publications whose title matches '{arg}'",
        "; ".join(d.publications.loc[mask, "title"]),
    )


def _printed_global_events(d: Data) -> tuple[int, int]:
    return (
        int(d.printed(r"^Participation active à @ événements mondiaux", "2.1")),
        int(d.printed(r"^@ participations actives aux événements mondiaux", "5")),
    )


def c_global_events(d: Data, c: dict, arg: str) -> Verdict:
    computed = d.global_events
    in_21, in_annex = _printed_global_events(d)
    return judge(
        c,
        computed,
        f"calendar entries ({len(d.events)}) minus the {d.metropolis_events} Metropolis events "
        "the report counts in section 2 (the calendar lists both kinds)",
        f"section 2.1 prints {in_21} global events, the annex summary prints {in_annex}; "
        f"the calendar has {len(d.events)} entries = {d.metropolis_events} + {computed}; the {d.metropolis_events} "
        "is itself a printed figure (the calendar does not say who organised each event), so this checks the "
        "report against itself",
        strength="consistent_printed",
    )


FUNDING_LABELS = {"Cotisations": "dues", "Partenariats": "member_partnerships", "Autres": "other_partnerships"}


def _in_kind_share(d: Data, c: dict, source: str) -> Verdict:
    f = d.funding.set_index("funding_id")
    cash_total = float(f.at["cash|total", "amount_eur"])
    all_total = float(f.at["including_in_kind|total", "amount_eur"])
    if source == "in_kind":
        computed = 100 * (all_total - cash_total) / all_total
        method = "(total with in-kind − cash total) / total with in-kind × 100"
    else:
        computed = float(f.at[f"cash|{source}", "share_percent"]) * cash_total / all_total
        method = f"printed cash share of {source} × cash total / total with in-kind"
    printed = d.funding[d.funding["scheme"] == "including_in_kind"]["share_percent"].dropna()
    recomputed = [100 * (all_total - cash_total) / all_total] + [
        float(f.at[f"cash|{s}", "share_percent"]) * cash_total / all_total for s in FUNDING_LABELS.values()
    ]
    return judge(
        c,
        computed,
        method,
        f"the printed shares with in-kind payments add up to {printed.sum():g} %; "
        f"recomputed from the two printed totals they add up to {sum(recomputed):.1f} %; every input is a printed "
        "share or total (the report prints no accounts)",
        strength="consistent_printed",
    )


def c_in_kind_share(d: Data, c: dict, arg: str) -> Verdict:
    return _in_kind_share(d, c, arg)


def c_funding_share(d: Data, c: dict, arg: str) -> Verdict:
    """Section 2.3 prints the cash shares first, then the shares including in-kind payments."""
    cash_total_line = int(d.funding.loc[d.funding["funding_id"] == "cash|total", "source_line"].iloc[0])
    if c["source_line"] < cash_total_line:
        return c_cash_share(d, c, arg)
    return _in_kind_share(d, c, FUNDING_LABELS[c["claim_text"].split()[0]])


def c_cash_share(d: Data, c: dict, arg: str) -> Verdict:
    shares = d.funding[d.funding["scheme"] == "cash"]["share_percent"].dropna()
    return not_derivable(
        "the report prints no amount by source of funds", f"the three printed cash shares add up to {shares.sum():g} %"
    )


def c_staff_split(d: Data, c: dict, arg: str) -> Verdict:
    """The women/men split printed after the staff total (the same wording follows the interns)."""
    same = d.claims[(d.claims["section"] == c["section"]) & (d.claims["source_line"] <= c["source_line"])]
    heads = same[same["wording"].str.contains(r"@ (?:professionnels|stagiaires)", regex=True)]
    if heads.empty or "stagiaires" in heads["wording"].iloc[-1]:
        return not_derivable("the list of interns gives names, not gender")
    women_lo, women_hi, men_lo, men_hi, counts = staff_gender_range(d)
    block = d.claims[(d.claims["section"] == c["section"]) & (d.claims["claim_text"] == c["claim_text"])]
    women = int(block.loc[block["wording"].str.contains(r"@ femmes", regex=True), "value"].iloc[0])
    men = int(block.loc[block["wording"].str.contains(r"@ hommes", regex=True), "value"].iloc[0])
    is_women = bool(re.search(r"@ femmes", c["wording"]))
    lo, hi = (women_lo, women_hi) if is_women else (men_lo, men_hi)
    inside = lo <= c["value"] <= hi and women + men == women_lo + men_lo + counts["epicene"]
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


def staff_gender_range(d: Data) -> tuple[int, int, int, int, dict]:
    """Women and men on the staff list as its job titles allow (metadata/role_genders.csv: a pattern per
    grammatical gender; an epicene title may be either): (women low, high, men low, high, counts)."""
    staff = d.list("list_staff")
    genders = []
    for title in staff["detail"].fillna(""):
        found = [r["gender"] for r in schema.rows("role_genders.csv") if re.search(r["pattern"], title)]
        genders.append(found[0] if found else "epicene")
    genders = pd.Series(genders, index=staff.index)
    counts = {g: int((genders == g).sum()) for g in ("feminine", "masculine", "epicene")}
    counts["epicene_names"] = list(staff.loc[genders == "epicene", "entry"])
    e = counts["epicene"]
    return counts["feminine"], counts["feminine"] + e, counts["masculine"], counts["masculine"] + e, counts


def c_training(d: Data, c: dict, arg: str) -> Verdict:
    items = d.list("list_staff_training")["entry"]
    if arg == "gender":
        return judge(
            c,
            int(items.str.contains("genre").sum()),
            "staff trainings listed in the annex whose subject names gender ('genre')",
        )
    whole = int(items.str.contains("équipe entière").sum())
    computed = whole if arg == "group" else len(items) - whole
    return judge(
        c,
        computed,
        f"staff trainings listed in the annex {'for the whole team' if arg == 'group' else 'for 1 or 2 people'}",
    )


def c_secretaries(d: Data, c: dict, arg: str) -> Verdict:
    s = d.list("list_regional_secretaries")
    if arg == "all":
        return judge(c, len(s), "entries of the list of regional secretaries (5.IV)")
    return judge(c, int((s["detail"] == "Mme").sum()), "regional secretaries listed with the title 'Mme' (5.IV)")


def c_new_members(d: Data, c: dict, arg: str) -> Verdict:
    m = d.members
    marked = m[m["new_member"]]
    listed = m[m["in_new_members_list"]]
    evidence = ""
    if set(marked["member_id"]) != set(listed["member_id"]):
        evidence = (
            f"table 4.1 marks (N): {', '.join(marked['name'])}; the annex lists: "
            f"{', '.join(listed['name'])}; only in 4.1: {', '.join(sorted(set(marked['name']) - set(listed['name'])))}; "
            f"only in the list: {', '.join(sorted(set(listed['name']) - set(marked['name'])))}"
        )
    asia = "Asie" in c["claim_text"]
    computed = int((marked["region"] == "Asia").sum()) if asia else len(marked)
    return judge(c, computed, "members marked (N) in table 4.1" + (" in Asia" if asia else ""), evidence)


def c_indicators(d: Data, c: dict, arg: str) -> Verdict:
    years = d.members["indicator_system_year"]
    n = int(years.notna().sum())
    if arg == "share":
        return judge(c, 100 * n / len(years), f"{n} members with a year in the indicators column / {len(years)} × 100")
    if arg == "new":
        latest = int(years.max())
        spaces = int(d.printed(r"un total de @ espaces métropolitains", "2.2"))
        return not_derivable(
            "the figure counts metropolitan spaces; table 4.1 counts members, and several members share a space",
            f"context only: {n} members with a year sit in {spaces} printed spaces, so members are not spaces; counting "
            f"members analysed in {latest} gives {int((years == latest).sum())}, counting every member with a year "
            f"gives {n}",
        )
    return judge(c, n, "members with a year in the indicators column of table 4.1")


def c_pilots(d: Data, c: dict, arg: str) -> Verdict:
    p = d.pilot_projects
    running = p[~p["pending"]]
    if arg == "projects":
        return judge(
            c,
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
        in_table = int((d.members["pilot_projects"] > 0).sum())
        return judge(
            c,
            running["member_id"].nunique(),
            "members of pilot projects not pending (5.II)",
            f"table 4.1 marks {in_table} members with a pilot role",
        )
    workshops = running.drop_duplicates("project_number")
    return judge(
        c, int((workshops["workshops"].str.len() > 0).sum()), "running pilot projects with a workshop printed (5.II)"
    )


def c_c4gh(d: Data, c: dict, arg: str) -> Verdict:
    m = d.members
    initiatives = int(d.printed(r"^@ initiatives chargées par # villes", "2.2"))
    cities = int(d.printed(r"^# initiatives chargées par @ villes", "2.2"))
    if arg == "initiatives":
        s = int(m["c4gh_initiatives"].sum())
        return judge(
            c,
            100 * s / initiatives,
            f"{s} initiatives of members (table 4.2) / {initiatives} initiatives printed in 2.2 × 100",
            "the denominator is a printed figure (the report lists no initiatives of non-members)",
            strength="consistent_printed",
        )
    n = int((m["c4gh_initiatives"] > 0).sum())
    return judge(
        c,
        100 * n / cities,
        f"{n} members with initiatives (table 4.2) / {cities} cities printed in 2.2 × 100",
        "the denominator is a printed figure (the report lists no cities that are not members)",
        strength="consistent_printed",
    )


def _rethink_printed(d: Data) -> tuple[int, int, int]:
    led = int(d.printed(r"appel à repenser .*mené par @ membres", "2.1"))
    supported = int(d.printed(r"appel à repenser .*appuyé par @ autres membres", "2.1"))
    totals = d.printed_totals.set_index("total_id")
    return led, supported, int(totals.at["4.1|Total membres|rethink_call", "value"])


def c_rethink_split(d: Data, c: dict, arg: str) -> Verdict:
    n = int(d.members["rethink_call"].sum())
    led, supported, total = _rethink_printed(d)
    return not_derivable(
        "table 4.1 marks who joined the call, not who led or supported it",
        f"{led} + {supported} = {led + supported} members; table 4.1 marks {n} members in the rethink "
        f"column and prints a total of {total}",
    )


def c_use_cases(d: Data, c: dict, arg: str) -> Verdict:
    m = d.members
    if arg == "members":
        return judge(c, int((m["use_cases"] > 0).sum()), "members with cases on use (table 4.2)")
    return judge(c, int(m["use_cases"].sum()), "cases on use summed over members (table 4.2)")


def c_congress(d: Data, c: dict, arg: str) -> Verdict:
    return judge(
        c,
        int(d.members["congress_2020"].sum()),
        "members marked in the Congress column of table 4.1 (the online General Assembly replaced "
        "the Congress in 2020; the table has no other column for it)",
        strength="under_definition",
        otherwise="counted under the definition 'General Assembly members = Congress column'; no other table or list "
        "of the report names the members of the General Assembly, so no other definition can be counted",
    )


COMPUTATIONS = {name[2:]: f for name, f in dict(globals()).items() if name.startswith("c_") and callable(f)}


# --------------------------------------------------------------------------- readings of the text conversion


def reading_variants(d: Data) -> dict[str, Data]:
    """The data under every admissible combination of readings of tables 4.1 and 4.2 (conversion.member_readings):
    one entry when the printed totals decide every row."""
    return {
        name: replace(d, members=m) for name, m in conversion.member_readings(d.members, d.conversion_readings).items()
    }


def _ambiguous_rows(d: Data) -> str:
    r = d.conversion_readings
    rows = r[r["status"] == "ambiguous"].drop_duplicates(["raw_table", "source_line"])
    names = d.members.set_index("member_id")["name"]
    return ", ".join(f"{names.get(x.row_key, x.row_key)} (line {x.source_line})" for x in rows.itertuples())


def under_readings(d: Data, variants: dict[str, Data], claim: dict, verdict: Verdict, recompute) -> Verdict:
    """The verdict of a figure computed from the members table, weighed over the admissible readings.

    A figure whose value is the same under every admissible reading and in the published table does not depend
    on them. Otherwise it carries the range over the readings: ``consistent_with_readings`` when it matches under
    at least one, ``discrepancy`` when it matches under none."""
    if verdict.status == "not_derivable":
        return verdict
    values = {name: float(recompute(v)) for name, v in variants.items()}
    if len(set(values.values()) | {verdict.computed}) == 1:
        return verdict
    decimals = decimals_printed(claim["printed_value"])
    agree = [n for n, v in values.items() if matches(claim["value"], v, claim["qualifier"], decimals)]
    shown = ", ".join(f"{n} {v:g}" for n, v in values.items())
    lo, hi = min(values.values()), max(values.values())
    if lo == hi:
        opening = (
            f"the rows of the text conversion that the printed totals cannot decide between ({_ambiguous_rows(d)}; "
            f"conversion_readings) give the same value under all {len(values)} admissible readings: {lo:g}"
        )
    else:
        opening = (
            f"the value depends on rows of the text conversion that the printed totals cannot decide between "
            f"({_ambiguous_rows(d)}; conversion_readings): under the {len(values)} admissible readings it is {shown}"
        )
    evidence = (
        opening
        + f"; the report is consistent with {len(agree)} of {len(values)} admissible readings"
        + (f" ({', '.join(agree)})" if 0 < len(agree) < len(values) else "")
        + ("; the text conversion does not say which" if lo != hi else "")
        + (
            f"; the published members table, which flags those rows (the suspect ones kept as printed), gives "
            f"{verdict.computed:g}"
            if verdict.computed not in values.values()
            else ""
        )
    )
    status = "consistent_with_readings" if agree else "discrepancy"
    first = next(iter(values.values()))
    out = Verdict(
        status,
        first,
        verdict.method + " (value under combination A; range over the admissible readings)",
        "; ".join(e for e in (verdict.evidence, evidence) if e),
        "" if agree else verdict.cause,
        lo,
        hi,
    )
    return out


def _text(value) -> str:
    """A text cell of a processed table, "" where it is empty (read back, an empty cell is missing)."""
    return "" if value is None or pd.isna(value) else str(value)


def report_cells(d: Data) -> pd.DataFrame:
    """The suspect cells of the report: rows that prove a misfit no reading restores (conversion_readings)."""
    r = d.conversion_readings
    return r[r["status"] == "report_cell"]


def _report_cell_evidence(d: Data, column: str) -> str:
    raw_column = schema.column("members", column).raw_column
    names = d.members.set_index("member_id")["name"]
    hits = []
    for r in report_cells(d).itertuples():
        cells = dict(zip(conversion.printed_columns(r.raw_table), r.printed_row.split(conversion.CELL_SEPARATOR)))
        if raw_column in _text(r.misfit_columns).split("; "):
            hits.append(f"{names.get(r.row_key, r.row_key)} (line {r.source_line}) prints {cells[raw_column]!r}")
    if not hits:
        return ""
    return (
        f"suspect cell(s) of the report in this column, which no reading of the text conversion restores without "
        f"making a printed total worse: {'; '.join(hits)} (kept out of the counts; conversion_readings)"
    )


# --------------------------------------------------------------------------- the audit


def audit_claim(d: Data, c: dict, rule_list: list[Rule]) -> tuple[Verdict, Rule | None]:
    for rule in rule_list:
        if rule.applies(c):
            return COMPUTATIONS[rule.computation](d, c, rule.argument), rule
    return not_derivable("the report contains no table or list from which this figure can be counted"), None


def audit_total(d: Data, t: dict, variants: dict[str, Data] | None = None) -> Verdict:
    """The verdict of one printed total cell; with ``variants`` (reading_variants), weighed over the admissible
    readings of the text conversion."""
    column = t["column"]
    values = d.members[column]
    claim = {"value": t["value"], "printed_value": str(t["value"]), "qualifier": "exact"}
    if t["row_label"] == "Total membres" and column == "indicator_system_year":
        return _indicator_total(d, claim)
    members_row = t["row_label"] == "Total membres"

    def recompute(data: Data) -> int:
        return _member_count(data.members, column) if members_row else int(data.members[column].sum())

    computed = recompute(d)
    method = (
        f"members with a non-empty / non-zero {column} (count of rows)"
        if members_row
        else f"sum of {column} over the members"
    )
    verdict = judge(claim, computed, method)
    if variants is not None:
        verdict = under_readings(d, variants, claim, verdict, recompute)
    evidence = [verdict.evidence] if verdict.evidence else []
    readings = d.conversion_readings
    raw_column = schema.column("members", column).raw_column
    label = conversion.total_label((t["row_label"], raw_column))
    names = d.members.set_index("member_id")["name"]

    def rows(readings_) -> str:
        return ", ".join(f"{names.get(r.row_key, r.row_key)} (line {r.source_line})" for r in readings_)

    # credit: this total took part in choosing the reading of a row only if its value differs between them
    per_row = readings.drop_duplicates(["raw_table", "source_line"])
    several = readings.groupby(["raw_table", "source_line"]).size()
    deciding = [
        r
        for r in per_row.itertuples()
        if several.get((r.raw_table, r.source_line), 0) > 1 and label in _text(r.totals_deciding).split("; ")
    ]
    restored = [
        r
        for r in restored_readings(readings).drop_duplicates(["raw_table", "source_line"]).itertuples()
        if _changes_column(r, raw_column)
    ]
    if deciding and verdict.status == "consistent_with_readings":
        evidence.append(
            f"this printed total differs between the readings of {len(deciding)} row(s) ({rows(deciding)}; see "
            "conversion_readings) and was one of the totals used to choose them, so matching it under the readings "
            "it chose is fitted by construction, not independent evidence: it shows only that the rows allow "
            "readings that fit it"
        )
    elif deciding:
        evidence.append(
            f"this total differs between the readings of {len(deciding)} row(s), so it took part in weighing them "
            f"({rows(deciding)}; see conversion_readings)"
        )
    elif restored:
        evidence.append(f"includes {len(restored)} row(s) restored from the text conversion: {rows(restored)}")
    if verdict.status == "discrepancy" and verdict.computed_min is None:
        evidence.append(f"difference computed − printed = {computed - t['value']:+d}")
        if t["row_label"] == "Total membres":
            nonzero = d.members.loc[values.astype("Float64") > 0, "name"]
            evidence.append(f"{len(nonzero)} members counted: {', '.join(nonzero)}")
    verdict.evidence = "; ".join(evidence)
    if verdict.status == "discrepancy":
        cells = _report_cell_evidence(d, column)
        verdict.evidence = "; ".join(e for e in (verdict.evidence, cells) if e)
        verdict.cause = verdict.cause or "report_inconsistent"
    return verdict


def fitted_totals(d: Data) -> set[str]:
    """The printed total cells (conversion.total_label) whose value differs between the readings of a row the
    printed totals cannot decide: they chose those readings, so a match under them is fitted by construction."""
    r = d.conversion_readings
    rows = r[r["status"] == "ambiguous"]
    return {label for text in rows["totals_deciding"] for label in _text(text).split("; ") if label}


def _against_fitted_total(d: Data, c: dict, column: str, v: Verdict) -> Verdict:
    """A prose count of members whose column's 'Total membres' chose the readings it is computed under: it equals
    that printed total (a check of the report against itself), not a recomputation from rows."""
    totals = d.printed_totals
    row = totals[(totals["row_label"] == "Total membres") & (totals["column"] == column)].dropna(subset=["value"])
    if row.empty:
        return v
    t = row.iloc[0]
    label = conversion.total_label(("Total membres", schema.column("members", column).raw_column))
    if label not in fitted_totals(d):
        return v
    agrees = matches(c["value"], float(t["value"]))
    return Verdict(
        "consistent_printed" if agrees else "discrepancy",
        float(t["value"]),
        f"the printed 'Total membres' of table {t['table']} for {column} (line {int(t['source_line'])}), which "
        "the figure restates",
        f"the figure {'equals' if agrees else 'differs from'} the printed total {int(t['value'])} of line "
        f"{int(t['source_line'])}; counting the rows of table 4.1 gives "
        + (f"{v.computed_min:g}" if v.computed_min == v.computed_max else f"{v.computed_min:g}–{v.computed_max:g}")
        + " under every admissible reading of the text conversion, but those readings were chosen by the same printed "
        + " totals, so this checks the report against itself, not against its rows; "
        + v.evidence,
        "" if agrees else "report_inconsistent",
        v.computed_min,
        v.computed_max,
    )


def restored_readings(readings: pd.DataFrame) -> pd.DataFrame:
    """The readings of rows that prove a dropped cell and are restored: applied under every admissible combination,
    or ambiguous (restored under each combination by one of its readings); not a row that fits as printed."""
    proven = ~readings["reading_id"].str.endswith((":printed", ":suspect")) & ~readings["reading_id"].str.contains(
        ":suspect", regex=False
    )
    return readings[proven & readings["status"].isin(["applied", "ambiguous"])]


def _changes_column(reading, raw_column: str) -> bool:
    return raw_column in conversion.changed_cells(reading.raw_table, reading.printed_row, reading.reading_row)


def _indicator_total(d: Data, claim: dict) -> Verdict:
    """The 4.1 total of the indicators column counts the members analysed in 2020: section 2.2 says 15 new
    metropolitan spaces were referenced in 2020 (the indicators_new rule), the year the total row reports."""
    years = d.members["indicator_system_year"]
    latest = int(years.max())
    counts = years.value_counts().sort_index()
    by_year = ", ".join(f"{int(y)}: {n}" for y, n in counts.items())
    verdict = judge(
        claim,
        int((years == latest).sum()),
        f"members analysed in {latest}, the year of the report (the definition of section 2.2, which "
        f"counts what was newly referenced in {latest})",
        f"members by year: {by_year}; counting every member with a year would give {int(years.notna().sum())}, the "
        "rule every other 'Total membres' cell follows (and section 2.2 counts every year to reach that figure)",
        strength="under_definition",
    )
    if verdict.status == "discrepancy":
        alternative = int(years.notna().sum())
        if matches(claim["value"], alternative):
            verdict.cause = "definition"
            verdict.evidence += "; the printed total equals the count of every member with a year (another definition)"
        else:
            verdict.cause = "report_inconsistent"
    return verdict


AUDIT_COLUMNS = [
    "claim_id",
    "section",
    "claim_text",
    "printed_value",
    "reported_value",
    "unit",
    "qualifier",
    "computed_value",
    "computed_min",
    "computed_max",
    "status",
    "cause",
    "matter",
    "rule_id",
    "method",
    "evidence",
    "data_gap",
    "source_line",
]


def audit(d: Data, rule_list: list[Rule] | None = None) -> pd.DataFrame:
    rule_list = rules() if rule_list is None else rule_list
    variants = reading_variants(d)
    rows = []
    for c in d.claims.to_dict("records"):
        v, rule = audit_claim(d, c, rule_list)
        if rule is not None:

            def recompute(data: Data, rule=rule, c=c) -> float:
                return COMPUTATIONS[rule.computation](data, c, rule.argument).computed

            v = under_readings(d, variants, c, v, recompute)
            if v.status == "consistent_with_readings" and rule.computation == "members_with":
                v = _against_fitted_total(d, c, rule.argument, v)
            if v.status == "discrepancy":
                column = rule.quantity.split(".", 1)[1] if rule.quantity.startswith("members.") else ""
                column = column if column in d.members.columns else ""
                cells = _report_cell_evidence(d, column) if column else ""
                v.evidence = "; ".join(e for e in (v.evidence, cells) if e)
                v.cause = v.cause or rule.default_cause or "unexplained"
        rows.append(
            {
                "claim_id": c["claim_id"],
                "section": c["section"],
                "claim_text": c["claim_text"],
                "printed_value": c["printed_value"],
                "reported_value": c["value"],
                "unit": c["unit"],
                "qualifier": c["qualifier"],
                "computed_value": v.computed,
                "computed_min": v.computed_min,
                "computed_max": v.computed_max,
                "status": v.status,
                "cause": v.cause or None,
                "matter": ((rule.quantity if rule else "") or None) if v.status == "discrepancy" else None,
                "rule_id": rule.rule_id if rule else None,
                "method": v.method,
                "evidence": v.evidence,
                "data_gap": v.reason or None if v.status == "not_derivable" else None,
                "source_line": c["source_line"],
            }
        )
    totals = d.printed_totals.dropna(subset=["value"]).to_dict("records")
    for t in totals:
        v = audit_total(d, t, variants)
        rows.append(
            {
                "claim_id": t["total_id"],
                "section": t["table"],
                "claim_text": f"table {t['table']}, row '{t['row_label']}', column {t['column']}",
                "printed_value": t["printed_value"],
                "reported_value": float(t["value"]),
                "unit": "count",
                "qualifier": "exact",
                "computed_value": v.computed,
                "computed_min": v.computed_min,
                "computed_max": v.computed_max,
                "status": v.status,
                "cause": v.cause or None,
                "matter": f"members.{t['column']}" if v.status == "discrepancy" else None,
                "rule_id": None,
                "method": v.method,
                "evidence": v.evidence,
                "data_gap": None,
                "source_line": t["source_line"],
            }
        )
    out = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    _name_swaps(out, d)
    return out


def _name_swaps(audit_: pd.DataFrame, d: Data) -> None:
    """Two discrepant totals of one table and row, off by opposite amounts: name both columns in each
    (two cells of one row exchanged between them would give exactly that)."""
    totals = d.printed_totals.set_index("total_id")
    off = {
        i: (
            totals.at[r.claim_id, "table"],
            totals.at[r.claim_id, "row_label"],
            totals.at[r.claim_id, "column"],
            r.computed_value - r.reported_value,
        )
        for i, r in audit_.iterrows()
        if r["claim_id"] in totals.index and r["status"] == "discrepancy"
    }
    for i, (table, row, column, diff) in off.items():
        partners = [
            (c2, d2) for j, (t2, r2, c2, d2) in off.items() if j != i and t2 == table and r2 == row and d2 == -diff
        ]
        if partners:
            named = ", ".join(f"'{c2}' ({d2:+g})" for c2, d2 in partners)
            audit_.at[i, "evidence"] = "; ".join(
                e
                for e in (
                    audit_.at[i, "evidence"],
                    f"the '{row}' of table {table} is off by {diff:+g} in '{column}' and by the opposite amount in "
                    f"{named}: two cells of one row exchanged between these columns would give exactly that",
                )
                if e
            )


def coverage(census: list[tuple[int, str]], catalogue: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Each figure of the report's prose and totals (extract.figure_census: line, figure as printed) with the
    catalogue entry or printed total that audits it (empty: a figure the audit does not cover)."""
    entries: dict[tuple[int, str], list[str]] = {}
    for line, printed, claim_id in zip(catalogue["source_line"], catalogue["printed_value"], catalogue["claim_id"]):
        entries.setdefault((int(line), str(printed)), []).append(str(claim_id))
    for t in totals.dropna(subset=["value"]).itertuples():
        entries.setdefault((int(t.source_line), str(t.printed_value)), []).append(t.total_id)
    rows = []
    for line, printed in census:
        found = entries.get((line, printed), [])
        rows.append({"source_line": line, "printed_value": printed, "claim_id": found.pop(0) if found else None})
    return pd.DataFrame(rows, columns=["source_line", "printed_value", "claim_id"])


# --------------------------------------------------------------------------- the report against itself


def consistency_checks(d: Data) -> pd.DataFrame:
    """Places where two parts of the report describe the same thing: do they agree?"""
    m = d.members
    rows = []

    def add(check: str, first: str, second: str, agree: bool, evidence: str) -> None:
        rows.append(
            {
                "check": check,
                "first": first,
                "second": second,
                "verdict": "agree" if agree else "disagree",
                "evidence": evidence,
            }
        )

    marked, listed = set(m.loc[m["new_member"], "name"]), set(m.loc[m["in_new_members_list"], "name"])
    add(
        "New members",
        "table 4.1, '(N)' marks",
        "annex list 'Nouveaux membres'",
        marked == listed,
        f"4.1 marks {len(marked)}: {', '.join(sorted(marked))}; the list names {len(listed)}: {', '.join(sorted(listed))}"
        + (
            f"; only in 4.1: {', '.join(sorted(marked - listed))}; only in the list: {', '.join(sorted(listed - marked))}"
            if marked != listed
            else ""
        ),
    )
    p = d.pilot_projects
    in_table = m.set_index("member_id")["pilot_projects"]
    in_annex = p.groupby("member_id").size()
    running = p[~p["pending"]].groupby("member_id").size()
    mismatch = [mid for mid in running.index if in_table.get(mid, 0) != running[mid]]
    add(
        "Pilot projects per member",
        "table 4.1, pilot column",
        "annex 5.II pilot-project table",
        not mismatch and set(running.index) == set(in_table[in_table > 0].index),
        f"4.1 marks {int((in_table > 0).sum())} members; 5.II names {len(in_annex)} members in {p['project_number'].nunique()} "
        f"projects, {len(running)} in the {p.loc[~p['pending'], 'project_number'].nunique()} running ones; "
        f"named only in the pending project: {', '.join(sorted(set(in_annex.index) - set(running.index)))}"
        + (f"; counts differ for {', '.join(mismatch)}" if mismatch else ""),
    )
    in_21, in_annex_events = _printed_global_events(d)
    add(
        "Global events",
        f"section 2.1: {in_21}",
        f"annex summary: {in_annex_events}",
        in_21 == in_annex_events,
        f"the calendar has {len(d.events)} entries = {d.metropolis_events} Metropolis events + {d.global_events}",
    )
    shares = d.funding.dropna(subset=["share_percent"]).groupby("scheme")["share_percent"].sum()
    f = d.funding.set_index("funding_id")
    cash_total, all_total = (
        float(f.at["cash|total", "amount_eur"]),
        float(f.at["including_in_kind|total", "amount_eur"]),
    )
    from .inference import share_sum_word

    printed = d.funding[(d.funding["scheme"] == "including_in_kind") & d.funding["share_percent"].notna()]
    cash = d.funding[(d.funding["scheme"] == "cash") & d.funding["share_percent"].notna()].set_index("source")
    recomputed = [
        100 * (all_total - cash_total) / all_total
        if source == "in_kind"
        else float(cash.at[source, "share_percent"]) * cash_total / all_total
        for source in printed["source"]
    ]
    word = share_sum_word(list(printed["share_percent"]), recomputed)
    add(
        "Funding shares add up to 100 % (up to rounding)",
        "section 2.3, with in-kind payments",
        "the shares recomputed from the printed cash shares and the two printed totals",
        word != "a disagreement beyond rounding",
        f"printed shares add up to {shares.get('including_in_kind'):g} % (without in-kind: {shares.get('cash'):g} %); "
        "recomputed: "
        + ", ".join(f"{s.replace('_', ' ')} {r:.1f} %" for s, r in zip(printed["source"], recomputed))
        + f": {word}",
    )
    rethink = int(m["rethink_call"].sum())
    led, supported, total = _rethink_printed(d)
    add(
        "Rethink call",
        f"section 2.1: led by {led} + supported by {supported} members",
        f"table 4.1 rethink column (total row: {total})",
        rethink == led + supported == total,
        f"table 4.1 marks {rethink} members; its total row prints {total}",
    )
    # cells dropped by the text conversion are a defect of the conversion, not a disagreement of the report:
    # they are in conversion_readings and the data-quality chapter, not here
    return pd.DataFrame(rows)
