"""The HTML report in a real browser (Debian's headless Chromium, driven by Playwright).

Opens the index, every chapter and the annotated report from disk, follows every link between them, and
fails on a console error, a broken link, an image that did not decode, a request that leaves the reports
folder, or any axe-core violation of the WCAG 2.1 A and AA rules (at 1366 and 390 px, in the light and the
dark scheme). Every page is read as a book: no page scrolls sideways on a phone, text columns are
left-aligned and numbers right-aligned, prose keeps a readable measure, figures are sharp and open
enlarged, the sidebar and previous/next lead through the whole book. Search, table filters and folded code
are used from the keyboard.
"""

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from metropolis_report import config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = config.BUILD_DIR / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package (or run `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


WIDTHS = (1366, 390)
SCHEMES = ("light", "dark")


def visit(browser, url, reports: Path):
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    problems, outside = [], []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def guard(route):
        target = route.request.url
        if target.startswith("data:") or (
            target.startswith("file://") and unquote(urlparse(target).path).startswith(str(reports))
        ):
            route.continue_()
        else:
            outside.append(target)
            route.abort()

    page.route("**/*", guard)
    page.goto(url, wait_until="load")
    images = page.evaluate(
        "Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.src.slice(0, 40)])"
    )
    links = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    return page, problems, outside, images, links


@pytest.mark.slow
def test_every_page_renders_offline_and_every_link_resolves(browser, built_report):
    reports = built_report.resolve()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    queue, seen, page_ids = ["index.html"], set(), {}
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        assert (reports / name).exists(), f"broken link to {name}"
        if not name.endswith(".html"):
            continue  # downloads (CSV, notebooks, data package): present is enough
        page, problems, outside, images, links = visit(browser, (reports / name).as_uri(), reports)
        page_ids[name] = set(page.evaluate("Array.from(document.querySelectorAll('[id]')).map(e => e.id)"))
        if name == "index.html":
            page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
        page.close()
        assert not problems, f"{name}: {problems}"
        assert not outside, f"{name} requested outside the reports folder: {outside}"
        assert all(ok for ok, _ in images), f"{name}: an image did not decode: {images}"
        for href in links:
            target = href.split("#")[0]
            assert not urlparse(href).scheme, f"{name} links outside the report: {href}"
            if target:
                queue.append(target)
            elif href.startswith("#") and len(href) > 1:  # an anchor on the same page must exist
                assert page_ids[name].__contains__(unquote(href[1:])), f"{name}: no element with id {href}"
    chapters = {p.name for p in reports.glob("*.html")}
    assert chapters <= seen, f"pages not reachable from the index: {chapters - seen}"
    assert (ARTIFACTS / "index.png").stat().st_size > 10_000


@pytest.mark.slow
def test_code_is_folded_but_one_click_away(browser, built_report):
    page = browser.new_page()
    page.goto((built_report / "31_engagement.html").resolve().as_uri())
    first = page.locator("details.code-fold").first
    assert first.get_attribute("open") is None
    assert not page.locator("details.code-fold .jp-InputArea").first.is_visible()
    first.locator("summary").click()
    assert page.locator("details.code-fold .jp-InputArea").first.is_visible()
    page.close()


def pages(reports: Path) -> list[Path]:
    return sorted(reports.glob("*.html"))


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_passes_axe_core_wcag_a_and_aa(browser, built_report, width, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    # one page for the run, each path loaded into it afresh (a new context per path cost a quarter of the time)
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    for path in pages(built_report.resolve()):
        page.goto(path.as_uri())
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                "resultTypes": ["violations"],
            },
        )
        violations = [(v["id"], len(v["nodes"])) for v in results.response["violations"]]
        if violations:
            found[path.name] = violations
    page.close()
    assert len(pages(built_report)) == 10 and found == {}


@pytest.mark.slow
def test_titles_headings_and_contents(browser, built_report):
    from metropolis_report.publish import layout

    for chapter in layout.chapters():
        page = browser.new_page()
        page.goto((built_report / chapter.html_name).resolve().as_uri())
        assert page.title() == chapter.title
        assert page.locator("h1").first.inner_text().rstrip("¶").strip() == chapter.title
        assert page.locator("nav.toc li").count() >= 2, chapter.stem
        notebook = page.locator(".downloads a[href$='.ipynb']")
        assert notebook.count() == 1 and notebook.get_attribute("download") == f"{chapter.stem}.ipynb"
        page.close()


def search(page, query: str):
    page.locator("#site-search-input").fill("")
    page.locator("#site-search-input").focus()
    page.keyboard.type(query)
    return page.locator("#site-search-results a")


@pytest.mark.slow
def test_the_search_index_is_loaded_when_the_reader_comes_to_the_search_box(browser, built_report):
    """Pages load without the index of the whole book's text (the largest file of the site); focusing the search
    box loads it, and what was typed before it arrived is searched."""
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1]))
    page.goto((built_report / "31_engagement.html").resolve().as_uri())
    assert "search_index.js" not in requested and page.evaluate("window.SEARCH_INDEX === undefined")
    page.evaluate(
        "() => { const box = document.getElementById('site-search-input'); box.value = 'teheran';"
        " box.dispatchEvent(new Event('input')); }"
    )  # typed before the index has arrived
    page.locator("#site-search-results a").first.wait_for()
    assert requested.count("search_index.js") == 1
    assert page.locator("#site-search-status").inner_text().endswith("results")
    page.close()


@pytest.mark.slow
def test_a_page_without_the_search_index_says_so_in_plain_words_whatever_the_reader_does(
    browser, built_report, tmp_path
):
    """A page copied without search_index.js: coming to the box, then typing, both say that search is not
    available here (typing does not replace it with a loading line that never ends)."""
    for name in ("31_engagement.html", "site.css", "site.js"):
        shutil.copy(built_report / name, tmp_path / name)
    page = browser.new_page()
    page.goto((tmp_path / "31_engagement.html").as_uri())
    status = page.locator("#site-search-status")
    page.locator("#site-search-input").focus()
    page.wait_for_function("document.getElementById('site-search-status').textContent !== ''")
    assert status.inner_text().startswith("Search is not available here")
    page.keyboard.type("parity")
    assert status.inner_text().startswith("Search is not available here")
    page.close()


@pytest.mark.slow
def test_search_finds_words_across_pages_from_disk(browser, built_report):
    page = browser.new_page()
    page.goto((built_report / "index.html").resolve().as_uri())
    results = search(page, "Téhéran")
    results.first.wait_for()
    targets = {results.nth(i).get_attribute("href").split("?")[0] for i in range(results.count())}
    assert {"source.html", "20_data_quality.html"} <= targets
    page.close()


@pytest.mark.slow
def test_search_folds_accents_and_case_and_finds_phrases(browser, built_report):
    page = browser.new_page()
    page.goto((built_report / "index.html").resolve().as_uri())
    accented = search(page, "Téhéran")
    accented.first.wait_for()
    with_accents = [accented.nth(i).get_attribute("href") for i in range(accented.count())]
    plain = search(page, "teheran")
    plain.first.wait_for()
    assert plain.count() == len(with_accents) > 0  # "teheran" finds what "Téhéran" finds
    snippet = page.locator("#site-search-results li .snippet mark").first.inner_text()
    assert snippet == "Téhéran"  # snippets keep the case and the accents of the page
    status = page.locator("#site-search-status").inner_text()
    assert status.startswith(f"{plain.count()} result")
    # a phrase in quotes matches the words together, not each word anywhere
    phrase = search(page, '"World Metropolitan Day"')
    phrase.first.wait_for()
    n_phrase = int(page.locator("#site-search-status").inner_text().split()[0])
    words = search(page, "World Metropolitan Day")
    words.first.wait_for()
    n_words = int(page.locator("#site-search-status").inner_text().split()[0])
    assert 0 < n_phrase < n_words
    page.close()


@pytest.mark.slow
def test_a_search_result_lands_on_the_match_and_highlights_it(browser, built_report):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto((built_report / "index.html").resolve().as_uri())
    results = search(page, "teheran")
    results.first.wait_for()
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    for href in [h for h in hrefs if h.startswith("source.html")][:3] + [h for h in hrefs if "claims_audit" in h][:2]:
        page.goto((built_report / href.split("?")[0]).resolve().as_uri() + "?" + href.split("?", 1)[1])
        hit = page.locator("mark.search-hit.current")
        assert hit.count() == 1, href
        assert hit.inner_text().lower() in ("téhéran", "teheran", "tehran"), href
        box = hit.bounding_box()
        assert box and 0 <= box["y"] < 900, f"{href}: the match is not on screen ({box})"
        anchor = href.split("#")[1]
        # the match is at or after the element the result names (the line of the report, the audit row)
        assert hit.evaluate(
            "(m, id) => { const t = document.getElementById(id); return t === m || t.contains(m) || "
            "!!(t.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING); }",
            anchor,
        ), href
    page.close()


@pytest.mark.slow
def test_search_results_are_distinct_readable_and_from_several_pages(browser, built_report):
    """ "teheran": no result twice (same page, same snippet), the cells of a row read apart in snippets, snippets
    cut at word boundaries, and the first results come from several pages, not all from the one matched most."""
    import re

    page = browser.new_page()
    page.goto((built_report / "index.html").resolve().as_uri())
    results = search(page, "teheran")
    results.first.wait_for()
    rows = page.evaluate(
        "Array.from(document.querySelectorAll('#site-search-results li')).map(li => "
        "[li.querySelector('a').getAttribute('href').split('?')[0], li.querySelector('.snippet').textContent])"
    )
    keys = [(p, s) for p, s in rows]
    assert len(keys) == len(set(keys)), "a result is shown twice"
    assert not any(re.search(r"Téhéran(Oui|Non)", s) for _, s in rows), "the cells of a row run together"
    for _, s in rows:
        body = s.strip()
        if body.startswith("…"):
            assert body[1:2] == " " and not body[2:3].isspace(), s
        if body.endswith("…"):
            assert body[-2:-1] == " ", s
    assert len({p for p, _ in rows[:6]}) >= 3, f"the first results come from too few pages: {rows[:6]}"
    page.close()


@pytest.mark.slow
def test_search_counts_its_results_and_loads_more(browser, built_report):
    page = browser.new_page()
    page.goto((built_report / "index.html").resolve().as_uri())
    results = search(page, "membres")
    results.first.wait_for()
    total = int(page.locator("#site-search-status").inner_text().split()[0])
    assert total > 30 and results.count() == 30
    more = page.locator("#site-search-more")
    assert more.is_visible()
    more.click()
    assert results.count() == min(60, total)
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_the_table_filter_folds_accents_and_counts_rows(browser, built_report, width):
    """At both widths (on a phone the rows are stacked as blocks): the rows left out are hidden, the count says how
    many are shown."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((built_report / "30_claims_audit.html").resolve().as_uri())
    fold = page.locator("details.table-fold").filter(has_text="figures recomputed").first
    fold.locator("summary").click()
    box = fold.locator("input[data-filter-table]")
    rows = fold.locator("tbody tr")
    total = rows.count()
    count = fold.locator(".filter-count")
    assert count.inner_text() == f"{total} of {total} rows"
    box.fill("assemblee")
    box.dispatch_event("input")
    visible = fold.locator("tbody tr:visible")
    assert 0 < visible.count() < total
    assert all("Assemblée" in visible.nth(i).inner_text() for i in range(visible.count()))
    assert count.inner_text() == f"{visible.count()} of {total} rows"
    # a term matches inside one cell, never across two ("141" then "141" holds "114")
    box.fill("114")
    box.dispatch_event("input")
    shown = [[c.strip() for c in visible.nth(i).locator("td").all_inner_texts()] for i in range(visible.count())]
    assert shown and all(any("114" in cell for cell in cells) for cells in shown), shown
    assert count.inner_text() == f"{len(shown)} of {total} rows"
    # printed, the table is whole: a filter on the screen never shortens it
    page.emulate_media(media="print")
    assert fold.locator("tbody tr:visible").count() == total
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_the_copy_button_covers_no_code(browser, built_report, width):
    """With every code cell unfolded, no Copy button lies over the code it copies or over its summary's words."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((built_report / "31_engagement.html").resolve().as_uri())
    page.evaluate("document.querySelectorAll('details.code-fold').forEach(d => d.open = true)")
    covered = page.evaluate(
        """() => Array.from(document.querySelectorAll('details.code-fold')).flatMap((fold, i) => {
             const b = fold.querySelector('button.copy-code'), code = fold.querySelector('pre');
             if (!b || !code) return [];
             const r = b.getBoundingClientRect();
             const meets = c => r.left < c.right && c.left < r.right && r.top < c.bottom && c.top < r.bottom;
             // the code's box, and the words of the summary line it sits on
             const words = document.createRange(); words.selectNodeContents(fold.querySelector('summary'));
             const over = meets(code.getBoundingClientRect()) || Array.from(words.getClientRects()).some(meets);
             return over ? [i] : []; })"""
    )
    assert page.locator("button.copy-code").count() > 3
    assert covered == [], f"Copy buttons over the code of cells {covered} at {width} px"
    page.close()


@pytest.mark.slow
def test_the_annotated_report_marks_figures_and_links_both_ways(browser, built_report):
    page = browser.new_page()
    page.goto((built_report / "source.html").resolve().as_uri() + "#L577")
    assert page.locator("#L577").count() == 1
    mark = page.locator("#claim-2\\.1-22")
    assert mark.get_attribute("href") == "30_claims_audit.html#audit-2.1-22"
    # readable without colour: the prose 11 restates the printed total that chose the readings
    assert mark.locator(".sym").inner_text() == "≈"
    mark.focus()
    assert "consistent with printed figures" in mark.locator(".tip").inner_text()  # shown on keyboard focus
    assert mark.get_attribute("title") is None  # one tooltip, not two
    discrepant = page.locator("#claim-5-02")  # the annex's 77 global events
    assert discrepant.locator(".sym").inner_text() == "✗"
    discrepant.focus()
    assert "cause: an assumption the data cannot check" in discrepant.locator(".tip").inner_text()  # in words
    page.goto((built_report / "30_claims_audit.html").resolve().as_uri() + "#audit-2.1-22")
    row = page.locator("#audit-2\\.1-22")
    assert row.locator("a[href='source.html#claim-2.1-22']").count() == 1
    page.close()


@pytest.mark.slow
def test_make_pdf_prints_the_index_and_every_chapter(printed_book):
    """`python -m metropolis_report.publish.pdf` to a folder outside the published one (the session's book,
    printed once: tests/conftest.py, `printed_book`; test_pdf.py reads the same book)."""
    from metropolis_report.publish import layout

    assert printed_book.returncode == 0, printed_book.stderr
    data = printed_book.pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") - data.count(b"/Type /Pages") > len(
        layout.chapters()
    )
    # the combined page is printed from a folder of its own: a PDF printed to elsewhere leaves the site as it was
    assert printed_book.published_after == printed_book.published_before


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(browser, built_report, width):
    wide = {}
    for path in pages(built_report.resolve()):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(path.as_uri())
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[path.name] = scroll
        if width < 600:  # on a phone, tables of three or more columns are stacked, each cell under its header
            unlabelled = page.evaluate(
                "Array.from(document.querySelectorAll('.data-table.stack td')).filter(td => "
                "getComputedStyle(td, '::before').content === 'none' || !td.dataset.label).length"
            )
            assert unlabelled == 0, path.name
            # a cell's content is one block right of its label, whatever it mixes (French, code, links)
            under_label = page.evaluate(
                """() => Array.from(document.querySelectorAll('.data-table.stack td')).filter(td => {
                     const box = td.getBoundingClientRect();
                     const label = parseFloat(getComputedStyle(td, '::before').width) || 0;
                     const range = document.createRange();
                     range.selectNodeContents(td);
                     return Array.from(range.getClientRects()).some(r => r.width > 0 && r.left < box.left + label);
                   }).map(td => td.dataset.label + ': ' + td.textContent.slice(0, 40)).slice(0, 5)"""
            )
            assert under_label == [], f"{path.name}: content under the label column at {width} px: {under_label}"
        page.close()
    assert wide == {}, f"pages wider than {width} px: {wide}"


_N = "[-+−]?[\\d,.\u00a0\u202f ]*\\d(?: ?%)?"
# a number, a range ("91–141") or an interval ("-5.6 to -0.4 points") as printed (present._PRINTED_NUMBER)
NUMBER = f"^(?:p ?[=<>] ?|près de |plus de |environ )?{_N}(?:(?: ?[–-] ?| to ){_N})?(?: (?:points|€))?$"


@pytest.mark.slow
def test_text_columns_left_numbers_right(browser, built_report):
    """In every table of every page: a column whose cells are all numbers is right-aligned, any other column
    left-aligned (as the browser computes it, whatever JupyterLab's stylesheet says)."""
    wrong = {}
    for path in pages(built_report.resolve()):
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(path.as_uri())
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        found = page.evaluate(
            """(pattern) => {
              const number = new RegExp(pattern), bad = [];
              document.querySelectorAll('.data-table table').forEach((table, t) => {
                const rows = Array.from(table.querySelectorAll('tbody tr:not(.group-row)'));
                if (!rows.length) return;
                const n = rows[0].cells.length;
                for (let c = 0; c < n; c++) {
                  const cells = rows.map(r => r.cells[c]).filter(Boolean);
                  const texts = cells.map(td => td.textContent.trim()).filter(x => x && x !== '–');
                  if (!texts.length) continue;
                  const numeric = texts.every(x => number.test(x));
                  const want = numeric ? 'right' : 'left';
                  const got = cells.map(td => getComputedStyle(td).textAlign).map(a => a === 'start' ? 'left' : a);
                  if (got.some(a => a !== want)) bad.push(`table ${t} column ${c}: ${want} wanted, ${got[0]}`);
                }
              });
              return bad;
            }""",
            NUMBER,
        )
        if found:
            wrong[path.name] = found[:5]
        page.close()
    assert wrong == {}


@pytest.mark.slow
def test_prose_keeps_a_readable_measure(browser, built_report):
    """No paragraph of a chapter is wider than about 80 characters of its own font."""
    page = browser.new_page(viewport={"width": 1920, "height": 1000})
    too_wide = {}
    for path in pages(built_report.resolve()):
        page.goto(path.as_uri())
        found = page.evaluate(
            """() => {
              const canvas = document.createElement('canvas').getContext('2d'), out = [];
              document.querySelectorAll('.jp-RenderedMarkdown p, main > p, .intro p').forEach(p => {
                const text = p.textContent.trim();
                if (text.length < 200) return;
                const s = getComputedStyle(p);
                canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
                const perChar = canvas.measureText(text).width / text.length;
                const chars = p.getBoundingClientRect().width / perChar;
                if (chars > 82) out.push(Math.round(chars));
              });
              return out;
            }"""
        )
        if found:
            too_wide[path.name] = found[:5]
    page.close()
    assert too_wide == {}, f"characters per line: {too_wide}"


@pytest.mark.slow
def test_figures_are_sharp_fit_a_phone_and_open_enlarged(browser, built_report):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    seen = 0
    for path in pages(built_report.resolve()):
        page.goto(path.as_uri())
        figures = page.evaluate(
            "Array.from(document.querySelectorAll('figure.chapter-figure img')).map(i => "
            "[i.naturalWidth, i.getBoundingClientRect().width, i.getBoundingClientRect().right, i.width])"
        )
        for natural, shown, right, width in figures:
            seen += 1
            assert natural >= 2 * width - 1, f"{path.name}: a figure is not drawn at 2x ({natural} px for {width})"
            assert right <= 390 and shown <= 390, f"{path.name}: a figure is wider than the phone"
        if figures:
            image = page.locator("figure.chapter-figure img").first
            image.scroll_into_view_if_needed()
            image.click()
            dialog = page.locator("dialog.figure-zoom")
            assert dialog.is_visible()
            big = dialog.locator("img")
            assert big.evaluate("i => i.getBoundingClientRect().width") > image.evaluate(
                "i => i.getBoundingClientRect().width"
            )
            page.keyboard.press("Escape")
            assert not dialog.is_visible()
    page.close()
    assert seen >= 5


@pytest.mark.slow
def test_the_book_reads_front_to_back_with_a_sidebar(browser, built_report):
    from metropolis_report.publish import layout

    expected = ["index.html"] + [c.html_name for c in layout.book()] + ["source.html"]
    # the findings chapters come first, then how the data was made
    stems = [c.stem for c in layout.book()]
    assert [s[:1] for s in stems] == sorted((s[:1] for s in stems), key=lambda d: (d != "3", d))
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    name, order = "index.html", []
    while name and name not in order:
        order.append(name)
        page.goto((built_report / name).resolve().as_uri())
        sidebar = page.locator("nav.book-nav a")
        assert sidebar.count() == len(expected), name
        assert page.locator("nav.book-nav a[aria-current='page']").get_attribute("href") == name
        if name not in ("index.html",):
            toc = page.locator("nav.toc")
            assert toc.evaluate("t => getComputedStyle(t).position") == "sticky", name
        nxt = page.locator("nav.chapter-nav a[rel='next']")
        name = nxt.get_attribute("href") if nxt.count() else None
    assert order == expected
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_colour_scheme_follows_the_system(browser, built_report, scheme):
    page = browser.new_page(color_scheme=scheme)
    for name in ("index.html", "31_engagement.html", "source.html"):
        page.goto((built_report / name).resolve().as_uri())
        rgb = page.evaluate("getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)")
        light = sum(rgb) / 3 > 128
        assert light == (scheme == "light"), f"{name} in the {scheme} scheme: background {rgb}"
    page.close()


@pytest.mark.slow
def test_code_cells_have_a_copy_button(browser, built_report):
    context = browser.new_context()
    page = context.new_page()
    page.goto((built_report / "31_engagement.html").resolve().as_uri())
    folds = page.locator("details.code-fold")
    assert page.locator("details.code-fold button.copy-code").count() == folds.count() > 0
    folds.first.locator("summary").click()
    button = folds.first.locator("button.copy-code")
    button.click()
    page.wait_for_function("b => b.textContent !== 'Copy'", arg=button.element_handle())
    assert button.inner_text() in ("Copied", "Select and copy")
    context.close()


@pytest.mark.slow
def test_a_link_target_is_highlighted_below_the_sticky_header(browser, built_report):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto((built_report / "30_claims_audit.html").resolve().as_uri() + "#audit-2.1-22")
    row = page.locator("#audit-2\\.1-22")
    assert row.is_visible()
    assert row.evaluate("r => getComputedStyle(r).outlineStyle") != "none"  # :target is marked
    # the row is not hidden under its table's sticky header
    head = row.evaluate("r => r.closest('table').querySelector('thead').getBoundingClientRect().bottom")
    assert row.bounding_box()["y"] >= head - 1
    page.goto((built_report / "source.html").resolve().as_uri() + "#claim-2.1-22")
    mark = page.locator("#claim-2\\.1-22")
    assert mark.evaluate("m => getComputedStyle(m).outlineStyle") != "none"
    assert 0 <= mark.bounding_box()["y"] < 900
    page.close()


@pytest.mark.slow
def test_key_findings_come_up_on_a_phones_first_screen(browser, built_report):
    """At 390 x 844 px the heading of every chapter's key findings and the start of its first finding are on the
    first screen: the page's contents and the downloads are folded above the text on a phone."""
    from metropolis_report.publish import layout

    page = browser.new_page(viewport={"width": 390, "height": 844})
    low = {}
    for chapter in layout.chapters():
        page.goto((built_report / chapter.html_name).resolve().as_uri())
        top = page.evaluate("document.querySelector('section.key-findings').getBoundingClientRect().top + scrollY")
        if top + 120 > 844:
            low[chapter.stem] = round(top)
        assert page.locator("nav.toc details.toc-fold").evaluate("d => !d.open"), chapter.stem
    page.close()
    assert low == {}, f"key findings start below the first screen at 390 px (top in px): {low}"
    # on a wide screen the contents stay open beside the text
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto((built_report / "31_engagement.html").resolve().as_uri())
    assert page.locator("nav.toc details.toc-fold").evaluate("d => d.open")
    assert page.locator("nav.toc li a").first.is_visible()
    page.close()


@pytest.mark.slow
def test_no_table_is_cut_at_1366_px(browser, built_report):
    """At 1366 px every table is whole in its column, or scrolls inside its own box that says so (a line above
    it and a shadow at the edge): no table is cut by the page or by an ancestor that does not scroll."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    cut, unmarked = {}, {}
    for path in pages(built_report.resolve()):
        page.goto(path.as_uri())
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.wait_for_timeout(50)
        found = page.evaluate(
            """() => {
              const cut = [], unmarked = [];
              document.querySelectorAll('main table').forEach((t, i) => {
                const right = t.getBoundingClientRect().right;
                for (let n = t.parentElement; n && n !== document.body; n = n.parentElement) {
                  const s = getComputedStyle(n);
                  if (n.scrollWidth > n.clientWidth + 1 && (s.overflowX === 'auto' || s.overflowX === 'scroll')) {
                    const hint = n.previousElementSibling;
                    if (!n.classList.contains('scrolls') || !hint || !hint.classList.contains('scroll-hint')
                        || !hint.getBoundingClientRect().height) unmarked.push(i);
                    return;
                  }
                  if (s.overflowX !== 'visible' && n.getBoundingClientRect().right < right - 1) { cut.push(i); return; }
                }
                if (right > innerWidth + 1) cut.push(i);
              });
              return [cut, unmarked];
            }"""
        )
        if found[0]:
            cut[path.name] = found[0]
        if found[1]:
            unmarked[path.name] = found[1]
    page.close()
    assert cut == {}, f"tables cut: {cut}"
    assert unmarked == {}, f"tables scrolling sideways with no cue: {unmarked}"


LANDING_QUERIES = ("teheran", '"World Metropolitan Day"', "Montréal", "Holm", "reassignments")
LANDING_TIMEOUT_MS = 3_000  # a result that has not landed this long after its page's load event fails
# why a result has not landed on its match ('' once it has)
LANDING_MISSED = """(id) => { const m = document.querySelector('mark.search-hit.current');
   if (!m) return 'no highlighted match';
   const r = m.getBoundingClientRect();
   if (!r.height) return 'the match is hidden';
   if (r.top < 0 || r.bottom > innerHeight) return 'the match is off screen (' + Math.round(r.top) + ' px)';
   const t = id && document.getElementById(id);
   if (t && !(t === m || t.contains(m) || (t.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING)))
     return 'the match is before the element the result names';
   return ''; }"""
# '' once the result has landed and is still there on the next two animation frames and 150 ms after load (checked once a frame: a
# scroll the browser makes while laying the page out shows there), else why not, after LANDING_TIMEOUT_MS
LANDS_AND_STAYS = (
    """([id, timeout]) => new Promise(done => {
   window.__landingChecked = true;
   const missed = """
    + LANDING_MISSED
    + """;
   let frames = 0, over = false; const start = performance.now();
   const finish = why => { over = true; done(why); };
   setTimeout(() => over || finish(missed(id) || 'the match does not stay on screen'), timeout);
   // landed: on its match for three frames in a row, and still there 150 ms after the load event (the page's own
   // re-landing runs 60 ms after load: a match it moved away is caught)
   const check = () => { if (over) return; frames = missed(id) ? 0 : frames + 1;
     if (frames >= 3 && performance.now() - start >= 150) finish(''); else requestAnimationFrame(check); };
   check(); })"""
)


@pytest.mark.slow
def test_every_search_result_lands_on_its_match(browser, built_report):
    """Every result of a sample of queries (accent-free, a phrase in quotes, words deep in long sections) opens
    its page scrolled to a highlighted match inside or after the element the result names, on screen, after
    the browser's own scroll to the #fragment, and stays there. (Chromium has scrolled to the #fragment by the
    page's load event: with the landing after it taken out of site.js, 27 of the 125 results fail here.)"""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto((built_report / "index.html").resolve().as_uri())
    page.locator("#site-search-input").focus()  # the search index is loaded when the reader comes to the box
    page.wait_for_function("window.SEARCH_INDEX !== undefined")
    # every result is opened in this one page by a real navigation to its href, each a new document (a result
    # that differs from the one before only by its #fragment is opened from a blank page)
    landing = browser.new_page(viewport={"width": 1366, "height": 900})
    failed, seen, before = [], 0, ""
    for query in LANDING_QUERIES:
        hrefs, status = page.evaluate(
            """(q) => { const box = document.getElementById('site-search-input'); box.value = q;
               box.dispatchEvent(new Event('input')); const more = document.getElementById('site-search-more');
               for (let i = 0; i < 100 && !more.hidden; i++) more.click();
               return [Array.from(document.querySelectorAll('#site-search-results a')).map(a => a.getAttribute('href')),
                       document.getElementById('site-search-status').textContent]; }""",
            query,
        )
        assert hrefs, query
        assert status == f"{len(hrefs)} result" + ("s" * (len(hrefs) != 1)), f"{query}: not every result is listed"
        for href in hrefs:
            seen += 1
            name, rest = href.split("?", 1)
            if href.split("#")[0] == before.split("#")[0]:
                landing.goto("about:blank")
            landing.goto((built_report / name).resolve().as_uri() + "?" + rest, wait_until="load")
            before = href
            assert landing.evaluate("window.__landingChecked === undefined"), f"{href}: opened in the page before"
            anchor = unquote(href.split("#", 1)[1]) if "#" in href else ""
            where = landing.evaluate(LANDS_AND_STAYS, [anchor, LANDING_TIMEOUT_MS])
            if where:
                failed.append(f"{href}: {where}")
    landing.close()
    page.close()
    assert seen >= 40
    assert failed == [], f"{len(failed)} of {seen} results do not land on their match: {failed[:8]}"


def data_codes() -> dict[str, str]:
    """The codes of the data a reader must never see as they are: the codes of reader_labels.csv and its columns
    that read as identifiers, the rule ids of claim_rules.csv, the finding ids and the member ids."""
    import csv
    import re

    root = config.PROJ_ROOT
    found: dict[str, str] = {}
    identifier = re.compile(r"[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+")
    with open(root / "metadata" / "reader_labels.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for code in (row["code"], row["column"]):
                if identifier.fullmatch(code):
                    found[code] = "a code with a reader label"
    with open(root / "metadata/layouts/2020-fr" / "claim_rules.csv", encoding="utf-8") as handle:
        found.update({r["rule_id"]: "a claim rule id" for r in csv.DictReader(handle) if "_" in r["rule_id"]})
    with open(root / "metadata" / "findings.csv", encoding="utf-8") as handle:
        found.update({r["template_id"]: "a finding id" for r in csv.DictReader(handle)})
    with open(config.PROCESSED_DIR / "members.csv", encoding="utf-8") as handle:
        found.update({r["member_id"]: "a member id" for r in csv.DictReader(handle) if r["member_id"] != "male"})
    with open(config.PROCESSED_DIR / "annex_lists.csv", encoding="utf-8") as handle:
        found.update({r["list_name"]: "an annex list id" for r in csv.DictReader(handle)})
    with open(config.PROCESSED_DIR / "member_mentions.csv", encoding="utf-8") as handle:
        found.update({r["list_name"]: "a table or list id" for r in csv.DictReader(handle)})
    # the columns of the data ("computed_min", "in_new_members_list") and the package's modules ("cross_checks",
    # "conversion.member_readings") are names of the code, not words of the page
    with open(root / "metadata" / "columns.csv", encoding="utf-8") as handle:
        found.update(
            {r["column"]: "a column name" for r in csv.DictReader(handle) if identifier.fullmatch(r["column"])}
        )
    package = root / "src" / "metropolis_report"
    for module in package.rglob("*.py"):
        if identifier.fullmatch(module.stem):
            found[module.stem] = "a module of the package"
            found[f"{module.parent.name}.{module.stem}"] = "a module of the package"
    found.update({"metadata/verdicts.csv": "a file of the project", "data/processed/": "a folder of the build"})
    return found


@pytest.mark.slow
def test_no_code_of_the_data_is_shown_to_readers(browser, built_report):
    """The visible text of every page (folds opened), outside code cells and outside the tables that document the
    codes themselves (the data dictionary, the validation results: marked .codes), holds no code of the data:
    every code a reader sees has its words (metadata/reader_labels.csv), raw rows are shown as cells."""
    import re

    codes = data_codes()
    assert {"not_derivable", "dropped_empty_cell_by_totals", "tehran", "istanbul"} <= set(codes)
    pattern = re.compile(
        r"(?<![\w./-])(" + "|".join(sorted(map(re.escape, codes), key=len, reverse=True)) + r")(?![\w-])"
    )
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    shown, lists = {}, {}
    for path in pages(built_report.resolve()):
        page.goto(path.as_uri())
        text = page.evaluate(
            """() => { document.querySelectorAll('details').forEach(d => d.open = true);
               const main = document.querySelector('main').cloneNode(true);
               main.querySelectorAll('details.code-fold, script, style, .downloads, .data-table.codes').forEach(e => e.remove());
               main.querySelectorAll('details.table-fold').forEach(d => { if (!d.querySelector('.data-table')) d.remove(); });
               main.querySelectorAll('td, th, li, p, summary, caption').forEach(e => e.append(' \\n'));
               return main.innerText; }"""
        )
        # the tables that document the codes show them in code type, but their lists and checks in words
        documented = page.evaluate(
            "Array.from(document.querySelectorAll('main .data-table.codes td')).map(td => td.innerText).join('\\n')"
        )
        for line in documented.splitlines():
            if re.search(r"\bexpect_[a-z_]+", line) or re.fullmatch(r"\w+(\|\w+)+", line.strip()):
                lists.setdefault(path.name, []).append(line.strip()[:90])
        hits = sorted(
            {
                f"{m.group(1)} ({codes[m.group(1)]}): …{line.strip()[:90]}…"
                for line in text.splitlines()
                for m in pattern.finditer(line)
            }
        )
        if hits:
            shown[path.name] = hits[:6]
        everything = (text + "\n" + documented).splitlines()
        reprs = [line.strip()[:90] for line in everything if re.search(r"\['[^']*', '", line)]
        if reprs:
            lists.setdefault(path.name, []).extend(reprs[:3])
    page.close()
    assert shown == {}, f"codes shown to readers: {shown}"
    assert lists == {}, f"Python lists shown to readers: {lists}"
    # raw rows of the report are shown as their cells, not joined with pipes
    for name in ("10_clean_members.html", "20_data_quality.html", "30_claims_audit.html"):
        markup = (built_report / name).read_text(encoding="utf-8")
        markup = re.sub(r'<details class="code-fold">.*?</details>', "", markup, flags=re.S)
        assert not re.search(r"<td[^>]*>[^<]*( \| [^<|]*){3,}</td>", markup), name
        assert 'class="cells"' in markup, name


@pytest.mark.slow
def test_verdict_marks_are_badges_and_the_overview_legend_is_legible_on_a_phone(browser, built_report):
    """A verdict's mark on the annotated report is a framed badge, so the report's own ✓ and ✗ (plain text of the
    report) are never taken for one; the overview's audit legend is text of at least 12 px at 390 px."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((built_report / "source.html").resolve().as_uri())
    styles = page.evaluate(
        "Array.from(document.querySelectorAll('.verdict .sym')).map(s => { const c = getComputedStyle(s); "
        "return [c.borderTopStyle, parseFloat(c.borderTopWidth), c.display]; })"
    )
    assert styles and all(b == "solid" and w >= 1 and d == "inline-block" for b, w, d in styles)
    plain = page.evaluate(
        "(() => { let n = 0; const w = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);"
        " while (w.nextNode()) if (/[✓✗]/.test(w.currentNode.nodeValue) && !w.currentNode.parentElement.closest('.sym')"
        " && !w.currentNode.parentElement.closest('.intro')) n++; return n; })()"
    )
    assert plain > 0  # the report's own glyphs are on the page, as plain text, not as marks
    page.goto((built_report / "index.html").resolve().as_uri())
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('ul.audit-legend li')).map(li => parseFloat(getComputedStyle(li).fontSize))"
    )
    assert len(sizes) == 6 and min(sizes) >= 12
    svg_text = page.evaluate(
        "Array.from(document.querySelectorAll('figure svg text')).map(t => t.getBoundingClientRect().height)"
    )
    assert all(h >= 12 for h in svg_text), svg_text  # no text drawn inside the scaled drawing below 12 px
    page.close()
