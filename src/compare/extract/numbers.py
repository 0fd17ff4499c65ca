"""Every number accounted for: the named patterns that dismiss numbers which are not quantities
(years, dates, document and section numbers, money, phone numbers … lexicon `number_dismissals`), and
the per-document tally of number states."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from compare.extract import vocab
from compare.extract.model import Doc


def dismiss(doc: Doc) -> None:
    """Mark every number inside a match of a dismissal pattern as dismissed by that pattern's name
    (the longest match wins where patterns overlap)."""
    spans = []
    for name, rx in vocab.dismissal_res():
        spans.extend((m.start(), m.end(), name) for m in rx.finditer(doc.text) if m.end() > m.start())
    for start, end, name in sorted(spans, key=lambda s: s[1] - s[0]):  # longest last: it wins
        doc.mark(start, end, "dismissed", name)


@dataclass
class NumberRow:
    """One number of a document and its state (a row of `compare extract --all-numbers`)."""

    document: str
    text: str
    state: str
    why: str
    context: str
    char_start: int
    char_end: int


def number_rows(doc: Doc, width: int = 12) -> list[NumberRow]:
    """One row per number written in the document (raw offsets), with its state and a little context."""
    rows = []
    text = doc.text
    for n in doc.numbers:
        quote, a, b = doc.nt.quote(n.start, n.end)
        ctx = text[max(0, n.start - width) : n.end + width].replace("\n", " ").replace("\t", " ")
        rows.append(NumberRow(doc.document, quote, n.state, n.why, ctx, a, b))
    return rows


def accounted_share(doc: Doc) -> tuple[int, int]:
    """(numbers accounted for, all numbers): a number is accounted for unless `unclassified`."""
    states = Counter(n.state for n in doc.numbers)
    return sum(states.values()) - states["unclassified"], sum(states.values())


def unclassified_in_target_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Normalised spans of unclassified numbers in sentences that hold a target number."""
    target_sentences = {doc.sentence_start(n.start) for n in doc.numbers if n.state == "target"}
    return [(n.start, n.end) for n in doc.numbers
            if n.state == "unclassified" and doc.sentence_start(n.start) in target_sentences]


__all__ = ["NumberRow", "accounted_share", "dismiss", "number_rows", "unclassified_in_target_sentences", "vocab"]
