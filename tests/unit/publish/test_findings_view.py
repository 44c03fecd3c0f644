"""How a chapter shows its findings rows."""

import json

import pandas as pd

from metropolis_report.publish import findings_view


def rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"finding_id": "gen:parity", "section": "parity", "key_finding": True, "sentence": "Women <b>are</b> 40 %",
             "p_value": 0.2, "p_holm": 0.4, "rule": "parity", "effect": -0.1, "effect_low": -0.25, "effect_high": 0.05,
             "basis": "members", "test": "exact binomial", "family": "parity", "word": "not shown",
             "values": json.dumps({"metric": "women mayors", "family_size": 3})},
            {"finding_id": "gen:count", "section": "members", "key_finding": False, "sentence": "Twelve members",
             "p_value": float("nan"), "p_holm": float("nan"), "rule": "count", "effect": float("nan"),
             "effect_low": float("nan"), "effect_high": float("nan"), "basis": "members", "test": "",
             "family": None, "word": "", "values": "{}"},
        ]
    )  # fmt: skip


def test_the_key_box_and_a_sections_list_escape_the_sentences():
    key = findings_view.render(rows(), key=True)
    assert key.startswith('<section class="key-findings"') and key.count("<li") == 1
    assert 'id="key-finding-gen-parity"' in key and "Women &lt;b&gt;are&lt;/b&gt; 40 %" in key
    assert (
        findings_view.render(rows(), "members")
        == '<ul class="findings"><li id="finding-gen-count">Twelve members</li></ul>'
    )


def test_a_parity_test_is_shown_in_percentage_points_and_its_family_counted_in_the_whole_book():
    table = findings_view.test_table(rows(), "parity")
    assert table.loc[0, "subject"] == "women mayors"
    assert table.loc[0, "effect"] == "-10.0 points" and table.loc[0, "interval"] == "-25.0 to +5.0 points"
    assert findings_view.test_table(rows(), "members").empty  # a count is no test
    families = findings_view.families_table(rows())
    assert families.to_dict("records") == [
        {"family": "parity", "question": findings_view.FAMILIES["parity"], "tests": 3, "findings": "gen:parity"}
    ]


def test_the_words_under_each_choice_are_laid_side_by_side():
    def choice(index, definition, word, subject="New members"):
        values = {"subject": subject, "definition": definition, "index": index, "reading": "",
                  "position": ["primary", "plus x"].index(index),
                  "column": ["by the marks", "by the list", ""].index(definition)}  # fmt: skip
        return {"section": "choices", "word": word, "values": json.dumps(values), "order": 2 if subject == "Web" else 1}

    rows_ = pd.DataFrame(
        [choice("primary", "", "go together", "Web"), choice("plus x", "by the marks", "lower"),
         choice("primary", "by the list", "no clear difference"),
         choice("primary", "by the marks", "no clear difference"), choice("plus x", "by the list", "lower"),
         choice("plus x", "", "go together", "Web"),
         {"section": "groups", "word": "higher", "values": "{}"}]
    )  # fmt: skip
    table = findings_view.choices_table(rows_)
    assert table.columns.tolist() == ["index", "New members by the marks", "New members by the list", "Web"]
    assert table["index"].tolist() == ["primary", "plus x"]  # the computed order, not sorted
    assert table.loc[1, "New members by the list"] == "lower" and table.loc[0, "Web"] == "go together"
    assert findings_view.choices_table(rows_, "none").empty


def test_the_words_under_the_choices_are_not_counted_again_among_a_familys_tests():
    choice = rows().iloc[0].to_dict() | {"finding_id": "gen_choice:x", "section": "choices", "values": "{}"}
    families = findings_view.families_table(pd.concat([rows(), pd.DataFrame([choice])], ignore_index=True))
    assert families["findings"].tolist() == ["gen:parity"] and families["tests"].tolist() == [3]
