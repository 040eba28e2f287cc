"""Bringing another coder's work in: merging databases, re-importing JSONL backups,
and reading codes back from a spreadsheet.

Articles are matched by content hash and quotes by span overlap. Nothing here is
overwritten: a label that differs from one already stored is reported as a
conflict and left as it is, so merging twice changes nothing.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quotecoder.core.importers.decode import DecodeError, open_text
from quotecoder.core.outfile import atomic_text_file
from quotecoder.core.clock import now
from quotecoder.core.model import Annotation, Article, Entity, Quote, Span, Speaker
from quotecoder.core.errors import DatabaseReadOnly
from quotecoder.core.store import Store

#: A quote matches when the overlap covers this share of the shorter span.
MIN_OVERLAP = 0.5


@dataclass
class MergeReport:
    """What a merge or re-import did."""

    articles_matched: int = 0
    articles_added: list[str] = field(default_factory=list)
    quotes_added: int = 0
    labels_added: int = 0
    labels_same: int = 0
    speaker_corrections_added: int = 0
    adjudications_added: int = 0
    conflicts: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.articles_added or self.quotes_added or self.labels_added
            or self.speaker_corrections_added or self.adjudications_added
        )

    def summary(self) -> str:
        lines = [
            f"Matched {self.articles_matched} article(s); added {len(self.articles_added)} article(s), "
            f"{self.quotes_added} quote(s), {self.labels_added} label(s), "
            f"{self.speaker_corrections_added} speaker correction(s), {self.adjudications_added} adjudication(s).",
        ]
        if self.labels_same:
            lines.append(f"{self.labels_same} label(s) were already here.")
        if not self.changed:
            lines.append("Nothing new: this database already had everything.")
        for title, items in (("Conflicts (kept as they are here)", self.conflicts), ("Not matched", self.unmatched)):
            if items:
                lines.append(f"{title}: {len(items)}")
                lines += [f"  {item}" for item in items]
        return "\n".join(lines)


def _speaker(data: dict | None) -> Speaker | None:
    return None if not data else Speaker(name=data["name"], type=data.get("type") or "unknown")


def _span(data: dict | None) -> Span | None:
    return None if not data else Span(data["start"], data["end"], data["text"])


def _quote(data: dict) -> Quote:
    return Quote(
        start=data["start"], end=data["end"], text=data["text"], kind=data["kind"],
        cue=_span(data.get("cue")), mention=_span(data.get("mention")), speaker=_speaker(data.get("speaker")),
        origin=data.get("origin", "coder"), confidence=data.get("confidence", 1.0),
    )


def _match(spans: list[tuple[int, int, int, str]], start: int, end: int) -> tuple[int, int, int, str] | None:
    best, best_overlap = None, 0
    for span in spans:
        overlap = min(end, span[2]) - max(start, span[1])
        if overlap > best_overlap:
            best, best_overlap = span, overlap
    if best is None or best_overlap < MIN_OVERLAP * min(end - start, best[2] - best[1]):
        return None
    return best


def import_annotation_records(store: Store, records: Iterable[dict], origin: str = "the other database") -> MergeReport:
    """Bring articles, quotes, labels, speaker corrections and adjudications into ``store``."""
    report = MergeReport()
    for record in records:
        with store.transaction():  # each article's codes come in whole, or not at all
            _bring_record(store, record, origin, report)
    return report


def _bring_record(store: Store, record: dict, origin: str, report: MergeReport) -> None:
    meta = record["article"]
    where = meta.get("title") or meta.get("source") or meta["content_hash"][:12]
    article_id = store.article_id_by_hash(meta["content_hash"])
    if article_id is None:
        article = Article(
            text=meta["text"], source=meta.get("source") or "", outlet=meta.get("outlet"),
            title=meta.get("title"), byline=meta.get("byline"), published=meta.get("published"),
            url=meta.get("url"), content_hash=meta["content_hash"], imported_at=meta.get("imported_at"),
        )
        entities = [Entity(**e) for e in record.get("entities", [])]
        article_id = store.add_article(article, Annotation(entities=entities))
        report.articles_added.append(where)
        new = True
    else:
        new = False
        report.articles_matched += 1
    spans = store.quote_spans(article_id)
    for data in record.get("quotes", []):
        found = _match(spans, data["start"], data["end"])
        label = f"{where}: “{data['text'][:60]}”"
        if found is None:
            if not new and data.get("origin") == "model" and not data.get("labels"):
                report.unmatched.append(f"{label} (a machine quote {origin} has and this one does not)")
                continue
            quote_id = store.insert_quote(article_id, _quote(data), data.get("status", "active"),
                                          data.get("proposal"))
            spans = store.quote_spans(article_id)
            report.quotes_added += 1
        else:
            quote_id = found[0]
            if (found[1], found[2]) != (data["start"], data["end"]):
                report.conflicts.append(f"{label}: boundaries differ ({found[1]}–{found[2]} here)")
            if found[3] != data.get("status", "active"):
                report.conflicts.append(f"{label}: {data.get('status')} there, {found[3]} here")
        _bring_codes(store, quote_id, data, label, report)


def _bring_codes(store: Store, quote_id: int, data: dict, where: str, report: MergeReport) -> None:
    for label in data.get("labels", []):
        outcome = store.bring_label(
            quote_id, label["coder"], label["label"], label.get("note", ""), label["coded_at"],
            label.get("codebook_version"),
        )
        if outcome == "added":
            report.labels_added += 1
        elif outcome == "same":
            report.labels_same += 1
        else:
            report.conflicts.append(f"{where}: {label['coder']} coded “{label['label']}” there, otherwise here")
    for correction in data.get("speaker_corrections", []):
        if store.bring_speaker_correction(quote_id, correction["coder"], _speaker(correction["speaker"]), correction["at"]):
            report.speaker_corrections_added += 1
    decision = data.get("adjudication")
    if decision:
        outcome = store.bring_adjudication(
            quote_id, decision["label"], decision["coder"], decision.get("note", ""), decision["decided_at"]
        )
        if outcome == "added":
            report.adjudications_added += 1
        elif outcome == "conflict":
            report.conflicts.append(f"{where}: adjudicated “{decision['label']}” there, otherwise here")


def merge_database(store: Store, other: str | Path) -> MergeReport:
    """Merge another coder's database into ``store`` (the other file is only read)."""
    if not Path(other).is_file():
        raise ValueError(f"{other} does not exist.")
    if Path(other).resolve() == store.path.resolve():
        raise ValueError("A database cannot be merged into itself.")
    try:
        source = Store(other, readonly=True)
    except DatabaseReadOnly:  # an older schema: upgrade a copy, never the colleague's file
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / Path(other).name
            with sqlite3.connect(f"{Path(other).resolve().as_uri()}?mode=ro", uri=True) as original, \
                    sqlite3.connect(copy) as target:
                original.backup(target)
            with Store(copy) as upgraded:
                return _merge_from(store, upgraded, Path(other).name)
    with source:
        return _merge_from(store, source, Path(other).name)


def _merge_from(store: Store, source: Store, origin: str) -> MergeReport:
    with source.snapshot():
        return import_annotation_records(store, source.annotation_records(), origin=origin)


def write_annotation_jsonl(store: Store, path: str | Path) -> int:
    """Every article with its annotations, one JSON object per line; returns the count."""
    count = 0
    with atomic_text_file(path) as out:
        for record in store.annotation_records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_annotation_jsonl(path: str | Path) -> Iterator[dict]:
    """The records of an annotation backup; raises ValueError naming the bad line."""
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                _check_record(record)
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: not a QuoteCoder annotation record ({exc}).") from exc
            yield record


def _check_record(record: object) -> None:
    """Raise ValueError unless ``record`` has what a re-import needs."""
    if not isinstance(record, dict) or not isinstance(record.get("article"), dict):
        raise ValueError("no article")
    article = record["article"]
    if not isinstance(article.get("text"), str) or not article["text"] or not article.get("content_hash"):
        raise ValueError("the article has no text or content hash")
    for quote in record.get("quotes", []):
        if not isinstance(quote, dict) or not all(k in quote for k in ("start", "end", "text", "kind")):
            raise ValueError("a quote lacks its start, end, text or kind")
        for label in quote.get("labels", []):
            if not isinstance(label, dict) or not all(k in label for k in ("coder", "label", "coded_at")):
                raise ValueError("a label lacks its coder, label or time")


def _bring_code(store: Store, row: dict, line: int, keys: set[str], names: dict[str, str], report: CodesReport) -> None:
    stance = (row.get("stance") or "").strip()
    coder = (row.get("coder") or "").strip()
    if not stance or not coder:
        return
    stance = stance if stance in keys else names.get(stance.lower(), stance)
    if keys and stance not in keys:
        report.problems.append(f"line {line}: “{stance}” is not a label of the codebook")
        return
    try:
        quote_id = int(str(row.get("quote_id")).strip())
    except ValueError:
        report.problems.append(f"line {line}: quote_id “{row.get('quote_id')}” is not a number")
        return
    if not store.has_quote(quote_id):
        report.problems.append(f"line {line}: there is no quote {quote_id} in this database")
        return
    outcome = store.bring_label(quote_id, coder, stance, row.get("note") or "", row.get("coded_at") or now())
    if outcome == "added":
        report.added += 1
    elif outcome == "same":
        report.same += 1
    else:
        report.problems.append(f"line {line}: {coder} already coded quote {quote_id} differently (kept)")


@dataclass
class CodesReport:
    """What ``import-codes`` did."""

    added: int = 0
    same: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"Added {self.added} label(s); {self.same} were already here."]
        if self.problems:
            lines.append(f"{len(self.problems)} row(s) not imported:")
            lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


def import_codes(store: Store, path: str | Path) -> CodesReport:
    """Read stance codes (columns quote_id, coder, stance) from a long-format CSV."""
    report = CodesReport()
    codebook = store.codebook()
    keys = {lab.key for lab in codebook.labels} if codebook else set()
    names = {lab.name.lower(): lab.key for lab in codebook.labels} if codebook else {}
    try:
        handle = open_text(Path(path), newline="")
    except DecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    with handle, store.transaction():  # one file of codes is one action
        reader = csv.DictReader(handle)
        missing = {"quote_id", "coder", "stance"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(
                f"{path} has no column(s) {', '.join(sorted(missing))}; it needs quote_id, coder and stance."
            )
        for row in reader:
            _bring_code(store, row, reader.line_num, keys, names, report)
    return report

