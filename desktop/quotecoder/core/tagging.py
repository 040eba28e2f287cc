"""Pre-tagging many articles (``quotecoder pretag``): batches sized for spaCy's ``nlp.pipe``,
run in this process, in a pool of processes, or on a Dask cluster (:mod:`quotecoder.core.cluster`).

Results stream back in input order while later batches run; the number of batches in
flight, and of finished batches waiting for an earlier one, is bounded, so memory stays
bounded whatever the corpus size. An article that fails becomes a record with an
``error`` field; it never stops the run.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from quotecoder.core.importers import ImportProblem
from quotecoder.core.importers.pretagged import article_record
from quotecoder.core.model import Annotation, Article, Speaker
from quotecoder.core.nlp import choose_model
from quotecoder.core.pretag import Pretagger, cached_pipeline
from quotecoder.core.pretag.records import to_record

if TYPE_CHECKING:
    from spacy.language import Language

BATCH_ARTICLES = 32  # articles per task: enough for nlp.pipe to batch well
BATCH_CHARS = 300_000  # and no more text than this per task (long articles make small batches)
AHEAD = 4  # finished batches may wait for an earlier one up to AHEAD times the batches in flight
_ERROR_CHARS = 500
INSTALL_DASK = 'pip install "quotecoder[cluster]"'


class EngineError(RuntimeError):
    """Pre-tagging cannot go on where it runs; the message says why and what to do."""


# -- what runs on a worker ---------------------------------------------------------------------


def annotate_each(
    pretagger: Pretagger, texts: Sequence[str], registry: Sequence[Speaker] = ()
) -> Iterator[Annotation | str]:
    """Each text's :class:`Annotation`, or the error that stopped it (a short message), in order.

    The texts go through ``nlp.pipe`` together; when that fails, the ones not yet done
    go one at a time, so only the article at fault gets an error.
    """
    done = 0
    try:
        for annotation in pretagger.annotate(texts, batch_size=max(1, len(texts)), registry=registry):
            yield annotation
            done += 1
        return
    except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the others
        if len(texts) - done == 1:
            yield f"{type(exc).__name__}: {exc}"[:_ERROR_CHARS]
            return
    for text in texts[done:]:
        yield from annotate_each(pretagger, [text], registry)


def proposals(pretagger: Pretagger, texts: Sequence[str]) -> list[dict]:
    """The proposal part of each text's record: entities and quotes, or empty lists and an error."""
    found = []
    for text, annotation in zip(texts, annotate_each(pretagger, texts)):
        if isinstance(annotation, str):
            found.append({"entities": [], "quotes": [], "error": annotation})
        else:
            record = to_record("", text, annotation)
            found.append({key: value for key, value in record.items() if key not in ("source", "text")})
    return found


def pipeline_label(nlp: Language) -> str:
    """The pipeline's name and version, as articles record it: ``"en_core_web_sm 3.8.0"``."""
    return _label(nlp.meta)


def model_label(model: str | None = None) -> str:
    """:func:`pipeline_label` of the pipeline ``model`` names, read from its meta.json (not loaded)."""
    from spacy.util import get_model_meta, get_package_path, is_package

    name = choose_model(model)
    return _label(get_model_meta(get_package_path(name) if is_package(name) else Path(name)))


def _label(meta: dict) -> str:
    return f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}".strip()


# -- where it runs -----------------------------------------------------------------------------


class Engine(Protocol):
    """Runs :func:`proposals` on batches of texts somewhere and says when they finish."""

    description: str  # for messages: "this process", "2 processes", "the Dask cluster at …"

    def slots(self) -> int:
        """How many batches to keep in flight."""

    def submit(self, texts: list[str]) -> Future:
        """Start a batch; its future gives :func:`proposals`' list."""

    def finished(self, futures: set) -> Iterable:
        """Wait until some of ``futures`` are done; returns those done."""

    def result(self, future: Future) -> list[dict]:
        """A finished batch's proposals; :class:`EngineError` when the workers failed."""

    def close(self) -> None:
        """Release the workers."""


class InProcess:
    """Runs each batch at once, in this process."""

    description = "this process"

    def __init__(self, model: str | None = None) -> None:
        self._model = choose_model(model)
        self._pretagger: Pretagger | None = None

    @property
    def pretagger(self) -> Pretagger:
        """The pre-tagger, its pipeline loaded on first use (once per process)."""
        if self._pretagger is None:
            self._pretagger = Pretagger(nlp=cached_pipeline(self._model))
        return self._pretagger

    def slots(self) -> int:
        return 1

    def submit(self, texts: list[str]) -> Future:
        future: Future = Future()
        future.set_result(proposals(self.pretagger, texts))
        return future

    def finished(self, futures: set) -> Iterable:
        return futures

    def result(self, future: Future) -> list[dict]:
        return future.result()

    def close(self) -> None:
        pass


def _tag_in_pool(model: str, texts: list[str]) -> list[dict]:
    return proposals(Pretagger(nlp=cached_pipeline(model)), texts)


class ProcessPool:
    """A pool of worker processes on this machine, each loading the pipeline once."""

    def __init__(self, processes: int, model: str | None = None) -> None:
        self._model = choose_model(model)
        self._processes = processes
        self.description = f"{processes} processes"
        context = multiprocessing.get_context("spawn")  # the same on every platform; no forked threads
        self._pool = ProcessPoolExecutor(processes, context, initializer=cached_pipeline, initargs=(self._model,))

    def slots(self) -> int:
        return 2 * self._processes

    def submit(self, texts: list[str]) -> Future:
        return self._pool.submit(_tag_in_pool, self._model, texts)

    def finished(self, futures: set) -> Iterable:
        return wait(futures, return_when=FIRST_COMPLETED).done

    def result(self, future: Future) -> list[dict]:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise EngineError(f"A worker process died (out of memory?): {exc}") from None

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def open_engine(scheduler: str | None = None, processes: int = 1, model: str | None = None) -> Engine:
    """This process, a pool of ``processes``, or the Dask cluster ``scheduler`` names
    (``tcp://host:8786``, or ``local:N`` for a local cluster of N worker processes)."""
    if scheduler:
        if importlib.util.find_spec("distributed") is None:
            raise EngineError(f"--scheduler needs Dask, which is not installed here. Install it with: {INSTALL_DASK}")
        from quotecoder.core.cluster import DaskEngine

        return DaskEngine(scheduler, model)
    return ProcessPool(processes, model) if processes > 1 else InProcess(model)


# -- batches and the stream of results ---------------------------------------------------------


@dataclass
class Batch:
    """Consecutive articles tagged as one task; ``tag`` is the caller's (a shard number)."""

    articles: list[Article] = field(default_factory=list)
    tag: object = None
    last: bool = False  # the last batch of its tag

    @property
    def texts(self) -> list[str]:
        return [article.text for article in self.articles]


def batches(articles: Iterable[Article], size: int = BATCH_ARTICLES, chars: int = BATCH_CHARS) -> Iterator[list[Article]]:
    """``articles`` in consecutive groups of at most ``size`` articles and about ``chars`` characters."""
    group: list[Article] = []
    length = 0
    for article in articles:
        if group and (len(group) >= size or length + len(article.text) > chars):
            yield group
            group, length = [], 0
        group.append(article)
        length += len(article.text)
    if group:
        yield group


def stream(work: Iterable[Batch], engine: Engine) -> Iterator[tuple[Batch, list[dict]]]:
    """Each batch with its proposals, in input order, while later batches run on ``engine``.

    At most ``engine.slots()`` batches are in flight, and finished batches wait for an
    earlier one only up to AHEAD times that: client memory stays bounded. A batch whose
    task fails stops the stream with that error (the engines report every article's own
    failure as an error record, so this means the workers themselves failed).
    """
    source = iter(work)
    running: dict[object, int] = {}  # future → batch number
    pending: dict[int, Batch] = {}
    done: dict[int, list[dict]] = {}
    submitted = written = 0
    more = True
    try:
        while True:
            slots = max(1, engine.slots())
            while more and len(running) < slots and submitted - written < AHEAD * slots:
                batch = next(source, None)
                if batch is None:
                    more = False
                    break
                pending[submitted] = batch
                running[engine.submit(batch.texts)] = submitted
                submitted += 1
            if not running:
                return
            for future in list(engine.finished(set(running))):
                number = running.pop(future)
                try:
                    done[number] = engine.result(future)
                except EngineError as error:
                    first, last = pending[number].articles[0].source, pending[number].articles[-1].source
                    raise EngineError(f"{error} (pre-tagging {first} to {last})") from None
            while written in done:
                yield pending.pop(written), done.pop(written)
                written += 1
    finally:
        for future in running:
            future.cancel()


def records(
    items: Iterable[Article | ImportProblem],
    engine: Engine,
    model: str,
    on_problem: Callable[[ImportProblem], None] = lambda problem: None,
) -> Iterator[dict]:
    """One record per article of ``items`` (problems go to ``on_problem``), in input order."""
    work = (Batch(group) for group in batches(articles_of(items, on_problem)))
    for batch, found in stream(work, engine):
        for article, proposal in zip(batch.articles, found):
            yield article_record(article, proposal, model)


def articles_of(items: Iterable[Article | ImportProblem], on_problem: Callable[[ImportProblem], None]) -> Iterator[Article]:
    """The articles of ``items``; each problem goes to ``on_problem``."""
    for item in items:
        if isinstance(item, ImportProblem):
            on_problem(item)
        else:
            yield item


class ArticleCount(threading.Thread):
    """Counts the articles ``read()`` gives, in the background, so progress can show an ETA.

    ``total`` is None until the count is done (reading is far quicker than pre-tagging).
    """

    def __init__(self, read: Callable[[], Iterable[Article | ImportProblem]]) -> None:
        super().__init__(name="article-count", daemon=True)
        self._read = read
        self.total: int | None = None

    def run(self) -> None:
        try:
            self.total = sum(1 for item in self._read() if not isinstance(item, ImportProblem))
        except Exception:  # noqa: BLE001 - only the ETA is lost; the run reads the input itself
            pass


def record_line(record: dict) -> str:
    """A record as one line of JSON Lines (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


__all__ = [
    "ArticleCount",
    "Batch",
    "Engine",
    "EngineError",
    "InProcess",
    "ProcessPool",
    "annotate_each",
    "articles_of",
    "batches",
    "model_label",
    "open_engine",
    "pipeline_label",
    "proposals",
    "record_line",
    "records",
    "stream",
]
