"""`make pdf`: the book as one PDF, printed by headless Chromium (driven by Playwright).

A title page, the contents with the page on which each chapter starts, the overview (the index) and every
chapter in reading order, with running page numbers. The print stylesheet hides code, navigation and
search, keeps every heading, paragraph, key finding, figure and table (folded tables printed open under
their summary line), and prints the widest tables on landscape pages.

The contents' page numbers are measured, not guessed: each part is printed alone first (every part starts
on a new page, so its page count in the book is the same), then the book is printed with the numbers.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from metropolis_report import __version__, config, editions
from metropolis_report.publish.layout import PDF_NAME, book, book_title, chapter_number
from metropolis_report.publish.layout import parts as publish_parts

FOOTER = (
    '<div style="font-family: sans-serif; font-size: 8px; color: #444; width: 100%; padding: 0 14mm; '
    'display: flex; justify-content: space-between;"><span>{title}</span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def page_count(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def parts(reports: Path) -> list[tuple[str, str, str]]:
    """(id, title, body) of every part of the book, in reading order: the overview, then the chapters."""
    out = []
    pages = [("index.html", "Overview", 0)] + [(c.html_name, c.title, chapter_number(c.stem)) for c in book()]
    names = {name: f"part-{Path(name).stem}" for name, _, _ in pages}
    for name, title, number in pages:
        page = (reports / name).read_text(encoding="utf-8")
        main = re.search(r"<main\b.*?</main>", page, flags=re.S)
        body = main.group(0) if main else page
        body = body.replace("<main", "<div", 1)[: -len("</main>")] + "</div>" if main else body
        # folded tables are printed unfolded under their summary line (a closed <details> is not rendered,
        # and an open one keeps its table from a landscape page)
        # (a summary that is only a toggle, "Show the table (n rows)", is not printed: the table's caption is)
        body = re.sub(
            r'<details class="table-fold"><summary><span class="fold-toggle">.*?</span></summary>(.*?)</details>',
            r'<div class="table-fold">\1</div>',
            body,
            flags=re.S,
        )
        body = re.sub(
            r'<details class="table-fold"><summary>(.*?)</summary>(.*?)</details>',
            r'<div class="table-fold"><p class="fold-summary">\1</p>\2</div>',
            body,
            flags=re.S,
        )
        body = printed_downloads(body)

        # links between pages become links inside the book; links to pages the book does not hold become text
        def relink(m: re.Match) -> str:
            target, fragment = m.group(1), m.group(2) or ""
            if target in names:
                return f'href="#{fragment[1:] if fragment else names[target]}"'
            return 'data-href="' + target + fragment + '"'

        body = re.sub(r'href="([\w./-]+\.(?:html|csv|json|ipynb|zip|pdf|txt|cff))(#[^"]*)?"', relink, body)
        label = f"{number}. {title}" if number else title
        out.append((names[name], label, body))
    return out


def printed_downloads(body: str) -> str:
    """The overview's line about the PDF, as printed inside the PDF itself: where the PDF is, not a link to it
    (and never "not built yet")."""
    return re.sub(
        r'<span class="pdf-download">.*?</span>',
        '<span class="pdf-download">this book as a PDF (the file you are reading, also offered for download on the '
        "overview page of the HTML edition)</span>",
        body,
        flags=re.S,
    )


def _squash(text: str) -> str:
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace("\u00ad", ""))


def chapter_starts(data: bytes, items: list[tuple[str, int]]) -> list[int] | None:
    """The page on which each chapter (its label "n. Title") starts in a printed book: the first page at or after
    the previous chapter's whose text starts with the title; None without poppler's pdftotext."""
    import subprocess

    if not shutil.which("pdftotext"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.pdf"
        path.write_bytes(data)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    pages = [_squash(p) for p in text.split("\f")]
    out, at = [], 1
    for label, guess in items:
        title = _squash(label.split(". ", 1)[1] if re.match(r"^\d+\. ", label) else label)
        hit = next((i for i in range(at, len(pages) + 1) if pages[i - 1].startswith(title)), None)
        out.append(hit if hit is not None else guess)
        at = out[-1]
    return out


def head(reports: Path) -> str:
    """The head of a chapter (JupyterLab's stylesheet and the site's), with the overview's own styles."""
    first = book()[0].html_name
    page = (reports / first).read_text(encoding="utf-8")
    top = page[: page.find("</head>")]
    top = re.sub(r"<title>.*?</title>", f"<title>{html.escape(book_title())}</title>", top, flags=re.S)
    index = (reports / "index.html").read_text(encoding="utf-8")
    styles = "".join(re.findall(r"<style>.*?</style>", index[: index.find("</head>")], flags=re.S))
    return top + styles + "</head>"


def front(items: list[tuple[str, str, int | str]]) -> str:
    """The title page and the contents (title, page)."""
    part_of = {f"part-{c.stem}": title for title, group in publish_parts() for c in group}
    rows, last = [], None
    for pid, title, page in items:
        if part_of.get(pid, last) != last:
            last = part_of[pid]
            rows.append(f'<li class="part">{html.escape(last)}</li>')
        rows.append(
            f'<li><a href="#{pid}">{html.escape(title)}</a><span class="dots"></span><span class="page">{page}</span></li>'
        )
    rows = "".join(rows)
    return (
        '<section class="print-title"><h1>'
        + html.escape(book_title())
        + f"</h1><p>Version {html.escape(__version__)}</p><p>Source: {html.escape(editions.current().citation)}</p>"
        + "<p>The HTML edition of this book (its overview page opens it) holds the code, the search and the "
        "annotated report.</p></section>"
        + f'<section class="print-contents"><h2>Contents</h2><ol class="contents-list">{rows}</ol></section>'
    )


def document(head_html: str, body: str) -> str:
    return f'<!DOCTYPE html>\n<html lang="en">{head_html}<body class="jp-Notebook print-book">{body}</body></html>\n'


def section(pid: str, body: str) -> str:
    return f'<section class="print-chapter" id="{pid}">{body}</section>'


def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("make pdf needs Debian's chromium: run `make browser` (as root) or `apt-get install chromium`.")


# What is printed just before a landscape table goes to the landscape page with it when it is short (a page of its
# own kind starts there, so a portrait page would otherwise hold it alone): the markdown cell before the table's
# cell (a heading, a line) and the outputs of that cell before the table (a list of findings), weighed together
# and moved together, or not at all (moving a part strands the rest).
KEEP_WITH_WIDE = """() => document.querySelectorAll('.data-table.wide').forEach(table => {
  const cell = table.closest('.jp-Cell');
  if (!cell) return;
  const children = Array.from(cell.querySelectorAll('.jp-Cell-outputWrapper .jp-OutputArea-child'));
  const at = children.findIndex(c => c.contains(table));
  if (at < 0) return;
  const outputs = children.slice(0, at).filter(c => c.getBoundingClientRect().height > 0);
  const previous = cell.previousElementSibling;
  const markdown = previous && previous.classList.contains('jp-MarkdownCell') ? [previous] : [];
  // the group before the table goes with it, whole, when it is short; a long group stays where it is
  const group = [...markdown, ...outputs];
  const length = group.reduce((n, e) => n + e.textContent.trim().length, 0);
  if (!group.length || length > 700) return;
  group.forEach(e => { e.style.page = 'wide'; });
})"""

# Headings keep their spaces in print (white-space: break-spaces, for the bookmarks): the white space of their
# markup is made one space first, so that a line break of the source never shows.
ONE_LINE_HEADINGS = """() => document.querySelectorAll('h1, h2, h3, h4').forEach(h => {
  const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) if (!walker.currentNode.parentElement.closest('.anchor-link')) nodes.push(walker.currentNode);
  nodes.forEach((n, i) => {
    let text = n.nodeValue.replace(/\\s+/g, ' ');
    if (i === 0) text = text.replace(/^ /, '');
    if (i === nodes.length - 1) text = text.replace(/ $/, '');
    n.nodeValue = text;
  });
})"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    target = Path(argv[0]) if argv else config.REPORTS_DIR / PDF_NAME
    reports = config.REPORTS_DIR
    head_html = head(reports)
    book_parts = parts(reports)
    footer = FOOTER.format(title=html.escape(book_title()))
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser(), args=FLAGS)
        page = chromium.new_page()
        # in a folder of its own with the site's stylesheet and scripts, so that they resolve and neither
        # the published folder nor another `make pdf` running at the same time sees the combined page
        for asset in sorted(reports.glob("*.css")) + sorted(reports.glob("*.js")):
            shutil.copyfile(asset, Path(tmp) / asset.name)
        htm = Path(tmp) / "book.htm"

        def render(markup: str) -> bytes:
            htm.write_text(markup, encoding="utf-8")
            page.goto(htm.as_uri(), wait_until="load")
            page.evaluate(KEEP_WITH_WIDE)
            page.evaluate(ONE_LINE_HEADINGS)
            return page.pdf(
                prefer_css_page_size=True,
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=footer,
                outline=True,  # bookmarks: the chapters and their sections, from the headings
                tagged=True,
            )

        try:
            counts = [page_count(render(document(head_html, section(pid, body)))) for pid, _, body in book_parts]
            placeholder = [(pid, title, "000") for pid, title, _ in book_parts]
            first = page_count(render(document(head_html, front(placeholder)))) + 1
            items = []
            for (pid, title, _), n in zip(book_parts, counts, strict=True):
                items.append((pid, title, first))
                first += n
            body_html = "".join(section(pid, body) for pid, _, body in book_parts)
            data = render(document(head_html, front(items) + body_html))
            # a part can take another page in the book than alone (a landscape page after it, a break): the
            # contents are checked against the printed book and printed again with the pages found there
            for _ in range(3):
                found = chapter_starts(data, [(title, page) for _, title, page in items])
                if found is None or found == [page for _, _, page in items]:
                    break
                items = [(pid, title, page) for (pid, title, _), page in zip(items, found, strict=True)]
                data = render(document(head_html, front(items) + body_html))
        finally:
            chromium.close()
        if not data.startswith(b"%PDF"):
            print("ERROR: Chromium wrote no PDF", file=sys.stderr)
            return 1
        out = Path(tmp) / "out.pdf"
        out.write_bytes(data)
        shutil.move(str(out), target)
    if target.resolve().parent == reports.resolve():
        from metropolis_report.publish import index

        index.write_index()  # the index links the PDF once it exists
        os.utime(target)  # and the PDF stays newer than the index it was printed from (make sees it up to date)
    print(f"[done]  pdf -> {target} ({target.stat().st_size // 1024} KiB, {page_count(data)} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
