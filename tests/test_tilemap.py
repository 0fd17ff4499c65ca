"""The tile-grid map: all 31 provinces, known targets coloured, missing ones shown as such, conflicting
sources never reduced to one value, plans in the corpus marked, zh/en labels."""

from __future__ import annotations

import pandas as pd
import pytest

from compare import metadata, tilemap

IID = "irrigation_water_use_coefficient"


def _targets() -> pd.DataFrame:
    rows = [
        ("cn.hebei", "doc_he", 2025, ">=", 0.68, "农田灌溉水有效利用系数提高到0.68以上"),
        ("cn.hainan", "doc_hi1", 2025, ">=", 0.58, "农田灌溉水有效利用系数提高到0.58"),
        ("cn.hainan", "doc_hi2", 2025, ">=", 0.58, "农田灌溉水有效利用系数提高到0.58"),   # agrees: one value
        ("cn.shanxi", "doc_sx1", 2025, ">=", 0.58, "农田灌溉水有效利用系数达到0.58"),
        ("cn.shanxi", "doc_sx2", 2025, ">=", 0.6, "农田灌溉水有效利用系数达到0.6"),       # disagrees
        ("cn.shandong", "doc_sd", 2022, ">=", 0.648, None),                               # another year
        ("cn.shanxi.yuncheng", "doc_yc", 2025, ">=", 0.6, None),                          # not a province
        ("cn", "doc_cn", 2025, ">=", 0.58, None),                                          # not a province
    ]
    return pd.DataFrame([{"jurisdiction_id": j, "document_id": d, "indicator_id": IID, "target_year": y,
                          "comparator": c, "value": v, "unit": "1", "source_quote_zh": q}
                         for j, d, y, c, v, q in rows])


def _documents() -> pd.DataFrame:
    return pd.DataFrame({
        "document_id": ["doc_yc", "doc_wz", "doc_he"],
        "jurisdiction_id": ["cn.shanxi.yuncheng", "cn.chongqing.wanzhou", "cn.hebei"],
        "title_zh": ["运城细则", "万州方案", "河北规划"], "doc_number": [None, None, None],
        "kind": ["official text", "official text", "news report"],
        "path": ["yc.txt", "wz.txt", None],
    })


def test_the_grid_places_every_province_once():
    provinces = {j for j, s in metadata.jurisdiction_specs().items() if s["level"] == "province"}
    assert set(tilemap.TILE_GRID) == provinces and len(provinces) == 31
    cells = list(tilemap.TILE_GRID.values())
    assert len(set(cells)) == 31, "two provinces share a tile"
    # north above south, west left of east, roughly
    assert tilemap.TILE_GRID["cn.heilongjiang"][0] < tilemap.TILE_GRID["cn.hainan"][0]
    assert tilemap.TILE_GRID["cn.xinjiang"][1] < tilemap.TILE_GRID["cn.shanghai"][1]


def test_province_targets_keeps_all_31_and_never_picks_between_sources():
    data = tilemap.province_targets(_targets(), IID, 2025, _documents()).set_index("jurisdiction_id")
    assert len(data) == 31
    assert data.loc["cn.hebei", "value"] == 0.68 and data.loc["cn.hebei", "n_values"] == 1
    assert data.loc["cn.hainan", "value"] == 0.58 and data.loc["cn.hainan", "document_ids"] == ["doc_hi1", "doc_hi2"]
    assert pd.isna(data.loc["cn.shanxi", "value"]) and data.loc["cn.shanxi", "values"] == [0.58, 0.6]
    assert data.loc["cn.shandong", "n_values"] == 0, "a 2022 target is not a 2025 target"
    assert data["n_values"].gt(0).sum() == 3, "city and national rows are not provincial targets"
    assert data.loc["cn.shanxi", "plans"] == ["运城市"] and data.loc["cn.chongqing", "n_plans"] == 1
    assert data.loc["cn.hebei", "n_plans"] == 0, "a news report is not a plan in the corpus"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_map_shows_missing_conflicting_and_planned_provinces(lang):
    fig = tilemap.tile_map(_targets(), IID, 2025, _documents(), lang)
    names = {t.name: t for t in fig.data if t.name}
    base = names[tilemap.word("no_target", lang)]
    assert len(base.x) == 31, "every province has a tile, with or without a target"
    coloured = next(t for t in fig.data if t.marker is not None and t.marker.showscale)
    assert sorted(coloured.marker.color) == [0.58, 0.68]
    assert list(names[tilemap.word("conflict", lang)].customdata) == ["cn.shanxi"]
    assert sorted(names[tilemap.word("plans", lang)].customdata) == ["cn.chongqing", "cn.shanxi"]
    labels = next(t for t in fig.data if t.mode == "text").text
    hebei = "河北" if lang == "zh" else "Hebei"
    assert any(lbl.startswith(hebei) and lbl.endswith("0.68") for lbl in labels)
    assert any("≠" in lbl for lbl in labels) and sum(lbl.endswith("–") for lbl in labels) == 28
    hover = dict(zip(base.customdata, base.hovertext, strict=True))
    assert "0.58" in hover["cn.shanxi"] and "0.6" in hover["cn.shanxi"]
    assert tilemap.word("no_target", lang) in hover["cn.yunnan"]
    assert "农田灌溉水有效利用系数提高到0.68以上" in hover["cn.hebei"].replace("<br>", "")
    assert fig.layout.title.text.startswith(tilemap.word("title", lang).format(
        year=2025, indicator=metadata.indicator_name(IID, lang)))


def test_an_unknown_indicator_is_refused():
    with pytest.raises(ValueError, match="unknown indicator_id"):
        tilemap.province_targets(_targets(), "no_such_indicator")


def test_every_catalogue_chart_and_map_word_has_a_label_in_both_languages():
    from compare import catalogue

    for lang in ("zh", "en"):
        for name in catalogue.CHARTS:
            assert metadata.label("chart", name, lang), f"chart.{name}.{lang} would show its key"
        for key in tilemap.WORD_KEYS:
            assert tilemap.word(key, lang)
    with pytest.raises(KeyError, match="map.no_such_word"):
        tilemap.word("no_such_word", "en")


def test_the_catalogue_draws_one_map_per_core_indicator_with_provincial_targets():
    from compare import catalogue

    targets = _targets()
    tables = {"targets": targets, "documents": _documents(), "jurisdictions": metadata.jurisdictions()}
    jobs = catalogue.jobs(tables, ["province_map"])
    assert [j.name for j in jobs] == [f"province_map_{IID}"] and jobs[0].indicator_id == IID
    assert tilemap.indicators_with_targets(targets, 2022) == [IID]   # Shandong's 2022 target
    assert tilemap.indicators_with_targets(targets[targets["jurisdiction_id"] == "cn"]) == []
    fig, data = catalogue.build(jobs[0], tables, "en")
    assert len(data) == 31 and "jurisdiction_name" in data and "name" not in data
    assert data.set_index("jurisdiction_id").loc["cn.shanxi", "plan_ids"] == ["cn.shanxi.yuncheng"]
    base = next(t for t in fig.data if t.name == tilemap.word("no_target", "en"))
    hover = dict(zip(base.customdata, base.hovertext, strict=True))
    assert "Yuncheng" in hover["cn.shanxi"], "the plans are named in the figure's language"
    assert tilemap.counts(tilemap.province_targets(targets, IID)) == {"n_known": 2, "n_conflict": 1, "n_none": 28}
