"""Unit tests of metropolis_report.derive.findings."""

from metropolis_report.derive import findings


def test_a_share_difference_reads_in_percentage_points():
    assert findings.points(-0.1) == "-10.0" and findings.points(0.0) == "0.0"
