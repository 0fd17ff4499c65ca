"""Extractor precision and recall against gold written by reading the text (not against its own output).

    python benchmarks/extraction_accuracy.py                 # tests/gold/ (five documents) and tests/devset/
    python benchmarks/extraction_accuracy.py --cases DIR     # also a case set kept outside the repository
                                                             # (DIR/map.yaml, if any: {annotator's id: vocabulary id},
                                                             # decided from DIR/new_indicators.yaml before the first score)
    python benchmarks/extraction_accuracy.py --show 20       # list up to 20 misses and wrong candidates per set

Figures go to docs/performance.md by hand (with the date); `--json` prints them for scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from compare import accuracy, metadata  # noqa: E402
from compare.extract import extract_text  # noqa: E402
from compare.registry import load_registry  # noqa: E402


def _fmt(s: accuracy.Score) -> str:
    p = "—" if s.precision is None else f"{s.precision:.3f}"
    r = "—" if s.recall is None else f"{s.recall:.3f}"
    return f"precision {p} ({s.correct}/{s.reported})  recall {r} ({s.found}/{s.gold})"


def gold_documents(show: int) -> dict:
    registry = load_registry(ROOT / "data" / "raw" / "documents.csv")
    out = {}
    for row in registry.to_dict("records"):
        gold = ROOT / "tests" / "gold" / f"{row['document_id']}.csv"
        if not gold.exists():
            continue
        raw = (ROOT / "data" / "raw" / row["path"]).read_bytes().decode("utf-8-sig")
        found = extract_text(raw, row["document_id"], row.get("date_issued") if isinstance(row.get("date_issued"), str) else None)
        s = accuracy.score(found, accuracy.read_gold(gold), spans=True, label=row["document_id"])
        print(f"{row['document_id']:40s} {_fmt(s)}")
        for line in (s.missed + s.wrong)[:show]:
            print("   ", "MISS" if line in s.missed else "WRONG", line)
        out[row["document_id"]] = s.as_dict()
    return out


def case_set(folder: Path, show: int) -> dict:
    cases = accuracy.load_cases(folder)
    merges = folder / "map.yaml"
    if merges.exists():  # an annotator's name for an indicator the vocabulary has under another id
        ids = metadata.read_yaml(merges.read_text(encoding="utf-8")) or {}
        for _, case in cases:
            for row in (*(case.get("expect") or []), *(case.get("outcomes") or [])):
                row["indicator_id"] = ids.get(row["indicator_id"], row["indicator_id"])
    result = accuracy.score_cases(cases)
    print(f"{folder}: {result.cases} cases")
    print(f"  all targets   {_fmt(result.all)}")
    print(f"  core targets  {_fmt(result.core)}")
    print(f"  outcomes      {_fmt(result.outcomes)}")
    print(f"  unlisted      {_fmt(result.unlisted)}  (recall over the targets the rules missed; precision: "
          "unlisted candidates giving a gold row's year, comparator and value)")
    for fam, s in sorted(result.by_family.items()):
        print(f"    {fam:38s} {_fmt(s)}")
    for line in result.all.missed[:show]:
        print("    MISS ", line)
    for line in result.all.wrong[:show]:
        print("    WRONG", line)
    return {"cases": result.cases, "all": result.all.as_dict(), "core": result.core.as_dict(),
            "outcomes": result.outcomes.as_dict(), "unlisted": result.unlisted.as_dict()}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=Path, action="append", default=[], help="a further case set (folder of YAML)")
    p.add_argument("--show", type=int, default=0, help="list this many misses and wrong candidates per set")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    out = {"documents": gold_documents(args.show)}
    for folder in [ROOT / "tests" / "devset", *args.cases]:
        if folder.exists():
            out[str(folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder)] = case_set(folder, args.show)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
