"""The built book for people: downloads that work, executed notebooks that look run, figure numbers unique
across the book, codes in reader words and integers as integers."""

import html
import json
import re
import zipfile

import pandas as pd

from metropolis_report import config, editions, schema, words
from metropolis_report.publish import layout, present, site


def test_executed_notebooks_keep_their_execution_counts(built_report):
    for chapter in layout.chapters():
        nb = json.loads((built_report / "notebooks" / f"{chapter.stem}.ipynb").read_text(encoding="utf-8"))
        counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
        assert counts == list(range(1, len(counts) + 1)), chapter.stem


def test_the_index_links_every_download_and_says_how_to_cite(built_report):
    index = (built_report / "index.html").read_text(encoding="utf-8")
    for target in ("LICENSE.txt", "CITATION.cff", f"data/{site.TABLES_ZIP}", "data/datapackage.json"):
        assert f'href="{target}"' in index and (built_report / target).exists(), target
    if (built_report / layout.PDF_NAME).exists():  # linked once `make pdf` made it
        assert f'href="{layout.PDF_NAME}" download' in index
    else:  # otherwise the line says so, in a reader's words
        assert "the whole book as a PDF (not printed for this build of the site)" in index
    assert 'id="cite"' in index and site.citation()["text"] in index.replace("&#x27;", "'").replace("&quot;", '"')


def test_the_zip_holds_the_data_package(built_report):
    folder = built_report / "data"
    with zipfile.ZipFile(folder / site.TABLES_ZIP) as archive:
        names = {n.split("/", 1)[1]: archive.read(n) for n in archive.namelist()}
    expected = {p.name for p in folder.glob("*.csv")} | {"datapackage.json"}
    assert set(names) == expected
    assert all(names[n] == (folder / n).read_bytes() for n in names)


def test_figure_numbers_are_unique_across_the_book(built_report):
    seen = {}
    for chapter in layout.book():
        page = (built_report / chapter.html_name).read_text(encoding="utf-8")
        number = layout.chapter_number(chapter.stem)
        for fid, label in re.findall(r'id="(figure-[\d-]+)".*?<strong>Figure ([\d.]+)\.</strong>', page, flags=re.S):
            assert fid == "figure-" + label.replace(".", "-") and label.startswith(f"{number}."), (chapter.stem, fid)
            assert fid not in seen, f"{fid} in {chapter.stem} and {seen.get(fid)}"
            seen[fid] = chapter.stem
    assert len(seen) >= 5


def test_every_figure_is_referred_to_by_a_link_in_the_prose(built_report):
    """Each figure of the book is named in its chapter's text ("Figure 2.3 shows …"), as a link to it."""
    unreferred = []
    for chapter in layout.book():
        page = (built_report / chapter.html_name).read_text(encoding="utf-8")
        for fid in re.findall(r'<figure class="chapter-figure" id="(figure-[\d-]+)"', page):
            if f'href="#{fid}"' not in page:
                unreferred.append((chapter.stem, fid))
    assert unreferred == [], f"figures no text refers to: {unreferred}"


def test_a_holm_familys_question_is_said_once_above_its_tests(built_report):
    """The tables of tests name each Holm family's question in a row of its own, not in a column repeating it."""
    for name in ("31_engagement.html", "32_gender.html"):
        page = (built_report / name).read_text(encoding="utf-8")
        assert 'scope="col" class="text">Holm family (question)</th>' not in page, name
        assert re.search(r'<tr class="group-row"><th [^>]*scope="colgroup"', page), name


def test_every_code_a_table_shows_has_reader_words():
    """Every value of a labelled column in the processed tables has its label (a new code would be shown raw)."""
    labels = words.reader_labels()
    missing = {}
    for table in schema.tables():
        path = config.PROCESSED_DIR / f"{table}.csv"
        if not path.exists():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in set(frame.columns) & set(labels):
            unknown = sorted({v for v in frame[column] if v and v not in labels[column]})
            if unknown:
                missing[f"{table}.{column}"] = unknown
    assert missing == {}


def test_whole_numbers_are_not_printed_with_decimals(built_report):
    """No column of a table prints all its numbers as 13.00: such a column holds whole numbers."""
    for chapter in layout.chapters():
        page = (built_report / chapter.html_name).read_text(encoding="utf-8")
        tables = re.findall(r"<tbody>(.*?)</tbody>", page, flags=re.S)
        assert tables, chapter.stem
        for body in tables:
            rows = [
                re.findall(r'<td class="(\w+)">(.*?)</td>', row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
            ]
            for k in range(len(rows[0]) if rows else 0):
                numbers = [re.sub(r"<[^>]+>", "", r[k][1]) for r in rows if len(r) > k and r[k][0] == "num"]
                numbers = [n for n in numbers if n not in ("", present.MISSING)]
                assert not numbers or not all(re.fullmatch(r"[\d,]+\.0+( ?%)?", n) for n in numbers), (
                    chapter.stem,
                    numbers[:5],
                )


def test_the_readme_starts_with_what_it_is_the_two_commands_and_what_to_open():
    readme = (config.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:25])
    for needed in ("make report", "make test", "reports/index.html", "Metropolis annual report 2020"):
        assert needed in first_screen, needed
    # no figure the build computes (counts, timings): only years, versions, line anchors and example parameters
    allowed = r"20(18|20|21)|3\.11|L577|ENGAGEMENT_MIN=3|CONFIDENCE=0\.9|report_2020|rapport annuel 2020|2018-2020"
    stripped = re.sub(allowed, "", readme)
    assert not re.findall(r"\d", stripped), re.findall(r".{20}\d.{20}", stripped)[:5]


def test_the_annotated_report_has_contents_no_markup_text_one_tooltip_and_formatted_values(built_report):
    page = (built_report / "source.html").read_text(encoding="utf-8")
    lines = editions.default().report_path.read_text(encoding="utf-8").split("\n")
    contents = re.search(r'<nav class="toc".*?</nav>', page, flags=re.S).group(0)
    entries = re.findall(r'<a href="#L(\d+)">(.*?)</a>', contents)
    assert len(entries) >= 10
    for line, title in entries:
        title = html.unescape(title)
        number = title.split()[0]
        printed = lines[int(line) - 1].replace("*", "").replace(" ", "")
        assert printed.startswith(number) or title.split(" ", 1)[1][:10] in lines[int(line) - 1], (line, title)
    assert "&lt;hr" not in page and "&lt;br" not in page  # no markup shown as text
    marks = re.findall(r'<a class="verdict[^>]*>', page)
    assert marks and not [m for m in marks if "title=" in m]  # one tooltip (the .tip), not two
    values = re.findall(r"recomputed ([^;<]+)", page)
    assert values and not [v for v in values if re.search(r"\.\d{3,}", v) or re.search(r"\.0+$", v)]


def test_pages_read_as_written_for_people(built_report):
    """No "+0.00" (zero has no sign), no machine plural "(s)", shares' effects in percentage points in the gender
    chapter's tests, the deliverables in natural order (L2M2 before L2M10), the calendar's printed columns said
    to be as printed."""
    import re

    texts = {}
    for path in sorted(built_report.glob("*.html")):
        markup = re.sub(r'<details class="code-fold">.*?</details>', " ", path.read_text(encoding="utf-8"), flags=re.S)
        markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
        texts[path.name] = re.sub(r"<[^>]+>", " ", markup)
    for name, text in texts.items():
        assert not re.search(r"[+−-]0\.0+\b(?!\d)", text), (name, re.search(r".{40}[+−-]0\.0+\b.{20}", text))
        assert "(s)" not in text, name
    gender = texts["32_gender.html"]
    assert re.search(r"-?\d+\.\d points", gender)
    ids = re.findall(r"\bL\dM\d+D\d+\b", texts["33_events_plan_funding.html"])
    numbers = [tuple(int(x) for x in re.findall(r"\d+", i)) for i in ids]
    assert ids and numbers == sorted(numbers), ids[:12]
    assert "Place (as printed)" in texts["33_events_plan_funding.html"]
