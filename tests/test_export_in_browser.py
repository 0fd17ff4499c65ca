"""Exported charts looked at in Chromium: the cascade's text boxes (briefing SVG) neither overlap nor
leave the image, and an HTML chart copied alone into an empty folder draws with the network cut."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_analysis import hand_tables
from test_cascade import JURISDICTIONS, targets

from compare import export
from compare.errors import ExportError

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture(scope="module")
def page(chromium):
    context = chromium.new_context(viewport={"width": 1000, "height": 800})
    context.route("http*://**", lambda route: route.abort())  # nothing may come from the network
    yield context.new_page()
    context.close()


_BOXES_JS = """() => {
    const svg = document.querySelector('svg');
    const r = svg.getBoundingClientRect();
    const shown = el => { for (let e = el; e && e !== svg; e = e.parentElement) {
        const st = getComputedStyle(e);
        if (st.display === 'none' || st.visibility === 'hidden' || st.opacity === '0') return false; }
        return true; };
    const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && shown(t)).map(t => {
        const b = t.getBoundingClientRect();
        return {text: t.textContent.trim(), x0: b.left, y0: b.top, x1: b.right, y1: b.bottom};
    }).filter(b => b.x1 > b.x0 && b.y1 > b.y0);
    return [{x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}, boxes];
}"""


def text_boxes(page, svg_path: Path) -> tuple[dict, list[dict]]:
    """The image's frame and the box of every visible text element of an SVG, as Chromium lays it out."""
    page.goto(svg_path.resolve().as_uri())
    return page.evaluate(_BOXES_JS)


def _overlap(a: dict, b: dict, tol: float = 1.0) -> bool:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > tol and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > tol


def problems(frame: dict, boxes: list[dict], tol: float = 1.0) -> tuple[list[str], list[tuple[str, str]]]:
    """The texts that leave the image, and the pairs of texts whose boxes overlap (an axis tick too)."""
    outside = [b["text"] for b in boxes if b["x0"] < frame["x0"] - tol or b["x1"] > frame["x1"] + tol
               or b["y0"] < frame["y0"] - tol or b["y1"] > frame["y1"] + tol]
    clashes = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b, tol)]
    return outside, clashes


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("data", ["county_chain", "cities"])
def test_cascade_text_boxes_do_not_overlap_or_leave_the_image(tmp_path, page, lang, data):
    try:
        export.check_static_export()
    except ExportError as exc:
        pytest.skip(str(exc))
    tables = hand_tables() if data == "cities" else {
        "targets": targets(), "jurisdictions": JURISDICTIONS,
        "documents": hand_tables()["documents"].iloc[:0]}
    written = export.export_catalogue(tmp_path, [lang], ["svg"], ["cascade"], tables=tables, preset="briefing")
    svgs = [p for p in written[f"{lang}/cascade"] if p.suffix == ".svg"]
    assert svgs and all(p.is_file() for p in svgs)
    assert sum(len(text_boxes(page, p)[1]) for p in svgs) > 20
    for svg in svgs:
        frame, boxes = text_boxes(page, svg)
        outside, clashes = problems(frame, boxes)
        assert not outside, svg.name
        assert not clashes, svg.name


def test_an_html_chart_sent_alone_draws_offline(tmp_path, page):
    export.export_catalogue(tmp_path / "bundle", ["zh"], ["html"], ["cascade"], tables=hand_tables())
    alone = tmp_path / "inbox"
    alone.mkdir()
    shutil.copy(tmp_path / "bundle" / "zh" / "cascade.html", alone / "cascade.html")
    assert [p.name for p in alone.iterdir()] == ["cascade.html"]
    page.goto((alone / "cascade.html").as_uri())
    page.wait_for_selector(".plotly-graph-div .main-svg", timeout=20_000)
    title = page.evaluate("() => document.querySelector('.gtitle').textContent")
    assert title.startswith("各地目标与每一级上级目标比较")
    sources = page.evaluate("() => [...document.querySelectorAll('.annotation-text')].map(t => t.textContent)")
    assert any(s.startswith("资料来源") for s in sources)  # the source line travels with the chart


# --------------------------------------------------------------------------- every catalogue chart


def every_chart_tables() -> dict:
    """Hand-made tables that give every chart of the catalogue at least one figure: the analysis
    tables (targets, outcomes) and the responsibility annex of conftest.make_tables."""
    import pandas as pd
    from conftest import make_tables

    tables, annex = hand_tables(), make_tables()[0]
    tables["documents"] = pd.concat([tables["documents"], annex["documents"]], ignore_index=True)
    tables["jurisdictions"] = pd.concat([tables["jurisdictions"], annex["jurisdictions"]],
                                        ignore_index=True).drop_duplicates("jurisdiction_id")
    tables |= {"responsibilities": annex["responsibilities"], "agencies": annex["agencies"]}
    return tables


@pytest.fixture(scope="module")
def briefing_svgs(tmp_path_factory, page):
    """Every page of every catalogue figure, zh and en, exported as a briefing SVG in one kaleido
    session and measured in one Chromium page: {(chart id, lang): [(file, frame, boxes), …]}."""
    try:
        export.check_static_export()
    except ExportError as exc:
        pytest.skip(str(exc))
    out = tmp_path_factory.mktemp("briefing")
    written = export.export_catalogue(out, ["zh", "en"], ["svg"], None, tables=every_chart_tables(),
                                      preset="briefing")
    from compare import catalogue

    measured: dict[tuple[str, str], list] = {}
    for key, paths in written.items():
        lang, name = key.split("/", 1)
        for path in paths:
            if path.suffix == ".svg":
                chart = next(c for c in sorted(catalogue.CHARTS, key=len, reverse=True) if name.startswith(c))
                measured.setdefault((chart, lang), []).append((path, *text_boxes(page, path)))
    return measured


#: Measured: 16 cm wide, a chart page may be at most this tall (an A4 page's text area).
MAX_PAGE_CM = 24.0


def _cases():
    from compare import catalogue

    return [pytest.param(chart, lang, id=f"{chart}-{lang}") for chart in catalogue.CHARTS for lang in ("zh", "en")]


@pytest.mark.parametrize(("chart", "lang"), list(_cases()))
def test_no_text_box_overlaps_another_or_leaves_the_image(briefing_svgs, chart, lang):
    pages = briefing_svgs.get((chart, lang))
    assert pages, f"{chart} drew no figure from the hand-made tables"
    for path, frame, boxes in pages:
        assert len(boxes) > 5, path.name
        outside, clashes = problems(frame, boxes)
        assert not outside, f"{path.name}: text leaves the image: {outside[:5]}"
        assert not clashes, f"{path.name}: {len(clashes)} overlapping text boxes: {clashes[:5]}"
        tall_cm = (frame["y1"] - frame["y0"]) / (frame["x1"] - frame["x0"]) * 16.0
        assert tall_cm <= MAX_PAGE_CM, f"{path.name} is {tall_cm:.1f} cm tall at 16 cm wide: split it into pages"
