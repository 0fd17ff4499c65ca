"""`compare add`: a plan as .txt (UTF-8, GB18030, UTF-16), .docx, text-layer .pdf or .html registers the
document and yields the same targets as the plain UTF-8 text of the same content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from doc_fixtures import plan_text, write_docx, write_html, write_text_pdf
from fixture_corpus import run_cli, scratch_project, tree_digest

from compare import metadata, paths
from compare.add import add_document, resolve_jurisdiction
from compare.errors import InputError
from compare.extract import extract_text
from compare.registry import load_registry, sha256_of
from compare.text import read_raw


def _key(candidates):
    return sorted(tuple("" if x is None else str(x) for x in (
        c.indicator_id, c.target_year, c.value, c.unit, c.comparator, c.baseline_year, c.scope, c.attribute,
        c.qualifier, c.value_reported, c.unit_reported)) for c in candidates)


def _formats(folder):
    folder.mkdir()
    text = plan_text()
    (folder / "plan_utf8.txt").write_text(text, encoding="utf-8")
    (folder / "plan_gb.txt").write_bytes(text.encode("gb18030"))
    (folder / "plan_utf16.txt").write_bytes(text.encode("utf-16"))
    write_docx(folder / "plan_word.docx")
    write_text_pdf(folder / "plan_scan_with_text.pdf", lines_per_page=6)
    write_html(folder / "plan_web.html", encoding="gb18030")
    return folder


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """A scratch project after `compare add` of the same plan in six formats, and then a build."""
    tmp = tmp_path_factory.mktemp("add")
    root = scratch_project(tmp / "project")
    inputs = _formats(tmp / "inputs")
    runs = {p.name: run_cli(root, "add", str(p), "--jurisdiction", "晋城市", "--id", f"jincheng_{p.stem}",
                            "--title", "沁水县节水行动实施方案", "--date", "2021-03-01")
            for p in sorted(inputs.iterdir())}
    build = run_cli(root, "build", "--no-validate")
    return root, inputs, runs, build


@pytest.mark.slow
def test_every_format_is_registered(added):
    root, inputs, runs, _ = added
    for name, res in runs.items():
        assert res.returncode == 0, (name, res.stderr)
        assert "added jincheng_" in res.stdout and ".draft.yaml" in res.stdout
    registry = load_registry(root / "data" / "raw" / "documents.csv").set_index("document_id")
    for p in inputs.iterdir():
        row = registry.loc[f"jincheng_{p.stem}"]
        text_file = root / "data" / "raw" / row["path"]
        assert row["path"] == f"jincheng_{p.stem}.txt" and row["sha256"] == sha256_of(text_file)
        assert (row["jurisdiction_id"], row["date_issued"]) == ("cn.shanxi.jincheng", "2021-03-01")


@pytest.mark.slow
def test_the_original_is_kept_unchanged_beside_its_text(added):
    root, inputs, _, _ = added
    raw = root / "data" / "raw"
    for p in inputs.iterdir():
        kept = raw / f"jincheng_{p.stem}{p.suffix}"
        assert kept.read_bytes() == p.read_bytes(), p.name
    csv_text = (raw / "documents.csv").read_text("utf-8")
    assert f"jincheng_plan_word.docx,{sha256_of(inputs / 'plan_word.docx')}" in csv_text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["plan_gb.txt", "plan_utf16.txt", "plan_word.docx", "plan_scan_with_text.pdf",
                                  "plan_web.html"])
def test_every_format_yields_the_targets_of_the_utf8_text(added, name):
    root, inputs, _, _ = added
    raw = root / "data" / "raw"
    expected = _key(extract_text(plan_text(), "x"))
    assert len(expected) == 10
    stem = name.rsplit(".", 1)[0]
    got = _key(extract_text(read_raw(raw / f"jincheng_{stem}.txt"), "x"))
    assert got == expected
    draft = yaml.safe_load((raw / "reviews" / f"jincheng_{stem}.draft.yaml").read_text("utf-8"))
    assert len(draft["candidates"]) == 10 and draft["decisions"] == []


@pytest.mark.slow
def test_build_publishes_the_added_documents_with_exact_quotes(added):
    import pandas as pd

    root, _, _, build = added
    assert build.returncode == 0, build.stderr
    t = pd.read_parquet(root / "data" / "curated" / "targets.parquet")
    new = t[t["document_id"].str.startswith("jincheng_plan")]
    assert new["document_id"].nunique() == 6 and len(new) == 60
    for r in new.itertuples():
        raw = read_raw(root / "data" / "raw" / f"{r.document_id}.txt")
        assert raw[r.char_start : r.char_end] == r.quote_zh


@pytest.mark.slow
def test_draft_reviews_are_not_applied_until_renamed(added, tmp_path):
    root, _, _, _ = added
    project = tmp_path / "p"
    shutil.copytree(root / "data", project / "data")
    draft = project / "data" / "raw" / "reviews" / "jincheng_plan_utf8.draft.yaml"
    body = yaml.safe_load(draft.read_text("utf-8"))
    first = body["candidates"][0]
    body["decisions"] = [{"action": "reject", "quote": first["quote"], "indicator_id": first["indicator_id"],
                          "target_year": first["target_year"], "reason": "test"}]
    body["confirm"] = "all"
    draft.write_text(yaml.safe_dump(body, allow_unicode=True), "utf-8")
    assert "jincheng_plan_utf8                              10       10        0" in \
        run_cli(project, "build", "--no-validate").stdout
    draft.rename(draft.with_name("jincheng_plan_utf8.yaml"))
    assert "jincheng_plan_utf8                               9        9        1" in \
        run_cli(project, "build", "--no-validate").stdout


# --------------------------------------------------------------------------- in process


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A scratch project in effect for this process (WATER_TARGETS_ROOT): its data/reference/ is what
    `compare add --new-jurisdiction` writes to."""
    root = scratch_project(tmp_path / "project")
    monkeypatch.setenv("WATER_TARGETS_ROOT", str(root))
    yield root, root / "data" / "reference"


def test_new_county_jurisdiction_is_appended_with_its_parent(project, tmp_path):
    root, meta = project
    src = tmp_path / "qinshui.txt"
    src.write_text(plan_text(), encoding="utf-8")
    before = (meta / "jurisdictions.yaml").read_text("utf-8")
    package = tree_digest(paths.METADATA_DIR)
    result = add_document(src, "沁水县", new_jurisdiction=True, level="county", parent="晋城市", name_en="Qinshui",
                          division_code="140521")
    assert result.new_jurisdiction == "cn.shanxi.jincheng.qinshui"
    after = (meta / "jurisdictions.yaml").read_text("utf-8")
    assert after.startswith(before) and "沁水县" in after[len(before):]
    assert tree_digest(paths.METADATA_DIR) == package, "compare add wrote into the package's metadata/"
    spec = metadata.jurisdiction_specs()["cn.shanxi.jincheng.qinshui"]
    assert (spec["level"], spec["parent_id"], spec["aliases_zh"]) == ("county", "cn.shanxi.jincheng", ["沁水县", "沁水"])
    assert spec["division_code"] == "140521", "the code is written as a 6-character string, not a number"
    assert resolve_jurisdiction("沁水") == "cn.shanxi.jincheng.qinshui"
    assert result.document_id == "qinshui" and len(result.candidates) == 10
    registry = load_registry(root / "data" / "raw" / "documents.csv")
    assert "cn.shanxi.jincheng.qinshui" in set(registry["jurisdiction_id"])


@pytest.mark.parametrize("kwargs,words", [
    ({"level": "county", "parent": "晋城市"}, "--name-en is required"),
    ({"level": "town", "parent": "晋城市", "name_en": "Y"}, "--level must be one of"),
    ({"level": "county", "parent": "阳泉市", "name_en": "Y"}, "unknown jurisdiction '阳泉市'"),
    ({"level": "county", "parent": None, "name_en": "Y"}, "--parent is required"),
    ({"level": "county", "parent": "晋城市", "name_en": "Y", "division_code": "14052"}, "6-digit administrative"),
    ({"level": "county", "parent": "晋城市", "name_en": "Y", "division_code": "320522"}, "lies outside cn.shanxi.jincheng"),
    ({"level": "county", "parent": "晋城市", "name_en": "Y", "division_code": "140500"}, "already belongs to cn.shanxi.jincheng"),
])
def test_new_jurisdiction_needs_level_parent_and_name(project, tmp_path, kwargs, words):
    _, meta = project
    src = tmp_path / "p.txt"
    src.write_text(plan_text(), encoding="utf-8")
    before = tree_digest(meta)
    with pytest.raises(InputError, match=words):
        add_document(src, "沁水县", new_jurisdiction=True, **kwargs)
    assert tree_digest(meta) == before


def test_unknown_jurisdiction_lists_close_matches(project):
    with pytest.raises(InputError, match=r"close matches: 运城市 \(cn\.shanxi\.yuncheng\)"):
        resolve_jurisdiction("运城县")
    assert resolve_jurisdiction("Wuxi") == "cn.jiangsu.wuxi" and resolve_jurisdiction("cn.shanxi") == "cn.shanxi"


def _added_with_draft(root: Path, tmp_path: Path, sentence: str, document_id: str):
    """Add a one-sentence plan of 晋城市 (2021-03-01): the result, its draft review's path and its data."""
    src = tmp_path / "plan.txt"
    src.write_text(f"关于节水工作的方案\n{sentence}\n", encoding="utf-8")
    result = add_document(src, "晋城市", document_id=document_id, date="2021-03-01")
    draft_path = next((root / "data" / "raw" / "reviews").glob(f"{document_id}*"))
    return result, draft_path, yaml.safe_load(draft_path.read_text(encoding="utf-8"))


def test_the_draft_lists_numbers_no_rule_accounted_for_in_target_sentences(project, tmp_path):
    root, _ = project
    result, _, draft = _added_with_draft(
        root, tmp_path, "到2025年，全市用水总量控制在3.2亿立方米以内，同时完成试点考评不低于7。", "jincheng_draft_numbers")
    assert [c["value_reported"] for c in draft["candidates"]] == ["3.2"] == [c.value_reported for c in result.candidates]
    [number] = draft["unclassified_numbers"]
    raw = (root / "data" / "raw" / "jincheng_draft_numbers.txt").read_text(encoding="utf-8")
    assert number["number"] == "7" == raw[number["char_start"] : number["char_end"]]
    assert "用水总量控制在3.2亿立方米以内" in number["sentence"]
    assert "unlisted_targets" not in draft


def test_the_draft_lists_targets_of_indicators_the_vocabulary_lacks(project, tmp_path):
    root, _ = project
    result, draft_path, draft = _added_with_draft(
        root, tmp_path, "到2025年，全市用水总量控制在3.2亿立方米以内，改建渡槽检修便道12公里。", "jincheng_draft_unlisted")
    assert [c.value_reported for c in result.candidates] == ["3.2"]  # never a target row by itself
    [row] = draft["unlisted_targets"]
    raw = (root / "data" / "raw" / "jincheng_draft_unlisted.txt").read_text(encoding="utf-8")
    assert row["closest_indicators"] and len(row["closest_indicators"]) <= 3
    assert (row["named"], row["target_year"], row["value_reported"], row["unit_reported"]) == (
        "改建渡槽检修便道", 2025, "12", "公里")
    assert raw[row["char_start"] : row["char_start"] + len(row["quote"])] == row["quote"] == "改建渡槽检修便道12公里"
    assert "unlisted_targets" in draft_path.read_text(encoding="utf-8").split("document_id:")[0]  # explained
