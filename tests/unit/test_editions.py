"""Unit tests of metropolis_report.editions: the editions declared in metadata/editions.csv."""

import pytest

from metropolis_report import config, editions, schema


def test_the_default_edition_is_the_2020_french_report_and_its_checksum_is_the_texts():
    default = editions.default()
    assert (default.edition, default.year, default.language, default.layout) == ("2020-fr", 2020, "fr", "2020-fr")
    assert default.report_path == config.RAW_DIR / "metropolis_annual_report_2020_fr.txt"
    assert default.raw_dir == config.RAW_DIR  # its tables sit beside its text
    from metropolis_report.extract.source import sha256_of

    assert sha256_of(default.report_path) == default.sha256
    assert default.citation == (
        "Metropolis – World Association of the Major Metropolises, « Metropolis rapport annuel 2020 », annual report "
        "covering 2020 (French edition; no date of publication is printed)"
    )
    # the source has its own BibTeX entry, with its year, the basis of that year and its language
    assert default.bibtex.startswith("@misc{metropolis_source_2020_fr,")
    assert "year     = {2020}" in default.bibtex and "language = {fr}" in default.bibtex
    assert "the year is the year covered" in default.bibtex
    assert default.book_title == "Metropolis annual report 2020: data and evidence"


def test_an_unknown_edition_names_the_known_ones(monkeypatch):
    with pytest.raises(editions.EditionError) as refused:
        editions.get("2031-xx")
    message = str(refused.value)
    assert (
        "'2031-xx' is not declared" in message and "2020-fr (Metropolis rapport annuel 2020, 2020, French)" in message
    )
    monkeypatch.setenv(editions.ENV, "1999-zz")  # the environment's edition is checked the same way
    with pytest.raises(editions.EditionError, match="'1999-zz' is not declared"):
        editions.current()


def test_use_makes_an_edition_the_processs(monkeypatch):
    monkeypatch.delenv(editions.ENV, raising=False)
    assert editions.use(None).edition == "2020-fr"
    assert editions.current().edition == "2020-fr"
    with pytest.raises(editions.EditionError):
        editions.use("nope")


def _declare(tmp_path, monkeypatch, text: str, rows: str = "edition,table,rows\n"):
    folder = tmp_path / "metadata"
    folder.mkdir(parents=True)
    (folder / "editions.csv").write_text(text, encoding="utf-8")
    (folder / "edition_rows.csv").write_text(rows, encoding="utf-8")
    real = schema.metadata_file
    monkeypatch.setattr(
        schema, "metadata_file", lambda name: folder / name if name.startswith("edition") else real(name)
    )


ROW = "2020-fr,a.txt,{sha},2020,fr,Metropolis rapport annuel 2020,Metropolis,2020-fr\n"
HEADER = ",".join(editions.COLUMNS) + "\n"


def test_a_second_edition_takes_its_reviewed_row_counts_from_edition_rows(tmp_path, monkeypatch):
    other = "2021-fr,2021-fr/b.txt,abc,2021,fr,Metropolis rapport annuel 2021,Metropolis,2021-fr\n"
    _declare(
        tmp_path, monkeypatch, HEADER + ROW.format(sha="0" * 64) + other, "edition,table,rows\n2021-fr,members,144\n"
    )
    assert editions.get("2021-fr").raw_dir == config.RAW_DIR / "2021-fr"
    assert editions.reviewed_rows(editions.get("2021-fr"))["members"] == 144
    assert editions.reviewed_rows(editions.get("2020-fr"))["members"] == schema.table("members").rows
    # a count for a table without a reviewed count is refused
    _declare(
        tmp_path / "x",
        monkeypatch,
        HEADER + ROW.format(sha="0" * 64) + other,
        "edition,table,rows\n2021-fr,events_x,9\n",
    )
    with pytest.raises(editions.EditionError, match="has no reviewed row count"):
        editions.reviewed_rows(editions.get("2021-fr"))


@pytest.mark.parametrize(
    "text, problem",
    [
        (HEADER + ROW.replace("2020,fr", "twenty,fr").format(sha="0"), "is not a whole number"),
        (HEADER + ROW.replace("a.txt", "").format(sha="0"), "empty: report_file"),
        (HEADER + ROW.replace("a.txt", "a b.txt").format(sha="0"), "may not contain blanks"),
        (HEADER + ROW.format(sha="0") + ROW.format(sha="1"), "each once"),
        ("edition,report_file\n", "has the columns"),
    ],
)
def test_a_malformed_declaration_is_refused_naming_the_problem(tmp_path, monkeypatch, text, problem):
    _declare(tmp_path, monkeypatch, text)
    with pytest.raises(editions.EditionError, match=problem):
        editions.declared()
