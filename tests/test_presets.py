"""Export presets: a briefing chart placed 16 cm wide prints its body text at ≥ 9 pt and its source line
at ≥ 7 pt.  Effective sizes are computed from the figure (every font it sets) and, through Chromium,
from every text element of the exported SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from test_analysis import hand_tables

from compare import catalogue, cli, export, presets
from compare.errors import ExportError

PT_16CM = 16 / 2.54 * 72  # 453.543 pt


def test_briefing_geometry_worked_out_by_hand():
    b = presets.BRIEFING
    assert b.print_width_pt == pytest.approx(PT_16CM)
    assert b.image_width_px == 1890  # 16 cm = 6.299 in; × 300 dpi = 1889.8
    assert b.image_width_px / (16 / 2.54) == pytest.approx(300, abs=0.1)
    # 9 pt on a 760 px chart placed at 453.5 pt: 9 × 760 / 453.543 = 15.08 px → 15.5 px (half-pixel steps)
    assert b.px_for(9) == 15.5 and b.effective_pt(15.5) == pytest.approx(9.2498, abs=1e-3)
    # 7 pt: 11.73 px → 12 px = 7.161 pt
    assert b.px_for(7) == 12.0 and b.effective_pt(12) == pytest.approx(7.1612, abs=1e-3)


def test_the_web_size_prints_too_small_at_16_cm():
    """The issue's measurement: a 1200 px chart with 13 px text and a 10 px source line, placed 16 cm wide."""
    assert presets.BRIEFING.effective_pt(13, width_px=1200) == pytest.approx(4.91, abs=0.01)
    assert presets.BRIEFING.effective_pt(10, width_px=1200) == pytest.approx(3.78, abs=0.01)


def _jobs():
    t = hand_tables()
    return [(job, t) for job in catalogue.jobs(t)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("preset", [presets.BRIEFING, presets.SLIDE], ids=lambda p: p.name)
def test_every_catalogue_chart_meets_the_minimum_sizes(lang, preset):
    for job, t in _jobs():
        fig = presets.apply(catalogue.build(job, t, lang)[0], preset)
        assert fig.layout.width == preset.width_px
        if preset.height_px:  # 16:9, unless rows of text need more (the cascade grows rather than overlap)
            rows = (fig.layout.meta or {}).get("text_lines")
            assert fig.layout.height >= preset.height_px if rows else fig.layout.height == preset.height_px
        sizes = presets.font_sizes(fig)
        body = [(k, preset.effective_pt(px)) for k, px in sizes if k != "source"]
        source = [preset.effective_pt(px) for k, px in sizes if k == "source"]
        assert len(source) == 1, job.name
        assert source[0] >= preset.min_source_pt, job.name
        small = [(k, round(pt, 2)) for k, pt in body if pt < preset.min_body_pt]
        assert not small, (job.name, small)
        assert any(k == "title_sup" for k, _ in sizes)  # the unit line is counted too


def test_apply_rewraps_the_source_line_within_the_new_width():
    fig, _ = catalogue.build("leakage_rate", hand_tables(), "zh")
    b = presets.apply(fig, presets.BRIEFING)
    src = next(a for a in b.layout.annotations if presets.is_source(a.to_plotly_json()))
    lines = src.text.split("<br>")
    assert len(lines) > 1
    usable = b.layout.width - b.layout.margin.l
    assert all(len(line) * src.font.size <= usable for line in lines)  # CJK: one em per character at most
    assert presets.unwrap(src.text) == presets.unwrap(
        next(a for a in fig.layout.annotations if presets.is_source(a.to_plotly_json())).text)
    assert b.layout.margin.b >= 1.35 * src.font.size * len(lines)


def test_web_is_todays_figure():
    fig, _ = catalogue.build("caps_by_city", hand_tables(), "en")
    assert presets.apply(fig, presets.WEB).to_dict() == fig.to_dict()


def test_wrap_px_keeps_latin_words_whole():
    lines = presets.wrap_px("Sources: National water-saving action plan; 运政发〔2020〕30号 《细则》", 10, 200)
    assert all(sum(presets._char_em(c) for c in x) * 10 <= 200 for x in lines)
    assert "water-saving" in " ".join(lines) and "action" in " ".join(lines)


def test_cli_preset_choices():
    args = cli.parser().parse_args(["export", "--preset", "slide"])
    assert args.preset == "slide"
    assert cli.parser().parse_args(["export"]).preset is None
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["export", "--preset", "poster"])
    with pytest.raises(ExportError, match="preset"):
        export.export_catalogue("unused", ["zh"], ["html"], ["caps_by_city"], tables=hand_tables(), preset="poster")


# --------------------------------------------------------------------------- through Chromium

_PX = re.compile(r"font-size:\s*([\d.]+)(px|%)")


def svg_text_sizes(svg: str) -> list[tuple[str, str, float]]:
    """(whole text of its <text> element, run, effective font px) for every non-empty run of text in a
    Plotly SVG: a <tspan> given in % is relative to its parent (the title's <sup> line is 70 %)."""
    out = []

    def size_of(el, inherited: float) -> float:
        m = _PX.search(el.get("style") or "") or re.match(r"([\d.]+)(px)?$", el.get("font-size") or "")
        if not m:
            return inherited
        return inherited * float(m.group(1)) / 100 if m.group(2) == "%" else float(m.group(1))

    def runs(el, size: float, whole: str) -> None:
        here = size_of(el, size)
        if (el.text or "").strip():
            out.append((whole, el.text.strip(), here))
        for child in el:
            runs(child, here, whole)
            if (child.tail or "").strip():
                out.append((whole, child.tail.strip(), here))

    def walk(el, size: float) -> None:
        here = size_of(el, size)
        if el.tag.rsplit("}", 1)[-1] == "text":
            runs(el, size, "".join(el.itertext()).strip())
            return
        for child in el:
            walk(child, here)

    walk(ET.fromstring(svg), 0.0)
    return out


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_briefing_svg_text_prints_at_9pt_and_source_at_7pt(tmp_path, lang):
    try:
        export.check_static_export()
    except ExportError as exc:
        pytest.skip(str(exc))
    names = ["caps_by_city", "cascade", "intensity_reductions", "targets_vs_outcomes", "coverage"]
    written = export.export_catalogue(tmp_path, [lang], ["svg", "png"], names, tables=hand_tables(), preset="briefing")
    labels = presets.source_labels()
    pages = [(name, p) for name in names for p in written[f"{lang}/{name}"] if p.suffix == ".svg"]
    assert {name for name, _ in pages} == set(names)
    for name, page in pages:  # a long chart is several pages (<chart>-p1.svg …), each checked
        svg = page.read_text(encoding="utf-8")
        width = float(ET.fromstring(svg).get("width"))
        assert width == presets.BRIEFING.width_px
        runs = svg_text_sizes(svg)
        assert runs, name
        sources = {whole for whole, _, _ in runs if any(whole.startswith(x) for x in labels)}
        assert len(sources) == 1, name
        for whole, text, px in runs:
            pt = px * PT_16CM / width
            floor = presets.BRIEFING.min_source_pt if whole in sources else presets.BRIEFING.min_body_pt
            assert pt >= floor - 1e-6, (name, text, round(pt, 2))
        png = page.with_suffix(".png").read_bytes()
        assert int.from_bytes(png[16:20], "big") == 1890
