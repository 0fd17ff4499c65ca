"""Fill the rule column of docs/extraction_families.md from the dev set: the rules whose candidates are
right on each family's cases, and the family's precision and recall.  Run after changing the extractor."""
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, "src")
import compare.accuracy as A
from compare.extract import extract_text

doc = Path("docs/extraction_families.md").read_text(encoding="utf-8")
out = []
for line in doc.splitlines():
    m = re.match(r"^\| (\d+) \| `([a-z0-9_]+)` \|", line)
    if m:
        cells = line.split(" | ")
        test = cells[-1].strip(" |")
        path = Path(test)
        rules = Counter()
        s = A.Score()
        if path.suffix == ".yaml" and path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for case in data.get("cases") or []:
                found = extract_text(case["text"], "x", case.get("date_issued"))
                exp = [dict(g, comparator=g.get("comparator", "=")) for g in case.get("expect") or []]
                s.add(A.score(found, exp))
                for c in found:
                    if c.kind == "target" and any(A._matches(c, g, False) for g in exp):
                        rules[c.rule] += 1
                    if c.kind == "outcome":
                        rules["outcome"] += 1
        names = ", ".join(f"`{r}`" for r, _ in rules.most_common()) or "—"
        p = "—" if s.precision is None else f"{s.precision:.2f}"
        r = "—" if s.recall is None else f"{s.recall:.2f}"
        cells[-2] = f"{names} (dev set P {p}, R {r})"
        line = " | ".join(cells)
    out.append(line)
text = "\n".join(out) + "\n"
text = text.replace("* **Rule** — which extractor rule handles the family; `TODO` until the lead fills it in.",
  "* **Rule** — the extractor rules whose candidates are right on the family's dev-set cases (`outcome`:\n  outcome candidates), with the family's precision and recall (`benchmarks/extraction_accuracy.py`;\n  written by `benchmarks/fill_families.py`, so the figures are measured, not typed).")
Path("docs/extraction_families.md").write_text(text, encoding="utf-8")
