"""Output folders given with `--out`: a command only ever removes files that its manifest says it
wrote itself, and refuses a non-empty folder it did not create.

The manifest is `<out>/.compare-output.json` ({"command": …, "files": [relative paths]}).  A folder
without it is used only when it is empty or does not exist yet; files the user puts into a folder
that has one are left alone (they are not in the manifest)."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

from compare.errors import OutputError

MANIFEST = ".compare-output.json"


def ensure_folder(out: Path, command: str) -> Path:
    """`out` created as a folder; OutputError when it is a file or cannot be created."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: --out must be a folder, but this is a file. Give a new or empty folder "
                          f"(e.g. `python -m compare {command} --out reports/site`).")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror or exc}). "
                          "Give a writable folder with --out.") from exc
    return out


def _listed(out: Path, manifest: Path) -> list[Path]:
    """Files the manifest names, each checked to lie inside `out` (a tampered manifest removes nothing
    outside it)."""
    try:
        names = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{manifest}: unreadable manifest ({exc}). Delete the folder {out} yourself, or "
                          "give another --out.") from exc
    root = out.resolve()
    files = []
    for name in names:
        rel = PurePosixPath(str(name))
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            continue
        path = out.joinpath(*rel.parts)
        if path.is_symlink() or (path.is_file() and path.resolve().is_relative_to(root)):
            files.append(path)
    return files


def prepare(out: Path, command: str) -> set[Path]:
    """Make `out` ready for `command`: remove what its previous run wrote (per the manifest) and return
    the files that must be kept (not ours). Raises OutputError for a file, an unwritable path, or a
    non-empty folder without a manifest."""
    out = ensure_folder(out, command)
    manifest = out / MANIFEST
    if not manifest.is_file():
        try:
            entries = sorted(p.name for p in out.iterdir())
        except OSError as exc:
            raise OutputError(f"{out}: cannot list the output folder ({exc.strerror or exc})") from exc
        if entries:
            shown = ", ".join(entries[:5]) + (" …" if len(entries) > 5 else "")
            if (out / "index.html").is_file() and (out / "assets" / "site.css").is_file():
                raise OutputError(
                    f"{out}: this looks like a site written before `compare {command}` kept a manifest "
                    f"({MANIFEST}); nothing was removed. Delete the folder once (`rm -rf {out}`) and run again.")
            raise OutputError(
                f"{out}: the folder is not empty ({shown}) and was not written by `compare {command}` "
                f"(no {MANIFEST}). Nothing was removed. Give a new or empty folder with --out, or empty "
                "this one yourself.")
    else:
        for path in _listed(out, manifest):
            path.unlink(missing_ok=True)
            _prune(path.parent, out)
    write_manifest(out, command, [])
    return {p for p in out.rglob("*") if (p.is_file() or p.is_symlink()) and p.name != MANIFEST}


def _prune(folder: Path, out: Path) -> None:
    """Remove `folder` and its parents up to `out` while they are empty."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def write_manifest(out: Path, command: str, files: list[Path]) -> None:
    """Record `files` (under `out`) as written by `command` (atomically)."""
    names = sorted(p.relative_to(out).as_posix() for p in files)
    tmp = out / f"{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"command": command, "files": names}, ensure_ascii=False, indent=0), "utf-8")
    os.replace(tmp, out / MANIFEST)


def finish(out: Path, command: str, kept: set[Path]) -> None:
    """Write the manifest of a finished run: every file under `out` except the kept (foreign) ones."""
    out = Path(out)
    files = [p for p in out.rglob("*") if p.is_file() and p not in kept
             and p.name not in (MANIFEST, f"{MANIFEST}.tmp")]
    write_manifest(out, command, files)
