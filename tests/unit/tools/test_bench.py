"""Unit tests of tools.bench: the critical path of a build."""

from tools import bench

STEPS = {
    "verify": 1.0,
    "extract": 0.5,
    "10_clean_members": 3.0,
    "11_clean_annexes": 2.0,
    "20_data_quality": 8.0,
    "21_derived_tables": 8.0,
    "30_claims_audit": 4.0,
    "31_engagement": 6.0,
    "32_gender": 4.0,
    "33_events_plan_funding": 5.0,
    "index": 1.0,
}


def test_the_events_chapter_waits_for_the_gate_and_the_others_for_the_derived_step():
    waits = bench.predecessors(STEPS)
    assert waits["33_events_plan_funding"] == ["20_data_quality"]
    assert {waits[s][0] for s in ("30_claims_audit", "31_engagement", "32_gender")} == {"21_derived_tables"}


def test_the_critical_path_is_the_longest_chain_of_steps():
    path = bench.critical_path(STEPS)
    assert [s for s, _ in path] == [
        "verify", "extract", "10_clean_members", "20_data_quality", "21_derived_tables", "31_engagement", "index"
    ]  # fmt: skip
    assert sum(s for _, s in path) == 27.5
    # a chapter beside the derived step that takes longer than it and the slowest chapter after it is the chain
    slow = {**STEPS, "33_events_plan_funding": 20.0}
    assert [s for s, _ in bench.critical_path(slow)][-3:] == ["20_data_quality", "33_events_plan_funding", "index"]
