"""The claims audit: every figure the report prints, recomputed from its own data or marked not derivable.

The matching rule, applied to every claim alike:
- a figure printed without qualifier, with d decimals, is reproduced when the computed value
  rounded half-up to d decimals equals it. Because a report may also truncate, the verdict is
  computed under truncation too; where the two verdicts differ the claim is flagged
  ``rule_sensitive`` in its method text;
- "plus de R" / "+ R" is reproduced when the computed value is strictly greater than R;
- "près de R" is reproduced when the computed value is within 5 % of R.
A claim whose data the report does not contain is ``not_derivable``, with the reason.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from . import schema

NEAR_TOLERANCE = 0.05


# --------------------------------------------------------------------------- the matching rule

def decimals_printed(printed: str) -> int:
    number = re.sub(r"[^\d,.]", "", printed)
    return len(number.split(",")[1]) if "," in number else 0


def _quantize(value: float, decimals: int, rounding) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


def matches(reported: float, computed: float, qualifier: str = "exact", decimals: int = 0,
            rounding: str = "half_up") -> bool:
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


def judge(claim: dict, computed: float, method: str, evidence: str = "") -> Verdict:
    decimals = decimals_printed(claim["printed_value"])
    ok = matches(claim["value"], computed, claim["qualifier"], decimals, "half_up")
    if claim["qualifier"] == "exact":
        ok_trunc = matches(claim["value"], computed, "exact", decimals, "truncate")
        if ok != ok_trunc:
            method += (f" [rule_sensitive: {'reproduced' if ok_trunc else 'discrepancy'} under truncation, "
                       f"{'reproduced' if ok else 'discrepancy'} under rounding]")
    return Verdict("reproduced" if ok else "discrepancy", float(computed), method, evidence)


def not_derivable(reason: str, evidence: str = "") -> Verdict:
    return Verdict("not_derivable", None, reason, evidence)


# --------------------------------------------------------------------------- the report's own data

@dataclass
class Data:
    members: pd.DataFrame
    printed_totals: pd.DataFrame
    events: pd.DataFrame
    pilot_projects: pd.DataFrame
    publications: pd.DataFrame
    funding: pd.DataFrame
    claims: pd.DataFrame
    corrections: pd.DataFrame
    lists: dict[str, pd.DataFrame]

    def printed(self, section: str, phrase: str, unit: str = "count") -> list[float]:
        """The figures the report prints in a section's block of text matching ``phrase``."""
        found = self.claims[(self.claims["section"] == section) & (self.claims["unit"] == unit)
                            & self.claims["claim_text"].str.contains(phrase, regex=True)]
        if found.empty:
            raise LookupError(f"no printed figure in section {section} matches {phrase!r}")
        return [float(v) for v in found["value"]]

    @property
    def metropolis_events(self) -> int:
        """Metropolis's own events, as the report counts them (section 2)."""
        return int(self.printed("2", r"événements de Metropolis")[0])

    @property
    def global_events(self) -> int:
        return len(self.events) - self.metropolis_events


LIST_NAMES = ("list_policy_statements", "list_campaigns", "list_partner_publications", "list_videos",
              "list_city_managers_members", "list_funding_agreement_members", "list_staff", "list_interns",
              "list_staff_training", "list_gender_mainstreaming_members", "list_gender_debates",
              "list_gender_campaigns", "list_regional_secretaries", "list_new_members",
              "list_women_governed_members")


def load_lists(raw_dir: Path) -> dict[str, pd.DataFrame]:
    from .clean import read_raw  # the same checks as every other raw table

    return {name: read_raw(Path(raw_dir), name) for name in LIST_NAMES}


# The calendar lists Metropolis's own events and the global events it took part in, without saying
# which is which; the report prints the number of its own events in section 2 and in the annex.

def _titles(events: pd.DataFrame, mask) -> str:
    return "; ".join(f"{t} (line {l})" for t, l in zip(events.loc[mask, "title"], events.loc[mask, "source_line"]))


def _count_list(name: str, what: str):
    return lambda d, c: judge(c, len(d.lists[name]), f"number of entries of the list {what} ({name})")


def _members(column: str, what: str):
    def rule(d: Data, c: dict) -> Verdict:
        m = d.members
        n = int((m[column].astype("Float64") > 0).sum()) if m[column].dtype != "boolean" else int(m[column].sum())
        return judge(c, n, f"members with {what} in table 4.1/4.2 (members.{column})")
    return rule


def _share_members(column: str, what: str):
    def rule(d: Data, c: dict) -> Verdict:
        m = d.members
        n = int(m[column].sum())
        return judge(c, 100 * n / len(m), f"{n} members {what} / {len(m)} members × 100 (members.{column})")
    return rule


def _events_titled(pattern: str, what: str):
    def rule(d: Data, c: dict) -> Verdict:
        mask = d.events["title"].str.contains(pattern, regex=True)
        return judge(c, int(mask.sum()), f"calendar entries whose title {what}",
                     f"entries: {_titles(d.events, mask)}")
    return rule


def _publications_titled(pattern: str, what: str):
    def rule(d: Data, c: dict) -> Verdict:
        mask = d.publications["title"].str.contains(pattern, regex=True)
        return judge(c, int(mask.sum()), f"new publications whose title {what}",
                     "; ".join(d.publications.loc[mask, "title"]))
    return rule


def _printed_global_events(d: Data) -> tuple[int, int]:
    return int(d.printed("2.1", r"événements mondiaux")[0]), int(d.printed("5", r"participations actives")[0])


def _global_events(d: Data, c: dict) -> Verdict:
    computed = d.global_events
    in_21, in_annex = _printed_global_events(d)
    return judge(c, computed, f"calendar entries ({len(d.events)}) minus the {d.metropolis_events} Metropolis events "
                 "the report counts (the calendar lists both kinds)",
                 f"section 2.1 prints {in_21} global events, the annex summary prints {in_annex}; "
                 f"the calendar has {len(d.events)} entries = {d.metropolis_events} + {computed}")


def _in_kind_share(source: str):
    def rule(d: Data, c: dict) -> Verdict:
        f = d.funding.set_index("funding_id")
        cash_total = float(f.at["cash|total", "amount_eur"])
        all_total = float(f.at["including_in_kind|total", "amount_eur"])
        if source == "in_kind":
            computed = 100 * (all_total - cash_total) / all_total
            method = "(total with in-kind − cash total) / total with in-kind × 100"
        else:
            computed = float(f.at[f"cash|{source}", "share_percent"]) * cash_total / all_total
            method = f"printed cash share of {source} × cash total / total with in-kind"
        shares = d.funding[d.funding["scheme"] == "including_in_kind"]["share_percent"].dropna()
        return judge(c, computed, method, f"the printed shares with in-kind payments add up to "
                     f"{shares.sum():g} %; recomputed from the totals they add up to 100 % "
                     "(the excess is rounding)")
    return rule


FUNDING_LABELS = {"Cotisations": "dues", "Partenariats": "member_partnerships", "Autres": "other_partnerships"}


def _funding_share(d: Data, c: dict) -> Verdict:
    """Section 2.3 prints the cash shares first, then the shares including in-kind payments."""
    cash_total_line = int(d.funding.loc[d.funding["funding_id"] == "cash|total", "source_line"].iloc[0])
    if c["source_line"] < cash_total_line:
        return _cash_share(d, c)
    return _in_kind_share(FUNDING_LABELS[c["claim_text"].split()[0]])(d, c)


def _cash_share(d: Data, c: dict) -> Verdict:
    shares = d.funding[d.funding["scheme"] == "cash"]["share_percent"].dropna()
    return not_derivable("the report prints no amount by source of funds",
                         f"the three printed cash shares add up to {shares.sum():g} %")


def _women_staff_evidence(d: Data, c: dict) -> Verdict:
    roles = d.lists["list_staff"]["Fonction"]
    feminine = roles.str.match(r"^(chargée|assistante|secrétaire générale)").sum()
    masculine = roles.str.match(r"^(chargé |chargé:|agent|assistant |secrétaire général)").sum()
    epicene = len(roles) - feminine - masculine
    return not_derivable("the staff list gives names and roles, not gender",
                         f"the grammatical gender of the French role titles gives {feminine} feminine, "
                         f"{masculine} masculine and {epicene} epicene titles ('responsable'), "
                         "consistent with the printed split")


def _training(kind: str):
    def rule(d: Data, c: dict) -> Verdict:
        items = d.lists["list_staff_training"]["Formation"]
        whole = int(items.str.contains("équipe entière").sum())
        computed = whole if kind == "group" else len(items) - whole
        return judge(c, computed, f"staff trainings listed in the annex {'for the whole team' if kind == 'group' else 'for 1 or 2 people'}")
    return rule


def _secretaries_women(d: Data, c: dict) -> Verdict:
    s = d.lists["list_regional_secretaries"]
    return judge(c, int((s["Civilité"] == "Mme").sum()), "regional secretaries listed with the title 'Mme' (5.IV)")


def _new_members(d: Data, c: dict) -> Verdict:
    m = d.members
    marked = m[m["new_member"]]
    listed = m[m["in_new_members_list"]]
    asia = int((marked["region"] == "Asia").sum())
    evidence = ""
    if set(marked["member_id"]) != set(listed["member_id"]):
        evidence = (f"table 4.1 marks (N): {', '.join(marked['name'])}; the annex lists: "
                    f"{', '.join(listed['name'])}; only in 4.1: {', '.join(sorted(set(marked['name']) - set(listed['name'])))}; "
                    f"only in the list: {', '.join(sorted(set(listed['name']) - set(marked['name'])))}")
    computed = asia if "Asie" in c["claim_text"] else len(marked)
    return judge(c, computed, "members marked (N) in table 4.1" + (" in Asia" if "Asie" in c["claim_text"] else ""), evidence)


def _indicators(kind: str):
    def rule(d: Data, c: dict) -> Verdict:
        years = d.members["indicator_system_year"]
        n = int(years.notna().sum())
        if kind == "share":
            return judge(c, 100 * n / len(years), f"{n} members with a year in the indicators column / {len(years)} × 100")
        if kind == "new":
            return judge(c, int((years == 2020).sum()), "members analysed in 2020 (indicators column = 2020)")
        return judge(c, n, "members with a year in the indicators column of table 4.1")
    return rule


def _pilots(kind: str):
    def rule(d: Data, c: dict) -> Verdict:
        p = d.pilot_projects
        running = p[~p["pending"]]
        if kind == "projects":
            return judge(c, running["project_number"].nunique(), "pilot projects not marked 'En attente' (5.II)",
                         f"project(s) pending: {', '.join(sorted(set(p.loc[p['pending'], 'project_name'])))}")
        if kind == "members":
            in_table = int((d.members["pilot_projects"] > 0).sum())
            return judge(c, running["member_id"].nunique(), "members of pilot projects not pending (5.II)",
                         f"table 4.1 marks {in_table} members with a pilot role")
        workshops = running.drop_duplicates("project_number")
        n = int((workshops["workshops"].str.len() > 0).sum())
        return judge(c, n, "running pilot projects with a workshop printed (5.II)")
    return rule


def _c4gh(kind: str):
    def rule(d: Data, c: dict) -> Verdict:
        m = d.members
        initiatives, cities = (int(v) for v in d.printed("2.2", r"initiatives chargées par"))  # printed totals
        if kind == "initiatives":
            s = int(m["c4gh_initiatives"].sum())
            return judge(c, 100 * s / initiatives, f"{s} initiatives of members (table 4.2) / {initiatives} initiatives "
                         "printed in 2.2 × 100")
        n = int((m["c4gh_initiatives"] > 0).sum())
        return judge(c, 100 * n / cities, f"{n} members with initiatives (table 4.2) / {cities} cities printed in 2.2 × 100")
    return rule


def _rethink_printed(d: Data) -> tuple[int, int, int]:
    led, supported = (int(v) for v in d.printed("2.1", r"appel à repenser")[:2])
    totals = d.printed_totals.set_index("total_id")
    return led, supported, int(totals.at["4.1|Total membres|rethink_call", "value"])


def _rethink_split(d: Data, c: dict) -> Verdict:
    block = d.claims[(d.claims["section"] == c["section"]) & (d.claims["claim_text"] == c["claim_text"])]
    if c["claim_id"] == block["claim_id"].iloc[-1]:  # "... et soutenu par 6 partenaires": the last figure
        return not_derivable("the supporting partners appear in no table or list of the report")
    n = int(d.members["rethink_call"].sum())
    led, supported, total = _rethink_printed(d)
    return not_derivable("table 4.1 marks who joined the call, not who led or supported it",
                         f"{led} + {supported} = {led + supported} members; table 4.1 marks {n} members in the rethink "
                         f"column and prints a total of {total}")


def _use_cases(kind: str):
    def rule(d: Data, c: dict) -> Verdict:
        m = d.members
        if kind == "members":
            return judge(c, int((m["use_cases"] > 0).sum()), "members with cases on use (table 4.2)")
        return judge(c, int(m["use_cases"].sum()), "cases on use summed over members (table 4.2)")
    return rule


def _congress(d: Data, c: dict) -> Verdict:
    return judge(c, int(d.members["congress_2020"].sum()),
                 "members marked in the Congress column of table 4.1 (the online General Assembly replaced "
                 "the Congress in 2020; the table has no other column for it)")


# (section pattern, text pattern, printed value or None) -> rule; first match wins.
RULES: list[tuple[str, str, str | None, object]] = [
    (r"", r"gouvernements de grandes villes", "141", lambda d, c: judge(c, len(d.members), "rows of table 4.1 (one per member)")),
    (r"", r"membre d'honneur", None, lambda d, c: not_derivable("the honorary member appears in no table or list")),
    (r"", r"nouveaux membres", None, _new_members),
    (r"", r"activement engagés", None, _share_members("activated", "activated")),
    (r"", r"appel à repenser", "6", _rethink_split),
    (r"", r"appel à repenser", "10", _rethink_split),
    (r"", r"événements mondiaux|participations actives", "76|77", _global_events),
    (r"", r"déclarations de politiques", None, _count_list("list_policy_statements", "of policy statements (5.I)")),
    (r"", r"campagnes mondiales", None, _count_list("list_campaigns", "of global campaigns (5.I)")),
    (r"", r"publications de partenaires", None, _count_list("list_partner_publications", "of partner publications (5.I)")),
    (r"", r"nouvelles vidéos", None, _count_list("list_videos", "of videos (5.I)")),
    (r"", r"organisateurs ou intervenants de ces", None, _members("wmd_organiser", "World Metropolitan Day events organised or spoken at")),
    (r"", r"événements organisés à l'occasion", "32", _members("wmd_participant", "World Metropolitan Day events attended")),
    (r"", r"événements organisés à l'occasion", "17", _events_titled(r"^Journée mondiale métropolitaine 2020", "starts with 'Journée mondiale métropolitaine 2020'")),
    (r"", r"nouveaux espaces métropolitains", "15", _indicators("new")),
    (r"", r"dans lesquels 82", "82", _indicators("count")),
    (r"", r"dans lesquels 82", "58 %", _indicators("share")),
    (r"", r"projets pilotes en cours", "3", _pilots("projects")),
    (r"", r"projets pilotes en cours|^8 membres impliqués", "8", _pilots("members")),
    (r"", r"^1 atelier tenu", "1", _pilots("workshops")),
    (r"", r"débats dans le cadre de la communauté des gestionnaires", "3", _events_titled(r"gestionnaires municipaux", "names the city managers ('gestionnaires municipaux')")),
    (r"", r"ont participé aux événements$", "15", _count_list("list_city_managers_members", "of members active in the city managers debates (5.II)")),
    (r"", r"nouvelles publications", "22", lambda d, c: judge(c, len(d.publications), "entries of 'Nouvelles publications' (5.II)")),
    (r"", r"issue papers", "2", _publications_titled(r"^Issue paper", "starts with 'Issue paper'")),
    (r"", r"notes de position", "2", _publications_titled(r"Policy Brief", "contains 'Policy Brief'")),
    (r"", r"notes d'analyse", "2", _publications_titled(r"Analytic Note", "contains 'Analytic Note'")),
    (r"", r"^56 membres", "56", _members("learning_activities", "learning activities attended")),
    (r"", r"membres ont partagé", "10", _use_cases("members")),
    (r"", r"membres ont partagé", "12", _use_cases("cases")),
    (r"", r"de ces initiatives proviennent", None, _c4gh("initiatives")),
    (r"", r"ont représenté 43 %", None, _c4gh("members")),
    (r"", r"réunion de l'Assemblée générale", "1", _events_titled(r"Assemblée générale", "names the General Assembly")),
    (r"", r"réunion de l'Assemblée générale|^63 membres$", "63", _congress),
    (r"", r"^1 débat politique", "1", _events_titled(r"^Débat politique", "starts with 'Débat politique'")),
    (r"", r"Accords signés avec 4 membres", "4", _count_list("list_funding_agreement_members", "of members with a funding agreement (5.III)")),
    (r"", r"^16 professionnels", "16", _count_list("list_staff", "of staff (5.III)")),
    (r"", r"9 femmes", None, _women_staff_evidence),
    (r"", r"^7 stagiaires", "7", _count_list("list_interns", "of interns (5.III)")),
    (r"", r"séminaire de formation sur la transversalité du genre", "1",
     lambda d, c: judge(c, int(d.lists["list_staff_training"]["Formation"].str.contains("genre").sum()),
                        "staff trainings listed in the annex whose subject names gender ('genre')")),
    (r"", r"formation individuelles", "2", _training("individual")),
    (r"", r"formation individuelles", "4", _training("group")),
    (r"^2\.3$", r"^(Cotisations|Partenariats avec des membres|Autres partenariats)", None, lambda d, c: _funding_share(d, c)),
    (r"", r"^Paiements en nature", None, _in_kind_share("in_kind")),
    (r"", r"% (Cotisations|Partenariats avec membres)$|% Autres partenariats$", None, _cash_share),
    (r"", r"membres impliqués dans la stratégie de transversalité", None, _count_list("list_gender_mainstreaming_members", "of members involved in the gender mainstreaming strategy (5.IV)")),
    (r"", r"débats organisés ou auxquels", None, _count_list("list_gender_debates", "of gender debates (5.IV)")),
    (r"", r"campagnes ont inclus une perspective de genre", None, _count_list("list_gender_campaigns", "of campaigns with a gender perspective (5.IV)")),
    (r"", r"publications de Metropolis ont intégré", "16", lambda d, c: judge(c, int((d.publications["gender_group"] != "none").sum()), "new publications listed under either 5.IV group")),
    (r"", r"publications de Metropolis ont intégré", "22", lambda d, c: judge(c, len(d.publications), "entries of 'Nouvelles publications' (5.II)")),
    (r"", r"ont inclus une perspective de genre$", None, lambda d, c: judge(c, int((d.publications["gender_group"] == "gender_perspective").sum()), "publications under 'Avec une perspective de genre' (5.IV)")),
    (r"", r"centrées sur la transversalité", None, lambda d, c: judge(c, int((d.publications["gender_group"] == "gender_mainstreaming").sum()), "publications under 'Centrées sur la transversalité du genre' (5.IV)")),
    (r"", r"gouvernés par des femmes|gouvernées par des femmes", None, _share_members("women_governed", "governed by women (5.IV list)")),
    (r"", r"secrétaires régionales", "3", _secretaries_women),
    (r"", r"secrétaires régionales", "5", lambda d, c: judge(c, len(d.lists["list_regional_secretaries"]), "entries of the list of regional secretaries (5.IV)")),
]

REASONS = [  # (text pattern, reason) for claims with no rule
    (r"collaborateurs experts|personnes|participants|intervenants|retweets|comptes|médias|mentions",
     "the report prints no list of the people, accounts or media counted"),
    (r"événements de Metropolis|événements organisés ou coorganisés par CGLU|organisés par CGLU|événement organisé|événement coorganisé|En outre, 15",
     "the calendar does not say who organised each event"),
    (r"€", "the report prints no accounts, only the totals (approximate, not yet approved)"),
    (r"stagiaires|femmes, 2 hommes|femmes et 2 hommes", "the lists give names, not gender"),
]


def _default_reason(c: dict) -> str:
    for pattern, reason in REASONS:
        if re.search(pattern, c["claim_text"]):
            return reason
    return "the report contains no table or list from which this figure can be counted"


def audit_claim(d: Data, c: dict) -> Verdict:
    for section, text, printed, rule in RULES:
        if not re.search(section, c["section"]) or not re.search(text, c["claim_text"]):
            continue
        if printed is not None and not re.fullmatch(printed, c["printed_value"]):
            continue
        return rule(d, c)
    extra = ""
    if re.search(r"organisés par CGLU", c["claim_text"]):
        mask = d.events["title"].str.contains("CGLU")
        extra = f"context only: {int(mask.sum())} calendar titles name CGLU: {_titles(d.events, mask)}"
    return not_derivable(_default_reason(c), extra)


# --------------------------------------------------------------------------- printed totals

def audit_total(d: Data, t: dict) -> Verdict:
    column = t["column"]
    values = d.members[column]
    corrected = d.corrections[d.corrections["raw_column"].map(_raw_to_column) == column]
    if t["row_label"] == "Total membres":
        computed = int(values.notna().sum()) if column == "indicator_system_year" else int((values.astype("Float64") > 0).sum())
        method = f"members with a non-empty / non-zero {column} (count of rows)"
    else:
        computed = int(values.sum())
        method = f"sum of {column} over the members"
    evidence = []
    if column == "indicator_system_year":
        counts = values.value_counts().sort_index()
        evidence.append("members by year: " + ", ".join(f"{int(y)}: {n}" for y, n in counts.items()))
    if not corrected.empty:
        evidence.append(f"includes {len(corrected)} cell(s) printed 'Oui' counted as 1 "
                        f"({', '.join(corrected['row_key'])}; corrections {', '.join(corrected['correction_id'])})")
    verdict = judge({"value": t["value"], "printed_value": str(t["value"]), "qualifier": "exact"}, computed, method)
    if verdict.status == "discrepancy":
        evidence.append(f"difference computed − printed = {computed - t['value']:+d}")
        if t["row_label"] == "Total membres" and column != "indicator_system_year":
            nonzero = d.members.loc[values.astype("Float64") > 0, "name"]
            evidence.append(f"{len(nonzero)} members counted: {', '.join(nonzero)}")
    verdict.evidence = "; ".join(evidence)
    return verdict


def _raw_to_column(raw_column: str) -> str | None:
    for c in schema.table("members").columns:
        if c.raw_column == raw_column:
            return c.name
    return None


# --------------------------------------------------------------------------- the audit table

def audit(d: Data) -> pd.DataFrame:
    rows = []
    for c in d.claims.to_dict("records"):
        v = audit_claim(d, c)
        rows.append({"claim_id": c["claim_id"], "section": c["section"], "claim_text": c["claim_text"],
                     "printed_value": c["printed_value"], "reported_value": c["value"], "unit": c["unit"],
                     "qualifier": c["qualifier"], "computed_value": v.computed, "status": v.status,
                     "method": v.method, "evidence": v.evidence, "source_line": c["source_line"]})
    for t in d.printed_totals.dropna(subset=["value"]).to_dict("records"):
        v = audit_total(d, t)
        rows.append({"claim_id": t["total_id"], "section": t["table"],
                     "claim_text": f"table {t['table']}, row '{t['row_label']}', column {t['column']}",
                     "printed_value": t["printed_value"], "reported_value": float(t["value"]), "unit": "count",
                     "qualifier": "exact", "computed_value": v.computed, "status": v.status,
                     "method": v.method, "evidence": v.evidence, "source_line": t["source_line"]})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the report against itself

def consistency_checks(d: Data) -> pd.DataFrame:
    """Places where two parts of the report describe the same thing: do they agree?"""
    m = d.members
    rows = []

    def add(check: str, first: str, second: str, agree: bool, evidence: str) -> None:
        rows.append({"check": check, "first": first, "second": second,
                     "verdict": "agree" if agree else "disagree", "evidence": evidence})

    marked, listed = set(m.loc[m["new_member"], "name"]), set(m.loc[m["in_new_members_list"], "name"])
    add("New members", "table 4.1, '(N)' marks", "annex list 'Nouveaux membres'", marked == listed,
        f"4.1 marks {len(marked)}: {', '.join(sorted(marked))}; the list names {len(listed)}: {', '.join(sorted(listed))}"
        + (f"; only in 4.1: {', '.join(sorted(marked - listed))}; only in the list: {', '.join(sorted(listed - marked))}"
           if marked != listed else ""))
    p = d.pilot_projects
    in_table = m.set_index("member_id")["pilot_projects"]
    in_annex = p.groupby("member_id").size()
    running = p[~p["pending"]].groupby("member_id").size()
    mismatch = [mid for mid in running.index if in_table.get(mid, 0) != running[mid]]
    add("Pilot projects per member", "table 4.1, pilot column", "annex 5.II pilot-project table",
        not mismatch and set(running.index) == set(in_table[in_table > 0].index),
        f"4.1 marks {int((in_table > 0).sum())} members; 5.II names {len(in_annex)} members in {p['project_number'].nunique()} "
        f"projects, {len(running)} in the {p.loc[~p['pending'], 'project_number'].nunique()} running ones; "
        f"named only in the pending project: {', '.join(sorted(set(in_annex.index) - set(running.index)))}"
        + (f"; counts differ for {', '.join(mismatch)}" if mismatch else ""))
    in_21, in_annex = _printed_global_events(d)
    add("Global events", f"section 2.1: {in_21}", f"annex summary: {in_annex}", in_21 == in_annex,
        f"the calendar has {len(d.events)} entries = {d.metropolis_events} Metropolis events + {d.global_events}")
    shares = d.funding.dropna(subset=["share_percent"]).groupby("scheme")["share_percent"].sum()
    add("Funding shares add up to 100 %", "section 2.3, with in-kind payments", "100 %",
        shares.get("including_in_kind") == 100,
        f"printed shares add up to {shares.get('including_in_kind'):g} % (without in-kind: {shares.get('cash'):g} %); "
        "recomputed from the two printed totals they add up to 100 %: rounding")
    rethink = int(m["rethink_call"].sum())
    led, supported, total = _rethink_printed(d)
    add("Rethink call", f"section 2.1: led by {led} + supported by {supported} members",
        f"table 4.1 rethink column (total row: {total})", rethink == led + supported == total,
        f"table 4.1 marks {rethink} members; its total row prints {total}")
    oui = d.corrections[d.corrections["rule"] == "oui_in_count_column"]
    add("Count cells", "table 4.1 column headers (counts)", "cells printed 'Oui'", oui.empty,
        "; ".join(f"{r.row_key}, {r.raw_column} (line {r.source_line})" for r in oui.itertuples()))
    return pd.DataFrame(rows)
