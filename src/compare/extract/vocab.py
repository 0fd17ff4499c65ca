"""What the rules read, compiled once from the metadata (lexicon.yaml, units.yaml, indicators.yaml),
and the small parsers of written numbers, units, comparators, years and baselines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import chain

import ahocorasick_rs

from compare import metadata
from compare.errors import InputError


@cache
def lexicon() -> dict:
    return metadata.lexicon()


@cache
def unit_spellings() -> dict[str, str]:
    """Written spelling → unit name (units.yaml), longest spellings first."""
    out = {}
    for name, spec in metadata.units().items():
        for sp in spec.get("spellings", []):
            if sp:
                out[sp] = name
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


@cache
def unit_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern, unit name) of the units written in words around their name (units.yaml `patterns`: 万村镇人口,
    万重点污染区农村人口 are 万人); each unit name is itself a spelling of its unit."""
    out = []
    for name, spec in metadata.units().items():
        for pattern in spec.get("patterns", []):
            if name not in unit_spellings():
                raise InputError(f"units.yaml: unit {name!r} has patterns but is not one of its own spellings")
            out.append((re.compile(pattern), name))
    return tuple(out)


def unit_spelling(written: str) -> str:
    """The spelling units.yaml lists for a unit as written: itself, or the name of the unit whose pattern
    it matches (万村镇人口 → 万人)."""
    if not written or written in unit_spellings():
        return written
    return next((name for pattern, name in unit_patterns() if pattern.fullmatch(written)), written)


@cache
def lexicon_set(key: str) -> frozenset[str]:
    """A lexicon list as a set."""
    return frozenset(lexicon()[key])


@cache
def words(*keys: str) -> tuple[str, ...]:
    """The words of lexicon lists, in order, as one tuple (for str.startswith / endswith), built once."""
    return tuple(w for key in keys for w in lexicon()[key])


@cache
def longest_first(key: str) -> tuple[str, ...]:
    """The words of a lexicon list (or the keys of a mapping), longest first."""
    return tuple(sorted(lexicon()[key], key=len, reverse=True))


def alternation(words) -> str:
    """A regex alternation of `words`, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def trie_alternation(words) -> str:
    """A regex matching any of `words`, the longest at a position, written as a trie (用水(?:总量|…)):
    the regex engine then tries one branch per character instead of every word in turn."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_DFA_MAX_WORDS = 2000  # word sets up to this size get a DFA (built in milliseconds)


class WordFinder:
    """Every occurrence of a set of words — the leftmost, the longest there, then on after it (the matches of
    `trie_alternation`'s regex) — found by an Aho–Corasick automaton in one pass over the text instead of a
    regex attempt at every character.  `pattern` keys the matches a Doc keeps, as a regex's does."""

    def __init__(self, words) -> None:
        self.words = sorted(set(words))
        self.pattern = "\0words:" + "|".join(self.words)
        self._automaton = _automaton(ahocorasick_rs.AhoCorasick, self.words) if self.words else None
        self._bytes_automaton = None  # the same words as UTF-8, for whole texts (built when first needed)

    def spans(self, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, word) of every occurrence in text[lo:hi], offsets into `text`."""
        if self._automaton is None:
            return []
        if lo == 0 and (hi is None or hi == len(text)):
            return self._whole_text_spans(text)
        words, part = self.words, text[lo:hi]
        return [(lo + a, lo + b, words[i]) for i, a, b in self._automaton.find_matches_as_indexes(part)]

    def _whole_text_spans(self, text: str) -> list[tuple[int, int, str]]:
        """`spans` of a whole text, searched in its UTF-8 bytes (the str search maps every byte offset back to a
        character for each finder: several times slower on a long text) and the byte offsets mapped back once."""
        if self._bytes_automaton is None:
            self._bytes_automaton = _automaton(ahocorasick_rs.BytesAhoCorasick, [w.encode() for w in self.words])
        data, char_at = utf8_of(text)
        hits = self._bytes_automaton.find_matches_as_indexes(data)
        if not hits:
            return []
        ids, starts, ends = char_at(hits)
        words = self.words
        return list(zip(starts, ends, [words[i] for i in ids], strict=True))

    def first(self, text: str, lo: int, hi: int) -> tuple[int, int, str] | None:
        """(start, end, word) of the first occurrence in text[lo:hi], or None."""
        if self._automaton is None:
            return None
        hit = next(iter(self._automaton.find_matches_as_indexes(text[lo:hi])), None)
        return (lo + hit[1], lo + hit[2], self.words[hit[0]]) if hit is not None else None


def _automaton(kind, words: list):
    """An Aho–Corasick automaton (`kind`: over str or bytes) of `words`, leftmost-longest.  A DFA searches about
    twice as fast as the default NFA but takes long to build for many words (the aliases)."""
    impl = ahocorasick_rs.Implementation.DFA if len(words) <= _DFA_MAX_WORDS else None
    return kind(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest, implementation=impl)


#: The UTF-8 view of the last text `utf8_of` was asked for; key: that text object itself (identity, not equality:
#: a Doc's text is scanned by several finders in turn).
_LAST_UTF8: list = [None, None]


def utf8_of(text: str):
    """(`text` as UTF-8 bytes, a function turning (word, byte start, byte end) matches in them into (words, character
    starts, character ends) lists)."""
    if _LAST_UTF8[0] is not text:
        _LAST_UTF8[0], _LAST_UTF8[1] = text, _utf8_view(text)
    return _LAST_UTF8[1]


def _utf8_view(text: str):
    import numpy as np

    data = text.encode("utf-8", "surrogatepass")
    starts = None if len(data) == len(text) else np.flatnonzero((np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80)

    def char_at(hits: list[tuple[int, int, int]]) -> tuple[list[int], list[int], list[int]]:
        flat = np.fromiter(chain.from_iterable(hits), dtype=np.int64, count=3 * len(hits)).reshape(-1, 3)
        if starts is None:  # ASCII: byte and character offsets agree
            return flat[:, 0].tolist(), flat[:, 1].tolist(), flat[:, 2].tolist()
        # (a match starts and ends on a character boundary: its byte offset is one of `starts`, or the end)
        return flat[:, 0].tolist(), np.searchsorted(starts, flat[:, 1]).tolist(), np.searchsorted(starts, flat[:, 2]).tolist()

    return data, char_at


def words_present(text: str, words: tuple[str, ...]) -> set[str]:
    """The words of `words` that occur in `text`, overlapping ones too (one pass over its UTF-8 bytes, where a find
    per word reads the whole text for each word it lacks)."""
    data = text.encode("utf-8", "surrogatepass")  # (no character map: `utf8_of` would make one)
    return {words[i] for i, _, _ in _presence_automaton(words).find_matches_as_indexes(data, overlapping=True)}


@cache
def _presence_automaton(words: tuple[str, ...]):
    return ahocorasick_rs.BytesAhoCorasick([w.encode() for w in words], implementation=ahocorasick_rs.Implementation.DFA)


# --------------------------------------------------------------------------- the grammar of written numbers
# Built once from the lexicon's numeral words (numeral_digits, numeral_powers …): character classes and
# alternations the patterns below and the rules share.
_LEX = metadata.lexicon()
_DIGITS: dict[str, int] = _LEX["numeral_digits"]  # 零〇一…九
_COUNTING: dict[str, int] = _LEX["numeral_counting_digits"]  # 两
_POWERS: dict[str, int] = _LEX["numeral_powers"]  # 十百千万亿
_YEAR_DIGITS = _DIGITS | _LEX["year_digit_variants"]


def _chars(mapping, keep=lambda v: True) -> str:
    return "".join(re.escape(c) for c, v in mapping.items() if keep(v))


YEAR = _LEX["year_word"]  # 年
POSSESSIVE = _LEX["possessive"]  # 的
#: Characters of a Chinese numeral (零…九, 两, 十…亿); digits alone; digits 1–9 with 两 (四成, 两个).
CN_NUMERAL_CHARS = _chars(_DIGITS) + _chars(_COUNTING) + _chars(_POWERS)
CN_DIGIT_CHARS = _chars(_DIGITS)
_NONZERO = _chars(_DIGITS, lambda v: v > 0) + _chars(_COUNTING)
#: Characters that may start a Chinese numeral (not 万/亿, which only follow one).
_LEADING = _chars(_DIGITS) + _chars(_COUNTING) + _chars(_POWERS, lambda v: v < 10**4)
#: Characters of a month's number (一 … 十二), for 年 followed by a month (2025年3月: a date, no target year).
MONTH_NUMBER = "[0-9" + _chars(_DIGITS, lambda v: v > 0) + _chars(_POWERS, lambda v: v == 10) + "]{1,2}" + _LEX["month_word"]
#: Words after a number that make it a date (3月, 5日).
DATE_MARKS = "[" + re.escape(_LEX["month_word"]) + "".join(map(re.escape, _LEX["day_words"])) + "]"
#: After a year: no month, unless the month's end (2021年11月底 is a time of the year 2021, 2021年11月3日 a date).
_NOT_A_DATE = f"(?!{MONTH_NUMBER}(?!{alternation(_LEX['year_end_words'])}))"
#: A year written in digits (1998–2199) or in Chinese numerals (二〇二五); not the year of a date.
YEAR_TOKEN = ("(?:19|20|21)[0-9]{2}|"
              f"[{_chars(_DIGITS, lambda v: v in (1, 2))}]"
              f"[{_chars(_YEAR_DIGITS, lambda v: v in (0, 9))}][{_chars(_YEAR_DIGITS)}]{{2}}")
#: The first characters of a year (1, 2, 一, 二).
_YEAR_LEADS = "12" + _chars(_DIGITS, lambda v: v in (1, 2))


def lead_year_token(not_after_digit: bool = False) -> str:
    """YEAR_TOKEN written to begin with one character class (the first character, then the rest by what
    it was), so a pattern that begins with it lets the regex engine skip ahead to where a year can begin
    instead of trying the alternation at every position; the same matches.  With `not_after_digit`, no
    digit before it (as (?<![0-9]) before YEAR_TOKEN)."""
    after = f"(?<![0-9][{_YEAR_LEADS}])" if not_after_digit else ""
    return (f"[{_YEAR_LEADS}]{after}(?:(?<=1)9[0-9]{{2}}|(?<=2)[01][0-9]{{2}}"
            f"|(?<=[{_chars(_DIGITS, lambda v: v in (1, 2))}])[{_chars(_YEAR_DIGITS, lambda v: v in (0, 9))}]"
            f"[{_chars(_YEAR_DIGITS)}]{{2}})")


#: After a year: its end (2025年底/末) as an optional group.
YEAR_END = f"(?:{alternation(_LEX['year_end_words'])})?"
#: After a plan period: the optional word of a plan and the end of the period (“十三五”规划期末).
PLAN = re.escape(_LEX["plan_word"])  # 规划
PERIOD_END = f"(?:{PLAN})?(?:{alternation(_LEX['period_end_words'])})?"
_FRACTION_WORD = re.escape(_LEX["numeral_fraction"])  # 分之
_POINT = re.escape(_LEX["numeral_decimal_point"])  # 点
#: 点, or a point written between Chinese numerals (十五.五)
_CN_POINT = alternation([_LEX["numeral_decimal_point"], *_LEX["numeral_decimal_point_variants"]])
#: What may not come right before a Chinese numeral: a numeral, a point (十五.五, ○.四 are one number) or a zero
#: written as a circle
_NOT_BEFORE_CN = CN_NUMERAL_CHARS + _chars(_LEX["year_digit_variants"]) + "".join(
    map(re.escape, _LEX["numeral_decimal_point_variants"]))
_TENTHS_WORD = re.escape(_LEX["numeral_tenths"])  # 成
_SHARE_NAMES = alternation(_LEX["numeral_shares"])  # 一半
TIMES = "[×xX*]"
#: The percent sign (a normalised text writes no full-width ％)
PERCENT_SIGN = "%"
# ×10^4, or ×104 where a web page lost the superscript (10 833×104m3): only 10⁴ to 10⁹
_NUMBER = re.compile(rf"([0-9]+(?:\.[0-9]+)?)(?:{TIMES}10(?:\^([0-9]{{1,2}})|([4-9])(?![0-9])))?")
_CN_FRACTION = re.compile(rf"([{CN_NUMERAL_CHARS}]+){_FRACTION_WORD}([{CN_NUMERAL_CHARS}{_POINT}]+)")
_CN_DECIMAL = re.compile(rf"([{CN_NUMERAL_CHARS}]+)(?:{_CN_POINT})([{CN_DIGIT_CHARS}]+)")
_TENTHS = re.compile(rf"([{_NONZERO}]){_TENTHS_WORD}")
_SLASH = re.compile(r"([0-9]{1,2})/([0-9]{1,2})")
#: The numeral of ten thousand (万), written between a number's ten-thousands and the four digits below them.
_WAN = next(c for c, v in _POWERS.items() if v == 10**4)
_SPLIT_WAN_NUMBER = rf"[0-9]{{1,4}}{re.escape(_WAN)}[0-9]{{4}}"
_SPLIT_WAN = re.compile(_SPLIT_WAN_NUMBER)
#: Shares written in words (三分之二, 百分之十六, 四成, 一半, 4/6): a percentage with no unit written.
SHARE_WORDS = (rf"[{CN_NUMERAL_CHARS}]+{_FRACTION_WORD}[{CN_NUMERAL_CHARS}{_POINT}]+"
               rf"|[{_NONZERO}]{_TENTHS_WORD}(?![{CN_NUMERAL_CHARS}])|{_SHARE_NAMES}"
               r"|(?<![0-9./])[0-9]{1,2}/[0-9]{1,2}(?![0-9/])")


@cache
def garbled_decimal() -> str:
    """A fraction whose decimal point a scan or web page turned into another mark (0、552, 0,51): a zero, the
    mark and 2–4 digits, not one item of a list of numbers.  Only after a zero, which no count begins with."""
    marks = "".join(re.escape(m) for m in lexicon()["garbled_decimal_points"])
    return rf"0[{marks}][0-9]{{2,4}}(?![0-9]|[{marks}][0-9])"


@cache
def value_re() -> re.Pattern:
    """A written quantity: optional sign and approximation word, a number (digits, a Chinese numeral
    before a unit, or a fraction 三分之二), an optional range end (1~46%), its unit and a suffix."""
    lex = lexicon()
    units = "|".join([alternation(unit_spellings())] + [p.pattern for p, _ in unit_patterns()])
    suffixes = alternation(list(lex["comparator_suffixes"]) + lex["approximate_suffixes"])
    approx = alternation(lex["approximate_prefixes"])
    ranges = alternation(lex["range_marks"])
    # a number before 年 is a year, unless 年 begins its unit (20年一遇, a return period)
    year_units = [sp[len(YEAR):] for sp in unit_spellings() if sp.startswith(YEAR) and len(sp) > len(YEAR)]
    not_year_unit = f"(?!{alternation(year_units)})" if year_units else ""
    digits = (rf"(?<![0-9.^A-Za-z{TIMES[1:-1]}])(?<![0-9] )(?:{garbled_decimal()}|[0-9]+(?:\.[0-9]+)?)"
              rf"(?:{TIMES}10(?:\^[0-9]{{1,2}}|[4-9](?![0-9])))?(?![0-9.]*{YEAR}{not_year_unit})(?![0-9]*{DATE_MARKS})")
    ordinal = re.escape(lex["ordinal_prefix"])
    chinese = rf"(?<![{_NOT_BEFORE_CN}{ordinal}])[{_LEADING}][{CN_NUMERAL_CHARS}]*(?=(?:{units}))"
    fraction = SHARE_WORDS
    cn_decimal = rf"(?<![{_NOT_BEFORE_CN}{ordinal}])[{_LEADING}]+(?:{_CN_POINT})[{CN_DIGIT_CHARS}]+"
    # 1万5650公顷 (Taiwan's 1萬5,650公頃): ten-thousands, then the four digits below them, before a unit
    split_wan = rf"(?<![0-9.^A-Za-z]){_SPLIT_WAN_NUMBER}(?![0-9.])(?=(?:{units}))"
    magnitudes = alternation(lex["range_magnitudes"])
    return re.compile(
        rf"(?P<approx>{approx})?"
        rf"(?P<sign>(?<![0-9A-Za-z])[-−])?"
        rf"(?P<num>{fraction}|{split_wan}|{digits}|{cn_decimal}|{chinese})"
        rf"(?P<over>(?:{alternation(lex['over_words'])})(?={units})(?!{YEAR}))?"  # 2000余座, 230多万亩: more than
        rf"(?:(?: (?=[A-Za-z]))?(?P<unit1>{units}))?"  # a space is kept only before a Latin unit (10 m3)
        rf"(?P<mag1>{magnitudes})?"  # 6亿-7.8亿立方米, 53万～58万亩: the magnitude is written twice
        rf"(?:(?P<range>{ranges})(?P<num2>{digits}|{chinese})(?:(?: (?=[A-Za-z]))?(?P<unit>{units}))?)?"
        rf"(?P<suffix>{suffixes})?"
    )


@cache
def _value_start_re() -> re.Pattern:
    """A character a match of value_re can begin with: a digit, a Chinese numeral, a sign, or the first character
    of an approximation word or of a share written as a word."""
    lex = lexicon()
    firsts = "".join(re.escape(c) for c in sorted({w[0] for w in (*lex["approximate_prefixes"], *lex["numeral_shares"])}))
    return re.compile(rf"[0-9{CN_NUMERAL_CHARS}\-−{firsts}]")


@cache
def _chinese_run_re() -> re.Pattern:
    """A run of Chinese numerals (三十五万, 百), where a number written in words may begin."""
    return re.compile(rf"[{CN_NUMERAL_CHARS}]+")


def chinese_quantity_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every number written in Chinese numerals that value_re reads as a quantity: two numerals or
    more before a unit (三十五万户, 二百九十升, 六千七百亿立方米), a decimal (零点五八) or a share (百分之五, 三分之二,
    四成, 一半).  Not an ordinal (第三), a plan period (十四五规划), a numeral naming no unit (一是), one numeral before
    its unit (一个, 三项工作, 一户一表, 三条红线: an article, a list or a slogan) or powers alone (千人以上, 每千平方公里)."""
    out, rx, end = [], value_re(), 0
    for run in _chinese_run_re().finditer(text):
        m = None if run.start() < end else rx.match(text, run.start())
        if m is None or m.start("num") != run.start() or any(c.isascii() for c in m.group("num")):
            continue
        num = m.group("num")
        counted = len(num) > 1 and any(c in _DIGITS or c in _COUNTING for c in num) and m.group("unit1")
        if counted or re.fullmatch(SHARE_WORDS, num) or _CN_DECIMAL.fullmatch(num):
            end = m.end("num")
            out.append((m.start("num"), end))
    return out


def value_matches(text: str, lo: int, hi: int) -> Iterator[re.Match]:
    """The matches of value_re().finditer(text, lo, hi), found by trying the pattern only where a value can begin
    (a one-class scan skips to the next such character): tried at every character, the pattern cost ten times more."""
    start, match = _value_start_re().search, value_re().match
    pos = lo
    while (c := start(text, pos, hi)) is not None:
        m = match(text, c.start(), hi)
        if m is not None:
            yield m
        pos = max(m.end(), c.start() + 1) if m is not None else c.start() + 1


def may_hold_a_value(text: str, lo: int, hi: int) -> bool:
    """Whether a value may begin in text[lo:hi]: a character a match of value_re can begin with, or a whole share
    written as a word (全部建成节水型机关 states 100 %)."""
    return (_value_start_re().search(text, lo, hi) is not None
            or any(text.find(w, lo, hi) >= 0 for w in _LEX["whole_share_words"]))


def value_search(text: str, lo: int, hi: int) -> re.Match | None:
    """value_re().search(text, lo, hi), as `value_matches` finds it."""
    return next(value_matches(text, lo, hi), None)


@cache
def alias_owners() -> dict[str, list[str]]:
    """Alias (and generated spelling) → the indicator ids sharing it."""
    owners: dict[str, list[str]] = {}
    for iid, spec in metadata.indicator_specs().items():
        if not spec["extract"]:
            continue
        for alias in spec["aliases_zh"]:
            owners.setdefault(alias, []).append(iid)
    for variant, iids in _alias_variants(owners).items():
        owners.setdefault(variant, iids)
    return owners


@cache
def alias_index() -> tuple[re.Pattern, dict[str, list[str]]]:
    """One regex over every alias (longest first) and alias → indicator ids: the reference the alias
    lookups below are tested against (compiling it takes about a second, so the rules do not use it)."""
    owners = alias_owners()
    return re.compile(trie_alternation(owners)), owners


def alias_at(text: str, pos: int, hi: int | None = None) -> str | None:
    """The longest alias written at `pos` (ending by `hi`), or None: read on character by character while what is
    read begins a longer alias (`alias_continuations`)."""
    owners, nexts = alias_owners(), alias_continuations()
    hi = len(text) if hi is None else hi
    found, k = None, pos + 1
    while k <= hi:
        piece = text[pos:k]
        if piece in owners:
            found = piece
        if k == hi or text[k] not in nexts.get(piece, ()):
            return found
        k += 1
    return found


@cache
def alias_continuations() -> dict[str, frozenset[str]]:
    """Every beginning of an alias shorter than the alias → the characters that follow it in an alias."""
    out: dict[str, set[str]] = {}
    for alias in alias_owners():
        for k in range(1, len(alias)):
            out.setdefault(alias[:k], set()).add(alias[k])
    return {p: frozenset(c) for p, c in out.items()}


@cache
def _longest_alias() -> int:
    return max(map(len, alias_owners()))


def first_alias(text: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """(start, end, alias) of the leftmost alias in text[lo:hi], the longest there, or None — the
    automaton run over windows a few aliases long, so a search near the start of a long text is short."""
    finder = alias_finder()
    longest = _longest_alias()
    k = lo
    while k < hi:
        end = min(hi, k + 8 * longest)
        hit = finder.first(text, k, end)
        if hit is not None and (end == hi or hit[0] + longest <= end):
            return hit  # every alias starting there fits in the window
        if end == hi:
            return None
        # every alias starting before end - longest + 1 lies whole in the window: go on from there (or from
        # the match found, if earlier)
        k = min(hit[0], end - longest + 1) if hit is not None else end - longest + 1
    return None


def _alias_variants(owners: dict[str, list[str]]) -> dict[str, list[str]]:
    """Other spellings of the count and quantity aliases led by a works verb (lexicon `alias_variant_verbs`):
    the noun before the verb (清淤河沟 → 河沟清淤), a modifier between them (建设水库 → 建设中型水库) and a
    second verb joined to the first (新建水厂 → 新建、改造水厂: the first verb's indicator; 延伸管网 →
    扩建或延伸管网 when the first verb names none).  A spelling two aliases of different indicators would
    give alike is left out; an alias of the vocabulary always wins."""
    lex = lexicon()
    verbs = longest_first("alias_variant_verbs")
    partners = sorted(lex["alias_variant_partners"], key=len, reverse=True)
    joiners, modifiers = ("", *lex["alias_variant_joiners"]), tuple(lex["alias_variant_modifiers"])
    specs = metadata.indicator_specs()
    first: dict[str, list[str]] = {}  # spellings whose first verb leads the alias
    second: dict[str, list[str]] = {}  # spellings whose second verb leads it
    clash: set[str] = set()

    def add(into: dict[str, list[str]], spelling: str, iids: list[str]) -> None:
        if spelling in owners or spelling in clash:
            return
        if spelling in into and into[spelling] != iids:
            del into[spelling]
            clash.add(spelling)
            return
        into[spelling] = iids

    for alias, iids in owners.items():
        if any(specs[i]["kind"] not in ("count", "quantity") for i in iids):
            continue
        verb = next((v for v in verbs if alias.startswith(v)), None)
        noun = alias[len(verb):] if verb else ""
        if len(noun) >= 2:
            add(first, noun + verb, iids)
            for m in modifiers if not noun.startswith(modifiers) else ():
                add(first, verb + m + noun, iids)
            for w in partners:
                for j in joiners if w != verb else ():
                    add(first, verb + j + w + noun, iids)
        partner = next((w for w in partners if alias.startswith(w)), None)
        noun = alias[len(partner):] if partner else ""
        if len(noun) >= 2:
            for v in verbs:
                for j in joiners if v != partner else ():
                    add(second, v + j + partner + noun, iids)
    return {**{k: v for k, v in second.items() if k not in clash}, **first}


def _listed(words: str | list[str]) -> list[str]:
    """One word or a list of words, as a list."""
    return [words] if isinstance(words, str) else list(words)


@cache
def alias_finder() -> WordFinder:
    """A finder of every alias with the regex's semantics (the leftmost alias, the longest at that place, then
    on after it) — one pass over a long text instead of a regex attempt at every character."""
    return WordFinder(alias_owners())


@cache
def work_year_suffixes() -> tuple[str, ...]:
    """The words after a year that make it the year whose work a text sets out (度, 水利工作), also with a whole
    jurisdiction before them (全县水利工作)."""
    suffixes = words("work_year_suffixes")
    return suffixes + tuple(scope + w for scope in words("work_year_scopes") for w in suffixes)


@cache
def split_aliases() -> tuple[tuple[str, tuple[tuple[re.Pattern, str], ...]], ...]:
    """(second word, its (regex of first words, indicator id) pairs) of every split alias, the longest second
    word first (indicators.yaml `split_aliases_zh` [first, second]: the second word names the indicator when a
    first stands earlier in its sentence — 分区计量…，且实施范围不小于…; either side may list several words), and of
    every share written as its part set against its whole (`share_of`, `_share_split_aliases`)."""
    firsts: dict[tuple[str, str], list[str]] = {}
    specs = metadata.indicator_specs()
    for iid, spec in specs.items():
        for first, second in [*spec.get("split_aliases_zh", []), *_share_split_aliases(specs, spec)]:
            for word in _listed(second):
                firsts.setdefault((word, iid), []).extend(_listed(first))
    by_word: dict[str, list[tuple[re.Pattern, str]]] = {}
    for (word, iid), words in firsts.items():
        by_word.setdefault(word, []).append((re.compile(alternation(set(words))), iid))
    return tuple(sorted(((w, tuple(g)) for w, g in by_word.items()), key=lambda x: -len(x[0])))


def _share_split_aliases(specs: dict, spec: dict) -> list[tuple[list[str], list[str]]]:
    """indicators.yaml `share_of` [parts, wholes] as a split alias: the aliases of the part indicators first, those
    of the whole's second (高效节水灌溉面积达到有效灌溉面积的45%, 再生水利用量占污水处理量的比例达到25%: the share
    is the indicator whose `share_of` names that part and whole)."""
    return [([a for p in _listed(parts) for a in specs[p]["aliases_zh"]],
             [a for w in _listed(wholes) for a in specs[w]["aliases_zh"]]) for parts, wholes in spec.get("share_of", [])]


@cache
def purpose_aliases() -> tuple[tuple[str, tuple[tuple[re.Pattern, str], ...]], ...]:
    """(word, its (regex of purpose words, indicator id) pairs) of indicators.yaml `purpose_aliases_zh`
    [words, purposes], the longest word first: the word (投资) names the indicator when the clause of its value,
    or the next one, says what the sum is for (投资1300万元,建设…水库除险加固工程)."""
    by_word: dict[str, list[tuple[re.Pattern, str]]] = {}
    for iid, spec in metadata.indicator_specs().items():
        for words, purposes in spec.get("purpose_aliases_zh", []):
            for word in _listed(words):
                by_word.setdefault(word, []).append((re.compile(alternation(_listed(purposes))), iid))
    return tuple(sorted(((w, tuple(p)) for w, p in by_word.items()), key=lambda x: -len(x[0])))


@cache
def split_words_finder() -> WordFinder:
    """Every second word of a split alias and every word of a purpose alias."""
    return WordFinder({w for w, _ in split_aliases()} | {w for w, _ in purpose_aliases()})


@cache
def verb_split_aliases() -> tuple[WordFinder, dict[str, list[tuple[re.Pattern, str, str]]]]:
    """Count and quantity aliases whose leading verb (lexicon `count_split_verbs`) may stand apart from
    their noun by the number (扩建5座水厂 is 扩建水厂 with 5座; 新建甲、乙等20座水厂 names them first; 解决5万人的
    饮水安全 joins number and noun by 的): a finder of the nouns, and noun → (regex of the verb and a
    written quantity ending where the noun begins, alias, indicator id); one verb may lead a list of counts
    (建成7座大型水库、110座中型水库: 建成 is the verb of both)."""
    verbs = longest_first("count_split_verbs")
    # the things counted may be named between verb and number (新建甲、乙等20座水厂), or where they stand (新建城区及
    # 区县12座污水处理厂, 续建乡镇8座…)
    named = rf"(?:[^,;。:!?\n0-9]{{0,24}}?(?:{alternation(lexicon()['count_split_name_ends'])}))?"
    # the noun may follow the quantity through a possessive (解决48万人的饮水安全问题)
    of = re.escape(lexicon()["possessive"])
    # one verb may lead a list of counts, each with its noun (建成7座大型水库、110座中型水库和115座小型水库):
    # the earlier items of the list, a quantity and a name without digits or clause marks, stand between
    value = value_re().pattern
    plain = re.sub(r"\(\?P<\w+>", "(?:", value)
    items = rf"(?:(?:{plain})[^,;。:!?\n0-9]{{1,24}}?(?:{alternation(lexicon()['list_joiners'])}))*"
    heads = {verb: re.compile(rf"{re.escape(verb)}{named}{items}(?:{value})(?:{of})?$") for verb in verbs}
    by_noun: dict[str, list[tuple[re.Pattern, str, str]]] = {}
    for iid, spec in metadata.indicator_specs().items():
        if not spec["extract"] or spec["kind"] not in ("count", "quantity"):
            continue
        for alias in spec["aliases_zh"]:
            verb = next((v for v in verbs if alias.startswith(v)), None)
            if verb is not None and len(alias) - len(verb) >= 2:
                by_noun.setdefault(alias[len(verb):], []).append((heads[verb], alias, iid))
    return WordFinder(by_noun), by_noun


@cache
def split_verbs_of(noun: str) -> tuple[str, ...]:
    """The verbs a verb-split noun may stand after (扩建, 新建 … for 水厂)."""
    _, by_noun = verb_split_aliases()
    return tuple({alias[: len(alias) - len(noun)] for _, alias, _ in by_noun[noun]})


@cache
def _noisy_spelled() -> dict[str, list[str]]:
    """Every alias with one character replaced by "?" → the aliases spelled so, in the order of the aliases
    and of the replaced character."""
    out: dict[str, list[str]] = {}
    for alias in alias_owners():
        for k in range(len(alias)):
            out.setdefault(alias[:k] + "?" + alias[k + 1 :], []).append(alias)
    return out


@cache
def _noisy_spellings() -> tuple[dict[str, int], tuple[int, ...], set[str]]:
    """Every noisy spelling → its rank (the first spelling wins where several are written alike); the
    alias lengths; the beginnings of aliases (the text before a noise mark must be one)."""
    owners = alias_owners()
    ranks = {spelling: k for k, spelling in enumerate(_noisy_spelled())}
    return ranks, tuple(sorted({len(a) for a in owners})), {a[:k] for a in owners for k in range(len(a))}


_NOISE_MARK = re.compile("[?？\ufffd]")


def noisy_alias_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(start, end) of the aliases in text[lo:hi] with any one character replaced by web-page noise
    (? ？ �), leftmost first; at one place the alias first in the vocabulary's order.  Looked up in a
    table around each noise mark only (an alternation of all the spellings took ~0.1 ms a character)."""
    ranks, lengths, fronts = _noisy_spellings()
    out: list[tuple[int, int]] = []
    tried = lo  # starts before this cannot begin a match
    for mark in _NOISE_MARK.finditer(text, lo, hi):
        p = mark.start()
        if p < tried:
            continue  # inside the last match
        for s in range(max(tried, p - lengths[-1] + 1), p + 1):
            front = text[s:p]
            if front not in fronts:
                continue
            fits = [(ranks[key], e) for e in (s + n for n in lengths) if p < e <= hi
                    and (key := front + "?" + text[p + 1 : e]) in ranks]
            if fits:
                out.append((s, min(fits)[1]))
                tried = out[-1][1]
                break
        else:
            tried = p + 1
    return out


def noisy_alias_owner(found: str) -> str | None:
    """The alias a noisy spelling stands for — the one alias differing from it in one character only
    (None when several or none fit)."""
    key = _NOISE_MARK.sub("?", found)
    if key.count("?") == 1:  # the character lost is the noise mark's (an alias holds none)
        fits = _noisy_spelled().get(key, [])
    else:
        fits = [a for a in alias_owners() if len(a) == len(found)
                and sum(x != y for x, y in zip(a, found, strict=True)) == 1]
    return fits[0] if len(fits) == 1 else None


def year_value(token: str) -> int:
    return int("".join(str(_YEAR_DIGITS[c]) if c in _YEAR_DIGITS else c for c in token))


@cache
def _year_words() -> tuple[str, str, str]:
    """Alternations of the words after a year (底/末), of deadline words (前) and of period words (期间 …)."""
    lex = lexicon()
    # “十三五”规划的200万亩目标: the period's figure, when a number follows the words right away
    pwords = rf"{alternation(lex['period_words'])}|(?:{alternation(lex['period_figure_words'])})(?=[0-9])"
    return alternation(lex["year_end_words"]), alternation(lex["year_deadline_words"]), pwords


@cache
def _price_base() -> str:
    return alternation(lexicon()["price_base_words"])


@cache
def bare_year_end() -> tuple[frozenset[str], frozenset[str]]:
    """(relative years naming the end of the year of issue with no word of the year — 计划年底前, 预计年底 —,
    characters after which they name the end of another year: digits, numerals, 每, 上 … — 2025年底, 每年底)."""
    lex = lexicon()
    return (frozenset(lex["bare_year_end_words"]),
            frozenset({*"0123456789", *CN_NUMERAL_CHARS, *lex["bare_year_end_not_after"]}))


@cache
def year_re() -> re.Pattern:
    """A target-year mention: `2025年(底/末)(前)`, `二〇二五年`, a five-year-plan period that names its
    last year (“十四五”末 / 期间 / 时期, lexicon `plan_periods`), or a relative year (今年, 未来三年)."""
    lex = lexicon()
    periods = alternation(lex["plan_periods"])
    bare, not_after = bare_year_end()
    after = re.escape("".join(sorted(not_after)))
    # 年底 / 年底前 after a digit, a numeral or 每, 上 … names another year's end (year_mentions' accept test)
    relative = (f"{alternation(w for w in lex['relative_years'] if w not in bare)}"
                f"|(?<![{after}])(?:{alternation(w for w in lex['relative_years'] if w in bare)})")
    ends, deadlines, pwords = _year_words()
    return re.compile(
        rf"(?<![0-9])(?P<year>{YEAR_TOKEN})(?:{YEAR}{_NOT_A_DATE}(?!{_price_base()})(?:{ends})?(?:{deadlines})?"
        rf"|{_water_year()})"
        rf"|[“\"]?(?P<period>{periods})[”\"]?(?:{PLAN})?(?:{pwords})"
        rf"|(?P<relative>{relative})(?!{_price_base()})"  # 当年价 is a price basis, not a year
    )


@cache
def _water_year() -> str:
    """After the last year of a span of two (2017~2018调水年度): a water year (lexicon water_year_words), named by
    the year it ends in."""
    marks = "".join(re.escape(m) for m in lexicon()["range_marks"] if len(m) == 1)
    return rf"(?<=[0-9][{marks}][0-9]{{4}})(?:{alternation(lexicon()['water_year_words'])})"


@cache
def _year_parts() -> list[tuple[str, re.Pattern]]:
    """year_re cut into parts that each start with a literal or character class, so the regex engine
    skips ahead to where one can start (several times faster than the combined pattern on long text)."""
    lex = lexicon()
    periods = alternation(lex["plan_periods"])
    relative = trie_alternation(lex["relative_years"])  # (one branch per character: their first ones are everywhere)
    ends, deadlines, pwords = _year_words()
    return [
        ("year", re.compile(rf"(?P<year>{lead_year_token()})(?:{YEAR}{_NOT_A_DATE}(?!{_price_base()})"
                            rf"(?:{ends})?(?:{deadlines})?|{_water_year()})")),
        ("period", re.compile(rf"(?P<period>{periods})[”\"]?(?:{PLAN})?(?:{pwords})")),
        ("relative", re.compile(rf"(?P<relative>{relative})(?!{_price_base()})")),
    ]


def year_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, token) of every match of year_re in `text`, in text order — the same matches,
    found faster (a period's opening quote is part of its span, as in year_re)."""
    return _leftmost(text, _year_parts(), _year_accept)


def _year_accept(text: str, kind: str, m: re.Match) -> tuple[int, int, str, str] | None:
    start = m.start()
    if kind == "year" and start and text[start - 1].isdigit() and text[start - 1].isascii():
        return None  # (?<![0-9])
    if kind == "period" and start and text[start - 1] in "“\"":
        start -= 1
    if kind == "relative" and start:
        bare, not_after = bare_year_end()
        if text[start - 1] in not_after and m.group(kind) in bare:
            return None  # 每年底, 上年底, 2025年底: the end of another year, not of the year of issue
    return start, m.end(), kind, m.group(kind)


def _leftmost(text: str, parts, accept) -> list:
    """The matches one alternation of `parts` would give (leftmost first; at one place the earlier part
    wins; no overlaps), from each part's own scan."""
    out: list = []
    pending: dict[int, tuple | None] = {}

    def next_of(k: int, kind: str, rx: re.Pattern, pos: int):
        if k in pending and (pending[k] is None or pending[k][0] >= pos):
            return pending[k]
        m, item = rx.search(text, pos), None
        while m is not None:
            item = accept(text, kind, m)
            if item is not None:
                if item[0] < pos:  # a quote before pos was taken by the previous match
                    item = (m.start(), *item[1:])
                break
            m = rx.search(text, m.start() + 1)
        pending[k] = item
        return item

    pos = 0
    while True:
        best = None
        for k, (kind, rx) in enumerate(parts):
            item = next_of(k, kind, rx, pos)
            if item is not None and (best is None or item[0] < best[0]):
                best = item
        if best is None:
            return out
        out.append(best)
        pos = max(best[1], best[0] + 1)


@cache
def _era_res() -> tuple[tuple[re.Pattern, ...], re.Pattern]:
    """(the signs that a text counts its years in the era of lexicon `era_years` — the era named before a year; a
    two- or three-digit year with a month, a span, its end or 度, written to begin with a digit so the regex engine
    skips ahead to one; such a year a value starts from (从92年的24.58%) or works start in (从102年启动) —, a year of that
    era: its digits in group
    `era`)."""
    lex = lexicon()
    names = alternation(lex["era_years"]["names"])
    short = rf"(?:(?<![0-9.])(?P<era>[0-9]{{2,3}})|{_CN_ERA_YEAR})"
    # 今(115)年: the era's year in brackets after a word of the year of speaking — a sign, and a mention
    leads = alternation(lex["era_years"]["bracket_leads"])
    bracketed = rf"(?<={leads})[(（](?P<era_b>[0-9]{{2,3}})[)）]"
    ranges = alternation(lex["range_marks"])
    ends, deadlines, _ = _year_words()
    dated = rf"{YEAR}(?:{MONTH_NUMBER}|{ends}|{re.escape(lex['year_period_suffix'])})|(?:{ranges})[0-9]{{2,3}}{YEAR}"
    starts = alternation(lex["from_markers"])
    signs = (re.compile(rf"(?:{names})(?:{short}|{_CN_ERA_COUNT})"),
             re.compile(rf"(?P<era>[0-9](?<![0-9.][0-9])(?=[0-9]{{1,2}}(?:{dated}))[0-9]{{1,2}})"),
             re.compile(rf"{_CN_ERA_YEAR}{YEAR}"),
             re.compile(rf"(?:{starts}){short}{YEAR}{re.escape(lex['possessive'])}[0-9]"),  # 从92年的24.58%
             # 从102年启动 (three digits: 从98年开始 may be a short 1998)
             re.compile(rf"(?:{starts})(?:(?<![0-9.])(?P<era>[0-9]{{3}})|{_CN_ERA_YEAR}){YEAR}"
                        rf"(?:{alternation(lex['era_years']['start_verbs'])})"),
             # (its lead read, not looked behind for, so the regex engine skips ahead to one: a sign's place is not used)
             re.compile(rf"(?:{leads})[(（](?P<era_b>[0-9]{{2,3}})[)）]{YEAR}"))
    not_before = alternation(lex["era_years"]["not_before"])
    counts = alternation(lex["month_count_words"])
    year_units = [sp[len(YEAR):] for sp in unit_spellings() if sp.startswith(YEAR) and len(sp) > len(YEAR)]
    # 九十四年 (counted, not written digit by digit) only once the text is known to count in the era
    short = rf"(?:{short}|{_CN_ERA_COUNT}|{bracketed})"
    mention = re.compile(rf"(?:{names})?{short}{YEAR}(?!{MONTH_NUMBER})(?!{_price_base()})(?!{counts})(?!{not_before})"
                         rf"(?!{alternation(year_units)})(?:{ends})?(?:{deadlines})?")
    return signs, mention


#: A three-digit year of an era written digit by digit in Chinese numerals (一二○年 is 120): no other number reads so.
#: (The look-behind comes after the first digit, so the regex engine skips ahead to a 一 instead of trying every place.)
_ERA_ONE = f"[{_chars(_DIGITS, lambda v: v == 1)}]"
_CN_ERA_YEAR = (rf"(?P<cn_era>{_ERA_ONE}(?<![{_NOT_BEFORE_CN}]{_ERA_ONE})"
                rf"[{_chars(_YEAR_DIGITS)}]{{2}})(?![{CN_NUMERAL_CHARS}])")


#: An era year counted in Chinese numerals (九十四 is 94, 一百一十 is 110): read as one only in a text that counts
#: its years in the era (a sign of `_era_res`), as the same words elsewhere count years (九十年 of history).
_CN_ERA_COUNT = (rf"(?<![{_NOT_BEFORE_CN}])(?P<cn_count>[{_chars(_DIGITS, lambda v: v > 0)}]"
                 rf"[{_chars(_POWERS, lambda v: v in (10, 100))}][{_chars(_DIGITS)}{_chars(_POWERS, lambda v: v == 10)}]"
                 rf"{{0,3}})(?![{CN_NUMERAL_CHARS}])")


def _era_number(m: re.Match) -> int:
    """The number of an era year matched by `_era_res` (113, 一二○ → 120, 九十四 → 94, (115) → 115)."""
    groups = m.groupdict()
    era = groups.get("era") or groups.get("era_b")
    if era:
        return int(era)
    if groups.get("cn_count"):
        return int(chinese_number(groups["cn_count"]))
    return int("".join(str(_YEAR_DIGITS[c]) for c in m.group("cn_era")))


def era_year_mentions(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of the years `text` writes in the era of lexicon `era_years` (民國113年, 113年底, 一一三年
    → 2024), none unless the text shows it counts in that era (see era_years)."""
    era = lexicon()["era_years"]
    first, last = int(era["first"]), int(era["last"])
    signs, mention = _era_res()
    if not _may_count_in_an_era(text, signs):
        return []
    if not any(first <= _era_number(m) <= last for sign in signs for m in sign.finditer(text)):
        return []
    return [(m.start(), m.end(), _era_number(m) + int(era["offset"])) for m in mention.finditer(text)
            if first <= _era_number(m) <= last]


def _may_count_in_an_era(text: str, signs: tuple[re.Pattern, ...]) -> bool:
    """A cheap necessary test for a sign of `_era_res`: the era's name (sign 0), a year in Chinese digits (sign 2), or
    a run of two or three digits before the year word, a bracket between them or not (every other sign holds one)."""
    return bool(signs[0].search(text) or signs[2].search(text) or _short_year_before_year_word().search(text))


@cache
def _short_year_before_year_word() -> re.Pattern:
    """The year word after a run of two or three digits (92年, (115)年): found from the year word, a literal the
    regex engine skips ahead to, the digits looked behind for."""
    behind = "|".join(rf"(?<=(?<![0-9.])[0-9]{{{n}}}{b}{YEAR})" for n in (2, 3) for b in ("", "[)）]"))
    return re.compile(rf"{YEAR}(?:{behind})")


def year_from(kind: str, token: str, issued_year: int | None = None) -> int | None:
    """The year a year mention names (a relative one only from the year of issue)."""
    if kind == "year":
        return year_value(token)
    if kind == "period":
        return int(lexicon()["plan_periods"][token])
    return None if issued_year is None else issued_year + int(lexicon()["relative_years"][token])


@cache
def _baseline_parts() -> list[re.Pattern]:
    lex = lexicon()
    words = alternation(lex["baseline_prefixes"])
    after = alternation(lex["baseline_suffixes"])
    periods = alternation(lex["plan_periods"])
    return [re.compile(rf"(?:{words})(?:{YEAR_TOKEN}){YEAR}{YEAR_END}"),
            re.compile(rf"(?:{words})[“\"]?(?:{periods})[”\"]?{PERIOD_END}"),
            re.compile(rf"{lead_year_token()}{YEAR}{YEAR_END}(?:{after})")]


def baseline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every baseline mention (matches of baseline_re), in text order."""
    parts = [(str(k), rx) for k, rx in enumerate(_baseline_parts())]
    return [(a, b) for a, b, _, _ in _leftmost(text, parts, _baseline_accept)]


def _baseline_accept(text: str, kind: str, m: re.Match) -> tuple[int, int, str, str] | None:
    if kind == "2" and m.start() and text[m.start() - 1].isdigit() and text[m.start() - 1].isascii():
        return None
    return m.start(), m.end(), kind, m.group(0)


@cache
def baseline_re() -> re.Pattern:
    """A baseline: 较/比/与/相比 + year (较2015年, 与二〇二〇年相比, 较“十三五”末), or a year followed by
    a baseline word (在2020年基础上)."""
    lex = lexicon()
    words = alternation(lex["baseline_prefixes"])
    after = alternation(lex["baseline_suffixes"])
    periods = alternation(lex["plan_periods"])
    return re.compile(
        rf"(?:{words})(?P<year>{YEAR_TOKEN}){YEAR}{YEAR_END}"
        rf"|(?:{words})[“\"]?(?P<period>{periods})[”\"]?{PERIOD_END}"
        rf"|(?<![0-9])(?P<year2>{YEAR_TOKEN}){YEAR}{YEAR_END}(?:{after})"
    )


def baseline_year_of(m: re.Match) -> int:
    if m.group("year2"):
        return year_value(m.group("year2"))
    if m.group("year"):
        return year_value(m.group("year"))
    return int(lexicon()["plan_periods"][m.group("period")])


@cache
def plan_name_brackets_re() -> re.Pattern:
    """A plan's name followed by its span of years in brackets (工作计划(2025—2027年), 《…三年行动计划》(2018~2020年)):
    group 1 is the bracket."""
    names = alternation(lexicon()["plan_names"])
    close = re.escape(lexicon()["title_brackets"][-1])
    return re.compile(rf"(?:{names}){close}?([(（][^()（）]{{4,16}}[)）])")


@cache
def titled_plan_year_re() -> re.Pattern:
    """A title in 《》 holding one year and ending in a plan's name (《2020年沈阳市…工作方案》): group `year`."""
    names = alternation(lexicon()["plan_names"])
    opening, close = (re.escape(b) for b in lexicon()["title_brackets"])
    body = rf"[^{opening}{close}0-9。;\n]"
    return re.compile(rf"{opening}{body}{{0,16}}(?P<year>(?<![0-9]){YEAR_TOKEN}){YEAR}{body}{{0,30}}(?:{names}){close}")


@cache
def year_word_re() -> re.Pattern:
    """What every match of year_re or year_span_re holds: 年, a plan period's name or a relative year."""
    lex = lexicon()
    return re.compile(alternation({YEAR, *lex["plan_periods"], *lex["relative_years"]}))


@cache
def year_span_re() -> re.Pattern:
    """A span of years (2023—2025年, 2023年至2025年): groups 1 and 2 are its first and last year."""
    marks = alternation(lexicon()["range_marks"])
    return re.compile(rf"({lead_year_token(True)}){YEAR}?\s*(?:{marks})\s*({YEAR_TOKEN}){YEAR}")


@cache
@cache
def event_horizon_re() -> re.Pattern:
    """A horizon named by an event (lexicon `event_horizon`: 到试点全面建成时,), not by a year (到2020年时, 到期末时)."""
    h = lexicon()["event_horizon"]
    inside = "".join(h["not_inside"])
    return re.compile(rf"(?:{alternation(h['leads'])})[^,，。;；0-9{inside}]{{2,24}}(?:{alternation(h['ends'])})[,，]")


@cache
def next_step_re() -> re.Pattern:
    """Words opening next steps (下一步): lexicon `next_step_words`."""
    return re.compile(alternation(lexicon()["next_step_words"]))


@cache
def open_horizon_re() -> re.Pattern:
    """Words of an open horizon (今后一个时期): a paragraph holding one aims at no year of the text's."""
    return re.compile(alternation(lexicon()["open_horizon_words"]))


@cache
def effect_finder() -> WordFinder:
    """Words of what a project brings once done (建成后, 项目实施后): lexicon `effect_words`."""
    return WordFinder(lexicon()["effect_words"])


@cache
def months_so_far_re() -> re.Pattern:
    """A span of months from January (1至11月, 1—8月, 一至十月) or a part of a year gone so far (前三季度)."""
    lex = lexicon()
    marks, first = alternation(lex["range_marks"]), alternation(lex["first_month_numbers"])
    return re.compile(rf"(?<![0-9{CN_NUMERAL_CHARS}])(?:{first})(?:{marks}){MONTH_NUMBER}|"
                      rf"{alternation(lex['months_so_far_words'])}")


@cache
def bare_month_re() -> re.Pattern:
    """A month aimed at, written without its year (将于4月~5月实施, 到10月底): after a target-year word, not
    part of a date after 年 nor a count of months."""
    count_words, leads = alternation(lexicon()["month_count_words"]), alternation(lexicon()["target_year_prefixes"])
    return re.compile(rf"(?:{leads})({MONTH_NUMBER})(?!{count_words})")


@cache
def start_date_re() -> re.Pattern:
    """A day a rule starts from, written without its year (由三月一日起, 自3月1日起): lexicon start_date_leads, a month,
    a day, start_date_end."""
    lex = lexicon()
    day = "[0-9" + _chars(_DIGITS, lambda v: v > 0) + _chars(_POWERS, lambda v: v == 10) + "]{1,3}"
    days = alternation(lex["day_words"])
    return re.compile(rf"(?:{alternation(lex['start_date_leads'])})({MONTH_NUMBER})(?:{day}(?:{days}))?"
                      rf"{re.escape(lex['start_date_end'])}")


@cache
def annual_re() -> re.Pattern:
    return re.compile(rf"(?<!\d)(?:{alternation(lexicon()['annual_markers'])})")


@cache
def dismissal_re() -> re.Pattern:
    """One pattern over every named pattern that dismisses a number (lexicon `number_dismissals`, in its
    order); the name of the alternative that matched is the match's `lastgroup`.  It is led by a
    lookahead on the characters a match can start with (`first_chars_lookahead`): the same matches, but
    a scan skips every other position without trying each alternative there (several times faster)."""
    rx = "|".join(f"(?P<{name}>{rx})" for name, rx in lexicon()["number_dismissals"].items())
    return re.compile(first_chars_lookahead(rx, re.MULTILINE) + f"(?:{rx})", re.MULTILINE)


def first_chars_lookahead(pattern: str, flags: int = 0) -> str:
    """A lookahead on every character a match of `pattern` can start with, e.g. `(?=[0-9(])`; prefixed to
    the pattern it changes no match.  "" when a match may be empty, or may start with a character the walk
    over the parsed pattern does not bound (`.`, `[^…]`, a backreference, ignore-case)."""
    try:
        from re import _constants as sre
        from re import _parser as sre_parse

        parsed = sre_parse.parse(pattern, flags)
        if parsed.state.flags & re.IGNORECASE:
            return ""
        items, nullable = _first_chars(parsed, sre)
    except (ImportError, AttributeError, ValueError):
        return ""
    return "" if nullable or not items else "(?=[" + "".join(dict.fromkeys(items)) + "])"


def _first_chars(seq, sre) -> tuple[list[str], bool]:
    """(character-class items a match of the parsed sequence can start with, whether it can match empty)."""
    categories = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
                  sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
    out: list[str] = []
    for op, av in seq:
        if op is sre.LITERAL:
            return [*out, re.escape(chr(av))], False
        if op is sre.IN:
            for o, a in av:
                if o is sre.LITERAL:
                    out.append(re.escape(chr(a)))
                elif o is sre.RANGE:
                    out.append(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
                elif o is sre.CATEGORY and a in categories:
                    out.append(categories[a])
                else:
                    raise ValueError(o)
            return out, False
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width
            continue
        if op is sre.BRANCH:
            nullable = False
            for alt in av[1]:
                items, empty = _first_chars(alt, sre)
                out += items
                nullable |= empty
        elif op is sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise ValueError(op)
            items, nullable = _first_chars(av[3], sre)
            out += items
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            items, nullable = _first_chars(av[2], sre)
            out += items
            nullable = nullable or av[0] == 0
        elif op is sre.ATOMIC_GROUP:
            items, nullable = _first_chars(av, sre)
            out += items
        else:
            raise ValueError(op)
        if not nullable:
            return out, False
    return out, True


@cache
def heading_res() -> list[tuple[re.Pattern, int]]:
    return [(re.compile(rx), int(level)) for rx, level in lexicon()["heading_markers"]]


# --------------------------------------------------------------------------- small parsers


def chinese_number(token: str) -> float:
    """A number written in Chinese numerals (六千七百, 十五, 两, 一万二千) as float."""
    digits = _DIGITS | _COUNTING
    small = {c: v for c, v in _POWERS.items() if v < 10**4}
    big = {c: v for c, v in _POWERS.items() if v >= 10**4}
    total, section, current = 0, 0, None
    for ch in token:
        if ch in digits:
            current = digits[ch]
        elif ch in small:
            section += (1 if current is None else current) * small[ch]
            current = None
        elif ch in big:
            section += current or 0
            total = (total + section) * big[ch] if big[ch] > 10**4 else total + section * big[ch]
            section, current = 0, None
        else:
            raise InputError(f"not a number: {token!r}")
    return float(total + section + (current or 0))


_LOST_POINT = re.compile(r"0[0-9]{1,3}")


def parse_number(token: str) -> float:
    """A written number (`45.08`, `-6`, `4,533`, `4.5×43^1`, `两`, `六千七百`, `三分之二` → 99.90 %)
    as float; InputError for anything else."""
    if not isinstance(token, str) or not token:
        raise InputError(f"not a number: {token!r}")
    if token.isascii() and token.replace(".", "", 1).isdigit():
        if _LOST_POINT.fullmatch(token):
            return float("0." + token[1:])  # 提高到057以上: a scan lost the point of 0.57 (no count begins with 0)
        return float(token)  # the common case
    if re.fullmatch(garbled_decimal(), token):
        return float("0." + token[2:])  # 0、552: a decimal point lost to another mark
    sign = 1.0
    if token[0] in "-−":
        sign, token = -1.0, token[1:]
    frac = _CN_FRACTION.fullmatch(token)
    if frac:
        if chinese_number(frac.group(1)) == 100:  # 百分之十六: a percentage
            return sign * parse_number(frac.group(2))
        return sign * round(parse_number(frac.group(2)) / chinese_number(frac.group(1)) * 100, 4)
    if token in _LEX["numeral_shares"]:
        return sign * float(_LEX["numeral_shares"][token])
    if token in _LEX["whole_share_words"]:
        return sign * 100.0  # 全部(建成): the whole
    tenths = _TENTHS.fullmatch(token)
    if tenths:
        return sign * chinese_number(tenths.group(1)) * 10
    slash = _SLASH.fullmatch(token)
    if slash and int(slash.group(2)):
        return sign * round(int(slash.group(1)) / int(slash.group(2)) * 100, 4)
    decimal = _CN_DECIMAL.fullmatch(token)
    if decimal:
        return sign * float(f"{chinese_number(decimal.group(1)):.0f}.{''.join(str(_DIGITS[c]) for c in decimal.group(2))}")
    if token and all(c in CN_NUMERAL_CHARS for c in token):  # 六千七百
        return sign * chinese_number(token)
    if _SPLIT_WAN.fullmatch(token):  # 1万5650: 15650
        high, low = token.split(_WAN)
        return sign * float(int(high) * 10**4 + int(low))
    plain = token.replace(",", "") if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", token) else token
    m = _NUMBER.fullmatch(plain)
    if not m:
        raise InputError(f"not a number: {token!r}")
    return sign * float(m.group(1)) * 10.0 ** int(m.group(2) or m.group(3) or 0)


def is_fraction(token: str) -> bool:
    """Whether a number is a share written in words (三分之二, 百分之十六, 四成, 一半, 4/6, 全部 before 建成): a percentage."""
    return bool(_share_words_re().fullmatch(token.lstrip("-−"))) or token in _LEX["whole_share_words"]


@cache
def _share_words_re() -> re.Pattern:
    return re.compile(SHARE_WORDS)


_SHARE_OF = re.compile(rf"[^\d,;。:]{{2,16}}{POSSESSIVE}")
#: A year of the era of lexicon `era_years` as written before a number it dates (民国120年10%, 120年的10%).
ERA_YEAR_TOKEN = rf"(?:{alternation(_LEX['era_years']['names'])})?(?<![0-9.])[0-9]{{2,3}}"
#: A year (of either count) right before a number, after the verb that bounds it: 提高到2025年的90%, 降至2025年10%,
#: 降至120年10%.
_TRAILING_YEAR = re.compile(rf"(?:{lead_year_token()}|{ERA_YEAR_TOKEN}){YEAR}{YEAR_END}{POSSESSIVE}?$")


def without_approximation(before: str) -> str:
    """The words before a number without an approximation word or a word of a period right before it
    (控制在约 → 控制在, 达到每天 → 达到)."""
    for key in ("approximate_prefixes", "per_period_words"):
        if not before.endswith(longest_first(key)):
            continue  # (none of them: the loop below would find none)
        word = next((w for w in longest_first(key) if before.endswith(w)), "")
        before = before[: len(before) - len(word)]
    return before


def comparator_for(before: str, suffix: str | None) -> str | None:
    """The comparator set by the words just before a number and the suffix after it (None if neither).
    An approximation word between the phrase and the number is skipped (控制在约43亿立方米)."""
    lex = lexicon()
    if suffix and suffix in lex["comparator_suffixes"]:
        return lex["comparator_suffixes"][suffix]
    if suffix and suffix in lex["over_words"]:
        return lex["over_words"][suffix]
    before = without_approximation(before)
    dated = _TRAILING_YEAR.sub("", before)  # 提高到2025年的90%: the verb stands before the year
    phrases = longest_first("comparator_prefixes")
    if before.endswith(phrases) or (dated != before and dated.endswith(phrases)):  # else the loop finds none
        for phrase in phrases:
            if before.endswith(phrase) or (dated != before and dated.endswith(phrase)):
                return lex["comparator_prefixes"][phrase]
    # A share of something (不小于城区供水服务范围的83%; 达到用水总量的43%): the phrase stands before what
    # the number is a share of.
    if before.endswith(POSSESSIVE):
        for phrase in longest_first("comparator_prefixes"):
            k = before.rfind(phrase, max(0, len(before) - 24))
            if k >= 0 and _SHARE_OF.fullmatch(before[k + len(phrase) :]):
                return lex["comparator_prefixes"][phrase]
    return None


def unit_for(spelling: str | None) -> str:
    """The units.yaml name of a written unit (`亿m3` → 亿立方米); '4' (dimensionless) when none."""
    if not spelling:
        return "1"
    try:
        return unit_spellings()[spelling]
    except (KeyError, TypeError) as exc:
        raise InputError(f"unknown unit {spelling!r}: add it to src/compare/metadata/units.yaml") from exc


def years_in(text: str) -> list[tuple[int, int]]:
    """(position, year) of every stated target-year mention in `text` (baselines, dates and relative
    years excluded)."""
    taken = [(m.start(), m.end()) for m in baseline_re().finditer(text)]
    return [(m.start(), year_of(m)) for m in year_re().finditer(text)
            if not m.group("relative")
            and not any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken)]


def year_of(m: re.Match, issued_year: int | None = None) -> int | None:
    """The year a year_re match names (a relative one only from the year of issue)."""
    if m.group("year"):
        return year_value(m.group("year"))
    if m.group("period"):
        return int(lexicon()["plan_periods"][m.group("period")])
    if issued_year is None:
        return None
    return issued_year + int(lexicon()["relative_years"][m.group("relative")])


def baseline_in(text: str, target_year: int | None = None) -> int | None:
    """The last baseline year stated in `text` (较2015年 → 2015; 较“十三五”末 → 2020); failing that, a
    relative baseline (同比, 比上年: lexicon `relative_baselines`) counted from `target_year`."""
    found = [baseline_year_of(m) for m in baseline_re().finditer(text)]
    if found:
        return found[-1]
    if target_year is not None:
        for word, offset in lexicon()["relative_baselines"].items():
            if word in text:
                return target_year + int(offset)
    return None
