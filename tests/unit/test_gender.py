"""The gender share metric: counts a rounded printed share allows."""

import pandas as pd
import pytest

from metropolis_report import clean, gender


@pytest.mark.parametrize(
    "share, decimals, total, expected",
    [
        (44, 0, 290, (127, 129)),  # 44 % of 290: 127.6 rounds to 128, but 127 and 129 also print as 44 %
        (46, 0, 50, (23, 23)),
        (15.6, 1, 141, (22, 22)),
        (36, 0, 160, (57, 58)),
    ],
)
def test_share_range(share, decimals, total, expected):
    assert gender.share_range(share, decimals, total) == expected


def test_share_range_refuses_an_impossible_share():
    with pytest.raises(ValueError):
        gender.share_range(34, 0, 3)  # 1 of 3 is 33 %, 2 of 3 is 67 %


def test_share_metric_locates_share_and_total_by_wording():
    text = "Au total, 290 personnes (44 % de femmes et 56 % d'hommes) impliquées"
    rows = [
        {
            "claim_id": f"2.1-{i}",
            "section": "2.1",
            "claim_text": text,
            "wording": clean.wording(text, i),
            "printed_value": p,
            "value": v,
            "qualifier": "exact",
            "source_line": 5,
        }
        for i, (p, v) in enumerate([("290", 290.0), ("44 %", 44.0), ("56 %", 56.0)], 1)
    ]
    spec = next(s for s in gender.SHARE_SPECS if s.metric_id == "wmd_participants")
    row = gender.share_metric(pd.DataFrame(rows), spec)
    assert (row["total_count"], row["women_count"], row["women_count_min"], row["women_count_max"]) == (
        290,
        128,
        127,
        129,
    )
    changed = [dict(r, value=300.0, printed_value="300") if r["claim_id"] == "2.1-1" else r for r in rows]
    assert (
        gender.share_metric(pd.DataFrame(changed), spec)["total_count"] == 300
    )  # a changed figure is read, never stops
