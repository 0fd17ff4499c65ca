"""Decoding and normalising raw documents, keeping a map from every normalised character back to
the raw decoded text so that each extracted span can be quoted exactly from the raw text.

Normalisation: NFKC (full-width digits/punctuation, m³ → m3), traditional characters folded to
simplified ones character by character (OpenCC t2s where it maps one character to one), a
superscript exponent after a digit kept as one (10⁸ → 10^8), markup and page numbers dropped, spaces
and thousands separators inside numbers and spaces between CJK characters dropped, sentences broken
by page breaks joined, table cells continued on a new line re-joined.  Tabs and newlines are kept:
they delimit cells (a cell per tab-led line, or a row of tab-separated cells per line).

Size limits (the one place they are set): a file larger than MAX_INPUT_BYTES or a text longer than
MAX_TEXT_CHARS is refused before any work — extraction costs about 3 µs per character, so the
largest accepted text takes a few seconds, and the offset map stays well under a gigabyte.
"""

from __future__ import annotations

import html
import re
import stat
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from compare.errors import InputError

#: Largest file `compare add` / `compare extract` read (bytes): 20 MiB, ~200× the largest plan.
MAX_INPUT_BYTES = 20 * 1024 * 1024
#: Longest decoded or converted text accepted (characters): 2 million, ~15× the whole corpus.
MAX_TEXT_CHARS = 2_000_000

# Raw fragments that carry no text: Word bookmarks, PDF page numbers, markdown emphasis/headings.  One
# pattern each, each beginning with a character or class so the regex engine skips ahead to where it can
# match (one alternation tried every branch at every character); no fragment can begin inside another and
# run past its end, so together they drop what the alternation dropped.
_DROPS = (
    re.compile(r"\[bookmark:[^\]\n]*\]"),
    re.compile(r"^[ \t]*(?:\|[ \t]*\d{1,4}[ \t]*\|[ \t]*$|#{1,6}[ \t]+)", re.MULTILINE),  # (tried at every place)
    re.compile(r"\*\*"),
    # pinyin a web page inserted after a character (節(jié)水, 万元(wànyuán)), once or repeated (規(gui)(gui)模):
    # letters with tone marks only (their plain letters ASCII or full-width: 規(ｇｕｉ)模)
    re.compile(r"[(（](?<=[\u3400-\u9fff][(（])[a-zａ-ｚāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,12}[)）]"
               r"(?:[(（][a-zａ-ｚāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,12}[)）])*"),
    # marks a web page scatters through its text against copying (201🍸5年, 再生水🍎利用率, 处理率꧟平均):
    # pictographs and emoji, their joiners and variation selectors, zero-width characters, Javanese marks
    re.compile(r"[\U0001F000-\U0001FAFF\uFE0E\uFE0F\u200B-\u200D\u2060\uA980-\uA9DF]"),
    # a comma a web page doubled before another comma or an enumeration comma (普及率,、规模化…; 工程16处,,农村):
    # the second mark stays
    re.compile(r"[,，](?=[,，、])"),
)
#: Pattern of _DROPS → words one of which a text must hold for it to match (found far faster than the pattern
#: scans a text that has none).
_DROP_NEEDS = {_DROPS[1]: ("|", "#"), _DROPS[5]: tuple(a + b for a in ",，" for b in ",，、")}
#: Pattern of _DROPS → the characters each of its matches begins with, where they are few in a text (a find per
#: occurrence and a match there are far faster than the pattern's scan of every character).
_DROP_LEADS = {_DROPS[3]: "(（"}
_TERMINAL = set("。;；:：!！?？.．")
#: Marks that never begin a line of their own: a line starting with one continues the line above.
_CONTINUATION_MARKS = set(",，、;；")
#: One Chinese character (the CJK blocks the texts use).
CJK = re.compile(r"[\u3400-\u9fff]")
# A prose line shorter than this is taken as a heading/cell, never as half of a broken sentence.
_MIN_BROKEN_LINE = 15


@dataclass(frozen=True)
class NormText:
    """Normalised text plus, for each of its characters, the index of the raw character it came from."""

    raw: str
    text: str
    offsets: Sequence[int]  # an array of machine integers ('q'): a Python int for each character cost more to make

    def position(self, raw_pos: int) -> int:
        """The normalised offset of the first character at or after raw offset `raw_pos`."""
        return bisect_left(self.offsets, raw_pos)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw [start, end) covering normalised text[start:end] (end > start)."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> tuple[str, int, int]:
        """(raw quote, raw start, raw end) for normalised text[start:end]."""
        a, b = self.raw_span(start, end)
        return self.raw[a:b], a, b

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """(start, end) of every line of the normalised text."""
        return line_spans(self.text)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of `text` (the newline not included)."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def decode(data: bytes, name: str | Path = "<bytes>") -> str:
    """The text of a raw document: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty — nothing to extract")
    candidates = ["utf-16"] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig":
                _refuse_stray_bytes(data, exc, name)
            continue
        if "\x00" in text or _control_share(text) > 0.01:
            break
        if not text.strip():  # only a BOM, ideographic spaces (U+3000) or other blanks
            raise InputError(f"{name}: the file is empty — nothing to extract")
        return check_length(text, name)
    raise InputError(
        f"{name}: not a text file in UTF-8, UTF-8 with BOM, UTF-16 with BOM or GB18030 — "
        "convert it (e.g. `iconv -f <encoding> -t utf-8`) or add it with `compare add`, which reads .docx/.pdf/.html"
    )


def _refuse_stray_bytes(data: bytes, exc: UnicodeDecodeError, name: str | Path) -> None:
    """InputError for a file that is UTF-8 Chinese text but for a few stray bytes: read as GB18030 it would
    be registered as mojibake (指标名称 → 鎸囨爣鍚嶇О), so it is refused with the offset of the first one."""
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return  # not GB18030 either: the general message says what to do
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    cjk = len(CJK.findall(lenient))
    if cjk >= 10 and bad <= max(16, len(lenient) // 1000):
        raise InputError(
            f"{name}: UTF-8 text except for {bad} byte(s) from another encoding (the first at byte offset "
            f"{exc.start}: {data[exc.start:exc.start + 4]!r}) — read whole as GB18030 it would be mojibake. Fix "
            "or remove the stray bytes (`iconv -f utf-8 -t utf-8 -c FILE` drops them) and add the file again."
        )


def check_length(text: str, name: str | Path = "<text>") -> str:
    """`text` itself, or InputError when it is longer than MAX_TEXT_CHARS."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{name}: {len(text):,} characters — more than the limit of {MAX_TEXT_CHARS:,} "
            "(compare.text.MAX_TEXT_CHARS). A plan is rarely over 200,000: split the file or add only the plan itself."
        )
    return text


def check_size(path: Path) -> int:
    """The size of a regular file in bytes; InputError for a missing, special or too large file."""
    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file (a directory, device or pipe) — give the path of a document")
    if st.st_size > MAX_INPUT_BYTES:
        raise InputError(
            f"{path}: {st.st_size / 2**20:.1f} MiB — larger than the limit of {MAX_INPUT_BYTES / 2**20:.0f} MiB "
            "(compare.text.MAX_INPUT_BYTES). Remove images/annexes or split the document."
        )
    return st.st_size


#: Unicode category Cc (C0, DEL, C1 — the 65 control characters, fixed by Unicode's stability policy)
#: except tab, line feed, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    bad = sum(1 for _ in _CONTROL.finditer(text))
    return bad / max(len(text), 1)


def read_raw(path: Path) -> str:
    """The decoded raw text of a file (the text every offset refers to)."""
    check_size(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    return decode(data, path)


def normalise(raw: str) -> NormText:
    """`raw` normalised for extraction, with an offset map back into `raw`."""
    keep = bytearray(b"\x01") * len(raw)
    for drop in _DROPS:
        if drop in _DROP_NEEDS and not any(w in raw for w in _DROP_NEEDS[drop]):
            continue
        for m in drop.finditer(raw) if drop not in _DROP_LEADS else _matches_at(drop, raw, _DROP_LEADS[drop]):
            keep[m.start() : m.end()] = bytes(m.end() - m.start())
    if "<" in raw and _any_line_tag().search(raw):
        _drop_line_tags(raw, keep)
    for a, b in _joined_breaks(raw, keep):
        keep[a:b] = bytes(b - a)

    for m in _THOUSANDS.finditer(raw) if "," in raw else ():
        for k in range(m.start(), m.end()):
            if raw[k] in ", ":
                keep[k] = 0

    for m in _CR.finditer(raw) if "\r" in raw else ():
        keep[m.start()] = 0
    text, offsets = _fold_kept(raw, keep)
    if "$" in text:
        text, offsets = _read_math(text, offsets)
    if "{" in text:
        text, offsets = _read_braced_powers(text, offsets)
    if "<" in text or "&" in text:
        text, offsets = _read_html(text, offsets)
    if " " in text:
        text = _spaced_rows_to_tabs(text)
    text, offsets = _drop_spaces(text, offsets)
    if "." in text:
        text = _sentence_stops(text)
    text = _common_spellings(text)
    if any(pipe in text for pipe in _PIPE_CHARS):  # (the scan of every line costs more than these finds)
        text = _PIPE_ROW.sub(_pipes_to_tabs, text)
    if _ends_a_line_in_a_tab(text) and (_year_cell_line().search(text) or _total_row_line().search(text)):
        text, offsets = _rebuild_cell_rows(text, offsets)
    return NormText(raw=raw, text=text, offsets=offsets if isinstance(offsets, array) else array("q", offsets))


def _matches_at(pattern: re.Pattern, text: str, leads: str) -> Iterator[re.Match]:
    """`pattern.finditer(text)` for a pattern whose every match begins with a character of `leads`: the pattern is
    tried only where one stands, from the end of the last match on."""
    at = sorted(k for ch in leads for k in _positions(text, ch))
    end = 0
    for k in at:
        if k >= end and (m := pattern.match(text, k)) is not None:
            yield m
            end = m.end()


def _positions(text: str, ch: str) -> Iterator[int]:
    k = text.find(ch)
    while k >= 0:
        yield k
        k = text.find(ch, k + 1)


def _ends_a_line_in_a_tab(text: str) -> bool:
    """Whether a line of `text` ends in a tab, as every line the one-cell rebuild reads does (two finds, where the
    line patterns try every line start)."""
    return "\t\n" in text or text.endswith("\t")


# A table row written with pipes (`| 用水总量 | 亿立方米 | 52.5 |`, `指标 | 目标值`, markdown or a web page): its pipes are
# read as tabs, the cell separator of every other table (one character for one, so offsets hold).
_PIPE_ROW = re.compile(r"^[^\n|│┃]*[|│┃][^\n]*$", re.MULTILINE)
_PIPE_CHARS = "|│┃"
_PIPES = str.maketrans(_PIPE_CHARS, "\t\t\t")


def _pipes_to_tabs(m: re.Match) -> str:
    return m.group(0).translate(_PIPES)


# A table a web page flattened into one cell per line, each cell closed by a pipe (`序号 |`, `2025年 |`,
# `1 |`, `重点水源工程覆盖率 |`, `89.2 |`): after the pipes became tabs every line is one cell and a tab.
_ONE_CELL = re.compile(r"[^\t\n]*\t+")


@cache
def _year_cell_line() -> re.Pattern:
    """A line that is one year cell (`2025年 |` once its pipe is a tab)."""
    return re.compile(rf"^(?:19|20|21)[0-9]{{2}}{re.escape(_lexicon()['year_word'])}?\t+$", re.MULTILINE)


def _rebuild_cell_rows(text: str, offsets: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Rows of one-cell-per-line tables rebuilt (line breaks inside a row dropped), so they read as the
    rows of any other table; only characters are dropped, so the offset map stays exact.

    The rows are found from the table itself: a header of cells ending in a block of year cells
    (`序号 | 指标名称 | 单位 | 目标指标 | 2025年 | 2026年 | 2027年 |`), then rows led by serial numbers
    1, 2, 3 … at a fixed distance, the row width.  A width one short of the header's cell count means a
    two-row header whose last cell before the years spans them (目标指标 over 2025年 … 2027年): that cell
    is dropped so each year heads its column.  Anything that does not fit is left as it was.
    """
    lines = line_spans(text)
    one = [bool(_ONE_CELL.fullmatch(text, a, b)) for a, b in lines]
    cell = [text[a:b].rstrip("\t") for a, b in lines]
    drop: list[tuple[int, int]] = []  # text ranges to drop
    i = floor = 0  # floor: the end of the last table rebuilt (a header never reaches into it)
    lex = _lexicon()
    totals, serials = set(lex["table_total_rows"]), set(lex["table_serial_headers"])
    while i < len(lines):
        if one[i] and cell[i] in totals:
            i = _total_row_only(cell, one, i, floor, lines, drop, serials)
            floor = max(floor, i)
            continue
        if not (one[i] and _year_cell_line().fullmatch(text, *lines[i])):
            i += 1
            continue
        y_end = i
        while y_end < len(lines) and one[y_end] and _year_cell_line().fullmatch(text, *lines[y_end]):
            y_end += 1
        h_start = i
        while h_start > floor and one[h_start - 1]:
            h_start -= 1
        head = [k for k in range(h_start, i) if cell[k]]
        years = list(range(i, y_end))
        d = y_end
        while d < len(lines) and one[d] and not cell[d]:
            d += 1
        rows = _serial_rows(cell, one, d)
        if len(years) < 2 or not head or not rows:
            i = y_end
            continue
        width = rows[0][1] - rows[0][0]
        if width == len(head) + len(years):
            kept_head = head
        elif width == len(head) - 1 + len(years):
            kept_head = head[:-1]
        else:
            i = y_end
            continue
        # The header as one row: its non-empty cells (the spanning cell dropped) and the years.
        header = kept_head + years
        for k in range(h_start, d):
            if k not in header:
                drop.append((lines[k][0], lines[k][1] + 1))
        for k in header[:-1]:
            drop.append((lines[k][1], lines[k][1] + 1))
        for lo, hi in rows:
            for k in range(lo, hi - 1):
                drop.append((lines[k][1], lines[k][1] + 1))
        i = floor = rows[-1][1]
    if not drop:
        return text, offsets
    return _spliced(text, offsets, [(a, b, ()) for a, b in sorted(drop)])


_NUMBER_CELL = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _total_row_only(cell, one, i, floor, lines, drop, serials) -> int:
    """A header led by a serial-number cell (`序号 | 区县 | 新建水厂数量(处) | 铺设管网长度(公里) |`) with only a
    total row under it (`合计 | 1480 | 25722 |`, one cell short: the total has no serial number): the two
    rebuilt as rows of equal width, the serial header dropped.  Returns the line after what was read."""
    n = i + 1
    while n < len(cell) and one[n] and _NUMBER_CELL.fullmatch(cell[n]):
        n += 1
    width = n - i  # the total label and its numbers
    h = i - width - 1  # where the serial header must stand
    if width < 2 or h < floor or cell[h] not in serials or (n < len(cell) and one[n] and cell[n]):
        return i + 1
    if not all(one[k] and cell[k] and not _NUMBER_CELL.fullmatch(cell[k]) for k in range(h + 1, i)):
        return i + 1
    drop.append((lines[h][0], lines[h][1] + 1))
    for k in list(range(h + 1, i - 1)) + list(range(i, n - 1)):
        drop.append((lines[k][1], lines[k][1] + 1))
    return n


def _common_spellings(text: str) -> str:
    """`text` with a word spelt as in Taiwan or Hong Kong written as the mainland spells it, where both have the
    same length (lexicon `regional_spellings`: 计画 → 计划, 海水化淡 → 海水淡化), so the offsets stay as they are."""
    found = _regional_spellings_re()
    if found is None or found.search(text) is None:
        return text
    words = _lexicon()["regional_spellings"]
    return found.sub(lambda m: words[m.group(0)], text)


@cache
def _regional_spellings_re() -> re.Pattern | None:
    words = _lexicon().get("regional_spellings") or {}
    bad = [w for w, c in words.items() if len(w) != len(c)]
    if bad:
        raise ValueError(f"lexicon regional_spellings must keep a word's length: {bad}")
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))) if words else None


@cache
def _lexicon() -> dict:
    """The lexicon (compare.metadata loads pandas, so it is imported when first needed, not with this module)."""
    from compare import metadata

    return metadata.lexicon()


@cache
def _total_row_line() -> re.Pattern:
    return re.compile(f"^(?:{'|'.join(map(re.escape, _lexicon()['table_total_rows']))})\\t+$", re.MULTILINE)


def _serial_rows(cell: list[str], one: list[bool], d: int) -> list[tuple[int, int]]:
    """(first line, end line) of each row from line d: rows led by serial numbers 1, 2, 3 … one row width
    apart, every line of them one cell (none empty).  Empty when there are not two such rows."""
    if d >= len(cell) or cell[d] != "1":
        return []
    nxt = next((k for k in range(d + 1, min(len(cell), d + 40)) if one[k] and cell[k] == "2"), None)
    if nxt is None:
        return []
    width = nxt - d
    rows, at, n = [], d, 1
    while at + width <= len(cell) and cell[at] == str(n) and all(one[k] and cell[k] for k in range(at, at + width)):
        rows.append((at, at + width))
        at += width
        n += 1
    return rows if len(rows) >= 2 else []


_CR = re.compile("\r")
_KEPT_RUN = re.compile(rb"\x01+")


def _fold_kept(raw: str, keep: bytearray) -> tuple[str, Sequence[int]]:
    """The kept characters of `raw` folded (`fold`), with the raw index of every output character.

    One str.translate over the whole text (a per-character loop was most of the extraction time) maps
    every character to its fold when that is one character and to itself otherwise; only those others,
    and superscripts right after a digit (or after 10 and a space), are then placed one by one.
    """
    import numpy as np

    runs = [(m.start(), m.end()) for m in _KEPT_RUN.finditer(keep)]
    kept = "".join(raw[a:b] for a, b in runs)
    kept_at = np.flatnonzero(np.frombuffer(keep, dtype=np.uint8)).astype(np.int64)
    index = array("q", kept_at.tobytes())  # the raw index of every kept character
    folded = _folded(kept)
    odd = [ch for ch in _FOLD.odd if ch in kept]
    if not odd:
        return folded, index
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in re.finditer("[" + "".join(map(re.escape, odd)) + "]", kept):
        j, ch = m.start(), m.group()
        out = fold(ch)
        if j and ch in _SUPERSCRIPT_DIGITS:
            prev = kept[j - 1]
            prev_folded = fold(prev)
            if (prev not in _SUPERSCRIPT_DIGITS and prev_folded.isascii() and prev_folded.isdigit()
                    or prev == " " and folded[max(0, j - 3) : j - 1] == "10"):  # (a conversion's `× 10 ⁸m³`)
                out = fold(ch, True)
        if out != folded[j]:
            parts += [folded[pos:j], out]
            offsets += index[pos:j]
            offsets += [index[j]] * len(out)
            pos = j + 1
    if not parts:
        return folded, index
    parts.append(folded[pos:])
    offsets += index[pos:]
    return "".join(parts), offsets


def _folded(kept: str) -> str:
    """kept.translate(_FOLD), which fills _FOLD (and _FOLD.odd) with any character not seen before — looked up for
    all characters at once by numpy (`_FoldTable.fold_codes`) when they are all in the Basic Multilingual Plane."""
    np, codes = _code_points(kept)
    if not len(codes) or int(codes.max()) >= _LUT_SIZE:
        return kept.translate(_FOLD)
    return _FOLD.fold_codes(np, codes).tobytes().decode("utf-32-le", "surrogatepass")


#: The code points of the last text `_code_points` was asked for; key: that text object itself (identity: a Doc's
#: text is read by `char_positions` for three sets of characters and by `digit_runs`).
_LAST_CODES: list = [None, None]


def _code_points(text: str):
    """The code points of `text` as a numpy array (numpy imported here: `compare.text` loads without it)."""
    import numpy as np

    if _LAST_CODES[0] is not text:
        _LAST_CODES[0], _LAST_CODES[1] = text, np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np, _LAST_CODES[1]


def digit_runs(text: str) -> list[int]:
    """Where each run of ASCII digits of `text` starts and ends, as one flat list (start, end, start, end …), found
    by numpy over the code points (a regex scan for a digit tries every character)."""
    np, codes = _code_points(text)
    digit = (codes >= ord("0")) & (codes <= ord("9"))
    return np.flatnonzero(np.diff(digit, prepend=False, append=False)).tolist()


def char_positions(text: str, chars: str) -> list[int]:
    """The positions of every character of `chars` in `text`, in order (compared by numpy over the code points: a
    regex scan makes a match object for each, ten times slower on a text of many delimiters)."""
    np, codes = _code_points(text)
    hit = np.zeros(len(codes), dtype=bool)
    for ch in chars:  # (one comparison per character: twice as fast as np.isin for a few)
        hit |= codes == ord(ch)
    return np.flatnonzero(hit).tolist()


#: Code points below this are folded by table look-up (`_FoldTable.fold_codes`).
_LUT_SIZE = 0x10000
_SUPERSCRIPT_DIGITS = set("⁰¹²³⁴⁵⁶⁷⁸⁹")


class _FoldTable(dict):
    """ord(ch) → fold(ch) for str.translate, filled the first time a character is met (so a translation
    never misses); `odd` holds the characters that need placing one by one in _fold_kept — those that
    fold to other than one character (mapped to themselves here), and the superscript digits."""

    def __init__(self) -> None:
        super().__init__()
        self.odd: set[str] = set(_SUPERSCRIPT_DIGITS)
        self._lut = None  # numpy: code point → the code point of its fold, 0 while not looked up (`fold_codes`)

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        if len(folded) != 1:
            self.odd.add(chr(code))
            folded = chr(code)  # placed in _fold_kept
        self[code] = folded
        return folded

    def fold_codes(self, np, codes):
        """The code points of the folds of `codes` (all below _LUT_SIZE), by one table look-up; those not looked up
        before are first read from the table itself (filling it)."""
        if self._lut is None:
            self._lut = np.zeros(_LUT_SIZE, dtype=np.uint32)
        folded = self._lut[codes]
        unknown = np.unique(codes[folded == 0])  # (NUL, which folds to itself, is looked up every time)
        if len(unknown):
            for code in unknown.tolist():
                self._lut[code] = ord(self[code])
            folded = self._lut[codes]
        return folded

    def forget(self, chars: str) -> None:
        """Drop `chars` from the table (and from `odd`), so the next text holding them looks them up again."""
        for ch in chars:
            self.pop(ord(ch), None)
            if ch not in _SUPERSCRIPT_DIGITS:
                self.odd.discard(ch)
            if self._lut is not None and ord(ch) < _LUT_SIZE:
                self._lut[ord(ch)] = 0


_FOLD = _FoldTable()
# An ASCII comma between digit groups of three (1,200 万立方米); CJK text writes clause commas as "，".
# (The first digit comes before the look-behind, so the regex engine skips ahead to a digit.)
# (full-width digits too: NFKC reads them only later, and a page in full-width forms keeps an ASCII comma; a
# conversion that sets numbers apart writes the comma between spaces: 52 , 600 千瓦)
_THOUSANDS = re.compile(r"[0-9０-９](?<![0-9０-９,.．][0-9０-９])[0-9０-９]{0,2}(?:(?:,| , )[0-9０-９]{3})+(?![0-9０-９,])")


@cache
def _unbroken_line_start() -> re.Pattern:
    """A line start (heading or item marker: lexicon `unbroken_line_starts`) that is never the rest of
    a sentence broken over two lines."""
    return re.compile(f"^(?:{'|'.join(_lexicon()['unbroken_line_starts'])})")


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def fold(ch: str, after_digit: bool = False) -> str:
    """What one raw character becomes in the normalised text (before spaces are dropped): tab and
    newline kept, NFKC, a traditional character as its simplified form when OpenCC maps it 1:1, a
    superscript digit right after a plain digit as an exponent (10⁸ → 10^8; m³ stays m3)."""
    if ch in "\t\n":
        return ch
    if after_digit and ch in _SUPERSCRIPT_DIGITS:
        return "^" + unicodedata.normalize("NFKC", ch)
    out = unicodedata.normalize("NFKC", ch)
    if len(out) == 1 and "\u3400" <= out <= "\u9fff":
        simple = _t2s().convert(out)
        if len(simple) == 1:
            return simple
    return out


def is_cell_line(line: str, lo: int = 0, hi: int | None = None) -> bool:
    """A tab-led line (or line[lo:hi], read without a copy) holding one table cell (`\t约束性`); a line with further
    tabs is a whole row of tab-separated cells, whose first cell may be empty."""
    hi = len(line) if hi is None else hi
    return line.startswith("\t", lo, hi) and line.find("\t", lo + 1, hi) < 0


def _visible(raw: str, keep: bytearray, a: int, b: int) -> str:
    if keep.find(0, a, b) < 0:  # nothing dropped on this line (the usual case)
        return raw[a:b].strip(" \t\u3000\r")
    # Kept runs of the line joined (a per-character loop here was most of a long line's cost).
    line = keep[a:b]
    runs = [m.span() for m in _KEPT_RUN.finditer(line)]
    return "".join(raw[a + i : a + j] for i, j in runs).strip(" \t\u3000\r")


def _visible_lines(raw: str, keep: bytearray, lines: list[tuple[int, int]]) -> list[str]:
    """`_visible` of every line (`lines`: the line spans of `raw`); when nothing is dropped (most texts), the lines
    split off at once and stripped."""
    if keep.find(0) < 0:
        return [line.strip(" \t\u3000\r") for line in raw.split("\n")]
    return [_visible(raw, keep, a, b) for a, b in lines]


def _joined_breaks(raw: str, keep: bytearray) -> list[tuple[int, int]]:
    """Raw ranges (newlines and blank lines) to drop so broken sentences and cells read as one."""
    lines = line_spans(raw)
    visible = _visible_lines(raw, keep, lines)
    leads = _page_mark_leads()
    if any(_page_number_line().match(v) for v in visible if v and v[0] in leads):
        visible = ["" if v and v[0] in leads and _page_number_line().match(v) else v for v in visible]
    wrapped = _wrapped_lines(visible)
    joins = []
    ran_on = False  # whether the line before ran on into this one
    in_cell = False
    for i, (a, b) in enumerate(lines[:-1]):
        this = visible[i]
        if not this and not raw.startswith("\t", a):
            in_cell = False  # a blank line: no cell, nothing to join (the tests below all fail)
            continue
        starts_cell = raw.startswith("\t", a) and raw.find("\t", a + 1, b) < 0  # is_cell_line(raw[a:b]), no copy
        in_cell = starts_cell or (in_cell and bool(this))
        na, nb = lines[i + 1]
        nxt = visible[i + 1]
        # A line of a paragraph hard-wrapped at the page width (a PDF's text) runs on into the next line.
        if (wrapped[i] and _runs_on(this, nxt) and "\t" not in raw[a:b] and "\t" not in raw[na:nb]
                and not (i and _opens_an_item(this) and _opens_an_item(visible[i - 1]) and not ran_on)):
            joins.append((b, na + (len(raw[na:nb]) - len(raw[na:nb].lstrip(" \t\u3000")))))
            ran_on = True
            continue
        ran_on = False
        # A cell whose text wraps onto the next line (no tab there: neither a cell nor a row).
        if in_cell and nxt and raw.find("\t", na, nb) < 0:
            joins.append((b, na))
            continue
        # A line that begins with a comma, an enumeration comma or a semicolon is the rest of the sentence
        # above it (…共完成投资3936万元\n,其中…\n;新打机电井297眼), wherever that sentence was cut.
        if this and nxt[:1] in _CONTINUATION_MARKS and not starts_cell and "\t" not in raw[na:nb]:
            joins.append((b, na + (len(raw[na:nb]) - len(raw[na:nb].lstrip(" \t\u3000")))))
            continue
        # A prose sentence cut by a page break: long line, no terminal punctuation, blank lines,
        # then a line that continues in CJK (not a heading or list item).
        if len(this) >= _MIN_BROKEN_LINE and this[-1] not in _TERMINAL and not nxt and not starts_cell:
            j = i + 1
            while j < len(lines) and not visible[j]:
                j += 1
            if j < len(lines):
                cont = visible[j]
                ja = lines[j][0]
                opens = (wrapped[i] and _runs_on(this, cont)) or (CJK.match(cont) and not _unbroken_line_start().match(cont))
                if (opens and "\t" not in raw[ja : lines[j][1]]
                        and not _repeats_its_start(this, cont)):  # (a line holding a tab is a table's row)
                    first = ja + (len(raw[ja : lines[j][1]]) - len(raw[ja : lines[j][1]].lstrip(" \t\u3000")))
                    joins.append((b, first))
    return joins


#: Display columns of a page's line (a Chinese character two, a digit or Latin letter one): a text hard-wrapped at a
#: width in this range may be a PDF's; a wider line is a paragraph of its own (a web page's), a narrower one a title.
_WRAP_COLUMNS = (40, 120)
#: Columns a full line of a hard-wrapped text may fall short of the page width (a wide character that did not fit,
#: punctuation set narrow) or pass it (a run of digits or Latin letters kept whole).
_WRAP_SHORT, _WRAP_OVER = 4, 12


#: What a line of prose never holds: a table's rule or cell border (pipes, box drawing), cells set apart by spaces
#: between Chinese words or by a run of spaces, markup (<p>).
_NOT_PROSE = re.compile(r"[|│┃\u2500-\u257f<>]|[\u3400-\u9fff][ \u3000]+[\u3400-\u9fff]|[ \u3000]{2}")
#: A mark between two clauses inside a line: a title or heading has none, a line of prose almost always one.
_CLAUSE_MARK = re.compile("[,，、;；:：]")


def _columns(line: str) -> int:
    """The display width of a line: a character of three UTF-8 bytes (Chinese, full-width forms) counts two."""
    return len(line) + (len(line.encode("utf-8")) - len(line)) // 2


def _wrapped_lines(visible: list[str]) -> list[bool]:
    """For each line, whether it is a full line of a paragraph hard-wrapped at the page width: the text's widest
    line width of _WRAP_COLUMNS that two lines or more reach (the page width), and this line as
    wide within _WRAP_SHORT/_WRAP_OVER.  A text of a paragraph or heading per line has no common width reached."""
    lo, hi = _WRAP_COLUMNS
    width = [_columns(v) if v else 0 for v in visible]
    prose: dict[int, bool] = {}

    def cols(i: int) -> int:  # the line's width if it is prose (the pattern asked only of lines whose width counts)
        if width[i] and i not in prose:
            prose[i] = _NOT_PROSE.search(visible[i]) is None
        return width[i] if width[i] and prose[i] else 0

    widths = sorted((c for i, w in enumerate(width) if lo <= w <= hi + _WRAP_OVER and (c := cols(i))), reverse=True)
    page = next((w for k, w in enumerate(widths[:-1]) if w - widths[k + 1] <= _WRAP_SHORT), 0)
    if page:
        return [page - _WRAP_SHORT <= w <= page + _WRAP_OVER and cols(i) > 0 for i, w in enumerate(width)]
    # One full line only (a paragraph of two lines): a line of prose, its clauses marked, over a shorter last line
    # (the next line that is not blank; a page break may stand between them).
    out, nxt = [False] * len(width), None
    for i in range(len(width) - 1, -1, -1):
        if lo <= width[i] <= hi and nxt is not None:
            out[i] = 0 < cols(nxt) <= width[i] and cols(i) > 0 and _CLAUSE_MARK.search(visible[i]) is not None
        nxt = i if visible[i] else nxt
    return out


def _runs_on(line: str, nxt: str) -> bool:
    """Whether a full line of a hard-wrapped paragraph runs on into `nxt`: the line ends no sentence or passage (…)
    and `nxt` is prose opening no heading or item."""
    if not nxt or line[-1] in _TERMINAL or line.endswith("…") or _NOT_PROSE.search(nxt):
        return False
    return not _opens_an_item(nxt)


def _opens_an_item(line: str) -> bool:
    """Whether a line opens a heading or list item (lexicon `unbroken_line_starts`, `list_bullets`; a decimal such
    as 1.5 opens none)."""
    if line[:1] in _lexicon()["list_bullets"]:
        return True
    m = _unbroken_line_start().match(line)
    return m is not None and not (m.group()[-1] in ".．" and line[m.end() : m.end() + 1].isdigit())


@cache
def _page_number_line() -> re.Pattern:
    """A line that is only a page's number (- 7 -, — 7 —, 第7页, 第3页 共12页; lexicon `page_number_words`)."""
    w = {k: re.escape(v) for k, v in _lexicon()["page_number_words"].items()}
    return re.compile(rf"(?:[-—–][ \t]*[0-9]{{1,4}}[ \t]*[-—–]|{w['before']}[ \t]*[0-9]{{1,4}}[ \t]*{w['after']}"
                      rf"(?:[ \t]*[,，]?[ \t]*{w['total']}[ \t]*[0-9]{{1,4}}[ \t]*{w['after']})?)$")


#: The dashes a page-number line may begin with (- 7 -).
_PAGE_DASHES = "-—–"


@cache
def _page_mark_leads() -> str:
    """The characters a page-number line begins with (only lines beginning with one are tried)."""
    return _PAGE_DASHES + _lexicon()["page_number_words"]["before"][:1]


def _repeats_its_start(line: str, nxt: str) -> bool:
    """Whether the paragraph after a line opens with words the line already holds, up to its end or at length (a
    subheading repeating the paragraph under it: 副题/北岭水厂已发包,预计…供水3万吨 over 北岭水厂已发包,预计…): a
    heading, no sentence cut."""
    k = line.find(nxt[:_REPEAT_CHARS]) if len(nxt) >= _REPEAT_CHARS else -1
    if k < 0:
        return False
    same = next((n for n, (x, y) in enumerate(zip(line[k:], nxt, strict=False)) if x != y),
                min(len(line) - k, len(nxt)))
    return k + same == len(line) or same >= 2 * _REPEAT_CHARS  # (not a phrase met twice: 用水量较2020年下降)


#: Characters of a paragraph's start that, found in the line above it, make that line a heading repeating it.
_REPEAT_CHARS = 8

_SPACE = re.compile(r" +")
# Inline math of a PDF converter: one span between single dollar signs on one line ($$…$$ is a display formula).
_MATH_SPAN = re.compile(r"(?<!\$)\$(?!\$)([^$\n]{1,300}?)\$(?!\$)")
_MATH_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.")


def _read_math(text: str, offsets: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Inline math spans read as plain text, each kept character with its offset (`$5 . 2 \\times 1 0 ^ { 8 }
    \\mathrm { m } ^ { 3 }$` → `5.2×10^8m3`, `$7 3 \\%$` → `73%`); a formula's span stays as written."""
    edits = [(m.start(), m.end(), reading) for m in _MATH_SPAN.finditer(text)
             if (reading := _math_reading(m.group(1), m.start(1))) is not None]
    return _spliced(text, offsets, edits) if edits else (text, offsets)


_HTML_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#[0-9]{2,6}|#x[0-9A-Fa-f]{2,5});")


@cache
def _html_tag() -> re.Pattern:
    names = _lexicon()["html_tags"]["dropped"] + list(_lexicon()["html_tags"]["open"])
    return re.compile(rf"<(/?)({'|'.join(map(re.escape, sorted(set(names), key=len, reverse=True)))})\b[^<>\n]{{0,200}}>",
                      re.IGNORECASE)


def _read_html(text: str, offsets: Sequence[int]) -> tuple[str, Sequence[int]]:
    """HTML tags and entities read as plain text, each reading placed at its tag's or entity's first character
    (`<tr><td>2030</td><td>46.2</td></tr>` → `2030\\t46.2\\n`, `&ldquo;十四五&rdquo;` → `“十四五”`; lexicon `html_tags`)."""
    if "&" in text:
        text, offsets = _read_entities(text, offsets)
    tags = _lexicon()["html_tags"]
    edits: list[tuple[int, int, str]] = []
    for m in _html_tag().finditer(text):
        name = m.group(2).lower()
        reading = tags["close" if m.group(1) else "open"].get(name, "")
        if reading == "\t" and _opens_a_row(text, m.start(), edits):
            reading = ""
        elif reading == "\n" and text.startswith("\n", m.end()):
            reading = ""  # (the line's own break ends it: `</p>` of a source escaped once more)
        edits.append((m.start(), m.end(), reading))
    if not edits:
        return text, offsets
    return _spliced(text, offsets, [(a, b, [(ch, a) for ch in reading]) for a, b, reading in sorted(edits)])


def _read_entities(text: str, offsets: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Character entities read as their characters, each at its entity's first character — before the tags, so the
    tags of a source escaped once more (`&lt;td&gt;2030&lt;/td&gt;`, as pages that quote their own source show it)
    are read as tags."""
    edits = [(m.start(), m.end(), [(ch, m.start()) for ch in plain]) for m in _HTML_ENTITY.finditer(text)
             if (plain := unicodedata.normalize("NFKC", html.unescape(m.group()))) != m.group()]
    return _spliced(text, offsets, edits) if edits else (text, offsets)


@cache
def _line_tags() -> re.Pattern:
    """Tags that wrap a whole line of a page's source (`<p>…</p>`, `<div>…</div>`, a `<br>` at its end; lexicon
    `html_tags.line_wraps`), a run of them at a line's start or end."""
    return re.compile(rf"^(?:[ \t]*{_line_tag()})+|(?:{_line_tag()}[ \t]*)+\r?$", re.MULTILINE | re.IGNORECASE)


@cache
def _line_tag() -> str:
    names = _lexicon()["html_tags"]["line_wraps"]
    return rf"</?(?:{'|'.join(sorted(set(names), key=len, reverse=True))})\b[^<>\n]{{0,200}}>"


@cache
def _any_line_tag() -> re.Pattern:
    """One such tag anywhere (a scan led by its literal `<`: cheap where the text holds none)."""
    return re.compile(_line_tag(), re.IGNORECASE)


def _drop_line_tags(raw: str, keep: bytearray) -> None:
    """Drop the tags wrapping each line of a page's source (`<p>　　到2025年…</p>`): the line's own break stands for
    them, so a line reads as the same line without markup (a closing `</p>` read as a break made every line a
    paragraph of its own, parting a table's cells and a caption from its rows)."""
    for m in _line_tags().finditer(raw):
        a, b = m.span()
        if raw.endswith("\r", a, b):
            b -= 1
        keep[a:b] = bytes(b - a)


def _opens_a_row(text: str, at: int, edits: list[tuple[int, int, str]]) -> bool:
    """Whether a cell tag at `at` is the first of its row: only tags read as nothing (`<tr>`) or blanks stand
    between it and a line's start or the last row's end."""
    k = at
    for a, b, reading in reversed(edits):
        if text[b:k].strip(" \t"):
            return False
        if reading:
            return reading == "\n"
        k = a
    line_start = text.rfind("\n", 0, k) + 1
    return not text[line_start:k].strip(" \t")


# A power written in braces outside math (10^{8}, m^{3}, 10 ^ { 4 }), as some converters leave it.
_BRACED_POWER = re.compile(r"(?<=[0-9A-Za-z]) ?\^ ?\{ ?([0-9]{1,2}) ?\}")


def _read_braced_powers(text: str, offsets: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Powers in braces read as the math reading reads them, each character with its offset: the caret kept after
    a digit only (`10^{8}m^{3}` → `10^8m3`)."""
    formulas = [m.span() for m in _MATH_SPAN.finditer(text)] if "$" in text else []
    edits = []
    for m in _BRACED_POWER.finditer(text):
        if any(a <= m.start() < b for a, b in formulas):
            continue  # (a formula's span stays as written)
        caret = [("^", text.index("^", m.start()))] if text[m.start() - 1].isdigit() else []
        edits.append((m.start(), m.end(), caret + [(text[k], k) for k in range(m.start(1), m.end(1))]))
    return _spliced(text, offsets, edits) if edits else (text, offsets)


def _math_reading(span: str, at: int) -> list[tuple[str, int]] | None:
    """(character, index in the text) of the plain reading of one math span starting at text index `at`: commands
    read by lexicon `math_symbols`, an exponent's caret kept after a digit only (10^8, but m3 as NFKC folds m³);
    None for a formula (a mark of lexicon `math_formula_marks`, or any other command: `Q = a P ^ { b }`)."""
    lex = _lexicon()
    symbols, formula = lex["math_symbols"], set(lex["math_formula_marks"])
    reading: list[tuple[str, int]] = []
    for t in _MATH_TOKEN.finditer(span):
        token, k = t.group(), at + t.start()
        if token in formula or (token.startswith("\\") and token not in symbols):
            return None
        if token.isspace():
            continue
        if token == "^":
            if reading and reading[-1][0].isdigit():
                reading.append((token, k))
            continue
        reading.extend((ch, k) for ch in symbols.get(token, token))
    return reading or None


# A gap between two cells of a row a web page or PDF flattened into space-separated runs: a run of spaces, not the
# one between a year's digits and its 年 (`2025 年`).
_CELL_GAP = re.compile(r"(?<=\S) +(?=\S)")
_SERIAL_LINE = re.compile(r" *[0-9]{1,3} *")


@cache
def _spaced_year_cell() -> re.Pattern:
    """A year cell of a flattened header (`2025年`, `2020年现状`, `2020 年`)."""
    return re.compile(rf"(?:19|20|21)[0-9]{{2}} ?{re.escape(_lexicon()['year_word'])}?\S{{0,6}}")


def _gaps(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """(start, end) of each gap between the cells of the line text[a:b] (none in a line holding a tab or a pipe, whose
    cells are already marked)."""
    line = text[a:b]
    if "\t" in line or any(pipe in line for pipe in _PIPE_CHARS):
        return []
    year = _lexicon()["year_word"]
    return [m.span() for m in _CELL_GAP.finditer(text, a, b)
            if not (text.startswith(year, m.end()) and text[m.start() - 4 : m.start()].isdigit())]


def _spaced_rows_to_tabs(text: str) -> str:
    """Indicator tables flattened into space-separated runs read as tab tables, one character for one, so the offsets
    hold: a header line of three cells or more with a name header (lexicon `table_name_headers`: `序号 指标名称 单位
    2020年现状 2025年 2030年`) and a year cell in it or in a line of year cells below (`2021年 2025年 2028年`), then the
    rows of three cells or more with a number, no wider than the header; a row's serial number alone on the line
    before it (`1` / `用水总量 亿立方米 6.82 7.10`) joins it.  The first space of each gap becomes a tab."""
    names = _lexicon()["table_name_headers"]
    if not any(f" {w} " in text or f"{w} " in text for w in names):
        return text
    lines, names = line_spans(text), set(names)
    tabs: list[int] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        gaps = _gaps(text, a, b) if " " in text[a:b] else []
        cells = _cells_between(text, a, b, gaps)
        if len(cells) < 3 or not names & set(cells):
            i += 1
            continue
        j, width, years = i + 1, len(cells), any(_spaced_year_cell().fullmatch(c) for c in cells)
        found = [gaps]
        if j < len(lines) and (g := _gaps(text, *lines[j])) and all(
                _spaced_year_cell().fullmatch(c) for c in _cells_between(text, *lines[j], g)):
            found.append(g)
            width, years, j = width + len(g) + 1, True, j + 1
        rows = 0
        while years and j < len(lines):
            serial = _SERIAL_LINE.fullmatch(text, *lines[j]) is not None and j + 1 < len(lines)
            k = j + 1 if serial else j
            g = _gaps(text, *lines[k])
            if len(g) + 1 + serial > width:  # a Latin word set apart inside a cell (万元 GDP 用水量) is no cell
                g = [gap for gap in g if not _latin_in_a_word(text[gap[0] - 1], text[gap[1]])]
            row = _cells_between(text, *lines[k], g)
            if not (3 <= len(row) + serial <= width and any(ch.isdigit() for c in row[1:] for ch in c)):
                break
            found.append(g)
            tabs.extend([lines[j][1]] if serial else [])
            rows, j = rows + 1, k + 1
        if rows:
            tabs.extend(gap[0] for g in found for gap in g)
        i = max(j, i + 1)
    if not tabs:
        return text
    chars = list(text)
    for k in tabs:
        chars[k] = "\t"
    return "".join(chars)


def _latin_in_a_word(left: str, right: str) -> bool:
    """Whether a gap between `left` and `right` sets a Latin word apart from the Chinese around it (元 GDP, P 用)."""
    return (left.isascii() and left.isalpha() and not right.isascii()) or (
        right.isascii() and right.isalpha() and not left.isascii())


def _cells_between(text: str, a: int, b: int, gaps: list[tuple[int, int]]) -> list[str]:
    """The cells of the line text[a:b] cut at `gaps`."""
    bounds = [a, *(k for gap in gaps for k in gap), b]
    return [c for c in (text[bounds[n] : bounds[n + 1]].strip() for n in range(0, len(bounds), 2)) if c]


# A full stop typed or recognised as ASCII (达到0.58.全市…, …以内.\n, 40公里.2021年…): a "." before a Chinese
# character, a closing quote or bracket or the line's end, or before digits where no digit stands before it.
# (A "." between digits is a decimal point unless a year follows it, 0.55.2019年: _ends_a_sentence.)
_ASCII_STOP = re.compile(r"\.(?<=[^\s.]\.)(?:(?=[ \t]*(?:[\u3400-\u9fff\u201c\u201d\"')\]]|\n|$)"
                         r"|(?:19|20)[0-9]{2}(?![0-9.]))|(?<=[^\s.0-9]\.)(?=[0-9]))")
# What may stand before a list item's "." at a line's start (1. 1.2. (3). or one numeral character): no full stop.
_ITEM_MARK = re.compile(r"[ \t]*(?:[0-9]{1,3}(?:\.[0-9]{1,3})*|[(]?[0-9]{1,2}[)]|[(]?[^\x00-\x7f][)]?)")
_ITEM_CHARS = 12
# An item's number after a sentence's end in a run of items (…体系。2.确保…): what stands before its digits.
_ITEM_AFTER = set(" \t\n\u3002;:!?.,()")
# A number with a decimal point and then a year (达到0.55.2019年…): the "." between them ends a sentence.
_DECIMAL_THEN_YEAR = re.compile(r"[0-9]\.[0-9]{1,6}\.(?:19|20)[0-9]{2}(?![0-9.])")


def _sentence_stops(text: str) -> str:
    """Each ASCII "." that ends a sentence read as "。" (one character for one: offsets stay), so a value before it
    ends there and the sentence is cut as the typed text cuts it; a decimal point (also of a Chinese numeral,
    十六.二%), a URL's or a Latin word's dot and a list item's mark stay."""
    chars = None
    for m in _ASCII_STOP.finditer(text):
        k = m.start()
        if not _ends_a_sentence(text, k):
            continue
        if chars is None:
            chars = list(text)
        chars[k] = "\u3002"
    return text if chars is None else "".join(chars)


def _ends_a_sentence(text: str, k: int) -> bool:
    """Whether the "." at `k` (a match of _ASCII_STOP) is no list item's mark, decimal point or numeral's point."""
    before, after = text[k - 1], text[k + 1 : k + 2]
    j = k  # the start of the digits before the "."
    while j > 0 and k - j < 8 and text[j - 1].isascii() and text[j - 1].isdigit():
        j -= 1
    decimal = j >= 2 and text[j - 1] == "." and text[j - 2].isascii() and text[j - 2].isdigit()
    if after.isascii() and after.isdigit() and j < k:
        return decimal and _DECIMAL_THEN_YEAR.match(text, j - 2) is not None
    numerals = _numeral_chars()
    if after and before in numerals and after in numerals:
        return False
    if 0 < k - j < 4 and not decimal and (j == 0 or text[j - 1] in _ITEM_AFTER):
        return False
    line_start = text.rfind("\n", max(0, k - _ITEM_CHARS), k) + 1  # (an item's mark is short: no look further)
    return not ((line_start or k <= _ITEM_CHARS) and _ITEM_MARK.fullmatch(text, line_start, k))


@cache
def _numeral_chars() -> str:
    """The characters of a number written in Chinese (lexicon `numeral_digits`, `numeral_powers`)."""
    return "".join(_lexicon()["numeral_digits"]) + "".join(_lexicon()["numeral_powers"])


def _drop_spaces(text: str, offsets: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Remove spaces except a single one between two ASCII letters/digits (`12.75 亿` → `12.75亿`)."""
    if " " not in text:
        return text, offsets  # (no copy of the text and its offsets: most texts write no space)
    edits = []
    for m in _SPACE.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        # A space between digit groups is a thousands separator (10 833×104m3 → 10833): dropped when one
        # space stands between a digit and exactly three digits that end the number.
        group = (m.end() - m.start() == 1 and before.isdigit()
                 and re.match(r"[0-9]{3}(?![0-9])", text[m.end() : m.end() + 4]) is not None
                 and not re.search(r"[0-9]{4}$|[0-9.][0-9]*\.[0-9]*$", text[max(0, m.start() - 5) : m.start()]))
        kept = (before.isascii() and before.isalnum() and after.isascii() and after.isalnum() and not group
                and not _lost_superscript(text, m.start(), m.end()))
        edits.append((m.start(), m.end(), [(" ", m.start())] if kept else ()))
    return _spliced(text, offsets, edits)


def _lost_superscript(text: str, a: int, b: int) -> bool:
    """Whether the space text[a:b] sets apart a power a conversion lost the superscript of (`万m 3`, `亿 m 3`, `m 3/d`,
    `109 m 3`, `万hm 2`): after an m (hm, km) that follows a large numeral power (万, 亿) or a number, or before a
    slash, a lone 2 or 3."""
    if text[a - 1] != "m" or text[b : b + 1] not in ("2", "3") or text[b + 1 : b + 2].isdigit():
        return False
    head = text[max(0, a - 5) : a - 1]
    head = (head[:-1] if head.endswith(("h", "k")) else head).rstrip(" ")[-1:]  # (hm 2, km 2: hectares, km²)
    return head in _large_powers() or head.isdigit() or text[b + 1 : b + 3].lstrip(" ")[:1] == "/"


@cache
def _large_powers() -> frozenset[str]:
    """The numerals of ten thousand and more (万, 亿: lexicon numeral_powers)."""
    return frozenset(w for w, v in _lexicon()["numeral_powers"].items() if v >= 10**4)


def _spliced(text: str, offsets: Sequence[int], edits) -> tuple[str, list[int]]:
    """`text` with each (start, end, reading) of `edits` (in text order, none overlapping) in place of
    text[start:end], and its offsets: a reading is (character, index in `text`) pairs, so each character read
    keeps the raw offset of the character it stands for (`<td>` → ("\t", its index); a dropped span reads ())."""
    out: list[str] = []
    out_off: list[int] = []
    pos = 0
    for a, b, reading in edits:
        out.append(text[pos:a])
        out_off.extend(offsets[pos:a])
        for ch, k in reading:
            out.append(ch)
            out_off.append(offsets[k])
        pos = b
    out.append(text[pos:])
    out_off.extend(offsets[pos:])
    return "".join(out), out_off
