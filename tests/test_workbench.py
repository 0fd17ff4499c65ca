"""The review workbench (compare review): an offline page in Debian's Chromium through Playwright, and
its --serve mode writing data/raw/reviews/<id>.yaml, all in a scratch project built here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
import yaml
from fixture_corpus import run_cli, scratch_project

from compare.extract import extract_text
from compare.review import apply_review, parse_review
from compare.text import read_raw

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INJECTION = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"
# Our own sentences in the structure of a city plan: two targets the rules find, one they miss (a
# share written as 六成/60% after its subject). A CJK Extension B character (two UTF-16 units, one
# character) and CRLF line ends stand before the missed target, so offsets must count characters.
RAW = (f"节水行动方案{INJECTION}\n𠀀𠀁 一、主要目标\r\n"
       "到2025年，全市用水总量控制在12.5亿立方米以内，城市公共供水管网漏损率控制在9%以内。\r\n"
       "新建居民𠂉小区中，分区计量的小区数量占比要达到六成，即60%。\r\n")
MISSED = "分区计量的小区数量占比要达到六成，即60%"
DOC = "jincheng_plan"

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} missing")


@pytest.fixture
def project(tmp_path) -> Path:
    """An empty scratch project with one plan registered by `compare add`."""
    root = scratch_project(tmp_path / "project", raw=False)
    src = tmp_path / "plan.txt"
    src.write_bytes(RAW.encode("utf-8"))
    res = run_cli(root, "add", str(src), "--jurisdiction", "晋城市", "--id", DOC, "--title", f"节水{INJECTION}")
    assert res.returncode == 0, res.stderr
    return root


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's Chromium (conftest)."""
    return chromium


@pytest.fixture
def page(browser):
    """A page that records errors and every request that leaves the page's own origin."""
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    outside: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file://", "http://127.0.0.1", "blob:", "data:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context.route("**/*", route)
    p = context.new_page()
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.errors, p.outside = errors, outside
    yield p
    context.close()


def _select(page, text: str) -> None:
    """Select `text` in the document pane as a mouse drag would (a DOM Range over its text nodes)."""
    page.evaluate("""(text) => {
        const pane = document.getElementById('text');
        const nodes = [], walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) nodes.push(walker.currentNode);
        const whole = nodes.map(n => n.data).join('');
        const at = whole.indexOf(text);
        if (at < 0) throw new Error('not in the pane: ' + text);
        const locate = (pos) => { for (const n of nodes) { if (pos <= n.data.length) return [n, pos]; pos -= n.data.length; } };
        const range = document.createRange();
        range.setStart(...locate(at));
        range.setEnd(...locate(at + text.length));
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        pane.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", text)


def _add_missed_target(page) -> None:
    _select(page, MISSED)
    assert page.locator("#add-quote").inner_text() == MISSED
    page.select_option("select[name=add-indicator_id]", "district_metering_coverage_share")
    page.fill("input[name=add-target_year]", "2025")
    page.select_option("select[name=add-comparator]", ">=")
    assert page.input_value("input[name=add-value_reported]") == "60"
    assert page.input_value("input[name=add-unit_reported]") == "%"
    page.fill("#add-reason", "share stated after its subject; no alias precedes the number")
    page.click("#btn-add")
    assert page.locator("#add-error").inner_text() == ""


def _start_server(root: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "WATER_TARGETS_ROOT": str(root), "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-m", "compare", "review", DOC, "--serve", "--port", "0"], cwd=root,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise AssertionError(f"no URL printed: {line!r} {proc.stderr.read()}")
    return proc, m.group(0)


def _post(url: str, payload: dict, header: bool = True) -> tuple[int, dict]:
    req = urllib.request.Request(url + "save", data=json.dumps(payload).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **({"X-Compare-Review": "1"} if header else {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, json.loads(res.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


# --------------------------------------------------------------------------- tests


@needs_chromium
def test_offline_page_shows_every_candidate_escapes_text_and_reject_needs_a_reason(project, page):
    res = run_cli(project, "review", DOC)
    assert res.returncode == 0, res.stderr
    html_path = project / "reports" / "review" / f"{DOC}.html"
    html = html_path.read_text("utf-8")
    assert not re.search(r"""(src|href)=["']?https?://""", html), "no external URL"
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    page.goto(html_path.as_uri())
    pane = page.locator("#text").inner_text()
    assert INJECTION in pane and MISSED in pane
    assert page.evaluate("window.__pwned === undefined") and page.locator("#text img").count() == 0
    assert page.locator("#list li[data-i]").count() == 2
    assert page.locator("#text .seg.c.st-unreviewed").count() >= 2
    free = page.locator("#text .seg.free").all_inner_texts()
    assert "60" in free, "60 is a number no rule accounted for"
    # Reject without a reason is refused; with one it is recorded.
    page.click("#list li >> nth=1")
    page.click("#btn-reject")
    assert "reason is required" in page.locator("#detail-error").inner_text()
    assert "action: reject" not in page.input_value("#yaml")
    page.keyboard.press("r")
    assert "action: reject" not in page.input_value("#yaml")
    page.fill("#reason", "a leakage cap for the whole city, kept elsewhere")
    page.click("#btn-reject")
    assert "action: reject" in page.input_value("#yaml")
    assert page.locator("#text .seg.c.st-rejected").count() >= 1
    # Correct: only the changed field goes into `set`, with its reason.
    page.click("#list li >> nth=0")
    page.click("#btn-correct")
    page.fill("#correct-box input[data-field=target_year]", "2030")
    page.click("#btn-correct-save")
    assert "reason is required" in page.locator("#detail-error").inner_text()
    page.fill("#reason", "the sentence's year applies")
    page.click("#btn-correct-save")
    assert "set:\n      target_year: 2030\n" in page.input_value("#yaml")
    # Download saves exactly the YAML shown.
    _add_missed_target(page)
    with page.expect_download() as dl:
        page.click("#btn-download")
    assert dl.value.suggested_filename == f"{DOC}.yaml"
    saved = Path(dl.value.path()).read_text("utf-8")
    assert saved == page.input_value("#yaml")
    data = parse_review(saved, Path(f"{DOC}.yaml"), DOC)
    assert [d["action"] for d in data["decisions"]] == ["correct", "reject", "add"]
    raw = read_raw(project / "data" / "raw" / f"{DOC}.txt")
    targets = [c for c in extract_text(raw, DOC) if c.kind == "target"]  # what the build reviews (as build.py)
    items, _ = apply_review(targets, data, raw, DOC)
    assert sorted((i.candidate.indicator_id, i.candidate.target_year, i.status) for i in items) == [
        ("district_metering_coverage_share", 2025, "added"), ("total_water_use_cap", 2030, "corrected")]
    assert not page.errors and not page.outside


@needs_chromium
def test_served_workbench_saves_a_review_with_exact_offsets_that_the_build_accepts(project, page):
    proc, url = _start_server(project)
    try:
        page.goto(url)
        page.keyboard.press("a")  # confirm #1 (moves to #2)
        page.keyboard.press("a")  # confirm #2
        _add_missed_target(page)
        page.click("#btn-save")
        page.wait_for_selector("#save-status.ok")
        assert page.locator("#save-status").inner_text() == f"saved data/raw/reviews/{DOC}.yaml"
        review = project / "data" / "raw" / "reviews" / f"{DOC}.yaml"
        data = yaml.safe_load(review.read_text("utf-8"))
        raw = read_raw(project / "data" / "raw" / f"{DOC}.txt")
        add = next(d for d in data["decisions"] if d["action"] == "add")
        start = raw.index(MISSED)
        assert add["quote"] == MISSED == raw[add["char_start"] : add["char_end"]]
        assert (add["char_start"], add["char_end"]) == (start, start + len(MISSED))
        assert add["value_reported"] == "60" and add["target_year"] == 2025
        assert [d["action"] for d in data["decisions"]] == ["confirm", "confirm", "add"]
        page.reload()
        assert page.locator("#list li.st-confirmed").count() == 2 and page.locator("#list li.st-added").count() == 1
        assert not page.errors and not page.outside
        # The server writes this one file and only after checking it as the build would.
        before = review.read_bytes()
        status, body = _post(url, {"document_id": "../../evil", "yaml": "confirm: all\n"})
        assert status == 403 and "writes only data/raw/reviews/jincheng_plan.yaml" in body["error"]
        status, _ = _post(url, {"document_id": DOC, "yaml": "confirm: all\n"}, header=False)
        assert status == 403
        bad = "decisions: [{action: reject, quote: 用水总量控制在12.5亿立方米以内, indicator_id: total_water_use_cap}]\n"
        status, body = _post(url, {"document_id": DOC, "yaml": bad})
        assert status == 422 and "needs a `reason`" in body["error"]
        assert review.read_bytes() == before
        assert not list(project.rglob("evil*"))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    res = run_cli(project, "build", "--no-validate")
    assert res.returncode == 0, res.stderr
    t = pd.read_parquet(project / "data" / "curated" / "targets.parquet")
    row = t[t["indicator_id"] == "district_metering_coverage_share"].iloc[0]
    assert (row["quote_zh"], row["char_start"], row["char_end"]) == (MISSED, start, start + len(MISSED))
    assert (row["value"], row["review_status"], row["method"]) == (60.0, "added", "review")
    assert sorted(t["review_status"]) == ["added", "confirmed", "confirmed"]


def test_page_data_keeps_decisions_that_no_longer_match_and_marks_existing_ones():
    from compare.workbench import page_data, read_document, render

    doc = read_document(DOC, "节水", RAW)
    assert [RAW[a:b] for a, b in doc.unclassified] == ["1", "2", "六成", "60"]  # a share in words is a number too
    cap = doc.candidates[0]
    review = {"partial": "half", "decisions": [
        {"action": "confirm", "quote": cap.quote, "indicator_id": cap.indicator_id},
        {"action": "reject", "quote": "用水总量控制在99亿立方米以内", "indicator_id": "total_water_use_cap", "reason": "x"},
    ]}
    data = page_data(doc, review)
    assert data["candidates"][0]["decision"] == {"action": "confirm"} and data["candidates"][1]["decision"] is None
    assert len(data["stale"]) == 1 and "no candidate has this quote" in data["stale"][0]["problem"]
    assert data["top"] == {"partial": "half"}
    html = render(data)
    assert html.count("</script>") == 2 and "\\u003cscript\\u003e" in html


@needs_chromium
def test_outcomes_are_shown_apart_from_the_candidates_to_decide(tmp_path, page):
    from compare.workbench import page_data, read_document, render

    raw = ("截至2022年底，全市用水总量为11.8亿立方米。到2025年，全市用水总量控制在12.5亿立方米以内，"
           "改建<b>渡槽检修便道</b>12公里。")
    doc = read_document("d", "t", raw)
    assert [c.kind for c in doc.candidates] == ["target"] and [c.kind for c in doc.outcomes] == ["outcome"]
    assert [c.kind for c in doc.unlisted] == ["unlisted"]
    html = tmp_path / "d.html"
    html.write_text(render(page_data(doc, {})), "utf-8")
    page.goto(html.as_uri())
    assert page.locator("#list li[data-i]").count() == 1
    outcome, unlisted = page.locator("#list li.st-outcome").all_inner_texts()
    assert outcome.startswith("outcome (reported, not a target)")
    assert unlisted.startswith("not in the vocabulary") and "“改建<b>渡槽检修便道</b>12公里”" in unlisted  # text, not markup
    assert page.locator("#text .seg.st-outcome").inner_text() == doc.outcomes[0].quote
    assert "1 not in the vocabulary" in page.locator("#counts").inner_text()
    assert not page.errors and not page.outside


# A made-up task-division annex after the plan's text (tab_rows layout).
ANNEX = "附件\n序号\t重点任务\t牵头单位\t参与单位\n1\t推进农业节水增效\t市农业农村局\t市水利局\n"
ANNEX_REVIEW = {
    "partial": "annex first",
    "annex_confirm": "all",
    "annex_decisions": [{"action": "reject", "task_no": "1", "quote": "市水利局", "role": "participant",
                         "reason": "named \"lead\" in the text; <b>not</b> a participant"}],
}


@needs_chromium
def test_the_page_writes_back_the_annex_decisions_it_does_not_edit(tmp_path, page):
    from compare.workbench import page_data, read_document, render

    doc = read_document(DOC, "节水", RAW + ANNEX)
    data = page_data(doc, ANNEX_REVIEW)
    assert data["annex"] == {k: ANNEX_REVIEW[k] for k in ("annex_confirm", "annex_decisions")}
    html = tmp_path / "wb.html"
    html.write_text(render(data), encoding="utf-8")
    page.goto(html.as_uri())
    written = parse_review(page.input_value("#yaml"), Path("x.yaml"), DOC)
    assert written["annex_confirm"] == "all" and written["annex_decisions"] == ANNEX_REVIEW["annex_decisions"]
    assert not page.errors and not page.outside


def test_saving_checks_the_annex_decisions_against_the_annex(tmp_path, monkeypatch):
    import shutil

    from compare import paths
    from compare.errors import ReviewError
    from compare.workbench import read_document, save_review

    shutil.copytree(paths.REFERENCE_DIR, tmp_path / "data" / "reference")  # the annex reader's agencies
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))  # reviews go to tmp_path/data/raw/reviews
    doc = read_document(DOC, "节水", RAW + ANNEX)
    kept = yaml.safe_dump(ANNEX_REVIEW, allow_unicode=True)
    assert yaml.safe_load(save_review(DOC, kept, doc).read_text("utf-8")) == ANNEX_REVIEW
    stale = kept.replace("市水利局", "市财政局")
    with pytest.raises(ReviewError, match="no annex row"):
        save_review(DOC, stale, doc)
