"""The export files' columns: which columns each format has, and what the codebook's variables
are called in them. The exports (:mod:`quotecoder.core.export`) write these columns and
``import-codes`` (:mod:`quotecoder.core.codes_import`) reads them back.

A variable's column is named by its key; a key that is already a column of the file
(``kind``, ``title``…) gets the column ``<key>_code`` instead (see :func:`code_columns`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from quotecoder.core.model import Codebook
from quotecoder.core.store.exports import ARTICLE_IDENTITY


# What identifies an article's origin in every export: its byline, the database's section and
# language, the file it was imported from (``source``) and the database's document id.
IDENTITY_COLUMNS = ARTICLE_IDENTITY
ARTICLE_COLUMNS = ("article_id", "outlet", "published", "title", "url", *IDENTITY_COLUMNS, "dup_group")

#: The long format's columns around the codes: the quote and its speaker (then the speaker
#: variables), the quote's words (then the quote variables), the coder's work.
LONG_QUOTE = (*ARTICLE_COLUMNS, "quote_id", "kind", "start", "end", "quote_text", "speaker", "speaker_type")
LONG_WORDS = ("speaker_mention", "cue")
LONG_CODER = ("coder", "coded_at", "origin", "speaker_corrected", "note")
#: The long format's columns with the default codebook (one quote variable, stance; no speaker variable).
LONG_COLUMNS = (*LONG_QUOTE, *LONG_WORDS, "stance", *LONG_CODER)
#: The article-codes format's columns around the article variables.
ARTICLE_CODES_CODER = ("coded_at", "note")
#: The wide format's columns before the codes.
WIDE_QUOTE = ("article_id", "outlet", "published", *IDENTITY_COLUMNS, "dup_group", "quote_id", "kind", "speaker",
              "quote_text")
CODEBOOK_COLUMNS = ("variable", "variable_name", "unit", "level", "value", "name", "description", "shortcut",
                    "colour", "codebook", "version", "times_used")


def variable_name(prefix: str, name: str) -> str:
    """A column name that R, SPSS and Stata accept: letters, digits, underscores, ≤ 32 characters."""
    clean = re.sub(r"\W+", "_", name.strip().lower(), flags=re.ASCII).strip("_") or "x"
    return f"{prefix}_{clean}"[:32]


def unique_names(names: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """``names`` made unique among themselves and ``taken`` (ignoring case; ≤ 32 characters
    where a number is added): "anna" and "Anna!" must not share a column."""
    used = {t.casefold() for t in taken}
    result: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in used:
            n += 1
            candidate = f"{name[: 32 - len(str(n)) - 1]}_{n}"
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def variable_names(prefix: str, names: Sequence[str], taken: Iterable[str] = ()) -> list[str]:
    """:func:`variable_name` for each name, made unique (see :func:`unique_names`)."""
    return unique_names([variable_name(prefix, name) for name in names], taken)


def code_columns(keys: Sequence[str], fixed: Iterable[str]) -> dict[str, str]:
    """Column → variable key for variables in a file whose other columns are ``fixed``: each
    column is named by its key, or ``<key>_code`` when the file already has a column so named."""
    fixed = list(fixed)
    taken = {f.casefold() for f in fixed}
    wanted = [key if key.casefold() not in taken else f"{key}_code" for key in keys]
    return dict(zip(unique_names(wanted, fixed), keys))


def long_layout(codebook: Codebook | None) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The long format's columns, and column → variable for its quote and speaker variables."""
    quote = [v.key for v in codebook.by_unit("quote")] if codebook else ["stance"]
    speaker = [v.key for v in codebook.by_unit("speaker")] if codebook else []
    fixed = (*LONG_QUOTE, *LONG_WORDS, *LONG_CODER)
    quote_columns = code_columns(quote, fixed)
    speaker_columns = code_columns(speaker, (*fixed, *quote_columns))
    columns = [*LONG_QUOTE, *speaker_columns, *LONG_WORDS, *quote_columns, *LONG_CODER]
    return columns, quote_columns, speaker_columns


def article_codes_layout(codebook: Codebook | None, adjudicated: bool = True
                         ) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The article-codes format's columns, column → variable for its article variables and
    (with ``adjudicated``) for their adjudicated labels."""
    keys = [v.key for v in codebook.by_unit("article")] if codebook else []
    fixed = (*ARTICLE_COLUMNS, "coder", *ARTICLE_CODES_CODER)
    codes = code_columns(keys, fixed)
    decided = dict(zip(unique_names([f"{column}_adjudicated" for column in codes], (*fixed, *codes)), keys))
    if not adjudicated:
        decided = {}
    return [*ARTICLE_COLUMNS, "coder", *codes, *decided, *ARTICLE_CODES_CODER], codes, decided


def wide_layout(codebook: Codebook | None, coders: Sequence[str], adjudicated: bool = True
                ) -> tuple[list[str], list[tuple[str, str, str]], dict[str, str]]:
    """The wide format's columns, (column, variable, coder) of each coder's codes and column →
    variable of the adjudicated labels: ``<variable>_<coder>`` and ``<variable>_adjudicated``
    for each quote variable."""
    keys = [v.key for v in codebook.by_unit("quote")] if codebook else ["stance"]
    decided_names = unique_names([variable_name(key, "adjudicated") for key in keys], WIDE_QUOTE)
    taken = [*WIDE_QUOTE, *decided_names]
    columns, codes = list(WIDE_QUOTE), []
    for key, decided in zip(keys, decided_names):
        names = variable_names(key, coders, taken)
        taken += names
        codes += [(name, key, coder) for name, coder in zip(names, coders)]
        columns += names + [decided] * adjudicated
    return columns, codes, dict(zip(decided_names, keys)) if adjudicated else {}
