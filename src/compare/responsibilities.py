"""The task-division annexes (重点任务分工 / 分工方案) as a responsibility matrix: who leads and who takes
part in each task of a city's water-saving plan.

Public entry point: :func:`responsibilities`. Everything is table-shape detection, nothing is specific
to one document:

* **Header detection.** A table starts at a header row whose cells are all header words (序号, 重点任务,
  主要内容, 牵头单位, 参与单位, 责任单位, 省直部门, 职责 …, whitespace inside a cell ignored so that
  ``牵头\\n单位`` is 牵头单位) and which names either a lead-unit column or a unit column plus a role
  column (职责: 牵头/参与). Other tables (Changzhi's indicator table with its 责任单位 column) have
  non-header words in their header and are left alone.
* **Two physical layouts** (``rule`` column, first part):
  ``tab_rows`` — one row per line, cells separated by tabs, the header repeated after page breaks;
  ``cell_per_line`` — Word tables converted one cell per line: every cell starts with a tab at the
  start of a line and runs to the next such tab (cell text may wrap over several lines, with blank
  lines for vertical centring), so rows are found by counting cells against the header width. The
  table ends where the text after a row's last cell is prose rather than units (Wuxi's 注：…).
* **Column roles** (``rule`` second part): ``lead_participant`` — 牵头单位 + 参与/责任/配合单位 columns;
  ``unit_role`` — one unit column (省直部门 / 责任单位) + a 职责 column saying 牵头 or 参与 per row.
  Content columns left of the number column, or named …类别, hold the section; of the others the last
  is the task text and the one before it the title (a single content column, 主要内容 in Jincheng and
  Yuncheng, is both).
* **Merged cells.** A blank number/title inherits the task above (a repeated number, as after
  Changzhi's page breaks, continues it); a blank text cell inherits the item above (Changzhi's
  participant rows); a new text under the same task is a new *item* (Wanzhou's sub-rows, Changzhi's
  groups of numbered sub-items). Task numbers come from the number column, or from digits leading the
  title when the number column holds section numerals (Wuxi: 一 … / ``1强化用水指标刚性约束``).
* **Units in a cell** are separated by 、，,；; or whitespace/newlines; names run together
  (``市工信局市商务局``) are split before a 市/区/县 that follows 局/委/办 (``+run_together`` in ``rule``);
  a bracketed qualifier (``区水利局[直接取水企业]``) goes to ``unit_note_zh``.

Agencies come from data/reference/agencies.yaml; **an unmapped unit raises InputError** naming every
unmapped unit and its document, so the vocabulary grows deliberately. Harmonised tasks come from
data/reference/tasks.yaml (see :func:`_task_match`); ``task_match`` records how ``task_id`` was found
(``title`` / ``text``), and ``task_id`` is null only when ``task_match`` is ``none``: no keyword of
tasks.yaml in the title or the text (none today; such rows are what to add keywords for).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from compare import metadata
from compare.errors import InputError

#: Columns of the responsibilities table, in order.
COLUMNS = [
    "responsibility_id", "document_id", "task_no", "item_seq", "task_title_zh", "task_text_zh",
    "section_zh", "task_id", "task_match", "unit_zh", "unit_note_zh", "agency_id", "role",
    "quote_zh", "char_start", "char_end", "rule", "review_status",
]

# Header words, role words and the other words the annex reader reads: metadata/lexicon.yaml,
# section `responsibilities` (and `agency_jurisdiction_prefixes`, `chinese_numerals`).


@cache
def _words() -> dict:
    return metadata.lexicon()["responsibilities"]


@cache
def _header_words() -> dict[str, str]:
    """Header word → column kind (number, content, lead, participant, responsible, unit, role, other)."""
    return {word: kind for kind, words in _words()["header_words"].items() for word in words}


@cache
def _role_words() -> dict[str, str]:
    return dict(_words()["role_words"])


def _chars(words: list[str]) -> str:
    return "".join(re.escape(w) for w in words)


@cache
def _title_number() -> re.Pattern:
    """A task number leading a title (1强化…, 2.推进…), not followed by a digit, a decimal or a unit."""
    return re.compile(rf"(\d{{1,3}})\s*[.．、]?\s*(?![\d.．%{_chars(_words()['not_task_number_before'])}])")


@cache
def _section_numeral() -> re.Pattern:
    return re.compile(f"[{_chars(list(metadata.lexicon()['chinese_numerals']))}]+")


@cache
def _run_together() -> re.Pattern:
    """The point between two names run together in one cell (市工信局|市商务局)."""
    after = _chars(_words()["run_together_after"])
    before = _chars(metadata.lexicon()["agency_jurisdiction_prefixes"])
    return re.compile(f"(?<=[{after}])(?=[{before}])")


_WS = re.compile(r"[\s\u3000]+")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_PAREN_SUFFIX = re.compile(r"[（(][^）)]*[）)]$")
_ITEM_START = re.compile(r"\d{1,3}\s*[.．、]\s*\D")
_UNIT_TOKEN = re.compile(
    r"\[bookmark:[^\]]*\]"
    r"|(?P<name>[^\s\u3000、，,；;:：\[\]【】（）()]+)(?:[\[【（(](?P<note>[^\]】）)]*)[\]】）)])?"
)
_BLANK_LINE = re.compile(r"\n[ \r\u3000]*\n")
_FIRST_CLAUSE = re.compile(r"[，。；,;\n]")


@dataclass(frozen=True)
class _Cell:
    """One table cell: its raw text (without the leading tab) and the raw offset of raw[0]."""

    raw: str
    start: int

    @property
    def squashed(self) -> str:
        return _WS.sub("", _BOOKMARK.sub("", self.raw))


@dataclass
class _Table:
    """A detected task-division table: layout name, header cells and data rows (lists of cells)."""

    layout: str
    header: list[str]
    rows: list[list[_Cell]] = field(default_factory=list)


def _header_kind(cell_text: str) -> str | None:
    """The column kind of a header cell, or None if the text is not a header word."""
    word = _WS.sub("", cell_text)
    return _header_words().get(word) or _header_words().get(_PAREN_SUFFIX.sub("", word))


def _is_header(words: list[str]) -> bool:
    """True for a task-division header: all header words, a content column and a way to tell roles."""
    kinds = [_header_kind(w) for w in words]
    if len(kinds) < 3 or None in kinds or "content" not in kinds:
        return False
    has_units = "unit" in kinds or "responsible" in kinds
    return "lead" in kinds or (has_units and "role" in kinds)


def _may_hold_a_header(raw: str) -> bool:
    """Whether the words a task-division header needs (`_is_header`: a content column, and a lead column or units with
    their roles) all occur in the text, spaces aside — when not, no table of it can be one (most plans: one pass of
    finds instead of reading every row)."""
    squashed = "".join(raw.split())  # (str.split's whitespace is _WS's: \s, \u3000 among it)
    words = _header_words_of_kind()

    def holds(*kinds: str) -> bool:  # a word of one of `kinds` in the text (asked only as far as the answer needs)
        return any(w in squashed for kind in kinds for w in words.get(kind, ()))

    return holds("content") and (holds("lead") or (holds("unit", "responsible") and holds("role")))


@cache
def _header_words_of_kind() -> dict[str, tuple[str, ...]]:
    """Column kind → its header words (`_header_words` turned round)."""
    out: dict[str, list[str]] = {}
    for word, kind in _header_words().items():
        out.setdefault(kind, []).append(word)
    return {kind: tuple(words) for kind, words in out.items()}


def _tab_row_tables(raw: str) -> list[_Table]:
    """Tables laid out one row per line with tab-separated cells (header repeated after page breaks)."""
    tables: list[_Table] = []
    current: _Table | None = None
    offset = 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start, offset = offset, offset + len(line)
        if "\t" in body and not body.startswith("\t"):
            parts = body.split("\t")
            if _is_header(parts):
                if current is None or [_WS.sub("", p) for p in parts] != current.header:
                    current = _Table("tab_rows", [_WS.sub("", p) for p in parts])
                    tables.append(current)
                continue
            if current is not None and len(parts) == len(current.header):
                cells, pos = [], start
                for part in parts:
                    cells.append(_Cell(part, pos))
                    pos += len(part) + 1
                current.rows.append(cells)
                continue
        if current is not None and body.strip() == "":
            continue
        current = None
    return tables


def _all_units(text: str) -> bool:
    """True if every unit token of `text` maps to an agency (used to tell cell text from prose)."""
    names = [m["name"] for m in _UNIT_TOKEN.finditer(text) if m["name"]]
    return bool(names) and all(
        metadata.agency_id_for(p) for n in names for p in _run_together().split(n) if p
    )


def _cell_per_line_tables(raw: str) -> list[_Table]:
    """Tables converted one cell per line: each cell starts with a tab at the start of a line."""
    starts = [m.start() for m in re.finditer(r"(?m)^\t", raw)]
    ends = [*starts[1:], len(raw)] if starts else []
    cells = [_Cell(raw[s + 1:e], s + 1) for s, e in zip(starts, ends, strict=True)]
    tables: list[_Table] = []
    i = 0
    while i < len(cells):
        j = i
        while j < len(cells) and _header_kind(cells[j].raw) is not None:
            j += 1
        if j == i or not _is_header([c.raw for c in cells[i:j]]):
            i = max(j, i + 1)
            continue
        table = _Table("cell_per_line", [c.squashed for c in cells[i:j]])
        tables.append(table)
        width, i = j - i, j
        while i + width <= len(cells):
            row = cells[i:i + width]
            i += width
            # The last cell runs to the next tab; text after its first blank line that is not
            # more units (a note, the next section) ends the table.
            last = row[-1]
            lead_ws = len(last.raw) - len(last.raw.lstrip())
            blank = _BLANK_LINE.search(last.raw, lead_ws)
            cut = blank.start() if blank else -1
            ends = False
            if cut >= 0 and last.raw[cut:].strip() and not _all_units(last.raw[cut:]):
                row[-1] = _Cell(last.raw[:cut], last.start)
                ends = True
            table.rows.append(row)
            if ends:
                break
    return tables


def _text_of(cell: _Cell) -> str:
    """A content cell as one string: wrapped lines joined, numbered sub-items on lines of their own."""
    out = ""
    for line in _BOOKMARK.sub("", cell.raw).split("\n"):
        line = _WS.sub("", line)
        if line:
            out += ("\n" if out and _ITEM_START.match(line) else "") + line
    return out


def _units_in(cell: _Cell) -> list[tuple[str, str | None, int, bool]]:
    """(unit as written, bracketed note, raw offset, split-from-run-together) for each unit in a cell."""
    units = []
    for m in _UNIT_TOKEN.finditer(cell.raw):
        name = m["name"]
        if not name:
            continue  # a [bookmark: …] conversion artefact
        note = m["note"] or None
        pieces = [p for p in _run_together().split(name) if p]
        if len(pieces) > 1 and not all(metadata.agency_id_for(p) for p in pieces):
            pieces = [name]  # not several known units: keep it whole (and let it fail if unknown)
        pos = cell.start + m.start("name")
        for piece in pieces:
            units.append((piece, note, pos, len(pieces) > 1))
            pos += len(piece)
    return units


def _column_roles(header: list[str]) -> dict[str, int | list[int]]:
    """Which column is the number, section(s), title, text, lead, participant, unit and role."""
    kinds = [_header_kind(h) for h in header]
    has_lead, has_role = "lead" in kinds, "role" in kinds
    resolved = []
    for k in kinds:
        if k == "responsible":
            k = "participant" if has_lead else ("unit" if has_role else "lead")
        resolved.append(k)
    number = resolved.index("number") if "number" in resolved else None
    contents = [i for i, k in enumerate(resolved) if k == "content"]
    sections = [i for i in contents if (number is not None and i < number) or _words()["section_header_word"] in header[i]]
    rest = [i for i in contents if i not in sections]
    if not rest:
        rest = sections[-1:]
        sections = sections[:-1]
    roles: dict[str, int | list[int]] = {"sections": sections, "title": rest[-2] if len(rest) > 1 else rest[0],
                                        "text": rest[-1]}
    for kind in ("number", "lead", "participant", "unit", "role"):
        if kind in resolved:
            roles[kind] = resolved.index(kind)
    return roles


def _task_match(title: str, text: str, n_items: int) -> tuple[str | None, str]:
    """(task_id, how it was matched: `text`, `title` or `none`).

    An item of a task split into several items is matched on the first clause of its own text (its
    subject: "8.持续推进老旧供水管网改造，…" → leakage control under 做好城乡生活深度节水); otherwise,
    and failing that, on the title, then on the whole text.
    """
    if n_items > 1:
        tid = metadata.task_id_for(_FIRST_CLAUSE.split(text, maxsplit=1)[0])
        if tid:
            return tid, "text"
    for how, s in (("title", title), ("text", text)):
        tid = metadata.task_id_for(s) if s else None
        if tid:
            return tid, how
    return None, "none"


def _table_rows(document_id: str, raw: str, table: _Table) -> tuple[list[dict], list[str]]:
    """Rows of the responsibilities table from one detected table, and the unmapped unit names."""
    cols = _column_roles(table.header)
    shape = "lead_participant" if "lead" in cols else "unit_role"
    records: list[dict] = []
    unmapped: list[str] = []
    section = task_no = title = item_text = None
    item_seq = 0
    for row in table.rows:
        for i in cols["sections"]:
            if row[i].squashed:
                section = row[i].squashed
        number = row[cols["number"]].squashed if "number" in cols else ""
        row_title = row[cols["title"]].squashed
        row_no = number if number.isdigit() else None
        if row_no is None and row_title and not _section_numeral().fullmatch(row_title):
            m = _title_number().match(row_title)
            if m and m.end() < len(row_title):
                row_no, row_title = m.group(1), row_title[m.end():]
        if row_no is not None and row_no != task_no:
            task_no, title, item_text, item_seq = row_no, row_title or None, None, 0
        elif row_no is None and row_title and row_title != title:
            raise InputError(
                f"{document_id}: task {row_title!r} (offset {row[cols['title']].start}) has no task number; "
                "check the task-division table's layout"
            )
        if task_no is None:
            raise InputError(f"{document_id}: a task-division row before any numbered task "
                             f"(offset {row[0].start})")
        text = _text_of(row[cols["text"]]) if cols["text"] != cols["title"] else (title or "")
        if text and text != item_text:
            item_text, item_seq = text, item_seq + 1
        elif item_text is None:
            item_text, item_seq = title or "", item_seq + 1
        if shape == "lead_participant":
            groups = [(row[cols["lead"]], "lead")]
            if "participant" in cols:
                groups.append((row[cols["participant"]], "participant"))
        else:
            word = row[cols["role"]].squashed
            role = _role_words().get(word)
            if role is None and row[cols["unit"]].squashed:
                raise InputError(f"{document_id}: role {word!r} (offset {row[cols['role']].start}) is not one "
                                 f"of {sorted(_role_words())}")
            groups = [(row[cols["unit"]], role)]
        for cell, role in groups:
            for unit, note, start, split in _units_in(cell):
                agency_id = metadata.agency_id_for(unit)
                if agency_id is None:
                    unmapped.append(unit)
                records.append({
                    "document_id": document_id, "task_no": task_no, "item_seq": item_seq,
                    "task_title_zh": title, "task_text_zh": item_text, "section_zh": section,
                    "unit_zh": unit, "unit_note_zh": note, "agency_id": agency_id, "role": role,
                    "quote_zh": raw[start:start + len(unit)], "char_start": start,
                    "char_end": start + len(unit),
                    "rule": f"{table.layout}.{shape}" + ("+run_together" if split else ""),
                })
    return records, unmapped


def extract_annex(document_id: str, raw: str) -> list[dict]:
    """The annex rows of one document: one dict per unit × role × task item of its task-division
    tables (every column of COLUMNS but `responsibility_id` and `review_status`), in text order.

    A unit that agencies.yaml does not know keeps `agency_id` None: :func:`annex_table` refuses it
    unless a review decision corrects or rejects the row.  Raises InputError for a table whose layout
    cannot be read (an unnumbered task, an unknown role word, two tables numbering their tasks alike).
    Rows are JSON-serialisable, so the extraction cache (compare.cache) stores them.
    """
    doc_records: list[dict] = []
    if not _may_hold_a_header(raw):
        return doc_records
    for table in _tab_row_tables(raw) + _cell_per_line_tables(raw):
        rows, _ = _table_rows(document_id, raw, table)
        if {r["task_no"] for r in rows} & {r["task_no"] for r in doc_records}:
            raise InputError(f"{document_id}: two task-division tables number their tasks alike; "
                             "the responsibilities key (document, task, item) cannot tell them apart")
        doc_records += rows
    items_per_task = Counter(task_no for task_no, _ in {(r["task_no"], r["item_seq"]) for r in doc_records})
    matched: dict[tuple, tuple[str | None, str]] = {}  # one match per item, not per unit
    for r in doc_records:
        key = (r["task_title_zh"] or "", r["task_text_zh"] or "", items_per_task[r["task_no"]])
        if key not in matched:
            matched[key] = _task_match(*key)
        r["task_id"], r["task_match"] = matched[key]
    return doc_records


def annex_table(annexes: dict[str, list[dict]]) -> pd.DataFrame:
    """The `responsibilities` table from the (reviewed) annex rows of each document.

    One row per document × task × item × agency × role (a unit listed twice in the same cell gives
    one row, at its first occurrence); rows without `review_status` are `unreviewed`.
    Raises InputError listing every unit that agencies.yaml does not know, with its document.
    """
    records = [r for rows in annexes.values() for r in rows]
    unmapped: dict[str, list[str]] = {}
    for r in records:
        if r["agency_id"] is None and r["unit_zh"] not in unmapped.setdefault(r["document_id"], []):
            unmapped[r["document_id"]].append(r["unit_zh"])
    problems = [f"{doc}: {', '.join(units)}" for doc, units in unmapped.items() if units]
    if problems:
        raise InputError(
            "units in task-division tables that no agency in data/reference/agencies.yaml matches — "
            "add each as an alias of the right agency (or a new agency), or correct the row in the "
            "document's review file (`annex_decisions:`):\n  " + "\n  ".join(problems)
        )
    df = pd.DataFrame(records, columns=[c for c in COLUMNS if c != "responsibility_id"])
    df["review_status"] = df["review_status"].astype("object").fillna("unreviewed")
    df = df.drop_duplicates(["document_id", "task_no", "item_seq", "agency_id", "role"], keep="first")
    keys = zip(df["document_id"], df["task_no"], df["item_seq"], df["agency_id"], df["role"], strict=True)
    df.insert(0, "responsibility_id",
              [hashlib.sha1("|".join(map(str, k)).encode("utf-8")).hexdigest()[:16] for k in keys])
    df = df.astype({c: "string" for c in COLUMNS if c not in ("item_seq", "char_start", "char_end")})
    df = df.astype({"item_seq": "Int64", "char_start": "Int64", "char_end": "Int64"}).reset_index(drop=True)
    assert df["responsibility_id"].is_unique, "responsibility_id collides: check the primary key"
    return df[COLUMNS]


def responsibilities(raw_texts: dict[str, str]) -> pd.DataFrame:
    """The `responsibilities` table read from the task-division annexes of the given documents, as
    the rules find it (no review: every row `unreviewed`).

    One row per document × task × item × agency × role: a unit (as written, with its canonical
    ``agency_id``) named as ``lead`` (牵头) or ``participant`` (参与/责任/配合) for one item of a numbered
    task. An *item* (``item_seq``, 1-based within the task) is one text of the task: most tasks have one;
    Wanzhou's sub-rows and Changzhi's groups of numbered sub-items give several. ``quote_zh`` is the
    unit name exactly as written, at ``raw[char_start:char_end]`` of the decoded raw text. A unit listed
    twice in the same cell (Jincheng's task 3) gives one row, at its first occurrence.

    raw_texts: document_id → decoded raw text. Documents without a task-division table give no rows.
    Raises InputError listing every unit that agencies.yaml does not know, with its document.
    """
    return annex_table({doc: extract_annex(doc, raw) for doc, raw in raw_texts.items()})
