"""Extraction of many documents: content-hash cache in data/.cache/ and parallel extraction.

A document's candidates and its task-division annex rows (compare.responsibilities.extract_annex) are
cached under the sha256 of its raw text, in a folder named after the
extractor's fingerprint (the package version and the bytes of extract/*.py, text.py, metadata.py,
responsibilities.py, metadata/*.yaml and the project's data/reference/agencies.yaml and tasks.yaml, which
the annex reader uses). Editing any of those starts a new folder, so every document is re-extracted once;
the stale folders are then removed. Uncached documents are extracted in worker processes when there
are enough of them to pay for starting the processes, otherwise in this process.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields, replace
from pathlib import Path

from compare import __version__, metadata, paths
from compare.errors import InputError
from compare.extract import Candidate, accounted_share, extract_document, extract_text
from compare.responsibilities import extract_annex

#: Bump when the cache file layout changes.
CACHE_FORMAT = 4
#: Fewer uncached documents than this are extracted in-process (process start-up would cost more).
PARALLEL_MIN_DOCS = 20
#: Documents handed to a worker at a time.
CHUNK_SIZE = 8

_FIELDS = [f.name for f in fields(Candidate)]
_FINGERPRINT_DIR = re.compile(r"^[0-9a-f]{16}$")


def _warm_up_text() -> str:
    """A made-up target sentence and table header from the vocabulary: extracting it makes
    extract_text load every table and compile every pattern it uses."""
    lex = metadata.lexicon()
    spec = next(s for s in metadata.indicator_specs().values() if s["aliases_zh"])
    sentence = f"{lex['target_year_prefixes'][0]}2025，{spec['aliases_zh'][0]}1{spec['unit']}。"
    return f"{sentence}\n\t{lex['table_name_headers'][0]}\t2025\t2030\n"


#: The user's vocabulary files the annex reader depends on (data/reference/): agencies decide where a
#: cell-per-line table ends and how run-together names split; tasks give task_id.
_ANNEX_REFERENCE = ("agencies", "tasks")


def _extractor_sources() -> list[Path]:
    reference = [metadata.path_of(name) for name in _ANNEX_REFERENCE]
    return (sorted((paths.PACKAGE_DIR / "extract").glob("*.py"))
            + [paths.PACKAGE_DIR / n for n in ("text.py", "metadata.py", "responsibilities.py")]
            + sorted(paths.METADATA_DIR.glob("*.yaml")) + [p for p in reference if p.is_file()])


def fingerprint() -> str:
    """Hex digest identifying the extractor: package version, cache format and its source/metadata bytes."""
    h = hashlib.sha256(f"{__version__}|{CACHE_FORMAT}".encode())
    for path in _extractor_sources():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def text_key(raw: str, date: str | None = None) -> str:
    """sha256 of a decoded raw text (UTF-8) and, when given, the date of issue it is read with."""
    return hashlib.sha256((raw if date is None else f"{raw}\0{date}").encode("utf-8")).hexdigest()


def cache_root() -> Path:
    """Where extraction results live (data/.cache/extract/, git-ignored)."""
    return paths.CACHE_DIR / "extract"


def _entry(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.json"


#: A document's annex: its rows, or the message of the InputError its task-division table raised.
Annex = list[dict] | str


def _annex_of(doc: str, raw: str) -> Annex:
    try:
        return extract_annex(doc, raw)
    except InputError as exc:
        return str(exc)


def _relabel(annex: Annex, document: str) -> Annex:
    if isinstance(annex, str):
        return annex
    return [dict(r, document_id=document) for r in annex]


def _load(path: Path, document: str) -> tuple[list[Candidate], tuple[int, int], Annex] | None:
    """The cached candidates and annex rows (re-labelled with `document`) and number tally, or None
    when absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("fields") != _FIELDS:
            return None
        found = [replace(Candidate(*row), document=document) for row in data["rows"]]
        annex = data["annex"]
        if not isinstance(annex, list | str):
            return None
        return found, (int(data["numbers"][0]), int(data["numbers"][1])), _relabel(annex, document)
    except (OSError, ValueError, TypeError, AttributeError, KeyError, IndexError):
        return None


def _store(path: Path, candidates: list[Candidate], numbers: tuple[int, int], annex: Annex) -> None:
    """Write atomically (temp file + rename), so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [[getattr(c, f) for f in _FIELDS] for c in candidates]
    payload = json.dumps({"fields": _FIELDS, "rows": rows, "numbers": list(numbers), "annex": annex},
                         ensure_ascii=False, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _extract_and_store(job: tuple[str, str, str, str | None, str | None]) -> tuple[str, tuple]:
    """Worker: extract one document and cache the result (when a folder is given)."""
    doc, raw, key, folder, date = job
    model = extract_document(raw, doc, date)
    found, numbers, annex = model.candidates, accounted_share(model), _annex_of(doc, raw)
    if folder is not None:
        with contextlib.suppress(OSError):  # a read-only or full disk only costs a re-extraction next time
            _store(_entry(Path(folder), key), found, numbers, annex)
    return doc, (found, numbers, annex)


def _extract_in_worker(job: tuple[str, str, str, str | None, str | None]) -> tuple[str, tuple]:
    """`_extract_and_store` in a worker process, its candidates sent back as rows of field values (`_FIELDS`): the
    parent unpickles tuples ten times faster than dataclass instances, while the workers still run."""
    doc, (found, numbers, annex) = _extract_and_store(job)
    return doc, ([[getattr(c, f) for f in _FIELDS] for c in found], numbers, annex)


def prune(keep: str, root: Path | None = None) -> int:
    """Remove cache folders of other extractor fingerprints; the number removed."""
    root = root or cache_root()
    removed = 0
    if root.is_dir():
        for d in root.iterdir():
            if d.is_dir() and _FINGERPRINT_DIR.match(d.name) and d.name != keep:
                shutil.rmtree(d, ignore_errors=True)
                removed += 1
    return removed


def extract_many(
    raw_texts: dict[str, str],
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    use_cache: bool = True,
    dates: dict[str, str | None] | None = None,
    tallies: dict[str, tuple[int, int]] | None = None,
    annexes: dict[str, Annex] | None = None,
) -> dict[str, list[Candidate]]:
    """document_id → candidates for every raw text (each read with its date of issue from `dates`),
    read from the cache where the same text and date were already extracted by the same extractor; the
    rest extracted in parallel (≥ PARALLEL_MIN_DOCS of them and more than one worker) and cached. Same
    result as calling extract_text on each text.  `tallies`, when given, receives each document's
    (numbers accounted for, numbers), and `annexes` each document's task-division annex rows
    (compare.responsibilities.extract_annex), or the error message its annex raised."""
    dates = dates or {}
    tallies = tallies if tallies is not None else {}
    annexes = annexes if annexes is not None else {}
    say = progress or (lambda msg: None)
    t0 = time.perf_counter()
    fp = fingerprint()[:16]
    folder = cache_root() / fp if use_cache else None
    out: dict[str, list[Candidate] | None] = dict.fromkeys(raw_texts)
    jobs: list[tuple[str, str, str, str | None]] = []
    for doc, raw in raw_texts.items():
        date = dates.get(doc) or None
        key = text_key(raw, date)
        hit = _load(_entry(folder, key), doc) if folder is not None else None
        if hit is None:
            jobs.append((doc, raw, key, str(folder) if folder is not None else None, date))
        else:
            out[doc], tallies[doc], annexes[doc] = hit
    n_workers = min(workers or os.cpu_count() or 1, len(jobs))
    if len(jobs) >= PARALLEL_MIN_DOCS and n_workers > 1:
        # Load the vocabulary and compile the patterns here, once: forked workers inherit them instead
        # of each parsing metadata/*.yaml again.
        extract_text(_warm_up_text(), "warm-up")
        # The longest texts first: the workers then finish together (a long text handed out last would
        # keep one worker busy while the other sits idle); the results are taken in the order of `jobs`.
        by_length = sorted(jobs, key=lambda job: -len(job[1]))
        with ProcessPoolExecutor(max_workers=n_workers) as pool:
            done = dict(pool.map(_extract_in_worker, by_length, chunksize=CHUNK_SIZE))
        for doc, *_ in jobs:
            rows, tallies[doc], annexes[doc] = done[doc]
            out[doc] = [Candidate(*row) for row in rows]
        how = f"on {n_workers} processes"
    else:
        for job in jobs:
            doc, (found, numbers, annex) = _extract_and_store(job)
            out[doc], tallies[doc], annexes[doc] = found, numbers, annex
        how = "in-process"
    if folder is not None and jobs:
        prune(keep=fp)
    say(f"extraction: {len(raw_texts) - len(jobs)} documents from cache, {len(jobs)} extracted {how} "
        f"({time.perf_counter() - t0:.2f} s)")
    return out  # type: ignore[return-value]
