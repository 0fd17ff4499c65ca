"""The inputs stamp that lets a rebuild with nothing changed stop at once."""

import subprocess
import sys

import pytest

from compare import paths, stamp


@pytest.fixture
def project(monkeypatch, tmp_path):
    """A scratch project (WATER_TARGETS_ROOT=tmp_path): raw files, a review, reference data, an expectation
    suite, a curated folder; and a scratch package (code, metadata)."""
    data, exp, pkg = tmp_path / "data", tmp_path / "expectations", tmp_path / "pkg"
    raw, ref, cur = data / "raw", data / "reference", data / "curated"
    for d in (raw / "reviews", ref, exp, pkg / "metadata", cur):
        d.mkdir(parents=True)
    (raw / "a.txt").write_text("到2025年，用水总量控制在1亿立方米以内。", encoding="utf-8")
    (raw / "documents.csv").write_text("document_id\na\n", encoding="utf-8")
    (raw / "reviews" / "a.yaml").write_text("decisions: []\n", encoding="utf-8")
    (ref / "jurisdictions.yaml").write_text("jurisdictions: []\n", encoding="utf-8")
    (exp / "targets.json").write_text("{}", encoding="utf-8")
    (pkg / "build.py").write_text("x = 1\n", encoding="utf-8")
    (pkg / "metadata" / "units.yaml").write_text("units: {}\n", encoding="utf-8")
    monkeypatch.setenv("WATER_TARGETS_ROOT", str(tmp_path))
    monkeypatch.setattr(paths, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(paths, "METADATA_DIR", pkg / "metadata")
    monkeypatch.delenv("COMPARE_FORCE_BUILD", raising=False)
    stamp.write_stamp(cur, stamp.inputs_digest(), validated=True)
    return tmp_path


def test_unchanged_inputs_are_up_to_date(project):
    assert stamp.up_to_date()
    assert stamp.up_to_date(validate=False)


@pytest.mark.parametrize("edited", ["data/raw/reviews/a.yaml", "data/raw/documents.csv", "data/raw/a.txt",
                                    "expectations/targets.json", "pkg/build.py", "pkg/metadata/units.yaml",
                                    "data/reference/jurisdictions.yaml"])
def test_any_edited_input_means_rebuild(project, edited):
    with (project / edited).open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert not stamp.up_to_date()


def test_a_new_raw_file_means_rebuild(project):
    (project / "data" / "raw" / "b.txt").write_text("新文件", encoding="utf-8")
    assert not stamp.up_to_date()


def test_an_unvalidated_build_does_not_satisfy_a_validated_one(project):
    stamp.write_stamp(project / "data" / "curated", stamp.inputs_digest(), validated=False)
    assert stamp.up_to_date(validate=False)
    assert not stamp.up_to_date(validate=True)


def test_no_or_broken_stamp_or_forced_build_means_rebuild(project, monkeypatch):
    monkeypatch.setenv("COMPARE_FORCE_BUILD", "1")
    assert not stamp.up_to_date()
    monkeypatch.delenv("COMPARE_FORCE_BUILD")
    (project / "data" / "curated" / stamp.STAMP_NAME).write_text("{broken", encoding="utf-8")
    assert not stamp.up_to_date()
    (project / "data" / "curated" / stamp.STAMP_NAME).unlink()
    assert not stamp.up_to_date()


def test_checking_the_stamp_imports_neither_pandas_nor_great_expectations():
    code = ("import sys; from compare.stamp import up_to_date; up_to_date(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'great_expectations', 'plotly'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
