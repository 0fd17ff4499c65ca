"""Small file helpers shared by the commands that write outputs: file-name-safe slugs and the build's
facts published beside the tables (build_info.json)."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

from compare import paths

#: The build's facts, written by `compare build` beside the curated tables.
BUILD_INFO = "build_info.json"
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(name: str, max_len: int = 80) -> str:
    """A file-name-safe slug: ASCII letters, digits, `_` and `-` only, no leading dot, no path
    separators, never empty or a reserved device name.  When non-ASCII characters had to be dropped,
    a short hash of the original keeps different names apart (运城市 ≠ 晋城市)."""
    original = str(name)
    norm = unicodedata.normalize("NFKD", original)
    ascii_part = norm.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_part).strip("-_.").lower()
    slug = re.sub(r"-{2,}", "-", slug)[:max_len].strip("-_")
    dropped = any(ord(c) > 127 for c in original)  # 汉字 and accents cannot be kept
    if not slug or dropped or slug in _WINDOWS_RESERVED:
        digest = hashlib.sha1(original.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"chart-{digest}"
    return slug


def read_json(path: Path, default: dict | None = None) -> dict:
    """The JSON object in `path`; `default` ({}) when the file does not exist."""
    path = Path(path)
    if not path.exists():
        return {} if default is None else default
    return json.loads(path.read_text(encoding="utf-8"))


def build_info(curated_dir: Path | None = None) -> dict:
    """The build_info.json published beside the tables ({} before the first build)."""
    return read_json((curated_dir or paths.CURATED_DIR) / BUILD_INFO)
