"""Unit tests of metropolis_report.derive.audit_inputs."""

import re

from metropolis_report.derive import audit_inputs, computations


def test_no_rule_names_a_printed_figure():
    for rule in audit_inputs.rules():
        for text in (rule.locator, rule.argument):  # (a section number is not a figure)
            # digits only inside regex syntax (\d, {n}); a figure of the report never appears
            assert not re.search(r"(?<![\\{,])\d", text), (rule.rule_id, text)


def test_every_rule_names_a_known_computation_and_a_documented_cause():
    for rule in audit_inputs.rules():
        assert rule.computation in computations.COMPUTATIONS, rule.rule_id
        assert rule.default_cause in ("", "report_inconsistent", "unexplained"), rule.rule_id
