"""Rank ranges with ties kept as ties, and whether a ranking holds across declared variants of the index
(and fails on shuffled items).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from metropolis_report.analysis.inference import SEED


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


@dataclass
class Robustness:
    variants: int
    moved: int  # members whose rank moves by more than max_move under some variant (ties are ties)
    n: int
    max_move: float
    largest: pd.DataFrame  # the members who move most (every member tied at the largest move)
    top_kept: int
    top_size: int
    bottom_kept: int
    bottom_size: int
    rho_low: float  # the smallest and largest Spearman correlation of a variant with the primary index
    rho_high: float
    word: str = ""
    top_word: str = ""  # "holds" or "depends on the index's choices", for each list
    bottom_word: str = ""
    spreads: pd.DataFrame = field(default_factory=pd.DataFrame)
    top_ranks: str = ""  # the ranks each list holds on the primary index ('91–141'), and its ties in words
    bottom_ranks: str = ""
    top_ties: str = ""
    bottom_ties: str = ""


def robustness(
    variants: pd.DataFrame,
    top_n: int,
    max_move_share: float,
    max_moved_share: float,
    min_kept_share: float,
    score_text=lambda v: f"{v:g}",
    details: bool = True,
) -> Robustness:
    """How much each member's rank depends on the declared variants of the index (one column each, the
    primary index first). Tied members share a range of ranks, and a member *moves* by the distance between
    its range under the primary index and its range under a variant (0 when they overlap), so breaking a tie
    is not a move. A member *moves far* when that distance exceeds ``max_move_share`` of the members; the
    ranking *holds* when at most ``max_moved_share`` of the members move far under any variant and the primary
    top and bottom lists (ties included) keep at least ``min_kept_share`` of their members under every variant,
    a member staying when its range of ranks overlaps the ranks its list holds on the primary index.
    ``score_text`` writes a score of the primary index in words (for the ties of each list). Without ``details``
    only the counts and words are computed (no rank texts, no correlations): the shuffled control runs it many
    times."""
    from scipy.stats import spearmanr

    best = variants.rank(ascending=False, method="min")
    worst = variants.rank(ascending=False, method="max")
    n, primary = len(variants), variants.columns[0]
    max_move = max_move_share * n
    b, w = best.to_numpy(), worst.to_numpy()  # every variant at once: the shuffled control repeats this
    gap = pd.DataFrame(
        np.maximum(0, np.maximum(b[:, 1:] - w[:, [0]], b[:, [0]] - w[:, 1:])),
        index=variants.index,
        columns=variants.columns[1:],
    )
    move = gap.max(axis=1)
    far = gap.idxmax(axis=1)
    spreads = (
        pd.DataFrame()
        if not details
        else pd.DataFrame(
            {
                "rank_primary": [_rank_text(best.at[i, primary], worst.at[i, primary]) for i in variants.index],
                "move": move,
                "far_variant": far,
                "far_rank": [_rank_text(best.at[i, v], worst.at[i, v]) for i, v in far.items()],
            },
            index=variants.index,
        )
    )

    def kept(*, highest: bool) -> tuple[int, int, str, str]:
        """(kept, size, the ranks the list holds, its ties): the list is the primary index's top (or bottom)
        members with every member tied at the cut, and it holds the ranks they share; a member stays in it under a
        variant when its range of ranks there overlaps those ranks (a tie the primary index cannot break is one
        group, and a variant breaking it is no loss)."""
        base = top_with_ties(variants[primary], top_n, highest)
        low, high = best.loc[base, primary].min(), worst.loc[base, primary].max()
        # every variant at once (numpy): the control repeats this for every shuffle
        b, w = best.loc[base].to_numpy()[:, 1:], worst.loc[base].to_numpy()[:, 1:]
        stays = pd.Series(((b <= high) & (w >= low)).all(axis=1), index=base)
        scores = variants.loc[base, primary]
        cut = scores.min() if highest else scores.max()
        at_cut = int((scores == cut).sum())
        if scores.nunique() == 1:
            ties = f"one tied group at {score_text(cut)}"
        else:
            ties = f"{at_cut} of them tied at {score_text(cut)}" if at_cut > 1 else f"the last at {score_text(cut)}"
        return int(stays.sum()), len(base), _rank_text(low, high), ties

    top_kept, top_size, top_ranks, top_ties = kept(highest=True)
    bottom_kept, bottom_size, bottom_ranks, bottom_ties = kept(highest=False)
    moved = int((move > max_move).sum())
    rhos = [float(spearmanr(variants[primary], variants[v]).statistic) for v in variants.columns[1:]] if details else []
    top_holds, bottom_holds = top_kept >= min_kept_share * top_size, bottom_kept >= min_kept_share * bottom_size
    holds = moved <= max_moved_share * n and top_holds and bottom_holds
    ordered = spreads.sort_values("move", ascending=False, kind="stable") if details else spreads
    return Robustness(
        len(variants.columns),
        moved,
        n,
        max_move,
        ordered[ordered["move"] == ordered["move"].max()] if len(ordered) else ordered,
        top_kept,
        top_size,
        bottom_kept,
        bottom_size,
        min(rhos) if rhos else float("nan"),
        max(rhos) if rhos else float("nan"),
        "ranking holds" if holds else "ranking depends on the index's choices",
        "holds" if top_holds else "depends on the index's choices",
        "holds" if bottom_holds else "depends on the index's choices",
        spreads,
        top_ranks,
        bottom_ranks,
        top_ties,
        bottom_ties,
    )


def _rank_text(best: float, worst: float) -> str:
    return f"{best:g}" if best == worst else f"{best:g}–{worst:g}"


def shuffled(frame: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """Each column permuted independently: the same marginal distributions, no structure between columns."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({c: rng.permutation(frame[c].to_numpy()) for c in frame.columns}, index=frame.index)
