"""analysis.coverage_by_source on hand-made frames: who states which indicator, at which level, from
which kind of source (the overview's coverage-by-source table)."""

from __future__ import annotations

import pandas as pd
import pytest

from compare import analysis

CAP, COEF = "total_water_use_cap", "irrigation_water_use_coefficient"

JURISDICTIONS = pd.DataFrame(
    [("cn", "national"), ("cn.hebei", "province"), ("cn.shanxi", "province"), ("cn.hunan", "province"),
     ("cn.shanxi.yuncheng", "prefecture"), ("cn.shanxi.changzhi", "prefecture")],
    columns=["jurisdiction_id", "level"],
).astype("string")

DOCUMENTS = pd.DataFrame(
    [  # document_id, kind, source_kind of the page that reports it
        ("yc_text", "official text", None),
        ("cz_page", "news report", "official page"),
        ("hb_plan_reprint", "news report", "news report"),
        ("hb_plan_daily", "news report", "official media"),
        ("sx_plan", "news report", None),  # an older row: no source kind recorded, falls back to its kind
        ("nat_page", "news report", "official page"),
    ],
    columns=["document_id", "kind", "source_kind"],
)


def _targets(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["document_id", "jurisdiction_id", "indicator_id", "target_year"])
    return df.astype({"target_year": "Int16"})


TARGETS = _targets([
    ("yc_text", "cn.shanxi.yuncheng", CAP, 2020),
    ("yc_text", "cn.shanxi.yuncheng", CAP, 2025),
    ("cz_page", "cn.shanxi.changzhi", CAP, 2022),
    ("hb_plan_reprint", "cn.hebei", CAP, 2025),
    ("hb_plan_daily", "cn.hebei", CAP, 2025),  # the same province from a second kind of source
    ("sx_plan", "cn.shanxi", CAP, 2025),
    ("sx_plan", "cn.shanxi", COEF, 2025),
    ("nat_page", "cn", COEF, 2025),
])


def _row(df: pd.DataFrame, **where) -> pd.Series:
    sel = df
    for col, val in where.items():
        sel = sel[sel[col] == val]
    assert len(sel) == 1, f"expected one row for {where}, got {len(sel)}"
    return sel.iloc[0]


def test_each_row_counts_the_jurisdictions_of_one_level_from_one_kind_of_source():
    cov = analysis.coverage_by_source(TARGETS, DOCUMENTS, JURISDICTIONS)
    assert not cov.duplicated(["indicator_id", "level", "source_kind"]).any()
    text = _row(cov, indicator_id=CAP, level="prefecture", source_kind="official text")
    assert (text["n_jurisdictions"], text["n_targets"], text["jurisdiction_ids"]) == (1, 2, "cn.shanxi.yuncheng")
    page = _row(cov, indicator_id=CAP, level="prefecture", source_kind="official page")
    assert page["jurisdiction_ids"] == "cn.shanxi.changzhi"
    assert page["n_jurisdictions_any"] == 2 and page["n_listed"] == 2
    # Hebei is counted under both kinds of source but once among the provinces with a cap (Hebei, Shanxi).
    news = _row(cov, indicator_id=CAP, level="province", source_kind="news report")
    media = _row(cov, indicator_id=CAP, level="province", source_kind="official media")
    assert news["jurisdiction_ids"] == "cn.hebei,cn.shanxi" and media["jurisdiction_ids"] == "cn.hebei"
    assert news["n_jurisdictions_any"] == 2 and news["n_listed"] == 3
    # No row for a combination without targets (no official text for a province, no cap for the nation).
    assert cov[(cov["level"] == "province") & (cov["source_kind"] == "official text")].empty
    assert cov[(cov["indicator_id"] == CAP) & (cov["level"] == "national")].empty


def test_rows_follow_the_vocabulary_then_the_level_then_the_source_order():
    cov = analysis.coverage_by_source(TARGETS, DOCUMENTS, JURISDICTIONS)
    caps = cov[cov["indicator_id"] == CAP]
    assert list(zip(caps["level"], caps["source_kind"], strict=True)) == [
        ("province", "official media"), ("province", "news report"),
        ("prefecture", "official text"), ("prefecture", "official page"),
    ]
    assert list(dict.fromkeys(cov["indicator_id"])) == [CAP, COEF], "metadata/indicators.yaml order"


def test_a_target_year_keeps_only_that_years_targets():
    cov = analysis.coverage_by_source(TARGETS, DOCUMENTS, JURISDICTIONS, target_year=2025)
    pref = cov[(cov["indicator_id"] == CAP) & (cov["level"] == "prefecture")]
    assert list(pref["source_kind"]) == ["official text"], "Changzhi's 2022 cap is left out"
    assert _row(pref, source_kind="official text")["n_targets"] == 1
    assert _row(cov, indicator_id=COEF, level="national", source_kind="official page")["n_jurisdictions"] == 1


def test_a_target_citing_an_unregistered_document_is_refused():
    bad = pd.concat([TARGETS, _targets([("ghost", "cn.hunan", CAP, 2025)])], ignore_index=True)
    with pytest.raises(ValueError, match="ghost"):
        analysis.coverage_by_source(bad, DOCUMENTS, JURISDICTIONS)


def test_an_unknown_source_kind_is_refused():
    docs = DOCUMENTS.copy()
    docs.loc[docs["document_id"] == "cz_page", "source_kind"] = "blog"
    with pytest.raises(ValueError, match="blog"):
        analysis.coverage_by_source(TARGETS, docs, JURISDICTIONS)
