import pytest

from metropolis_report import stats
from metropolis_report.registry import Registry, UnresolvedNameError
from tools import envlock


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


def test_wilson_interval_matches_known_values():
    # Wilson (1927) by hand: centre (p + z²/2n) / (1 + z²/n), half-width z √(p(1-p)/n + z²/4n²) / (1 + z²/n)
    n, p, z = 16, 9 / 16, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5 / (1 + z * z / n)
    lo, hi = stats.wilson_interval(9, 16, 0.95)
    assert lo == pytest.approx(centre - half, abs=1e-9) and hi == pytest.approx(centre + half, abs=1e-9)
    assert lo == pytest.approx(0.3318, abs=1e-4)
    with pytest.raises(ValueError):
        stats.wilson_interval(5, 4)


def test_lock_is_generated_from_environment_yml():
    problems = envlock.check(envlock.ENVIRONMENT.read_text(encoding="utf-8"), envlock.LOCK.read_text(encoding="utf-8"))
    assert problems == []


def test_lock_check_detects_a_disagreement():
    env = envlock.ENVIRONMENT.read_text(encoding="utf-8")
    lock = envlock.LOCK.read_text(encoding="utf-8")
    assert envlock.check(env.replace("seaborn=0.13.2", "seaborn=0.13.1"), lock)
    assert any("pandas" in p for p in envlock.check(env, lock.replace("pandas==2.3.3", "pandas==2.3.2")))


def test_unpinned_dependency_is_refused():
    with pytest.raises(ValueError, match="not pinned"):
        envlock.conda_pins("dependencies:\n  - pandas\n")
