"""Every number accounted for: the named patterns that dismiss numbers which are not quantities
(years, dates, document and section numbers, money, phone numbers … lexicon `number_dismissals`), and
the per-document tally of number states."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from compare.extract import vocab
from compare.extract.model import Doc

_CENTURIES = ("19", "20", "21")
#: How far (characters) a dismissal pattern reaches from the number it dismisses.
_REACH = 20
#: Windows closer than this are scanned as one (fewer regex calls on number-dense text).
_MERGE = 0


def _quick_dismissal(text: str, start: int, end: int) -> str | None:
    """The name of the dismissal pattern that a regex would give the commonest non-quantities: a year
    before 年, a number alone in a table cell (a row number) or on its line (a page number), a list number at the start of a line
    (4. / 5、) — or None to let the patterns decide."""
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else "\n"
    if end - start == 4 and text[start : start + 2] in _CENTURIES and after == vocab.YEAR:
        return "year"
    if end - start <= 3 and before in "\t\n" and after in "\t\n" and "." not in text[start:end]:
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip("\t "):
            return None  # alone in a later cell: a value of an unread column, not a row number
        return "section_number" if "\t" in (before, after) else "page_number"
    if end - start <= 3 and before == "\n" and after in "、." and text[end + 1 : end + 2] not in "0123456789":
        return "section_number"
    return None


def dismiss(doc: Doc) -> None:
    """Mark every number the rules left unclassified that lies inside a match of a dismissal pattern as
    dismissed by that pattern's name (at one place the pattern listed first in the lexicon wins)."""
    text = doc.text
    # Every pattern matches around a number: scan only windows around the unclassified numbers (merged
    # where they are close), so a text with few such numbers costs little.  Lookbehinds still see before
    # a window's start.
    windows: list[list[int]] = []
    for n in doc.numbers:
        if n.state != "unclassified":
            continue
        quick = _quick_dismissal(text, n.start, n.end)
        if quick:  # the common cases, without a regex
            n.state, n.why = "dismissed", quick
            continue
        lo, hi = max(0, n.start - _REACH), min(len(text), n.end + _REACH)
        if windows and lo <= windows[-1][1] + _MERGE:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    rx = vocab.dismissal_re()
    for lo, hi in windows:
        for m in rx.finditer(text, lo, hi):
            if m.end() > m.start():
                doc.mark(m.start(), m.end(), "dismissed", m.lastgroup, only_unclassified=True)


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
    """(numbers accounted for, all numbers): a number is accounted for unless `unclassified` (an
    `unlisted` number is read as a target of an indicator the vocabulary does not name)."""
    states = Counter(n.state for n in doc.numbers)
    return sum(states.values()) - states["unclassified"], sum(states.values())


def unclassified_in_target_sentences(doc: Doc) -> list[dict]:
    """Each unclassified number in a sentence that holds a target number: its text, raw offsets and
    sentence (for the draft review of `compare add`)."""
    target_sentences = {doc.sentence_start(n.start) for n in doc.numbers if n.state == "target"}
    out = []
    for n in doc.numbers:
        lo = doc.sentence_start(n.start)
        if n.state == "unclassified" and lo in target_sentences:
            quote, a, b = doc.nt.quote(n.start, n.end)
            sentence = doc.nt.quote(lo, doc.sentence_end(n.start))[0] if doc.sentence_end(n.start) > lo else ""
            out.append({"number": quote, "char_start": a, "char_end": b, "sentence": sentence})
    return out


__all__ = ["NumberRow", "accounted_share", "dismiss", "number_rows", "unclassified_in_target_sentences", "vocab"]
