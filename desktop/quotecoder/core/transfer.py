"""Bringing another coder's work in: merging databases and re-importing JSONL backups.

Both files come from someone else and are treated as untrusted: every record is checked
(:mod:`quotecoder.core.annotation_record`) and a colleague's database is read with SQLite's
defences up (:mod:`quotecoder.core.colleague_db`). A bad record is skipped and named, by
file and line or by article; the rest comes in.

Articles are matched by the hash of their text (recomputed, never read from the file);
a copy that differs only in spacing has its offsets carried over word by word. Quotes are
matched by their exact span first, then by the closest overlapping span, one to one, so
a quote nested in another keeps its own codes. Every variable of the codebook comes in:
each coder's quote and article codes, the adjudications of quote and article variables, and
the codes of the registry speakers the records name (found here by name or alias, added to
the registry when new). Variables and labels are checked against this database's codebook.
Nothing here is overwritten: a code that differs from one already stored (the same coder,
item and variable; or the same speaker and variable) is reported as a conflict and left as
it is, so merging twice changes nothing. Each article comes in whole, in one transaction,
or not at all.

The codebook comes along: a backup's first record carries the codebook it was written with,
and a colleague's database its latest one. What it has and ours lacks (a variable, or a label
of a variable both code per the same unit) is added to ours as one new version before the
codes come in (:func:`quotecoder.core.codebook.adopt`); nothing of ours is removed or renamed,
and what cannot be added (another unit, a shortcut taken here) is named with its codes.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from quotecoder.core.annotation_record import (
    BadRecord,
    Entry,
    IncomingArticle,
    IncomingDecision,
    IncomingLabel,
    IncomingQuote,
    parse_codebook,
    parse_record,
)
from quotecoder.core.codebook import adopt
from quotecoder.core.codes_import import CodesReport, import_codes  # noqa: F401  (re-exported)
from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.model import STANCE, Annotation
from quotecoder.core.offsets import OffsetMap
from quotecoder.core.outfile import atomic_text_file
from quotecoder.core.store import Store

#: A quote matches a stored one when their overlap covers this share of the shorter span.
MIN_OVERLAP = 0.5
#: The longest JSONL line read (bytes); a longer one is skipped and named.
MAX_LINE = 256 * 1024 * 1024


@dataclass
class MergeReport:
    """What a merge or re-import did, and what it left out.

    Codes are counted per variable (quote, article and speaker variables alike), and so are
    adjudications (quote and article variables); ``labels_added``, ``labels_same`` and
    ``adjudications_added`` are the counts for stance.
    """

    articles_matched: int = 0
    articles_added: list[str] = field(default_factory=list)
    articles_aligned: list[str] = field(default_factory=list)  # matched copies spaced differently
    quotes_added: int = 0
    codes_added: Counter[str] = field(default_factory=Counter)  # variable → codes added
    codes_same: Counter[str] = field(default_factory=Counter)  # variable → codes already here
    adjudicated: Counter[str] = field(default_factory=Counter)  # variable → adjudications added
    speaker_corrections_added: int = 0
    conflicts: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # records or items skipped, and why
    #: What the codebook took from the other file's, e.g. "variables frame, gender and label
    #: stance: sceptical from backup.jsonl (now version 3)".
    codebook_taken: list[str] = field(default_factory=list)

    @property
    def labels_added(self) -> int:
        return self.codes_added[STANCE]

    @property
    def labels_same(self) -> int:
        return self.codes_same[STANCE]

    @property
    def adjudications_added(self) -> int:
        return self.adjudicated[STANCE]

    @property
    def changed(self) -> bool:
        return bool(
            self.articles_added or self.quotes_added or any(self.codes_added.values())
            or self.speaker_corrections_added or any(self.adjudicated.values()) or self.codebook_taken
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
        others = [key for key in dict.fromkeys([*self.codes_added, *self.adjudicated]) if key != STANCE]
        if others:
            lines.append("Other variables: " + "; ".join(self._variable_counts(key) for key in others) + ".")
        same = sum(self.codes_same.values())
        if same:
            lines.append(f"{same} code(s) were already here.")
        if self.articles_aligned:
            lines.append(f"{len(self.articles_aligned)} article(s) matched a copy here with other spacing; "
                         "their codes were placed on the same words.")
        return "\n".join(lines)

    def _variable_counts(self, variable: str) -> str:
        counts = f"{variable}: {self.codes_added[variable]} code(s)"
        if self.adjudicated[variable]:
            counts += f", {self.adjudicated[variable]} adjudication(s)"
        return counts + " added"

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
    """Every article with its annotations, one JSON object per line, the first also carrying
    the codebook; returns the count."""
    count = 0
    codebook = store.codebook()
    with atomic_text_file(path) as out:
        for record in store.annotation_records():
            if count == 0 and codebook is not None:
                record = {**record, "codebook": codebook.to_dict()}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


# -- bringing records in ------------------------------------------------------------------------


@dataclass
class _Across:
    """What one record leaves for the next: the near-duplicate groups met so far (by their key
    in the file) and the speaker codes already brought (each record lists its speakers' codes)."""

    groups: dict[int | str, list[int]] = field(default_factory=dict)
    speaker_codes: set[tuple[str, str]] = field(default_factory=set)  # (speaker name, variable)


def import_annotation_records(
    store: Store, records: Iterable[dict | Entry], origin: str = "the other database", codebook: Entry | None = None
) -> MergeReport:
    """Bring articles, quotes, every variable's codes (quote, article and speaker),
    speaker corrections, adjudications and near-duplicate groups into ``store``.
    ``records`` are plain records or :class:`Entry` items (with their place). The other
    file's codebook (``codebook``, or a record's ``"codebook"``: a backup's first) first adds
    what ours lacks (see :func:`adopt_codebook`).

    Raises ValueError when not one record could be read (the file is not a backup at all).
    """
    source = getattr(records, "path", None)
    if source is not None and store.is_own_file(source):
        raise ValueError(f"{source} is this database itself, not a backup or a colleague's file.")
    report = MergeReport()
    read = int(codebook is not None and adopt_codebook(store, codebook, origin, report))
    current = store.codebook()
    across = _Across()
    for number, item in enumerate(records, start=1):
        entry = item if isinstance(item, Entry) else Entry(f"{origin}, record {number}", record=item)
        if entry.problem:
            report.problems.append(entry.problem)
            continue
        if isinstance(entry.record, dict) and "codebook" in entry.record:
            carried = Entry(entry.where, record=entry.record["codebook"])
            if adopt_codebook(store, carried, origin, report):
                read, current = read + 1, store.codebook()
        try:
            incoming = parse_record(entry.record, entry.where, current)
        except BadRecord as exc:
            report.problems.append(f"{entry.where}: skipped: {exc}")
            continue
        read += 1
        report.problems += incoming.problems
        part = MergeReport()
        try:
            _bring_article(store, incoming, part, across)
        except (ValueError, KeyError, sqlite3.IntegrityError) as exc:  # rolled back: this article only
            report.problems.append(f"{entry.where}: skipped: {exc}")
            continue
        report.add(part)
    if not read and report.problems:
        raise ValueError(f"Nothing could be read from {origin}: {report.problems[0]}")
    return report


def adopt_codebook(store: Store, codebook: Entry, origin: str, report: MergeReport) -> bool:
    """Add to ``store``'s codebook, as one new version, the variables and labels the other
    file's ``codebook`` has and it lacks; a codebook that cannot be read, or a part of it that
    cannot be added, is named in the report. Returns True when the codebook could be read."""
    if codebook.problem:
        report.problems.append(codebook.problem)
        return False
    try:
        theirs = parse_codebook(codebook.record)
    except BadRecord as exc:
        report.problems.append(f"{codebook.where}: the codebook was not read: {exc}; codes of variables and labels "
                               "this database's codebook lacks are left out")
        return False
    with store.transaction():
        adoption = adopt(store.codebook(), theirs)
        saved = store.save_codebook(adoption.codebook) if adoption.took else None
    if adoption.refused:
        report.problems.append(f"{codebook.where}: not taken from its codebook, so their codes are left out: "
                               + "; ".join(adoption.refused))
    if saved is not None:
        report.codebook_taken.append(f"{adoption.taken_text()} from {origin} (now version {saved.version})")
    return True


def _bring_article(store: Store, incoming: IncomingArticle, report: MergeReport, across: _Across) -> None:
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
                quote_id = store.insert_quote(article_id, incoming.article.text, data.quote, data.status,
                                              data.proposal)
                report.quotes_added += 1
            else:
                quote_id = match[0]
                if (match[1], match[2]) != data.span:
                    report.conflicts.append(f"{where}: boundaries differ ({match[1]}–{match[2]} here)")
                if match[3] != data.status:
                    report.conflicts.append(f"{where}: {data.status} there, {match[3]} here")
            _bring_codes(store, "quote", quote_id, data.labels, data.decisions, where, report)
            for correction in data.corrections:
                if store.bring_speaker_correction(quote_id, correction.coder, correction.speaker, correction.at):
                    report.speaker_corrections_added += 1
        _bring_codes(store, "article", article_id, incoming.codes, incoming.decisions, incoming.name, report)
        brought = _bring_speaker_codes(store, incoming, report, across.speaker_codes)
        key = incoming.article.dup_group
        members = list(dict.fromkeys([*across.groups.get(key, []), article_id])) if key is not None else []
        if len(members) > 1:
            store.join_duplicates(members)
    if key is not None:
        across.groups[key] = members
    across.speaker_codes |= brought


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
    return bool(data.labels or data.corrections or data.decisions)


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


def _bring_codes(store: Store, unit: str, item_id: int, codes: list[IncomingLabel],
                 decisions: list[IncomingDecision], where: str, report: MergeReport) -> None:
    """A quote's or an article's codes and adjudications, each variable on its own."""
    for code in codes:
        outcome = store.bring_code(unit, item_id, code.coder, code.variable, code.label, code.note, code.coded_at,
                                   code.codebook_version)
        _count(report, outcome, code.variable,
               f"{where}: {code.coder} coded “{code.label}” there for {code.variable}, otherwise here")
    for decision in decisions:
        outcome = store.bring_adjudication(item_id, decision.label, decision.coder, decision.note,
                                           decision.decided_at, decision.variable, unit)
        if outcome == "added":
            report.adjudicated[decision.variable] += 1
        elif outcome == "conflict":
            report.conflicts.append(f"{where}: adjudicated “{decision.label}” there for {decision.variable}, "
                                    "otherwise here")


def _bring_speaker_codes(store: Store, incoming: IncomingArticle, report: MergeReport,
                         done: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The codes of the speakers the record names, each (speaker, variable) once in a whole
    merge; returns those it brought (to skip in the records that follow)."""
    brought = set()
    for code in incoming.speaker_codes:
        key = (code.speaker.name, code.variable)
        if key in done or key in brought:
            continue
        brought.add(key)
        outcome = store.bring_speaker_code(code.speaker, code.variable, code.label, code.coder, code.coded_at,
                                           code.codebook_version)
        _count(report, outcome, code.variable,
               f"speaker {code.speaker.name}: “{code.label}” there for {code.variable}, otherwise here")
    return brought


def _count(report: MergeReport, outcome: str, variable: str, conflict: str) -> None:
    """Count a code brought in: added, already here, or a conflict (kept as it is here), which
    ``conflict`` describes."""
    if outcome == "added":
        report.codes_added[variable] += 1
    elif outcome == "same":
        report.codes_same[variable] += 1
    else:
        report.conflicts.append(conflict)


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
        return import_annotation_records(store, source.records(), origin=other.name, codebook=source.codebook())
