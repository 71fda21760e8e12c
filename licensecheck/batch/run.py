"""``run_batch``: every license-like file of a folder analysed once, streamed to disk as it finishes.

Files are read one at a time. Cached results, files refused on reading,
copies of other files of the run and exact copies of known licenses are
answered in this process; the rest go to the workers (:mod:`.work`). Every
finished record goes to results.jsonl at once (:mod:`.journal`): a run killed
at any point keeps what it finished, and the next run over the same output
folder does only the rest.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .. import __version__
from .baseline import Baseline
from .cache import ResultCache
from .files import discover, error_record, load, reader, with_path
from .journal import Journal
from .options import BatchOptions
from .outputs import write_page, write_summaries
from .work import Workers, answer_here


@dataclass
class BatchResult:
    """How a run went, and its records (one per file, sorted by path): in memory, or in the output folder's
    results.jsonl when the run wrote one (read back one at a time)."""

    analyzed: int = 0
    cached: int = 0
    copies: int = 0  # files whose bytes another file of the run already had (analyzed once)
    resumed: int = 0  # files an earlier, interrupted run over the same output folder had finished
    interrupted: bool = False
    peak_worker_mb: float = 0.0
    seconds: float = 0.0
    files: int = 0
    violations: list[Any] = field(default_factory=list)
    new_violations: list[Any] = field(default_factory=list)  # those a baseline run did not have (with a baseline)
    gone: list[str] | None = None  # the baseline's files the run did not see (None without a baseline)
    journal: Journal | None = None
    held: list[dict[str, Any]] = field(default_factory=list)

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """The records, sorted by path."""
        if self.journal is not None:
            return self.journal.records()
        return iter(sorted(self.held, key=lambda record: record["source"]["path"]))

    @property
    def records(self) -> list[dict[str, Any]]:
        """The records, sorted by path, as a list."""
        return list(self.iter_records())

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The records of files that could not be analyzed."""
        return [record for record in self.iter_records() if "error" in record]


def run_identity(options: BatchOptions) -> dict[str, Any]:
    """What the records of a run depend on: a resumed run must have the same (``run.json`` of the output folder)."""
    from ..artifacts import model_sha256

    identity = {"licensecheck": __version__, "model": model_sha256(options.model_dir), "identify": options.identify,
                "max_bytes": options.max_bytes}
    if options.identify:
        from ..identify import index_fingerprint

        identity["index"] = index_fingerprint()
    return identity


RECENT = 64  # finished records remembered by content, for later files with the same bytes


def run_batch(
    root: str | Path,
    options: BatchOptions = BatchOptions(),
    jobs: int = 1,
    cache: ResultCache | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    sink: Callable[[dict[str, Any]], None] | None = None,
    outdir: str | Path | None = None,
    policy: Any = None,
    baseline: Baseline | None = None,
) -> BatchResult:
    """Analyze every license-like file under ``root``.

    With ``outdir``, records stream to ``outdir/results.jsonl`` (and pages to ``outdir/pages/``) as they finish,
    a run over an output folder that an interrupted run left resumes it, and summary.csv and index.html are
    written at the end; without, records are held in memory. ``policy`` checks each record as it finishes
    (its outcome under ``record["policy"]``, the violations in the result); ``baseline`` compares each record with
    an earlier run's (under ``record["baseline"]``, the violations it did not have in ``new_violations``);
    ``sink`` sees each new record.
    """
    started = time.perf_counter()
    folder = Path(root)
    paths, problems = discover(folder)
    journal = Journal(Path(outdir), run_identity(options)) if outdir is not None else None
    result = BatchResult(journal=journal, files=len(paths) + len(problems))
    done = journal.finished_before() if journal is not None else {}

    def emit(record: dict[str, Any]) -> None:
        _checked(record, policy, baseline, result)
        if journal is not None:
            journal.append(record)
            write_page(record, journal.outdir)
        else:
            result.held.append(record)
        if sink is not None:
            sink(record)
        if progress is not None:
            progress(1)

    with journal if journal is not None else contextlib.nullcontext():
        for record in problems:
            emit(record)
        try:
            _analyse(folder, paths, done, options, jobs, engine, scheduler, cache, result, emit, progress)
        except KeyboardInterrupt:
            result.interrupted = True
    if journal is not None and not result.interrupted:
        if policy is not None:  # the files an earlier run finished count too
            result.violations, result.new_violations = [], []
        checked = None if policy is None and baseline is None else (lambda record: _checked(record, policy, baseline, result))
        journal.rewrite_sorted([*paths, *(record["source"]["path"] for record in problems)], checked)
        write_summaries(journal.records, journal.outdir, baseline.gone() if baseline is not None else None)
    if baseline is not None:
        result.gone = baseline.gone()
    result.peak_worker_mb = _peak_mb(jobs > 1 and engine == "local")
    result.seconds = time.perf_counter() - started
    return result


def _checked(record: dict[str, Any], policy: Any, baseline: Baseline | None, result: BatchResult) -> dict[str, Any]:
    """A record with its policy outcome (its violations added to the result's) and what changed since the baseline."""
    violations = []
    if policy is not None and "error" not in record:
        from ..policy import check_records

        violations = check_records(policy, [record])
        result.violations.extend(violations)
    if baseline is not None:
        new = set(baseline.compare(record, violations).get("new_violations", ()))
        result.new_violations.extend(violation for violation in violations if violation.label in new)
    return record


def _analyse(
    folder: Path, paths: list[str], done: dict[str, str], options: BatchOptions, jobs: int, engine: str, scheduler: str | None,
    cache: ResultCache | None, result: BatchResult, emit: Callable[[dict[str, Any]], None], progress: Callable[[int], None] | None,
) -> None:
    """Every file in turn: resumed, cached, a copy of another, answered here, or sent to a worker.

    The first copy of a reference license not stored yet is analysed by a worker (which stores the reference's
    analysis); the other copies wait for that one and are then answered here.
    """
    copies: dict[tuple[str, str], list[str]] = {}  # (sha256, reader) of a file in work -> the other paths with those bytes
    waiting: dict[str, list[tuple[str, str]]] = {}  # reference key -> (path, sha256) of copies waiting for its analysis
    leaders: dict[str, str] = {}  # path of the first copy sent to a worker -> its reference's key

    recent: collections.OrderedDict[tuple[str, str], dict[str, Any]] = collections.OrderedDict()  # the last records, by content

    def finished(record: dict[str, Any], sha256: str) -> None:
        if cache is not None:
            cache.put(sha256, record)
        result.analyzed += 1
        emit(record)
        first = record["source"]["path"]
        recent[sha256, reader(first)] = record
        if len(recent) > RECENT:
            recent.popitem(last=False)
        for relative in copies.pop((sha256, reader(first)), []):
            result.copies += 1
            emit(with_path(record, relative))

    def drain(batch: Iterator[tuple[dict[str, Any], str]]) -> None:
        for record, sha256 in batch:
            finished(record, sha256)
            for relative, copy_sha in waiting.pop(leaders.pop(record["source"]["path"], ""), []):
                _, data = load(folder, relative, options.max_bytes)
                answered, _ = answer_here(relative, data, options)
                if answered is not None:
                    finished(answered, copy_sha)
                else:
                    workers.submit((relative, data, copy_sha))  # its text did not map onto the reference's analysis

    with Workers(options, jobs, engine, scheduler) as workers:
        for relative in paths:
            record, data = load(folder, relative, options.max_bytes)
            sha256 = hashlib.sha256(data).hexdigest()
            if record is None and done.get(relative) == sha256:
                result.resumed += 1
                if progress is not None:
                    progress(1)
                continue
            if record is None and cache is not None:
                record = cache.get(sha256, relative)
                result.cached += record is not None
            if record is not None:
                emit(record)
                continue
            if (sha256, reader(relative)) in copies:
                copies[sha256, reader(relative)].append(relative)
                continue
            if (sha256, reader(relative)) in recent:
                result.copies += 1
                emit(with_path(recent[sha256, reader(relative)], relative))
                continue
            answered, key = answer_here(relative, data, options)
            if answered is not None:
                finished(answered, sha256)
            elif key is not None and key in waiting:
                waiting[key].append((relative, sha256))
            else:
                copies[sha256, reader(relative)] = []
                if key is not None:
                    waiting[key], leaders[relative] = [], key
                workers.submit((relative, data, sha256))
                drain(workers.ready())
        while True:
            drain(workers.completed())
            if not waiting:
                break
            for relative, copy_sha in waiting.pop(next(iter(waiting))):  # a leader that named no reference: go on
                _, data = load(folder, relative, options.max_bytes)
                workers.submit((relative, data, copy_sha))


def _peak_mb(children: bool) -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return usage.ru_maxrss / 1024


__all__ = ["BatchResult", "run_batch", "run_identity", "error_record"]
