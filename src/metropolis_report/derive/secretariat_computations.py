"""Computations of the audit on the General Secretariat: funding shares, staff, training, regional secretaries
(sections 2.3, 2.4, 5.III, 5.IV, 5.V)."""

from __future__ import annotations

import re

import pandas as pd

from metropolis_report import editions, schema, wording
from metropolis_report.derive import lookup
from metropolis_report.derive.audit_inputs import Data
from metropolis_report.derive.judging import Verdict, judge, not_derivable

FUNDING_SOURCES = ("dues", "member_partnerships", "other_partnerships")  # the infographic's claims, by first word


def funding_labels() -> dict[str, str]:
    """First word of an infographic claim (the layout's words funding_<source>) -> the funding source it names."""
    return {wording.current().word(f"funding_{source}"): source for source in FUNDING_SOURCES}


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
        float(f.at[f"cash|{s}", "share_percent"]) * cash_total / all_total for s in FUNDING_SOURCES
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


def c_in_kind_share(data: Data, claim: dict, arg: str) -> Verdict:
    return _in_kind_share(data, claim, arg)


def c_funding_share(data: Data, claim: dict, arg: str) -> Verdict:
    """Section 2.3 prints the cash shares first, then the shares including in-kind payments."""
    cash_total_line = int(data.funding.loc[data.funding["funding_id"] == "cash|total", "source_line"].iloc[0])
    if claim["source_line"] < cash_total_line:
        return c_cash_share(data, claim, arg)
    return _in_kind_share(data, claim, funding_labels()[claim["claim_text"].split()[0]])


def c_cash_share(data: Data, claim: dict, arg: str) -> Verdict:
    shares = data.funding[data.funding["scheme"] == "cash"]["share_percent"].dropna()
    return not_derivable(
        "the report prints no amount by source of funds", f"the three printed cash shares add up to {shares.sum():g} %"
    )


def c_staff_split(data: Data, claim: dict, arg: str) -> Verdict:
    """The women/men split printed after the staff total (the same wording follows the interns)."""
    same = data.claims[
        (data.claims["section"] == claim["section"]) & (data.claims["source_line"] <= claim["source_line"])
    ]
    heads = lookup.named_figures(same, "staff_heads")
    if heads.empty or wording.current().word("interns") in heads["wording"].iloc[-1]:
        return not_derivable("the list of interns gives names, not gender")
    women_lo, women_hi, men_lo, men_hi, counts = staff_gender_range(data)
    block = data.claims[
        (data.claims["section"] == claim["section"]) & (data.claims["claim_text"] == claim["claim_text"])
    ]
    women = int(lookup.named_value(block, "staff_women"))
    men = int(lookup.named_value(block, "staff_men"))
    is_women = lookup.is_named(claim, "staff_women")
    lo, hi = (women_lo, women_hi) if is_women else (men_lo, men_hi)
    inside = lo <= claim["value"] <= hi and women + men == women_lo + men_lo + counts["epicene"]
    evidence = (
        f"the grammatical gender of the job titles of the staff list (role_genders.csv of the layout) gives "
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
    # within the range: the value under the reading of the epicene titles that gives the printed split (the one
    # closest to the printed figure); outside it: the value with every epicene title read the other way
    closest = min(max(int(claim["value"]), lo), hi) if inside else lo
    return Verdict(
        "consistent_with_readings" if inside else "discrepancy",
        float(closest),
        f"{'women' if is_women else 'men'} counted from the {'feminine' if is_women else 'masculine'} job titles "
        "of the staff list ("
        + (
            "the value of the range closest to the printed one, under the reading of the epicene titles that gives "
            "the printed split"
            if inside
            else "value with every epicene title read the other way"
        )
        + "; range over the readings of the epicene titles)",
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
        found = [
            r["gender"]
            for r in schema.rows(editions.current().layout_name("role_genders.csv"))
            if re.search(r["pattern"], title)
        ]
        genders.append(found[0] if found else "epicene")
    genders = pd.Series(genders, index=staff.index)
    counts = {g: int((genders == g).sum()) for g in ("feminine", "masculine", "epicene")}
    counts["epicene_names"] = list(staff.loc[genders == "epicene", "entry"])
    e = counts["epicene"]
    return counts["feminine"], counts["feminine"] + e, counts["masculine"], counts["masculine"] + e, counts


def c_training(data: Data, claim: dict, arg: str) -> Verdict:
    items = data.list("list_staff_training")["entry"]
    if arg == "gender":
        return judge(
            claim,
            int(items.str.contains(wording.current().word("gender_word"), regex=False).sum()),
            "staff trainings listed in the annex whose subject names gender ('genre')",
        )
    whole = int(items.str.contains(wording.current().word("whole_team"), regex=False).sum())
    computed = whole if arg == "group" else len(items) - whole
    return judge(
        claim,
        computed,
        f"staff trainings listed in the annex {'for the whole team' if arg == 'group' else 'for 1 or 2 people'}",
    )


def c_secretaries(data: Data, claim: dict, arg: str) -> Verdict:
    s = data.list("list_regional_secretaries")
    if arg == "all":
        return judge(claim, len(s), "entries of the list of regional secretaries (5.IV)")
    return judge(claim, int((s["detail"] == "Mme").sum()), "regional secretaries listed with the title 'Mme' (5.IV)")
