"""Message boxes: an error (non-blocking, with details), a warning, a note, and a confirmation naming what is lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, name: str,
                detail: str = "") -> QMessageBox:
    """A non-blocking message (gone when closed) with, when given, the detail under Show Details."""
    box = QMessageBox(icon, title, text, QMessageBox.Ok, parent)
    box.setObjectName(name)
    if detail:
        box.setDetailedText(detail)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()
    return box


def error_box(parent: QWidget | None, title: str, message: str, detail: str = "") -> QMessageBox:
    """A non-blocking error dialog with the user-facing message and, when given, the detail."""
    return message_box(parent, QMessageBox.Critical, title, message, "errorBox", detail)


def warn(parent: QWidget | None, title: str, text: str, name: str) -> QMessageBox:
    """A non-blocking warning: what is wrong and what to do."""
    return message_box(parent, QMessageBox.Warning, title, text, name)


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
    return message_box(parent, QMessageBox.Information, title, text, name)
