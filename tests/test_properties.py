"""Property-based tests (hypothesis): the small parsers on arbitrary Unicode raise nothing but the
project's own error; every span the extractor returns quotes the raw text exactly; normalisation's
offset map is monotone, stays inside the raw text and maps each character back to the one it came from."""

import contextlib
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.errors import CompareError
from compare.extract import comparator_for, extract_text, parse_number, unit_for, years_in
from compare.extract.model import _NUMBER_TOKEN, number_spans
from compare.text import fold, normalise

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of target sentences, noise, and the characters normalisation treats specially.
PHRASES = [
    "到2025年", "到二〇三〇年", "“十四五”末", "全市", "全县", "全旗", "用水总量", "用水總量", "控制在", "19.22", "1,200",
    "亿立方米", "万m³", "1.2×10⁸", "以内", "以上", "左右", "约", "力争", "万元GDP用水量", "较2015年", "同比", "下降",
    "16%", "１６％", "农田灌溉水有效利用系数", "提高到0.6", "城市公共供水管网漏损率", "不高于", "9%", "40%以上的市级机关",
    "建成节水型单位", "创建3个农业高效节水示范区", "年用水量10万立方米以上", "纳入重点监控用水单位名录", "指标名称",
    "2025年", "约束性", "，", "。", "、", "\n", "\t", "\r\n", "\n\n| 16 |\n\n", "**", "## ", " ", "\u3000", "[bookmark: x]",
]
SPECIAL = "０１２３４５６７８９％．，。；：！？ \t\n\r\u3000²³⁸¹m年月日万亿%.,;·×^-–—“”《》()（）" + "".join(PHRASES)
noise = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
texts = st.lists(st.one_of(st.sampled_from(PHRASES), noise, st.text(alphabet=SPECIAL, max_size=8)),
                 max_size=25).map("".join)
anything = st.text(max_size=40)


def _only_our_errors(fn, *args):
    """Call fn; a CompareError is an allowed answer, any other exception fails the test."""
    with contextlib.suppress(CompareError):
        fn(*args)


@FAST
@given(anything)
def test_parse_number_raises_only_compare_errors(token):
    _only_our_errors(parse_number, token)


@FAST
@given(anything)
def test_unit_for_raises_only_compare_errors(spelling):
    _only_our_errors(unit_for, spelling)


@FAST
@given(st.one_of(anything, texts))
def test_years_in_returns_plausible_years_inside_the_text(text):
    for pos, year in years_in(text):
        assert 0 <= pos < len(text) and 1900 <= year <= 2199


@FAST
@given(anything, st.one_of(st.none(), anything))
def test_comparator_for_returns_a_known_comparator_or_none(before, suffix):
    assert comparator_for(before, suffix) in {None, "<=", ">=", "=", "<", ">"}


@FAST
@given(st.one_of(texts, anything))
def test_every_extracted_span_quotes_the_raw_text(raw):
    for c in extract_text(raw, "fuzz"):
        assert 0 <= c.char_start < c.char_end <= len(raw)
        assert raw[c.char_start : c.char_end] == c.quote
        assert c.comparator in {"<=", ">=", "=", "<", ">"}
        digits = c.value_reported.split("×")[0].split(".")[0]
        assert digits in unicodedata.normalize("NFKC", c.quote).replace(",", "") or not digits.isdigit()


@FAST
@given(st.one_of(texts, anything))
def test_offset_map_is_monotone_inside_the_raw_text_and_round_trips(raw):
    nt = normalise(raw)
    assert len(nt.offsets) == len(nt.text)
    assert all(a <= b for a, b in zip(nt.offsets, nt.offsets[1:], strict=False)), "offset map must be monotone"
    assert all(0 <= o < len(raw) for o in nt.offsets)
    for i, (ch, o) in enumerate(zip(nt.text, nt.offsets, strict=True)):
        # each normalised character is (part of) what its raw character folds to; a pipe of a table row
        # is read as a tab (the cell separator), a "." that ends a sentence as 。 (text._sentence_stops)
        assert (ch in fold(raw[o], True) or ch in fold(raw[o], False)
                or (ch == "\t" and fold(raw[o]) in "|│┃") or (ch == "\u3002" and fold(raw[o]) == ".")), (i, ch, raw[o])
    if nt.text:
        quote, a, b = nt.quote(0, len(nt.text))
        assert raw[a:b] == quote


@FAST
@given(st.one_of(texts, anything, st.text(alphabet="0123456789.年a", max_size=30)))
def test_number_spans_are_the_number_pattern_matches(text):
    assert number_spans(text) == [m.span() for m in _NUMBER_TOKEN.finditer(text)]
