"""`compare add`: register a new city's plan in one step.

The original file is copied unchanged into data/raw/ as ``<document_id><suffix>``; for a .docx, .pdf
or .html its extracted text is written beside it as ``<document_id>.txt`` (a .txt is its own text).
The text file is what the registry's `path` and `sha256` name and what every offset refers to; the
original is recorded in the registry columns `original_path` and `original_sha256`.  The extractor's
candidates go to a draft review, ``data/raw/reviews/<document_id>.draft.yaml``, which the build
never reads: a person checks it and renames it to ``<document_id>.yaml``.

Nothing is written until the input has been read, converted and extracted; document ids are slugs
made here (never file names), so no input path can place a file outside data/raw/.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compare import metadata, paths
from compare.convert import to_text
from compare.errors import InputError
from compare.extract import Candidate, extract_document
from compare.extract.numbers import unclassified_in_target_sentences
from compare.extract.unlisted import for_review
from compare.registry import (
    KINDS,
    MAX_ID_LENGTH,
    REGISTRY_COLUMNS,
    SOURCE_COLUMNS,
    load_registry,
    registry_lock,
    sha256_of,
    valid_id,
)

ORIGINAL_COLUMNS = ["original_path", "original_sha256"]
DRAFT_SUFFIX = ".draft.yaml"


@dataclass
class AddResult:
    """What `add_document` did: the document id, whether it was already registered, the files written."""

    document_id: str
    already_registered: bool
    candidates: list[Candidate] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    new_jurisdiction: str | None = None

    def message(self) -> str:
        if self.already_registered:
            return f"already registered as {self.document_id}: nothing to do (same sha256)"
        lines = [f"added {self.document_id}: {len(self.candidates)} candidate targets"]
        if self.new_jurisdiction:
            lines.append(f"  new jurisdiction {self.new_jurisdiction} → {metadata.path_of('jurisdictions')}")
        lines += [f"  wrote {p}" for p in self.written]
        draft = draft_path(self.document_id)
        if not self.candidates:
            lines.append("  warning: no targets found — check the text file; if the document states none, "
                         f"put `no_targets: <reason>` in {draft.name} before renaming it")
        lines.append(f"next: check {draft}, rename it to {self.document_id}.yaml, run `python -m compare build`")
        return "\n".join(lines)


def draft_path(document_id: str) -> Path:
    """Where the draft review of a document goes (not read by the build)."""
    return paths.REVIEWS_DIR / f"{document_id}{DRAFT_SUFFIX}"


# --------------------------------------------------------------------------- jurisdictions


def _names(spec: dict) -> list[str]:
    return [spec["jurisdiction_id"], spec["name_zh"], spec.get("name_en") or "", *spec.get("aliases_zh", [])]


def resolve_jurisdiction(name: str) -> str:
    """The jurisdiction id for an id, Chinese name, alias or English name; InputError with close
    matches when there is none."""
    specs = metadata.jurisdiction_specs()
    wanted = name.strip()
    for jid, spec in specs.items():
        if wanted in _names(spec) or wanted.lower() == str(spec.get("name_en", "")).lower():
            return jid
    choices = {n: jid for jid, spec in specs.items() for n in _names(spec) if n}
    close = difflib.get_close_matches(wanted, list(choices), n=5, cutoff=0.5)
    close += [n for n in choices if wanted and len(n) >= 2 and (n in wanted or wanted in n)]
    hint = ", ".join(dict.fromkeys(f"{specs[choices[c]]['name_zh']} ({choices[c]})" for c in close))
    raise InputError(
        f"unknown jurisdiction {name!r}: "
        + (f"close matches: {hint}. " if hint else f"no close match among the {len(specs)} known ones. ")
        + "If it is new, add it with --new-jurisdiction --level LEVEL --parent PARENT --name-en NAME"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def new_jurisdiction_spec(name_zh: str, level: str | None, parent: str | None, name_en: str | None,
                          division_code: str | None = None) -> dict:
    """The jurisdictions.yaml entry for a jurisdiction not yet known (checked, not written).

    `division_code` is its 6-digit administrative division code (行政区划代码); it must lie inside the
    parent's province (same first two digits) and be new."""
    levels = list(metadata.labels()["level"])
    specs = metadata.jurisdiction_specs()
    name_zh = name_zh.strip()
    if any(name_zh in _names(s) for s in specs.values()):
        raise InputError(f"jurisdiction {name_zh!r} already exists — drop --new-jurisdiction")
    if not re.search(r"[\u3400-\u9fff]", name_zh):
        raise InputError(f"--jurisdiction {name_zh!r}: give the Chinese name of the new jurisdiction (e.g. 阳城县)")
    if level not in levels:
        raise InputError(f"--level must be one of {levels} for a new jurisdiction (got {level!r})")
    if not parent:
        raise InputError("--parent is required for a new jurisdiction (the province or city it belongs to)")
    parent_id = resolve_jurisdiction(parent)
    slug = _slug(name_en or "")
    if not slug:
        raise InputError(f"--name-en is required for a new jurisdiction: its English/pinyin name (e.g. Yangcheng) "
                         f"makes the id {parent_id}.<name>")
    jid = f"{parent_id}.{slug}"
    if jid in specs:
        raise InputError(f"jurisdiction id {jid} already exists ({specs[jid]['name_zh']}) — choose another --name-en")
    code = _division_code(division_code, parent_id, specs)
    suffixes = "|".join(map(re.escape, metadata.lexicon()["administrative_suffixes"]))
    short = re.sub(f"({suffixes})$", "", name_zh)
    aliases = [name_zh] + ([short] if len(short) >= 2 and short != name_zh else [])
    return {"jurisdiction_id": jid, "name_zh": name_zh, "name_en": name_en.strip(), "level": level,
            "parent_id": parent_id, "division_code": code, "aliases_zh": aliases}


def _division_code(code: str | None, parent_id: str, specs: dict[str, dict]) -> str | None:
    """A new jurisdiction's division code, checked (None when not given)."""
    if code is None or not str(code).strip():
        return None
    code = str(code).strip()
    if not re.fullmatch(r"[1-8]\d{5}", code):
        raise InputError(f"--division-code {code!r}: give the 6-digit administrative division code (e.g. 140522)")
    parent_code = specs[parent_id].get("division_code")
    if parent_code and code[:2] != str(parent_code)[:2]:
        raise InputError(f"--division-code {code} lies outside {parent_id} ({parent_code}): check the code")
    taken = {str(s.get("division_code")): jid for jid, s in specs.items() if s.get("division_code")}
    if code in taken:
        raise InputError(f"--division-code {code} already belongs to {taken[code]}")
    return code


def _append_jurisdiction(spec: dict) -> Path:
    """Append one entry to data/reference/jurisdictions.yaml (keeping its comments and layout); read back."""
    path = metadata.path_of("jurisdictions")
    line = "  - " + yaml.safe_dump(spec, allow_unicode=True, default_flow_style=True, sort_keys=False,
                                   width=1000).strip() + "\n"
    text = path.read_text(encoding="utf-8")
    _atomic_write(path, (text if text.endswith("\n") else text + "\n").encode("utf-8") + line.encode("utf-8"))
    if spec["jurisdiction_id"] not in metadata.jurisdiction_specs():
        raise InputError(f"{path}: the new entry could not be read back — check the file's layout")
    return path


# --------------------------------------------------------------------------- registry


def _read_registry_rows() -> tuple[list[str], list[dict]]:
    load_registry()  # the registry must be valid before anything is added to it
    with paths.REGISTRY_CSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    return header + [c for c in (*SOURCE_COLUMNS, *ORIGINAL_COLUMNS) if c not in header], rows


def _write_registry(header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c) or "" for c in header})
    _atomic_write(paths.REGISTRY_CSV, buf.getvalue().encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# --------------------------------------------------------------------------- the command


def _document_id(explicit: str | None, stem: str, jurisdiction_id: str, digest: str) -> str:
    if explicit is not None:
        doc = explicit.strip()
        if not valid_id(doc):
            raise InputError(
                f"--id {explicit!r}: a document id is lower-case letters, digits and single underscores "
                f"(at most {MAX_ID_LENGTH} characters, not a device name like nul), e.g. yangcheng_2021_jieshui_fangan"
            )
        return doc
    place = jurisdiction_id.rsplit(".", 1)[-1]
    words = _slug(stem)
    if not words:
        return f"{place}_{digest[:8]}"
    doc = words if words.startswith(place) else f"{place}_{words}"
    return doc[:MAX_ID_LENGTH].rstrip("_")


def _check_fields(kind: str, date: str | None, url: str | None) -> None:
    if kind not in KINDS:
        raise InputError(f"--kind must be one of {sorted(KINDS)} (got {kind!r})")
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError as exc:
            raise InputError(f"--date {date!r}: write the date of issue as YYYY-MM-DD") from exc
    if url and not re.match(r"^https?://\S+$", url):
        raise InputError(f"--url {url!r}: give the full http(s):// address of the source")


def _title_from(text: str) -> str | None:
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return first[:80] if re.search(r"[\u3400-\u9fff]", first) else None


def _draft(document_id: str, source: str, candidates: list[Candidate],
           unexplained: list[dict] | None = None, unlisted: list[Candidate] | None = None) -> str:
    header = (
        f"# DRAFT review of {document_id} (from {source}), written by `compare add` on {dt.date.today()}.\n"
        "# The build does NOT read this file.  Check every candidate against the text file:\n"
        "#   wrong field  → add a decision `{action: correct, quote, indicator_id, set: {field: value}, reason}`\n"
        "#   not a target → add a decision `{action: reject, quote, indicator_id, reason}`\n"
        "#   missed       → add a decision `{action: add, quote, indicator_id, comparator, value_reported,\n"
        "#                  unit_reported, target_year, reason}` (quote copied exactly from the text file)\n"
        "#   right        → add `{action: confirm, quote, indicator_id}`, or, once every candidate without a\n"
        "#                  decision has been checked and is right, put `confirm: all` at the top level\n"
        "# Once renamed, every candidate must be decided (or the build stops and lists the undecided);\n"
        "# `partial: <reason>` publishes the undecided ones as `unreviewed`.  `compare review <id>` opens a\n"
        "# workbench page that writes these decisions for you.  The task-division annex, if any, is reviewed\n"
        "# under `annex_decisions:` (README, \"Reviewing a document\"; `compare check <id>` counts its rows).\n"
        "# When done, rename this file to\n"
        f"# {document_id}.yaml (e.g. `mv {document_id}{DRAFT_SUFFIX} {document_id}.yaml`) and rebuild.\n"
    )
    if not candidates:
        header += "# No candidates were found.  If the document states no targets, keep the next line:\n"
        header += "# no_targets: <why this document has no numeric targets>\n"
    keep = ["indicator_id", "target_year", "comparator", "value_reported", "unit_reported", "value", "unit",
            "baseline_year", "scope", "attribute", "qualifier", "note", "quote", "char_start", "rule"]
    body = {
        "document_id": document_id,
        "decisions": [],
        "candidates": [{k: getattr(c, k) for k in keep} for c in candidates],
    }
    if unlisted:
        # Quantities in target clauses that no indicator of the vocabulary names: each is a target to add
        # (an alias in indicators.yaml, or an `add` decision) or none (leave it: it never reaches the tables).
        header += ("# `unlisted_targets`: what the text aims at under a name the vocabulary does not know — add an\n"
                   "# alias to src/compare/metadata/indicators.yaml (then re-extract), or an `add` decision\n"
                   "# (`closest_indicators`: the vocabulary's nearest names with a fitting unit — a hint only).\n")
        body["unlisted_targets"] = [for_review(c) for c in unlisted]
    if unexplained:
        # Numbers no rule accounted for, in sentences that state a target: a target the rules missed is
        # probably among them (add it), or say in a comment why each is no target.
        body["unclassified_numbers"] = unexplained
    return header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=1000)


def add_document(
    path: Path | str,
    jurisdiction: str,
    *,
    document_id: str | None = None,
    title: str | None = None,
    issuer: str | None = None,
    doc_number: str | None = None,
    date: str | None = None,
    url: str | None = None,
    kind: str = "official text",
    new_jurisdiction: bool = False,
    level: str | None = None,
    parent: str | None = None,
    name_en: str | None = None,
    division_code: str | None = None,
) -> AddResult:
    """Copy, convert, register and extract one document; see the module docstring."""
    # Load inputs.
    src = Path(path)
    try:
        src = src.resolve(strict=True)
    except (OSError, RuntimeError, ValueError) as exc:
        raise InputError(f"{path}: no such file ({exc.__class__.__name__})") from exc
    _check_fields(kind, date, url)
    if new_jurisdiction:
        jspec = new_jurisdiction_spec(jurisdiction, level, parent, name_en, division_code)
        jid = jspec["jurisdiction_id"]
    else:
        jspec, jid = None, resolve_jurisdiction(jurisdiction)
    with registry_lock():  # concurrent adds: each reads the registry the previous one wrote
        return _add_locked(src, jid, jspec, document_id=document_id, title=title, issuer=issuer,
                           doc_number=doc_number, date=date, url=url, kind=kind)


def _add_locked(src: Path, jid: str, jspec: dict | None, *, document_id: str | None, title: str | None,
                issuer: str | None, doc_number: str | None, date: str | None, url: str | None,
                kind: str) -> AddResult:
    """The rest of add_document, with the registry locked; a failure while saving removes every file
    this call created (nothing is written unless all succeeds)."""
    header, rows = _read_registry_rows()
    text = to_text(src)  # checks size and format before anything is written
    digest = sha256_of(src)
    for r in rows:  # the same original file: its own sha256, or that of the text it was converted to
        if digest == (r.get("original_sha256") or r.get("sha256")):
            return AddResult(r["document_id"], already_registered=True)
    doc = _document_id(document_id, src.stem, jid, digest)
    if any(r["document_id"] == doc for r in rows):
        raise InputError(
            f"document id {doc} is already registered for a different file (sha256 differs). Raw documents "
            "are never replaced: if this is a new version, add it under a new id with --id <new_id>"
        )

    # Process data.
    model = extract_document(text, doc, date)
    candidates = [c for c in model.candidates if c.kind == "target"]
    unexplained = unclassified_in_target_sentences(model)
    suffix = src.suffix.lower()
    original_bytes = src.read_bytes()
    text_path = paths.RAW_DIR / f"{doc}.txt"
    outputs = {text_path: original_bytes if suffix == ".txt" else text.encode("utf-8")}
    original = None if suffix == ".txt" else paths.RAW_DIR / f"{doc}{suffix}"
    if original is not None:
        outputs[original] = original_bytes
    for out, data in outputs.items():
        if out.exists() and out.read_bytes() != data:
            raise InputError(f"{out} exists but is not registered as {doc} — move it away or choose another --id")

    # Save outputs (the registry last: until it is written the document does not exist).
    result = AddResult(doc, already_registered=False, candidates=candidates)
    draft = draft_path(doc)
    created = [p for p in (*outputs, draft) if not p.exists()]
    try:
        if jspec is not None:
            _append_jurisdiction(jspec)
            result.new_jurisdiction = jid
        paths.RAW_DIR.mkdir(parents=True, exist_ok=True)
        paths.REVIEWS_DIR.mkdir(parents=True, exist_ok=True)
        for out, data in outputs.items():
            _atomic_write(out, data)
            result.written.append(out)
        unlisted = [c for c in model.candidates if c.kind == "unlisted"]
        _atomic_write(draft, _draft(doc, src.name, candidates, unexplained, unlisted).encode("utf-8"))
        result.written.append(draft)
        notes = f"added with `compare add` from “{src.name}”"
        if original is not None:
            notes += f"; text extracted from the {suffix} original"
        rows.append({
            "document_id": doc, "jurisdiction_id": jid, "title_zh": title or _title_from(text),
            "issuer_zh": issuer, "doc_number": doc_number, "date_issued": date, "kind": kind, "source_url": url,
            "path": text_path.name, "sha256": sha256_of(text_path), "notes": notes,
            "original_path": original.name if original else "", "original_sha256": digest if original else "",
        })
        _write_registry(header, rows)
    except BaseException:  # disk full, Ctrl-C …: leave no orphan file behind
        for path in created:
            path.unlink(missing_ok=True)
        raise
    result.written.append(paths.REGISTRY_CSV)
    assert set(REGISTRY_COLUMNS) <= set(header)
    return result
