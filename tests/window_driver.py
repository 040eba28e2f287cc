"""Drives the real coding window in its own process, one command per stdin line, for the
shared-database tests (tests/test_shared_db.py).

    python tests/window_driver.py DB CODER

Commands: ``code N`` codes the next N uncoded quotes through key presses (Shift+N, a number key) and
prints ``ACK quote_id stance`` for each label the window reports saved; ``export PATH`` runs
File › Export (long CSV) as the window does, in a background job with its own Store. Each
command ends with ``DONE`` (or ``FAILED message``).
"""

import os
import queue
import sys
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from crash_driver import KEYS  # noqa: E402
from quotecoder.gui.app import application, open_window  # noqa: E402


def main() -> None:
    db, coder = sys.argv[1], sys.argv[2]
    app = application()
    window = open_window(db, coder, load_nlp=False, start_background=False, show_errors=False)
    saves = []
    window.saved.connect(lambda: saves.append(1))
    commands: queue.Queue[str] = queue.Queue()

    def read_stdin() -> None:
        for line in sys.stdin:
            commands.put(line.strip())
        commands.put("quit")

    def code(count: int) -> None:
        if not window.isActiveWindow():  # a real X server: shortcuts reach the active window only
            window.activateWindow()
            QTest.qWaitForWindowActive(window, 5000)
        coded = 0
        for _ in range(count):
            QTest.keyClick(window, Qt.Key_N, Qt.ShiftModifier)  # the next uncoded quote
            quote = window.current_quote()
            if quote is None:
                break
            key, stance = next((k, s) for k, s in KEYS.items() if window.stances.get(quote.id) != s)
            before = len(saves)
            QTest.keyClick(window, key)
            if len(saves) > before and window.stances.get(quote.id) == stance:
                print(f"ACK {quote.id} {stance}", flush=True)
                coded += 1
        print("DONE" if coded == count else f"FAILED coded {coded} of {count}", flush=True)

    def export(path: str) -> None:
        job = window.start_export("long", path, bom=False)
        job.succeeded.connect(lambda _count: print("DONE", flush=True))
        job.failed.connect(lambda message, _detail: print(f"FAILED {message}", flush=True))

    def poll() -> None:
        try:
            line = commands.get_nowait()
        except queue.Empty:
            return
        command, _, argument = line.partition(" ")
        if command == "code":
            code(int(argument))
        elif command == "export":
            export(argument)
        else:
            app.quit()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(20)
    threading.Thread(target=read_stdin, daemon=True).start()
    print("READY", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
