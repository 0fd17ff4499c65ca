"""Document formats → plain text for the extractor: .txt (UTF-8 / BOM / UTF-16 with BOM / GB18030),
.docx (paragraphs and tables, also nested, inside content controls and tracked insertions, in document
order; tracked deletions left out), .pdf with a text layer, .html.

Tables become one row per line with tab-separated cells, so the extractor's table rules see cells.
The text returned here is what `compare add` stores beside the original; every offset of the
curated tables refers to it.  Every failure is an InputError that names the file and says what to do.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

from compare import metadata
from compare.errors import InputError
from compare.text import check_length, check_size, decode

FORMATS = {".txt": "text", ".docx": "Word", ".pdf": "PDF", ".html": "HTML", ".htm": "HTML"}
_TERMINAL = tuple("。;；:：!！?？")


@cache
def _page_number() -> re.Pattern:
    """A page-number line (第 3 页, 3 / 12, 第3页，共12页, - 3 -); the words from the lexicon."""
    w = {k: re.escape(v) for k, v in metadata.lexicon()["page_number_words"].items()}
    return re.compile(rf"^[\s\-—–·]*(?:{w['before']}\s*)?\d{{1,4}}(?:\s*{w['after']})?(?:\s*/\s*\d{{1,4}})?"
                      rf"(?:\s*[,，]?\s*{w['total']}\s*\d{{1,4}}\s*{w['after']})?[\s\-—–·]*$")


def to_text(path: Path) -> str:
    """The plain text of a document file, by its suffix; InputError for anything unreadable."""
    check_size(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"{path}: unsupported format {suffix or '(no suffix)'!r} — accepted: {', '.join(FORMATS)}. "
            "Save a .doc/.wps/.odt as .docx, a spreadsheet as .html or .pdf."
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path}: the file is empty — nothing to extract")
    if suffix == ".txt":
        return decode(data, path)
    if suffix == ".docx":
        text = _docx_text(path, data)
    elif suffix == ".pdf":
        text = _pdf_text(path, data)
    else:
        text = _html_text(data)
    if not text.strip():
        raise InputError(f"{path}: the {FORMATS[suffix]} file holds no text")
    return check_length(text, path)


# --------------------------------------------------------------------------- Word


#: Budget for the uncompressed size of a .docx package (a zip), checked from its directory before
#: anything is inflated: a plan's XML is a few MB, a compression bomb hundreds.
MAX_DOCX_UNCOMPRESSED = 64 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Containers whose content is part of the current text: runs, hyperlinks, tracked insertions and moves,
#: content controls (w:sdt), custom XML, simple fields.  Deleted text (w:del, w:moveFrom), field codes,
#: properties and drawings are never entered.
_INLINE = {f"{_W}{t}" for t in ("r", "hyperlink", "ins", "moveTo", "smartTag", "sdt", "sdtContent",
                                 "customXml", "fldSimple", "dir", "bdo")}
_BLOCK = {f"{_W}{t}" for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo")}


def _check_docx_budget(path: Path) -> None:
    """InputError when the zip's members would inflate beyond MAX_DOCX_UNCOMPRESSED."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read this .docx ({type(exc).__name__}: {exc})") from exc
    if total > MAX_DOCX_UNCOMPRESSED:
        raise InputError(
            f"{path}: the .docx would inflate to {total / 2**20:.0f} MiB — more than the limit of "
            f"{MAX_DOCX_UNCOMPRESSED / 2**20:.0f} MiB (compare.convert.MAX_DOCX_UNCOMPRESSED). "
            "Save it again without embedded objects, or as .pdf / .txt."
        )


def _blocks(parent):
    """Paragraphs and tables under `parent` in document order, through content controls, custom XML
    and tracked insertions (a tracked deletion is skipped)."""
    for child in parent:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag in _BLOCK:
            yield from _blocks(child)


def _paragraph_text(p) -> str:
    """A paragraph's current text: as Word shows it with tracked changes accepted."""
    out: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{_W}t":
                out.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}ptab"):
                out.append("\t")
            elif tag == f"{_W}cr" or (tag == f"{_W}br" and child.get(f"{_W}type", "textWrapping") == "textWrapping"):
                out.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                out.append("-")
            elif tag in _INLINE:
                walk(child)

    walk(p)
    return "".join(out).replace("\r", "")


def _cell_text(tc) -> str:
    """A cell on one line: its paragraphs and any nested table's cells, joined by spaces (a tab or
    newline inside a cell would split the row)."""
    parts = []
    for block in _blocks(tc):
        if block.tag == f"{_W}p":
            parts.append(_paragraph_text(block))
        else:
            parts.extend(_table_rows(block))
    return " ".join(" ".join(part.replace("\t", " ").split()) for part in parts if part.strip())


def _children(parent, tag: str):
    """`tag` children of `parent`, also those wrapped in content controls or custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK:
            yield from _children(child, tag)


def _table_rows(tbl) -> list[str]:
    """One line per row, cells joined by tabs; a horizontally merged cell is written once (the
    repeats left empty so columns stay aligned), a vertically merged one in every row it spans.
    A row deleted with tracked changes is skipped."""
    rows, above = [], {}
    for tr in _children(tbl, f"{_W}tr"):
        if tr.find(f"{_W}trPr/{_W}del") is not None:
            continue
        cells, col = [], 0
        for tc in _children(tr, f"{_W}tc"):
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = int(span_el.get(f"{_W}val", "1")) if span_el is not None else 1
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                text = above.get(col, "")
            else:
                text = _cell_text(tc)
            above[col] = text
            cells += [text] + [""] * (max(span, 1) - 1)
            col += max(span, 1)
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _docx_text(path: Path, data: bytes) -> str:
    import docx

    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not a Word .docx file (an old .doc? open it in Word/WPS and save as .docx)")
    _check_docx_budget(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise InputError(f"{path}: cannot read this .docx ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    for block in _blocks(document.element.body):
        if block.tag == f"{_W}p":
            lines.append(_paragraph_text(block))
        else:
            lines.append("")
            lines.extend(_table_rows(block))
            lines.append("")
    return "\n".join(lines).strip("\n") + "\n"


# --------------------------------------------------------------------------- PDF


#: Budget for the inflated size of a PDF's compressed streams other than images (page contents, fonts,
#: object streams), checked before the PDF is parsed: a plan's are a few MB, a compression bomb's GBs.
MAX_PDF_INFLATED = 64 * 1024 * 1024
_STREAM_START = re.compile(rb"stream\r?\n")


def _check_pdf_budget(path: Path, data: bytes) -> None:
    """InputError when the Flate streams of `data` (images excepted) would inflate beyond
    MAX_PDF_INFLATED; inflated in 1 MiB steps, so a bomb is stopped after the budget, not at its end."""
    import zlib

    total = 0
    for m in _STREAM_START.finditer(data):
        head = data[max(0, m.start() - 4096): m.start()]
        head = head[head.rfind(b"obj") + 3:] if b"obj" in head else head
        if b"/FlateDecode" not in head and b"/Fl " not in head and b"/Fl/" not in head:
            continue
        if b"/Image" in head:  # image data is not decoded to read the text
            continue
        end = data.find(b"endstream", m.end())
        chunk = data[m.end(): end if end >= 0 else len(data)]
        inflater = zlib.decompressobj()
        try:
            while chunk:
                total += len(inflater.decompress(chunk, 1 << 20))
                chunk = inflater.unconsumed_tail
                if total > MAX_PDF_INFLATED:
                    raise InputError(
                        f"{path}: the PDF's compressed streams would inflate beyond "
                        f"{MAX_PDF_INFLATED / 2**20:.0f} MiB (compare.convert.MAX_PDF_INFLATED) — a damaged or "
                        "hostile file. Print it to a new PDF, or save the text as .txt.")
        except zlib.error:
            continue  # a broken stream: pdfminer reports it (or skips it) while parsing


def _pdf_text(path: Path, data: bytes) -> str:
    import pdfplumber

    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError(f"{path}: not a PDF file (it does not start with %PDF-)")
    _check_pdf_budget(path, data)
    pages: list[list[dict]] = []
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings say nothing to the user
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                pages.append([_pdf_line(ln) for ln in page.extract_text_lines(return_chars=True)])
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises its own types for broken or encrypted files
        raise InputError(
            f"{path}: cannot read this PDF ({type(exc).__name__}: {exc}). If it is password-protected, "
            "save an unprotected copy; if it is damaged, get the file again."
        ) from exc
    if not any(line["text"].strip() for lines in pages for line in lines):
        raise InputError(
            f"{path}: the PDF has no text layer ({len(pages)} page(s) of images — a scan). OCR is needed: "
            "run it through OCR first (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`) and add the result."
        )
    return _join_pdf_lines(pages)


# Kangxi radicals and CJK radical supplements: PDF fonts often map 水/用/工 to these look-alikes
# (U+2F54 ⽔ …); the stored text uses the ideographs, so quotes can be searched for.
_RADICALS = re.compile(r"[\u2e80-\u2fdf]")


def _pdf_line(line: dict) -> dict:
    """A text line of a PDF page with its table cells recovered: a gap wider than 1.5 characters
    between glyphs becomes a tab (columns of an indicator table), a narrower visible gap a space."""
    chars = sorted((c for c in line["chars"] if c["text"].strip()), key=lambda c: c["x0"])
    out, prev = [], None
    for c in chars:
        if prev is not None:
            size = max(prev["x1"] - prev["x0"], c["x1"] - c["x0"], 1.0)
            gap = c["x0"] - prev["x1"]
            if gap > 1.5 * size:
                out.append("\t")
            elif gap > 0.2 * size:
                out.append(" ")
        out.append(c["text"])
        prev = c
    text = _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), "".join(out))
    return {"text": text, "x1": line["x1"], "top": line["top"], "bottom": line["bottom"]}


def _join_pdf_lines(pages: list[list[dict]]) -> str:
    """Lines of all pages; a prose line that fills the page width and does not end a sentence goes on
    in the next one (also across a page break); table rows (with tabs) stay whole; page-number lines
    at a page's top or bottom are dropped."""
    out: list[str] = []
    joining = False
    for lines in pages:
        lines = [ln for ln in lines if ln["text"].strip()]
        while lines and _page_number().match(lines[-1]["text"]):
            lines.pop()
        while lines and _page_number().match(lines[0]["text"]):
            lines.pop(0)
        if not lines:
            continue
        right = max(ln["x1"] for ln in lines)
        for ln in lines:
            text = ln["text"].strip()
            if joining and out and "\t" not in text:
                out[-1] += text
            else:
                out.append(text)
            size = (ln["bottom"] - ln["top"]) or 10
            joining = ln["x1"] >= right - 1.5 * size and not text.endswith(_TERMINAL) and "\t" not in text
        if out and not out[-1].endswith(_TERMINAL):
            joining = True  # a sentence cut by the page break goes on at the top of the next page
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
           "ul", "ol", "dd", "dt", "blockquote", "pre", "header", "footer"}


#: Elements whose content is never document text.  The <head> is not dropped whole (a page without
#: </head> would lose its body to it): its title, meta and link elements are.
_SKIP = {"script", "style", "noscript", "template", "svg", "title", "meta", "link", "base"}


def _table_text(table) -> str:
    rows = []
    for tr in table.find_all("tr"):
        cells = [" ".join(td.get_text(" ", strip=True).split()) for td in tr.find_all(["td", "th"])]
        if any(cells):
            rows.append("\t".join(cells))
    return "\n" + "\n".join(rows) + "\n"


def _html_text(data: bytes) -> str:
    """Visible text of an HTML page: block elements on their own lines, table rows tab-separated.
    One iterative walk over the tree (linear in its size, whatever its depth)."""
    from bs4 import BeautifulSoup, CData, NavigableString, Tag

    soup = BeautifulSoup(data, "html.parser")  # encoding from <meta charset> or detected
    out: list[str] = []
    stack: list = [(soup, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            out.append("\n")
            continue
        if isinstance(node, Tag):
            name = node.name
            if name in _SKIP:
                continue
            if name == "table":
                out.append(_table_text(node))
                continue
            block = name in _BLOCKS
            if block:
                out.append("\n")
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) in (NavigableString, CData):
            out.append(str(node))
    lines = []
    for line in "".join(out).split("\n"):
        cells = [" ".join(c.replace("\xa0", " ").split()) for c in line.split("\t")]
        lines.append("\t".join(cells).strip(" "))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n"
