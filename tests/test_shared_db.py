"""One database, several processes: the coding window (or any Store), background jobs that open
a second Store in the same process, and the command line. Nothing acknowledged is ever lost,
not even when the first process is killed with SIGKILL (issue 10, section 1).

On POSIX, closing ANY descriptor of the database file drops every SQLite lock the process
holds on it; another process then believes it is alone, checkpoints and deletes the WAL that
the first one still writes to. These tests run real processes, as a user does.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from quotecoder.core.model import Annotation, Article, Quote, Speaker
from quotecoder.core.workspace import open_store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

HERE = Path(__file__).parent
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")

#: Process A: holds a Store open and writes a label for each quote id read from stdin;
#: "job" opens and closes a second Store (as a background job of the window does).
WRITER = textwrap.dedent("""
    import sys
    from quotecoder.core.store import Store
    store = Store(sys.argv[1])
    print("READY", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "label":
            store.set_label(int(args[0]), "kim", args[1])
        elif command == "job":
            with Store(sys.argv[1]) as job_store:
                job_store.article_count()
        elif command == "import":  # the window's import job, on the folder that holds the database
            from quotecoder.core.importing import import_paths
            with Store(sys.argv[1]) as job_store:
                import_paths(job_store, [args[0]], None)
        print("OK", flush=True)
""")

#: Process C: prints every stored label as JSON.
READER = textwrap.dedent("""
    import json, sys
    from quotecoder.core.store import Store
    with Store(sys.argv[1], readonly=True) as store:
        units = store.stance_units()
    print(json.dumps({q: v for q, v in units.items()}))
""")


def make_database(path: Path, articles: int = 3, quotes: int = 4) -> list[int]:
    """A database of fictional articles; returns the quote ids."""
    with open_store(path) as store:
        for a in range(articles):
            sentences = [f"“Point {q} of the Veskara plan stands,” envoy Lio Darr{a} said. " for q in range(quotes)]
            text = "".join(sentences)
            found, pos = [], 0
            for sentence in sentences:
                start, end = pos + 1, pos + sentence.index(",”")
                found.append(Quote(start=start, end=end, text=text[start:end], kind="direct",
                                   speaker=Speaker(f"Lio Darr{a}", "person")))
                pos += len(sentence)
            store.add_article(Article(text=text, source=f"{a}.txt", title=f"Plan {a}", content_hash=f"h{a}"),
                              Annotation(quotes=found))
        return [q.id for a in store.article_ids() for q in store.quotes(a)]


def read_labels(db: Path) -> dict[int, str]:
    """Process C: what another process sees."""
    done = subprocess.run([sys.executable, "-c", READER, str(db)], capture_output=True, text=True, timeout=60,
                          env=ENV)
    assert done.returncode == 0, done.stderr
    return {int(q): v["kim"] for q, v in json.loads(done.stdout).items() if "kim" in v}


def cli(*args: object) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "quotecoder", *map(str, args)], capture_output=True, text=True,
                          timeout=120, env=ENV)
    assert done.returncode == 0, done.stderr
    return done


class Writer:
    """Process A, driven line by line."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        assert self.proc.stdout.readline().strip() == "READY", self.proc.stderr.read()

    def send(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        assert answer == "OK", self.proc.stderr.read()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)


def test_a_background_store_and_a_cli_export_lose_no_write(tmp_path):
    db = tmp_path / "annotations.db"
    quotes = make_database(db)
    expected: dict[int, str] = {}
    writer = Writer(db)
    try:
        writer.send(f"label {quotes[0]} opposed")
        expected[quotes[0]] = "opposed"
        writer.send("job")  # a background job opens and closes a second Store in process A
        cli("export", "--db", db, "--format", "long", "--out", tmp_path / "e.csv")  # process B
        for quote_id, stance in ((quotes[1], "threat"), (quotes[2], "neutral"), (quotes[0], "threat")):
            writer.send(f"label {quote_id} {stance}")
            expected[quote_id] = stance
        assert read_labels(db) == expected  # process C, while A still runs
    finally:
        writer.kill()
    assert read_labels(db) == expected  # and after A was killed
    with open_store(db) as store:
        assert store.integrity_check() == "ok"


def test_every_cli_command_beside_a_writer_loses_nothing(tmp_path):
    """Reading and writing commands alike, each after a background Store in the writer."""
    db = tmp_path / "annotations.db"
    quotes = make_database(db)
    codes = tmp_path / "codes.csv"
    codes.write_text(f"quote_id,coder,stance\n{quotes[5]},lou,opposed\n", encoding="utf-8")
    commands = [
        ("export", "--format", "jsonl", "--out", tmp_path / "backup.jsonl"),
        ("agreement",),
        ("import-codes", codes),
        ("adjudicate",),
        ("sample", "--articles", "1"),
    ]
    expected: dict[int, str] = {}
    writer = Writer(db)
    try:
        for n, command in enumerate(commands):
            writer.send(f"label {quotes[n]} opposed")
            expected[quotes[n]] = "opposed"
            writer.send("job")
            cli(*command, "--db", db)
        writer.send(f"label {quotes[-1]} neutral")
        expected[quotes[-1]] = "neutral"
    finally:
        writer.kill()
    assert read_labels(db) == expected
    with open_store(db) as store:
        assert store.stance_units(["lou"]) == {quotes[5]: {"lou": "opposed"}}


def test_importing_the_folder_that_holds_the_database_never_opens_it(tmp_path):
    db = tmp_path / "annotations.db"
    quotes = make_database(db)
    (tmp_path / "story.txt").write_text("“The bridge reopens on Monday,” engineer Pia Sandoval said.",
                                        encoding="utf-8")
    expected: dict[int, str] = {}
    writer = Writer(db)
    try:
        writer.send(f"label {quotes[0]} opposed")
        expected[quotes[0]] = "opposed"
        writer.send(f"import {tmp_path}")  # the database, its -wal and -shm lie in that folder
        cli("export", "--db", db, "--format", "long", "--out", tmp_path / "e.csv")
        writer.send(f"label {quotes[1]} threat")
        expected[quotes[1]] = "threat"
        assert read_labels(db) == expected
    finally:
        writer.kill()
    assert read_labels(db) == expected
    with open_store(db) as store:
        assert store.article_count() == 4  # the story came in; the database's files did not


def test_nothing_in_the_process_but_sqlite_opens_the_database(tmp_path, monkeypatch):
    """Every path the core takes on a database (open, second store, backup, exports, merge,
    restore, import-codes, import of its folder) with Python's file opening watched."""
    import builtins
    import io

    from quotecoder.core.export import FORMATS, export
    from quotecoder.core.importing import import_paths
    from quotecoder.core.store import Store
    from quotecoder.core.transfer import import_annotation_records, merge_database, read_annotation_jsonl

    db, other = tmp_path / "annotations.db", tmp_path / "ben.db"
    quotes = make_database(db)
    make_database(other)
    opened: list[str] = []
    real_open, real_os_open = io.open, os.open

    def spy(file, *args, **kwargs):
        opened.append(os.fspath(file) if not isinstance(file, int) else "")
        return real_open(file, *args, **kwargs)

    def os_spy(file, *args, **kwargs):
        opened.append(os.fspath(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(os, "open", os_spy)
    (tmp_path / "codes.csv").write_text(f"quote_id,coder,stance\n{quotes[0]},lou,opposed\n", encoding="utf-8")
    with Store(db) as store:
        store.set_label(quotes[1], "kim", "threat")
        Store(db).close()
        store.backup(tmp_path / "copy.db")
        for fmt in FORMATS:
            export(store, fmt, tmp_path / f"out.{fmt}")
        merge_database(store, other)
        import_annotation_records(store, read_annotation_jsonl(tmp_path / "out.jsonl"))
        from quotecoder.core.codes_import import import_codes

        import_codes(store, tmp_path / "codes.csv")
        import_paths(store, [tmp_path], None)
        for own in (db, f"{db}-wal", f"{db}-shm"):
            with pytest.raises(ValueError, match="itself"):
                import_annotation_records(store, read_annotation_jsonl(own))
            with pytest.raises(ValueError, match="itself"):
                import_codes(store, own)
    touched = [p for p in opened if Path(p).name.startswith(db.name)]
    assert touched == []


# -- the real window ---------------------------------------------------------------------------


class Window:
    """The real coding window in its own process (tests/window_driver.py), driven line by line."""

    def __init__(self, db: Path, env: dict[str, str] = ENV) -> None:
        self.proc = subprocess.Popen([sys.executable, str(HERE / "window_driver.py"), str(db), "kim"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
        self.acknowledged: dict[int, str] = {}
        self._expect("READY")

    def _expect(self, word: str) -> None:
        deadline = time.monotonic() + 120
        for line in self.proc.stdout:
            if line.startswith("ACK "):
                _, quote_id, stance = line.split()
                self.acknowledged[int(quote_id)] = stance
            elif line.strip() == word:
                return
            elif line.startswith("FAILED"):
                raise AssertionError(f"the window failed: {line}")
            assert time.monotonic() < deadline, f"the window did not answer {word}"
        raise AssertionError(f"the window stopped: {self.proc.stderr.read()[-3000:]}")

    def send(self, line: str, answer: str = "DONE") -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        self._expect(answer)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)


@pytest.fixture(params=["offscreen", "xvfb"])
def window_env(request, tmp_path):
    """How the window is shown: Qt's offscreen platform, or a real X server (Xvfb)."""
    if request.param == "offscreen":
        yield ENV
        return
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb")
    number = next((n for n in range(140, 180) if not Path(f"/tmp/.X{n}-lock").exists()), None)
    if number is None:
        pytest.skip("no free X display")
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        yield dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=f":{number}", HOME=str(tmp_path))
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_window_codes_a_cli_command_runs_the_window_codes_again(tmp_path, window_env):
    db = tmp_path / "annotations.db"
    make_database(db, articles=4)
    window = Window(db, window_env)
    try:
        window.send("code 3")
        window.send(f"export {tmp_path / 'from-window.csv'}")  # File › Export: a background job's Store
        cli("export", "--db", db, "--format", "long", "--out", tmp_path / "e.csv")
        window.send("code 3")
        cli("agreement", "--db", db)
        window.send("code 2")
        assert len(window.acknowledged) == 8
        assert read_labels(db) == window.acknowledged  # everyone else sees every acknowledged label
    finally:
        window.kill()
    assert read_labels(db) == window.acknowledged  # and they survive the window's death


# -- creating one new database from several processes at once ----------------------------------

#: Waits for the starting gun (a file beside the database), then opens (creates) the database.
OPENER = textwrap.dedent("""
    import os, sys, time
    from quotecoder.core.workspace import open_store
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.001)
    with open_store(sys.argv[1]) as store:
        print(store.schema_version, store.codebook().version)
""")


def test_processes_creating_the_same_new_database_at_once_all_succeed(tmp_path):
    from quotecoder.core.schema import SCHEMA_VERSION

    for round_ in range(8):  # the race for the switch to WAL lost about one run in four at 4 rounds
        db, go = tmp_path / f"new{round_}.db", tmp_path / f"go{round_}"
        procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(db), str(go)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=ENV) for _ in range(5)]
        time.sleep(1.5)  # every process has imported QuoteCoder and waits
        go.write_text("go")
        results = [p.communicate(timeout=60) for p in procs]
        for proc, (out, err) in zip(procs, results):
            assert proc.returncode == 0, err
            assert out.split() == [str(SCHEMA_VERSION), "1"]  # one schema, one codebook version
