"""Unit tests of metropolis_report.words."""

import csv

from metropolis_report import config, words


def test_codes_inside_sentences_get_their_words():
    text = words.readable(
        "members with a non-zero pilot_projects; named only in the pending project: bogota, quito "
        "[rule_sensitive: discrepancy under truncation]; see reading_values; eng_region_pair:africa-asia"
    )
    for code in ("pilot_projects", "bogota", "quito", "rule_sensitive", "reading_values", "eng_region_pair"):
        assert code not in text, (code, text)
    assert "Bogotá" in text or "Bogota" in text
    assert "regions compared: Africa vs Asia" in text
    assert words.readable("the region of each member") == "the region of each member"  # a word stays a word
    assert words.readable("1 reading(s), 2 reading(s)") == "1 reading, 2 readings"
    assert words.readable("entries of the annex list list_city_managers_members") == (
        "entries of the annex list 'city managers members'"
    )


def test_printed_total_ids_are_shown_in_words():
    label = words.reader_label("claim_id", "4.1|Total membres|wmd_organiser")
    assert label.startswith("table 4.1, row Total membres: ") and "wmd_organiser" not in label


def test_reader_labels_are_one_label_per_code():
    with open(config.PROJ_ROOT / "metadata" / "reader_labels.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    keys = [(r["column"], r["code"]) for r in rows]
    assert len(keys) == len(set(keys)) and all(r["label"].strip() for r in rows)


def test_a_claim_text_names_its_column_in_words():
    text = "table 4.1, row 'Total membres', column wmd_organiser"
    label = words.reader_label("claim_text", text)
    assert "wmd_organiser" not in label and label.startswith("table 4.1, row 'Total membres', column '")
    assert words.reader_label("claim_text", "Nous sommes 141") == "Nous sommes 141"  # report text unchanged


def test_a_count_takes_the_plural_only_when_it_is_not_one():
    assert words.plural(1, "item") == "1 item" and words.plural(3, "item") == "3 items"


def test_a_small_count_is_a_word_and_a_large_one_digits():
    from metropolis_report.words import number_word

    assert [number_word(n) for n in (0, 5, 10, 12, 13, 1500)] == ["zero", "five", "ten", "twelve", "13", "1,500"]
