"""The Great Expectations gate: committed suites, lazy import, verdict wording, Data Docs."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import REPO, run_compare

from compare import paths, validate

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.mark.parametrize("table", validate.SUITES)
def test_committed_suite_matches_the_metadata(table):
    """A stale generated part (metadata edited, suites not regenerated) fails here."""
    assert validate.load_suite(table) == validate.regenerated_suite(table), (
        f"expectations/{table}.json is stale: run `python -m compare suites` and commit the result"
    )


@pytest.mark.parametrize("table", validate.SUITES)
def test_committed_suite_has_no_ids_paths_or_unnamed_rules(table):
    text = validate.suite_path(table).read_text(encoding="utf-8")
    suite = json.loads(text)
    assert suite["name"] == table
    assert not UUID.search(text) and "/work/" not in text and "/tmp/" not in text
    for exp in suite["expectations"]:
        assert set(exp) == {"type", "kwargs", "meta"}, exp
        assert exp["meta"].get("rule"), f"{table}: every expectation needs a readable meta.rule: {exp}"


def test_write_generated_suites_keeps_hand_written_expectations(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "EXPECTATIONS_DIR", tmp_path)
    for table in validate.SUITES:
        suite = json.loads((REPO / "expectations" / f"{table}.json").read_text(encoding="utf-8"))
        hand = [e for e in suite["expectations"] if "generated" not in e["meta"]]
        # a stale file: generated part missing, one hand-written rule present
        (tmp_path / f"{table}.json").write_text(json.dumps({"name": table, "expectations": hand}), encoding="utf-8")
    validate.write_generated_suites()
    for table in validate.SUITES:
        written = (tmp_path / f"{table}.json").read_text(encoding="utf-8")
        assert written == (REPO / "expectations" / f"{table}.json").read_text(encoding="utf-8")


def test_targets_suite_covers_every_indicator_range_and_unit():
    suite = validate.load_suite("targets")
    ranged = set()
    for exp in suite["expectations"]:
        cond = exp["kwargs"].get("row_condition")
        if exp["type"] == "expect_column_values_to_be_between" and cond and exp["kwargs"]["column"] == "value":
            ranged |= set(cond["parameter"])
    pairs = next(e for e in suite["expectations"] if e["type"] == "expect_column_pair_values_to_be_in_set")
    specs = validate.metadata.indicator_specs()
    assert ranged == set(specs)
    assert {tuple(p) for p in pairs["kwargs"]["value_pairs_set"]} == {(i, s["unit"]) for i, s in specs.items()}


def test_importing_compare_or_extracting_does_not_import_great_expectations(tmp_path):
    sample = tmp_path / "plan.txt"
    sample.write_text("到2025年，全市用水总量控制在12.5亿立方米以内。\n", encoding="utf-8")
    code = (
        "import sys, io, contextlib\n"
        "import compare, compare.cli, compare.validate, compare.build\n"
        "assert 'great_expectations' not in sys.modules, 'import compare pulled in great_expectations'\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    rc = compare.cli.main(['extract', {str(sample)!r}])\n"
        "assert rc == 0 and 'total_water_use_cap' in out.getvalue(), out.getvalue()\n"
        "assert 'great_expectations' not in sys.modules, 'compare extract pulled in great_expectations'\n"
        "print('ok')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr


def test_clean_tables_pass_and_data_docs_show_every_suite(tables_and_raw, tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path / "reports")
    tables, raw = tables_and_raw
    verdict = validate.check_tables(tables, raw, None, {})
    assert verdict.success, verdict.report()
    n_suite = sum(len(validate.load_suite(t)["expectations"]) for t in validate.SUITES)
    assert verdict.n_checks > n_suite
    assert verdict.report().startswith(f"all {verdict.n_checks} expectations passed")
    index = tmp_path / "reports" / "validation" / "index.html"
    assert verdict.docs_index == index and index.exists()
    for table in validate.SUITES:
        assert (index.parent / "expectations" / f"{table}.html").exists()
        assert list((index.parent / "validations" / table).rglob("*.html")), table


def test_verdict_counts_failures_and_names_observed_dtype(tables_and_raw):
    tables, raw = tables_and_raw
    tables["targets"]["target_year"] = tables["targets"]["target_year"].astype("float64")
    verdict = validate.check_tables(tables, raw, None, {}, data_docs=False)
    report = verdict.report()
    assert not verdict.success
    assert report.splitlines()[0] == f"1 of {verdict.n_checks} expectations failed:", report
    assert "targets · target_year is stored as Int16" in report and "observed: float64" in report


def test_a_typo_in_a_suite_fails_loudly(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "EXPECTATIONS_DIR", tmp_path)
    (tmp_path / "targets.json").write_text(json.dumps({"name": "targets", "expectations": [
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "target_id"}, "meta": {"rule": "ok"}},
        {"type": "expect_column_values_to_be_uniqe", "kwargs": {"column": "target_id"}, "meta": {"rule": "typo"}},
    ]}), encoding="utf-8")
    with pytest.raises(validate.CompareError, match="targets.json"):
        validate._gx_suite("targets")


@pytest.mark.integration
def test_validate_command_passes_on_the_real_published_tables(built_project):
    """`compare validate` on a fresh build of the real corpus: exit 0, every suite in Data Docs."""
    res = run_compare(built_project, "validate")
    assert res.returncode == 0, res.stdout + res.stderr
    assert re.match(r"all \d+ expectations passed", res.stdout), res.stdout
    docs = built_project / "reports" / "validation"
    assert {p.stem for p in (docs / "expectations").glob("*.html")} == set(validate.SUITES)
