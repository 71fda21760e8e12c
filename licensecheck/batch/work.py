"""Where a file is analysed: in the main process when it can be answered there, else by a worker.

The main process answers files refused on reading and exact copies of known
licenses (:func:`answer_here`; a copy that differs from an earlier one only in its
copyright line takes that one's record, :mod:`licensecheck.batch.variants`); the others go to the workers (this process
with one job, ``-j N`` worker processes, or a Dask cluster), which start at
the first file that needs one. At most a few files per worker are in flight,
so the bytes of a large folder are never all in memory.
"""

from __future__ import annotations

import collections
import concurrent.futures
import hashlib
from typing import Any, Iterator

from ..errors import InputError, LicenseCheckError
from ..modelcard import read_model_card
from ..source import read_bytes, read_known
from .files import error_record, reader
from .options import BatchOptions
from .variants import NoticeVariants

IN_FLIGHT_PER_WORKER = 32  # files in flight per worker: enough that the main process seldom waits, few enough to bound memory
DASK_IN_FLIGHT = 256


def analyze_bytes(relative: str, data: bytes, options: BatchOptions) -> dict[str, Any]:
    """Analyze one file's bytes (runs in a worker); never raises for bad input."""
    from ..pipeline import analyze, load_classifier

    try:
        license_text, model_card = _read(relative, data, options)
        classifier = load_classifier(options.model_dir)
        analysis = analyze(license_text, classifier=classifier, references=options.identify)
    except InputError as error:
        return error_record(relative, error.reason, str(error))
    except LicenseCheckError as error:
        return error_record(relative, "error", str(error))
    return _record(analysis, relative, data, model_card)


def answer_here(relative: str, data: bytes, options: BatchOptions) -> tuple[dict[str, Any] | None, str | None]:
    """What the main process answers without a worker: a file refused on reading (empty, binary, undecodable, too
    large ...), and an exact copy of a reference license whose analysis is stored (:mod:`licensecheck.known`).

    Returns (record or None, the key of the reference the file is an exact copy of, or None): a copy whose
    reference is not stored yet goes to a worker, and its later copies are answered here once it is.
    """
    try:
        license_text, model_card = _read(relative, data, options)
    except InputError as error:
        return error_record(relative, error.reason, str(error)), None
    except LicenseCheckError as error:
        return error_record(relative, "error", str(error)), None
    if not options.identify:
        return None, None
    resolved = (model_card.resolved, options) if model_card is not None else None
    if resolved in _CARD_RECORDS:  # model cards naming the same license: its analysis, once
        return _moved(_CARD_RECORDS[resolved], relative, data, model_card), model_card.resolved
    if model_card is None:
        variant = _VARIANTS.answer(license_text.text, options.model_dir)
        if variant is not None:  # an earlier copy of the same license with another copyright line
            return {**variant, "source": {**variant["source"], "path": relative, "sha256": hashlib.sha256(data).hexdigest()}}, None
    from ..identify import load_index
    from ..pipeline import analyze_copy, load_classifier

    try:
        analysis, key = analyze_copy(license_text, load_classifier(options.model_dir), load_index())
    except LicenseCheckError:
        return None, None  # the worker will say what is wrong
    if analysis is None:
        return None, key
    record = _record(analysis, relative, data, model_card)
    if model_card is None:
        _VARIANTS.remember(license_text.text, record, options.model_dir)
    if resolved is not None:
        _CARD_RECORDS[resolved] = record
        if len(_CARD_RECORDS) > 64:
            _CARD_RECORDS.popitem(last=False)
    return record, key


_CARD_RECORDS: collections.OrderedDict[Any, dict[str, Any]] = collections.OrderedDict()
_VARIANTS = NoticeVariants()


def _moved(record: dict[str, Any], relative: str, data: bytes, model_card: Any) -> dict[str, Any]:
    """The record of another model card naming the same license."""
    return {**record, "source": {**record["source"], "path": relative, "sha256": hashlib.sha256(data).hexdigest()},
            "model_card": model_card.to_dict()}


def _record(analysis: Any, relative: str, data: bytes, model_card: Any) -> dict[str, Any]:
    record = analysis.to_dict()
    record["source"]["path"] = relative
    record["source"]["sha256"] = hashlib.sha256(data).hexdigest()
    if model_card is not None:
        record["model_card"] = model_card.to_dict()
    return record


def _read(relative: str, data: bytes, options: BatchOptions) -> tuple[Any, Any]:
    license_text = read_bytes(data, relative, options.max_bytes, relative)
    card = read_model_card(data.decode("utf-8", "replace")) if reader(relative) == "model-card" else None
    if card is None:
        return license_text, None
    if card.resolved is None:
        declared = card.license_name or card.license or "none"
        raise InputError(f"{relative}: the model card declares license {declared!r}, which is not in licensedcode-data; add its text to the folder", "license-not-resolved")
    return read_known(card.resolved), card




class Workers:
    """Analyses files that the main process cannot answer, in this process (one job), in worker processes
    (``-j N``) or on a Dask cluster. Nothing starts before the first file is submitted."""

    def __init__(self, options: BatchOptions, jobs: int, engine: str, scheduler: str | None) -> None:
        self.options, self.jobs, self.engine, self.scheduler = options, jobs, engine, scheduler
        self.queue: list[tuple[str, bytes, str]] = []  # in this process
        self.futures: dict[Any, tuple[str, str]] = {}
        self.pool: Any = None
        self.client: Any = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self.pool is not None:
            interrupted = kind is not None
            self.pool.shutdown(wait=not interrupted, cancel_futures=interrupted)
        if self.client is not None:
            self.client.close()

    @property
    def limit(self) -> int:
        """How many files may be in flight before the main process waits for one."""
        return DASK_IN_FLIGHT if self.engine == "dask" else IN_FLIGHT_PER_WORKER * max(self.jobs, 1)

    def submit(self, item: tuple[str, bytes, str]) -> None:
        """Queue one file (relative path, bytes, sha256) for analysis."""
        relative, data, sha256 = item
        if self.engine == "dask":
            self.futures[self._dask().submit(analyze_bytes, relative, data, self.options, pure=False)] = (relative, sha256)
        elif self.jobs > 1:
            self.futures[self._processes().submit(analyze_bytes, relative, data, self.options)] = (relative, sha256)
        else:
            self.queue.append(item)

    def ready(self) -> Iterator[tuple[dict[str, Any], str]]:
        """Records finished so far, waiting only while more than :attr:`limit` files are in flight."""
        while self.queue:
            relative, data, sha256 = self.queue.pop(0)
            yield analyze_bytes(relative, data, self.options), sha256
        while len(self.futures) > self.limit:
            yield from self._next_done()

    def completed(self) -> Iterator[tuple[dict[str, Any], str]]:
        """All remaining records as they finish, including those of files submitted meanwhile."""
        while self.queue or self.futures:
            yield from self.ready()
            if self.futures:
                yield from self._next_done()

    def _next_done(self) -> Iterator[tuple[dict[str, Any], str]]:
        if self.client is None:
            done, _ = concurrent.futures.wait(list(self.futures), return_when=concurrent.futures.FIRST_COMPLETED)
        else:
            from dask.distributed import wait

            done = wait(list(self.futures), return_when="FIRST_COMPLETED").done
        for future in done:
            relative, sha256 = self.futures.pop(future)
            try:
                record = future.result()
            except Exception as error:  # noqa: BLE001 - a crashed worker loses one file, not the run
                record = error_record(relative, "worker-failed", f"{relative}: analysis failed ({type(error).__name__}: {error})")
            yield record, sha256

    def _processes(self) -> Any:
        if self.pool is None:
            import multiprocessing

            context = multiprocessing.get_context("spawn")
            self.pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=context, initializer=worker_start, initargs=(self.options,))
        return self.pool

    def _dask(self) -> Any:
        if self.client is None:
            try:
                from dask.distributed import Client
            except ImportError as error:
                raise LicenseCheckError("the dask engine needs the dask extra: pip install 'licensecheck[dask]'") from error
            if not self.scheduler:
                raise LicenseCheckError("the dask engine needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
            try:
                self.client = Client(self.scheduler, timeout=30)
            except OSError as error:
                raise LicenseCheckError(f"cannot reach the Dask scheduler at {self.scheduler} ({error})") from error
        return self.client


def worker_start(options: BatchOptions) -> None:
    """Load the model (and the index) once per worker process."""
    from ..pipeline import load_classifier

    load_classifier(options.model_dir)
    if options.identify:
        from ..identify import load_index

        load_index()
