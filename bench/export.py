"""Export benchmark: 1,000,000 label rows to CSV in bounded memory.

Builds a database of fictional articles (10,000 articles × 25 quotes × 4 coders),
then times ``export --format long`` and reports the peak Python memory of the
export itself (tracemalloc) and the process's peak RSS.

    .venv/bin/python bench/export.py [--articles N] [--keep DB]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from quotecoder.core.export import export
from quotecoder.core.model import Annotation, Article, Quote, Speaker
from quotecoder.core.workspace import open_store

CODERS = ("ann", "ben", "cat", "dev")
STANCES = ("pro-deployment", "opposed", "threat", "neutral")
SENTENCE = "“We will keep our people safe, whatever the cost,” said Minister {n} of Veskara on day {d}. "


def build(path: Path, articles: int, quotes_per_article: int = 25) -> int:
    rng = random.Random(1)
    labels = 0
    with open_store(path) as store, store.transaction():
        for a in range(articles):
            parts, quotes, pos = [], [], 0
            for q in range(quotes_per_article):
                sentence = SENTENCE.format(n=f"Arlen{q % 7}", d=a)
                start = pos + 1
                end = start + sentence.index("”") - 1
                quotes.append(Quote(start=start, end=end, text=sentence[1 : end - pos], kind="direct",
                                    speaker=Speaker(f"Minister Arlen{q % 7}", "person")))
                parts.append(sentence)
                pos += len(sentence)
            text = "".join(parts)
            for quote in quotes:
                assert text[quote.start : quote.end] == quote.text
            article = Article(text=text, source=f"bench/{a}.txt", outlet=f"Outlet {a % 5}",
                              title=f"Article {a}", published="2025-05-01",
                              content_hash=hashlib.sha256(text.encode()).hexdigest())
            article_id = store.add_article(article, Annotation(quotes=quotes))
            for quote in store.quotes(article_id):
                for coder in CODERS:
                    store.bring_label(quote.id, coder, rng.choice(STANCES), "", "2025-06-01T10:00:00+00:00")
                    labels += 1
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "bench.db"
        if not db.exists():
            started = time.perf_counter()
            labels = build(db, args.articles)
            print(f"built {labels:,} label rows in {time.perf_counter() - started:.1f} s ({db.stat().st_size / 2**20:.0f} MB)")
        out = Path(tmp) / "long.csv"
        with open_store(db) as store:
            tracemalloc.start()
            started = time.perf_counter()
            rows = export(store, "long", out)
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"export long: {rows:,} rows, {out.stat().st_size / 2**20:.0f} MB in {elapsed:.1f} s "
              f"({rows / elapsed:,.0f} rows/s); peak Python memory during export {peak / 2**20:.1f} MB; "
              f"process peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
