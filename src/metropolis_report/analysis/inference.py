"""Tests, intervals and the words of the findings, chosen by stated rules.

**The inference frame.** The 141 members are the whole population of 2020, not a sample from a larger
one. A share of the members (the share activated, the share governed by a woman) is therefore exact: it is given
without an interval. A p-value answers one question: how surprising would the pattern be if group membership
had been assigned to members at random (randomization inference)? Group comparisons use **permutation
tests** (fixed seed, so that chapters are byte-stable) and their intervals are the set of constant
shifts that the same permutation test does not reject (the test inverted), never a bootstrap that would
resample members as if from a larger population. The people the report counts (speakers, participants,
staff) are also all there are; a share of them against parity is about the **process** that produced them:
each counted person (or event place) is taken as one outcome of it (binomial), and the sentence says so
beside the interval. Because the same person may fill several event places, every parity verdict on them is
also computed with a **design effect** (people counted more than once) and its robustness is worded by rule.
Intervals are never adjusted for multiplicity (the sentences say "unadjusted"); the Holm-adjusted p decides
the word. A share's interval is printed with as many decimals as it takes to show whether 50 % lies inside
(``derive.finding_rows.interval_pcts``).

**The word rules** (each a function below; ``metropolis_report.words.FINDING_WORDS`` lists the words each may give):
- ``difference``: "higher"/"lower" only when the interval excludes 0 **and** the Holm-adjusted p of
  the test's family is below 1 − confidence; otherwise "no clear difference";
- ``association``: "go together"/"go in opposite directions" when the Holm-adjusted permutation p is
  below 1 − confidence, by the sign of ρ; otherwise "no clear association";
- ``parity``: the Holm-adjusted p is looked at *first* (a share whose test does not survive Holm is
  "no clear difference from parity"); then the side of 50 % of the whole exact interval; "rounding-
  sensitive" only when these words differ between the whole counts a rounded printed share allows;
- ``repeated_people``: whether the parity word stays the same with the design effect;
- ``robustness``: a ranking "holds" when few members move far between declared variants of the index and
  the most and least engaged lists keep most of their members (thresholds are parameters);
- ``reliability``: KR-20 of the index items, worded by the usual 0.5 / 0.7 thresholds;
- ``share_sum``: printed shares that do not add up to 100 are "ordinary rounding" when the shares
  recomputed from the printed amounts each round to the printed share.
Holm families are defined by question (``metadata/findings.csv``, column ``family``), not by chapter.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

SEED = 2020


PERMUTATIONS = 9999


SMALL_N = 5  # groups with fewer members take part in no comparison


RELIABILITY_THRESHOLDS = (0.5, 0.7)


def alpha(confidence: float) -> float:
    return 1 - confidence


def p_text(p: float) -> str:
    """A p-value as written in the chapters: 'p < 0.001' below one in a thousand, else two digits."""
    if p is None or np.isnan(p):
        return "p not computed"
    return "p < 0.001" if p < 0.001 else f"p = {p:.2g}"


def holm(p_values: list[float]) -> list[float]:
    """Holm-adjusted p-values: the i-th smallest p times (m − i), made monotone, capped at 1. Written out
    because statsmodels' multipletests runs the garbage collector on every call (20 ms each), and the
    design-effect scan calls it thousands of times; a unit test checks it against statsmodels."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    stepped = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    adjusted = np.empty(m)
    adjusted[order] = stepped
    return [float(v) for v in adjusted]


def excludes(interval: tuple[float, float], null: float) -> int:
    """+1 if the interval lies wholly above ``null``, -1 wholly below, 0 if it contains it (or is unknown)."""
    lo, hi = interval
    if lo is None or hi is None or np.isnan(lo) or np.isnan(hi):
        return 0
    return 1 if lo > null else -1 if hi < null else 0


def difference_word(interval, p_adjusted: float, confidence: float) -> str:
    side = excludes(interval, 0.0) if p_adjusted < alpha(confidence) else 0
    return {1: "higher", -1: "lower", 0: "no clear difference"}[side]


def association_word(rho: float, p_adjusted: float, confidence: float) -> str:
    if p_adjusted >= alpha(confidence) or rho == 0:
        return "no clear association"
    return "go together" if rho > 0 else "go in opposite directions"


@functools.lru_cache(maxsize=32)
def _permuted_groups(n_total: int, n_a: int, permutations: int) -> np.ndarray:
    """Member positions of group a under each random reassignment (fixed seed). Cached: every comparison of groups
    of the same sizes (each definition, each variant of the index) reuses the same reassignments."""
    rng = np.random.default_rng(SEED)
    groups = np.argsort(rng.random((permutations, n_total)), axis=1)[:, :n_a]
    groups.flags.writeable = False
    return groups


@functools.lru_cache(maxsize=32)
def _permuted_within(strata: tuple, permutations: int) -> np.ndarray:
    """Random reassignments that keep every member in its stratum (fixed seed): row r maps each member to the
    member whose group label it receives, always one of the same stratum."""
    codes = np.asarray(pd.factorize(pd.Series(strata), sort=True)[0], dtype=float)
    rng = np.random.default_rng(SEED)
    # sorting random keys offset by the stratum shuffles each stratum among its own places only
    drawn = np.argsort(rng.random((permutations, len(codes))) + 2 * codes, axis=1)
    places = np.argsort(codes, kind="stable")
    mapped = np.empty_like(drawn)
    mapped[:, places] = drawn
    mapped.flags.writeable = False
    return mapped


def tie_share(null: np.ndarray, observed: float, permutations: int, tolerance: float = 1e-9) -> float:
    """The part of a permutation p (counted as (1 + #{|T| ≥ |t|}) / (1 + B)) that comes from reassignments whose
    statistic equals the observed one: with few distinct values the p-value is a step function, and this says how
    much of it rests on the step."""
    return float(np.sum(np.abs(np.abs(null) - abs(observed)) <= tolerance) / (1 + permutations))


@dataclass
class Comparison:
    label: str
    family: str
    n_a: int
    n_b: int
    median_a: float
    median_b: float
    mean_a: float
    mean_b: float
    mean_difference: float
    interval: tuple[float, float]
    rank_biserial: float
    p_value: float
    permutations: int
    p_holm: float = float("nan")
    family_size: int = 0
    word: str = ""
    note: str = ""
    p_ties: float = float("nan")  # the part of p_value from reassignments tied with the observed statistic


def rank_biserial(x, y) -> float:
    """P(x > y) − P(x < y) over all pairs: the rank-biserial correlation (descriptive)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean(np.sign(x[:, None] - y[None, :])))


def compare(
    a,
    b,
    label: str,
    family: str,
    confidence: float = 0.95,
    permutations: int = PERMUTATIONS,
    note: str = "",
    interval: bool = True,
) -> Comparison:
    """Group a against group b. The effect is the difference of the means; the test is a **studentized**
    permutation test (Welch's t as the statistic, so that groups of very different spread do not drive the
    verdict), two-sided; the interval is the set of constant shifts δ for which the same test of (a − δ)
    against b gives p ≥ 1 − confidence (the test inverted, not adjusted for multiplicity). Without ``interval``
    only the test is run (the word under another choice needs only its p and the sign of the difference)."""
    a = np.asarray(pd.Series(a).dropna(), dtype=float)
    b = np.asarray(pd.Series(b).dropna(), dtype=float)
    if len(a) < 2 or len(b) < 2:
        raise ValueError(f"{label}: both groups need at least two values")
    n_a, n_b = len(a), len(b)
    pooled = np.concatenate([a, b])
    groups = _permuted_groups(n_a + n_b, n_a, permutations)
    drawn = pooled[groups]
    sum_a0, sq_a0 = drawn.sum(axis=1), (drawn**2).sum(axis=1)
    if interval:  # only a shift needs to know which reassigned values come from group a (the test alone does not)
        from_a = groups < n_a
        count_a, sum_from_a = from_a.sum(axis=1), np.where(from_a, drawn, 0.0).sum(axis=1)
    total0, sq0, a_sum = pooled.sum(), (pooled**2).sum(), a.sum()
    se_observed = np.sqrt(a.var(ddof=1) / n_a + b.var(ddof=1) / n_b)
    observed = a.mean() - b.mean()

    def statistics(delta: float) -> tuple[np.ndarray, float]:
        if delta == 0:
            sum_a, sq_a = sum_a0, sq_a0
        else:
            sum_a, sq_a = sum_a0 - delta * count_a, sq_a0 - 2 * delta * sum_from_a + delta**2 * count_a
        total, sq = total0 - delta * n_a, sq0 - 2 * delta * a_sum + delta**2 * n_a
        mean_a, mean_b = sum_a / n_a, (total - sum_a) / n_b
        var_a = np.maximum(sq_a - n_a * mean_a**2, 0) / (n_a - 1)
        var_b = np.maximum((sq - sq_a) - n_b * mean_b**2, 0) / (n_b - 1)
        se = np.sqrt(var_a / n_a + var_b / n_b)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(se > 0, (mean_a - mean_b) / se, 0.0)
        t_obs = (observed - delta) / se_observed if se_observed > 0 else 0.0
        return t, t_obs

    def p_at(delta: float, computed: tuple | None = None) -> float:
        t, t_obs = computed or statistics(delta)
        return float((1 + np.sum(np.abs(t) >= abs(t_obs) - 1e-9)) / (1 + permutations))

    at_zero = statistics(0.0)  # the test and its ties

    level = alpha(confidence)
    span = float(pooled.max() - pooled.min()) or 1.0

    def edge(direction: int) -> float:
        inside, outside = observed, observed + direction * 2 * span
        if p_at(outside) >= level:
            return float("nan")
        for _ in range(40):
            mid = (inside + outside) / 2
            inside, outside = (mid, outside) if p_at(mid) >= level else (inside, mid)
        return float(inside)

    return Comparison(
        label,
        family,
        n_a,
        n_b,
        float(np.median(a)),
        float(np.median(b)),
        float(a.mean()),
        float(b.mean()),
        float(observed),
        (edge(-1), edge(1)) if interval else (float("nan"), float("nan")),
        rank_biserial(a, b),
        p_at(0.0, at_zero),
        permutations,
        note=note,
        p_ties=tie_share(*at_zero, permutations),
    )


@dataclass
class Within:
    """A group comparison within strata (regions): members reassigned to the groups only inside their stratum."""

    label: str
    difference: float  # the mean over group a's members of (own value − mean of the others of its stratum)
    p_value: float
    p_ties: float
    permutations: int
    strata: dict  # stratum -> members of group a in it (only strata holding both groups count)


def compare_within(values, in_a, strata, label: str, permutations: int = PERMUTATIONS) -> Within:
    """A stratified permutation test: group labels are permuted within each stratum, so a difference between
    strata (a region that takes part less, where the group happens to be) cannot make the result. The statistic is
    the difference of group a from the rest of its own stratum, weighted by group a's members in each stratum;
    two-sided."""
    x = np.asarray(values, dtype=float)
    labels = np.asarray(in_a, dtype=bool)
    codes = tuple(pd.Series(strata).astype(str))
    code_array = np.asarray(codes)
    mapped = _permuted_within(codes, permutations)
    drawn = labels[mapped]  # (permutations, n): the labels after reassignment within strata
    n_a = labels.sum()

    def statistic(lab: np.ndarray, studentized: bool = True) -> np.ndarray:
        difference, variance = np.zeros(lab.shape[:-1]), np.zeros(lab.shape[:-1])
        for s in np.unique(code_array):
            inside = code_array == s
            k, m = labels[inside].sum(), inside.sum()  # group sizes per stratum are the same under reassignment
            if k == 0 or k == m:
                continue
            xs, chosen = x[inside], lab[..., inside]
            sum_a, sq_a = (chosen * xs).sum(axis=-1), (chosen * xs**2).sum(axis=-1)
            sum_b, sq_b = xs.sum() - sum_a, (xs**2).sum() - sq_a
            mean_a, mean_b = sum_a / k, sum_b / (m - k)
            # Welch's variance of each stratum's difference (a group of one member adds none)
            var_a = np.maximum(sq_a - k * mean_a**2, 0) / max(k - 1, 1) / k
            var_b = np.maximum(sq_b - (m - k) * mean_b**2, 0) / max(m - k - 1, 1) / (m - k)
            difference = difference + k * (mean_a - mean_b)
            variance = variance + k**2 * (var_a + var_b)
        if not studentized:
            return difference / n_a
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(variance > 0, difference / np.sqrt(variance), 0.0)

    observed = float(statistic(labels))
    null = statistic(drawn)
    p = float((1 + np.sum(np.abs(null) >= abs(observed) - 1e-9)) / (1 + permutations))
    held = pd.Series(code_array[labels]).value_counts().sort_index()
    effect = float(statistic(labels, studentized=False))
    return Within(label, effect, p, tie_share(null, observed, permutations), permutations, held.to_dict())


def within_word(difference: float, p_adjusted: float, confidence: float) -> str:
    """The difference rule for a test within strata (no interval: the side is the sign of the difference)."""
    if p_adjusted >= alpha(confidence) or difference == 0:
        return "no clear difference"
    return "higher" if difference > 0 else "lower"


def kept_word(overall: str, within: str, neutral: str) -> str:
    """A verdict is kept only when the test over all members and the test within regions give it both; otherwise
    the neutral word (the sentence says what each test gives)."""
    return overall if overall == within else neutral


def monte_carlo_borderline(p: float, p_holm: float, permutations: int, confidence: float) -> bool:
    """A Holm-adjusted permutation p within two Monte Carlo standard errors of the threshold: the verdict could
    change with another set of random reassignments."""
    if p is None or np.isnan(p) or p <= 0:
        return False
    multiplier = p_holm / p
    error = multiplier * np.sqrt(p * (1 - p) / permutations)
    return abs(p_holm - alpha(confidence)) < 2 * error


@dataclass
class Association:
    label: str
    family: str
    n: int
    rho: float
    p_value: float
    permutations: int
    p_holm: float = float("nan")
    family_size: int = 0
    word: str = ""
    note: str = ""


def spearman_association(
    x, y, label: str, family: str, permutations: int = PERMUTATIONS, note: str = "", strata=None
) -> Association:
    """Spearman's ρ with a two-sided permutation p (y reassigned to members at random; with ``strata``, only
    among the members of the same stratum, so that a difference between strata cannot make the association)."""
    from scipy.stats import rankdata

    rx, ry = rankdata(np.asarray(x, dtype=float)), rankdata(np.asarray(y, dtype=float))
    rx, ry = (rx - rx.mean()) / rx.std(), (ry - ry.mean()) / ry.std()
    rho = float(np.mean(rx * ry))
    if strata is None:
        rng = np.random.default_rng(SEED)
        shuffled = ry[np.argsort(rng.random((permutations, len(ry))), axis=1)]
    else:
        shuffled = ry[_permuted_within(tuple(pd.Series(strata).astype(str)), permutations)]
    null = shuffled @ rx / len(rx)
    p = float((1 + np.sum(np.abs(null) >= abs(rho) - 1e-12)) / (1 + permutations))
    return Association(label, family, len(rx), rho, p, permutations, note=note)


def decide(tests: list, confidence: float = 0.95) -> list:
    """Holm-correct the p-values within each family and choose each word by its rule."""
    families: dict[str, list] = {}
    for t in tests:
        families.setdefault(t.family, []).append(t)
    for members in families.values():
        for t, p in zip(members, holm([t.p_value for t in members])):
            t.p_holm, t.family_size = p, len(members)
            if isinstance(t, Comparison):
                t.word = difference_word(t.interval, p, confidence)
            else:
                t.word = association_word(t.rho, p, confidence)
    return tests


def pairwise(
    values: pd.Series, groups: pd.Series, family: str, confidence: float, permutations: int, interval: bool = True
) -> list:
    """Every pair of groups with at least SMALL_N members, the larger mean first (without ``interval``, the tests
    only: see ``compare``)."""
    sizes = groups.value_counts()
    usable = sorted(sizes[sizes >= SMALL_N].index)
    tests = []
    for i, g in enumerate(usable):
        for h in usable[i + 1 :]:
            first, second = (g, h) if values[groups == g].mean() >= values[groups == h].mean() else (h, g)
            tests.append(
                compare(
                    values[groups == first],
                    values[groups == second],
                    f"{first} vs {second}",
                    family,
                    confidence,
                    permutations,
                    interval=interval,
                )
            )
    return tests


def reliability_word(kr20: float) -> str:
    low, acceptable = RELIABILITY_THRESHOLDS
    if np.isnan(kr20) or kr20 < low:
        return "low internal consistency"
    return "acceptable internal consistency" if kr20 >= acceptable else "modest internal consistency"


@dataclass
class Parity:
    metric_id: str
    women_min: int
    women_max: int
    total: int
    design_effect: float  # 1 where each counted person is distinct
    intervals: dict  # count -> (low, high), with each person counted once
    p_values: dict  # count -> p
    intervals_repeated: dict = field(default_factory=dict)  # the same under the design effect
    p_values_repeated: dict = field(default_factory=dict)
    p_holm: float = float("nan")
    p_holm_repeated: float = float("nan")
    family_size: int = 0
    word: str = ""
    word_repeated: str = ""
    dependence: str = ""
    p_holm_range: tuple = ()  # Holm p at each end of the allowed counts
    p_holm_range_repeated: tuple = ()
    breakdown: float = float("nan")  # the smallest design effect at which the word changes (nan: none up to 3)

    @property
    def p_value(self) -> float:  # the largest p over the counts the printed share allows (conservative)
        return max(self.p_values.values())

    @property
    def p_value_repeated(self) -> float:
        return max(self.p_values_repeated.values()) if self.p_values_repeated else self.p_value

    @property
    def low(self) -> float:
        return min(lo for lo, _ in self.intervals.values())

    @property
    def high(self) -> float:
        return max(hi for _, hi in self.intervals.values())


def _binomial(k: float, n: float, confidence: float) -> tuple[tuple[float, float], float]:
    from scipy.stats import binomtest

    from metropolis_report.analysis.stats import exact_interval

    p = binomtest(int(round(k)), max(int(round(n)), 1), 0.5).pvalue
    return exact_interval(k, n, confidence), float(p)  # the exact interval is the binomial test inverted


def parity(
    metric_id: str, women_min: int, women_max: int, total: int, confidence: float = 0.95, design_effect: float = 1.0
) -> Parity:
    """Women's share against 50 % at each end of the counts the printed figure allows: exact binomial test and
    exact (Clopper-Pearson) interval, with each person counted once and, where ``design_effect`` > 1, with the
    effective counts k/deff of n/deff."""
    counts = sorted({int(women_min), int(women_max)})
    result = Parity(metric_id, int(women_min), int(women_max), int(total), design_effect, {}, {})
    for k in counts:
        result.intervals[k], result.p_values[k] = _binomial(k, total, confidence)
        if design_effect > 1:
            result.intervals_repeated[k], result.p_values_repeated[k] = _binomial(
                k / design_effect, total / design_effect, confidence
            )
    return result


def _parity_side(interval, p_adjusted: float, confidence: float) -> str:
    if p_adjusted >= alpha(confidence):  # the test first: no verdict survives a non-significant Holm p
        return "no clear difference from parity"
    return {1: "above parity", -1: "below parity", 0: "no clear difference from parity"}[excludes(interval, 0.5)]


def decide_parity(tests: list[Parity], confidence: float = 0.95) -> list[Parity]:
    """Holm over the family (each test at its conservative p); the word at every allowed count; then the same
    under the design effect, and whether the word holds if people repeat."""
    for repeated in (False, True):
        ps = [t.p_value_repeated if repeated else t.p_value for t in tests]
        for i, t in enumerate(tests):
            intervals = t.intervals_repeated if repeated and t.intervals_repeated else t.intervals
            pvals = t.p_values_repeated if repeated and t.p_values_repeated else t.p_values
            words, adjusted_range = set(), []
            for k in intervals:
                adjusted = holm(ps[:i] + [pvals[k]] + ps[i + 1 :])[i]
                adjusted_range.append(adjusted)
                words.add(_parity_side(intervals[k], adjusted, confidence))
            word = words.pop() if len(words) == 1 else "rounding-sensitive"
            if repeated:
                t.p_holm_repeated, t.word_repeated = holm(ps)[i], word
                t.p_holm_range_repeated = (min(adjusted_range), max(adjusted_range))
            else:
                t.p_holm, t.word, t.family_size = holm(ps)[i], word, len(tests)
                t.p_holm_range = (min(adjusted_range), max(adjusted_range))
    for t in tests:
        if t.design_effect <= 1:
            t.dependence = "not applicable"
        else:
            t.dependence = "holds if people repeat" if t.word_repeated == t.word else "lost if people repeat"
    return tests


def parity_breakdown(tests: list[Parity], confidence: float = 0.95, largest: float = 3.0) -> list[Parity]:
    """For every test whose people may repeat, the smallest design effect (people counted on average that many
    times, the same for every such test of the family; a grid of tenths) at which its word changes; nan if none
    up to ``largest``."""
    words = {t.metric_id: t.word for t in tests}
    for deff in np.arange(1.1, largest + 1e-9, 0.1):
        trial = [
            parity(
                t.metric_id, t.women_min, t.women_max, t.total, confidence, float(deff) if t.design_effect > 1 else 1.0
            )
            for t in tests
        ]
        decide_parity(trial, confidence)
        for t, r in zip(tests, trial):
            if t.design_effect > 1 and np.isnan(t.breakdown) and r.word_repeated != words[t.metric_id]:
                t.breakdown = round(float(deff), 2)
    return tests


def share_sum_word(printed: list[float], recomputed: list[float]) -> str:
    """Printed shares that add up to other than 100: rounding when each recomputed share rounds to the
    printed one (half-up, whole percent)."""
    if round(sum(printed), 6) == 100:
        return "exact"
    rounds = all(int(np.floor(r + 0.5)) == int(p) for p, r in zip(printed, recomputed))
    return "consistent with ordinary rounding" if rounds else "a disagreement beyond rounding"
