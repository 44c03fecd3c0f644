"""Unit tests of metropolis_report.parameters.cli."""

import json

import pytest

from metropolis_report import parameters
from metropolis_report.parameters import cli


def test_make_gets_each_chapters_values_with_defaults_filled_in():
    words = cli.for_make(["CONFIDENCE=0.9"], ["CONFIDENCE"]).split()
    assert words[0] == "ok"
    fragments = dict(w.split("|") for w in words[1:])
    gender = json.loads("{" + fragments["32_gender"].lstrip(",") + "}")
    assert gender == {"confidence": 0.9}
    engagement_values = json.loads("{" + fragments["31_engagement"].lstrip(",") + "}")
    assert engagement_values == {**parameters.defaults("31_engagement"), "confidence": 0.9}


def test_a_misspelt_make_variable_is_refused_and_other_variables_pass():
    with pytest.raises(parameters.ParameterError, match="Unknown parameter CONFIDANCE: did you mean CONFIDENCE"):
        cli.for_make([], ["CONFIDANCE"])
    with pytest.raises(parameters.ParameterError, match="did you mean ENGAGEMENT_MIN"):
        cli.for_make([], ["engagement_min"])
    assert cli.for_make([], ["LAB_OPTS", "--ip", "PYTHON_BOOT"]).startswith("ok ")


def test_values_that_survive_make_and_the_shell():
    # a text value with make's and the shell's special characters reaches the JSON intact
    fragment = cli._make_safe(',"x":"a b|$#\'c"')
    assert not set(" |$#'") & set(fragment)
    assert json.loads("{" + fragment[1:] + "}") == {"x": "a b|$#'c"}
