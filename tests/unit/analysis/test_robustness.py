"""Unit tests of metropolis_report.analysis.robustness."""

import numpy as np
import pandas as pd

from metropolis_report.analysis import robustness


def test_robustness_holds_for_consistent_variants_and_fails_on_shuffled_items():
    rng = np.random.default_rng(3)
    base = pd.Series(rng.normal(size=100))
    consistent = pd.DataFrame({"primary": base, "v1": base + rng.normal(0, 0.05, 100), "v2": base * 2})
    assert robustness.robustness(consistent, 10, 0.2, 0.1, 0.7).word == "ranking holds"
    noise = pd.DataFrame({"primary": base, "v1": rng.normal(size=100), "v2": rng.normal(size=100)})
    shaky = robustness.robustness(noise, 10, 0.2, 0.1, 0.7)
    assert shaky.word == "ranking depends on the index's choices" and shaky.moved > 10


def test_shuffled_keeps_each_column_and_breaks_their_link():
    frame = pd.DataFrame({"a": range(50), "b": range(50)})
    shuffled = robustness.shuffled(frame)
    assert sorted(shuffled["a"]) == list(range(50)) and shuffled["a"].corr(shuffled["b"]) < 0.9


def test_rank_ranges_and_ties_at_the_cut():
    scores = pd.Series([5, 4, 4, 4, 1, 0, 0], index=list("abcdefg"))
    ranks = robustness.rank_ranges(scores)
    assert ranks.loc["b", "rank"] == "2–4" and ranks.loc["a", "rank"] == "1"
    assert list(robustness.top_with_ties(scores, 2)) == ["a", "b", "c", "d"]  # every member tied at the cut
    assert set(robustness.top_with_ties(scores, 2, highest=False)) == {"f", "g"}
