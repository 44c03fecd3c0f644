"""The findings of the chapters on how the data was made (cleaning and the gate)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from metropolis_report.derive.finding_rows import finding_row
from metropolis_report.validate import gatekeeper
from metropolis_report.words import listing, plural, reader_label


def members_cleaning_rows(members, mentions, corrections, readings) -> list[dict]:
    """The member registry, the corrections of the member tables and the readings of the text conversion."""
    by = mentions["resolved_by"].value_counts()
    own = corrections[corrections["raw_table"].str.startswith("members_")]
    rules = own["rule"].value_counts()
    status = readings["status"].value_counts()
    return [
        finding_row(
            "clean_members",
            {"members": len(members), "mentions": len(mentions), "by_name": int(by.get("name", 0)),
             "by_name_en": int(by.get("name_en", 0)), "by_alias": int(by.get("alias", 0)),
             "non_member": int(by.get("non_member", 0))},
            n=len(mentions), sources=["members:*"],
        ),
        finding_row(
            "clean_corrections",
            {"corrections": len(own), "by_rule": listing([f"{n} by the rule “{reader_label('rule', r)}”" for r, n in rules.items()])},
            n=len(own), sources=[],
        ),
        finding_row("clean_readings", readings_counted(readings, status),
                    sources=[f"conversion_readings:{i}" for i in readings["reading_id"]]),
    ]  # fmt: skip


# What the readings of the text conversion came to, each count with its words as a sentence says it: the ones
# that occurred first (with their number), then the ones that did not ("no row re-read one way only"). A row the
# conversion shifted (a cell that does not fit its column) is re-read with the dropped empty cell put back; it is
# re-read one way only when it has one admissible reading, and undecided when the printed totals leave several.
READING_OUTCOMES = (
    ("reread", "row shifted by the conversion (a cell that does not fit its column) and re-read with the dropped "
     "empty cell put back", "rows shifted by the conversion (a cell that does not fit its column) and re-read with "
     "the dropped empty cell put back", "no row shifted by the conversion"),
    ("ambiguous", "row the printed totals cannot decide", "rows the printed totals cannot decide",
     "no row the printed totals cannot decide"),
    ("vetoed", "reading vetoed by the printed totals", "readings vetoed by the printed totals",
     "no reading vetoed by the printed totals"),
    ("one_way", "row re-read one way only", "rows re-read one way only", "no row re-read one way only"),
    ("other", "other reading outside every admissible combination", "other readings outside every admissible combination",
     "no other reading outside every admissible combination"),
    ("report_cell", "row kept as printed with a suspect cell of the report",
     "rows kept as printed with a suspect cell of the report", "no row kept as printed with a suspect cell"),
)  # fmt: skip
# The two kinds of rows the printed totals cannot decide, each as the parenthesis after their count says it
UNDECIDED_PARTS = (
    ("reread", "re-read row, where the dropped cell was", "re-read rows, where the dropped cell was"),
    ("suspect", "row that fits as printed, whether it carries the same shift",
     "rows that fit as printed, whether they carry the same shift"),
)  # fmt: skip


def suspect_reading(readings: pd.DataFrame) -> pd.Series:
    """The readings of rows that fit as printed but would also fit a proven row's shift (conversion.suspects): their
    ids end in ':printed' or ':suspect…'; the other readings are those of rows the conversion shifted."""
    ids = readings["reading_id"].astype(str)
    return ids.str.endswith(":printed") | ids.str.contains(":suspect", regex=False)


def reread_rows(readings: pd.DataFrame) -> pd.DataFrame:
    """The readings of the rows the conversion shifted that some admissible combination uses: the rows re-read
    with the dropped empty cell put back (status applied: one way only; ambiguous: the totals cannot decide)."""
    proven = ~suspect_reading(readings) & (readings["status"] != "report_cell")
    return readings[proven & readings["status"].isin(["applied", "ambiguous"])]


def readings_counted(readings, status) -> dict:
    """The counts of the readings' outcomes and the sentence parts that say them (no '0' in a list of counts)."""
    if "reading_id" not in readings:  # a table of statuses only: every reading is of a shifted row
        readings = readings.assign(reading_id=[f"t:{i}:1" for i in range(len(readings))])

    def rows(mask) -> int:
        return int(readings.loc[mask, "row_key"].nunique())

    suspect = suspect_reading(readings)
    ambiguous = readings["status"] == "ambiguous"
    undecided = {"reread": rows(ambiguous & ~suspect), "suspect": rows(ambiguous & suspect)}
    counts = {"reread": int(reread_rows(readings)["row_key"].nunique()), "one_way": rows(readings["status"] == "applied"),
              "ambiguous": rows(ambiguous), "report_cell": rows(readings["status"] == "report_cell"),
              "vetoed": int(status.get("vetoed", 0)),
              "other": int(status.get("alternative", 0) + status.get("not_applied", 0)),
              "undecided_reread": undecided["reread"], "undecided_suspect": undecided["suspect"]}  # fmt: skip
    parts = [plural(undecided[k], one, many) for k, one, many in UNDECIDED_PARTS if undecided[k]]
    said = {
        k: plural(counts[k], one, many) + (f" ({'; '.join(parts)})" if k == "ambiguous" and parts else "")
        for k, one, many, _ in READING_OUTCOMES
    }
    found = [said[k] for k, *_ in READING_OUTCOMES if counts[k]]
    absent = [none for k, _, _, none in READING_OUTCOMES if not counts[k]]
    if not found:
        return counts | {
            "counted": "no row re-read, undecided or kept with a suspect cell, and no reading vetoed or left out of "
            "every combination",
            "absent": "",
        }
    return counts | {"counted": listing(found), "absent": "; " + listing(absent) if absent else ""}


def list_headings(lists: pd.DataFrame) -> pd.Series:
    """The lines of an annex list that end with a colon ("Collaboration avec :"): a heading that introduces the
    entries after it, printed among them, not an entry."""
    return lists["entry"].fillna("").str.rstrip().str.endswith(":")


def annex_cleaning_rows(tables: dict) -> list[dict]:
    events, deliverables, publications = tables["events"], tables["deliverables"], tables["publications"]
    corrections, lists = tables["corrections"], tables["annex_lists"]
    status = deliverables["status"].value_counts()
    restored = corrections[corrections["raw_table"].isin(["events_calendar", "action_plan_deliverables"])]
    headings = lists[list_headings(lists)]
    heading_text = (
        f" (not counting {plural(len(headings), 'heading')} printed among them: "
        + listing([f"“{h}”" for h in headings["entry"]])
        + ")"
        if len(headings)
        else ""
    )
    return [
        finding_row(
            "clean_annexes",
            {"events": len(events), "no_start": int(events["start_date"].isna().sum()),
             "no_end": int(events["end_date"].isna().sum()), "deliverables": len(deliverables),
             "by_status": ", ".join(f"{int(status.get(s, 0))} {w}" for s, w in
                                    (("done", "done"), ("partial", "partly done"), ("not_done", "not done"))
                                    if status.get(s, 0)) or "none with a status",
             "publications": len(publications),
             "gender_publications": int((publications["gender_group"] != "none").sum()),
             "claims": len(tables["claims"]), "list_entries": len(lists) - len(headings),
             "lists": int(lists["list_name"].nunique()), "headings": heading_text,
             "restored": len(restored),
             "restored_cells": (plural(len(restored), "cell of the calendar and the action plan",
                                       "cells of the calendar and the action plan") + " changed" if len(restored)
                                else "no cell of the calendar or the action plan changed")
                               + " by re-reading a row of the text conversion"},
            sources=["events:*", "deliverables:*"],
        )
    ]  # fmt: skip


def quality_rows(gate: dict, derived_expectations: int, derived_suites: int, derived_tables: int) -> list[dict]:
    """The gate's summary (validation_summary.json) and the size of the derived tables' suites: every
    expectation of both must pass before anything they describe is published."""
    return [
        gate_row(gate),
        finding_row("quality_derived", {"passed": derived_expectations, "expectations": derived_expectations,
                                 "suites": derived_suites, "tables": derived_tables}, n=derived_expectations),
        finding_row("quality_all", {"passed": gate["passed"] + derived_expectations,
                             "expectations": gate["expectations"] + derived_expectations,
                             "suites": gate["suites"] + derived_suites, "tables": len(gate["tables"]) + derived_tables},
             n=gate["expectations"] + derived_expectations),
    ]  # fmt: skip


def gate_row(gate: dict) -> dict:
    return finding_row(
        "quality_gate",
        {"passed": gate["passed"], "expectations": gate["expectations"], "suites": gate["suites"],
         "tables": len(gate["tables"])},
        n=gate["expectations"],
    )  # fmt: skip


def quality_chapter_rows(processed_dir: Path, frames: dict) -> list[dict]:
    """The data-quality chapter's findings: the gate's published summary, then the cleaning of the members."""
    return [gate_row(gatekeeper.read_summary(processed_dir))] + members_cleaning_rows(
        frames["members"], frames["member_mentions"], frames["corrections"], frames["conversion_readings"]
    )
