"""The chapters as built by `make report`: computed values, not only that the notebooks ran."""
import json
import re

import pandas as pd
import pytest

from metropolis_report import config, publish, schema


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
    assert set(members.loc[members["new_member"], "member_id"]) == {"bandar-lampung", "jember", "siping", "wuxi", "yiwu"}


def test_recomputed_totals_against_printed(audit):
    assert audit.loc["4.1|Total membres|activated", "status"] == "reproduced"
    assert audit.loc["4.1|Total|bilateral_meetings", "computed_value"] == 73
    # the indicators column's "Total membres" counts the members analysed in 2020 only
    row = audit.loc["4.1|Total membres|indicator_system_year"]
    assert row["status"] == "discrepancy" and row["computed_value"] == 82 and "2020: 15" in row["evidence"]
    assert audit.loc["4.1|Total membres|wmd_organiser", "computed_value"] == 15
    assert audit.loc["4.2|Total|web_news", "status"] == "reproduced"


def test_audit_verdicts_that_follow_from_the_data(audit):
    assert audit.loc["2-01", "status"] == "reproduced"                # 141 members
    active = audit.loc["2-04"]                                        # 76 %: truncation, not rounding
    assert active["status"] == "discrepancy" and "rule_sensitive" in active["method"]
    assert audit.loc["2.4-09", "status"] == "reproduced"              # 15,6 % governed by women
    assert audit.loc["2.4-05", "computed_value"] == 16                # 16 of 22 publications
    assert audit.loc["2.1-04", "status"] == "reproduced"              # 76 global events
    assert audit.loc["5-02", "status"] == "discrepancy"               # the annex prints 77
    assert audit.loc["2.3-28", "status"] == "reproduced"              # in-kind share 24 %
    assert audit.loc["2-05", "status"] == "not_derivable"             # "plus de 400" experts
    assert set(audit["status"]) <= {"reproduced", "discrepancy", "not_derivable"}


def test_audit_covers_every_claim_and_printed_total(audit):
    claims = schema.read("claims", config.PROCESSED_DIR)
    totals = schema.read("printed_totals", config.PROCESSED_DIR).dropna(subset=["value"])
    assert set(audit.index) == set(claims["claim_id"]) | set(totals["total_id"])
    assert audit.loc[audit["status"] == "not_derivable", "method"].str.len().min() > 10  # a reason each


def test_claims_chapter_findings(built_report, audit):
    values = findings("30_claims_audit")
    assert values["total"] == len(audit)
    assert values["discrepancy"] == int((audit["status"] == "discrepancy").sum())


def test_engagement_chapter_findings(built_report):
    values = findings("31_engagement")
    assert values["members"] == 141 and values["activated"] == 108
    assert values["activated_share"] == pytest.approx(108 / 141)
    assert -1 <= values["kendall_tau"] <= 1 and values["totals"] == 25


def test_gender_chapter_findings(built_report):
    values = findings("32_gender")
    assert values["women_governed"] == 22 and values["gender_publications"] == 16
    metrics = schema.read("gender_metrics", config.PROCESSED_DIR).set_index("metric_id")
    assert metrics.loc["staff", "women_count"] == 9 and metrics.loc["staff", "men_count"] == 7
    assert metrics.loc["regional_secretaries", "women_count"] == 3
    assert metrics.loc["learning_experts", "women_count"] == 23  # 46 % of exactly 50
    assert pd.isna(metrics.loc["experts", "women_count"])        # 45 % of "plus de 400": no count


def test_events_chapter_findings(built_report):
    values = findings("33_events_plan_funding")
    assert values["events"] == 103 and values["missing_start"] == 1
    assert values["deliverables"] == 65
    assert values["cash_share_sum"] == 100 and values["in_kind_share_sum"] == 101


def test_every_chapter_is_built_clean_and_offline(built_report):
    chapters = publish.chapters()
    assert len(chapters) >= 7
    for chapter in chapters:
        html = (built_report / chapter.html_name).read_text(encoding="utf-8")
        assert '<nav class="chapter-nav">' in html and "index.html" in html
        assert "Metropolis rapport annuel 2020" in html                       # the source is cited
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", html), chapter.stem
        for noise in ("Traceback", "Warning:", "Calculating Metrics", "DEBUG", "&lt;thead&gt;", "&lt;h2", "&lt;style"):
            assert noise not in html, f"{noise} in {chapter.stem}"
        assert "jp-InputPrompt" not in html or "In&nbsp;[" not in html


def test_index_lists_chapters_quality_and_provenance(built_report):
    html = (built_report / "index.html").read_text(encoding="utf-8")
    summary = json.loads((config.PROCESSED_DIR / "validation_summary.json").read_text())
    assert f"All {summary['passed']} of {summary['expectations']} expectations" in html
    assert open(config.REPORT_CHECKSUM).read().split()[0] in html
    for chapter in publish.chapters():
        assert chapter.html_name in html
