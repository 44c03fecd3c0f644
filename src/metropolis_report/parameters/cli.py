"""`python -m metropolis_report.parameters list|sync|make`: make's check of the values given on its command
line (system Python) and the listings.

Runs on the system Python (make calls it when it reads the Makefile, before .venv exists): it must stay
standard-library only.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import textwrap

from metropolis_report import editions, wording
from metropolis_report.parameters import Parameter, ParameterError, from_text, load, shown
from metropolis_report.parameters.listing import listing, markdown_table, sync_notebooks, write_readme


def paragraph(message: str, width: int = 100) -> str:
    """A message wrapped for a terminal, never inside a command (`make report NAME=value` stays whole)."""
    commands = re.findall(r"make report \S+|papermill -p \S+ \S+", message)
    for command in commands:
        message = message.replace(command, command.replace(" ", "\x00"))
    return textwrap.fill(message, width=width, break_long_words=False, break_on_hyphens=False).replace("\x00", " ")


def _make_safe(fragment: str) -> str:
    """JSON that survives make's word splitting, variable expansion and the shell's single quotes."""
    for char in " |$#'\t":
        fragment = fragment.replace(char, f"\\u{ord(char):04x}")
    return fragment


def for_make(
    assignments: list[str],
    command_line: list[str],
    declared: dict[str, Parameter] | None = None,
    make_variables: tuple[str, ...] = (),
) -> str:
    """`ok`, the edition's word `@edition|id|report file|layout|extractor's layout files` (what make's steps read),
    and, for each chapter with research parameters, `chapter|,"name":value,...` (the members make adds to the
    chapter's parameter file); ParameterError for a refused value, a misspelt name or a variable given on the
    command line that nothing reads (``make_variables``: the Makefile's own, which may be given)."""
    declared = load() if declared is None else declared
    by_make = {p.make_name: p for p in declared.values() if p.kind == "research"}
    values = {p.name: p.default for p in by_make.values()}
    for assignment in assignments:
        name, _, text = assignment.partition("=")
        values[by_make[name].name] = from_text(by_make[name], text)
    for name in command_line:
        if name in by_make or name in make_variables or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            continue
        close = difflib.get_close_matches(name.upper(), list(by_make), n=1, cutoff=0.75)
        if close:
            parameter = by_make[close[0]]
            raise ParameterError(
                f"Unknown parameter {name}: did you mean {parameter.make_name}? Allowed: "
                f"{parameter.allowed_text()} (default {shown(parameter.default)}; {parameter.meaning}). "
                f"Example: {parameter.example_command()}. Nothing was run. `make params` lists every parameter."
            )
        raise ParameterError(ignored_variable(name, by_make, make_variables))
    chapters = sorted({c for p in by_make.values() for c in p.chapters})
    edition = editions.get(values.get("edition"))
    # the layout files the extractor reads: the prerequisites of the extraction (the other files of the layout, the
    # audit's rules, are recorded by the steps that read them)
    extracted = ",".join(f"metadata/{edition.layout_name(name)}" for name in wording.FILES)
    words = ["ok", f"@edition|{edition.edition}|{edition.report_file}|{edition.layout}|{extracted}"]
    for chapter in chapters:
        members = "".join(
            "," + json.dumps(name, ensure_ascii=True) + ":" + json.dumps(values[name], ensure_ascii=True)
            for name, p in declared.items()
            if p.kind == "research" and chapter in p.chapters
        )
        words.append(f"{chapter}|{_make_safe(members)}")
    return " ".join(words)


def ignored_variable(name: str, by_make: dict[str, Parameter], make_variables: tuple[str, ...]) -> str:
    """The paragraph for a variable on make's command line that no step reads (it would be silently ignored)."""
    hint = (
        " The report text is chosen by its edition: `make report EDITION=<id>` builds an edition of "
        f"metadata/editions.csv ({', '.join(editions.ids())}); `make edition FILE=<text> EDITION=<id>` adds one."
        if name.upper() in ("REPORT_TEXT", "CHECKSUM", "REPORT", "REPORT_FILE", "LAYOUT", "YEAR")
        else ""
    )
    return (
        f"The make variable {name} cannot take effect: no step of the build reads it, so it would be ignored.{hint} "
        f"make takes the parameters {', '.join(sorted(by_make))} and its own variables "
        f"{', '.join(make_variables) or 'none'}. Nothing was run. `make params` lists every parameter."
    )


def main(argv: list[str]) -> int:
    command, *rest = argv or ["list"]
    if command == "list":
        print(listing())
        return 0
    if command == "markdown":
        print(markdown_table())
        return 0
    if command == "sync":
        print("docs/parameters.md: parameter table " + ("rewritten" if write_readme() else "already up to date"))
        changed = sync_notebooks()
        print(
            "notebooks: the cell before the parameters "
            + (f"rewritten in {', '.join(changed)}" if changed else "already up to date")
        )
        return 0
    if command == "make":
        own = rest.index("--make-variables") if "--make-variables" in rest else len(rest)
        rest, make_variables = rest[:own], tuple(rest[own + 1 :])
        split = rest.index("--command-line") if "--command-line" in rest else len(rest)
        assignments, command_line = rest[:split], rest[split + 1 :]
        try:
            print(for_make(assignments, command_line, make_variables=make_variables))
        except (ParameterError, editions.EditionError) as err:
            print("refused")
            print(paragraph(str(err)), file=sys.stderr)
        return 0
    print("usage: python -m metropolis_report.parameters [list|markdown|sync|make NAME=value ...]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
