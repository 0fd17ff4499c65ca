"""Export presets: the size a chart is drawn at and the smallest text it may carry, for where it goes.

    briefing  a Word page: placed 16 cm wide, 1890 px at 300 dpi; body text ≥ 9 pt, source line ≥ 7 pt
    slide     a 16:9 slide: 1920 × 1080 px; body text ≥ 13.5 pt, source line ≥ 9.75 pt on a 33.87 cm slide
    web       today's screen size (1200 px wide, 13 px body text), PNG at 2×

A chart is drawn `width_px` CSS pixels wide and rendered at `scale`, so the image is `width_px · scale`
pixels.  Placed `print_width_cm` wide, one CSS pixel measures `print_width_pt / width_px` points: a
font of `s` px prints at `s · print_width_pt / width_px` pt (`effective_pt`).  `apply` scales every
font of a figure by the same factor, raises any that would still print below the minimum, re-wraps
the source line for the new width and grows the margins with the text.  A figure whose plot stacks
rows of text says how many in `layout.meta["text_lines"]`, and gets the height they need.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import plotly.graph_objects as go

from compare import labels

POINTS_PER_INCH = 72.0
CM_PER_INCH = 2.54
#: What figures.apply_layout draws with (px): body font, source-line font, the plot's margins.
BASE_BODY_PX = 13.0
BASE_SOURCE_PX = 10.0
BASE_BOTTOM_PX = 90.0
BASE_TOP_PX = 130.0
#: Room between the title block and the plot, in body font sizes (a panel title fits in it).
UNDER_TITLE_LINES = 2.4
#: Plotly draws <sup> at 70 % of its line's font (the unit line under each title).
SUP_RATIO = 0.7
#: Height of a line of text in a plot, in font sizes (figures that set layout.meta.text_lines).
LINE_SPACING = 1.45


@dataclass(frozen=True)
class Preset:
    """How big a chart is drawn and the smallest text it may print, where it is placed."""

    name: str
    width_px: int
    height_px: int | None  # None: the figure's own aspect ratio
    scale: float  # image pixels per CSS pixel (PNG)
    print_width_cm: float  # how wide the image is placed (Word page, slide, screen at 96 dpi)
    min_body_pt: float
    min_source_pt: float
    max_height_cm: float | None = None  # the tallest a page may be placed; longer charts split into pages

    @property
    def print_width_pt(self) -> float:
        return self.print_width_cm / CM_PER_INCH * POINTS_PER_INCH

    @property
    def image_width_px(self) -> int:
        return round(self.width_px * self.scale)

    def px_for(self, pt: float) -> float:
        """The font size in CSS px that prints at `pt` points (rounded up to half a pixel)."""
        return math.ceil(pt * self.width_px / self.print_width_pt * 2) / 2

    @property
    def body_px(self) -> float:
        """The body font in CSS px (at least 13 px, what figures.apply_layout draws with)."""
        return max(self.px_for(self.min_body_pt), BASE_BODY_PX)

    @property
    def max_height_px(self) -> float | None:
        """The tallest a page may be in CSS px (None: no limit, nothing is split)."""
        if self.height_px:
            return float(self.height_px)
        return None if self.max_height_cm is None else self.max_height_cm / self.print_width_cm * self.width_px

    def effective_pt(self, px: float, width_px: float | None = None) -> float:
        """The printed size in points of a `px` font in a chart `width_px` wide (default: the preset's)."""
        return px * self.print_width_pt / (width_px or self.width_px)


#: 16 cm at 300 dpi = 1890 px; drawn 760 px wide (scale 1890 / 760).
#: A page at most 22 cm tall (an A4 page's text area, with room for a caption).
BRIEFING = Preset("briefing", 760, None, 1890 / 760, 16.0, 9.0, 7.0, 22.0)
#: A 16:9 slide (PowerPoint widescreen, 33.867 cm × 19.05 cm), 1920 × 1080 px.
SLIDE = Preset("slide", 1280, 720, 1.5, 33.867, 13.5, 9.75)
#: Today's screen size: 1200 px wide at 96 dpi (31.75 cm), PNG at 2×; no minimum beyond what is drawn.
WEB = Preset("web", 1200, None, 2.0, 1200 / 96 * CM_PER_INCH, 0.0, 0.0)
PRESETS = {p.name: p for p in (BRIEFING, SLIDE, WEB)}
#: The preset of each format when none is asked for: print formats for a briefing, the rest for screens.
DEFAULT_FOR_FORMAT = {"png": "briefing", "pdf": "briefing", "svg": "web", "html": "web"}


def get(name: str) -> Preset:
    """The preset called `name`; ValueError naming the known ones otherwise."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}") from None


def source_labels() -> set[str]:
    """The words a source line starts with, in every language (资料来源, Sources)."""
    return {labels.text("figure", "sources", lang) for lang in labels.LANGS}


def is_source(annotation: dict) -> bool:
    """Whether a layout annotation is the chart's source line: the one figures.apply_layout names
    (figures.SOURCE_NAME), or, in a figure made before it was named, the one starting 资料来源 / Sources."""
    from compare.figures import SOURCE_NAME

    if annotation.get("name") is not None:
        return annotation.get("name") == SOURCE_NAME
    text = str(annotation.get("text") or "")
    return any(text.startswith(label) for label in source_labels())


def _char_em(ch: str) -> float:
    """Width of a character in em: 1 for CJK and other wide characters, about 0.6 otherwise."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6


def unwrap(text: str) -> str:
    """A source line without the <br> breaks figures.apply_layout put in (a space between Latin text)."""
    parts = text.split("<br>")
    out = parts[0]
    for part in parts[1:]:
        latin = out[-1:].isascii() and part[:1].isascii() and out[-1:].strip() and part[:1].strip()
        out += (" " if latin else "") + part
    return out


_TOKEN = re.compile(r"[\x21-\x7e]+ *| +|.", re.S)


def wrap_px(text: str, font_px: float, max_px: float) -> list[str]:
    """`text` broken into lines no wider than `max_px` at `font_px` (estimated per character): Latin
    words stay whole, CJK text breaks between characters.  A word wider than a line keeps a line."""
    lines: list[str] = []
    line, used = "", 0.0
    for token in _TOKEN.findall(text):
        width = sum(_char_em(c) for c in token.rstrip()) * font_px
        if line and used + width > max_px:
            lines.append(line.rstrip())
            line, used = "", 0.0
            token = token.lstrip()
        line += token
        used += sum(_char_em(c) for c in token) * font_px
    lines.append(line.rstrip())
    return [x for x in lines if x] or [""]


def _wrap_title(title: dict, title_px: float, max_px: float) -> int:
    """Wrap a figures.apply_layout title (`title<br><sup>unit line</sup>`) to `max_px`, the unit line at
    its <sup> size; returns how many lines it gained."""
    text = str(title.get("text") or "")
    if not text:
        return 0
    before = text.count("<br>") + 1
    main, _, rest = text.partition("<br>")
    lines = wrap_px(main, title_px, max_px)
    if rest:
        sup = re.sub(r"</?sup>", "", rest.replace("<br>", " "))
        lines += [f"<sup>{line}</sup>" for line in wrap_px(sup, title_px * SUP_RATIO, max_px)]
    title["text"] = "<br>".join(lines)
    return len(lines) - before


def _scale_fonts(node: object, factor: float, floor: float) -> None:
    """Every explicit font size under `node` (font, textfont, tickfont …) × `factor`, at least `floor`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and "size" in value:
                size = value["size"]
                if isinstance(size, int | float):
                    value["size"] = max(size * factor, floor)
                elif isinstance(size, list):
                    value["size"] = [max(s * factor, floor) for s in size]
            _scale_fonts(value, factor, floor)
    elif isinstance(node, list):
        for value in node:
            _scale_fonts(value, factor, floor)


def apply(fig: go.Figure, preset: Preset) -> go.Figure:
    """A copy of `fig` drawn for `preset`: its width (and height), every font scaled so that body text
    prints at ≥ `min_body_pt` and the source line at ≥ `min_source_pt`, the title's unit line (<sup>)
    included, margins grown with the text and the source line re-wrapped.  `web` returns a copy as is."""
    d = fig.to_dict()
    layout = d.setdefault("layout", {})
    if preset.name == WEB.name:
        return go.Figure(d)
    w0 = float(layout.get("width") or 1200)
    h0 = float(layout.get("height") or 700)
    width = preset.width_px
    body_px, source_px = preset.px_for(preset.min_body_pt), preset.px_for(preset.min_source_pt)
    base_body = float(layout.get("font", {}).get("size") or BASE_BODY_PX)
    factor = max(body_px / base_body, 1.0)

    _scale_fonts(d.get("data", []), factor, body_px)
    _scale_fonts({k: v for k, v in layout.items() if k not in ("annotations", "font", "title")}, factor, body_px)
    layout.setdefault("font", {})["size"] = max(base_body * factor, body_px)
    title = layout.setdefault("title", {})
    title_px = float(title.get("font", {}).get("size") or base_body * 1.4) * factor
    if "<sup>" in str(title.get("text") or ""):
        title_px = max(title_px, body_px / SUP_RATIO)
    title.setdefault("font", {})["size"] = title_px
    _wrap_title(title, title_px, width - 20)
    # Anchored at the top, a wrapped title grows down into the room added to the top margin below.
    title.update({"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": round(12 * factor + title_px)}})
    if isinstance(layout.get("uniformtext"), dict) and "minsize" in layout["uniformtext"]:
        layout["uniformtext"]["minsize"] = max(layout["uniformtext"]["minsize"] * factor, body_px)

    margin = layout.setdefault("margin", {})
    top0 = float(margin.get("t", 100))
    for side in ("l", "r"):
        margin[side] = round(float(margin.get(side, 80)) * factor)
    # The top margin: the title's pad and lines, room for the first panel titles, and whatever the
    # figure added above figures.apply_layout's own top margin.
    lines = str(title.get("text") or "").count("<br>") + 1
    under = UNDER_TITLE_LINES * layout["font"]["size"] + max(top0 - BASE_TOP_PX, 0.0) * factor
    margin["t"] = round(title["pad"]["t"] + lines * 1.3 * title_px + under) if title.get("text") else round(top0 * factor)
    old_bottom = float(margin.get("b", BASE_BOTTOM_PX))
    bottom = old_bottom
    for ann in layout.get("annotations", []) or []:
        font = ann.setdefault("font", {})
        if is_source(ann):
            size = max(float(font.get("size") or BASE_SOURCE_PX) * factor, source_px)
            font["size"] = size
            lines = wrap_px(unwrap(str(ann["text"])), size, width - margin["l"] - 10)
            ann["text"] = "<br>".join(lines)
            bottom = BASE_BOTTOM_PX * factor + 1.35 * size * len(lines)
            ann["yshift"] = -bottom + 8 * factor
        else:
            font["size"] = max(float(font.get("size") or base_body) * factor, body_px)
    plot_h = max(h0 - top0 - old_bottom, 200.0) * width / w0
    meta = layout.get("meta")
    has_rows = isinstance(meta, dict) and bool(meta.get("text_lines"))
    if has_rows:  # rows of text stacked in the plot: room for each
        plot_h = max(plot_h, float(meta["text_lines"]) * layout["font"]["size"] * LINE_SPACING)
    layout["width"] = width
    margin["b"] = round(bottom)
    needed = round(plot_h + margin["t"] + margin["b"])
    # A fixed height (slides) is kept unless the text rows need more: long charts grow rather than overlap.
    layout["height"] = max(preset.height_px, needed) if preset.height_px and has_rows else (preset.height_px or needed)
    return go.Figure(d)


def font_sizes(fig: go.Figure) -> list[tuple[str, float]]:
    """Every explicit font size of a figure as (where, px): layout, title (its <sup> line at 70 %),
    annotations (`source` for the source line), traces and axes."""
    d = fig.to_dict()
    layout = d.get("layout", {})
    out: list[tuple[str, float]] = []
    base = float(layout.get("font", {}).get("size") or 12)
    out.append(("layout", base))
    title = layout.get("title", {})
    if title.get("text"):
        tsize = float(title.get("font", {}).get("size") or base * 1.4)
        out.append(("title", tsize))
        if "<sup>" in str(title["text"]):
            out.append(("title_sup", tsize * SUP_RATIO))
    for ann in layout.get("annotations", []) or []:
        if ann.get("text"):
            out.append(("source" if is_source(ann) else "annotation",
                        float(ann.get("font", {}).get("size") or base)))

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith("font") and isinstance(value, dict) and "size" in value:
                    sizes = value["size"] if isinstance(value["size"], list) else [value["size"]]
                    out.extend((f"{where}.{key}", float(s)) for s in sizes if s is not None)
                walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for i, trace in enumerate(d.get("data", [])):
        if trace.get("text") is not None or trace.get("texttemplate") is not None:
            walk(trace, f"trace{i}")
    walk({k: v for k, v in layout.items() if k not in ("annotations", "font", "title", "hoverlabel")}, "layout")
    return out
