"""Study summary benchmark: 100,000 articles and 1,000,000 stance labels.

Builds a fictional study straight into SQLite through the Store's schema (one
transaction of ``executemany`` inserts: about a minute), then times what the
researcher waits for:

* the summary the View › Study summary dock opens with (every chart's data but α: counts per
  outlet and over time, top speakers, progress, the machine as a coder), target ≤ 2 s;
* the same with a filter (one outlet; one coder; the reliability sample);
* α with its bootstrap interval per variable and the machine's α, which the dock adds when ready;
* ``quotecoder report``: all of it, every chart as SVG and the HTML file, target ≤ 10 s.

    .venv/bin/python bench/summary.py [--articles N] [--keep DB]

``--keep DB`` builds the study at DB once and reuses it on later runs.
"""

from __future__ import annotations

import argparse
import os
import json
import random
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from quotecoder.core.store import Store

CODERS = ("ana", "ben", "cleo")
STANCES = ("pro-deployment", "opposed", "threat", "neutral")
OUTLETS = tuple(f"{town} {kind}" for town in ("Gullport", "Northcape", "Port Ellery", "Brenholm", "Vostrek",
                                              "Harlow Bay") for kind in ("Courier", "Herald", "Post", "Daily"))
KINDS = ("direct", "indirect", "mixed")
CONFIDENCE = (0.6, 0.7, 0.75, 0.8, 0.9)
STAMP = "2025-06-01T10:00:00+00:00"
TEXT = "“We will keep our people safe, whatever the cost,” the speaker said on the quay. " * 4


def build(path: Path, articles: int = 100_000, speakers: int = 20_000, seed: int = 1) -> dict[str, int]:
    """A fictional study at ``path``: ~9.5 quotes per article, three coders, a 10% reliability
    sample coded twice, speaker corrections, rejected and added quotes, adjudications."""
    rng = random.Random(seed)
    first = date(2023, 1, 1)
    counts = dict.fromkeys(("articles", "quotes", "labels", "corrections"), 0)
    store = Store(path)  # creates the schema
    conn = store.conn
    with store.transaction():
        conn.executemany("INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)",
                         [(i + 1, name, STAMP) for i, name in enumerate(CODERS)])
        conn.execute("INSERT INTO codebooks (version, name, labels, created_at) VALUES (1, 'Bench', ?, ?)",
                     (json.dumps([{"key": s, "name": s.capitalize(), "colour": c, "shortcut": str(i + 1)}
                                  for i, (s, c) in enumerate(zip(STANCES, ("#9DCFF8", "#F8C98E", "#E596C0",
                                                                           "#E3E3E3")))]), STAMP))
        conn.executemany("INSERT INTO speakers (id, name, type, created_at) VALUES (?, ?, 'person', ?)",
                         [(i, f"Speaker {i:05d}", STAMP) for i in range(1, speakers + 1)])
        conn.executemany(
            """INSERT INTO articles (id, source, outlet, title, published, text, content_hash, imported_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            ((a, f"bench/{a}.txt", OUTLETS[rng.randrange(len(OUTLETS))], f"Article {a}",
              (first + timedelta(days=rng.randrange(730))).isoformat(), TEXT, f"hash-{a}", STAMP)
             for a in range(1, articles + 1)),
        )
        counts["articles"] = articles
        sample = [a for a in range(1, articles + 1) if a % 10 == 3]
        conn.executemany("INSERT INTO reliability_sample (article_id, seed, drawn_at) VALUES (?, 0, ?)",
                         [(a, STAMP) for a in sample])
        quotes, labels, corrections, adjudications = [], [], [], []
        quote_id = 0
        for a in range(1, articles + 1):
            coders = [1 + a % 3] + ([1 + (a + 1) % 3] if a % 10 == 3 else [])
            for _ in range(rng.choice((8, 9, 10, 11))):
                quote_id += 1
                added = rng.random() < 0.03
                rejected = not added and rng.random() < 0.03
                speaker = int(speakers ** rng.random())  # log-uniform: a few speakers dominate
                confidence = rng.choice(CONFIDENCE)
                proposal = None
                start, kind = 0, rng.choice(KINDS)
                if not added and rng.random() < 0.12:  # corrected: the machine's values kept beside
                    proposal = {"start": 0, "end": 52, "text": TEXT[:52], "kind": kind, "speaker_id": speaker,
                                "cue": None, "mention": None}
                    if rng.random() < 0.5:
                        start = 1
                    if rng.random() < 0.4:
                        kind = KINDS[(KINDS.index(kind) + 1) % 3]
                quotes.append((quote_id, a, start, 52, TEXT[start:52], kind, speaker,
                               "coder" if added else "model", confidence,
                               None if rng.random() < 0.3 else round(rng.random(), 2),
                               "rejected" if rejected else "active",
                               json.dumps(proposal) if proposal else None, STAMP, STAMP))
                if added:
                    corrections.append((coders[0], quote_id, "add", None, json.dumps({"speaker_id": speaker})))
                if rejected:
                    corrections.append((coders[0], quote_id, "reject", '{"status": "active"}',
                                        '{"status": "rejected"}'))
                    continue
                stance = rng.choice(STANCES)
                given = []
                for coder in coders:
                    label = stance if not given or rng.random() < 0.8 else rng.choice(STANCES)
                    given.append(label)
                    labels.append((quote_id, coder, label, STAMP))
                    if not added and rng.random() < 0.08:
                        chosen = 1 + rng.randrange(speakers)
                        corrections.append((coder, quote_id, "speaker", json.dumps({"speaker_id": speaker}),
                                            json.dumps({"speaker_id": chosen})))
                if len(set(given)) > 1 and rng.random() < 0.5:
                    adjudications.append((quote_id, given[0], coders[0], STAMP))
            if len(quotes) > 50_000:
                _flush(conn, quotes, labels, corrections, adjudications, counts)
        _flush(conn, quotes, labels, corrections, adjudications, counts)
    conn.execute("ANALYZE")
    store.close()
    return counts


def _flush(conn, quotes, labels, corrections, adjudications, counts) -> None:
    conn.executemany(
        """INSERT INTO quotes (id, article_id, start, end, text, kind, speaker_id, origin, confidence,
                               speaker_confidence, status, proposal, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", quotes)
    conn.executemany("""INSERT INTO quote_codes (quote_id, coder_id, variable, label, codebook_version, coded_at)
                        VALUES (?, ?, 'stance', ?, 1, ?)""", labels)
    conn.executemany("""INSERT INTO corrections (coder_id, item, item_id, action, before, after, at)
                        VALUES (?, 'quote', ?, ?, ?, ?, '2025-06-02T09:00:00+00:00')""", corrections)
    conn.executemany("""INSERT INTO quote_adjudications (quote_id, variable, label, coder_id, decided_at)
                        VALUES (?, 'stance', ?, ?, ?)""", adjudications)
    counts["quotes"] += len(quotes)
    counts["labels"] += len(labels)
    counts["corrections"] += len(corrections)
    for batch in (quotes, labels, corrections, adjudications):
        batch.clear()


def timed(label: str, fn, target: float | None = None):
    """Run ``fn``, print its wall time and its CPU time (all threads): on a busy machine (other
    programs on the same cores) the CPU time is closer to what an idle computer takes."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    seconds, used = time.perf_counter() - start, time.process_time() - cpu
    verdict = "" if target is None else ("  (target ≤ %.0f s: %s)" % (target, "met" if min(seconds, used) <= target
                                                                       else "MISSED"))
    print(f"{label:<58} {seconds:6.2f} s wall {used:6.2f} s cpu{verdict}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the study here once and reuse it")
    args = parser.parse_args()
    from quotecoder.core.report import write_report
    from quotecoder.core.summary import (SummaryFilter, compute_reliability, count_study,
                                         machine_summary, top_speakers)

    folder = Path(tempfile.mkdtemp(prefix="quotecoder-summary-"))
    path = args.keep or folder / "bench.db"
    if not path.exists():
        counts = timed(f"build {args.articles:,} articles (direct SQL)", lambda: build(path, args.articles))
        print("  " + ", ".join(f"{n:,} {what}" for what, n in counts.items()))
    with Store(path, readonly=True) as store:
        labels = store.conn.execute("SELECT count(*) FROM quote_codes").fetchone()[0]
        articles = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        print(f"study: {articles:,} articles, {labels:,} labels; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores")
        for label, wanted in (("whole study", SummaryFilter()), ("one outlet", SummaryFilter(outlet=OUTLETS[0])),
                              ("one coder", SummaryFilter(coder="ben")), ("reliability sample", SummaryFilter(sample=True))):
            print(f"{label}:")
            timed("  the dock opens: counts per outlet and over time, progress", lambda: count_study(store, wanted), 2)
            timed("  most quoted speakers", lambda: top_speakers(store, wanted))
            timed("  the pre-tagger as a coder", lambda: machine_summary(store, wanted))
        reliability = timed("α per variable with 1,000 bootstrap resamples", lambda: compute_reliability(store))
        for found in reliability.variables:
            print(f"  α {found.variable.name}: {found.alpha:.3f} [{found.ci[0]:.3f}, {found.ci[1]:.3f}] "
                  f"on {found.units:,} quotes")
        machine = machine_summary(store).agreement
        print(f"  α speaker, pre-tagger as a coder: {machine.alpha:.3f} on {machine.units:,} quotes")
        out = folder / "report.html"
        timed("report: summary + SVG charts + HTML", lambda: write_report(store, out), 10)
        print(f"  {out} ({out.stat().st_size / 1024:.0f} KiB)")
    dock(path)


def dock(path: Path) -> None:
    """The dock as the window runs it: the counts first, then two background jobs side by side,
    each with its own connection."""
    from quotecoder.core.summary import compute_reliability, count_study, machine_summary, top_speakers

    later = {
        "speakers and the pre-tagger": lambda store: (top_speakers(store), machine_summary(store)),
        "α with its intervals": lambda store: compute_reliability(store),
    }
    print(f"the dock as the window runs it, load average {os.getloadavg()[0]:.1f}:")
    start = time.perf_counter()
    with Store(path, readonly=True) as store:
        count_study(store)
    ended = {"counts: the dock opens with its first charts": time.perf_counter() - start}

    def run(name: str) -> None:
        with Store(path, readonly=True) as store:
            later[name](store)
        ended[name] = time.perf_counter() - start

    threads = [threading.Thread(target=run, args=(name,)) for name in later]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, seconds in sorted(ended.items(), key=lambda item: item[1]):
        print(f"  {name:<56} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
