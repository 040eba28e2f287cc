"""Quote and speaker accuracy of the pre-tagger on the four visible evaluation corpora.

    python bench/accuracy.py [--processes N] [--corpora seeds,ggt_dev,polnear_train,polnear_dev] [--file-text] [--cache DIR] [-v]

Runs ``quotecoder pretag DIR --jsonl`` on each corpus in ../shared/corpus, writes the JSONL
to a temporary directory and scores it with the shared scorers (threshold 0.3):
``score_quotes.py --confidence`` for the corpora with canonical speakers (seeds, ggt_dev) and
``score_spans.py --tolerant`` for PolNeAR (speaker mentions). Prints each corpus's summary
line, then the confidence figures (accuracy per confidence band, share and accuracy at
confidence >= 0.9, top-3 accuracy, expected calibration error): score_quotes.py's own for
seeds and ggt_dev, and the same figures computed with score_spans.py's rules (bench/judging.py)
for PolNeAR. polnear_train takes several minutes on two cores. Exits 0 with a message when
../shared is absent.

``--file-text`` pre-tags each file's text as it is on disk instead of importing it (the importer
keeps one copy of a caption printed twice and moves a byline into the metadata); the issue's
figures for the seeds were measured that way.

``--cache DIR`` pre-tags in this process from parses kept in DIR (made on the first run, the same
importer and parser as the CLI): a change to the rules is then measured on ggt_dev and
polnear_train in about 20 seconds instead of minutes. Delete DIR when the spaCy model changes.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from judging import CORPORA, SHARED, TOOLS, confidence_report, judge, paths  # noqa: E402

DEFAULT_CORPORA = "seeds,ggt_dev,polnear_train,polnear_dev"


def run_pretag(corpus: pathlib.Path, out: pathlib.Path, processes: int) -> float:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "desktop") + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        subprocess.run(
            [sys.executable, "-m", "quotecoder", "pretag", str(corpus), "--jsonl", "--processes", str(processes)],
            stdout=fh,
            env=env,
            check=True,
        )
    return time.perf_counter() - start


def run_on_file_text(corpus: pathlib.Path, out: pathlib.Path) -> float:
    """Pre-tag the text of each file of ``corpus`` as it is, without the importer."""
    sys.path.insert(0, str(ROOT / "desktop"))
    from quotecoder.core.pretag import Pretagger
    from quotecoder.core.pretag.records import to_record

    start = time.perf_counter()
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    texts = [p.read_text(encoding="utf-8") for p in files]
    with out.open("w", encoding="utf-8") as fh:
        for path, text, annotation in zip(files, texts, Pretagger().annotate(texts)):
            fh.write(json.dumps(to_record(path.name, text, annotation)) + "\n")
    return time.perf_counter() - start


def run_on_cached_parses(name: str, out: pathlib.Path, cache: pathlib.Path) -> float:
    """Pre-tag corpus ``name`` in this process from the parses kept in ``cache``."""
    sys.path.insert(0, str(ROOT / "desktop"))
    from fit_confidence import run

    from quotecoder.core.pretag import Pretagger

    start = time.perf_counter()
    records, _ = run(name, Pretagger(), cache)
    out.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return time.perf_counter() - start


def score(name: str, pred: pathlib.Path, thr: float, verbose: bool) -> list[str]:
    """The scorer's output lines for corpus ``name``."""
    articles, gold = paths(name)
    tool = CORPORA[name][2]
    cmd = [sys.executable, str(TOOLS / f"{tool}.py"), str(gold), str(articles), str(pred), "--thr", str(thr)]
    cmd.append("--confidence" if tool == "score_quotes" else "--tolerant")
    if verbose:
        cmd.append("-v")
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--thr", type=float, default=0.3)
    parser.add_argument("--corpora", default=DEFAULT_CORPORA, help="comma-separated, of " + DEFAULT_CORPORA)
    parser.add_argument("--file-text", action="store_true", help="pre-tag each file's text as it is on disk, without the importer")
    parser.add_argument("--cache", type=pathlib.Path, help="pre-tag in this process from parses kept in this folder")
    parser.add_argument("--keep", type=pathlib.Path, help="also write each corpus's JSONL into this folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="show per-document lines, misses and extras")
    args = parser.parse_args(argv)
    if not (TOOLS / "score_quotes.py").is_file():
        print(f"{SHARED} is not present: nothing to score.")
        return 0
    with tempfile.TemporaryDirectory(prefix="qc-accuracy-") as tmp:
        for name in [c for c in args.corpora.split(",") if c]:
            corpus, gold = paths(name)
            if not corpus.is_dir() or not gold.is_file():
                print(f"{name}: not present, skipped")
                continue
            folder = args.keep or pathlib.Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            pred = folder / f"{name}.jsonl"
            if args.file_text:
                seconds = run_on_file_text(corpus, pred)
            elif args.cache:
                seconds = run_on_cached_parses(name, pred, args.cache)
            else:
                seconds = run_pretag(corpus, pred, args.processes)
            lines = score(name, pred, args.thr, args.verbose)
            if args.verbose:
                print("\n".join(lines[:-1]))
            print(f"{name} ({seconds:.1f}s): {lines[-1] if lines else 'no output'}")
            if CORPORA[name][2] == "score_quotes":
                report = [line for line in lines if line.startswith(("confidence", "  confidence"))]
            else:
                records = [json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines() if line.strip()]
                report = confidence_report(judge(name, records, args.thr))
                report = report[:-1] + ["  " + report[-1] + "  (speaker judged by score_spans.py's rules)"]
            print("\n".join("  " + line.strip() if not line.startswith("  ") else line for line in report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
