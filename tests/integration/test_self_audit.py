"""The project's own statements, audited like the report's figures.

Every number in the prose of every published page must be a value of a findings row (data/processed/
findings.csv), a cell of a table the page shows, or a structural number (a section, a figure, a line, a year).
The coverage is printed and must be 100 %; the same scan fed a page with a number that nothing backs must fail.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup

from metropolis_report import config, storage
from metropolis_report.publish import layout

NUMBER = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*(?:\.\d+)?")
# numbers that are structure, not statements: sections and annexes (4.1, 5.IV), figures, lines, years,
# the report's own name, versions and checksums
STRUCTURAL = [
    re.compile(p)
    for p in (
        r"(?:tables?|sections?|annex(?:es)?|lists? of|chapter)\s+(?:\d+(?:\.\d+)?(?:\s*(?:,|and|–|-|to)\s*)?)+",
        r"\b\d(?:\.\d)?[–-]\d(?:\.\d)?\b",  # section ranges 2–2.4
        r"\b\d\.[IVX]+\b",
        r"Figure \d+",
        r"lines? \d+",
        r"#L\d+",
        r"\b(?:2018|2019|2020|2021)\b",
        r"Action Plan 2018-2020",
        r"ISO \d+",
        r"\d+(?:\.\d+)+ (?:\(|release)",
        r"WCAG \d\.\d",
        r"Python 3\.11",
        r"(?:Great Expectations|GX) \(?1\.x\)?",
        r"\b0/1\b",
        r"Okabe-Ito",
    )
]
PROSE = ["p", "li", "figcaption", "summary", "h1", "h2", "h3", "h4", "dd", "dt", "blockquote"]


def numbers(text: str) -> list[str]:
    for pattern in STRUCTURAL:
        text = pattern.sub(" ", text)
    return [n.replace("−", "-").lstrip("+-") for n in NUMBER.findall(text)]


def normal(token: str) -> set[str]:
    """A number as it may be written: 1,225,075 / 1225075; 76.6 / 76.60; 0.5 / .5."""
    bare = token.replace(",", "")
    out = {token, bare}
    try:
        value = float(bare)
        out |= {f"{value:g}", f"{value:.0f}" if value == int(value) else f"{value:g}"}
    except ValueError:
        pass
    return out


def backed_numbers(findings) -> set[str]:
    backed = set()
    for row in findings.itertuples():
        for token in numbers(row.sentence):
            backed |= normal(token)
        for value in json.loads(row.values).values():
            for token in numbers(str(value)):
                backed |= normal(token)
    return backed


def page_prose(html: str) -> tuple[list[str], set[str]]:
    """(prose texts, numbers in the page's table cells) of one page."""
    soup = BeautifulSoup(html, "html.parser")
    # parameter values (checked by the parameter tests) and the citation block are not statements of findings
    for junk in soup.select(
        "script, style, pre, code, nav, .site-search, .jp-InputArea, details.code-fold, .provenance, "
        ".build-parameters, .non-default-parameters, .cite-this"
    ):
        junk.decompose()
    cells = set()
    for cell in soup.select("td, th, caption"):
        for token in numbers(cell.get_text(" ")):
            cells |= normal(token)
    for table in soup.select("table"):
        rows = len(table.select("tbody tr"))
        cells |= normal(str(rows))  # a folded table's summary may say how many rows it folds
        table.decompose()
    texts = []
    for el in soup.find_all(PROSE):
        if el.find(PROSE):  # the innermost prose element carries the text
            continue
        texts.append(el.get_text(" ", strip=True))
    return texts, cells


def audit_page(html: str, backed: set[str]) -> tuple[int, list[tuple[str, str]]]:
    texts, cells = page_prose(html)
    total, unbacked = 0, []
    for text in texts:
        for token in numbers(text):
            total += 1
            if not (normal(token) & (backed | cells)):
                unbacked.append((token, text[:160]))
    return total, unbacked


def pages(reports):
    names = [c.html_name for c in layout.chapters()] + ["index.html"]
    return {name: (reports / name).read_text(encoding="utf-8") for name in names}


def test_every_number_in_the_prose_of_every_page_is_backed(built_report):
    findings = storage.read("findings", config.PROCESSED_DIR)
    backed = backed_numbers(findings)
    total, problems = 0, []
    for name, html in pages(built_report).items():
        n, unbacked = audit_page(html, backed)
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


def test_the_self_audit_catches_a_number_nothing_backs(built_report):
    findings = storage.read("findings", config.PROCESSED_DIR)
    backed = backed_numbers(findings)
    html = (built_report / "31_engagement.html").read_text(encoding="utf-8")
    tampered = html.replace("</main>", "<p>Of the members, 9731 said so.</p></main>", 1)
    assert "</main>" in html
    _, unbacked = audit_page(tampered, backed)
    assert [t for t, _ in unbacked] == ["9731"]
    # a changed figure inside a finding sentence is caught too
    sentence = findings.loc[findings["finding_id"] == "eng_activated", "sentence"].iloc[0]
    assert sentence in html.replace("&#x27;", "'")
    _, unbacked = audit_page(html.replace("108 of 141", "107 of 141", 1), backed)
    assert "107" in [t for t, _ in unbacked]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("table 4.1 and section 2.2 in 2020 (line 577, Figure 3)", []),
        ("108 of 141 members (76.6%)", ["108", "141", "76.6"]),
        ("a gap of −14 points", ["14"]),
    ],
)
def test_numbers_in_prose(text, expected):
    assert numbers(text) == expected
