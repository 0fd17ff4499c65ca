"""The document registry (data/raw/documents.csv): what each raw document is, and proof (sha256)
that the pipeline reads the bytes that were received."""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from compare import metadata, paths
from compare.errors import InputError
from compare.text import check_size, read_raw

REGISTRY_COLUMNS = ["document_id", "jurisdiction_id", "title_zh", "issuer_zh", "doc_number", "date_issued",
                    "kind", "source_url", "source_kind", "publisher", "date_published", "date_accessed",
                    "path", "sha256", "notes"]
#: Columns about the source page, added later: a registry without them reads them as blank.
SOURCE_COLUMNS = ["source_kind", "publisher", "date_published", "date_accessed"]
KINDS = {"official text", "news report"}
#: What a source page is: a government or agency site, a state or party newspaper's own site, anything else.
SOURCE_KINDS = {"official page", "official media", "news report"}
DATE_COLUMNS = ["date_issued", "date_published", "date_accessed"]
#: The id rule of every document (`compare add --id` and the registry): a lower-case slug, so an id can
#: name files (reviews/<id>.yaml) without ever leaving data/raw/.
DOCUMENT_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
MAX_ID_LENGTH = 80
#: Names Windows reserves for devices: a review or raw file named so cannot be opened there.
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$")


def valid_id(doc: object) -> bool:
    """Whether `doc` follows the document id rule (a slug of at most MAX_ID_LENGTH characters, not a
    device name such as nul or com1)."""
    return (isinstance(doc, str) and bool(DOCUMENT_ID.match(doc)) and len(doc) <= MAX_ID_LENGTH
            and not _RESERVED.match(doc))


@contextmanager
def registry_lock() -> Iterator[None]:
    """Hold an exclusive lock (data/.registry.lock) for a read-modify-replace of documents.csv, so that
    concurrent `compare add` runs each see the rows of the others."""
    lock = paths.REGISTRY_CSV.parents[1] / ".registry.lock"  # data/, beside the raw folder
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_csv(path: Path, columns: Iterable[str] = ()) -> pd.DataFrame:
    """A CSV file of data/raw/ as strings (blank cells null), read strictly: UTF-8 (BOM allowed), a
    header naming each column once (and every one of `columns`), every row with exactly the header's
    fields, quotes closed. InputError naming the file and line otherwise."""
    try:
        check_size(path)
        data = path.read_bytes()
    except InputError as exc:
        if not path.exists():
            raise InputError(f"{path} is missing: restore it from git (`git checkout {path.name}`)") from exc
        raise
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path} line {line}: not UTF-8 (saved as GB18030/GBK?) — save the file as UTF-8 "
                         "(e.g. `iconv -f gb18030 -t utf-8`)") from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise InputError(f"{path}: the file is empty — it needs its header line")
        twice = sorted({c for c in header if header.count(c) > 1})
        missing = [c for c in columns if c not in header]
        if twice or missing:
            raise InputError(f"{path} line 1: the header " + (f"names {twice} twice" if twice else
                             f"lacks the columns {missing}") + " — restore it from git and redo the edit")
        rows = []
        for row in reader:
            if not row:
                continue
            if len(row) != len(header):
                raise InputError(f"{path} line {reader.line_num}: {len(row)} fields where the header has "
                                 f"{len(header)} — a comma inside a value needs quotes (\"…\")")
            rows.append(row)
    except csv.Error as exc:
        raise InputError(f"{path} line {reader.line_num}: {exc} — an unclosed quote (\")?") from exc
    df = pd.DataFrame(rows, columns=header, dtype="string")
    return df.replace("", pd.NA)


def read_text_file(path: Path) -> str:
    """A small text file of data/raw/ (a review): a regular file within the size limit (a FIFO or device
    is refused before it is opened), decoded as UTF-8; InputError naming the file otherwise."""
    check_size(path)
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 — save the file as UTF-8") from exc


def load_registry(path: Path | None = None) -> pd.DataFrame:
    """The registry: one row per document (city plans with a raw file, and documents known only
    through a news report, which have a source URL and no file). Blank cells stay null."""
    path = path or paths.REGISTRY_CSV
    if not path.exists():
        raise InputError(f"{path}: the document registry is missing")
    df = read_csv(path)
    for col in SOURCE_COLUMNS:
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype="string")
    missing = set(REGISTRY_COLUMNS) - set(df.columns)
    if missing:
        raise InputError(f"{path}: registry lacks columns {sorted(missing)}")
    dupes = df["document_id"][df["document_id"].duplicated()].tolist()
    if dupes:
        raise InputError(f"{path}: document_id used twice: {dupes}")
    for i, row in enumerate(df.to_dict("records")):
        _check_row(path, i + 1, row)
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
            "add it to data/reference/jurisdictions.yaml (`compare add --new-jurisdiction`)"
        )
    return df[REGISTRY_COLUMNS]


def _check_row(registry: Path, n: int, row: dict) -> None:
    """InputError naming the registry row (1 = the first after the header) when a row's id breaks the id rule or its path could lead
    outside data/raw/ (absolute, with `..`, or a drive/backslash path)."""
    doc = row["document_id"]
    where = f"{registry} row {n} (document_id {doc!r})"
    if not valid_id(doc):
        raise InputError(
            f"{where}: a document id is lower-case letters, digits and single underscores (at most "
            f"{MAX_ID_LENGTH} characters, not a device name like nul), e.g. yangcheng_2021_jieshui_fangan — fix the id in the registry")
    rel = row["path"]
    if isinstance(rel, str):
        parts = re.split(r"[\\/]", rel)
        if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel) or ".." in parts or "\0" in rel:
            raise InputError(
                f"{where}: path {rel!r} must be a file name relative to data/raw/ (no absolute path, no `..`) — "
                "copy the document into data/raw/ with `compare add`")


def raw_path(row: pd.Series | dict, raw_dir: Path | None = None) -> Path:
    """Where a registered document's raw text lives; InputError when it (or a symlink on the way)
    leads outside data/raw/."""
    root = raw_dir or paths.RAW_DIR
    path = root / str(row["path"])
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise InputError(f"{path}: registered as {row['document_id']} but cannot be resolved ({exc})") from exc
    if not inside:
        raise InputError(
            f"{path}: registered as {row['document_id']} in documents.csv, but it leads outside data/raw/ "
            f"(to {path.resolve()}). Raw documents live inside data/raw/: copy the file there with `compare add`.")
    return path


def read_registered(registry: pd.DataFrame, raw_dir: Path | None = None) -> dict[str, str]:
    """document_id → decoded raw text, for every document with a file, after checking its sha256.

    Raises InputError naming the file when its bytes differ from the registry.
    """
    texts = {}
    for row in registry[registry["path"].notna()].to_dict("records"):
        path = raw_path(row, raw_dir)
        if not path.exists():
            raise InputError(f"{path}: registered as {row['document_id']} but the file is missing")
        check_size(path)  # a regular file within the size limit, before a byte is read (never /dev/zero)
        digest = sha256_of(path)
        if digest != row["sha256"]:
            raise InputError(
                f"{path}: sha256 {digest[:12]}… differs from the registry ({str(row['sha256'])[:12]}…). "
                "Raw documents are never edited: restore the original file, or register the new version "
                "as a new document with `compare add`."
            )
        texts[row["document_id"]] = read_raw(path)
    return texts
