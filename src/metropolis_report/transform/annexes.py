"""Cleaning of the annexes: calendar, action plan deliverables, publications, funding and lists."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from metropolis_report import editions, schema, storage, wording
from metropolis_report.extract import tables
from metropolis_report.transform.cleaning import (
    CleaningError,
    Corrections,
    cell_error,
    column,
    first_cell_key,
    parse_date,
    read_raw,
    require_fit,
    restore_conversion,
)
from metropolis_report.transform.printed_figures import clean_claims


def clean_events(raw_dir: Path, corrections: Corrections) -> pd.DataFrame:
    raw, found = restore_conversion("events_calendar", read_raw(raw_dir, "events_calendar"))
    corrections.add_conversion(found, first_cell_key)
    layout = wording.current()
    start_at, end_at, title_at, place_at = (
        column("events_calendar", k) for k in ("start_date", "end_date", "title", "place")
    )
    online, hybrid, wmd = layout.word("online"), layout.word("online_suffix"), layout.word("wmd_title")
    rows = []
    for rank, record in enumerate(raw.to_dict("records"), 1):
        line = record["source_line"]
        start = parse_date(record[start_at], "events_calendar", start_at, line)
        end = parse_date(record[end_at], "events_calendar", end_at, line)
        if start is None and end is None:
            raise CleaningError(f"events_calendar: line {line}: an event with neither start nor end date")
        if start and end and end < start:
            raise CleaningError(f"events_calendar: line {line}: end date {end} is before start date {start}")
        if not record[title_at]:
            raise CleaningError(f"events_calendar: column {title_at!r}, line {line}: empty title")
        place = record[place_at]
        if not place:
            raise CleaningError(f"events_calendar: column {place_at!r}, line {line}: empty place")
        fmt = "online" if place == online else "hybrid" if place.endswith(hybrid) else "in_person"
        duration = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1 if start and end else None
        rows.append(
            {
                "event_id": f"E{rank:03d}",
                "start_date": start,
                "end_date": end,
                "title": record[title_at],
                "place": place,
                "format": fmt,
                "online": fmt != "in_person",
                "duration_days": duration,
                "month": int((start or end)[5:7]),
                "world_metropolitan_day": record[title_at].startswith(wmd),
                "source_line": int(line),
            }
        )
    require_fit("events_calendar", found)
    return storage.conform(pd.DataFrame(rows), "events")


def clean_deliverables(raw_dir: Path, corrections: Corrections) -> pd.DataFrame:
    raw, found = restore_conversion("action_plan_deliverables", read_raw(raw_dir, "action_plan_deliverables"))
    corrections.add_conversion(found, first_cell_key)
    marks = schema.lookup(editions.current().layout_name("status_marks.csv"), "mark", "status")
    name = "action_plan_deliverables"
    line_at, measure_at, deliverable_at, mark_at = (
        column(name, k) for k in ("action_line", "measure", "deliverable", "status_mark")
    )
    rows, measure_id, measure = [], None, None
    for record in raw.to_dict("records"):
        line = record["source_line"]
        if record[measure_at]:
            match = re.fullmatch(r"(L\dM\d+) (.+)", record[measure_at], flags=re.S)
            if not match:
                raise cell_error(name, measure_at, line, record[measure_at], "'L<n>M<n> text'")
            measure_id, measure = match.groups()
        elif measure_id is None:
            raise CleaningError(f"action_plan_deliverables: line {line}: a deliverable before any measure")
        match = re.fullmatch(r"(L\dM\d+D\d+) (.+)", record[deliverable_at], flags=re.S)
        if not match:
            raise cell_error(name, deliverable_at, line, record[deliverable_at], "'L<n>M<n>D<n> text'")
        deliverable_id, text = match.groups()
        action_line = record[line_at]
        if not deliverable_id.startswith(measure_id + "D") or not measure_id.startswith(action_line + "M"):
            raise CleaningError(
                f"action_plan_deliverables: line {line}: deliverable {deliverable_id} does not belong "
                f"to measure {measure_id} of action line {action_line}"
            )
        mark = record[mark_at]
        if mark not in marks:
            raise cell_error(
                name,
                mark_at,
                line,
                mark,
                f"a known status mark {sorted(marks)} (metadata/{editions.current().layout_name('status_marks.csv')})",
            )
        rows.append(
            {
                "deliverable_id": deliverable_id,
                "action_line": action_line,
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
    return storage.conform(frame, "deliverables")


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
    layout = wording.current()
    groups = {layout.word(group): group for group in ("gender_perspective", "gender_mainstreaming")}
    frame = pd.DataFrame(
        {
            "publication_id": [f"P{int(r):02d}" for r in pubs[column("list_publications", "rank")]],
            "title": pubs[column("list_publications", "entry")],
            "gender_group": "none",
            "gender_title": None,
            "source_line": pubs["source_line"].astype(int),
        }
    )
    keys = [_title_key(t) for t in frame["title"]]
    group_at = column("list_publications_gender", "group")
    for group, title, line in zip(
        gender[group_at], gender[column("list_publications_gender", "title")], gender["source_line"]
    ):
        if group not in groups:
            raise cell_error("list_publications_gender", group_at, line, group, f"one of {sorted(groups)}")
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
    return storage.conform(frame, "publications")


def clean_funding(raw_dir: Path) -> pd.DataFrame:
    shares = read_raw(raw_dir, "funding_shares")
    totals = read_raw(raw_dir, "funding_totals")
    sources = schema.lookup(editions.current().layout_name("funding_sources.csv"), "printed_label", "source")
    layout = wording.current()
    schemes = {layout.word("funding_cash"): "cash", layout.word("funding_in_kind"): "including_in_kind"}
    scheme_at, source_at, share_at = (column("funding_shares", k) for k in ("scheme", "source", "share"))
    rows = []
    for record in shares.to_dict("records"):
        line = record["source_line"]
        scheme = schemes.get(record[scheme_at])
        if scheme is None:
            raise cell_error("funding_shares", scheme_at, line, record[scheme_at], f"one of {sorted(schemes)}")
        label = record[source_at].rstrip(". ")  # dotted leaders of the layout
        if label not in sources:
            raise cell_error(
                "funding_shares",
                source_at,
                line,
                record[source_at],
                f"a known source (metadata/{editions.current().layout_name('funding_sources.csv')})",
            )
        match = re.fullmatch(r"(\d+) ?%", record[share_at])
        if not match:
            raise cell_error("funding_shares", share_at, line, record[share_at], "a share like '52%'")
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
    total_scheme_at, amount_at = column("funding_totals", "scheme"), column("funding_totals", "amount")
    for record in totals.to_dict("records"):
        line = record["source_line"]
        scheme = schemes.get(record[total_scheme_at])
        match = re.fullmatch(r"(\d{1,3}(?: \d{3})*) €", record[amount_at])
        if scheme is None or not match:
            raise cell_error(
                "funding_totals", amount_at, line, record[amount_at], "an amount like '936 463 €' under a known heading"
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
    return storage.conform(frame, "funding")


LIST_ITEM = {  # raw list -> (key of the entry's column, key of its detail's column or None)
    **{name: ("entry", None) for name in tables.LISTS if name != "list_publications"},
    "list_new_members": ("member", "entity"),
    "list_staff": ("name", "role"),
    "list_regional_secretaries": ("name", "civility"),
}


def clean_lists(raw_dir: Path) -> pd.DataFrame:
    """Every annex list the audit and the chapters read, one row per entry as printed."""
    frames = []
    for name, (item_key, detail_key) in LIST_ITEM.items():
        raw = read_raw(raw_dir, name)
        item, detail = column(name, item_key), detail_key and column(name, detail_key)
        empty = raw[raw[item].str.strip() == ""]
        if not empty.empty:
            raise cell_error(name, item, empty["source_line"].iloc[0], "", "a list entry")
        frames.append(
            pd.DataFrame(
                {
                    "entry_id": [f"{name}:{int(r):02d}" for r in raw[column(name, "rank")]],
                    "list_name": name,
                    "rank": raw[column(name, "rank")].astype(int),
                    "entry": raw[item],
                    "detail": raw[detail] if detail else None,
                    "source_line": raw["source_line"].astype(int),
                }
            )
        )
    return storage.conform(pd.concat(frames, ignore_index=True), "annex_lists")


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
