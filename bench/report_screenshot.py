"""Open the HTML report in headless Chromium and take a screenshot of the whole page, to look
at what a reviewer sees; prints the page's size and how long the browser took.

    python bench/report_screenshot.py [--report prg-report] [--height 14000]

Writes ``<report>/report.png`` next to ``<report>/report.html`` (run ``./dev verify`` first).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=Path("prg-report"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=14000)
    args = parser.parse_args()
    page = args.report / "report.html"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("bench: needs Debian's chromium (./dev test installs it)")
    if not page.exists():
        sys.exit(f"bench: no {page}: run ./dev verify first")
    shot = args.report / "report.png"
    start = time.perf_counter()
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                           "--hide-scrollbars", f"--window-size={args.width},{args.height}",
                           f"--screenshot={shot.resolve()}", page.resolve().as_uri()],
                          capture_output=True, text=True, timeout=300, check=False)
    seconds = time.perf_counter() - start
    if not shot.exists():
        sys.exit(f"bench: chromium wrote no screenshot: {done.stderr.strip()[-500:]}")
    print(f"page             {page} ({page.stat().st_size / 1024:,.0f} KiB)")
    print(f"screenshot       {shot} ({args.width}x{args.height}) in {seconds:.2f} s")


if __name__ == "__main__":
    main()
