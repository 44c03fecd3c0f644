"""Presentation for readers: reader labels of codes, numbers, figure numbers across the book, the search
index, the citation and the reading order."""

import csv

import pandas as pd

from metropolis_report import config, present, publish, site


def html_of(table) -> str:
    return table.data


def test_codes_get_reader_labels_and_the_data_keeps_the_codes():
    df = pd.DataFrame({"status": ["not_derivable", "reproduced"], "cause": ["report_inconsistent", None]})
    markup = html_of(present.table(df))
    assert "not derivable" in markup and "the report disagrees with itself" in markup
    assert "not_derivable" not in markup and "report_inconsistent" not in markup
    assert df["status"].tolist() == ["not_derivable", "reproduced"]  # the frame is not changed


def test_a_code_without_a_label_is_left_as_it_is_and_a_known_code_gets_its_words_in_any_column():
    df = pd.DataFrame({"status": ["something_new"], "note": ["not_derivable"]})
    markup = html_of(present.table(df))
    assert "something_<wbr>new" in markup  # shown (breakable), not hidden or invented
    assert "not derivable" in markup and "not_" not in markup  # a known code, in a column the labels do not list


def test_codes_inside_sentences_get_their_words():
    text = present.readable(
        "members with a non-zero pilot_projects; named only in the pending project: bogota, quito "
        "[rule_sensitive: discrepancy under truncation]; see reading_values; eng_region_pair:africa-asia"
    )
    for code in ("pilot_projects", "bogota", "quito", "rule_sensitive", "reading_values", "eng_region_pair"):
        assert code not in text, (code, text)
    assert "Bogotá" in text or "Bogota" in text
    assert "regions compared: Africa vs Asia" in text
    assert present.readable("the region of each member") == "the region of each member"  # a word stays a word
    assert present.readable("1 reading(s), 2 reading(s)") == "1 reading, 2 readings"
    assert present.readable("entries of the annex list list_city_managers_members") == (
        "entries of the annex list 'city managers members'"
    )


def test_raw_rows_are_shown_as_their_cells_and_code_tables_keep_their_codes():
    df = pd.DataFrame({"row": ["Istanbul | Oui | 1 |  | 2019"], "column": ["pilot_projects"]})
    markup = html_of(present.table(df))
    assert " | " not in markup and markup.count('class="cell"') == 4 and 'class="cell empty"' in markup
    documented = html_of(present.table(df[["column"]], codes=True))  # the data dictionary shows the codes
    assert "<code>pilot_<wbr>projects</code>" in documented and "data-table codes" in documented


def test_printed_total_ids_are_shown_in_words():
    label = present.reader_label("claim_id", "4.1|Total membres|wmd_organiser")
    assert label.startswith("table 4.1, row Total membres: ") and "wmd_organiser" not in label


def test_reader_labels_are_one_label_per_code():
    with open(config.PROJ_ROOT / "metadata" / "reader_labels.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    keys = [(r["column"], r["code"]) for r in rows]
    assert len(keys) == len(set(keys)) and all(r["label"].strip() for r in rows)


def test_whole_numbers_print_as_integers():
    df = pd.DataFrame({"computed_value": [13.0, 76.5957, None], "count": [3.0, 4.0, 5.0]})
    markup = html_of(present.table(df))
    assert ">13<" in markup and ">76.60<" in markup and "13.00" not in markup
    assert ">3<" in markup and "3.0" not in markup
    assert present.number(76.5957) == "76.60" and present.number(141.0) == "141"
    assert present.fmt(18.0, "num2") == "18" and present.fmt(0.5, "num2") == "0.50"


def test_text_columns_are_left_and_number_columns_right():
    df = pd.DataFrame({"name": ["Téhéran", "Barcelone"], "printed": ["76 %", "1 225 075"], "n": [1, 2]})
    markup = html_of(present.table(df))
    assert markup.count('<td class="text"') == 2 and markup.count('<td class="num"') == 4


def test_figures_are_numbered_across_the_book_and_referenced_by_link():
    body = (
        "<p>As Figure 2 shows, and Figure 9 (not in this chapter) does not.</p>"
        '<figure class="chapter-figure" id="figure-1"><figcaption><strong>Figure 1.</strong> a</figcaption></figure>'
        '<figure class="chapter-figure" id="figure-2"><figcaption><strong>Figure 2.</strong> b</figcaption></figure>'
    )
    out = publish.number_figures(body, 3)
    assert 'id="figure-3-1"' in out and 'id="figure-3-2"' in out and 'id="figure-1"' not in out
    assert "<strong>Figure 3.1.</strong>" in out and "<strong>Figure 3.2.</strong>" in out
    assert '<a class="xref" href="#figure-3-2">Figure 3.2</a>' in out
    assert "Figure 9 (not" in out  # a number no figure of the chapter has is not linked


def test_the_book_reads_findings_first_then_how_the_data_was_made():
    titles = [title for title, _ in publish.parts()]
    assert titles[:2] == ["Findings", "How the data was made"]
    stems = [c.stem for c in publish.book()]
    assert sorted(stems) == sorted(c.stem for c in publish.chapters())
    first_making = next(i for i, s in enumerate(stems) if not s.startswith("3"))
    assert all(s.startswith("3") for s in stems[:first_making])
    assert not any(s.startswith("3") for s in stems[first_making:])
    order = [name for name, _ in publish.reading_order()]
    assert order[0] == "index.html" and order[-1] == "source.html"


def test_the_pager_leads_from_the_last_chapter_to_the_annotated_report():
    last = publish.book()[-1]
    assert 'href="source.html"' in publish.pager_html(last.html_name)
    assert 'rel="next"' not in publish.pager_html("source.html")


def test_the_search_index_keeps_case_and_accents_and_anchors_each_block(tmp_path):
    (tmp_path / "a.html").write_text(
        '<main><h2 id="sec">Section ¶</h2><p>Le 5e Golden Award de Téhéran.</p>'
        '<table><tr id="row-1"><td>Barcelone</td><td>2</td></tr></table>'
        '<details class="code-fold"><pre>hidden_code()</pre></details></main>',
        encoding="utf-8",
    )
    entries = site.search_index(tmp_path, [("a.html", "A")])
    texts = {e["text"]: e["anchor"] for e in entries}
    assert texts["Le 5e Golden Award de Téhéran."] == "sec"
    assert texts["Barcelone 2"] == "row-1"
    assert not any("hidden_code" in t for t in texts)


def test_the_citation_comes_from_citation_cff():
    import yaml

    cff = yaml.safe_load((config.PROJ_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cite = site.citation()
    assert cff["title"] in cite["text"] and str(cff["version"]) in cite["text"]
    assert cite["bibtex"].startswith("@software{") and cff["title"] in cite["bibtex"]


def test_members_beside_english_countries_are_named_in_english_with_the_report_spelling_kept():
    names = present.english_names()
    french = next(n for n, e in names.items() if n != e)
    same = next(n for n, e in names.items() if n == e)
    df = pd.DataFrame({"name": [french, same], "country": ["Spain", "Ghana"]})
    markup = html_of(present.table(df, headers={"name": "Member"}))
    assert f">{names[french]}<" in markup and f'<span lang="fr">{french}</span>' in markup
    assert "Name in the report (French)" in markup
    # a table of names without countries, or of names the registry does not know, is left as printed
    assert ">Name<" in html_of(present.table(pd.DataFrame({"name": [french]})))
    unknown = pd.DataFrame({"name": ["Somewhere"], "country": ["Spain"]})
    assert "Name in the report" not in html_of(present.table(unknown))


def test_a_legend_inside_a_single_plot_moves_outside_it():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.barh(["a", "b"], [3, 4], label="reproduced")
    ax.legend(loc="lower right")
    present._legends_outside(fig)
    fig.canvas.draw()
    legend_box = ax.get_legend().get_window_extent()
    assert legend_box.x0 >= ax.get_window_extent().x1  # right of the plot: it covers no bar
    plt.close(fig)


def test_a_claim_text_names_its_column_in_words():
    text = "table 4.1, row 'Total membres', column wmd_organiser"
    label = present.reader_label("claim_text", text)
    assert "wmd_organiser" not in label and label.startswith("table 4.1, row 'Total membres', column '")
    assert present.reader_label("claim_text", "Nous sommes 141") == "Nous sommes 141"  # report text unchanged


def test_numbers_read_as_numbers():
    from metropolis_report import findings

    assert findings.signed(0.0) == "0.00" and findings.signed(-0.001) == "0.00" and findings.signed(0.004) == "0.00"
    assert findings.signed(-2.236) == "-2.24" and findings.signed(0.49) == "+0.49"
    assert findings.points(-0.1) == "-10.0" and findings.points(0.0) == "0.0"
    assert present.plural(1, "item") == "1 item" and present.plural(3, "item") == "3 items"
    ids = pd.Series(["L2M10D1", "L2M2D1", "L1M1D2", "L2M1D10", "L2M1D2"])
    assert ids.sort_values(key=present.natural_key).tolist() == ["L1M1D2", "L2M1D2", "L2M1D10", "L2M2D1", "L2M10D1"]


def test_printed_column_names_are_given_in_english_with_the_report_s_spelling_beside():
    french = next(k for k in present.raw_column_words() if " " in k)
    markup = html_of(present.table(pd.DataFrame({"a": [french], "b": ["x"]}), formats={"a": "fr"}))
    assert present.raw_column_words()[french] in markup and f'<span lang="fr">{french}' in markup
