"""compare.analysis on hand-made responsibility rows: who leads each harmonised task in each city, the
agency × task matrix, participants per task.  Expected values are worked out by hand in each test."""

from __future__ import annotations

import pandas as pd
import pytest

from compare import analysis

YC, WX, WZ = "cn.shanxi.yuncheng", "cn.jiangsu.wuxi", "cn.chongqing.wanzhou"
LEAK, PRICE, PUBLICITY = "leakage_control", "water_pricing", "publicity_education"

DOCUMENTS = pd.DataFrame({"document_id": ["d_yc", "d_wx", "d_wz"], "jurisdiction_id": [YC, WX, WZ]}).astype("string")
AGENCIES = pd.DataFrame({
    "agency_id": ["water_authority", "urban_management", "municipal_gardens", "finance", "all_relevant_departments"],
    "kind": ["government_department"] * 4 + ["collective"],
}).astype("string")

_COLS = ["document_id", "task_no", "item_seq", "task_id", "task_title_zh", "unit_zh", "agency_id", "role", "char_start"]
_ROWS = [
    # Yuncheng: urban management leads leakage control; water pricing has two items, the water authority
    # leads both, finance the second; publicity is led only by "all relevant departments" (collective);
    # task 4 matched no harmonised task.
    ("d_yc", "1", 1, LEAK, "降低管网漏损", "市城管局", "urban_management", "lead", 100),
    ("d_yc", "1", 1, LEAK, "降低管网漏损", "市水务局", "water_authority", "participant", 105),
    ("d_yc", "1", 1, LEAK, "降低管网漏损", "各有关部门", "all_relevant_departments", "participant", 110),
    ("d_yc", "2", 1, PRICE, "深化水价改革", "市水务局", "water_authority", "lead", 200),
    ("d_yc", "2", 2, PRICE, "深化水价改革", "市财政局", "finance", "lead", 300),
    ("d_yc", "2", 2, PRICE, "深化水价改革", "市水务局", "water_authority", "lead", 305),
    ("d_yc", "3", 1, PUBLICITY, "加强宣传", "各有关部门", "all_relevant_departments", "lead", 400),
    ("d_yc", "4", 1, None, "其他", "市水务局", "water_authority", "lead", 500),
    # Wuxi: municipal gardens lead leakage control; pricing led jointly, finance written first; the water
    # authority also takes part in a second pricing item it does not lead.
    ("d_wx", "7", 1, LEAK, "改造供水管网", "市市政园林局", "municipal_gardens", "lead", 50),
    ("d_wx", "7", 1, LEAK, "改造供水管网", "市城管局", "urban_management", "participant", 60),
    ("d_wx", "9", 1, PRICE, "深化水价改革", "市财政局", "finance", "lead", 80),
    ("d_wx", "9", 1, PRICE, "深化水价改革", "市水务局", "water_authority", "lead", 85),
    ("d_wx", "9", 2, PRICE, "深化水价改革", "市水务局", "water_authority", "participant", 90),
    # Wanzhou: urban management leads leakage control, as in Yuncheng.
    ("d_wz", "12", 1, LEAK, "大幅降低供水管网漏损", "区城管局", "urban_management", "lead", 70),
]


@pytest.fixture
def resp() -> pd.DataFrame:
    df = pd.DataFrame(_ROWS, columns=_COLS)
    df["task_match"] = df["task_id"].map(lambda t: "none" if t is None else "title")
    df["task_text_zh"] = df["task_title_zh"] + "：" + df["item_seq"].astype(str)
    return df.astype({c: "string" for c in _COLS if c not in ("item_seq", "char_start")}
                     | {"item_seq": "Int64", "char_start": "Int64"})


def _row(df: pd.DataFrame, **keys) -> dict:
    mask = pd.Series(True, index=df.index)
    for col, value in keys.items():
        mask &= df[col] == value
    assert mask.sum() == 1, keys
    return df[mask].iloc[0].to_dict()


def test_task_leads_one_row_per_task_and_city_in_vocabulary_order(resp):
    leads = analysis.task_leads(resp, DOCUMENTS, AGENCIES)
    # tasks.yaml order (leakage before pricing), then jurisdictions.yaml order (Yuncheng, Wuxi, Wanzhou);
    # publicity has no row (only a collective leads it), task 4 none (no harmonised task).
    assert list(zip(leads["task_id"], leads["jurisdiction_id"], strict=True)) == [
        (LEAK, YC), (LEAK, WX), (LEAK, WZ), (PRICE, YC), (PRICE, WX)]
    assert list(leads["main_agency_id"]) == [
        "urban_management", "municipal_gardens", "urban_management", "water_authority", "finance"]


def test_task_leads_main_lead_leads_most_items_then_is_written_first(resp):
    leads = analysis.task_leads(resp, DOCUMENTS, AGENCIES)
    yc = _row(leads, task_id=PRICE, jurisdiction_id=YC)
    # water authority leads items 1 and 2, finance only item 2
    assert yc["lead_agency_ids"] == "water_authority, finance" and yc["n_lead_agencies"] == 2
    assert yc["n_items"] == 2 and yc["units_zh"] == "市水务局、市财政局" and yc["task_nos"] == "2"
    assert yc["task_texts_zh"] == "深化水价改革：1；深化水价改革：2"
    wx = _row(leads, task_id=PRICE, jurisdiction_id=WX)
    # one item each: finance (offset 80) is written before the water authority (85); item 2 has no lead
    assert wx["lead_agency_ids"] == "finance, water_authority" and wx["n_items"] == 2
    leak = _row(leads, task_id=LEAK, jurisdiction_id=WX)
    assert leak["units_zh"] == "市市政园林局" and leak["task_titles_zh"] == "改造供水管网" and leak["n_items"] == 1


def test_collective_leads_only_on_request(resp):
    leads = analysis.task_leads(resp, DOCUMENTS, AGENCIES, include_collective=True)
    pub = _row(leads, task_id=PUBLICITY, jurisdiction_id=YC)
    assert pub["main_agency_id"] == "all_relevant_departments" and pub["units_zh"] == "各有关部门"
    assert len(leads) == 6


def test_lead_comparison_counts_cities_and_different_leads(resp):
    cmp = analysis.lead_comparison(analysis.task_leads(resp, DOCUMENTS, AGENCIES))
    assert list(cmp["task_id"]) == [LEAK, PRICE]  # three cities before two
    leak = cmp.iloc[0]
    assert (leak["n_jurisdictions"], leak["n_main_leads"], leak["commonest_agency_id"], leak["n_commonest"]) == (
        3, 2, "urban_management", 2)
    assert leak["main_leads"] == f"{YC}: urban_management; {WX}: municipal_gardens; {WZ}: urban_management"
    price = cmp.iloc[1]
    # one city each: the tie goes to agencies.yaml order (water authority before finance)
    assert (price["n_main_leads"], price["commonest_agency_id"], price["n_commonest"]) == (2, "water_authority", 1)


def test_agency_task_matrix_counts_lead_and_participant_rows(resp):
    m = analysis.agency_task_matrix(resp, DOCUMENTS, AGENCIES, YC)
    assert set(m["jurisdiction_id"]) == {YC}
    got = {(r.agency_id, r.task_id): (r.role, r.n_lead, r.n_participant, r.n_rows) for r in m.itertuples()}
    assert got == {
        ("water_authority", LEAK): ("participant", 0, 1, 1),
        ("urban_management", LEAK): ("lead", 1, 0, 1),
        ("water_authority", PRICE): ("lead", 2, 0, 2),
        ("finance", PRICE): ("lead", 1, 0, 1),
    }
    # tasks.yaml order, then agencies.yaml order inside a task
    assert list(zip(m["task_id"], m["agency_id"], strict=True))[:2] == [(LEAK, "water_authority"),
                                                                         (LEAK, "urban_management")]
    wx = analysis.agency_task_matrix(resp, DOCUMENTS, AGENCIES, WX)
    assert _row(wx, agency_id="water_authority", task_id=PRICE)["role"] == "lead"  # leads one item, joins one
    assert _row(wx, agency_id="water_authority", task_id=PRICE)["n_participant"] == 1


def test_agency_task_matrix_with_collective_and_every_city(resp):
    m = analysis.agency_task_matrix(resp, DOCUMENTS, AGENCIES, include_collective=True)
    assert len(m) == 4 + 2 + 4 + 1  # Yuncheng 4 + the collective's 2, Wuxi 4 (2 per task), Wanzhou 1
    assert _row(m, agency_id="all_relevant_departments", task_id=PUBLICITY)["role"] == "lead"


def test_task_participants_counts_distinct_agencies_that_do_not_lead(resp):
    p = analysis.task_participants(resp, DOCUMENTS, AGENCIES)
    leak = _row(p, task_id=LEAK, jurisdiction_id=YC)
    assert (leak["n_leads"], leak["n_participants"], leak["n_agencies"]) == (1, 1, 2)
    assert leak["participant_agency_ids"] == "water_authority"
    price = _row(p, task_id=PRICE, jurisdiction_id=WX)
    # the water authority leads item 1 and joins item 2: it counts as a lead only
    assert (price["n_leads"], price["n_participants"], price["participant_agency_ids"]) == (2, 0, "")
    with_collective = analysis.task_participants(resp, DOCUMENTS, AGENCIES, include_collective=True)
    assert _row(with_collective, task_id=LEAK, jurisdiction_id=YC)["n_participants"] == 2


def test_empty_input_gives_empty_frames_with_the_columns(resp):
    none = resp.iloc[0:0]
    assert analysis.task_leads(none, DOCUMENTS, AGENCIES).empty
    assert "main_agency_id" in analysis.task_leads(none, DOCUMENTS, AGENCIES)
    assert analysis.lead_comparison(analysis.task_leads(none, DOCUMENTS, AGENCIES)).empty
    assert analysis.task_participants(none, DOCUMENTS, AGENCIES).empty
