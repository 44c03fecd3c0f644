"""Atomic writes: a file is either its old or its new bytes, and what a killed writer leaves is cleaned up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from metropolis_report import storage


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


def dead_pid() -> int:
    """The pid of a process that has ended (reaped)."""
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def test_a_killed_writers_temporary_is_removed_and_a_running_ones_kept(tmp_path):
    path = tmp_path / "table.csv"
    stale = tmp_path / f".table.csv.{dead_pid()}.tmp"
    running = tmp_path / f".table.csv.{os.getppid()}.tmp"  # the process that started this one is running
    other = tmp_path / f".members.csv.{dead_pid()}.tmp"  # another file's: cleaned when that file is written
    for tmp in (stale, running, other):
        tmp.write_text("a\nhalf")
    assert storage.write_atomic(path, "a\n1\n") is True
    assert not stale.exists() and running.exists() and other.exists()
    # also when the text is the same and nothing is written
    stale.write_text("a\nhalf")
    assert storage.write_atomic(path, "a\n1\n") is False and not stale.exists()
    assert storage.remove_stale_temporaries(tmp_path / "members.csv") == [other]


def test_the_cleanup_reads_only_temporaries_named_by_a_pid(tmp_path):
    kept = [tmp_path / ".table.csv.tmp", tmp_path / ".table.csv.draft.tmp", tmp_path / "table.csv.1.tmp"]
    for path in kept:
        path.write_text("")
    assert storage.remove_stale_temporaries(tmp_path / "table.csv") == []
    assert all(path.exists() for path in kept)
