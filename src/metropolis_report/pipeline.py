"""The staging steps of the pipeline, shared by the cleaning notebooks and the tests.

raw (data/raw) -> stage_members -> stage_annexes -> staged tables (build/staging)
               -> validate.run + validate.publish -> data/processed
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import claims, clean, gender, schema


def stage_members(raw_dir: Path, staging_dir: Path, curated_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    tables = clean.clean_members(Path(raw_dir), Path(curated_dir) if curated_dir else None)
    for name, frame in tables.items():
        schema.write(frame, name, staging_dir)
    return tables


def stage_annexes(raw_dir: Path, staging_dir: Path) -> dict[str, pd.DataFrame]:
    """Calendar, action plan, publications, funding and the claims catalogue (independent of the members)."""
    tables = clean.clean_annexes(Path(raw_dir))
    for name, frame in tables.items():
        schema.write(frame, name, staging_dir)
    return tables


AUDIT_INPUTS = ("members", "printed_totals", "events", "pilot_projects", "publications", "funding", "claims",
                "corrections")


def stage_derived(raw_dir: Path, staging_dir: Path) -> dict[str, pd.DataFrame]:
    """gender_metrics and claims_audit, from the staged tables (so that validation checks them too)."""
    staged = {name: schema.read(name, staging_dir) for name in AUDIT_INPUTS}
    lists = claims.load_lists(Path(raw_dir))
    tables = {
        "gender_metrics": gender.build(staged["claims"], staged["members"], staged["publications"],
                                       lists["list_regional_secretaries"]),
        "claims_audit": claims.audit(claims.Data(**staged, lists=lists)),
    }
    for name, frame in tables.items():
        schema.write(frame, name, staging_dir)
    return tables


def stage_all(raw_dir: Path, staging_dir: Path) -> None:
    stage_members(raw_dir, staging_dir)
    stage_annexes(raw_dir, staging_dir)
    stage_derived(raw_dir, staging_dir)
