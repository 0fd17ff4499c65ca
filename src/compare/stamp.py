"""The no-op rebuild: a digest of everything a build reads, stored beside the published tables.

When data/raw/ (documents, registry, fact tables, reviews), data/reference/*.yaml, expectations/*.json
and the package's code and metadata are byte-for-byte what the last published build read, that build's
tables are exactly what a new one would produce, so `compare build` can stop before importing pandas or Great
Expectations. Only the standard library is imported here.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from compare import __version__, paths

STAMP_NAME = "build_inputs.json"


def _files() -> list[tuple[str, Path]]:
    groups = [
        ("raw", paths.RAW_DIR, "**/*"),
        ("expectations", paths.EXPECTATIONS_DIR, "*.json"),
        ("code", paths.PACKAGE_DIR, "**/*.py"),
        ("metadata", paths.METADATA_DIR, "*.yaml"),
        ("reference", paths.REFERENCE_DIR, "*.yaml"),
    ]
    out = []
    for label, root, pattern in groups:
        if root.is_dir():
            out += [(f"{label}/{p.relative_to(root).as_posix()}", p) for p in root.glob(pattern)
                    if not p.is_dir() and "__pycache__" not in p.parts]  # a FIFO or device counts too
    return sorted(out)


def file_digests() -> dict[str, str]:
    """Name → sha256 of every file a build reads (a symlink or a file that is not regular is marked, never
    opened: a FIFO would block)."""
    out = {}
    for name, path in _files():
        h = hashlib.sha256()
        if path.is_symlink():  # a file swapped for a link (even to the same bytes) is a changed input
            h.update(b"symlink:" + os.fsencode(os.readlink(path)) + b"\0")
        if not path.is_file():
            h.update(b"not a regular file")
        else:
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        out[name] = h.hexdigest()
    return out


def inputs_digest(files: dict[str, str] | None = None) -> str:
    """sha256 over the names and digests of every file a build reads, and the package version."""
    h = hashlib.sha256(__version__.encode())
    for name, digest in sorted((files if files is not None else file_digests()).items()):
        h.update(b"\0" + name.encode() + b"\0" + digest.encode())
    return h.hexdigest()


def changed_inputs(curated_dir: Path | None = None) -> list[str] | None:
    """The names of the inputs added, removed or changed since the published build (None when there is
    no readable stamp with per-file digests, the published build was not validated, or the published
    tables are not the ones it stamped)."""
    path = (curated_dir or paths.CURATED_DIR) / STAMP_NAME
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
        before = stamp["files"]
        if not stamp.get("validated") or stamp.get("published_sha256") != _published_digest(path.parent):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    now = file_digests()
    return sorted(n for n in set(before) | set(now) if before.get(n) != now.get(n))


def _published_digest(folder: Path) -> str:
    """sha256 over the names and bytes of the published files in `folder` (the stamp itself excluded)."""
    h = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.name != STAMP_NAME):
        h.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def write_stamp(folder: Path, digest: str, validated: bool | str, files: dict[str, str] | None = None) -> Path:
    """Record in `folder` (the staged tables) the inputs digest taken when the build started (and each
    input's digest, so the next build knows what changed), how the tables were validated (True: the full
    gate; "row checks": the quick gate of a review-only change; False: not at all), and a digest of the
    tables themselves (a damaged or edited published table is never "up to date")."""
    path = Path(folder) / STAMP_NAME
    record = {"inputs_sha256": digest, "validated": validated, "published_sha256": _published_digest(folder),
              "files": files or {}}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def up_to_date(validate: bool = True, curated_dir: Path | None = None) -> bool:
    """Whether the published tables were built from exactly the current inputs (and validated, when a
    validated build is asked for). False when there is no stamp or it cannot be read."""
    path = (curated_dir or paths.CURATED_DIR) / STAMP_NAME
    if os.environ.get("COMPARE_FORCE_BUILD"):
        return False
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if validate and not stamp.get("validated"):
        return False
    if stamp.get("inputs_sha256") != inputs_digest():
        return False
    try:
        return stamp.get("published_sha256") == _published_digest(path.parent)
    except OSError:
        return False
