"""Drives the real coding window in its own process, for the crash-safety tests.

    python tests/crash_driver.py DB CODER SEED

Codes quotes through key presses (number keys, J for the next quote, N for the
next article) for ever, and prints ``ACK quote_id stance`` each time the window
reports a save. The test kills this process with SIGKILL at a random moment.
"""

import os
import random
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from quotecoder.gui.app import application, open_window  # noqa: E402

KEYS = {Qt.Key_1: "pro-deployment", Qt.Key_2: "opposed", Qt.Key_3: "threat", Qt.Key_4: "neutral"}


def main() -> None:
    db, coder, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    app = application()
    window = open_window(db, coder, load_nlp=False, start_background=False, show_errors=False)
    rng = random.Random(seed)
    pending: list[tuple[int, str]] = []

    def acknowledged() -> None:
        while pending:
            quote_id, stance = pending.pop()
            print(f"ACK {quote_id} {stance}", flush=True)

    window.saved.connect(acknowledged)

    def step() -> None:
        quote = window.current_quote()
        if quote is not None:
            key = rng.choice(list(KEYS))
            if window.stances.get(quote.id) != KEYS[key]:
                pending.append((quote.id, KEYS[key]))
            QTest.keyClick(window, key)
            pending.clear()  # a key that changed nothing is never acknowledged
        QTest.keyClick(window, Qt.Key_J if rng.random() < 0.8 else Qt.Key_N)

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(0)
    print("READY", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
