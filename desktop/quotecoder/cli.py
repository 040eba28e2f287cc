"""The ``quotecoder`` command. With no sub-command it opens the coding window."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from quotecoder import __version__
from quotecoder.core import DEFAULT_DB
from quotecoder.core.errors import StoreError

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
    # Sub-commands accept the global options after their name too.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=f"the database (default: ./{DEFAULT_DB})")
    common.add_argument("--coder", default=argparse.SUPPRESS, help="your coder name")
    common.add_argument("--model", default=argparse.SUPPRESS, help="a spaCy pipeline to use")

    imp = commands.add_parser("import", parents=[common], help="import articles (.txt, .csv, .tsv, .jsonl, .html, or folders)")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument(
        "--column",
        action="append",
        type=_column,
        default=[],
        metavar="NAME=FIELD",
        help="read CSV/JSONL column NAME as FIELD (text, title, outlet, date, url, author)",
    )
    imp.add_argument("--no-pretag", action="store_true", help="store the articles without pre-tagging")

    pre = commands.add_parser("pretag", parents=[common], help="pre-tag articles without a database and print the result")
    pre.add_argument("paths", nargs="+", metavar="PATH")
    pre.add_argument("--jsonl", action="store_true", help="write one JSON object per article (the default)")
    pre.add_argument("--processes", type=int, default=1, metavar="N", help="parse with N processes")
    pre.add_argument("--column", action="append", type=_column, default=[], metavar="NAME=FIELD")

    exp = commands.add_parser("export", parents=[common], help="export codes as CSV (long, wide, articles, codebook) or JSONL")
    exp.add_argument("--format", choices=("long", "wide", "articles", "codebook", "jsonl"), default="long")
    exp.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    exp.add_argument("--bom", action="store_true", help="start the CSV with a byte-order mark (for Excel)")
    exp.add_argument("--coders", type=_names, metavar="A,B", help="only these coders")

    agr = commands.add_parser("agreement", parents=[common], help="inter-coder agreement on quotes coded by 2+ coders")
    agr.add_argument("--variable", choices=("stance", "speaker"), default="stance")
    agr.add_argument("--coders", type=_names, metavar="A,B", help="only these coders")
    agr.add_argument("--seed", type=int, default=0, help="seed of the bootstrap interval")

    mer = commands.add_parser("merge", parents=[common], help="bring in another coder's labels and corrections")
    mer.add_argument("other", metavar="OTHER.db")

    ann = commands.add_parser("import-annotations", parents=[common], help="re-import a JSONL export (backup or transfer)")
    ann.add_argument("path", metavar="FILE.jsonl")

    cod = commands.add_parser("import-codes", parents=[common], help="read stance codes back from a long-format CSV")
    cod.add_argument("path", metavar="FILE.csv")

    smp = commands.add_parser("sample", parents=[common], help="draw a reliability sample, stratified by outlet")
    size = smp.add_mutually_exclusive_group(required=True)
    size.add_argument("--articles", type=int, metavar="N", help="this many articles")
    size.add_argument("--percent", type=float, metavar="P", help="this percentage of the articles")
    smp.add_argument("--seed", type=int, default=0)

    adj = commands.add_parser("adjudicate", parents=[common], help="list disagreements, or set a quote's final stance")
    adj.add_argument("quote_id", nargs="?", type=int)
    adj.add_argument("stance", nargs="?")
    adj.add_argument("--note", default="")
    return parser


def _names(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected coder names separated by commas")
    return names


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "import":
            return _import(args)
        if args.command == "pretag":
            return _pretag(args)
        if args.command in STUDY_COMMANDS:
            from pathlib import Path

            from quotecoder.core.workspace import open_store

            if args.command != "import-annotations" and not Path(args.db).is_file():
                raise ValueError(f"There is no database {args.db}. Name one with --db FILE.")
            with open_store(args.db) as store:
                return STUDY_COMMANDS[args.command](store, args)
        from quotecoder.gui.app import run

        return run(db=args.db, coder=args.coder, model=args.model)
    except StoreError as exc:
        print(f"quotecoder: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"quotecoder: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("quotecoder: interrupted.", file=sys.stderr)
        return 130


def _import(args: argparse.Namespace) -> int:
    from quotecoder.core.importing import import_paths
    from quotecoder.core.pretag import Pretagger
    from quotecoder.core.workspace import open_store

    pretagger = None if args.no_pretag else Pretagger(model=args.model)
    with open_store(args.db) as store, _TerminalProgress() as progress:
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


def _export(store, args) -> int:
    from quotecoder.core.export import export

    count = export(store, args.format, args.out, bom=args.bom, coders=args.coders)
    print(f"Wrote {count} {'record' if args.format == 'jsonl' else 'row'}(s) to {args.out}.")
    return 0


def _agreement(store, args) -> int:
    from quotecoder.core.agreement import agreement

    units = store.speaker_units(args.coders) if args.variable == "speaker" else store.stance_units(args.coders)
    report = agreement(units, coders=args.coders, variable=args.variable, seed=args.seed)
    print(report.summary())
    if len(report.coders) >= 2:
        print("Quote boundaries (share of each coder's quotes the other also coded):")
        for (a, b), share in sorted(store.boundary_agreement(report.coders).items()):
            print(f"  {a} → {b}: {100 * share:.1f}%")
    return 0


def _merge(store, args) -> int:
    from quotecoder.core.transfer import merge_database

    print(merge_database(store, args.other).summary())
    return 0


def _import_annotations(store, args) -> int:
    from quotecoder.core.transfer import import_annotation_records, read_annotation_jsonl

    print(import_annotation_records(store, read_annotation_jsonl(args.path), origin=args.path).summary())
    return 0


def _import_codes(store, args) -> int:
    from quotecoder.core.transfer import import_codes

    report = import_codes(store, args.path)
    print(report.summary())
    return 1 if report.problems else 0


def _sample(store, args) -> int:
    fraction = None if args.percent is None else args.percent / 100
    chosen = store.draw_reliability_sample(size=args.articles, fraction=fraction, seed=args.seed)
    print(f"Marked {len(chosen)} article(s) for double coding (seed {args.seed}): {', '.join(map(str, chosen))}")
    return 0


def _adjudicate(store, args) -> int:
    if args.quote_id is None:
        pending = store.disagreements()
        for d in pending:
            labels = ", ".join(f"{c}: {v}" for c, v in sorted(d.labels.items()))
            final = f"  → {d.adjudicated}" if d.adjudicated else ""
            print(f"quote {d.quote_id} ({d.article_title}): “{d.text[:70]}” [{labels}]{final}")
        print(f"{len(pending)} disagreement(s), {sum(d.adjudicated is None for d in pending)} undecided.")
        return 0
    if not args.stance or not args.coder:
        raise ValueError("Give the quote id, the stance and --coder NAME (the adjudicator).")
    keys = [lab.key for lab in store.codebook().labels]
    if args.stance not in keys:
        raise ValueError(f"“{args.stance}” is not a label of the codebook ({', '.join(keys)}).")
    if not store.has_quote(args.quote_id):
        raise ValueError(f"There is no quote {args.quote_id}.")
    store.adjudicate(args.quote_id, args.stance, args.coder, args.note)
    print(f"Quote {args.quote_id}: adjudicated as {args.stance} by {args.coder}.")
    return 0


STUDY_COMMANDS = {
    "export": _export,
    "agreement": _agreement,
    "merge": _merge,
    "import-annotations": _import_annotations,
    "import-codes": _import_codes,
    "sample": _sample,
    "adjudicate": _adjudicate,
}


class _TerminalProgress:
    """A progress bar on stderr (shown on a terminal only)."""

    def __init__(self) -> None:
        from tqdm import tqdm

        from quotecoder.core.progress import Progress

        self._bar = tqdm(unit="file", file=sys.stderr, disable=None)
        self.state = Progress(on_change=self._update)

    def _update(self, state) -> None:
        self._bar.total = state.total or None
        self._bar.n = state.done
        self._bar.set_description_str(state.message[:40], refresh=False)
        self._bar.refresh()

    def __enter__(self) -> _TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.close()
