"""The HTML report in a real browser (Debian's headless Chromium, driven by Playwright).

Opens the index and every chapter from disk, follows every link between them, and fails on a console
error, a broken link, an image that did not decode, or a request that leaves the reports folder.
"""
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from metropolis_report import config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = config.BUILD_DIR / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
        if target.startswith("data:") or (target.startswith("file://") and unquote(urlparse(target).path).startswith(str(reports))):
            route.continue_()
        else:
            outside.append(target)
            route.abort()

    page.route("**/*", guard)
    page.goto(url, wait_until="load")
    images = page.evaluate("Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.src.slice(0, 40)])")
    links = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    return page, problems, outside, images, links


@pytest.mark.slow
def test_every_page_renders_offline_and_every_link_resolves(browser, built_report):
    reports = built_report.resolve()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    queue, seen = ["index.html"], set()
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        assert (reports / name).exists(), f"broken link to {name}"
        page, problems, outside, images, links = visit(browser, (reports / name).as_uri(), reports)
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
    chapters = {p.name for p in reports.glob("*.html")}
    assert seen == chapters, f"pages not reachable from the index: {chapters - seen}"
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
