"""Unit tests of metropolis_report.analysis.inference."""

import numpy as np
import pandas as pd
import pytest

from metropolis_report import words
from metropolis_report.analysis import engagement, inference


def test_difference_word_needs_both_the_interval_and_the_corrected_p():
    assert inference.difference_word((0.5, 1.5), 0.01, 0.95) == "higher"
    assert inference.difference_word((-1.5, -0.5), 0.01, 0.95) == "lower"
    assert inference.difference_word((-0.5, 1.5), 0.01, 0.95) == "no clear difference"  # interval contains 0
    assert inference.difference_word((0.5, 1.5), 0.20, 0.95) == "no clear difference"  # Holm p too large
    assert inference.difference_word((float("nan"), 1.5), 0.01, 0.95) == "no clear difference"  # unbounded


def test_association_word_follows_the_corrected_p_and_the_sign():
    assert inference.association_word(0.4, 0.001, 0.95) == "go together"
    assert inference.association_word(-0.4, 0.001, 0.95) == "go in opposite directions"
    assert inference.association_word(0.4, 0.2, 0.95) == "no clear association"


def test_p_below_one_in_a_thousand_is_written_so():
    assert inference.p_text(0.0001) == "p < 0.001"
    assert inference.p_text(5.1e-37) == "p < 0.001"
    assert inference.p_text(0.0123) == "p = 0.012"


def test_holm_matches_the_textbook_steps_and_statsmodels():
    # sorted p: 0.01, 0.02, 0.04 -> 0.03, 0.04, 0.04 (monotone)
    assert inference.holm([0.04, 0.01, 0.02]) == pytest.approx([0.04, 0.03, 0.04])
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(7)
    for _ in range(20):
        p = rng.uniform(0, 0.2, rng.integers(1, 12))
        p[rng.integers(0, len(p))] = p[0]  # ties
        assert inference.holm(list(p)) == pytest.approx(list(multipletests(p, method="holm")[1]))


def test_permutation_comparison_of_clearly_different_and_of_equal_groups():
    high, low = pd.Series([5, 6, 7, 8, 9] * 4), pd.Series([0, 1, 2, 1, 0] * 4)
    [clear] = inference.decide([inference.compare(high, low, "clear", "f", permutations=999)])
    assert clear.word == "higher" and clear.rank_biserial == 1.0 and clear.interval[0] > 0
    assert clear.interval[0] <= clear.mean_difference <= clear.interval[1]
    [same] = inference.decide(
        [inference.compare(low, low.sample(frac=1, random_state=1), "same", "f", permutations=999)]
    )
    assert same.word == "no clear difference" and same.rank_biserial == 0.0 and same.p_value == 1.0


def test_the_interval_is_the_permutation_test_inverted():
    """At the interval's ends the shifted test sits at the level; inside it does not reject."""
    rng = np.random.default_rng(1)
    a, b = rng.normal(1, 1, 30), rng.normal(0, 1, 60)
    c = inference.compare(a, b, "x", "f", 0.95, permutations=1999)
    lo, hi = c.interval
    inside = inference.compare(a - (lo + hi) / 2, b, "x", "f", 0.95, permutations=1999)
    outside = inference.compare(a - (hi + 0.3), b, "x", "f", 0.95, permutations=1999)
    assert inside.p_value > 0.05 and outside.p_value < 0.05


def test_a_small_group_gets_a_wide_interval_consistent_with_its_p():
    """Five members: the interval and the permutation p never disagree (no percentile bootstrap at small n)."""
    small, rest = pd.Series([0, 0, 0, 1, 1]), pd.Series([0, 1, 1, 2, 2, 3, 1, 0, 2, 1] * 13)
    [c] = inference.decide([inference.compare(small, rest, "new", "f", permutations=1999)])
    excludes_zero = c.interval[0] > 0 or c.interval[1] < 0
    assert excludes_zero == (c.p_value < 0.05)


def test_holm_is_applied_within_a_family_not_across_families():
    a, b = pd.Series([3, 4, 5, 4, 5, 6, 4, 5]), pd.Series([2, 3, 4, 3, 4, 3, 2, 4])
    alone = inference.decide([inference.compare(a, b, "a", "one", permutations=999)])[0]
    other_family = inference.decide(
        [inference.compare(a, b, "a", "one", permutations=999)]
        + [inference.compare(b, b, f"n{i}", "two", permutations=999) for i in range(3)]
    )[0]
    crowded = inference.decide(
        [inference.compare(a, b, "a", "one", permutations=999)]
        + [inference.compare(b, b, f"n{i}", "one", permutations=999) for i in range(3)]
    )[0]
    assert alone.p_holm == other_family.p_holm and crowded.p_holm > alone.p_holm
    assert crowded.family_size == 4 and other_family.family_size == 1


def test_pairwise_regions_skip_small_groups_and_put_the_larger_mean_first():
    values = pd.Series([1.0] * 10 + [0.0] * 10 + [0.5] * 2)
    groups = pd.Series(["A"] * 10 + ["B"] * 10 + ["C"] * 2)
    [pair] = inference.pairwise(values, groups, "regions", 0.95, 999)
    assert pair.label == "A vs B" and pair.mean_difference == 1.0


def test_spearman_permutation():
    x = np.arange(40)
    together = inference.spearman_association(x, x + np.random.default_rng(0).normal(0, 3, 40), "x", "f", 999)
    assert together.rho > 0.8 and together.p_value < 0.01
    [none] = inference.decide(
        [inference.spearman_association(x, np.random.default_rng(2).permutation(x), "y", "f", 999)]
    )
    assert none.word == "no clear association"


def test_parity_looks_at_the_corrected_test_before_the_interval():
    """44 % of 290 (127-129 women): alone, the counts disagree (rounding-sensitive); in a family of seven
    tests, Holm removes the verdict at every count, so the word is no clear difference, never rounding-sensitive."""
    alone = inference.decide_parity([inference.parity("wmd", 127, 129, 290)])[0]
    assert alone.word == "rounding-sensitive"
    family = inference.decide_parity(
        [inference.parity("wmd", 127, 129, 290)] + [inference.parity(f"n{i}", 5, 5, 10) for i in range(6)]
    )
    assert family[0].word == "no clear difference from parity" and family[0].family_size == 7


def test_parity_below_and_above_and_the_design_effect():
    below = inference.decide_parity([inference.parity("speakers", 57, 58, 160, design_effect=1.5)])[0]
    assert below.word == "below parity" and below.dependence == "holds if people repeat"
    above = inference.decide_parity([inference.parity("x", 70, 70, 100)])[0]
    assert above.word == "above parity" and above.dependence == "not applicable"
    # a verdict near the threshold is lost when each person may count several times
    near = inference.decide_parity([inference.parity("near", 38, 38, 100, design_effect=2.0)])[0]
    assert near.word == "below parity" and near.word_repeated == "no clear difference from parity"
    assert near.dependence == "lost if people repeat"


def test_reliability_words_and_kr20():
    assert inference.reliability_word(0.8) == "acceptable internal consistency"
    assert inference.reliability_word(0.6) == "modest internal consistency"
    assert inference.reliability_word(0.3) == "low internal consistency"
    same = pd.DataFrame({"a": [0, 1, 1, 0, 1], "b": [0, 1, 1, 0, 1], "c": [0, 1, 1, 0, 1]})
    assert engagement.kr20(same) == pytest.approx(1.0)


def test_share_sum_word():
    assert inference.share_sum_word([52, 46, 2], [52, 46, 2]) == "exact"
    assert inference.share_sum_word([40, 35, 2, 24], [39.7, 35.2, 1.5, 23.6]) == "consistent with ordinary rounding"
    assert inference.share_sum_word([40, 35, 2, 24], [39.7, 33.9, 1.5, 24.9]) == "a disagreement beyond rounding"


def test_every_rule_lists_its_words():
    assert set(words.FINDING_WORDS) >= {"difference", "association", "parity", "robustness", "share_sum", "descriptive"}


def test_compare_states_the_part_of_p_from_ties():
    # 0/1 values: most reassignments tie with the observed statistic
    a, b = [0, 0, 0, 1], [1, 1, 0, 1, 1, 0, 1, 1]
    c = inference.compare(a, b, "x", "f", permutations=999, interval=False)
    assert 0 < c.p_ties <= c.p_value and np.isnan(c.interval[0])
    spread = inference.compare([0.1, 0.35, 0.2, 0.9], [1.3, 1.7, 0.45, 1.1, 2.2], "y", "f", permutations=999)
    assert spread.p_ties < 0.01


def test_within_strata_a_group_in_the_lowest_stratum_is_not_lower():
    # group a sits wholly in stratum "low", whose members all score low: over all members it looks lower, within
    # its stratum it is not
    values = [0, 0, 0, 1, 0, 1, 5, 6, 5, 6, 5, 6]
    in_a = [True, True, True, False, False, False] + [False] * 6
    strata = ["low"] * 6 + ["high"] * 6
    overall = inference.compare(values[:3], values[3:], "x", "f", permutations=999, interval=False)
    within = inference.compare_within(values, in_a, strata, "x", permutations=999)
    assert overall.p_value < 0.05 and within.p_value > 0.2 and within.strata == {"low": 3}
    assert inference.kept_word("lower", inference.within_word(within.difference, within.p_value, 0.95), "n") == "n"


def test_within_reassignment_never_leaves_a_stratum():
    mapped = inference._permuted_within(("a", "b", "a", "b", "a"), 50)
    strata = np.array(["a", "b", "a", "b", "a"])
    assert (strata[mapped] == strata).all() and len({tuple(r) for r in mapped}) > 1
