"""`compare build`: raw documents → reviewed candidates → staged tables → validation → atomic swap.

The published folder data/curated/ is only ever replaced whole, by a directory rename, after the
staged tables passed validation; an interrupted or failed build leaves it untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from compare import curate, metadata, paths
from compare.accuracy import document_accuracy
from compare.cache import extract_many
from compare.errors import CompareError, InputError, OutputError, ValidationFailed
from compare.escape import terminal
from compare.partition import write_partitioned
from compare.registry import load_registry, read_csv, read_registered
from compare.review import (
    ReviewedTarget,
    ReviewStats,
    apply_annex_review,
    apply_review,
    check_review_folder,
    load_review,
    review_path,
)
from compare.stamp import file_digests, inputs_digest, write_stamp
from compare.tables import TABLE_NAMES

CURATED_README = """# data/curated — generated, do not edit

Written by `python -m compare build` (or `make build`) from data/raw/; replaced whole, only after
validation passes. Columns: docs/data_dictionary.md.
"""


@dataclass
class BuildResult:
    """Everything one build produced, before it is published."""

    tables: dict[str, pd.DataFrame]
    raw_texts: dict[str, str]
    reviews: dict[str, dict]
    stats: dict[str, ReviewStats] = field(default_factory=dict)
    candidates: dict[str, list] = field(default_factory=dict)  # the extractor's targets, before review
    numbers: dict[str, tuple[int, int]] = field(default_factory=dict)  # (accounted for, all) per document
    unlisted: dict[str, int] = field(default_factory=dict)  # targets of indicators the vocabulary lacks


#: Columns the fact tables must have (curate reads each by name).
_FACT_COLUMNS = {
    "reference_targets.csv": ("jurisdiction_zh", "document_title_zh", "indicator_id", "target_year", "comparator",
                              "value", "unit", "baseline_year", "qualifier", "scope_zh", "source_url", "note"),
    "reported_outcomes.csv": ("jurisdiction_zh", "indicator_id", "year", "value", "unit", "baseline_year",
                              "source_url", "source_kind", "note"),
}


def _read_csv(path: Path) -> pd.DataFrame:
    return read_csv(path, _FACT_COLUMNS.get(path.name, ())).astype(object).where(lambda d: d.notna(), None)


#: What assemble() provides to the table builders (tables.yaml `builder.inputs`).
BUILD_INPUTS = ("registry", "raw_texts", "reviewed_targets", "reviewed_annexes", "reference_targets",
                "reported_outcomes")


def build_tables(inputs: dict) -> dict[str, pd.DataFrame]:
    """Every curated table, in registry order (metadata/tables.yaml): each table's builder, a function
    of compare.curate, called with the build inputs its `builder.inputs` names."""
    tables = {}
    for name, spec in metadata.table_specs().items():
        builder = spec["builder"]
        function = getattr(curate, builder["function"], None)
        if function is None:
            raise CompareError(f"tables.yaml: table {name!r} is built by compare.curate.{builder['function']}, "
                               "which does not exist")
        missing = [key for key in builder.get("inputs") or () if key not in inputs]
        if missing:
            raise CompareError(f"tables.yaml: table {name!r} wants build inputs {missing}; a build provides "
                               f"{sorted(inputs)}")
        tables[name] = function(*(inputs[key] for key in builder.get("inputs") or ()))
    return tables


def assemble(progress=None) -> BuildResult:
    """Read, extract, review and curate every table in memory (nothing is written)."""
    say = progress or (lambda msg: None)
    # Load inputs.
    registry = load_registry()
    raw_texts = read_registered(registry)
    say(f"read {len(raw_texts)} raw documents (sha256 verified)")
    check_review_folder(registry["document_id"])
    # Process data.
    reviewed: dict[str, list[ReviewedTarget]] = {}
    reviewed_annexes: dict[str, list[dict]] = {}
    reviews: dict[str, dict] = {}
    stats: dict[str, ReviewStats] = {}
    dates = {d: v for d, v in zip(registry["document_id"], registry["date_issued"], strict=True)
             if isinstance(v, str) and v}
    tallies: dict[str, tuple[int, int]] = {}
    annexes: dict[str, list[dict] | str] = {}
    unlisted: dict[str, int] = {}
    extracted = extract_many(raw_texts, progress=say, dates=dates, tallies=tallies, annexes=annexes)
    for doc, raw in raw_texts.items():
        # Outcome candidates (what a document reports as achieved) are not targets: they stay in the
        # extractor's output (`compare extract`) and never reach the targets table.
        candidates = [c for c in extracted[doc] if c.kind == "target"]
        unlisted[doc] = sum(c.kind == "unlisted" for c in extracted[doc])
        extracted[doc] = candidates
        reviews[doc] = load_review(doc)
        reviewed[doc], stats[doc] = apply_review(candidates, reviews[doc], raw, doc, review_path(doc))
        if isinstance(annexes[doc], str):  # the task-division table could not be read
            raise InputError(annexes[doc])
        reviewed_annexes[doc], annex_stats = apply_annex_review(annexes[doc], reviews[doc], raw, doc,
                                                                review_path(doc))
        say(f"  {doc}: {len(candidates)} candidates → {stats[doc].accepted} targets"
            + (f"; {annex_stats.accepted} annex rows" if annex_stats.accepted else ""))
    inputs = {"registry": registry, "raw_texts": raw_texts, "reviewed_targets": reviewed,
              "reviewed_annexes": reviewed_annexes,
              "reference_targets": _read_csv(paths.REFERENCE_TARGETS_CSV),
              "reported_outcomes": _read_csv(paths.REPORTED_OUTCOMES_CSV)}
    return BuildResult(build_tables(inputs), raw_texts, reviews, stats, extracted, tallies, unlisted)


BUILD_INFO = "build_info.json"


def _targets_per_document(targets: pd.DataFrame) -> dict[str, int]:
    """document_id → number of target rows (one pass, not one comparison per document)."""
    return {str(d): int(n) for d, n in targets["document_id"].value_counts().items()}


def _status_counts(table: pd.DataFrame | None) -> dict[str, int]:
    if table is None or "review_status" not in table.columns:
        return {}
    return {str(k): int(v) for k, v in table["review_status"].value_counts().sort_index().items()}


def build_info(result: BuildResult, validation: str | None, n_checks: int | None = None) -> dict:
    """What a reader of the published tables wants to know about the build that made them."""
    t = result.tables["targets"]
    per_doc = _targets_per_document(t)
    return {
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "validation": validation,
        "validation_status": "passed" if n_checks is not None else "not_run",
        "validation_checks": n_checks,
        "n_documents": len(result.tables["documents"]),
        "n_targets": len(t),
        "n_reference_targets": int((t["method"] == "reference").sum()),
        "review_status": {str(k): int(v) for k, v in t["review_status"].value_counts().sort_index().items()},
        "responsibilities_review_status": _status_counts(result.tables.get("responsibilities")),
        # Precision and recall of the rules (before review) against gold tables written by reading the
        # documents (tests/gold/); documents without a gold table are not scored.
        "extractor_accuracy": document_accuracy(result.candidates, paths.GOLD_DIR),
        "documents": {
            doc: {"targets": per_doc.get(doc, 0), "accepted": s.accepted, "rejected": s.rejected,
                  "corrected": s.corrected, "added": s.added, "confirmed": s.confirmed,
                  "unreviewed": s.unreviewed,
                  "numbers": result.numbers.get(doc, (0, 0))[1],
                  "numbers_accounted": result.numbers.get(doc, (0, 0))[0],
                  "unlisted": result.unlisted.get(doc, 0)}
            for doc, s in result.stats.items()
        },
    }


def load_build_info(curated_dir: Path | None = None) -> dict:
    """The build_info.json published beside the tables ({} before the first build)."""
    path = (curated_dir or paths.CURATED_DIR) / BUILD_INFO
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def stage(tables: dict[str, pd.DataFrame], info: dict | None = None) -> Path:
    """Write the tables (and the build's facts) to a fresh staging folder and return it."""
    paths.STAGING_DIR.mkdir(parents=True, exist_ok=True)
    staged = paths.STAGING_DIR / f"build-{os.getpid()}-{time.time_ns()}"
    staged.mkdir()
    try:
        for name in TABLE_NAMES:
            tables[name].to_parquet(staged / f"{name}.parquet", index=False, row_group_size=100_000)
        write_partitioned(tables["targets"], staged)
        (staged / "README.md").write_text(CURATED_README, encoding="utf-8")
        if info is not None:
            (staged / BUILD_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    except BaseException:  # disk full, Ctrl-C …: no half-written staging folder is left behind
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def recover_interrupted_swap() -> None:
    """If a swap was interrupted between its two renames, put the previous tables back."""
    previous = paths.DATA_DIR / ".curated-previous"
    if not paths.CURATED_DIR.exists() and previous.exists():
        previous.rename(paths.CURATED_DIR)


def publish(staged: Path) -> None:
    """Swap the staged folder in as data/curated/ (two renames; the old one is then deleted)."""
    recover_interrupted_swap()
    previous = paths.DATA_DIR / ".curated-previous"
    if paths.CURATED_DIR.is_symlink() or (paths.CURATED_DIR.exists() and not paths.CURATED_DIR.is_dir()):
        raise OutputError(
            f"{paths.CURATED_DIR} is not a folder (a file or a link took its place): it is not the published "
            "tables. Move it away (`mv data/curated data/curated.moved`) and build again.")
    try:
        if previous.is_symlink() or previous.is_file():
            previous.unlink()
        elif previous.exists():
            shutil.rmtree(previous)
        if paths.CURATED_DIR.exists():
            paths.CURATED_DIR.rename(previous)
        staged.rename(paths.CURATED_DIR)
    except OSError as exc:
        recover_interrupted_swap()
        raise CompareError(
            f"cannot publish to {paths.CURATED_DIR}: {exc.strerror} ({exc.filename}). The published tables are "
            f"unchanged; make {paths.DATA_DIR} and its sub-folders writable and build again."
        ) from exc
    shutil.rmtree(previous, ignore_errors=True)


def remove_stale_staging() -> None:
    """Delete staging folders left by builds that were killed (their process no longer runs)."""
    for folder in paths.STAGING_DIR.glob("build-*"):
        try:
            pid = int(folder.name.split("-")[1])
            os.kill(pid, 0)
        except (ValueError, IndexError, ProcessLookupError):
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            continue


def summary(result: BuildResult) -> str:
    """What the build found, per document, and the extractor's recall against the curated rows."""
    t = result.tables["targets"]
    lines = [f"{len(result.tables['documents'])} documents, {len(t)} targets "
             f"({(t['method'] != 'reference').sum()} from city documents, {(t['method'] == 'reference').sum()} reference rows)"]
    lines.append(f"  {'document':42} {'targets':>7} {'accepted':>8} {'rejected':>8} {'corrected':>9} {'added':>5} "
                 f"{'confirmed':>9} {'unreviewed':>10}")
    per_doc = _targets_per_document(t)
    for doc, s in result.stats.items():
        n = per_doc.get(doc, 0)
        lines.append(f"  {doc:42} {n:7d} {s.accepted:8d} {s.rejected:8d} {s.corrected:9d} {s.added:5d} "
                     f"{s.confirmed:9d} {s.unreviewed:10d}")
    accuracy = document_accuracy(result.candidates, paths.GOLD_DIR)
    for doc, a in accuracy.items():
        lines.append(f"  extractor vs gold ({doc}): precision {a['precision']:.1%}, recall {a['recall']:.1%} "
                     f"({a['found']}/{a['gold']} gold targets found, {a['correct']}/{a['reported']} candidates right)"
                     if a["precision"] is not None and a["recall"] is not None else
                     f"  extractor vs gold ({doc}): {a['found']}/{a['gold']} found, {a['correct']}/{a['reported']} right")
    for doc, (ok, n) in result.numbers.items():
        if n:
            lines.append(f"  numbers accounted for ({doc}): {ok}/{n} = {ok / n:.1%}"
                         + ("" if ok == n else f" — `compare extract --all-numbers` lists the {n - ok} unclassified"))
    for doc, n in result.unlisted.items():
        if n:
            lines.append(f"  unlisted targets ({doc}): {n} aimed at under names the vocabulary does not know — "
                         "`compare extract` lists them (kind `unlisted`); add aliases or `add` decisions")
    return "\n".join(lines)


def run_build(validate: bool = True, quick_gate: bool = False) -> int:
    """Build, validate and publish; print a summary. Returns the process exit code.  With `quick_gate`
    (only review files changed since a validated build) the gate is the row and table checks without
    Great Expectations (validate.quick_check_tables)."""
    def say(msg: str) -> None:
        print(terminal(msg), file=sys.stderr, flush=True)

    recover_interrupted_swap()
    remove_stale_staging()
    files = file_digests()
    digest = inputs_digest(files)
    result = assemble(progress=say)
    verdict_line, n_checks = "not validated (--no-validate)", None
    if validate:
        from compare.validate import check_tables, quick_check_tables

        if quick_gate:
            say("only reviews changed: the quick gate (row and table checks; `--force` runs the full gate)…")
            verdict = quick_check_tables(result.tables, result.raw_texts, paths.CURATED_DIR, result.reviews)
        else:
            say("validating the tables (Great Expectations)…")
            verdict = check_tables(result.tables, result.raw_texts, paths.CURATED_DIR, result.reviews)
        if not verdict.success:
            raise ValidationFailed(
                verdict.report() + f"\nNothing was published: {paths.CURATED_DIR} keeps the last good build."
            )
        verdict_line, n_checks = verdict.report().splitlines()[0], verdict.n_checks
        say(verdict_line)
    staged = stage(result.tables, build_info(result, verdict_line, n_checks))
    live = f"interrupted after publishing: the new tables are live in {paths.CURATED_DIR}"
    try:
        write_stamp(staged, digest, validated=("row checks" if quick_gate else True) if validate else False,
                    files=files)
        publish(staged)
    except KeyboardInterrupt:
        if not staged.exists():  # the swap was done: say so, not "left untouched"
            raise KeyboardInterrupt(live) from None
        recover_interrupted_swap()
        raise
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
    try:
        print(terminal(summary(result)))
        print(f"published to {paths.CURATED_DIR}")
    except KeyboardInterrupt:
        raise KeyboardInterrupt(live) from None
    return 0
