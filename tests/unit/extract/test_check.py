"""Unit tests of metropolis_report.extract.check: a report text checked against a layout, every mismatch at once."""

import csv
import io

from metropolis_report import config, editions, wording
from metropolis_report.extract.check import check_layout
from tests.unit.extract.helpers import table

LAYOUT = config.METADATA_DIR / "layouts" / "2020-fr"


def small_layout(tmp_path, headings, headers, words):
    """A layout of a few rows, written like the real ones."""
    folder = tmp_path / "small"
    folder.mkdir()
    for name, rows in (
        ("sections.csv", [("key", "text", "match", "note"), *headings]),
        ("headers.csv", [("raw_table", "column", "printed", "kind"), *headers]),
        ("words.csv", [("key", "text", "in_text", "note"), *words]),
        ("number_words.csv", [("word", "value", "kind"), ("deux", "2", "cardinal")]),
    ):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        (folder / name).write_text(buffer.getvalue(), encoding="utf-8")
    return wording.read(folder)


def test_every_mismatch_is_returned_at_once_with_the_row_to_edit(tmp_path):
    layout = small_layout(
        tmp_path,
        [("intro", "1. Introduction", "exact", ""), ("members", "4.1. Engagement de nos membres", "exact", "")],
        [("members_x", "name", "MEMBRE", "printed"), ("members_x", "dues", "Paiement des cotisations 2020", "printed")],
        [("total", "Total membres", "yes", ""), ("blank_header", "(sans en-tête)", "no", "")],
    )
    text = "\n".join(
        ["1. Introduction", "", "4.1. L'engagement de nos membres", ""]
        + table(["MEMBRE", "Paiement des cotisations 2021"], [["Lima", "1"], ["Total des membres", "1"]])
    )
    found = check_layout(text, layout)
    assert [(m.line, m.expected, m.found) for m in found] == [
        (3, "4.1. Engagement de nos membres", "4.1. L'engagement de nos membres"),
        (5, "Paiement des cotisations 2020", "Paiement des cotisations 2021"),
        (8, "Total membres", "| Total des membres | 1 |"),  # the closest line
    ]
    assert found[0].edit.endswith("small/sections.csv line 3 (key 'members')")
    assert "'Engagement'" in found[0].differing and '"L\'engagement"' in found[0].differing
    assert found[1].differing == "column 2 of the members_x header"
    assert found[1].edit.endswith("small/headers.csv line 3 (key 'members_x.dues')")
    assert found[2].edit.endswith("small/words.csv line 2 (key 'total')")


def test_a_pattern_that_matches_no_line_and_a_missing_table_are_mismatches(tmp_path):
    layout = small_layout(
        tmp_path,
        [("summary", r"- [\d\s]+ événements", "pattern", "")],
        [("events", "start", "Date de début", "printed"), ("events", "end", "Date de fin", "printed")],
        [("blank_header", "(sans en-tête)", "no", "")],
    )
    found = check_layout("- quelques événements\nrien d'autre", layout)
    assert [(m.expected, m.differing) for m in found] == [
        (r"- [\d\s]+ événements", "no line matches the regular expression"),
        ("Date de début | Date de fin", "no table prints this header"),
    ]


def test_the_default_layout_reads_the_report_and_a_reworded_copy_shows_each_change():
    text = editions.default().report_path.read_text(encoding="utf-8")
    assert check_layout(text) == []
    reworded = text.replace("CALENDRIER DES ÉVÉNEMENTS", "CALENDRIER").replace("| Ateliers |", "| Séances |")
    found = check_layout(reworded)
    assert [m.expected for m in found] == ["CALENDRIER DES ÉVÉNEMENTS", "Ateliers"]
    assert "key 'calendar'" in found[0].edit and "pilot_projects.workshops" in found[1].edit


def test_when_every_string_is_found_the_extraction_error_is_the_mismatch():
    text = editions.default().report_path.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("- **Bandar.**"))
    lines[at] = lines[at].replace("**", "")  # a new member printed without its bold name: the structure changed
    found = check_layout("\n".join(lines))
    assert len(found) == 1 and found[0].line == at + 1
    assert "a new-member entry must read" in found[0].differing and found[0].edit == "the extractor"


def test_a_word_is_printed_only_as_a_word_of_its_own():
    from metropolis_report.extract.check import printed_word

    assert not printed_word("près de", "une étude auprès de 71 espaces")  # inside another word: not printed
    assert printed_word("près de", "- **Près de 75 participants**")  # any case
    assert printed_word(" et en ligne,", "Barcelone et en ligne, Espagne") and printed_word("+", "+ 20")
    assert not printed_word("Total", "Totalement")
