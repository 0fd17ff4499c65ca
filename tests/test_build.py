"""Integration: the build on the fixture corpus (the project's five city documents, frozen in
tests/fixtures/corpus/), provenance of every row, and refusal of bad raw files."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from fixture_corpus import run_cli, scratch_project

from compare import paths
from compare.accuracy import document_accuracy
from compare.build import assemble, summary

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def built():
    return assemble()


def test_every_row_quotes_its_raw_span(built):
    t = built.tables["targets"]
    spans = t[t["method"] != "reference"]
    assert len(spans) > 100
    for r in spans.itertuples():
        raw = built.raw_texts[r.document_id]
        assert raw[r.char_start : r.char_end] == r.quote_zh, r.target_id


def test_reference_rows_have_no_span_but_a_registered_source(built):
    t, docs = built.tables["targets"], built.tables["documents"]
    ref = t[t["method"] == "reference"]
    assert len(ref) == len(pd.read_csv(paths.REFERENCE_TARGETS_CSV))
    assert ref["quote_zh"].isna().all()
    urls = docs.set_index("document_id")["source_url"]
    assert urls[ref["document_id"]].notna().all()


def test_headline_targets_of_each_city(built):
    t = built.tables["targets"]

    def get(doc, indicator, year):
        rows = t[(t["document_id"] == doc) & (t["indicator_id"] == indicator) & (t["target_year"] == year)]
        return rows.iloc[0]

    # Read off the documents by hand.
    cap = get("yuncheng_2020_jieshui_xingdong_xize", "total_water_use_cap", 2035)
    assert (cap["value"], cap["comparator"], cap["value_reported"]) == (20.83, "<=", "20.83")
    gdp = get("jincheng_jieshui_xingdong_xize", "gdp_water_intensity_reduction", 2022)
    assert (gdp["value"], gdp["baseline_year"]) == (16.0, 2015)
    coef = get("wanzhou_2020_jieshui_xingdong_fangan", "irrigation_water_use_coefficient", 2020)
    assert (coef["value"], coef["comparator"]) == (0.508, ">=")
    leak = get("changzhi_sishui_siding_zhibiao", "public_supply_leakage_rate", 2030)
    assert (leak["value"], leak["attribute"]) == (9.0, "binding")
    farmland = get("wuxi_jieshui_xingdong_fengong", "high_standard_farmland_area", 2020)
    assert farmland["value"] == 3.0 and "annual" in farmland["note"]


def test_every_city_document_yields_targets_and_is_scored_against_its_gold_table(built):
    t = built.tables["targets"]
    city = t[t["method"] != "reference"]
    assert set(city["document_id"]) == set(built.raw_texts)
    accuracy = document_accuracy(built.candidates, paths.GOLD_DIR)
    assert set(accuracy) == set(built.raw_texts)  # every document has a gold table written by reading it
    for doc, a in accuracy.items():
        assert a["precision"] >= 0.9 and a["recall"] >= 0.9, (doc, a)
        assert f"extractor vs gold ({doc}): precision {a['precision']:.1%}" in summary(built)


def test_outcomes_keep_conflicting_sources_side_by_side(built):
    o = built.tables["outcomes"]
    cq = o[(o["jurisdiction_id"] == "cn.chongqing") & (o["indicator_id"] == "total_water_use") & (o["year"] == 2021)]
    assert sorted(cq["value"].round(4)) == [68.8, 72.1205]
    assert cq["source_url"].nunique() == 2


def test_tables_have_their_contract_dtypes_and_keys(built):
    from compare import metadata

    for name, spec in metadata.table_specs().items():
        df = built.tables[name]
        assert list(df.columns) == list(spec["columns"]), name
        assert df[spec["primary_key"]].notna().all().all() and df[spec["primary_key"][0]].is_unique


def _build(root: Path):
    return run_cli(root, "build", "--no-validate")


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


@pytest.mark.slow
def test_build_refuses_an_edited_raw_file_and_keeps_the_published_tables(tmp_path):
    root = scratch_project(tmp_path / "project")
    assert _build(root).returncode == 0
    before = _digest(root / "data" / "curated")
    raw = root / "data" / "raw" / "jincheng_jieshui_xingdong_xize.txt"
    raw.write_bytes(raw.read_bytes().replace(b"4.7", b"9.7"))
    res = _build(root)
    assert res.returncode == 2
    assert "jincheng_jieshui_xingdong_xize.txt" in res.stderr and "sha256" in res.stderr
    assert _digest(root / "data" / "curated") == before
