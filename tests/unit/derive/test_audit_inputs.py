"""Unit tests of metropolis_report.derive.audit_inputs."""

import re

from metropolis_report.derive import audit_inputs, computations


def test_no_rule_names_a_printed_figure():
    for rule in audit_inputs.rules():
        for text in (rule.locator, rule.argument):  # (a section number is not a figure)
            # digits only inside regex syntax (\d, {n}); a figure of the report never appears
            assert not re.search(r"(?<![\\{,])\d", text), (rule.rule_id, text)


def test_every_computation_of_the_table_is_named_by_a_rule_and_every_rule_names_it_and_a_documented_cause():
    rules = audit_inputs.rules()
    named = {rule.computation for rule in rules}
    assert named == set(computations.COMPUTATIONS)
    for rule in rules:
        assert rule.computation in computations.COMPUTATIONS, rule.rule_id
        assert rule.default_cause in ("", "report_inconsistent", "assumption", "unexplained"), rule.rule_id


def test_watched_tables_note_what_is_read_also_through_methods_and_properties(data):
    watched = audit_inputs.Watched(data)
    assert watched.read == set() and watched.claims is data.claims
    assert watched.global_events == 5  # 7 calendar entries − the 2 Metropolis events printed in section 2
    assert watched.read == {"events", "claims"}
    assert len(watched.list("list_staff")) == 3 and "annex_lists" in watched.read and "members" not in watched.read


def test_a_watch_inside_a_watch_notes_what_it_reads_in_both(data):
    outer = audit_inputs.Watched(data)
    assert outer.events is data.events and outer.read == {"events"}
    inner = audit_inputs.Watched(outer)
    assert inner.read == set()  # what the outer one read before is not the inner one's
    assert inner.claims is data.claims
    assert inner.read == {"claims"} and outer.read == {"events", "claims"}
    assert audit_inputs.Watched(data).members is data.members  # a watch of the plain tables notes nothing in another
    assert outer.read == {"events", "claims"}
