"""The rule that chooses the words of a finding, on small inputs."""

import numpy as np
import pandas as pd
import pytest

from metropolis_report import inference


def test_difference_word_needs_both_the_interval_and_the_corrected_p():
    assert inference.difference_word((0.5, 1.5), 0.01, 0.95) == "higher"
    assert inference.difference_word((-1.5, -0.5), 0.01, 0.95) == "lower"
    assert inference.difference_word((-0.5, 1.5), 0.01, 0.95) == "no clear difference"  # interval contains 0
    assert inference.difference_word((0.5, 1.5), 0.20, 0.95) == "no clear difference"  # Holm p too large


def test_association_word():
    assert inference.association_word((0.2, 0.6), 0.001, 0.95) == "go together"
    assert inference.association_word((-0.6, -0.2), 0.001, 0.95) == "go in opposite directions"
    assert inference.association_word((-0.1, 0.6), 0.001, 0.95) == "no clear association"


def test_holm_matches_the_textbook_steps():
    # sorted p: 0.01, 0.02, 0.04 -> 0.03, 0.04, 0.04 (monotone)
    assert inference.holm([0.04, 0.01, 0.02]) == pytest.approx([0.04, 0.03, 0.04])


def test_compare_on_clearly_different_groups_and_on_equal_groups():
    high, low = pd.Series([5, 6, 7, 8, 9] * 4), pd.Series([0, 1, 2, 1, 0] * 4)
    [clear] = inference.decide([inference.compare(high, low, "clear")])
    assert clear.word == "higher" and clear.rank_biserial == 1.0 and clear.mean_difference_ci[0] > 0
    [same] = inference.decide([inference.compare(low, low.sample(frac=1, random_state=1), "same")])
    assert same.word == "no clear difference" and same.rank_biserial == 0.0


def test_holm_can_take_a_word_away():
    a, b = pd.Series([3, 4, 5, 4, 5, 6, 4, 5]), pd.Series([2, 3, 4, 3, 4, 3, 2, 4])
    alone = inference.decide([inference.compare(a, b, "a")])[0]
    crowded = inference.decide([inference.compare(a, b, "a")] + [inference.compare(b, b, f"n{i}") for i in range(3)])[0]
    assert alone.p_value == crowded.p_value and crowded.p_holm > alone.p_holm


def test_rank_biserial_is_the_mann_whitney_effect():
    from scipy.stats import mannwhitneyu

    a, b = np.array([1, 4, 4, 6]), np.array([2, 4, 5])
    u = mannwhitneyu(a, b).statistic
    assert inference.rank_biserial(a, b) == pytest.approx(2 * u / (len(a) * len(b)) - 1)


def test_a_group_is_ahead_only_when_its_interval_clears_every_other():
    table = pd.DataFrame(
        {
            "g": ["A", "B", "C", "D"],
            "small_n": [False, False, False, True],
            "x_low": [0.6, 0.1, 0.2, 0.9],
            "x_high": [0.8, 0.5, 0.55, 1.0],
        }
    )
    assert inference.ahead(table, "g", "x") == "A"  # D is too small to count
    table.loc[1, "x_high"] = 0.65  # B's interval now overlaps A's
    assert inference.ahead(table, "g", "x") is None


def test_group_table_flags_small_groups():
    values = pd.DataFrame({"g": ["A"] * 6 + ["B"], "x": [1, 2, 3, 4, 5, 6, 9]})
    table = inference.group_table(values, "g", ["x"]).set_index("g")
    assert table.loc["A", "n"] == 6 and not table.loc["A", "small_n"] and table.loc["B", "small_n"]
    assert table.loc["A", "x_low"] < 3.5 < table.loc["A", "x_high"] and np.isnan(table.loc["B", "x_low"])


def test_ties_are_shown_as_ties():
    scores = pd.Series([9, 8, 8, 8, 5, 5, 1], index=list("abcdefg"))
    ranks = inference.rank_ranges(scores)
    assert ranks.loc["b", "rank"] == "2–4" and ranks.loc["a", "rank"] == "1"
    assert list(inference.top_with_ties(scores, 2)) == ["a", "b", "c", "d"]  # every member tied at the cut
    assert set(inference.top_with_ties(scores, 2, highest=False)) == {"g", "e", "f"}


def test_parity_is_rounding_sensitive_when_the_verdict_changes_within_the_range():
    # 44 % of 290: 127 women lie wholly below parity, 129 do not
    v = inference.parity(127, 129, 290)
    assert v.rounding_sensitive and v.low < 0.5 < v.high
    assert inference.parity_word(v, 0.001, 0.95) == "rounding-sensitive"
    below = inference.parity(57, 58, 160)
    assert not below.rounding_sensitive and below.word == "below parity"
    assert inference.parity_word(below, 0.2, 0.95) == "no clear difference from parity"  # Holm takes it away
    assert inference.parity(5, 5, 7).word == "no clear difference from parity"


def test_robustness_needs_the_whole_interval_above_the_threshold():
    assert inference.robustness_word((0.85, 0.95), 0.8) == "ranking holds"
    assert inference.robustness_word((0.6, 0.75), 0.8) == "ranking depends on this choice"
    assert inference.robustness_word((0.75, 0.9), 0.8).startswith("undecided")
    a = pd.Series(range(40), dtype=float)
    tau, (lo, hi) = inference.kendall_with_interval(a, a)
    assert tau == 1.0 and lo == pytest.approx(1.0) and hi == pytest.approx(1.0)
