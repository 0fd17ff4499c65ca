"""The reviewer's loop, side by side in one run: after one review edit, `compare build` with the quick
gate (only reviews changed: row and table checks) against the full gate (`compare build --force`:
every Great Expectations suite, extraction from the cache as well), and `compare check` on the edited
document — at 5 and 300 synthetic plans, runs interleaved, medians, the 1-minute load before each.

    .venv/bin/python benchmarks/review_loop.py [--sizes 5,300] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (the benchmark helpers: scratch projects, timed commands)
import synth  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5,300")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print(f"{'plans':>5}  {'quick gate (s)':>14}  {'full gate (s)':>13}  {'ratio':>6}  {'compare check (s)':>17}  loads")
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = run.make_scratch(n, Path(tmp) / "project")
            env = os.environ | {"WATER_TARGETS_ROOT": str(root), "PYTHONWARNINGS": "ignore"}
            cmd = [sys.executable, "-m", "compare"]
            first = run.run_timed(cmd + ["build", "--force"], env=env, cwd=root)
            assert first["rc"] == 0, first["stderr"][-2000:]
            plan = synth.generate(n)[0]
            review = root / "data" / "raw" / "reviews" / f"{plan.document_id}.yaml"
            quick, full, check, loads = [], [], [], []
            for k in range(args.runs):
                for mode in ("quick", "full"):  # interleaved: both see the same load
                    run._write_review(plan, review.parent, f"benchmark edit {mode} {k}")
                    res = run.run_timed(cmd + (["build"] if mode == "quick" else ["build", "--force"]), env=env, cwd=root)
                    assert res["rc"] == 0, res["stderr"][-2000:]
                    assert ("quick gate" in res["stderr"]) == (mode == "quick"), res["stderr"][-500:]
                    (quick if mode == "quick" else full).append(res["seconds"])
                    loads.append(res["load"])
                res = run.run_timed(cmd + ["check", plan.document_id], env=env, cwd=root)
                assert res["rc"] == 0, res["stdout"][-1000:] + res["stderr"][-1000:]
                check.append(res["seconds"])
            q, f, c = statistics.median(quick), statistics.median(full), statistics.median(check)
            print(f"{n:>5}  {q:>14.2f}  {f:>13.2f}  {f / q:>5.1f}×  {c:>17.2f}  {min(loads)}–{max(loads)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
