"""Every chart builds in both languages from hand-made tables, with the elements the issue asks for."""

from __future__ import annotations

import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from test_analysis import hand_tables

from compare import analysis, catalogue, figures, labels
from compare.labels import LANGS

#: Every figure the catalogue draws from the hand-made tables (task-division charts: test_figures_responsibilities).
JOBS = [j.name for j in catalogue.jobs(hand_tables())]


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
@pytest.mark.parametrize("job_name", JOBS)
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
    # Transposed: indicators as rows, places as (upright) columns; a cell counts the target years and
    # its hover box lists them.
    assert len(hm.x) == 6 and (data["n_years"] == 0).any()
    assert "Yuncheng" in hm.x
    years = data.dropna(subset=["years"]).iloc[0]
    assert any(years["years"].split(",")[0] in h for row in hm.customdata for h in row)


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
    assert list(trace.y) == [75.0, 30.0] and trace.x[1].endswith("工业集聚区" if lang == "zh" else "「工业集聚区」")  # a scope without English: quoted


# --------------------------------------------------------------------------- the catalogue and the labels


def test_every_chart_of_the_catalogue_is_drawn_by_a_test():
    tested = {catalogue.job(n, hand_tables()).chart.id for n in JOBS} | {"task_leads", "responsibility_matrix"}
    assert tested == set(catalogue.CHARTS)


def test_pages_and_indicator_pages_come_from_the_catalogue():
    assert catalogue.on_page("overview") == ["caps_by_city", "intensity_reductions"]
    assert catalogue.on_page("compare") == ["cascade", "caps_indexed", "targets_vs_outcomes"]
    assert catalogue.for_indicator("total_water_use_cap") == ["caps_by_city", "caps_indexed"]
    assert catalogue.for_indicator("public_supply_leakage_rate") == ["leakage_rate"]
    assert catalogue.for_indicator("gdp_water_intensity_reduction") == []
    with pytest.raises(ValueError, match="unknown page"):
        catalogue.on_page("nowhere")


def test_a_chart_is_declared_with_known_pages_only():
    with pytest.raises(ValueError, match="unknown page"):
        catalogue.Chart("x", figures.caps_by_city, lambda t, c: t["targets"], pages={"front": 1})
    with pytest.raises(ValueError, match="go together"):
        catalogue.Chart("x", figures.city_profile, lambda t, c: t["targets"], per="jurisdiction")


def test_one_builder_signature_and_a_title_for_every_chart():
    import inspect

    for chart in catalogue.CHARTS.values():
        params = list(inspect.signature(chart.builder).parameters)
        assert len(params) == 2 and params[1] == "ctx", chart.id  # builder(data, ctx): no adapters
        assert len(inspect.signature(chart.data).parameters) == 2, chart.id  # data(tables, ctx)
        for lang in LANGS:
            assert chart.title(lang) != chart.id


def test_context_title_replaces_the_chart_title_and_keeps_the_unit_line(tables):
    job = catalogue.job("leakage_rate", tables)
    fig = catalogue.draw(job, tables, "en", title="Leakage: every target")
    assert fig.layout.title.text.startswith("Leakage: every target<br><sup>Unit: %")
    assert figures.figure_title(fig) == "Leakage: every target"


def test_max_width_narrows_a_wide_figure_and_rewraps_its_source_line(tables):
    wide = catalogue.draw("coverage", tables, "en")
    narrow = catalogue.draw("coverage", tables, "en", max_width=600)
    assert wide.layout.width > 600 and narrow.layout.width == 600 and narrow.layout.showlegend is False
    src = figures.source_annotation(narrow).text
    assert max(len(line) for line in src.split("<br>")) <= 600 // 12
    assert src.replace("<br>", " ") == figures.source_annotation(wide).text.replace("<br>", " ")


def test_source_annotation_is_found_by_name_not_by_position(tables):
    fig = catalogue.draw("targets_vs_outcomes", tables, "zh")
    fig.add_annotation(text="later", x=0, y=0)
    assert figures.source_annotation(fig).text.startswith("资料来源：")
    with pytest.raises(LookupError):
        figures.source_annotation(go.Figure())


def test_a_missing_label_is_an_error_naming_it():
    with pytest.raises(labels.MissingLabel, match=r"chart\.no_such_chart\.en"):
        labels.text("chart", "no_such_chart", "en")
    with pytest.raises(KeyError):  # MissingLabel is a KeyError
        labels.unit_label("no such unit", "zh")
    with pytest.raises(ValueError, match="lang"):
        labels.text("chart", "cascade", "fr")


def test_every_unit_and_comparator_has_its_words():
    from compare import metadata

    for lang in LANGS:
        for unit in metadata.units():
            assert labels.unit_label(unit, lang)
        for comparator in metadata.labels()["comparator"]:
            assert labels.comparator_text(comparator, lang)
    assert labels.unit_label("万人", "en") == "10,000 people"


def test_punctuation_by_language():
    assert (labels.colon("zh"), labels.colon("en")) == ("：", ": ")
    assert (labels.list_sep("zh"), labels.list_sep("en")) == ("；", "; ")
    assert labels.aside("参考目标", "zh") == "（参考目标）" and labels.aside("reference", "en") == " (reference)"
    assert labels.titled("运城市", "目标概览", "zh") == "运城市目标概览"
    assert labels.titled("Yuncheng", "target profile", "en") == "Yuncheng: target profile"


def test_numbers_are_written_one_way():
    assert [labels.fmt_number(v) for v in (12.75, 0.5, 10.0, None, float("nan"), "n/a")] == \
        ["12.75", "0.5", "10", "", "", "n/a"]
    assert labels.fmt_number(1 / 3, 2) == "0.33" and labels.fmt_year(2025.0) == "2025" and labels.fmt_year(None) == ""


def test_unknown_ids_are_shown_as_themselves():
    assert labels.jurisdiction_label("cn.nowhere", "en") == "cn.nowhere"
    assert labels.jurisdiction_label("cn.shanxi.yuncheng", "en") == "Yuncheng"


# --------------------------------------------------------------------------- the palette


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    def linear(c: float) -> float:
        return ((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92

    r, g, b = (linear(int(hex_colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    x, y, z = ((r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047, r * 0.2126 + g * 0.7152 + b * 0.0722,
               (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883)

    def f(v: float) -> float:
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_palette_colours_are_far_apart():
    """The old palette had two greens ΔE 2.6 apart (the same colour to the eye); every pair now ≥ 20."""
    import itertools
    import math

    colours = [*figures.palette()["jurisdictions"], figures.palette()["nation"]]
    assert len(set(colours)) == len(colours)
    assert min(math.dist(_lab(a), _lab(b)) for a, b in itertools.combinations(colours, 2)) >= 20


def test_no_two_places_are_drawn_alike_and_cities_come_first():
    from compare import metadata

    specs = metadata.jurisdiction_specs()
    styles = {(figures.jurisdiction_colour(j), figures.jurisdiction_marker(j, "<=")) for j in specs}
    assert len(styles) == len(specs), "colour and marker variant tell every place apart"
    order = figures.colour_order()
    n = len(figures.palette()["jurisdictions"])
    cities = [j for j in specs if specs[j]["level"] in analysis.CITY_LEVELS]
    assert order[: len(cities)] == cities
    first_round = [j for j in order[:n]]
    assert len({figures.jurisdiction_colour(j) for j in first_round}) == len(first_round)
    assert figures.jurisdiction_marker(order[0], "<=") == "triangle-down"
    assert figures.jurisdiction_marker(order[n], ">=") == "triangle-up-open"
    assert figures.marker_outline(order[n])["line"]["color"] == figures.jurisdiction_colour(order[n])
    assert figures.jurisdiction_colour("cn") == figures.palette()["nation"]


def test_a_new_chart_is_a_builder_a_catalogue_entry_and_a_title(tables, tmp_path, monkeypatch):
    """What "Where things live" promises: declare the chart once and the report page, the export and
    the downloads listing pick it up (the builder here is an existing one; its title a new label)."""
    from compare import export, metadata, report

    new = catalogue.Chart("caps_again", figures.caps_by_city, catalogue.CHARTS["caps_by_city"].data,
                          pages={"compare": 9}, notebooks=())
    monkeypatch.setitem(catalogue.CHARTS, "caps_again", new)
    monkeypatch.setitem(metadata.labels()["chart"], "caps_again", {"zh": "再看用水总量", "en": "Caps, again"})

    assert catalogue.on_page("compare")[-1] == "caps_again"
    written = export.export_catalogue(tmp_path / "exports", ["en"], ["html"], ["caps_again"], tables=tables)
    assert {p.name for p in written["en/caps_again"]} == {"caps_again.csv", "caps_again.xlsx", "caps_again.html"}
    site = report.Site(tmp_path / "site", tables, {})
    page = report.render_compare(site, "en").read_text(encoding="utf-8")
    assert 'id="chart-caps_again"' in page and "Caps, again" in page
    rows = report.download_rows(tmp_path / "exports" / "en", tmp_path, tables, "en")
    assert {"name": "caps_again", "title": "Caps, again"} in [{k: r[k] for k in ("name", "title")} for r in rows]


def test_city_profile_takes_its_panels_per_row_from_the_context(tables):
    job = catalogue.job("city_profile_cn.shanxi.yuncheng", tables)
    n = catalogue.data(job, tables)["indicator_id"].nunique()
    four, two = (catalogue.draw(job, tables, "en", columns=c) for c in (None, 2))
    assert len([k for k in four.layout if k.startswith("xaxis")]) == 4 * -(-n // 4)
    assert len([k for k in two.layout if k.startswith("xaxis")]) == 2 * -(-n // 2)
