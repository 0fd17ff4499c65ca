"""compare.export: environment checks, safe names, offline HTML, data bundles, one-browser rendering."""

from __future__ import annotations

import base64
import gzip
import re
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from test_analysis import hand_tables

from compare import catalogue, export
from compare.errors import ExportError

SAFE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@pytest.fixture
def no_cjk_fonts(tmp_path, monkeypatch):
    """A fontconfig that knows no fonts at all: `fc-list :lang=zh` comes back empty."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    return conf


# --------------------------------------------------------------------------- safe names


@pytest.mark.parametrize("name", ["../../etc/passwd", "a b  c", 'say "hi"', "it's", "运城市", "", ".hidden",
                                  "con", "a/b\\c", "cn.shanxi.yuncheng", "x" * 300, "..", "-"])
def test_slugify_is_always_a_safe_file_name(name):
    slug = export.slugify(name)
    assert SAFE.match(slug), slug
    assert "/" not in slug and ".." not in slug and len(slug) <= 90
    assert slug != "con"


def test_slugify_keeps_names_apart():
    assert export.slugify("运城市") != export.slugify("晋城市")
    assert export.slugify("city_profile_cn.shanxi.yuncheng") == "city_profile_cn-shanxi-yuncheng"
    assert export.slugify("A B") == "a-b"


def test_hostile_jurisdiction_names_give_safe_files_inside_out(tmp_path):
    t = hand_tables()
    evil = '../evil "name" 运城'
    t["jurisdictions"] = pd.concat([t["jurisdictions"], pd.DataFrame(
        [{"jurisdiction_id": evil, "name_zh": evil, "name_en": evil, "level": "prefecture", "parent_id": "cn.shanxi"}]
    ).astype("string")], ignore_index=True)
    row = t["targets"].iloc[[0]].assign(jurisdiction_id=evil, target_id="evil")
    t["targets"] = pd.concat([t["targets"], row], ignore_index=True)
    out = tmp_path / "out"
    written = export.export_catalogue(out, ["en"], ["html"], ["city_profile"], tables=t)
    files = [p for paths in written.values() for p in paths]
    assert any("evil" in p.name for p in files)
    for p in files:
        assert p.resolve().is_relative_to(out.resolve())
        assert SAFE.match(p.stem) or p.stem in {"README", "sources"}, p.name
    assert not (tmp_path / "evil").exists()


# --------------------------------------------------------------------------- environment checks


def test_missing_cjk_font_is_an_error_with_the_install_command(no_cjk_fonts):
    assert export.cjk_fonts() == []
    with pytest.raises(ExportError, match="apt-get install chromium fonts-noto-cjk"):
        export.check_cjk_font()


def test_static_export_refuses_to_draw_boxes_and_writes_nothing(no_cjk_fonts, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ExportError, match="fonts-noto-cjk"):
        export.export_catalogue(out, ["zh"], ["png"], ["caps_by_city"], tables=hand_tables())
    assert not out.exists()


def test_missing_browser_is_an_error_with_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setattr(export, "BROWSER_CANDIDATES", ())
    with pytest.raises(ExportError, match="apt-get install chromium"):
        export.find_browser({"PATH": str(tmp_path)})
    with pytest.raises(ExportError, match="BROWSER_PATH"):
        export.find_browser({"BROWSER_PATH": str(tmp_path / "no-chrome"), "PATH": ""})


def test_bad_arguments_are_export_errors(tmp_path):
    with pytest.raises(ExportError, match="--format"):
        export.export_catalogue(tmp_path, ["zh"], ["gif"], None, tables=hand_tables())
    with pytest.raises(ExportError, match="--lang"):
        export.export_catalogue(tmp_path, ["fr"], ["html"], None, tables=hand_tables())
    with pytest.raises(ExportError, match="no_such_chart"):
        export.export_catalogue(tmp_path, ["zh"], ["html"], ["no_such_chart"], tables=hand_tables())


# --------------------------------------------------------------------------- html, data, sources


def test_html_works_offline_and_alone_with_plotlyjs_inlined(tmp_path):
    written = export.export_catalogue(tmp_path, ["zh", "en"], ["html"], ["caps_by_city"], tables=hand_tables())
    html = tmp_path / "zh" / "caps_by_city.html"
    assert html in written["zh/caps_by_city"]
    page = html.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)  # no CDN, no file beside it
    assert not (tmp_path / "zh" / "plotly.min.js").exists()
    # plotly.js is in the page, gzip-compressed: the whole of it, in well under half its size
    packed = re.search(r'<script type="application/octet-stream" id="plotly-gz">([^<]+)</script>', page).group(1)
    assert gzip.decompress(base64.b64decode(packed)) == export.plotlyjs_path().read_bytes()
    assert html.stat().st_size < 0.45 * export.plotlyjs_path().stat().st_size
    title = "各市用水总量控制目标"
    assert title in page or title.encode("unicode_escape").decode("ascii") in page  # plotly escapes 汉字 in JSON


@pytest.mark.parametrize("mode", ["inline", "shared"])
def test_html_modes_inline_or_share_plotlyjs(tmp_path, mode):
    written = export.export_catalogue(tmp_path, ["en"], ["html"], ["caps_by_city", "cascade"], tables=hand_tables(),
                                      html=mode)
    pages = [p for k, v in written.items() for p in v if p.suffix == ".html"]
    assert len(pages) == 2
    shared = tmp_path / "en" / "plotly.min.js"
    for page in pages:
        body = page.read_text(encoding="utf-8")
        assert "plotly-gz" not in body
        if mode == "inline":
            assert page.stat().st_size > export.plotlyjs_path().stat().st_size
        else:
            assert '<script src="plotly.min.js"></script>' in body and page.stat().st_size < 200_000
            assert "needs plotly.min.js in the same folder" in body  # what a reader sees without it
    assert shared.is_file() == (mode == "shared")
    with pytest.raises(ExportError, match="--html"):
        export.export_catalogue(tmp_path, ["en"], ["html"], ["cascade"], tables=hand_tables(), html="cdn")


def test_data_behind_each_chart_as_csv_and_xlsx(tmp_path):
    t = hand_tables()
    export.export_catalogue(tmp_path, ["zh"], ["html"], ["caps_by_city", "cascade"], tables=t)
    csv = pd.read_csv(tmp_path / "zh" / "caps_by_city.csv", encoding="utf-8-sig")
    assert len(csv) == 5  # Yuncheng 2020/2022/2035, Changzhi 2025/2030 (cities only)
    assert set(csv["jurisdiction_name"]) == {"运城市", "长治市"}
    wb = openpyxl.load_workbook(tmp_path / "zh" / "cascade.xlsx", read_only=True)
    rows = list(wb["data"].iter_rows(values_only=True))
    _, expected = catalogue.build("cascade", t, "zh")
    assert len(rows) == len(expected) + 1
    assert {"target_year", "reference_target_year", "reference_jurisdiction_id", "verdict"} <= set(rows[0])
    cas = pd.read_csv(tmp_path / "zh" / "cascade.csv", encoding="utf-8-sig")
    classed = cas[cas["verdict"] != "context"]
    assert len(classed) and (classed["target_year"] == classed["reference_target_year"]).all()
    assert (cas["verdict"] == "context").any()  # e.g. 运城 2020 against 山西's 2025 target: shown, not classed


def test_readme_lists_sources_with_doc_numbers_and_urls(tmp_path):
    export.export_catalogue(tmp_path, ["en"], ["html"], ["leakage_rate"], tables=hand_tables())
    readme = (tmp_path / "en" / "README.md").read_text(encoding="utf-8")
    assert "运政发〔2020〕30号" in readme and "http://cn.example/1" in readme
    assert "http://d.example/1" in readme  # an outcome source
    assert "leakage_rate.html" in readme
    sources = pd.read_csv(tmp_path / "en" / "sources.csv", encoding="utf-8-sig")
    assert {"target document", "reported outcome"} == set(sources["role"])


def test_plotlyjs_path_points_into_the_plotly_package():
    p = export.plotlyjs_path()
    assert p.name == "plotly.min.js" and p.stat().st_size > 1_000_000


# --------------------------------------------------------------------------- through Chromium


@pytest.mark.browser
def test_static_export_renders_chinese_through_one_browser(tmp_path):
    try:
        export.check_static_export()
    except ExportError as exc:
        pytest.skip(str(exc))
    written = export.export_catalogue(tmp_path, ["zh"], ["png", "svg", "pdf"], ["caps_by_city", "coverage"],
                                      tables=hand_tables())
    png = tmp_path / "zh" / "caps_by_city.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the PNG has the briefing preset's size (16 cm at 300 dpi), not kaleido's 700 × 500 default
    import struct

    from compare import presets

    width, height = struct.unpack(">II", png.read_bytes()[16:24])
    fig = presets.apply(catalogue.build("caps_by_city", hand_tables(), "zh")[0], presets.BRIEFING)
    assert width == 1890 and abs(height - fig.layout.height * presets.BRIEFING.scale) <= 1
    svg = (tmp_path / "zh" / "caps_by_city.svg").read_text(encoding="utf-8")
    assert "各市用水总量控制目标" in svg and "Noto Sans CJK SC" in svg
    assert (tmp_path / "zh" / "coverage.pdf").read_bytes()[:4] == b"%PDF"
    assert all(p.exists() for paths in written.values() for p in paths)


# --------------------------------------------------------------------------- the tile map


MAP = "province_map_irrigation_water_use_coefficient"


def _map_tables() -> dict[str, pd.DataFrame]:
    """hand_tables with Shanxi's 2025 irrigation quote made to look like a spreadsheet formula."""
    t = hand_tables()
    targets = t["targets"].copy()
    at = targets.index[(targets["jurisdiction_id"] == "cn.shanxi")
                       & (targets["indicator_id"] == "irrigation_water_use_coefficient")][0]
    targets.loc[at, "quote_zh"] = '=HYPERLINK("http://evil.example")农田灌溉水有效利用系数达到0.58'
    return t | {"targets": targets}


def test_the_province_map_is_exported_per_indicator_with_safe_data(tmp_path):
    t = _map_tables()
    written = export.export_catalogue(tmp_path, ["zh", "en"], ["html"], ["province_map"], tables=t)
    maps = {k.split("/", 1)[1] for k in written if k.split("/", 1)[1].startswith("province_map_")}
    assert maps == {f"province_map_{i}" for i in ("total_water_use_cap", "gdp_water_intensity_reduction",
                                                    "irrigation_water_use_coefficient", "public_supply_leakage_rate")}
    for lang in ("zh", "en"):
        assert {p.suffix for p in written[f"{lang}/{MAP}"]} == {".csv", ".xlsx", ".html"}
        assert all(p.stat().st_size > 0 for p in written[f"{lang}/{MAP}"])
    csv = pd.read_csv(tmp_path / "en" / f"{MAP}.csv", encoding="utf-8-sig")
    assert len(csv) == 31, "every province is a row, with or without a target"
    tg = t["targets"]
    having = set(tg.loc[(tg["indicator_id"] == "irrigation_water_use_coefficient") & (tg["target_year"] == 2025)
                        & tg["jurisdiction_id"].isin(["cn.shanxi", "cn.chongqing"]), "jurisdiction_id"])
    assert having and set(csv.loc[csv["n_values"] > 0, "jurisdiction_id"]) == having
    assert (csv["n_values"] == 0).sum() == 31 - len(having) and set(csv["target_year"]) == {2025}
    shanxi = csv.set_index("jurisdiction_id").loc["cn.shanxi"]
    assert shanxi["value"] == 0.58 and shanxi["jurisdiction_name"] == "Shanxi" and shanxi["document_ids"] == "sx"
    assert shanxi["quotes"].startswith("'=HYPERLINK"), "a quote must never become a formula"
    wb = openpyxl.load_workbook(tmp_path / "zh" / f"{MAP}.xlsx", read_only=True)
    rows = list(wb["data"].iter_rows(values_only=True))
    head = rows[0]
    row = next(r for r in rows[1:] if r[head.index("jurisdiction_id")] == "cn.shanxi")
    assert len(rows) == 32 and row[head.index("jurisdiction_name")] == "山西省"
    assert row[head.index("quotes")].startswith("'=")
    readme = (tmp_path / "en" / "README.md").read_text(encoding="utf-8")
    assert f"**{MAP}** — Provincial 2025 targets: Irrigation" in readme


@pytest.mark.browser
def test_the_province_map_renders_as_png_svg_and_pdf(tmp_path):
    try:
        export.check_static_export()
    except ExportError as exc:
        pytest.skip(str(exc))
    export.export_catalogue(tmp_path, ["en"], ["png", "svg", "pdf"], [MAP], tables=_map_tables())
    assert (tmp_path / "en" / f"{MAP}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "en" / f"{MAP}.pdf").read_bytes()[:4] == b"%PDF"
    svg = (tmp_path / "en" / f"{MAP}.svg").read_text(encoding="utf-8")
    assert "Provincial 2025 targets" in svg and "Shanxi" in svg and "Hainan" in svg


def test_a_chart_kaleido_could_not_render_is_rendered_once_more(tmp_path, monkeypatch):
    """A tab that had not loaded (kaleido_scopes is not defined, on a loaded machine) is retried once in a
    fresh browser session; a chart that fails twice is an error naming its file."""
    import kaleido

    calls = []

    def write(specs, cancel_on_error=False):
        calls.append([Path(s["path"]).name for s in specs])
        if len(calls) == 1:  # the first session renders all but the last chart
            for s in specs[:-1]:
                Path(s["path"]).write_text("<svg/>", encoding="utf-8")
            return (RuntimeError("ReferenceError: kaleido_scopes is not defined"),)
        if specs[0]["path"].name.startswith("ok"):
            for s in specs:
                Path(s["path"]).write_text("<svg/>", encoding="utf-8")
            return ()
        return (RuntimeError("still failing"),)

    monkeypatch.setattr(export, "check_static_export", lambda: "chromium")
    monkeypatch.setattr(kaleido, "start_sync_server", lambda *a, **k: None)
    monkeypatch.setattr(kaleido, "stop_sync_server", lambda *a, **k: None)
    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", write)
    fig = go.Figure()
    jobs = [(fig, tmp_path / "a.svg"), (fig, tmp_path / "ok_b.svg")]
    assert export.write_static(jobs) == [tmp_path / "a.svg", tmp_path / "ok_b.svg"]
    assert calls == [["a.svg", "ok_b.svg"], ["ok_b.svg"]]

    calls.clear()
    with pytest.raises(ExportError, match="bad.svg"):
        export.write_static([(fig, tmp_path / "c.svg"), (fig, tmp_path / "bad.svg")])
    assert calls == [["c.svg", "bad.svg"], ["bad.svg"]]
