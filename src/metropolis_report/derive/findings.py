"""findings: every statement the chapters and the index publish, as rows of one table.

A finding is computed here from the validated tables, never typed in a notebook: its values, n and basis,
the effect and its interval, the test, its Holm family and adjusted p, the rule that chose its word and the
rows it rests on (``finding_sources``). Its sentence is rendered from a template of
``metadata/findings.csv`` (the one reviewed place for the wording), so the same figure reads the same on
every page. The chapters show their rows (``publish.findings_view``); the index renders the key rows of every chapter;
the derived step validates the table with its own suite and publishes it.

Families (the unit of the Holm correction) are questions, not chapters: ``engagement_by_group`` (new
members, members governed by a woman, members of the gender mainstreaming strategy), ``regions`` (every pair
of regions with enough members), ``web_visibility`` (one test) and ``parity`` (every women's share with a
count).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from metropolis_report import storage
from metropolis_report.analysis import engagement, inference
from metropolis_report.derive.audit_findings import audit_rows, census, readings_rows
from metropolis_report.derive.engagement_findings import engagement_rows
from metropolis_report.derive.events_findings import events_rows
from metropolis_report.derive.finding_rows import DEFAULTS, DESIGN_EFFECT
from metropolis_report.derive.gender_findings import gender_rows, parity_counts
from metropolis_report.derive.pipeline_findings import annex_cleaning_rows, members_cleaning_rows, quality_rows

TABLES = ["members", "member_mentions", "corrections", "claims", "printed_totals", "claims_audit", "gender_metrics", "publications",
          "events", "deliverables", "funding", "cross_checks", "conversion_readings", "annex_lists"]  # fmt: skip
# The published tables a chapter's findings rest on, when they are fewer than TABLES (the events chapter reads no
# derived table, so make runs it beside the derived step). Literal lists: tools/deps.py reads both for make.
CHAPTER_TABLES = {"33_events_plan_funding": ["events", "deliverables", "funding", "claims"]}


def tables_of(chapter: str) -> list[str]:
    """The published tables the findings of ``chapter`` are computed from."""
    return CHAPTER_TABLES.get(chapter, TABLES)


def load(processed_dir: Path, names: list[str] = TABLES) -> dict[str, pd.DataFrame]:
    return {name: storage.read(name, processed_dir) for name in names}


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
        findings = storage.read("findings", processed_dir)
    else:
        findings, _ = build(load(processed_dir, tables_of(chapter)), chapter=chapter, **params)
    return findings[findings["chapter"] == chapter].sort_values("order", kind="stable").reset_index(drop=True)


def write_parameters(processed_dir: Path, **params) -> None:
    """Record beside the published findings the parameters they were computed with (after publishing)."""
    text = json.dumps({**DEFAULTS, **params}, sort_keys=True) + "\n"
    storage.write_atomic(Path(processed_dir) / PARAMETERS_FILE, text)


GROUPS = [  # (flag, label, family): the group comparisons; both definitions of the new members are one family
    ("new_member", "New members (table 4.1's marks)", "new_members"),
    ("in_new_members_list", "New members (the annex list)", "new_members"),
    ("women_governed", "Members governed by a woman", "gender_groups"),
    ("gender_mainstreaming", "Members of the gender mainstreaming strategy", "gender_groups"),
]


def _tests(tables: dict, p: dict) -> dict:
    from metropolis_report.derive.engagement_findings import robustness_variants
    from metropolis_report.transform.ambiguity import member_readings

    members = tables["members"]
    scores = engagement.scores(members)
    conf, perms = p["confidence"], p["permutations"]
    flags = {flag: members[flag].astype(bool) for flag, _, _ in GROUPS}
    by_group = {
        flag: inference.compare(scores.loc[flags[flag], "items_set"], scores.loc[~flags[flag], "items_set"],
                                label, family, conf, perms)
        for flag, label, family in GROUPS
    }  # fmt: skip
    within = {
        flag: inference.compare_within(scores["items_set"], flags[flag], members["region"], label, perms)
        for flag, label, _ in GROUPS
    }
    web = inference.spearman_association(
        scores["items_set"], scores["web_visibility"], "engagement vs web visibility", "web_visibility", perms
    )
    web_within = inference.spearman_association(
        scores["items_set"], scores["web_visibility"], "within regions", "web_visibility", perms,
        strata=members["region"],
    )  # fmt: skip
    regions = inference.pairwise(scores["items_set"], members["region"], "regions", conf, perms)
    inference.decide(list(by_group.values()) + [web] + regions, conf)
    _decide_within(within, conf)
    # every combination of the choices that can move these verdicts: the readings of the conversion (the index
    # under each, computed once per distinct index) and the variants of the index
    variants = robustness_variants(members)
    readings = member_readings(members, tables["conversion_readings"])
    distinct = {name: robustness_variants(t) for name, t in readings.items()}
    readings_same = all(f.equals(variants) for f in distinct.values())
    frames = {"": variants} if readings_same else {f"reading {k}": f for k, f in distinct.items()}
    under, under_stats = {}, {}  # (reading, variant) -> {flag, "web" or pair: word}, and the numbers behind it
    for reading, frame_ in frames.items():
        for v in frame_.columns:
            main = reading == "" and v == variants.columns[0]
            stats = under_stats[(reading, v)] = {}
            under[(reading, v)] = _words_under(frame_[v], flags, members["region"], scores["web_visibility"], conf, perms,
                                               main=main and (by_group, within, web, web_within), stats=stats)  # fmt: skip
            under[(reading, v)] |= region_words(frame_[v], members["region"], regions, conf, perms, main, stats)
    parity = [
        inference.parity(r["metric_id"], r["women_min"], r["women_max"], r["total"], conf,
                         DESIGN_EFFECT if r["slots"] else 1.0)
        for r in parity_counts(tables["gender_metrics"])
    ]  # fmt: skip
    inference.decide_parity(parity, conf)
    inference.parity_breakdown(parity, conf)
    return {"scores": scores, "by_group": by_group, "within": within, "web": web, "web_within": web_within,
            "regions": regions, "parity": parity, "under": under, "under_stats": under_stats, "readings": list(readings),
            "readings_same": readings_same}  # fmt: skip


def _decide_within(within: dict, conf: float) -> None:
    """Holm within each family for the tests within regions, and their words."""
    for family in {f for _, _, f in GROUPS}:
        flags = [flag for flag, _, f in GROUPS if f == family]
        for flag, adjusted in zip(flags, inference.holm([within[flag].p_value for flag in flags])):
            within[flag].p_holm = adjusted
            within[flag].word = inference.within_word(within[flag].difference, adjusted, conf)


def region_key(first: str, second: str) -> str:
    """The key of a pair of regions among the words under each choice (also the slug of its finding)."""
    return f"{first}-{second}".lower()


def region_words(index: pd.Series, regions: pd.Series, primary: list, conf: float, perms: int, main: bool = False,
                 stats: dict | None = None) -> dict:  # fmt: skip
    """The word of every pair of regions on one index, said of the pair in the primary index's order (the larger mean
    first there): a pair whose order turns on this index is "lower" where it would be "higher". The same family
    and Holm correction as the published rows; the tests only (no interval), as for the groups. ``stats`` receives
    each pair's n, difference (in the primary order), p and Holm p."""
    tests = primary if main else inference.pairwise(index, regions, "regions", conf, perms, interval=False)
    adjusted = [c.p_holm for c in tests] if main else inference.holm([c.p_value for c in tests])
    said = {}
    for c, p_holm in zip(tests, adjusted):
        first, second = c.label.split(" vs ")
        word = c.word if main else inference.within_word(c.mean_difference, p_holm, conf)
        said[frozenset((first, second))] = (first, word, c, p_holm)
    words = {}
    for c in primary:
        first, second = c.label.split(" vs ")
        leader, word, test, p_holm = said[frozenset((first, second))]
        turned = leader != first
        if turned:
            word = {"higher": "lower", "lower": "higher"}.get(word, word)
        words[region_key(first, second)] = word
        if stats is not None:
            stats[region_key(first, second)] = {"n": test.n_a + test.n_b, "p": test.p_value, "p_holm": p_holm,
                                                "effect": -test.mean_difference if turned else test.mean_difference}  # fmt: skip
    return words


def _words_under(index: pd.Series, flags: dict, regions: pd.Series, web_scores: pd.Series, conf: float, perms: int,
                 main=None, stats: dict | None = None) -> dict:  # fmt: skip
    """The word of every group comparison and of web visibility on one index: kept when the test over all members
    and the test within regions agree (the same families and Holm correction as the published rows). ``stats``
    receives the numbers each word rests on (n, effect, p and Holm p over all members; within regions as well)."""
    adjusted = {}
    if main:
        by_group, within, web, web_within = main
        overall = {flag: c.word for flag, c in by_group.items()}
        adjusted = {flag: c.p_holm for flag, c in by_group.items()}
    else:
        by_group = {flag: inference.compare(index[f], index[~f], flag, family, conf, perms, interval=False)
                    for (flag, _, family), f in ((g, flags[g[0]]) for g in GROUPS)}  # fmt: skip
        within = {flag: inference.compare_within(index, flags[flag], regions, flag, perms) for flag, _, _ in GROUPS}
        web = inference.spearman_association(index, web_scores, "web", "web_visibility", perms)
        web_within = inference.spearman_association(index, web_scores, "web", "web_visibility", perms, strata=regions)
        _decide_within(within, conf)
        overall = {}
        for family in {f for _, _, f in GROUPS}:
            members_ = [flag for flag, _, f in GROUPS if f == family]
            for flag, p_holm in zip(members_, inference.holm([by_group[g].p_value for g in members_])):
                overall[flag] = inference.within_word(by_group[flag].mean_difference, p_holm, conf)
                adjusted[flag] = p_holm
    words = {flag: inference.kept_word(overall[flag], within[flag].word, "no clear difference") for flag in overall}
    web_word = inference.association_word(web.rho, web.p_value, conf)
    words["web"] = inference.kept_word(web_word, inference.association_word(web_within.rho, web_within.p_value, conf),
                                       "no clear association")  # fmt: skip
    if stats is not None:
        for flag, c in by_group.items():
            stats[flag] = {"n": c.n_a + c.n_b, "effect": c.mean_difference, "p": c.p_value, "p_holm": adjusted[flag],
                           "within_difference": within[flag].difference, "within_p": within[flag].p_value,
                           "within_p_holm": within[flag].p_holm}  # fmt: skip
        # web visibility is a family of one: its Holm p is its p
        stats["web"] = {"n": web.n, "effect": web.rho, "p": web.p_value, "p_holm": web.p_value,
                        "within_p": web_within.p_value}  # fmt: skip
    return words


def frame(rows: list[dict]) -> pd.DataFrame:
    """Finding rows (as the builders return them) as a table, without their sources."""
    return pd.DataFrame([{k: v for k, v in r.items() if k != "sources"} for r in rows])
