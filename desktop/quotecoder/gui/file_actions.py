"""The File menu's work: importing articles (files, a folder, the samples), removing articles,
export, merging a colleague's database, codes from a spreadsheet and JSONL backups.

Slow work runs as a background job through the session; its report is shown when it ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from quotecoder.gui import commands as cmd
from quotecoder.gui.messages import confirm, message_box
from quotecoder.gui.session import Session
from quotecoder.gui.workers import Job

if TYPE_CHECKING:
    from quotecoder.gui.study_dialogs import ExportDialog


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


class FileActions:
    """Handlers of the File menu (and the start panel's buttons)."""

    def __init__(self, session: Session, host: QWidget) -> None:
        self.session, self.host = session, host
        self.last_report = None
        self.last_export: tuple[int, str] | None = None
        self.import_dialog: QProgressDialog | None = None

    # -- importing articles ----------------------------------------------------------------------

    def do_import(self) -> None:
        from quotecoder.core.importers import FILE_DIALOG_FILTER

        paths, _ = QFileDialog.getOpenFileNames(self.host, "Import articles", "", FILE_DIALOG_FILTER)
        if paths:
            self.start_import(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.host, "Import a folder of articles")
        if folder:
            self.start_import([folder])

    def start_import(self, paths: list[str | Path]) -> Job | None:
        """Import files or folders in the background, with a progress dialog and Cancel."""
        from quotecoder.core.importing import import_paths

        paths = [str(p) for p in paths]
        loader = self.session.nlp

        def work(store, progress):
            progress.start(0, "Loading the language model…")
            return import_paths(store, paths, loader.ensure(), progress=progress)

        dialog = QProgressDialog("Reading articles…", "Cancel", 0, 0, self.host)
        dialog.setObjectName("importProgress")
        dialog.setWindowTitle("Importing articles")
        dialog.setWindowModality(Qt.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        job = self.session.submit("import", work, label="Importing…", show=False, done=self._import_done,
                                  ended=dialog.close)
        if job is None:
            dialog.deleteLater()
            return None
        self.import_dialog = dialog

        def progressed(done: int, total: int, message: str) -> None:
            if total and done <= total:
                dialog.setRange(0, total)
                dialog.setValue(done)
            else:
                dialog.setRange(0, 0)
            dialog.setLabelText(message or "Importing…")

        job.progressed.connect(progressed)
        dialog.canceled.connect(job.cancel)
        dialog.show()
        return job

    def _import_done(self, report) -> None:
        self.last_report = report
        if self.session.closed:
            return
        headline = report.summary().splitlines()[0]
        self.session.note(headline, 15000)
        if report.problems or report.cancelled:
            message_box(self.host, QMessageBox.Warning if report.problems else QMessageBox.Information,
                        "Import", headline
                        + ("\nSome files could not be imported; see the details." if report.problems else "")
                        + ("\nThe import was cancelled; what was imported so far is saved."
                           if report.cancelled else ""),
                        "importReport", report.summary())

    def load_samples(self) -> Job | None:
        """Import the shipped (fictional) sample articles, pre-tagged, in the background."""
        from quotecoder.core.workspace import seed_samples

        loader = self.session.nlp

        def work(store, progress):
            progress.start(0, "Loading the language model…")
            return seed_samples(store, loader.ensure(), progress)

        def done(report) -> None:
            self.session.note(f"Sample articles imported: {len(report.imported)}. File › Remove the sample "
                              "articles… takes them out again.", 15000)

        return self.session.submit("import", work, label="Importing the sample articles…", done=done)

    # -- removing articles -----------------------------------------------------------------------

    def remove_articles(self, article_ids: list[int], then_show: int | None = None, what: str = "") -> None:
        """Ask, naming what is lost, then remove the articles (Edit › Undo brings them back)."""
        if not article_ids or not self.session.writable("Remove articles"):
            return
        summary = self.session.store.removal_summary(article_ids)
        n = len(summary.titles)
        title = what or (f"“{summary.titles[0]}”" if n == 1 else plural(n, "article"))
        lost = [plural(summary.quotes, "quote")]
        if summary.labels:
            lost.append(f"{plural(summary.labels, 'stance label')} by {', '.join(summary.coders)}")
        if summary.adjudications:
            lost.append(plural(summary.adjudications, "adjudicated decision"))
        if summary.entities:
            lost.append(plural(summary.entities, "entity", "entities"))
        detail = (f"This removes {', '.join(lost[:-1]) + ' and ' + lost[-1] if len(lost) > 1 else lost[0]} "
                  f"with {'it' if n == 1 else 'them'}.\n\nEdit › Undo (Ctrl+Z) brings "
                  f"{'it' if n == 1 else 'them'} back while this window is open.")

        def remove() -> None:
            if self.session.run(cmd.RemoveArticles(article_ids, f"Remove {title}")):
                self.session.note(f"Removed {title}. Ctrl+Z brings {'it' if n == 1 else 'them'} back.", 10000)
                if then_show is not None:
                    self.session.show_quote(then_show)

        confirm(self.host, "Remove articles", f"Remove {title} from this study?", detail, "Remove", remove,
                name="removeArticles")

    def remove_samples(self) -> None:
        from quotecoder.core.workspace import sample_article_ids

        ids = sample_article_ids(self.session.store)
        if not ids:
            self.session.note("The sample articles are not in this study.", 5000)
            return
        self.remove_articles(ids, what=f"the {plural(len(ids), 'sample article')}")

    # -- export ----------------------------------------------------------------------------------

    def export_dialog(self) -> ExportDialog:
        from quotecoder.gui.study_dialogs import ExportDialog

        store = self.session.store
        dialog = ExportDialog([c.name for c in store.coders()], self.session.coder, folder=store.path.parent,
                              blind=self.session.blind, parent=self.host)
        dialog.setObjectName("exportDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start_export(**dialog.values()))
        dialog.open()
        return dialog

    def start_export(self, fmt: str, path: str | Path, bom: bool = True, coders: list[str] | None = None
                     ) -> Job | None:
        """Write the export in the background; the status bar says how many rows. Blind mode's
        limits are the core's (the export knows who exports)."""
        from quotecoder.core.export import export

        target, coder = str(path), self.session.coder

        def work(store, progress):
            progress.start(0, f"Exporting {fmt} to {Path(target).name}…")
            return export(store, fmt, target, bom=bom, coders=coders, coder=coder)

        return self.session.submit("export", work, label=f"Exporting {fmt}…", writes=False,
                                   done=lambda count: self._export_done(count, fmt, target))

    def _export_done(self, count: int, fmt: str, path: str) -> None:
        self.last_export = (count, path)
        what = "record" if fmt == "jsonl" else "row"
        self.session.note(f"Exported {plural(count, what)} ({fmt}) to {path}", 15000)

    # -- merging, codes, backups -----------------------------------------------------------------

    def _open(self, title: str, filters: str, then) -> None:
        path, _ = QFileDialog.getOpenFileName(self.host, title, "", filters)
        if path:
            then(path)

    def merge_database_dialog(self) -> None:
        self._open("Merge coder database", "QuoteCoder databases (*.db *.sqlite *.sqlite3);;All files (*)",
                   self.start_merge)

    def restore_jsonl_dialog(self) -> None:
        self._open("Restore from JSONL backup", "JSONL backups (*.jsonl);;All files (*)", self.start_restore)

    def import_codes_dialog(self) -> None:
        self._open("Import codes from spreadsheet", "CSV (*.csv);;All files (*)", self.start_import_codes)

    def start_merge(self, path: str | Path) -> Job | None:
        """Merge another database in the background, then show what came in."""
        from quotecoder.core.transfer import merge_database

        other = str(path)

        def work(store, progress):
            progress.start(0, f"Merging {Path(other).name}…")
            return merge_database(store, other)

        return self._transfer("merge", work, f"Merging {Path(other).name}…", "Merge coder database", "mergeReport")

    def start_restore(self, path: str | Path) -> Job | None:
        from quotecoder.core.transfer import import_annotation_records, read_annotation_jsonl

        source = str(path)

        def work(store, progress):
            progress.start(0, f"Restoring {Path(source).name}…")
            return import_annotation_records(store, read_annotation_jsonl(source), origin=Path(source).name)

        return self._transfer("restore", work, f"Restoring {Path(source).name}…", "Restore from JSONL backup",
                              "restoreReport")

    def start_import_codes(self, path: str | Path) -> Job | None:
        from quotecoder.core.transfer import import_codes

        source = str(path)

        def work(store, progress):
            progress.start(0, f"Reading codes from {Path(source).name}…")
            return import_codes(store, source)

        return self._transfer("import-codes", work, f"Reading {Path(source).name}…",
                              "Import codes from spreadsheet", "codesReport")

    def _transfer(self, kind: str, work, label: str, title: str, report_name: str) -> Job | None:
        return self.session.submit(kind, work, label=label,
                                   done=lambda report: self._transfer_done(report, title, report_name))

    def _transfer_done(self, report, title: str, report_name: str) -> None:
        from quotecoder.core.study import merge_report_text
        from quotecoder.gui.study_dialogs import ReportDialog

        self.last_report = report
        if self.session.closed:
            return
        if hasattr(report, "conflicts"):  # a MergeReport
            headline, detail = merge_report_text(report, self.session.blind)
            warning = bool(report.conflicts or report.unmatched)
        else:  # a CodesReport
            lines = report.summary().splitlines()
            headline, detail = lines[0], "\n".join(lines[1:])
            warning = bool(report.problems)
        self.session.note(headline.splitlines()[0], 15000)
        dialog = ReportDialog(title, headline, detail, self.host, warning=warning)
        dialog.setObjectName(report_name)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
