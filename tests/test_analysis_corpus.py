"""The comparisons on the real curated tables, checked against numbers worked out by hand from the
documents (not copied from the code's output)."""

import pytest

from compare import analysis
from compare.build import assemble

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def tables():
    return assemble().tables


def _one(df, **where):
    for col, value in where.items():
        df = df[df[col] == value]
    assert len(df) == 1, where
    return df.iloc[0]


def test_annualised_reductions_of_the_city_plans(tables):
    r = analysis.annualised_reductions(tables["targets"])
    # 运城: 万元GDP用水量较2015年降低18% by 2020 → 1 − 0.82^(1/5) = 3.8913 %/yr
    yc = _one(r, jurisdiction_id="cn.shanxi.yuncheng", indicator_id="gdp_water_intensity_reduction", target_year=2020)
    assert yc["annual_reduction_pct"] == pytest.approx(3.8913, abs=1e-3)
    assert not yc["is_baseline_assumed"]
    # 万州: 较2015年均分别降低23% by 2022 → 1 − 0.77^(1/7) = 3.6649 %/yr
    wz = _one(r, jurisdiction_id="cn.chongqing.wanzhou", indicator_id="industrial_water_intensity_reduction",
              target_year=2022)
    assert wz["annual_reduction_pct"] == pytest.approx(3.6649, abs=1e-3)
    # 长治: table states 10% for 2025 without a baseline → assumed 2020 (start of the 14th FYP): 1 − 0.9^(1/5)
    cz = _one(r, jurisdiction_id="cn.shanxi.changzhi", indicator_id="gdp_water_intensity_reduction", target_year=2025)
    assert cz["is_baseline_assumed"] and cz["baseline_year_used"] == 2020
    assert cz["annual_reduction_pct"] == pytest.approx(2.0852, abs=1e-3)


def test_cap_trajectory_growth(tables):
    c = analysis.cap_trajectories(tables["targets"])
    # 长治: 6.17 (2025) → 6.73 (2030) 亿立方米 → (6.73/6.17)^(1/5) − 1 = 1.7528 %/yr
    cz = _one(c, jurisdiction_id="cn.shanxi.changzhi", target_year=2030)
    assert cz["annual_growth_pct"] == pytest.approx(1.7528, abs=1e-3)
    # 运城: 19.22 (2020) → 20.83 (2035) → index 108.38
    yc = _one(c, jurisdiction_id="cn.shanxi.yuncheng", target_year=2035)
    assert yc["index_first_100"] == pytest.approx(108.377, abs=1e-2)


def test_cascade_classes_follow_the_indicator_direction(tables):
    k = analysis.target_cascade(tables["targets"], tables["jurisdictions"])
    # 晋城 coefficient 0.587 (2020) against the nation's 0.55 (2020): higher is better → stricter
    jc = _one(k, jurisdiction_id="cn.shanxi.jincheng", indicator_id="irrigation_water_use_coefficient",
              target_year=2020, reference_jurisdiction_id="cn")
    assert (jc["reference_value"], jc["verdict"]) == (0.55, "stricter")
    # 运城 leakage ≤ 10% (2020) against the nation's ≤ 10% (2020) → same
    yc = _one(k, jurisdiction_id="cn.shanxi.yuncheng", indicator_id="public_supply_leakage_rate", target_year=2020,
              reference_jurisdiction_id="cn")
    assert (yc["reference_value"], yc["verdict"]) == (10.0, "same")
    # every verdict is for the same year; the rest are context
    classed = k[k["verdict"] != "context"]
    assert (classed["target_year"] == classed["reference_target_year"]).all()
