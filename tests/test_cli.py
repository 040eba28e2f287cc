"""The command line, through its entry point."""

import json
import subprocess
import sys

import pytest

from quotecoder import __version__
from quotecoder.core.store import Store

GOOD = (
    "By MARA QUILL FOR THE HARBOUR POST\n\n"
    "Published: 08:15 GMT, 3 April 2025 | Updated: 09:02 GMT, 3 April 2025\n\n"
    "Defence Minister Tomas Brenner said on Thursday that the force would sail within weeks.\n\n"
    "‘We are ready to play our part,’ Mr Brenner told reporters in Port Aldis.\n"
)
CP1252 = "The envoy said the talks were ‘constructive’ and that Veskara’s position was clear.\n"


def quotecoder(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "quotecoder", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_version():
    result = quotecoder("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"QuoteCoder {__version__}"


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "windows.txt").write_bytes(CP1252.encode("cp1252"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return folder


def test_import_reports_bad_files_and_imports_the_rest(mixed_folder, tmp_path):
    db = tmp_path / "x.db"
    result = quotecoder("import", mixed_folder, "--db", db)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Imported 2 article(s)" in result.stdout
    assert "empty.txt" in result.stdout and "photo.txt" in result.stdout
    with Store(db) as store:
        assert store.article_count() == 2
        articles = [store.article(i) for i in store.article_ids()]
    good = next(a for a in articles if a.source.endswith("good.txt"))
    assert good.outlet == "The Harbour Post" and good.byline == "Mara Quill"
    assert good.published.startswith("2025-04-03")
    assert good.text.startswith("Defence Minister Tomas Brenner")
    windows = next(a for a in articles if a.source.endswith("windows.txt"))
    assert "‘constructive’" in windows.text and "Veskara’s" in windows.text

    again = quotecoder("import", mixed_folder / "good.txt", mixed_folder / "windows.txt", "--db", db)
    assert again.returncode == 0
    assert "Imported 0 article(s)" in again.stdout and "Nothing new to import." in again.stdout
    with Store(db) as store:
        assert store.article_count() == 2


def test_import_stores_entities(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "x.db"
    assert quotecoder("import", tmp_path / "a.txt", "--db", db).returncode == 0
    with Store(db) as store:
        [article_id] = store.article_ids()
        entities = store.entities(article_id)
        text = store.article(article_id).text
    assert any(e.label == "PERSON" and "Brenner" in e.text for e in entities)
    assert all(text[e.start : e.end] == e.text for e in entities)


def test_import_csv_with_column_mapping(tmp_path):
    table = tmp_path / "rows.csv"
    table.write_text(
        "Headline,Body,Source\n"
        'Talks resume,"The envoy said talks would resume on Monday.",Harbour Post\n'
        'Second,"Officials said, ""we are hopeful,"" on Friday.",Coastal Ledger\n',
        encoding="utf-8",
    )
    db = tmp_path / "x.db"
    result = quotecoder(
        "import", table, "--db", db, "--column", "Headline=title", "--column", "Body=text", "--no-pretag"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with Store(db) as store:
        titles = sorted(store.article(i).title for i in store.article_ids())
    assert titles == ["Second", "Talks resume"]


def test_bad_column_mapping_is_a_usage_error(tmp_path):
    result = quotecoder("import", tmp_path, "--column", "Body=article")
    assert result.returncode == 2
    assert "NAME=FIELD" in result.stderr


def test_pretag_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = quotecoder("pretag", tmp_path / "a.txt", "--jsonl")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    assert record["source"].endswith("a.txt")
    assert record["text"].startswith("Defence Minister")
    assert {"entities", "quotes"} <= record.keys()
    for span in record["entities"] + record["quotes"]:
        assert record["text"][span["start"] : span["end"]] == span["text"]


def test_corrupt_database_is_a_clear_error(tmp_path):
    db = tmp_path / "bad.db"
    db.write_text("not a database")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = quotecoder("import", tmp_path / "a.txt", "--db", db)
    assert result.returncode == 2
    assert "not a QuoteCoder database" in result.stderr and "Traceback" not in result.stderr
    assert db.read_text() == "not a database"


def test_seeds_import(shared_corpus, tmp_path):
    db = tmp_path / "seeds.db"
    result = quotecoder("import", shared_corpus / "seeds", "--db", db)
    assert result.returncode == 0, result.stdout + result.stderr
    with Store(db) as store:
        articles = {store.article(i).source.rsplit("/", 1)[-1][:3]: store.article(i) for i in store.article_ids()}
        assert len(articles) == 3
        assert all(store.entities(a.id) for a in articles.values())
    assert articles["000"].byline == "Caitlin Powell"
    assert articles["000"].outlet == "Daily Mail Australia"
    assert articles["000"].published.startswith("2025-03-14")
    assert articles["002"].published == "2025-09-09"
    assert articles["002"].title
    again = quotecoder("import", shared_corpus / "seeds", "--db", db)
    assert "Skipped 3 duplicate(s)" in again.stdout and "Nothing new to import." in again.stdout


def test_study_commands_refuse_a_database_that_does_not_exist(tmp_path):
    result = quotecoder("export", "--db", tmp_path / "typo.db", "--out", tmp_path / "x.csv")
    assert result.returncode == 2 and "There is no database" in result.stderr
    assert not (tmp_path / "typo.db").exists()


def test_a_damaged_backup_is_a_clear_error(tmp_path):
    backup = tmp_path / "backup.jsonl"
    backup.write_text('{"article": {"title": "x"}}\n', encoding="utf-8")
    result = quotecoder("import-annotations", backup, "--db", tmp_path / "new.db")
    assert result.returncode == 2 and "backup.jsonl:1" in result.stderr and "Traceback" not in result.stderr
