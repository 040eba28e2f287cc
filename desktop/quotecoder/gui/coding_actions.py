"""The coding keys' actions on the selected quote or text: codes (for the active variable),
speaker, kind, new quote, reject, boundaries, entities. Each builds an undoable command and
runs it through the session.

A speaker change (S) is then offered, in a bar under the quotes, for the machine quotes that
rested on the same attribution (Enter: yes, as part of the same undo step; Esc: no)."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget

from quotecoder.core.attribution import dependent_quotes, guess_speaker, quote_kind, speaker_choices
from quotecoder.core.model import QUOTE_KINDS, Entity, Quote, Speaker
from quotecoder.gui import commands as cmd
from quotecoder.gui.coding import CodingSurface
from quotecoder.gui.quote_panel import confidence_note
from quotecoder.gui.session import Session
from quotecoder.gui.theme import ENTITY_LABELS, entity_style


class CodingActions:
    """What the coding keys do (the window's QActions call these by name: ``do_<name>``)."""

    def __init__(self, session: Session, surface: CodingSurface, host: QWidget) -> None:
        self.session, self.surface, self.host = session, surface, host
        self.entity_menu: QMenu | None = None
        self.offer: tuple[cmd.ReassignSpeaker, list[int]] | None = None  # pending: the command, the quotes
        surface.articleOpened.connect(lambda _id: self.dismiss_offer())
        session.undo_stack.indexChanged.connect(surface.quote_panel.offer.stack_moved)

    def handlers(self) -> dict[str, Callable[[], None]]:
        return {name[3:]: getattr(self, name) for name in dir(self) if name.startswith("do_")}

    # -- what an action needs --------------------------------------------------------------------

    def _quote(self) -> Quote | None:
        quote = self.surface.current_quote()
        if quote is None:
            self.session.note("Select a quote first (J/K or click it).")
        return quote

    def _selection(self) -> tuple[int, int] | None:
        span = self.surface.text.selection_span() if self.surface.article else None
        if span is None:
            self.session.note("Select some text in the article first.")
        return span

    def _run(self, command: cmd.Command) -> bool:
        return self.session.run(command)

    # -- codes -----------------------------------------------------------------------------------

    def code(self, variable_key: str, label_key: str) -> None:
        """A number key (or the Code menu): code ``variable_key`` of the selected quote, or of the
        article for an article variable; then the keys move on (see ``VariableCursor.after_code``)."""
        variable = self.session.codebook.variable(variable_key)
        if variable is None:
            return
        if variable.unit == "article":
            article = self.surface.article
            if article is None:
                self.session.note("Open an article first.")
                return
            unit, item_id, current = "article", article.id, self.surface.article_codes.get(variable_key)
        else:
            quote = self._quote()
            if quote is None:
                return
            unit, item_id, current = "quote", quote.id, self.surface.codes.get(quote.id, {}).get(variable_key)
        if current != label_key:
            label = variable.label(label_key)
            text = f"{variable.name} {label.name if label else label_key}"
            if not self._run(cmd.SetCode(self.session.coder, self.surface.article.id, unit, item_id,
                                         {variable_key: label_key}, text, self.surface.quote_id)):
                return
        self.surface.variable_cursor.after_code(variable_key)

    def do_accept_suggestion(self) -> None:
        if self.offer is not None:  # Enter answers the offer under the quotes first
            self.accept_offer()
            return
        suggestions = self.surface.suggestions
        quote = self.surface.current_quote()
        if not suggestions or quote is None:
            self.session.note("No suggestion for this quote.", 3000)
            return
        keys = [v.key for v in self.session.codebook.by_unit("quote") if v.key in suggestions]
        if self._run(cmd.SetCode(self.session.coder, self.surface.article.id, "quote", quote.id,
                                 {k: suggestions[k] for k in keys}, "Codes from a copy")):
            self.surface.variable_cursor.after_code(keys[-1])

    def do_next_variable(self) -> None:
        self.surface.variable_cursor.step_variable(1)

    def do_prev_variable(self) -> None:
        self.surface.variable_cursor.step_variable(-1)

    # -- navigation ------------------------------------------------------------------------------

    def do_next_quote(self) -> None:
        self.surface.step_quote(1)

    def do_prev_quote(self) -> None:
        self.surface.step_quote(-1)

    def do_next_uncoded(self) -> None:
        self.surface.next_uncoded()

    def do_next_review(self) -> None:
        self.surface.next_to_review()

    # -- the quote -------------------------------------------------------------------------------

    def speaker_names(self) -> list[str]:
        names = [q.speaker.name for q in self.surface.quotes if q.speaker]
        for s in self.session.store.speakers():
            names.append(s.name)
            names.extend(s.aliases)
        return list(dict.fromkeys(names))

    def do_speaker(self) -> None:
        """S: the speaker picker; a change is then offered for the quotes resting on the same attribution."""
        quote = self._quote()
        if quote is None or not self.session.writable("Change speaker"):
            return
        from quotecoder.gui.dialogs import SpeakerDialog

        mention = quote.mention.text if quote.mention else None
        others = [qid for qid, _ in self.session.store.quotes_with_mention(mention)] if mention else []
        others = [qid for qid in others if qid != quote.id]
        quotes = list(self.surface.quotes)
        choices = speaker_choices(quote, quotes)
        names = list(dict.fromkeys([*(c.name for c in choices), *self.speaker_names()]))
        dialog = SpeakerDialog(names, quote.speaker.name if quote.speaker else (mention or ""),
                               mention, len(others), self.host, choices=choices, about=picker_about(quote))
        dialog.setObjectName("speakerDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        article_id = self.surface.article.id

        def accepted() -> None:
            name = dialog.name()
            if not name:
                return
            ids = [quote.id, *others] if dialog.bulk.isChecked() else [quote.id]
            settled = self.session.store.reviewed_quotes(article_id)  # before this change
            command = cmd.ReassignSpeaker(self.session.coder, article_id, ids,
                                          Speaker(name, type=dialog.speaker_type()), quote.id)
            if self._run(command):
                self.offer_dependents(command, quotes, quote, settled)

        dialog.accepted.connect(accepted)
        dialog.open()

    # -- corrections propagate: the offer under the quotes -------------------------------------

    def offer_dependents(self, command: cmd.ReassignSpeaker, quotes: list[Quote], changed: Quote,
                         settled: set[int]) -> None:
        """Offer ``command``'s speaker for the machine quotes that rested on the same attribution
        as ``changed`` (Enter: yes, one undo step with it; Esc: no)."""
        self.dismiss_offer()
        change = command.changes[0]
        if change.speaker_id == changed.speaker_id:
            return
        ids = [i for i in dependent_quotes(quotes, changed, changed.speaker_id, settled) if i not in command.quote_ids]
        if not ids:
            return
        rows = [str(i + 1) for i, q in enumerate(quotes) if q.id in ids]
        s = "" if len(ids) == 1 else "s"
        self.offer = (command, ids)
        self.surface.quote_panel.offer.ask(
            f"Also change {len(ids)} quote{s} that rest{'s' if not s else ''} on the same attribution "
            f"(quote{s} {', '.join(rows)}) to <b>{html.escape(change.speaker.name)}</b>?",
            self.accept_offer, self.dismiss_offer, self.session.undo_stack.index())

    def accept_offer(self) -> None:
        if self.offer is None:
            return
        command, ids = self.offer
        self.dismiss_offer()
        follower = cmd.ReassignSpeaker(self.session.coder, command.article_id, ids, command.changes[0].speaker,
                                       command.select, follows=command)
        self._run(follower)

    def dismiss_offer(self) -> None:
        self.offer = None
        self.surface.quote_panel.offer.hide()

    def do_dismiss(self) -> None:
        self.dismiss_offer()

    def do_kind(self) -> None:
        quote = self._quote()
        if quote is not None:
            kind = QUOTE_KINDS[(QUOTE_KINDS.index(quote.kind) + 1) % len(QUOTE_KINDS)]
            self._run(cmd.UpdateQuote(self.session.coder, self.surface.article.id, quote.id, f"Kind {kind}",
                                      kind=kind))

    def do_new_quote(self) -> None:
        span = self._selection()
        if span is None:
            return
        start, end = span
        article = self.surface.article
        guess = guess_speaker(article.text, start, end, self.surface.entities, self.surface.quotes)
        quote = Quote(start=start, end=end, text=article.text[start:end], kind=quote_kind(article.text, start),
                      speaker=guess.speaker, speaker_id=guess.speaker_id, mention=guess.mention, origin="coder")
        self._run(cmd.AddQuote(self.session.coder, article.id, quote))

    def do_reject(self) -> None:
        quote = self._quote()
        if quote is None:
            return
        ids = [q.id for q in self.surface.quotes]
        i = ids.index(quote.id)
        next_id = ids[i + 1] if i + 1 < len(ids) else (ids[i - 1] if i > 0 else None)
        self._run(cmd.RejectQuote(self.session.coder, self.surface.article.id, quote.id, next_id))

    def do_boundaries(self) -> None:
        quote = self._quote()
        span = self._selection() if quote else None
        if quote is not None and span is not None:
            self._run(cmd.UpdateQuote(self.session.coder, self.surface.article.id, quote.id, "Quote boundaries",
                                      start=span[0], end=span[1]))

    # -- entities --------------------------------------------------------------------------------

    def do_entity(self) -> None:
        span = self._selection()
        if span is None:
            return
        menu = QMenu(self.host, objectName="entityMenu")
        for label in ENTITY_LABELS:
            name = entity_style(label)[2]
            shown = label if label in ("ORG", "GPE", "LOC", "NORP") else label.capitalize()
            menu.addAction(f"&{shown} — {name}").setData(label)
        menu.triggered.connect(lambda action: self.add_entity(span, action.data()))
        text = self.surface.text
        menu.popup(text.viewport().mapToGlobal(text.cursorRect().bottomLeft()))
        self.entity_menu = menu

    def add_entity(self, span: tuple[int, int], label: str) -> None:
        start, end = span
        article = self.surface.article
        entity = Entity(start=start, end=end, label=label, text=article.text[start:end], origin="coder")
        self._run(cmd.AddEntity(self.session.coder, article.id, entity, self.surface.quote_id))

    def do_remove_entity(self, entity: Entity | None = None) -> None:
        entity = entity if isinstance(entity, Entity) else self.surface.text.entity_under_cursor()
        if entity is None:
            self.session.note("Put the cursor on an entity first.")
            return
        self._run(cmd.RemoveEntity(self.session.coder, self.surface.article.id, entity, self.surface.quote_id))

    def text_menu(self, pos, actions: dict) -> None:
        """The article text's context menu: copy, the selection's actions, the entities under the mouse."""
        text = self.surface.text
        menu = text.createStandardContextMenu()
        menu.addSeparator()
        for name in ("new_quote", "boundaries", "entity"):
            menu.addAction(actions[name])
        for entity in text.entities_at(text.position_at(pos)):
            action = menu.addAction(f"Remove entity “{entity.text}” ({entity.label})")
            action.setEnabled(not self.session.readonly)
            action.triggered.connect(lambda _=False, e=entity: self.do_remove_entity(e))
        menu.exec(text.viewport().mapToGlobal(pos))


def picker_about(quote: Quote) -> str:
    """The speaker picker's first line: the quote, its mention and how sure the pre-tagger was."""
    snippet = " ".join(quote.text.split())
    snippet = snippet if len(snippet) <= 110 else snippet[:107] + "…"
    parts = [f"<i>{html.escape(snippet)}</i>"]
    if quote.mention is not None:
        parts.append(f"mention: <b>{html.escape(quote.mention.text)}</b>")
    if confidence_note(quote):
        parts.append(html.escape(confidence_note(quote)))
    return "<br>".join(parts)
