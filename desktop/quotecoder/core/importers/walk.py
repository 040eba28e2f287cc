"""The files an import covers: given files, and folders walked recursively in name order.

Hidden files and folders (names starting with ``.``) inside a folder are skipped,
and symbolic links to folders are not followed (they could loop). Folders are
listed one at a time, so a huge tree streams.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from quotecoder.core.importers.problem import ImportProblem


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ImportProblem]:
    """Every file under ``paths``, or a problem for a path that is missing or unreadable."""
    for given in paths:
        path = Path(given)
        try:
            if path.is_dir():
                yield from _walk(path)
            elif path.exists():
                yield path
            else:
                yield ImportProblem(str(path), None, "no such file or folder")
        except OSError as error:
            yield ImportProblem(str(path), None, f"could not read: {error.strerror or error}")


def _walk(folder: Path) -> Iterator[Path | ImportProblem]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=_name)
    except OSError as error:
        message = f"could not list the folder: {error.strerror or error}"
        yield ImportProblem(str(folder), None, message)
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name
