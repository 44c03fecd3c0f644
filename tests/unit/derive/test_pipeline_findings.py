"""Unit tests of metropolis_report.derive.pipeline_findings."""

import pandas as pd

from metropolis_report.derive import pipeline_findings


def readings(*statuses: str) -> pd.DataFrame:
    return pd.DataFrame({"row_key": [f"r{i}" for i in range(len(statuses))], "status": list(statuses)})


def test_the_readings_sentence_counts_what_occurred_and_names_what_did_not_without_zeros():
    frame = readings("ambiguous", "ambiguous", "vetoed", "applied")
    values = pipeline_findings.readings_counted(frame, frame["status"].value_counts())
    assert (values["restored"], values["ambiguous"], values["vetoed"], values["report_cell"]) == (1, 2, 1, 0)
    assert values["counted"] == (
        "1 row restored, 2 rows the printed totals cannot decide and 1 reading vetoed by the printed totals"
    )
    assert values["absent"].startswith("; no other reading") and "no row kept as printed" in values["absent"]
    assert " 0" not in values["counted"] + values["absent"]


def test_no_readings_at_all_is_said_in_words():
    frame = readings()
    values = pipeline_findings.readings_counted(frame, frame["status"].value_counts())
    assert values["counted"].startswith("no reading restored") and values["absent"] == ""
