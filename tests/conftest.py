"""Session set-up and shared pytest fixtures. The helpers themselves live in fixture_corpus.py.

Before collection, WATER_TARGETS_ROOT is pointed at a scratch project built from the fixture corpus
(fixture_corpus.scratch_project), so every test — in-process or in a subprocess — reads and writes that
project, never the live data of the checkout. A test that needs a project of its own builds one with
scratch_project() and passes it explicitly.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from fixture_corpus import build, copy_project, make_tables, scratch_project

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


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A scratch project of the fixture corpus after one successful, validated `compare build`.
    Read-only: a test that changes it copies it first (fixture_corpus.copy_project)."""
    root = scratch_project(tmp_path_factory.mktemp("built") / "project")
    build(root)
    return root


@pytest.fixture(scope="session")
def published_tables(built_project) -> dict[str, pd.DataFrame]:
    """The curated tables of built_project (the fixture corpus, built and validated)."""
    from compare.tables import load_all

    return load_all(built_project / "data" / "curated")


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
