"""The steps of the pipeline, shared by the notebooks and the tests.

raw (data/raw) -> stage_members, stage_annexes -> staged tables (build/staging)
               -> assemble_staged -> gatekeeper.run (the gate) -> gatekeeper.publish -> data/processed
data/processed -> derive (audit, gender metrics, cross-checks) -> their own suites -> data/processed
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from metropolis_report import schema, storage
from metropolis_report.transform import annexes, members

STAGED_PARTS = {"corrections": ("corrections_members", "corrections_annexes")}  # table -> staged parts, in order


def _write_part(frame: pd.DataFrame, table: str, part: str, folder: Path) -> None:
    storage.write_atomic(Path(folder) / f"{part}.csv", storage.to_csv_text(storage.conform(frame, table), table))


def stage_members(raw_dir: Path, staging_dir: Path, curated_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    tables = members.clean_members(Path(raw_dir), Path(curated_dir) if curated_dir else None)
    for name, frame in tables.items():
        if name == "corrections":
            _write_part(frame, "corrections", "corrections_members", staging_dir)
        else:
            storage.write(frame, name, staging_dir)
    return tables


def stage_annexes(raw_dir: Path, staging_dir: Path) -> dict[str, pd.DataFrame]:
    """Calendar, action plan, publications, funding, claims and lists (independent of the members)."""
    tables = annexes.clean_annexes(Path(raw_dir))
    for name, frame in tables.items():
        if name == "corrections_annexes":
            _write_part(frame, "corrections", name, staging_dir)
        else:
            storage.write(frame, name, staging_dir)
    return tables


def assemble_staged(staging_dir: Path) -> None:
    """Join the parts of a table that two cleaning steps stage separately (they run in parallel)."""
    for table, parts in STAGED_PARTS.items():
        frames = [
            pd.read_csv(Path(staging_dir) / f"{p}.csv", dtype="string", keep_default_na=False, na_values=[""])
            for p in parts
            if (Path(staging_dir) / f"{p}.csv").exists()
        ]
        storage.write(pd.concat(frames, ignore_index=True), table, staging_dir)


def derive(processed_dir: Path, expectations_dir: Path | None = None, **parameters) -> dict[str, pd.DataFrame]:
    """The derived tables, from validated tables only (data/processed/); the findings last, from the others
    (``parameters`` are those of the findings: confidence, engagement_min, top_n, permutations)."""
    from metropolis_report.derive import audit, audit_inputs, cross_checks, findings, gender

    data = audit_inputs.load(processed_dir)
    derived = {
        "gender_metrics": gender.build(data.claims, data.members, data.publications, data.annex_lists),
        "claims_audit": audit.audit(data),
        "cross_checks": cross_checks.consistency_checks(data),
    }
    tables = {name: storage.read(name, processed_dir) for name in findings.TABLES if name not in derived}
    derived["findings"], derived["finding_sources"] = findings.build(
        {**tables, **derived}, quality=_quality(processed_dir, expectations_dir), **parameters
    )
    return derived


def _quality(processed_dir: Path, expectations_dir: Path | None) -> dict:
    """The gate's published summary and the size of the derived tables' suites (all must pass to publish)."""
    from metropolis_report import config
    from metropolis_report.validate import gatekeeper, suites

    gate = gatekeeper.read_summary(processed_dir)
    loaded = suites.load_suites(expectations_dir or config.EXPECTATIONS_DIR)
    derived = [s for n, s in loaded.items() if n in schema.layer("derived")]
    return {
        "gate": gate,
        "derived_expectations": sum(len(s["expectations"]) for s in derived),
        "derived_suites": len(derived),
        "derived_tables": len(schema.layer("derived")),
    }


def stage_all(raw_dir: Path, staging_dir: Path) -> None:
    stage_members(raw_dir, staging_dir)
    stage_annexes(raw_dir, staging_dir)
    assemble_staged(staging_dir)


class NotBuiltYet(RuntimeError):
    """A step that reads data/processed/ was started before the tables were published.

    In JupyterLab it shows as its one sentence, not as a traceback (IPython's ``_render_traceback_``)."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def _require(folder: Path, names: list[str], what: str, action: str) -> None:
    missing = [n for n in names if not (Path(folder) / f"{n}.csv").exists()]
    if missing:
        shown = ", ".join(missing[:3]) + ("…" if len(missing) > 3 else "")
        raise NotBuiltYet(f"{what} ({shown}): {action}")


def require_published(processed_dir: Path, names: list[str] | None = None) -> None:
    """Say in one sentence what to run when the validated tables are not there yet."""
    _require(
        processed_dir,
        names or schema.layer("clean"),
        "This chapter reads tables that are not built yet",
        "run `make report` in the project folder first.",
    )


def require_staged(staging_dir: Path) -> None:
    """The gate needs the staged tables of both cleaning notebooks."""
    parts = [n for n in schema.layer("clean") if n not in STAGED_PARTS]
    parts += [p for ps in STAGED_PARTS.values() for p in ps]
    _require(
        staging_dir,
        parts,
        "The cleaned tables are not staged yet",
        "run the notebooks 10 and 11 first, or `make report` in the project folder.",
    )
