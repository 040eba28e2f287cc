"""What an empty study shows instead of the coding surface: how to bring articles in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class StartPanel(QWidget):
    """"Import articles (Ctrl+O)" and "Load the sample articles", with a word on each."""

    def __init__(self, import_action: QAction, samples_action: QAction, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("startPanel")
        title = QLabel("<div style='font-size:17pt; font-weight:bold'>This study has no articles yet</div>")
        title.setWordWrap(True)
        self.import_button = self._button(import_action, "Import articles (Ctrl+O)", "importButton")
        self.samples_button = self._button(samples_action, "Load the sample articles", "samplesButton")
        import_note = QLabel("Text, CSV, JSON Lines, HTML and news-database exports. Each article is pre-tagged: "
                             "its quotes, speakers and named entities are proposed for you to check.")
        samples_note = QLabel("Ten short fictional news articles to try QuoteCoder on. "
                              "File › Remove the sample articles… takes them out again.")
        cli_note = QLabel("Articles imported from the command line (<code>quotecoder import FILES --db …</code>) "
                          "appear here by themselves.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addSpacing(18)
        for button, note in ((self.import_button, import_note), (self.samples_button, samples_note)):
            note.setWordWrap(True)
            note.setStyleSheet("QLabel { color: #444; }")
            layout.addWidget(button, 0, Qt.AlignLeft)
            layout.addWidget(note)
            layout.addSpacing(14)
        cli_note.setWordWrap(True)
        cli_note.setStyleSheet("QLabel { color: #666; }")
        layout.addWidget(cli_note)
        layout.addStretch(2)
        self.setFocusProxy(self.import_button)

    def _button(self, action: QAction, text: str, name: str) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        button.setStyleSheet("QPushButton { padding: 4px 18px; }")
        button.clicked.connect(action.trigger)
        button.setEnabled(action.isEnabled())
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        return button
