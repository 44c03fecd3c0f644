"""The findings of the chapters on how the data was made (cleaning and the gate)."""

from __future__ import annotations

from pathlib import Path

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
# that occurred first (with their number), then the ones that did not ("no row restored").
READING_OUTCOMES = (
    ("restored", "row restored", "rows restored", "no row restored"),
    ("ambiguous", "row the printed totals cannot decide", "rows the printed totals cannot decide",
     "no row the printed totals cannot decide"),
    ("vetoed", "reading vetoed by the printed totals", "readings vetoed by the printed totals",
     "no reading vetoed by the printed totals"),
    ("other", "other reading outside every admissible combination", "other readings outside every admissible combination",
     "no other reading outside every admissible combination"),
    ("report_cell", "row kept as printed with a suspect cell of the report",
     "rows kept as printed with a suspect cell of the report", "no row kept as printed with a suspect cell"),
)  # fmt: skip


def readings_counted(readings, status) -> dict:
    """The counts of the readings' outcomes and the sentence parts that say them (no '0' in a list of counts)."""
    rows = {
        s: int(readings.loc[readings["status"] == s, "row_key"].nunique())
        for s in ("applied", "ambiguous", "report_cell")
    }
    counts = {"restored": rows["applied"], "ambiguous": rows["ambiguous"], "report_cell": rows["report_cell"],
              "vetoed": int(status.get("vetoed", 0)),
              "other": int(status.get("alternative", 0) + status.get("not_applied", 0))}  # fmt: skip
    found = [plural(counts[k], one, many) for k, one, many, _ in READING_OUTCOMES if counts[k]]
    absent = [none for k, _, _, none in READING_OUTCOMES if not counts[k]]
    if not found:
        return counts | {
            "counted": "no reading restored, undecided, vetoed, left out of every combination or kept with a suspect cell",
            "absent": "",
        }
    return counts | {"counted": listing(found), "absent": "; " + listing(absent) if absent else ""}


def annex_cleaning_rows(tables: dict) -> list[dict]:
    events, deliverables, publications = tables["events"], tables["deliverables"], tables["publications"]
    corrections, lists = tables["corrections"], tables["annex_lists"]
    status = deliverables["status"].value_counts()
    restored = corrections[corrections["raw_table"].isin(["events_calendar", "action_plan_deliverables"])]
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
             "claims": len(tables["claims"]), "list_entries": len(lists), "lists": int(lists["list_name"].nunique()),
             "restored": len(restored),
             "restored_cells": (plural(len(restored), "cell of the calendar and the action plan",
                                       "cells of the calendar and the action plan") if len(restored)
                                else "no cell of the calendar or the action plan") + " restored from the text conversion"},
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
