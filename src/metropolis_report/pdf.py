"""`make pdf`: every chapter and the index in one PDF, printed by headless Chromium (print stylesheet:
code, navigation and search hidden; figures and tables kept)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import config
from .publish import chapters


def combined_html(reports: Path) -> str:
    """One HTML document: the index's main part, then each chapter's, each starting on a new page."""
    parts = []
    for name in ["index.html"] + [c.html_name for c in chapters()]:
        page = (reports / name).read_text(encoding="utf-8")
        head = page[: page.find("<body")] if not parts else ""
        main = re.search(r"<main\b.*?</main>", page, flags=re.S)
        body = main.group(0) if main else page
        if not parts:
            parts.append(head + "<body>")
        parts.append(f'<section style="break-before: page">{body}</section>')
    # folded tables are printed open (a closed <details> is not rendered, whatever the stylesheet says)
    return (
        "\n".join(parts).replace('<details class="table-fold">', '<details class="table-fold" open>')
        + "\n</body></html>\n"
    )


def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("make pdf needs Debian's chromium: run `make browser` (as root) or `apt-get install chromium`.")


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else config.REPORTS_DIR / "metropolis_report_2020.pdf"
    reports = config.REPORTS_DIR
    with tempfile.TemporaryDirectory() as tmp:
        page = reports / ".print.htm"  # beside the chapters, so that site.css resolves (not a page of the site)
        page.write_text(combined_html(reports), encoding="utf-8")
        out = Path(tmp) / "out.pdf"
        try:
            subprocess.run(
                [
                    browser(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    f"--user-data-dir={tmp}/profile",
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={out}",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
        finally:
            page.unlink(missing_ok=True)
        if not out.exists() or out.stat().st_size == 0:
            print("ERROR: Chromium wrote no PDF", file=sys.stderr)
            return 1
        shutil.move(str(out), target)
    print(f"[done]  pdf -> {target} ({target.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
