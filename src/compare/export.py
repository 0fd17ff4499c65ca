"""Export the chart catalogue: PNG/SVG/PDF through one Chromium session, offline HTML, the data behind
each chart as CSV and XLSX, and a README listing the sources.

    python -m compare export --out exports --lang zh,en --format png,svg,pdf,html [--chart NAME …]

Layout of the output: `<out>/<lang>/<chart>.<format>`, `<out>/<lang>/<chart>.csv|.xlsx`,
`<out>/<lang>/README.md` and `<out>/<lang>/sources.csv`.  Each HTML file carries plotly.js compressed
(`--html standalone`, the default), so it works offline and when sent on its own; `--html shared` writes
one plotly.min.js beside the charts instead.  PDFs are post-processed (`fix_pdf`) so that copied or
searched Chinese is the real characters and the title is the chart's.  Plotly and kaleido are imported
here and in compare.figures only.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import unicodedata
import warnings
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from compare import __version__, outdir
from compare.errors import ExportError
from compare.escape import spreadsheet_safe
from compare.files import slugify
from compare.labels import LANGS, text

INSTALL_HINT = "apt-get install chromium fonts-noto-cjk"
STATIC_FORMATS = ("png", "svg", "pdf")
FORMATS = (*STATIC_FORMATS, "html")
#: Where Debian and other distributions put Chromium / Chrome.
BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                      "/usr/bin/google-chrome-stable")
PNG_SCALE = 2
#: The PDF /Author of every exported chart.
PDF_AUTHOR = "water-targets compare"


# --------------------------------------------------------------------------- environment checks


def find_browser(env: Mapping[str, str] | None = None) -> str:
    """The Chromium/Chrome executable kaleido will drive: $BROWSER_PATH when set, else the system's.
    ExportError with the install command when there is none."""
    env = os.environ if env is None else env
    explicit = env.get("BROWSER_PATH")
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise ExportError(f"BROWSER_PATH={explicit} is not an executable browser. Install one: {INSTALL_HINT}")
    for candidate in BROWSER_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return found
    raise ExportError(
        f"no Chromium/Chrome found for static chart export (png/svg/pdf). Install it: {INSTALL_HINT} "
        "(or set BROWSER_PATH to a Chrome executable; HTML export works without it)"
    )


def cjk_fonts(env: Mapping[str, str] | None = None) -> list[str]:
    """Font families fontconfig knows that cover Chinese (`fc-list :lang=zh family`); [] when none
    or when fontconfig itself is missing."""
    try:
        proc = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=60,
                              env=dict(os.environ if env is None else env), check=False)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return []
    return sorted({line.strip() for line in proc.stdout.splitlines() if line.strip()})


def check_cjk_font(env: Mapping[str, str] | None = None) -> list[str]:
    """The CJK font families available; ExportError with the install command when there are none
    (Chromium would otherwise draw every Chinese character as an empty box, silently)."""
    fonts = cjk_fonts(env)
    if not fonts:
        raise ExportError(
            "no font with Chinese glyphs is installed (`fc-list :lang=zh` is empty): charts would show empty "
            f"boxes instead of 汉字. Install one: {INSTALL_HINT}"
        )
    return fonts


def check_static_export(env: Mapping[str, str] | None = None) -> str:
    """Check browser and CJK font before anything is written; point kaleido at the browser found."""
    browser = find_browser(env)
    check_cjk_font(env)
    if env is None:
        os.environ["BROWSER_PATH"] = browser
    return browser


# --------------------------------------------------------------------------- names and offline plotly


def plotlyjs_path() -> Path:
    """The plotly.min.js bundled with the installed plotly package (for offline HTML and notebooks)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise ExportError(f"{path} is missing: reinstall plotly (`pip install --force-reinstall plotly`)")
    return path


def copy_plotlyjs(directory: Path) -> Path:
    """Copy plotly.min.js into `directory` (replacing an older copy) and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "plotly.min.js"
    src = plotlyjs_path()
    if not target.exists() or target.stat().st_size != src.stat().st_size:
        shutil.copyfile(src, target)
    return target


#: How an exported chart HTML carries plotly.js (`compare export --html`):
#:   standalone  plotly.js inlined gzip-compressed (~1.4 MB instead of 4.8 MB) and unpacked in the browser
#:               (DecompressionStream): works offline and sent on its own; the default
#:   inline      plotly.js inlined as it is (~4.8 MB a file): also for browsers without DecompressionStream
#:   shared      one plotly.min.js beside the charts of a folder, loaded by each (a few kB a file); a page
#:               sent without it says so instead of staying blank
HTML_MODES = ("standalone", "inline", "shared")


@functools.cache
def _plotlyjs_gzip_b64() -> str:
    """plotly.min.js gzip-compressed (level 9) and base64-encoded, once per process."""
    return base64.b64encode(gzip.compress(plotlyjs_path().read_bytes(), compresslevel=9, mtime=0)).decode("ascii")


def _json_for_script(fig) -> str:
    """The figure as JSON safe inside a <script> element (`<` escaped, so no `</script>` can end it)."""
    return fig.to_json().replace("<", "\\u003c")


_HTML_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title>
<style>body{{margin:0;font-family:{font}}} #note{{margin:1em;color:#555}}</style></head>
<body><p id="note">{note}</p><div id="chart" class="plotly-graph-div"></div>
{loader}
<script type="application/json" id="figure">{figure}</script>
<script>
function drawChart() {{
  var fig = JSON.parse(document.getElementById("figure").textContent);
  return Plotly.newPlot("chart", fig.data, fig.layout, {config}).then(function () {{
    document.getElementById("note").remove(); }});
}}
{start}
</script></body></html>
"""

_UNPACK = """(async function () {
  try {
    var bytes = Uint8Array.from(atob(document.getElementById("plotly-gz").textContent), function (c) {
      return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    (0, eval)(await new Response(stream).text());
    await drawChart();
  } catch (e) { document.getElementById("note").textContent += " (" + e + ")"; }
})();"""


def write_html(fig, path: Path, mode: str = "standalone", lang: str = "zh") -> Path:
    """Write `fig` as an HTML page that draws it with nothing fetched from the network (`mode`, see
    HTML_MODES): `standalone` and `inline` carry plotly.js and work sent on their own; `shared` loads
    the plotly.min.js copied beside it.  The page shows a note in `lang` until the chart is drawn, and
    keeps it (with the reason) when it cannot be: an old browser, or plotly.min.js missing."""
    if mode not in HTML_MODES:
        raise ExportError(f"--html {mode}: choose from {', '.join(HTML_MODES)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    from compare.figures import FONT_FAMILY

    if mode == "standalone":
        loader = f'<script type="application/octet-stream" id="plotly-gz">{_plotlyjs_gzip_b64()}</script>'
        start = _UNPACK
    elif mode == "inline":
        loader = "<script>" + plotlyjs_path().read_text(encoding="utf-8") + "</script>"
        start = "drawChart();"
    else:
        copy_plotlyjs(path.parent)
        loader = '<script src="plotly.min.js"></script>'
        start = 'if (window.Plotly) { drawChart(); }'
    config = {"displaylogo": False, "responsive": True}
    page = _HTML_PAGE.format(
        lang=lang, title=html.escape(plain_title(fig)), font=html.escape(FONT_FAMILY, quote=False),
        note=html.escape(text("export", f"html_note_{mode}", lang)), loader=loader,
        figure=_json_for_script(fig), config=json.dumps(config), start=start)
    path.write_text(page, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- static images


def static_specs(jobs: Iterable[tuple], scale: float = PNG_SCALE) -> list[dict]:
    """kaleido job dicts (fig, path, opts) with each figure's own layout size (plotly.io.write_images
    would otherwise apply its 700×500 default).  A job is (fig, path) or (fig, path, PNG scale)."""
    specs = []
    for fig, path, *own_scale in jobs:
        layout = fig.layout
        fmt = path.suffix.lstrip(".")
        specs.append({"fig": fig.to_dict(), "path": path,
                      "opts": {"format": fmt, "width": layout.width or 1200, "height": layout.height or 700,
                               "scale": (own_scale[0] if own_scale else scale) if fmt == "png" else 1}})
    return specs


def _render(specs: list[dict], tabs: int, browser: str) -> tuple:
    """Render kaleido job dicts through one Chromium session; the errors kaleido reports."""
    import kaleido

    kaleido.start_sync_server(n=tabs, plotlyjs=str(plotlyjs_path()), mathjax=False, silence_warnings=True)
    try:
        return kaleido.write_fig_from_object_sync(specs, cancel_on_error=False)
    except Exception as exc:  # kaleido wraps browser failures in many types
        raise ExportError(f"static export through {browser} failed: {exc}. Check the browser: {INSTALL_HINT}") from exc
    finally:
        _stop_server()


#: Seconds to wait for kaleido's server thread to end once told to stop.
_STOP_WAIT = 60


def _stop_server() -> None:
    """Stop kaleido's sync server as `kaleido.stop_sync_server` does, but wait a bounded time: its close joins the
    server's thread with no timeout, and Chromium's shutdown has been seen to hang there (a test worker waited for
    minutes in `GlobalKaleidoServer.close`).  After `_STOP_WAIT` seconds the thread (a daemon) is left behind and the
    server marked closed, so the next export starts a fresh one."""
    import kaleido

    server = kaleido._global_server  # the singleton stop_sync_server closes
    if not server.is_running():
        return
    thread = server._thread
    server._task_queue.put(None)
    thread.join(_STOP_WAIT)
    if thread.is_alive():
        warnings.warn(f"kaleido's Chromium did not shut down within {_STOP_WAIT} s; it is left behind", RuntimeWarning,
                      stacklevel=2)
    for name in ("_thread", "_task_queue", "_return_queue"):
        server.__dict__.pop(name, None)
    server._initialized = False


def write_static(jobs: list[tuple], scale: float = PNG_SCALE, tabs: int = 1) -> list[Path]:
    """Render every (figure, path) pair — or (figure, path, PNG scale) — through ONE Chromium session
    (kaleido's sync server), format from the path's suffix.  Offline: plotly.js from the plotly package,
    MathJax off."""
    if not jobs:
        return []

    browser = check_static_export()
    specs = static_specs(jobs, scale)
    for spec in specs:
        Path(spec["path"]).parent.mkdir(parents=True, exist_ok=True)
    errors = _render(specs, tabs, browser)
    missing = [s for s in specs if not Path(s["path"]).is_file()]
    if missing and errors:
        # A tab whose page had not loaded when kaleido called into it (ReferenceError: kaleido_scopes is
        # not defined, seen on a loaded machine): render what is missing once more in a fresh browser.
        errors = _render(missing, 1, browser)
        missing = [s for s in specs if not Path(s["path"]).is_file()]
    if errors or missing:
        raise ExportError(f"static export failed for {[str(s['path']) for s in missing] or 'some charts'}: {errors}")
    for fig, path, *_ in jobs:
        if Path(path).suffix == ".pdf":
            fix_pdf(Path(path), plain_title(fig))
    return [Path(s["path"]) for s in specs]


# --------------------------------------------------------------------------- real text in PDFs
#
# Chromium (Skia) writes each font's ToUnicode map from the font's character map, keeping the lowest
# code point when several share one glyph.  Noto Sans CJK draws the Kangxi radical ⽔ (U+2F54) with the
# glyph of 水 (U+6C34), so copied or searched text comes out as radicals.  NFKC maps most radicals
# (and compatibility ideographs) to their ideograph; the CJK Radicals Supplement (⻓ U+2ED3 = 长) has no
# NFKC form, and for ⼾ NFKC gives 戶 where the SC glyph is 户: metadata/radicals.yaml lists those,
# read from the font.  `fix_pdf` rewrites the maps with `ideograph`.


def plain_title(fig) -> str:
    """The figure's title as plain text: its lines before the unit line (<sup>), joined again when a
    preset wrapped them, without HTML tags or entities."""
    from compare.presets import unwrap

    title = (fig.layout.title.text or "") if fig.layout.title else ""
    lines = [line for line in re.split(r"<br\s*/?>", title) if not line.lstrip().startswith("<sup>")]
    return html.unescape(re.sub(r"<[^>]+>", "", unwrap("<br>".join(lines)))).strip()


def ideograph(ch: str) -> str:
    """The unified ideograph a radical or compatibility ideograph stands for: the one the CJK font draws
    with the same glyph (metadata/radicals.yaml: ⻓ → 长, ⼾ → 户), else its NFKC form when that is a
    unified ideograph (⽔ → 水); `ch` otherwise."""
    from compare import metadata

    same_glyph = metadata.radical_equivalents()
    if ch in same_glyph:
        return same_glyph[ch]
    nf = unicodedata.normalize("NFKC", ch)
    if nf != ch and len(nf) == 1 and unicodedata.name(nf, "").startswith("CJK UNIFIED IDEOGRAPH"):
        return nf
    return ch


_HEX = r"<([0-9A-Fa-f]*)>"
_BFCHAR = re.compile(rf"{_HEX}\s*{_HEX}")
_BFRANGE = re.compile(rf"{_HEX}\s*{_HEX}\s*(?:{_HEX}|\[([^\]]*)\])")
_BLOCK = re.compile(r"\d+\s+begin(bfchar|bfrange)(.*?)end\1", re.S)


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", "surrogatepass")


def real_text_cmap(cmap: bytes) -> tuple[bytes, int]:
    """A ToUnicode CMap with every radical replaced by its ideograph (`ideograph`), and the number of
    codes changed; the CMap unchanged (and 0) when there is nothing to change.  The mappings are
    written back as bfchar entries (a bfrange of radicals does not stay a range)."""
    text = cmap.decode("latin-1")
    blocks = list(_BLOCK.finditer(text))
    mapping: dict[str, str] = {}
    for block in blocks:
        if block.group(1) == "bfchar":
            for src, dst in _BFCHAR.findall(block.group(2)):
                mapping[src.upper()] = _utf16(dst)
            continue
        for lo, hi, dst, array in _BFRANGE.findall(block.group(2)):
            start, end = int(lo, 16), int(hi, 16)
            if array:
                targets = [_utf16(h) for h in re.findall(_HEX, array)]
            else:
                first = _utf16(dst)
                targets = [first[:-1] + chr(ord(first[-1]) + k) for k in range(end - start + 1)] if first else []
            for k, target in enumerate(targets[: end - start + 1]):
                mapping[f"{start + k:0{len(lo)}X}"] = target
    fixed = {src: "".join(ideograph(c) for c in dst) for src, dst in mapping.items()}
    changed = sum(fixed[k] != mapping[k] for k in mapping)
    if not changed:
        return cmap, 0
    items = sorted(fixed.items(), key=lambda kv: int(kv[0], 16))
    body = []
    for i in range(0, len(items), 100):  # at most 100 entries per block (PDF reference, 5.9.2)
        chunk = items[i:i + 100]
        body.append(f"{len(chunk)} beginbfchar\n" + "".join(
            f"<{src}> <{dst.encode('utf-16-be', 'surrogatepass').hex().upper()}>\n" for src, dst in chunk)
            + "endbfchar\n")
    new = text[: blocks[0].start()] + "".join(body) + text[blocks[-1].end():]
    return new.encode("latin-1"), changed


def _pdf_text(s: str) -> bytes:
    """A PDF text string (UTF-16BE with byte-order mark, written in hex)."""
    return b"<FEFF" + s.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def fix_pdf(path: Path, title: str, author: str = PDF_AUTHOR) -> int:
    """Make an exported PDF's text real: every ToUnicode map with radicals is replaced (`real_text_cmap`)
    and the document information gets `title` and `author` (Chromium writes its page title,
    “Kaleido-fier”).  Written as an incremental update appended to the file, so nothing Chromium wrote
    is moved.  Returns the number of character codes corrected; ExportError when the file is not a PDF
    with a classic cross-reference table (what Chromium writes)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    data = path.read_bytes()
    tail = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if tail is None or b"trailer" not in data[int(tail.group(1)):]:
        raise ExportError(f"{path}: no classic PDF cross-reference table; cannot fix its text and title")
    with path.open("rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        trailer = doc.xrefs[0].get_trailer()
        maps: dict[int, bytes] = {}
        for xref in doc.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = doc.getobj(objid)
                except Exception:  # pdfminer raises several types for free or odd entries
                    continue
                ref = obj.get("ToUnicode") if isinstance(obj, dict) else None
                if isinstance(ref, PDFObjRef) and ref.objid not in maps:
                    stream = doc.getobj(ref.objid)
                    if isinstance(stream, PDFStream):
                        maps[ref.objid] = stream.get_data()
        old_info = doc.info[0] if doc.info else {}
    root, info_ref, size = trailer["Root"], trailer.get("Info"), int(trailer["Size"])
    info_id = info_ref.objid if isinstance(info_ref, PDFObjRef) else size
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets: dict[int, int] = {}
    n_changed = 0
    for objid, cmap in sorted(maps.items()):
        new, changed = real_text_cmap(cmap)
        if not changed:
            continue
        n_changed += changed
        packed = zlib.compress(new)
        offsets[objid] = len(out)
        out += b"%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n" % (objid, len(packed))
        out += packed + b"\nendstream\nendobj\n"
    info = {"Title": _pdf_text(title), "Author": _pdf_text(author)}
    for key in ("Creator", "Producer", "CreationDate", "ModDate"):
        value = old_info.get(key)
        if isinstance(value, bytes):
            info[key] = b"(" + value.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    offsets[info_id] = len(out)
    out += b"%d 0 obj\n<<" % info_id + b"".join(b"/%s %s\n" % (k.encode(), v) for k, v in info.items())
    out += b">>\nendobj\n"
    xref_at = len(out)
    out += b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % (objid, offsets[objid]) for objid in sorted(offsets))
    out += b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (
        max(size, info_id + 1), root.objid, info_id, int(tail.group(1)), xref_at)
    path.write_bytes(bytes(out))
    return n_changed


# --------------------------------------------------------------------------- data and sources


def write_data(data: pd.DataFrame, base: Path) -> list[Path]:
    """The data behind a chart as `<base>.csv` (UTF-8 with BOM, so spreadsheet programs read 汉字)
    and `<base>.xlsx` (sheet `data`); a cell holding a list is written as its items joined by "; "."""
    base.parent.mkdir(parents=True, exist_ok=True)
    csv, xlsx = base.with_suffix(".csv"), base.with_suffix(".xlsx")
    data = data.map(lambda v: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v)
    data = spreadsheet_safe(data)  # no cell may start a formula
    data.to_csv(csv, index=False, encoding="utf-8-sig")
    with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
        data.to_excel(writer, sheet_name="data", index=False)
    return [csv, xlsx]


def sources_table(documents: pd.DataFrame, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per source: each document (title, issuer, doc number, date, kind, source URL or file)
    and each distinct outcome source URL."""
    cols = ["document_id", "jurisdiction_id", "title_zh", "issuer_zh", "doc_number", "date_issued", "kind",
            "source_url", "path"]
    docs = documents.reindex(columns=cols).assign(role="target document")
    if outcomes is None or outcomes.empty:
        return docs.reset_index(drop=True)
    o = (outcomes.groupby(["source_url", "source_kind"], dropna=False)["jurisdiction_id"]
         .agg(lambda s: ",".join(sorted(set(s)))).reset_index()
         .rename(columns={"source_kind": "kind"}).assign(role="reported outcome"))
    return pd.concat([docs, o.reindex(columns=[*cols, "role"])], ignore_index=True)


def _md_cell(v: object) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).replace("|", "\\|").replace("\n", " ")


def write_sources(directory: Path, sources: pd.DataFrame, files: Mapping[str, tuple[str, list[Path]]],
                  lang: str) -> list[Path]:
    """`README.md` (what each chart file is, then every source with doc number and URL, and how to
    cite) and `sources.csv` in `directory`; `files` maps figure name → (title, files written)."""
    directory.mkdir(parents=True, exist_ok=True)
    csv = directory / "sources.csv"
    spreadsheet_safe(sources).to_csv(csv, index=False, encoding="utf-8-sig")
    def word(key: str, **fill: object) -> str:
        return text("export", key, lang, **fill)

    lines = [f"# {word('readme_title')}", "", word("exported", version=__version__, date=dt.date.today().isoformat()),
             "", f"## {word('charts')}", ""]
    for name, (title, paths) in files.items():
        lines.append(f"- **{name}** — {title}: " + ", ".join(f"`{p.name}`" for p in paths))
    lines += ["", f"## {word('sources')}", "",
              "| document | doc number | title | issuer | date | kind | URL / file |", "|---|---|---|---|---|---|---|"]
    for _, r in sources.iterrows():
        where = r["source_url"] if isinstance(r["source_url"], str) and r["source_url"] else r.get("path")
        lines.append("| " + " | ".join(_md_cell(v) for v in (
            r.get("document_id") if isinstance(r.get("document_id"), str) else r.get("role"), r.get("doc_number"),
            r.get("title_zh"), r.get("issuer_zh"), r.get("date_issued"), r.get("kind"), where)) + " |")
    lines += ["", f"## {word('cite')}", "", word("cite_text"), ""]
    readme = directory / "README.md"
    readme.write_text("\n".join(lines), encoding="utf-8")
    return [readme, csv]


# --------------------------------------------------------------------------- the command


def _check_args(langs: list[str], formats: list[str]) -> tuple[list[str], list[str]]:
    langs = [x.strip() for x in langs if x.strip()]
    formats = [x.strip().lower() for x in formats if x.strip()]
    bad_l = [x for x in langs if x not in LANGS]
    bad_f = [x for x in formats if x not in FORMATS]
    if bad_l or not langs:
        raise ExportError(f"--lang {','.join(bad_l) or '(none)'}: choose from {','.join(LANGS)}")
    if bad_f or not formats:
        raise ExportError(f"--format {','.join(bad_f) or '(none)'}: choose from {','.join(FORMATS)}")
    return list(dict.fromkeys(langs)), list(dict.fromkeys(formats))


def page_paths(base: Path, fmt: str, n: int) -> list[Path]:
    """The files of a figure's `n` pages: `<base>.<fmt>` for one page, `<base>-p1.<fmt>` … for several."""
    if n == 1:
        return [base.with_suffix(f".{fmt}")]
    return [base.with_name(f"{base.name}-p{k}.{fmt}") for k in range(1, n + 1)]


def export_catalogue(out: Path, langs: list[str], formats: list[str], charts: list[str] | None,
                     *, tables: Mapping[str, pd.DataFrame] | None = None,
                     preset: str | None = None, html: str = "standalone") -> dict[str, list[Path]]:
    """Write every chart of the catalogue (or only `charts`) in each language and format under
    `out/<lang>/`, the data behind each as CSV and XLSX, and a README + sources.csv; return
    {`<lang>/<figure>`: files written}.

    `preset` (compare.presets: briefing, slide, web) sizes the PNG, SVG and PDF files; without one,
    PNG and PDF are drawn for a briefing (16 cm at 300 dpi) and SVG for the web.  A long chart is split
    into pages no taller than the preset's page (`<chart>-p1.svg`, `-p2` …; catalogue.pages).  HTML is
    always the interactive screen size, one file, carrying plotly.js as `html` says (HTML_MODES:
    standalone by default).  Browser and CJK font are checked before anything is written when a
    static format is asked for.  `tables` defaults to the published tables (compare.tables.load_all()).
    """
    # Load inputs.
    from compare import presets

    langs, formats = _check_args(langs, formats)
    html_mode = html
    if html_mode not in HTML_MODES:
        raise ExportError(f"--html {html_mode}: choose from {', '.join(HTML_MODES)}")
    try:
        chosen = {fmt: presets.get(preset or presets.DEFAULT_FOR_FORMAT[fmt]) for fmt in formats}
    except ValueError as exc:
        raise ExportError(f"--preset: {exc}") from exc
    static = [f for f in formats if f in STATIC_FORMATS]
    if static:
        check_static_export()
    outdir.ensure_folder(Path(out), "export")  # a file or an unwritable path: OutputError, nothing written
    from compare import catalogue, figures
    from compare.tables import load_all

    tables = dict(tables) if tables is not None else load_all()
    try:
        jobs = catalogue.jobs(tables, list(charts) if charts else None)
    except KeyError as exc:
        raise ExportError(str(exc.args[0])) from exc

    # Process data.
    written: dict[str, list[Path]] = {}
    static_jobs: list[tuple] = []
    sources = sources_table(tables["documents"], tables.get("outcomes"))
    for lang in langs:
        directory = Path(out) / lang
        per_lang: dict[str, list[Path]] = {}
        titles: dict[str, tuple[str, list[Path]]] = {}
        for job in jobs:
            raw = catalogue.data(job, tables)
            fig, data = catalogue.draw(job, tables, lang, raw), catalogue.with_display_names(raw, lang)
            base = directory / slugify(job.name)
            paths = write_data(data, base)
            if "html" in formats:
                paths.append(write_html(fig, base.with_suffix(".html"), html_mode, lang))
            drawn: dict[str, list] = {}
            for fmt in static:
                p = chosen[fmt]
                if p.name not in drawn:
                    drawn[p.name] = [presets.apply(page, p) for page in
                                     catalogue.pages(job, tables, lang, p.name, frame=raw)]
                for page, path in zip(drawn[p.name], page_paths(base, fmt, len(drawn[p.name])), strict=True):
                    static_jobs.append((page, path, p.scale))
                    paths.append(path)
            per_lang[job.name] = paths
            titles[job.name] = (figures.figure_title(fig), paths)
        per_lang["README"] = write_sources(directory, sources, titles, lang)
        written |= {f"{lang}/{k}": v for k, v in per_lang.items()}

    # Save outputs: all static images in one browser session.
    write_static(static_jobs)
    return written
