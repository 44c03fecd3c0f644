"""The findings of the events, action plan and funding chapter."""

from __future__ import annotations

import calendar

import pandas as pd

from metropolis_report import wording
from metropolis_report.analysis import inference
from metropolis_report.derive import lookup
from metropolis_report.derive.finding_rows import count, finding_row, pct
from metropolis_report.words import listing, noun, reader_label


def formats(entries: pd.DataFrame) -> str:
    """The formats of some calendar entries in words ("in person"; "hybrid and online")."""
    return listing(sorted({reader_label("format", f) for f in entries["format"].dropna()}))


def undated_text(undated: pd.DataFrame) -> str:
    """The entries without a start date and their formats, in agreement with their number."""
    if undated.empty:
        return "every entry has a start date"
    k = len(undated)
    return f"{k} {noun(k, 'entry', 'entries')} without a start date {noun(k, 'is', 'are')} {formats(undated)}"


def switch_row(events: pd.DataFrame) -> dict:
    """When the calendar moved online. The entries before the first online or hybrid one cannot be online (that
    entry defines the split): the sentence says so instead of giving their share as a result."""
    first_online = events.loc[events["online"], "start_date"].min()
    dated = events.dropna(subset=["start_date"])
    before, after = dated[dated["start_date"] < first_online], dated[dated["start_date"] >= first_online]
    undated = events[events["start_date"].isna()]
    return finding_row(
        "ev_switch",
        {"first_online": f"{first_online:%d %B %Y}", "n_before": len(before),
         "before_formats": formats(before) if len(before) else "none", "n_after": len(after),
         "share_after": pct(after["online"].mean()), "undated": undated_text(undated)},
        n=len(events), sources=["events:*"],
    )  # fmt: skip


def events_rows(tables: dict) -> list[dict]:
    events, deliverables, funding, claims = (
        tables["events"],
        tables["deliverables"],
        tables["funding"],
        tables["claims"],
    )
    n = len(events)
    fmt = events["format"].value_counts()
    rows = [
        finding_row(
            "ev_entries",
            {"n": n, "online": int(fmt.get("online", 0)), "hybrid": int(fmt.get("hybrid", 0)),
             "in_person": int(fmt.get("in_person", 0)), "online_share": pct(events["online"].mean())},
            n=n, basis="calendar entries", effect=float(events["online"].mean()), sources=["events:*"],
        )
    ]  # fmt: skip
    rows.append(switch_row(events))
    per_month = events.groupby("month").size()
    rows.append(
        finding_row("ev_busiest", {"month": calendar.month_name[int(per_month.idxmax())], "entries": int(per_month.max())},
             sources=["events:*"])
    )  # fmt: skip
    dated = events.dropna(subset=["duration_days"])
    rows.append(
        finding_row("ev_duration",
             {"dated": len(dated), "one_day": int((dated["duration_days"] == 1).sum()),
              "longest": int(dated["duration_days"].max())},
             n=len(dated), sources=["events:*"])
    )  # fmt: skip
    no_end = events[events["end_date"].isna()]
    no_start = events[events["start_date"].isna()]
    rows.append(
        finding_row("ev_missing",
             {"missing_end": len(no_end), "missing_end_online": int(no_end["online"].sum()),
              "missing_start": len(no_start)},
             sources=[f"events:{i}" for i in pd.concat([no_end, no_start])["event_id"]])
    )  # fmt: skip
    wmd = events[events["world_metropolitan_day"]]
    printed = lookup.named_value(claims, "wmd_events_held")
    rows.append(
        finding_row("ev_wmd",
             {"entries": len(wmd), "first": f"{wmd['start_date'].min():%d %B}", "last": f"{wmd['start_date'].max():%d %B}",
              "printed": f"{printed:g}"},
             sources=[f"events:{i}" for i in wmd["event_id"]])
    )  # fmt: skip
    status = deliverables["status"].value_counts()
    rows.append(
        finding_row("plan_status",
             {"done": int(status.get("done", 0)), "n": len(deliverables), "share": pct(status.get("done", 0) / len(deliverables)),
              "partial": int(status.get("partial", 0)), "not_done": int(status.get("not_done", 0)),
              "plan_period": wording.current().period("action_plan")},
             n=len(deliverables), sources=["deliverables:*"])
    )  # fmt: skip
    rows += funding_rows(funding)
    return rows


def recomputed_shares(funding: pd.DataFrame) -> pd.Series:
    """The shares with in-kind payments recomputed from the printed cash shares and the two printed totals:
    a cash source keeps its amount (share × cash total); in kind is the difference of the totals."""
    cash = funding[(funding["scheme"] == "cash") & (funding["source"] != "total")].set_index("source")["share_percent"]
    totals = funding[funding["source"] == "total"].set_index("scheme")["amount_eur"]
    out = cash * totals["cash"] / totals["including_in_kind"]
    out["in_kind"] = 100 * (totals["including_in_kind"] - totals["cash"]) / totals["including_in_kind"]
    return out


def funding_rows(funding: pd.DataFrame) -> list[dict]:
    shares = funding[funding["source"] != "total"].pivot(index="source", columns="scheme", values="share_percent")
    totals = funding[funding["source"] == "total"].set_index("scheme")["amount_eur"]
    cash = shares["cash"].dropna()
    rows = [
        finding_row("fund_cash", {"total": count(totals["cash"]), "sum": f"{cash.sum():g}"},
             word=inference.share_sum_word(list(cash), list(cash)),
             sources=[f"funding:{i}" for i in funding.loc[funding["scheme"] == "cash", "funding_id"]])
    ]  # fmt: skip
    with_kind = shares["including_in_kind"].dropna()
    recomputed = recomputed_shares(funding).reindex(with_kind.index)
    in_kind = totals["including_in_kind"] - totals["cash"]
    rows.append(
        finding_row(
            "fund_in_kind",
            {"total": count(totals["including_in_kind"]), "in_kind": count(in_kind),
             "in_kind_share": pct(in_kind / totals["including_in_kind"], 1), "sum": f"{with_kind.sum():g}",
             "recomputed": listing([f"{recomputed[s]:.1f}% ({s.replace('_', ' ')})" for s in with_kind.index]),
             "recomputed_sum": f"{recomputed.sum():.0f}"},
            word=inference.share_sum_word(list(with_kind), list(recomputed)),
            sources=[f"funding:{i}" for i in funding["funding_id"]],
        )
    )  # fmt: skip
    return rows
