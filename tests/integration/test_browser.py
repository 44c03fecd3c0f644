"""The HTML report in a real browser (Debian's headless Chromium, driven by Playwright).

Opens the index, every chapter and the annotated report from disk, follows every link between them, and
fails on a console error, a broken link, an image that did not decode, a request that leaves the reports
folder, or any axe-core violation of the WCAG 2.1 A and AA rules. Search, table filters and folded code
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


def visit(browser, url, reports: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
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
def test_every_page_passes_axe_core_wcag_a_and_aa(browser, built_report):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in pages(built_report.resolve()):
        page = browser.new_page()
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
    from metropolis_report import publish

    for chapter in publish.chapters():
        page = browser.new_page()
        page.goto((built_report / chapter.html_name).resolve().as_uri())
        assert page.title() == chapter.title
        assert page.locator("h1").first.inner_text().rstrip("¶").strip() == chapter.title
        assert page.locator("nav.toc li").count() >= 2, chapter.stem
        assert page.locator("p.downloads a[href$='.ipynb']").count() == 1
        page.close()


@pytest.mark.slow
def test_search_finds_words_across_pages_from_disk(browser, built_report):
    page = browser.new_page()
    page.goto((built_report / "index.html").resolve().as_uri())
    page.locator("#site-search-input").focus()
    page.keyboard.type("Téhéran")
    results = page.locator("#site-search-results a")
    results.first.wait_for()
    targets = {results.nth(i).get_attribute("href").split("#")[0] for i in range(results.count())}
    assert {"source.html", "20_data_quality.html"} <= targets
    page.close()


@pytest.mark.slow
def test_a_long_table_filters_from_the_keyboard(browser, built_report):
    page = browser.new_page()
    page.goto((built_report / "30_claims_audit.html").resolve().as_uri())
    fold = page.locator("details.table-fold").filter(has_text="figures recomputed").first
    fold.locator("summary").focus()
    page.keyboard.press("Enter")
    box = fold.locator("input[data-filter-table]")
    box.focus()
    page.keyboard.type("Assemblée")
    visible = fold.locator("tbody tr:visible")
    assert 0 < visible.count() < fold.locator("tbody tr").count()
    assert all("Assemblée" in visible.nth(i).inner_text() for i in range(visible.count()))
    page.close()


@pytest.mark.slow
def test_the_annotated_report_marks_figures_and_links_both_ways(browser, built_report):
    page = browser.new_page()
    page.goto((built_report / "source.html").resolve().as_uri() + "#L577")
    assert page.locator("#L577").count() == 1
    mark = page.locator("#claim-2\\.1-22")
    assert mark.get_attribute("href") == "30_claims_audit.html#audit-2.1-22"
    assert mark.locator(".sym").inner_text() == "◐"  # readable without colour: consistent with readings
    mark.focus()
    assert "consistent with readings" in mark.locator(".tip").inner_text()  # shown on keyboard focus
    discrepant = page.locator("#claim-5-02")  # the annex's 77 global events
    assert discrepant.locator(".sym").inner_text() == "✗"
    discrepant.focus()
    assert "cause: report_inconsistent" in discrepant.locator(".tip").inner_text()
    page.goto((built_report / "30_claims_audit.html").resolve().as_uri() + "#audit-2.1-22")
    row = page.locator("#audit-2\\.1-22")
    assert row.locator("a[href='source.html#claim-2.1-22']").count() == 1
    page.close()


@pytest.mark.slow
def test_make_pdf_prints_the_index_and_every_chapter(built_report, tmp_path):
    import subprocess
    import sys

    from metropolis_report import publish

    out = tmp_path / "report.pdf"
    result = subprocess.run([sys.executable, "-m", "metropolis_report.pdf", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") - data.count(b"/Type /Pages") > len(
        publish.chapters()
    )
    assert not list(built_report.glob(".print*"))  # the combined page is removed after printing
