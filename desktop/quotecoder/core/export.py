"""Exports for R, SPSS, Stata and Excel: long, wide, articles, codebook, and a JSONL backup.

Each format streams rows from the store into :func:`write_csv`, so the export
never holds the whole database in memory.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from quotecoder.core.csvfile import write_csv
from quotecoder.core.store import Store
from quotecoder.core.store.transfer import ARTICLE_IDENTITY
from quotecoder.core.study import check_coders, export_coders, is_blind
from quotecoder.core.transfer import write_annotation_jsonl

FORMATS = ("long", "wide", "articles", "codebook", "jsonl")

# What identifies an article's origin in every export: its byline, the database's section and
# language, the file it was imported from (``source``) and the database's document id.
IDENTITY_COLUMNS = ARTICLE_IDENTITY

LONG_COLUMNS = (
    "article_id", "outlet", "published", "title", "url", *IDENTITY_COLUMNS, "dup_group", "quote_id", "kind",
    "start", "end",
    "quote_text", "speaker", "speaker_type", "speaker_mention", "cue", "stance", "coder", "coded_at",
    "origin", "speaker_corrected", "note",
)


def variable_name(prefix: str, name: str) -> str:
    """A column name that R, SPSS and Stata accept: letters, digits, underscores, ≤ 32 characters."""
    clean = re.sub(r"\W+", "_", name.strip().lower(), flags=re.ASCII).strip("_") or "x"
    return f"{prefix}_{clean}"[:32]



def variable_names(prefix: str, names: Sequence[str]) -> list[str]:
    """:func:`variable_name` for each name, made unique ("anna" and "Anna!" must not share a column)."""
    result: list[str] = []
    for name in names:
        base = candidate = variable_name(prefix, name)
        n = 1
        while candidate in result:
            n += 1
            candidate = f"{base[: 32 - len(str(n)) - 1]}_{n}"
        result.append(candidate)
    return result


def wide_columns(stances: Sequence[str]) -> list[str]:
    """The wide format's columns, with ``stances`` (each coder's stance column)."""
    return ["article_id", "outlet", "published", *IDENTITY_COLUMNS, "dup_group", "quote_id", "kind", "speaker",
            "quote_text", *stances, "stance_adjudicated"]


def export(
    store: Store, fmt: str, path: str | Path, bom: bool = False, coders: Sequence[str] | None = None,
    coder: str | None = None, formula_guard: bool = True,
) -> int:
    """Write ``store`` in format ``fmt`` to ``path``; returns the number of rows (or records).

    ``coders`` limits the labels to those coders; ``coder`` is who exports, which blind mode
    needs (it limits label exports to that coder and refuses every-coder formats; see
    :mod:`quotecoder.core.study`). ``formula_guard=False`` leaves cells such as ``-5 percent``
    as they are (for R, Stata or SPSS). The export reads one consistent snapshot, even while
    the coding window writes.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if store.is_own_file(path):
        raise ValueError(f"{path} is the database itself: choose another file for the export.")
    coders = check_coders(store, coders)
    blind = is_blind(store)
    coders = export_coders(store, fmt, coder, coders)
    with store.read_snapshot():
        return _export(store, fmt, path, _Options(bom, coders, formula_guard, blind))


@dataclass(frozen=True)
class _Options:
    bom: bool
    coders: list[str] | None
    formula_guard: bool
    blind: bool


def _export(store: Store, fmt: str, path: str | Path, options: _Options) -> int:
    def write(columns: Sequence[str], rows) -> int:
        return write_csv(path, columns, rows, options.bom, options.formula_guard)

    if fmt == "long":
        return write(LONG_COLUMNS, store.long_rows(options.coders))
    if fmt == "wide":
        names = list(options.coders or store.coder_names())
        stances = variable_names("stance", names)
        columns = wide_columns(stances)
        if options.blind:  # the adjudicated stance shows what the others coded
            columns = [c for c in columns if c != "stance_adjudicated"]
        return write(columns, store.wide_rows(names, stances))
    if fmt == "articles":
        return write(*article_table(store))
    if fmt == "codebook":
        return write(*codebook_table(store))
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
        "article_id", "outlet", "published", "title", "url", *IDENTITY_COLUMNS, "dup_group", "quotes", "coded",
        "disputed",
        *stance_columns.values(), "speakers",
    ]

    def rows() -> Iterator[dict]:
        current: dict | None = None
        speakers: Counter[str] = Counter()
        for quote in store.quote_outcomes():
            if current is None or current["article_id"] != quote["article_id"]:
                if current is not None:
                    yield _finish(current, speakers)
                current = {k: quote[k] for k in columns[: columns.index("dup_group") + 1]}
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
