"""The static report site: offline, bilingual (zh/en), built from the published tables.

    python -m compare report --out reports/site

Layout of the output (every link is relative, so the folder can be copied anywhere and opened by
double-clicking `index.html`; nothing is fetched from outside it):

    index.html                      the Chinese overview (same page as zh/index.html)
    <lang>/index.html               overview: facts, validation, how to read, headline comparisons,
                                    coverage matrix, caveats
    <lang>/compare.html             the comparison charts and the city-vs-province-vs-nation table
    <lang>/map.html                 tile map of the provinces' 2025 targets, one per core indicator
    <lang>/indicators.html          list of indicators with targets
    <lang>/indicator/<id>.html      one indicator: chart(s) and a sortable table of every target
    <lang>/jurisdictions.html       list of jurisdictions
    <lang>/jurisdiction/<id>.html   one jurisdiction: profile chart, place in the cascade, its targets
    <lang>/responsibilities.html    who leads each harmonised task in each city (task-division annexes)
    <lang>/documents.html           the document registry
    <lang>/downloads.html           links into downloads/<lang>/ (the export bundle)
    assets/                         plotly.min.js, the vendored table sorter, site.css
    downloads/<lang>/               copy of exports/<lang>/ (PNG/SVG/PDF/HTML + CSV/XLSX + README)
    .compare-output.json            the manifest: the files this command wrote, the only ones a rebuild
                                    removes (a non-empty folder without it is refused, see outdir.py)

Document text only reaches a page through Jinja2 with autoescape on; figures are embedded as
Plotly JSON (which escapes `<`), with plotly.js loaded from assets/.  Words come from the `report:`
group of metadata/labels.yaml.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from compare import (
    __version__,
    analysis,
    catalogue,
    downloads,
    figures,
    files,
    metadata,
    outdir,
    paths,
    tilemap,
)
from compare.figures import Context
from compare.labels import (
    CHINESE_RUN,
    LANGS,
    agency_label,
    aside,
    book_title,
    colon,
    comparator_text,
    document_gloss,
    fmt_number,
    fmt_year,
    indicator_label,
    is_english,
    jurisdiction_label,
    list_sep,
    other_lang,
    quoted,
    scope_label,
    sentences,
    task_label,
    text,
    unit_label,
)

#: The language of site/index.html.
DEFAULT_LANG = "zh"
#: Files of src/compare/static/ copied to assets/ (the sorter is sortable-tablesort 4.1.7, Unlicense).
STATIC_FILES = ("site.css", "sortable.min.js", "sortable.a11y.min.js", "LICENSE-sortable-tablesort.txt")
#: Which catalogue charts each page shows is declared in compare.catalogue (`pages`, `indicators`).
#: Export file formats in the order the downloads page lists them.
DOWNLOAD_FORMATS = ("png", "svg", "pdf", "html", "csv", "xlsx")
#: Width of a chart that fits the page column (.wrap in site.css: 1280px less padding and border).
PAGE_WIDTH = 1220
_PLOT_CONFIG = {"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}

Tables = Mapping[str, pd.DataFrame]


# --------------------------------------------------------------------------- words and formatting


def t(key: str, lang: str, **fmt: object) -> str:
    """A word of the `report:` label group in `lang`, with `{placeholders}` filled from `fmt`."""
    return text("report", key, lang, **fmt)


def _text(value: object) -> str | None:
    """A string cell, None for missing values."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "" else str(value)


def verdict_status(info: dict) -> str:
    """`passed`, `not_run` or `unknown`: the build's validation status from build_info.json (a failed
    validation publishes nothing, so published tables are never `failed`)."""
    return info.get("validation_status") or "unknown"


def verdict_text(info: dict, lang: str) -> str:
    """The validation line for readers: status word, then the checks counted (in `lang`)."""
    status = verdict_status(info)
    word = t(f"validation_{status}", lang)
    n = info.get("validation_checks")
    if status == "passed" and n:
        return word + aside(t("validation_n_checks", lang, n=n), lang)
    return word


# --------------------------------------------------------------------------- page context


@dataclass
class Page:
    """One HTML file of the site: where it is (relative to the site root) and how to link from it."""

    lang: str
    path: str  # relative to the language folder, e.g. "indicator/total_water_use_cap.html"
    location: str = ""  # relative to the site root; defaults to "<lang>/<path>"

    def __post_init__(self) -> None:
        self.location = self.location or f"{self.lang}/{self.path}"

    def href(self, target: str) -> str:
        """Relative URL from this page to `target` (a path relative to the site root)."""
        here = posixpath.dirname(self.location) or "."
        return posixpath.relpath(target, here)

    def page(self, path: str, lang: str | None = None) -> str:
        """Relative URL to another page of the site, in this page's language unless `lang` is given."""
        return self.href(f"{lang or self.lang}/{path}")

    def asset(self, name: str) -> str:
        """Relative URL to a file of assets/."""
        return self.href(f"assets/{name}")

    @property
    def other_lang(self) -> str:
        return other_lang(self.lang)

    @property
    def switch(self) -> str:
        """The same page in the other language."""
        return self.page(self.path, self.other_lang)


def indicator_page(indicator_id: str) -> str:
    """Path of an indicator's page inside a language folder."""
    return f"indicator/{_slug(indicator_id)}.html"


def jurisdiction_page(jurisdiction_id: str) -> str:
    """Path of a jurisdiction's page inside a language folder."""
    return f"jurisdiction/{_slug(jurisdiction_id)}.html"


def _slug(identifier: str) -> str:
    return files.slugify(identifier)


# --------------------------------------------------------------------------- figures


@dataclass
class Chart:
    """One figure on a page: its div id, its title, the embedded HTML and the export it matches."""

    div_id: str
    title: str
    html: Markup
    export_name: str | None = None


def embed(fig, div_id: str, export_name: str | None = None) -> Chart:
    """`fig` as a <div> for a page that loads plotly.min.js from assets/ (include_plotlyjs=False)."""
    html = fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False, div_id=div_id,
                       config=_PLOT_CONFIG)
    # Safe to mark: plotly writes the figure as JSON with `<` escaped, and the id is ours.
    return Chart(div_id, figures.figure_title(fig), Markup(html), export_name)


def catalogue_chart(name: str, tables: Tables, lang: str, cache: dict | None = None) -> Chart:
    """A chart of the catalogue (not per subject), embedded; `cache` keeps the data behind each chart
    and each embedded figure for reuse on several pages."""
    cache = {} if cache is None else cache
    if ("chart", name, lang) not in cache:
        job = catalogue.ChartJob(catalogue.CHARTS[name])
        if ("data", name) not in cache:
            cache[("data", name)] = catalogue.data(job, tables)
        fig = catalogue.draw(job, tables, lang, cache[("data", name)])
        cache[("chart", name, lang)] = embed(fig, f"chart-{name}", name)
    return cache[("chart", name, lang)]


def indicator_figures(indicator_id: str, tables: Tables, lang: str, cache: dict | None = None) -> list[Chart]:
    """The chart(s) of an indicator's page: its catalogue charts, the annualised-reduction chart for
    reductions, else every jurisdiction's targets over the years with national/provincial references."""
    docs = tables["documents"]
    own = catalogue.for_indicator(indicator_id)
    if own:
        return [catalogue_chart(name, tables, lang, cache) for name in own]
    name = indicator_label(indicator_id, lang)
    if analysis.is_reduction(indicator_id):
        red = analysis.annualised_reductions(tables["targets"])
        red = red[red["indicator_id"] == indicator_id]
        ctx = Context(lang, docs, indicator_id=indicator_id, title=f"{name}{colon(lang)}{t('annual_rate', lang)}")
        return [embed(figures.intensity_reductions(red, ctx), f"chart-{_slug(indicator_id)}")]
    view = analysis.indicator_view(tables["targets"], indicator_id, tables["jurisdictions"], docs)
    if view.empty:  # only targets without a year
        targets = tables["targets"][tables["targets"]["indicator_id"] == indicator_id]
        fig = figures.undated_targets(targets, Context(lang, docs, indicator_id=indicator_id))
        return [embed(fig, f"chart-{_slug(indicator_id)}")]
    ctx = Context(lang, docs, indicator_id=indicator_id, title=f"{name}{colon(lang)}{t('chart_title_suffix', lang)}")
    return [embed(figures.reference_chart(view, ctx), f"chart-{_slug(indicator_id)}")]


# --------------------------------------------------------------------------- rows of the tables


def target_rows(targets: pd.DataFrame, documents: pd.DataFrame, lang: str) -> list[dict]:
    """One row per target (as stated in a document): jurisdiction, year, comparator, value, unit,
    baseline (stated or assumed), annualised rate for reductions, scope, quote or note, document."""
    docs = documents.set_index("document_id")
    order = analysis.jurisdiction_order()
    df = targets.assign(_j=targets["jurisdiction_id"].map(lambda j: order.get(j, len(order))))
    df = df.sort_values(["_j", "target_year", "char_start"], na_position="last", kind="stable")
    rows = []
    for _, r in df.iterrows():
        reduction = analysis.is_reduction(r["indicator_id"])
        baseline, assumed, rate = r["baseline_year"], False, float("nan")
        if reduction and not pd.isna(r["target_year"]):
            if pd.isna(baseline):
                baseline, assumed = analysis.assumed_baseline_year(int(r["target_year"])), True
            rate = analysis.annualised_rate(r["value"], int(r["target_year"]) - int(baseline))
        doc = docs.loc[r["document_id"]] if r["document_id"] in docs.index else pd.Series(dtype=object)
        rows.append({
            "target_id": r["target_id"],
            "jurisdiction_id": r["jurisdiction_id"],
            "jurisdiction": jurisdiction_label(r["jurisdiction_id"], lang),
            "indicator_id": r["indicator_id"],
            "indicator": indicator_label(r["indicator_id"], lang),
            "year": fmt_year(r["target_year"]),
            "comparator": r["comparator"],
            "comparator_text": comparator_text(r["comparator"], lang),
            "value": fmt_number(r["value"]),
            "value_sort": "" if pd.isna(r["value"]) else repr(float(r["value"])),
            "unit": unit_label(r["unit"], lang),
            "baseline": fmt_year(baseline),
            "baseline_assumed": assumed,
            "annual_rate": fmt_number(rate, 2),
            "is_reduction": reduction,
            "scope": scope_label(r.get("scope_zh"), lang)[0] or None,
            "scope_as_written": scope_label(r.get("scope_zh"), lang)[1],
            "quote": _text(r.get("quote_zh")),
            "note": _text(r.get("note")),
            "note_is_english": is_english(r.get("note")),
            "method": r["method"],
            "review_status": r.get("review_status"),
            "document_id": r["document_id"],
            "document": _document_short(doc, r["document_id"], lang),
            "source_url": _text(doc.get("source_url")),
        })
    return rows


def mark_zh(value: object) -> Markup:
    """Text for a page, escaped, its Chinese runs (words quoted from a document in a note) marked
    <span lang="zh">…</span> so that an English page says which words are Chinese."""
    escaped = str(Markup.escape("" if value is None else value))
    return Markup(CHINESE_RUN.sub(lambda m: f'<span lang="zh">{m.group()}</span>', escaped))


def _document_short(doc: pd.Series, document_id: str, lang: str = "zh") -> str:
    """How a table cell names a document: doc number (quoted 「…」 in English), else the title, else the id."""
    number = _text(doc.get("doc_number"))
    if number:
        return number if lang == "zh" else quoted(number, lang)
    return book_title(doc["title_zh"]) if _text(doc.get("title_zh")) else document_id


def coverage_rows(tables: Tables, lang: str) -> tuple[list[dict], list[dict]]:
    """The coverage matrix: one row per indicator with targets (in vocabulary order), one cell per
    jurisdiction (its target years, '' when none); and the column heads (one per jurisdiction)."""
    cov = analysis.coverage(tables["targets"], tables["jurisdictions"])
    years = analysis.coverage_grid(cov, "years", rows="indicator_id")
    undated = analysis.coverage_grid(cov, "n_undated", rows="indicator_id")
    jids = list(years.columns)
    heads = [{"id": j, "name": jurisdiction_label(j, lang), "page": jurisdiction_page(j),
              "level": text("level", _level(tables, j), lang)} for j in jids]
    order = analysis.indicator_order()
    iids = sorted(years.index, key=lambda i: order.get(i, len(order)))
    rows = []
    for iid in iids:
        row_cells = []
        for j in jids:
            ys = str(years.loc[iid, j] or "").replace(",", " · ")
            if undated.loc[iid, j] and not ys:
                ys = "✓"
            row_cells.append(ys)
        rows.append({"id": iid, "name": indicator_label(iid, lang), "page": indicator_page(iid),
                     "unit": unit_label(metadata.indicator_specs().get(iid, {}).get("unit"), lang),
                     "cells": row_cells, "n": sum(1 for c in row_cells if c)})
    return rows, heads


def _level(tables: Tables, jurisdiction_id: str) -> str:
    j = tables["jurisdictions"].set_index("jurisdiction_id")
    return str(j.loc[jurisdiction_id, "level"]) if jurisdiction_id in j.index else ""


def cascade_rows(cascade: pd.DataFrame, lang: str) -> list[dict]:
    """One row per pair of `analysis.target_cascade`: the target, its compared value (annualised for
    reductions), the level above and its target with both years, and the verdict (`context` for a pair
    of different years: shown, not classed)."""
    rows = []
    for _, r in cascade.iterrows():
        annual = r["comparison_basis"] == "annual_reduction"
        digits = 2 if annual else 4
        rate = f" {t('annual_rate_short', lang)}" if annual else ""
        ref = r["reference_jurisdiction_id"]
        rows.append({
            "jurisdiction_id": r["jurisdiction_id"],
            "jurisdiction": jurisdiction_label(r["jurisdiction_id"], lang),
            "indicator_id": r["indicator_id"], "indicator": indicator_label(r["indicator_id"], lang),
            "year": fmt_year(r["target_year"]),
            "target": f"{comparator_text(r['comparator'], lang)} {fmt_number(r['value'])} "
                      f"{'' if r['unit'] == '1' else unit_label(r['unit'], lang)}".strip(),
            "compared": fmt_number(r["comparison_value"], digits) + rate,
            "ref": {
                "id": ref, "name": jurisdiction_label(ref, lang),
                "level": text("level", r["reference_level"], lang),
                "year": fmt_year(r["reference_target_year"]),
                "value": fmt_number(r["reference_comparison_value"], digits) + rate,
                "other_year": r["verdict"] == analysis.CONTEXT,
            },
            "verdict": r["verdict"],
            "verdict_text": text("class", r["verdict"], lang),
        })
    return rows


def cascade_summary(cascade: pd.DataFrame, lang: str) -> dict:
    """The headline counts of `analysis.target_cascade`: stricter / same / looser per level above,
    same-year pairs only, and how many pairs could not be compared (different years) — overall
    (`sentence`, `levels`) and one row per jurisdiction (`rows`)."""
    classes = analysis.VERDICTS
    totals = analysis.cascade_counts(cascade)
    levels = list(totals["reference_level"])
    sep = list_sep(lang)
    parts = [t("cascade_sentence_part", lang, level=text("reference_level", r["reference_level"], lang),
               **{c: int(r[c]) for c in classes}) for _, r in totals.iterrows() if r[list(classes)].sum()]
    n_pairs, n_not = int(totals["n_pairs"].sum()), int(totals["n_not_compared"].sum())
    sentence = t("cascade_sentence", lang, n_pairs=n_pairs, n_compared=n_pairs - n_not, n_not_compared=n_not,
                 parts=sep.join(parts) or t("cascade_sentence_none", lang))
    rows = []
    for jid, g in cascade.groupby("jurisdiction_id", sort=False):
        counts = analysis.cascade_counts(g).set_index("reference_level")
        by_level = {lvl: ({c: int(counts.loc[lvl, c]) for c in classes} if lvl in counts.index else None)
                    for lvl in levels}
        rows.append({"id": jid, "name": jurisdiction_label(jid, lang), "page": jurisdiction_page(jid),
                     "n": len(g), "levels": by_level, "n_not_compared": int(counts["n_not_compared"].sum())})
    heads = [{"level": lvl, "name": t("vs_level", lang, level=text("reference_level", lvl, lang))}
             for lvl in levels]
    return {"sentence": sentence, "rows": rows, "classes": classes, "levels": heads,
            "n_pairs": n_pairs, "n_not_compared": n_not}


def document_rows(documents: pd.DataFrame, targets: pd.DataFrame, lang: str) -> list[dict]:
    """One row per registered document: title, issuer, doc number, date, kind, source URL, sha256,
    jurisdiction and the number of targets taken from it."""
    n = analysis.targets_per_document(targets).to_dict()
    rows = []
    for _, d in documents.iterrows():
        rows.append({
            "id": d["document_id"], "title": _text(d["title_zh"]) or d["document_id"],
            "gloss": document_gloss(d["title_zh"], d["jurisdiction_id"], d.get("title_en")) if lang == "en" else "",
            "issuer": _text(d.get("issuer_zh")), "doc_number": _text(d.get("doc_number")),
            "date": _text(d.get("date_issued")), "kind": text("kind", d["kind"], lang),
            "is_news": d["kind"] == "news report", "source_url": _text(d.get("source_url")),
            "sha256": _text(d.get("sha256")), "jurisdiction_id": d["jurisdiction_id"],
            "jurisdiction": jurisdiction_label(d["jurisdiction_id"], lang),
            "n_targets": int(n.get(d["document_id"], 0)),
        })
    return rows


def task_leads(tables: Tables) -> pd.DataFrame:
    """analysis.task_leads of the tables (empty when they hold no responsibilities)."""
    if not all(name in tables for name in ("responsibilities", "agencies")):
        cols = ["task_id", "jurisdiction_id", "main_agency_id", "lead_agency_ids", "units_zh", "task_nos",
                "task_titles_zh", "document_ids"]
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    return analysis.task_leads(tables["responsibilities"], tables["documents"], tables["agencies"])


def lead_rows(leads: pd.DataFrame, documents: pd.DataFrame, lang: str) -> list[dict]:
    """One row per harmonised task × city of analysis.task_leads: task, city, main and other lead agencies,
    lead units, task numbers and titles as written, and the document(s); `*_sort` keep vocabulary order."""
    docs = documents.set_index("document_id")
    tasks, places = analysis.task_order(), analysis.jurisdiction_order()
    rows = []
    for _, r in leads.iterrows():
        ids = [d for d in str(r["document_ids"]).split(", ") if d]
        rows.append({
            "task_id": r["task_id"], "task": task_label(r["task_id"], lang),
            "task_sort": tasks.get(r["task_id"], len(tasks)),
            "jurisdiction_id": r["jurisdiction_id"], "jurisdiction": jurisdiction_label(r["jurisdiction_id"], lang),
            "jurisdiction_sort": places.get(r["jurisdiction_id"], len(places)),
            "main": agency_label(r["main_agency_id"], lang),
            "others": [agency_label(a, lang) for a in str(r["lead_agency_ids"]).split(", ")[1:] if a],
            "units": _text(r["units_zh"]), "task_nos": _text(r["task_nos"]), "titles": _text(r["task_titles_zh"]),
            "documents": [{"id": d, "name": _document_short(docs.loc[d] if d in docs.index else pd.Series(dtype=object), d, lang)}
                          for d in ids],
        })
    return rows


def lead_summary(leads: pd.DataFrame, lang: str) -> dict:
    """"Same lead everywhere?" from analysis.lead_comparison: the counts as a sentence, the task whose
    cities name the most different main leads, and one row per task found in at least two cities."""
    comp = analysis.lead_comparison(leads)
    multi = comp[comp["n_jurisdictions"] >= 2]
    n_same = int((multi["n_main_leads"] == 1).sum())
    sep = list_sep(lang)
    sentence = t("resp_sentence", lang, n_cities=int(leads["jurisdiction_id"].nunique()), n_multi=len(multi),
                 n_same=n_same, n_differ=len(multi) - n_same, n_single=len(comp) - len(multi))
    varied = None
    if not multi.empty and int(multi["n_main_leads"].max()) > 1:
        top = multi.loc[multi["n_main_leads"].idxmax()]  # first of the most varied, in lead_comparison order
        g = leads[leads["task_id"] == top["task_id"]]
        varied = t("resp_most_varied", lang, task=task_label(top["task_id"], lang),
                   n_leads=int(top["n_main_leads"]), n_cities=int(top["n_jurisdictions"]),
                   leads=sep.join(f"{jurisdiction_label(j, lang)}{colon(lang)}{agency_label(a, lang)}"
                                  for j, a in zip(g["jurisdiction_id"], g["main_agency_id"], strict=True)))
    rows = [{"task_id": r["task_id"], "task": task_label(r["task_id"], lang),
             "n_jurisdictions": int(r["n_jurisdictions"]), "n_main_leads": int(r["n_main_leads"]),
             "commonest": agency_label(r["commonest_agency_id"], lang), "n_commonest": int(r["n_commonest"]),
             "same": int(r["n_main_leads"]) == 1} for _, r in multi.iterrows()]
    return {"sentence": sentence, "varied": varied, "rows": rows, "n_same": n_same}


def download_rows(directory: Path, site_root: Path, tables: Tables, lang: str) -> list[dict]:
    """One row per figure of the catalogue: its title and the export files found for it in
    `directory` (paths relative to the site root)."""
    rows = []
    for job in catalogue.jobs(tables):
        base = files.slugify(job.name)
        found = []
        for fmt in DOWNLOAD_FORMATS:
            one = directory / f"{base}.{fmt}"
            # A long chart is exported as pages: <chart>-p1.png, -p2 … (compare.export.page_paths).
            pages = sorted((p for p in directory.glob(f"{base}-p*.{fmt}") if re.fullmatch(rf"{re.escape(base)}-p\d+", p.stem)),
                           key=lambda p: int(p.stem.rsplit("-p", 1)[1]))
            if one.is_file():
                found.append({"format": fmt.upper(), "path": one.relative_to(site_root).as_posix()})
            found += [{"format": f"{fmt.upper()} {p.stem.rsplit('-', 1)[1]}", "path": p.relative_to(site_root).as_posix()}
                      for p in pages]
        rows.append({"name": job.name, "title": job.title(lang), "files": found})
    return rows


# --------------------------------------------------------------------------- the site


@dataclass
class Site:
    """Everything a page is rendered from: the tables, the build facts, and the Jinja2 environment."""

    out: Path
    tables: Tables
    info: dict
    env: Environment = field(init=False)
    cache: dict = field(default_factory=dict)

    @cached_property
    def cascade(self) -> pd.DataFrame:
        """analysis.target_cascade of the tables (computed once per site)."""
        return analysis.target_cascade(self.tables["targets"], self.tables["jurisdictions"])

    def chart(self, name: str, lang: str) -> Chart:
        """A catalogue chart in `lang`, drawn once per site."""
        return catalogue_chart(name, self.tables, lang, self.cache)

    @cached_property
    def map_jobs(self) -> dict[str, catalogue.ChartJob]:
        """indicator_id → the catalogue's tile-map figure (core indicators with provincial targets)."""
        names = catalogue.on_page("map")
        return {j.indicator_id: j for j in catalogue.jobs(self.tables, names)} if names else {}

    def map_chart(self, indicator_id: str, lang: str) -> tuple[Chart, dict[str, int]]:
        """The tile map of one indicator in `lang` and its counts (compare.tilemap.counts), drawn once."""
        if ("map", indicator_id, lang) not in self.cache:
            job = self.map_jobs[indicator_id]
            if ("map_data", indicator_id) not in self.cache:
                self.cache[("map_data", indicator_id)] = catalogue.data(job, self.tables)
            data = self.cache[("map_data", indicator_id)]
            fig = catalogue.draw(job, self.tables, lang, data)
            self.cache[("map", indicator_id, lang)] = (embed(fig, f"chart-map-{_slug(indicator_id)}", job.name),
                                                       tilemap.counts(data))
        return self.cache[("map", indicator_id, lang)]

    def matrix_chart(self, jurisdiction_id: str, lang: str) -> Chart | None:
        """The city's agency × task matrix (catalogue `responsibility_matrix_<id>`), None without an annex."""
        if ("matrix", jurisdiction_id, lang) not in self.cache:
            jobs = [j for j in catalogue.jobs(self.tables, ["responsibility_matrix"])
                    if j.jurisdiction_id == jurisdiction_id]
            chart = None
            if jobs:
                fig = catalogue.draw(jobs[0], self.tables, lang)
                chart = embed(fig, f"chart-matrix-{_slug(jurisdiction_id)}", jobs[0].name)
            self.cache[("matrix", jurisdiction_id, lang)] = chart
        return self.cache[("matrix", jurisdiction_id, lang)]

    def __post_init__(self) -> None:
        self.env = Environment(loader=PackageLoader("compare", "templates"),
                               autoescape=select_autoescape(default=True, default_for_string=True),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["mark_zh"] = mark_zh

    def render(self, template: str, page: Page, **ctx: object) -> Path:
        """Write one page; the words of `page.lang` are available as t('key')."""
        lang = page.lang
        built = (self.info.get("built_at") or "")[:10] or "—"
        html = self.env.get_template(template).render(
            page=page, lang=lang, t=lambda key, **f: t(key, lang, **f), label=lambda g, k: text(g, k, lang),
            jname=lambda j: jurisdiction_label(j, lang), iname=lambda i: indicator_label(i, lang),
            version=__version__, built=built, indicator_page=indicator_page, jurisdiction_page=jurisdiction_page,
            nav=NAV, **ctx,
        )
        path = self.out / page.location
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        return path


#: The navigation bar: (page path, label key).
NAV = (("index.html", "nav_overview"), ("compare.html", "nav_compare"), ("map.html", "nav_map"),
       ("indicators.html", "nav_indicators"),
       ("jurisdictions.html", "nav_jurisdictions"), ("responsibilities.html", "nav_responsibilities"),
       ("documents.html", "nav_documents"),
       ("downloads.html", "nav_downloads"))


def _extractor_accuracy(info: dict, lang: str) -> str | None:
    """“precision P, recall R (n documents)”: the rules against the gold tables written by reading the
    documents (build_info `extractor_accuracy`), pooled over the documents that have one."""
    scores = (info.get("extractor_accuracy") or {}).values()
    gold = sum(s["gold"] for s in scores)
    reported = sum(s["reported"] for s in scores)
    if not gold or not reported:
        return None
    precision = sum(s["correct"] for s in scores) / reported
    recall = sum(s["found"] for s in scores) / gold
    return t("accuracy_value", lang, precision=f"{100 * precision:.1f}%", recall=f"{100 * recall:.1f}%",
             n=len(scores))


def render_overview(site: Site, lang: str, location: str | None = None) -> Path:
    """The overview page: what the site is, key facts, validation and build date, how to read the
    comparators, the headline comparisons, the coverage matrix and the caveats."""
    tb, info = site.tables, site.info
    targets, docs = tb["targets"], tb["documents"]
    cascade = site.cascade
    reductions = analysis.annualised_reductions(targets)
    cov_rows, cov_heads = coverage_rows(tb, lang)
    charts = [site.chart(name, lang) for name in catalogue.on_page("overview")]
    accuracy = _extractor_accuracy(info, lang)
    facts = {
        "n_documents": len(docs), "n_official": int((docs["kind"] == "official text").sum()),
        "n_news": int((docs["kind"] == "news report").sum()), "n_targets": len(targets),
        "n_reference": int((targets["method"] == "reference").sum()),
        "n_jurisdictions": int(targets["jurisdiction_id"].nunique()),
        "n_indicators": int(targets["indicator_id"].nunique()),
    }
    caveats = [
        t("caveat_baseline", lang, n=int(reductions["is_baseline_assumed"].sum())),
        t("caveat_news", lang, n=facts["n_news"]),
        t("caveat_scope", lang), t("caveat_outcomes", lang), review_caveat(targets, lang),
    ]
    page = Page(lang, "index.html", location or "")
    return site.render(
        "overview.html", page, facts=facts, charts=charts, summary=cascade_summary(cascade, lang),
        cov_rows=cov_rows, cov_heads=cov_heads, caveats=caveats,
        source_cov=analysis.coverage_by_source(targets, docs, tb["jurisdictions"]).to_dict("records"),
        validation={"status": verdict_status(info), "text": verdict_text(info, lang),
                    "line": info.get("validation") or ""},
        built_at=_built_at(info), recall=accuracy,
    )


def review_caveat(targets: pd.DataFrame, lang: str) -> str:
    """What the site says about review, from the city-document rows' review_status (never assumed)."""
    city = targets[targets["method"] != "reference"]
    status = city["review_status"] if "review_status" in city.columns else pd.Series("unreviewed", index=city.index)
    counts = {s: int((status == s).sum()) for s in ("confirmed", "corrected", "added", "unreviewed")}
    n_reviewed = len(city) - counts["unreviewed"]
    key = ("caveat_review_none" if n_reviewed == 0 else
           "caveat_review_all" if counts["unreviewed"] == 0 else "caveat_review_some")
    return t(key, lang, n=len(city), n_reviewed=n_reviewed, **{f"n_{k}": v for k, v in counts.items()})


def _built_at(info: dict) -> str:
    raw = info.get("built_at")
    if not raw:
        return "—"
    try:
        return dt.datetime.strptime(raw, "%Y-%m-%dT%H:%M:%SZ").strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return str(raw)


def render_compare(site: Site, lang: str) -> Path:
    """The comparisons page: cascade, indexed caps and targets-vs-outcomes charts, and one table row
    per pair of a target and the target of a level above (verdicts for the same year only)."""
    charts = [site.chart(name, lang) for name in catalogue.on_page("compare")]
    rows = cascade_rows(site.cascade, lang)
    return site.render("compare.html", Page(lang, "compare.html"), charts=charts, rows=rows)


def map_sentence(counts: dict[str, int], lang: str, year: int) -> str:
    """How many provinces have a known `year` target, that grey tiles have none, and how many disagree."""
    if not counts["n_known"] and not counts["n_conflict"]:
        return t("map_none", lang)
    sentence = t("map_count", lang, n_known=counts["n_known"], n_none=counts["n_none"], year=year)
    if counts["n_conflict"]:
        sentence = sentences(sentence, t("map_conflicts", lang, n=counts["n_conflict"]), lang)
    return sentence


def render_map(site: Site, lang: str) -> Path:
    """The map page: for each core indicator with provincial targets, the sentence of its counts and
    its tile map (compare.tilemap), with links to jump between them."""
    year = tilemap.MAP_YEAR
    items = []
    for iid in site.map_jobs:
        chart, counts = site.map_chart(iid, lang)
        items.append({"id": iid, "anchor": f"map-{_slug(iid)}", "name": indicator_label(iid, lang),
                      "page": indicator_page(iid), "sentence": map_sentence(counts, lang, year), "chart": chart})
    return site.render("map.html", Page(lang, "map.html"), items=items, year=year,
                       charts=[i["chart"] for i in items])


def render_indicators(site: Site, lang: str) -> list[Path]:
    """The indicator list, then one page per indicator with targets: chart(s) and every target."""
    tb = site.tables
    targets, specs = tb["targets"], metadata.indicator_specs()
    order = analysis.indicator_order()
    iids = sorted(pd.unique(targets["indicator_id"]), key=lambda i: order.get(i, len(order)))
    listing = []
    written = []
    for iid in iids:
        spec = specs.get(iid, {})
        sub = targets[targets["indicator_id"] == iid]
        years = sorted({int(y) for y in sub["target_year"].dropna()})
        item = {"id": iid, "name": indicator_label(iid, lang), "page": indicator_page(iid),
                "unit": unit_label(spec.get("unit"), lang), "category": spec.get("category", ""),
                "direction": spec.get("direction"), "n": len(sub), "n_j": int(sub["jurisdiction_id"].nunique()),
                "years": " · ".join(map(str, years))}
        listing.append(item)
        province_map = None
        if iid in site.map_jobs:
            chart, counts = site.map_chart(iid, lang)
            province_map = {"chart": chart, "sentence": map_sentence(counts, lang, tilemap.MAP_YEAR)}
        written.append(site.render(
            "indicator.html", Page(lang, indicator_page(iid)), ind=item,
            other_name=indicator_label(iid, other_lang(lang)),
            charts=indicator_figures(iid, tb, lang, site.cache), rows=target_rows(sub, tb["documents"], lang),
            is_reduction=analysis.is_reduction(iid), province_map=province_map,
        ))
    written.append(site.render("indicators.html", Page(lang, "indicators.html"), items=listing))
    return written


def render_jurisdictions(site: Site, lang: str) -> list[Path]:
    """The jurisdiction list, then one page per jurisdiction: profile chart, place in the cascade
    (parents, children, comparisons), all its targets with quotes, and for cities the agency × task matrix."""
    tb = site.tables
    jur, targets, docs = tb["jurisdictions"], tb["targets"], tb["documents"]
    cascade = cascade_rows(site.cascade, lang)
    parents = dict(zip(jur["jurisdiction_id"], jur["parent_id"], strict=True))
    listing, written = [], []
    for _, j in jur.iterrows():
        jid = j["jurisdiction_id"]
        sub = targets[targets["jurisdiction_id"] == jid]
        chain, cur = [], parents.get(jid)
        while _text(cur):
            chain.insert(0, {"id": cur, "name": jurisdiction_label(cur, lang), "page": jurisdiction_page(cur)})
            cur = parents.get(cur)
        children = [{"id": c, "name": jurisdiction_label(c, lang), "page": jurisdiction_page(c)}
                    for c in jur.loc[jur["parent_id"] == jid, "jurisdiction_id"]]
        is_city = j["level"] in analysis.CITY_LEVELS
        comparisons = [r for r in cascade if r["jurisdiction_id"] == jid]
        below = [r for r in cascade if r["ref"]["id"] == jid]
        charts = []
        profile = analysis.jurisdiction_profile(targets, jid)
        if not profile.empty:
            fig = figures.city_profile(profile, Context(lang, docs, jurisdiction_id=jid, chart="city_profile"))
            charts.append(embed(fig, f"chart-profile-{_slug(jid)}", f"city_profile_{jid}"
                                if is_city else None))
        item = {"id": jid, "name": jurisdiction_label(jid, lang), "page": jurisdiction_page(jid),
                "level": text("level", j["level"], lang), "n": len(sub),
                "n_indicators": int(sub["indicator_id"].nunique()), "depth": len(chain),
                "n_docs": int((docs["jurisdiction_id"] == jid).sum())}
        listing.append(item)
        written.append(site.render(
            "jurisdiction.html", Page(lang, jurisdiction_page(jid)), jur=item, chain=chain, children=children,
            is_city=is_city, comparisons=comparisons, below=below, charts=charts,
            matrix=site.matrix_chart(jid, lang) if is_city else None,
            rows=target_rows(sub, docs, lang),
            documents=[d for d in document_rows(docs, targets, lang) if d["jurisdiction_id"] == jid],
        ))
    written.append(site.render("jurisdictions.html", Page(lang, "jurisdictions.html"), items=listing))
    return written


def render_responsibilities(site: Site, lang: str) -> Path:
    """The "who is responsible" page: the who-leads chart, whether each task has the same lead in
    every city, one row per task × city, and links to each city's agency × task matrix."""
    tb = site.tables
    leads = task_leads(tb)
    has = not leads.empty and "task_leads" in {j.name for j in catalogue.jobs(tb)}
    cities = [{"id": j, "name": jurisdiction_label(j, lang), "page": jurisdiction_page(j)}
              for j in pd.unique(leads["jurisdiction_id"])]
    charts = []
    if has:
        fig = catalogue.draw("task_leads", tb, lang, leads, max_width=PAGE_WIDTH)  # no column needs scrolling
        charts.append(embed(fig, "chart-task_leads", "task_leads"))
    return site.render("responsibilities.html", Page(lang, "responsibilities.html"), charts=charts,
                       rows=lead_rows(leads, tb["documents"], lang), summary=lead_summary(leads, lang) if has else None,
                       cities=cities)


def render_documents(site: Site, lang: str) -> Path:
    """The document registry page."""
    rows = document_rows(site.tables["documents"], site.tables["targets"], lang)
    return site.render("documents.html", Page(lang, "documents.html"), rows=rows,
                       per_doc=site.info.get("documents", {}))


def render_downloads(site: Site, lang: str) -> Path:
    """The downloads page: for each figure of the catalogue, links to its files in downloads/<lang>/."""
    directory = site.out / "downloads" / lang
    rows = download_rows(directory, site.out, site.tables, lang)
    extras = [{"name": n, "path": f"downloads/{lang}/{n}"} for n in ("README.md", "sources.csv")
              if (directory / n).is_file()]
    has_static = any(f["format"] in ("PNG", "SVG", "PDF") for r in rows for f in r["files"])
    return site.render("downloads.html", Page(lang, "downloads.html"), rows=rows, extras=extras,
                       has_static=has_static, **downloads.page_context(
                           site.cache.get("downloads") or downloads.Offered(), "downloads/tables", lang, site.info))


def copy_assets(out: Path) -> None:
    """plotly.min.js (from the installed plotly package), the vendored sorter and site.css → assets/."""
    from compare.export import copy_plotlyjs

    assets = out / "assets"
    copy_plotlyjs(assets)
    static = resources.files("compare") / "static"
    for name in STATIC_FILES:
        (assets / name).write_bytes((static / name).read_bytes())


def copy_downloads(out: Path, exports: Path | None, tables: Tables) -> None:
    """downloads/<lang>/: a copy of exports/<lang>/ when it exists; otherwise the HTML charts and the
    data behind them are written there directly (static images need `compare export` and Chromium)."""
    from compare.export import export_catalogue

    for lang in LANGS:
        src = exports / lang if exports is not None else None
        dest = out / "downloads" / lang
        if src is not None and src.is_dir():
            shutil.copytree(src, dest, dirs_exist_ok=True)
        else:
            print(f"report: {src} not found; writing HTML charts and data only "
                  "(run `python -m compare export --out exports` first for PNG/SVG/PDF)", file=sys.stderr)
            export_catalogue(out / "downloads", [lang], ["html"], None, tables=tables)


def build_site(out: Path, *, tables: Tables | None = None, info: dict | None = None,
               exports: Path | None = ..., progress: Callable[[str], None] | None = None) -> None:
    """Write the whole site into `out`: every page in zh and en, assets, downloads.

    `tables` defaults to the published tables, `info` to data/curated/build_info.json, `exports` to
    the export bundle of `python -m compare export --out exports` (paths.EXPORTS_DIR, looked up at call time;
    None: write HTML + data only).
    """
    say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
    # Load inputs.
    if exports is ...:
        exports = paths.EXPORTS_DIR
    if tables is None:
        from compare.tables import load_all

        tables = load_all()
    if info is None:
        info = files.build_info()
    out = Path(out)
    # Process data and save outputs: only what the previous run's manifest lists is removed.
    kept = outdir.prepare(out, "report")
    copy_assets(out)
    copy_downloads(out, exports, tables)
    site = Site(out, tables, info)
    site.cache["downloads"] = downloads.write_downloads(out / "downloads" / "tables", tables, info)
    n = 0
    for lang in LANGS:
        render_overview(site, lang)
        render_compare(site, lang)
        render_map(site, lang)
        n += 3 + len(render_indicators(site, lang)) + len(render_jurisdictions(site, lang))
        render_responsibilities(site, lang)
        render_documents(site, lang)
        render_downloads(site, lang)
        n += 3
    render_overview(site, DEFAULT_LANG, location="index.html")
    outdir.finish(out, "report", kept)
    say(f"report: wrote {n + 1} pages to {out} (open {os.path.join(out, 'index.html')})")
