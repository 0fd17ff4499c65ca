"""The indicator-table rule: a header row naming an indicator column and one or more year columns
(`指标 | 单位 | 2020年现状 | 2025年目标 | 属性`), then rows that name an indicator, its unit and attribute.
A year column whose header reports a value (现状, 基准 … lexicon `table_outcome_headers`) gives outcome
candidates.  A header the rule recognises but whose rows give nothing is reported as a table not read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate

from compare import metadata
from compare.extract import vocab
from compare.extract.model import Candidate, Doc
from compare.extract.prose import Alias, aliases, candidate, choose, scope_before, values
from compare.text import CJK, is_cell_line

_YEAR_CELL = re.compile(rf"^((?:19|20|21)[0-9]{{2}}){vocab.YEAR}?(.{{0,6}})$")


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


def _rows_end(text: str, cells, words, start: int, name_headers, stops) -> int:
    """The index of the cell after the last row of the table whose rows begin at `start`: the next header, a
    cell of lexicon `table_row_stops`, or a line of its own without a tab (a caption such as 主要任务清单)."""
    j = start
    while j < len(cells) and words[j] not in name_headers and not words[j].startswith(stops):
        a, b, _ = cells[j]
        line_end = text.find("\n", b)
        if "\t" not in text[text.rfind("\n", 0, a) + 1 : len(text) if line_end < 0 else line_end]:
            break
        j += 1
    return j


_EMPTY_CELLS = {"", "—", "-", "–", "/", "——", "－"}


def _dashed_columns(doc: Doc, cells, words, start: int, columns: list[int], name_headers, stops) -> set[int]:
    """The columns (offsets from the name column) that some indicator row of the table leaves empty while
    it fills another (a base year has no reduction: `— | 15`; a header cell beside empty ones is no such row)."""
    dashed: set[int] = set()
    for j in range(start, _rows_end(doc.text, cells, words, start, name_headers, stops)):
        if aliases(doc, cells[j][0], cells[j][1]):
            row = {k: words[j + k] for k in columns if j + k < len(words)}
            if any(any(ch.isdigit() for ch in w) for w in row.values()):
                dashed |= {k for k, w in row.items() if w in _EMPTY_CELLS}
    return dashed


def _header_over_years(cells, words, header: list[str], header_end: int, value_headers) -> tuple[list[str], int]:
    """A header split over two lines (`指标 | 单位 | 基准年 | 规划目标` over `2021年 | 2025年 | 2028年`), as one row with
    each year under the cell that spans it (`2021年基准年`, `2025年规划目标`, `2028年规划目标`), and the end of the
    year line: a cell of lexicon `table_outcome_headers` spans one year, one of `table_value_headers` the rest (or
    each spans one when as many as the years).  The header and its end as they were otherwise."""
    row_end = header_end
    while row_end < len(cells) and cells[row_end][2] == cells[header_end][2]:
        row_end += 1
    years = words[header_end:row_end]
    outcome_headers = vocab.words("table_outcome_headers")
    spans = [k for k, w in enumerate(header) if w in value_headers or any(o in w for o in outcome_headers)]
    if not years or not spans or not all(_YEAR_CELL.match(y) for y in years) or spans != list(
            range(spans[0], spans[-1] + 1)) or len(years) < len(spans):
        return header, header_end
    once = [any(o in header[k] for o in outcome_headers) for k in spans]
    if len(years) > len(spans) and sum(not o for o in once) != 1:
        return header, header_end
    spread: list[str] = []
    for k, one in zip(spans, once, strict=True):
        take = 1 if one or len(years) == len(spans) else len(years) - len(spans) + 1
        spread += [y + header[k][:6] for y in years[len(spread) : len(spread) + take]]
    return header[: spans[0]] + spread + header[spans[-1] + 1 :], row_end


def indicator_tables(doc: Doc) -> Iterator[Candidate]:
    text = doc.text
    lex = vocab.lexicon()
    name_headers = vocab.words("table_name_headers")
    # A table starts at a header cell, so nothing before the line of the first header word can belong to
    # one; rows are only compared with each other, so counting them from there changes nothing.
    first = min((k for k in (text.find(h) for h in name_headers) if k >= 0), default=-1)
    if first < 0:
        return
    cells = _table_cells(text, text.rfind("\n", 0, first) + 1, len(text))
    words = [text[a:b].strip() for a, b, _ in cells]
    name_headers = vocab.lexicon_set("table_name_headers")  # (a set: looked up at every cell)
    attributes = lex["attributes"]
    unit_headers = set(lex["table_unit_headers"])
    attr_headers = set(lex["table_attribute_headers"])
    outcome_headers = vocab.words("table_outcome_headers")
    stops = vocab.words("table_row_stops")
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
        if not any(_YEAR_CELL.match(w) for w in header):
            header, header_end = _header_over_years(cells, words, header, header_end, value_headers)
        # A year column reports values when its header says so (2020年现状), or when it is the earlier of
        # several year columns and either its year is before the document's date of issue, or (no date)
        # some indicator row leaves it empty (a base year has no reduction: `— | 15`).
        year_cells = [(k, int(m.group(1)), m.group(2)) for k, w in enumerate(header) if (m := _YEAR_CELL.match(w))]
        last = max((y for _, y, _ in year_cells), default=0)
        dashed = _dashed_columns(doc, cells, words, header_end, [k for k, _, _ in year_cells], name_headers, stops)
        year_cols = [(k, year, any(w in rest for w in outcome_headers)
                      or (year < last and not any(w in rest for w in lex["table_target_headers"])
                          and ((doc.issued_year is not None and year < doc.issued_year) or k in dashed)))
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
        end = _rows_end(text, cells, words, header_end, name_headers, stops)
        for j in range(header_end, end):
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
        i = end


# --------------------------------------------------------------------------- tables with indicator columns

_ROW_YEAR = re.compile(rf"^((?:19|20|21)[0-9]{{2}}){vocab.YEAR}?(?:{re.escape(vocab.lexicon()['year_period_suffix'])})?$")
_UNIT_NOTE = re.compile(rf"(?:{'|'.join(map(re.escape, vocab.lexicon()['table_unit_headers']))})[:：]\s*([^)）,，;；\s]{{1,10}})")


def _rows(doc: Doc) -> list[list[tuple[int, int]]]:
    """The tab-separated rows of the document, each a list of (start, end) of its non-empty cells;
    consecutive rows form one table."""
    out = []
    text = doc.text
    for b in doc.blocks:
        if b.kind != "cell" or is_cell_line(text, b.start, b.end):
            out.append(None)
            continue
        out.append([m.span() for m in _CELL_TEXT.finditer(text, b.start, b.end)] or None)
    return out


#: The text of a cell, stripped (`\S` is what str.strip strips, so a match is a tab-separated part stripped).
_CELL_TEXT = re.compile(r"\S(?:[^\t]*\S)?")


def column_tables(doc: Doc) -> Iterator[Candidate]:
    """Tables whose header names an indicator in each value column (`市（州） | 2025年用水总量（亿立方米） |
    万元GDP用水量较2020年下降（%）`) or whose caption names one indicator for a single value column
    (`各区县2024年度用水总量控制指标（单位：万立方米）` / `区县 | 控制指标`), and whose rows are places (the
    scope) or years (the target year).  A bare number takes the indicator's `bare_comparator`."""
    text = doc.text
    rows = _rows(doc)
    blocks = doc.blocks
    k = 0
    while k < len(rows):
        header = rows[k]
        # A header needs a row under it: without one nothing is read, so its cells are not searched for
        # aliases (a text written as one line is one row of thousands of cells).
        if not header or len(header) < 2 or not (k + 1 < len(rows) and rows[k + 1]):
            k += 1
            continue
        if len(header) == 2 and len(rows[k + 1]) > 2 and any(_unit_cell(text[a:b]) for a, b in header):
            k += 1  # a unit row over the header (名称 | /亿m3): read with the header's table
            continue
        columns = {}  # column index → (alias, header text)
        for c, (a, b) in enumerate(header[1:], 1):
            found = aliases(doc, a, b)
            if found:
                columns[c] = (found[0], text[a:b])
        under = _values_under_names(doc, rows, k)
        if under is not None and (first := aliases(doc, header[0][0], header[0][1])):
            columns[0] = (first[0], text[header[0][0] : header[0][1]])
        caption_lo, caption_hi, row_unit = _caption(doc, rows, k)
        if not columns and len(header) == 2 and caption_lo is not None:
            found = aliases(doc, caption_lo, caption_hi)
            if len(found) == 1:
                columns[1] = (found[0], text[caption_lo:caption_hi])
        end = k + 1
        while end < len(rows) and rows[end]:
            end += 1
        place_columns = False
        if not columns and len(header) > 2 and caption_lo is not None:
            columns, place_columns = _caption_grid(doc, header, rows[k + 1 : end], caption_lo, caption_hi, row_unit)
        if not columns:
            k += 1
            continue
        if under is not None:
            yield from _column_table(doc, header, rows[k + 1 : under + 1], columns, "", "", names_only=True)
            k = under + 1
            continue
        note_lo = blocks[end].start if end < len(blocks) else len(text)
        note = text[note_lo : blocks[end].end] if end < len(blocks) and text[note_lo:].startswith(vocab.words("table_note_starts")) else ""
        caption = text[caption_lo:caption_hi] if caption_lo is not None else ""
        yield from _column_table(doc, header, rows[k + 1 : end], columns, caption, note, place_columns=place_columns,
                                 row_unit=row_unit)
        k = end


def _caption(doc: Doc, rows, k: int) -> tuple[int | None, int | None, str]:
    """(start, end) of the caption of the table whose header is rows[k] ((None, None) without one), and the unit a
    row between them states: the block right above, or the one above a unit row (`甲乙地区 | /亿m3`, at most two
    cells) and lines with no Chinese (the caption's translation: Tab.1 Water use caps)."""
    blocks, text = doc.blocks, doc.text
    j, unit = k - 1, ""
    if j >= 0 and rows[j] and len(rows[j]) <= 2:
        unit = next((u for a, b in rows[j] if (u := _unit_cell(text[a:b]))), "")
        j -= 1 if unit else 0
    while max(0, k - 4) <= j and rows[j] is None and not CJK.search(text, blocks[j].start, blocks[j].end):
        j -= 1
    if 0 <= j < k - 1 and rows[j] is None:
        return blocks[j].start, blocks[j].end, unit
    if k and rows[k - 1] is None:
        return blocks[k - 1].start, blocks[k - 1].end, ""
    return None, None, ""


def _unit_cell(cell: str) -> str:
    """The unit a cell of a unit row states (`/亿m3`, `单位：万立方米`, a garbled power `/10m2` of lexicon
    garbled_power_units), else ''."""
    cell = re.sub(rf"^(?:{'|'.join(map(re.escape, vocab.lexicon()['table_unit_headers']))})[:：]?", "", cell)
    cell = cell.lstrip("/").strip()
    return cell if cell in vocab.unit_spellings() or cell in vocab.lexicon()["garbled_power_units"] else ""


def _loose_name(doc: Doc, lo: int, hi: int) -> list[Alias]:
    """The indicators a caption names only loosely (水资源红线值: lexicon grid_caption_loose_names), as one alias whose
    indicators the values' unit chooses between; [] when it names none."""
    text = doc.text[lo:hi]
    for phrase, ids in vocab.lexicon()["grid_caption_loose_names"].items():
        if (at := text.find(phrase)) >= 0:
            return [Alias(lo + at, lo + at + len(phrase), phrase, list(ids))]
    return []


def _caption_grid(doc: Doc, header, body, lo: int, hi: int, row_unit: str = "") -> tuple[dict, bool]:
    """(columns, whether they are places) of a table whose caption text[lo:hi] names one indicator and whose cells
    are its values by place and year: a header of years over rows of places (`区县 | 2025年 | 2030年`), or a header
    of places over rows of years (`年份 | 甲州 | 乙州`, every row led by a year); else no columns.  The caption must
    speak of aims (lexicon grid_caption_aim_words): 各区历年用水总量 heads a record.  A caption naming its indicator only
    loosely (水资源红线值) needs a unit stated in it or in a unit row above the header (`row_unit`)."""
    found = aliases(doc, lo, hi)
    if not found and (row_unit or _UNIT_NOTE.search(doc.text, lo, hi)):
        found = _loose_name(doc, lo, hi)
    if len(found) != 1 or not any(w in doc.text[lo:hi] for w in vocab.words("grid_caption_aim_words")):
        return {}, False
    text = doc.text
    heads = [text[a:b] for a, b in header[1:]]
    columns = {c: (found[0], head) for c, head in enumerate(heads, 1)}
    if all(_ROW_YEAR.match(head) for head in heads) and not any(row and aliases(doc, *row[0]) for row in body):
        return columns, False  # (rows that name indicators are another table's)
    if body and not any(vocab.years_in(head) or any(ch.isdigit() for ch in head) for head in heads) and all(
            row and _ROW_YEAR.match(text[row[0][0] : row[0][1]]) for row in body) and not any(
            aliases(doc, a, b) for a, b in header[1:]):
        return columns, True
    return {}, False


def _values_under_names(doc: Doc, rows, k: int) -> int | None:
    """The index of the row of values under the row of names `rows[k]` when the table has no column of row labels:
    the first row as long as the names whose first cell is a value with its unit, with at most one one-cell row between
    (畜禽粪污综合利用率 | 农村自来水普及率 / 2022年目标值 / 78% | 85%), else None."""
    header, j = rows[k], k + 1
    if j < len(rows) and rows[j] and len(rows[j]) == 1:
        j += 1
    if j >= len(rows) or not rows[j] or len(rows[j]) != len(header):
        return None
    a, b = rows[j][0]
    if _ROW_YEAR.match(doc.text[a:b]):
        return None  # 2022 | 19.40: a year's row
    first = _number_cell(doc, a, b)
    return j if first is not None and first.unit_spelling else None  # not a row number (1 | 用水总量 | 30)


def _garbled_reading(doc: Doc, spelling: str, body, columns) -> str:
    """The unit a garbled power of ten in a unit row stands for (`10m2`, 10⁸ m³ with its exponents lost: lexicon
    garbled_power_units): the one reading under which every value of the table lies in its indicator's range
    (4.30 as 万立方米 is below any region's total water use, as 亿立方米 it fits); '' when none or several fit.  A
    unit spelled right is itself."""
    readings = vocab.lexicon()["garbled_power_units"].get(spelling)
    if readings is None:
        return spelling
    specs = metadata.indicator_specs()

    def in_range(reading: str, number: float, ids: list[str]) -> bool:
        return any(metadata.convertible(reading, specs[i]["unit"])
                   and specs[i]["valid_min"] <= metadata.convert(number, reading, specs[i]["unit"]) <= specs[i]["valid_max"]
                   for i in ids)

    numbers = [(vocab.parse_number(vals[0].number), alias.indicator_ids) for row in body for c, (alias, _) in columns.items()
               if c < len(row) and len(vals := values(doc, *row[c])) == 1]
    fitting = [r for r in readings if numbers and all(in_range(r, n, ids) for n, ids in numbers)]
    return fitting[0] if len(fitting) == 1 else ""


def _column_table(doc: Doc, header, body, columns, caption: str, note: str,
                  names_only: bool = False, place_columns: bool = False, row_unit: str = "") -> Iterator[Candidate]:
    """The candidates of a table under `header`; with `names_only`, a header of names alone over one row of values,
    a one-cell row between stating their year (2022年目标值); with `place_columns`, each column's header is its
    place (the scope) and each row's label its year."""
    text = doc.text
    specs = metadata.indicator_specs()
    caption_unit = _UNIT_NOTE.search(caption)
    row_unit = _garbled_reading(doc, row_unit, body, columns) if row_unit else ""
    totals = set(vocab.lexicon()["table_total_rows"])
    year_above = None
    for row in body:
        if names_only and len(row) == 1 and len(stated := vocab.years_in(text[row[0][0] : row[0][1]])) == 1:
            year_above = stated[0][1]  # 2022年目标值 over the values
        if len(row) != len(header):
            continue
        label = text[row[0][0] : row[0][1]]
        row_year = None if names_only else _ROW_YEAR.match(label)
        scope = None if names_only or row_year or label in totals else label  # a year's row or a total row names no place
        for c, (alias, head) in columns.items():
            if place_columns:
                scope = None if head in totals else head
            a, b = row[c]
            vals = values(doc, a, b)
            if len(vals) != 1:
                continue
            v = vals[0]
            if not v.unit_spelling:
                v.unit_spelling = (_unit_of(head, bracketed=True)
                                   or (caption_unit.group(1) if caption_unit and caption_unit.group(1)
                                       in vocab.unit_spellings() else "") or row_unit)
            iid = choose(alias.indicator_ids, [v])
            if iid is None:
                continue
            spec = specs[iid]
            if row_year:
                year, basis = int(row_year.group(1)), "heading"
            elif year_above is not None:
                year, basis = year_above, "heading"
            else:
                stated = vocab.years_in(head) or vocab.years_in(caption) or vocab.years_in(note)
                year, basis = (stated[-1][1], "heading") if stated else doc.year_for(header[0][0], header[0][0])[:2]
            baseline = None
            if spec["takes_baseline"]:
                baseline = vocab.baseline_in(head) or vocab.baseline_in(caption) or vocab.baseline_in(note)
            comparator = vocab.comparator_for(text[a : v.start].strip(), v.suffix) or spec.get("bare_comparator", "=")
            yield candidate(doc, iid, row[0][0], v.end, v, year, basis, comparator, baseline=baseline,
                            scope=scope, qualifier=None, annual=False,
                            rule="column_table")


# --------------------------------------------------------------------------- tables with place columns

def _line_cells(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line of the normalised text, stripped: the cells of a table written
    one cell per line."""
    out, text = [], doc.text
    for a, b in doc.nt.lines:
        line = text[a:b]
        cell = line.strip()
        if cell:
            lead = len(line) - len(line.lstrip())
            out.append((a + lead, a + lead + len(cell)))
    return out


def _is_place_cell(doc: Doc, a: int, b: int) -> bool:
    """A cell that names a place (`海安县`, `开发区`): short, no digit, ending in an administrative suffix,
    naming no indicator."""
    if not 2 <= b - a <= 8:
        return False  # (most lines: no slice taken)
    cell = doc.text[a:b]
    return (cell.endswith(vocab.words("administrative_suffixes")) and not any(ch.isdigit() for ch in cell)
            and not aliases(doc, a, b))  # (the suffix first: one call, where most cells fail)


def _number_cell(doc: Doc, a: int, b: int):
    """The one value a cell holds when the cell is that value and nothing else (`123`, `0.58`), else None."""
    vals = values(doc, a, b)
    return vals[0] if len(vals) == 1 and vals[0].start == a and vals[0].end == b else None


def place_column_tables(doc: Doc) -> Iterator[Candidate]:
    """A table written one cell per line whose columns are places and whose rows are indicators: a header
    of place cells (`海安县` / `如皋市` / `开发区`), then rows of an indicator's name, its unit if any
    (`m3/万元`), and exactly one value per place (`123` … `123`).  Each value is a target of its indicator with
    its place as scope, in the year of the caption above (`2011年节水型社会建设目标任务分解表`); the
    indicator's `bare_comparator` (default `=`)."""
    cells = _line_cells(doc)
    specs = metadata.indicator_specs()
    i = 0
    while i < len(cells):
        if not _is_place_cell(doc, *cells[i]):
            i += 1
            continue
        start = i
        while i < len(cells) and _is_place_cell(doc, *cells[i]):
            i += 1
        places = cells[start:i]
        if len(places) < 2:
            continue
        year, basis = doc.year_for(places[0][0], places[0][0])[:2]
        while i < len(cells):
            a, b = cells[i]
            found = aliases(doc, a, b)
            if not found or b - a - len(found[0].alias) > 8:
                if b - a > 20:  # a line of prose ends the table
                    break
                i += 1
                continue
            k = i + 1
            unit = ""
            if k < len(cells) and _number_cell(doc, *cells[k]) is None and cells[k][1] - cells[k][0] <= 10 \
                    and not aliases(doc, *cells[k]):
                unit = doc.text[cells[k][0] : cells[k][1]]
                k += 1
            row = [_number_cell(doc, *c) for c in cells[k : k + len(places)]]
            if len(row) != len(places) or any(v is None for v in row):
                i += 1
                continue
            for (pa, pb), v in zip(places, row, strict=True):
                if not v.unit_spelling:
                    v.unit_spelling = _unit_of(unit) or ""
                iid = choose(found[0].indicator_ids, [v])
                if iid is None:
                    continue
                yield candidate(doc, iid, found[0].start, v.end, v, year, "heading" if year is not None else basis,
                                specs[iid].get("bare_comparator", "="), baseline=None, scope=doc.text[pa:pb],
                                qualifier=None, annual=False, rule="place_column_table")
            i = k + len(places)


# --------------------------------------------------------------------------- box-drawing tables with wrapped cells

_BOX = re.compile(r"[\u2500-\u257f]")  # box-drawing characters (a web page's text table: ├──┼──┤)


def _box_row_groups(doc: Doc) -> list[list[list[tuple[int, int]]]]:
    """The rows of a box-drawing table, each the run of its lines between two rule lines (├──┼──┤), a line the
    list of its tab-separated cells as (start, end) of their stripped text."""
    groups, run = [], []
    for a, b in doc.nt.lines:
        line = doc.text[a:b]
        if _BOX.search(line) or line.count("\t") < 2:
            if run:
                groups.append(run)
            run = []
            continue
        cells, at = [], a
        for part in line.split("\t"):
            lead = len(part) - len(part.lstrip())
            cells.append((at + lead, at + lead + len(part.strip())))
            at += len(part) + 1
        run.append(cells)
    if run:
        groups.append(run)
    return groups


def _bound_cell(doc: Doc, a: int, b: int):
    """(value, comparator) when a cell is a sign and one value and nothing else (`≥75%`), else None."""
    vals = values(doc, a, b)
    if len(vals) != 1 or vals[0].end != b or not doc.text[a : vals[0].start].strip():
        return None
    bound = vocab.comparator_for(doc.text[a : vals[0].start].strip(), vals[0].suffix)
    return (vals[0], bound) if bound is not None else None


def wrapped_box_tables(doc: Doc) -> Iterator[Candidate]:
    """A box-drawing table whose name cell wraps over the lines of its row (│工业用水重│ ≥75% │ / │复利用率 │ │): the
    pieces of a column joined name an indicator no piece names alone (the alias runs across a line break, with at
    most a few characters more), and a cell of the row that is a sign and one value (≥75%) is its target, in the
    year the text gives the row (none in an undated assessment table); a value with no sign (a score) is none."""
    if _BOX.search(doc.text) is None:
        return
    owners = vocab.alias_owners()
    for group in _box_row_groups(doc):
        if len(group) < 2:
            continue
        width = max(len(cells) for cells in group)
        columns = [[c[k] for c in group if k < len(c) and c[k][1] > c[k][0]] for k in range(width)]
        for k, pieces in enumerate(columns):
            if len(pieces) < 2:
                continue
            joined = "".join(doc.text[a:b] for a, b in pieces)
            hit = vocab.first_alias(joined, 0, len(joined))
            breaks = list(accumulate(b - a for a, b in pieces))[:-1]  # where the pieces meet in `joined`
            if hit is None or len(joined) - len(hit[2]) > 8 or not any(hit[0] < k < hit[1] for k in breaks):
                continue  # (an alias whole in one piece is read there)
            start = pieces[0][0]
            year, basis = doc.year_for(start, doc.block_start(start))[:2]
            for j, cells in enumerate(columns):
                bound = _bound_cell(doc, *cells[0]) if j != k and len(cells) == 1 else None
                if bound is None:
                    continue
                v, comparator = bound
                iid = choose(owners[hit[2]], [v])
                if iid is not None:
                    yield candidate(doc, iid, start, v.end, v, year, basis, comparator, baseline=None, scope=None,
                                    qualifier=None, annual=False, rule="box_table")
