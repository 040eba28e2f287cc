"""The coding window's study menus: merge, export, codes and backups, the reliability sample,
blind mode, agreement, adjudication, and suggestions from near-duplicate copies.

A mixin of :class:`quotecoder.gui.main_window.MainWindow`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from quotecoder.core.store import DatabaseReadOnly, StoreError
from quotecoder.gui.study_dialogs import (
    AdjudicationDialog,
    AgreementDialog,
    ExportDialog,
    ReportDialog,
    SampleDialog,
    merge_report_text,
)
from quotecoder.gui.workers import Job

BLIND_SETTING = "blind_mode"
BLIND_OFF_TIP = "Off in blind mode: it shows other coders' labels (View › Blind mode)"


def _error_box(parent, title, exc, detail: str = ""):
    from quotecoder.gui.main_window import error_box

    return error_box(parent, title, exc, detail)


class StudyMixin:
    """Menus and behaviour for coding studies (needs the MainWindow's store, coder, jobs, views)."""

    blind = False
    suggestion: str | None = None
    agreement_view: AgreementDialog | None = None
    adjudication_view: AdjudicationDialog | None = None
    last_export: tuple[int, str] | None = None

    # -- construction ----------------------------------------------------------------------------

    def _build_study_actions(self, file_menu, view_menu, tools) -> None:
        self.blind = self.store.setting(BLIND_SETTING) == "1"
        self.study_actions: dict[str, QAction] = {}

        def add(menu, name: str, text: str, slot, edits: bool = False, tip: str = "") -> QAction:
            action = QAction(text, self)
            action.setObjectName(name)
            action.triggered.connect(slot)
            if tip:
                action.setStatusTip(tip)
                action.setToolTip(tip)
            if edits and self.readonly:
                action.setEnabled(False)
            menu.addAction(action)
            self.study_actions[name] = action
            return action

        file_menu.addSeparator()
        add(file_menu, "merge_database", "Merge coder database…", self.merge_database_dialog, True,
            "Bring another coder's database (articles, quotes, labels, decisions) into this one")
        add(file_menu, "import_codes", "Import codes from spreadsheet…", self.import_codes_dialog, True,
            "Read stance codes back from a CSV with the columns quote_id, coder, stance")
        add(file_menu, "restore_jsonl", "Restore from JSONL backup…", self.restore_jsonl_dialog, True,
            "Bring back what a JSONL backup holds; nothing here is overwritten")
        file_menu.addSeparator()
        export = add(file_menu, "export", "Export…", self.export_dialog,
                     tip="Write a CSV for R, SPSS, Stata or Excel, or a JSONL backup")
        export.setShortcut("Ctrl+E")
        view_menu.addSeparator()
        blind = add(view_menu, "blind_mode", "Blind mode", self.set_blind_mode,
                    tip="Never show another coder's labels (saved with this database)")
        blind.setCheckable(True)
        blind.setChecked(self.blind)
        tools.addSeparator()
        add(tools, "reliability_sample", "Reliability sample…", self.sample_dialog, True,
            "Draw the articles every coder codes, for inter-coder agreement")
        add(tools, "agreement", "Agreement…", self.agreement_dialog,
            tip="Krippendorff's α, Cohen's κ and more among the coders")
        add(tools, "adjudicate", "Adjudicate disagreements…", self.adjudication_dialog,
            tip="Decide the final stance where the coders disagree")
        tools.setToolTipsVisible(True)
        self._apply_blind()

    # -- blind mode ------------------------------------------------------------------------------

    def set_blind_mode(self, on: bool) -> None:
        """Blind mode on or off; saved in the database, so every coder's window starts blind."""
        on = bool(on)
        if not self.readonly:
            try:
                self.store.set_setting(BLIND_SETTING, "1" if on else "0")
            except StoreError as exc:
                _error_box(self, "Blind mode not saved", exc)
        self.blind = on
        self.study_actions["blind_mode"].setChecked(on)
        self._apply_blind()
        self.statusBar().showMessage(
            "Blind mode on: you see only your own labels; Agreement and Adjudication are off." if on
            else "Blind mode off.", 6000)

    def _apply_blind(self) -> None:
        for name, tip in (("agreement", "Krippendorff's α, Cohen's κ and more among the coders"),
                          ("adjudicate", "Decide the final stance where the coders disagree")):
            action = self.study_actions[name]
            action.setEnabled(not self.blind and not (name == "adjudicate" and self.readonly))
            action.setToolTip(BLIND_OFF_TIP if self.blind else tip)
            action.setStatusTip(BLIND_OFF_TIP if self.blind else tip)
        if self.blind:
            for view in (self.agreement_view, self.adjudication_view):
                if view is not None:
                    view.close()
        if hasattr(self, "coder_label"):  # built after the menus
            self._update_coder_label()
        self._update_suggestion()

    def _blind_refusal(self, what: str) -> bool:
        if not self.blind:
            return False
        box = QMessageBox(QMessageBox.Information, what,
                          f"{what} shows other coders' labels, so it is off in blind mode.\n\n"
                          "Turn off View › Blind mode once every coder has finished.", QMessageBox.Ok, self)
        box.setObjectName("blindMessage")
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        return True

    # -- near-duplicates and suggestions ---------------------------------------------------------

    def copy_titles(self) -> list[str]:
        """The titles of the open article's near-duplicates."""
        if self.article is None or self.article.dup_group is None:
            return []
        return [self.store.article_row(i).title for i in self.store.duplicate_group(self.article.id)
                if i != self.article.id]

    def _update_suggestion(self) -> None:
        """Offer the label this coder gave a copy of the selected quote (never in blind mode)."""
        key = None
        quote = self.current_quote() if self.article is not None else None
        if not self.blind and quote is not None and self.article.dup_group is not None:
            try:
                found = self.store.suggested_label(quote.id, self.coder)
            except StoreError:
                found = None
            if found and found != self.stances.get(quote.id):
                key = found
        self.suggestion = key
        text = ""
        if key is not None:
            label = self.codebook.label(key)
            text = f"Coded as {label.name if label else key} in a copy — press Enter to accept"
        self.quote_panel.set_suggestion(text)

    def do_accept_suggestion(self) -> None:
        if self.focusWidget() is self.article_list.search:
            self.article_list.apply_filter()
            return
        if self.suggestion is None:
            self.statusBar().showMessage("No suggestion for this quote.", 3000)
            return
        self.set_stance(self.suggestion)

    # -- merging, codes, backups -----------------------------------------------------------------

    def _refuse_readonly(self, title: str) -> bool:
        if self.readonly:
            _error_box(self, title, DatabaseReadOnly("This window is read-only; nothing can be brought in here."))
        return self.readonly

    def merge_database_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Merge coder database", "",
                                              "QuoteCoder databases (*.db *.sqlite *.sqlite3);;All files (*)")
        if path:
            self.start_merge(path)

    def start_merge(self, path: str | Path) -> Job | None:
        """Merge another database in the background, then show what came in."""
        if self._refuse_readonly("Merge"):
            return None
        from quotecoder.core.transfer import merge_database

        other = str(path)

        def work(store, progress):
            progress.start(0, f"Merging {Path(other).name}…")
            return merge_database(store, other)

        return self._transfer_job("merge", work, f"Merging {Path(other).name}…", "Merge coder database",
                                  "mergeReport")

    def restore_jsonl_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Restore from JSONL backup", "",
                                              "JSONL backups (*.jsonl);;All files (*)")
        if path:
            self.start_restore(path)

    def start_restore(self, path: str | Path) -> Job | None:
        if self._refuse_readonly("Restore"):
            return None
        from quotecoder.core.transfer import import_annotation_records, read_annotation_jsonl

        source = str(path)

        def work(store, progress):
            progress.start(0, f"Restoring {Path(source).name}…")
            return import_annotation_records(store, read_annotation_jsonl(source), origin=Path(source).name)

        return self._transfer_job("restore", work, f"Restoring {Path(source).name}…", "Restore from JSONL backup",
                                  "restoreReport")

    def import_codes_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import codes from spreadsheet", "",
                                              "CSV (*.csv);;All files (*)")
        if path:
            self.start_import_codes(path)

    def start_import_codes(self, path: str | Path) -> Job | None:
        if self._refuse_readonly("Import codes"):
            return None
        from quotecoder.core.transfer import import_codes

        source = str(path)

        def work(store, progress):
            progress.start(0, f"Reading codes from {Path(source).name}…")
            return import_codes(store, source)

        return self._transfer_job("import-codes", work, f"Reading {Path(source).name}…",
                                  "Import codes from spreadsheet", "codesReport")

    def _transfer_job(self, name: str, work, label: str, title: str, report_name: str) -> Job:
        job = Job(name, work, self.store.path, self)
        job.succeeded.connect(lambda report: self._transfer_done(report, title, report_name))
        job.failed.connect(lambda message, detail: _error_box(self, f"{title} failed", message, detail))
        return self.start_job(job, label)

    def _transfer_done(self, report, title: str, report_name: str) -> None:
        self.last_report = report
        if self.closing:
            return
        self.reload_articles()
        if self.article is not None:
            self.changed(self.article.id, self.quote_id)
        elif self.article_list.model.rowCount() or self.article_list.model.canFetchMore():
            self.restore_position()
        if hasattr(report, "conflicts"):  # a MergeReport
            headline, detail = merge_report_text(report, self.blind)
            warning = bool(report.conflicts or report.unmatched)
        else:  # a CodesReport
            lines = report.summary().splitlines()
            headline, detail = lines[0], "\n".join(lines[1:])
            warning = bool(report.problems)
        self.saved_label.setText(headline.splitlines()[0])
        dialog = ReportDialog(title, headline, detail, self, warning=warning)
        dialog.setObjectName(report_name)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()

    # -- export ----------------------------------------------------------------------------------

    def export_dialog(self) -> ExportDialog:
        names = [c.name for c in self.store.coders()]
        dialog = ExportDialog(names, self.coder, folder=self.store.path.parent, blind=self.blind, parent=self)
        dialog.setObjectName("exportDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start_export(**dialog.values()))
        dialog.open()
        return dialog

    def start_export(self, fmt: str, path: str | Path, bom: bool = True, coders: list[str] | None = None) -> Job:
        """Write the export in the background; the status bar says how many rows."""
        from quotecoder.core.export import export

        target = str(path)
        if self.blind and fmt in ("long", "wide"):
            coders = [self.coder]

        def work(store, progress):
            progress.start(0, f"Exporting {fmt} to {Path(target).name}…")
            return export(store, fmt, target, bom=bom, coders=coders)

        job = Job("export", work, self.store.path, self, readonly=True)
        job.succeeded.connect(lambda count: self._export_done(count, fmt, target))
        job.failed.connect(lambda message, detail: _error_box(self, "Export failed", message, detail))
        return self.start_job(job, f"Exporting {fmt}…")

    def _export_done(self, count: int, fmt: str, path: str) -> None:
        self.last_export = (count, path)
        if self.closing:
            return
        what = "record" if fmt == "jsonl" else "row"
        message = f"Exported {count} {what}{'' if count == 1 else 's'} ({fmt}) to {path}"
        self.saved_label.setText(message)
        self.statusBar().showMessage(message, 15000)

    # -- reliability sample ----------------------------------------------------------------------

    def sample_dialog(self) -> SampleDialog:
        seed = self.store.setting("sample_seed")
        dialog = SampleDialog(self.store.article_count(), len(self.store.reliability_sample()),
                              int(seed) if seed and seed.isdigit() else 1, self)
        dialog.setObjectName("sampleDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.draw_sample(**dialog.values()))
        dialog.open()
        return dialog

    def draw_sample(self, size: int | None = None, fraction: float | None = None, seed: int = 1) -> list[int]:
        if self._refuse_readonly("Reliability sample"):
            return []
        try:
            chosen = self.store.draw_reliability_sample(size=size, fraction=fraction, seed=seed)
            self.store.set_setting("sample_seed", str(seed))
        except (StoreError, ValueError) as exc:
            _error_box(self, "Sample not drawn", exc)
            return []
        self.reload_articles()
        message = (f"Reliability sample: {len(chosen)} article(s) drawn (seed {seed}); "
                   "tick “Reliability sample” above the list to see only them.")
        self.saved_label.setText(message)
        self.statusBar().showMessage(message, 10000)
        return chosen

    # -- agreement and adjudication --------------------------------------------------------------

    def agreement_dialog(self) -> AgreementDialog | None:
        if self._blind_refusal("Agreement"):
            return None
        if self.agreement_view is not None:
            self.agreement_view.raise_()
            self.agreement_view.activateWindow()
            return self.agreement_view
        dialog = AgreementDialog(self.store, self.codebook, self.start_job, parent=self)
        dialog.setObjectName("agreementDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(lambda _=0: setattr(self, "agreement_view", None))
        self.agreement_view = dialog
        dialog.show()
        if len(dialog.chosen_coders()) >= 2:
            dialog.compute()
        return dialog

    def adjudication_dialog(self) -> AdjudicationDialog | None:
        if self._blind_refusal("Adjudication"):
            return None
        if self.adjudication_view is not None:
            self.adjudication_view.reload()
            self.adjudication_view.raise_()
            self.adjudication_view.activateWindow()
            return self.adjudication_view
        dialog = AdjudicationDialog(self.store, self.codebook, self.coder, self._open_from_adjudication,
                                    readonly=self.readonly, parent=self)
        dialog.setObjectName("adjudicationDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(lambda _=0: setattr(self, "adjudication_view", None))
        self.adjudication_view = dialog
        dialog.show()
        return dialog

    def _open_from_adjudication(self, article_id: int, quote_id: int) -> None:
        self.open_article(article_id, quote_id)
        self.raise_()
        self.activateWindow()
        self.quote_panel.table.setFocus()
