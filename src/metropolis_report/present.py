"""Tables and figures made for reading, used by every chapter.

- ``table``: no index column, headers in words, counts as integers with thousands separators, shares as
  percentages, a missing value as "–" with its reason in the caption, every ``source_line`` a link to that
  line of the annotated report (source.html#L577); long tables folded and filterable, headers sticky.
- ``figure``: a numbered figure with a caption (what it shows, source, n) and alt text written from its
  data, embedded as PNG (no external file, works offline).
"""

from __future__ import annotations

import base64
import html
import io
import math
import re

import pandas as pd

SOURCE_PAGE = "source.html"
# Okabe-Ito: one colour-blind-safe palette for every chapter (blue, orange, bluish green, vermillion, sky
# blue, reddish purple, yellow, grey)
PALETTE = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#cc79a7", "#f0e442", "#8c8c8c"]
MISSING = "–"
LONG_TABLE = 25  # rows; longer tables are folded and get a filter box


def source_link(line) -> str:
    if line is None or (isinstance(line, float) and math.isnan(line)) or line is pd.NA:
        return MISSING
    n = int(line)
    return f'<a href="{SOURCE_PAGE}#L{n}" title="line {n} of the report">{n:,}</a>'


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
    if kind in ("pct0", "pct1"):  # a share in [0, 1]
        return f"{float(value):.{kind[-1]}%}".replace("%", " %")
    if kind in ("percent0", "percent1"):  # a value already in percent
        return f"{float(value):,.{kind[-1]}f} %"
    if kind in ("num1", "num2", "num3"):
        return f"{float(value):,.{kind[-1]}f}"
    if kind == "bool":
        return "yes" if bool(value) else "no"
    if kind == "fr":
        return f'<span lang="fr">{html.escape(str(value))}</span>'
    if kind == "with_lines":  # text (e.g. offending rows) whose source lines become links
        return re.sub(
            r"(source_line(?:&quot;|&#x27;|\W){1,4})(\d+)",
            lambda m: m.group(1) + source_link(m.group(2)),
            html.escape(str(value)),
        )
    return html.escape(str(value))


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


def header(name: str) -> str:
    words = str(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


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
):
    """An HTML table for reading (returns an IPython HTML object; ``display`` it or leave it last in a cell).

    headers: column -> words; formats: column -> kind (see ``fmt``); missing: why a cell can be "–";
    fold: summary text of a folded table (None: folded only when long); row_id: (column, prefix) whose value
    anchors each row; row_link: (column, page, prefix) to link that cell to page#<prefix><anchor of the value>.
    """
    from IPython.display import HTML

    headers, formats = headers or {}, formats or {}
    frame = df.reset_index(drop=True)
    kinds = {c: formats.get(c, default_kind(frame[c])) for c in frame.columns}
    long = len(frame) > LONG_TABLE
    filterable = long if filterable is None else filterable
    numeric = {
        c
        for c, k in kinds.items()
        if k in ("int", "pct0", "pct1", "percent0", "percent1", "num1", "num2", "num3", "line")
    }
    head = "".join(
        f'<th scope="col"{" class=num" if c in numeric else ""}>{html.escape(headers.get(c, header(c)))}</th>'
        for c in frame.columns
    )
    body = []
    for record in frame.to_dict("records"):
        cells = []
        for c in frame.columns:
            text = fmt(record[c], kinds[c])
            if row_link and c == row_link[0] and not _missing(record[c]):
                text = f'<a href="{row_link[1]}#{row_link[2]}{anchor(record[c])}">{text}</a>'
            cells.append(f"<td{' class=num' if c in numeric else ''}>{text}</td>")
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
    markup = (
        f'<div class="data-table{" long" if long else ""}">{filter_box}<div class="table-scroll" tabindex="0">'
        f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div></div>"
    )
    if fold is not None or long:
        summary = fold or f"Show the table ({len(frame):,} rows)"
        markup = f'<details class="table-fold"><summary>{html.escape(summary)}</summary>{markup}</details>'
    return HTML(markup)


def figure(fig, number: int, caption: str, alt: str):
    """A numbered, captioned figure with alt text, embedded as PNG (the figure is closed)."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return HTML(
        f'<figure class="chapter-figure" id="figure-{number}"><img src="data:image/png;base64,{data}" '
        f'alt="{html.escape(alt)}"><figcaption><strong>Figure {number}.</strong> {html.escape(caption)}'
        f"</figcaption></figure>"
    )


def french(text) -> str:
    """Report text quoted in English prose: marked as French for screen readers and escaped."""
    return f'<span lang="fr">{html.escape(str(text), quote=False)}</span>'


def listing(items) -> str:
    """'a, b and c'."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "none"
