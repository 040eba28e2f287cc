"""The Tools menu's study work: the reliability sample, blind mode, agreement and adjudication.

Blind mode closes the views that show other coders' labels and refuses to open them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from quotecoder.core.study import agreement_variables
from quotecoder.gui import commands as cmd
from quotecoder.gui.messages import info_box
from quotecoder.gui.session import BLIND, Session

if TYPE_CHECKING:  # the dialogs' module loads when a study tool is first opened
    from quotecoder.gui.study_dialogs import AdjudicationDialog, AgreementDialog, SampleDialog

ADJUDICATOR = "adjudicator"  # the remembered adjudicator's name (a setting of the database)


class StudyActions:
    """Handlers of the study menus; one agreement and one adjudication view at a time."""

    def __init__(self, session: Session, host: QWidget) -> None:
        self.session, self.host = session, host
        self.agreement_view: AgreementDialog | None = None
        self.adjudication_view: AdjudicationDialog | None = None
        session.changed.connect(self._changed)

    def _changed(self, article_id: int, scope: str) -> None:
        if scope == BLIND and self.session.blind:
            for view in (self.agreement_view, self.adjudication_view):
                if view is not None:
                    view.close()

    def _blind_refusal(self, what: str) -> bool:
        if self.session.blind:
            info_box(self.host, what, f"{what} shows other coders' labels, so it is off in blind mode.\n\n"
                     "Turn off View › Blind mode once every coder has finished.", "blindMessage")
        return self.session.blind

    # -- reliability sample ----------------------------------------------------------------------

    def sample_dialog(self) -> SampleDialog:
        from quotecoder.gui.study_dialogs import SampleDialog

        store = self.session.store
        seed = store.setting("sample_seed")
        dialog = SampleDialog(store.article_count(), len(store.reliability_sample()),
                              int(seed) if seed and seed.isdigit() else 1, self.host)
        dialog.setObjectName("sampleDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.draw_sample(**dialog.values()))
        dialog.open()
        return dialog

    def draw_sample(self, size: int | None = None, fraction: float | None = None, seed: int = 1) -> list[int]:
        command = cmd.DrawSample(size, fraction, seed)
        if not self.session.run(command):
            return []
        self.session.note(f"Reliability sample: {len(command.chosen)} article(s) drawn (seed {seed}); "
                          "tick “Reliability sample” above the list to see only them.", 10000)
        return command.chosen

    # -- agreement and adjudication --------------------------------------------------------------

    def agreement_dialog(self) -> AgreementDialog | None:
        if self._blind_refusal("Agreement"):
            return None
        if self.agreement_view is not None:
            self.agreement_view.raise_()
            self.agreement_view.activateWindow()
            return self.agreement_view
        from quotecoder.gui.study_dialogs import AgreementDialog

        dialog = AgreementDialog(self.session, parent=self.host)
        dialog.setObjectName("agreementDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(lambda _=0: setattr(self, "agreement_view", None))
        self.agreement_view = dialog
        dialog.show()
        if len(dialog.chosen_coders()) >= 2:
            dialog.compute()
        return dialog

    def ask_adjudicator(self, then: Callable[[str], None]) -> QInputDialog:
        """Ask under which name final labels are decided (by default not a coder who disagrees);
        ``then(name)`` once the name is given. The name is remembered for this database."""
        store = self.session.store
        disagreeing = {c for v in agreement_variables(self.session.codebook)
                       for d in store.disagreements(variable=v.key, unit=v.unit) for c in d.labels}
        names = [c.name for c in store.coders() if c.name not in disagreeing]
        default = self.session.setting(ADJUDICATOR) or (
            self.session.coder if self.session.coder not in disagreeing else "adjudicator")
        if default not in names:
            names.insert(0, default)
        dialog = QInputDialog(self.host, objectName="adjudicatorDialog")
        dialog.setWindowTitle("Adjudicator")
        dialog.setLabelText("Decide the final labels as (your name; not one of the coders who disagree):")
        dialog.setComboBoxItems(names)
        dialog.setComboBoxEditable(True)
        dialog.setTextValue(default)
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def accepted() -> None:
            name = dialog.textValue().strip()
            if not name:
                return
            if name in disagreeing:
                self.session.note(f"{name} coded some of these quotes; the final labels are recorded under "
                                  "that name all the same.", 8000)
            self.session.set_setting(ADJUDICATOR, name)
            then(name)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def adjudication_dialog(self) -> AdjudicationDialog | None:
        """The disagreement queue, under the remembered adjudicator (asked for the first time)."""
        if self._blind_refusal("Adjudication"):
            return None
        if self.adjudication_view is not None:
            self.adjudication_view.reload()
            self.adjudication_view.raise_()
            self.adjudication_view.activateWindow()
            return self.adjudication_view
        adjudicator = self.session.setting(ADJUDICATOR)
        if not adjudicator:
            self.ask_adjudicator(self._open_adjudication)
            return None
        return self._open_adjudication(adjudicator)

    def _open_adjudication(self, adjudicator: str) -> AdjudicationDialog:
        from quotecoder.gui.study_dialogs import AdjudicationDialog

        dialog = AdjudicationDialog(self.session, adjudicator, parent=self.host)
        dialog.setObjectName("adjudicationDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(lambda _=0: setattr(self, "adjudication_view", None))
        dialog.changeAdjudicator.connect(lambda: self.ask_adjudicator(dialog.set_adjudicator))
        self.adjudication_view = dialog
        dialog.show()
        return dialog
