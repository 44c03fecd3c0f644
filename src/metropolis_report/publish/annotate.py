"""reports/source.html: the report text itself, every line anchored, every audited figure marked in place.

Each line is an anchor (source.html#L577). Runs of table lines become tables. Each printed figure of the
claims catalogue, and each printed total of tables 4.1 and 4.2, carries its verdict as a symbol and a word
(readable without colour), the computed value and the cause on hover or keyboard focus, and a link to its
row in the claims-audit chapter; that row links back here.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from metropolis_report import config, editions, schema, storage
from metropolis_report.extract import figures, report, tables
from metropolis_report.publish.layout import SOURCE_HTML, page_bottom, page_top, toc_box
from metropolis_report.publish.present import anchor, number
from metropolis_report.transform.printed_figures import figure_spans, is_word_figure
from metropolis_report.words import reader_label

AUDIT_PAGE = "30_claims_audit.html"
_RULE = re.compile(r"^\s*<hr\s*/?>\s*$", re.I)


def symbols() -> dict[str, tuple[str, str]]:
    """Verdict code -> (mark, word), from metadata/verdicts.csv (the one definition of the verdicts)."""
    return {r["code"]: (r["mark"], r["word"]) for r in schema.rows("verdicts.csv")}


def verdict_styles() -> str:
    """One tinted background and underline per verdict, in the verdict's colour (metadata/verdicts.csv)."""
    return " ".join(
        f".verdict-{r['code']} {{ background: {r['colour']}22; border-bottom: 2px "
        f"{'dotted' if r['code'] == 'not_derivable' else 'solid'} {r['colour']}; }}"
        for r in schema.rows("verdicts.csv")
    )


# a numbered heading, or a line in capitals (the calendar's title, the infographics' headings)
_HEADING = re.compile(r"^(\d+\.(?:\s?[IVX]+\.|\d+\.)?\s|[A-ZÉ][A-ZÉ ,'’-]{12,}$)")


def _mark(text: str, row: dict) -> str:
    symbol, word = symbols()[row["status"]]
    computed = "" if pd.isna(row["computed_value"]) else f"computed {number(row['computed_value'])}"
    two = not pd.isna(row.get("computed_min")) and row["computed_min"] != row["computed_max"]
    if two and row["status"] == "under_definition":  # two definitions reproduce it: both values, never one
        computed = (
            f"computed {number(row['computed_min'])} or {number(row['computed_max'])} under two definitions "
            "the data cannot decide between"
        )
    elif two:
        computed += (
            f" (from {number(row['computed_min'])} to {number(row['computed_max'])} over the admissible readings)"
        )
    cause = "" if pd.isna(row.get("cause")) else f"cause: {reader_label('cause', row['cause'])}"
    detail = "; ".join(x for x in (word, computed, cause) if x)
    return (  # one tooltip: the .tip shown on hover and focus (no title attribute beside it)
        f'<a class="verdict verdict-{row["status"]}" id="claim-{anchor(row["claim_id"])}" '
        f'href="{AUDIT_PAGE}#audit-{anchor(row["claim_id"])}">'
        f'<span class="sym" aria-hidden="true">{symbol}</span>{html.escape(text)}'
        f'<span class="tip">{html.escape(detail)}</span></a>'
    )


def _spans(text: str, rows: list[dict]) -> dict[tuple[int, int], dict]:
    """Where each audited figure of ``rows`` (in catalogue order) stands in ``text``: the k-th figure in digits
    at the k-th figure in digits of the text, the k-th written out in words at the k-th word figure."""
    digits = [r for r in rows if not is_word_figure(r["printed_value"])]
    words = [r for r in rows if is_word_figure(r["printed_value"])]
    out = dict(zip(figure_spans(text), digits))
    out.update(zip([(a, b) for a, b, _, _ in figures.word_figures(text)], words))
    return out


def _marked_line(line: str, marks: dict[tuple[int, int], dict]) -> str:
    """The line escaped, with each audited figure marked at its place."""
    out, last = [], 0
    for (start, end), row in sorted(marks.items()):
        out += [html.escape(line[last:start]), _mark(line[start:end], row)]
        last = end
    out.append(html.escape(line[last:]))
    return "".join(out)


def render(report_text: str, audit: pd.DataFrame, claims: pd.DataFrame, totals: pd.DataFrame) -> str:
    lines = report_text.split("\n")
    rows = audit.set_index("claim_id").to_dict("index")
    by_line: dict[int, list[dict]] = {}
    for line_no, group in claims.groupby("source_line", sort=False):
        for claim_id, printed, text in zip(group["claim_id"], group["printed_value"], group["claim_text"]):
            row = {"claim_id": claim_id, **rows[claim_id], "printed_value": printed, "claim_text": text}
            by_line.setdefault(int(line_no), []).append(row)  # catalogue order = reading order on the line
    cell_marks: dict[int, dict[int, dict]] = {}
    for t in totals.dropna(subset=["value"]).itertuples():
        raw_table = {"4.1": "members_engagement", "4.2": "members_web_mentions"}[t.table]
        raw_column = schema.column("members", t.column).raw_column
        position = tables.raw_columns()[raw_table].index(raw_column)
        cell_marks.setdefault(int(t.source_line), {})[position] = {"claim_id": t.total_id, **rows[t.total_id]}

    body, i = [], 0
    while i < len(lines):
        n = i + 1
        line = lines[i]
        if line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append((i + 1, lines[i]))
                i += 1
            body.append(_table(block, cell_marks, by_line))
            continue
        text = report.clean_cell(line)
        content = _marked_line(text, _spans(text, by_line.get(n, []))) if text else ""
        tag = "h2" if text and _HEADING.match(text) and len(text) < 90 else "p"
        body.append(
            f'<{tag} class="l" id="L{n}"><a class="ln" href="#L{n}" aria-label="line {n}">{n}</a>'
            f'<span class="t">{content}</span></{tag}>'
        )
        i += 1
    sections = report_sections(lines)
    contents = "".join(f'<li><a href="#L{n}">{html.escape(t)}</a></li>' for n, t in sections)
    toc = toc_box("Sections of the report", f'<ul lang="fr">{contents}</ul>', lang="en")
    counts = audit["status"].value_counts()
    legend = " ".join(
        f'<span class="verdict verdict-{code}"><span class="sym" aria-hidden="true">{mark}</span>'
        f"{word} ({counts.get(code, 0)})</span>"
        for code, (mark, word) in symbols().items()
    )
    top = page_top(SOURCE_HTML, skip_to="report-text", lang="en").replace("<!--page-toc-->", toc)
    return PAGE.format(
        body="\n".join(body),
        legend=legend,
        citation=html.escape(editions.current().citation),
        language=html.escape(editions.current().language),
        title=html.escape(editions.current().title),
        verdict_styles=verdict_styles(),
        top=top,
        bottom=page_bottom(SOURCE_HTML, lang="en"),
    )


def report_sections(lines: list[str]) -> list[tuple[int, str]]:
    """The report's sections as its own index lists them (its first table: number and title), each with the
    first line after that index where the section starts: (line number, title)."""
    index, i = [], 0
    while i < len(lines) and not lines[i].startswith("|"):
        i += 1
    while i < len(lines) and lines[i].startswith("|"):
        first = report.clean_cell(lines[i].strip("|").split("|")[0])
        if re.match(r"^\d+\.(?:[IVX]+\.|\d+\.)?\s", first):
            index.append(first)
        i += 1
    found, start = [], i
    texts = [report.clean_cell(line) for line in lines]
    for title in index:
        number, rest = title.split(" ", 1)
        words = " ".join(rest.split()[:3]).rstrip(".")
        # the section number as printed (sometimes with a space: "5. IV."), else its first words alone
        n = next((k for k in range(start, len(texts)) if texts[k].replace(" ", "").startswith(number)), None)
        if n is None:
            n = next((k for k in range(start, len(texts)) if texts[k].startswith(words) and len(texts[k]) < 90), None)
        if n is not None:
            found.append((n + 1, title))
            start = n + 1
    return found


_NUMBER_CELL = re.compile(r"^[-+−]?[\d,.\u00a0\u202f ]*\d(?: ?%| €)?$")


def _table(block: list[tuple[int, str]], cell_marks, by_line) -> str:
    out = ['<div class="table-scroll" tabindex="0"><table class="source-table">']
    for n, line in block:
        if report.SEPARATOR.match(line.strip()):
            out.append(
                f'<tr class="sep" id="L{n}"><td colspan="99"><a class="ln" href="#L{n}" aria-label="line {n}">{n}</a></td></tr>'
            )
            continue
        cells = report.split_row(line, n)
        marks = cell_marks.get(n, {})
        tds = []
        for k, cell in enumerate(cells):
            if _RULE.match(cell):  # a rule the conversion wrote as markup: drawn, not shown as text
                tds.append('<td class="rule"><hr></td>')
                continue
            in_cell = [r for r in by_line.get(n, []) if r["claim_text"] == cell]  # a figure of the cell's text
            content = _mark(cell, marks[k]) if k in marks else _marked_line(cell, _spans(cell, in_cell))
            num = ' class="num"' if _NUMBER_CELL.match(cell.strip()) else ""  # numbers right-aligned
            tds.append(f"<td{num}>{content}</td>")
        out.append(
            f'<tr id="L{n}"><td class="ln-cell"><a class="ln" href="#L{n}" aria-label="line {n}">{n}</a></td>{"".join(tds)}</tr>'
        )
    out.append("</table></div>")
    return "".join(out)


PAGE = """<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><title>The annotated report: {title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="site.css">
<style>
main#report-text {{ font-family: Georgia, serif; line-height: 1.45; }}
.l {{ margin: 0; font-size: 15px; font-weight: normal; max-width: 32em; overflow-wrap: anywhere; }}
h2.l {{ font-size: 18px; font-weight: bold; margin-top: .8em; }}
.ln {{ display: inline-block; width: 3.2em; color: var(--muted); font-family: sans-serif; font-size: 11px; text-decoration: none; }}
table.source-table {{ border-collapse: collapse; font-size: 12px; font-family: sans-serif; margin: 6px 0; }}
table.source-table td {{ border: 1px solid var(--border); padding: 2px 5px; vertical-align: top; }}
table.source-table td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
table.source-table td.rule hr {{ border: 0; border-top: 1px solid var(--border); margin: 4px 0; }}
tr.sep td {{ border: none; padding: 0; }}
.verdict {{ position: relative; }}
.verdict .tip {{ display: none; position: absolute; left: 0; top: 1.5em; z-index: 5; background: #1f2328; color: #fff;
  font-family: sans-serif; font-size: 12px; padding: 3px 6px; border-radius: 4px; white-space: normal; width: max-content;
  max-width: min(22em, 80vw); }}
.verdict:hover .tip, .verdict:focus .tip {{ display: block; }}
.intro {{ font-family: sans-serif; font-size: 14px; }}
{verdict_styles}
</style></head><body>
{top}
<main id="report-text">
<h1 lang="en">The annotated report</h1>
<div class="intro" lang="en"><p>The text of the report as the project reads it (a conversion of the PDF), line by line. Every
figure the claims audit checks is marked with its verdict: {legend}. The verdicts are defined in the claims audit
("How to read a verdict"). Hover or focus a mark for the computed value (and its range where the readings of the
text conversion differ) and the cause; follow it to its row in the claims audit. Source: {citation}. The report is Metropolis's
publication, included unchanged for research and verification; its text carries no licence notice, and the project
claims none for it.</p></div>
{body}
{bottom}
</body></html>
"""


def main() -> int:
    from metropolis_report.storage import write_atomic

    processed = config.PROCESSED_DIR
    text = editions.current().report_path.read_text(encoding="utf-8")
    page = render(
        text,
        storage.read("claims_audit", processed),
        storage.read("claims", processed),
        storage.read("printed_totals", processed),
    )
    write_atomic(config.REPORTS_DIR / SOURCE_HTML, page, keep_unchanged=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
