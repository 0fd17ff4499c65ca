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

    return run_build(validate=not args.no_validate)


class _TerminalOut:
    """sys.stdout for a terminal: document text written with its control characters shown as escapes."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(terminal(text))

    def flush(self) -> None:
        self.stream.flush()


def _extract(args: argparse.Namespace) -> int:
    from compare.extract import write_candidates

    # On a terminal, escape codes in a quote are shown, not obeyed; piped to a file, the data is unchanged.
    out = _TerminalOut(sys.stdout) if sys.stdout.isatty() else sys.stdout
    write_candidates(args.paths, fmt=args.format, out=out)
    return 0


def _add(args: argparse.Namespace) -> int:
    from compare.add import add_document

    result = add_document(
        args.path, args.jurisdiction, document_id=args.id, title=args.title, issuer=args.issuer,
        doc_number=args.doc_number, date=args.date, url=args.url, kind=args.kind,
        new_jurisdiction=args.new_jurisdiction, level=args.level, parent=args.parent, name_en=args.name_en,
    )
    print(terminal(result.message()))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from compare.validate import validate_published

    return validate_published()


def _suites(args: argparse.Namespace) -> int:
    from compare.validate import write_generated_suites

    write_generated_suites()
    return 0


def _docs(args: argparse.Namespace) -> int:
    from compare.docs import DATA_DICTIONARY, write_data_dictionary

    write_data_dictionary()
    print(f"wrote {DATA_DICTIONARY}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from compare.export import export_catalogue

    export_catalogue(
        out=Path(args.out), langs=args.lang.split(","), formats=args.format.split(","), charts=args.chart
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    from compare.report import build_site

    build_site(out=Path(args.out))
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
                   help="--jurisdiction names a jurisdiction to add to metadata/jurisdictions.yaml")
    a.add_argument("--level", help="with --new-jurisdiction: province, prefecture, district or county")
    a.add_argument("--parent", help="with --new-jurisdiction: the parent jurisdiction (id or name)")
    a.add_argument("--name-en", help="with --new-jurisdiction: English/pinyin name, used in its id")
    a.set_defaults(func=_add)

    v = sub.add_parser("validate", help="re-check the published tables in data/curated/")
    v.set_defaults(func=_validate)

    s = sub.add_parser("suites", help="regenerate the metadata-derived parts of expectations/*.json")
    s.set_defaults(func=_suites)

    d = sub.add_parser("docs", help="regenerate docs/data_dictionary.md from the metadata")
    d.set_defaults(func=_docs)

    x = sub.add_parser("export", help="write every chart (png/svg/pdf/html) and the data behind it")
    x.add_argument("--out", default="exports")
    x.add_argument("--lang", default="zh,en", help="zh, en or zh,en")
    x.add_argument("--format", default="png,svg,pdf,html")
    x.add_argument("--chart", nargs="*", default=None, help="only these charts (default: all)")
    x.set_defaults(func=_export)

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
