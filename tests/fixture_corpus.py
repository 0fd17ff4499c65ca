"""The one shared fixture module: scratch projects laid out in a temporary folder and reached through
WATER_TARGETS_ROOT, never the live data (data/raw, data/reference, data/curated); and a small hand-made
set of curated tables that passes the gate (make_tables).

The fixture corpus (tests/fixtures/corpus/) is a frozen copy of the project's five city documents, their
registry, fact tables and reviews (raw/) and the places, agencies and tasks they name (reference/). It
changes only when a test needs it to: `compare add` of a new place or document in the live project does
not touch it, so the tests keep passing on a project that grows. expectations/ (generated from the
package's metadata by `compare suites`) and, where asked, tests/gold/ (the gold tables of the five
documents) are copied from the checkout.

conftest.py points WATER_TARGETS_ROOT at one such project for the whole session, so
in-process calls that use compare.paths read the fixture corpus too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from compare import metadata

#: The checkout (the repository's own files: expectations/, tests/gold/, notebooks/, docs/ …).
REPO = Path(__file__).resolve().parents[1]
#: The frozen fixture corpus: raw/ (documents, registry, fact tables, reviews) and reference/.
CORPUS = REPO / "tests" / "fixtures" / "corpus"
#: The documents of the fixture corpus, as their registry lists them (document_id → text file).
CORPUS_DOCUMENTS = {p.stem: p for p in sorted((CORPUS / "raw").glob("*.txt"))}
_IGNORE = shutil.ignore_patterns(".staging", ".cache", ".trash", "__pycache__")


def scratch_project(dest: Path, *, raw: bool = True, gold: bool = False) -> Path:
    """A scratch project at `dest` for WATER_TARGETS_ROOT=dest: data/raw and data/reference from the
    fixture corpus, expectations/ from the checkout (and tests/gold/ with gold=True: the build then scores
    the extractor against it). With raw=False, data/raw holds only an empty registry and fact tables
    (header rows): a project to `compare add` documents to."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CORPUS / "reference", dest / "data" / "reference")
    if raw:
        shutil.copytree(CORPUS / "raw", dest / "data" / "raw", ignore=_IGNORE)
    else:
        (dest / "data" / "raw").mkdir(parents=True)
        for name in ("documents.csv", "reference_targets.csv", "reported_outcomes.csv"):
            header = (CORPUS / "raw" / name).read_text(encoding="utf-8").splitlines()[0]
            (dest / "data" / "raw" / name).write_text(header + "\n", encoding="utf-8")
    shutil.copytree(REPO / "expectations", dest / "expectations")
    if gold:
        shutil.copytree(REPO / "tests" / "gold", dest / "tests" / "gold", ignore=_IGNORE)
    return dest


def copy_project(dest: Path, source: Path) -> Path:
    """A copy of the scratch project `source` (data/ and expectations/, no caches) at `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("data", "expectations", "tests"):
        if (source / name).exists():
            shutil.copytree(source / name, dest / name, ignore=_IGNORE)
    return dest


def env_for(root: Path) -> dict[str, str]:
    """The environment of a process working in the scratch project `root`."""
    return os.environ | {"WATER_TARGETS_ROOT": str(root), "PYTHONWARNINGS": "ignore"}


def run_cli(root: Path, *args: str, timeout: float = 300, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m compare ARGS` in the scratch project `root`; the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "compare", *args], cwd=cwd or root, env=env_for(root),
                          capture_output=True, text=True, timeout=timeout)


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under `folder` (empty when it does not exist)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def sha256_tree(directory: Path) -> dict[str, str]:
    """File name → sha256 of every Parquet file in `directory`."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*.parquet"))}


def build(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`compare build ARGS` in `root`, asserted to succeed."""
    result = run_cli(root, "build", *args, timeout=timeout)
    assert result.returncode == 0, f"the build of {root} failed:\n{result.stdout}\n{result.stderr}"
    return result


# --------------------------------------------------------------------------- hand-made tables

RAW_A = (
    "一、主要目标\n到2025年，全市用水总量控制在12.5亿立方米以内，农田灌溉水有效利用系数达到0.56，"
    "万元GDP用水量较2020年下降16%，重点用水单位年用水量5万立方米以上纳入重点监控。\n"
)
RAW_B = "到2022年，城市公共供水管网漏损率控制在10%以内。\n"
#: doc_b's task-division annex (tab-separated rows): two tasks, each with one lead and two participants.
ANNEX_B = (
    "附件\n重点任务分工\n序号\t重点任务\t牵头单位\t参与单位\n"
    "1\t控制供水管网漏损\t市市政园林局\t市水利局、市财政局\n"
    "2\t开展节水宣传教育\t市水利局\t市委宣传部、市教育局\n"
)
#: (task_no, title, task_id, unit as written, agency_id, role) of ANNEX_B, in text order.
_RESPONSIBILITIES = [
    ("1", "控制供水管网漏损", "leakage_control", "市市政园林局", "municipal_gardens", "lead"),
    ("1", "控制供水管网漏损", "leakage_control", "市水利局", "water_authority", "participant"),
    ("1", "控制供水管网漏损", "leakage_control", "市财政局", "finance", "participant"),
    ("2", "开展节水宣传教育", "publicity_education", "市水利局", "water_authority", "lead"),
    ("2", "开展节水宣传教育", "publicity_education", "市委宣传部", "party_publicity", "participant"),
    ("2", "开展节水宣传教育", "publicity_education", "市教育局", "education", "participant"),
]

#: (document, indicator, year, comparator, value, unit, baseline, value_reported, unit_reported, quote)
_TARGETS = [
    ("doc_a", "total_water_use_cap", 2025, "<=", 12.5, "亿立方米", None, "12.5", "亿立方米",
     "用水总量控制在12.5亿立方米"),
    ("doc_a", "irrigation_water_use_coefficient", 2025, ">=", 0.56, "1", None, "0.56", "",
     "农田灌溉水有效利用系数达到0.56"),
    ("doc_a", "gdp_water_intensity_reduction", 2025, ">=", 16.0, "%", 2020, "16", "%",
     "万元GDP用水量较2020年下降16%"),
    ("doc_a", "key_monitoring_threshold", None, ">=", 5.0, "万立方米/年", None, "5", "万立方米",
     "年用水量5万立方米以上纳入重点监控"),
    ("doc_b", "public_supply_leakage_rate", 2022, "<=", 10.0, "%", None, "10", "%",
     "公共供水管网漏损率控制在10%"),
]


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """`df` with the columns and dtypes of tables.yaml."""
    dtypes = metadata.table_dtypes(name)
    return df[list(dtypes)].astype(dtypes)


def make_responsibilities(raw_b: str) -> pd.DataFrame:
    """doc_b's responsibilities (contract dtypes): ANNEX_B's units located in `raw_b`, in text order."""
    rows, pos = [], raw_b.index(ANNEX_B)
    for task_no, title, task_id, unit, agency_id, role in _RESPONSIBILITIES:
        start = raw_b.index(unit, pos)
        pos = start + len(unit)
        rows.append({"responsibility_id": f"doc_b-{task_no}-{agency_id}-{role}", "document_id": "doc_b",
                     "task_no": task_no, "item_seq": 1, "task_title_zh": title, "task_text_zh": title,
                     "section_zh": None, "task_id": task_id, "task_match": "title", "unit_zh": unit,
                     "unit_note_zh": None, "agency_id": agency_id, "role": role, "quote_zh": unit,
                     "char_start": start, "char_end": pos, "rule": "tab_rows.lead_participant",
                     "review_status": "unreviewed"})
    return _typed("responsibilities", pd.DataFrame(rows))


def make_tables() -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Curated tables (contract dtypes) and raw texts for two small documents; they pass the gate."""
    raw = {"doc_a": RAW_A, "doc_b": RAW_B + ANNEX_B}
    documents = pd.DataFrame({
        "document_id": ["doc_a", "doc_b", "ref_national"],
        "jurisdiction_id": ["cn.shanxi.yuncheng", "cn.jiangsu.wuxi", "cn"],
        "title_zh": ["节水行动实施细则", "节水行动分工方案", "国家节水行动方案"],
        "issuer_zh": ["运城市人民政府", None, None],
        "doc_number": [None, None, None],
        "date_issued": ["2020-09-11", None, None],
        "kind": ["official text", "official text", "news report"],
        "source_url": [None, None, "http://example.org/national"],
        "source_kind": [None, None, "official page"],
        "publisher": [None, None, "Example Ministry"],
        "date_published": [None, None, "2021-11-09"],
        "date_accessed": [None, None, "2026-12-04"],
        "path": ["doc_a.txt", "doc_b.txt", None],
        "sha256": ["0" * 64, "1" * 64, None],
        "n_chars": [len(raw["doc_a"]), len(raw["doc_b"]), None],
    })
    documents = _typed("documents", documents)
    rows = []
    for doc, iid, year, comp, value, unit, base, vrep, urep, quote in _TARGETS:
        start = raw[doc].index(quote)
        rows.append({"target_id": f"{doc}-{iid}", "document_id": doc,
                     "jurisdiction_id": documents.set_index("document_id").loc[doc, "jurisdiction_id"],
                     "indicator_id": iid, "target_year": year, "comparator": comp, "value": value, "unit": unit,
                     "baseline_year": base, "scope_zh": "全市", "attribute": None, "value_reported": vrep,
                     "unit_reported": urep, "quote_zh": quote, "char_start": start, "char_end": start + len(quote),
                     "source_quote_zh": None, "method": "rule", "rule": "prose", "note": None, "qualifier": None,
                     "review_status": "confirmed" if doc == "doc_a" else "unreviewed",
                     "year_basis": "stated" if year is not None else "none"})
    rows.append({"target_id": "ref-1", "document_id": "ref_national", "jurisdiction_id": "cn",
                 "indicator_id": "irrigation_water_use_coefficient", "target_year": 2020, "comparator": ">=",
                 "value": 0.55, "unit": "1", "baseline_year": None, "scope_zh": "全国", "attribute": None,
                 "value_reported": "0.55", "unit_reported": "1", "quote_zh": None, "char_start": None,
                 "char_end": None, "source_quote_zh": "农田灌溉水有效利用系数提高到0.55以上", "method": "reference", "rule": None, "note": None, "qualifier": None,
                 "review_status": "added", "year_basis": None})
    targets = _typed("targets", pd.DataFrame(rows))
    outcomes = pd.DataFrame({
        "outcome_id": ["o1", "o2"], "jurisdiction_id": ["cn", "cn"], "indicator_id": ["total_water_use", "irrigation_water_use_coefficient"],
        "year": [2020, 2020], "value": [5812.9, 0.565], "unit": ["亿立方米", "1"], "baseline_year": [None, None],
        "source_url": ["http://example.org/gb", "http://example.org/gb"],
        "source_kind": ["official text", "official text"], "note": [None, None],
    })
    outcomes = _typed("outcomes", outcomes)
    tables = {"jurisdictions": metadata.jurisdictions(), "indicators": metadata.indicators(),
              "documents": documents, "targets": targets, "outcomes": outcomes,
              "agencies": _typed("agencies", metadata.agencies()), "tasks": _typed("tasks", metadata.tasks()),
              "responsibilities": make_responsibilities(raw["doc_b"])}
    return tables, raw


def move_root(monkeypatch, root: Path, *, expectations: bool = True) -> Path:
    """Point WATER_TARGETS_ROOT at `root` for one test (pytest's monkeypatch undoes it). `root` gets the
    fixture corpus's data/reference/ (where places, agencies and tasks are looked up) and, unless
    expectations=False, the checkout's expectations/ — each only when it has none."""
    if not (root / "data" / "reference").exists():
        shutil.copytree(CORPUS / "reference", root / "data" / "reference")
    if expectations and not (root / "expectations").exists():
        shutil.copytree(REPO / "expectations", root / "expectations")
    monkeypatch.setenv("WATER_TARGETS_ROOT", str(root))
    return root


def run_notebook(notebook: Path, out: Path, parameters: dict, monkeypatch, root: Path) -> list:
    """`notebook` executed under papermill with `parameters` on the project at `root` (the kernel reads it
    through WATER_TARGETS_ROOT), written to `out`; its cells."""
    import nbformat
    import papermill

    monkeypatch.setenv("WATER_TARGETS_ROOT", str(root))
    papermill.execute_notebook(str(notebook), str(out), parameters=parameters, kernel_name="python3",
                               cwd=str(notebook.parent), progress_bar=False)
    return nbformat.read(str(out), as_version=4).cells


def stream_text(cell) -> str:
    """The printed output of a notebook cell."""
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
