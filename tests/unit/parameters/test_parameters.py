"""Unit tests of metropolis_report.parameters."""

import pytest

from metropolis_report import config, parameters
from metropolis_report.analysis import engagement
from metropolis_report.parameters import cli
from tests.unit.parameters.helpers import DECLARED

# (make variable, value typed, what the message must say about it)
BAD_VALUES = [
    ("CONFIDENCE", "1.5", "the value 1.5 is outside the allowed range"),
    ("CONFIDENCE", "abc", "the value 'abc' is not a number"),
    ("CONFIDENCE", "nan", "the value nan is not a finite number"),
    ("CONFIDENCE", "", "the value '' is not a number"),
    ("ENGAGEMENT_MIN", "11", "the value 11 is outside the allowed range"),
    ("ENGAGEMENT_MIN", "-2", "the value -2 is outside the allowed range"),
    ("ENGAGEMENT_MIN", "2.5", "the value '2.5' is not a whole number"),
]


ALLOWED = {"CONFIDENCE": "a number from 0.5 to 0.99", "ENGAGEMENT_MIN": "a whole number from 1 to 6"}


EXAMPLE = {"CONFIDENCE": "make report CONFIDENCE=0.9", "ENGAGEMENT_MIN": "make report ENGAGEMENT_MIN=3"}


@pytest.mark.parametrize("name, value, problem", BAD_VALUES)
def test_a_bad_value_typed_on_the_command_line_is_refused_in_one_paragraph(name, value, problem):
    with pytest.raises(parameters.ParameterError) as refused:
        cli.for_make([f"{name}={value}"], [name])
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"Parameter {name} ") and problem in message
    assert f"Allowed: {ALLOWED[name]}" in message and f"Example: {EXAMPLE[name]}" in message


@pytest.mark.parametrize(
    "name, value, problem",
    [
        ("confidence", 1.5, "outside the allowed range"),
        ("confidence", "0.9", "is not a number"),
        ("confidence", True, "is not a number"),
        ("confidence", float("inf"), "is not a finite number"),
        ("engagement_min", 11, "outside the allowed range"),
        ("engagement_min", -2, "outside the allowed range"),
        ("engagement_min", 2.5, "is not a whole number"),
        ("engagement_min", 0, "outside the allowed range"),
        ("top_n", 0, "outside the allowed range"),
        ("engagement_min", 7, "outside the allowed range"),
        ("processed_dir", 3, "is a int, not a folder"),
    ],
)
def test_a_bad_value_in_a_parameters_cell_is_refused_with_the_same_words(name, value, problem):
    with pytest.raises(parameters.ParameterError, match=problem):
        parameters.checked(DECLARED[name], value)


def test_accepted_values_keep_their_type():
    accepted = parameters.checked(DECLARED["confidence"], 0.9)
    assert accepted == 0.9 and isinstance(accepted, float)
    assert parameters.from_text(DECLARED["engagement_min"], "03") == 3
    assert parameters.from_text(DECLARED["confidence"], ".9") == 0.9
    assert parameters.checked(DECLARED["processed_dir"], None) is None


def test_the_notebook_check_refuses_an_unknown_parameter_from_the_cells_just_run():
    defaults = {"edition": "2020-fr", "processed_dir": None, "confidence": 0.95}
    history = ["", "import os", "processed_dir = None\nconfidence = 0.95", "# Parameters\nconfidance = 0.9\n", "..."]
    with pytest.raises(parameters.ParameterError) as refused:
        parameters.check("32_gender", {**defaults, "confidance": 0.9, "In": history})
    assert "Unknown parameter confidance (given 0.9) for 32_gender" in str(refused.value)
    assert "Did you mean confidence?" in str(refused.value)
    # names assigned before the last code cell that is not a parameters cell are not the parameters'
    history = ["", "n = 3\nconfidance = 0.9", "import os", "processed_dir = None\nconfidence = 0.95", "..."]
    assert parameters.check("32_gender", {**defaults, "In": history}) == {"edition": "2020-fr", "confidence": 0.95}


def test_the_notebook_check_refuses_a_bad_value_and_a_missing_parameter():
    with pytest.raises(parameters.ParameterError, match="CONFIDENCE .* the value 1.5 is outside"):
        parameters.check("32_gender", {"edition": "2020-fr", "processed_dir": None, "confidence": 1.5})
    with pytest.raises(parameters.ParameterError, match="confidence is not set in the parameters cell of 32_gender"):
        parameters.check("32_gender", {"edition": "2020-fr", "processed_dir": None})
    with pytest.raises(parameters.ParameterError, match="'2031-xx' is not declared in metadata/editions.csv"):
        parameters.check("32_gender", {"edition": "2031-xx", "processed_dir": None, "confidence": 0.9})


def test_the_runner_check_refuses_another_chapters_parameter():
    with pytest.raises(parameters.ParameterError, match="engagement_min is a parameter of 21_derived_tables"):
        parameters.check_values("32_gender", {"engagement_min": 3})
    assert parameters.check_values("32_gender", {"processed_dir": "data/processed"}) == {
        "edition": "2020-fr",
        "confidence": 0.95,
    }


def test_the_declared_range_of_engagement_min_is_the_number_of_primary_items():
    primary = engagement.participation_items()
    assert DECLARED["engagement_min"].maximum == len(primary)
    assert f"{len(primary)} participation items" in DECLARED["engagement_min"].meaning


@pytest.mark.parametrize(
    "row, problem",
    [
        ("confidence,research,float,,0.5,0.99,1.5,level,0.9,32_gender", "refused by the row itself"),
        ("confidence,research,float,,0.5,0.99,0.95,level,2,32_gender", "refused by the row itself"),
        ("confidence,research,number,,0.5,0.99,0.95,level,0.9,32_gender", "type one of"),
        ("Confidence,research,float,,0.5,0.99,0.95,level,0.9,32_gender", "lower-case identifier"),
        ("processed_dir,path,path,,,,data,folder,data,32_gender", "defaults to None"),
        ("confidence,research,float,,0.5,0.99,0.95,,0.9,32_gender", "meaning, example and chapters"),
        ("top,research,str,,1,,a,word,a,32_gender", "only a number has a min"),
        ("top_n,research,int,,1.5,50,10,count,20,31_engagement", "min and max must be numbers"),
    ],
)
def test_a_malformed_declaration_row_is_refused_with_the_row_named(tmp_path, row, problem):
    path = tmp_path / "parameters.csv"
    header = (config.METADATA_DIR / "parameters.csv").read_text(encoding="utf-8").splitlines()[0]
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"parameters.csv line 2: .*{problem}"):
        parameters.load(path)
