"""reports/index.html: the key findings (a few sentences and one figure), the chapters in reading order
with a one-line finding each, the data-quality status, downloads and the provenance of the build (source
checksum, commit, package versions, commit date, version). Also writes what every page shares: the site
assets, the annotated report (source.html), the downloads and the search index."""

from __future__ import annotations

import html
import subprocess
from importlib import metadata
from pathlib import Path

from metropolis_report import __version__, config, editions, schema, storage
from metropolis_report.publish import annotate, site
from metropolis_report.publish.layout import (
    PDF_NAME,
    SOURCE_HTML,
    SOURCE_PAGE,
    book,
    book_title,
    chapter_number,
    chapters,
    non_default,
    page_bottom,
    page_top,
    parts,
    table_of_contents,
)
from metropolis_report.storage import write_atomic

PACKAGES = [
    "pandas",
    "great_expectations",
    "papermill",
    "nbconvert",
    "seaborn",
    "matplotlib",
    "scipy",
    "statsmodels",
    "country_converter",
    "rapidfuzz",
]


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=config.PROJ_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _findings():
    path = config.PROCESSED_DIR / "findings.csv"
    return storage.read("findings", config.PROCESSED_DIR) if path.exists() else None


def headline(findings, stem: str) -> str:
    """A chapter's one-line finding: its first key finding (the same row its own key findings box opens with)."""
    if findings is None:
        return ""
    rows = findings[(findings["chapter"] == stem) & findings["key_finding"]].sort_values("order", kind="stable")
    return "" if rows.empty else str(rows.iloc[0]["sentence"])


def _chapter_groups(findings) -> tuple[list[str], dict[str, str]]:
    """The chapters by part, each with its headline finding, and the chapters built with non-default
    parameters (title -> the values)."""
    changed = {}
    groups = []
    for title, group in parts():
        items = []
        for chapter in group:
            finding = headline(findings, chapter.stem)
            changed[chapter.title] = non_default(chapter.stem)
            items.append(
                f'<li value="{chapter_number(chapter.stem)}"><a href="{chapter.html_name}">{html.escape(chapter.title)}</a>'
                + (f'<br><span class="finding">{html.escape(finding)}</span>' if finding else "")
                + (
                    f'<br><span class="non-default-parameters">Built with non-default parameters: '
                    f"{changed[chapter.title]}.</span>"
                    if changed[chapter.title]
                    else ""
                )
                + "</li>"
            )
        groups.append(f"<h3>{html.escape(title)}</h3>\n<ol>\n" + "\n".join(items) + "\n</ol>")
    return groups, {title: text for title, text in changed.items() if text}


def _parameters_note(changed: dict[str, str]) -> str:
    if not changed:
        return ""
    return (
        '<p class="non-default-parameters" role="note"><strong>Not the default build:</strong> '
        + "; ".join(f"{html.escape(title)} was built with {text}" for title, text in changed.items())
        + ". Their figures may differ from those of the default build (<code>make report</code>).</p>"
    )


def _pdf_link() -> str:
    return (
        '<span class="pdf-download">'
        + (
            f'<a href="{PDF_NAME}" download>the whole book as a PDF</a>'
            if (config.REPORTS_DIR / PDF_NAME).exists()
            else "the whole book as a PDF (not printed for this build of the site)"
        )
        + "</span>"
    )


def render() -> str:
    findings = _findings()
    groups, changed = _chapter_groups(findings)
    parameters_note = _parameters_note(changed)
    parameters_row = "; ".join(f"{html.escape(t)}: {v}" for t, v in changed.items()) or "the defaults (make params)"
    cite = site.citation()
    pdf_link = _pdf_link()
    quality = headline(findings, "index") or "No validation summary found."
    versions = "".join(f'<tr><th scope="row">{p}</th><td>{html.escape(_version(p))}</td></tr>' for p in PACKAGES)
    key_findings, figure = _key_findings(findings)
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    commit = _git("rev-parse", "HEAD") + (" (with uncommitted changes)" if dirty and dirty != "unknown" else "")
    audit_page = next((c.html_name for c in chapters() if "claims_audit" in c.stem), "index.html")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(book_title())}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="site.css">
<style>
main li {{ margin: .6em 0; }} .finding {{ color: var(--muted); }}
main table.provenance {{ border-collapse: collapse; }}
main table.provenance td, main table.provenance th {{ padding: 2px 10px; border-bottom: 1px solid var(--border);
  font-size: 13px; text-align: left; overflow-wrap: anywhere; }}
main table.provenance th {{ white-space: nowrap; overflow-wrap: normal; }}
.quality {{ background: var(--callout); padding: .6em 1em; border-radius: 6px; max-width: var(--measure); }}
.key {{ font-size: 16px; line-height: 1.5; }}
main {{ font-family: system-ui, sans-serif; line-height: 1.45; }}
</style></head><body>
{page_top("index.html")}
<main id="main-content">
<h1 id="top">{html.escape(book_title())}</h1>
{parameters_note}<p>Source: {html.escape(editions.current().citation)}. Every table is extracted by code from the report text and
checked before any chapter uses it.</p>
<section aria-labelledby="key-findings" class="key-findings"><h2 id="key-findings">Key findings</h2>
<div class="key">{key_findings}</div></section>
{figure}
<p class="quality"><strong>Data quality:</strong> {html.escape(quality)}</p>
<p>Reviewers: start with the <a href="{audit_page}">claims audit</a>, which lists every figure of the report
that its own data does or does not support, or read <a href="{SOURCE_HTML}">the annotated report</a>, the report
text with each checked figure marked in place.</p>
<h2 id="chapters">Chapters</h2>
{chr(10).join(groups)}
<h3>The source</h3>
<ul><li><a href="{SOURCE_HTML}">The annotated report</a><br><span class="finding">The report text, every line anchored,
every audited figure marked with its verdict.</span></li></ul>
<h2 id="downloads">Downloads</h2>
<ul class="download-list">
<li>{pdf_link}</li>
<li><a href="data/{site.TABLES_ZIP}" download>all processed tables (.zip of CSV files with their data package)</a></li>
<li>the processed tables as a <a href="data/datapackage.json" download>Frictionless Data Package</a> (CSV files with
their schema, units, keys and sources)</li>
<li>each chapter's executed notebook (linked at the top of the chapter; opens in JupyterLab)</li>
<li><a href="LICENSE.txt" download="LICENSE.txt">LICENSE</a> (MIT, the project's code and derived tables) and
<a href="CITATION.cff" download>CITATION.cff</a></li>
</ul>
<h2 id="cite">Cite this</h2>
<div class="cite-this callout">
<p>{html.escape(cite["message"])}</p>
<p>{html.escape(cite["text"])}</p>
<pre>{html.escape(cite["bibtex"])}</pre>
<p>And the source: {html.escape(editions.current().citation)}.</p>
</div>
<h2 id="status">Status of the report and licence</h2>
<p>{html.escape(site.REPORT_STATUS)}</p>
<h2 id="provenance">Provenance</h2>
<div class="table-scroll" tabindex="0"><table class="provenance">
<tr><th scope="row">project version</th><td>{html.escape(__version__)}</td></tr>
<tr><th scope="row">source report SHA-256</th><td><code>{editions.current().sha256}</code></td></tr>\n<tr><th scope="row">edition</th><td>{html.escape(editions.current().edition)}: {html.escape(editions.current().report_file)}</td></tr>
<tr><th scope="row">git commit</th><td><code>{html.escape(commit)}</code></td></tr>
<tr><th scope="row">parameters</th><td>{parameters_row}</td></tr>
<tr><th scope="row">build date (commit date)</th><td>{html.escape(_git("log", "-1", "--format=%cI"))}</td></tr>
{versions}
</table></div>
{page_bottom("index.html")}
</body></html>
"""


def _key_findings(findings) -> tuple[str, str]:
    """The first key finding of each findings chapter, and one figure: the audit's verdicts."""
    sentences = [headline(findings, c.stem) for c in chapters() if c.stem.startswith("3")]
    sentences = "".join(f"<p>{html.escape(s)}</p>" for s in sentences if s)
    path = config.PROCESSED_DIR / "claims_audit.csv"
    if not path.exists():
        return sentences, ""
    audit = storage.read("claims_audit", config.PROCESSED_DIR)
    counts = audit["status"].value_counts()
    verdicts = schema.rows("verdicts.csv")  # the one definition of the verdicts: code, mark, word, colour
    order = [(r["code"], r["colour"], r["word"]) for r in verdicts]
    marks = {r["code"]: r["mark"] for r in verdicts}
    total = int(counts.sum())
    x, bars, labels = 0.0, [], []
    for status, colour, word in order:
        n = int(counts.get(status, 0))
        width = 560 * n / total
        bars.append(
            f'<rect x="{x:.1f}" y="10" width="{width:.1f}" height="34" fill="{colour}"><title>{n} {word}</title></rect>'
        )
        # the legend is text of the page under the bar (legible at any width, not scaled with the drawing):
        # a square of the colour, the mark, the count in words
        labels.append(
            f'<li><span class="swatch" style="background: {colour}" aria-hidden="true"></span>'
            f'<span class="sym" aria-hidden="true">{marks[status]}</span> {n} {html.escape(word)}</li>'
        )
        x += width
    alt = f"Of {total} printed figures: " + ", ".join(f"{int(counts.get(c, 0))} {w}" for c, _, w in order) + "."
    figure = (
        f'<figure class="chapter-figure"><svg role="img" aria-label="{html.escape(alt)}" width="580" height="50" '
        f'style="width: 100%; max-width: 580px; height: auto" viewBox="0 0 580 50">{"".join(bars)}</svg>'
        f'<ul class="audit-legend">{"".join(labels)}</ul>'
        "<figcaption><strong>The audit at a glance.</strong> "
        f"The printed figures of the report by audit verdict (n = {total}; the figures of the introduction, "
        f"sections 2–2.4, the action plan, the notes of tables 4.1 and 4.2, the calendar summary and the "
        f"infographics page, in digits or in words, and the printed totals of tables 4.1 and 4.2). Source: "
        f"{html.escape(editions.current().citation)}; computed by the claims audit.</figcaption></figure>"
    )
    return sentences, figure


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def write_index() -> Path:
    path = config.REPORTS_DIR / "index.html"
    write_atomic(path, table_of_contents(render()), keep_unchanged=False)
    return path


def main() -> int:
    from metropolis_report.publish.run import recorded_reads

    with recorded_reads("index"):
        path = build()
    print(f"[done]  index -> {path.relative_to(config.PROJ_ROOT) if path.is_relative_to(config.PROJ_ROOT) else path}")
    return 0


def build() -> Path:
    """Everything the index step writes; the path of the index page."""
    reports = config.REPORTS_DIR
    site.copy_assets(reports)
    site.copy_notebooks(reports)
    site.copy_project_files(reports)
    site.write_datapackage(reports, config.PROCESSED_DIR)
    site.write_tables_zip(reports)
    annotate.main()
    path = write_index()
    # the index page itself is not indexed: its provenance changes with every commit; its findings are the chapters'
    site.write_search_index(reports, [(c.html_name, c.title) for c in book()] + [SOURCE_PAGE])
    return path


if __name__ == "__main__":
    raise SystemExit(main())
