"""Statistics used by the chapters, from well-kept libraries (statsmodels, scipy)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


def wilson_interval(successes: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (statsmodels.proportion_confint)."""
    from statsmodels.stats.proportion import proportion_confint

    if total <= 0 or not 0 <= successes <= total:
        raise ValueError(f"need 0 <= successes <= total and total > 0, got {successes}/{total}")
    lo, hi = proportion_confint(successes, total, alpha=1 - confidence, method="wilson")
    return float(lo), float(hi)


@dataclass
class GroupComparison:
    test: str
    statistic: float
    p_value: float
    effect_size: float
    effect_name: str
    n_a: int
    n_b: int
    median_a: float
    median_b: float


def compare_groups(a: pd.Series, b: pd.Series) -> GroupComparison:
    """Mann-Whitney U (two-sided) with the rank-biserial correlation as effect size.

    Engagement scores are bounded counts with many ties and no normality: a rank test fits.
    Rank-biserial r = 2U/(n_a n_b) - 1, in [-1, 1]; positive when group a ranks higher.
    """
    from scipy.stats import mannwhitneyu

    a, b = pd.Series(a).dropna().astype(float), pd.Series(b).dropna().astype(float)
    if len(a) == 0 or len(b) == 0:
        raise ValueError("both groups need at least one value")
    result = mannwhitneyu(a, b, alternative="two-sided")
    effect = 2 * result.statistic / (len(a) * len(b)) - 1
    return GroupComparison(
        "Mann-Whitney U",
        float(result.statistic),
        float(result.pvalue),
        float(effect),
        "rank-biserial r",
        len(a),
        len(b),
        float(a.median()),
        float(b.median()),
    )


def spearman(x: pd.Series, y: pd.Series) -> tuple[float, float]:
    from scipy.stats import spearmanr

    result = spearmanr(x.astype(float), y.astype(float))
    return float(result.statistic), float(result.pvalue)


def rank_agreement(scores_a: pd.Series, scores_b: pd.Series, top: int = 20) -> dict:
    """How far two engagement scorings agree: Kendall's tau over all members and top-k overlap."""
    from scipy.stats import kendalltau

    tau = kendalltau(scores_a.astype(float), scores_b.astype(float))
    top_a = set(scores_a.sort_values(ascending=False, kind="stable").index[:top])
    top_b = set(scores_b.sort_values(ascending=False, kind="stable").index[:top])
    return {
        "kendall_tau": float(tau.statistic),
        "p_value": float(tau.pvalue),
        "top_overlap": len(top_a & top_b),
        "top": top,
    }
