"""Tables written and read as the data dictionary (``schema``) says.

``conform`` orders and types a table's columns as the dictionary says, sorts its rows by the table key and
refuses another set of columns; ``to_csv_text`` is the byte-stable CSV text of a conformed table (booleans
true/false, missing values empty, ``\n`` line ends). ``write_atomic`` writes a file through a temporary file
renamed into place (never half-written; an identical file is left alone, so make rebuilds nothing) and first
removes the temporary files that a writer killed before its rename left behind (``remove_stale_temporaries``).
``read`` reads a processed table back with its dictionary types.

Runs on the system Python (`make extract` writes the raw CSVs with ``write_atomic`` before .venv exists): its
module-level imports must stay standard-library only (pandas is imported only inside the functions that need it).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

from metropolis_report.schema import table


def conform(df, name: str):
    """Order and type the columns of ``df`` as the dictionary says; refuse a different column set."""
    import pandas as pd

    spec = table(name)
    missing = [c for c in spec.column_names if c not in df.columns]
    extra = [c for c in df.columns if c not in spec.column_names]
    if missing or extra:
        raise ValueError(f"{name}: columns differ from the data dictionary (missing {missing}, extra {extra})")
    out = df[spec.column_names].copy()
    for column in spec.columns:
        series = out[column.name]
        if column.dtype == "boolean":
            out[column.name] = series.astype("boolean")
        elif column.dtype == "integer":
            out[column.name] = pd.to_numeric(series).astype("Int64")
        elif column.dtype == "number":
            out[column.name] = pd.to_numeric(series).astype("Float64")
        else:  # string and ISO date
            out[column.name] = series.astype("string")
    return out.sort_values(spec.key, kind="stable").reset_index(drop=True)


def to_csv_text(df, name: str) -> str:
    """The byte-stable CSV text of a conformed table."""
    import io

    spec = table(name)
    frame = df.copy()
    for column in spec.columns:
        if column.dtype == "boolean":
            frame[column.name] = frame[column.name].map({True: "true", False: "false"}).astype("string")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", na_rep="")
    return buffer.getvalue()


def write_atomic(path: Path, text: str, keep_unchanged: bool = True) -> bool:
    """Write ``text`` to ``path`` through a temporary file renamed into place (never half-written).

    keep_unchanged: leave an identical file (and its time) alone, so that make rebuilds nothing that
    depends on it; a make target itself (a chapter, the index) passes False so that make sees it new.
    The temporary file is removed if the write fails; one left by a writer that was killed is removed
    the next time the file is written (``remove_stale_temporaries``).
    """
    path = Path(path)
    remove_stale_temporaries(path)
    if keep_unchanged and path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    _replace(path, text.encode("utf-8"))
    return True


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """``write_atomic`` for bytes (an archive): always written."""
    path = Path(path)
    remove_stale_temporaries(path)
    _replace(path, data)


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with held_temporary(tmp) as handle:
        try:
            handle.write(data)
            handle.flush()
            tmp.replace(path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def held_temporary(tmp: Path):
    """A new temporary file, open for writing and locked (flock) until it is closed: the mark of a writer
    that is still running, whatever its process id means where the cleanup runs (another pid namespace, or
    another machine sharing the folder)."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield handle


# a temporary file no writer holds is stale once it is this old (a writer locks its file the moment it creates it)
STALE_AFTER_SECONDS = 1.0


def remove_stale_temporaries(path: Path, suffix: str = ".tmp") -> list[Path]:
    """Remove the temporary files of ``path`` (``.<name>.<pid><suffix>``) that no writer holds any more: what a
    writer killed between writing its temporary file and renaming it leaves behind. A temporary file that its
    writer still holds (locked, ``held_temporary``) is left alone. Returns the files removed."""
    removed = []
    name = Path(path).name
    for tmp in Path(path).parent.glob(f".{name}.*{suffix}"):
        if not tmp.name[len(name) + 2 : -len(suffix)].isdigit():
            continue
        try:
            with open(tmp, "rb") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if time.time() - os.fstat(handle.fileno()).st_mtime >= STALE_AFTER_SECONDS:
                    tmp.unlink()
                    removed.append(tmp)
        except (BlockingIOError, FileNotFoundError):
            continue  # held by its writer, or already gone
    return removed


def write(df, name: str, folder: Path) -> Path:
    path = Path(folder) / f"{name}.csv"
    write_atomic(path, to_csv_text(conform(df, name), name))
    return path


def read(name: str, folder: Path):
    """Read a processed table back with its dictionary types (dates as datetime64)."""
    import pandas as pd

    spec = table(name)
    df = pd.read_csv(Path(folder) / f"{name}.csv", dtype="string", keep_default_na=False, na_values=[""])
    for column in spec.columns:
        if column.dtype == "boolean":
            df[column.name] = df[column.name].map({"true": True, "false": False}).astype("boolean")
        elif column.dtype == "integer":
            df[column.name] = pd.to_numeric(df[column.name]).astype("Int64")
        elif column.dtype == "number":
            df[column.name] = pd.to_numeric(df[column.name]).astype("Float64")
        elif column.dtype == "date":
            df[column.name] = pd.to_datetime(df[column.name], format="%Y-%m-%d")
    return df
