"""The bad-input catalogue (docs/bad_inputs.md): one end-to-end case per row, run in a scratch copy of a
built project (WATER_TARGETS_ROOT), each asserting the exit code, the message, and that the published
tables in data/curated/ are byte-for-byte unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from doc_fixtures import plan_text, write_scanned_pdf
from fixture_corpus import CORPUS, REPO, run_cli, scratch_project, tree_digest

from compare.text import MAX_INPUT_BYTES

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CATALOGUE = REPO / "docs" / "bad_inputs.md"


@dataclass
class Case:
    run: Callable[[Path, Path], subprocess.CompletedProcess]
    code: int
    words: tuple[str, ...]
    check: Callable[[Path, Path], None] | None = None


CASES: dict[str, Case] = {}


def case(name: str, code: int, *words: str, check=None):
    def register(fn):
        CASES[name] = Case(fn, code, words, check)
        return fn
    return register


def _add(root: Path, path: Path | str, *extra: str) -> subprocess.CompletedProcess:
    return run_cli(root, "add", str(path), "--jurisdiction", "晋城市", *extra)


def _file(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / "inputs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _python(root: Path, code: str) -> subprocess.CompletedProcess:
    """Run `code` (which drives compare.cli) in a fresh interpreter inside the scratch project."""
    import os

    env = os.environ | {"WATER_TARGETS_ROOT": str(root), "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                          timeout=120)


def _raw_unchanged(root: Path, _tmp: Path) -> None:
    assert tree_digest(root / "data" / "raw") == tree_digest(CORPUS / "raw"), "data/raw was changed"


# --------------------------------------------------------------------------- compare add: the file


@case("empty_file", 2, "the file is empty", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.txt", b""))


@case("whitespace_only_file", 2, "the file is empty", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.txt", " \n\u3000\n".encode()))


@case("binary_file", 2, "not a text file", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.txt", bytes(range(256)) * 64))


@case("undecodable_bytes", 2, "not a text file in UTF-8", "GB18030", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.txt", "用水总量控制在".encode() + b"\xff\xff\xfe" + "10亿立方米".encode()))


@case("unsupported_format", 2, "unsupported format '.doc'", ".docx", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512))


@case("text_renamed_docx", 2, "not a Word .docx file", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.docx", plan_text()))


@case("scanned_pdf", 2, "no text layer", "OCR is needed", check=_raw_unchanged)
def _(root, tmp):
    path = tmp / "inputs" / "scan.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    return _add(root, write_scanned_pdf(path))


@case("damaged_pdf", 2, "cannot read this PDF", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.pdf", b"%PDF-1.4\nnot really a pdf\n%%EOF\n"))


@case("file_50_mb", 2, "larger than the limit of 20 MiB", "MAX_INPUT_BYTES", check=_raw_unchanged)
def _(root, tmp):
    chunk = plan_text().encode("utf-8")
    path = _file(tmp, "huge.txt", chunk * (50 * 2**20 // len(chunk) + 1))
    assert path.stat().st_size >= 50 * 2**20 > MAX_INPUT_BYTES
    start = time.monotonic()
    res = _add(root, path)
    assert time.monotonic() - start < 30, "a large file must be refused at once"
    return res


@case("extract_50_mb", 2, "larger than the limit of 20 MiB")
def _(root, tmp):
    path = tmp / "inputs" / "sparse.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.truncate(50 * 2**20)
    return run_cli(root, "extract", str(path))


@case("missing_file", 2, "no such file", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, tmp / "inputs" / "nowhere.txt")


@case("directory_as_file", 2, "not a regular file", check=_raw_unchanged)
def _(root, tmp):
    (tmp / "inputs" / "folder.txt").mkdir(parents=True)
    return _add(root, tmp / "inputs" / "folder.txt")


def _no_targets_registered(root: Path, _tmp: Path) -> None:
    csv_text = (root / "data" / "raw" / "documents.csv").read_text("utf-8")
    assert "jincheng_notice" in csv_text
    draft = (root / "data" / "raw" / "reviews" / "jincheng_notice.draft.yaml").read_text("utf-8")
    assert "# no_targets:" in draft and yaml.safe_load(draft)["candidates"] == []


@case("document_without_targets", 0, "0 candidate targets", "no targets found", check=_no_targets_registered)
def _(root, tmp):
    return _add(root, _file(tmp, "notice.txt", "关于召开节水工作会议的通知\n请各单位按时参加会议。\n"))


# --------------------------------------------------------------------------- compare add: bombs and deep trees (issue 14)


def _timed(run: Callable[[], subprocess.CompletedProcess], budget: float) -> subprocess.CompletedProcess:
    start = time.monotonic()
    res = run()
    assert time.monotonic() - start < budget, f"took {time.monotonic() - start:.0f} s"
    return res


@case("docx_bomb", 2, "would inflate to", "MAX_DOCX_UNCOMPRESSED", check=_raw_unchanged)
def _(root, tmp):
    import zipfile

    path = tmp / "inputs" / "bomb.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as fh:
            for _ in range(100):
                fh.write(b" " * (1 << 20))
    assert path.stat().st_size < 400_000
    return _timed(lambda: _add(root, path), 30)


@case("pdf_bomb", 2, "would inflate beyond 64 MiB", "MAX_PDF_INFLATED", check=_raw_unchanged)
def _(root, tmp):
    import zlib

    from doc_fixtures import _pdf

    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(b"0 0 Td " * (1 << 17)) for _ in range(110)) + packer.flush()
    content = f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode() + packed + b"\nendstream"
    data = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", content])
    return _timed(lambda: _add(root, _file(tmp, "bomb.pdf", data)), 30)


def _added_text(expected: str):
    def check(root: Path, _tmp: Path) -> None:
        assert (root / "data" / "raw" / "jincheng_page.txt").read_text("utf-8") == expected
    return check


@case("html_nested_100000_divs", 0, "added jincheng_page", check=_added_text("用水总量控制在5亿立方米以内。\n"))
def _(root, tmp):
    n = 100_000
    page = "<html><body>" + "<div>" * n + "用水总量控制在5亿立方米以内。" + "</div>" * n + "</body></html>"
    return _timed(lambda: _add(root, _file(tmp, "page.html", page)), 60)


@case("html_without_head_end", 0, "added jincheng_page",
      check=_added_text("到2025年，用水总量控制在5亿立方米以内。\n"))
def _(root, tmp):
    page = ("<html><head><meta charset='utf-8'><title>标题</title><style>p{}</style>"
            "<body><p>到2025年，用水总量控制在5亿立方米以内。</p></body></html>")
    return _add(root, _file(tmp, "page.html", page))


# --------------------------------------------------------------------------- compare add: ids, names, places


def _registry_unchanged(root: Path, _tmp: Path) -> None:
    assert (root / "data" / "raw" / "documents.csv").read_bytes().count(b"\n") == \
        (CORPUS / "raw" / "documents.csv").read_bytes().count(b"\n") + 1


@case("same_file_twice", 0, "already registered as jincheng_plan", "nothing to do", check=_registry_unchanged)
def _(root, tmp):
    path = _file(tmp, "plan.txt", plan_text())
    assert _add(root, path).returncode == 0
    return _add(root, path)


@case("duplicate_id", 2, "already registered for a different file", "--id", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.txt", plan_text()), "--id", "jincheng_jieshui_xingdong_xize")


@case("unknown_jurisdiction", 2, "unknown jurisdiction '运城县'", "close matches: 运城市 (cn.shanxi.yuncheng)",
      "--new-jurisdiction", check=_raw_unchanged)
def _(root, tmp):
    return run_cli(root, "add", str(_file(tmp, "plan.txt", plan_text())), "--jurisdiction", "运城县")


@case("new_jurisdiction_unknown_parent", 2, "unknown jurisdiction '阳泉市'", check=_raw_unchanged)
def _(root, tmp):
    return run_cli(root, "add", str(_file(tmp, "plan.txt", plan_text())), "--jurisdiction", "沁水县",
                   "--new-jurisdiction", "--level", "county", "--parent", "阳泉市", "--name-en", "Qinshui")


@case("bad_date", 2, "YYYY-MM-DD", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.txt", plan_text()), "--date", "2021年3月1日")


def _only_inside_raw(root: Path, tmp: Path) -> None:
    raw = root / "data" / "raw"
    assert (raw / "jincheng_plan.txt").read_text("utf-8") == plan_text()
    assert sorted(p.name for p in root.iterdir()) == ["data", "expectations"]
    assert not list(tmp.rglob("evil*")) and not list(root.rglob("evil*"))


@case("path_with_dotdot", 0, "added jincheng_plan", check=_only_inside_raw)
def _(root, tmp):
    _file(tmp, "plan.txt", plan_text())
    (tmp / "inputs" / "sub").mkdir()
    return run_cli(root, "add", "../inputs/sub/../plan.txt", "--jurisdiction", "晋城市", cwd=tmp / "project")


@case("id_with_dotdot", 2, "a document id is lower-case letters", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.txt", plan_text()), "--id", "../../evil")


def _no_shell(root: Path, tmp: Path) -> None:
    assert not list(tmp.rglob("pwned")) and not list(root.rglob("pwned"))
    assert (root / "data" / "raw" / "jincheng_plan_rm_rf_data_touch_pwned_echo.txt").exists()
    assert tree_digest(root / "data" / "raw" / "reviews")


@case("shell_metacharacters_in_name", 0, "added jincheng_plan_rm_rf_data_touch_pwned_echo", check=_no_shell)
def _(root, tmp):
    return _add(root, _file(tmp, "plan; rm -rf data $(touch pwned) `echo` |&.txt", plan_text()))


# --------------------------------------------------------------------------- compare build


def _review(root: Path, body: str) -> None:
    (root / "data" / "raw" / "reviews" / "jincheng_jieshui_xingdong_xize.yaml").write_text(body, "utf-8")


@case("review_yaml_syntax_error", 3, "jincheng_jieshui_xingdong_xize.yaml", "not valid YAML")
def _(root, tmp):
    _review(root, "document_id: x\ndecisions:\n  - action: reject\n    quote: [unclosed\n")
    return run_cli(root, "build", "--no-validate")


@case("review_yaml_bomb", 3, "jincheng_jieshui_xingdong_xize.yaml", "anchors and aliases")
def _(root, tmp):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    lines.append("decisions:\n  - {action: reject, quote: 用水总量, indicator_id: total_water_use_cap, reason: *a9}")
    _review(root, "\n".join(lines) + "\n")
    return _timed(lambda: run_cli(root, "build", "--no-validate"), 60)


@case("review_not_utf8", 2, "jincheng_jieshui_xingdong_xize.yaml: not UTF-8")
def _(root, tmp):
    path = root / "data" / "raw" / "reviews" / "jincheng_jieshui_xingdong_xize.yaml"
    path.write_bytes("decisions: []\nnote: 审核\n".encode("gb18030"))
    return run_cli(root, "build", "--no-validate")


@case("review_is_a_fifo", 2, "jincheng_jieshui_xingdong_xize.yaml: not a regular file")
def _(root, tmp):
    import os

    path = root / "data" / "raw" / "reviews" / "jincheng_jieshui_xingdong_xize.yaml"
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    return _timed(lambda: run_cli(root, "build", "--no-validate", timeout=60), 60)


@case("review_quote_not_in_text", 3, "decision #1", "the quote does not occur in the raw text")
def _(root, tmp):
    _review(root, "decisions:\n  - {action: add, quote: 用水总量控制在99亿立方米以内, indicator_id: total_water_use_cap,"
                  " value_reported: '99', unit_reported: 亿立方米, reason: test}\n")
    return run_cli(root, "build", "--no-validate")


@case("review_quote_matches_no_candidate", 3, "decision #1", "no candidate has this quote")
def _(root, tmp):
    _review(root, "decisions:\n  - {action: reject, quote: 用水总量控制在99亿立方米以内, indicator_id: total_water_use_cap,"
                  " reason: test}\n")
    return run_cli(root, "build", "--no-validate")


@case("review_without_reason", 3, "every decision needs a `reason`")
def _(root, tmp):
    _review(root, "decisions:\n  - {action: reject, quote: 用水总量, indicator_id: total_water_use_cap}\n")
    return run_cli(root, "build", "--no-validate")


JINCHENG = "jincheng_jieshui_xingdong_xize"
_REJECT = "{action: reject, quote: 不存在, indicator_id: total_water_use_cap, reason: x}"


@case("review_saved_as_yml", 3, f"{JINCHENG}.yml", "review files end in `.yaml`", f"rename it to {JINCHENG}.yaml")
def _(root, tmp):
    (root / "data" / "raw" / "reviews" / f"{JINCHENG}.yml").write_text(f"decisions: [{_REJECT}]\n", "utf-8")
    return run_cli(root, "build", "--no-validate")


@case("review_misspelt_id", 3, "jincheng_jieshui_xingdong_xiz.yaml", "no registered document",
      f"close matches: {JINCHENG}")
def _(root, tmp):
    (root / "data" / "raw" / "reviews" / "jincheng_jieshui_xingdong_xiz.yaml").write_text("confirm: all\n", "utf-8")
    return run_cli(root, "build", "--no-validate")


@case("review_document_id_differs", 3, f"{JINCHENG}.yaml", "document_id 'wuxi_jieshui_xingdong_fengong' differs")
def _(root, tmp):
    _review(root, "document_id: wuxi_jieshui_xingdong_fengong\nconfirm: all\n")
    return run_cli(root, "build", "--no-validate")


@case("review_duplicate_key", 3, f"{JINCHENG}.yaml", "duplicate key `decisions` (lines 2 and 3)")
def _(root, tmp):
    _review(root, f"confirm: all\ndecisions: [{_REJECT}]\ndecisions: []\n")
    return run_cli(root, "build", "--no-validate")


@case("review_unknown_key", 3, f"{JINCHENG}.yaml decision #1", "unknown field(s) ['indicator']")
def _(root, tmp):
    _review(root, "decisions: [{action: reject, quote: 用水总量, indicator: total_water_use_cap, reason: x}]\n")
    return run_cli(root, "build", "--no-validate")


@case("review_unknown_action", 3, f"{JINCHENG}.yaml decision #1", "`action` must be one of")
def _(root, tmp):
    _review(root, "decisions: [{action: accept, quote: 用水总量, indicator_id: total_water_use_cap}]\n")
    return run_cli(root, "build", "--no-validate")


@case("review_wrongly_typed_field", 3, f"{JINCHENG}.yaml decision #1", "`target_year` must be a year", "'2O25'")
def _(root, tmp):
    _review(root, "decisions: [{action: reject, quote: 用水总量, indicator_id: total_water_use_cap, "
                  "target_year: 2O25, reason: x}]\n")
    return run_cli(root, "build", "--no-validate")


@case("review_undecided_candidates", 3, f"{JINCHENG}.yaml", "candidates have no decision", "confirm: all")
def _(root, tmp):
    _review(root, f"document_id: {JINCHENG}\ndecisions: []\n")
    return run_cli(root, "build", "--no-validate")


@case("review_workbench_unknown_document", 2, "'jincheng_jieshui_xingdong_xiz' is not a registered document id",
      f"close matches: {JINCHENG}")
def _(root, tmp):
    return run_cli(root, "review", "jincheng_jieshui_xingdong_xiz")


@case("edited_raw_file", 2, "jincheng_jieshui_xingdong_xize.txt", "sha256", "never edited")
def _(root, tmp):
    raw = root / "data" / "raw" / "jincheng_jieshui_xingdong_xize.txt"
    raw.write_bytes(raw.read_bytes().replace(b"4.7", b"9.7"))
    return run_cli(root, "build", "--no-validate")


@case("registered_file_missing", 2, "registered as wuxi_jieshui_xingdong_fengong but the file is missing")
def _(root, tmp):
    (root / "data" / "raw" / "wuxi_jieshui_xingdong_fengong.txt").unlink()
    return run_cli(root, "build", "--no-validate")


_KILL_DURING_WRITE = """
import os, signal, sys
import pandas as pd
from compare import cli
written = []
original = pd.DataFrame.to_parquet
def to_parquet(self, *args, **kwargs):
    written.append(1)
    if len(written) == 3:  # the build is killed while it writes the third staged table
        os.kill(os.getpid(), signal.SIGKILL)
    return original(self, *args, **kwargs)
pd.DataFrame.to_parquet = to_parquet
sys.exit(cli.main(["build", "--no-validate", "--force"]))
"""


def _next_build_publishes(root: Path, _tmp: Path) -> None:
    assert run_cli(root, "build", "--no-validate").returncode == 0
    assert (root / "data" / "curated" / "targets.parquet").exists()


@case("build_killed_while_writing", -9, check=_next_build_publishes)
def _(root, tmp):
    return _python(root, _KILL_DURING_WRITE)


_KILL_DURING_SWAP = """
import os, signal, sys
from pathlib import Path
from compare import cli, paths
original = Path.rename
def rename(self, target):
    out = original(self, target)
    if self == paths.CURATED_DIR:  # killed between the two renames of the swap
        os.kill(os.getpid(), signal.SIGKILL)
    return out
Path.rename = rename
sys.exit(cli.main(["build", "--no-validate", "--force"]))
"""


def _restored_by_next_command(root: Path, _tmp: Path) -> None:
    # The next build restores the previous tables first, even when it then fails on a bad review.
    _review(root, "decisions: [{action: reject, quote: 不存在, indicator_id: total_water_use_cap, reason: x}]\n")
    res = run_cli(root, "build", "--no-validate")
    assert res.returncode == 3
    assert (root / "data" / "curated" / "targets.parquet").exists()


@case("build_killed_during_swap", -9, check=_restored_by_next_command)
def _(root, tmp):
    res = _python(root, _KILL_DURING_SWAP)
    assert not (root / "data" / "curated").exists() and (root / "data" / ".curated-previous").exists()
    return res


def _no_half_staging(root: Path, _tmp: Path) -> None:
    assert not list((root / "data" / ".staging").glob("build-*")), "a half-written staging folder was left"


@case("build_interrupted_ctrl_c", 130, "interrupted: published data left untouched", check=_no_half_staging)
def _(root, tmp):
    return _python(root, _KILL_DURING_WRITE.replace("os.kill(os.getpid(), signal.SIGKILL)",
                                                    "raise KeyboardInterrupt"))


_READ_ONLY = """
import errno, os, sys
from pathlib import Path
from compare import cli, paths
original = Path.rename
def rename(self, target):
    if self == paths.CURATED_DIR:  # what a read-only mount of data/curated answers
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
    return original(self, target)
Path.rename = rename
sys.exit(cli.main(["build", "--no-validate", "--force"]))
"""


def _no_staging_left(root: Path, _tmp: Path) -> None:
    assert not list((root / "data" / ".staging").glob("build-*")), "the staged tables are cleaned up"


@case("read_only_curated", 1, "Read-only file system", "curated", check=_no_staging_left)
def _(root, tmp):
    return _python(root, _READ_ONLY)


# --------------------------------------------------------------------------- registry rows that lead outside (issue 14)


def _registry(root: Path, doc: str, **fields: str) -> None:
    """Set fields of one row of the scratch project's documents.csv (sha256 re-taken when asked)."""
    import csv
    import io

    path = root / "data" / "raw" / "documents.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    row = next(r for r in rows if r["document_id"] == doc)
    row.update(fields)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), "utf-8")


_OUTSIDE = "jincheng_jieshui_xingdong_xize"


def _outside_copy(tmp: Path, root: Path) -> Path:
    """A copy of a registered raw file outside the project (same sha256, so only the path is wrong)."""
    outside = tmp / "outside" / "x.txt"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_bytes((root / "data" / "raw" / f"{_OUTSIDE}.txt").read_bytes())
    return outside


@case("registry_path_dotdot", 2, "documents.csv row 2", "no absolute path, no `..`")
def _(root, tmp):
    _outside_copy(tmp, root)
    _registry(root, _OUTSIDE, path="../../../outside/x.txt")
    return run_cli(root, "build", "--no-validate")


@case("registry_path_absolute", 2, "documents.csv row 2", "must be a file name relative to data/raw/")
def _(root, tmp):
    _registry(root, _OUTSIDE, path=str(_outside_copy(tmp, root)))
    return run_cli(root, "build", "--no-validate")


@case("registry_symlink_outside", 2, "leads outside data/raw/", "registered as jincheng_jieshui_xingdong_xize")
def _(root, tmp):
    raw = root / "data" / "raw" / f"{_OUTSIDE}.txt"
    outside = _outside_copy(tmp, root)
    raw.unlink()
    raw.symlink_to(outside)
    return run_cli(root, "build", "--no-validate")


@case("registry_id_outside", 2, "documents.csv row 2 (document_id '../../x')", "a document id is lower-case")
def _(root, tmp):
    (tmp / "x.yaml").write_text("decisions: []\n", "utf-8")
    _registry(root, _OUTSIDE, document_id="../../x")
    return run_cli(root, "build", "--no-validate")


@case("registry_id_device_name", 2, "(document_id 'nul')", "not a device name")
def _(root, tmp):
    _registry(root, _OUTSIDE, document_id="nul")
    return run_cli(root, "build", "--no-validate")


@case("add_id_device_name", 2, "--id 'nul'", "not a device name", check=_raw_unchanged)
def _(root, tmp):
    return _add(root, _file(tmp, "plan.txt", plan_text()), "--id", "nul")


@case("registry_path_dev_zero", 2, "documents.csv row 2", "no absolute path")
def _(root, tmp):
    _registry(root, _OUTSIDE, path="/dev/zero")
    return run_cli(root, "build", "--no-validate", timeout=60)


@case("registry_path_fifo", 2, "fifo.txt: not a regular file")
def _(root, tmp):
    import os

    os.mkfifo(root / "data" / "raw" / "fifo.txt")
    _registry(root, _OUTSIDE, path="fifo.txt")
    return run_cli(root, "build", "--no-validate", timeout=60)


# --------------------------------------------------------------------------- output folders and terminal (issue 14)


def _mine_untouched(root: Path, tmp: Path) -> None:
    mine = tmp / "mine"
    assert sorted(p.relative_to(mine).as_posix() for p in mine.rglob("*") if p.is_file()) == \
        ["assets/logo.png", "downloads/notes.txt", "index.html", "zh/diary.html"]
    assert all(p.read_text("utf-8") == "mine" for p in mine.rglob("*") if p.is_file())


@case("report_out_foreign_folder", 6, "was not written by `compare report`", "Nothing was removed",
      check=_mine_untouched)
def _(root, tmp):
    for rel in ("zh/diary.html", "assets/logo.png", "downloads/notes.txt", "index.html"):
        (tmp / "mine" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "mine" / rel).write_text("mine", "utf-8")
    return run_cli(root, "report", "--out", str(tmp / "mine"))


@case("report_out_is_a_file", 6, "--out must be a folder, but this is a file")
def _(root, tmp):
    (tmp / "site.html").write_text("mine", "utf-8")
    return run_cli(root, "report", "--out", str(tmp / "site.html"))


@case("export_out_is_a_file", 6, "--out must be a folder, but this is a file")
def _(root, tmp):
    (tmp / "exports").write_text("mine", "utf-8")
    return run_cli(root, "export", "--out", str(tmp / "exports"), "--format", "html")


@case("export_out_unwritable", 6, "cannot create the output folder")
def _(root, tmp):
    return run_cli(root, "export", "--out", "/proc/compare-export", "--format", "html")


@case("escape_codes_in_review", 3, "\\x1b[32m", "the quote does not occur in the raw text")
def _(root, tmp):
    _review(root, "decisions:\n  - {action: add, quote: \"用水总量\\e[32m all expectations passed\\e[0m\\r\", "
                  "indicator_id: total_water_use_cap, value_reported: '9', unit_reported: 亿立方米, reason: test}\n")
    res = run_cli(root, "build", "--no-validate")
    assert "\x1b" not in res.stdout + res.stderr and "\r" not in res.stderr
    return res


# --------------------------------------------------------------------------- fact tables and the registry as CSV (issue 14)


def _append_line(root: Path, name: str, line: str) -> None:
    path = root / "data" / "raw" / name
    path.write_text(path.read_text("utf-8") + line, "utf-8")


def _reference_row(root: Path, extra: str = "", **fields: str) -> str:
    """A copy of the first row of reference_targets.csv with `fields` changed, as a CSV line (plus `extra`
    appended unquoted), whatever columns the file has."""
    import csv
    import io

    text = (root / "data" / "raw" / "reference_targets.csv").read_text("utf-8")
    row = next(csv.DictReader(io.StringIO(text))) | fields
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(list(row.values()))
    return buf.getvalue() + extra + "\n"


@case("reference_value_not_a_number", 2, "reference_targets.csv line", "value 'abc' is not a number")
def _(root, tmp):
    _append_line(root, "reference_targets.csv", _reference_row(root, value="abc", target_year="2030"))
    return run_cli(root, "build", "--no-validate")


@case("reference_year_not_a_year", 2, "reference_targets.csv line", "target_year '二〇三〇' is not a year")
def _(root, tmp):
    _append_line(root, "reference_targets.csv", _reference_row(root, target_year="二〇三〇"))
    return run_cli(root, "build", "--no-validate")


@case("reference_extra_fields", 2, "reference_targets.csv line", "fields where the header has")
def _(root, tmp):
    _append_line(root, "reference_targets.csv", _reference_row(root, extra=",a,b"))
    return run_cli(root, "build", "--no-validate")


@case("outcome_value_not_a_number", 2, "reported_outcomes.csv line", "value '约6000' is not a number")
def _(root, tmp):
    _append_line(root, "reported_outcomes.csv", "全国,national,total_water_use,2019,约6000,亿立方米,,http://x.example/,news report,\n")
    return run_cli(root, "build", "--no-validate")


@case("outcome_unknown_jurisdiction", 2, "reported_outcomes.csv line", "unknown jurisdiction '火星'")
def _(root, tmp):
    _append_line(root, "reported_outcomes.csv", "火星,national,total_water_use,2019,6000,亿立方米,,http://x.example/,news report,\n")
    return run_cli(root, "build", "--no-validate")


@case("registry_unclosed_quote", 2, "documents.csv line", "unclosed quote")
def _(root, tmp):
    _append_line(root, "documents.csv", 'x_doc,cn,"标题,,,,official text,,,,\n')
    return run_cli(root, "build", "--no-validate")


@case("registry_in_gb18030", 2, "documents.csv line 2: not UTF-8", "iconv -f gb18030")
def _(root, tmp):
    path = root / "data" / "raw" / "documents.csv"
    path.write_bytes(path.read_text("utf-8").encode("gb18030"))
    return run_cli(root, "build", "--no-validate")


@case("registry_path_is_a_folder", 2, "reviews: not a regular file")
def _(root, tmp):
    _registry(root, _OUTSIDE, path="reviews")
    return run_cli(root, "build", "--no-validate")


@case("registry_symlink_loop", 2, "registered as jincheng_jieshui_xingdong_xize but cannot be resolved")
def _(root, tmp):
    raw = root / "data" / "raw"
    (raw / f"{_OUTSIDE}.txt").unlink()
    (raw / f"{_OUTSIDE}.txt").symlink_to(raw / "loop_b.txt")
    (raw / "loop_b.txt").symlink_to(raw / f"{_OUTSIDE}.txt")
    return _timed(lambda: run_cli(root, "build", "--no-validate", timeout=60), 60)


@case("registry_header_twice", 2, "documents.csv line 1: the header names ['title_zh'] twice")
def _(root, tmp):
    path = root / "data" / "raw" / "documents.csv"
    lines = path.read_text("utf-8").split("\n", 1)
    path.write_text(lines[0].replace("issuer_zh", "title_zh") + "\n" + lines[1], "utf-8")
    return run_cli(root, "build", "--no-validate")


@case("fact_table_missing_column", 2, "reference_targets.csv line 1: the header lacks the columns ['value']")
def _(root, tmp):
    path = root / "data" / "raw" / "reference_targets.csv"
    lines = path.read_text("utf-8").split("\n", 1)
    path.write_text(lines[0].replace(",value,", ",amount,") + "\n" + lines[1], "utf-8")
    return run_cli(root, "build", "--no-validate")


@case("suite_is_a_fifo", 1, "targets.json: not a regular file", "git checkout expectations/")
def _(root, tmp):
    import os

    (root / "expectations" / "targets.json").unlink()
    os.mkfifo(root / "expectations" / "targets.json")
    return _timed(lambda: run_cli(root, "build", timeout=120), 120)


# --------------------------------------------------------------------------- weakened suites (issue 14)


def _weaken(root: Path, edit: Callable[[dict], None]) -> None:
    import json

    path = root / "expectations" / "targets.json"
    suite = json.loads(path.read_text("utf-8"))
    edit(suite)
    path.write_text(json.dumps(suite, ensure_ascii=False, indent=2), "utf-8")


def _widen_coefficient(suite: dict) -> None:
    for e in suite["expectations"]:
        if "irrigation_water_use_coefficient" in str(e["kwargs"].get("row_condition")) and "max_value" in e["kwargs"]:
            e["kwargs"]["max_value"] = 10


@case("suite_bound_edited", 4, "the generated parts of expectations/*.json equal what the metadata generates",
      "targets.json: 1 generated expectation(s) missing or edited", "make suites", "Nothing was published")
def _(root, tmp):
    _weaken(root, _widen_coefficient)
    return run_cli(root, "build", timeout=300)


@case("suite_emptied", 4, "targets.json: ", "generated expectation(s) missing or edited", "git checkout expectations/")
def _(root, tmp):
    _weaken(root, lambda suite: suite["expectations"].clear())
    return run_cli(root, "build", timeout=300)


@case("suite_not_json", 1, "targets.json: not a readable suite", "make suites")
def _(root, tmp):
    (root / "expectations" / "targets.json").write_text('{"name": "targets", "expectations": [', "utf-8")
    return run_cli(root, "build", timeout=300)


# --------------------------------------------------------------------------- disk full (issue 14)

_DISK_FULL_STAGING = """
import errno, os, sys
import pandas as pd
from compare import cli
written = []
original = pd.DataFrame.to_parquet
def to_parquet(self, path, *args, **kwargs):
    written.append(1)
    if len(written) == 3:  # the disk fills up while the third staged table is written
        open(path, "wb").write(b"PAR1")  # a partial file, as pyarrow leaves one
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return original(self, path, *args, **kwargs)
pd.DataFrame.to_parquet = to_parquet
sys.exit(cli.main(["build", "--no-validate", "--force"]))
"""


@case("disk_full_while_staging", 7, "No space left on device", "documents.parquet",
      check=lambda root, tmp: _no_half_staging(root, tmp))
def _(root, tmp):
    return _python(root, _DISK_FULL_STAGING)


_DISK_FULL_ADD = """
import errno, os, sys
from compare import add, cli
def full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(add.paths.REGISTRY_CSV))
add._write_registry = full
sys.exit(cli.main(["add", sys.argv[1], "--jurisdiction", "晋城市"]))
"""


@case("disk_full_during_add", 7, "No space left on device", "documents.csv", check=_raw_unchanged)
def _(root, tmp):
    import os

    path = _file(tmp, "plan.txt", plan_text())
    env = os.environ | {"WATER_TARGETS_ROOT": str(root), "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-c", _DISK_FULL_ADD, str(path)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


# --------------------------------------------------------------------------- the tests


def _published(root: Path) -> dict[str, str]:
    """sha256 of every published table (the Parquet files of data/curated/)."""
    return {k: v for k, v in tree_digest(root / "data" / "curated").items() if k.endswith(".parquet")}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A scratch project built once (data/curated published); each case works on a copy of it."""
    root = scratch_project(tmp_path_factory.mktemp("catalogue") / "project")
    res = run_cli(root, "build", "--no-validate")
    assert res.returncode == 0, res.stderr
    return root


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root, ignore=shutil.ignore_patterns(".staging", ".cache"))
    before = _published(root)
    assert len(before) >= 5, "the scratch project has published tables"
    c = CASES[name]
    res = c.run(root, tmp_path)
    output = res.stdout + res.stderr
    assert res.returncode == c.code, output
    for words in c.words:
        assert words in output, (words, output)
    if c.code in (2, 3):  # InputError / ReviewError: one clear line, no traceback
        assert re.search(r"^error: ", res.stderr, re.M) and "Traceback" not in output
    if (root / "data" / "curated").exists():
        assert _published(root) == before, "data/curated/ changed"
    if c.check:
        c.check(root, tmp_path)
    assert _published(root) == before, "data/curated/ changed"


def test_catalogue_documents_every_case_with_its_exit_code():
    rows = {}
    for line in CATALOGUE.read_text("utf-8").splitlines():
        m = re.match(r"^\|\s*`([a-z0-9_]+)`\s*\|.*\|\s*(-?\d+)\s*\|\s*$", line)
        if m:
            rows[m.group(1)] = int(m.group(2))
    assert len(CASES) >= 20
    assert rows == {name: c.code for name, c in CASES.items()}
