"""Performance hygiene: the chart libraries (plotly, kaleido) are imported only by the stages that draw,
and a rebuild with nothing changed takes every document's candidates from the extraction cache."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_corpus import CORPUS, REPO, scratch_project

HEAVY = ("plotly", "kaleido")
# Runs the CLI in-process, then reports which heavy packages ended up imported (last stdout line).
PROBE = (
    "import json, sys\n"
    "from compare.cli import main\n"
    "rc = main(sys.argv[1:]) if len(sys.argv) > 1 else 0\n"
    f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
    "print(json.dumps({'rc': rc, 'heavy': heavy}))\n"
)


def _probe(*args: str, root: Path | None = None) -> dict:
    env = os.environ | {"PYTHONWARNINGS": "ignore"}
    if root is not None:
        env["WATER_TARGETS_ROOT"] = str(root)
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=root or REPO, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "stderr": done.stderr}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return scratch_project(tmp_path_factory.mktemp("hygiene") / "project")


def test_importing_the_package_loads_no_chart_library():
    assert _probe()["heavy"] == []


def test_extract_loads_no_chart_library():
    raws = sorted(str(p) for p in (CORPUS / "raw").glob("*.txt"))
    assert raws
    out = _probe("extract", *raws[:2])
    assert out["rc"] == 0 and out["heavy"] == []


@pytest.mark.integration
@pytest.mark.slow
def test_build_loads_no_chart_library_and_a_rebuild_uses_the_cache(scratch):
    first = _probe("build", "--no-validate", root=scratch)
    assert first["rc"] == 0 and first["heavy"] == []
    n_docs = len(list((scratch / "data" / "raw").glob("*.txt")))
    assert any((scratch / "data" / ".cache" / "extract").rglob("*.json"))
    again = _probe("build", "--no-validate", "--force", root=scratch)
    assert again["rc"] == 0 and again["heavy"] == []
    assert f"extraction: {n_docs} documents from cache, 0 extracted" in again["stderr"]


@pytest.mark.integration
@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_stops_before_loading_pandas(scratch):
    _probe("build", "--no-validate", root=scratch)
    probe = PROBE.replace(repr(HEAVY), repr(("pandas", "great_expectations")))
    env = os.environ | {"WATER_TARGETS_ROOT": str(scratch)}
    done = subprocess.run([sys.executable, "-c", probe, "build", "--no-validate"], env=env, capture_output=True,
                          text=True, timeout=600)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out == {"rc": 0, "heavy": []}
    assert "up to date" in done.stdout
