"""Unit tests of metropolis_report.derive.events_findings."""

import json

import pandas as pd

from metropolis_report.derive import events_findings


def calendar(formats: list[str], dates: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "format": formats,
            "online": [f != "in_person" for f in formats],
            "start_date": pd.to_datetime(dates),
        }
    )


def test_the_entries_before_the_first_online_one_are_said_in_person_by_construction_not_as_a_share():
    events = calendar(["in_person", "in_person", "online", "in_person", "hybrid"], ["2020-01-02", "2020-02-01",
                      "2020-03-25", "2020-04-01", None])  # fmt: skip
    row = events_findings.switch_row(events)
    values = json.loads(row["values"])
    assert (values["n_before"], values["before_formats"], values["n_after"]) == (2, "in person", 2)
    assert values["share_after"] == "50%" and "share_before" not in values
    assert " 0%" not in row["sentence"] and "by construction" in row["sentence"]
    assert "1 entry without a start date is hybrid" in row["sentence"]


def test_the_undated_entries_agree_with_their_number():
    two = calendar(["online", "in_person"], [None, None])
    assert events_findings.undated_text(two) == "2 entries without a start date are in person and online"
    assert events_findings.undated_text(two.iloc[:0]) == "every entry has a start date"
