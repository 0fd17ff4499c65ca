"""Export the chart catalogue: PNG/SVG/PDF through one Chromium session, offline HTML, the data behind
each chart as CSV and XLSX, and a README listing the sources.

    python -m compare export --out exports --lang zh,en --format png,svg,pdf,html [--chart NAME …]

Layout of the output: `<out>/<lang>/<chart>.<format>`, `<out>/<lang>/<chart>.csv|.xlsx`,
`<out>/<lang>/plotly.min.js` (beside the HTML files, so they work offline), `<out>/<lang>/README.md`
and `<out>/<lang>/sources.csv`.  Plotly and kaleido are imported here and in compare.figures only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from compare import __version__, outdir
from compare.errors import ExportError
from compare.escape import spreadsheet_safe

INSTALL_HINT = "apt-get install chromium fonts-noto-cjk"
STATIC_FORMATS = ("png", "svg", "pdf")
FORMATS = (*STATIC_FORMATS, "html")
LANGS = ("zh", "en")
#: Where Debian and other distributions put Chromium / Chrome.
BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                      "/usr/bin/google-chrome-stable")
PNG_SCALE = 2
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


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


def slugify(name: str, max_len: int = 80) -> str:
    """A file-name-safe slug: ASCII letters, digits, `_` and `-` only, no leading dot, no path
    separators, never empty or a reserved device name.  When non-ASCII characters had to be dropped,
    a short hash of the original keeps different names apart (运城市 ≠ 晋城市)."""
    original = str(name)
    norm = unicodedata.normalize("NFKD", original)
    ascii_part = norm.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_part).strip("-_.").lower()
    slug = re.sub(r"-{2,}", "-", slug)[:max_len].strip("-_")
    dropped = any(ord(c) > 127 for c in original)  # 汉字 and accents cannot be kept
    if not slug or dropped or slug in _WINDOWS_RESERVED:
        digest = hashlib.sha1(original.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"chart-{digest}"
    return slug


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


def write_html(fig, path: Path) -> Path:
    """Write `fig` as a stand-alone page that loads plotly.min.js from its own directory: no CDN,
    no MathJax, works offline."""
    copy_plotlyjs(path.parent)
    fig.write_html(str(path), include_plotlyjs="directory", include_mathjax=False, full_html=True,
                   config={"displaylogo": False, "responsive": True})
    return path


# --------------------------------------------------------------------------- static images


def static_specs(jobs: Iterable[tuple[object, Path]], scale: float = PNG_SCALE) -> list[dict]:
    """kaleido job dicts (fig, path, opts) with each figure's own layout size (plotly.io.write_images
    would otherwise apply its 700×500 default)."""
    specs = []
    for fig, path in jobs:
        layout = fig.layout
        fmt = path.suffix.lstrip(".")
        specs.append({"fig": fig.to_dict(), "path": path,
                      "opts": {"format": fmt, "width": layout.width or 1200, "height": layout.height or 700,
                               "scale": scale if fmt == "png" else 1}})
    return specs


def write_static(jobs: list[tuple[object, Path]], scale: float = PNG_SCALE, tabs: int = 1) -> list[Path]:
    """Render every (figure, path) pair through ONE Chromium session (kaleido's sync server), format
    from the path's suffix.  Offline: plotly.js from the plotly package, MathJax off."""
    if not jobs:
        return []
    import kaleido

    browser = check_static_export()
    specs = static_specs(jobs, scale)
    for spec in specs:
        Path(spec["path"]).parent.mkdir(parents=True, exist_ok=True)
    kaleido.start_sync_server(n=tabs, plotlyjs=str(plotlyjs_path()), mathjax=False, silence_warnings=True)
    try:
        errors = kaleido.write_fig_from_object_sync(specs, cancel_on_error=False)
    except Exception as exc:  # kaleido wraps browser failures in many types
        raise ExportError(f"static export through {browser} failed: {exc}. Check the browser: {INSTALL_HINT}") from exc
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    missing = [str(s["path"]) for s in specs if not Path(s["path"]).is_file()]
    if errors or missing:
        raise ExportError(f"static export failed for {missing or 'some charts'}: {errors}")
    return [Path(s["path"]) for s in specs]


# --------------------------------------------------------------------------- data and sources


def write_data(data: pd.DataFrame, base: Path) -> list[Path]:
    """The data behind a chart as `<base>.csv` (UTF-8 with BOM, so spreadsheet programs read 汉字)
    and `<base>.xlsx` (sheet `data`)."""
    base.parent.mkdir(parents=True, exist_ok=True)
    csv, xlsx = base.with_suffix(".csv"), base.with_suffix(".xlsx")
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
    zh = lang == "zh"
    lines = [f"# {'节水目标比较 · 图表导出' if zh else 'Water-saving targets compared · chart export'}", "",
             (f"water-targets compare {__version__}，导出于 {dt.date.today().isoformat()}。"
              if zh else f"water-targets compare {__version__}, exported {dt.date.today().isoformat()}."), "",
             f"## {'图表' if zh else 'Charts'}", ""]
    for name, (title, paths) in files.items():
        lines.append(f"- **{name}** — {title}: " + ", ".join(f"`{p.name}`" for p in paths))
    lines += ["", f"## {'资料来源' if zh else 'Sources'}", "",
              "| document | doc number | title | issuer | date | kind | URL / file |", "|---|---|---|---|---|---|---|"]
    for _, r in sources.iterrows():
        where = r["source_url"] if isinstance(r["source_url"], str) and r["source_url"] else r.get("path")
        lines.append("| " + " | ".join(_md_cell(v) for v in (
            r.get("document_id") if isinstance(r.get("document_id"), str) else r.get("role"), r.get("doc_number"),
            r.get("title_zh"), r.get("issuer_zh"), r.get("date_issued"), r.get("kind"), where)) + " |")
    lines += ["", f"## {'引用' if zh else 'How to cite'}", "",
              ("请注明原始文件（上表）及“water-targets compare”整理的数据。"
               if zh else "Cite the original documents above and the curated tables of “water-targets compare”."), ""]
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


def export_catalogue(out: Path, langs: list[str], formats: list[str], charts: list[str] | None,
                     *, tables: Mapping[str, pd.DataFrame] | None = None) -> dict[str, list[Path]]:
    """Write every chart of the catalogue (or only `charts`) in each language and format under
    `out/<lang>/`, the data behind each as CSV and XLSX, plotly.min.js for the HTML files, and a
    README + sources.csv; return {`<lang>/<figure>`: files written}.

    Browser and CJK font are checked before anything is written when a static format is asked for.
    `tables` defaults to the published tables (compare.tables.load_all()).
    """
    # Load inputs.
    langs, formats = _check_args(langs, formats)
    static = [f for f in formats if f in STATIC_FORMATS]
    if static:
        check_static_export()
    outdir.ensure_folder(Path(out), "export")  # a file or an unwritable path: OutputError, nothing written
    from compare import figures
    from compare.tables import load_all

    tables = dict(tables) if tables is not None else load_all()
    try:
        jobs = figures.catalogue(tables, list(charts) if charts else None)
    except KeyError as exc:
        raise ExportError(str(exc.args[0])) from exc

    # Process data.
    written: dict[str, list[Path]] = {}
    static_jobs: list[tuple[object, Path]] = []
    sources = sources_table(tables["documents"], tables.get("outcomes"))
    for lang in langs:
        directory = Path(out) / lang
        per_lang: dict[str, list[Path]] = {}
        titles: dict[str, tuple[str, list[Path]]] = {}
        for job in jobs:
            fig, data = figures.build_chart(job, tables, lang)
            base = directory / slugify(job.name)
            paths = write_data(data, base)
            if "html" in formats:
                paths.append(write_html(fig, base.with_suffix(".html")))
            for fmt in static:
                static_jobs.append((fig, base.with_suffix(f".{fmt}")))
                paths.append(base.with_suffix(f".{fmt}"))
            per_lang[job.name] = paths
            titles[job.name] = (figures.figure_title(fig), paths)
        per_lang["README"] = write_sources(directory, sources, titles, lang)
        written |= {f"{lang}/{k}": v for k, v in per_lang.items()}

    # Save outputs: all static images in one browser session.
    write_static(static_jobs)
    return written
