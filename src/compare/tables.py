"""Reading the published tables: the entry point for analysis, notebooks and the report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from compare.errors import CompareError, InputError
from compare.paths import CURATED_DIR

#: Curated tables, in the order they are built and validated.
TABLE_NAMES = ("jurisdictions", "indicators", "documents", "targets", "outcomes", "agencies", "tasks",
               "responsibilities")


def load(name: str, curated_dir: Path | None = None) -> pd.DataFrame:
    """One published table from data/curated/<name>.parquet."""
    path = (curated_dir or CURATED_DIR) / f"{name}.parquet"
    if not path.exists():
        raise CompareError(f"{path} does not exist: run `make build` (or `python -m compare build`) first")
    if not path.is_file():  # a FIFO or device would block or never end
        raise InputError(f"{path}: not a regular file — the published tables were tampered with: rebuild them "
                         "with `python -m compare build --force`")
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError … for a damaged file
        raise InputError(
            f"{path}: the published table cannot be read ({type(exc).__name__}: {exc}). It was damaged after "
            "publishing: rebuild it from data/raw with `python -m compare build --force`") from exc


def load_all(curated_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every published table by name."""
    return {name: load(name, curated_dir) for name in TABLE_NAMES}
