"""Years of the 民國 era in a text that shows it counts in them, numbers split by 万 (1万5650), and list items
whose works verb changes while the noun is not written again, or whose part omits the verb of the total."""

from compare.extract import extract_text, vocab


def test_split_ten_thousands_parse():
    assert vocab.parse_number("1万5650") == 15650
    assert vocab.parse_number("-2万0300") == -20300


def test_split_ten_thousands_read_before_a_unit():
    m = vocab.value_re().search("推广管路灌溉设施1万5650公顷")
    assert m.group("num") == "1万5650" and m.group("unit1") == "公顷"
    # without a unit after the four digits, 万 is no split (a count of 万 stays as it was)
    m = vocab.value_re().search("共有3万1234")
    assert m.group("num") != "3万1234"


def test_era_years_need_a_sign():
    text = "自来水公司推动降漏计划(114至121年),预定121年漏水率降至9.8%。"
    assert [y for _, _, y in vocab.era_year_mentions(text)] == [2032, 2032]
    assert [y for _, _, y in vocab.era_year_mentions("力拚民国120年时漏水率降到10%以下")] == [2031]
    assert [y for _, _, y in vocab.era_year_mentions("112年度计划,113年底前完成")] == [2023, 2024]
    # no month, span, year end, work year or era name: two- and three-digit numbers before 年 stay no year
    assert vocab.era_year_mentions("防洪标准达到100年一遇,运行120年来首次") == []
    # a decade and a return period are never years of the era
    assert [y for _, _, y in vocab.era_year_mentions("民国100年,改造80年代管网,防洪达到100年一遇")] == [2011]


def test_era_year_is_a_target_year():
    found = extract_text("台水推动降漏计划(102至113年),预计113年平均漏水率降至12%。", "x")
    assert [(c.indicator_id, c.target_year, c.comparator, c.value) for c in found if c.kind == "target"] == [
        ("public_supply_leakage_rate", 2024, "<=", 12.0)]


def _targets(text):
    return [(c.indicator_id, c.value) for c in extract_text(text, "x") if c.kind == "target"]


def test_swapped_works_verb_carries_the_noun():
    assert _targets("规划新建水厂4座,、改扩建10座,,保留现有水厂1座。") == [
        ("new_water_plant_count", 4.0), ("expanded_water_plant_count", 10.0)]
    # the second item names a noun of its own after its number: not the first item's noun
    assert _targets("规划新建水厂4座、改扩建10座配水泵站。") == [("new_water_plant_count", 4.0)]
    # the first item writes its number before its noun: each item names its own noun
    assert ("pump_station_count_added", 8.0) in _targets("到2026年,计划扩建3座水厂、新建8座加压泵站。")


def test_verbless_sub_item_of_another_indicator():
    assert _targets("工程建成后,新增总库容约1.8亿立方米,其中防洪库容约0.6亿立方米。") == [
        ("water_storage_capacity_added", 1.8), ("flood_control_storage_added", 0.6)]
    # a part of the total's own indicator is not read as a target of its own
    assert _targets("到2025年,新建水厂6座,其中农村水厂4座。") == [("new_water_plant_count", 6.0)]
