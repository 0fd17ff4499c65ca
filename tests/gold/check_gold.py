"""Validate the hand-written gold tables in tests/gold/.

Run from the repository root: ``python tests/gold/check_gold.py``.  Checks, for every row of every
``<document_id>.csv`` (targets) and ``<document_id>.outcomes.csv`` (achievements):

* the quote is the raw text at ``char_start:char_end`` of ``data/raw/<document_id>.txt`` decoded as
  UTF-8 with the BOM stripped (the way the project reads it);
* the indicator id exists in ``src/compare/metadata/indicators.yaml`` or ``tests/gold/new_indicators.yaml``
  and ``unit`` is that indicator's canonical unit;
* ``value`` equals ``value_reported`` converted from ``unit_reported`` with the factors of units.yaml
  (same dimension), and the reported number is written in the quote;
* comparator and years are well formed, and no row is listed twice.

Exits non-zero with one line per problem.  Needs PyYAML (installed with the project).
"""

from __future__ import annotations

import csv
import math
import re
import sys
import unicodedata
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover - the project's venv has it
    sys.exit("check_gold.py needs PyYAML: run it with the project's Python (.venv/bin/python)")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RAW = ROOT / "data" / "raw"
META = ROOT / "src" / "compare" / "metadata"

TARGET_COLUMNS = [
    "indicator_id", "target_year", "value", "unit", "comparator", "baseline_year", "scope",
    "value_reported", "unit_reported", "quote", "char_start", "char_end", "note",
]
OUTCOME_COLUMNS = ["indicator_id", "year", "value", "unit", "quote", "char_start", "char_end", "note"]
COMPARATORS = {"<=", ">=", "=", "<", ">"}
NEW_INDICATOR_FIELDS = {"indicator_id", "name_zh", "name_en", "unit", "direction", "aliases_zh", "value_position"}

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> float | None:
    """Value of a simple Chinese numeral (一千, 三十五, 两) or a fraction (三分之二); None otherwise."""
    if "分之" in text:
        den, _, num = text.partition("分之")
        d, n = chinese_number(den), chinese_number(num)
        return None if d in (None, 0) or n is None else n / d
    if not text or any(ch not in CN_DIGITS and ch not in CN_UNITS and ch != "万" for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return float(total + section + (digit or 0))


def reported_number(text: str) -> float | None:
    """The number written in ``value_reported`` (Arabic, with NFKC width folding, or Chinese)."""
    norm = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    try:
        return float(norm)
    except ValueError:
        return chinese_number(norm)


def squeeze(text: str) -> str:
    """Quote text compared loosely: NFKC, without white space and thousands separators."""
    return re.sub(r"[\s,，]", "", unicodedata.normalize("NFKC", text))


def load_units() -> dict[str, dict]:
    units = yaml.safe_load((META / "units.yaml").read_text(encoding="utf-8"))["units"]
    return {str(k): v for k, v in units.items()}


def unit_of_spelling(spelling: str, units: dict[str, dict], canonical: str) -> str | None:
    """The units.yaml key a reported spelling stands for; the canonical unit wins ties."""
    norm = unicodedata.normalize("NFKC", spelling).strip()
    if norm == canonical or norm in units:
        return norm
    candidates = [key for key, spec in units.items() if norm in [str(s) for s in spec.get("spellings") or []]]
    if canonical in candidates:
        return canonical
    return candidates[0] if candidates else None


def load_indicators(problems: list[str]) -> dict[str, dict]:
    indicators = {
        row["indicator_id"]: row
        for row in yaml.safe_load((META / "indicators.yaml").read_text(encoding="utf-8"))["indicators"]
    }
    new_path = HERE / "new_indicators.yaml"
    if new_path.exists():
        units = load_units()
        for row in yaml.safe_load(new_path.read_text(encoding="utf-8")) or []:
            missing = NEW_INDICATOR_FIELDS - set(row)
            where = f"new_indicators.yaml {row.get('indicator_id')!r}"
            if missing:
                problems.append(f"{where}: missing fields {sorted(missing)}")
            if row.get("indicator_id") in indicators:
                problems.append(f"{where}: id already exists in indicators.yaml")
            if str(row.get("unit")) not in units:
                problems.append(f"{where}: unit {row.get('unit')!r} is not a key of units.yaml")
            indicators[row.get("indicator_id")] = row
    return indicators


def check_year(text: str) -> bool:
    return text == "" or (text.isdigit() and 1949 <= int(text) <= 2100)


def check_file(path: Path, indicators: dict[str, dict], units: dict[str, dict], problems: list[str]) -> int:
    is_outcome = path.name.endswith(".outcomes.csv")
    document_id = path.name.removesuffix(".outcomes.csv").removesuffix(".csv")
    raw_path = RAW / f"{document_id}.txt"
    if not raw_path.exists():
        problems.append(f"{path.name}: no raw document {raw_path}")
        return 0
    raw = raw_path.read_bytes().decode("utf-8-sig")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        expected = OUTCOME_COLUMNS if is_outcome else TARGET_COLUMNS
        if reader.fieldnames != expected:
            problems.append(f"{path.name}: columns {reader.fieldnames} != {expected}")
            return 0
        rows = list(reader)
    seen: set[tuple] = set()
    for number, row in enumerate(rows, start=2):
        where = f"{path.name}:{number}"
        start, end = int(row["char_start"]), int(row["char_end"])
        if raw[start:end] != row["quote"]:
            problems.append(f"{where}: raw[{start}:{end}] != quote {row['quote']!r}")
        indicator = indicators.get(row["indicator_id"])
        if indicator is None:
            problems.append(f"{where}: unknown indicator_id {row['indicator_id']!r}")
            continue
        canonical = str(indicator["unit"])
        if row["unit"] != canonical:
            problems.append(f"{where}: unit {row['unit']!r} is not the canonical {canonical!r}")
        value = float(row["value"])
        year_field = "year" if is_outcome else "target_year"
        if not check_year(row[year_field]):
            problems.append(f"{where}: bad {year_field} {row[year_field]!r}")
        key = (row["indicator_id"], row[year_field], row["value"], row.get("scope", ""), start)
        if key in seen:
            problems.append(f"{where}: duplicate row {key}")
        seen.add(key)
        if is_outcome:
            continue
        if row["comparator"] not in COMPARATORS:
            problems.append(f"{where}: comparator {row['comparator']!r} not in {sorted(COMPARATORS)}")
        if not check_year(row["baseline_year"]):
            problems.append(f"{where}: bad baseline_year {row['baseline_year']!r}")
        reported = reported_number(row["value_reported"])
        if reported is None:
            problems.append(f"{where}: value_reported {row['value_reported']!r} is not a number")
            continue
        if squeeze(row["value_reported"]) not in squeeze(row["quote"]):
            problems.append(f"{where}: value_reported {row['value_reported']!r} not written in the quote")
        if row["unit_reported"] and squeeze(row["unit_reported"]) not in squeeze(row["quote"]) \
                and "unit from" not in row["note"] and "单位取自" not in row["note"]:
            problems.append(f"{where}: unit_reported {row['unit_reported']!r} not in the quote (say where it comes from in note)")
        unit_key = unit_of_spelling(row["unit_reported"], units, canonical)
        if unit_key is None:
            problems.append(f"{where}: unit_reported {row['unit_reported']!r} is not a spelling in units.yaml")
            continue
        if units[unit_key]["dimension"] != units[canonical]["dimension"]:
            problems.append(f"{where}: unit_reported {row['unit_reported']!r} ({unit_key}) cannot convert to {canonical}")
            continue
        converted = reported * float(units[unit_key]["factor"]) / float(units[canonical]["factor"])
        if not math.isclose(converted, value, rel_tol=1e-9, abs_tol=1e-12):
            problems.append(f"{where}: value {value} != {row['value_reported']} {row['unit_reported']} -> {converted} {canonical}")
        low, high = indicator.get("valid_min"), indicator.get("valid_max")
        if low is not None and high is not None and not (float(low) <= value <= float(high)):
            problems.append(f"{where}: value {value} outside [{low}, {high}] of {row['indicator_id']}")
    return len(rows)


def main() -> int:
    problems: list[str] = []
    indicators = load_indicators(problems)
    units = load_units()
    files = sorted(HERE.glob("*.csv"))
    if not files:
        problems.append("no gold tables found")
    for path in files:
        count = check_file(path, indicators, units, problems)
        print(f"{path.name}: {count} rows")
    for problem in problems:
        print("PROBLEM", problem)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
