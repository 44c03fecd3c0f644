"""Unit tests of metropolis_report."""

from metropolis_report import config


def test_the_version_is_kept_in_one_place():
    import re

    from metropolis_report import __version__

    citation = (config.PROJ_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    changelog = (config.PROJ_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^version: (\S+)$", citation, re.M).group(1) == __version__
    assert re.search(r"^## (\S+)", changelog, re.M).group(1) == __version__
