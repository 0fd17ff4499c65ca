"""Chart export: the whole catalogue as PNG, batched through one browser vs one `write_image` per figure.

    .venv/bin/python benchmarks/export_benchmark.py [--formats png] [--langs zh,en] [--tabs 1,4] [--repeat 1]

Needs the published tables (`python -m compare build`), Chromium and a CJK font.  Prints a Markdown
table for docs/performance.md ("Chart export").  Each one-by-one `plotly.io.write_image` starts its
own browser; the batched runs start one (kaleido's sync server), with 1 or more tabs.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import plotly.io as pio

from compare import catalogue, export
from compare.tables import load_all


def build_figures(langs: list[str]) -> list[tuple[str, object]]:
    """(name, figure) for every figure of the catalogue in every language."""
    tables = load_all()
    return [(f"{lang}_{job.name}", catalogue.build(job, tables, lang)[0])
            for lang in langs for job in catalogue.jobs(tables)]


def batched(figs, out: Path, fmt: str, tabs: int) -> float:
    """Seconds to write every figure through one browser session."""
    jobs = [(fig, out / f"{export.slugify(name)}.{fmt}") for name, fig in figs]
    start = time.perf_counter()
    export.write_static(jobs, tabs=tabs)
    return time.perf_counter() - start


def one_by_one(figs, out: Path, fmt: str) -> float:
    """Seconds to write every figure with its own `plotly.io.write_image` call (a browser each)."""
    start = time.perf_counter()
    for name, fig in figs:
        pio.write_image(fig, out / f"{export.slugify(name)}.{fmt}", width=fig.layout.width,
                        height=fig.layout.height, scale=export.PNG_SCALE if fmt == "png" else 1)
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--formats", default="png")
    p.add_argument("--langs", default="zh,en")
    p.add_argument("--tabs", default="1,4", help="tab counts for the batched runs")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--skip-one-by-one", action="store_true")
    args = p.parse_args()

    browser = export.check_static_export()
    t0 = time.perf_counter()
    figs = build_figures(args.langs.split(","))
    build_s = time.perf_counter() - t0
    rows = []
    for fmt in args.formats.split(","):
        for _ in range(args.repeat):
            for tabs in (int(t) for t in args.tabs.split(",")):
                with tempfile.TemporaryDirectory() as d:
                    rows.append((fmt, f"batched, one browser, {tabs} tab(s)", batched(figs, Path(d), fmt, tabs)))
            if not args.skip_one_by_one:
                with tempfile.TemporaryDirectory() as d:
                    rows.append((fmt, "one write_image per figure", one_by_one(figs, Path(d), fmt)))

    print(f"{len(figs)} figures ({args.langs}); building them took {build_s:.1f} s; "
          f"browser {browser}; {platform.platform()}; {os.cpu_count()} CPUs\n")
    print("| format | method | seconds | s / figure |")
    print("|---|---|---:|---:|")
    for fmt, method, secs in rows:
        print(f"| {fmt} | {method} | {secs:.1f} | {secs / len(figs):.2f} |")
    base = {fmt: s for fmt, m, s in rows if m.startswith("one")}
    for fmt, method, secs in rows:
        if fmt in base and not method.startswith("one"):
            print(f"\n{fmt}, {method}: {base[fmt] / secs:.1f}× faster than one write_image per figure", end="")
    print()


if __name__ == "__main__":
    main()
