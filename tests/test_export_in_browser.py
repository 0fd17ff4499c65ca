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
def page():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1000, "height": 800})
        context.route("http*://**", lambda route: route.abort())  # nothing may come from the network
        yield context.new_page()
        browser.close()


def _boxes(page, svg_path: Path) -> tuple[dict, list[dict]]:
    page.goto(svg_path.resolve().as_uri())
    return page.evaluate("""() => {
        const svg = document.querySelector('svg');
        const r = svg.getBoundingClientRect();
        const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
            const b = t.getBoundingClientRect();
            return {text: t.textContent.trim(), x0: b.left, y0: b.top, x1: b.right, y1: b.bottom};
        });
        return [{x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}, boxes];
    }""")


def _overlap(a: dict, b: dict, tol: float = 1.0) -> bool:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > tol and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > tol


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
    export.export_catalogue(tmp_path, [lang], ["svg"], ["cascade"], tables=tables, preset="briefing")
    frame, boxes = _boxes(page, tmp_path / lang / "cascade.svg")
    assert len(boxes) > 20
    outside = [b["text"] for b in boxes if b["x0"] < frame["x0"] - 1 or b["x1"] > frame["x1"] + 1
               or b["y0"] < frame["y0"] - 1 or b["y1"] > frame["y1"] + 1]
    assert not outside
    clashes = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b)]
    assert not clashes


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
