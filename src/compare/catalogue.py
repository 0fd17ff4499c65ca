"""The chart catalogue: every chart declared once — its id (its title is labels `chart.<id>`), its
builder in compare.figures, the function that takes its data from the published tables, what it is
drawn for (once, once per city, once per indicator) and where it appears: the report's pages, the
indicator pages it belongs to, the notebooks that show it.  The report, `compare export`, the notebooks
and the tests all read it.

    fig, data = catalogue.build("caps_by_city", tables, "en")     # the figure and the data behind it
    for job in catalogue.jobs(tables): ...                        # every figure to draw

Adding a chart: a builder in figures.py (`builder(data, ctx)`), an entry in CHARTS below, its title in
metadata/labels.yaml (`chart:`), and a test.
"""

from __future__ import annotations

import dataclasses
import math
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from compare import analysis, figures, presets, tilemap
from compare.figures import Context
from compare.labels import (
    agency_label,
    colon,
    indicator_label,
    jurisdiction_label,
    task_label,
    text,
    titled,
)

Tables = Mapping[str, pd.DataFrame]
#: The pages of the report site a chart can be placed on (compare.report).
PAGES = ("overview", "compare", "indicator", "jurisdiction", "responsibilities", "map")


# --------------------------------------------------------------------------- the data behind each chart
# data(tables, ctx) → DataFrame; ctx names the jurisdiction or indicator the figure is drawn for.


def _cities(df: pd.DataFrame, jurisdictions: pd.DataFrame) -> pd.DataFrame:
    return df[df["jurisdiction_id"].isin(
        jurisdictions.loc[jurisdictions["level"].isin(analysis.CITY_LEVELS), "jurisdiction_id"])]


def _data_caps_by_city(t: Tables, _: Context) -> pd.DataFrame:
    return _cities(analysis.cap_trajectories(t["targets"]), t["jurisdictions"])


def _data_caps_indexed(t: Tables, _: Context) -> pd.DataFrame:
    caps = analysis.add_levels(analysis.cap_trajectories(t["targets"]), t["jurisdictions"])
    n = caps.groupby("jurisdiction_id")["target_year"].transform("size")
    return caps[n >= 2].reset_index(drop=True)


def _data_reductions(t: Tables, _: Context) -> pd.DataFrame:
    return analysis.annualised_reductions(t["targets"])


def _data_view(t: Tables, ctx: Context) -> pd.DataFrame:
    return analysis.indicator_view(t["targets"], str(ctx.indicator_id), t["jurisdictions"], t["documents"])


def _data_cascade(t: Tables, _: Context) -> pd.DataFrame:
    return analysis.target_cascade(t["targets"], t["jurisdictions"])


def _data_coverage(t: Tables, _: Context) -> pd.DataFrame:
    return analysis.coverage(t["targets"], t["jurisdictions"])


def _data_profile(t: Tables, ctx: Context) -> pd.DataFrame:
    return analysis.jurisdiction_profile(t["targets"], str(ctx.jurisdiction_id))


def _data_outcomes(t: Tables, _: Context) -> pd.DataFrame:
    return analysis.outcome_panels(t["targets"], t["outcomes"])


def _data_task_leads(t: Tables, _: Context) -> pd.DataFrame:
    return analysis.task_leads(t["responsibilities"], t["documents"], t["agencies"])


def _data_responsibility_matrix(t: Tables, ctx: Context) -> pd.DataFrame:
    jid = ctx.jurisdiction_id
    m = analysis.agency_task_matrix(t["responsibilities"], t["documents"], t["agencies"], jid)
    docs = t["documents"].loc[t["documents"]["jurisdiction_id"] == jid, "document_id"]
    used = sorted(set(docs) & set(t["responsibilities"]["document_id"]))
    return m.assign(document_ids=", ".join(used))


def _data_province_map(t: Tables, ctx: Context) -> pd.DataFrame:
    """The tile map's data (compare.tilemap.province_targets) for one indicator, without the names of
    one language (the figure and with_display_names give them in the language asked for)."""
    iid = str(ctx.indicator_id)
    data = tilemap.province_targets(t["targets"], iid, tilemap.MAP_YEAR, t.get("documents"))
    data = data.drop(columns=["name", "plans"])
    data.insert(1, "indicator_id", iid)
    data.insert(2, "target_year", tilemap.MAP_YEAR)
    return data


# --------------------------------------------------------------------------- pages of a long chart
# split(data, preset, lang) → the data of each page, for a preset with a page height (briefing, slide).

#: Room a page's title, unit line, source line and axis take (CSS px at the preset's width).
_PAGE_OVERHEAD_PX = 340.0


def lines_per_page(p: presets.Preset) -> int:
    """How many lines of body text fit in the plot of one page of `p`."""
    return max(8, int((float(p.max_height_px or 1e9) - _PAGE_OVERHEAD_PX) / (p.body_px * presets.LINE_SPACING)))


def _chunks(items: list, sizes: list[int], cap: int) -> list[list]:
    """`items` in runs whose `sizes` add up to at most `cap` (an item larger than `cap` keeps a run)."""
    runs: list[list] = []
    used = 0
    for item, size in zip(items, sizes, strict=True):
        if runs and used + size <= cap:
            runs[-1].append(item)
            used += size
        else:
            runs.append([item])
            used = size
    return runs


def _split_lines(group: list[str], min_lines: int) -> Callable[[pd.DataFrame, presets.Preset, str], list[pd.DataFrame]]:
    """Rows of text (one per `group`, its rows as lines, `min_lines` at least) in pages of at most
    `lines_per_page` lines, a new panel (indicator_id) taking four lines for its title and the ticks."""
    def split(d: pd.DataFrame, p: presets.Preset, _lang: str) -> list[pd.DataFrame]:
        order = list(dict.fromkeys(d["indicator_id"]))
        groups = sorted((g for _, g in d.groupby(["indicator_id", *group], sort=False)),
                        key=lambda g: order.index(g["indicator_id"].iloc[0]))
        cap = lines_per_page(p)
        runs: list[list[pd.DataFrame]] = []
        used, last = 0, None
        for g in groups:
            iid = g["indicator_id"].iloc[0]
            need = max(min_lines, len(g)) + (4 if iid != last else 0)
            if runs and used + need <= cap:
                runs[-1].append(g)
                used += need
            else:
                runs.append([g])
                used = max(min_lines, len(g)) + 4
            last = iid
        return [pd.concat(r, ignore_index=True) for r in runs] or [d]
    return split


#: The cascade: one line per pair, two at least, per jurisdiction × target year.
_split_cascade = _split_lines(["jurisdiction_id", "target_year"], 2)


def _grid_pages(d: pd.DataFrame, rows: str, cols: str, row_lines, col_px, p: presets.Preset,
                left_px: float, top_px: float = 0.0) -> list[pd.DataFrame]:
    """A grid's data (`rows` × `cols` ids) in pages: as many columns as fit beside the row labels
    (`col_px(col)` wide each) and as many rows as fit the page height (`row_lines(row)` lines each)
    under the column labels (`top_px` tall)."""
    row_ids, col_ids = list(dict.fromkeys(d[rows])), list(dict.fromkeys(d[cols]))
    col_runs = _chunks(col_ids, [round(col_px(c)) for c in col_ids], int(p.width_px - left_px))
    cap = max(4, lines_per_page(p) - int(top_px / (p.body_px * presets.LINE_SPACING)))
    row_runs = _chunks(row_ids, [row_lines(r) for r in row_ids], cap)
    grid = [d[d[rows].isin(rr) & d[cols].isin(cr)] for rr in row_runs for cr in col_runs]
    return [g for g in grid if not g.empty] or [d]


def _split_coverage(d: pd.DataFrame, p: presets.Preset, lang: str) -> list[pd.DataFrame]:
    """Coverage (indicators as rows, places as columns) in pages: figures.coverage's geometry."""
    line = p.body_px * presets.LINE_SPACING
    chars = figures.COVERAGE_LABEL_CHARS[lang]
    lines = max(math.ceil(len(indicator_label(i, lang)) / chars) for i in d["indicator_id"]) * 1.15
    top = max(len(jurisdiction_label(j, lang)) for j in d["jurisdiction_id"]) * figures.EM[lang] * p.body_px
    return _grid_pages(d, "indicator_id", "jurisdiction_id", lambda _i: lines, lambda _j: line + 4, p,
                       figures.coverage_left_px(p.body_px, lang) + 60, top)


def _split_matrix(d: pd.DataFrame, p: presets.Preset, lang: str) -> list[pd.DataFrame]:
    """A responsibility matrix (agencies × tasks) in pages of the tasks that fit across and the
    agencies that fit down."""
    line = p.body_px * presets.LINE_SPACING
    chars = figures.MATRIX_AGENCY_CHARS[lang]
    lines = max(len(textwrap.wrap(agency_label(a, lang), chars)) for a in d["agency_id"]) * 1.15
    tchars = figures.MATRIX_TASK_CHARS[lang]
    top = max(min(len(task_label(t, lang)), tchars) for t in d["task_id"]) * figures.EM[lang] * p.body_px
    return _grid_pages(d, "agency_id", "task_id", lambda _a: lines,
                       lambda t: line * len(textwrap.wrap(task_label(t, lang), tchars)) + 14, p,
                       figures.matrix_left_px(p.body_px, lang) + 90, top)


def _split_task_leads(d: pd.DataFrame, p: presets.Preset, lang: str) -> list[pd.DataFrame]:
    """Task leads (tasks × cities) in pages: the cities that fit across, the tasks that fit down."""
    em = p.body_px * (1.0 if lang == "zh" else 0.6)
    chars = figures.LEADS_CELL_CHARS[lang]
    return _grid_pages(d, "task_id", "jurisdiction_id",
                       lambda _t: figures.LEADS_CELL_LINES[lang] + 1, lambda _j: chars * em + 12, p,
                       figures.leads_left_px(p.body_px, lang) + 40, 2 * p.body_px * presets.LINE_SPACING)


def _split_panels(*keys: str) -> Callable[[pd.DataFrame, presets.Preset, str], list[pd.DataFrame]]:
    """Small multiples (one panel per distinct `keys`) in pages of the panel rows that fit a page
    (figures.panel_grid's layout, panel titles taken as two lines)."""
    def split(d: pd.DataFrame, p: presets.Preset, _lang: str) -> list[pd.DataFrame]:
        gap = 2 + 2.7
        rows = max(1, int((lines_per_page(p) + gap) // (figures.PANEL_LINES + gap)))
        n = rows * figures.PANEL_COLUMNS_AT_PRESET
        ids = list(zip(*(d[k] for k in keys), strict=True))
        panels = list(dict.fromkeys(ids))
        runs = [set(panels[i:i + n]) for i in range(0, len(panels), n)]
        return [d[[x in run for x in ids]] for run in runs] or [d]
    return split


# --------------------------------------------------------------------------- what each chart is drawn for


def _cities_with_targets(t: Tables) -> list[str]:
    having = set(t["targets"]["jurisdiction_id"])
    return [j for j in _city_ids(t) if j in having]


def _cities_with_responsibilities(t: Tables) -> list[str]:
    """Cities whose documents have a task-division annex in `responsibilities`."""
    docs = set(t["responsibilities"]["document_id"])
    having = set(t["documents"].loc[t["documents"]["document_id"].isin(docs), "jurisdiction_id"])
    return [j for j in _city_ids(t) if j in having]


def _city_ids(t: Tables) -> list[str]:
    j = t["jurisdictions"]
    return list(j.loc[j["level"].isin(analysis.CITY_LEVELS), "jurisdiction_id"])


def _map_indicators(t: Tables) -> list[str]:
    return tilemap.indicators_with_targets(t["targets"], tilemap.MAP_YEAR)


# --------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True, eq=False)
class Chart:
    """One chart of the catalogue.

    `builder(data, ctx)` draws it (compare.figures); `data(tables, ctx)` takes its data from the
    published tables.  `per` is None (one figure), "jurisdiction" or "indicator" (one figure for each
    id `subjects(tables)` returns).  `indicators` are the indicators the chart is about: it appears on
    their pages, and a chart about one indicator is given it as `ctx.indicator_id`.  `pages` maps a page
    of the report (PAGES) to the chart's position on it; `notebooks` names the notebooks that show it.
    Charts whose `requires` tables are not given are left out.  A long chart has `split(data, preset,
    lang)`: the data of each page for a preset with a page height (`pages`)."""

    id: str
    builder: Callable[[pd.DataFrame, Context], go.Figure]
    data: Callable[[Tables, Context], pd.DataFrame]
    per: str | None = None
    subjects: Callable[[Tables], Iterable[str]] | None = None
    requires: tuple[str, ...] = ("targets",)
    indicators: tuple[str, ...] = ()
    pages: Mapping[str, int] = field(default_factory=dict)
    notebooks: tuple[str, ...] = ()
    split: Callable[[pd.DataFrame, presets.Preset, str], list[pd.DataFrame]] | None = None

    def __post_init__(self) -> None:
        unknown = set(self.pages) - set(PAGES)
        if unknown:
            raise ValueError(f"chart {self.id}: unknown page(s) {sorted(unknown)}; pages are {PAGES}")
        if (self.per is None) != (self.subjects is None) or self.per not in (None, "jurisdiction", "indicator"):
            raise ValueError(f"chart {self.id}: `per` (jurisdiction / indicator) and `subjects` go together")

    def title(self, lang: str) -> str:
        """The chart's title in `lang` (labels `chart.<id>`)."""
        return text("chart", self.id, lang)


CHARTS: dict[str, Chart] = {c.id: c for c in [
    Chart("caps_by_city", figures.caps_by_city, _data_caps_by_city, indicators=("total_water_use_cap",),
          pages={"overview": 1, "indicator": 1}, notebooks=("01-total-water-use-caps",)),
    Chart("caps_indexed", figures.caps_indexed, _data_caps_indexed, indicators=("total_water_use_cap",),
          pages={"compare": 2, "indicator": 2}, notebooks=("01-total-water-use-caps",)),
    Chart("intensity_reductions", figures.intensity_reductions, _data_reductions, pages={"overview": 2},
          notebooks=("02-intensity-reductions",), split=_split_lines(["jurisdiction_id", "target_year"], 1)),
    Chart("irrigation_coefficient", figures.reference_chart, _data_view,
          indicators=("irrigation_water_use_coefficient",), pages={"indicator": 1}, notebooks=("03-indicator",)),
    Chart("leakage_rate", figures.reference_chart, _data_view, indicators=("public_supply_leakage_rate",),
          pages={"indicator": 1}, notebooks=("03-indicator",)),
    Chart("cascade", figures.cascade, _data_cascade, pages={"compare": 1}, notebooks=("05-target-cascade",),
          split=_split_cascade),
    Chart("coverage", figures.coverage, _data_coverage, notebooks=("00-overview",), split=_split_coverage),
    Chart("city_profile", figures.city_profile, _data_profile, per="jurisdiction", subjects=_cities_with_targets,
          pages={"jurisdiction": 1}, notebooks=("06-city-profile",), split=_split_panels("indicator_id")),
    Chart("targets_vs_outcomes", figures.targets_vs_outcomes, _data_outcomes, pages={"compare": 3},
          notebooks=("07-targets-vs-outcomes",), split=_split_panels("jurisdiction_id", "indicator_id")),
    Chart("task_leads", figures.task_leads, _data_task_leads, requires=("responsibilities", "agencies", "documents"),
          pages={"responsibilities": 1}, notebooks=("09-responsibilities",), split=_split_task_leads),
    Chart("responsibility_matrix", figures.responsibility_matrix, _data_responsibility_matrix, per="jurisdiction",
          subjects=_cities_with_responsibilities, requires=("responsibilities", "agencies", "documents"),
          pages={"jurisdiction": 2}, notebooks=("09-responsibilities",), split=_split_matrix),
    Chart("province_map", tilemap.province_map, _data_province_map, per="indicator", subjects=_map_indicators,
          requires=("targets", "documents"), pages={"map": 1, "indicator": 0}, notebooks=("00-overview",)),
]}


def on_page(page: str) -> list[str]:
    """The ids of the charts placed on `page`, in their order there."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}; pages are {PAGES}")
    placed = [c for c in CHARTS.values() if page in c.pages]
    return [c.id for c in sorted(placed, key=lambda c: c.pages[page])]


def for_indicator(indicator_id: str) -> list[str]:
    """The ids of the single charts (not per subject) about `indicator_id` shown on its page, in order."""
    return [c for c in on_page("indicator") if CHARTS[c].per is None and indicator_id in CHARTS[c].indicators]


def in_notebook(stem: str) -> list[str]:
    """The ids of the charts a notebook shows."""
    return [c.id for c in CHARTS.values() if stem in c.notebooks]


@dataclass(frozen=True)
class ChartJob:
    """One figure of the catalogue: a chart, and the jurisdiction or indicator it is drawn for."""

    chart: Chart
    jurisdiction_id: str | None = None
    indicator_id: str | None = None

    @property
    def subject(self) -> str | None:
        """What the figure is drawn for: the jurisdiction id, else the indicator id, else None."""
        return self.jurisdiction_id if self.jurisdiction_id is not None else self.indicator_id

    @property
    def name(self) -> str:
        """The figure's name: the chart's id, followed by the subject's id for per-subject charts."""
        return self.chart.id if self.subject is None else f"{self.chart.id}_{self.subject}"

    def context(self, tables: Tables, lang: str, **options: object) -> Context:
        """The builder's context for this figure in `lang` (`options`: title, max_width, columns, preset)."""
        single = self.chart.indicators[0] if len(self.chart.indicators) == 1 else None
        return Context(lang=lang, documents=tables.get("documents"), jurisdiction_id=self.jurisdiction_id,
                       indicator_id=self.indicator_id or single, chart=self.chart.id, **options)

    def title(self, lang: str) -> str:
        """How a listing names the figure: the chart's title, with the place or indicator it is for."""
        title = self.chart.title(lang)
        if self.jurisdiction_id:
            return titled(jurisdiction_label(self.jurisdiction_id, lang), title, lang)
        if self.indicator_id:
            return f"{title}{colon(lang)}{indicator_label(self.indicator_id, lang)}"
        return title


def jobs(tables: Tables, names: list[str] | None = None) -> list[ChartJob]:
    """Every figure to draw: one per chart, per-subject charts once per subject (charts whose tables
    are missing are left out).  `names` selects charts (`city_profile`) or single figures
    (`city_profile_cn.shanxi.yuncheng`); KeyError for a name that is neither."""
    found: list[ChartJob] = []
    for chart in CHARTS.values():
        if not all(name in tables for name in chart.requires):
            continue
        if chart.per == "jurisdiction":
            found.extend(ChartJob(chart, jurisdiction_id=j) for j in chart.subjects(tables))
        elif chart.per == "indicator":
            found.extend(ChartJob(chart, indicator_id=i) for i in chart.subjects(tables))
        else:
            found.append(ChartJob(chart))
    if names:
        unknown = [n for n in names if n not in CHARTS and n not in {j.name for j in found}]
        if unknown:
            raise KeyError(f"unknown chart(s) {unknown}; known: {sorted(CHARTS)}")
        found = [j for j in found if j.chart.id in names or j.name in names]
    return found


def job(name: str, tables: Tables) -> ChartJob:
    """The one figure called `name` (a chart id or `<chart>_<subject>`); KeyError otherwise."""
    matches = jobs(tables, [name])
    if len(matches) != 1:
        raise KeyError(f"{name!r} names {len(matches)} figures; pass a ChartJob or a figure name")
    return matches[0]


def data(target: ChartJob | str, tables: Tables) -> pd.DataFrame:
    """The data behind one figure, as its builder takes it (ids, no display names)."""
    target = job(target, tables) if isinstance(target, str) else target
    return target.chart.data(tables, target.context(tables, "zh"))


def draw(target: ChartJob | str, tables: Tables, lang: str = "zh", frame: pd.DataFrame | None = None,
         **options: object) -> go.Figure:
    """The figure of one catalogue entry in `lang`, from `frame` when the data is already at hand
    (`options`: title, max_width — see figures.Context)."""
    target = job(target, tables) if isinstance(target, str) else target
    frame = data(target, tables) if frame is None else frame
    return target.chart.builder(frame, target.context(tables, lang, **options))


def pages(target: ChartJob | str, tables: Tables, lang: str = "zh", preset: str | None = None,
          frame: pd.DataFrame | None = None, **options: object) -> list[go.Figure]:
    """The figure of one catalogue entry drawn for export `preset` (compare.presets), as pages: a long
    chart (one with `split`) is cut into pages no taller than the preset's page, each titled
    '（第k/n页）' / ' (page k of n)'; any other chart is one page.  The figures are not yet sized for
    the preset (presets.apply does that)."""
    target = job(target, tables) if isinstance(target, str) else target
    frame = data(target, tables) if frame is None else frame
    p = presets.get(preset) if preset else None

    def draw_part(part: pd.DataFrame) -> go.Figure:
        return target.chart.builder(part.reset_index(drop=True), target.context(tables, lang, preset=preset, **options))

    if p is None or not p.max_height_px or target.chart.split is None or frame.empty:
        return [draw_part(frame)]
    drawn: list[go.Figure] = []
    # A page still too tall once drawn (a long source line, long labels) is split again, finer.
    todo = [(part, p) for part in (target.chart.split(frame, p, lang) or [frame])]
    while todo:
        part, used = todo.pop(0)
        fig = draw_part(part)
        finer = _finer(used)
        if presets.apply(fig, p).layout.height > p.max_height_px * 1.02 and finer is not None:
            again = target.chart.split(part, finer, lang)
            if len(again) > 1:
                todo[:0] = [(x, finer) for x in again]
                continue
        drawn.append(fig)
    if len(drawn) > 1:
        for k, fig in enumerate(drawn, start=1):
            main, sep, rest = str(fig.layout.title.text or "").partition("<br>")
            fig.layout.title.text = f"{main}{text('figure', 'page', lang, k=k, n=len(drawn))}{sep}{rest}"
    return drawn


def _finer(p: presets.Preset) -> presets.Preset | None:
    """`p` with a page a fifth shorter, for splitting a page again (None below a third of a page)."""
    height = float(p.max_height_px or 0) * 0.8
    if height < p.width_px / 3:
        return None
    return dataclasses.replace(p, height_px=None, max_height_cm=height / p.width_px * p.print_width_cm)


def build(target: ChartJob | str, tables: Tables, lang: str = "zh", **options: object) -> tuple[go.Figure, pd.DataFrame]:
    """The figure and the data behind it (with display names in `lang`) for one catalogue entry."""
    target = job(target, tables) if isinstance(target, str) else target
    frame = data(target, tables)
    return draw(target, tables, lang, frame, **options), with_display_names(frame, lang)


def with_display_names(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The data behind a chart with the names in `lang` of its jurisdiction, indicator, agency and task ids
    added in front."""
    out = data.copy()
    for col, label in (("agency_id", agency_label), ("main_agency_id", agency_label), ("task_id", task_label)):
        if col in out:
            out.insert(0, col.replace("_id", "_name"), out[col].map(lambda i, f=label: f(i, lang)))
    if "indicator_id" in out:
        out.insert(0, "indicator_name", out["indicator_id"].map(lambda i: indicator_label(i, lang)))
    if "reference_jurisdiction_id" in out:
        out.insert(out.columns.get_loc("reference_jurisdiction_id") + 1, "reference_jurisdiction_name",
                   out["reference_jurisdiction_id"].map(lambda j: jurisdiction_label(j, lang)))
    if "verdict" in out:
        out.insert(out.columns.get_loc("verdict") + 1, "verdict_name", out["verdict"].map(lambda v: text("class", v, lang)))
    if "jurisdiction_id" in out:
        out.insert(0, "jurisdiction_name", out["jurisdiction_id"].map(lambda j: jurisdiction_label(j, lang)))
    return out
