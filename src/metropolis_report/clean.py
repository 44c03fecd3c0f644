"""Raw verbatim tables -> typed, tidy tables.

Every raw cell either parses under the rule of its column, is changed by a documented correction
rule (metadata/correction_rules.csv, recorded in the corrections table), or stops the build with a
CleaningError that names the file, column, line and value. Nothing is coerced silently and no cell
is ever changed to make a printed total come out right.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from . import conversion, extract, schema
from .registry import Registry, UnresolvedNameError


class CleaningError(ValueError):
    """A raw table that cannot be cleaned without guessing."""


# --------------------------------------------------------------------------- reading raw CSVs

RAW_COLUMNS = extract.RAW_COLUMNS

_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")


def read_raw(raw_dir: Path, name: str) -> pd.DataFrame:
    """A raw CSV as text cells, after checking it can be read and has exactly its printed columns."""
    path = Path(raw_dir) / f"{name}.csv"
    expected = RAW_COLUMNS[name]
    if not path.exists():
        raise CleaningError(f"{name}: raw file {path} is missing; re-extract it with `make extract`")
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CleaningError(
            f"{name}: {path} is not valid UTF-8 (byte {err.start}: {data[err.start : err.start + 8]!r}); "
            "the raw layer is written in UTF-8 by the extractor"
        ) from err
    if not data.strip():
        raise CleaningError(f"{name}: {path} is empty (expected the header {expected})")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, ValueError) as err:
        raise CleaningError(f"{name}: {path} cannot be parsed as CSV: {err}") from err
    columns = list(df.columns)
    if columns != expected:
        missing = [c for c in expected if c not in columns]
        extra = [c for c in columns if c not in expected]
        detail = f"missing {missing}, unexpected {extra}" if missing or extra else "same columns in another order"
        raise CleaningError(f"{name}: columns differ from the printed header: {detail}")
    if df.empty:
        raise CleaningError(f"{name}: {path} has a header but no rows (truncated?)")
    for number, row in enumerate(csv.reader(io.StringIO(data.decode("utf-8"))), 1):
        if len(row) != len(expected):
            raise CleaningError(
                f"{name}: {path}: CSV line {number} has {len(row)} cells, the header has "
                f"{len(expected)} (truncated or shifted file?)"
            )
    bad_lines = df.loc[~df["source_line"].str.fullmatch(r"[1-9]\d*"), "source_line"]
    if not bad_lines.empty:
        raise CleaningError(f"{name}: column source_line holds non-line-numbers {bad_lines.tolist()[:5]}")
    for column in columns:
        marked = df.loc[df[column].str.contains(_MARKUP, regex=True), [column, "source_line"]]
        if not marked.empty and column != "Titre" and column != "texte":
            first = marked.iloc[0]
            raise CleaningError(
                f"{name}: column {column!r}, line {first['source_line']}: markup "
                f"{first[column]!r} in a cell where only a printed value belongs"
            )
    return df


def _fail(table: str, column: str, line: str, value: str, expected: str) -> CleaningError:
    return CleaningError(f"{table}: column {column!r}, line {line}: value {value!r} is not {expected}")


# --------------------------------------------------------------------------- members

NEW_MARK = re.compile(r"^(?P<name>.+?)(?P<new> \(N\))?$")
PILOT = re.compile(r"^(?P<role>[LP])(?: \((?P<n>\d+)\))?$")
TRUE_MARK = {"dues_paid_2020": "1"}  # every other boolean column of 4.1 prints "Oui"


class Corrections:
    def __init__(self):
        self.rows: list[dict] = []
        self.rules = {row["rule"]: row for row in schema.rows("correction_rules.csv")}

    def add(
        self,
        rule: str,
        raw_table: str,
        raw_column: str,
        row_key: str,
        raw_value: str,
        corrected: str,
        line: str,
        raw_cells: str | None = None,
        restored_cells: str | None = None,
    ) -> None:
        if rule not in self.rules:
            raise KeyError(f"correction rule {rule!r} is not documented in metadata/correction_rules.csv")
        self.rows.append(
            {
                "correction_id": f"{raw_table}:{int(line)}:{raw_column}",
                "raw_table": raw_table,
                "raw_column": raw_column,
                "row_key": row_key,
                "raw_value": raw_value,
                "corrected_value": corrected,
                "rule": rule,
                "reason": self.rules[rule]["reason"],
                "raw_cells": raw_value if raw_cells is None else raw_cells,
                "restored_cells": corrected if restored_cells is None else restored_cells,
                "source_line": int(line),
            }
        )

    def add_conversion(self, found: list[conversion.Finding], key_of) -> None:
        """One correction per cell that a restored row changes, and one per suspect cell of the report that is
        typed as missing. Rows that fit as printed are never changed."""
        for f in found:
            if f.kind == "suspect":
                continue
            columns = conversion.printed_columns(f.raw_table)
            if f.report_cell:
                for column in f.misfit_columns:
                    if conversion.column_kinds(f.raw_table)[column] == "count":
                        self.add(
                            "report_cell_not_a_number",
                            f.raw_table,
                            column,
                            key_of(f.raw_table, f.row_key),
                            f.raw_cells[columns.index(column)],
                            None,
                            f.source_line,
                            conversion.cells_text(f.raw_cells),
                            conversion.cells_text(f.raw_cells),
                        )
                continue
            if f.chosen is None:
                continue
            rule = (
                "dropped_empty_cell"
                if len(f.readings) == 1
                else "dropped_empty_cell_ambiguous"
                if f.ambiguous
                else "dropped_empty_cell_by_totals"
            )
            for column, before, after in zip(columns, f.raw_cells, f.chosen.cells):
                if before != after:
                    self.add(
                        rule,
                        f.raw_table,
                        column,
                        key_of(f.raw_table, f.row_key),
                        before,
                        after,
                        f.source_line,
                        conversion.cells_text(f.raw_cells),
                        conversion.cells_text(f.chosen.cells),
                    )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=schema.table("corrections").column_names)


def member_columns(raw_table: str) -> list[schema.Column]:
    return [c for c in schema.table("members").columns if c.raw_table == raw_table and c.raw_column != "MEMBRE"]


def parse_member_cell(column: schema.Column, value: str, member_id: str, line: str, corrections: Corrections) -> object:
    where = column.raw_table
    if column.dtype == "boolean":
        mark = TRUE_MARK.get(column.name, "Oui")
        if value not in ("", mark):
            raise _fail(where, column.raw_column, line, value, f"blank or {mark!r}")
        return value == mark
    if column.name == "indicator_system_year":
        if value and not re.fullmatch(r"20\d\d", value):
            raise _fail(where, column.raw_column, line, value, "blank or a year")
        return int(value) if value else None
    if column.dtype == "integer":
        if value == "":
            return 0
        if value.isdigit():
            return int(value)
        raise _fail(where, column.raw_column, line, value, "a count (blank or digits)")
    raise AssertionError(f"no parse rule for {column.name}")


def parse_member_row(raw_table: str, cells: list[str], line: int, report_cells=()) -> dict[str, object]:
    """The typed member columns of one printed row of table 4.1 or 4.2 (``cells`` in printed order).

    A cell in ``report_cells`` (raw columns) is a suspect cell of the report that no reading restores: in a
    count column it is typed as missing (the report prints no number there); elsewhere the cleaning stops."""
    raw = dict(zip(conversion.printed_columns(raw_table), cells))
    out: dict[str, object] = {}
    for column in member_columns(raw_table):
        if column.raw_column == "source_line" or column.name == "new_member":
            continue
        value = raw[column.raw_column]
        if column.name in ("pilot_role", "pilot_projects"):
            match = PILOT.fullmatch(value)
            if value and not match:
                raise _fail(raw_table, column.raw_column, line, value, "blank, 'L', 'P' or 'P (n)'")
            if column.name == "pilot_role":
                out["pilot_role"] = {"L": "leader", "P": "partner"}[match["role"]] if value else "none"
            else:
                out["pilot_projects"] = int(match["n"] or 1) if value else 0
            continue
        if column.raw_column in report_cells and column.dtype == "integer" and not value.isdigit():
            out[column.name] = pd.NA
            continue
        out[column.name] = parse_member_cell(column, value, "", str(line), None)
    return out


def reading_values(raw_table: str, readings: pd.DataFrame, report_cells: dict) -> list:
    """Per member row (in the raw table's order): the member columns whose value depends on the reading,
    with the value under each admissible combination, e.g. 'wmd_organiser: A 1, B 0, C 0'; a suspect cell of
    the report that no reading restores: 'wmd_participant: not a number in the report ('Oui')'."""
    by_line: dict[int, dict[str, dict[str, object]]] = {}
    for r in readings.itertuples():
        if not r.combinations:
            continue
        values = parse_member_row(
            raw_table,
            r.reading_row.split(conversion.CELL_SEPARATOR),
            r.source_line,
            report_cells.get(r.source_line, ()),
        )
        for name in r.combinations.split("; "):
            for column, value in values.items():
                by_line.setdefault(int(r.source_line), {}).setdefault(column, {})[name] = value
    out = {}
    for line, columns in by_line.items():
        parts = []
        for column, by_name in columns.items():
            shown = {
                n: ("" if pd.isna(v) else str(int(v)) if isinstance(v, bool | int) else str(v))
                for n, v in by_name.items()
            }
            if len(set(shown.values())) > 1:
                order = sorted(shown, key=lambda x: (len(x), x))
                parts.append(f"{column}: " + ", ".join(f"{n} {shown[n]}" for n in order))
        out[line] = "; ".join(parts)
    for line, columns in report_cells.items():
        printed = readings.loc[readings["source_line"] == line, "printed_row"].iloc[0].split(conversion.CELL_SEPARATOR)
        cells = dict(zip(conversion.printed_columns(raw_table), printed))
        note = "; ".join(
            f"{schema.from_raw('members', raw_table, c).name}: not a number in the report ({cells[c]!r})"
            for c in sorted(columns)
        )
        out[line] = "; ".join(p for p in (out.get(line, ""), note) if p)
    return out


def resolve_names(
    df: pd.DataFrame, column: str, table: str, registry: Registry, allowed=("name", "alias", "name_en")
) -> list:
    resolved = []
    for name, line in zip(df[column], df["source_line"]):
        try:
            found = registry.resolve(name, table, line)
        except UnresolvedNameError as err:
            raise CleaningError(str(err)) from err
        if found.resolved_by not in allowed:
            raise CleaningError(f"{table}, line {line}: {name!r} names {found.entity_id!r}, which is not a member")
        resolved.append(found)
    return resolved


@dataclass(frozen=True)
class MemberTable:
    """Table 4.1 or 4.2 cleaned: one typed row per member, the mention of each printed name, and every
    reading of the text conversion that was considered (conversion_readings rows)."""

    frame: pd.DataFrame
    mentions: list[dict]
    readings: pd.DataFrame


def member_table(
    raw_dir: Path,
    name: str,
    registry: Registry,
    corrections: Corrections,
    totals: pd.DataFrame,
    *,
    with_new_mark: bool,
) -> MemberTable:
    """Table ``name`` (4.1 or 4.2) cleaned, with its printed total rows ``totals``; ``with_new_mark``: the
    table marks new members "(N)" after their name (4.1), kept as ``new_member``.

    Rows that prove a dropped empty cell of the text conversion are restored first (module conversion);
    the corrections made are added to ``corrections``.
    """
    raw = read_raw(raw_dir, name)
    raw, found = restore_conversion(name, raw, totals)
    parsed = raw["MEMBRE"].str.extract(NEW_MARK)
    raw = raw.assign(_name=parsed["name"], _new=parsed["new"].notna())
    resolved = resolve_names(raw, "_name", name, registry)
    raw["member_id"] = [r.member_id for r in resolved]
    mentions = [
        _mention(name, line, printed, found, line)
        for printed, line, found in zip(raw["MEMBRE"], raw["source_line"], resolved)
    ]
    duplicated = raw[raw["member_id"].duplicated(keep=False)]
    if not duplicated.empty:
        listing = ", ".join(f"{n!r} (line {line})" for n, line in zip(duplicated["MEMBRE"], duplicated["source_line"]))
        raise CleaningError(f"{name}: column 'MEMBRE': the same member appears more than once: {listing}")
    missing = sorted(set(registry.by_id) - set(raw["member_id"]))
    if missing:
        raise CleaningError(
            f"{name}: column 'MEMBRE': members of the registry missing from the table: "
            f"{[registry.by_id[m]['name'] for m in missing]}"
        )
    ids = dict(zip(raw["MEMBRE"], raw["member_id"]))
    key_of = lambda _table, printed: ids[printed]  # noqa: E731 - the first cell of a member row is its name
    corrections.add_conversion(found, key_of)
    table_readings = conversion.readings_table(found, key_of)
    report_cells = {f.source_line: set(f.misfit_columns) for f in found if f.report_cell}
    columns = conversion.printed_columns(name)
    parsed_rows = [
        parse_member_row(name, list(cells[:-1]), int(cells[-1]), report_cells.get(int(cells[-1]), ()))
        for cells in raw[columns + ["source_line"]].itertuples(index=False)
    ]
    out = {"member_id": raw["member_id"]}
    for column in member_columns(name):
        if column.name == "new_member":
            continue
        if column.raw_column == "source_line":
            out[column.name] = raw["source_line"].astype(int)
        else:
            out[column.name] = [row[column.name] for row in parsed_rows]
    values = reading_values(name, table_readings, report_cells)
    out["reading_values"] = [values.get(int(line), "") for line in raw["source_line"]]
    frame = pd.DataFrame(out)
    require_fit(name, found)
    if with_new_mark:
        frame["new_member"] = raw["_new"].to_numpy()
        frame["name"] = raw["_name"].to_numpy()
    return MemberTable(frame, mentions, table_readings)


def restore_conversion(name: str, raw: pd.DataFrame, totals: pd.DataFrame | None = None):
    """The raw table with the rows that prove a conversion defect restored (a copy) and the findings: the
    proven rows, and the rows that would also fit a proven shift but prove nothing themselves (never changed
    in the copy; where the table prints totals, they are weighed as readings)."""
    try:
        found = conversion.resolve(name, raw, totals)
    except conversion.ConversionError as err:
        raise CleaningError(str(err)) from err
    return conversion.restored_frame(name, raw, found), found


def require_fit(name: str, found: list[conversion.Finding]) -> None:
    try:
        conversion.require_fit(name, found)
    except conversion.ConversionError as err:
        raise CleaningError(str(err)) from err


def printed_totals(totals: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The total rows printed under tables 4.1 and 4.2 (``totals``: member table -> its raw totals)."""
    rows = []
    for table, label in (("members_engagement", "4.1"), ("members_web_mentions", "4.2")):
        name, raw = f"{table}_totals", totals[table]
        labels = raw["MEMBRE"].tolist()
        if sorted(labels) != sorted(extract.TOTAL_LABELS):
            raise CleaningError(
                f"{name}: column 'MEMBRE': expected the rows {list(extract.TOTAL_LABELS)}, found {labels}"
            )
        for column in member_columns(name.removesuffix("_totals")):
            if column.raw_column == "source_line" or column.name == "pilot_role":
                continue
            for row_label, value, line in zip(raw["MEMBRE"], raw[column.raw_column], raw["source_line"]):
                if value != "-" and not value.isdigit():
                    raise _fail(name, column.raw_column, line, value, "a number or '-'")
                rows.append(
                    {
                        "total_id": f"{label}|{row_label}|{column.name}",
                        "table": label,
                        "row_label": row_label,
                        "column": column.name,
                        "printed_value": value,
                        "value": None if value == "-" else int(value),
                        "source_line": int(line),
                    }
                )
    return pd.DataFrame(rows)


def list_flags(raw_dir: Path, registry: Registry, corrections: Corrections) -> tuple[dict[str, set], list[dict]]:
    """Members named by each annex list, and one mention row per printed name."""
    flags: dict[str, set] = {}
    mentions: list[dict] = []
    for name, flag in schema.member_lists().items():
        raw = read_raw(raw_dir, name)
        names = []
        for value, line in zip(raw["Membre"], raw["source_line"]):
            if value.endswith("*"):
                corrections.add(
                    "strip_footnote_mark", name, "Membre", value.rstrip("*"), value, value.rstrip("*"), line
                )
                value = value.rstrip("*").strip()
            names.append(value)
        raw = raw.assign(Membre=names)
        resolved = resolve_names(raw, "Membre", name, registry, allowed=("name", "name_en", "alias", "non_member"))
        ids = [r.entity_id for r in resolved]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise CleaningError(f"{name}: column 'Membre': the same entity is listed more than once: {dupes}")
        flags[flag] = {r.member_id for r in resolved if r.member_id}
        for rank, printed, line, found in zip(raw["Rang"], raw["Membre"], raw["source_line"], resolved):
            mentions.append(_mention(name, rank, printed, found, line))
        if name == "list_new_members":
            official = resolve_names(raw, "Entité", name, registry)
            for rank, printed, line, found, short in zip(
                raw["Rang"], raw["Entité"], raw["source_line"], official, resolved
            ):
                if found.member_id != short.member_id:
                    raise CleaningError(
                        f"{name}, line {line}: {printed!r} and {short.member_id!r} name different members"
                    )
                mentions.append(_mention(name + ":entity", rank, printed, found, line))
    return flags, mentions


def _mention(list_name, rank, printed, found, line) -> dict:
    return {
        "mention_id": f"{list_name}:{rank}",
        "list_name": list_name,
        "printed_name": printed,
        "member_id": found.member_id,
        "entity_id": found.entity_id,
        "resolved_by": found.resolved_by,
        "source_line": int(line),
    }


def clean_members(raw_dir: Path, curated_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """members, member_mentions, printed_totals and the corrections made on the way."""
    registry = Registry(curated_dir) if curated_dir else Registry()
    corrections = Corrections()
    # the total rows are read once: they choose between readings of restored rows and are a table of their own
    totals = {name: read_raw(raw_dir, f"{name}_totals") for name in ("members_engagement", "members_web_mentions")}
    engagement_table = member_table(
        raw_dir, "members_engagement", registry, corrections, totals["members_engagement"], with_new_mark=True
    )
    web_table = member_table(
        raw_dir, "members_web_mentions", registry, corrections, totals["members_web_mentions"], with_new_mark=False
    )
    engagement, web = engagement_table.frame, web_table.frame
    table_mentions = engagement_table.mentions + web_table.mentions
    readings = [engagement_table.readings, web_table.readings]
    members = engagement.merge(web, on="member_id", how="inner", validate="one_to_one", suffixes=("", "_web"))
    members["reading_values"] = [
        "; ".join(v for v in pair if v) or None
        for pair in zip(members["reading_values"], members["reading_values_web"])
    ]
    members = members.drop(columns="reading_values_web")
    if len(members) != len(engagement):  # both tables were checked against the registry: unreachable
        raise CleaningError("members_web_mentions: members differ from members_engagement")
    reference = pd.DataFrame(registry.members)[["member_id", "name_en", "country"]]
    members = members.merge(reference, on="member_id", how="left", validate="one_to_one")
    members = members.join(country_codes(members["country"]))
    flags, mentions = list_flags(raw_dir, registry, corrections)
    pilots, pilot_mentions = clean_pilot_projects(raw_dir, registry, corrections)
    mentions += pilot_mentions
    for flag, ids in flags.items():
        members[flag] = members["member_id"].isin(ids)
    return {
        "members": schema.conform(members, "members"),
        "member_mentions": schema.conform(pd.DataFrame(table_mentions + mentions), "member_mentions"),
        "printed_totals": schema.conform(printed_totals(totals), "printed_totals"),
        "pilot_projects": pilots,
        "corrections": corrections.frame(),
        "conversion_readings": schema.conform(pd.concat(readings, ignore_index=True), "conversion_readings"),
    }


def country_codes(countries: pd.Series) -> pd.DataFrame:
    """ISO3, continent and UN sub-region from country_converter (not a hand-written mapping)."""
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    names = sorted(set(countries))
    converter = coco.CountryConverter()
    iso3 = converter.convert(names, to="ISO3", not_found=None)
    continent = converter.convert(names, to="continent", not_found=None)
    subregion = converter.convert(names, to="UNregion", not_found=None)
    table = pd.DataFrame({"country": names, "country_iso3": iso3, "region": continent, "subregion": subregion})
    unknown = table[
        table[["country_iso3", "region", "subregion"]].isna().any(axis=1) | (table["country_iso3"] == "not found")
    ]
    if not unknown.empty:
        raise CleaningError(
            f"curated/members_registry: column 'country': country_converter does not know {unknown['country'].tolist()}"
        )
    mapped = countries.to_frame().merge(table, on="country", how="left")
    return mapped[["country_iso3", "region", "subregion"]].set_index(countries.index)


# --------------------------------------------------------------------------- annexes


def parse_date(value: str, table: str, column: str, line: str) -> str | None:
    if value == "":
        return None
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", value)
    try:
        if not match:
            raise ValueError
        return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
    except ValueError:
        raise _fail(table, column, line, value, "a date dd/mm/yyyy") from None


def first_cell_key(_table: str, printed: str) -> str:
    return printed


def clean_events(raw_dir: Path, corrections: Corrections) -> pd.DataFrame:
    raw, found = restore_conversion("events_calendar", read_raw(raw_dir, "events_calendar"))
    corrections.add_conversion(found, first_cell_key)
    rows = []
    for rank, record in enumerate(raw.to_dict("records"), 1):
        line = record["source_line"]
        start = parse_date(record["Date de début"], "events_calendar", "Date de début", line)
        end = parse_date(record["Date de fin"], "events_calendar", "Date de fin", line)
        if start is None and end is None:
            raise CleaningError(f"events_calendar: line {line}: an event with neither start nor end date")
        if start and end and end < start:
            raise CleaningError(f"events_calendar: line {line}: end date {end} is before start date {start}")
        if not record["Titre"]:
            raise CleaningError(f"events_calendar: column 'Titre', line {line}: empty title")
        place = record["Lieu"]
        if not place:
            raise CleaningError(f"events_calendar: column 'Lieu', line {line}: empty place")
        fmt = "online" if place == "En ligne" else "hybrid" if place.endswith(" et en ligne") else "in_person"
        duration = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1 if start and end else None
        rows.append(
            {
                "event_id": f"E{rank:03d}",
                "start_date": start,
                "end_date": end,
                "title": record["Titre"],
                "place": place,
                "format": fmt,
                "online": fmt != "in_person",
                "duration_days": duration,
                "month": int((start or end)[5:7]),
                "world_metropolitan_day": record["Titre"].startswith("Journée mondiale métropolitaine 2020"),
                "source_line": int(line),
            }
        )
    require_fit("events_calendar", found)
    return schema.conform(pd.DataFrame(rows), "events")


def clean_deliverables(raw_dir: Path, corrections: Corrections) -> pd.DataFrame:
    raw, found = restore_conversion("action_plan_deliverables", read_raw(raw_dir, "action_plan_deliverables"))
    corrections.add_conversion(found, first_cell_key)
    marks = schema.lookup("status_marks.csv", "mark", "status")
    rows, measure_id, measure = [], None, None
    for record in raw.to_dict("records"):
        line = record["source_line"]
        if record["Mesures"]:
            match = re.fullmatch(r"(L\dM\d+) (.+)", record["Mesures"], flags=re.S)
            if not match:
                raise _fail("action_plan_deliverables", "Mesures", line, record["Mesures"], "'L<n>M<n> text'")
            measure_id, measure = match.groups()
        elif measure_id is None:
            raise CleaningError(f"action_plan_deliverables: line {line}: a deliverable before any measure")
        match = re.fullmatch(r"(L\dM\d+D\d+) (.+)", record["Résultats et documents livrables"], flags=re.S)
        if not match:
            raise _fail(
                "action_plan_deliverables",
                "Résultats et documents livrables",
                line,
                record["Résultats et documents livrables"],
                "'L<n>M<n>D<n> text'",
            )
        deliverable_id, text = match.groups()
        action_line = record["Ligne d'action"]
        if not deliverable_id.startswith(measure_id + "D") or not measure_id.startswith(action_line + "M"):
            raise CleaningError(
                f"action_plan_deliverables: line {line}: deliverable {deliverable_id} does not belong "
                f"to measure {measure_id} of action line {action_line}"
            )
        mark = record[extract.BLANK_HEADER]
        if mark not in marks:
            raise _fail(
                "action_plan_deliverables",
                extract.BLANK_HEADER,
                line,
                mark,
                f"a known status mark {sorted(marks)} (metadata/status_marks.csv)",
            )
        rows.append(
            {
                "deliverable_id": deliverable_id,
                "action_line": record["Ligne d'action"],
                "measure_id": measure_id,
                "measure": measure,
                "deliverable": text,
                "status_mark": mark,
                "status": marks[mark],
                "source_line": int(line),
            }
        )
    require_fit("action_plan_deliverables", found)
    frame = pd.DataFrame(rows)
    dupes = frame[frame["deliverable_id"].duplicated(keep=False)]
    if not dupes.empty:
        raise CleaningError(
            f"action_plan_deliverables: deliverable codes printed twice: "
            f"{sorted(set(dupes['deliverable_id']))} (lines {dupes['source_line'].tolist()})"
        )
    return schema.conform(frame, "deliverables")


def clean_pilot_projects(
    raw_dir: Path, registry: Registry, corrections: Corrections
) -> tuple[pd.DataFrame, list[dict]]:
    raw, flagged = restore_conversion("pilot_projects", read_raw(raw_dir, "pilot_projects"))
    corrections.add_conversion(flagged, first_cell_key)
    rows, mentions = [], []
    for record in raw.to_dict("records"):
        line = record["source_line"]
        number = record[extract.BLANK_HEADER]
        if not number.isdigit():
            raise _fail("pilot_projects", extract.BLANK_HEADER, line, number, "a project number")
        people = [(record["Leader"], "leader")] + [
            (p.strip(), "partner") for p in record["Partenaires"].split(",") if p.strip()
        ]
        for printed, role in people:
            try:
                found = registry.resolve(printed, "pilot_projects", line)
            except UnresolvedNameError as err:
                raise CleaningError(str(err)) from err
            if found.member_id is None:
                raise CleaningError(f"pilot_projects, line {line}: {printed!r} is not a member")
            rows.append(
                {
                    "pilot_member_id": f"{int(number)}|{found.member_id}",
                    "project_number": int(number),
                    "project_name": record["Nom du projet"],
                    "member_id": found.member_id,
                    "role": role,
                    "workshops": record["Ateliers"],
                    "pending": record["Ateliers"] == "En attente",
                    "source_line": int(line),
                }
            )
            mentions.append(_mention(f"pilot_projects:{role}", f"{number}:{found.member_id}", printed, found, line))
    require_fit("pilot_projects", flagged)
    frame = pd.DataFrame(rows)
    if frame["pilot_member_id"].duplicated().any():
        raise CleaningError("pilot_projects: a member is named twice in the same project")
    frame["workshops"] = frame["workshops"].fillna("")
    return schema.conform(frame, "pilot_projects"), mentions


def _title_key(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()


def clean_publications(raw_dir: Path) -> pd.DataFrame:
    """The 22 new publications with the 5.IV group each one is listed under.

    5.IV sometimes prints a shorter title (without the series subtitle, e.g. ': Analytic Note #2'):
    a 5.IV title matches a publication when the two are equal or one starts with the other.
    A 5.IV title that matches no publication, or several, stops the build.
    """
    pubs = read_raw(raw_dir, "list_publications")
    gender = read_raw(raw_dir, "list_publications_gender")
    groups = {
        "Avec une perspective de genre": "gender_perspective",
        "Centrées sur la transversalité du genre": "gender_mainstreaming",
    }
    frame = pd.DataFrame(
        {
            "publication_id": [f"P{int(r):02d}" for r in pubs["Rang"]],
            "title": pubs["Titre"],
            "gender_group": "none",
            "gender_title": None,
            "source_line": pubs["source_line"].astype(int),
        }
    )
    keys = [_title_key(t) for t in frame["title"]]
    for group, title, line in zip(gender["Groupe"], gender["Titre"], gender["source_line"]):
        if group not in groups:
            raise _fail("list_publications_gender", "Groupe", line, group, f"one of {sorted(groups)}")
        key = _title_key(title)
        hits = [i for i, k in enumerate(keys) if k == key] or [
            i for i, k in enumerate(keys) if k.startswith(key) or key.startswith(k)
        ]
        if len(hits) != 1:
            raise CleaningError(
                f"list_publications_gender: line {line}: {title!r} matches {len(hits)} of the "
                "22 new publications (expected exactly one)"
            )
        if frame.at[hits[0], "gender_group"] != "none":
            raise CleaningError(f"list_publications_gender: line {line}: {title!r} is listed twice in 5.IV")
        frame.at[hits[0], "gender_group"] = groups[group]
        frame.at[hits[0], "gender_title"] = title
    return schema.conform(frame, "publications")


def clean_funding(raw_dir: Path) -> pd.DataFrame:
    shares = read_raw(raw_dir, "funding_shares")
    totals = read_raw(raw_dir, "funding_totals")
    sources = schema.lookup("funding_sources.csv", "printed_label", "source")
    schemes = {
        "Origine des fonds": "cash",
        "Origine des fonds (y compris les paiements en nature des membres)": "including_in_kind",
    }
    rows = []
    for record in shares.to_dict("records"):
        line = record["source_line"]
        scheme = schemes.get(record["Origine des fonds"])
        if scheme is None:
            raise _fail(
                "funding_shares", "Origine des fonds", line, record["Origine des fonds"], f"one of {sorted(schemes)}"
            )
        label = record["Source"].rstrip(". ")  # dotted leaders of the layout
        if label not in sources:
            raise _fail(
                "funding_shares", "Source", line, record["Source"], "a known source (metadata/funding_sources.csv)"
            )
        match = re.fullmatch(r"(\d+) ?%", record["Part"])
        if not match:
            raise _fail("funding_shares", "Part", line, record["Part"], "a share like '52%'")
        rows.append(
            {
                "funding_id": f"{scheme}|{sources[label]}",
                "scheme": scheme,
                "source": sources[label],
                "share_percent": float(match[1]),
                "amount_eur": None,
                "source_line": int(line),
            }
        )
    for record in totals.to_dict("records"):
        line = record["source_line"]
        scheme = schemes.get(record["Origine des fonds"])
        match = re.fullmatch(r"(\d{1,3}(?: \d{3})*) €", record["Montant"])
        if scheme is None or not match:
            raise _fail(
                "funding_totals", "Montant", line, record["Montant"], "an amount like '936 463 €' under a known heading"
            )
        rows.append(
            {
                "funding_id": f"{scheme}|total",
                "scheme": scheme,
                "source": "total",
                "share_percent": None,
                "amount_eur": int(match[1].replace(" ", "")),
                "source_line": int(line),
            }
        )
    frame = pd.DataFrame(rows)
    if frame["funding_id"].duplicated().any():
        raise CleaningError(
            f"funding_shares: a source is printed twice: {frame.loc[frame['funding_id'].duplicated(), 'funding_id'].tolist()}"
        )
    return schema.conform(frame, "funding")


THIS_FIGURE, OTHER_FIGURE = "@", "#"


def figure_spans(text: str, words: bool = False) -> list[tuple[int, int]]:
    """Where the figures of a block of text stand, in reading order (years are not figures); with ``words``,
    the figures written out in words too."""
    spans = [
        m.span()
        for m in extract._NUMBER.finditer(text)
        if not (extract._YEAR.match(m.group("number")) and not m.group("unit"))
    ]
    if words:
        spans = sorted(spans + [(a, b) for a, b, _, _ in extract.word_figures(text)])
    return spans


def is_word_figure(printed: str) -> bool:
    """A figure written out in words ('quatre', 'troisième'), not in digits."""
    return not any(ch.isdigit() for ch in printed)


def wording(text: str, position: int, words: bool = False) -> str:
    """The block's text with this figure as '@' and every other figure as '#': what claim rules match,
    so that a rule finds its figure by the words around it and never by its value. A figure written out in
    words is marked among the figures in digits and in words (``words``)."""
    spans = figure_spans(text, words)
    out, last = [], 0
    for n, (start, end) in enumerate(spans, 1):
        out += [text[last:start], THIS_FIGURE if n == position else OTHER_FIGURE]
        last = end
    return "".join(out + [text[last:]])


def clean_claims(raw_dir: Path) -> pd.DataFrame:
    raw = read_raw(raw_dir, "headline_claims")
    numeric = pd.to_numeric(raw["value"], errors="coerce")
    if numeric.isna().any():
        bad = raw[numeric.isna()].iloc[0]
        raise _fail("headline_claims", "value", bad["source_line"], bad["value"], "a number")
    # consecutive figures of one block share its text; their rank in the block is their position. A figure in
    # words is ranked among the block's figures in digits and in words (its rank among the words, mapped)
    words = raw["valeur_imprimée"].map(is_word_figure)
    block = (
        (raw["texte"] != raw["texte"].shift()) | (raw["section"] != raw["section"].shift()) | (words != words.shift())
    )
    block |= words & (raw["source_line"] != raw["source_line"].shift())  # the same note printed on several pages
    position = raw.groupby(block.cumsum()).cumcount() + 1
    for i in raw.index[words]:
        text = raw.at[i, "texte"]
        in_words = [(a, b) for a, b, _, _ in extract.word_figures(text)]
        k = position[i] - 1
        position[i] = figure_spans(text, True).index(in_words[k]) + 1 if k < len(in_words) else len(text) + 1
    for text, pos, printed, line, w in zip(raw["texte"], position, raw["valeur_imprimée"], raw["source_line"], words):
        spans = figure_spans(text, w)
        if pos > len(spans) or text[slice(*spans[pos - 1])].strip() != printed:
            raise CleaningError(
                f"headline_claims, line {line}: figure {pos} of the block is not the printed figure "
                f"{printed!r} (the extractor and the cleaning read the block differently)"
            )
    frame = pd.DataFrame(
        {
            "claim_id": raw["claim_id"],
            "section": raw["section"],
            "claim_text": raw["texte"],
            "figure_position": position,
            "wording": [wording(t, p, w) for t, p, w in zip(raw["texte"], position, words)],
            "printed_value": raw["valeur_imprimée"],
            "value": numeric,
            "unit": raw["unit"],
            "qualifier": raw["qualificatif"].replace("", "exact"),
            "source_line": raw["source_line"].astype(int),
        }
    )
    return schema.conform(frame, "claims")


LIST_ITEM = {  # raw list -> (column of the entry, column of its detail or None)
    **{name: (column, None) for name, column in extract.LIST_COLUMN.items() if name != "list_publications"},
    "list_new_members": ("Membre", "Entité"),
    "list_staff": ("Nom", "Fonction"),
    "list_regional_secretaries": ("Nom", "Civilité"),
}


def clean_lists(raw_dir: Path) -> pd.DataFrame:
    """Every annex list the audit and the chapters read, one row per entry as printed."""
    frames = []
    for name, (item, detail) in LIST_ITEM.items():
        raw = read_raw(raw_dir, name)
        empty = raw[raw[item].str.strip() == ""]
        if not empty.empty:
            raise _fail(name, item, empty["source_line"].iloc[0], "", "a list entry")
        frames.append(
            pd.DataFrame(
                {
                    "entry_id": [f"{name}:{int(r):02d}" for r in raw["Rang"]],
                    "list_name": name,
                    "rank": raw["Rang"].astype(int),
                    "entry": raw[item],
                    "detail": raw[detail] if detail else None,
                    "source_line": raw["source_line"].astype(int),
                }
            )
        )
    return schema.conform(pd.concat(frames, ignore_index=True), "annex_lists")


def clean_annexes(raw_dir: Path) -> dict[str, pd.DataFrame]:
    corrections = Corrections()
    return {
        "events": clean_events(raw_dir, corrections),
        "deliverables": clean_deliverables(raw_dir, corrections),
        "publications": clean_publications(raw_dir),
        "funding": clean_funding(raw_dir),
        "claims": clean_claims(raw_dir),
        "annex_lists": clean_lists(raw_dir),
        "corrections_annexes": corrections.frame(),
    }
