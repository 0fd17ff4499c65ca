"""Plotly figure builders: one function per chart, DataFrame in, `go.Figure` out, in Chinese or English.

Every chart carries a title, its unit, a source line naming the documents (doc numbers where known),
hover text with the quoted sentence, the comparator as a marker (cap ▼ / floor ▲) and one colour per
jurisdiction that is the same in every chart.  Words come from metadata/labels.yaml.

`CHARTS` is the catalogue (name → data function + figure function) that `compare.export` and the
report share: `build_chart(name, tables, lang)` returns the figure and the data behind it.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from compare import analysis, metadata
from compare.escape import plotly_text

#: Explicit CJK-capable font stack: without it Chromium may pick a font with no Chinese glyphs.
FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
WIDTH, HEIGHT = 1200, 700
LANGS = ("zh", "en")
#: Colour-blind-safe qualitative palette (Okabe–Ito, then Tableau); the nation is always dark grey.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D31", "#7F3C8D",
           "#11A579", "#E73F74", "#3969AC", "#F2B701"]
NATION_COLOUR = "#333333"
_CAP_COMPARATORS = {"<=", "<"}
_FLOOR_COMPARATORS = {">=", ">"}


# --------------------------------------------------------------------------- words and styles


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")


def text(group: str, key: str, lang: str) -> str:
    """A label from metadata/labels.yaml; the key itself when the label is missing."""
    try:
        return metadata.label(group, key, lang)
    except KeyError:
        return str(key)


def jurisdiction_label(jurisdiction_id: str, lang: str) -> str:
    """The jurisdiction's name in `lang`, its id when the vocabulary does not know it."""
    try:
        return metadata.jurisdiction_name(jurisdiction_id, lang)
    except KeyError:
        return str(jurisdiction_id)


def indicator_label(indicator_id: str, lang: str) -> str:
    """The indicator's name in `lang`, its id when the vocabulary does not know it."""
    try:
        return metadata.indicator_name(indicator_id, lang)
    except KeyError:
        return str(indicator_id)


def unit_label(unit: str | None, lang: str) -> str:
    """A canonical unit written for `lang` (亿立方米 → 100 million m³)."""
    if unit is None or pd.isna(unit):
        return ""
    return text("unit", unit, lang)


def jurisdiction_colour(jurisdiction_id: str) -> str:
    """The one colour of a jurisdiction in every chart (by its place in jurisdictions.yaml)."""
    if jurisdiction_id == "cn":
        return NATION_COLOUR
    order = [j for j in metadata.jurisdiction_specs() if j != "cn"]
    if jurisdiction_id in order:
        return PALETTE[order.index(jurisdiction_id) % len(PALETTE)]
    return PALETTE[sum(map(ord, str(jurisdiction_id))) % len(PALETTE)]


def comparator_marker(comparator: str | None) -> str:
    """Plotly marker symbol for a comparator: ▼ for caps, ▲ for floors, ● for stated values."""
    if comparator in _CAP_COMPARATORS:
        return "triangle-down"
    if comparator in _FLOOR_COMPARATORS:
        return "triangle-up"
    return "circle"


def comparator_text(comparator: str | None, lang: str) -> str:
    """The comparator as written in charts: symbol and word (▼ ≤ 不超过 / ▲ ≥ at least)."""
    if comparator is None or pd.isna(comparator):
        return ""
    spec = metadata.labels()["comparator"].get(comparator)
    return f"{spec['symbol']} {spec[lang]}" if spec else str(comparator)


def _fmt(value: float, digits: int = 4) -> str:
    """A number without trailing zeros (12.75, 0.5, 10)."""
    if value is None or pd.isna(value):
        return ""
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


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
    if isinstance(number, str) and number:
        parts.append(plotly_text(number))
    if isinstance(title, str) and title:
        parts.append(f"《{plotly_text(title)}》")
    label = " ".join(parts) or plotly_text(row.get("document_id"))
    if row.get("kind") == "news report":
        label += f"（{text('figure', 'news_report', lang)}）" if lang == "zh" else f" ({text('figure', 'news_report', lang)})"
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
    sep = "；" if lang == "zh" else "; "
    body = sep.join(dict.fromkeys(names))
    if extra:
        body = f"{body}{sep}{extra}" if body else extra
    colon = "：" if lang == "zh" else ": "
    return f"{text('figure', 'sources', lang)}{colon}{body}"


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
        lines.append(f"{text('figure', 'quote', lang)}：{wrap(quote)}" if lang == "zh"
                     else f"{text('figure', 'quote', lang)}: {wrap(quote)}")
    elif isinstance(row.get("note"), str) and row.get("note"):
        lines.append(wrap(row["note"]))
    doc = row.get("doc_number") if isinstance(row.get("doc_number"), str) else row.get("document_id")
    if isinstance(doc, str):
        lines.append(f"{text('figure', 'document', lang)}: {plotly_text(doc)}")
    return "<br>".join(lines)


def apply_layout(fig: go.Figure, title: str, subtitle: str, sources: str, lang: str,
                 width: int = WIDTH, height: int = HEIGHT) -> go.Figure:
    """Title with the unit line under it, the source line at the bottom, the CJK font stack, and a
    fixed size so every export of the chart looks the same."""
    # English source lines still carry Chinese titles, which are twice as wide as Latin letters.
    src = "<br>".join(textwrap.wrap(sources, width=int(width / (14 if lang == "zh" else 10.5)))) or sources
    n_lines = src.count("<br>") + 1
    bottom = 90 + 16 * n_lines
    fig.update_layout(
        title={"text": f"{title}<br><sup>{subtitle}</sup>", "x": 0.01, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13, "color": "#222"},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        template="plotly_white", width=width, height=height + 16 * n_lines,
        margin={"l": 80, "r": 40, "t": 130, "b": bottom},
        legend={"font": {"family": FONT_FAMILY}},
    )
    fig.add_annotation(text=src, xref="paper", yref="paper", x=0, y=0, yshift=-bottom + 8, showarrow=False,
                       xanchor="left", yanchor="bottom", align="left", font={"size": 10, "color": "#555"})
    return fig


def _unit_subtitle(unit: str | None, lang: str, note: str | None = None) -> str:
    colon = "：" if lang == "zh" else ": "
    parts = [f"{text('figure', 'units', lang)}{colon}{unit_label(unit, lang)}"] if unit else []
    if note:
        parts.append(note)
    return " · ".join(parts)


def _first_unit(df: pd.DataFrame) -> str | None:
    units = df["unit"].dropna().unique() if "unit" in df else []
    return units[0] if len(units) else None


# --------------------------------------------------------------------------- the charts


def caps_by_city(caps: pd.DataFrame, documents: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """Total-water-use caps of each city (one line per city) over its stated target years."""
    _check_lang(lang)
    fig = go.Figure()
    for k, (jid, g) in enumerate(caps.groupby("jurisdiction_id", sort=False)):
        g = g.sort_values("target_year")
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int), y=g["value"], mode="lines+markers+text", name=jurisdiction_label(jid, lang),
            line={"color": jurisdiction_colour(jid), "width": 2},
            marker={"symbol": [comparator_marker(c) for c in g["comparator"]], "size": 13,
                    "color": jurisdiction_colour(jid)},
            text=[_fmt(v) for v in g["value"]], textposition="top center" if k % 2 == 0 else "bottom center",
            hovertext=[hover(r, lang, extra=[f"{text('figure', 'growth', lang)}: {_fmt(r['annual_growth_pct'], 2)} %"]
                             if not pd.isna(r.get("annual_growth_pct")) else None) for _, r in g.iterrows()],
            hoverinfo="text",
        ))
    fig.update_xaxes(title=text("axis", "target_year", lang), dtick=5, tickformat="d")
    fig.update_yaxes(title=text("axis", "cap", lang), rangemode="tozero")
    return apply_layout(fig, text("chart", "caps_by_city", lang), _unit_subtitle(_first_unit(caps), lang, "▼ ≤"),
                        source_line(caps["document_id"], documents, lang), lang)


def caps_indexed(caps: pd.DataFrame, documents: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """Each jurisdiction's caps as an index of its first cap (= 100); nation and provinces dashed."""
    _check_lang(lang)
    fig = go.Figure()
    for jid, g in caps.groupby("jurisdiction_id", sort=False):
        g = g.sort_values("target_year")
        is_reference = g.get("level", pd.Series(["prefecture"])).iloc[0] in ("national", "province")
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int), y=g["index_first_100"], mode="lines+markers",
            name=jurisdiction_label(jid, lang),
            line={"color": jurisdiction_colour(jid), "width": 2, "dash": "dash" if is_reference else "solid"},
            marker={"symbol": [comparator_marker(c) for c in g["comparator"]], "size": 11,
                    "color": jurisdiction_colour(jid)},
            hovertext=[hover(r, lang, extra=[
                f"{text('axis', 'index', lang)}: {_fmt(r['index_first_100'], 1)}",
                f"{text('figure', 'growth', lang)}: {_fmt(r['annual_growth_since_first_pct'], 2)} %"
                if not pd.isna(r["annual_growth_since_first_pct"]) else ""]) for _, r in g.iterrows()],
            hoverinfo="text",
        ))
    fig.add_hline(y=100, line={"color": "#999", "width": 1, "dash": "dot"})
    fig.update_xaxes(title=text("axis", "target_year", lang), dtick=5, tickformat="d")
    fig.update_yaxes(title=text("axis", "index", lang))
    return apply_layout(fig, text("chart", "caps_indexed", lang), _unit_subtitle(None, lang, text("axis", "index", lang)),
                        source_line(caps["document_id"], documents, lang), lang)


def intensity_reductions(reductions: pd.DataFrame, documents: pd.DataFrame | None = None,
                         lang: str = "zh") -> go.Figure:
    """Annualised GDP and industrial intensity reductions, one bar per jurisdiction × target year;
    bars whose baseline was assumed are hatched and starred, the baseline is written on each bar."""
    _check_lang(lang)
    indicators = list(dict.fromkeys(reductions["indicator_id"]))
    fig = make_subplots(rows=1, cols=max(1, len(indicators)), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[wrap(indicator_label(i, lang), 20 if lang == "zh" else 40) for i in indicators])
    shown: set[str] = set()
    for col, iid in enumerate(indicators, start=1):
        d = reductions[reductions["indicator_id"] == iid]
        for jid, g in d.groupby("jurisdiction_id", sort=False):
            x = [f"{jurisdiction_label(jid, lang)} {int(y)}" for y in g["target_year"]]
            labels = [f"−{_fmt(v, 1)}% {int(b)}→{int(y)}{'*' if a else ''}" for v, a, b, y in
                      zip(g["value"], g["is_baseline_assumed"], g["baseline_year_used"], g["target_year"], strict=True)]
            fig.add_trace(go.Bar(
                x=x, y=g["annual_reduction_pct"], name=jurisdiction_label(jid, lang), legendgroup=jid,
                showlegend=jid not in shown, marker={
                    "color": jurisdiction_colour(jid),
                    "pattern": {"shape": ["/" if a else "" for a in g["is_baseline_assumed"]], "fgcolor": "#fff"},
                    "line": {"color": ["#000" if a else jurisdiction_colour(jid) for a in g["is_baseline_assumed"]],
                             "width": [2 if a else 0 for a in g["is_baseline_assumed"]]},
                },
                text=labels, textposition="inside", textangle=-90, insidetextanchor="start",
                textfont={"size": 11, "color": "#fff"},
                hovertext=[hover(r, lang, extra=[
                    f"{text('axis', 'annual_reduction', lang)}: {_fmt(r['annual_reduction_pct'], 2)}",
                    f"{text('figure', 'baseline', lang)} {int(r['baseline_year_used'])}"
                    + (f" ({text('figure', 'assumed_baseline', lang)})" if r["is_baseline_assumed"] else "")])
                    for _, r in g.iterrows()],
                hoverinfo="text",
            ), row=1, col=col)
            shown.add(jid)
    # A legend entry that explains the hatching.
    fig.add_trace(go.Bar(x=[None], y=[None], name=f"* {text('figure', 'assumed_baseline', lang)}",
                         marker={"color": "#bbb", "pattern": {"shape": "/", "fgcolor": "#fff"},
                                 "line": {"color": "#000", "width": 2}}), row=1, col=1)
    fig.update_yaxes(title=text("axis", "annual_reduction", lang), row=1, col=1)
    fig.update_xaxes(tickangle=-45)
    fig.update_layout(uniformtext={"minsize": 9, "mode": "show"}, bargap=0.15)
    sub = _unit_subtitle("%", lang, f"{text('figure', 'reduction_note', lang)} · * {text('figure', 'assumed_baseline', lang)}")
    return apply_layout(fig, text("chart", "intensity_reductions", lang), sub,
                        source_line(reductions["document_id"], documents, lang), lang, height=760)


def reference_chart(view: pd.DataFrame, indicator_id: str, chart_name: str,
                    documents: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """One indicator's city targets as markers, with the nation's and provinces' targets as dashed
    reference lines (a wide dash at each reference year)."""
    _check_lang(lang)
    fig = go.Figure()
    view = view[view["indicator_id"] == indicator_id]
    levels = view["level"] if "level" in view else pd.Series("prefecture", index=view.index)
    refs, cities = view[levels.isin(["national", "province"])], view[~levels.isin(["national", "province"])]
    for jid, g in refs.groupby("jurisdiction_id", sort=False):
        g = g.sort_values("target_year")
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int), y=g["value"], mode="lines+markers",
            name=f"{jurisdiction_label(jid, lang)}（{text('figure', 'reference', lang)}）" if lang == "zh"
            else f"{jurisdiction_label(jid, lang)} ({text('figure', 'reference', lang)})",
            line={"color": jurisdiction_colour(jid), "dash": "dash", "width": 1.5, "shape": "hv"},
            marker={"symbol": "line-ew-open", "size": 30, "color": jurisdiction_colour(jid),
                    "line": {"width": 3, "color": jurisdiction_colour(jid)}},
            hovertext=[hover(r, lang) for _, r in g.iterrows()], hoverinfo="text",
        ))
    for jid, g in cities.groupby("jurisdiction_id", sort=False):
        g = g.sort_values("target_year")
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int), y=g["value"], mode="markers+text", name=jurisdiction_label(jid, lang),
            marker={"symbol": [comparator_marker(c) for c in g["comparator"]], "size": 15,
                    "color": jurisdiction_colour(jid), "line": {"width": 1, "color": "#fff"}},
            text=[f"{comparator_text(c, lang).split(' ')[0]}{_fmt(v)}" for c, v in zip(g["comparator"], g["value"],
                                                                                       strict=True)],
            textposition="middle right",
            hovertext=[hover(r, lang) for _, r in g.iterrows()], hoverinfo="text",
        ))
    unit = _first_unit(view)
    fig.update_xaxes(title=text("axis", "target_year", lang), dtick=1, tickformat="d")
    fig.update_yaxes(title=f"{indicator_label(indicator_id, lang)} ({unit_label(unit, lang)})")
    return apply_layout(fig, text("chart", chart_name, lang), _unit_subtitle(unit, lang, "▲ ≥ · ▼ ≤"),
                        source_line(view["document_id"], documents, lang), lang)


def irrigation_coefficient(view: pd.DataFrame, documents: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """Irrigation water-use coefficient targets with national and provincial reference lines."""
    return reference_chart(view, "irrigation_water_use_coefficient", "irrigation_coefficient", documents, lang)


def leakage_rate(view: pd.DataFrame, documents: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """Public supply-network leakage-rate targets with national and provincial reference lines."""
    return reference_chart(view, "public_supply_leakage_rate", "leakage_rate", documents, lang)


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


def cascade(cas: pd.DataFrame, documents: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """Each target against every level above, one panel per comparable indicator, one row per
    jurisdiction × target year: the target (▲/▼ in the jurisdiction's colour) and each level above's
    target (a short vertical dash in that level's colour) on the value axis, and in a column to the
    right one line per level above — ■ in its colour, then the verdict.  Only same-year pairs get a
    verdict; a level above's target for another year is drawn faded and written, in grey, as not
    compared.  Reductions are compared on the annualised rate."""
    _check_lang(lang)
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
    gap_px = 3 * _CASCADE_LINE_PX
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
                marker={"symbol": [comparator_marker(c) for c in g["comparator"]], "size": 13,
                        "color": jurisdiction_colour(jid), "line": {"width": 1, "color": "#fff"}},
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
    fig = apply_layout(fig, text("chart", "cascade", lang), sub,
                       source_line(pd.concat([cas["document_id"], cas["reference_document_id"]]), documents, lang),
                       lang, height=plot_px + 130 + 90)  # apply_layout's top and bottom margins
    # A wrapped first panel title needs room under the chart's title.
    extra = 18 * titles[0].count("<br>")
    fig.update_layout(showlegend=False, meta={"text_lines": sum(lines) + 3 * (len(panels) - 1)},
                      margin={"t": fig.layout.margin.t + extra}, height=fig.layout.height + extra)
    return fig


def _in_order(values: pd.Series, order) -> list[str]:
    """The distinct `values` in vocabulary `order`, then any not in it, sorted."""
    present = set(values)
    ordered = [v for v in order if v in present]
    return ordered + sorted(present - set(ordered))


def undated_targets(targets: pd.DataFrame, documents: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """Targets of one indicator that state no year: one marker per target (▲ floor, ▼ cap), one
    column per jurisdiction and scope, the quote in the hover box."""
    _check_lang(lang)
    iid = targets["indicator_id"].iloc[0]
    unit = _first_unit(targets)
    sep = "：" if lang == "zh" else ": "
    fig = go.Figure()
    for jid, g in targets.groupby("jurisdiction_id", sort=False):
        x = [jurisdiction_label(jid, lang) + (f" · {plotly_text(s)}" if isinstance(s, str) and s else "")
             for s in g["scope_zh"]]
        fig.add_trace(go.Scatter(
            x=x, y=g["value"], mode="markers+text", name=jurisdiction_label(jid, lang),
            marker={"symbol": [comparator_marker(c) for c in g["comparator"]], "size": 15,
                    "color": jurisdiction_colour(jid)},
            text=[f"{comparator_text(c, lang).split(' ')[0]}{_fmt(v)}"
                  for c, v in zip(g["comparator"], g["value"], strict=True)], textposition="middle right",
            hovertext=[wrap(q) for q in g["quote_zh"]], hoverinfo="text",
        ))
    fig.update_yaxes(title=f"{indicator_label(iid, lang)} ({unit_label(unit, lang)})", rangemode="tozero")
    title = f"{indicator_label(iid, lang)}{sep}{text('report', 'chart_title_suffix', lang)}"
    sub = (f"{text('figure', 'units', lang)}{sep}{unit_label(unit, lang)} · "
           f"{text('report', 'years', lang)}{sep}{text('report', 'no_year', lang)}")
    return apply_layout(fig, title, sub, source_line(targets["document_id"], documents, lang), lang, height=520)


def coverage_heatmap(cov: pd.DataFrame, lang: str = "zh", documents: pd.DataFrame | None = None,
                     document_ids=None) -> go.Figure:
    """Jurisdictions × indicators: the number of target years (0 = no target, shown empty), with the
    years written in each cell."""
    _check_lang(lang)
    jids = list(dict.fromkeys(cov["jurisdiction_id"]))
    iids = list(dict.fromkeys(cov["indicator_id"]))
    z = cov.pivot(index="jurisdiction_id", columns="indicator_id", values="n_years").loc[jids, iids]
    years = cov.pivot(index="jurisdiction_id", columns="indicator_id", values="years").loc[jids, iids]
    cell = years.map(lambda s: (s or "").replace(",", "<br>"))
    no = text("figure", "no_target", lang)
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(dtype=float), x=["<br>".join(textwrap.wrap(indicator_label(i, lang), 10 if lang == "zh" else 18))
                                     for i in iids],
        y=[jurisdiction_label(j, lang) for j in jids], text=cell.to_numpy(), texttemplate="%{text}",
        textfont={"size": 9}, colorscale=[[0, "#f7f7f7"], [0.001, "#deebf7"], [1, "#08519c"]], zmin=0,
        colorbar={"title": text("axis", "n_years", lang)}, xgap=2, ygap=2,
        hovertemplate="%{y} · %{x}<br>%{text}<extra></extra>",
        customdata=[[no] * len(iids)] * len(jids),
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=0, tickfont={"size": 9}, side="top")
    width = max(WIDTH, 90 * len(iids) + 200)
    ids = document_ids if document_ids is not None else []
    sub = f"{text('axis', 'n_years', lang)} · {no} = □"
    return apply_layout(fig, text("chart", "coverage", lang), sub, source_line(ids, documents, lang), lang,
                        width=width, height=max(HEIGHT, 60 * len(jids) + 320))


def city_profile(profile: pd.DataFrame, jurisdiction_id: str, documents: pd.DataFrame | None = None,
                 lang: str = "zh", cols: int = 4) -> go.Figure:
    """Small multiples of every dated target of one jurisdiction: one panel per indicator, one marker
    per target year (▲ floor, ▼ cap), each panel titled with the indicator and its unit."""
    _check_lang(lang)
    iids = list(dict.fromkeys(profile["indicator_id"])) or ["-"]
    rows = math.ceil(len(iids) / cols)
    titles = ["<br>".join(textwrap.wrap(f"{indicator_label(i, lang)} ({unit_label(_first_unit(profile[profile['indicator_id'] == i]), lang)})",
                                        18 if lang == "zh" else 34)) for i in iids]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, vertical_spacing=0.5 / max(rows, 1),
                        horizontal_spacing=0.06)
    colour = jurisdiction_colour(jurisdiction_id)
    for k, iid in enumerate(iids):
        g = profile[profile["indicator_id"] == iid].sort_values("target_year")
        if g.empty:
            continue
        fig.add_trace(go.Scatter(
            x=g["target_year"].astype(int).astype(str), y=g["value"], mode="lines+markers+text", showlegend=False,
            line={"color": colour, "width": 1, "dash": "dot"},
            marker={"symbol": [comparator_marker(c) for c in g["comparator"]], "size": 12, "color": colour},
            text=[_fmt(v) for v in g["value"]], textposition="top center", textfont={"size": 10}, cliponaxis=False,
            hovertext=[hover(r, lang) for _, r in g.iterrows()], hoverinfo="text",
        ), row=k // cols + 1, col=k % cols + 1)
    fig.update_annotations(font={"size": 11})
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(type="category")
    title = f"{jurisdiction_label(jurisdiction_id, lang)}{'' if lang == 'zh' else ': '}{text('chart', 'city_profile', lang)}"
    return apply_layout(fig, title, "▲ ≥ · ▼ ≤ · ● =", source_line(profile["document_id"], documents, lang), lang,
                        height=max(HEIGHT, 250 * rows + 160))


def targets_vs_outcomes(panels: pd.DataFrame, documents: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """One panel per jurisdiction × indicator with both: the targets (▲/▼ on a dashed line) and the
    reported values (●); disagreeing sources for one year are drawn side by side as ◆ and labelled."""
    _check_lang(lang)
    pairs = list(dict.fromkeys(zip(panels["jurisdiction_id"], panels["indicator_id"], strict=True))) or [("-", "-")]
    cols = min(3, len(pairs))
    rows = math.ceil(len(pairs) / cols)
    titles = ["<br>".join(textwrap.wrap(
        f"{jurisdiction_label(j, lang)} · {indicator_label(i, lang)} ({unit_label(_first_unit(panels[(panels['jurisdiction_id'] == j) & (panels['indicator_id'] == i)]), lang)})",
        22 if lang == "zh" else 40)) for j, i in pairs]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, vertical_spacing=0.45 / rows,
                        horizontal_spacing=0.07)
    shown: set[str] = set()
    for k, (jid, iid) in enumerate(pairs):
        d = panels[(panels["jurisdiction_id"] == jid) & (panels["indicator_id"] == iid)]
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
                textposition="middle left", textfont={"size": 9}, cliponaxis=False,
                hovertext=[hover(r.rename({"year": "target_year"}), lang) for _, r in tb.iterrows()], hoverinfo="text",
            ), **pos)
            shown.add("target")
        conflict = o["is_conflicting"].astype(bool)
        fig.add_trace(go.Scatter(
            x=o["year"].astype(int) + [0.15 * (i % 2 * 2 - 1) if c else 0 for i, c in enumerate(conflict)],
            y=o["value"], mode="markers+text", name=name_o, legendgroup="outcome",
            showlegend="outcome" not in shown,
            marker={"symbol": ["diamond" if c else "circle" for c in conflict], "size": 11, "color": "#fff",
                    "line": {"color": colour, "width": 2.5}},
            text=[_fmt(v) + ("" if pd.isna(b) else f" ({int(b)}→)") for v, b in zip(o["value"], o["baseline_year"],
                                                                                   strict=True)],
            textposition="middle right", textfont={"size": 9},
            hovertext=[_outcome_hover(r, lang) for _, r in o.iterrows()], hoverinfo="text",
        ), **pos)
        shown.add("outcome")
        if conflict.any():
            fig.add_annotation(text=f"◆ {text('figure', 'conflicting', lang)}", xref=f"x{k + 1 if k else ''} domain",
                               yref=f"y{k + 1 if k else ''} domain", x=0.02, y=0.98, showarrow=False,
                               xanchor="left", yanchor="top", font={"size": 10, "color": "#B00"})
    fig.update_xaxes(dtick=2, tickformat="d")
    fig.update_annotations(font={"size": 11})
    sub = (f"▲ ≥ · ▼ ≤ {text('figure', 'target', lang)} · ● {text('figure', 'outcome', lang)} · "
           f"◆ {text('figure', 'conflicting', lang)} · (2015→) {text('figure', 'baseline', lang)}")
    return apply_layout(fig, text("chart", "targets_vs_outcomes", lang), sub,
                        source_line(panels["document_id"], documents, lang, extra=text("figure", "outcome_sources", lang)),
                        lang, height=max(HEIGHT, 300 * rows + 120))


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

#: Colours of agencies by their place in agencies.yaml: the chart palette, then more, at least one colour per
#: agency of the vocabulary so that no two agencies share one (they repeat only beyond 36 agencies).
AGENCY_PALETTE = PALETTE + ["#66A61E", "#B2182B", "#6A3D9A", "#FB9A99", "#B15928", "#A6CEE3", "#B2DF8A",
                            "#FDBF6F", "#CAB2D6", "#999999", "#17BECF", "#BCBD22", "#8DD3C7", "#FB8072",
                            "#80B1D3", "#FDB462", "#BEBADA", "#D9D9D9", "#BC80BD", "#CCEBC5", "#FFED6F",
                            "#1B9E77", "#D95F02", "#7570B3"]
_ROLE_COLOURS = {"participant": "#c6dbef", "lead": "#08519c"}


def agency_label(agency_id: str, lang: str) -> str:
    """The agency's name in `lang` (metadata/agencies.yaml), its id when the vocabulary does not know it."""
    spec = metadata.agency_specs().get(agency_id)
    return spec[f"name_{lang}"] if spec else str(agency_id)


def task_label(task_id: str, lang: str) -> str:
    """The harmonised task's name in `lang` (metadata/tasks.yaml), its id when unknown."""
    spec = metadata.task_specs().get(task_id)
    return spec[f"name_{lang}"] if spec else str(task_id)


def agency_colour(agency_id: str) -> str:
    """The one colour of an agency in every chart (by its place in agencies.yaml)."""
    order = list(metadata.agency_specs())
    i = order.index(agency_id) if agency_id in order else sum(map(ord, str(agency_id)))
    return AGENCY_PALETTE[i % len(AGENCY_PALETTE)]


def _discrete_scale(colours: list[str]) -> list[list]:
    """A Plotly colourscale giving z = 0, 1, … k-1 the k colours (use zmin=-0.5, zmax=k-0.5)."""
    k = max(len(colours), 1)
    scale = []
    for i, colour in enumerate(colours or ["#ffffff"]):
        scale += [[i / k, colour], [(i + 1) / k, colour]]
    return scale


def _wrapped(label: str, lang: str, zh: int, en: int) -> str:
    return "<br>".join(textwrap.wrap(label, zh if lang == "zh" else en)) or label


def responsibility_matrix(matrix: pd.DataFrame, jurisdiction_id: str, documents: pd.DataFrame | None = None,
                          lang: str = "zh") -> go.Figure:
    """One city's task-division annex as agencies (rows, agencies.yaml order) × harmonised tasks (columns,
    tasks.yaml order): dark where the agency leads the task, light where it only takes part; a number
    counts the annex entries when there is more than one.  `matrix` is analysis.agency_task_matrix for
    the city (a `document_ids` column, when present, feeds the source line)."""
    _check_lang(lang)
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
    fig = go.Figure(go.Heatmap(
        z=z, x=[_wrapped(task_label(t, lang), lang, 8, 16) for t in tids],
        y=[agency_label(a, lang) for a in aids], text=cell, texttemplate="%{text}", textfont={"size": 9},
        customdata=hovers, hovertemplate="%{customdata}<extra></extra>",
        colorscale=_discrete_scale([_ROLE_COLOURS["participant"], _ROLE_COLOURS["lead"]]), zmin=-0.5, zmax=1.5,
        xgap=1, ygap=1,
        colorbar={"tickvals": [0, 1], "ticktext": [part, lead], "len": 0.3, "y": 1, "yanchor": "top"},
    ))
    fig.update_yaxes(autorange="reversed", tickfont={"size": 10})
    fig.update_xaxes(tickangle=0, tickfont={"size": 8}, side="top")
    docs = []
    if "document_ids" in matrix:
        docs = [d for ids in matrix["document_ids"].dropna() for d in str(ids).split(", ")]
    title = (f"{jurisdiction_label(jurisdiction_id, lang)}{'' if lang == 'zh' else ': '}"
             f"{text('responsibility', 'matrix_title', lang)}")
    return apply_layout(fig, title, text("responsibility", "matrix_note", lang), source_line(docs, documents, lang),
                        lang, width=max(WIDTH, 62 * len(tids) + 320), height=max(HEIGHT, 26 * len(aids) + 360))


def task_leads_grid(leads: pd.DataFrame, documents: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """Harmonised tasks (rows, tasks.yaml order) × cities (columns): each cell coloured by the agency that
    leads the task there (`main_agency_id` of analysis.task_leads, one colour per agency in every chart)
    and named in it, +n when n more agencies share the lead; hover gives the lead units and the task as
    written in the annex.  Empty cells: the city's annex has no such task."""
    _check_lang(lang)
    tids = _in_order(leads["task_id"], analysis.task_order())
    jids = _in_order(leads["jurisdiction_id"], analysis.jurisdiction_order())
    mains = _in_order(leads["main_agency_id"], analysis.agency_order())
    index = {a: i for i, a in enumerate(mains)}
    by_cell = leads.set_index(["task_id", "jurisdiction_id"])
    colon = "：" if lang == "zh" else ": "
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
            cell_row.append(_wrapped(agency_label(r["main_agency_id"], lang), lang, 9, 28)
                            + (f" +{extra}" if extra else ""))
            lines = [f"<b>{task_label(t, lang)}</b> · {jurisdiction_label(j, lang)}",
                     f"{text('responsibility', 'main_lead', lang)}{colon}{agency_label(r['main_agency_id'], lang)}"]
            others = [a for a in str(r["lead_agency_ids"]).split(", ")[1:] if a]
            if others:
                lines.append(f"{text('responsibility', 'other_leads', lang)}{colon}"
                             + ("、" if lang == "zh" else ", ").join(agency_label(a, lang) for a in others))
            lines.append(f"{text('responsibility', 'units_as_written', lang)}{colon}{plotly_text(r['units_zh'])}")
            lines.append(f"{text('responsibility', 'task_no', lang)}{colon}{r['task_nos']}")
            texts = str(r.get("task_texts_zh") or r.get("task_titles_zh") or "")
            lines.append(f"{text('responsibility', 'task_as_written', lang)}{colon}"
                         f"{wrap(texts if len(texts) <= 240 else texts[:239] + '…')}")
            hover_row.append("<br>".join(lines))
        z.append(z_row)
        cell.append(cell_row)
        hovers.append(hover_row)
    fig = go.Figure(go.Heatmap(
        z=z, x=[jurisdiction_label(j, lang) for j in jids], y=[task_label(t, lang) for t in tids],
        text=cell, texttemplate="%{text}", textfont={"size": 9}, customdata=hovers,
        hovertemplate="%{customdata}<extra></extra>", colorscale=_discrete_scale([agency_colour(a) for a in mains]),
        zmin=-0.5, zmax=len(mains) - 0.5, showscale=False, xgap=2, ygap=2,
    ))
    for a in mains:  # a legend of the agencies (a heat-map has none of its own)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=agency_label(a, lang),
                                 marker={"symbol": "square", "size": 12, "color": agency_colour(a)},
                                 hoverinfo="skip"))
    fig.update_yaxes(autorange="reversed", tickfont={"size": 10})
    fig.update_xaxes(side="top")
    fig.update_layout(legend={"title": {"text": text("responsibility", "main_lead", lang)}})
    docs = [d for ids in leads["document_ids"].dropna() for d in str(ids).split(", ")] if "document_ids" in leads else []
    return apply_layout(fig, text("responsibility", "leads_title", lang), text("responsibility", "leads_note", lang),
                        source_line(docs, documents, lang), lang, width=max(WIDTH, 190 * len(jids) + 600),
                        height=max(HEIGHT, (30 if lang == "zh" else 40) * len(tids) + 260))


def figure_title(fig: go.Figure) -> str:
    """The figure's title without the unit line (for file listings)."""
    title = fig.layout.title.text or ""
    return title.split("<br>", 1)[0]


# --------------------------------------------------------------------------- the catalogue

Tables = dict[str, pd.DataFrame]


def _cities(df: pd.DataFrame, jurisdictions: pd.DataFrame) -> pd.DataFrame:
    return df[df["jurisdiction_id"].isin(
        jurisdictions.loc[jurisdictions["level"].isin(analysis.CITY_LEVELS), "jurisdiction_id"])]


def _data_caps_by_city(t: Tables, _: str | None = None) -> pd.DataFrame:
    return _cities(analysis.cap_trajectories(t["targets"]), t["jurisdictions"])


def _data_caps_indexed(t: Tables, _: str | None = None) -> pd.DataFrame:
    caps = analysis.add_levels(analysis.cap_trajectories(t["targets"]), t["jurisdictions"])
    n = caps.groupby("jurisdiction_id")["target_year"].transform("size")
    return caps[n >= 2].reset_index(drop=True)


def _data_reductions(t: Tables, _: str | None = None) -> pd.DataFrame:
    return analysis.annualised_reductions(t["targets"])


def _data_view(indicator_id: str) -> Callable[[Tables, str | None], pd.DataFrame]:
    def data(t: Tables, _: str | None = None) -> pd.DataFrame:
        return analysis.indicator_view(t["targets"], indicator_id, t["jurisdictions"], t["documents"])
    return data


def _data_cascade(t: Tables, _: str | None = None) -> pd.DataFrame:
    return analysis.target_cascade(t["targets"], t["jurisdictions"])


def _data_coverage(t: Tables, _: str | None = None) -> pd.DataFrame:
    return analysis.coverage(t["targets"], t["jurisdictions"])


def _data_profile(t: Tables, jurisdiction_id: str | None = None) -> pd.DataFrame:
    return analysis.jurisdiction_profile(t["targets"], str(jurisdiction_id))


def _data_outcomes(t: Tables, _: str | None = None) -> pd.DataFrame:
    return analysis.outcome_panels(t["targets"], t["outcomes"])


def _data_task_leads(t: Tables, _: str | None = None) -> pd.DataFrame:
    return analysis.task_leads(t["responsibilities"], t["documents"], t["agencies"])


def _data_responsibility_matrix(t: Tables, jurisdiction_id: str | None = None) -> pd.DataFrame:
    m = analysis.agency_task_matrix(t["responsibilities"], t["documents"], t["agencies"], jurisdiction_id)
    docs = t["documents"].loc[t["documents"]["jurisdiction_id"] == jurisdiction_id, "document_id"]
    used = sorted(set(docs) & set(t["responsibilities"]["document_id"]))
    return m.assign(document_ids=", ".join(used))


def _data_province_map(t: Tables, indicator_id: str | None = None) -> pd.DataFrame:
    """The tile map's data (compare.tilemap.province_targets) for one indicator, without the names of
    one language (the figure and with_display_names give them in the language asked for)."""
    from compare import tilemap

    data = tilemap.province_targets(t["targets"], str(indicator_id), tilemap.MAP_YEAR, t.get("documents"))
    data = data.drop(columns=["name", "plans"])
    data.insert(1, "indicator_id", indicator_id)
    data.insert(2, "target_year", tilemap.MAP_YEAR)
    return data


def _draw_province_map(data: pd.DataFrame, docs: pd.DataFrame | None, lang: str, indicator_id: str | None) -> go.Figure:
    from compare import tilemap

    return tilemap.draw(data, str(indicator_id), tilemap.MAP_YEAR, docs, lang)


def _map_indicators(t: Tables) -> list[str]:
    from compare import tilemap

    return tilemap.indicators_with_targets(t["targets"], tilemap.MAP_YEAR)


def _with_responsibilities(t: Tables) -> set[str]:
    """Jurisdictions whose documents have a task-division annex in `responsibilities`."""
    docs = set(t["responsibilities"]["document_id"])
    return set(t["documents"].loc[t["documents"]["document_id"].isin(docs), "jurisdiction_id"])


@dataclass(frozen=True)
class Chart:
    """One entry of the catalogue: how to get the data behind the chart from the published tables,
    and how to draw it.  `per_jurisdiction` charts are drawn once for each city in `jurisdictions(tables)`
    (default: the cities with targets); `indicators` charts once for each indicator it returns (the
    indicator id takes the jurisdiction id's place in `data` and `draw`).  Charts whose `requires`
    tables are not given are left out."""

    name: str
    data: Callable[[Tables, str | None], pd.DataFrame]
    draw: Callable[..., go.Figure]
    per_jurisdiction: bool = False
    requires: tuple[str, ...] = ("targets",)
    jurisdictions: Callable[[Tables], set[str]] | None = None
    indicators: Callable[[Tables], list[str]] | None = None


CHARTS: dict[str, Chart] = {
    c.name: c for c in [
        Chart("caps_by_city", _data_caps_by_city, lambda d, docs, lang, _j: caps_by_city(d, docs, lang)),
        Chart("caps_indexed", _data_caps_indexed, lambda d, docs, lang, _j: caps_indexed(d, docs, lang)),
        Chart("intensity_reductions", _data_reductions, lambda d, docs, lang, _j: intensity_reductions(d, docs, lang)),
        Chart("irrigation_coefficient", _data_view("irrigation_water_use_coefficient"),
              lambda d, docs, lang, _j: irrigation_coefficient(d, docs, lang)),
        Chart("leakage_rate", _data_view("public_supply_leakage_rate"),
              lambda d, docs, lang, _j: leakage_rate(d, docs, lang)),
        Chart("cascade", _data_cascade, lambda d, docs, lang, _j: cascade(d, docs, lang)),
        Chart("coverage", _data_coverage, lambda d, docs, lang, _j: coverage_heatmap(d, lang, docs, docs["document_id"]
                                                                                       if docs is not None else None)),
        Chart("city_profile", _data_profile, lambda d, docs, lang, j: city_profile(d, j, docs, lang),
              per_jurisdiction=True),
        Chart("targets_vs_outcomes", _data_outcomes, lambda d, docs, lang, _j: targets_vs_outcomes(d, docs, lang)),
        Chart("task_leads", _data_task_leads, lambda d, docs, lang, _j: task_leads_grid(d, docs, lang),
              requires=("responsibilities", "agencies", "documents")),
        Chart("responsibility_matrix", _data_responsibility_matrix,
              lambda d, docs, lang, j: responsibility_matrix(d, j, docs, lang), per_jurisdiction=True,
              requires=("responsibilities", "agencies", "documents"), jurisdictions=_with_responsibilities),
        Chart("province_map", _data_province_map, _draw_province_map, requires=("targets", "documents"),
              indicators=_map_indicators),
    ]
}


@dataclass(frozen=True)
class ChartJob:
    """One figure of the catalogue: a chart, and for per-jurisdiction charts the jurisdiction."""

    chart: Chart
    jurisdiction_id: str | None = None
    indicator_id: str | None = None

    @property
    def subject(self) -> str | None:
        """What the figure is drawn for: the jurisdiction id, else the indicator id, else None."""
        return self.jurisdiction_id if self.jurisdiction_id is not None else self.indicator_id

    @property
    def name(self) -> str:
        """The figure's name: the chart's, followed by the jurisdiction id for per-jurisdiction charts
        and by the indicator id for per-indicator charts."""
        return self.chart.name if self.subject is None else f"{self.chart.name}_{self.subject}"


def catalogue(tables: Tables, names: list[str] | None = None) -> list[ChartJob]:
    """Every figure to draw: one per chart, per-jurisdiction charts once per city with data (charts
    whose tables are missing are left out).
    `names` selects charts (`city_profile`) or single figures (`city_profile_cn.shanxi.yuncheng`)."""
    cities = tables["jurisdictions"].loc[tables["jurisdictions"]["level"].isin(analysis.CITY_LEVELS), "jurisdiction_id"]
    jobs: list[ChartJob] = []
    for chart in CHARTS.values():
        if not all(name in tables for name in chart.requires):
            continue
        if chart.per_jurisdiction:
            having = (chart.jurisdictions(tables) if chart.jurisdictions is not None
                      else set(tables["targets"]["jurisdiction_id"]))
            jobs.extend(ChartJob(chart, j) for j in cities if j in having)
        elif chart.indicators is not None:
            jobs.extend(ChartJob(chart, indicator_id=i) for i in chart.indicators(tables))
        else:
            jobs.append(ChartJob(chart))
    if names:
        unknown = [n for n in names if n not in CHARTS and n not in {j.name for j in jobs}]
        if unknown:
            raise KeyError(f"unknown chart(s) {unknown}; known: {sorted(CHARTS)}")
        jobs = [j for j in jobs if j.chart.name in names or j.name in names]
    return jobs


def with_display_names(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The data behind a chart with the names in `lang` of its jurisdiction, indicator, agency and task ids
    added in front."""
    out = data.copy()
    front = []
    for col, label in (("agency_id", agency_label), ("main_agency_id", agency_label), ("task_id", task_label)):
        if col in out:
            out.insert(0, col.replace("_id", "_name"), out[col].map(lambda i, f=label: f(i, lang)))
    if "indicator_id" in out:
        out.insert(0, "indicator_name", out["indicator_id"].map(lambda i: indicator_label(i, lang)))
        front.append("indicator_name")
    if "reference_jurisdiction_id" in out:
        out.insert(out.columns.get_loc("reference_jurisdiction_id") + 1, "reference_jurisdiction_name",
                   out["reference_jurisdiction_id"].map(lambda j: jurisdiction_label(j, lang)))
    if "verdict" in out:
        out.insert(out.columns.get_loc("verdict") + 1, "verdict_name", out["verdict"].map(lambda v: text("class", v, lang)))
    if "jurisdiction_id" in out:
        out.insert(0, "jurisdiction_name", out["jurisdiction_id"].map(lambda j: jurisdiction_label(j, lang)))
    return out


def build_chart(job: ChartJob | str, tables: Tables, lang: str = "zh") -> tuple[go.Figure, pd.DataFrame]:
    """The figure and the data behind it (with display names in `lang`) for one catalogue entry."""
    if isinstance(job, str):
        matches = catalogue(tables, [job])
        if len(matches) != 1:
            raise KeyError(f"{job!r} names {len(matches)} figures; pass a ChartJob or a figure name")
        job = matches[0]
    data = job.chart.data(tables, job.subject)
    fig = job.chart.draw(data, tables.get("documents"), lang, job.subject)
    return fig, with_display_names(data, lang)
