"""Benchmarks: extraction throughput and accuracy, full builds of 5 / 300 / 3,000 synthetic plans, no-op
rebuild, rebuild after a review edit, chart export, notebooks, peak memory — medians of several runs.

    .venv/bin/python benchmarks/run.py            # everything (≈ 15 min on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # fewer runs, no 3,000-document build (≈ 6 min)
    .venv/bin/python benchmarks/run.py --sizes 3000 --runs 1 --skip-export --skip-notebooks --out /tmp/r.json  # ≈ 2.5 min

Builds run the real CLI, `python -m compare build` (validated when compare.validate.check_tables
exists), in a scratch copy of the project (WATER_TARGETS_ROOT) whose registry holds the synthetic plans,
registered under the existing prefecture-level jurisdictions of data/reference/jurisdictions.yaml,
plus the news-report rows that reference_targets.csv cites:

* cold build: `compare build --force` with the extraction cache emptied (the inputs stamp of the
  previous run would otherwise make it a no-op);
* no-op rebuild: `compare build` with nothing changed — the inputs stamp (compare.stamp) answers;
* forced rebuild: `compare build --force` with nothing changed (every document from the cache);
* rebuild after a review edit: one review file rewritten, then `compare build` without --force (a
  review is an input, so the stamp no longer matches); the run fails if the build did not rebuild.

The 1-minute load average (`os.getloadavg`, as `uptime` prints it) is recorded before every run.
Prints a table; writes benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from compare import __version__  # noqa: E402
from compare.cache import extract_many  # noqa: E402
from compare.extract import extract_text  # noqa: E402

MiB = 2**20
#: Targets of issue 9 (recorded next to each measured figure).
TARGETS = {
    "extraction_mb_s": ("≥", 5.0), "build_300_s": ("≤", 30.0), "build_3000_s": ("≤", 300.0),
    "build_3000_peak_gib": ("≤", 2.0), "noop_rebuild_s": ("≤", 2.0), "export_speedup": ("≥", 5.0),
}


# --------------------------------------------------------------------------- machine and helpers


def machine() -> dict:
    """CPU, cores, memory, OS, Python, load: what the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) * 1024 for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal")), 0)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1),
            "os": platform.platform(), "python": platform.python_version(), "package_version": __version__,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (shared pages counted once per process)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        for line in _read(f"/proc/{p}/status").splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        for task in Path(f"/proc/{p}/task").glob("*/children") if Path(f"/proc/{p}/task").exists() else []:
            todo += [int(c) for c in _read(str(task)).split()]
    return total


def load1() -> float:
    """The 1-minute load average, as `uptime` prints it."""
    return round(os.getloadavg()[0], 2)


def run_timed(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run `cmd`; wall seconds, exit code, peak RSS of the main process and of its whole tree, output,
    and the 1-minute load average just before it started."""
    load = load1()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err, text=True)
        peak_tree = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak_tree[0] = max(peak_tree[0], _tree_rss(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "rc": proc.returncode, "load": load,
                "peak_rss_mib": usage.ru_maxrss * 1024 / MiB,
                "peak_tree_mib": max(peak_tree[0], usage.ru_maxrss * 1024) / MiB,
                "stdout": out.read(), "stderr": err.read()}


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --------------------------------------------------------------------------- extraction


def bench_extraction(n_docs: int, runs: int) -> dict:
    """Throughput of extract_text in one process and of extract_many across cores (no cache), and
    the extractor's precision and recall against the synthetic truth."""
    plans = synth.generate(n_docs, seed=1)
    texts = {p.document_id: p.text for p in plans}
    mb = sum(len(t.encode("utf-8")) for t in texts.values()) / 1e6
    extract_text("到2025年，用水总量控制在1亿立方米以内。", "warm-up")
    load = load1()
    wall, cpu = [], []
    found: dict = {}
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        found = {d: extract_text(r, d) for d, r in texts.items()}
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    parallel = []
    for _ in range(runs):
        t0 = time.perf_counter()
        extract_many(texts, use_cache=False)
        parallel.append(time.perf_counter() - t0)
    real = _real_corpus_throughput(runs)
    mixed = synth.generate(n_docs, seed=1, mixed=True)
    mixed_found = extract_many({p.document_id: p.text for p in mixed}, use_cache=False)
    return {"documents": n_docs, "megabytes": round(mb, 2), "load": load,
            "single_process_mb_s": round(mb / med(wall), 2), "single_process_cpu_mb_s": round(mb / med(cpu), 2),
            "parallel_mb_s": round(mb / med(parallel), 2), "real_corpus_mb_s": real,
            "accuracy": synth.score(plans, found), "accuracy_mixed_order": synth.score(mixed, mixed_found)}


def _real_corpus_throughput(runs: int) -> float | None:
    from compare.registry import load_registry, read_registered

    try:
        texts = read_registered(load_registry())
    except Exception:  # the real corpus is optional for the benchmark
        return None
    mb = sum(len(t.encode("utf-8")) for t in texts.values()) / 1e6
    times = []
    for _ in range(max(runs, 3)):
        t0 = time.perf_counter()
        for d, r in texts.items():
            extract_text(r, d)
        times.append(time.perf_counter() - t0)
    return round(mb / med(times), 2)


# --------------------------------------------------------------------------- builds


def make_scratch(n_docs: int, dest: Path) -> Path:
    """A project copy holding `n_docs` synthetic plans (+ the news-report rows) and one review file."""
    for name in ("data", "expectations"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, dest / name,
                            ignore=shutil.ignore_patterns(".staging", ".cache", ".trash", "curated", "*.txt"))
    raw = dest / "data" / "raw"
    shutil.rmtree(raw / "reviews", ignore_errors=True)
    (raw / "reviews").mkdir(parents=True)
    with (REPO / "data" / "raw" / "documents.csv").open(encoding="utf-8") as fh:
        keep = [r for r in csv.DictReader(fh) if not r["path"]]  # documents known only from news reports
    plans = synth.generate(n_docs)
    synth.write_corpus(plans, raw, raw / "documents.csv", keep_rows=keep)
    _write_review(plans[0], raw / "reviews", "benchmark: first candidate rejected")
    return dest


def _write_review(plan: synth.Plan, reviews: Path, reason: str) -> None:
    import yaml

    c = next(c for c in extract_text(plan.text, plan.document_id) if c.kind == "target")
    decision = {"action": "reject", "quote": c.quote, "indicator_id": c.indicator_id,
                "target_year": c.target_year, "char_start": c.char_start, "reason": reason}
    (reviews / f"{plan.document_id}.yaml").write_text(
        yaml.safe_dump({"document_id": plan.document_id, "partial": "benchmark: one decision only",
                        "decisions": [decision]}, allow_unicode=True),
        encoding="utf-8")


UP_TO_DATE = "is up to date"  # what `compare build` prints when the inputs stamp matches
PUBLISHED = "published to"  # what it prints after a build that published tables


def _build(root: Path, validate: bool, *, force: bool = False, expect: str = PUBLISHED) -> dict:
    """`python -m compare build` in `root`; fails unless it exits 0 and its output shows `expect`
    (PUBLISHED: it rebuilt; UP_TO_DATE: the inputs stamp stopped it)."""
    env = {k: v for k, v in os.environ.items() if k != "COMPARE_FORCE_BUILD"}
    env |= {"WATER_TARGETS_ROOT": str(root), "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, "-m", "compare", "build", *([] if validate else ["--no-validate"]),
           *(["--force"] if force else [])]
    r = run_timed(cmd, env=env, cwd=root)
    if r["rc"] != 0:
        raise RuntimeError(f"build failed in {root} (exit {r['rc']}):\n{r['stderr'][-3000:]}")
    if expect not in r["stdout"]:
        raise RuntimeError(f"`{' '.join(cmd[1:])}` in {root} did not print {expect!r}:\n{r['stdout'][-1500:]}")
    r["extraction_line"] = next((ln for ln in r["stderr"].splitlines() if ln.startswith("extraction:")), "")
    return r


def _stats(runs: list[dict], name: str) -> dict:
    """Median wall and CPU seconds of `runs`, every run's seconds and the load before each."""
    return {f"{name}_s": round(med([r["seconds"] for r in runs]), 2),
            f"{name}_cpu_s": round(med([r["cpu_s"] for r in runs]), 2),
            f"{name}_runs_s": [round(r["seconds"], 2) for r in runs],
            f"{name}_load": [r["load"] for r in runs]}


def bench_builds(n_docs: int, runs: int, validate: bool) -> dict:
    """Cold build (empty cache), no-op rebuild (inputs stamp), forced rebuild (all cached) and rebuild
    after a review edit, `runs` times each, all through `python -m compare build`."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{n_docs}-") as tmp:
        root = make_scratch(n_docs, Path(tmp))
        mb = sum(p.stat().st_size for p in (root / "data" / "raw").glob("*.txt")) / 1e6
        cold, gate_error = [], None
        for _ in range(runs):
            shutil.rmtree(root / "data" / ".cache", ignore_errors=True)
            try:
                cold.append(_build(root, validate, force=True))
            except RuntimeError as exc:  # the gate itself is broken (e.g. a suite being edited): time without it
                if not validate:
                    raise
                validate, gate_error = False, str(exc)[-600:]
                cold.append(_build(root, validate, force=True))
        noop = [_build(root, validate, expect=UP_TO_DATE) for _ in range(max(runs, 3))]
        forced = [_build(root, validate, force=True) for _ in range(runs)]
        edited = []
        plan0 = synth.generate(1)[0]
        for k in range(runs):
            _write_review(plan0, root / "data" / "raw" / "reviews", f"benchmark: first candidate rejected (edit {k})")
            edited.append(_build(root, validate))  # no --force: the review is an input of the stamp
        targets = _row_count(root)
        partitioned = (root / "data" / "curated" / "targets_by_province").is_dir()
    return {
        "documents": n_docs, "megabytes": round(mb, 1), "target_rows": targets, "validated": validate,
        "validation_error": gate_error, "partitioned_by_province": partitioned,
        **_stats(cold, "build"),
        "build_peak_rss_mib": round(max(r["peak_rss_mib"] for r in cold)),
        "build_peak_tree_mib": round(max(r["peak_tree_mib"] for r in cold)),
        "build_extraction": cold[-1]["extraction_line"],
        **_stats(noop, "noop_rebuild"),
        **_stats(forced, "forced_rebuild"),
        "forced_rebuild_extraction": forced[-1]["extraction_line"],
        **_stats(edited, "review_edit_rebuild"),
        "review_edit_rebuild_extraction": edited[-1]["extraction_line"],
        "peak_rss_mib_any": round(max(r["peak_tree_mib"] for r in cold + noop + forced + edited)),
    }


def _row_count(root: Path) -> int | None:
    import pyarrow.parquet as pq

    path = root / "data" / "curated" / "targets.parquet"
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else None


def _import_time() -> dict:
    """Seconds to start `python -c 'import compare.build'` (paid by every CLI run)."""
    times = [run_timed([sys.executable, "-c", "import compare.build"])["seconds"] for _ in range(3)]
    return {"import_compare_build_s": round(med(times), 2)}


# --------------------------------------------------------------------------- export and notebooks


def published_env(tmp: Path) -> dict | None:
    """Environment under which the real corpus's published tables exist: None (this project) when
    data/curated/ holds them, else a scratch copy built with `compare build` (a fresh clone)."""
    if (REPO / "data" / "curated" / "targets.parquet").exists():
        return None
    for name in ("data", "expectations"):
        shutil.copytree(REPO / name, tmp / name, ignore=shutil.ignore_patterns(".staging", ".cache", ".trash", "curated"))
    _build(tmp, validate=True, force=True)
    return os.environ | {"WATER_TARGETS_ROOT": str(tmp), "PYTHONWARNINGS": "ignore"}


def bench_export(quick: bool, env: dict | None) -> dict:
    """benchmarks/export_benchmark.py (written separately), or `not run` when it does not exist."""
    script = HERE / "export_benchmark.py"
    if not script.exists():
        return {"status": "not run", "reason": "benchmarks/export_benchmark.py does not exist"}
    cmd = [sys.executable, str(script), *(["--langs", "zh", "--tabs", "1"] if quick else ["--tabs", "1"])]
    r = run_timed(cmd, env=env, cwd=REPO)
    if r["rc"] != 0:
        return {"status": "failed", "reason": r["stderr"][-1500:], "load": r["load"]}
    speedups = [float(line.rsplit(":", 1)[1].split("×")[0]) for line in r["stdout"].splitlines()
                if "× faster" in line]
    return {"status": "run", "seconds": round(r["seconds"], 1), "speedup": max(speedups) if speedups else None,
            "load": r["load"], "report": r["stdout"].strip()}


def bench_notebooks(runs: int, env: dict | None) -> dict:
    """`pytest --nbval-lax notebooks/` wall time, or `not run` when there are no notebooks."""
    nbs = sorted((REPO / "notebooks").glob("*.ipynb")) if (REPO / "notebooks").exists() else []
    if not nbs:
        return {"status": "not run", "reason": "no notebooks/*.ipynb"}
    if importlib.util.find_spec("nbval") is None:
        return {"status": "not run", "reason": "nbval is not installed"}
    results = [run_timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                          "notebooks/"], env=env, cwd=REPO) for _ in range(runs)]
    last = results[-1]
    summary = next((ln for ln in reversed(last["stdout"].splitlines()) if ln.strip()), "")
    return {"status": "run" if last["rc"] == 0 else f"failed (exit {last['rc']})", "notebooks": len(nbs),
            "seconds": round(med([r["seconds"] for r in results]), 1), "load": results[0]["load"], "pytest": summary}


# --------------------------------------------------------------------------- report


def verdict(key: str, value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "not measured"
    op, limit = TARGETS[key]
    ok = value >= limit if op == "≥" else value <= limit
    return f"{'met' if ok else 'NOT met'} ({op} {limit:g})"


def _load(runs_load: list | None) -> str:
    return "–".join(f"{x:g}" for x in sorted({min(runs_load), max(runs_load)})) if runs_load else ""


def table(res: dict) -> str:
    ex, builds = res["extraction"], res["builds"]
    xl = _load([ex.get("load")] if ex.get("load") is not None else None)
    rows = [
        (f"extraction, one process ({ex['documents']} synthetic plans)", f"{ex['single_process_mb_s']} MB/s", xl, ""),
        (f"extraction, both cores, extract_many ({ex['documents']} plans, {ex['megabytes']} MB)",
         f"{ex['parallel_mb_s']} MB/s", xl, verdict("extraction_mb_s", ex["parallel_mb_s"])),
        ("extraction, one process (real corpus)", f"{ex['real_corpus_mb_s']} MB/s", xl, ""),
        ("extractor precision / recall (synthetic)",
         f"{ex['accuracy']['precision']:.3f} / {ex['accuracy']['recall']:.3f}", "", ""),
        ("  same, number-first clause mid-sentence",
         f"{ex['accuracy_mixed_order']['precision']:.3f} / {ex['accuracy_mixed_order']['recall']:.3f}", "", ""),
    ]
    for n, b in builds.items():
        key = {"300": "build_300_s", "3000": "build_3000_s"}.get(n)
        rows.append((f"full build, {n} docs ({b['megabytes']} MB, {b['target_rows']} rows)",
                     f"{b['build_s']} s (CPU {b['build_cpu_s']} s)", _load(b["build_load"]),
                     verdict(key, b["build_s"]) if key else ""))
        rows.append((f"  peak memory, {n} docs (process tree)", f"{b['build_peak_tree_mib']} MiB", "",
                     verdict("build_3000_peak_gib", b["build_peak_tree_mib"] / 1024) if n == "3000" else ""))
        rows.append((f"  no-op rebuild (inputs stamp), {n} docs", f"{b['noop_rebuild_s']} s (CPU {b['noop_rebuild_cpu_s']} s)",
                     _load(b["noop_rebuild_load"]), verdict("noop_rebuild_s", b["noop_rebuild_s"])))
        rows.append((f"  forced rebuild, all cached, {n} docs", f"{b['forced_rebuild_s']} s (CPU {b['forced_rebuild_cpu_s']} s)",
                     _load(b["forced_rebuild_load"]), ""))
        rows.append((f"  rebuild after a review edit, {n} docs",
                     f"{b['review_edit_rebuild_s']} s (CPU {b['review_edit_rebuild_cpu_s']} s)",
                     _load(b["review_edit_rebuild_load"]), ""))
    exp = res["export"]
    rows.append(("chart export, batched vs one browser per chart",
                 f"{exp['speedup']}× ({exp['seconds']} s)" if exp.get("status") == "run" else exp["status"],
                 _load([exp["load"]] if "load" in exp else None),
                 verdict("export_speedup", exp.get("speedup")) if exp.get("status") == "run" else ""))
    nb = res["notebooks"]
    rows.append(("notebooks (pytest --nbval-lax)", f"{nb['seconds']} s ({nb['status']})" if "seconds" in nb
                 else nb["status"], _load([nb["load"]] if "load" in nb else None), ""))
    width = max(len(r[0]) for r in rows)
    lines = [f"{'benchmark':{width}}  {'measured':>26}  {'load':>9}  target", "-" * (width + 58)]
    lines += [f"{a:{width}}  {b:>26}  {c:>9}  {d}" for a, b, c, d in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs, skip the 3,000-document build")
    ap.add_argument("--out", type=Path, default=HERE / "results.json")
    ap.add_argument("--sizes", default=None, help="comma-separated document counts (default 5,300[,3000])")
    ap.add_argument("--runs", type=int, default=None, help="runs per figure (default 3, --quick 2)")
    ap.add_argument("--skip-export", action="store_true")
    ap.add_argument("--skip-notebooks", action="store_true")
    args = ap.parse_args(argv)
    runs = args.runs or (2 if args.quick else 3)
    sizes = [int(s) for s in (args.sizes or ("5,300" if args.quick else "5,300,3000")).split(",")]
    validate = importlib.util.find_spec("compare.validate") is not None and hasattr(
        importlib.import_module("compare.validate"), "check_tables")

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    res: dict = {"machine": machine(), "quick": args.quick, "runs_per_figure": runs}
    say("extraction throughput and accuracy…")
    res["extraction"] = bench_extraction(300, runs)
    res["startup"] = _import_time()
    res["builds"] = {}
    for n in sizes:
        say(f"builds with {n} documents…")
        res["builds"][str(n)] = bench_builds(n, runs if n < 3000 else max(1, runs - 1), validate)
    with tempfile.TemporaryDirectory(prefix="bench-published-") as tmp:
        env = None if args.skip_export and args.skip_notebooks else published_env(Path(tmp))
        say("chart export…")
        res["export"] = ({"status": "not run", "reason": "--skip-export"} if args.skip_export
                         else bench_export(args.quick, env))
        say("notebooks…")
        res["notebooks"] = ({"status": "not run", "reason": "--skip-notebooks"} if args.skip_notebooks
                            else bench_notebooks(1 if args.quick else 2, env))
    res["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(res))
    m = res["machine"]
    print(f"\n{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}; "
          f"load {m['load_average_at_start']} → {m['load_average_at_end']}; validated builds: {validate}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
