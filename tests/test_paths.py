"""compare.paths: the project's folders follow WATER_TARGETS_ROOT at call time, nothing binds them at
import time, and the user's data (what `compare add` writes) lives under data/, not in the package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_corpus import REPO, scratch_project

from compare import metadata, paths

SRC = REPO / "src" / "compare"


def test_every_project_folder_follows_the_environment_at_call_time(tmp_path, monkeypatch):
    monkeypatch.setenv("WATER_TARGETS_ROOT", str(tmp_path / "a"))
    assert (tmp_path / "a" / "data" / "raw").resolve() == paths.RAW_DIR
    monkeypatch.setenv("WATER_TARGETS_ROOT", str(tmp_path / "b"))
    for name, rel in paths.UNDER_ROOT.items():
        expected = (tmp_path / "b").resolve() / rel if rel != "." else (tmp_path / "b").resolve()
        assert getattr(paths, name) == expected, name
    assert paths.METADATA_DIR == SRC / "metadata"  # the package's own vocabulary does not move


def test_a_project_folder_cannot_be_assigned():
    with pytest.raises(AttributeError):
        paths.RAW_DIR = Path("/elsewhere")  # type: ignore[misc]


def test_without_the_variable_the_root_is_the_checkout(monkeypatch):
    monkeypatch.delenv("WATER_TARGETS_ROOT")
    assert paths.PROJECT_ROOT == paths.CHECKOUT_DIR == REPO


def _import_time_bindings(path: Path) -> list[str]:
    """`from compare.paths import <project folder>`, and module-level or default-argument uses of
    paths.<project folder> in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("compare.paths", "paths"):
            found += [f"{path.name}:{node.lineno} imports {a.name}" for a in node.names if a.name in paths.UNDER_ROOT]
    evaluated_at_import = [n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)]
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            evaluated_at_import += fn.args.defaults + [d for d in fn.args.kw_defaults if d is not None]
    for top in evaluated_at_import:
        for node in ast.walk(top):
            if isinstance(node, ast.Attribute) and node.attr in paths.UNDER_ROOT and \
                    isinstance(node.value, ast.Name) and node.value.id == "paths":
                found.append(f"{path.name}:{node.lineno} reads paths.{node.attr} at import time")
    return found


def test_no_module_binds_a_project_folder_at_import_time():
    found = [f for p in sorted(SRC.rglob("*.py")) if p.name != "paths.py" for f in _import_time_bindings(p)]
    assert found == [], "look the folder up where it is used (paths.RAW_DIR), not at import time"


def test_the_package_metadata_holds_only_the_vocabulary_that_ships_with_the_code():
    shipped = {p.stem for p in (SRC / "metadata").glob("*.yaml")}
    assert not shipped & set(metadata.REFERENCE_FILES), "the user's reference data belongs in data/reference/"
    for name in metadata.REFERENCE_FILES:
        assert metadata.path_of(name) == paths.REFERENCE_DIR / f"{name}.yaml"


def test_reference_data_is_read_from_the_current_project_and_reread_when_it_changes(tmp_path, monkeypatch):
    root = scratch_project(tmp_path / "project", raw=False)
    monkeypatch.setenv("WATER_TARGETS_ROOT", str(root))
    before = set(metadata.jurisdiction_specs())
    with (root / "data" / "reference" / "jurisdictions.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  - {jurisdiction_id: cn.shanxi.jincheng.qinshui, name_zh: 沁水县, name_en: Qinshui, "
                 "level: county, parent_id: cn.shanxi.jincheng, aliases_zh: [沁水县]}\n")
    assert set(metadata.jurisdiction_specs()) == before | {"cn.shanxi.jincheng.qinshui"}
    monkeypatch.setenv("WATER_TARGETS_ROOT", str(tmp_path / "empty"))
    with pytest.raises(metadata.MetadataError, match="data/reference"):
        metadata.jurisdiction_specs()


def test_a_process_started_with_the_variable_reads_that_project(tmp_path):
    root = scratch_project(tmp_path / "project", raw=False)
    code = "from compare import paths, metadata; print(paths.REGISTRY_CSV); print(metadata.path_of('agencies'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"WATER_TARGETS_ROOT": str(root), "PATH": "/usr/bin:/bin",
                              "PYTHONPATH": str(SRC.parent)}).stdout.split()
    assert out == [str(root.resolve() / "data" / "raw" / "documents.csv"),
                   str(root.resolve() / "data" / "reference" / "agencies.yaml")]
