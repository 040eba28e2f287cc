"""Output files that appear only when complete."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_text_file(path: str | Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A text file written beside ``path`` and renamed onto it when the block succeeds.

    A failed export never leaves half a file, nor destroys an earlier one.
    """
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding=encoding, newline=newline, dir=path.parent, prefix=f".{path.name}.", suffix=".part",
        delete=False,
    )
    try:
        with handle:
            yield handle
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
