"""The reference layer: source-page facts in the registry, reference rows that repeat them, and the
administrative division codes of the jurisdictions."""

from __future__ import annotations

import pandas as pd
import pytest

from compare import curate, metadata
from compare.errors import InputError
from compare.registry import REGISTRY_COLUMNS, load_registry

OLD_COLUMNS = ["document_id", "jurisdiction_id", "title_zh", "issuer_zh", "doc_number", "date_issued", "kind",
               "source_url", "path", "sha256", "notes"]
URL = "http://example.org/province-plan"


def _registry_csv(tmp_path, rows: list[dict], columns: list[str]) -> pd.DataFrame:
    path = tmp_path / "documents.csv"
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)
    return load_registry(path)


def _page_row(**extra) -> dict:
    row = {"document_id": "prov_plan", "jurisdiction_id": "cn.hebei", "title_zh": "某省节水规划",
           "issuer_zh": "某省水利厅", "doc_number": "某水〔2021〕1号", "date_issued": "2021-05-10",
           "kind": "news report", "source_url": URL, "source_kind": "official page", "publisher": "某省人民政府",
           "date_published": "2021-05-19", "date_accessed": "2026-12-04", "path": None, "sha256": None,
           "notes": None}
    row.update(extra)
    return row


def _reference(**extra) -> pd.DataFrame:
    row = {"jurisdiction_zh": "河北省", "jurisdiction_level": "province", "document_title_zh": "某省节水规划",
           "indicator_id": "irrigation_water_use_coefficient", "target_year": 2025, "comparator": ">=",
           "value": 0.68, "unit": "1", "baseline_year": None, "qualifier": None, "scope_zh": "全省",
           "quote_zh": "农田灌溉水有效利用系数提高到0.68以上", "source_url": URL, "source_kind": "official page",
           "publisher": "某省人民政府", "date_published": "2021-05-19", "date_accessed": "2026-12-04",
           "issuer_zh": "某省水利厅", "doc_number": "某水〔2021〕1号", "date_issued": None, "note": None}
    row.update(extra)
    return pd.DataFrame([row])


def test_a_registry_written_before_the_source_columns_still_loads(tmp_path):
    old = {c: v for c, v in _page_row().items() if c in OLD_COLUMNS}
    registry = _registry_csv(tmp_path, [old], OLD_COLUMNS)
    assert list(registry.columns) == REGISTRY_COLUMNS
    assert registry[["source_kind", "publisher", "date_published", "date_accessed"]].isna().all().all()


@pytest.mark.parametrize(("column", "value", "message"), [
    ("source_kind", "blog", "source_kind must be"),
    ("date_published", "19/05/2021", "date_published must be an ISO date"),
    ("date_accessed", "2026-12", "date_accessed must be an ISO date"),
])
def test_bad_source_facts_are_refused_with_the_document_named(tmp_path, column, value, message):
    with pytest.raises(InputError, match=message) as info:
        _registry_csv(tmp_path, [_page_row(**{column: value})], REGISTRY_COLUMNS)
    assert "prov_plan" in str(info.value)


def test_a_reference_row_carries_its_quote_and_agrees_with_the_registry(tmp_path):
    registry = _registry_csv(tmp_path, [_page_row()], REGISTRY_COLUMNS)
    targets = curate.targets_from_references(_reference(), registry)
    row = targets.iloc[0]
    assert (row["document_id"], row["jurisdiction_id"], row["value"]) == ("prov_plan", "cn.hebei", 0.68)
    assert row["source_quote_zh"] == "农田灌溉水有效利用系数提高到0.68以上"
    assert pd.isna(row["quote_zh"]) and pd.isna(row["char_start"]), "a reference row has no span in a raw text"
    assert row["value_reported"] == "0.68"


def test_a_quote_that_does_not_state_the_value_is_refused(tmp_path):
    registry = _registry_csv(tmp_path, [_page_row()], REGISTRY_COLUMNS)
    with pytest.raises(InputError, match="does not contain the value 0.68"):
        curate.targets_from_references(_reference(quote_zh="农田灌溉水有效利用系数提高到0.7"), registry)


@pytest.mark.parametrize(("column", "value"), [
    ("doc_number", "某水〔2021〕2号"), ("publisher", "另一家网站"), ("date_accessed", "2026-01-01"),
    ("source_kind", "news report"),
])
def test_a_reference_row_that_contradicts_the_registry_is_refused(tmp_path, column, value):
    registry = _registry_csv(tmp_path, [_page_row()], REGISTRY_COLUMNS)
    with pytest.raises(InputError, match=f"line 2: {column}") as info:
        curate.targets_from_references(_reference(**{column: value}), registry)
    assert "prov_plan" in str(info.value) and value in str(info.value)


def test_blank_facts_in_a_reference_row_defer_to_the_registry(tmp_path):
    registry = _registry_csv(tmp_path, [_page_row()], REGISTRY_COLUMNS)
    blank = _reference(doc_number=None, publisher="", issuer_zh=None, quote_zh=None)
    targets = curate.targets_from_references(blank, registry)
    assert len(targets) == 1 and pd.isna(targets.iloc[0]["source_quote_zh"])


def test_every_jurisdiction_below_the_nation_has_a_division_code_nested_in_its_parent():
    table = metadata.jurisdictions()
    specs = metadata.jurisdiction_specs()
    provinces = table[table["level"] == "province"]
    assert len(provinces) == 31, "all 31 province-level jurisdictions are listed"
    assert provinces["division_code"].str.fullmatch(r"[1-6]\d0000").all(), "province codes end in 0000"
    below = table[table["level"] != "national"]
    assert below["division_code"].str.fullmatch(r"\d{6}").all()
    assert below["division_code"].is_unique
    assert pd.isna(table.set_index("jurisdiction_id").loc["cn", "division_code"]), "the nation has no code"
    for jid, code in zip(below["jurisdiction_id"], below["division_code"], strict=True):
        parent = specs[jid]["parent_id"]
        if parent != "cn":
            assert code[:2] == specs[parent]["division_code"][:2], f"{jid} ({code}) lies outside {parent}"
