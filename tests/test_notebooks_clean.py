"""The committed notebooks: clean (no execution counts, kernel details or chart outputs), built the same
way (renderer pinned first, a parameters cell, checked summaries with their outputs), and nbval catches
a changed curated value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from fixture_corpus import REPO, copy_project

from compare import notebook as nb

EXPECTED = ["00-overview", "01-total-water-use-caps", "02-intensity-reductions", "03-indicator",
            "05-target-cascade", "06-city-profile", "07-targets-vs-outcomes", "08-data-quality", "09-responsibilities"]
NOTEBOOKS_DIR = REPO / "notebooks"  # the checkout's notebooks (checked against the published data)
NOTEBOOKS = nb.notebook_paths(NOTEBOOKS_DIR)
#: The preamble, one call: the offline renderer pinned first, then the display options.
PREAMBLE = "nb.start()"


def _read(path: Path):
    return nbformat.read(str(path), as_version=4)


def _code(cells) -> list:
    return [c for c in cells if c.cell_type == "code"]


def test_every_topic_has_a_notebook():
    assert [p.stem for p in NOTEBOOKS][: len(EXPECTED)] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_clean(path):
    found = nb.problems(_read(path), path.name)
    assert not found, "run `python -m compare.notebook clean notebooks/*.ipynb`:\n" + "\n".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_shape(path):
    cells = _read(path).cells
    code = _code(cells)
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), "start with a titled explanation"
    assert PREAMBLE in code[0].source, "the first code cell is the preamble (offline Plotly renderer pinned first)"
    assert "renderers.default" not in code[0].source and "setup(" not in code[0].source, "the preamble is one call"
    assert "parameters" in code[1].metadata.get("tags", []), "the second code cell is the papermill parameters cell"
    assert "lang =" in code[1].source
    checked = [c for c in code if nb.is_checked(c)]
    assert checked and all(c.outputs for c in checked), "checked cells are committed with the outputs nbval compares"
    assert not any("nb.chart(" in c.source for c in checked), "chart cells are not compared"
    assert sum(c.cell_type == "markdown" for c in cells) >= 3, "narrate: what the reader sees, and the caveats"
    source = "\n".join(c.source for c in code)
    for banned in ("import re\n", "read_csv(", "read_parquet(", "read_excel(", ".str.extract", "def ", ".pivot(",
                   ".groupby(", "figures."):
        assert banned not in source, f"{banned!r}: parsing, loading and analysis belong in the compare package"


def test_notebook_06_takes_the_city_as_a_parameter():
    params = _code(_read(NOTEBOOKS_DIR / "06-city-profile.ipynb").cells)[1]
    assert 'jurisdiction_id = "cn.shanxi.yuncheng"' in params.source


def test_notebook_03_takes_the_indicator_as_a_parameter_and_runs_once_per_catalogue_indicator():
    path = NOTEBOOKS_DIR / "03-indicator.ipynb"
    params = _code(_read(path).cells)[1]
    assert 'indicator_id = "irrigation_water_use_coefficient"' in params.source
    assert nb.variants(path) == [{"indicator_id": "irrigation_water_use_coefficient"},
                                 {"indicator_id": "public_supply_leakage_rate"}]
    assert nb.variants(NOTEBOOKS_DIR / "06-city-profile.ipynb") == [{}]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_charts_a_notebook_shows_are_the_ones_the_catalogue_lists_for_it(path):
    """compare.catalogue declares where each chart appears; a notebook draws exactly those."""
    import re

    from compare import catalogue

    source = "\n".join(c.source for c in _code(_read(path).cells))
    drawn = {m for m in re.findall(r'nb\.chart\(f?"([a-z_]+)', source)}
    drawn = {next((c for c in catalogue.CHARTS if name == c or name.startswith(f"{c}_")), name) for name in drawn}
    if "nb.chart_for(indicator_id)" in source:
        drawn |= {catalogue.CHARTS[c].id for c in catalogue.in_notebook(path.stem)}
    assert drawn == set(catalogue.in_notebook(path.stem))


def test_start_pins_the_offline_renderer_first():
    import plotly.io as pio

    before = pio.renderers.default
    try:
        pio.renderers.default = "browser"
        nb.start()
        assert pio.renderers.default == nb.RENDERER == "plotly_mimetype+notebook"
        assert pio.renderers["notebook"].config["toImageButtonOptions"]["scale"] == nb.DOWNLOAD_SCALE
    finally:
        pio.renderers.default = before


# --------------------------------------------------------------------------- the cleaner itself


def _dirty_notebook():
    book = nbformat.v4.new_notebook()
    book.metadata = {"kernelspec": {"name": "myenv", "display_name": "My env", "language": "python"},
                     "language_info": {"name": "python", "version": "3.11.9"},
                     "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}}
    checked = nbformat.v4.new_code_cell(f"{nb.CHECK_MARK}\nprint(1)", execution_count=3)
    checked.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    checked.metadata = {"tags": ["keep"], "execution": {"iopub.execute_input": "2026-01-01"}, "scrolled": True}
    chart = nbformat.v4.new_code_cell("fig.show()", execution_count=4)
    chart.outputs = [nbformat.v4.new_output("display_data", data={"text/plain": "Figure"}, metadata={"x": 1})]
    book.cells = [nbformat.v4.new_markdown_cell("# t"), checked, chart]
    return book


def test_problems_names_each_kind_of_dirt():
    text = "\n".join(nb.problems(_dirty_notebook(), "x"))
    for expected in ("notebook metadata", "cell 1: cell metadata", "cell 1: execution_count 3, committed as 1", "cell 2: execution_count 4, committed as None",
                     "cell 2: outputs in a cell nbval does not check"):
        assert expected in text


def test_clean_keeps_checked_outputs_and_drops_the_rest():
    cleaned = nb.clean_notebook(_dirty_notebook())
    assert nb.problems(cleaned) == []
    assert cleaned.metadata == nb.NOTEBOOK_METADATA
    checked, chart = cleaned.cells[1], cleaned.cells[2]
    assert checked.outputs[0]["text"] == "1\n" and checked.metadata == {"tags": ["keep"]}
    assert checked.execution_count == 1, "checked cells keep a canonical count: nbval compares only counted cells"
    assert chart.outputs == [] and chart.execution_count is None
    nbformat.validate(cleaned)


def test_clean_and_check_commands(tmp_path):
    path = tmp_path / "dirty.ipynb"
    nbformat.write(_dirty_notebook(), str(path))
    assert nb.main(["check", str(path)]) == 1
    assert nb.main(["clean", str(path)]) == 0
    assert nb.main(["check", str(path)]) == 0
    assert nb.clean([path]) == [], "cleaning is idempotent"


def test_table_text_is_stable():
    df = pd.DataFrame({"j": ["运城市", "Wuxi"], "v": [19.22, 0.58700000001], "ok": pd.array([True, None], "boolean")})
    assert nb.table_text(df, {"j": "city", "v": "value", "ok": "met"}).splitlines() == [
        "  city value  met", "运城市 19.22 True", "  Wuxi 0.587    —"]


# --------------------------------------------------------------------------- nbval catches a changed value


@pytest.mark.slow
def test_nbval_fails_when_a_curated_value_changes(tmp_path, built_project):
    """A copy of the built fixture corpus with Yuncheng's 2020 cap changed from 19.22 to 21.5 亿m³: the
    checked output of 01-total-water-use-caps no longer matches, and nbval says where."""
    scratch = copy_project(tmp_path / "project", built_project)
    targets = pd.read_parquet(scratch / "data" / "curated" / "targets.parquet")
    row = ((targets["jurisdiction_id"] == "cn.shanxi.yuncheng") & (targets["indicator_id"] == "total_water_use_cap")
           & (targets["target_year"] == 2020))
    assert row.sum() == 1 and targets.loc[row, "value"].iloc[0] == pytest.approx(19.22)
    targets.loc[row, "value"] = 21.5
    targets.to_parquet(scratch / "data" / "curated" / "targets.parquet", index=False)

    env = {**os.environ, "WATER_TARGETS_ROOT": str(scratch)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q",
         str(NOTEBOOKS_DIR / "01-total-water-use-caps.ipynb")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    report = proc.stdout + proc.stderr
    assert proc.returncode == 1, report[-3000:]
    assert "21.5" in report and "19.22" in report, report[-3000:]


def test_execute_injects_the_parameters_after_the_parameters_cell(tmp_path):
    """What `html` does for each variant: papermill's injected cell overrides the defaults."""
    book = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('indicator_id = "irrigation_water_use_coefficient"')
    params.metadata["tags"] = ["parameters"]
    book.cells = [params, nbformat.v4.new_code_cell("print(indicator_id)")]
    book.metadata = dict(nb.NOTEBOOK_METADATA)
    done = nb._execute(book, tmp_path, timeout=120, parameters={"indicator_id": "public_supply_leakage_rate"})
    assert "injected-parameters" in done.cells[1].metadata["tags"]
    assert done.cells[-1].outputs[0]["text"].strip() == "public_supply_leakage_rate"
    assert book.cells[0].metadata == {"tags": ["parameters"]}, "the notebook given is left as it was"
