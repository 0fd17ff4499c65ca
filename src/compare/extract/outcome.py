"""Whether a number reports what happened (an outcome) rather than what is aimed at (a target).

`is_outcome` asks an ordered list of rules about one number: the first rule that recognises its case decides
(True: an outcome; False: a target); a number no rule recognises is a target.  Each rule reads the document
model (years, sentences, blocks, words of the lexicon) through `_Number`, which computes each view of the
number's surroundings once, when a rule first asks for it.  A new way of writing a result is a new rule or a
lexicon entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from compare.extract import vocab
from compare.extract.model import CLAUSE_DELIMS, FULL_STOPS, Doc, YearMention, in_title, lazy, short_title

if TYPE_CHECKING:
    from compare.extract.prose import Value

LOOKBACK = 300  # characters of a sentence before a number that decide whether it reports an outcome
_CLAUSE_MARKS = frozenset(CLAUSE_DELIMS)


@dataclass
class _Number:
    """A number and what a rule may ask about its surroundings."""

    doc: Doc
    clause_lo: int
    value: Value
    comparator: str | None
    mention: YearMention | None
    alias_end: int
    basis: str

    @lazy
    def text(self) -> str:
        return self.doc.text

    @lazy
    def lex(self) -> dict:
        return vocab.lexicon()

    @lazy
    def before(self) -> str:
        """The clause up to the number."""
        return self.text[self.clause_lo : self.value.start]

    @lazy
    def sent_lo(self) -> int:
        """Where the number's sentence starts (at most LOOKBACK characters back)."""
        return max(self.doc.sentence_start(self.clause_lo), self.value.start - LOOKBACK)

    @lazy
    def present(self) -> int | None:
        return self.doc.present_year

    @lazy
    def sentence(self) -> str:
        """The sentence up to the number, from the last year ahead it names, without the words that
        state a starting point (由现状的0.78提高到0.95)."""
        doc, present = self.doc, self.present
        ahead = [y for y in doc.years_between(self.sent_lo, self.value.start)
                 if y.year is not None and (
                     (present is not None and y.year > present and (doc.issued_year is not None or doc.is_targeted(y)))
                     or (doc.issued_year is None and (present is None or y.year > present) and _projected(doc, y)))]
        # 目前…已超过350万亩,2020年底,这一数据有望突破400万亩 (in 2019), and in an undated text 批复显示,…到2030年,
        # …90% (a later year than the first it aims at): the sentence turns to what is ahead
        sentence = _without_aims_met(self.text[ahead[-1].pos if ahead else self.sent_lo : self.value.start])
        for word in self.lex["outcome_marker_exemptions"]:
            sentence = sentence.replace(word, "")
        return sentence

    @lazy
    def aimed_in_sentence(self) -> bool:
        """Whether the sentence aims at a year before the number: a year targeted, or a plan period ahead
        (“十四五”时期 in a plan of 2021; in an undated text, the period ending in the first year it aims at)."""
        doc, present = self.doc, self.present
        return doc.targeted_between(self.sent_lo, self.value.start) or any(
            y.basis == "plan_period" and y.year is not None and (
                present is None or y.year > present or (doc.issued_year is None and y.year == present))
            for y in doc.years_between(self.sent_lo, self.value.start))

    @lazy
    def block_lo(self) -> int:
        return self.doc.block_start(self.value.start)

    @property
    def year(self) -> int | None:
        """The year of the mention governing the number, if any."""
        return self.mention.year if self.mention is not None else None

    def sentence_says(self, *keys: str) -> bool:
        """Whether the sentence up to the number holds a word of one of the lexicon lists `keys`."""
        return _says(self.sentence, *keys)


def _says(text: str, *keys: str) -> bool:
    """Whether `text` holds a word of one of the lexicon lists `keys` (target_markers, hedges …)."""
    lex = vocab.lexicon()
    if _AIM_WORD_KEYS.intersection(keys) and any(w in text for w in lex["modal_word_compounds"]):
        for word in lex["modal_word_compounds"]:  # 主要江河 speaks no 要
            text = text.replace(word, "")
    if "target_markers" in keys:
        text = _without_money_handed_down(text)
    if _AIM_WORD_KEYS.intersection(keys):
        text = _without_disposal_marks(text)
    return any(w in text for w in vocab.words(*keys))


def _without_disposal_marks(text: str) -> str:
    """`text` without each 将 whose clause goes on to a verb of naming or treating as (工业节水将高耗水企业作为重点,
    …用水量约为120立方米: the object of 作为, no time ahead; lexicon disposal_mark, disposal_verbs)."""
    lex = vocab.lexicon()
    mark = lex["disposal_mark"]
    k = text.find(mark)
    while k >= 0:
        end = min((e for e in (text.find(d, k) for d in CLAUSE_DELIMS) if e >= 0), default=len(text))
        if any(verb in text[k + len(mark) : end] for verb in lex["disposal_verbs"]):
            text = text[:k] + text[k + len(mark) :]
            k = text.find(mark, k)
        else:
            k = text.find(mark, k + len(mark))
    return text


def _without_money_handed_down(text: str) -> str:
    """`text` without a word of handing down whose clause hands down money (下达农田水利建设投资2.3亿元: a sum
    allocated, no aim; 下达的用水总量控制目标 stays)."""
    lex = vocab.lexicon()
    for word in lex["money_handing_down_words"]:
        start = text.find(word)
        while start >= 0:
            end = min((k for k in (text.find(d, start) for d in CLAUSE_DELIMS) if k >= 0), default=len(text))
            if any(m in text[start:end] for m in lex["handed_down_money_words"]):
                text = text[:start] + text[start + len(word):]
                start = text.find(word, start)
            else:
                start = text.find(word, start + len(word))
    return text


def _without_aims_met(text: str) -> str:
    """`text` without the aims it says were met (均超额完成省下达的控制目标 → 均; 建设任务全面完成 → 建设), unless a
    hedge or a modal stands before in the clause (确保全面完成年度任务 stays: an aim)."""
    if _AIM_MET().search(text) is None:
        return text
    out, last = [], 0
    for m in _AIM_MET().finditer(text):
        clause = text[max((text.rfind(d, 0, m.start()) for d in CLAUSE_DELIMS), default=-1) + 1 : m.start()]
        if not _says(clause, "hedges", "modal_words", "turn_to_plan_words"):
            out.append(text[last : m.start()])
            last = m.end()
    return "".join(out) + text[last:]


Rule = Callable[[_Number], "bool | None"]
_AIM_WORD_KEYS = frozenset({"modal_words", "target_markers", "turn_to_plan_words"})  # lists holding 要 or 将


def _a_task_handed_down(n: _Number) -> bool | None:
    """2021年,部里下达各地高标准农田建设任务1亿亩、高效节水灌溉面积1500万亩: a value after a task handed down in its
    clause (lexicon `task_handing_words` … `task_nouns`, no word of work done before it) is the task — an aim, even in
    a year gone by; 完成省下达任务5万亩 (the task reported done) is left to the other rules."""
    before = n.before
    k = max(before.rfind(w) for w in vocab.words("task_handing_words"))
    if k < 0 or not any(w in before[k:] for w in vocab.words("task_nouns")):
        return None
    return None if any(w in before[:k] for w in vocab.words("task_done_words")) else False


_QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"))  # opening and closing quotation marks


def _a_target_quoted(n: _Number) -> bool | None:
    """超额完成《方案》中“到2023年底50%高校建成节水型高校”的目标任务; 未达到规划要求的「一年内不低于60%」的目标: a value
    inside a quotation closed right before 的 and a target noun (lexicon target_nouns_of_values) is the aim quoted — a
    target, even of a year gone by or in a sentence that reports it met (not 建成“节水型高校”12所: no target noun after)."""
    text, v = n.text, n.value
    hi = n.doc.sentence_end(v.end)
    possessive = n.lex["possessive"]
    for opening, closing in _QUOTE_PAIRS:
        k = text.rfind(opening, n.sent_lo, v.start)
        if k < 0 or text.find(closing, k, v.start) >= 0:
            continue
        end = text.find(closing, v.end, hi)
        if end >= 0 and text.startswith(possessive, end + 1) and text.startswith(
                vocab.words("target_nouns_of_values"), end + 1 + len(possessive)):
            return False
    return None


def _reported_in_its_sentence(n: _Number) -> bool | None:
    """A word of report in the sentence (已, 下降了, 公报显示), unless the sentence turns to a plan after it
    (…工作已经启动,计划完成投资9.88亿元; not 计划用水率, a name) or to what the works bring (已累计实施…项目,完成后
    预计可新增…灌溉面积约2亿亩)."""
    last = _last_word(n.sentence, "outcome_markers")
    if last < 0 or _works_approved(n.sentence, last):
        return None
    rest = n.sentence[last:]
    for word in (*n.lex["aim_word_nouns"], *n.lex["modal_word_compounds"]):  # 已将…纳入管理,计划用水率达92%: 计划用水
        rest = rest.replace(word, "")  # names a kind of management, no plan; 主要江河 speaks no 要
    words = (*n.lex["turn_to_plan_words"], *n.lex["effect_words"], *_modal_verbs(n.lex))
    if not _aims_in_a_later_clause(rest, words):
        return True
    return None


def _works_approved(sentence: str, last: int) -> bool:
    """Whether the last word of report in `sentence` (at `last`) reports only an approval of works still to be done
    (行政院已核定开发11座再生水厂; 已批复新建…): the word, then a verb of approving and a verb of works (lexicon
    approval_verbs, approved_works_verbs) — the works approved are ahead (not 已批复的12座水厂已全部建成: a later word of
    report, which `last` finds)."""
    marker = next((w for w in vocab.longest_first("outcome_markers") if sentence.startswith(w, last)), "")
    rest = sentence[last + len(marker) :]
    approval = next((w for w in vocab.words("approval_verbs") if rest.startswith(w)), None)
    return approval is not None and rest.startswith(vocab.words("approved_works_verbs"), len(approval))


@cache
def _works_approved_re() -> re.Pattern:
    """A word of report, a verb of approving and a verb of works (已核定开发, 已批复新建: see `_works_approved`)."""
    groups = ("|".join(map(re.escape, vocab.longest_first(k)))
              for k in ("outcome_markers", "approval_verbs", "approved_works_verbs"))
    return re.compile("".join(f"(?:{g})" for g in groups))


def _modal_verbs(lex: dict) -> tuple[str, ...]:
    """A modal before a verb of change (数据显示,2017年全县用水量要下降3%: the sentence turns to what is due; 要下降,
    要达到 from lexicon modal_words × modal_change_verbs)."""
    return tuple(m + v for m in lex["modal_words"] for v in lex["modal_change_verbs"])


def _what_the_works_bring(n: _Number) -> bool | None:
    """…已累计实施1880多处灌区改造项目,完成后预计可新增、恢复和改善灌溉面积约2亿亩: a value after a word of what works
    bring (完成后, 建成后) in its sentence, with no word of report between them and no year gone by governing it, is
    what the works are to bring — an aim, whatever the sentence or its paragraph reported before (not 建成后已新增…)."""
    words = n.lex["effect_words"]
    at = max((n.sentence.rfind(w) + len(w) for w in words if w in n.sentence), default=-1)
    if at < 0 or (n.mention is not None and _a_year_gone_by(n.doc, n.mention)):
        return None
    if _says(n.sentence[at:], "outcome_markers") or _REPORT_CUE().search(n.sentence, at) is not None:
        return None
    return False


def _the_base_built_on(n: _Number) -> bool | None:
    """在2018年新增…23.16万亩的基础上,2019年…: the base built on is a result (not 在确保2013年…的基础上)."""
    doc, v = n.doc, n.value
    if any(a < v.start and v.end <= b and not _says(span, "target_markers")
           for a, b, span in doc.matches_between(_ON_THE_BASE_OF(), doc.sentence_start(v.start), doc.sentence_end(v.end))):
        return True
    return None


def _a_state_of_the_present(n: _Number) -> bool | None:
    """由最初的13家…到现在的180家: states of the past and the present, results."""
    if n.before.endswith(_state_endings()):
        return True
    return None


@cache
def _state_endings() -> tuple[str, ...]:
    """由/到 and a word of a state of the past or present, and 的 (由最初的, 到现在的)."""
    lex = vocab.lexicon()
    marks = (*lex["change_to_marks"], *lex["from_markers"])
    return tuple(m + w + lex["possessive"] for m in marks for w in lex["from_state_words"])


def _reported_after_it(n: _Number) -> bool | None:
    """控制在8.5%以内,提前达到国家目标; 下降30%以上,获评全国节水型城市: the rest of the sentence says it was reached (not …达到60%,确保超额完成省定目标:
    a hedge or a modal before the word makes it an aim)."""
    after = n.text[n.value.end : n.doc.sentence_end(n.value.end)]
    first = _first_word(after, "outcome_markers_after", 0, len(after))
    award = _first_word(after, "award_won_words", 0, len(after))
    if award > 0 and after[award - 1] in _CLAUSE_MARKS and (first < 0 or award < first):
        first = award  # …下降30%以上,获评全国节水型城市 (not 300家企业获评…: the award is what is counted)
    if first >= 0 and not _says(after[:first], "hedges", "modal_words", "turn_to_plan_words"):
        return True
    return _handed_an_award(n, after)


def _ranked_in_the_country(n: _Number) -> bool | None:
    """甲省农村自来水普及率达到91%,居全国前列; 创建节水型城市12个,均居全国第一位: a value ranked against other places
    later in its clause (lexicon ranking_words) is a level reached, a result — unless the sentence aims at a year or
    speaks of aims in the value's clause, a hedge or a modal before the ranking, or the value stands in a plan or under a
    lead of aims (到2030年…达到95%,居全国前列; 力争…达到95%,位居全省前列; 目标为95%,居全国前列; 目标任务如下:/…居全市前列)."""
    end = n.doc.sentence_end(n.value.end)
    after = n.text[n.value.end : end]
    ranked = _first_word(after, "ranking_words", 0, len(after))
    if ranked < 0 or n.aimed_in_sentence or n.doc.is_plan:
        return None
    if _under_a_lead_of_targets(n) is False or _under_an_inline_lead_of_targets(n) is False:
        return None  # 主要目标:…普及率达到92%,居全国前列 (a lead of aims, or a plan's title)
    told = n.text[n.sent_lo : n.value.start] + after[:ranked]
    clause = n.text[n.doc.clause_start(n.value.start, n.sent_lo) : n.value.start] + after[:ranked]
    # (a word of aims in an earlier clause may name an aim gone by: 按照…目标,…普及率分别达到93%、90%,均居全国前列)
    return None if _says(told, "hedges", "modal_words", "turn_to_plan_words") or _says(clause, "target_markers") else True


def _handed_an_award(n: _Number, after: str) -> bool | None:
    """为12家节水型公共机构、9家节水型小区颁发牌匾: an award handed to the things counted (lexicon award_given_words)
    later in the value's sentence reports the count, unless the sentence aims at a year or speaks of aims before it
    (not 到2025年,力争为30家企业授牌)."""
    if _first_word(after, "award_given_words", 0, len(after)) < 0 or n.aimed_in_sentence:
        return None
    told = n.text[n.sent_lo : n.value.start] + after
    return None if _says(told, "target_markers", "hedges", "modal_words", "turn_to_plan_words") else True


def _named_in_a_list_made_public(n: _Number) -> bool | None:
    """水利部公布第六批…达标县名单,将甲县等52个县命名为…; 继首批10所节水型高校公布之后: a value in a sentence that makes
    public a list of names (lexicon list_made_public_words, before the value or in its clause) counts what was named,
    a result — unless the sentence
    aims at a year or speaks of aims, a hedge, a modal or a plan (力争30家企业进入水效领跑者名单)."""
    end = n.doc.sentence_end(n.value.end)
    told = n.text[n.sent_lo : end]
    named_to = n.doc.clause_end(n.value.end, end) - n.sent_lo  # (not in a later clause: 承诺完成19条河段…,并附上了…名单)
    if _first_word(told, "list_made_public_words", 0, named_to) < 0 or n.aimed_in_sentence:
        return None
    told = _without_a_disposal_mark(told[:named_to])
    return None if _says(told, "target_markers", "hedges", "modal_words", "turn_to_plan_words") else True


def _without_a_disposal_mark(clause: str) -> str:
    """`clause` without a 将 that marks the object of a verb of naming later in it (将甲县等52个县命名为…: the
    things named, not a time ahead; lexicon disposal_mark, disposal_verbs)."""
    lex = vocab.lexicon()
    mark = lex["disposal_mark"]
    k = clause.rfind(mark)
    if k >= 0 and any(clause.find(verb, k) > k for verb in lex["disposal_verbs"]):
        return clause[:k] + clause[k + len(mark) :]
    return clause


def _measured_against_a_target(n: _Number) -> bool | None:
    """管网漏损率达11.8%,达到全国…控制在12%以内的目标要求: the next clause measures the value against a target (a verb
    of meeting a bound at its head, a target noun in it), so the value is what was reached — unless the value's year
    is aimed at or lies after the date of issue, or its sentence speaks of aims (到2025年,…控制在30亿立方米以内,达到国家
    下达的控制目标)."""
    doc, end = n.doc, n.value.end
    if _TARGET_MET_NEXT().match(n.text, end, doc.sentence_end(end)) is None:
        return None  # (asked first: the cheapest test, and most values fail it)
    if n.aimed_in_sentence or (n.mention is not None and n.mention.year is not None and doc.is_targeted(n.mention)):
        return None
    if n.year is not None and doc.issued_year is not None and n.year > doc.issued_year:
        return None  # 2024年,…下降12%,达到省下达的目标 in a text of 2023: a year still ahead is aimed at
    if n.sentence_says("target_markers", "hedges", "modal_words"):
        return None
    return True


def _done_in_its_clause(n: _Number) -> bool | None:
    """规模10万吨/日的第四污水处理厂已建成运行: a plain value (no bound) followed in its clause by a word of a report —
    the thing it measures is done."""
    if n.comparator is not None:
        return None  # 1万立方米以上…单位已纳入计划用水管理: a threshold naming who is covered stays a threshold
    rest = n.text[n.value.end : n.doc.clause_end(n.value.end, n.doc.sentence_end(n.value.end))]
    return True if any(w in rest for w in n.lex["done_in_clause_words"]) else None


def _only_so_much(n: _Number) -> bool | None:
    """污水处理率仅72.1%, 利用率仅为17.0%: a value right after a word saying it is only so much (lexicon
    only_so_much_words), no word of aims, hedge or modal before it in its clause, is a level found short, a result."""
    before = n.before.rstrip()
    for word in n.lex["approximate_prefixes"]:
        before = before.removesuffix(word)
    return True if (before.endswith(vocab.words("only_so_much_words"))
                    and not _says(n.before, "target_markers", "hedges", "modal_words")) else None


def _a_part_alone_already(n: _Number) -> bool | None:
    """仅微滴灌高效节水灌溉面积就超过60万亩: a part said to reach the value alone already (lexicon alone_words …
    already_word in the value's clause, the latter not before a modal: 仅靠…就能 is a promise) tells a result, with no
    year aimed at and no word of aims, hedge or modal in the sentence before the value."""
    if n.year is not None and n.doc.is_targeted(n.mention) or n.aimed_in_sentence:
        return None
    if _ALONE_ALREADY().search(n.text, n.clause_lo, n.value.start) is None or _aims_told_before(n):
        return None
    return True


def a_part_alone_follows(doc: Doc, end: int, hi: int) -> bool:
    """2012年,新建节水农田168万亩,仅滴灌面积就超过60万亩: a part said later in the sentence (from `end` to `hi`) to reach
    a figure alone already tells the whole before it as a result too."""
    return _ALONE_ALREADY().search(doc.text, end, doc.sentence_end(end, hi)) is not None


def _held_for_long(n: _Number) -> bool | None:
    """管网漏损率长期控制在5%以内 / 合格率长期稳定在99.9%以上: a level said to be held for a long time (lexicon
    held_long_words) right before the value, with no year aimed at and no word of aims, hedge or modal before it in
    its sentence, tells how things stand (not 力争…长期控制在8%以内, nor 到2027年,…长期稳定在9%以下)."""
    if n.year is not None or n.aimed_in_sentence:
        return None
    before = n.text[n.clause_lo : n.value.start]
    if not any(w in before for w in vocab.words("held_long_words")) or _aims_told_before(n):
        return None
    return True


def _aims_told_before(n: _Number) -> bool:
    """Whether the sentence up to the number speaks a word of aims, hedge, modal or turn to plans (力争, 将, 要 …)."""
    return _says(n.text[n.sent_lo : n.value.start], "target_markers", "hedges", "modal_words", "turn_to_plan_words")


def _done_right_before_it(n: _Number) -> bool | None:
    """创建了104家省级节水型企业: 了 right before the value closes a verb of something done (not 为了, 除了; not in a
    clause of aims)."""
    before = n.before.rstrip()
    for word in n.lex["approximate_prefixes"]:
        before = before.removesuffix(word)
    mark = n.lex["perfective_mark"]
    if (before.endswith(mark) and before[-len(mark) - 1 : -len(mark)] not in n.lex["perfective_not_after"]
            and not _says(n.before, "target_markers", "hedges", "modal_words")):
        return True
    return None


def _done_by_its_verb(n: _Number) -> bool | None:
    """创成省级节水型企业10家、…;市级节水型学校2家: a verb whose sense is a work done (lexicon done_verbs) before the
    value in its sentence, read across ；, with no year aimed at and no word of aims, hedge or modal before it, reports
    the value (not 力争创成省级节水型企业10家, 到2025年,创成…)."""
    lo = n.doc.full_sentence_start(n.value.start, max(0, n.value.start - LOOKBACK))
    told = n.text[lo : n.value.start]
    k = _last_word(told, "done_verbs")
    if k < 0 or n.aimed_in_sentence or n.doc.targeted_between(lo, n.value.start):
        return None
    return None if _says(told[:k], "target_markers", "hedges", "modal_words", "turn_to_plan_words") else True


def _progress_against_a_plan(n: _Number) -> bool | None:
    """完成水利固定资产投资3.27亿元,占计划68.1%: progress measured against the plan (not 计划完成…5亿元,
    占全省计划的3%: a planned figure and its share of a larger plan)."""
    if _SHARE_OF_PLAN().match(n.text, n.value.end) and not _says(n.before, "turn_to_plan_words"):
        return True
    return None


def _a_part_given_as_its_share(n: _Number) -> bool | None:
    """地下水源供水量2.18亿立方米,占总供水量的13.3%: a bare amount followed by its share of a total is a breakdown of
    figures reported, and so is the total its parts then follow (总供水量16.43亿立方米。其中,地表水…,占总供水量的86.6%),
    unless its sentence speaks of aims or it has a year that is not gone by (到2025年,再生水利用量1.2亿立方米,占总供水量的
    15%; under 2026年主要目标)."""
    if n.comparator is not None:
        return None
    text, end = n.text, n.value.end
    share = _SHARE_OF_A_TOTAL().match(text, end)
    if share is None and (parts := _PARTS_FOLLOW().match(text, end)):
        share = _SHARE_OF_A_TOTAL().search(text, parts.end(), n.doc.sentence_end(parts.end()))
    if (share is not None
            and not n.sentence_says("target_markers", "hedges", "modal_words", "turn_to_plan_words")
            and not n.aimed_in_sentence and (n.year is None or (n.present is not None and n.year < n.present))):
        return True
    return None


def _its_year_reports(n: _Number) -> bool | None:
    """The year governing the number is written as one reported on (截至2020年底)."""
    return True if n.mention is not None and n.mention.outcome else None


def _news_in_the_headline(n: _Number) -> bool | None:
    """四川省新增30个全国县域节水型社会达标县(区) over a dated news text: a headline that tells what was newly gained
    (lexicon headline_report_verbs), naming no year and speaking no word of aims, reports it (not 全市今年新增…, nor
    我省将新增…)."""
    doc = n.doc
    if doc.issued_year is None or len(doc.blocks) < 2:
        return None
    first = doc.blocks[0]
    if not first.start <= n.value.start < first.end:
        return None
    headline = n.text[first.start : first.end]
    if (_says(n.text[first.start : n.value.start], "headline_report_verbs") and not doc.years_between(first.start, first.end)
            and not _says(headline, "target_markers", "hedges", "modal_words", "turn_to_plan_words")):
        return True
    return None


def _a_headline_that_reports(n: _Number) -> bool | None:
    """城市再生水利用率53%!全省累计建成海绵城市约3000平方公里 over a news text: a bare value (no bound, no verb of aims) in
    a headline that names no year, speaks no word of aims, plans, projections or effects, and reports elsewhere in it
    (累计, 已, 显示) is a result (not 全市再生水利用率将达30%, nor 2025年目标:再生水利用率30%)."""
    doc = n.doc
    if n.comparator is not None or len(doc.blocks) < 2:
        return None
    first = doc.blocks[0]
    if first.kind != "heading" or not first.start <= n.value.start < first.end or doc.years_between(first.start, first.end):
        return None
    headline = n.text[first.start : first.end]
    if _says(headline, *_AIM_KEYS) or _says(headline, "projection_year_prefixes"):
        return None
    return True if _says(headline, "outcome_markers", "conditional_outcome_markers") else None


def _under_a_heading_of_results(n: _Number) -> bool | None:
    """Under 2021年扬州市水资源公报 every figure is a result."""
    m = n.mention
    if n.basis == "heading" and m is not None and _says(n.text[n.doc.block_start(m.pos) : n.doc.sentence_end(m.pos)], "outcome_markers"):
        return True
    return None


def _under_a_heading_of_how_things_stand(n: _Number) -> bool | None:
    """1.1 水利工程现状 / 一、发展基础 over 有效灌溉面积232.82千公顷: a section stating how things stand or what was
    achieved gives results, unless the sentence speaks of aims or aims at its year."""
    heading = n.doc.heading_above(n.value.start)
    if (heading is not None and _says(heading, "results_heading_words")
            and not n.sentence_says("target_markers", "hedges", "modal_words", "turn_to_plan_words")
            and not n.aimed_in_sentence):
        return True
    return None


def _in_a_section_looking_back(n: _Number) -> bool | None:
    """西岭县水利局2023年工作总结 / 一、2023年工作完成情况 over 2023年,全县用水总量控制在1.86亿立方米以内: a review of work
    done tells results with the verbs of plans, unless the sentence speaks of aims or aims at its year, or the paragraph
    turns to the next steps (下一步)."""
    if (n.doc.in_a_review(n.value.start)
            and not n.sentence_says("target_markers", "hedges", "modal_words", "turn_to_plan_words")
            and not n.aimed_in_sentence
            and not _says(n.text[n.block_lo : n.value.start], "next_step_words")):
        return True
    return None


def _in_a_period_looked_back(n: _Number) -> bool | None:
    """“十四五”以来,…与2020年相比下降30.8%: the text looks back on the period."""
    doc, m = n.doc, n.mention
    if doc.periods_looked_back and ((m is None and not doc.aims_at_any_year) or (
            m is not None and m.basis == "plan_period" and m.year in doc.periods_looked_back)):
        return True
    return None


def _an_undated_period_reported(n: _Number) -> bool | None:
    """据介绍,“十一五”期间,…降到10.43立方米…。已累计建成…: an undated text aiming at nothing reports."""
    doc, m = n.doc, n.mention
    if (m is not None and m.basis == "plan_period" and doc.issued_year is None and not doc.aims_at_any_year
            and n.text[m.pos : m.end].endswith(vocab.words("period_span_words"))
            and doc.first_match_in_block(_OUTCOME_WORD(), n.block_lo) is not None
            and not n.sentence_says("target_markers", "turn_to_plan_words")):
        return True
    return None


def _as_of_a_year_in_its_sentence(n: _Number) -> bool | None:
    """截至2020年底,…由…提高至2020年的0.930: a year reported on earlier in the sentence — unless a year aimed at
    stands between (截至2020年底,用水总量为9.5亿立方米,到2025年控制在10亿立方米以内: the sentence turns to an aim)."""
    flag = n.doc.last_year_before(n.value.start, n.sent_lo, flagged=True)
    if flag is None or n.doc.targeted_between(flag.end, n.value.start):
        return None
    return True


def _under_a_lead_of_targets(n: _Number) -> bool | None:
    """规划提出三大领域目标:/一是农业节水,…新增高效节水灌溉面积1.0亿亩,高效节水灌溉率达到31%: the items under a line
    that ends with a colon and calls what follows aims (目标, 任务) set out aims, not results (not under 目标完成情况:, a
    lead of results)."""
    lead = n.doc.lead_before(n.value.start, n.lex["lead_reach_blocks"])
    if lead is not None and _says(lead, "target_markers") and not _says(lead, "outcome_markers", "result_lead_words"):
        return False
    return None


def _under_an_inline_lead_of_targets(n: _Number) -> bool | None:
    """…明确了全市建设总体目标:径流控制率为75%。排水防涝标准为30年一遇: the sentences of a paragraph after a clause
    that ends with a colon and calls what follows aims set out aims, while no year, no word of a result and no other
    colon stand between (not 主要目标完成情况:…, a lead of results)."""
    doc, start = n.doc, n.value.start
    lo = doc.block_start(start)
    colon = max(n.text.rfind(c, lo, start) for c in vocab.words("lead_ends"))
    if colon < 0 or doc.years_between(colon, start):
        return None
    lead = n.text[doc.clause_start(colon) : colon]
    if (_says(lead, "target_markers") and not _says(lead, "outcome_markers", "result_lead_words")
            and not _says(n.text[colon:start], "outcome_markers", "report_cues")):
        return False
    return None


def _after_a_reported_value(n: _Number) -> bool | None:
    """After a reported value the same sentence goes on reporting (…为81.6立方米,与2015年相比下降55%), unless it
    turns to aims (…126座,确保年底前再完成…) or to what the works bring (…,工程完成后,将改善…)."""
    doc, start = n.doc, n.value.start
    earlier = doc.outcome_before(n.sent_lo, start)
    if earlier is not None and doc.last_year_before(start, earlier) is None and not any(
            w in n.text[earlier:start] for w in (*n.lex["hedges"], *n.lex["effect_words"])):
        return True
    return None


def _after_a_reported_value_across_a_semicolon(n: _Number) -> bool | None:
    """…完成18处灌区节水改造,发展高效节水灌溉面积36万亩;…,农业灌溉水有效利用系数达到0.6548: a value whose year only the
    whole text gives (the year a headline aims at) goes on reporting after a result read earlier in its sentence
    across a ；, when no year and no word of aims stand between (not …36万亩;到2025年,…达到0.66, nor …;将…)."""
    doc, m, start = n.doc, n.mention, n.value.start
    if m is None or not m.whole_text or n.basis != "context":
        return None
    lo = doc.full_sentence_start(start, max(0, start - LOOKBACK))
    earlier = doc.outcome_before(lo, n.sent_lo) if lo < n.sent_lo else None
    if earlier is not None and doc.last_year_before(start, earlier) is None and not _says(
            n.text[earlier:start], "target_markers", "hedges", "modal_words", "turn_to_plan_words", "effect_words"):
        return True
    return None


def _in_a_text_opening_looking_back(n: _Number) -> bool | None:
    """近年来,我市着力抓好节水工作。/…全市用水总量稳控在23亿立方米左右 in an undated text that aims at no year, is no
    plan and names no year from its present on (今年, 明年): the text opens looking back, so a value no year of its own
    governs (none, or one guessed from the whole text, or a stated year: 2024年…较2020年下降52%) reports, unless its
    sentence speaks of aims (下一步,全市要…,再生水利用率达到30%)."""
    doc, m = n.doc, n.mention
    stated = m is not None and m.basis == "stated"
    if (doc.issued_year is not None or doc.aims_at_any_year or doc.is_plan
            or not (m is None or m.whole_text or stated) or not _opens_looking_back(doc)):
        return None
    if _speaks_from_now_on(doc, 0, len(n.text)):
        return None
    if n.sentence_says("target_markers", "hedges", "modal_words", "turn_to_plan_words", "effect_words"):
        return None
    return True


def _opens_looking_back(doc: Doc) -> bool:
    """Whether the first paragraph of prose (the first block ending a sentence, after a source line) looks back
    (近年来, 以来) before any word of aims (坚持…的工作要求 after it) and holds no hedge or word of plans."""
    for b in doc.blocks[:3]:
        block = doc.text[b.start : b.end]
        if block.rstrip()[-1:] not in FULL_STOPS:
            continue
        looking_back, aims = doc.first_in_block(b.start)
        return looking_back < aims and not _says(block, "hedges", "turn_to_plan_words")
    return False


def _accumulated_with_no_aim(n: _Number) -> bool | None:
    """累计建成15个 (but 到2020年底,累计建成7家 is a target, and so is 近年来,…2008年,将新增150万亩, and
    项目全部建成后,预计可新增灌溉面积57.59万亩: what the works are to bring; and after a sentence that calls what
    follows targets: 2025年,全省规划的节水目标如下。…累计达到283万亩)."""
    sentence, doc, m = n.sentence, n.doc, n.mention
    last = _last_word(_without_starting_states(sentence), "conditional_outcome_markers")
    if last < 0 or n.aimed_in_sentence or _projects_this_year_on(n, sentence[last:], sentence[:last]):
        return None
    if m is not None and m.pos < n.sent_lo and _says(
            _without_aims_met(n.text[doc.sentence_start(m.pos) : doc.sentence_end(m.pos)]), "target_markers"):
        return None  # (not 提前1年完成“十一五”规划任务。…累计新增…: the aim it names was met)
    if m is not None and m.pos >= n.sent_lo + last and doc.works_due(m):
        return None  # 预计2026年竣工,日供水能力达2500立方米: the estimate dates the works; the value is what they bring
    if (not _aims_in_a_later_clause(sentence[last:])
            and not _says(sentence[:last], "effect_words")
            and not (doc.issued_year is not None and _BARE_YEAR_END().search(sentence, last))):
        return True
    return None


def _without_starting_states(sentence: str) -> str:
    """`sentence` with each state a change starts from (由目前的, 从现在) blanked: …将由目前的12%提高至28% speaks
    of the present only for the value it leaves, not for the one it reaches."""
    lex = vocab.lexicon()
    if not any(f in sentence for f in lex["from_markers"]):
        return sentence
    for f in lex["from_markers"]:
        for w in lex["from_state_words"]:
            sentence = sentence.replace(f + w, " " * len(f + w))
    return sentence


def _the_present_with_a_borrowed_year(n: _Number) -> bool | None:
    """目标在2030年将漏损率降至8%。…目前全省漏损率最高的是甲县的14.2%;…乙县达到12.5%: a value whose year is only
    carried from an earlier sentence, in a sentence (read across ；) that speaks from the present (目前, 当前) and aims at nothing
    before it (no year of its own, no word of aims, hedge, modal or plan; not 从目前的14.2%降至8%), tells how things
    stand now, not the aim that earlier sentence set."""
    doc, start = n.doc, n.value.start
    lo = doc.full_sentence_start(start, max(0, start - LOOKBACK))
    if n.basis != "context" or n.mention is None or n.mention.pos >= lo or doc.targeted_between(lo, start):
        return None
    told = _without_aims_met(n.text[lo:start])
    if (any(w in told for w in n.lex["present_words"])
            and not any(f + w in told for f in n.lex["from_markers"] for w in n.lex["present_words"])
            and not _says(told, "target_markers", "hedges", "modal_words", "turn_to_plan_words")):
        return True
    return None


def _projects_this_year_on(n: _Number, rest: str, before: str = "") -> bool:
    """Whether `rest` (a sentence from its last word of a condition on) projects the present year or a later one
    forward: a word of projection, a year of the text's own time (今年, 明年) governing the value, and a modal word
    in `rest` or a word of aims before it (预计今年全市节水总量将达到2500万立方米, 今年还计划…补水3次,预计补水量约2亿立方米
    — an aim for the year under way; not 据测算,预计2022年…在9.6亿立方米左右 in a text of late 2022, an estimate of a
    result)."""
    m = n.mention
    return (rest.startswith(vocab.words("projection_year_prefixes")) and m is not None and m.basis == "relative"
            and n.lex["relative_years"].get(n.text[m.pos : m.end], -1) >= 0
            and (any(w in rest for w in n.lex["modal_words"]) or _says(before, "target_markers")))


def _in_a_paragraph_looking_back(n: _Number) -> bool | None:
    """项目建设一年来,共完成…。…灌溉保证率从30%提高到50%: no year of its own, in a paragraph looking back."""
    if (n.year is None or n.basis == "context") and _paragraph_looks_back(n.doc, n.value.start):
        return True
    return None


def _in_a_paragraph_opening_looking_back(n: _Number) -> bool | None:
    """近年来,全县…严格控制在上级下达的指标以内;深化农业节水,…推动建成高标准农田46.38万亩: a paragraph whose first clause
    looks back (近年来, 三年来) tells what was done; a value no year aimed at governs (none, one carried from an earlier
    sentence that is no aim and not after the date of issue, or a bare month of the year of issue: 截至10月底), whose own sentence speaks no word of aims, plans or
    effects, with no year aimed at and no year from the present on (今年, 明年) between the paragraph's start and it, is a
    result — though words of aims stand in an earlier sentence of the paragraph (a rule of practice with no number, or
    the aim of the work: …为目标,…编制完成…。三年来,…形成压采能力38.7亿立方米)."""
    doc, m, lo, start = n.doc, n.mention, n.block_lo, n.value.start
    month = n.basis == "relative" and not doc.years_between(m.pos, m.pos + 1)  # a bare month of the year of issue
    if not month and (n.basis not in ("none", "context") or (m is not None and m.year is not None and (
            doc.is_targeted(m) or (n.present is not None and m.year > n.present)))):
        return None
    looking_back, _ = doc.first_in_block(lo)
    if looking_back >= doc.clause_end(lo, doc.block_end(lo)) or looking_back >= start:
        return None
    if doc.targeted_between(lo, start) or _speaks_from_now_on(doc, lo, start) or n.sentence_says(*_AIM_KEYS):
        return None
    return True


def _a_paragraph_as_of_a_year(n: _Number) -> bool | None:
    """截至2020年底,…;…提高到23%: the paragraph goes on reporting — not past a word of aims in the number's own
    sentence (截至2023年底,…为86.2%。今年以来,…,计划新增…,到年底…达到92.58%: an aim, though 年底 names no year)."""
    flagged = n.doc.last_year_before(n.value.start, n.block_lo, flagged=True)
    if (flagged is not None and not n.doc.targeted_between(flagged.end, n.value.start)
            and not _says(n.text[max(flagged.end, n.sent_lo) : n.value.start], "target_markers")):
        return True
    return None


def _as_of_a_day(n: _Number) -> bool | None:
    """截至11月10日,…累计完成投资55.29亿元;完成渠道防渗配套2506公里: a day's progress report."""
    doc, start = n.doc, n.value.start
    as_of = doc.first_match_in_block(_AS_OF_A_DAY(), n.block_lo)
    if as_of is not None and as_of.end() <= start and not doc.targeted_between(as_of.end(), start) and not _says(n.text[max(as_of.end(), n.clause_lo) : start], "target_markers"):
        return True
    return None


def _months_so_far(n: _Number) -> bool | None:
    """1至11月,全国完成水利建设投资10085亿元: the months of a year gone so far (前三季度) report progress, unless a year
    aimed at or a word of aims comes between them and the value, or stands in its sentence (计划1至6月完成…), or another
    span of months comes between (a schedule: 1-3月,完成…;4-10月,新建…100处), or the text is a plan."""
    doc, start = n.doc, n.value.start
    if doc.is_plan:
        return None
    so_far = doc.first_match_in_block(_MONTHS_SO_FAR(), n.block_lo)
    aims = ("target_markers", "hedges", "modal_words", "turn_to_plan_words")
    if (so_far is not None and so_far.end() <= start and not doc.targeted_between(so_far.end(), start)
            and not _says(n.text[so_far.end() : start], *aims) and not n.sentence_says(*aims)
            and _MONTHS_SPAN().search(n.text, so_far.end(), start) is None):
        return True
    return None


def _as_of_now(n: _Number) -> bool | None:
    """截至目前,全市共完成投资3936万元,…;新打机电井297眼,…: the paragraph reports up to now."""
    start = n.value.start
    now = _AS_OF_NOW_LEAD().match(n.text, n.block_lo)
    if now is not None and not n.doc.targeted_between(now.end(), start) and not _says(
            n.text[now.end() : start], "target_markers", "hedges", "effect_words", "turn_to_plan_words"):
        return True
    return None


def _a_change_between_reported_years(n: _Number) -> bool | None:
    """从2014年的0.854提高到2023年的0.892, 由“十一五”末的0.50提高到2017年的0.548: a change between two reported years
    (not in a plan of 2021)."""
    m, issued = n.mention, n.doc.issued_year
    if n.year is not None and n.text.startswith(n.lex["possessive"], m.end) and (issued is None or m.year <= issued) and (
            _FROM_A_YEAR().search(n.before) or _FROM_A_PERIOD_END().search(n.before)):
        return True
    return None


def _a_change_up_to_now(n: _Number) -> bool | None:
    """从2020年末的0.5167提高到0.5448 in a text of 2026: a change up to now, no aim in sight."""
    if (n.year is None and _changed_since_a_past_year(n.before, n.present) and not n.aimed_in_sentence
            and not n.sentence_says("target_markers")):
        return True
    return None


def _a_change_told_from_the_present(n: _Number) -> bool | None:
    """目前全市计划用水单位达到2000家…;工业用水重复利用率从83.77%提高到88.48%: a change from one level to another in a
    sentence (read across ；) that speaks from the present (目前), aims at no year and speaks no word of aims (计划用水单位
    names units, it is no plan), is reported (not 杭州将…从目前的2000家扩大至2200家: 目前 there is the starting point of an aim)."""
    doc, start = n.doc, n.value.start
    if _FROM_A_LEVEL().search(n.before) is None:
        return None
    lo = doc.full_sentence_start(start, max(0, start - LOOKBACK))
    told = n.text[lo:start]
    for word in (*n.lex["outcome_marker_exemptions"], *n.lex["aim_word_nouns"]):
        told = told.replace(word, "")
    if (any(w in told for w in n.lex["present_words"]) and not doc.targeted_between(lo, start)
            and not _says(told, "target_markers", "hedges", "modal_words", "turn_to_plan_words")
            and not any(f + w in told for f in n.lex["from_markers"] for w in n.lex["present_words"])):
        return True
    return None


def _a_paragraph_going_on_reporting(n: _Number) -> bool | None:
    """2022年,…为758立方米。与2021年相比…下降4.9%: the paragraph goes on reporting (unless it turns to aims:
    …已提前实现。…将提升至92%, or to what works bring: …已新打机井42眼。项目完成后,可实现…压采量150万立方米)."""
    doc, m = n.doc, n.mention
    if n.year is not None and not doc.is_targeted(m) and m.pos < n.sent_lo and (
            doc.outcome_before(m.pos, n.sent_lo) is not None) and not n.sentence_says("target_markers", "effect_words") and (
            not any(w in n.sentence for w in _modal_verbs(n.lex))):  # (…。下一步,全区用水总量要控制在33亿立方米以内)
        return True
    return None


#: Lexicon lists of words that turn a paragraph to aims, plans or what works bring.
_AIM_KEYS = ("target_markers", "hedges", "modal_words", "turn_to_plan_words", "effect_words", "plan_content_words")


def _a_yearless_paragraph_going_on(n: _Number) -> bool | None:
    """…比2018年分别下降21.3%和10.3%,用水总量稳定可控。地表水水质优良比例达100%: a value no year governs, after a result
    already read in its paragraph, with no year aimed at and no word of aims, plans or effects between that result and
    it, goes on reporting — and so does a value whose only year is one the whole text names later on (根据当前数据,…年人均
    可用水量约800立方米。农业用水占比达65% before a closing 力争五年内…: no year of its own; not a bound set, 控制在…)."""
    doc, start, m = n.doc, n.value.start, n.mention
    later_whole_text = (n.basis == "context" and m is not None and m.whole_text and m.pos > start
                        and not _says(n.before, "aim_bound_prefixes"))  # (控制在…以内 sets a limit, reports none)
    if (n.year is not None or n.basis != "none") and not later_whole_text:
        return None
    earlier = doc.outcome_before(n.block_lo, start)
    if earlier is None:
        return None
    lo = doc.full_sentence_start(earlier, n.block_lo)  # 计划完成…,预计投资11亿元;组织60所高校…: the sentence of that result
    if doc.targeted_between(lo, start) or _says(n.text[lo:start], *_AIM_KEYS):
        return None  # (现状…为10.2亿立方米。规划…控制在12亿立方米以内: the paragraph turns to a plan)
    return True


def _a_paragraph_adding_to_results(n: _Number) -> bool | None:
    """…5年间,全省新增改善灌溉面积350万亩。/此外,全省基本完成19处大型灌区…改造: a paragraph no year governs, opened
    by a word that adds to what was said (lexicon additive_leads: 此外, 另外), right after a paragraph holding a
    result, with no year aimed at and no word of aims, plans or effects from that result to the value, goes on
    reporting (not …。/此外,全省将新建…)."""
    doc, start = n.doc, n.value.start
    if n.year is not None or n.basis != "none" or not n.text.startswith(vocab.words("additive_leads"), n.block_lo):
        return None
    prev = doc.block_before(start)
    earlier = doc.outcome_before(prev.start, prev.end) if prev is not None and prev.kind == "paragraph" else None
    if earlier is None or doc.targeted_between(earlier, start) or _says(n.text[earlier:start], *_AIM_KEYS):
        return None
    return True


def _in_a_paragraph_opened_on_results(n: _Number) -> bool | None:
    """农业节水方面成效明显。…完成年度投资6800万元,改善灌溉面积7.78万亩: in a paragraph that says, before the value
    (in an earlier sentence or earlier in its own: 使…取得明显成效,全省年节约水量1.1亿立方米), that the work achieved
    results (成效明显, 取得…成效), a value no year governs, with no year aimed at and no word of aims, plans or effects
    from those words to it, is a result."""
    doc, start = n.doc, n.value.start
    if n.year is not None or n.basis != "none":
        return None
    cues = doc.matches_between(_REPORT_CUE(), n.block_lo, start)
    if not cues or doc.targeted_between(cues[0][0], start) or _says(n.text[cues[0][0] : start], *_AIM_KEYS):
        return None
    return True


def _after_a_paragraph_of_results(n: _Number) -> bool | None:
    """会议指出,2023年各地协同推动节水工作取得重要进展。/全省用水总量控制在90亿立方米以内,…分别下降21%: a paragraph no
    year governs, right after a paragraph whose last sentence says the work achieved results (取得…进展, 成效明显) and
    names no year still ahead, goes on telling them — unless a year aimed at or a word of aims, plans or effects
    stands from those words to the value (…取得明显成效。/下一步,要…达到30%), or a year of the present or later, even
    one an undated text cannot resolve (…成效明显。/今年,全市用水总量控制在…以内)."""
    doc, start = n.doc, n.value.start
    if n.mention is not None or n.basis != "none":
        return None
    prev = doc.block_before(start)
    if prev is None or prev.kind != "paragraph":
        return None
    last = n.text[prev.start : prev.end].rstrip()
    lo = doc.full_sentence_start(prev.start + len(last) - 1, prev.start)
    cues = doc.matches_between(_REPORT_CUE(), lo, prev.end)
    if not cues or not all(_a_year_gone_by(doc, y) for y in doc.years_between(lo, prev.end)):
        return None
    cue = cues[0][0]
    if doc.targeted_between(cue, start) or _speaks_from_now_on(doc, cue, start) or _says(n.text[cue:start], *_AIM_KEYS):
        return None
    return True


def _in_a_paragraph_led_by_a_report(n: _Number) -> bool | None:
    """数据显示,全县节水成效突出。2023年,…较上年下降6.1%: a paragraph whose first sentence cites data or statistics
    (lexicon report_lead_words) goes on reporting — a value after the lead whose year is neither aimed at nor after the
    date of issue, with no year aimed at and no word of aims, plans or effects from the lead to it, is a result (not
    数据显示,…。到2027年,…将降至…, nor …,预计2026年竣工,日供水能力达…)."""
    doc, start = n.doc, n.value.start
    first = n.text[n.block_lo : doc.sentence_end(n.block_lo)]
    at = min((k for k in (first.find(w) for w in n.lex["report_lead_words"]) if k >= 0), default=-1)
    if at < 0 or n.block_lo + at >= start:
        return None
    m = n.mention
    if m is not None and m.year is not None and (
            doc.is_targeted(m) or (doc.issued_year is not None and m.year > doc.issued_year) or doc.works_due(m)):
        return None  # (预计2026年竣工,…达2500立方米: the year works are due is aimed at)
    lead = n.block_lo + at
    if doc.targeted_between(lead, start) or _says(n.text[lead:start], *_AIM_KEYS):
        return None
    return True


def _the_end_of_a_year_gone_by(n: _Number) -> bool | None:
    """至2009年底,…达到77.79% in a text of 2011: the end of a year gone by (not 行动目标:到2022年底…, nor a value that
    takes no year from it: 已于2015年底展开设计。…投产后,每日产量可达13.5万立方米)."""
    doc, m = n.doc, n.mention
    if (n.year is not None and n.basis != "none" and doc.issued_year is not None and m.year < doc.issued_year
            and n.text[m.pos : m.end].endswith(vocab.words("year_end_words"))
            and not _says(n.text[doc.sentence_start(m.pos) : m.pos], "target_markers")):
        return True
    return None


def _in_a_year_gone_by(n: _Number) -> bool | None:
    """A year before the one the text speaks from: “十三五”期间,…下降59.6% in a document that speaks from a later
    year; 2023年全市…下降47.5% in a report of 2024 (unless the year or the sentence aims: the purpose of the work
    reported, 以改善农村供水状况为目标,…实施…305处, is no aim)."""
    doc, m = n.doc, n.mention
    if n.year is None or n.present is None or m.year >= n.present:
        return None
    if (m.basis == "plan_period" and n.text[m.pos : m.end].endswith(vocab.words("period_span_words"))
            and (doc.issued_year is not None or not doc.aims_at_period_after(m))):
        return True
    purposeless = n.sentence
    for word in n.lex["purpose_framings"]:
        purposeless = purposeless.replace(word, "")
    if (n.basis in ("stated", "context", "relative") and not doc.is_targeted(m)
            and not n.aimed_in_sentence and not _says(purposeless, "target_markers")):
        return True
    return None


def _a_period_closing_in_its_year_of_issue(n: _Number) -> bool | None:
    """“十三五”期间,万元GDP用水量较2015年下降22.27% in a text of 2020 that aims at no year and is no plan: the period
    closes in the year the text speaks from, and a sentence with no word of aims looks back on it (not “十四五”期间,
    全市将…, nor in a text that names a year it aims at).  An undated text speaks from the period's last year when it
    has told of that year before (2020年,…比例为94.6%。…“十三五”期间,化学需氧量…削减25.2%)."""
    doc, m = n.doc, n.mention
    if (m is not None and m.basis == "plan_period" and m.year is not None and _speaks_from(doc, m)
            and not doc.aims_at_any_year and not doc.is_plan
            and n.text[m.pos : m.end].endswith(vocab.words("period_span_words"))
            and not _says(n.text[m.pos : n.value.start], "target_markers", "hedges", "modal_words", "turn_to_plan_words")):
        return True
    return None


def _speaks_from(doc: Doc, m: YearMention) -> bool:
    """Whether the text speaks from the year of `m`: its year of issue, or, undated, a year it stated before `m`."""
    if doc.issued_year is not None:
        return m.year == doc.issued_year
    return any(y.basis == "stated" and y.year == m.year for y in doc.years_between(0, m.pos))


def _this_years_value_looked_back_on(n: _Number) -> bool | None:
    """今年以来,…。一是…,2022年全市用水总量为2.72亿立方米 in a text of December 2022: a plain value of the year of
    issue, in a paragraph (or a run of enumerated ones) that looks back, reports the year so far."""
    doc = n.doc
    if (n.comparator is None and doc.issued_year is not None and n.year == doc.issued_year
            and n.before.rstrip().endswith(vocab.words("plain_value_verbs"))
            and _paragraph_looks_back(doc, n.value.start)):
        return True
    return None


def _a_time_before_a_year_gone_by(n: _Number) -> bool | None:
    """2003年以前,…总用水量超过100亿立方米 in a text of 2023: the years before a year gone by, a past state (not
    到2003年以前, a deadline quoted)."""
    doc, m = n.doc, n.mention
    if (n.year is not None and doc.issued_year is not None and m.year < doc.issued_year
            and n.text[m.pos : m.end].endswith(vocab.words("year_deadline_words"))
            and not n.text[max(0, m.pos - 4) : m.pos].endswith(vocab.words("target_year_prefixes"))
            and not n.sentence_says("target_markers", "hedges")):
        return True
    return None


def _a_year_end_in_an_aimless_report(n: _Number) -> bool | None:
    """- 2025年底我国耕地灌溉面积达10.9亿亩 in an undated text that aims at no year, is no plan and speaks no word of
    aims around the value: the state at the end of a year, a result (a plan writes 到2025年底)."""
    doc = n.doc
    if (n.year is not None and doc.issued_year is None and n.present is None and not doc.aims_at_any_year
            and not doc.is_plan and not doc.is_targeted(n.mention)
            and n.text[n.mention.pos : n.mention.end].endswith(vocab.words("year_end_words"))
            and not n.sentence_says("target_markers", "hedges", "modal_words")):
        return True
    return None


def _a_year_in_an_aimless_report(n: _Number) -> bool | None:
    """- 2025年底…达10.9亿亩 [5] - 2025年…超过1.4万亿斤 [5] - 全国农田灌溉水有效利用系数达0.583: in an undated text
    that aims at no year and is no plan, a value whose year already governed another number, after a result
    already read in the paragraph, in a paragraph that speaks no word of aims up to it, goes on reporting (not
    2012年…。按照规划,我市将…,申报…项目12个: the paragraph turns to plans)."""
    doc = n.doc
    if (n.year is not None and doc.issued_year is None and n.present is None and not doc.aims_at_any_year
            and not doc.is_plan and not doc.is_targeted(n.mention)
            and _DIGIT().search(n.text, n.mention.end, n.value.start) is not None
            and doc.outcome_before(n.block_lo, n.value.start) is not None
            and not _says(n.text[n.block_lo : n.value.start],
                          "target_markers", "hedges", "modal_words", "effect_words", "turn_to_plan_words")):
        return True
    return None


def _in_a_year_before_this_one(n: _Number) -> bool | None:
    """去年全市总供水量达到15.24亿立方米: a year before the one the text speaks from (去年, 前年) reports, even in a
    text without a date (unless the sentence speaks of aims: 去年下达的目标)."""
    m = n.mention
    if m is not None and m.basis == "relative" and _names_a_past_year(n.text[m.pos : m.end]) and not n.sentence_says(
            "target_markers", "hedges"):
        return True
    return None


def _set_against_last_year(n: _Number) -> bool | None:
    """总供水量达到9.91亿立方米,比上年增加4.6%: a level given with its change on the year before is reported,
    unless its year is aimed at (到2025年,…控制在…以内,比上年减少10%)."""
    if n.mention is not None and n.mention.year is not None and n.doc.is_targeted(n.mention):
        return None
    end = n.value.end + (n.text[n.value.end : n.value.end + 1] in _CLAUSE_MARKS)
    if n.text.startswith(vocab.words("set_against_last_year"), end) and not n.sentence_says(
            "target_markers", "hedges", "modal_words"):
        return True
    return None


def _set_against_an_earlier_year(n: _Number) -> bool | None:
    """2010年…吨钢耗新水达到1.92吨,比2009年的2.25吨下降了14.7%: a level of a year set, right after it, against an
    earlier year with a change told as done (下降了) is reported, unless its sentence speaks of aims, hedges or modals
    or aims at its year (not 到2025年…控制在9亿立方米,比2020年下降10%)."""
    if n.year is None:
        return None
    end = n.value.end + (n.text[n.value.end : n.value.end + 1] in _CLAUSE_MARKS)
    m = _AGAINST_AN_EARLIER_YEAR().match(n.text, end)
    if (m is not None and vocab.year_value(m.group("year")) < n.year and not n.aimed_in_sentence
            and not n.sentence_says("target_markers", "hedges", "modal_words")):
        return True
    return None


@cache
def _AGAINST_AN_EARLIER_YEAR() -> re.Pattern:  # noqa: N802 — a compiled constant
    """比/较, a year, a few words and a change told as done (比2009年的2.25吨下降了)."""
    lex = vocab.lexicon()
    against, done = vocab.alternation(lex["baseline_prefixes"]), vocab.alternation(lex["changes_done"])
    return re.compile(rf"(?:{against})(?P<year>{vocab.YEAR_TOKEN}){vocab.YEAR}{vocab.YEAR_END}[^,;。，；]{{0,16}}?(?:{done})")


def _changed_on_last_year(n: _Number) -> bool | None:
    """与去年同期相比供水量增加255万吨: a change against the year before, told before the value in its clause, whose
    year is neither aimed at nor the present or later (nor any year in its sentence), whose clause speaks no word of
    aims and whose sentence no hedge or modal, is reported (not 今年…用水总量比上年减少2% in a plan for this year;
    完成全年计划的114%,… may stand before it)."""
    m = n.mention
    if m is not None and m.year is not None and (n.doc.is_targeted(m) or (n.present is not None and m.year >= n.present)):
        return None
    if (any(w in n.before for w in vocab.words("set_against_last_year")) and not n.aimed_in_sentence
            and not _says(n.before, "target_markers") and not n.sentence_says("hedges", "modal_words")):
        return True
    return None


def _a_value_in_a_report_of_results(n: _Number) -> bool | None:
    """…各项目标任务取得显著成效。…全国规模以上工业用水重复利用率达到93%以上: in an undated text that is no plan and
    aims at no year, a value after words of results (取得显著成效, 截至目前; not 开展改革成效评估) whose sentence speaks no word
    of aims and names no year from the present on (not …成效明显。今年,全市用水总量控制在…) is a result."""
    doc = n.doc
    if (doc.issued_year is None and n.present is None and not doc.is_plan and not doc.aims_at_any_year
            and doc.has_match_between(_REPORT_CUE(), 0, n.value.start)
            and not _speaks_from_now_on(doc, n.sent_lo, n.value.start)
            and not n.sentence_says("target_markers", "hedges", "modal_words", "turn_to_plan_words",
                                    "plan_content_words", "effect_words")):
        return True
    return None


def _results_gained_by_a_year_now_past(n: _Number) -> bool | None:
    """到2011年,东山市节水型社会建设取得明显成效:…灌溉水利用系数提高到0.5。2013年10月,…通过验收: in an undated text
    that is no plan, a year aimed at whose sentence says, between the year and the value, that results were gained
    (取得明显成效), with no word of aims, hedge, modal or plan, is a year gone by when the text tells of a later year
    that nothing aims at — its values are results (not 到2025年,…取得明显成效,用水总量控制在… in a plan, nor where the
    later year is aimed at too)."""
    doc, m, start = n.doc, n.mention, n.value.start
    if (doc.issued_year is not None or doc.is_plan or m is None or m.year is None or not doc.is_targeted(m)
            or m.pos < doc.full_sentence_start(start, max(0, start - LOOKBACK))):
        return None
    told = n.text[m.end : start]
    if _REPORT_CUE().search(told) is None or _says(told, "target_markers", "hedges", "modal_words", "turn_to_plan_words"):
        return None
    if any(y.year is not None and y.year > m.year and y.basis == "stated" and not doc.is_targeted(y)
           and not _projected(doc, y) and _told_as_past(doc, y.pos, y.end) for y in doc.years) or _a_later_day_told(doc, m.year):
        return True
    return None


def _told_as_past(doc: Doc, start: int, end: int) -> bool:
    """Whether the sentence around a year (or a day) speaks no word of aims, hedge, modal or plan (2015年9月,…通过验收;
    not 2028年6月底前,要完成…)."""
    sentence = doc.text[doc.full_sentence_start(start, max(0, start - LOOKBACK)) : doc.sentence_end(end)]
    return not _says(sentence, "target_markers", "hedges", "modal_words", "turn_to_plan_words")


def _a_later_day_told(doc: Doc, year: int) -> bool:
    """Whether the text tells of a day in a month of a year after `year` as of something that happened (2013年10月,
    …通过验收): a month with no deadline word after it (not 2026年6月底前完成), in a sentence with no word of aims,
    hedge, modal or plan."""
    text = doc.text
    for m in _MONTH_OF_A_YEAR().finditer(text):
        if (vocab.year_value(m.group("year")) > year
                and not text.startswith(vocab.words("year_end_words", "year_deadline_words"), m.end())
                and _told_as_past(doc, m.start(), m.end())):
            return True
    return False


@cache
def _MONTH_OF_A_YEAR() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A year and a month (2013年10月)."""
    return re.compile(rf"(?P<year>{vocab.YEAR_TOKEN}){vocab.YEAR}{vocab.MONTH_NUMBER}")


def _the_same_span_looked_back(n: _Number) -> bool | None:
    """2017年至2024年,…从115.5亿立方米降至85.68亿立方米 - 同期…工业用水重复利用率提高10%: a clause led by 同期
    speaks of the span of years just named (its 至 aims at nothing); the span is looked back on when it ends before
    the year of issue, or, in an undated text that is no plan and aims at no year after the span, when no word of
    aims comes between 同期 and the value."""
    doc, m = n.doc, n.mention
    if n.year is None or not _ends_a_span(doc, m):
        return None
    lead = _SAME_PERIOD_LEAD().search(n.text, max(m.end, n.sent_lo), n.value.start)
    if lead is None or _says(n.text[lead.end() : n.value.start],
                             "target_markers", "hedges", "modal_words", "turn_to_plan_words"):
        return None
    if doc.issued_year is not None:
        return True if m.year < doc.issued_year else None
    if not doc.is_plan and not any(
            y.year is not None and y.year > m.year and doc.is_targeted(y) and not _ends_a_span(doc, y)
            for y in doc.years):
        return True
    return None


def _months_of_this_year_gone_by(n: _Number) -> bool | None:
    """今年1—11月,…使用再生水5129.37万吨。6座污水处理厂日处理规模达64万吨: this year (今年, or the stated year of issue)
    followed by a span of months is the part of the year gone by, counted; the values it governs in its paragraph
    report, unless a word of aims stands between (今年1—6月要完成…)."""
    doc, m = n.doc, n.mention
    if m is None or m.year is None or doc.block_start(m.pos) != n.block_lo:
        return None
    word = n.text[m.pos : m.end]
    this_year = (m.basis == "relative" and n.lex["relative_years"].get(word) == 0) or (
        m.basis == "stated" and m.year == doc.issued_year)
    if (this_year and _MONTHS_SPAN().match(n.text, m.end) is not None
            and not _says(n.text[m.end : n.value.start], "target_markers", "hedges", "modal_words", "turn_to_plan_words")):
        return True
    return None


def _a_year_on_year_figure(n: _Number) -> bool | None:
    """今年1月至8月,…比例为91.7%,同比上升2.1个百分点: a figure set against the same time of the year before (同比,
    in its clause before or right after it; 与2018年同期相比, anywhere before it in its sentence) is reported, unless the sentence speaks of aims (力争同比下降5%)."""
    doc, start = n.doc, n.value.start
    after = n.text[n.value.end : doc.sentence_end(n.value.end)]
    words, before = vocab.words("year_on_year_words"), n.before
    if ((any(w in before for w in words) or after[after[:1] in CLAUSE_DELIMS :].startswith(words)
         or _says(n.text[n.sent_lo : start], "same_time_comparisons"))
            and not n.sentence_says("target_markers", "hedges", "modal_words", "turn_to_plan_words")
            and not _says(after, "target_markers", "hedges", "modal_words")):
        lead = n.text[n.sent_lo : start].strip()
        if lead.startswith(vocab.words("year_on_year_words")) and n.sent_lo > 0:
            # “十三五”将完成水利投资1429亿元\n同比增长近12%: a line that begins with 同比 goes on from the one before
            prev = n.text[doc.sentence_start(n.sent_lo - 1) : n.sent_lo]
            if _says(prev, "target_markers", "hedges", "modal_words"):
                return None
        return True
    return None


def _a_budget(n: _Number) -> bool | None:
    """工程总投资117.61亿元 in a sentence no year governs, with no word of a report: a project's budget, what is
    to be spent — a target."""
    if (n.mention is None or n.doc.is_document_year(n.mention)) and BUDGET_BEFORE().search(n.before):
        return False
    return None


def _a_plain_fact_of_the_text(n: _Number) -> bool | None:
    """地下水年开采量近6亿立方米 in a paragraph no year governs: a fact, not a target, unless the sentence speaks of
    aims or of a plan, or the text is a plan (its title: 阳城县节水行动实施方案); a year the text aims at from its
    date (今年…将确保…) makes its plain values aims too. (A count written before its noun, 建成20万平方米示范小区,
    reads as an aim: its rule passes no alias end.)  A relative year gives none of its aims to such a value, unless it
    is the year of issue (今年; 将用一到两年时间,建成… in a text of 2019 aims at 2021 in its own sentence only)."""
    doc, m = n.doc, n.mention
    if (n.comparator is None and n.alias_end >= 0 and doc.is_document_year(m) and _not_this_years_work(doc, m)
            and not _aims_at_year_of_issue(doc, m) and not doc.is_cell(n.value.start)):
        return not doc.is_plan and not _period_set_out(doc, m, n.value.start) and not n.sentence_says(
            "target_markers", "plan_content_words")
    return None


def _a_part_of_this_years_results(n: _Number) -> bool | None:
    """今年…项目全部完工,共建设…101.95万亩。其中2014年度…57.29万亩。2015年度…44.66万亩 in a text of 2015: a plain value
    under the year of issue stated in its own sentence, in a paragraph that has already reported results of that year,
    with no year aimed at and no word of aims, plans or effects from the first such result to it, tells a part of them."""
    doc, m = n.doc, n.mention
    if (n.comparator is not None or m is None or doc.issued_year is None or m.year != doc.issued_year
            or m.basis != "stated" or m.pos < n.sent_lo or doc.is_targeted(m)):
        return None
    first = next((s for s, e in doc.outcome_spans if n.block_lo <= s < n.sent_lo
                  and doc.year_for(s, n.block_lo)[0] == doc.issued_year), None)
    if first is None:
        return None
    lo = doc.full_sentence_start(first, n.block_lo)
    if doc.targeted_between(lo, n.value.start) or _says(n.text[lo : n.value.start], *_AIM_KEYS):
        return None
    return True


def _not_this_years_work(doc: Doc, m: YearMention) -> bool:
    """Whether a year the whole text gives is no relative year of its year of issue (今年) or of none: a stated year,
    or a span counted on from a dated text (用一到两年时间 → two years after its issue)."""
    return m.basis != "relative" or (doc.issued_year is not None and m.year is not None and m.year > doc.issued_year)


#: A short aside in brackets, all that stands between a name and its value (节水型企业(单位)22家).
_ASIDE = re.compile(r"\([^()]{1,8}\)")


def _before_the_year_the_text_names(n: _Number) -> bool | None:
    """水利署今(24)日表示…「多找水」方面,…加上7座再生水厂每日19万吨… and only later 今年一期作目标节水1.6亿吨: in a dated
    text, a value stated plainly (no verb of change or bound: not 会议强调,…控制在9亿立方米以内,…下降12%) whose only
    year is the one the whole text names further on, in a paragraph that speaks no word of aims, hedge, modal, plan,
    works due or effect before it, tells how things stand when the text was written."""
    doc, m, start = n.doc, n.mention, n.value.start
    if (n.comparator is not None or doc.issued_year is None or doc.is_plan or n.basis != "context" or m is None
            or not m.whole_text or m.pos < start or doc.targeted_between(n.block_lo, start)):
        return None
    if _says(n.text[n.block_lo : start], *_AIM_KEYS, "works_due_leads"):
        return None
    if _says(n.text[n.value.end : min(m.pos, doc.sentence_end(n.value.end))], "target_markers", "aim_bound_prefixes"):
        return None  # 本报讯新建泵站25处、用水总量控制在31亿立方米以内……今年将…: a lead listing the year's aims
    return True


def _a_plain_value_of_a_past_year(n: _Number) -> bool | None:
    """A plain value under a stated year. A plan may state this year's target plainly (2020年发展…51.78万亩 in a plan
    of 2020): with a date of issue, only a year before it reports what happened; without one, the end of a span of
    years from the first year aimed at on (2026年—2035年,治理…6330平方公里) is a stage of a plan, and so is this
    year's work (今年…扩挖塘坝10万口) in a text whose year is told by its words (`inferred_year`), and the work of a
    year followed right away by a word of plans (2011—2012年计划投资…。其中…可解决…16.2万人)."""
    doc, m, text, present = n.doc, n.mention, n.text, n.present
    if n.comparator is not None or n.year is None or n.basis not in ("stated", "context"):
        return None
    plain = (n.before.rstrip().endswith(vocab.words("plain_value_verbs")) or n.alias_end == n.value.start
             or (n.alias_end >= 0 and _ASIDE.fullmatch(n.text, n.alias_end, n.value.start) is not None))
    past = (m.year < doc.issued_year if doc.issued_year is not None
            else not ((present is not None and m.year >= present and _ends_a_span(doc, m))
                      or ((present is None or m.year > present) and _projected(doc, m))
                      or _period_aimed(doc, m, n.value.start)
                      or doc.works_due(m)  # 预计今(116)年完工,未来每日可供应…: when works ahead are due
                      or (m.basis == "relative" and m.year >= (doc.inferred_year or m.year))
                      or ((present is None or m.year >= present)
                          and text.startswith(vocab.words("turn_to_plan_words"), m.end))
                      or _aims_go_on_under_it(doc, n.value.start)
                      or _a_plan_as_source(n)))
    return plain and not doc.is_targeted(m) and past and not n.sentence_says("target_markers")


def _a_plan_as_source(n: _Number) -> bool:
    """Whether the value's sentence opens by giving a plan in 《》 as its source (依据《某省水资源规划》,2030年全省用水总量
    为…: lexicon plan_source_words, the title ending in lexicon plan_names): the plan's figure, not a record
    (根据《水资源公报》 names a report), unless the sentence goes on to a later year (…,2015年…为250亿立方米,到2020年控制在…:
    the plan's base year)."""
    lo, hi = n.doc.sentence_start(n.clause_lo), n.doc.sentence_end(n.value.start)
    if any(y.year is not None and y.year > n.year for y in n.doc.years_between(lo, hi)):
        return False
    head = n.text[lo : n.value.start]
    for word in vocab.words("plan_source_words"):
        k = head.find(word)
        title = short_title().match(head, k + len(word)) if k >= 0 else None
        if title is not None and title.group(1).endswith(vocab.words("plan_names")):
            return True
    return False


def _aims_go_on_under_it(doc: Doc, start: int) -> bool:
    """Whether a later sentence of the paragraph of the value at `start`, with no year of its own, speaks words of aims
    (2012年…。管灌面积为2.1万亩。沙岭片区规划完成…铺设66.96Km): the year over the paragraph is one the text aims at."""
    hi = doc.block_end(doc.block_start(start))
    pos = doc.sentence_end(start) + 1
    while pos < hi:
        end = doc.sentence_end(pos, hi)
        if _aims_without_a_year(doc, pos, end):
            return True
        pos = end + 1
    return False


def _aims_without_a_year(doc: Doc, lo: int, hi: int) -> bool:
    """Whether the sentence text[lo:hi] speaks words of aims, says no aim was met (…全部实现年度控制目标,达到年度考核要求 is
    an account) and states no year (read once per sentence: the values
    of a long paragraph each walk its later sentences)."""
    if (lo, hi) not in doc._aims_without_a_year:
        text = doc.text[lo:hi]
        doc._aims_without_a_year[lo, hi] = (not doc.years_between(lo, hi) and _without_aims_met(text) == text
                                            and _says(text, "target_markers"))
    return doc._aims_without_a_year[lo, hi]


def _a_bare_figure_in_a_years_account(n: _Number) -> bool | None:
    """全市总供水量8.2亿立方米,较上年减少3.1%。/全市总用水量8.2亿立方米,其中农业用水量4.6亿立方米: in a text that
    aims at no year and is no plan, a figure written right after its name (no verb, no bound, no year of its own) after
    a level set against the year before (比上年, 较上年), with no word of aims and no year of issue or after (今年, 明年)
    in between, goes on with the account of a year gone by (a water-resources bulletin), not a list of aims."""
    doc, start = n.doc, n.value.start
    if (n.comparator is not None or n.year is not None or n.alias_end < 0 or doc.is_plan or doc.aims_at_any_year
            or _BARE_GAP().fullmatch(n.text, n.alias_end, start) is None):
        return None
    first = _first_word(n.text, "set_against_last_year", 0, start)
    if first < 0 or _says(n.text[first:start], "target_markers", "hedges", "modal_words", "turn_to_plan_words",
                          "effect_words"):
        return None
    if any(not _a_year_gone_by(doc, y) for y in doc.years_between(0, start)):
        return None
    return True


def _news_learned(n: _Number) -> bool | None:
    """记者日前从…新闻发布会上获悉,全国水利工程供水能力超9000亿立方米: what a reporter learned, told in a sentence
    that aims at no year and speaks no word of aims, plans or effects, is a state of things (获悉,今年全省将…; 获悉,
    《规划》提出…, are aims; so is a bound its sentence sets for a year it names, the year of issue or later: 获悉,…2023年全区用水控制在196.3亿
    立方米之内 in a text of 2023, or 据悉,2025年全省…系数达到0.561 in an undated one) — asked when no other rule has
    recognised the value."""
    doc, start = n.doc, n.value.start
    if doc.is_plan or n.aimed_in_sentence:
        return None
    m = n.mention
    if (n.comparator is not None and n.value.suffix not in n.lex["over_words"] and m is not None and m.year is not None
            and n.basis == "stated" and m.pos >= n.sent_lo and (n.present is None or m.year >= n.present)):
        return None  # the sentence sets a bound for a year it names, this one or later (or in an undated text; not
        # 5200多万亩, a rough figure)
    learned = _last_word(n.text[n.sent_lo : start], "news_learned_words")
    if learned < 0:
        return None
    lo = n.sent_lo + learned
    if doc.targeted_between(lo, start) or _says(n.text[lo:start], "target_markers", "hedges", "modal_words",
                                                  "turn_to_plan_words", "effect_words", "plan_content_words"):
        return None
    return True


def _gained_by_works_carried_out(n: _Number) -> bool | None:
    """通过实施甲、乙等6个灌区节水改造项目,新增灌溉面积8.2万亩: a value its sentence says was gained by means of works
    carried out (lexicon means_leads before it), in a text that is no plan, with no year aimed at or ahead and no word of
    aims, plans, effects or works due in the sentence, nor a word of what may be gained in its clause (lexicon
    means_ability_words), is a result (not 通过实施《规划》,到2030年…将控制在…; nor 通过实施…项目,可新增…, an effect to come)."""
    doc, start = n.doc, n.value.start
    if doc.is_plan or n.aimed_in_sentence or _last_word(n.text[n.sent_lo : start], "means_leads") < 0:
        return None
    m = n.mention
    if m is not None and m.year is not None and (doc.is_targeted(m) or (n.present is not None and m.year >= n.present)):
        return None
    if _speaks_from_now_on(doc, n.sent_lo, start) or n.sentence_says(*_AIM_KEYS, "works_due_leads"):
        return None
    clause = n.text[doc.clause_start(start, n.sent_lo) : start]
    return None if any(w in clause for w in vocab.words("means_ability_words")) else True


def _a_year_gone_by(doc: Doc, y: YearMention) -> bool:
    """Whether a year mention names a year before the text speaks: before its year of issue, or in an undated text
    a year stated in figures or a past relative year (去年), not 今年 nor a plan period."""
    if y.year is not None and doc.issued_year is not None:
        return y.year < doc.issued_year
    return (y.basis == "stated" and y.year is not None) or (
        y.basis == "relative" and _names_a_past_year(doc.text[y.pos : y.end]))


def _first_word(text: str, key: str, lo: int, hi: int) -> int:
    """Where the first word of the lexicon list `key` in text[lo:hi] begins, or -1."""
    m = _words_re(key).search(text, lo, hi)
    return m.start() if m is not None else -1


def _set_against_the_time_before(n: _Number) -> bool | None:
    """与补水前相比,…地下水埋深平均恢复2.07米 with no year aimed at and no word of aims, modal or hedge in its sentence:
    a change measured against the time before the works, a result (not 与2020年相比,…将下降16%)."""
    if n.year is None and _BEFORE_THE_WORKS().search(n.sentence) and not n.sentence_says(
            "target_markers", "modal_words", "hedges"):
        return True
    return None


def _in_a_text_that_aims_at_nothing(n: _Number) -> bool | None:
    """高峰期间,完成总供水量3039.81万吨,日均供水量33.04万吨: in a text that is no plan, names no plan period and no year
    it aims at, and speaks no word of aims, modal, hedge or bound anywhere (no 目标, 将, 要, 力争, 计划, 控制在), but
    tells something done (了, 已, 完成), every figure is reported (漏损率下降到3%以内 too)."""
    return True if _aims_at_nothing(n.doc) else None


def _aims_at_nothing(doc: Doc) -> bool:
    """Whether the whole text speaks no word of aims (see `_in_a_text_that_aims_at_nothing`), once per text."""
    if doc._aims_at_nothing is None:
        lex, text = vocab.lexicon(), doc.text
        doc._aims_at_nothing = (
            not doc.is_plan and not doc.aims_at_any_year and not any(p in text for p in lex["plan_periods"])
            and doc.approval_lead_end < 0  # (现批复如下: an approval grants what it states, 已收悉 though it says)
            and not any(_ahead(doc, y) for y in doc.years)
            and not _says(text, *_WHOLE_TEXT_AIM_KEYS) and _says(_works_approved_re().sub("", text), *_DONE_KEYS))
    return doc._aims_at_nothing


def _ahead(doc: Doc, y: YearMention) -> bool:
    """Whether a year mention names the text's own year or a later one (2025 in a text of 2025; 今年, 明年 in any):
    a year whose work may be set out without a word of aims (今年全区恢复灌溉面积2.4万亩)."""
    if doc.issued_year is not None and y.year is not None and y.year >= doc.issued_year:
        return True
    return y.basis == "relative" and vocab.lexicon()["relative_years"].get(doc.text[y.pos : y.end], -1) >= 0


#: Words of aims, any of which in a text keeps `_in_a_text_that_aims_at_nothing` from it.
_WHOLE_TEXT_AIM_KEYS = (*_AIM_KEYS, "works_due_leads", "aim_bound_prefixes", "target_nouns_of_values")
#: Words of something done, one of which such a text tells.
_DONE_KEYS = ("outcome_markers", "completion_words", "done_verbs")


def _a_bare_figure_with_no_aim(n: _Number) -> bool | None:
    """…最高日供水量38.39万吨,水质合格率100% — a percentage set right after its name, with no verb, bound or year, in
    a text that is no plan and a paragraph that aims at nothing (aims met aside: 已圆满完成各项建设任务) and sets no
    bound: a rate reported (not 主要目标:漏损率9%, nor 预期效果。…利用率80%, nor 漏损率降至13%以下,普及率100%; nor works or
    quotas listed bare, 新建水厂3座, 取水指标4.8亿立方米)."""
    if (n.comparator is None and n.year is None and n.value.unit_spelling == vocab.PERCENT_SIGN and not n.doc.is_plan
            and not n.text[n.alias_end : n.value.start].strip()
            and not n.aimed_in_sentence and not _says(_without_aims_met(n.text[n.block_lo : n.value.start]),
                                                       "target_markers", "modal_words", "hedges", "works_due_leads")
            # nor among bounds (…降至13%以下,节水器具普及率100%,再生水利用率不低于20%): a bare rate listed with them is an aim
            and not _says(n.text[n.block_lo : n.doc.sentence_end(n.value.end)], "comparator_suffixes", "aim_bound_prefixes")):
        return True
    return None


def _a_figure_reported(n: _Number) -> bool | None:
    """总用水量为29.76亿立方米 with no year aimed at and no word of aims: a figure reported (not 人日均用水量定为210升: a
    value set, lexicon setting_verbs; nor in a permit, after 批复如下 or 同意你单位: 项目年取水量为123.8万立方米 is what
    is granted)."""
    before = n.before.rstrip()
    return ((n.comparator is None or n.value.suffix in n.lex["approximate_suffixes"]) and n.year is None
            and before.endswith(vocab.words("plain_value_verbs", "having_verbs"))
            and not before.endswith(vocab.words("setting_verbs"))
            and not n.sentence_says("target_markers") and not _after_an_approval(n))


def _after_an_approval(n: _Number) -> bool:
    """Whether a lead of a permit or an approval (lexicon approval_leads: 批复如下, 同意你单位) stands before the number."""
    return 0 <= n.doc.approval_lead_end <= n.value.start


#: The rules in the order they are asked; the first that recognises the number decides.
RULES: tuple[Rule, ...] = (
    _a_task_handed_down, _a_target_quoted, _in_a_text_that_aims_at_nothing, _only_so_much, _held_for_long,
    _a_part_alone_already, _reported_in_its_sentence, _what_the_works_bring, _the_base_built_on,
    _a_state_of_the_present,
    _reported_after_it, _ranked_in_the_country, _named_in_a_list_made_public,
    _measured_against_a_target, _done_in_its_clause, _done_right_before_it, _done_by_its_verb,
    _progress_against_a_plan, _a_part_given_as_its_share, _its_year_reports, _news_in_the_headline, _in_a_year_before_this_one,
    _set_against_last_year, _set_against_an_earlier_year, _changed_on_last_year, _a_headline_that_reports, _under_a_heading_of_results, _under_a_heading_of_how_things_stand, _in_a_section_looking_back, _in_a_period_looked_back,
    _an_undated_period_reported, _as_of_a_year_in_its_sentence, _under_a_lead_of_targets, _under_an_inline_lead_of_targets, _after_a_reported_value,
    _after_a_reported_value_across_a_semicolon, _accumulated_with_no_aim, _the_present_with_a_borrowed_year,
    _in_a_text_opening_looking_back,
    _in_a_paragraph_looking_back, _in_a_paragraph_opening_looking_back, _a_paragraph_as_of_a_year, _as_of_a_day, _months_so_far, _as_of_now,
    _a_change_between_reported_years, _a_change_up_to_now, _a_change_told_from_the_present,
    _a_paragraph_going_on_reporting, _a_yearless_paragraph_going_on, _a_paragraph_adding_to_results, _in_a_paragraph_opened_on_results,
    _after_a_paragraph_of_results, _in_a_paragraph_led_by_a_report,
    _the_end_of_a_year_gone_by, _in_a_year_gone_by, _a_period_closing_in_its_year_of_issue,
    _this_years_value_looked_back_on,
    _a_time_before_a_year_gone_by, _a_year_end_in_an_aimless_report, _a_year_in_an_aimless_report,
    _a_value_in_a_report_of_results, _results_gained_by_a_year_now_past, _the_same_span_looked_back, _months_of_this_year_gone_by, _a_year_on_year_figure,
    _a_budget, _a_plain_fact_of_the_text, _a_part_of_this_years_results, _before_the_year_the_text_names,
    _a_plain_value_of_a_past_year, _a_bare_figure_in_a_years_account,
    _news_learned, _gained_by_works_carried_out, _set_against_the_time_before, _a_bare_figure_with_no_aim, _a_figure_reported,
)


#: What `_Number.sentence` drops from the text (aims met, exemptions): a word read in it may be joined across a gap
#: they leave, so a rule reading its words there needs one of these too, or one of its own.
_DROPPED_FROM_SENTENCE = ("aim_met_verbs", "outcome_marker_exemptions")

#: Rule → the words it cannot recognise a number without: groups of lexicon keys (a list of words, or one word), each
#: group needing one of its words in the text.  Each rule reads these words in the text as written, or in a copy
#: that drops words only if the text holds the others of the group, so a text lacking a group is not asked that rule
#: (`rules_for`): the same answers.
WORDS_NEEDED: dict[Rule, tuple[tuple[str, ...], ...]] = {
    _reported_in_its_sentence: (("outcome_markers", *_DROPPED_FROM_SENTENCE),),
    _what_the_works_bring: (("effect_words", *_DROPPED_FROM_SENTENCE),),
    _done_in_its_clause: (("done_in_clause_words",),),
    _progress_against_a_plan: (("share_verbs",), ("plan_share_nouns",)),
    _news_in_the_headline: (("headline_report_verbs",),),
    _under_a_heading_of_results: (("outcome_markers",),),
    _an_undated_period_reported: (("period_span_words",), ("outcome_markers",)),
    _accumulated_with_no_aim: (("conditional_outcome_markers", *_DROPPED_FROM_SENTENCE),),
    _the_present_with_a_borrowed_year: (("present_words", *_DROPPED_FROM_SENTENCE),),
    _as_of_now: (("as_of_present_words",),),
    _a_change_told_from_the_present: (("present_words", "outcome_marker_exemptions", "aim_word_nouns"),),
    _in_a_paragraph_opened_on_results: (("report_cue_verbs", "report_cues"),),
    _after_a_paragraph_of_results: (("report_cue_verbs", "report_cues"),),
    _the_end_of_a_year_gone_by: (("year_end_words",),),
    _a_period_closing_in_its_year_of_issue: (("period_span_words",),),
    _this_years_value_looked_back_on: (("plain_value_verbs",),),
    _a_time_before_a_year_gone_by: (("year_deadline_words",),),
    _a_year_end_in_an_aimless_report: (("year_end_words",),),
    _a_value_in_a_report_of_results: (("report_cue_verbs", "report_cues"),),
    _results_gained_by_a_year_now_past: (("report_cue_verbs", "report_cues"),),
    _the_same_span_looked_back: (("same_period_words",),),
    _a_budget: (("budget_nouns",),),
    _a_paragraph_adding_to_results: (("additive_leads",),),
    _held_for_long: (("held_long_words",),),
    _a_part_alone_already: (("alone_words",), ("already_word",)),
    _a_bare_figure_in_a_years_account: (("set_against_last_year",),),
    _changed_on_last_year: (("set_against_last_year",),),
    _set_against_the_time_before: (("before_the_works_words", *_DROPPED_FROM_SENTENCE),),
    _a_figure_reported: (("plain_value_verbs", "having_verbs"),),  # (the last rule: its False is the answer when none decides)
    _a_task_handed_down: (("task_handing_words",), ("task_nouns",)),
    _the_base_built_on: (("base_closing_words",),),
    _a_state_of_the_present: (("from_state_words",),),
    _reported_after_it: (("outcome_markers_after", "award_won_words", "award_given_words"),),
    _measured_against_a_target: (("target_met_verbs",), ("target_met_nouns",)),
    _done_right_before_it: (("perfective_mark",),),
    _only_so_much: (("only_so_much_words",),),
    _done_by_its_verb: (("done_verbs",),),
    _a_part_given_as_its_share: (("share_verbs",),),
    _a_headline_that_reports: (("outcome_markers", "conditional_outcome_markers"),),
    _under_a_heading_of_how_things_stand: (("results_heading_words",),),
    _in_a_section_looking_back: (("review_heading_words",),),
    _under_a_lead_of_targets: (("lead_ends",),),
    _under_an_inline_lead_of_targets: (("lead_ends",),),
    _as_of_a_day: (("outcome_year_prefixes",), ("day_words",)),
    _months_so_far: (("month_word", "months_so_far_words"),),
    _in_a_paragraph_led_by_a_report: (("report_lead_words",),),
    _months_of_this_year_gone_by: (("month_word",),),
    _a_year_on_year_figure: (("year_on_year_words", "same_time_comparisons"),),
    _set_against_last_year: (("set_against_last_year",),),
    _news_learned: (("news_learned_words",),),
    _gained_by_works_carried_out: (("means_leads",),),
    _named_in_a_list_made_public: (("list_made_public_words",),),
    _ranked_in_the_country: (("ranking_words",),),
    _a_target_quoted: (("target_nouns_of_values",),),
}


def rules_for(doc: Doc) -> tuple[Rule, ...]:
    """`RULES` without those whose needed words (`WORDS_NEEDED`) the text lacks, in order; found once per text."""
    if doc._outcome_rules is None:
        doc._outcome_rules = _rules_given(frozenset(vocab.words_present(doc.text, _needed_words())))
    return doc._outcome_rules


@lru_cache(maxsize=256)
def _rules_given(present: frozenset[str]) -> tuple[Rule, ...]:
    """`RULES` less those needing a group of words none of which is `present` (texts alike share the answer)."""
    return tuple(rule for rule in RULES if all(
        not present.isdisjoint(_words_of(keys)) for keys in WORDS_NEEDED.get(rule, ())))


@cache
def _needed_words() -> tuple[str, ...]:
    """Every word of `WORDS_NEEDED`."""
    return tuple(sorted({w for groups in WORDS_NEEDED.values() for keys in groups for w in _words_of(keys)}))


@cache
def _words_of(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The words of the lexicon entries `keys` (a list of words, or one word)."""
    lex = vocab.lexicon()
    return tuple(w for key in keys for w in ((lex[key],) if isinstance(lex[key], str) else lex[key]))


def is_outcome(doc: Doc, clause_lo: int, value: Value, comparator: str | None, mention: YearMention | None,
               alias_end: int = -1, basis: str = "stated") -> bool:
    """Whether a number reports what happened rather than what is aimed at (the first rule of `RULES` that
    recognises it decides; a rule that could not, lacking its words in the text, is not asked)."""
    n = _Number(doc, clause_lo, value, comparator, mention, alias_end, basis)
    for rule in rules_for(doc):
        decided = rule(n)
        if decided is not None:
            return decided
    return False


def _aims_at_year_of_issue(doc: Doc, y: YearMention) -> bool:
    """Whether a year the whole text aims at is its year of issue, named in a sentence of aims (记者1月22日获悉,2019年
    全省水利工作将…) or as the year whose work the text sets out (2026年全市水利工作要…): the text sets out this year's
    work, so its plain values further on are aims, as under 今年…将."""
    return doc.issued_year is not None and y.year == doc.issued_year and (
        doc.aims_in_sentence(y) or doc.names_work_of(y))


def _period_aimed(doc: Doc, y: YearMention, pos: int) -> bool:
    """Whether a plan period governing a value is named before it in a sentence of aims (“十二五”期间,全省将
    加快…。“十二五”期间,新增灌溉面积50万亩): in an undated text, the period is ahead, its plain values aims."""
    first = doc.periods_aimed.get(y.year) if y.basis == "plan_period" else None
    return first is not None and first < pos and y.year not in doc.periods_looked_back


def _period_set_out(doc: Doc, y: YearMention, pos: int) -> bool:
    """Whether the plan period a whole text aims at is named, in a paragraph before the one at `pos`, in a
    sentence of aims (“十五五”时期,我国将加快…; in an undated text, 《…“十二五”规划》出台,规划提出到2015年,…: a year
    aimed at, with no date of issue to frame the values otherwise): the text sets out what the period is to bring,
    so its plain values further on are aims too."""
    if y.basis != "plan_period" or y.end > doc.block_start(pos):
        return False
    lo, hi = doc.sentence_start(y.pos), doc.sentence_end(y.end)
    return _says(doc.text[lo:hi], "target_markers") or (
        doc.issued_year is None and doc.targeted_between(lo, hi)) or _in_a_plans_title(doc.text, y.pos)


def _in_a_plans_title(text: str, pos: int) -> bool:
    """Whether `pos` is inside the title of a plan (印发了《临江市水利发展“十四五”规划》: the text tells what the plan
    for the period sets out)."""
    if not in_title(text, pos):
        return False
    close = text.find(vocab.lexicon()["title_brackets"][1], pos)
    return _says(text[pos:close], "plan_title_words")


def _projected(doc: Doc, y: YearMention) -> bool:
    """Whether a year is led by a word of projection (预计2020年…达到85%): in an undated text, a year looked
    ahead to, whose values are aims (a dated text tells a projection of a year gone by from its date)."""
    return doc.text[max(0, y.pos - 6) : y.pos].rstrip().endswith(vocab.words("projection_year_prefixes"))


def _changed_since_a_past_year(before: str, present: int | None) -> bool:
    """Whether the words before a value start from a year before the one the text speaks from (从2020年末的
    0.5167提高到…): 由/从, a year, 的, within the clause."""
    m = _FROM_A_YEAR().search(before) if present is not None else None
    return m is not None and vocab.year_value(m.group("year")) < present


@cache
def _FROM_A_YEAR() -> re.Pattern:  # noqa: N802 — a compiled constant
    """由/从, a few words, a year and 的 (从2020年末的…)."""
    markers = vocab.alternation(vocab.lexicon()["from_markers"])
    return re.compile(rf"(?:{markers})[^,;。]{{0,8}}?(?P<year>{vocab.YEAR_TOKEN}){vocab.YEAR}{vocab.YEAR_END}{vocab.POSSESSIVE}")


@cache
def _FROM_A_PERIOD_END() -> re.Pattern:  # noqa: N802 — a compiled constant
    """由/从, a few words, the end of a plan period and 的 (由“十一五”末的…)."""
    lex = vocab.lexicon()
    markers, periods = vocab.alternation(lex["from_markers"]), vocab.alternation(lex["plan_periods"])
    ends = vocab.alternation(lex["year_end_words"])
    return re.compile(rf"(?:{markers})[^,;。]{{0,8}}?[“\"]?(?:{periods})[”\"]?(?:{ends}){vocab.POSSESSIVE}")


@cache
def _FROM_A_LEVEL() -> re.Pattern:  # noqa: N802 — a compiled constant
    """由/从 and a number, within the clause (从83.77%提高到…)."""
    return re.compile(rf"(?:{vocab.alternation(vocab.lexicon()['from_markers'])})[^,;。]{{0,6}}?[0-9]")


@cache
def _ON_THE_BASE_OF() -> re.Pattern:  # noqa: N802 — a compiled constant
    """在 … 的基础上 within a sentence: what it holds is the base reached, a result."""
    lex = vocab.lexicon()
    return re.compile(rf"{vocab.alternation(lex['base_opening_words'])}[^。;；!?！？\n]{{1,60}}?"
                      rf"(?:{vocab.alternation(lex['base_closing_words'])})")


@cache
def BUDGET_BEFORE() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A budget noun right before a value (总投资, 总投资约), not led by a word of spending done (完成总投资)."""
    lex = vocab.lexicon()
    done = "".join(rf"(?<!{re.escape(w)})" for w in lex["budget_done_words"])
    links = vocab.alternation([*lex["budget_links"], *lex["approximate_prefixes"], *lex["plain_value_verbs"]])
    return re.compile(rf"{done}(?:{vocab.alternation(lex['budget_nouns'])})(?:{links})*$")


@cache
def _SHARE_OF_PLAN() -> re.Pattern:  # noqa: N802 — a compiled constant
    """Right after a value, the next clause giving it as a share of the plan (,占计划68.1%; ,占年度计划任务的104%)."""
    lex = vocab.lexicon()
    verbs, nouns = vocab.alternation(lex["share_verbs"]), vocab.alternation(lex["plan_share_nouns"])
    return re.compile(rf"[^,;。:0-9]{{0,6}}[,，](?:{verbs})[^,;。:0-9]{{0,6}}?(?:{nouns})[^,;。:0-9]{{0,6}}?[0-9.]+%")


@cache
def _SHARE_OF_A_TOTAL() -> re.Pattern:  # noqa: N802 — a compiled constant
    """Right after a value, the next clause giving it as a share of a whole (,占总供水量的86.6%; ,占全市用水总量的7.85%;
    after a list of parts, ,分别占总用水量的76.9%、12.9%)."""
    verbs = vocab.alternation(vocab.lexicon()["share_verbs"])
    spread = vocab.alternation(vocab.lexicon()["respectively"])
    return re.compile(rf"[,，](?:{spread})?(?:{verbs})[^,;。:0-9]{{1,14}}?{vocab.POSSESSIVE}[0-9.]+%")


@cache
def _PARTS_FOLLOW() -> re.Pattern:  # noqa: N802 — a compiled constant
    """Right after a value, the words that lead the list of its parts (。其中, ; ,其中)."""
    return re.compile(rf"[,，;；。]?(?:{vocab.alternation(vocab.lexicon()['sub_item_leads'])})[,，:：]?")


@cache
def _REPORT_CUE() -> re.Pattern:  # noqa: N802 — a compiled constant
    lex = vocab.lexicon()
    gained = rf"(?:{vocab.alternation(lex['report_cue_verbs'])})[^,;。]{{0,6}}?(?:{vocab.alternation(lex['report_cue_nouns'])})"
    return re.compile(rf"{gained}|{vocab.alternation(lex['report_cues'])}")


def _speaks_from_now_on(doc: Doc, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] names a relative year of the present or later (今年, 明年, 未来三年), not one looking back
    from it (今年以来) nor a past one (去年)."""
    since = vocab.words("period_since_words")
    return any(y.basis == "relative" and not _names_a_past_year(doc.text[y.pos : y.end])
               and not doc.text.startswith(since, y.end) for y in doc.years_between(lo, hi))


def _names_a_past_year(word: str) -> bool:
    """Whether a relative year word names a year before the present (去年, 前年)."""
    return any(word.startswith(w) for w, offset in vocab.lexicon()["relative_years"].items() if offset < 0)


@cache
def _OUTCOME_WORD() -> re.Pattern:  # noqa: N802 — a compiled constant
    """Any word that reports an outcome (lexicon outcome_markers)."""
    return re.compile(vocab.alternation(vocab.lexicon()["outcome_markers"]))


@cache
def _SAME_PERIOD_LEAD() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A same-period word leading a clause (after a delimiter, a space or a list mark; not 较上年同期)."""
    words = "|".join(map(re.escape, vocab.lexicon()["same_period_words"]))
    return re.compile(rf"(?:^|(?<=[\s{re.escape(CLAUSE_DELIMS)}\-\]]))(?:{words})", re.M)


@cache
def _AIM_MET() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A verb of completion with a manner and the aim it met, within a clause, either order (超额完成…目标, 任务全面完成);
    the manner may hold a span of time ahead (提前1年完成“十一五”规划任务)."""
    lex = vocab.lexicon()
    verbs, nouns = vocab.alternation(lex["aim_met_verbs"]), vocab.alternation(lex["aim_met_nouns"])
    counts = "".join(map(re.escape, (*lex["chinese_numerals"], *lex["aim_met_early_halves"])))
    early = (rf"(?:{vocab.alternation(lex['aim_met_early_lead'])})[0-9{counts}]{{1,3}}"
             rf"(?:{vocab.alternation(lex['aim_met_early_spans'])})(?:{vocab.alternation(lex['aim_met_early_verbs'])})")
    return re.compile(rf"(?:{verbs}|{early})[^,;。\n]{{0,16}}?(?:{nouns})|(?:{nouns})(?:{verbs})")


@cache
def _BARE_GAP() -> re.Pattern:  # noqa: N802 — a compiled constant
    """Nothing but spaces and at most one bracketed note between a name and its figure (用水量(当年价)29.5)."""
    return re.compile(r"\s*(?:\([^()]{0,12}\)\s*)?")


@cache
def _DIGIT() -> re.Pattern:  # noqa: N802 — a compiled constant
    return re.compile(r"\d")


@cache
def _AS_OF_A_DAY() -> re.Pattern:  # noqa: N802 — a compiled constant
    """截至/截止 and a month and day with no year (截至11月10日): the text reports progress up to that day."""
    lex = vocab.lexicon()
    days = vocab.alternation(lex["day_words"])
    return re.compile(rf"(?:{vocab.alternation(lex['outcome_year_prefixes'])}){vocab.MONTH_NUMBER}[0-9]{{1,2}}(?:{days})")


@cache
def _TARGET_MET_NEXT() -> re.Pattern:  # noqa: N802 — a compiled constant
    """Right after a value (its unit, 以内 …), the next clause opening with a verb of meeting a bound and holding a target
    noun (,达到…的目标要求; ,高于2017年控制目标)."""
    lex = vocab.lexicon()
    verbs, nouns = vocab.alternation(lex["target_met_verbs"]), vocab.alternation(lex["target_met_nouns"])
    return re.compile(rf"[^,，;；。:0-9]{{0,6}}[,，](?:{verbs})[^,，;；。]{{0,40}}?(?:{nouns})")


@cache
def _MONTHS_SO_FAR() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A span of months from January (1至11月, 1—8月, 一至十月) or a part of a year gone so far (前三季度)."""
    return vocab.months_so_far_re()


@cache
def _MONTHS_SPAN() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A span of months (1—11月, 1月至8月, 4-10月, 五至九月)."""
    lex = vocab.lexicon()
    marks, month = vocab.alternation(lex["range_marks"]), re.escape(lex["month_word"])
    return re.compile(rf"{vocab.MONTH_NUMBER.removesuffix(lex['month_word'])}(?:{month})?(?:{marks}){vocab.MONTH_NUMBER}")


@cache
def _BEFORE_THE_WORKS() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A comparison with the time before some work, no year in it (与补水前相比, 较治理前)."""
    lex = vocab.lexicon()
    prefixes = vocab.alternation(lex["baseline_prefixes"])
    return re.compile(rf"(?:{prefixes})[^,;。0-9{vocab.CN_NUMERAL_CHARS}]{{1,8}}?(?:{vocab.alternation(lex['before_the_works_words'])})")


@cache
def _AS_OF_NOW_LEAD() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A paragraph that opens with the present (截至目前,…): a progress report."""
    return re.compile(rf"\s*(?:{vocab.alternation(vocab.lexicon()['as_of_present_words'])})")


@cache
def _BARE_YEAR_END() -> re.Pattern:  # noqa: N802 — a compiled constant
    """年底/年末 with no year before it: the end of the year a dated text speaks in (预计年底…可达到93.5%)."""
    return re.compile(rf"(?<![0-9{vocab.CN_NUMERAL_CHARS}]){vocab.YEAR}(?:{vocab.alternation(vocab.lexicon()['year_end_words'])})")


@cache
def _words_re(key: str) -> re.Pattern:
    """Any word of the lexicon list `key`."""
    return re.compile(vocab.alternation(vocab.lexicon()[key]))


def _last_word(text: str, key: str) -> int:
    """Where the last word of the lexicon list `key` in `text` begins, or -1 (a regex search first: most
    sentences hold none)."""
    if _words_re(key).search(text) is None:
        return -1
    return max((text.rfind(w) for w in vocab.lexicon()[key]), default=-1)


def _aims_in_a_later_clause(text: str, words=None) -> bool:
    """Whether a word of aims (lexicon `target_markers`, or `words`) stands in a clause after the first one of
    `text` (近年来,…,2008年,将新增: the sentence turns to aims; 预计…将达到 is one estimate)."""
    cut = min((k for k in (text.find(d) for d in CLAUSE_DELIMS) if k >= 0), default=-1)
    return cut >= 0 and any(w in text[cut:] for w in (words or vocab.lexicon()["target_markers"]))


def _ends_a_span(doc: Doc, y: YearMention) -> bool:
    """Whether a year mention ends a span of years (2026年—2035年)."""
    marks = vocab.words("range_marks")
    before = doc.text[max(0, y.pos - 8) : y.pos]
    return before.endswith(marks) and any(m.end <= y.pos and m.end >= y.pos - 2 for m in doc.years_between(y.pos - 8, y.pos))


def _paragraph_looks_back(doc: Doc, pos: int) -> bool:
    """Whether the paragraph before `pos` looks back (十年来, 建设以来) and neither aims at a year nor speaks
    of aims."""
    lo = doc.block_start(pos)
    looking_back, aims = doc.first_in_block(lo)
    if doc.issued_year is None and not doc.aims_at_any_year and aims == doc.block_end(lo) and looking_back < aims:
        return True  # 全国…用水量229立方米,比2006年下降10%。2007年以来,…进一步提高: an undated paragraph with
        # no word of aims that looks back anywhere reports
    return (looking_back < pos <= aims and not doc.targeted_between(lo, pos)) or _run_looks_back(doc, lo, pos)


def _run_looks_back(doc: Doc, lo: int, pos: int) -> bool:
    """Whether an enumerated paragraph (一是…, 二是…) belongs to a run led by a paragraph that opens looking back
    (今年以来,…。\n一是…。\n二是…完成49座…) and its sentence up to `pos` neither aims at a year nor turns to a plan."""
    leads = vocab.words("enumeration_leads")
    if not doc.text.startswith(leads, lo) or doc.targeted_between(doc.sentence_start(pos, lo), pos) or _says(
            doc.text[doc.sentence_start(pos, lo) : pos], "turn_to_plan_words"):
        return False
    while lo > 0 and doc.text.startswith(leads, lo):
        lo = doc.block_start(lo - 1)
    looking_back, aims = doc.first_in_block(lo)
    return looking_back < min(aims, doc.sentence_end(lo)) and not doc.targeted_between(lo, doc.block_end(lo))


@cache
def _ALONE_ALREADY() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A word of a part alone, then within its clause the word of already, not before a modal (仅…就超过)."""
    lex = vocab.lexicon()
    return re.compile(rf"(?:{vocab.alternation(lex['alone_words'])})[^,，;；。:：]{{1,24}}?{re.escape(lex['already_word'])}"
                      rf"(?!{vocab.alternation(lex['already_not_before'])})")
