"""The choices one import makes for every file it reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from quotecoder.core.importers.columns import ColumnMap


@dataclass(frozen=True)
class ReadOptions:
    """Column overrides for tables and JSON, and an encoding the user forced (None: detect)."""

    columns: ColumnMap = field(default_factory=ColumnMap)
    encoding: str | None = None  # a Python codec name, checked with decode.check_encoding
