"""Unit tests of metropolis_report.parameters.listing."""

from metropolis_report import parameters
from metropolis_report.parameters import listing as parameters_listing
from tests.unit.parameters.helpers import DECLARED


def test_make_params_lists_meaning_default_and_range():
    listing = parameters_listing.listing()
    for parameter in DECLARED.values():
        if parameter.kind == "research":
            line = next(line for line in listing.splitlines() if line.split()[:1] == [parameter.make_name])
            assert f"default {parameters.shown(parameter.default)}" in line and parameter.allowed_text() in line
            assert parameter.meaning.split()[0] in listing
