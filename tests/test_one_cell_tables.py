"""Tables a web page flattened into one cell per line (`序号 |`, `2025年 |`, `1 |`, `用水总量 |` …): the
normalisation rebuilds their rows, the table rule reads them, and every quote is the raw text it cites."""

from compare.extract import extract_text
from compare.text import fold, normalise

# Two-row header: 目标值 spans the year cells under it.
FLAT = "\n".join([
    "近期主要指标", "序号 |", "指 标 名 称 |", "单位 |", "目 标 值 |", "||", "2025年 |", "2026年 |", "|||",
    "1 |", "用水总量 |", "亿立方米 |", "20.5 |", "20.8 |",
    "2 |", "再生水利用率 |", "% |", "25 |", "28 |",
    "说明：分年度目标。",
])


def test_rows_are_rebuilt_and_offsets_stay_exact():
    norm = normalise(FLAT)
    lines = norm.text.split("\n")
    assert lines[1].split("\t")[:5] == ["序号", "指标名称", "单位", "2025年", "2026年"]
    assert lines[2].split("\t")[:5] == ["1", "用水总量", "亿立方米", "20.5", "20.8"]
    assert lines[3].split("\t")[:5] == ["2", "再生水利用率", "%", "25", "28"]
    assert len(norm.offsets) == len(norm.text)
    for k, ch in enumerate(norm.text):
        if ch not in "\t\n":
            assert fold(FLAT[norm.offsets[k]]) == ch


def test_the_table_is_read_with_exact_quotes():
    found = {(c.indicator_id, c.target_year, c.value) for c in extract_text(FLAT, "t") if c.kind == "target"}
    assert {("total_water_use_cap", 2025, 20.5), ("total_water_use_cap", 2026, 20.8),
            ("reclaimed_water_use_rate", 2025, 25), ("reclaimed_water_use_rate", 2026, 28)} <= found
    for c in extract_text(FLAT, "t"):
        assert FLAT[c.char_start : c.char_end] == c.quote


def test_rows_that_do_not_fit_the_header_are_left_alone():
    # Rows of three cells under a header of three cells and two years (a width of 5, or 4 if one cell
    # spanned the years): nothing is rebuilt, each cell stays on its own line.
    text = "\n".join(["序号 |", "指标 |", "单位 |", "2025年 |", "2026年 |",
                      "1 |", "用水总量 |", "20 |", "2 |", "再生水利用率 |", "25 |"])
    assert normalise(text).text.count("\n") == text.count("\n")


def test_two_flattened_tables_one_after_the_other_are_each_rebuilt():
    second = FLAT.replace("近期主要指标\n", "").replace("说明：分年度目标。", "").replace("2025年", "2027年").replace("2026年", "2028年")
    text = FLAT.replace("说明：分年度目标。", "") + second
    found = {(c.indicator_id, c.target_year, c.value) for c in extract_text(text, "t") if c.kind == "target"}
    assert {("total_water_use_cap", 2026, 20.8), ("total_water_use_cap", 2028, 20.8),
            ("reclaimed_water_use_rate", 2027, 25)} <= found


# Only the total row under a header led by a serial-number cell: the total has no serial number.
TOTAL = "\n".join(["2025年各区县节水任务表", "序号 |", "区县 |", "用水总量(亿立方米) |", "再生水利用率(%) |",
                   "合 计 |", "12.5 |", "30 |"])


def test_a_total_row_under_a_serial_header_is_read_without_scope():
    assert normalise(TOTAL).text.split("\n")[1:3] == ["区县\t用水总量(亿立方米)\t再生水利用率(%)\t", "合计\t12.5\t30\t"]
    found = extract_text(TOTAL, "t")
    assert {(c.indicator_id, c.target_year, c.value, c.scope) for c in found} == {
        ("total_water_use_cap", 2025, 12.5, None), ("reclaimed_water_use_rate", 2025, 30, None)}
    for c in found:
        assert TOTAL[c.char_start : c.char_end] == c.quote


def test_a_total_row_of_another_width_is_left_alone():
    text = TOTAL + "\n45 |"  # three numbers under a header of two value columns
    assert normalise(text).text.count("\n") == text.count("\n")
