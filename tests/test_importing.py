"""The import pipeline through its API: cancelling, resuming, warnings, progress, one bad article
or file among good ones, a full disk, one walk of the folders, pre-tagged JSON Lines."""

import json
import os
from collections import Counter

from quotecoder.cli import main
from quotecoder.core.importing import import_paths
from quotecoder.core.model import Annotation, Entity, Quote, Speaker
from quotecoder.core.progress import Progress
from quotecoder.core.store import Store


def corpus(folder, count=60):
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03d}.txt").write_text(
            f"Harbourmaster Olek Brandt{n} said the quay would reopen on day {n}.\n", encoding="utf-8"
        )
    return folder


def test_cancel_stops_between_articles_and_a_rerun_completes(tmp_path):
    folder = corpus(tmp_path / "in")
    seen = []

    def cancel_after_twenty(state: Progress) -> None:
        seen.append((state.done, state.total))
        if state.done >= 20:
            state.cancel()

    with Store(tmp_path / "x.db") as store:
        first = import_paths(store, [folder], progress=Progress(on_change=cancel_after_twenty), batch_size=8)
        assert first.cancelled and not first.ok
        assert 20 <= store.article_count() < 60
        assert all(total == 60 for _, total in seen[1:])
        rest = import_paths(store, [folder])
        assert not rest.cancelled and len(rest.duplicates) == store.article_count() - len(rest.imported)
        assert store.article_count() == 60


def test_warnings_do_not_fail_the_import(tmp_path):
    table = tmp_path / "rows.csv"
    table.write_text("text,date\nThe envoy said talks would resume.,someday soon\n", encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        report = import_paths(store, [table])
    assert report.ok and len(report.imported) == 1 and len(report.warnings) == 1
    assert "warning" in report.summary()


class FakePretagger:
    """Stands in for spaCy: one PERSON entity per text ("Olek"); ``broken(text)`` picks the
    texts whose proposals are wrong (a span that does not fit) or whose tagging raises."""

    def __init__(self, broken=lambda text: False, raises=False) -> None:
        self.broken, self.raises = broken, raises
        self.registry: list = []
        self.registries: list = []

    def annotate(self, texts, batch_size=16, n_process=1, registry=None):
        self.registries.append(registry)
        for text in texts:
            if self.broken(text) and self.raises:
                raise RuntimeError("tagger crashed")
            if self.broken(text):
                yield Annotation(quotes=[Quote(0, 5, "WRONG", "direct")])
            else:
                start = text.index("Olek")
                yield Annotation(entities=[Entity(start, start + 4, "PERSON", "Olek")])


def test_an_article_that_cannot_be_stored_is_reported_and_the_rest_of_its_batch_kept(tmp_path):
    folder = corpus(tmp_path / "in", count=10)
    with Store(tmp_path / "x.db") as store:
        report = import_paths(store, [folder], FakePretagger(lambda text: "Brandt3 " in text))
        assert len(report.imported) == 9 and store.article_count() == 9
        [problem] = report.problems
        assert problem.path.endswith("003.txt") and "not stored" in problem.message
        assert all(len(store.entities(i)) == 1 for i in store.article_ids())  # nothing half-stored


def test_an_article_the_tagger_fails_on_is_imported_without_proposals(tmp_path):
    folder = corpus(tmp_path / "in", count=10)
    with Store(tmp_path / "x.db") as store:
        report = import_paths(store, [folder], FakePretagger(lambda text: "Brandt3 " in text, raises=True))
        assert len(report.imported) == 10 and report.entities == 9 and not report.problems
        [warning] = report.warnings
        assert warning.path.endswith("003.txt") and "tagger crashed" in warning.message


def test_a_reader_failing_inside_one_file_costs_only_the_rest_of_that_file(tmp_path, monkeypatch):
    import quotecoder.core.importing as importing

    folder = corpus(tmp_path / "in", count=6)
    real = importing.read_articles

    def breaks_on_002(paths, columns=None, encoding=None):
        for item in real(paths, columns, encoding):
            if str(paths[0]).endswith("002.txt"):
                raise KeyError("a reader's bug")
            yield item

    monkeypatch.setattr(importing, "read_articles", breaks_on_002)
    with Store(tmp_path / "x.db") as store:
        report = import_paths(store, [folder])
        assert len(report.imported) == 5
        [problem] = report.problems
        assert problem.path.endswith("002.txt") and "KeyError" in problem.message


def _fill_up(store):
    """Let the database grow by a few pages only: SQLite's "database or disk is full" comes soon."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
    return store


def _long_corpus(folder, count):
    folder.mkdir()
    for n in range(count):
        body = " ".join(f"Harbourmaster Olek Brandt{n} said pier {k} of {n} would reopen." for k in range(60))
        (folder / f"{n:03d}.txt").write_text(body + "\n", encoding="utf-8")
    return folder


def test_a_full_disk_stops_the_import_and_the_summary_says_what_was_saved(tmp_path):
    folder = _long_corpus(tmp_path / "in", 120)
    with Store(tmp_path / "x.db") as store:
        _fill_up(store)
        report = import_paths(store, [folder], batch_size=8)
        assert report.stopped and "full" in report.stopped and not report.ok
        saved = store.article_count()
    assert 0 < saved < 120 and len(report.imported) == saved  # every counted article is stored
    assert report.summary().startswith(f"Imported {saved} article(s)") and "stopped early" in report.summary()


def test_the_cli_prints_the_summary_when_the_disk_fills(tmp_path, monkeypatch, capsys):
    import quotecoder.core.workspace as workspace

    real = workspace.open_store
    monkeypatch.setattr(workspace, "open_store", lambda *args, **kwargs: _fill_up(real(*args, **kwargs)))
    folder = _long_corpus(tmp_path / "in", 120)
    assert main(["import", str(folder), "--db", str(tmp_path / "x.db"), "--no-pretag"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Imported ") and "stopped early" in out and "full" in out


def test_an_import_walks_each_folder_once(tmp_path, monkeypatch):
    folder = corpus(tmp_path / "in", count=4)
    (folder / "more").mkdir()
    (folder / "more" / "x.txt").write_text("Skipper Ines Vale said the buoys were moved.\n", encoding="utf-8")
    listed = Counter()
    real = os.scandir

    def counting(path=".", *args):
        listed[os.fspath(path)] += 1
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", counting)
    with Store(tmp_path / "x.db") as store:
        assert len(import_paths(store, [folder]).imported) == 5
    assert listed == {str(folder): 1, str(folder / "more"): 1}


def test_the_registry_is_given_to_the_pretagger_not_set_on_it(tmp_path):
    folder = corpus(tmp_path / "in", count=3)
    pretagger = FakePretagger()
    with Store(tmp_path / "x.db") as store:
        store.add_speaker(Speaker("Olek Brandt", "person", aliases=("the harbourmaster",)))
        import_paths(store, [folder], pretagger)
    assert pretagger.registry == []  # the shared object is left alone
    [registry] = pretagger.registries
    assert [(s.name, s.aliases) for s in registry] == [("Olek Brandt", ("the harbourmaster",))]


TEXT = "Ferry captain Mara Quill said the crossing would resume on Monday."


def _record(text=TEXT, **changes):
    record = {
        "source": "wire/quill.txt", "text": text, "title": "Crossing to resume", "outlet": "Gullport Gazette",
        "published": "2025-04-03", "model": "en_core_web_sm 3.8.0",
        "entities": [{"start": 14, "end": 24, "label": "PERSON", "text": "Mara Quill"}],
        "quotes": [{"start": 30, "end": 66, "text": text[30:66], "kind": "indirect",
                    "cue": {"start": 25, "end": 29, "text": "said"}, "confidence": 0.8,
                    "speaker": {"name": "Mara Quill", "type": "person",
                                "mention": {"start": 14, "end": 24, "text": "Mara Quill"}, "confidence": 0.7,
                                "candidates": [{"name": "Mara Quill", "type": "person", "confidence": 0.7},
                                               {"name": "Gullport Ferries", "type": "organisation",
                                                "confidence": 0.2}]}}],
    }
    record.update(changes)
    return json.dumps(record)


def test_pretagged_jsonl_keeps_the_proposals_and_reports_bad_records_by_line(tmp_path):
    other = TEXT.replace("Monday", "Tuesday")
    lines = [
        _record(),
        _record(text=other, quotes=[{"start": 30, "end": 66, "text": "not what the text says here at all!!", "kind": "indirect"}]),
        "{broken json",
        _record(text=other, quotes=[{"start": 30, "end": 66, "text": other[30:66], "kind": "indirect",
                                     "speaker": {"name": "Mara Quill", "type": "alien"}}]),
        _record(text=TEXT + " Extra.", entities=[], quotes=[], error="RuntimeError: out of memory"),
    ]
    (tmp_path / "tagged.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        report = import_paths(store, [tmp_path / "tagged.jsonl"], FakePretagger(raises=True, broken=lambda t: True))
        assert len(report.imported) == 2
        assert [p.line for p in report.problems] == [2, 3, 4]
        assert "does not match the text" in report.problems[0].message and "alien" in report.problems[2].message
        [warning] = report.warnings
        assert warning.line == 5 and "pre-tagging failed (RuntimeError: out of memory)" in warning.message
        first, failed = report.imported
        article = store.article(first)
        assert (article.title, article.outlet, article.published, article.model) == (
            "Crossing to resume", "Gullport Gazette", "2025-04-03", "en_core_web_sm 3.8.0")
        [quote] = store.quotes(first)
        assert (quote.text, quote.confidence, quote.speaker.name, quote.speaker_confidence) == (
            TEXT[30:66], 0.8, "Mara Quill", 0.7)
        assert [(c.name, c.confidence) for c in quote.speaker_candidates] == [("Mara Quill", 0.7), ("Gullport Ferries", 0.2)]
        assert quote.mention.text == "Mara Quill" and quote.cue.text == "said"
        assert store.quotes(failed) == [] and store.article(failed).model is None


def test_a_cancelled_pretagged_import_completes_when_run_again(tmp_path):
    path = tmp_path / "tagged.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(100):
            text = TEXT.replace("Monday", f"day {n:03d}")
            out.write(_record(text=text, source=f"wire/{n}.txt", quotes=[]) + "\n")

    def cancel_after_forty(state: Progress) -> None:
        if state.message.startswith("Imported") and int(state.message.split()[1]) >= 40:
            state.cancel()

    with Store(tmp_path / "x.db") as store:
        first = import_paths(store, [path], progress=Progress(on_change=cancel_after_forty), batch_size=16)
        assert first.cancelled and 40 <= len(first.imported) < 100
        assert store.article_count() == len(first.imported)
        rest = import_paths(store, [path])
        assert rest.ok and rest.duplicate_count == len(first.imported) and store.article_count() == 100
