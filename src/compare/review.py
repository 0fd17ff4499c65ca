"""Human review decisions, kept as data: data/raw/reviews/<document_id>.yaml.

A review file holds a list of `decisions`, each pinned to a candidate (or, for `add`, to raw text):

* ``confirm`` — a candidate a person checked and found right (`reason` optional);
* ``reject``  — a candidate that is not a target;
* ``correct`` — a candidate with a wrong field: `set: {field: value}`;
* ``add``     — a target the rules missed: its `quote` (exact raw text; `char_start`, or
  `occurrence: n` when it occurs more than once) and its fields.

`confirm`, `reject` and `correct` pin a candidate by `quote` + `indicator_id` (and `target_year` /
`char_start` when the quote holds several; `value_reported` / `comparator` pin what was confirmed, so
a confirmation stops matching when the extractor later reads the quote differently). Every decision
except `confirm` needs a `reason`.

Once a review file exists, **every candidate must be decided**: by a decision, or by the top-level
`confirm: all` (every candidate without a decision was checked and is right). When the file keeps the
`candidates:` listing of its draft (written by `compare add`), `confirm: all` confirms only the
candidates listed there, so one a newer extractor finds is never confirmed unseen. `partial: <reason>`
marks a review still in progress: candidates without a decision stay `unreviewed`. Each target row
gets a `review_status` (see REVIEW_STATUSES). Other top-level keys: `document_id` (must equal the
file name), `no_targets: <reason>` (the document states none) and `acknowledge_count_drop: <reason>`
(a fall in targets against the last build is expected), both read by validation.

The task-division annex (the `responsibilities` table) is reviewed in the same file, under
`annex_decisions:` — each decision pinned to an annex row by `task_no`, `quote` (the unit as written)
and `role` (and `item_seq` / `char_start` when that leaves several): ``confirm``, ``reject``,
``correct`` (`set:` some of agency_id, role, unit_note_zh, task_id) and ``add`` (a unit the reader
missed: `quote` with `char_start` or `occurrence`, `task_no`, `item_seq`, `agency_id`, `role`; it joins
an item the reader found).  `annex_confirm: all` confirms every annex row without a decision.  Annex
rows without a decision stay `unreviewed` (see :func:`apply_annex_review`).

Review files are read strictly: unknown or duplicate keys, wrongly typed fields, a file name that
names no registered document or a `.yml` suffix are refused with the file and the decision named.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from compare import metadata, paths
from compare.errors import InputError, ReviewError
from compare.extract import Candidate, comparator_for, parse_number, unit_for
from compare.registry import read_text_file

ACTIONS = ("confirm", "reject", "correct", "add")
CORRECTABLE = {"indicator_id", "target_year", "comparator", "baseline_year", "scope", "attribute",
               "qualifier", "value_reported", "unit_reported", "note"}
COMPARATORS = {"<=", ">=", "=", "<", ">"}
#: review_status of a target row: a person accepted the candidate as found / changed a field / added
#: it (reference rows, typed in by hand, count as added); or nobody has checked it yet.
REVIEW_STATUSES = ("confirmed", "corrected", "added", "unreviewed")
#: Top-level keys of a review file.
TOP_KEYS = {"document_id", "decisions", "confirm", "partial", "no_targets", "acknowledge_count_drop", "candidates",
            "annex_decisions", "annex_confirm"}
#: What pins a decision to a candidate: quote + indicator_id, and optionally the year, the offset and
#: (the workbench writes them for `confirm`) the value and comparator as confirmed.
_PIN_FIELDS = ("target_year", "char_start", "value_reported", "comparator")
_PIN = {"action", "reason", "quote", "indicator_id", *_PIN_FIELDS}
#: Keys each action accepts.
DECISION_KEYS = {
    "confirm": _PIN,
    "reject": _PIN,
    "correct": _PIN | {"set"},
    "add": {"action", "reason", "quote", "char_start", "char_end", "occurrence"} | CORRECTABLE,
}
#: Annex decisions: what pins one to an annex row, what `correct` may change, what each action accepts.
_ANNEX_PIN = ("task_no", "quote", "role")
_ANNEX_PIN_OPTIONAL = ("item_seq", "char_start")
ANNEX_CORRECTABLE = {"agency_id", "role", "unit_note_zh", "task_id"}
ANNEX_DECISION_KEYS = {
    "confirm": {"action", "reason", *_ANNEX_PIN, *_ANNEX_PIN_OPTIONAL},
    "reject": {"action", "reason", *_ANNEX_PIN, *_ANNEX_PIN_OPTIONAL},
    "correct": {"action", "reason", "set", *_ANNEX_PIN, *_ANNEX_PIN_OPTIONAL},
    "add": {"action", "reason", "task_no", "item_seq", "quote", "char_start", "occurrence", "agency_id", "role",
            "unit_note_zh"},
}
ROLES = ("lead", "participant")
_YEARS = {"target_year", "baseline_year"}
_INTS = {"char_start", "char_end", "occurrence"}
_REQUIRED_TEXT = {"quote", "indicator_id", "reason"}
YEAR_RANGE = (1949, 2100)
REVIEW_SUFFIX = ".yaml"
DRAFT_SUFFIX = ".draft.yaml"


@dataclass
class ReviewedTarget:
    """One accepted target of a document: a candidate as found, as corrected, or as added."""

    candidate: Candidate
    method: str  # "rule" or "review"
    found_by_rule: bool
    note: str | None = None
    status: str = "unreviewed"  # one of REVIEW_STATUSES


@dataclass
class ReviewStats:
    accepted: int = 0
    rejected: int = 0
    corrected: int = 0
    added: int = 0
    confirmed: int = 0
    unreviewed: int = 0
    decisions: list[str] = field(default_factory=list)


def review_path(document_id: str, reviews_dir: Path | None = None) -> Path:
    return (reviews_dir or paths.REVIEWS_DIR) / f"{document_id}{REVIEW_SUFFIX}"


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice in one mapping (PyYAML keeps the last), and anchors
    and aliases (`&x` / `*x`: a few lines of them expand to billions of items, a "billion laughs")."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name / *name) are not allowed: write each value out",
                self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str | int | float | bool | type(None)):
            raise ReviewError(f"line {key_node.start_mark.line + 1}: a key must be a plain word, got {key!r}")
        if key in seen:
            raise ReviewError(
                f"duplicate key `{key}` (lines {seen[key]} and {key_node.start_mark.line + 1}): PyYAML would "
                "silently keep only the last — merge the two into one"
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def parse_review(text: str, path: Path, document_id: str) -> dict:
    """A review file's text, parsed and checked (see the module docstring). An empty file is a review
    with no decisions (so every candidate is undecided)."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 — a SafeLoader subclass
        data = {} if data is None else data
    except ReviewError as exc:
        raise ReviewError(f"{path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ReviewError(f"{path}: not valid YAML ({exc}). Fix the syntax and rebuild.") from exc
    if not isinstance(data, dict):
        raise ReviewError(f"{path}: expected a mapping with `decisions:`")
    unknown = sorted(map(str, set(data) - TOP_KEYS))
    if unknown:
        raise ReviewError(f"{path}: unknown top-level key(s) {unknown} — allowed: {sorted(TOP_KEYS)}")
    if "document_id" in data and data["document_id"] != document_id:
        raise ReviewError(f"{path}: document_id {data['document_id']!r} differs from the file name "
                          f"({document_id!r}) — one of them is wrong")
    if "confirm" in data and data["confirm"] != "all":
        raise ReviewError(f"{path}: `confirm:` takes only `all` (got {data['confirm']!r}); to confirm one "
                          "candidate, add a decision `{action: confirm, quote, indicator_id}`")
    for key in ("partial", "no_targets", "acknowledge_count_drop"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            raise ReviewError(f"{path}: `{key}:` needs a reason (text), got {data[key]!r}")
    if "confirm" in data and "partial" in data:
        raise ReviewError(f"{path}: `confirm: all` and `partial:` contradict each other — keep one")
    listing = data.get("candidates")
    if listing is not None and not (isinstance(listing, list) and all(isinstance(x, dict) for x in listing)):
        raise ReviewError(f"{path}: `candidates:` is the listing `compare add` writes (a list of mappings); "
                          "remove it or restore it")
    decisions = data.get("decisions")
    if decisions is None:
        data["decisions"] = decisions = []
    if not isinstance(decisions, list):
        raise ReviewError(f"{path}: `decisions:` must be a list (one `- action: …` entry per decision)")
    for i, d in enumerate(decisions, 1):
        _check_decision(d, f"{path} decision #{i}")
    if "annex_confirm" in data and data["annex_confirm"] != "all":
        raise ReviewError(f"{path}: `annex_confirm:` takes only `all` (got {data['annex_confirm']!r})")
    annex = data.get("annex_decisions") or []
    if not isinstance(annex, list):
        raise ReviewError(f"{path}: `annex_decisions:` must be a list (one `- action: …` entry per decision)")
    for i, d in enumerate(annex, 1):
        _check_annex_decision(d, f"{path} annex decision #{i}")
    return data


def _check_action(d: object, where: str, keys: dict[str, set], subject: str) -> tuple[str, str]:
    """(action, `where` naming the decision) once the checks every decision shares pass: a mapping, a
    known action, only that action's fields, a reason unless it confirms."""
    if not isinstance(d, dict):
        raise ReviewError(f"{where}: a decision is a mapping (`- action: …`), got {d!r}")
    action = d.get("action")
    if action not in ACTIONS:
        raise ReviewError(f"{where}: `action` must be one of {list(ACTIONS)} (got {action!r})")
    where = f"{where} ({action} {subject} “{d.get('quote') or ''}”)"
    unknown = sorted(map(str, set(d) - keys[action]))
    if unknown:
        raise ReviewError(f"{where}: unknown field(s) {unknown} for `{action}` — allowed: {sorted(keys[action])}")
    if action != "confirm" and not (isinstance(d.get("reason"), str) and d["reason"].strip()):
        raise ReviewError(f"{where}: every decision needs a `reason` (only `confirm` may omit it)")
    return action, where


def _check_annex_decision(d: object, where: str) -> None:
    subject = f"task {d.get('task_no') or ''}" if isinstance(d, dict) else ""
    action, where = _check_action(d, where, ANNEX_DECISION_KEYS, subject)
    for key in ("task_no", "quote", "role"):
        if not (isinstance(d.get(key), str) and d[key].strip()):
            raise ReviewError(f"{where}: `{key}` is required, as text (task_no as written, e.g. \"3\")")
    changes = d.get("set") if action == "correct" else {k: d[k] for k in ("agency_id", "role") if k in d}
    if action == "correct" and not (isinstance(changes, dict) and changes):
        raise ReviewError(f"{where}: `set` must be a mapping changing some of {sorted(ANNEX_CORRECTABLE)}")
    if action == "correct" and set(changes) - ANNEX_CORRECTABLE:
        raise ReviewError(f"{where}: `set` cannot change {sorted(map(str, set(changes) - ANNEX_CORRECTABLE))} — "
                          f"correctable: {sorted(ANNEX_CORRECTABLE)}")
    if action == "add" and not isinstance(d.get("agency_id"), str):
        raise ReviewError(f"{where}: an added row needs `agency_id` (an id of data/reference/agencies.yaml)")
    for role in (d.get("role"), (changes or {}).get("role", "lead")):
        if role not in ROLES:
            raise ReviewError(f"{where}: role {role!r} is not one of {list(ROLES)}")
    agency = (changes or {}).get("agency_id")
    if agency is not None and agency not in metadata.agency_specs():
        raise ReviewError(f"{where}: unknown agency_id {agency!r} (see data/reference/agencies.yaml)")
    task = (changes or {}).get("task_id") if action == "correct" else None
    if task is not None and task not in metadata.task_specs():
        raise ReviewError(f"{where}: unknown task_id {task!r} (see data/reference/tasks.yaml)")
    for key in ("item_seq", "char_start", "occurrence"):
        value = d.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ReviewError(f"{where}: `{key}` must be a whole number, got {value!r}")


def load_review(document_id: str, reviews_dir: Path | None = None) -> dict:
    """The parsed, checked review file of a document ({} when there is none)."""
    path = review_path(document_id, reviews_dir)
    if not path.exists():
        return {}
    return parse_review(read_text_file(path), path, document_id)  # regular file, size limit, UTF-8


def _check_decision(d: object, where: str) -> None:
    subject = str(d.get("indicator_id") or "") if isinstance(d, dict) else ""
    action, where = _check_action(d, where, DECISION_KEYS, subject)
    if not (isinstance(d.get("quote"), str) and d["quote"]):
        raise ReviewError(f"{where}: every decision is pinned to a `quote` (text copied from the raw file)")
    if not isinstance(d.get("indicator_id"), str):
        raise ReviewError(f"{where}: `indicator_id` is required (an id of src/compare/metadata/indicators.yaml)")
    if action == "add" and "value_reported" not in d:
        raise ReviewError(f"{where}: an added target needs `value_reported` (the number as written)")
    fields = {k: v for k, v in d.items() if k not in ("action", "set")}
    if action == "correct":
        changes = d.get("set")
        if not isinstance(changes, dict) or not changes:
            raise ReviewError(f"{where}: `set` must be a mapping changing some of {sorted(CORRECTABLE)}")
        unknown = sorted(map(str, set(changes) - CORRECTABLE))
        if unknown:
            raise ReviewError(f"{where}: `set` cannot change {unknown} — correctable: {sorted(CORRECTABLE)}")
        _check_types(changes, f"{where} set")
    _check_types(fields, where)


def _check_types(fields: dict, where: str) -> None:
    lo, hi = YEAR_RANGE
    for key, value in fields.items():
        if key in _YEARS:
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                raise ReviewError(f"{where}: `{key}` must be a year written as a whole number "
                                  f"{lo}–{hi} (or null), got {value!r}")
        elif key in _INTS:
            if isinstance(value, bool) or not isinstance(value, int) or value < (1 if key == "occurrence" else 0):
                raise ReviewError(f"{where}: `{key}` must be a whole number ≥ {1 if key == 'occurrence' else 0}, "
                                  f"got {value!r}")
        elif key in _REQUIRED_TEXT or key == "value_reported":
            if not isinstance(value, str) or not value.strip():
                hint = ' (quote it as written, e.g. "0.50")' if key == "value_reported" else ""
                raise ReviewError(f"{where}: `{key}` must be text{hint}, got {value!r}")
        elif value is not None and not isinstance(value, str):
            raise ReviewError(f"{where}: `{key}` must be text (or null), got {value!r}")


def check_review_folder(document_ids: Iterable[str], reviews_dir: Path | None = None) -> None:
    """Refuse review files the build would otherwise ignore: a `.yml` (or other-case) suffix, or a
    file name that names no registered document (a misspelt id). Drafts (`*.draft.yaml`) are skipped."""
    folder = reviews_dir or paths.REVIEWS_DIR
    if not folder.is_dir():
        return
    ids = set(document_ids)
    for path in sorted(folder.iterdir()):
        name = path.name
        if not path.is_file() or name.lower().endswith(".draft.yaml") or name.lower().endswith(".draft.yml"):
            continue
        suffix = Path(name).suffix
        if suffix.lower() not in (".yaml", ".yml"):
            continue
        stem = name[: -len(suffix)]
        if suffix != REVIEW_SUFFIX:
            raise ReviewError(f"{path}: review files end in `{REVIEW_SUFFIX}` — this one would be ignored; "
                              f"rename it to {stem}{REVIEW_SUFFIX}")
        if stem not in ids:
            close = difflib.get_close_matches(stem, sorted(ids), n=3, cutoff=0.6)
            hint = f"; close matches: {', '.join(close)}" if close else ""
            raise ReviewError(f"{path}: no registered document has the id {stem!r} (data/raw/documents.csv)"
                              f"{hint} — rename the file to <document_id>{REVIEW_SUFFIX}")


def _describe(c: Candidate) -> str:
    return (f"{c.indicator_id} {c.target_year or '—'} {c.comparator} {c.value_reported}{c.unit_reported} "
            f"“{c.quote}” (char_start {c.char_start})")


def apply_review(candidates: list[Candidate], review: dict, raw: str, document_id: str,
                 path: Path | None = None) -> tuple[list[ReviewedTarget], ReviewStats]:
    """The document's targets after its review decisions (each with its review_status), and what the
    review changed. An empty `review` (no file) leaves every candidate `unreviewed`."""
    path = path or review_path(document_id)
    stats = ReviewStats()
    has_review = bool(review)
    out: dict = {id(c): ReviewedTarget(c, "rule", True) for c in candidates}
    decided: dict[int, int] = {}
    for i, d in enumerate(review.get("decisions") or [], 1):
        where = f"{path} decision #{i} ({d['action']} {d.get('indicator_id', '')} “{d['quote']}”)"
        if d["action"] == "add":
            out[f"add{i}"] = ReviewedTarget(_added(d, raw, document_id, where), "review", False, d["reason"],
                                            "added")
            stats.added += 1
            continue
        match = match_candidate(candidates, d, where)
        if id(match) in decided:
            raise ReviewError(f"{where}: this candidate is already decided by decision #{decided[id(match)]} — "
                              "keep one decision per candidate")
        decided[id(match)] = i
        if d["action"] == "reject":
            out.pop(id(match), None)
            stats.rejected += 1
        elif d["action"] == "confirm":
            out[id(match)].status = "confirmed"
            stats.confirmed += 1
        else:
            out[id(match)] = ReviewedTarget(_corrected(match, d["set"], where), "review", True, d["reason"],
                                            "corrected")
            stats.corrected += 1
    undecided = [c for c in candidates if id(c) not in decided]
    if has_review and undecided and review.get("confirm") == "all":
        seen = _listed(review)
        for c in undecided:
            if seen is None or _key(c) in seen:
                out[id(c)].status = "confirmed"
                stats.confirmed += 1
        undecided = [c for c in undecided if out[id(c)].status != "confirmed"]
        unseen = " (not in the file's `candidates:` listing, which `confirm: all` confirms: found by a newer " \
                 "extractor, so nobody has checked them)" if undecided else ""
    else:
        unseen = ""
    if has_review and undecided and not review.get("partial"):
        shown = "\n".join(f"  - {_describe(c)}" for c in undecided[:20])
        more = f"\n  … and {len(undecided) - 20} more" if len(undecided) > 20 else ""
        raise ReviewError(
            f"{path}: {len(undecided)} of {len(candidates)} candidates have no decision{unseen}:\n{shown}{more}\n"
            "Decide each (`action: confirm`, `reject` or `correct`), or, once you have checked them all, "
            "put `confirm: all` at the top of the file (`partial: <reason>` keeps them unreviewed)."
        )
    stats.unreviewed = sum(t.status == "unreviewed" for t in out.values())
    stats.accepted = len(out)
    return list(out.values()), stats


def _key(c) -> tuple:
    return (c.quote, c.indicator_id, c.target_year)


def _listed(review: dict) -> set | None:
    """(quote, indicator_id, target_year) of the candidates listed under `candidates:` (the listing
    `compare add` writes into a draft), or None when the file has no listing."""
    listing = review.get("candidates")
    if listing is None:
        return None
    return {(x.get("quote"), x.get("indicator_id"), x.get("target_year")) for x in listing}


def match_candidate(candidates: list[Candidate], d: dict, where: str) -> Candidate:
    hits = [c for c in candidates if c.quote == d["quote"] and c.indicator_id == d.get("indicator_id")]
    for key in _PIN_FIELDS:
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
    if d.get("char_end") is not None and d["char_end"] != start + len(quote):
        raise ReviewError(f"{where}: char_end {d['char_end']} is not char_start + the quote's length "
                          f"({start + len(quote)}) — offsets count characters of the decoded raw text")
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


# --------------------------------------------------------------------------- the task-division annex


def _annex_describe(r: dict) -> str:
    return f"task {r['task_no']} item {r['item_seq']} {r['role']} “{r['unit_zh']}” (char_start {r['char_start']})"


def _match_annex_row(rows: list[dict], d: dict, where: str) -> dict:
    hits = [r for r in rows if r["task_no"] == d["task_no"] and r["unit_zh"] == d["quote"] and r["role"] == d["role"]]
    for key in _ANNEX_PIN_OPTIONAL:
        if key in d:
            hits = [r for r in hits if r[key] == d[key]]
    if not hits:
        raise ReviewError(f"{where}: no annex row has this task, unit and role any more — the annex reader or "
                          "the raw file changed; update the review")
    if len(hits) > 1:
        raise ReviewError(f"{where}: {len(hits)} annex rows match; add `item_seq` or `char_start` to pin one")
    return hits[0]


def _added_annex_row(rows: list[dict], d: dict, raw: str, document_id: str, where: str) -> dict:
    quote, item_seq = d["quote"], d.get("item_seq", 1)
    start = d.get("char_start")
    if start is None:
        start = -1
        for _ in range(int(d.get("occurrence", 1))):
            start = raw.find(quote, start + 1)
            if start < 0:
                break
    if start < 0 or raw[start:start + len(quote)] != quote:
        raise ReviewError(f"{where}: the quote does not occur in the raw text — copy it exactly from the file")
    item = next((r for r in rows if r["task_no"] == d["task_no"] and r["item_seq"] == item_seq), None)
    if item is None:
        raise ReviewError(f"{where}: the annex reader found no task {d['task_no']} item {item_seq} in this "
                          "document — an added unit joins an item it found")
    return item | {"unit_zh": quote, "unit_note_zh": d.get("unit_note_zh"), "agency_id": d["agency_id"],
                   "role": d["role"], "quote_zh": quote, "char_start": start, "char_end": start + len(quote),
                   "rule": "review", "review_status": "added", "document_id": document_id}


def apply_annex_review(rows: list[dict], review: dict, raw: str, document_id: str,
                       path: Path | None = None) -> tuple[list[dict], ReviewStats]:
    """The document's annex rows (compare.responsibilities.extract_annex) after the review file's
    `annex_decisions:`, each with its review_status, and what the review changed.  Rows without a
    decision are `confirmed` under `annex_confirm: all`, otherwise `unreviewed`."""
    path = path or review_path(document_id)
    stats = ReviewStats()
    out: dict = {id(r): dict(r, review_status="unreviewed") for r in rows}
    decided: dict[int, int] = {}
    for i, d in enumerate(review.get("annex_decisions") or [], 1):
        where = f"{path} annex decision #{i} ({d['action']} task {d['task_no']} “{d['quote']}”)"
        if d["action"] == "add":
            out[f"add{i}"] = _added_annex_row(rows, d, raw, document_id, where)
            stats.added += 1
            continue
        match = _match_annex_row(rows, d, where)
        if id(match) in decided:
            raise ReviewError(f"{where}: this annex row is already decided by annex decision #{decided[id(match)]} "
                              "— keep one decision per row")
        decided[id(match)] = i
        if d["action"] == "reject":
            out.pop(id(match))
            stats.rejected += 1
        elif d["action"] == "confirm":
            out[id(match)]["review_status"] = "confirmed"
            stats.confirmed += 1
        else:
            out[id(match)].update(d["set"], review_status="corrected")
            stats.corrected += 1
    if review.get("annex_confirm") == "all":
        for r in rows:
            if id(r) not in decided:
                out[id(r)]["review_status"] = "confirmed"
                stats.confirmed += 1
    stats.unreviewed = sum(r["review_status"] == "unreviewed" for r in out.values())
    stats.accepted = len(out)
    stats.decisions = [_annex_describe(r) for r in out.values() if r["review_status"] != "unreviewed"]
    return list(out.values()), stats
