"""The extraction cache: same results as extract_text, hits on unchanged text, invalidation when the
extractor (code or metadata) changes, and the parallel path."""

import shutil

import pytest
from fixture_corpus import move_root

from compare import cache, paths
from compare.extract import extract_document, extract_text

TEXTS = {
    "doc_a": "到2025年，全市用水总量控制在12.5亿立方米以内，农田灌溉水有效利用系数达到0.56。\n",
    "doc_b": "到2022年，城市公共供水管网漏损率控制在10%以内。\n",
    "doc_c": "非常规水利用占比进一步增大。\n",  # no candidate: an empty list is cached too
}


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """Cache in a scratch folder; the list of documents the extractor was actually run on."""
    move_root(monkeypatch, tmp_path)  # the cache goes to tmp_path/data/.cache
    calls: list[str] = []

    def counting(raw, document, date_issued=None):
        calls.append(document)
        return extract_document(raw, document, date_issued)

    monkeypatch.setattr(cache, "extract_document", counting)
    return calls


def test_same_result_as_extract_text_and_second_run_hits_the_cache(counted):
    first = cache.extract_many(TEXTS)
    assert first == {d: extract_text(r, d) for d, r in TEXTS.items()}
    assert sorted(counted) == sorted(TEXTS)
    assert len(first["doc_a"]) == 2 and first["doc_c"] == []
    counted.clear()
    messages = []
    assert cache.extract_many(TEXTS, progress=messages.append) == first
    assert counted == []
    assert "3 documents from cache, 0 extracted" in messages[0]


def test_only_changed_text_is_re_extracted(counted):
    cache.extract_many(TEXTS)
    counted.clear()
    changed = TEXTS | {"doc_b": TEXTS["doc_b"].replace("10%", "9%")}
    out = cache.extract_many(changed)
    assert counted == ["doc_b"]
    assert out["doc_b"][0].value == 9.0


def test_same_text_under_another_id_is_relabelled(counted):
    cache.extract_many({"doc_a": TEXTS["doc_a"]})
    counted.clear()
    out = cache.extract_many({"copy_of_a": TEXTS["doc_a"]})
    assert counted == []
    assert {c.document for c in out["copy_of_a"]} == {"copy_of_a"}


def test_new_fingerprint_re_extracts_and_prunes_the_old_folder(counted, monkeypatch):
    cache.extract_many(TEXTS)
    old = {p.name for p in cache.cache_root().iterdir()}
    counted.clear()
    monkeypatch.setattr(cache, "fingerprint", lambda: "f" * 64)
    assert cache.extract_many(TEXTS) == {d: extract_text(r, d) for d, r in TEXTS.items()}
    assert sorted(counted) == sorted(TEXTS)
    assert {p.name for p in cache.cache_root().iterdir()} == {"f" * 16} and old != {"f" * 16}


def test_unreadable_cache_entry_is_re_extracted(counted):
    cache.extract_many(TEXTS)
    entry = cache._entry(cache.cache_root() / cache.fingerprint()[:16], cache.text_key(TEXTS["doc_a"]))
    entry.write_text("{not json", encoding="utf-8")
    counted.clear()
    assert cache.extract_many(TEXTS)["doc_a"] == extract_text(TEXTS["doc_a"], "doc_a")
    assert counted == ["doc_a"]


def test_use_cache_false_writes_nothing(counted):
    cache.extract_many(TEXTS, use_cache=False)
    assert not cache.cache_root().exists()


@pytest.fixture
def extractor_copy(monkeypatch, tmp_path):
    """The fingerprinted sources copied to a scratch package folder (edit them freely)."""
    pkg = tmp_path / "pkg"
    shutil.copytree(paths.METADATA_DIR, pkg / "metadata")
    shutil.copytree(paths.PACKAGE_DIR / "extract", pkg / "extract", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("text.py", "metadata.py", "responsibilities.py"):
        shutil.copy(paths.PACKAGE_DIR / name, pkg / name)
    monkeypatch.setattr(paths, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(paths, "METADATA_DIR", pkg / "metadata")
    return pkg


@pytest.mark.parametrize("edited", ["metadata/lexicon.yaml", "metadata/units.yaml", "extract/prose.py",
                                    "extract/model.py", "text.py", "responsibilities.py"])
def test_editing_the_extractor_or_its_metadata_changes_the_fingerprint(extractor_copy, edited):
    before = cache.fingerprint()
    assert cache.fingerprint() == before  # stable while nothing changes
    with (extractor_copy / edited).open("a", encoding="utf-8") as fh:
        fh.write("\n# edited\n")
    assert cache.fingerprint() != before


def test_a_new_metadata_file_changes_the_fingerprint(extractor_copy):
    before = cache.fingerprint()
    (extractor_copy / "metadata" / "extra.yaml").write_text("x: 1\n", encoding="utf-8")
    assert cache.fingerprint() != before


def test_package_version_is_part_of_the_fingerprint(monkeypatch):
    before = cache.fingerprint()
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert cache.fingerprint() != before


def test_parallel_extraction_matches_in_process(monkeypatch, tmp_path):
    move_root(monkeypatch, tmp_path)  # the cache goes to tmp_path/data/.cache
    many = {f"d{i:02d}": f"到{2020 + i % 10}年，全市用水总量控制在{i + 1}.5亿立方米以内。\n" for i in range(cache.PARALLEL_MIN_DOCS + 5)}
    messages = []
    out = cache.extract_many(many, workers=2, progress=messages.append)
    assert "on 2 processes" in messages[0]
    assert list(out) == list(many)
    assert out == {d: extract_text(r, d) for d, r in many.items()}
    assert [c.value for c in out["d03"]] == [4.5]
    # the workers filled the cache: a second run extracts nothing
    assert "0 extracted" in (cache.extract_many(many, workers=2, progress=messages.append) and messages[-1])


# A made-up task-division annex (tab_rows layout): two tasks, a lead and participants each.
ANNEX = ("附件\n序号\t重点任务\t牵头单位\t参与单位\n1\t强化用水指标刚性约束\t市水利局\t市发展改革委、市工信局\n"
         "2\t推进农业节水增效\t市农业农村局\t市水利局\n")
BROKEN_ANNEX = "序号\t重点任务\t省直部门\t职责\n1\t推进农业节水增效\t省农业农村厅\t主办\n"  # 主办: no role word


def test_annex_rows_are_extracted_with_the_candidates_and_cached(counted):
    from compare.responsibilities import extract_annex

    texts = {"doc_a": TEXTS["doc_a"], "plan": TEXTS["doc_b"] + ANNEX}
    first: dict = {}
    cache.extract_many(texts, annexes=first)
    assert first["doc_a"] == [] and first["plan"] == extract_annex("plan", texts["plan"])
    assert {(r["task_no"], r["agency_id"], r["role"]) for r in first["plan"]} >= {("1", "water_authority", "lead")}
    again: dict = {}
    counted.clear()
    cache.extract_many({"copy": texts["plan"]}, annexes=again)
    assert counted == []  # served from the cache, re-labelled with the new document id
    assert again["copy"] == [dict(r, document_id="copy") for r in first["plan"]]


def test_an_unreadable_annex_is_kept_as_its_message_not_raised(counted):
    annexes: dict = {}
    found = cache.extract_many({"bad": TEXTS["doc_b"] + BROKEN_ANNEX}, annexes=annexes)
    assert found["bad"]  # the targets are still read
    assert isinstance(annexes["bad"], str) and "主办" in annexes["bad"]


def test_editing_the_agencies_or_tasks_changes_the_fingerprint(monkeypatch, tmp_path):
    """The annex reader's vocabulary is the project's (data/reference/): editing it re-reads the annexes."""
    shutil.copytree(paths.REFERENCE_DIR, tmp_path / "data" / "reference")
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))
    for name in ("agencies.yaml", "tasks.yaml"):
        before = cache.fingerprint()
        with (tmp_path / "data" / "reference" / name).open("a", encoding="utf-8") as fh:
            fh.write("\n# edited\n")
        assert cache.fingerprint() != before, name
