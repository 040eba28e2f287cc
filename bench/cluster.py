"""Pre-tagging throughput: one process, ``--processes 2``, and Dask (``local:1``, ``local:2``).

    .venv/bin/python bench/cluster.py [--articles 2000] [--configs 1,p2,local:1,local:2] [--no-import]

Texts: the real articles in ../shared/corpus (skipped cleanly when it is absent), repeated
with a small change per copy (a numbered line at the end) up to ``--articles``, so none is
an exact duplicate. Each configuration pre-tags them into shards with the code behind
``quotecoder pretag --out`` (reading files aside); start-up (processes, model loading,
cluster) is timed apart from pre-tagging. Prints, per configuration, articles per second,
the CPU time per article of all its processes (workers, client and scheduler: unlike wall
time, it does not depend on what else the machine runs) and the client's share of it, and
the Dask overhead against ``--processes`` at equal workers; then the import of the shards
(``quotecoder import shards/``, in a separate process) with its peak memory.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from quotecoder.core.importers.fingerprint import content_hash  # noqa: E402
from quotecoder.core.model import Article  # noqa: E402
from quotecoder.core.shards import ShardFolder  # noqa: E402
from quotecoder.core.tagging import InProcess, ProcessPool, model_label  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
NAMES = {"1": "1 process", "p2": "--processes 2"}
# Peak memory is VmHWM, this process's own high-water mark: ru_maxrss would include the
# parent's, which Linux carries across exec.
_IMPORT = """
import re, resource, sys, time
from pathlib import Path
from quotecoder.core.importing import import_paths
from quotecoder.core.store import Store
start = time.perf_counter()
with Store(sys.argv[2]) as store:
    report = import_paths(store, [sys.argv[1]])
status = Path("/proc/self/status")
peak = (int(re.search(r"VmHWM:\\s+(\\d+)", status.read_text()).group(1)) if status.exists()
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(len(report.imported), report.quotes, time.perf_counter() - start, peak / 1024)
"""


def corpus_articles(count: int) -> tuple[list[Article], int]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS.rglob("*.txt"))]
    texts = [t for t in texts if t.strip()]
    articles = []
    for n in range(count):
        base = texts[n % len(texts)]
        text = base if n < len(texts) else f"{base.rstrip()}\n\nArchive copy {n // len(texts)}."
        articles.append(Article(text=text, source=f"bench/{n:05d}.txt", content_hash=content_hash(text)))
    return articles, len(texts)


def open_config(name: str):
    if name == "1":
        return InProcess()
    if name.startswith("p"):
        return ProcessPool(int(name[1:]))
    from quotecoder.core.cluster import DaskEngine

    return DaskEngine(name)


def warm(engine) -> None:
    """Load the model everywhere before timing (one tiny batch per slot)."""
    futures = {engine.submit(["Ada Brisk said the warm-up worked."]) for _ in range(engine.slots())}
    while futures:
        for future in list(engine.finished(futures)):
            engine.result(future)
            futures.discard(future)


def cpu_seconds() -> tuple[float, float]:
    """(CPU seconds of this process, of it and all its descendants): user + system."""
    import psutil  # a dependency of distributed

    me = psutil.Process()
    mine = sum(me.cpu_times()[:2])
    total = mine
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.NoSuchProcess:
            pass
    return mine, total


@dataclass
class Figures:
    startup: float  # seconds: processes, model loading, cluster
    seconds: float  # pre-tagging, wall clock
    cpu: float  # CPU seconds of every process while pre-tagging
    client_cpu: float  # of this process (client; with local:N also the scheduler)


def run(name: str, articles: list[Article], label: str, out: pathlib.Path) -> Figures:
    start = time.perf_counter()
    engine = open_config(name)
    try:
        warm(engine)
        ready, (client0, all0) = time.perf_counter(), cpu_seconds()
        report = ShardFolder.open(out, label).write(articles, engine)
        done, (client1, all1) = time.perf_counter(), cpu_seconds()
    finally:
        engine.close()
    assert report.tagged == len(articles), report.summary()
    return Figures(ready - start, done - ready, all1 - all0, client1 - client0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--configs", default="1,p2,local:1,local:2", help="1, pN (--processes N), local:N")
    parser.add_argument("--no-import", action="store_true", help="skip importing the shards")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is not present")
        return 0
    articles, real = corpus_articles(args.articles)
    label = model_label()
    print(f"{len(articles)} articles ({min(real, len(articles))} real ones from {CORPUS}"
          f"{', repeated with a change' if len(articles) > real else ''}), "
          f"{sum(len(a.text) for a in articles) / len(articles):.0f} characters on average; "
          f"model {label}; {os.cpu_count()} CPU(s)")
    print(f"{'configuration':<15}{'start-up s':>11}{'pre-tag s':>10}{'articles/s':>11}"
          f"{'CPU s/article':>14}{'client ms/article':>18}")
    figures: dict[str, Figures] = {}
    n = len(articles)
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.configs.split(","):
            f = figures[name] = run(name, articles, label, pathlib.Path(tmp) / name.replace(":", "-"))
            print(f"{NAMES.get(name, name.replace('p', '--processes ', 1)):<15}{f.startup:>11.1f}{f.seconds:>10.1f}"
                  f"{n / f.seconds:>11.2f}{f.cpu / n:>14.3f}{1000 * f.client_cpu / n:>18.1f}", flush=True)
        for dask, local in (("local:1", "1"), ("local:2", "p2")):
            if dask in figures and local in figures:
                d, p = figures[dask], figures[local]
                print(f"Dask overhead, {dask} against {NAMES[local]}: {100 * (d.seconds / p.seconds - 1):+.1f}% "
                      f"wall time, {100 * (d.cpu / p.cpu - 1):+.1f}% CPU time per article")
        last = pathlib.Path(tmp) / args.configs.split(",")[-1].replace(":", "-")
        if not args.no_import:
            result = subprocess.run([sys.executable, "-c", _IMPORT, str(last), str(pathlib.Path(tmp) / "import.db")],
                                    capture_output=True, text=True, check=True,
                                    env={**os.environ, "PYTHONPATH": str(ROOT / "desktop")})
            imported, quotes, seconds, peak = result.stdout.split()
            print(f"import of the shards: {imported} articles, {quotes} quotes in {float(seconds):.1f} s "
                  f"({int(imported) / float(seconds):.0f} articles/s), peak memory {float(peak):.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
