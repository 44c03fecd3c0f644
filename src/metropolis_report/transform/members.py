"""Cleaning of the member tables 4.1 and 4.2 and the lists that name members: one typed row per member."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from metropolis_report import editions, schema, storage, wording
from metropolis_report.transform import ambiguity, conversion
from metropolis_report.transform.cleaning import (
    CleaningError,
    Corrections,
    cell_error,
    first_cell_key,
    mention,
    read_raw,
    require_fit,
    restore_conversion,
)
from metropolis_report.transform.cleaning import column as column_of
from metropolis_report.transform.registry import Registry, UnresolvedNameError

NEW_MARK = re.compile(r"^(?P<name>.+?)(?P<new> \(N\))?$")


PILOT = re.compile(r"^(?P<role>[LP])(?: \((?P<n>\d+)\))?$")


TRUE_MARK = {"dues_paid": "dues_paid_mark"}  # the word (words.csv) of a boolean column's yes; others: yes_mark


def member_columns(raw_table: str) -> list[schema.Column]:
    return [c for c in schema.table("members").columns if c.raw_table == raw_table and c.raw_key != "name"]


def parse_member_cell(column: schema.Column, value: str, member_id: str, line: str, corrections: Corrections) -> object:
    where = column.raw_table
    if column.dtype == "boolean":
        mark = wording.current().word(TRUE_MARK.get(column.name, "yes_mark"))
        if value not in ("", mark):
            raise cell_error(where, column.raw_column, line, value, f"blank or {mark!r}")
        return value == mark
    if column.name == "indicator_system_year":
        if value and not re.fullmatch(r"20\d\d", value):
            raise cell_error(where, column.raw_column, line, value, "blank or a year")
        return int(value) if value else None
    if column.dtype == "integer":
        if value == "":
            return 0
        if value.isdigit():
            return int(value)
        raise cell_error(where, column.raw_column, line, value, "a count (blank or digits)")
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
                raise cell_error(raw_table, column.raw_column, line, value, "blank, 'L', 'P' or 'P (n)'")
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
    member = column_of(name, "name")
    parsed = raw[member].str.extract(NEW_MARK)
    raw = raw.assign(_name=parsed["name"], _new=parsed["new"].notna())
    resolved = resolve_names(raw, "_name", name, registry)
    raw["member_id"] = [r.member_id for r in resolved]
    mentions = [
        mention(name, line, printed, found, line)
        for printed, line, found in zip(raw[member], raw["source_line"], resolved)
    ]
    duplicated = raw[raw["member_id"].duplicated(keep=False)]
    if not duplicated.empty:
        listing = ", ".join(f"{n!r} (line {line})" for n, line in zip(duplicated[member], duplicated["source_line"]))
        raise CleaningError(f"{name}: column {member!r}: the same member appears more than once: {listing}")
    missing = sorted(registry.listed_in(editions.current().edition) - set(raw["member_id"]))
    if missing:
        raise CleaningError(
            f"{name}: column {member!r}: members of the registry missing from the table: "
            f"{[registry.by_id[m]['name'] for m in missing]} (a member that is not in this edition: list the editions "
            "it is in, in the column editions of data/raw/curated/members_registry.csv; a new spelling: "
            "data/raw/curated/member_aliases.csv)"
        )
    ids = dict(zip(raw[member], raw["member_id"]))
    key_of = lambda _table, printed: ids[printed]  # noqa: E731 - the first cell of a member row is its name
    corrections.add_conversion(found, key_of)
    table_readings = ambiguity.readings_table(found, key_of)
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


def printed_totals(totals: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The total rows printed under tables 4.1 and 4.2 (``totals``: member table -> its raw totals)."""
    rows = []
    for table, label in (("members_engagement", "4.1"), ("members_web_mentions", "4.2")):
        name, raw = f"{table}_totals", totals[table]
        member, expected = column_of(name, "name"), list(wording.current().total_labels())
        labels = raw[member].tolist()
        if sorted(labels) != sorted(expected):
            raise CleaningError(
                f"{name}: column {member!r}: expected the rows {expected} (the words total_members and total_sum "
                f"of {wording.current().where('words.csv')}), found {labels}"
            )
        for column in member_columns(name.removesuffix("_totals")):
            if column.raw_column == "source_line" or column.name == "pilot_role":
                continue
            for row_label, value, line in zip(raw[member], raw[column.raw_column], raw["source_line"]):
                if value != "-" and not value.isdigit():
                    raise cell_error(name, column.raw_column, line, value, "a number or '-'")
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
        item = schema.column("members", flag).raw_column  # the list's column of names (columns.csv)
        rank_at = column_of(name, "rank")
        names = []
        for value, line in zip(raw[item], raw["source_line"]):
            if value.endswith("*"):
                corrections.add("strip_footnote_mark", name, item, value.rstrip("*"), value, value.rstrip("*"), line)
                value = value.rstrip("*").strip()
            names.append(value)
        raw = raw.assign(**{item: names})
        resolved = resolve_names(raw, item, name, registry, allowed=("name", "name_en", "alias", "non_member"))
        ids = [r.entity_id for r in resolved]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise CleaningError(f"{name}: column {item!r}: the same entity is listed more than once: {dupes}")
        flags[flag] = {r.member_id for r in resolved if r.member_id}
        for rank, printed, line, found in zip(raw[rank_at], raw[item], raw["source_line"], resolved):
            mentions.append(mention(name, rank, printed, found, line))
        if name == "list_new_members":
            entity = column_of(name, "entity")
            official = resolve_names(raw, entity, name, registry)
            for rank, printed, line, found, short in zip(
                raw[rank_at], raw[entity], raw["source_line"], official, resolved
            ):
                if found.member_id != short.member_id:
                    raise CleaningError(
                        f"{name}, line {line}: {printed!r} and {short.member_id!r} name different members"
                    )
                mentions.append(mention(name + ":entity", rank, printed, found, line))
    return flags, mentions


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
        "members": storage.conform(members, "members"),
        "member_mentions": storage.conform(pd.DataFrame(table_mentions + mentions), "member_mentions"),
        "printed_totals": storage.conform(printed_totals(totals), "printed_totals"),
        "pilot_projects": pilots,
        "corrections": corrections.frame(),
        "conversion_readings": storage.conform(pd.concat(readings, ignore_index=True), "conversion_readings"),
    }


@cache
def _converted(names: tuple[str, ...]) -> tuple:
    """country_converter's ISO3, continent and UN sub-region of each name (its tables read once per process)."""
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    converter = coco.CountryConverter()
    converted = (converter.convert(list(names), to=to, not_found=None) for to in ("ISO3", "continent", "UNregion"))
    return tuple(tuple(c) if isinstance(c, list) else c for c in converted)  # (a list for several names)


def country_codes(countries: pd.Series) -> pd.DataFrame:
    """ISO3, continent and UN sub-region from country_converter (not a hand-written mapping)."""
    names = sorted(set(countries))
    iso3, continent, subregion = _converted(tuple(names))
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


def clean_pilot_projects(
    raw_dir: Path, registry: Registry, corrections: Corrections
) -> tuple[pd.DataFrame, list[dict]]:
    raw, flagged = restore_conversion("pilot_projects", read_raw(raw_dir, "pilot_projects"))
    corrections.add_conversion(flagged, first_cell_key)
    number_at, name_at, leader_at, partners_at, workshops_at = (
        column_of("pilot_projects", k) for k in ("project_number", "project_name", "leader", "partners", "workshops")
    )
    pending = wording.current().word("pending")
    rows, mentions = [], []
    for record in raw.to_dict("records"):
        line = record["source_line"]
        number = record[number_at]
        if not number.isdigit():
            raise cell_error("pilot_projects", number_at, line, number, "a project number")
        people = [(record[leader_at], "leader")] + [
            (p.strip(), "partner") for p in record[partners_at].split(",") if p.strip()
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
                    "project_name": record[name_at],
                    "member_id": found.member_id,
                    "role": role,
                    "workshops": record[workshops_at],
                    "pending": record[workshops_at] == pending,
                    "source_line": int(line),
                }
            )
            mentions.append(mention(f"pilot_projects:{role}", f"{number}:{found.member_id}", printed, found, line))
    require_fit("pilot_projects", flagged)
    frame = pd.DataFrame(rows)
    if frame["pilot_member_id"].duplicated().any():
        raise CleaningError("pilot_projects: a member is named twice in the same project")
    frame["workshops"] = frame["workshops"].fillna("")
    return storage.conform(frame, "pilot_projects"), mentions
