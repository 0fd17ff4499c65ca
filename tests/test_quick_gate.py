"""A build whose only changed inputs are review files runs the quick gate (row and table checks, no Great
Expectations); any other change, --force and a first build run the full gate.  Hermetic: the project is
built here from one written plan (expectations/ is copied: it is generated from the metadata)."""

import csv
import json
import shutil

import pytest
from doc_fixtures import REPO, run_cli

from compare.registry import REGISTRY_COLUMNS

PLAN = "关于节水的方案\n到2025年，全市用水总量控制在3.2亿立方米以内，农田灌溉水有效利用系数达到0.58。\n"
REVIEW = "data/raw/reviews/jincheng_quick.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("quick")
    root = tmp / "project"
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    with (raw / "documents.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(REGISTRY_COLUMNS)
    for name in ("reference_targets.csv", "reported_outcomes.csv"):  # header only: no fact rows
        header = (REPO / "data" / "raw" / name).read_text(encoding="utf-8").splitlines()[0]
        (raw / name).write_text(header + "\n", encoding="utf-8")
    shutil.copytree(REPO / "expectations", root / "expectations")
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
