"""The chapters' figures (seaborn), each with its caption and alt text written from the data it draws.

Every function returns ``present.figure(...)``: a numbered figure, captioned with what it shows, its n and
the source. Colours come from one colour-blind-safe palette (Okabe-Ito) and every grouping that colour
shows is also shown by marker shape or position, so no figure depends on colour alone.
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

from metropolis_report import editions, wording
from metropolis_report.analysis import engagement
from metropolis_report.publish import present

MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
FORMAT_LABELS = {"in_person": "in person", "hybrid": "hybrid (a city and online)", "online": "online"}
STATUS_LABELS = {"done": "done", "partial": "partly done", "not_done": "not done"}


def setup():
    """The chapters' plotting theme; seaborn's strip-plot jitter draws from NumPy's global generator, so it is
    seeded here and the figures are byte-stable."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", palette=present.PALETTE)
    np.random.seed(2020)


def _plt():
    import matplotlib.pyplot as plt
    import seaborn as sns

    return plt, sns


def _stacked_counts(frame, codes: str, labels: dict, axis: dict, palette: list, titles: tuple, size=(8, 3.5)):
    """Counts of ``frame`` stacked by the words of its ``codes`` column (in the order of ``labels``), along
    ``axis`` ({"x": column} or {"y": column}); ``titles`` = (title, x label, y label). Returns (fig, ax)."""
    plt, sns = _plt()
    fig, ax = plt.subplots(figsize=size)
    sns.histplot(
        data=frame.assign(**{codes: frame[codes].map(labels)}), hue=codes, hue_order=list(labels.values()),
        multiple="stack", discrete=True, shrink=0.8, palette=palette, ax=ax, **axis,
    )  # fmt: skip
    title, xlabel, ylabel = titles
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, ax


# --------------------------------------------------------------------------- audit


def audit_by_section(audit: pd.DataFrame, number: int):
    """Stacked bars of the verdicts per report section, in the verdicts' own order, words and colours
    (metadata/verdicts.csv)."""
    from metropolis_report.derive.judging import verdicts

    plt, sns = _plt()
    v = verdicts()
    words = dict(zip(v["code"], v["word"]))
    fig, ax = _stacked_counts(
        audit.rename(columns={"status": "verdict"}), "verdict", words, {"y": "section"}, list(v["colour"]),
        ("Printed figures by report section and audit verdict", "number of printed figures", "report section"),
        size=(8, 4.5),
    )  # fmt: skip
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1, 1), title="verdict")
    plt.tight_layout()
    counts = audit["status"].value_counts()
    alt = "Stacked bars, one per report section: " + ", ".join(f"{int(counts.get(c, 0))} {w}" for c, w in words.items())
    return present.figure(
        fig,
        number,
        f"Printed figures of the report by section and audit verdict (n = {len(audit)}). Source: {editions.current().short}; "
        "verdicts computed by the claims audit.",
        alt + ".",
    )


# --------------------------------------------------------------------------- engagement


def engagement_overview(scores: pd.DataFrame, members: pd.DataFrame, number: int):
    plt, sns = _plt()
    k = len(engagement.participation_items())
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    sns.histplot(scores["items_set"], discrete=True, ax=axes[0], color="#0072b2")
    axes[0].set_title("Primary index: items taken part in")
    axes[0].set_xlabel(f"participation items (of {k})")
    axes[0].set_ylabel("members")
    data = scores.assign(region=members["region"])
    regions = sorted(data["region"].unique())
    sns.scatterplot(
        data=data, x="engagement_index", y="intensity_index", hue="region", style="region", hue_order=regions,
        style_order=regions, markers=MARKERS[: len(regions)], ax=axes[1], s=45, alpha=0.8,
    )  # fmt: skip
    axes[1].set_title("Breadth vs intensity of participation")
    axes[1].set_xlabel("primary index (share of the items)")
    axes[1].set_ylabel("intensity weighting (scaled counts)")
    plt.tight_layout()
    mode = int(scores["items_set"].mode().iloc[0])
    return present.figure(
        fig,
        number,
        f"Left: members by number of the {k} participation items they took part in. Right: the primary index "
        f"against its intensity weighting, by region (colour and marker; n = {len(scores)} members). Source: "
        f"table 4.1 of the {editions.current().short}.",
        f"Histogram: the most common count is {mode} items, {int((scores['items_set'] == 0).sum())} members have "
        f"none and the maximum is {int(scores['items_set'].max())}. Scatter: the two weightings rise together.",
    )


def item_correlations(members: pd.DataFrame, number: int):
    plt, sns = _plt()
    flags = engagement.flags(members).rename(columns=engagement.labels())
    phi = flags.corr(method="pearson")  # on 0/1 flags Pearson's r is the phi coefficient
    fig, ax = plt.subplots(figsize=(9, 7))
    sns.heatmap(phi, annot=True, fmt=".1f", cmap="PuOr_r", center=0, vmin=-1, vmax=1, ax=ax,
                cbar_kws={"label": "phi coefficient"})  # fmt: skip
    # the title above the plot and its colour bar, on two lines (one line ran into the colour bar's label)
    fig.suptitle("How the items of table 4.1 relate\n(phi coefficients of the 0/1 flags)", x=0.02, ha="left")
    ax.tick_params(axis="x", labelrotation=40)
    plt.setp(ax.get_xticklabels(), ha="right", rotation_mode="anchor")
    plt.tight_layout()
    pairs = phi.where(~np.eye(len(phi), dtype=bool)).stack()
    strong, weak = pairs.idxmax(), pairs.idxmin()
    return present.figure(
        fig,
        number,
        f"Phi coefficients between the 0/1 items of table 4.1, primary and declared variant items (n = "
        f"{len(members)} members). Source: table 4.1 of the {editions.current().short}.",
        f"Heat map of {len(phi)} by {len(phi)} correlations; the strongest pair is {strong[0]} and {strong[1]} "
        f"(phi = {pairs.max():.2f}); the weakest is {weak[0]} and {weak[1]} (phi = {pairs.min():.2f}).",
    )


def web_visibility(scores: pd.DataFrame, members: pd.DataFrame, number: int):
    plt, sns = _plt()
    data = scores.assign(group=members["new_member"].map({True: "new member", False: "other member"}))
    fig, ax = plt.subplots(figsize=(7, 4))
    sns.stripplot(data=data, x="items_set", y="web_visibility", hue="group", hue_order=["other member", "new member"],
                  jitter=0.25, ax=ax, palette=["#0072b2", "#e69f00"], marker="o", dodge=True)  # fmt: skip
    ax.set_title("Web visibility against the primary index")
    ax.set_xlabel("participation items taken part in")
    ax.set_ylabel("web mentions (items, table 4.2)")
    ax.legend(title="")
    plt.tight_layout()
    return present.figure(
        fig,
        number,
        f"Web visibility (items in table 4.2) against the primary index, new members beside the others (n = "
        f"{len(scores)} members). Source: tables 4.1 and 4.2 of the {editions.current().short}.",
        "Dot plot: web mentions rise with the number of participation items; new members are drawn in a "
        "separate column beside the others at each count.",
    )


def regions(scores: pd.DataFrame, members: pd.DataFrame, number: int):
    plt, sns = _plt()
    data = scores.assign(region=members["region"])
    order = sorted(data["region"].unique())
    fig, ax = plt.subplots(figsize=(8, 4))
    sns.boxplot(data=data, x="region", y="items_set", order=order, ax=ax, color="#cfe8f6")
    sns.stripplot(data=data, x="region", y="items_set", order=order, ax=ax, color="#0072b2", size=3, jitter=0.2)
    ax.set_title("Participation items (primary index) by region")
    ax.set_xlabel("region (continent)")
    ax.set_ylabel("participation items taken part in")
    plt.tight_layout()
    sizes = data["region"].value_counts()
    return present.figure(
        fig,
        number,
        f"Participation items per member, by region (n = {len(data)} members; "
        + ", ".join(f"{r} {sizes[r]}" for r in order)
        + f"). Source: table 4.1 of the {editions.current().short}; UN regions (from the ISO country codes).",
        "Box plots by region with every member as a dot; medians: "
        + ", ".join(f"{r} {data.loc[data['region'] == r, 'items_set'].median():g}" for r in order)
        + " items.",
    )


# --------------------------------------------------------------------------- gender


def parity(metrics: pd.DataFrame, parity_rows: pd.DataFrame, confidence: float, number: int):
    """Each women's share against parity: a filled dot with its interval where a count is tested; a hollow
    square at the printed share where only the share is known (no interval, no verdict)."""
    plt, _ = _plt()
    tested = parity_rows.set_index(parity_rows["finding_id"].str.split(":").str[1])
    frame = metrics.sort_values("women_share", kind="stable").reset_index(drop=True)
    frame = frame[frame["population"].isin(["people", "representatives"])].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 6))
    for y, m in frame.iterrows():
        share = float(m["women_share"])
        if m["metric_id"] in tested.index:
            r = tested.loc[m["metric_id"]]
            lo, hi = share + r["effect_low"] - r["effect"], share + r["effect_high"] - r["effect"]
            ax.errorbar(share, y, xerr=[[share - lo], [hi - share]], fmt="o", color="#0072b2", ecolor="#56b4e9",
                        capsize=3, label="tested (count known)")  # fmt: skip
        else:
            ax.plot(share, y, marker="s", markerfacecolor="white", markeredgecolor="#d55e00", linestyle="none",
                    label="printed share only (no count)")  # fmt: skip
    ax.axvline(0.5, color="#555555", linestyle="--", label="parity")
    ax.set_yticks(range(len(frame)), frame["metric"])
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"women's share (with its {confidence:.0%} exact interval where tested)")
    ax.set_title("Women's share against parity")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), loc="lower right")
    plt.tight_layout()
    return present.figure(
        fig,
        number,
        f"Women's share of each gender figure about people, with {confidence:.0%} exact intervals where a count "
        f"is tested (n = {len(frame)} figures, {len(tested)} tested). Source: sections 2–2.4 and 5.IV of the "
        f"{editions.current().short}.",
        f"Dot plot against a dashed parity line at 50 %; shares run from {frame['women_share'].min():.0%} to "
        f"{frame['women_share'].max():.0%}; hollow squares mark shares printed without a count.",
    )


# --------------------------------------------------------------------------- events, plan, funding


def events_by_month(events: pd.DataFrame, number: int):
    plt, _ = _plt()
    fig, ax = _stacked_counts(
        events, "format", FORMAT_LABELS, {"x": "month"}, ["#e69f00", "#56b4e9", "#0072b2"],
        (f"Calendar entries per month of {editions.current().year}, by format",
         "month (of the start date, or of the end date when no start date is printed)", "calendar entries"),
        size=(9, 4),
    )  # fmt: skip
    ax.set_xticks(range(1, 13), [calendar.month_abbr[m] for m in range(1, 13)])
    plt.tight_layout()
    return present.figure(
        fig,
        number,
        f"Calendar entries per month of {editions.current().year}, by format (n = {len(events)} entries). Source: the events calendar "
        f"of the {editions.current().short}.",
        "Stacked bars per month, in person at the bottom, then hybrid, then online.",
    )


def durations(events: pd.DataFrame, number: int):
    plt, sns = _plt()
    dated = events.dropna(subset=["duration_days"])
    fig, ax = plt.subplots(figsize=(7, 3.5))
    sns.countplot(x=dated["duration_days"].astype(int), ax=ax, color="#0072b2")
    ax.set_title("Duration of calendar entries with both dates printed")
    ax.set_xlabel("duration (days, inclusive)")
    ax.set_ylabel("calendar entries")
    plt.tight_layout()
    return present.figure(
        fig,
        number,
        f"Duration of the calendar entries that print both dates (n = {len(dated)}). Source: the events calendar "
        f"of the {editions.current().short}.",
        "Bar chart of entries by duration in days.",
    )


def deliverables(frame: pd.DataFrame, number: int):
    plt, _ = _plt()
    fig, _ = _stacked_counts(
        frame, "status", STATUS_LABELS, {"y": "action_line"}, ["#009e73", "#e69f00", "#d55e00"],
        (f"Deliverables of the Action Plan {wording.current().period('action_plan')} by status", "deliverables",
         "action line"),
    )  # fmt: skip
    plt.tight_layout()
    return present.figure(
        fig,
        number,
        f"Deliverables of the Action Plan {wording.current().period('action_plan')} by action line and status (n = {len(frame)}). Source: section 3 "
        f"of the {editions.current().short}.",
        "Stacked bars per action line: done, partly done, not done.",
    )


def funding(frame: pd.DataFrame, number: int):
    plt, sns = _plt()
    schemes = {"cash": "without in-kind payments", "including_in_kind": "with in-kind payments"}
    shares = frame[frame["source"] != "total"].assign(
        scheme=lambda f: f["scheme"].map(schemes), source=lambda f: f["source"].str.replace("_", " ")
    )
    fig, ax = plt.subplots(figsize=(8, 3.5))
    sns.histplot(data=shares, y="scheme", weights="share_percent", hue="source", multiple="stack", discrete=True,
                 shrink=0.6, palette=["#0072b2", "#e69f00", "#009e73", "#cc79a7"], ax=ax)  # fmt: skip
    ax.axvline(100, color="#57606a", linestyle="--")
    ax.set_title("Origin of funds (shares as printed)")
    ax.set_xlabel("share of funds (%)")
    ax.set_ylabel("")
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1, 1), title="source")
    plt.tight_layout()
    return present.figure(
        fig,
        number,
        "Origin of funds as printed, without and with members' in-kind payments. Source: section 2.3 of the "
        f"{editions.current().short}.",
        "Two stacked bars of printed shares; a dashed line marks 100 %.",
    )
