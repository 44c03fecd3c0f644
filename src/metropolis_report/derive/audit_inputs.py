"""The claims audit: every figure the report prints, recomputed from its own data or marked not derivable.

The matching rule, applied to every claim alike:
- a figure printed without qualifier, with d decimals, is reproduced when the computed value
  rounded half-up to d decimals equals it. Because a report may also truncate, the verdict is
  computed under truncation too; where the two verdicts differ the claim is flagged
  ``rule_sensitive`` in its method text;
- "plus de R" / "+ R" is reproduced when the computed value is strictly greater than R;
- "près de R" is reproduced when the computed value is within 5 % of R.
A claim whose data the report does not contain is ``not_derivable``, with the reason.

A figure that matches gets a verdict by the strength of the check (metadata/verdicts.csv, read by the audit
table, the annotated report and the index): ``recomputed`` from member rows or list entries;
``consistent_printed`` when the inputs are other printed figures; ``under_definition`` when it matches under
one stated definition (the evidence gives the value under the others the wording allows);
``consistent_with_readings`` when it depends on rows of the text conversion that the printed totals cannot
decide between, and matches under at least one admissible reading (the evidence says how many; the range is
in computed_min / computed_max).

Each figure is located by the rules of metadata/claim_rules.csv: a section and a *locator*, a regular
expression on the claim's ``wording`` (its block of text with this figure as '@' and every other
figure as '#'), so that a rule finds a figure by the words around it and its place in the sentence,
never by its value. The first matching rule applies. A discrepancy gets a ``cause``:
``rounding`` (reproduced under truncation), ``definition`` (reproduced under another definition the
report states), otherwise the rule's default (``report_inconsistent`` when the computed value counts what
the report itself lists, naming any suspect cell of the report behind it; ``unexplained`` when it rests on a
reading of the report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from metropolis_report import config, storage
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

    def printed(self, locator: str, section: str | None = None) -> float:
        """The printed figure whose wording matches ``locator`` (this figure as '@'): found by its words."""
        return lookup.value(self.claims, locator, f"^{re.escape(section)}$" if section else "")

    def list(self, name: str) -> pd.DataFrame:
        return self.annex_lists[self.annex_lists["list_name"] == name].reset_index(drop=True)

    @property
    def metropolis_events(self) -> int:
        """Metropolis's own events, as the report counts them (section 2)."""
        return int(self.printed(r"^@ événements de Metropolis", "2"))

    @property
    def global_events(self) -> int:
        return len(self.events) - self.metropolis_events


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
    from metropolis_report import config

    text = config.REPORT_TEXT.read_text(encoding="utf-8") if config.REPORT_TEXT.exists() else ""
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

    with open(path or config.METADATA_DIR / "claim_rules.csv", encoding="utf-8", newline="") as handle:
        return [Rule(**row) for row in csv.DictReader(handle)]
