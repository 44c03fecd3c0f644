"""Unit tests of metropolis_report.derive.finding_rows."""

from metropolis_report.derive import finding_rows


def test_numbers_read_as_numbers():
    assert (
        finding_rows.signed(0.0) == "0.00"
        and finding_rows.signed(-0.001) == "0.00"
        and finding_rows.signed(0.004) == "0.00"
    )
    assert finding_rows.signed(-2.236) == "-2.24" and finding_rows.signed(0.49) == "+0.49"


def test_a_share_difference_reads_in_percentage_points():
    assert finding_rows.points(-0.1) == "-10.0" and finding_rows.points(0.0) == "0.0"
