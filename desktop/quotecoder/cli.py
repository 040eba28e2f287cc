"""The ``quotecoder`` command. With no sub-command it opens the coding window."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from quotecoder import __version__
from quotecoder.core.store import StoreError
from quotecoder.core.workspace import DEFAULT_DB

FIELDS = ("text", "title", "outlet", "date", "url", "author")


def _column(value: str) -> tuple[str, str]:
    name, sep, target = value.partition("=")
    if not sep or not name.strip() or target.strip().lower() not in FIELDS:
        raise argparse.ArgumentTypeError(
            f"expected NAME=FIELD with FIELD one of {', '.join(FIELDS)}, got {value!r}"
        )
    return name.strip(), target.strip().lower()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotecoder",
        description="Code quoted sources in news articles. Without a command, opens the coding window.",
    )
    parser.add_argument("--version", action="version", version=f"QuoteCoder {__version__}")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"the database (default: ./{DEFAULT_DB})")
    parser.add_argument("--coder", help="your coder name (skips the question at start-up)")
    parser.add_argument("--model", help="a spaCy pipeline to use instead of the best installed one")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = commands.add_parser("import", help="import articles (.txt, .csv, .tsv, .jsonl, .html, or folders)")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--db", default=argparse.SUPPRESS, help="the database (default: ./annotations.db)")
    imp.add_argument(
        "--column",
        action="append",
        type=_column,
        default=[],
        metavar="NAME=FIELD",
        help="read CSV/JSONL column NAME as FIELD (text, title, outlet, date, url, author)",
    )
    imp.add_argument("--no-pretag", action="store_true", help="store the articles without pre-tagging")

    pre = commands.add_parser("pretag", help="pre-tag articles without a database and print the result")
    pre.add_argument("paths", nargs="+", metavar="PATH")
    pre.add_argument("--jsonl", action="store_true", help="write one JSON object per article (the default)")
    pre.add_argument("--processes", type=int, default=1, metavar="N", help="parse with N processes")
    pre.add_argument("--column", action="append", type=_column, default=[], metavar="NAME=FIELD")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "import":
            return _import(args)
        if args.command == "pretag":
            return _pretag(args)
        from quotecoder.gui.app import run

        return run(db=args.db, coder=args.coder, model=args.model)
    except StoreError as exc:
        print(f"quotecoder: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("quotecoder: interrupted.", file=sys.stderr)
        return 130


def _import(args: argparse.Namespace) -> int:
    from quotecoder.core.importing import count_files, import_paths
    from quotecoder.core.pretag import Pretagger
    from quotecoder.core.workspace import open_store

    pretagger = None if args.no_pretag else Pretagger(model=args.model)
    with open_store(args.db) as store, _TerminalProgress(count_files(args.paths)) as progress:
        report = import_paths(store, args.paths, pretagger, dict(args.column), progress.state)
    print(report.summary())
    if not report.imported and report.duplicates and not report.problems:
        print("Nothing new to import.")
    return 0 if report.ok else 1


def _pretag(args: argparse.Namespace) -> int:
    from quotecoder.core.importers import ImportProblem, read_articles
    from quotecoder.core.pretag import Pretagger
    from quotecoder.core.pretag.records import to_record

    articles, failed = [], 0
    for item in read_articles(args.paths, dict(args.column)):
        if isinstance(item, ImportProblem):
            print(f"quotecoder: {item}", file=sys.stderr)
            failed += 1
        else:
            articles.append(item)
    pretagger = Pretagger(model=args.model)
    annotations = pretagger.annotate((a.text for a in articles), n_process=max(1, args.processes))
    out = sys.stdout
    for article, annotation in zip(articles, annotations):
        record = to_record(article.source, article.text, annotation)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return 1 if failed else 0


class _TerminalProgress:
    """A progress bar on stderr (shown on a terminal only)."""

    def __init__(self, total: int) -> None:
        from tqdm import tqdm

        from quotecoder.core.progress import Progress

        self._bar = tqdm(total=total or None, unit="article", file=sys.stderr, disable=None)
        self.state = Progress(on_change=self._update)

    def _update(self, state) -> None:
        self._bar.n = state.done
        self._bar.set_description_str(state.message[:40], refresh=False)
        self._bar.refresh()

    def __enter__(self) -> _TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.close()
