"""Unit tests of tools.envlock."""

import pytest

from tools import envlock


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
