"""The vocabulary (indicators, units, jurisdictions, labels, lexicon), loaded from metadata/*.yaml.

Every other module asks here; nothing else reads the YAML files.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd
import yaml

from compare.paths import METADATA_DIR


class MetadataError(ValueError):
    """A metadata file is malformed or refers to something that does not exist."""


@cache
def _load(name: str) -> Any:
    path = METADATA_DIR / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def units() -> dict[str, dict]:
    """Unit name → {dimension, factor, spellings}."""
    return _load("units")["units"]


def lexicon() -> dict[str, Any]:
    """Comparator phrases, baseline words, scopes, numerals (metadata/lexicon.yaml)."""
    return _load("lexicon")


def labels() -> dict[str, dict]:
    """Bilingual UI labels (metadata/labels.yaml)."""
    return _load("labels")


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
        spec.setdefault("extract", True)
        spec.setdefault("aliases_zh", [])
        spec.setdefault("requires_zh", [])
        spec.setdefault("not_after_zh", [])
        spec.setdefault("value_position", "after")
        spec.setdefault("takes_baseline", False)
        specs[iid] = spec
    return specs


def indicators() -> pd.DataFrame:
    """The `indicators` table: one row per indicator id."""
    cols = ["indicator_id", "name_zh", "name_en", "unit", "direction", "category", "comparable",
            "valid_min", "valid_max"]
    rows = [{c: s[c] for c in cols} | {"aliases_zh": "、".join(s["aliases_zh"])} for s in indicator_specs().values()]
    df = pd.DataFrame(rows).astype({"valid_min": "float64", "valid_max": "float64", "comparable": "bool"})
    for col in df.columns.drop(["valid_min", "valid_max", "comparable"]):
        df[col] = df[col].astype("string")
    assert df["indicator_id"].is_unique
    return df


@cache
def jurisdiction_specs() -> dict[str, dict]:
    """jurisdiction_id → spec from jurisdictions.yaml."""
    return {j["jurisdiction_id"]: j for j in _load("jurisdictions")["jurisdictions"]}


def jurisdictions() -> pd.DataFrame:
    """The `jurisdictions` table: one row per jurisdiction (nation, province, city, district, county)."""
    cols = ["jurisdiction_id", "name_zh", "name_en", "level", "parent_id"]
    df = pd.DataFrame([{c: j.get(c) for c in cols} for j in jurisdiction_specs().values()], columns=cols)
    df = df.astype("string")
    assert df["jurisdiction_id"].is_unique
    return df


def jurisdiction_id_for(name_zh: str) -> str:
    """The id of the jurisdiction written `name_zh` (an alias or its name); MetadataError if unknown."""
    for jid, spec in jurisdiction_specs().items():
        if name_zh == spec["name_zh"] or name_zh in spec.get("aliases_zh", []):
            return jid
    raise MetadataError(
        f"unknown jurisdiction {name_zh!r}: add it to src/compare/metadata/jurisdictions.yaml"
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


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit` expressed in `to_unit`; MetadataError when dimensions differ."""
    u = units()
    a, b = u[from_unit], u[to_unit]
    if a["dimension"] != b["dimension"]:
        raise MetadataError(f"cannot convert {from_unit} ({a['dimension']}) to {to_unit} ({b['dimension']})")
    return value * a["factor"] / b["factor"]
