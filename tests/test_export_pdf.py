"""Exported PDFs carry real Chinese text (水 U+6C34, not the Kangxi radical ⽔ U+2F54) and the chart's
title; checked on a hand-made PDF (no browser) and on a chart exported through Chromium."""

from __future__ import annotations

import logging
import re
import struct
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from test_analysis import hand_tables

from compare import catalogue, export, metadata, presets
from compare.errors import ExportError

KANGXI = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")  # radicals, compatibility ideographs


def test_radicals_become_ideographs():
    assert export.ideograph("\u2f54") == "水"  # KANGXI RADICAL WATER (NFKC)
    assert export.ideograph("\u2f6c") == "目"  # KANGXI RADICAL EYE (NFKC)
    assert export.ideograph("\uf9b5") == "例"  # CJK COMPATIBILITY IDEOGRAPH-F9B5 (NFKC)
    assert export.ideograph("\u2ed3") == "长"  # CJK RADICAL C-SIMPLIFIED LONG: no NFKC form (radicals.yaml)
    assert export.ideograph("\u2f3e") == "户"  # KANGXI RADICAL DOOR: NFKC says 戶, the SC glyph is 户
    for ch in ("水", "a", "％", "▲", "〔"):  # ％ has an NFKC form, but it is no ideograph: left alone
        assert export.ideograph(ch) == ch


NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _sc_cmap(path: Path) -> dict[int, int]:
    """Code point → glyph id of the NotoSansCJKsc-Regular face of a font collection (cmap format 12)."""
    data = path.read_bytes()
    n = struct.unpack(">I", data[8:12])[0]
    for face in struct.unpack(f">{n}I", data[12:12 + 4 * n]):
        tables = {}
        for i in range(struct.unpack(">H", data[face + 4:face + 6])[0]):
            tag, _, off, _ = struct.unpack(">4sIII", data[face + 12 + 16 * i:face + 28 + 16 * i])
            tables[tag] = off
        name = tables[b"name"]
        _, count, strings = struct.unpack(">HHH", data[name:name + 6])
        names = [struct.unpack(">6H", data[name + 6 + 12 * i:name + 18 + 12 * i]) for i in range(count)]
        ps = next(data[name + strings + o:name + strings + o + ln].decode("utf-16-be")
                  for pid, _, _, nid, ln, o in names if nid == 6 and pid == 3)
        if ps != "NotoSansCJKsc-Regular":
            continue
        cmap = tables[b"cmap"]
        for i in range(struct.unpack(">H", data[cmap + 2:cmap + 4])[0]):
            sub = cmap + struct.unpack(">I", data[cmap + 8 + 8 * i:cmap + 12 + 8 * i])[0]
            if struct.unpack(">H", data[sub:sub + 2])[0] == 12:
                out = {}
                for g in range(struct.unpack(">I", data[sub + 12:sub + 16])[0]):
                    start, end, gid = struct.unpack(">III", data[sub + 16 + 12 * g:sub + 28 + 12 * g])
                    out.update({start + k: gid + k for k in range(end - start + 1)})
                return out
    pytest.skip("no NotoSansCJKsc-Regular face with a format-12 cmap")


@pytest.mark.skipif(not NOTO.is_file(), reason=f"{NOTO} missing: apt-get install fonts-noto-cjk")
def test_every_radical_sharing_a_glyph_becomes_that_glyphs_ideograph():
    """Re-derives metadata/radicals.yaml: for every radical Noto Sans CJK SC draws with the glyph of one
    unified ideograph, `ideograph` gives that ideograph (NFKC or the table)."""
    cmap = _sc_cmap(NOTO)
    by_glyph: dict[int, list[int]] = {}
    for cp, gid in cmap.items():
        by_glyph.setdefault(gid, []).append(cp)
    checked = 0
    for cp in range(0x2E80, 0x2FE0):
        mates = [c for c in by_glyph.get(cmap.get(cp, -1), [])
                 if c != cp and unicodedata.name(chr(c), "").startswith("CJK UNIFIED IDEOGRAPH")]
        if len(mates) == 1:
            assert export.ideograph(chr(cp)) == chr(mates[0]), hex(cp)
            checked += 1
    assert checked > 280  # 214 Kangxi radicals and about 80 of the supplement


CMAP = (
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
    "3 beginbfchar\n<01> <2F54>\n<02> <0041>\n<03> <516C>\nendbfchar\n"
    "2 beginbfrange\n<10> <12> <2F54>\n<20> <21> [<2F6C> <6C34>]\nendbfrange\n"
    "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
)


def _entries(cmap: str) -> dict[str, str]:
    return {s: bytes.fromhex(d).decode("utf-16-be") for s, d in re.findall(r"<([0-9A-F]+)> <([0-9A-F]+)>\n", cmap)
            if "codespacerange" not in s}


def test_cmap_radicals_are_rewritten_and_ranges_expanded():
    new, changed = export.real_text_cmap(CMAP.encode("latin-1"))
    text = new.decode("latin-1")
    # <01> ⽔; the range <10>–<12> from ⽔: ⽔ ⽕ ⽖ → 水 火 爪; the array's ⽬ → 目
    assert changed == 5
    got = _entries(text.split("endcodespacerange")[1])
    assert got == {"01": "水", "02": "A", "03": "公", "10": "水", "11": "火", "12": "爪", "20": "目", "21": "水"}
    assert "beginbfrange" not in text and text.count("beginbfchar") == 1
    assert text.startswith("/CIDInit") and text.endswith("end\nend\n")
    assert export.real_text_cmap(b"1 beginbfchar\n<01> <6C34>\nendbfchar\n") == (
        b"1 beginbfchar\n<01> <6C34>\nendbfchar\n", 0)


def _tiny_pdf(cmap: str) -> bytes:
    """A one-page PDF whose Type 3 font draws codes 01 02 03 as squares, with `cmap` as its ToUnicode."""
    glyph = b"1000 0 0 0 800 800 d1 0 0 800 800 re f"
    content = b"BT /F1 24 Tf 50 50 Td <010203> Tj ET"
    objs = [
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
        b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources <</Font <</F1 5 0 R>>>> /Contents 4 0 R>>",
        b"<</Length %d>>\nstream\n%s\nendstream" % (len(content), content),
        b"<</Type /Font /Subtype /Type3 /FontBBox [0 0 800 800] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs <</g 6 0 R>> /Encoding <</Type /Encoding /Differences [1 /g /g /g]>> "
        b"/FirstChar 1 /LastChar 3 /Widths [1000 1000 1000] /ToUnicode 7 0 R>>",
        b"<</Length %d>>\nstream\n%s\nendstream" % (len(glyph), glyph),
        b"<</Length %d>>\nstream\n%s\nendstream" % (len(cmap), cmap.encode("latin-1")),
        b"<</Title (Kaleido-fier) /Producer (hand)>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d /Root 1 0 R /Info 8 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _text_and_meta(path) -> tuple[str, dict]:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(path) as pdf:
        return "".join(p.extract_text() or "" for p in pdf.pages), dict(pdf.metadata)


def test_fix_pdf_on_a_hand_made_pdf(tmp_path):
    path = tmp_path / "tiny.pdf"
    original = _tiny_pdf("1 beginbfchar\n<01> <2F54>\nendbfchar\n2 beginbfchar\n<02> <6C60>\n<03> <2F6C>\nendbfchar\n")
    path.write_bytes(original)
    before, meta = _text_and_meta(path)
    assert before == "\u2f54池\u2f6c" and meta["Title"] == "Kaleido-fier"
    assert export.fix_pdf(path, "用水总量 <b>cap</b>", "someone") == 2
    after, meta = _text_and_meta(path)
    assert after == "水池目"
    assert (meta["Title"], meta["Author"], meta["Producer"]) == ("用水总量 <b>cap</b>", "someone", "hand")
    assert path.read_bytes().startswith(original)  # what Chromium wrote stays; the update is appended


def test_fix_pdf_refuses_what_it_cannot_update(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.7\nnot a classic cross-reference\n")
    with pytest.raises(ExportError, match="cross-reference"):
        export.fix_pdf(path, "t")


def test_plain_title_drops_the_unit_line_and_tags():
    fig, _ = catalogue.build("caps_by_city", hand_tables(), "en")
    assert export.plain_title(fig) == "Total water use caps by city and target year"
    fig, _ = catalogue.build("cascade", hand_tables(), "en")
    wrapped = presets.apply(fig, presets.BRIEFING)
    assert wrapped.layout.title.text.split("<sup>")[0].count("<br>") >= 2  # the briefing wraps the title
    assert export.plain_title(wrapped) == export.plain_title(fig) == metadata.label("chart", "cascade", "en")


@pytest.mark.browser
def test_every_exported_pdf_has_real_chinese_and_the_chart_title(tmp_path):
    try:
        export.check_static_export()
    except ExportError as exc:
        pytest.skip(str(exc))
    tables = hand_tables()
    export.export_catalogue(tmp_path, ["zh", "en"], ["pdf"], None, tables=tables)
    pdfs = sorted(tmp_path.rglob("*.pdf"))
    # one PDF per page: a long chart is split into pages at the briefing preset (catalogue.pages)
    assert len(pdfs) == sum(len(catalogue.pages(j, tables, lang, "briefing"))
                            for lang in ("zh", "en") for j in catalogue.jobs(tables))
    for path in pdfs:
        text, meta = _text_and_meta(path)
        # every chart names 《国家节水行动方案》 or another 节水 document in its source line, in both languages
        assert "水" in text and not KANGXI.search(text), (path, KANGXI.findall(text))
        assert meta["Author"] == export.PDF_AUTHOR and meta["Title"] != "Kaleido-fier"
    pages = [_text_and_meta(p) for p in sorted((tmp_path / "zh").glob("cascade*.pdf"))]  # cascade.pdf or -p1, -p2 …
    assert "长治市" in "".join(t for t, _ in pages)  # ⻓ (U+2ED3, no NFKC form) would be copied without radicals.yaml
    assert all(meta["Title"].startswith(metadata.label("chart", "cascade", "zh")) for _, meta in pages)
