"""Pre-tagger speed against bare ``nlp.pipe`` with the same model.

    python bench/pretag.py [--min-articles 100] [--no-processes]

Uses ../shared/corpus (seeds + ggt_dev) when present, else resources/samples.
Prints articles/second for ``Pretagger.annotate`` and for ``nlp.pipe`` on the same
texts, their ratio, then ``--processes 2`` against 1 on 100+ articles (the corpus
repeated to get there).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from quotecoder.core.pretag import Pretagger  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"


def load_texts() -> tuple[list[str], str]:
    files: list[pathlib.Path] = []
    if SHARED.is_dir():
        files = sorted(SHARED.rglob("*.txt"))
        where = str(SHARED)
    if not files:
        samples = ROOT / "resources" / "samples"
        files = sorted(p for p in samples.rglob("*") if p.suffix in (".txt", ".md"))
        where = str(samples)
    return [f.read_text(encoding="utf-8", errors="replace") for f in files], where


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-articles", type=int, default=100)
    parser.add_argument("--no-processes", action="store_true", help="skip the multi-process comparison")
    parser.add_argument("--repeat", type=int, default=2, help="timing runs; the best is kept")
    args = parser.parse_args(argv)
    texts, where = load_texts()
    if not texts:
        print("no texts to time")
        return 0
    tagger = Pretagger()
    nlp = tagger.nlp  # the pre-tagger's pipeline (with its line-break sentence starts)
    list(tagger.annotate(texts[:2]))  # warm up
    n = len(texts)
    print(f"{n} articles from {where}, model {nlp.meta.get('name')} {nlp.meta.get('version')}")
    bare = min(timed(lambda: list(nlp.pipe(texts, batch_size=16))) for _ in range(args.repeat))
    full = min(timed(lambda: list(tagger.annotate(texts, batch_size=16))) for _ in range(args.repeat))
    print(f"nlp.pipe            {n / bare:8.2f} articles/s")
    print(f"Pretagger.annotate  {n / full:8.2f} articles/s")
    print(f"ratio (pre-tag time / nlp.pipe time) = {full / bare:.3f}")
    if not args.no_processes:
        big = (texts * (args.min_articles // n + 1))[: max(args.min_articles, n)]
        one = timed(lambda: list(tagger.annotate(big, n_process=1)))
        two = timed(lambda: list(tagger.annotate(big, n_process=2)))
        print(f"{len(big)} articles: --processes 1 {len(big) / one:8.2f} articles/s, "
              f"--processes 2 {len(big) / two:8.2f} articles/s (speed-up {one / two:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
