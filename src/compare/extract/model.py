"""The document model the rules read: the normalised text cut into blocks (heading, paragraph, table
cell or row), sentence and clause boundaries, the year context of every position, and every number with
the state the rules give it.  Rules add candidates and mark numbers; nothing else is passed around."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from compare.extract import vocab
from compare.text import CJK, NormText, char_positions, digit_runs

CLAUSE_DELIMS = ",;。:!?\t\n"
SENTENCE_DELIMS = ";。!?\t\n"
#: The marks that end a sentence read across ; (a semicolon joins its parts).
FULL_STOPS = "。!?\n"
# A ? followed by Latin letters is a web page's garbled character (以?xún)?nèi)), not the end of a question.
_GARBLED_Q = r"(?![a-zA-Z\u00c0-\u024f])"
_GARBLED = re.compile(r"[a-zA-Z\u00c0-\u024f]")  # (the letter after it)
# One character class first (a ? is then taken only when no letter follows), so the regex engine skips
# ahead to the next delimiter instead of trying two branches at every character.
_SENTENCE_DELIM = re.compile("[" + re.escape(SENTENCE_DELIMS) + "](?:(?<!\\?)|" + _GARBLED_Q + ")")
_CLAUSE_DELIM = re.compile("[" + re.escape(CLAUSE_DELIMS) + "](?:(?<!\\?)|" + _GARBLED_Q + ")")
# A year written without 年 in a list or range of years that ends with 年 (2023、2024、2025年; 2021—2025年;
# 2023、2024、2025三年).
_YEAR_JOIN = "[" + "".join(re.escape(w) for key in ("list_joiners", "value_list_joiners", "range_marks")
                           for w in vocab.lexicon()[key] if len(w) == 1) + "]"
# (The century digits come first and the look-behinds reach back over them, so the regex engine can skip
# ahead to where a year begins.)
_BARE_LISTED_YEAR = re.compile(
    rf"(?:19|20|21)(?:(?<![0-9]..)[0-9]{{2}}(?=(?:{_YEAR_JOIN}(?:19|20|21)[0-9]{{2}})+[{vocab.CN_NUMERAL_CHARS}]?{vocab.YEAR})"
    rf"|(?<={_YEAR_JOIN}..)[0-9]{{2}}(?=[{vocab.CN_NUMERAL_CHARS}]{vocab.YEAR}))")  # 2023、2024、2025三年
_DIGIT = re.compile("[0-9]")
#: A bare year in brackets closing the label cell that opens a row (中期蓝图 Mid-term(2020)<tab>到时…): the row's year
_ROW_LABEL_YEAR = re.compile(r"(?m)^[^\t\n]{2,40}?[(（]((?:19|20|21)[0-9]{2})[)）]\t")
_YEAR_DIGITS_AT_END = re.compile(r"(?<![0-9])([0-9]{4}) ?$")  # 到 2025 2025年: the year's digits written twice
# A stated year and 年度 (2010年度目标责任书) or a number of the year's series (2023年第1号河长令); 今年; a year after a
# word of a baseline (比2011年).
_SERIAL = vocab.lexicon()["year_serial_words"]
_WORK_YEAR = re.compile(rf"({vocab.lead_year_token(True)}){vocab.YEAR}(?:{re.escape(vocab.lexicon()['year_period_suffix'])}"
                        rf"|{re.escape(_SERIAL['before'])}[0-9{vocab.CN_NUMERAL_CHARS}]{{1,3}}{re.escape(_SERIAL['after'])})")
_WORK_YEAR_WORDS = (vocab.YEAR + vocab.lexicon()["year_period_suffix"], vocab.YEAR + _SERIAL["before"])  # one in every match
_THIS_YEAR = re.compile(vocab.alternation(vocab.lexicon()["present_year_words"]))
_BASE_YEAR = re.compile(rf"(?:{vocab.alternation(vocab.lexicon()['baseline_prefixes'])})({vocab.YEAR_TOKEN}){vocab.YEAR}")
# A line that is only a bracketed span of years (the plan period of a title, wrapped onto its own line).
_TITLE_SPAN = re.compile(rf"^[(（]{vocab.year_span_re().pattern}[)）]$")
# The bracket opening a title's span of years, and what follows it (…实施方案(2016—).
_TITLE_SPAN_TAIL = re.compile(r"\s*[(（][^(（]*$")


class lazy:  # noqa: N801 — a decorator, like cached_property
    """functools.cached_property without its lock (Python 3.11 takes one at every first read; a Doc computes some
    forty views of its text once each, a _Number of outcome several for every number read): the value is computed
    at the first read and kept in the instance."""

    def __init__(self, fn: Callable) -> None:
        self.fn, self.name, self.__doc__ = fn, fn.__name__, fn.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


def in_title(text: str, pos: int) -> bool:
    """Whether `pos` is inside a document title (《…节水型社会建设…方案》): a name, not an indicator."""
    opening, closing = vocab.lexicon()["title_brackets"]
    opened = text.rfind(opening, max(0, pos - 40), pos)
    if opened < 0 or text.rfind(closing, opened, pos) >= 0:
        return False
    close = text.find(closing, pos, pos + 60)
    return close >= 0 and text.rfind(opening, pos, close) < 0


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies in one of `spans` (sorted, not overlapping)."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]
_NOISE_MARKS = ("?", "？", "\ufffd")
_HEADING_STARTS = {*vocab.lexicon()["ordinal_prefix"], *vocab.CN_NUMERAL_CHARS, *"(（0123456789"}
#: A number: digits, and a decimal part unless a year word follows it (4.2020年: an item number, then a year);
#: `number_spans` finds the same matches faster.
_NUMBER_TOKEN = re.compile(rf"[0-9]+(?:\.[0-9]+(?![0-9]*{vocab.YEAR}))?")


def number_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every match of `_NUMBER_TOKEN` in `text`, in order: its runs of digits (`digit_runs`), a run
    joined to the next by a point taking that one as its decimals unless a year word follows them."""
    runs = digit_runs(text)
    out, i, n = [], 0, len(runs)
    while i < n:
        start, end = runs[i], runs[i + 1]
        if i + 2 < n and runs[i + 2] == end + 1 and text[end] == "." and not text.startswith(vocab.YEAR, runs[i + 3]):
            out.append((start, runs[i + 3]))
            i += 4
        else:
            out.append((start, end))
            i += 2
    return out
#: Marks that end a sentence: a line ending in one is prose, not a heading or headline.
LINE_ENDS = tuple("。;!?:")

#: How a candidate's target year was found (column `year_basis`).
YEAR_BASES = ("stated", "heading", "context", "relative", "plan_period", "none")


@dataclass
class Candidate:
    """One target (or reported outcome) the extractor found: one indicator, one year, one value, one
    raw span."""

    document: str
    indicator_id: str
    target_year: int | None
    value: float
    unit: str
    comparator: str
    baseline_year: int | None
    scope: str | None
    attribute: str | None
    value_reported: str
    unit_reported: str
    qualifier: str | None
    quote: str
    char_start: int
    char_end: int
    rule: str
    note: str | None = None
    kind: str = "target"  # target | outcome | unlisted (an indicator the vocabulary does not name)
    year_basis: str = "none"
    indicator_reported: str | None = None  # unlisted: the words that name the quantity, as written


def occurrences(text: str, word: str) -> list[int]:
    """Where `word` begins in `text`, overlapping occurrences too."""
    out, k = [], text.find(word)
    while k >= 0:
        out.append(k)
        k = text.find(word, k + 1)
    return out


def _delimiters(text: str, delims: str) -> list[int]:
    """Where a character of `delims` stands in `text`, but a ? a Latin letter follows (a garbled character)."""
    found = char_positions(text, delims)
    if "?" in delims and "?" in text:
        found = [k for k in found if text[k] != "?" or _GARBLED.match(text, k + 1) is None]
    return found


def _states_a_quantity(body: str) -> bool:
    """Whether a line states a quantity (a number other than a year, the heading's own number aside: 1.1水利工程现状):
    then it is content, not a heading."""
    return bool(_DIGIT.search(body)) and (
        vocab.year_word_re().search(body) is None  # (no year in it: nothing to take out)
        or bool(_DIGIT.search(vocab.year_re().sub("", vocab.year_span_re().sub("", body)))))  # (2024—2026年) is no quantity


def _after_quotes(text: str, pos: int) -> int:
    """Where the closing quotes (” ") written from `pos` end (text[pos:].lstrip('”"') without copying the rest)."""
    while pos < len(text) and text[pos] in "”\"":
        pos += 1
    return pos


@dataclass(slots=True)
class Number:
    """One number written in the document (digits), and what the rules made of it."""

    start: int  # normalised offsets
    end: int
    state: str = "unclassified"  # target | outcome | dismissed | unclassified
    why: str = ""  # the rule, dismissal pattern or indicator that decided


@dataclass(slots=True)
class YearMention:
    pos: int  # normalised offset of the mention
    end: int
    year: int | None  # None: a relative year in a document without a date
    basis: str  # stated | plan_period | relative
    outcome: bool = False  # 截至2022年: the year of a reported value
    starting: bool = False  # 由去年的0.46 / 从2014年的…: the year a quantity starts from, never a target year
    whole_text: bool = False  # given to a number by the whole text (`year_of_document`), not by its block
    own_sentence: bool = False  # 年底前完成…16座: a deadline of its own sentence only, no year for the sentences after it


def bracket_opened(text: str, pos: int, lo: int) -> int:
    """Where the bracket `pos` stands in opened, at most 40 characters before it and not closed since; -1."""
    lo = max(lo, pos - 40)
    opened = max(text.rfind("(", lo, pos), text.rfind("（", lo, pos))
    return opened if opened >= 0 and max(text.rfind(")", opened, pos), text.rfind("）", opened, pos)) < 0 else -1


@cache
def _modal_changes() -> tuple[str, ...]:
    """A modal and a verb of change (要达到, 将下降: lexicon modal_words × modal_change_verbs)."""
    lex = vocab.lexicon()
    return tuple(m + v for m in lex["modal_words"] for v in lex["modal_change_verbs"])


@cache
def _PLAN_NAMED(period: str) -> re.Pattern:  # noqa: N802 — a cached pattern, like the module's constants
    """十三五 named as a plan: the period, its quotes, then a word of a plan (“十三五”规划)."""
    words = "|".join(map(re.escape, vocab.lexicon()["five_year_plan_words"]))
    return re.compile(rf"{re.escape(period)}[”\"’']?(?:{words})")


def _counts_years(token: str) -> bool:
    """Whether a relative year names a count of years (用3年的时间, 力争三年时间, 两年内), not a year (今年)."""
    return any(c.isdigit() or c in vocab.CN_NUMERAL_CHARS for c in token.replace(vocab.YEAR, ""))


def _span_start(text: str, years: list[YearMention], i: int) -> int | None:
    """The index of the stated year that starts the span of years of work `years[i]` names (力争3年时间): the last stated
    year before it, in its sentence (2018年全区开展滴灌推广,力争3年时间…), or None — when that year is aimed at or reported
    to (到2025年, 截至…: lexicon `span_start_not_after`), ends a span of its own (2022——2024年) or is a start or a result."""
    pos = years[i].pos  # (`years` is in text order: the last stated year before it is the first found going back)
    j = next((k for k in range(i - 1, -1, -1)
              if years[k].basis == "stated" and years[k].year is not None and years[k].end <= pos), None)
    if j is None:
        return None
    y = years[j]
    if any(c in SENTENCE_DELIMS for c in text[y.end : pos]) or y.outcome or y.starting:
        return None
    if text[max(0, y.pos - 2) : y.pos].rstrip().endswith(vocab.words("span_start_not_after", "range_marks")):
        return None
    return j


def _names_a_funding_round(text: str, end: int, rounds: tuple[str, ...], suffix: str) -> bool:
    """Whether the year ending at `end` names a round of funds (下达甲省2019年中央预算内投资计划,…。据了解,…): it
    dates its own sentence only, not the works the next sentences describe."""
    end += text.startswith(suffix, end) * len(suffix)
    return text.startswith(rounds, end)


@dataclass(slots=True)
class Block:
    """A line of the normalised text: a heading, a paragraph, or a table row/cell."""

    start: int
    end: int
    kind: str  # heading | paragraph | cell
    level: int = 0  # heading level (1 highest)


@dataclass
class Doc:
    """A normalised document, its blocks and year context, its numbers, and what the rules found."""

    document: str
    nt: NormText
    issued_year: int | None = None
    candidates: list[Candidate] = field(default_factory=list)
    outcome_spans: list[tuple[int, int]] = field(default_factory=list)  # normalised spans of outcomes so far
    _outcome_starts: list[int] = field(default_factory=list)
    _bullet_years: dict[int, YearMention | None] = field(default_factory=dict)  # bulleted line start → year
    _run_on_years: dict[int, YearMention | None] = field(default_factory=dict)  # line start → year run on into it
    _block_years: dict[int, set[int]] = field(default_factory=dict)  # line start → the years it states
    _block_months: dict[int, YearMention | None] = field(default_factory=dict)  # line start → month of issue year
    _block_lookback: dict[int, tuple[int, int]] = field(default_factory=dict)  # line start → first marker positions
    # (pattern, line start) → (the points of the line searched from, in order; the first match found from each)
    _block_matches: dict[tuple[str, int], tuple[list[int], list[re.Match | None]]] = field(default_factory=dict)
    _text_matches: dict[str, tuple[list, list]] = field(default_factory=dict)  # pattern → its matches, their starts
    _alias_scan: tuple[list, list] | None = None  # the aliases of the whole text, their starts (prose._alias_matches)
    _targeted: dict[tuple[int, int], bool] = field(default_factory=dict)  # (start, end) of a year → is_targeted
    _split_nouns: set[int] | None = None  # starts of verb-split nouns with a verb before them (prose._split_nouns…)
    _alias_leads: list[int] | None = None  # where a word that may begin an alias stands (prose._alias_leads)
    _split_aliases: tuple | None = None  # the split and purpose aliases whose word the text holds (prose._split_aliases_in)
    _aliases: dict[tuple[int, int], list] = field(default_factory=dict)  # (lo, hi) → prose.aliases of the window
    _char_positions: dict[str, list[int]] = field(default_factory=dict)  # characters → where they stand
    _aims_without_a_year: dict[tuple[int, int], bool] = field(default_factory=dict)  # sentence → speaks aims, no year
    _outcome_rules: tuple | None = None  # the outcome rules this text may need (outcome.rules_for)
    _aims_at_nothing: bool | None = None  # no word of aims in the whole text (outcome._a_text_aiming_at_nothing)

    @lazy
    def text(self) -> str:
        return self.nt.text  # (read over 100,000 times a document: kept in the instance after the first)

    # ----------------------------------------------------------------- structure

    @lazy
    def noisy(self) -> bool:
        """Whether the text holds web-page noise (? ？ �) that may stand for a character."""
        return any(mark in self.text for mark in _NOISE_MARKS)  # (three finds: a scan of the character class is slower)

    @lazy
    def blocks(self) -> list[Block]:
        out: list[Block] = []
        max_chars = vocab.lexicon()["heading_max_chars"]
        text = self.text
        for lo, hi in self.nt.lines:
            line = text[lo:hi]
            whole = line.strip()
            if not whole:
                continue
            if "\t" in line:  # (a cell line, `is_cell_line`, holds a tab too)
                out.append(Block(lo, hi, "cell"))
                continue
            stripped = line.lstrip()
            marker = next(((m, lv) for rx, lv in vocab.heading_res() if (m := rx.match(stripped))), (None, 0)) if (
                stripped[:1] in _HEADING_STARTS) else (None, 0)
            level = marker[1]
            short = len(whole) <= max_chars and not whole.endswith(LINE_ENDS)
            numbered = level and len(whole) <= max_chars
            introduces = short or whole.endswith(vocab.words("intro_endings"))
            if not out and short:
                out.append(Block(lo, hi, "heading", 0))  # the title: its year holds for the whole text
            elif len(out) == 1 and out[0].kind == "heading" and _TITLE_SPAN.match(whole):
                # 专项行动方案\n(2025—2027年): the title's span of years wrapped onto the next line
                out.append(Block(lo, hi, "heading", 0))
            elif not (numbered or introduces) or _states_a_quantity(
                    stripped[marker[0].end() :] if marker[0] is not None else line):
                out.append(Block(lo, hi, "paragraph"))  # (a line that could be no heading is not read for quantities)
            elif numbered:
                out.append(Block(lo, hi, "heading", level))
            else:
                out.append(Block(lo, hi, "heading", 9))
        return out

    @lazy
    def _sentence_bounds(self) -> list[int]:
        return _delimiters(self.text, SENTENCE_DELIMS)  # (where _SENTENCE_DELIM matches)

    @lazy
    def _clause_bounds(self) -> list[int]:
        return _delimiters(self.text, CLAUSE_DELIMS)  # (where _CLAUSE_DELIM matches)

    def sentence_start(self, pos: int, lo: int = 0) -> int:
        k = bisect_left(self._sentence_bounds, pos)
        return max(lo, self._sentence_bounds[k - 1] + 1 if k else 0)

    def sentence_end(self, pos: int, hi: int | None = None) -> int:
        k = bisect_left(self._sentence_bounds, pos)
        end = self._sentence_bounds[k] if k < len(self._sentence_bounds) else len(self.text)
        return min(end, hi if hi is not None else end)

    @lazy
    def _full_stops(self) -> list[int]:
        return char_positions(self.text, FULL_STOPS)

    def full_sentence_start(self, pos: int, lo: int = 0) -> int:
        """Start of the sentence holding `pos`, read across ；and ; (up to 。!? or a line break), `lo` at the
        earliest (found by bisection: a text with few full stops is not scanned back for every number)."""
        k = bisect_left(self._full_stops, pos)
        return max(lo, self._full_stops[k - 1] + 1 if k else 0)

    def clause_start(self, pos: int, lo: int = 0) -> int:
        k = bisect_left(self._clause_bounds, pos)
        return max(lo, self._clause_bounds[k - 1] + 1 if k else 0)

    def clause_end(self, pos: int, hi: int) -> int:
        """End of the clause at pos; a clause that only states a baseline (与2010年相比,) runs on."""
        continuations = vocab.words("clause_continuations")
        k = bisect_left(self._clause_bounds, pos)
        while k < len(self._clause_bounds):
            i = self._clause_bounds[k]
            if i >= hi:
                return hi
            # A clause runs on past a comma after a baseline (与2010年相比,) and past a colon that
            # introduces the values (分别为:435.7、436.4).
            if not ((self.text[i] == "," and self.text[pos:i].endswith(continuations)) or self.text[i] == ":"):
                return i
            k += 1
        return hi

    # ----------------------------------------------------------------- years

    @lazy
    def years(self) -> list[YearMention]:
        """Every target-year mention (baselines and dates excluded), in text order."""
        text = self.text
        taken = vocab.baseline_spans(text)
        taken_starts = [a for a, _ in taken]
        outcome_prefixes = vocab.words("outcome_year_prefixes")
        from_markers = vocab.words("from_markers")
        possessive = vocab.lexicon()["possessive"]
        attribute_words = vocab.words("year_attribute_words")
        act_verbs = vocab.words("year_act_verbs")
        named = self._plan_name_spans
        work_suffix = vocab.lexicon()["year_period_suffix"]
        bare_ends = vocab.bare_year_end()[0]
        since_words = vocab.words("period_since_words")
        rounds = vocab.words("funding_round_words")
        founding = vocab.words("founding_words")
        effects = self._matches_of(vocab.effect_finder())[0]  # searched once, shared with _effect_between
        out = [YearMention(m.start(), m.end(), int(m.group(0)), "stated") for m in _BARE_LISTED_YEAR.finditer(text)
               if not _inside(named, m.start())]
        for start, end, kind, token in vocab.year_mentions(text):
            if _inside(named, start):
                continue  # 工作计划(2025—2027年): the span a plan's name gives, not a year this text aims at
            if text.startswith(attribute_words, end) or (
                    text.startswith(work_suffix, end) and text.startswith(attribute_words, end + len(work_suffix))):
                continue  # 2009年(度)开工的11个项目: the year describes the projects, it is no year aimed at
            if kind == "relative" and _inside(effects, start):
                continue  # 建成后年新增…: the 后 closes 建成后, it opens no 后年
            k = bisect_right(taken_starts, start)
            if k and taken[k - 1][0] <= start < taken[k - 1][1]:
                continue
            if k < len(taken) and start <= taken[k][0] < end:
                continue
            basis = {"relative": "relative", "period": "plan_period"}.get(kind, "stated")
            before = text[max(0, start - 4) : start]
            year = vocab.year_from(kind, token, self.issued_year if self.issued_year is not None else self.inferred_year)
            if kind == "relative" and year is None and self.issued_year is None:
                year = self._plan_named_for_its_span(token)
            if text.startswith(act_verbs, end) and year is not None and self.issued_year is not None and (
                    year < self.issued_year):
                continue  # 省发改委去年批复…,项目包括改建145处…: when an act was done, no year its works are due
            if kind == "relative" and year is not None and year - 1 in self._spans_from_issue_year and _counts_years(token):
                year -= 1  # 未来三年 in a text of 2023 that names its span 2023—2025年: the span's last year
            # 由2014年的105.7 / 由2014年105.7亿立方米增加到…: the year a change starts from (a stated year with
            # its value right after it too)
            starting = before.endswith(from_markers) and (
                text.startswith(possessive, end) or text[start:end].endswith(possessive)
                or (kind != "relative" and text[end : end + 1].isdigit()))
            # 今年以来,…推动28个工程建设,项目计划总投资达23.70亿元: where a look back starts, no year aimed at (in an
            # undated text the unknown year still stops the search for one)
            starting = starting or (year is not None and kind == "relative" and text.startswith(since_words, end))
            out.append(YearMention(start, end, year, basis,
                                   outcome=before.endswith(outcome_prefixes) or start in self._past_span_ends,
                                   starting=starting, own_sentence=(kind == "relative" and token in bare_ends)
                                   or _names_a_funding_round(text, end, rounds, work_suffix)
                                   or before.endswith(founding)))  # 始建于1978年: dates the works only
        for start, end, year in vocab.era_year_mentions(text):  # 113年 in a text counting 民國 years: 2024
            if not _inside(named, start) and not _inside(taken, start):
                out.append(YearMention(start, end, year, "stated",
                                       outcome=text[max(0, start - 4) : start].endswith(outcome_prefixes)))
        return self._durations_from_a_start(self._anaphoric_years_resolved(sorted(out, key=lambda y: y.pos)))

    def _durations_from_a_start(self, years: list[YearMention]) -> list[YearMention]:
        """`years` with each length of time counted in years (用3年的时间, 力争3年时间, 两年内) that follows the stated year
        starting it (`_span_start`) run from that year as its first (2018年…,力争3年时间 → 2020; 从2007年开始,…用3年的时间 →
        2009); a year written as a start (lexicon span_start_words: 从2007年开始) is made one, no year aimed
        at.  A length with no such start keeps its year from the date."""
        lex = vocab.lexicon()
        starts = vocab.words("span_start_words")
        out = list(years)
        for i, y in enumerate(out):
            token = self.text[y.pos : y.end]
            if y.basis != "relative" or not _counts_years(token) or (j := _span_start(self.text, out, i)) is None:
                continue
            if self.text.startswith(starts, out[j].end):
                out[j] = replace(out[j], starting=True)
            out[i] = replace(y, year=out[j].year + int(lex["relative_years"][token]) - 1)
        return out

    def _anaphoric_years_resolved(self, years: list[YearMention]) -> list[YearMention]:
        """`years` with each word naming the year just spoken of (lexicon anaphoric_years: 2018年,…。当年解决2.6万人…)
        given the last year stated before it in its paragraph (basis context); with none, it stays a year of the
        text's own time (当年项目开工率达100%: this year).  In an undated text, a word naming the year of the account
        (lexicon undated_anaphoric_years: 2024年,全区…。本年度,各断面…) takes the last year stated before it anywhere."""
        words = vocab.lexicon()["anaphoric_years"]
        undated = vocab.words("undated_anaphoric_years") if self.issued_year is None else ()
        out, last = [], None
        for y in years:
            token = self.text[y.pos : y.end]
            if y.basis == "relative" and last is not None and (
                    (token in words and self.block_start(last.pos) == self.block_start(y.pos))
                    or (y.year is None and token in undated)):
                y = replace(y, year=last.year, basis="context")
            elif y.basis == "stated" and y.year is not None and not y.starting:
                last = y
            out.append(y)
        return out

    @lazy
    def inferred_year(self) -> int | None:
        """For an undated text, the year its relative years (今年, 全年) speak from, when the text tells it: the
        latest work year it names in a sentence of aims (签订了2010年度目标责任书, 《…2024年度实施计划》, 2023年第1号河长令
        …要求), else the year after the one a 今年-sentence compares with (今年…水利投资比2011年增加30%); None otherwise."""
        if self.issued_year is not None:
            return None
        text, lex = self.text, vocab.lexicon()
        markers = lex["target_markers"]
        work = [vocab.year_value(m.group(1)) for m in _WORK_YEAR.finditer(text)
                if any(w in text[self.sentence_start(m.start()) : self.sentence_end(m.end())] for w in markers)
                ] if any(w in text for w in _WORK_YEAR_WORDS) else []  # (a find first: most texts name no 年度)
        if work:
            return max(work)
        bases = set()
        for m in _THIS_YEAR.finditer(text) if any(w in text for w in lex["present_year_words"]) else ():
            sentence = text[self.sentence_start(m.start()) : self.sentence_end(m.end())]
            bases |= {vocab.year_value(b.group(1)) for b in _BASE_YEAR.finditer(sentence)}
        return max(bases) + 1 if len(bases) == 1 else None

    def _plan_named_for_its_span(self, token: str) -> int | None:
        """In an undated text, the last year of the one plan it names by its period (“十三五”规划纲要草案提出,今后五年,…):
        a relative span as long as a plan period (今后五年, 未来五年) is that plan's; None when the span is of another
        length, or the text names no such plan or several (lexicon plan_periods, plan_period_length, five_year_plan_words)."""
        lex = vocab.lexicon()
        if lex["relative_years"][token] != int(lex["plan_period_length"]):
            return None
        named = {int(year) for name, year in lex["plan_periods"].items() if _PLAN_NAMED(name).search(self.text)}
        return named.pop() if len(named) == 1 else None

    @lazy
    def _year_spans(self) -> list[tuple[int, int, int]]:
        """(first year, last year, where the last year begins) of every span of years the text names."""
        return [(vocab.year_value(m.group(1)), vocab.year_value(m.group(2)), m.start(2))
                for m in vocab.year_span_re().finditer(self.text)]

    @lazy
    def _past_span_ends(self) -> set[int]:
        """Where the last year of a span of years before the year of issue begins (2005年到2013年 in a text of
        2014): what the span's values say happened, not what is aimed at."""
        issued = self.issued_year
        return set() if issued is None else {at for first, last, at in self._year_spans if first < last < issued}

    @lazy
    def _spans_from_issue_year(self) -> set[int]:
        """The last years of the spans of years the text names that start in its year of issue (方案(2023—2025年)
        in a text of 2023; “十二五”末 in a text of 2011, the period's first year): a span of N years counted from now
        (未来三年, 通过5年努力) ends there, not N years later."""
        issued = self.issued_year
        if issued is None:
            return set()
        lex = vocab.lexicon()
        first = 1 - int(lex["plan_period_length"])  # “十二五”: 2011—2015
        named = {int(end) for name, end in lex["plan_periods"].items() if int(end) + first == issued and name in self.text}
        return named | {last for first, last, _ in self._year_spans if first == issued < last}

    @lazy
    def _plan_name_spans(self) -> list[tuple[int, int]]:
        """(start, end) of the brackets after a plan's name in running text (用水定额制修订工作计划(2025—2027年));
        not in a heading, whose years are the document's own."""
        heads = [(b.start, b.end) for b in self.blocks if b.kind == "heading"]
        return [(m.start(1), m.end(1)) for m in vocab.plan_name_brackets_re().finditer(self.text)
                if not _inside(heads, m.start())]

    def last_year_before(self, pos: int, lo: int, *, flagged: bool = False) -> YearMention | None:
        """The last year mention in text[lo:pos] (only those flagged as outcome years with `flagged`)."""
        positions = self._flagged_positions if flagged else self._year_positions
        items = self._flagged if flagged else self.years
        k = bisect_left(positions, pos) - 1
        return items[k] if k >= 0 and items[k].pos >= lo else None

    def targeted_between(self, lo: int, hi: int) -> bool:
        """Whether a year aimed at (到2025年) is mentioned in text[lo:hi]."""
        k = bisect_left(self._targeted_positions, lo)
        return k < len(self._targeted_positions) and self._targeted_positions[k] < hi

    @lazy
    def _flagged(self) -> list[YearMention]:
        return [y for y in self.years if y.outcome]

    @lazy
    def _flagged_positions(self) -> list[int]:
        return [y.pos for y in self._flagged]

    @lazy
    def _targeted_positions(self) -> list[int]:
        return [y.pos for y in self.years if self.is_targeted(y)]

    def outcome_before(self, lo: int, pos: int) -> int | None:
        """The end of the last outcome candidate starting in text[lo:pos] (normalised), or None."""
        k = bisect_left(self._outcome_starts, pos) - 1
        return self.outcome_spans[k][1] if k >= 0 and self._outcome_starts[k] >= lo else None

    def add_outcome(self, start: int, end: int) -> None:
        k = bisect_left(self._outcome_starts, start)
        self._outcome_starts.insert(k, start)
        self.outcome_spans.insert(k, (start, end))

    def is_targeted(self, y: YearMention) -> bool:
        """Whether a year mention names a year aimed at: 到/至/力争… before it, 底前/前/末 in it, or a modal and a verb
        of change right after it (2025年要达到87.5%); read from the text at and around the mention only, so asked once
        per place."""
        key = (y.pos, y.end)
        if key not in self._targeted:
            self._targeted[key] = self._is_targeted(y)
        return self._targeted[key]

    def _is_targeted(self, y: YearMention) -> bool:
        lex = vocab.lexicon()
        at = self._before_a_copy_of_the_year(y)
        lead = self.text[max(0, at - 4) : at]
        if self.text.startswith(vocab.words("value_of_year_marks"), y.end):
            return False  # 下降至2020年的432亿立方米: the value of that year, not a year aimed at
        if self.text.startswith(vocab.words("not_deadline_after"), y.end):
            return lead.endswith(vocab.words("target_year_prefixes"))  # 2024年前三季度: part of that year
        led = lead.endswith(vocab.words("target_year_prefixes")) and not self.text[max(0, at - 6) : at].endswith(
            vocab.words("done_target_year_prefixes")) and not self._told_as_learned(at)  # 已于2015年底展开: done then
        return (led
                or self.text[y.pos : y.end].endswith(vocab.words("year_deadline_words", "deadline_ends"))
                or self.text.startswith(_modal_changes(), y.end)
                or self.text[y.pos : y.end] in lex["season_of_works_years"]
                or self._work_arranged(y) or self._names_its_goals(y) or self._after_a_plan_cited(y))

    def _told_as_learned(self, at: int) -> bool:
        """Whether the word leading a year at `at` is one that places what is told in time (lexicon
        learned_year_leads: 在) right after what a reporter learned (记者获悉,在2019年,全省…: the year of the news,
        not one aimed at; 据悉,到2025年… keeps its aim)."""
        lex = vocab.lexicon()
        lead = next((w for w in lex["learned_year_leads"] if self.text.startswith(w, at - len(w))), None)
        if lead is None:
            return False
        return self.text[max(0, at - len(lead) - 8) : at - len(lead)].rstrip(" ,:").endswith(
            tuple(lex["news_learned_words"]))

    def _before_a_copy_of_the_year(self, y: YearMention) -> int:
        """Where the words leading a year begin: before a copy of its digits written twice in a garbled copy (到 2026
        2026 年 → 到), else at the year."""
        m = _YEAR_DIGITS_AT_END.search(self.text, max(0, y.pos - 6), y.pos)
        return m.start() if m is not None and m.group(1) == self.text[y.pos : y.pos + 4] else y.pos

    def _after_a_plan_cited(self, y: YearMention) -> bool:
        """Whether the words of its sentence before a year only cite a plan or guideline (根据意见,2025年,全市…达到25%以上;
        按照《规划》要求,2030年…): the year is that plan's aim (not 根据统计,2020年…, nor 根据规划,全市已于2020年…)."""
        lex = vocab.lexicon()
        lead = self.text[self.full_sentence_start(y.pos, max(0, y.pos - 40)) : y.pos]
        lead = lead.strip(" ,:").translate({ord(c): None for c in lex["title_brackets"]})
        return (lead.startswith(tuple(lex["plan_citing_words"])) and lead.endswith(tuple(lex["cited_plan_nouns"]))
                and not any(ch in lead for ch in ",;:") and not self._goes_on_to_a_later_year(y))

    def _goes_on_to_a_later_year(self, y: YearMention) -> bool:
        """Whether the sentence of a year goes on to a later one (根据《规划》,2015年…为250亿立方米,到2025年控制在…以内:
        the first year is the plan's base, not its aim)."""
        return y.year is not None and any(
            z.year is not None and z.year > y.year for z in self.years_between(y.end, self.sentence_end(y.end)))

    def _work_arranged(self, y: YearMention) -> bool:
        """Whether a year names the work a text sets out (2015年全省水利工作) and its clause goes on to say that work is
        being arranged (…进行了安排部署: lexicon work_arranging_words) — a year aimed at (not 总结2023年度工作进展)."""
        if not self.names_work_of(y):
            return False
        rest = self.text[y.end : self.clause_end(y.end, self.sentence_end(y.end))]
        return any(w in rest for w in vocab.lexicon()["work_arranging_words"])

    def _names_its_goals(self, y: YearMention) -> bool:
        """Whether a few words after a year, in its clause, name that year's aims (2026年供水工作的主要目标已经确定),
        with no word saying they were met (2025年主要目标全面完成)."""
        end = self.clause_end(y.end, len(self.text))
        near = self.text[y.end : min(end, y.end + 16)]
        if not any(w in near for w in vocab.lexicon()["year_goal_nouns"]):
            return False
        return not any(w in self.text[y.end : end] for w in vocab.lexicon()["aim_met_verbs"])

    def aims_at_period_after(self, y: YearMention) -> bool:
        """Whether the paragraph of a plan-period mention goes on to a span of years starting right after
        the period (“十四五”时期,…;2026年—2035年,…): successive stages of one plan, none of them past."""
        hi = min(self.block_end(self.block_start(y.pos)), y.end + 80)  # the next few clauses
        marks = vocab.words("range_marks")
        return any(m.year == y.year + 1 and self.text.startswith(marks, m.end) for m in self.years_between(y.end, hi))

    @lazy
    def is_plan(self) -> bool:
        """Whether the text's first line is a title that names a plan (…节水行动实施方案, …规划): its bare values
        set out aims."""
        if not self.blocks:
            return False
        lex = vocab.lexicon()
        title = self.text[self.blocks[0].start : self.blocks[0].end].strip()
        # (a first line that ends a sentence, 《实施方案》印发后,…取得明显成效。, speaks of a plan: no title)
        return (len(title) <= lex["heading_max_chars"] and not title.endswith(tuple(SENTENCE_DELIMS))
                and any(w in title for w in lex["plan_title_words"]))

    @lazy
    def present_year(self) -> int | None:
        """The year the document speaks from: its year of issue, or else the earliest year it aims at
        (到2025年); None when it states neither.  Years before it report what happened."""
        if self.issued_year is not None:
            return self.issued_year
        aimed = [y.year for y in self.years if y.year is not None and y.basis == "stated" and self.is_targeted(y)]
        return min(aimed) if aimed else None

    @lazy
    def _year_positions(self) -> list[int]:
        return [y.pos for y in self.years]

    def years_between(self, lo: int, hi: int) -> list[YearMention]:
        a = bisect_left(self._year_positions, lo)
        b = bisect_left(self._year_positions, hi)
        return self.years[a:b]

    @lazy
    def _heading_years(self) -> list[tuple[int, YearMention | None]]:
        """(block start, year mention in force from the headings above it) for every block."""
        stack: list[tuple[int, YearMention | None]] = []  # (level, year) of the open headings
        out = []
        year = None  # the last year of the open headings (the stack changes at headings only)
        periods = {**vocab.lexicon()["plan_periods"], **vocab.lexicon()["plan_period_long_names"]}
        for b in self.blocks:
            if b.kind == "heading":
                while stack and stack[-1][0] >= b.level and stack[-1][0] != 0:
                    stack.pop()
                # a heading's own years are read as context; the headings above it still hold
                out.append((b.start, _year_in_force(stack)))
                found = self._heading_years_aimed(b.start, b.end)
                if not found:  # a heading naming a plan period (“十四五”节水主要指标) gives its last year
                    named = [p for p in periods if p in self.text[b.start : b.end]]
                    if named:
                        found = [YearMention(b.start, b.end, int(periods[named[-1]]), "plan_period")]
                stack.append((b.level, found[-1] if found else (_NO_YEAR if self._ahead_of_a_review(b, stack) else None)))
                year = _year_in_force(stack)
                continue
            out.append((b.start, year))
        return out

    def _ahead_of_a_review(self, b: Block, stack: list[tuple[int, YearMention | None]]) -> bool:
        """Whether heading `b`, with no year of its own, names a part ahead (下一步工作打算) under a year given by a
        heading or title of a review (…2023年工作总结): the year reviewed is no year of its aims."""
        y = _year_in_force(stack)
        if y is None or _looks_back(self.text[b.start : b.end]) is not False:
            return False
        return _looks_back(self.text[self.block_start(y.pos) : self.block_end(y.pos)]) is True

    def _heading_years_aimed(self, lo: int, hi: int) -> list[YearMention]:
        """The years a heading text[lo:hi] gives the blocks under it: its years, less a year of a long-range vision
        named beside a plan period (“十四五”规划和2035年远景目标纲要 gives “十四五”, not 2035; lexicon
        vision_after_year, plan_periods, plan_period_long_names)."""
        found = [y for y in self.years_between(lo, hi) if y.year is not None]
        lex = vocab.lexicon()
        heading = self.text[lo:hi]
        if not any(p in heading for p in (*lex["plan_periods"], *lex["plan_period_long_names"])):
            return found
        return [y for y in found if not self.text.startswith(tuple(lex["vision_after_year"]), y.end)]

    @lazy
    def _line_starts(self) -> list[int]:
        return [lo for lo, _ in self.nt.lines]

    @lazy
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def lead_before(self, pos: int, reach: int) -> str | None:
        """The text of the nearest line ending with a colon among the `reach` blocks before the block holding
        `pos` (规划提出三大领域目标: over 一是…, 二是…), or None."""
        k = bisect_right(self._block_starts, pos) - 1
        for b in reversed(self.blocks[max(0, k - reach) : max(k, 0)]):
            line = self.text[b.start : b.end].rstrip()
            if line.endswith(vocab.words("lead_ends")):
                return line
        return None

    def block_start(self, pos: int) -> int:
        """Start of the block (line) holding `pos`."""
        return self._line_starts[bisect_right(self._line_starts, pos) - 1]

    def block_index(self, pos: int) -> int | None:
        """The index in `blocks` of the block holding `pos`, or None (a blank line)."""
        k = bisect_right(self._block_starts, pos) - 1
        return k if k >= 0 and pos < self.blocks[k].end else None

    def block_before(self, pos: int) -> Block | None:
        """The block right before the one holding `pos` (blank lines skipped), or None."""
        k = bisect_right(self._block_starts, pos) - 1
        return self.blocks[k - 1] if k >= 1 else None

    @lazy
    def _heading_starts(self) -> list[int]:
        return [s for s, _ in self._heading_years]

    def heading_above(self, pos: int) -> str | None:
        """The text of the nearest heading (or title) above the block holding `pos`, or None."""
        k = bisect_right(self._heading_blocks, pos) - 1
        if k < 0:
            return None
        b = self.blocks[self._heading_indexes[k]]
        return self.text[b.start : b.end] if b.end <= pos else None

    @lazy
    def _review_blocks(self) -> list[bool]:
        """For each block, whether the innermost open title or heading that tells a review from a part ahead names a
        review (…2023年度工作总结, 一、2023年工作完成情况) and no part ahead (…及2024年工作安排, 二、2024年工作思路)."""
        stack: list[tuple[int, bool]] = []  # (level, looks back) of the open headings that tell one or the other
        out = []
        for b in self.blocks:
            if b.kind == "heading":
                while stack and stack[-1][0] >= b.level and stack[-1][0] != 0:
                    stack.pop()
                if (back := _looks_back(self.text[b.start : b.end])) is not None:
                    stack.append((b.level, back))
            out.append(bool(stack) and stack[-1][1])
        return out

    def in_a_review(self, pos: int) -> bool:
        """Whether the block holding `pos` stands in a section (or a text) that reviews work done (`_review_blocks`)."""
        k = bisect_right(self._block_starts, pos) - 1
        return k >= 0 and self._review_blocks[k]

    @lazy
    def _heading_indexes(self) -> list[int]:
        return [i for i, b in enumerate(self.blocks) if b.kind == "heading"]

    @lazy
    def _heading_blocks(self) -> list[int]:
        return [self.blocks[i].start for i in self._heading_indexes]

    def heading_year(self, pos: int) -> YearMention | None:
        k = bisect_right(self._heading_starts, pos) - 1
        return self._heading_years[k][1] if k >= 0 else None

    def _in_an_aside(self, y: YearMention, before: int) -> bool:
        """Whether year mention `y` stands in a bracketed aside closed before `before` (2017年,取水量14.3亿立方米(两县
        超2020年红线指标)。…系数为0.543: the aside's year governs none of the sentences after it)."""
        t = self.text
        if bracket_opened(t, y.pos, 0) < 0:
            return False
        closed = [k for k in (t.find(")", y.end, before), t.find("）", y.end, before)) if k >= 0]
        return bool(closed) and min(closed) > y.end  # (not 远期目标（至2030年）。…, a bracket holding the year alone)

    def _row_label_year(self, pos: int) -> YearMention | None:
        """The year a bracket closes the label cell of `pos`'s table row with, when `pos` is in a later cell
        (中期蓝图 Mid-term(2020)<tab>…用水总量控制在30亿立方米: 2020), else None."""
        line_lo = self.text.rfind("\n", 0, pos) + 1
        m = _ROW_LABEL_YEAR.match(self.text, line_lo)
        return YearMention(m.start(1), m.end(1), int(m.group(1)), "stated") if m and m.end() <= pos else None

    def year_for(self, pos: int, lo: int) -> tuple[int | None, str, YearMention | None]:
        """(target year, year basis, mention) for a number at `pos` whose block starts at `lo`: the
        latest year mention before it in its sentence (stated / plan_period / relative), else in its
        block (context), else the heading above it (heading)."""
        sent_lo = self.sentence_start(pos, lo)
        k = bisect_left(self._year_positions, pos) - 1
        while k >= 0 and self.years[k].pos >= lo and (
                self.years[k].starting or ((self.years[k].own_sentence or self._a_day_gone_by(self.years[k]))
                                           and self.years[k].pos < sent_lo)
                or (self.years[k].pos < sent_lo and self._in_an_aside(self.years[k], sent_lo))):
            k -= 1  # 由去年的0.46提高到0.47: the year of the starting value is not the year aimed at (nor 年底前 that of
            # the sentences after its own, nor a year in a bracketed aside of an earlier sentence)
        if self._titled_plan_spans and not (k >= 0 and self.years[k].pos >= sent_lo):
            named = self._period_of_a_plan_named(self.full_sentence_start(pos, lo), pos)
            if named is not None:
                return named.year, "plan_period", named
        if k >= 0 and self.years[k].pos >= lo:
            y = self.years[k]
            if (y.year is not None and not self.is_targeted(y) and y.basis != "plan_period" and not self._works_due(y)
                    and self._effect_between(max(y.end, self._effect_reach(sent_lo, lo)), pos, y.end)):
                return None, "none", y  # (今年…。)此3处工程建成后,将新增…: what a project brings once built has no year
                # (but 2016年项目实施后 names the year of the projects themselves, and “十四五”期间,要对…实施改造,完成后
                # 可新增… — or “十三五”期间,…建设…。建成后供水规模将达到… — the period the works are done in and bring
                # their effect); nor has the next sentence, which goes on with the effect (项目完成后,可实现…。项目区将
                # 新增…)
            if y.pos >= sent_lo:
                if y.year is not None and self._full_build_between(y.end, pos):
                    return None, "none", y  # 预计2027年完工,供应…0.53万吨,全期每日供水1.06万吨: the whole build has no year
                later = self._deadline_later_in_sentence(pos) if y.year is None else None
                if later is not None:  # 今年底完成评估,…可日产8万吨,力争2025年完工 (今年 unresolved): the works' deadline
                    return later.year, "stated", later
                return y.year, (y.basis if y.year is not None else "none"), y
            if y.year is not None and any(w in self.text[sent_lo:pos] for w in vocab.lexicon()["many_years_words"]):
                return None, "none", y  # 2014年,…启动试点。多年来,…已累计形成…22亿立方米: a sum over many years
            if y.year is not None and vocab.event_horizon_re().search(self.text, sent_lo, pos):
                return None, "none", y  # 到2020年,…。到试点全面建成时,绿地率不低于37%: an event, not that year
            if y.year is not None:
                return y.year, "context", y
            return None, "none", y
        y = self._deadline_later_in_sentence(pos)
        if y is not None:
            return y.year, "stated", y
        y = self._year_of_run_on(lo)
        if y is not None:
            return y.year, "context", y
        y = self._year_before_bullets(lo)
        if y is not None:
            return y.year, "context", y
        y = self._row_label_year(pos)
        if y is not None:
            return y.year, "heading", y
        h = self.heading_year(pos)
        if h is not None:
            if (h.year is not None and h.basis != "plan_period" and not self.is_targeted(h)
                    and self._effect_between(sent_lo, pos)):
                return None, "none", h  # a title's year over 此次开工的工程…,建成后年新增…: the effect has no year
            return h.year, "heading", h
        m = self._month_of_issue_year(lo)
        if m is not None and (m.pos < pos or not self._month_reported(m)):
            return m.year, "relative", m  # (截至10月底 speaks of the values after it, not of those before)
        d = self.year_of_document(lo) if not self._effect_between(sent_lo, pos) else None
        d = replace(d, whole_text=True) if d is not None else None
        if d is not None and not any(m in self.text[sent_lo:pos] for m in vocab.lexicon()["stripped_year_marks"]):
            return d.year, "context", d
        return None, "none", None

    @lazy
    def _titled_plan_spans(self) -> list[tuple[str, int, int]]:
        """(name, last year, where that year begins) of every plan title in 《》 that holds its span of years
        (《全省灌区节水改造实施方案(2016—2020年)》 → 全省灌区节水改造实施方案, 2020)."""
        opening = vocab.lexicon()["title_brackets"][0]
        out = []
        for _, last, at in self._year_spans:
            if in_title(self.text, at):
                k = self.text.rfind(opening, 0, at)
                name = _TITLE_SPAN_TAIL.sub("", self.text[k + 1 : at])
                if name.endswith(vocab.words("plan_names")):
                    out.append((name, last, at))
        return out

    def _period_of_a_plan_named(self, sent_lo: int, pos: int) -> YearMention | None:
        """For a number whose sentence (read across semicolons, from `sent_lo`) names no year of its own but speaks
        of aims (lexicon target_markers) of a plan it names in 《》 (《实施方案》预期目标包括…;…达到0.49以上): the last
        year of the span the text gives that plan's title earlier (《全省灌区节水改造实施方案(2016—2020年)》)."""
        spans = self._titled_plan_spans
        if self.years_between(sent_lo, pos):
            return None
        sentence = self.text[sent_lo:pos]
        titles = short_title()
        if not any(w in titles.sub("", sentence) for w in vocab.lexicon()["target_markers"]):
            return None  # (计划 in 《…行动计划》实施以来 is a name, no word of aims)
        for m in titles.finditer(sentence):
            lasts = {last for name, last, at in spans if at < sent_lo and name.endswith(m.group(1))}
            if len(lasts) == 1:  # (the mention stands where the sentence names the plan: it governs from there)
                return YearMention(sent_lo + m.start(), sent_lo + m.end(), lasts.pop(), "plan_period")
        return None

    def _full_build_between(self, lo: int, hi: int) -> bool:
        """Whether a word of the works at their full build (lexicon full_build_words: 全期) stands in text[lo:hi]
        after a clause mark and a number, the first phase's (…2029年起供应…2.2万吨,全期每日可供8.8万吨): the value
        after it is the whole build's, not the first phase's of that year (到2027年,…全期每日供水3万吨 is that year's)."""
        for w in vocab.words("full_build_words"):
            k = self.text.find(w, lo, hi)
            if k > lo and _CLAUSE_DELIM.search(self.text, lo, k) is not None and self.numbers_in(lo, k):
                return True
        return False

    def _a_day_gone_by(self, y: YearMention) -> bool:
        """Whether a year mention dates an event already done (今年2月已启动新一轮节水运动; 2023年5月已建成): a month
        after it and a word of something done (lexicon done_marks_after_a_date: 已) later in its clause — the date of
        that event, no year for the sentences after it."""
        m = _MONTH_AFTER_YEAR().match(self.text, y.end)
        return m is not None and any(
            w in self.text[m.end() : self.clause_end(m.end(), len(self.text))] for w in vocab.words("done_marks_after_a_date"))

    def works_due(self, y: YearMention) -> bool:
        """Whether a year is when works ahead are due (see `_works_due`)."""
        return self._works_due(y)

    def _works_due(self, y: YearMention) -> bool:
        """Whether a year is when works ahead are due (预计2024年5月底全面完成, 计划2026年建成): a word of projection
        or plan before it in its clause (lexicon `works_due_leads`) and a word of completion closing the clause after
        it (`completion_words`) — what the works bring once done (项目完工后,将恢复灌面…) is aimed at that year."""
        lo, hi = self.clause_start(y.pos), self.clause_end(y.end, len(self.text))
        after = self.text[y.end : hi].rstrip("。;,")
        return (not y.outcome and after.endswith(vocab.words("completion_words"))
                and any(w in self.text[lo : y.pos] for w in vocab.words("works_due_leads")))

    def _effect_reach(self, sent_lo: int, lo: int) -> int:
        """Where a word of what a project brings once done still governs a number whose sentence starts at `sent_lo`
        (in the block starting at `lo`): from the start of the sentence before it — a sentence of effects runs on
        into the next one (项目完成后,可实现压采230万立方米。项目区将新增…3.882万亩) — but no further back."""
        return self.sentence_start(sent_lo - 1, lo) if sent_lo > lo else sent_lo

    def _deadline_later_in_sentence(self, pos: int) -> YearMention | None:
        """For a number no year before it governs in its block, a deadline of the works later in its sentence:
        a year aimed at and followed by a word of completion that ends its clause (总投资55亿元,于2008年9月开工,
        计划于2012年完成。), or the
        last year of the span the works are given (计划总投资约22亿元,项目实施时间为2023—2025年)."""
        done = vocab.lexicon()["completion_words"]
        for y in self.years_between(pos, self.sentence_end(pos)):
            if y.year is not None and not y.outcome and (y.pos in self._plan_span_ends or (self.is_targeted(y) and any(
                    self.text.startswith(w, y.end) and self._ends_clause(y.end + len(w)) for w in done))):
                return y
        return None

    def _ends_clause(self, pos: int) -> bool:
        """Whether a clause ends at `pos` (a delimiter or the end of the text follows): 计划于2012年完成。 closes
        its clause, 2013年前完成…1070座… goes on to its own object."""
        return pos >= len(self.text) or _CLAUSE_DELIM.match(self.text, pos) is not None

    def _effect_between(self, lo: int, hi: int, after: int | None = None) -> bool:
        """Whether a word of what a project brings once done (建成后, 实施后) stands in text[lo:hi] (with `after`,
        only one in a later clause than the position `after`)."""
        return any(after is None or _CLAUSE_DELIM.search(self.text, after, a) is not None
                   for a, _, _ in self.matches_between(vocab.effect_finder(), lo, hi))

    def _month_reported(self, m: YearMention) -> bool:
        """Whether a bare month is one reported up to (截至10月底: 至 ends 截至), not one aimed at."""
        return self.text[max(0, m.pos - 4) : m.pos].endswith(vocab.words("outcome_year_prefixes"))

    def _month_of_issue_year(self, lo: int) -> YearMention | None:
        """In a dated text that is no plan, a paragraph that aims at a month with no year (本次补水行动将于4月~5月
        实施) or names a day a rule starts from (由三月一日起,…定额配水) speaks of the year of issue."""
        if self.issued_year is None or self.is_plan:
            return None
        if lo not in self._block_months:  # once per block (linear in the text)
            m = (vocab.bare_month_re().search(self.text, lo, self.block_end(lo))
                 or vocab.start_date_re().search(self.text, lo, self.block_end(lo)))  # 由三月一日起,…定额配水
            self._block_months[lo] = YearMention(m.start(1), m.end(1), self.issued_year, "relative") if m else None
        return self._block_months[lo]

    def block_end(self, lo: int) -> int:
        """End of the block (line) starting at `lo`."""
        return self.nt.lines[bisect_right(self._line_starts, lo) - 1][1]

    def first_in_block(self, lo: int) -> tuple[int, int]:
        """(position of the first word looking back, of the first word of aims) in the block starting at
        `lo` (the block's end when there is none); once per block."""
        if lo not in self._block_lookback:
            lex, hi = vocab.lexicon(), self.block_end(lo)
            firsts = []
            found = [k for k in (self.text.find(w, lo, hi) for w in lex["paragraph_looking_back_words"]) if k >= 0]
            firsts.append(min(found, default=hi))
            firsts.append(self._first_aim_word(lo, hi))
            self._block_lookback[lo] = (firsts[0], firsts[1])
        return self._block_lookback[lo]

    def _first_aim_word(self, lo: int, hi: int) -> int:
        """Where the first word of aims (lexicon target_markers) in text[lo:hi] begins, `hi` when there is none; a word
        inside a name that holds it (实施“百千万”行动计划, 计划用水单位: lexicon aim_word_nouns) is none."""
        lex = vocab.lexicon()
        names = [(k, k + len(w)) for w in lex["aim_word_nouns"] for k in occurrences(self.text[lo:hi], w)]
        first = hi
        for word in lex["target_markers"]:
            k = self.text.find(word, lo, hi)
            while 0 <= k < first and any(a <= k - lo < b for a, b in names):
                k = self.text.find(word, k + 1, hi)
            if 0 <= k < first:
                first = k
        return first

    def matches_between(self, pattern: re.Pattern | vocab.WordFinder, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """(start, end, text) of the matches of `pattern` in the whole text that lie in [lo, hi); the text is
        searched once per pattern."""
        found, starts = self._matches_of(pattern)
        return [f for f in found[bisect_left(starts, lo) : bisect_left(starts, hi)] if f[1] <= hi]

    def positions_of(self, chars: str) -> list[int]:
        """Where each character of `chars` stands in the text, in order; found once per set of characters."""
        if chars not in self._char_positions:
            self._char_positions[chars] = char_positions(self.text, chars)
        return self._char_positions[chars]

    def has_match_between(self, pattern: re.Pattern, lo: int, hi: int) -> bool:
        """Whether a match of `pattern` in the whole text lies in [lo, hi) (matches_between without the list)."""
        found, starts = self._matches_of(pattern)
        k = bisect_left(starts, lo)
        while k < len(found) and found[k][0] < hi:
            if found[k][1] <= hi:
                return True
            k += 1
        return False

    def _matches_of(self, pattern: re.Pattern | vocab.WordFinder) -> tuple[list[tuple[int, int, str]], list[int]]:
        """(start, end, text) of every match of `pattern` (a regex or a finder of words) in the text, and their
        starts; searched once per pattern."""
        key = pattern.pattern
        if key not in self._text_matches:
            found = (pattern.spans(self.text) if isinstance(pattern, vocab.WordFinder)
                     else [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(self.text)])
            self._text_matches[key] = (found, [f[0] for f in found])
        return self._text_matches[key]

    def first_match_in_block(self, pattern: re.Pattern, lo: int) -> re.Match | None:
        """The first match of `pattern` from `lo` to the end of its block. A search from the nearest earlier point
        of the block answers when its match starts at `lo` or later, or when it found none — so a long block asked
        about from many points is read about once, not once per point (linear)."""
        froms, found = self._block_matches.setdefault((pattern.pattern, self.block_start(lo)), ([], []))
        k = bisect_right(froms, lo) - 1
        if k >= 0 and (found[k] is None or found[k].start() >= lo):
            return found[k]
        m = pattern.search(self.text, lo, self.block_end(lo))
        froms.insert(k + 1, lo)
        found.insert(k + 1, m)
        return m

    def _year_of_run_on(self, lo: int) -> YearMention | None:
        """For a line after lines that end in ; or , (至2025年,…;\n工业…下降至16m3/万元;), or that opens with
        the parts of a total written before it (…2011—2012年计划…解决32.3万人。\n其中…16.2万人), the last year
        of the nearest of them that names one; each line is walked once (linear in the text)."""
        start, run, found = lo, [], None
        leads = vocab.words("sub_item_leads")
        while start not in self._run_on_years:
            prev_end = lo - 1
            if not (prev_end > 0 and (self.text[prev_end - 1] in ";," or self.text.startswith(leads, lo)
                                      or self._broken_line_before(lo))):
                break
            run.append(lo)
            prev_lo = self.block_start(prev_end - 1)
            k = bisect_left(self._year_positions, prev_end) - 1
            while k >= 0 and self.years[k].pos >= prev_lo and self.years[k].year is None:
                k -= 1
            if k >= 0 and self.years[k].pos >= prev_lo:
                found = self.years[k]
                break
            lo = prev_lo
            if lo in self._run_on_years:
                found = self._run_on_years[lo]
                break
        else:
            return self._run_on_years[start]
        self._run_on_years.update(dict.fromkeys(run or [start], found))
        return found

    def _broken_line_before(self, lo: int) -> bool:
        """Whether the line before the one starting at `lo` is a long line of prose cut in mid-sentence (…病险水\n库除险加固
        7件;…): it ends in a character of a word, not in a mark, and is too long for a heading."""
        prev_lo = self.block_start(lo - 2) if lo > 1 else 0
        end = lo - 1
        while end > prev_lo and self.text[end - 1].isspace():  # (the line's trailing spaces, without copying it)
            end -= 1
        last = self.text[end - 1] if end > prev_lo else ""
        return last.isalpha() and not last.isascii() and end - prev_lo > vocab.lexicon()["heading_max_chars"]

    def _year_before_bullets(self, lo: int) -> YearMention | None:
        """For a bulleted line (●…) or an enumerated paragraph (一是…), the last year of the paragraph that leads
        its run."""
        bullets = (*vocab.lexicon()["list_bullets"], *vocab.lexicon()["enumeration_leads"])
        if not self.text.startswith(bullets, lo):
            return None
        start = lo
        if start not in self._bullet_years:  # one walk back per run of bullets (linear in the text)
            run = [lo]
            found = None
            while lo > 0:
                lo = self.block_start(lo - 1)
                if lo in self._bullet_years:
                    found = self._bullet_years[lo]
                    break
                if not CJK.search(self.text, lo, self.block_end(lo)):
                    continue  # mmexport1703762602048.jpg: a line of a page with no words (an image's name) is passed over
                if not self.text.startswith(bullets, lo):
                    hi = self.block_end(lo)
                    k = bisect_left(self._year_positions, hi) - 1
                    if k >= 0 and self.years[k].pos >= lo and self.years[k].year is not None:
                        found = self.years[k]
                    break
                run.append(lo)
            self._bullet_years.update(dict.fromkeys(run, found))
        return self._bullet_years[start]

    @lazy
    def _document_period(self) -> YearMention | None:
        """The last year of the one plan period the text names (《…“十三五”…规划》, “十一五”期间); None
        when it names none or several."""
        lex = vocab.lexicon()
        periods = lex["plan_periods"]
        named = {int(periods[p]): p for p in periods if p in self.text}
        if len(named) > 1 and self.issued_year is not None:
            # “十三五”期间,…治理…136条 in a text of 2021 that sets out 《…“十四五”规划》: a period over when the text
            # was written is looked back on, the one still to run is the text's own when it names a plan's title
            # (not 编制“十四五”…规划 in passing in a text of 2020 whose aims are its own years)
            named = {year: p for year, p in named.items()
                     if year >= self.issued_year and self._in_a_title(p)}
        if len(named) != 1:
            return None
        if next(iter(named)) in self.periods_looked_back | self.periods_as_baselines:
            return None  # “十四五”以来: the text looks back on the period, it sets no aims for its end
        year, name = next(iter(named.items()))
        if self._aims_at_year_of_issue_only and year != self.issued_year:
            return None  # a year's work (2016年底…, 至年底…) that mentions “十三五”期间 once: not the plan's end
        k = self.text.find(name)
        return YearMention(k, k + len(name), year, "plan_period")

    def _in_a_title(self, name: str) -> bool:
        """Whether `name` is written inside a title (《全省中小河流治理“十四五”规划》)."""
        return any(in_title(self.text, k) for k in occurrences(self.text, name))

    @lazy
    def _aims_at_year_of_issue_only(self) -> bool:
        """Whether a dated text aims at its year of issue (2016年底, 至年底) and at no other stated year."""
        if self.issued_year is None:
            return False
        return {y.year for y in self._aimed_years} == {self.issued_year}

    @lazy
    def _aimed_years(self) -> list[YearMention]:
        """Year mentions a dated text aims at: stated and targeted (2016年底前), the year of issue in a
        sentence of aims (2026年，全省将…), or relative and led by a word of a deadline (至年底) or in a
        sentence of aims (今年将…), not followed by the months gone so far (今年1到8月), not dating an event gone by
        (今年2月已启动…)."""
        prefixes = vocab.words("target_year_prefixes")
        return [y for y in self.years if y.year is not None and not (y.outcome or y.starting or y.own_sentence) and (
            (y.basis == "stated" and (self.is_targeted(y) or (
                y.year == self.issued_year and self.aims_in_sentence(y))))
            or (y.basis == "relative" and not self.months_so_far_after(y) and not self._a_day_gone_by(y) and (
                self.text.startswith(prefixes, y.pos) or self.aims_in_sentence(y))))]

    @lazy
    def approval_lead_end(self) -> int:
        """Where the first lead of a permit or an approval (lexicon approval_leads: 批复如下) ends; -1 if none."""
        ends = [k + len(w) for w in vocab.words("approval_leads") if (k := self.text.find(w)) >= 0]
        return min(ends, default=-1)

    @lazy
    def aims_at_any_year(self) -> bool:
        """Whether the text names any year it aims at (到2025年, 2025年前)."""
        return any(y.year is not None and self.is_targeted(y) for y in self.years)

    @lazy
    def periods_looked_back(self) -> set[int]:
        """Last years of the plan periods the text looks back on (“十四五”以来)."""
        lex = vocab.lexicon()
        since = vocab.words("period_since_words")
        return {int(year) for name, year in lex["plan_periods"].items()
                if any(self.text.startswith(since, _after_quotes(self.text, k + len(name))) for k in occurrences(self.text, name))}

    @lazy
    def periods_as_baselines(self) -> set[int]:
        """Last years of the plan periods the text names only as what a change is measured against
        (较“十三五”末下降21%): no period the text aims at."""
        lex = vocab.lexicon()
        bases = tuple(lex["baseline_prefixes"])
        return {int(year) for name, year in lex["plan_periods"].items()
                if (found := list(occurrences(self.text, name)))
                and all(self.text[max(0, k - 6) : k].rstrip("“\"").endswith(bases) or self._starts_from(k, name)
                        for k in found)}

    def _starts_from(self, k: int, name: str) -> bool:
        """Whether the plan period named at `k` is where a change starts from (由“十一五”末的0.48提高到…: 由/从, the
        period, its end at most, and 的)."""
        lex = vocab.lexicon()
        after = self.text[k + len(name) : k + len(name) + 4].lstrip("”\"")
        after = next((after[len(w):] for w in lex["deadline_ends"] if after.startswith(w)), after)
        return (self.text[max(0, k - 4) : k].rstrip("“\"").endswith(tuple(lex["from_markers"]))
                and after.startswith(lex["possessive"]))

    @lazy
    def _document_aim(self) -> YearMention | None:
        """The one year the text aims at (到2020年), when it names no plan period (or is a year's work that
        mentions one) and aims at no other."""
        if self._aims_at_year_of_issue_only:  # a dated year's work: 2016年底…, 至年底…, “十三五”期间 once
            return self._aimed_years[0]
        if any(p in self.text for p in vocab.lexicon()["plan_periods"]):
            return None
        items = vocab.words("enumeration_leads")
        aimed = {y.year: y for y in self.years
                 if y.year is not None and y.basis == "stated" and not y.outcome and not y.starting and not y.own_sentence
                 and not self.text.startswith(items, self.block_start(y.pos))  # 五是…自2024年起至2029年止…: one item's
                 and (y.pos in self._plan_span_ends or y.pos in self._title_span_ends
                      or (self.is_targeted(y) and not self._reports_in_sentence(y)) or self._leads_aims(y))}
        if not aimed:  # 今年衡水市将…确保全年引调水8亿立方米 (今年冬季…兴修水利): this year's aims in a dated text
            season_years = vocab.lexicon()["season_of_works_years"]
            aimed = {y.year: y for y in self.years if y.basis == "relative" and y.year is not None and not y.own_sentence
                     and self.issued_year is not None and y.year >= self.issued_year and not self.months_so_far_after(y)
                     and not self._a_day_gone_by(y)
                     and (self.aims_in_sentence(y) or self.text[y.pos : y.end] in season_years)}
        if aimed:
            if len(aimed) > 1 or self._aims_at_another_year(next(iter(aimed))):
                return None
            return next(iter(aimed.values()))
        # 潍坊市2023年度节约用水工作会议: the one year whose work the text sets out
        titled = self._titled_plan_years  # 《2020年沈阳市农业农村污染治理工作方案》: the year of a year's plan
        work = {y.year: y for y in self.years if y.year is not None and y.basis == "stated"
                and (self.names_work_of(y) or y.pos in titled)}
        return next(iter(work.values())) if len(work) == 1 else None

    def months_so_far_after(self, y: YearMention) -> bool:
        """Whether the months of the year gone so far follow a year mention (今年1到8月换了88公里, 今年上半年): a span
        reported on, not a year aimed at."""
        return vocab.months_so_far_re().match(self.text, y.end) is not None

    def _aims_at_another_year(self, year: int) -> bool:
        """Whether the text also aims at a later year than its date in a sentence of aims (计划2013年达到5.5亿立方米,
        到2014年…达到8亿立方米): then no one year is the whole text's."""
        return any(y.year is not None and y.year != year and y.basis == "stated" and not y.outcome and not y.starting
                   and y.pos not in self._span_starts  # (2025—2027年): the span's first year is no aim of its own
                   and (self.issued_year is None or y.year > self.issued_year) and self.aims_in_sentence(y)
                   for y in self.years)

    @lazy
    def _span_starts(self) -> set[int]:
        """Where the first year of every span of years the text names begins."""
        return {m.start(1) for m in vocab.year_span_re().finditer(self.text)}

    def names_work_of(self, y: YearMention) -> bool:
        """Whether a year is written as the year whose work the text sets out (2023年度…, 2024年全县水利工作)."""
        return self.text.startswith(vocab.work_year_suffixes(), y.end)

    @lazy
    def _titled_plan_years(self) -> set[int]:
        """Where a year stands in the title of a year's plan (《2020年沈阳市…工作方案》, 《河北省2023年…实施方案》):
        the title holds one year and ends in a plan's name."""
        return {m.start("year") for m in vocab.titled_plan_year_re().finditer(self.text)}

    def _reports_in_sentence(self, y: YearMention) -> bool:
        """Whether a year's sentence reports (2012年末,全省库塘蓄水…,比2011年末的…多了22.2亿立方米): a word of a
        report after the year and no word of aims in the sentence — a year-end stock, not a year aimed at."""
        lex = vocab.lexicon()
        if self.text[max(0, y.pos - 4) : y.pos].endswith(vocab.words("target_year_prefixes")):
            return False  # 到2012年末: led by a word of a deadline
        rest = self.text[y.end : self.sentence_end(y.end)]
        for word in lex["outcome_marker_exemptions"]:
            rest = rest.replace(word, "")
        return any(w in rest for w in lex["outcome_markers"]) and not any(
            w in self.text[self.sentence_start(y.pos) : self.sentence_end(y.end)] for w in lex["target_markers"])

    @lazy
    def periods_aimed(self) -> dict[int, int]:
        """Last year of each plan period named in a sentence of aims (“十二五”期间,全省将…) → where it is first
        so named."""
        out: dict[int, int] = {}
        for y in self.years:
            if y.basis == "plan_period" and y.year is not None and y.year not in out and self.aims_in_sentence(y):
                out[y.year] = y.pos
        return out

    def _leads_aims(self, y: YearMention) -> bool:
        """Whether a stated year opens its sentence and leads its aims (2012年,东海县将…实施…, in a text not issued
        after that year): a year the text aims at, though no 到 stands before it."""
        lex = vocab.lexicon()
        if self.issued_year is not None and y.year < self.issued_year:
            return False
        lo = self.sentence_start(y.pos)
        if self.text[lo : y.pos].strip() or self.text[y.end : y.end + 1] not in CLAUSE_DELIMS:
            return False
        return any(w in self.text[y.end : self.clause_end(y.end + 1, self.sentence_end(y.end))] for w in lex["modal_words"])

    def aims_in_sentence(self, y: YearMention) -> bool:
        """Whether a word of aims stands in a year mention's sentence (今年…将/确保…; 计划…开展今冬明春…),
        the year not looking back (今年以来)."""
        lex = vocab.lexicon()
        if self.text.startswith(vocab.words("period_since_words"), y.end):
            return False
        return any(w in self.text[self.sentence_start(y.pos) : self.sentence_end(y.end)] for w in lex["target_markers"])

    @lazy
    def _plan_span_ends(self) -> set[int]:
        """Positions of the last year of a span a plan names as its period (规划时段为2011~2020年)."""
        lex = vocab.lexicon()
        words = "|".join(map(re.escape, lex["plan_span_words"]))
        marks = "".join(map(re.escape, lex["range_marks"]))
        verbs = "".join(map(re.escape, lex["plain_value_verbs"]))
        year = vocab.YEAR
        pattern = re.compile(rf"(?:{words})[{verbs}:]?(?:{vocab.YEAR_TOKEN}){year}?[{marks}](?P<end>{vocab.YEAR_TOKEN}){year}")
        return {m.start("end") for m in pattern.finditer(self.text)}

    @lazy
    def _title_span_ends(self) -> set[int]:
        """Positions of the last year of a span of years in a heading that names a plan (…三年行动计划(2024—2026年),
        wherever the heading stands): the period of the plan the text speaks of."""
        words = vocab.lexicon()["plan_title_words"]
        heads = [(b.start, b.end) for b in self.blocks if b.kind == "heading"
                 and any(w in self.text[b.start : b.end] for w in words)]
        return {at for _, _, at in self._year_spans if _inside(heads, at)}

    @lazy
    def _plan_span_years(self) -> set[int]:
        """Positions of every year mention inside a plan's named period (规划时段为2011~2020年)."""
        ends = sorted(self._plan_span_ends)
        return {y.pos for y in self.years for e in ends if e - 12 <= y.pos <= e}

    def is_plan_span_end(self, mention: YearMention | None) -> bool:
        """Whether a year mention is the last year of a span a plan names as its period (实施时间为2023—2025年)."""
        return mention is not None and mention.pos in self._plan_span_ends

    def is_document_year(self, mention: YearMention | None) -> bool:
        """Whether a number's year came from the whole text (`year_of_document`), not from its block."""
        return mention is not None and mention.whole_text

    def is_cell(self, pos: int) -> bool:
        """Whether `pos` is in a table row (a line with tab-separated cells)."""
        lo = self.block_start(pos)
        return "\t" in self.text[lo : self.block_end(lo)]

    def year_of_document(self, lo: int) -> YearMention | None:
        """The year the whole text aims at, for a number in the block starting at `lo` that no year
        before it governs: the one plan period named, else the one year aimed at — unless the block
        states a year itself (a year written later in the paragraph opens a new statement)."""
        if self.first_match_in_block(vocab.open_horizon_re(), lo) is not None:
            return None  # 当前和今后一个时期,…确保完成910座水库加固: no year, whatever the text aims at elsewhere
        if self._document_period is not None:
            return self._document_period
        aim = self._document_aim if self._document_aim is not None else self._work_plan_year
        if self._block_states_a_year(lo) and not (
                self._aims_at_year_of_issue_only and self._block_years[lo] == {self.issued_year}):
            return None  # (in a dated year's work, a block naming only that year, 2016年底…, still speaks of it)
        if self._next_steps_after_a_past_year(aim, lo):
            return None
        return aim

    def _next_steps_after_a_past_year(self, aim: YearMention | None, lo: int) -> bool:
        """Whether the block starting at `lo` sets out next steps (下一步,…) in a text dated after the year the whole
        text names (2024年度考核结果…。下一步,…推动节水产业规模达到700亿元以上, issued in 2025): those aims are for
        no year of the report."""
        return (aim is not None and aim.year is not None and self.issued_year is not None
                and aim.year < self.issued_year and self.first_match_in_block(vocab.next_step_re(), lo) is not None)

    def _block_states_a_year(self, lo: int) -> bool:
        """Whether the block starting at `lo` states a year outside a plan's named period (once per block)."""
        if lo not in self._block_years:
            hi = self.block_end(lo)
            self._block_years[lo] = {y.year for y in self.years_between(lo, hi)
                                     if y.year is not None and y.basis == "stated" and y.pos not in self._plan_span_years}
        return bool(self._block_years[lo])

    @lazy
    def _work_plan_year(self) -> YearMention | None:
        """这11项节水工作重点是… in a dated text naming no other year: the year of issue."""
        if self.issued_year is not None and any(w in self.text for w in vocab.lexicon()["annual_plan_words"]) and all(
                y.year in (None, self.issued_year) for y in self.years):
            return YearMention(0, 0, self.issued_year, "relative")
        return None

    # ----------------------------------------------------------------- numbers

    @lazy
    def numbers(self) -> list[Number]:
        spans = sorted(number_spans(self.text) + vocab.chinese_quantity_spans(self.text))
        return [Number(a, b) for a, b in spans]

    @lazy
    def _number_starts(self) -> list[int]:
        return [n.start for n in self.numbers]

    def numbers_in(self, lo: int, hi: int) -> list[Number]:
        a = bisect_left(self._number_starts, lo)
        b = bisect_left(self._number_starts, hi)
        return self.numbers[a:b]

    def mark(self, lo: int, hi: int, state: str, why: str, *, only_unclassified: bool = False) -> None:
        """Give every number inside text[lo:hi] a state (targets and outcomes are never overwritten by a
        dismissal)."""
        for n in self.numbers_in(lo, hi):
            if only_unclassified and n.state != "unclassified":
                continue
            if n.state in ("target", "outcome") and state == "dismissed":
                continue
            n.state, n.why = state, why


@cache
def short_title() -> re.Pattern:
    """A title in 《》 of 2–40 characters, its name as group 1 (《实施方案》)."""
    opening, closing = (re.escape(b) for b in vocab.lexicon()["title_brackets"])
    return re.compile(rf"{opening}([^{closing}]{{2,40}}){closing}")


@cache
def _MONTH_AFTER_YEAR() -> re.Pattern:  # noqa: N802 — a compiled constant
    """A month right after a year mention (今年2月, 2023年5月)."""
    return re.compile(vocab.MONTH_NUMBER)


def _looks_back(heading: str) -> bool | None:
    """Whether a title or heading names a review of work done (…2023年工作总结: True), a part ahead (二、下一步工作打算,
    or both, …工作总结及2024年工作安排: False) or neither (None); lexicon `review_heading_words`,
    `review_ahead_heading_words`."""
    lex = vocab.lexicon()
    if any(w in heading for w in lex["review_ahead_heading_words"]):
        return False
    return True if any(w in heading for w in lex["review_heading_words"]) else None


#: A heading's mark that no year of the headings above holds under it (`Doc._ahead_of_a_review`).
_NO_YEAR = YearMention(-1, -1, None, "none")


def _year_in_force(stack: list[tuple[int, YearMention | None]]) -> YearMention | None:
    """The year of the innermost open heading that gives one (None past a heading marked `_NO_YEAR`)."""
    for _, y in reversed(stack):
        if y is _NO_YEAR:
            return None
        if y is not None:
            return y
    return None
