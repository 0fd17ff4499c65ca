"""The prose rules: an indicator alias and a number with a compatible unit in the same clause.

* ``prose`` — the number after the alias (用水总量控制在42亿立方米以内), lists of aliases sharing or
  spreading values (A、B较2015年分别降低x%和y%; A、B均降低48%), years spread over values
  (到2020年和2022年…分别控制在A和B以内; 2022年至2025年…分别下降9%、45%、41%、41%), ranges (1~46%);
* ``prose_before`` — the number before the alias (创建6个示范区, 73%以上的市级机关建成节水型单位).

A number in a clause that reports what happened (已, 下降了, 公报显示, 2022年…为) becomes an outcome
candidate, never a target.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain

from compare import metadata
from compare.errors import InputError
from compare.extract import vocab
from compare.extract.model import (
    CLAUSE_DELIMS,
    FULL_STOPS,
    Candidate,
    Doc,
    YearMention,
    bracket_opened,
    in_title,
    occurrences,
)
from compare.extract.outcome import BUDGET_BEFORE, is_outcome
from compare.text import CJK

MAX_WINDOW = 60  # characters between an alias and its number
SHARED_HEAD_REACH = 12  # characters before the first alias of a clause where a head sharing its tail may stand (万元地区生产总值和…)
_CJK_WORDS = re.compile(CJK.pattern + "+")  # a run of Chinese characters


def _not_quantity_after() -> frozenset[str]:
    """Characters after a bare number that make it a date, an item or a count of times (lexicon)."""
    return vocab.lexicon_set("not_quantity_after")
_ANTECEDENT_REACH = 300  # characters before a word pointing back in which its alias stands
_SPLIT_MARK = "…"  # between the two words of a split alias as found (再生水用水量…总用水量)
_SHARE_WORDS_REACH = 12  # characters a share written in words may take (百分之三十五点五)
_SPLIT_REACH = 64  # characters before the noun of a verb-split alias in which its verb and number stand
_NOISE = re.compile("[?？\ufffd]")


@dataclass(slots=True)
class Alias:
    start: int
    end: int
    alias: str
    indicator_ids: list[str]
    position: str | None = None  # `before` for a verb split from its noun by the number (扩建5座水厂)


@dataclass(slots=True)
class Value:
    start: int
    end: int
    number: str
    unit_spelling: str
    suffix: str | None
    approx: bool
    number2: str | None = None  # the upper end of a range (8~13%)
    unit_inherited: bool = False  # the unit is written after the last value of a list (A、B、C亿立方米)

    @property
    def is_range(self) -> bool:
        return self.number2 is not None


def aliases(doc: Doc, lo: int, hi: int) -> list[Alias]:
    """Indicator aliases in text[lo:hi]; one directly after a `not_after_zh` word does not count,
    unless that word ends a year mention (年用水总量 is annual use, 2025年用水总量 a target).  On a
    line with web-page noise (? ？ �) an alias with one character replaced by it counts too.  Read
    once per window (a table's cells are read twice); callers never change the list."""
    if (lo, hi) not in doc._aliases:
        doc._aliases[lo, hi] = _aliases(doc, lo, hi) if _may_name_one(doc, lo, hi) else []
    return doc._aliases[lo, hi]


def _may_name_one(doc: Doc, lo: int, hi: int) -> bool:
    """Whether `_aliases` may find an alias in text[lo:hi] (False: it finds none, and most table cells and headings
    are answered by a look-up): on a noisy line, always; else a word of an alias, of a split or purpose alias, of a
    verb-split noun after its verb or of 'respectively' (分别) starts in it (`_alias_leads`), an alias of the whole
    text's scan runs over its bounds (the window is scanned itself), or a word telling an amount added is near."""
    if doc.noisy:
        return True
    leads = _alias_leads(doc)
    k = bisect_left(leads, lo)
    if k < len(leads) and leads[k] < hi:
        return True
    found, starts = _whole_text_aliases(doc)
    i, j = bisect_left(starts, lo), bisect_left(starts, hi)
    return bool((i and found[i - 1][1] > lo) or (j and found[j - 1][1] > hi)) or _added_word_near(doc, lo, hi)


def _alias_leads(doc: Doc) -> list[int]:
    """Where, in the whole text, an alias of the scan, a split or purpose word, a verb-split noun with its verb before
    it, or a word of 'respectively' begins — one of them starts in every window where `_aliases` reads an alias
    (a noisy text and an added amount aside); found once per text."""
    if doc._alias_leads is None:
        text = doc.text
        respectively = [k for w in vocab.words("respectively") for k in occurrences(text, w)]
        doc._alias_leads = sorted([*_whole_text_aliases(doc)[1], *doc._matches_of(vocab.split_words_finder())[1],
                                   *_split_nouns_after_their_verb(doc), *respectively])
    return doc._alias_leads


def _aliases(doc: Doc, lo: int, hi: int) -> list[Alias]:
    text = doc.text
    owners = vocab.alias_owners()
    matches = _alias_matches(doc, lo, hi)
    if doc.noisy and _NOISE.search(text, lo, hi):
        for start, end in vocab.noisy_alias_spans(text, lo, hi):
            owner = vocab.noisy_alias_owner(text[start:end])
            if owner and not any(a < end and start < b for a, b, _ in matches):
                matches.append((start, end, owner))
        matches.sort()
    matches = sorted(matches + _shared_part_matches(doc, lo, hi, matches))
    split = _split_matches(doc, lo, hi, matches)
    verb_split = _verb_split_matches(doc, lo, hi, matches)
    added = _added_word_near(doc, lo, hi)
    if not matches:
        return _named_then_added(text, [], lo, hi) if added else []  # 水库库容可增加3.2亿立方米: no alias but the one it spells
    year_ends = {y.end for y in doc.years_between(max(0, lo - 12), hi)}
    specs = metadata.indicator_specs()
    found = []
    for start, end, alias in matches:
        if (start, alias) in split:
            found.append(Alias(start, end, alias, split[start, alias]))
            continue
        if (start, alias) in verb_split:
            found.append(Alias(start, end, alias, [verb_split[start, alias]], position="before"))
            continue
        ids = [
            iid
            for iid in owners[alias]
            if start in year_ends
            or not any(text[max(lo, start - len(w)) : start] == w for w in specs[iid]["not_after_zh"])
        ]
        if ids and not in_note(text, start, lo) and not in_title(text, start) and not _is_whole_of_share(doc, start, end):
            found.append(Alias(start, end, alias, ids))
    found = _added_verb_carried(text, _named_then_added(text, found, lo, hi) if added else found)
    found = _named_across_a_modal(text, found, hi)
    return _subject_carried(doc, _shared_tails(text, _elliptic_tails(doc, found, hi), owners), lo)


def _named_across_a_modal(text: str, found: list[Alias], hi: int) -> list[Alias]:
    """A name, a modal word (lexicon modal_words: 要, 将) and words opened by a word of each year (annual_markers: 年均,
    每年) that with the name spell an alias of another indicator (万元GDP用水量要年均下降6%: 万元GDP用水量年均下降, the
    fall per year): that alias, run on over the modal word; the longest such spelling wins, and aliases inside it give
    way."""
    owners, out = vocab.alias_owners(), found
    for a in found:
        modal = next((m for m in vocab.words("modal_words") if text.startswith(m, a.end)), None)
        if modal is None:
            continue
        rest = a.end + len(modal)
        if not text.startswith(vocab.words("annual_markers"), rest):
            continue  # (供水能力将提高到…: a level, not 供水能力提高, an amount added)
        hit = next((a.alias + text[rest : rest + k] for k in range(min(8, hi - rest), 1, -1)
                    if a.alias + text[rest : rest + k] in owners), None)
        if hit is None or set(owners[hit]) == set(a.indicator_ids):
            continue
        end = rest + len(hit) - len(a.alias)
        out = [b for b in out if b.end <= a.start or b.start >= end] + [Alias(a.start, end, hit, list(owners[hit]))]
    return out if out is found else sorted(out, key=lambda b: b.start)


def _shared_part_matches(doc: Doc, lo: int, hi: int, matches: list) -> list[tuple[int, int, str]]:
    """Names of a list before 分别 written short, the head of the first or the tail of the last item shared
    (单位产值电耗、用水量分别下降9%、12%: 用水量 is 单位产值用水量; 总磷、氨氮排放量分别减少5%、6%: 总磷 is
    总磷排放量): an item no alias covers that with the shared part spells an alias. Items that are whole
    names already (城市用水总量、万元GDP用水量分别…) stay as they are."""
    text, owners, out = doc.text, vocab.alias_owners(), []
    for word in vocab.words("respectively"):
        p = text.find(word, lo, hi)
        while p >= 0:
            out += _short_items(text, _listed_items(doc, lo, p), matches, owners)
            p = text.find(word, p + 1, hi)
    return out


def _listed_items(doc: Doc, lo: int, p: int) -> list[tuple[int, int]]:
    """Spans of the names listed between the clause start and 分别 at `p`, a baseline (比2020年) cut off;
    [] when the clause lists fewer than two."""
    text = doc.text
    s = doc.clause_start(p, lo)
    cut = min((m.start() for m in _baseline_cut_re().finditer(text, s, p)), default=p)
    items, start = [], s
    for m in _list_joiner_re().finditer(text, s, cut):
        items.append((start, m.start()))
        start = m.end()
    items.append((start, cut))
    spans = []
    for a, b in items:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if not _NAME_TAIL.fullmatch(text[a:b] or "-"):
            return []
        spans.append((a, b))
    return spans if len(spans) > 1 else []


@cache
def _baseline_cut_re() -> re.Pattern:
    return re.compile(rf"(?:{vocab.alternation(vocab.lexicon()['baseline_prefixes'])})\s*(?=\d)")


def _short_items(text: str, spans: list[tuple[int, int]], matches: list, owners: dict) -> list[tuple[int, int, str]]:
    """The items of `spans` no match covers that the first item's head or the last item's tail make an alias (only
    when that first or last item is no alias itself: 工业用水、农业灌溉用水计量率 is read by `_shared_tails`)."""
    out = []
    if not spans:
        return out
    def covered(a: int, b: int) -> bool:
        return any(s < b and a < e for s, e, _ in matches)

    first, last = text[slice(*spans[0])], text[slice(*spans[-1])]
    by_head, by_tail = not covered(*spans[0]), not covered(*spans[-1])  # a whole alias shares its tail elsewhere
    for k, (a, b) in enumerate(spans):
        if covered(a, b):
            continue
        item = text[a:b]
        heads = [first[:i] + item for i in range(len(first) - 1, 1, -1)] if k and by_head else []
        tails = [item + last[t:] for t in range(1, len(last) - 1)] if k < len(spans) - 1 and by_tail else []
        spelled = next((w for w in heads + tails if w in owners), None)
        if spelled:
            out.append((a, b, spelled))
    return out


def _subject_carried(doc: Doc, found: list[Alias], lo: int) -> list[Alias]:
    """全省公共机构年能源消费总量控制在255万吨、用水总量控制在5亿立方米: a subject that opens its clause (lexicon
    subject_qualifiers, after a scope at most) holds for a bare alias later in its sentence when the two spell another
    alias (公共机构 + 用水总量 → 公共机构用水总量) and no scope is written again between them (…,全省用水总量 is the
    jurisdiction's own)."""
    qualifiers = vocab.words("subject_qualifiers")
    if not found or not any(q in doc.text[lo : found[-1].start] for q in qualifiers):
        return found
    text, owners = doc.text, vocab.alias_owners()
    out = []
    for a in found:
        s = doc.sentence_start(a.start, lo)
        at = max(((text.rfind(q, s, a.start), q) for q in qualifiers), default=(-1, ""))
        k, q = at
        ids = owners.get(q + a.alias) if k >= 0 and k + len(q) < a.start else None
        if ids and _opens_its_clause(doc, k) and _scopes_re().search(text, k + len(q), a.start) is None:
            a = Alias(a.start, a.end, q + a.alias, list(ids), a.position)
        out.append(a)
    return out


def _opens_its_clause(doc: Doc, pos: int) -> bool:
    """Whether only scopes (全省) stand between the start of the clause holding `pos` and `pos`."""
    lead = doc.text[doc.clause_start(pos) : pos].strip()
    return not _scopes_re().sub("", lead).strip()


def _named_then_added(text: str, found: list[Alias], lo: int, hi: int) -> list[Alias]:
    """Names of an amount followed by a word that tells it added and a number (水库库容可增加3.2亿立方米, 节水灌溉面积新增
    5万亩): when the verb of an amount added (the first of lexicon `added_list_verbs`, 新增) and the name spell an alias of
    an indicator of an amount, the name, run on over the word, is an alias of that one (新增水库库容) — the amount added,
    neither the level (a stock of 5万亩) nor a change to dismiss; it replaces an alias of the name alone.  Not before
    到/至 (增加到50万亩: a level)."""
    owners, specs, units = vocab.alias_owners(), metadata.indicator_specs(), metadata.units()
    added = vocab.words("added_list_verbs")[0]
    out = found
    for m in _ADDED_AFTER().finditer(text, lo, hi):
        p = m.start()
        if not _number_at(text, m.end(), hi) or any(a.start < m.end() and p < a.end for a in found):
            continue  # (水库总库容新增: an alias of its own already holds the word)
        name = next((text[p - n : p] for n in range(min(12, p - lo), 1, -1) if added + text[p - n : p] in owners), None)
        if name is None:
            continue
        ids = [i for i in owners[added + name] if units[specs[i]["unit"]]["dimension"] not in ("percent", "ratio")]
        if ids:
            start = p - len(name)
            out = [a for a in out if a.end <= start or a.start >= m.end()] + [Alias(start, m.end(), name + m.group(0), ids)]
    return out if out is found else sorted(out, key=lambda a: a.start)


def _added_word_near(doc: Doc, lo: int, hi: int) -> bool:
    """Whether `_named_then_added` may find a word telling an amount added in text[lo:hi]: one of the whole text's
    matches starts within a word's length before `lo` or in the window (a match of the window alone lies in or
    overlaps one of the whole text's), so a window without one is not searched."""
    _, starts = doc._matches_of(_ADDED_AFTER())
    k = bisect_left(starts, lo - _longest_added_word() + 1)
    return k < len(starts) and starts[k] < hi


@cache
def _longest_added_word() -> int:
    return max(map(len, vocab.lexicon()["added_after_words"]))


@cache
def _ADDED_AFTER() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A word after the name of an amount that tells it added (可增加, 新增)."""
    return re.compile(vocab.alternation(vocab.lexicon()["added_after_words"]))


def _added_verb_carried(text: str, found: list[Alias]) -> list[Alias]:
    """Aliases with the verb of an amount added carried on to the next item of a list (新增高效节水灌溉面积1.2万亩、
    水肥一体化面积0.8万亩 → 新增水肥一体化面积): right after the first item's number and unit and a list joiner, an alias
    that the verb (lexicon `added_list_verbs`) and it spell as an alias of another indicator names that one."""
    owners = vocab.alias_owners()
    verbs = vocab.words("added_list_verbs")
    out = list(found)
    for k in range(1, len(out)):
        prev, a = out[k - 1], out[k]
        verb = next((v for v in verbs if prev.alias.startswith(v)), None)
        if verb is None or a.alias.startswith(verb) or _ADDED_ITEM_GAP().fullmatch(text, prev.end, a.start) is None:
            continue
        hit = verb + a.alias
        if hit in owners and set(owners[hit]) != set(a.indicator_ids):
            out[k] = Alias(a.start, a.end, hit, list(owners[hit]), a.position)
    return out


@cache
def _ADDED_ITEM_GAP() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A number, a short unit and a list joiner: what stands between two items of a list (1.2万亩、)."""
    return re.compile(rf"[0-9.]+[^0-9,;。:\s]{{0,6}}?(?:{_list_joiner_re().pattern})")


def _scan_aliases(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, alias) of the aliases in text[lo:hi], leftmost first, the longest at a place; where a
    longer alias begins inside one and runs past it (全年节水|器具普及率), the longer one, and the scan goes
    on after it (alias by alias until it meets the automaton's matches again)."""
    found = vocab.alias_finder().spans(text, lo, hi)
    matches: list[tuple[int, int, str]] = []
    i, k, synced = 0, lo, True
    while True:
        if synced:
            if i == len(found):
                break
            start, end, alias = found[i]
            i += 1
        else:
            m = vocab.first_alias(text, k, hi)
            if m is None:
                break
            start, end, alias = m
            while i < len(found) and found[i][0] < start:
                i += 1
            if i < len(found) and found[i][:2] == (start, end):
                i, synced = i + 1, True
        at = start
        for j in _inner_starts(alias):
            j += at
            inner = vocab.alias_at(text, j, hi)
            if inner is not None and j + len(inner) > end and len(inner) > end - start:
                start, end, alias, synced = j, j + len(inner), inner, False
        matches.append((start, end, alias))
        k = end
    return matches


def _alias_matches(doc: Doc, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """_scan_aliases of text[lo:hi], sliced from one scan of the whole text; a window whose bounds cut
    an alias of that scan is scanned itself (its bounds may leave a shorter alias)."""
    found, starts = _whole_text_aliases(doc)
    i, j = bisect_left(starts, lo), bisect_left(starts, hi)
    if (i and found[i - 1][1] > lo) or (j and found[j - 1][1] > hi):
        return _scan_aliases(doc.text, lo, hi)
    return found[i:j]


def _whole_text_aliases(doc: Doc) -> tuple[list[tuple[int, int, str]], list[int]]:
    """_scan_aliases of the whole text and the starts of its aliases; scanned once per text."""
    if doc._alias_scan is None:
        found = _scan_aliases(doc.text, 0, len(doc.text))
        doc._alias_scan = (found, [f[0] for f in found])
    return doc._alias_scan


def _split_matches(doc: Doc, lo: int, hi: int, matches: list) -> dict[tuple[int, str], list[str]]:
    """Words that name an indicator by their sentence (split aliases: a first word earlier in it, 水利项目…规划总投资)
    or by the purpose written after their value (purpose aliases: 投资1300万元,建设…水库): each not inside an alias
    already found, with a value of the indicator's unit after it in its clause when read forwards, is added to
    `matches`, and
    (start, alias) → indicator ids is returned.  Of several indicators sharing a word, the one whose first word
    stands nearest before it comes first (饮水安全工程总投资 against 水利工程…总投资); the others follow, for a value
    whose unit the first cannot express (…万农村居民和…万农村师生的饮水问题: residents, then pupils)."""
    text = doc.text
    out: dict[tuple[int, str], list[str]] = {}
    if not doc.has_match_between(vocab.split_words_finder(), lo, hi):
        return out

    def free(k: int, e: int, word: str = "") -> bool:  # not inside an alias found (but the plain alias `word`
        # itself), nor in a bracketed aside (总投资…万元), nor a part of a total listed after 其中 (总投资204亿元,其中,
        # 中央投资82亿元: the bounded parts are _sub_items')
        return (not any(a < e and k < b and (a, b, w) != (k, e, word) for a, b, w in matches)
                and not in_brackets(text, k, lo) and not _in_breakdown(doc, k, lo))

    reaching_back = vocab.lexicon()["split_words_reaching_back"]
    split_aliases, purpose_aliases = _split_aliases_in(doc)
    for second, groups in split_aliases:  # longest first
        k = text.find(second, lo, hi)
        while k >= 0:
            if free(k, k + len(second), second):
                sent_lo = doc.sentence_start(k, lo)
                hits = [(f[-1].start(), f[-1].group(0), iid) for firsts, iid in groups
                        if (f := list(firsts.finditer(text, sent_lo, k))) and _value_follows(doc, k + len(second), hi, iid)
                        and not _after_a_word_it_is_not_after(text, k, lo, iid)
                        and not _after_a_word_it_is_not_after(text, f[-1].start(), sent_lo, iid)
                        and not _read_through_its_whole(doc, f[-1], k, k + len(second), iid)]
                if (not hits and sent_lo > lo and second in reaching_back["words"]
                        and text[sent_lo - 1] in reaching_back["after"]  # 该项目总投资… after a sentence naming the works
                        and text[doc.clause_start(k, sent_lo):k].strip() in reaching_back["leads"]):
                    prev_lo = doc.sentence_start(sent_lo - 1, lo)
                    hits = [(f[-1].start(), f[-1].group(0), iid) for firsts, iid in groups
                            if (f := list(firsts.finditer(text, prev_lo, sent_lo)))
                            and _value_follows(doc, k + len(second), hi, iid)]
                if hits:
                    hits.sort(reverse=True)
                    if _paid_elsewhere(doc, second, k, hi, hits):
                        k = text.find(second, k + 1, hi)
                        continue  # the purpose after the sum names another indicator: the purpose reading's
                    alias = f"{hits[0][1]}{_SPLIT_MARK}{second}"
                    _drop_plain(matches, (k, k + len(second), second))
                    matches.append((k, k + len(second), alias))
                    out[k, alias] = list(dict.fromkeys(iid for _, _, iid in hits))
            k = text.find(second, k + 1, hi)
    for word, purposes in purpose_aliases:
        k = text.find(word, lo, hi)
        while k >= 0:
            if free(k, k + len(word)) and (iid := _paid_for(doc, k + len(word), hi, purposes)):
                matches.append((k, k + len(word), word))
                out[k, word] = [iid]
            k = text.find(word, k + 1, hi)
    matches.sort()
    return out


def _read_through_its_whole(doc: Doc, first: re.Match, k: int, end: int, iid: str) -> bool:
    """Whether a split alias's first word is a plain alias of its own indicator, right before a share verb and the
    whole (高效节水灌溉面积占有效灌溉面积的份额…): the plain reading already takes the value past the whole, which
    owns none (`_is_whole_of_share`), so the split alias adds nothing."""
    return (iid in vocab.alias_owners().get(first.group(0), ()) and doc.text[first.end() : k] in vocab.words("share_verbs")
            and _is_whole_of_share(doc, k, end))


def _split_aliases_in(doc: Doc) -> tuple[tuple, tuple]:
    """`vocab.split_aliases()` and `vocab.purpose_aliases()` less those whose word the text does not hold, in their
    order (a window then looks for a few words, not for every one); found once per text."""
    if doc._split_aliases is None:
        present = vocab.words_present(doc.text, _split_and_purpose_words())
        doc._split_aliases = (tuple(x for x in vocab.split_aliases() if x[0] in present),
                              tuple(x for x in vocab.purpose_aliases() if x[0] in present))
    return doc._split_aliases


@cache
def _split_and_purpose_words() -> tuple[str, ...]:
    return tuple(vocab.split_words_finder().words)


def _drop_plain(matches: list, plain: tuple[int, int, str]) -> None:
    """Remove the plain match of a word a split alias reads in its sentence's light (公共机构能源消费总量…,用水总量
    控制在…: the institutions' 用水总量, not the plain alias's total)."""
    if plain in matches:
        matches.remove(plain)


def _paid_elsewhere(doc: Doc, word: str, k: int, hi: int, hits: list[tuple[int, str, str]]) -> bool:
    """Whether a purpose word after the sum of split word `word` (at `k`) names an indicator none of the split
    readings `hits` gives, nearer the sum than the nearest first word is to `word` (…水利厅厅长…投资100亿元,发展旱田
    高效节水灌溉: a sum for water saving; 饮水安全方面,投资1.32亿元,建设…供水项目 stays a sum for drinking water)."""
    purposes = dict(vocab.purpose_aliases()).get(word)
    hit = _purpose_after(doc, k + len(word), hi, purposes) if purposes else None
    first_end = hits[0][0] + len(hits[0][1])
    return hit is not None and hit[1] not in {h[2] for h in hits} and hit[0] < k - first_end


def _in_breakdown(doc: Doc, pos: int, lo: int) -> bool:
    """Whether `pos` follows a lead of parts (其中) in its sentence — not one in brackets closed before it
    (5.13万人(其中贫困人口…)…投资2567万元)."""
    text, start = doc.text, doc.sentence_start(pos, lo)
    for lead in vocab.lexicon()["sub_item_leads"]:
        j = text.find(lead, start, pos)
        while j >= 0:
            if not (j and text[j - 1] == "(" and ")" in text[j:pos]):
                return True
            j = text.find(lead, j + 1, pos)
    return False


_PAID_REACH = 12  # characters between a word of money and its sum (投资将至少完成115亿元)
_PURPOSE_REACH = 40  # characters after the sum where what it pays for is written


def _sum_after(doc: Doc, pos: int, hi: int, iid: str, reach: int | None = None) -> re.Match | None:
    """The first value after `pos` in its clause (within `reach` characters) when its unit can express the
    indicator's (国家投资的548座 is no sum of money); None otherwise."""
    clause_hi = doc.clause_end(pos, hi)
    m = vocab.value_search(doc.text, pos, clause_hi if reach is None else min(clause_hi, pos + reach))
    if m is None or not m.group("num"):
        return None
    spelling = vocab.unit_spelling(m.group("unit") or m.group("unit1") or "") or _bare_money(doc.text, m) or (
        vocab.PERCENT_SIGN if vocab.is_fraction(m.group("num")) else "")  # 百分之五: a share in words, in percent
    unit = vocab.unit_spellings().get(spelling)
    return m if unit and metadata.convertible(unit, metadata.indicator_specs()[iid]["unit"]) else None


def _after_a_word_it_is_not_after(text: str, k: int, lo: int, iid: str) -> bool:
    """Whether the word at `k` stands right after a word its indicator is never read after (indicators.yaml
    not_after_zh), as a split alias's second word too: 污水处理厂…,生活垃圾无害化处理率为95% is no sewage treatment rate."""
    return any(text[max(lo, k - len(w)) : k] == w for w in metadata.indicator_specs()[iid]["not_after_zh"])


def _value_follows(doc: Doc, pos: int, hi: int, iid: str) -> bool:
    """Whether a word of an indicator read forwards has a value of its unit after it in its clause (a count read
    backwards, 25个重点县, needs none)."""
    return metadata.indicator_specs()[iid]["value_position"] != "after" or _sum_after(doc, pos, hi, iid) is not None


def _paid_for(doc: Doc, pos: int, hi: int, purposes: tuple[tuple[re.Pattern, str], ...]) -> str | None:
    """The indicator whose purpose word comes first after the sum that follows `pos` in its clause, in that
    clause or the next (投资7.6亿元,解决…饮水问题), the longest word where two start together (灌溉水源置换 before
    灌溉); None when no sum or no purpose is written there."""
    hit = _purpose_after(doc, pos, hi, purposes)
    return hit[1] if hit else None


def _purpose_after(doc: Doc, pos: int, hi: int, purposes: tuple[tuple[re.Pattern, str], ...]) -> tuple[int, str] | None:
    """(how far after its sum, indicator) of `_paid_for`'s purpose word, or None."""
    text = doc.text
    hits = []
    for pattern, iid in purposes:
        m = _sum_after(doc, pos, hi, iid, _PAID_REACH)
        if m is None:
            continue
        end = doc.clause_end(m.end(), hi)
        if end == m.end() and end < hi and text[end] in ",:":
            end = doc.clause_end(end + 1, hi)
        if p := pattern.search(text, m.end(), min(end, m.end() + _PURPOSE_REACH)):
            hits.append((p.start(), -len(p.group(0)), iid, p.start() - m.end()))
    return (min(hits)[3], min(hits)[2]) if hits else None


def _verb_split_matches(doc: Doc, lo: int, hi: int, matches: list) -> dict[tuple[int, str], str]:
    """Nouns of a count or quantity alias whose verb stands before their number (扩建5座水厂, 新增5万亩高效节水
    灌溉面积): each is added to `matches` as its alias, replacing an alias found inside the noun, and
    (start, alias) → indicator id is returned.  The number is then read before the noun."""
    text = doc.text
    pattern, by_noun = vocab.verb_split_aliases()
    out: dict[tuple[int, str], str] = {}
    after_a_verb = _split_nouns_after_their_verb(doc)  # (a head is led by its verb: none there, no head)
    for k, e, noun in doc.matches_between(pattern, lo, hi):
        if k not in after_a_verb:
            continue
        hit = next(((alias, iid) for head, alias, iid in by_noun[noun]
                    if head.search(text, max(lo, k - _SPLIT_REACH), k)), None)
        if hit is None or any(a < e and k < b and not (k <= a and b <= e) for a, b, _ in matches):
            continue
        matches[:] = [x for x in matches if not (k <= x[0] and x[1] <= e)]
        matches.append((k, e, hit[0]))
        out[k, hit[0]] = hit[1]
    matches.sort()
    return out


@cache
def _own_tail(alias: str, ids: tuple[str, ...]) -> str | None:
    """The shortest tail of `alias` (three characters or more) that ends like an indicator's name and names
    only the alias's own indicators (漏损率 of 公共供水管网漏损率), or None."""
    endings = vocab.words("indicator_name_endings")
    tails = [alias[k:] for k in range(1, len(alias) - 2)
             if alias[k:].endswith(endings) and _tail_owners(alias[k:]) == set(ids)]
    return tails[-1] if tails else None


@cache
def _reversed_aliases() -> tuple[list[str], list[list[str]]]:
    """Every alias written backwards, sorted, and its indicators: the aliases ending in a tail are one run."""
    owners = vocab.alias_owners()
    pairs = sorted((alias[::-1], ids) for alias, ids in owners.items())
    return [p[0] for p in pairs], [p[1] for p in pairs]


@cache
def _tail_owners(tail: str) -> set[str]:
    """The indicators with an alias ending in `tail` (a tail that several own names none of them)."""
    keys, ids = _reversed_aliases()
    backwards = tail[::-1]
    lo, hi = bisect_left(keys, backwards), bisect_left(keys, backwards + "\U0010ffff")
    return {iid for k in range(lo, hi) for iid in ids[k]}


def _taken(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies in one of the alias spans already read."""
    return any(s <= pos < e for s, e in spans)


def _elliptic_tails(doc: Doc, found: list[Alias], hi: int) -> list[Alias]:
    """Aliases plus the short tails that name them again soon after (公共供水管网漏损率…;其他城市,2025年漏损率不高于7%):
    a tail of at least three characters ending like an indicator's name, right after a year, a clause mark or 的,
    within the reach of a window."""
    if not found:
        return found
    text, lex = doc.text, vocab.lexicon()
    leads = {*CLAUSE_DELIMS, lex["possessive"], vocab.YEAR}
    taken = [(a.start, a.end) for a in found]
    extra = []
    for a in found:
        tail = _own_tail(a.alias, tuple(a.indicator_ids))
        reach = min(hi, a.end + MAX_WINDOW * 4)
        if tail:
            k = text.find(tail, a.end, reach)
            while k >= 0:
                if text[k - 1] in leads and not _taken(taken, k):
                    extra.append(Alias(k, k + len(tail), tail, a.indicator_ids))
                    taken.append((k, k + len(tail)))
                k = text.find(tail, k + 1, reach)
    extra += _sibling_tails(doc, found, hi, taken)
    extra += _listed_heads(doc, found, hi, taken)
    extra += _verb_list_items(doc, found, hi, taken)
    extra += _swapped_verb_items(doc, found, hi, taken)
    extra += _verbless_sub_items(doc, found, hi, taken)
    extra += _qualified_sub_items(doc, found, hi)
    return sorted(found + extra, key=lambda x: x.start) if extra else found


@cache
def _alias_parts(alias: str) -> tuple[tuple[str, str], ...]:
    """(head, the alias it names with the shared tail) of an alias that lists two heads before one tail
    (新增和改善灌溉面积 → 新增: 新增灌溉面积, 改善: 改善灌溉面积), when both are aliases; else ()."""
    owners = vocab.alias_owners()
    for joiner in vocab.longest_first("list_joiners"):
        k = alias.find(joiner)
        if k < 1:
            continue
        first, rest = alias[:k], alias[k + len(joiner):]
        for t in range(1, len(rest) - 1):
            second, tail = rest[:t], rest[t:]
            if first + tail in owners and second + tail in owners:
                return ((first, first + tail), (second, second + tail))
    return ()


def _listed_heads(doc: Doc, found: list[Alias], hi: int, taken: list[tuple[int, int]]) -> list[Alias]:
    """The heads of an alias listing two before one tail, written again with their own numbers in its
    sentence (新增和改善灌溉面积58万亩(其中新增44万亩、改善14万亩)): each names its own indicator."""
    text, owners = doc.text, vocab.alias_owners()
    out = []
    for a in found:
        parts = _alias_parts(a.alias)
        if not parts:
            continue
        reach = min(hi, doc.sentence_end(a.end, hi), a.end + MAX_WINDOW * 2)
        for head, alias in parts:
            k = text.find(head, a.end, reach)
            while k >= 0:
                end = k + len(head)
                if _number_at(text, end, reach) and not _taken(taken, k):
                    out.append(Alias(k, end, alias, list(owners[alias])))
                    taken.append((k, end))
                k = text.find(head, end, reach)
    return out


@cache
def _list_joiner_re() -> re.Pattern:
    """A list joiner (、 和 及 与 以及), not one that is part of a word (普及率, 及时: lexicon joiner_inside_words)."""
    guarded = []
    for joiner in vocab.longest_first("list_joiners"):
        inside = [w for w in vocab.words("joiner_inside_words") if len(joiner) == 1 and joiner in w]
        before = "".join(rf"(?<!{re.escape(w[: w.index(joiner)])})" for w in inside if w.index(joiner))
        after = "|".join(re.escape(w[w.index(joiner) + 1 :]) for w in inside if w.index(joiner) < len(w) - 1)
        guarded.append(before + re.escape(joiner) + (f"(?!{after})" if after else ""))
    return re.compile("|".join(guarded))


def _verb_list_items(doc: Doc, found: list[Alias], hi: int, taken: list[tuple[int, int]]) -> list[Alias]:
    """The later items of a list one works verb leads (建设中型水库20座、小型水库47座; 治理城区河道8公里、农村河道
    150公里): right after a list joiner in the alias's sentence, a word that with the alias's leading verb
    (lexicon `alias_variant_verbs`) spells an alias of the same count or quantity, its number right after it."""
    text = doc.text
    owners = vocab.alias_owners()
    specs = metadata.indicator_specs()
    verbs = vocab.longest_first("alias_variant_verbs")
    out = []
    for a in found:
        verb = next((v for v in verbs if a.alias.startswith(v)), None) if a.alias.startswith(verbs) else None
        if verb is None or not any(specs[i]["kind"] in ("count", "quantity") for i in a.indicator_ids):
            continue
        reach = min(hi, doc.sentence_end(a.end, hi), a.end + MAX_WINDOW * 2)
        for joiner in _list_joiner_re().finditer(text, a.end, reach):
            j = joiner.end()
            if _taken(taken, j):
                continue
            hit = vocab.alias_at(verb + text[j : j + 16], 0)
            if hit is None or len(hit) - len(verb) < 2:
                continue
            ids = [i for i in owners[hit] if i in a.indicator_ids]
            end = j + len(hit) - len(verb)
            if ids and _number_at(text, end, reach):
                out.append(Alias(j, end, hit, ids))
                taken.append((j, end))
    return out


@cache
def _works_verbs() -> tuple[str, ...]:
    """The works verbs that lead count and quantity aliases (lexicon `alias_variant_verbs` and their partners),
    longest first."""
    lex = vocab.lexicon()
    return tuple(sorted({*lex["alias_variant_verbs"], *lex["alias_variant_partners"]}, key=lambda v: (-len(v), v)))


@cache
def _works_verb_re() -> re.Pattern:
    """Any works verb, tried in the order of `_works_verbs` (longest first)."""
    return re.compile("|".join(map(re.escape, _works_verbs())))


@cache
def _verb_led_mark_re() -> re.Pattern:
    """A mark (,、) not followed by another but by a works verb: where a later item of `_swapped_verb_items` may
    begin (one regex scan, where testing every mark of a window took a Python step each)."""
    marks = _sibling_lead_re().pattern
    return re.compile(rf"{marks}(?!{marks})(?={_works_verb_re().pattern})")


def _swapped_verb_items(doc: Doc, found: list[Alias], hi: int, taken: list[tuple[int, int]]) -> list[Alias]:
    """The later items of a list whose works verb changes and whose noun is not written again (新建水厂4座、改扩建
    10座; 新打机井120眼,修复30眼): after an alias written before its number, right after a list joiner or clause mark
    in its sentence (doubled marks of a web page skipped), another works verb with a number right after it that ends
    the item, when that verb and the alias's noun spell an alias of a count or quantity."""
    text = doc.text
    owners = vocab.alias_owners()
    specs = metadata.indicator_specs()
    verbs = _works_verbs()
    marks = _sibling_lead_re()
    out = []
    if not found:
        return out
    # a works verb right after a mark (,、 — the item starts after the last mark), once per window
    verb_at = _works_verb_re().match
    reach = min(len(text), hi + 1 + len(verbs[0]))  # (what the look-aheads after a mark before hi read)
    led = [(m.end(), verb_at(text, m.end()).group()) for m in _verb_led_mark_re().finditer(text, found[0].end, reach)
           if m.start() < hi]
    if not led:
        return out
    led_at = [j for j, _ in led]
    for a in found:
        first = bisect_left(led_at, a.end + 1)
        if first == len(led_at) or led_at[first] >= a.end + MAX_WINDOW * 2:
            continue
        verb = next((v for v in verbs if a.alias.startswith(v)), None)
        noun = a.alias[len(verb):] if verb else ""
        if len(noun) < 2 or not any(specs[i]["kind"] in ("count", "quantity") for i in a.indicator_ids):
            continue
        reach = min(hi, doc.sentence_end(a.end, hi), a.end + MAX_WINDOW * 2)
        if not _number_at(text, a.end, reach):
            continue  # the first item writes its noun before its number (扩建3座水厂、新建8座泵站 names each noun)
        for j, other in led[first : bisect_left(led_at, reach)]:
            if other == verb or other + noun not in owners or _taken(taken, j):
                continue
            end = j + len(other)
            ids = [i for i in owners[other + noun] if specs[i]["kind"] in ("count", "quantity")]
            m = vocab.value_re().match(text, end, reach)
            if ids and m and m.group("num") and (m.end() == reach or marks.match(text, m.end())):
                out.append(Alias(j, end, other + noun, ids))  # the item ends at its number: no noun of its own
                taken.append((j, end))
    return out


@cache
def _sub_item_verbs() -> tuple[str, ...]:
    """The verbs a total's alias may begin with that its parts share unwritten (lexicon `count_split_verbs` and
    the works verbs), longest first."""
    return tuple(sorted({*vocab.lexicon()["count_split_verbs"], *_works_verbs()}, key=lambda v: (-len(v), v)))


def _verbless_sub_items(doc: Doc, found: list[Alias], hi: int, taken: list[tuple[int, int]]) -> list[Alias]:
    """A part of another indicator listed after a total whose alias a verb leads or follows, written without the verb
    (新增总库容596亿立方米,其中防洪库容210亿立方米: 新增防洪库容): after the total's number, a sub-item lead (其中) in
    its sentence, then words no alias was found in, or that are one alias whole, and a number, when the verb and those
    words spell an alias of an indicator other than the total's (a part of the total's own indicator is no target of
    its own); the part's own alias then gives way (新增节水灌溉面积…,其中高效节水灌溉面积22万亩: 新增高效节水灌溉面积)."""
    text = doc.text
    owners = vocab.alias_owners()
    out, replaced = [], []
    if not found:
        return out
    at = []  # (position, lead) of the sub-item leads of the window, once per window
    for w in vocab.longest_first("sub_item_leads"):
        k = text.find(w, found[0].end, hi)
        while k >= 0:
            at.append((k, w))
            k = text.find(w, k + len(w), hi)
    if not at:
        return out
    at.sort()
    for a in found:
        first = bisect_left(at, (a.end, ""))
        if first == len(at) or at[first][0] >= a.end + MAX_WINDOW * 2:
            continue
        verbs = [v for v in _sub_item_verbs() if (a.alias.startswith(v) and len(a.alias) > len(v))
                 or text.endswith(v, max(0, a.start - len(v)), a.start)]
        if not verbs:
            continue
        reach = min(hi, doc.sentence_end(a.end, hi), a.end + MAX_WINDOW * 2)
        k, lead = at[first]
        if k >= reach or not _number_at(text, a.end, reach):
            continue
        j = k + len(lead)
        j += text[j : j + 1] in CLAUSE_DELIMS
        m = vocab.value_search(text, j, min(reach, j + MAX_WINDOW // 4))
        while m is not None and not m.group("num"):
            m = vocab.value_search(text, m.end() + 1, min(reach, j + MAX_WINDOW // 4))
        if m is None or m.start() - j < 2 or not _CJK_WORDS.fullmatch(text, j, m.start()):
            continue
        alias = next((v + text[j : m.start()] for v in verbs if v + text[j : m.start()] in owners), None)
        inside = [f for f in found if j <= f.start < m.start()]
        whole = [f for f in inside if (f.start, f.end) == (j, m.start())]  # the part's own name, an alias too
        spans = {(f.start, f.end) for f in whole}
        if alias is None or _taken([t for t in taken if t not in spans], j) or len(inside) > len(whole):
            continue
        ids = [i for i in owners[alias] if i not in a.indicator_ids]
        if ids:
            out.append(Alias(j, m.start(), alias, ids))
            taken.append((j, m.start()))
            replaced.extend(whole)
    found[:] = [f for f in found if f not in replaced]
    return out


_QUALIFIER_REACH = 8  # characters of a qualifier written inside a total's name again (坡耕地)


def _qualified_sub_items(doc: Doc, found: list[Alias], hi: int) -> list[Alias]:
    """A part listed after a total that writes the total's name again with a qualifier inside it (建设改造高标准农田
    90万亩以上,其中建设改造坡耕地高标准农田20万亩以上): right after a sub-item lead (其中) in the total's sentence, a
    front part of the total's alias, a few Chinese characters, then the rest of the alias — itself an alias of another
    indicator, found there — and a bounded number right after it (a bare breakdown is no target of its own, as in
    `_sub_items`): the part is the total's indicator, and the aliases read
    inside it (改造坡耕地, 高标准农田) give way; a part whose own alias starts right after the lead (其中新增高效节水
    灌溉面积) stays as found."""
    text, owners = doc.text, vocab.alias_owners()
    lead = _sub_item_lead_re()
    out, replaced = [], []
    first_end = min((a.end for a in found), default=hi)  # (a lead holds one of these words, after an alias)
    if all(text.find(w, first_end, hi) < 0 for w in vocab.words("sub_item_leads")):
        return out
    for a in found:
        reach = min(hi, doc.sentence_end(a.end, hi), a.end + MAX_WINDOW * 2)
        m = vocab.value_re().match(text, a.end, reach)
        k = m.end() if m is not None and m.group("num") else -1
        j = next((x.end() for x in [lead.search(text, k, reach)] if x is not None), -1) if k >= 0 else -1
        if j < 0:
            continue
        for cut in range(len(a.alias) - 2, 1, -1):
            front, rest = a.alias[:cut], a.alias[cut:]
            if rest not in owners or not text.startswith(front, j):
                continue
            r = text.find(rest, j + cut + 1, min(reach, j + cut + 1 + _QUALIFIER_REACH))
            inside = [f for f in found if j <= f.start < r + len(rest)] if r >= 0 else []
            if (r < 0 or not _CJK_WORDS.fullmatch(text, j + cut, r) or (r, r + len(rest)) not in [(f.start, f.end) for f in inside]
                    or any(f.start >= r and f.start != r for f in inside) or not _number_at(text, r + len(rest), reach)):
                continue
            v = next(iter(values(doc, r + len(rest), reach)), None)
            if v is None or vocab.comparator_for(text[r + len(rest) : v.start], v.suffix) is None:
                break  # a bare breakdown (其中新增城郊节水灌溉面积20万亩) is no target of its own
            out.append(Alias(j, r + len(rest), a.alias, a.indicator_ids))
            replaced.extend(inside)
            break
    found[:] = [f for f in found if f not in replaced]
    return out


@cache
def _inner_starts(alias: str) -> tuple[int, ...]:
    """Offsets inside `alias` where a longer alias may begin: its rest is the start of another alias."""
    nexts = _alias_continuations()
    return tuple(j for j in range(1, len(alias)) if alias[j:] in nexts)


def _alias_continuations() -> dict[str, frozenset[str]]:
    """Every beginning of an alias shorter than the alias → the characters that follow it in an alias."""
    return vocab.alias_continuations()


@cache
def _alias_fronts(alias: str) -> tuple[tuple[tuple[str, frozenset[str]], ...], frozenset[str]]:
    """The parts of `alias` short of its end that begin another alias (农村规模化供水覆盖村庄 → 规模化供水覆盖 …),
    longest first, each with the characters that may follow it (the subject a tail written after it may
    share), and all those characters."""
    nexts = _alias_continuations()
    parts = {alias[i:k] for i in range(len(alias) - 1) for k in range(i + 2, len(alias)) if alias[i:k] in nexts}
    fronts = tuple((p, nexts[p]) for p in sorted(parts, key=lambda p: (-len(p), p)))
    return fronts, frozenset().union(*(n for _, n in fronts))


@cache
def _sibling_lead_chars() -> str:
    """A clause mark or a character of a list joiner."""
    return CLAUSE_DELIMS + "".join(vocab.lexicon()["list_joiners"])


@cache
def _sibling_lead_re() -> re.Pattern:
    return re.compile("[" + re.escape(_sibling_lead_chars()) + "]")


def _sibling_tails(doc: Doc, found: list[Alias], hi: int, taken: list[tuple[int, int]]) -> list[Alias]:
    """Tails that name another indicator of the subject just named (矿井水利用量持续提高,利用率…达到68%: 利用率 is
    矿井水利用率; 覆盖村庄达到5082个、人口367万人): right after a clause mark or a list joiner in the alias's
    sentence, a word that with a front part of the alias (at least two characters) spells another indicator's
    alias ending like an indicator's name."""
    text = doc.text
    owners = vocab.alias_owners()
    endings = vocab.words("indicator_name_endings")
    out = []
    if not found:
        return out
    marks = doc.positions_of(_sibling_lead_chars())  # (where _sibling_lead_re matches)
    starts = [k + 1 for k in marks[bisect_left(marks, found[0].end) : bisect_left(marks, hi - 1)]]  # once per paragraph
    for a in found:
        fronts, firsts = _alias_fronts(a.alias)
        if not fronts:
            continue
        reach = min(hi, doc.sentence_end(a.end, hi), a.end + MAX_WINDOW * 2)
        for j in starts[bisect_left(starts, a.end + 1) : bisect_left(starts, reach)]:
            if text[j] not in firsts:
                continue
            for front, nexts in fronts:
                if text[j] not in nexts:
                    continue
                if _taken(taken, j):
                    break
                m = vocab.alias_at(front + text[j : j + 16], 0)
                if m is None or len(m) - len(front) < 2 or not m.endswith(endings):
                    continue
                ids = [i for i in owners[m] if i not in a.indicator_ids]
                if ids:
                    end = j + len(m) - len(front)
                    out.append(Alias(j, end, m, ids))
                    taken.append((j, end))
                break
    return out


def _is_whole_of_share(doc: Doc, start: int, end: int) -> bool:
    """Whether an alias names the whole a share is of (占新疆总灌溉面积的55%, 占有效灌溉面积的份额): a share verb
    before it in its clause and 的 with a number, or (的 and) a share noun, right after it.  It then owns no value."""
    text, lex = doc.text, vocab.lexicon()
    after = end + len(lex["possessive"]) if text.startswith(lex["possessive"], end) else end
    if not ((after > end and _number_or_share_at(text, after)) or text.startswith(vocab.words("share_nouns"), after)):
        return False
    return any(w in text[max(doc.clause_start(start), start - 12) : start] for w in lex["share_verbs"])


def _number_or_share_at(text: str, pos: int) -> bool:
    """Whether digits (55%) or a share written in words (百分之五, 三分之二, 四成) begin at `pos`."""
    if text[pos : pos + 1].isdigit():
        return True
    m = vocab.value_re().match(text, pos, pos + _SHARE_WORDS_REACH)
    return bool(m and m.group("num") and m.start("num") == pos and vocab.is_fraction(m.group("num")))


def _shared_tails(text: str, found: list[Alias], owners: dict) -> list[Alias]:
    """Aliases that share the tail of the next one (工业和生活用水总量 → 工业用水总量, 生活用水总量): a word
    between list joiners before an alias becomes an alias of its own when it and that alias's tail are
    one (the longest such tail wins)."""
    joiners = vocab.words("list_joiners")
    out = []
    for k, a in enumerate(found):
        gap_lo = found[k - 1].end if k else max(0, a.start - SHARED_HEAD_REACH)
        gap = text[gap_lo : a.start]
        word = gap
        for j in joiners:
            if word.endswith(j):
                word = word[: -len(j)]
                break
        else:
            out.append(a)
            continue
        after_alias = k and not any(d in word for d in CLAUSE_DELIMS)  # the alias before is in this clause
        lead = next((j for j in joiners if word.startswith(j)), "") if after_alias else ""
        word = word[len(lead):] if lead else _joiner_or_mark_re().split(word)[-1]
        pairs = ((word[j:], a.alias[i:]) for j in range(len(word) - 1) for i in range(1, len(a.alias) - 1))
        head, tail = next(((w, t) for w, t in pairs if w + t in owners), (None, None))
        if after_alias and not lead:
            head = None  # only a listed word (A、工业和生活用水总量) shares a tail (…除险加固,实施23座小型水库和
            # 水闸除险加固: the alias before stands in an earlier clause, so the clause starts afresh)
        if head is not None:
            start = text.rfind(head, gap_lo, a.start)
            chain_lo = found[k - 1].end if k else max(0, a.start - 3 * SHARED_HEAD_REACH)
            out += _earlier_heads(text, chain_lo, start, tail, owners)
            out.append(Alias(start, start + len(head), head + tail, list(owners[head + tail])))
        out.append(a)
    return out


@cache
def _joiner_or_mark_re() -> re.Pattern:
    """A list joiner (lexicon order) or a clause mark: what the word before a shared tail starts after."""
    return re.compile("|".join(map(re.escape, vocab.words("list_joiners"))) + r"|[,;。:]")


def _earlier_heads(text: str, lo: int, end: int, tail: str, owners: dict) -> list[Alias]:
    """The words listed before a head that shares a tail, each joined to the next by a list joiner, that spell
    an alias with the same tail (化学需氧量、氨氮、总磷排放量 → 化学需氧量排放量 before 氨氮排放量), first first;
    the run stops at the first word that spells none."""
    joiners = vocab.longest_first("list_joiners")
    heads: list[Alias] = []
    while True:
        joiner = next((j for j in joiners if text.endswith(j, lo, end)), None)
        if joiner is None:
            return heads
        end -= len(joiner)
        k = next((k for k in range(max(lo, end - SHARED_HEAD_REACH), end - 1) if text[k:end] + tail in owners), None)
        if k is None:
            return heads
        heads.insert(0, Alias(k, end, text[k:end] + tail, list(owners[text[k:end] + tail])))
        end = k


def in_brackets(text: str, pos: int, lo: int) -> bool:
    """Whether `pos` is inside a bracketed aside (…项目(总投资41480.22万元))."""
    return bracket_opened(text, pos, lo) >= 0


def in_note(text: str, pos: int, lo: int) -> bool:
    """Whether `pos` is inside a bracketed note without numbers (用水总量(含非常规水源利用量)控制在…)."""
    opened = bracket_opened(text, pos, lo)
    if opened < 0:
        return False
    close = min((k for k in (text.find(")", pos, pos + 60), text.find("）", pos, pos + 60)) if k >= 0), default=-1)
    return close >= 0 and not re.search("[0-9]", text[opened:close])


def values(doc: Doc, lo: int, hi: int) -> list[Value]:
    """The quantities written in text[lo:hi]; a bare number of a list takes the unit written after the
    list's last number (A、B、C亿立方米)."""
    text = doc.text
    out = []
    for m in vocab.value_matches(text, lo, hi):
        if not m.group("num"):
            continue
        nxt = text[m.end() : m.end() + 1]
        unit = vocab.unit_spelling(m.group("unit") or m.group("unit1") or "")
        # A number that is a list ordinal ("1.") or part of a date/code is no value (0.51以上. is one).
        if not unit and not m.group("suffix") and nxt in _not_quantity_after():
            continue
        if m.group("num2") and m.group("unit1") and m.group("unit") and m.group("unit1") != m.group("unit"):
            continue  # 6亿立方米-8万立方米 is no range
        num = (m.group("sign") or "") + m.group("num")
        unit = _rate_written_before(text, m.start("num"), unit) or _unit_in_a_header_before(text, m.start())
        if m.group("mag1") and m.group("unit1") and not m.group("num2") and text[m.end() : m.end() + 1].isalpha():
            # 50个万亩以上中型灌区: the 万 after a count's unit begins the next words, no magnitude written twice
            out.append(Value(m.start("sign") if m.group("sign") else m.start("num"), m.end("unit1"), num, unit,
                             m.group("over"), bool(m.group("approx"))))
            continue
        if m.group("mag1") and not (m.group("num2") and unit.startswith(m.group("mag1"))):
            unit = _bare_money(text, m)  # 投资115亿 is 115亿元
            if unit is None:
                continue  # 6亿 with no range after it is no value this rule can read
        out.append(Value(m.start("sign") if m.group("sign") else m.start("num"), m.end(), num, unit,
                         m.group("suffix") or m.group("over"), bool(m.group("approx")), m.group("num2")))
    joiners = vocab.words("list_joiners", "value_list_joiners")
    for k in range(len(out) - 2, -1, -1):
        v, nxt = out[k], out[k + 1]
        if not v.unit_spelling and nxt.unit_spelling and text[v.end : nxt.start] in joiners:
            v.unit_spelling, v.unit_inherited = nxt.unit_spelling, True
    return out


def _whole_shares(doc: Doc, lo: int, hi: int) -> list[Value]:
    """Whole shares written as a word in text[lo:hi] right before a verb of building and the name of a rate
    (省直机关全部建成节水型机关: 全部 is 100 %), not in 项目全部建成后 (no rate named) nor after a share in its clause
    (80%的机关全部建成节水型单位).  Read only as the number before the name (`_before`), never as one after a name."""
    text, verbs = doc.text, vocab.words("whole_share_verbs")
    out = []
    for word in vocab.words("whole_share_words"):
        k = text.find(word, lo, hi)
        while k >= 0:
            end = k + len(word)
            if (text.startswith(verbs, end) and _names_a_share_after(doc, end)
                    and vocab.value_search(text, doc.clause_start(k, 0), k) is None):  # not 80%的机关全部建成…
                out.append(Value(k, end, word, "", None, False))
            k = text.find(word, end, hi)
    return out


def _names_a_share_after(doc: Doc, pos: int) -> bool:
    """Whether the name of a rate begins at `pos` or right after the verb there (全部|建成节水型高校, 全部建成|节水型机关),
    or after a quoted description of it (全部建成“…”的|节水机关):
    only there does a whole share written as a word (全部, 全面) state 100 %, not in 项目全部建成后 nor before a slogan
    (全面建成节水型社会)."""
    specs = metadata.indicator_specs()
    text = doc.text
    starts = [pos] + [pos + len(w) for w in vocab.words("whole_share_verbs") if text.startswith(w, pos)]
    described = _QUOTED_DESCRIPTION.match(text, starts[-1])
    if described and text.startswith(vocab.lexicon()["possessive"], described.end()):
        starts.append(described.end() + len(vocab.lexicon()["possessive"]))  # 全部建成“制度完备、器具普及”的节水机关: the name after its description
    if text.startswith(vocab.words("whole_share_slogans"), starts[-1]):
        return False  # 全面建成节水型社会: a slogan
    return any(a.start in starts and any(metadata.units()[specs[i]["unit"]]["dimension"] == "percent" for i in a.indicator_ids)
               for a in aliases(doc, pos, min(len(text), starts[-1] + _WHOLE_SHARE_REACH)))


_WHOLE_SHARE_REACH = 24  # characters after a whole share's verb in which the rate's name is looked for
_QUOTED_DESCRIPTION = re.compile(r"“[^“”。;；]{1,48}”")  # a description in quotation marks before a name


def _rate_written_before(text: str, start: int, unit: str) -> str:
    """The unit of a number whose period is written before it (流量达每秒60立方米 → 立方米每秒, a flow, not a
    volume): the unit spelled with the period word after it, when units.yaml lists that spelling; else `unit`."""
    if not unit:
        return unit
    for word in vocab.words("rate_periods_before_value"):
        if text.endswith(word, 0, start) and unit + word in vocab.unit_spellings():
            return unit + word
    return unit


_HEADER_UNIT = re.compile(r"[(（]\s*([^()（）\s0-9]{1,8})\s*[)）]\s*[≥≤><]?\s*$")


def _unit_in_a_header_before(text: str, start: int) -> str:
    """The unit a bare number takes from its name's bracketed unit right before it, a sign between at most
    (重复利用率(%)≥96 is 96%; 定额(立方米/吨)≤3.8 is 3.8 立方米/吨), when units.yaml knows the spelling; else ""."""
    m = _HEADER_UNIT.search(text, max(0, start - 16), start)
    if m is None:
        return ""
    unit = vocab.unit_spelling(m.group(1))
    return unit if unit in vocab.unit_spellings() else ""


def _bare_money(text: str, m: re.Match) -> str | None:
    """The money unit of a magnitude written alone right after a word of money (投资115亿 → 亿元), else None."""
    lex = vocab.lexicon()
    if m.group("num2") or m.group("unit1") or not text.endswith(vocab.words("money_words"), 0, m.start("num")):
        return None
    return lex["bare_money_magnitudes"].get(m.group("mag1"))


def reported_unit(indicator_id: str, value: Value) -> str:
    """The unit a value is written in, as the indicator reads it: a share in words is a percentage, and
    an indicator may read a bare unit as its own (万元GDP用水量…65立方米 is 65 立方米/万元)."""
    if vocab.is_fraction(value.number):
        return "%"
    unit = vocab.unit_for(value.unit_spelling)
    return metadata.indicator_specs()[indicator_id].get("implied_units", {}).get(value.unit_spelling, unit)


def fits(indicator_id: str, value: Value) -> bool:
    """Whether `value`'s unit can express the indicator (same dimension) and a bare number fits a ratio."""
    spec = metadata.indicator_specs()[indicator_id]
    canonical = metadata.units()[spec["unit"]]
    try:
        name = reported_unit(indicator_id, value)
        unit = metadata.units()[name]
        number = vocab.parse_number(value.number)
    except InputError:
        return False
    if vocab.is_fraction(value.number):
        return canonical["dimension"] == "percent"
    if not metadata.convertible(name, spec["unit"]):
        return False
    if name == "percentage points" and spec["unit"] != name:
        return False  # 提高8个百分点 is a change of a rate, not the rate
    if spec.get("measure_words_zh") and value.unit_spelling not in spec["measure_words_zh"]:
        return False  # 整治村庄河塘37个(村) counts villages, 204条 counts rivers and ponds
    if unit["dimension"].startswith("area") and 0 < abs(metadata.convert(number, name, spec["unit"])) < spec["valid_min"]:
        return False  # an area far below the indicator's range is a slip of the unit (9.25亩 for 9.25万亩)
    if (unit.get("period") is None and canonical.get("period") is not None
            and abs(metadata.convert(number, name, spec["unit"])) > float(spec["valid_max"])):
        return False  # 再生水供水规模将达1.54亿立方米: a plain amount far beyond any daily rate is no daily rate
    if canonical["dimension"] == "ratio":  # a coefficient: 0 < x ≤ its maximum (0、548 lost its point)
        return 0 < abs(number) <= spec["valid_max"] or (number == 0 and spec["valid_min"] <= 0)
    # A number in Chinese numerals counts only for quantities (两个, 千亩, 六千七百亿立方米), decimals (零点五八) and
    # percentages written with the sign (十五%), not for other rates.
    return (value.number.lstrip("-−")[0].isdigit() or vocab.lexicon()["numeral_decimal_point"] in value.number
            or unit["dimension"] not in ("percent", "ratio") or value.unit_spelling == vocab.PERCENT_SIGN)


def choose(indicator_ids: list[str], vals: list[Value]) -> str | None:
    """Of the indicators sharing an alias, the first whose unit fits one of the values."""
    for iid in indicator_ids:
        if any(fits(iid, v) for v in vals):
            return iid
    return None


@cache
def _scopes_re() -> re.Pattern:
    return re.compile(vocab.alternation(vocab.lexicon()["scopes"]))


def scope_before(text: str, lo: int, hi: int, until: int | None = None) -> str | None:
    """The longest lexicon scope term (全市, 城市, 规模以上工业 …) that starts between lo and hi;
    it may run on into the alias up to `until` (规模以上|工业用水重复利用率), and a whole jurisdiction may open the
    alias itself (全市用水量: lexicon alias_opening_scopes)."""
    segment = text[lo : max(hi, until or hi)]
    if _scopes_re().search(segment) is None:
        return None  # no scope term anywhere in it (the loop below would find none)
    for term in vocab.longest_first("scopes"):
        k = segment.find(term)
        if 0 <= k < hi - lo:
            return term
    if until is not None and text.startswith(vocab.words("alias_opening_scopes"), hi):
        return next(w for w in vocab.words("alias_opening_scopes") if text.startswith(w, hi))
    return None


def free_scope(text: str, pos: int, hi: int, joiners: tuple[str, ...] | None = None) -> str | None:
    """The words naming whom a count/share applies to: from pos up to a list joiner (outside
    brackets) or a scope-ending verb (lexicon `scope_stops`)."""
    seg = text[pos:hi].lstrip(vocab.lexicon()["possessive"])
    if joiners is None:  # the list joiners (A、B和C) and a comma
        joiners = vocab.words("list_joiners", "value_list_joiners")
    stops = vocab.words("scope_stops") + joiners
    depth = 0
    for k, ch in enumerate(seg):
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth <= 0 and seg.startswith(stops, k):
            seg = seg[:k]
            break
    return seg.strip() or None


def qualifier(text: str, lo: int, value: Value) -> str | None:
    lex = vocab.lexicon()
    parts = []
    if value.approx or (value.suffix in lex["approximate_suffixes"]):
        parts.append("approximately")
    hedges = [h for h in lex["hedges"] if h in text[lo : value.start]]
    if hedges:
        parts.append(f"hedged ({hedges[0]})")
    return "; ".join(parts) or None


@cache
def _verb_lead_re() -> re.Pattern:
    lex = vocab.lexicon()
    verbs = "|".join(re.escape(w) for w in sorted(lex["comparator_prefixes"], key=len, reverse=True))
    hedges = "|".join(re.escape(w) for w in lex["hedges"])
    modals = "|".join(map(re.escape, lex["modal_words"]))
    plain = vocab.alternation(lex["plain_value_verbs"])  # 海绵城市达标面积比例为23.4%: a plain verb leads a value too
    both = vocab.alternation(lex["respectively"])  # 节水型企业、节水型单位分别达到30家、45家
    extent = vocab.alternation(lex["extent_before_bound"])  # 防洪标准基本达到100年一遇
    return re.compile(rf"(?:{both})?(?:{modals})?(?:{hedges})?(?:{extent})?(?:{verbs}|{plain})")


@cache
def _place_before_bound_re() -> re.Pattern:
    """The part of town a value is for, between a name and its bound (防洪标准|中心城区|基本达到100年一遇); not a
    place the name qualifies (创建节水型企业|的城镇|达到8个: a count of towns)."""
    place = vocab.lexicon()["place_before_bound"]
    of = re.escape(vocab.POSSESSIVE)
    return re.compile(rf"(?:(?!{of}){CJK.pattern}){{0,{place['reach']}}}?(?:{vocab.alternation(place['ends'])})")


def _comparator_in_alias(alias: str) -> str | None:
    """The comparator of a bound word inside an alias (万元GDP用水量低于全国平均值的 → <; 日最大取水量 → <=); words that
    grade the water (水源达到或优于III类比例) bound no value."""
    for phrase in vocab.lexicon()["alias_grade_phrases"]:
        alias = alias.replace(phrase, "")
    words = vocab.lexicon()["comparator_prefixes"]
    found = [(alias.rfind(w), len(w), c) for w, c in words.items() if len(w) > 1 and w in alias]
    if found:
        return max(found)[2]
    return "<=" if any(w in alias for w in vocab.words("alias_ceiling_words")) else None  # 日最大取水量: at most


def _number_after_verb(text: str, pos: int, hi: int) -> bool:
    """Whether a comparator verb and then a quantity follow `pos` (节水载体总数达到6000个以上), the verb perhaps
    after a target noun (年径流总量控制率目标不低于70%)."""
    pos += next((len(w) for w in vocab.longest_first("target_nouns_of_values") if text.startswith(w, pos)), 0)
    m = _verb_lead_re().match(text, pos, hi)
    if m is None and (place := _place_before_bound_re().match(text, pos, hi)):
        m = _verb_lead_re().match(text, place.end(), hi)  # 防洪标准中心城区基本达到100年一遇
    return bool(m) and _number_at(text, m.end(), hi)


def _number_at(text: str, pos: int, hi: int) -> bool:
    """Whether a quantity is written right at `pos` (节水型企业|933家), or after a word of a total (共19处) or a
    works verb that follows its noun (生态清洁小流域|治理35条: lexicon alias_variant_verbs)."""
    for words in (vocab.longest_first("total_words"), vocab.longest_first("alias_variant_verbs")):
        if text.startswith(words, pos):
            pos += next(len(w) for w in words if text.startswith(w, pos))
    m = vocab.value_re().match(text, pos, hi)
    return bool(m and m.group("num"))


def _position(alias: Alias) -> str:
    """`before` when every indicator sharing the alias writes its number before it, else `after` (an
    `either` indicator groups like one written after)."""
    if alias.position:
        return alias.position
    specs = metadata.indicator_specs()
    return "before" if all(specs[i]["value_position"] == "before" for i in alias.indicator_ids) else "after"


def _groups(found: list[Alias], text: str) -> list[list[Alias]]:
    """Runs of aliases joined only by list joiners (A、B较2015年分别降低…) — one group each.
    Only aliases whose number follows them are grouped; a clause boundary always ends a group."""
    joiners = vocab.words("list_joiners")
    prefixes = vocab.words("alias_prefixes")
    groups: list[list[Alias]] = []
    for a in found:
        gap = text[groups[-1][-1].end : a.start] if groups else ""
        if gap.endswith(prefixes) and gap not in joiners:
            gap = gap[: -len(next(p for p in prefixes if gap.endswith(p)))]  # 和每万元工业增加值用水量
        if (groups and gap in joiners
                and _position(a) == _position(groups[-1][-1]) == "after"):
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


def _spread_years(doc: Doc, lo: int, first_value: int) -> list[YearMention]:
    """The years a list of values is spread over: the last run of year mentions joined by list
    joiners or a range (2022年至2025年 → 2022, 2023, 2024, 2025) before the values, in their sentence."""
    text = doc.text
    back = _stated_backwards(doc.years_between(doc.sentence_start(first_value, lo), first_value))
    last = next(back, None)
    if last is None:  # the years may be spread from an earlier sentence of the paragraph (到2024年和2026年,…;…分别…)
        back = _stated_backwards(doc.years_between(lo, first_value))
        last = next(back, None)
    before = next(back, None)
    if before is None:  # fewer than two
        return _period_years(doc, doc.sentence_start(first_value, lo), first_value)
    joiners = vocab.words("list_joiners", "value_list_joiners")
    ranges = vocab.words("range_marks")
    run = [last]
    for y in chain([before], back):
        gap = text[y.end : run[0].pos]
        if gap in joiners or gap in ranges or gap == "":
            run.insert(0, y)
        else:
            break
    if len(run) == 2 and text[run[0].end : run[1].pos] in ranges and run[1].year > run[0].year:
        a, b = run
        return [YearMention(a.pos, b.end, year, "stated") for year in range(a.year, b.year + 1)]
    return run if len(run) > 1 else []


def _stated_backwards(years: list[YearMention]) -> Iterator[YearMention]:
    """The stated years of `years` with a year, last first (read only as far back as a run of them goes)."""
    return (y for y in reversed(years) if y.year is not None and y.basis == "stated")


def _shared_years(doc: Doc, lo: int, value_start: int) -> list[YearMention]:
    """The years one value is set for: a run of stated years joined by list joiners (2020年、2022年、2030年, not a range)
    right before the value in its sentence, none of them the year a value starts from; [] otherwise."""
    run = _spread_years(doc, doc.sentence_start(value_start, lo), value_start)
    if len(run) < 2 or any(y.starting or y.outcome for y in run):
        return []
    joiners = vocab.words("list_joiners")
    if not all(doc.text[a.end : b.pos] in joiners for a, b in zip(run, run[1:], strict=False)):
        return []
    return run


def _years_sharing_it(doc: Doc, v: Value, year: YearMention | None) -> list[tuple[Value, YearMention | None]]:
    """A value of a list read by one name, each with the years its own clause sets it for: several joined years right
    before it and no other value in the clause (…,其中2018年完成400万亩,2019年、2020年分别完成300万亩: 300 for 2019 and
    for 2020; not 2015年和2017年…分别为63%、67%, spread one a year); else the value with the year it was given."""
    if year is not None:
        return [(v, year)]
    run = _shared_years(doc, doc.clause_start(v.start), v.start)
    if not run or values(doc, run[-1].end, v.start) or values(doc, v.end, doc.clause_end(v.end, len(doc.text))):
        return [(v, year)]
    return [(v, y) for y in run]


def _period_years(doc: Doc, lo: int, hi: int) -> list[YearMention]:
    """The years of the one plan period named as a span in text[lo:hi] (“十四五”期间 → 2021 … 2025), for a
    series with one value a year; [] when there is none."""
    lex = vocab.lexicon()
    spans = [y for y in doc.years_between(lo, hi) if y.basis == "plan_period" and y.year is not None
             and doc.text[y.pos : y.end].endswith(vocab.words("period_span_words"))]
    if len(spans) != 1:
        return []
    y = spans[0]
    first = y.year - int(lex["plan_period_length"]) + 1
    return [YearMention(y.pos, y.end, year, "plan_period") for year in range(first, y.year + 1)]


@cache
def _AFTER_VALUE_MARKS() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A closing quote, 的 and 年度 between a value and the target noun after it (…2000万亩”目标)."""
    year_period = vocab.YEAR + re.escape(vocab.lexicon()["year_period_suffix"])
    return re.compile(rf"^[”\"’」』]?{vocab.POSSESSIVE}?(?:{year_period})?")


@cache
def _listed_value_re() -> str:
    """A number and the unit written after it, up to the next joiner or mark (14%, 0.500, 49.5亿立方米)."""
    joiners = "".join(w for w in vocab.words("list_joiners") if len(w) == 1)
    return rf"\d+(?:\.\d+)?[^\d,;。{joiners}{vocab.POSSESSIVE}]{{0,5}}?"


@cache
def _LISTED_VALUES_AFTER() -> re.Pattern:  # noqa: N802 — a compiled constant
    """The values listed right after a value (和17%, 、0.60和0.62), up to the words that follow the run."""
    joiners = vocab.alternation(vocab.lexicon()["list_joiners"])
    nouns = vocab.alternation(vocab.lexicon()["target_nouns_of_values"])
    return re.compile(rf"^(?:(?:{joiners}){_listed_value_re()})+(?=[”\"’」』]|{vocab.POSSESSIVE}|{nouns})")


@cache
def _LISTED_VALUES_BEFORE() -> re.Pattern:  # noqa: N802 — a compiled constant
    """The values listed right before a value (目标14%和 before 17%), back to the words before the run."""
    joiners = vocab.alternation(vocab.lexicon()["list_joiners"])
    return re.compile(rf"(?<=[^\d.])(?:{_listed_value_re()}(?:{joiners}))+$")


@cache
def _plain_verb_at_end() -> re.Pattern:
    """A plain value verb (为, 是), a colon or an opening bracket ending a text (目标值(85立方米/万元))."""
    plain = "|".join(map(re.escape, [*vocab.lexicon()["plain_value_verbs"], ":", "("]))
    return re.compile(rf"(?:{plain})$")


def _target_noun_after(text: str, v: Value) -> str | None:
    """The target noun written right after a value (430亿立方米控制指标, 641亿立方米以内的目标, 0.9724的年度控制
    目标), or right before it (年度控制目标0.862, 国家考核确定值为6%); None when there is none."""
    # …2000万亩”目标; room for the longest noun after 的 and a period (13.5亿立方米的年度最低利用量控制目标)
    # 省考目标14%和17%的要求: the noun after the last of a run of listed values names each of them, and the noun
    # before the first (完成省下达目标14%和17%) too
    after = _AFTER_VALUE_MARKS().sub("", _LISTED_VALUES_AFTER().sub("", text[v.end : v.end + 40])[:16])
    nouns = vocab.lexicon()["target_nouns_of_values"]
    if after.startswith(vocab.words("target_nouns_of_values")):  # (then the first of them, as listed)
        return next(word for word in nouns if after.startswith(word))
    before = _plain_verb_at_end().sub("", _LISTED_VALUES_BEFORE().sub("", text[max(0, v.start - 40) : v.start])[-10:])
    if before.endswith(vocab.words("target_nouns_of_values")):
        return next(word for word in nouns if before.endswith(word))
    return _target_change_outdone(text, v) or _task_before_its_share(text, v)


def _target_change_outdone(text: str, v: Value) -> str | None:
    """The target noun of a change a result outdid (较年度控制目标下降12%多了2.8个百分点): a comparison word, the noun
    and a verb of change right before the value, and a word of the difference right after it (lexicon
    outcome_markers_after: 多了, 少了) — the value is the change the target set; None otherwise (较控制目标下降12%:
    by how much the result fell short of it)."""
    if not text.startswith(vocab.words("difference_words"), v.end):
        return None
    before = text[max(0, v.start - 16) : v.start]
    verb = next((w for w in vocab.longest_first("change_verbs") if before.endswith(w)), None)
    if verb is None:
        return None
    before = before.removesuffix(verb)
    noun = next((w for w in vocab.longest_first("target_nouns_of_values") if before.endswith(w)), None)
    if noun is None or _COMPARED_WITH_A_TARGET().search(before.removesuffix(noun)) is None:
        return None
    return noun


@cache
def _SHARE_DONE_AFTER() -> re.Pattern:  # noqa: N802 — a compiled constant
    """的 and a percentage right after a value (…1.34亿立方米的212%): the share of it that was done."""
    return re.compile(rf"{vocab.POSSESSIVE}\d+(?:\.\d+)?%")


def _task_before_its_share(text: str, v: Value) -> str | None:
    """The task noun right before a value that the share done of it follows (泄水2.8亿立方米,完成年度目标任务1.3亿
    立方米的215%; 为考核任务50万亩的109%): the value is the task the result is measured against; None otherwise
    (已完成省下达任务12万亩: no share, the amount done)."""
    if v.suffix or not _SHARE_DONE_AFTER().match(text, v.end):
        return None
    before = text[max(0, v.start - 12) : v.start]
    return next((w for w in vocab.longest_first("share_done_task_nouns") if before.endswith(w)), None)


def _states_noun_value(text: str, v: Value, noun: str, spec: dict) -> bool:
    """Whether a target noun states the value plainly (水土保持率目标值为97.12%, 确定的2013年目标值(85立方米/万元)): the
    noun, a plain value verb, a colon or an opening bracket, then the value, for an indicator that is neither a cap
    nor a reduction and a noun that names no bound."""
    lex = vocab.lexicon()
    if spec["takes_baseline"] or spec.get("kind") == "cap" or noun in lex["alias_comparators"]:
        return False
    verbs = lex["plain_value_verbs"]
    links = (*verbs, ":", "(", *(verb + ":" for verb in verbs))  # 为, :, (, 为:
    return text[max(0, v.start - len(noun) - 2) : v.start].endswith(tuple(noun + link for link in links))


def _compared_with_its_target(text: str, v: Value, noun: str) -> bool:
    """Whether a result is compared with the target a value gives (甲率95%,高于年度控制目标94%; 乙量40立方米,比控制
    目标45立方米低; 高于94%的年度控制目标): a comparison word right before the target noun, or before the value when the
    noun follows it (a year or 年度 between) — the value names the target bare, with no verb of its own (not 达到省考
    目标0.50, 降至7%的目标)."""
    before = text[max(0, v.start - 24) : v.start]
    before = before.removesuffix(noun) if before.endswith(noun) else before
    return _COMPARED_WITH_A_TARGET().search(before) is not None


@cache
def _COMPARED_WITH_A_TARGET() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A comparison word at the end of a text, a year or 年度 after it (高于2017年, 较年度, 比)."""
    lex = vocab.lexicon()
    year = rf"(?:{vocab.YEAR_TOKEN}){vocab.YEAR}"
    return re.compile(rf"(?:{vocab.alternation(lex['compared_with_target_words'])})(?:{year})?"
                      rf"(?:{vocab.YEAR}{re.escape(lex['year_period_suffix'])})?$")


def _named_right_after(text: str, last: Alias, v: Value, clause_lo: int) -> bool:
    """Whether a value stands right after its name, no verb between, and no verb of meeting a bound before the name in
    its clause (确保…新增有效灌溉面积2万亩目标的实现; 实现农业节水10亿立方米的目标要求; not 超额完成“新增…120万亩”目标,
    met at least): the target noun after it names the target bare."""
    return (not vocab.without_approximation(text[last.end : v.start]).strip()
            and not any(w in text[clause_lo : last.start] for w in vocab.words("target_met_verbs")))


def _bare_target_comparator(spec: dict) -> str:
    """The comparator of a target named bare (no verb of its own): a cap's `<=`, a reduction's or a cut's `>=`,
    otherwise `=`."""
    if spec["takes_baseline"] or spec["cut"]:
        return ">="
    return "<=" if spec.get("kind") == "cap" else "="


def _noun_comparator(spec: dict, noun: str) -> str:
    """The comparator a target noun gives a number of an indicator: 上限/下限 say it, otherwise the
    indicator's nature (a reduction by at least, a cap where lower is better, a floor where higher is)."""
    said = vocab.lexicon()["alias_comparators"].get(noun)
    bound = next((c for word, c in vocab.lexicon()["bound_nouns"].items() if noun.startswith(word)), None)
    if said == ">=" or bound:
        return bound or said
    if spec["takes_baseline"]:
        return ">="
    return "<=" if spec["direction"] == "lower_is_better" else ">="


def _comparator_after(text: str, v: Value) -> str | None:
    """The comparator of words right after a value (按51.9亿立方米控制 → <=), unless they begin a target noun."""
    after = text[v.end : v.end + 8]
    if any(after.startswith(n) for n in vocab.lexicon()["target_nouns_of_values"]):
        return None
    for word, comparator in vocab.lexicon()["comparator_after"].items():
        if after.startswith(word):
            return comparator
    return None


def _names_a_target(before: str) -> bool:
    """Whether the words before a bare number call it a target or an allotted figure (指标, 目标)."""
    return any(w in before for w in vocab.lexicon()["target_nouns"])


def _alias_comparator(between: str) -> str | None:
    """The comparator implied by words between an alias and a bare number (控制指标 → cap)."""
    for word, comparator in vocab.lexicon()["alias_comparators"].items():
        if word in between:
            return comparator
    return None


def _split_nouns_after_their_verb(doc: Doc) -> set[int]:
    """Starts of the nouns of verb-split aliases with one of their verbs written within reach before them
    (a noun without its verb there cannot be read as a split alias, so it does not make a block worth reading,
    nor is its verb looked for again in a window); found once per document."""
    if doc._split_nouns is None:
        text = doc.text
        doc._split_nouns = {k for k, _, noun in doc.matches_between(vocab.verb_split_aliases()[0], 0, len(text))
                            if _split_verbs_re(noun).search(text, max(0, k - _SPLIT_REACH), k)}
    return doc._split_nouns


@cache
def _split_verbs_re(noun: str) -> re.Pattern:
    """Any verb a verb-split noun may stand after (a match within a window is a verb written whole in it)."""
    return re.compile(vocab.alternation(vocab.split_verbs_of(noun)))


def prose(doc: Doc) -> Iterator[Candidate]:
    """Every prose candidate of the document, block by block (a row of cells cell by cell)."""
    text = doc.text
    # Where an alias occurs at all: a block or cell without one yields nothing, so it is skipped (with
    # web-page noise, an alias with a character lost to it counts too; a word of a split or purpose alias
    # counts, and so does a word telling an amount added).
    starts = sorted(
        [k for k, _, _ in _alias_matches(doc, 0, len(text))] + list(_split_nouns_after_their_verb(doc))
        + [k for k, _, _ in doc.matches_between(vocab.split_words_finder(), 0, len(text))]
        + [k for k, _, _ in doc.matches_between(_ADDED_AFTER(), 0, len(text))]  # 库容可增加…: `_named_then_added`
        + [k for k, _, _ in _shared_part_matches(doc, 0, len(text), [])]  # 能耗、水耗分别…: `_shared_part_matches`
        + ([k for k, _ in vocab.noisy_alias_spans(text, 0, len(text))] if doc.noisy else []))

    def has_alias(lo: int, hi: int) -> bool:
        k = bisect_left(starts, lo)
        return k < len(starts) and starts[k] < hi

    for block in doc.blocks:
        if not has_alias(block.start, block.end):
            continue
        for part_lo, part_hi in _cells(text, block.start, block.end):
            if has_alias(part_lo, part_hi):
                yield from _paragraph(doc, part_lo, part_hi)


def prose_heading_lists(doc: Doc) -> Iterator[Candidate]:
    """A heading naming a cap with no number (二、各市耗水指标) over a paragraph that is nothing but a list of names
    and amounts (甲市3.1亿立方米,乙市0.8亿立方米,丙区1.2亿立方米。): each amount is that cap for the place named."""
    text, specs = doc.text, metadata.indicator_specs()
    blocks = doc.blocks
    for head, body in zip(blocks, blocks[1:], strict=False):
        if head.kind != "heading" or body.kind != "paragraph":
            continue
        caps = [i for a in aliases(doc, head.start, head.end) for i in a.indicator_ids if specs[i]["kind"] == "cap"]
        if not caps or values(doc, head.start, head.end):
            continue
        items = _named_amounts(doc, body.start, body.end)
        iid = caps[-1]
        if len(items) < _MIN_LISTED or not all(fits(iid, v) for _, v in items):
            continue
        for name_at, v in items:
            year, basis, mention = doc.year_for(v.start, body.start)
            comparator = vocab.comparator_for(text[name_at : v.start], v.suffix) or specs[iid].get("bare_comparator", "=")
            yield from emit(doc, iid, name_at, v, year, basis, comparator, baseline=None,
                             scope=text[name_at : v.start].strip(), qualifier=None, annual=False,
                             rule="prose_heading_list",
                             outcome=is_outcome(doc, body.start, v, comparator, mention, basis=basis))


_MIN_LISTED = 3  # names and amounts a paragraph lists at least to be read as a table in prose


def _named_amounts(doc: Doc, lo: int, hi: int) -> list[tuple[int, Value]]:
    """(start of the name, value) of a paragraph that is only names and amounts joined by commas or list joiners
    up to its first sentence end (甲市3.1亿立方米,乙市0.8亿立方米。); [] when anything else is written in it (a name
    naming an indicator or a year, a lead, modal or hedge word, or words after the last amount)."""
    end = doc.sentence_end(lo)
    items, ended = _listed_names(doc, lo, end)
    if not ended or doc.text[items[-1][1].end : end].strip(" 。;"):
        return []
    return items


def prose_anaphora(doc: Doc) -> Iterator[Candidate]:
    """A value named by a word pointing back (高效节水灌溉面积已超过350万亩,2020年底,这一数据有望突破400万
    亩): the indicator of the nearest alias before it in its block whose unit fits the value."""
    text = doc.text
    words = vocab.longest_first("anaphora_words")
    pattern = re.compile("|".join(map(re.escape, words)))
    for m in pattern.finditer(text):
        lo = max(doc.block_start(m.start()), m.start() - _ANTECEDENT_REACH)  # the antecedent is near (and linear time)
        clause_hi = doc.clause_end(m.end(), len(text))
        vals = [v for v in values(doc, m.end(), clause_hi) if v.start >= m.end()]
        before = [a for a in aliases(doc, lo, m.start()) if _position(a) == "after"]
        if not vals or not before:
            continue
        v, alias = vals[0], before[-1]
        iid = next((i for i in alias.indicator_ids if fits(i, v)), None)
        if iid is None:
            continue
        spec = metadata.indicator_specs()[iid]
        year, basis, mention = doc.year_for(v.start, lo)
        comparator = vocab.comparator_for(text[m.end() : v.start], v.suffix) or spec.get("bare_comparator")
        clause_lo = doc.clause_start(m.start(), lo)
        sent_lo = doc.sentence_start(m.start(), lo)
        yield from emit(
            doc, iid, m.start(), v, year, basis, comparator, baseline=None, scope=None,
            qualifier=qualifier(text, sent_lo, v), annual=False, rule="prose_anaphora",
            outcome=is_outcome(doc, clause_lo, v, comparator, mention, basis=basis),
        )


def _allocated_value_first(doc: Doc, found: list[Alias], lo: int) -> list[Alias]:
    """`found` with the aliases read backwards that an amount directly precedes and a target noun closes, no
    number following (全省12亿立方米用水总量指标、4亿立方米地下水指标细化分配至各市): a list of allocated
    caps written value first, where the amount after an alias is the next alias's."""
    text, nouns = doc.text, vocab.words("target_nouns")
    out = []
    for a in found:
        noun_end = a.end if a.alias.endswith(nouns) else a.end + next(
            (len(n) for n in nouns if text.startswith(n, a.end)), -len(text))
        if a.position is None and noun_end >= a.end and not _number_at(text, noun_end, len(text)):
            before = values(doc, max(lo, a.start - MAX_WINDOW), a.start)
            if before and before[-1].end == a.start and before[-1].unit_spelling and not before[-1].unit_inherited:
                a = Alias(a.start, a.end, a.alias, a.indicator_ids, position="before")
        out.append(a)
    return out


def _past_a_note(text: str, pos: int, hi: int) -> int:
    """`pos`, or the end of a bracketed note without digits that opens there (再生水厂(含提标改造污水处理厂)12座:
    the note names what the count includes, the count follows it)."""
    if text[pos : pos + 1] not in ("(", "（"):
        return pos
    close = min((k for k in (text.find(")", pos, hi), text.find("）", pos, hi)) if k >= 0), default=-1)
    return close + 1 if close >= 0 and not re.search("[0-9]", text[pos:close]) else pos


def _respectively_after(text: str, pos: int, hi: int) -> bool:
    """Whether a word of 'respectively' (分别) opens the words after `pos` (…单位分别达到30家、45家)."""
    return text.startswith(vocab.words("respectively"), pos, hi)


def _counted_before_in_a_list(doc: Doc, found: list[Alias], lo: int, hi: int) -> list[Alias]:
    """`found` with each alias whose count may stand on either side (value_position either) read backwards when
    its own clause gives a number before it and none follows it, though a list joiner leads on to an alias
    read forwards (解决26.8万农村人口饮水安全问题、用水总量控制在31亿立方米以内: the 31 is not the people's)."""
    specs, text, out = metadata.indicator_specs(), doc.text, []
    for k, a in enumerate(found):
        positions = {specs[i]["value_position"] for i in a.indicator_ids}
        if (a.position is None and "either" in positions and positions <= {"before", "either"}
                and k + 1 < len(found) and text[a.end : found[k + 1].start] in vocab.words("list_joiners")
                and not _number_at(text, a.end, hi) and not _number_after_verb(text, a.end, hi)):
            w_lo = max(doc.clause_start(a.start, lo), found[k - 1].end if k else lo, a.start - MAX_WINDOW)
            if values(doc, w_lo, a.start):
                a = Alias(a.start, a.end, a.alias, a.indicator_ids, position="before")
        out.append(a)
    return out


def _without_aliases_naming_a_place(doc: Doc, found: list[Alias], lo: int, hi: int) -> list[Alias]:
    """`found` without the aliases that only name the place of a clause carrying on the alias before it
    (节水型小区覆盖率达到12%以上,东岭省节水型城市达到10%以上: 节水型城市 names whom the 10% is for, a count cannot
    take it)."""
    return [a for k, a in enumerate(found) if not (k and _names_a_place(doc, found[k - 1], a, lo, hi))]


def _names_a_place(doc: Doc, before: Alias, alias: Alias, lo: int, hi: int) -> bool:
    """Whether `alias` stands in the place words of a clause of its own bound and value (`_scoped_clause_re`), in
    the sentence of `before`, and none of its indicators fits that value while one of `before`'s does."""
    text = doc.text
    c_lo = doc.clause_start(alias.start, lo)
    if alias.position == "before" or c_lo <= before.end or doc.sentence_start(alias.start, lo) > before.start:
        return False
    c_hi = doc.clause_end(alias.start, hi)
    head = _head_before_value(text[c_lo:c_hi])
    m = _scoped_clause_re().match(head)
    if (m is None or len(head) == c_hi - c_lo or c_lo + len(m.group(1)) < alias.end
            or m.group(1).endswith(vocab.words("indicator_name_endings", "other_quantity_endings"))):
        return False  # (,高效节水灌溉面积占比达到30%: a quantity of its own, no place)
    vals = values(doc, c_lo + len(head), c_hi)
    return bool(vals) and not any(fits(i, vals[0]) for i in alias.indicator_ids) and any(
        fits(i, vals[0]) for i in before.indicator_ids)


def _cells(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    start = lo
    while True:
        tab = text.find("\t", start, hi)
        end = hi if tab < 0 else tab
        if end > start:
            yield start, end
        if tab < 0:
            return
        start = tab + 1


def _paragraph(doc: Doc, lo: int, hi: int) -> Iterator[Candidate]:
    text = doc.text
    if not vocab.may_hold_a_value(text, lo, hi):
        return  # every reading here takes a value written in the window (its aliases are not looked for)
    found = aliases(doc, lo, hi)
    if not found:
        return
    specs = metadata.indicator_specs()
    lex = vocab.lexicon()
    found = _counted_before_in_a_list(doc, _allocated_value_first(doc, found, lo), lo, hi)
    found = _without_aliases_naming_a_place(doc, found, lo, hi)
    for group in _groups(found, text):
        first = group[0]
        if all(a.position == "before" or {specs[i]["value_position"] for i in a.indicator_ids} <= {"before", "either"}
               for a in group):
            # A count may also be written after its noun (创建节水型企业933家, not only 创建933家节水型企业):
            # an `either` alias with a number right after it is read forwards, the rest backwards.
            forwards = [a for a in group if a.position is None
                        and any(specs[i]["value_position"] == "either" for i in a.indicator_ids)
                        and (_number_at(text, (past := _past_a_note(text, a.end, hi)), hi)
                             or _number_after_verb(text, past, hi))]
            if not forwards:
                yield from _before(doc, group, found, lo, hi)
                continue
            if forwards[-1] is group[-1] and len(group) > 1 and _respectively_after(text, group[-1].end, hi):
                forwards = [a for a in group if a.position is None]  # 企业、单位分别达到30家、45家: the list shares them
            group = forwards
            first = group[0]
        last = group[-1]
        nxt = _next_start(found, last, hi)
        w_end = min(doc.clause_end(last.end, hi), nxt, last.end + MAX_WINDOW)
        w_end, vals = _continued(doc, last.end, w_end, min(nxt, hi))
        vals = values(doc, last.end, w_end) if vals is None else vals
        # A number right after 由/从 is where a quantity starts from (由45%降至2%; 由2015年的0.811).
        starting = _with_listed_peers(text, vals, [v for v in vals if STARTS_FROM.search(text, max(lo, v.start - 12), v.start)])
        # A number that qualifies an entity (超过43万立方米的企业) is a threshold the alias does not own.
        vals = [v for v in vals if not (text.startswith(vocab.lexicon()["possessive"], v.end)
                                        and any(w in text[v.end + 1 : v.end + 8] for w in lex["threshold_entities"]))]
        for v in starting:
            yield from _starting_value(doc, lo, group, v)
        vals = [v for v in vals if v not in starting]
        if not vals:
            continue
        sent_lo = doc.sentence_start(first.start, lo)
        clause_lo = doc.clause_start(first.start, lo)
        spread = text[first.start : vals[0].start]
        respectively = any(w in spread for w in lex["respectively"])
        for k, alias in enumerate(group):
            for iid, fitting in _owned(alias, vals, text).items():
                spec = specs[iid]
                picked = _pick(doc, lo, group, k, fitting, respectively)
                yield from _emit_picked(doc, lo, alias, last, iid, spec, fitting, picked, sent_lo, clause_lo)


@cache
def _from_re() -> re.Pattern:
    lex = vocab.lexicon()
    markers = "|".join(map(re.escape, lex["from_markers"]))
    states = "|".join(map(re.escape, sorted([*lex["from_state_words"], *lex["relative_years"]], key=len, reverse=True)))
    periods = "|".join(map(re.escape, lex["plan_periods"]))
    baselines = "|".join(map(re.escape, lex["baseline_prefixes"]))
    # 由2015年的X, 由现在的X, 从“十三五”末的X, 从民国105年X; and a baseline's own value, 较2012年的44.6亿立方米;
    # a word of a period may stand last (由目前的每日3万吨提升至5万吨)
    year, end, of = vocab.YEAR, vocab.YEAR_END, vocab.POSSESSIVE
    period_end = vocab.alternation(lex["deadline_ends"])
    per = vocab.alternation(lex["per_period_words"])
    return re.compile(rf"(?:(?:{markers})(?:(?:{vocab.YEAR_TOKEN}|{vocab.ERA_YEAR_TOKEN}){year}{end}|{states}|[“\"]?(?:{periods})[”\"]?"
                      rf"(?:{period_end})?)?|(?:{baselines})(?:{vocab.YEAR_TOKEN}){year}{end}(?={of})){of}?(?:{per})?$")


class _From:
    """The test for a starting value: 由/从, optionally a year and 的, right before the number."""

    @staticmethod
    def search(text: str, lo: int, hi: int) -> bool:
        return bool(_from_re().search(text[lo:hi]))


STARTS_FROM = _From()


def _with_listed_peers(text: str, vals: list[Value], starting: list[Value]) -> list[Value]:
    """Starting values with the values listed right after them (比2013年的55.59立方米、32.43立方米分别下降15%、13%:
    32.43 is a base level too, not a level aimed at)."""
    joiners = vocab.words("list_joiners")
    out = list(starting)
    for a, b in zip(vals, vals[1:], strict=False):
        if a in out and b not in out and text[a.end : b.start] in joiners:
            out.append(b)
    return out


def _starting_value(doc: Doc, lo: int, group: list[Alias], v: Value) -> Iterator[Candidate]:
    """A value a quantity starts from: an outcome of the year it names (由2015年的0.811), or dismissed
    when it names none (由45%降至2%)."""
    text = doc.text
    year_before = doc.years_between(max(lo, v.start - 12), v.start)
    alias = group[-1] if len(group) == 1 else None
    owned = _owned(alias, [v], text) if alias else {}
    if not year_before or not owned:
        doc.mark(v.start, v.end, "dismissed", "starting_value")
        return
    iid = next(iter(owned))
    yield candidate(doc, iid, alias.start, v.end, v, year_before[-1].year, "stated", "=", baseline=None,
                    scope=None, qualifier=None, annual=False, rule="prose_from", outcome=True)


def _owned(alias: Alias, vals: list[Value], text: str) -> dict[str, list[Value]]:
    """indicator id → the values it reads, for an alias several indicators share: each value goes to the
    first indicator (in indicators.yaml order) whose unit fits it and whose required words
    (`requires_zh`, e.g. a reduction verb) stand between the alias and it."""
    specs = metadata.indicator_specs()
    out: dict[str, list[Value]] = {}
    for v in vals:
        changed = [i for i in alias.indicator_ids if _verb_before_name(text, alias, v, specs[i]["requires_zh"])]
        for iid in changed + [i for i in alias.indicator_ids if i not in changed]:  # 降低漏损率5.74%: the fall first
            required = specs[iid]["requires_zh"]
            if fits(iid, v) and (not required or iid in changed
                                 or _changed_by(text[alias.start : v.start], required, iid)):
                out.setdefault(iid, []).append(v)
                break
    return out


def _verb_before_name(text: str, alias: Alias, v: Value, required: list[str]) -> bool:
    """Whether a required change verb stands right before the alias and the value follows the alias directly
    (降低管网漏损率2个百分点: the fall, not a level of 2%; 降低漏损率至9% names the level reached)."""
    between = vocab.without_approximation(text[alias.end : v.start]).strip()
    return bool(required) and not between and text[max(0, alias.start - 6) : alias.start].endswith(tuple(required))


def _changed_by(between: str, required: list[str], iid: str) -> bool:
    """Whether a required word stands between an alias and its value; for a change in percentage points,
    not one followed by 至/到 (提升至8% names the level reached, not the change)."""
    if metadata.indicator_specs()[iid]["unit"] != "percentage points":
        return any(w in between for w in required)
    marks = vocab.words("change_to_marks")
    return any(w in between and not between[between.find(w) + len(w):].startswith(marks) for w in required)


def _listed_run(text: str, vals: list[Value]) -> list[Value]:
    """The first values of `vals` joined only by list joiners (15%和18%, 0.36、0.60)."""
    joiners = vocab.words("list_joiners", "value_list_joiners")
    run = vals[:1]
    for a, b in zip(vals, vals[1:], strict=False):
        if text[a.end : b.start] not in joiners:
            break
        run.append(b)
    return run


def _run_suffix(text: str, vals: list[Value], v: Value) -> str | None:
    """The bound suffix closing a run of listed values that `v` opens or stands in, when `v` has none of its own
    (分别达到28立方米和9.6立方米以下: 以下 bounds 28 too); None otherwise."""
    if v.suffix or v not in vals:
        return None
    run = _listed_run(text, vals[vals.index(v):])
    bound = run[-1].suffix if len(run) > 1 else None
    return bound if bound in vocab.lexicon()["comparator_suffixes"] else None


def _names_change_of_amount(spec: dict, alias: str) -> bool:
    """Whether an alias of an amount ends in a change verb and so names the change itself when the value follows it
    directly (年供水能力提高2.1亿立方米: an amount added, neither dismissed as a change of a level nor a floor)."""
    return (not spec["takes_baseline"] and metadata.units()[spec["unit"]]["dimension"] not in ("percent", "ratio")
            and alias.endswith(vocab.words("change_verbs")))


def _is_change_of_amount(text: str, spec: dict, v: Value) -> bool:
    """Whether a value of an amount (a volume, an area) follows a change verb directly (减少140万立方米):
    the change, not the level the indicator names; reductions and rates are read as written."""
    if spec["takes_baseline"] or metadata.units()[spec["unit"]]["dimension"] in ("percent", "ratio"):
        return False
    before = vocab.without_approximation(text[max(0, v.start - 6) : v.start])  # 减少约4亿立方米
    return before.endswith(vocab.words("change_verbs"))


def _pick(doc: Doc, lo: int, group: list[Alias], k: int, fitting: list[Value],
          respectively: bool) -> list[tuple[Value, YearMention | None]]:
    """Which of the values an alias reads are its targets, and a year for each spread over years."""
    named = [(v, None) for v in fitting[1:] if _target_noun_after(doc.text, v)]
    if len(group) > 1 and len(named) == len(group):
        named = [named[k]]  # 分别下降21.2%和18.5%,达到省考目标14%和17%的要求: the targets in the order of the names
    return _pick_plain(doc, lo, group, k, fitting, respectively) + named


def _pick_plain(doc: Doc, lo: int, group: list[Alias], k: int, fitting: list[Value],
                respectively: bool) -> list[tuple[Value, YearMention | None]]:
    if len(group) == 1 and len(fitting) == 1:
        shared = _shared_years(doc, lo, fitting[0].start)
        if shared:  # 到2020年、2022年、2030年控制在450亿立方米以内: one cap, three years (2019年、2020年分别完成30万亩: the
            return [(fitting[0], y) for y in shared]  # same amount each year, 分别 with one value)
    years = _spread_years(doc, lo, fitting[0].start) if len(group) == 1 and len(fitting) > 1 else []
    if years and len(years) == len(fitting) and (respectively or len(years) > 1) and not any(
            w in doc.text[a.end : b.start] for a, b in zip(fitting, fitting[1:], strict=False)
            for w in vocab.lexicon()["sub_item_leads"]):  # 2019—2020年…6.8亿元,其中…5.5亿元: a total and its part
        return list(zip(fitting, years, strict=True))
    if len(fitting) == len(group) and len(group) > 1:
        return [(fitting[k], None)]
    if respectively and len(group) > 1 and len(fitting) > len(group):
        run = _listed_run(doc.text, fitting)  # 分别降低15%和18%,…利用率达到90%: the listed values
        runs = _respective_runs(doc.text, fitting, len(group))
        if runs:
            return [(r[k], None) for r in runs]
        place = _place_in_listed_items(doc, lo, group[k], run)
        if place is not None:
            return [place]
    if respectively and len(group) > len(fitting) > 1:
        return [(fitting[k], None)] if k < len(fitting) else []  # fewer values than names: in order, no guess
    if len(group) == 1 and respectively and len(fitting) > 1:
        places = _places_among_named_siblings(doc, group[0], fitting)
        if places:
            return places
        return [(v, None) for v in fitting]
    if len(group) == 1 and len(fitting) > 1 and all(
            doc.years_between(a.end, b.start) for a, b in zip(fitting, fitting[1:], strict=False)):
        return [(v, None) for v in fitting]  # 2023年达到23.8%,2024年达到24%: each value with its own year
    if len(group) == 1 and len(fitting) > 1 and all(_grade_after(doc.text, v.end) for v in fitting):
        return [(v, None) for v in fitting]  # 不低于95%为安全;不低于90%为基本安全: one value per grade
    if len(group) == 1 and len(fitting) > 1 and all(_scoped_clause(doc, v) for v in fitting[1:]):
        return [(v, None) for v in fitting]  # 达到58%以上,京津冀地区达到68%以上: one more value per place
    return [(fitting[0], None)]


def _a_rise_shared_by_a_list(text: str, alias: Alias, last: Alias, v: Value, spec: dict) -> bool:
    """供水普及率、管网漏损率、工业用水重复利用率分别提升至98%、10%、80%: a verb of rising written once for a list of
    names before 分别 sets no floor on a rate meant to fall (漏损率): its value is a cap (not 漏损率达到10%以上, bound by
    its own suffix, nor a list of names meant to rise)."""
    listed = alias is not last or text.endswith(vocab.words("list_joiners"), 0, alias.start)
    return (listed and spec["direction"] == "lower_is_better" and not spec["takes_baseline"] and not spec["cut"]
            and any(w in text[last.end : v.start] for w in vocab.words("respectively")))


def _run_opening(text: str, fitting: list[Value], v: Value) -> Value:
    """The first value of the run of listed values `v` stands in (9% of 9%、90%; `v` itself when it opens one)."""
    k = fitting.index(v)
    joiners = vocab.words("list_joiners", "value_list_joiners")
    while k > 0 and text[fitting[k - 1].end : fitting[k].start] in joiners:
        k -= 1
    return fitting[k]


def _respective_runs(text: str, fitting: list[Value], size: int) -> list[list[Value]]:
    """The runs of as many values as names that open the values or follow a word of 分别 (A、B分别为12%、80%,目标是
    到2025年分别达到9%、90%: both runs are A's and B's), in order; runs of another length are passed over."""
    runs, at = [], 0
    while at < len(fitting):
        run = _listed_run(text, fitting[at:])
        between = text[fitting[at - 1].end : run[0].start] if at else ""
        if len(run) == size and (not at or any(w in between for w in vocab.words("respectively"))):
            runs.append(run)
        at += len(run)
    return runs


def _place_in_listed_items(doc: Doc, lo: int, alias: Alias, run: list[Value]) -> tuple[Value, None] | None:
    """化学需氧量、氨氮、二氧化硫和氮氧化物排放总量分别减少12%、13%、8%、9%: an alias that is one item of the list of
    names before 分别 takes the value of its place when the list has as many items as values listed."""
    text = doc.text
    at = min((k for k in (text.find(w, alias.end, run[0].start) for w in vocab.words("respectively")) if k >= 0),
             default=-1)
    items = _listed_items(doc, lo, at) if at >= 0 else []
    place = next((i for i, (a, b) in enumerate(items) if a <= alias.start and alias.end <= b), None)
    if place is None or len(items) != len(run):
        return None
    return run[place], None


def _places_among_named_siblings(doc: Doc, alias: Alias, fitting: list[Value]) -> list[tuple[Value, None]]:
    """万元GDP能耗、万元GDP用水量分别下降15%和20%: an alias listed among names of quantities no alias reads (each ending
    like a quantity's name: 能耗, 率, 总量), joined by list joiners in its clause before 分别, takes the value of its own
    place in each run of as many values listed (…分别为94%、14%、72%,目标是…分别为98%、10%与80%: both runs), none when
    there is none (not 城市、县城和农村自来水普及率分别达到…: places, each reading the alias)."""
    text = doc.text
    joiners = vocab.words("list_joiners")
    endings = vocab.words("indicator_name_endings", "other_quantity_endings")
    lo = doc.clause_start(alias.start)
    head = text[lo : alias.start]
    items_before = _list_joiner_re().split(head)[:-1] if head.endswith(joiners) else []
    after = text[alias.end : fitting[0].start]
    cut = min((k for k in (after.find(w) for w in vocab.words("respectively", "baseline_prefixes")) if k >= 0),
              default=len(after))  # (与2020年相比: a baseline, no name joined by 与)
    items_after = _list_joiner_re().split(after[:cut])[1:] if after[:cut].startswith(joiners) else []
    siblings = [w.strip() for w in items_before + items_after]
    if not siblings or not all(_NAME_TAIL.search(w) and w.endswith(endings) for w in siblings):
        return []
    if len(_listed_run(text, fitting)) != len(siblings) + 1:
        return []
    return [(run[len(items_before)], None) for run in _respective_runs(text, fitting, len(siblings) + 1)]


_NAME_TAIL = re.compile(r"[\u3400-\u9fffA-Za-z]{2,16}$")  # the name a list item ends with


def _scoped_clause(doc: Doc, v: Value) -> str | None:
    """The place a clause names before its own comparator and value (`京津冀地区` in ,京津冀地区达到68%以上),
    when the clause is only that: None otherwise."""
    lo = doc.clause_start(v.start)
    m = _SCOPED_CLAUSE.match(_without_asides(doc.text[lo : v.start]))
    if m and (m.group(1) or "").endswith(vocab.words("indicator_name_endings", "other_quantity_endings")):
        return None  # ;矿井疏干水综合利用率达到90%, ,单位GDP二氧化碳排放下降18%: another quantity, not a place
    if m and (m.group(1) or "") in ("", *vocab.words("place_clause_links")):
        return _place_clause_before(doc, lo) or m.group(1) or ""
    if m is None and doc.text.startswith(vocab.words("place_clause_links"), lo):
        return _place_clause_before(doc, lo)  # …南方地区,则要提前至2022年达到10%的目标
    return (m.group(1) or "") if m else None


_ASIDE = re.compile(r"[(（][^()（）]{1,24}[)）]")


def _without_asides(clause: str) -> str:
    """`clause` without its short bracketed asides (小型灌区(小于1万亩)不低于 → 小型灌区不低于)."""
    return _ASIDE.sub("", clause) if "(" in clause or "（" in clause else clause


def _place_clause_before(doc: Doc, lo: int) -> str | None:
    """The place named alone in the clause ending right before `lo` (开源困难的南方地区 → 南方地区), if it is one."""
    text = doc.text
    if lo < 2 or text[lo - 1] not in ",;":
        return None
    start = doc.clause_start(lo - 1)
    clause = text[start : lo - 1]
    if re.search(r"[0-9]", clause) or not clause.endswith(vocab.words("unlisted_place_nouns")) or len(clause) > MAX_PLACE_CLAUSE:
        return None
    return clause.rsplit(vocab.POSSESSIVE, 1)[-1]


@cache
def _bare_starting_level() -> str:
    """Pattern of a place's own starting level written bare before its verb (由0.6 in 扬水灌区由0.6提高到0.65)."""
    return rf"(?:{vocab.alternation(vocab.lexicon()['from_markers'])})[0-9.]+[%％]?"


@cache
def _scoped_clause_re() -> re.Pattern:
    verbs = "|".join(re.escape(w) for w in sorted(vocab.lexicon()["comparator_prefixes"], key=len, reverse=True))
    hedges = "|".join(re.escape(w) for w in vocab.lexicon()["hedges"])
    modals = "|".join(map(re.escape, vocab.lexicon()["modal_words"]))
    extent = vocab.alternation(vocab.lexicon()["extent_before_bound"])  # ,县级城区基本达到50年一遇: the place is 县级城区
    # a place, or a list of short places (东林、西岭、南山等县市: up to eight names of six characters joined by 、)
    # ,扬水灌区由0.6提高到0.65: the place's own starting level may stand between it and its verb
    start = _bare_starting_level()
    return re.compile(rf"^((?:[^\d,;。:、]{{1,6}}、){{0,8}}[^\d,;。:、]{{0,14}}?)(?:{start})?(?:{modals})?(?:{hedges})?"
                      rf"(?:{extent})?(?:{verbs})$")


def _head_before_value(clause: str) -> str:
    """The words of a clause before its first number that is no starting level (扬水灌区由0.6提高到0.65 →
    扬水灌区由0.6提高到; 县城不高于10% → 县城不高于)."""
    m = _head_re().match(clause)
    return m.group(0) if m else clause


@cache
def _head_re() -> re.Pattern:
    start = _bare_starting_level()
    return re.compile(rf"[^0-9]*?(?:{start}[^0-9]*?)?(?=[0-9])")


class _Scoped:
    @staticmethod
    def match(s: str):
        return _scoped_clause_re().match(s)


_SCOPED_CLAUSE = _Scoped()


#: The longest clause read as a place alone before a clause of its own bound (,开源困难的南方地区,则要…).
MAX_PLACE_CLAUSE = 16


def _continued(doc: Doc, start: int, w_end: int, limit: int) -> tuple[int, list[Value] | None]:
    """The end of an alias's window, run on over the following clauses that carry on its values: a clause
    led by a year (,2024年达到24%), a baseline (,比2020年降低48%), a shared or spread marker (,均比2022年降低
    43%), or any clause holding 分别/依次 or led by 由/从 (,由目前的14%减至9%) when the first has no value (a clause
    holding 分别 also when the clause joined before it has none); and the values of the window up to that end when
    they were read on the way (None: not read)."""
    text = doc.text
    lex = vocab.lexicon()
    leads = (vocab.words("baseline_prefixes", "shared_markers") + vocab.words("respectively")
             + vocab.words("continuation_leads"))
    joined = start  # where the last clause joined opens
    for _ in range(8):
        if w_end < limit and text[w_end] in FULL_STOPS and (
                places := _a_sentence_of_places(doc, w_end + 1, limit)) is not None:
            return places, None
        if w_end >= limit or text[w_end] not in ",;":
            return w_end, None
        nxt_end = min(doc.clause_end(w_end + 1, limit), w_end + 1 + MAX_WINDOW)
        following = text[w_end + 1 : nxt_end]
        vals = values(doc, start, w_end)  # (read once: the tests below and the caller share them)
        empty = not vals
        # ,目标是在2030年前,分别提升至98%、10%: a clause joined with no value of its own leads one holding 分别 too
        lead_empty = empty or (joined > start and not values(doc, joined, w_end))
        bare = _without_asides(following)  # ,中型灌区(1万~30万亩)不低于0.60: the place without its bracketed aside
        scoped = _scoped_clause_re().match(_head_before_value(bare)) if re.search(r"[0-9]", bare) else None
        if scoped and (scoped.group(1) or "").endswith(vocab.words("subject_not_place_endings")):
            scoped = None  # ;城市建成区黑臭水体控制在20%以内: a subject of its own, not a place of the rate before
        if (following.startswith(leads) or _led_by_a_year(doc, w_end + 1) or _led_by_a_hedged_baseline(following) or scoped
                or (lead_empty and any(w in following for w in lex["respectively"])) or _held_to(doc, w_end + 1, nxt_end)
                or (empty and following.startswith(vocab.words("from_markers")))  # 将流失率,由目前的14%减至9%
                or _a_subject_picked_by_its_level(doc, vals, w_end) or _graded_run(doc, vals, w_end, nxt_end)):
            joined, w_end = w_end + 1, nxt_end
        elif (after_place := _scoped_after_a_place_clause(doc, w_end + 1, nxt_end, limit)) is not None:
            w_end = after_place
        else:
            return w_end, vals
    return w_end, None


def _a_sentence_of_places(doc: Doc, lo: int, limit: int) -> int | None:
    """The end of the sentence opening at `lo` when it names no indicator (it ends before `limit`, the next alias)
    and each of its clauses holding a value is a place with its own bound and value (县城不低于85%,其中东部地区力争达到
    90%), a year or a clause without a value beside them: the rate of the sentence before is theirs. None otherwise."""
    text = doc.text
    hi = _full_stop_after(text, lo, limit)
    if hi >= limit or hi - lo > MAX_PLACE_SENTENCE:
        return None
    places = 0
    for c_lo, c_hi in _clauses(text, lo, hi):
        clause = _without_asides(text[c_lo:c_hi])
        if not re.search(r"[0-9]", clause) or _led_by_a_year(doc, c_lo) and not values(doc, c_lo, c_hi):
            continue
        m = _scoped_clause_re().match(_head_before_value(clause))
        place = (m.group(1) or "") if m else ""
        if not place or any(w in place for w in vocab.words("indicator_name_endings", "other_quantity_endings")):
            return None  # (。自来水普及率可达到98.4%: a rate of its own, no place)
        places += 1
    return hi if places else None


#: The longest sentence of places alone read as carrying on the rate of the sentence before it.
MAX_PLACE_SENTENCE = 120


def _full_stop_after(text: str, lo: int, limit: int) -> int:
    """The position of the first full stop (。!? or a line break) at or after `lo`, `limit` when none is before it."""
    return min((k for k in (text.find(ch, lo, limit) for ch in FULL_STOPS) if k >= 0), default=limit)


def _clauses(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """The clauses of text[lo:hi], split at commas and semicolons."""
    start = lo
    for m in re.finditer(r"[,;]", text[lo:hi]):
        yield start, lo + m.start()
        start = lo + m.end()
    yield start, hi


def _scoped_after_a_place_clause(doc: Doc, lo: int, hi: int, limit: int) -> int | None:
    """The end of the clause after text[lo:hi] when text[lo:hi] is a place alone (no digit; a place noun of lexicon
    unlisted_place_nouns at its end: ,开源困难的南方地区,) and that clause goes on with a bound and a value of the
    place's own (则要达到12%以下; 则要提前至2022年达到10%的目标): None otherwise."""
    text = doc.text
    clause = text[lo:hi]
    if (hi >= limit or text[hi] not in ",;" or re.search(r"[0-9]", clause)
            or not clause.endswith(vocab.words("unlisted_place_nouns")) or len(clause) > MAX_PLACE_CLAUSE):
        return None
    nxt_end = min(doc.clause_end(hi + 1, limit), hi + 1 + MAX_WINDOW)
    following = text[hi + 1 : nxt_end]
    head = re.split(r"[0-9]", following, maxsplit=1)
    if len(head) < 2 or (_scoped_clause_re().match(head[0]) is None and not _held_to(doc, hi + 1, nxt_end)):
        return None
    return nxt_end


def _a_subject_picked_by_its_level(doc: Doc, vals: list[Value], w_end: int) -> bool:
    """Whether an alias's clause, ending at `w_end` and holding `vals`, is a subject picked out by the alias's present
    level and nothing more (再生水利用率目前低于30%的城市,在现有基础上提升20个百分点): its values are all conditions on who
    (`_condition_after`) and it ends on the one after its last value, so the clause after it says what that subject is
    to reach."""
    return bool(vals) and all(_condition_after(doc.text, v.end) for v in vals) and (
        _condition_re().fullmatch(doc.text, vals[-1].end, w_end) is not None)


def _led_by_a_hedged_baseline(clause: str) -> bool:
    """Whether a clause opens with a baseline after words of aims (,力争比2020年下降16%; ,确保较上年下降5%): it
    carries on the values of the alias before it, as a clause led by the baseline does (not ,预计比2020年增加33%: a
    projection derived from the target, no aim of its own — dev case unconv_02)."""
    at, leads = 0, _aim_leads()
    for _ in range(3):
        word = next((w for w in leads if clause.startswith(w, at)), None)
        if word is None:
            break
        at += len(word)
    return at > 0 and clause.startswith(vocab.words("baseline_prefixes"), at)


def _led_by_a_year(doc: Doc, pos: int) -> bool:
    """Whether the clause at `pos` opens with a year (,2024年达到24%; ,到2030年…), also after words of aims before it
    (,计划2027年达到3.8亿立方米; ,力争2030年控制在…)."""
    if doc.years_between(pos, pos + 2):
        return True
    at = pos
    for _ in range(3):
        word = next((w for w in _aim_leads() if doc.text.startswith(w, at)), None)
        if word is None:
            break
        at += len(word)
    return at > pos and bool(doc.years_between(at, at + 2))


@cache
def _aim_leads() -> tuple[str, ...]:
    """Words of aims that may open a clause before its year, longest first."""
    words = vocab.words("target_year_prefixes", "hedges", "modal_words", "target_markers")
    return tuple(sorted(set(words), key=len, reverse=True))


@cache
def _condition_re() -> re.Pattern:
    """After a value: an optional aside in brackets, then 的, up to four characters and a noun of who a target
    is for (低于30%的城市, 高于12%(2020年)的试点城市)."""
    lex = vocab.lexicon()
    of = vocab.POSSESSIVE
    nouns = "|".join(re.escape(w.removeprefix(of)) for w in lex["condition_nouns_after"])
    return re.compile(rf"(?:[(（][^()（）]{{0,12}}[)）])?{of}[^,;。:、{of}]{{0,4}}?(?:{nouns})")


def _condition_after(text: str, end: int) -> bool:
    """Whether the words after a value make it a condition on who a target is for, not a target."""
    return _condition_re().match(text, end) is not None


@cache
def _grade_after_re() -> re.Pattern:
    """Right after a value: a word of "is" and the name of a grade (lexicon grade_copulas, grade_names)."""
    return re.compile(rf"(?:{vocab.alternation(vocab.words('grade_copulas'))})"
                      rf"(?P<grade>{vocab.alternation(vocab.words('grade_names'))})")


def _grade_after(text: str, end: int) -> str | None:
    """The grade a value ending at `end` bounds (西河县每人每天不少于30升为达标 → 达标), or None."""
    m = _grade_after_re().match(text, end)
    return m.group("grade") if m else None


def _graded_run(doc: Doc, before: list[Value], w_end: int, hi: int) -> bool:
    """Whether the clause text[w_end+1:hi] goes on with the next grade of the values `before` it: the last value of
    the window ends on a grade, and so does the first of that clause (不低于95%为安全;不低于90%为基本安全).  That
    clause's values are read only when the window's last one ends on a grade."""
    if not before or _grade_after(doc.text, before[-1].end) is None:
        return False
    after = values(doc, w_end + 1, hi)
    return bool(after) and _grade_after(doc.text, after[0].end) is not None


def _held_to(doc: Doc, lo: int, hi: int) -> bool:
    """Whether the clause text[lo:hi] names the target a result was held to: its first value has a target
    noun beside it and no alias stands before it (,控制在省考目标49.52亿立方米内 / ,超额完成0.6491的年度控制目标)."""
    if not any(w in doc.text[lo:hi] for w in vocab.words("target_nouns_of_values", "share_done_task_nouns")):
        return False
    first = next(iter(values(doc, lo, hi)), None)
    return first is not None and bool(_target_noun_after(doc.text, first)) and not aliases(doc, lo, first.start)


def _words_before_value(text: str, last: Alias, clause_lo: int, v: Value) -> str:
    """The words between the alias `last` and its value; when the alias is only a word of a period touching the
    value (…再生水产量将达每日2万吨, split alias 再生水…每日), the words of its clause before that word as well,
    so the verb before the period word sets the comparator (达 → `>=`); when the alias is split and its value
    follows its second word (节水灌溉面积达到有效灌溉面积的70%), the words from its first word to the value."""
    if v.start == last.end and text[last.start : last.end] in vocab.words("per_period_words"):
        return text[clause_lo : v.start]
    between = text[last.end : v.start]
    if _SPLIT_MARK in last.alias and between in ("", vocab.POSSESSIVE):
        first = last.alias.split(_SPLIT_MARK)[0]  # 节水灌溉面积达到有效灌溉面积的70%: the verb between its two words,
        k = text.rfind(first, clause_lo, last.start)  # read as a share of what follows it (达到城市污水处理量的30%)
        if k >= 0:
            return text[k + len(first) : v.start]
    return _before_respectively(between)


def _before_respectively(before: str) -> str:
    """`before` (the words up to a value) without a word of 分别 and a plain verb ending it when a verb setting a
    comparator stands right before them (能提升至分别为98%、10%与80%: 提升至 sets it, not 为); else `before` as is."""
    for word in vocab.words("respectively"):
        for plain in ("", *vocab.words("plain_value_verbs")):
            head = before.removesuffix(word + plain)
            if head != before and vocab.comparator_for(head, None) is not None:
                return head
    return before


def _emit_picked(doc: Doc, lo: int, alias: Alias, last: Alias, iid: str, spec: dict, fitting: list[Value],
                 picked: list[tuple[Value, YearMention | None]], sent_lo: int, clause_lo: int) -> Iterator[Candidate]:
    """The candidates of the values an alias reads: comparator, year, baseline, scope, outcome or target."""
    text = doc.text
    if len(picked) > 1:
        picked = [pair for v, y in picked for pair in _years_sharing_it(doc, v, y)]
    nouns = [_target_noun_after(text, v) for v, _ in picked]  # (read once per value: asked again below)
    held_to = [v for (v, _), noun in zip(picked, nouns, strict=True) if noun]
    parts: set[int] = set()  # values read as parts of a cap listed after an earlier value (其中农业用水…130亿立方米)
    for (v, spread_year), named in zip(picked, nouns, strict=True):
        if v.start in parts:
            continue
        parts.update(item.start for _, item, _, _ in _cap_parts(doc, iid, v))
        if _condition_after(text, v.end):
            doc.mark(v.start, v.end, "dismissed", "condition")  # 再生水利用率低于30%的城市: who a target is for
            continue
        if _of_a_part_only(doc, alias, v):
            doc.mark(v.start, v.end, "dismissed", "part_only")  # 部分地区缺水率达到30%以上: a part, no whole's figure
            continue
        names_change = (_names_change_of_amount(spec, last.alias)
                        and not vocab.without_approximation(text[last.end : v.start]).strip())
        if _is_change_of_amount(text, spec, v) and not names_change:
            doc.mark(v.start, v.end, "dismissed", "change")  # 开采量…比现状减少140万立方米: by how much, not to what
            continue
        comparator = vocab.comparator_for(_words_before_value(text, last, clause_lo, v),
                                          v.suffix or _run_suffix(text, fitting, v))
        if comparator is not None and _sum_amounts_to(text[alias.start : v.start], v.suffix):
            comparator = "="  # 总投资将达26.66亿元: what the works add up to, not a floor
        if (v.suffix in vocab.lexicon()["approximate_suffixes"] and not spec["takes_baseline"] and not spec["cut"]
                and comparator != ">="):
            comparator = "="  # 控制在2亿立方米左右: about 2, neither a cap nor a floor (达到94%左右 stays a floor;
            # 压减超采量46亿立方米左右 stays a cut by at least that much)
        if comparator is None and len(fitting) > 1:
            opening = _run_opening(text, fitting, v)  # …分别为12%、80%,到2025年分别达到9%、90%: 90 takes 达到
            comparator = (vocab.comparator_for(_before_respectively(text[last.end : opening.start]), opening.suffix)
                          if opening is not v
                          else None) or vocab.comparator_for(text[last.end : fitting[0].start], fitting[0].suffix)
        if comparator is None and _hedged_spending(doc, clause_lo, spec, v):
            comparator = ">="  # 力争完成总投资6.8亿元: at least that much spent
        if comparator == ">=" and not v.suffix and _a_rise_shared_by_a_list(text, alias, last, v, spec):
            comparator = "<="
        if spread_year is not None:
            year, basis, mention = spread_year.year, ("plan_period" if spread_year.basis == "plan_period" else "stated"), spread_year
        else:
            year, basis, mention = doc.year_for(v.start, lo)
            if ((doc.is_document_year(mention) or (basis == "heading" and mention.basis != "plan_period"))
                    and not doc.is_plan_span_end(mention) and BUDGET_BEFORE().search(text, clause_lo, v.start)):
                # 工程总投资117.61亿元: a budget takes no year from elsewhere in the text (nor from the title or a
                # heading), unless the text names the works' span (项目实施时间为2023—2025年) or a plan period
                year, basis, mention = None, "none", None
        reported = None  # is_outcome with no comparator, when asked (asked once: the same answer below)
        if comparator is None:
            comparator = (_comparator_after(text, v) or _alias_comparator(text[alias.start : v.start])
                          or (None if names_change else _comparator_in_alias(text[alias.start : alias.end]))
                          or _listed_after_value(doc, alias, v))
            reported = is_outcome(doc, clause_lo, v, None, mention, alias.end, basis)
            outcome = reported and comparator is None
            if comparator is None and not outcome and (spec["takes_baseline"] or spec["cut"]
                                                       or (spec["stated_cap"] and qualifier(text, sent_lo, v) is None)
                                                       or _names_a_target(text[sent_lo : v.start])):
                # 用水总量指标…分别为47.5亿立方米 is a cap by nature (so is 2030年配置用水总量6.2亿立方米: stated_cap, not
                # 约6.2亿立方米, an estimate);
                # 下降率64.8% and 压减超采量12亿立方米 cuts by at least
                comparator = spec.get("bare_comparator")
        period = _period_of_quoted_target(doc, v) if named else None
        if period is not None:  # 已达到“十三五”规划提出的80%的目标要求: the plan's target, for the plan's last year
            year, basis, mention = period.year, "plan_period", period
        if named:  # 低于430亿立方米控制指标: the figure a result is measured against
            comparator = ((vocab.comparator_for("", v.suffix) if v.suffix else None)
                          or ("=" if _states_noun_value(text, v, named, spec)
                              else _bare_target_comparator(spec) if named in vocab.words("share_done_task_nouns")
                              else _bare_target_comparator(spec)
                              if _compared_with_its_target(text, v, named) or _named_right_after(text, last, v, clause_lo)
                              else _noun_comparator(spec, named)))
            outcome = False
        else:
            if reported is None or comparator is not None:
                reported = is_outcome(doc, clause_lo, v, comparator, mention, alias.end, basis)
            outcome = reported or _result_held_to(doc, sent_lo, v, held_to)
            if not outcome and _an_estimate(doc, sent_lo, v, spec["unit"] in vocab.lexicon()["bare_money_magnitudes"].values()):
                doc.mark(v.start, v.end, "dismissed", "estimate")  # 结果预估2020年…下降27.7%: a forecast, no aim
                continue
        place = _scoped_clause(doc, v) if v is not fitting[0] else None
        rule = ("prose_target_noun" if named else "prose_spread" if spread_year is not None
                else "prose_place" if place else "prose_list" if len(picked) > 1 else "prose")
        yield from emit(
            doc, iid, alias.start, v, year, basis, comparator,
            baseline=vocab.baseline_in(text[sent_lo : v.start], year) if spec["takes_baseline"] else None,
            scope=place or scope_before(text, clause_lo, alias.start, alias.end),
            qualifier=qualifier(text, sent_lo, v),
            annual=bool(mention and vocab.annual_re().search(text, max(mention.pos, sent_lo), v.start)),
            rule=rule, outcome=outcome,
        )
        for name_at, item, bound in _sub_items(doc, alias, iid, v):
            yield from emit(doc, iid, name_at, item, year, basis, bound, baseline=None, scope=None, qualifier=None,
                             annual=False, rule="prose_sub_item", outcome=outcome)
        for name_at, item, part, bound in _cap_parts(doc, iid, v):
            yield from emit(doc, part, name_at, item, year, basis, bound, baseline=None,
                             scope=text[name_at : item.start].strip(), qualifier=None, annual=False,
                             rule="prose_cap_part", outcome=outcome)


def _an_estimate(doc: Doc, sent_lo: int, v: Value, money: bool = False) -> bool:
    """Whether a value is what a study or model estimates (结果预估2020年全省…分别下降27.7%; 据某部测算,项目区…系数达到
    0.8以上): a word of estimate (lexicon estimate_words) stands in its sentence before it, and between that word and
    the value no year is aimed at and no word of aims, hedge, modal, plan, effect or a bound set (控制在, 不低于) stands
    (经测算,到2025年全县用水总量控制在…以内, 经测算,需水量…,用水总量控制在…以内 and 经测算,工程建成后,年新增节水能力…
    stay aims)."""
    told = doc.text[sent_lo : v.start]
    at = max((told.rfind(w) + len(w) for w in vocab.words("estimate_words") if w in told), default=-1)
    if money and at < 0:  # 按2021年价格水平计算,工程静态总投资超29亿元: a cost estimate (not …其中“十四五”期间完成投资…)
        at = max((told.rfind(w) + len(w) for w in vocab.words("cost_estimate_words") if w in told), default=-1)
        if at >= 0 and any(p in told[at:] for p in vocab.lexicon()["plan_periods"]):
            return False
    if at < 0:
        return False
    rest = told[at:]
    if _on_things_as_they_are(told, at):  # 以目前实际用水量测算,到2030年…将达到141亿立方米: a projection, year or not
        modal = vocab.words("modal_words")  # (将 is a target marker too: here it only projects)
        return not any(w in rest for w in vocab.words("target_markers", "hedges", "aim_bound_prefixes")
                       if w not in modal)
    if doc.targeted_between(sent_lo + at, v.start):
        return False
    return not any(w in rest for w in vocab.words("target_markers", "hedges", "modal_words", "turn_to_plan_words",
                                                  "effect_words", "works_due_leads", "aim_bound_prefixes"))


def _on_things_as_they_are(told: str, at: int) -> bool:
    """Whether the word of estimate ending at `at` in `told` closes a clause that bases it on things as they are
    (lexicon status_quo_bases: 以目前实际用水量测算, 按现状测算): what would happen if nothing changed."""
    lo = max(told.rfind(d, 0, at) for d in CLAUSE_DELIMS) + 1
    return any(w in told[lo:at] for w in vocab.words("status_quo_bases"))


def _of_a_part_only(doc: Doc, alias: Alias, v: Value) -> bool:
    """Whether the value holds for an unnamed part only (部分地区缺水率达到30%以上; 重复率已达60%,部分企业超90%): the
    words of a part (lexicon part_scope_words) open its clause before the alias, or the clause of its own place —
    unless the clause speaks of aims (力争部分地区率先达到…) or its sentence aims at a year (到2025年,…达到25%,部分缺水
    城市达到35%: a target of those places)."""
    text, lo = doc.text, doc.clause_start(v.start)
    place = text[lo : v.start if lo > alias.start else alias.start].lstrip(",;、 ")
    return (place.startswith(vocab.words("part_scope_words"))
            and not any(w in text[lo : v.start] for w in vocab.words("hedges", "target_markers", "modal_words"))
            and not any(doc.is_targeted(y) and not y.outcome
                        for y in doc.years_between(doc.sentence_start(v.start), v.start)))


def _plants_only_named(doc: Doc, alias: Alias, v: Value) -> bool:
    """Whether a count written before a bare name of a kind of plant (lexicon bare_plant_nouns: 3座再生水厂) stands in a
    clause with no word of works (lexicon plant_works_words: 建, 开发, 运行 …): read as an aim, it names plants that
    stand or are listed (台南除了甲、乙两座再生水厂外; 以…共6座污水处理厂作为示范), no plants to build (将新建…19座污水处理厂,
    已核定开发11座再生水厂 and 9座污水处理厂全部投入运行 are; read as a result, 5座污水处理厂日处理规模达48万吨, it stays one)."""
    text = doc.text
    if v.end > alias.start or text[alias.start : alias.end] not in vocab.words("bare_plant_nouns"):
        return False
    lo, hi = doc.clause_start(v.start), doc.clause_end(alias.end, doc.sentence_end(alias.end))
    return not any(w in text[lo:hi] for w in vocab.words("plant_works_words"))


def _period_of_quoted_target(doc: Doc, v: Value) -> YearMention | None:
    """The plan period a quoted target is said to come from, named in its clause before it (完成“十二五”规划确定的
    …的目标 → 2015), or None."""
    lo = doc.clause_start(v.start)
    found = [(doc.text.rfind(name, lo, v.start), name, year) for name, year in vocab.lexicon()["plan_periods"].items()]
    k, name, year = max(found)
    return YearMention(k, k + len(name), int(year), "plan_period") if k >= 0 else None


def _result_held_to(doc: Doc, sent_lo: int, v: Value, held_to: list[Value]) -> bool:
    """Whether a value is the result a later value of the same reading, named a target, was held to (降幅达5.76%,
    完成省定降幅4%的目标任务): a verb of meeting it stands in a later clause before the target, and a word of report
    stands there too (已达到) or no aim precedes the value."""
    text, lex = doc.text, vocab.lexicon()
    later = next((t for t in held_to if t.start > v.end), None)
    if later is None:
        return False
    between = text[v.end : later.start]
    if doc.clause_start(later.start) <= v.end or not any(w in between for w in lex["held_to_verbs"]):
        return False
    if any(w in between for w in lex["outcome_markers"]):
        return True  # 至2018年底,…为81.48%,已达到…80%的目标要求: the target met, whatever the sentence's year
    return not doc.targeted_between(sent_lo, v.start) and not any(
        w in text[sent_lo : v.start] for w in lex["target_markers"])


def _hedged_spending(doc: Doc, clause_lo: int, spec: dict, v: Value) -> bool:
    """Whether a sum of money is what a clause strives to spend (力争完成总投资6.8亿元): a floor."""
    lex = vocab.lexicon()
    return spec["unit"] in lex["bare_money_magnitudes"].values() and any(
        w in doc.text[clause_lo : v.start] for w in lex["hedged_completion_words"])


@cache
def _sub_item_lead_re() -> re.Pattern:
    """A clause or bracket right after a total that lists its parts (,其中 … / (其中 …)."""
    leads = vocab.alternation(vocab.lexicon()["sub_item_leads"])
    return re.compile(rf"(\()?,?(?:{leads}):?" if leads else "(?!)")


_ITEM_NAME = re.compile(r"[^0-9,;。:()、]{1,16}")


def _listed_names(doc: Doc, lo: int, end: int, refuse=frozenset()) -> tuple[list[tuple[int, Value]], bool]:
    """(start of the name, value) of each name then amount from `lo` to `end`, joined by commas or list joiners
    (甲市3.1亿立方米,乙市0.8亿立方米), up to a name that is no plain name (naming an indicator or a year of its own,
    holding a lead, modal or hedge word, or one of `refuse`); and whether the list ended at an amount no joiner
    follows (not at such a name, nor at the last value before `end`)."""
    text = doc.text
    stops = vocab.words("sub_item_leads", "modal_words", "hedges")
    joiners = vocab.words("list_joiners") + (",",)
    out, k = [], lo
    for v in values(doc, lo, end):
        name = text[k : v.start]
        if (not _ITEM_NAME.fullmatch(name) or name in refuse or any(w in name for w in stops)
                or doc.years_between(k, v.start) or vocab.first_alias(name, 0, len(name)) is not None):
            return out, False
        out.append((k, v))
        joiner = next((j for j in joiners if text.startswith(j, v.end)), None)
        if joiner is None:
            return out, True
        k = v.end + len(joiner)
    return out, False


def _sub_items(doc: Doc, alias: Alias, iid: str, total: Value) -> list[tuple[int, Value, str]]:
    """The parts listed after a total that are targets of its indicator in their own right (水利投资600亿元以上,其中
    中央投资156亿元以上; 新增105万吨/日以上、海岛地区新增20万吨/日以上): (start of the part's name, its value, its
    comparator) for each name then value in the lead's sentence (or bracket), joined by list joiners, each of the
    indicator's unit and with a bound of its own (a bare breakdown, 其中农田灌溉面积55万亩, is no target), its name naming no
    indicator nor year of its own (其中今年完成90万亩), nor a lead, modal or hedge word (预计其中4处…).  The heads of an alias listing two
    (新增和改善…: 其中新增44万亩) are `_listed_heads`'."""
    text = doc.text
    m = _sub_item_lead_re().match(text, total.end)
    if m is None or metadata.indicator_specs()[iid]["kind"] not in ("count", "quantity"):
        return []  # the parts of a rate (其中东江流域100%) are no parts of a sum
    heads = frozenset(head for head, _ in _alias_parts(alias.alias))
    end = min(doc.sentence_end(m.end()), m.end() + MAX_WINDOW * 2)
    if m.group(1):
        close = text.find(")", m.end(), end)
        end = close if close >= 0 else end
    out = []
    for k, v in _listed_names(doc, m.end(), end, refuse=heads)[0]:
        bound = vocab.comparator_for(text[k : v.start], v.suffix)
        if not fits(iid, v) or bound is None:
            break
        out.append((k, v, bound))
    return out


@cache
def _cap_part_lead_re() -> re.Pattern:
    """The lead of the parts listed after a cap's total, in its sentence or opening the next (…亿立方米。其中,…), or
    opening a bracket (…5600m3/d(其中一水厂3000m3/d,…))."""
    leads = vocab.alternation(vocab.lexicon()["sub_item_leads"])
    return re.compile(rf"(?:[,;。]|(\())?(?:{leads})[:,]?" if leads else "(?!)")


@cache
def _part_names() -> list[tuple[str, str]]:
    """(word, indicator id) of indicators.yaml `part_names_zh`, longest word first."""
    pairs = [(w, iid) for iid, spec in metadata.indicator_specs().items() for w in spec.get("part_names_zh", [])]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def _cap_parts(doc: Doc, iid: str, total: Value) -> list[tuple[int, Value, str, str]]:
    """The parts listed after the total of a cap (取水总量指标为8亿立方米。其中,引江水5亿立方米,地下水1.2亿立方米;
    耗水指标9亿立方米,其中干流6亿立方米): (start of the part's name, its value, its indicator, its comparator) for each
    name then value joined by commas or list joiners in the lead's sentence.  A part named by a source word of
    another indicator (`part_names_zh`: 地下水) is that indicator's, any other a cap of the total's indicator on the
    part named (干流); a name naming an indicator or year of its own, or a lead, modal or hedge word, ends the list.
    A restatement of the total before the lead (`_restated_total`) is a cap of the total's indicator too."""
    specs = metadata.indicator_specs()
    if specs[iid]["kind"] != "cap":
        return []
    restated = _restated_total(doc, iid, total)
    m = _cap_part_lead_re().match(doc.text, (restated or total).end)
    if m is None:
        return []
    out = [(total.end + 1, restated, iid, specs[iid].get("bare_comparator", "="))] if restated else []
    end = min(doc.sentence_end(m.end()), m.end() + MAX_WINDOW * 2)
    if m.group(1):  # (其中…): the parts end where the bracket closes
        close = doc.text.find(")", m.end(), end)
        end = close if close >= 0 else end
    for k, v in _listed_names(doc, m.end(), end)[0]:
        name = doc.text[k : v.start]
        part = next((i for w, i in _part_names() if w in name), iid)
        if not fits(part, v):
            break
        out.append((k, v, part, vocab.comparator_for(name, v.suffix) or specs[part].get("bare_comparator", "=")))
    return out


def _restated_total(doc: Doc, iid: str, total: Value) -> Value | None:
    """The value that restates a cap's total in another measure right after it (控制目标为3.7亿立方米,折合到井口为3.5亿
    立方米。其中,…): the next value of the clause after the total's, of the indicator's unit, that a plain value verb
    (为) leads, with no alias, year, number or lead word between — the parts listed next are the total's; else None."""
    text = doc.text
    if not text.startswith(",", total.end):
        return None
    # what may stand between the two values is a prefix of this run: without a plain value verb in it, nothing can
    run = _ITEM_NAME.match(text, total.end + 1)
    if run is None or not any(w in run.group() for w in vocab.words("plain_value_verbs")):
        return None
    nxt = next(iter(values(doc, total.end, min(doc.sentence_end(total.end), total.end + MAX_WINDOW))), None)
    if nxt is None or not fits(iid, nxt):
        return None
    between = text[total.end + 1 : nxt.start]
    if (not _ITEM_NAME.fullmatch(between) or not between.endswith(vocab.words("plain_value_verbs"))
            or any(w in between for w in vocab.words("sub_item_leads", "modal_words", "hedges"))
            or doc.years_between(total.end, nxt.start) or vocab.first_alias(between, 0, len(between)) is not None):
        return None
    return nxt


def _sum_amounts_to(before: str, suffix: str | None) -> bool:
    """Whether a total (总投资) is said to come to its value with a plain 达, no bound written after it."""
    lex = vocab.lexicon()
    if suffix and vocab.comparator_for("", suffix):
        return False
    return (any(w in before for w in lex["total_sum_words"])
            and vocab.without_approximation(before).endswith(vocab.words("total_sum_verbs")))


def _listed_after_value(doc: Doc, alias: Alias, v: Value) -> str | None:
    """The comparator of the value listed just before an alias that its own value follows at once (覆盖村庄达到
    5082个、人口367万人: 达到 serves both), or None."""
    text = doc.text
    if alias.start == 0 or text[alias.start - 1] not in vocab.lexicon()["list_joiners"] or text[alias.end : v.start].strip():
        return None
    before = values(doc, max(doc.sentence_start(alias.start), alias.start - MAX_WINDOW), alias.start - 1)
    if not before or before[-1].end != alias.start - 1:
        return None
    return vocab.comparator_for(text[max(0, before[-1].start - 12) : before[-1].start], before[-1].suffix)


def _next_start(found: list[Alias], alias: Alias, hi: int) -> int:
    """Start of the first alias after `alias` (aliases are in text order and do not overlap)."""
    k = _bisect_starts(found, alias.end)
    return found[k].start if k < len(found) else hi


def _prev_end(found: list[Alias], alias: Alias, lo: int) -> int:
    """End of the last alias before `alias`."""
    k = _bisect_starts(found, alias.start) - 1
    return found[k].end if k >= 0 else lo


def _bisect_starts(found: list[Alias], pos: int) -> int:
    lo, hi = 0, len(found)
    while lo < hi:
        mid = (lo + hi) // 2
        if found[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _awarded(doc: Doc, v: Value, alias: Alias, sent_lo: int) -> bool:
    """Whether a verb of an award stands between a count and its name (180家工业企业获评省级节水型企业): a result,
    unless the sentence speaks of aims or aims at a year before the count (力争…获评)."""
    text, lex = doc.text, vocab.lexicon()
    if not any(w in text[v.end : alias.start] for w in lex["award_verbs"]):
        return False
    return not (doc.targeted_between(sent_lo, v.start) or any(w in text[sent_lo : v.start] for w in lex["target_markers"]))


def _counts_the_names_before(doc: Doc, v: Value, alias: Alias, lo: int) -> bool:
    """甲市、乙市、丙市和丁市4个国家节水型城市的节水型居民小区覆盖率: a count right after a list of names that repeats how
    many they are, its noun owning what follows (的), names a group, not a target (创建甲市、乙市2个节水型城市, with no
    的 after the noun, stays a count to reach)."""
    text = doc.text
    if not text.startswith(vocab.lexicon()["possessive"], alias.end) or not vocab.parse_number(v.number).is_integer():
        return False
    names = _NAME_JOINERS().split(text[doc.clause_start(v.start, lo) : v.start])
    return (len(names) >= 2 and len(names) == int(vocab.parse_number(v.number))
            and all(_LISTED_NAME().fullmatch(name) for name in names))


@cache
def _NAME_JOINERS() -> re.Pattern:  # noqa: N802 — a compiled constant
    return re.compile(vocab.alternation(vocab.lexicon()["list_joiners"]))


@cache
def _LISTED_NAME() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A name of a list: a few Chinese characters, no digit."""
    return re.compile(r"[\u4e00-\u9fff]{1,12}")


def _whole_of_the_next_count(text: str, v: Value, nxt: Value) -> bool:
    """Whether a count is the whole the next count is a part of (120个行政村的860个自然村): both counts, the
    words between them a short noun ending in 的, with no delimiter."""
    between = text[v.end : nxt.start]
    possessive = vocab.lexicon()["possessive"]
    return (_is_count(v) and _is_count(nxt) and between.endswith(possessive)
            and len(between) <= _WHOLE_NOUN_REACH and not any(d in between for d in CLAUSE_DELIMS))


def _dimension(v: Value) -> str | None:
    """The dimension of the unit a value is written in (count for 个, 处, 座 …), None when it has no known unit."""
    name = vocab.unit_spellings().get(v.unit_spelling) if v.unit_spelling else None
    return metadata.units()[name]["dimension"] if name else None


def _is_count(v: Value) -> bool:
    """Whether a value is written as a count (个, 处, 座 …)."""
    return _dimension(v) == "count"


_WHOLE_NOUN_REACH = 10  # characters of the noun between a whole and its part (个省定贫困村的)


def _before(doc: Doc, group: list[Alias], found: list[Alias], lo: int, hi: int) -> Iterator[Candidate]:
    """Numbers written before the alias: `创建6个示范区`, `73%以上的市级机关…建成节水型单位`."""
    text = doc.text
    for alias in group:
        prev_end = _prev_end(found, alias, lo)
        w_lo = max(doc.clause_start(alias.start, lo), prev_end, alias.start - MAX_WINDOW)
        w_lo = max(_places_with_values_before(doc, w_lo, alias.start, lo), prev_end)
        vals = values(doc, w_lo, alias.start)
        if whole := _whole_shares(doc, w_lo, alias.start):
            vals = sorted(vals + whole, key=lambda v: v.start)
        sent_lo = doc.sentence_start(alias.start, lo)
        for k, v in enumerate(vals):
            iid = choose(alias.indicator_ids, [v])
            if iid is None:
                continue
            if _closes_a_bracket(text, v.end, alias.start):
                continue  # 竹园污水处理厂四期(含50万立方米调蓄池)、泰和污水处理厂: a number in brackets is no count of what follows
            if _counts_aspects(text, v, alias):
                doc.mark(v.start, v.end, "dismissed", "aspects counted")  # 围绕五个方面部署开展节水型社会建设
                continue
            if _counts_the_names_before(doc, v, alias, w_lo):
                doc.mark(v.start, v.end, "dismissed", "names counted")  # 甲市、乙市和丙市3个…城市的…: a group named
                continue
            if k + 1 < len(vals) and _counted_otherwise(v, vals[k + 1]):
                continue  # 236条中小河流…治理和2000余座…水库除险加固: the next number, counted otherwise, starts another noun
            if k + 1 < len(vals) and _whole_of_the_next_count(text, v, vals[k + 1]):
                doc.mark(v.start, v.end, "dismissed", "whole of a count")
                continue  # 120个行政村的860个自然村实现自来水全覆盖: the villages counted are the 860
            if k + 1 < len(vals):
                scope_words = free_scope(text, v.end, vals[k + 1].start)
            else:
                scope_words = free_scope(text, v.end, alias.start, joiners=(",",))
            prefix_scope = scope_before(text, w_lo, vals[0].start)
            scope = "".join(s for s in (prefix_scope, scope_words) if s) or free_scope(
                text, alias.end, doc.clause_end(alias.end, hi)
            )
            year, basis, mention = doc.year_for(v.start, lo)
            comparator = vocab.comparator_for(text[w_lo : v.start], v.suffix)
            if (comparator is not None and not v.suffix and vocab.lexicon()["possessive"] in text[v.end : alias.end]
                    and text[w_lo : v.start].rstrip().endswith(vocab.words("possession_raise_verbs"))):
                comparator = None  # 提高9万农村居民的饮水质量: the verb raises what the people have, not their count
            nouns = vocab.words("target_nouns")
            if comparator is None and (alias.alias.endswith(nouns) or text.startswith(nouns, alias.end)):
                comparator = metadata.indicator_specs()[iid].get("bare_comparator")  # 18.6亿立方米耗水指标: a cap
            outcome = is_outcome(doc, w_lo, v, comparator, mention, basis=basis) or _awarded(doc, v, alias, sent_lo)
            if outcome and _names_a_task(text, w_lo, v, alias):
                outcome = False  # 截至6月底,新增2000万亩节水灌溉面积年度任务已完成54.9%: the task, not the progress
            if not outcome and _plants_only_named(doc, alias, v):
                doc.mark(v.start, v.end, "dismissed", "plants named")  # 以甲厂、乙厂共2座再生水厂作为示范: no works
                continue
            if comparator is None and not outcome and metadata.indicator_specs()[iid]["cut"]:
                comparator = ">="  # 压减1200万立方米地下水超采量: a cut by at least that much
            yield from emit(
                doc, iid, v.start, v, year, basis, comparator, end=alias.end,
                baseline=None, scope=scope, qualifier=qualifier(text, sent_lo, v),
                annual=bool(mention and vocab.annual_re().search(text, max(mention.pos, sent_lo), v.start)),
                rule="prose_before", outcome=outcome,
            )


def _places_with_values_before(doc: Doc, w_lo: int, hi: int, lo: int) -> int:
    """Where a run of clauses of a place and its value opens, the last of them leading the value of the alias at
    `hi` (北方40%以上,南方20%以上的县级行政区达到…: the 40% is the north's share of the same counties): `w_lo` when the
    clause at `w_lo` is no place and value or none such stands before it."""
    if _place_and_value(doc, w_lo, hi, whole=False) is None:
        return w_lo
    for _ in range(4):
        if w_lo - 1 <= lo or doc.text[w_lo - 1] != ",":
            break
        start = doc.clause_start(w_lo - 1, lo)
        if _place_and_value(doc, start, w_lo - 1, whole=True) is None:
            break
        w_lo = start
    return w_lo


def _place_and_value(doc: Doc, lo: int, hi: int, *, whole: bool) -> Value | None:
    """The value of text[lo:hi] when it opens with a few words of a place alone (no digit, no verb, lexicon
    `unlisted_place_nouns` or `scopes` aside) and then a value with its bound (南方20%以上); with `whole` the value
    ends the clause."""
    vals = values(doc, lo, hi)
    if not vals or not vals[0].suffix:
        return None
    v = vals[0]
    place = doc.text[lo : v.start].strip()
    if not 0 < len(place) <= MAX_PLACE_WORDS or _verb_lead_re().search(place) or re.search(r"[0-9]", place):
        return None
    return v if not whole or doc.text[v.end : hi].strip() == "" and len(vals) == 1 else None


#: The most characters of a place alone before its value (全国北方 40%以上).
MAX_PLACE_WORDS = 8


def _counts_aspects(text: str, v: Value, alias: Alias) -> bool:
    """Whether a count written before an alias counts aspects or areas of the work instead (lexicon aspect_nouns),
    named right after its measure word (围绕五个方面部署开展节水型社会建设) or right after the alias, whose head
    they are (划分甲区、乙区等四个节水型社会建设布局)."""
    aspects = vocab.words("aspect_nouns")
    return text.startswith(aspects, v.end) or text.startswith(aspects, alias.end)


def _names_a_task(text: str, lo: int, v: Value, alias: Alias) -> bool:
    """Whether a count written before its noun is named a task by the words right after the noun (新增2000万亩
    节水灌溉面积年度任务, …建设任务), with no word of a report or of work done (完成…任务) before the noun in its
    clause: what is to be done, whatever the progress the sentence goes on to report."""
    lex = vocab.lexicon()
    after = _AFTER_VALUE_MARKS().sub("", text[alias.end : alias.end + 8])
    return after.startswith(vocab.words("task_nouns")) and not any(
        w in text[lo : alias.start] for w in (*lex["outcome_markers"], *lex["task_done_words"]))


def _closes_a_bracket(text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] closes a bracket it did not open (the number before it stands inside the brackets)."""
    depth = 0
    for ch in text[lo:hi]:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth == 0:
                return True
            depth -= 1
    return False


def _counted_otherwise(v: Value, nxt: Value) -> bool:
    """Whether two counts in a row have different measure words (236条…和2000余座…): each has its own noun."""
    return v.unit_spelling != nxt.unit_spelling and _is_count(v) and _is_count(nxt)


def emit(doc: Doc, iid: str, start: int, v: Value, year, basis, comparator, *, baseline, scope, qualifier,
          annual, rule, outcome=False, end: int | None = None, attribute=None) -> Iterator[Candidate]:
    """The candidate(s) for one value: two for a range (its min and its max)."""
    if v.is_range:
        low = Value(v.start, v.end, v.number, v.unit_spelling, None, v.approx)
        high = Value(v.start, v.end, v.number2, v.unit_spelling, None, v.approx)
        yield candidate(doc, iid, start, end or v.end, low, year, basis, ">=", baseline=baseline, scope=scope,
                        qualifier=qualifier, annual=annual, rule=rule + "_range", outcome=outcome, attribute=attribute)
        yield candidate(doc, iid, start, end or v.end, high, year, basis, "<=", baseline=baseline, scope=scope,
                        qualifier=qualifier, annual=annual, rule=rule + "_range", outcome=outcome, attribute=attribute)
        return
    yield candidate(doc, iid, start, end or v.end, v, year, basis, comparator or "=", baseline=baseline, scope=scope,
                    qualifier=qualifier, annual=annual, rule=rule, outcome=outcome, attribute=attribute)


def _reported_before(doc: Doc, outcome_iid: str, v: Value) -> bool:
    """Whether the same figure (its digits and unit as written) was read earlier in the text as an outcome of the same
    indicator (a headline 去年…完成水利投资631.9亿元 over a body that gives 631.9亿元 again with no year): a plain value
    with no year that repeats a result is that result, not an aim."""
    written = doc.text[v.start : v.end]
    return any(n.state == "outcome" and n.why == outcome_iid and doc.text[n.start : n.end] == v.number
               and n.end <= v.start and doc.text.startswith(written, n.start)
               for n in doc.numbers_in(0, v.start))


def _year_of_a_result(doc: Doc, year: int | None, basis: str) -> tuple[int | None, str]:
    """The year of a reported value: a year another sentence gave it (context, heading) after the text's date of
    issue is no year of a result (…中期评估已结束,再生水利用率达25.3% under 规划到2025年 in a text of 2023): the year
    of issue, the latest the result can be of. (An undated text keeps the year: it cannot tell what lies ahead.)"""
    if year is not None and basis in ("context", "heading") and doc.issued_year is not None and year > doc.issued_year:
        return doc.issued_year, "context"
    return year, basis


def candidate(doc: Doc, iid: str, start: int, end: int, v: Value, year, basis, comparator, *, baseline, scope,
              qualifier, annual, rule, outcome=False, attribute=None) -> Candidate:
    """One candidate with its raw quote; the number's state is set to target or outcome."""
    spec = metadata.indicator_specs()[iid]
    unit = reported_unit(iid, v)
    value = metadata.convert(vocab.parse_number(v.number), unit, spec["unit"])
    quote, a, b = doc.nt.quote(start, end)
    note = "annual amount (每年) until the target year" if annual else None
    if v.unit_inherited:
        note = "; ".join(n for n in (note, f"unit written after the list ({v.unit_spelling})") if n)
    if not outcome and year is None and comparator == "=" and _reported_before(doc, spec.get("outcome_indicator") or iid, v):
        outcome = True  # 去年…完成水利投资631.9亿元 … 水利投资创新高。全年完成水利投资631.9亿元: the figure again
    kind = "outcome" if outcome else "target"
    if outcome:
        year, basis = _year_of_a_result(doc, year, basis)
        iid = spec.get("outcome_indicator") or iid
        spec = metadata.indicator_specs()[iid]
        value = metadata.convert(vocab.parse_number(v.number), unit, spec["unit"])
        comparator = "="
    doc.mark(v.start, v.end, kind, iid)
    made = Candidate(
        document=doc.document, indicator_id=iid, target_year=year, value=round(value, 10), unit=spec["unit"],
        comparator=comparator, baseline_year=baseline, scope=scope, attribute=attribute,
        value_reported=v.number,
        unit_reported=v.unit_spelling or ("" if unit == "1" else unit),
        qualifier=qualifier, quote=quote, char_start=a, char_end=b, rule=rule, note=note,
        kind=kind, year_basis=basis if year is not None else "none",
    )
    if outcome and rule != "prose_from":
        doc.add_outcome(start, end)
    return made
