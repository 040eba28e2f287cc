"""The files an import covers: given files, and folders walked recursively in name order.

Hidden files and folders (names starting with ``.``) inside a folder are skipped,
and symbolic links to folders are not followed (they could loop). Folders are
listed one at a time, so a huge tree streams. Only regular files are read: a
device (``/dev/zero``) or a named pipe would never end or never start, so it is
refused, and a symbolic link that cannot be resolved (one that points at itself)
is reported while the rest of its folder is read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from quotecoder.core.importers.problem import ImportProblem

NOT_REGULAR = "not a regular file (a device, named pipe or socket); skipped"
LOOP = "a symbolic link that loops back on itself; skipped"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ImportProblem]:
    """Every file under ``paths``, or a problem for a path that is missing, unreadable or special."""
    for given in paths:
        path = Path(given)
        try:
            mode = path.stat().st_mode  # stat never opens, so a pipe cannot block here
        except FileNotFoundError:
            missing = "a broken symbolic link" if path.is_symlink() else "no such file or folder"
            yield ImportProblem(str(path), None, missing)
            continue
        except OSError as error:
            yield _unreadable(str(path), error)
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif stat.S_ISREG(mode):
            yield path
        else:
            yield ImportProblem(str(path), None, NOT_REGULAR)


def _walk(folder: Path) -> Iterator[Path | ImportProblem]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=_name)
    except OSError as error:
        message = f"could not list the folder: {error.strerror or error}"
        yield ImportProblem(str(folder), None, message)
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path))
                continue
            mode = entry.stat().st_mode  # follows a link: a loop raises here
        except OSError as error:
            yield _unreadable(entry.path, error)
            continue
        if stat.S_ISREG(mode):
            yield Path(entry.path)
        elif not stat.S_ISDIR(mode):  # a link to a folder is not followed
            yield ImportProblem(entry.path, None, NOT_REGULAR)


def _unreadable(path: str, error: OSError) -> ImportProblem:
    if error.errno == errno.ELOOP:
        return ImportProblem(path, None, LOOP)
    return ImportProblem(path, None, f"could not read: {error.strerror or error}")


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name
