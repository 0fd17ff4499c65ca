"""A province-partitioned copy of the targets table, written when the corpus is large.

`data/curated/targets.parquet` stays the one table every reader uses. Once it holds more than
PARTITION_MIN_ROWS rows, `targets_by_province/province_id=<id>/part-0.parquet` (Hive layout) is
written next to it, so that DuckDB, Polars or Spark read one province without scanning the rest.
`province_id` is the first two segments of `jurisdiction_id` (cn.shanxi.yuncheng → cn.shanxi;
national rows → cn). See docs/performance.md for how each engine reads it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

#: Above this many target rows the partitioned copy is written (the one place the threshold is set).
PARTITION_MIN_ROWS = 100_000
#: Folder of the partitioned copy, inside the staged/curated folder.
PARTITION_DIR = "targets_by_province"
#: Rows per Parquet row group (large enough for fast scans, small enough to skip by statistics).
ROW_GROUP_ROWS = 100_000


def province_id(jurisdiction_id: pd.Series) -> pd.Series:
    """The province of each jurisdiction id: its first two dotted segments (`cn` stays `cn`)."""
    return jurisdiction_id.astype("string").str.split(".").str[:2].str.join(".").astype("string")


def write_partitioned(targets: pd.DataFrame, folder: Path, min_rows: int = PARTITION_MIN_ROWS) -> Path | None:
    """Write `targets` partitioned by province under folder/targets_by_province/ when it has more than
    `min_rows` rows; the path written, or None (nothing written) for a smaller table."""
    if len(targets) <= min_rows:
        return None
    import pyarrow as pa
    import pyarrow.dataset as ds

    out = Path(folder) / PARTITION_DIR
    frame = targets.reset_index(drop=True).assign(province_id=province_id(targets["jurisdiction_id"]).to_numpy())
    table = pa.Table.from_pandas(frame, preserve_index=False)
    ds.write_dataset(
        table,
        out,
        format="parquet",
        partitioning=ds.partitioning(pa.schema([("province_id", pa.string())]), flavor="hive"),
        basename_template="part-{i}.parquet",
        existing_data_behavior="delete_matching",
        max_rows_per_group=ROW_GROUP_ROWS,
        min_rows_per_group=min(ROW_GROUP_ROWS, max(len(targets), 1)),
    )
    return out
