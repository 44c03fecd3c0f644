"""Unit tests of metropolis_report.publish.present."""

import pandas as pd

from metropolis_report import words
from metropolis_report.publish import present


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


def test_raw_rows_are_shown_as_their_cells_and_code_tables_keep_their_codes():
    df = pd.DataFrame({"row": ["Istanbul | Oui | 1 |  | 2019"], "column": ["pilot_projects"]})
    markup = html_of(present.table(df))
    assert " | " not in markup and markup.count('class="cell"') == 4 and 'class="cell empty"' in markup
    documented = html_of(present.table(df[["column"]], codes=True))  # the data dictionary shows the codes
    assert "<code>pilot_<wbr>projects</code>" in documented and "data-table codes" in documented


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


def test_printed_column_names_are_given_in_english_with_the_report_s_spelling_beside():
    french = next(k for k in words.raw_column_words() if " " in k)
    markup = html_of(present.table(pd.DataFrame({"a": [french], "b": ["x"]}), formats={"a": "fr"}))
    assert words.raw_column_words()[french] in markup and f'<span lang="fr">{french}' in markup


def test_ids_sort_by_the_numbers_inside_them():
    ids = pd.Series(["L2M10D1", "L2M2D1", "L1M1D2", "L2M1D10", "L2M1D2"])
    assert ids.sort_values(key=present.natural_key).tolist() == ["L1M1D2", "L2M1D2", "L2M1D10", "L2M2D1", "L2M10D1"]
