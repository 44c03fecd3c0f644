"""findings: every statement the chapters and the index publish, as rows of one table.

A finding is computed here from the validated tables, never typed in a notebook: its values, n and basis,
the effect and its interval, the test, its Holm family and adjusted p, the rule that chose its word and the
rows it rests on (``finding_sources``). Its sentence is rendered from a template of
``metadata/findings.csv`` (the one reviewed place for the wording), so the same figure reads the same on
every page. The chapters render their rows (``render``); the index renders the key rows of every chapter;
the derived step validates the table with its own suite and publishes it.

Families (the unit of the Holm correction) are questions, not chapters: ``engagement_by_group`` (new
members, members governed by a woman, members of the gender mainstreaming strategy), ``regions`` (every pair
of regions with enough members), ``web_visibility`` (one test) and ``parity`` (every women's share with a
count).
"""

from __future__ import annotations

import calendar
import html
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import engagement, inference, schema
from .present import listing, reader_label

# An assumption, not a figure of the report: each person fills on average 1.5 of the counted event slots (e.g.
# 160 speaker slots filled by about 107 people). Each verdict also states the design effect at which it changes.
DESIGN_EFFECT = 1.5
ROBUST_MAX_MOVE = 0.2  # a member "moves far" when its rank range spans more than this share of the members
ROBUST_MAX_MOVED = 0.1  # the ranking holds when at most this share of members moves far ...
ROBUST_MIN_KEPT = 0.7  # ... and the top and bottom lists keep at least this share of their members
NEAR_WORDS = {"près de": "as approximate (“près de”)", "unknown": "not at all"}
GROUP_CAVEATS = {
    "women_governed": "",
    "gender_mainstreaming": "; taking part in the strategy may itself be a form of engagement",
}
BASIS_WORDS = {
    "printed_counts": "printed counts",
    "list": "a list",
    "derived_from_share": "a rounded share of a printed total",
}
FAMILIES = {  # the question each Holm family answers; a family's tests are corrected together, wherever they appear
    "new_members": "Do the members who joined in 2020 take part less than the others?",
    "gender_groups": "Do members governed by a woman, or in the gender mainstreaming strategy, take part differently?",
    "regions": "Do the regions differ in engagement (every pair of regions with enough members)?",
    "web_visibility": "Does engagement go with web visibility?",
    "parity": "Does each women's share with a count differ from parity?",
}
DEFAULTS = {"confidence": 0.95, "engagement_min": 1, "top_n": 10, "permutations": inference.PERMUTATIONS}
TABLES = ["members", "member_mentions", "corrections", "claims", "printed_totals", "claims_audit", "gender_metrics", "publications",
          "events", "deliverables", "funding", "cross_checks", "conversion_readings", "annex_lists"]  # fmt: skip


@dataclass(frozen=True)
class Template:
    template_id: str
    chapter: str
    section: str
    order: int
    key: bool
    family: str
    rule: str
    text: str


@cache
def templates() -> dict[str, Template]:
    return {
        r["template_id"]: Template(
            r["template_id"], r["chapter"], r["section"], int(r["order"]), r["key"] == "true", r["family"],
            r["rule"], r["template"],
        )
        for r in schema.rows("findings.csv")
    }  # fmt: skip


# --------------------------------------------------------------------------- number formats (one place)


def pct(x: float, digits: int = 0) -> str:
    return f"{100 * x:.{digits}f}%"


def num(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}"


def signed(x: float, digits: int = 2) -> str:
    """A difference with its sign; a value that prints as zero has none ("0.00", not "+0.00" or "-0.00")."""
    if x is None or np.isnan(x):
        return "not bounded"
    text = f"{x:+.{digits}f}"
    return text[1:] if float(text) == 0 else text


def points(x: float, digits: int = 1) -> str:
    """A difference of shares in percentage points, signed as ``signed``."""
    return "not bounded" if x is None or np.isnan(x) else signed(100 * x, digits)


def plural(n: int, one: str, many: str) -> str:
    """The word for ``n`` things: ``one`` for exactly one, else ``many``."""
    return one if n == 1 else many


def count(x) -> str:
    return f"{int(x):,}"


# --------------------------------------------------------------------------- rows


def _row(template_id: str, values: dict, instance: str = "", word: str = "", sources=(), **stats) -> dict:
    t = templates()[template_id]
    shown = {k: v for k, v in values.items()}
    sentence = t.text.format(word=word, **shown)
    finding_id = template_id + (f":{instance}" if instance else "")
    return {
        "finding_id": finding_id,
        "chapter": t.chapter,
        "section": t.section,
        "order": t.order,
        "key_finding": t.key,
        "sentence": sentence,
        "word": word,
        "rule": t.rule,
        "family": t.family or None,
        "values": json.dumps(shown, ensure_ascii=False, sort_keys=True),
        "n": stats.get("n"),
        "basis": stats.get("basis"),
        "effect": stats.get("effect"),
        "effect_low": stats.get("low"),
        "effect_high": stats.get("high"),
        "test": stats.get("test"),
        "p_value": stats.get("p"),
        "p_holm": stats.get("p_holm"),
        "sources": list(sources),
    }


def load(processed_dir: Path) -> dict[str, pd.DataFrame]:
    return {name: schema.read(name, processed_dir) for name in TABLES}


def build(
    tables: dict[str, pd.DataFrame], quality: dict | None = None, chapter: str | None = None, **params
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(findings, finding_sources) for every chapter, from the validated tables; ``quality`` (the gate's
    summary and the derived suites' sizes, see ``quality_rows``) adds the data-quality statements. With
    ``chapter``, only what that chapter needs is computed (the tests of the engagement and gender chapters are
    computed together: their Holm families are shared)."""
    p = {**DEFAULTS, **params}

    def wants(*stems: str) -> bool:
        return chapter is None or chapter in stems

    tests = _tests(tables, p) if wants("31_engagement", "32_gender") else None
    rows = []
    if wants("10_clean_members"):
        rows += members_cleaning_rows(
            tables["members"], tables["member_mentions"], tables["corrections"], tables["conversion_readings"]
        )
    if wants("11_clean_annexes"):
        rows += annex_cleaning_rows(tables)
    if quality:
        rows += quality_rows(**quality)
    if wants("30_claims_audit"):
        rows += audit_rows(tables, census(tables))
    if wants("31_engagement"):
        rows += engagement_rows(tables, tests, p) + readings_rows(tables, p)
    if wants("32_gender"):
        rows += gender_rows(tables, tests, p)
    if wants("33_events_plan_funding"):
        rows += events_rows(tables)
    sources = [
        {"source_id": f"{r['finding_id']}|{s}", "finding_id": r["finding_id"], "source_table": s.split(":", 1)[0],
         "source_row": s.split(":", 1)[1]}
        for r in rows for s in r.pop("sources")
    ]  # fmt: skip
    findings = pd.DataFrame(rows)
    findings["p_value"] = findings["p_value"].astype(float).round(6)
    findings["p_holm"] = findings["p_holm"].astype(float).round(6)
    for c in ("effect", "effect_low", "effect_high"):
        findings[c] = findings[c].astype(float).round(6)
    return findings, pd.DataFrame(sources, columns=["source_id", "finding_id", "source_table", "source_row"])


PARAMETERS_FILE = "findings_parameters.json"  # the parameters the published findings were computed with
# the chapters whose findings rest on the permutation tests (seconds to compute): they read the published rows
TESTED_CHAPTERS = ("31_engagement", "32_gender")


def for_chapter(processed_dir: Path, chapter: str, **params) -> pd.DataFrame:
    """The findings of one chapter. For the chapters whose findings rest on the tests, the published rows of
    data/processed/findings.csv when they were computed with these parameters (the build's case); otherwise, and
    for every other chapter, computed now (a researcher who changed a parameter in JupyterLab sees the findings
    it gives)."""
    wanted = {**DEFAULTS, **params}
    stamp = Path(processed_dir) / PARAMETERS_FILE
    published = Path(processed_dir) / "findings.csv"
    reusable = chapter in TESTED_CHAPTERS and stamp.exists() and published.exists()
    if reusable and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        findings = schema.read("findings", processed_dir)
    else:
        findings, _ = build(load(processed_dir), chapter=chapter, **params)
    return findings[findings["chapter"] == chapter].sort_values("order", kind="stable").reset_index(drop=True)


def write_parameters(processed_dir: Path, **params) -> None:
    """Record beside the published findings the parameters they were computed with (after publishing)."""
    text = json.dumps({**DEFAULTS, **params}, sort_keys=True) + "\n"
    schema.write_atomic(Path(processed_dir) / PARAMETERS_FILE, text)


# --------------------------------------------------------------------------- cleaning and data quality


def members_cleaning_rows(members, mentions, corrections, readings) -> list[dict]:
    """The member registry, the corrections of the member tables and the readings of the text conversion."""
    by = mentions["resolved_by"].value_counts()
    own = corrections[corrections["raw_table"].str.startswith("members_")]
    rules = own["rule"].value_counts()
    status = readings["status"].value_counts()
    return [
        _row(
            "clean_members",
            {"members": len(members), "mentions": len(mentions), "by_name": int(by.get("name", 0)),
             "by_name_en": int(by.get("name_en", 0)), "by_alias": int(by.get("alias", 0)),
             "non_member": int(by.get("non_member", 0))},
            n=len(mentions), sources=["members:*"],
        ),
        _row(
            "clean_corrections",
            {"corrections": len(own), "by_rule": listing([f"{n} by the rule “{reader_label('rule', r)}”" for r, n in rules.items()])},
            n=len(own), sources=[],
        ),
        _row(
            "clean_readings",
            {"restored": int(readings.loc[readings["status"] == "applied", "row_key"].nunique()),
             "vetoed": int(status.get("vetoed", 0)),
             "other": int(status.get("alternative", 0) + status.get("not_applied", 0)),
             "ambiguous": int(readings.loc[readings["status"] == "ambiguous", "row_key"].nunique()),
             "report_cell": int(readings.loc[readings["status"] == "report_cell", "row_key"].nunique())},
            sources=[f"conversion_readings:{i}" for i in readings["reading_id"]],
        ),
    ]  # fmt: skip


def annex_cleaning_rows(tables: dict) -> list[dict]:
    events, deliverables, publications = tables["events"], tables["deliverables"], tables["publications"]
    corrections, lists = tables["corrections"], tables["annex_lists"]
    status = deliverables["status"].value_counts()
    restored = corrections[corrections["raw_table"].isin(["events_calendar", "action_plan_deliverables"])]
    return [
        _row(
            "clean_annexes",
            {"events": len(events), "no_start": int(events["start_date"].isna().sum()),
             "no_end": int(events["end_date"].isna().sum()), "deliverables": len(deliverables),
             "by_status": ", ".join(f"{int(status.get(s, 0))} {w}" for s, w in
                                    (("done", "done"), ("partial", "partly done"), ("not_done", "not done"))),
             "publications": len(publications),
             "gender_publications": int((publications["gender_group"] != "none").sum()),
             "claims": len(tables["claims"]), "list_entries": len(lists), "lists": int(lists["list_name"].nunique()),
             "restored": len(restored)},
            sources=["events:*", "deliverables:*"],
        )
    ]  # fmt: skip


def quality_rows(gate: dict, derived_expectations: int, derived_suites: int, derived_tables: int) -> list[dict]:
    """The gate's summary (validation_summary.json) and the size of the derived tables' suites: every
    expectation of both must pass before anything they describe is published."""
    return [
        gate_row(gate),
        _row("quality_derived", {"passed": derived_expectations, "expectations": derived_expectations,
                                 "suites": derived_suites, "tables": derived_tables}, n=derived_expectations),
        _row("quality_all", {"passed": gate["passed"] + derived_expectations,
                             "expectations": gate["expectations"] + derived_expectations,
                             "suites": gate["suites"] + derived_suites, "tables": len(gate["tables"]) + derived_tables},
             n=gate["expectations"] + derived_expectations),
    ]  # fmt: skip


def gate_row(gate: dict) -> dict:
    return _row(
        "quality_gate",
        {"passed": gate["passed"], "expectations": gate["expectations"], "suites": gate["suites"],
         "tables": len(gate["tables"])},
        n=gate["expectations"],
    )  # fmt: skip


# --------------------------------------------------------------------------- the tests, by family


def _tests(tables: dict, p: dict) -> dict:
    members = tables["members"]
    scores = engagement.scores(members)
    conf, perms = p["confidence"], p["permutations"]
    groups = [
        ("new_member", "new members", "new_members"),
        ("women_governed", "Members governed by a woman", "gender_groups"),
        ("gender_mainstreaming", "Members of the gender mainstreaming strategy", "gender_groups"),
    ]
    by_group = {
        flag: inference.compare(
            scores.loc[members[flag].astype(bool), "items_set"],
            scores.loc[~members[flag].astype(bool), "items_set"],
            label, family, conf, perms,
        )
        for flag, label, family in groups
    }  # fmt: skip
    listed = members["in_new_members_list"].astype(bool)
    by_group["new_member_list"] = inference.compare(
        scores.loc[listed, "items_set"], scores.loc[~listed, "items_set"], "the annex list's new members",
        "sensitivity", conf, perms,
    )  # fmt: skip
    web = inference.spearman_association(
        scores["items_set"], scores["web_visibility"], "engagement vs web visibility", "web_visibility", perms
    )
    regions = inference.pairwise(scores["items_set"], members["region"], "regions", conf, perms)
    inference.decide([c for k, c in by_group.items() if k != "new_member_list"] + [web] + regions, conf)
    parity = [
        inference.parity(r["metric_id"], r["women_min"], r["women_max"], r["total"], conf,
                         DESIGN_EFFECT if r["slots"] else 1.0)
        for r in parity_counts(tables["gender_metrics"])
    ]  # fmt: skip
    inference.decide_parity(parity, conf)
    inference.parity_breakdown(parity, conf)
    return {"scores": scores, "by_group": by_group, "web": web, "regions": regions, "parity": parity}


def parity_counts(metrics: pd.DataFrame) -> list[dict]:
    """The women's shares that can be tested against parity, with the whole counts they allow: exact totals,
    and "plus de" totals taken at their printed lower bound (a larger total only narrows the interval and
    lowers the p-value, so the verdict at the bound is the conservative one). Shares of event slots (counts
    derived from a share) may count a person more than once: they carry the design effect."""
    out = []
    for m in metrics[metrics["population"].isin(["people", "representatives"])].itertuples():
        if not pd.isna(m.total_count):
            out.append(
                {
                    "metric_id": m.metric_id,
                    "women_min": int(m.women_count_min),
                    "women_max": int(m.women_count_max),
                    "total": int(m.total_count),
                    "lower_bound": False,
                    "slots": m.count_basis == "derived_from_share",
                }
            )
        elif m.total_qualifier in ("plus de", "+") and not pd.isna(m.total_at_least):
            total = int(m.total_at_least)
            low, high = (m.women_share_printed - 0.5) / 100, (m.women_share_printed + 0.5) / 100
            out.append(
                {
                    "metric_id": m.metric_id,
                    "women_min": int(np.ceil(low * total)),
                    "women_max": int(np.floor(high * total)),
                    "total": total,
                    "lower_bound": True,
                    "slots": True,
                }
            )
    return out  # fmt: skip


def _comparison_stats(c: inference.Comparison) -> dict:
    return dict(
        n=c.n_a + c.n_b, basis=f"{c.n_a} vs {c.n_b} members", effect=c.mean_difference, low=c.interval[0],
        high=c.interval[1], test=f"studentized permutation test of the mean difference ({c.permutations} reassignments)",
        p=c.p_value, p_holm=c.p_holm,
    )  # fmt: skip


def _comparison_values(c: inference.Comparison, conf: float) -> dict:
    borderline = inference.monte_carlo_borderline(c.p_value, c.p_holm, c.permutations, conf)
    note = (f"; borderline: the Holm p is within Monte Carlo error of {alpha_text(conf)}, so another set of random "
            "reassignments could give the other word") if borderline else ""  # fmt: skip
    return {
        "n_a": c.n_a, "median_a": f"{c.median_a:g}", "median_b": f"{c.median_b:g}",
        "difference": signed(c.mean_difference), "confidence": pct(conf), "low": signed(c.interval[0]),
        "high": signed(c.interval[1]), "p": inference.p_text(c.p_value),
        "p_holm": inference.p_text(c.p_holm), "family_size": c.family_size, "note": note,
        "comparisons": "comparison" if c.family_size == 1 else "comparisons",
        "rank_biserial": signed(c.rank_biserial),
    }  # fmt: skip


def alpha_text(conf: float) -> str:
    return f"{1 - conf:.2g}"


# --------------------------------------------------------------------------- the audit chapter


def audit_rows(tables: dict, census: pd.DataFrame | None = None) -> list[dict]:
    """The audit's statements; ``census`` (claims.coverage of extract.figure_census) adds its coverage."""
    from .claims import AGREEING, NEAR_TOLERANCE, verdicts

    audit, checks, readings = tables["claims_audit"], tables["cross_checks"], tables["conversion_readings"]
    words = dict(zip(verdicts()["code"], verdicts()["word"]))
    counts = audit["status"].value_counts().reindex(list(words), fill_value=0)
    disc = audit[audit["status"] == "discrepancy"]
    matters = disc.groupby("matter")["cause"].agg(lambda s: ", ".join(sorted(set(s))))
    report_causes = {"report_inconsistent", "definition", "rounding"}
    by_report = matters[matters.isin(report_causes)]
    ids = [f"claims_audit:{i}" for i in audit["claim_id"]]
    rows = [
        _row(
            "audit_summary",
            {"total": len(audit), "agreeing": int(counts[list(AGREEING)].sum()),
             "by_strength": ", ".join(f"{int(counts[c])} {words[c]}" for c in AGREEING),
             "discrepancy": int(counts["discrepancy"]), "not_derivable": int(counts["not_derivable"]),
             "counts": {c: int(n) for c, n in counts.items()}},
            n=len(audit), basis="printed figures and printed totals", sources=ids,
        ),
        _row(
            "audit_matters",
            {"discrepancy": len(disc), "matters": len(matters), "by_report": len(by_report),
             "rows_are": plural(len(disc), "row is", "rows are"),
             "disagreements": plural(len(matters), "disagreement", "disagreements"),
             "causes": listing(sorted({reader_label("cause", c) for c in by_report})) if len(by_report) else "none",
             "other": len(matters) - len(by_report)},
            n=len(disc), basis="discrepant audit rows, grouped by the quantity they are about",
            sources=[f"claims_audit:{i}" for i in disc["claim_id"]],
        ),
    ]  # fmt: skip
    if len(disc):
        gap = (disc["computed_value"] - disc["reported_value"]).abs()
        worst = disc.loc[gap.sort_values(ascending=False, kind="stable").index[0]]
        rows.append(
            _row(
                "audit_largest",
                {"text": str(worst["claim_text"]), "printed": str(worst["printed_value"]),
                 "computed": f"{float(worst['computed_value']):g}", "line": int(worst["source_line"]),
                 "cause": reader_label("cause", worst["cause"])},
                effect=float(worst["computed_value"] - worst["reported_value"]),
                sources=[f"claims_audit:{worst['claim_id']}"],
            )
        )  # fmt: skip
    sensitive = audit[audit["method"].str.contains("rule_sensitive", regex=False)]
    rows.append(
        _row(
            "audit_rule_sensitive",
            {"sensitive": len(sensitive), "tolerance": pct(NEAR_TOLERANCE)},
            n=len(sensitive), sources=[f"claims_audit:{i}" for i in sensitive["claim_id"]],
        )
    )  # fmt: skip
    from .claims import restored_readings

    restored = restored_readings(readings)
    rows.append(
        _row(
            "audit_restored", {"restored": int(restored["row_key"].nunique())},
            sources=[f"conversion_readings:{i}" for i in restored["reading_id"]],
        )
    )  # fmt: skip
    rows.append(
        _row(
            "audit_cross_checks",
            {"disagree": int((checks["verdict"] == "disagree").sum()), "checks": len(checks)},
            n=len(checks), sources=[f"cross_checks:{c}" for c in checks["check"]],
        )
    )  # fmt: skip
    ambiguous = readings[readings["status"] == "ambiguous"].drop_duplicates("source_line")
    names = sorted({n for s in readings["combinations"].dropna() for n in str(s).split("; ") if n})
    by_readings = audit[audit["status"] == "consistent_with_readings"]
    on_rows = audit[audit["evidence"].fillna("").str.contains("conversion_readings", regex=False)]
    on_rows = on_rows[on_rows["computed_min"].notna()]
    fitted = on_rows[on_rows["evidence"].str.contains("fitted by construction", regex=False)]
    same = on_rows[on_rows["computed_min"] == on_rows["computed_max"]]
    rows.append(
        _row(
            "audit_readings",
            {"by_readings": len(by_readings), "by_conversion": int(by_readings["claim_id"].isin(on_rows["claim_id"]).sum()),
             "by_titles": int((~by_readings["claim_id"].isin(on_rows["claim_id"])).sum()),
             "ambiguous_rows": len(ambiguous), "combinations": len(names), "names": ", ".join(names) or "none",
             "fitted": len(fitted), "on_rows": len(on_rows), "same": len(same),
             "values": listing([f"{float(v):g}" for v in same["computed_min"]]) if len(same) else "none"},
            sources=[f"claims_audit:{i}" for i in by_readings["claim_id"]]
            + [f"claims_audit:{i}" for i in on_rows["claim_id"] if i not in set(by_readings["claim_id"])]
            + [f"conversion_readings:{i}" for i in ambiguous["reading_id"]],
        )
    )  # fmt: skip
    nd = audit[audit["status"] == "not_derivable"]
    lost = nd[nd["data_gap"] == "lost_in_conversion"]
    rows.append(
        _row(
            "audit_reasons",
            {"not_derivable": len(nd), "no_data": int((nd["data_gap"] == "no_data_in_report").sum()),
             "lost": len(lost), "lines": listing(sorted({str(int(x)) for x in lost["source_line"]}, key=int)) if len(lost) else "none"},
            n=len(nd), sources=[f"claims_audit:{i}" for i in nd["claim_id"]],
        )
    )  # fmt: skip
    if census is not None and len(census):
        from .clean import is_word_figure

        covered = int(census["claim_id"].notna().sum())
        catalogue = tables["claims"]
        rows.append(
            _row(
                "audit_coverage",
                {"covered": covered, "census": len(census), "share": pct(covered / len(census), 1),
                 "total": len(audit), "catalogue": len(catalogue),
                 "words": int(catalogue["printed_value"].map(is_word_figure).sum()),
                 "totals": len(audit) - len(catalogue)},
                n=len(census), effect=covered / len(census), sources=ids,
            )
        )  # fmt: skip
    return rows


def census(tables: dict) -> pd.DataFrame | None:
    """Every figure of the report's prose and totals with the audit row that checks it (the report text is the
    checksummed source; None when it is not there)."""
    from . import config
    from .claims import coverage
    from .extract import figure_census

    if not config.REPORT_TEXT.exists():
        return None
    found = figure_census(config.REPORT_TEXT.read_text(encoding="utf-8"))
    return coverage(found, tables["claims"], tables["printed_totals"])


# --------------------------------------------------------------------------- engagement


def _audit_row(audit: pd.DataFrame, rule_id: str) -> pd.Series:
    found = audit[audit["rule_id"] == rule_id]
    if found.empty:
        raise LookupError(f"no audit row for the claim rule {rule_id!r}")
    return found.iloc[0]


def engagement_rows(tables: dict, tests: dict, p: dict) -> list[dict]:
    from .stats import exact_interval

    members, audit = tables["members"], tables["claims_audit"]
    conf, n = p["confidence"], len(members)
    scores = tests["scores"]
    totals = audit[audit["section"].isin(["4.1", "4.2"])]
    status = totals["status"].value_counts()
    rows = [
        _row(
            "eng_totals",
            {"total": len(totals), "recomputed": int(status.get("recomputed", 0)),
             "readings": int(status.get("consistent_with_readings", 0)), "differ": int(status.get("discrepancy", 0))},
            n=len(totals),
            sources=[f"claims_audit:{i}" for i in totals["claim_id"]],
        )
    ]  # fmt: skip
    activated = int(members["activated"].sum())
    lo, hi = exact_interval(activated, n, conf)
    rows.append(
        _row(
            "eng_activated",
            {"activated": activated, "n": n, "share": pct(activated / n, 1), "confidence": pct(conf),
             "low": pct(lo, 1), "high": pct(hi, 1)},
            n=n, basis="members (table 4.1)", effect=activated / n, low=lo, high=hi,
            test="exact (Clopper-Pearson) interval of a proportion", sources=["members:*"],
        )
    )  # fmt: skip
    rows.append(_printed_share_row(audit, activated, n))
    rows += _index_rows(members, scores, p)
    new, alt = tests["by_group"]["new_member"], tests["by_group"]["new_member_list"]
    where = members.loc[members["new_member"].astype(bool), "region"].value_counts()
    newness = {**_comparison_values(new, conf), "where": listing([f"{k} in {r}" for r, k in where.items()]),
               "alt_difference": signed(alt.mean_difference), "alt_p": inference.p_text(alt.p_value)}  # fmt: skip
    rows.append(_row("eng_newness", newness, word=new.word, sources=["members:*"], **_comparison_stats(new)))
    web = tests["web"]
    rows.append(
        _row(
            "eng_web",
            {"rho": num(web.rho), "p": inference.p_text(web.p_value), "p_holm": inference.p_text(web.p_holm)},
            word=web.word, n=web.n, basis="members", effect=web.rho,
            test=f"permutation test of Spearman's rho ({web.permutations} reassignments)", p=web.p_value,
            p_holm=web.p_holm, sources=["members:*"],
        )
    )  # fmt: skip
    rows += _region_rows(members, tests["regions"], conf)
    return rows


def readings_rows(tables: dict, p: dict) -> list[dict]:
    """The engagement findings that rest on cells the text conversion leaves undecided, under every admissible
    reading (conversion.member_readings): the primary share, the new members' and the regions' words."""
    from .conversion import member_readings

    members = tables["members"]
    variants = member_readings(members, tables["conversion_readings"])
    results = []
    for name, table in variants.items():
        scores = engagement.scores(table)
        engaged = int((scores["items_set"] >= p["engagement_min"]).sum())
        new = table["new_member"].astype(bool)
        tests = [inference.compare(scores.loc[new, "items_set"], scores.loc[~new, "items_set"], "new", "new_members",
                                   p["confidence"], p["permutations"])]  # fmt: skip
        tests += inference.pairwise(scores["items_set"], table["region"], "regions", p["confidence"], p["permutations"])
        inference.decide(tests, p["confidence"])
        results.append((name, engaged, tuple(t.word for t in tests), float(scores["items_set"].median())))
    shares = sorted({r[1] for r in results})
    same_words = len({r[2] for r in results}) == 1 and len({r[3] for r in results}) == 1
    flagged = int(members["reading_values"].notna().sum()) if "reading_values" in members else 0
    text = (
        f"the members with at least {p['engagement_min']} primary {'item' if p['engagement_min'] == 1 else 'items'} number "
        + (f"{shares[0]}" if len(shares) == 1 else f"{shares[0]} to {shares[-1]}")
        + f" of {len(members)}, and the words of the new-member and region comparisons "
        + ("do not change" if same_words else "change between readings")
    )
    return [
        _row(
            "eng_readings",
            {"readings": len(variants), "names": ", ".join(variants), "flagged": flagged, "summary": text},
            sources=["members:*"] + [f"conversion_readings:{i}" for i in
                                     tables["conversion_readings"].loc[tables["conversion_readings"]["status"] == "ambiguous", "reading_id"]],
        )
    ]  # fmt: skip


def _printed_share_row(audit: pd.DataFrame, activated: int, n: int) -> dict:
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
    return _row(
        "eng_printed_share", {"printed": str(claim["printed_value"]), "readings": text}, word=word,
        sources=[f"claims_audit:{claim['claim_id']}", f"claims_audit:{honorary['claim_id']}"],
    )  # fmt: skip


def _index_rows(members: pd.DataFrame, scores: pd.DataFrame, p: dict) -> list[dict]:
    n, minimum = len(members), p["engagement_min"]
    primary = engagement.participation_items()
    counts = engagement.variant_counts(members)
    engaged = (counts >= minimum).sum()
    declared = [v for v in counts.columns if v.startswith("primary + ")]
    low_v = min(declared, key=lambda v: (engaged[v], v))
    high_v = max(declared, key=lambda v: (engaged[v], v))
    rows = [
        _row(
            "eng_primary",
            {"k": len(primary), "engaged": int(engaged[engagement.PRIMARY]), "n": n,
             "share": pct(engaged[engagement.PRIMARY] / n, 1), "min_items": minimum,
             "median": f"{scores['items_set'].median():g}"},
            n=n, basis="members", effect=engaged[engagement.PRIMARY] / n, sources=["members:*"],
        ),
        _row(
            "eng_variants",
            {"low_share": pct(engaged[low_v] / n, 1), "low_variant": low_v, "high_share": pct(engaged[high_v] / n, 1),
             "high_variant": high_v, "ten_share": pct(engaged[engagement.TEN_ITEMS] / n, 1),
             "ten_engaged": int(engaged[engagement.TEN_ITEMS]), "n": n},
            n=n, basis="members", sources=["members:*"],
        ),
    ]  # fmt: skip
    kr20 = engagement.kr20(engagement.flags(members, primary))
    rows.append(
        _row("eng_reliability", {"kr20": num(kr20)}, word=inference.reliability_word(kr20), n=n, effect=kr20,
             test="Kuder-Richardson 20", sources=["members:*"])
    )  # fmt: skip
    variants = robustness_variants(members)
    robust = inference.robustness(variants, p["top_n"], ROBUST_MAX_MOVE, ROBUST_MAX_MOVED, ROBUST_MIN_KEPT)
    null = inference.robustness(
        robustness_variants(members, shuffle=True), p["top_n"], ROBUST_MAX_MOVE, ROBUST_MAX_MOVED, ROBUST_MIN_KEPT
    )
    for template, r in (("eng_robustness", robust), ("eng_robustness_null", null)):
        rows.append(
            _row(
                template,
                {"variants": r.variants, "moved": r.moved, "n": r.n, "max_move": f"{r.max_move:g}",
                 "max_move_share": pct(ROBUST_MAX_MOVE), "rho_low": num(r.rho_low), "rho_high": num(r.rho_high),
                 "top_kept": r.top_kept, "top_size": r.top_size, "bottom_kept": r.bottom_kept,
                 "bottom_size": r.bottom_size, "top_word": r.top_word, "bottom_word": r.bottom_word,
                 "min_kept": pct(ROBUST_MIN_KEPT), "top_n": p["top_n"]},
                word=r.word, n=r.n, effect=r.moved / r.n, test="rank ranges across the declared variants",
                sources=["members:*"],
            )
        )  # fmt: skip
    names = members["name"]
    moves = [
        f"{names[i]} (ranks {s.rank_primary} on the primary index, {s.far_rank} under “{s.far_variant}”)"
        for i, s in robust.largest.iterrows()
    ]
    rows.append(
        _row(
            "eng_largest_moves",
            {"move": f"{robust.largest['move'].max():g}", "moves": "; ".join(moves)},
            sources=[f"members:{members.at[i, 'member_id']}" for i in robust.largest.index],
        )
    )
    return rows


def robustness_variants(members: pd.DataFrame, shuffle: bool = False) -> pd.DataFrame:
    """The declared variants of the index and the intensity weighting, one column each (primary first); with
    ``shuffle`` every item is first permuted across members independently (the check's null)."""
    if shuffle:
        columns = sorted({c for i in engagement.items() for c in i.columns})
        members = members.assign(**inference.shuffled(members[columns]))
    frame = engagement.variant_scores(members)
    return frame[[c for c in frame.columns if not c.startswith("primary without")]]


def _region_rows(members: pd.DataFrame, regions: list, conf: float) -> list[dict]:
    rows, summary = [], []
    for c in regions:
        first, second = c.label.split(" vs ")
        values = {"first": first, "second": second, "mean_first": num(c.mean_a), "mean_second": num(c.mean_b),
                  **_comparison_values(c, conf)}  # fmt: skip
        rows.append(
            _row("eng_region_pair", values, instance=f"{first}-{second}".lower(), word=c.word,
                 sources=["members:*"], **_comparison_stats(c))
        )  # fmt: skip
        if c.word != "no clear difference":
            summary.append(f"{first} {c.word} than {second}" + (" (borderline)" if values["note"] else ""))
    sizes = members["region"].value_counts()
    small = [f"{r} ({sizes[r]})" for r in sorted(sizes[sizes < inference.SMALL_N].index)]
    text = ", ".join(summary) if summary else "no pair of regions differs clearly"
    text += f" ({len(regions) - len(summary)} of {len(regions)} pairs show no clear difference)"
    rows.append(
        _row("eng_regions", {"summary": text, "small": listing(small)}, family_size=len(regions), sources=["members:*"])
    )
    return rows


# --------------------------------------------------------------------------- gender


def gender_rows(tables: dict, tests: dict, p: dict) -> list[dict]:
    metrics, publications = tables["gender_metrics"], tables["publications"]
    conf = p["confidence"]
    by_id = metrics.set_index("metric_id")
    tested_ids = [t.metric_id for t in tests["parity"]]
    ends = metrics[metrics["metric_id"].isin(tested_ids)].sort_values("women_share", kind="stable")
    ends = ends.assign(n=[next(t.total for t in tests["parity"] if t.metric_id == m) for m in ends["metric_id"]])
    low, high = ends.iloc[0], ends.iloc[-1]
    rows = [
        _row(
            "gen_range",
            {"people": int(metrics["population"].isin(["people", "representatives"]).sum()),
             "tested": len(tests["parity"]),
             "low_share": pct(low["women_share"]), "low_metric": low["metric"], "low_n": int(low["n"]),
             "low_basis": BASIS_WORDS.get(low["count_basis"], "a share of a “plus de” total, at its bound"),
             "high_share": pct(high["women_share"]),
             "high_metric": high["metric"], "high_n": int(high["n"]),
             "high_basis": BASIS_WORDS.get(high["count_basis"], "a share of a “plus de” total, at its bound")},
            sources=[f"gender_metrics:{m}" for m in ends["metric_id"]],
        )
    ]  # fmt: skip
    parity = sorted(tests["parity"], key=lambda t: by_id.at[t.metric_id, "women_share"])
    bounds = {r["metric_id"]: r["lower_bound"] for r in parity_counts(metrics)}
    for t in parity:
        m = by_id.loc[t.metric_id]
        women = f"{t.women_min:,}" if t.women_min == t.women_max else f"{t.women_min:,}–{t.women_max:,}"
        gaps = sorted({abs(t.total / 2 - t.women_max), abs(t.total / 2 - t.women_min)})
        gap_text = f"{gaps[0]:,g}" if len(gaps) == 1 else f"{gaps[0]:,g} to {gaps[1]:,g}"
        holm_text = inference.p_text(t.p_holm)
        if t.word == "rounding-sensitive":
            lo_p, hi_p = t.p_holm_range
            holm_text = f"{inference.p_text(lo_p)} to {hi_p:.2g} (by the count the share allows)"
        share = float(m["women_share"])
        side = (
            "below half" if t.women_max < t.total / 2 else "above half" if t.women_min > t.total / 2 else "either way"
        )
        of_total = f"of more than {t.total:,}, counted at that bound" if bounds[t.metric_id] else f"of {t.total:,}"
        if t.dependence == "not applicable":
            dep = "each counted person is a distinct person"
        else:
            change = (f"it would change at a design effect of {t.breakdown:g}" if not np.isnan(t.breakdown)
                      else "it holds at every design effect up to 3")  # fmt: skip
            dep = (f"if people fill several slots (an assumed design effect of {DESIGN_EFFECT:g}) the verdict "
                   + ("holds" if t.dependence == "holds if people repeat" else f"becomes “{t.word_repeated}”")
                   + f"; {change}")  # fmt: skip
        rows.append(
            _row(
                "gen_parity",
                {"metric": m["metric"], "share": pct(share), "women": women, "total": of_total,
                 "parity_count": f"{t.total / 2:,g}", "gap_count": gap_text, "gap_side": side,
                 "gap_points": f"{100 * (share - 0.5):+.0f}".replace("+0", "0").replace("-0", "0"),
                 "confidence": pct(conf), "low": pct(t.low), "high": pct(t.high),
                 "p_holm": holm_text, "family_size": t.family_size, "dependence_text": dep},
                instance=t.metric_id, word=t.word, n=t.total,
                basis="a share of a “plus de” total, at its bound" if bounds[t.metric_id] else BASIS_WORDS[m["count_basis"]],
                effect=share - 0.5, low=t.low - 0.5, high=t.high - 0.5, test="binomial test against 50 %",
                p=t.p_value, p_holm=t.p_holm, sources=[f"gender_metrics:{t.metric_id}"],
            )
        )  # fmt: skip
    below = [t for t in parity if t.word == "below parity"]
    lost = [f"{by_id.at[t.metric_id, 'metric']} (it becomes “{t.word_repeated}”)" for t in below
            if t.dependence == "lost if people repeat"]  # fmt: skip
    robust_text = (
        f"with an assumed design effect of {DESIGN_EFFECT:g} (people filling several slots) the verdict changes for "
        f"{listing(lost)}"
        if lost else f"each holds with an assumed design effect of {DESIGN_EFFECT:g} (people filling several slots)"
    )  # fmt: skip
    rows.append(
        _row("gen_below", {"below": listing([by_id.at[t.metric_id, "metric"] for t in below]), "robust_text": robust_text},
             family_size=len(parity), sources=[f"gender_metrics:{t.metric_id}" for t in below] or ["gender_metrics:*"])
    )  # fmt: skip
    for m in metrics[(metrics["count_basis"] == "share_only") & ~metrics["metric_id"].isin(bounds)].itertuples():
        rows.append(
            _row("gen_share_only",
                 {"metric": m.metric, "share": pct(m.women_share), "how": NEAR_WORDS.get(m.total_qualifier, m.total_qualifier)},
                 instance=m.metric_id, sources=[f"gender_metrics:{m.metric_id}"])
        )  # fmt: skip
    governed = by_id.loc["women_governed_members"]
    rows.append(
        _row(
            "gen_governed",
            {"governed": int(governed["women_count"]), "n": int(governed["total_count"]),
             "share": pct(governed["women_share"], 1), "printed": f"{governed['women_share_printed']:g}%"},
            n=int(governed["total_count"]), basis="a list", effect=float(governed["women_share"]),
            sources=["gender_metrics:women_governed_members"],
        )
    )  # fmt: skip
    for flag in ("women_governed", "gender_mainstreaming"):
        c = tests["by_group"][flag]
        rows.append(
            _row("gen_group", {"label": c.label, **_comparison_values(c, conf), "caveat": GROUP_CAVEATS[flag]},
                 instance=flag, word=c.word, sources=["members:*"], **_comparison_stats(c))
        )  # fmt: skip
    with_gender = int((publications["gender_group"] != "none").sum())
    rows.append(
        _row("gen_publications", {"with_gender": with_gender, "publications": len(publications)},
             n=len(publications), sources=["gender_metrics:publications_gender_perspective"])
    )  # fmt: skip
    bases = metrics["count_basis"].value_counts()
    lower = int(((metrics["count_basis"] == "share_only") & (metrics["total_qualifier"] == "plus de")).sum())
    rows.append(
        _row("gen_bases",
             {"metrics": len(metrics), "derived": int(bases.get("derived_from_share", 0)), "lower_bound": lower,
              "share_only": int(bases.get("share_only", 0)) - lower},
             n=len(metrics), sources=["gender_metrics:*"])
    )  # fmt: skip
    return rows


# --------------------------------------------------------------------------- events, action plan, funding


def events_rows(tables: dict) -> list[dict]:
    events, deliverables, funding, claims = (
        tables["events"],
        tables["deliverables"],
        tables["funding"],
        tables["claims"],
    )
    n = len(events)
    fmt = events["format"].value_counts()
    rows = [
        _row(
            "ev_entries",
            {"n": n, "online": int(fmt.get("online", 0)), "hybrid": int(fmt.get("hybrid", 0)),
             "in_person": int(fmt.get("in_person", 0)), "online_share": pct(events["online"].mean())},
            n=n, basis="calendar entries", effect=float(events["online"].mean()), sources=["events:*"],
        )
    ]  # fmt: skip
    first_online = events.loc[events["online"], "start_date"].min()
    dated = events.dropna(subset=["start_date"])
    before, after = dated[dated["start_date"] < first_online], dated[dated["start_date"] >= first_online]
    undated = events[events["start_date"].isna()]
    rows.append(
        _row(
            "ev_switch",
            {"first_online": f"{first_online:%d %B %Y}", "n_before": len(before),
             "share_before": pct(before["online"].mean()), "n_after": len(after),
             "share_after": pct(after["online"].mean()), "undated": len(undated),
             "undated_format": listing(sorted({reader_label("format", f) for f in undated["format"]}))},
            n=n, sources=["events:*"],
        )
    )  # fmt: skip
    per_month = events.groupby("month").size()
    rows.append(
        _row("ev_busiest", {"month": calendar.month_name[int(per_month.idxmax())], "entries": int(per_month.max())},
             sources=["events:*"])
    )  # fmt: skip
    dated = events.dropna(subset=["duration_days"])
    rows.append(
        _row("ev_duration",
             {"dated": len(dated), "one_day": int((dated["duration_days"] == 1).sum()),
              "longest": int(dated["duration_days"].max())},
             n=len(dated), sources=["events:*"])
    )  # fmt: skip
    no_end = events[events["end_date"].isna()]
    no_start = events[events["start_date"].isna()]
    rows.append(
        _row("ev_missing",
             {"missing_end": len(no_end), "missing_end_online": int(no_end["online"].sum()),
              "missing_start": len(no_start)},
             sources=[f"events:{i}" for i in pd.concat([no_end, no_start])["event_id"]])
    )  # fmt: skip
    wmd = events[events["world_metropolitan_day"]]
    printed = claims.loc[claims["wording"].str.contains("au moins un des @ événements organisés à l'occasion"), "value"]
    rows.append(
        _row("ev_wmd",
             {"entries": len(wmd), "first": f"{wmd['start_date'].min():%d %B}", "last": f"{wmd['start_date'].max():%d %B}",
              "printed": f"{float(printed.iloc[0]):g}"},
             sources=[f"events:{i}" for i in wmd["event_id"]])
    )  # fmt: skip
    status = deliverables["status"].value_counts()
    rows.append(
        _row("plan_status",
             {"done": int(status.get("done", 0)), "n": len(deliverables), "share": pct(status.get("done", 0) / len(deliverables)),
              "partial": int(status.get("partial", 0)), "not_done": int(status.get("not_done", 0))},
             n=len(deliverables), sources=["deliverables:*"])
    )  # fmt: skip
    rows += funding_rows(funding)
    return rows


def recomputed_shares(funding: pd.DataFrame) -> pd.Series:
    """The shares with in-kind payments recomputed from the printed cash shares and the two printed totals:
    a cash source keeps its amount (share × cash total); in kind is the difference of the totals."""
    cash = funding[(funding["scheme"] == "cash") & (funding["source"] != "total")].set_index("source")["share_percent"]
    totals = funding[funding["source"] == "total"].set_index("scheme")["amount_eur"]
    out = cash * totals["cash"] / totals["including_in_kind"]
    out["in_kind"] = 100 * (totals["including_in_kind"] - totals["cash"]) / totals["including_in_kind"]
    return out


def funding_rows(funding: pd.DataFrame) -> list[dict]:
    shares = funding[funding["source"] != "total"].pivot(index="source", columns="scheme", values="share_percent")
    totals = funding[funding["source"] == "total"].set_index("scheme")["amount_eur"]
    cash = shares["cash"].dropna()
    rows = [
        _row("fund_cash", {"total": count(totals["cash"]), "sum": f"{cash.sum():g}"},
             word=inference.share_sum_word(list(cash), list(cash)),
             sources=[f"funding:{i}" for i in funding.loc[funding["scheme"] == "cash", "funding_id"]])
    ]  # fmt: skip
    with_kind = shares["including_in_kind"].dropna()
    recomputed = recomputed_shares(funding).reindex(with_kind.index)
    in_kind = totals["including_in_kind"] - totals["cash"]
    rows.append(
        _row(
            "fund_in_kind",
            {"total": count(totals["including_in_kind"]), "in_kind": count(in_kind),
             "in_kind_share": pct(in_kind / totals["including_in_kind"], 1), "sum": f"{with_kind.sum():g}",
             "recomputed": listing([f"{recomputed[s]:.1f}% ({s.replace('_', ' ')})" for s in with_kind.index]),
             "recomputed_sum": f"{recomputed.sum():.0f}"},
            word=inference.share_sum_word(list(with_kind), list(recomputed)),
            sources=[f"funding:{i}" for i in funding["funding_id"]],
        )
    )  # fmt: skip
    return rows


# --------------------------------------------------------------------------- rendering


def render(rows: pd.DataFrame, section: str | None = None, key: bool = False) -> str:
    """HTML of findings rows: the chapter's key findings box, or the findings of one section (a list)."""
    chosen = rows[rows["key_finding"]] if key else rows[rows["section"] == section] if section else rows
    items = "".join(
        f'<li id="finding-{html.escape(r.finding_id.replace(":", "-"))}">{html.escape(r.sentence)}</li>'
        for r in chosen.itertuples()
    )
    if key:
        return (
            '<section class="key-findings" aria-labelledby="key-findings-heading">'
            f'<h2 id="key-findings-heading">Key findings</h2><ul>{items}</ul></section>'
        )
    return f'<ul class="findings">{items}</ul>'


def frame(rows: list[dict]) -> pd.DataFrame:
    """Finding rows (as the builders return them) as a table, without their sources."""
    return pd.DataFrame([{k: v for k, v in r.items() if k != "sources"} for r in rows])


def show(rows: pd.DataFrame, section: str | None = None, key: bool = False):
    """``render`` as an IPython HTML object, for a notebook cell."""
    from IPython.display import HTML

    return HTML(render(rows, section, key))


def subject(row) -> str:
    """What a tested finding is about, in words (for the tables of tests)."""
    v = json.loads(row["values"])
    if "first" in v:
        return f"{v['first']} vs {v['second']}"
    return (
        v.get("metric")
        or v.get("label")
        or {"eng_newness": "new members", "eng_web": "web visibility"}.get(row["finding_id"], row["finding_id"])
    )


def test_table(rows: pd.DataFrame, section: str) -> pd.DataFrame:
    """The tests behind a section's findings, one row each: what, n, effect, unadjusted interval, p, Holm p, word."""
    part = rows[(rows["section"] == section) & rows["p_value"].notna()]
    # a difference of shares (a parity test: share − 50 %) in percentage points, as every sentence says it
    shares = (part["rule"] == "parity").tolist()
    return pd.DataFrame(
        {
            "subject": [subject(r) for _, r in part.iterrows()],
            "basis": part["basis"],
            "effect": [f"{points(e)} points" if share else e for e, share in zip(part["effect"], shares, strict=True)],
            "interval": [
                "–"
                if pd.isna(lo)
                else (f"{points(lo)} to {points(hi)} points" if share else f"{signed(lo)} to {signed(hi)}")
                for lo, hi, share in zip(part["effect_low"], part["effect_high"], shares, strict=True)
            ],
            "test": part["test"],
            "p": [inference.p_text(v) for v in part["p_value"]],
            "p_holm": [inference.p_text(v) for v in part["p_holm"]],
            "family": [FAMILIES.get(f, f) for f in part["family"]],
            "verdict": part["word"],
        }
    )


TEST_HEADERS = {
    "subject": "What is compared",
    "basis": "Units",
    "effect": "Effect",
    "interval": "Unadjusted interval",
    "test": "Test",
    "p": "p",
    "p_holm": "Holm p",
    "family": "Holm family (question)",
    "verdict": "Verdict",
}


def families_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The Holm families of a chapter's findings: the question, how many tests the family holds (in the whole
    book) and which of this chapter's findings rest on it."""
    tested = rows[rows["family"].notna() & rows["p_value"].notna()]
    out = []
    for family, part in tested.groupby("family", sort=False):
        size = json.loads(part.iloc[0]["values"]).get("family_size", len(part))
        out.append(
            {"family": family, "question": FAMILIES[family], "tests": size, "findings": ", ".join(part["finding_id"])}
        )
    return pd.DataFrame(out, columns=["family", "question", "tests", "findings"])


def robustness_check(members: pd.DataFrame, top_n: int) -> inference.Robustness:
    """The robustness check of the findings, for the chapter's tables (each member's rank range)."""
    return inference.robustness(robustness_variants(members), top_n, ROBUST_MAX_MOVE, ROBUST_MAX_MOVED, ROBUST_MIN_KEPT)
