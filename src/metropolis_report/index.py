"""reports/index.html: the key findings (a few sentences and one figure), the chapters in reading order
with a one-line finding each, the data-quality status, downloads and the provenance of the build (source
checksum, commit, package versions, commit date, version). Also writes what every page shares: the site
assets, the annotated report (source.html), the downloads and the search index."""

from __future__ import annotations

import html
import subprocess
from importlib import metadata

from . import SOURCE_CITATION, __version__, annotate, config, schema, site
from .publish import SEARCH_HTML, chapters, nav_html, non_default
from .schema import write_atomic
from .source import recorded_sha256

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
    return schema.read("findings", config.PROCESSED_DIR) if path.exists() else None


def headline(findings, stem: str) -> str:
    """A chapter's one-line finding: its first key finding (the same row its own key findings box opens with)."""
    if findings is None:
        return ""
    rows = findings[(findings["chapter"] == stem) & findings["key_finding"]].sort_values("order", kind="stable")
    return "" if rows.empty else str(rows.iloc[0]["sentence"])


def render() -> str:
    findings = _findings()
    items, changed = [], {}
    for chapter in chapters():
        finding = headline(findings, chapter.stem)
        changed[chapter.title] = non_default(chapter.stem)
        items.append(
            f'<li><a href="{chapter.html_name}">{html.escape(chapter.title)}</a>'
            + (f'<br><span class="finding">{html.escape(finding)}</span>' if finding else "")
            + (
                f'<br><span class="non-default-parameters">Built with non-default parameters: '
                f"{changed[chapter.title]}.</span>"
                if changed[chapter.title]
                else ""
            )
            + "</li>"
        )
    changed = {title: text for title, text in changed.items() if text}
    parameters_note = (
        '<p class="non-default-parameters" role="note"><strong>Not the default build:</strong> '
        + "; ".join(f"{html.escape(title)} was built with {text}" for title, text in changed.items())
        + ". Their figures may differ from those of the default build (<code>make report</code>).</p>"
        if changed
        else ""
    )
    parameters_row = "; ".join(f"{html.escape(t)}: {v}" for t, v in changed.items()) or "the defaults (make params)"
    quality = headline(findings, "index") or "No validation summary found."
    versions = "".join(f'<tr><th scope="row">{p}</th><td>{html.escape(_version(p))}</td></tr>' for p in PACKAGES)
    key_findings, figure = _key_findings(findings)
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    commit = _git("rev-parse", "HEAD") + (" (with uncommitted changes)" if dirty and dirty != "unknown" else "")
    audit_page = next((c.html_name for c in chapters() if "claims_audit" in c.stem), "index.html")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Metropolis annual report 2020: data and evidence</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="site.css">
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 0 auto; padding: 0 1em 2em; color: #1f2328; }}
li {{ margin: .6em 0; }} .finding {{ color: #4a4f55; }} table {{ border-collapse: collapse; }}
td, th {{ padding: 2px 10px; border-bottom: 1px solid #d0d7de; font-size: 13px; text-align: left; }}
.quality {{ background: #e3f1fa; padding: .6em 1em; border-radius: 6px; }}
.key {{ font-size: 16px; line-height: 1.5; }}
</style></head><body>
<a class="skip-link" href="#main-content">Skip to the content</a>
<header class="site-header">
{nav_html("index", chapters())}
{SEARCH_HTML}
</header>
<main id="main-content">
<h1>Metropolis annual report 2020: data and evidence</h1>
{parameters_note}<p>Source: {html.escape(SOURCE_CITATION)}. Every table is extracted by code from the report text and
checked before any chapter uses it.</p>
<h2>Key findings</h2>
<div class="key">{key_findings}</div>
{figure}
<p class="quality"><strong>Data quality:</strong> {html.escape(quality)}</p>
<p>Reviewers: start with the <a href="{audit_page}">claims audit</a>, which lists every figure of the report
that its own data does or does not support, or read <a href="source.html">the annotated report</a>, the report
text with each checked figure marked in place.</p>
<h2>Chapters</h2>
<ol>
{chr(10).join(items)}
<li><a href="source.html">The annotated report</a><br><span class="finding">The report text, every line anchored,
every audited figure marked with its verdict.</span></li>
</ol>
<h2>Downloads</h2>
<p>The processed tables as a <a href="data/datapackage.json">Frictionless Data Package</a> (CSV files with their
schema, units, keys and sources), and each chapter's executed notebook (linked at the top of the chapter).
A PDF of all chapters is made by <code>make pdf</code> (reports/metropolis_report_2020.pdf).</p>
<h2>Status of the report and licence</h2>
<p>{html.escape(site.REPORT_STATUS)}</p>
<h2>Provenance</h2>
<table>
<tr><th scope="row">project version</th><td>{html.escape(__version__)}</td></tr>
<tr><th scope="row">source report SHA-256</th><td><code>{recorded_sha256()}</code></td></tr>
<tr><th scope="row">git commit</th><td><code>{html.escape(commit)}</code></td></tr>
<tr><th scope="row">parameters</th><td>{parameters_row}</td></tr>
<tr><th scope="row">build date (commit date)</th><td>{html.escape(_git("log", "-1", "--format=%cI"))}</td></tr>
{versions}
</table>
</main>
<script src="search_index.js"></script>
<script src="site.js"></script>
</body></html>
"""


def _key_findings(findings) -> tuple[str, str]:
    """The first key finding of each findings chapter, and one figure: the audit's verdicts."""
    sentences = [headline(findings, c.stem) for c in chapters() if c.stem.startswith("3")]
    sentences = "".join(f"<p>{html.escape(s)}</p>" for s in sentences if s)
    path = config.PROCESSED_DIR / "claims_audit.csv"
    if not path.exists():
        return sentences, ""
    audit = schema.read("claims_audit", config.PROCESSED_DIR)
    counts = audit["status"].value_counts()
    verdicts = schema.rows("verdicts.csv")  # the one definition of the verdicts: code, mark, word, colour
    order = [(r["code"], r["colour"], r["word"]) for r in verdicts]
    marks = {r["code"]: r["mark"] for r in verdicts}
    total = int(counts.sum())
    x, bars, labels = 0.0, [], []
    for i, (status, colour, word) in enumerate(order):
        n = int(counts.get(status, 0))
        width = 560 * n / total
        bars.append(
            f'<rect x="{x:.1f}" y="10" width="{width:.1f}" height="34" fill="{colour}"><title>{n} {word}</title></rect>'
        )
        # a legend under the bar, three rows of two: a square of the colour and the count in words
        lx, ly = (i % 2) * 290, 54 + (i // 2) * 18
        labels.append(
            f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"></rect>'
            f'<text x="{lx + 17}" y="{ly + 11}" font-size="13" fill="#1f2328">{marks[status]} {n} {word}</text>'
        )
        x += width
    alt = f"Of {total} printed figures: " + ", ".join(f"{int(counts.get(c, 0))} {w}" for c, _, w in order) + "."
    figure = (
        f'<figure class="chapter-figure"><svg role="img" aria-label="{html.escape(alt)}" width="580" height="110" '
        f'viewBox="0 0 580 110">{"".join(bars)}{"".join(labels)}</svg><figcaption><strong>Figure 1.</strong> '
        f"The printed figures of the report by audit verdict (n = {total}; the figures of the introduction, "
        f"sections 2–2.4, the action plan, the notes of tables 4.1 and 4.2, the calendar summary and the "
        f"infographics page, in digits or in words, and the printed totals of tables 4.1 and 4.2). Source: "
        f"{html.escape(SOURCE_CITATION)}; computed by the claims audit.</figcaption></figure>"
    )
    return sentences, figure


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def main() -> int:
    reports = config.REPORTS_DIR
    site.copy_assets(reports)
    site.copy_notebooks(reports)
    site.write_datapackage(reports, config.PROCESSED_DIR)
    annotate.main()
    path = reports / "index.html"
    write_atomic(path, render(), keep_unchanged=False)
    # the index page itself is not indexed: its provenance changes with every commit; its findings are the chapters'
    site.write_search_index(
        reports, [(c.html_name, c.title) for c in chapters()] + [("source.html", "The annotated report")]
    )
    print(f"[done]  index -> {path.relative_to(config.PROJ_ROOT) if path.is_relative_to(config.PROJ_ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
