"""Pre-tagging on a Dask cluster: an existing one (``tcp://host:8786``) or a local one (``local:N``).

Needs the optional extra ``pip install "quotecoder[cluster]"`` (see :func:`quotecoder.core.tagging.open_engine`).
Every worker must have this computer's QuoteCoder version and spaCy model: the versions
are compared before anything runs, and the worker plugin checks both again on every
worker, including one that joins later, and names the worker that differs. The plugin
loads the pipeline once per worker; tasks are batches of texts; results come back as
they finish (``distributed.as_completed``). Only texts travel to the workers and only
proposals come back: the database is never touched here.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import CancelledError

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker
from distributed.scheduler import KilledWorker

from quotecoder import __version__
from quotecoder.core.nlp import ModelNotFound, choose_model
from quotecoder.core.pretag import Pretagger
from quotecoder.core.tagging import EngineError, model_label, pipeline_label, proposals

PLUGIN = "quotecoder-pretagger"
WAIT_FOR_WORKERS = 60  # seconds for a first worker to join
CONNECT_TIMEOUT = "20s"


class VersionMismatch(EngineError):
    """A worker's QuoteCoder or spaCy model is not this computer's."""


class PretaggerPlugin(WorkerPlugin):
    """Checks a worker's QuoteCoder and model, then loads the pre-tagger once for all its tasks."""

    name = PLUGIN

    def __init__(self, model: str, label: str, version: str) -> None:
        self.model, self.label, self.version = model, label, version
        self.pretagger: Pretagger | None = None

    async def setup(self, worker) -> None:  # in the worker's event loop: load in a thread
        loop = asyncio.get_running_loop()
        self.pretagger = await loop.run_in_executor(None, self._load, worker.address)

    def _load(self, address: str) -> Pretagger:
        if __version__ != self.version:
            raise VersionMismatch(
                f"The worker {address} has QuoteCoder {__version__}; this computer has {self.version}. "
                f"Install the same version on every worker: pip install quotecoder=={self.version}"
            )
        try:
            pretagger = Pretagger(model=self.model)
            label = pipeline_label(pretagger.nlp)
        except ModelNotFound as exc:
            raise VersionMismatch(f"The worker {address} cannot load the spaCy model {self.label}: {exc}") from None
        if label != self.label:
            raise VersionMismatch(
                f"The worker {address} has the spaCy model {label}; this computer has {self.label}. "
                "Install the same model version on every worker."
            )
        return pretagger

    def teardown(self, worker) -> None:
        self.pretagger = None  # frees the pipeline when the run ends


def _tag_on_worker(texts: list[str]) -> list[dict]:
    """A task: proposals for a batch of texts, with the worker's pre-tagger."""
    return proposals(get_worker().plugins[PLUGIN].pretagger, texts)


class DaskEngine:
    """Runs batches on a Dask cluster (see the module's docstring)."""

    def __init__(self, scheduler: str, model: str | None = None) -> None:
        self._model = choose_model(model)
        self.label = model_label(self._model)
        self._cluster: LocalCluster | None = None
        self.client: Client | None = None
        try:
            self._connect(scheduler)
            self._check_versions()
            self._register()
        except BaseException:
            self.close()
            raise

    def _connect(self, scheduler: str) -> None:
        if scheduler.startswith("local:"):
            workers = _local_workers(scheduler)
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR)
            self.description = f"a local Dask cluster of {workers} worker process(es)"
            address: object = self._cluster
        else:
            self.description = f"the Dask cluster at {scheduler}"
            address = scheduler
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise EngineError(
                f"Cannot reach the Dask scheduler at {scheduler} ({exc}). "
                "Is `dask scheduler` running there, and is its port open to this computer?"
            ) from None
        self._running = as_completed(loop=self.client.loop)
        try:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            raise EngineError(
                f"No worker joined the scheduler at {scheduler} within {WAIT_FOR_WORKERS} s. "
                f"Start workers with: dask worker {scheduler} --nworkers -1 --nthreads 1"
            ) from None

    def _check_versions(self) -> None:
        """Every worker has this QuoteCoder installed (before anything is sent that needs it)."""
        versions = self.client.get_versions(packages=["quotecoder"])
        mine = versions["client"]["packages"].get("quotecoder")
        wrong = []
        for address, info in sorted(versions["workers"].items()):
            theirs = ((info or {}).get("packages") or {}).get("quotecoder")
            if theirs != mine:
                wrong.append(f"{address}: {'not installed' if theirs is None else f'QuoteCoder {theirs}'}")
        if wrong:
            raise VersionMismatch(
                f"Every worker needs QuoteCoder {mine}, as on this computer:\n  " + "\n  ".join(wrong)
                + f"\nInstall it there with: pip install quotecoder=={mine}"
            )

    def _register(self) -> None:
        try:
            self.client.register_plugin(PretaggerPlugin(self._model, self.label, __version__))
        except VersionMismatch:
            raise
        except Exception as exc:  # the plugin failed on a worker: say which, in the worker's words
            raise EngineError(f"A worker could not start the pre-tagger: {type(exc).__name__}: {exc}") from None

    @property
    def workers(self) -> int:
        return sum(self.client.nthreads().values())

    def slots(self) -> int:
        return 2 * self.workers

    def submit(self, texts: list[str]):
        future = self.client.submit(_tag_on_worker, texts, pure=False)
        self._running.add(future)
        return future

    def finished(self, futures: set):
        return self._running.next_batch(block=True)

    def result(self, future) -> list[dict]:
        try:
            return future.result()
        except VersionMismatch:
            raise
        except KilledWorker as exc:
            raise EngineError(f"A batch stopped its worker several times (out of memory?): {exc}") from None
        except (CancelledError, OSError, TimeoutError) as exc:
            raise EngineError(f"Lost the Dask cluster ({type(exc).__name__}: {exc})") from None

    def close(self) -> None:
        if self.client is not None:
            try:
                if self.client.status == "running":
                    self.client.unregister_worker_plugin(PLUGIN)
            except Exception:  # noqa: BLE001 - the plugin was never registered, or the cluster is gone
                pass
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _local_workers(scheduler: str) -> int:
    count = scheduler.partition(":")[2]
    if not count.isdigit() or int(count) < 1:
        raise EngineError(f"--scheduler {scheduler}: expected local:N with N the number of worker processes")
    return int(count)
