"""Exports for R, SPSS, Stata and Excel: long, wide, articles, codebook, and a JSONL backup.

Each format streams rows from the store into :func:`write_csv`, so the export
never holds the whole database in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from quotecoder.core.csvfile import write_csv
from quotecoder.core.store import Store
from quotecoder.core.store_transfer import LONG_COLUMNS, variable_names
from quotecoder.core.transfer import write_annotation_jsonl

FORMATS = ("long", "wide", "articles", "codebook", "jsonl")


def export(
    store: Store, fmt: str, path: str | Path, bom: bool = False, coders: Sequence[str] | None = None
) -> int:
    """Write ``store`` in format ``fmt`` to ``path``; returns the number of rows (or records).

    The export reads one consistent snapshot, even while the coding window writes.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    with store.snapshot():
        return _export(store, fmt, path, bom, coders)


def _export(store: Store, fmt: str, path: str | Path, bom: bool, coders: Sequence[str] | None) -> int:
    if fmt == "long":
        return write_csv(path, LONG_COLUMNS, store.long_rows(coders), bom)
    if fmt == "wide":
        names = list(coders or store.coder_names())
        return write_csv(path, store.wide_columns(names), store.wide_rows(names), bom)
    if fmt == "articles":
        columns, rows = article_table(store)
        return write_csv(path, columns, rows, bom)
    if fmt == "codebook":
        columns, rows = codebook_table(store)
        return write_csv(path, columns, rows, bom)
    return write_annotation_jsonl(store, path)


def final_stance(adjudicated: str | None, labels: Sequence[str]) -> str | None:
    """A quote's stance for counting: adjudicated, else the coders' common label; None if disputed or uncoded."""
    if adjudicated:
        return adjudicated
    distinct = set(labels)
    return distinct.pop() if len(distinct) == 1 else None


def article_table(store: Store) -> tuple[list[str], Iterator[dict]]:
    """Per-article counts: quotes, coded, disputed, each stance (final labels), and speakers."""
    codebook = store.codebook()
    keys = [lab.key for lab in codebook.labels] if codebook else sorted(store.label_counts())
    stance_columns = dict(zip(keys, variable_names("n", keys)))
    columns = [
        "article_id", "outlet", "published", "title", "url", "dup_group", "quotes", "coded", "disputed",
        *stance_columns.values(), "speakers",
    ]

    def rows() -> Iterator[dict]:
        current: dict | None = None
        speakers: Counter[str] = Counter()
        for quote in store.quote_outcomes():
            if current is None or current["article_id"] != quote["article_id"]:
                if current is not None:
                    yield _finish(current, speakers)
                current = {k: quote[k] for k in ("article_id", "outlet", "published", "title", "url", "dup_group")}
                current.update(quotes=0, coded=0, disputed=0, **{c: 0 for c in stance_columns.values()})
                speakers = Counter()
            if quote["quote_id"] is None:
                continue
            current["quotes"] += 1
            speakers[quote["speaker"] or "(unknown)"] += 1
            if quote["labels"] or quote["adjudicated"]:
                current["coded"] += 1
                stance = final_stance(quote["adjudicated"], quote["labels"])
                if stance is None:
                    current["disputed"] += 1
                elif stance in stance_columns:
                    current[stance_columns[stance]] += 1
        if current is not None:
            yield _finish(current, speakers)

    return columns, rows()


def _finish(row: dict, speakers: Counter[str]) -> dict:
    row["speakers"] = "; ".join(f"{name} ({n})" for name, n in sorted(speakers.items(), key=lambda x: (-x[1], x[0])))
    return row


def codebook_table(store: Store) -> tuple[list[str], list[dict]]:
    """The codebook as a data dictionary, with how often each label was used."""
    codebook = store.codebook()
    used = store.label_counts()
    columns = ["variable", "value", "label", "description", "shortcut", "colour", "codebook", "codebook_version", "times_used"]
    rows = [
        {
            "variable": "stance",
            "value": lab.key,
            "label": lab.name,
            "description": lab.description,
            "shortcut": lab.shortcut,
            "colour": lab.colour,
            "codebook": codebook.name,
            "codebook_version": codebook.version,
            "times_used": used.get(lab.key, 0),
        }
        for lab in (codebook.labels if codebook else ())
    ]
    return columns, rows
