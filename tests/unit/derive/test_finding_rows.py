"""Unit tests of metropolis_report.derive.finding_rows."""

import re

import pytest

from metropolis_report.derive import finding_rows


def test_numbers_read_as_numbers():
    assert (
        finding_rows.signed(0.0) == "0.00"
        and finding_rows.signed(-0.001) == "0.00"
        and finding_rows.signed(0.004) == "0.00"
    )
    assert finding_rows.signed(-2.236) == "-2.24" and finding_rows.signed(0.49) == "+0.49"


def test_a_share_difference_reads_in_percentage_points():
    assert finding_rows.points(-0.1) == "-10.0" and finding_rows.points(0.0) == "0.0"


def test_a_template_may_type_references_but_no_figure():
    # a table, an annex, the plan's period and the name of a coefficient say where or what, not how many
    finding_rows.check_template(
        "t", "{n} of {m} members of tables 4.1 and 4.2, 5.IV, the Action Plan 2018-2020, KR-20 {kr20}", 2020
    )
    for text, typed in [
        ("The city managers met in 4321 debates.", "4321"),
        ("{n} of 141 members", "141"),
        ("a share of 76.6% of {n}", "76.6"),
        ("in 2019 {n} members", "2019"),  # a year that is not the edition's is a figure
        ("the Action Plan 2018-2021 ({n})", "2018"),  # and a period that does not end at it
    ]:
        with pytest.raises(finding_rows.TemplateError, match=rf"'bad'.*{re.escape(typed)}"):
            finding_rows.check_template("bad", text, 2020)


def test_a_number_typed_into_a_template_of_the_metadata_stops_the_build(tmp_path, monkeypatch):
    from metropolis_report import config

    for f in config.METADATA_DIR.iterdir():
        if f.is_file():
            (tmp_path / f.name).write_bytes(f.read_bytes())
    findings = tmp_path / "findings.csv"
    findings.write_text(
        findings.read_text(encoding="utf-8").replace("{activated} of {n} members", "{activated} of 141 members"),
        encoding="utf-8",
    )
    monkeypatch.setattr(config, "METADATA_DIR", tmp_path)
    finding_rows.templates.cache_clear()
    try:
        with pytest.raises(finding_rows.TemplateError, match="'eng_activated'.*141"):
            finding_rows.templates()
    finally:
        finding_rows.templates.cache_clear()


def test_the_templates_of_the_project_type_no_figure():
    finding_rows.templates.cache_clear()
    assert "eng_activated" in finding_rows.templates()


@pytest.mark.parametrize(
    "low, high, expected",
    [
        (0.28, 0.44, ("28%", "44%")),  # parity far outside: whole percents say it
        (0.441, 0.4972, ("44.1%", "49.7%")),  # "44%–50%" would look as if it held parity
        (0.38, 0.5031, ("38.0%", "50.3%")),  # holds it, and says so
        (0.4996, 0.52, ("49.96%", "52.00%")),  # one decimal would still read 50.0%
        (0.2, 0.5, ("20%", "50%")),  # an end exactly at parity may read 50%
        (0.504, 0.61, ("50.4%", "61.0%")),
    ],
)
def test_an_interval_shows_whether_parity_lies_inside(low, high, expected):
    assert finding_rows.interval_pcts(low, high) == expected


def comparison(median_a: float):
    from metropolis_report.analysis import inference

    return inference.Comparison("a vs b", "f", 3, 4, median_a, 1.0, 1.0, 1.0, 0.5, (-1.0, 2.0), 0.1, 0.3, 99, 0.3, 1)


def test_a_median_of_one_item_is_singular():
    assert finding_rows.comparison_values(comparison(1.0), 0.95)["items_a"] == "item"
    assert finding_rows.comparison_values(comparison(1.5), 0.95)["items_a"] == "items"
    assert finding_rows.comparison_values(comparison(0.0), 0.95)["items_a"] == "items"
    within = {"within_difference": "+0.1", "within_p": "p = 0.5", "within_p_holm": "p = 0.5", "verdicts": "V"}
    row = finding_rows.finding_row("gen_group", {"label": "L", "caveat": "", **within, **finding_rows.comparison_values(
        comparison(1.0), 0.95)}, word="no clear difference")  # fmt: skip
    assert "a median of 1 primary item against" in row["sentence"]
