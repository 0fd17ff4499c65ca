"""The report site (compare.report), opened in Debian's Chromium through Playwright.

The site is built once per session from the fixture corpus, built and validated (conftest.built_project);
a second, tiny site is built from hand-made tables whose document text tries to inject HTML.  Every page is opened over
file:// with every request that would leave the site folder aborted and recorded.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from fixture_corpus import REPO, make_tables, move_root

from compare import analysis, catalogue, labels, metadata, report, tilemap

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Screenshots of the fixture corpus's site, kept for a person to look at (reports/ is git-ignored).
SCREENSHOT = REPO / "reports" / "site-overview.png"
RESP_SCREENSHOT = REPO / "reports" / "site-responsibilities.png"
INJECTION = '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2">'

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} missing: apt-get install chromium")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def tables(published_tables) -> dict[str, pd.DataFrame]:
    """The tables of the fixture corpus, built and validated once per session (conftest)."""
    return published_tables


@pytest.fixture(scope="session")
def site(tables, tmp_path_factory) -> Path:
    """The report site built once from the published tables (downloads: HTML charts + data)."""
    out = tmp_path_factory.mktemp("site")
    report.build_site(out, tables=tables, exports=None, progress=lambda msg: None)
    return out


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from hand-made tables whose quote, note, title and issuer contain HTML."""
    tables, _ = make_tables()
    targets = tables["targets"].copy()
    targets.loc[targets.index[0], "quote_zh"] = f"用水总量{INJECTION}控制在12.5亿立方米"
    targets.loc[targets.index[1], "note"] = INJECTION
    docs = tables["documents"].copy()
    docs.loc[docs.index[0], "title_zh"] = f"细则{INJECTION}"
    docs.loc[docs.index[0], "issuer_zh"] = INJECTION
    resp = tables["responsibilities"].copy()
    resp.loc[resp["role"] == "lead", "unit_zh"] = f"市水利局{INJECTION}"
    resp["task_title_zh"] = f"节水宣传{INJECTION}"
    tables = tables | {"targets": targets, "documents": docs, "responsibilities": resp}
    out = tmp_path_factory.mktemp("hostile")
    report.build_site(out, tables=tables, info={"validation": INJECTION}, exports=None, progress=lambda msg: None)
    return out


@pytest.fixture(scope="session")
def browser(chromium):
    """The session's Chromium (conftest)."""
    return chromium


class Visit:
    """A browser page that records console errors, page errors and every request leaving `root`."""

    def __init__(self, browser, root: Path):
        self.root = root.resolve()
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def _route(self, route) -> None:
        url = route.request.url
        parsed = urlparse(url)
        inside = parsed.scheme == "file" and Path(unquote(parsed.path)).resolve().is_relative_to(self.root)
        if inside or parsed.scheme in ("data", "blob"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: Path | str) -> None:
        """Open a file of the site and wait until every chart on it has drawn its SVG."""
        self.page.goto((self.root / path).as_uri(), wait_until="load")
        self.page.wait_for_function(
            "[...document.querySelectorAll('.plotly-graph-div')].every(d => d.querySelector('svg.main-svg'))",
            timeout=30_000,
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site):
    v = Visit(browser, site)
    yield v
    v.close()


def pages(site: Path) -> list[Path]:
    """Every HTML page of the site (not the exported chart files under downloads/)."""
    return sorted(p.relative_to(site) for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "downloads")


# --------------------------------------------------------------------------- structure (no browser)


def test_every_page_exists_in_both_languages(site, tables):
    zh = {p.relative_to("zh") for p in pages(site) if p.parts[0] == "zh"}
    en = {p.relative_to("en") for p in pages(site) if p.parts[0] == "en"}
    assert zh == en
    with_targets = set(tables["targets"]["indicator_id"])
    assert {Path(report.indicator_page(i)) for i in with_targets} <= zh
    assert {Path(report.jurisdiction_page(j)) for j in tables["jurisdictions"]["jurisdiction_id"]} <= zh
    assert {Path(p) for p, _ in report.NAV} <= zh
    assert (site / "index.html").is_file() and (site / "assets" / "plotly.min.js").stat().st_size > 1_000_000


def test_every_local_link_and_source_resolves_inside_the_site(site):
    checked = 0
    for rel in pages(site):
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.find_all(tag):
                url = el.get(attr)
                if not url or url.startswith("#"):
                    continue
                if tag != "a":
                    assert not urlparse(url).scheme, f"{rel} loads {url} from outside the site"
                if urlparse(url).scheme in ("http", "https", "mailto"):
                    continue
                target = ((site / rel).parent / url.split("#")[0]).resolve()
                assert target.is_file(), f"{rel}: link {url} → {target} does not exist"
                assert target.is_relative_to(site.resolve()), f"{rel}: {url} leaves the site folder"
                checked += 1
    assert checked > 1000


def test_chart_html_has_no_cdn_and_embeds_without_plotlyjs(site):
    overview = (site / "zh" / "index.html").read_text(encoding="utf-8")
    assert "cdn.plot.ly" not in overview and "fonts.googleapis" not in overview
    assert overview.count("Plotly.newPlot") == len(catalogue.on_page("overview"))
    assert 'src="../assets/plotly.min.js"' in overview
    assert len(overview) < 500_000, "plotly.js must not be inlined into the page"


def test_page_href_is_relative_to_the_page():
    p = report.Page("en", "indicator/x.html")
    assert p.href("assets/site.css") == "../../assets/site.css"
    assert p.switch == "../../zh/indicator/x.html"
    root = report.Page("zh", "index.html", "index.html")
    assert root.asset("plotly.min.js") == "assets/plotly.min.js" and root.switch == "en/index.html"


@pytest.mark.parametrize(("info", "status", "en"), [
    ({"validation_status": "passed", "validation_checks": 181}, "passed", "(181 checks)"),
    ({"validation_status": "not_run", "validation_checks": None}, "not_run", ""),
    ({}, "unknown", ""),
])
def test_verdict_status_and_text(info, status, en):
    assert report.verdict_status(info) == status
    assert report.verdict_text(info, "en").endswith(en)


def test_downloads_copy_the_export_bundle(tmp_path, tables):
    exports = tmp_path / "exports"
    for lang in report.LANGS:
        (exports / lang).mkdir(parents=True)
        for ext in ("png", "csv"):
            (exports / lang / f"caps_by_city.{ext}").write_bytes(b"x")
    out = tmp_path / "site"
    report.copy_downloads(out, exports, tables)
    rows = {r["name"]: r for r in report.download_rows(out / "downloads" / "en", out, tables, "en")}
    assert [f["format"] for f in rows["caps_by_city"]["files"]] == ["PNG", "CSV"]
    assert all((out / f["path"]).is_file() for f in rows["caps_by_city"]["files"])
    assert rows["coverage"]["files"] == []


@pytest.fixture(scope="session")
def leads(tables) -> pd.DataFrame:
    """analysis.task_leads of the published tables."""
    return analysis.task_leads(tables["responsibilities"], tables["documents"], tables["agencies"])


@pytest.mark.parametrize("lang", report.LANGS)
def test_responsibilities_page_lists_every_task_lead_and_the_counts_of_the_data(site, leads, lang):
    soup = BeautifulSoup((site / lang / "responsibilities.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('nav.nav a[aria-current="page"]').get_text(strip=True) == metadata.label(
        "report", "nav_responsibilities", lang)
    assert soup.select_one("#chart-task_leads") is not None
    rows = soup.select("#task-leads tbody tr")
    assert len(rows) == len(leads) > 50
    first = leads.iloc[0]
    cells = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    assert cells[:3] == [labels.task_label(first["task_id"], lang), labels.jurisdiction_label(
        first["jurisdiction_id"], lang), labels.agency_label(first["main_agency_id"], lang)]
    assert cells[4] == first["units_zh"] and cells[6] == first["task_titles_zh"]
    assert rows[0].select_one("td.doc a")["href"] == f"documents.html#doc-{first['document_ids'].split(', ')[0]}"
    shared = leads[leads["n_lead_agencies"] > 1].iloc[0]
    shared_row = rows[leads.index.get_loc(shared.name)].find_all("td")
    assert shared_row[3].get_text(strip=True) != ""  # other lead agencies are listed

    comp = analysis.lead_comparison(leads)
    multi = comp[comp["n_jurisdictions"] >= 2]
    n_same = int((multi["n_main_leads"] == 1).sum())
    assert soup.select_one("#resp-summary").get_text() == metadata.label("report", "resp_sentence", lang).format(
        n_cities=leads["jurisdiction_id"].nunique(), n_multi=len(multi), n_same=n_same,
        n_differ=len(multi) - n_same, n_single=len(comp) - len(multi))
    assert 0 < n_same < len(multi), "the corpus has tasks led alike and tasks led differently"
    assert len(soup.select("#same-leads tbody tr")) == len(multi)
    varied = multi.loc[multi["n_main_leads"].idxmax()]
    assert labels.task_label(varied["task_id"], lang) in soup.select_one("#resp-varied").get_text()


def test_each_city_page_shows_its_matrix_and_links_to_the_responsibilities_page(site, tables):
    cities = tables["jurisdictions"].loc[tables["jurisdictions"]["level"].isin(analysis.CITY_LEVELS), "jurisdiction_id"]
    with_annex = set(tables["documents"].loc[tables["documents"]["document_id"].isin(
        tables["responsibilities"]["document_id"]), "jurisdiction_id"])
    assert len(with_annex & set(cities)) == 5
    for lang in report.LANGS:
        for jid in cities:
            rel = Path(lang) / report.jurisdiction_page(jid)
            soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
            assert soup.select_one("#resp-link")["href"] == "../responsibilities.html", rel
            has_matrix = soup.select_one(f"#responsibilities #chart-matrix-{report._slug(jid)}") is not None
            assert has_matrix == (jid in with_annex), rel
        province = BeautifulSoup((site / lang / report.jurisdiction_page("cn.shanxi")).read_text(encoding="utf-8"),
                                 "html.parser")
        assert province.select_one("#responsibilities") is None


def test_responsibilities_page_without_annexes_says_so(tmp_path, tables):
    bare = {k: v for k, v in tables.items() if k not in ("responsibilities", "agencies", "tasks")}
    site = report.Site(tmp_path, bare, {})
    html = report.render_responsibilities(site, "en").read_text(encoding="utf-8")
    assert metadata.label("report", "resp_none_site", "en") in html and "Plotly.newPlot" not in html


def _provincial(tables, indicator_id: str) -> dict[str, set[float]]:
    """Province → the distinct values of its 2025 targets for `indicator_id`, read from the tables."""
    levels = dict(zip(tables["jurisdictions"]["jurisdiction_id"], tables["jurisdictions"]["level"], strict=True))
    tg = tables["targets"]
    sel = tg[(tg["indicator_id"] == indicator_id) & (tg["target_year"] == tilemap.MAP_YEAR) & tg["value"].notna()
             & (tg["jurisdiction_id"].map(levels) == "province")]
    return {j: set(g["value"].astype(float)) for j, g in sel.groupby("jurisdiction_id")}


def test_map_page_in_both_languages_counts_the_provinces_with_a_known_target(site, tables):
    core = [i for i, s in metadata.indicator_specs().items() if s.get("core")]
    mapped = [i for i in core if _provincial(tables, i)]
    assert mapped, "the published tables hold provincial 2025 targets"
    for lang in report.LANGS:
        soup = BeautifulSoup((site / lang / "map.html").read_text(encoding="utf-8"), "html.parser")
        nav = [a["href"] for a in soup.select("nav.nav a")]
        assert "map.html" in nav and soup.select_one("nav.nav a[aria-current=page]")["href"] == "map.html"
        index = BeautifulSoup((site / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert "map.html" in [a["href"] for a in index.select("nav.nav a")]
        sections = soup.select("section.map")
        assert [sec["id"] for sec in sections] == [f"map-{i}" for i in mapped]
        assert [a["href"] for a in soup.select("nav.jump a")] == [f"#map-{i}" for i in mapped]
        for sec, iid in zip(sections, mapped, strict=True):
            values = _provincial(tables, iid)
            n_known = sum(len(v) == 1 for v in values.values())
            n_none = 31 - len(values)
            sentence = sec.select_one(".map-count").get_text()
            assert metadata.label("report", "map_count", lang).format(n_known=n_known, n_none=n_none, year=2025) \
                in sentence
            assert sec.select_one(f"#chart-map-{iid}") is not None
            assert sec.select_one("figcaption a")["href"] == f"downloads.html#dl-province_map_{iid}"
        for iid in core:
            page = BeautifulSoup((site / lang / report.indicator_page(iid)).read_text(encoding="utf-8"), "html.parser") \
                if (site / lang / report.indicator_page(iid)).is_file() else None
            if page is not None:
                assert (page.select_one("#province-map") is not None) == (iid in mapped), iid


@pytest.mark.slow  # builds a report site
def test_map_page_without_provincial_targets_says_so(hostile_site):
    for lang in report.LANGS:
        html = (hostile_site / lang / "map.html").read_text(encoding="utf-8")
        assert metadata.label("report", "map_none", lang) in html and "Plotly.newPlot" not in html


# --------------------------------------------------------------------------- in the browser


@pytest.mark.browser
def test_every_page_loads_offline_without_errors_and_draws_its_charts(visit, site):
    n_charts = 0
    for rel in pages(site):
        visit.open(rel)
        n = visit.page.locator(".plotly-graph-div").count()
        assert visit.page.locator(".plotly-graph-div svg.main-svg").count() >= n
        n_charts += n
        if rel.parts[-2:-1] == ("indicator",):
            assert n >= 1, f"{rel} has no chart"
    assert not visit.errors, visit.errors
    assert not visit.outside, f"requests leaving the site: {visit.outside[:5]}"
    assert n_charts > 100


@pytest.mark.browser
def test_language_switch_goes_to_the_same_page_in_the_other_language(visit, tables):
    visit.open("zh/index.html")
    assert visit.page.locator("h1").inner_text() == metadata.label("report", "site_title", "zh")
    visit.page.click("#lang-switch")
    visit.page.wait_for_load_state("load")
    assert visit.page.url.endswith("/en/index.html")
    assert visit.page.locator("h1").inner_text() == metadata.label("report", "site_title", "en")
    assert visit.page.locator("html").get_attribute("lang") == "en"
    nav = visit.page.locator("nav.nav a").all_inner_texts()
    assert nav[0] == metadata.label("report", "nav_overview", "en")

    iid = tables["targets"]["indicator_id"].iloc[0]
    visit.open(f"en/{report.indicator_page(iid)}")
    assert labels.indicator_label(iid, "en") in visit.page.locator("h1").inner_text()
    visit.page.click("#lang-switch")
    visit.page.wait_for_load_state("load")
    assert visit.page.url.endswith(f"/zh/{report.indicator_page(iid)}")
    assert labels.indicator_label(iid, "zh") in visit.page.locator("h1").inner_text()
    assert visit.page.locator("#targets th").first.inner_text().strip().startswith(
        metadata.label("column", "jurisdiction", "zh"))


@pytest.mark.browser
def test_clicking_a_header_sorts_the_rows(visit, tables):
    counts = tables["targets"].groupby("indicator_id")["value"].nunique()
    iid = counts.idxmax()
    visit.open(f"en/{report.indicator_page(iid)}")
    headers = [h.strip() for h in visit.page.locator("#targets thead th").all_inner_texts()]
    col = next(i for i, h in enumerate(headers) if h.startswith(metadata.label("column", "value", "en")))

    def values() -> list[float]:
        cells = visit.page.locator(f"#targets tbody tr td:nth-child({col + 1})").all_inner_texts()
        return [float(c) for c in cells if c.strip()]

    before = values()
    assert len(before) >= 3 and before != sorted(before), "pick an indicator whose table is not already sorted"
    header = visit.page.locator("#targets thead th").nth(col)
    header.click()
    visit.page.wait_for_function(f"document.querySelectorAll('#targets thead th')[{col}].getAttribute('aria-sort')")
    visit.page.wait_for_timeout(100)
    assert values() == sorted(before)
    header.click()
    visit.page.wait_for_function(
        f"document.querySelectorAll('#targets thead th')[{col}].getAttribute('aria-sort') === 'descending'")
    visit.page.wait_for_timeout(100)
    assert values() == sorted(before, reverse=True)


@pytest.mark.browser
@pytest.mark.parametrize("lang", report.LANGS)
def test_responsibilities_page_draws_offline_and_its_table_sorts_by_city(visit, leads, lang):
    visit.open(f"{lang}/index.html")
    visit.page.click("nav.nav a[href='responsibilities.html']")
    visit.page.wait_for_load_state("load")
    assert visit.page.url.endswith(f"/{lang}/responsibilities.html")
    visit.open(f"{lang}/responsibilities.html")
    assert visit.page.locator("#chart-task_leads svg.main-svg").count() >= 1
    assert visit.page.locator("#chart-task_leads .heatmaplayer").count() == 1
    assert visit.page.evaluate(  # every city's column is in view without scrolling sideways
        "(s => s.scrollWidth <= s.clientWidth)(document.querySelector('#fig-chart-task_leads .chart-scroll'))")

    def cities() -> list[int]:
        return [int(v) for v in visit.page.eval_on_selector_all(
            "#task-leads tbody tr td:nth-child(2)", "els => els.map(e => e.dataset.sort)")]

    before = cities()
    assert len(before) == len(leads) and before != sorted(before)
    header = visit.page.locator("#task-leads thead th").nth(1)
    header.click()
    visit.page.wait_for_function("document.querySelectorAll('#task-leads thead th')[1].getAttribute('aria-sort')")
    visit.page.wait_for_timeout(100)
    assert cities() == sorted(before)
    names = visit.page.locator("#task-leads tbody tr td:nth-child(2)").all_inner_texts()
    first_city = min(leads["jurisdiction_id"], key=analysis.jurisdiction_order().get)
    assert names[0] == names[len(leads[leads["jurisdiction_id"] == first_city]) - 1] == labels.jurisdiction_label(
        first_city, lang)
    header.click()
    visit.page.wait_for_function(
        "document.querySelectorAll('#task-leads thead th')[1].getAttribute('aria-sort') === 'descending'")
    visit.page.wait_for_timeout(100)
    assert cities() == sorted(before, reverse=True)

    visit.page.locator("#task-leads tbody a[href*='jurisdiction/']").first.click()
    visit.page.wait_for_load_state("load")
    visit.page.wait_for_function("document.querySelector('#responsibilities svg.main-svg')", timeout=30_000)
    visit.page.click("#resp-link")
    visit.page.wait_for_load_state("load")
    assert visit.page.url.endswith(f"/{lang}/responsibilities.html")
    assert not visit.errors, visit.errors
    assert not visit.outside, f"requests leaving the site: {visit.outside[:5]}"
    if lang == "en":
        RESP_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        visit.open("en/responsibilities.html")
        visit.page.screenshot(path=str(RESP_SCREENSHOT), full_page=True)
        assert RESP_SCREENSHOT.stat().st_size > 50_000


@pytest.mark.browser
@pytest.mark.parametrize("lang", report.LANGS)
def test_every_download_link_resolves_to_a_file(visit, site, tables, lang):
    visit.open(f"{lang}/downloads.html")
    hrefs = visit.page.eval_on_selector_all("a.dl", "els => els.map(e => e.href)")
    n_figures = len(catalogue.jobs(tables))
    assert visit.page.locator("#downloads tbody tr").count() == n_figures
    assert len(hrefs) >= 2 * n_figures  # at least the CSV and the Excel file of each figure
    for href in hrefs:
        path = Path(unquote(urlparse(href).path))
        assert path.is_file() and path.stat().st_size > 0, href
        # a chart's files in this language's folder; the full tables (one workbook, both languages) beside them
        assert any(path.resolve().is_relative_to((site / "downloads" / folder).resolve())
                   for folder in (lang, "tables")), href


@pytest.mark.browser
def test_document_text_is_rendered_as_text_not_html(browser, hostile_site):
    v = Visit(browser, hostile_site)
    dialogs: list[str] = []
    v.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        rel = Path("zh") / report.indicator_page("total_water_use_cap")
        v.open(rel)
        quote = v.page.locator("#targets q.quote").first.inner_text()
        assert "<script>window.__pwned = 1</script>" in quote and 'onerror="window.__pwned = 2"' in quote
        assert v.page.locator("#targets img").count() == 0
        v.open("zh/documents.html")
        assert INJECTION in v.page.locator("#documents tbody").inner_text()
        v.open("zh/responsibilities.html")
        table = v.page.locator("#task-leads tbody").inner_text()
        assert f"市水利局{INJECTION}" in table and f"节水宣传{INJECTION}" in table
        assert v.page.locator("#task-leads img").count() == 0
        v.open("zh/index.html")
        assert v.page.locator("img").count() == 0
        assert v.page.evaluate("window.__pwned === undefined")
        assert not dialogs and not v.outside
        html = (hostile_site / rel).read_text(encoding="utf-8")
        assert "&lt;script&gt;window.__pwned" in html
        assert not re.search(r"<img[^>]*onerror", html)
    finally:
        v.close()


@pytest.mark.browser
def test_validation_report_and_notebook_html_run_nothing_and_fetch_nothing(browser, tmp_path, monkeypatch):
    """The gate's HTML report (a failing row holding a script) and an executed-notebook page (a Plotly
    chart) in Chromium: no request leaves the folder, no injected script runs, the chart draws offline."""
    import nbformat
    import plotly.graph_objects as go
    import plotly.io as pio
    from plotly.offline import get_plotlyjs

    from compare import validate
    from compare.notebook import RENDERER, offline_exporter, offline_outputs

    move_root(monkeypatch, tmp_path)  # the report goes to tmp_path/reports
    tables, raw = make_tables()
    t = tables["targets"]
    t.loc[t.index[1], "value"] = 6.0
    t.loc[t.index[1], "quote_zh"] = f"系数{INJECTION}"
    verdict = validate.check_tables(tables, raw, None, {})
    assert not verdict.success
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("fig")
    bundle: dict = {}
    for name in RENDERER.split("+"):
        bundle |= pio.renderers[name].to_mimebundle(go.Figure(go.Bar(x=["运城市"], y=[5.3])).to_dict())
    script = f"<script>{get_plotlyjs()}</script>"  # what the notebook renderer shows once per notebook
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": script}),
                    nbformat.v4.new_output("display_data", data=bundle)]
    nb.cells.append(cell)
    offline_outputs(nb)
    (tmp_path / "notebook.html").write_text(offline_exporter().from_notebook_node(nb)[0], encoding="utf-8")
    v = Visit(browser, tmp_path)
    try:
        v.page.goto(verdict.docs_index.as_uri(), wait_until="load")
        assert any("系数<script>window.__pwned = 1</script>" in text for text in v.page.locator("td.rows").all_inner_texts())
        assert v.page.locator("img").count() == 0 and v.page.evaluate("window.__pwned === undefined")
        v.open("notebook.html")
        assert v.page.locator(".plotly-graph-div svg.main-svg").count() >= 1
        assert not v.outside, f"requests leaving the folder: {v.outside[:5]}"
    finally:
        v.close()


@pytest.mark.browser
def test_overview_screenshot(visit, site, tables):
    """Saves reports/site-overview.png for people to look at."""
    visit.open("index.html")
    text = visit.page.locator("main").inner_text()
    assert str(len(tables["targets"])) in visit.page.locator(".facts").inner_text()
    n_covered = int(analysis.coverage(tables["targets"], tables["jurisdictions"])["has_target"].sum())
    assert visit.page.locator("#coverage-matrix td.has").count() == n_covered
    for key in ("read_title", "caveats_title", "coverage_title", "validation"):
        assert metadata.label("report", key, "zh") in text
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 50_000
    visit.open("en/index.html")
    visit.page.screenshot(path=str(SCREENSHOT.with_name("site-overview-en.png")), full_page=True)


def test_build_site_leaves_other_files_alone(tmp_path, site):
    """A rebuild removes only what the manifest lists: a file the user added later stays."""
    out = tmp_path / "site"
    shutil.copytree(site, out)
    (out / "zh" / "notes.txt").write_text("mine", encoding="utf-8")
    kept = report.outdir.prepare(out, "report")
    assert (out / "zh" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert kept == {out / "zh" / "notes.txt"} and not (out / "assets").exists()


@pytest.mark.slow  # builds a report site
def test_review_wording_and_badges_follow_the_review_status_of_the_rows(hostile_site):
    # make_tables: doc_a's four targets confirmed, doc_b's one unreviewed (conftest).
    tables, _ = make_tables()
    t = tables["targets"]
    assert "Reviewed by a person so far: 4 (4 confirmed, 0 corrected, 0 added); not yet reviewed: 1 " in \
        report.review_caveat(t, "en")
    assert "have not yet been reviewed" in report.review_caveat(t.assign(review_status="unreviewed"), "en")
    assert "all have been reviewed" in report.review_caveat(t.assign(review_status="confirmed"), "en")
    overview = BeautifulSoup((hostile_site / "en" / "index.html").read_text("utf-8"), "html.parser")
    assert "not yet reviewed: 1 " in overview.select_one("#caveats").get_text()
    assert "reviewed by people" not in overview.get_text()
    page = BeautifulSoup((hostile_site / "en" / report.indicator_page("public_supply_leakage_rate")).read_text("utf-8"),
                         "html.parser")
    assert [b.get_text() for b in page.select("#targets .unreviewed")] == ["not yet reviewed"]
    cap = BeautifulSoup((hostile_site / "en" / report.indicator_page("total_water_use_cap")).read_text("utf-8"),
                        "html.parser")
    assert not cap.select("#targets .unreviewed")


@pytest.mark.browser
@pytest.mark.parametrize("lang", report.LANGS)
def test_map_page_draws_every_province_offline(visit, tables, lang):
    visit.open(f"{lang}/map.html")
    mapped = [i for i, s in metadata.indicator_specs().items() if s.get("core") and _provincial(tables, i)]
    divs = visit.page.locator(".plotly-graph-div")
    assert divs.count() == len(mapped)
    for iid in mapped:
        n_tiles = visit.page.evaluate(f"document.getElementById('chart-map-{iid}').data[0].customdata.length")
        assert n_tiles == 31, "every province has a tile"
        coloured = visit.page.evaluate(
            f"(document.getElementById('chart-map-{iid}').data.find(t => t.marker && t.marker.showscale) || "
            "{customdata: []}).customdata.length")
        assert coloured == sum(len(v) == 1 for v in _provincial(tables, iid).values())
        # the tiles are drawn: one SVG point per province in the base trace
        assert visit.page.locator(f"#chart-map-{iid} .scatterlayer .trace").first.locator("path.point").count() == 31
    title = visit.page.locator("h1").inner_text()
    assert title == metadata.label("report", "map_title", lang).format(year=2025)
    visit.page.click("#lang-switch")
    visit.page.wait_for_load_state("load")
    assert visit.page.url.endswith(f"/{report.LANGS[1 - report.LANGS.index(lang)]}/map.html")
    assert not visit.errors, visit.errors
    assert not visit.outside, f"requests leaving the site: {visit.outside[:5]}"
