"""Unit tests of metropolis_report.derive.audit."""

import pandas as pd

from metropolis_report import schema
from metropolis_report.derive import audit, audit_inputs, computations
from metropolis_report.transform import printed_figures
from tests.unit.derive.helpers import claim


def test_the_census_finds_figures_in_digits_and_in_words_and_coverage_matches_them():
    from metropolis_report.extract import figures

    assert [w for _, _, w, _ in figures.word_figures("les quatre rapports, le troisième hashtag, une fois")] == [
        "quatre",
        "troisième",
    ]  # "une" is an article, not a figure by its words alone
    assert printed_figures.figure_spans("Cinq programmes, 5 programmes", words=True) == [(0, 4), (17, 18)]
    catalogue = pd.DataFrame({"claim_id": ["x-01"], "printed_value": ["5"], "source_line": [3]})
    totals = pd.DataFrame({"total_id": ["t"], "printed_value": ["7"], "value": [7], "source_line": [9]})
    covered = audit.coverage([(3, "5"), (3, "Cinq"), (9, "7"), (3, "5")], catalogue, totals)
    assert covered["claim_id"].tolist() == ["x-01", None, "t", None]  # each entry covers one printed figure


def _ambiguous_readings() -> pd.DataFrame:
    """Member "a" (organiser 1 as printed) may carry a dropped cell: as printed in A, shifted in B."""
    base = {
        "raw_table": "members_engagement",
        "row_key": "a",
        "printed_row": "A | Oui |  |  |  |  |  |  |  | 1 |  | ",
        "misfit_columns": None,
        "basis": "b",
        "effect_if_chosen": None,
        "totals_deciding": None,
        "source_line": 9,
    }
    return pd.DataFrame(
        [
            {
                **base,
                "reading_id": "m:9:printed",
                "dropped_at": None,
                "reading_row": base["printed_row"],
                "status": "ambiguous",
                "combinations": "A",
            },
            {
                **base,
                "reading_id": "m:9:suspect",
                "dropped_at": "Organisateurs ou intervenants aux événements de la Journée mondiale métropolitaine",
                "reading_row": "A | Oui |  |  |  |  |  |  |  |  | 1 | ",
                "status": "ambiguous",
                "combinations": "B",
            },
        ]
    )


def test_a_figure_that_depends_on_undecided_readings_carries_its_range(data):
    d = audit_inputs.Data(**{**data.__dict__, "conversion_readings": _ambiguous_readings()})
    variants = audit.reading_variants(d)
    assert list(variants) == ["A", "B"]

    def organisers(x):
        return computations.COMPUTATIONS["members_with"](x, claim("x", "9", "@", 1, 0), "wmd_organiser").computed

    assert [organisers(v) for v in variants.values()] == [2, 1]
    for printed, status, agree in (
        (1, "consistent_with_readings", "1 of 2"),
        (2, "consistent_with_readings", "1 of 2"),
        (3, "discrepancy", "0 of 2"),
    ):
        c = claim("x", "9", "@", 1, printed)
        verdict = audit.under_readings(
            d, variants, c, computations.COMPUTATIONS["members_with"](d, c, "wmd_organiser"), organisers
        )
        assert verdict.status == status and (verdict.computed_min, verdict.computed_max) == (1, 2)
        assert f"consistent with {agree} admissible readings" in verdict.evidence and "A (line 9)" in verdict.evidence
    # a figure the readings do not move keeps its verdict and carries no range
    rows = lambda x: computations.COMPUTATIONS["member_rows"](x, claim("x", "9", "@", 1, 4), "").computed  # noqa: E731
    c = claim("x", "9", "@", 1, 4)
    kept = audit.under_readings(d, variants, c, computations.COMPUTATIONS["member_rows"](d, c, ""), rows)
    assert kept.status == "recomputed" and kept.computed_min is None


def test_the_audit_computes_a_figure_again_under_each_reading_only_when_it_reads_the_members(data, monkeypatch):
    """The admissible readings change only the members table (reading_variants): a computation that does not read it
    is not computed again under each reading, and one that does is, and carries its range."""
    d = audit_inputs.Data(
        **{
            **data.__dict__,
            "conversion_readings": _ambiguous_readings(),
            "printed_totals": pd.DataFrame(columns=schema.table("printed_totals").column_names),
        }
    )
    variants = audit.reading_variants(d)
    assert len(variants) == 2
    for v in variants.values():
        assert all(getattr(v, f) is getattr(d, f) for f in audit_inputs.AUDIT_INPUTS if f != "members")
    calls = []
    for name in ("members_with", "global_events"):
        real = computations.COMPUTATIONS[name]
        monkeypatch.setitem(
            computations.COMPUTATIONS,
            name,
            lambda x, c, arg, real=real, name=name: calls.append(name) or real(x, c, arg),
        )
    rules = [
        audit_inputs.Rule("organisers", "", "^@ organisateurs", "members_with", "wmd_organiser", "", "", ""),
        audit_inputs.Rule("global", "", "^@ participations$", "global_events", "", "", "", ""),
    ]
    mine = [claim("9-01", "9", "2 organisateurs", 1, 2), claim("9-02", "9", "5 participations", 1, 5)]
    catalogue = pd.concat([d.claims, pd.DataFrame(mine)], ignore_index=True)  # (global_events reads section 2)
    out = audit.audit(audit_inputs.Data(**{**d.__dict__, "claims": catalogue}), rules).set_index("claim_id")
    assert calls.count("members_with") == 1 + len(variants) and calls.count("global_events") == 1
    organisers, global_events = out.loc["9-01"], out.loc["9-02"]
    assert organisers["status"] == "consistent_with_readings"
    assert (organisers["computed_min"], organisers["computed_max"]) == (1, 2)
    assert global_events["status"] == "consistent_printed" and global_events["computed_value"] == 5
    assert pd.isna(global_events["computed_min"])
