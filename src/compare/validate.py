"""The publication gate: Great Expectations suites (expectations/<table>.json) plus the checks GX
cannot see on its own (raw-span equality, reported-value conversion, reported value in its quote,
coverage against the last published build, generated suite parts equal to the metadata).

The verdict is also written as one offline HTML page, reports/validation/index.html (Jinja2 with
autoescape, a Content-Security-Policy that loads nothing): GX's own Data Docs are not built, as they
pull jQuery, Bootstrap and Vega from CDNs and render failing values unescaped.

One suite per curated table, in the GX 1.x JSON format.  Expectations whose `meta` carries a
`generated` key are derived from the metadata (tables.yaml, indicators.yaml, units.yaml, labels.yaml) and are
rewritten by `python -m compare suites`; every other expectation is maintained by hand in the JSON.
Cross-table references use suite parameters (`{"$PARAMETER": "documents__document_id"}`) filled in at
run time from the staged tables.

great_expectations is imported inside the functions that run it: it costs seconds to import.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from compare import metadata, paths
from compare.errors import CompareError, ValidationFailed
from compare.escape import terminal

#: Suites in the order they run (the order tables are built in: metadata/tables.yaml).
SUITES = metadata.table_names()
#: Tables whose rows carry a quote and its offsets into the document's raw text (tables.yaml `span`).
SPAN_TABLES = metadata.span_tables()
#: Primary-key column named first when a row of a table is described in the verdict.
_ROW_KEYS = {name: metadata.row_key(name) for name in SUITES}
#: What to do when a table's quote no longer matches its raw text (tables.yaml `span_advice`).
_SPAN_ADVICE = {name: metadata.table_specs()[name].get("span_advice", "") for name in SPAN_TABLES}
#: Where the validation report is written (reports/validation/index.html, git-ignored).
DOCS_SUBDIR = "validation"
#: Folders GX Data Docs used to write there; removed so that no stale unescaped page stays behind.
_OLD_DATA_DOCS = ("expectations", "validations", "static")
#: Offending rows shown per failed expectation before "… and N more".
MAX_ROWS_SHOWN = 5
_GENERATED_NOTE = (
    "Expectations with meta.generated are derived from src/compare/metadata/*.yaml "
    "(tables.yaml: schema and primary key; indicators.yaml, units.yaml, labels.yaml: vocabularies): "
    "regenerate them with `python -m compare suites`; edit the others by hand."
)


# --------------------------------------------------------------------------- verdict


@dataclass
class Failure:
    """One failed expectation or pre-check, with the rows that broke it."""

    suite: str
    rule: str
    expectation: str
    rows: list[str] = field(default_factory=list)
    n_rows: int = 0
    detail: str = ""

    def lines(self, number: int) -> list[str]:
        out = [f"{number}. {self.suite} · {self.rule}  [{self.expectation}]"]
        if self.detail:
            out.append(f"   {self.detail}")
        out += [f"   - {row}" for row in self.rows[:MAX_ROWS_SHOWN]]
        if self.n_rows > MAX_ROWS_SHOWN:
            out.append(f"   … and {self.n_rows - MAX_ROWS_SHOWN} more rows")
        return out


@dataclass
class Verdict:
    """The result of the gate: how many checks ran, which failed, where the HTML report is."""

    n_checks: int
    failures: list[Failure]
    docs_index: Path | None = None
    #: Every check run: (suite, rule, expectation, Failure or None when it passed).
    checks: list[tuple[str, str, str, Failure | None]] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.failures

    def report(self) -> str:
        """A short verdict a data steward can act on."""
        if self.success:
            head = f"all {self.n_checks} expectations passed"
            body: list[str] = []
        else:
            head = f"{len(self.failures)} of {self.n_checks} expectations failed:"
            body = [line for i, f in enumerate(self.failures, 1) for line in f.lines(i)]
        tail = [f"Validation report (offline HTML): {self.docs_index}"] if self.docs_index else []
        return "\n".join([head, *body, *tail])


# --------------------------------------------------------------------------- suites


def _exp(expectation: str, rule: str, generated: str | None = None, /, **kwargs) -> dict:
    meta: dict = {"rule": rule}
    if generated:
        meta["generated"] = generated
    return {"type": expectation, "kwargs": kwargs, "meta": meta}


def _among(column: str, values: list[str]) -> dict:
    """A serialised GX row condition `column IN values`."""
    return {"type": "comparison", "column": {"name": column}, "operator": "IN", "parameter": values}


def _range(lo: float, hi: float) -> str:
    return f"[{lo:g}, {hi:g}]"


def _grouped(specs: dict[str, dict], key) -> dict:
    """Indicator ids grouped by key(spec), groups and ids in vocabulary order (one expectation per group)."""
    groups: dict = {}
    for iid, spec in specs.items():
        groups.setdefault(key(spec), []).append(iid)
    return groups


def _which(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{len(ids)} indicators ({', '.join(ids)})"


#: tables.yaml dtype → the type name GX's expect_column_values_to_be_of_type compares with dtype.type.
_GX_TYPES = {"string": "str", "Int16": "int16", "Int64": "int64", "float64": "float64", "bool": "bool"}


def _schema_expectations(table: str) -> list[dict]:
    """Columns, dtypes and primary key of `table` from tables.yaml."""
    spec = metadata.table_specs().get(table)
    if spec is None:
        return []
    columns = metadata.table_dtypes(table)
    out = [_exp("expect_table_columns_to_match_set", "the table has exactly the columns of tables.yaml",
                "tables.yaml", column_set=list(columns), exact_match=True)]
    out += [_exp("expect_column_values_to_be_of_type", f"{col} is stored as {dtype}", "tables.yaml",
                 column=col, type_=_GX_TYPES[dtype]) for col, dtype in columns.items()]
    key = spec["primary_key"]
    out += [_exp("expect_column_values_to_not_be_null", f"primary key {col} is never empty", "tables.yaml",
                 column=col) for col in key]
    if len(key) == 1:
        out.append(_exp("expect_column_values_to_be_unique", f"primary key {key[0]} is unique", "tables.yaml",
                        column=key[0]))
    else:
        out.append(_exp("expect_compound_columns_to_be_unique", f"primary key {', '.join(key)} is unique",
                        "tables.yaml", column_list=key))
    return out


def generated_expectations(table: str) -> list[dict]:
    """The metadata-derived expectations of one suite, in a stable order.

    Indicators sharing a unit and range share one range expectation restricted to them by a
    row_condition (one per indicator costs seconds); the offending rows still name the indicator.
    """
    specs = metadata.indicator_specs()
    labels = metadata.labels()
    out = _schema_expectations(table)
    # Tables of values of an indicator (targets, outcomes): vocabulary, canonical unit, plausible range.
    columns = metadata.table_specs().get(table, {}).get("columns", {})
    if columns.get("indicator_id", {}).get("ref") == "indicators" and {"value", "unit"} <= set(columns):
        out.append(_exp("expect_column_values_to_be_in_set", "indicator_id is in the vocabulary",
                        "indicators.yaml", column="indicator_id", value_set=sorted(specs)))
        out.append(_exp("expect_column_pair_values_to_be_in_set",
                        "each indicator is stored in its canonical unit", "indicators.yaml",
                        column_A="indicator_id", column_B="unit",
                        value_pairs_set=[[iid, spec["unit"]] for iid, spec in specs.items()]))
        ranges = _grouped(specs, lambda s: (s["unit"], float(s["valid_min"]), float(s["valid_max"])))
        for (unit, lo, hi), ids in ranges.items():
            out.append(_exp("expect_column_values_to_be_between",
                            f"{_which(ids)}: value within the plausible range {_range(lo, hi)} {unit}",
                            "indicators.yaml", column="value", min_value=lo, max_value=hi,
                            row_condition=_among("indicator_id", ids)))
    if table == "targets":
        out.append(_exp("expect_column_values_to_be_in_set", "comparator is one of the labelled comparators",
                        "labels.yaml", column="comparator", value_set=sorted(labels["comparator"])))
        out.append(_exp("expect_column_values_to_be_in_set", "attribute is binding, expected or empty",
                        "labels.yaml", column="attribute", value_set=sorted(labels["attribute"])))
    if "review_status" in columns:
        out.append(_exp("expect_column_values_to_be_in_set", "review_status is one of the labelled statuses",
                        "labels.yaml", column="review_status", value_set=sorted(labels["review_status"])))
        out.append(_exp("expect_column_values_to_not_be_null", "review_status is never empty", "labels.yaml",
                        column="review_status"))
    if table == "targets":
        for method, statuses in (("rule", ["confirmed", "unreviewed"]), ("review", ["added", "corrected"]),
                                 ("reference", ["added"])):
            out.append(_exp("expect_column_values_to_be_in_set",
                            f"a `{method}` row is {' or '.join(statuses)}", "labels.yaml",
                            column="review_status", value_set=statuses, row_condition=_among("method", [method])))
        for kind, comparators, words in (("cap", ["<", "<=", "="], "at most (<=, <) or as a stated value (=)"),
                                         ("reduction", ["=", ">", ">="], "at least (>=, >) or as a stated value (=)")):
            ids = [iid for iid, spec in specs.items() if spec["kind"] == kind]
            if ids:
                out.append(_exp("expect_column_values_to_be_in_set", f"a {kind} (kind: {kind}) is stated as {words}",
                                "indicators.yaml", column="comparator", value_set=comparators,
                                row_condition=_among("indicator_id", ids)))
        reductions = sorted(iid for iid, s in specs.items() if s.get("takes_baseline"))
        if reductions:
            condition = {"type": "and", "conditions": [
                _among("indicator_id", reductions),
                {"type": "nullity", "column": {"name": "baseline_year"}, "is_null": True},
            ]}
            out.append(_exp("expect_column_values_to_not_be_null",
                            "a reduction without a baseline year carries a note saying so",
                            "indicators.yaml", column="note", row_condition=condition))
    if table == "indicators":
        out.append(_exp("expect_column_values_to_be_in_set", "unit is defined in units.yaml", "units.yaml",
                        column="unit", value_set=sorted(metadata.units())))
        out.append(_exp("expect_column_values_to_be_in_set", "kind is one of the kinds of indicators.yaml",
                        "indicators.yaml", column="kind", value_set=list(metadata.INDICATOR_KINDS)))
    if table == "jurisdictions":
        out.append(_exp("expect_column_values_to_be_in_set", "level is a labelled level", "labels.yaml",
                        column="level", value_set=sorted(labels["level"])))
    return out


def suite_path(table: str) -> Path:
    return paths.EXPECTATIONS_DIR / f"{table}.json"


def load_suite(table: str) -> dict:
    """The committed suite of `table` as a dict (name, meta, expectations)."""
    path = suite_path(table)
    if not path.exists():
        raise CompareError(f"{path} is missing: restore it from git (the gate never runs without its suites)")
    if not path.is_file():  # a FIFO would block the gate
        raise CompareError(f"{path}: not a regular file — restore it from git (`git checkout expectations/`)")
    try:
        with path.open(encoding="utf-8") as fh:
            suite = json.load(fh)
    except (ValueError, OSError) as exc:
        raise CompareError(f"{path}: not a readable suite ({exc}). Revert the edit (`git checkout expectations/`) "
                           "or regenerate it with `make suites`") from exc
    if not isinstance(suite, dict) or not isinstance(suite.get("expectations"), list):
        raise CompareError(f"{path}: a suite is a JSON object with an `expectations` list. Revert the edit "
                           "(`git checkout expectations/`) or regenerate it with `make suites`")
    return suite


def regenerated_suite(table: str) -> dict:
    """The suite of `table` with its metadata-derived part regenerated (hand-written part kept)."""
    path = suite_path(table)
    suite = load_suite(table) if path.exists() else {"name": table, "expectations": []}
    hand = [e for e in suite["expectations"] if "generated" not in e.get("meta", {})]
    return {"name": table, "meta": {"notes": _GENERATED_NOTE},
            "expectations": hand + generated_expectations(table)}


def write_generated_suites() -> None:
    """Rewrite expectations/*.json with their metadata-derived expectations regenerated."""
    paths.EXPECTATIONS_DIR.mkdir(parents=True, exist_ok=True)
    for table in SUITES:
        text = json.dumps(regenerated_suite(table), ensure_ascii=False, indent=2) + "\n"
        suite_path(table).write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- pre-checks


def _texts(df: pd.DataFrame, column: str) -> pd.Series:
    return df[column].astype("object").where(df[column].notna(), None)


class _Rows:
    """Formats offending rows of the staged tables: table, row, document, indicator, value, quote, file."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]):
        self.tables = tables
        docs = tables.get("documents")
        self.files: dict[str, str] = {}
        if docs is not None and {"document_id", "path"} <= set(docs.columns):
            for doc, path in zip(docs["document_id"], docs["path"], strict=True):
                if isinstance(path, str) and path:
                    self.files[doc] = f"data/raw/{path}"

    def file_of(self, row: Mapping) -> str | None:
        doc = row.get("document_id")
        if row.get("method") == "review" or row.get("rule") == "review":  # added by a reviewer
            return f"data/raw/reviews/{doc}.yaml"
        return self.files.get(doc) if isinstance(doc, str) else None

    def describe(self, table: str, index) -> str:
        df = self.tables[table]
        try:
            row = df.loc[index].to_dict()
        except KeyError:
            return f"{table} row {index}"
        parts = [f"{table} row {index}"]
        key = _ROW_KEYS.get(table)
        for col in dict.fromkeys(c for c in (key, "document_id", "jurisdiction_id", "indicator_id",
                                             "target_year", "year", "value", "unit", "task_no", "task_id",
                                             "unit_zh", "agency_id", "role") if c):
            if col in row and not _missing(row[col]):
                parts.append(f"{col}={row[col]}")
        quote = row.get("quote_zh")
        if isinstance(quote, str):
            q = quote.replace("\n", "⏎")
            parts.append(f"quote 「{q[:40]}{'…' if len(q) > 40 else ''}」")
        file = self.file_of(row) if table in SPAN_TABLES else None
        if file:
            parts.append(f"file {file}")
        return " · ".join(parts)


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _column(df: pd.DataFrame, name: str) -> list:
    """The values of a column as a list (None for every row when the column is absent)."""
    return df[name].tolist() if name in df.columns else [None] * len(df)


def _check_raw_spans(tables, raw_texts: Mapping[str, str], rows: _Rows, table: str = "targets") -> Failure | None:
    """raw[char_start:char_end] == quote_zh for every row of `table` with a span (any of SPAN_TABLES)."""
    df = tables[table]
    bad = []
    columns = (df.index, df["document_id"].tolist(), *(_column(df, c) for c in ("char_start", "char_end", "quote_zh")))
    for idx, doc, start, end, quote in zip(*columns, strict=True):
        if _missing(start) and _missing(quote):
            continue
        raw = raw_texts.get(doc)
        if raw is None or _missing(start) or _missing(end) or raw[int(start):int(end)] != quote:
            bad.append(idx)
    if not bad:
        return None
    return Failure(table, "the quote is exactly the raw text at [char_start, char_end)",
                   "pre-check raw_span_equals_quote", [rows.describe(table, i) for i in bad], len(bad),
                   _SPAN_ADVICE.get(table, ""))


def _check_task_leads(tables, rows: _Rows) -> Failure | None:
    """Every task (document × task_no) of a task-division annex has at least one `lead` row."""
    resp = tables["responsibilities"]
    if resp.empty:
        return None
    is_lead = resp["role"].astype("object").eq("lead")
    n_leads = is_lead.groupby([resp["document_id"], resp["task_no"]], dropna=False).transform("sum")
    first = ~resp.duplicated(["document_id", "task_no"])
    bad = resp.index[(n_leads == 0) & first]
    if not len(bad):
        return None
    return Failure("responsibilities", "every task of every document has at least one lead unit",
                   "pre-check task_has_lead", [rows.describe("responsibilities", i) for i in bad], len(bad),
                   "a lead column was read as participants, or the annex reader lost the lead cell: "
                   "check compare.responsibilities on that document")


def _unit_by_spelling() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, spec in metadata.units().items():
        out.setdefault(name, name)
        for spelling in spec.get("spellings", []):
            out.setdefault(spelling, name)
    return out


def _check_reported_values(tables, rows: _Rows) -> Failure | None:
    """value == value_reported converted from unit_reported into the canonical unit (when both parse)."""
    targets = tables["targets"]
    if not {"value_reported", "unit_reported"} <= set(targets.columns):
        return None
    spellings = _unit_by_spelling()
    units = metadata.units()
    bad = []
    columns = (targets[c].tolist() for c in ("value_reported", "unit_reported", "unit", "value"))
    for idx, reported, spelled, unit, value in zip(targets.index, *columns, strict=True):
        if _missing(reported) or _missing(value) or unit not in units:
            continue
        try:
            number = float(str(reported).replace(",", ""))
        except ValueError:
            continue
        source = spellings.get("" if _missing(spelled) else str(spelled))
        if source is None or not metadata.convertible(source, unit):
            continue
        expected = metadata.convert(number, source, unit)
        if not math.isclose(float(value), expected, rel_tol=1e-6, abs_tol=1e-12):
            bad.append(idx)
    if not bad:
        return None
    return Failure("targets", "value equals value_reported converted from unit_reported to the canonical unit",
                   "pre-check value_matches_reported", [rows.describe("targets", i) for i in bad], len(bad),
                   "a unit was not converted (万 vs 亿?) or a review changed value without value_reported")


_REPORTED_IN_QUOTE_RULE = "value_reported appears in the quote (rule and review targets)"


def _normalised(text: str) -> str:
    """`text` for comparing numbers: NFKC (full-width digits, ％), thousands separators dropped, every
    run of blanks one space."""
    import unicodedata

    text = re.sub(r"(?<=[0-9])[,，](?=[0-9]{3})", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", " ", text)


def _reported_in(reported: str, quote: str) -> bool:
    """Whether the number `reported` is written in `quote` (not as part of a longer number)."""
    number = _normalised(reported).strip()
    if re.fullmatch(r"[+-]?[0-9]+(?:\.[0-9]+)?", number):
        return re.search(rf"(?<![0-9.]){re.escape(number.lstrip('+'))}(?![0-9]|\.[0-9])", _normalised(quote)) is not None
    return number in _normalised(quote)


def _check_reported_in_quote(tables, rows: _Rows) -> Failure | None:
    """For every target read from a document (method rule or review), value_reported is in quote_zh."""
    targets = tables["targets"]
    if not {"value_reported", "quote_zh", "method"} <= set(targets.columns):
        return None
    bad = []
    columns = (targets[c].tolist() for c in ("method", "value_reported", "quote_zh"))
    for idx, method, reported, quote in zip(targets.index, *columns, strict=True):
        if method not in ("rule", "review") or _missing(reported) or _missing(quote):
            continue
        if not _reported_in(str(reported), str(quote)):
            bad.append(idx)
    if not bad:
        return None
    return Failure("targets", _REPORTED_IN_QUOTE_RULE, "pre-check reported_value_in_quote",
                   [f"{rows.describe('targets', i)} · value_reported={targets.loc[i, 'value_reported']}" for i in bad],
                   len(bad), "value_reported must be the number as the quote writes it: fix the review's "
                   "`set: {value_reported: …}` or its quote; a published table edited by hand is rebuilt "
                   "with `python -m compare build --force`")


_SUITES_MATCH_RULE = "the generated parts of expectations/*.json equal what the metadata generates"


def _check_generated_suites() -> Failure | None:
    """The committed suites' metadata-derived expectations (meta.generated) are exactly those that
    `python -m compare suites` writes now: none edited, removed or added by hand."""
    bad = []
    for table in SUITES:
        path = suite_path(table)
        try:
            committed = [e for e in load_suite(table).get("expectations", []) if "generated" in e.get("meta", {})]
        except (ValueError, AttributeError, TypeError) as exc:
            bad.append(f"{path.name}: unreadable ({exc})")
            continue
        wanted = json.loads(json.dumps(generated_expectations(table)))
        key = lambda e: json.dumps(e, sort_keys=True, ensure_ascii=False)  # noqa: E731
        have, want = [key(e) for e in committed], [key(e) for e in wanted]
        if have == want:
            continue
        rules = {key(e): e.get("meta", {}).get("rule", e.get("type")) for e in [*committed, *wanted]}
        changed = [rules[k] for k in want if k not in have]
        extra = [rules[k] for k in have if k not in want]
        if changed:
            bad.append(f"{path.name}: {len(changed)} generated expectation(s) missing or edited: "
                       + "; ".join(changed[:3]) + (" …" if len(changed) > 3 else ""))
        if extra:
            bad.append(f"{path.name}: {len(extra)} generated expectation(s) not from the metadata: "
                       + "; ".join(extra[:3]) + (" …" if len(extra) > 3 else ""))
        if not changed and not extra:
            bad.append(f"{path.name}: generated expectations out of order or duplicated")
    if not bad:
        return None
    return Failure("expectations", _SUITES_MATCH_RULE, "pre-check generated_suites_match_metadata", bad, len(bad),
                   "a committed suite was edited by hand: revert the edit (`git checkout expectations/`), or, "
                   "if the metadata changed on purpose, run `make suites` (python -m compare suites)")


def _check_reference_sources(tables) -> Failure | None:
    """Every document a `reference` target cites has a source_url."""
    targets, docs = tables["targets"], tables["documents"]
    ref_docs = set(targets.loc[targets["method"] == "reference", "document_id"])
    url = dict(zip(docs["document_id"], docs["source_url"], strict=True))
    bad = sorted(d for d in ref_docs if d in url and _missing(url[d]))
    if not bad:
        return None
    return Failure("documents", "every document cited by a reference target has a source_url",
                   "pre-check reference_has_source_url", [f"documents: document_id={d}" for d in bad], len(bad),
                   "add the source_url to data/raw/reference_targets.csv")


def _counts(targets: pd.DataFrame) -> dict[str, int]:
    return targets["document_id"].value_counts().to_dict()


def _check_coverage(tables, reviews: Mapping[str, dict]) -> Failure | None:
    """Every registered document yields a target, or its review says `no_targets: <reason>`."""
    counts = _counts(tables["targets"])
    docs = tables["documents"]["document_id"]
    bad = [d for d in docs if counts.get(d, 0) == 0 and not (reviews.get(d) or {}).get("no_targets")]
    if not bad:
        return None
    return Failure("targets", "every registered document yields at least one target",
                   "pre-check document_has_targets",
                   [f"document_id={d} · 0 targets · file data/raw/reviews/{d}.yaml" for d in bad], len(bad),
                   "fix the extraction, or add `no_targets: <reason>` to the document's review file")


def _check_count_drop(tables, published_dir: Path | None, reviews: Mapping[str, dict]) -> Failure | None:
    """No document's target count falls against the last published build unless a review explains it."""
    previous = published_dir / "targets.parquet" if published_dir else None
    if previous is None or not previous.is_file():  # none yet, or not a file (a FIFO would block)
        return None
    try:
        before = _counts(pd.read_parquet(previous, columns=["document_id"]))
    except Exception:  # a damaged published table: nothing to compare with (`build --force` recovers)
        return None
    now = _counts(tables["targets"])
    bad = [
        f"document_id={d} · {n} → {now.get(d, 0)} targets · file data/raw/reviews/{d}.yaml"
        for d, n in sorted(before.items())
        if now.get(d, 0) < n and not (reviews.get(d) or {}).get("acknowledge_count_drop")
    ]
    if not bad:
        return None
    return Failure("targets", "no document's target count falls against the last published build",
                   "pre-check no_rows_silently_dropped", bad, len(bad),
                   "find the lost targets, or add `acknowledge_count_drop: <reason>` to the review file")


# --------------------------------------------------------------------------- running GX


def _suite_parameters(tables: Mapping[str, pd.DataFrame]) -> dict[str, list]:
    """Id lists other suites refer to as {"$PARAMETER": "<table>__<column>"}."""
    keys = {t: metadata.row_key(t) for t in metadata.referenced_tables()}
    return {f"{t}__{c}": sorted(map(str, tables[t][c].dropna().unique()))
            for t, c in keys.items() if t in tables and c in tables[t].columns}


def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for site in list(context.get_config().data_docs_sites or {}):  # never built: see the module docstring
        context.delete_data_docs_site(site)
    return context


def _gx_suite(table: str):
    """The committed suite as a GX ExpectationSuite; fails loudly if GX drops an expectation."""
    import great_expectations as gx

    spec = load_suite(table)
    suite = gx.ExpectationSuite(name=spec["name"], expectations=spec["expectations"], meta=spec.get("meta"))
    if len(suite.expectations) != len(spec["expectations"]):
        raise CompareError(f"{suite_path(table)}: GX rejected some expectations (see the log above); fix the suite")
    return suite


def _result_failure(table: str, result, rows: _Rows) -> Failure:
    config = result.expectation_config
    rule = (config.meta or {}).get("rule") or config.type
    info = result.exception_info or {}
    res = result.result or {}
    if info.get("raised_exception"):
        return Failure(table, rule, config.type, detail=f"could not run: {info.get('exception_message')}")
    index = res.get("unexpected_index_list")
    if index:
        described = [rows.describe(table, i) for i in index]
        return Failure(table, rule, config.type, described, len(index))
    detail = ""
    if "observed_value" in res:
        detail = f"observed: {res['observed_value']}"
    elif res.get("details"):
        detail = f"details: {res['details']}"
    elif res.get("partial_unexpected_list"):
        detail = f"unexpected values: {res['partial_unexpected_list'][:MAX_ROWS_SHOWN]}"
    return Failure(table, rule, config.type, detail=detail)


def _run_suites(tables: Mapping[str, pd.DataFrame], rows: _Rows):
    """Run every suite whose table is given; (number of expectations, failures, every check)."""
    import great_expectations as gx

    context = _context()
    source = context.data_sources.add_pandas("curated")
    parameters = _suite_parameters(tables)
    n, failures, checks = 0, [], []
    for table in SUITES:
        if table not in tables:
            continue
        batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("staged")
        suite = context.suites.add(_gx_suite(table))
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=table, data=batch, suite=suite))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = definition.run(
                batch_parameters={"dataframe": tables[table]},
                expectation_parameters=parameters,
                result_format={"result_format": "COMPLETE"},
            )
        n += len(result.results)
        for r in result.results:
            failure = None if r.success else _result_failure(table, r, rows)
            config = r.expectation_config
            checks.append((table, (config.meta or {}).get("rule") or config.type, config.type, failure))
            if failure is not None:
                failures.append(failure)
    return n, failures, checks


def write_validation_report(verdict: Verdict, docs_dir: Path, command: str = "build") -> Path:
    """reports/validation/index.html: every check of `verdict`, failing rows escaped, nothing fetched."""
    import datetime as dt

    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader("compare", "templates"), autoescape=True)
    sections: dict[str, dict] = {}
    for suite, rule, expectation, failure in verdict.checks:
        section = sections.setdefault(suite, {"name": suite, "checks": [], "failed": 0})
        shown = failure.rows[:MAX_ROWS_SHOWN] if failure else []
        section["checks"].append({"success": failure is None, "rule": rule, "expectation": expectation,
                                  "detail": failure.detail if failure else "", "rows": shown,
                                  "more": max(0, failure.n_rows - len(shown)) if failure else 0})
        section["failed"] += failure is not None
    page = env.get_template("validation.html").render(
        verdict_line=verdict.report().splitlines()[0].rstrip(":"), success=verdict.success,
        n_checks=verdict.n_checks, sections=list(sections.values()), command=command,
        when=dt.datetime.now().isoformat(timespec="seconds"))
    docs_dir.mkdir(parents=True, exist_ok=True)
    for old in _OLD_DATA_DOCS:
        shutil.rmtree(docs_dir / old, ignore_errors=True)
    index = docs_dir / "index.html"
    tmp = docs_dir / ".index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(index)
    return index


def _check_plausible(tables, rows: _Rows) -> Failure | None:
    """Every target's indicator is in the vocabulary, its value in the indicator's plausible range and
    its comparator one of the five (the row-level part of the targets suite, without Great Expectations)."""
    targets = tables["targets"]
    specs = metadata.indicator_specs()
    bad = []
    for idx, iid, value, comparator in zip(targets.index, _column(targets, "indicator_id"), _column(targets, "value"),
                                           _column(targets, "comparator"), strict=True):
        spec = specs.get(iid)
        if (spec is None or comparator not in {"<=", ">=", "=", "<", ">"}
                or (not _missing(value) and not spec["valid_min"] <= float(value) <= spec["valid_max"])):
            bad.append(idx)
    if not bad:
        return None
    return Failure("targets", "indicator in the vocabulary, value in its plausible range, a known comparator",
                   "check plausible_target", [rows.describe("targets", i) for i in bad], len(bad),
                   "see src/compare/metadata/indicators.yaml (valid_min, valid_max)")


def row_checks(tables: dict[str, pd.DataFrame], raw_texts: Mapping[str, str]) -> list[Failure]:
    """The checks of single target rows, without Great Expectations (`compare check`): the raw span, the
    reported value × unit, the reported value in the quote, the vocabulary and plausible ranges."""
    tables = {name: df.reset_index(drop=True) for name, df in tables.items()}
    rows = _Rows(tables)
    found = [_check_raw_spans(tables, raw_texts, rows), _check_reported_values(tables, rows),
             _check_reported_in_quote(tables, rows), _check_plausible(tables, rows)]
    return [f for f in found if f is not None]


def _check_keys_and_references(tables, rows: _Rows) -> Failure | None:
    """Every table's key is unique, and every target names a registered document, a known jurisdiction
    and indicator (the table-level part of the suites that a review edit can break)."""
    bad = []
    for table, key in _ROW_KEYS.items():
        if table in tables and key in tables[table].columns:
            dup = tables[table][key].duplicated(keep=False)
            bad += [rows.describe(table, i) for i in tables[table].index[dup]]
    targets = tables.get("targets")
    if targets is not None:
        for column, table in metadata.table_refs("targets").items():
            if table in tables:
                unknown = ~targets[column].isin(tables[table][metadata.row_key(table)])
                bad += [rows.describe("targets", i) for i in targets.index[unknown]]
    if not bad:
        return None
    return Failure("targets", "keys are unique and every target names a known document, jurisdiction and indicator",
                   "check keys_and_references", bad, len(bad))


def quick_check_tables(tables: dict[str, pd.DataFrame], raw_texts: dict[str, str], published_dir: Path | None,
                       reviews: dict[str, dict], *, data_docs: bool = True) -> Verdict:
    """The quick gate of a build whose only changed inputs are review files: every row check (raw spans
    of targets and annex rows, a lead for every task, reported value, value in quote, vocabulary, plausible range), keys and references, coverage, count
    drop and the generated suites — without Great Expectations (whose suites passed on the unchanged
    inputs at the last full gate; `compare build --force` and `compare validate` run it again)."""
    tables = {name: df.reset_index(drop=True) for name, df in tables.items()}
    rows = _Rows(tables)
    checks: list[tuple[str, str, str, Failure | None]] = [
        (t, "the quote is exactly the raw text at [char_start, char_end)", "pre-check raw_span_equals_quote",
         _check_raw_spans(tables, raw_texts, rows, t)) for t in SPAN_TABLES if t in tables]
    if "responsibilities" in tables:  # annex decisions can reject a task's lead
        checks.append(("responsibilities", "every task of every document has at least one lead unit",
                       "pre-check task_has_lead", _check_task_leads(tables, rows)))
    checks += [
        ("targets", "value equals value_reported converted from unit_reported to the canonical unit",
         "pre-check value_matches_reported", _check_reported_values(tables, rows)),
        ("targets", _REPORTED_IN_QUOTE_RULE, "pre-check reported_value_in_quote", _check_reported_in_quote(tables, rows)),
        ("targets", "indicator in the vocabulary, value in its plausible range, a known comparator",
         "check plausible_target", _check_plausible(tables, rows)),
        ("targets", "keys are unique and every target names a known document, jurisdiction and indicator",
         "check keys_and_references", _check_keys_and_references(tables, rows)),
        ("targets", "every registered document yields at least one target", "pre-check document_has_targets",
         _check_coverage(tables, reviews)),
        ("targets", "no document's target count falls against the last published build",
         "pre-check no_rows_silently_dropped", _check_count_drop(tables, published_dir, reviews)),
        ("expectations", _SUITES_MATCH_RULE, "pre-check generated_suites_match_metadata", _check_generated_suites()),
    ]
    verdict = Verdict(len(checks), [f for *_, f in checks if f is not None], None, checks)
    if data_docs:
        verdict.docs_index = write_validation_report(verdict, paths.REPORTS_DIR / DOCS_SUBDIR)
    return verdict


def check_tables(
    tables: dict[str, pd.DataFrame],
    raw_texts: dict[str, str],
    published_dir: Path | None,
    reviews: dict[str, dict],
    *,
    data_docs: bool = True,
) -> Verdict:
    """Validate staged tables: every GX suite plus the pre-checks; the HTML report to
    reports/validation/index.html (unless data_docs=False)."""
    tables = {name: df.reset_index(drop=True) for name, df in tables.items()}
    rows = _Rows(tables)
    n, failures, checks = _run_suites(tables, rows)
    pre: list[tuple[str, str, str, Failure | None]] = [
        (t, "the quote is exactly the raw text at [char_start, char_end)",
         "pre-check raw_span_equals_quote", _check_raw_spans(tables, raw_texts, rows, t))
        for t in SPAN_TABLES if t in tables]
    if "responsibilities" in tables:
        pre.append(("responsibilities", "every task of every document has at least one lead unit",
                    "pre-check task_has_lead", _check_task_leads(tables, rows)))
    if "targets" in tables:
        pre.append(("targets", "value equals value_reported converted from unit_reported to the canonical unit",
                    "pre-check value_matches_reported", _check_reported_values(tables, rows)))
        pre.append(("targets", _REPORTED_IN_QUOTE_RULE, "pre-check reported_value_in_quote",
                    _check_reported_in_quote(tables, rows)))
        if "documents" in tables:
            pre.append(("documents", "every document cited by a reference target has a source_url",
                        "pre-check reference_has_source_url", _check_reference_sources(tables)))
            pre.append(("targets", "every registered document yields at least one target",
                        "pre-check document_has_targets", _check_coverage(tables, reviews)))
        pre.append(("targets", "no document's target count falls against the last published build",
                    "pre-check no_rows_silently_dropped", _check_count_drop(tables, published_dir, reviews)))
    pre.append(("expectations", _SUITES_MATCH_RULE, "pre-check generated_suites_match_metadata",
                _check_generated_suites()))
    failures += [f for *_, f in pre if f is not None]
    verdict = Verdict(n + len(pre), failures, None, checks + pre)
    if data_docs:
        verdict.docs_index = write_validation_report(verdict, paths.REPORTS_DIR / DOCS_SUBDIR)
    return verdict


# --------------------------------------------------------------------------- published tables


def _raw_texts() -> dict[str, str]:
    """document_id → decoded raw text of every registered file (its sha256 checked first)."""
    from compare.registry import load_registry, read_registered

    return read_registered(load_registry())


def load_reviews(document_ids: Iterable[str]) -> dict[str, dict]:
    """document_id → parsed review file (data/raw/reviews/<document_id>.yaml; {} when none)."""
    from compare.review import load_review

    return {doc: load_review(doc) for doc in document_ids}


def validate_published() -> int:
    """Re-check data/curated/*.parquet against the suites and the raw files; print the verdict.

    Returns 0 when it passes, 4 when it does not (a changed raw file raises InputError, exit 2).
    """
    from compare.tables import load_all

    tables = load_all()
    docs = tables["documents"]
    verdict = check_tables(tables, _raw_texts(), None, load_reviews(docs["document_id"]))
    print(terminal(verdict.report()))
    return 0 if verdict.success else ValidationFailed.exit_code
