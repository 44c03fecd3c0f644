"""Unit tests of metropolis_report.validate.gatekeeper: the values the suites take from the data, and publishing
data/processed/ (a publisher killed between two tables leaves every table whole)."""

import json
import os
import signal
import subprocess
import sys
import textwrap

from metropolis_report import config, schema, storage
from metropolis_report.validate import gatekeeper

# a publisher that is killed (SIGKILL: no handler, no cleanup) once its temporary file of the second table is
# written, before that file is renamed into place
KILLED_ON_SECOND_TABLE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from metropolis_report.validate import gatekeeper

    replace, calls = Path.replace, []
    def replace_then_die(self, target):
        calls.append(target)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return replace(self, target)
    Path.replace = replace_then_die
    gatekeeper.publish(Path(sys.argv[1]), Path(sys.argv[2]), [])
    """
)


def test_a_publisher_killed_between_two_tables_leaves_each_old_or_new_and_the_next_run_cleans_up(tmp_path):
    from metropolis_report.validate import gatekeeper

    staging, processed = tmp_path / "staging", tmp_path / "processed"
    staging.mkdir(), processed.mkdir()
    names = schema.layer("clean")
    old = {name: f"key\nold {name}\n" for name in names}
    new = {name: f"key\nnew {name}\nsecond row\n" for name in names}
    for name in names:
        (processed / f"{name}.csv").write_text(old[name])
        (staging / f"{name}.csv").write_text(new[name])

    run = subprocess.run(
        [sys.executable, "-c", KILLED_ON_SECOND_TABLE, str(staging), str(processed)],
        env={**os.environ, "PYTHONPATH": str(config.PROJ_ROOT / "src")},
    )
    assert run.returncode == -signal.SIGKILL
    published = {name: (processed / f"{name}.csv").read_text() for name in names}
    assert all(published[name] in (old[name], new[name]) for name in names)  # no table is torn
    assert [name for name in names if published[name] == new[name]] == names[:1]  # published up to the kill
    # the temporary file of the second table is left behind, whole or not
    stale = [p.name for p in processed.glob(".*.tmp")]
    assert len(stale) == 1 and stale[0].startswith(f".{names[1]}.csv.") and stale[0].endswith(".tmp"), stale

    # the next run (the build that make starts again, a while later) publishes every table and leaves no
    # temporary file
    os.utime(processed / stale[0], (1_000_000_000, 1_000_000_000))
    gatekeeper.publish(staging, processed, [])
    assert {name: (processed / f"{name}.csv").read_text() for name in names} == new
    assert sorted(p.name for p in processed.iterdir()) == sorted(
        [f"{name}.csv" for name in names] + [gatekeeper.SUMMARY["clean"]]
    )
    assert storage.remove_stale_temporaries(processed / f"{names[1]}.csv") == []


def test_cross_table_rules_take_their_values_from_the_data():
    """A rule across tables (every mention names a member of the members table) is a placeholder in the committed
    suite; the gate fills it from the tables it validates, so an id the members table does not hold fails it."""
    import great_expectations as gx
    import pandas as pd

    suite = json.loads((config.EXPECTATIONS_DIR / "member_mentions.json").read_text(encoding="utf-8"))
    rules = [e for e in suite["expectations"] if e["kwargs"].get("value_set") == {"$PARAMETER": "member_ids"}]
    assert [r["kwargs"]["column"] for r in rules] == ["member_id"]
    members = pd.DataFrame({"member_id": ["tunis", "paris"]})
    mentions = pd.DataFrame({"list_name": ["x", "y"], "member_id": ["paris", "lyon"]})
    params = gatekeeper.suite_parameters(
        {
            "members": members,
            "member_mentions": mentions,
            "claims": pd.DataFrame({"claim_id": ["2-01"]}),
            "printed_totals": pd.DataFrame({"total_id": ["t"]}),
        }
    )
    assert params["member_ids"] == ["paris", "tunis"]  # from the members table, sorted
    context = gx.get_context(mode="ephemeral")
    batch = (
        context.data_sources.add_pandas("tables")
        .add_dataframe_asset("member_mentions")
        .add_batch_definition_whole_dataframe("all")
        .get_batch(batch_parameters={"dataframe": mentions})
    )
    only = gx.ExpectationSuite(
        name="member_ids", expectations=[gx.expectations.ExpectColumnValuesToBeInSet(**rules[0]["kwargs"])]
    )
    result = batch.validate(only, expectation_parameters=params, result_format={"result_format": "COMPLETE"})
    assert not result.success and result.results[0].result["unexpected_list"] == ["lyon"]
    members.loc[2] = ["lyon"]
    params = gatekeeper.suite_parameters(
        {
            **{"members": members, "member_mentions": mentions},
            "claims": pd.DataFrame({"claim_id": []}),
            "printed_totals": pd.DataFrame({"total_id": []}),
        }
    )
    assert batch.validate(only, expectation_parameters=params).success


def test_a_failed_column_list_names_make_expectations_and_a_row_count_where_to_record_it():
    outcomes = [
        gatekeeper.Outcome("members", "expect_table_columns_to_match_ordered_list", "(table)", False, "[...]"),
        gatekeeper.Outcome("members", "expect_table_row_count_to_equal", "(table)", False, "144"),
        gatekeeper.Outcome("members", "expect_column_values_to_not_be_null", "name", False, "1 unexpected of 141"),
        gatekeeper.Outcome("events", "expect_column_values_to_be_unique", "event_id", True, ""),
    ]
    lines = gatekeeper.failure_message(outcomes).split("\n")
    assert lines[0].startswith("3 of 4 expectations failed; nothing was published")
    assert "run `make expectations` and review the diff" in lines[1]
    assert "metadata/edition_rows.csv" in lines[2] and "make expectations" not in lines[2]
    assert lines[3].endswith("offending rows: n/a")  # the data's own failure: no step to suggest
