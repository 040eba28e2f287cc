"""Message boxes: an error (non-blocking, with details), and a confirmation naming what is lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def error_box(parent: QWidget | None, title: str, message: str, detail: str = "") -> QMessageBox:
    """A non-blocking error dialog with the user-facing message and, when given, the detail."""
    box = QMessageBox(QMessageBox.Critical, title, message, QMessageBox.Ok, parent)
    box.setObjectName("errorBox")
    if detail:
        box.setDetailedText(detail)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()
    return box


def confirm(parent: QWidget | None, title: str, question: str, detail: str, action: str,
            then: Callable[[], None], name: str = "confirmBox") -> QMessageBox:
    """Ask before something big; ``then()`` runs only when the user presses ``action``.
    Cancel is the default button, so Enter never removes anything by accident."""
    box = QMessageBox(QMessageBox.Warning, title, question, QMessageBox.Cancel, parent)
    box.setObjectName(name)
    box.setInformativeText(detail)
    go = box.addButton(action, QMessageBox.DestructiveRole)
    go.setObjectName("confirmAction")
    box.setDefaultButton(QMessageBox.Cancel)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda button: then() if button is go else None)
    box.open()
    return box


def info_box(parent: QWidget | None, title: str, text: str, name: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Information, title, text, QMessageBox.Ok, parent)
    box.setObjectName(name)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()
    return box
