"""Issue 14 (hardening): nothing lost, nothing injected, nothing fetched, no traceback — the in-process
tests (the end-to-end cases are rows of docs/bad_inputs.md, in tests/test_bad_input_catalogue.py)."""

from __future__ import annotations

import pytest
from conftest import make_tables

from compare import outdir, report
from compare.errors import OutputError

# --------------------------------------------------------------------------- --out never removes user files


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """The report site of the hand-made tables (HTML charts and data only)."""
    tables, _ = make_tables()
    out = tmp_path_factory.mktemp("site") / "site"
    report.build_site(out, tables=tables, exports=None, progress=lambda msg: None)
    return out, tables


def test_report_refuses_a_folder_it_did_not_write(tmp_path, small_site):
    _, tables = small_site
    out = tmp_path / "mine"
    for rel in ("zh/notes.txt", "assets/photo.png", "downloads/x.csv", "index.html"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not empty .* was not written by `compare report`"):
        report.build_site(out, tables=tables, exports=None, progress=lambda msg: None)
    assert sorted(p.read_text("utf-8") for p in out.rglob("*") if p.is_file()) == ["mine"] * 4


def test_report_rebuild_removes_only_its_own_files(small_site, tmp_path):
    site, tables = small_site
    manifest = (site / outdir.MANIFEST).read_text("utf-8")
    assert '"zh/index.html"' in manifest and '"assets/site.css"' in manifest
    (site / "zh" / "my_notes.txt").write_text("mine", encoding="utf-8")
    (site / "extra").mkdir()
    (site / "extra" / "keep.md").write_text("mine", encoding="utf-8")
    report.build_site(site, tables=tables, exports=None, progress=lambda msg: None)
    assert (site / "zh" / "my_notes.txt").read_text("utf-8") == "mine"
    assert (site / "extra" / "keep.md").read_text("utf-8") == "mine"
    assert (site / "zh" / "index.html").is_file()
    assert "my_notes" not in (site / outdir.MANIFEST).read_text("utf-8")


def test_tampered_manifest_removes_nothing_outside(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "precious.txt"
    outside.write_text("mine", encoding="utf-8")
    out.mkdir()
    (out / outdir.MANIFEST).write_text('{"command": "report", "files": ["../precious.txt", "/etc/hostname"]}')
    outdir.prepare(out, "report")
    assert outside.read_text("utf-8") == "mine"


def test_out_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="must be a folder, but this is a file"):
        outdir.prepare(tmp_path / "f", "report")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        outdir.prepare(tmp_path / "f" / "sub", "export")
