"""Helpers for the notebooks in notebooks/: chart display, deterministic printed tables, and the
housekeeping of the committed .ipynb files.

In a notebook::

    from compare import notebook as nb
    nb.start()                                 # the preamble: offline renderer pinned first, display options
    fig, data = nb.chart("caps_by_city", tables, lang)   # interactive, modebar download named and scaled
    nb.print_table(data, ["jurisdiction_id", "target_year", "value"])  # text nbval can compare

A notebook whose charts the catalogue (compare.catalogue) declares for several indicators runs once per
indicator: `variants` gives the parameters, `execute` keeps the default run, `html` renders each one.

On the command line (run from the project root)::

    python -m compare.notebook execute notebooks/*.ipynb   # re-run in place with the curated data, then clean
    python -m compare.notebook clean notebooks/*.ipynb     # strip counts, kernel details, unchecked outputs
    python -m compare.notebook check notebooks/*.ipynb     # exit 1 when a notebook is not clean
    python -m compare.notebook html reports/notebooks      # executed HTML copies for readers without Python
                                                           # (one per indicator for 03-indicator)

What a committed notebook keeps: the outputs of cells marked ``# NBVAL_CHECK_OUTPUT`` (the ones
``pytest --nbval-lax notebooks/`` compares), with a canonical execution count (nbval needs one).  Chart outputs are cleared: they are megabytes of
Plotly JSON and plotly.js that nbval does not compare and that change with every plotly release.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from compare import paths
from compare.errors import CompareError
from compare.labels import fmt_number

#: Offline renderers: the Plotly mimetype (JupyterLab's plotly extension) plus the classic notebook
#: HTML with plotly.js embedded once per notebook (nbconvert HTML, VS Code, classic Notebook).
#: "notebook_connected" would fetch plotly.js from a CDN: not offline.
RENDERER = "plotly_mimetype+notebook"
#: The marker nbval --nbval-lax looks for in a cell whose output it compares.
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
#: Scale of the PNG the modebar's camera button downloads (2 = sharp on slides and print).
DOWNLOAD_SCALE = 2
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
NOTEBOOK_METADATA = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
#: The only cell metadata a committed notebook keeps (nbval-skip, parameters …).
CELL_METADATA_KEYS = ("tags",)


# --------------------------------------------------------------------------- in a notebook


def start() -> None:
    """The preamble of every notebook, in one call: the offline Plotly renderer (RENDERER) pinned
    first, so that every machine draws the same, then `setup`'s modebar and pandas options."""
    setup(RENDERER)


def setup(renderer: str | None = None) -> None:
    """The default modebar config (no logo, PNG download at scale 2) and pandas display options (wide
    tables, CJK aligned); also pins the Plotly renderer when `renderer` is given."""
    import plotly.io as pio

    if renderer is not None:
        pio.renderers.default = renderer
    for name in ("plotly_mimetype", "notebook"):
        pio.renderers[name].config = {"displaylogo": False, "toImageButtonOptions": {"scale": DOWNLOAD_SCALE}}
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 40)
    pd.set_option("display.max_colwidth", 60)
    pd.set_option("display.unicode.east_asian_width", True)


def modebar_config(fig, filename: str, scale: float = DOWNLOAD_SCALE) -> dict:
    """Plotly config whose camera button downloads `<filename>.png` at the figure's own size × `scale`
    (file name made safe for every OS)."""
    from compare.files import slugify

    return {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "filename": slugify(filename), "scale": scale,
                                 "width": fig.layout.width or 1200, "height": fig.layout.height or 700},
    }


def show(fig, filename: str) -> None:
    """Display `fig` interactively; the modebar download is `<filename>.png` at scale 2."""
    fig.show(config=modebar_config(fig, filename))


def chart(name: str, tables: dict[str, pd.DataFrame], lang: str = "zh", display: bool = True):
    """Build one chart of the catalogue (compare.catalogue.CHARTS; per-city charts as
    `city_profile_<jurisdiction_id>`), show it, and return (figure, data behind it)."""
    from compare import catalogue

    fig, data = catalogue.build(name, tables, lang)
    if display:
        show(fig, f"{name}_{lang}")
    return fig, data


def chart_for(indicator_id: str) -> str:
    """The catalogue chart of an indicator's page (compare.catalogue.for_indicator): its first one;
    KeyError naming the indicators that have one otherwise."""
    from compare import catalogue

    found = catalogue.for_indicator(indicator_id)
    if not found:
        having = sorted({i for c in catalogue.CHARTS.values() if c.per is None for i in c.indicators})
        raise KeyError(f"no catalogue chart for {indicator_id!r}; charts exist for {having}")
    return found[0]


def export_chart(fig, data: pd.DataFrame, name: str, out_dir: Path | None = None,
                 static: Sequence[str] = ()) -> list[Path]:
    """Write one chart as stand-alone HTML (plotly.js inlined) and the data behind it as CSV + XLSX
    to `out_dir` (exports/notebooks/ by default); `static=("png", "svg", "pdf")` also renders images
    through Chromium (needs `chromium` and `fonts-noto-cjk`).  Prints and returns the files written."""
    from compare import export

    out_dir = Path(out_dir) if out_dir is not None else paths.EXPORTS_DIR / "notebooks"
    base = out_dir / export.slugify(name)
    written = export.write_data(data, base)
    written.append(export.write_html(fig, base.with_suffix(".html")))
    written += export.write_static([(fig, base.with_suffix(f".{fmt}")) for fmt in static])
    for path in written:
        print(path.relative_to(paths.PROJECT_ROOT) if path.is_relative_to(paths.PROJECT_ROOT) else path)
    return written


def fmt(value: object, digits: int = 3, max_chars: int = 80) -> str:
    """A value for printed tables and sentences: numbers rounded to `digits` places without trailing
    zeros (12.75, 0.5, 10), booleans as True/False, text on one line and cut at `max_chars`, '—' when
    missing.  Stable across machines, so nbval can compare it."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, str):
        text = " ".join(value.split())
        return text if len(text) <= max_chars else text[: max_chars - 1] + "…"
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        text = fmt_number(number, digits)
        return "0" if text in ("-0", "") else text
    return str(value)


def table_text(df: pd.DataFrame, columns: Sequence[str] | dict[str, str] | None = None,
               digits: int | dict[str, int] = 3) -> str:
    """`df` (selected and renamed by `columns`) as a plain-text table: every value through `fmt`,
    no index, left-aligned text.  The same on every machine, so nbval can compare it."""
    if columns is None:
        columns = list(df.columns)
    rename = dict(columns) if isinstance(columns, dict) else {c: c for c in columns}
    missing = [c for c in rename if c not in df.columns]
    if missing:
        raise KeyError(f"columns {missing} not in the table; it has {list(df.columns)}")
    out = pd.DataFrame({
        new: [fmt(v, digits.get(old, 3) if isinstance(digits, dict) else digits) for v in df[old]]
        for old, new in rename.items()
    })
    if out.empty:
        return "(no rows)"
    with pd.option_context("display.unicode.east_asian_width", True, "display.max_colwidth", 80,
                           "display.width", 250, "display.max_rows", 500):
        return out.to_string(index=False)


def print_table(df: pd.DataFrame, columns: Sequence[str] | dict[str, str] | None = None,
                digits: int | dict[str, int] = 3) -> None:
    """Print `table_text(df, columns, digits)`."""
    print(table_text(df, columns, digits))


def with_names(df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """`df` with `jurisdiction` (the jurisdiction's name in `lang`) in front when it has a jurisdiction_id,
    and `reference` (the name of the level above) when it has a reference_jurisdiction_id."""
    from compare.labels import jurisdiction_label

    out = df.copy()
    if "reference_jurisdiction_id" in out:
        out["reference"] = out["reference_jurisdiction_id"].map(lambda j: jurisdiction_label(j, lang))
    if "jurisdiction_id" in out:
        out.insert(0, "jurisdiction", out["jurisdiction_id"].map(lambda j: jurisdiction_label(j, lang)))
    return out


def documents_overview(tables: dict[str, pd.DataFrame], lang: str = "en") -> pd.DataFrame:
    """One row per document: jurisdiction (name in `lang`), kind, doc number, date issued and the
    number of curated targets taken from it."""
    from compare import analysis

    counts = analysis.targets_per_document(tables["targets"]).reset_index()
    docs = tables["documents"].merge(counts, on="document_id", how="left")
    docs["targets"] = docs["targets"].fillna(0).astype("int64")
    return with_names(docs, lang)


def coverage_matrix(cov: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """compare.analysis.coverage as indicator × jurisdiction (names in `lang`): the target years of
    each pair, '—' where there is no target."""
    from compare import analysis
    from compare.labels import jurisdiction_label

    m = analysis.coverage_grid(cov, "years", rows="indicator_id")
    m = m.astype(object).where(m.astype(str) != "", "—")
    m.columns = [jurisdiction_label(j, lang) for j in m.columns]
    m.index.name = None
    return m


def cities_without(tables: dict[str, pd.DataFrame], indicator_id: str, lang: str = "en") -> list[str]:
    """Names (in `lang`) of the cities, districts and counties with no dated target for `indicator_id`."""
    from compare import analysis
    from compare.labels import jurisdiction_label

    j, t = tables["jurisdictions"], tables["targets"]
    cities = j.loc[j["level"].isin(analysis.CITY_LEVELS), "jurisdiction_id"]
    with_target = set(t.loc[(t["indicator_id"] == indicator_id) & t["target_year"].notna(), "jurisdiction_id"])
    return [jurisdiction_label(c, lang) for c in cities if c not in with_target]


def grid_text(grid: pd.DataFrame, lang: str = "en") -> str:
    """A task × jurisdiction grid (compare.analysis.lead_grid, participants_grid) as text: jurisdiction
    columns named in `lang` (other columns kept), every value through `fmt` ('—' for empty cells)."""
    from compare.labels import jurisdiction_label

    out = grid.map(fmt)
    out.columns = [jurisdiction_label(j, lang) if j != "median" else j for j in out.columns]
    return out.rename_axis(index=None, columns=None).to_string()


def print_leads_of_task(leads: pd.DataFrame, task_id: str, lang: str = "en") -> None:
    """Who leads one harmonised task in each city (compare.analysis.leads_of_task): the task and how
    many different main leads, then one line per city with the lead units and the task as written."""
    from compare import analysis
    from compare.labels import agency_label, jurisdiction_label, quoted, task_label

    rows = analysis.leads_of_task(leads, task_id)
    print(f"{task_label(task_id, lang)}: {len(rows)} cities, {rows['main_agency_id'].nunique()} different main leads")
    for r in rows.itertuples():
        print(f"  {jurisdiction_label(r.jurisdiction_id, lang)}: {agency_label(r.main_agency_id, lang)}"
              f" ({r.units_zh}; task {r.task_nos} {quoted(fmt(r.task_titles_zh, max_chars=30))})")


def print_cap_paths(caps: pd.DataFrame, lang: str = "en") -> None:
    """One line per jurisdiction of compare.analysis.cap_path_ends: its first and last cap and the
    annual growth between them (or its only cap)."""
    from compare import analysis
    from compare.labels import jurisdiction_label

    for r in analysis.cap_path_ends(caps).itertuples():
        name = jurisdiction_label(r.jurisdiction_id, lang)
        if r.n_caps == 1:
            print(f"{name}: one cap only, {fmt(r.first_value)} {r.unit} in {r.first_year}")
        else:
            print(f"{name}: {fmt(r.first_value)} → {fmt(r.last_value)} {r.unit} "
                  f"({r.first_year}→{r.last_year}), {r.annual_growth_since_first_pct:+.2f} % a year")


def print_reduction_extremes(reductions: pd.DataFrame, lang: str = "en") -> None:
    """For each reduction indicator, the cities with the highest and the lowest annualised reduction
    (compare.analysis.reduction_extremes), marked when the baseline year is assumed."""
    from compare import analysis
    from compare.labels import jurisdiction_label

    def line(r) -> str:
        star = " (baseline assumed)" if r["is_baseline_assumed"] else ""
        return (f"{jurisdiction_label(r['jurisdiction_id'], lang)} {r['baseline_year_used']}→{r['target_year']}: "
                f"{r['annual_reduction_pct']:.2f} % a year{star}")

    ext = analysis.reduction_extremes(reductions)
    for iid, g in ext.groupby("indicator_id", sort=False):
        high, low = g[g["extreme"] == "highest"].iloc[0], g[g["extreme"] == "lowest"].iloc[0]
        print(f"{iid}\n  highest  {line(high)}\n  lowest   {line(low)}")


def match_counts_text(tvo: pd.DataFrame) -> str:
    """compare.analysis.targets_vs_outcomes counted by how the outcome matched a target and whether it
    met it ('—': no verdict), as text."""
    return tvo.groupby(["target_match", tvo["is_met"].astype("string").fillna("—")]).size().to_string()


def info_table(info: dict, key: str) -> pd.DataFrame:
    """A per-document section of build_info.json (`documents`, `extractor_accuracy`) as a table, one
    row per document (document_id first)."""
    return pd.DataFrame.from_dict(info[key], orient="index").rename_axis("document_id").reset_index()


# --------------------------------------------------------------------------- committed notebooks


def is_checked(cell) -> bool:
    """True for a code cell whose output nbval compares (it contains `# NBVAL_CHECK_OUTPUT`)."""
    return cell.get("cell_type") == "code" and CHECK_MARK in "".join(cell.get("source", ""))


def canonical_counts(nb) -> list[int | None]:
    """The execution count each cell is committed with: None, except for checked cells, which carry
    their position among the code cells (1, 2, …: the count of a top-to-bottom run).  nbval skips the
    comparison of a cell whose count is None, so checked cells need one; a canonical one keeps the
    diffs free of the counts of whoever ran the notebook last."""
    counts, n = [], 0
    for cell in nb["cells"]:
        n += cell["cell_type"] == "code"
        counts.append(n if is_checked(cell) else None)
    return counts


def clean_notebook(nb):
    """A copy of `nb` as it is committed: standard kernelspec and language_info only, canonical
    execution counts, cell metadata reduced to tags, outputs kept only in checked cells (without
    metadata)."""
    nb = copy.deepcopy(nb)
    nb["metadata"] = copy.deepcopy(NOTEBOOK_METADATA)
    for cell, count in zip(nb["cells"], canonical_counts(nb), strict=True):
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k in CELL_METADATA_KEYS and v}
        if cell["cell_type"] != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        cell["execution_count"] = count
        if not is_checked(cell):
            cell["outputs"] = []
            continue
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = count
            if "metadata" in out:
                out["metadata"] = {}
    return nb


def problems(nb, name: str = "notebook") -> list[str]:
    """What keeps `nb` from being clean (empty when it is): each problem names the cell."""
    found = []
    if dict(nb.get("metadata", {})) != NOTEBOOK_METADATA:
        found.append(f"{name}: notebook metadata is {dict(nb.get('metadata', {}))}, expected {NOTEBOOK_METADATA}")
    for i, (cell, count) in enumerate(zip(nb["cells"], canonical_counts(nb), strict=True)):
        where = f"{name} cell {i}"
        extra = set(cell.get("metadata", {})) - set(CELL_METADATA_KEYS)
        if extra:
            found.append(f"{where}: cell metadata {sorted(extra)}")
        if cell["cell_type"] != "code":
            continue
        if cell.get("execution_count") != count:
            found.append(f"{where}: execution_count {cell.get('execution_count')}, committed as {count}")
        outputs = cell.get("outputs", [])
        if outputs and not is_checked(cell):
            found.append(f"{where}: outputs in a cell nbval does not check (clear them)")
        for out in outputs:
            if out.get("execution_count") not in (None, count) or out.get("metadata"):
                found.append(f"{where}: output carries execution_count or metadata")
            if out.get("output_type") == "error":
                found.append(f"{where}: committed with an error output")
    return found


def _read(path: Path):
    import nbformat

    return nbformat.read(str(path), as_version=4)


def _write(nb, path: Path) -> None:
    import nbformat

    nbformat.validate(nb)
    Path(path).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def clean(notebooks: Iterable[Path]) -> list[Path]:
    """Clean each notebook file in place; return the ones that changed."""
    changed = []
    for path in map(Path, notebooks):
        before = path.read_text(encoding="utf-8")
        _write(clean_notebook(_read(path)), path)
        if path.read_text(encoding="utf-8") != before:
            changed.append(path)
    return changed


def _execute(nb, cwd: Path, timeout: int = 600, parameters: dict | None = None):
    from nbclient import NotebookClient

    if parameters:
        import papermill

        # papermill's own loader gives every cell its tags and the notebook a papermill section first
        nb = copy.deepcopy(nb)
        nb.metadata.setdefault("papermill", {})
        for cell in nb.cells:
            cell.metadata.setdefault("tags", [])
        nb = papermill.parameterize.parameterize_notebook(nb, parameters, kernel_name=KERNELSPEC["name"],
                                                          language="python")
    NotebookClient(nb, timeout=timeout, kernel_name=KERNELSPEC["name"],
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def execute(notebooks: Iterable[Path], timeout: int = 600) -> list[Path]:
    """Run each notebook top to bottom in place (working directory notebooks/), with the published
    tables, then clean it: the checked outputs are refreshed for committing."""
    done = []
    for path in map(Path, notebooks):
        print(f"executing {path} …", file=sys.stderr, flush=True)
        nb = _execute(_read(path), path.resolve().parent, timeout)
        _write(clean_notebook(nb), path)
        done.append(path)
    return done


#: The parameter of a notebook drawn once per indicator (its parameters cell sets it).
INDICATOR_PARAMETER = "indicator_id"


def variants(path: Path) -> list[dict]:
    """The parameters a notebook is rendered with: one set per indicator of its catalogue charts when
    its parameters cell sets `indicator_id` (compare.catalogue: `notebooks` of each chart), else [{}]
    (its own defaults)."""
    from compare import catalogue

    nb = _read(Path(path))
    params = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if params is None or not re.search(rf"^{INDICATOR_PARAMETER}\s*=", params.source, re.M):
        return [{}]
    charts = [catalogue.CHARTS[c] for c in catalogue.in_notebook(Path(path).stem)]
    indicators = list(dict.fromkeys(i for c in charts if c.per is None for i in c.indicators))
    if not indicators:
        raise CompareError(f"{Path(path).name} takes {INDICATOR_PARAMETER} but the catalogue lists no "
                           "indicator chart for it (compare.catalogue, `notebooks`)")
    return [{INDICATOR_PARAMETER: i} for i in indicators]


def notebook_paths(directory: Path | None = None) -> list[Path]:
    """The numbered notebooks of notebooks/, in order."""
    return sorted((directory or paths.NOTEBOOKS_DIR).glob("[0-9][0-9]-*.ipynb"))


#: A <script>, <link>, <img> or <iframe> that loads something from another host when the page is viewed.
_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^"'\s>]+""", re.I)
_EXTERNAL_SCRIPT = re.compile(r"""<script\b[^>]*?\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>""", re.I)


def external_resources(html: str) -> list[str]:
    """The tags of `html` that would fetch from another host (none in an offline page)."""
    return _EXTERNAL.findall(html)


def offline_outputs(nb) -> None:
    """Drop CDN <script src> tags from the HTML outputs of `nb` in place: Plotly's notebook renderer
    always adds MathJax from cdnjs (the charts use no LaTeX; plotly.js itself is embedded)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if isinstance(data.get("text/html"), str):
                data["text/html"] = _EXTERNAL_SCRIPT.sub("", data["text/html"])


def offline_exporter():
    """nbconvert's HTMLExporter (lab template) that loads nothing at view time: require.js, MathJax,
    Mermaid and the widget manager (CDN scripts) are left out by templates/notebook_offline.html.j2."""
    from importlib import resources

    from nbconvert import HTMLExporter

    templates = resources.files("compare") / "templates"
    return HTMLExporter(template_name="lab", extra_template_paths=[str(templates)],
                        template_file="notebook_offline.html.j2")


def export_html(out_dir: Path | None = None, notebooks: Iterable[Path] | None = None, timeout: int = 600) -> list[Path]:
    """Executed HTML copies of the notebooks (all numbered ones by default) in `out_dir`
    (reports/notebooks/): charts interactive and offline (plotly.js embedded), code shown."""
    out_dir = Path(out_dir) if out_dir is not None else paths.REPORTS_DIR / "notebooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    from compare.files import slugify

    for path in map(Path, notebooks if notebooks is not None else notebook_paths()):
        for parameters in variants(path):
            suffix = "".join(f"-{slugify(v)}" for v in parameters.values())
            print(f"rendering {path.name}{suffix} …", file=sys.stderr, flush=True)
            nb = _execute(_read(path), path.resolve().parent, timeout, parameters)
            offline_outputs(nb)
            body, _ = offline_exporter().from_notebook_node(nb)
            fetched = external_resources(body)
            if fetched:
                raise CompareError(f"{path.name}: the HTML would load {fetched[:3]} from the network; "
                                   "an output of the notebook embeds a CDN resource — render it offline")
            target = out_dir / f"{path.stem}{suffix}.html"
            target.write_text(body, encoding="utf-8")
            written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compare.notebook", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("clean", "strip execution counts, kernel details and unchecked outputs in place"),
                            ("check", "exit 1 when a notebook is not clean"),
                            ("execute", "re-run in place with the curated tables, then clean")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("notebooks", nargs="*", type=Path, help="default: every numbered notebook in notebooks/")
    p = sub.add_parser("html", help="executed HTML copies of every notebook")
    p.add_argument("out_dir", nargs="?", type=Path, default=paths.REPORTS_DIR / "notebooks")
    args = parser.parse_args(argv)
    if args.command == "html":
        for path in export_html(args.out_dir):
            print(path)
        return 0
    notebooks = args.notebooks or notebook_paths()
    if args.command == "clean":
        for path in clean(notebooks):
            print(f"cleaned {path}")
        return 0
    if args.command == "execute":
        execute(notebooks)
        return 0
    found = [p for path in notebooks for p in problems(_read(path), str(path))]
    print("\n".join(found) if found else f"{len(notebooks)} notebooks clean")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
