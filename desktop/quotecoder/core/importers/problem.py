"""The one kind of complaint an importer makes: :class:`ImportProblem`."""

from __future__ import annotations

from dataclasses import dataclass

WARNING = "warning:"
NO_ARTICLES = "no articles found"  # a bundle format recognised, but not one document in it


@dataclass(frozen=True)
class ImportProblem:
    """One clear, human-readable problem with a file or one of its rows.

    A message starting with ``"warning:"`` means the article was still imported
    (see :attr:`is_warning`); every other problem means something was skipped.
    """

    path: str
    line: int | None
    message: str

    @property
    def is_warning(self) -> bool:
        """True when the article this problem concerns was imported anyway."""
        return self.message.startswith(WARNING)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
