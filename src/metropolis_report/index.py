"""reports/index.html: the chapters in reading order with a one-line finding each, the data-quality
status and the provenance of the build (source checksum, commit, package versions, commit date)."""
from __future__ import annotations

import html
import json
import subprocess
from importlib import metadata

from . import SOURCE_CITATION, config
from .publish import chapters, load_findings, nav_html
from .schema import write_atomic
from .source import recorded_sha256

PACKAGES = ["pandas", "great_expectations", "papermill", "nbconvert", "seaborn", "matplotlib", "scipy",
            "statsmodels", "country_converter", "rapidfuzz"]


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=config.PROJ_ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def render() -> str:
    summary = None
    for name in ("validation_summary.json", "derived_validation_summary.json"):  # the gate, then the derived tables
        path = config.PROCESSED_DIR / name
        if path.exists():
            part = json.loads(path.read_text(encoding="utf-8"))
            if summary is None:
                summary = part
            else:
                summary = {"suites": summary["suites"] + part["suites"],
                           "expectations": summary["expectations"] + part["expectations"],
                           "passed": summary["passed"] + part["passed"],
                           "tables": {**summary["tables"], **part["tables"]}}
    items = []
    for chapter in chapters():
        finding = load_findings(chapter.stem).get("headline", "")
        items.append(f'<li><a href="{chapter.html_name}">{html.escape(chapter.title)}</a>'
                     + (f"<br><span class=\"finding\">{html.escape(finding)}</span>" if finding else "") + "</li>")
    if summary:
        quality = (f"All {summary['passed']} of {summary['expectations']} expectations in "
                   f"{summary['suites']} Great Expectations suites passed; "
                   f"{len(summary['tables'])} tables published to data/processed/.")
        if summary["passed"] != summary["expectations"]:
            quality = f"{summary['expectations'] - summary['passed']} expectations FAILED."
    else:
        quality = "No validation summary found."
    versions = "".join(f"<tr><td>{p}</td><td>{html.escape(_version(p))}</td></tr>" for p in PACKAGES)
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    commit = _git("rev-parse", "HEAD") + (" (with uncommitted changes)" if dirty and dirty != "unknown" else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Metropolis annual report 2020: data and evidence</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #1f2328; }}
li {{ margin: .6em 0; }} .finding {{ color: #57606a; }} table {{ border-collapse: collapse; }}
td {{ padding: 2px 10px; border-bottom: 1px solid #d0d7de; font-size: 13px; }}
.quality {{ background: #dafbe1; padding: .6em 1em; border-radius: 6px; }}
</style></head><body>
{nav_html("index", chapters())}
<h1>Metropolis annual report 2020: data and evidence</h1>
<p>Source: {html.escape(SOURCE_CITATION)}. Every table is extracted by code from the report text and
checked before any chapter uses it.</p>
<p class="quality"><strong>Data quality:</strong> {html.escape(quality)}</p>
<p>Reviewers: start with the <a href="{next((c.html_name for c in chapters() if "claims_audit" in c.stem), "index.html")}">claims
audit</a>, which lists every figure of the report that its own data does or does not support.</p>
<h2>Chapters</h2>
<ol>
{chr(10).join(items)}
</ol>
<h2>Provenance</h2>
<table>
<tr><td>source report SHA-256</td><td><code>{recorded_sha256()}</code></td></tr>
<tr><td>git commit</td><td><code>{html.escape(commit)}</code></td></tr>
<tr><td>build date (commit date)</td><td>{html.escape(_git("log", "-1", "--format=%cI"))}</td></tr>
{versions}
</table>
</body></html>
"""


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def main() -> int:
    path = config.REPORTS_DIR / "index.html"
    write_atomic(path, render(), keep_unchanged=False)
    print(f"[done]  index -> {path.relative_to(config.PROJ_ROOT) if path.is_relative_to(config.PROJ_ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
