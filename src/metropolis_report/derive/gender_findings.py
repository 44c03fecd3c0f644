"""The findings of the gender chapter (parity tests, gender groups, counts from shares)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metropolis_report.analysis import inference
from metropolis_report.derive.finding_rows import (
    BASIS_WORDS,
    DESIGN_EFFECT,
    GROUP_CAVEATS,
    comparison_stats,
    comparison_values,
    finding_row,
    interval_pcts,
    near_words,
    pct,
    signed,
)
from metropolis_report.derive.gender import share_range
from metropolis_report.derive.judging import more_than
from metropolis_report.words import listing, reader_label

PEOPLE = ["people", "representatives"]  # the populations of the gender figures that count people


def parity_counts(metrics: pd.DataFrame) -> list[dict]:
    """The women's shares that can be tested against parity, with the whole counts they allow: exact totals,
    and "plus de" totals taken at their printed lower bound (a larger total only narrows the interval and
    lowers the p-value, so the verdict at the bound is the conservative one). Shares of event slots (counts
    derived from a share) may count a person more than once: they carry the design effect."""
    out = []
    for m in metrics[metrics["population"].isin(PEOPLE)].itertuples():
        if not pd.isna(m.total_count):
            out.append(
                {
                    "metric_id": m.metric_id,
                    "women_min": int(m.women_count_min),
                    "women_max": int(m.women_count_max),
                    "total": int(m.total_count),
                    "lower_bound": False,
                    "slots": m.count_basis == "derived_from_share",
                }
            )
        elif more_than(m.total_qualifier) and not pd.isna(m.total_at_least):
            total = int(m.total_at_least)
            # the counts whose share rounds half-up to the printed one (the project's rule): 45 % of 400 is 178 to
            # 181, not 182 (45.5 % rounds to 46 %)
            decimals = 0 if float(m.women_share_printed).is_integer() else 1
            low, high = share_range(float(m.women_share_printed), decimals, total)
            out.append(
                {
                    "metric_id": m.metric_id,
                    "women_min": low,
                    "women_max": high,
                    "total": total,
                    "lower_bound": True,
                    "slots": True,
                }
            )
    return out  # fmt: skip


def gender_rows(tables: dict, tests: dict, p: dict) -> list[dict]:
    """The gender chapter's statements, from the gender metrics, the parity tests and the group comparisons."""
    metrics, publications = tables["gender_metrics"], tables["publications"]
    conf = p["confidence"]
    by_id = metrics.set_index("metric_id")
    rows = [_range_row(metrics, tests["parity"])]
    parity = sorted(tests["parity"], key=lambda t: by_id.at[t.metric_id, "women_share"])
    bounds = {r["metric_id"]: r["lower_bound"] for r in parity_counts(metrics)}
    rows += [_parity_row(t, by_id.loc[t.metric_id], bounds[t.metric_id], conf) for t in parity]
    rows.append(_below_row(parity, by_id))
    rows += _share_only_rows(metrics, bounds)
    rows.append(_governed_row(by_id.loc["women_governed_members"]))
    rows += _group_rows(tests, conf)
    rows.append(_publications_row(publications))
    rows.append(_bases_row(metrics))
    return rows


def _range_row(metrics: pd.DataFrame, parity: list) -> dict:
    """The lowest and the highest women's share among the figures tested against parity."""
    tested_ids = [t.metric_id for t in parity]
    ends = metrics[metrics["metric_id"].isin(tested_ids)].sort_values("women_share", kind="stable")
    ends = ends.assign(n=[next(t.total for t in parity if t.metric_id == m) for m in ends["metric_id"]])
    low, high = ends.iloc[0], ends.iloc[-1]
    return finding_row(
        "gen_range",
        {"people": int(metrics["population"].isin(PEOPLE).sum()),
         "tested": len(parity),
         "low_share": pct(low["women_share"]), "low_metric": low["metric"], "low_n": int(low["n"]),
         "low_basis": BASIS_WORDS.get(low["count_basis"], "a share of a “plus de” total, at its bound"),
         "high_share": pct(high["women_share"]),
         "high_metric": high["metric"], "high_n": int(high["n"]),
         "high_basis": BASIS_WORDS.get(high["count_basis"], "a share of a “plus de” total, at its bound")},
        sources=[f"gender_metrics:{m}" for m in ends["metric_id"]],
    )  # fmt: skip


def _dependence_text(t) -> str:
    """Whether a parity verdict holds if the counted slots are not distinct people."""
    if t.dependence == "not applicable":
        return "each counted person is a distinct person"
    change = (f"it would change at a design effect of {t.breakdown:g}" if not np.isnan(t.breakdown)
              else "it holds at every design effect up to 3")  # fmt: skip
    return (f"if people fill several slots (an assumed design effect Σm²/Σm of {DESIGN_EFFECT:g}, m the slots each "
            "person fills) the verdict "
            + ("holds" if t.dependence == "holds if people repeat" else f"becomes “{t.word_repeated}”")
            + f"; {change}")  # fmt: skip


def _process_text(t) -> str:
    """What a parity interval describes: the counted people are all there are, so the interval is about the process
    that produced them, each counted person (or place) taken as one outcome of it."""
    if t.design_effect > 1:
        return "the process that fills these places, each counted place one outcome of it"
    return "the process that appointed these people, each person one outcome of it"


def _parity_row(t, m: pd.Series, lower_bound: bool, conf: float) -> dict:
    """One women's share tested against parity: the count it allows, its gap to half, interval and verdict."""
    women = f"{t.women_min:,}" if t.women_min == t.women_max else f"{t.women_min:,}–{t.women_max:,}"
    gaps = sorted({abs(t.total / 2 - t.women_max), abs(t.total / 2 - t.women_min)})
    gap_text = f"{gaps[0]:,g}" if len(gaps) == 1 else f"{gaps[0]:,g} to {gaps[1]:,g}"
    holm_text = inference.p_text(t.p_holm)
    if t.word == "rounding-sensitive":
        lo_p, hi_p = t.p_holm_range
        holm_text = f"{inference.p_text(lo_p)} to {hi_p:.2g} (by the count the share allows)"
    share = float(m["women_share"])
    side = "below half" if t.women_max < t.total / 2 else "above half" if t.women_min > t.total / 2 else "either way"
    of_total = f"of more than {t.total:,}, counted at that bound" if lower_bound else f"of {t.total:,}"
    low, high = interval_pcts(t.low, t.high)
    return finding_row(
        "gen_parity",
        {"metric": m["metric"], "share": pct(share), "women": women, "total": of_total,
         "parity_count": f"{t.total / 2:,g}", "gap_count": gap_text, "gap_side": side,
         "gap_points": f"{100 * (share - 0.5):+.0f}".replace("+0", "0").replace("-0", "0"),
         "confidence": pct(conf), "low": low, "high": high, "process": _process_text(t),
         "p_holm": holm_text, "family_size": t.family_size, "dependence_text": _dependence_text(t)},
        instance=t.metric_id, word=t.word, n=t.total,
        basis="a share of a “plus de” total, at its bound" if lower_bound else BASIS_WORDS[m["count_basis"]],
        effect=share - 0.5, low=t.low - 0.5, high=t.high - 0.5, test="binomial test against 50 %",
        p=t.p_value, p_holm=t.p_holm, sources=[f"gender_metrics:{t.metric_id}"],
    )  # fmt: skip


def _below_row(parity: list, by_id: pd.DataFrame) -> dict:
    """The shares below parity after the Holm correction, and those a repeated person would change."""
    below = [t for t in parity if t.word == "below parity"]
    lost = [f"{by_id.at[t.metric_id, 'metric']} (it becomes “{t.word_repeated}”)" for t in below
            if t.dependence == "lost if people repeat"]  # fmt: skip
    robust_text = (
        f"with an assumed design effect Σm²/Σm of {DESIGN_EFFECT:g} (m the slots each person fills) the verdict changes for "
        f"{listing(lost)}"
        if lost else f"each holds with an assumed design effect Σm²/Σm of {DESIGN_EFFECT:g} (m the slots each person fills)"
    )  # fmt: skip
    return finding_row(
        "gen_below", {"below": listing([by_id.at[t.metric_id, "metric"] for t in below]), "robust_text": robust_text},
        family_size=len(parity), sources=[f"gender_metrics:{t.metric_id}" for t in below] or ["gender_metrics:*"],
    )  # fmt: skip


def _share_only_rows(metrics: pd.DataFrame, bounds: dict) -> list[dict]:
    """The shares of an approximate or missing total: no count, no interval, no verdict."""
    return [
        finding_row("gen_share_only",
             {"metric": m.metric, "share": pct(m.women_share), "how": near_words(m.total_qualifier)},
             instance=m.metric_id, sources=[f"gender_metrics:{m.metric_id}"])
        for m in metrics[(metrics["count_basis"] == "share_only") & ~metrics["metric_id"].isin(bounds)].itertuples()
    ]  # fmt: skip


def _governed_row(governed: pd.Series) -> dict:
    """The members governed by a woman, counted from the report's list, beside the share it prints."""
    return finding_row(
        "gen_governed",
        {"governed": int(governed["women_count"]), "n": int(governed["total_count"]),
         "share": pct(governed["women_share"], 1), "printed": f"{governed['women_share_printed']:g}%"},
        n=int(governed["total_count"]), basis="a list", effect=float(governed["women_share"]),
        sources=["gender_metrics:women_governed_members"],
    )  # fmt: skip


def _group_rows(tests: dict, conf: float) -> list[dict]:
    """The engagement of the members governed by a woman and of the gender mainstreaming strategy's members, over
    all members and within regions, and the word under every combination of the choices that can move it."""
    from metropolis_report.derive.engagement_findings import verdict_across

    rows = []
    for flag in ("women_governed", "gender_mainstreaming"):
        c, w = tests["by_group"][flag], tests["within"][flag]
        word, verdicts, choice_rows = verdict_across(tests, [flag], "gen_choice", c.label)
        values = {"label": c.label, **comparison_values(c, conf), "caveat": GROUP_CAVEATS[flag],
                  "within_difference": signed(w.difference), "within_p": inference.p_text(w.p_value),
                  "within_p_holm": inference.p_text(w.p_holm), "verdicts": verdicts}  # fmt: skip
        rows.append(
            finding_row("gen_group", values, instance=flag, word=word, sources=["members:*"], **comparison_stats(c))
        )
        rows += choice_rows
    return rows


def _publications_row(publications: pd.DataFrame) -> dict:
    """The new publications that carry a gender perspective."""
    with_gender = int((publications["gender_group"] != "none").sum())
    return finding_row(
        "gen_publications", {"with_gender": with_gender, "publications": len(publications)},
        n=len(publications), sources=["gender_metrics:publications_gender_perspective"],
    )  # fmt: skip


def _bases_row(metrics: pd.DataFrame) -> dict:
    """What the gender figures' counts rest on: a rounded share of an exact total, a lower bound, or a share only."""
    bases = metrics["count_basis"].value_counts()
    lower = int(((metrics["count_basis"] == "share_only") & metrics["total_qualifier"].map(more_than)).sum())
    # the range of the chapter counts the figures about people only: this sentence counts every figure, and says how
    # the two counts meet
    about_people = metrics["population"].isin(PEOPLE)
    others = metrics.loc[~about_people, "population"].value_counts().sort_index()
    parts = [f"{int(about_people.sum())} about people"] + [
        f"{k} about {reader_label('population', p)}" for p, k in others.items()
    ]
    return finding_row(
        "gen_bases",
        {"metrics": len(metrics), "populations": listing(parts), "derived": int(bases.get("derived_from_share", 0)), "lower_bound": lower,
         "share_only": int(bases.get("share_only", 0)) - lower},
        n=len(metrics), sources=["gender_metrics:*"],
    )  # fmt: skip
