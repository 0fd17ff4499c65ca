"""The briefing pack (compare brief): a .docx for a place and for an indicator with the headings, the
same-year comparison, the charts, the targets table with quotes and the caveats.  Hermetic: built from
conftest.make_tables plus two provincial reference rows made up here."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pandas as pd
import pytest
from PIL import Image

import compare
from compare import brief, metadata
from compare.errors import ExportError, InputError

try:  # the shared fixtures' home (tests/fixture_corpus.py once the fixtures are one module)
    from fixture_corpus import make_tables
except ImportError:
    from conftest import make_tables

INFO = {"built_at": "2026-12-01T08:30:00Z", "validation": "all 12 expectations passed"}


def _tables() -> dict[str, pd.DataFrame]:
    """make_tables with Shanxi province's (made-up) 2025 irrigation coefficient and intensity reduction
    (no baseline stated), and a control character in one of Yuncheng's quotes."""
    tables, _ = make_tables()
    t = tables["targets"]
    ref = t[t["target_id"] == "ref-1"].iloc[0].to_dict()
    rows = [ref | {"target_id": "ref-sx-1", "jurisdiction_id": "cn.shanxi", "target_year": 2025, "value": 0.58,
                   "scope_zh": "全省", "source_quote_zh": "灌溉系数达到0.58"},
            ref | {"target_id": "ref-sx-2", "jurisdiction_id": "cn.shanxi", "indicator_id": "gdp_water_intensity_reduction",
                   "target_year": 2025, "comparator": ">=", "value": 12.0, "unit": "%", "value_reported": "12",
                   "unit_reported": "%", "scope_zh": "全省", "source_quote_zh": "用水强度下降12%"}]
    t = pd.concat([t, pd.DataFrame(rows).astype(t.dtypes.to_dict())], ignore_index=True)
    t["quote_zh"] = t["quote_zh"].astype("object")
    t.loc[t["target_id"] == "doc_a-total_water_use_cap", "quote_zh"] = "用水总量\x1b[2J控制在12.5亿立方米"
    tables["targets"] = t.astype({"quote_zh": "string"})
    return tables


def _has_chromium() -> bool:
    from compare import export

    try:
        export.check_static_export()
    except ExportError:
        return False
    return True


needs_chromium = pytest.mark.skipif(not _has_chromium(), reason="static export needs Chromium and a CJK font")


def _headings(d) -> list[str]:
    return [p.text for p in d.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def _table_with(d, header_cell: str):
    for table in d.tables:
        if header_cell in [c.text for c in table.rows[0].cells]:
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table with a {header_cell!r} column")


def _pictures(d) -> list[Image.Image]:
    ids = [shape._inline.graphic.graphicData.pic.blipFill.blip.embed for shape in d.inline_shapes]
    return [Image.open(io.BytesIO(d.part.related_parts[i].blob)) for i in ids]


@pytest.fixture(scope="module")
def place_doc(tmp_path_factory):
    if not _has_chromium():
        pytest.skip("static export needs Chromium and a CJK font")
    out = tmp_path_factory.mktemp("brief") / "yuncheng.docx"
    brief.write_brief(out, jurisdiction="运城", lang="zh", tables=_tables(), info=INFO)
    return docx.Document(str(out))


@needs_chromium
def test_place_brief_has_the_headings_in_order(place_doc):
    words = [metadata.label("brief", k, "zh") for k in ("key_targets", "comparison", "charts", "all_targets",
                                                         "sources", "methods")]
    heads = _headings(place_doc)
    assert heads[0] == "运城市节水目标简报"
    assert [h for h in heads if h in words] == words
    assert place_doc.core_properties.title == "运城市节水目标简报"


@needs_chromium
def test_place_brief_key_targets_come_from_the_tables(place_doc):
    bullets = [p.text for p in place_doc.paragraphs if p.style.name == "List Bullet"]
    assert "用水总量：2025年 不超过 12.5 亿立方米" in bullets
    assert "公共供水管网漏损率：2022年 不超过 10%" not in bullets  # Wuxi's, not Yuncheng's


@needs_chromium
def test_place_brief_compares_only_same_year_targets_and_lists_other_years_apart(place_doc):
    same = _table_with(place_doc, "结论")
    assert same[0] == ["指标", "年份", "目标", "上级", "上级目标", "结论"]  # a place's brief: no place column
    body = same[1:]
    assert body, "no same-year comparison"
    for row in body:
        assert row[4].startswith(f"{row[1]}:"), row  # the level above's target is for the same year
    irrigation = [r for r in body if r[0] == "农田灌溉水有效利用系数"]
    assert irrigation == [["农田灌溉水有效利用系数", "2025", "不低于 0.56", "山西省（省级）", "2025: 不低于 0.58", "更宽"]]
    reduction = [r for r in body if r[0] == metadata.indicator_name("gdp_water_intensity_reduction", "zh")]
    # 16% from 2020 to 2025 against 12% over the assumed 2020–2025 period: stricter on the annualised rate.
    assert len(reduction) == 1 and "年均" in reduction[0][2] and reduction[0][5] == "更严"
    other = [t for t in place_doc.tables if "结论" not in [c.text for c in t.rows[0].cells]
             and "上级目标" in [c.text for c in t.rows[0].cells]]
    assert len(other) == 1
    rows = [[c.text for c in r.cells] for r in other[0].rows[1:]]
    nation = metadata.jurisdiction_name("cn", "zh")
    assert rows == [["农田灌溉水有效利用系数", "2025", "不低于 0.56", f"{nation}（国家）", "2020: 不低于 0.55"]]


@needs_chromium
def test_place_brief_has_its_charts_at_briefing_size(place_doc):
    shapes = list(place_doc.inline_shapes)
    assert len(shapes) >= 2  # the target profile and the cascade
    for shape in shapes:  # the text width, or a page's height for a tall chart
        assert abs(shape.width.cm - brief.TEXT_WIDTH_CM) < 0.01 or abs(shape.height.cm - brief.MAX_PICTURE_CM) < 0.01
        assert shape.width.cm <= brief.TEXT_WIDTH_CM + 0.01
    for img in _pictures(place_doc):
        assert img.width == 1890  # 16 cm at 300 dpi
    captions = [p.text for p in place_doc.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(shapes) and captions[0].startswith("图 1：")


@needs_chromium
def test_place_brief_targets_table_has_quotes_titles_and_review_status(place_doc):
    rows = _table_with(place_doc, "原文")
    assert rows[0] == ["指标", "年份", "目标", "范围", "原文", "文件", "文号", "审核"]
    cap = [r for r in rows if r[0] == "用水总量"]
    assert cap == [["用水总量", "2025", "不超过 12.5 亿立方米", "全市", "“用水总量[2J控制在12.5亿立方米”",
                    "《节水行动实施细则》", "", "已人工确认"]]  # the control character removed, the text kept
    assert len(rows) - 1 == 4  # every target of Yuncheng, the undated one included
    assert all("\x1b" not in c for r in rows for c in r)


@needs_chromium
def test_place_brief_caveats_name_assumed_baselines_and_news_sources(place_doc):
    text = "\n".join(p.text for p in place_doc.paragraphs)
    assert "1 项下降目标原文未写明基准年" in text and "山西省" in text  # the province's reduction
    assert "1 份来源为新闻报道" in text and "《国家节水行动方案》" in text
    assert "本简报中的目标均已经人工审核" in text  # Yuncheng's rows are confirmed
    assert "all 12 expectations passed" in text


@needs_chromium
def test_indicator_brief_in_english(tmp_path):
    out = brief.write_brief(tmp_path / "leak.docx", indicator="public_supply_leakage_rate", lang="en",
                            tables=_tables(), info=INFO)
    d = docx.Document(str(out))
    heads = _headings(d)
    name = metadata.indicator_name("public_supply_leakage_rate", "en")
    assert heads[0] == f"Briefing: {name} across places"
    assert "Every target with its quote" in heads and "Methods and caveats" in heads
    rows = _table_with(d, "Quote (Chinese original)")
    assert rows[0][0] == "Place"
    assert rows[1][:3] == ["Wuxi", "2022", "at most 10%"]
    assert len(list(d.inline_shapes)) >= 1
    text = "\n".join(p.text for p in d.paragraphs)
    assert "1 targets have not yet been reviewed" in text  # doc_b's row is unreviewed
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in "".join(heads))  # English headings


def test_brief_without_charts_needs_no_browser(tmp_path):
    out = brief.write_brief(tmp_path / "b.docx", jurisdiction="cn.shanxi.yuncheng", lang="en", tables=_tables(),
                            info=INFO, with_charts=False)
    d = docx.Document(str(out))
    assert not list(d.inline_shapes)
    assert "Charts" not in _headings(d)
    assert _headings(d)[0] == "Briefing: water-saving targets of Yuncheng"


@pytest.mark.parametrize(("kwargs", "named", "close"), [
    ({"jurisdiction": "运成"}, "--jurisdiction", "运城市"),
    ({"indicator": "total_water_cap"}, "--indicator", "total_water_use_cap"),
])
def test_unknown_subject_names_the_argument_and_close_matches(tmp_path, kwargs, named, close):
    with pytest.raises(InputError) as err:
        brief.write_brief(tmp_path / "x.docx", tables=_tables(), info=INFO, **kwargs)
    assert named in str(err.value) and close in str(err.value)
    assert not (tmp_path / "x.docx").exists()


def test_subject_without_targets_is_refused(tmp_path):
    with pytest.raises(InputError, match="has no targets"):
        brief.write_brief(tmp_path / "x.docx", jurisdiction="cn.shanxi.jincheng", tables=_tables(), info=INFO)


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m compare ARGS` on this package (the session's project: the place is resolved before any
    table is read, and nothing is written)."""
    env = os.environ | {"PYTHONPATH": str(Path(compare.__file__).parents[1])}
    return subprocess.run([sys.executable, "-m", "compare", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_cli_exit_status_for_an_unknown_place_is_documented_and_non_zero(tmp_path):
    result = _cli(tmp_path, "brief", "--jurisdiction", "运成", "--out", str(tmp_path / "b.docx"))
    assert result.returncode == 2
    assert "--jurisdiction '运成'" in result.stderr and "运城市" in result.stderr
    assert not (tmp_path / "b.docx").exists()
    help_text = _cli(tmp_path, "brief", "--help").stdout
    flat = " ".join(help_text.split())
    assert "Exit status:" in flat and "2 unknown place or indicator" in flat
