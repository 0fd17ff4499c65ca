"""The task-division annexes as a responsibility matrix: table shapes on small snippets, the agency and
task vocabularies, and the five real documents against counts made by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from compare import metadata
from compare.errors import InputError
from compare.responsibilities import COLUMNS, responsibilities


def _spans_ok(df: pd.DataFrame, raw_texts: dict[str, str]) -> bool:
    return all(
        raw_texts[d][a:b] == q for d, a, b, q in zip(df.document_id, df.char_start, df.char_end, df.quote_zh,
                                                     strict=True)
    )


def _units(df: pd.DataFrame, task_no: str, role: str, item_seq: int = 1) -> list[str]:
    sel = df[(df.task_no == task_no) & (df.role == role) & (df.item_seq == item_seq)]
    return sel["unit_zh"].tolist()


# --- Table shapes -----------------------------------------------------------------------------------

# One row per line, tab-separated, header repeated after a page break (Jincheng, Yuncheng).
TAB_ROWS = (
    "附件\n\n重点任务分工\n\n"
    "序号\t主要内容\t牵头单位\t参与单位\n"
    "1\t大幅降低供水管网漏损\t市住建局\t市发展改革委、市水务局、市水务局\n"
    "\n"
    "序号\t主要内容\t牵头单位\t参与单位\n"
    "2\t健全节水标准体系\t市发展改革委、市市场监管局\t市工信局\n"
    "3\t开展交流合作\t市发展改革委\t按照职责分工共同推进\n"
    "\n抄送：市委。\n"
)


def test_tab_rows_lists_leads_and_participants_per_task():
    raw = {"doc": TAB_ROWS}
    df = responsibilities(raw)
    assert list(df.columns) == COLUMNS
    assert df["task_no"].unique().tolist() == ["1", "2", "3"]
    assert _units(df, "1", "lead") == ["市住建局"]
    # the duplicated 市水务局 gives one row, at its first occurrence
    assert _units(df, "1", "participant") == ["市发展改革委", "市水务局"]
    assert _units(df, "2", "lead") == ["市发展改革委", "市市场监管局"]
    assert df.loc[df.task_no == "3", "agency_id"].tolist() == ["development_reform", "all_relevant_departments"]
    assert set(df["rule"]) == {"tab_rows.lead_participant"}
    # a single content column (主要内容) is both title and text
    assert (df["task_title_zh"] == df["task_text_zh"]).all()
    assert df.drop_duplicates("task_no")["task_id"].tolist() == ["leakage_control", "standards_quotas", "cooperation"]
    assert _spans_ok(df, raw)
    assert df["responsibility_id"].is_unique


# One cell per line (Wuxi): section numerals in 序号, the task number leading the title, blank lines
# inside a cell, units without the 市 prefix, and a note after the table that must not be read as units.
CELL_PER_LINE = (
    "分工方案\n\t序号\n\t任务类别\n\t重点任务\n\t主要内容\n\t牵头单位\n\t参与单位\n\n"
    "\t一\n\t加强城乡节水降损\n\t7改造供水管网\n\t大幅降低供水管网漏损，完善检漏制度。\n"
    "\t市水利局、\n\n市政园林局\n\t市发展改革委、自然资源规划局\n\n"
    "\t\n\t\n\t8全面深化节水型城市建设\n\t提高城镇节水工作系统性。\n\t市市政园林局\n"
    "\t市发展改革委、水利局、\n\n\n注：以上各项重点任务均需各市（县）区人民政府参照落实。\n"
)


def test_cell_per_line_takes_task_numbers_from_titles_and_stops_at_the_note():
    raw = {"doc": CELL_PER_LINE}
    df = responsibilities(raw)
    assert df["task_no"].unique().tolist() == ["7", "8"]
    assert df.drop_duplicates("task_no")["task_title_zh"].tolist() == ["改造供水管网", "全面深化节水型城市建设"]
    assert set(df["section_zh"]) == {"加强城乡节水降损"}  # inherited by task 8's blank cell
    assert _units(df, "7", "lead") == ["市水利局", "市政园林局"]
    assert df.loc[df.task_no == "7", "agency_id"].tolist() == [
        "water_authority", "municipal_gardens", "development_reform", "natural_resources"]
    assert _units(df, "8", "participant") == ["市发展改革委", "水利局"]
    assert df.loc[df.task_no == "8", "task_text_zh"].iloc[0] == "提高城镇节水工作系统性。"
    assert set(df["rule"]) == {"cell_per_line.lead_participant"}
    assert _spans_ok(df, raw)


# One cell per line with merged number/title cells for sub-rows (Wanzhou): a header cell wrapped over
# two lines (牵头\n单位), bracketed qualifiers, "，" between units and a place-name prefix.
SUB_ROWS = (
    "附件\n\t序号\n\t目标\n任务\n\t工作内容\n\t牵头\n单位\n\t责任单位\n\n"
    "\t8\n\t大力推进工业节水改造\n\t完善供用水计量体系。\n\t区经济信息委\n\t区发展改革委，区水利局\n\n"
    "\t\n\t\n\t到2022年，工业企业用水计划管理实现全覆盖。\n"
    "\t区水利局[直接取水企业]、区城管局[自来水供水企业]\n\t万州区税务局、万州经开区有关部门\n"
)


def test_blank_number_and_title_make_a_new_item_of_the_task_above():
    raw = {"doc": SUB_ROWS}
    df = responsibilities(raw)
    assert set(df["task_no"]) == {"8"}
    assert df.groupby("item_seq")["task_text_zh"].first().tolist() == [
        "完善供用水计量体系。", "到2022年，工业企业用水计划管理实现全覆盖。"]
    assert _units(df, "8", "participant", 1) == ["区发展改革委", "区水利局"]
    leads = df[(df.item_seq == 2) & (df.role == "lead")]
    assert leads["unit_zh"].tolist() == ["区水利局", "区城管局"]
    assert leads["unit_note_zh"].tolist() == ["直接取水企业", "自来水供水企业"]
    assert leads["agency_id"].tolist() == ["water_authority", "urban_management"]
    assert df.loc[(df.item_seq == 2) & (df.role == "participant"), "agency_id"].tolist() == [
        "tax", "development_zone_departments"]
    # an item of a split task is harmonised on its own first clause, else on the title
    assert df.groupby("item_seq")["task_id"].first().tolist() == ["metering_statistics", "industrial_water_saving"]
    assert df.groupby("item_seq")["task_match"].first().tolist() == ["text", "title"]
    assert _spans_ok(df, raw)


# A unit column plus a 职责 column (Changzhi), after an indicator table whose 责任单位 column is not a
# task division: grouped numbered sub-items, participant rows inheriting the item above, a task number
# repeated after a page break, and units run together.
UNIT_ROLE = (
    "主要指标表\n\t序号\n\t指标名称\n\t单位\n\t2025年\n\t责任单位\n\n"
    "\t1\n\t用水总量\n\t亿立方米\n\t6.17\n\t市水利局\n\n\n"
    "任务分工\n\t重点\n任务\n\t序号\n\t主要任务\n\t具体任务(市县政府结合实际落实相关事项)\n\t省直部门\n\t职责\n\n"
    "\t（一）严格落实以水定人定城\n\t4\n\t做好城乡生活深度节水\n"
    "\t8.持续推进老旧供水管网改造，降低漏损。\n9.推广普及节水型\n器具。\n\t市城管局\n市市场监管局\n\t牵头\n\n"
    "\t\n\t\n\t\n\t10.公共机构积极推广应用节水新技术。\n\t市机关事务管理局\n\t牵头\n\n"
    "\t\n\t\n\t\n\t\n\t市教育局\n\t参与\n\n"
    "\t\n\n\n（一）严格落实以水定人定城\n\t\n\n4\n\t\n做好城乡生活深度节水\n"
    "\t11.推广实施合同节水管理。\n\t\n市工信局市商务局\n\t\n\n\n参与\n"
)


def test_unit_role_columns_with_grouped_sub_items():
    raw = {"doc": UNIT_ROLE}
    df = responsibilities(raw)
    assert "市水利局" not in df["unit_zh"].tolist()  # the indicator table is not a task division
    assert set(df["task_no"]) == {"4"}
    assert set(df["section_zh"]) == {"（一）严格落实以水定人定城"}
    items = df.groupby("item_seq")["task_text_zh"].first()
    assert items[1] == "8.持续推进老旧供水管网改造，降低漏损。\n9.推广普及节水型器具。"
    assert _units(df, "4", "lead", 1) == ["市城管局", "市市场监管局"]
    assert _units(df, "4", "lead", 2) == ["市机关事务管理局"]
    assert _units(df, "4", "participant", 2) == ["市教育局"]  # blank text cell: same item
    assert _units(df, "4", "participant", 3) == ["市工信局", "市商务局"]
    assert df.loc[df.item_seq == 3, "rule"].unique().tolist() == ["cell_per_line.unit_role+run_together"]
    assert df.groupby("item_seq")["task_id"].first().tolist() == [
        "leakage_control", "public_institutions", "contract_water_saving"]
    assert _spans_ok(df, raw)


def test_unmapped_unit_names_the_unit_and_the_document():
    raw = {"some_city_plan": TAB_ROWS.replace("市工信局", "市宇宙开发局")}
    with pytest.raises(InputError, match=r"some_city_plan: 市宇宙开发局"):
        responsibilities(raw)


def test_unknown_role_word_is_an_input_error():
    raw = {"doc": UNIT_ROLE.replace("\t参与\n\n", "\t主办\n\n", 1)}
    with pytest.raises(InputError, match="主办"):
        responsibilities(raw)


def test_documents_without_a_task_division_give_no_rows():
    df = responsibilities({"prose": "一、总体要求\n\n到2025年，全市用水总量控制在6.17亿立方米以内。\n"})
    assert df.empty and list(df.columns) == COLUMNS


# --- Vocabulary -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("unit", "agency_id"), [
    ("市水务局", "water_authority"), ("区水利局", "water_authority"),
    ("市城市管理局", "urban_management"), ("区城管局", "urban_management"),
    ("市住建局", "housing_construction"), ("住房城乡建设局", "housing_construction"),
    ("区住房城乡建委", "housing_construction"), ("市政园林局", "municipal_gardens"),
    ("市市政园林局", "municipal_gardens"), ("市场监管局", "market_regulation"),
    ("市市场监管局", "market_regulation"), ("区经济信息委", "industry_it"),
    ("工业和信息化局", "industry_it"), ("市规自局", "natural_resources"),
    ("自然资源规划局", "natural_resources"), ("市直属机关事务管理局", "government_offices_admin"),
    ("区机关事务管理中心", "government_offices_admin"), ("人行运城市中心支行", "central_bank_branch"),
    ("人行万州中心支行", "central_bank_branch"), ("市审批服务管理局", "approval_services"),
    ("行政审批局", "approval_services"), ("万州区税务局", "tax"), ("运城银保监分局", "banking_insurance_regulator"),
    ("各部门按职责分工共同推进", "all_relevant_departments"),
])
def test_agency_id_for_strips_the_jurisdiction_prefix(unit, agency_id):
    assert metadata.agency_id_for(unit) == agency_id


def test_agency_id_for_does_not_guess():
    assert metadata.agency_id_for("市工信局市商务局") is None  # two units: split by the caller
    assert metadata.agency_id_for("市宇宙开发局") is None


def test_every_agency_spelling_resolves_to_its_own_agency():
    specs = metadata.agency_specs()
    for agency_id, spec in specs.items():
        for spelling in (spec["name_zh"], *spec["aliases_zh"]):
            assert metadata.agency_id_for(spelling) == agency_id, spelling
    table = metadata.agencies()
    assert table["agency_id"].is_unique
    assert set(table["kind"]) <= {"government_department", "party_body", "mass_organisation", "judicial",
                                  "financial_regulator", "enterprise", "lower_government", "collective"}


def test_task_vocabulary_prefers_the_earliest_keyword():
    assert metadata.task_id_for("持续推进老旧供水管网改造，进一步降低供水管网漏损") == "leakage_control"
    assert metadata.task_id_for("深化农业水价综合改革") == "water_pricing"
    assert metadata.task_id_for("与水价改革协同推进") == "water_pricing"
    assert metadata.task_id_for("开展交流合作") == "cooperation"
    assert metadata.task_id_for("无关的句子") is None
    assert metadata.tasks()["task_id"].is_unique


# --- The five documents -----------------------------------------------------------------------------

# Counts made by hand from data/raw, per task: (lead rows, participant rows); an item is one text of a
# task (Changzhi's groups of numbered sub-items; Wanzhou's sub-rows with blank 序号/目标任务).
# Duplicate units within one cell are counted once; a "按照职责分工共同推进" cell counts as one
# participant (agency all_relevant_departments).
# - changzhi: read lines 105–724 row by row (unit lines under 省直部门, 牵头/参与 in 职责). Items per
#   task: 2 → {3}, {4}; 4 → {8,9}, {10,11}, {12}; 5 → {13,14}, {15}, {16,17}; 10 → {30}, {31,32}, {33},
#   {34}; 11 → {35–37}, {38} (after the page break that repeats "11"), {39}; 12 → {40}, {41};
#   17 → {54–57}, {58}.
CHANGZHI = {"1": (1, 0), "2": (2, 0), "3": (2, 0), "4": (5, 1), "5": (3, 1), "6": (1, 1), "7": (1, 3),
            "8": (1, 7), "9": (1, 1), "10": (6, 7), "11": (6, 3), "12": (8, 0), "13": (1, 1), "14": (1, 3),
            "15": (1, 0), "16": (1, 4), "17": (2, 4), "18": (1, 0)}
# - wanzhou: lines 76–387, five cells a row; units separated by 、 or ，(the 区发展改革委，区教委 rows).
WANZHOU = {"1": (1, 10), "2": (4, 23), "3": (2, 42), "4": (1, 4), "5": (1, 3), "6": (1, 3), "7": (2, 7),
           "8": (3, 14), "9": (3, 17), "10": (2, 12), "11": (2, 11), "12": (1, 8), "13": (4, 17), "14": (1, 6),
           "15": (1, 8), "16": (2, 10), "17": (1, 10), "18": (1, 8), "19": (1, 5), "20": (5, 15),
           "21": (2, 14), "22": (1, 10), "23": (1, 6), "24": (1, 9), "25": (1, 8), "26": (1, 9), "27": (1, 4),
           "28": (1, 9), "29": (1, 8), "30": (1, 8), "31": (3, 15)}
# - wuxi: lines 11–285; the lead cell is 牵头单位, the participants 参与单位 (task 33 ends with a stray 、).
WUXI_LEADS = [2, 2, 2, 3, 1, 2, 1, 1, 2, 2, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 1, 2, 1, 2, 2, 1, 2, 1,
              2, 2]
WUXI_PARTICIPANTS = [6, 4, 4, 3, 3, 1, 2, 4, 2, 3, 1, 2, 2, 5, 1, 4, 2, 2, 4, 4, 2, 8, 7, 6, 5, 4, 3, 7, 7, 4, 1,
                     1, 6, 1, 5]
# - jincheng / yuncheng: one line per task, 、-separated; jincheng repeats units in tasks 3 (市住建局,
#   市农业农村局), 17 (市能源局), 18 (市住建局, 市能源局) and 19 (市能源局); yuncheng has two leads in
#   tasks 24, 26 and 28.
JINCHENG_PARTICIPANTS = [8, 10, 6, 4, 4, 2, 6, 6, 8, 8, 6, 3, 7, 7, 7, 8, 10, 9, 8, 8, 4, 6, 6, 7, 5, 5, 9, 6, 7,
                         7, 8, 6, 1]
YUNCHENG_PARTICIPANTS = [8, 11, 8, 4, 4, 2, 6, 8, 6, 7, 6, 4, 7, 5, 7, 6, 8, 9, 11, 6, 4, 6, 7, 6, 5, 4, 9, 6, 7,
                         7, 9, 6, 1]


def _per_task(leads: list[int], participants: list[int]) -> dict[str, tuple[int, int]]:
    return {str(i): lp for i, lp in enumerate(zip(leads, participants, strict=True), start=1)}


HAND_COUNTS = {
    "changzhi_sishui_siding_zhibiao": CHANGZHI,
    "jincheng_jieshui_xingdong_xize": _per_task([1] * 33, JINCHENG_PARTICIPANTS),
    "yuncheng_2020_jieshui_xingdong_xize": _per_task(
        [2 if i in (24, 26, 28) else 1 for i in range(1, 34)], YUNCHENG_PARTICIPANTS),
    "wuxi_jieshui_xingdong_fengong": _per_task(WUXI_LEADS, WUXI_PARTICIPANTS),
    "wanzhou_2020_jieshui_xingdong_fangan": WANZHOU,
}
# Totals of the above, written out: (tasks, items, lead rows, participant rows).
HAND_TOTALS = {
    "changzhi_sishui_siding_zhibiao": (18, 30, 44, 36),
    "jincheng_jieshui_xingdong_xize": (33, 33, 33, 212),
    "yuncheng_2020_jieshui_xingdong_xize": (33, 33, 36, 210),
    "wuxi_jieshui_xingdong_fengong": (35, 35, 57, 126),
    "wanzhou_2020_jieshui_xingdong_fangan": (31, 52, 53, 333),
}


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, str], pd.DataFrame]:
    from compare.registry import load_registry, read_registered

    raw = {d: t for d, t in read_registered(load_registry()).items() if d in HAND_COUNTS}
    assert set(raw) == set(HAND_COUNTS), "a city document is missing from data/raw/documents.csv"
    return raw, responsibilities(raw)


@pytest.mark.integration
@pytest.mark.parametrize("document_id", sorted(HAND_COUNTS))
def test_counts_per_task_match_the_hand_counts(corpus, document_id):
    _, df = corpus
    doc = df[df.document_id == document_id]
    got = {
        task_no: ((g.role == "lead").sum(), (g.role == "participant").sum())
        for task_no, g in doc.groupby("task_no", sort=False)
    }
    assert got == HAND_COUNTS[document_id]
    tasks, items, leads, participants = HAND_TOTALS[document_id]
    assert sum(lp[0] for lp in HAND_COUNTS[document_id].values()) == leads
    assert sum(lp[1] for lp in HAND_COUNTS[document_id].values()) == participants
    assert (doc["task_no"].nunique(), len(doc.drop_duplicates(["task_no", "item_seq"]))) == (tasks, items)
    assert doc["task_no"].tolist() == sorted(doc["task_no"].tolist(), key=int), "tasks out of document order"


@pytest.mark.integration
def test_every_row_is_mapped_and_quotes_its_raw_span(corpus):
    raw, df = corpus
    assert df["agency_id"].notna().all()
    assert set(df["agency_id"]) <= set(metadata.agency_specs())
    assert df["task_id"].notna().all() and set(df["task_match"]) <= {"title", "text"}
    assert set(df["task_id"]) <= set(metadata.task_specs())
    assert _spans_ok(df, raw)
    assert (df["quote_zh"] == df["unit_zh"]).all()
    assert df["responsibility_id"].is_unique
    assert not df.duplicated(["document_id", "task_no", "item_seq", "agency_id", "role"]).any()
    assert df["char_start"].dtype == "Int64" and df["item_seq"].dtype == "Int64"


@pytest.mark.integration
def test_who_leads_leakage_control_differs_between_cities(corpus):
    """The comparison the table exists for (issue 7): leakage control is led by a different bureau."""
    _, df = corpus
    leads = df[(df.task_id == "leakage_control") & (df.role == "lead")]
    by_city = leads.groupby("document_id")["agency_id"].agg(lambda s: sorted(set(s))).to_dict()
    assert by_city == {
        "changzhi_sishui_siding_zhibiao": ["market_regulation", "urban_management"],
        "jincheng_jieshui_xingdong_xize": ["housing_construction"],
        "yuncheng_2020_jieshui_xingdong_xize": ["urban_management"],
        "wuxi_jieshui_xingdong_fengong": ["municipal_gardens"],
        "wanzhou_2020_jieshui_xingdong_fangan": ["urban_management"],
    }
