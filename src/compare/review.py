"""Human review decisions, kept as data: data/raw/reviews/<document_id>.yaml.

A review file holds a list of `decisions`, each with a `reason`:

* ``reject``  — a candidate that is not a target (pinned by `quote` + `indicator_id`, and
  `target_year`/`char_start` when the quote holds several);
* ``correct`` — a candidate with a wrong field: `set: {field: value}`;
* ``add``     — a target the rules missed: its `quote` (exact raw text; `occurrence: n` when it
  occurs more than once) and its fields.

Top-level keys `no_targets: <reason>` (the document states none) and
`acknowledge_count_drop: <reason>` (a fall in targets against the last build is expected) are
read by validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from compare import metadata
from compare.errors import InputError, ReviewError
from compare.extract import Candidate, comparator_for, parse_number, unit_for
from compare.paths import REVIEWS_DIR
from compare.registry import read_yaml

ACTIONS = {"reject", "correct", "add"}
CORRECTABLE = {"indicator_id", "target_year", "comparator", "baseline_year", "scope", "attribute",
               "qualifier", "value_reported", "unit_reported", "note"}
COMPARATORS = {"<=", ">=", "=", "<", ">"}


@dataclass
class ReviewedTarget:
    """One accepted target of a document: a candidate as found, as corrected, or as added."""

    candidate: Candidate
    method: str  # "rule" or "review"
    found_by_rule: bool
    note: str | None = None


@dataclass
class ReviewStats:
    accepted: int = 0
    rejected: int = 0
    corrected: int = 0
    added: int = 0
    decisions: list[str] = field(default_factory=list)


def review_path(document_id: str, reviews_dir: Path | None = None) -> Path:
    return (reviews_dir or REVIEWS_DIR) / f"{document_id}.yaml"


def load_review(document_id: str, reviews_dir: Path | None = None) -> dict:
    """The parsed review file of a document ({} when there is none)."""
    path = review_path(document_id, reviews_dir)
    if not path.exists():
        return {}
    try:
        data = read_yaml(path) or {}  # safe loader without aliases, size-checked
    except yaml.YAMLError as exc:
        raise ReviewError(f"{path}: not valid YAML ({exc}). Fix the syntax and rebuild.") from exc
    if not isinstance(data, dict):
        raise ReviewError(f"{path}: expected a mapping with `decisions:`")
    for i, d in enumerate(data.get("decisions") or [], 1):
        where = f"{path} decision #{i}"
        if not isinstance(d, dict) or d.get("action") not in ACTIONS:
            raise ReviewError(f"{where}: `action` must be one of {sorted(ACTIONS)}")
        if not str(d.get("reason") or "").strip():
            raise ReviewError(f"{where} ({d.get('action')}): every decision needs a `reason`")
        if not d.get("quote"):
            raise ReviewError(f"{where} ({d.get('action')}): every decision is pinned to a `quote`")
    return data


def apply_review(candidates: list[Candidate], review: dict, raw: str, document_id: str,
                 path: Path | None = None) -> tuple[list[ReviewedTarget], ReviewStats]:
    """The document's targets after its review decisions, and what the review changed."""
    path = path or review_path(document_id)
    stats = ReviewStats()
    out = {id(c): ReviewedTarget(c, "rule", True) for c in candidates}
    for i, d in enumerate(review.get("decisions") or [], 1):
        where = f"{path} decision #{i} ({d['action']} {d.get('indicator_id', '')} “{d['quote']}”)"
        if d["action"] == "add":
            out[f"add{i}"] = ReviewedTarget(_added(d, raw, document_id, where), "review", False, d["reason"])
            stats.added += 1
            continue
        match = _match(candidates, d, where)
        if d["action"] == "reject":
            out.pop(id(match), None)
            stats.rejected += 1
        else:
            changes = d.get("set") or {}
            unknown = set(changes) - CORRECTABLE
            if unknown or not changes:
                raise ReviewError(f"{where}: `set` must change some of {sorted(CORRECTABLE)} (got {sorted(changes)})")
            out[id(match)] = ReviewedTarget(_corrected(match, changes, where), "review", True, d["reason"])
            stats.corrected += 1
    stats.accepted = len(out)
    return list(out.values()), stats


def _match(candidates: list[Candidate], d: dict, where: str) -> Candidate:
    hits = [c for c in candidates if c.quote == d["quote"] and c.indicator_id == d.get("indicator_id")]
    for key in ("target_year", "char_start"):
        if key in d:
            hits = [c for c in hits if getattr(c, key) == d[key]]
    if not hits:
        raise ReviewError(
            f"{where}: no candidate has this quote and indicator any more — the extractor or the "
            "quote changed. Run `python -m compare extract <file>` and update the review."
        )
    if len(hits) > 1:
        raise ReviewError(f"{where}: {len(hits)} candidates match; add `target_year` or `char_start` to pin one")
    return hits[0]


def _check_fields(c: Candidate, where: str) -> Candidate:
    specs = metadata.indicator_specs()
    if c.indicator_id not in specs:
        raise ReviewError(f"{where}: unknown indicator_id {c.indicator_id!r} (see src/compare/metadata/indicators.yaml)")
    if c.comparator not in COMPARATORS:
        raise ReviewError(f"{where}: comparator {c.comparator!r} not in {sorted(COMPARATORS)}")
    return c


def _value_in_unit(iid: str, value_reported: str, unit_reported: str, where: str) -> tuple[float, str]:
    spec = metadata.indicator_specs().get(iid)
    if spec is None:
        raise ReviewError(f"{where}: unknown indicator_id {iid!r} (see src/compare/metadata/indicators.yaml)")
    try:
        unit = unit_for(unit_reported)
        return metadata.convert(parse_number(str(value_reported)), unit, spec["unit"]), spec["unit"]
    except (InputError, metadata.MetadataError) as exc:
        raise ReviewError(f"{where}: {exc}") from exc


def _corrected(c: Candidate, changes: dict, where: str) -> Candidate:
    fixed = replace(c, **changes)
    value, unit = _value_in_unit(fixed.indicator_id, fixed.value_reported, fixed.unit_reported, where)
    return _check_fields(replace(fixed, value=round(value, 10), unit=unit), where)


def _added(d: dict, raw: str, document_id: str, where: str) -> Candidate:
    quote = d["quote"]
    start = d.get("char_start")
    if start is None:
        start, n = -1, int(d.get("occurrence", 1))
        for _ in range(n):
            start = raw.find(quote, start + 1)
            if start < 0:
                break
    if start < 0 or raw[start : start + len(quote)] != quote:
        raise ReviewError(f"{where}: the quote does not occur in the raw text — copy it exactly from the file")
    iid = d.get("indicator_id")
    value, unit = _value_in_unit(iid, d.get("value_reported"), d.get("unit_reported", ""), where)
    comparator = d.get("comparator") or comparator_for("", None) or "="
    return _check_fields(
        Candidate(
            document=document_id, indicator_id=iid, target_year=d.get("target_year"), value=round(value, 10),
            unit=unit, comparator=comparator, baseline_year=d.get("baseline_year"), scope=d.get("scope"),
            attribute=d.get("attribute"), value_reported=str(d.get("value_reported")),
            unit_reported=d.get("unit_reported", ""), qualifier=d.get("qualifier"), quote=quote,
            char_start=start, char_end=start + len(quote), rule="review", note=d.get("note"),
        ),
        where,
    )
