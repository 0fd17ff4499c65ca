"""The briefing pack: a Word document about one place or one indicator that a policy officer can edit
and send.

    python -m compare brief --jurisdiction 运城 --lang zh --out brief.docx
    python -m compare brief --indicator total_water_use_cap --lang en --out caps.docx

Contents, in one language (words from the `brief:` group of metadata/labels.yaml): title and build
date; the key targets; the same-year comparison with every level above (compare.analysis.target_cascade;
pairs of different years listed apart, never judged); the charts at briefing size (compare.presets
`briefing`, 16 cm wide, exported to PNG through compare.export's Chromium session); every target with
its quote, document title and 文号; the sources; methods and caveats (assumed baselines, unreviewed
rows, news-report sources).  Document text is data: control characters are removed, nothing else.
"""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from compare import __version__, analysis, metadata
from compare.errors import InputError
from compare.escape import plain_text

LANGS = ("zh", "en")
#: Width of the text column of the document (A4, 2.5 cm margins) and of every chart in it.
TEXT_WIDTH_CM = 16.0
#: A place's target profile at briefing size: panels per figure and columns (one figure per page).
PROFILE_PANELS = 6
PROFILE_COLS = 2
#: The tallest a chart may be placed (A4 less margins, a heading and a caption).
MAX_PICTURE_CM = 21.0
BODY_PT = 10.5
CELL_MARGIN_TWIPS = 45  # 0.08 cm
LATIN_FONT = "Arial"
TABLE_PT = 8.0
CJK_FONT = "Noto Sans CJK SC"

Tables = Mapping[str, pd.DataFrame]


def w(key: str, lang: str, **fmt: object) -> str:
    """A word of the `brief:` label group in `lang`."""
    s = metadata.label("brief", key, lang)
    return s.format(**fmt) if fmt else s


def _label(group: str, key: object, lang: str) -> str:
    try:
        return metadata.label(group, str(key), lang)
    except KeyError:
        return "" if key is None or (not isinstance(key, str) and pd.isna(key)) else str(key)


def _missing(v: object) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v)) or v == ""


def _num(v: object, digits: int = 4) -> str:
    if _missing(v):
        return ""
    return f"{float(v):.{digits}f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- what the brief is about


@dataclass(frozen=True)
class Subject:
    """A place (`jurisdiction`) or an indicator (`indicator`), by id."""

    kind: str
    id: str

    def name(self, lang: str) -> str:
        if self.kind == "jurisdiction":
            return metadata.jurisdiction_name(self.id, lang)
        return metadata.indicator_name(self.id, lang)


def _close(query: str, names: dict[str, str], describe) -> str:
    """“close matches: …” for `query` among `names` (spelling → id), by similarity and by substring."""
    close = difflib.get_close_matches(query, list(names), n=6, cutoff=0.5)
    close += [n for n in names if query and len(n) >= 2 and (n in query or query in n)]
    ids = list(dict.fromkeys(names[c] for c in close))[:8]
    return f"close matches: {', '.join(describe(i) for i in ids)}" if ids else "no close match"


def resolve_jurisdiction(query: str) -> str:
    """The jurisdiction id for an id, Chinese or English name, alias, or a name without its 市/县/区/省
    (运城 → 运城市); InputError naming --jurisdiction and the close matches otherwise."""
    specs = metadata.jurisdiction_specs()
    q = query.strip()
    names: dict[str, str] = {}
    for jid, s in specs.items():
        for n in (jid, s["name_zh"], s.get("name_en") or "", *s.get("aliases_zh", [])):
            if n:
                names[n] = jid
    exact = {jid for n, jid in names.items() if n == q or n.lower() == q.lower()}
    if len(exact) == 1:
        return exact.pop()
    ends = metadata.lexicon()["name_stem_suffixes"]
    stem = {jid for jid, s in specs.items() if q and s["name_zh"][:-1] == q and s["name_zh"][-1] in ends}
    if len(stem) == 1:
        return stem.pop()
    hint = _close(q, names, lambda j: "{} ({})".format(specs[j]["name_zh"], j))
    ambiguous = "ambiguous; " if stem or exact else ""
    raise InputError(f"--jurisdiction {query!r}: unknown jurisdiction ({ambiguous}{hint}). Use an id or a name of "
                     "data/reference/jurisdictions.yaml")


def resolve_indicator(query: str) -> str:
    """The indicator id for an id, Chinese or English name or alias; InputError naming --indicator and
    the close matches otherwise."""
    specs = metadata.indicator_specs()
    q = query.strip()
    names: dict[str, str] = {}
    for iid, s in specs.items():
        for n in (iid, s["name_zh"], s["name_en"], *s.get("aliases_zh", [])):
            names.setdefault(n, iid)
    found = {iid for n, iid in names.items() if n == q or n.lower() == q.lower()}
    if len(found) == 1:
        return found.pop()
    hint = _close(q, names, lambda i: "{} ({})".format(i, specs[i]["name_zh"]))
    raise InputError(f"--indicator {query!r}: unknown indicator ({hint}). "
                     "Use an id or a name of src/compare/metadata/indicators.yaml")


# --------------------------------------------------------------------------- the content


def subject_targets(subject: Subject, targets: pd.DataFrame) -> pd.DataFrame:
    """The subject's targets in vocabulary order (place, indicator), then by year and position."""
    col = "jurisdiction_id" if subject.kind == "jurisdiction" else "indicator_id"
    sub = targets[targets[col] == subject.id]
    j, i = analysis.jurisdiction_order(), analysis.indicator_order()
    sub = sub.assign(_j=sub["jurisdiction_id"].map(lambda x: j.get(x, len(j))),
                     _i=sub["indicator_id"].map(lambda x: i.get(x, len(i))))
    return sub.sort_values(["_j", "_i", "target_year", "char_start"], na_position="last", kind="stable").drop(
        columns=["_j", "_i"]).reset_index(drop=True)


def target_text(r: Mapping, lang: str, *, annual: object = None) -> str:
    """`不超过 12.5 亿立方米` / `at most 12.5 100 million m³`, with the annualised rate of a reduction."""
    unit = "" if r.get("unit") in (None, "1") else _label("unit", r.get("unit"), lang)
    value = _num(r.get("value"))
    if unit == "%":
        value, unit = f"{value}%", ""
    elif unit[:1].isdigit():  # 100 million m³: 7000 × 100 million m³, not 7000 100 million m³
        unit = f"× {unit}"
    s = " ".join(x for x in (_label("comparator", r.get("comparator"), lang), value, unit) if x)
    if not _missing(annual):
        s += f"（{w('annual', lang)} {_num(annual, 2)}%）" if lang == "zh" else f" ({_num(annual, 2)}% {w('annual', lang)})"
    return s


def key_targets(subject: Subject, targets: pd.DataFrame, lang: str) -> list[str]:
    """One line per indicator (a place's brief) or per place (an indicator's brief): the whole-jurisdiction
    target of the latest target year."""
    head = analysis.headline_targets(subject_targets(subject, targets))
    if head.empty:
        return []
    by = "indicator_id" if subject.kind == "jurisdiction" else "jurisdiction_id"
    latest = head.groupby(by, sort=False).tail(1)  # head is in vocabulary order, then by year
    sep = "：" if lang == "zh" else ": "
    lines = []
    for _, r in latest.iterrows():
        who = (metadata.indicator_name(r["indicator_id"], lang) if by == "indicator_id"
               else _jname(r["jurisdiction_id"], lang))
        year = w("target_year", lang, year=int(r["target_year"]))
        lines.append(f"{who}{sep}{year} {target_text(r, lang)}")
    return lines


def _jname(jid: object, lang: str) -> str:
    try:
        return metadata.jurisdiction_name(str(jid), lang)
    except KeyError:
        return str(jid)


def _iname(iid: object, lang: str) -> str:
    try:
        return metadata.indicator_name(str(iid), lang)
    except KeyError:
        return str(iid)


def comparisons(subject: Subject, tables: Tables) -> pd.DataFrame:
    """The subject's pairs of analysis.target_cascade (a place's own targets against every level above;
    for an indicator, every place's)."""
    cas = analysis.target_cascade(tables["targets"], tables["jurisdictions"])
    col = "jurisdiction_id" if subject.kind == "jurisdiction" else "indicator_id"
    return cas[cas[col] == subject.id].reset_index(drop=True)


def comparison_rows(cas: pd.DataFrame, lang: str, *, same_year: bool) -> list[list[str]]:
    """Table rows of the pairs for the same year (`same_year`) or of the others: place, indicator, year,
    the target, the level above, its target (with its year), the verdict (`context` rows: without)."""
    rows = []
    keep = cas["verdict"] != analysis.CONTEXT if same_year else cas["verdict"] == analysis.CONTEXT
    for _, r in cas[keep].iterrows():
        annual = r["comparison_basis"] == "annual_reduction"
        own = target_text(r, lang, annual=r["comparison_value"] if annual else None)
        ref = {"comparator": r["reference_comparator"], "value": r["reference_value"], "unit": r["unit"]}
        theirs = target_text(ref, lang, annual=r["reference_comparison_value"] if annual else None)
        level = _label("level", r["reference_level"], lang)
        rows.append([_jname(r["jurisdiction_id"], lang), _iname(r["indicator_id"], lang), str(int(r["target_year"])),
                     own, f"{_jname(r['reference_jurisdiction_id'], lang)}（{level}）" if lang == "zh"
                     else f"{_jname(r['reference_jurisdiction_id'], lang)} ({level})",
                     f"{int(r['reference_target_year'])}: {theirs}", _label("class", r["verdict"], lang)][
                         : 7 if same_year else 6])
    return rows


def comparison_counts(cas: pd.DataFrame, lang: str) -> str:
    """The counts of the pairs as a sentence (same-year verdicts, pairs not compared)."""
    vc = cas["verdict"].value_counts()
    n_not = int(vc.get(analysis.CONTEXT, 0))
    return w("comparison_counts", lang, n_pairs=len(cas), n_compared=len(cas) - n_not, n_not=n_not,
             **{v: int(vc.get(v, 0)) for v in analysis.VERDICTS})


def target_rows(targets: pd.DataFrame, documents: pd.DataFrame, lang: str, first: str) -> list[list[str]]:
    """One row per target: place or indicator (`first`), year, target, scope, quote, document title,
    文号, review status."""
    docs = documents.set_index("document_id")
    rows = []
    for _, r in targets.iterrows():
        doc = docs.loc[r["document_id"]] if r["document_id"] in docs.index else pd.Series(dtype=object)
        quote = r.get("quote_zh") if not _missing(r.get("quote_zh")) else r.get("source_quote_zh")
        who = _iname(r["indicator_id"], lang) if first == "indicator" else _jname(r["jurisdiction_id"], lang)
        target = target_text(r, lang)
        if analysis.is_reduction(r["indicator_id"]) and not _missing(r.get("baseline_year")):
            target += f"（{_label('figure', 'baseline', lang)} {int(r['baseline_year'])}）" if lang == "zh" \
                else f" ({_label('figure', 'baseline', lang)} {int(r['baseline_year'])})"
        rows.append([who, "" if _missing(r["target_year"]) else str(int(r["target_year"])), target,
                     "" if _missing(r.get("scope_zh")) else str(r["scope_zh"]),
                     "" if _missing(quote) else f"“{quote}”",
                     "" if _missing(doc.get("title_zh")) else f"《{doc['title_zh']}》",
                     "" if _missing(doc.get("doc_number")) else str(doc["doc_number"]),
                     _label("review_status", r.get("review_status"), lang)])
    return rows


def used_documents(targets: pd.DataFrame, cas: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The documents of the subject's targets and of the targets they are compared with."""
    ids = set(targets["document_id"]) | set(cas["document_id"]) | set(cas["reference_document_id"])
    return documents[documents["document_id"].isin(ids)].reset_index(drop=True)


def caveats(subject: Subject, targets: pd.DataFrame, cas: pd.DataFrame, docs: pd.DataFrame, lang: str) -> list[str]:
    """Assumed baselines, unreviewed rows and news-report sources of this brief, each counted and named."""
    sep = "；" if lang == "zh" else "; "
    out = []
    red = targets[targets["indicator_id"].map(analysis.is_reduction) & targets["target_year"].notna()
                  & targets["baseline_year"].isna()]
    items = [f"{_jname(r['jurisdiction_id'], lang)} {_iname(r['indicator_id'], lang)} {int(r['target_year'])}"
             for _, r in red.iterrows()]
    refs = cas[cas["reference_is_baseline_assumed"].fillna(False).astype(bool)]
    items += [f"{_jname(r['reference_jurisdiction_id'], lang)} {_iname(r['indicator_id'], lang)} "
              f"{int(r['reference_target_year'])}" for _, r in refs.iterrows()]
    items = list(dict.fromkeys(items))
    out.append(w("caveat_assumed", lang, n=len(items), items=sep.join(items)) if items else w("caveat_assumed_none", lang))
    unrev = targets[targets["review_status"] == "unreviewed"] if "review_status" in targets else targets.iloc[:0]
    items = [f"{_jname(r['jurisdiction_id'], lang) if subject.kind == 'indicator' else _iname(r['indicator_id'], lang)}"
             f" {'' if _missing(r['target_year']) else int(r['target_year'])}".strip() for _, r in unrev.iterrows()]
    out.append(w("caveat_unreviewed", lang, n=len(unrev), items=sep.join(items)) if len(unrev)
               else w("caveat_unreviewed_none", lang))
    news = docs[docs["kind"] == "news report"]
    items = [f"《{r['title_zh']}》" + ("" if _missing(r.get("publisher")) else f"（{r['publisher']}）")
             for _, r in news.iterrows()]
    out.append(w("caveat_news", lang, n=len(news), items=sep.join(items)) if len(news) else w("caveat_news_none", lang))
    return out


# --------------------------------------------------------------------------- charts


def charts(subject: Subject, tables: Tables, cas: pd.DataFrame, lang: str) -> list:
    """The subject's figures (plotly): a place's target profile, its cascade and its task-division
    matrix; an indicator's own charts (those of its page on the site; else its targets with the reference
    lines, or the annualised reductions), its cascade and the provincial tile map."""
    targets = tables["targets"]
    out = []
    if subject.kind == "jurisdiction":
        profile = analysis.jurisdiction_profile(targets, subject.id)
        iids = list(dict.fromkeys(profile["indicator_id"]))
        # A page holds PROFILE_PANELS panels in PROFILE_COLS columns at briefing size: one figure per page.
        chunks = [iids[i:i + PROFILE_PANELS] for i in range(0, len(iids), PROFILE_PANELS)]
        for k, chunk in enumerate(chunks, start=1):
            fig = _draw("city_profile", profile[profile["indicator_id"].isin(chunk)], tables, lang,
                        jurisdiction_id=subject.id, chart="city_profile")
            if len(chunks) > 1:
                _number(fig, k, len(chunks), lang)
            out.append(fig)
        if not cas.empty:
            out.append(_draw("cascade", cas, tables, lang, chart="cascade"))
        out.extend(_catalogue_figures(["responsibility_matrix"], tables, lang, jurisdiction_id=subject.id))
        return out
    named = _indicator_charts(subject.id)
    if named:
        out.extend(_catalogue_figures(named, tables, lang))
    elif analysis.is_reduction(subject.id):
        red = analysis.annualised_reductions(targets)
        red = red[red["indicator_id"] == subject.id]
        if not red.empty:
            out.append(_draw("intensity_reductions", red, tables, lang, chart="intensity_reductions"))
    else:
        view = analysis.indicator_view(targets, subject.id, tables["jurisdictions"], tables["documents"])
        if not view.empty:
            out.append(_draw("reference_chart", view, tables, lang, indicator_id=subject.id, title=subject.name(lang)))
    if not cas.empty:
        out.append(_draw("cascade", cas, tables, lang, chart="cascade"))
    out.extend(_catalogue_figures(["province_map"], tables, lang, indicator_id=subject.id))
    return out


# The chart builders are reached through these three functions only (compare.figures' builders as
# `builder(data, ctx)`, compare.catalogue for its entries), every figure drawn for the briefing preset.


def _draw(builder: str, data: pd.DataFrame, tables: Tables, lang: str, *, jurisdiction_id: str | None = None,
          indicator_id: str | None = None, chart: str | None = None, title: str | None = None):
    """The figure compare.figures' `builder` draws of `data` in `lang`; `title` replaces the chart's own."""
    from compare import figures

    extra = {"columns": PROFILE_COLS} if builder == "city_profile" else {}  # two columns are readable at 16 cm
    return getattr(figures, builder)(data, figures.Context(
        lang=lang, documents=tables.get("documents"), jurisdiction_id=jurisdiction_id, indicator_id=indicator_id,
        chart=chart, title=title, preset="briefing", **extra))


def _catalogue_figures(chart_ids: list[str], tables: Tables, lang: str, *, jurisdiction_id: str | None = None,
                       indicator_id: str | None = None) -> list:
    """The catalogue's figures of `chart_ids` (for the jurisdiction or indicator given, when per subject),
    as the pages the briefing preset cuts them into."""
    from compare import catalogue

    tables = dict(tables)
    wanted = [j for j in catalogue.jobs(tables, chart_ids) if (jurisdiction_id is None or j.jurisdiction_id == jurisdiction_id)
              and (indicator_id is None or j.indicator_id == indicator_id)]
    return [page for j in wanted for page in catalogue.pages(j, tables, lang, "briefing")]


def _indicator_charts(indicator_id: str) -> list[str]:
    """The catalogue charts an indicator's page on the site shows (none for most indicators)."""
    from compare import catalogue

    return catalogue.for_indicator(indicator_id)


def _number(fig, k: int, n: int, lang: str) -> None:
    """Add “(k/n)” to the first line of a figure's title (the figure is one of n pages of a chart)."""
    first, sep, rest = (fig.layout.title.text or "").partition("<br>")
    mark = f"（{k}/{n}）" if lang == "zh" else f" ({k}/{n})"
    fig.update_layout(title_text=f"{first}{mark}{sep}{rest}")


def chart_pngs(figs: list, directory: Path) -> list[tuple[Path, str]]:
    """Each figure drawn at the `briefing` preset (16 cm at 300 dpi, body text ≥ 9 pt) and exported to
    PNG in one Chromium session: (PNG path, the figure's title)."""
    from compare import export, presets

    jobs, titles = [], []
    for i, fig in enumerate(figs, start=1):
        jobs.append((presets.apply(fig, presets.BRIEFING), directory / f"chart-{i}.png", presets.BRIEFING.scale))
        titles.append(export.plain_title(fig))
    export.write_static(jobs)
    return [(job[1], title) for job, title in zip(jobs, titles, strict=True)]


# --------------------------------------------------------------------------- the Word document


def default_out(jurisdiction: str | None, indicator: str | None, lang: str) -> Path:
    """reports/brief/<subject id>.<lang>.docx (the subject resolved, so 运城 and 运城市 share a file)."""
    from compare import paths
    from compare.export import slugify

    subject = resolve_jurisdiction(jurisdiction) if jurisdiction is not None else resolve_indicator(indicator or "")
    return paths.REPORTS_DIR / "brief" / f"{slugify(subject)}.{lang}.docx"


def picture_size(path: Path) -> dict:
    """A chart's size in the document: the text width (16 cm, the width its fonts were sized for), unless
    it would then be taller than MAX_PICTURE_CM; then that height (a page with its heading and caption)."""
    from docx.image.image import Image as DocxImage
    from docx.shared import Cm

    img = DocxImage.from_file(str(path))
    height = TEXT_WIDTH_CM * img.px_height / img.px_width
    return {"width": Cm(TEXT_WIDTH_CM)} if height <= MAX_PICTURE_CM else {"height": Cm(MAX_PICTURE_CM)}


def _t(value: object) -> str:
    """Document text for a Word run: control characters removed."""
    return plain_text("" if value is None else value)


def _set_fonts(doc, lang: str) -> None:
    """Body font for Latin and East Asian text (Word picks the eastAsia font for 汉字)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        style = doc.styles[style_name]
        if style_name == "Normal":
            style.font.size = Pt(BODY_PT)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), CJK_FONT)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), LATIN_FONT)
    doc.core_properties.language = "zh-CN" if lang == "zh" else "en-GB"


def _table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float] | None = None) -> None:
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(_t(text))
        run.bold = True
        run.font.size = Pt(TABLE_PT)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            run = cell.paragraphs[0].add_run(_t(text))
            run.font.size = Pt(TABLE_PT)
    if widths_cm:
        table.autofit = False
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)  # the grid LibreOffice and WPS lay out by
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    # Narrow cell margins (0.08 cm left and right): a year or a 文号 fits its column.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    table._tbl.tblPr.append(margins)
    # Repeat the header row on every page.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    head = OxmlElement("w:tblHeader")
    head.set(qn("w:val"), "true")
    trpr.append(head)


def write_brief(out: Path, *, jurisdiction: str | None = None, indicator: str | None = None, lang: str = "zh",
                tables: Tables | None = None, info: Mapping | None = None, with_charts: bool = True) -> Path:
    """Write the briefing pack of one place (`jurisdiction`) or one indicator to `out` (.docx).

    InputError (exit 2) for an unknown place or indicator (naming the argument, with close matches), for
    a subject with no targets, or for a language other than zh/en.  `tables` and `info` default to the
    published tables and build_info.json; `with_charts=False` leaves the charts out (no Chromium needed).
    """
    if lang not in LANGS:
        raise InputError(f"--lang {lang!r}: choose zh or en (one language per document)")
    if (jurisdiction is None) == (indicator is None):
        raise InputError("give exactly one of --jurisdiction or --indicator")
    subject = (Subject("jurisdiction", resolve_jurisdiction(jurisdiction)) if jurisdiction is not None
               else Subject("indicator", resolve_indicator(indicator)))
    if tables is None:
        from compare.tables import load_all

        tables = load_all()
    if info is None:
        from compare.build import load_build_info

        info = load_build_info()
    tables = dict(tables)
    own = subject_targets(subject, tables["targets"])
    if own.empty:
        col = "jurisdiction_id" if subject.kind == "jurisdiction" else "indicator_id"
        having = sorted(set(tables["targets"][col]))
        raise InputError(f"--{subject.kind} {subject.id!r} ({subject.name('zh')}) has no targets in the published "
                         f"tables; {len(having)} {subject.kind}s have some, e.g. {', '.join(having[:8])}")
    cas = comparisons(subject, tables)
    docs = used_documents(own, cas, tables["documents"])
    with tempfile.TemporaryDirectory(prefix="brief-") as tmp:
        pictures = chart_pngs(charts(subject, tables, cas, lang), Path(tmp)) if with_charts else []
        doc = _document(subject, own, cas, docs, pictures, info, lang)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(out))
    return out


def _document(subject: Subject, own: pd.DataFrame, cas: pd.DataFrame, docs: pd.DataFrame,
              pictures: list[tuple[Path, str]], info: Mapping, lang: str):
    """The python-docx Document of the brief."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm((21.0 - TEXT_WIDTH_CM) / 2)
    _set_fonts(doc, lang)
    name = subject.name(lang)
    title = w("title_jurisdiction" if subject.kind == "jurisdiction" else "title_indicator", lang, name=name)
    doc.core_properties.title = _t(title)
    doc.core_properties.author = "water-targets compare"
    doc.add_heading(_t(title), level=0)
    built = str(info.get("built_at") or "")[:10] or "—"
    doc.add_paragraph(_t(w("subtitle", lang, built=built, version=__version__)))

    doc.add_heading(w("key_targets", lang), level=1)
    doc.add_paragraph(w("key_targets_intro_j" if subject.kind == "jurisdiction" else "key_targets_intro_i", lang))
    lines = key_targets(subject, own, lang)
    for line in lines or [w("none", lang)]:
        doc.add_paragraph(_t(line), style="List Bullet")

    doc.add_heading(w("comparison", lang), level=1)
    if cas.empty:
        doc.add_paragraph(w("comparison_none", lang))
    else:
        doc.add_paragraph(w("comparison_intro", lang) + ("" if lang == "zh" else " ") + comparison_counts(cas, lang))
        header = [w(k, lang) for k in ("col_place", "col_indicator", "col_year", "col_target", "col_level_above",
                                       "col_above_target", "col_verdict")]
        # The subject's own column says the same on every row: left out (a place's brief: the place).
        skip = 0 if subject.kind == "jurisdiction" else 1
        keep = [i for i in range(7) if i != skip]
        same = comparison_rows(cas, lang, same_year=True)
        if same:
            _table(doc, [header[i] for i in keep], [[r[i] for i in keep] for r in same],
                   [3.4, 1.1, 3.2, 2.7, 3.6, 2.0])
        other = comparison_rows(cas, lang, same_year=False)
        if other:
            doc.add_heading(w("other_years", lang), level=2)
            _table(doc, [header[i] for i in keep[:-1]], [[r[i] for i in keep[:-1]] for r in other],
                   [3.8, 1.2, 3.6, 3.0, 4.4])

    if pictures:
        doc.add_heading(w("charts", lang), level=1)
        for n, (path, chart_title) in enumerate(pictures, start=1):
            doc.add_picture(str(path), **picture_size(path))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the caption stays with its chart
            doc.add_paragraph(_t(w("chart_caption", lang, n=n, title=chart_title)), style="Caption")

    doc.add_heading(w("all_targets", lang), level=1)
    first = "indicator" if subject.kind == "jurisdiction" else "place"
    header = [w("col_indicator" if first == "indicator" else "col_place", lang)] + [
        w(k, lang) for k in ("col_year", "col_target", "col_scope", "col_quote", "col_document", "col_doc_number",
                             "col_review")]
    _table(doc, header, target_rows(own, docs, lang, first), [2.2, 1.0, 2.2, 1.2, 3.7, 2.3, 2.0, 1.4])

    doc.add_heading(w("sources", lang), level=1)
    src_rows = [["" if _missing(r.get(c)) else (f"《{r[c]}》" if c == "title_zh" else
                                                _label("kind", r[c], lang) if c == "kind" else str(r[c]))
                 for c in ("title_zh", "issuer_zh", "doc_number", "date_issued", "kind", "source_url")]
                for _, r in docs.iterrows()]
    _table(doc, [w(k, lang) for k in ("col_document", "col_issuer", "col_doc_number", "col_date", "col_kind", "col_url")],
           src_rows, [4.2, 2.4, 2.2, 1.7, 1.5, 4.0])

    doc.add_heading(w("methods", lang), level=1)
    for key in ("method_extract", "method_verdict", "method_reduction"):
        doc.add_paragraph(w(key, lang))
    if info.get("validation_status") == "passed" and info.get("validation_checks"):
        doc.add_paragraph(w("method_validation_passed", lang, n=int(info["validation_checks"])))
    elif info.get("validation"):
        doc.add_paragraph(_t(w("method_validation", lang, validation=info["validation"])))
    for line in caveats(subject, own, cas, docs, lang):
        doc.add_paragraph(_t(line), style="List Bullet")
    return doc
