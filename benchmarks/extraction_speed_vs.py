"""Extraction speed of this checkout against another source tree, side by side in one run.

    .venv/bin/python benchmarks/extraction_speed_vs.py OTHER_SRC [--rounds 3] [--docs 60]

OTHER_SRC is the `src` folder of another checkout (e.g. `git archive <commit> src | tar -x -C /tmp/old`).
Each round extracts the same synthetic plans and the real corpus once with each tree, in separate
processes, alternating, so both see the same machine load; the report is CPU seconds (median) and
the ratio of this tree's time to the other's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2])
import synth
from compare.extract import extract_text
texts = [p.text for p in synth.generate(int(sys.argv[3]), seed=1)]
real = open(sys.argv[4], encoding="utf-8").read()
extract_text(texts[0], "warm-up")  # one-time work (word automata built on first use) is no throughput
extract_text(real, "warm-up")
t = time.process_time()
for i, text in enumerate(texts):
    extract_text(text, f"s{i}")
synthetic = time.process_time() - t
t = time.process_time()
extract_text(real, "real")
print(json.dumps({"synthetic": synthetic, "real": time.process_time() - t,
                  "mb": (sum(len(x.encode()) for x in texts) + len(real.encode())) / 1e6}))
"""


def run(src: str, docs: int, real: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, src, str(HERE), str(docs), str(real)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other_src")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=int, default=60)
    args = ap.parse_args()
    real = Path("/tmp/extraction_speed_real.txt")
    raw = sorted((ROOT / "data" / "raw").glob("*.txt"))
    real.write_text("\n".join(p.read_text(encoding="utf-8-sig") for p in raw) * 4, encoding="utf-8")
    this, other = [], []
    for _ in range(args.rounds):
        other.append(run(args.other_src, args.docs, real))
        this.append(run(str(ROOT / "src"), args.docs, real))
    for key in ("synthetic", "real"):
        a = statistics.median(r[key] for r in this)
        b = statistics.median(r[key] for r in other)
        print(f"{key:9s}: this {a:.2f} s, other {b:.2f} s CPU — ratio {a / b:.2f}×  [load {os.getloadavg()[0]:.2f}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
