"""One public function per curated table: inputs in, a typed DataFrame out (PUDL style).

metadata/tables.yaml names each table's function here (`builder.function`) and the build inputs it
takes (`builder.inputs`); build.build_tables calls them in table order."""

from __future__ import annotations

import hashlib

import pandas as pd

from compare import metadata
from compare.errors import InputError
from compare.review import ReviewedTarget

TARGET_COLUMNS = metadata.table_dtypes("targets")
OUTCOME_COLUMNS = metadata.table_dtypes("outcomes")
NO_BASELINE_NOTE = "baseline year not stated in the text"


def _stable_id(*parts: object) -> str:
    key = "|".join("" if p is None or p is pd.NA else str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _number(r: dict, column: str, where: str) -> float:
    """The number in cell `column` of a fact-table row; InputError naming file, line and field."""
    cell = r.get(column)
    try:
        value = float(str(cell).replace(",", ""))
    except (TypeError, ValueError):
        value = float("nan")
    if cell is None or value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"{where}: {column} {cell!r} is not a number — write it with digits (e.g. 0.55, 12.5)")
    return value


def _year(r: dict, column: str, where: str, required: bool = False) -> int | None:
    """The year in cell `column` (blank allowed unless `required`); InputError naming file, line and field."""
    cell = r.get(column)
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)) or str(cell).strip() == "":
        if required:
            raise InputError(f"{where}: {column} is empty — write the year as four digits (e.g. 2025)")
        return None
    text = str(cell).strip()
    if not text.isascii() or not text.isdigit() or len(text) != 4:
        raise InputError(f"{where}: {column} {cell!r} is not a year — write four digits (e.g. 2025)")
    return int(text)


def _typed(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    return df.astype(columns)


def jurisdictions() -> pd.DataFrame:
    """One row per jurisdiction (nation, province, prefecture, district, county)."""
    return metadata.jurisdictions()


def indicators() -> pd.DataFrame:
    """One row per indicator of the vocabulary."""
    return metadata.indicators()


def agencies() -> pd.DataFrame:
    """One row per canonical agency of the agency vocabulary."""
    return metadata.agencies().astype(metadata.table_dtypes("agencies"))


def tasks() -> pd.DataFrame:
    """One row per harmonised task of the task vocabulary."""
    return metadata.tasks().astype(metadata.table_dtypes("tasks"))


def responsibilities(reviewed_annexes: dict[str, list[dict]]) -> pd.DataFrame:
    """One row per agency named as lead or participant for one item of a task-division table, from
    each document's annex rows after review (compare.review.apply_annex_review)."""
    from compare.responsibilities import annex_table

    dtypes = metadata.table_dtypes("responsibilities")
    return annex_table(reviewed_annexes)[list(dtypes)].astype(dtypes)


def documents(registry: pd.DataFrame, raw_texts: dict[str, str]) -> pd.DataFrame:
    """One row per registered document, with the length of its decoded raw text (n_chars)."""
    df = registry.drop(columns=["notes"]).copy()
    df["n_chars"] = pd.array([len(raw_texts[d]) if d in raw_texts else None for d in df["document_id"]],
                             dtype="Int64")
    assert df["document_id"].is_unique
    return df.reset_index(drop=True)


def _with_baseline_note(indicator_id: str, baseline_year, note: str | None) -> str | None:
    spec = metadata.indicator_specs()[indicator_id]
    if spec.get("takes_baseline") and (baseline_year is None or pd.isna(baseline_year)):
        return "; ".join(n for n in (note, NO_BASELINE_NOTE) if n)
    return note


def targets_from_documents(reviewed: dict[str, list[ReviewedTarget]], registry: pd.DataFrame) -> pd.DataFrame:
    """One row per target stated in a city document (extracted by rule, corrected or added in review)."""
    juris = dict(zip(registry["document_id"], registry["jurisdiction_id"], strict=True))
    rows = []
    for doc, items in reviewed.items():
        for item in items:
            c = item.candidate
            note = "; ".join(n for n in (c.note, item.note) if n) or None
            rows.append({
                "target_id": _stable_id(doc, c.indicator_id, c.target_year, c.scope, c.char_start),
                "document_id": doc, "jurisdiction_id": juris[doc], "indicator_id": c.indicator_id,
                "target_year": c.target_year, "comparator": c.comparator, "value": c.value, "unit": c.unit,
                "baseline_year": c.baseline_year, "scope_zh": c.scope, "attribute": c.attribute,
                "qualifier": c.qualifier, "value_reported": c.value_reported, "unit_reported": c.unit_reported,
                "quote_zh": c.quote, "char_start": c.char_start, "char_end": c.char_end, "source_quote_zh": None,
                "method": item.method, "rule": c.rule if item.found_by_rule else None,
                "review_status": item.status,
                "year_basis": c.year_basis if c.target_year is not None else "none",
                "note": _with_baseline_note(c.indicator_id, c.baseline_year, note),
            })
    return _typed(rows, TARGET_COLUMNS)


#: Facts about the document and its source page that a reference row may repeat: reference column → registry column.
REFERENCE_DOCUMENT_FACTS = {"issuer_zh": "issuer_zh", "doc_number": "doc_number", "date_issued": "date_issued",
                            "source_kind": "source_kind", "publisher": "publisher",
                            "date_published": "date_published", "date_accessed": "date_accessed"}


def _text_or_none(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _number_text(value) -> str:
    """The number as written in the fact table (0.68 → '0.68', 196.3 → '196.3', 12.0 → '12.0')."""
    return str(value).strip()


def _check_document_facts(line: int, r: dict, doc: dict) -> None:
    """A reference row's document and page facts must agree with the registry (one fact, one value)."""
    for ref_col, reg_col in REFERENCE_DOCUMENT_FACTS.items():
        mine, theirs = _text_or_none(r.get(ref_col)), _text_or_none(doc.get(reg_col))
        if mine is not None and mine != theirs:
            raise InputError(
                f"reference_targets.csv line {line}: {ref_col} {mine!r} differs from data/raw/documents.csv "
                f"({doc['document_id']}: {theirs!r}) — one document, one value: correct one of them"
            )


def targets_from_references(reference: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """One row per national/provincial/earlier-city target of the reference fact table
    (method `reference`: no text span, provenance is the registered document's source URL and the
    short phrase quoted from that page, `source_quote_zh`)."""
    records = {(r["title_zh"], r["source_url"]): r for r in registry.to_dict("records")}
    docs = {key: r["document_id"] for key, r in records.items()}
    specs = metadata.indicator_specs()
    rows = []
    for i, r in enumerate(reference.to_dict("records"), 2):
        key = (r["document_title_zh"], r["source_url"])
        if key not in docs:
            raise InputError(
                f"reference_targets.csv line {i}: document “{key[0]}” ({key[1]}) is not in data/raw/documents.csv — register it"
            )
        _check_document_facts(i, r, records[key])
        quote = _text_or_none(r.get("quote_zh"))
        if quote is not None and _number_text(r["value"]) not in quote:
            raise InputError(
                f"reference_targets.csv line {i}: quote_zh 「{quote}」 does not contain the value "
                f"{_number_text(r['value'])} — quote the phrase that states the target"
            )
        iid = r["indicator_id"]
        where = f"reference_targets.csv line {i}"
        if iid not in specs:
            raise InputError(f"{where}: unknown indicator_id {iid!r}")
        number = _number(r, "value", where)
        target_year, baseline_year = _year(r, "target_year", where), _year(r, "baseline_year", where)
        try:
            value = metadata.convert(number, r["unit"], specs[iid]["unit"])
        except (KeyError, metadata.MetadataError) as exc:
            raise InputError(f"{where}: unit {r['unit']!r} does not fit {iid}: {exc}") from exc
        try:
            jid = metadata.jurisdiction_id_for(r["jurisdiction_zh"])
        except metadata.MetadataError as exc:
            raise InputError(f"{where}: {exc}") from exc
        doc = docs[key]
        note = r.get("note") if isinstance(r.get("note"), str) else None
        rows.append({
            "target_id": _stable_id(doc, iid, r["target_year"], r["scope_zh"], "ref", value),
            "document_id": doc, "jurisdiction_id": jid, "indicator_id": iid,
            "target_year": target_year,
            "comparator": r["comparator"], "value": value, "unit": specs[iid]["unit"],
            "baseline_year": baseline_year,
            "scope_zh": r["scope_zh"] if isinstance(r["scope_zh"], str) else None, "attribute": None,
            "qualifier": r["qualifier"] if isinstance(r["qualifier"], str) else None,
            "value_reported": r["value"], "unit_reported": r["unit"],
            "quote_zh": None, "char_start": None, "char_end": None, "source_quote_zh": _text_or_none(r.get("quote_zh")),
            "method": "reference", "rule": None, "review_status": "added", "year_basis": None,
            "note": _with_baseline_note(iid, r["baseline_year"], note),
        })
    return _typed(rows, TARGET_COLUMNS)


def targets(reviewed: dict[str, list[ReviewedTarget]], reference: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """One row per target stated in a document: document × indicator × target year × scope × occurrence."""
    df = pd.concat([targets_from_documents(reviewed, registry), targets_from_references(reference, registry)],
                   ignore_index=True)
    df = df.sort_values(["document_id", "char_start", "indicator_id", "target_year"], na_position="last")
    return df.reset_index(drop=True).astype(TARGET_COLUMNS)


def outcomes(reported: pd.DataFrame) -> pd.DataFrame:
    """One row per reported actual value (jurisdiction × indicator × year × source); conflicting
    sources for the same year are kept side by side."""
    specs = metadata.indicator_specs()
    rows = []
    for i, r in enumerate(reported.to_dict("records"), 2):
        iid = r["indicator_id"]
        where = f"reported_outcomes.csv line {i}"
        if iid not in specs:
            raise InputError(f"{where}: unknown indicator_id {iid!r}")
        number, year = _number(r, "value", where), _year(r, "year", where, required=True)
        baseline_year = _year(r, "baseline_year", where)
        try:
            jid = metadata.jurisdiction_id_for(r["jurisdiction_zh"])
            value = metadata.convert(number, r["unit"], specs[iid]["unit"])
        except (KeyError, metadata.MetadataError) as exc:
            raise InputError(f"{where}: {exc} (unit {r['unit']!r}, jurisdiction {r['jurisdiction_zh']!r})") from exc
        rows.append({
            "outcome_id": _stable_id(jid, iid, r["year"], r["source_url"], r["value"]),
            "jurisdiction_id": jid, "indicator_id": iid, "year": year,
            "value": value, "unit": specs[iid]["unit"],
            "baseline_year": baseline_year,
            "source_url": r["source_url"], "source_kind": r["source_kind"],
            "note": r["note"] if isinstance(r["note"], str) else None,
        })
    return _typed(rows, OUTCOME_COLUMNS)
