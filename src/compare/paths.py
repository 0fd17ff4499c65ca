"""Every directory the project reads or writes, in one place.

Two kinds of location:

* the package's own files — ``PACKAGE_DIR`` and ``METADATA_DIR`` (the vocabulary that ships with the
  code: indicators, units, lexicon, labels, tables, radicals) — fixed;
* the project's folders — ``DATA_DIR``, ``RAW_DIR``, ``REFERENCE_DIR`` (the places, agencies and tasks a
  user adds or edits), ``CURATED_DIR``, ``EXPECTATIONS_DIR`` … — under :func:`root`, which is
  ``WATER_TARGETS_ROOT`` when set, else the checkout.

The project's folders are computed **at each access**: ``paths.RAW_DIR`` reads the environment every
time, so setting ``WATER_TARGETS_ROOT`` (tests, benchmarks, a second project) moves everything, even in
a process that imported the package before. Write ``paths.RAW_DIR`` where the path is used; never bind one
at import time (``from compare.paths import RAW_DIR``, a module-level ``X = paths.RAW_DIR`` or a default
argument) — ``tests/test_paths.py`` refuses that. They cannot be assigned either: to move the project, set
``WATER_TARGETS_ROOT``.
"""

from __future__ import annotations

import os
import sys
import types
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The vocabulary that ships with the code (never written by `compare add`).
METADATA_DIR = PACKAGE_DIR / "metadata"
#: The checkout the package was imported from (the project root when WATER_TARGETS_ROOT is not set).
CHECKOUT_DIR = PACKAGE_DIR.parents[1]
ENV_VAR = "WATER_TARGETS_ROOT"

#: Name → location under root(). Each is a read-only attribute of this module, computed at access.
UNDER_ROOT: dict[str, str] = {
    "PROJECT_ROOT": ".",
    "DATA_DIR": "data",
    "RAW_DIR": "data/raw",
    "REVIEWS_DIR": "data/raw/reviews",
    "REGISTRY_CSV": "data/raw/documents.csv",
    "REFERENCE_TARGETS_CSV": "data/raw/reference_targets.csv",
    "REPORTED_OUTCOMES_CSV": "data/raw/reported_outcomes.csv",
    #: The user's part of the vocabulary: jurisdictions.yaml, agencies.yaml, tasks.yaml.
    "REFERENCE_DIR": "data/reference",
    "CURATED_DIR": "data/curated",
    "STAGING_DIR": "data/.staging",
    "CACHE_DIR": "data/.cache",
    "EXPECTATIONS_DIR": "expectations",
    "DOCS_DIR": "docs",
    "REPORTS_DIR": "reports",
    "EXPORTS_DIR": "exports",
    "NOTEBOOKS_DIR": "notebooks",
    #: Gold tables written by reading each document (extractor precision and recall are measured on them).
    "GOLD_DIR": "tests/gold",
}


@lru_cache(maxsize=8)
def _resolved(value: str) -> Path:
    return Path(value).resolve()


def root() -> Path:
    """The project root: ``WATER_TARGETS_ROOT`` when set (and not empty), else the checkout."""
    return _resolved(os.environ.get(ENV_VAR) or str(CHECKOUT_DIR))


def under_root(name: str) -> Path:
    """The location called `name` (a key of UNDER_ROOT) under the current root()."""
    rel = UNDER_ROOT[name]
    return root() if rel == "." else root() / rel


class _PathsModule(types.ModuleType):
    """This module, with one read-only property per UNDER_ROOT name (evaluated at each access)."""


for _name in UNDER_ROOT:
    setattr(_PathsModule, _name, property(lambda _self, _n=_name: under_root(_n)))

sys.modules[__name__].__class__ = _PathsModule
