"""Unit tests of metropolis_report.validate.suites."""

import json

from metropolis_report import config, schema
from metropolis_report.validate import gatekeeper, suites


def test_committed_suites_match_the_generator():
    generated = suites.suite_definitions()
    committed = {p.stem: p.read_text(encoding="utf-8") for p in config.EXPECTATIONS_DIR.glob("*.json")}
    assert sorted(committed) == sorted(generated), "run `make expectations` and review the diff"
    for name, suite in generated.items():
        assert committed[name] == suites.suite_json(suite), f"{name}: run `make expectations` and review the diff"


def test_every_processed_table_has_a_suite_with_its_columns_and_key():
    for name, spec in schema.tables().items():
        suite = json.loads((config.EXPECTATIONS_DIR / f"{name}.json").read_text(encoding="utf-8"))
        kinds = {e["type"]: e["kwargs"] for e in suite["expectations"]}
        assert kinds["expect_table_columns_to_match_ordered_list"]["column_list"] == spec.column_names
        uniques = [
            e["kwargs"]["column"] for e in suite["expectations"] if e["type"] == "expect_column_values_to_be_unique"
        ]
        assert spec.key in uniques


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
