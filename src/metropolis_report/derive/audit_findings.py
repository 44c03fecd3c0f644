"""The findings of the claims audit chapter (verdict counts, disagreements, readings, coverage)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metropolis_report import wording
from metropolis_report.analysis import engagement, inference
from metropolis_report.derive.finding_rows import finding_row, pct
from metropolis_report.words import listing, noun, plural, reader_label


def audit_rows(tables: dict, census: pd.DataFrame | None = None) -> list[dict]:
    """The audit's statements; ``census`` (claims.coverage of extract.figure_census) adds its coverage."""
    audit, checks, readings = tables["claims_audit"], tables["cross_checks"], tables["conversion_readings"]
    rows = _verdict_rows(audit)
    rows.append(_rule_sensitive_row(audit))
    rows.append(_reread_row(readings))
    rows.append(_cross_checks_row(checks))
    rows.append(_readings_row(audit, readings))
    rows.append(_reasons_row(audit))
    if census is not None and len(census):
        rows.append(_coverage_row(audit, tables["claims"], census))
    return rows


# the evidence a printed total carries when it chose the readings of the text conversion it is judged under (wholly:
# its value differs between them; in part: it ruled some out but keeps one value across the rest)
FITTED = "fitted by construction"
PARTLY_FITTED = "fitted in part by construction"
RESTATES_FITTED = "those readings were chosen by the same printed"  # a prose figure's evidence (audit.py)

# the kinds of the weaker matches, in the order the headline gives them
WEAKER_KINDS = {
    "under_definition": "under a stated definition",
    "consistent_printed": "from printed figures only",
    "fitted": "fitted by readings of the text conversion that printed totals chose",
    "from_range": "a value picked from a range the data allows",
}


def _quantity(row, quantities: dict[str, str]) -> str:
    """What a row counts: its claim rule's quantity, or for a printed total the members' column it sums or counts."""
    rule = row["rule_id"]
    if isinstance(rule, str) and rule:
        return quantities.get(rule) or rule
    return "members." + str(row["claim_id"]).rsplit("|", 1)[-1]


def tiers(audit: pd.DataFrame, quantities: dict[str, str]) -> pd.Series:
    """Each audit row's tier: ``independent`` (recomputed from rows, no printed figure and no choice of reading
    behind it), one of WEAKER_KINDS, ``discrepancy`` or ``not_derivable``. ``quantities``: each claim rule's
    quantity (metadata/claim_rules.csv), which ties a prose figure to the printed total it counts."""
    status, evidence = audit["status"], audit["evidence"].fillna("")
    key = pd.Series(
        [(_quantity(r, quantities), r["computed_value"]) for _, r in audit.iterrows()], index=audit.index, dtype=object
    )
    partly = (status == "recomputed") & evidence.str.contains(PARTLY_FITTED, regex=False)
    # a prose figure counting the same thing as a total that chose its readings in part is fitted as much as it is
    fitted_keys = set(key[partly])
    partly |= (status == "recomputed") & key.isin(fitted_keys)
    out = status.copy()
    out[status == "recomputed"] = "independent"
    out[partly] = "fitted"
    readings = status == "consistent_with_readings"
    out[readings] = "from_range"
    out[readings & evidence.str.contains(FITTED, regex=False)] = "fitted"
    # a prose figure restating a total that chose the readings is fitted too, whatever its verdict mark
    out[evidence.str.contains(RESTATES_FITTED, regex=False)] = "fitted"
    return out


def distinct_quantities(audit: pd.DataFrame) -> int:
    """How many different things the rows count: the same count made the same way (its method and value) is one
    quantity however often the report prints it."""
    return int(audit[["method", "computed_value"]].drop_duplicates().shape[0])


def _verdict_rows(audit: pd.DataFrame, quantities: dict[str, str] | None = None) -> list[dict]:
    """How many audit rows agree, by the strength of the check, how many disagree and about what, and the largest
    disagreement."""
    from metropolis_report.derive.judging import verdicts

    if quantities is None:
        from metropolis_report.derive.audit_inputs import rules

        quantities = {r.rule_id: r.quantity for r in rules()}
    words = dict(zip(verdicts()["code"], verdicts()["word"]))
    counts = audit["status"].value_counts().reindex(list(words), fill_value=0)
    tier = tiers(audit, quantities)
    independent = audit[tier == "independent"]
    quantities_n = distinct_quantities(independent)
    weaker = {k: int((tier == k).sum()) for k in WEAKER_KINDS}
    repeated = len(independent) - quantities_n
    disc = audit[audit["status"] == "discrepancy"]
    matters = disc.groupby("matter")["cause"].agg(lambda s: ", ".join(sorted(set(s))))
    report_causes = {"report_inconsistent", "definition", "rounding"}
    by_report = matters[matters.isin(report_causes)]
    # a disagreement that holds only under an assumption the data cannot check (how the report counts) is not
    # the report's own, nor unexplained
    assumed = matters[matters == "assumption"]
    ids = [f"claims_audit:{i}" for i in audit["claim_id"]]
    rows = [
        finding_row(
            "audit_summary",
            {"total": len(audit), "independent": len(independent), "quantities": quantities_n,
             "quantity_noun": noun(quantities_n, "quantity", "quantities"),
             "repeated": (f"{plural(repeated, 'row repeats', 'rows repeat')} a figure printed more than once and "
                          f"{noun(repeated, 'is', 'are')} not counted again" if repeated else "no figure is printed twice"),
             "weaker": sum(weaker.values()),
             "by_kind": "; ".join(f"{n} {WEAKER_KINDS[k]}" for k, n in weaker.items()),
             "discrepancy": int(counts["discrepancy"]), "not_derivable": int(counts["not_derivable"]),
             "tiers": {"independent": len(independent), **weaker},
             "counts": {c: int(n) for c, n in counts.items()}},
            n=len(audit), basis="printed figures and printed totals", sources=ids,
        ),
        finding_row(
            "audit_tier_marks",
            {"by_verdict": "; ".join(f"{int(n)} {words[c]}" for c, n in counts.items() if n),
             "from_recomputed": int(((audit["status"] == "recomputed") & (tier == "fitted")).sum()),
             "from_printed": int(((audit["status"] == "consistent_printed") & (tier == "fitted")).sum())},
            n=len(audit), basis="printed figures and printed totals", sources=ids,
        ),
        finding_row(
            "audit_matters",
            {"discrepancy": len(disc), "matters": len(matters), "by_report": len(by_report),
             "rows_are": noun(len(disc), "row is", "rows are"),
             "disagreements": noun(len(matters), "disagreement", "disagreements"),
             "by_assumption": len(assumed), "other": len(matters) - len(by_report) - len(assumed),
             "parts": _matters_parts(by_report, assumed, len(matters) - len(by_report) - len(assumed))},
            n=len(disc), basis="discrepant audit rows, grouped by the quantity they are about",
            sources=[f"claims_audit:{i}" for i in disc["claim_id"]],
        ),
    ]  # fmt: skip
    if len(disc):
        gap = (disc["computed_value"] - disc["reported_value"]).abs()
        worst = disc.loc[gap.sort_values(ascending=False, kind="stable").index[0]]
        rows.append(
            finding_row(
                "audit_largest",
                {"text": str(worst["claim_text"]), "printed": str(worst["printed_value"]),
                 "computed": f"{float(worst['computed_value']):g}", "line": int(worst["source_line"]),
                 "cause": reader_label("cause", worst["cause"])},
                effect=float(worst["computed_value"] - worst["reported_value"]),
                sources=[f"claims_audit:{worst['claim_id']}"],
            )
        )  # fmt: skip
    return rows


def _matters_parts(by_report: pd.Series, assumed: pd.Series, other: int) -> str:
    """The distinct disagreements by what they rest on, the kinds that occur only (and the unexplained ones)."""
    parts = []
    if len(by_report):
        causes = listing(sorted({reader_label("cause", c) for c in by_report}))
        parts.append(f"{len(by_report)} of the report itself (cause: {causes})")
    if len(assumed):
        verb = noun(len(assumed), "holds", "hold")
        parts.append(f"{len(assumed)} that {verb} only under an assumption the data cannot check")
    parts.append(f"{other} unexplained")
    return listing(parts)


def _rule_sensitive_row(audit: pd.DataFrame) -> dict:
    """The verdicts that change between rounding and truncation (and the tolerance of a “près de” figure)."""
    from metropolis_report.derive.judging import NEAR_TOLERANCE

    sensitive = audit[audit["method"].str.contains("rule_sensitive", regex=False)]
    # the tolerance is a rule of the audit only where a checked figure is printed "près de"
    near = audit[(audit["qualifier"] == wording.current().word("qualifier_about")) & audit["computed_value"].notna()]
    near_text = (
        f"; {plural(len(near), '“près de” figure')} {noun(len(near), 'is', 'are')} checked with a tolerance of "
        f"{pct(NEAR_TOLERANCE)} either side"
        if len(near)
        else ""
    )
    return finding_row(
        "audit_rule_sensitive",
        {"sensitive": len(sensitive), "verdicts": noun(len(sensitive), "verdict changes", "verdicts change"),
         "near": near_text},
        n=len(sensitive), sources=[f"claims_audit:{i}" for i in sensitive["claim_id"]] + [f"claims_audit:{i}" for i in near["claim_id"]],
    )  # fmt: skip


def _reread_row(readings: pd.DataFrame) -> dict:
    """The rows of the member tables that the text conversion shifted and that are re-read before any total is
    recomputed: how many are re-read one way only, how many the printed totals cannot decide, and how many of
    their readings the printed totals vetoed."""
    from metropolis_report.derive.pipeline_findings import reread_rows
    from metropolis_report.words import plural

    reread = reread_rows(readings)
    of_rows = readings[readings["row_key"].isin(reread["row_key"]) & readings["raw_table"].isin(reread["raw_table"])]
    rows = reread.groupby(["raw_table", "source_line"])["status"]
    one_way = int((rows.agg(lambda s: set(s) == {"applied"})).sum())
    vetoed = int((of_rows["status"] == "vetoed").sum())
    tables = sorted({reader_label("raw_table", t) for t in reread["raw_table"]})
    # the re-read rows are some of the rows the printed totals cannot decide (rows that fit as printed may carry
    # the same shift): said as a part of that count, never as a rival one
    undecided = readings[readings["status"] == "ambiguous"].groupby(["raw_table", "source_line"]).ngroups
    parts = [
        plural(one_way, "row re-read one way only", "rows re-read one way only") if one_way else "",
        f"{len(rows) - one_way} of the {plural(undecided, 'row')} whose readings the printed totals cannot decide "
        "between"
        if len(rows) > one_way
        else "",
        plural(vetoed, "reading vetoed by the printed totals", "readings vetoed by the printed totals")
        + " (it would make a printed total worse than the row as printed)" * (vetoed == 1)
        + " (each would make a printed total worse than the row as printed)" * (vetoed > 1)
        if vetoed
        else "",
    ]
    return finding_row(
        "audit_reread",
        {"reread": len(rows), "rows": plural(len(rows), "row"), "are": noun(len(rows), "is", "are"),
         "tables": listing(tables) or "the member tables", "one_way": one_way, "vetoed": vetoed,
         "how": listing([p for p in parts if p]) or "none"},
        sources=[f"conversion_readings:{i}" for i in of_rows["reading_id"]],
    )  # fmt: skip


def _cross_checks_row(checks: pd.DataFrame) -> dict:
    """How many cross-checks between two parts of the report disagree."""
    return finding_row(
        "audit_cross_checks",
        {"disagree": int((checks["verdict"] == "disagree").sum()), "checks": len(checks)},
        n=len(checks), sources=[f"cross_checks:{c}" for c in checks["check"]],
    )  # fmt: skip


def _readings_row(audit: pd.DataFrame, readings: pd.DataFrame) -> dict:
    """The figures that rest on data the report allows to read in several ways (rows of the text conversion the
    totals cannot decide between, job titles that say no gender), and which of them the readings leave alone."""
    ambiguous = readings[readings["status"] == "ambiguous"].drop_duplicates("source_line")
    names = sorted({n for s in readings["combinations"].dropna() for n in str(s).split("; ") if n})
    by_readings = audit[audit["status"] == "consistent_with_readings"]
    on_rows = audit[audit["evidence"].fillna("").str.contains("conversion_readings", regex=False)]
    on_rows = on_rows[on_rows["computed_min"].notna()]
    fitted = on_rows["evidence"].str.contains("fitted by construction", regex=False)
    restating = on_rows["evidence"].str.contains("those readings were chosen by the same printed", regex=False)
    # a figure whose totals chose the readings agrees with them, and keeps one value across them, by construction
    constructed, others = on_rows[fitted | restating], on_rows[~(fitted | restating)]
    constructed_same = constructed[constructed["computed_min"] == constructed["computed_max"]]
    others_same = int((others["computed_min"] == others["computed_max"]).sum())
    if others.empty:
        other_text = (
            "no other figure of the audit is judged on them (every other figure takes one value under every reading)"
        )
    else:
        other_text = (
            f"of the {len(others)} other {noun(len(others), 'figure', 'figures')}, {others_same} "
            f"{noun(others_same, 'takes', 'take')} the same value under every admissible reading and "
            f"{len(others) - others_same} {noun(len(others) - others_same, 'differs', 'differ')} between them"
        )
    k = len(constructed_same)
    return finding_row(
        "audit_readings",
        {"by_readings": len(by_readings), "by_conversion": int(by_readings["claim_id"].isin(on_rows["claim_id"]).sum()),
         "by_titles": int((~by_readings["claim_id"].isin(on_rows["claim_id"])).sum()),
         "ambiguous_rows": len(ambiguous), "combinations": len(names), "names": ", ".join(names) or "none",
         "fitted": int(fitted.sum()), "on_rows": len(on_rows), "restating": int(restating.sum()),
         "constructed_same": ("all take the same value" if k == len(constructed) else
                              f"{k} of them {noun(k, 'takes', 'take')} the same value"),
         "constructed_values": listing([f"{float(v):g}" for v in constructed_same["computed_min"]]) if k else "none",
         "others": other_text},
        sources=[f"claims_audit:{i}" for i in by_readings["claim_id"]]
        + [f"claims_audit:{i}" for i in on_rows["claim_id"] if i not in set(by_readings["claim_id"])]
        + [f"conversion_readings:{i}" for i in ambiguous["reading_id"]],
    )  # fmt: skip


def _reasons_row(audit: pd.DataFrame) -> dict:
    """Why the figures that cannot be checked cannot be: no data in the report, or lost in the text conversion."""
    nd = audit[audit["status"] == "not_derivable"]
    lost = nd[nd["data_gap"] == "lost_in_conversion"]
    return finding_row(
        "audit_reasons",
        {"not_derivable": len(nd), "no_data": int((nd["data_gap"] == "no_data_in_report").sum()),
         "lost": len(lost), "lines": listing(sorted({str(int(x)) for x in lost["source_line"]}, key=int)) if len(lost) else "none"},
        n=len(nd), sources=[f"claims_audit:{i}" for i in nd["claim_id"]],
    )  # fmt: skip


def _coverage_row(audit: pd.DataFrame, catalogue: pd.DataFrame, census: pd.DataFrame) -> dict:
    """How many of the figures of the report's prose and totals an audit row checks."""
    from metropolis_report.transform.printed_figures import is_word_figure

    covered = int(census["claim_id"].notna().sum())
    return finding_row(
        "audit_coverage",
        {"covered": covered, "census": len(census), "share": pct(covered / len(census), 1),
         "total": len(audit), "catalogue": len(catalogue),
         "words": int(catalogue["printed_value"].map(is_word_figure).sum()),
         "totals": len(audit) - len(catalogue)},
        n=len(census), effect=covered / len(census), sources=[f"claims_audit:{i}" for i in audit["claim_id"]],
    )  # fmt: skip


def census(tables: dict) -> pd.DataFrame | None:
    """Every figure of the report's prose and totals with the audit row that checks it (the report text is the
    checksummed source; None when it is not there)."""
    from metropolis_report import editions
    from metropolis_report.derive.audit import coverage
    from metropolis_report.extract.figures import figure_census

    report = editions.current().report_path
    if not report.exists():
        return None
    found = figure_census(report.read_text(encoding="utf-8"))
    return coverage(found, tables["claims"], tables["printed_totals"])


def _audit_row(audit: pd.DataFrame, rule_id: str) -> pd.Series:
    found = audit[audit["rule_id"] == rule_id]
    if found.empty:
        raise LookupError(f"no audit row for the claim rule {rule_id!r}")
    return found.iloc[0]


def readings_rows(tables: dict, p: dict) -> list[dict]:
    """The engagement findings that rest on cells the text conversion leaves undecided, under every admissible
    reading (conversion.member_readings): the primary share, the new members' and the regions' words."""
    from metropolis_report.transform.ambiguity import member_readings

    members = tables["members"]
    variants = member_readings(members, tables["conversion_readings"])
    results, found = [], {}
    for name, table in variants.items():
        scores = engagement.scores(table)
        new = table["new_member"].astype(bool)
        # what follows reads the items set, the new-member marks and the regions (by row): readings that leave them
        # as they are give the same share and words (the permutations are seeded), so they are computed once
        inputs = (
            tuple(scores.index),
            tuple(scores["items_set"]),
            tuple(table.index),
            tuple(new),
            tuple(table["region"]),
        )
        if inputs not in found:
            engaged = int((scores["items_set"] >= p["engagement_min"]).sum())
            tests = [inference.compare(scores.loc[new, "items_set"], scores.loc[~new, "items_set"], "new",
                                       "new_members", p["confidence"], p["permutations"])]  # fmt: skip
            tests += inference.pairwise(
                scores["items_set"], table["region"], "regions", p["confidence"], p["permutations"]
            )
            inference.decide(tests, p["confidence"])
            found[inputs] = (engaged, tuple(t.word for t in tests), float(scores["items_set"].median()))
        results.append((name, *found[inputs]))
    shares = sorted({r[1] for r in results})
    same_words = len({r[2] for r in results}) == 1 and len({r[3] for r in results}) == 1
    flagged = int(members["reading_values"].notna().sum()) if "reading_values" in members else 0
    text = (
        f"the members with at least {plural(p['engagement_min'], 'primary item')} number "
        + (f"{shares[0]}" if len(shares) == 1 else f"{shares[0]} to {shares[-1]}")
        + f" of {len(members)}, and the words of the new-member and region comparisons "
        + ("do not change" if same_words else "change between readings")
    )
    items = moved_within_items(variants)
    if items:  # the readings cannot change what the index reads: say so rather than report it as a result
        text = (
            f"they move cells only between columns of the same item of the index ({listing(items)}), so every member "
            "takes part in the same primary items under every reading by construction: " + text
        )
    else:
        text = "under every one of them " + text
    return [
        finding_row(
            "eng_readings",
            {"readings": len(variants), "names": ", ".join(variants), "flagged": flagged, "summary": text},
            sources=["members:*"] + [f"conversion_readings:{i}" for i in
                                     tables["conversion_readings"].loc[tables["conversion_readings"]["status"] == "ambiguous", "reading_id"]],
        )
    ]  # fmt: skip


def moved_within_items(variants: dict[str, pd.DataFrame]) -> list[str]:
    """The items of the index whose columns are the only ones the readings change, when every member's 0/1 flags of
    the primary items are the same under every reading (the readings move cells inside an item); else []."""
    tables = list(variants.values())
    first = tables[0]
    primary = engagement.participation_items()
    if any(not engagement.flags(t, primary).equals(engagement.flags(first, primary)) for t in tables[1:]):
        return []
    columns = [c for c in first.columns if any(not t[c].equals(first[c]) for t in tables[1:])]
    return [i.label for i in engagement.items() if i.role == "participation" and set(i.columns) & set(columns)]


def printed_share_row(audit: pd.DataFrame, activated: int, n: int) -> dict:
    """The printed headline share against every reading the report's own figures allow."""
    claim = _audit_row(audit, "activated_share")
    honorary = _audit_row(audit, "honorary_member")
    printed = float(claim["reported_value"])
    with_honorary = n + int(honorary["reported_value"])
    readings = []
    for share, how, reading in (
        (100 * activated / n, f"{activated} of {n}", "rounded"),
        (100 * activated / n, f"{activated} of {n}", "truncated"),
        (100 * activated / with_honorary, f"{activated} of {with_honorary}, with the honorary member", "rounded"),
    ):
        shown = np.floor(share + 0.5) if reading == "rounded" else np.floor(share)
        if shown == printed:
            readings.append(f"{share:.1f}% ({how}) {reading}")
    word = {0: "matches no reading", 1: "matches one reading"}.get(len(readings), "matches several readings")
    text = f"it matches {listing(readings)}" if readings else "it matches no reading of the report's own figures"
    return finding_row(
        "eng_printed_share", {"printed": str(claim["printed_value"]), "readings": text}, word=word,
        sources=[f"claims_audit:{claim['claim_id']}", f"claims_audit:{honorary['claim_id']}"],
    )  # fmt: skip
