"""Targets of indicators the vocabulary does not name: reported `unlisted`, never as target rows.

The sentences are written for these tests; the structures were seen in provincial and county news of
water works (e.g. http://jingji.cntv.cn/20120328/116039.shtml, a list of farmland works for the year;
http://www.3qhouse.com/show/index/108550, counts of places a programme covers)."""

from compare import accuracy
from compare.extract import extract_document, extract_text
from compare.extract.numbers import accounted_share, number_rows
from compare.extract.prose import aliases


def unlisted(text, date=None):
    return [c for c in extract_text(text, "t", date) if c.kind == "unlisted"]


def test_a_quantity_no_alias_names_in_a_target_clause_is_an_unlisted_candidate():
    text = "2026年，全省计划完成水利投资300亿元以上，改建渡槽检修便道12公里，新建7座量水堰。"
    doc = extract_document(text, "t")
    assert not aliases(doc, text.index("改建"), text.index("12公里"))  # the name is not in the vocabulary
    targets = [c for c in doc.candidates if c.kind == "target"]
    assert [c.value_reported for c in targets] == ["300"]  # the listed indicator is read as before
    rows = [c for c in doc.candidates if c.kind == "unlisted"]
    assert [(c.indicator_id, c.indicator_reported, c.target_year, c.year_basis, c.comparator, c.value,
             c.unit, c.unit_reported) for c in rows] == [
        ("", "改建渡槽检修便道", 2026, "stated", "=", 12.0, "公里", "公里"),
        ("", "新建 … 量水堰", 2026, "stated", "=", 7.0, "个", "座"),  # a count written before its noun
    ]
    for c in rows:
        assert text[c.char_start : c.char_end] == c.quote
    assert [r.state for r in number_rows(doc) if r.text in ("12", "7")] == ["unlisted", "unlisted"]
    assert accounted_share(doc) == (4, 4)  # 2026 (a year), 300, 12, 7


def test_a_bound_and_a_range_keep_their_comparators():
    [low, high] = unlisted("到2027年，全县改造老旧渡槽3—5座。")
    assert [(c.comparator, c.value) for c in (low, high)] == [(">=", 3.0), ("<=", 5.0)]
    [c] = unlisted("到2027年，全县改造老旧渡槽不少于6座。")
    assert (c.comparator, c.value, c.indicator_reported) == (">=", 6.0, "改造老旧渡槽")  # scope and bound dropped
    assert c.quote == "改造老旧渡槽不少于6座"


def test_results_are_not_unlisted_targets():
    assert unlisted("2023年，全市已累计改建渡槽检修便道35公里。", "2024-02-01") == []
    assert unlisted("去年全县完成改建渡槽检修便道35公里。", "2024-02-01") == []


def test_no_year_and_no_word_of_aims_leaves_the_number_unclassified():
    doc = extract_document("渡槽检修便道全长35公里。", "t")
    assert [c for c in doc.candidates if c.kind == "unlisted"] == []
    assert [r.state for r in number_rows(doc)] == ["unclassified"]


def test_places_covered_labour_and_shares_are_no_targets_of_their_own():
    assert unlisted("2026年，计划在全县35个乡镇改建渡槽。") == []
    assert unlisted("2026年，计划投工80万个。") == []
    assert unlisted("2026年，计划渡槽投资占总投资的41.9%。") == []
    # progress against a plan: a share of it and a completion rate
    [c] = unlisted("今年计划改建渡槽12公里，占计划130%；全年任务完成率为100%。", "2026-03-01")
    assert (c.indicator_reported, c.value_reported) == ("改建渡槽", "12")
    assert unlisted("2026年，全省120座老旧渡槽中40座完成改建。") == []  # a part picked out of a set
    assert unlisted("2026年，计划为12个行政村改建渡槽。") == []
    assert unlisted("到2030年，全省多年平均缺水量将达到41亿立方米。") == []  # a forecast of what a region lacks
    # a yearbook's comparisons with the year before and the long-term mean, and a county's size (seen in a 2021
    # water-resources bulletin, https://www.gcs66.com/document_detail/79834.html, and a banner's plan,
    # http://wltqq.gov.cn/zfxxgk/fdzdgknrwltqq/ghjhwltqq/lsgh/202312/t20231220_578790.html)
    assert unlisted("2026年，全县渡槽蓄水量比上年少6.4%，比多年均值多3.2%。") == []
    assert unlisted("2026年，计划改建渡槽，全县总人口33.68万人，国土总面积7476平方公里。") == []


def test_an_indicator_the_vocabulary_names_in_a_unit_it_cannot_take_is_unlisted_not_a_target():
    # the rules leave it (no indicator of the alias takes a daily amount): a reviewer sees it, no target row
    [c] = extract_text("到2025年，全县用水总量控制在12万立方米/日以内。", "d")
    assert (c.kind, c.indicator_reported, c.comparator, c.value, c.unit) == ("unlisted", "用水总量", "<=", 12.0, "万立方米/日")
    [c] = unlisted("到2026年，东岭县城区总供水能力提高到45万立方米/日以上。")
    assert (c.target_year, c.comparator, c.value) == (2026, ">=", 45.0)
    assert unlisted("2023年，全县用水总量为12万立方米/日。", "2024-02-01") == []  # a result stays out


def test_unlisted_candidates_are_scored_apart_from_targets():
    found = extract_text("2026年，计划改建渡槽检修便道12公里，新建7座量水堰。", "t")
    gold = [{"indicator_id": "canal_road_length", "target_year": 2026, "comparator": "=", "value": 12}]
    assert accuracy.score(found, gold).as_dict()["reported"] == 0  # unlisted rows are no target candidates
    s = accuracy.score_unlisted(found, gold)
    assert (s.gold, s.found, s.reported, s.correct) == (1, 1, 2, 1)


def test_the_closest_indicators_are_a_hint_ranked_by_shared_character_pairs():
    from dataclasses import replace

    from compare import metadata
    from compare.extract.unlisted import closest_indicators

    [c] = unlisted("2026年，计划改建渡槽检修便道12公里。")
    spec = metadata.indicator_specs()["canal_lining_length"]
    alias = max(spec["aliases_zh"], key=len)
    reworded = replace(c, indicator_reported="全县" + alias[:2] + "老旧" + alias[2:])  # words around and inside
    assert closest_indicators(reworded)[0] == "canal_lining_length"
    assert all(metadata.convertible(c.unit, metadata.indicator_specs()[i]["unit"]) for i in closest_indicators(c))
    as_a_share = replace(reworded, unit="%", value_reported="12", unit_reported="%")
    assert "canal_lining_length" not in closest_indicators(as_a_share)  # a unit the indicator cannot take


def test_a_target_quoted_after_its_possessive_is_an_unlisted_target_even_in_a_report():
    # a quantity before 的 and a target or task noun is the target a result is held to, not a qualifier
    [c] = unlisted("2026年，东岭县压减地下水开采量1800万立方米，提前完成市定1650万立方米的压采任务。")
    assert (c.indicator_reported, c.target_year, c.comparator, c.value) == ("提前完成市定 … 压采任务", 2026, "=", 1650.0)
    [c] = unlisted("2026年，西岭县解决8万人饮水安全问题，超出省下达7.5万人的既定目标。")
    assert (c.comparator, c.value) == ("=", 7.5)  # 下达's 达 sets no bound
    [c] = unlisted("北岭石化确定了将加工吨原油耗新鲜水降至0.7吨的节水目标。")
    assert (c.comparator, c.value, c.target_year) == ("<=", 0.7, None)  # a target noun is a word of aims


def test_a_quantity_qualifying_what_follows_stays_unclassified():
    doc = extract_document("2026年，全县对年取水量5万立方米的企业开展水平衡测试。", "t")
    assert [c for c in doc.candidates if c.kind == "unlisted"] == []


def test_what_works_bring_once_built_is_an_unlisted_target_with_no_year():
    # a word of effect (建成后, 实施后) speaks of what the works are to bring, as a word of aims does
    [c] = unlisted("东岭县中水回用工程建成后,年节约水资源量为1650万吨。")
    assert (c.indicator_reported, c.target_year, c.year_basis, c.value) == ("年节约水资源量", None, "none", 1650.0)
    assert unlisted("东岭县中水回用工程年节约水资源量为1650万吨。") == []  # no word of aims or effect: a state


def test_a_count_of_places_that_are_to_reach_something_is_an_unlisted_target():
    # the places are what the target counts (19个乡镇全面实现…), not where the works are done (在19个乡镇新建…)
    [c] = unlisted("到2027年,东岭市计划19个乡镇全面实现污水集中处理。")
    assert (c.target_year, c.value, c.unit) == (2027, 19.0, "个")
    assert unlisted("到2027年,东岭市计划在19个乡镇新建污水管网。") == []
