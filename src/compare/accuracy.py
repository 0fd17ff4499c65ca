"""How good the extractor is, measured against gold written by people who read the text.

Two kinds of gold:

* a **document gold table** (`tests/gold/<document_id>.csv`): every target stated in one registered
  document, with its raw span;
* a **case set** (`tests/devset/*.yaml`, or a held-out set kept outside the repository): short texts,
  each with the targets (`expect`) and outcomes (`outcomes`) a reader finds in it.

A candidate matches a gold row when indicator, target year, comparator and value
agree (values to 1e-6 relative or to two decimals) — and, for a document, when their raw spans overlap.  Recall is the share of gold rows some
candidate matches; precision the share of target candidates that match some gold row (a target stated
twice in a text and found twice counts as correct twice).  Outcome candidates are scored apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from compare import metadata
from compare.extract import Candidate, extract_text


def _same_value(a: float, b: float) -> bool:
    """Equal to 1e-6 relative, or to the two decimals a reader writes (三分之二 → 66.67)."""
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9) or round(float(a), 2) == round(float(b), 2)


def _year(v) -> int | None:
    if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
        return None
    return int(v)


@dataclass
class Score:
    """Matches of candidates against gold rows (one text, one document or a whole set)."""

    gold: int = 0
    found: int = 0  # gold rows matched by some candidate
    reported: int = 0  # target candidates
    correct: int = 0  # target candidates matching some gold row
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.reported += other.reported
        self.correct += other.correct
        self.missed += other.missed
        self.wrong += other.wrong

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.reported if self.reported else None

    def as_dict(self) -> dict:
        r, p = self.recall, self.precision
        return {"precision": None if p is None else round(p, 4), "recall": None if r is None else round(r, 4),
                "gold": self.gold, "found": self.found, "reported": self.reported, "correct": self.correct}


def _key(row) -> str:
    return (f"{row['indicator_id']} {row.get('target_year')} {row['comparator']} {row['value']}"
            f"{' base ' + str(row.get('baseline_year')) if row.get('baseline_year') else ''}")


def _unlisted_matches(c: Candidate, g: dict) -> bool:
    """Whether an unlisted candidate gives gold row `g`'s year, comparator and value (its value converted
    to the gold indicator's unit when it can be; the indicator itself is left to the reviewer)."""
    spec = metadata.indicator_specs().get(g["indicator_id"])
    try:
        value = metadata.convert(c.value, c.unit, spec["unit"]) if spec else c.value
    except metadata.MetadataError:
        return False
    return (c.comparator == g["comparator"] and _year(c.target_year) == _year(g.get("target_year"))
            and _same_value(value, g["value"]))


def score_unlisted(candidates: list[Candidate], gold: list[dict], label: str = "") -> Score:
    """Unlisted candidates against the gold rows the target candidates miss: `found` of those rows an
    unlisted candidate gives (year, comparator, value); `correct` unlisted candidates giving some gold row."""
    targets = [c for c in candidates if c.kind == "target"]
    unlisted = [c for c in candidates if c.kind == "unlisted"]
    missed = [g for g in gold if not any(_matches(c, g, False) for c in targets)]
    s = Score(gold=len(missed), reported=len(unlisted))
    s.found = sum(any(_unlisted_matches(c, g) for c in unlisted) for g in missed)
    for c in unlisted:
        if any(_unlisted_matches(c, g) for g in gold):
            s.correct += 1
        else:
            s.wrong.append(f"{label}: {c.indicator_reported} {c.target_year} {c.comparator} {c.value_reported}"
                           f"{c.unit_reported}")
    return s


def _matches(c: Candidate, g: dict, spans: bool) -> bool:
    if (c.indicator_id != g["indicator_id"] or c.comparator != g["comparator"]
            or _year(c.target_year) != _year(g.get("target_year")) or not _same_value(c.value, g["value"])):
        return False
    if spans:
        return c.char_start < int(g["char_end"]) and int(g["char_start"]) < c.char_end
    return True


def score(candidates: Iterable[Candidate], gold: list[dict], *, spans: bool = False,
          only: set[str] | None = None, label: str = "") -> Score:
    """Score the target candidates of one text (or document) against its gold rows; `only` restricts
    both sides to a set of indicator ids (e.g. the core indicators)."""
    targets = [c for c in candidates if c.kind == "target" and (only is None or c.indicator_id in only)]
    gold = [g for g in gold if only is None or g["indicator_id"] in only]
    s = Score(gold=len(gold), reported=len(targets))
    for g in gold:
        if any(_matches(c, g, spans) for c in targets):
            s.found += 1
        else:
            s.missed.append(f"{label}: {_key(g)}")
    for c in targets:
        if any(_matches(c, g, spans) for g in gold):
            s.correct += 1
        else:
            s.wrong.append(f"{label}: {c.indicator_id} {c.target_year} {c.comparator} {c.value} «{c.quote}»")
    return s


def core_indicators() -> set[str]:
    """Ids of the core indicators (indicators.yaml `core: true`)."""
    return {iid for iid, spec in metadata.indicator_specs().items() if spec.get("core")}


# --------------------------------------------------------------------------- document gold tables


def read_gold(path: Path) -> list[dict]:
    """The rows of one document gold table."""
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["value"] = float(r["value"])
    return rows


def document_accuracy(candidates: dict[str, list[Candidate]], gold_dir: Path) -> dict[str, dict]:
    """{document_id: {precision, recall, …}} for every document that has a gold table in `gold_dir`."""
    out = {}
    for doc, found in sorted(candidates.items()):
        path = gold_dir / f"{doc}.csv"
        if path.exists():
            out[doc] = score(found, read_gold(path), spans=True, label=doc).as_dict()
    return out


# --------------------------------------------------------------------------- case sets


@dataclass
class CaseSetScore:
    """Scores of a case set: all targets, core targets, and outcome recall."""

    all: Score = field(default_factory=Score)
    core: Score = field(default_factory=Score)
    outcomes: Score = field(default_factory=Score)
    unlisted: Score = field(default_factory=Score)  # gold rows the rules missed that unlisted candidates give
    by_family: dict[str, Score] = field(default_factory=dict)
    cases: int = 0


def load_cases(folder: Path) -> list[tuple[str, dict]]:
    """(file stem, case) of every case of every YAML file in `folder` (new_indicators.yaml excluded)."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        if path.stem.startswith("new_"):
            continue
        data = metadata.read_yaml(path.read_text(encoding="utf-8")) or {}
        for case in data.get("cases") or []:
            out.append((data.get("family") or path.stem, case))
    return out


def score_cases(cases: list[tuple[str, dict]]) -> CaseSetScore:
    """Extract every case's text (with its date of issue) and score it."""
    core = core_indicators()
    result = CaseSetScore()
    for family, case in cases:
        found = extract_text(case["text"], str(case.get("id", "case")), case.get("date_issued"))
        expect = [dict(g) for g in case.get("expect") or []]
        for g in expect:
            g.setdefault("comparator", "=")
        label = str(case.get("id"))
        s = score(found, expect, label=label)
        result.all.add(s)
        result.by_family.setdefault(family, Score()).add(s)
        result.core.add(score(found, expect, only=core, label=label))
        result.unlisted.add(score_unlisted(found, expect, label=label))
        outcomes = [{"indicator_id": o["indicator_id"], "target_year": o.get("year"), "comparator": "=",
                     "value": o["value"]} for o in case.get("outcomes") or []]
        as_targets = [Candidate(**{**c.__dict__, "kind": "target"}) for c in found if c.kind == "outcome"]
        o = score(as_targets, outcomes, label=label)
        result.outcomes.add(o)
        result.cases += 1
    return result
