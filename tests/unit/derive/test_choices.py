"""Unit tests of metropolis_report.derive.choices."""

from metropolis_report.derive import choices


def test_every_choice_has_options_a_source_and_the_findings_it_moves():
    rows = choices.declared()
    assert {r["choice"] for r in rows} >= {
        "new_member_definition", "denominator", "conversion_reading", "index_variant", "plus_de_total",
        "rounded_share",
    }  # fmt: skip
    assert all(r["source"] and r["moves"] for r in rows)
    assert choices.options("new_member_definition") == ["marks", "annex_list"]
    assert "new_member_definition" in choices.moving("eng_newness")


def test_a_common_word_is_kept_and_a_split_names_each_side():
    assert choices.across({"marks": "no clear difference", "list": "no clear difference"}) == (
        "no clear difference", "",
    )  # fmt: skip
    word, text = choices.across({"marks": "no clear difference", "list": "lower", "other": "no clear difference"})
    assert word == choices.DEPENDS
    assert "“lower” under 1 of 3 (list)" in text and "“no clear difference” under the other 2" in text


def test_a_split_word_names_the_indices_and_definitions_that_give_it():
    from metropolis_report.derive.engagement_findings import _split_text

    labels = {"a": "by the marks", "b": "by the list"}
    under = {
        ("", "primary"): {"a": "no clear difference", "b": "no clear difference"},
        ("", "plus x"): {"a": "lower", "b": "lower"},
        ("", "plus y"): {"a": "no clear difference", "b": "lower"},
    }
    text = _split_text(under, ["a", "b"], labels)
    assert "“lower” under 3 on the index “plus x” (both definitions) and “plus y” (by the list only)" in text
    assert text.endswith("“no clear difference” under the other 3, among them the primary index by both definitions")
    one_side = {k: {"a": "higher", "b": "no clear difference"} for k in under}
    text = _split_text(one_side, ["a", "b"], labels)
    assert "“higher” under 3 on every index (by the marks only)" in text
    assert text.endswith("among them the primary index by the list")
