"""The claims audit: every figure the report prints, recomputed from its own data or marked not derivable.

The matching rule, applied to every claim alike:
- a figure printed without qualifier, with d decimals, is reproduced when the computed value
  rounded half-up to d decimals equals it. Because a report may also truncate, the verdict is
  computed under truncation too; where the two verdicts differ the claim is flagged
  ``rule_sensitive`` in its method text;
- "plus de R" / "+ R" is reproduced when the computed value is strictly greater than R;
- "près de R" is reproduced when the computed value is within 5 % of R.
A claim whose data the report does not contain is ``not_derivable``, with the reason.

Each figure is located by the rules of metadata/claim_rules.csv: a section and a *locator*, a regular
expression on the claim's ``wording`` (its block of text with this figure as '@' and every other
figure as '#'), so that a rule finds a figure by the words around it and its place in the sentence,
never by its value. The first matching rule applies. A discrepancy gets a ``cause``:
``rounding`` (reproduced under truncation), ``definition`` (reproduced under another definition the
report states), ``text_conversion`` (explained by rows of the text conversion that may carry the same
dropped cell as a proven row), otherwise the rule's default (``report_inconsistent`` when the computed
value counts what the report itself lists, ``unexplained`` when it rests on a reading of the report).
"""

from __future__ import annotations

import itertools
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


@dataclass
class Verdict:
    status: str
    computed: float | None
    method: str
    evidence: str = ""
    cause: str = ""  # set by a rule or by the matching rule; the audit fills the default


def judge(claim: dict, computed: float, method: str, evidence: str = "") -> Verdict:
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
    return Verdict("reproduced" if ok else "discrepancy", float(computed), method, evidence, cause)


def not_derivable(reason: str, evidence: str = "") -> Verdict:
    return Verdict("not_derivable", None, reason, evidence)


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
    return Data(**{name: schema.read(name, processed_dir) for name in AUDIT_INPUTS})


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
    values = m[column]
    return int(values.sum()) if values.dtype == "boolean" else int((values.astype("Float64") > 0).sum())


def c_member_rows(d: Data, c: dict, arg: str) -> Verdict:
    return judge(c, len(d.members), "rows of table 4.1 (one per member)")


def c_not_derivable(d: Data, c: dict, arg: str) -> Verdict:
    return not_derivable(arg)


def c_not_derivable_cglu(d: Data, c: dict, arg: str) -> Verdict:
    mask = d.events["title"].str.contains("CGLU")
    return not_derivable(
        arg,
        f"context only: {int(mask.sum())} calendar titles name CGLU: {_titles(d.events, mask)}"
        if re.search(r"par CGLU", c["claim_text"])
        else "",
    )


def c_list_count(d: Data, c: dict, arg: str) -> Verdict:
    return judge(c, len(d.list(arg)), f"number of entries of the annex list {arg}")


def c_members_with(d: Data, c: dict, arg: str) -> Verdict:
    return judge(
        c, _member_count(d.members, arg), f"members with a non-empty, non-zero cell in table 4.1/4.2 (members.{arg})"
    )


def c_share_members(d: Data, c: dict, arg: str) -> Verdict:
    n = int(d.members[arg].sum())
    return judge(c, 100 * n / len(d.members), f"{n} members / {len(d.members)} members × 100 (members.{arg})")


def c_events_flagged(d: Data, c: dict, arg: str) -> Verdict:
    mask = d.events[arg].astype(bool)
    return judge(c, int(mask.sum()), f"calendar entries flagged {arg}", f"entries: {_titles(d.events, mask)}")


def c_events_titled(d: Data, c: dict, arg: str) -> Verdict:
    mask = d.events["title"].str.contains(arg, regex=True)
    return judge(
        c, int(mask.sum()), f"calendar entries whose title matches '{arg}'", f"entries: {_titles(d.events, mask)}"
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
        f"the calendar has {len(d.events)} entries = {d.metropolis_events} + {computed}",
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
        f"recomputed from the two printed totals they add up to {sum(recomputed):.1f} %",
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
    roles = d.list("list_staff")["detail"]
    feminine = int(roles.str.match(r"^(chargée|assistante|secrétaire générale)").sum())
    masculine = int(roles.str.match(r"^(chargé |chargé:|agent|assistant |secrétaire général)").sum())
    epicene = len(roles) - feminine - masculine
    block = d.claims[(d.claims["section"] == c["section"]) & (d.claims["claim_text"] == c["claim_text"])]
    women, men = (int(v) for v in block["value"].iloc[:2])
    fits = feminine <= women <= feminine + epicene and masculine <= men <= masculine + epicene
    return not_derivable(
        "the staff list gives names and roles, not gender",
        f"the grammatical gender of the French role titles gives {feminine} feminine, {masculine} "
        f"masculine and {epicene} epicene titles ('responsable'); the printed split {women} women, "
        f"{men} men is {'within' if fits else 'outside'} the range these titles allow",
    )


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
        return judge(
            c, int((years == latest).sum()), f"members analysed in {latest}, the latest year of the indicators column"
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
        )
    n = int((m["c4gh_initiatives"] > 0).sum())
    return judge(
        c, 100 * n / cities, f"{n} members with initiatives (table 4.2) / {cities} cities printed in 2.2 × 100"
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
    )


COMPUTATIONS = {name[2:]: f for name, f in dict(globals()).items() if name.startswith("c_") and callable(f)}


# --------------------------------------------------------------------------- text conversion


def suspect_readings(d: Data) -> list[dict]:
    """Rows that fit as printed but would also fit the dropped cell proven elsewhere in their table,
    as {column: value} changes of members (never applied to the data; used to explain a discrepancy)."""
    out = []
    readings = d.conversion_readings[d.conversion_readings["status"] == "not_applied"]
    for r in readings.itertuples():
        changes = {}
        for raw_column, (_, new) in conversion.changed_cells(r.raw_table, r.printed_row, r.reading_row).items():
            kind = conversion.column_kinds(r.raw_table)[raw_column]
            column = schema.from_raw("members", r.raw_table, raw_column).name
            changes[column] = (new == "Oui") if kind == "yes_no" else int(new or 0)
        out.append({"member_id": r.row_key, "name": r.row_key, "line": int(r.source_line), "changes": changes})
    names = d.members.set_index("member_id")["name"]
    for s in out:
        s["name"] = names.get(s["member_id"], s["member_id"])
    return out


def conversion_explanation(d: Data, recompute, reported) -> str:
    """Evidence if some of the suspect rows, shifted like the proven rows, give the printed figure."""
    suspects = [s for s in suspect_readings(d) if s["changes"]]
    if not suspects or len(suspects) > 12:
        return ""
    proven = d.conversion_readings[d.conversion_readings["status"] == "applied"]
    hits = []
    for k in range(1, len(suspects) + 1):
        for subset in itertools.combinations(suspects, k):
            members = d.members.copy()
            for s in subset:
                for column, value in s["changes"].items():
                    members.loc[members["member_id"] == s["member_id"], column] = value
            if recompute(replace(d, members=members)) == reported:
                hits.append(subset)
        if hits:
            break
    if not hits:
        return ""
    k = len(hits[0])
    rows = ", ".join(f"{s['name']} (line {s['line']})" for s in suspects)
    names = d.members.set_index("member_id")["name"]
    return (
        f"text_conversion: the same dropped cell as in the proven row(s) "
        f"{', '.join(f'{names.get(p.row_key, p.row_key)} (line {p.source_line})' for p in proven.itertuples())}, in {k} of the "
        f"{len(suspects)} rows that would also fit it ({rows}; {len(hits)} combination(s)), gives the printed "
        "figure exactly; these rows fit their columns as printed, prove nothing themselves and are not changed"
    )


# --------------------------------------------------------------------------- the audit


def audit_claim(d: Data, c: dict, rule_list: list[Rule]) -> tuple[Verdict, Rule | None]:
    for rule in rule_list:
        if rule.applies(c):
            return COMPUTATIONS[rule.computation](d, c, rule.argument), rule
    return not_derivable("the report contains no table or list from which this figure can be counted"), None


def _explain(d: Data, verdict: Verdict, recompute, reported: float, default: str) -> None:
    if verdict.status != "discrepancy" or verdict.cause:
        return
    explained = conversion_explanation(d, recompute, reported)
    if explained:
        verdict.cause = "text_conversion"
        verdict.evidence = "; ".join(e for e in (verdict.evidence, explained.split(": ", 1)[1]) if e)
        return
    verdict.cause = default or "unexplained"


def audit_total(d: Data, t: dict) -> Verdict:
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
    evidence = []
    readings = d.conversion_readings
    raw_column = schema.column("members", column).raw_column
    applied = readings[readings["status"] == "applied"]
    # a row whose reading the totals chose is one that also allows other readings
    alternatives = readings.loc[readings["status"] == "alternative", ["raw_table", "source_line"]]
    rows_with_choice = set(map(tuple, alternatives.to_numpy().tolist()))
    chosen = applied[[(r.raw_table, r.source_line) in rows_with_choice for r in applied.itertuples()]]
    touched = [r for r in chosen.itertuples() if _changes_column(r, raw_column)]
    restored = [r for r in applied.itertuples() if _changes_column(r, raw_column)]
    names = d.members.set_index("member_id")["name"]

    def rows(readings_) -> str:
        return ", ".join(f"{names.get(r.row_key, r.row_key)} (line {r.source_line})" for r in readings_)

    if touched:
        evidence.append(
            f"this total helped choose the reading of {len(touched)} row(s) that prove a dropped cell "
            f"({rows(touched)}; see conversion_readings)"
        )
    elif restored:
        evidence.append(f"includes {len(restored)} row(s) restored from the text conversion: {rows(restored)}")
    if verdict.status == "discrepancy":
        evidence.append(f"difference computed − printed = {computed - t['value']:+d}")
        if t["row_label"] == "Total membres":
            nonzero = d.members.loc[values.astype("Float64") > 0, "name"]
            evidence.append(f"{len(nonzero)} members counted: {', '.join(nonzero)}")
    verdict.evidence = "; ".join(evidence)
    _explain(d, verdict, recompute, t["value"], "report_inconsistent")
    return verdict


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
        f"members analysed in {latest}, the year of the report (the report's own definition: section 2.2 "
        f"counts the metropolitan spaces newly referenced in {latest})",
        f"members by year: {by_year}; counting every member with a year would give {int(years.notna().sum())}",
    )
    if verdict.status == "discrepancy":
        alternative = int(years.notna().sum())
        if matches(claim["value"], alternative):
            verdict.cause = "definition"
            verdict.evidence += "; the printed total equals the count of every member with a year (another definition)"
        else:
            verdict.cause = "report_inconsistent"
    return verdict


def audit(d: Data, rule_list: list[Rule] | None = None) -> pd.DataFrame:
    rule_list = rules() if rule_list is None else rule_list
    rows = []
    for c in d.claims.to_dict("records"):
        v, rule = audit_claim(d, c, rule_list)
        if rule is not None and v.status == "discrepancy":

            def recompute(data: Data, rule=rule, c=c) -> float:
                return COMPUTATIONS[rule.computation](data, c, rule.argument).computed

            _explain(d, v, recompute, c["value"], rule.default_cause)
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
                "status": v.status,
                "cause": v.cause or None,
                "matter": ((rule.quantity if rule else "") or None) if v.status == "discrepancy" else None,
                "rule_id": rule.rule_id if rule else None,
                "method": v.method,
                "evidence": v.evidence,
                "source_line": c["source_line"],
            }
        )
    for t in d.printed_totals.dropna(subset=["value"]).to_dict("records"):
        v = audit_total(d, t)
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
                "status": v.status,
                "cause": v.cause or None,
                "matter": f"members.{t['column']}" if v.status == "discrepancy" else None,
                "rule_id": None,
                "method": v.method,
                "evidence": v.evidence,
                "source_line": t["source_line"],
            }
        )
    return pd.DataFrame(rows)


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
    add(
        "Funding shares add up to 100 %",
        "section 2.3, with in-kind payments",
        "100 %",
        shares.get("including_in_kind") == 100,
        f"printed shares add up to {shares.get('including_in_kind'):g} % (without in-kind: {shares.get('cash'):g} %); "
        f"the in-kind share recomputed from the two printed totals is {100 * (all_total - cash_total) / all_total:.1f} %",
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
    applied = d.conversion_readings[d.conversion_readings["status"] == "applied"]
    add(
        "Table cells in their columns",
        "table 4.1 and 4.2 column kinds",
        "cells of the text conversion",
        applied.empty,
        "; ".join(
            f"{m.set_index('member_id')['name'].get(r.row_key, r.row_key)} (line {r.source_line}): the conversion dropped the empty cell of '{r.dropped_at}'"
            for r in applied.itertuples()
        )
        + (" (a defect of the text conversion, not of the report)" if not applied.empty else ""),
    )
    return pd.DataFrame(rows)
