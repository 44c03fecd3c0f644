"""The expectation suites, written from the data dictionary and the cross-table rules below.

Suites are JSON files in expectations/ (GX 1.x ExpectationSuite format), one per processed table plus
structural suites on the raw tables the pipeline reads (`python -m metropolis_report.validate.suites
--write-suites`, or `make expectations`), committed so that every change to a check is reviewed as a JSON diff;
a test fails when the committed suites and the generator disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from metropolis_report import config, schema, storage
from metropolis_report.words import FINDING_WORDS

RAW_PREFIX = "raw."


SUITE_DIR = config.EXPECTATIONS_DIR


class ValidationFailed(RuntimeError):
    """At least one expectation failed; nothing was published."""


def _e(kind: str, meta: str = "", **kwargs) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"notes": meta} if meta else {}}


def _param(name: str) -> dict:
    return {"$PARAMETER": name}


def processed_suite(spec: schema.Table) -> list[dict]:
    exps = [
        _e(
            "expect_table_columns_to_match_ordered_list",
            "exact column set and order (data dictionary)",
            column_list=spec.column_names,
        ),
        _e("expect_column_values_to_be_unique", "table key", column=spec.key),
    ]
    if spec.rows is not None:
        exps.append(
            _e(
                "expect_table_row_count_to_equal",
                "row count reviewed in metadata/tables.csv (another edition's in metadata/edition_rows.csv)",
                value=_param(f"reviewed_rows_{spec.name}"),
            )
        )
    else:
        exps.append(_e("expect_table_row_count_to_be_between", "at least one row", min_value=1))
    for column in spec.columns:
        if not column.nullable:
            exps.append(_e("expect_column_values_to_not_be_null", column=column.name))
        exps.append(
            _e(
                "expect_column_values_to_be_in_type_list",
                f"dictionary type {column.dtype}",
                column=column.name,
                type_list=PANDAS_TYPES[column.dtype],
            )
        )
        if column.value_set:
            exps.append(_e("expect_column_values_to_be_in_set", column=column.name, value_set=column.value_set))
        if column.value_range:
            lo, hi = (_param("edition_year") if end == schema.EDITION_YEAR else end for end in column.value_range)
            exps.append(_e("expect_column_values_to_be_between", column=column.name, min_value=lo, max_value=hi))
    exps += CROSS_TABLE.get(spec.name, [])
    return exps


PANDAS_TYPES = {  # pandas dtypes of the tables as storage.read() types them
    "string": ["StringDtype"],
    "boolean": ["BooleanDtype"],
    "integer": ["Int64Dtype"],
    "number": ["Float64Dtype"],
    "date": ["datetime64[ns]"],
}


# Rules that tie tables together and hold by construction; their values are computed from the
# other tables at validation time (GX suite parameters), never typed in.
CROSS_TABLE: dict[str, list[dict]] = {
    "members": [
        _e(
            "expect_column_values_to_match_regex",
            "readable slug",
            column="member_id",
            regex=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        ),
        _e("expect_column_values_to_match_regex", column="country_iso3", regex=r"^[A-Z]{3}$"),
        _e("expect_column_values_to_be_unique", "one row per line of table 4.1", column="source_line_engagement"),
        _e("expect_column_values_to_be_unique", "one row per line of table 4.2", column="source_line_web"),
        *[
            _e(
                "expect_column_sum_to_be_between",
                f"members flagged = members resolved from {raw}",
                column=flag,
                min_value=_param(f"listed_{flag}"),
                max_value=_param(f"listed_{flag}"),
            )
            for raw, flag in schema.member_lists().items()
        ],
        _e(
            "expect_column_pair_values_to_be_in_set",
            "a pilot role goes with at least one project",
            column_A="pilot_role",
            column_B="pilot_projects",
            value_pairs_set=[("none", 0)] + [(r, n) for r in ("leader", "partner") for n in range(1, 10)],
        ),
    ],
    "member_mentions": [
        _e(
            "expect_column_values_to_be_in_set",
            "referential integrity: every member reference exists in members",
            column="member_id",
            value_set=_param("member_ids"),
        ),
    ],
    "pilot_projects": [
        _e(
            "expect_column_values_to_be_in_set",
            "referential integrity",
            column="member_id",
            value_set=_param("member_ids"),
        ),
    ],
    "corrections": [
        _e(
            "expect_column_values_to_be_in_set",
            "documented rules only (metadata/correction_rules.csv)",
            column="rule",
            value_set=sorted(r["rule"] for r in schema.rows("correction_rules.csv")),
        ),
    ],
    "printed_totals": [
        _e(
            "expect_column_values_to_be_in_set",
            "a total refers to a column of members",
            column="column",
            value_set=[c.name for c in schema.table("members").columns],
        ),
        _e(
            "expect_column_values_to_be_in_set",
            "a total-row label the edition's layout declares (words.csv: total_members, total_sum)",
            column="row_label",
            value_set=_param("total_labels"),
        ),
    ],
    "events": [
        _e(
            "expect_column_pair_values_a_to_be_greater_than_b",
            "an event does not end before it starts",
            column_A="end_date",
            column_B="start_date",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ],
    "deliverables": [
        _e("expect_column_values_to_match_regex", column="deliverable_id", regex=r"^L[1-3]M\d+D\d+$"),
    ],
    "claims_audit": [
        _e(
            "expect_column_values_to_be_in_set",
            "every audited claim is in the catalogue or a printed total",
            column="claim_id",
            value_set=_param("claim_ids"),
        ),
        _e(
            "expect_column_values_to_not_be_null",
            "every discrepancy has a cause",
            column="cause",
            row_condition='status=="discrepancy"',
            condition_parser="pandas",
        ),
        _e(
            "expect_column_values_to_not_be_null",
            "every discrepancy names the quantity it is about",
            column="matter",
            row_condition='status=="discrepancy"',
            condition_parser="pandas",
        ),
        _e(
            "expect_column_values_to_be_null",
            "only a discrepancy has a cause",
            column="cause",
            row_condition='status!="discrepancy"',
            condition_parser="pandas",
        ),
        _e(
            "expect_column_values_to_not_be_null",
            "every figure not derivable says whether the report or the text conversion lacks its data",
            column="data_gap",
            row_condition='status=="not_derivable"',
            condition_parser="pandas",
        ),
        _e(
            "expect_column_values_to_be_null",
            "only a figure not derivable has a data gap",
            column="data_gap",
            row_condition='status!="not_derivable"',
            condition_parser="pandas",
        ),
        _e(
            "expect_column_values_to_not_be_null",
            "a computed value for every checked figure",
            column="computed_value",
            row_condition='status!="not_derivable"',
            condition_parser="pandas",
        ),
    ],
    "conversion_readings": [
        _e(
            "expect_column_values_to_be_in_set",
            "a member row of the text conversion's readings refers to a member",
            column="row_key",
            value_set=_param("member_ids"),
            row_condition='raw_table.str.startswith("members_")',
            condition_parser="pandas",
        ),
    ],
    "claims": [
        _e(
            "expect_column_values_to_match_regex",
            "the figure is marked once in its wording",
            column="wording",
            regex=r"^[^@]*@[^@]*$",
        ),
    ],
    "findings": [
        _e(
            "expect_column_pair_values_to_be_in_set",
            "every word is one its rule can give (metropolis_report.words.FINDING_WORDS)",
            column_A="rule",
            column_B="word",
            value_pairs_set=[(rule, word) for rule, words in FINDING_WORDS.items() for word in words if word],
            ignore_row_if="either_value_is_missing",
        ),
        _e(
            "expect_column_values_to_be_in_set",
            "a rule of the findings (metropolis_report.words.FINDING_WORDS; its functions are in analysis.inference)",
            column="rule",
            value_set=sorted(FINDING_WORDS),
        ),
        _e(
            "expect_column_values_to_be_null",
            "a descriptive finding carries no verdict word",
            column="word",
            row_condition='rule=="descriptive"',
            condition_parser="pandas",
        ),
        _e(
            "expect_column_values_to_not_be_null",
            "every other finding carries the word its rule chose",
            column="word",
            row_condition='rule!="descriptive"',
            condition_parser="pandas",
        ),
        _e(
            "expect_column_pair_values_a_to_be_greater_than_b",
            "an interval's upper end is not below its lower end",
            column_A="effect_high",
            column_B="effect_low",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        _e(
            "expect_column_pair_values_a_to_be_greater_than_b",
            "Holm never lowers a p-value",
            column_A="p_holm",
            column_B="p_value",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        _e(
            "expect_column_values_to_not_be_null",
            "a test's finding names its Holm family",
            column="family",
            row_condition="p_value.notna()",
            condition_parser="pandas",
        ),
        _e(
            "expect_column_values_to_be_in_set",
            "a finding belongs to a chapter",
            column="chapter",
            value_set=_param("chapters"),
        ),
    ],
    "finding_sources": [
        _e(
            "expect_column_values_to_be_in_set",
            "every source belongs to a finding",
            column="finding_id",
            value_set=_param("finding_ids"),
        ),
        *[
            _e(
                "expect_column_values_to_be_in_set",
                f"referential integrity: the row exists in {table} (or * for the whole table)",
                column="source_row",
                value_set=_param(f"rows_{table}"),
                row_condition=f'source_table=="{table}"',
                condition_parser="pandas",
            )
            for table in schema.column("finding_sources", "source_table").value_set
        ],
    ],
    "gender_metrics": [
        _e(
            "expect_column_pair_values_a_to_be_greater_than_b",
            "women are part of the total",
            column_A="total_count",
            column_B="women_count",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ],
}


# raw tables whose rows can share a printed line (comma-separated lists, several figures per line)
SEVERAL_ROWS_PER_LINE = {
    "headline_claims",
    "list_women_governed_members",
    "list_board_women_members",
    "list_regional_secretaries",
    "list_gender_mainstreaming_members",
}


def raw_suite(name: str, columns: list[str]) -> list[dict]:
    exps = [
        _e(
            "expect_table_columns_to_match_ordered_list",
            "printed header, cell for cell (by the keys of the layout's headers.csv)",
            column_list=columns,
        ),
        _e("expect_table_row_count_to_be_between", "not empty", min_value=1),
        _e("expect_column_values_to_not_be_null", column="source_line"),
        _e("expect_column_values_to_match_regex", "a line number", column="source_line", regex=r"^[1-9]\d*$"),
    ]
    if name not in SEVERAL_ROWS_PER_LINE:
        exps.append(_e("expect_column_values_to_be_unique", "one printed line per row", column="source_line"))
    if name in ("members_engagement", "members_web_mentions"):
        exps.append(
            _e(
                "expect_table_row_count_to_equal",
                "one row per member (metadata/tables.csv; another edition's in metadata/edition_rows.csv)",
                value=_param("reviewed_rows_members"),
            )
        )
        exps.append(_e("expect_column_values_to_be_unique", column=columns[0]))  # the member's name
    return exps


def suite_definitions() -> dict[str, dict]:
    from metropolis_report.transform.cleaning import raw_keys

    suites = {}
    for name, spec in schema.tables().items():
        suites[name] = processed_suite(spec)
    # the raw tables under their layout keys (the gate reads them so): the same suites for every edition's wording
    for name, columns in raw_keys().items():
        suites[RAW_PREFIX + name] = raw_suite(name, columns)
    return {
        name: {"name": name, "expectations": exps, "meta": {"generated_by": "metropolis_report.validate.suites"}}
        for name, exps in suites.items()
    }


def suite_json(suite: dict) -> str:
    return json.dumps(suite, ensure_ascii=False, indent=2, default=list) + "\n"


def write_suites(folder: Path = SUITE_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, suite in suite_definitions().items():
        path = folder / f"{name}.json"
        storage.write_atomic(path, suite_json(suite))
        paths.append(path)
    return paths


def load_suites(folder: Path) -> dict[str, dict]:
    suites = {}
    for path in sorted(Path(folder).glob("*.json")):
        suites[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    if not suites:
        raise ValidationFailed(f"no expectation suite found in {folder}")
    return suites


def main(argv: list[str]) -> int:
    if argv[:1] == ["--write-suites"]:
        for path in write_suites():
            print(f"  {path.relative_to(config.PROJ_ROOT)}")
        return 0
    print("usage: python -m metropolis_report.validate.suites --write-suites", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
