"""The exact (Clopper-Pearson) interval of a proportion (statsmodels). Group comparisons and the words
of findings live in ``metropolis_report.analysis.inference``."""

from __future__ import annotations


def exact_interval(successes: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval for a proportion: the exact binomial test inverted (statsmodels)."""
    from statsmodels.stats.proportion import proportion_confint

    if total <= 0 or not 0 <= successes <= total:
        raise ValueError(f"need 0 <= successes <= total and total > 0, got {successes}/{total}")
    lo, hi = proportion_confint(successes, total, alpha=1 - confidence, method="beta")
    return float(lo), float(hi)
