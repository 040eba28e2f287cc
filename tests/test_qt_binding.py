"""The installed Qt binding must survive many calls (PySide6 6.12.0 on Python 3.11 does not)."""

import subprocess
import sys

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat
app = QGuiApplication([])
fmt, colour = QTextCharFormat(), QColor("red")
for _ in range(50_000):
    fmt.setForeground(colour)  # a void method: 6.12.0 loses a reference to None each time
print("ok")
"""


def test_many_void_calls_do_not_abort_python():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-500:]
