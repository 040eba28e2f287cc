"""Bringing another coder's work in: merging databases and re-importing JSONL backups.

Both files come from someone else and are treated as untrusted: every record is checked
(:mod:`quotecoder.core.annotation_record`) and a colleague's database is read with SQLite's
defences up (:mod:`quotecoder.core.colleague_db`). A bad record is skipped and named, by
file and line or by article; the rest comes in.

Articles are matched by the hash of their text (recomputed, never read from the file);
a copy that differs only in spacing has its offsets carried over word by word. Quotes are
matched by their exact span first, then by the closest overlapping span, one to one, so
a quote nested in another keeps its own codes. Nothing here is overwritten: a label that
differs from one already stored is reported as a conflict and left as it is, so merging
twice changes nothing. Each article comes in whole, in one transaction, or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from quotecoder.core.annotation_record import BadRecord, Entry, IncomingArticle, IncomingQuote, parse_record
from quotecoder.core.codes_import import CodesReport, import_codes  # noqa: F401  (re-exported)
from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.model import Annotation
from quotecoder.core.offsets import OffsetMap
from quotecoder.core.outfile import atomic_text_file
from quotecoder.core.store import Store

#: A quote matches a stored one when their overlap covers this share of the shorter span.
MIN_OVERLAP = 0.5
#: The longest JSONL line read (bytes); a longer one is skipped and named.
MAX_LINE = 256 * 1024 * 1024


@dataclass
class MergeReport:
    """What a merge or re-import did, and what it left out."""

    articles_matched: int = 0
    articles_added: list[str] = field(default_factory=list)
    articles_aligned: list[str] = field(default_factory=list)  # matched copies spaced differently
    quotes_added: int = 0
    labels_added: int = 0
    labels_same: int = 0
    speaker_corrections_added: int = 0
    adjudications_added: int = 0
    conflicts: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # records or items skipped, and why

    @property
    def changed(self) -> bool:
        return bool(
            self.articles_added or self.quotes_added or self.labels_added
            or self.speaker_corrections_added or self.adjudications_added
        )

    def add(self, other: MergeReport) -> None:
        """Count ``other``'s outcomes in this report too."""
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)

    def headline(self) -> str:
        lines = [
            f"Matched {self.articles_matched} article(s); added {len(self.articles_added)} article(s), "
            f"{self.quotes_added} quote(s), {self.labels_added} label(s), "
            f"{self.speaker_corrections_added} speaker correction(s), {self.adjudications_added} adjudication(s).",
        ]
        if self.labels_same:
            lines.append(f"{self.labels_same} label(s) were already here.")
        if self.articles_aligned:
            lines.append(f"{len(self.articles_aligned)} article(s) matched a copy here with other spacing; "
                         "their codes were placed on the same words.")
        return "\n".join(lines)

    def sections(self) -> dict[str, list[str]]:
        """The lists the report details, by title."""
        return {
            "Conflicts (kept as they are here)": self.conflicts,
            "Not matched": self.unmatched,
            "Skipped (not read or not valid)": self.problems,
        }

    def summary(self) -> str:
        from quotecoder.core.study import merge_report

        return merge_report(self)


# -- reading the files ------------------------------------------------------------------------


class AnnotationBackup:
    """The records of a JSONL annotation backup, read as they are iterated: each with its place
    (``FILE:LINE``) or the reason the line cannot be read (not UTF-8, not JSON, nested too deeply,
    far too long)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = str(path)

    def __iter__(self) -> Iterator[Entry]:
        if not self.path.is_file():  # a folder, a device or a pipe would never end (stat opens nothing)
            raise ValueError(f"{self.name} is not a file.")
        with self.path.open("rb") as handle:
            for number, raw in enumerate(_lines(handle), start=1):
                where = f"{self.name}:{number}"
                if raw is None:
                    yield Entry(where, problem=f"{where}: the line is longer than {MAX_LINE // 2**20} MB; skipped")
                elif raw.strip():
                    yield _entry(raw, where)


def read_annotation_jsonl(path: str | Path) -> AnnotationBackup:
    """The records of an annotation backup (see :class:`AnnotationBackup`)."""
    return AnnotationBackup(path)


def _entry(raw: bytes, where: str) -> Entry:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Entry(where, problem=f"{where}: not UTF-8 text (byte {exc.start + 1}); skipped")
    try:
        return Entry(where, record=json.loads(text))
    except RecursionError:
        return Entry(where, problem=f"{where}: the JSON is nested too deeply; skipped")
    except ValueError as exc:
        reason = getattr(exc, "msg", str(exc))
        return Entry(where, problem=f"{where}: not a QuoteCoder annotation record ({reason}); skipped")


def _lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """The file's lines; None for a line over :data:`MAX_LINE` (which is skipped, not held)."""
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            while (rest := handle.readline(2**20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def write_annotation_jsonl(store: Store, path: str | Path) -> int:
    """Every article with its annotations, one JSON object per line; returns the count."""
    count = 0
    with atomic_text_file(path) as out:
        for record in store.annotation_records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


# -- bringing records in ------------------------------------------------------------------------


def import_annotation_records(
    store: Store, records: Iterable[dict | Entry], origin: str = "the other database"
) -> MergeReport:
    """Bring articles, quotes, labels, speaker corrections, adjudications and near-duplicate
    groups into ``store``. ``records`` are plain records or :class:`Entry` items (with their place).

    Raises ValueError when not one record could be read (the file is not a backup at all).
    """
    source = getattr(records, "path", None)
    if source is not None and store.is_own_file(source):
        raise ValueError(f"{source} is this database itself, not a backup or a colleague's file.")
    report = MergeReport()
    stance = store.codebook().stance if store.codebook() else None

    def resolve(value: str) -> str | None:
        found = stance.find(value) if stance else None
        return found.key if found else None

    groups: dict[int | str, list[int]] = {}
    read = 0
    for number, item in enumerate(records, start=1):
        entry = item if isinstance(item, Entry) else Entry(f"{origin}, record {number}", record=item)
        if entry.problem:
            report.problems.append(entry.problem)
            continue
        try:
            incoming = parse_record(entry.record, entry.where, resolve)
        except BadRecord as exc:
            report.problems.append(f"{entry.where}: skipped: {exc}")
            continue
        read += 1
        report.problems += incoming.problems
        part = MergeReport()
        try:
            _bring_article(store, incoming, part, groups)
        except (ValueError, KeyError, sqlite3.IntegrityError) as exc:  # rolled back: this article only
            report.problems.append(f"{entry.where}: skipped: {exc}")
            continue
        report.add(part)
    if not read and report.problems:
        raise ValueError(f"Nothing could be read from {origin}: {report.problems[0]}")
    return report


def _bring_article(store: Store, incoming: IncomingArticle, report: MergeReport,
                   groups: dict[int | str, list[int]]) -> None:
    """One article and its codes, in one transaction; a copy spaced differently is aligned first
    (or, when its words differ, skipped before anything of it is stored)."""
    with store.transaction():
        found = _find_article(store, incoming)
        if found is not None and found[1] != incoming.article.text:
            try:
                incoming = incoming.moved_to(found[1], OffsetMap(incoming.article.text, found[1]).span)
            except (BadRecord, ValueError) as exc:
                report.problems.append(f"{incoming.where}: skipped: it matches article {found[0]} here, but its "
                                       f"spacing differs and {exc}")
                return
            report.articles_aligned.append(incoming.name)
        if found is None:
            article_id = store.add_article(replace(incoming.article, dup_group=None),
                                           Annotation(entities=incoming.entities))
            report.articles_added.append(incoming.name)
            matches: list[tuple | None] = [None] * len(incoming.quotes)  # a new article: every quote is new
        else:
            article_id = found[0]
            report.articles_matched += 1
            matches = _match_quotes(store.quote_spans(article_id), incoming.quotes)
        for data, match in zip(incoming.quotes, matches):
            where = f"{incoming.name}: {data.describe()}"
            if match is None:
                if found is not None and data.quote.origin == "model" and not _has_codes(data):
                    report.unmatched.append(f"{where} (a machine quote the other file has and this one does not)")
                    continue
                quote_id = store.insert_quote(article_id, data.quote, data.status, data.proposal)
                report.quotes_added += 1
            else:
                quote_id = match[0]
                if (match[1], match[2]) != data.span:
                    report.conflicts.append(f"{where}: boundaries differ ({match[1]}–{match[2]} here)")
                if match[3] != data.status:
                    report.conflicts.append(f"{where}: {data.status} there, {match[3]} here")
            _bring_codes(store, quote_id, data, where, report)
        key = incoming.article.dup_group
        members = list(dict.fromkeys([*groups.get(key, []), article_id])) if key is not None else []
        if len(members) > 1:
            store.join_duplicates(members)
    if key is not None:
        groups[key] = members


def _find_article(store: Store, incoming: IncomingArticle) -> tuple[int, str] | None:
    """(id, text) of the stored article with the same text (spacing aside). Found by the hash
    recomputed from the text, or by the hash the file claims when our copy's text has that
    hash too (an older database may store another kind of hash)."""
    computed = incoming.article.content_hash
    for claimed in dict.fromkeys([computed, incoming.claimed_hash]):
        if claimed is None:
            continue
        found = store.article_by_hash(claimed)
        if found is not None and (claimed == computed or content_hash(found[1]) == computed):
            return found
    return None


def _has_codes(data: IncomingQuote) -> bool:
    return bool(data.labels or data.corrections or data.decision)


def _match_quotes(stored: list[tuple[int, int, int, str]], quotes: list[IncomingQuote]) -> list[tuple | None]:
    """For each incoming quote, the stored quote (id, start, end, status) that is the same one:
    the one with the same span, else the overlapping one with the nearest ends; each stored
    quote is matched once at most, so nested quotes keep to themselves."""
    taken: set[int] = set()
    matches: list[tuple | None] = [None] * len(quotes)
    for i, data in enumerate(quotes):
        same = next((s for s in stored if (s[1], s[2]) == data.span and s[0] not in taken), None)
        if same is not None:
            matches[i] = same
            taken.add(same[0])
    for i, data in enumerate(quotes):
        if matches[i] is not None:
            continue
        start, end = data.span
        candidates = [
            s for s in stored if s[0] not in taken
            and min(end, s[2]) - max(start, s[1]) >= MIN_OVERLAP * min(end - start, s[2] - s[1])
        ]
        if candidates:
            best = min(candidates, key=lambda s: (abs(s[1] - start) + abs(s[2] - end), s[0]))
            matches[i] = best
            taken.add(best[0])
    return matches


def _bring_codes(store: Store, quote_id: int, data: IncomingQuote, where: str, report: MergeReport) -> None:
    for label in data.labels:
        outcome = store.bring_label(quote_id, label.coder, label.label, label.note, label.coded_at,
                                    label.codebook_version)
        if outcome == "added":
            report.labels_added += 1
        elif outcome == "same":
            report.labels_same += 1
        else:
            report.conflicts.append(f"{where}: {label.coder} coded “{label.label}” there, otherwise here")
    for correction in data.corrections:
        if store.bring_speaker_correction(quote_id, correction.coder, correction.speaker, correction.at):
            report.speaker_corrections_added += 1
    decision = data.decision
    if decision is not None:
        outcome = store.bring_adjudication(quote_id, decision.label, decision.coder, decision.note,
                                           decision.decided_at)
        if outcome == "added":
            report.adjudications_added += 1
        elif outcome == "conflict":
            report.conflicts.append(f"{where}: adjudicated “{decision.label}” there, otherwise here")


# -- merging a colleague's database -------------------------------------------------------------


def merge_database(store: Store, other: str | Path) -> MergeReport:
    """Merge another coder's database into ``store``. The other file is only read, by SQLite,
    with its defences up; a file with views, unknown triggers or another schema is refused."""
    from quotecoder.core.colleague_db import ColleagueDatabase

    other = Path(other)
    if not other.exists():
        raise ValueError(f"{other} does not exist.")
    if not other.is_file():
        raise ValueError(f"{other} is not a file.")
    if store.is_own_file(other):
        raise ValueError("A database cannot be merged into itself.")
    with ColleagueDatabase(other) as source:
        return import_annotation_records(store, source.records(), origin=other.name)
