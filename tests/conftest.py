"""Session set-up and shared pytest fixtures. The helpers themselves live in fixture_corpus.py.

Before collection, WATER_TARGETS_ROOT is pointed at a scratch project built from the fixture corpus
(fixture_corpus.scratch_project), so every test — in-process or in a subprocess — reads and writes that
project, never the live data of the checkout. A test that needs a project of its own builds one with
scratch_project() and passes it explicitly.

Speed under pytest-xdist (`-n 2`): the validated build of the corpus (built_project) is made once per run
and shared by the workers (read-only, behind a file lock), and a module that defines its own module- or
session-scoped fixtures is scheduled as one unit (pytest_xdist_make_scheduler), so such a fixture (a report
site, a set of end-to-end builds …) is built on one worker only.
"""

from __future__ import annotations

import ast
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from fixture_corpus import REPO, build, copy_project, make_tables, scratch_project

_SESSION: dict[str, object] = {}


def pytest_configure(config: pytest.Config) -> None:
    folder = Path(tempfile.mkdtemp(prefix="water-targets-tests-"))
    _SESSION.update(folder=folder, previous=os.environ.get("WATER_TARGETS_ROOT"))
    os.environ["WATER_TARGETS_ROOT"] = str(scratch_project(folder / "project", gold=True))


def pytest_unconfigure(config: pytest.Config) -> None:
    previous = _SESSION.get("previous")
    if previous is None:
        os.environ.pop("WATER_TARGETS_ROOT", None)
    else:
        os.environ["WATER_TARGETS_ROOT"] = str(previous)
    if "folder" in _SESSION:
        shutil.rmtree(_SESSION["folder"], ignore_errors=True)


def _shares_wide_fixtures(module: str) -> bool:
    """Whether the test module `module` (a path relative to the checkout) defines a module- or
    session-scoped fixture (read from its source: the xdist controller never imports the tests)."""
    try:
        tree = ast.parse((REPO / module).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        for deco in getattr(node, "decorator_list", ()):
            if isinstance(deco, ast.Call) and ast.unparse(deco.func).endswith("fixture") and any(
                    k.arg == "scope" and isinstance(k.value, ast.Constant) and k.value.value in ("module", "session")
                    for k in deco.keywords):
                return True
    return False


#: Units of work sent before all others: the longest (test_report_site.py: the site of the built corpus,
#: then ~200 pages in Chromium, ~4 min of one worker at load 4–6) must not be the last to start.
SCHEDULE_FIRST = ("tests/test_report_site.py",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """pytest-xdist's load scheduling, except that a module defining its own module- or session-scoped
    fixtures (a report site, end-to-end builds …) is one unit of work: one worker builds each such
    fixture, instead of every worker that happens to get one of its tests.  Units are sent largest first
    (xdist's order), SCHEDULE_FIRST before them."""
    from xdist.scheduler import LoadScopeScheduling

    grouped: dict[str, bool] = {}

    class ModuleFixtureScheduling(LoadScopeScheduling):
        _ordered = False

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if module not in grouped:
                grouped[module] = _shares_wide_fixtures(module)
            return module if grouped[module] else nodeid

        def _assign_work_unit(self, node) -> None:
            if not self._ordered:  # the queue is complete before the first unit is assigned
                self._ordered = True
                rank = {scope: i for i, scope in enumerate(SCHEDULE_FIRST)}
                units = sorted(self.workqueue.items(), key=lambda unit: rank.get(unit[0], len(rank)))
                self.workqueue.clear()
                self.workqueue.update(units)
            super()._assign_work_unit(node)

    return ModuleFixtureScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that drives Chromium (the `chromium` fixture, directly or through another) is a
    browser test; one that uses a built project (a validated build of the corpus) is slow."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "chromium" in names:
            item.add_marker(pytest.mark.browser)
        if "built_project" in names:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def session_root() -> Path:
    """The session's scratch project (WATER_TARGETS_ROOT): the fixture corpus, not yet built."""
    return Path(os.environ["WATER_TARGETS_ROOT"])


@pytest.fixture
def tables_and_raw() -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """A fresh copy of the hand-made tables and raw texts (mutate freely)."""
    return make_tables()


def shared_once(tmp_path_factory, worker_id: str, name: str, make: Callable[[Path], None]) -> Path:
    """A folder `make(folder)` fills once per test run: under pytest-xdist the first worker to ask makes it
    in the run's common temporary folder while holding a file lock, and the other workers wait for it and
    reuse it (read-only).  Without xdist it is simply made in this session's temporary folder."""
    if worker_id == "master":
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    common = tmp_path_factory.getbasetemp().parent  # pytest-N/, holding popen-gw0/, popen-gw1/ …
    folder, done = common / f"shared-{name}", common / f"shared-{name}.done"
    with (common / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a half-made folder of a worker that failed
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_project(tmp_path_factory, worker_id) -> Path:
    """A scratch project of the fixture corpus after one successful, validated `compare build` (made once
    per run, shared by the xdist workers).  Read-only: a test that changes it copies it first
    (fixture_corpus.copy_project, or the built_copy fixture)."""
    return shared_once(tmp_path_factory, worker_id, "built",
                       lambda folder: build(scratch_project(folder / "project"))) / "project"


@pytest.fixture(scope="session")
def published_tables(built_project) -> dict[str, pd.DataFrame]:
    """The curated tables of built_project (the fixture corpus, built and validated)."""
    from compare.tables import load_all

    return load_all(built_project / "data" / "curated")


@pytest.fixture(scope="session")
def hand_site(tmp_path_factory, worker_id) -> Path:
    """The report site of the hand-made tables (make_tables; HTML charts and data only), made once per run
    and shared by the xdist workers.  Read-only: a test that changes it copies it first."""
    from compare import report

    def make(folder: Path) -> None:
        report.build_site(folder / "site", tables=make_tables()[0], exports=None, progress=lambda msg: None)

    return shared_once(tmp_path_factory, worker_id, "hand_site", make) / "site"


@pytest.fixture
def built_copy(built_project, tmp_path) -> Path:
    """A private copy of built_project (change it freely)."""
    return copy_project(tmp_path / "project", built_project)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless (never a downloaded browser), one for the whole session: Playwright's
    sync API cannot run twice at once in one thread, so every browser test shares this one."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: apt-get install chromium (or run `make test-fast`, without browser tests)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
