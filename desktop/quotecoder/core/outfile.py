"""Output files that appear only when complete."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_text_file(path: str | Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A text file written beside ``path`` and renamed onto it when the block succeeds.

    A failed export never leaves half a file, nor destroys an earlier one. The file gets
    the permissions any new file gets (the user's umask; a colleague in the same group
    can read it), or those of the file it replaces.
    """
    path = Path(path)
    partial, descriptor = _create_beside(path)
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as handle:
            yield handle
        _keep_mode(path, partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _create_beside(path: Path) -> tuple[Path, int]:
    """A new, empty hidden file next to ``path`` (mode 0666 less the umask, as ``open()`` makes)."""
    for _ in range(100):
        partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            return partial, os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except FileNotFoundError:
            raise FileNotFoundError(f"Cannot write {path}: the folder {path.parent} does not exist.") from None
    raise FileExistsError(f"Could not create a temporary file beside {path}.")


def _keep_mode(path: Path, partial: Path) -> None:
    """Give the new file the permission bits of the file it replaces, if there is one."""
    try:
        old = path.stat()
    except OSError:
        return
    if stat.S_ISREG(old.st_mode):
        os.chmod(partial, stat.S_IMODE(old.st_mode))
