"""Intervals, tests and the words of the findings, chosen by stated rules.

The 141 members are the whole population of 2020, not a sample: an interval or a p-value here is about the
process that produced the pattern (how surprising it would be if membership of a group were unrelated
to engagement), not about sampling error.

The rule that picks every qualitative word of a finding:
- a difference is called "higher" or "lower" only when its bootstrap interval (scipy's ``bootstrap``)
  excludes 0 **and** its p-value, Holm-corrected over all the tests of the chapter, is below
  1 - confidence; otherwise the sentence says "no clear difference";
- an association is "go together" / "go in opposite directions" under the same rule, else
  "no clear association";
- a share is "below parity" / "above parity" when its whole interval lies on one side of 50 % and the
  Holm-corrected binomial test agrees; where a count is derived from a rounded share, the interval spans
  every count the printed share allows and a verdict that changes within that range is labelled
  "rounding-sensitive";
- a group (a region) is "ahead" only when its interval lies wholly above every other group's interval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SEED = 2020
RESAMPLES = 2000


def _rng():
    return np.random.default_rng(SEED)


def bootstrap_interval(samples: tuple, statistic, confidence: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval (scipy.stats.bootstrap, fixed seed so that chapters are byte-stable)."""
    from scipy.stats import bootstrap

    samples = tuple(np.asarray(s, dtype=float) for s in samples)
    if any(len(s) < 2 for s in samples):
        return float("nan"), float("nan")
    result = bootstrap(
        samples,
        statistic,
        confidence_level=confidence,
        n_resamples=RESAMPLES,
        method="percentile",
        vectorized=True,
        axis=-1,
        random_state=_rng(),
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


def mean_difference(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


def rank_biserial(x, y, axis=-1):
    """P(x > y) − P(x < y) over all pairs: the rank-biserial correlation of the Mann-Whitney test."""
    x, y = np.moveaxis(np.asarray(x), axis, -1), np.moveaxis(np.asarray(y), axis, -1)
    return np.mean(np.sign(x[..., :, None] - y[..., None, :]), axis=(-2, -1))


def mean_of(x, axis=-1):
    return np.mean(x, axis=axis)


def holm(p_values: list[float]) -> list[float]:
    """Holm-adjusted p-values (statsmodels)."""
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p_values, dtype=float)
    if len(p) == 0:
        return []
    return [float(v) for v in multipletests(p, method="holm")[1]]


def excludes(interval: tuple[float, float], null: float) -> int:
    """+1 if the interval lies wholly above ``null``, -1 wholly below, 0 if it contains it (or is unknown)."""
    lo, hi = interval
    if np.isnan(lo) or np.isnan(hi):
        return 0
    return 1 if lo > null else -1 if hi < null else 0


def difference_word(interval, p_adjusted: float, confidence: float) -> str:
    side = excludes(interval, 0.0) if p_adjusted < 1 - confidence else 0
    return {1: "higher", -1: "lower", 0: "no clear difference"}[side]


def association_word(interval, p_adjusted: float, confidence: float) -> str:
    side = excludes(interval, 0.0) if p_adjusted < 1 - confidence else 0
    return {1: "go together", -1: "go in opposite directions", 0: "no clear association"}[side]


# --------------------------------------------------------------------------- group comparisons


@dataclass
class Comparison:
    label: str
    n_a: int
    n_b: int
    median_a: float
    median_b: float
    mean_a: float
    mean_b: float
    mean_difference: float
    mean_difference_ci: tuple[float, float]
    rank_biserial: float
    rank_biserial_ci: tuple[float, float]
    p_value: float
    p_holm: float = float("nan")
    word: str = ""
    note: str = ""


def compare(a: pd.Series, b: pd.Series, label: str, confidence: float = 0.95, note: str = "") -> Comparison:
    """Group a against group b: Mann-Whitney U (two-sided), rank-biserial r and mean difference, each with
    a bootstrap interval. The word is set by ``decide`` once every test of the chapter is known."""
    from scipy.stats import mannwhitneyu

    a, b = pd.Series(a).dropna().astype(float), pd.Series(b).dropna().astype(float)
    if len(a) == 0 or len(b) == 0:
        raise ValueError(f"{label}: both groups need at least one value")
    p = float(mannwhitneyu(a, b, alternative="two-sided").pvalue)
    return Comparison(
        label,
        len(a),
        len(b),
        float(a.median()),
        float(b.median()),
        float(a.mean()),
        float(b.mean()),
        float(a.mean() - b.mean()),
        bootstrap_interval((a, b), mean_difference, confidence),
        float(rank_biserial(a.to_numpy(), b.to_numpy())),
        bootstrap_interval((a, b), rank_biserial, confidence),
        p,
        note=note,
    )


@dataclass
class Association:
    label: str
    n: int
    rho: float
    rho_ci: tuple[float, float]
    p_value: float
    p_holm: float = float("nan")
    word: str = ""
    note: str = ""


def spearman_association(
    x: pd.Series, y: pd.Series, label: str, confidence: float = 0.95, note: str = ""
) -> Association:
    """Spearman's ρ with a paired bootstrap interval."""
    from scipy.stats import bootstrap, spearmanr

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    rho, p = spearmanr(x, y)
    result = bootstrap(
        (x, y),
        lambda u, v: spearmanr(u, v).statistic,
        paired=True,
        vectorized=False,
        confidence_level=confidence,
        n_resamples=RESAMPLES // 2,
        method="percentile",
        random_state=_rng(),
    )
    return Association(
        label,
        len(x),
        float(rho),
        (float(result.confidence_interval.low), float(result.confidence_interval.high)),
        float(p),
        note=note,
    )


def decide(tests: list, confidence: float = 0.95) -> list:
    """Holm-correct the p-values of all the chapter's tests and choose each word by the rule above."""
    adjusted = holm([t.p_value for t in tests])
    for t, p in zip(tests, adjusted):
        t.p_holm = p
        if isinstance(t, Comparison):
            t.word = difference_word(t.mean_difference_ci, p, confidence)
        else:
            t.word = association_word(t.rho_ci, p, confidence)
    return tests


def comparisons_frame(tests: list) -> pd.DataFrame:
    rows = []
    for t in tests:
        if isinstance(t, Comparison):
            rows.append(
                {
                    "comparison": t.label,
                    "n (group / rest)": f"{t.n_a} / {t.n_b}",
                    "median (group / rest)": f"{t.median_a:g} / {t.median_b:g}",
                    "mean difference [interval]": f"{t.mean_difference:+.2f} [{t.mean_difference_ci[0]:+.2f}, {t.mean_difference_ci[1]:+.2f}]",
                    "rank-biserial r [interval]": f"{t.rank_biserial:+.2f} [{t.rank_biserial_ci[0]:+.2f}, {t.rank_biserial_ci[1]:+.2f}]",
                    "p (Mann-Whitney)": f"{t.p_value:.2g}",
                    "p (Holm)": f"{t.p_holm:.2g}",
                    "verdict": t.word,
                    "note": t.note,
                }
            )
        else:
            rows.append(
                {
                    "comparison": t.label,
                    "n (group / rest)": f"{t.n}",
                    "median (group / rest)": "",
                    "mean difference [interval]": "",
                    "rank-biserial r [interval]": f"ρ = {t.rho:+.2f} [{t.rho_ci[0]:+.2f}, {t.rho_ci[1]:+.2f}]",
                    "p (Mann-Whitney)": f"{t.p_value:.2g} (Spearman)",
                    "p (Holm)": f"{t.p_holm:.2g}",
                    "verdict": t.word,
                    "note": t.note,
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- groups and ranks

SMALL_N = 5


def group_table(values: pd.DataFrame, group: str, columns: list[str], confidence: float = 0.95) -> pd.DataFrame:
    """n, median, mean and a bootstrap interval of the mean per group and column; small groups flagged."""
    rows = []
    for name, part in values.groupby(group, sort=True):
        row = {group: name, "n": len(part), "small_n": len(part) < SMALL_N}
        for column in columns:
            v = part[column].astype(float)
            lo, hi = bootstrap_interval((v,), mean_of, confidence)
            row.update(
                {
                    f"{column}_median": float(v.median()),
                    f"{column}_mean": float(v.mean()),
                    f"{column}_low": lo,
                    f"{column}_high": hi,
                }
            )
        rows.append(row)
    return pd.DataFrame(rows)


def ahead(table: pd.DataFrame, group: str, column: str) -> str | None:
    """The group whose interval lies wholly above every other group's interval (groups with n >= SMALL_N), or None."""
    usable = table[~table["small_n"]]
    for row in usable.itertuples():
        others = usable[usable[group] != getattr(row, group)]
        if len(others) and (getattr(row, f"{column}_low") > others[f"{column}_high"]).all():
            return getattr(row, group)
    return None


def rank_ranges(scores: pd.Series) -> pd.DataFrame:
    """Rank 1 = highest; tied members share a range of ranks ('12–21')."""
    best = scores.rank(ascending=False, method="min").astype(int)
    worst = scores.rank(ascending=False, method="max").astype(int)
    return pd.DataFrame(
        {
            "rank_best": best,
            "rank_worst": worst,
            "rank": [f"{b}" if b == w else f"{b}–{w}" for b, w in zip(best, worst)],
        },
        index=scores.index,
    )


def top_with_ties(scores: pd.Series, n: int, highest: bool = True) -> pd.Index:
    """The n highest (or lowest) members and every member tied with the last of them."""
    ordered = scores.sort_values(ascending=not highest, kind="stable")
    if len(ordered) <= n:
        return ordered.index
    cut = ordered.iloc[n - 1]
    keep = ordered >= cut if highest else ordered <= cut
    return ordered.index[keep.to_numpy()]


def kendall_tau(a: pd.Series, b: pd.Series) -> float:
    from scipy.stats import kendalltau

    return float(kendalltau(a.astype(float), b.astype(float)).statistic)


# --------------------------------------------------------------------------- shares against parity


@dataclass
class ParityVerdict:
    low: float
    high: float
    word: str
    rounding_sensitive: bool
    p_value: float
    p_holm: float = float("nan")
    final: str = ""  # the word after the chapter's Holm correction (parity_word)


def parity(women_min: int, women_max: int, total: int, confidence: float = 0.95) -> ParityVerdict:
    """Women's share against 50 %: Wilson interval widened over every count the printed figure allows."""
    from scipy.stats import binomtest

    from .stats import wilson_interval

    low = wilson_interval(women_min, total, confidence)[0]
    high = wilson_interval(women_max, total, confidence)[1]
    sides = {excludes(wilson_interval(k, total, confidence), 0.5) for k in (women_min, women_max)}
    p = max(binomtest(k, total, 0.5).pvalue for k in (women_min, women_max))
    side = excludes((low, high), 0.5)
    word = {1: "above parity", -1: "below parity", 0: "no clear difference from parity"}[side]
    return ParityVerdict(low, high, word, len(sides) > 1, float(p))


def parity_word(verdict: ParityVerdict, p_adjusted: float, confidence: float) -> str:
    if verdict.rounding_sensitive:
        return "rounding-sensitive"
    if p_adjusted >= 1 - confidence:
        return "no clear difference from parity"
    return verdict.word


def kendall_with_interval(a: pd.Series, b: pd.Series, confidence: float = 0.95) -> tuple[float, tuple[float, float]]:
    """Kendall's τ between two scorings of the same members, with a paired bootstrap interval."""
    from scipy.stats import bootstrap, kendalltau

    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    result = bootstrap(
        (x, y),
        lambda u, v: kendalltau(u, v).statistic,
        paired=True,
        vectorized=False,
        confidence_level=confidence,
        n_resamples=RESAMPLES // 4,  # 500: a percentile interval of tau; each resample costs a full tau
        method="percentile",
        random_state=_rng(),
    )
    return kendall_tau(a, b), (float(result.confidence_interval.low), float(result.confidence_interval.high))


def robustness_word(interval: tuple[float, float], threshold: float) -> str:
    """A ranking "holds" under a variant when the whole interval of τ is at or above the threshold."""
    lo, hi = interval
    if lo >= threshold:
        return "ranking holds"
    if hi < threshold:
        return "ranking depends on this choice"
    return "undecided: the interval spans the threshold"
