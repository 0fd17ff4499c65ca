"""`compare extract`: the CSV contract (kind, year_basis), --date for relative years, --all-numbers, and
the split year patterns agreeing with the combined one.  Texts are written for these tests."""

import csv
import io
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.extract import CSV_COLUMNS, extract_document, extract_text, vocab


def _run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "compare", "extract", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, check=True).stdout


def test_csv_has_the_contract_columns_then_kind_and_year_basis(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("到2025年，全县用水总量控制在1.2亿立方米以内。2022年全县用水总量为1.1亿立方米。\n", encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(_run(plan, "--format", "csv", cwd=tmp_path))))
    assert CSV_COLUMNS[:13] == ["document", "indicator_id", "target_year", "value", "unit", "comparator",
                                "baseline_year", "scope", "quote", "char_start", "char_end", "kind", "year_basis"]
    assert [(r["indicator_id"], r["kind"], r["target_year"], r["year_basis"]) for r in rows] == [
        ("total_water_use_cap", "target", "2025", "stated"), ("total_water_use", "outcome", "2022", "stated")]


def test_relative_years_need_the_date_of_issue(tmp_path):
    plan = tmp_path / "notice.txt"
    plan.write_text("明年，全市用水总量控制在3.4亿立方米以内。\n", encoding="utf-8")
    without = next(csv.DictReader(io.StringIO(_run(plan, cwd=tmp_path))))
    dated = next(csv.DictReader(io.StringIO(_run(plan, "--date", "2023-11-30", cwd=tmp_path))))
    assert (without["target_year"], without["year_basis"]) == ("", "none")
    assert (dated["target_year"], dated["year_basis"]) == ("2024", "relative")


def test_all_numbers_gives_every_number_one_state(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("附件1\n一、主要目标\n1.到2025年，全市用水总量控制在19.2亿立方米以内，投资3.5亿元，"
                    "电话0351-1234567，另有7处未说明，指数为8。\n", encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(_run(plan, "--all-numbers", cwd=tmp_path))))
    states = {r["text"]: (r["state"], r["why"]) for r in rows}
    assert states["19.2"] == ("target", "total_water_use_cap")
    assert states["2025"] == ("dismissed", "year")
    assert states["3.5"] == ("dismissed", "money")
    assert states["1"][0] == "dismissed"
    assert states["7"] == ("unlisted", "另有 … 未说明")  # a target of an indicator the vocabulary lacks
    assert states["8"] == ("unclassified", "")
    raw = plan.read_text(encoding="utf-8")
    assert all(raw[int(r["char_start"]) : int(r["char_end"])] == r["text"] for r in rows)


def test_a_short_number_in_a_later_cell_of_an_unread_table_is_reported_not_dismissed():
    """A number of 1–3 digits alone in the first cell of a row is its row number; alone in a later cell it is a
    value of a column the rules did not read, so it stays `unclassified` (reported, not dismissed in silence)."""
    doc = extract_document("序号\t区县\t新建泵房\t改造渠道\n1\t东城区\t12\t340\n", "x")
    states = {doc.text[n.start : n.end]: (n.state, n.why) for n in doc.numbers}
    assert states["1"] == ("dismissed", "section_number")
    assert states["12"][0] == "unclassified"
    assert states["340"][0] == "unclassified"


def test_a_minus_sign_is_never_dropped():
    found = extract_text("到2025年，全市万元GDP用水量较2020年下降-16%，用水总量控制在-3亿立方米以内。", "x")
    assert [(c.indicator_id, c.value, c.value_reported) for c in found] == [
        ("gdp_water_intensity_reduction", -16.0, "-16"), ("total_water_use_cap", -3.0, "-3")]


def test_numbers_of_the_model_match_the_text():
    doc = extract_document("到2025年，用水总量控制在19.2亿立方米以内。", "x")
    assert [doc.text[n.start : n.end] for n in doc.numbers] == ["2025", "19.2"]


PIECES = ["2025年", "2020年底前", "二〇二五年", "“十四五”末", "十三五期间", "今年", "明年", "当年价", "较2020年",
          "12月", "用水总量", "，", "。", "下降", "3", "年内", "20", "21", "“", "十四五时期"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_split_year_patterns_find_what_the_combined_pattern_finds(pieces):
    text = "".join(pieces)
    combined = [(m.start(), m.end()) for m in vocab.year_re().finditer(text)]
    assert [(a, b) for a, b, _, _ in vocab.year_mentions(text)] == combined
    assert vocab.baseline_spans(text) == [(m.start(), m.end()) for m in vocab.baseline_re().finditer(text)]


def test_unlisted_lists_the_names_the_vocabulary_lacks_most_frequent_first(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("2026年，计划改建渡槽检修便道12公里，新建7座量水堰。\n", encoding="utf-8")
    b.write_text("到2027年，改建渡槽检修便道30公里，全县改建渡槽检修便道不少于5公里。\n", encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(_run(a, b, "--unlisted", cwd=tmp_path))))
    assert [(r["named"], r["unit"], r["occurrences"], r["documents"]) for r in rows] == [
        ("改建渡槽检修便道", "公里", "3", "a;b"), ("新建 … 量水堰", "个", "1", "a")]  # 计划, 全县, 不少于 dropped
    assert rows[0]["quote"] == "改建渡槽检修便道12公里" and rows[0]["closest_indicators"]
    failed = subprocess.run([sys.executable, "-m", "compare", "extract", str(a), "--unlisted", "--all-numbers"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert failed.returncode == 2 and "not allowed with" in failed.stderr
