"""The document registry (data/raw/documents.csv): what each raw document is, and proof (sha256)
that the pipeline reads the bytes that were received."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from compare import metadata
from compare.errors import InputError
from compare.paths import RAW_DIR, REGISTRY_CSV
from compare.text import read_raw

REGISTRY_COLUMNS = ["document_id", "jurisdiction_id", "title_zh", "issuer_zh", "doc_number", "date_issued",
                    "kind", "source_url", "source_kind", "publisher", "date_published", "date_accessed",
                    "path", "sha256", "notes"]
#: Columns about the source page, added later: a registry without them reads them as blank.
SOURCE_COLUMNS = ["source_kind", "publisher", "date_published", "date_accessed"]
KINDS = {"official text", "news report"}
#: What a source page is: a government or agency site, a state or party newspaper's own site, anything else.
SOURCE_KINDS = {"official page", "official media", "news report"}
DATE_COLUMNS = ["date_issued", "date_published", "date_accessed"]


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_registry(path: Path | None = None) -> pd.DataFrame:
    """The registry: one row per document (city plans with a raw file, and documents known only
    through a news report, which have a source URL and no file). Blank cells stay null."""
    path = path or REGISTRY_CSV
    try:
        df = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])
    except FileNotFoundError as exc:
        raise InputError(f"{path}: the document registry is missing") from exc
    for col in SOURCE_COLUMNS:
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype="string")
    missing = set(REGISTRY_COLUMNS) - set(df.columns)
    if missing:
        raise InputError(f"{path}: registry lacks columns {sorted(missing)}")
    dupes = df["document_id"][df["document_id"].duplicated()].tolist()
    if dupes:
        raise InputError(f"{path}: document_id used twice: {dupes}")
    bad_kind = df.loc[~df["kind"].isin(KINDS), "document_id"].tolist()
    if bad_kind:
        raise InputError(f"{path}: kind must be one of {sorted(KINDS)} (documents {bad_kind})")
    bad_source = df.loc[df["source_kind"].notna() & ~df["source_kind"].isin(SOURCE_KINDS), "document_id"].tolist()
    if bad_source:
        raise InputError(f"{path}: source_kind must be blank or one of {sorted(SOURCE_KINDS)} (documents {bad_source})")
    for col in DATE_COLUMNS:
        bad_date = df.loc[df[col].notna() & ~df[col].str.fullmatch(r"\d{4}-\d{2}-\d{2}"), "document_id"].tolist()
        if bad_date:
            raise InputError(f"{path}: {col} must be an ISO date YYYY-MM-DD (documents {bad_date})")
    known = metadata.jurisdiction_specs()
    unknown = df.loc[~df["jurisdiction_id"].isin(list(known)), ["document_id", "jurisdiction_id"]]
    if len(unknown):
        raise InputError(
            f"{path}: unknown jurisdiction_id for {unknown.to_dict('records')} — "
            "add it to src/compare/metadata/jurisdictions.yaml"
        )
    return df[REGISTRY_COLUMNS]


def raw_path(row: pd.Series | dict, raw_dir: Path | None = None) -> Path:
    """Where a registered document's raw text lives."""
    return (raw_dir or RAW_DIR) / str(row["path"])


def read_registered(registry: pd.DataFrame, raw_dir: Path | None = None) -> dict[str, str]:
    """document_id → decoded raw text, for every document with a file, after checking its sha256.

    Raises InputError naming the file when its bytes differ from the registry.
    """
    texts = {}
    for row in registry[registry["path"].notna()].to_dict("records"):
        path = raw_path(row, raw_dir)
        if not path.exists():
            raise InputError(f"{path}: registered as {row['document_id']} but the file is missing")
        digest = sha256_of(path)
        if digest != row["sha256"]:
            raise InputError(
                f"{path}: sha256 {digest[:12]}… differs from the registry ({str(row['sha256'])[:12]}…). "
                "Raw documents are never edited: restore the original file, or register the new version "
                "as a new document with `compare add`."
            )
        texts[row["document_id"]] = read_raw(path)
    return texts
