"""The real app on a real X server (Xvfb with a window manager), driven by xdotool from the very
first key press: no click, no focus set by hand. Skipped where Xvfb, openbox or xdotool are missing
(``apt-get install xvfb xauth xdotool openbox libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0``).

Every article and person here is fictional.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guikit import build_db
from quotecoder.core.store import Store

TOOLS = ("Xvfb", "openbox", "xdotool")
pytestmark = [pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS), reason="needs Xvfb, openbox, xdotool"),
              pytest.mark.skipif(sys.platform != "linux", reason="X11 only")]


def free_display() -> str:
    for number in range(90, 130):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return f":{number}"
    pytest.skip("no free X display number")


@pytest.fixture
def display(tmp_path):
    """An X server with a window manager, stopped afterwards (only the processes started here)."""
    name = free_display()
    started = [subprocess.Popen(["Xvfb", name, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    env = dict(os.environ, DISPLAY=name, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("QT_QPA_PLATFORM", None)
    deadline = time.monotonic() + 15
    while subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True).returncode:
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.1)
    started.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    time.sleep(0.5)
    yield env
    for process in reversed(started):
        process.terminate()
        process.wait(timeout=10)


def xdotool(env, *args: str) -> str:
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=40).stdout.strip()


def labels(db: Path) -> dict[int, str]:
    with Store(db, readonly=True) as store:
        return {quote: by["ana"] for quote, by in store.stance_units(["ana"]).items()}


def test_the_first_two_key_presses_code_a_quote(display, tmp_path):
    db = tmp_path / "study.db"
    build_db(db)
    app = subprocess.Popen([sys.executable, "-m", "quotecoder", "--db", str(db), "--coder", "ana"],
                           env=dict(display, QT_QPA_PLATFORM="xcb"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    try:
        assert xdotool(display, "search", "--sync", "--onlyvisible", "--name", "QuoteCoder"), "no window"
        time.sleep(1.0)  # the window manager gives it the focus
        assert xdotool(display, "getwindowfocus", "getwindowname") == "QuoteCoder — study.db"
        xdotool(display, "key", "--delay", "150", "shift+n")  # the very first key presses
        xdotool(display, "key", "--delay", "150", "1")
        deadline = time.monotonic() + 10
        while not labels(db) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert list(labels(db).values()) == ["pro-deployment"]
        # a dialog opened from the search box: once it closes, the keys code again
        xdotool(display, "key", "--delay", "150", "ctrl+f")
        xdotool(display, "type", "--delay", "80", "zz")
        xdotool(display, "key", "--delay", "400", "F1")
        assert xdotool(display, "getwindowfocus", "getwindowname") == "Keyboard shortcuts"
        xdotool(display, "key", "--delay", "400", "Escape")
        xdotool(display, "key", "--delay", "150", "j")
        xdotool(display, "key", "--delay", "150", "2")
        deadline = time.monotonic() + 10
        while len(labels(db)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sorted(labels(db).values()) == ["opposed", "pro-deployment"]
    finally:
        app.terminate()
        output = app.communicate(timeout=30)[0]
    assert "Traceback" not in output, output
