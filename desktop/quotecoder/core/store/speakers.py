"""The speaker registry: canonical speakers, their edits and merges."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quotecoder.core.clock import now
from quotecoder.core.model import SPEAKER_TYPES, Speaker
from quotecoder.core.store.snapshot import RowSnapshot, Scope, cascade_scope, placeholders, take_snapshot

if TYPE_CHECKING:
    from quotecoder.core.store import Store


class Speakers:
    """The canonical speakers quotes are attributed to."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def _speaker_for(self, speaker: Speaker) -> int:
        """The id of the registry speaker whose name or alias is ``speaker.name``; created if new."""
        name = speaker.name.strip()
        row = self.db.conn.execute(
            """SELECT id FROM speakers WHERE name = ?
               UNION ALL SELECT speaker_id FROM speaker_aliases WHERE alias = ? LIMIT 1""",
            (name, name),
        ).fetchone()
        if row:
            return row[0]
        cursor = self.db.conn.execute(
            "INSERT INTO speakers (name, type, roles, created_at) VALUES (?, ?, ?, ?)",
            (name, speaker.type, json.dumps(list(speaker.roles)), now()),
        )
        speaker_id = cursor.lastrowid
        for alias in speaker.aliases:
            self.db.conn.execute(
                "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
                (speaker_id, alias),
            )
        return speaker_id

    def add_speaker(self, speaker: Speaker) -> int:
        """Add a speaker to the registry (or find the existing one with that name or alias)."""
        with self.db.transaction():
            return self._speaker_for(speaker)

    def speakers(self) -> list[Speaker]:
        """The speaker registry, with aliases and roles."""
        aliases: dict[int, list[str]] = {}
        for speaker_id, alias in self.db.conn.execute(
            "SELECT speaker_id, alias FROM speaker_aliases ORDER BY alias"
        ):
            aliases.setdefault(speaker_id, []).append(alias)
        return [
            Speaker(
                id=r["id"],
                name=r["name"],
                type=r["type"],
                aliases=tuple(aliases.get(r["id"], ())),
                roles=tuple(json.loads(r["roles"] or "[]")),
            )
            for r in self.db.query("SELECT * FROM speakers ORDER BY name")
        ]

    def quotes_with_mention(self, mention: str, exclude_speaker: int | None = None) -> list[tuple[int, int]]:
        """(quote id, article id) of active quotes whose speaker mention reads ``mention`` (any case)."""
        rows = self.db.conn.execute(
            """SELECT id, article_id FROM quotes
               WHERE status = 'active' AND mention_text = ? COLLATE NOCASE
                 AND (? IS NULL OR speaker_id IS NOT ?) ORDER BY article_id, start""",
            (mention, exclude_speaker, exclude_speaker),
        )
        return [(r[0], r[1]) for r in rows]

    def speaker(self, speaker_id: int) -> Speaker:
        found = next((s for s in self.speakers() if s.id == speaker_id), None)
        if found is None:
            raise KeyError(speaker_id)
        return found

    def speaker_quote_counts(self) -> dict[int, int]:
        """Active quotes per speaker id."""
        rows = self.db.conn.execute(
            "SELECT speaker_id, count(*) FROM quotes WHERE status = 'active' AND speaker_id IS NOT NULL GROUP BY speaker_id"
        )
        return {r[0]: r[1] for r in rows}

    def update_speaker(self, speaker_id: int, coder: str, *, name: str | None = None, type: str | None = None,
                       aliases: Sequence[str] | None = None, roles: Sequence[str] | None = None) -> Speaker:
        """Rename a registry speaker, or change its type, aliases or roles.

        Raises ValueError when another speaker has the new name (any case): merge those instead.
        """
        coder_id = self.store.coding.coder(coder).id
        with self.db.transaction() as conn:
            old = self.speaker(speaker_id)
            before, after = {}, {}
            if name is not None and name.strip() and name.strip() != old.name:
                taken = conn.execute("SELECT name FROM speakers WHERE name = ? AND id != ?",
                                     (name.strip(), speaker_id)).fetchone()
                if taken:
                    raise ValueError(f"A speaker called “{taken[0]}” exists already; merge the two instead.")
                conn.execute("UPDATE speakers SET name = ? WHERE id = ?", (name.strip(), speaker_id))
                before["name"], after["name"] = old.name, name.strip()
            if type is not None and type != old.type:
                if type not in SPEAKER_TYPES:
                    raise ValueError(f"unknown speaker type {type!r}")
                conn.execute("UPDATE speakers SET type = ? WHERE id = ?", (type, speaker_id))
                before["type"], after["type"] = old.type, type
            if roles is not None and tuple(roles) != old.roles:
                conn.execute("UPDATE speakers SET roles = ? WHERE id = ?",
                             (json.dumps([r for r in roles if r.strip()], ensure_ascii=False), speaker_id))
                before["roles"], after["roles"] = list(old.roles), list(roles)
            if aliases is not None:
                clean = sorted({a.strip() for a in aliases if a.strip()}, key=str.lower)
                if clean != sorted(old.aliases, key=str.lower):
                    conn.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", (speaker_id,))
                    for alias in clean:
                        conn.execute("INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
                                     (speaker_id, alias))
                    before["aliases"], after["aliases"] = list(old.aliases), clean
            if before:
                self.store.coding._log(coder_id, "speaker", speaker_id, "update", before, after)
        return self.speaker(speaker_id)

    def merge_speakers(self, keep_id: int, drop_id: int, coder: str) -> Speaker:
        """Merge speaker ``drop_id`` into ``keep_id``: its quotes, aliases and roles move; its name
        becomes an alias. The kept speaker keeps its codes and takes the dropped one's codes for
        the variables it has none for (the merge log keeps every code the dropped one had)."""
        if keep_id == drop_id:
            raise ValueError("A speaker cannot be merged with itself.")
        coder_id = self.store.coding.coder(coder).id
        with self.db.transaction() as conn:
            keep, drop = self.speaker(keep_id), self.speaker(drop_id)
            moved = [r[0] for r in conn.execute("SELECT id FROM quotes WHERE speaker_id = ?", (drop_id,))]
            conn.execute("UPDATE quotes SET speaker_id = ?, updated_at = ? WHERE speaker_id = ?",
                         (keep_id, now(), drop_id))
            # the machine's proposals and each coder's logged speakers name the kept speaker too
            conn.execute("""UPDATE quotes SET proposal = json_set(proposal, '$.speaker_id', ?)
                            WHERE json_extract(proposal, '$.speaker_id') = ?""", (keep_id, drop_id))
            for column in ("before", "after"):
                conn.execute(f"""UPDATE corrections SET {column} = json_set({column}, '$.speaker_id', ?)
                                 WHERE item = 'quote' AND json_extract({column}, '$.speaker_id') = ?""",
                             (keep_id, drop_id))
            for alias in (drop.name, *drop.aliases):
                if alias.lower() != keep.name.lower():
                    conn.execute("INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
                                 (keep_id, alias))
            roles = list(dict.fromkeys([*keep.roles, *drop.roles]))
            conn.execute("UPDATE speakers SET roles = ? WHERE id = ?", (json.dumps(roles, ensure_ascii=False), keep_id))
            if keep.type == "unknown" and drop.type != "unknown":
                conn.execute("UPDATE speakers SET type = ? WHERE id = ?", (drop.type, keep_id))
            codes = self.store.codes.speaker_codes(drop_id).get(drop_id, {})
            conn.execute("UPDATE OR IGNORE speaker_codes SET speaker_id = ? WHERE speaker_id = ?", (keep_id, drop_id))
            conn.execute("DELETE FROM speakers WHERE id = ?", (drop_id,))  # with the codes it could not pass on
            self.store.coding._log(coder_id, "speaker", keep_id, "merge",
                      {"dropped": {"id": drop.id, "name": drop.name, "type": drop.type,
                                   "aliases": list(drop.aliases), "roles": list(drop.roles), "codes": codes},
                       "quotes": moved},
                      {"kept": keep_id})
        return self.speaker(keep_id)

    def unused_speakers(self) -> list[int]:
        """Registry speakers nothing refers to: no quote (active or rejected), no machine
        proposal and no coder's logged choice names them, and no one coded them."""
        rows = self.db.conn.execute(
            """SELECT s.id FROM speakers s
               WHERE NOT EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_id = s.id
                                 OR json_extract(q.proposal, '$.speaker_id') = s.id)
                 AND NOT EXISTS (SELECT 1 FROM corrections k WHERE k.item = 'quote' AND k.action = 'speaker'
                                 AND (json_extract(k.before, '$.speaker_id') = s.id
                                      OR json_extract(k.after, '$.speaker_id') = s.id))
                 AND NOT EXISTS (SELECT 1 FROM speaker_codes c WHERE c.speaker_id = s.id)
               ORDER BY s.name""")
        return [r[0] for r in rows]

    def remove_speakers(self, speaker_ids: Sequence[int]) -> RowSnapshot:
        """Delete unused registry speakers (see :meth:`unused_speakers`) with their aliases."""
        ids = list(speaker_ids)
        with self.db.transaction() as conn:
            used = set(ids) - set(self.unused_speakers())
            if used:
                names = ", ".join(self.speaker(i).name for i in sorted(used))
                raise ValueError(f"Still named by quotes or coders' choices, or coded, so not removed: {names}.")
            snap = take_snapshot(conn, cascade_scope(conn, "speakers", f"id IN ({placeholders(ids)})", ids))
            conn.execute(f"DELETE FROM speakers WHERE id IN ({placeholders(ids)})", ids)
        return snap

    def merge_scope(self, keep_id: int, drop_id: int) -> list[Scope]:
        """Every row :meth:`merge_speakers` may change (take the snapshot in its transaction)."""
        pair = (keep_id, drop_id)
        named = "json_extract({0}, '$.speaker_id') = ?"
        return [
            *cascade_scope(self.db.conn, "speakers", "id IN (?, ?)", pair),
            Scope("quotes", f"speaker_id = ? OR {named.format('proposal')}", (drop_id, drop_id)),
            Scope("corrections", f"item = 'quote' AND ({named.format('before')} OR {named.format('after')})",
                  (drop_id, drop_id)),
        ]
