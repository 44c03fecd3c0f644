"""How a chapter shows its findings rows: the key findings box, a section's list, the table of the tests behind a
section and the table of the Holm families its findings rest on. The rows themselves are computed in
``derive.findings``; this module only lays them out.
"""

from __future__ import annotations

import html
import json

import pandas as pd

from metropolis_report.analysis import inference
from metropolis_report.derive.finding_rows import FAMILIES, points, signed


def render(rows: pd.DataFrame, section: str | None = None, key: bool = False) -> str:
    """HTML of findings rows: the chapter's key findings box, or the findings of one section (a list)."""
    chosen = rows[rows["key_finding"]] if key else rows[rows["section"] == section] if section else rows
    # a key finding is also in its section's list: its id in the box is its own, so no id is on the page twice
    prefix = "key-finding-" if key else "finding-"
    items = "".join(
        f'<li id="{prefix}{html.escape(r.finding_id.replace(":", "-"))}">{html.escape(r.sentence)}</li>'
        for r in chosen.itertuples()
    )
    if key:
        return (
            '<section class="key-findings" aria-labelledby="key-findings-heading">'
            f'<h2 id="key-findings-heading">Key findings</h2><ul>{items}</ul></section>'
        )
    return f'<ul class="findings">{items}</ul>'


def show(rows: pd.DataFrame, section: str | None = None, key: bool = False):
    """``render`` as an IPython HTML object, for a notebook cell."""
    from IPython.display import HTML

    return HTML(render(rows, section, key))


def choices_table(rows: pd.DataFrame, section: str = "choices") -> pd.DataFrame:
    """The word of each verdict under every combination of the choices (``derive.choices``), one row per index
    variant (and reading, where the readings differ) and one column per finding (and definition): the rows of a
    chapter's "choices" section laid side by side."""
    part = rows[rows["section"] == section]
    if part.empty:
        return pd.DataFrame()
    v = [json.loads(x) for x in part["values"]]
    # the table of findings is sorted by id: the combinations' computed order (the primary index first, the findings
    # in the order the chapter gives them) is in the values
    template_order = part["order"].tolist() if "order" in part else [0] * len(v)
    order = sorted(range(len(v)), key=lambda i: (v[i].get("position", i), template_order[i], v[i].get("column", 0)))
    part, v = part.iloc[order], [v[i] for i in order]
    frame = pd.DataFrame(
        {
            "index": [x["index"] + (f" ({x['reading']})" if x["reading"] else "") for x in v],
            "finding": [x["subject"] + (f" {x['definition']}" if x["definition"] else "") for x in v],
            "word": part["word"].tolist(),
        }
    )
    table = frame.pivot(index="index", columns="finding", values="word")
    return table.loc[frame["index"].unique(), frame["finding"].unique()].rename_axis(None, axis=1).reset_index()


def subject(row) -> str:
    """What a tested finding is about, in words (for the tables of tests)."""
    v = json.loads(row["values"])
    if "first" in v:
        return f"{v['first']} vs {v['second']}"
    return (
        v.get("metric")
        or v.get("label")
        or {"eng_newness": "new members", "eng_web": "web visibility"}.get(row["finding_id"], row["finding_id"])
    )


def test_table(rows: pd.DataFrame, section: str) -> pd.DataFrame:
    """The tests behind a section's findings, one row each: what, n, effect, unadjusted interval, p, Holm p, word."""
    part = rows[(rows["section"] == section) & rows["p_value"].notna()]
    # a difference of shares (a parity test: share − 50 %) in percentage points, as every sentence says it
    shares = (part["rule"] == "parity").tolist()
    return pd.DataFrame(
        {
            "subject": [subject(r) for _, r in part.iterrows()],
            "basis": part["basis"],
            "effect": [f"{points(e)} points" if share else e for e, share in zip(part["effect"], shares, strict=True)],
            "interval": [
                "–"
                if pd.isna(lo)
                else (f"{points(lo)} to {points(hi)} points" if share else f"{signed(lo)} to {signed(hi)}")
                for lo, hi, share in zip(part["effect_low"], part["effect_high"], shares, strict=True)
            ],
            "test": part["test"],
            "p": [inference.p_text(v) for v in part["p_value"]],
            "p_holm": [inference.p_text(v) for v in part["p_holm"]],
            "family": [FAMILIES.get(f, f) for f in part["family"]],
            "verdict": part["word"],
        }
    )


TEST_HEADERS = {
    "subject": "What is compared",
    "basis": "Units",
    "effect": "Effect",
    "interval": "Unadjusted interval",
    "test": "Test",
    "p": "p",
    "p_holm": "Holm p",
    "family": "Holm family (question)",
    "verdict": "Verdict",
}


def families_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The Holm families of a chapter's findings: the question, how many tests the family holds (in the whole
    book) and which of this chapter's findings rest on it."""
    # the words under each combination of the choices are the same tests on other indices: not counted again
    tested = rows[rows["family"].notna() & rows["p_value"].notna() & ~rows["section"].str.endswith("choices")]
    out = []
    for family, part in tested.groupby("family", sort=False):
        size = json.loads(part.iloc[0]["values"]).get("family_size", len(part))
        out.append(
            {"family": family, "question": FAMILIES[family], "tests": size, "findings": ", ".join(part["finding_id"])}
        )
    return pd.DataFrame(out, columns=["family", "question", "tests", "findings"])
