"""06-city-profile runs under papermill for each of the five cities of the fixture corpus (built once:
conftest.built_project), and shows that city."""

from __future__ import annotations

import pytest
from fixture_corpus import REPO, run_notebook, stream_text

from compare.tables import load

CITIES = ["cn.shanxi.yuncheng", "cn.shanxi.jincheng", "cn.shanxi.changzhi", "cn.jiangsu.wuxi", "cn.chongqing.wanzhou"]
NOTEBOOK = REPO / "notebooks" / "06-city-profile.ipynb"


@pytest.mark.slow
@pytest.mark.parametrize("jurisdiction_id", CITIES)
def test_city_profile_runs_for_each_city(jurisdiction_id, tmp_path, built_project, monkeypatch):
    cells = run_notebook(NOTEBOOK, tmp_path / f"06-city-profile-{jurisdiction_id}.ipynb",
                         {"jurisdiction_id": jurisdiction_id, "export_dir": str(tmp_path / "exports")}, monkeypatch,
                         built_project)
    injected = [c for c in cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and jurisdiction_id in injected[0].source

    outputs = "\n".join(stream_text(c) for c in cells)
    city = load("jurisdictions").set_index("jurisdiction_id").loc[jurisdiction_id]
    assert f"{city['name_zh']} · {city['name_en']}" in outputs, "the header names the city asked for"
    n_dated = load("targets").query("jurisdiction_id == @jurisdiction_id")["target_year"].notna().sum()
    assert n_dated > 0 and "total_water_use_cap" in outputs, "the profile lists the city's targets"

    figures = [c for c in cells if any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in c.get("outputs", []))]
    assert len(figures) == 1, "the profile chart is drawn"
    title = figures[0].outputs[-1]["data"]["application/vnd.plotly.v1+json"]["layout"]["title"]["text"]
    assert city["name_en"] in title
    button = figures[0].outputs[-1]["data"]["application/vnd.plotly.v1+json"]["config"]["toImageButtonOptions"]
    assert button["filename"] == f"city_profile_{jurisdiction_id.replace('.', '-')}_en" and button["scale"] == 2
    assert (tmp_path / "exports" / f"city_profile_{jurisdiction_id.replace('.', '-')}_en.html").exists()
