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
    """Annex tables, then the derived gender_metrics and claims_audit (they read the staged members)."""
    raw_dir, staging_dir = Path(raw_dir), Path(staging_dir)
    tables = clean.clean_annexes(raw_dir)
    staged = {name: schema.read(name, staging_dir)
              for name in ("members", "printed_totals", "pilot_projects", "corrections")}
    lists = claims.load_lists(raw_dir)
    tables["gender_metrics"] = gender.build(tables["claims"], staged["members"], tables["publications"],
                                            lists["list_regional_secretaries"])
    data = claims.Data(members=staged["members"], printed_totals=staged["printed_totals"],
                       events=tables["events"], pilot_projects=staged["pilot_projects"],
                       publications=tables["publications"], funding=tables["funding"], claims=tables["claims"],
                       corrections=staged["corrections"], lists=lists)
    tables["claims_audit"] = claims.audit(data)
    for name, frame in tables.items():
        schema.write(frame, name, staging_dir)
    return tables
