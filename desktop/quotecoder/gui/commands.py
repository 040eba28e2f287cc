"""Undoable coding actions. Each command calls one store method in redo and its inverse in undo.

The window runs a command's first ``redo`` itself (so a failure can be shown and
nothing is pushed); the undo stack then replays ``undo``/``redo``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from quotecoder.core.model import Entity, Quote
from quotecoder.core.store import Store

#: Called after every change with (article id, quote id to select or None, scope).
Changed = Callable[[int, "int | None", str], None]


class StoreCommand(QUndoCommand):
    #: what a change touches: "stance" (labels only) or "all" (quotes, entities, speakers)
    scope = "all"

    def __init__(self, store: Store, coder: str, article_id: int, changed: Changed, text: str) -> None:
        super().__init__(text)
        self.store, self.coder, self.article_id, self.changed = store, coder, article_id, changed
        self.pushed_done = False
        self.error: Exception | None = None
        self.on_error: Callable[[Exception], None] | None = None

    # subclasses implement these; each calls exactly one store method
    def apply(self) -> int | None:
        raise NotImplementedError

    def revert(self) -> int | None:
        raise NotImplementedError

    def redo(self) -> None:
        if self.pushed_done:  # the window already ran it
            self.pushed_done = False
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step) -> None:
        try:
            select = step()
        except Exception as exc:  # shown by the window; the stack goes on
            self.error = exc
            if self.on_error:
                self.on_error(exc)
            return
        self.changed(self.article_id, select, self.scope)


class SetStance(StoreCommand):
    scope = "stance"

    def __init__(self, store, coder, article_id, changed, quote_id: int, label: str, name: str) -> None:
        super().__init__(store, coder, article_id, changed, f"Stance {name}")
        self.quote_id, self.label = quote_id, label
        self.previous = next((x for x in store.labels(article_id, coder) if x.quote_id == quote_id), None)

    def apply(self):
        self.store.set_label(self.quote_id, self.coder, self.label)  # keeps the label's note
        return self.quote_id

    def revert(self):
        if self.previous is None:
            self.store.clear_label(self.quote_id, self.coder)
        else:
            self.store.set_label(self.quote_id, self.coder, self.previous.label, self.previous.note)
        return self.quote_id


class UpdateQuote(StoreCommand):
    """Boundaries, kind, cue or mention of one quote."""

    def __init__(self, store, coder, article_id, changed, quote_id: int, text: str, **changes) -> None:
        super().__init__(store, coder, article_id, changed, text)
        self.quote_id, self.changes = quote_id, changes
        old = store.quote(quote_id)
        current = {"start": old.start, "end": old.end, "kind": old.kind, "cue": old.cue, "mention": old.mention}
        self.before = {k: current[k] for k in changes}

    def apply(self):
        self.store.update_quote(self.quote_id, self.coder, **self.changes)
        return self.quote_id

    def revert(self):
        self.store.update_quote(self.quote_id, self.coder, **self.before)
        return self.quote_id


class AddQuote(StoreCommand):
    """A coder's new quote; undo rejects it (ids stay stable for later commands), redo restores it."""

    def __init__(self, store, coder, article_id, changed, quote: Quote) -> None:
        super().__init__(store, coder, article_id, changed, "New quote")
        self.quote = quote
        self.quote_id: int | None = None

    def apply(self):
        if self.quote_id is None:
            self.quote_id = self.store.add_quote(self.article_id, self.quote, self.coder)
        else:
            self.store.restore_quote(self.quote_id, self.coder)
        return self.quote_id

    def revert(self):
        self.store.reject_quote(self.quote_id, self.coder)
        return None


class RejectQuote(StoreCommand):
    def __init__(self, store, coder, article_id, changed, quote_id: int, next_id: int | None) -> None:
        super().__init__(store, coder, article_id, changed, "Reject quote")
        self.quote_id, self.next_id = quote_id, next_id

    def apply(self):
        self.store.reject_quote(self.quote_id, self.coder)
        return self.next_id

    def revert(self):
        self.store.restore_quote(self.quote_id, self.coder)
        return self.quote_id


class ReassignSpeaker(StoreCommand):
    """One or many quotes (bulk re-attribution) to one speaker."""

    def __init__(self, store, coder, article_id, changed, quote_ids: list[int], speaker_id: int | None,
                 select: int | None, name: str) -> None:
        text = f"Speaker {name}" + (f" ({len(quote_ids)} quotes)" if len(quote_ids) > 1 else "")
        super().__init__(store, coder, article_id, changed, text)
        self.quote_ids, self.speaker_id, self.select = list(quote_ids), speaker_id, select
        self.previous: dict[int, int | None] | None = None

    def apply(self):
        previous = self.store.set_speakers(dict.fromkeys(self.quote_ids, self.speaker_id), self.coder)
        if self.previous is None:
            self.previous = previous
        return self.select

    def revert(self):
        self.store.set_speakers(self.previous or {}, self.coder)
        return self.select


class AddEntity(StoreCommand):
    def __init__(self, store, coder, article_id, changed, entity: Entity, select: int | None) -> None:
        super().__init__(store, coder, article_id, changed, f"Entity {entity.label}")
        self.entity, self.select = entity, select

    def apply(self):
        self.entity.id = self.store.add_entity(self.article_id, self.entity, self.coder)
        return self.select

    def revert(self):
        self.store.remove_entity(self.entity.id, self.coder)
        return self.select


class RemoveEntity(StoreCommand):
    def __init__(self, store, coder, article_id, changed, entity: Entity, select: int | None) -> None:
        super().__init__(store, coder, article_id, changed, f"Remove entity {entity.text}")
        self.entity, self.select = entity, select

    def apply(self):
        self.entity = self.store.remove_entity(self.entity.id, self.coder)
        return self.select

    def revert(self):
        self.entity.id = self.store.add_entity(self.article_id, self.entity, self.coder)
        return self.select
