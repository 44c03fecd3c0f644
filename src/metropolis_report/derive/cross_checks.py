"""Cross-checks: figures the report prints twice or as parts of a whole, compared with each other."""

from __future__ import annotations

import pandas as pd

from metropolis_report.derive.audit_inputs import Data
from metropolis_report.derive.event_computations import printed_global_events
from metropolis_report.derive.member_computations import rethink_printed


def consistency_checks(data: Data) -> pd.DataFrame:
    """Places where two parts of the report describe the same thing: do they agree?"""
    rows = [
        _new_members_check(data),
        _pilot_projects_check(data),
        _global_events_check(data),
        _funding_shares_check(data),
        _rethink_call_check(data),
    ]
    # cells dropped by the text conversion are a defect of the conversion, not a disagreement of the report:
    # they are in conversion_readings and the data-quality chapter, not here
    return pd.DataFrame(rows)


def _check(check: str, first: str, second: str, agree: bool, evidence: str) -> dict:
    """One row of cross_checks: the two places compared, whether they agree, and what was found."""
    return {
        "check": check,
        "first": first,
        "second": second,
        "verdict": "agree" if agree else "disagree",
        "evidence": evidence,
    }


def _new_members_check(data: Data) -> dict:
    """The members table 4.1 marks as new against the annex list of new members."""
    m = data.members
    marked, listed = set(m.loc[m["new_member"], "name"]), set(m.loc[m["in_new_members_list"], "name"])
    return _check(
        "New members",
        "table 4.1, '(N)' marks",
        "annex list 'Nouveaux membres'",
        marked == listed,
        f"4.1 marks {len(marked)}: {', '.join(sorted(marked))}; the list names {len(listed)}: {', '.join(sorted(listed))}"
        + (
            f"; only in 4.1: {', '.join(sorted(marked - listed))}; only in the list: {', '.join(sorted(listed - marked))}"
            if marked != listed
            else ""
        ),
    )


def _pilot_projects_check(data: Data) -> dict:
    """The pilot projects table 4.1 counts per member against the running projects of annex 5.II."""
    m, p = data.members, data.pilot_projects
    in_table = m.set_index("member_id")["pilot_projects"]
    in_annex = p.groupby("member_id").size()
    running = p[~p["pending"]].groupby("member_id").size()
    mismatch = [mid for mid in running.index if in_table.get(mid, 0) != running[mid]]
    return _check(
        "Pilot projects per member",
        "table 4.1, pilot column",
        "annex 5.II pilot-project table",
        not mismatch and set(running.index) == set(in_table[in_table > 0].index),
        f"4.1 marks {int((in_table > 0).sum())} members; 5.II names {len(in_annex)} members in {p['project_number'].nunique()} "
        f"projects, {len(running)} in the {p.loc[~p['pending'], 'project_number'].nunique()} running ones; "
        f"named only in the pending project: {', '.join(sorted(set(in_annex.index) - set(running.index)))}"
        + (f"; counts differ for {', '.join(mismatch)}" if mismatch else ""),
    )


def _global_events_check(data: Data) -> dict:
    """The number of global events section 2.1 prints against the annex summary's."""
    in_21, in_annex_events = printed_global_events(data)
    return _check(
        "Global events",
        f"section 2.1: {in_21}",
        f"annex summary: {in_annex_events}",
        in_21 == in_annex_events,
        f"the calendar has {len(data.events)} entries = {data.metropolis_events} Metropolis events (a printed figure) + "
        f"{data.global_events}; the two figures disagree only if every participation is a different event, which the "
        "calendar's text does not say",
    )


def _funding_shares_check(data: Data) -> dict:
    """The printed funding shares with in-kind payments against the shares recomputed from the cash shares and
    the two printed totals."""
    from metropolis_report.analysis.inference import share_sum_word

    shares = data.funding.dropna(subset=["share_percent"]).groupby("scheme")["share_percent"].sum()
    f = data.funding.set_index("funding_id")
    cash_total, all_total = (
        float(f.at["cash|total", "amount_eur"]),
        float(f.at["including_in_kind|total", "amount_eur"]),
    )
    printed = data.funding[(data.funding["scheme"] == "including_in_kind") & data.funding["share_percent"].notna()]
    cash = data.funding[(data.funding["scheme"] == "cash") & data.funding["share_percent"].notna()].set_index("source")
    recomputed = [
        100 * (all_total - cash_total) / all_total
        if source == "in_kind"
        else float(cash.at[source, "share_percent"]) * cash_total / all_total
        for source in printed["source"]
    ]
    word = share_sum_word(list(printed["share_percent"]), recomputed)
    return _check(
        "Funding shares add up to 100 % (up to rounding)",
        "section 2.3, with in-kind payments",
        "the shares recomputed from the printed cash shares and the two printed totals",
        word != "a disagreement beyond rounding",
        f"printed shares add up to {shares.get('including_in_kind'):g} % (without in-kind: {shares.get('cash'):g} %); "
        "recomputed: "
        + ", ".join(f"{s.replace('_', ' ')} {r:.1f} %" for s, r in zip(printed["source"], recomputed))
        + f": {word}",
    )


def _rethink_call_check(data: Data) -> dict:
    """The members who joined the rethink call: section 2.1's count, table 4.1's marks and its total row."""
    rethink = int(data.members["rethink_call"].sum())
    led, supported, total = rethink_printed(data)
    return _check(
        "Rethink call",
        f"section 2.1: led by {led} + supported by {supported} members",
        f"table 4.1 rethink column (total row: {total})",
        rethink == led + supported == total,
        f"table 4.1 marks {rethink} members; its total row prints {total}",
    )
