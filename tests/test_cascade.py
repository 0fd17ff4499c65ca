"""The target cascade on a hand-made county → prefecture → province → nation chain: verdicts only for
the same target year, every ancestor paired, headline counts that say what could not be compared.
Every expected row below is worked out by hand from the fixture."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from compare import analysis, catalogue, figures, report

N, P, C, K = "cn", "cn.p", "cn.p.c", "cn.p.c.k"
JURISDICTIONS = pd.DataFrame(
    [(N, "national", None), (P, "province", N), (C, "prefecture", P), (K, "county", C)],
    columns=["jurisdiction_id", "level", "parent_id"],
).astype("string")
RECL, LEAK, GDP, CAP = ("reclaimed_water_use_rate", "public_supply_leakage_rate", "gdp_water_intensity_reduction",
                        "total_water_use_cap")
_COLS = ["document_id", "jurisdiction_id", "indicator_id", "target_year", "comparator", "value", "unit",
         "baseline_year", "scope_zh", "char_start", "method", "quote_zh"]
_ROWS = [
    # county
    ("k", K, RECL, 2025, ">=", 30.0, "%", None, None, 10, "rule", "再生水利用率达到30%"),
    ("k", K, LEAK, 2025, "<=", 9.0, "%", None, None, 20, "rule", "漏损率控制在9%以内"),
    ("k", K, GDP, 2025, ">=", 16.0, "%", 2020, None, 30, "rule", "较2020年下降16%"),
    ("k", K, CAP, 2025, "<=", 1.2, "亿立方米", None, None, 40, "rule", "用水总量1.2亿立方米"),
    # prefecture: a 2022 rate (no 2022 target above it) and a 2025 one; a reduction without a baseline
    ("c", C, RECL, 2022, ">=", 20.0, "%", None, None, 10, "rule", "2022年再生水利用率达到20%"),
    ("c", C, RECL, 2025, ">=", 30.0, "%", None, None, 20, "rule", "2025年再生水利用率达到30%"),
    ("c", C, GDP, 2025, ">=", 10.0, "%", None, None, 30, "rule", "下降10%"),
    # province: reclaimed water and leakage for 2025, its reduction for 2020
    ("p", P, RECL, 2025, ">=", 25.0, "%", None, None, None, "reference", None),
    ("p", P, LEAK, 2025, "<=", 9.0, "%", None, None, None, "reference", None),
    ("p", P, GDP, 2020, ">=", 20.0, "%", 2015, None, None, "reference", None),
    # nation: reclaimed water for 2020 only; leakage and reduction for 2025
    ("n", N, RECL, 2020, ">=", 20.0, "%", None, None, None, "reference", None),
    ("n", N, LEAK, 2025, "<=", 8.0, "%", None, None, None, "reference", None),
    ("n", N, GDP, 2025, ">=", 16.0, "%", 2020, None, None, "reference", None),
]

# Annualised reductions: 100 · (1 − (1 − r)^(1/years)).
K_GDP = 100 * (1 - 0.84 ** (1 / 5))  # 16 % over 2020–2025 → 3.4270 %/yr
C_GDP = 100 * (1 - 0.90 ** (1 / 5))  # 10 %, baseline assumed 2020 → 2.0852 %/yr
P_GDP = 100 * (1 - 0.80 ** (1 / 5))  # 20 % over 2015–2020 → 4.3648 %/yr

#: (jurisdiction, indicator, target year, ancestor, its target year, distance, verdict), worked out by hand.
EXPECTED = {
    (K, RECL, 2025, C, 2025, 1, "same"),  # 30 vs 30
    (K, RECL, 2025, P, 2025, 2, "stricter"),  # 30 vs 25, higher is better
    (K, RECL, 2025, N, 2020, 3, "context"),  # the nation has 2020 only
    (K, LEAK, 2025, P, 2025, 2, "same"),  # 9 vs 9 (the prefecture sets no leakage rate: no row)
    (K, LEAK, 2025, N, 2025, 3, "looser"),  # 9 vs 8, lower is better
    (K, GDP, 2025, C, 2025, 1, "stricter"),  # 3.427 vs 2.085 %/yr
    (K, GDP, 2025, P, 2020, 2, "context"),  # 3.427 vs 4.365 %/yr, but 2025 vs 2020: not classed
    (K, GDP, 2025, N, 2025, 3, "same"),  # 16 % from 2020 both
    (C, RECL, 2022, P, 2025, 1, "context"),  # the example: 20 % (2022) vs 25 % (2025)
    (C, RECL, 2022, N, 2020, 2, "context"),
    (C, RECL, 2025, P, 2025, 1, "stricter"),  # 30 vs 25
    (C, RECL, 2025, N, 2020, 2, "context"),
    (C, GDP, 2025, P, 2020, 1, "context"),
    (C, GDP, 2025, N, 2025, 2, "looser"),  # 2.085 vs 3.427 %/yr
    (P, RECL, 2025, N, 2020, 1, "context"),
    (P, LEAK, 2025, N, 2025, 1, "looser"),  # 9 vs 8
    (P, GDP, 2020, N, 2025, 1, "context"),  # the nation's only reduction is for 2025 (5 years away)
}


def targets() -> pd.DataFrame:
    df = pd.DataFrame(_ROWS, columns=_COLS)
    for col in ("target_year", "baseline_year"):
        df[col] = df[col].astype("Int16")
    df["char_start"] = df["char_start"].astype("Int64")
    return df


@pytest.fixture(scope="module")
def cas() -> pd.DataFrame:
    return analysis.target_cascade(targets(), JURISDICTIONS)


def _one(df: pd.DataFrame, jid: str, iid: str, year: int, ref: str) -> pd.Series:
    got = df[(df["jurisdiction_id"] == jid) & (df["indicator_id"] == iid) & (df["target_year"] == year)
             & (df["reference_jurisdiction_id"] == ref)]
    assert len(got) == 1, (jid, iid, year, ref)
    return got.iloc[0]


def test_every_pair_and_verdict_as_worked_out_by_hand(cas):
    got = {(r.jurisdiction_id, r.indicator_id, int(r.target_year), r.reference_jurisdiction_id,
            int(r.reference_target_year), int(r.reference_distance), r.verdict) for r in cas.itertuples()}
    assert got == EXPECTED
    assert len(cas) == len(EXPECTED)


def test_contract_columns_and_same_year_verdicts(cas):
    assert {"target_year", "reference_target_year", "reference_jurisdiction_id", "verdict"} <= set(cas.columns)
    classed = cas[cas["verdict"].isin(analysis.VERDICTS)]
    assert len(classed) == 9
    assert (classed["target_year"] == classed["reference_target_year"]).all()
    assert (classed["year_gap"] == 0).all()
    context = cas[cas["verdict"] == analysis.CONTEXT]
    assert (context["target_year"] != context["reference_target_year"]).all()
    assert set(cas["verdict"]) == {*analysis.VERDICTS, analysis.CONTEXT}


def test_a_county_is_compared_with_its_prefecture_province_and_nation(cas):
    k = cas[(cas["jurisdiction_id"] == K) & (cas["indicator_id"] == RECL)]
    assert list(k["reference_jurisdiction_id"]) == [C, P, N]
    assert list(k["reference_level"]) == ["prefecture", "province", "national"]
    assert CAP not in set(cas["indicator_id"])  # a volume depends on the size of the place


def test_reductions_are_classed_on_the_annualised_rate_for_the_same_year_only(cas):
    kc = _one(cas, K, GDP, 2025, C)
    assert kc["comparison_value"] == pytest.approx(3.42697, abs=1e-4)
    assert kc["reference_comparison_value"] == pytest.approx(2.08516, abs=1e-4)
    assert kc["comparison_basis"] == "annual_reduction" and kc["reference_is_baseline_assumed"]
    kp = _one(cas, K, GDP, 2025, P)
    # Both rates shown side by side, but 2025 and 2020 are different plan periods: not classed.
    assert kp["reference_comparison_value"] == pytest.approx(P_GDP) and kp["comparison_value"] == pytest.approx(K_GDP)
    assert kp["verdict"] == "context" and kp["year_gap"] == 5
    assert _one(cas, C, GDP, 2025, N)["comparison_value"] == pytest.approx(C_GDP)


def test_a_context_pair_shows_both_years(cas):
    row = _one(cas, C, RECL, 2022, P)
    assert (row["target_year"], row["reference_target_year"], row["year_gap"]) == (2022, 2025, -3)
    assert (row["value"], row["reference_value"]) == (20.0, 25.0)


def test_ancestors_beyond_the_year_gap_give_no_row():
    c = analysis.target_cascade(targets(), JURISDICTIONS, max_year_gap=4)
    assert (K, RECL, 2025, N) not in set(zip(c["jurisdiction_id"], c["indicator_id"], c["target_year"],
                                             c["reference_jurisdiction_id"], strict=True))
    assert (c["year_gap"].abs() <= 4).all()
    five_years_apart = {e for e in EXPECTED if abs(e[2] - e[4]) == 5}
    assert len(five_years_apart) == 6  # 2025 against 2020 (or 2020 against 2025): all context pairs
    assert len(c) == len(EXPECTED) - 6


def test_ancestors_nearest_first():
    assert analysis.ancestors(K, JURISDICTIONS) == [C, P, N]
    assert analysis.ancestors(N, JURISDICTIONS) == []


def test_headline_counts_per_level_say_what_could_not_be_compared(cas):
    counts = analysis.cascade_counts(cas).set_index("reference_level")
    assert list(counts.index) == ["prefecture", "province", "national"]  # the nearest level first
    # (stricter, same, looser, not compared, pairs), counted from EXPECTED by hand
    assert tuple(counts.loc["prefecture"]) == (1, 1, 0, 0, 2)
    assert tuple(counts.loc["province"]) == (2, 1, 0, 3, 6)
    assert tuple(counts.loc["national"]) == (0, 1, 3, 5, 9)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_headline_sentence_counts_same_year_pairs_only(cas, lang):
    s = report.cascade_summary(cas, lang)
    assert (s["n_pairs"], s["n_not_compared"]) == (17, 8)
    if lang == "en":
        assert s["sentence"].startswith("Of 17 pairs of targets")
        assert "9 are for the same target year" in s["sentence"]
        assert "against the nation 0 stricter, 1 the same, 3 looser" in s["sentence"]
        assert "against the prefecture-level city 1 stricter, 1 the same, 0 looser" in s["sentence"]
        assert "8 more pairs are for different years" in s["sentence"]
    else:
        assert "17 对目标" in s["sentence"] and "另有 8 对目标年份不同" in s["sentence"]
        assert "与省级相比 2 项更严、1 项相同、0 项更宽" in s["sentence"]
    k = next(r for r in s["rows"] if r["id"] == K)
    assert k["n"] == 8 and k["n_not_compared"] == 2
    assert k["levels"]["prefecture"] == {"stricter": 1, "same": 1, "looser": 0}
    p = next(r for r in s["rows"] if r["id"] == P)
    assert p["levels"]["prefecture"] is None and p["levels"]["national"] == {"stricter": 0, "same": 0, "looser": 1}


def test_report_rows_show_both_years_and_the_verdict(cas):
    rows = report.cascade_rows(cas, "en")
    ctx = next(r for r in rows if (r["jurisdiction_id"], r["year"], r["ref"]["id"]) == (C, "2022", P))
    assert ctx["verdict"] == "context" and ctx["ref"]["year"] == "2025" and ctx["ref"]["other_year"]
    assert ctx["verdict_text"] == "other year, not compared"


def _verdict_column(fig) -> list[tuple[str, list[str]]]:
    """(row label, the verdict lines written right of the values, tags stripped), panel by panel."""
    return [(a.y, [re.sub(r"<[^>]+>", "", line) for line in a.text.split("<br>")])
            for a in fig.layout.annotations if "■" in (a.text or "")]


def test_chart_writes_verdicts_with_spaces_and_marks_other_years(cas):
    fig = figures.cascade(cas, figures.Context("en"))
    col = _verdict_column(fig)
    assert ("cn.p.c.k 2025", ["■ vs cn.p.c: same", "■ vs cn.p: stricter", "■ vs China: 2020, not compared"]) in col
    assert ("cn.p.c 2022", ["■ vs cn.p: 2025, not compared", "■ vs China: 2020, not compared"]) in col
    joined = " ".join(line for _, lines in col for line in lines)
    assert "vs provincestricter" not in joined and not re.search(r"vs \S+(stricter|looser|same)", joined)
    assert sum(len(lines) for _, lines in col) == len(cas)  # one line per pair
    faded = [t for t in fig.data if t.marker.opacity == 0.35]
    assert sum(len(t.x) for t in faded) == 8  # every context pair, drawn faded
    grey = [a for a in fig.layout.annotations if "#777" in (a.text or "")]
    assert sum(a.text.count("#777") for a in grey) == 8  # and written in grey
    zh = " ".join(line for _, lines in _verdict_column(figures.cascade(cas, figures.Context("zh"))) for line in lines)
    assert "较cn.p更严" in zh and "较全国：2020年目标，不比较" in zh


def test_the_data_beside_the_chart_carries_the_contract():
    tables = {"targets": targets(), "jurisdictions": JURISDICTIONS, "documents": pd.DataFrame(
        {"document_id": ["k", "c", "p", "n"]})}
    _, data = catalogue.build("cascade", tables, "en")
    for col in ("target_year", "reference_target_year", "reference_jurisdiction_id", "reference_jurisdiction_name",
                "verdict"):
        assert col in data
    classed = data[data["verdict"] != "context"]
    assert (classed["target_year"] == classed["reference_target_year"]).all()
    assert set(data.loc[data["verdict"] == "context", "verdict_name"]) == {"other year, not compared"}


@pytest.mark.slow  # builds a report site
def test_site_pages_never_count_a_different_year_pair(hand_site):
    """The conftest tables hold one pair: 运城's coefficient for 2025 against the nation's for 2020.
    hand_site (conftest) is the site report.build_site makes of them."""
    site = hand_site
    en = BeautifulSoup((site / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    lead = en.select_one("#headline p.lead").get_text(" ", strip=True)
    assert "Of 1 pairs of targets" in lead and "0 are for the same target year" in lead
    assert "1 more pairs are for different years" in lead
    head = [th.get_text(" ", strip=True) for th in en.select("#cascade-summary th")]
    assert head[2:] == ["vs the nation stricter", "vs the nation same", "vs the nation looser",
                        "Not compared (other year)"]
    cells = [td.get_text(strip=True) for td in en.select("#cascade-summary tbody td")]
    assert cells == ["Yuncheng", "1", "0", "0", "0", "1"]
    compare = BeautifulSoup((site / "zh" / "compare.html").read_text(encoding="utf-8"), "html.parser")
    row = [td.get_text(" ", strip=True) for td in compare.select("#cascade tbody tr")[0].select("td")]
    assert row[2] == "2025" and row[6] == "2020" and row[-1] == "年份不同，不比较"
    nation = BeautifulSoup((site / "en" / "jurisdiction" / "cn.html").read_text(encoding="utf-8"), "html.parser")
    assert nation.select_one("#cascade-below") is not None and nation.select_one("#cascade") is None


def test_a_same_year_pair_without_a_compared_value_is_not_classed():
    t = targets()
    t.loc[(t["jurisdiction_id"] == K) & (t["indicator_id"] == GDP), "baseline_year"] = 2025  # 0 years: no rate
    c = analysis.target_cascade(t, JURISDICTIONS)
    k = c[(c["jurisdiction_id"] == K) & (c["indicator_id"] == GDP)]
    assert list(k["verdict"]) == ["context", "context", "context"] and k["comparison_value"].isna().all()
