"""Review decisions as data: reject, correct, add — each pinned to its quote, each with a reason."""

import pytest
import yaml

from compare.errors import ReviewError
from compare.extract import extract_text
from compare.review import apply_review, load_review

RAW = "2020年全市用水总量控制在19.22亿立方米以内，全市公共供水管网漏损率控制在10%以内。且实施范围不小于城区供水服务范围的50%。"


def _apply(decisions):
    cands = extract_text(RAW, "d")
    return apply_review(cands, {"decisions": decisions}, RAW, "d")


def test_reject_correct_and_add():
    cands = extract_text(RAW, "d")
    cap = next(c for c in cands if c.indicator_id == "total_water_use_cap")
    leak = next(c for c in cands if c.indicator_id == "public_supply_leakage_rate")
    items, stats = _apply([
        {"action": "reject", "quote": leak.quote, "indicator_id": leak.indicator_id, "reason": "test"},
        {"action": "correct", "quote": cap.quote, "indicator_id": cap.indicator_id,
         "set": {"value_reported": "58472", "unit_reported": "万立方米"}, "reason": "test"},
        {"action": "add", "quote": "实施范围不小于城区供水服务范围的50%", "indicator_id": "district_metering_coverage_share",
         "comparator": ">=", "value_reported": "50", "unit_reported": "%", "reason": "missed"},
    ])
    assert (stats.rejected, stats.corrected, stats.added, stats.accepted) == (1, 1, 1, 2)
    by_id = {i.candidate.indicator_id: i for i in items}
    assert by_id["total_water_use_cap"].candidate.value == pytest.approx(5.8472)
    assert by_id["total_water_use_cap"].method == "review"
    added = by_id["district_metering_coverage_share"].candidate
    assert RAW[added.char_start : added.char_end] == added.quote and added.value == 50.0


def test_review_whose_quote_no_longer_matches_stops_with_the_file_and_decision():
    with pytest.raises(ReviewError, match=r"decision #1 .*no candidate"):
        _apply([{"action": "reject", "quote": "用水总量控制在19.00亿立方米以内", "indicator_id": "total_water_use_cap",
                 "reason": "x"}])


def test_added_quote_must_occur_in_the_raw_text():
    with pytest.raises(ReviewError, match="does not occur"):
        _apply([{"action": "add", "quote": "不存在的句子", "indicator_id": "total_water_use_cap",
                 "value_reported": "1", "unit_reported": "亿立方米", "reason": "x"}])


def test_added_target_with_unknown_unit_or_indicator_is_refused():
    with pytest.raises(ReviewError, match="unknown unit"):
        _apply([{"action": "add", "quote": "漏损率", "indicator_id": "public_supply_leakage_rate",
                 "value_reported": "1", "unit_reported": "加仑", "reason": "x"}])
    with pytest.raises(ReviewError, match="unknown indicator_id"):
        _apply([{"action": "add", "quote": "漏损率", "indicator_id": "no_such", "value_reported": "1",
                 "unit_reported": "%", "reason": "x"}])


def test_review_file_needs_reasons_and_valid_yaml(tmp_path):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"decisions": [{"action": "reject", "quote": "q"}]}), "utf-8")
    with pytest.raises(ReviewError, match="reason"):
        load_review("a", tmp_path)
    (tmp_path / "b.yaml").write_text("decisions: [\n", "utf-8")
    with pytest.raises(ReviewError, match="b.yaml: not valid YAML"):
        load_review("b", tmp_path)
    assert load_review("missing", tmp_path) == {}
