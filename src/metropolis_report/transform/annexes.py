"""Cleaning of the annexes: calendar, action plan deliverables, publications, funding and lists."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from metropolis_report import schema, storage
from metropolis_report.extract import report, tables
from metropolis_report.transform.cleaning import (
    CleaningError,
    Corrections,
    cell_error,
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
    return storage.conform(pd.DataFrame(rows), "events")


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
                raise cell_error("action_plan_deliverables", "Mesures", line, record["Mesures"], "'L<n>M<n> text'")
            measure_id, measure = match.groups()
        elif measure_id is None:
            raise CleaningError(f"action_plan_deliverables: line {line}: a deliverable before any measure")
        match = re.fullmatch(r"(L\dM\d+D\d+) (.+)", record["Résultats et documents livrables"], flags=re.S)
        if not match:
            raise cell_error(
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
        mark = record[report.BLANK_HEADER]
        if mark not in marks:
            raise cell_error(
                "action_plan_deliverables",
                report.BLANK_HEADER,
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
            raise cell_error("list_publications_gender", "Groupe", line, group, f"one of {sorted(groups)}")
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
            raise cell_error(
                "funding_shares", "Origine des fonds", line, record["Origine des fonds"], f"one of {sorted(schemes)}"
            )
        label = record["Source"].rstrip(". ")  # dotted leaders of the layout
        if label not in sources:
            raise cell_error(
                "funding_shares", "Source", line, record["Source"], "a known source (metadata/funding_sources.csv)"
            )
        match = re.fullmatch(r"(\d+) ?%", record["Part"])
        if not match:
            raise cell_error("funding_shares", "Part", line, record["Part"], "a share like '52%'")
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
            raise cell_error(
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
    return storage.conform(frame, "funding")


LIST_ITEM = {  # raw list -> (column of the entry, column of its detail or None)
    **{name: (column, None) for name, column in tables.LIST_COLUMN.items() if name != "list_publications"},
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
            raise cell_error(name, item, empty["source_line"].iloc[0], "", "a list entry")
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
