"""Unit tests of metropolis_report.analysis.stats."""

import pytest

from metropolis_report.analysis import stats


def test_wilson_interval_matches_known_values():
    # Wilson (1927) by hand: centre (p + z²/2n) / (1 + z²/n), half-width z √(p(1-p)/n + z²/4n²) / (1 + z²/n)
    n, p, z = 16, 9 / 16, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5 / (1 + z * z / n)
    lo, hi = stats.wilson_interval(9, 16, 0.95)
    assert lo == pytest.approx(centre - half, abs=1e-9) and hi == pytest.approx(centre + half, abs=1e-9)
    assert lo == pytest.approx(0.3318, abs=1e-4)
    with pytest.raises(ValueError):
        stats.wilson_interval(5, 4)
