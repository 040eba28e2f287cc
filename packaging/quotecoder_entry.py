"""PyInstaller entry point: the ``quotecoder`` command (CLI and, with no sub-command, the GUI)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # ``pretag --processes N`` starts worker processes
    from quotecoder.cli import main

    sys.exit(main())
