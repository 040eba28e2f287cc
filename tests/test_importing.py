"""The import pipeline through its API: cancelling, resuming, warnings, progress."""

from quotecoder.core.importing import import_paths
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
