"""The indicator-table rule: a header row naming an indicator column and one or more year columns
(`指标 | 单位 | 2020年现状 | 2025年目标 | 属性`), then rows that name an indicator, its unit and attribute.
A year column whose header reports a value (现状, 基准 … lexicon `table_outcome_headers`) gives outcome
candidates.  A header the rule recognises but whose rows give nothing is reported as a table not read."""

from __future__ import annotations

import re
from collections.abc import Iterator

from compare import metadata
from compare.extract import vocab
from compare.extract.model import Candidate, Doc
from compare.extract.prose import aliases, candidate, choose, scope_before, values
from compare.text import is_cell_line

_YEAR_CELL = re.compile(r"^((?:19|20|21)[0-9]{2})年?(.{0,6})$")


def _table_cells(text: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(start, end, row) of each cell: cells are tab-led lines or tab-separated; rows end at blank lines."""
    cells = []
    row = 0
    pos = lo
    for line in text[lo:hi].split("\n"):
        line_lo, line_hi = pos, pos + len(line)
        pos = line_hi + 1
        if line_lo == line_hi:
            row += 1
            continue
        cell_line = is_cell_line(line)
        if not cell_line:
            row += 1
        at = line_lo
        parts = line.split("\t")
        if cell_line:
            at += 1
            parts = parts[1:]
        for p in parts:
            cells.append((at, at + len(p), row))
            at += len(p) + 1
    return cells


def _unit_of(cell: str, bracketed: bool = False) -> str | None:
    """The unit spelling a unit cell holds (`亿立方米`), or the one in brackets in a name cell
    (`用水总量(亿m3)`)."""
    spellings = vocab.unit_spellings()
    if not bracketed:
        return cell if cell in spellings else None
    m = re.search(r"[(（]([^()（）]{1,8})[)）]", cell)
    return m.group(1) if m and m.group(1) in spellings else None


def indicator_tables(doc: Doc) -> Iterator[Candidate]:
    text = doc.text
    lex = vocab.lexicon()
    name_headers = tuple(lex["table_name_headers"])
    # A table starts at a header cell, so nothing before the line of the first header word can belong to
    # one; rows are only compared with each other, so counting them from there changes nothing.
    first = min((k for k in (text.find(h) for h in name_headers) if k >= 0), default=-1)
    if first < 0:
        return
    cells = _table_cells(text, text.rfind("\n", 0, first) + 1, len(text))
    words = [text[a:b].strip() for a, b, _ in cells]
    attributes = lex["attributes"]
    unit_headers = set(lex["table_unit_headers"])
    attr_headers = set(lex["table_attribute_headers"])
    outcome_headers = tuple(lex["table_outcome_headers"])
    stops = tuple(lex["table_row_stops"])
    value_headers = set(lex["table_value_headers"])
    i = 0
    while i < len(cells):
        # A header: a name column followed (somewhere) by at least one year column.
        if words[i] not in name_headers:
            i += 1
            continue
        header_end = i + 1
        while header_end < len(cells) and cells[header_end][2] == cells[i][2]:
            header_end += 1
        header = words[i:header_end]
        # A year column reports values when its header says so (2020年现状) or, in a table of several
        # years, when its year is before the year the document speaks from (2020年 beside 2025年).
        present = doc.present_year
        year_cells = [(k, int(m.group(1)), m.group(2)) for k, w in enumerate(header) if (m := _YEAR_CELL.match(w))]
        year_cols = [(k, year, any(w in rest for w in outcome_headers)
                      or (len(year_cells) > 1 and present is not None and year < present and "目标" not in rest))
                     for k, year, rest in year_cells]
        if not year_cols:
            # One target column without a year (目标值): the year comes from the caption or heading above.
            value_col = next((k for k, w in enumerate(header) if w in value_headers), None)
            year = doc.year_for(cells[i][0], cells[i][0])[0] if value_col is not None else None
            if value_col is not None:
                year_cols = [(value_col, year, False)]
        if not year_cols:
            i += 1
            continue
        unit_col = next((k for k, w in enumerate(header) if w in unit_headers), None)
        attr_col = next((k for k, w in enumerate(header) if w in attr_headers), None)
        j = header_end
        while j < len(cells) and words[j] not in name_headers and not words[j].startswith(stops):
            found = aliases(doc, cells[j][0], cells[j][1])
            if found and len(words[j]) - len(found[0].alias) <= 8:
                alias = found[0]
                unit_text = words[j + unit_col] if unit_col is not None and j + unit_col < len(words) else ""
                attr_text = words[j + attr_col] if attr_col is not None and j + attr_col < len(words) else ""
                for col, year, is_outcome in year_cols:
                    if j + col >= len(cells):
                        break
                    c_lo, c_hi, _ = cells[j + col]
                    vals = values(doc, c_lo, c_hi)
                    if len(vals) != 1:
                        continue
                    v = vals[0]
                    if not v.unit_spelling:
                        v.unit_spelling = _unit_of(unit_text) or _unit_of(words[j], bracketed=True) or ""
                    iid = choose(alias.indicator_ids, [v])
                    if iid is None:
                        continue
                    # A bare number in a target column states the value (`=`), unless the indicator
                    # is a cap or a reduction by nature (indicators.yaml `bare_comparator`).
                    bare = metadata.indicator_specs()[iid].get("bare_comparator", "=")
                    yield candidate(
                        doc, iid, alias.start, v.end, v, year, "heading",
                        vocab.comparator_for(text[c_lo : v.start].strip(), v.suffix) or bare,
                        baseline=vocab.baseline_in(words[j]),
                        scope=scope_before(text, cells[j][0], alias.start),
                        qualifier=None, annual=False, rule="indicator_table", outcome=is_outcome,
                        attribute=attributes.get(attr_text),
                    )
            j += 1
        i = j
