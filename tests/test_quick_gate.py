"""A build whose only changed inputs are review files runs the quick gate (row and table checks, no Great
Expectations); any other change, --force and a first build run the full gate.  Hermetic: the project is
built here from one written plan (fixture_corpus.scratch_project without documents)."""

import json

import pytest
from fixture_corpus import run_cli, scratch_project

PLAN = "关于节水的方案\n到2025年，全市用水总量控制在3.2亿立方米以内，农田灌溉水有效利用系数达到0.58。\n"
REVIEW = "data/raw/reviews/jincheng_quick.yaml"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("quick")
    root = scratch_project(tmp / "project", raw=False)  # an empty registry and fact tables
    plan = tmp / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert run_cli(root, "add", str(plan), "--jurisdiction", "晋城市", "--id", "jincheng_quick").returncode == 0
    first = run_cli(root, "build", timeout=600)
    assert first.returncode == 0, first.stderr
    assert "Great Expectations" in first.stderr
    return root


def _stamp(root):
    return json.loads((root / "data" / "curated" / "build_inputs.json").read_text(encoding="utf-8"))


def test_a_review_edit_runs_the_quick_gate_and_publishes(project):
    (project / REVIEW).write_text("document_id: jincheng_quick\nconfirm: all\n", encoding="utf-8")
    res = run_cli(project, "build", timeout=600)
    assert res.returncode == 0, res.stderr
    assert "quick gate" in res.stderr and "Great Expectations" not in res.stderr
    assert _stamp(project)["validated"] == "row checks"
    # a quick-validated build is still "up to date" for the next run
    assert "up to date" in run_cli(project, "build").stdout


def test_a_bad_review_edit_is_stopped_by_the_quick_gate(project):
    before = (project / "data" / "curated" / "targets.parquet").read_bytes()
    (project / REVIEW).write_text(
        "document_id: jincheng_quick\ndecisions:\n"
        "  - {action: correct, quote: 农田灌溉水有效利用系数达到0.58, indicator_id: irrigation_water_use_coefficient,\n"
        "     set: {value_reported: '5.8'}, reason: typo test}\n"
        "  - {action: confirm, quote: 用水总量控制在3.2亿立方米以内, indicator_id: total_water_use_cap}\n",
        encoding="utf-8")
    res = run_cli(project, "build", timeout=600)
    assert res.returncode == 4 and "quick gate" in res.stderr
    assert "plausible range" in res.stderr
    assert (project / "data" / "curated" / "targets.parquet").read_bytes() == before  # nothing published


def test_force_and_other_changes_run_the_full_gate(project):
    (project / REVIEW).write_text("document_id: jincheng_quick\nconfirm: all\n", encoding="utf-8")
    forced = run_cli(project, "build", "--force", timeout=600)
    assert forced.returncode == 0 and "Great Expectations" in forced.stderr and _stamp(project)["validated"] is True
    expectations = project / "expectations" / "targets.json"  # an input that is not a review
    expectations.write_text(expectations.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    other = run_cli(project, "build", timeout=600)
    assert other.returncode == 0, other.stderr
    assert "Great Expectations" in other.stderr and "quick gate" not in other.stderr
