"""Unit tests of metropolis_report.derive.computations."""

import pytest

from metropolis_report.derive import computations
from tests.unit.derive.helpers import claim

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


def test_new_spaces_are_judged_as_the_total_of_the_indicators_column(data):
    """'N nouveaux espaces' and the 'Total membres' of the indicators column count the same members (those analysed
    in the report's year): the same verdict, and the other definition given as context, not a rebuttal."""
    from metropolis_report.derive.audit import _indicator_total

    c = claim("x", "2.2", "2 nouveaux espaces métropolitains ont été référencés en 2020. un total de 9 espaces", 1, 2)
    c["wording"] = "@ nouveaux espaces métropolitains ont été référencés en 2020. un total de # espaces"
    verdict = computations.COMPUTATIONS["indicators"](data, c, "new")
    total = _indicator_total(data, {"value": 2.0, "printed_value": "2", "qualifier": "exact"})
    assert verdict.status == total.status == "under_definition" and verdict.computed == total.computed == 2
    assert "not a rebuttal" in verdict.evidence and "counting every member with a year gives 3" in verdict.evidence
    assert "the data cannot decide" in verdict.evidence


def test_a_count_the_report_refers_to_its_calendar_for_is_possibly_lost_and_the_title_count_is_context(data):
    c = claim("x", "2.3", "7 réunions du Comité exécutif", 1, 7)
    verdict = computations.COMPUTATIONS["calendar_referred"](data, c, "Comité exécutif|^Réunions statutaires")
    assert verdict.status == "not_derivable" and "possibly lost in the text conversion" in verdict.method
    assert "context, not a rebuttal" in verdict.evidence and "counted so" not in verdict.evidence


def test_global_events_say_what_the_data_can_and_cannot_decide(data):
    c = claim("x", "2.1", "Participation active à 1 événements mondiaux", 1, 1)
    verdict = computations.COMPUTATIONS["global_events"](data, c, "")
    assert "the data can decide" in verdict.evidence and "cannot decide who organised each entry" in verdict.evidence
    assert "nor whether a participation is one event" in verdict.evidence


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
