"""The counts and grids that the report, the notebooks and the exports share (one home each), and the
notebook helpers that print them — on hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest
from test_analysis import hand_tables

from compare import analysis
from compare import notebook as nb

YC, CZ, WX = "cn.shanxi.yuncheng", "cn.shanxi.changzhi", "cn.jiangsu.wuxi"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return hand_tables()


def _leads() -> pd.DataFrame:
    return pd.DataFrame({
        "task_id": ["leakage_control", "leakage_control", "water_pricing", "water_pricing", "publicity_education"],
        "jurisdiction_id": [WX, YC, YC, WX, YC],
        "main_agency_id": ["municipal_gardens", "urban_management", "development_reform", "development_reform",
                           "water_authority"],
        "n_lead_agencies": [1, 2, 1, 1, 1],
        "units_zh": ["市市政园林局", "市城市管理局、市水务局", "市发展改革委", "市发展改革委", "市水务局"],
        "task_nos": ["7", "12", "20", "3", "30"],
        "task_titles_zh": ["改造供水管网", "大幅降低供水管网漏损", "深化水价改革", "水价改革", "节水宣传"],
    })


def test_targets_per_document_counts_every_target(tables):
    t = tables["targets"]
    per_doc = analysis.targets_per_document(t)
    assert per_doc.sum() == len(t) and per_doc.name == "targets"
    assert per_doc.to_dict() == t["document_id"].value_counts().to_dict()


def test_coverage_grid_keeps_the_order_of_the_coverage_rows(tables):
    cov = analysis.coverage(tables["targets"], tables["jurisdictions"])
    grid = analysis.coverage_grid(cov, "n_years")
    assert list(grid.index) == list(dict.fromkeys(cov["jurisdiction_id"]))
    assert list(grid.columns) == list(dict.fromkeys(cov["indicator_id"]))
    row = cov.iloc[3]
    assert grid.loc[row["jurisdiction_id"], row["indicator_id"]] == row["n_years"]
    flipped = analysis.coverage_grid(cov, "years", rows="indicator_id")
    assert flipped.shape == grid.shape[::-1] and list(flipped.columns) == list(grid.index)


def test_lead_grid_marks_shared_leads_and_missing_tasks():
    grid = analysis.lead_grid(_leads())
    assert list(grid.index) == ["leakage_control", "water_pricing", "publicity_education"]
    assert list(grid.columns) == [c for c in analysis.jurisdiction_order() if c in (YC, WX)]
    assert grid.loc["leakage_control", YC] == "urban_management +1"
    assert pd.isna(grid.loc["publicity_education", WX])
    text = nb.grid_text(grid, "en")
    assert "Wuxi" in text and "Yuncheng" in text and "—" in text


def test_tasks_everywhere_and_the_share_an_agency_leads():
    leads = _leads()
    comparison = analysis.lead_comparison(leads)
    everywhere = analysis.tasks_everywhere(leads, comparison)
    assert set(everywhere["task_id"]) == {"leakage_control", "water_pricing"}
    share = analysis.agency_lead_share(leads, "water_authority").set_index("jurisdiction_id")
    assert share.loc[YC, "tasks"] == 3 and share.loc[YC, "led"] == 1
    assert share.loc[YC, "led_share_pct"] == pytest.approx(100 / 3) and share.loc[WX, "led"] == 0


def test_print_leads_of_task_names_each_city(capsys):
    nb.print_leads_of_task(_leads(), "leakage_control", "en")
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(": 2 cities, 2 different main leads")
    assert len(out) == 3 and "Wuxi" in out[1] and "task 7" in out[1]


def test_participants_grid_keeps_tasks_many_annexes_have_most_first():
    parts = pd.DataFrame({"task_id": ["a", "a", "b", "b", "c"], "jurisdiction_id": [YC, WX, YC, WX, YC],
                          "n_participants": [1, 3, 5, 5, 9]})
    grid = analysis.participants_grid(parts, min_jurisdictions=2, top=10)
    assert list(grid.index) == ["b", "a"]  # c is in one annex only
    assert list(grid["median"]) == [5, 2]


def test_annex_summary_counts_each_annex():
    resp = pd.DataFrame({"document_id": ["d1"] * 3 + ["d2"], "task_no": ["1", "1", "2", "1"],
                         "role": ["lead", "participant", "lead", "lead"],
                         "agency_id": ["water_authority", "finance", "water_authority", "finance"],
                         "task_id": ["leakage_control", "leakage_control", "water_pricing", "water_pricing"]})
    docs = pd.DataFrame({"document_id": ["d1", "d2"], "jurisdiction_id": [WX, YC]})
    summary = analysis.annex_summary(resp, docs).set_index("document_id")
    assert summary.loc["d1", ["tasks", "rows", "leads", "agencies", "harmonised_tasks"]].tolist() == [2, 3, 2, 2, 2]
    assert list(summary.index) == (["d2", "d1"] if analysis.jurisdiction_order()[YC] < analysis.jurisdiction_order()[WX]
                                   else ["d1", "d2"])


def test_counts_and_method_by_kind(tables):
    t, d = tables["targets"], tables["documents"]
    by_method = analysis.counts(t, "method")
    assert by_method["targets"].sum() == len(t) and list(by_method.columns) == ["method", "targets"]
    cross = analysis.targets_by_method_and_kind(t, d)
    assert cross.to_numpy().sum() == len(t)


def test_cap_path_ends_take_the_first_and_last_cap(tables):
    caps = analysis.cap_trajectories(tables["targets"])
    ends = analysis.cap_path_ends(caps).set_index("jurisdiction_id")
    yc = caps[caps["jurisdiction_id"] == YC]
    assert ends.loc[YC, "n_caps"] == len(yc)
    assert ends.loc[YC, "first_value"] == yc["value"].iloc[0] and ends.loc[YC, "last_value"] == yc["value"].iloc[-1]


def test_reduction_extremes_give_highest_and_lowest_city_per_indicator(tables):
    red = analysis.add_levels(analysis.annualised_reductions(tables["targets"]), tables["jurisdictions"])
    ext = analysis.reduction_extremes(red)
    for iid, g in ext.groupby("indicator_id"):
        city = red[(red["indicator_id"] == iid) & red["level"].isin(analysis.CITY_LEVELS)]
        assert g.loc[g["extreme"] == "highest", "annual_reduction_pct"].iloc[0] == city["annual_reduction_pct"].max()
        assert g.loc[g["extreme"] == "lowest", "annual_reduction_pct"].iloc[0] == city["annual_reduction_pct"].min()


def test_info_table_puts_the_document_first():
    info = {"documents": {"d1": {"accepted": 3, "rejected": 1}, "d2": {"accepted": 0, "rejected": 0}}}
    table = nb.info_table(info, "documents")
    assert list(table.columns) == ["document_id", "accepted", "rejected"] and list(table["document_id"]) == ["d1", "d2"]
