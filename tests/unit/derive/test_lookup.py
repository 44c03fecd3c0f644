"""Unit tests of metropolis_report.derive.lookup."""

import re

import pytest

from metropolis_report import editions
from metropolis_report.derive import gender, lookup
from tests.unit.derive.helpers import sentence_claims


def test_a_rule_that_no_longer_fits_the_report_says_which_wording_and_section():
    rule = next(r for r in gender.rules() if r.metric_id == "wmd_participants")
    wrong_section = sentence_claims("Au total, 290 personnes (44 % de femmes)", "2.2", [("290", 290.0), ("44 %", 44.0)])
    with pytest.raises(
        lookup.FigureNotFound, match=re.escape("“# personnes \\(@ de femmes” in a section matching ^2\\.1$")
    ):
        gender.share_metric(wrong_section, rule)


def names_used(source: str) -> set[str]:
    """The figure names a source passes to the named lookups (Data.printed and lookup.named_*, is_named)."""
    import re

    call = r"(?:\.printed|named_figures|named_value|is_named|named)\((?:[^()\"]*?,\s*)?\"([a-z_0-9]+)\""
    return set(re.findall(call, source))


def test_every_named_figure_is_used_and_every_name_used_is_in_the_file():
    from metropolis_report import config, schema

    declared = [r["name"] for r in schema.rows(editions.default().layout_name("figure_locators.csv"))]
    assert len(declared) == len(set(declared)), "a name given twice in metadata/figure_locators.csv"
    package = config.PROJ_ROOT / "src" / "metropolis_report"
    used = set().union(*(names_used(p.read_text(encoding="utf-8")) for p in package.rglob("*.py")))
    assert used - set(declared) == set(), "names used with no locator in metadata/figure_locators.csv"
    assert set(declared) - used == set(), "locators of metadata/figure_locators.csv that no computation reads"


def test_the_check_reads_the_names_of_each_kind_of_call():
    source = 'data.printed("a")\nlookup.named_figures(data.claims, "b")\nlookup.is_named(claim, "c")\nx.named("d")'
    assert names_used(source) == {"a", "b", "c", "d"}


def test_a_name_without_a_locator_says_where_it_is_missing():
    import pytest

    from metropolis_report.derive import lookup

    with pytest.raises(KeyError, match="no figure named .nowhere. in metadata/layouts/2020-fr/figure_locators.csv"):
        lookup.named("nowhere")
    assert lookup.named("metropolis_events") == ("^@ événements de Metropolis", "^2$")
    assert lookup.named("metropolis_organised_event", "2.1") == ("^@ événement organisé par Metropolis", r"^2\.1$")
