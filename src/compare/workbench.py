"""`compare review DOCUMENT_ID`: the review workbench.

One offline, self-contained HTML page (inline CSS and JS, no external URL) that shows a registered
document's raw text with every candidate highlighted by its review state, the candidates with their
fields, and numbers no indicator claimed. A reviewer confirms, rejects (a reason is required),
corrects, or adds a target by selecting text: the quote and its offsets are computed from the
selection, in characters (code points) of the decoded raw text — the offsets every table uses. The page
shows the review YAML live and downloads it; with `--serve` a local server (127.0.0.1 only) writes it
straight to data/raw/reviews/<document_id>.yaml after checking it as the build would.

Document text reaches the page only as JSON (with <, >, & escaped) that the page's script puts into
text nodes, so no document text is ever parsed as HTML.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import sys
import tempfile
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from compare import metadata, paths
from compare.errors import InputError, ReviewError
from compare.extract.unlisted import for_review
from compare.review import (
    COMPARATORS,
    CORRECTABLE,
    _added,
    apply_annex_review,
    apply_review,
    match_candidate,
    parse_review,
    review_path,
)

#: Largest review the server accepts in one request.
MAX_SAVE_BYTES = 5 * 1024 * 1024
#: Header a save request must carry: a cross-site form cannot set it, a script elsewhere would need CORS.
SAVE_HEADER = "X-Compare-Review"
DEFAULT_PORT = 8765
FIELD_ORDER = ("indicator_id", "target_year", "comparator", "value_reported", "unit_reported", "value", "unit",
               "baseline_year", "scope", "attribute", "qualifier", "note", "rule")


@dataclasses.dataclass
class Document:
    """A registered document as the workbench needs it: its raw text, the extractor's target candidates
    (what a review decides on), its outcome candidates and the numbers no rule accounted for."""

    document_id: str
    title: str
    raw: str
    candidates: list
    outcomes: list = dataclasses.field(default_factory=list)
    unlisted: list = dataclasses.field(default_factory=list)  # targets of indicators the vocabulary lacks
    unclassified: list = dataclasses.field(default_factory=list)  # [char_start, char_end] in raw (and unlisted)

    @property
    def review_file(self) -> Path:
        return review_path(self.document_id)


def read_document(document_id: str, title: str, raw: str, date_issued: str | None = None) -> Document:
    """Run the extractor on `raw` as the build does (same date of issue) and split what it found."""
    from compare.extract import extract_document
    from compare.extract.numbers import number_rows

    model = extract_document(raw, document_id, date_issued)
    return Document(
        document_id, title, raw,
        candidates=[c for c in model.candidates if c.kind == "target"],
        outcomes=[c for c in model.candidates if c.kind == "outcome"],
        unlisted=[c for c in model.candidates if c.kind == "unlisted"],
        # numbers no indicator claimed (an unlisted one has a reading, but no indicator to be a target of)
        unclassified=[[r.char_start, r.char_end] for r in number_rows(model) if r.state in ("unclassified", "unlisted")],
    )


def load_document(document_id: str) -> Document:
    """The registered document `document_id` (sha256 checked), read by the extractor."""
    from compare.registry import load_registry, read_registered

    registry = load_registry()
    rows = registry[registry["document_id"] == document_id]
    if rows.empty:
        close = difflib.get_close_matches(document_id, registry["document_id"].tolist(), n=3, cutoff=0.6)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        raise InputError(f"{document_id!r} is not a registered document id (data/raw/documents.csv){hint}")
    if rows["path"].isna().all():
        raise InputError(f"{document_id}: registered without a raw text file (a news report?) — nothing to review")
    raw = read_registered(rows)[document_id]
    row = rows.iloc[0]
    title = row["title_zh"] if isinstance(row["title_zh"], str) else document_id
    date = row["date_issued"] if isinstance(row["date_issued"], str) and row["date_issued"] else None
    return read_document(document_id, title, raw, date)


def page_data(doc: Document, review: dict, *, serve: bool = False) -> dict:
    """Everything the page's script needs, as plain JSON-able data."""
    path = doc.review_file
    candidates = []
    for i, c in enumerate(doc.candidates):
        fields = dataclasses.asdict(c)
        candidates.append({"i": i, "fields": {k: v for k, v in fields.items()
                                              if k not in ("document", "quote", "char_start", "char_end")},
                           "quote": c.quote, "char_start": c.char_start, "char_end": c.char_end,
                           "decision": None})
    added, stale = [], []
    for n, d in enumerate(review.get("decisions") or [], 1):
        where = f"{path} decision #{n}"
        try:
            if d["action"] == "add":
                c = _added(d, doc.raw, doc.document_id, where)
                added.append({**d, "char_start": c.char_start, "char_end": c.char_end})
            else:
                c = match_candidate(doc.candidates, d, where)
                entry = candidates[next(k for k, x in enumerate(doc.candidates) if x is c)]
                entry["decision"] = {k: d[k] for k in ("action", "reason", "set") if k in d}
        except ReviewError as exc:
            stale.append({"decision": d, "problem": str(exc)})
    specs = metadata.indicator_specs()
    return {
        "document_id": doc.document_id,
        "title": doc.title,
        "review_file": f"data/raw/reviews/{path.name}",
        "raw": doc.raw,
        "candidates": candidates,
        "added": added,
        "stale": stale,
        "top": {k: review[k] for k in ("confirm", "partial", "no_targets", "acknowledge_count_drop") if k in review},
        # The task-division annex's decisions: not edited here, written back as they are.
        "annex": {k: review[k] for k in ("annex_confirm", "annex_decisions") if review.get(k)},
        "outcomes": [{"fields": {k: v for k, v in dataclasses.asdict(c).items()
                                 if k not in ("document", "quote", "char_start", "char_end")},
                      "quote": c.quote, "char_start": c.char_start, "char_end": c.char_end} for c in doc.outcomes],
        # what the text aims at under names the vocabulary lacks, with the closest indicators as a hint
        "unlisted": [for_review(c) for c in doc.unlisted],
        "free_numbers": doc.unclassified,
        "indicators": [{"id": iid, "zh": s.get("name_zh", ""), "en": s.get("name_en", ""), "unit": s.get("unit", "")}
                       for iid, s in specs.items()],
        "comparators": sorted(COMPARATORS),
        "correctable": [f for f in FIELD_ORDER if f in CORRECTABLE],
        "field_order": list(FIELD_ORDER),
        "serve": serve,
        "save_header": SAVE_HEADER,
    }


def _script_json(data: dict) -> Markup:
    """`data` as JSON that is safe inside <script type="application/json"> (no <, >, & left)."""
    text = json.dumps(data, ensure_ascii=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)  # noqa: S704 — escaped above; read with JSON.parse, never as HTML


def render(data: dict) -> str:
    """The workbench page for `data` (see page_data)."""
    env = Environment(loader=PackageLoader("compare", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("workbench.html").render(data=data, data_json=_script_json(data))


def workbench_html(document_id: str, *, serve: bool = False) -> str:
    """The page for one registered document, with its current review file applied."""
    from compare.review import load_review

    doc = load_document(document_id)
    return render(page_data(doc, load_review(document_id), serve=serve))


def default_out(document_id: str) -> Path:
    return paths.REPORTS_DIR / "review" / f"{document_id}.html"


def write_workbench(document_id: str, out: Path | None = None) -> Path:
    """Write the offline workbench page of `document_id` (default reports/review/<id>.html)."""
    html = workbench_html(document_id)
    path = out or default_out(document_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def save_review(document_id: str, text: str, doc: Document | None = None) -> Path:
    """Check `text` as the build would (strict file, every candidate decided or `partial:`) and write
    it to data/raw/reviews/<document_id>.yaml, atomically. ReviewError when it would not build."""
    doc = doc or load_document(document_id)
    path = review_path(document_id)
    folder = paths.REVIEWS_DIR.resolve()
    if path.resolve().parent != folder:
        raise ReviewError(f"{path}: reviews are written only inside {folder}")
    data = parse_review(text, path, document_id)
    apply_review(doc.candidates, data, doc.raw, document_id, path)
    if data.get("annex_decisions"):  # kept from the file: they must still fit the annex
        from compare.responsibilities import extract_annex

        try:
            annex = extract_annex(document_id, doc.raw)
        except InputError as exc:
            raise ReviewError(f"{path}: the task-division annex cannot be read, so its decisions cannot be "
                              f"checked: {exc}") from exc
        apply_annex_review(annex, data, doc.raw, document_id, path)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{document_id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def make_server(document_id: str, port: int = DEFAULT_PORT) -> ThreadingHTTPServer:
    """A server on 127.0.0.1:`port` (0: any free port) that serves the workbench of `document_id` and
    writes its review — that file and no other."""
    doc = load_document(document_id)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt: str, *args) -> None:  # quiet: the CLI prints what matters
            return

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, payload: dict) -> None:
            self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json")

        def _local_host(self) -> bool:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            return host in ("127.0.0.1", "localhost")

        def do_GET(self) -> None:  # noqa: N802 — http.server's naming
            if not self._local_host():
                return self._json(HTTPStatus.FORBIDDEN, {"error": "only http://127.0.0.1 is served"})
            if self.path.split("?")[0] not in ("/", "/index.html"):
                return self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            from compare.review import load_review

            try:
                html = render(page_data(doc, load_review(document_id), serve=True))
            except ReviewError as exc:
                return self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(exc)})
            self._send(HTTPStatus.OK, html.encode("utf-8"), "text/html; charset=utf-8")

        def do_POST(self) -> None:  # noqa: N802
            if self.path != "/save":
                return self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            if not self._local_host() or self.headers.get(SAVE_HEADER) != "1":
                return self._json(HTTPStatus.FORBIDDEN, {"error": "save requests come from the workbench page only"})
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_SAVE_BYTES:
                return self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "empty or too large"})
            try:
                body = json.loads(self.rfile.read(length).decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                return self._json(HTTPStatus.BAD_REQUEST, {"error": "expected JSON {document_id, yaml}"})
            if not isinstance(body, dict) or body.get("document_id") != document_id or not isinstance(body.get("yaml"), str):
                return self._json(HTTPStatus.FORBIDDEN, {
                    "error": f"this server writes only data/raw/reviews/{document_id}.yaml"})
            try:
                path = save_review(document_id, body["yaml"], doc)
            except ReviewError as exc:
                return self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(exc)})
            return self._json(HTTPStatus.OK, {"saved": f"data/raw/reviews/{path.name}"})

    try:
        return ThreadingHTTPServer(("127.0.0.1", port), Handler)
    except OSError as exc:
        raise InputError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}) — another program uses the port? "
                         "Choose one with --port N (0: any free port)") from exc


def serve(document_id: str, port: int = DEFAULT_PORT) -> int:
    """Run the workbench server until Ctrl-C."""
    server = make_server(document_id, port)
    host, real_port = server.server_address[:2]
    print(f"review workbench of {document_id}: http://{host}:{real_port}/  (saves to "
          f"{review_path(document_id)}; Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0
