"""Unit tests of metropolis_report.extract.sections."""

import pytest

from metropolis_report.extract import sections
from metropolis_report.extract.report import ExtractionError


def test_missing_heading_fails_with_its_text():
    with pytest.raises(ExtractionError, match=r"expected a line reading \"2\.1\. Ligne d'action 1\""):
        sections.extract("1. Introduction\n2. Principaux résultats\n")
