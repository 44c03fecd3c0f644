"""The inputs of the claims audit: the validated tables it reads (``Data``) and the claim rules of
metadata/layouts/<layout>/claim_rules.csv (``Rule``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from metropolis_report import editions, storage
from metropolis_report.derive import lookup


@dataclass
class Data:
    """The validated tables the audit reads (data/processed/, never data/raw/)."""

    members: pd.DataFrame
    printed_totals: pd.DataFrame
    events: pd.DataFrame
    pilot_projects: pd.DataFrame
    publications: pd.DataFrame
    funding: pd.DataFrame
    claims: pd.DataFrame
    corrections: pd.DataFrame
    conversion_readings: pd.DataFrame
    annex_lists: pd.DataFrame
    report_text: str = ""  # the text conversion of the report, to say what it kept under a heading

    def printed(self, name: str, section: str | None = None) -> float:
        """The printed figure named in metadata/layouts/<layout>/figure_locators.csv, found by its words (``section``: where the
        file gives none, the section to look in)."""
        return lookup.named_value(self.claims, name, section)

    def list(self, name: str) -> pd.DataFrame:
        return self.annex_lists[self.annex_lists["list_name"] == name].reset_index(drop=True)

    @property
    def metropolis_events(self) -> int:
        """Metropolis's own events, as the report counts them (section 2)."""
        return int(self.printed("metropolis_events"))

    @property
    def global_events(self) -> int:
        return len(self.events) - self.metropolis_events


class Watched(Data):
    """The same tables, noting which of them are read (``read``, the names of the fields), also through the methods
    and properties of ``Data``. The audit gives one to each computation: the admissible readings of the text
    conversion change only ``members`` (audit.reading_variants), so a computation that did not read it gives the
    same value under every reading, and is not computed again under each. A Watched of a Watched also notes what
    it reads in the outer one's ``read``, so that an outer watch sees what the computations inside read."""

    def __init__(self, data: Data):
        self.__dict__.update(data.__dict__)
        self.__dict__["read"] = set()
        outer = data.__dict__.get("_notes", ()) if isinstance(data, Watched) else ()
        self.__dict__["_notes"] = (self.__dict__["read"], *outer)

    def __getattribute__(self, name):
        if name in _FIELDS:
            for read in object.__getattribute__(self, "__dict__")["_notes"]:
                read.add(name)
        return object.__getattribute__(self, name)


_FIELDS = frozenset(f.name for f in fields(Data))


AUDIT_INPUTS = (
    "members",
    "printed_totals",
    "events",
    "pilot_projects",
    "publications",
    "funding",
    "claims",
    "corrections",
    "conversion_readings",
    "annex_lists",
)


def load(processed_dir: Path) -> Data:

    report = editions.current().report_path
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    return Data(**{name: storage.read(name, processed_dir) for name in AUDIT_INPUTS}, report_text=text)


@dataclass(frozen=True)
class Rule:
    rule_id: str
    section: str
    locator: str
    computation: str
    argument: str
    quantity: str
    default_cause: str
    note: str

    def applies(self, claim: dict) -> bool:
        return lookup.is_match(claim, self.locator, self.section)


def rules(path: Path | None = None) -> list[Rule]:
    import csv

    with open(path or editions.current().layout_file("claim_rules.csv"), encoding="utf-8", newline="") as handle:
        return [Rule(**row) for row in csv.DictReader(handle)]
