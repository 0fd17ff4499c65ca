"""One escaping policy per output kind, for text that comes from documents, reviews or registries.

* spreadsheets (CSV, XLSX): a cell starting with = + - @ tab or CR is prefixed with ' (OWASP's advice
  against formula injection), so a spreadsheet shows it as text and never evaluates it;
* Plotly text (titles, labels, hover boxes): & < > become entities, which Plotly shows literally, so
  `<a href>`, `<b>` or `<span style>` in a document never becomes markup;
* the terminal: control characters (ANSI escape sequences, carriage returns, backspaces …) are shown
  as visible escapes (\\x1b), so a quote cannot recolour or overwrite what the command prints.

HTML pages are escaped by Jinja2's autoescape (report.py, validation report)."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported only where a table is made safe (the CLI must start fast)
    import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A plain signed number (-3, +2.5, -16%) is data, not a formula: left as written.
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?%?")
#: C0 controls except newline and tab, DEL, C1 controls, and the bidirectional overrides that reorder text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def spreadsheet_cell(value: object) -> object:
    """`value`, with a leading ' when it is a string a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells (and column names) cannot start a formula; numbers untouched."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            out[col] = out[col].map(spreadsheet_cell, na_action="ignore")
    out.columns = [spreadsheet_cell(c) for c in out.columns]
    return out


def plain_text(value: object) -> str:
    """Document text for a file format that takes text as data (XLSX cells, Word runs): control characters,
    which those formats refuse or show as boxes, removed; newlines and tabs kept."""
    return _CONTROL.sub("", str(value))


def plotly_text(value: object) -> str:
    """Document text for a Plotly string: & < > as entities (shown literally, never parsed as tags)."""
    return html.escape(str(value), quote=False)


def terminal(value: object) -> str:
    """`value` for the terminal: control characters and escape sequences shown as \\xNN / \\uNNNN."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))
