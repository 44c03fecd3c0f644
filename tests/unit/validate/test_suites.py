"""Unit tests of metropolis_report.validate.suites."""

import json

from metropolis_report import config, schema
from metropolis_report.validate import suites


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
