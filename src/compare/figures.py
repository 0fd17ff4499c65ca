"""Plotly figure builders: one function per chart, `builder(data, ctx)` → `go.Figure`, in Chinese or English.

Every chart carries a title, its unit, a source line naming the documents (doc numbers where known),
hover text with the quoted sentence, the comparator as a marker (cap ▼ / floor ▲) and one colour per
jurisdiction that is the same in every chart.  Words come from compare.labels (metadata/labels.yaml);
which chart is drawn from which data, and where it appears, is compare.catalogue.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from functools import cache

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from compare import analysis, metadata, paths
from compare.escape import plotly_text
from compare.labels import (
    agency_label,
    aside,
    check_lang,
    colon,
    comparator_text,
    document_title,
    enum_sep,
    indicator_label,
    jurisdiction_label,
    list_sep,
    quoted,
    scope_label,
    task_label,
    text,
    titled,
    unit_label,
)
from compare.labels import fmt_number as _fmt

#: Explicit CJK-capable font stack: without it Chromium may pick a font with no Chinese glyphs.
FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
WIDTH, HEIGHT = 1200, 700
#: The name of the source-line annotation (figures.source_annotation finds it).
SOURCE_NAME = "source"
#: Panels per row of the city profile.
PROFILE_COLUMNS = 4
_CAP_COMPARATORS = {"<=", "<"}
_FLOOR_COMPARATORS = {">=", ">"}


@dataclass(frozen=True, eq=False)
class Context:
    """What every builder is given besides its data: the language, the documents (for the source line),
    the jurisdiction or indicator the figure is drawn for, the catalogue id of the chart (its title is
    labels `chart.<id>`), a title that replaces the chart's own, the widest the figure may be
    (`max_width`: a wider figure is narrowed to it, its legend dropped and its source line re-wrapped),
    the panels per row of a small-multiples chart (`columns`; None: the chart's own), and the export
    preset it will be drawn at (`preset`, compare.presets: its text is larger for the width, so labels
    wrap shorter and small multiples take fewer columns)."""

    lang: str = "zh"
    documents: pd.DataFrame | None = None
    jurisdiction_id: str | None = None
    indicator_id: str | None = None
    chart: str | None = None
    title: str | None = None
    max_width: int | None = None
    columns: int | None = None
    preset: str | None = None

    def __post_init__(self) -> None:
        check_lang(self.lang)

    def heading(self, chart: str | None = None) -> str:
        """The figure's title: `title` when given, else the label of the chart (`chart` or this context's)."""
        if self.title:
            return self.title
        key = self.chart or chart
        if key is None:
            raise ValueError("the context names no chart and gives no title")
        return text("chart", key, self.lang)


    @property
    def text_scale(self) -> float:
        """How much larger text is for the chart's width at the preset than as drawn at WIDTH (1 on screen)."""
        from compare import presets

        p = presets.get(self.preset) if self.preset else None
        if p is None or p.name == presets.WEB.name:
            return 1.0
        return p.body_px / presets.BASE_BODY_PX * WIDTH / p.width_px

    def chars(self, chars: int) -> int:
        """A wrap width of `chars` characters on screen, for the preset's larger text."""
        return max(4, int(chars / self.text_scale))


# --------------------------------------------------------------------------- styles


@cache
def palette() -> dict:
    """The chart colours and marker variants (metadata/palette.yaml)."""
    with (paths.METADATA_DIR / "palette.yaml").open(encoding="utf-8") as fh:
        return metadata.read_yaml(fh)["palette"]


def colour_order() -> list[str]:
    """The order in which jurisdictions take the palette's colours: the cities, districts and counties
    (jurisdictions.yaml order), then the levels above them (nation aside), then every other place — so
    the places drawn together get different colours first."""
    specs = metadata.jurisdiction_specs()
    cities = [j for j, s in specs.items() if s.get("level") in analysis.CITY_LEVELS]
    above = []
    for j in cities:
        parent = specs[j].get("parent_id")
        while parent and parent in specs and parent != "cn":
            above.append(parent)
            parent = specs[parent].get("parent_id")
    return [j for j in dict.fromkeys([*cities, *above, *specs]) if j != "cn"]


def _style_index(jurisdiction_id: str) -> int:
    order = colour_order()
    return order.index(jurisdiction_id) if jurisdiction_id in order else sum(map(ord, str(jurisdiction_id)))


def jurisdiction_colour(jurisdiction_id: str) -> str:
    """The one colour of a jurisdiction in every chart (its place in `colour_order`); the nation's own."""
    p = palette()
    if jurisdiction_id == "cn":
        return p["nation"]
    return p["jurisdictions"][_style_index(jurisdiction_id) % len(p["jurisdictions"])]


def marker_outline(jurisdiction_id: str, line: dict | None = None) -> dict:
    """Marker properties that go with `jurisdiction_marker`: an open variant is outlined thick in the
    jurisdiction's colour; a filled one keeps `line` (when given)."""
    if "open" in jurisdiction_marker(jurisdiction_id, None):
        return {"line": {"width": 2.5, "color": jurisdiction_colour(jurisdiction_id)}}
    return {"line": line} if line is not None else {}


def jurisdiction_marker(jurisdiction_id: str, comparator: str | None) -> str:
    """The comparator's marker (▲ floor, ▼ cap, ● stated) in the jurisdiction's variant: filled for the
    first round of the palette, then open, dotted … for places whose colour repeats an earlier one's."""
    p = palette()
    if jurisdiction_id == "cn":
        return comparator_marker(comparator)
    variants = p["marker_variants"]
    cycle = _style_index(jurisdiction_id) // len(p["jurisdictions"])
    return comparator_marker(comparator) + variants[cycle % len(variants)]


def comparator_marker(comparator: str | None) -> str:
    """Plotly marker symbol for a comparator: ▼ for caps, ▲ for floors, ● for stated values."""
    if comparator in _CAP_COMPARATORS:
        return "triangle-down"
    if comparator in _FLOOR_COMPARATORS:
        return "triangle-up"
    return "circle"


def wrap(s: object, width: int = 38) -> str:
    """Document text `s`, escaped for Plotly, in <br>-separated lines of at most `width` characters
    (for hover boxes)."""
    if s is None or (not isinstance(s, str) and pd.isna(s)):
        return ""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(str(s), width=width, break_long_words=True))


def document_label(row: pd.Series, lang: str) -> str:
    """How a chart names a document: doc number and title when known (运政发〔2020〕30号《…》), escaped
    for Plotly."""
    title = row.get("title_zh")
    number = row.get("doc_number")
    parts = []
    if isinstance(number, str) and number:  # the 文号 as issued; quoted 「…」 in English
        parts.append(plotly_text(number if lang == "zh" else quoted(number, lang)))
    if isinstance(title, str) and title:
        parts.append(plotly_text(document_title(title, lang, row.get("jurisdiction_id"), row.get("title_en"))))
    label = " ".join(parts) or plotly_text(row.get("document_id"))
    if row.get("kind") == "news report":
        label += aside(text("figure", "news_report", lang), lang)
    return label


def source_line(document_ids, documents: pd.DataFrame | None, lang: str, extra: str | None = None) -> str:
    """The chart's source line: '资料来源：' followed by each document used, in a stable order."""
    ids = [d for d in pd.unique(pd.Series(list(document_ids), dtype="object").dropna())]
    names = []
    if documents is not None and not documents.empty:
        docs = documents.set_index("document_id")
        for d in sorted(ids):
            names.append(document_label(docs.loc[d].copy().rename(d).to_dict() | {"document_id": d}, lang)
                         if d in docs.index else plotly_text(d))
    else:
        names = sorted(plotly_text(i) for i in ids)
    sep = list_sep(lang)
    body = sep.join(dict.fromkeys(names))
    if extra:
        body = f"{body}{sep}{extra}" if body else extra
    return f"{text('figure', 'sources', lang)}{colon(lang)}{body}"


def hover(row: pd.Series, lang: str, value_col: str = "value", extra: list[str] | None = None) -> str:
    """Hover text for one target: jurisdiction and year, comparator and value with unit, baseline,
    the quoted sentence (Chinese original) and the document."""
    lines = [f"<b>{jurisdiction_label(row['jurisdiction_id'], lang)}</b> · {int(row['target_year'])}"]
    lines.append(f"{comparator_text(row.get('comparator'), lang)} {_fmt(row.get(value_col))} "
                 f"{unit_label(row.get('unit'), lang)}".strip())
    if "baseline_year" in row and not pd.isna(row.get("baseline_year")):
        lines.append(f"{text('figure', 'baseline', lang)} {int(row['baseline_year'])}")
    lines.extend(extra or [])
    quote = row.get("quote_zh")
    if isinstance(quote, str) and quote:
        lines.append(f"{text('figure', 'quote', lang)}{colon(lang)}{wrap(quote)}")
    elif isinstance(row.get("note"), str) and row.get("note"):
        lines.append(wrap(row["note"]))
    doc = row.get("doc_number") if isinstance(row.get("doc_number"), str) else row.get("document_id")
    if isinstance(doc, str):
        lines.append(f"{text('figure', 'document', lang)}: {plotly_text(doc)}")
    return "<br>".join(lines)


def _wrap_sources(sources: str, chars: int) -> tuple[str, int]:
    """The source line in lines of at most `chars` characters, and the number of lines."""
    src = "<br>".join(textwrap.wrap(sources, width=chars)) or sources
    return src, src.count("<br>") + 1


def apply_layout(fig: go.Figure, title: str, subtitle: str, sources: str, ctx: Context,
                 width: int = WIDTH, height: int = HEIGHT) -> go.Figure:
    """Title with the unit line under it, the source line at the bottom, the CJK font stack, and a
    fixed size so every export of the chart looks the same.  A figure wider than `ctx.max_width` is
    narrowed to it: no legend (the cells name what the colours stand for), the source line re-wrapped."""
    lang = ctx.lang
    # English source lines still carry Chinese titles, which are twice as wide as Latin letters.
    src, n_lines = _wrap_sources(sources, int(width / (14 if lang == "zh" else 10.5)))
    narrow = ctx.max_width is not None and width > ctx.max_width
    if narrow:
        width = ctx.max_width
        src, n_lines = _wrap_sources(sources, width // (14 if lang == "zh" else 12))
    bottom = 90 + 16 * n_lines
    fig.update_layout(
        title={"text": f"{title}<br><sup>{subtitle}</sup>", "x": 0.01, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13, "color": "#222"},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        template="plotly_white", width=width, height=height + 16 * n_lines,
        margin={"l": 80, "r": 40, "t": 130, "b": bottom},
        legend={"font": {"family": FONT_FAMILY}},
    )
    if narrow:
        fig.update_layout(showlegend=False)
    fig.add_annotation(text=src, xref="paper", yref="paper", x=0, y=0, yshift=-bottom + 8, showarrow=False,
                       xanchor="left", yanchor="bottom", align="left", font={"size": 10, "color": "#555"},
                       name=SOURCE_NAME)
    return fig


def source_annotation(fig: go.Figure):
    """The figure's source line (the layout annotation apply_layout names SOURCE_NAME); LookupError
    when the figure has none."""
    for annotation in fig.layout.annotations:
        if annotation.name == SOURCE_NAME:
            return annotation
    raise LookupError("the figure has no source line (it was not laid out by figures.apply_layout)")


def _unit_subtitle(unit: str | None, lang: str, note: str | None = None) -> str:
    parts = [f"{text('figure', 'units', lang)}{colon(lang)}{unit_label(unit, lang)}"] if unit else []
    if note:
        parts.append(note)
    return " · ".join(parts)


def _first_unit(df: pd.DataFrame) -> str | None:
    units = df["unit"].dropna().unique() if "unit" in df else []
    return units[0] if len(units) else None


# --------------------------------------------------------------------------- the charts


def dodge(frame: pd.DataFrame, x: str, y: str, step: float = 0.12) -> pd.Series:
    """Offsets along x that set apart the points of `frame` sharing both `x` and `y` (equal values of
    different places stay visible side by side): 0 for a lone point, ±step/2 … for two or more."""
    rank = frame.groupby([x, y], sort=False).cumcount()
    n = frame.groupby([x, y], sort=False)[x].transform("size")
    return (rank - (n - 1) / 2) * step


def merge_close_labels(fig: go.Figure, ctx: Context, plot_px: tuple[float, float]) -> None:
    """At a preset, labels of one plot whose boxes would overlap are written once, together: on the
    highest point of the cluster, its distinct values (×n for a value repeated), one per line; the
    others are left blank (the hover box keeps each).  Needs the axes' ranges set; `plot_px` is the
    plot's (width, height) in px at WIDTH."""
    if ctx.text_scale <= 1:
        return
    font = BODY_PX * ctx.text_scale
    xr, yr = fig.layout.xaxis.range, fig.layout.yaxis.range
    if xr is None or yr is None:
        return
    pw, ph = plot_px
    pts = []
    for tr in fig.data:
        if tr.text is None or isinstance(tr.text, str) or tr.x is None:
            continue
        pos = tr.textposition if isinstance(tr.textposition, str) else "middle right"
        for i, (x, y, t) in enumerate(zip(tr.x, tr.y, tr.text, strict=True)):
            if t and x is not None and y is not None and not pd.isna(y):
                pts.append({"tr": tr, "i": i, "t": str(t), "pos": pos,
                            "cx": (float(x) - xr[0]) / (xr[1] - xr[0]) * pw,
                            "cy": (float(y) - yr[0]) / (yr[1] - yr[0]) * ph})

    def box(p: dict, texts: list[str]) -> tuple[float, float, float, float]:
        w, h = max(_label_px(t, font) for t in texts), font * 1.3 * len(texts)
        if "right" in p["pos"]:
            return p["cx"] + 8, p["cx"] + 8 + w, p["cy"] - h / 2, p["cy"] + h / 2
        if "bottom" in p["pos"]:
            return p["cx"] - w / 2, p["cx"] + w / 2, p["cy"] - 8 - h, p["cy"] - 8
        return p["cx"] - w / 2, p["cx"] + w / 2, p["cy"] + 8, p["cy"] + 8 + h

    clusters = [[p] for p in pts]
    merged = True
    while merged:
        merged = False
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                ba, bb = (box(max(c, key=lambda p: p["cy"]), _cluster_texts(c)) for c in (clusters[a], clusters[b]))
                if min(ba[1], bb[1]) > max(ba[0], bb[0]) and min(ba[3], bb[3]) > max(ba[2], bb[2]):
                    clusters[a] += clusters.pop(b)
                    merged = True
                    break
            if merged:
                break
    texts = {id(tr): list(tr.text) for tr in {id(p["tr"]): p["tr"] for p in pts}.values()}
    for c in clusters:
        if len(c) == 1:
            continue
        head = max(c, key=lambda p: p["cy"])
        for p in c:
            texts[id(p["tr"])][p["i"]] = "<br>".join(_cluster_texts(c)) if p is head else ""
    for tr in fig.data:
        if id(tr) in texts:
            tr.text = texts[id(tr)]


def _cluster_texts(cluster: list[dict]) -> list[str]:
    """The distinct labels of a cluster, highest first, '×n' after one repeated n times."""
    counts: dict[str, int] = {}
    for p in sorted(cluster, key=lambda p: -p["cy"]):
        counts[p["t"]] = counts.get(p["t"], 0) + 1
    return [t if n == 1 else f"{t} ×{n}" for t, n in counts.items()]


def caps_by_city(caps: pd.DataFrame, ctx: Context) -> go.Figure:
    """Total-water-use caps of each city (one line per city) over its stated target years."""
    lang, documents = ctx.lang, ctx.documents
    fig = go.Figure()
    for k, (jid, g) in enumerate(caps.groupby("jurisdiction_id", sort=False)):
        g = g.sort_values("target_year")
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int), y=g["value"], mode="lines+markers+text", name=jurisdiction_label(jid, lang),
            line={"color": jurisdiction_colour(jid), "width": 2},
            marker={"symbol": [jurisdiction_marker(jid, c) for c in g["comparator"]], "size": 13,
                    "color": jurisdiction_colour(jid), **marker_outline(jid)},
            text=[_fmt(v) for v in g["value"]], textposition="top center" if k % 2 == 0 else "bottom center", cliponaxis=False,
            hovertext=[hover(r, lang, extra=[f"{text('figure', 'growth', lang)}: {_fmt(r['annual_growth_pct'], 2)} %"]
                             if not pd.isna(r.get("annual_growth_pct")) else None) for _, r in g.iterrows()],
            hoverinfo="text",
        ))
    fig.update_xaxes(title=text("axis", "target_year", lang), dtick=5, tickformat="d")
    fig.update_yaxes(title=text("axis", "cap", lang), rangemode="tozero")
    if ctx.text_scale > 1 and len(caps):
        years, top = caps["target_year"].astype(int), float(caps["value"].max())
        fig.update_xaxes(range=[years.min() - 1.5, years.max() + 1.5])
        # Room under zero for the labels drawn below the lowest markers (clear of the year ticks).
        fig.update_yaxes(range=[-0.12 * top if top > 0 else -1, top * 1.2 if top > 0 else 1])
        merge_close_labels(fig, ctx, (WIDTH * 0.7, HEIGHT - 250))
    return apply_layout(fig, ctx.heading("caps_by_city"), _unit_subtitle(_first_unit(caps), lang, "▼ ≤"),
                        source_line(caps["document_id"], documents, lang), ctx)


def caps_indexed(caps: pd.DataFrame, ctx: Context) -> go.Figure:
    """Each jurisdiction's caps as an index of its first cap (= 100); nation and provinces dashed."""
    lang, documents = ctx.lang, ctx.documents
    fig = go.Figure()
    # Every series starts at 100: equal points are set side by side so that none hides another.
    caps = caps.assign(_dx=dodge(caps.assign(_i=caps["index_first_100"].round(1)), "target_year", "_i", 0.25)
                       if len(caps) else 0.0)
    for jid, g in caps.groupby("jurisdiction_id", sort=False):
        g = g.sort_values("target_year")
        is_reference = g.get("level", pd.Series(["prefecture"])).iloc[0] in ("national", "province")
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int) + g["_dx"], y=g["index_first_100"], mode="lines+markers",
            name=jurisdiction_label(jid, lang),
            line={"color": jurisdiction_colour(jid), "width": 2, "dash": "dash" if is_reference else "solid"},
            marker={"symbol": [jurisdiction_marker(jid, c) for c in g["comparator"]], "size": 11,
                    "color": jurisdiction_colour(jid), **marker_outline(jid)},
            hovertext=[hover(r, lang, extra=[
                f"{text('axis', 'index', lang)}: {_fmt(r['index_first_100'], 1)}",
                f"{text('figure', 'growth', lang)}: {_fmt(r['annual_growth_since_first_pct'], 2)} %"
                if not pd.isna(r["annual_growth_since_first_pct"]) else ""]) for _, r in g.iterrows()],
            hoverinfo="text",
        ))
    fig.add_hline(y=100, line={"color": "#999", "width": 1, "dash": "dot"})
    fig.update_xaxes(title=text("axis", "target_year", lang), dtick=5, tickformat="d")
    fig.update_yaxes(title=text("axis", "index", lang))
    return apply_layout(fig, ctx.heading("caps_indexed"), _unit_subtitle(None, lang, text("axis", "index", lang)),
                        source_line(caps["document_id"], documents, lang), ctx)


def intensity_reductions(reductions: pd.DataFrame, ctx: Context) -> go.Figure:
    """Annualised GDP and industrial intensity reductions, one horizontal bar per jurisdiction × target
    year (one panel per indicator, one line each, so a long list splits into pages rather than
    crowding); bars whose baseline was assumed are hatched and starred, the stated reduction and its
    period are written after each bar."""
    lang, documents = ctx.lang, ctx.documents
    indicators = list(dict.fromkeys(reductions["indicator_id"])) or ["-"]
    titles = [wrap(indicator_label(i, lang), 40 if lang == "zh" else 80) for i in indicators]
    counts = [max(1, int((reductions["indicator_id"] == i).sum())) for i in indicators]
    gap_lines = 2 + max(t.count("<br>") + 1 for t in titles)
    total = sum(counts) + gap_lines * (len(indicators) - 1)
    fig = make_subplots(rows=len(indicators), cols=1, subplot_titles=titles, row_heights=counts,
                        vertical_spacing=gap_lines / total if len(indicators) > 1 else 0.0)
    shown: set[str] = set()
    y_labels: list[str] = []
    top = float(reductions["annual_reduction_pct"].max()) if len(reductions) else 1.0
    for row, iid in enumerate(indicators, start=1):
        d = reductions[reductions["indicator_id"] == iid]
        order = []
        for jid, g in d.groupby("jurisdiction_id", sort=False):
            y = [f"{jurisdiction_label(jid, lang)} {int(t)}" for t in g["target_year"]]
            order += y
            labels = [f"−{_fmt(v, 1)}% {int(b)}→{int(t)}{'*' if a else ''}" for v, a, b, t in
                      zip(g["value"], g["is_baseline_assumed"], g["baseline_year_used"], g["target_year"], strict=True)]
            fig.add_trace(go.Bar(
                y=y, x=g["annual_reduction_pct"], orientation="h", name=jurisdiction_label(jid, lang), legendgroup=jid,
                showlegend=jid not in shown, marker={
                    "color": jurisdiction_colour(jid),
                    "pattern": {"shape": ["/" if a else "" for a in g["is_baseline_assumed"]], "fgcolor": "#fff"},
                    "line": {"color": ["#000" if a else jurisdiction_colour(jid) for a in g["is_baseline_assumed"]],
                             "width": [2 if a else 0 for a in g["is_baseline_assumed"]]},
                },
                text=labels, textposition="outside", textfont={"size": 11}, cliponaxis=False,
                hovertext=[hover(r, lang, extra=[
                    f"{text('axis', 'annual_reduction', lang)}: {_fmt(r['annual_reduction_pct'], 2)}",
                    f"{text('figure', 'baseline', lang)} {int(r['baseline_year_used'])}"
                    + (f" ({text('figure', 'assumed_baseline', lang)})" if r["is_baseline_assumed"] else "")])
                    for _, r in g.iterrows()],
                hoverinfo="text",
            ), row=row, col=1)
            shown.add(jid)
        y_labels += order
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, autorange="reversed",
                         row=row, col=1)
    # A legend entry that explains the hatching.
    fig.add_trace(go.Bar(x=[None], y=[None], orientation="h", name=f"* {text('figure', 'assumed_baseline', lang)}",
                         marker={"color": "#bbb", "pattern": {"shape": "/", "fgcolor": "#fff"},
                                 "line": {"color": "#000", "width": 2}}), row=1, col=1)
    # Room after the longest bar for its label.
    fig.update_xaxes(range=[0, top * 1.6 if top > 0 else 1], matches="x")
    fig.update_xaxes(title=text("axis", "annual_reduction", lang), row=len(indicators), col=1)
    fig.update_layout(barmode="overlay", bargap=0.25, showlegend=ctx.text_scale == 1.0)
    for ann in fig.layout.annotations[: len(titles)]:  # subplot titles: left-aligned over their panel
        ann.update(x=0, xanchor="left")
    sub = _unit_subtitle("%", lang, f"{text('figure', 'reduction_note', lang)} · * {text('figure', 'assumed_baseline', lang)}")
    fig = apply_layout(fig, ctx.heading("intensity_reductions"), sub,
                       source_line(reductions["document_id"], documents, lang), ctx, height=max(HEIGHT, 22 * total + 260))
    fig.update_layout(meta={"text_lines": total + 1.5}, margin={"l": left_for_labels(y_labels, lang)})
    fig.update_yaxes(automargin=False)
    return fig


def reference_chart(view: pd.DataFrame, ctx: Context) -> go.Figure:
    """One indicator's city targets as markers, with the nation's and provinces' targets as dashed
    reference lines (a wide dash at each reference year)."""
    lang, documents = ctx.lang, ctx.documents
    fig = go.Figure()
    indicator_id = ctx.indicator_id
    view = view[view["indicator_id"] == indicator_id]
    levels = view["level"] if "level" in view else pd.Series("prefecture", index=view.index)
    refs, cities = view[levels.isin(["national", "province"])], view[~levels.isin(["national", "province"])]
    for jid, g in refs.groupby("jurisdiction_id", sort=False):
        g = g.sort_values("target_year")
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int), y=g["value"], mode="lines+markers",
            name=jurisdiction_label(jid, lang) + aside(text("figure", "reference", lang), lang),
            line={"color": jurisdiction_colour(jid), "dash": "dash", "width": 1.5, "shape": "hv"},
            marker={"symbol": "line-ew-open", "size": 30, "color": jurisdiction_colour(jid),
                    "line": {"width": 3, "color": jurisdiction_colour(jid)}},
            hovertext=[hover(r, lang) for _, r in g.iterrows()], hoverinfo="text",
        ))
    cities = cities.assign(_dx=dodge(cities, "target_year", "value") if len(cities) else 0.0)
    for jid, g in cities.groupby("jurisdiction_id", sort=False):
        g = g.sort_values("target_year")
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int) + g["_dx"], y=g["value"], mode="markers+text",
            name=jurisdiction_label(jid, lang),
            marker={"symbol": [jurisdiction_marker(jid, c) for c in g["comparator"]], "size": 15,
                    "color": jurisdiction_colour(jid),
                    **marker_outline(jid, {"width": 1, "color": "#fff"})},
            text=[f"{comparator_text(c, lang).split(' ')[0]}{_fmt(v)}" for c, v in zip(g["comparator"], g["value"],
                                                                                       strict=True)],
            textposition="middle right", cliponaxis=False,
            hovertext=[hover(r, lang) for _, r in g.iterrows()], hoverinfo="text",
        ))
    unit = _first_unit(view)
    fig.update_xaxes(title=text("axis", "target_year", lang), dtick=1, tickformat="d")
    fig.update_yaxes(title=f"{indicator_label(indicator_id, lang)} ({unit_label(unit, lang)})")
    if ctx.text_scale > 1 and len(view):
        years, values = view["target_year"].astype(int), view["value"].astype(float)
        span = float(values.max() - values.min()) or abs(float(values.max())) or 1.0
        fig.update_xaxes(range=[years.min() - 0.8, years.max() + 1.6], dtick=1 if years.max() - years.min() < 8 else 2)
        fig.update_yaxes(range=[float(values.min()) - 0.15 * span, float(values.max()) + 0.15 * span])
        merge_close_labels(fig, ctx, (WIDTH * 0.6, HEIGHT - 250))
    return apply_layout(fig, ctx.heading(), _unit_subtitle(unit, lang, "▲ ≥ · ▼ ≤"),
                        source_line(view["document_id"], documents, lang), ctx)


def verdict_text(row: pd.Series, lang: str) -> str:
    """One cascade pair in words: 较山西省更严 / vs Shanxi: stricter for a same-year verdict, and for a
    pair of different years (`context`) the reference's year and that it is not compared."""
    ref = jurisdiction_label(row["reference_jurisdiction_id"], lang)
    if row["verdict"] == analysis.CONTEXT:
        return text("figure", "context_vs", lang).format(ref=ref, year=int(row["reference_target_year"]))
    return text("figure", "verdict_vs", lang).format(ref=ref, verdict=text("class", row["verdict"], lang))


#: Cascade chart: the share of the width for the values (the rest holds the verdicts), px per text line.
_CASCADE_DOMAIN = 0.5
_CASCADE_LINE_PX = 19
_CONTEXT_GREY = "#777"


def cascade(cas: pd.DataFrame, ctx: Context) -> go.Figure:
    """Each target against every level above, one panel per comparable indicator, one row per
    jurisdiction × target year: the target (▲/▼ in the jurisdiction's colour) and each level above's
    target (a short vertical dash in that level's colour) on the value axis, and in a column to the
    right one line per level above — ■ in its colour, then the verdict.  Only same-year pairs get a
    verdict; a level above's target for another year is drawn faded and written, in grey, as not
    compared.  Reductions are compared on the annualised rate."""
    lang, documents = ctx.lang, ctx.documents
    indicators = list(dict.fromkeys(cas["indicator_id"])) or ["-"]
    key = ["jurisdiction_id", "target_year"]
    panels, titles = [], []
    for iid in indicators:
        d = cas[cas["indicator_id"] == iid]
        d = d.assign(_y=[f"{jurisdiction_label(j, lang)} {int(y)}"
                         for j, y in zip(d["jurisdiction_id"], d["target_year"], strict=True)])
        panels.append(d)
        basis = d["comparison_basis"].iloc[0] if len(d) else "value"
        unit = text("axis", "annual_reduction", lang) if basis == "annual_reduction" else unit_label(_first_unit(d), lang)
        titles.append(wrap(f"{indicator_label(iid, lang)} ({unit})", 30 if lang == "zh" else 52))
    # One text line per pair, at least two per row, so that the verdicts never run into each other.
    lines = [max(2, len(d)) if d.empty else int(d.groupby(key, sort=False).size().clip(lower=2).sum()) for d in panels]
    # Between panels: the x tick labels, the next panel's title (one line or more) and a line of air.
    gap_lines = 2 + max(t.count("<br>") + 1 for t in titles)
    gap_px = gap_lines * _CASCADE_LINE_PX
    plot_px = sum(lines) * _CASCADE_LINE_PX + gap_px * (len(panels) - 1)
    fig = make_subplots(rows=len(panels), cols=1, subplot_titles=titles, row_heights=lines,
                        vertical_spacing=gap_px / plot_px if len(panels) > 1 else 0.0)
    for row_i, d in enumerate(panels, start=1):
        for ref_id, g in d.groupby("reference_jurisdiction_id", sort=False):
            for is_context, gg in g.groupby(g["verdict"] == analysis.CONTEXT, sort=True):
                fig.add_trace(go.Scatter(
                    x=gg["reference_comparison_value"], y=gg["_y"], mode="markers", showlegend=False,
                    name=jurisdiction_label(ref_id, lang),
                    marker={"symbol": "line-ns-open", "size": 16, "color": jurisdiction_colour(ref_id),
                            "line": {"width": 3, "color": jurisdiction_colour(ref_id)},
                            "opacity": 0.35 if is_context else 1.0},
                    hovertext=[f"<b>{jurisdiction_label(ref_id, lang)}</b> · {int(r['reference_target_year'])}"
                               f"<br>{_fmt(r['reference_comparison_value'], 3)}<br>{verdict_text(r, lang)}"
                               for _, r in gg.iterrows()],
                    hoverinfo="text",
                ), row=row_i, col=1)
        own = d.drop_duplicates(key)
        for jid, g in own.groupby("jurisdiction_id", sort=False):
            fig.add_trace(go.Scatter(
                x=g["comparison_value"], y=g["_y"], mode="markers", showlegend=False,
                name=jurisdiction_label(jid, lang),
                marker={"symbol": [jurisdiction_marker(jid, c) for c in g["comparator"]], "size": 13,
                        "color": jurisdiction_colour(jid),
                        **marker_outline(jid, {"width": 1, "color": "#fff"})},
                hovertext=[hover(r, lang, value_col="value", extra=[
                    f"{text('axis', 'comparison_value', lang)}: {_fmt(r['comparison_value'], 3)}"])
                    for _, r in g.iterrows()],
                hoverinfo="text",
            ), row=row_i, col=1)
        axis = "" if row_i == 1 else str(row_i)
        for (_, _), g in d.groupby(key, sort=False):
            said = []
            for _, r in g.iterrows():
                line = f"<span style='color:{jurisdiction_colour(r['reference_jurisdiction_id'])}'>■</span> "
                line += (f"<span style='color:{_CONTEXT_GREY}'>{verdict_text(r, lang)}</span>"
                         if r["verdict"] == analysis.CONTEXT else verdict_text(r, lang))
                said.append(line)
            fig.add_annotation(x=1.02, xref=f"x{axis} domain", y=g["_y"].iloc[0], yref=f"y{axis}", text="<br>".join(said),
                               showarrow=False, xanchor="left", yanchor="middle", align="left")
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(dict.fromkeys(d["_y"])),
                         autorange="reversed", automargin=True, row=row_i, col=1)
    fig.update_xaxes(domain=[0, _CASCADE_DOMAIN], automargin=True)
    for ann in fig.layout.annotations[: len(titles)]:  # subplot titles: over the values, left-aligned
        ann.update(x=0, xanchor="left", font={"size": 14})
    sub = (f"▲ ≥ · ▼ ≤ · │ {text('figure', 'reference', lang)} · "
           f"{text('figure', 'same_year_only', lang)}")
    fig = apply_layout(fig, ctx.heading("cascade"), sub,
                       source_line(pd.concat([cas["document_id"], cas["reference_document_id"]]), documents, lang),
                       ctx, height=plot_px + 130 + 90)  # apply_layout's top and bottom margins
    # A wrapped first panel title needs room under the chart's title.
    extra = 18 * titles[0].count("<br>")
    y_labels = [y for d in panels for y in d["_y"]]
    fig.update_layout(showlegend=False, meta={"text_lines": sum(lines) + gap_lines * (len(panels) - 1)},
                      margin={"t": fig.layout.margin.t + extra, "l": left_for_labels(y_labels, lang)},
                      height=fig.layout.height + extra)
    fig.update_yaxes(automargin=False)
    return fig


def _in_order(values: pd.Series, order) -> list[str]:
    """The distinct `values` in vocabulary `order`, then any not in it, sorted."""
    present = set(values)
    ordered = [v for v in order if v in present]
    return ordered + sorted(present - set(ordered))


def _scope(scope: str, lang: str) -> str:
    """A scope in `lang`; one the vocabulary has no English for is quoted as written 「…」."""
    words, as_written = scope_label(scope, lang)
    return quoted(words, lang) if as_written else words


def undated_targets(targets: pd.DataFrame, ctx: Context) -> go.Figure:
    """Targets of one indicator that state no year: one marker per target (▲ floor, ▼ cap), one
    column per jurisdiction and scope, the quote in the hover box."""
    lang, documents = ctx.lang, ctx.documents
    iid = targets["indicator_id"].iloc[0]
    unit = _first_unit(targets)
    sep = colon(lang)
    fig = go.Figure()
    for jid, g in targets.groupby("jurisdiction_id", sort=False):
        x = [jurisdiction_label(jid, lang) + (f" · {plotly_text(_scope(s, lang))}" if isinstance(s, str) and s else "")
             for s in g["scope_zh"]]
        fig.add_trace(go.Scatter(
            x=x, y=g["value"], mode="markers+text", name=jurisdiction_label(jid, lang),
            marker={"symbol": [jurisdiction_marker(jid, c) for c in g["comparator"]], "size": 15,
                    "color": jurisdiction_colour(jid), **marker_outline(jid)},
            text=[f"{comparator_text(c, lang).split(' ')[0]}{_fmt(v)}"
                  for c, v in zip(g["comparator"], g["value"], strict=True)], textposition="middle right", cliponaxis=False,
            hovertext=[wrap(q) for q in g["quote_zh"]], hoverinfo="text",
        ))
    fig.update_yaxes(title=f"{indicator_label(iid, lang)} ({unit_label(unit, lang)})", rangemode="tozero")
    title = f"{indicator_label(iid, lang)}{sep}{text('report', 'chart_title_suffix', lang)}"
    sub = (f"{text('figure', 'units', lang)}{sep}{unit_label(unit, lang)} · "
           f"{text('report', 'years', lang)}{sep}{text('report', 'no_year', lang)}")
    return apply_layout(fig, ctx.title or title, sub, source_line(targets["document_id"], documents, lang), ctx,
                        height=520)


#: Characters per line of the coverage chart's row labels (indicators), and Latin letters' width in em.
COVERAGE_LABEL_CHARS = {"zh": 12, "en": 26}
EM = {"zh": 1.0, "en": 0.55}


def coverage_left_px(body_px: float, lang: str) -> float:
    """The width of the coverage chart's row labels at a body font of `body_px`."""
    return COVERAGE_LABEL_CHARS[lang] * EM[lang] * body_px + 16


#: A line of text in font sizes (compare.presets.LINE_SPACING).
LINE_SPACING_EM = 1.45


def _room_for_top_labels(fig: go.Figure, labels: list[str], lang: str, upright: bool) -> go.Figure:
    """Grow the top margin by the height of x tick labels drawn above the plot (upright: their longest
    line; else their lines), so that they stay clear of the title block (presets.apply scales it)."""
    lines = [line for x in labels for line in x.split("<br>")] or [""]
    if upright:
        extra = max(len(x) for x in lines) * EM[lang] * BODY_PX + 12
    else:
        extra = max(x.count("<br>") + 1 for x in labels or [""]) * LINE_SPACING_EM * BODY_PX + 8
    fig.update_layout(margin={"t": fig.layout.margin.t + extra}, height=fig.layout.height + extra)
    return fig


#: The body font apply_layout draws with (px).
BODY_PX = 13


def left_for_labels(labels: list[str], lang: str, floor: float = 80) -> float:
    """A left margin (px at BODY_PX) that holds the widest of `labels` (lines split at <br>), so that
    the plot and the source line under it start where the labels end; presets.apply scales it."""
    lines = [line for x in labels for line in str(x).split("<br>")] or [""]
    widest = max(sum(1.0 if ord(c) > 0x2E7F else EM["en"] for c in line) for line in lines)
    return max(floor, widest * BODY_PX + 16)


def _top(counts) -> float:
    """The top of a count grid's colour scale: its largest count, at least 1 (an all-empty page stays grey)."""
    top = pd.Series(counts.ravel()).max()
    return 1.0 if pd.isna(top) else max(1.0, float(top))


def coverage(cov: pd.DataFrame, ctx: Context) -> go.Figure:
    """Indicators (rows) × jurisdictions (columns): the number of target years in each cell (empty: no
    target), darker for more; the years themselves in the hover box and the data file.  Upright place
    names, so that many places fit across; a long grid is split into pages by catalogue.pages."""
    lang, documents = ctx.lang, ctx.documents
    jids = list(dict.fromkeys(cov["jurisdiction_id"]))
    iids = list(dict.fromkeys(cov["indicator_id"]))
    z = analysis.coverage_grid(cov, "n_years").reindex(index=jids, columns=iids)
    years = analysis.coverage_grid(cov, "years").reindex(index=jids, columns=iids)
    no = text("figure", "no_target", lang)
    chars = COVERAGE_LABEL_CHARS[lang]
    row_labels = ["<br>".join(textwrap.wrap(indicator_label(i, lang), chars)) for i in iids]
    col_names = [jurisdiction_label(j, lang) for j in jids]
    counts = z.T.to_numpy(dtype=float)
    cell = [[str(int(v)) if v and not math.isnan(v) else "" for v in row] for row in counts]
    hovers = [[f"{indicator_label(i, lang)} · {jurisdiction_label(j, lang)}<br>"
               + ((years.loc[j, i] or "").replace(",", ", ") or no) for j in jids] for i in iids]
    fig = go.Figure(go.Heatmap(
        z=counts, x=col_names, y=row_labels, text=cell, texttemplate="%{text}",
        colorscale=[[0, "#f7f7f7"], [0.001, "#deebf7"], [1, "#08519c"]], zmin=0,
        zmax=_top(counts), showscale=False,
        xgap=2, ygap=2, customdata=hovers, hovertemplate="%{customdata}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(tickangle=-90, side="top", automargin=True)
    ids = documents["document_id"] if documents is not None else []  # every document was read for it
    sub = f"{text('axis', 'n_years', lang)} · {no} = □"
    row_lines = max((x.count("<br>") + 1 for x in row_labels), default=1) * len(row_labels)
    if documents is not None:  # every document of these places was read for it
        ids = documents.loc[documents["jurisdiction_id"].isin(jids), "document_id"]
    sources = source_line(ids, documents, lang)
    if ctx.text_scale > 1 and len(ids) > 8:  # on a printed page: the count, and where the list is
        sources = (f"{text('figure', 'sources', lang)}{colon(lang)}"
                   f"{text('figure', 'documents_read', lang, n=len(set(ids)))}")
    fig = apply_layout(fig, ctx.heading("coverage"), sub, sources, ctx,
                       width=max(WIDTH, 34 * len(jids) + 300), height=28 * row_lines + 320)
    fig.update_layout(meta={"text_lines": row_lines * 1.15}, margin={"l": coverage_left_px(BODY_PX, lang)})
    fig.update_yaxes(automargin=False)
    return _room_for_top_labels(fig, col_names, lang, upright=True)


#: Small multiples: lines of body text a panel's plot is tall at a preset; panels per row at a preset.
PANEL_LINES = 7
PANEL_COLUMNS_AT_PRESET = 2


@dataclass(frozen=True)
class PanelGrid:
    """The layout of a small-multiples chart: panels per row, rows, the panel titles wrapped to the
    panel width, the spacing between rows and the lines of text the plot takes (layout.meta)."""

    cols: int
    rows: int
    titles: list[str]
    vertical_spacing: float
    text_lines: float
    title_lines: int


def panel_grid(titles: list[str], ctx: Context, columns: int) -> PanelGrid:
    """Lay out `titles` (one per panel) in rows of `columns` panels on screen, fewer at a preset, with
    room between rows for the x tick labels and the next row's (wrapped) titles."""
    cols = ctx.columns or (PANEL_COLUMNS_AT_PRESET if ctx.text_scale > 1 else columns)
    cols = max(1, min(cols, len(titles)))
    rows = math.ceil(len(titles) / cols)
    chars = max(6, int((WIDTH / cols - 50) / (BODY_PX * ctx.text_scale * EM[ctx.lang])))
    wrapped = ["<br>".join(textwrap.wrap(t, chars)) or t for t in titles]
    title_lines = max(w.count("<br>") + 1 for w in wrapped)
    gap = title_lines + 2.7
    total = rows * PANEL_LINES + (rows - 1) * gap
    return PanelGrid(cols, rows, wrapped, gap / total if rows > 1 else 0.0, total, title_lines)


def _pad_panels(fig: go.Figure, values_by_panel: list[pd.Series], categories: list[int] | None = None) -> None:
    """Room in each panel for the value labels above and below the markers (nothing clipped or run
    into the panel title), and half a category beside the first and last (clear of the y ticks)."""
    for k, values in enumerate(values_by_panel, start=1):
        v = pd.to_numeric(values, errors="coerce").dropna()
        if v.empty:
            continue
        lo, hi = min(0.0, float(v.min())), max(0.0, float(v.max()))
        span = (hi - lo) or abs(hi) or 1.0
        suffix = "" if k == 1 else str(k)
        fig.layout[f"yaxis{suffix}"].range = [lo - (0.3 * span if lo < 0 else 0.0), hi + 0.35 * span]
        if categories is not None:
            fig.layout[f"xaxis{suffix}"].range = [-0.6, categories[k - 1] - 0.4]


def _label_px(label: str, font: float) -> float:
    return sum(1.0 if ord(c) > 0x2E7F else 0.6 for c in str(label)) * font


def _thin_panel_labels(fig: go.Figure, grid: PanelGrid, ctx: Context) -> None:
    """At a preset, blank each value label that would run into another label of its panel (value labels
    above their marker first, the latest year first); the value stays in the hover box and the data."""
    font = BODY_PX * ctx.text_scale
    pw, ph = WIDTH / grid.cols * 0.85 - 60, PANEL_LINES * LINE_SPACING_EM * font
    by_axis: dict[str, list] = {}
    for tr in fig.data:
        if tr.text is not None and tr.x is not None:
            by_axis.setdefault(tr.xaxis or "x", []).append(tr)
    for axis, traces in by_axis.items():
        suffix = axis[1:]
        xs = [float(x) for tr in traces for x in tr.x if x is not None]
        yr = fig.layout[f"yaxis{suffix}"].range
        if not xs or yr is None:
            continue
        # Room beside the first and last year for half the widest label (and a year tick).
        half = max([_label_px("2020", font), *(_label_px(t, font) for tr in traces for t in tr.text if t)]) / 2 + 4
        span = max(xs) - min(xs)
        pad = max(1.0, half * span / max(pw - 2 * half, 1.0)) if span else 1.0
        x0, x1 = min(xs) - pad, max(xs) + pad
        fig.layout[f"xaxis{suffix}"].range = [x0, x1]
        y0, y1 = yr
        cands = [(float(x), float(y), t, tr, i, "bottom" in (tr.textposition or ""))
                 for tr in traces for i, (x, y, t) in enumerate(zip(tr.x, tr.y, tr.text, strict=True))
                 if t and x is not None and y is not None and not pd.isna(y)]
        cands.sort(key=lambda c: (c[5], -c[0]))
        kept, blank = [], set()
        for x, y, t, tr, i, below in cands:
            cx, cy, w, h = (x - x0) / (x1 - x0) * pw, (y - y0) / ((y1 - y0) or 1) * ph, _label_px(t, font), font * 1.25
            box = (cx - w / 2, cx + w / 2, cy - 8 - h, cy - 8) if below else (cx - w / 2, cx + w / 2, cy + 8, cy + 8 + h)
            if any(min(box[1], k[1]) > max(box[0], k[0]) and min(box[3], k[3]) > max(box[2], k[2]) for k in kept):
                blank.add((id(tr), i))
            else:
                kept.append(box)
        for tr in traces:
            tr.text = ["" if (id(tr), i) in blank else t for i, t in enumerate(tr.text)]


def city_profile(profile: pd.DataFrame, ctx: Context) -> go.Figure:
    """Small multiples of every dated target of one jurisdiction: one panel per indicator, one marker
    per target year (▲ floor, ▼ cap), each panel titled with the indicator and its unit."""
    lang, documents, jurisdiction_id = ctx.lang, ctx.documents, ctx.jurisdiction_id
    iids = list(dict.fromkeys(profile["indicator_id"])) or ["-"]
    grid = panel_grid([f"{indicator_label(i, lang)} ({unit_label(_first_unit(profile[profile['indicator_id'] == i]), lang)})"
                       for i in iids], ctx, PROFILE_COLUMNS)
    cols, rows = grid.cols, grid.rows
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=grid.titles, vertical_spacing=grid.vertical_spacing,
                        horizontal_spacing=0.1 if cols <= 2 else 0.06)
    colour = jurisdiction_colour(jurisdiction_id)
    values, categories = [], []
    for k, iid in enumerate(iids):
        g = profile[profile["indicator_id"] == iid].sort_values("target_year")
        values.append(g["value"])
        categories.append(g["target_year"].nunique())
        if g.empty:
            continue
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int).astype(str), y=g["value"], mode="lines+markers+text", showlegend=False,
            line={"color": colour, "width": 1, "dash": "dot"},
            marker={"symbol": [comparator_marker(c) for c in g["comparator"]], "size": 12, "color": colour},
            text=[_fmt(v) for v in g["value"]], textposition="top center", textfont={"size": 10}, cliponaxis=False,
            hovertext=[hover(r, lang) for _, r in g.iterrows()], hoverinfo="text",
        ), row=k // cols + 1, col=k % cols + 1)
    fig.update_annotations(font={"size": 11}, yshift=10)  # clear of the top y tick
    fig.update_yaxes(rangemode="tozero", nticks=4)
    fig.update_xaxes(type="category")
    _pad_panels(fig, values, categories)
    title = ctx.title or titled(jurisdiction_label(jurisdiction_id, lang), text("chart", "city_profile", lang), lang)
    fig = apply_layout(fig, title, "▲ ≥ · ▼ ≤ · ● =", source_line(profile["document_id"], documents, lang), ctx,
                       height=max(HEIGHT, 250 * rows + 160))
    extra = (grid.title_lines - 1) * LINE_SPACING_EM * BODY_PX
    fig.update_layout(meta={"text_lines": grid.text_lines}, margin={"t": fig.layout.margin.t + extra},
                      height=fig.layout.height + extra)
    return fig


def targets_vs_outcomes(panels: pd.DataFrame, ctx: Context) -> go.Figure:
    """One panel per jurisdiction × indicator with both: the targets (▲/▼ on a dashed line, value above)
    and the reported values (●, value below); disagreeing sources for one year are drawn side by side
    as ◆.  At a preset only the latest reported value of a panel is written (the rest: hover, data)."""
    lang, documents = ctx.lang, ctx.documents
    pairs = list(dict.fromkeys(zip(panels["jurisdiction_id"], panels["indicator_id"], strict=True))) or [("-", "-")]
    grid = panel_grid([
        f"{jurisdiction_label(j, lang)} · {indicator_label(i, lang)} ({unit_label(_first_unit(panels[(panels['jurisdiction_id'] == j) & (panels['indicator_id'] == i)]), lang)})"
        for j, i in pairs], ctx, 3)
    cols, rows, titles = grid.cols, grid.rows, grid.titles
    at_preset = ctx.text_scale > 1
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, vertical_spacing=grid.vertical_spacing,
                        horizontal_spacing=0.1 if cols <= 2 else 0.07)
    shown: set[str] = set()
    values = []
    for k, (jid, iid) in enumerate(pairs):
        d = panels[(panels["jurisdiction_id"] == jid) & (panels["indicator_id"] == iid)]
        values.append(d["value"])
        colour = jurisdiction_colour(jid)
        t = d[d["series"] == "target"].sort_values("year")
        o = d[d["series"] == "outcome"].sort_values("year")
        pos = {"row": k // cols + 1, "col": k % cols + 1}
        name_t, name_o = text("figure", "target", lang), text("figure", "outcome", lang)
        for base, tb in t.groupby(t["baseline_year"].astype("Float64"), dropna=False, sort=True):
            fig.add_trace(go.Scatter(
                x=tb["year"].astype(int), y=tb["value"], mode="lines+markers+text", name=name_t, legendgroup="target",
                showlegend="target" not in shown, line={"color": colour, "dash": "dash"},
                marker={"symbol": [comparator_marker(c) for c in tb["comparator"]], "size": 13, "color": colour},
                text=[_fmt(v) + ("" if pd.isna(base) else f" ({int(base)}→)") for v in tb["value"]],
                textposition="top center", textfont={"size": 9}, cliponaxis=False,
                hovertext=[hover(r.rename({"year": "target_year"}), lang) for _, r in tb.iterrows()], hoverinfo="text",
            ), **pos)
            shown.add("target")
        conflict = o["is_conflicting"].astype(bool)
        labels = [_fmt(v) + ("" if pd.isna(b) else f" ({int(b)}→)") for v, b in zip(o["value"], o["baseline_year"],
                                                                                    strict=True)]
        if at_preset and len(o):
            last = o["year"].max()
            labels = [x if y == last and (not c or i == int(conflict.to_numpy().nonzero()[0].max())) else ""
                      for i, (x, y, c) in enumerate(zip(labels, o["year"], conflict, strict=True))]
        fig.add_trace(go.Scatter(
            x=o["year"].astype(int) + [0.15 * (i % 2 * 2 - 1) if c else 0 for i, c in enumerate(conflict)],
            y=o["value"], mode="markers+text", name=name_o, legendgroup="outcome",
            showlegend="outcome" not in shown,
            marker={"symbol": ["diamond" if c else "circle" for c in conflict], "size": 11, "color": "#fff",
                    "line": {"color": colour, "width": 2.5}},
            text=labels, textposition="bottom center", textfont={"size": 9}, cliponaxis=False,
            hovertext=[_outcome_hover(r, lang) for _, r in o.iterrows()], hoverinfo="text",
        ), **pos)
        shown.add("outcome")
        if conflict.any() and not at_preset:  # on a page the ◆ and the unit line say it
            fig.add_annotation(text=f"◆ {text('figure', 'conflicting', lang)}", xref=f"x{k + 1 if k else ''} domain",
                               yref=f"y{k + 1 if k else ''} domain", x=0.02, y=0.98, showarrow=False,
                               xanchor="left", yanchor="top", font={"size": 10, "color": "#B00"})
    _pad_panels(fig, values)
    if at_preset:
        fig.update_layout(showlegend=False)  # the unit line says what ▲ ▼ ● ◆ stand for
        _thin_panel_labels(fig, grid, ctx)
    fig.update_xaxes(dtick=5 if at_preset else 2, tickformat="d")
    if at_preset:  # a year tick at the panel's edge would run into the y ticks
        fig.update_xaxes(ticklabeloverflow="hide past domain")
    fig.update_yaxes(nticks=4)
    fig.update_annotations(font={"size": 11}, yshift=10)  # subplot titles clear of the top y tick
    sub = (f"▲ ≥ · ▼ ≤ {text('figure', 'target', lang)} · ● {text('figure', 'outcome', lang)} · "
           f"◆ {text('figure', 'conflicting', lang)} · (2015→) {text('figure', 'baseline', lang)}")
    fig = apply_layout(fig, ctx.heading("targets_vs_outcomes"), sub,
                       source_line(panels["document_id"], documents, lang, extra=text("figure", "outcome_sources", lang)),
                       ctx, height=max(HEIGHT, 300 * rows + 120))
    extra = (grid.title_lines - 1) * LINE_SPACING_EM * BODY_PX
    fig.update_layout(meta={"text_lines": grid.text_lines}, margin={"t": fig.layout.margin.t + extra},
                      height=fig.layout.height + extra)
    return fig


def _outcome_hover(row: pd.Series, lang: str) -> str:
    lines = [f"<b>{jurisdiction_label(row['jurisdiction_id'], lang)}</b> · {int(row['year'])} · "
             f"{text('figure', 'outcome', lang)}", f"{_fmt(row['value'])} {unit_label(row.get('unit'), lang)}"]
    if not pd.isna(row.get("baseline_year")):
        lines.append(f"{text('figure', 'baseline', lang)} {int(row['baseline_year'])}")
    met = row.get("is_met")
    if met is not None and not pd.isna(met):
        lines.append(text("figure", "met" if met else "not_met", lang))
    if bool(row.get("is_conflicting")):
        lines.append(f"◆ {text('figure', 'conflicting', lang)}")
    if isinstance(row.get("note"), str):
        lines.append(wrap(row["note"]))
    if isinstance(row.get("source_url"), str):
        lines.append(wrap(row["source_url"], 60))
    return "<br>".join(lines)


# --------------------------------------------------------------------------- responsibilities

_ROLE_COLOURS = {"participant": "#c6dbef", "lead": "#08519c"}


def agency_colour(agency_id: str) -> str:
    """The one colour of an agency in every chart (its place in agencies.yaml; palette.yaml `agencies`,
    at least one colour per agency of the vocabulary)."""
    colours = palette()["agencies"]
    order = list(metadata.agency_specs())
    i = order.index(agency_id) if agency_id in order else sum(map(ord, str(agency_id)))
    return colours[i % len(colours)]


def _discrete_scale(colours: list[str]) -> list[list]:
    """A Plotly colourscale giving z = 0, 1, … k-1 the k colours (use zmin=-0.5, zmax=k-0.5)."""
    k = max(len(colours), 1)
    scale = []
    for i, colour in enumerate(colours or ["#ffffff"]):
        scale += [[i / k, colour], [(i + 1) / k, colour]]
    return scale


def _wrapped(label: str, lang: str, zh: int, en: int) -> str:
    return "<br>".join(textwrap.wrap(label, zh if lang == "zh" else en)) or label


def responsibility_matrix(matrix: pd.DataFrame, ctx: Context) -> go.Figure:
    """One city's task-division annex as agencies (rows, agencies.yaml order) × harmonised tasks (columns,
    tasks.yaml order): dark where the agency leads the task, light where it only takes part; a number
    counts the annex entries when there is more than one.  `matrix` is analysis.agency_task_matrix for
    the city (a `document_ids` column, when present, feeds the source line)."""
    lang, documents, jurisdiction_id = ctx.lang, ctx.documents, ctx.jurisdiction_id
    tids = _in_order(matrix["task_id"], analysis.task_order())
    aids = _in_order(matrix["agency_id"], analysis.agency_order())
    m = matrix.set_index(["agency_id", "task_id"])
    lead, part = text("responsibility", "lead", lang), text("responsibility", "participant", lang)
    z, cell, hovers = [], [], []
    for a in aids:
        z_row, cell_row, hover_row = [], [], []
        for t in tids:
            if (a, t) not in m.index:
                z_row.append(None)
                cell_row.append("")
                hover_row.append("")
                continue
            r = m.loc[(a, t)]
            is_lead = r["role"] == "lead"
            z_row.append(1 if is_lead else 0)
            cell_row.append(str(int(r["n_rows"])) if int(r["n_rows"]) > 1 else "")
            hover_row.append(f"<b>{agency_label(a, lang)}</b><br>{task_label(t, lang)}<br>"
                             f"{lead}: {int(r['n_lead'])} · {part}: {int(r['n_participant'])}")
        z.append(z_row)
        cell.append(cell_row)
        hovers.append(hover_row)
    tchars, achars = MATRIX_TASK_CHARS[lang], MATRIX_AGENCY_CHARS[lang]
    x_labels = [_wrapped(task_label(t, lang), lang, tchars, tchars) for t in tids]
    y_labels = [_wrapped(agency_label(a, lang), lang, achars, achars) for a in aids]
    fig = go.Figure(go.Heatmap(
        z=z, x=x_labels, y=y_labels, text=cell, texttemplate="%{text}", textfont={"size": 9},
        customdata=hovers, hovertemplate="%{customdata}<extra></extra>",
        colorscale=_discrete_scale([_ROLE_COLOURS["participant"], _ROLE_COLOURS["lead"]]), zmin=-0.5, zmax=1.5,
        xgap=1, ygap=1,
        colorbar={"tickvals": [0, 1], "ticktext": [part, lead], "len": 0.3, "y": 1, "yanchor": "top"},
        showscale=ctx.text_scale == 1.0,  # on a page the unit line says dark = lead, light = participant
    ))
    fig.update_yaxes(autorange="reversed", tickfont={"size": 10}, automargin=True)
    fig.update_xaxes(tickangle=-90, tickfont={"size": 10}, side="top", automargin=True)
    docs = []
    if "document_ids" in matrix:
        docs = [d for ids in matrix["document_ids"].dropna() for d in str(ids).split(", ")]
    title = ctx.title or titled(jurisdiction_label(jurisdiction_id, lang), text("responsibility", "matrix_title", lang),
                                lang)
    fig = apply_layout(fig, title, text("responsibility", "matrix_note", lang), source_line(docs, documents, lang),
                       ctx, width=max(WIDTH, 40 * len(tids) + 420), height=30 * len(aids) + 360)
    rows = max((y.count("<br>") + 1 for y in y_labels), default=1) * len(y_labels)
    fig.update_layout(meta={"text_lines": rows * 1.15}, margin={"l": matrix_left_px(BODY_PX, lang)})
    fig.update_yaxes(automargin=False)
    return _room_for_top_labels(fig, x_labels, lang, upright=True)


#: Characters per line of the responsibility matrix's task (column) and agency (row) labels.
MATRIX_TASK_CHARS = {"zh": 12, "en": 24}
MATRIX_AGENCY_CHARS = {"zh": 10, "en": 24}


def matrix_left_px(body_px: float, lang: str) -> float:
    """The width of the responsibility matrix's row labels at a body font of `body_px`."""
    return MATRIX_AGENCY_CHARS[lang] * EM[lang] * body_px + 16


def task_leads(leads: pd.DataFrame, ctx: Context) -> go.Figure:
    """Harmonised tasks (rows, tasks.yaml order) × cities (columns): each cell coloured by the agency that
    leads the task there (`main_agency_id` of analysis.task_leads, one colour per agency in every chart)
    and named in it, +n when n more agencies share the lead; hover gives the lead units and the task as
    written in the annex.  Empty cells: the city's annex has no such task."""
    lang, documents = ctx.lang, ctx.documents
    tids = _in_order(leads["task_id"], analysis.task_order())
    jids = _in_order(leads["jurisdiction_id"], analysis.jurisdiction_order())
    mains = _in_order(leads["main_agency_id"], analysis.agency_order())
    index = {a: i for i, a in enumerate(mains)}
    by_cell = leads.set_index(["task_id", "jurisdiction_id"])
    sep = colon(lang)
    z, cell, hovers = [], [], []
    for t in tids:
        z_row, cell_row, hover_row = [], [], []
        for j in jids:
            if (t, j) not in by_cell.index:
                z_row.append(None)
                cell_row.append("")
                hover_row.append("")
                continue
            r = by_cell.loc[(t, j)]
            z_row.append(index[r["main_agency_id"]])
            extra = int(r["n_lead_agencies"]) - 1
            cell_row.append(_cell_name(agency_label(r["main_agency_id"], lang), lang) + (f" +{extra}" if extra else ""))
            lines = [f"<b>{task_label(t, lang)}</b> · {jurisdiction_label(j, lang)}",
                     f"{text('responsibility', 'main_lead', lang)}{sep}{agency_label(r['main_agency_id'], lang)}"]
            others = [a for a in str(r["lead_agency_ids"]).split(", ")[1:] if a]
            if others:
                lines.append(f"{text('responsibility', 'other_leads', lang)}{sep}"
                             + enum_sep(lang).join(agency_label(a, lang) for a in others))
            lines.append(f"{text('responsibility', 'units_as_written', lang)}{sep}{plotly_text(r['units_zh'])}")
            lines.append(f"{text('responsibility', 'task_no', lang)}{sep}{r['task_nos']}")
            texts = str(r.get("task_texts_zh") or r.get("task_titles_zh") or "")
            lines.append(f"{text('responsibility', 'task_as_written', lang)}{sep}"
                         f"{wrap(texts if len(texts) <= 240 else texts[:239] + '…')}")
            hover_row.append("<br>".join(lines))
        z.append(z_row)
        cell.append(cell_row)
        hovers.append(hover_row)
    y_labels = [_wrapped(task_label(t, lang), lang, LEADS_TASK_CHARS[lang], LEADS_TASK_CHARS[lang]) for t in tids]
    fig = go.Figure(go.Heatmap(
        z=z, x=[_cell_name(jurisdiction_label(j, lang), lang) for j in jids], y=y_labels,
        text=cell, texttemplate="%{text}", textfont={"size": 9}, customdata=hovers,
        hovertemplate="%{customdata}<extra></extra>", colorscale=_discrete_scale([agency_colour(a) for a in mains]),
        zmin=-0.5, zmax=len(mains) - 0.5, showscale=False, xgap=2, ygap=2,
    ))
    for a in mains:  # a legend of the agencies (a heat-map has none of its own)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=agency_label(a, lang),
                                 marker={"symbol": "square", "size": 12, "color": agency_colour(a)},
                                 hoverinfo="skip"))
    fig.update_yaxes(autorange="reversed", tickfont={"size": 10}, automargin=True)
    fig.update_xaxes(side="top", automargin=True)
    # On a page the cells name the lead agencies; the legend would squeeze the grid.
    fig.update_layout(legend={"title": {"text": text("responsibility", "main_lead", lang)}})
    docs = [d for ids in leads["document_ids"].dropna() for d in str(ids).split(", ")] if "document_ids" in leads else []
    fig = apply_layout(fig, ctx.title or text("responsibility", "leads_title", lang),
                       text("responsibility", "leads_note", lang), source_line(docs, documents, lang), ctx,
                       width=max(WIDTH, 190 * len(jids) + 600),
                       height=max(HEIGHT, (30 if lang == "zh" else 40) * len(tids) + 260))
    lines = max(LEADS_CELL_LINES[lang], *(y.count("<br>") + 1 for y in y_labels)) + 0.6
    fig.update_layout(meta={"text_lines": len(tids) * lines}, margin={"l": leads_left_px(BODY_PX, lang)})
    fig.update_yaxes(automargin=False)
    if ctx.text_scale != 1.0:
        fig.update_layout(showlegend=False)
    return _room_for_top_labels(fig, [_cell_name(jurisdiction_label(j, lang), lang) for j in jids], lang,
                                upright=False)


#: Task leads: characters per line and lines of an agency's name in a cell, characters per task label line.
LEADS_CELL_CHARS = {"zh": 5, "en": 11}
LEADS_CELL_LINES = {"zh": 2, "en": 3}
LEADS_TASK_CHARS = {"zh": 9, "en": 22}


def leads_left_px(body_px: float, lang: str) -> float:
    """The width of the task-leads grid's row labels at a body font of `body_px`."""
    return LEADS_TASK_CHARS[lang] * EM[lang] * body_px + 16


def _cell_name(name: str, lang: str) -> str:
    """A name in a grid cell: wrapped to LEADS_CELL_CHARS, at most LEADS_CELL_LINES lines (… when cut)."""
    lines = textwrap.wrap(name, LEADS_CELL_CHARS[lang]) or [name]
    n = LEADS_CELL_LINES[lang]
    if len(lines) > n:
        lines = [*lines[: n - 1], lines[n - 1][: LEADS_CELL_CHARS[lang] - 1] + "…"]
    return "<br>".join(lines)


def figure_title(fig: go.Figure) -> str:
    """The figure's title without the unit line (for file listings)."""
    title = fig.layout.title.text or ""
    return title.split("<br>", 1)[0]
