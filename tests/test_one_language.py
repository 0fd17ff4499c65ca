"""One language per page (issue 13, item 6): English site pages and English charts carry no Chinese
except what is marked as quoted from a document — a `lang="zh"` element, a 《document title》 or a
「quoted phrase」 — and Chinese pages and charts carry no English notes."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from bs4 import BeautifulSoup
from conftest import make_tables
from test_export_in_browser import every_chart_tables

from compare import catalogue, labels, report

#: Chinese characters and full-width punctuation.
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")
#: Quoted from a document, allowed in English: 《title》 and 「phrase」.
QUOTED = re.compile(r"《[^《》]*》|「[^「」]*」")
#: A run of three or more English words: a note in English.
ENGLISH = labels.ENGLISH_RUN


def chinese_outside_quotes(s: str) -> list[str]:
    """The Chinese runs of `s` outside 《…》 and 「…」 (innermost first: a title naming a title is one)."""
    while QUOTED.search(s):
        s = QUOTED.sub(" ", s)
    return CJK.findall(s)


# --------------------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A site built from hand-made tables, one target with a scope the vocabulary has no English for."""
    tables = make_tables()[0]
    targets = tables["targets"].copy()
    targets.loc[targets.index[0], "scope_zh"] = "全市"
    targets.loc[targets.index[1], "scope_zh"] = "某灌区"  # no English for it: shown as written, marked
    targets.loc[targets.index[0], "note"] = "written as 下降16%左右 (about 16%), taken as 16"  # a curator's note
    tables["targets"] = targets
    out = tmp_path_factory.mktemp("site")
    report.build_site(out, tables=tables, exports=None, progress=lambda msg: None)
    return out


def _pages(site: Path, lang: str) -> list[tuple[Path, BeautifulSoup]]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.html is not None and str(soup.html.get("lang", "")).split("-")[0] == lang:
            pages.append((path, soup))
    return pages


def _visible_text(soup: BeautifulSoup, other: str) -> str:
    for el in soup.find_all(lambda e: str(e.get("lang", "")).split("-")[0] == other):
        el.decompose()
    for el in soup(["script", "style", "code"]):
        el.decompose()
    return soup.get_text(" ")


def test_english_pages_carry_no_chinese_except_marked_quotes(site):
    pages = _pages(site, "en")
    assert len(pages) > 10
    found = {str(p.relative_to(site)): chinese_outside_quotes(_visible_text(s, "zh")) for p, s in pages}
    assert not {p: w for p, w in found.items() if w}
    # The scope words come from metadata; a scope without English is kept, marked as Chinese.
    every_page = "".join(p.read_text(encoding="utf-8") for p, _ in pages)
    assert labels.scope_label("全市", "en")[0] in every_page
    assert '<span lang="zh">某灌区</span>' in every_page
    assert 'written as <span lang="zh">下降16%左右</span> (about 16%)' in every_page  # a note's quoted words


def test_english_pages_name_documents_with_an_english_gloss(site):
    soup = BeautifulSoup((site / "en" / "documents.html").read_text(encoding="utf-8"), "html.parser")
    glosses = [g.get_text() for g in soup.select(".gloss")]
    assert "[Yuncheng: water-saving action implementing rules]" in glosses  # 节水行动实施细则 of doc_a


def test_chinese_pages_carry_no_english_notes(site):
    pages = _pages(site, "zh")
    assert len(pages) > 10
    found = {str(p.relative_to(site)): ENGLISH.findall(_visible_text(s, "en")) for p, s in pages}
    assert not {p: w for p, w in found.items() if w}
    # A note written in English is not shown on a Chinese page; the page says where to read it.
    every_page = "".join(p.read_text(encoding="utf-8") for p, _ in pages)
    assert labels.text("report", "note_english_only", "zh") in every_page and "about 16%" not in every_page


# --------------------------------------------------------------------------- the charts


def figure_texts(fig: go.Figure) -> list[str]:
    """Every text a reader sees on a chart without hovering: titles, annotations (the source line too),
    axis titles and tick labels, legend entries, text on or beside the marks, colour-bar titles."""
    d = fig.to_dict()
    layout = d.get("layout", {})
    out = [str(layout.get("title", {}).get("text") or "")]
    out += [str(a.get("text") or "") for a in layout.get("annotations", []) or []]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            out.append(str((axis.get("title") or {}).get("text") or ""))
            out += [str(t) for t in axis.get("ticktext") or []]
    if isinstance(layout.get("legend"), dict):
        out.append(str((layout["legend"].get("title") or {}).get("text") or ""))
    for trace in d.get("data", []):
        if trace.get("showlegend", True) is not False:
            out.append(str(trace.get("name") or ""))
        for key in ("text", "x", "y"):
            values = trace.get(key)
            if isinstance(values, list | tuple):
                out += [str(v) for row in values for v in (row if isinstance(row, list | tuple) else [row])
                        if isinstance(v, str)]
            elif isinstance(values, str):
                out.append(values)
        bar = (trace.get("marker") or {}).get("colorbar") or trace.get("colorbar") or {}
        out.append(str((bar.get("title") or {}).get("text") or ""))
        out += [str(t) for t in bar.get("ticktext") or []]
    return [re.sub(r"<[^>]+>", " ", t) for t in out if t]


@pytest.fixture(scope="module")
def drawn() -> dict[str, list[tuple[str, list[str]]]]:
    tables = every_chart_tables()
    return {lang: [(job.chart.id, figure_texts(fig)) for job in catalogue.jobs(tables)
                   for fig in catalogue.pages(job, tables, lang, "briefing")] for lang in ("zh", "en")}


def test_english_charts_carry_no_chinese_except_quoted_titles(drawn):
    assert {chart for chart, _ in drawn["en"]} == set(catalogue.CHARTS)
    found = {name: sorted({w for t in texts for w in chinese_outside_quotes(t)}) for name, texts in drawn["en"]}
    assert not {n: w for n, w in found.items() if w}


def test_chinese_charts_carry_no_english_notes(drawn):
    found = {name: sorted({w for t in texts for w in ENGLISH.findall(t)}) for name, texts in drawn["zh"]}
    assert not {n: w for n, w in found.items() if w}


def test_an_unknown_scope_is_quoted_in_english_charts():
    from compare import figures

    targets = pd.DataFrame({"indicator_id": ["total_water_use_cap"] * 2, "jurisdiction_id": ["cn.shanxi.yuncheng"] * 2,
                            "scope_zh": ["全市", "某灌区"], "comparator": ["<=", "<="], "value": [12.5, 3.0],
                            "unit": ["亿立方米"] * 2, "quote_zh": ["", ""], "document_id": ["doc_a"] * 2})
    fig = figures.undated_targets(targets, figures.Context(lang="en"))
    xs = {x for t in fig.data for x in t.x}
    assert xs == {"Yuncheng · city-wide", "Yuncheng · 「某灌区」"}
