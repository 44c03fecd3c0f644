"""What the published site needs beyond the chapters: shared assets, the search index, the downloads
(executed notebooks, the processed tables as a Frictionless Data Package) and the report's status."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from . import SOURCE_CITATION, __version__, config, schema
from .schema import write_atomic

SITE_DIR = config.PROJ_ROOT / "templates" / "site"
REPORT_STATUS = (
    "The report is Metropolis's publication (Metropolis – World Association of the Major Metropolises), included "
    "here unchanged for research and verification. Its text carries no licence notice, so this project claims "
    "none for it; the project's own code and derived tables are under the licence in LICENSE."
)


def copy_assets(reports: Path) -> None:
    for path in sorted(SITE_DIR.iterdir()):
        write_atomic(reports / path.name, path.read_text(encoding="utf-8"))


def copy_notebooks(reports: Path) -> None:
    """The executed notebooks, for download beside their chapters."""
    from .publish import chapters

    for chapter in chapters():  # only the chapters' own notebooks: never a temporary file of a killed run
        path = config.EXECUTED_DIR / f"{chapter.stem}.ipynb"
        if path.exists():
            write_atomic(reports / "notebooks" / path.name, path.read_text(encoding="utf-8"))


def _text_of(markup: str) -> str:
    markup = re.sub(r"<(script|style|details)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"<img[^>]*>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def search_index(reports: Path, pages: list[tuple[str, str]]) -> list[dict]:
    """One entry per section (h1/h2) of every page: page, title, anchor, heading, lower-case text."""
    entries = []
    for name, title in pages:
        path = reports / name
        if not path.exists():
            continue
        markup = path.read_text(encoding="utf-8")
        markup = markup[markup.find("<main") :] if "<main" in markup else markup
        parts = re.split(r'(<h[12][^>]*id="[^"]+"[^>]*>.*?</h[12]>)', markup, flags=re.S)
        anchor, heading = "", ""
        for part in parts:
            match = re.match(r'<h[12][^>]*id="([^"]+)"[^>]*>(.*?)</h[12]>', part, flags=re.S)
            if match:
                anchor, heading = match.group(1), _text_of(match.group(2)).rstrip("¶ ")
                continue
            text = _text_of(part)
            if text:
                entries.append(
                    {
                        "page": name,
                        "title": title,
                        "anchor": anchor,
                        "heading": heading,
                        "text": (heading + " " + text).lower()[:6000],
                    }
                )
    return entries


def write_search_index(reports: Path, pages: list[tuple[str, str]]) -> None:
    data = json.dumps(search_index(reports, pages), ensure_ascii=False, separators=(",", ":"))
    write_atomic(reports / "search_index.js", f"window.SEARCH_INDEX = {data};\n")


def datapackage() -> dict:
    """The processed tables as a Frictionless Data Package, generated from the data dictionary."""
    resources = []
    for table in schema.tables().values():
        fields = []
        for c in table.columns:
            # the data dictionary uses Table Schema type names, so they carry over as they are
            field = {"name": c.name, "type": c.dtype, "description": c.description}
            if c.unit:
                field["unit"] = c.unit  # a custom property: the unit of the values
            constraints = {}
            if not c.nullable:
                constraints["required"] = True
            if c.value_set:
                constraints["enum"] = c.value_set
            if c.value_range:
                lo, hi = c.value_range
                if lo is not None:
                    constraints["minimum"] = int(lo) if c.dtype == "integer" else lo
                if hi is not None:
                    constraints["maximum"] = int(hi) if c.dtype == "integer" else hi
            if constraints and c.dtype in ("integer", "number", "string", "boolean"):
                if c.dtype == "boolean":
                    constraints.pop("enum", None)
                field["constraints"] = constraints
            if c.dtype == "boolean":
                field["trueValues"], field["falseValues"] = ["true"], ["false"]
            fields.append(field)
        resource_schema = {"fields": fields, "primaryKey": [table.key], "missingValues": [""]}
        member_fk = [c.name for c in table.columns if c.name == "member_id" and table.name != "members"]
        if member_fk:
            resource_schema["foreignKeys"] = [
                {"fields": "member_id", "reference": {"resource": "members", "fields": "member_id"}}
            ]
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "mediatype": "text/csv",
                "description": table.description,
                "layer": table.layer,
                "sources": [{"title": SOURCE_CITATION, "section": table.section}],
                "schema": resource_schema,
            }
        )
    return {
        "name": "metropolis-annual-report-2020",
        "title": "Metropolis annual report 2020: data and evidence",
        "version": __version__,
        "profile": "tabular-data-package",
        "description": "Tables extracted by code from the Metropolis annual report 2020 (French edition), cleaned, "
        "validated and audited. " + REPORT_STATUS,
        "licenses": [
            {
                "name": "MIT",
                "title": "MIT License (the project's code and derived tables)",
                "path": "https://opensource.org/licenses/MIT",
            }
        ],
        "sources": [{"title": SOURCE_CITATION}],
        "resources": resources,
    }


def write_datapackage(reports: Path, processed: Path) -> Path:
    target = reports / "data"
    target.mkdir(parents=True, exist_ok=True)
    for table in schema.tables():
        source = processed / f"{table}.csv"
        if source.exists():
            write_atomic(target / f"{table}.csv", source.read_text(encoding="utf-8"))
    path = target / "datapackage.json"
    write_atomic(path, json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n")
    return path
