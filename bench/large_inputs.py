"""Large inputs: a 5 MB article in the coding window, an import of 20,000 articles, and an
import of a folder where one article has 1.2 million characters.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/large_inputs.py [--articles 20000] [--pretag 500]
        [--long-chars 1200000] [--only window|import|long]

Prints the time to open and scroll the 5 MB article, the longest pause of the
event loop while doing so, and each import's time and peak memory (RSS high-water
mark of a separate process per run, so runs do not share memory).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PARAGRAPH = ("The harbour board of Gullport met again on {n}. “We will not be rushed,” chair Edda Morn said, "
             "while Olek Brandt warned that the ferry contract would lapse. Officials said the vote was close.\n\n")


def big_article_figures(megabytes: float) -> None:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from quotecoder.core.model import Annotation, Article, Quote, Speaker
    from quotecoder.core.workspace import open_store
    from quotecoder.gui.app import application, open_window

    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        parts, quotes, pos = [], [], 0
        n = 0
        while pos < megabytes * 2**20:
            paragraph = PARAGRAPH.format(n=n)
            start = pos + paragraph.index("“") + 1
            end = pos + paragraph.index(",”")
            quotes.append((start, end))
            parts.append(paragraph)
            pos += len(paragraph)
            n += 1
        text = "".join(parts)
        annotation = Annotation(quotes=[Quote(start=s, end=e, text=text[s:e], kind="direct",
                                              speaker=Speaker("Edda Morn", "person")) for s, e in quotes[:2000]])
        with open_store(db) as store:
            store.add_article(Article(text=text, source="big.txt", title="Big", content_hash="big"), annotation)
        started = time.perf_counter()
        window = open_window(db, "bench", settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.IniFormat),
                             load_nlp=False, show_errors=False)
        window.coding.open_article(window.session.store.article_ids()[0])
        app.processEvents()
        opened = time.perf_counter() - started
        bar = window.coding.text.verticalScrollBar()
        pauses = []
        for _ in range(40):
            t = time.perf_counter()
            QTest.keyClick(window.coding.text, Qt.Key_PageDown)
            app.processEvents()
            pauses.append(time.perf_counter() - t)
        t = time.perf_counter()
        bar.setValue(bar.maximum())
        app.processEvents()
        to_end = time.perf_counter() - t
        print(f"{len(text) / 2**20:.1f} MB article with {len(annotation.quotes)} quotes: opened in {opened:.2f} s; "
              f"page down median {sorted(pauses)[len(pauses) // 2] * 1000:.0f} ms, worst {max(pauses) * 1000:.0f} ms; "
              f"jump to end {to_end * 1000:.0f} ms")
        window.close()


def _timed_import(folder: Path, db: Path, pretag: bool) -> tuple[str, float, float, str]:
    """Exit status, seconds, peak RSS (MB) and the end of the output of one ``quotecoder import``."""
    command = [sys.executable, "-m", "quotecoder", "import", str(folder), "--db", str(db)]
    if not pretag:
        command.append("--no-pretag")
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            f"r = subprocess.run({command!r}, capture_output=True, text=True); "
            "print(r.returncode, time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024); print((r.stdout + r.stderr)[-300:])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split("\n", 1)
    rc, seconds, rss = out[0].split()
    return rc, float(seconds), float(rss), out[1].strip() if len(out) > 1 else ""


def import_figures(articles: int, pretag: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for n in range(articles):
            (folder / f"{n:05d}.txt").write_text(PARAGRAPH.format(n=f"day {n}") * 6, encoding="utf-8")
        rc, seconds, rss, _ = _timed_import(folder, Path(tmp) / "x.db", pretag)
        print(f"import of {articles:,} articles ({'with' if pretag else 'without'} pre-tagging): exit {rc}, "
              f"{seconds:.0f} s ({articles / seconds:.0f} articles/s), peak RSS {rss:.0f} MB")


def long_article_figures(chars: int, others: int = 3) -> None:
    """A folder with one article of ``chars`` characters beside ``others`` ordinary ones, pre-tagged."""
    from quotecoder.core.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paragraphs, size, n = [], 0, 0
        while size < chars:
            paragraphs.append(PARAGRAPH.format(n=f"sitting {n}"))
            size += len(paragraphs[-1])
            n += 1
        (folder / "long.txt").write_text("".join(paragraphs), encoding="utf-8")
        for k in range(others):
            (folder / f"short{k}.txt").write_text(PARAGRAPH.format(n=f"day {k}") * 6, encoding="utf-8")
        db = Path(tmp) / "x.db"
        rc, seconds, rss, _ = _timed_import(folder, db, pretag=True)
        with Store(db, readonly=True) as store:
            stored = store.article_count()
            quotes = store.quote_count()
        print(f"import of a {size:,}-character article beside {others} ordinary ones (pre-tagged): exit {rc}, "
              f"{stored} of {others + 1} articles stored with {quotes:,} quotes, {seconds:.0f} s, "
              f"peak RSS {rss:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--pretag", type=int, default=500, help="articles for the run with pre-tagging")
    parser.add_argument("--long-chars", type=int, default=1_200_000, help="length of the one long article")
    parser.add_argument("--only", choices=("window", "import", "long"), help="run one part only")
    args = parser.parse_args()
    if args.only in (None, "window"):
        big_article_figures(args.megabytes)
    if args.only in (None, "import"):
        import_figures(args.articles, pretag=False)
        import_figures(args.pretag, pretag=True)
        import_figures(args.pretag * 4, pretag=True)
    if args.only in (None, "long"):
        long_article_figures(args.long_chars)


if __name__ == "__main__":
    main()
