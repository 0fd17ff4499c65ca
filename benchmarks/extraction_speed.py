"""Extraction speed: throughput on one core and on both, and linearity in line length.

    .venv/bin/python benchmarks/extraction_speed.py              # 300 synthetic plans + the real corpus
    .venv/bin/python benchmarks/extraction_speed.py --docs 100   # smaller
    .venv/bin/python benchmarks/extraction_speed.py --baseline PATH/TO/extract.py  # side by side with an
                                                                 # earlier extractor module, in one run

Reports MB/s (UTF-8 bytes of raw text per second; CPU seconds for one process, wall seconds for both
cores) with the 1-minute load before each figure, and for linearity the time for the same text written
as lines and as one line (its newlines replaced by 。) at three sizes, up to 2 million characters, the two
forms alternating (median of --runs): the one-line time must grow like the size, and be no worse than
the text in lines.  Also one process on the plans with web-page noise (a ? in every line).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import synth  # noqa: E402

from compare.cache import extract_many  # noqa: E402
from compare.extract import extract_document  # noqa: E402


def load1() -> float:
    return round(os.getloadavg()[0], 2)


def cpu_time(fn, text: str, runs: int) -> float:
    """Median CPU seconds of fn(text, "x")."""
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn(text, "x")
        times.append(time.process_time() - t0)
    return statistics.median(times)


def with_noise(line: str, rng: random.Random) -> str:
    """`line` with one character replaced by ? when it has 20 or more."""
    if len(line) < 20:
        return line
    k = rng.randrange(len(line))
    return line[:k] + "?" + line[k + 1 :]


def real_corpus() -> str:
    return "".join(p.read_bytes().decode("utf-8-sig") for p in sorted((HERE.parent / "data" / "raw").glob("*.txt")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--baseline", type=Path, help="an earlier extractor module (a file defining extract_text)")
    args = ap.parse_args()
    extract_document("到2025年，用水总量控制在1亿立方米以内。", "warm-up")

    plans = synth.generate(args.docs, seed=1)
    texts = {p.document_id: p.text for p in plans}
    mb = sum(len(t.encode()) for t in texts.values()) / 1e6
    joined = "\n".join(texts.values())
    load = load1()
    one = cpu_time(extract_document, joined, args.runs)
    print(f"one process, {args.docs} synthetic plans ({mb:.2f} MB): {mb / one:.2f} MB/s  [load {load}]")
    load = load1()
    walls = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        extract_many(texts, use_cache=False)
        walls.append(time.perf_counter() - t0)
    print(f"both cores (extract_many), same plans: {mb / statistics.median(walls):.2f} MB/s  [load {load}]")

    real = real_corpus() * 4
    rmb = len(real.encode()) / 1e6
    load = load1()
    t_new = cpu_time(extract_document, real, args.runs)
    print(f"one process, real corpus ×4 ({rmb:.2f} MB): {rmb / t_new:.2f} MB/s  [load {load}]")
    # Web-page noise: one character of every line of 20 or more replaced by ? (aliases with a lost
    # character are then looked for around each mark).
    noisy = "\n".join(with_noise(line, random.Random(k)) for k, line in enumerate(joined.split("\n")))
    load = load1()
    t_noisy = cpu_time(extract_document, noisy, args.runs)
    print(f"one process, same plans with a ? in every line: {mb / t_noisy:.2f} MB/s  [load {load}]")
    if args.baseline:
        spec = importlib.util.spec_from_file_location("baseline_extract", args.baseline)
        base = importlib.util.module_from_spec(spec)
        sys.modules["baseline_extract"] = base
        spec.loader.exec_module(base)
        base.extract_text("到2025年，用水总量控制在1亿立方米以内。", "warm-up")
        rows = []
        for _ in range(args.runs):  # interleaved, so both see the same load
            rows.append((cpu_time(base.extract_text, real, 1), cpu_time(extract_document, real, 1)))
        b, n = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
        print(f"side by side on the real corpus ×4: baseline {rmb / b:.2f} MB/s, this {rmb / n:.2f} MB/s, "
              f"ratio {n / b:.2f}× the baseline's time  [load {load1()}]")

    print("linearity (CPU s): text in lines vs the same text as one line (alternating, median of --runs)")
    for k in (4, 16, 43):  # ×43: about 2 million characters
        text = real_corpus() * k
        line = text.replace("\n", "。")
        pairs = [(cpu_time(extract_document, text, 1), cpu_time(extract_document, line, 1)) if i % 2 == 0
                 else tuple(reversed((cpu_time(extract_document, line, 1), cpu_time(extract_document, text, 1))))
                 for i in range(args.runs)]
        t_lines, t_line = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
        ratios = [b / a for a, b in pairs]
        print(f"  {len(text):>9,} characters: lines {t_lines:.2f} s, one line {t_line:.2f} s "
              f"({t_line / t_lines:.2f}×; runs {min(ratios):.2f}–{max(ratios):.2f}×)  [load {load1()}]")

    print("linearity (CPU s): a long run of lines that each carry on the one before (bullets, lines ending in ；)")
    for n in (4000, 16000):
        bullets = "2022年，各项控制目标全面完成。\n" + "●全省用水总量41.3亿立方米；\n" * n
        print(f"  {n:>6,} lines: {cpu_time(extract_document, bullets, 1):.2f} s  [load {load1()}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
