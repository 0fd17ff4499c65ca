"""Downloads worth citing (compare.downloads): full tables as CSV and XLSX with bilingual headers and units,
a README sheet, per-indicator and per-jurisdiction files, and the site's downloads page offering them.
Hermetic: built from conftest.make_tables, never from data/curated."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from compare import __version__, downloads, report

try:  # the shared fixtures' home (tests/fixture_corpus.py once the fixtures are one module)
    from fixture_corpus import make_tables
except ImportError:
    from conftest import make_tables

REPO = Path(__file__).resolve().parents[1]

INFO = {"built_at": "2026-12-01T08:30:00Z", "validation": "all 12 expectations passed"}
INJECTED = "=cmd|' /C calc'!A0"
CONTROL = "备注\x1b[31m红\x07"


def _tables() -> dict[str, pd.DataFrame]:
    """The hand-made tables with a formula-like note and a control character in another."""
    tables, _ = make_tables()
    t = tables["targets"].copy()
    t["note"] = t["note"].astype("object")
    t.loc[0, "note"] = INJECTED
    t.loc[1, "note"] = CONTROL
    tables["targets"] = t.astype({"note": "string"})
    return tables


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A site built from the hand-made tables (no static exports: empty export folders)."""
    root = tmp_path_factory.mktemp("dl_site")
    exports = root / "exports"
    for lang in report.LANGS:
        (exports / lang).mkdir(parents=True)
    out = root / "site"
    report.build_site(out, tables=_tables(), info=INFO, exports=exports, progress=lambda msg: None)
    return out


def _sheet_rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize("lang", report.LANGS)
def test_downloads_page_offers_the_full_targets_table_as_xlsx_with_a_readme_sheet(site, lang):
    page = site / lang / "downloads.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    row = soup.find(id="dl-table-targets")
    assert row is not None, "no row for the full targets table"
    links = {a.get_text(): a["href"] for a in row.find_all("a")}
    assert set(links) == {"CSV", "XLSX"}
    xlsx = (page.parent / links["XLSX"]).resolve()
    assert xlsx.is_file() and xlsx.is_relative_to(site.resolve())

    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["说明 README", "目标 Targets", "资料来源 Sources"]
    data = wb["目标 Targets"]
    header = [c.value for c in data[1]]
    assert "目标年份 / Target year" in header
    # Mixed units in the full table: the value header points to the unit column.
    assert "目标值（单位见“单位”列） / Value (unit: see the Unit column)" in header
    rows = _sheet_rows(data)[1:]
    assert len(rows) == len(_tables()["targets"])
    col = {h: i for i, h in enumerate(header)}
    year_cells = [r[col["目标年份 / Target year"]] for r in rows]
    value_col = header.index("目标值（单位见“单位”列） / Value (unit: see the Unit column)")
    for cells in data.iter_rows(min_row=2):
        value, year = cells[value_col], cells[col["目标年份 / Target year"]]
        assert value.data_type == "n" and isinstance(value.value, int | float)
        assert year.value is None or (year.data_type == "n" and isinstance(year.value, int))
        for cell in cells:
            if isinstance(cell.value, str):
                assert cell.data_type == "s", (cell.coordinate, cell.value)  # never a formula
    assert 2025 in year_cells and None in year_cells  # the undated target stays an empty cell
    notes = [r[col["备注 / Note"]] for r in rows]
    assert "'" + INJECTED in notes and INJECTED not in notes
    assert "备注[31m红" in notes  # control characters removed, the text kept
    assert all(r[col["地区（中文） / Jurisdiction (Chinese)"]] for r in rows)

    readme = _sheet_rows(wb["说明 README"])
    text = "\n".join(str(v) for r in readme for v in r if v is not None)
    assert "2026-12-01" in text and __version__ in text and "all 12 expectations passed" in text
    assert "How to cite" in text and "引用方式" in text
    described = {r[1]: r for r in readme if r and r[0] == "目标 Targets"}
    assert [r[2] for r in described.values()] == header  # every column of the sheet is explained
    assert described["target_year"][4] and described["target_year"][5] == "year the target applies to; null only when the text gives none"
    sources = _sheet_rows(wb["资料来源 Sources"])
    assert {"doc_a", "doc_b", "ref_national"} <= {r[0] for r in sources}


def test_downloads_page_lists_every_table_per_indicator_and_per_jurisdiction_and_how_to_cite(site):
    soup = BeautifulSoup((site / "en" / "downloads.html").read_text(encoding="utf-8"), "html.parser")
    for name in downloads.TABLES:
        assert soup.find(id=f"dl-table-{name}") is not None, name
    text = soup.get_text(" ")
    assert "How to cite" in text and "data built 2026-12-01" in text
    assert "Total water use cap" in text and "Yuncheng" in text
    hrefs = [a["href"] for a in soup.select("a.dl")]
    for href in hrefs:
        assert (site / "en" / href).resolve().is_file(), href
    assert any(h.endswith("CITATION.cff") for h in hrefs)
    assert any("/indicator/" in h and h.endswith(".xlsx") for h in hrefs)
    assert any("/jurisdiction/" in h and h.endswith(".xlsx") for h in hrefs)


def test_per_indicator_files_carry_the_unit_in_the_value_header(tmp_path):
    offered = downloads.write_downloads(tmp_path, _tables(), INFO)
    files = offered.indicators["total_water_use_cap"]
    with (tmp_path / files["csv"]).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert "目标值（亿立方米） / Value (100 million m³)" in rows[0]
    value = rows[1][rows[0].index("目标值（亿立方米） / Value (100 million m³)")]
    assert float(value) == 12.5  # taken from the fixture's table, written as a plain number
    wb = load_workbook(tmp_path / files["xlsx"])
    assert wb.sheetnames[0] == "说明 README"
    readme = "\n".join(str(v) for r in _sheet_rows(wb["说明 README"]) for v in r if v)
    assert "Total water use cap" in readme and "用水总量" in readme
    # The same value cell is a number in the workbook.
    ws = wb["目标 Targets"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("目标值（亿立方米） / Value (100 million m³)") + 1)
    assert cell.data_type == "n" and cell.value == 12.5


def test_per_jurisdiction_workbook_holds_its_targets_documents_and_responsibilities(tmp_path):
    tables = _tables()
    offered = downloads.write_downloads(tmp_path, tables, INFO)
    wb = load_workbook(tmp_path / offered.jurisdictions["cn.jiangsu.wuxi"]["xlsx"])
    assert wb.sheetnames == ["说明 README", "目标 Targets", "文件 Documents", "任务分工 Responsibilities",
                             "资料来源 Sources"]
    resp = _sheet_rows(wb["任务分工 Responsibilities"])
    assert len(resp) - 1 == len(tables["responsibilities"])
    item = resp[0].index("条目序号 / Item")
    assert all(isinstance(r[item], int) for r in resp[1:])
    targets = _sheet_rows(wb["目标 Targets"])
    assert len(targets) - 1 == int((tables["targets"]["jurisdiction_id"] == "cn.jiangsu.wuxi").sum())


def test_full_csv_escapes_formula_like_text_and_keeps_numbers_plain(tmp_path):
    offered = downloads.write_downloads(tmp_path, _tables(), INFO)
    with (tmp_path / offered.tables["targets"]["csv"]).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    note = rows[0].index("备注 / Note")
    assert "'" + INJECTED in [r[note] for r in rows[1:]]
    year = rows[0].index("目标年份 / Target year")
    assert all(re.fullmatch(r"\d{4}|", r[year]) for r in rows[1:])


def test_every_column_of_the_downloaded_tables_has_a_bilingual_label():
    from compare import metadata

    labels = metadata.column_labels()["tables"]
    for table in downloads.TABLES:
        assert list(labels[table]) == list(metadata.table_dtypes(table)), table
        for name, spec in labels[table].items():
            assert spec["zh"] and spec["en"] and spec["note_zh"], (table, name)


def test_citation_file_names_the_version_of_the_package():
    text = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf"^version: {re.escape(__version__)}$", text, re.M)
    assert text.startswith("cff-version: 1.2.0")
