"""The responsibility charts build in both languages from hand-made tables (fixture_corpus.make_tables: doc_b's
two-task annex) and from frames made here, with the elements the issue asks for."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from fixture_corpus import make_tables

from compare import analysis, catalogue, figures, labels

LANGS = ("zh", "en")
WUXI = "cn.jiangsu.wuxi"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return make_tables()[0]


def _plain(label: str, lang: str) -> str:
    """A chart label without the line breaks it was wrapped with."""
    return label.replace("<br>", "" if lang == "zh" else " ")


def _json(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)


def test_catalogue_has_the_responsibility_charts_for_cities_with_an_annex(tables):
    names = [j.name for j in catalogue.jobs(tables)]
    assert "task_leads" in names
    # doc_b (Wuxi) has an annex; doc_a (Yuncheng) has targets but none
    assert f"responsibility_matrix_{WUXI}" in names
    assert "responsibility_matrix_cn.shanxi.yuncheng" not in names


def test_charts_needing_missing_tables_are_left_out(tables):
    without = {k: v for k, v in tables.items() if k != "responsibilities"}
    names = [j.name for j in catalogue.jobs(without)]
    assert "task_leads" not in names and not any(n.startswith("responsibility_matrix") for n in names)
    assert "caps_by_city" in names


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("job_name", ["task_leads", f"responsibility_matrix_{WUXI}"])
def test_responsibility_charts_build_with_title_font_and_source_line(tables, job_name, lang):
    fig, data = catalogue.build(job_name, tables, lang)
    assert isinstance(fig, go.Figure) and len(fig.data) > 0
    assert not data.empty and "jurisdiction_name" in data and "task_name" in data
    assert "Noto Sans CJK SC" in fig.layout.font.family
    title = fig.layout.title.text
    assert "<sup>" in title
    expected = {("task_leads", "zh"): "各市重点任务由哪个部门牵头", ("task_leads", "en"): "Who leads each",
                ("matrix", "zh"): "无锡市重点任务分工", ("matrix", "en"): "Wuxi: Task division"}
    assert title.startswith(expected["task_leads" if job_name == "task_leads" else "matrix", lang])
    source = figures.source_annotation(fig).text
    assert source.startswith("资料来源" if lang == "zh" else "Sources")
    assert "节水行动分工方案" in source  # doc_b's title


@pytest.mark.parametrize("lang", LANGS)
def test_task_leads_grid_colours_each_cell_by_its_lead(tables, lang):
    fig, data = catalogue.build("task_leads", tables, lang)
    heat = fig.data[0]
    # tasks.yaml order: leakage control, then publicity; one city
    assert [_plain(y, lang) for y in heat.y] == [labels.task_label("leakage_control", lang),
                                                labels.task_label("publicity_education", lang)]
    assert list(heat.x) == [labels.jurisdiction_label(WUXI, lang)]
    # municipal gardens lead leakage control, the water authority publicity: two colours, one per agency
    legend = {t.name: t.marker.color for t in fig.data[1:]}
    assert legend == {labels.agency_label("water_authority", lang): figures.agency_colour("water_authority"),
                      labels.agency_label("municipal_gardens", lang): figures.agency_colour("municipal_gardens")}
    colours = [figures.agency_colour(a) for a in ("water_authority", "municipal_gardens")]
    assert [heat.colorscale[int(z[0]) * 2][1] for z in heat.z] == colours[::-1]
    assert labels.agency_label("municipal_gardens", lang).split()[0] in _plain(heat.text[0][0], lang)
    # hover: the unit and the task as written
    assert "市市政园林局" in heat.customdata[0][0] and "控制供水管网漏损" in heat.customdata[0][0]
    assert list(data["main_agency_id"]) == ["municipal_gardens", "water_authority"]


def test_task_leads_grid_marks_shared_leads_and_gaps():
    leads = pd.DataFrame({
        "task_id": ["leakage_control", "leakage_control", "water_pricing"],
        "jurisdiction_id": ["cn.shanxi.yuncheng", WUXI, "cn.shanxi.yuncheng"],
        "main_agency_id": ["urban_management", "municipal_gardens", "development_reform"],
        "lead_agency_ids": ["urban_management", "municipal_gardens", "development_reform, market_regulation"],
        "n_lead_agencies": [1, 1, 2], "units_zh": ["市城市管理局", "市市政园林局", "市发展改革委、市市场监管局"],
        "task_nos": ["12", "7", "20"], "task_titles_zh": ["大幅降低供水管网漏损", "改造供水管网", "深化水价改革"],
        "task_texts_zh": ["大幅降低供水管网漏损", "改造供水管网", "深化水价改革"], "document_ids": ["yc", "wx", "yc"],
    })
    fig = figures.task_leads(leads, figures.Context("en"))
    heat = fig.data[0]
    assert list(heat.x) == ["Yuncheng", "Wuxi"]
    assert heat.z[1][1] is None and heat.text[1][1] == ""  # Wuxi states no pricing task here
    assert heat.text[1][0].endswith(" +1")  # pricing in Yuncheng: two leads
    assert "Other leads: Market regulation administration" in heat.customdata[1][0]
    assert len({tuple(c) for c in heat.colorscale}) == 2 * 3  # three main leads, three colours


@pytest.mark.parametrize("lang", LANGS)
def test_responsibility_matrix_tells_lead_from_participant(tables, lang):
    fig, data = catalogue.build(f"responsibility_matrix_{WUXI}", tables, lang)
    heat = fig.data[0]
    agencies = [labels.agency_label(a, lang) for a in ("water_authority", "municipal_gardens", "finance",
                                                        "education", "party_publicity")]
    assert sorted(_plain(y, lang) for y in heat.y) == sorted(agencies)
    row = [_plain(y, lang) for y in heat.y].index(labels.agency_label("water_authority", lang))
    # the water authority takes part in leakage control (0) and leads publicity (1)
    assert list(heat.z[row]) == [0, 1]
    assert list(heat.colorbar.ticktext) == (["参与", "牵头"] if lang == "zh" else ["participant", "lead"])
    assert set(data["role"]) == {"lead", "participant"} and len(data) == 6


def test_matrix_counts_repeated_entries():
    matrix = pd.DataFrame({"jurisdiction_id": [WUXI], "agency_id": ["water_authority"], "task_id": ["reclaimed_water"],
                           "role": ["lead"], "n_lead": [2], "n_participant": [1], "n_rows": [3]})
    fig = figures.responsibility_matrix(matrix, figures.Context("zh", jurisdiction_id=WUXI))
    assert fig.data[0].text[0][0] == "3" and "牵头: 2 · 参与: 1" in fig.data[0].customdata[0][0]


def test_agency_colours_are_distinct_across_the_vocabulary():
    ids = list(analysis.agency_order())
    assert len({figures.agency_colour(a) for a in ids}) == len(ids)
    assert figures.agency_colour("water_authority") == figures.agency_colour("water_authority")
