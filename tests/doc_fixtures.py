"""Test fixtures made on the fly: one small county plan as UTF-8 text, GB18030 text, .docx (python-docx),
.html, a PDF with a text layer (written by hand: a CID font with a ToUnicode map, no font file needed)
and a scanned PDF (an image, no text; written by Pillow)."""

from __future__ import annotations

import zlib
from pathlib import Path

TITLE = "沁水县节水行动实施方案"
PARAGRAPHS = [
    TITLE,
    "一、主要目标",
    "到2025年，全县用水总量控制在1.35亿立方米以内，万元地区生产总值用水量较2020年下降16%，"
    "万元工业增加值用水量较2020年下降10%，农田灌溉水有效利用系数提高到0.58以上，"
    "城镇公共供水管网漏损率控制在9%以内。",
    "到2035年，全县再生水利用率达到30%以上。",
    "附表 主要指标",
]
TABLE = [
    ["序号", "指标名称", "单位", "指标属性", "2025年", "2030年"],
    ["1", "用水总量", "亿立方米", "约束性", "1.35", "1.40"],
    ["2", "规模以上工业用水重复利用率", "%", "预期性", "92", "94"],
]


def plan_text() -> str:
    """The plan as the plain text a converter should produce (table rows tab-separated)."""
    return "\n".join(PARAGRAPHS + ["\t".join(r) for r in TABLE]) + "\n"


def write_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    for p in PARAGRAPHS:
        d.add_paragraph(p)
    table = d.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for i, row in enumerate(TABLE):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    d.save(str(path))
    return path


def write_html(path: Path, encoding: str = "utf-8") -> Path:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in TABLE)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (f'<html><head><meta charset="{encoding}"><title>{TITLE}</title><style>p{{}}</style></head>'
            f"<body><script>var x = '用水总量控制在99亿立方米';</script>{body}<table>{rows}</table></body></html>")
    path.write_bytes(html.encode(encoding))
    return path


# --------------------------------------------------------------------------- PDF by hand

_FONT_SIZE = 10
_PAGE_W, _PAGE_H, _MARGIN = 595, 842, 50


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _hex(text: str) -> str:
    return "".join(f"{ord(c):04X}" for c in text)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes) -> bytes:
    packed = zlib.compress(data)
    return f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode() + packed + b"\nendstream"


def write_text_pdf(path: Path, lines_per_page: int = 30) -> Path:
    """A text-layer PDF of the plan: paragraphs wrapped to the page width (the converter must re-join
    them), the table as positioned columns, a page number at the foot of each page."""
    width_chars = (_PAGE_W - 2 * _MARGIN) // _FONT_SIZE
    items: list[list[tuple[float, str]]] = []  # one per line: (x, text) runs
    for p in PARAGRAPHS:
        items += [[(_MARGIN, chunk)] for chunk in _wrap(p, width_chars)]
    columns = [_MARGIN, _MARGIN + 60, _MARGIN + 230, _MARGIN + 300, _MARGIN + 360, _MARGIN + 440]
    items += [list(zip(columns, row, strict=True)) for row in TABLE]
    pages = [items[i : i + lines_per_page] for i in range(0, len(items), lines_per_page)]

    used = sorted({c for line in items for _, t in line for c in t} | set("0123456789"))
    cmap = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in used)
    to_unicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(used)} beginbfchar\n{cmap}\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
    )
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 descendant, 5 descriptor, 6 ToUnicode, then page/content pairs
    kids = " ".join(f"{7 + 2 * i} 0 R" for i in range(n_pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        _stream(to_unicode.encode()),
    ]
    for n, page in enumerate(pages, 1):
        ops = []
        y = _PAGE_H - _MARGIN
        for line in page:
            for x, text in line:
                ops.append(f"BT /F1 {_FONT_SIZE} Tf 1 0 0 1 {x} {y} Tm <{_hex(text)}> Tj ET")
            y -= _FONT_SIZE * 1.8
        ops.append(f"BT /F1 {_FONT_SIZE} Tf 1 0 0 1 {_PAGE_W // 2} 30 Tm <{_hex(str(n))}> Tj ET")
        content = len(objects) + 2
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_W} {_PAGE_H}] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>".encode())
        objects.append(_stream("\n".join(ops).encode()))
    path.write_bytes(_pdf(objects))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A 'scanned' PDF: one page that is only an image with drawn lines, no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(img)
    for y in range(100, 700, 30):
        draw.rectangle([60, y, 540, y + 12], fill="black")
    img.save(path, "PDF", resolution=72)
    return path
