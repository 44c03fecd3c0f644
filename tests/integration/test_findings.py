"""The findings table moves as its rules say when the data behind it changes.

Each test changes the validated tables in memory (copies; data/processed is never touched), rebuilds the
findings with the package and asserts the words that must change, that every word is the one its rule gives
for the row's own statistics, and that the findings of the other chapters do not move.
"""

import json

import pandas as pd
import pytest

from metropolis_report import config, storage, words
from metropolis_report.analysis import engagement, inference, robustness
from metropolis_report.derive import choices, engagement_findings, finding_rows, findings


@pytest.fixture(scope="module")
def tables(built_report):
    return findings.load(config.PROCESSED_DIR)


@pytest.fixture(scope="module")
def baseline(tables):
    return findings.build(tables, permutations=1999)[0].set_index("finding_id")


def rebuild(tables, **changes):
    changed = {name: frame.copy() for name, frame in tables.items()}
    for name, change in changes.items():
        changed[name] = change(changed[name])
    return findings.build(changed, permutations=1999)[0].set_index("finding_id")


# the rows that give a verdict's word under each combination of the choices that can move it (derive.choices),
# and the one of the primary index (read the same way by every reading of the conversion)
CHOICE_ROWS = {"eng_newness": "eng_choice:", "eng_web": "eng_web_choice:",
               "gen_group:women_governed": "gen_choice:women-governed-",
               "gen_group:gender_mainstreaming": "gen_choice:gender-mainstreaming-"}  # fmt: skip
PRIMARY = "primary-index-participation-items"


def _p(text: str) -> float:
    """A p as the sentences print it ('p = 0.18', 'p < 0.001')."""
    return float(text.split("<" if "<" in text else "=")[1]) * (0.999 if "<" in text else 1)


def words_follow_their_rules(rows, confidence=0.95):
    rows = rows.astype(object).where(rows.notna(), None)
    for fid, r in rows.iterrows():
        if "_choice:" in fid:  # a word under one combination of the choices: the test only, no interval
            assert r["p_value"] is not None and r["p_holm"] is not None and r["n"] is not None, fid
            v = json.loads(r["values"])
            if r["rule"] == "difference":
                word = inference.within_word(r["effect"], r["p_holm"], confidence)
                if "within_p_holm" in v:
                    within = inference.within_word(v["within_difference"], v["within_p_holm"], confidence)
                    word = inference.kept_word(word, within, "no clear difference")
            else:
                word = inference.kept_word(
                    inference.association_word(r["effect"], r["p_holm"], confidence),
                    inference.association_word(r["effect"], v["within_p"], confidence),
                    "no clear association",
                )
            assert r["word"] == word, fid
        elif r["rule"] in ("difference", "association") and r["p_value"] is not None:
            v = json.loads(r["values"])
            if r["rule"] == "difference":
                overall = inference.difference_word((r["effect_low"], r["effect_high"]), r["p_holm"], confidence)
            else:
                overall = inference.association_word(r["effect"], r["p_holm"], confidence)
            word = overall
            if "within_p_holm" in v:  # a group comparison: kept only when the test within regions agrees
                within = inference.within_word(float(v["within_difference"]), _p(v["within_p_holm"]), confidence)
                word = inference.kept_word(overall, within, "no clear difference")
            elif "within_p" in v:  # an association (a family of one: its p is its Holm p)
                within = inference.association_word(r["effect"], _p(v["within_p"]), confidence)
                word = inference.kept_word(overall, within, "no clear association")
            prefixes = dict(CHOICE_ROWS)
            if fid.startswith("eng_region_pair:"):  # each pair of regions: its words under each index variant
                prefixes[fid] = f"eng_region_choice:{fid.split(':', 1)[1]}-"
            if fid in prefixes:
                under = rows[rows.index.str.startswith(prefixes[fid])]
                assert len(under) > 1, fid
                # eng_newness's statistics are those of table 4.1's marks; its primary rows hold both definitions
                key = prefixes[fid] + ("new-member-" if fid == "eng_newness" else "")
                primary = under[under.index.str.startswith(key) & under.index.str.contains(PRIMARY)]
                assert len(primary) >= 1, fid
                same_index = primary[primary.index.str.endswith(PRIMARY)]  # every reading gives the same index
                assert (same_index["word"] == word).all(), fid
                distinct = set(under["word"])
                word = distinct.pop() if len(distinct) == 1 else choices.DEPENDS
            assert r["word"] == word, fid
        if r["rule"] == "parity" and r["word"] in ("below parity", "above parity"):
            assert r["p_holm"] < 1 - confidence, fid
            assert (r["effect_high"] < 0) if r["word"] == "below parity" else (r["effect_low"] > 0), fid
        if r["rule"] in words.FINDING_WORDS:
            assert (r["word"] or "") in words.FINDING_WORDS[r["rule"]] or r["rule"] == "descriptive", fid


def unchanged(before, after, chapters):
    for chapter in chapters:
        a, b = before[before["chapter"] == chapter], after[after["chapter"] == chapter]
        # by finding id: another chapter's rows (the words under each choice) may change in number
        assert dict(zip(a["finding_id"], a["sentence"])) == dict(zip(b["finding_id"], b["sentence"])), chapter


def test_the_published_table_is_what_the_package_computes(tables):
    published = storage.read("findings", config.PROCESSED_DIR).set_index("finding_id")
    words_follow_their_rules(published)
    computed = findings.build(tables)[0].set_index("finding_id")  # the build's defaults
    assert set(published.index) - set(computed.index) == {"quality_gate", "quality_derived", "quality_all"}
    shared = list(computed.index)
    assert published.loc[shared, "sentence"].tolist() == computed["sentence"].tolist()


def test_one_region_all_active_becomes_higher_than_every_other(tables, baseline):
    items = [c for i in engagement.items() if i.role == "participation" for c in i.columns]

    def africa_all_in(members):
        africa = members["region"] == "Africa"
        for column in items:
            members.loc[africa, column] = True if members[column].dtype.name == "boolean" else 1
        return members

    after = rebuild(tables, members=africa_all_in)
    pairs = after[after.index.str.startswith("eng_region_pair:") & after.index.str.contains("africa")]
    assert len(pairs) == 3 and pairs.index.str.startswith("eng_region_pair:africa-").all()  # Africa first
    assert (pairs["word"] == "higher").all()
    assert "Africa higher than" in after.loc["eng_regions", "sentence"]
    words_follow_their_rules(after)
    unchanged(baseline.reset_index(), after.reset_index(), ["30_claims_audit", "33_events_plan_funding"])


def test_moving_two_members_between_regions_changes_only_region_words_by_the_rule(tables, baseline):
    def move(members):
        asia = members.index[members["region"] == "Asia"][:2]
        members.loc[asia, "region"] = "Europe"
        return members

    after = rebuild(tables, members=move)
    words_follow_their_rules(after)
    assert (
        after.loc["eng_region_pair:europe-asia", "sentence"] != baseline.loc["eng_region_pair:europe-asia", "sentence"]
    )
    # the comparison over all members does not see regions; the one within regions does, and says where they are
    overall = ["effect", "effect_low", "effect_high", "p_value", "p_holm"]
    assert after.loc["eng_newness", overall].tolist() == baseline.loc["eng_newness", overall].tolist()
    moved = tables["members"].index[tables["members"]["region"] == "Asia"][:2]
    if tables["members"].loc[moved, "new_member"].astype(bool).any():
        assert "in Europe" in after.loc["eng_newness", "sentence"]


def test_speakers_at_parity_and_far_below(tables, baseline):
    def speakers(women):
        def change(metrics):
            i = metrics.index[metrics["metric_id"] == "event_speakers"][0]
            metrics.loc[i, ["women_count", "women_count_min", "women_count_max"]] = women
            metrics.loc[i, "women_share"] = women / 160
            return metrics

        return change

    assert baseline.loc["gen_parity:event_speakers", "word"] == "below parity"
    at_parity = rebuild(tables, gender_metrics=speakers(80))
    assert at_parity.loc["gen_parity:event_speakers", "word"] == "no clear difference from parity"
    assert "Below parity after Holm correction: none" in at_parity.loc["gen_below", "sentence"]
    far = rebuild(tables, gender_metrics=speakers(40))
    assert far.loc["gen_parity:event_speakers", "word"] == "below parity"
    assert "holds" in far.loc["gen_parity:event_speakers", "sentence"]  # still below with people repeated
    for after in (at_parity, far):
        words_follow_their_rules(after)
        unchanged(baseline.reset_index(), after.reset_index(), ["30_claims_audit", "31_engagement"])


def test_new_members_fully_engaged_become_higher(tables, baseline):
    items = [c for i in engagement.items() if i.role == "participation" for c in i.columns]

    def engage(members):
        # new by either definition (table 4.1's marks or the annex list): every combination must then say higher
        new = members["new_member"].astype(bool) | members["in_new_members_list"].astype(bool)
        for column in items:
            members.loc[new, column] = True if members[column].dtype.name == "boolean" else 3
        return members

    after = rebuild(tables, members=engage)
    assert baseline.loc["eng_newness", "word"] == choices.DEPENDS
    assert after.loc["eng_newness", "word"] == "higher" and after.loc["eng_newness", "effect_low"] > 0
    assert (after[after.index.str.startswith("eng_choice:")]["word"] == "higher").all()
    words_follow_their_rules(after)


def test_the_robustness_check_fails_on_shuffled_items(tables):
    members = tables["members"]
    shuffled = engagement_findings.robustness_variants(members, shuffle=True)
    check = robustness.robustness(
        shuffled, 10, finding_rows.ROBUST_MAX_MOVE, finding_rows.ROBUST_MAX_MOVED, finding_rows.ROBUST_MIN_KEPT
    )
    assert check.word == "ranking depends on the index's choices"
    # and a ranking that is the same under every variant holds
    primary = engagement_findings.robustness_variants(members).iloc[:, [0]]
    same = primary.assign(copy=primary.iloc[:, 0] * 2, other=primary.iloc[:, 0] + 1)
    assert robustness.robustness(same, 10, 0.2, 0.1, 0.7).word == "ranking holds"


def test_a_printed_share_that_no_rounding_explains_is_a_disagreement(tables):
    def wrong(funding):
        i = funding.index[funding["funding_id"] == "including_in_kind|member_partnerships"][0]
        funding.loc[i, "share_percent"] = 31.0
        return funding

    after = rebuild(tables, funding=wrong)
    assert after.loc["fund_in_kind", "word"] == "a disagreement beyond rounding"


def test_every_finding_names_the_rows_it_rests_on(built_report):
    rows = storage.read("findings", config.PROCESSED_DIR)
    sources = storage.read("finding_sources", config.PROCESSED_DIR)
    described = set(rows.loc[~rows["finding_id"].str.startswith("quality_"), "finding_id"])
    assert described - {"clean_corrections"} <= set(sources["finding_id"])
    for row in rows.itertuples():
        assert json.loads(row.values), row.finding_id  # every sentence keeps the values it shows


def test_a_chapter_that_reads_fewer_tables_has_its_findings_from_those_alone(built_report):
    """make runs such a chapter as soon as the tables it lists are published (FINDINGS_TABLES_<chapter>): its
    findings computed from those tables alone are the ones it shows."""
    from metropolis_report.derive import findings

    assert findings.CHAPTER_TABLES
    for stem in findings.CHAPTER_TABLES:
        alone, _ = findings.build(findings.load(config.PROCESSED_DIR, findings.tables_of(stem)), chapter=stem)
        everything, _ = findings.build(findings.load(config.PROCESSED_DIR), chapter=stem)
        assert len(alone) and set(alone["chapter"]) == {stem}
        pd.testing.assert_frame_equal(alone, everything)


@pytest.mark.parametrize(
    "finding_id, wrong",
    [
        ("eng_newness", "no clear difference"),  # the combinations disagree: it must say it depends
        ("gen_group:gender_mainstreaming", "no clear difference"),  # both tests and every combination say higher
        ("eng_web", "no clear association"),
        ("eng_choice:new-member-primary-index-participation-items", "lower"),  # not what the primary index gives
        ("gen_choice:women-governed-primary-without-rethink-call", "higher"),  # the combinations would disagree
    ],
)
def test_the_rule_check_refuses_a_wrong_word(baseline, finding_id, wrong):
    words_follow_their_rules(baseline)
    changed = baseline.copy()
    changed.loc[finding_id, "word"] = wrong
    with pytest.raises(AssertionError):
        words_follow_their_rules(changed)
