"""Unit tests of metropolis_report.derive.computations."""

import pandas as pd
import pytest

from metropolis_report import schema
from metropolis_report.derive import audit, audit_inputs, computations
from metropolis_report.transform import printed_figures


def claim(claim_id, section, text, position, value, printed=None, qualifier="exact", line=1):
    return {
        "claim_id": claim_id,
        "section": section,
        "claim_text": text,
        "figure_position": position,
        "wording": printed_figures.wording(text, position),
        "printed_value": printed or str(value),
        "value": float(value),
        "unit": "percent" if "%" in (printed or "") else "count",
        "qualifier": qualifier,
        "source_line": line,
    }


@pytest.fixture()
def data():
    members = pd.DataFrame(
        {
            "member_id": ["a", "b", "c", "d"],
            "name": ["A", "B", "C", "D"],
            "region": ["Asia", "Asia", "Europe", "Africa"],
            "new_member": [True, False, True, False],
            "in_new_members_list": [True, False, True, False],
            "activated": [True, True, True, False],
            "women_governed": [True, False, False, False],
            "wmd_organiser": [1, 0, 1, 0],
            "wmd_participant": [1, 1, 0, 0],
            "rethink_call": [True, False, False, False],
            "indicator_system_year": pd.array([2019, 2020, None, 2020], dtype="Int64"),
            "use_cases": [2, 0, 1, 0],
            "c4gh_initiatives": [3, 0, 0, 1],
            "congress_2020": [True, True, False, False],
            "pilot_projects": [1, 0, 0, 0],
        }
    )
    events = pd.DataFrame(
        {
            "title": [
                "Journée mondiale métropolitaine 2020. X",
                "Assemblée générale",
                "Débat politique Y",
                "Forum",
                "Journée mondiale métropolitaine 2020",
                "Journée mondiale métropolitaine 2020. Projet Z en action",
                "Journée mondiale métropolitaine 2020. W",
            ],
            "world_metropolitan_day": [True, False, False, False, True, True, True],
            "source_line": [10, 11, 12, 13, 14, 15, 16],
        }
    )
    lists = pd.DataFrame(
        {
            "list_name": [
                "list_staff",
                "list_staff",
                "list_staff",
                "list_regional_secretaries",
                "list_regional_secretaries",
                "list_staff_training",
                "list_staff_training",
            ],
            "entry": ["P", "Q", "R", "S", "T", "Transversalité du genre (équipe entière)", "Excel"],
            "detail": ["chargée de mission", "chargé de projet", "responsable", "Mme", "M.", None, None],
        }
    )
    publications = pd.DataFrame(
        {
            "title": ["Issue paper 1", "Policy Brief #1", "Other"],
            "gender_group": ["gender_perspective", "none", "gender_mainstreaming"],
        }
    )
    catalogue = pd.DataFrame(
        [
            claim("2-01", "2", "2 événements de Metropolis, dont des forums", 1, 2),
            claim("2.1-01", "2.1", "Participation active à 2 événements mondiaux organisés par l'ONU", 1, 2),
            claim("5-01", "5", "3 participations actives aux événements mondiaux", 1, 3),
            claim("2.2-01", "2.2", "5 initiatives chargées par 4 villes", 1, 5),
            claim("2.2-02", "2.2", "5 initiatives chargées par 4 villes", 2, 4),
            claim("2.3-01", "2.3", "3 professionnels travaillant au Secrétariat général", 1, 3),
            claim("2.3-02", "2.3", "2 femmes, 1 hommes", 1, 2, line=2),
            claim("2.3-03", "2.3", "2 femmes, 1 hommes", 2, 1, line=2),
            claim("2.2-03", "2.2", "un total de 2 espaces métropolitains", 1, 2, line=3),
            claim("5.V-01", "5.V", "3 professionnels : 1 femmes et 2 hommes", 1, 3, line=4),
            claim("5.V-02", "5.V", "3 professionnels : 1 femmes et 2 hommes", 2, 1, line=4),
            claim("5.V-03", "5.V", "3 professionnels : 1 femmes et 2 hommes", 3, 2, line=4),
            claim("2.1-02", "2.1", "1 événement organisé par Metropolis", 1, 1, line=5),
        ]
    )
    readings = pd.DataFrame(columns=schema.table("conversion_readings").column_names)
    return audit_inputs.Data(
        members=members,
        printed_totals=pd.DataFrame(columns=["total_id", "value"]),
        events=events,
        pilot_projects=pd.DataFrame({"project_name": ["Projet Z"], "member_id": ["a"], "pending": [False]}),
        publications=publications,
        funding=pd.DataFrame(),
        claims=catalogue,
        corrections=pd.DataFrame(),
        conversion_readings=readings,
        annex_lists=lists,
    )


STRENGTH = {
    "global_events": "consistent_printed",
    "congress": "under_definition",
    "c4gh": "consistent_printed",  # the denominators are printed figures
    "wmd_events": "under_definition",
}


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


@pytest.mark.parametrize(
    "computation, argument, expected",
    [
        ("member_rows", "", 4),
        ("list_count", "list_staff", 3),
        ("members_with", "wmd_organiser", 2),
        ("members_with", "rethink_call", 1),
        ("share_members", "activated", 75),
        ("events_titled", "Assemblée générale", 1),
        ("events_titled", "^Débat politique", 1),
        ("publications", "all", 3),
        ("publications", "gender_any", 2),
        ("publications", "gender_mainstreaming", 1),
        ("publications_titled", "^Issue paper", 1),
        ("indicators", "count", 3),
        ("indicators", "share", 75),
        ("use_cases", "members", 2),
        ("use_cases", "cases", 3),
        ("c4gh", "initiatives", 80),
        ("c4gh", "members", 50),
        ("congress", "", 2),
        ("secretaries", "all", 2),
        ("secretaries", "women", 1),
        ("training", "group", 1),
        ("training", "individual", 1),
        ("training", "gender", 1),
        ("global_events", "", 5),
        ("wmd_events", "", 3),
    ],
)
def test_each_computation_on_a_small_input(data, computation, argument, expected):
    c = claim("x", "9", "@", 1, expected)
    verdict = computations.COMPUTATIONS[computation](data, c, argument)
    # the strength of each check: a count from rows, a difference of printed figures, or one definition
    strength = STRENGTH.get(computation + ":" + argument, STRENGTH.get(computation, "recomputed"))
    assert verdict.computed == pytest.approx(expected) and verdict.status == strength
    wrong = computations.COMPUTATIONS[computation](
        data, {**c, "value": expected + 1, "printed_value": str(expected + 1)}, argument
    )
    assert wrong.status == "discrepancy"


def test_new_members_in_asia(data):
    c = claim("x", "2", "1 nouveaux membres d'Asie", 1, 1)
    assert computations.COMPUTATIONS["new_members"](data, c, "").computed == 1


def claim_of(data, claim_id: str) -> dict:
    """A claim of the small catalogue by its id (the catalogue is written above, so its ids do not move)."""
    return data.claims.set_index("claim_id").loc[claim_id].to_dict() | {"claim_id": claim_id}


def test_staff_split_evidence_is_computed_from_the_printed_split(data):
    women = claim_of(data, "2.3-02")  # "2 femmes, 1 hommes": the women's figure
    assert women["printed_value"] == "2" and "femmes" in women["claim_text"]
    verdict = computations.COMPUTATIONS["staff_split"](data, women, "")
    # 1 feminine, 1 masculine, 1 epicene title: women 1-2, men 1-2; the printed 2 women, 1 man fits
    assert verdict.status == "consistent_with_readings" and (verdict.computed_min, verdict.computed_max) == (1, 2)
    assert verdict.computed == 2 and "closest to the printed one" in verdict.method  # not an arbitrary end
    assert (
        "1 feminine, 1 masculine and 1 epicene" in verdict.evidence and "2 women, 1 men is within" in verdict.evidence
    )
    # a split the titles cannot give: a discrepancy, the range unchanged
    wrong = computations.COMPUTATIONS["staff_split"](data, {**women, "value": 3.0}, "")
    assert wrong.status == "discrepancy" and (wrong.computed_min, wrong.computed_max) == (1, 2)


def test_new_spaces_are_not_members(data):
    """'N nouveaux espaces' counts spaces, the table counts members: not derivable, both member counts given."""
    c = claim("x", "2.2", "2 nouveaux espaces métropolitains ont été référencés en 2020. un total de 9 espaces", 1, 2)
    c["wording"] = "@ nouveaux espaces métropolitains ont été référencés en 2020. un total de # espaces"
    verdict = computations.COMPUTATIONS["indicators"](data, c, "new")
    assert (
        verdict.status == "not_derivable" and "gives 2, counting every member with a year gives 3" in verdict.evidence
    )


def test_staff_split_reads_the_women_and_the_men_by_their_words_not_their_place(data):
    # "3 professionnels : 1 femmes et 2 hommes": the headline 3 comes first in the block
    verdict = computations.COMPUTATIONS["staff_split"](data, claim_of(data, "5.V-02"), "")
    assert "the printed split 1 women, 2 men is within" in verdict.evidence


def test_world_metropolitan_day_counts(data):
    events = claim("x", "2.1", "au moins un des 3 événements", 1, 3)
    verdict = computations.COMPUTATIONS["wmd_events"](data, events, "")
    assert verdict.status == "under_definition" and "line(s) 14 included, gives 4" in verdict.evidence
    # the full count matches only under the other definition: a discrepancy whose cause is the definition
    every = computations.COMPUTATIONS["wmd_events"](data, {**events, "value": 4.0, "printed_value": "4"}, "")
    assert every.status == "discrepancy" and every.cause == "definition"
    pilot = claim("y", "2.1", "1 événement coorganisé par les membres du projet pilote « Projet Z » avec", 1, 1)
    assert computations.COMPUTATIONS["wmd_pilot_event"](data, pilot, "").status == "recomputed"
    unknown = claim("y", "2.1", "1 événement coorganisé par les membres du projet pilote « Autre »", 1, 1)
    assert computations.COMPUTATIONS["wmd_pilot_event"](data, unknown, "").status == "not_derivable"
    # 3 titled entries − 1 printed Metropolis event − 1 naming the pilot project = 1
    others = computations.COMPUTATIONS["wmd_others"](data, claim("z", "2.1", "En outre, 1 événements", 1, 1), "")
    assert others.computed == 1 and others.status == "under_definition" and "every entry" in others.evidence


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


def test_every_computation_of_the_table_is_named_by_a_rule_and_every_rule_finds_its_computation():
    named = {rule.computation for rule in audit_inputs.rules()}
    assert named == set(computations.COMPUTATIONS)


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


def test_watched_tables_note_what_is_read_also_through_methods_and_properties(data):
    watched = audit_inputs.Watched(data)
    assert watched.read == set() and watched.claims is data.claims
    assert watched.global_events == 5  # 7 calendar entries − the 2 Metropolis events printed in section 2
    assert watched.read == {"events", "claims"}
    assert len(watched.list("list_staff")) == 3 and "annex_lists" in watched.read and "members" not in watched.read


def test_a_watch_inside_a_watch_notes_what_it_reads_in_both(data):
    outer = audit_inputs.Watched(data)
    assert outer.events is data.events and outer.read == {"events"}
    inner = audit_inputs.Watched(outer)
    assert inner.read == set()  # what the outer one read before is not the inner one's
    assert inner.claims is data.claims
    assert inner.read == {"claims"} and outer.read == {"events", "claims"}
    assert audit_inputs.Watched(data).members is data.members  # a watch of the plain tables notes nothing in another
    assert outer.read == {"events", "claims"}
