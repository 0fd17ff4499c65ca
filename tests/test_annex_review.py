"""Review of the task-division annex in the review files (`annex_decisions:`), and the curated
responsibilities table built from the reviewed rows."""

from pathlib import Path

import pytest

from compare import curate
from compare.errors import InputError, ReviewError
from compare.responsibilities import extract_annex
from compare.review import apply_annex_review, parse_review

# A made-up annex (tab_rows layout); 市宇宙局 is a unit no agency matches.
RAW = ("附件\n序号\t重点任务\t牵头单位\t参与单位\n1\t强化用水指标刚性约束\t市水利局\t市发展改革委、市工信局\n"
       "2\t推进农业节水增效\t市农业农村局\t市水利局、市宇宙局\n")


def _rows():
    return extract_annex("plan", RAW)


def _review(text):
    return parse_review(text, Path("plan.yaml"), "plan")


def test_decisions_reject_correct_add_and_confirm_annex_rows():
    review = _review("""
annex_decisions:
  - {action: correct, task_no: "2", quote: 市宇宙局, role: participant, set: {agency_id: development_reform}, reason: typo in the source}
  - {action: reject, task_no: "1", quote: 市工信局, role: participant, reason: not named in the final text}
  - {action: confirm, task_no: "1", quote: 市水利局, role: lead}
  - {action: add, task_no: "2", quote: 市工信局, occurrence: 1, agency_id: industry_it, role: participant, reason: missed}
""")
    rows, stats = apply_annex_review(_rows(), review, RAW, "plan")
    got = {(r["task_no"], r["unit_zh"], r["role"]): r for r in rows}
    assert (stats.confirmed, stats.corrected, stats.rejected, stats.added) == (1, 1, 1, 1)
    assert ("1", "市工信局", "participant") not in got
    assert got[("2", "市宇宙局", "participant")]["agency_id"] == "development_reform"
    assert got[("2", "市宇宙局", "participant")]["review_status"] == "corrected"
    assert got[("1", "市水利局", "lead")]["review_status"] == "confirmed"
    added = got[("2", "市工信局", "participant")]
    assert added["review_status"] == "added" and added["rule"] == "review"
    assert RAW[added["char_start"]:added["char_end"]] == "市工信局"
    assert added["task_title_zh"] == "推进农业节水增效"  # joins the item the reader found
    assert got[("1", "市发展改革委", "participant")]["review_status"] == "unreviewed"
    table = curate.responsibilities({"plan": rows})
    assert set(table["review_status"]) == {"confirmed", "corrected", "added", "unreviewed"}
    assert table["responsibility_id"].is_unique


def test_annex_confirm_all_confirms_every_row_without_a_decision():
    review = _review("annex_confirm: all\nannex_decisions:\n"
                     "  - {action: reject, task_no: '2', quote: 市宇宙局, role: participant, reason: not a unit}\n")
    rows, stats = apply_annex_review(_rows(), review, RAW, "plan")
    assert {r["review_status"] for r in rows} == {"confirmed"} and stats.confirmed == len(rows)


def test_without_decisions_rows_stay_unreviewed_and_an_unmapped_unit_still_stops_the_build():
    rows, stats = apply_annex_review(_rows(), {}, RAW, "plan")
    assert stats.unreviewed == len(rows) == len(_rows())
    with pytest.raises(InputError, match=r"(?s)annex_decisions.*plan: 市宇宙局"):
        curate.responsibilities({"plan": rows})


@pytest.mark.parametrize(("decision", "words"), [
    ("{action: reject, task_no: '3', quote: 市水利局, role: lead, reason: x}", "no annex row"),
    ("{action: reject, task_no: '1', quote: 市水利局, role: lead}", "reason"),
    ("{action: correct, task_no: '1', quote: 市水利局, role: lead, set: {agency_id: nobody}, reason: x}",
     "unknown agency_id"),
    ("{action: correct, task_no: '1', quote: 市水利局, role: lead, set: {quote_zh: x}, reason: x}", "cannot change"),
    ("{action: confirm, task_no: '1', quote: 市水利局, role: boss}", "role"),
    ("{action: add, task_no: '1', quote: 市水利局, role: lead, reason: x}", "agency_id"),
    ("{action: add, task_no: '9', quote: 市水利局, role: lead, agency_id: water_authority, reason: x}",
     "no task 9"),
    ("{action: add, task_no: '1', quote: 市统计局, role: lead, agency_id: water_authority, reason: x}",
     "does not occur"),
])
def test_malformed_or_stale_annex_decisions_are_refused(decision, words):
    with pytest.raises(ReviewError, match=words):
        apply_annex_review(_rows(), _review(f"annex_decisions:\n  - {decision}\n"), RAW, "plan")


def test_an_annex_row_decided_twice_is_refused():
    one = "{action: confirm, task_no: '1', quote: 市水利局, role: lead}"
    with pytest.raises(ReviewError, match="already decided"):
        apply_annex_review(_rows(), _review(f"annex_decisions:\n  - {one}\n  - {one}\n"), RAW, "plan")


@pytest.mark.slow  # an end-to-end build (16 s): `make test` runs it, `make test-fast` does not
def test_a_build_curates_the_reviewed_annex_rows(tmp_path):
    """End to end on a one-document scratch project: the review file's annex decisions reach the
    published responsibilities table, and the annex rows come from the extraction cache."""
    import hashlib

    import pandas as pd
    from fixture_corpus import run_cli, scratch_project

    root = scratch_project(tmp_path / "project", raw=False)  # reference vocabulary, suites, empty tables
    raw_dir = root / "data" / "raw"
    (raw_dir / "reviews").mkdir(parents=True, exist_ok=True)
    text = "到2025年，全市用水总量控制在1.5亿立方米以内。\n" + RAW
    (raw_dir / "plan.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with (raw_dir / "documents.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"plan,cn.shanxi.yuncheng,某市节水行动方案,,,2021-03-01,official text,,plan.txt,{sha},"
                 "made-up test plan,,,,\n")
    (raw_dir / "reviews" / "plan.yaml").write_text(
        "partial: the targets are not checked yet\nannex_confirm: all\nannex_decisions:\n"
        "  - {action: correct, task_no: '2', quote: 市宇宙局, role: participant, set: {agency_id: finance}, "
        "reason: the source misprints 市财政局}\n"
        "  - {action: add, task_no: '2', quote: 市工信局, agency_id: industry_it, role: participant, "
        "reason: named in the text above the table}\n", encoding="utf-8")
    # The second build reads the annex from the cache and runs the whole gate (GX suites included).
    for args in (("--no-validate",), ("--force",)):
        result = run_cli(root, "build", *args)
        assert result.returncode == 0, result.stdout + result.stderr
    resp = pd.read_parquet(root / "data" / "curated" / "responsibilities.parquet")
    assert len(resp) == len(_rows()) + 1
    fixed = resp[resp["unit_zh"] == "市宇宙局"].iloc[0]
    assert (fixed["agency_id"], fixed["review_status"]) == ("finance", "corrected")
    added = resp[resp["review_status"] == "added"].iloc[0]
    assert (added["task_no"], added["agency_id"], added["rule"]) == ("2", "industry_it", "review")
    assert set(resp["review_status"]) == {"confirmed", "corrected", "added"}
    assert "1 documents from cache" in result.stderr and "expectations passed" in result.stderr


def test_compare_check_reports_the_annex_and_fails_on_an_annex_problem():
    from compare.check import DocumentCheck

    fine = DocumentCheck("plan", 2, {"confirmed": 2}, annex_statuses={"unreviewed": 5, "confirmed": 1})
    assert fine.ok and "task-division annex: 6 rows → 1 confirmed, 5 unreviewed" in fine.report()
    broken = DocumentCheck("plan", 2, {"confirmed": 2}, annex_problem="plan: 市宇宙局")
    assert not broken.ok and "1 check(s) failed" in broken.report() and "市宇宙局" in broken.report()
