"""Review decisions as data: reject, correct, add — each pinned to its quote, each with a reason."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from compare.errors import ReviewError
from compare.extract import extract_text
from compare.review import REVIEW_STATUSES, apply_review, check_review_folder, load_review, parse_review

RAW = "2020年全市用水总量控制在19.22亿立方米以内，全市公共供水管网漏损率控制在10%以内。且实施范围不小于城区供水服务范围的50%。"


def _apply(decisions, **top):
    cands = extract_text(RAW, "d")
    return apply_review(cands, {"decisions": decisions, **top}, RAW, "d")


def _pin(c, action="confirm", **more):
    return {"action": action, "quote": c.quote, "indicator_id": c.indicator_id, **more}


def test_reject_correct_and_add():
    cands = extract_text(RAW, "d")
    cap = next(c for c in cands if c.indicator_id == "total_water_use_cap")
    leak = next(c for c in cands if c.indicator_id == "public_supply_leakage_rate")
    items, stats = _apply(confirm="all", decisions=[
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


# --------------------------------------------------------------------------- review status


def _status(items):
    return {i.candidate.indicator_id: i.status for i in items}


def test_without_a_review_file_every_row_is_unreviewed():
    items, stats = apply_review(extract_text(RAW, "d"), {}, RAW, "d")
    assert set(_status(items).values()) == {"unreviewed"} and stats.unreviewed == len(items) == 2


def test_each_decision_gives_its_status_and_confirm_all_confirms_the_rest():
    cands = extract_text(RAW, "d")
    cap, leak = cands
    items, stats = _apply(confirm="all", decisions=[
        _pin(cap, "correct", set={"value_reported": "58472", "unit_reported": "万立方米"}, reason="misread"),
        {"action": "add", "quote": "实施范围不小于城区供水服务范围的50%", "indicator_id": "district_metering_coverage_share",
         "comparator": ">=", "value_reported": "50", "unit_reported": "%", "reason": "missed"},
    ])
    assert _status(items) == {"total_water_use_cap": "corrected", "public_supply_leakage_rate": "confirmed",
                              "district_metering_coverage_share": "added"}
    assert (stats.confirmed, stats.corrected, stats.added, stats.unreviewed) == (1, 1, 1, 0)
    assert set(_status(items).values()) <= set(REVIEW_STATUSES)


def test_per_candidate_confirm_needs_no_reason():
    cap, leak = extract_text(RAW, "d")
    items, stats = _apply([_pin(cap), _pin(leak, "reject", reason="not a target")])
    assert _status(items) == {"total_water_use_cap": "confirmed"} and stats.rejected == 1


def test_a_review_that_leaves_candidates_undecided_stops_and_names_them():
    cap, leak = extract_text(RAW, "d")
    with pytest.raises(ReviewError) as err:
        _apply([_pin(cap)])
    msg = str(err.value)
    assert "d.yaml: 1 of 2 candidates have no decision" in msg and leak.quote in msg and "confirm: all" in msg
    assert cap.quote not in msg


def test_partial_review_keeps_undecided_candidates_unreviewed():
    cap, _ = extract_text(RAW, "d")
    items, stats = _apply([_pin(cap)], partial="half done")
    assert _status(items) == {"total_water_use_cap": "confirmed", "public_supply_leakage_rate": "unreviewed"}
    assert stats.unreviewed == 1


def test_a_candidate_decided_twice_is_refused():
    cap, leak = extract_text(RAW, "d")
    with pytest.raises(ReviewError, match=r"decision #2 .*already decided by decision #1"):
        _apply([_pin(cap), _pin(cap, "reject", reason="x"), _pin(leak)])


# --------------------------------------------------------------------------- strict files


def _parse(text, doc="d"):
    return parse_review(text, Path(f"reviews/{doc}.yaml"), doc)


REJECT = "{action: reject, quote: q, indicator_id: total_water_use_cap, reason: r}"


@pytest.mark.parametrize(("text", "words"), [
    (f"decisions: [{REJECT}]\ndecisions: []\n", "duplicate key `decisions` (lines 1 and 2)"),
    ("decisions:\n  - action: reject\n    quote: q\n    quote: p\n    indicator_id: i\n    reason: r\n",
     "duplicate key `quote` (lines 3 and 4)"),
    (f"decision: [{REJECT}]\n", "unknown top-level key(s) ['decision']"),
    ("decisions: [{action: reject, quote: q, indicator: i, reason: r}]\n", "unknown field(s) ['indicator']"),
    ("decisions: [{action: accept, quote: q, indicator_id: i}]\n", "`action` must be one of"),
    ("decisions: [{action: correct, quote: q, indicator_id: i, set: {value: 3}, reason: r}]\n",
     "`set` cannot change ['value']"),
    ("document_id: e\ndecisions: []\n", "document_id 'e' differs from the file name"),
    ("confirm: yes\n", "`confirm:` takes only `all`"),
    ("confirm: all\npartial: x\n", "contradict"),
    ("decisions: {action: reject}\n", "`decisions:` must be a list"),
    ("decisions: [{action: reject, quote: q, indicator_id: i, target_year: 2O25, reason: r}]\n", "must be a year"),
    ("decisions: [{action: reject, quote: q, indicator_id: i, target_year: 40000, reason: r}]\n", "must be a year"),
    ("decisions: [{action: reject, quote: q, indicator_id: i, target_year: 2025.5, reason: r}]\n", "must be a year"),
    ("decisions: [{action: reject, quote: [q], indicator_id: i, reason: r}]\n", "pinned to a `quote`"),
    ("decisions: [{action: add, quote: q, indicator_id: i, value_reported: 50, reason: r}]\n",
     "`value_reported` must be text"),
    ("decisions: [{action: add, quote: q, indicator_id: i, value_reported: '5', scope: [a, b], reason: r}]\n",
     "`scope` must be text"),
    ("decisions: [{action: add, quote: q, indicator_id: i, value_reported: '5', char_start: -1, reason: r}]\n",
     "`char_start` must be a whole number"),
    ("decisions: [{action: correct, quote: q, indicator_id: i, set: {target_year: '2025'}, reason: r}]\n",
     "set: `target_year` must be a year"),
])
def test_malformed_review_files_are_refused_naming_the_file(text, words):
    with pytest.raises(ReviewError) as err:
        _parse(text)
    assert str(err.value).startswith("reviews/d.yaml") and words in str(err.value), str(err.value)


def test_well_formed_review_parses():
    data = _parse(f"document_id: d\nconfirm: all\ndecisions: [{REJECT}]\ncandidates: []\n")
    assert data["confirm"] == "all" and len(data["decisions"]) == 1


def test_review_folder_refuses_yml_and_unknown_ids_but_skips_drafts(tmp_path):
    (tmp_path / "plan_a.yaml").write_text("decisions: []\n", "utf-8")
    (tmp_path / "plan_b.draft.yaml").write_text("decisions: []\n", "utf-8")
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    check_review_folder(["plan_a", "plan_b"], tmp_path)
    (tmp_path / "plan_b.yml").write_text("decisions: []\n", "utf-8")
    with pytest.raises(ReviewError, match=r"plan_b.yml: review files end in `.yaml`.*rename it to plan_b.yaml"):
        check_review_folder(["plan_a", "plan_b"], tmp_path)
    (tmp_path / "plan_b.yml").unlink()
    (tmp_path / "plan_aa.yaml").write_text("decisions: []\n", "utf-8")
    with pytest.raises(ReviewError, match=r"plan_aa.yaml: no registered document has the id 'plan_aa'.*close matches: plan_a"):
        check_review_folder(["plan_a", "plan_b"], tmp_path)


def test_tables_load_reviewed_only_drops_unreviewed_rows(tmp_path, tables_and_raw):
    from compare.errors import CompareError
    from compare.tables import load

    tables, _ = tables_and_raw
    tables["targets"].to_parquet(tmp_path / "targets.parquet")
    tables["documents"].to_parquet(tmp_path / "documents.parquet")
    every = load("targets", tmp_path)
    kept = load("targets", tmp_path, reviewed_only=True)
    assert set(every["review_status"]) == {"confirmed", "unreviewed", "added"}
    assert len(kept) == (every["review_status"] != "unreviewed").sum() < len(every)
    assert "unreviewed" not in set(kept["review_status"])
    pd.testing.assert_frame_equal(kept, every[every["review_status"] != "unreviewed"].reset_index(drop=True))
    with pytest.raises(CompareError, match="review_status"):
        load("documents", tmp_path, reviewed_only=True)


def test_an_empty_review_file_is_a_review_with_every_candidate_undecided(tmp_path):
    (tmp_path / "d.yaml").write_text("", "utf-8")
    review = load_review("d", tmp_path)
    assert review == {"decisions": []}
    with pytest.raises(ReviewError, match="2 of 2 candidates have no decision"):
        apply_review(extract_text(RAW, "d"), review, RAW, "d")


def test_confirm_all_with_a_draft_listing_confirms_only_the_listed_candidates():
    cap, leak = extract_text(RAW, "d")
    listing = [{"quote": cap.quote, "indicator_id": cap.indicator_id, "target_year": cap.target_year}]
    with pytest.raises(ReviewError, match=r"1 of 2 candidates have no decision \(not in the file's `candidates:`"):
        _apply([], confirm="all", candidates=listing)
    items, stats = _apply([_pin(leak, "reject", reason="x")], confirm="all", candidates=listing)
    assert _status(items) == {"total_water_use_cap": "confirmed"} and stats.confirmed == 1
    with pytest.raises(ReviewError, match="`candidates:` is the listing"):
        _parse("candidates: {a: 1}\n")


def test_a_confirmation_pinned_to_its_value_stops_matching_when_the_reading_changes():
    cap, leak = extract_text(RAW, "d")
    ok = [_pin(cap, value_reported=cap.value_reported, comparator=cap.comparator), _pin(leak)]
    items, _ = _apply(ok)
    assert set(_status(items).values()) == {"confirmed"}
    with pytest.raises(ReviewError, match="decision #1 .*no candidate has this quote"):
        _apply([_pin(cap, value_reported="19.00"), _pin(leak)])


def test_a_signed_reported_value_is_a_number_and_occurrence_counts_from_one(tmp_path):
    cands = extract_text(RAW, "d")
    cap = next(c for c in cands if c.indicator_id == "total_water_use_cap")
    items, _ = _apply(confirm="all", decisions=[
        {"action": "correct", "quote": cap.quote, "indicator_id": cap.indicator_id,
         "set": {"value_reported": "-4.7"}, "reason": "a fall written with its sign"}])
    fixed = next(i.candidate for i in items if i.candidate.indicator_id == "total_water_use_cap")
    assert (fixed.value, fixed.value_reported) == (-4.7, "-4.7")
    text = ("document_id: d\ndecisions:\n  - {action: add, quote: 且实施范围, occurrence: 0, indicator_id: "
            "district_metering_coverage_share, value_reported: '50', unit_reported: '%', reason: r}\n")
    with pytest.raises(ReviewError, match="occurrence.*≥ 1"):
        parse_review(text, tmp_path / "d.yaml", "d")
