"""The lexicon-driven target extractor: normalised text → candidate targets with raw spans.

Two rules, both driven by metadata (indicators.yaml, units.yaml, lexicon.yaml):

* ``prose``: an indicator alias and a number with a compatible unit in the same clause
  (``用水总量控制在19亿立方米以内``; ``创建3个示范区``), with the year taken from the latest year
  mentioned earlier in the paragraph, the baseline from ``较/比/与…年``, coordinated lists
  (``A、B较2015年分别降低x%和y%``) and comparators from the phrases around the number.
* ``indicator_table``: tables with one column per year (``2025年  2030年``) whose rows name an
  indicator, its unit and its attribute (约束性/预期性).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path
from typing import TextIO

from compare import metadata
from compare.errors import InputError
from compare.text import NormText, is_cell_line, normalise, read_raw

CLAUSE_DELIMS = ",;。:!?\t\n"
SENTENCE_DELIMS = ";。!?\t\n"
LIST_JOINERS = ("、", "和", "及", "与", "以及")
MAX_WINDOW = 60  # characters between an alias and its number


@dataclass
class Candidate:
    """One target the extractor found: one indicator, one year, one value, one raw span."""

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


# --------------------------------------------------------------------------- lexicon patterns


@cache
def _lexicon() -> dict:
    return metadata.lexicon()


@cache
def _unit_spellings() -> dict[str, str]:
    """Written spelling → unit name (units.yaml), longest spellings first."""
    out = {}
    for name, spec in metadata.units().items():
        for sp in spec.get("spellings", []):
            if sp:
                out[sp] = name
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


@cache
def _value_re() -> re.Pattern:
    lex = _lexicon()
    numerals = "".join(lex["chinese_numerals"])
    units = "|".join(re.escape(s) for s in _unit_spellings())
    suffixes = sorted(list(lex["comparator_suffixes"]) + lex["approximate_suffixes"], key=len, reverse=True)
    approx = "|".join(re.escape(a) for a in sorted(lex["approximate_prefixes"], key=len, reverse=True))
    return re.compile(
        rf"(?P<approx>{approx})?"
        rf"(?P<num>(?<![0-9.^])[0-9]+(?:\.[0-9]+)?(?:{_TIMES}10\^[0-9]{{1,2}})?(?![0-9.]*年)"
        rf"|[{numerals}](?=(?:{units})))"
        rf"(?:(?: (?=[A-Za-z]))?(?P<unit>{units}))?"  # a space is kept only before a Latin unit (10 m3)
        rf"(?P<suffix>{'|'.join(re.escape(s) for s in suffixes)})?"
    )


@cache
def _alias_index() -> tuple[re.Pattern, dict[str, list[str]]]:
    """One regex over every alias (longest first) and alias → indicator ids sharing it."""
    owners: dict[str, list[str]] = {}
    for iid, spec in metadata.indicator_specs().items():
        if not spec["extract"]:
            continue
        for alias in spec["aliases_zh"]:
            owners.setdefault(alias, []).append(iid)
    pattern = "|".join(re.escape(a) for a in sorted(owners, key=len, reverse=True))
    return re.compile(pattern), owners


# A year written in digits (1998–2199) or in Chinese numerals (二〇二五); not the year of a date.
_YEAR_TOKEN = r"(?:19|20|21)[0-9]{2}|[一二][〇零○九][〇零○一二三四五六七八九]{2}"
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_TIMES = "[×xX*]"
_NUMBER = re.compile(rf"([0-9]+(?:\.[0-9]+)?)(?:{_TIMES}10\^([0-9]{{1,2}}))?")


def _year_value(token: str) -> int:
    return int("".join(_CN_DIGITS.get(c, c) for c in token))


@cache
def _year_re() -> re.Pattern:
    """A target-year mention: `2025年(底/末)(前)`, `二〇二五年`, or a five-year-plan period that
    names its last year (“十四五”末 / 期间 / 时期, lexicon `plan_periods`)."""
    periods = "|".join(re.escape(p) for p in _lexicon()["plan_periods"])
    return re.compile(
        rf"(?<![0-9])(?P<year>{_YEAR_TOKEN})年(?![0-9一二三四五六七八九十]{{1,2}}月)(?:底|末)?(?:以?前)?"
        rf"|[“\"]?(?P<period>{periods})[”\"]?(?:规划)?(?:期末|末期|末|期间|时期)"
    )


def _year_of(m: re.Match) -> int:
    if m.group("year"):
        return _year_value(m.group("year"))
    return int(_lexicon()["plan_periods"][m.group("period")])


@cache
def _baseline_re() -> re.Pattern:
    """A baseline: 较/比/与/相比 + year (较2015年, 与二〇二〇年相比, 较“十三五”末), or a year followed by
    a baseline word (在2020年基础上)."""
    lex = _lexicon()
    words = "|".join(re.escape(w) for w in sorted(lex["baseline_prefixes"], key=len, reverse=True))
    after = "|".join(re.escape(w) for w in sorted(lex["baseline_suffixes"], key=len, reverse=True))
    periods = "|".join(re.escape(p) for p in lex["plan_periods"])
    return re.compile(
        rf"(?:{words})(?P<year>{_YEAR_TOKEN})年"
        rf"|(?:{words})[“\"]?(?P<period>{periods})[”\"]?(?:规划)?(?:期末|末期|末|时期)?"
        rf"|(?<![0-9])(?P<year2>{_YEAR_TOKEN})年(?:底|末)?(?:{after})"
    )


def _baseline_year_of(m: re.Match) -> int:
    if m.group("year2"):
        return _year_value(m.group("year2"))
    return _year_of(m)


# --------------------------------------------------------------------------- small parsers


def parse_number(token: str) -> float:
    """A written number (`12.75`, `0.5`, `1,200`, `1.2×10^8`, `两`) as float; InputError for anything else."""
    if not isinstance(token, str):
        raise InputError(f"not a number: {token!r}")
    numerals = _lexicon()["chinese_numerals"]
    if token in numerals:
        return float(numerals[token])
    m = _NUMBER.fullmatch(token.replace(",", "") if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", token)
                          else token)
    if not m:
        raise InputError(f"not a number: {token!r}")
    return float(m.group(1)) * 10.0 ** int(m.group(2) or 0)


def comparator_for(before: str, suffix: str | None) -> str | None:
    """The comparator set by the words just before a number and the suffix after it (None if neither).
    An approximation word between the phrase and the number is skipped (控制在约10亿立方米)."""
    lex = _lexicon()
    if suffix and suffix in lex["comparator_suffixes"]:
        return lex["comparator_suffixes"][suffix]
    for word in sorted(lex["approximate_prefixes"], key=len, reverse=True):
        if before.endswith(word):
            before = before[: -len(word)]
            break
    for phrase in sorted(lex["comparator_prefixes"], key=len, reverse=True):
        if before.endswith(phrase):
            return lex["comparator_prefixes"][phrase]
    return None


def unit_for(spelling: str | None) -> str:
    """The units.yaml name of a written unit (`亿m3` → 亿立方米); '' (dimensionless) when none."""
    if not spelling:
        return "1"
    try:
        return _unit_spellings()[spelling]
    except (KeyError, TypeError) as exc:
        raise InputError(f"unknown unit {spelling!r}: add it to src/compare/metadata/units.yaml") from exc


def years_in(text: str) -> list[tuple[int, int]]:
    """(position, year) of every target-year mention in `text` (baselines and dates excluded)."""
    taken = [(m.start(), m.end()) for m in _baseline_re().finditer(text)]
    return [(m.start(), _year_of(m)) for m in _year_re().finditer(text)
            if not any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken)]


def baseline_in(text: str, target_year: int | None = None) -> int | None:
    """The last baseline year stated in `text` (较2015年 → 2015; 较“十三五”末 → 2020); failing that, a
    relative baseline (同比, 比上年: lexicon `relative_baselines`) counted from `target_year`."""
    found = [_baseline_year_of(m) for m in _baseline_re().finditer(text)]
    if found:
        return found[-1]
    if target_year is not None:
        for word, offset in _lexicon()["relative_baselines"].items():
            if word in text:
                return target_year + int(offset)
    return None


# --------------------------------------------------------------------------- the prose rule


@dataclass
class _Alias:
    start: int
    end: int
    alias: str
    indicator_ids: list[str]


@dataclass
class _Value:
    start: int
    end: int
    number: str
    unit_spelling: str
    suffix: str | None
    approx: bool


def _clause_start(text: str, pos: int, lo: int) -> int:
    i = pos
    while i > lo and text[i - 1] not in CLAUSE_DELIMS:
        i -= 1
    return i


def _clause_end(text: str, pos: int, hi: int) -> int:
    """End of the clause at pos; a clause that only states a baseline (与2010年相比,) runs on."""
    i = pos
    continuations = tuple(_lexicon()["clause_continuations"])
    while i < hi and (text[i] not in CLAUSE_DELIMS or (text[i] == "," and text[pos:i].endswith(continuations))):
        i += 1
    return i


def _sentence_start(text: str, pos: int, lo: int) -> int:
    i = pos
    while i > lo and text[i - 1] not in SENTENCE_DELIMS:
        i -= 1
    return i


def _aliases(text: str, lo: int, hi: int) -> list[_Alias]:
    """Indicator aliases in text[lo:hi]; one directly after a `not_after_zh` word does not count,
    unless that word ends a year mention (年用水总量 is annual use, 2025年用水总量 a target)."""
    pattern, owners = _alias_index()
    year_ends: set[int] | None = None  # computed on the first alias (most paragraphs have none)
    found = []
    for m in pattern.finditer(text, lo, hi):
        if year_ends is None:
            year_ends = {y.end() for y in _year_re().finditer(text, lo, hi)}
        ids = [
            iid
            for iid in owners[m.group(0)]
            if m.start() in year_ends
            or not any(text[max(lo, m.start() - len(w)) : m.start()] == w
                       for w in metadata.indicator_specs()[iid]["not_after_zh"])
        ]
        if ids:
            found.append(_Alias(m.start(), m.end(), m.group(0), ids))
    return found


def _values(text: str, lo: int, hi: int) -> list[_Value]:
    out = []
    for m in _value_re().finditer(text, lo, hi):
        if not m.group("num"):
            continue
        nxt = text[m.end() : m.end() + 1]
        # A number that is a list ordinal ("1.") or part of a date/code is no value.
        if not m.group("unit") and nxt in {"月", "日", "号", "条", "次", "."}:
            continue
        out.append(_Value(m.start("num"), m.end(), m.group("num"), m.group("unit") or "",
                          m.group("suffix"), bool(m.group("approx"))))
    return out


def _fits(indicator_id: str, value: _Value) -> bool:
    """Whether `value`'s unit can express the indicator (same dimension) and a bare number fits a ratio."""
    spec = metadata.indicator_specs()[indicator_id]
    canonical = metadata.units()[spec["unit"]]
    try:
        unit = metadata.units()[unit_for(value.unit_spelling)]
    except InputError:
        return False
    if unit["dimension"] != canonical["dimension"]:
        return False
    if canonical["dimension"] == "ratio":
        return parse_number(value.number) <= spec["valid_max"]
    return not (not value.number[0].isdigit() and unit["dimension"] != "count")


def _scope_before(text: str, lo: int, hi: int, until: int | None = None) -> str | None:
    """The longest lexicon scope term (全市, 城市, 规模以上工业 …) that starts between lo and hi;
    it may run on into the alias up to `until` (规模以上|工业用水重复利用率)."""
    segment = text[lo : max(hi, until or hi)]
    for term in sorted(_lexicon()["scopes"], key=len, reverse=True):
        k = segment.find(term)
        if 0 <= k < hi - lo:
            return term
    return None


def _free_scope(
    text: str, pos: int, hi: int, joiners: tuple[str, ...] = ("以及", "、", "和", "及", ",")
) -> str | None:
    """The words naming whom a count/share applies to: from pos up to a list joiner (outside
    brackets) or a scope-ending verb (lexicon `scope_stops`)."""
    seg = text[pos:hi].lstrip("的")
    stops = tuple(_lexicon()["scope_stops"]) + joiners
    depth = 0
    for k, ch in enumerate(seg):
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth <= 0 and seg.startswith(stops, k):
            seg = seg[:k]
            break
    return seg.strip() or None


def _qualifier(text: str, lo: int, value: _Value) -> str | None:
    lex = _lexicon()
    parts = []
    if value.approx or (value.suffix in lex["approximate_suffixes"]):
        parts.append("approximately")
    hedges = [h for h in lex["hedges"] if h in text[lo : value.start]]
    if hedges:
        parts.append(f"hedged ({hedges[0]})")
    return "; ".join(parts) or None


def _prose(doc: str, nt: NormText) -> Iterator[Candidate]:
    text = nt.text
    pattern, owners = _alias_index()
    # Where an alias occurs at all: a line without one yields nothing, so it is skipped. No alias holds a
    # tab or newline, so a match never spans two lines or cells and one scan of the whole text finds
    # exactly the matches that scanning each line or cell finds.
    starts = ([m.start() for m in pattern.finditer(text)]
              if not any("\t" in a or "\n" in a for a in owners) else None)
    for lo, hi in nt.lines:
        if lo == hi:
            continue
        if starts is not None:
            k = bisect_left(starts, lo)
            if k == len(starts) or starts[k] >= hi:
                continue
        for part_lo, part_hi in _cells(text, lo, hi):
            yield from _prose_paragraph(doc, nt, part_lo, part_hi)


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


def _position(alias: _Alias) -> str:
    """`before` when every indicator sharing the alias writes its number before it, else `after`."""
    specs = metadata.indicator_specs()
    return "before" if all(specs[i]["value_position"] == "before" for i in alias.indicator_ids) else "after"


def _groups(aliases: list[_Alias], text: str) -> list[list[_Alias]]:
    """Runs of aliases joined only by list joiners (A、B较2015年分别降低…) — one group each.
    Only aliases whose number follows them are grouped; a clause boundary always ends a group."""
    groups: list[list[_Alias]] = []
    for a in aliases:
        if (groups and text[groups[-1][-1].end : a.start] in LIST_JOINERS
                and _position(a) == _position(groups[-1][-1]) == "after"):
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


@cache
def _annual_re() -> re.Pattern:
    return re.compile(rf"(?<!\d)(?:{'|'.join(map(re.escape, _lexicon()['annual_markers']))})")


def _prose_paragraph(doc: str, nt: NormText, lo: int, hi: int) -> Iterator[Candidate]:
    text = nt.text
    aliases = _aliases(text, lo, hi)
    if not aliases:
        return
    years = [(p + lo, y) for p, y in years_in(text[lo:hi])]
    annual_re = _annual_re()

    def year_at(pos: int) -> tuple[int | None, int]:
        found = [(p, y) for p, y in years if p < pos]
        return (found[-1][1], found[-1][0]) if found else (None, lo)

    for _gi, group in enumerate(_groups([a for a in aliases], text)):
        first = group[0]
        spec_pos = {metadata.indicator_specs()[i]["value_position"] for a in group for i in a.indicator_ids}
        if spec_pos == {"before"}:
            yield from _before(doc, nt, group, aliases, lo, hi, year_at, annual_re)
            continue
        # value after the alias (group): numbers between the last alias and the clause end / next alias
        last = group[-1]
        nxt = next((a.start for a in aliases if a.start >= last.end), hi)
        w_end = min(_clause_end(text, last.end, hi), nxt, last.end + MAX_WINDOW)
        values = _values(text, last.end, w_end)
        if not values:
            continue
        sent_lo = _sentence_start(text, first.start, lo)
        for k, alias in enumerate(group):
            iid = _choose(alias.indicator_ids, values)
            if iid is None:
                continue
            fitting = [v for v in values if _fits(iid, v)]
            if not fitting:
                continue
            v = fitting[k] if len(fitting) == len(group) else fitting[0]
            between = text[alias.start : v.start]
            spec = metadata.indicator_specs()[iid]
            if spec["requires_zh"] and not any(w in between for w in spec["requires_zh"]):
                continue
            comparator = comparator_for(text[last.end : v.start], v.suffix)
            if comparator is None and len(fitting) > 1:
                comparator = comparator_for(text[last.end : fitting[0].start], fitting[0].suffix)
            year, ypos = year_at(v.start)
            clause_lo = _clause_start(text, alias.start, lo)
            yield _candidate(
                doc, nt, iid, alias.start, v.end, v, year, comparator or "=",
                baseline=baseline_in(text[sent_lo : v.start], year) if spec["takes_baseline"] else None,
                scope=_scope_before(text, clause_lo, alias.start, alias.end),
                qualifier=_qualifier(text, sent_lo, v),
                annual=bool(annual_re.search(text, ypos, v.start)),
                rule="prose",
            )


def _before(doc, nt, group, aliases, lo, hi, year_at, annual_re) -> Iterator[Candidate]:
    """Numbers written before the alias: `创建3个示范区`, `40%以上的市级机关…建成节水型单位`."""
    text = nt.text
    for alias in group:
        prev_end = max([a.end for a in aliases if a.end <= alias.start], default=lo)
        w_lo = max(_clause_start(text, alias.start, lo), prev_end, alias.start - MAX_WINDOW)
        values = _values(text, w_lo, alias.start)
        sent_lo = _sentence_start(text, alias.start, lo)
        for k, v in enumerate(values):
            iid = _choose(alias.indicator_ids, [v])
            if iid is None:
                continue
            if k + 1 < len(values):
                scope_words = _free_scope(text, v.end, values[k + 1].start)
            else:
                scope_words = _free_scope(text, v.end, alias.start, joiners=(",",))
            prefix_scope = _scope_before(text, w_lo, values[0].start)
            scope = "".join(s for s in (prefix_scope, scope_words) if s) or _free_scope(
                text, alias.end, _clause_end(text, alias.end, hi)
            )
            year, ypos = year_at(v.start)
            comparator = comparator_for(text[w_lo : v.start], v.suffix)
            yield _candidate(
                doc, nt, iid, v.start, alias.end, v, year, comparator or "=",
                baseline=None, scope=scope, qualifier=_qualifier(text, sent_lo, v),
                annual=bool(annual_re.search(text, ypos, v.start)),
                rule="prose_before",
            )


def _choose(indicator_ids: list[str], values: list[_Value]) -> str | None:
    """Of the indicators sharing an alias, the first whose unit fits one of the values."""
    for iid in indicator_ids:
        if any(_fits(iid, v) for v in values):
            return iid
    return None


def _candidate(doc, nt, iid, start, end, v: _Value, year, comparator, *, baseline, scope, qualifier,
               annual, rule, attribute=None) -> Candidate:
    spec = metadata.indicator_specs()[iid]
    reported_unit = unit_for(v.unit_spelling)
    number = parse_number(v.number)
    value = metadata.convert(number, reported_unit, spec["unit"])
    quote, a, b = nt.quote(start, end)
    note = "annual amount (每年) until the target year" if annual else None
    return Candidate(
        document=doc, indicator_id=iid, target_year=year, value=round(value, 10), unit=spec["unit"],
        comparator=comparator, baseline_year=baseline, scope=scope, attribute=attribute,
        value_reported=v.number, unit_reported=v.unit_spelling or ("" if reported_unit == "1" else reported_unit),
        qualifier=qualifier, quote=quote, char_start=a, char_end=b, rule=rule, note=note,
    )


# --------------------------------------------------------------------------- the indicator-table rule

_YEAR_CELL = re.compile(r"^((?:19|20|21)[0-9]{2})年?(?:目标值?)?$")
_NAME_HEADERS = ("指标名称", "指标", "名称")
_UNIT_HEADERS = ("单位", "计量单位")
_ATTRIBUTE_HEADERS = ("指标属性", "属性", "指标性质")


def _table_cells(text: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(start, end, row) of each cell: cells are tab-led lines or tab-separated; rows end at blank lines."""
    cells = []
    row = 0
    for line_lo, line_hi in _block_lines(text, lo, hi):
        if line_lo == line_hi:
            row += 1
            continue
        cell_line = is_cell_line(text[line_lo:line_hi])
        if not cell_line:
            row += 1
        pos = line_lo
        parts = text[line_lo:line_hi].split("\t")
        if cell_line:
            pos += 1
            parts = parts[1:]
        for p in parts:
            cells.append((pos, pos + len(p), row))
            pos += len(p) + 1
    return cells


def _block_lines(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    pos = lo
    for line in text[lo:hi].split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _indicator_tables(doc: str, nt: NormText) -> Iterator[Candidate]:
    text = nt.text
    # A table starts at a header cell (one of _NAME_HEADERS), so nothing before the line of the first
    # occurrence of a header word can belong to one; rows are only compared with each other, so
    # counting them from there instead of from the top changes nothing.
    first = min((k for k in (text.find(h) for h in _NAME_HEADERS) if k >= 0), default=-1)
    if first < 0:
        return
    cells = _table_cells(text, text.rfind("\n", 0, first) + 1, len(text))
    words = [text[a:b].strip() for a, b, _ in cells]
    attributes = _lexicon()["attributes"]
    i = 0
    while i < len(cells):
        # A header: a name column followed (somewhere) by at least two year columns.
        if words[i] not in _NAME_HEADERS:
            i += 1
            continue
        header_end = i + 1
        while header_end < len(cells) and cells[header_end][2] == cells[i][2]:
            header_end += 1
        header = words[i:header_end]
        year_cols = [(k, int(_YEAR_CELL.match(w).group(1))) for k, w in enumerate(header) if _YEAR_CELL.match(w)]
        if len(year_cols) < 2:
            i += 1
            continue
        unit_col = next((k for k, w in enumerate(header) if w in _UNIT_HEADERS), None)
        attr_col = next((k for k, w in enumerate(header) if w in _ATTRIBUTE_HEADERS), None)
        j = header_end
        while j < len(cells) and words[j] not in _NAME_HEADERS and "序号" not in words[j]:
            found = _aliases(text, cells[j][0], cells[j][1])
            cell_len = len(words[j])
            if found and cell_len - len(found[0].alias) <= 8:
                alias = found[0]
                unit_text = words[j + unit_col] if unit_col is not None and j + unit_col < len(words) else ""
                attr_text = words[j + attr_col] if attr_col is not None and j + attr_col < len(words) else ""
                for col, year in year_cols:
                    if j + col >= len(cells):
                        break
                    c_lo, c_hi, _ = cells[j + col]
                    vals = _values(text, c_lo, c_hi)
                    if len(vals) != 1:
                        continue
                    v = vals[0]
                    if not v.unit_spelling and unit_text in _unit_spellings():
                        v.unit_spelling = unit_text
                    iid = _choose(alias.indicator_ids, [v])
                    if iid is None:
                        continue
                    yield _candidate(
                        doc, nt, iid, alias.start, v.end, v, year, comparator_for("", v.suffix) or "=",
                        baseline=baseline_in(words[j]),
                        scope=_scope_before(text, cells[j][0], alias.start),
                        qualifier=None, annual=False, rule="indicator_table",
                        attribute=attributes.get(attr_text),
                    )
            j += 1
        i = j


# --------------------------------------------------------------------------- public API


def extract_text(raw: str, document: str) -> list[Candidate]:
    """Every candidate target in one raw decoded text, in text order."""
    nt = normalise(raw)
    found = list(_prose(document, nt)) + list(_indicator_tables(document, nt))
    seen, out = set(), []
    for c in sorted(found, key=lambda c: (c.char_start, c.char_end, c.indicator_id, c.target_year or 0)):
        key = (c.indicator_id, c.target_year, c.char_start, c.char_end)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def extract_file(path: Path, document: str | None = None) -> list[Candidate]:
    """Candidates of one text file (registered or not); `document` defaults to the file stem."""
    return extract_text(read_raw(path), document or path.stem)


CSV_COLUMNS = [f.name for f in fields(Candidate)]


def write_candidates(paths: Iterable[Path], fmt: str = "csv", out: TextIO = sys.stdout) -> None:
    """Print the candidates of each file as CSV (columns of ARCHITECTURE §5 first) or JSON lines."""
    rows = [asdict(c) for p in paths for c in extract_file(Path(p))]  # fail before printing anything
    if fmt == "json":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
