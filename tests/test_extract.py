"""The extractor on short Chinese snippets: one test per family of wording."""

import pytest

from compare.errors import InputError
from compare.extract import comparator_for, extract_text, parse_number, unit_for, years_in


def one(text, indicator=None):
    found = [c for c in extract_text(text, "snippet") if indicator in (None, c.indicator_id)]
    assert len(found) == 1, found
    return found[0]


def test_every_span_quotes_the_raw_text():
    raw = "到2022年，全市用水总量控制在 19.54 亿立方米以内，万元地区生产总值用水量、万元工业增加值用水量较2015年分别降低19%和15%。"
    for c in extract_text(raw, "x"):
        assert raw[c.char_start : c.char_end] == c.quote


def test_cap_with_year_scope_and_ceiling():
    c = one("2020年全市用水总量控制在19.22亿立方米以内。")
    assert (c.indicator_id, c.target_year, c.value, c.unit, c.comparator, c.scope) == (
        "total_water_use_cap", 2020, 19.22, "亿立方米", "<=", "全市")
    assert (c.value_reported, c.unit_reported) == ("19.22", "亿立方米")


def test_volume_in_wan_cubic_metres_is_converted_to_yi():
    c = one("到2025年，全县用水总量控制在58472万立方米以内。")
    assert c.value == pytest.approx(5.8472)
    assert (c.value_reported, c.unit_reported, c.unit) == ("58472", "万立方米", "亿立方米")


def test_latin_and_superscript_units():
    assert one("到2025年，用水总量不超过3.5亿m³。").value == pytest.approx(3.5)
    assert one("到2025年，用水总量不超过3.5亿m3。").comparator == "<="


def test_year_stated_once_for_a_run_of_sentences():
    c = one("到2022年，节水型生产和生活方式初步建立，全社会节水意识明显增强。全市用水总量控制在5.0亿立方米以内。")
    assert c.target_year == 2022


def test_year_at_end_of_year_and_dates_are_not_target_years():
    assert one("到2020年末，全市地下水开发利用总量控制在1.88亿立方米以内。").target_year == 2020
    assert years_in("2020年9月11日印发") == []


def test_coordinated_list_with_respective_values_and_baseline():
    found = extract_text("万元地区生产总值用水量、万元工业增加值用水量较2015年分别降低18%和14%。", "x")
    got = {(c.indicator_id, c.value, c.baseline_year, c.comparator) for c in found}
    assert got == {("gdp_water_intensity_reduction", 18.0, 2015, ">="),
                   ("industrial_water_intensity_reduction", 14.0, 2015, ">=")}


def test_coordinated_list_with_one_shared_value():
    found = extract_text("万元国内生产总值用水量、万元工业增加值用水量较2015年均分别降低21%。", "x")
    assert sorted(c.value for c in found) == [21.0, 21.0]
    assert all(c.note is None for c in found), "年均 after a baseline year is not an annual marker"


@pytest.mark.parametrize("phrase,baseline", [("较2015年", 2015), ("比2020年", 2020), ("与2010年相比，", 2010)])
def test_baseline_phrasings(phrase, baseline):
    assert one(f"到2025年，万元GDP用水量{phrase}下降16%。").baseline_year == baseline


def test_reduction_needs_a_reduction_verb():
    found = extract_text("万元GDP用水量为45立方米。", "x")
    assert [(c.indicator_id, c.value, c.unit) for c in found] == [("gdp_water_intensity", 45.0, "立方米/万元")]


def test_baseline_is_only_read_for_reductions():
    c = one("万元工业增加值用水量较2015年降低14%，规模以上工业用水重复利用率达到91%以上。", "industrial_water_reuse_rate")
    assert c.baseline_year is None and c.comparator == ">=" and c.scope == "规模以上工业"


@pytest.mark.parametrize("phrase,comparator", [
    ("控制在10%以内", "<="), ("不超过10%", "<="), ("不高于10%", "<="), ("小于9%", "<"),
    ("达到10%以上", ">="), ("不低于10%", ">="), ("超过10%", ">"), ("≥10%", ">="), ("为10%", "="),
])
def test_comparator_phrases(phrase, comparator):
    assert one(f"到2025年，城市公共供水管网漏损率{phrase}。").comparator == comparator


def test_coefficient_without_unit_and_floor():
    c = one("农田灌溉水有效利用系数提高到0.6以上。")
    assert (c.value, c.unit, c.comparator, c.unit_reported) == (0.6, "1", ">=", "")


def test_share_increase_is_in_percentage_points():
    c = one("到2020年末，非常规水利用占比提高2%。")
    assert (c.indicator_id, c.unit, c.value) == ("unconventional_water_share_increase", "percentage points", 2.0)


def test_approximation_and_hedge_become_qualifiers():
    assert one("到2025年，万元GDP用水量较2020年下降16%左右。").qualifier == "approximately"
    assert "力争" in one("力争到2022年，全市40%县级行政区完成节水型社会建设。").qualifier


def test_longest_alias_wins_for_industrial_parks():
    c = one("工业集聚区应当规划建设集中式污水处理设施，区内再生水利用率应达到30%以上。")
    assert c.indicator_id == "industrial_park_reclaimed_water_use_rate"


def test_annual_amounts_are_noted():
    c = one("2020年前，每年新建高标准农田面积3万亩。")
    assert c.target_year == 2020 and "annual" in c.note


def test_list_of_shares_before_one_indicator_keeps_each_scope():
    found = extract_text("到2020年末，40%以上的市级机关、20%以上的市级事业单位、50%以上的县级公共机构建成节水型单位。", "x")
    assert [(c.value, c.scope, c.comparator) for c in found] == [
        (40.0, "市级机关", ">="), (20.0, "市级事业单位", ">="), (50.0, "县级公共机构", ">=")]


def test_counts_before_the_alias_including_chinese_numerals():
    assert one("到2022年创建3个农业高效节水示范区。").value == 3
    assert one("建设一所具有典型意义的合同节水高校。").value == 1


def test_thresholds_with_region_scope():
    found = extract_text("对全市年用水量10万立方米以上的工业企业和5万立方米以上的服务业实现计量全覆盖。", "x")
    assert [(c.indicator_id, c.value, c.unit, c.scope) for c in found] == [
        ("metering_threshold", 10.0, "万立方米/年", "全市工业企业"),
        ("metering_threshold", 5.0, "万立方米/年", "全市服务业")]


def test_year_of_water_use_is_not_a_total_cap():
    found = extract_text("鼓励年用水总量超过10万立方米的企业或园区设立水务经理。", "x")
    assert [c.indicator_id for c in found] == ["water_manager_threshold"]
    assert found[0].comparator == ">" and "鼓励" in found[0].qualifier


def test_no_number_no_candidate():
    assert extract_text("非常规水利用占比进一步增大，用水效率和效益显著提高。", "x") == []


def test_indicator_table_with_year_columns_and_attribute():
    raw = ("主要指标表\n\t序号\n\t指标名称\n\t单位\n\t指标属性\n\t2025年\n\t2030年\n\n"
           "\t1\n\t用水总量\n\t亿立方米\n\t约束性\n\t6.17\n\t6.73\n\n"
           "\t2\n\t城镇公共供水管网\n漏损率\n\t%\n\t预期性\n\t9%\n\t8%\n")
    found = extract_text(raw, "t")
    got = [(c.indicator_id, c.target_year, c.value, c.attribute, c.scope) for c in found]
    assert got == [("total_water_use_cap", 2025, 6.17, "binding", None),
                   ("total_water_use_cap", 2030, 6.73, "binding", None),
                   ("public_supply_leakage_rate", 2025, 9.0, "expected", "城镇"),
                   ("public_supply_leakage_rate", 2030, 8.0, "expected", "城镇")]
    for c in found:
        assert raw[c.char_start : c.char_end] == c.quote


def test_small_parsers_raise_only_the_project_error():
    assert parse_number("两") == 2 and parse_number("0.587") == 0.587
    with pytest.raises(InputError):
        parse_number("abc")
    with pytest.raises(InputError, match="units.yaml"):
        unit_for("加仑")
    assert comparator_for("控制在", "以内") == "<="
    assert comparator_for("", None) is None


def test_a_count_clause_does_not_lend_its_number_to_the_next_indicator():
    found = extract_text("将年用水量50万立方米以上的用水单位纳入重点监控用水单位名录，地下水开采量控制在1.2亿立方米以内。", "x")
    assert [(c.indicator_id, c.value) for c in found] == [
        ("key_monitoring_threshold", 50.0), ("groundwater_withdrawal_cap", 1.2)]


def test_the_dismissal_pattern_is_led_by_its_first_characters_and_finds_the_same_matches():
    import re

    from compare.extract import vocab

    lead = vocab.first_chars_lookahead
    assert lead(r"(?<=x)[0-9]+|第\d|^\s*(?:GB|SL)", re.MULTILINE) == r"(?=[0-9第\sGS])"
    # A pattern that may match empty, or start with any character, gets no lead.
    for unbounded in (r"a*", r"(?:x|)", r".b", r"[^a]b", r"(?i)gb\d", r"(a?)\1b"):
        assert lead(unbounded) == "", unbounded
    rx = vocab.dismissal_re()
    assert rx.pattern.startswith("(?=[")
    plain = re.compile(rx.pattern[rx.pattern.index("(?:"):], rx.flags)
    text = ("1. 总体目标\n（2）到2025年，全市用水总量控制在3.5亿立方米以内。3、投资12亿元，电话0351-7654321。"
            "按GB/T 50331-2002执行，见附件2。第4页\n 12 \n\t7\t推进节水\n会期3天内完成，www.example.cn/a 5。"
            "2021-2025年。2023年5月8日印发〔2023〕9号文。4.2025年完成")
    for lo, hi in ((0, len(text)), (3, 40), (25, 90), (60, len(text) - 5)):
        assert ([(m.span(), m.lastgroup) for m in rx.finditer(text, lo, hi)]
                == [(m.span(), m.lastgroup) for m in plain.finditer(text, lo, hi)])
    assert len(list(rx.finditer(text))) >= 10


def test_an_amount_per_day_never_becomes_an_annual_volume_or_the_reverse():
    from compare import metadata

    assert metadata.convertible("万立方米", "万立方米/日") and metadata.convertible("万立方米", "亿立方米")
    assert metadata.convertible("万立方米/年", "亿立方米")
    assert not metadata.convertible("万立方米/日", "亿立方米")
    assert not metadata.convertible("亿立方米/年", "万立方米/日")
    with pytest.raises(metadata.MetadataError, match="per day"):
        metadata.convert(5, "万立方米/日", "亿立方米")
    # a daily amount is no annual cap: no target (a reviewer sees it as an unlisted one)
    assert [c.kind for c in extract_text("到2025年，全县用水总量控制在12万立方米/日以内。", "d")] == ["unlisted"]


def test_alias_scan_agrees_with_the_alias_regex():
    """The Aho-Corasick scan of aliases reads what the regex trie reads — the leftmost alias, the longest
    there, a longer one beginning inside it when it runs past — on texts made of aliases and their parts."""
    import bisect
    import importlib
    import random

    from compare.extract import vocab

    prose_rules = importlib.import_module("compare.extract.prose")  # the module (the package exports its function)

    pattern, owners = vocab.alias_index()

    def by_regex(text: str) -> list[tuple[int, int, str]]:
        out, k = [], 0
        while (m := pattern.search(text, k)) is not None:
            best = m
            for j in prose_rules._inner_starts(m.group(0)):
                inner = pattern.match(text, m.start() + j)
                if inner is not None and inner.end() > best.end() and inner.end() - inner.start() > len(best.group(0)):
                    best = inner
            out.append((best.start(), best.end(), best.group(0)))
            k = best.end()
        return out

    words, rng = sorted(owners), random.Random(7)

    def starting_with(prefix: str) -> list[str]:
        return words[bisect.bisect_left(words, prefix) : bisect.bisect_left(words, prefix + "\U0010ffff")]

    inner = []  # an alias, then one beginning inside it and running past it (the first 300)
    for a in words:
        inner += [a[:j] + b for j in prose_rules._inner_starts(a) for b in starting_with(a[j:]) if len(b) > len(a) - j]
        if len(inner) >= 300:
            break
    inner = inner[:300]
    assert inner, "the vocabulary has aliases that begin inside others"
    texts = inner + ["".join(rng.choice(words)[rng.randint(0, 2):] + rng.choice(["", "达到", ","])
                             for _ in range(rng.randint(1, 6))) for _ in range(300)]
    for text in texts:
        assert prose_rules._scan_aliases(text, 0, len(text)) == by_regex(text), text
    # the lookups the rules use in the regex's stead: the longest alias at a place, the leftmost one in a span
    long_text = "，".join(texts) * 3
    for k in range(0, len(long_text), 7):
        m = pattern.match(long_text, k)
        assert vocab.alias_at(long_text, k) == (m.group(0) if m else None)
        m = pattern.search(long_text, k, k + 40)
        assert vocab.first_alias(long_text, k, k + 40) == ((m.start(), m.end(), m.group(0)) if m else None)
    m = pattern.search(long_text, 100)
    assert vocab.first_alias(long_text, 100, len(long_text)) == (m.start(), m.end(), m.group(0))


@pytest.mark.slow  # compiling the alternation of every noisy spelling of 28,000 aliases takes ~45 s
def test_noisy_alias_lookup_agrees_with_an_alternation_of_noisy_spellings():
    """Aliases with one character lost to web-page noise are found around the noise marks as an
    alternation of every noisy spelling would find them (leftmost; the first spelling at one place)."""
    import random
    import re

    from compare.extract import vocab

    _, owners = vocab.alias_index()
    words, rng = list(owners), random.Random(5)
    sample = rng.sample(words, 120)
    spelled = "|".join(re.escape(a[:k]) + "[?？\ufffd]" + re.escape(a[k + 1 :]) for a in words for k in range(len(a)))
    flat = re.compile(spelled)
    texts = []
    for _ in range(150):
        parts = []
        for a in rng.sample(sample, rng.randint(1, 5)):
            k = rng.randrange(len(a))
            parts.append((a[:k] + rng.choice("?？\ufffd") + a[k + 1 :]) if rng.random() < 0.7 else a)
            parts.append(rng.choice(["", "达到", "?", ","]))
        texts.append("".join(parts))
    assert sum(bool(flat.search(t)) for t in texts) > 50
    for text in texts:
        assert vocab.noisy_alias_spans(text, 0, len(text)) == [m.span() for m in flat.finditer(text)], text
    for text in texts:  # the alias a noisy spelling stands for: the one alias differing from it in one character
        for s, e in vocab.noisy_alias_spans(text, 0, len(text)):
            found = text[s:e]
            fits = [a for a in words if len(a) == len(found) and sum(x != y for x, y in zip(a, found, strict=True)) == 1]
            assert vocab.noisy_alias_owner(found) == (fits[0] if len(fits) == 1 else None), found


def test_a_verb_before_the_number_names_the_works_after_it():
    # 解决 … 饮水安全 split by the quantity, joined to it by 的; a head count in 人 converts to 万人
    c = one("2021年计划解决3.4万人的饮水安全。")
    assert (c.indicator_id, c.target_year, c.value, c.rule) == (
        "rural_drinking_water_safety_population_solved", 2021, 3.4, "prose_before")
    assert one("2021年计划解决8650人的饮水安全问题。").value == pytest.approx(0.865)
    # the object before the verb (对N条X进行治理) and a count sharing its noun with a length
    assert one("2022年对7条中小河流进行治理。").value == 7
    counts = {(c.indicator_id, c.value) for c in extract_text("2022年实施12条中小河流治理，治理中小河流95公里。", "x")}
    assert counts == {("river_regulation_count", 12), ("small_river_regulation_length", 95)}
    # 万公里 is ten thousand kilometres
    assert one("2022年新修防渗渠道0.5万公里。").value == 5000
