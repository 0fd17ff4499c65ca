"""The robustness benchmark's transforms change how a text is written, never what it says: undoing each one's
damage gives the text back, so the dev set's gold rows still hold for the damaged text."""

import html
import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import extraction_robustness as R  # noqa: E402

TEXT = ("到2025年，东岭市用水总量控制在20.83亿立方米以内（含非常规水源），万元GDP用水量较2020年下降16%；"
        "农田灌溉水有效利用系数提高到0.58以上。城市公共供水管网漏损率控制在9%以内，“十四五”期间新增再生水利用量"
        "1.2万m3/d。")


@pytest.mark.parametrize("seed", ["a", "b", "c"])
def test_pdf_lines_only_breaks_lines_at_the_page_width(seed):
    damaged = R.pdf_lines(TEXT, random.Random(seed))
    assert damaged.replace("\n", "") == TEXT and damaged.count("\n") >= 2
    assert max(sum(R._width(ch) for ch in line) for line in damaged.split("\n")) <= 72
    assert not re.search(r"\d\n\d|[A-Za-z]\n[A-Za-z]", damaged)  # never inside a number or a Latin word


def test_pdf_page_adds_only_a_page_mark_between_blank_lines():
    damaged = R.pdf_page(TEXT, random.Random("p"))
    mark = re.search(r"\n\n(- \d+ -|\| \d+ \||第\d+页)\n\n", damaged)
    assert mark
    assert (damaged[:mark.start()] + damaged[mark.end():]).replace("\n", "") == TEXT


def test_markup_punctuation_spacing_and_widths_undo_to_the_text():
    rng = random.Random(0)
    assert re.sub(r"</?p>", "", html.unescape(R.html_markup(TEXT, rng))) == TEXT
    undone = re.sub(r"\.(?!\d)", "。", R.ascii_punct(TEXT, rng)).translate(str.maketrans(",;:()", "，；：（）"))
    assert undone == TEXT
    assert R.spaced(TEXT, rng).replace(" ", "") == TEXT and " 20.83 " in R.spaced(TEXT, rng)
    assert unicodedata.normalize("NFKC", R.fullwidth(TEXT, rng)) == unicodedata.normalize("NFKC", TEXT)
    assert "０．５８" in R.fullwidth(TEXT, rng)


def test_traditional_writes_the_text_in_traditional_script():
    damaged = R.traditional(TEXT, random.Random(0))
    assert "億立方米" in damaged and "係數" in damaged and re.findall(r"[\d.]+", damaged) == re.findall(r"[\d.]+", TEXT)
