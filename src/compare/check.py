"""`compare check DOCUMENT_ID`: the reviewer's fast loop — one document extracted (from the cache),
its review applied and its rows checked as the gate checks single rows, in about a second, without
Great Expectations and without publishing anything."""

from __future__ import annotations

from dataclasses import dataclass, field

from compare import curate
from compare.cache import extract_many
from compare.errors import InputError
from compare.registry import load_registry, read_registered
from compare.review import apply_annex_review, apply_review, load_review, review_path


@dataclass
class DocumentCheck:
    """What one document's review makes of its candidates, and the rows that would fail the gate."""

    document_id: str
    candidates: int
    statuses: dict[str, int] = field(default_factory=dict)
    failures: list = field(default_factory=list)
    numbers: tuple[int, int] = (0, 0)
    #: The task-division annex after review: rows per review_status, and what stops it being curated.
    annex_statuses: dict[str, int] = field(default_factory=dict)
    annex_problem: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures and self.annex_problem is None

    def report(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items())) or "no targets"
        lines = [f"{self.document_id}: {self.candidates} candidates → {counts}",
                 f"  numbers accounted for: {self.numbers[0]}/{self.numbers[1]}"]
        if self.annex_statuses:
            annex = ", ".join(f"{n} {s}" for s, n in sorted(self.annex_statuses.items()))
            lines.append(f"  task-division annex: {sum(self.annex_statuses.values())} rows → {annex}")
        if self.annex_problem:
            lines.append(f"  task-division annex: {self.annex_problem}")
        for k, f in enumerate(self.failures, 1):
            lines += ["  " + line for line in f.lines(k)]
        lines.append("  all row checks passed" if self.ok else
                     f"  {len(self.failures) + (self.annex_problem is not None)} check(s) failed — fix the review "
                     "(or the metadata) and run again")
        return "\n".join(lines)


def check_document(document_id: str) -> DocumentCheck:
    """Extract, review and check one registered document (nothing is written but the extraction cache)."""
    from compare.validate import row_checks

    registry = load_registry()
    row = registry[registry["document_id"] == document_id]
    if row.empty:
        raise InputError(f"{document_id}: no such document in data/raw/documents.csv (`compare add` registers one)")
    raw_texts = read_registered(row)
    if document_id not in raw_texts:
        raise InputError(f"{document_id}: a document known only through a news report has no text to check")
    date = row["date_issued"].iloc[0]
    tallies: dict[str, tuple[int, int]] = {}
    annexes: dict = {}
    found = extract_many(raw_texts, dates={document_id: date if isinstance(date, str) else None}, tallies=tallies,
                         annexes=annexes)
    candidates = [c for c in found[document_id] if c.kind == "target"]
    review = load_review(document_id)
    raw = raw_texts[document_id]
    reviewed, _ = apply_review(candidates, review, raw, document_id, review_path(document_id))
    targets = curate.targets_from_documents({document_id: reviewed}, row)
    statuses = {str(k): int(v) for k, v in targets["review_status"].value_counts().items()}
    check = DocumentCheck(document_id, len(candidates), statuses, row_checks({"targets": targets}, raw_texts),
                          tallies.get(document_id, (0, 0)))
    annex = annexes.get(document_id) or []
    if isinstance(annex, str):  # the task-division table could not be read
        check.annex_problem = annex
        return check
    rows, _ = apply_annex_review(annex, review, raw, document_id, review_path(document_id))
    try:
        table = curate.responsibilities({document_id: rows})
    except InputError as exc:
        check.annex_problem = str(exc)
    else:
        check.annex_statuses = {str(k): int(v) for k, v in table["review_status"].value_counts().items()}
    return check
