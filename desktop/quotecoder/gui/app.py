"""Starting the coding window: ``run(db, coder, model) -> exit code``.

The window shows at once; spaCy loads in a background thread (and on the README's
first run, the default ``annotations.db`` gets the sample articles; a database named
with ``--db`` starts empty). A second window on the same database opens
read-only: a :class:`QLockFile` beside the database says who is writing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QSettings
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from quotecoder import __version__
from quotecoder.core.resources import resource
from quotecoder.core.store import DatabaseReadOnly, Store, StoreError

APP_NAME = "QuoteCoder"
ORGANISATION = "QuoteCoder"
FONT_FAMILY = "DejaVu Sans"


def install_fonts(app: QApplication, point_size: float = 10) -> str:
    """Register the bundled fonts and make DejaVu Sans the application font (idempotent)."""
    if app.property("quotecoder_fonts"):
        return FONT_FAMILY
    families = set()
    for path in sorted(resource("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.update(QFontDatabase.applicationFontFamilies(font_id))
    family = FONT_FAMILY if FONT_FAMILY in families else app.font().family()
    font = QFont(family)
    font.setPointSizeF(point_size)
    app.setFont(font)
    app.setProperty("quotecoder_fonts", True)
    return family


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with name, organisation, icon and bundled fonts."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    icon = resource("icons", "quotecoder.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_fonts(app)
    return app


def lock_database(db: str | Path) -> tuple[QLockFile | None, bool]:
    """(lock, held_by_other): a lock file ``<db>.lock`` held while this window writes."""
    lock = QLockFile(f"{db}.lock")
    lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age
    if lock.tryLock(0):
        return lock, False
    if lock.error() == QLockFile.LockFailedError:
        return None, True
    return None, False  # no permission to create the lock (e.g. read-only folder): the store decides


def ask_coder(store: Store, parent=None) -> str | None:
    last = store.setting("last_coder") or ""
    names = [c.name for c in store.coders()]
    if names:
        index = names.index(last) if last in names else 0
        name, ok = QInputDialog.getItem(parent, APP_NAME, "Your coder name:", names, index, True)
    else:
        name, ok = QInputDialog.getText(parent, APP_NAME, "Your coder name (recorded with every code):")
    name = name.strip()
    return name if ok and name else None


def open_window(db: str | Path, coder: str | None = None, *, model: str | None = None, pretagger=None,
                settings: QSettings | None = None, start_background: bool = True, load_nlp: bool = True,
                show_errors: bool = True):
    """Open ``db`` and return a shown :class:`MainWindow`, or None (the user was told why).

    Raises :class:`StoreError` when ``show_errors`` is false and the database cannot be opened.
    """
    from quotecoder.core.workspace import needs_samples, open_store
    from quotecoder.gui.main_window import READONLY_TEXT, MainWindow
    from quotecoder.gui.session import Session

    app = application()
    db = Path(db)
    lock, held = lock_database(db)
    reason = READONLY_TEXT if held else None
    try:
        if held and not db.exists():
            raise DatabaseReadOnly(f"{db} is being created by another QuoteCoder window; try again in a moment.")
        try:
            store = open_store(db, readonly=held)
        except DatabaseReadOnly:
            if held:
                raise
            store = open_store(db, readonly=True)  # a read-only file or folder: read, and say so
    except StoreError as exc:
        if lock is not None:
            lock.unlock()
        if not show_errors:
            raise
        box = QMessageBox(QMessageBox.Critical, APP_NAME, f"QuoteCoder could not open the database.\n\n{exc}")
        box.setDetailedText(f"{type(exc).__name__}: {exc}\nDatabase: {db.resolve()}")
        box.exec()
        return None
    if store.readonly and reason is None:
        reason = f"{db} cannot be written; this window is read-only"
    if not coder:
        coder = ask_coder(store)
        if not coder:
            store.close()
            if lock is not None:
                lock.unlock()
            return None
    if not store.readonly:
        try:
            store.coder(coder)
            store.set_setting("last_coder", coder)
        except StoreError as exc:
            store.close()
            if lock is not None:
                lock.unlock()
            if not show_errors:
                raise
            QMessageBox.critical(None, APP_NAME, str(exc))
            return None
    if pretagger is None and load_nlp:
        from quotecoder.core.pretag import Pretagger

        pretagger = Pretagger(model=model)
    session = Session(store, coder, pretagger=pretagger, readonly_reason=reason, owns_store=True, lock=lock)
    window = MainWindow(session, settings=settings)
    window.setWindowIcon(app.windowIcon())
    window.show()
    if start_background:
        if needs_samples(store):  # the README's first run: the samples, pre-tagged, in the background
            window.files.load_samples()
        elif load_nlp and pretagger is not None:
            load_language_model(session)
    return window


def load_language_model(session) -> None:
    """Load spaCy in the background, so the first import or new quote does not wait for it."""
    loader = session.nlp

    def work(store, progress):
        progress.start(0, "Loading the language model…")
        loader.ensure()

    session.submit("startup", work, label="Loading the language model…", writes=False, store=False)


def run(db: str | Path, coder: str | None = None, model: str | None = None) -> int:
    """The ``quotecoder`` command without a sub-command: the coding window. Returns the exit code."""
    app = application()
    try:
        window = open_window(db, coder, model=model)
    except StoreError as exc:  # pragma: no cover - open_window shows errors itself
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    if window is None:
        return 2
    return app.exec()
