"""`make pdf` read back as text: the book holds every chapter title, section heading, paragraph of prose,
folded table's summary line and key finding; its contents give the page each chapter starts on; every page
carries its number; no table is wider than its page; figures are printed at print resolution.

The text is extracted with pypdf or pdfminer when the environment has one, otherwise with poppler's
pdftotext (Debian's poppler-utils).
"""

import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from metropolis_report import config, editions
from metropolis_report.publish import layout, pdf

A4_CONTENT_PX = {"portrait": (210 - 28) / 25.4 * 96, "landscape": (297 - 28) / 25.4 * 96}  # @page margins 14 mm


def page_texts(path: Path) -> list[str]:
    try:
        from pypdf import PdfReader

        return [p.extract_text() or "" for p in PdfReader(str(path)).pages]
    except ImportError:
        pass
    try:
        from pdfminer.high_level import extract_text

        return extract_text(str(path)).split("\f")
    except ImportError:
        pass
    if not shutil.which("pdftotext"):
        pytest.fail("no PDF text extractor: install pypdf or pdfminer.six, or Debian's poppler-utils (pdftotext)")
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    pages = text.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squash(text: str) -> str:
    """Text compared without its layout: Unicode compatibility forms (ligatures), no whitespace, no soft hyphens."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


def strip_tags(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", markup).replace("¶", "")


@pytest.fixture(scope="module")
def book(printed_book):
    """The session's book (printed once: tests/conftest.py, `printed_book`), its pages' text and its text."""
    out = printed_book.pdf
    assert printed_book.returncode == 0, printed_book.stderr
    pages = page_texts(out)
    # the running footer (book title, "n / N") sits between the two halves of a sentence broken by a page
    bodies = [re.sub(r"\S[^\n]*?\s+\d+\s*/\s*\d+\s*$", "", page.rstrip()) for page in pages]
    return out, pages, squash("".join(bodies))


def chapter_markup(built_report: Path, chapter) -> str:
    """A chapter's main text as the book prints it: the notebook's note on its parameters (folded on the page,
    written for JupyterLab) is not printed."""
    page = (built_report / chapter.html_name).read_text(encoding="utf-8")
    main = page[page.find("<main") : page.rfind("</main>")]
    return re.sub(r'<details class="parameters-fold">.*?</details>', "", main, flags=re.S)


@pytest.mark.slow
def test_title_page_contents_with_page_numbers_and_running_numbers(book):
    path, pages, _ = book
    assert editions.default().book_title in " ".join(pages[0].split())
    contents = " ".join(pages[1].split())
    assert contents.startswith("Contents") or "Contents" in contents
    for chapter in layout.book():
        number = layout.chapter_number(chapter.stem)
        found = re.search(re.escape(f"{number}. {chapter.title}") + r"\s+(\d+)", contents)
        assert found, f"{chapter.title} is not in the contents"
        start = int(found.group(1))
        # the page the contents give starts with the chapter's title
        assert squash(pages[start - 1]).startswith(squash(chapter.title)), (
            f"{chapter.title} does not start page {start}"
        )
    total = len(pages)
    for i, text in enumerate(pages, start=1):
        assert f"{i} / {total}" in " ".join(text.split()), f"page {i} has no page number"


@pytest.mark.slow
def test_every_heading_and_paragraph_of_every_chapter_is_printed(book, built_report):
    _, _, text = book
    missing = {}
    for chapter in layout.book():
        markup = chapter_markup(built_report, chapter)
        markdown = "".join(re.findall(r'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown.*?</div>', markup, re.S))
        headings = [strip_tags(h) for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", markup, flags=re.S)]
        prose = [strip_tags(p) for p in re.findall(r"<p>(.*?)</p>", markdown, flags=re.S)]
        summaries = [  # a summary of its own (a toggle, "Show the table (n rows)", is not printed)
            strip_tags(s)
            for s in re.findall(r'<details class="table-fold"><summary>(.*?)</summary>', markup)
            if "fold-toggle" not in s
        ]
        assert headings and prose, chapter.stem
        lost = [t.strip() for t in headings + prose + summaries if t.strip() and squash(t) not in text]
        if lost:
            missing[chapter.stem] = lost[:3]
    assert missing == {}


@pytest.mark.slow
def test_every_key_finding_is_printed(book):
    path = config.PROCESSED_DIR / "findings.csv"
    if not path.exists():
        pytest.skip("data/processed/findings.csv is not built yet: the key findings of the chapters are not a table")
    findings = pd.read_csv(path)
    _, _, text = book
    for chapter in layout.book():
        rows = findings[findings["chapter"].astype(str).str.startswith(chapter.stem[:2])]
        # the words under each choice are printed as a table (one row per combination): their words are
        choices = rows["finding_id"].astype(str).str.split(":").str[0].str.endswith("_choice")
        for sentence in rows.loc[~choices, "sentence"].dropna():
            assert squash(str(sentence)) in text, f"{chapter.stem}: key finding not printed: {sentence}"
        for word in rows.loc[choices, "word"].dropna().unique():
            assert squash(str(word)) in text, f"{chapter.stem}: a word of the choices' table not printed: {word}"


def chapter_pages(pages: list[str]) -> dict[str, str]:
    """The text of each chapter's pages, from the contents."""
    contents = " ".join(pages[1].split())
    starts = []
    for chapter in layout.book():
        found = re.search(re.escape(f"{layout.chapter_number(chapter.stem)}. {chapter.title}") + r"\s+(\d+)", contents)
        starts.append((chapter.stem, int(found.group(1))))
    bounds = starts + [("", len(pages) + 1)]
    return {stem: "".join(pages[a - 1 : b - 1]) for (stem, a), (_, b) in zip(bounds, bounds[1:], strict=False)}


@pytest.mark.slow
def test_every_table_cell_is_printed(book, built_report):
    """A table cut at the page edge loses the text of its last columns: every word of every cell of a chapter's
    tables is on the chapter's pages (words, because text extraction reads a row of wrapped cells line by line)."""
    _, pages, _ = book
    by_chapter = chapter_pages(pages)
    missing = {}
    for chapter in layout.book():
        printed = squash(by_chapter[chapter.stem])
        markup = chapter_markup(built_report, chapter)
        cells = {strip_tags(c.replace("<wbr>", "")) for c in re.findall(r"<td[^>]*>(.*?)</td>", markup, flags=re.S)}
        # (split at hyphens too: a line may break after one, and the next column's text comes between)
        words = {w for c in cells for w in re.split(r"[\s-]+", html.unescape(c)) if len(w) > 1}
        lost = sorted(w for w in words if squash(w) not in printed)
        if lost:
            missing[chapter.stem] = lost[:5]
    assert missing == {}


def tables_wider_than_their_page(browser, path: Path) -> dict[str, list[str]]:
    """The tables of a book laid out for print that are wider than their page (portrait, or landscape)."""
    # Chromium lays every page out at the width of a portrait page; a landscape table is given its own width
    page = browser.new_page(viewport={"width": int(A4_CONTENT_PX["portrait"]), "height": 1000})
    page.emulate_media(media="print")
    page.goto(path.as_uri())
    too_wide = {}
    for orientation, selector in (("portrait", ".data-table:not(.wide)"), ("landscape", ".data-table.wide")):
        found = page.evaluate(
            """([s, limit]) => Array.from(document.querySelectorAll(s)).filter(box => {
                 const table = box.querySelector('table');
                 return table.getBoundingClientRect().right - box.getBoundingClientRect().left > limit + 1
                   || table.getBoundingClientRect().right > box.getBoundingClientRect().right + 1;
               }).map(box => box.textContent.slice(0, 60))""",
            [selector, A4_CONTENT_PX[orientation]],
        )
        if found:
            too_wide[orientation] = found[:5]
    page.close()
    return too_wide


@pytest.mark.slow
def test_no_table_is_wider_than_its_page(built_report, tmp_path):
    """The book as Chromium lays it out for print: a table fits the width of its page (portrait, or landscape
    for the widest tables)."""
    from playwright.sync_api import sync_playwright

    shutil.copy(built_report / "site.css", tmp_path / "site.css")
    parts = pdf.parts(built_report)
    page_html = pdf.document(pdf.head(built_report), "".join(pdf.section(pid, body) for pid, _, body in parts))
    (tmp_path / "book.htm").write_text(page_html, encoding="utf-8")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=pdf.browser(), args=pdf.FLAGS)
        too_wide = tables_wider_than_their_page(b, tmp_path / "book.htm")
        # the check itself, fed a table that cannot fit
        wrong = page_html.replace("</body>", '<div class="data-table"><table><tr><td style="min-width: 3000px">x</td>'
                                  "</tr></table></div></body>")  # fmt: skip
        (tmp_path / "wrong.htm").write_text(wrong, encoding="utf-8")
        assert tables_wider_than_their_page(b, tmp_path / "wrong.htm").get("portrait")
        b.close()
    assert too_wide == {}


@pytest.mark.slow
def test_figures_are_printed_at_print_resolution(book):
    path, _, _ = book
    if not shutil.which("pdfimages"):
        pytest.skip("poppler's pdfimages is not installed")
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    images = [r for r in rows if r[2] == "image"]
    assert len(images) >= 5
    low = [(r[0], r[12], r[13]) for r in images if min(int(r[12]), int(r[13])) < 150]
    assert low == [], f"images under 150 ppi (page, x-ppi, y-ppi): {low}"


@pytest.mark.slow
def test_the_prose_check_fails_on_a_book_that_hides_the_markdown(built_report, tmp_path):
    """The check of the headings, fed a chapter printed with the markdown hidden (the JupyterLab input area,
    where the markdown cells live), finds them missing."""
    from playwright.sync_api import sync_playwright

    shutil.copy(built_report / "site.css", tmp_path / "site.css")
    pid, _, body = next(p for p in pdf.parts(built_report) if p[0] == "part-31_engagement")
    hiding = "<style>@media print { .jp-InputArea { display: none !important; } }</style></head>"
    markup = pdf.document(pdf.head(built_report).replace("</head>", hiding), pdf.section(pid, body))
    (tmp_path / "hidden.htm").write_text(markup, encoding="utf-8")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=pdf.browser(), args=pdf.FLAGS)
        page = b.new_page()
        page.goto((tmp_path / "hidden.htm").as_uri())
        (tmp_path / "hidden.pdf").write_bytes(page.pdf(prefer_css_page_size=True))
        b.close()
    text = squash("".join(page_texts(tmp_path / "hidden.pdf")))
    chapter = next(c for c in layout.book() if c.stem == "31_engagement")
    assert squash(chapter.title) not in text


@pytest.mark.slow
def test_every_number_the_book_prints_is_on_its_pages_or_in_a_finding(book, built_report):
    """The PDF's self-audit: the pages' prose is audited number by number (test_self_audit); the printed book
    may add only page numbers and what the pages show (tables, figures' captions) or the findings state."""
    from bs4 import BeautifulSoup
    from test_self_audit import NUMBER, backed_numbers, normal, numbers

    from metropolis_report import storage

    _, pages, _ = book
    allowed = backed_numbers(storage.read("findings", config.PROCESSED_DIR)) | {str(n) for n in range(len(pages) + 1)}
    for name in ["index.html"] + [c.html_name for c in layout.book()]:
        soup = BeautifulSoup((built_report / name).read_text(encoding="utf-8"), "html.parser")
        for token in NUMBER.findall(soup.get_text(" ")):  # every number the page shows, structure included
            allowed |= normal(token.lstrip("+-−"))
    printed = [(t, i + 1) for i, page in enumerate(pages) for t in numbers(page)]
    unbacked = [(t, p) for t, p in printed if not (normal(t) & allowed)]
    print(f"PDF self-audit: {len(printed) - len(unbacked)} of {len(printed)} numbers backed")
    assert len(printed) > 500 and unbacked == [], sorted(set(unbacked))[:40]


def outline(path: Path) -> list[tuple[int, str]]:
    """The PDF's bookmarks as (depth, title), read with poppler's pdftohtml."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(path)], capture_output=True, text=True, check=True
    ).stdout
    found, depth = [], 0
    for tag in re.finditer(r"<(/?)outline>|<item[^>]*>(.*?)</item>", xml[xml.find("<outline>") :], flags=re.S):
        if tag.group(2) is not None:
            found.append((depth, html.unescape(re.sub(r"<[^>]+>", "", tag.group(2)))))
        else:
            depth += -1 if tag.group(1) else 1
    return found


@pytest.mark.slow
def test_the_pdf_has_bookmarks_of_its_chapters_and_sections(book, built_report):
    path, _, _ = book
    marks = outline(path)
    assert marks, "the PDF has no outline (bookmarks)"
    titles = [squash(t) for _, t in marks]
    for chapter in layout.book():
        assert squash(chapter.title) in titles, f"no bookmark for {chapter.title}"
        sections = re.findall(r"<h2[^>]*>(.*?)</h2>", chapter_markup(built_report, chapter), flags=re.S)
        for heading in sections:
            assert squash(strip_tags(heading)) in titles, f"{chapter.stem}: no bookmark for {strip_tags(heading)}"

    # the bookmarks read as the headings do, with a space where a heading wraps ("data and evidence")
    def words(markup: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).replace("¶", "").split())

    headings = {
        words(h)
        for c in layout.book()
        for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", chapter_markup(built_report, c), flags=re.S)
    }
    headings |= {words(c.title) for c in layout.book()}
    spaced = [t for _, t in marks if " ".join(t.split()) not in headings]
    joined = [t for t in spaced if squash(t) in {squash(h) for h in headings}]
    assert joined == [], f"bookmarks that lost a space where the heading wraps: {joined[:8]}"
    # sections are nested under their chapter
    depth = dict(zip(titles, (d for d, _ in marks), strict=False))
    assert depth[squash("Key findings")] > min(depth.values())


@pytest.mark.slow
def test_the_pdf_says_nothing_meant_for_the_screen(book):
    """No toggle text, no "not built yet" about the PDF itself, and no link to a file of the machine it was
    printed on."""
    path, pages, text = book
    for words in ("not built yet", "Show the table", "Select the figure", "Filter rows"):
        assert squash(words) not in text, f"the PDF prints {words!r}"
    assert squash("this book as a PDF") in text  # the download line says what the PDF is, in reader words
    for words in ("reports/index.html", f"reports/{layout.PDF_NAME}", "(made by make pdf)", "data/processed/"):
        assert squash(words) not in text, f"the PDF prints the build's word {words!r}"
    urls = subprocess.run(["pdfinfo", "-url", str(path)], capture_output=True, text=True, check=True).stdout
    assert "file:" not in urls, [u for u in urls.splitlines() if "file:" in u][:5]


@pytest.mark.slow
def test_no_page_is_blank_or_holds_a_line_alone(book):
    """A heading or a summary line is printed with the landscape table it introduces, a paragraph does not leave
    its last line alone before one, and a chapter ending near a page's foot leaves no blank page: every page
    holds at least 80 characters besides its running footer."""
    _, pages, _ = book
    footer = re.compile(re.escape(editions.default().book_title) + r"|\d+\s*/\s*\d+")
    thin = {i: len(re.sub(r"\s+", "", footer.sub("", text))) for i, text in enumerate(pages, 1)}
    thin = {i: n for i, n in thin.items() if n < 80}
    assert thin == {}, f"pages holding almost nothing (page: characters): {thin}"


def image_heights(path: Path) -> dict[int, float]:
    """Per page (1-based): the height in points of the images printed on it (a figure fills its page as much as
    text does), read with poppler's pdfimages -list (pixels over pixels per inch)."""
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    heights: dict[int, float] = {}
    for row in (line.split() for line in listing.splitlines()[2:] if line.strip()):
        if row[2] == "image":
            heights[int(row[0])] = heights.get(int(row[0]), 0.0) + int(row[4]) / int(row[13]) * 72
    return heights


def filled_shares(path: Path) -> list[tuple[float, bool]]:
    """Per page: the share of its height the text spans (running footer left out), or its figures when they are
    taller, and whether it is landscape, read with poppler's pdftotext -bbox and pdfimages."""
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    images = image_heights(path)
    out = []
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, flags=re.S)
    for number, (width, height, body) in enumerate(pages, start=1):
        h = float(height)
        spans = [(float(a), float(b)) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', body)]
        spans = [s for s in spans if s[0] < 0.94 * h]
        share = (max(b for _, b in spans) - min(a for a, _ in spans)) / (0.88 * h) if spans else 0.0
        out.append((max(share, images.get(number, 0.0) / (0.88 * h)), float(width) > h))
    return out


@pytest.mark.slow
def test_no_near_empty_page_before_a_change_of_orientation(book):
    """A short table stays on the portrait page (no landscape page for a few rows), and no text is stranded on a
    portrait page before a landscape table: no such page before a change of orientation is left less than 15 %
    filled. (The last rows of a table that fills landscape pages may end on a page of their own: a table's tail,
    not a page the change of orientation made.)"""
    path, _, _ = book
    shares = filled_shares(path)
    thin = [
        (i + 1, round(share, 3))
        for i, ((share, landscape), (_, after)) in enumerate(zip(shares, shares[1:], strict=False))
        if share < 0.15
        and landscape != after
        and not (landscape and i > 0 and shares[i - 1][1] and shares[i - 1][0] >= 0.5)  # a long table's tail
    ]
    assert thin == [], f"pages under 15 % filled before a change of orientation (page, share): {thin}"
