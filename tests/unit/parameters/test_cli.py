"""Unit tests of metropolis_report.parameters.cli."""

import json

import pytest

from metropolis_report import parameters
from metropolis_report.parameters import cli


def test_make_gets_each_chapters_values_with_defaults_filled_in():
    words = cli.for_make(["CONFIDENCE=0.9"], ["CONFIDENCE"]).split()
    assert words[0] == "ok"
    # the default edition, and the layout files its extraction reads
    assert words[1].startswith("@edition|2020-fr|metropolis_annual_report_2020_fr.txt|2020-fr|")
    assert "metadata/layouts/2020-fr/headers.csv" in words[1] and "claim_rules" not in words[1]
    fragments = dict(w.split("|") for w in words[2:])
    gender = json.loads("{" + fragments["32_gender"].lstrip(",") + "}")
    assert gender == {"confidence": 0.9, "edition": "2020-fr"}
    engagement_values = json.loads("{" + fragments["31_engagement"].lstrip(",") + "}")
    assert engagement_values == {**parameters.defaults("31_engagement"), "confidence": 0.9}


def test_a_misspelt_make_variable_is_refused_and_other_variables_pass():
    with pytest.raises(parameters.ParameterError, match="Unknown parameter CONFIDANCE: did you mean CONFIDENCE"):
        cli.for_make([], ["CONFIDANCE"])
    with pytest.raises(parameters.ParameterError, match="did you mean ENGAGEMENT_MIN"):
        cli.for_make([], ["engagement_min"])
    assert cli.for_make([], ["LAB_OPTS", "--ip", "PYTHON_BOOT"], make_variables=("LAB_OPTS", "PYTHON_BOOT")).startswith(
        "ok "
    )


@pytest.mark.parametrize("name", ["REPORT_TEXT", "CHECKSUM", "RAW", "LAB_OPTS"])
def test_a_make_variable_that_nothing_reads_is_refused(name):
    # REPORT_TEXT=... used to build the default report silently; a variable of the Makefile's own list passes
    with pytest.raises(parameters.ParameterError, match=f"The make variable {name} cannot take effect") as refused:
        cli.for_make([], [name], make_variables=("JOBS",))
    assert "EDITION" in str(refused.value) and "Nothing was run" in str(refused.value)
    if name == "REPORT_TEXT":
        assert "make report EDITION=<id>" in str(refused.value)


def test_an_unknown_edition_is_refused_naming_the_known_ones():
    with pytest.raises(parameters.ParameterError) as refused:
        cli.for_make(["EDITION=2031-xx"], ["EDITION"])
    message = str(refused.value)
    assert "'2031-xx' is not declared in metadata/editions.csv" in message
    assert "2020-fr (Metropolis rapport annuel 2020, 2020, French)" in message and "Nothing was run" in message


def test_values_that_survive_make_and_the_shell():
    # a text value with make's and the shell's special characters reaches the JSON intact
    fragment = cli._make_safe(',"x":"a b|$#\'c"')
    assert not set(" |$#'") & set(fragment)
    assert json.loads("{" + fragment[1:] + "}") == {"x": "a b|$#'c"}
