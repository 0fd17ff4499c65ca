"""Families of wording the extractor must handle in plans it has never seen — hedges, every floor and
ceiling form, baselines, approximations, volumes and Latin units, traditional characters, any year,
county-level scopes — and news reports that paraphrase a plan.  Snippets are written for these tests,
not taken from the corpus."""

import pytest

from compare.extract import baseline_in, extract_text, parse_number, years_in


def one(text, indicator=None):
    found = [c for c in extract_text(text, "snippet") if indicator in (None, c.indicator_id)]
    assert len(found) == 1, found
    c = found[0]
    assert text[c.char_start : c.char_end] == c.quote
    return c


LEAK = "到2025年，城市公共供水管网漏损率{}。"
REUSE = "到2025年，规模以上工业用水重复利用率{}。"


# --------------------------------------------------------------------------- hedges


@pytest.mark.parametrize("hedge", ["力争", "确保", "争取", "努力", "力求"])
def test_hedges_are_kept_as_qualifier_without_changing_the_target(hedge):
    c = one(f"{hedge}到2025年，全县用水总量控制在1.2亿立方米以内。")
    assert (c.value, c.comparator, c.target_year) == (1.2, "<=", 2025)
    assert c.qualifier == f"hedged ({hedge})"


def test_unhedged_target_has_no_qualifier():
    assert one("到2025年，全县用水总量控制在1.2亿立方米以内。").qualifier is None


# --------------------------------------------------------------------------- floors and ceilings


@pytest.mark.parametrize("phrase,comparator", [
    ("不高于9%", "<="), ("不超过9%", "<="), ("控制在9%以内", "<="), ("控制在9%以下", "<="),
    ("降到9%以下", "<="), ("降至9%", "<="), ("降低到9%", "<="), ("控制在9%及以下", "<="), ("9%之内", "<="),
    ("小于9%", "<"), ("低于9%", "<"), ("不足9%", "<"), ("≤9%", "<="),
])
def test_ceilings(phrase, comparator):
    c = one(LEAK.format(phrase))
    assert (c.indicator_id, c.value, c.comparator) == ("public_supply_leakage_rate", 9.0, comparator)


@pytest.mark.parametrize("phrase,comparator", [
    ("不低于92%", ">="), ("不少于92%", ">="), ("达到92%以上", ">="), ("达92%以上", ">="), ("在92%以上", ">="),
    ("92%及以上", ">="), ("提高到92%", ">="), ("提升至92%", ">="), ("至少达到92%", ">="), ("大于92%", ">"),
    ("高于92%", ">"), ("超过92%", ">"), ("≥92%", ">="), ("保持在92%", "="), ("为92%", "="),
])
def test_floors(phrase, comparator):
    c = one(REUSE.format(phrase))
    assert (c.indicator_id, c.value, c.comparator, c.scope) == ("industrial_water_reuse_rate", 92.0, comparator,
                                                                 "规模以上工业")


def test_a_fall_to_a_level_is_a_ceiling_but_a_fall_by_an_amount_a_floor():
    assert one("到2025年，万元GDP用水量较2020年下降16%。").comparator == ">="
    assert one(LEAK.format("下降到9%")).comparator == "<="


# --------------------------------------------------------------------------- baselines


@pytest.mark.parametrize("sentence,baseline", [
    ("到2025年，万元GDP用水量较2020年下降16%。", 2020),
    ("到2025年，万元GDP用水量比2020年降低16%。", 2020),
    ("到2025年，与2020年相比，万元GDP用水量下降16%。", 2020),
    ("到2025年，万元GDP用水量与2020年相比下降16%。", 2020),
    ("到2025年，万元GDP用水量相比2020年下降16%。", 2020),
    ("到2025年，万元GDP用水量在2020年基础上下降16%。", 2020),
    ("到2025年，万元GDP用水量较2020年末下降16%。", 2020),
    ("到“十四五”末，万元GDP用水量较“十三五”末下降16%。", 2020),
    ("2025年，万元GDP用水量同比下降3%。", 2024),
    ("2023年，万元工业增加值用水量比上年下降2.5%。", 2022),
])
def test_baseline_phrasings(sentence, baseline):
    c = one(sentence)
    assert c.baseline_year == baseline
    assert c.target_year != baseline


def test_baseline_year_is_never_taken_as_the_target_year():
    c = one("万元地区生产总值用水量较2015年下降20%。")
    # no year is stated: a reduction against the end of a five-year plan is for the end of the next one
    assert (c.target_year, c.baseline_year, c.year_basis) == (2020, 2015, "plan_period")
    c = one("万元地区生产总值用水量较2017年下降20%。")
    assert (c.target_year, c.baseline_year, c.year_basis) == (None, 2017, "none")
    assert years_in("较2015年下降") == [] and baseline_in("较2015年下降") == 2015


# --------------------------------------------------------------------------- approximations
# A value with 左右/上下 after it is about that value ("="), even after 控制在 (the dev-set convention); 约 before
# the number keeps the verb's comparator.


@pytest.mark.parametrize("phrase,comparator", [
    ("控制在10亿立方米左右", "="), ("约10亿立方米", "="), ("控制在约10亿立方米", "<="), ("大约10亿立方米", "="),
    ("10亿立方米上下", "="),
])
def test_approximations_keep_a_qualifier(phrase, comparator):
    c = one(f"到2025年，全市用水总量{phrase}。")
    assert (c.value, c.comparator, c.qualifier) == (10.0, comparator, "approximately")


# --------------------------------------------------------------------------- volumes and units


@pytest.mark.parametrize("written,value", [
    ("5847.2万立方米", 0.58472), ("12000万立方米", 1.2), ("1,200万立方米", 0.12), ("5847.2万m³", 0.58472),
    ("5847.2 万 m³", 0.58472), ("1.2亿m³", 1.2), ("1.2亿m3", 1.2), ("1.2亿m^3", 1.2), ("1.2亿M3", 1.2),
    ("1.2亿立方", 1.2), ("1.2亿方", 1.2), ("1.2亿吨", 1.2), ("1.2×10⁸m³", 1.2), ("1.2×10^8 m3", 1.2),
    ("1.2 亿立方米", 1.2), ("１.２亿立方米", 1.2),
])
def test_volumes_in_every_spelling_convert_to_the_canonical_unit(written, value):
    c = one(f"到2025年，全县用水总量控制在{written}以内。")
    assert c.unit == "亿立方米" and c.value == pytest.approx(value)
    assert c.comparator == "<="


def test_thousands_separator_and_exponent_parse():
    assert parse_number("1,200") == 1200 and parse_number("1.2×10^8") == pytest.approx(1.2e8)


def test_metering_threshold_in_wan_cubic_metres_per_year():
    c = one("年用水量5万m³以上的工业企业纳入重点监控用水单位名录。")
    assert (c.indicator_id, c.value, c.unit, c.comparator) == ("key_monitoring_threshold", 5.0, "万立方米/年", ">=")


# --------------------------------------------------------------------------- traditional characters


@pytest.mark.parametrize("traditional,indicator,value", [
    ("到2025年，全市用水總量控制在10億立方米以內。", "total_water_use_cap", 10.0),
    ("到2025年，城市公共供水管網漏損率控制在9%以內。", "public_supply_leakage_rate", 9.0),
    ("到2025年，萬元GDP用水量較2020年下降16%。", "gdp_water_intensity_reduction", 16.0),
    ("到2025年，農田灌溉水有效利用係數提高到0.6以上。", "irrigation_water_use_coefficient", 0.6),
])
def test_traditional_characters_are_read_and_quoted_as_written(traditional, indicator, value):
    c = one(traditional)
    assert (c.indicator_id, c.value, c.target_year) == (indicator, value, 2025)
    assert any(ch in c.quote for ch in "總億內網損萬較農係"), "the quote is the raw traditional text"


def test_traditional_and_simplified_give_the_same_target():
    def key(c):
        return (c.indicator_id, c.value, c.comparator, c.baseline_year, c.target_year, c.scope)
    assert key(one("到2025年，全縣萬元GDP用水量較2020年降低16%。")) == key(one("到2025年，全县万元GDP用水量较2020年降低16%。"))


# --------------------------------------------------------------------------- any year


@pytest.mark.parametrize("year", [1998, 2010, 2015, 2019, 2036, 2040, 2050])
def test_target_years_before_2020_and_after_2035(year):
    assert one(f"到{year}年，全市用水总量控制在10亿立方米以内。").target_year == year


@pytest.mark.parametrize("written,year", [
    ("到二〇二五年", 2025), ("到二〇三五年", 2035), ("到一九九八年", 1998), ("到“十四五”末", 2025),
    ("“十四五”期间", 2025), ("“十五五”时期", 2030), ("到2025年底", 2025), ("2030年前", 2030),
])
def test_year_written_in_words_or_as_a_plan_period(written, year):
    assert one(f"{written}，全市用水总量控制在10亿立方米以内。").target_year == year


def test_a_date_is_not_a_target_year():
    assert years_in("二〇二〇年九月十一日印发") == [] and years_in("2020年9月11日") == []


# --------------------------------------------------------------------------- county-level scopes


@pytest.mark.parametrize("scope", ["全县", "全旗", "全区", "全盟", "县域", "全州"])
def test_county_level_scopes(scope):
    c = one(f"到2025年，{scope}用水总量控制在1.2亿立方米以内。")
    assert c.scope == scope


def test_count_of_counties_before_the_alias():
    c = one("到2025年，3个县（市、区）达到节水型社会标准。")
    assert (c.indicator_id, c.value) == ("water_saving_society_county_count", 3.0)


# --------------------------------------------------------------------------- news reports


@pytest.mark.parametrize("report,expected", [
    ("记者从市水利局获悉，到2025年，我市用水总量将控制在10亿立方米以内。",
     ("total_water_use_cap", 2025, 10.0, "<=", None)),
    ("方案明确，万州区到2025年用水总量控制在3.5亿立方米。", ("total_water_use_cap", 2025, 3.5, "<=", None)),
    ("该市计划到2025年将用水总量控制在10亿立方米以内。", ("total_water_use_cap", 2025, 10.0, "<=", None)),
    ("根据方案，该县到2025年万元工业增加值用水量比2020年下降10%以上。",
     ("industrial_water_intensity_reduction", 2025, 10.0, ">=", 2020)),
    ("据介绍，“十四五”期间，全旗农田灌溉水有效利用系数要提高到0.58左右。",
     ("irrigation_water_use_coefficient", 2025, 0.58, ">=", None)),  # 左右: about 0.58
    ("会议指出，今年全市城市公共供水管网漏损率力争降至9%以下，较上年下降1个百分点。",
     ("public_supply_leakage_rate", None, 9.0, "<=", None)),
])
def test_news_paraphrases(report, expected):
    c = one(report, expected[0])
    assert (c.indicator_id, c.target_year, c.value, c.comparator, c.baseline_year) == expected


def test_news_report_and_plan_wording_give_the_same_targets():
    plan = "到2025年，全市用水总量控制在10亿立方米以内，万元GDP用水量较2020年下降16%。"
    news = "记者获悉，根据该市方案，到2025年我市用水总量要控制在10亿立方米以内，万元GDP用水量比2020年下降16%。"

    def key(text):
        return sorted((c.indicator_id, c.target_year, c.value, c.comparator, c.baseline_year)
                      for c in extract_text(text, "x"))
    assert key(plan) == key(news) and len(key(plan)) == 2


def test_annual_water_use_of_a_user_is_still_no_total_cap():
    found = extract_text("年用水总量超过10万立方米的企业设立水务经理。", "x")
    assert [c.indicator_id for c in found] == ["water_manager_threshold"]


# --------------------------------------------------------------------------- sums of money and listed parts


def test_split_aliases_may_list_words_on_either_side():
    from compare.extract import vocab

    pairs = {(second, iid): firsts for second, groups in vocab.split_aliases() for firsts, iid in groups}
    firsts = pairs["总投资", "water_conservancy_investment"]
    assert firsts.search("骨干水源工程") and firsts.search("大型灌区") and not firsts.search("新材料产业园")
    seconds = [second for second, _ in vocab.split_aliases()]
    assert seconds == sorted(seconds, key=len, reverse=True)  # 计划总投资 is tried before 总投资 and 投资


@pytest.mark.parametrize("text,indicator,value", [
    ("2026年，全县计划投资640万元，实施西河堤防加固工程。", "water_conservancy_investment", 0.064),
    ("2026年，全县将投资1.5亿元，推进农村饮水工程提档升级。", "rural_drinking_water_investment", 1.5),
    ("2026年，全县将投资3亿元，推广高效节水灌溉。", "water_saving_investment", 3.0),
])
def test_a_sum_is_named_by_the_purpose_written_after_it(text, indicator, value):
    c = one(text)
    assert (c.indicator_id, c.value, c.unit, c.target_year) == (indicator, value, "亿元", 2026)


def test_a_sum_for_no_water_works_is_not_read():
    assert extract_text("2026年，园区计划投资12亿元，建设物流中心。", "snippet") == []


def test_a_part_with_its_own_bound_shares_the_total_indicator_and_a_bare_breakdown_does_not():
    found = extract_text("2026年，全市落实水利投资90亿元以上，其中市级投资20亿元以上。", "snippet")
    assert [(c.value, c.comparator, c.rule) for c in found] == [(90, ">=", "prose"), (20, ">=", "prose_sub_item")]
    found = extract_text("2026年，全市落实水利投资90亿元，其中市级投资20亿元、县级投资70亿元。", "snippet")
    assert [c.value for c in found] == [90]
