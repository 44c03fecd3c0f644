"""Unit tests of metropolis_report.transform.ambiguity."""

import pandas as pd

from metropolis_report.transform import ambiguity, conversion
from tests.unit.transform.helpers import COLUMNS, ENG, frame, row


def totals(members, organisers, participants, rethink, organiser_sum, participant_sum):
    t = pd.DataFrame(
        [["Total membres"] + [""] * (len(COLUMNS) - 1), ["Total"] + ["-"] * (len(COLUMNS) - 1)], columns=COLUMNS
    )
    t.iloc[0, 1], t.iloc[0, 9], t.iloc[0, 10], t.iloc[0, 11] = (
        str(members),
        str(organisers),
        str(participants),
        str(rethink),
    )
    t.iloc[1, 9], t.iloc[1, 10] = str(organiser_sum), str(participant_sum)
    t["source_line"] = ["90", "91"]
    return t


def test_a_single_reading_is_applied_without_totals():
    # nothing fits after the count columns but the rethink call: only one place for the dropped cell
    found = ambiguity.resolve(ENG, frame(row("T", c1="Oui", c10="Oui")))
    assert found[0].chosen.dropped_at == COLUMNS[10] and found[0].basis == "the only reading the row allows"


def test_the_totals_choose_only_among_the_readings_of_the_row():
    raw = frame(row("T", c1="Oui", c8="3", c9="1", c10="Oui"), row("B", c1="Oui", c10="1"))
    # printed: 1 organiser-member... the reading "the 1 is a participation" meets every total exactly
    found = ambiguity.resolve(ENG, raw, totals(2, 0, 2, 1, 0, 2))
    assert found[0].chosen.dropped_at == COLUMNS[9]
    assert "closest to the printed total rows" in found[0].basis
    assert {a["reading"].dropped_at for a in found[0].alternatives} == {COLUMNS[8], COLUMNS[10]}
    restored = conversion.restored_frame(ENG, raw, found)
    assert restored.iloc[0][COLUMNS[9:12]].tolist() == ["", "1", "Oui"]
    assert raw.iloc[0][COLUMNS[10]] == "Oui"  # the raw frame itself is never changed


def test_a_tie_between_readings_never_stops_the_rows_become_ambiguous():
    raw = frame(row("T", c1="Oui", c9="1", c10="Oui"))
    # no printed total of the two count columns: nothing tells the two readings apart
    found = ambiguity.resolve(
        ENG, raw, totals(1, 0, 0, 1, 0, 0).assign(**{COLUMNS[9]: ["", "-"], COLUMNS[10]: ["", "-"]})
    )
    (f,) = found
    assert f.ambiguous and sorted(n for ns in f.admissible.values() for n in ns) == ["A", "B"]
    assert f.chosen == f.readings[0] and "cannot decide" in f.basis
    table = ambiguity.readings_table(found, lambda _t, k: k)
    assert table["status"].tolist() == ["ambiguous", "ambiguous"] and table["combinations"].tolist() == ["A", "B"]
    # the rethink column reads "Oui" under both readings: that total did not take part in choosing
    assert f"Total membres of '{COLUMNS[11]}'" not in table["totals_deciding"].iloc[0]


def test_a_reading_that_makes_a_printed_total_worse_is_not_restored():
    # a typo "Oui" for "1" in the participant column: the only reading moves it to the rethink call, which the
    # printed totals (no member joined the call; 1 participant) contradict
    raw = frame(row("T", c1="Oui", c10="Oui"), row("B", c1="Oui"))
    found = ambiguity.resolve(ENG, raw, totals(2, 0, 1, 0, 0, 1))
    (f,) = found
    assert f.report_cell and f.chosen is None and f.candidates == []
    assert list(f.vetoed.values())[0] == [("Total membres", COLUMNS[10]), ("Total membres", COLUMNS[11])]
    assert "suspect cells of the report" in f.basis
    conversion.require_fit(ENG, found)  # kept as printed: not a stop
    table = ambiguity.readings_table(found, lambda _t, k: k)
    assert table["status"].tolist() == ["vetoed", "report_cell"]
    assert conversion.restored_frame(ENG, raw, found).equals(raw)
    # the same row with totals that agree with the reading is restored
    assert ambiguity.resolve(ENG, raw, totals(2, 0, 0, 1, 0, 0))[0].chosen.dropped_at == COLUMNS[10]


def test_a_misfit_no_dropped_cell_explains_is_a_report_cell_not_a_stop():
    # "Oui" in the participant column and a rethink "Oui": the row does not end with an empty cell, so no dropped
    # cell can explain it; another row proves a shift the totals weigh
    raw = frame(row("T", c1="Oui", c10="Oui", c11="Oui"), row("B", c1="Oui", c9="1", c10="Oui"))
    found = ambiguity.resolve(ENG, raw, totals(2, 0, 1, 2, 0, 1))
    unexplained = next(f for f in found if f.row_key == "T")
    assert unexplained.readings == [] and unexplained.report_cell and unexplained.chosen is None
    assert "does not explain it" in unexplained.basis and f"'{COLUMNS[10]}'" in unexplained.basis
    conversion.require_fit(ENG, found)  # kept as printed: the build goes on
    table = ambiguity.readings_table(found, lambda _t, k: k)
    assert table.loc[table["row_key"] == "T", "status"].tolist() == ["report_cell"]
    # its column does not weigh the other row's readings: the participant totals are unknown
    other = next(f for f in found if f.row_key == "B")
    assert f"Total of '{COLUMNS[10]}'" not in table.loc[table["row_key"] == "B", "totals_deciding"].iloc[0]
    assert other.chosen is not None and other.chosen.dropped_at == COLUMNS[9]
    assert conversion.restored_frame(ENG, raw, found).iloc[0].equals(raw.iloc[0])


def test_rows_that_fit_but_allow_a_proven_shift_are_weighed_as_readings():
    raw = frame(
        row("T", c1="Oui", c9="1", c10="Oui"),  # proves a dropped cell (organiser or participant)
        row("I", c1="Oui", c9="1"),
        row("J", c1="Oui", c9="1"),
    )
    # printed: 1 organiser, 3 participants, 1 rethink: T read as a participant and exactly one of I, J shifted, or
    # T's other reading (its organiser cell kept) with both I and J shifted: three combinations at distance 0
    found = ambiguity.resolve(ENG, raw, totals(3, 1, 2, 1, 1, 2))
    proven, i, j = found
    assert proven.chosen.dropped_at == COLUMNS[9] and proven.ambiguous and not proven.vetoed
    assert proven.admissible == {proven.readings[0]: ["A", "B"], proven.readings[1]: ["C"]}
    assert i.kind == j.kind == "suspect" and i.ambiguous and j.ambiguous
    # the published table is combination A, whole: I as printed, J shifted (not the rows as printed, a mix that
    # no admissible combination gives)
    assert i.chosen == i.readings[0] and j.chosen == j.readings[1]
    assert i.admissible == {i.readings[0]: ["A"], i.readings[1]: ["B", "C"]}
    table = ambiguity.readings_table(found, lambda _t, k: k.lower())
    restored = conversion.restored_frame(ENG, raw, found)
    assert restored.iloc[1].equals(raw.iloc[1]) and not restored.iloc[2].equals(raw.iloc[2])
    members = pd.DataFrame({"member_id": ["t", "i", "j"], "wmd_organiser": [0, 1, 1], "wmd_participant": [1, 0, 0]})
    readings = ambiguity.member_readings(members, table)
    assert list(readings) == ["A", "B", "C"]
    assert readings["A"]["wmd_organiser"].tolist() == [0, 1, 0] and readings["B"]["wmd_organiser"].tolist() == [0, 0, 1]
    assert readings["C"]["wmd_organiser"].tolist() == [1, 0, 0]
    assert all(int((m["wmd_organiser"] > 0).sum()) == 1 for m in readings.values())
    assert members["wmd_organiser"].tolist() == [0, 1, 1]  # the published table is not changed
    # nothing ambiguous: one table, the members as published
    assert list(ambiguity.member_readings(members, table[table["status"] == "applied"])) == ["A"]


def test_combination_names():
    assert ambiguity.combination_names(3) == ["A", "B", "C"] and ambiguity.combination_names(28)[26:] == ["AA", "AB"]
