"""The engagement index: one documented score per member built from the items of table 4.1.

The items and their roles are data (``metadata/engagement_items.csv``):
- *participation* items (Congress, bilateral meetings, pilot projects, learning, World Metropolitan Day,
  the rethink call) make the **primary index**: the share of them a member took part in, each a 0/1
  "took part" flag, so every item weighs the same and a single large count cannot dominate;
- the report's own *status* (activated), the *administrative* item (paid the year's dues) and the
  *definition*-dependent items (Board meetings, which only Board members can attend; the indicators system,
  counted for any year or for the report's year only) are **declared variants**: each is added to the primary items in
  turn, and all of them together give the ten-item index.

The *intensity* weighting min-max scales each count instead of reducing it to took part / did not.
Web visibility (table 4.2) is deliberately *not* in the index: it is studied against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from metropolis_report import editions, schema

WEB_COLUMNS = ["web_news", "library_publications", "publication_mentions", "use_cases", "c4gh_initiatives"]
PRIMARY = "primary index (participation items)"
TEN_ITEMS = "all ten items of the table (indicators system any year)"


@dataclass(frozen=True)
class Item:
    item: str
    columns: tuple[str, ...]
    kind: str  # flag | count | present | edition_year
    role: str  # participation | status | administrative | definition
    label: str
    why: str


def year_words(*texts: str) -> list[str]:
    """Labels and reasons with the year the report covers in place of ``{year}``."""
    return [text.replace("{year}", str(editions.current().year)) for text in texts]


@cache
def items() -> tuple[Item, ...]:
    return tuple(
        Item(r["item"], tuple(r["column"].split("+")), r["kind"], r["role"], *year_words(r["label"], r["why"]))
        for r in schema.rows("engagement_items.csv")
    )


def item(name: str) -> Item:
    return next(i for i in items() if i.item == name)


def participation_items() -> list[str]:
    return [i.item for i in items() if i.role == "participation"]


def labels() -> dict[str, str]:
    return {i.item: i.label for i in items()}


def _raw(members: pd.DataFrame, it: Item) -> pd.Series:
    if it.kind == "present":
        return members[it.columns[0]].notna().astype(float)
    if it.kind == "edition_year":
        return (members[it.columns[0]] == editions.current().year).fillna(False).astype(float)
    return sum(members[c].fillna(0).astype(float) for c in it.columns)


def flags(members: pd.DataFrame, names: list[str] | None = None) -> pd.DataFrame:
    """0/1 "took part" flags, one column per item (all items by default)."""
    chosen = [item(n) for n in names] if names else list(items())
    return pd.DataFrame({i.item: (_raw(members, i) > 0).astype(int) for i in chosen}, index=members.index)


def intensity(members: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    out = {}
    for name in names:
        values = _raw(members, item(name))
        span = values.max() - values.min()
        out[name] = (values - values.min()) / span if span else values * 0
    return pd.DataFrame(out, index=members.index)


def variant_items() -> dict[str, list[str]]:
    """Every declared variant of the index and its items; the primary index first."""
    primary = participation_items()
    others = [i for i in items() if i.role != "participation"]
    variants = {PRIMARY: primary}
    variants.update({f"primary + {i.label}": primary + [i.item] for i in others})
    variants[TEN_ITEMS] = primary + [i.item for i in others if i.kind != "edition_year"]
    variants.update({f"primary without {item(n).label}": [p for p in primary if p != n] for n in primary})
    return variants


def scores(members: pd.DataFrame) -> pd.DataFrame:
    """Per member: items set and the share of items set under each variant, the intensity weighting of the
    primary items, and web visibility. Indexed like ``members``."""
    all_flags = flags(members)
    out = pd.DataFrame({"member_id": members["member_id"]}, index=members.index)
    out["items_set"] = all_flags[participation_items()].sum(axis=1)
    out["engagement_index"] = all_flags[participation_items()].mean(axis=1)
    out["intensity_index"] = intensity(members, participation_items()).mean(axis=1)
    out["web_visibility"] = members[WEB_COLUMNS].astype(float).sum(axis=1)
    return out


def variant_scores(members: pd.DataFrame) -> pd.DataFrame:
    """The share of items set under each declared variant, plus the intensity weighting (one column each)."""
    all_flags = flags(members)
    frame = pd.DataFrame({name: all_flags[cols].mean(axis=1) for name, cols in variant_items().items()})
    frame["intensity weighting (primary items)"] = intensity(members, participation_items()).mean(axis=1)
    return frame


def variant_counts(members: pd.DataFrame) -> pd.DataFrame:
    """Items set per member under each declared variant (for the headline share under each)."""
    all_flags = flags(members)
    return pd.DataFrame({name: all_flags[cols].sum(axis=1) for name, cols in variant_items().items()})


def kr20(item_flags: pd.DataFrame) -> float:
    """Kuder-Richardson 20 reliability of a sum of 0/1 items: k/(k-1) · (1 − Σ p(1−p) / var(total))."""
    k = item_flags.shape[1]
    p = item_flags.mean()
    total_variance = item_flags.sum(axis=1).var(ddof=0)
    if k < 2 or total_variance == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - (p * (1 - p)).sum() / total_variance))


def item_table(members: pd.DataFrame) -> pd.DataFrame:
    """How often each item is set, with its role (primary or declared variant) and why."""
    f = flags(members)
    return pd.DataFrame(
        {
            "item": [i.label for i in items()],
            "role": [i.role for i in items()],
            "members": [int(f[i.item].sum()) for i in items()],
            "share": [float(f[i.item].mean()) for i in items()],
            "why": [i.why for i in items()],
        }
    )


def variant_table(members: pd.DataFrame, minimum: int) -> pd.DataFrame:
    """Every declared variant: its items and the members who took part in at least ``minimum`` of them."""
    counts = variant_counts(members)
    return pd.DataFrame(
        {
            "variant": list(counts.columns),
            "items": [len(v) for v in variant_items().values()],
            "engaged": [int((counts[c] >= minimum).sum()) for c in counts.columns],
            "share": [float((counts[c] >= minimum).mean()) for c in counts.columns],
        }
    )
