"""The published member table is one admissible reading of table 4.1, named: summed under each admissible
combination of readings of the text conversion, the rows give the printed totals, and the published rows are
combination A's (conversion_readings.csv lists the others)."""

import pandas as pd

from metropolis_report import config, storage, wording
from metropolis_report.transform import ambiguity

COUNTED = ["learning_activities", "wmd_organiser", "wmd_participant"]  # the columns the undecided readings move


def totals(table: pd.DataFrame, printed: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """(computed, printed) of every total row cell of table 4.1 over the counted columns."""
    out = {}
    for _, row in printed[(printed["table"] == "4.1") & printed["column"].isin(COUNTED)].iterrows():
        values = table[row["column"]].fillna(0)
        computed = (
            int((values > 0).sum())
            if row["row_label"] == wording.current().word("total_members")
            else int(values.sum())
        )
        out[row["total_id"]] = (computed, int(row["value"]))
    return out


def under(combination: str, members: pd.DataFrame, readings: pd.DataFrame) -> pd.DataFrame:
    """The member table with the five undecided rows read as ``combination`` reads them."""
    keys = wording.current().keys("members_engagement")
    table = members.set_index("member_id")[COUNTED].astype(float)
    chosen = readings[readings["combinations"].fillna("").str.split("; ").map(lambda c: combination in c)]
    for _, reading in chosen.iterrows():
        cells = [c.strip() for c in reading["reading_row"].split("|")]
        for column in COUNTED:
            table.at[reading["row_key"], column] = float(cells[keys.index(column)] or 0)
    return table


def test_the_published_table_is_combination_a_and_every_combination_gives_the_printed_totals(built_report):
    members = storage.read("members", config.PROCESSED_DIR)
    printed = storage.read("printed_totals", config.PROCESSED_DIR)
    readings = storage.read("conversion_readings", config.PROCESSED_DIR)
    readings = readings[readings["raw_table"] == "members_engagement"]
    names = sorted({c for cell in readings["combinations"].dropna() for c in cell.split("; ") if c})
    assert names[0] == ambiguity.PUBLISHED and len(names) == 5  # the auditor's count: readings A to E
    for name in names:
        sums = totals(under(name, members, readings), printed)
        assert all(computed == value for computed, value in sums.values()), (name, sums)
    published = members.set_index("member_id")[COUNTED].astype(float)
    pd.testing.assert_frame_equal(published, under(ambiguity.PUBLISHED, members, readings))
    # the check itself: the rows as printed (the mix the table published before) miss the printed totals
    as_printed = readings[readings["reading_id"].str.endswith(":printed")]
    mixed = under(ambiguity.PUBLISHED, members, readings)
    for _, reading in as_printed.iterrows():
        cells = [c.strip() for c in reading["reading_row"].split("|")]
        keys = wording.current().keys("members_engagement")
        for column in COUNTED:
            mixed.at[reading["row_key"], column] = float(cells[keys.index(column)] or 0)
    assert any(computed != value for computed, value in totals(mixed, printed).values())
