"""The parameters a researcher may change, declared once in metadata/parameters.csv, and their check.

Each row of the declaration gives a parameter's name, kind (``research``: changed by a researcher, on the
command line as ``make report NAME=value`` or in a notebook's ``parameters`` cell; ``path``: a folder the
build passes, None meaning this project's own), type, allowed values or range, default, meaning, an example
and the chapters that use it. Adding a parameter is one row here plus one line in the parameters cell of each
chapter that uses it, then ``python -m metropolis_report.parameters sync`` (which rewrites the parameter table of docs/parameters.md
and the markdown cell before each parameters cell); the Makefile needs no change. A test checks that the
declaration, the notebooks, docs/parameters.md and the build's parameter files agree.

The same check runs on every way in, and gives the same paragraph:
- ``make`` runs ``python -m metropolis_report.parameters make NAME=value ...`` when it reads the Makefile,
  before any step: a refused value stops it with nothing built (``build/params/`` included);
- the runner (``python -m metropolis_report.publish.run``) checks a chapter's parameter file before executing it;
- each notebook calls :func:`check` first thing after its parameters cell, so "Run All" in JupyterLab,
  ``papermill -p NAME value`` and ``jupyter nbconvert --execute`` refuse the same values (and a parameter
  the chapter does not take).

Standard library only: it runs before the environment's heavy imports, and with the bare Python that
make starts.
"""

from __future__ import annotations

import ast
import csv
import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path

from metropolis_report import config, editions

DECLARATION = config.METADATA_DIR / "parameters.csv"


TYPES = ("int", "float", "str", "bool", "path")
EDITIONS_ALLOWED = "editions.csv"  # an allowed cell that means: the edition ids of metadata/editions.csv


_MISSING = object()


class ParameterError(ValueError):
    """A parameter value of the wrong type or outside its range, or a parameter no chapter declares."""


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    type: str
    allowed: tuple[str, ...]
    minimum: float | int | None
    maximum: float | int | None
    default: object
    meaning: str
    example: str
    chapters: tuple[str, ...]
    allowed_from: str = ""  # "editions.csv": the allowed values are the editions that file declares

    @property
    def make_name(self) -> str:
        return self.name.upper()

    def allowed_text(self) -> str:
        """What the parameter accepts, in words (the same words in every message and listing)."""
        if self.type == "path":
            return "a folder (text), or None for this project's own"
        if self.allowed:
            return "one of " + ", ".join(self.allowed)
        if self.type == "bool":
            return "true or false"
        word = "a whole number" if self.type == "int" else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{word} from {shown(self.minimum)} to {shown(self.maximum)}"
        if self.minimum is not None:
            return f"{word} of at least {shown(self.minimum)}"
        if self.maximum is not None:
            return f"{word} of at most {shown(self.maximum)}"
        return word

    def example_command(self) -> str:
        if self.kind == "research":
            return f"make report {self.make_name}={self.example}"
        return f"papermill -p {self.name} {self.example} ..."


def shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return value
    return repr(value)


def _number(text: str, kind: str):
    return int(text) if kind == "int" else float(text)


def load(path: Path = DECLARATION) -> dict[str, Parameter]:
    """The declaration, by name (in the declaration's order). A malformed row stops with the row named."""
    declared: dict[str, Parameter] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path.name} line {line}"
            name, kind, kind_of_value = row["name"].strip(), row["kind"].strip(), row["type"].strip()
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or name in declared:
                raise ValueError(f"{where}: the name {name!r} is not a new lower-case identifier")
            if kind not in ("research", "path") or kind_of_value not in TYPES:
                raise ValueError(f"{where}: kind must be research or path and type one of {', '.join(TYPES)}")
            if (kind == "path") != (kind_of_value == "path"):
                raise ValueError(f"{where}: a path parameter has kind path and type path")
            if kind_of_value not in ("int", "float") and (row["min"].strip() or row["max"].strip()):
                raise ValueError(f"{where}: only a number has a min or a max")
            try:
                bounds = [_number(row[b].strip(), kind_of_value) if row[b].strip() else None for b in ("min", "max")]
            except ValueError:
                raise ValueError(f"{where}: min and max must be numbers of the parameter's type") from None
            # allowed "editions.csv": the editions that file declares (its first row is the default)
            from_editions = row["allowed"].strip() == EDITIONS_ALLOWED
            parameter = Parameter(
                name=name,
                kind=kind,
                type=kind_of_value,
                allowed=(
                    tuple(editions.ids())
                    if from_editions
                    else tuple(a.strip() for a in row["allowed"].split("|") if a.strip())
                ),
                minimum=bounds[0],
                maximum=bounds[1],
                default=None,
                meaning=row["meaning"].strip(),
                example=row["example"].strip(),
                chapters=tuple(row["chapters"].split()),
                allowed_from=EDITIONS_ALLOWED if from_editions else "",
            )
            default = row["default"].strip() or (editions.default().edition if from_editions else "")
            if kind == "path":
                if default:
                    raise ValueError(f"{where}: a path parameter defaults to None (leave the default empty)")
            else:
                try:
                    parameter = _with_default(parameter, from_text(parameter, default))
                    from_text(parameter, parameter.example)
                except ParameterError as err:
                    raise ValueError(
                        f"{where}: the default or the example is refused by the row itself: {err}"
                    ) from None
            if not parameter.chapters or not parameter.meaning or not parameter.example:
                raise ValueError(f"{where}: meaning, example and chapters are required")
            declared[name] = parameter
    return declared


def _with_default(parameter: Parameter, default) -> Parameter:
    return Parameter(**{**parameter.__dict__, "default": default})


def of_chapter(chapter: str, declared: dict[str, Parameter] | None = None) -> dict[str, Parameter]:
    declared = load() if declared is None else declared
    return {name: p for name, p in declared.items() if chapter in p.chapters}


def defaults(chapter: str, declared: dict[str, Parameter] | None = None) -> dict[str, object]:
    """The research parameters of a chapter at their defaults."""
    return {n: p.default for n, p in of_chapter(chapter, declared).items() if p.kind == "research"}


def refusal(parameter: Parameter, given, problem: str) -> str:
    """The one paragraph every way in gives for a refused value."""
    if parameter.kind == "research":
        name = f"{parameter.make_name} ({parameter.name} in a notebook's parameters cell)"
        default = f"default {shown(parameter.default)}"
        how = (
            f"Example: {parameter.example_command()}; or, in JupyterLab, set {parameter.name} = "
            f"{parameter.example} in the notebook's parameters cell and Run All."
        )
    else:
        name, default = parameter.name, "default None"
        how = f"Example: {parameter.example_command()}."
    return (
        f"Parameter {name}: the value {_given(given)} {problem}. Allowed: {parameter.allowed_text()} "
        f"({default}; {parameter.meaning}; used by {', '.join(parameter.chapters)}). {how} "
        f"Nothing was run. `make params` lists every parameter."
    )


def _given(given) -> str:
    return f"{given!r}" if isinstance(given, str) or given is None else shown(given)


def from_text(parameter: Parameter, text: str):
    """A value typed on a command line (make, environment) as the parameter's type, or ParameterError."""
    text = text.strip()
    if parameter.type == "int":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ParameterError(refusal(parameter, text, "is not a whole number"))
        value = int(text)
    elif parameter.type == "float":
        try:
            value = float(text)
        except ValueError:
            raise ParameterError(refusal(parameter, text, "is not a number")) from None
    elif parameter.type == "bool":
        if text.lower() not in ("true", "false"):
            raise ParameterError(refusal(parameter, text, "is not true or false"))
        value = text.lower() == "true"
    else:
        value = text
    return checked(parameter, value)


def checked(parameter: Parameter, value):
    """A value given to a notebook (Python object) if the parameter accepts it, else ParameterError."""
    if parameter.type == "path":
        if value is None or isinstance(value, str | Path):
            return value
        raise ParameterError(refusal(parameter, value, f"is a {type(value).__name__}, not a folder"))
    if parameter.type == "bool":
        if not isinstance(value, bool):
            raise ParameterError(refusal(parameter, value, "is not True or False"))
        return value
    if parameter.type == "str":
        if not isinstance(value, str):
            raise ParameterError(refusal(parameter, value, "is not text"))
    elif parameter.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(refusal(parameter, value, "is not a whole number"))
    else:  # float
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(refusal(parameter, value, "is not a number"))
        if not math.isfinite(value):
            raise ParameterError(refusal(parameter, value, "is not a finite number"))
        value = float(value)
    if parameter.allowed and str(value) not in parameter.allowed:
        if parameter.allowed_from == EDITIONS_ALLOWED:
            raise ParameterError(f"Parameter {parameter.make_name}: {editions.unknown(str(value))}")
        raise ParameterError(refusal(parameter, value, "is not one of the allowed values"))
    if (parameter.minimum is not None and value < parameter.minimum) or (
        parameter.maximum is not None and value > parameter.maximum
    ):
        raise ParameterError(refusal(parameter, value, "is outside the allowed range"))
    return value


def unknown(chapter: str, name: str, given, declared: dict[str, Parameter]) -> str:
    """The paragraph for a parameter the chapter does not take (a typo, or another chapter's)."""
    takes = of_chapter(chapter, declared)
    research = [n for n, p in takes.items() if p.kind == "research"]
    close = difflib.get_close_matches(name, list(takes), n=1, cutoff=0.6)
    elsewhere = declared.get(name)
    hint = (
        f" Did you mean {close[0]}?"
        if close
        else (f" {name} is a parameter of {', '.join(elsewhere.chapters)}." if elsewhere else "")
    )
    example = takes[close[0]] if close else (takes[research[0]] if research else None)
    how = f" Example: {example.example_command()}." if example else ""
    return (
        f"Unknown parameter {name} (given {_given(given)}) for {chapter}: this chapter takes "
        f"{', '.join(research) or 'no research parameter'}"
        f"{' and the folders ' + ', '.join(n for n in takes if n not in research) if len(takes) > len(research) else ''}."
        f"{hint}{how} Nothing was run. `make params` lists every parameter."
    )


def check_values(chapter: str, values: dict, declared: dict[str, Parameter] | None = None) -> dict[str, object]:
    """Parameters passed to a chapter (the runner's file, papermill's): every name declared for the
    chapter, every value accepted. Returns the chapter's research values, defaults filled in."""
    declared = load() if declared is None else declared
    takes = of_chapter(chapter, declared)
    for name, value in values.items():
        if name not in takes:
            raise ParameterError(unknown(chapter, name, value, declared))
        checked(takes[name], value)
    return {**defaults(chapter, declared), **{n: v for n, v in values.items() if takes[n].kind == "research"}}


def assigned_names(source: str) -> list[str] | None:
    """The names a parameters cell (or papermill's injected cell) assigns, or None if the cell is
    something else: only assignments of literal values, as in those cells."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names = []
    for node in tree.body:
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            return None
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not all(isinstance(t, ast.Name) for t in targets):
            return None
        try:
            ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
        names += [t.id for t in targets]
    return names


def check(chapter: str, namespace: dict) -> dict[str, object]:
    """Called first thing after a notebook's parameters cell, with ``globals()``: every parameter the
    chapter declares is set to an accepted value, and the cells just run before this one (the parameters
    cell, and papermill's injected cell) assign no other name. Returns the research values."""
    declared = load()
    takes = of_chapter(chapter, declared)
    # IPython keeps every input in `In`; the last one is this cell. Walk back over the cells that only
    # assign literal values (papermill's injected parameters, then the parameters cell).
    history = namespace.get("In")
    if isinstance(history, list) and history:
        for source in reversed(history[:-1]):
            if not source.strip():
                continue
            names = assigned_names(source)
            if names is None:
                break
            for name in names:
                if name not in takes:
                    raise ParameterError(unknown(chapter, name, namespace.get(name), declared))
    values = {}
    for name, parameter in takes.items():
        value = namespace.get(name, _MISSING)
        if value is _MISSING:
            raise ParameterError(
                f"Parameter {name} is not set in the parameters cell of {chapter}: it must define it "
                f"({parameter.allowed_text()}; {parameter.meaning}). Nothing was run."
            )
        values[name] = checked(parameter, value)
    if "edition" in values:
        editions.use(values["edition"])  # the process's edition: every module reads it through editions.current()
    return {n: v for n, v in values.items() if takes[n].kind == "research"}


def used(chapter: str, nb) -> dict[str, object]:
    """The research values an executed notebook ran with, read from its own cells: the parameters cell,
    then papermill's injected cell (the kernel ran these, so the chapter states what it computed with)."""
    takes = {n for n, p in of_chapter(chapter).items() if p.kind == "research"}
    values = {}
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and ("parameters" in tags or "injected-parameters" in tags):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            for node in ast.parse(source).body:
                target = node.targets[0] if isinstance(node, ast.Assign) else None
                if isinstance(target, ast.Name) and target.id in takes:
                    values[target.id] = ast.literal_eval(node.value)
    return {n: values[n] for n in of_chapter(chapter) if n in values}


def stated(chapter: str, values: dict) -> list[tuple[str, object, object]]:
    """(name, value, default) of each research value, in the declaration's order."""
    declared = of_chapter(chapter)
    return [(n, values[n], declared[n].default) for n in declared if n in values]
