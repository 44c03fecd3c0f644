"""HTML chapters and the index.

The chapters are the notebooks of notebooks/, in the order of their numbers; a chapter's title is
the first heading of its first markdown cell. Nothing else lists them.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from . import SOURCE_CITATION, config

TEMPLATES_DIR = config.PROJ_ROOT / "templates"


@dataclass(frozen=True)
class Chapter:
    stem: str
    title: str

    @property
    def html_name(self) -> str:
        return f"{self.stem}.html"


def chapter_title(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


def chapters(notebooks_dir: Path = config.NOTEBOOKS_DIR) -> list[Chapter]:
    return [Chapter(nb.stem, chapter_title(nb)) for nb in sorted(notebooks_dir.glob("[0-9]*.ipynb"))]


def nav_html(stem: str, all_chapters: list[Chapter]) -> str:
    stems = [c.stem for c in all_chapters]
    links = ['<a href="index.html">Index</a>']
    if stem in stems:
        i = stems.index(stem)
        if i > 0:
            links.append(
                f'<a href="{all_chapters[i - 1].html_name}">&larr; {html.escape(all_chapters[i - 1].title)}</a>'
            )
        links.append(f'<span class="here">{html.escape(all_chapters[i].title)}</span>')
        if i + 1 < len(all_chapters):
            links.append(
                f'<a href="{all_chapters[i + 1].html_name}">{html.escape(all_chapters[i + 1].title)} &rarr;</a>'
            )
    return '<nav class="chapter-nav">' + " ".join(links) + "</nav>"


SEARCH_HTML = """<div class="site-search" role="search">
<label for="site-search-input">Search all chapters and the annotated report:</label>
<input type="search" id="site-search-input" placeholder="e.g. Téhéran, parity, 76 %" autocomplete="off">
<span id="site-search-status" aria-live="polite"></span>
<ol id="site-search-results"></ol>
</div>"""


def tables_read(nb) -> list[str]:
    """The processed tables a chapter reads or publishes, from its code (for the download links)."""
    import re

    from . import schema

    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    names = set(re.findall(r"schema\.read\(\"(\w+)\"", code))
    for listed in re.findall(r"require_published\([^)]*\[([^\]]*)\]", code):
        names |= set(re.findall(r"\"(\w+)\"", listed))
    for layer in re.findall(r"publish\([^)]*layer=\"(\w+)\"", code):
        names |= set(schema.layer(layer))
    return sorted(n for n in names if n in schema.tables())


def downloads_html(stem: str, tables: list[str]) -> str:
    links = [f'<a href="notebooks/{stem}.ipynb" download>executed notebook (.ipynb)</a>']
    links += [f'<a href="data/{t}.csv">{t}.csv</a>' for t in tables]
    return (
        '<p class="downloads">Downloads: '
        + " · ".join(links)
        + ' · <a href="data/datapackage.json">data package</a></p>'
    )


def table_of_contents(body: str) -> str:
    """A contents list of the chapter's sections (its h2 headings), put under its title."""
    import re

    headings = re.findall(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', body)
    if not headings:
        return body
    items = "".join(f'<li><a href="#{anchor}">{text}</a></li>' for anchor, text in headings)
    toc = f'<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">Contents</h2><ul>{items}</ul></nav>'
    return re.sub(r"(</h1>)", r"\1" + toc.replace("\\", "\\\\"), body, count=1)


def built_with(nb) -> dict | None:
    """The research parameters an executed notebook ran with (recorded by the runner), or None."""
    return nb.get("metadata", {}).get("metropolis_report", {}).get("parameters")


def non_default(stem: str) -> str:
    """For the index: the parameters a chapter's last build used that differ from their defaults, as text
    ("" when it used the defaults or was not built), read from its executed notebook."""
    from . import parameters

    path = config.EXECUTED_DIR / f"{stem}.ipynb"
    if not path.exists():
        return ""
    values = built_with(json.loads(path.read_text(encoding="utf-8"))) or {}
    return ", ".join(
        f"{name} = {_value(value)} (default {_value(default)})"
        for name, value, default in parameters.stated(stem, values)
        if value != default
    )


def _value(value) -> str:
    return html.escape(f"{value:g}" if isinstance(value, float) else str(value))


def parameters_html(stem: str, values: dict | None) -> tuple[str, str]:
    """What the chapter states about its parameters: a line beside its source (every chapter), and a notice
    under its title when a value differs from the declared default (else empty)."""
    from . import parameters

    if values is None:
        return "", ""
    listed = parameters.stated(stem, values)
    if not listed:
        return '<p class="build-parameters">Parameters: this step takes no research parameter.</p>', ""
    shown = [
        f"<code>{name}</code> = {_value(value)}" + ("" if value == default else f" (default {_value(default)})")
        for name, value, default in listed
    ]
    changed = [s for s, (_, value, default) in zip(shown, listed) if value != default]
    line = (
        '<p class="build-parameters">Built with the parameters '
        + ", ".join(shown)
        + ("." if changed else " (the defaults).")
        + " <code>make params</code> lists them.</p>"
    )
    notice = (
        '<p class="non-default-parameters" role="note"><strong>Built with non-default parameters:</strong> '
        + ", ".join(changed)
        + ". Its figures may differ from those of the default build.</p>"
        if changed
        else ""
    )
    return line, notice


def render_chapter(nb, stem: str) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="chapter",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    title = next((c.title for c in chapters() if c.stem == stem), stem)
    stated, notice = parameters_html(stem, built_with(nb))
    resources = {
        "metadata": {"name": title},
        "nav_html": nav_html(stem, chapters()),
        "search_html": SEARCH_HTML,
        "downloads_html": downloads_html(stem, tables_read(nb)) + notice,
        "parameters_html": stated,
        "citation": html.escape(f"Source: {SOURCE_CITATION}."),
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return table_of_contents(body)


def text(value) -> str:
    """Report data shown inside Markdown prose, as text: markup in a cell is escaped, never rendered.
    (Tables are escaped by pandas; nbconvert's own sanitizer escapes the notebook's tables too, so it is off.)"""
    return html.escape(str(value), quote=False).replace("*", "\\*").replace("_", "\\_")
