"""`compare check DOCUMENT_ID`: one document's review applied and its rows checked without Great
Expectations — in a project built here from an empty registry (hermetic: no live data is read)."""

import pytest
from fixture_corpus import run_cli, scratch_project

PLAN = "关于节水的方案\n到2025年，全市用水总量控制在3.2亿立方米以内，农田灌溉水有效利用系数达到0.58。\n"


@pytest.fixture
def project(tmp_path):
    root = scratch_project(tmp_path / "project", raw=False)
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    res = run_cli(root, "add", str(plan), "--jurisdiction", "晋城市", "--id", "jincheng_check", "--date", "2021-03-01")
    assert res.returncode == 0, res.stderr
    return root


def _review(root, text):
    (root / "data" / "raw" / "reviews" / "jincheng_check.yaml").write_text(
        "document_id: jincheng_check\n" + text, encoding="utf-8")


def test_unreviewed_candidates_are_counted_and_pass(project):
    res = run_cli(project, "check", "jincheng_check")
    assert res.returncode == 0, res.stderr
    assert "2 candidates → 2 unreviewed" in res.stdout and "all row checks passed" in res.stdout
    assert "numbers accounted for: 3/3" in res.stdout


def test_a_review_is_applied_and_a_bad_correction_fails_with_the_row(project):
    _review(project, "confirm: all\n")
    assert "2 confirmed" in run_cli(project, "check", "jincheng_check").stdout
    _review(project, (
        "decisions:\n"
        "  - {action: correct, quote: 农田灌溉水有效利用系数达到0.58, indicator_id: irrigation_water_use_coefficient,\n"
        "     set: {value_reported: '5.8'}, reason: typo test}\n"
        "  - {action: confirm, quote: 用水总量控制在3.2亿立方米以内, indicator_id: total_water_use_cap}\n"))
    res = run_cli(project, "check", "jincheng_check")
    assert res.returncode == 4
    assert "plausible range" in res.stdout and "irrigation_water_use_coefficient" in res.stdout
    assert "reported value" in res.stdout or "value_reported" in res.stdout  # 5.8 is not in the quote
    assert not (project / "data" / "curated").exists()  # nothing published


def test_unknown_document_is_a_clear_error(project):
    res = run_cli(project, "check", "no_such_document")
    assert res.returncode == 2 and "no such document" in res.stderr
