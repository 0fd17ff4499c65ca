"""compare.analysis on small hand-made frames; expected numbers are worked out by hand in each test."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from compare import analysis, metadata

# --------------------------------------------------------------------------- hand-made tables

JURISDICTIONS = pd.DataFrame(
    [
        ("cn", "全国", "China", "national", None),
        ("cn.shanxi", "山西省", "Shanxi", "province", "cn"),
        ("cn.chongqing", "重庆市", "Chongqing", "province", "cn"),
        ("cn.shanxi.yuncheng", "运城市", "Yuncheng", "prefecture", "cn.shanxi"),
        ("cn.shanxi.changzhi", "长治市", "Changzhi", "prefecture", "cn.shanxi"),
        ("cn.chongqing.wanzhou", "万州区", "Wanzhou", "district", "cn.chongqing"),
    ],
    columns=["jurisdiction_id", "name_zh", "name_en", "level", "parent_id"],
).astype("string")

_T_COLS = ["document_id", "jurisdiction_id", "indicator_id", "target_year", "comparator", "value", "unit",
           "baseline_year", "scope_zh", "char_start", "method", "quote_zh"]
CAP, GDP, COEF, LEAK, REUSE = (
    "total_water_use_cap", "gdp_water_intensity_reduction", "irrigation_water_use_coefficient",
    "public_supply_leakage_rate", "industrial_water_reuse_rate",
)
_ROWS = [
    # Yuncheng (prefecture): caps over three years, a reduction with a stated baseline.
    ("yc", "cn.shanxi.yuncheng", CAP, 2020, "<=", 19.22, "亿立方米", None, "全市", 10, "rule", "用水总量控制在19.22亿立方米以内"),
    ("yc", "cn.shanxi.yuncheng", CAP, 2022, "<=", 19.54, "亿立方米", None, "全市", 500, "rule", "用水总量控制在19.54亿立方米以内"),
    ("yc", "cn.shanxi.yuncheng", CAP, 2035, "<=", 20.83, "亿立方米", None, "全市", 900, "rule", "用水总量控制在 20.83 亿立方米以内"),
    ("yc", "cn.shanxi.yuncheng", GDP, 2020, ">=", 18.0, "%", 2015, None, 40, "rule", "较2015年分别降低18%"),
    ("yc", "cn.shanxi.yuncheng", COEF, 2020, ">=", 0.6, "1", None, None, 80, "rule", "农田灌溉水有效利用系数提高到0.6"),
    ("yc", "cn.shanxi.yuncheng", LEAK, 2020, "<=", 10.0, "%", None, "全市", 120, "rule", "漏损率控制在10%以内"),
    ("yc", "cn.shanxi.yuncheng", LEAK, 2020, "<=", 10.0, "%", None, "全市", 3000, "rule", "全市公共供水管网漏损率控制在 10% 以内"),
    ("yc", "cn.shanxi.yuncheng", REUSE, 2020, ">=", 91.0, "%", None, "规模以上工业", 60, "rule", "规模以上工业用水重复利用率达到91%以上"),
    ("yc", "cn.shanxi.yuncheng", REUSE, 2020, ">=", 85.0, "%", None, "全市", 4000, "review", "全市工业用水重复利用率达到85%"),
    # Changzhi: reductions without a baseline (assumed: start of the plan period).
    ("cz", "cn.shanxi.changzhi", CAP, 2025, "<=", 6.17, "亿立方米", None, None, 10, "rule", "用水总量 6.17"),
    ("cz", "cn.shanxi.changzhi", CAP, 2030, "<=", 6.73, "亿立方米", None, None, 20, "rule", "用水总量 6.73"),
    ("cz", "cn.shanxi.changzhi", GDP, 2025, ">=", 10.0, "%", None, None, 30, "rule", "万元GDP用水量下降幅度 10"),
    ("cz", "cn.shanxi.changzhi", GDP, 2030, ">=", 8.0, "%", None, None, 40, "rule", "万元GDP用水量下降幅度 8"),
    ("cz", "cn.shanxi.changzhi", COEF, 2025, ">=", 0.58, "1", None, None, 50, "rule", "农田灌溉水有效利用系数 0.58"),
    # Wanzhou (district of Chongqing).
    ("wz", "cn.chongqing.wanzhou", GDP, 2020, ">=", 21.0, "%", 2015, None, 10, "rule", "较2015年均分别降低21%"),
    ("wz", "cn.chongqing.wanzhou", COEF, 2020, ">=", 0.508, "1", None, None, 20, "rule", "提高到0.508以上"),
    ("wz", "cn.chongqing.wanzhou", LEAK, 2020, "<=", 8.0, "%", None, "城市", 30, "rule", "漏损率控制在8%以内"),
    # Provinces and nation (reference rows: no quote).
    ("sx", "cn.shanxi", CAP, 2020, "<=", 93.0, "亿立方米", None, "全省", None, "reference", None),
    ("sx", "cn.shanxi", CAP, 2025, "<=", 96.0, "亿立方米", None, "全省", None, "reference", None),
    ("sx", "cn.shanxi", GDP, 2025, ">=", 12.0, "%", 2020, "全省", None, "reference", None),
    ("sx", "cn.shanxi", COEF, 2025, ">=", 0.58, "1", None, "全省", None, "reference", None),
    ("cq", "cn.chongqing", CAP, 2022, "<=", 98.82, "亿立方米", None, "全市", None, "reference", None),
    ("cq", "cn.chongqing", COEF, 2025, ">=", 0.515, "1", None, "全市", None, "reference", None),
    ("cq", "cn.chongqing", LEAK, 2025, "<=", 10.0, "%", None, "城市公共供水管网", None, "reference", None),
    ("nat", "cn", GDP, 2020, ">=", 23.0, "%", 2015, "全国", None, "reference", None),
    ("nat", "cn", GDP, 2025, ">=", 16.0, "%", 2020, "全国", None, "reference", None),
    ("nat", "cn", COEF, 2020, ">=", 0.55, "1", None, "全国", None, "reference", None),
    ("nat", "cn", COEF, 2022, ">=", 0.56, "1", None, "全国", None, "reference", None),
    ("nat", "cn", COEF, 2025, ">=", 0.58, "1", None, "全国", None, "reference", None),
    ("nat", "cn", LEAK, 2020, "<=", 10.0, "%", None, "全国公共供水管网", None, "reference", None),
    ("nat", "cn", LEAK, 2025, "<", 9.0, "%", None, "城市公共供水管网", None, "reference", None),
    ("nat", "cn", CAP, 2025, "<=", 6400.0, "亿立方米", None, "全国", None, "reference", None),
    # An undated target: counted by coverage, left out of the headline views.
    ("wz", "cn.chongqing.wanzhou", "water_saving_enterprise_count", None, ">=", 3.0, "个", None, None, 99, "rule", "建成3个节水型企业"),
]


def hand_targets() -> pd.DataFrame:
    """A targets table in the §3 shape, values written by hand."""
    df = pd.DataFrame(_ROWS, columns=_T_COLS)
    for col in ("target_year", "baseline_year"):
        df[col] = df[col].astype("Int16")
    df["char_start"] = df["char_start"].astype("Int64")
    df["char_end"] = (df["char_start"] + df["quote_zh"].fillna("").str.len()).astype("Int64")
    df["value"] = df["value"].astype("float64")
    df["target_id"] = [f"t{i:03d}" for i in range(len(df))]
    for col in ("attribute", "rule", "note", "qualifier"):
        df[col] = pd.Series([None] * len(df), dtype="string")
    df["value_reported"] = df["value"].astype(str)
    df["unit_reported"] = df["unit"]
    return df


def hand_outcomes() -> pd.DataFrame:
    """An outcomes table: one same-year hit, one miss, two conflicting sources, progress rows."""
    rows = [
        ("cn", COEF, 2020, 0.565, "1", None, "http://a.example/2020", "official text", None),
        ("cn", LEAK, 2020, 11.0, "%", None, "http://a.example/2020", "official text", None),
        ("cn", GDP, 2020, 24.0, "%", 2015, "http://b.example/x", "news report", None),
        ("cn", GDP, 2024, 17.7, "%", 2020, "http://c.example/y", "news report", None),
        ("cn", "total_water_use", 2020, 5812.9, "亿立方米", None, "http://a.example/2020", "official text", None),
        ("cn", "gdp_water_intensity", 2020, 57.2, "立方米/万元", None, "http://a.example/2020", "official text", None),
        ("cn.chongqing", "total_water_use", 2021, 68.8, "亿立方米", None, "http://d.example/1", "news report", "A"),
        ("cn.chongqing", "total_water_use", 2021, 72.1205, "亿立方米", None, "http://e.example/2", "news report", "B"),
        ("cn.shanxi", COEF, 2020, 0.55, "1", None, "http://f.example/3", "news report", None),
    ]
    df = pd.DataFrame(rows, columns=["jurisdiction_id", "indicator_id", "year", "value", "unit", "baseline_year",
                                     "source_url", "source_kind", "note"])
    df["year"] = df["year"].astype("Int16")
    df["baseline_year"] = df["baseline_year"].astype("Int16")
    return df


def hand_documents() -> pd.DataFrame:
    """A documents table for the hand-made targets."""
    rows = [
        ("yc", "cn.shanxi.yuncheng", "国家节水行动运城实施细则", "运城市人民政府", "运政发〔2020〕30号", "official text", None),
        ("cz", "cn.shanxi.changzhi", "“四水四定”主要指标表", None, None, "official text", None),
        ("wz", "cn.chongqing.wanzhou", "万州区节水行动实施方案", None, "万州水利发〔2020〕50号", "official text", None),
        ("sx", "cn.shanxi", "山西省“十四五”节水型社会建设规划", None, None, "news report", "http://sx.example/1"),
        ("cq", "cn.chongqing", "重庆市“十四五”节水型社会建设规划", None, None, "news report", "http://cq.example/1"),
        ("nat", "cn", "国家节水行动方案", None, None, "news report", "http://cn.example/1"),
    ]
    df = pd.DataFrame(rows, columns=["document_id", "jurisdiction_id", "title_zh", "issuer_zh", "doc_number", "kind",
                                     "source_url"])
    df["date_issued"] = None
    df["path"] = None
    df["sha256"] = None
    df["n_chars"] = 0
    return df


def hand_tables() -> dict[str, pd.DataFrame]:
    """The five published tables, by name, built by hand."""
    from compare import metadata

    return {"targets": hand_targets(), "outcomes": hand_outcomes(), "documents": hand_documents(),
            "jurisdictions": JURISDICTIONS.copy(), "indicators": metadata.indicators()}


def _one(df: pd.DataFrame, **where) -> pd.Series:
    sel = df
    for col, val in where.items():
        sel = sel[sel[col] == val]
    assert len(sel) == 1, f"expected one row for {where}, got {len(sel)}"
    return sel.iloc[0]


# --------------------------------------------------------------------------- baseline maths


def test_annualised_rate_is_the_compound_yearly_reduction():
    # 18 % over 2015→2020: (1 − x)^5 = 0.82 → x = 1 − 0.82^(1/5) = 3.8913 %
    assert analysis.annualised_rate(18, 5) == pytest.approx(3.89129, abs=1e-4)
    # 10 % over five years is less than 2 % a year compounded would give (1 − 0.98^5 = 9.61 %).
    assert analysis.annualised_rate(10, 5) == pytest.approx(2.08516, abs=1e-4)
    # compounding it back gives the stated reduction
    x = analysis.annualised_rate(21, 5) / 100
    assert 1 - (1 - x) ** 5 == pytest.approx(0.21)
    assert math.isnan(analysis.annualised_rate(10, 0))


@pytest.mark.parametrize(("target_year", "baseline"), [(2020, 2015), (2022, 2020), (2025, 2020), (2021, 2020),
                                                      (2030, 2025), (2016, 2015)])
def test_assumed_baseline_is_the_start_of_the_plan_period(target_year, baseline):
    assert analysis.assumed_baseline_year(target_year) == baseline


def test_annualised_reductions_flags_assumed_baselines():
    red = analysis.annualised_reductions(hand_targets())
    yc = _one(red, jurisdiction_id="cn.shanxi.yuncheng", target_year=2020)
    assert not yc["is_baseline_assumed"]
    assert yc["baseline_year_used"] == 2015
    assert yc["annual_reduction_pct"] == pytest.approx(3.89129, abs=1e-4)
    cz = _one(red, jurisdiction_id="cn.shanxi.changzhi", target_year=2030)
    # no baseline in the text: 2030 is in the 2026–2030 plan → measured from 2025; 1 − 0.92^(1/5) = 1.6538 %
    assert cz["is_baseline_assumed"]
    assert cz["baseline_year_used"] == 2025
    assert cz["annual_reduction_pct"] == pytest.approx(1.65380, abs=1e-4)
    assert set(red["indicator_id"]) == {GDP}


# --------------------------------------------------------------------------- headline and views


def test_headline_targets_keeps_one_row_per_target_widest_scope_first_occurrence():
    h = analysis.headline_targets(hand_targets())
    leak = _one(h, jurisdiction_id="cn.shanxi.yuncheng", indicator_id=LEAK)
    assert leak["char_start"] == 120  # the first of the two identical statements
    reuse = _one(h, jurisdiction_id="cn.shanxi.yuncheng", indicator_id=REUSE)
    assert reuse["value"] == 85.0 and reuse["scope_zh"] == "全市"  # whole city beats 规模以上工业
    assert h["target_year"].notna().all()  # the undated count is not a headline


def test_indicator_view_has_jurisdiction_level_and_doc_number():
    t = hand_tables()
    view = analysis.indicator_view(t["targets"], COEF, t["jurisdictions"], t["documents"])
    assert len(view) == 8  # yc 2020, cz 2025, wz 2020, sx 2025, cq 2025, cn 2020/2022/2025
    yc = _one(view, jurisdiction_id="cn.shanxi.yuncheng")
    assert yc["doc_number"] == "运政发〔2020〕30号" and yc["level"] == "prefecture"
    assert list(view["jurisdiction_id"])[:3] == ["cn", "cn", "cn"]  # metadata order: nation first


def test_jurisdiction_profile_lists_every_dated_target():
    p = analysis.jurisdiction_profile(hand_targets(), "cn.shanxi.changzhi")
    assert len(p) == 5
    assert set(p["indicator_id"]) == {CAP, GDP, COEF}


# --------------------------------------------------------------------------- caps


def test_cap_trajectories_index_and_growth():
    caps = analysis.cap_trajectories(hand_targets())
    y22 = _one(caps, jurisdiction_id="cn.shanxi.yuncheng", target_year=2022)
    assert y22["index_first_100"] == pytest.approx(19.54 / 19.22 * 100)  # 101.66
    assert y22["annual_growth_pct"] == pytest.approx(0.82903, abs=1e-4)  # √(19.54/19.22) − 1
    y35 = _one(caps, jurisdiction_id="cn.shanxi.yuncheng", target_year=2035)
    assert y35["annual_growth_pct"] == pytest.approx(0.49299, abs=1e-4)  # (20.83/19.54)^(1/13) − 1
    assert y35["annual_growth_since_first_pct"] == pytest.approx(0.53773, abs=1e-4)  # (20.83/19.22)^(1/15) − 1
    cz30 = _one(caps, jurisdiction_id="cn.shanxi.changzhi", target_year=2030)
    assert cz30["index_first_100"] == pytest.approx(109.076, abs=1e-3)
    first = _one(caps, jurisdiction_id="cn.shanxi.changzhi", target_year=2025)
    assert first["index_first_100"] == 100 and pd.isna(first["annual_growth_pct"])


# --------------------------------------------------------------------------- cascade


def test_cascade_direction_of_stricter():
    t = hand_tables()
    c = analysis.target_cascade(t["targets"], t["jurisdictions"])
    # higher is better: 0.6 vs the nation's 0.55 (same year) → stricter
    yc = _one(c, jurisdiction_id="cn.shanxi.yuncheng", indicator_id=COEF, reference_jurisdiction_id="cn")
    assert yc["verdict"] == "stricter" and yc["reference_target_year"] == 2020
    # Shanxi has only 2025: shown with both years, not classed
    ycp = _one(c, jurisdiction_id="cn.shanxi.yuncheng", indicator_id=COEF, reference_jurisdiction_id="cn.shanxi")
    assert (ycp["target_year"], ycp["reference_target_year"], ycp["verdict"]) == (2020, 2025, "context")
    # lower is better: leakage 8 % vs the nation's 10 % (2020) → stricter; Chongqing's 10 % is for 2025 → context
    wz = c[(c["jurisdiction_id"] == "cn.chongqing.wanzhou") & (c["indicator_id"] == LEAK)]
    assert dict(zip(wz["reference_jurisdiction_id"], wz["verdict"], strict=True)) == {
        "cn.chongqing": "context", "cn": "stricter"}
    # equal values → same
    yc_leak = _one(c, jurisdiction_id="cn.shanxi.yuncheng", indicator_id=LEAK, reference_jurisdiction_id="cn")
    assert yc_leak["verdict"] == "same"
    # a province against the nation: Chongqing's coefficient 0.515 vs 0.58 (2025) → looser
    cq = _one(c, jurisdiction_id="cn.chongqing", indicator_id=COEF)
    assert (cq["reference_jurisdiction_id"], cq["verdict"]) == ("cn", "looser")


def test_cascade_compares_reductions_on_the_annualised_rate():
    t = hand_tables()
    c = analysis.target_cascade(t["targets"], t["jurisdictions"])
    cz = c[(c["jurisdiction_id"] == "cn.shanxi.changzhi") & (c["indicator_id"] == GDP) & (c["target_year"] == 2025)]
    # 10 % from an assumed 2020 → 2.085 %/yr; Shanxi 12 % from 2020 → 2.524 %/yr; nation 16 % → 3.427 %/yr
    assert cz["comparison_value"].iloc[0] == pytest.approx(2.08516, abs=1e-4)
    got = dict(zip(cz["reference_jurisdiction_id"], zip(cz["reference_comparison_value"], cz["verdict"], strict=True),
                   strict=True))
    assert got["cn.shanxi"][0] == pytest.approx(2.52426, abs=1e-4) and got["cn.shanxi"][1] == "looser"
    assert got["cn"][0] == pytest.approx(3.42697, abs=1e-4) and got["cn"][1] == "looser"
    assert cz["is_baseline_assumed"].all()
    yc = c[(c["jurisdiction_id"] == "cn.shanxi.yuncheng") & (c["indicator_id"] == GDP)]
    # 18 % by 2020 vs 2015 (3.891 %/yr): Shanxi's target is for 2025 → context, not "stricter";
    # the nation's 23 % by 2020 (5.093 %/yr) → looser
    assert dict(zip(yc["reference_jurisdiction_id"], yc["verdict"], strict=True)) == {
        "cn.shanxi": "context", "cn": "looser"}


def test_cascade_leaves_out_non_comparable_indicators_and_unpaired_targets():
    t = hand_tables()
    c = analysis.target_cascade(t["targets"], t["jurisdictions"])
    assert CAP not in set(c["indicator_id"])  # a volume depends on the city's size
    assert set(c["jurisdiction_id"]) == {"cn.shanxi", "cn.chongqing", "cn.shanxi.yuncheng", "cn.shanxi.changzhi",
                                         "cn.chongqing.wanzhou"}
    # nobody above Yuncheng sets a reuse rate: no pair
    assert REUSE not in set(c["indicator_id"])
    classed = c[c["verdict"] != "context"]
    assert (classed["target_year"] == classed["reference_target_year"]).all()


def test_cascade_without_a_reference_within_the_gap_has_no_pair():
    t = hand_tables()
    c = analysis.target_cascade(t["targets"], t["jurisdictions"], max_year_gap=0)
    yc = c[(c["jurisdiction_id"] == "cn.shanxi.yuncheng") & (c["indicator_id"] == COEF)]
    assert list(zip(yc["reference_jurisdiction_id"], yc["verdict"], strict=True)) == [("cn", "stricter")]
    assert (c["verdict"] != "context").all()


@pytest.mark.parametrize(("value", "ref", "direction", "expected"), [
    (0.6, 0.55, "higher_is_better", "stricter"),
    (0.5, 0.55, "higher_is_better", "looser"),
    (8, 10, "lower_is_better", "stricter"),
    (12, 10, "lower_is_better", "looser"),
    (10, 10, "lower_is_better", "same"),
])
def test_classify(value, ref, direction, expected):
    assert analysis.classify(value, ref, direction) == expected


# --------------------------------------------------------------------------- outcomes


def test_targets_vs_outcomes_matches_same_year_then_later_target():
    tvo = analysis.targets_vs_outcomes(hand_targets(), hand_outcomes())
    coef = _one(tvo, jurisdiction_id="cn", indicator_id=COEF)
    assert coef["target_match"] == "same_year" and coef["target_value"] == 0.55 and coef["is_met"]
    leak = _one(tvo, jurisdiction_id="cn", indicator_id=LEAK)
    assert leak["is_met"] is False or not leak["is_met"]  # 11 % against a cap of 10 %
    gdp24 = _one(tvo, jurisdiction_id="cn", indicator_id=GDP, year=2024)
    assert gdp24["target_match"] == "later_target" and gdp24["target_year"] == 2025 and pd.isna(gdp24["is_met"])
    gdp20 = _one(tvo, jurisdiction_id="cn", indicator_id=GDP, year=2020)
    assert gdp20["is_met"]  # 24 % ≥ 23 %
    # the cap target is measured by total_water_use
    use = _one(tvo, jurisdiction_id="cn", indicator_id="total_water_use")
    assert use["target_indicator_id"] == CAP and use["target_year"] == 2025
    # an outcome no target is measured by is left out
    assert "gdp_water_intensity" not in set(tvo["indicator_id"])


def test_conflicting_sources_are_kept_side_by_side():
    tvo = analysis.targets_vs_outcomes(hand_targets(), hand_outcomes())
    cq = tvo[tvo["jurisdiction_id"] == "cn.chongqing"]
    assert len(cq) == 2
    assert cq["is_conflicting"].all() and (cq["n_sources"] == 2).all()
    assert sorted(cq["value"]) == [68.8, 72.1205]
    assert not tvo.loc[tvo["jurisdiction_id"] == "cn", "is_conflicting"].any()


def test_outcome_panels_has_targets_and_outcomes_for_each_pair():
    p = analysis.outcome_panels(hand_targets(), hand_outcomes())
    cq = p[(p["jurisdiction_id"] == "cn.chongqing") & (p["indicator_id"] == CAP)]
    assert sorted(cq["series"]) == ["outcome", "outcome", "target"]
    # Shanxi reports a coefficient and targets one: one target (2025) and one outcome (2020)
    sx = p[(p["jurisdiction_id"] == "cn.shanxi") & (p["indicator_id"] == COEF)]
    assert sorted(zip(sx["series"], sx["year"], strict=True)) == [("outcome", 2020), ("target", 2025)]
    assert not ((p["jurisdiction_id"] == "cn.shanxi.yuncheng").any())  # no outcomes for cities


# --------------------------------------------------------------------------- coverage


def test_coverage_includes_the_gaps():
    t = hand_tables()
    cov = analysis.coverage(t["targets"], t["jurisdictions"])
    n_indicators = t["targets"]["indicator_id"].nunique()
    assert len(cov) == 6 * n_indicators
    yc = _one(cov, jurisdiction_id="cn.shanxi.yuncheng", indicator_id=CAP)
    assert yc["years"] == "2020,2022,2035" and yc["n_targets"] == 3 and yc["n_years"] == 3
    leak = _one(cov, jurisdiction_id="cn.shanxi.yuncheng", indicator_id=LEAK)
    assert leak["n_targets"] == 2 and leak["n_years"] == 1  # stated twice for one year
    wz = _one(cov, jurisdiction_id="cn.chongqing.wanzhou", indicator_id=CAP)
    assert not wz["has_target"] and wz["years"] == ""
    undated = _one(cov, jurisdiction_id="cn.chongqing.wanzhou", indicator_id="water_saving_enterprise_count")
    assert undated["has_target"] and undated["n_undated"] == 1 and undated["n_years"] == 0


def test_scope_rank():
    assert analysis.scope_rank(None) == 0
    assert analysis.scope_rank("全市") == 0
    assert analysis.scope_rank("全省县域") == 1
    assert analysis.scope_rank("规模以上工业") == 2


def test_ancestor_at_level():
    assert analysis.ancestor_at_level("cn.chongqing.wanzhou", "province", JURISDICTIONS) == "cn.chongqing"
    assert analysis.ancestor_at_level("cn.chongqing.wanzhou", "national", JURISDICTIONS) == "cn"
    assert analysis.ancestor_at_level("cn", "province", JURISDICTIONS) is None


def test_meaning_comes_from_the_indicator_kind_not_the_id(monkeypatch):
    """is_reduction and the outcome lookup read indicators.yaml (`kind`, `outcome_indicator`): an id
    ending in _reduction that is not a reduction against a baseline is not annualised."""
    specs = metadata.indicator_specs()
    assert analysis.is_reduction("gdp_water_intensity_reduction")
    assert not analysis.is_reduction("groundwater_overdraft_reduction")  # a volume to cut (kind: quantity)
    assert not analysis.is_reduction("agricultural_water_intensity_annual_reduction")  # already a yearly rate
    assert not analysis.is_reduction("no_such_indicator_reduction")
    renamed = dict(specs) | {"water_cut": dict(specs["gdp_water_intensity_reduction"])}
    monkeypatch.setattr(metadata, "indicator_specs", lambda: renamed)
    assert analysis.is_reduction("water_cut")
    assert analysis.outcome_indicator_for("total_water_use_cap", {"total_water_use"}) == "total_water_use"
    assert analysis.outcome_indicator_for("groundwater_withdrawal_cap", {"groundwater_withdrawal"}) is None
    renamed["limit_on_use"] = dict(specs["total_water_use_cap"])
    assert analysis.outcome_indicator_for("limit_on_use", {"total_water_use"}) == "total_water_use"


def test_plan_periods_come_from_the_lexicon(monkeypatch):
    lexicon = dict(metadata.lexicon()) | {"plan_periods": {"P1": 2003, "P2": 2007, "P3": 2011}}
    monkeypatch.setattr(metadata, "lexicon", lambda: lexicon)
    assert [analysis.assumed_baseline_year(y) for y in (2007, 2008, 2011, 2012, 2019)] == [2003, 2007, 2007, 2011, 2015]


def test_every_indicator_has_a_kind_and_a_bad_kind_is_refused(monkeypatch):
    assert {s["kind"] for s in metadata.indicator_specs().values()} <= set(metadata.INDICATOR_KINDS)
    data = metadata._load("indicators")
    broken = {"indicators": [dict(data["indicators"][0], kind="vibe")]}
    real = metadata._load
    monkeypatch.setattr(metadata, "_load", lambda name: broken if name == "indicators" else real(name))
    metadata.indicator_specs.cache_clear()
    try:
        with pytest.raises(metadata.MetadataError, match="kind 'vibe'"):
            metadata.indicator_specs()
    finally:
        monkeypatch.undo()
        metadata.indicator_specs.cache_clear()


def test_a_reduction_not_in_percent_is_refused(monkeypatch):
    data = metadata._load("indicators")
    cut = next(s for s in data["indicators"] if s["indicator_id"] == "gdp_water_intensity_reduction")
    broken = {"indicators": [dict(cut, unit="percentage points")]}
    real = metadata._load
    monkeypatch.setattr(metadata, "_load", lambda name: broken if name == "indicators" else real(name))
    metadata.indicator_specs.cache_clear()
    try:
        with pytest.raises(metadata.MetadataError, match="percentage points is a rate"):
            metadata.indicator_specs()
    finally:
        monkeypatch.undo()
        metadata.indicator_specs.cache_clear()
