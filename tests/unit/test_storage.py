"""Atomic writes: a file is either its old or its new bytes, and what a killed writer leaves is cleaned up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from metropolis_report import config, storage


def test_an_identical_text_is_left_alone_and_a_new_one_replaces_the_file(tmp_path):
    path = tmp_path / "table.csv"
    assert storage.write_atomic(path, "a\n1\n") is True
    os.utime(path, ns=(0, 0))
    assert storage.write_atomic(path, "a\n1\n") is False and path.stat().st_mtime_ns == 0
    assert storage.write_atomic(path, "a\n2\n") is True and path.read_text() == "a\n2\n"
    assert storage.write_atomic(path, "a\n2\n", keep_unchanged=False) is True and path.stat().st_mtime_ns > 0
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "table.csv"
    path.write_text("a\nold\n")

    def full_disk(self, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        storage.write_atomic(path, "a\nnew\n")
    assert path.read_text() == "a\nold\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def left_behind(path: Path) -> Path:
    """A temporary file as a killed writer leaves it: no process holds it, and it is older than a second."""
    path.write_text("a\nhalf")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    return path


def test_a_killed_writers_temporary_is_removed_and_a_running_ones_kept(tmp_path):
    path = tmp_path / "table.csv"
    stale = left_behind(tmp_path / ".table.csv.4242.tmp")
    other = left_behind(tmp_path / ".members.csv.4242.tmp")  # another file's: cleaned when that file is written
    running = tmp_path / ".table.csv.4343.tmp"
    with storage.held_temporary(running) as handle:  # a writer still writing (any process id, any machine)
        handle.write(b"a\nhal")
        os.utime(running, (1_000_000_000, 1_000_000_000))
        assert storage.write_atomic(path, "a\n1\n") is True
        assert not stale.exists() and running.exists() and other.exists()
        # held by a writer in another process too (the lock, not the process id, says it is running)
        child = subprocess.run(
            [sys.executable, "-c", "import sys; from metropolis_report import storage; "
             "print(len(storage.remove_stale_temporaries(sys.argv[1])))", str(path)],
            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(config.PROJ_ROOT / "src")},
        )  # fmt: skip
        assert child.stdout.strip() == "0" and running.exists(), child.stderr
    os.utime(running, (1_000_000_000, 1_000_000_000))  # its writer let go (closing wrote the file: now old again)
    assert storage.remove_stale_temporaries(path) == [running]
    # also when the text is the same and nothing is written
    left_behind(stale)
    assert storage.write_atomic(path, "a\n1\n") is False and not stale.exists()
    assert storage.remove_stale_temporaries(tmp_path / "members.csv") == [other]


def test_a_temporary_just_created_is_left_alone(tmp_path):
    """A writer locks its temporary the moment it creates it: one younger than a second may be in that moment."""
    fresh = tmp_path / ".table.csv.4242.tmp"
    fresh.write_text("")
    assert storage.remove_stale_temporaries(tmp_path / "table.csv") == [] and fresh.exists()


def test_the_cleanup_reads_only_temporaries_named_by_a_pid(tmp_path):
    kept = [tmp_path / ".table.csv.tmp", tmp_path / ".table.csv.draft.tmp", tmp_path / "table.csv.1.tmp"]
    for path in kept:
        left_behind(path)
    assert storage.remove_stale_temporaries(tmp_path / "table.csv") == []
    assert all(path.exists() for path in kept)
