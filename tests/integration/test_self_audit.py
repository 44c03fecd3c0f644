"""The project's own statements, audited like the report's figures (metropolis_report.publish.self_audit).

Every number in the prose of every published page, the notebooks' markdown included, must be a value of a
findings row (data/processed/findings.csv), a cell of a table the page shows, or a number that is not a figure
by a stated rule. The coverage is printed and must be 100 %; the same scan fed a page with a number that
nothing backs, in a finding's sentence or in a markdown cell, must fail.
"""

import re

from metropolis_report import config, editions, storage
from metropolis_report.publish import layout
from metropolis_report.publish.self_audit import (
    audit_page,
    normal,  # noqa: F401 (the PDF's self-audit reads it from here)
    structural_rules,
)
from metropolis_report.publish.self_audit import backed_numbers as backed_by_values
from metropolis_report.publish.self_audit import numbers as figures

NUMBER = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*(?:\.\d+)?")
RULES = structural_rules(editions.current().year)


def numbers(text: str) -> list[str]:
    return figures(text, RULES)


def backed_numbers(findings) -> set[str]:
    return backed_by_values(findings["values"], RULES)


def pages(reports):
    names = [c.html_name for c in layout.chapters()] + ["index.html"]
    return {name: (reports / name).read_text(encoding="utf-8") for name in names}


def test_every_number_in_the_prose_of_every_page_is_backed(built_report):
    findings = storage.read("findings", config.PROCESSED_DIR)
    backed = backed_numbers(findings)
    total, problems = 0, []
    for name, html in pages(built_report).items():
        n, unbacked = audit_page(html, backed, RULES)
        total += n
        problems += [(name, *u) for u in unbacked]
    covered = total - len(problems)
    report = f"self-audit: {covered} of {total} numbers in the prose of the pages backed ({covered / total:.1%})"
    print(report)
    artifacts = config.BUILD_DIR / "test-artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "self_audit.txt").write_text(report + "\n" + "\n".join(map(str, problems)) + "\n", encoding="utf-8")
    assert total > 100
    assert not problems, report + "\n" + "\n".join(f"{p}: {t!r} in {s!r}" for p, t, s in problems[:40])


def in_markdown_cell(html: str, paragraph: str) -> str:
    """``html`` with ``paragraph`` added to the first markdown cell of its main content."""
    main = html.index("<main")
    cell = re.compile(r"jp-MarkdownCell.*?jp-RenderedMarkdown[^>]*>", re.S).search(html, main)
    return html[: cell.end()] + paragraph + html[cell.end() :]


def test_the_self_audit_catches_a_number_nothing_backs(built_report):
    findings = storage.read("findings", config.PROCESSED_DIR)
    backed = backed_numbers(findings)
    html = (built_report / "31_engagement.html").read_text(encoding="utf-8")
    tampered = html.replace("</main>", "<p>Of the members, 9731 said so.</p></main>", 1)
    assert "</main>" in html
    _, unbacked = audit_page(tampered, backed, RULES)
    assert [t for t, _ in unbacked] == ["9731"]
    # a changed figure inside a finding sentence is caught too
    sentence = findings.loc[findings["finding_id"] == "eng_activated", "sentence"].iloc[0]
    assert sentence in html.replace("&#x27;", "'")
    _, unbacked = audit_page(html.replace("108 of 141", "107 of 141", 1), backed, RULES)
    assert "107" in [t for t, _ in unbacked]


def test_a_number_typed_into_a_markdown_cell_of_a_chapter_is_caught(built_report):
    findings = storage.read("findings", config.PROCESSED_DIR)
    html = (built_report / "31_engagement.html").read_text(encoding="utf-8")
    year = editions.current().year
    typed = in_markdown_cell(html, f"<p>The city managers met in 4321 debates in {year}.</p>")
    _, unbacked = audit_page(typed, backed_numbers(findings), RULES)
    assert [t for t, _ in unbacked] == ["4321"]  # the edition's year is the report's time, not a figure
