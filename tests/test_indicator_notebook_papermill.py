"""03-indicator runs under papermill for each indicator the catalogue lists for it (on the fixture corpus,
built once: conftest.built_project), and shows that indicator."""

from __future__ import annotations

import pytest
from fixture_corpus import REPO, run_notebook, stream_text

from compare import catalogue, labels
from compare import notebook as nb

NOTEBOOKS_DIR = REPO / "notebooks"
NOTEBOOK = NOTEBOOKS_DIR / "03-indicator.ipynb"
INDICATORS = [v["indicator_id"] for v in nb.variants(NOTEBOOK)]


def test_the_indicators_are_those_of_the_catalogue():
    assert [i for c in catalogue.in_notebook("03-indicator") for i in catalogue.CHARTS[c].indicators] == INDICATORS
    assert len(INDICATORS) >= 2


@pytest.mark.slow
@pytest.mark.parametrize("indicator_id", INDICATORS)
def test_indicator_notebook_runs_for_each_indicator(indicator_id, tmp_path, built_project, monkeypatch):
    cells = run_notebook(NOTEBOOK, tmp_path / f"03-indicator-{indicator_id}.ipynb",
                         {"indicator_id": indicator_id, "export_dir": str(tmp_path / "exports")}, monkeypatch,
                         built_project)
    outputs = "\n".join(stream_text(c) for c in cells)
    assert f"{labels.indicator_label(indicator_id, 'zh')} · {labels.indicator_label(indicator_id, 'en')}" in outputs

    chart_id = nb.chart_for(indicator_id)
    figures = [c for c in cells if any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in c.get("outputs", []))]
    assert len(figures) == 1, "the indicator's chart is drawn"
    layout = figures[0].outputs[-1]["data"]["application/vnd.plotly.v1+json"]["layout"]
    assert layout["title"]["text"].startswith(catalogue.CHARTS[chart_id].title("en"))
    assert (tmp_path / "exports" / f"{chart_id}_en.html").exists()
