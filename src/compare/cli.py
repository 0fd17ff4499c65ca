"""`python -m compare …`: thin argument parsing that calls one stage per sub-command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compare.errors import CompareError
from compare.escape import terminal


def _build(args: argparse.Namespace) -> int:
    from compare.stamp import up_to_date

    if not args.force and up_to_date(validate=not args.no_validate):
        print("data/curated/ is up to date: nothing it is built from has changed since the last build "
              "(use --force to rebuild anyway)")
        return 0
    from compare.build import run_build
    from compare.stamp import changed_inputs

    changed = None if args.force or args.no_validate else changed_inputs()
    quick = bool(changed) and all(name.startswith("raw/reviews/") for name in changed)
    return run_build(validate=not args.no_validate, quick_gate=quick)


class _TerminalOut:
    """sys.stdout for a terminal: document text written with its control characters shown as escapes."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(terminal(text))

    def flush(self) -> None:
        self.stream.flush()


def _extract(args: argparse.Namespace) -> int:
    from compare.extract import write_candidates, write_numbers, write_unlisted

    # On a terminal, escape codes in a quote are shown, not obeyed; piped to a file, the data is unchanged.
    out = _TerminalOut(sys.stdout) if sys.stdout.isatty() else sys.stdout
    if args.all_numbers:
        write_numbers(args.paths, out=out, date_issued=args.date)
    elif args.unlisted:
        write_unlisted(args.paths, out=out, date_issued=args.date)
    else:
        write_candidates(args.paths, fmt=args.format, out=out, date_issued=args.date)
    return 0


def _add(args: argparse.Namespace) -> int:
    from compare.add import add_document

    result = add_document(
        args.path, args.jurisdiction, document_id=args.id, title=args.title, issuer=args.issuer,
        doc_number=args.doc_number, date=args.date, url=args.url, kind=args.kind,
        new_jurisdiction=args.new_jurisdiction, level=args.level, parent=args.parent, name_en=args.name_en,
        division_code=args.division_code,
    )
    print(terminal(result.message()))
    return 0


def _check(args: argparse.Namespace) -> int:
    from compare.check import check_document

    result = check_document(args.document_id)
    print(result.report())
    return 0 if result.ok else 4


def _validate(args: argparse.Namespace) -> int:
    from compare.validate import validate_published

    return validate_published()


def _suites(args: argparse.Namespace) -> int:
    from compare.validate import write_generated_suites

    write_generated_suites()
    return 0


def _docs(args: argparse.Namespace) -> int:
    from compare.docs import data_dictionary, data_dictionary_path, write_data_dictionary

    if args.check:
        path = data_dictionary_path()
        if not path.is_file() or path.read_text(encoding="utf-8") != data_dictionary():
            print(f"{path} is out of date with the metadata: run `python -m compare docs` (or `make refresh`)",
                  file=sys.stderr)
            return 1
        print(f"{path} is up to date")
        return 0
    print(f"wrote {write_data_dictionary()}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from compare.export import export_catalogue

    export_catalogue(
        out=Path(args.out), langs=args.lang.split(","), formats=args.format.split(","), charts=args.chart,
        preset=args.preset, html=args.html,
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    from compare.report import build_site

    build_site(out=Path(args.out))
    return 0


def _brief(args: argparse.Namespace) -> int:
    from compare.brief import default_out, write_brief

    out = Path(args.out) if args.out else default_out(args.jurisdiction, args.indicator, args.lang)
    path = write_brief(out, jurisdiction=args.jurisdiction, indicator=args.indicator, lang=args.lang,
                       with_charts=not args.no_charts)
    print(f"wrote {terminal(path)}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from compare import workbench

    if args.serve:
        return workbench.serve(args.document_id, port=args.port)
    path = workbench.write_workbench(args.document_id, Path(args.out) if args.out else None)
    print(f"wrote {path} — open it in a browser; it works offline (Download saves the review YAML)")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="compare",
        description="Water-saving targets of Chinese cities: build, validate, compare, export. "
        "节水目标：构建、校验、比较、导出。",
    )
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="raw documents → curated Parquet tables (validated, swapped in atomically)")
    b.add_argument("--no-validate", action="store_true", help="skip the Great Expectations gate (not for publishing)")
    b.add_argument("--force", action="store_true", help="rebuild even when no input changed")
    b.set_defaults(func=_build)

    e = sub.add_parser("extract", help="print the extractor's candidates for any text file (before review)")
    e.add_argument("paths", nargs="+", type=Path, help="text files (UTF-8, UTF-8-BOM or GB18030)")
    e.add_argument("--format", choices=["csv", "json"], default="csv")
    e.add_argument("--date", help="the document's date of issue (YYYY-MM-DD): resolves 今年/明年/未来三年; "
                   "without it such targets keep no year")
    what = e.add_mutually_exclusive_group()
    what.add_argument("--unlisted", action="store_true",
                      help="list the names of targets no indicator of the vocabulary names (kind `unlisted`), "
                      "most frequent first, with the closest indicators: what to add to indicators.yaml")
    what.add_argument("--all-numbers", action="store_true",
                      help="list every number of the text with its state (target, outcome, unlisted: a target of "
                      "an indicator not in the vocabulary, dismissed by a named pattern, unclassified) instead of "
                      "the candidates")
    e.set_defaults(func=_extract)

    a = sub.add_parser("add", help="register a new plan (.txt/.docx/.pdf/.html): copy, convert, extract, draft a review")
    a.add_argument("path", help="the document file")
    a.add_argument("--jurisdiction", required=True, help="id, Chinese name or alias (运城市, cn.shanxi.yuncheng)")
    a.add_argument("--id", help="document id (lower-case slug); default: <place>_<file name>")
    a.add_argument("--title", help="title in Chinese (default: the first line of the text)")
    a.add_argument("--issuer", help="issuing body (发文机关)")
    a.add_argument("--doc-number", help="document number (文号), e.g. 运政发〔2020〕30号")
    a.add_argument("--date", help="date of issue, YYYY-MM-DD")
    a.add_argument("--url", help="where the document was published")
    a.add_argument("--kind", default="official text", help="'official text' (default) or 'news report'")
    a.add_argument("--new-jurisdiction", action="store_true",
                   help="--jurisdiction names a jurisdiction to add to data/reference/jurisdictions.yaml")
    a.add_argument("--level", help="with --new-jurisdiction: province, prefecture, district or county")
    a.add_argument("--parent", help="with --new-jurisdiction: the parent jurisdiction (id or name)")
    a.add_argument("--name-en", help="with --new-jurisdiction: English/pinyin name, used in its id")
    a.add_argument("--division-code", help="with --new-jurisdiction: its 6-digit administrative division code "
                   "(行政区划代码, e.g. 140522)")
    a.set_defaults(func=_add)

    k = sub.add_parser("check", help="one document's review applied and its rows checked (fast; publishes nothing)")
    k.add_argument("document_id", help="a registered document id (data/raw/documents.csv)")
    k.set_defaults(func=_check)

    v = sub.add_parser("validate", help="re-check the published tables in data/curated/")
    v.set_defaults(func=_validate)

    s = sub.add_parser("suites", help="regenerate the metadata-derived parts of expectations/*.json")
    s.set_defaults(func=_suites)

    d = sub.add_parser("docs", help="regenerate docs/data_dictionary.md from the metadata")
    d.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is out of date")
    d.set_defaults(func=_docs)

    x = sub.add_parser("export", help="write every chart (png/svg/pdf/html) and the data behind it")
    x.add_argument("--out", default="exports")
    x.add_argument("--lang", default="zh,en", help="zh, en or zh,en")
    x.add_argument("--format", default="png,svg,pdf,html")
    x.add_argument("--chart", nargs="*", default=None, help="only these charts (default: all)")
    x.add_argument("--preset", choices=["briefing", "slide", "web"], default=None,
                   help="size of PNG/SVG/PDF: briefing (16 cm at 300 dpi, text ≥ 9 pt; default for PNG and PDF), "
                   "slide (16:9, 1920×1080) or web (screen size; default for SVG)")
    x.add_argument("--html", choices=["standalone", "inline", "shared"], default="standalone",
                   help="how HTML charts carry plotly.js: standalone (compressed inside each file, works sent "
                   "alone; default), inline (uncompressed, for old browsers) or shared (one plotly.min.js beside them)")
    x.set_defaults(func=_export)

    br = sub.add_parser(
        "brief", help="write a Word briefing pack (.docx) about one place or one indicator",
        description="A Word document a policy officer can edit and send: key targets, the same-year comparison "
        "with every level above, the charts at briefing size, every target with its quote, document title and "
        "文号, the sources, methods and caveats. Exit status: 0 written; 2 unknown place or indicator (the "
        "message names the argument and lists close matches), no targets for it, or a bad --lang; 5 the charts "
        "cannot be exported (no Chromium or CJK font: install them, or use --no-charts); 7 the file cannot be written.")
    what = br.add_mutually_exclusive_group(required=True)
    what.add_argument("--jurisdiction", help="a place: id, Chinese or English name, alias, or the name without "
                      "市/县/区/省 (运城, 运城市, cn.shanxi.yuncheng)")
    what.add_argument("--indicator", help="an indicator across places: id or name (total_water_use_cap, 用水总量)")
    br.add_argument("--lang", choices=["zh", "en"], default="zh", help="the document's language (one per document)")
    br.add_argument("--out", help="the .docx to write (default reports/brief/<subject>.<lang>.docx)")
    br.add_argument("--no-charts", action="store_true", help="leave the charts out (no Chromium needed)")
    br.set_defaults(func=_brief)

    w = sub.add_parser("review", help="write the review workbench of one document (an offline page), or --serve it")
    w.add_argument("document_id", help="a registered document id (data/raw/documents.csv)")
    w.add_argument("--out", help="where to write the page (default reports/review/<document_id>.html)")
    w.add_argument("--serve", action="store_true",
                   help="serve the page on 127.0.0.1 and save straight to data/raw/reviews/<document_id>.yaml")
    w.add_argument("--port", type=int, default=8765, help="with --serve: the port (0: any free port)")
    w.set_defaults(func=_review)

    r = sub.add_parser("report", help="write the static offline report site")
    r.add_argument("--out", default="reports/site")
    r.set_defaults(func=_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except CompareError as exc:
        print(f"error: {terminal(exc)}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # disk full, permission denied … on a path the command writes or reads
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {terminal(where)}{exc.strerror or exc} — check free space and permissions"
              , file=sys.stderr)
        return 7
    except KeyboardInterrupt as exc:
        print(exc.args[0] if exc.args else "interrupted: published data left untouched", file=sys.stderr)
        return 130
