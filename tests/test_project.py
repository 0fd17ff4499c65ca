"""Project hygiene: one home for each fact."""

import re
import subprocess
import sys
import tomllib

import yaml
from fixture_corpus import REPO, run_cli, scratch_project

PROJECT_ROOT = REPO  # the checkout's own files: pyproject.toml, environment.yml, Makefile


def _name_spec(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {_name_spec(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text("utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = {_name_spec(r) for r in pip if not r.startswith("-e")}
    assert listed == wanted, f"only in pyproject: {wanted - listed}; only in environment.yml: {listed - wanted}"


def test_data_dictionary_is_generated_from_the_metadata_and_the_projects_reference_data(tmp_path):
    """`compare docs` writes the dictionary of the project it runs in (its places included); `--check`
    tells an up-to-date file from a stale one. (`make test` checks the checkout's own with --check.)"""
    root = scratch_project(tmp_path / "project")
    assert run_cli(root, "docs", "--check").returncode == 1  # no docs/ yet
    assert run_cli(root, "docs").returncode == 0
    text = (root / "docs" / "data_dictionary.md").read_text("utf-8")
    places = yaml.safe_load((root / "data" / "reference" / "jurisdictions.yaml").read_text("utf-8"))["jurisdictions"]
    assert all(f"| `{j['jurisdiction_id']}` | {j['name_zh']} |" in text for j in places)
    assert "## `targets`" in text and "| `total_water_use_cap` |" in text
    assert run_cli(root, "docs", "--check").returncode == 0
    with (root / "data" / "reference" / "jurisdictions.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  - {jurisdiction_id: cn.shanxi.jincheng.qinshui, name_zh: 沁水县, name_en: Qinshui, level: county,"
                 " parent_id: cn.shanxi.jincheng, aliases_zh: [沁水县]}\n")
    stale = run_cli(root, "docs", "--check")
    assert stale.returncode == 1 and "make refresh" in stale.stderr


def test_make_help_lists_the_main_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout
    for target in ("report", "test", "build", "validate"):
        assert re.search(rf"^\s+\S*{target}\S*\s+\S", out, re.M), target


def test_cli_help_is_bilingual():
    out = subprocess.run([sys.executable, "-m", "compare", "--help"], capture_output=True, text=True).stdout
    assert "build" in out and "节水目标" in out


def test_every_bilingual_label_has_exactly_a_zh_and_an_en_string():
    """Catches YAML flow-mapping slips such as `{en: 10,000 mu}` (read as en: 10 plus a stray key)."""
    from compare.metadata import labels

    for group, entries in labels().items():
        for key, entry in entries.items():
            assert set(entry) - {"symbol"} == {"zh", "en"}, (group, key, entry)
            assert all(isinstance(entry[lang], str) and entry[lang] for lang in ("zh", "en")), (group, key)
