"""The gate: run every suite in one Great Expectations process and publish data/processed/ only if all pass.

`great_expectations` is imported once, inside `run()`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from metropolis_report import config, editions, schema, storage, wording
from metropolis_report.validate.suites import RAW_PREFIX, SUITE_DIR, ValidationFailed, load_suites


@dataclass
class Outcome:
    suite: str
    expectation: str
    column: str
    success: bool
    observed: str
    unexpected: list = field(default_factory=list)
    notes: str = ""


def suite_parameters(frames: dict[str, pd.DataFrame]) -> dict:
    members = frames["members"]
    mentions = frames["member_mentions"]
    params = {
        "member_ids": sorted(members["member_id"].astype(str)),
        "edition_year": editions.current().year,
        "total_labels": list(wording.current().total_labels()),
    }
    # the row counts reviewed for the edition built (metadata/tables.csv, or edition_rows.csv for another edition)
    params.update({f"reviewed_rows_{name}": rows for name, rows in editions.reviewed_rows().items()})
    for raw, flag in schema.member_lists().items():
        listed = mentions[(mentions["list_name"] == raw) & mentions["member_id"].notna()]
        params[f"listed_{flag}"] = int(listed["member_id"].nunique())
    claims = frames.get("claims")
    totals = frames.get("printed_totals")
    params["claim_ids"] = sorted(set(claims["claim_id"].astype(str)) | set(totals["total_id"].astype(str)))
    if "findings" in frames:
        params["finding_ids"] = sorted(frames["findings"]["finding_id"].astype(str))
        # the chapters are the numbered notebooks (the book's own listing, publish.layout, reads the same folder)
        params["chapters"] = [nb.stem for nb in sorted(config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))] + ["index"]
        for table in schema.column("finding_sources", "source_table").value_set:
            key = schema.table(table).key
            params[f"rows_{table}"] = sorted(frames[table][key].astype(str)) + ["*"]
    return params


def _describe_unexpected(result: dict, limit: int = 10) -> list:
    rows = result.get("unexpected_index_list") or []
    if rows:
        return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in rows[:limit]]
    return list(result.get("partial_unexpected_list") or result.get("unexpected_list") or [])[:limit]


def run(
    staging_dir: Path,
    expectations_dir: Path = SUITE_DIR,
    raw_dir: Path | None = None,
    layer: str = "clean",
    context_dir: Path | None = None,
) -> tuple[list[Outcome], dict[str, pd.DataFrame]]:
    """Validate the staged tables of one layer (and, for the clean layer, the raw tables).

    layer "clean": the gate, over the cleaned tables and the raw tables they come from;
    layer "derived": the tables computed from data/processed/ (``context_dir``), which supplies the
    values of the cross-table rules.
    """
    import logging

    raw_dir = editions.current().raw_dir if raw_dir is None else raw_dir
    # jsonschema (imported by GX) loads the optional IRI checker rfc3987_syntax, 1.2 s of grammar
    # building; no suite here checks an IRI format
    sys.modules.setdefault("rfc3987_syntax", None)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    suites = _suites_of(layer, expectations_dir)
    frames, raw_frames, context_frames = _tables_to_check(
        staging_dir, raw_dir, layer, context_dir, suites, expectations_dir
    )

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("tables")
    params = suite_parameters(context_frames)
    outcomes: list[Outcome] = []
    for name, suite_dict in suites.items():
        frame = raw_frames[name[len(RAW_PREFIX) :]] if name.startswith(RAW_PREFIX) else frames[name]
        batch = (
            source.add_dataframe_asset(name)
            .add_batch_definition_whole_dataframe("all")
            .get_batch(batch_parameters={"dataframe": frame})
        )
        result = _validate(batch, gx.ExpectationSuite(**suite_dict), params, _index_columns(name, frame))
        outcomes += _outcomes(name, result)
    return outcomes, frames


def _suites_of(layer: str, expectations_dir: Path) -> dict[str, dict]:
    """The suites that check a layer (the clean layer's also check the raw tables), refusing a suite that names
    no table of the data dictionary."""
    names = schema.layer(layer)
    all_suites = load_suites(expectations_dir)
    unknown = sorted(n for n in all_suites if not n.startswith(RAW_PREFIX) and n not in schema.tables())
    if unknown:
        raise ValidationFailed(f"suites {unknown} in {expectations_dir} name no table of the data dictionary")
    return {n: s for n, s in all_suites.items() if n in names or (layer == "clean" and n.startswith(RAW_PREFIX))}


def _tables_to_check(
    staging_dir: Path,
    raw_dir: Path,
    layer: str,
    context_dir: Path | None,
    suites: dict[str, dict],
    expectations_dir: Path,
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """The staged tables of the layer, the raw tables its suites check, and the tables the cross-table rules
    read (for the derived layer, the published clean tables too)."""
    from metropolis_report.transform.cleaning import read_keyed

    frames: dict[str, pd.DataFrame] = {}
    for name in schema.layer(layer):
        path = Path(staging_dir) / f"{name}.csv"
        if not path.exists():
            raise ValidationFailed(f"{name}: staged table {path} is missing (did the step that makes it run?)")
        frames[name] = storage.read(name, staging_dir)
    raw_frames = {
        name[len(RAW_PREFIX) :]: read_keyed(raw_dir, name[len(RAW_PREFIX) :])
        for name in suites
        if name.startswith(RAW_PREFIX)
    }
    missing = sorted(set(frames) - set(suites))
    if missing:
        raise ValidationFailed(f"no expectation suite for the tables {missing} in {expectations_dir}")
    context_frames = dict(frames)
    if layer != "clean":
        context_frames = {**{n: storage.read(n, context_dir) for n in schema.layer("clean")}, **frames}
    return frames, raw_frames, context_frames


def _index_columns(name: str, frame: pd.DataFrame) -> list[str]:
    """The columns that name an offending row: the table's key, then its line of the report."""
    index_columns = [c for c in ("source_line",) if c in frame.columns]
    key = schema.tables()[name].key if name in schema.tables() else None
    if key and key not in index_columns:
        index_columns.insert(0, key)
    return index_columns


def _validate(batch, suite, params: dict, index_columns: list[str]):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # BASIC (observed values and counts) is a third faster than COMPLETE; a suite with a failure is
        # run again with COMPLETE, which names the offending rows by key and source line
        result = batch.validate(suite, expectation_parameters=params, result_format={"result_format": "BASIC"})
        if not result.success:
            result = batch.validate(
                suite,
                expectation_parameters=params,
                result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index_columns},
            )
    return result


def _outcomes(name: str, result) -> list[Outcome]:
    """One Outcome per expectation of suite ``name``'s result; an expectation that raised stops the gate."""
    outcomes = []
    for r in result.results:
        if r.exception_info and r.exception_info.get("raised_exception"):
            raise ValidationFailed(f"suite {name}: GX raised {r.exception_info.get('exception_message')}")
        kwargs = r.expectation_config.kwargs
        column = (
            kwargs.get("column")
            or ", ".join(str(kwargs[k]) for k in ("column_A", "column_B") if k in kwargs)
            or "(table)"
        )
        observed = r.result.get("observed_value")
        if observed is None and "unexpected_count" in r.result:
            observed = f"{r.result['unexpected_count']} unexpected of {r.result.get('element_count')}"
        outcomes.append(
            Outcome(
                suite=name,
                expectation=r.expectation_config.type,
                column=column,
                success=bool(r.success),
                observed=str(observed)[:200] if observed is not None else "",
                unexpected=[] if r.success else _describe_unexpected(r.result),
                notes=(r.expectation_config.meta or {}).get("notes", ""),
            )
        )
    return outcomes


# The next step for a failed expectation of these kinds: what a deliberate change (a new edition, a new column)
# must be followed by; any other failure is the data's.
NEXT_STEP = {
    "expect_table_columns_to_match_ordered_list": (
        "if the data dictionary (metadata/columns.csv) or the layout changed on purpose, run `make expectations` "
        "and review the diff of expectations/"
    ),
    "expect_table_row_count_to_equal": (
        "if the edition changes this count on purpose, record it: metadata/tables.csv for the default edition, "
        "metadata/edition_rows.csv for another (`make edition` lists them)"
    ),
}


def failure_message(outcomes: list[Outcome]) -> str:
    failed = [o for o in outcomes if not o.success]
    lines = [f"{len(failed)} of {len(outcomes)} expectations failed; nothing was published to data/processed/:"]
    for o in failed:
        step = f"; {NEXT_STEP[o.expectation]}" if o.expectation in NEXT_STEP else ""
        lines.append(
            f"  - table {o.suite}, column {o.column}: {o.expectation} failed "
            f"(observed {o.observed or 'n/a'}); offending rows: {o.unexpected or 'n/a'}{step}"
        )
    return "\n".join(lines)


def outcomes_frame(outcomes: list[Outcome]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "suite": o.suite,
                "expectation": o.expectation,
                "column": o.column,
                "result": "passed" if o.success else "FAILED",
                "observed": o.observed,
                "offending_rows": "" if o.success else json.dumps(o.unexpected, ensure_ascii=False, default=str),
                "notes": o.notes,
            }
            for o in outcomes
        ]
    )


def suite_counts(results: pd.DataFrame) -> pd.DataFrame:
    """Expectations and passed expectations per suite, from ``outcomes_frame``."""
    return (
        results.groupby("suite")
        .agg(expectations=("result", "size"), passed=("result", lambda r: (r == "passed").sum()))
        .reset_index()
    )


SUMMARY = {"clean": "validation_summary.json", "derived": "derived_validation_summary.json"}


def read_summary(processed_dir: Path, layer: str = "clean") -> dict:
    """The summary ``publish`` wrote: suites, expectations, passed, and rows per published table."""
    return json.loads((Path(processed_dir) / SUMMARY[layer]).read_text(encoding="utf-8"))


def publish(staging_dir: Path, processed_dir: Path, outcomes: list[Outcome], layer: str = "clean") -> list[Path]:
    """Copy every staged table of the layer to data/processed/ (only tables whose bytes changed are rewritten)."""
    failed = [o for o in outcomes if not o.success]
    if failed:
        raise ValidationFailed(failure_message(outcomes))
    processed_dir = Path(processed_dir)
    written, rows = [], {}
    for name in schema.layer(layer):
        text = (Path(staging_dir) / f"{name}.csv").read_text(encoding="utf-8")
        storage.write_atomic(processed_dir / f"{name}.csv", text)
        written.append(processed_dir / f"{name}.csv")
        rows[name] = text.count("\n") - 1  # no cell holds a line break (the extractor joins lines)
    summary = {
        "suites": len({o.suite for o in outcomes}),
        "expectations": len(outcomes),
        "passed": sum(o.success for o in outcomes),
        "tables": rows,
    }
    storage.write_atomic(processed_dir / SUMMARY[layer], json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return written
