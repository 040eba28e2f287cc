"""Pre-tagger speed against bare ``nlp.pipe`` with the same model, texts and batch size.

    python bench/pretag.py [--batch-size 16] [--min-articles 100] [--no-processes] [--long 1200000]

Uses the article files of ../shared/corpus (seeds, ggt_dev, the first 84 of polnear_train; never
polnear_dev, which is kept unseen for the final check) when present,
else the sample articles in resources/samples (their README is not an article).
Prints articles/second for ``Pretagger.annotate`` and for ``nlp.pipe`` on the same
texts with the same ``batch_size``, their ratio (target: at most 1.3), then
``--processes 2`` against 1 on 100+ articles (the corpus repeated to get there), and
the time and peak memory of pre-tagging one generated fictional article of ``--long``
characters (over spaCy's 1,000,000-character limit), in a separate process.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from quotecoder.core.pretag import Pretagger  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
ARTICLE_DIRS = ("seeds", "ggt_dev/articles", "polnear_train/articles")
#: Articles taken from each folder at most (polnear_train has 840: the first 84, as many as polnear_dev has).
PER_FOLDER = 84

PARAGRAPH = (
    "The harbour board of Gullport met again on day {n}. \u201cWe will not be rushed,\u201d chair Edda Morn said, "
    "while Olek Brandt warned that the ferry contract would lapse. Officials said the vote was close.\n\n"
    "\u201cThe ferry runs at a loss and the council knows it,\u201d Brandt said. He added that the port needed a crane.\n\n"
)

LONG_RUN = """
import resource, sys, time
sys.path.insert(0, {desktop!r})
from quotecoder.core.pretag import Pretagger
text = open({path!r}, encoding="utf-8").read()
tagger = Pretagger()
tagger.nlp
start = time.perf_counter()
annotation = next(tagger.annotate([text]))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{len(text):,}}-character article: {{seconds:.1f}} s, {{len(annotation.quotes)}} quotes, peak memory {{peak:.0f}} MB")
"""


def article_files() -> tuple[list[pathlib.Path], str]:
    """The article files to time and where they come from."""
    files = [p for d in ARTICLE_DIRS if (SHARED / d).is_dir() for p in sorted((SHARED / d).glob("*.txt"))[:PER_FOLDER]]
    if files:
        return files, f"{SHARED} ({', '.join(ARTICLE_DIRS)})"
    samples = ROOT / "resources" / "samples"
    return sorted(samples.glob("*.txt")), str(samples)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def long_article(chars: int) -> str:
    """A fictional article of at least ``chars`` characters."""
    parts, size, n = [], 0, 0
    while size < chars:
        part = PARAGRAPH.format(n=n)
        parts.append(part)
        size += len(part)
        n += 1
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=16, help="the same for nlp.pipe and the pre-tagger")
    parser.add_argument("--min-articles", type=int, default=100)
    parser.add_argument("--no-processes", action="store_true", help="skip the multi-process comparison")
    parser.add_argument("--long", type=int, default=1_200_000, help="characters of the long article (0: skip)")
    parser.add_argument("--repeat", type=int, default=2, help="timing runs; the best is kept")
    args = parser.parse_args(argv)
    files, where = article_files()
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    if not texts:
        print("no texts to time")
        return 0
    tagger = Pretagger()
    nlp = tagger.nlp  # the pre-tagger's pipeline (with its line-break sentence starts)
    list(tagger.annotate(texts[:2]))  # warm up
    n, size = len(texts), args.batch_size
    print(f"{n} articles from {where}, model {nlp.meta.get('name')} {nlp.meta.get('version')}, batch size {size}")
    bare = min(timed(lambda: list(nlp.pipe(texts, batch_size=size))) for _ in range(args.repeat))
    full = min(timed(lambda: list(tagger.annotate(texts, batch_size=size))) for _ in range(args.repeat))
    print(f"nlp.pipe            {n / bare:8.2f} articles/s")
    print(f"Pretagger.annotate  {n / full:8.2f} articles/s")
    print(f"ratio (pre-tag time / nlp.pipe time) = {full / bare:.3f}  (target <= 1.3)")
    if not args.no_processes:
        big = (texts * (args.min_articles // n + 1))[: max(args.min_articles, n)]
        one = timed(lambda: list(tagger.annotate(big, batch_size=size, n_process=1)))
        two = timed(lambda: list(tagger.annotate(big, batch_size=size, n_process=2)))
        print(f"{len(big)} articles: --processes 1 {len(big) / one:8.2f} articles/s, "
              f"--processes 2 {len(big) / two:8.2f} articles/s (speed-up {one / two:.2f}x)")
    if args.long:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="qc-long-") as tmp:
            path = pathlib.Path(tmp) / "long.txt"
            path.write_text(long_article(args.long), encoding="utf-8")
            code = LONG_RUN.format(desktop=str(ROOT / "desktop"), path=str(path))
            subprocess.run([sys.executable, "-c", code], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
