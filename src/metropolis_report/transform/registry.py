"""The one member registry: every printed name of a member resolves to one member_id.

Names resolve, in order, against the name printed in table 4.1, the English name, the reviewed
aliases and the known non-member entities (data/raw/curated/). Matching is exact after Unicode
normalisation (NFC) and whitespace folding; nothing is matched by similarity. Fuzzy matching
(rapidfuzz) only *suggests* candidates in the error raised for an unknown name.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from metropolis_report import config


class UnresolvedNameError(ValueError):
    """A printed name that is not a known member, alias or non-member entity."""


def normalize(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip()


@dataclass(frozen=True)
class Resolution:
    member_id: str | None
    entity_id: str
    resolved_by: str  # name | name_en | alias | non_member


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Registry:
    def __init__(self, curated_dir: Path = config.CURATED_DIR):
        self.members = _rows(curated_dir / config.MEMBERS_REGISTRY.name)
        self.by_id = {row["member_id"]: row for row in self.members}
        if len(self.by_id) != len(self.members):
            raise ValueError("members_registry.csv: member_id is not unique")
        self._index: dict[str, Resolution] = {}
        for row in self.members:
            self._add(row["name"], Resolution(row["member_id"], row["member_id"], "name"), "members_registry.csv")
        for row in self.members:
            if normalize(row["name_en"]) not in self._index:
                self._add(
                    row["name_en"], Resolution(row["member_id"], row["member_id"], "name_en"), "members_registry.csv"
                )
        for row in _rows(curated_dir / "member_aliases.csv"):
            if row["member_id"] not in self.by_id:
                raise ValueError(
                    f"member_aliases.csv: alias {row['alias']!r} points to unknown member_id {row['member_id']!r}"
                )
            self._add(row["alias"], Resolution(row["member_id"], row["member_id"], "alias"), "member_aliases.csv")
        for row in _rows(curated_dir / "non_member_entities.csv"):
            self._add(row["alias"], Resolution(None, row["entity_id"], "non_member"), "non_member_entities.csv")

    def listed_in(self, edition: str) -> set[str]:
        """The members an edition's tables list: a registry row names the editions it is in (column ``editions``,
        ids separated by blanks), an empty cell every edition (a member that joined or left between editions
        is in some only)."""
        return {
            row["member_id"]
            for row in self.members
            if not row["editions"].split() or edition in row["editions"].split()
        }

    def _add(self, name: str, resolution: Resolution, where: str) -> None:
        key = normalize(name)
        known = self._index.get(key)
        if known is not None and known.entity_id != resolution.entity_id:
            raise ValueError(f"{where}: {name!r} would name both {known.entity_id!r} and {resolution.entity_id!r}")
        self._index.setdefault(key, resolution)

    def suggestions(self, name: str, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process, utils

        found = process.extract(
            normalize(name), list(self._index), scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
        )
        return [
            f"{candidate!r} ({self._index[candidate].entity_id}, score {score:.0f})" for candidate, score, _ in found
        ]

    def resolve(self, name: str, where: str, line: int | str) -> Resolution:
        found = self._index.get(normalize(name))
        if found is None:
            raise UnresolvedNameError(
                f"{where}, line {line}: the name {name!r} is not a known member, alias or non-member "
                f"entity. Closest known names: {'; '.join(self.suggestions(name))}. If it is a new spelling of "
                "one of them, add a reviewed row to data/raw/curated/member_aliases.csv; if it is a new member, "
                "add its reviewed row to data/raw/curated/members_registry.csv (and an alias for each other "
                "spelling the report prints). Never rename the raw data."
            )
        return found
