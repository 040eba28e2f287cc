"""Crash safety: the real app and the real import, killed with SIGKILL, lose nothing acknowledged."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotecoder.core.model import Annotation, Article, Quote, Speaker
from quotecoder.core.store import Store
from quotecoder.core.workspace import open_store, sample_paths

DRIVER = Path(__file__).with_name("crash_driver.py")
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def coding_database(path: Path, articles: int = 30, quotes: int = 8) -> None:
    with open_store(path) as store:
        for a in range(articles):
            sentences = [f"“Point {q} of the Veskara plan stands,” envoy Lio Darr{a} said. " for q in range(quotes)]
            text = "".join(sentences)
            found, pos = [], 0
            for sentence in sentences:
                start = pos + 1
                end = pos + sentence.index(",”")
                found.append(Quote(start=start, end=end, text=text[start:end], kind="direct",
                                   speaker=Speaker(f"Lio Darr{a}", "person")))
                pos += len(sentence)
            store.add_article(Article(text=text, source=f"{a}.txt", title=f"Plan {a}", content_hash=f"h{a}"),
                              Annotation(quotes=found))


def run_and_kill(db: Path, seed: int, acks_before_kill: int) -> dict[int, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(db), "kim", str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    acknowledged: dict[int, str] = {}
    deadline = time.monotonic() + 60
    try:
        for line in proc.stdout:
            if line.startswith("ACK "):
                _, quote_id, stance = line.split()
                acknowledged[int(quote_id)] = stance
                if len(acknowledged) >= acks_before_kill:
                    break
            assert time.monotonic() < deadline, "the app stopped acknowledging saves"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert acknowledged, proc.stderr.read()[-2000:]
    return acknowledged


def test_killed_coding_session_loses_no_acknowledged_label(tmp_path):
    db = tmp_path / "coding.db"
    coding_database(db)
    rng = random.Random(11)
    expected: dict[int, str] = {}
    for round_ in range(3):
        expected.update(run_and_kill(db, seed=round_, acks_before_kill=rng.randint(5, 60)))
        with Store(db) as store:
            assert store.integrity_check() == "ok"
            stored = store.stance_units(["kim"])
        lost = {q: s for q, s in expected.items() if stored.get(q, {}).get("kim") != s}
        assert lost == {}, f"round {round_}: acknowledged labels lost or changed: {lost}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """40 fictional articles: the samples, each in four differently filed copies."""
    folder = tmp_path_factory.mktemp("corpus")
    for copy in range(4):
        for path in sample_paths():
            text = path.read_text(encoding="utf-8")
            (folder / f"{copy}_{path.name}").write_text(f"{text}\nFiled from desk {copy}.\n", encoding="utf-8")
    return folder


def snapshot(db: Path) -> dict[str, tuple]:
    with Store(db) as store:
        assert store.integrity_check() == "ok"
        result = {}
        for article_id in store.article_ids():
            article = store.article(article_id)
            quotes = tuple((q.start, q.end, q.kind, q.speaker and q.speaker.name) for q in store.quotes(article_id))
            entities = tuple((e.start, e.end, e.label) for e in store.entities(article_id))
            result[article.content_hash] = (quotes, entities)
        return result


def test_killed_import_leaves_whole_articles_and_a_rerun_completes(corpus, tmp_path):
    reference = tmp_path / "reference.db"
    done = subprocess.run([sys.executable, "-m", "quotecoder", "import", str(corpus), "--db", str(reference)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    expected = snapshot(reference)
    assert len(expected) == 40

    db = tmp_path / "killed.db"
    proc = subprocess.Popen([sys.executable, "-m", "quotecoder", "import", str(corpus), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # kill it once some, but not all, articles are in
        time.sleep(0.2)
        if db.exists():
            try:
                with Store(db, readonly=True) as store:
                    if 3 <= store.article_count() < 35:
                        break
            except Exception:
                continue
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    partial = snapshot(db)
    assert 0 < len(partial) < 40
    assert {h: partial[h] for h in partial} == {h: expected[h] for h in partial}  # whole articles only

    rerun = subprocess.run([sys.executable, "-m", "quotecoder", "import", str(corpus), "--db", str(db)],
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"Skipped {len(partial)} duplicate(s)" in rerun.stdout
    complete = snapshot(db)
    assert complete.keys() == expected.keys()
    assert {h: complete[h] for h in partial} == {h: expected[h] for h in partial}  # untouched by the rerun

    def spans(entry):  # the rerun's speaker registry holds the first run's speakers, so names may differ
        quotes, entities = entry
        return tuple(q[:3] for q in quotes), entities

    assert {h: spans(v) for h, v in complete.items()} == {h: spans(v) for h, v in expected.items()}


def test_cli_export_while_the_window_writes(tmp_path):
    db = tmp_path / "busy.db"
    coding_database(db)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(db), "kim", "3"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        for line in proc.stdout:
            if line.startswith("ACK "):
                break
        for fmt in ("long", "jsonl", "articles"):
            out = tmp_path / f"export.{fmt}"
            result = subprocess.run([sys.executable, "-m", "quotecoder", "export", "--db", str(db),
                                     "--format", fmt, "--out", str(out)], capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr
            assert proc.poll() is None, "the window stopped while the export ran"
            if fmt == "long":
                import csv

                with out.open(encoding="utf-8", newline="") as handle:
                    rows = list(csv.DictReader(handle))
                assert len({r["quote_id"] for r in rows}) == 30 * 8  # every quote, exactly once per coder
                assert all(r["coder"] in ("", "kim") for r in rows)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    with Store(db) as store:
        assert store.integrity_check() == "ok"
