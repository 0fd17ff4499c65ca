"""Extractor robustness to the damage real text carries: the dev set scored again after each transform.

    .venv/bin/python benchmarks/extraction_robustness.py            # every transform, summary per transform
    .venv/bin/python benchmarks/extraction_robustness.py --show 10  # and up to 10 cases each transform breaks
    .venv/bin/python benchmarks/extraction_robustness.py --only traditional,pdf_lines
    .venv/bin/python benchmarks/extraction_robustness.py --documents  # the five city documents against tests/gold/

Each transform changes how a case is written, never what it says, so the gold rows stay those of the case
(tests/devset/): a drop against the untouched dev set is what that kind of damage costs. The transforms copy
damage met in real pages (docs/extraction_families.md: traditional script, PDF line breaks and page numbers,
spaces around numbers, full-width forms); they are seeded, so two runs give the same texts.
A case "breaks" when it loses a gold row it had or gains a wrong target.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from compare import accuracy  # noqa: E402
from compare.extract import extract_text  # noqa: E402
from compare.registry import load_registry  # noqa: E402


def traditional(text: str, rng: random.Random) -> str:
    """The case in traditional script (OpenCC s2t), as pages from Taiwan, Hong Kong or reposts carry it."""
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def _width(ch: str) -> int:
    return 1 if ord(ch) < 0x2E80 else 2


def pdf_lines(text: str, rng: random.Random) -> str:
    """The case laid out at a fixed page width (56–72 columns, a Chinese character two) and copied out of a
    PDF: a hard line break wherever a line is full, never inside a run of digits or Latin letters."""
    width, out = rng.randint(56, 72), []
    for para in text.split("\n"):
        line, cols, lines = "", 0, []
        for ch in para:
            if cols + _width(ch) > width and line and not (ch.isascii() and ch.isalnum() and line[-1:].isascii()
                                                           and line[-1:].isalnum()):
                lines.append(line)
                line, cols = "", 0
            line += ch
            cols += _width(ch)
        out.append("\n".join([*lines, line]))
    return "\n".join(out)


def pdf_page(text: str, rng: random.Random) -> str:
    """`pdf_lines`, then a page break at the line break nearest the middle: blank lines around the page's
    number (`- 7 -`, `| 7 |` or `第7页`), as a converted PDF keeps it."""
    text = pdf_lines(text, rng)
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    if not breaks:
        return text
    at = min(breaks, key=lambda i: abs(i - len(text) // 2))
    n = rng.randint(2, 60)
    mark = rng.choice([f"- {n} -", f"| {n} |", f"第{n}页"])
    return f"{text[:at]}\n\n{mark}\n\n{text[at + 1:]}"


def spaced(text: str, rng: random.Random) -> str:
    """A space on each side of every number (`到 2025 年，控制在 20.83 亿立方米`), as Word and PDF conversions leave."""
    return re.sub(r"(?<=[^\s\d.])(\d+(?:\.\d+)?)(?=[^\s\d.%])", r" \1 ", text)


def fullwidth(text: str, rng: random.Random) -> str:
    """Digits, the decimal point, % and Latin letters in their full-width forms (１２．５％)."""
    return "".join(chr(ord(ch) + 0xFEE0) if ("0" <= ch <= "9" or ch in ".%" or ch.isascii() and ch.isalpha())
                   else ch for ch in text)


def html_markup(text: str, rng: random.Random) -> str:
    """Each line a `<p>` of a web page's source, quotes and non-breaking spaces as character entities."""
    entities = {"“": "&ldquo;", "”": "&rdquo;", "\u3000": "&nbsp;", "<": "&lt;", ">": "&gt;", "&": "&amp;"}
    lines = ("".join(entities.get(ch, ch) for ch in line) for line in text.split("\n"))
    return "\n".join(f"<p>{line}</p>" for line in lines)


def ascii_punct(text: str, rng: random.Random) -> str:
    """Chinese punctuation typed or recognised (OCR) as ASCII: ，→, 。→. ；→; ：→: （）→()."""
    return text.translate(str.maketrans("，。；：（）", ",.;:()"))


TRANSFORMS = {f.__name__: f for f in (traditional, pdf_lines, pdf_page, spaced, fullwidth,
                                           html_markup, ascii_punct)}


def _score_case(case: dict, text: str) -> tuple[accuracy.Score, accuracy.Score]:
    found = extract_text(text, str(case.get("id", "case")), case.get("date_issued"))
    expect = [dict(g, comparator=g.get("comparator", "=")) for g in case.get("expect") or []]
    label = str(case.get("id"))
    return (accuracy.score(found, expect, label=label),
            accuracy.score(found, expect, only=accuracy.core_indicators(), label=label))


def _document_cases() -> list[tuple[str, dict]]:
    """The five city documents of data/raw as cases, their gold rows (tests/gold/) as what they expect."""
    out = []
    for row in load_registry(ROOT / "data" / "raw" / "documents.csv").to_dict("records"):
        gold = ROOT / "tests" / "gold" / f"{row['document_id']}.csv"
        if gold.exists():
            raw = (ROOT / "data" / "raw" / row["path"]).read_bytes().decode("utf-8-sig")
            issued = row.get("date_issued") if isinstance(row.get("date_issued"), str) else None
            out.append(("documents", {"id": row["document_id"], "text": raw, "date_issued": issued,
                                      "expect": accuracy.read_gold(gold)}))
    return out


def _unquoted(wrong: str) -> str:
    """A wrong candidate without its quote (the damage changes the quote of a row that was already wrong)."""
    return wrong.split(" «", 1)[0]


def _fmt(s: accuracy.Score) -> str:
    p = "—" if s.precision is None else f"{s.precision:.3f}"
    r = "—" if s.recall is None else f"{s.recall:.3f}"
    return f"P {p} R {r} ({s.found}/{s.gold}, {s.correct}/{s.reported})"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default=",".join(TRANSFORMS), help="comma-separated transforms")
    p.add_argument("--show", type=int, default=0, help="list this many broken cases per transform")
    p.add_argument("--cases", type=Path, default=ROOT / "tests" / "devset", help="a case folder (default: dev set)")
    p.add_argument("--documents", action="store_true", help="the five city documents and their gold instead")
    args = p.parse_args()
    names = [n for n in args.only.split(",") if n]
    unknown = sorted(set(names) - set(TRANSFORMS))
    if unknown:
        p.error(f"unknown transform(s) {unknown}; choose from {sorted(TRANSFORMS)}")
    cases = _document_cases() if args.documents else accuracy.load_cases(args.cases)
    base = [_score_case(case, case["text"]) for _, case in cases]
    total, core = accuracy.Score(), accuracy.Score()
    for a, c in base:
        total.add(a)
        core.add(c)
    print(f"{'city documents' if args.documents else args.cases.name}: {len(cases)} cases")
    print(f"  {'as written':12s} all {_fmt(total)}   core {_fmt(core)}")
    for name in names:
        rng = random.Random(name)
        total, core, broken = accuracy.Score(), accuracy.Score(), []
        for (_, case), (a0, _) in zip(cases, base, strict=True):
            a, c = _score_case(case, TRANSFORMS[name](case["text"], rng))
            total.add(a)
            core.add(c)
            lost = set(a.missed) - set(a0.missed)
            gained = {_unquoted(w) for w in a.wrong} - {_unquoted(w) for w in a0.wrong}
            if lost or gained:
                broken.append((case.get("id"), sorted(lost), sorted(gained)))
        print(f"  {name:12s} all {_fmt(total)}   core {_fmt(core)}   cases broken {len(broken)}")
        for cid, lost, gained in broken[:args.show]:
            print(f"      {cid}: lost {lost or '-'}; wrong {gained or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
