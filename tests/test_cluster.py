"""Pre-tagging large corpora (issue 16): resumable shards, a Dask cluster (local, and a real
scheduler with two workers started here), error records, and importing the shards.

The corpus is the ten fictional sample articles and a wire copy of each (20 articles).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotecoder.cli import main
from quotecoder.core.importing import import_paths
from quotecoder.core.pretag import Pretagger
from quotecoder.core.store import Store
from quotecoder.core.workspace import sample_paths

WIRE = "\nReporting by Lio Banner in Port Aldis; editing by Ama Roth.\n"
OTHER_VERSION = "0.0.0+other"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    folder.mkdir()
    for path in sample_paths():
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text, encoding="utf-8")
        (folder / f"{path.stem}_wire.txt").write_text(text.rstrip() + "\n" + WIRE, encoding="utf-8")
    return folder


def shard_records(folder: Path) -> list[dict]:
    return [json.loads(line) for shard in sorted(folder.glob("shard-*.jsonl"))
            for line in shard.read_text(encoding="utf-8").splitlines()]


def pretag(corpus: Path, out: Path, *options: str) -> int:
    return main(["pretag", str(corpus), "--out", str(out), *options])


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """The shards of a run in this one process."""
    out = tmp_path_factory.mktemp("single") / "shards"
    assert pretag(corpus, out, "--shard-size", "8") == 0
    return out


@pytest.fixture(scope="module")
def reference_records(reference) -> list[dict]:
    records = shard_records(reference)
    assert len(records) == 20 and sum(len(r["quotes"]) for r in records) > 40
    assert not any("error" in r for r in records)
    return records


# -- a real scheduler and workers, started and always stopped here ------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def dask_cluster(workers: int, logs: Path, env: dict | None = None):
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1; yields the scheduler's address."""
    pytest.importorskip("distributed")
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    started: list[subprocess.Popen] = []

    def start(*args: str, environment: dict | None = None) -> None:
        log = (logs / f"{len(started)}.log").open("wb")
        started.append(subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=log, stderr=subprocess.STDOUT,
                                         env=environment, start_new_session=True))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        for _ in range(workers):
            start("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                  environment=None if env is None else {**os.environ, **env})
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in started:  # each in its own session: the group is the nanny and its worker
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    with dask_cluster(2, tmp_path_factory.mktemp("dask-logs")) as address:
        yield address


# -- the tests ----------------------------------------------------------------------------------


def test_a_local_cluster_of_two_processes_equals_one_process(corpus, reference_records, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "shards"
    assert pretag(corpus, out, "--scheduler", "local:2", "--shard-size", "8") == 0
    assert shard_records(out) == reference_records
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and manifest["articles"] == 20 and len(manifest["shards"]) == 3
    assert manifest["model"] == reference_records[0]["model"]


def test_two_processes_print_the_same_records(corpus, reference_records, capsys):
    assert main(["pretag", str(corpus), "--processes", "2"]) == 0
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == reference_records


def test_a_rerun_redoes_only_the_shards_whose_articles_changed(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sample_paths()[:6]:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "shards"
    assert pretag(folder, out, "--shard-size", "2") == 0
    first = {shard.name: shard.stat().st_mtime_ns for shard in out.glob("shard-*.jsonl")}
    changed = sorted(folder.iterdir())[2]
    changed.write_text(changed.read_text(encoding="utf-8") + WIRE, encoding="utf-8")
    for gone in sorted(folder.iterdir())[4:]:
        gone.unlink()
    capsys.readouterr()
    assert pretag(folder, out) == 0
    assert "Pre-tagged 2 article(s) into 1 shard(s)" in capsys.readouterr().out
    assert sorted(p.name for p in out.glob("shard-*.jsonl")) == ["shard-00000.jsonl", "shard-00001.jsonl"]
    assert (out / "shard-00000.jsonl").stat().st_mtime_ns == first["shard-00000.jsonl"]
    assert [r["text"].endswith(WIRE.strip()) for r in shard_records(out)] == [False, False, True, False]
    assert pretag(folder, out, "--shard-size", "3") == 2  # a resumed run keeps its shard size
    assert "--shard-size 2" in capsys.readouterr().err


def test_a_real_scheduler_and_two_workers_equal_one_process(corpus, reference_records, scheduler, tmp_path, capsys):
    out = tmp_path / "shards"
    assert pretag(corpus, out, "--scheduler", scheduler, "--shard-size", "8") == 0
    assert shard_records(out) == reference_records
    assert f"the Dask cluster at {scheduler}" in capsys.readouterr().err


def test_a_killed_client_resumes_and_keeps_the_finished_shards(corpus, reference_records, scheduler, tmp_path, capsys):
    out = tmp_path / "shards"
    command = [sys.executable, "-m", "quotecoder", "pretag", str(corpus), "--out", str(out),
               "--scheduler", scheduler, "--shard-size", "1"]
    client = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("shard-*.jsonl"))) < 4 and client.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        client.kill()  # SIGKILL: no clean-up of any kind
        client.wait()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = [shard["file"] for shard in manifest["shards"]]
    assert not manifest["complete"] and 3 <= len(listed) < 20, "the client was not killed halfway"
    stamps = {name: (out / name).stat().st_mtime_ns for name in listed}

    assert pretag(corpus, out, "--scheduler", scheduler, "--shard-size", "1") == 0
    assert f"Kept {len(listed)} finished shard(s)" in capsys.readouterr().out
    assert all((out / name).stat().st_mtime_ns == stamp for name, stamp in stamps.items())
    assert shard_records(out) == reference_records
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["complete"]


def test_a_worker_with_another_quotecoder_is_named(corpus, tmp_path, capsys):
    """The plugin compares each worker's QuoteCoder with this computer's (here the worker's
    package says another version) and the run stops before anything is written."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(f"import quotecoder\nquotecoder.__version__ = {OTHER_VERSION!r}\n")
    logs = tmp_path / "logs"
    logs.mkdir()
    with dask_cluster(1, logs, env={"PYTHONPATH": str(site)}) as address:
        assert pretag(corpus, tmp_path / "shards", "--scheduler", address) == 2
    err = capsys.readouterr().err
    assert f"has QuoteCoder {OTHER_VERSION}" in err and "tcp://127.0.0.1:" in err and "pip install quotecoder==" in err
    assert not list((tmp_path / "shards").glob("shard-*"))


def test_a_failing_article_becomes_an_error_record(corpus, reference_records, tmp_path, monkeypatch, capsys):
    original = Pretagger.annotate_doc

    def fails_on_one(self, doc, *args, **kwargs):
        if "editing by Ama Roth" in doc.text and "The Dravnian Federation has warned" in doc.text:
            raise RuntimeError("the parser fell over")
        return original(self, doc, *args, **kwargs)

    monkeypatch.setattr(Pretagger, "annotate_doc", fails_on_one)
    out = tmp_path / "shards"
    assert pretag(corpus, out, "--shard-size", "8") == 1  # the run went on, and says one failed
    assert "1 article(s) could not be pre-tagged" in capsys.readouterr().out
    records = shard_records(out)
    [failed] = [r for r in records if "error" in r]
    assert failed["source"].endswith("02_dravnian_embassy_warning_wire.txt")
    assert failed["error"] == "RuntimeError: the parser fell over" and failed["quotes"] == []
    assert [r for r in records if r is not failed] == [r for r in reference_records if r["source"] != failed["source"]]

    with Store(tmp_path / "x.db") as store:
        report = import_paths(store, [out])
        assert len(report.imported) == 20 and not report.problems
        [warning] = report.warnings
        assert "shard-00000.jsonl:4" in str(warning) and "imported without proposals" in str(warning)
        stored = {store.article(i).source: i for i in store.article_ids()}
        assert store.quotes(stored[failed["source"]]) == []


class NoSpaCy(Pretagger):
    """Fails if the import runs spaCy on records that were pre-tagged already."""

    def annotate(self, *args, **kwargs):
        raise AssertionError("spaCy ran again")


def snapshot(store: Store) -> dict:
    """Every article's metadata, model, near-duplicate group, entities and quotes, by source."""
    found = {}
    for article_id in store.article_ids():
        a = store.article(article_id)
        quotes = [(q.start, q.end, q.text, q.kind, q.cue, q.mention, q.speaker and (q.speaker.name, q.speaker.type),
                   q.confidence, q.speaker_confidence, q.speaker_candidates) for q in store.quotes(article_id)]
        entities = [(e.start, e.end, e.label, e.text) for e in store.entities(article_id)]
        found[a.source] = (a.text, a.title, a.outlet, a.byline, a.published, a.model, a.dup_group, entities, quotes)
    return found


def test_importing_the_shards_equals_a_direct_import(corpus, reference, tmp_path):
    with Store(tmp_path / "direct.db") as direct:
        import_paths(direct, [corpus], Pretagger())
        expected = snapshot(direct)
    with Store(tmp_path / "shards.db") as store:
        report = import_paths(store, [reference], NoSpaCy())
        assert report.ok and not report.warnings and len(report.imported) == 20
        got = snapshot(store)
    assert got == expected
    assert sum(len(entry[-1]) for entry in got.values()) > 40
    assert sum(entry[6] is not None for entry in got.values()) >= 20  # each story is grouped with its wire copy
    assert {entry[5] for entry in got.values()} == {json.loads((reference / "manifest.json").read_text())["model"]}


def test_an_unfinished_run_is_imported_with_a_warning_and_a_rerun_adds_the_rest(reference, tmp_path):
    partial = tmp_path / "shards"
    partial.mkdir()
    manifest = json.loads((reference / "manifest.json").read_text(encoding="utf-8"))
    first = manifest["shards"][0]["file"]
    (partial / first).write_bytes((reference / first).read_bytes())
    (partial / "manifest.json").write_text(json.dumps({**manifest, "complete": False, "shards": manifest["shards"][:1]}))
    with Store(tmp_path / "x.db") as store:
        report = import_paths(store, [partial])
        assert len(report.imported) == 8 and not report.problems
        assert any("not finished" in str(w) for w in report.warnings)
        rest = import_paths(store, [reference])
        assert len(rest.imported) == 12 and rest.duplicate_count == 8 and rest.ok


def test_scheduler_without_dask_says_how_to_install_it(corpus, tmp_path, monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a))
    assert pretag(corpus, tmp_path / "shards", "--scheduler", "local:2") == 2
    assert 'pip install "quotecoder[cluster]"' in capsys.readouterr().err


def test_pretag_into_head_stops_quietly(corpus):
    """``quotecoder pretag … | head -n 1``: no "Broken pipe", the status of a SIGPIPE."""
    process = subprocess.Popen([sys.executable, "-m", "quotecoder", "pretag", str(corpus)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # the reader goes away, as head does after one line
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 141
    assert json.loads(first)["text"] and err == ""
