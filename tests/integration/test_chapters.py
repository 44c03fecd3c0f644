"""The chapters as built by `make report`: computed values, not only that the notebooks ran."""

import itertools
import json
import re

import pandas as pd
import pytest

from metropolis_report import config, editions, storage
from metropolis_report.derive import choices, judging
from metropolis_report.publish import layout
from metropolis_report.transform import ambiguity, conversion


@pytest.fixture(scope="module")
def audit(built_report):
    return storage.read("claims_audit", config.PROCESSED_DIR).set_index("claim_id")


def test_members_table_has_every_member_once(built_report):
    members = storage.read("members", config.PROCESSED_DIR)
    assert len(members) == 141 and members["member_id"].is_unique
    assert int(members["activated"].sum()) == 108
    assert int(members["women_governed"].sum()) == 22
    assert set(members.loc[members["new_member"], "member_id"]) == {
        "bandar-lampung",
        "jember",
        "siping",
        "wuxi",
        "yiwu",
    }


def admissible_by_brute_force() -> list[tuple]:
    """Every combination of every reading of the rows of table 4.1 that the conversion flags (a suspect row as
    printed or shifted), scored against the printed totals over the columns any reading
    touches: the combinations at the smallest distance, computed here independently of choose_by_totals."""
    raw = pd.read_csv(config.RAW_DIR / "members_engagement.csv", dtype=str, keep_default_na=False)
    totals = pd.read_csv(config.RAW_DIR / "members_engagement_totals.csv", dtype=str, keep_default_na=False)
    found = ambiguity.resolve("members_engagement", raw, totals)
    columns = conversion.printed_columns("members_engagement")
    base = {i: tuple(r) for i, r in enumerate(raw[columns].itertuples(index=False))}
    printed = conversion.printed_total_cells(totals)
    options = [[r.cells for r in f.readings] for f in found]
    touched = {
        columns[j] for f, o in zip(found, options) for cells in o for j, c in enumerate(cells) if c != f.raw_cells[j]
    }
    scored = []
    for combo in itertools.product(*options):
        t = conversion.column_totals(
            "members_engagement", [{**base, **{f.index: c for f, c in zip(found, combo)}}[i] for i in sorted(base)]
        )
        scored.append((combo, sum(abs(t[k] - printed[k]) for k in printed if k[1] in touched)))
    best = min(d for _, d in scored)
    return [(found, combo) for combo, d in scored if d == best]


def test_rows_restored_from_the_text_conversion(built_report):
    """Téhéran and Valle de Aburra prove a dropped cell; Istanbul, Tunis and Victoria prove nothing, but the
    printed totals need the same shift in some of them, and nothing says which: every combination at the
    smallest distance to the printed totals is admissible, and every row they differ in is ambiguous."""
    best = admissible_by_brute_force()
    members = storage.read("members", config.PROCESSED_DIR).set_index("member_id")
    readings = storage.read("conversion_readings", config.PROCESSED_DIR)
    names = {n for s in readings["combinations"].dropna() for n in s.split("; ")}
    assert len(names) == len(best) == 5  # the rule gives five; the figure follows from the brute force above
    found = best[0][0]
    differ = {f.row_key for k, f in enumerate(found) if len({combo[k] for _, combo in best}) > 1}
    assert members["reading_values"].notna().sum() == len(differ) == 5
    for member in ("tehran", "valle-de-aburra"):
        assert members.loc[member, ["wmd_organiser", "wmd_participant"]].tolist() == [0, 1]  # combination A
        assert bool(members.loc[member, "rethink_call"])
        assert members.loc[member, "reading_values"].startswith("wmd_organiser: A 0")  # ambiguous too
    # rows that fit as printed are published as combination A reads them: Istanbul as printed, Tunis and Victoria
    # shifted (the published table is one admissible reading, not the rows as printed)
    assert members.loc["istanbul", ["wmd_organiser", "wmd_participant"]].tolist() == [1, 0]
    for member in ("tunis", "victoria"):
        assert members.loc[member, ["wmd_organiser", "wmd_participant"]].tolist() == [0, 1]
    for member in ("istanbul", "tunis", "victoria"):
        assert members.loc[member, "reading_values"].startswith("wmd_organiser: A ")  # and flagged
    # no reading that belongs to a best combination is vetoed
    in_best = {cells for _, combo in best for cells in combo}
    assert not set(readings.loc[readings["status"] == "vetoed", "reading_row"]) & {
        conversion.cells_text(c) for c in in_best
    }
    assert readings["status"].value_counts().to_dict() == {"ambiguous": 10, "vetoed": 2}
    corrections = storage.read("corrections", config.PROCESSED_DIR)
    assert set(corrections.loc[corrections["rule"] == "dropped_empty_cell_ambiguous", "row_key"]) == {
        "tehran",
        "valle-de-aburra",
    }
    assert "oui_in_count_column" not in set(corrections["rule"])


def test_recomputed_totals_against_printed(audit):
    assert audit.loc["4.1|Total membres|activated", "status"] == "recomputed"
    assert audit.loc["4.1|Total|bilateral_meetings", "computed_value"] == 73
    # the indicators column's "Total membres" counts the members analysed in 2020 only: a definition of its own
    row = audit.loc["4.1|Total membres|indicator_system_year"]
    assert row["status"] == "under_definition" and row["computed_value"] == 15 and "would give 82" in row["evidence"]
    rethink = audit.loc["4.1|Total membres|rethink_call"]
    assert rethink["status"] == "recomputed"
    # every reading of the restored rows gives the same rethink value: that total is not credited with the choice
    assert "took part in weighing" not in rethink["evidence"] and "Téhéran (line 577)" in rethink["evidence"]
    learning = audit.loc["4.1|Total membres|learning_activities"]  # it ruled out a reading of both rows
    assert "took part in weighing them (Téhéran (line 577), Valle de Aburra (line 584)" in learning["evidence"]
    assert (
        "the readings it helped rule out would give 55 (Téhéran, line 577: a reading vetoed by the printed totals)"
        in learning["evidence"]
    )
    # a column no reading moves: the evidence says only what was counted
    assert audit.loc["4.1|Total membres|activated", "evidence"].startswith("counted from 141 member rows of column")
    organisers = audit.loc["4.1|Total membres|wmd_organiser"]
    assert organisers["status"] == "consistent_with_readings" and pd.isna(organisers["cause"])
    assert (organisers["computed_min"], organisers["computed_max"]) == (11, 11)
    assert all(name in organisers["evidence"] for name in ("Istanbul", "Tunis", "Victoria"))
    n = len(admissible_by_brute_force())
    assert f"consistent with {n} of {n} admissible readings" in organisers["evidence"]
    # the published table is combination A: it gives the readings' value, so the evidence names no other
    assert (
        "the published members table" not in organisers["evidence"]
        and "fitted by construction" in organisers["evidence"]
    )
    assert "depends on rows" not in organisers["evidence"]  # the same value under every admissible reading
    assert audit.loc["4.1|Total membres|wmd_participant", "computed_min"] == 32
    assert audit.loc["4.2|Total|web_news", "status"] == "recomputed"


def test_discrepancies_have_causes_and_are_counted_by_matter(audit, claim_by_rule):
    discrepant = audit[audit["status"] == "discrepancy"]
    assert discrepant["cause"].notna().all() and audit.loc[audit["status"] != "discrepancy", "cause"].isna().all()
    causes = discrepant.groupby("matter")["cause"].agg(lambda s: "/".join(sorted(set(s)))).to_dict()
    # the 77 participations disagree with the calendar only if every participation is a different event
    assert causes == {"events.global": "assumption"}
    # the plan's 6 pilot projects (2018-2020) against the 4 of annex 5.II (2020): a difference of scope
    pilots = audit.loc[claim_by_rule(audit, "plan_pilot_projects", "3", "6", "Exécution des 6 projets pilotes")]
    assert pilots["status"] == "not_derivable" and "4 projects of 2020" in pilots["evidence"]


def test_audit_verdicts_that_follow_from_the_data(audit, claim_by_rule):
    def row(rule_id, section=None, printed=None, text=""):
        return audit.loc[claim_by_rule(audit, rule_id, section, printed, text)]

    assert row("members_total", "2")["status"] == "recomputed"  # 141 members
    # 76 %: 108 of 141 only truncated; 108 of 142 (the honorary member counted, as section 2 does) rounds to it
    active = row("activated_share", "2")
    assert active["status"] == "under_definition" and "141 members + 1 honorary member" in active["method"]
    assert "108/141 = 76.6 % truncated" in active["evidence"] and "108/142 = 76.1 % rounded" in active["evidence"]
    assert "cannot decide" in active["evidence"] and "15,6 %" in active["evidence"]
    assert row("women_governed", "2.4")["status"] == "recomputed"  # 15,6 % governed by women
    assert row("publications_gender")["computed_value"] == 16  # 16 of 22 publications
    assert row("global_events", "2.1")["status"] == "consistent_printed"  # 76 global events = 103 entries − printed 27
    assert row("global_events", "5")["status"] == "discrepancy"  # the annex prints 77
    assert row("in_kind_share")["status"] == "consistent_printed"  # in-kind share 24 %, from printed totals
    # 63 General Assembly members: the Congress column
    assert row("general_assembly_members")["status"] == "under_definition"
    new_spaces = row("indicators_new")  # 15 new spaces: the members the 4.1 total of the column counts
    total = audit.loc["4.1|Total membres|indicator_system_year"]
    assert new_spaces["status"] == total["status"] == "under_definition"
    assert new_spaces["computed_value"] == total["computed_value"]
    assert "82 members with a year sit in 71" in new_spaces["evidence"]
    assert new_spaces["computed_value"] == 15 and "members analysed in 2020" in new_spaces["method"]
    wmd = row("wmd_events")  # 17 events: the untitled main day of line 878 is the 18th entry
    assert wmd["status"] == "under_definition" and "line(s) 878 included, gives 18" in wmd["evidence"]
    pilot_event = row("wmd_pilot_event")
    assert pilot_event["status"] == "recomputed" and pilot_event["computed_value"] == 1  # line 135
    others = row("wmd_others")
    assert others["status"] == "under_definition" and others["computed_value"] == 15
    # the staff split is read by its words: 9 women, 7 men (not the headline 16)
    assert "the printed split 9 women, 7 men is within" in row("staff_split_5v", "5.V", "9")["evidence"]
    assert row("people_counted", "2", "400")["status"] == "not_derivable"  # "plus de 400" experts
    # the two observatories of 2.2 and 5.V are the two the annex names (lines 1225 and 1227)
    for section in ("2.2", "5.V"):
        observatories = row("observatories", section)
        assert observatories["status"] == "recomputed" and observatories["computed_value"] == 2
    assert row("intro_members")["status"] == "recomputed"  # "nos 141 membres" of the introduction
    # 6 pilot projects in the plan (2018-2020), 4 listed in 5.II (2020): a difference of scope
    pilots = row("plan_pilot_projects", "3", "6", text="Exécution des 6 projets pilotes")
    assert pilots["status"] == "not_derivable" and "4 projects of 2020" in pilots["evidence"]
    written = audit[audit["printed_value"].isin(["troisième", "Cinq", "quatre"])]  # figures written out in words
    assert len(written) == 7 and set(written["status"]) == {"not_derivable"}
    assert set(audit["status"]) <= set(judging.verdicts()["code"])


def test_audit_covers_every_claim_and_printed_total(audit):
    claims = storage.read("claims", config.PROCESSED_DIR)
    totals = storage.read("printed_totals", config.PROCESSED_DIR).dropna(subset=["value"])
    assert set(audit.index) == set(claims["claim_id"]) | set(totals["total_id"])
    assert audit.loc[audit["status"] == "not_derivable", "method"].str.len().min() > 10  # a reason each


def test_claims_chapter_findings(built_report, audit):
    rows = findings_table()
    summary = values(rows, "audit_summary")
    assert summary["total"] == len(audit)
    assert summary["discrepancy"] == int((audit["status"] == "discrepancy").sum())
    # the tiers split the agreeing rows, none lost or counted twice; only rows recomputed from rows are independent
    assert sum(summary["tiers"].values()) == int(audit["status"].isin(judging.AGREEING).sum())
    assert summary["independent"] <= int((audit["status"] == "recomputed").sum())
    assert summary["quantities"] < summary["independent"]  # the report prints some figures twice
    matters = values(rows, "audit_matters")
    assert matters["matters"] == 1 and matters["by_assumption"] == 1 and matters["by_report"] == 0  # 77 global events
    coverage = values(rows, "audit_coverage")
    assert coverage["covered"] == coverage["census"] == len(audit)  # every figure of the prose and totals
    readings = values(rows, "audit_readings")
    assert readings["ambiguous_rows"] == 5 and readings["combinations"] == len(admissible_by_brute_force())
    # the figures on the undecided rows are the totals that chose the readings and two prose figures restating
    # them: their one value under every reading holds by construction, and the sentence says so
    assert (readings["fitted"], readings["restating"], readings["on_rows"]) == (4, 2, 6)
    assert (
        readings["others"]
        == "no other figure of the audit is judged on them (every other figure takes one value under every reading)"
    )
    assert sum(
        int(n) for n in json.loads(rows.loc[rows["finding_id"] == "audit_summary", "values"].iloc[0])["counts"].values()
    ) == len(audit)


def test_engagement_chapter_verdicts(built_report):
    """The verdicts this report's data gives, each chosen by its rule."""
    rows = findings_table().set_index("finding_id")
    assert values(rows.reset_index(), "eng_activated")["activated"] == 108
    # a share of the whole membership is exact: no interval
    activated = rows.loc["eng_activated"]
    assert pd.isna(activated["effect_low"]) and "interval" not in activated["sentence"].replace("no interval", "")
    # under the primary index both definitions of the new members give no clear difference; a few variants of the
    # index give "lower", so the word depends on the choices and the sentence says which give which
    assert rows.loc["eng_newness", "word"] == choices.DEPENDS
    under = rows[rows.index.str.startswith("eng_choice:")]
    assert len(under) == 28 and set(under["word"]) == {"lower", "no clear difference"}
    primary = under[under.index.str.endswith("primary-index-participation-items")]
    assert len(primary) == 2 and (primary["word"] == "no clear difference").all()
    lower = under.index[under["word"] == "lower"]
    assert lower.str.contains("indicators-system").all()
    assert f"“lower” under {len(lower)}" in rows.loc["eng_newness", "sentence"]
    new = rows.loc["eng_newness"]
    assert new["p_value"] > 0.05 and new["effect_low"] < 0 <= new["effect_high"]  # the interval holds 0
    assert "5 in Asia" in new["sentence"] and "annex list" in new["sentence"]
    assert rows.loc["eng_web", "word"] == "go together"
    pairs = rows[rows.index.str.startswith("eng_region_pair:")]
    assert len(pairs) == 6 and set(pairs["family"]) == {"regions"}  # 4 regions with enough members, one family
    # America is higher than Asia on the primary index but not on all ten items, and higher than Africa only without
    # World Metropolitan Day or with the intensity weighting: both pairs depend on the index
    region_words = rows[rows.index.str.startswith("eng_region_choice:")]["word"]
    assert region_words["eng_region_choice:america-asia-primary-index-participation-items"] == "higher"
    assert (
        region_words[region_words.index.str.startswith("eng_region_choice:america-asia-all-ten-items")]
        .eq("no clear difference")
        .all()
    )
    assert region_words["eng_region_choice:america-africa-primary-without-world-metropolitan-day"] == "higher"
    assert region_words["eng_region_choice:america-africa-primary-index-participation-items"] == "no clear difference"
    depends = ["eng_region_pair:america-asia", "eng_region_pair:america-africa"]
    assert (pairs.loc[depends, "word"] == choices.DEPENDS).all()
    assert (pairs.drop(depends)["word"] == "no clear difference").all()
    assert f"America against Asia {choices.DEPENDS}" in rows.loc["eng_regions", "sentence"]
    # the lists are judged on rank ranges: the 51 members at zero are one tied group, kept whole
    assert rows.loc["eng_robustness", "word"] == "ranking holds"
    assert "the 51 members at ranks 91–141, one tied group at 0 primary items" in rows.loc["eng_robustness", "sentence"]
    assert rows.loc["eng_robustness_null", "word"] == "ranking depends on the index's choices"
    assert values(rows.reset_index(), "eng_variants")["ten_engaged"] == 129  # the former ten-item headline
    assert values(rows.reset_index(), "eng_primary")["engaged"] < 129
    assert (
        "108 of 142" in rows.loc["eng_printed_share", "sentence"]
        and "truncated" in rows.loc["eng_printed_share", "sentence"]
    )
    assert rows.loc["eng_printed_share", "word"] == "matches several readings"
    # the undecided cells move inside the World Metropolitan Day item: the 90 of 141 holds by construction
    assert "same primary items under every reading by construction" in rows.loc["eng_readings", "sentence"]


def findings_table():
    return storage.read("findings", config.PROCESSED_DIR)


def values(rows, finding_id):
    return json.loads(rows.loc[rows["finding_id"] == finding_id, "values"].iloc[0])


def test_gender_chapter_verdicts(built_report):
    rows = findings_table().set_index("finding_id")
    # 44 % of 290 allows 127-129 women: the test comes first, so the verdict is the same at every count
    assert rows.loc["gen_parity:wmd_participants", "word"] == "no clear difference from parity"
    speakers = rows.loc["gen_parity:event_speakers"]
    assert speakers["word"] == "below parity" and speakers["family"] == "parity"
    assert "57–58 of 160" in speakers["sentence"] and "22 to 23 below half" in speakers["sentence"]
    assert "design effect of 1.5" in speakers["sentence"]
    # every parity interval says what it describes and that it is unadjusted, and its ends show where 50 % lies
    parity_rows = rows[rows.index.str.startswith("gen_parity:")]
    assert (
        parity_rows["sentence"].str.contains("unadjusted 95% exact interval .* for the process that", regex=True).all()
    )
    for row in parity_rows.itertuples():
        low, high = values(rows.reset_index(), row.Index)["low"], values(rows.reset_index(), row.Index)["high"]
        assert (float(low[:-1]) <= 50 <= float(high[:-1])) == (row.effect_low <= 0 <= row.effect_high), row.Index
    parity = rows[rows["family"] == "parity"].dropna(subset=["p_value"])
    assert (parity["p_holm"] >= parity["p_value"]).all()
    assert "n = 160" in rows.loc["gen_range", "sentence"] and "n = 7" in rows.loc["gen_range", "sentence"]
    assert (
        rows.loc["gen_group:gender_mainstreaming", "family"]
        == rows.loc["gen_group:women_governed", "family"]
        == "gender_groups"
    )
    assert rows.loc["eng_newness", "family"] == "new_members"
    metrics = storage.read("gender_metrics", config.PROCESSED_DIR).set_index("metric_id")
    assert metrics.loc["staff", "women_count"] == 9 and metrics.loc["staff", "men_count"] == 7
    assert metrics.loc["regional_secretaries", "women_count"] == 3
    assert metrics.loc["learning_experts", "women_count"] == 23  # 46 % of exactly 50
    assert metrics.loc["wmd_participants", ["women_count_min", "women_count_max"]].tolist() == [127, 129]
    assert pd.isna(metrics.loc["experts", "women_count"]) and metrics.loc["experts", "total_at_least"] == 400


def test_events_chapter_findings(built_report):
    rows = findings_table().set_index("finding_id")
    assert values(rows.reset_index(), "ev_entries")["n"] == 103
    assert values(rows.reset_index(), "plan_status")["n"] == 65
    # the entries before the first online one cannot be online: said by construction, never as a 0 % share
    switch = values(rows.reset_index(), "ev_switch")
    assert switch["n_before"] == 10 and switch["before_formats"] == "in person" and "share_before" not in switch
    assert rows.loc["fund_cash", "word"] == "exact"
    # 101 %: the shares recomputed from the printed totals round to the printed ones
    assert (
        rows.loc["fund_in_kind", "word"] == "consistent with ordinary rounding"
        and "101 %" in rows.loc["fund_in_kind", "sentence"]
    )


def test_key_findings_open_each_chapter_and_the_index_uses_the_same_rows(built_report):
    from bs4 import BeautifulSoup

    rows = findings_table()
    for chapter in layout.chapters():
        soup = BeautifulSoup((built_report / chapter.html_name).read_text(encoding="utf-8"), "html.parser")
        box = soup.select_one("section.key-findings")
        assert box is not None, chapter.stem
        expected = rows[(rows["chapter"] == chapter.stem) & rows["key_finding"]].sort_values("order")["sentence"]
        assert [li.get_text() for li in box.select("li")] == list(expected), chapter.stem
        first_output = soup.select_one(".jp-OutputArea-output, .output_area")
        assert first_output is not None and first_output.select_one("section.key-findings"), chapter.stem
    index = (built_report / "index.html").read_text(encoding="utf-8")
    for chapter in layout.chapters():
        first = rows[(rows["chapter"] == chapter.stem) & rows["key_finding"]].sort_values("order")["sentence"]
        assert html_escape(first.iloc[0]) in index, chapter.stem


def html_escape(text):
    import html

    return html.escape(text)


def test_every_chapter_is_built_clean_and_offline(built_report):
    chapters = layout.chapters()
    assert [c.stem for c in chapters] == [
        "10_clean_members",
        "11_clean_annexes",
        "20_data_quality",
        "21_derived_tables",
        "30_claims_audit",
        "31_engagement",
        "32_gender",
        "33_events_plan_funding",
    ]
    for chapter in chapters:
        html = (built_report / chapter.html_name).read_text(encoding="utf-8")
        assert re.search(r'<nav [^>]*class="chapter-nav"', html) and re.search(r'<nav [^>]*class="book-nav"', html)
        assert "index.html" in html
        assert "Metropolis rapport annuel 2020" in html  # the source is cited
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", html), chapter.stem
        for noise in ("Traceback", "Warning:", "Calculating Metrics", "DEBUG", "&lt;thead&gt;", "&lt;h2", "&lt;style"):
            assert noise not in html, f"{noise} in {chapter.stem}"
        assert "In&nbsp;[" not in html and "Out[" not in html.replace("Out[] prompt", "")  # no prompts shown


def test_index_lists_chapters_quality_and_provenance(built_report):
    html = (built_report / "index.html").read_text(encoding="utf-8")
    parts = [
        json.loads((config.PROCESSED_DIR / name).read_text())
        for name in ("validation_summary.json", "derived_validation_summary.json")
    ]
    passed, total = sum(p["passed"] for p in parts), sum(p["expectations"] for p in parts)
    suites = sum(p["suites"] for p in parts)
    assert passed == total and f"All {passed} of {total} expectations in {suites} Great Expectations suites" in html
    assert editions.default().sha256 in html
    for chapter in layout.chapters():
        assert chapter.html_name in html


def test_every_claim_rule_locates_a_figure_of_the_report(audit):
    from metropolis_report.derive import audit_inputs

    used = set(audit["rule_id"].dropna())
    rules = [r.rule_id for r in audit_inputs.rules()]
    assert set(rules) == used, f"rules that locate no figure: {sorted(set(rules) - used)}"


def test_every_audited_figure_is_marked_in_the_annotated_report_and_linked_back(built_report, audit):
    from metropolis_report.publish.present import anchor

    source = (built_report / "source.html").read_text(encoding="utf-8")
    chapter = (built_report / "30_claims_audit.html").read_text(encoding="utf-8")
    for claim_id, row in audit.iterrows():
        a = anchor(claim_id)
        assert f'id="claim-{a}" href="30_claims_audit.html#audit-{a}"' in source, claim_id
        assert f'verdict-{row["status"]}" id="claim-{a}"' in source, claim_id
        assert f'id="audit-{a}"' in chapter and f'href="source.html#claim-{a}"' in chapter, claim_id
    assert source.count('id="L') == len(editions.default().report_path.read_text(encoding="utf-8").split("\n"))


def test_the_pages_say_the_same_of_the_rows_the_conversion_shifted(built_report):
    """The rows of table 4.1 the conversion shifted are re-read in ways the printed totals cannot decide between,
    and one reading of each is vetoed: the cleaning chapter and the audit count the same rows and readings, and no
    page calls a row restored."""
    rows = findings_table()
    cleaning, audit_ = values(rows, "clean_readings"), values(rows, "audit_reread")
    readings = storage.read("conversion_readings", config.PROCESSED_DIR)
    shifted = readings[~readings["reading_id"].str.contains(":printed|:suspect")]
    assert cleaning["reread"] == audit_["reread"] == shifted["row_key"].nunique() == 2
    assert cleaning["one_way"] == audit_["one_way"] == 0 and cleaning["vetoed"] == audit_["vetoed"] == 2
    assert cleaning["ambiguous"] == cleaning["undecided_reread"] + cleaning["undecided_suspect"] == 5
    assert not rows["sentence"].str.contains("restor", case=False).any()
    audit = storage.read("claims_audit", config.PROCESSED_DIR)
    assert not audit["evidence"].fillna("").str.contains("restored", regex=False).any()


def test_the_totals_sentence_accounts_for_every_total(built_report):
    rows = findings_table()
    totals = values(rows, "eng_totals")
    audit = storage.read("claims_audit", config.PROCESSED_DIR)
    printed = audit[audit["section"].isin(["4.1", "4.2"])]
    assert sum(totals["counts"].values()) == totals["total"] == len(printed)
    assert set(printed["status"]) <= set(totals["counts"])
    sentence = rows.loc[rows["finding_id"] == "eng_totals", "sentence"].iloc[0]
    assert "1 is reproduced under a definition" in sentence


def test_a_share_two_definitions_reproduce_is_never_shown_alone(built_report):
    """The printed 76 %: 108 of 141 truncated or 108 of 142 rounded, and the data cannot decide: the findings
    give both shares, the audit's pages both values."""
    rows = findings_table().set_index("finding_id")
    sentence = rows.loc["eng_activated", "sentence"]
    assert "76.6% of the 141 members" in sentence and "76.1% of 142" in sentence and "computed" not in sentence
    assert "cannot decide" in sentence
    for page in ("30_claims_audit.html", "source.html"):
        html = (config.REPORTS_DIR / page).read_text(encoding="utf-8")
        assert "76.06 or 76.60" in html, page


def repeated_ids(page: str) -> list[str]:
    """The ids an HTML page gives to more than one element."""
    from collections import Counter
    from html.parser import HTMLParser

    ids: Counter = Counter()

    class Ids(HTMLParser):
        def handle_starttag(self, tag, attrs):
            ids.update(value for name, value in attrs if name == "id" and value)

    Ids().feed(page)
    return sorted(i for i, n in ids.items() if n > 1)


def test_no_id_is_on_a_page_twice(built_report):
    """An id names one element (a link or a search result to it lands there, not on a copy)."""
    assert repeated_ids('<li id="a"></li><p id="b"></p><li id="a"></li>') == ["a"]  # the check sees a repeat
    found = {
        path.name: ids
        for path in sorted(built_report.glob("*.html"))
        if (ids := repeated_ids(path.read_text(encoding="utf-8")))
    }
    assert found == {}, found
