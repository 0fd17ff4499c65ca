"""A tile-grid map of China's 31 province-level jurisdictions: one square per province in its
approximate position (no boundary data), coloured by an indicator's target for one year.

Provinces without a known target are drawn grey and say so; provinces whose sources disagree are
drawn with a hatched outline and every value in the hover box (no value is picked silently); a dot
marks each province with a city or county plan in the corpus.  `province_targets` is the data behind
the map (one row per province, all 31), `tile_map` the Plotly figure, in Chinese or English.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from compare import metadata
from compare.figures import FONT_FAMILY, Context, apply_layout, source_line, wrap
from compare.labels import colon, comparator_text, enum_sep, indicator_label, quoted, text, unit_label
from compare.labels import fmt_number as _fmt

#: (row, column) of each province on the grid, north at the top, west on the left; approximate by design.
TILE_GRID: dict[str, tuple[int, int]] = {
    "cn.heilongjiang": (0, 8),
    "cn.neimenggu": (1, 5), "cn.jilin": (1, 8),
    "cn.xinjiang": (2, 0), "cn.gansu": (2, 3), "cn.ningxia": (2, 4), "cn.shanxi": (2, 5), "cn.beijing": (2, 6),
    "cn.tianjin": (2, 7), "cn.liaoning": (2, 8),
    "cn.qinghai": (3, 2), "cn.shaanxi": (3, 4), "cn.henan": (3, 5), "cn.hebei": (3, 6), "cn.shandong": (3, 7),
    "cn.xizang": (4, 1), "cn.sichuan": (4, 3), "cn.chongqing": (4, 4), "cn.hubei": (4, 5), "cn.anhui": (4, 6),
    "cn.jiangsu": (4, 7), "cn.shanghai": (4, 8),
    "cn.yunnan": (5, 3), "cn.guizhou": (5, 4), "cn.hunan": (5, 5), "cn.jiangxi": (5, 6), "cn.zhejiang": (5, 7),
    "cn.guangxi": (6, 4), "cn.guangdong": (6, 5), "cn.fujian": (6, 6),
    "cn.hainan": (7, 5),
}
NO_TARGET_COLOUR = "#d9d9d9"
CONFLICT_LINE = "#b2182b"
TILE_PX = 58
#: The year whose targets the catalogue's maps show (the 14th five-year plan's end).
MAP_YEAR = 2025
#: The keys of this chart's words (the `map:` group of metadata/labels.yaml).
WORD_KEYS = ("title", "no_target", "conflict", "plans", "subtitle", "sources_of", "unit")
DATA_COLUMNS = ["jurisdiction_id", "name", "row", "col", "value", "comparator", "unit", "n_values", "values",
                "document_ids", "quotes", "n_plans", "plans", "plan_ids"]


def word(key: str, lang: str) -> str:
    """A word of the map in `lang` (labels.yaml `map:`); labels.MissingLabel naming it when it is missing."""
    return text("map", key, lang)




def indicators_with_targets(targets: pd.DataFrame, year: int = MAP_YEAR) -> list[str]:
    """The core indicators (vocabulary order) for which at least one province has a `year` target."""
    specs = metadata.jurisdiction_specs()
    provincial = targets[(targets["target_year"] == year) & targets["value"].notna()
                         & targets["jurisdiction_id"].map(lambda j: specs.get(j, {}).get("level") == "province")]
    having = set(provincial["indicator_id"])
    return [i for i, s in metadata.indicator_specs().items() if s.get("core") and i in having]


def counts(data: pd.DataFrame) -> dict[str, int]:
    """How many provinces of `province_targets` have one known value, disagreeing values, or none."""
    n = data["n_values"]
    return {"n_known": int((n == 1).sum()), "n_conflict": int((n > 1).sum()), "n_none": int((n == 0).sum())}


def _province_of(jurisdiction_id: str, specs: dict[str, dict]) -> str | None:
    """The province-level ancestor of a jurisdiction (itself for a province), None for the nation."""
    jid = jurisdiction_id
    while jid in specs and specs[jid]["level"] != "province":
        jid = specs[jid].get("parent_id")
        if jid is None:
            return None
    return jid if jid in specs else None


def _quote(row: dict) -> str | None:
    """The quote of a target row: the reference table's source quote, else the extracted sentence."""
    for col in ("source_quote_zh", "quote_zh"):
        q = row.get(col)
        if isinstance(q, str) and q:
            return q
    return None


def province_targets(targets: pd.DataFrame, indicator_id: str, year: int = 2025,
                     documents: pd.DataFrame | None = None, lang: str = "zh") -> pd.DataFrame:
    """One row per province-level jurisdiction (all 31, in grid order): its target for `indicator_id` in
    `year` when every source agrees (`value`), the distinct values otherwise (`values`, `n_values`), the
    documents and quotes behind them, and the city/county plans in the corpus that lie inside it."""
    if indicator_id not in metadata.indicator_specs():
        raise ValueError(f"unknown indicator_id {indicator_id!r}")
    specs = metadata.jurisdiction_specs()
    sel = targets[(targets["indicator_id"] == indicator_id) & (targets["target_year"] == year)
                  & targets["jurisdiction_id"].map(lambda j: specs.get(j, {}).get("level") == "province")]
    plans: dict[str, list[str]] = {}
    if documents is not None and not documents.empty:
        for doc in documents[documents["path"].notna()].to_dict("records"):
            prov = _province_of(doc["jurisdiction_id"], specs)
            if prov is not None and doc["jurisdiction_id"] != prov:
                plans.setdefault(prov, []).append(doc["jurisdiction_id"])
    rows = []
    for jid, (r, c) in sorted(TILE_GRID.items(), key=lambda kv: kv[1]):
        mine = sel[sel["jurisdiction_id"] == jid]
        values = sorted({float(v) for v in mine["value"].dropna()})
        comparators = sorted(set(mine["comparator"].dropna()))
        quotes = [q for q in (_quote(r) for r in mine.to_dict("records")) if q]
        here_ids = sorted(set(plans.get(jid, [])))
        here = sorted({metadata.jurisdiction_name(p, lang) for p in here_ids})
        rows.append({
            "jurisdiction_id": jid, "name": metadata.jurisdiction_name(jid, lang), "row": r, "col": c,
            "value": values[0] if len(values) == 1 else None,
            "comparator": comparators[0] if len(comparators) == 1 else None,
            "unit": metadata.indicator_specs()[indicator_id]["unit"], "n_values": len(values),
            "values": values, "document_ids": sorted(set(mine["document_id"])), "quotes": quotes,
            "n_plans": len(here_ids), "plans": here, "plan_ids": here_ids,
        })
    return pd.DataFrame(rows, columns=DATA_COLUMNS)


def _short(jurisdiction_id: str, lang: str, codes: bool = False) -> str:
    """A tile's name: the shortest Chinese alias, the English name, or (`codes`) its ISO 3166-2:CN code."""
    spec = metadata.jurisdiction_specs()[jurisdiction_id]
    if codes:
        return text("province_code", jurisdiction_id, lang)
    if lang == "en":
        return spec["name_en"]
    aliases = [a for a in spec.get("aliases_zh", []) if a != spec["name_zh"]]
    return min(aliases, key=len) if aliases else spec["name_zh"]


def _hover(row: pd.Series, indicator_id: str, year: int, lang: str) -> str:
    lines = [f"<b>{row['name']}</b> · {year}", indicator_label(indicator_id, lang)]
    unit = unit_label(row["unit"], lang)
    if row["n_values"] == 0:
        lines.append(word("no_target", lang))
    elif row["n_values"] == 1:
        lines.append(f"{comparator_text(row['comparator'], lang)} {_fmt(row['value'])} {unit}".strip())
    else:
        lines.append(f"{word('conflict', lang)}: {enum_sep(lang).join(_fmt(v) for v in row['values'])} {unit}".strip())
    for quote in row["quotes"][:3]:
        lines.append(quoted(wrap(quote, 30), lang))
    if row["document_ids"]:
        lines.append(f"{word('sources_of', lang)}: {wrap(', '.join(row['document_ids']), 40)}")
    if row["n_plans"]:
        lines.append(f"{word('plans', lang)}: {enum_sep(lang).join(row['plans'])}")
    return "<br>".join(lines)


def _text_colours(data: pd.DataFrame, scale: str) -> list[str]:
    """White labels on the darkest third of the colour scale, near-black elsewhere."""
    known = data.loc[data["n_values"] == 1, "value"].astype(float)
    lo, hi = (known.min(), known.max()) if len(known) else (0.0, 0.0)
    out = []
    for v, n in zip(data["value"], data["n_values"], strict=True):
        if n != 1 or hi == lo:
            out.append("#111")
            continue
        t = (float(v) - lo) / (hi - lo)
        dark = t < 1 / 3 if scale.endswith("_r") else t > 2 / 3
        out.append("white" if dark else "#111")
    return out


def tile_map(targets: pd.DataFrame, indicator_id: str, year: int = 2025, documents: pd.DataFrame | None = None,
             lang: str = "zh") -> go.Figure:
    """The tile-grid map of one indicator's `year` targets (see the module docstring)."""
    return draw(province_targets(targets, indicator_id, year, documents, lang), indicator_id, year, documents, lang)


def draw(data: pd.DataFrame, indicator_id: str, year: int = 2025, documents: pd.DataFrame | None = None,
         lang: str = "zh", codes: bool = False) -> go.Figure:
    """The tile-grid map of `province_targets` data; names are given in `lang` whatever language the
    data was made in (`codes`: tiles named by their ISO 3166-2:CN code, for English at a print size)."""
    data = data.assign(name=[metadata.jurisdiction_name(j, lang) for j in data["jurisdiction_id"]],
                       plans=[sorted(metadata.jurisdiction_name(p, lang) for p in ids) for ids in data["plan_ids"]])
    spec = metadata.indicator_specs()[indicator_id]
    known = data[data["n_values"] == 1]
    # lower_is_better: darker = lower (stricter); higher_is_better: darker = higher.
    scale = "Blues_r" if spec.get("direction") == "lower_is_better" else "Blues"
    fig = go.Figure()
    x = data["col"].astype(float)
    y = -data["row"].astype(float)
    hover = [_hover(r, indicator_id, year, lang) for _, r in data.iterrows()]
    fig.add_trace(go.Scatter(  # the grey base: every province, whether or not a target is known
        x=x, y=y, mode="markers", name=word("no_target", lang), hovertext=hover, hoverinfo="text",
        marker={"symbol": "square", "size": TILE_PX, "color": NO_TARGET_COLOUR,
                "line": {"color": "white", "width": 2}},
        customdata=data["jurisdiction_id"], showlegend=True))
    if len(known):
        kx, ky = known["col"].astype(float), -known["row"].astype(float)
        fig.add_trace(go.Scatter(
            x=kx, y=ky, mode="markers", name=indicator_label(indicator_id, lang), hoverinfo="skip",
            marker={"symbol": "square", "size": TILE_PX, "color": known["value"].astype(float), "colorscale": scale,
                    "showscale": True, "line": {"color": "white", "width": 2},
                    "colorbar": {"title": {"text": unit_label(spec["unit"], lang), "side": "right"}, "thickness": 14}},
            customdata=known["jurisdiction_id"], showlegend=False))
    conflict = data[data["n_values"] > 1]
    if len(conflict):
        fig.add_trace(go.Scatter(
            x=conflict["col"].astype(float), y=-conflict["row"].astype(float), mode="markers",
            name=word("conflict", lang), hoverinfo="skip", customdata=conflict["jurisdiction_id"],
            marker={"symbol": "square-open", "size": TILE_PX - 6, "color": CONFLICT_LINE, "line": {"width": 3}}))
    labels = [f"{_short(j, lang, codes)}<br>{_fmt(v) if n == 1 else ('≠' if n > 1 else '–')}"
              for j, v, n in zip(data["jurisdiction_id"], data["value"], data["n_values"], strict=True)]
    fig.add_trace(go.Scatter(x=x, y=y, mode="text", text=labels, hoverinfo="skip", showlegend=False,
                             textfont={"family": FONT_FAMILY, "size": 10 if lang == "en" else 11,
                                       "color": _text_colours(data, scale)}))
    planned = data[data["n_plans"] > 0]
    if len(planned):
        fig.add_trace(go.Scatter(
            x=planned["col"].astype(float) + 0.33, y=-planned["row"].astype(float) + 0.33, mode="markers",
            name=word("plans", lang), hoverinfo="skip", customdata=planned["jurisdiction_id"],
            marker={"symbol": "circle", "size": 9, "color": "#E69F00", "line": {"color": "#333", "width": 1}}))
    fig.update_xaxes(visible=False, range=[-0.7, 8.7])
    fig.update_yaxes(visible=False, range=[-7.7, 0.7], scaleanchor="x", scaleratio=1)
    title = word("title", lang).format(year=year, indicator=indicator_label(indicator_id, lang))
    subtitle = f"{word('unit', lang)}{colon(lang)}{unit_label(spec['unit'], lang)} · {word('subtitle', lang)}"
    if codes:
        subtitle += f" · {word('codes_note', lang)}"
    ids = sorted({d for ds in data["document_ids"] for d in ds})
    apply_layout(fig, title, subtitle, source_line(ids, documents, lang), Context(lang), width=900, height=760)
    fig.update_layout(legend={"orientation": "h", "y": -0.02, "x": 0.0, "font": {"family": FONT_FAMILY}})
    return fig


def province_map(data: pd.DataFrame, ctx: Context) -> go.Figure:
    """The catalogue's builder: the tile map of `province_targets` data for `ctx.indicator_id` in MAP_YEAR."""
    return draw(data, str(ctx.indicator_id), MAP_YEAR, ctx.documents, ctx.lang,
                codes=ctx.lang == "en" and ctx.text_scale > 1)
