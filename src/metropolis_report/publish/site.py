"""What the published site needs beyond the chapters: shared assets, the search index, the downloads
(executed notebooks, the processed tables as a Frictionless Data Package) and the report's status."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from metropolis_report import __version__, config, editions, schema
from metropolis_report.storage import write_atomic, write_bytes_atomic

SITE_DIR = config.SITE_TEMPLATES_DIR
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
    from metropolis_report.publish.layout import chapters

    for chapter in chapters():  # only the chapters' own notebooks: never a temporary file of a killed run
        path = config.EXECUTED_DIR / f"{chapter.stem}.ipynb"
        if path.exists():
            write_atomic(reports / "notebooks" / path.name, path.read_text(encoding="utf-8"))


def _text_of(markup: str) -> str:
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"<img[^>]*>", " ", markup).replace("<wbr>", "")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


_BLOCK_END = re.compile(r"</(p|li|tr|h[1-6]|figcaption|caption|summary|dd|dt|pre|blockquote)>", re.I)
_ANCHORED = ("h1", "h2", "h3", "h4", "tr", "p", "figure", "section", "li")


def _page_entries(name: str, title: str, markup: str) -> list[dict]:
    if "<main" in markup:
        markup = markup[markup.find("<main") : markup.rfind("</main>")]
    markup = re.sub(r'<details class="code-fold">.*?</details>', " ", markup, flags=re.S)
    markup = re.sub(r"<(script|style|nav|dialog|svg)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r'<a class="ln"[^>]*>.*?</a>', " ", markup, flags=re.S)  # line numbers of the report
    entries: list[dict] = []
    anchor, heading, buffer = "", "", []

    def flush() -> None:
        text = _text_of("".join(buffer)).replace("¶", "").strip()
        buffer.clear()
        if text:
            entries.append({"page": name, "title": title, "anchor": anchor, "heading": heading, "text": text[:3000]})

    for piece in re.split(r"(<[^>]+>)", markup):
        if not piece.startswith("<"):
            buffer.append(piece)
            continue
        opening = re.match(r"<(\w+)\b[^>]*\bid=\"([^\"]+)\"", piece)
        if opening and opening.group(1).lower() in _ANCHORED:
            flush()
            anchor = opening.group(2)
        if _BLOCK_END.match(piece):
            if re.match(r"</h[12]>", piece, re.I):
                heading = _text_of("".join(buffer)).replace("¶", "").strip() or heading
            flush()
        elif re.match(r"</?(td|th|br|div)\b", piece, re.I) or re.match(r'<span\b[^>]*role="listitem"', piece):
            # cells apart, and the chips of a row shown as its cells ("Téhéran Oui 1", not "TéhéranOui1")
            buffer.append(" ")
    flush()
    return entries


def search_index(reports: Path, pages: list[tuple[str, str]]) -> list[dict]:
    """One entry per block of text (paragraph, list item, table row, heading, caption) of every page, in page
    order: page, title, anchor (the id of the nearest element at or before it: a heading, a row, a line of the
    report, a figure), heading (its section) and the text as printed (the search folds case and accents)."""
    entries = []
    for name, title in pages:
        path = reports / name
        if path.exists():
            entries += _page_entries(name, title, path.read_text(encoding="utf-8"))
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
                lo, hi = (editions.current().year if end == schema.EDITION_YEAR else end for end in c.value_range)
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
                "sources": [{"title": editions.current().citation, "section": table.section}],
                "schema": resource_schema,
            }
        )
    return {
        "name": f"metropolis-annual-report-{editions.current().edition}".lower(),
        "title": editions.current().book_title,
        "version": __version__,
        "profile": "tabular-data-package",
        "description": f"Tables extracted by code from the {editions.current().short}, cleaned, "
        "validated and audited. " + REPORT_STATUS,
        "licenses": [
            {
                "name": "MIT",
                "title": "MIT License (the project's code and derived tables)",
                "path": "https://opensource.org/licenses/MIT",
            }
        ],
        "sources": [{"title": editions.current().citation}],
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


TABLES_ZIP = "metropolis_annual_report_tables.zip"


def copy_project_files(reports: Path) -> None:
    """The licence and the citation file, beside the pages that link them."""
    write_atomic(reports / "LICENSE.txt", (config.LICENSE_FILE).read_text(encoding="utf-8"))
    write_atomic(reports / "CITATION.cff", config.CITATION_FILE.read_text(encoding="utf-8"))


def write_tables_zip(reports: Path) -> Path:
    """reports/data/<TABLES_ZIP>: the data package (CSV files and datapackage.json) in one zip, with fixed
    timestamps so that two builds give the same bytes."""
    import io
    import zipfile

    folder = reports / "data"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")) + [folder / "datapackage.json"]:
            if path.exists():
                info = zipfile.ZipInfo(f"metropolis_annual_report/{path.name}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    target = folder / TABLES_ZIP
    write_bytes_atomic(target, buffer.getvalue())
    return target


def citation() -> dict:
    """How to cite the project, from CITATION.cff: {"text": one line, "bibtex": a BibTeX entry}."""
    import yaml

    cff = yaml.safe_load(config.CITATION_FILE.read_text(encoding="utf-8"))
    authors = " and ".join(
        a.get("name") or " ".join(x for x in (a.get("given-names"), a.get("family-names")) if x)
        for a in cff.get("authors", [])
    )
    year = str(cff.get("date-released", ""))[:4]
    version = cff.get("version", "")
    text = f"{authors} ({year}). {cff['title']} (version {version}) [{cff.get('type', 'software')}]."
    if cff.get("url") or cff.get("repository-code"):
        text += f" {cff.get('url') or cff.get('repository-code')}"
    key = "metropolis_report_" + year
    bibtex = "\n".join(
        [
            f"@software{{{key},",
            f"  author  = {{{{{authors}}}}},",
            f"  title   = {{{cff['title']}}},",
            f"  version = {{{version}}},",
            f"  year    = {{{year}}},",
            f"  license = {{{cff.get('license', '')}}},",
            "}",
        ]
    )
    # the source the data come from is cited beside the software, with its own year and basis
    from metropolis_report import editions

    source = editions.current()
    return {"text": text, "bibtex": bibtex + "\n\n" + source.bibtex, "source": source.citation,
            "message": cff.get("message", "")}  # fmt: skip
