"""Analyze every license-like file of a folder: in parallel, cached, robust to bad files.

One bad file (binary, undecodable, too large, unreadable, a symlink loop) is
recorded with its reason and never stops the run; an interrupted run keeps
what it finished. Work runs in-process, on ``-j N`` worker processes, or on a
Dask cluster (``engine="dask"``); the model and index load once per worker.
"""

from __future__ import annotations

import concurrent.futures
import csv
import hashlib
import io
import json
import os
import re
import resource
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .documents import DOCUMENT_SUFFIXES
from .errors import InputError, LicenseCheckError
from .modelcard import read_model_card
from .source import DEFAULT_MAX_BYTES, read_bytes, read_known
from .taxonomy import LABELS

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".rst", ".html", ".htm")
_LICENSE_NAME = re.compile(r"^(licen[cs]e|copying|notice|unlicense)", re.IGNORECASE)


@dataclass(frozen=True)
class BatchOptions:
    """What every worker needs to analyze a file the same way."""

    identify: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    model_dir: str | None = None


@dataclass
class BatchResult:
    """The records of a run (one per file, sorted by path) and how it went."""

    records: list[dict[str, Any]] = field(default_factory=list)
    analyzed: int = 0
    cached: int = 0
    copies: int = 0  # files whose bytes another file of the run already had (analyzed once)
    interrupted: bool = False
    peak_worker_mb: float = 0.0

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The records of files that could not be analyzed."""
        return [record for record in self.records if "error" in record]


class BatchInterrupted(LicenseCheckError):
    """The run was interrupted; the finished results were written."""


def is_license_like(name: str) -> bool:
    """Whether a file name is one batch looks at.

    >>> [is_license_like(name) for name in ("LICENSE", "COPYING.lib", "README.md", "model.bin", "notes.txt", "x.pdf")]
    [True, True, True, False, True, True]
    """
    lowered = name.lower()
    return bool(_LICENSE_NAME.match(name)) or lowered.endswith(TEXT_SUFFIXES) or lowered.endswith(DOCUMENT_SUFFIXES)


def discover(root: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """License-like files under ``root`` (relative paths, sorted) and error records for what could not be walked."""
    if not root.is_dir():
        raise InputError(f"{root}: not a folder", "missing")
    found, problems = [], []

    def on_error(error: OSError) -> None:
        where = os.path.relpath(error.filename, root) if error.filename else "."
        problems.append(error_record(where, "unreadable", f"{where}: cannot list the folder ({error.strerror})"))

    for folder, folders, files in os.walk(root, onerror=on_error, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in files:
            if is_license_like(name):
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found), problems


def error_record(path: str, reason: str, message: str) -> dict[str, Any]:
    """A results.jsonl line for a file that could not be analyzed."""
    return {"source": {"path": path}, "error": {"reason": reason, "message": message}}


def analyze_bytes(relative: str, data: bytes, options: BatchOptions) -> dict[str, Any]:
    """Analyze one file's bytes (runs in a worker); never raises for bad input."""
    from .pipeline import analyze, load_classifier

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
    from .identify import load_index
    from .pipeline import analyze_copy, load_classifier

    try:
        analysis, key = analyze_copy(license_text, load_classifier(options.model_dir), load_index())
    except LicenseCheckError:
        return None, None  # the worker will say what is wrong
    return (_record(analysis, relative, data, model_card) if analysis is not None else None), key


def _record(analysis: Any, relative: str, data: bytes, model_card: Any) -> dict[str, Any]:
    record = analysis.to_dict()
    record["source"]["path"] = relative
    record["source"]["sha256"] = hashlib.sha256(data).hexdigest()
    if model_card is not None:
        record["model_card"] = model_card.to_dict()
    return record


def _read(relative: str, data: bytes, options: BatchOptions) -> tuple[Any, Any]:
    license_text = read_bytes(data, relative, options.max_bytes, relative)
    card = read_model_card(data.decode("utf-8", "replace")) if _reader(relative) == "model-card" else None
    if card is None:
        return license_text, None
    if card.resolved is None:
        declared = card.license_name or card.license or "none"
        raise InputError(f"{relative}: the model card declares license {declared!r}, which is not in licensedcode-data; add its text to the folder", "license-not-resolved")
    return read_known(card.resolved), card


class ResultCache:
    """Analysis results keyed by content hash, model and version, in the user's cache folder."""

    def __init__(self, folder: Path, options: BatchOptions) -> None:
        from .artifacts import model_sha256

        salt = json.dumps([__version__, model_sha256(options.model_dir), options.identify, options.max_bytes])
        if options.identify:
            from .identify import index_fingerprint

            salt += index_fingerprint()
        self.folder = folder / "results" / hashlib.sha256(salt.encode()).hexdigest()[:16]

    def _path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}.json"

    def get(self, sha256: str, relative: str) -> dict[str, Any] | None:
        """The cached record for this content, with its path set to ``relative``."""
        try:
            record = json.loads(self._path(sha256).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        record["source"]["path"] = relative
        return record

    def put(self, sha256: str, record: dict[str, Any]) -> None:
        """Store a record (errors are not cached: the file may be fixed)."""
        if "error" in record:
            return
        path = self._path(sha256)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(record), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass


def run_batch(
    root: str | Path,
    options: BatchOptions = BatchOptions(),
    jobs: int = 1,
    cache: ResultCache | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    sink: Callable[[dict[str, Any]], None] | None = None,
) -> BatchResult:
    """Analyze every license-like file under ``root``; records come back sorted by path.

    ``sink`` sees each record as soon as it is done (so an interrupted run keeps it).
    """
    folder = Path(root)
    paths, records = discover(folder)
    result = BatchResult()
    pending: list[tuple[str, bytes, str]] = []
    copies: dict[tuple[str, str], list[str]] = {}  # (sha256, reader) -> the other paths with those bytes
    for relative in paths:
        record, data = _load(folder, relative, options.max_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        if record is None and cache is not None:
            record = cache.get(sha256, relative)
            result.cached += record is not None
        if record is not None:
            records.append(record)
            _emit(record, sink, progress)
        elif (sha256, _reader(relative)) in copies:
            copies[sha256, _reader(relative)].append(relative)
        else:
            copies[sha256, _reader(relative)] = []
            pending.append((relative, data, sha256))

    def finished(record: dict[str, Any], sha256: str) -> None:
        if cache is not None:
            cache.put(sha256, record)
        records.append(record)
        result.analyzed += 1
        _emit(record, sink, progress)
        first = record["source"]["path"]
        for relative in copies.get((sha256, _reader(first)), []):
            records.append(with_path(record, relative))
            result.copies += 1
            _emit(records[-1], sink, progress)

    try:
        _analyse_pending(pending, options, jobs, engine, scheduler, finished)
    except KeyboardInterrupt:
        result.interrupted = True
    result.records = sorted(records, key=lambda record: record["source"]["path"])
    result.peak_worker_mb = _peak_mb(jobs > 1 and engine == "local")
    return result


def _analyse_pending(
    pending: list[tuple[str, bytes, str]], options: BatchOptions, jobs: int, engine: str, scheduler: str | None,
    finished: Callable[[dict[str, Any], str], None],
) -> None:
    """Answer what the main process can (:func:`answer_here`); the rest goes to the workers, started at the first
    file that needs one, while the main process goes on through the folder.

    The first copy of a reference license not stored yet is analysed by a worker (which stores the reference's
    analysis); the other copies of it wait for that one and are then answered here.
    """
    waiting: dict[str, list[tuple[str, bytes, str]]] = {}
    leaders: dict[str, str] = {}  # path of the first copy sent to a worker -> its reference's key
    with _Workers(options, jobs, engine, scheduler) as workers:
        for item in pending:
            record, key = answer_here(item[0], item[1], options)
            if record is not None:
                finished(record, item[2])
            elif key is not None and key in waiting:
                waiting[key].append(item)
            else:
                if key is not None:
                    waiting[key], leaders[item[0]] = [], key
                workers.submit(item)
        while True:
            for record, sha256 in workers.completed():
                finished(record, sha256)
                for item in waiting.pop(leaders.get(record["source"]["path"], ""), []):
                    answered, _ = answer_here(item[0], item[1], options)
                    if answered is not None:
                        finished(answered, item[2])
                    else:
                        workers.submit(item)  # its text did not map onto the reference's analysis
            if not waiting:
                break
            for item in waiting.pop(next(iter(waiting))):  # a leader whose record named no reference: its copies go on
                workers.submit(item)


class _Workers:
    """Where files the main process cannot answer are analysed: in this process (one job), in worker processes
    (``-j N``) or on a Dask cluster. Nothing starts before the first file is submitted."""

    def __init__(self, options: BatchOptions, jobs: int, engine: str, scheduler: str | None) -> None:
        self.options, self.jobs, self.engine, self.scheduler = options, jobs, engine, scheduler
        self.queue: list[tuple[str, bytes, str]] = []  # in this process
        self.futures: dict[Any, tuple[str, str]] = {}
        self.pool: Any = None
        self.client: Any = None

    def __enter__(self) -> "_Workers":
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self.pool is not None:
            interrupted = kind is not None
            self.pool.shutdown(wait=not interrupted, cancel_futures=interrupted)
        if self.client is not None:
            self.client.close()

    def submit(self, item: tuple[str, bytes, str]) -> None:
        """Queue one file (relative path, bytes, sha256) for analysis."""
        relative, data, sha256 = item
        if self.engine == "dask":
            self.futures[self._dask().submit(analyze_bytes, relative, data, self.options, pure=False)] = (relative, sha256)
        elif self.jobs > 1:
            self.futures[self._processes().submit(analyze_bytes, relative, data, self.options)] = (relative, sha256)
        else:
            self.queue.append(item)

    def completed(self) -> Iterator[tuple[dict[str, Any], str]]:
        """Records as they are finished, including those of files submitted meanwhile."""
        while self.queue:
            relative, data, sha256 = self.queue.pop(0)
            yield analyze_bytes(relative, data, self.options), sha256
        while self.futures:
            done, _ = concurrent.futures.wait(list(self.futures), return_when=concurrent.futures.FIRST_COMPLETED) \
                if self.client is None else (self._dask_wait(), None)
            for future in done:
                relative, sha256 = self.futures.pop(future)
                try:
                    record = future.result()
                except Exception as error:  # noqa: BLE001 - a crashed worker loses one file, not the run
                    record = error_record(relative, "worker-failed", f"{relative}: analysis failed ({type(error).__name__}: {error})")
                yield record, sha256
            while self.queue:
                relative, data, sha256 = self.queue.pop(0)
                yield analyze_bytes(relative, data, self.options), sha256

    def _processes(self) -> Any:
        if self.pool is None:
            import multiprocessing

            context = multiprocessing.get_context("spawn")
            self.pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=context, initializer=_worker_start, initargs=(self.options,))
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

    def _dask_wait(self) -> list[Any]:
        from dask.distributed import wait

        return list(wait(list(self.futures), return_when="FIRST_COMPLETED").done)


def _reader(relative: str) -> str:
    """How a file's bytes are read (``_read`` follows it): the same bytes read the same way give the same analysis."""
    lowered = relative.lower()
    if lowered.endswith(".md"):
        return "model-card"
    return "html" if lowered.endswith((".html", ".htm")) else "markdown" if lowered.endswith(".markdown") else "text"


def with_path(record: dict[str, Any], relative: str) -> dict[str, Any]:
    """A copy of a record for another file with the same bytes."""
    first = record["source"]["path"]
    copy = {**record, "source": {**record["source"], "path": relative}}
    if "error" in record:
        message = record["error"]["message"]
        copy["error"] = {**record["error"], "message": relative + message[len(first) :] if message.startswith(first) else message}
    return copy


def _load(folder: Path, relative: str, max_bytes: int) -> tuple[dict[str, Any] | None, bytes]:
    """Read a file's bytes in the main process, or an error record saying why not."""
    path = folder / relative
    try:
        if path.is_symlink() and not path.exists():
            return error_record(relative, "broken-link", f"{relative}: a symbolic link to nothing (or a loop)"), b""
        size = path.stat().st_size
        if size > max_bytes:
            return error_record(relative, "too-large", f"{relative}: {size:,} bytes is over the {max_bytes:,}-byte limit"), b""
        with path.open("rb") as handle:
            return None, handle.read(max_bytes + 1)
    except FileNotFoundError:
        return error_record(relative, "vanished", f"{relative}: the file disappeared during the run"), b""
    except OSError as error:
        return error_record(relative, "unreadable", f"{relative}: cannot read ({error.strerror or error})"), b""


def _emit(record: dict[str, Any], sink: Callable[[dict[str, Any]], None] | None, progress: Callable[[int], None] | None) -> None:
    if sink is not None:
        sink(record)
    if progress is not None:
        progress(1)


def _worker_start(options: BatchOptions) -> None:
    """Load the model (and the index) once per worker process."""
    from .pipeline import load_classifier

    load_classifier(options.model_dir)
    if options.identify:
        from .identify import load_index

        load_index()


def _peak_mb(children: bool) -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return usage.ru_maxrss / 1024


# ----------------------------------------------------------------------------------------------
# Outputs


def jsonl_line(record: dict[str, Any]) -> str:
    """A results.jsonl line: the record without the full text."""
    slim = dict(record)
    if "source" in slim:
        slim["source"] = {key: value for key, value in slim["source"].items() if key != "text"}
    return json.dumps(slim, ensure_ascii=False) + "\n"


def summary_csv(records: Iterable[dict[str, Any]]) -> str:
    """summary.csv: file, identified license, verdict, a 0/1 column per label, error."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "identified", "identification", "verdict", *LABELS, "error"])
    for record in records:
        path = record["source"]["path"]
        if "error" in record:
            writer.writerow([path, "", "", "error", *[""] * len(LABELS), record["error"]["reason"]])
            continue
        identification = record.get("identification") or {}
        matches = identification.get("matches") or []
        present = record.get("labels", {})
        writer.writerow([path, matches[0]["key"] if matches else "", identification.get("verdict", ""), record["summary"]["verdict"],
                         *[int(label in present) for label in LABELS], ""])
    return out.getvalue()


def batch_table(records: Iterable[dict[str, Any]]) -> str:
    """The files of a run as a plain table: file, license (exact / modified / unknown), verdict, blocking labels, policy."""
    rows = [("FILE", "LICENSE", "VERDICT", "BLOCKING", "POLICY")]
    for record in records:
        path = record["source"]["path"]
        if "error" in record:
            rows.append((path, "-", "not analyzed", record["error"]["reason"], "-"))
            continue
        identification = record.get("identification") or {}
        matches = identification.get("matches") or []
        known = f"{matches[0]['key']} ({identification.get('verdict', '')})" if matches else identification.get("verdict", "-") or "-"
        blocking = ",".join(record["summary"].get("blocking", [])) or "-"
        rows.append((path, known, record["summary"]["verdict"], blocking, (record.get("policy") or {}).get("outcome", "-")))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    return "".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1] + "\n" for row in rows)


def _has_stamp(path: Path, stamp: str) -> bool:
    """Whether a page was rendered from this content by this model (its first lines say so)."""
    try:
        with path.open(encoding="utf-8") as handle:
            return stamp in handle.read(400)
    except (OSError, UnicodeDecodeError):
        return False


def page_name(path: str) -> str:
    """The file name of a record's HTML page.

    >>> page_name("models/llama/LICENSE.txt")
    'models__llama__LICENSE.txt.html'
    """
    return re.sub(r"[^A-Za-z0-9._-]+", "_", path.replace("/", "__")) + ".html"


def write_outputs(result: BatchResult, outdir: Path) -> None:
    """results.jsonl, summary.csv, index.html and a page per analyzed file."""
    from .report import render_batch_index, render_html

    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "results.jsonl").write_text("".join(jsonl_line(record) for record in result.records), encoding="utf-8")
    (outdir / "summary.csv").write_text(summary_csv(result.records), encoding="utf-8")
    pages = outdir / "pages"
    pages.mkdir(exist_ok=True)
    for record in result.records:
        if "error" in record:
            continue
        page = pages / page_name(record["source"]["path"])
        stamp = f"<!-- licensecheck {__version__} {record['source']['sha256']} {(record.get('model') or {}).get('sha256', '')} -->\n"
        if _has_stamp(page, stamp):
            continue  # the same content analyzed by the same model: the page is already there
        html = render_html(record, record["source"].get("text"), index_href="../index.html").replace("<!DOCTYPE html>\n", "<!DOCTYPE html>\n" + stamp, 1)
        page.write_text(html, encoding="utf-8")
    (outdir / "index.html").write_text(render_batch_index(result.records, page_name), encoding="utf-8")
