"""Unit tests of metropolis_report.transform.registry."""

import pytest

from metropolis_report.transform.registry import Registry, UnresolvedNameError


@pytest.fixture(scope="module")
def registry():
    return Registry()


def test_every_spelling_resolves_to_one_member(registry):
    assert registry.resolve("Hanoï", "t", 1).member_id == "hanoi"
    assert registry.resolve("Hanoi", "t", 1).member_id == "hanoi"
    assert registry.resolve("Mexico City", "t", 1).member_id == "mexico-city"
    assert registry.resolve("Ajuntament de Barcelona", "t", 1).member_id == "barcelona-city"
    assert registry.resolve("Metropolis Femmes", "t", 1).member_id is None


def test_unknown_name_stops_with_suggestions_never_a_guess(registry):
    with pytest.raises(UnresolvedNameError) as err:
        registry.resolve("Barcelone (vile)", "list_x", 12)
    message = str(err.value)
    assert "list_x, line 12" in message and "'Barcelone (ville)'" in message and "member_aliases.csv" in message


def test_registry_has_141_unique_members(registry):
    assert len(registry.by_id) == 141


def test_conflicting_alias_is_refused(tmp_path):
    import shutil

    from metropolis_report import config

    shutil.copytree(config.CURATED_DIR, tmp_path, dirs_exist_ok=True)
    with open(tmp_path / "member_aliases.csv", "a", encoding="utf-8") as f:
        f.write("Hanoi,madrid,test,conflict\n")
    with pytest.raises(ValueError, match="would name both"):
        Registry(tmp_path)
