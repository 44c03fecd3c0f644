"""HTML chapters and the index.

The chapters are the notebooks of notebooks/, in the order of their numbers; a chapter's title is
the first heading of its first markdown cell. Nothing else lists them. The book reads them in another
order: the findings (30-39) first, then how the data was made (10-29), then the annotated report.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from metropolis_report import config, editions

TEMPLATES_DIR = config.TEMPLATES_DIR


def book_title() -> str:
    """The book's title, from the edition built (metadata/editions.csv)."""
    return editions.current().book_title


# The parts of the book: a title and the first digit of the notebooks it holds, in reading order.
PARTS = [("Findings", "3"), ("How the data was made", "12")]


SOURCE_HTML = "source.html"  # the annotated report's page
SOURCE_PAGE = (SOURCE_HTML, "The annotated report")


PDF_NAME = "metropolis_annual_report.pdf"


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
    """The chapters in build order (the order of their numbers)."""
    return [Chapter(nb.stem, chapter_title(nb)) for nb in sorted(notebooks_dir.glob("[0-9]*.ipynb"))]


def parts(notebooks_dir: Path = config.NOTEBOOKS_DIR) -> list[tuple[str, list[Chapter]]]:
    """The chapters in reading order, grouped into the parts of the book."""
    found = chapters(notebooks_dir)
    grouped = [(title, [c for c in found if c.stem[:1] in digits]) for title, digits in PARTS]
    rest = [c for c in found if not any(c in group for _, group in grouped)]
    if rest:
        grouped.append(("Other chapters", rest))
    return [(title, group) for title, group in grouped if group]


def book(notebooks_dir: Path = config.NOTEBOOKS_DIR) -> list[Chapter]:
    """The chapters in reading order."""
    return [c for _, group in parts(notebooks_dir) for c in group]


def chapter_number(stem: str) -> int:
    """A chapter's place in the book (1 for the first chapter read)."""
    stems = [c.stem for c in book()]
    return stems.index(stem) + 1 if stem in stems else 0


def reading_order() -> list[tuple[str, str]]:
    """Every page of the book, front to back, as (file name, title)."""
    return [("index.html", "Overview")] + [(c.html_name, c.title) for c in book()] + [SOURCE_PAGE]


def _current(name: str, here: str) -> str:
    return ' aria-current="page"' if name == here else ""


def book_nav_html(here: str) -> str:
    """The sidebar: every page of the book, the current one marked."""
    rows = [f'<p class="book-home"><a href="index.html"{_current("index.html", here)}>Overview</a></p>']
    for title, group in parts():
        items = "".join(
            f'<li><a href="{c.html_name}"{_current(c.html_name, here)}>'
            f'<span class="num">{chapter_number(c.stem)}</span> {html.escape(c.title)}</a></li>'
            for c in group
        )
        rows.append(f'<p class="book-part">{html.escape(title)}</p><ol>{items}</ol>')
    name, title = SOURCE_PAGE
    rows.append(
        f'<p class="book-part">The source</p><ul><li><a href="{name}"{_current(name, here)}>{title}</a></li></ul>'
    )
    return (
        '<nav class="book-nav" aria-label="Book"><details class="book-fold" open>'
        f"<summary>Chapters of the book</summary>{''.join(rows)}</details></nav>"
    )


def pager_html(here: str) -> str:
    """Previous and next page of the book (the last chapter leads on to the annotated report)."""
    order = reading_order()
    names = [n for n, _ in order]
    links = []
    if here in names:
        i = names.index(here)
        if i > 0:
            links.append(
                f'<a class="prev" rel="prev" href="{order[i - 1][0]}">&larr; {html.escape(order[i - 1][1])}</a>'
            )
        if i + 1 < len(order):
            links.append(
                f'<a class="next" rel="next" href="{order[i + 1][0]}">{html.escape(order[i + 1][1])} &rarr;</a>'
            )
    return '<nav class="chapter-nav" aria-label="Previous and next page">' + " ".join(links) + "</nav>"


SEARCH_HTML = """<div class="site-search" role="search">
<label for="site-search-input">Search the book:</label>
<input type="search" id="site-search-input" placeholder="e.g. Téhéran, parity, &quot;World Metropolitan Day&quot;" autocomplete="off">
<span id="site-search-status" aria-live="polite"></span>
<ol id="site-search-results"></ol>
<button type="button" id="site-search-more" hidden>Show more results</button>
</div>"""


TOC_MARK = "<!--page-toc-->"


def page_top(here: str, skip_to: str = "main-content", lang: str = "") -> str:
    """What every page starts with: skip link, header with search, the book's sidebar and the page's contents."""
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f'<a class="skip-link" href="#{skip_to}"{lang_attr}>Skip to the content</a>\n'
        f'<header class="site-header"{lang_attr}><p class="book-title"><a href="index.html">{html.escape(book_title())}</a></p>\n'
        f"{SEARCH_HTML}\n</header>\n"
        f'<div class="book-layout"{lang_attr}>\n{book_nav_html(here)}\n{TOC_MARK}\n'
    )


def page_bottom(here: str, lang: str = "", extra: str = "") -> str:
    """The end of every page: previous/next, the source citation and ``extra`` beside it (a chapter's
    parameters), the figure zoom and the scripts."""
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<div{lang_attr}>{pager_html(here)}</div>\n</main>\n</div>\n"
        f'<footer class="site-footer"{lang_attr}><p class="source-citation">'
        f"{html.escape(f'Source: {editions.current().citation}.')}</p>{extra}</footer>\n"
        '<dialog class="figure-zoom" aria-label="Enlarged figure"><button type="button" class="zoom-close">Close</button>'
        '<div class="zoom-body"></div></dialog>\n'
        '<script src="site.js"></script>\n'
    )


def tables_read(nb) -> list[str]:
    """The processed tables a chapter reads or publishes, from its code (for the download links)."""
    from metropolis_report import schema

    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    names = set(re.findall(r"schema\.read\(\"(\w+)\"", code))
    for listed in re.findall(r"require_published\([^)]*\[([^\]]*)\]", code):
        names |= set(re.findall(r"\"(\w+)\"", listed))
    for layer in re.findall(r"publish\([^)]*layer=\"(\w+)\"", code):
        names |= set(schema.layer(layer))
    return sorted(n for n in names if n in schema.tables())


def downloads_html(stem: str, tables: list[str]) -> str:
    links = [
        f'<a href="notebooks/{stem}.ipynb" download="{stem}.ipynb">executed notebook (.ipynb, opens in JupyterLab)</a>'
    ]
    links += [f'<a href="data/{t}.csv" download="{t}.csv">{t}.csv</a>' for t in tables]
    # folded on a phone by site.js (the key findings come first), open elsewhere; never printed
    return (
        '<details class="downloads" open><summary>Downloads: the executed notebook'
        + (", the tables it reads or writes" if tables else "")
        + " and the data package</summary><p>"
        + " · ".join(links)
        + ' · <a href="data/datapackage.json">data package</a></p></details>'
    )


def toc_html(body: str, heading: str = "On this page") -> str:
    """The contents of a page (its h2 headings), for the sidebar."""
    found = re.findall(r'<h2 id="([^"]+)"[^>]*>(.*?)(?:<a class="anchor-link"|</h2>)', body, flags=re.S)
    if not found:
        return ""
    items = "".join(
        f'<li><a href="#{anchor}">{re.sub(r"<[^>]+>", "", text).strip()}</a></li>' for anchor, text in found
    )
    return toc_box(heading, f"<ul>{items}</ul>")


def toc_box(heading: str, items: str, lang: str = "") -> str:
    """The page's contents box: open beside the text on a wide screen, folded above it on a phone (site.js
    folds it there, so that the chapter's key findings come up on the first screen)."""
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f'<nav class="toc" aria-labelledby="toc-heading"{lang_attr}><details class="toc-fold" open>'
        f'<summary class="toc-heading" id="toc-heading">{heading}</summary>{items}</details></nav>'
    )


def table_of_contents(body: str) -> str:
    """Put the contents of the page (its h2 headings) in its place beside the text."""
    main = body[body.find("<main") :] if "<main" in body else body
    return body.replace(TOC_MARK, toc_html(main), 1)


_FIGURE_ID = re.compile(r'id="figure-(\d+)"')


_FIGURE_LABEL = re.compile(r"<strong>Figure (\d+)\.</strong>")


_FIGURE_REF = re.compile(r"\b(Figures?) (\d+)\b")


def number_figures(body: str, chapter: int) -> str:
    """Figure numbers unique across the book: figure n of chapter c becomes Figure c.n (id figure-c-n), and
    "Figure n" in the chapter's text becomes a link to it."""
    if not chapter:
        return body
    numbers = set(_FIGURE_ID.findall(body))
    body = _FIGURE_ID.sub(lambda m: f'id="figure-{chapter}-{m.group(1)}"', body)
    body = _FIGURE_LABEL.sub(lambda m: f"<strong>Figure {chapter}.{m.group(1)}.</strong>", body)

    def link(segment: str) -> str:
        return _FIGURE_REF.sub(
            lambda m: (
                f'<a class="xref" href="#figure-{chapter}-{m.group(2)}">{m.group(1)} {chapter}.{m.group(2)}</a>'
                if m.group(2) in numbers
                else m.group(0)
            ),
            segment,
        )

    # only in the text of paragraphs and list items (never inside a tag, a caption label or code)
    out, depth = [], 0
    for piece in re.split(r"(<[^>]+>)", body):
        if piece.startswith("<"):
            tag = re.match(r"</?(\w+)", piece)
            name = tag.group(1).lower() if tag else ""
            if name in ("a", "code", "pre", "script", "style", "strong", "textarea"):
                depth += -1 if piece.startswith("</") else (0 if piece.endswith("/>") else 1)
            out.append(piece)
        else:
            out.append(link(piece) if depth == 0 else piece)
    return "".join(out)


def built_with(nb) -> dict | None:
    """The research parameters an executed notebook ran with (recorded by the runner), or None."""
    return nb.get("metadata", {}).get("metropolis_report", {}).get("parameters")


def non_default(stem: str) -> str:
    """For the index: the parameters a chapter's last build used that differ from their defaults, as text
    ("" when it used the defaults or was not built), read from its executed notebook."""
    from metropolis_report import parameters

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
    from metropolis_report import parameters

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
    source = editions.get(values.get("edition")) if "edition" in values else None
    line = (
        '<p class="build-parameters">'
        + (f"Built from {html.escape(source.citation)}, " if source else "Built ")
        + "with the parameters "
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
    here = f"{stem}.html"
    resources = {
        "metadata": {"name": title},
        "page_top": page_top(here),
        "page_bottom": page_bottom(here, extra=stated),
        "downloads_html": downloads_html(stem, tables_read(nb)) + notice,
    }
    body, _ = exporter.from_notebook_node(fold_parameters_note(nb), resources=resources)
    return table_of_contents(number_figures(body, chapter_number(stem)))


def fold_parameters_note(nb):
    """The page shows the notebook's note on its parameters (the markdown cell before the parameters cell,
    written for JupyterLab) folded, so that the chapter's key findings come first; the notebook is unchanged."""
    import copy

    nb = copy.deepcopy(nb)
    cells = nb.cells
    index = next((i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if index and cells[index - 1].cell_type == "markdown":
        cells[index - 1].source = (
            '<details class="parameters-fold"><summary>The parameters of this chapter, and how to change them</summary>'
            "\n\n" + cells[index - 1].source + "\n\n</details>"
        )
    return nb


def text(value) -> str:
    """Report data shown inside Markdown prose, as text: markup in a cell is escaped, never rendered.
    (Tables are escaped by pandas; nbconvert's own sanitizer escapes the notebook's tables too, so it is off.)"""
    return html.escape(str(value), quote=False).replace("*", "\\*").replace("_", "\\_")
