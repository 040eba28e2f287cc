"""The store's errors, each worded for the user."""


class StoreError(Exception):
    """A database problem, worded for the user."""


class DatabaseLocked(StoreError):
    """Another program holds the database's write lock."""


class DatabaseReadOnly(StoreError):
    """The database cannot be written."""


class DatabaseCorrupt(StoreError):
    """The file is not a readable QuoteCoder database."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer QuoteCoder."""
