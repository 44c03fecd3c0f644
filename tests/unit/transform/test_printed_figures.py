"""Unit tests of metropolis_report.transform.printed_figures."""

from metropolis_report.transform import printed_figures


def test_wording_marks_the_figure_by_position():
    text = "8 membres ont été impliqués dans 3 projets pilotes en cours (2020)"
    assert printed_figures.wording(text, 1) == "@ membres ont été impliqués dans # projets pilotes en cours (2020)"
    assert printed_figures.wording(text, 2) == "# membres ont été impliqués dans @ projets pilotes en cours (2020)"
