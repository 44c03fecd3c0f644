"""Unit tests of metropolis_report.transform.conversion."""

import pandas as pd
import pytest

from metropolis_report.transform import ambiguity, conversion
from tests.unit.transform.helpers import COLUMNS, ENG, frame, row


def test_a_row_that_fits_is_not_flagged():
    assert conversion.findings(ENG, frame(row("A", c1="Oui", c9="1", c10="2", c11="Oui"))) == []


def test_a_yes_no_in_a_count_column_is_flagged_with_every_reading_the_row_allows():
    flagged = conversion.findings(ENG, frame(row("T", c1="Oui", c8="3", c9="1", c10="Oui")))
    assert len(flagged) == 1 and flagged[0].misfit_columns == [COLUMNS[10]]
    assert [r.dropped_at for r in flagged[0].readings] == [COLUMNS[8], COLUMNS[9], COLUMNS[10]]
    assert flagged[0].readings[1].cells[8:] == ("3", "", "1", "Oui")


def test_several_readings_without_totals_stop():
    with pytest.raises(conversion.ConversionError, match="no totals"):
        ambiguity.resolve(ENG, frame(row("T", c1="Oui", c8="3", c9="1", c10="Oui")))


def test_a_misfit_no_dropped_cell_explains_stops_with_the_cell_named():
    found = ambiguity.resolve(ENG, frame(row("T", c1="Oui", c2="Oui", c11="Oui")))
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
