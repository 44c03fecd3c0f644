"""The layout files (metadata/layouts/) and metropolis_report.wording: every string the code matches in the
report's text is the layout's, and none is typed in src/."""

import ast
import csv
import re
import shutil

import pytest

from metropolis_report import config, editions, wording
from metropolis_report.extract import sections
from metropolis_report.extract.check import printed_word
from metropolis_report.extract.report import is_heading

SRC = config.PROJ_ROOT / "src" / "metropolis_report"
# Constants of src/ that occur in the report as a phrase and are nevertheless not its wording, with the reason.
EXEMPT = {
    " of the ": "glue of an English sentence of the audit's evidence (the report prints one English passage)",
    " in the ": "glue of an English sentence of the cross-checks (the report prints one English passage)",
    "of the ": "glue of an English sentence of the audit's findings (the report prints one English passage)",
    "</p>": "HTML written by the book's pages (the extractor removes the conversion's <p> by a pattern)",
}
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")  # the code's own (English) names of columns, tables and keys


def report_text() -> str:
    return editions.default().report_path.read_text(encoding="utf-8")


def wording_literals(source: str, text: str) -> list[tuple[int, str]]:
    """The string constants of a module (docstrings excepted) that the report prints as a phrase: at least four
    characters, bounded by non-word characters in the text, and not a bare lower-case identifier."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docstrings:
            continue
        phrase = node.value.strip()
        if len(phrase) < 4 or IDENTIFIER.fullmatch(phrase) or node.value in EXEMPT:
            continue
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
            found.append((node.lineno, node.value))
    return found


def test_no_string_of_the_report_is_typed_in_src():
    text = report_text()
    found = {}
    for path in SRC.rglob("*.py"):
        if hits := wording_literals(path.read_text(encoding="utf-8"), text):
            found[path.relative_to(SRC).as_posix()] = hits
    assert found == {}, f"move these strings to the layout (metadata/layouts/, docs/layouts.md): {found}"


def test_the_scan_finds_a_planted_literal_and_spares_docstrings_and_identifiers():
    text = report_text()
    planted = 'HEADER = "Paiement des cotisations 2020"\nKEY = "members"\n'
    source = '"""Paiement des cotisations 2020."""\n' + planted + 'if "Asie" in claim: pass\n'
    assert [s for _, s in wording_literals(source, text)] == ["Paiement des cotisations 2020", "Asie"]


def test_every_string_of_the_default_layout_is_in_the_report():
    text = report_text()
    lines = [line.strip() for line in text.splitlines()]
    layout = wording.of(editions.default())
    missing = [h.key for h in layout.sections.values() if not any(is_heading(line, h) for line in lines)]
    missing += [
        f"{h.raw_table}.{h.key}"
        for hs in layout.headers.values()
        for h in hs
        if h.kind == "printed" and h.printed not in text
    ]
    missing += [key for key, (word, in_text, _) in layout.words.items() if in_text and not printed_word(word, text)]
    assert missing == []
    # the number words are a vocabulary (not every one is printed), but each read one must be a word of the text
    assert any(re.search(rf"\b{w}\b", text, re.IGNORECASE) for w in layout.numbers)


def test_the_layout_reader_names_the_file_and_line_of_a_bad_row(tmp_path):
    folder = shutil.copytree(config.METADATA_DIR / "layouts" / "2020-fr", tmp_path / "broken")
    with open(folder / "sections.csv", "a", encoding="utf-8") as handle:
        handle.write("introduction,1. Introduction,exact,twice\n")
    rows = len((folder / "sections.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(wording.LayoutError, match=rf"broken/sections.csv line {rows}: the key 'introduction'"):
        wording.read(folder)


def _edit_csv(path, change):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(change(row) for row in rows)


def test_a_reworded_edition_is_read_by_an_edited_copy_of_the_layout_alone(tmp_path):
    text = report_text()
    lines = text.split("\n")
    # table 4.1: two member rows swapped (lines of the same table, so no other row moves)
    first = next(i for i, line in enumerate(lines) if line.startswith("| Abidjan"))
    second = next(i for i in range(first + 1, len(lines)) if lines[i].startswith("| ") and "Total" not in lines[i])
    lines[first], lines[second] = lines[second], lines[first]
    reworded = (
        "\n".join(lines)
        .replace("4.1. Engagement de nos membres", "4.1. L'engagement de nos membres")
        .replace("Paiement des cotisations 2020", "Paiement des cotisations 2021")
        .replace("| Nom du projet |", "| Projet |")
        .replace("(en date du 31 décembre 2020) :", "(en date du 31 décembre 2021) :")
    )
    folder = shutil.copytree(config.METADATA_DIR / "layouts" / "2020-fr", tmp_path / "2021-fr")
    _edit_csv(folder / "sections.csv", lambda r: [c.replace("Engagement de nos", "L'engagement de nos").replace(
        "décembre 2020", "décembre 2021") for c in r])  # fmt: skip
    _edit_csv(
        folder / "headers.csv",
        lambda r: [c.replace("cotisations 2020", "cotisations 2021").replace("Nom du projet", "Projet") for c in r],
    )
    with pytest.raises(Exception, match="sections.csv line"):
        sections.extract(reworded)  # the 2020 layout does not read it
    ours = {t.name: t for t in sections.extract(reworded, wording.read(folder))}
    theirs = {t.name: t for t in sections.extract(text)}
    assert ours.keys() == theirs.keys()
    renamed = {"Paiement des cotisations 2021": "Paiement des cotisations 2020", "Projet": "Nom du projet"}
    for name, table in theirs.items():
        assert [renamed.get(c, c) for c in ours[name].columns] == table.columns, name
        if name == "members_engagement":
            assert ours[name].rows != table.rows  # the swapped rows
            assert sorted(r[:-1] for r in ours[name].rows) == sorted(r[:-1] for r in table.rows)
        else:
            assert ours[name].rows == table.rows, name
    assert ours["members_engagement"].columns[2] == "Paiement des cotisations 2021"
