"""Tables and figures made for reading, used by every chapter.

- ``table``: no index column, headers in words, counts as integers with thousands separators, shares as
  percentages, a missing value as "–" with its reason in the caption, every ``source_line`` a link to that
  line of the annotated report (source.html#L577); long tables folded and filterable, headers sticky.
- ``figure``: a numbered figure with a caption (what it shows, source, n) and alt text written from its
  data, embedded as PNG drawn at twice its shown size (sharp on screens and in print; no external file,
  works offline); a click opens it enlarged. Figure numbers are made unique across the book when the
  chapter is rendered (``publish.number_figures``).
- reader labels: a code of the data shown to a reader (``not_derivable``, ``report_inconsistent``) is
  replaced by its words from ``metadata/reader_labels.csv`` (column, code, label) in every table, for the
  columns that file lists; the data keep the codes.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import math
import re

import pandas as pd

from metropolis_report import wording
from metropolis_report.publish.layout import SOURCE_HTML
from metropolis_report.words import header, raw_column_words, readable, reader_label, reader_labels, registry_members

# Okabe-Ito: one colour-blind-safe palette for every chapter (blue, orange, bluish green, vermillion, sky
# blue, reddish purple, yellow, grey)
PALETTE = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#cc79a7", "#f0e442", "#8c8c8c"]
MISSING = "–"
LONG_TABLE = 25  # rows; longer tables are folded and get a filter box
WIDE_TABLE = 7  # columns; wider tables (or tables of long text) are printed on a landscape page ...
SHORT_TABLE = 10  # rows; ... unless this short and at most WIDE_TABLE + 2 columns wide: a landscape page for a few
# rows would leave the portrait page before it near empty (the table wraps on the portrait page instead)
FIGURE_SCALE = 2  # figures are drawn at twice the pixels they are shown at
_NUMBER = r"[-+−]?[\d,.\u00a0\u202f ]*\d(?: ?%)?"


@functools.cache
def _printed_number() -> re.Pattern:
    """A number as printed ("76 %", "1 225 075 €", a figure after one of the layout's qualifiers), a range
    ("91–141") or an interval ("-5.6 to -0.4 points"): a column of these is aligned as numbers."""
    qualifiers = "|".join(re.escape(q) + " ?" for q in wording.current().qualifiers())
    return re.compile(rf"^(?:p ?[=<>] ?|{qualifiers})?{_NUMBER}(?:(?: ?[–-] ?| to ){_NUMBER})?(?: (?:points|€))?$")


NUMERIC_KINDS = ("int", "pct0", "pct1", "percent0", "percent1", "num1", "num2", "num3", "line")


def natural_key(values: pd.Series) -> pd.Series:
    """A sort key that reads numbers inside ids as numbers (L2M2 before L2M10): for ``sort_values(key=...)``."""
    return values.astype(str).map(lambda v: re.sub(r"\d+", lambda m: m.group(0).zfill(9), v))


def cell_list(text: str) -> str | None:
    """A raw row of the report ('Istanbul | Oui | 1 |  | 2019') as its cells, each in a box, an empty cell
    said so; None when the text is not such a row."""
    if not isinstance(text, str) or text.count(" | ") < 3 or "\n" in text:
        return None
    cells = text.split(" | ")
    items = "".join(
        f'<span class="cell" role="listitem">{html.escape(c.strip())}</span>'
        if c.strip()
        else '<span class="cell empty" role="listitem">empty</span>'
        for c in cells
    )
    return f'<span class="cells" role="list" aria-label="the cells of the row as printed">{items}</span>'


@functools.lru_cache(maxsize=1)
def english_names() -> dict[str, str]:
    """The report's (French) spelling of each member -> its English name, from the curated registry."""
    return {row["name"]: row["name_en"] for row in registry_members() if row["name"] and row["name_en"]}


def one_language(frame: pd.DataFrame, headers: dict) -> tuple[pd.DataFrame, dict]:
    """A table of members beside their (English) countries names them in English too; the report's own
    spelling stays in a column beside it wherever it differs."""
    if "name" not in frame.columns or "country" not in frame.columns:
        return frame, headers
    names = english_names()
    printed = frame["name"]
    if not len(printed) or not all(isinstance(v, str) and v in names for v in printed):
        return frame, headers
    english = printed.map(names)
    frame = frame.copy()
    frame["name"] = english
    if (english != printed).any():
        frame.insert(frame.columns.get_loc("name") + 1, "name_printed", printed)
        headers = {**headers, "name_printed": "Name in the report (French)"}
    return frame, headers


def number(value) -> str:
    """A number as a reader sees it everywhere: whole numbers as integers, others with two decimals."""
    v = float(value)
    return f"{int(round(v)):,}" if v.is_integer() else f"{v:,.2f}"


def source_link(line) -> str:
    if line is None or (isinstance(line, float) and math.isnan(line)) or line is pd.NA:
        return MISSING
    n = int(line)
    return f'<a href="{SOURCE_HTML}#L{n}" title="line {n} of the report">{n}</a>'


def anchor(value: str) -> str:
    """An HTML id from a key (claim ids contain '|', '.' and spaces)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", str(value))


def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt(value, kind: str) -> str:
    """One cell as text, escaped (except links made here)."""
    if _missing(value) or (isinstance(value, str) and value == ""):
        return MISSING
    if kind == "line":
        return source_link(value)
    if kind == "int":
        return f"{int(round(float(value))):,}"
    if kind == "text" and isinstance(value, float) and value.is_integer():  # 13.0 in a text column: 13
        return f"{int(value):,}"
    if kind in ("pct0", "pct1"):  # a share in [0, 1]
        return f"{float(value):.{kind[-1]}%}".replace("%", " %")
    if kind in ("percent0", "percent1"):  # a value already in percent
        return f"{float(value):,.{kind[-1]}f} %"
    if kind in ("num1", "num2", "num3"):
        v = float(value)
        return f"{int(v):,}" if v.is_integer() else f"{v:,.{kind[-1]}f}"
    if kind == "bool":
        return "yes" if bool(value) else "no"
    if kind in ("text", "fr") and cell_list(str(value)):
        listed = cell_list(str(value))
        return f'<span lang="fr">{listed}</span>' if kind == "fr" else listed
    if kind == "fr" and str(value) in raw_column_words():  # a printed column name: its English words first
        return f'{html.escape(raw_column_words()[str(value)])} (<span lang="fr">{html.escape(str(value))}</span>)'
    if kind == "fr":
        return f'<span lang="fr">{breakable(html.escape(str(value)))}</span>'
    if kind == "with_lines":  # text (e.g. offending rows) whose source lines become links
        return re.sub(
            r"(source_line(?:&quot;|&#x27;|\W){1,4})(\d+)",
            lambda m: m.group(1) + source_link(m.group(2)),
            html.escape(str(value)),
        )
    return breakable(html.escape(str(value)))


def breakable(text: str) -> str:
    """Long identifiers (list_gender_mainstreaming_members, count|percent|eur) may break after _ and |."""
    return re.sub(r"(?<=[\w)][_|])(?=[\w(])", "<wbr>", text) if ("_" in text or "|" in text) else text


def default_kind(series: pd.Series) -> str:
    name = str(series.name)
    if name == "source_line" or name.startswith("source_line"):
        return "line"
    dtype = str(series.dtype).lower()
    if "bool" in dtype:
        return "bool"
    if "int" in dtype:
        return "int"
    if "float" in dtype:
        values = series.dropna()
        if len(values) and (values == values.round()).all():
            return "int"
        return "num2"
    return "text"


def table(
    df: pd.DataFrame,
    headers: dict | None = None,
    formats: dict | None = None,
    caption: str = "",
    missing: str = "",
    fold: str | None = None,
    filterable: bool | None = None,
    row_id: tuple[str, str] | None = None,
    row_link: tuple[str, str, str] | None = None,
    codes: bool = False,
    group: str | None = None,
):
    """An HTML table for reading (returns an IPython HTML object; ``display`` it or leave it last in a cell).

    headers: column -> words; formats: column -> kind (see ``fmt``); missing: why a cell can be "–";
    fold: summary text of a folded table (None: folded only when long); row_id: (column, prefix) whose value
    anchors each row; row_link: (column, page, prefix) to link that cell to page#<prefix><anchor of the value>;
    codes: the table documents the codes of the data (the data dictionary, the validation results), so its cells
    show them as they are (in code type); other tables show every code of a text cell in words (``readable``).
    group: a column whose value is said once, in a row of its own above its rows (e.g. the question of a Holm
    family), instead of in a column repeating it on every row.
    """
    from IPython.display import HTML

    headers, formats = headers or {}, formats or {}
    frame, headers = one_language(df.reset_index(drop=True), headers)
    groups = frame.pop(group).tolist() if group else None
    if "name_printed" in frame.columns:
        formats = {**formats, "name_printed": "fr"}
    kinds = {c: formats.get(c, default_kind(frame[c])) for c in frame.columns}
    long = len(frame) > LONG_TABLE
    filterable = long if filterable is None else filterable
    numeric = _numeric_columns(frame, kinds)
    labels = reader_labels()
    labelled = {
        c
        for c in frame.columns
        if kinds[c] in ("text", "fr") and (c in labels or c in ("claim_id", "total_id", "claim_text"))
    }
    head = "".join(
        f'<th scope="col" class="{"num" if c in numeric else "text"}">{html.escape(headers.get(c, header(c)))}</th>'
        for c in frame.columns
    )
    body = []
    widest = 0
    for i, record in enumerate(frame.to_dict("records")):
        if groups is not None and (i == 0 or groups[i] != groups[i - 1]):
            title = html.escape(f"{headers.get(group, header(group))}: {groups[i]}")
            body.append(f'<tr class="group-row"><th scope="colgroup" colspan="{len(frame.columns)}">{title}</th></tr>')
        cells = []
        for c in frame.columns:
            text = _cell_text(c, record[c], kinds[c], c in labelled, codes, row_link)
            label = html.escape(headers.get(c, header(c)), quote=True)
            # an interval ("-35.3 to +44.7 points") may wrap at its words, a single number never does
            kind = ("num range" if " to " in str(text) else "num") if c in numeric else "text"
            cells.append(f'<td class="{kind}" data-label="{label}">{text}</td>')
        widest = max(widest, sum(min(len(str(v)), 60) for v in record.values()))
        rid = f' id="{row_id[1]}{anchor(record[row_id[0]])}"' if row_id else ""
        body.append(f"<tr{rid}>{''.join(cells)}</tr>")
    notes = []
    if caption:
        notes.append(html.escape(caption))
    if missing and any(fmt(v, kinds[c]) == MISSING for c in frame.columns for v in frame[c]):
        notes.append(f"{MISSING} : {html.escape(missing)}")
    cap = f"<caption>{' '.join(notes)}</caption>" if notes else ""
    filter_box = ""
    if filterable:
        filter_box = (
            '<label class="table-filter">Filter rows: <input type="search" data-filter-table '
            'placeholder="type to filter" aria-label="Filter the rows of this table"></label>'
        )
    wide = len(frame.columns) >= WIDE_TABLE or widest > 160
    if len(frame) <= SHORT_TABLE and len(frame.columns) <= WIDE_TABLE + 2:
        wide = False
    classes = (
        "data-table"
        + (" codes" if codes else "")
        + (" long" if long else "")
        + (" wide" if wide else "")
        + (" stack" if len(frame.columns) >= 3 else "")
    )
    markup = (
        f'<div class="{classes}">{filter_box}<div class="table-scroll" tabindex="0">'
        f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div></div>"
    )
    if fold is not None or long:
        # a summary of the table's own is printed above it in the PDF; the default one is only a toggle
        summary = (
            html.escape(fold) if fold else f'<span class="fold-toggle">Show the table ({len(frame):,} rows)</span>'
        )
        markup = f'<details class="table-fold"><summary>{summary}</summary>{markup}</details>'
    return HTML(markup)


def _numeric_columns(frame: pd.DataFrame, kinds: dict[str, str]) -> set[str]:
    """The columns aligned as numbers: numeric kinds, and text columns that hold only numbers as printed
    ("76 %", "1 225 075")."""
    numeric = {c for c, k in kinds.items() if k in NUMERIC_KINDS}
    for c, k in kinds.items():
        values = [str(v).strip() for v in frame[c] if not _missing(v) and str(v).strip()]
        if k in ("text", "fr") and values and all(_printed_number().match(v) for v in values):
            numeric.add(c)
    return numeric


def _cell_text(column: str, value, kind: str, labelled: bool, codes: bool, row_link) -> str:
    """The markup of one cell: a code in reader words (or in code type, in a table of codes), formatted by its
    kind, linked when it is the column of ``row_link``."""
    original = value
    if labelled and not _missing(value):
        value = reader_label(column, value)
    elif not codes and kind in ("text", "fr") and isinstance(value, str):
        value = readable(value)
    text = fmt(value, kind)
    if codes and kind == "text" and not _missing(value) and text != MISSING:
        text = f"<code>{text}</code>" if re.fullmatch(r"[\w.:|*<>=-]+", str(value)) else text
    if row_link and column == row_link[0] and not _missing(original):
        text = f'<a href="{row_link[1]}#{row_link[2]}{anchor(original)}">{text}</a>'
    return text


def _legends_outside(fig) -> None:
    """A legend never covers the data: in a figure of one plot, a legend placed inside the plot goes to its right."""
    axes = [ax for ax in fig.get_axes() if ax.get_visible()]
    if len(axes) != 1 or axes[0].get_legend() is None:
        return
    legend = axes[0].get_legend()
    if legend._bbox_to_anchor is not None:  # placed by hand (outside or at a chosen spot): kept
        return
    handles = getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", [])
    labels = [t.get_text() for t in legend.get_texts()]
    if handles and len(handles) == len(labels):
        title = legend.get_title().get_text() or None
        axes[0].legend(handles, labels, title=title, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


def figure(fig, number: int, caption: str, alt: str):
    """A numbered, captioned figure with alt text, embedded as PNG at twice its shown size (the figure is closed).
    The number is the figure's number in its chapter; the book numbers it when the chapter is rendered."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML

    _legends_outside(fig)
    buffer = io.BytesIO()
    dpi = 100
    fig.savefig(buffer, format="png", dpi=dpi * FIGURE_SCALE, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    png = buffer.getvalue()
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # the IHDR chunk
    data = base64.b64encode(png).decode("ascii")
    return HTML(
        f'<figure class="chapter-figure" id="figure-{number}"><img src="data:image/png;base64,{data}" '
        f'width="{width // FIGURE_SCALE}" height="{height // FIGURE_SCALE}" data-scale="{FIGURE_SCALE}" '
        f'alt="{html.escape(alt)}"><figcaption><strong>Figure {number}.</strong> {html.escape(caption)} '
        f'<span class="zoom-hint">(Select the figure to enlarge it.)</span></figcaption></figure>'
    )
