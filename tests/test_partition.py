"""The province-partitioned copy of the targets table for large corpora."""

import pandas as pd
import pyarrow.dataset as ds

from compare.partition import PARTITION_DIR, province_id, write_partitioned


def _targets(n: int) -> pd.DataFrame:
    jids = ["cn", "cn.shanxi", "cn.shanxi.yuncheng", "cn.jiangsu.wuxi", "cn.chongqing.wanzhou"]
    return pd.DataFrame({
        "target_id": [f"t{i}" for i in range(n)],
        "jurisdiction_id": pd.array([jids[i % len(jids)] for i in range(n)], dtype="string"),
        "target_year": pd.array([2025 + i % 2 for i in range(n)], dtype="Int16"),
        "value": [float(i) for i in range(n)],
    })


def test_province_is_the_first_two_segments():
    got = province_id(pd.Series(["cn", "cn.shanxi", "cn.shanxi.yuncheng", "cn.chongqing.wanzhou.x"]))
    assert got.tolist() == ["cn", "cn.shanxi", "cn.shanxi", "cn.chongqing"]


def test_small_tables_are_not_partitioned(tmp_path):
    assert write_partitioned(_targets(10), tmp_path, min_rows=10) is None
    assert not (tmp_path / PARTITION_DIR).exists()


def test_large_tables_are_written_per_province_and_read_back_whole(tmp_path):
    t = _targets(50)
    out = write_partitioned(t, tmp_path, min_rows=20)
    assert out == tmp_path / PARTITION_DIR
    assert sorted(p.name for p in out.iterdir()) == [
        "province_id=cn", "province_id=cn.chongqing", "province_id=cn.jiangsu", "province_id=cn.shanxi"]
    back = ds.dataset(out, format="parquet", partitioning="hive").to_table().to_pandas()
    assert len(back) == len(t)
    merged = back.sort_values("target_id").set_index("target_id")
    expected = t.assign(province_id=province_id(t["jurisdiction_id"])).set_index("target_id").loc[merged.index]
    assert (merged["value"] == expected["value"]).all()
    assert (merged["province_id"].astype(str) == expected["province_id"].astype(str)).all()
    shanxi = ds.dataset(out, format="parquet", partitioning="hive").to_table(
        filter=ds.field("province_id") == "cn.shanxi").num_rows
    assert shanxi == 20  # cn.shanxi and cn.shanxi.yuncheng rows: 2 of every 5
