"""The lexicon-driven target extractor: raw text → candidate targets and outcomes with raw spans, and
the state of every number in the document.

The text is normalised (`compare.text`) and read into a small document model (`model.Doc`: blocks,
sentence and clause boundaries, year context, numbers).  Rules each read it and add what they find:

* ``prose`` / ``prose_before`` (`prose`) — an indicator alias and a number with a compatible unit in
  one clause, with lists, spreads and ranges; whether each number reports an outcome is asked of the
  ordered rules of `outcome`;
* ``indicator_table`` (`tables`) — tables with year columns;
* ``column_table`` (`tables`) — tables with an indicator in each column and places or years down the rows;
* ``place_column_table`` (`tables`) — tables written one cell per line with places across and indicators down;
* ``number_dismissals`` (`numbers.dismiss`) — of the numbers no rule claimed, those that are no quantity:
  years, dates, document and section numbers, money, phone numbers …
* ``unlisted`` (`unlisted`) — of the numbers still unclassified, a quantity in a clause that aims at a
  target: a candidate of kind `unlisted` (an indicator the vocabulary does not name), never a target row —
  unless works name it, a verb of works and the head of its noun that only one indicator's aliases pair
  (``unlisted_works``: 清淤主要河道4公里 → canal_dredging_length), or an alias cut in two by the value
  (``unlisted_split``: 城区防洪达到50年一遇标准 → flood_control_standard).

Every word the rules read lives in `src/compare/metadata/` (lexicon.yaml, indicators.yaml, units.yaml).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import asdict, fields
from pathlib import Path
from typing import TextIO

from compare import metadata
from compare.errors import InputError
from compare.extract import vocab
from compare.extract.model import CLAUSE_DELIMS, LINE_ENDS, YEAR_BASES, Candidate, Doc
from compare.extract.numbers import NumberRow, accounted_share, dismiss, number_rows
from compare.extract.prose import prose, prose_anaphora, prose_heading_lists
from compare.extract.tables import column_tables, indicator_tables, place_column_tables, wrapped_box_tables
from compare.extract.unlisted import unlisted
from compare.extract.vocab import baseline_in, comparator_for, parse_number, unit_for, years_in
from compare.text import normalise, read_raw

__all__ = [
    "CSV_COLUMNS", "YEAR_BASES", "Candidate", "Doc", "accounted_share", "baseline_in", "comparator_for",
    "extract_document", "extract_file", "extract_text", "parse_number", "unit_for", "write_candidates",
    "write_numbers", "write_unlisted", "years_in",
]

#: The rules, in the order they run (a later rule's target or outcome overrides an earlier dismissal).
RULES = (prose, prose_anaphora, prose_heading_lists, indicator_tables, column_tables, place_column_tables,
         wrapped_box_tables)


def _issued_year(date_issued: str | dt.date | None) -> int | None:
    if date_issued is None or date_issued == "" or (isinstance(date_issued, float)):
        return None
    if isinstance(date_issued, dt.date):
        return date_issued.year
    try:
        return dt.date.fromisoformat(str(date_issued)[:10]).year
    except ValueError as exc:
        raise InputError(f"date of issue {date_issued!r} is not a date (YYYY-MM-DD)") from exc


REPEAT_REACH = 600  # characters between a yearless target and the dated copy it repeats


def extract_document(raw: str, document: str, date_issued: str | dt.date | None = None) -> Doc:
    """The document model of one raw decoded text after every rule has run: its candidates (targets,
    outcomes and unlisted, in text order) and the state of each of its numbers.  Relative years (今年, 明年, 未来三年)
    are resolved from `date_issued`; without it they leave the year empty."""
    doc = Doc(document, normalise(raw), _issued_year(date_issued))
    found = [c for rule in RULES for c in rule(doc)]
    dismiss(doc)  # the numbers no rule claimed
    seen, out = set(), []
    for c in sorted(found, key=lambda c: (c.char_start, c.char_end, c.indicator_id, c.target_year or 0,
                                          c.comparator)):
        key = (c.indicator_id, c.target_year, c.char_start, c.char_end, c.comparator, c.value)
        if key not in seen:
            seen.add(key)
            out.append(c)
    _years_from_plan_baselines(doc, out)
    _this_year_told_by_a_repeat(doc, out)
    _results_repeated(doc, out)
    _results_of_no_later_year(doc, out)
    _present_results(doc, out)
    _levels_before_their_aim(doc, out)
    _beside_results(doc, out)
    out = _targets_repeated(doc, out)
    out = _yearless_repeats(out)
    out = _targets_quoted_again(out)
    found = list(unlisted(doc))  # what is left unclassified once every reading has run
    doc.candidates = sorted(out + found, key=lambda c: (c.char_start, c.char_end)) if found else out
    return doc


def _years_from_plan_baselines(doc: Doc, candidates: list[Candidate]) -> None:
    """Targets with no year, in a section (the blocks under one heading) that states no target year but
    reduces against the end of a five-year plan (较2015年下降56%): the end of the next plan (2020), with
    year_basis `plan_period`."""
    from bisect import bisect_right

    ends = set(vocab.lexicon()["plan_periods"].values())
    heads = [doc.nt.offsets[b.start] for b in doc.blocks if b.kind == "heading"]
    sections: dict[int, list[Candidate]] = {}
    for c in candidates:
        if c.kind == "target":
            sections.setdefault(bisect_right(heads, c.char_start), []).append(c)
    stated_years = [doc.nt.offsets[y.pos] for y in doc.years if y.basis == "stated"]
    for k, items in sections.items():
        lo = heads[k - 1] if k else 0
        hi = heads[k] if k < len(heads) else len(doc.nt.raw)
        if any(c.target_year is not None for c in items) or any(lo <= p < hi for p in stated_years):
            continue
        bases = {c.baseline_year for c in items if c.baseline_year in ends}
        if len(bases) != 1:
            continue
        year = bases.pop() + 5
        for c in items:
            c.target_year, c.year_basis = year, "plan_period"


def _this_year_told_by_a_repeat(doc: Doc, candidates: list[Candidate]) -> None:
    """In an undated text, targets left without a year under a 今年 that could not be resolved, when one of them is
    repeated (same indicator and value) under a year stated in its clause or by an earlier sentence (今年,…新增恢复
    404平方千米水浇地 … 据悉,2024年…新增恢复404平方千米水浇地; 2021年工作的主要目标已经确定。…新建管网40公里): that
    year is this year, for every one of them (basis relative)."""
    if doc.issued_year is None:
        this_year = {w for w, offset in vocab.lexicon()["relative_years"].items() if offset == 0}
        starts = [y.pos for y in doc.years if y.basis == "relative" and y.year is None
                  and doc.text[y.pos : y.end] in this_year]
        if not starts:
            return
        under = []
        for c in candidates:
            pos = doc.nt.position(c.char_start)
            if c.kind == "target" and c.target_year is None and any(doc.block_start(pos) <= p < pos for p in starts):
                under.append(c)
        stated: dict[tuple[str, float], set[int]] = {}
        for c in candidates:
            if c.target_year is not None and c.year_basis in ("stated", "context"):
                stated.setdefault((c.indicator_id, c.value), set()).add(c.target_year)
        years = set().union(*(stated.get((c.indicator_id, c.value), set()) for c in under))
        if len(years) == 1:
            year = years.pop()
            for c in under:
                c.target_year, c.year_basis = year, "relative"


def _as_result(doc: Doc, c: Candidate, reading: Candidate) -> None:
    """Make target candidate `c` the result `reading` reports (its indicator, unit, year), and its
    number an outcome."""
    c.indicator_id, c.unit, c.comparator, c.kind = reading.indicator_id, reading.unit, "=", "outcome"
    c.target_year, c.year_basis = reading.target_year, reading.year_basis
    lo, hi = doc.nt.position(c.char_start), doc.nt.position(c.char_end)
    for n in doc.numbers_in(lo, hi):
        if n.state == "target":
            n.state, n.why = "outcome", reading.indicator_id


def _results_repeated(doc: Doc, candidates: list[Candidate]) -> None:
    """A target the text repeats from a result: in the headline (the first line up to its first sentence
    end, aiming at no year), a value the body reports as a result (万元GDP用水量下降47.9% over 近十年来,…下降
    47.9%); anywhere, a bare value (no comparator) with no year whose indicator and value a dated result gives
    (三所高校悉数获评… over 到2023年末,3所高校均已获评…).  Each takes the result's reading."""
    specs = metadata.indicator_specs()
    by_fact: dict[tuple[str, float], list[Candidate]] = {}
    for c in candidates:
        by_fact.setdefault((c.indicator_id, c.value), []).append(c)

    def results_of(c: Candidate, *, in_body: bool = False) -> list[Candidate]:
        """The other candidates of the same indicator (or its outcome indicator) and value (after the
        headline only, with `in_body`)."""
        iid = specs[c.indicator_id].get("outcome_indicator") or c.indicator_id
        same = by_fact.get((c.indicator_id, c.value), []) + (by_fact.get((iid, c.value), []) if iid != c.indicator_id else [])
        return [b for b in same if b is not c and (not in_body or b.char_start >= hi)]

    hi = -1
    if len(doc.blocks) > 1:
        first = doc.blocks[0]
        end = next((k for k in range(first.start, first.end) if doc.text[k] in LINE_ENDS), first.end)
        if not doc.targeted_between(first.start, end):
            hi = doc.nt.offsets[end - 1] + 1
    for c in candidates:
        if c.kind == "target" and c.char_start < hi and not results_of(c, in_body=True):
            rounded = _results_rounded(c, candidates, hi)
            if rounded:  # 万元工业增加值用水量下降近50% over …较“十三五”末下降49.72%: the result, rounded (its value
                _as_result(doc, c, rounded[0])  # the body's, so the two are one fact)
                c.value = rounded[0].value
                continue
        if c.kind == "outcome" and c.target_year is None:
            dated = [b for b in results_of(c) if b.kind == "outcome" and b.target_year is not None]
            if dated:  # 两所院校均获评… over 截至2023年底,…均已获评: the year of the dated result
                c.target_year, c.year_basis = dated[0].target_year, dated[0].year_basis
            continue
        if c.kind != "target":
            continue
        same = (results_of(c, in_body=True) if c.char_start < hi
                else results_of(c) if _in_a_crosshead(doc, c) else [])
        if same and all(b.kind == "outcome" for b in same):
            _as_result(doc, c, same[0])
            continue
        dated = [b for b in results_of(c) if b.kind == "outcome" and b.target_year is not None]
        if c.target_year is None and c.comparator == "=" and dated:
            _as_result(doc, c, dated[0])  # a bare value, no year, no word of aims: the result again


def _in_a_crosshead(doc: Doc, c: Candidate) -> bool:
    """Whether a candidate stands in a crosshead: a block of one short line with no clause mark and no year
    (自来水漏水率降至13% between two paragraphs of a news text), which repeats what the body says rather than saying
    anything of its own."""
    k = doc.block_index(doc.nt.position(c.char_start))
    if not k:  # (none, or the first block: a headline)
        return False
    block = doc.blocks[k]
    line = doc.text[block.start : block.end].strip()
    return (len(line) <= vocab.lexicon()["heading_max_chars"]
            and not any(ch in line for ch in CLAUSE_DELIMS) and not doc.years_between(block.start, block.end))

def _results_rounded(c: Candidate, candidates: list[Candidate], hi: int) -> list[Candidate]:
    """The results of the body (after the headline, which ends at `hi`) of the headline target `c`'s indicator
    whose value, rounded to as many decimals as the headline writes, is the headline's (a headline 下降近50% over
    下降49.72%; not 下降50% over 下降47%)."""
    digits = len(c.value_reported.partition(".")[2]) if c.value_reported.replace(".", "", 1).isdigit() else None
    if digits is None:
        return []
    return [b for b in candidates if b.kind == "outcome" and b.char_start >= hi and b.indicator_id == c.indicator_id
            and b.value != c.value and round(b.value, digits) == c.value]


def _targets_repeated(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Without a target that the headline (the first line up to its first sentence end) and the body both give,
    once with a year and once without (a headline 投入170亿元 over 今年,…确定投入170亿元; a headline 今年计划…改善
    灌溉面积150余万亩 over 项目实施后,将改善灌溉面积150余万亩): one target, the dated copy; and once each with the
    same year (a headline 系数提前超过2020年0.55的预期目标 over the same words in the body): one target, the body's."""
    if len(doc.blocks) < 2:
        return candidates
    first = doc.blocks[0]
    end = next((k for k in range(first.start, first.end) if doc.text[k] in LINE_ENDS), first.end)
    hi = doc.nt.offsets[end - 1] + 1

    def key(c: Candidate) -> tuple:
        return c.indicator_id, c.value, c.comparator, c.char_start < hi

    dated = {key(c) for c in candidates if c.kind == "target" and c.target_year is not None}
    in_body = {(*key(c)[:3], c.target_year) for c in candidates if c.kind == "target" and not key(c)[3]}
    return [c for c in candidates if not (c.kind == "target" and (
        (c.target_year is None and (*key(c)[:3], not key(c)[3]) in dated)
        or (key(c)[3] and (*key(c)[:3], c.target_year) in in_body)))]


def _yearless_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """Without a target of no year whose indicator, value and comparator a dated target of the same text states
    nearby (within REPEAT_REACH characters) and under one year only (力拼2035年漏水率降至7%以下 … 目标将漏水率降至7%以下;
    2010年年底,6240座…必须完成除险加固 after 规划内6240座…紧张实施): the same aim said again without its year, listed
    once, with its year.  A plan's measure far from its dated aims, and a value stated under two years, keep theirs."""
    dated: dict[tuple, list[Candidate]] = {}
    for c in candidates:
        if c.kind == "target" and c.target_year is not None:
            dated.setdefault((c.indicator_id, c.value, c.comparator), []).append(c)

    def repeats(c: Candidate) -> bool:
        copies = dated.get((c.indicator_id, c.value, c.comparator), [])
        return len({d.target_year for d in copies}) == 1 and any(
            abs(d.char_start - c.char_start) <= REPEAT_REACH for d in copies)

    return [c for c in candidates if not (c.kind == "target" and c.target_year is None and repeats(c))]


def _targets_quoted_again(candidates: list[Candidate]) -> list[Candidate]:
    """Without a target a result is measured against (read by its target noun: 高于控制目标0.485) whose indicator,
    year and value an earlier target of the text states in its own words (控制目标为达到0.485): the target quoted
    again, listed once, as first stated."""
    stated: set[tuple] = set()
    out = []
    for c in candidates:
        key = (c.indicator_id, c.target_year, c.value)
        if c.kind == "target" and c.rule == "prose_target_noun" and key in stated:
            continue
        if c.kind == "target":
            stated.add(key)
        out.append(c)
    return out


def _results_of_no_later_year(doc: Doc, candidates: list[Candidate]) -> None:
    """按照国家确定的用水指标,2030年全省用水总量为125亿立方米。…全省用水总量由最高的…下降至当前的109亿立方米 in a text of
    2021: a result cannot be of a year after the date of issue, so one whose year was only carried from an earlier
    sentence (basis context) keeps none (nor a year of its own: `_present_results` may still date it to the present)."""
    if doc.issued_year is None:
        return
    for c in candidates:
        if c.kind == "outcome" and c.year_basis == "context" and c.target_year is not None and c.target_year > doc.issued_year:
            c.target_year, c.year_basis = None, "none"


def _present_results(doc: Doc, candidates: list[Candidate]) -> None:
    """A result its sentence (or its paragraph, opening with 截至目前) dates to the present (截至目前,全省已建成…9所;
    目前…已达到…) in a dated text, with no year of its own: the year of issue (basis relative); in an undated text, one
    taking the year of an earlier sentence (到2020年,…。目前,全市绿地率34.8%): no year."""
    words = vocab.words("present_words")
    leads = vocab.words("as_of_present_words")
    for c in candidates:
        if c.kind != "outcome" or c.year_basis not in ("context", "none", "heading") or (
                doc.issued_year is None and c.year_basis != "context"):
            continue
        pos = doc.nt.position(c.char_start)
        lo = doc.sentence_start(pos)
        if doc.text[doc.block_start(pos) : pos].lstrip().startswith(leads):
            lo = doc.block_start(pos)  # 截至目前,全市共完成…;新打机电井297眼: the paragraph reports up to now
        if any(w in doc.text[lo:pos] for w in words) and not doc.years_between(lo, pos):
            c.target_year, c.year_basis = doc.issued_year, ("relative" if doc.issued_year else "none")


def _levels_before_their_aim(doc: Doc, candidates: list[Candidate]) -> None:
    """农村自来水普及率达到90%。计划到今年底,农村自来水普及率提升到92%: a value that no year of its own governs (context or
    none), in a paragraph (and the sentence before it) speaking no word of aims (nor of effects) up to it, followed in
    its paragraph by another
    value of the same indicator in a later sentence of aims (a word of aims or a year aimed at) is the level the aim
    starts from — a result, read as the outcome of its indicator (when that keeps the unit)."""
    specs = metadata.indicator_specs()
    aims = vocab.words("target_markers", "hedges", "modal_words", "turn_to_plan_words", "effect_words")
    nouns = vocab.words("target_nouns")

    def sentence_to(c: Candidate) -> tuple[int, int]:
        pos = doc.nt.position(c.char_start)
        return doc.sentence_start(pos, doc.block_start(pos)), pos

    def aiming(lo: int, pos: int) -> bool:
        return doc.targeted_between(lo, pos) or any(w in doc.text[lo:pos] for w in aims)

    targets = [c for c in candidates if c.kind == "target"]
    for k, c in enumerate(targets):
        spec = specs[c.indicator_id]
        iid = spec.get("outcome_indicator") or c.indicator_id
        block = doc.block_start(doc.nt.position(c.char_start))
        present = c.target_year is None or (doc.issued_year is not None and c.target_year <= doc.issued_year)
        lead = doc.sentence_start(block - 2) if block > 1 else block  # (…提出了到2025年的主要目标。\n…95%以上: the
        # sentence before the paragraph names aims or a year aimed at)
        if (c.year_basis not in ("context", "none") or not present or aiming(block, doc.nt.position(c.char_start))
                or doc.targeted_between(lead, block) or any(w in doc.text[lead:block] for w in nouns)
                or specs[iid]["unit"] != spec["unit"]):
            continue  # (到2025年,…。全国用水总量控制在…以内: the paragraph aims before it; a year ahead of the date
            # of issue, taken from an earlier paragraph, is aimed at)
        later = [d for d in targets[k + 1 :] if d.indicator_id == c.indicator_id and d.value != c.value
                 and doc.block_start(doc.nt.position(d.char_start)) == block]
        if later and aiming(*sentence_to(later[0])) and sentence_to(later[0])[0] > sentence_to(c)[0]:
            c.kind, c.indicator_id, c.comparator = "outcome", iid, "="


#: Words any of which in a sentence make it speak of aims (`_beside_results` leaves its values alone).
_AIM_WORDS = ("target_markers", "hedges", "modal_words", "turn_to_plan_words", "effect_words", "plan_content_words",
              "works_due_leads", "aim_bound_prefixes", "target_nouns_of_values", "target_nouns")


def _beside_results(doc: Doc, candidates: list[Candidate]) -> None:
    """高峰期间,完成总供水量3039.81万吨,日均供水量33.04万吨,…,水质综合合格率100%: a target in a sentence (read across ；)
    that also holds a result, in a text that is no plan, where nothing in the sentence speaks of aims (no word of aims,
    hedge, modal, plan, effect, works due, bound set or target, no year aimed at), with no bound written right after
    it (not …升至0.65以上,…累计355万亩): the sentence is one account of what was done — a result too (read as the
    outcome of its indicator, when that keeps the unit)."""
    if doc.is_plan:
        return
    specs = metadata.indicator_specs()
    results = sorted((doc.nt.position(c.char_start), c.indicator_id) for c in candidates
                     if c.kind == "outcome" and c.rule != "prose_from")  # (not a level a change starts from, 由2020年的84%)
    at = [r for r, _ in results]
    bounds = tuple(vocab.lexicon()["comparator_suffixes"])
    for c in candidates:
        if (c.kind != "target" or not c.rule.startswith("prose") or c.rule == "prose_target_noun"
                or (c.target_year is not None and doc.issued_year is not None and c.target_year > doc.issued_year)):
            continue  # (a table row's columns, a target noun's value and a year ahead of the date are read elsewhere)
        pos, end = doc.nt.position(c.char_start), doc.nt.position(c.char_end)
        lo, hi = doc.full_sentence_start(pos, 0), doc.sentence_end(pos)
        iid = specs[c.indicator_id].get("outcome_indicator") or c.indicator_id
        near = results[bisect_left(at, lo) : bisect_left(at, hi)]
        if (not any(other not in (iid, c.indicator_id) for _, other in near)
                or doc.text[pos:end].endswith(bounds) or doc.text.startswith(bounds, end)
                or specs[iid]["unit"] != specs[c.indicator_id]["unit"] or doc.targeted_between(lo, hi)
                or any(w in doc.text[lo:hi] for w in vocab.words(*_AIM_WORDS))):
            continue
        c.kind, c.indicator_id, c.comparator = "outcome", iid, "="


def extract_text(raw: str, document: str, date_issued: str | dt.date | None = None) -> list[Candidate]:
    """Every candidate (target or outcome) in one raw decoded text, in text order."""
    return extract_document(raw, document, date_issued).candidates


def extract_file(path: Path, document: str | None = None, date_issued: str | None = None) -> list[Candidate]:
    """Candidates of one text file (registered or not); `document` defaults to the file stem."""
    return extract_text(read_raw(path), document or path.stem, date_issued)


#: `compare extract --format csv`: the columns of ARCHITECTURE §5 first, then kind and year_basis.
CSV_COLUMNS = ["document", "indicator_id", "target_year", "value", "unit", "comparator", "baseline_year",
               "scope", "quote", "char_start", "char_end", "kind", "year_basis"]
CSV_COLUMNS += [f.name for f in fields(Candidate) if f.name not in CSV_COLUMNS]


def write_candidates(paths: Iterable[Path], fmt: str = "csv", out: TextIO = sys.stdout,
                     date_issued: str | None = None) -> None:
    """Print the candidates of each file as CSV (columns of ARCHITECTURE §5 first) or JSON lines."""
    rows = [asdict(c) for p in paths for c in extract_file(Path(p), date_issued=date_issued)]
    if fmt == "json":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)


def write_unlisted(paths: Iterable[Path], out: TextIO = sys.stdout, date_issued: str | None = None) -> None:
    """Print, as CSV, one row per name of the unlisted candidates of the files (the words that name a
    target no indicator of the vocabulary names, and its unit): how often and where it occurs, the
    vocabulary's closest indicators, one quote — the list to grow `indicators.yaml` from, most frequent first."""
    from compare.extract.unlisted import closest_indicators

    groups: dict[tuple[str, str], list[Candidate]] = {}
    for p in paths:
        for c in extract_file(Path(p), date_issued=date_issued):
            if c.kind == "unlisted":
                groups.setdefault((c.indicator_reported or "", c.unit), []).append(c)
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["named", "unit", "occurrences", "documents", "closest_indicators", "quote"])
    for (named, unit), found in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        w.writerow([named, unit, len(found), ";".join(sorted({c.document for c in found})),
                    ";".join(closest_indicators(found[0])), found[0].quote])


def write_numbers(paths: Iterable[Path], out: TextIO = sys.stdout, date_issued: str | None = None) -> None:
    """Print every number of each file with its state (target, outcome, dismissed, unclassified) as CSV."""
    rows: list[NumberRow] = []
    for p in paths:
        doc = extract_document(read_raw(Path(p)), Path(p).stem, date_issued)
        rows.extend(number_rows(doc))
    w = csv.DictWriter(out, fieldnames=[f.name for f in fields(NumberRow)], lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(asdict(r))
