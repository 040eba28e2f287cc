"""The ``quotecoder`` command. With no sub-command it opens the coding window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from quotecoder import __version__
from quotecoder.core import DEFAULT_DB
from quotecoder.core.errors import StoreError
from quotecoder.core.nlp import ModelNotFound

FIELDS = ("text", "title", "outlet", "date", "url", "author")


def _column(value: str) -> tuple[str, str]:
    name, sep, target = value.partition("=")
    if not sep or not name.strip() or target.strip().lower() not in FIELDS:
        raise argparse.ArgumentTypeError(
            f"expected NAME=FIELD with FIELD one of {', '.join(FIELDS)}, got {value!r}"
        )
    return name.strip(), target.strip().lower()


def _encoding(value: str) -> str:
    from quotecoder.core.importers.decode import check_encoding

    try:
        return check_encoding(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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

    imp = commands.add_parser(
        "import", parents=[common],
        help="import articles (.txt, .csv, .tsv, .jsonl, .html; LexisNexis, Nexis Uni and Factiva "
             "exports: .txt, .docx, .rtf, .html, .xml, .zip; or folders)")
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
    imp.add_argument("--encoding", type=_encoding, metavar="NAME",
                     help="read text, HTML, CSV and JSON files in this encoding (e.g. cp1252, latin-1) "
                          "instead of detecting it")

    pre = commands.add_parser(
        "pretag", parents=[common],
        help="pre-tag articles without a database: print JSONL, or write resumable shards with --out")
    pre.add_argument("paths", nargs="+", metavar="PATH")
    pre.add_argument("--jsonl", action="store_true", help="write one JSON object per article (the default)")
    pre.add_argument("--processes", type=int, default=1, metavar="N", help="pre-tag with N processes on this computer")
    pre.add_argument("--column", action="append", type=_column, default=[], metavar="NAME=FIELD")
    pre.add_argument("--out", metavar="DIR", help="write JSONL shards and a manifest into DIR; run again to resume")
    pre.add_argument("--scheduler", metavar="ADDRESS",
                     help='run on a Dask cluster: tcp://HOST:8786, or local:N for N worker processes here '
                          '(needs pip install "quotecoder[cluster]")')
    pre.add_argument("--shard-size", type=_positive, metavar="N", help="articles per shard (default 1000)")

    exp = commands.add_parser(
        "export", parents=[common],
        help="export codes as CSV (long, wide, articles, article-codes, codebook) or JSONL",
        description="long: a row per quote and coder, a column per quote and speaker variable; wide: a row per "
                    "quote, VARIABLE_CODER and VARIABLE_adjudicated columns; articles: stance counts per article; "
                    "article-codes: a row per article and coder with its article variables; codebook: a row per "
                    "variable and label; jsonl: everything, for a backup or another computer.")
    exp.add_argument("--format", choices=("long", "wide", "articles", "article-codes", "codebook", "jsonl"),
                     default="long")
    exp.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    exp.add_argument("--bom", action="store_true", help="start the CSV with a byte-order mark (for Excel)")
    exp.add_argument("--coders", type=_names, metavar="A,B", help="only these coders")
    exp.add_argument("--no-formula-guard", action="store_true",
                     help="write cells such as '-5 percent' as they are, without the apostrophe that stops "
                          "spreadsheets from running them as formulas (for R, Stata, SPSS)")

    agr = commands.add_parser(
        "agreement", parents=[common],
        help="inter-coder agreement: one table for every variable, or one variable in detail (--variable)")
    agr.add_argument("--variable", metavar="KEY",
                     help="a quote or article variable of the codebook, or speaker (each coder's speaker "
                          "attribution); without it, one table with every variable")
    agr.add_argument("--coders", type=_names, metavar="A,B", help="only these coders")
    agr.add_argument("--seed", type=int, default=0, help="seed of the bootstrap interval")

    mer = commands.add_parser("merge", parents=[common], help="bring in another coder's labels and corrections")
    mer.add_argument("other", metavar="OTHER.db")

    ann = commands.add_parser("import-annotations", parents=[common], help="re-import a JSONL export (backup or transfer)")
    ann.add_argument("path", metavar="FILE.jsonl")

    cod = commands.add_parser(
        "import-codes", parents=[common],
        help="read codes from a CSV: quote codes (quote_id, coder, a column per quote variable; the long "
             "export), article codes (article_id, coder, article variables; the article-codes export) or "
             "speaker codes (speaker, speaker variables)")
    cod.add_argument("path", metavar="FILE.csv")
    cod.add_argument("--replace", action="store_true",
                     help="change an existing code when the file has another one (default: keep it)")

    smp = commands.add_parser("sample", parents=[common], help="draw a reliability sample, stratified by outlet")
    size = smp.add_mutually_exclusive_group(required=True)
    size.add_argument("--articles", type=int, metavar="N", help="this many articles")
    size.add_argument("--percent", type=float, metavar="P", help="this percentage of the articles")
    smp.add_argument("--seed", type=int, default=0)

    adj = commands.add_parser(
        "adjudicate", parents=[common],
        help="list disagreements, or set the final label of a quote (an article, for an article variable)")
    adj.add_argument("item_id", nargs="?", type=int, metavar="ID", help="the quote id (the article id for an "
                                                                         "article variable)")
    adj.add_argument("value", nargs="?", metavar="VALUE", help="the final label (its key or its name)")
    adj.add_argument("--variable", default="stance", metavar="KEY",
                     help="a quote or article variable of the codebook (default: stance)")
    adj.add_argument("--note", default="")

    book = commands.add_parser("codebook", help="load, show or export the codebook")
    steps = book.add_subparsers(dest="step", metavar="STEP", required=True)
    load = steps.add_parser("load", parents=[common],
                            help="make a JSON codebook file the database's next codebook version")
    load.add_argument("path", metavar="FILE.json")
    load.add_argument("--merge", action="append", type=_label_merge, default=[], metavar="VARIABLE:OLD=NEW",
                      help="merge label OLD of VARIABLE, in every code, into label NEW of the new codebook "
                           "(for a label the new codebook drops); may be repeated")
    steps.add_parser("show", parents=[common], help="print the codebook's variables and labels")
    out = steps.add_parser("export", parents=[common],
                           help="write the codebook as a JSON file (codebook load reads it)")
    out.add_argument("--out", required=True, metavar="FILE.json", help="the file to write")

    bld = commands.add_parser("blind", parents=[common],
                              help="show or set blind mode (each coder sees only their own labels)")
    bld.add_argument("state", nargs="?", choices=("on", "off"))

    rep = commands.add_parser("report", parents=[common],
                              help="write the study report: one HTML file with charts, a methods paragraph, "
                                   "agreement tables and the codebook")
    rep.add_argument("--out", required=True, metavar="FILE.html", help="the file to write")
    rep.add_argument("--outlet", metavar="NAME", help='only this outlet ("" for articles without one)')
    rep.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="only articles published from this day")
    rep.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="only articles published until this day")
    rep.add_argument("--sample", action="store_true", help="only the reliability sample")
    rep.add_argument("--coders", type=_names, metavar="NAME", help="only this coder's codes")
    rep.add_argument("--seed", type=int, default=0, help="seed of the bootstrap intervals (as for agreement)")
    return parser


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def _label_merge(value: str) -> tuple[tuple[str, str], str]:
    variable, sep, rest = value.partition(":")
    old, eq, new = rest.partition("=")
    if not (sep and eq and variable.strip() and old.strip() and new.strip()):
        raise argparse.ArgumentTypeError(f"expected VARIABLE:OLD=NEW (e.g. stance:neutral=opposed), got {value!r}")
    return (variable.strip(), old.strip()), new.strip()


def _names(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected coder names separated by commas")
    return names


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.model and args.command in (None, "import") and not getattr(args, "no_pretag", False):
            from quotecoder.core.nlp import choose_model

            choose_model(args.model)  # a --model that is not installed: one line, before anything starts
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
    except BrokenPipeError:  # the reader of our output left (`quotecoder pretag … | head`)
        return _output_closed()
    except (ValueError, OSError, ModelNotFound) as exc:
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
    report = None
    try:
        with open_store(args.db) as store, _TerminalProgress() as progress:
            report = import_paths(store, args.paths, pretagger, dict(args.column), progress.state,
                                  encoding=args.encoding)
    finally:
        if report is not None:  # what was saved, even when closing the database failed
            print(report.summary())
    if not report.imported and report.duplicates and not report.problems:
        print("Nothing new to import.")
    return 0 if report.ok else 1


def _pretag(args: argparse.Namespace) -> int:
    """Pre-tag to stdout, or into shards (--out), here or on a Dask cluster (--scheduler)."""
    from contextlib import closing

    from quotecoder.core.importers import read_articles
    from quotecoder.core.shards import ShardFolder
    from quotecoder.core.tagging import ArticleCount, EngineError, model_label, open_engine, record_line, records

    if args.scheduler and args.processes > 1:
        raise ValueError("Give --processes N (this computer) or --scheduler (a Dask cluster), not both.")
    columns = dict(args.column)
    failed = 0

    def read():
        return read_articles(args.paths, columns)

    def problem(item) -> None:
        nonlocal failed
        failed += 1
        print(f"quotecoder: {item}", file=sys.stderr)

    label = model_label(args.model)
    folder = ShardFolder.open(args.out, label, args.shard_size, args.paths) if args.out else None
    count = ArticleCount(read)
    count.start()
    try:
        with closing(open_engine(args.scheduler, args.processes, args.model)) as engine, \
                _TerminalProgress("article") as progress:
            if folder is None:
                for number, record in enumerate(records(read(), engine, label, problem), 1):
                    sys.stdout.write(record_line(record))
                    failed += "error" in record
                    progress.state.total = count.total or 0
                    progress.state.update(number)
                sys.stdout.flush()
                return 1 if failed else 0
            print(f"Pre-tagging with {label} on {engine.description}; shards go to {folder.folder}.", file=sys.stderr)
            report = folder.write(read(), engine, progress.state, lambda: count.total, problem)
    except EngineError as exc:
        print(f"quotecoder: {exc}", file=sys.stderr)
        if folder is not None and folder.manifest.shards:
            print(f"quotecoder: the finished shards in {folder.folder} are kept; run the same command again "
                  "to resume.", file=sys.stderr)
        return 2
    print(report.summary())
    return 1 if failed or report.errors else 0


def _output_closed() -> int:
    """Our standard output was closed by its reader (``| head``): stop quietly, as Unix tools do
    (exit status 141, that of a process ended by SIGPIPE), and let nothing more be written."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's exit flush goes nowhere
    except (OSError, ValueError):
        pass
    return 141


def _export(store, args) -> int:
    from quotecoder.core.export import export

    count = export(store, args.format, args.out, bom=args.bom, coders=args.coders, coder=args.coder,
                   formula_guard=not args.no_formula_guard)
    print(f"Wrote {count} {'record' if args.format == 'jsonl' else 'row'}(s) to {args.out}.")
    return 0


def _agreement(store, args) -> int:
    from quotecoder.core.study import agreement_report, agreement_table

    if args.variable is None:
        print(agreement_table(store, args.coders, seed=args.seed))
    else:
        print(agreement_report(store, args.variable, args.coders, seed=args.seed))
    return 0


def _merge(store, args) -> int:
    from quotecoder.core.study import is_blind, merge_report
    from quotecoder.core.transfer import merge_database

    report = merge_database(store, args.other)
    print(merge_report(report, is_blind(store)))
    return 1 if report.problems else 0


def _import_annotations(store, args) -> int:
    from quotecoder.core.study import is_blind, merge_report
    from quotecoder.core.transfer import import_annotation_records, read_annotation_jsonl

    report = import_annotation_records(store, read_annotation_jsonl(args.path), origin=args.path)
    print(merge_report(report, is_blind(store)))
    return 1 if report.problems else 0


def _import_codes(store, args) -> int:
    from quotecoder.core.codes_import import import_codes

    report = import_codes(store, args.path, coder=args.coder, replace=args.replace)
    print(report.summary())
    return 1 if report.problems or report.stopped else 0


def _blind(store, args) -> int:
    from quotecoder.core.study import is_blind, set_blind

    if args.state is not None:
        set_blind(store, args.state == "on")
    print("Blind mode is on: each coder sees only their own labels." if is_blind(store) else "Blind mode is off.")
    return 0


def _sample(store, args) -> int:
    fraction = None if args.percent is None else args.percent / 100
    chosen = store.draw_reliability_sample(size=args.articles, fraction=fraction, seed=args.seed)
    print(f"Marked {len(chosen)} article(s) for double coding (seed {args.seed}): {', '.join(map(str, chosen))}")
    return 0


def _adjudicate(store, args) -> int:
    from quotecoder.core.study import SPEAKER_ATTRIBUTION, refuse_if_blind, resolve_label, resolve_variable

    refuse_if_blind(store, "Adjudication")
    if args.variable.strip().casefold() == SPEAKER_ATTRIBUTION:
        raise ValueError("Speaker attribution is corrected in the window, not adjudicated: give --variable a quote or "
                         "article variable.")
    codebook = store.codebook()
    variable = resolve_variable(codebook, args.variable, ("quote", "article"))
    unit = variable.unit
    if args.item_id is None:
        pending = store.disagreements(variable=variable.key, unit=unit)
        for d in pending:
            labels = ", ".join(f"{c}: {v}" for c, v in sorted(d.labels.items()))
            final = f"  → {d.adjudicated}" if d.adjudicated else ""
            what = f"quote {d.quote_id} ({d.article_title}): “{d.text[:70]}”" if unit == "quote" else \
                f"article {d.article_id}: {d.article_title[:70]}"
            print(f"{what} [{labels}]{final}")
        print(f"{len(pending)} disagreement(s) on {variable.key}, {sum(d.adjudicated is None for d in pending)} "
              "undecided.")
        return 0
    if not args.value or not args.coder:
        raise ValueError(f"Give the {unit} id, the final {variable.key} and --coder NAME (the adjudicator).")
    label = resolve_label(codebook, args.value, variable.key)
    if not store.has_item(unit, args.item_id):
        raise ValueError(f"There is no {unit} {args.item_id}.")
    store.adjudicate(args.item_id, label, args.coder, args.note, variable=variable.key, unit=unit)
    print(f"{unit.capitalize()} {args.item_id}: {variable.key} adjudicated as {label} by {args.coder}.")
    return 0


def _codebook(store, args) -> int:
    from quotecoder.core.codebook import codebook_text, load_codebook, replace_codebook, save_codebook_file
    from quotecoder.core.study import is_blind

    if args.step == "show":
        print(codebook_text(store.codebook()))
        return 0
    if args.step == "export":
        if store.is_own_file(args.out):
            raise ValueError(f"{args.out} is the database itself: choose another file for the codebook.")
        codebook = store.codebook()
        if codebook is None:
            raise ValueError("This database has no codebook yet.")
        save_codebook_file(codebook, args.out)
        print(f"Wrote codebook version {codebook.version} ({len(codebook.variables)} variable(s)) to {args.out}.")
        return 0
    new = load_codebook(args.path)
    try:
        saved, changed = replace_codebook(store, new, dict(args.merge), counted=not is_blind(store))
    except ValueError as exc:
        raise ValueError(f"{args.path}: {exc}") from None
    merged = f" Merged {changed} code(s) into their new labels." if args.merge else ""
    print(f"Loaded {args.path} as codebook version {saved.version}: "
          f"{', '.join(f'{v.key} ({v.unit})' for v in saved.variables)}.{merged}")
    return 0


def _report(store, args) -> int:
    from quotecoder.core.report import write_report
    from quotecoder.core.study import check_coders, is_blind
    from quotecoder.core.summary import SummaryFilter

    coders = check_coders(store, args.coders) or []
    if len(coders) > 1:
        raise ValueError("The report shows every coder, or one: give --coders one name.")
    wanted = SummaryFilter(outlet=args.outlet, start=args.start, end=args.end, sample=args.sample,
                           coder=coders[0] if coders else None)
    path = write_report(store, args.out, wanted, viewer=args.coder, seed=args.seed)
    print(f"Wrote the study report to {path}.")
    if is_blind(store):
        print(f"Blind mode is on: it shows only {args.coder or coders[0]}'s own codes, and no agreement among coders.")
    return 0


STUDY_COMMANDS = {
    "export": _export,
    "agreement": _agreement,
    "merge": _merge,
    "import-annotations": _import_annotations,
    "import-codes": _import_codes,
    "sample": _sample,
    "adjudicate": _adjudicate,
    "codebook": _codebook,
    "blind": _blind,
    "report": _report,
}


class _TerminalProgress:
    """A progress bar on stderr (shown on a terminal only)."""

    def __init__(self, unit: str = "file") -> None:
        from tqdm import tqdm

        from quotecoder.core.progress import Progress

        self._bar = tqdm(unit=unit, file=sys.stderr, disable=None)
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
