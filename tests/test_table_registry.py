"""The table registry (metadata/tables.yaml) is the one list of curated tables: names, order, keys,
span tables, references and builders; tables, build, validate and docs all read it."""

import copy
import json

import pandas as pd
import pytest

from compare import build, curate, docs, metadata, paths, tables, validate


def test_every_module_lists_the_tables_of_the_registry_in_its_order():
    names = tuple(metadata.table_specs())
    assert tables.TABLE_NAMES == validate.SUITES == metadata.table_names() == names
    assert {n: metadata.table_specs()[n]["primary_key"][0] for n in names} == validate._ROW_KEYS
    assert set(validate.SPAN_TABLES) == {n for n, s in metadata.table_specs().items() if s.get("span")}
    assert all(validate._SPAN_ADVICE[t] for t in validate.SPAN_TABLES)


def test_every_builder_is_a_curate_function_taking_build_inputs():
    for name, spec in metadata.table_specs().items():
        assert callable(getattr(curate, spec["builder"]["function"])), name
        assert set(spec["builder"]["inputs"]) <= set(build.BUILD_INPUTS), name


def test_suite_parameters_are_the_keys_of_the_referenced_tables_and_cover_every_suite():
    frames = {n: pd.DataFrame({metadata.row_key(n): ["a", "b"]}) for n in metadata.table_names()}
    params = validate._suite_parameters(frames)
    assert set(params) == {f"{t}__{metadata.row_key(t)}" for t in metadata.referenced_tables()}
    used = set()
    for table in validate.SUITES:
        used |= set(_parameters(validate.load_suite(table)))
    assert used <= set(params), used - set(params)


def _parameters(node):
    if isinstance(node, dict):
        if "$PARAMETER" in node:
            yield node["$PARAMETER"]
        for v in node.values():
            yield from _parameters(v)
    elif isinstance(node, list):
        for v in node:
            yield from _parameters(v)


@pytest.fixture
def with_demo_table(monkeypatch):
    """tables.yaml with one more table, `demo`, built by curate.demo from the registry."""
    spec = copy.deepcopy(metadata._load("tables"))
    spec["tables"]["demo"] = {
        "description": "One row per registered document, counted.", "primary_key": ["demo_id"],
        "builder": {"function": "demo", "inputs": ["registry"]},
        "columns": {"demo_id": {"dtype": "string", "description": "id"},
                    "document_id": {"dtype": "string", "description": "→ documents", "ref": "documents"}},
    }
    real = metadata._load

    monkeypatch.setattr(metadata, "_load", lambda name: spec if name == "tables" else real(name))
    metadata.table_specs.cache_clear()
    monkeypatch.setattr(curate, "demo", lambda registry: pd.DataFrame(
        {"demo_id": [f"d{i}" for i in range(len(registry))], "document_id": registry["document_id"]},
        dtype="string"), raising=False)
    yield
    metadata.table_specs.cache_clear()


def test_a_new_table_needs_only_its_registry_entry_and_its_builder(with_demo_table, monkeypatch):
    registry = pd.DataFrame({"document_id": ["x", "y"]})
    inputs = {key: f"<{key}>" for key in build.BUILD_INPUTS} | {"registry": registry}
    for name, spec in metadata.table_specs().items():
        if name != "demo":  # the others record what they were called with
            monkeypatch.setattr(curate, spec["builder"]["function"], lambda *args, n=name: (n, args))
    built = build.build_tables(inputs)
    assert list(built) == list(metadata.table_names()) and list(built)[-1] == "demo"
    assert list(built["demo"]["document_id"]) == ["x", "y"]
    assert built["targets"] == ("targets", ("<reviewed_targets>", "<reference_targets>", registry))
    assert built["responsibilities"] == ("responsibilities", ("<reviewed_annexes>",))
    generated = validate.generated_expectations("demo")
    assert generated[0]["kwargs"]["column_set"] == ["demo_id", "document_id"]
    assert any(e["kwargs"].get("column") == "demo_id" and e["type"] == "expect_column_values_to_be_unique"
               for e in generated)
    assert "## `demo`" in docs.data_dictionary()
    assert "demo" in metadata.table_names()


def test_a_malformed_registry_entry_is_refused_naming_the_table(monkeypatch):
    spec = copy.deepcopy(metadata._load("tables"))
    spec["tables"]["targets"]["primary_key"] = ["the_weather"]
    real = metadata._load
    monkeypatch.setattr(metadata, "_load", lambda name: spec if name == "tables" else real(name))
    metadata.table_specs.cache_clear()
    try:
        with pytest.raises(metadata.MetadataError, match="table 'targets'.*the_weather"):
            metadata.table_specs()
    finally:
        metadata.table_specs.cache_clear()


def test_a_builder_wanting_an_input_the_build_lacks_is_refused():
    with pytest.raises(build.CompareError, match="table 'documents' wants build inputs.*registry"):
        build.build_tables({})


def test_the_committed_suites_exist_for_every_table():
    for table in metadata.table_names():
        suite = json.loads((paths.EXPECTATIONS_DIR / f"{table}.json").read_text(encoding="utf-8"))
        assert suite["name"] == table
