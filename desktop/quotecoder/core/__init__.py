"""The Qt-free core: domain model, store, importers, pre-tagger, exporters and agreement."""

#: The database QuoteCoder opens when none is named.
DEFAULT_DB = "annotations.db"
