"""``.zip`` archives, as news databases deliver their downloads: every member file is read.

Each member is unpacked into a temporary folder, one at a time, and read like a
file given on its own (by content, so a zip of DOCX, RTF, TXT, HTML or XML
bundles, or of CSV tables, all work); sources and problems name it as
``archive.zip/member.docx``. Folders, hidden files and macOS resource forks are
skipped; a member that is encrypted, damaged or larger than
:data:`MAX_MEMBER_BYTES` is reported, and the others are still read. A zip inside
a zip is read too, to :data:`MAX_DEPTH` levels.
"""

from __future__ import annotations

import dataclasses
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from quotecoder.core.importers.options import ReadOptions
from quotecoder.core.importers.problem import NO_ARTICLES, WARNING, ImportProblem
from quotecoder.core.importers.sniff import content_suffix
from quotecoder.core.model import Article

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_DEPTH = 3
_CHUNK = 1024 * 1024

FileReader = Callable[[Path, ReadOptions], Iterator[Article | ImportProblem]]


class _TooLarge(Exception):
    pass


def read_zip(
    path: Path, options: ReadOptions, read_file: FileReader, depth: int = 1
) -> Iterator[Article | ImportProblem]:
    """The articles of every file in the archive ``path``, each read with ``read_file``."""
    name = str(path)
    if depth > MAX_DEPTH:
        yield ImportProblem(name, None, f"a .zip nested more than {MAX_DEPTH} deep; not read")
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        yield ImportProblem(name, None, f"not a readable .zip file (damaged?): {error}")
        return
    with archive, tempfile.TemporaryDirectory(prefix="quotecoder-zip-") as scratch:
        members = sorted((m for m in archive.infolist() if _wanted(m)), key=lambda m: m.filename)
        if not members:
            yield ImportProblem(name, None, "no files in this .zip")
        found_any, empty = False, []  # members without articles: a problem only if no member has one
        for member in members:
            shown = f"{name}/{member.filename}"
            try:
                unpacked = _unpack(archive, member, Path(scratch))
            except _TooLarge:
                yield ImportProblem(shown, None, f"larger than {MAX_MEMBER_BYTES // 2**20} MB unpacked; not read")
                continue
            except (RuntimeError, zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
                yield ImportProblem(shown, None, f"could not unpack it: {error}")
                continue
            try:
                nested = content_suffix(unpacked) == ".zip"
                items = read_zip(unpacked, options, read_file, depth + 1) if nested else read_file(unpacked, options)
                for item in items:
                    item = _renamed(item, str(unpacked), shown)
                    if isinstance(item, ImportProblem) and item.message.startswith(NO_ARTICLES):
                        empty.append(item)
                        continue
                    found_any = found_any or isinstance(item, Article)
                    yield item
            finally:
                unpacked.unlink(missing_ok=True)
        for item in empty:  # e.g. the document list Nexis Uni puts beside the articles it zips
            yield dataclasses.replace(item, message=f"{WARNING} {item.message}") if found_any else item


def _wanted(member: zipfile.ZipInfo) -> bool:
    parts = PurePosixPath(member.filename).parts
    return not member.is_dir() and bool(parts) and not any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo, folder: Path) -> Path:
    """``member`` written into ``folder`` under its own file name (never outside it)."""
    target = folder / PurePosixPath(member.filename).name
    written = 0
    try:
        with archive.open(member) as source, target.open("wb") as out:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > MAX_MEMBER_BYTES:
                    raise _TooLarge
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _renamed(item: Article | ImportProblem, temporary: str, shown: str) -> Article | ImportProblem:
    """``item`` with the temporary file's name replaced by the member's."""
    if isinstance(item, Article):
        item.source = item.source.replace(temporary, shown, 1)
        return item
    return dataclasses.replace(item, path=item.path.replace(temporary, shown, 1))
