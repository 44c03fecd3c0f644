"""Unit tests of metropolis_report.new_edition (`make edition`): the row it proposes and what it refuses."""

import pytest

from metropolis_report import editions, new_edition


def test_the_new_row_takes_year_and_language_from_the_id_and_the_rest_from_the_nearest(tmp_path):
    text = tmp_path / "rapport.txt"
    text.write_text("texte\n", encoding="utf-8")
    like = editions.default()
    row = new_edition.new_row("2021-es", text, like)
    assert (row["year"], row["language"], row["layout"], row["report_file"]) == (
        "2021",
        "es",
        "2021-es",
        "2021-es/rapport.txt",
    )
    assert row["title"] == "Metropolis rapport annuel 2021" and row["publisher"] == like.publisher
    assert len(row["sha256"]) == 64 and list(row) == editions.COLUMNS
    # an id without a year keeps the nearest edition's year and language: the researcher reviews them
    assert (new_edition.new_row("draft", text, like)["year"], new_edition.new_row("draft", text, like)["language"]) == (
        "2020",
        "fr",
    )


@pytest.mark.parametrize(
    "edition, file, problem",
    [
        ("2021 fr", "exists", "is not an edition id"),
        ("", "exists", "is not an edition id"),
        ("2021-fr", "missing", "is not a file"),
        ("2020-fr", "exists", "already declared in metadata/editions.csv with another text"),
    ],
)
def test_register_refuses_a_bad_id_a_missing_file_and_a_taken_id(tmp_path, edition, file, problem):
    text = tmp_path / "rapport.txt"
    if file == "exists":
        text.write_text("another text\n", encoding="utf-8")
    with pytest.raises(new_edition.EditionIntakeError, match=problem):
        new_edition.register(text, edition)
