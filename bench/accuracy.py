"""Quote and speaker accuracy of the pre-tagger on the shared evaluation corpora.

    python bench/accuracy.py [--processes N] [-v]

Runs ``quotecoder pretag DIR --jsonl`` on ../shared/corpus/seeds and
../shared/corpus/ggt_dev/articles, writes the JSONL to a temporary directory and
scores it with ../shared/tools/score_quotes.py (threshold 0.3). Prints each
corpus's summary line. Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = (
    ("seeds", "corpus/seeds", "corpus/seeds.gold.json"),
    ("ggt_dev", "corpus/ggt_dev/articles", "corpus/ggt_dev/gold.json"),
)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--thr", type=float, default=0.3)
    parser.add_argument("-v", "--verbose", action="store_true", help="show per-document lines, misses and extras")
    args = parser.parse_args(argv)
    scorer = SHARED / "tools" / "score_quotes.py"
    if not scorer.is_file():
        print(f"{SHARED} is not present: nothing to score.")
        return 0
    with tempfile.TemporaryDirectory(prefix="qc-accuracy-") as tmp:
        for name, corpus_rel, gold_rel in CORPORA:
            corpus, gold = SHARED / corpus_rel, SHARED / gold_rel
            if not corpus.is_dir() or not gold.is_file():
                print(f"{name}: not present, skipped")
                continue
            pred = pathlib.Path(tmp) / f"{name}.jsonl"
            seconds = run_pretag(corpus, pred, args.processes)
            cmd = [sys.executable, str(scorer), str(gold), str(corpus), str(pred), "--thr", str(args.thr)]
            if args.verbose:
                cmd.append("-v")
            result = subprocess.run(cmd, capture_output=True, text=True, check=True)
            lines = result.stdout.strip().splitlines()
            if args.verbose:
                print("\n".join(lines[:-1]))
            print(f"{name} ({seconds:.1f}s): {lines[-1] if lines else 'no output'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
