"""A database made before codebooks had several variables (schema 4) opens, is upgraded, and keeps
every stance label as the variable ``stance``, its adjudications and its codebook, with a copy
of the database as it was kept beside it (issue 14)."""

import contextlib
import csv
import io
import json
import sqlite3

import pytest

from quotecoder.cli import main
from quotecoder.core.schema import MIGRATIONS, SCHEMA_VERSION
from quotecoder.core.store import Store

STAMP = "2025-04-02T09:30:00+00:00"
TEXT = ("Mara Lind, the harbour minister, said the port was “ready for the convoys”. "
        "Tomas Greve warned that “nobody asked the dockers”. Lind added that “the cranes are waiting”.")
QUOTES = ["ready for the convoys", "nobody asked the dockers", "the cranes are waiting"]
LABELS = [{"key": "pro-deployment", "name": "Pro-deployment", "description": "Supports it.", "colour": "#9DCFF8",
           "shortcut": "1"},
          {"key": "opposed", "name": "Opposed", "description": "Against it.", "colour": "#F8C98E", "shortcut": "2"},
          {"key": "neutral", "name": "Neutral", "description": "", "colour": "#E3E3E3", "shortcut": "3"}]
#: (quote, coder, label, note): what the coders of the old database labelled.
CODED = [(1, "ann", "pro-deployment", "clear support"), (1, "ben", "pro-deployment", ""),
         (2, "ann", "opposed", ""), (2, "ben", "neutral", "a warning, not a position?"),
         (3, "ann", "pro-deployment", ""), (4, "ben", "opposed", "")]


def old_database(path, codebook_format):
    """A schema-4 database as QuoteCoder made it before issue 14: the first four migrations, then
    rows written the way that version wrote them (codebooks as a bare label list in the oldest
    versions, as ``{"variables": [...]}`` in the last one)."""
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:4]:
        conn.executescript(migration)
    conn.execute("PRAGMA user_version = 4")
    with conn:
        conn.executemany("INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)",
                         [(1, "ann", STAMP), (2, "ben", STAMP), (3, "chair", STAMP)])
        old = json.dumps(LABELS)
        schema4 = json.dumps({"variables": [{"key": "stance", "name": "Stance", "unit": "quote",
                                             "level": "nominal", "labels": LABELS}]})
        first, latest = (schema4, old) if codebook_format == "old" else (old, schema4)
        conn.executemany("INSERT INTO codebooks (version, name, labels, created_at) VALUES (?, ?, ?, ?)",
                         [(1, "Harbour study", first, STAMP), (2, "Harbour study", latest, STAMP)])
        conn.executemany("INSERT INTO speakers (id, name, type, created_at) VALUES (?, ?, 'person', ?)",
                         [(1, "Mara Lind", STAMP), (2, "Tomas Greve", STAMP)])
        for article in (1, 2):
            conn.execute("""INSERT INTO articles (id, source, outlet, title, published, text, content_hash,
                            imported_at, section, language) VALUES (?, ?, 'Harbour Courier', ?, '2025-03-1' || ?,
                            ?, ?, ?, 'Port', 'en')""",
                         (article, f"harbour{article}.txt", f"Convoys {article}", article,
                          TEXT + " " * article, f"hash{article}", STAMP))
        quote_id = 0
        for article in (1, 2):
            for i, words in enumerate(QUOTES[: 3 - article + 1]):
                quote_id += 1
                start = TEXT.index(words)
                conn.execute("""INSERT INTO quotes (id, article_id, start, end, text, kind, speaker_id, origin,
                                confidence, created_at, updated_at, speaker_candidates)
                                VALUES (?, ?, ?, ?, ?, 'direct', ?, 'model', 0.9, ?, ?, '[]')""",
                             (quote_id, article, start, start + len(words), words, 2 if i == 1 else 1, STAMP, STAMP))
        conn.executemany("""INSERT INTO stance_labels (quote_id, coder_id, label, note, codebook_version, coded_at)
                            VALUES (?, (SELECT id FROM coders WHERE name = ?), ?, ?, 2, ?)""",
                         [(*row, STAMP) for row in CODED])
        conn.execute("""INSERT INTO adjudications (quote_id, label, coder_id, note, decided_at)
                        VALUES (2, 'opposed', 3, 'a warning is opposition here', ?)""", (STAMP,))
        conn.execute("""INSERT INTO corrections (coder_id, item, item_id, action, before, after, at)
                        VALUES (2, 'quote', 3, 'speaker', '{"speaker_id": 1}', '{"speaker_id": 2}', ?)""", (STAMP,))
    conn.close()


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    assert status == 0, err.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("codebook_format", ["old", "schema 4"])
def test_a_schema_4_database_keeps_every_label_as_stance(tmp_path, codebook_format):
    path = tmp_path / "study.db"
    old_database(path, codebook_format)
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        codes = sorted((c.quote_id, c.coder, c.label, c.note, c.variable, c.coded_at)
                       for article in (1, 2) for c in store.labels(article, variable=None))
        assert codes == sorted((*row, "stance", STAMP) for row in CODED)
        assert store.adjudication(2) == ("opposed", "chair", STAMP)
        codebook = store.codebook()
        assert [v.key for v in codebook.variables] == ["stance"] and codebook.version == 2
        assert [lab.key for lab in codebook.stance.labels] == [lab["key"] for lab in LABELS]
        assert store.progress("ann") == (3, 5)
    backup = tmp_path / "study.db.schema4.bak"
    assert backup.is_file()
    with sqlite3.connect(backup) as kept:  # the copy is the database as it was
        assert kept.execute("PRAGMA user_version").fetchone()[0] == 4
        assert kept.execute("SELECT count(*) FROM stance_labels").fetchone()[0] == len(CODED)

    # the upgraded database serves the command line as any other
    assert "stance: Stance (coded per quote, nominal)" in run("codebook", "show", "--db", path)
    run("export", "--format", "long", "--out", tmp_path / "long.csv", "--db", path)
    with open(tmp_path / "long.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["coder"]]
    labelled = [(int(r["quote_id"]), r["coder"], r["stance"], r["note"]) for r in rows if r["stance"]]
    assert sorted(labelled) == sorted(CODED)
    assert next(r["speaker"] for r in rows if r["quote_id"] == "3" and r["coder"] == "ben") == "Tomas Greve"
    assert "quote 2 " in run("adjudicate", "--db", path) and "→ opposed" in run("adjudicate", "--db", path)
    assert "2 unit(s) coded by 2+ coders" in run("agreement", "--variable", "stance", "--db", path)
