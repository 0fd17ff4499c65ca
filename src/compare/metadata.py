"""The vocabulary, loaded from YAML. Every other module asks here; nothing else reads these files.

Two homes (see compare.paths):

* the vocabulary that ships with the code, ``src/compare/metadata/``: indicators, units, lexicon,
  labels, tables, radicals;
* the user's reference data, ``data/reference/`` under the project root: jurisdictions, agencies and
  tasks — what ``compare add --new-jurisdiction`` writes and a user edits.

Files are cached by path and modification stamp, so a file rewritten (``compare add``) or a project
moved (``WATER_TARGETS_ROOT``) is read afresh on the next call.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from compare import paths

#: The vocabulary files that live in the project's data/reference/ (the user's data), not in the package.
REFERENCE_FILES = ("jurisdictions", "agencies", "tasks")


class MetadataError(ValueError):
    """A metadata file is malformed or refers to something that does not exist."""


def path_of(name: str) -> Path:
    """Where the vocabulary file `name` lives: data/reference/ of the current root for REFERENCE_FILES,
    the package's metadata/ for the rest."""
    folder = paths.REFERENCE_DIR if name in REFERENCE_FILES else paths.METADATA_DIR
    return folder / f"{name}.yaml"


def _stamp(name: str) -> tuple[str, int, int, int]:
    """(path, mtime, size, inode) of a vocabulary file: the cache key of everything read from it."""
    path = path_of(name)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        where = "data/reference/ (the project's own places, agencies and tasks)" if name in REFERENCE_FILES \
            else "the package's metadata/"
        raise MetadataError(f"{path} is missing: {name}.yaml belongs in {where}") from None
    return str(path), st.st_mtime_ns, st.st_size, st.st_ino


#: libyaml's safe loader when PyYAML was built with it (seven times faster on indicators.yaml), else the pure one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(stream: Any) -> Any:
    """The parsed YAML of a text or an open file, by the safe loader (libyaml's when present)."""
    return yaml.load(stream, Loader=_SAFE_LOADER)  # noqa: S506 — a safe loader


@cache
def _read(stamp: tuple[str, int, int, int]) -> Any:
    with open(stamp[0], encoding="utf-8") as fh:
        return read_yaml(fh)


@cache
def _package_file(name: str) -> Any:
    with path_of(name).open(encoding="utf-8") as fh:
        return read_yaml(fh)


def _load(name: str) -> Any:
    """The parsed YAML of vocabulary file `name` (package files once; reference files per stamp)."""
    return _read(_stamp(name)) if name in REFERENCE_FILES else _package_file(name)


@cache
def units() -> dict[str, dict]:
    """Unit name → {dimension, factor, spellings, period (day | year, for amounts written per period)}; read once
    (a package file: asked tens of thousands of times a build)."""
    return _load("units")["units"]


def lexicon() -> dict[str, Any]:
    """Comparator phrases, baseline words, scopes, numerals (metadata/lexicon.yaml)."""
    return _load("lexicon")


def labels() -> dict[str, dict]:
    """Bilingual UI labels (metadata/labels.yaml)."""
    return _load("labels")


def radical_equivalents() -> dict[str, str]:
    """Radical → the unified ideograph Noto Sans CJK SC draws with the same glyph, where NFKC does not
    give it (metadata/radicals.yaml: ⻓ → 长, ⼾ → 户)."""
    return dict(_load("radicals")["radicals"])


#: What an indicator's number means (indicators.yaml `kind`; the header of that file defines each).
INDICATOR_KINDS = ("cap", "reduction", "rate", "coefficient", "level", "count", "quantity")


@cache
def indicator_specs() -> dict[str, dict]:
    """indicator_id → its full spec from indicators.yaml, checked for consistency."""
    specs: dict[str, dict] = {}
    known_units = units()
    for spec in _load("indicators")["indicators"]:
        iid = spec["indicator_id"]
        if iid in specs:
            raise MetadataError(f"indicators.yaml: indicator_id {iid!r} is defined twice")
        if spec["unit"] not in known_units:
            raise MetadataError(f"indicators.yaml: {iid} has unit {spec['unit']!r}, not in units.yaml")
        if spec["direction"] not in {"lower_is_better", "higher_is_better"}:
            raise MetadataError(f"indicators.yaml: {iid} has direction {spec['direction']!r}")
        if spec.get("kind") not in INDICATOR_KINDS:
            raise MetadataError(f"indicators.yaml: {iid} has kind {spec.get('kind')!r}, not one of "
                                f"{list(INDICATOR_KINDS)} (see the file's header)")
        if spec["kind"] == "reduction" and spec["unit"] != "%":
            raise MetadataError(f"indicators.yaml: {iid} is a reduction (annualised as a % against a baseline) "
                                f"but its unit is {spec['unit']!r}: a change in percentage points is a rate, "
                                "an amount to cut is a quantity")
        spec.setdefault("extract", True)
        spec.setdefault("aliases_zh", [])
        spec.setdefault("requires_zh", [])
        spec.setdefault("not_after_zh", [])
        spec.setdefault("value_position", "after")
        spec.setdefault("takes_baseline", False)
        spec.setdefault("cut", False)
        spec.setdefault("stated_cap", False)
        specs[iid] = spec
    _check_outcome_indicators(specs)
    return specs


def _check_outcome_indicators(specs: dict[str, dict]) -> None:
    for iid, spec in specs.items():
        target = spec.get("outcome_indicator")
        if target is not None and target not in specs:
            raise MetadataError(f"indicators.yaml: {iid} has outcome_indicator {target!r}, which is not defined")


def indicator_kind(indicator_id: str) -> str | None:
    """The indicator's `kind` (cap, reduction, rate …), None for an id not in the vocabulary."""
    spec = indicator_specs().get(indicator_id)
    return spec["kind"] if spec else None


def plan_period_ends() -> list[int]:
    """The last years of the five-year-plan periods of the lexicon (`plan_periods`), ascending."""
    return sorted(int(y) for y in lexicon()["plan_periods"].values())


def indicators() -> pd.DataFrame:
    """The `indicators` table: one row per indicator id."""
    dtypes = table_dtypes("indicators")
    rows = [{c: ("、".join(s[c]) if c == "aliases_zh" else s[c]) for c in dtypes} for s in indicator_specs().values()]
    df = pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)
    assert df["indicator_id"].is_unique
    return df


def jurisdiction_specs() -> dict[str, dict]:
    """jurisdiction_id → spec from data/reference/jurisdictions.yaml."""
    return _jurisdiction_specs(_stamp("jurisdictions"))


@cache
def _jurisdiction_specs(stamp: tuple) -> dict[str, dict]:
    return {j["jurisdiction_id"]: j for j in _read(stamp)["jurisdictions"]}


def jurisdictions() -> pd.DataFrame:
    """The `jurisdictions` table: one row per jurisdiction (nation, province, city, district, county)."""
    dtypes = table_dtypes("jurisdictions")
    df = pd.DataFrame([{c: j.get(c) for c in dtypes} for j in jurisdiction_specs().values()], columns=list(dtypes))
    df = df.astype(dtypes)
    assert df["jurisdiction_id"].is_unique
    return df


def jurisdiction_id_for(name_zh: str) -> str:
    """The id of the jurisdiction written `name_zh` (an alias or its name); MetadataError if unknown."""
    for jid, spec in jurisdiction_specs().items():
        if name_zh == spec["name_zh"] or name_zh in spec.get("aliases_zh", []):
            return jid
    raise MetadataError(
        f"unknown jurisdiction {name_zh!r}: add it to {path_of('jurisdictions')}"
    )


def label(group: str, key: str, lang: str = "zh") -> str:
    """A bilingual label, e.g. label("comparator", "<=", "en") → "at most"."""
    return labels()[group][key][lang]


def indicator_name(indicator_id: str, lang: str = "zh") -> str:
    """The indicator's display name in `lang` ("zh" or "en")."""
    return indicator_specs()[indicator_id][f"name_{lang}"]


def jurisdiction_name(jurisdiction_id: str, lang: str = "zh") -> str:
    """The jurisdiction's display name in `lang`."""
    return jurisdiction_specs()[jurisdiction_id][f"name_{lang}"]


@cache
def dimension_bridges() -> dict[tuple[str, str], float]:
    """(dimension, other dimension) → how many units of factor 1 of the other one unit of factor 1 of the
    first is (units.yaml `bridges`: an area in mu is an area in m², 1 亩 = 10000/15 m²), both ways."""
    out: dict[tuple[str, str], float] = {}
    for b in _load("units").get("bridges") or []:
        out[b["from"], b["to"]] = float(b["factor"])
        out[b["to"], b["from"]] = 1 / float(b["factor"])
    return out


def convertible(from_unit: str, to_unit: str) -> bool:
    """Whether an amount in `from_unit` can be expressed in `to_unit`: the same dimension (or two bridged
    ones: 万亩 and 平方千米), and a unit
    written per day or per year (units.yaml `period`) only into one of that period — a plain amount
    (万吨) fits either, a canonical unit without a period is taken as per year (用水总量 亿立方米)."""
    a, b = units()[from_unit], units()[to_unit]
    same = a["dimension"] == b["dimension"] or (a["dimension"], b["dimension"]) in dimension_bridges()
    return same and a.get("period") in (None, b.get("period", "year"))


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit` expressed in `to_unit`; MetadataError when it cannot be (`convertible`)."""
    u = units()
    a, b = u[from_unit], u[to_unit]
    if not convertible(from_unit, to_unit):
        raise MetadataError(f"cannot convert {from_unit} ({a['dimension']}, per {a.get('period', '-')}) "
                            f"to {to_unit} ({b['dimension']}, per {b.get('period', 'year')})")
    bridge = 1.0 if a["dimension"] == b["dimension"] else dimension_bridges()[a["dimension"], b["dimension"]]
    return value * a["factor"] * bridge / b["factor"]


# --- Agencies and harmonised tasks of the task-division annexes (data/reference/agencies.yaml, tasks.yaml)


def agency_specs() -> dict[str, dict]:
    """agency_id → spec from agencies.yaml, checked: ids unique, no spelling claimed by two agencies."""
    return _agency_specs(_stamp("agencies"))


@cache
def _agency_specs(stamp: tuple) -> dict[str, dict]:
    import re

    specs: dict[str, dict] = {}
    owner: dict[str, str] = {}
    for spec in _read(stamp)["agencies"]:
        aid = spec["agency_id"]
        if aid in specs:
            raise MetadataError(f"agencies.yaml: agency_id {aid!r} is defined twice")
        spec.setdefault("aliases_zh", [])
        spec.setdefault("patterns_zh", [])
        spec["_patterns"] = [re.compile(p) for p in spec["patterns_zh"]]
        for spelling in {spec["name_zh"], *spec["aliases_zh"]}:
            if owner.setdefault(spelling, aid) != aid:
                raise MetadataError(f"agencies.yaml: {spelling!r} is claimed by {owner[spelling]} and {aid}")
        specs[aid] = spec
    return specs


def agencies() -> pd.DataFrame:
    """The agency vocabulary: one row per canonical agency id (aliases joined with 、)."""
    cols = ["agency_id", "name_zh", "name_en", "kind"]
    rows = [{c: s[c] for c in cols} | {"aliases_zh": "、".join(s["aliases_zh"])} for s in agency_specs().values()]
    df = pd.DataFrame(rows, columns=[*cols, "aliases_zh"]).astype("string")
    assert df["agency_id"].is_unique
    return df


@cache
def _agency_spellings(stamp: tuple) -> dict[str, str]:
    return {sp: aid for aid, s in _agency_specs(stamp).items() for sp in (s["name_zh"], *s["aliases_zh"])}


def agency_id_for(unit_zh: str) -> str | None:
    """The agency id of a unit as written in an annex (市水务局, 区住房城乡建委 …), or None if unknown.

    Tried in turn: the spelling as written; without a one-character jurisdiction prefix (市/区/县);
    without a place-name prefix ending in 市/区/县 (万州区税务局); then the agencies' patterns_zh.
    """
    return _agency_id_for(unit_zh, _stamp("agencies"))


@cache
def _agency_id_for(unit_zh: str, stamp: tuple) -> str | None:
    import re

    spellings = _agency_spellings(stamp)
    candidates = [unit_zh]
    prefixes = lexicon()["agency_jurisdiction_prefixes"]
    if unit_zh[:1] in prefixes:
        candidates.append(unit_zh[1:])
    # a place name (万州区): 2–4 characters none of which ends a unit name (局委办 …), then 市/区/县
    ends, last = ("".join(map(re.escape, lexicon()[k])) for k in ("agency_name_ends", "agency_jurisdiction_prefixes"))
    place = re.match(rf"(?:(?![{ends}])[\u4e00-\u9fff]){{2,4}}?[{last}]", unit_zh)
    if place:
        candidates.append(unit_zh[place.end():])
    for cand in candidates:
        if cand in spellings:
            return spellings[cand]
    for aid, spec in _agency_specs(stamp).items():
        if any(p.search(unit_zh) for p in spec["_patterns"]):
            return aid
    return None


def task_specs() -> dict[str, dict]:
    """task_id → spec from tasks.yaml (harmonised task vocabulary), in file order = matching priority."""
    return _task_specs(_stamp("tasks"))


@cache
def _task_specs(stamp: tuple) -> dict[str, dict]:
    specs: dict[str, dict] = {}
    for spec in _read(stamp)["tasks"]:
        tid = spec["task_id"]
        if tid in specs:
            raise MetadataError(f"tasks.yaml: task_id {tid!r} is defined twice")
        if not spec.get("keywords_zh"):
            raise MetadataError(f"tasks.yaml: task {tid!r} has no keywords_zh")
        specs[tid] = spec
    return specs


def tasks() -> pd.DataFrame:
    """The harmonised task vocabulary: one row per task id (keywords joined with 、)."""
    cols = ["task_id", "name_zh", "name_en"]
    rows = [{c: s[c] for c in cols} | {"keywords_zh": "、".join(s["keywords_zh"])} for s in task_specs().values()]
    df = pd.DataFrame(rows, columns=[*cols, "keywords_zh"]).astype("string")
    assert df["task_id"].is_unique
    return df


def task_id_for(text_zh: str) -> str | None:
    """The harmonised task whose keyword occurs earliest in `text_zh` (ties: tasks.yaml order), or None."""
    best: tuple[int, int, str] | None = None
    for rank, (tid, spec) in enumerate(task_specs().items()):
        positions = [p for k in spec["keywords_zh"] if (p := text_zh.find(k)) >= 0]
        if positions and (best is None or (min(positions), rank) < best[:2]):
            best = (min(positions), rank, tid)
    return best[2] if best else None


_TABLE_DTYPES = {"string", "Int16", "Int64", "float64", "bool"}


@cache
def table_specs() -> dict[str, dict]:
    """Curated table name → {description, primary_key, builder, span, columns: {name: {dtype,
    description, ref}}}, in build order, checked for consistency (metadata/tables.yaml)."""
    specs = _load("tables")["tables"]
    for name, spec in specs.items():
        where = f"tables.yaml: table {name!r}"
        missing = [k for k in ("description", "primary_key", "builder", "columns") if k not in spec]
        if missing:
            raise MetadataError(f"{where} lacks {missing}")
        columns = spec["columns"]
        if not set(spec["primary_key"]) <= set(columns):
            raise MetadataError(f"{where}: primary_key {spec['primary_key']} names columns it does not have")
        builder = spec["builder"]
        if (not isinstance(builder, dict) or not isinstance(builder.get("function"), str)
                or not isinstance(builder.get("inputs", []), list)):
            raise MetadataError(f"{where}: builder is {{function: <name in compare.curate>, inputs: [...]}} "
                                "(the inputs are those build.assemble provides: build.BUILD_INPUTS)")
        if spec.get("span") and not {"document_id", "quote_zh", "char_start", "char_end"} <= set(columns):
            raise MetadataError(f"{where}: span tables have document_id, quote_zh, char_start and char_end")
        for col, c in columns.items():
            if c.get("dtype") not in _TABLE_DTYPES:
                raise MetadataError(f"{where}: column {col} has dtype {c.get('dtype')!r}, not one of "
                                    f"{sorted(_TABLE_DTYPES)}")
            if "ref" in c and c["ref"] not in specs:
                raise MetadataError(f"{where}: column {col} refers to table {c['ref']!r}, which is not defined")
    return specs


def table_names() -> tuple[str, ...]:
    """The curated tables, in the order they are built, staged and validated."""
    return tuple(table_specs())


def span_tables() -> tuple[str, ...]:
    """Tables whose rows carry a quote and its offsets into the document's raw text."""
    return tuple(name for name, spec in table_specs().items() if spec.get("span"))


def row_key(name: str) -> str:
    """The column that names a row of table `name` in messages (the first primary-key column)."""
    return table_specs()[name]["primary_key"][0]


def table_refs(name: str) -> dict[str, str]:
    """Column → the table whose key it holds, for the columns of `name` declared with `ref`."""
    return {col: c["ref"] for col, c in table_specs()[name]["columns"].items() if "ref" in c}


def referenced_tables() -> tuple[str, ...]:
    """Tables some column refers to (their key lists become suite parameters), in table order."""
    wanted = {ref for name in table_specs() for ref in table_refs(name).values()}
    return tuple(name for name in table_specs() if name in wanted)


def table_dtypes(name: str) -> dict[str, str]:
    """Column → pandas dtype of one curated table, in column order."""
    return {col: spec["dtype"] for col, spec in table_specs()[name]["columns"].items()}


def column_labels() -> dict[str, dict]:
    """Reader-facing headers of the downloadable tables (metadata/columns.yaml): `tables` → table →
    column → {zh, en, note_zh[, unit]}, and `derived` → display-name column → {zh, en, note_zh, note_en}."""
    return _load("columns")
