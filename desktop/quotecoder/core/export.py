"""Exports for R, SPSS, Stata and Excel: long, wide, articles, article-codes, codebook, and a JSONL backup.

Each format streams rows from the store into :func:`write_csv`, so the export
never holds the whole database in memory. The codebook's variables become columns:

* ``long``: one row per quote × coder, a column per quote variable (named by its key:
  ``stance``) and one per speaker variable (the row's speaker's code);
* ``wide``: one row per quote, ``<variable>_<coder>`` and ``<variable>_adjudicated`` for each
  quote variable;
* ``article-codes``: one row per article × coder, with its metadata and a column per article variable;
* ``codebook``: one row per variable × label.

The columns, and what the variables are called in them, are in :mod:`quotecoder.core.export_columns`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from quotecoder.core.csvfile import write_csv
from quotecoder.core.export_columns import (  # noqa: F401  (LONG_COLUMNS, variable_name: re-exported)
    ARTICLE_COLUMNS,
    CODEBOOK_COLUMNS,
    LONG_COLUMNS,
    article_codes_layout,
    long_layout,
    variable_name,
    variable_names,
    wide_layout,
)
from quotecoder.core.store import Store
from quotecoder.core.study import check_coders, export_coders, is_blind, visible_coders
from quotecoder.core.transfer import write_annotation_jsonl

FORMATS = ("long", "wide", "articles", "article-codes", "codebook", "jsonl")


def export(
    store: Store, fmt: str, path: str | Path, bom: bool = False, coders: Sequence[str] | None = None,
    coder: str | None = None, formula_guard: bool = True,
) -> int:
    """Write ``store`` in format ``fmt`` to ``path``; returns the number of rows (or records).

    ``coders`` limits the codes to those coders; ``coder`` is who exports, which blind mode
    needs (it limits code exports to that coder, leaves adjudicated labels out and refuses
    every-coder formats; see :mod:`quotecoder.core.study`). ``formula_guard=False`` leaves
    cells such as ``-5 percent`` as they are (for R, Stata or SPSS). The export reads one
    consistent snapshot, even while the coding window writes.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if store.is_own_file(path):
        raise ValueError(f"{path} is the database itself: choose another file for the export.")
    coders = check_coders(store, coders)
    blind = is_blind(store)
    if fmt == "codebook":  # how often each label was used: in blind mode, the exporter's own codes
        coders = visible_coders(store, coder, coders) if blind and (coder or coders) else coders
    else:
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

    codebook = store.codebook()
    if fmt == "long":
        columns, quote, speaker = long_layout(codebook)
        return write(columns, store.long_rows(options.coders, quote, speaker))
    if fmt == "wide":  # in blind mode no adjudicated labels: they show what the others coded
        columns, codes, decided = wide_layout(codebook, list(options.coders or store.coder_names()),
                                              adjudicated=not options.blind)
        return write(columns, store.wide_rows(codes, decided))
    if fmt == "article-codes":
        columns, codes, decided = article_codes_layout(codebook, adjudicated=not options.blind)
        return write(columns, store.article_code_rows(codes, decided, options.coders))
    if fmt == "articles":
        return write(*article_table(store))
    if fmt == "codebook":
        return write(*codebook_table(store, options.coders, counted=not options.blind or bool(options.coders)))
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
    columns = [*ARTICLE_COLUMNS, "quotes", "coded", "disputed", *stance_columns.values(), "speakers"]

    def rows() -> Iterator[dict]:
        current: dict | None = None
        speakers: Counter[str] = Counter()
        for quote in store.quote_outcomes():
            if current is None or current["article_id"] != quote["article_id"]:
                if current is not None:
                    yield _finish(current, speakers)
                current = {k: quote[k] for k in ARTICLE_COLUMNS}
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


def codebook_table(store: Store, coders: Sequence[str] | None = None, counted: bool = True
                   ) -> tuple[list[str], list[dict]]:
    """The codebook as a data dictionary: one row per variable × label, with how often each
    label was used (by ``coders``, all when None; speaker variables: speakers coded). Without
    ``counted`` the count is left out (blind mode, nobody named: it would show others' codes)."""
    codebook = store.codebook()
    columns = [c for c in CODEBOOK_COLUMNS if counted or c != "times_used"]
    rows = []
    for variable in codebook.variables if codebook else ():
        used = store.label_uses(variable.key, variable.unit, coders) if counted else {}
        rows += [{
            "variable": variable.key, "variable_name": variable.name, "unit": variable.unit,
            "level": variable.level, "value": lab.key, "name": lab.name, "description": lab.description,
            "shortcut": lab.shortcut, "colour": lab.colour, "codebook": codebook.name,
            "version": codebook.version, "times_used": used.get(lab.key, 0),
        } for lab in variable.labels]
    return columns, rows
