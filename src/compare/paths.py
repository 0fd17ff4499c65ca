"""Every directory the project reads or writes, in one place."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
METADATA_DIR = PACKAGE_DIR / "metadata"

# The project root holds data/, expectations/, notebooks/ …  It can be moved with
# WATER_TARGETS_ROOT (tests build into a scratch copy that way).
PROJECT_ROOT = Path(os.environ.get("WATER_TARGETS_ROOT", PACKAGE_DIR.parents[1])).resolve()

DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
REVIEWS_DIR = RAW_DIR / "reviews"
REGISTRY_CSV = RAW_DIR / "documents.csv"
REFERENCE_TARGETS_CSV = RAW_DIR / "reference_targets.csv"
REPORTED_OUTCOMES_CSV = RAW_DIR / "reported_outcomes.csv"
CURATED_DIR = DATA_DIR / "curated"
STAGING_DIR = DATA_DIR / ".staging"
CACHE_DIR = DATA_DIR / ".cache"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
DOCS_DIR = PROJECT_ROOT / "docs"
REPORTS_DIR = PROJECT_ROOT / "reports"
EXPORTS_DIR = PROJECT_ROOT / "exports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
#: Gold tables written by reading each document (extractor precision and recall are measured on them).
GOLD_DIR = PROJECT_ROOT / "tests" / "gold"
