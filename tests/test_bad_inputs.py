"""Bad inputs the gate must stop, each named in the verdict by file, row and rule.

Two layers, each paying for Great Expectations once:

* in process: every case mutates its own copy of a small document inside ONE set of tables, so one
  `check_tables` run checks them all (and the untouched documents prove there are no false alarms);
* end to end (integration): `python -m compare build` in scratch copies of a freshly built project,
  asserting exit code, message and that the published Parquet bytes did not change.
"""

from __future__ import annotations

import csv
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
import yaml
from fixture_corpus import RAW_A, make_tables, run_cli, sha256_tree

from compare import validate
from compare.registry import sha256_of

# --------------------------------------------------------------------------- in process


def _clone_doc(tables, raw, doc: str, raw_text: str = RAW_A) -> None:
    """Add document `doc`: a copy of doc_a (its four targets, its raw text) with new ids."""
    docs, targets = tables["documents"], tables["targets"]
    row = docs[docs["document_id"] == "doc_a"].assign(document_id=doc, path=f"{doc}.txt")
    tables["documents"] = pd.concat([docs, row], ignore_index=True)
    new = targets[targets["document_id"] == "doc_a"].copy()
    new["document_id"] = doc
    new["target_id"] = new["target_id"].str.replace("doc_a", doc)
    tables["targets"] = pd.concat([targets, new], ignore_index=True)
    raw[doc] = raw_text


def _set(tables, doc: str, indicator: str, **values) -> None:
    t = tables["targets"]
    mask = (t["document_id"] == doc) & (t["indicator_id"] == indicator)
    assert mask.sum() == 1
    for col, value in values.items():
        t.loc[mask, col] = value


#: case → (rule text expected in the verdict, text naming the offending row).
CASES: dict[str, tuple[str, str]] = {
    "coefficient_6": ("irrigation_water_use_coefficient, canal_water_use_coefficient, field_water_use_coefficient): "
                      "value within the plausible range [0.05, 1]",
                      "document_id=doc_coefficient_6 · jurisdiction_id=cn.shanxi.yuncheng · "
                      "indicator_id=irrigation_water_use_coefficient · target_year=2025 · value=6.0"),
    "wan_as_yi_big": ("total_water_use): value within the plausible range [0.01, 10000] 亿立方米",
                      "document_id=doc_wan_as_yi_big"),
    "wan_as_yi_small": ("value equals value_reported converted from unit_reported",
                        "document_id=doc_wan_as_yi_small · jurisdiction_id=cn.shanxi.yuncheng · "
                        "indicator_id=total_water_use_cap · target_year=2025 · value=5000.0"),
    "duplicate": ("primary key target_id is unique", "target_id=doc_duplicate-total_water_use_cap"),
    "unknown_indicator": ("indicator_id exists in indicators.indicator_id",
                          "document_id=doc_unknown_indicator · jurisdiction_id=cn.shanxi.yuncheng · "
                          "indicator_id=water_happiness_index"),
    "quote_gone": ("the quote is exactly the raw text at [char_start, char_end)",
                   "document_id=doc_quote_gone · jurisdiction_id=cn.shanxi.yuncheng · "
                   "indicator_id=total_water_use_cap"),
    "no_targets": ("every registered document yields at least one target",
                   "document_id=doc_no_targets · 0 targets · file data/raw/reviews/doc_no_targets.yaml"),
    "parent_missing": ("every jurisdiction's parent exists", "jurisdiction_id=cn.nowhere.lost"),
    "baseline_after_target": ("baseline_year is before target_year",
                              "document_id=doc_baseline_after_target · jurisdiction_id=cn.shanxi.yuncheng · "
                              "indicator_id=gdp_water_intensity_reduction · target_year=2025"),
    "year_out_of_range": ("target_year within 2000–2060", "document_id=doc_year_out_of_range"),
    "reduction_without_note": ("a reduction without a baseline year carries a note saying so",
                               "document_id=doc_reduction_without_note"),
    "comparator": ("comparator is one of the labelled comparators", "document_id=doc_comparator"),
    "attribute": ("attribute is binding, expected or empty", "document_id=doc_attribute"),
    "wrong_unit": ("each indicator is stored in its canonical unit", "document_id=doc_wrong_unit"),
    "no_quote": ("every rule/review target has its quote_zh", "document_id=doc_no_quote"),
    "count_drop": ("no document's target count falls against the last published build",
                   "document_id=doc_count_drop · 5 → 4 targets · file data/raw/reviews/doc_count_drop.yaml"),
    "reference_without_url": ("a document without a raw file (a reference) has a source_url",
                              "documents row 2 · document_id=ref_national"),
}


def _mutate(tables, raw, published: Path) -> dict[str, dict]:
    """Apply every case to its own document; returns the reviews the run sees."""
    for case in CASES:
        if case not in ("parent_missing", "reference_without_url"):
            _clone_doc(tables, raw, f"doc_{case}")
    _set(tables, "doc_coefficient_6", "irrigation_water_use_coefficient", value=6.0, value_reported="6.0")
    _set(tables, "doc_wan_as_yi_big", "total_water_use_cap", value=58472.0, value_reported="58472",
         unit_reported="万立方米")
    _set(tables, "doc_wan_as_yi_small", "total_water_use_cap", value=5000.0, value_reported="5000",
         unit_reported="万立方米")
    t = tables["targets"]
    dup = t[(t["document_id"] == "doc_duplicate") & (t["indicator_id"] == "total_water_use_cap")]
    tables["targets"] = pd.concat([t, dup], ignore_index=True)
    _set(tables, "doc_unknown_indicator", "key_monitoring_threshold", indicator_id="water_happiness_index")
    raw["doc_quote_gone"] = RAW_A.replace("12.5亿", "13.5亿")
    t = tables["targets"]
    tables["targets"] = t[t["document_id"] != "doc_no_targets"].reset_index(drop=True)
    j = tables["jurisdictions"]
    lost = pd.DataFrame({"jurisdiction_id": ["cn.nowhere.lost"], "name_zh": ["无名市"], "name_en": ["Lost"],
                         "level": ["prefecture"], "parent_id": ["cn.nowhere"],
                         "division_code": ["990100"]}).astype(j.dtypes.to_dict())
    tables["jurisdictions"] = pd.concat([j, lost], ignore_index=True)
    _set(tables, "doc_baseline_after_target", "gdp_water_intensity_reduction", baseline_year=2030)
    _set(tables, "doc_year_out_of_range", "total_water_use_cap", target_year=2070)
    _set(tables, "doc_reduction_without_note", "gdp_water_intensity_reduction", baseline_year=pd.NA, note=pd.NA)
    _set(tables, "doc_comparator", "total_water_use_cap", comparator="≈")
    _set(tables, "doc_attribute", "total_water_use_cap", attribute="mandatory")
    _set(tables, "doc_wrong_unit", "total_water_use_cap", unit="万立方米")
    _set(tables, "doc_no_quote", "total_water_use_cap", quote_zh=pd.NA, char_start=pd.NA, char_end=pd.NA)
    t = tables["targets"]
    d = tables["documents"]
    d.loc[d["document_id"] == "ref_national", "source_url"] = pd.NA
    # The last published build had 5 targets for doc_count_drop (and for doc_count_drop_ok), now 4.
    published.mkdir()
    before = pd.concat([t[t["document_id"] == "doc_count_drop"]] * 2).head(5)
    before = pd.concat([before, before.assign(document_id="doc_a")])
    before.to_parquet(published / "targets.parquet")
    return {"doc_no_targets": {"decisions": []}, "doc_a": {"acknowledge_count_drop": "doc_a lost a duplicate"}}


@pytest.fixture(scope="module")
def bad_verdict(tmp_path_factory) -> validate.Verdict:
    tables, raw = make_tables()
    published = tmp_path_factory.mktemp("published") / "curated"
    reviews = _mutate(tables, raw, published)
    return validate.check_tables(tables, raw, published, reviews, data_docs=False)


def _failure(verdict: validate.Verdict, rule: str) -> validate.Failure:
    hits = [f for f in verdict.failures if rule in f.rule]
    assert hits, f"no failure with rule {rule!r} in:\n{verdict.report()}"
    return hits[0]


@pytest.mark.parametrize("case", list(CASES))
def test_gate_names_the_rule_and_the_row(bad_verdict, case):
    rule, row = CASES[case]
    failure = _failure(bad_verdict, rule)
    assert any(row in r for r in failure.rows), f"{case}: {row!r} not among\n" + "\n".join(failure.rows)
    report = bad_verdict.report()
    assert rule in report and row in report


def test_rows_carry_the_quote_and_the_file(bad_verdict):
    failure = _failure(bad_verdict, "field_water_use_coefficient): value within")
    assert "quote 「农田灌溉水有效利用系数达到0.56」 · file data/raw/doc_coefficient_6.txt" in failure.rows[0]


def test_untouched_and_explained_documents_raise_no_alarm(bad_verdict):
    """doc_a, doc_b (clean) and doc_a's acknowledged drop appear in no failure."""
    report = bad_verdict.report()
    assert bad_verdict.report().splitlines()[0] == (
        f"{len(bad_verdict.failures)} of {bad_verdict.n_checks} expectations failed:")
    for clean in ("document_id=doc_a ", "document_id=doc_b ", "target_id=doc_a-", "target_id=doc_b-"):
        assert clean not in report.replace("\n", " \n"), clean


def test_no_targets_is_accepted_when_the_review_says_so(tables_and_raw):
    tables, raw = tables_and_raw
    t = tables["targets"]
    tables["targets"] = t[t["document_id"] != "doc_b"].reset_index(drop=True)
    failure = validate._check_coverage(tables, {})
    assert failure is not None and "document_id=doc_b" in failure.rows[0]
    assert validate._check_coverage(tables, {"doc_b": {"no_targets": "annex only lists tasks"}}) is None


# --------------------------------------------------------------------------- end to end


def _update_registry(root: Path, **rows: dict) -> None:
    """Rewrite data/raw/documents.csv: set fields of existing documents, or append new ones."""
    path = root / "data" / "raw" / "documents.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, records = reader.fieldnames, list(reader)
    for doc, values in rows.items():
        match = [r for r in records if r["document_id"] == doc]
        if match:
            match[0].update(values)
        else:
            records.append({f: "" for f in fields} | {"document_id": doc} | values)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def _withdraw(root: Path, name: str, old: str, new: str) -> None:
    """A new version of a document that drops a target: the raw text changes and the reviewer removes the
    decision about the withdrawn sentence (as a person updating the review would)."""
    at = (root / "data" / "raw" / f"{name}.txt").read_text(encoding="utf-8").index(old)
    _edit_raw(root, name, old, new)
    path = root / "data" / "raw" / "reviews" / f"{name}.yaml"
    if path.exists():
        review = yaml.safe_load(path.read_text(encoding="utf-8"))
        review["decisions"] = [d for d in review.get("decisions") or [] if d["quote"] != old]
        for d in review["decisions"]:  # pins after the edit move with the text
            if d.get("char_start") is not None and d["char_start"] > at:
                d["char_start"] += len(new) - len(old)
        path.write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _edit_raw(root: Path, name: str, old: str, new: str) -> None:
    """Change a raw file and re-register its sha256 (a new version of the document)."""
    path = root / "data" / "raw" / f"{name}.txt"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    _update_registry(root, **{name: {"sha256": sha256_of(path)}})


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def _review(root: Path, doc: str, text: str) -> None:
    """Add the decisions / keys of `text` (YAML) to the document's review file (made when missing)."""
    path = root / "data" / "raw" / "reviews" / f"{doc}.yaml"
    review = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {"document_id": doc}
    extra = yaml.safe_load(text)
    for key, value in extra.items():
        if key == "decisions":
            # a correction replaces the confirmation of the same candidate
            pinned = {(d["quote"], d.get("indicator_id")) for d in value}
            kept = [d for d in review.get("decisions") or [] if (d["quote"], d.get("indicator_id")) not in pinned]
            review["decisions"] = kept + value
        else:
            review[key] = value
    path.write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False), encoding="utf-8")


REFERENCE = ("全国,national,国家节水行动方案,{iid},2025,>=,{value},%,{baseline},,全国,,http://ayczsq.com/ayxw/4411.html,"
             "news report,ayczsq.com,,2026-12-04,,,,\n")
EMPTY_NOTICE = "关于做好节水宣传工作的通知\n各单位：请认真做好节水宣传，营造节水氛围。\n"


def _register_empty_notice(root: Path) -> None:
    path = root / "data" / "raw" / "empty_notice.txt"
    path.write_text(EMPTY_NOTICE, encoding="utf-8")
    _update_registry(root, empty_notice={"jurisdiction_id": "cn.shanxi.yuncheng", "title_zh": "节水宣传通知",
                                         "kind": "official text", "path": "empty_notice.txt",
                                         "sha256": sha256_of(path)})


def _broken(root: Path) -> None:
    """Five independent faults that only the gate sees, in five documents."""
    _review(root, "yuncheng_2020_jieshui_xingdong_xize", (
        "decisions:\n"
        "  - {action: correct, quote: 农田灌溉水有效利用系数提高到0.6, indicator_id: irrigation_water_use_coefficient,\n"
        "     target_year: 2020, set: {value_reported: '6.0'}, reason: typo test}\n"))
    _review(root, "jincheng_jieshui_xingdong_xize", (
        "decisions:\n"
        "  - {action: correct, quote: 用水总量控制在 4.7 亿立方米以内, indicator_id: total_water_use_cap,\n"
        "     set: {value_reported: '47000', unit_reported: 亿立方米}, reason: 万 figure typed with 亿}\n"))
    _append(root / "data" / "raw" / "reference_targets.csv",
            REFERENCE.format(iid="gdp_water_intensity_reduction", value=16, baseline=2030))
    _register_empty_notice(root)
    _withdraw(root, "wanzhou_2020_jieshui_xingdong_fangan", "用水总量控制在5.3亿立方米以内", "用水总量继续从严控制")


def _explained(root: Path) -> None:
    """The empty document and the fall in count, each explained in its review: the build publishes."""
    _register_empty_notice(root)
    _review(root, "empty_notice", "no_targets: a publicity notice without numeric targets\n")
    _withdraw(root, "wanzhou_2020_jieshui_xingdong_fangan", "用水总量控制在5.3亿立方米以内", "用水总量继续从严控制")
    _review(root, "wanzhou_2020_jieshui_xingdong_fangan",
            "acknowledge_count_drop: the 2035 cap was withdrawn in the revised text\n")


def _sha_mismatch(root: Path) -> None:
    _append(root / "data" / "raw" / "yuncheng_2020_jieshui_xingdong_xize.txt", "附加一行。\n")


def _unknown_indicator(root: Path) -> None:
    _append(root / "data" / "raw" / "reference_targets.csv",
            REFERENCE.format(iid="water_happiness_index", value=16, baseline=2020))


def _review_quote_gone(root: Path) -> None:
    _edit_raw(root, "wuxi_jieshui_xingdong_fengong", "实施范围不小于城区供水服务范围的50%",
              "实施范围覆盖城区供水服务范围")


def _duplicate(root: Path) -> None:
    path = root / "data" / "raw" / "reference_targets.csv"
    _append(path, path.read_text(encoding="utf-8").splitlines(keepends=True)[1])


E2E = {"broken": _broken, "explained": _explained, "sha_mismatch": _sha_mismatch,
       "unknown_indicator": _unknown_indicator, "review_quote_gone": _review_quote_gone, "duplicate": _duplicate}


@pytest.fixture(scope="module")
def e2e(built_project, tmp_path_factory) -> dict[str, tuple]:
    """case → (exit code, stdout + stderr, published hashes before, after), builds run concurrently."""
    roots = {}
    for case, mutate in E2E.items():
        root = tmp_path_factory.mktemp(case)
        shutil.copytree(built_project / "data", root / "data")
        shutil.copytree(built_project / "expectations", root / "expectations")
        mutate(root)
        roots[case] = root

    def run(case):
        root = roots[case]
        before = sha256_tree(root / "data" / "curated")
        res = run_cli(root, "build")
        return case, (res.returncode, res.stdout + res.stderr, before, sha256_tree(root / "data" / "curated"))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, E2E))


def _failed_untouched(e2e, case: str, code: int) -> str:
    rc, out, before, after = e2e[case]
    assert rc == code, out
    assert before and after == before, "the published Parquet files changed"
    return out


@pytest.mark.integration
@pytest.mark.parametrize("rule, row", [
    ("field_water_use_coefficient): value within the plausible range [0.05, 1]",
     "indicator_id=irrigation_water_use_coefficient · target_year=2020 · value=6.0"),
    ("value within the plausible range [0.01, 10000] 亿立方米",
     "indicator_id=total_water_use_cap · target_year=2020 · value=47000.0"),
    ("baseline_year is before target_year", "indicator_id=gdp_water_intensity_reduction · target_year=2025"),
    ("every registered document yields at least one target",
     "document_id=empty_notice · 0 targets · file data/raw/reviews/empty_notice.yaml"),
    ("no document's target count falls against the last published build",
     "document_id=wanzhou_2020_jieshui_xingdong_fangan · 24 → 23 targets"),
])
def test_build_stops_at_the_gate(e2e, rule, row):
    out = _failed_untouched(e2e, "broken", 4)
    assert "expectations failed:" in out and "Nothing was published" in out
    assert rule in out and row in out, out


@pytest.mark.integration
def test_gate_rows_name_the_review_file(e2e):
    out = _failed_untouched(e2e, "broken", 4)
    assert "value=6.0 · unit=1 · quote 「农田灌溉水有效利用系数提高到0.6」 · " \
           "file data/raw/reviews/yuncheng_2020_jieshui_xingdong_xize.yaml" in out, out


@pytest.mark.integration
def test_explained_drop_and_empty_document_publish(e2e):
    rc, out, before, after = e2e["explained"]
    assert rc == 0, out
    assert after != before and "expectations passed" in out


@pytest.mark.integration
@pytest.mark.parametrize("case, code, words", [
    ("sha_mismatch", 2, ["yuncheng_2020_jieshui_xingdong_xize.txt", "sha256"]),
    ("unknown_indicator", 2, ["reference_targets.csv line", "unknown indicator_id 'water_happiness_index'"]),
    ("review_quote_gone", 3, ["wuxi_jieshui_xingdong_fengong.yaml decision #",
                              "no candidate has this quote and indicator any more"]),
])
def test_bad_input_is_refused_before_the_gate(e2e, case, code, words):
    out = _failed_untouched(e2e, case, code)
    for word in words:
        assert word in out, out


@pytest.mark.integration
def test_duplicate_target_is_reported_by_the_gate(e2e):
    out = _failed_untouched(e2e, "duplicate", 4)
    assert "primary key target_id is unique" in out and "method=reference" not in out
