"""Unit tests of metropolis_report.derive.finding_rows."""

import pandas as pd

from metropolis_report import words
from metropolis_report.publish import present


def test_numbers_read_as_numbers():
    from metropolis_report.derive import finding_rows

    assert (
        finding_rows.signed(0.0) == "0.00"
        and finding_rows.signed(-0.001) == "0.00"
        and finding_rows.signed(0.004) == "0.00"
    )
    assert finding_rows.signed(-2.236) == "-2.24" and finding_rows.signed(0.49) == "+0.49"
    assert finding_rows.points(-0.1) == "-10.0" and finding_rows.points(0.0) == "0.0"
    assert words.plural(1, "item") == "1 item" and words.plural(3, "item") == "3 items"
    ids = pd.Series(["L2M10D1", "L2M2D1", "L1M1D2", "L2M1D10", "L2M1D2"])
    assert ids.sort_values(key=present.natural_key).tolist() == ["L1M1D2", "L2M1D2", "L2M1D10", "L2M2D1", "L2M10D1"]
