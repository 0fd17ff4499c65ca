"""Every chart builds in both languages from hand-made tables, with the elements the issue asks for."""

from __future__ import annotations

import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from test_analysis import hand_tables

from compare import analysis, catalogue, figures

LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return hand_tables()


def _json(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)


def test_catalogue_has_the_nine_charts(tables):
    assert {"caps_by_city", "caps_indexed", "intensity_reductions", "irrigation_coefficient", "leakage_rate",
            "cascade", "coverage", "city_profile", "targets_vs_outcomes"} <= set(catalogue.CHARTS)
    names = [j.name for j in catalogue.jobs(tables)]
    # one profile per city with targets
    assert {"city_profile_cn.shanxi.yuncheng", "city_profile_cn.shanxi.changzhi",
            "city_profile_cn.chongqing.wanzhou"} <= set(names)
    assert "city_profile_cn.shanxi" not in names  # provinces get none


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("job_name", [
    "caps_by_city", "caps_indexed", "intensity_reductions", "irrigation_coefficient", "leakage_rate", "cascade",
    "coverage", "city_profile_cn.shanxi.yuncheng", "targets_vs_outcomes",
])
def test_every_chart_builds_with_title_font_and_source_line(tables, job_name, lang):
    fig, data = catalogue.build(job_name, tables, lang)
    assert isinstance(fig, go.Figure) and len(fig.data) > 0
    assert not data.empty and "jurisdiction_name" in data
    assert "Noto Sans CJK SC" in fig.layout.font.family and "Microsoft YaHei" in fig.layout.font.family
    title = fig.layout.title.text
    assert title and "<sup>" in title  # title and a unit/legend line under it
    source = figures.source_annotation(fig).text
    assert source.startswith("资料来源" if lang == "zh" else "Sources")
    assert fig.layout.width and fig.layout.height


def test_titles_and_names_follow_the_language(tables):
    zh, _ = catalogue.build("caps_by_city", tables, "zh")
    en, _ = catalogue.build("caps_by_city", tables, "en")
    assert zh.layout.title.text.startswith("各市用水总量控制目标")
    assert en.layout.title.text.startswith("Total water use caps")
    assert {t.name for t in zh.data} == {"运城市", "长治市"}
    assert {t.name for t in en.data} == {"Yuncheng", "Changzhi"}


def test_source_line_names_doc_numbers(tables):
    fig, _ = catalogue.build("caps_by_city", tables, "zh")
    assert "运政发〔2020〕30号" in figures.source_annotation(fig).text
    fig, _ = catalogue.build("leakage_rate", tables, "en")
    src = figures.source_annotation(fig).text
    assert "万州水利发〔2020〕50号" in src and "news report" in src


def test_hover_carries_the_quote_and_comparator_markers(tables):
    fig, _ = catalogue.build("caps_by_city", tables, "zh")
    yc = next(t for t in fig.data if t.name == "运城市")
    assert any("用水总量控制在19.22亿立方米以内" in h for h in yc.hovertext)
    assert set(yc.marker.symbol) == {"triangle-down"}  # caps ▼
    fig, _ = catalogue.build("irrigation_coefficient", tables, "en")
    yc = next(t for t in fig.data if t.name == "Yuncheng")
    assert set(yc.marker.symbol) == {"triangle-up"}  # floors ▲
    assert any("Quote" in h for h in yc.hovertext)


def test_one_colour_per_jurisdiction_in_every_chart(tables):
    colours = {}
    for name in ("caps_by_city", "irrigation_coefficient", "intensity_reductions"):
        fig, _ = catalogue.build(name, tables, "zh")
        for t in fig.data:
            if t.name == "运城市":
                colours[name] = t.marker.color
    assert len(colours) == 3 and len(set(colours.values())) == 1
    assert figures.jurisdiction_colour("cn.shanxi.yuncheng") != figures.jurisdiction_colour("cn.shanxi.changzhi")


def test_assumed_baselines_are_marked(tables):
    fig, data = catalogue.build("intensity_reductions", tables, "zh")
    cz = next(t for t in fig.data if t.name == "长治市")
    assert set(cz.marker.pattern.shape) == {"/"}  # Changzhi states no baseline: every bar hatched
    assert all(text.endswith("*") for text in cz.text)
    yc = next(t for t in fig.data if t.name == "运城市")
    assert set(yc.marker.pattern.shape) == {""}
    assert any("基准年为推定" in (t.name or "") for t in fig.data)  # legend entry explains the hatching
    assert data.loc[data["jurisdiction_id"] == "cn.shanxi.changzhi", "is_baseline_assumed"].all()


def test_reference_lines_for_nation_and_provinces(tables):
    fig, _ = catalogue.build("irrigation_coefficient", tables, "zh")
    refs = [t for t in fig.data if t.line.dash == "dash"]
    assert {t.name for t in refs} == {"全国（参考目标）", "山西省（参考目标）", "重庆市（参考目标）"}
    nation = next(t for t in refs if t.name.startswith("全国"))
    assert list(nation.y) == [0.55, 0.56, 0.58]


def test_cascade_writes_the_verdicts_beside_each_row(tables):
    def column(lang):
        fig, _ = catalogue.build("cascade", tables, lang)
        return [(a.y, [re.sub(r"<[^>]+>", "", x) for x in a.text.split("<br>")])
                for a in fig.layout.annotations if "■" in (a.text or "")]

    # Wanzhou's leakage 8 % vs the nation's 10 % (2020); Chongqing's 10 % is for 2025: not compared.
    assert ("万州区 2020", ["■ 较重庆市：2025年目标，不比较", "■ 较全国更严"]) in column("zh")
    assert ("Wanzhou 2020", ["■ vs Chongqing: 2025, not compared", "■ vs China: stricter"]) in column("en")


def test_coverage_heatmap_shows_gaps(tables):
    fig, data = catalogue.build("coverage", tables, "en")
    hm = fig.data[0]
    assert hm.type == "heatmap"
    assert len(hm.y) == 6 and (data["n_years"] == 0).any()
    assert "Yuncheng" in hm.y


def test_outcomes_chart_marks_conflicting_sources(tables):
    fig, _ = catalogue.build("targets_vs_outcomes", tables, "zh")
    assert "diamond" in {s for t in fig.data if t.name == "实际值" for s in t.marker.symbol}
    assert any("来源数据不一致" in (a.text or "") for a in fig.layout.annotations)


def test_figures_take_plain_frames():
    """A figure function is DataFrame in, Figure out: it works on the analysis output directly."""
    t = hand_tables()
    caps = analysis.cap_trajectories(t["targets"])
    fig = figures.caps_by_city(caps, figures.Context("en"))
    assert "19.22" in _json(fig)
    with pytest.raises(ValueError):
        figures.caps_by_city(caps, figures.Context("fr"))


def test_importing_compare_does_not_import_plotly():
    import subprocess
    import sys

    code = "import sys, compare, compare.analysis, compare.tables; print('plotly' in sys.modules, 'kaleido' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False False"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_undated_targets_marks_each_comparator(lang):
    targets = pd.DataFrame({
        "indicator_id": ["mine_water_utilization_rate"] * 2, "jurisdiction_id": ["cn.shanxi.yuncheng"] * 2,
        "scope_zh": [None, "工业集聚区"], "comparator": [">=", "<="], "value": [75.0, 30.0], "unit": ["%", "%"],
        "quote_zh": ["矿井水利用率应达到75%以上", "不超过30%"], "document_id": ["d1", "d1"],
    })
    fig = figures.undated_targets(targets, figures.Context(lang))
    (trace,) = fig.data
    assert list(trace.marker.symbol) == [figures.comparator_marker(">="), figures.comparator_marker("<=")]
    assert list(trace.y) == [75.0, 30.0] and trace.x[1].endswith("工业集聚区")
