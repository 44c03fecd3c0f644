"""The detector of text-conversion defects, on small hand-made rows."""

import pandas as pd
import pytest

from metropolis_report import conversion

ENG = "members_engagement"
COLUMNS = conversion.printed_columns(ENG)


def row(name, **cells):
    """A 4.1 row: the member's name, then cells by position (1 = activated … 11 = rethink call)."""
    values = [name] + [""] * (len(COLUMNS) - 1)
    for position, value in cells.items():
        values[int(position[1:])] = value
    return values


def frame(*rows, first_line=10):
    df = pd.DataFrame([list(r) for r in rows], columns=COLUMNS)
    df["source_line"] = [str(first_line + i) for i in range(len(df))]
    return df


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


def test_a_row_that_fits_is_not_flagged():
    assert conversion.findings(ENG, frame(row("A", c1="Oui", c9="1", c10="2", c11="Oui"))) == []


def test_a_yes_no_in_a_count_column_is_flagged_with_every_reading_the_row_allows():
    flagged = conversion.findings(ENG, frame(row("T", c1="Oui", c8="3", c9="1", c10="Oui")))
    assert len(flagged) == 1 and flagged[0].misfit_columns == [COLUMNS[10]]
    assert [r.dropped_at for r in flagged[0].readings] == [COLUMNS[8], COLUMNS[9], COLUMNS[10]]
    assert flagged[0].readings[1].cells[8:] == ("3", "", "1", "Oui")


def test_a_single_reading_is_applied_without_totals():
    # nothing fits after the count columns but the rethink call: only one place for the dropped cell
    found = conversion.resolve(ENG, frame(row("T", c1="Oui", c10="Oui")))
    assert found[0].chosen.dropped_at == COLUMNS[10] and found[0].basis == "the only reading the row allows"


def test_the_totals_choose_only_among_the_readings_of_the_row():
    raw = frame(row("T", c1="Oui", c8="3", c9="1", c10="Oui"), row("B", c1="Oui", c10="1"))
    # printed: 1 organiser-member... the reading "the 1 is a participation" meets every total exactly
    found = conversion.resolve(ENG, raw, totals(2, 0, 2, 1, 0, 2))
    assert found[0].chosen.dropped_at == COLUMNS[9]
    assert "closest to the printed total rows" in found[0].basis
    assert {a["reading"].dropped_at for a in found[0].alternatives} == {COLUMNS[8], COLUMNS[10]}
    restored = conversion.restored_frame(ENG, raw, found)
    assert restored.iloc[0][COLUMNS[9:12]].tolist() == ["", "1", "Oui"]
    assert raw.iloc[0][COLUMNS[10]] == "Oui"  # the raw frame itself is never changed


def test_a_tie_between_readings_never_stops_the_rows_become_ambiguous():
    raw = frame(row("T", c1="Oui", c9="1", c10="Oui"))
    # no printed total of the two count columns: nothing tells the two readings apart
    found = conversion.resolve(
        ENG, raw, totals(1, 0, 0, 1, 0, 0).assign(**{COLUMNS[9]: ["", "-"], COLUMNS[10]: ["", "-"]})
    )
    (f,) = found
    assert f.ambiguous and sorted(n for ns in f.admissible.values() for n in ns) == ["A", "B"]
    assert f.chosen == f.readings[0] and "cannot decide" in f.basis
    table = conversion.readings_table(found, lambda _t, k: k)
    assert table["status"].tolist() == ["ambiguous", "ambiguous"] and table["combinations"].tolist() == ["A", "B"]
    # the rethink column reads "Oui" under both readings: that total did not take part in choosing
    assert f"Total membres of '{COLUMNS[11]}'" not in table["totals_deciding"].iloc[0]


def test_a_reading_that_makes_a_printed_total_worse_is_not_restored():
    # a typo "Oui" for "1" in the participant column: the only reading moves it to the rethink call, which the
    # printed totals (no member joined the call; 1 participant) contradict
    raw = frame(row("T", c1="Oui", c10="Oui"), row("B", c1="Oui"))
    found = conversion.resolve(ENG, raw, totals(2, 0, 1, 0, 0, 1))
    (f,) = found
    assert f.report_cell and f.chosen is None and f.candidates == []
    assert list(f.vetoed.values())[0] == [("Total membres", COLUMNS[10]), ("Total membres", COLUMNS[11])]
    assert "suspect cells of the report" in f.basis
    conversion.require_fit(ENG, found)  # kept as printed: not a stop
    table = conversion.readings_table(found, lambda _t, k: k)
    assert table["status"].tolist() == ["vetoed", "report_cell"]
    assert conversion.restored_frame(ENG, raw, found).equals(raw)
    # the same row with totals that agree with the reading is restored
    assert conversion.resolve(ENG, raw, totals(2, 0, 0, 1, 0, 0))[0].chosen.dropped_at == COLUMNS[10]


def test_rows_that_fit_but_allow_a_proven_shift_are_weighed_as_readings():
    raw = frame(
        row("T", c1="Oui", c9="1", c10="Oui"),  # proves a dropped cell (organiser or participant)
        row("I", c1="Oui", c9="1"),
        row("J", c1="Oui", c9="1"),
    )
    # printed: 1 organiser, 3 participants, 1 rethink: T read as a participant and exactly one of I, J shifted, or
    # T's other reading (its organiser cell kept) with both I and J shifted: three combinations at distance 0
    found = conversion.resolve(ENG, raw, totals(3, 1, 2, 1, 1, 2))
    proven, i, j = found
    assert proven.chosen.dropped_at == COLUMNS[9] and proven.ambiguous and not proven.vetoed
    assert proven.admissible == {proven.readings[0]: ["A", "B"], proven.readings[1]: ["C"]}
    assert i.kind == j.kind == "suspect" and i.ambiguous and j.ambiguous
    assert i.chosen == i.readings[0]  # the published table keeps a row that fits as printed
    assert i.admissible == {i.readings[0]: ["A"], i.readings[1]: ["B", "C"]}
    table = conversion.readings_table(found, lambda _t, k: k.lower())
    assert conversion.restored_frame(ENG, raw, found).iloc[1:].equals(raw.iloc[1:])
    members = pd.DataFrame({"member_id": ["t", "i", "j"], "wmd_organiser": [0, 1, 1], "wmd_participant": [1, 0, 0]})
    readings = conversion.member_readings(members, table)
    assert list(readings) == ["A", "B", "C"]
    assert readings["A"]["wmd_organiser"].tolist() == [0, 1, 0] and readings["B"]["wmd_organiser"].tolist() == [0, 0, 1]
    assert readings["C"]["wmd_organiser"].tolist() == [1, 0, 0]
    assert all(int((m["wmd_organiser"] > 0).sum()) == 1 for m in readings.values())
    assert members["wmd_organiser"].tolist() == [0, 1, 1]  # the published table is not changed
    # nothing ambiguous: one table, the members as published
    assert list(conversion.member_readings(members, table[table["status"] == "applied"])) == ["A"]


def test_combination_names():
    assert conversion.combination_names(3) == ["A", "B", "C"] and conversion.combination_names(28)[26:] == ["AA", "AB"]


def test_several_readings_without_totals_stop():
    with pytest.raises(conversion.ConversionError, match="no totals"):
        conversion.resolve(ENG, frame(row("T", c1="Oui", c8="3", c9="1", c10="Oui")))


def test_a_misfit_no_dropped_cell_explains_stops_with_the_cell_named():
    found = conversion.resolve(ENG, frame(row("T", c1="Oui", c2="Oui", c11="Oui")))
    with pytest.raises(conversion.ConversionError, match=r"'Oui' is not blank or 1"):
        conversion.require_fit(ENG, found)


def test_a_year_is_not_a_count():
    assert not conversion.fits("count", "2019") and conversion.fits("year", "2019") and conversion.fits("count", "12")


def test_rows_that_fit_are_only_named_as_suspects_never_restored():
    raw = frame(row("T", c1="Oui", c9="1", c10="Oui"), row("I", c1="Oui", c9="1"), row("J", c1="Oui", c9="1", c10="1"))
    suspects = conversion.suspects(ENG, raw, COLUMNS[9])
    assert [s[1] for s in suspects] == ["I"]  # J would put a count in the rethink column
    assert suspects[0][3][9:11] == ("", "1")


@pytest.mark.parametrize(
    "table, columns, cells, misfit",
    [
        ("events_calendar", None, ["15/01/2020", "Titre", "16/01/2020", ""], "Lieu"),
        ("action_plan_deliverables", None, ["", "v", "L1M1D1 Calendrier"], "Résultats et documents livrables"),
    ],
)
def test_the_other_tables_flag_cells_out_of_place(table, columns, cells, misfit):
    names = conversion.printed_columns(table)
    df = pd.DataFrame([cells], columns=names).assign(source_line="5")
    flagged = conversion.findings(table, df)
    assert flagged and misfit in flagged[0].misfit_columns
