"""Every Chinese word the rules and labels read comes from metadata (src/compare/metadata/*.yaml):
no string constant in src/compare/**/*.py holds a Chinese character, docstrings aside.

"Chinese" here is a Han character (CJK ideographs and their extensions); full-width punctuation
（，。：）in a regular expression is typography, not vocabulary, and is not counted.  The few
constants that are not vocabulary — a Chinese example inside an English message or help text, the
bounds of a Unicode block — are listed in ALLOWED with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from compare import paths

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")

#: (module path under src/compare, constant) → why it is not vocabulary.
ALLOWED: dict[tuple[str, str], str] = {
    ("add.py", ": give the Chinese name of the new jurisdiction (e.g. 阳城县)"): "example in an error message",
    ("cli.py", "id, Chinese name or alias (运城市, cn.shanxi.yuncheng)"): "example in --help text",
    ("cli.py", "issuing body (发文机关)"): "gloss in --help text",
    ("cli.py", "document number (文号), e.g. 运政发〔2020〕30号"): "example in --help text",
    ("extract/prose.py", "annual amount (每年) until the target year"): "gloss in an English note",
    ("text.py", "\u3400"): "lower bound of the CJK block (a code point, not a word)",
    ("text.py", "\u9fff"): "upper bound of the CJK block (a code point, not a word)",
    ("validate.py", "a unit was not converted (万 vs 亿?) or a review changed value without value_reported"):
        "example in a validation message",
}
#: Help and message texts whose wording is long: allowed by their start (module, first characters).
ALLOWED_PREFIXES: dict[tuple[str, str], str] = {
    ("cli.py", "Water-saving targets of Chinese cities"): "the --help description (examples of commands)",
    ("cli.py", "with --new-jurisdiction: its 6-digit administrative division code"): "gloss in --help text",
    ("cli.py", "the document's date of issue (YYYY-MM-DD)"): "example in --help text",
    ("export.py", "no font with Chinese glyphs is installed (`fc-list :lang=zh`"): "an example (汉字) in an error message",
    ("cli.py", "A Word document a policy officer can edit and send"): "gloss in --help text (文号)",
    ("cli.py", "a place: id, Chinese or English name, alias"): "examples in --help text",
    ("cli.py", "an indicator across places: id or name"): "example in --help text",
}



def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def chinese_constants(root: Path) -> list[tuple[str, int, str]]:
    """(module path relative to `root`, line, constant) of every string constant with a Han character."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                    and HAN.search(node.value)):
                found.append((path.relative_to(root).as_posix(), node.lineno, node.value))
    return sorted(found)


def _allowed(module: str, value: str) -> bool:
    return (module, value) in ALLOWED or any(m == module and value.startswith(p) for m, p in ALLOWED_PREFIXES)


def _listing(found) -> str:
    return "\n".join(f"  src/compare/{m}:{line}: {v[:60]!r}" for m, line, v in found)


def test_no_chinese_constant_outside_metadata():
    found = [f for f in chinese_constants(paths.PACKAGE_DIR) if not _allowed(f[0], f[2])]
    assert not found, ("Chinese words in code — move them to src/compare/metadata/ (lexicon.yaml …) "
                       "or, if they are not vocabulary, add them to ALLOWED with the reason:\n" + _listing(found))


def test_every_allowed_constant_still_exists():
    present = {(m, v) for m, _, v in chinese_constants(paths.PACKAGE_DIR)}
    stale = [key for key in ALLOWED if key not in present]
    assert not stale, f"ALLOWED lists constants the code no longer has: {stale}"


def test_the_scan_finds_a_word_and_skips_docstrings(tmp_path):
    (tmp_path / "m.py").write_text('"""模块说明。"""\nWORD = "节水"\nPUNCT = "，。"\n\ndef f():\n    """函数。"""\n',
                                   encoding="utf-8")
    assert chinese_constants(tmp_path) == [("m.py", 2, "节水")]
