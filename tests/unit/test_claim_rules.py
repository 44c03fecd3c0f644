"""Claim rules as data, each computation on small hand-made tables, and the single matching rule of the audit
(printed figure against computed value)."""

import re

import pandas as pd
import pytest

from metropolis_report import claims, clean, schema
from metropolis_report.claims import decimals_printed, judge, matches


def test_no_rule_names_a_printed_figure():
    for rule in claims.rules():
        for text in (rule.locator, rule.argument):  # (a section number is not a figure)
            # digits only inside regex syntax (\d, {n}); a figure of the report never appears
            assert not re.search(r"(?<![\\{,])\d", text), (rule.rule_id, text)


def test_every_rule_names_a_known_computation_and_a_documented_cause():
    for rule in claims.rules():
        assert rule.computation in claims.COMPUTATIONS, rule.rule_id
        assert rule.default_cause in ("", "report_inconsistent", "unexplained"), rule.rule_id


def test_wording_marks_the_figure_by_position():
    text = "8 membres ont été impliqués dans 3 projets pilotes en cours (2020)"
    assert clean.wording(text, 1) == "@ membres ont été impliqués dans # projets pilotes en cours (2020)"
    assert clean.wording(text, 2) == "# membres ont été impliqués dans @ projets pilotes en cours (2020)"


def claim(claim_id, section, text, position, value, printed=None, qualifier="exact", line=1):
    return {
        "claim_id": claim_id,
        "section": section,
        "claim_text": text,
        "figure_position": position,
        "wording": clean.wording(text, position),
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
    return claims.Data(
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


@pytest.mark.parametrize(
    "computation, argument, expected",
    [
        ("member_rows", "", 4),
        ("list_count", "list_staff", 3),
        ("members_with", "wmd_organiser", 2),
        ("members_with", "rethink_call", 1),
        ("share_members", "activated", 75),
        ("events_flagged", "world_metropolitan_day", 4),
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
    verdict = claims.COMPUTATIONS[computation](data, c, argument)
    # the strength of each check: a count from rows, a difference of printed figures, or one definition
    strength = STRENGTH.get(computation + ":" + argument, STRENGTH.get(computation, "recomputed"))
    assert verdict.computed == pytest.approx(expected) and verdict.status == strength
    wrong = claims.COMPUTATIONS[computation](
        data, {**c, "value": expected + 1, "printed_value": str(expected + 1)}, argument
    )
    assert wrong.status == "discrepancy"


def test_new_members_in_asia(data):
    c = claim("x", "2", "1 nouveaux membres d'Asie", 1, 1)
    assert claims.COMPUTATIONS["new_members"](data, c, "").computed == 1


def test_staff_split_evidence_is_computed_from_the_printed_split(data):
    verdict = claims.COMPUTATIONS["staff_split"](data, data.claims.iloc[6].to_dict(), "")
    # 1 feminine, 1 masculine, 1 epicene title: women 1-2, men 1-2; the printed 2 women, 1 man fits
    assert verdict.status == "consistent_with_readings" and (verdict.computed_min, verdict.computed_max) == (1, 2)
    assert (
        "1 feminine, 1 masculine and 1 epicene" in verdict.evidence and "2 women, 1 men is within" in verdict.evidence
    )
    # a split the titles cannot give: a discrepancy, the range unchanged
    wrong = claims.COMPUTATIONS["staff_split"](data, {**data.claims.iloc[6].to_dict(), "value": 3.0}, "")
    assert wrong.status == "discrepancy" and (wrong.computed_min, wrong.computed_max) == (1, 2)


def test_new_spaces_are_not_members(data):
    """'N nouveaux espaces' counts spaces, the table counts members: not derivable, both member counts given."""
    c = claim("x", "2.2", "2 nouveaux espaces métropolitains ont été référencés en 2020. un total de 9 espaces", 1, 2)
    c["wording"] = "@ nouveaux espaces métropolitains ont été référencés en 2020. un total de # espaces"
    verdict = claims.COMPUTATIONS["indicators"](data, c, "new")
    assert (
        verdict.status == "not_derivable" and "gives 2, counting every member with a year gives 3" in verdict.evidence
    )


def test_staff_split_reads_the_women_and_the_men_by_their_words_not_their_place(data):
    # "3 professionnels : 1 femmes et 2 hommes": the headline 3 comes first in the block
    verdict = claims.COMPUTATIONS["staff_split"](data, data.claims.iloc[10].to_dict(), "")
    assert "the printed split 1 women, 2 men is within" in verdict.evidence


def test_world_metropolitan_day_counts(data):
    events = claim("x", "2.1", "au moins un des 3 événements", 1, 3)
    verdict = claims.COMPUTATIONS["wmd_events"](data, events, "")
    assert verdict.status == "under_definition" and "line(s) 14 included, gives 4" in verdict.evidence
    # the full count matches only under the other definition: a discrepancy whose cause is the definition
    every = claims.COMPUTATIONS["wmd_events"](data, {**events, "value": 4.0, "printed_value": "4"}, "")
    assert every.status == "discrepancy" and every.cause == "definition"
    pilot = claim("y", "2.1", "1 événement coorganisé par les membres du projet pilote « Projet Z » avec", 1, 1)
    assert claims.COMPUTATIONS["wmd_pilot_event"](data, pilot, "").status == "recomputed"
    unknown = claim("y", "2.1", "1 événement coorganisé par les membres du projet pilote « Autre »", 1, 1)
    assert claims.COMPUTATIONS["wmd_pilot_event"](data, unknown, "").status == "not_derivable"
    # 3 titled entries − 1 printed Metropolis event − 1 naming the pilot project = 1
    others = claims.COMPUTATIONS["wmd_others"](data, claim("z", "2.1", "En outre, 1 événements", 1, 1), "")
    assert others.computed == 1 and others.status == "under_definition" and "every entry" in others.evidence


def test_verdicts_are_defined_once_with_a_mark_and_a_word():
    verdicts = claims.verdicts()
    assert list(verdicts.columns) == ["code", "mark", "word", "colour", "meaning"]
    assert verdicts["mark"].is_unique and verdicts["word"].is_unique
    assert set(claims.AGREEING) | {"discrepancy", "not_derivable"} == set(verdicts["code"])
    assert set(verdicts["code"]) == set(schema.column("claims_audit", "status").allowed.split("|"))


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
    d = claims.Data(**{**data.__dict__, "conversion_readings": _ambiguous_readings()})
    variants = claims.reading_variants(d)
    assert list(variants) == ["A", "B"]
    organisers = lambda x: claims.COMPUTATIONS["members_with"](x, claim("x", "9", "@", 1, 0), "wmd_organiser").computed  # noqa: E731
    assert [organisers(v) for v in variants.values()] == [2, 1]
    for printed, status, agree in (
        (1, "consistent_with_readings", "1 of 2"),
        (2, "consistent_with_readings", "1 of 2"),
        (3, "discrepancy", "0 of 2"),
    ):
        c = claim("x", "9", "@", 1, printed)
        verdict = claims.under_readings(
            d, variants, c, claims.COMPUTATIONS["members_with"](d, c, "wmd_organiser"), organisers
        )
        assert verdict.status == status and (verdict.computed_min, verdict.computed_max) == (1, 2)
        assert f"consistent with {agree} admissible readings" in verdict.evidence and "A (line 9)" in verdict.evidence
    # a figure the readings do not move keeps its verdict and carries no range
    rows = lambda x: claims.COMPUTATIONS["member_rows"](x, claim("x", "9", "@", 1, 4), "").computed  # noqa: E731
    c = claim("x", "9", "@", 1, 4)
    kept = claims.under_readings(d, variants, c, claims.COMPUTATIONS["member_rows"](d, c, ""), rows)
    assert kept.status == "recomputed" and kept.computed_min is None


def test_judge_gives_rounding_as_the_cause_when_truncation_reproduces():
    verdict = claims.judge({"value": 76, "printed_value": "76 %", "qualifier": "exact"}, 76.6, "m")
    assert verdict.status == "discrepancy" and verdict.cause == "rounding"
    assert claims.judge({"value": 77, "printed_value": "77 %", "qualifier": "exact"}, 76.6, "m").cause == ""


def test_the_engagement_index_on_a_small_input():
    from metropolis_report import engagement

    members = pd.DataFrame(
        {
            "member_id": ["a", "b"],
            "activated": [True, False],
            "dues_paid_2020": [True, False],
            "board_meetings": [2, 0],
            "congress_2020": [True, False],
            "bilateral_meetings": [5, 0],
            "pilot_projects": [1, 0],
            "indicator_system_year": pd.array([2019, None], dtype="Int64"),
            "learning_activities": [3, 0],
            "wmd_organiser": [0, 0],
            "wmd_participant": [1, 0],
            "rethink_call": [False, False],
            "web_news": [4, 1],
            "library_publications": [0, 0],
            "publication_mentions": [1, 0],
            "use_cases": [0, 0],
            "c4gh_initiatives": [2, 0],
        }
    )
    scores = engagement.scores(members)
    # primary index: Congress, bilateral, pilot, learning, World Metropolitan Day, rethink call (5 of 6 for a)
    assert scores["items_set"].tolist() == [5, 0] and scores["engagement_index"].tolist() == [5 / 6, 0.0]
    assert scores["intensity_index"].tolist() == [5 / 6, 0.0] and scores["web_visibility"].tolist() == [7, 1]
    counts = engagement.variant_counts(members)
    assert counts[engagement.TEN_ITEMS].tolist() == [9, 0]  # the ten items of the table
    assert counts["primary + activated (the report's status)"].tolist() == [6, 0]
    # the indicators system in 2020 only: an analysis of 2019 does not count
    assert counts["primary + analysed in the indicators system (2020)"].tolist() == [5, 0]
    assert counts["primary + analysed in the indicators system (any year)"].tolist() == [6, 0]
    assert counts["primary without learning activities"].tolist() == [4, 0]


def test_the_census_finds_figures_in_digits_and_in_words_and_coverage_matches_them():
    from metropolis_report import extract

    assert [w for _, _, w, _ in extract.word_figures("les quatre rapports, le troisième hashtag, une fois")] == [
        "quatre",
        "troisième",
    ]  # "une" is an article, not a figure by its words alone
    assert clean.figure_spans("Cinq programmes, 5 programmes", words=True) == [(0, 4), (17, 18)]
    catalogue = pd.DataFrame({"claim_id": ["x-01"], "printed_value": ["5"], "source_line": [3]})
    totals = pd.DataFrame({"total_id": ["t"], "printed_value": ["7"], "value": [7], "source_line": [9]})
    covered = claims.coverage([(3, "5"), (3, "Cinq"), (9, "7"), (3, "5")], catalogue, totals)
    assert covered["claim_id"].tolist() == ["x-01", None, "t", None]  # each entry covers one printed figure


# ---------------------------------------------------------------------------- the matching rule


@pytest.mark.parametrize(
    "reported, computed, qualifier, decimals, expected",
    [
        (76, 76.595745, "exact", 0, False),  # 108/141: rounds to 77
        (15.6, 15.602837, "exact", 1, True),  # 22/141
        (58, 58.156, "exact", 0, True),
        (2, 2.5, "exact", 0, False),  # half-up: 3
        (3, 2.5, "exact", 0, True),
        (400, 401, "plus de", 0, True),
        (400, 400, "plus de", 0, False),  # "plus de 400" is more than 400
        (33000, 33001, "+", 0, True),
        (75, 71.3, "près de", 0, True),  # within 5 %
        (75, 71.2, "près de", 0, False),
    ],
)
def test_matches(reported, computed, qualifier, decimals, expected):
    assert matches(reported, computed, qualifier, decimals) is expected


def test_truncation_is_the_alternative_rule():
    assert matches(76, 76.595745, "exact", 0, rounding="truncate")
    assert not matches(24, 23.56, "exact", 0, rounding="truncate")


def test_judge_flags_rule_sensitive_verdicts():
    verdict = judge({"value": 76.0, "printed_value": "76 %", "qualifier": "exact"}, 76.6, "share")
    assert verdict.status == "discrepancy" and "rule_sensitive" in verdict.method
    verdict = judge({"value": 58.0, "printed_value": "58 %", "qualifier": "exact"}, 58.16, "share")
    assert verdict.status == "recomputed" and "rule_sensitive" not in verdict.method


def test_decimals_printed():
    assert decimals_printed("15,6 %") == 1 and decimals_printed("2 450") == 0 and decimals_printed("47,3 %") == 1


def test_missing_computed_value_is_an_error():
    with pytest.raises(ValueError):
        matches(1, float("nan"))
