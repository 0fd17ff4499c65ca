"""Reading the published tables: the entry point for analysis, notebooks and the report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from compare import metadata, paths
from compare.errors import CompareError, InputError

#: Curated tables, in the order they are built and validated (metadata/tables.yaml).
TABLE_NAMES = metadata.table_names()


def load(name: str, curated_dir: Path | None = None, *, reviewed_only: bool = False) -> pd.DataFrame:
    """One published table from data/curated/<name>.parquet.

    `reviewed_only=True` keeps the rows a person has confirmed, corrected or added (drops
    `review_status == "unreviewed"`); only tables with a `review_status` column (targets) take it.
    """
    path = (curated_dir or paths.CURATED_DIR) / f"{name}.parquet"
    if not path.exists():
        raise CompareError(f"{path} does not exist: run `make build` (or `python -m compare build`) first")
    if not path.is_file():  # a FIFO or device would block or never end
        raise InputError(f"{path}: not a regular file — the published tables were tampered with: rebuild them "
                         "with `python -m compare build --force`")
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError … for a damaged file
        raise InputError(
            f"{path}: the published table cannot be read ({type(exc).__name__}: {exc}). It was damaged after "
            "publishing: rebuild it from data/raw with `python -m compare build --force`") from exc
    if reviewed_only:
        if "review_status" not in df.columns:
            raise CompareError(f"{name}: reviewed_only applies to tables with a review_status column (targets), "
                               f"and {path} has none — rebuild with `python -m compare build` if it is targets")
        df = df[df["review_status"] != "unreviewed"].reset_index(drop=True)
    return df


def load_all(curated_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every published table by name."""
    return {name: load(name, curated_dir) for name in TABLE_NAMES}
