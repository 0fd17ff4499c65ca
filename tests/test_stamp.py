"""The inputs stamp that lets a rebuild with nothing changed stop at once."""

import subprocess
import sys

import pytest

from compare import paths, stamp


@pytest.fixture
def project(monkeypatch, tmp_path):
    """A scratch project: raw files, a review, an expectation suite, code, metadata, a curated folder."""
    raw, exp, pkg, cur = tmp_path / "raw", tmp_path / "expectations", tmp_path / "pkg", tmp_path / "curated"
    for d in (raw / "reviews", exp, pkg / "metadata", cur):
        d.mkdir(parents=True)
    (raw / "a.txt").write_text("到2025年，用水总量控制在1亿立方米以内。", encoding="utf-8")
    (raw / "documents.csv").write_text("document_id\na\n", encoding="utf-8")
    (raw / "reviews" / "a.yaml").write_text("decisions: []\n", encoding="utf-8")
    (exp / "targets.json").write_text("{}", encoding="utf-8")
    (pkg / "build.py").write_text("x = 1\n", encoding="utf-8")
    (pkg / "metadata" / "units.yaml").write_text("units: {}\n", encoding="utf-8")
    for name, value in {"RAW_DIR": raw, "EXPECTATIONS_DIR": exp, "PACKAGE_DIR": pkg,
                        "METADATA_DIR": pkg / "metadata", "CURATED_DIR": cur}.items():
        monkeypatch.setattr(paths, name, value)
    monkeypatch.delenv("COMPARE_FORCE_BUILD", raising=False)
    stamp.write_stamp(cur, stamp.inputs_digest(), validated=True)
    return tmp_path


def test_unchanged_inputs_are_up_to_date(project):
    assert stamp.up_to_date()
    assert stamp.up_to_date(validate=False)


@pytest.mark.parametrize("edited", ["raw/reviews/a.yaml", "raw/documents.csv", "raw/a.txt",
                                    "expectations/targets.json", "pkg/build.py", "pkg/metadata/units.yaml"])
def test_any_edited_input_means_rebuild(project, edited):
    with (project / edited).open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert not stamp.up_to_date()


def test_a_new_raw_file_means_rebuild(project):
    (project / "raw" / "b.txt").write_text("新文件", encoding="utf-8")
    assert not stamp.up_to_date()


def test_an_unvalidated_build_does_not_satisfy_a_validated_one(project):
    stamp.write_stamp(project / "curated", stamp.inputs_digest(), validated=False)
    assert stamp.up_to_date(validate=False)
    assert not stamp.up_to_date(validate=True)


def test_no_or_broken_stamp_or_forced_build_means_rebuild(project, monkeypatch):
    monkeypatch.setenv("COMPARE_FORCE_BUILD", "1")
    assert not stamp.up_to_date()
    monkeypatch.delenv("COMPARE_FORCE_BUILD")
    (project / "curated" / stamp.STAMP_NAME).write_text("{broken", encoding="utf-8")
    assert not stamp.up_to_date()
    (project / "curated" / stamp.STAMP_NAME).unlink()
    assert not stamp.up_to_date()


def test_checking_the_stamp_imports_neither_pandas_nor_great_expectations():
    code = ("import sys; from compare.stamp import up_to_date; up_to_date(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'great_expectations', 'plotly'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
