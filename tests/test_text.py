"""Decoding and normalisation: every normalised character maps back into the raw text."""

import pytest

from compare.errors import InputError
from compare.text import decode, normalise


def _check_map(raw: str) -> None:
    nt = normalise(raw)
    assert len(nt.offsets) == len(nt.text)
    assert list(nt.offsets) == sorted(nt.offsets), "offset map must be monotone"
    assert all(0 <= o < len(raw) for o in nt.offsets)


def test_utf8_bom_and_gb18030_decode_to_the_same_text():
    text = "全市用水总量控制在19.22亿立方米以内。"
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode(text.encode("gb18030")) == text
    assert decode(text.encode("utf-16")) == text


def test_undecodable_and_binary_files_are_refused_with_the_file_name():
    with pytest.raises(InputError, match="plan.bin"):
        decode(b"\x00\x01\x02\xff\xfe\x00binary" * 10, "plan.bin")
    with pytest.raises(InputError, match="empty"):
        decode(b"   \n", "empty.txt")


def test_full_width_digits_and_spaces_inside_numbers_are_normalised():
    raw = "全市用水总量控制在 ２０.８３ 亿立方米以内，较 2015 年下降１８％"
    nt = normalise(raw)
    assert "控制在20.83亿立方米以内" in nt.text
    assert "较2015年下降18%" in nt.text
    _check_map(raw)


def test_span_in_normalised_text_quotes_the_raw_text():
    raw = "控制在 20.83 亿立方米以内"
    nt = normalise(raw)
    i = nt.text.index("20.83")
    quote, a, b = nt.quote(i, i + len("20.83亿立方米"))
    assert raw[a:b] == quote == "20.83 亿立方米"


def test_marks_scattered_against_copying_are_dropped_and_quotes_keep_them():
    # emoji and a Javanese mark inside a year, an indicator name and after a rate, as a reposted national plan
    # had them (http://lygmzzxyey.com/newsdetail/2096.html); the sentence is written for this test
    raw = "到201🍸5年，再生水🍎利用率达到18%以上，\u200b污水处理率꧟达到90%。"
    nt = normalise(raw)
    assert nt.text == "到2015年,再生水利用率达到18%以上,污水处理率达到90%。"
    i = nt.text.index("再生水")
    quote, a, b = nt.quote(i, nt.text.index("18%") + 3)
    assert raw[a:b] == quote == "再生水🍎利用率达到18%"


def test_page_break_inside_a_sentence_is_joined_and_page_numbers_dropped():
    raw = "到2020年末，节水政策法规、市场机制、标准体系趋于完善，节水效果初步\n\n| 16 |\n\n显现。全市用水总量控制在4.7亿立方米以内。"
    nt = normalise(raw)
    assert "初步显现。" in nt.text
    assert "16" not in nt.text
    _check_map(raw)


def test_a_line_that_begins_with_a_comma_or_semicolon_continues_the_line_above():
    raw = "截至目前\n，全县共完成投资960万元\n；新打机电井45眼\n、衬砌渠道8公里。\n二、下步打算"
    nt = normalise(raw)
    assert nt.text.startswith("截至目前,全县共完成投资960万元;新打机电井45眼、衬砌渠道8公里。\n")
    _check_map(raw)


def test_headings_are_not_glued_to_the_next_paragraph():
    raw = "## 二、主要目标\n\n到2020年末，全市用水总量控制在4.7亿立方米以内。"
    nt = normalise(raw)
    assert nt.text.startswith("二、主要目标\n")


def test_table_cell_wrapped_onto_the_next_line_is_rejoined_and_bookmarks_dropped():
    raw = "\t4\n\t\n\t农田灌溉水有效\n利用系数\n\t1\n\t[bookmark: _GoBack]约束性\n"
    nt = normalise(raw)
    assert "\t农田灌溉水有效利用系数\n" in nt.text
    assert "bookmark" not in nt.text
    assert "\t约束性" in nt.text
    _check_map(raw)


def test_control_characters_counted_are_exactly_category_cc_less_tab_newline_cr_ff():
    import sys
    import unicodedata

    from compare.text import _CONTROL

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    expected = [ch for ch in everything[:0x3000] if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f"]
    assert len(expected) == 61
    assert _CONTROL.findall(everything) == expected  # none above U+3000: Cc is only C0, DEL and C1


def test_text_with_more_than_one_percent_control_characters_is_refused():
    prose = "全市用水总量控制在19.22亿立方米以内。" * 5  # 100 characters
    assert decode((prose + "\x85").encode("utf-8")) == prose + "\x85"  # 1 in 101: accepted
    with pytest.raises(InputError, match="not a text file"):
        decode((prose + "\x85\x1b").encode("utf-8"), "c1.txt")  # 2 in 102
    assert decode((prose + "\t\r\n\f").encode("utf-8")) == prose + "\t\r\n\f"  # layout characters do not count


def test_characters_first_met_in_a_text_fold_like_every_other():
    """The translation table fills itself while translating: a character it has never seen — also one
    that expands (㎡ → m2) or a superscript after a digit — folds as `fold` says."""
    from compare.text import _FOLD

    _FOLD.forget("總㎡⁸³")
    raw = "用水總量控制在1.2×10⁸ m³以内，面积100㎡"
    nt = normalise(raw)
    assert nt.text == "用水总量控制在1.2×10^8 m3以内,面积100m2"
    assert "㎡" in _FOLD.odd and _FOLD[ord("總")] == "总"
    assert nt.text == normalise(raw).text  # same again with the table filled
    _check_map(raw)


def test_utf8_text_with_a_stray_byte_is_refused_not_read_as_mojibake():
    from compare.errors import InputError
    from compare.text import decode

    # UTF-8 bytes that also happen to decode as GB18030 (指标名称 → 鎸囨爣鍚嶇О), plus one GB18030 pair
    good = "指标名称指标名称指标名称\n"
    data = good.encode("utf-8") + b"\xb5\xc4\n"
    assert data.decode("gb18030").startswith("鎸囨爣鍚嶇О")  # what the old reader registered
    with pytest.raises(InputError, match=r"plan\.txt: UTF-8 text except for 2 byte\(s\).*byte offset 37"):
        decode(data, "plan.txt")
    assert decode(good.encode("gb18030"), "gb.txt") == good  # a whole GB18030 file is still read


def test_inline_math_of_a_pdf_converter_is_read_and_quotes_keep_its_markup():
    raw = "总量控制在 $4 . 5 \\times 1 0 ^ { 8 } \\mathrm { m } ^ { 3 }$ 以内,占 $1 2 \\%$;式 $Q = a P ^ { 2 }$ 中"
    nt = normalise(raw)
    _check_map(raw)
    assert "4.5×10^8m3以内" in nt.text and "占12%" in nt.text
    assert "$Q=a P^{2}$" in nt.text  # a formula stays as written
    start = nt.text.index("4.5")
    quote, a, b = nt.quote(start, start + len("4.5×10^8m3"))
    assert quote == raw[a:b] == "4 . 5 \\times 1 0 ^ { 8 } \\mathrm { m } ^ { 3"


def test_html_a_converter_left_is_read_as_cells_and_quotes_keep_the_tags():
    raw = "<table><tr><td>用水总量</td><td>32.5</td></tr><tr><td>年份</td><td>2025</td></tr></table>&ldquo;十四五&rdquo;"
    nt = normalise(raw)
    _check_map(raw)
    assert nt.text == "用水总量\t32.5\n年份\t2025\n“十四五”"
    start = nt.text.index("用水总量")
    quote, a, b = nt.quote(start, nt.text.index("32.5") + 4)
    assert quote == raw[a:b] == "用水总量</td><td>32.5"


def test_powers_in_braces_outside_math_are_read():
    raw = "控制在312.5×10^{8} m^{3}以内"
    nt = normalise(raw)
    _check_map(raw)
    assert "312.5×10^8 m3以内" in nt.text


def test_hard_wrapped_paragraph_reads_whole_and_keeps_offsets():
    raw = ("到2027年，东岭市用水总量控制在12.6亿立方米以内，万元地区生产总值用\n"
           "水量较2022年下降11%，万元工业增加值用水量较2022年下降9%，农田灌溉\n\n- 3 -\n\n"
           "水有效利用系数提高到0.59以上。")
    nt = normalise(raw)
    assert "\n" not in nt.text and "- 3 -" not in nt.text
    k = nt.text.index("用水量较2022")
    assert nt.quote(k, k + 3)[0] == "用\n水量"


def test_one_line_items_and_line_per_paragraph_text_stay_lines():
    raw = ("到2025年，东岭县节水主要目标：\n"
           "●用水总量控制在3.2亿立方米以内，地下水开采量不超过1亿立方米\n"
           "●城镇公共供水管网漏损率控制在9%以内，再生水利用率达到25%")
    assert normalise(raw).text.count("\n") == 2
