"""Downloadable tables worth citing: the curated tables as CSV and XLSX with bilingual headers (units in
the header), a README sheet, and per-indicator and per-jurisdiction files.

    <out>/targets.csv … responsibilities.csv      one CSV per full table (UTF-8 with BOM)
    <out>/targets.xlsx … responsibilities.xlsx    one workbook per full table: the table, README, Sources
    <out>/all_tables.xlsx                         the four tables in one workbook, README, Sources
    <out>/indicator/<slug>.csv|.xlsx              one indicator's targets (and outcomes), value unit in the header
    <out>/jurisdiction/<slug>.csv|.xlsx           one place's targets (outcomes, documents, responsibilities)
    <out>/CITATION.cff                            the project's citation file, when the project has one

Headers and the README's column meanings come from metadata/columns.yaml (Chinese) and tables.yaml
(English); the words from the `download:` group of labels.yaml.  Every cell goes through compare.escape:
a text cell is a string with control characters removed and formula-like starts escaped, a number is a
number (never text), a missing value an empty cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from compare import __version__, metadata, paths
from compare.escape import plain_text, spreadsheet_cell

#: The full tables offered for download, in page order.
TABLES = ("targets", "documents", "outcomes", "responsibilities")
#: Display-name columns put after an id column: id column → (derived column stem, name function).
_NAMED = {
    "jurisdiction_id": "jurisdiction_name",
    "indicator_id": "indicator_name",
    "agency_id": "agency_name",
    "task_id": "task_name",
}
LANGS = ("zh", "en")
CITATION_FILE = "CITATION.cff"

Tables = Mapping[str, pd.DataFrame]


def word(key: str, lang: str, **fmt: object) -> str:
    """A word of the `download:` label group."""
    s = metadata.label("download", key, lang)
    return s.format(**fmt) if fmt else s


def _name(stem: str, ident: object, lang: str) -> str | None:
    """The display name of an id (jurisdiction, indicator, agency, task) in `lang`; None when unknown."""
    if ident is None or (not isinstance(ident, str) and pd.isna(ident)):
        return None
    try:
        if stem == "jurisdiction_name":
            return metadata.jurisdiction_name(ident, lang)
        if stem == "indicator_name":
            return metadata.indicator_name(ident, lang)
        if stem == "agency_name":
            return metadata.agency_specs()[ident][f"name_{lang}"]
        return metadata.task_specs()[ident][f"name_{lang}"]
    except KeyError:
        return None


def reader_table(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with the zh and en display names inserted after each id column it has (jurisdiction, indicator,
    agency, task); the published columns are kept as they are."""
    out = df.copy()
    for col, stem in _NAMED.items():
        if col not in out.columns:
            continue
        at = out.columns.get_loc(col) + 1
        for i, lang in enumerate(LANGS):
            out.insert(at + i, f"{stem}_{lang}", out[col].map(lambda v, s=stem, lg=lang: _name(s, v, lg)).astype(object))
    return out


# --------------------------------------------------------------------------- headers


@dataclass(frozen=True)
class Column:
    """One column of a download: its data name, its header, its unit (when the same for every row) and
    what it means in both languages."""

    name: str
    zh: str
    en: str
    unit_zh: str = ""
    unit_en: str = ""
    note_zh: str = ""
    note_en: str = ""

    @property
    def header(self) -> str:
        """The bilingual header: `目标值（亿立方米） / Value (100 million m³)`."""
        zh = f"{self.zh}（{self.unit_zh}）" if self.unit_zh else self.zh
        en = f"{self.en} ({self.unit_en})" if self.unit_en else self.en
        return zh if zh == en else f"{zh} / {en}"


def _unit_label(unit: str, lang: str) -> str:
    try:
        return metadata.label("unit", unit, lang)
    except KeyError:
        return unit


def columns_of(table: str, df: pd.DataFrame) -> list[Column]:
    """The columns of a download of `table` (from reader_table), headers and meanings from the metadata.
    A column with `unit: column` (a value) gets its unit in the header when every row has the same unit,
    otherwise a pointer to the unit column."""
    labels = metadata.column_labels()
    own = labels["tables"].get(table, {})
    derived = labels["derived"]
    described = metadata.table_specs().get(table, {}).get("columns", {})
    units = set(df["unit"].dropna().astype(str)) if "unit" in df.columns else set()
    cols = []
    for name in df.columns:
        spec = own.get(name) or derived.get(name) or {"zh": name, "en": name}
        unit_zh = unit_en = ""
        if spec.get("unit") == "column":
            if len(units) == 1:
                (unit,) = units
                unit_zh, unit_en = _unit_label(unit, "zh"), _unit_label(unit, "en")
            else:
                unit_zh, unit_en = word("unit_see_column", "zh"), word("unit_see_column", "en")
        note_en = spec.get("note_en") or str(described.get(name, {}).get("description", ""))
        cols.append(Column(name, spec["zh"], spec["en"], unit_zh, unit_en, spec.get("note_zh", ""), note_en))
    return cols


# --------------------------------------------------------------------------- cells


def cell_value(value: object) -> object:
    """A value as a spreadsheet cell: None for missing, int/float/bool kept as numbers, anything else a
    string without control characters whose formula-like start is escaped (compare.escape)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, list | tuple):
        value = "; ".join(map(str, value))
    return spreadsheet_cell(plain_text(value))


def _rows(df: pd.DataFrame) -> list[list[object]]:
    return [[cell_value(v) for v in row] for row in df.astype(object).itertuples(index=False, name=None)]


# --------------------------------------------------------------------------- one function per file kind


def write_csv(table: str, df: pd.DataFrame, path: Path) -> Path:
    """`df` as CSV (UTF-8 with BOM, so spreadsheet programs read 汉字) under its bilingual headers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = columns_of(table, df)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([spreadsheet_cell(c.header) for c in cols])
        w.writerows(["" if v is None else v for v in row] for row in _rows(df))
    return path


@dataclass
class Workbook:
    """What goes into one XLSX file: sheets (table name → data), what the file holds, the sources."""

    sheets: dict[str, pd.DataFrame]
    subset: tuple[str, str] | None = None  # (zh, en): what part of the data the file holds
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)


def _sheet_title(key: str) -> str:
    """A sheet name: `目标 Targets` (Excel allows 31 characters and no []:*?/\\)."""
    zh, en = word(key, "zh"), word(key, "en")
    return f"{zh} {en}"[:31]


def _fill(ws, header: list[str], rows: list[list[object]], widths: list[int] | None = None) -> None:
    """Write a header row (bold, frozen) and the rows; every string cell is stored as text."""
    from openpyxl.styles import Alignment, Font

    ws.append([spreadsheet_cell(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    ws.freeze_panes = "A2"
    from openpyxl.utils import get_column_letter

    lines = 1
    for i, h in enumerate(header, start=1):  # about two lines of header per column, 10 to 28 wide
        width = widths[i - 1] if widths else min(max(_text_width(str(h)) / 2 + 2, 10), 28)
        ws.column_dimensions[get_column_letter(i)].width = width
        lines = max(lines, _lines(str(h), width))
    ws.row_dimensions[1].height = LINE_PT * lines


def readme_rows(book: Workbook, info: Mapping) -> list[list[object]]:
    """The README sheet: one-cell lines (title, what the file holds, build date, version, validation,
    sources, cells, how to cite; each in Chinese, then in English), then one row per column of every sheet
    (sheet, data name, header, unit, meanings)."""
    built = _built(info)
    pairs = [(word("readme_title", "zh"), word("readme_title", "en")),
             (word("readme_what", "zh"), word("readme_what", "en"))]
    if book.subset:
        pairs.append((f"{word('readme_subset', 'zh')}：{book.subset[0]}", f"{word('readme_subset', 'en')}: {book.subset[1]}"))
    pairs += [(f"{word('readme_built', 'zh')}：{built}", f"{word('readme_built', 'en')}: {built}"),
              (f"{word('readme_version', 'zh')}：{__version__}", f"{word('readme_version', 'en')}: {__version__}")]
    if info.get("validation"):
        pairs.append((f"{word('readme_validation', 'zh')}：{info['validation']}",
                      f"{word('readme_validation', 'en')}: {info['validation']}"))
    pairs += [(word("readme_sources", "zh"), word("readme_sources", "en")),
              (word("readme_numbers", "zh"), word("readme_numbers", "en")),
              (f"{word('readme_cite', 'zh')}：{cite_text('zh', info)}", f"{word('readme_cite', 'en')}: {cite_text('en', info)}")]
    rows: list[list[object]] = [[line] for pair in pairs for line in pair]
    rows += [
        [],
        [f"{word('readme_columns', 'zh')} / {word('readme_columns', 'en')}"],
        [f"{word(k, 'zh')} / {word(k, 'en')}" for k in ("col_sheet", "col_column", "col_header", "col_unit",
                                                          "col_note_zh", "col_note_en")],
    ]
    for table, df in book.sheets.items():
        for c in columns_of(table, df):
            unit = c.unit_zh if c.unit_zh == c.unit_en else f"{c.unit_zh} / {c.unit_en}"
            rows.append([_sheet_title(table), c.name, c.header, unit, c.note_zh, c.note_en])
    return [[cell_value(v) for v in row] for row in rows]


#: README sheet column widths (characters of “0”) and the height of one line of text (points).
README_WIDTHS = (18, 22, 40, 16, 44, 56)
LINE_PT = 15.0


def _text_width(text: str) -> int:
    """How many “0” widths `text` takes in a spreadsheet cell (a CJK character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    return max(1, math.ceil(_text_width(text) / max(width - 1, 1)))


def write_xlsx(book: Workbook, path: Path, info: Mapping) -> Path:
    """One workbook: the README sheet first, then one sheet per table under its bilingual headers, then
    the sources.  Numbers are stored as numbers, text as text (formula-like starts escaped).  Lines of the
    README span its width and every README row is as tall as its wrapped text (spreadsheet programs do
    not grow rows on opening a file)."""
    from openpyxl import Workbook as XlsxWorkbook
    from openpyxl.styles import Alignment, Font

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = XlsxWorkbook()
    ws = wb.active
    ws.title = _sheet_title("readme")
    for col, width in zip("ABCDEF", README_WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    full = sum(README_WIDTHS)
    for r, row in enumerate(readme_rows(book, info), start=1):
        ws.append(row)
        if len(row) == 1:  # a line of text across the sheet
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(README_WIDTHS))
            lines = _lines(str(row[0]), full)
        else:
            lines = max((_lines(str(v), w) for v, w in zip(row, README_WIDTHS, strict=False) if v), default=1)
        for cell in ws[r]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if lines > 1:
                    cell.alignment = wrap
        if lines > 1:
            ws.row_dimensions[r].height = LINE_PT * lines
    ws["A1"].font = Font(bold=True, size=14)
    ws.row_dimensions[1].height = 22
    for table, df in book.sheets.items():
        cols = columns_of(table, df)
        _fill(wb.create_sheet(_sheet_title(table)), [c.header for c in cols], _rows(df))
    if not book.sources.empty:
        src = book.sources
        _fill(wb.create_sheet(_sheet_title("sources")), list(src.columns), _rows(src))
    wb.properties.title = word("readme_title", "en")
    wb.properties.creator = "water-targets compare"
    wb.save(path)
    return path


def write_citation(directory: Path) -> Path | None:
    """A copy of CITATION.cff in `directory`: the project's, else the checkout's the package runs from
    (None when neither has one, e.g. an installed wheel)."""
    found = [p for p in (paths.PROJECT_ROOT / CITATION_FILE, paths.PACKAGE_DIR.parents[1] / CITATION_FILE)
             if p.is_file()]
    if not found:
        return None
    src = found[0]
    directory.mkdir(parents=True, exist_ok=True)
    dest = directory / CITATION_FILE
    dest.write_bytes(src.read_bytes())
    return dest


# --------------------------------------------------------------------------- what is offered


def _built(info: Mapping) -> str:
    raw = str(info.get("built_at") or "")
    return raw[:10] if raw else "—"


def cite_text(lang: str, info: Mapping) -> str:
    """How to cite the tables, in `lang`, with the version and the build date from build_info."""
    built = _built(info)
    year = built[:4] if built[:4].isdigit() else str(dt.date.today().year)
    return word("cite", lang, year=year, version=__version__, built=built)


def sources_of(tables: Tables, document_ids: set[str] | None = None) -> pd.DataFrame:
    """The documents (all, or `document_ids`) as the Sources sheet: id, place, title, issuer, 文号,
    date, kind, URL; the outcomes' source URLs follow."""
    from compare.export import sources_table

    docs = tables["documents"]
    if document_ids is not None:
        docs = docs[docs["document_id"].isin(document_ids)]
    outcomes = tables.get("outcomes")
    return sources_table(docs, outcomes if document_ids is None else None)


@dataclass
class Offered:
    """The files written by `write_downloads`, paths relative to its `out`, for the downloads page."""

    tables: dict[str, dict[str, str]] = field(default_factory=dict)  # table → {csv, xlsx, rows}
    all_tables: str | None = None
    indicators: dict[str, dict[str, str]] = field(default_factory=dict)  # indicator id → {csv, xlsx}
    jurisdictions: dict[str, dict[str, str]] = field(default_factory=dict)
    citation: str | None = None


def write_downloads(out: Path, tables: Tables, info: Mapping) -> Offered:
    """Write every download of the tables under `out` (see the module docstring); return what was written."""
    from compare.export import slugify

    out = Path(out)
    present = {name: reader_table(tables[name]) for name in TABLES if name in tables}
    everything = sources_of(tables)
    offered = Offered()
    for name, df in present.items():
        write_csv(name, df, out / f"{name}.csv")
        write_xlsx(Workbook({name: df}, None, everything), out / f"{name}.xlsx", info)
        offered.tables[name] = {"csv": f"{name}.csv", "xlsx": f"{name}.xlsx", "rows": str(len(df))}
    write_xlsx(Workbook(present, None, everything), out / "all_tables.xlsx", info)
    offered.all_tables = "all_tables.xlsx"

    targets = present.get("targets", pd.DataFrame(columns=["indicator_id", "jurisdiction_id", "document_id"]))
    outcomes = present.get("outcomes")
    for iid in pd.unique(targets["indicator_id"].dropna()):
        sheets = {"targets": targets[targets["indicator_id"] == iid].reset_index(drop=True)}
        if outcomes is not None and (outcomes["indicator_id"] == iid).any():
            sheets["outcomes"] = outcomes[outcomes["indicator_id"] == iid].reset_index(drop=True)
        subset = (metadata.indicator_name(iid, "zh"), metadata.indicator_name(iid, "en")) \
            if iid in metadata.indicator_specs() else (iid, iid)
        base = out / "indicator" / slugify(iid)
        write_csv("targets", sheets["targets"], base.with_suffix(".csv"))
        write_xlsx(Workbook(sheets, subset, sources_of(tables, set(sheets["targets"]["document_id"]))),
                   base.with_suffix(".xlsx"), info)
        offered.indicators[iid] = {"csv": f"indicator/{base.name}.csv", "xlsx": f"indicator/{base.name}.xlsx"}

    for jid in pd.unique(targets["jurisdiction_id"].dropna()):
        own = targets[targets["jurisdiction_id"] == jid].reset_index(drop=True)
        doc_ids = set(own["document_id"])
        sheets = {"targets": own}
        if outcomes is not None and (outcomes["jurisdiction_id"] == jid).any():
            sheets["outcomes"] = outcomes[outcomes["jurisdiction_id"] == jid].reset_index(drop=True)
        if "documents" in present:
            docs = present["documents"]
            sheets["documents"] = docs[docs["jurisdiction_id"] == jid].reset_index(drop=True)
            doc_ids |= set(sheets["documents"]["document_id"])
        if "responsibilities" in present:
            resp = present["responsibilities"]
            mine = resp[resp["document_id"].isin(doc_ids)].reset_index(drop=True)
            if not mine.empty:
                sheets["responsibilities"] = mine
        subset = (_name("jurisdiction_name", jid, "zh") or jid, _name("jurisdiction_name", jid, "en") or jid)
        base = out / "jurisdiction" / slugify(jid)
        write_csv("targets", own, base.with_suffix(".csv"))
        write_xlsx(Workbook(sheets, subset, sources_of(tables, doc_ids)), base.with_suffix(".xlsx"), info)
        offered.jurisdictions[jid] = {"csv": f"jurisdiction/{base.name}.csv", "xlsx": f"jurisdiction/{base.name}.xlsx"}

    citation = write_citation(out)
    offered.citation = citation.name if citation else None
    return offered


def page_context(offered: Offered, prefix: str, lang: str, info: Mapping) -> dict:
    """What the site's downloads page shows of `offered` (written under `prefix`, relative to the site
    root): the full tables, the per-indicator and per-jurisdiction files, how to cite."""
    from compare import analysis

    def link(rel: str) -> str:
        return f"{prefix}/{rel}"

    tables = [{"name": word(n, lang), "id": n, "rows": word("n_rows", lang, n=v["rows"]),
               "files": [{"format": "CSV", "path": link(v["csv"])}, {"format": "XLSX", "path": link(v["xlsx"])}]}
              for n, v in offered.tables.items()]
    i_order, j_order = analysis.indicator_order(), analysis.jurisdiction_order()
    indicators = [{"name": _name("indicator_name", i, lang) or i,
                   "files": [{"format": "CSV", "path": link(v["csv"])}, {"format": "XLSX", "path": link(v["xlsx"])}]}
                  for i, v in sorted(offered.indicators.items(), key=lambda kv: i_order.get(kv[0], len(i_order)))]
    places = [{"name": _name("jurisdiction_name", j, lang) or j,
               "files": [{"format": "CSV", "path": link(v["csv"])}, {"format": "XLSX", "path": link(v["xlsx"])}]}
              for j, v in sorted(offered.jurisdictions.items(), key=lambda kv: j_order.get(kv[0], len(j_order)))]
    return {
        "dl_words": {k: word(k, lang) for k in ("page_tables", "page_tables_intro", "page_all_tables",
                                                 "page_by_indicator", "page_by_jurisdiction", "page_charts",
                                                 "page_cite", "page_cite_file")},
        "dl_tables": tables,
        "dl_all": link(offered.all_tables) if offered.all_tables else None,
        "dl_indicators": indicators,
        "dl_jurisdictions": places,
        "dl_citation": link(offered.citation) if offered.citation else None,
        "dl_cite": cite_text(lang, info),
    }
