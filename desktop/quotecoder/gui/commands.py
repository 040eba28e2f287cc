"""Undoable actions. Each command calls the store in ``apply`` and reverses it in ``revert``.

``Session.run`` does a command's first ``apply`` itself (so a failure is shown and nothing
is pushed); the undo stack then replays ``revert``/``apply`` through the session, which
announces every change with ``changed(article_id, scope)``. ``apply`` and ``revert``
return the quote to show afterwards (or None).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from quotecoder.core.attribution import alias_to_learn, mention_for
from quotecoder.core.model import Codebook, Entity, Quote, Speaker
from quotecoder.core.store import Store
from quotecoder.core.store.snapshot import RowSnapshot
from quotecoder.gui.session import ADJUDICATION, ALL, ARTICLES, CODEBOOK, QUOTES, SAMPLE, SPEAKERS, STANCE

if TYPE_CHECKING:
    from quotecoder.gui.session import Session


def add_undo_keys(widget: QWidget, stack: QUndoStack) -> None:
    """Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y) in a dialog with a window of its own."""
    for action, keys in ((stack.createUndoAction(widget), ("Ctrl+Z",)),
                         (stack.createRedoAction(widget), ("Ctrl+Shift+Z", "Ctrl+Y"))):
        action.setShortcuts([QKeySequence(k) for k in keys])
        widget.addAction(action)


class Command(QUndoCommand):
    """One undoable action on the store."""

    scope = QUOTES  # what it touches (see quotecoder.gui.session)

    def __init__(self, text: str, article_id: int = ALL) -> None:
        super().__init__(text)
        self.article_id = article_id
        self.session: Session | None = None
        self.done_once = False

    def apply(self, store: Store) -> int | None:
        raise NotImplementedError

    def revert(self, store: Store) -> int | None:
        raise NotImplementedError

    def redo(self) -> None:
        if self.done_once:  # Session.run did it already
            self.done_once = False
            return
        self.session.replay(self, self.apply)

    def undo(self) -> None:
        self.session.replay(self, self.revert)


class SnapshotCommand(Command):
    """An action undone by putting back the rows it changed (see quotecoder.core.store.snapshot)."""

    snapshot: RowSnapshot | None = None

    def revert(self, store: Store) -> int | None:
        store.restore(self.snapshot)
        return None


# -- coding ------------------------------------------------------------------------------------


class SetCode(Command):
    """This coder's codes for a quote or an article (``unit``): one variable (a number key) or
    several at once (the codes of a near-duplicate copy, accepted with Enter). Notes are kept."""

    scope = STANCE

    def __init__(self, coder: str, article_id: int, unit: str, item_id: int, codes: dict[str, str],
                 text: str, select: int | None = None) -> None:
        super().__init__(text, article_id)
        self.coder, self.unit, self.item_id, self.codes = coder, unit, item_id, dict(codes)
        self.select = item_id if unit == "quote" else select  # the quote to show afterwards
        self.previous: dict[str, str | None] | None = None

    def apply(self, store):
        if self.previous is None:
            self.previous = {variable: self._code(store, variable) for variable in self.codes}
        self._set(store, self.codes)
        return self.select

    def revert(self, store):
        self._set(store, self.previous)
        return self.select

    def _code(self, store: Store, variable: str) -> str | None:
        if self.unit == "quote":
            return store.label(self.item_id, self.coder, variable)
        return store.article_code(self.item_id, self.coder, variable)

    def _set(self, store: Store, codes: dict[str, str | None]) -> None:
        with store.transaction():
            for variable, label in codes.items():
                if label is None and self.unit == "quote":
                    store.clear_label(self.item_id, self.coder, variable)
                elif label is None:
                    store.clear_article_code(self.item_id, self.coder, variable)
                elif self.unit == "quote":
                    store.set_label(self.item_id, self.coder, label, variable=variable)  # keeps the note
                else:
                    store.set_article_code(self.item_id, self.coder, variable, label)


class UpdateQuote(Command):
    """Boundaries, kind, cue or mention of one quote."""

    def __init__(self, coder: str, article_id: int, quote_id: int, text: str, **changes) -> None:
        super().__init__(text, article_id)
        self.coder, self.quote_id, self.changes = coder, quote_id, changes
        self.before: dict | None = None

    def apply(self, store):
        if self.before is None:
            old = store.quote(self.quote_id)
            current = {"start": old.start, "end": old.end, "kind": old.kind, "cue": old.cue, "mention": old.mention}
            self.before = {k: current[k] for k in self.changes}
        store.update_quote(self.quote_id, self.coder, **self.changes)
        return self.quote_id

    def revert(self, store):
        store.update_quote(self.quote_id, self.coder, **self.before)
        return self.quote_id


class AddQuote(Command):
    """A coder's new quote; undo rejects it (ids stay stable for later commands), redo restores it."""

    def __init__(self, coder: str, article_id: int, quote: Quote) -> None:
        super().__init__("New quote", article_id)
        self.coder, self.quote = coder, quote
        self.quote_id: int | None = None

    def apply(self, store):
        if self.quote_id is None:
            self.quote_id = store.add_quote(self.article_id, self.quote, self.coder)
        else:
            store.restore_quote(self.quote_id, self.coder)
        return self.quote_id

    def revert(self, store):
        store.reject_quote(self.quote_id, self.coder)
        return None


class RejectQuote(Command):
    def __init__(self, coder: str, article_id: int, quote_id: int, next_id: int | None) -> None:
        super().__init__("Reject quote", article_id)
        self.coder, self.quote_id, self.next_id = coder, quote_id, next_id

    def apply(self, store):
        store.reject_quote(self.quote_id, self.coder)
        return self.next_id

    def revert(self, store):
        store.restore_quote(self.quote_id, self.coder)
        return self.quote_id


class SpeakerChange:
    """One part of a speaker correction (plain Python, so a merged command can keep it): quotes
    to one speaker, new or from the registry, each marked as decided by the coder. The quote
    ``mention_of`` keeps a mention that names the new speaker (the words near it, or none), and
    with ``learn_alias`` the registry learns the name form its old mention used."""

    def __init__(self, quote_ids: list[int], speaker: Speaker, mention_of: int | None = None,
                 learn_alias: bool = False) -> None:
        self.quote_ids, self.speaker = list(quote_ids), speaker
        self.mention_of, self.learn_alias = mention_of, learn_alias
        self.speaker_id: int | None = None
        self.previous: dict[int, int | None] | None = None
        self.undecided: list[int] = []  # quotes whose speaker no coder had decided (undo marks them again)
        self.aliases: tuple | None = None  # (before, after) of the new speaker's aliases
        self.mention: tuple | None = None  # (before, after) of quote mention_of's mention

    def apply(self, store: Store, coder: str, article_id: int) -> None:
        first = self.previous is None
        if self.speaker_id is None:
            self.speaker_id = store.add_speaker(self.speaker)
        if first:
            decided = store.speakers_decided(self.quote_ids)
            self.undecided = [q for q in self.quote_ids if q not in decided]
            if self.learn_alias and self.mention_of is not None:
                known = store.speaker(self.speaker_id)
                alias = alias_to_learn(store.quote(self.mention_of).mention, known, store.speakers())
                if alias:
                    self.aliases = (list(known.aliases), [*known.aliases, alias])
        previous = store.set_speakers(dict.fromkeys(self.quote_ids, self.speaker_id), coder)
        self.previous = previous if first else self.previous
        if self.aliases:
            store.update_speaker(self.speaker_id, coder, aliases=self.aliases[1])
        store.mark_reviewed(self.quote_ids, coder, True)
        if self.mention_of is None:
            return
        if first:
            quote = store.quote(self.mention_of)
            self.mention = (quote.mention, mention_for(store.article(article_id).text, quote,
                                                      store.speaker(self.speaker_id)))
        if self.mention[0] != self.mention[1]:
            store.update_quote(self.mention_of, coder, mention=self.mention[1])

    def revert(self, store: Store, coder: str) -> None:
        store.set_speakers(self.previous or {}, coder)
        if self.mention is not None and self.mention[0] != self.mention[1]:
            store.update_quote(self.mention_of, coder, mention=self.mention[0])
        if self.aliases:
            store.update_speaker(self.speaker_id, coder, aliases=self.aliases[0])
        store.mark_reviewed(self.undecided, coder, False)


class ReassignSpeaker(Command):
    """One or many quotes (bulk re-attribution) to one speaker, new or from the registry. The
    selected quote's mention follows: the words naming the new speaker near it, or none; when
    its old mention was a name form, the registry learns it as an alias of the new speaker.

    A command made with ``follows=`` the one on top of the undo stack (the quotes that rested
    on the same attribution, accepted afterwards) merges into it: one step to undo."""

    MERGE_ID = 12

    def __init__(self, coder: str, article_id: int, quote_ids: list[int], speaker: Speaker,
                 select: int, *, learn_alias: bool = True, follows: ReassignSpeaker | None = None) -> None:
        super().__init__(self._text(speaker, len(quote_ids)), article_id)
        self.coder, self.select, self.follows = coder, select, follows
        mention_of = None if follows is not None else select
        self.changes = [SpeakerChange(quote_ids, speaker, mention_of, learn_alias and follows is None)]

    @staticmethod
    def _text(speaker: Speaker, n: int) -> str:
        return f"Speaker {speaker.name}" + (f" ({n} quotes)" if n > 1 else "")

    @property
    def quote_ids(self) -> list[int]:
        return [q for change in self.changes for q in change.quote_ids]

    def apply(self, store):
        with store.transaction():
            for change in self.changes:
                change.apply(store, self.coder, self.article_id)
        return self.select

    def revert(self, store):
        with store.transaction():
            for change in reversed(self.changes):
                change.revert(store, self.coder)
        return self.select

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if getattr(other, "follows", None) is not self:
            return False
        self.changes.extend(other.changes)
        self.setText(self._text(self.changes[0].speaker, len(self.quote_ids)))
        return True


class AddEntity(Command):
    def __init__(self, coder: str, article_id: int, entity: Entity, select: int | None) -> None:
        super().__init__(f"Entity {entity.label}", article_id)
        self.coder, self.entity, self.select = coder, entity, select

    def apply(self, store):
        self.entity.id = store.add_entity(self.article_id, self.entity, self.coder)
        return self.select

    def revert(self, store):
        store.remove_entity(self.entity.id, self.coder)
        return self.select


class RemoveEntity(Command):
    def __init__(self, coder: str, article_id: int, entity: Entity, select: int | None) -> None:
        super().__init__(f"Remove entity {entity.text}", article_id)
        self.coder, self.entity, self.select = coder, entity, select

    def apply(self, store):
        self.entity = store.remove_entity(self.entity.id, self.coder)
        return self.select

    def revert(self, store):
        self.entity.id = store.add_entity(self.article_id, self.entity, self.coder)
        return self.select


# -- the study ---------------------------------------------------------------------------------


class RemoveArticles(SnapshotCommand):
    """Articles leave the study with their quotes, entities, labels and decisions."""

    scope = ARTICLES

    def __init__(self, article_ids: list[int], text: str) -> None:
        super().__init__(text)
        self.article_ids = list(article_ids)

    def apply(self, store):
        self.snapshot = store.remove_articles(self.article_ids)
        return None


@dataclass(frozen=True)
class Relabel:
    """A retired label of a variable merged into another of its labels (every code and decision)."""

    variable: str
    unit: str
    old: str
    new: str


class SaveCodebook(SnapshotCommand):
    """A new codebook version, with the codes of any retired label merged into another label, in
    one step; undo puts those codes back and saves the previous codebook again (as a newer version)."""

    scope = CODEBOOK

    def __init__(self, previous: Codebook, new: Codebook, relabels: Sequence[Relabel] = ()) -> None:
        super().__init__(f"Codebook {new.name}")
        self.previous, self.new, self.relabels = previous, new, tuple(relabels)

    def apply(self, store):
        with store.transaction():
            scope = [part for r in self.relabels for part in store.relabel_scope(r.variable, r.old, r.unit)]
            self.snapshot = store.snapshot(scope)
            for r in self.relabels:
                store.relabel(r.variable, r.old, r.new, r.unit)
            store.save_codebook(self.new)
        return None

    def revert(self, store):
        with store.transaction():
            store.restore(self.snapshot)
            store.save_codebook(replace(self.previous))
        return None


class UpdateSpeaker(Command):
    """A registry speaker's name, type, aliases or roles."""

    scope = SPEAKERS

    def __init__(self, coder: str, speaker: Speaker, **changes) -> None:
        super().__init__(f"Speaker {speaker.name}")
        self.coder, self.speaker_id, self.changes = coder, speaker.id, changes
        old = {"name": speaker.name, "type": speaker.type, "aliases": list(speaker.aliases),
               "roles": list(speaker.roles)}
        self.before = {k: old[k] for k in changes}

    def apply(self, store):
        store.update_speaker(self.speaker_id, self.coder, **self.changes)
        return None

    def revert(self, store):
        store.update_speaker(self.speaker_id, self.coder, **self.before)
        return None


class MergeSpeakers(SnapshotCommand):
    """``drop`` into ``keep``: its quotes, aliases and roles move there."""

    scope = SPEAKERS

    def __init__(self, coder: str, keep: Speaker, drop: Speaker) -> None:
        super().__init__(f"Merge {drop.name} into {keep.name}")
        self.coder, self.keep_id, self.drop_id = coder, keep.id, drop.id

    def apply(self, store):
        with store.transaction():
            self.snapshot = store.snapshot(store.merge_scope(self.keep_id, self.drop_id))
            store.merge_speakers(self.keep_id, self.drop_id, self.coder)
        return None


class RemoveSpeakers(SnapshotCommand):
    """Registry speakers nothing refers to."""

    scope = SPEAKERS

    def __init__(self, speaker_ids: list[int]) -> None:
        super().__init__(f"Remove {len(speaker_ids)} unused speaker(s)")
        self.speaker_ids = list(speaker_ids)

    def apply(self, store):
        self.snapshot = store.remove_speakers(self.speaker_ids)
        return None


class SetSpeakerCode(Command):
    """Registry speakers' code for a speaker variable (None clears it), coded once per speaker."""

    scope = SPEAKERS

    def __init__(self, coder: str, speaker_ids: Sequence[int], variable: str, label: str | None, text: str) -> None:
        super().__init__(text)
        self.coder, self.speaker_ids, self.variable, self.label = coder, list(speaker_ids), variable, label
        self.previous: dict[int, str | None] | None = None

    def apply(self, store):
        with store.transaction():
            if self.previous is None:
                codes = store.speaker_codes()
                self.previous = {s: codes.get(s, {}).get(self.variable) for s in self.speaker_ids}
            self._set(store, dict.fromkeys(self.speaker_ids, self.label))
        return None

    def revert(self, store):
        with store.transaction():
            self._set(store, self.previous)
        return None

    def _set(self, store, labels: dict[int, str | None]) -> None:
        for speaker_id, label in labels.items():
            if label is None:
                store.clear_speaker_code(speaker_id, self.variable)
            else:
                store.set_speaker_code(speaker_id, self.variable, label, self.coder)


class Adjudicate(Command):
    """The final label of a quote (or, for an article variable, an article) for ``variable``
    (None clears it), decided by ``adjudicator``."""

    scope = ADJUDICATION

    def __init__(self, item_id: int, label: str | None, adjudicator: str, name: str,
                 variable: str = "stance", unit: str = "quote") -> None:
        super().__init__(f"Final label {name}" if label else "Clear final label")
        self.item_id, self.label, self.adjudicator = item_id, label, adjudicator
        self.variable, self.unit = variable, unit
        self.previous: tuple | None = None
        self.first = True

    def apply(self, store):
        if self.first:
            self.first = False
            self.previous = store.adjudication(self.item_id, self.variable, self.unit)
        self._set(store, self.label, self.adjudicator)
        return None

    def revert(self, store):
        self._set(store, *(self.previous[:2] if self.previous else (None, None)))
        return None

    def _set(self, store, label: str | None, adjudicator: str | None) -> None:
        if label is None:
            store.clear_adjudication(self.item_id, self.variable, self.unit)
        else:
            store.adjudicate(self.item_id, label, adjudicator, variable=self.variable, unit=self.unit)


class DrawSample(SnapshotCommand):
    """A new reliability sample (replacing the earlier one, which undo brings back)."""

    scope = SAMPLE

    def __init__(self, size: int | None, fraction: float | None, seed: int) -> None:
        super().__init__(f"Reliability sample (seed {seed})")
        self.size, self.fraction, self.seed = size, fraction, seed
        self.chosen: list[int] = []

    def apply(self, store):
        with store.transaction():
            self.snapshot = store.snapshot(store.sample_scope())
            self.chosen = store.draw_reliability_sample(size=self.size, fraction=self.fraction, seed=self.seed)
            store.set_setting("sample_seed", str(self.seed))
        return None
