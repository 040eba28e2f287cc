"""Codebooks: the default one shipped in ``resources/codebooks``, and codebook files.

A codebook file is JSON: ``{"name", "version", "variables": [...]}``, or the old format with
one top-level ``labels`` list (one quote variable, ``stance``). :func:`load_codebook` reads one
and names the file (and the line, for bad JSON) in every error; :func:`check_codebook` refuses
what the exports, ``import-codes`` and the keyboard could not tell apart; :func:`replace_codebook`
makes a loaded file the database's next version without retiring a label in use; :func:`adopt`
adds what another database's codebook has and ours lacks (merges and restored backups).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from quotecoder.core.model import Codebook, Variable
from quotecoder.core.outfile import atomic_text_file
from quotecoder.core.resources import resource

if TYPE_CHECKING:
    from quotecoder.core.store import Store

DEFAULT_CODEBOOK = "default.json"
#: A variable's key: a column name in every export (R, SPSS and Stata accept it).
KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")
#: Keys a variable cannot have: ``agreement --variable speaker`` is each coder's speaker
#: attribution, and ``speaker`` names the speaker in every file.
RESERVED_KEYS = ("speaker",)


def load_codebook(path: str | Path) -> Codebook:
    """The codebook in a JSON file (either format); ValueError naming the file and what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path} is not a file." if path.exists() else f"There is no file {path}.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text: save the codebook as UTF-8 JSON.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}).") from None
    except RecursionError:
        raise ValueError(f"{path}: the JSON is nested too deeply to be a codebook.") from None
    try:
        return Codebook.from_dict(data)
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValueError(f"{path} is not a usable codebook: {exc}.") from None


def default_codebook() -> Codebook:
    """The codebook that new databases start with."""
    return load_codebook(resource("codebooks", DEFAULT_CODEBOOK))


def check_codebook(codebook: Codebook) -> None:
    """Refuse (ValueError, naming the variable) what coders and files could not tell apart:
    keys that are no column name, or taken; two variables whose keys differ only in case; a
    variable without labels; a label whose name is another label's key; a shortcut used twice."""
    seen: dict[str, str] = {}
    for variable in codebook.variables:
        key = variable.key
        if not KEY.fullmatch(key):
            raise ValueError(f"variable “{key}”: a key is a letter, then up to 31 letters, digits or underscores "
                             "(it names a column in every export)")
        if key.casefold() in RESERVED_KEYS:
            raise ValueError(f"variable {key}: the key {key} is taken by the speaker attribution; call it "
                             f"e.g. {key}_type")
        if key.casefold() in seen:
            raise ValueError(f"variables {seen[key.casefold()]} and {key} differ only in case")
        seen[key.casefold()] = key
        _check_labels(variable)


def _check_labels(variable: Variable) -> None:
    if not variable.labels:
        raise ValueError(f"variable {variable.key} has no labels")
    if variable.level == "ordinal" and len(variable.labels) < 2:
        raise ValueError(f"variable {variable.key} is ordinal but has one label: it needs two or more, in order")
    keys = {lab.key.casefold(): lab.key for lab in variable.labels}
    if len(keys) < len(variable.labels):
        raise ValueError(f"variable {variable.key}: two labels have keys that differ only in case")
    for lab in variable.labels:
        other = keys.get(lab.name.strip().casefold())
        if other is not None and other != lab.key:
            raise ValueError(f"variable {variable.key}: the label {lab.key} is named “{lab.name}”, the key of "
                             f"another label (a value in a file would mean either)")
    shortcuts = [lab.shortcut for lab in variable.labels if lab.shortcut]
    twice = sorted({s for s in shortcuts if shortcuts.count(s) > 1})
    if twice:
        raise ValueError(f"variable {variable.key}: the shortcut {twice[0]} is given to two labels")


def save_codebook_file(codebook: Codebook, path: str | Path) -> Path:
    """Write ``codebook`` as JSON that :func:`load_codebook` reads back (it appears only when complete)."""
    path = Path(path)
    with atomic_text_file(path, newline="\n") as handle:
        handle.write(json.dumps(codebook.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return path


def codebook_text(codebook: Codebook | None) -> str:
    """The codebook for the terminal: each variable with its unit and level, then its labels
    (shortcut, key, name)."""
    if codebook is None:
        return "This database has no codebook yet."
    lines = [f"“{codebook.name}”, version {codebook.version}: {len(codebook.variables)} variable(s)"]
    for variable in codebook.variables:
        lines.append(f"{variable.key}: {variable.name} (coded per {variable.unit}, {variable.level})")
        width = max((len(lab.key) for lab in variable.labels), default=0)
        for lab in variable.labels:
            lines.append(f"  {lab.shortcut or ' ':>2}  {lab.key:<{width}}  {lab.name}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Retired:
    """A label in use that a new codebook would retire: its variable (key and unit), and how many
    codes hold it (None where blind mode withholds the count)."""

    variable: str
    unit: str
    label: str
    uses: int | None

    def __str__(self) -> str:
        return f"{self.variable}: {self.label}" + (f" ({self.uses:,} code(s))" if self.uses is not None else "")


def retired_labels(store: Store, new: Codebook, merges: Mapping[tuple[str, str], str] | None = None,
                   counted: bool = True) -> list[Retired]:
    """The labels in use (in a code or an adjudication) that ``new`` would leave without a place:
    dropped from their variable, or their variable dropped or coded per another unit; labels
    ``merges`` ((variable, label) → new label) moves are not. Without ``counted``, no counts."""
    old, merges = store.codebook(), merges or {}
    result = []
    for variable in old.variables if old else ():
        kept = new.variable(variable.key)
        labels = {lab.key for lab in kept.labels} if kept is not None and kept.unit == variable.unit else set()
        gone = [label for label in sorted(store.labels_in_use(variable.key, variable.unit) - labels)
                if (variable.key, label) not in merges]
        uses = store.label_uses(variable.key, variable.unit) if counted and gone else {}
        result += [Retired(variable.key, variable.unit, label, uses.get(label, 0) if counted else None)
                   for label in gone]
    return result


def replace_codebook(store: Store, new: Codebook, merges: Mapping[tuple[str, str], str] | None = None,
                     counted: bool = True) -> tuple[Codebook, int]:
    """Make ``new`` the database's next codebook version, first merging each (variable, label)
    of ``merges`` into its new label (which ``new`` must have). Refuses (ValueError) a codebook
    that would retire a label in use. Returns the saved codebook and how many codes changed."""
    check_codebook(new)
    old, merges = store.codebook(), merges or {}
    for (key, label), into in merges.items():
        variable = old.variable(key) if old else None
        if variable is None or (variable.label(label) is None and label not in store.labels_in_use(key, variable.unit)):
            raise ValueError(f"--merge {key}:{label}={into}: {key} has no label {label}.")
        target = new.variable(key)
        if target is None or target.unit != variable.unit or target.label(into) is None:
            raise ValueError(f"--merge {key}:{label}={into}: the new codebook has no label {into} for {key}.")
    for variable in old.variables if old else ():
        kept = new.variable(variable.key)
        if (kept is None or kept.unit != variable.unit) and store.labels_in_use(variable.key, variable.unit):
            change = "drops it" if kept is None else f"codes it per {kept.unit}"
            raise ValueError(f"{variable.key} is coded per {variable.unit} and has codes, but the new codebook "
                             f"{change}. Keep {variable.key} in the codebook, coded per {variable.unit}.")
    retired = retired_labels(store, new, merges, counted)
    if retired:
        first = retired[0]
        raise ValueError(
            f"The new codebook would retire label(s) still in use: {'; '.join(map(str, retired))}. Keep them in the "
            f"file, or merge each into a label it keeps: --merge {first.variable}:{first.label}=NEW_LABEL.")
    changed = 0
    with store.transaction():
        for (key, label), into in merges.items():
            changed += store.relabel(key, label, into, old.variable(key).unit)
        saved = store.save_codebook(new)
    return saved, changed


@dataclass(frozen=True)
class Adoption:
    """What :func:`adopt` made of another codebook: ours with what it took (``codebook``), the
    variables and (variable, label) pairs it took, and why it left anything out (``refused``)."""

    codebook: Codebook
    variables: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    refused: tuple[str, ...] = ()

    @property
    def took(self) -> bool:
        return bool(self.variables or self.labels)

    def taken_text(self) -> str:
        """What was taken: "variables frame, gender and label stance: sceptical"."""
        parts = []
        if self.variables:
            parts.append(f"variable{'s' if len(self.variables) > 1 else ''} {', '.join(self.variables)}")
        if self.labels:
            parts.append(f"label{'s' if len(self.labels) > 1 else ''} "
                         + ", ".join(f"{key}: {label}" for key, label in self.labels))
        return " and ".join(parts)


def adopt(ours: Codebook | None, theirs: Codebook) -> Adoption:
    """``ours`` with what ``theirs`` has and it lacks, added and never changing what is ours:
    their variables it has none of (matched by key or name, as codes name them), appended; and
    the labels of a variable both have, coded per the same unit, appended to ours. Refused (and
    said why): a variable coded per another unit here, labels for an ordinal variable (their
    place in its order is the study's to decide), and what :func:`check_codebook` would refuse
    (a shortcut or key taken here)."""
    result = ours or Codebook(theirs.name, 0)
    variables: list[str] = []
    labels: list[tuple[str, str]] = []
    refused: list[str] = []

    def tried(candidate: Codebook, what: str) -> bool:
        nonlocal result
        try:
            check_codebook(candidate)
        except ValueError as exc:
            refused.append(f"{what} ({exc})")
            return False
        result = candidate
        return True

    for variable in theirs.variables:
        mine = result.find_variable(variable.key)
        if mine is None:
            if tried(replace(result, variables=(*result.variables, variable)), f"variable {variable.key}"):
                variables.append(variable.key)
            continue
        if mine.unit != variable.unit:
            refused.append(f"variable {variable.key} (coded per {variable.unit} there, per {mine.unit} here)")
            continue
        missing = [lab for lab in variable.labels if mine.find(lab.key) is None]
        if not missing:
            continue
        if mine.level == "ordinal":
            refused.append(f"label{'s' if len(missing) > 1 else ''} {', '.join(lab.key for lab in missing)} of the "
                           f"ordinal variable {mine.key} (where they go in its order is yours to decide: "
                           "quotecoder codebook load)")
            continue
        for label in missing:
            grown = replace(mine, labels=(*mine.labels, label))
            if tried(replace(result, variables=tuple(grown if v is mine else v for v in result.variables)),
                     f"label {mine.key}: {label.key}"):
                labels.append((mine.key, label.key))
                mine = grown
    return Adoption(result, tuple(variables), tuple(labels), tuple(refused))
