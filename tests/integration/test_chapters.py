"""The chapters as built by `make report`: computed values, not only that the notebooks ran."""

import json
import re

import pandas as pd
import pytest

from metropolis_report import claims, config, publish, schema


@pytest.fixture(scope="module")
def audit(built_report):
    return schema.read("claims_audit", config.PROCESSED_DIR).set_index("claim_id")


def findings(stem):
    data = publish.load_findings(stem)
    assert data, f"no findings recorded by {stem}"
    return data["values"]


def test_members_table_has_every_member_once(built_report):
    members = schema.read("members", config.PROCESSED_DIR)
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


def test_rows_restored_from_the_text_conversion(built_report):
    """Téhéran and Valle de Aburra prove a dropped cell; Istanbul, Tunis and Victoria prove nothing, but the
    printed totals need the same shift in exactly two of them, and nothing says which: three admissible readings."""
    members = schema.read("members", config.PROCESSED_DIR).set_index("member_id")
    for member in ("tehran", "valle-de-aburra"):
        assert members.loc[member, ["wmd_organiser", "wmd_participant"]].tolist() == [0, 1]
        assert bool(members.loc[member, "rethink_call"])
        assert pd.isna(members.loc[member, "reading_values"])  # the totals decide these rows
    for member in ("istanbul", "tunis", "victoria"):
        assert members.loc[member, ["wmd_organiser", "wmd_participant"]].tolist() == [1, 0]  # kept as printed
        assert members.loc[member, "reading_values"].startswith("wmd_organiser: A ")  # and flagged
    assert members["reading_values"].notna().sum() == 3
    readings = schema.read("conversion_readings", config.PROCESSED_DIR)
    assert readings["status"].value_counts().to_dict() == {"ambiguous": 6, "vetoed": 4, "applied": 2}
    shifted = readings[readings["status"].eq("ambiguous") & readings["dropped_at"].notna()]
    assert sorted(shifted["combinations"]) == ["A; B", "A; C", "B; C"]  # each combination shifts two of the three
    corrections = schema.read("corrections", config.PROCESSED_DIR)
    assert set(corrections.loc[corrections["rule"] == "dropped_empty_cell_by_totals", "row_key"]) == {
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
    assert pd.isna(audit.loc["4.1|Total membres|activated", "evidence"])  # a column no reading moves
    organisers = audit.loc["4.1|Total membres|wmd_organiser"]
    assert organisers["status"] == "consistent_with_readings" and pd.isna(organisers["cause"])
    assert (organisers["computed_min"], organisers["computed_max"]) == (11, 11)
    assert all(name in organisers["evidence"] for name in ("Istanbul", "Tunis", "Victoria"))
    assert (
        "consistent with 3 of 3 admissible readings" in organisers["evidence"] and "gives 13" in organisers["evidence"]
    )
    assert audit.loc["4.1|Total membres|wmd_participant", "computed_min"] == 32
    assert audit.loc["4.2|Total|web_news", "status"] == "recomputed"


def test_discrepancies_have_causes_and_are_counted_by_matter(audit):
    discrepant = audit[audit["status"] == "discrepancy"]
    assert discrepant["cause"].notna().all() and audit.loc[audit["status"] != "discrepancy", "cause"].isna().all()
    causes = discrepant.groupby("matter")["cause"].agg(lambda s: "/".join(sorted(set(s)))).to_dict()
    assert causes == {
        "members.activated": "rounding",
        "events.global": "report_inconsistent",
        "pilot_projects.listed": "unexplained",  # the plan's 6 pilot projects (2018-2020); 5.II lists 4 (2020)
    }


def test_audit_verdicts_that_follow_from_the_data(audit):
    assert audit.loc["2-01", "status"] == "recomputed"  # 141 members
    active = audit.loc["2-04"]  # 76 %: truncation, not rounding
    assert active["status"] == "discrepancy" and "rule_sensitive" in active["method"] and active["cause"] == "rounding"
    assert audit.loc["2.4-09", "status"] == "recomputed"  # 15,6 % governed by women
    assert audit.loc["2.4-05", "computed_value"] == 16  # 16 of 22 publications
    assert audit.loc["2.1-04", "status"] == "consistent_printed"  # 76 global events = 103 entries − printed 27
    assert audit.loc["5-02", "status"] == "discrepancy"  # the annex prints 77
    assert audit.loc["2.3-28", "status"] == "consistent_printed"  # in-kind share 24 %, from printed totals
    assert audit.loc["2.3-04", "status"] == "under_definition"  # 63 General Assembly members: the Congress column
    new_spaces = audit.loc["2.2-01"]  # 15 new spaces, counted as members
    assert new_spaces["status"] == "under_definition" and "82 members with a year sit in 71" in new_spaces["evidence"]
    wmd = audit.loc["2.1-24"]  # 17 events: the untitled main day of line 878 is the 18th entry
    assert wmd["status"] == "under_definition" and "line(s) 878 included, gives 18" in wmd["evidence"]
    assert audit.loc["2.1-17", "status"] == "recomputed" and audit.loc["2.1-17", "computed_value"] == 1  # line 135
    assert audit.loc["2.1-21", "status"] == "under_definition" and audit.loc["2.1-21", "computed_value"] == 15
    # the staff split is read by its words: 9 women, 7 men (not the headline 16)
    assert "the printed split 9 women, 7 men is within" in audit.loc["5.V-05", "evidence"]
    assert audit.loc["2-05", "status"] == "not_derivable"  # "plus de 400" experts
    # the two observatories of 2.2 and 5.V are the two the annex names (lines 1225 and 1227)
    for claim_id in ("2.2-25", "5.V-40"):
        assert audit.loc[claim_id, "status"] == "recomputed" and audit.loc[claim_id, "computed_value"] == 2
    assert audit.loc["1-01", "status"] == "recomputed"  # "nos 141 membres" of the introduction
    assert audit.loc["3-02", "status"] == "discrepancy" and audit.loc["3-02", "computed_value"] == 4
    written = audit[audit["printed_value"].isin(["troisième", "Cinq", "quatre"])]  # figures written out in words
    assert len(written) == 7 and set(written["status"]) == {"not_derivable"}
    assert set(audit["status"]) <= set(claims.verdicts()["code"])


def test_audit_covers_every_claim_and_printed_total(audit):
    claims = schema.read("claims", config.PROCESSED_DIR)
    totals = schema.read("printed_totals", config.PROCESSED_DIR).dropna(subset=["value"])
    assert set(audit.index) == set(claims["claim_id"]) | set(totals["total_id"])
    assert audit.loc[audit["status"] == "not_derivable", "method"].str.len().min() > 10  # a reason each


def test_claims_chapter_findings(built_report, audit):
    values = findings("30_claims_audit")
    assert values["total"] == len(audit)
    assert values["discrepancy"] == int((audit["status"] == "discrepancy").sum())
    assert values["matters"] == 3 and values["matters_report"] == 2
    assert values["coverage"] == 1 and values["census"] == len(audit)  # every figure of the prose and totals
    assert values["ambiguous_rows"] == 3 and values["admissible_readings"] == 3
    assert sum(values[c] for c in claims.verdicts()["code"]) == len(audit)


def test_engagement_chapter_findings(built_report):
    values = findings("31_engagement")
    assert values["members"] == 141 and values["activated"] == 108
    assert values["activated_share"] == pytest.approx(108 / 141)
    assert values["kendall_tau"] == pytest.approx(0.9335, abs=1e-4) and values["totals"] == 25
    assert values["kendall_tau_counts"] == pytest.approx(0.9314, abs=1e-4)
    # the computed verdicts of this report: no region is declared ahead; new members undecided after Holm
    assert values["region_ahead"] == [] and "no region is clearly ahead" in load_headline("31_engagement")
    assert values["new_members_word"] == "no clear difference" and values["web_word"] == "go together"
    # ties at the cut are listed: ranks 2-9 and 10-11 make the top 10 hold 11 members; 12 members score 0
    assert values["top_listed"] == 11 and values["bottom_listed"] == 12


def load_headline(stem):
    return publish.load_findings(stem)["headline"]


def test_gender_chapter_findings(built_report):
    values = findings("32_gender")
    assert values["verdicts"]["wmd_participants"] == "rounding-sensitive"  # 44 % of 290: 127-129 women
    assert values["below_parity"] == ["Speakers at Metropolis events"]
    headline = load_headline("32_gender")
    assert "n = 160" in headline and "n = 7" in headline and "Board" not in headline
    assert values["women_governed"] == 22 and values["gender_publications"] == 16
    metrics = schema.read("gender_metrics", config.PROCESSED_DIR).set_index("metric_id")
    assert metrics.loc["staff", "women_count"] == 9 and metrics.loc["staff", "men_count"] == 7
    assert metrics.loc["regional_secretaries", "women_count"] == 3
    assert metrics.loc["learning_experts", "women_count"] == 23  # 46 % of exactly 50
    assert metrics.loc["wmd_participants", ["women_count_min", "women_count_max"]].tolist() == [127, 129]
    assert pd.isna(metrics.loc["experts", "women_count"])  # 45 % of "plus de 400": no count


def test_events_chapter_findings(built_report):
    values = findings("33_events_plan_funding")
    assert values["events"] == 103 and values["missing_start"] == 1
    assert values["deliverables"] == 65
    assert values["cash_share_sum"] == 100 and values["in_kind_share_sum"] == 101


def test_every_chapter_is_built_clean_and_offline(built_report):
    chapters = publish.chapters()
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
        assert '<nav class="chapter-nav">' in html and "index.html" in html
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
    assert passed == total and f"All {passed} of {total} expectations" in html
    assert config.REPORT_CHECKSUM.read_text().split()[0] in html
    for chapter in publish.chapters():
        assert chapter.html_name in html


def test_every_claim_rule_locates_a_figure_of_the_report(audit):
    from metropolis_report import claims

    used = set(audit["rule_id"].dropna())
    rules = [r.rule_id for r in claims.rules()]
    assert set(rules) == used, f"rules that locate no figure: {sorted(set(rules) - used)}"


def test_every_audited_figure_is_marked_in_the_annotated_report_and_linked_back(built_report, audit):
    from metropolis_report.present import anchor

    source = (built_report / "source.html").read_text(encoding="utf-8")
    chapter = (built_report / "30_claims_audit.html").read_text(encoding="utf-8")
    for claim_id, row in audit.iterrows():
        a = anchor(claim_id)
        assert f'id="claim-{a}" href="30_claims_audit.html#audit-{a}"' in source, claim_id
        assert f'verdict-{row["status"]}" id="claim-{a}"' in source, claim_id
        assert f'id="audit-{a}"' in chapter and f'href="source.html#claim-{a}"' in chapter, claim_id
    assert source.count('id="L') == len(config.REPORT_TEXT.read_text(encoding="utf-8").split("\n"))
