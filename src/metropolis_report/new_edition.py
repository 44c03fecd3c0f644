"""`make edition FILE=<text> EDITION=<id>`: add an edition of the report, and say in one pass what it needs.

1. The text is copied to data/raw/<id>/ and its SHA-256 recorded in a new row of metadata/editions.csv, whose
   layout (metadata/layouts/<id>/) is a copy of the nearest edition's: the one whose layout the text fits best.
   Year, language, title and publisher are taken from the id (``2021-fr``) and the nearest edition: review them.
2. The text is checked against that layout, and every mismatch is listed at once (line, expected, found, the
   differing cell or words, the layout file and row to edit). The layout is edited, and the command run again.
3. When the text fits, the tables are extracted beside it; the members the registry does not know are listed,
   with the curated file that takes a new member and the one that takes a new spelling.
4. When every member is known, the cleaning runs in a temporary folder and the row counts and year ranges of
   the data dictionary that the edition changes are listed, with where to record them.

Like pipeline.py, it composes the stages (extract, transform) in their order.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import sys
import tempfile
from pathlib import Path

from metropolis_report import config, editions, schema, wording
from metropolis_report.extract import sections
from metropolis_report.extract.check import check_layout
from metropolis_report.extract.source import sha256_of
from metropolis_report.storage import write_atomic

ID = re.compile(r"[a-z0-9][a-z0-9-]*")
YEAR_AND_LANGUAGE = re.compile(r"(?P<year>(19|20)\d\d)(?:-(?P<language>[a-z]{2}))?")
# the tables whose column "name" names a member (the annex lists of members: their column in the dictionary)
MEMBER_TABLES = ("members_engagement", "members_web_mentions")
NEW_MEMBER = "data/raw/curated/members_registry.csv"
NEW_SPELLING = "data/raw/curated/member_aliases.csv"


class EditionIntakeError(ValueError):
    """The command cannot add this edition (a missing file, a taken or malformed id)."""


def nearest(text: str) -> tuple[editions.Edition, list]:
    """The declared edition whose layout the text fits best (fewest mismatches), and those mismatches."""
    scored = [(edition, check_layout(text, wording.of(edition))) for edition in editions.declared()]
    return min(scored, key=lambda pair: len(pair[1]))


def new_row(edition_id: str, text_file: Path, like: editions.Edition) -> dict[str, str]:
    """The editions.csv row of a new edition: year and language from its id where it gives them, the rest
    from the nearest edition (its title with the year replaced)."""
    found = YEAR_AND_LANGUAGE.match(edition_id)
    year = found.group("year") if found else str(like.year)
    language = (found.group("language") if found else None) or like.language
    return {
        "edition": edition_id,
        "report_file": f"{edition_id}/{text_file.name}",
        "sha256": sha256_of(text_file),
        "year": year,
        "language": language,
        "title": like.title.replace(str(like.year), year),
        "publisher": like.publisher,
        "layout": edition_id,
    }


def _append_row(row: dict[str, str]) -> None:
    path = schema.metadata_file("editions.csv")
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=editions.COLUMNS, lineterminator="\n").writerow(row)
    write_atomic(path, path.read_text(encoding="utf-8") + buffer.getvalue(), keep_unchanged=False)


def register(text_file: Path, edition_id: str) -> tuple[editions.Edition, list[str]]:
    """Copy the text, add the row and the layout (once); return the edition and what was done."""
    if not ID.fullmatch(edition_id):
        raise EditionIntakeError(
            f"EDITION={edition_id!r} is not an edition id: lower-case letters, digits and '-', such as 2021-fr."
        )
    if not text_file.is_file():
        raise EditionIntakeError(f"FILE={text_file} is not a file: give the report's text (make edition FILE=...).")
    done = []
    if edition_id in editions.ids():
        edition = editions.get(edition_id)
        if sha256_of(text_file) != edition.sha256:
            raise EditionIntakeError(
                f"Edition {edition_id} is already declared in metadata/editions.csv with another text "
                f"({edition.report_file}). Choose another id, or remove its row to start again."
            )
        return edition, ["the edition is already declared: checking it again"]
    text = text_file.read_text(encoding="utf-8")
    like, _ = nearest(text)
    row = new_row(edition_id, text_file, like)
    target = config.RAW_DIR / row["report_file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(text_file, target)
    layout = schema.metadata_file(f"layouts/{edition_id}")
    copied = not layout.exists()
    if copied:
        shutil.copytree(schema.metadata_file(f"layouts/{like.layout}"), layout)
    _append_row(row)
    editions.reload()
    done += [
        f"copied the text to data/raw/{row['report_file']} (SHA-256 {row['sha256']})",
        f"added the row {edition_id} to metadata/editions.csv: year {row['year']}, language {row['language']}, "
        f"title {row['title']!r}, publisher {row['publisher']!r}: review them",
        f"copied the layout of {like.edition} (the nearest: its layout fits the text best) to "
        f"metadata/layouts/{edition_id}/"
        if copied
        else f"kept the layout already in metadata/layouts/{edition_id}/ (remove it to start from {like.edition}'s)",
    ]
    return editions.get(edition_id), done


def unknown_members(raw_dir: Path) -> list[tuple[str, str, str]]:
    """(table, line, name) of every member name of tables 4.1 and 4.2 and of the annex lists of members that
    the registry does not know, each read as the cleaning reads it (the new-member mark and a footnote's
    star set apart)."""
    from metropolis_report.transform.cleaning import read_keyed
    from metropolis_report.transform.members import NEW_MARK
    from metropolis_report.transform.registry import Registry, UnresolvedNameError

    registry = Registry()
    places = [(table, "name") for table in MEMBER_TABLES]
    places += [(table, schema.column("members", flag).raw_key) for table, flag in schema.member_lists().items()]
    missing = []
    for table, key in places:
        raw = read_keyed(raw_dir, table)
        for printed, line in zip(raw[key], raw["source_line"]):
            name = NEW_MARK.match(printed).group("name") if key == "name" else printed.rstrip("*").strip()
            try:
                registry.resolve(name, table, line)
            except UnresolvedNameError:
                missing.append((table, line, name))
    return missing


def dictionary_changes(edition: editions.Edition) -> list[str]:
    """The reviewed row counts and the year ranges of the data dictionary that the edition's tables change."""
    from metropolis_report import pipeline
    from metropolis_report.transform.cleaning import CleaningError
    from metropolis_report.transform.conversion import ConversionError

    reviewed = editions.reviewed_rows(edition)
    changes = []
    with tempfile.TemporaryDirectory() as staging:
        try:
            tables = {
                **pipeline.stage_members(edition.raw_dir, Path(staging)),
                **pipeline.stage_annexes(edition.raw_dir, Path(staging)),
            }
        except (
            CleaningError,
            ConversionError,
        ) as err:  # the tables do not clean (a member in one table only, a cell of no kind)
            return [f"the cleaning stops: {err}"]
    for name, rows in reviewed.items():
        if name in tables and len(tables[name]) != rows:
            changes.append(
                f"table {name}: {len(tables[name])} rows, {rows} reviewed. Once you have checked them, add the row "
                f"`{edition.edition},{name},{len(tables[name])}` to metadata/edition_rows.csv"
            )
    for name, frame in tables.items():
        if name not in schema.tables():
            continue
        for column in schema.table(name).columns:
            if column.value_range and column.name in frame and frame[column.name].notna().any():
                lo, hi = (edition.year if end == schema.EDITION_YEAR else end for end in column.value_range)
                low, high = frame[column.name].min(), frame[column.name].max()
                if (lo is not None and low < lo) or (hi is not None and high > hi):
                    changes.append(
                        f"column {name}.{column.name}: values from {low} to {high}, outside the range {column.allowed} "
                        "of metadata/columns.csv; widen it there (a range may end at {year}, the edition's year), "
                        "then run `make expectations` and review the diff of expectations/"
                    )
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make edition", description=__doc__.split("\n")[0])
    parser.add_argument("--file", required=True)
    parser.add_argument("--edition", required=True)
    args = parser.parse_args(argv)
    if not args.file or not args.edition:
        print("usage: make edition FILE=<the report's text> EDITION=<new id, e.g. 2021-fr>", file=sys.stderr)
        return 2
    try:
        edition, done = register(Path(args.file), args.edition)
    except EditionIntakeError as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 2
    for line in done:
        print(f"edition: {line}")
    editions.use(edition.edition)  # what follows (the layout, the cleaning) reads this edition
    text = edition.report_path.read_text(encoding="utf-8")
    mismatches = check_layout(text, wording.of(edition))
    if mismatches:
        print(f"\n{len(mismatches)} mismatch(es) between the text and its layout (metadata/layouts/{edition.layout}/):")
        for mismatch in mismatches:
            print(f"- {mismatch}")
        print(
            f"\nEdit the layout files named above, then run again: make edition FILE={args.file} EDITION={args.edition}"
        )
        return 1
    for path in sections.write_all(sections.extract(text, wording.of(edition)), edition.raw_dir):
        print(f"edition: extracted {path.relative_to(config.PROJ_ROOT)}")
    missing = unknown_members(edition.raw_dir)
    if missing:
        print(f"\n{len(missing)} member name(s) that the registry does not know:")
        for table, line, name in missing:
            print(f"- {name!r} ({table}, line {line})")
        print(
            f"\nA new member takes a row in {NEW_MEMBER} (member_id, name as printed, English name, country, and in "
            f"editions the id {edition.edition}); a new spelling of a known member takes a row in {NEW_SPELLING} "
            "(alias, member_id, where it is printed, a note). Then run again: "
            f"make edition FILE={args.file} EDITION={args.edition}"
        )
        return 1
    changes = dictionary_changes(edition)
    if changes:
        print(f"\n{len(changes)} fact(s) of the data dictionary that this edition changes:")
        for change in changes:
            print(f"- {change}")
        print(f"\nThen run again: make edition FILE={args.file} EDITION={args.edition}")
        return 1
    print(
        f"\nedition {edition.edition}: the text fits its layout and the data dictionary. Build it: "
        f"make report EDITION={edition.edition}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
