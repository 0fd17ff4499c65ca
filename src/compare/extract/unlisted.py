"""Targets of indicators the vocabulary does not name.

A quantity no rule claimed (清淤河沟6000条, 新建82座水厂), in a clause that aims at a target, is reported as
an `unlisted` candidate: its year, comparator, value and unit as written, and the words that name it
(`indicator_reported`: 清淤河沟; 新建 … 水厂).  It never reaches the targets table: a reviewer adds an alias
to `indicators.yaml` (then it is read as that indicator) or an `add` decision.  Each new set of real
pages names indicators nobody had met; this keeps what they aim at in sight instead of `unclassified`.
Works written in other words than every alias are named still when a verb of works and the head of its
noun fit one indicator only (`works_named`: 清淤主要河道 → the alias 清淤河道): a target of rule `unlisted_works`;
and so are aliases cut in two by their value (`split_named`: 防洪达到50年一遇标准, rule `unlisted_split`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from compare import metadata
from compare.errors import InputError
from compare.extract import vocab
from compare.extract.model import Candidate, Doc
from compare.extract.outcome import a_part_alone_follows, is_outcome
from compare.extract.prose import STARTS_FROM, Value, aliases, emit, fits, in_brackets, in_note, values
from compare.text import CJK

#: Characters of naming words kept after a number written before its noun (新建82座水厂).
_AFTER_WORDS = 12
#: Characters between an alias and a value it names (控制在).
_ALIAS_GAP = 4
#: Characters before a value searched for a word it starts from (由现在的每亩…).
_FROM_REACH = 12
#: Characters of naming words between a quantity's 的 and the target or task noun that closes them (的压采任务).
_QUOTED_WORDS = 12


@cache
def _name_after() -> re.Pattern:
    """The noun after a number written before it (82座|水厂): a run of Chinese characters not opening
    with 的 (a number that qualifies an entity)."""
    return re.compile(rf"(?!{re.escape(vocab.lexicon()['possessive'])})(?:{CJK.pattern}){{2,{_AFTER_WORDS}}}")


@cache
def _quoted_target_re() -> re.Pattern:
    """的 after a quantity, then a few Chinese characters (no digit, no mark) ending in a target or task noun (lexicon
    target_nouns_of_values, task_nouns): the words name what the quantity is the target of."""
    nouns = vocab.alternation({*vocab.words("target_nouns_of_values"), *vocab.words("task_nouns")})
    return re.compile(rf"{re.escape(vocab.lexicon()['possessive'])}((?:{CJK.pattern}){{0,{_QUOTED_WORDS}}}?(?:{nouns}))")


def _quoted_target(text: str, v: Value, hi: int) -> re.Match | None:
    """The words after a quantity that make it a target quoted (完成市定2245万立方米的压采任务 → 压采任务; 超出省下达
    6.8万人的既定目标 → 既定目标), in its clause (up to `hi`); None when no such noun follows (…5万立方米的企业: a
    threshold qualifying what follows)."""
    m = _quoted_target_re().match(text, v.end, hi)
    return m if m and m.group(1) else None


def _value_at(doc: Doc, lo: int, hi: int, pos: int) -> Value | None:
    """The value read at `pos`; a share written in words with no unit (百分之九十五, 三分之二, 四成) in percent."""
    v = next((v for v in values(doc, lo, hi) if v.start <= pos < v.end), None)
    if v is not None and not v.unit_spelling and vocab.is_fraction(v.number):
        v.unit_spelling = vocab.PERCENT_SIGN
    return v


def _a_quantity_on_its_own(doc: Doc, v: Value, clause_lo: int, block_lo: int, quoted: bool = False) -> bool:
    """Whether `v` has a unit and stands for itself: not in brackets or a note, not qualifying what follows
    (…万立方米的企业; but a target `quoted`: …万立方米的压采任务), not where a quantity starts from (由现在的每亩520立方米)."""
    text = doc.text
    return bool(v.unit_spelling) and not (
        in_brackets(text, v.start, block_lo) or in_note(text, v.start, block_lo)
        or (text.startswith(vocab.lexicon()["possessive"], v.end) and not quoted)
        or STARTS_FROM.search(text, max(clause_lo, v.start - _FROM_REACH), v.start))


@cache
def _lead_words() -> tuple[str, ...]:
    """Words that open a clause before its naming words (全县, 计划, 力争, 将 …), longest first."""
    lex = vocab.lexicon()
    return tuple(sorted({*lex["scopes"], *lex["target_markers"], *lex["hedges"], *lex["modal_words"]},
                        key=len, reverse=True))


@cache
def _bound_words() -> tuple[str, ...]:
    """Words of a bound or a plain value between the naming words and the number (不少于, 达到, 为 …)."""
    lex = vocab.lexicon()
    return tuple(sorted({*lex["comparator_prefixes"], *lex["approximate_prefixes"], *lex["plain_value_verbs"]},
                        key=len, reverse=True))


def _words_before(text: str, lo: int, pos: int) -> tuple[int, str]:
    """(start, words) naming a value from `lo` to `pos`: leading marks and the words that open a clause
    (全县计划…) dropped, and a bound or verb of value right before the number (…不少于)."""
    k = lo
    while True:
        while k < pos and not CJK.match(text, k):
            k += 1
        lead = next((w for w in _lead_words() if text.startswith(w, k, pos)), None)
        if lead is None or k + len(lead) >= pos:
            break
        k += len(lead)
    words = text[k:pos].rstrip()
    bound = next((w for w in _bound_words() if words.endswith(w) and len(words) > len(w)), None)
    return k, words[: -len(bound)] if bound else words


def _no_target_of_its_own(v: Value, before: str, after: re.Match | None) -> bool:
    """Whether a quantity is labour, materials, damage or a completion rate; a count of the places a target
    covers (35个乡镇; 10县); a share (占计划130%; 占总投资的41.9%) or a part picked out of a set (…灌区中400处).
    (The parts of a total, 包括…1座、…7座, stay: readers annotate them in some texts and not in others.)"""
    lex = vocab.lexicon()
    named = before + (after.group() if after else "")
    places = vocab.words("unlisted_place_nouns")
    counts_places = v.unit_spelling in places or (after is not None and after.group().startswith(places))
    return (any(w in named for w in lex["unlisted_not_targets"])
            or (counts_places and not _places_that_reach_it(after))
            or before.startswith(vocab.words("share_verbs"))
            or before.endswith((lex["possessive"], *lex["unlisted_among_ends"]))
            or named.endswith(vocab.words("unlisted_among_ends")))


def _places_that_reach_it(after: re.Match | None) -> bool:
    """Whether the words after a count of places say what those places are to reach (277个乡镇全面实现污水处理;
    13个市都将建成…示范区: lexicon places_reach_verbs) — the count is the target, not the scope of one (在35个乡镇
    改建渡槽)."""
    return after is not None and any(w in after.group() for w in vocab.words("places_reach_verbs"))


def _named_by_alias(doc: Doc, lo: int, v: Value) -> bool:
    """Whether an alias of the vocabulary names the value itself, ending at most a verb before it, and one of its
    indicators can take the value's unit: the rules read it and left it (a headline repeating the body, an energy
    figure sharing a water one's name), no unlisted one.  An alias none of whose indicators takes the unit
    (总供水能力提高到1000万立方米/日: an annual capacity, a daily amount; 人均用水量下降6%: a level, a change) does not
    name it: the value is an unlisted target, for a reviewer to give the indicator it measures."""
    found = aliases(doc, lo, v.start)
    return bool(found) and v.start - found[-1].end <= _ALIAS_GAP and any(
        fits(iid, v) for iid in found[-1].indicator_ids)


def _pairs(words: str) -> frozenset[str]:
    """The pairs of adjacent Chinese characters in `words` (marks and digits dropped)."""
    han = "".join(CJK.findall(words))
    return frozenset(han[k : k + 2] for k in range(len(han) - 1))


@cache
def _alias_pairs() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(indicator id, unit, character pairs) of every alias and Chinese name of the vocabulary."""
    return tuple((iid, spec["unit"], _pairs(a)) for iid, spec in metadata.indicator_specs().items()
                 for a in (spec.get("name_zh"), *(spec.get("aliases_zh") or ())) if a and len(_pairs(a)) > 0)


def closest_indicators(c: Candidate, n: int = 3) -> list[str]:
    """Up to `n` indicators of the vocabulary an unlisted candidate may be, best first: those whose unit
    can take its value, ranked by the share of an alias's character pairs its naming words hold (清淤河沟 →
    an alias 河沟清淤…).  A hint for the reviewer, never a reading: on held-outs 8–13 the first is right
    for 45% of the unlisted candidates that give a target of a known indicator."""
    words = _pairs(c.indicator_reported or "")
    best: dict[str, float] = {}
    for iid, unit, pairs in _alias_pairs():
        share = len(words & pairs) / len(pairs)
        if share > best.get(iid, 0.0) and metadata.convertible(c.unit, unit):
            best[iid] = share
    return [iid for iid, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


@cache
def _works_verbs() -> tuple[tuple[str, str], ...]:
    """(verb, family) of every verb of works, longest first (更新改造 before 改造)."""
    pairs = {(w, fam) for fam, ws in vocab.lexicon()["works_verb_families"].items() for w in ws}
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _verbs_at(words: str, k: int) -> tuple[int, frozenset[str]]:
    """(end, families) of the run of works verbs opening at `k` (新建、改造 → build and renew; 新建或改建; 维修配套), joiners
    between them included; (k, ∅) when no verb opens there."""
    joiners = vocab.words("works_verb_joiners")
    end, fams, at = k, set(), k
    while verb := next(((w, f) for w, f in _works_verbs() if words.startswith(w, at)), None):
        fams.add(verb[1])
        end = at = at + len(verb[0])
        at += len(next((j for j in joiners if words.startswith(j, at)), ""))
    return end, frozenset(fams)


def _works_phrase(words: str) -> tuple[frozenset[str], str, bool] | None:
    """(verb families, noun, verb first) of words naming works by a verb and its noun: 清淤主要河道 → (dredge, 主要河道,
    True); 全镇堰塘清淤 → (dredge, 全镇堰塘, False); None without a verb of works. The last run of verbs decides."""
    k, last = 0, None
    while k < len(words):
        end, fams = _verbs_at(words, k)
        if fams:
            last, k = (k, end, fams), end
        else:
            k += 1
    if last is None:
        return None
    start, end, fams = last
    return (fams, words[end:], True) if end < len(words) else (fams, words[:start], False)


@cache
def _works_aliases() -> tuple[tuple[str, str, frozenset[str], str], ...]:
    """(indicator id, unit, verb families, noun) of every alias written as a verb of works and its noun, either order
    (新建、改造灌排泵站; 河道清淤): the nouns works are named by."""
    return tuple((iid, spec["unit"], *works) for iid, spec in metadata.indicator_specs().items()
                 for alias in (spec.get("name_zh"), *(spec.get("aliases_zh") or ()))
                 if alias and (works := _works_of_alias(alias)) is not None)


def _works_of_alias(alias: str) -> tuple[frozenset[str], str] | None:
    """(verb families, noun) of an alias that opens or closes with its verbs of works and whose noun is a head of its
    own (新建、改造灌排泵站 → build and renew, 灌排泵站); None for 海绵城市建设面积 (a verb inside a name)."""
    phrase = _works_phrase(alias)
    if phrase is None:
        return None
    fams, noun, verb_first = phrase
    whole = not verb_first or _verbs_at(alias, 0)[0] + len(noun) == len(alias)
    return (fams, noun) if whole and _a_head(noun) else None


def _a_head(noun: str) -> bool:
    """Whether an alias's noun can name works on its own: two Chinese characters or more, none a wide head (管网)."""
    return len(CJK.findall(noun)) == len(noun) >= 2 and noun not in vocab.lexicon_set("works_wide_nouns")


def _heads_noun(noun: str, head: str) -> bool:
    """Whether `noun` ends with `head`, the noun of an alias (主要河道 ends with 河道), and is no sum over kinds (各类…)."""
    return noun.endswith(head) and not noun.startswith(vocab.words("works_kinds_words"))


def _items(noun: str, verb_first: bool) -> list[str]:
    """The nouns a verb of works governs: each item of a list after the verb (维修机井、大口井), the last before it."""
    parts = re.split("|".join(map(re.escape, vocab.words("list_joiners"))), noun)
    return [p for p in parts if p] if verb_first else parts[-1:]


def _works_of_a_count(before: str, after: str) -> tuple[frozenset[str], str, bool] | None:
    """(verb families, noun, verb first) of a count written before its noun: the verb ends the words before it
    (新建10座|提升泵站) or follows the noun after 的 (完成10座|提升泵站的建设); else what the words before say."""
    phrase = _works_phrase(before)
    noun, _, rest = after.partition(vocab.lexicon()["possessive"])
    if phrase is not None and not phrase[2]:
        return phrase[0], noun, True
    end, fams = _verbs_at(rest, 0)
    return (fams, noun, True) if fams and end == len(rest) else phrase


def works_named(before: str, after: str | None, unit: str) -> str | None:
    """The one indicator an unlisted quantity's works name (清淤主要河道4公里 → canal_dredging_length): its verb of works
    of the family of an alias's verb, its noun (or the noun after a count, 新建10座|提升泵站) ending with the alias's noun,
    the unit one the indicator takes; the longest such noun decides, and a tie names nothing."""
    phrase = _works_of_a_count(before, after) if after is not None else _works_phrase(before)
    if phrase is None:
        return None
    fams, noun, verb_first = phrase
    items = [i for i in _items(noun, verb_first) if len(CJK.findall(i)) == len(i)]
    best: dict[str, int] = {}
    for iid, iunit, afams, head in _works_aliases():
        if fams & afams and any(_heads_noun(i, head) for i in items) and metadata.convertible(unit, iunit):
            best[iid] = max(best.get(iid, 0), len(head))
    top = max(best.values(), default=0)
    named = [iid for iid, n in best.items() if n == top]
    return named[0] if len(named) == 1 else None


@cache
def _alias_halves() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """First half of an alias → (second half, indicator id, unit) for every cut leaving two characters or more on
    each side (防洪|标准, 防|洪标准 is no cut: one character)."""
    halves: dict[str, set[tuple[str, str, str]]] = {}
    for iid, spec in metadata.indicator_specs().items():
        for alias in {spec.get("name_zh"), *(spec.get("aliases_zh") or ())} - {None}:
            for k in range(2, len(alias) - 1):
                halves.setdefault(alias[:k], set()).add((alias[k:], iid, spec["unit"]))
    return {first: tuple(sorted(rest)) for first, rest in halves.items()}


def split_named(before: str, after: str, unit: str) -> str | None:
    """The one indicator an alias cut by the value names (城区防洪达到50年一遇|标准: 防洪标准): the words before the
    value end with its first half, the noun after it is the second (not 实施233万亩|浅埋滴灌高效节水项目, a noun of
    its own that opens with one), and the unit is one it takes."""
    found = {iid for k in range(2, len(before) + 1) for rest, iid, iunit in _alias_halves().get(before[-k:], ())
             if after == rest and metadata.convertible(unit, iunit)}
    return found.pop() if len(found) == 1 else None


def for_review(c: Candidate) -> dict:
    """What a reviewer is shown of an unlisted candidate (draft review, workbench): its naming words, year,
    bound, value and unit as written, quote and offset, and the closest indicators as a hint."""
    return {"named": c.indicator_reported, "target_year": c.target_year, "comparator": c.comparator,
            "value_reported": c.value_reported, "unit_reported": c.unit_reported, "quote": c.quote,
            "char_start": c.char_start, "closest_indicators": closest_indicators(c)}


def unlisted(doc: Doc) -> Iterator[Candidate]:
    """One candidate per quantity left unclassified by every other rule, with a unit, in a clause that
    aims at a target (not a reported result), named by Chinese words before it (and after it, for a
    count written before its noun) that hold no alias of the vocabulary naming it in a unit it takes
    (总供水能力提高到1000万立方米/日 is unlisted: the alias's capacity is annual).  The number's state becomes
    `unlisted`."""
    text = doc.text
    marks = vocab.words("target_markers", "effect_words")
    for n in doc.numbers:
        if n.state != "unclassified":
            continue
        block_lo = doc.block_start(n.start)
        clause_lo = doc.clause_start(n.start, block_lo)
        clause_hi = doc.clause_end(n.end, doc.block_end(block_lo))
        v = _value_at(doc, clause_lo, clause_hi, n.start)
        quoted = _quoted_target(text, v, clause_hi) if v is not None else None
        if v is None or v.start != n.start or not _a_quantity_on_its_own(doc, v, clause_lo, block_lo, bool(quoted)):
            continue
        try:
            unit = vocab.unit_for(v.unit_spelling)
        except InputError:
            continue
        year, basis, mention = doc.year_for(v.start, block_lo)
        if mention is not None and clause_lo <= mention.end <= v.start:
            clause_lo = mention.end  # 2026年计划新建…: the naming words follow the year
        name_lo, before = _words_before(text, clause_lo, v.start)
        after = _name_after().match(text, v.end) if quoted is None else _name_after().match(
            text, quoted.start(1), quoted.end(1))  # 的压采任务: the words after 的
        name, end = before, v.end
        if after is not None and after.end() <= clause_hi:
            name, end = f"{before} … {after.group()}" if before else after.group(), after.end()
        if len(CJK.findall(name)) < 2 or _no_target_of_its_own(v, before, after) or _named_by_alias(doc, name_lo, v):
            continue
        if quoted is not None:  # a target quoted in a report is a target, its bound its own (降至0.6吨的节水目标),
            handed = text[clause_lo : v.start].endswith(vocab.words("task_handing_words"))  # not 下达's 达
            comparator = vocab.comparator_for("" if handed else text[clause_lo : v.start], v.suffix)
        else:
            comparator = vocab.comparator_for(text[clause_lo : v.start], v.suffix)
            if is_outcome(doc, clause_lo, v, comparator, mention, basis=basis):
                continue
        sentence = text[doc.sentence_start(v.start, block_lo) : v.start]
        if year is None and not doc.is_plan and quoted is None and not any(w in sentence for w in marks):
            continue  # no year, no word of aims or effect (建成后): nothing says this is a target (a target noun after it does)
        iid, rule = works_named(before, after.group() if end != v.end else None, unit), "unlisted_works"
        if iid is None and end != v.end:
            iid, rule = split_named(before, after.group(), unit), "unlisted_split"
        if iid is not None and fits(iid, v) and not a_part_alone_follows(doc, v.end, doc.block_end(block_lo)):
            yield from emit(doc, iid, name_lo, v, year, basis, comparator, baseline=None, scope=None, qualifier=None,
                             annual=False, rule=rule, end=end)
            continue
        quote, a, b = doc.nt.quote(name_lo, end)
        doc.mark(v.start, v.end, "unlisted", name)
        for value, comp in ((v.number, comparator or "="),) if not v.is_range else (
                (v.number, ">="), (v.number2, "<=")):
            yield Candidate(
                document=doc.document, indicator_id="", target_year=year,
                value=round(vocab.parse_number(value), 10), unit=unit, comparator=comp, baseline_year=None,
                scope=None, attribute=None, value_reported=value, unit_reported=v.unit_spelling, qualifier=None,
                quote=quote, char_start=a, char_end=b, rule="unlisted", kind="unlisted",
                year_basis=basis if year is not None else "none", indicator_reported=name,
            )


__all__ = ["closest_indicators", "for_review", "unlisted"]
