"""The Great Expectations gate: committed suites, lazy import, verdict wording, the HTML report."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest
from fixture_corpus import REPO, move_root, run_cli

from compare import validate

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
    folder = move_root(monkeypatch, tmp_path, expectations=False) / "expectations"
    folder.mkdir()
    for table in validate.SUITES:
        suite = json.loads((REPO / "expectations" / f"{table}.json").read_text(encoding="utf-8"))
        hand = [e for e in suite["expectations"] if "generated" not in e["meta"]]
        # a stale file: generated part missing, one hand-written rule present
        (folder / f"{table}.json").write_text(json.dumps({"name": table, "expectations": hand}), encoding="utf-8")
    validate.write_generated_suites()
    for table in validate.SUITES:
        written = (folder / f"{table}.json").read_text(encoding="utf-8")
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


def test_clean_tables_pass_and_the_report_shows_every_suite(tables_and_raw, tmp_path, monkeypatch):
    move_root(monkeypatch, tmp_path)  # the report goes to tmp_path/reports
    tables, raw = tables_and_raw
    verdict = validate.check_tables(tables, raw, None, {})
    assert verdict.success, verdict.report()
    n_suite = sum(len(validate.load_suite(t)["expectations"]) for t in validate.SUITES)
    assert verdict.n_checks > n_suite
    assert verdict.report().startswith(f"all {verdict.n_checks} expectations passed")
    index = tmp_path / "reports" / "validation" / "index.html"
    assert verdict.docs_index == index and index.exists()
    page = index.read_text("utf-8")
    for table in validate.SUITES:
        assert f'<h2 id="{table}">' in page, table
    assert page.count(">passed<") == verdict.n_checks


def test_verdict_counts_failures_and_names_observed_dtype(tables_and_raw):
    tables, raw = tables_and_raw
    tables["targets"]["target_year"] = tables["targets"]["target_year"].astype("float64")
    verdict = validate.check_tables(tables, raw, None, {}, data_docs=False)
    report = verdict.report()
    assert not verdict.success
    assert report.splitlines()[0] == f"1 of {verdict.n_checks} expectations failed:", report
    assert "targets · target_year is stored as Int16" in report and "observed: float64" in report


def test_a_typo_in_a_suite_fails_loudly(tmp_path, monkeypatch):
    folder = move_root(monkeypatch, tmp_path, expectations=False) / "expectations"
    folder.mkdir()
    (folder / "targets.json").write_text(json.dumps({"name": "targets", "expectations": [
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "target_id"}, "meta": {"rule": "ok"}},
        {"type": "expect_column_values_to_be_uniqe", "kwargs": {"column": "target_id"}, "meta": {"rule": "typo"}},
    ]}), encoding="utf-8")
    with pytest.raises(validate.CompareError, match="targets.json"):
        validate._gx_suite("targets")


@pytest.mark.integration
def test_validate_command_passes_on_the_real_published_tables(built_project):
    """`compare validate` on a fresh build of the real corpus: exit 0, every suite in the report."""
    res = run_cli(built_project, "validate")
    assert res.returncode == 0, res.stdout + res.stderr
    assert re.match(r"all \d+ expectations passed", res.stdout), res.stdout
    page = (built_project / "reports" / "validation" / "index.html").read_text("utf-8")
    assert all(f'<h2 id="{table}">' in page for table in validate.SUITES)


# --------------------------------------------------------------------------- responsibilities: bad inputs

#: case → (rule text expected in the verdict, text naming the offending row).  Each case breaks one row
#: of doc_b's annex (fixture_corpus.ANNEX_B); every other row must raise no alarm.
RESPONSIBILITY_CASES: dict[str, tuple[str, str]] = {
    "unmapped_agency": ("agency_id is never empty", "task_no=1 · task_id=leakage_control · unit_zh=市财政局"),
    "unknown_agency": ("agency_id exists in agencies.agency_id (an unmapped unit: add its spelling to "
                       "data/reference/agencies.yaml)",
                       "unit_zh=市教育局 · agency_id=education_ministry · role=participant"),
    "role_typo": ("role is lead or participant", "unit_zh=市委宣传部 · agency_id=party_publicity · role=particpant"),
    "broken_span": ("the quote is exactly the raw text at [char_start, char_end)",
                    "unit_zh=市水利局 · agency_id=water_authority · role=participant · quote 「市水利局」 · "
                    "file data/raw/doc_b.txt"),
    "task_without_lead": ("every task of every document has at least one lead unit",
                          "document_id=doc_b · task_no=2 · task_id=publicity_education"),
    "unknown_task": ("task_id exists in tasks.task_id", "task_no=1 · task_id=leak_control · unit_zh=市市政园林局"),
    "matched_without_task": ("a matched task (task_match title or text) has its task_id",
                             "document_id=doc_b · task_no=3 · unit_zh=市市政园林局"),
    "unknown_document": ("document_id exists in documents.document_id", "document_id=doc_gone"),
}


def _responsibility_row(tables, unit: str, role: str | None = None) -> int:
    r = tables["responsibilities"]
    mask = r["unit_zh"] == unit
    if role:
        mask &= r["role"] == role
    assert mask.sum() == 1, (unit, role)
    return int(r.index[mask][0])


@pytest.fixture(scope="module")
def bad_responsibilities():
    """One gate run over doc_b's annex with every case of RESPONSIBILITY_CASES applied to its own row."""
    from fixture_corpus import make_tables

    tables, raw = make_tables()
    r = tables["responsibilities"]
    # two more rows copied from task 1's lead: task 3 without its task_id, a task of an unregistered document
    extra = pd.concat([r.iloc[[0]].assign(responsibility_id="doc_b-3", task_no="3", task_id=pd.NA),
                       r.iloc[[0]].assign(responsibility_id="gone-1", document_id="doc_gone", task_no="9")])
    r.loc[_responsibility_row(tables, "市财政局"), "agency_id"] = pd.NA
    r.loc[_responsibility_row(tables, "市教育局"), "agency_id"] = "education_ministry"
    r.loc[_responsibility_row(tables, "市委宣传部"), "role"] = "particpant"
    i = _responsibility_row(tables, "市水利局", "participant")
    r.loc[i, ["char_start", "char_end"]] = [r.loc[i, "char_start"] + 1, r.loc[i, "char_end"] + 1]
    r.loc[_responsibility_row(tables, "市水利局", "lead"), "role"] = "participant"
    r.loc[_responsibility_row(tables, "市市政园林局"), "task_id"] = "leak_control"
    tables["responsibilities"] = pd.concat([r, extra], ignore_index=True)
    raw["doc_gone"] = raw["doc_b"]  # its raw text exists (only the registry lacks it)
    return validate.check_tables(tables, raw, None, {}, data_docs=False)


def _rows_of(verdict, rule: str) -> list[str]:
    hits = [f for f in verdict.failures if rule in f.rule]
    assert len(hits) == 1, f"expected one failure with rule {rule!r} in:\n{verdict.report()}"
    return hits[0].rows


@pytest.mark.parametrize("case", list(RESPONSIBILITY_CASES))
def test_gate_names_the_broken_responsibility_row(bad_responsibilities, case):
    rule, row = RESPONSIBILITY_CASES[case]
    rows = _rows_of(bad_responsibilities, rule)
    assert any(row in r for r in rows), f"{case}: {row!r} not among\n" + "\n".join(rows)
    assert all(r.startswith("responsibilities row ") for r in rows)


def test_responsibility_failures_are_only_the_broken_rows(bad_responsibilities):
    """No other rule fails, and each failure names exactly its one row (the intact rows raise no alarm)."""
    rules = {rule for rule, _ in RESPONSIBILITY_CASES.values()}
    assert {f.rule for f in bad_responsibilities.failures if f.suite == "responsibilities"} == rules
    assert all(f.suite == "responsibilities" for f in bad_responsibilities.failures), bad_responsibilities.report()
    assert all(f.n_rows == 1 for f in bad_responsibilities.failures), bad_responsibilities.report()


def test_task_lead_check_groups_by_document_and_task(tables_and_raw):
    tables, _ = tables_and_raw
    rows = validate._Rows(tables)
    assert validate._check_task_leads(tables, rows) is None
    r = tables["responsibilities"]
    r.loc[r["role"] == "lead", "role"] = "participant"  # both tasks lose their lead
    failure = validate._check_task_leads(tables, rows)
    assert failure is not None and failure.n_rows == 2
    assert [row.split(" · ")[2:4] for row in failure.rows] == [["document_id=doc_b", "task_no=1"],
                                                               ["document_id=doc_b", "task_no=2"]]


def test_raw_span_check_covers_every_span_table(tables_and_raw):
    tables, raw = tables_and_raw
    rows = validate._Rows(tables)
    assert set(validate.SPAN_TABLES) <= set(validate.SUITES)
    assert all(validate._check_raw_spans(tables, raw, rows, t) is None for t in validate.SPAN_TABLES)
    raw["doc_b"] = raw["doc_b"].replace("市财政局", "市财务局")
    failure = validate._check_raw_spans(tables, raw, rows, "responsibilities")
    assert failure is not None and failure.suite == "responsibilities" and failure.n_rows == 1
    assert "unit_zh=市财政局" in failure.rows[0]
    assert validate._check_raw_spans(tables, raw, rows, "targets") is None


def test_reported_value_check_names_exactly_the_unconverted_rows(tables_and_raw):
    tables, _ = tables_and_raw
    rows = validate._Rows(tables)
    assert validate._check_reported_values(tables, rows) is None
    t = tables["targets"]
    t.loc[0, "value"] = 1250.0  # 12.5 亿立方米 stored as if it were 万立方米
    t.loc[3, "value_reported"] = pd.NA  # nothing reported: not checked
    t.loc[3, "value"] = 99.0
    t.loc[4, "unit_reported"] = "furlongs"  # unknown spelling: not checked
    t.loc[4, "value"] = 11.0
    failure = validate._check_reported_values(tables, rows)
    assert failure is not None and failure.n_rows == 1, failure and failure.rows
    assert "value=1250.0" in failure.rows[0] and "indicator_id=total_water_use_cap" in failure.rows[0]


def test_raw_span_check_skips_rows_without_a_span_and_flags_shifted_ones(tables_and_raw):
    tables, raw = tables_and_raw
    rows = validate._Rows(tables)
    t = tables["targets"]
    assert t["char_start"].isna().sum() >= 1  # the reference row has no span and is skipped
    t.loc[2, ["char_start", "char_end"]] = [t.loc[2, "char_start"] + 1, t.loc[2, "char_end"] + 1]
    failure = validate._check_raw_spans(tables, raw, rows, "targets")
    assert failure is not None and failure.n_rows == 1
    assert "gdp_water_intensity_reduction" in failure.rows[0]
    spanless = {**tables, "targets": t.drop(columns=["char_start", "char_end"])}
    failure = validate._check_raw_spans(spanless, raw, validate._Rows(spanless), "targets")
    assert failure is not None and failure.n_rows == int(t["quote_zh"].notna().sum())
