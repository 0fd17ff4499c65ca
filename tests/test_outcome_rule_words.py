"""Outcome rules a text cannot need are not asked (compare.extract.outcome.rules_for: a rule lacking a word of each
group of WORDS_NEEDED in the text): asking every rule instead gives the same candidates and number states."""

import sys
from pathlib import Path

import pytest
from fixture_corpus import CORPUS

from compare import accuracy
from compare.extract import extract_document, vocab

outcome = sys.modules["compare.extract.outcome"]
DEVSET = Path(__file__).parent / "devset"


def _texts() -> list[tuple[str, str | None]]:
    cases = [(case["text"], case.get("date_issued")) for _, case in accuracy.load_cases(DEVSET)]
    raws = [(p.read_text(encoding="utf-8-sig"), None) for p in sorted((CORPUS / "raw").glob("*.txt"))]
    return cases + raws


def _read(texts) -> list:
    out = []
    for text, date in texts:
        doc = extract_document(text, "t", date)
        out.append((doc.candidates, [(n.start, n.end, n.state, n.why) for n in doc.numbers]))
    return out


def test_every_needed_word_list_is_in_the_lexicon():
    lex = vocab.lexicon()
    keys = {key for groups in outcome.WORDS_NEEDED.values() for group in groups for key in group}
    assert keys <= set(lex), sorted(keys - set(lex))
    assert set(outcome.WORDS_NEEDED) <= set(outcome.RULES)


@pytest.mark.slow
def test_the_rules_not_asked_would_not_have_decided(monkeypatch):
    texts = _texts()
    gated = _read(texts)
    monkeypatch.setattr(outcome, "rules_for", lambda doc: outcome.RULES)
    assert _read(texts) == gated
