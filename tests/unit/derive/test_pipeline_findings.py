"""Unit tests of metropolis_report.derive.pipeline_findings."""

import pandas as pd

from metropolis_report.derive import pipeline_findings


def readings(*statuses: str) -> pd.DataFrame:
    return pd.DataFrame({"row_key": [f"r{i}" for i in range(len(statuses))], "status": list(statuses)})


def test_the_readings_sentence_counts_what_occurred_and_names_what_did_not_without_zeros():
    frame = readings("ambiguous", "ambiguous", "vetoed", "applied")
    values = pipeline_findings.readings_counted(frame, frame["status"].value_counts())
    assert (values["one_way"], values["ambiguous"], values["vetoed"], values["report_cell"]) == (1, 2, 1, 0)
    assert values["reread"] == 3  # every row of shifted readings some combination uses is re-read
    assert values["counted"].startswith("3 rows shifted by the conversion")
    assert "2 rows the printed totals cannot decide (2 re-read rows, where the dropped cell was)" in values["counted"]
    assert values["counted"].endswith("1 reading vetoed by the printed totals and 1 row re-read one way only")
    assert values["absent"].startswith("; no other reading") and "no row kept as printed" in values["absent"]
    assert " 0" not in values["counted"] + values["absent"]


def test_a_row_re_read_is_told_apart_from_a_row_that_fits_as_printed():
    """Téhéran's rows prove a shift and are re-read in ways the totals cannot decide; Istanbul's fits as printed
    and may carry the same shift: both are undecided, only the first is re-read, and no row is re-read one way."""
    frame = pd.DataFrame(
        {
            "reading_id": ["t:577:1", "t:577:2", "t:577:3", "t:501:printed", "t:501:suspect"],
            "row_key": ["tehran"] * 3 + ["istanbul"] * 2,
            "status": ["vetoed", "ambiguous", "ambiguous", "ambiguous", "ambiguous"],
        }
    )
    values = pipeline_findings.readings_counted(frame, frame["status"].value_counts())
    assert (values["reread"], values["one_way"], values["ambiguous"], values["vetoed"]) == (1, 0, 2, 1)
    assert "(1 re-read row, where the dropped cell was; 1 row that fits as printed" in values["counted"]
    assert "no row re-read one way only" in values["absent"] and "restored" not in values["counted"]


def test_no_readings_at_all_is_said_in_words():
    frame = readings()
    values = pipeline_findings.readings_counted(frame, frame["status"].value_counts())
    assert values["counted"].startswith("no row re-read") and values["absent"] == ""


def test_a_heading_printed_among_the_entries_of_an_annex_list_is_not_an_entry():
    lists = pd.DataFrame(
        {"list_name": ["l", "l", "l", "m"], "entry": ["Leadership X", "Collaboration avec :", "Y", "Z: a study"]}
    )
    assert pipeline_findings.list_headings(lists).tolist() == [False, True, False, False]
