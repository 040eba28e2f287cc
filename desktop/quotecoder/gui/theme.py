"""Colours and fonts shared by the widgets."""

from __future__ import annotations

from PySide6.QtGui import QColor

#: Entity types: (text colour, light background used outside quotes, legend name).
ENTITY_STYLES: dict[str, tuple[str, str, str]] = {
    "PERSON": ("#1546a0", "#e3ecfb", "Person"),
    "ORG": ("#0d6b3f", "#dff3e8", "Organisation"),
    "GPE": ("#6d2a8c", "#f0e4f6", "Place"),
    "LOC": ("#6d2a8c", "#f0e4f6", "Place"),
    "NORP": ("#8a4600", "#fbeede", "Group"),
}
OTHER_ENTITY = ("#6b4f2a", "", "Date, number, other")  # text colour only: no tint
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "DATE", "MISC")

UNCODED_LINE = "#6b6b6b"
SELECTED_FRAME = "#c0392b"
CUE_COLOUR = "#111111"
READONLY_BANNER = "#fff3b0"


def entity_style(label: str) -> tuple[str, str, str]:
    return ENTITY_STYLES.get(label, OTHER_ENTITY)


def readable_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    c = QColor(colour)
    luminance = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()
    return "#000000" if luminance > 0.45 else "#ffffff"


def paint_item(item, colour: str) -> None:
    """A table item (``QTableWidgetItem``) on ``colour``, its text black or white to stay readable."""
    item.setBackground(QColor(colour))
    item.setForeground(QColor(readable_on(colour)))
