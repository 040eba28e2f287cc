"""The Qt-free core: domain model, store, importers, pre-tagger, exporters and agreement."""
