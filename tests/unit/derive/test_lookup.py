"""Unit tests of metropolis_report.derive.lookup."""

import re

import pytest

from metropolis_report.derive import gender, lookup
from tests.unit.derive.helpers import sentence_claims


def test_a_rule_that_no_longer_fits_the_report_says_which_wording_and_section():
    rule = next(r for r in gender.rules() if r.metric_id == "wmd_participants")
    wrong_section = sentence_claims("Au total, 290 personnes (44 % de femmes)", "2.2", [("290", 290.0), ("44 %", 44.0)])
    with pytest.raises(
        lookup.FigureNotFound, match=re.escape("“# personnes \\(@ de femmes” in a section matching ^2\\.1$")
    ):
        gender.share_metric(wrong_section, rule)
