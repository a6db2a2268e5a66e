"""Size and load time of the `extract review` page for a 1,000-article dataset.

The dataset is the real output of `extract run` (rules engine) on the generated corpus of
bench_run.py, so the page holds realistic record and evidence counts. The page is loaded
in Debian's headless Chromium (scripts/setup-browser.sh) from file://, timing:

- load: navigation start until the first article is rendered with its highlights;
- switch: clicking another article in the list until its highlights are shown;
- filter: typing into the statements table filter until the rows are redrawn.

    python benchmarks/bench_review.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_run import make_corpus

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dataset", type=Path, help="Reuse a dataset folder instead of running extract.")
    options = parser.parse_args()
    extract = str(Path(sys.executable).with_name("extract"))
    from playwright.sync_api import sync_playwright

    from extractor import render_review

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dataset = options.dataset or work / "ds"
        if options.dataset is None:
            make_corpus(work / "corpus.jsonl", options.articles)
            subprocess.run([extract, "run", str(work / "corpus.jsonl"), "--out", str(dataset)], check=True,
                           capture_output=True)  # fmt: skip
        began = time.perf_counter()
        page_file = render_review(dataset, out=work / "review.html")
        render_s = time.perf_counter() - began
        loads, switches, filters = [], [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for _ in range(options.repeat):
                page = browser.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                began = time.perf_counter()
                page.goto(page_file.as_uri())
                page.wait_for_selector("#article-text[data-article]", state="attached")
                loads.append(time.perf_counter() - began)
                articles = page.locator("#article-list li").count()
                target = page.locator("#article-list li").nth(articles // 2)
                began = time.perf_counter()
                target.click()
                page.wait_for_function(
                    "i => document.querySelector('#article-list li.current')?.dataset.index === i",
                    arg=str(articles // 2),
                )
                switches.append(time.perf_counter() - began)
                if errors:
                    raise SystemExit(f"page errors: {errors}")
                page.locator("#views button", has_text="Statements").click()
                began = time.perf_counter()
                page.fill("#table-filter", "putin")
                page.wait_for_selector("#record-table tbody tr")
                filters.append(time.perf_counter() - began)
                page.close()
            browser.close()
        counts = page_file.read_text(encoding="utf-8").count('"article_id"')
        size_mb = page_file.stat().st_size / 1e6
    print(f"articles: {articles}")
    print(f"evidence passages: {counts}")
    print(f"file size: {size_mb:.2f} MB")
    print(f"render_review: {render_s:.2f} s")
    print(f"browser load to first article (median of {options.repeat}): {statistics.median(loads):.2f} s")
    print(f"switch article (median): {1000 * statistics.median(switches):.0f} ms")
    print(f"table filter (median): {1000 * statistics.median(filters):.0f} ms")


if __name__ == "__main__":
    main()
