"""results.jsonl as a journal: every record appended whole as it finishes, read back by the next run after a kill.

A run appends one line per finished file and flushes it to the operating
system at once (a killed process loses nothing written; the file is synced to
disk every second). The next run over the same folder, with the same model and
options (``run.json`` beside the file says which), reads the lines that are
whole, keeps the last record of each path, and does not do those files again.
At the end the file is rewritten sorted by path, one line per file, through a
temporary file and a rename, so it is never seen half-sorted.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..storage import write_whole

RESULTS = "results.jsonl"
RUN = "run.json"
SYNC_SECONDS = 1.0


def jsonl_line(record: dict[str, Any]) -> str:
    """A results.jsonl line: the record without the full text."""
    slim = dict(record)
    if "source" in slim:
        slim["source"] = {key: value for key, value in slim["source"].items() if key != "text"}
    return json.dumps(slim, ensure_ascii=False) + "\n"


class Journal:
    """The results.jsonl of an output folder, appended to as records finish."""

    def __init__(self, outdir: Path, run: dict[str, Any]) -> None:
        self.outdir = Path(outdir)
        self.path = self.outdir / RESULTS
        self.run = run
        self._handle: Any = None
        self._synced = time.monotonic()
        self._in_order = False  # one line per path, sorted by path (after rewrite_sorted, until the next append)
        self._offsets: dict[str, int] | None = None  # path -> offset of its last line, when this run wrote every line
        self._size = 0

    def finished_before(self) -> dict[str, str]:
        """Path -> sha256 of the files a previous run of the same kind finished (error records are done again);
        an output folder of another model or other options starts afresh."""
        if not self.path.is_file() or _read_json(self.outdir / RUN) != self.run:
            return {}
        done: dict[str, str] = {}
        for record in _whole_records(self.path):
            path = record["source"]["path"]
            if "error" in record:
                done.pop(path, None)
            else:
                done[path] = record["source"].get("sha256", "")
        return done

    def __enter__(self) -> "Journal":
        self.outdir.mkdir(parents=True, exist_ok=True)
        if _read_json(self.outdir / RUN) != self.run:
            write_whole(self.path, [], sync=True)  # another model or other options: nothing of the old run counts
            write_whole(self.outdir / RUN, [json.dumps(self.run, sort_keys=True) + "\n"], sync=True)
        _cut_partial_tail(self.path)
        self._handle = open(self.path, "ab", buffering=0)
        self._size = self._handle.seek(0, os.SEEK_END)
        self._offsets = {} if self._size == 0 else None  # lines of an earlier run: found by reading the file
        return self

    def append(self, record: dict[str, Any]) -> None:
        """Write one finished record (one ``write`` of a whole line)."""
        line = jsonl_line(record).encode("utf-8")
        self._handle.write(line)
        if self._offsets is not None:
            self._offsets[record["source"]["path"]] = self._size
        self._size += len(line)
        self._in_order = False
        if time.monotonic() - self._synced >= SYNC_SECONDS:
            os.fsync(self._handle.fileno())
            self._synced = time.monotonic()

    def __exit__(self, *exc: Any) -> None:
        if self._handle is not None:
            os.fsync(self._handle.fileno())
            self._handle.close()
            self._handle = None

    def records(self, paths: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """The last record of each path, sorted by path (only ``paths``, when given), read from disk one at a time."""
        if paths is None and self._in_order:
            yield from _whole_records(self.path)  # already one line per path, sorted: read once, not indexed first
            return
        for line in self._last_lines(paths):
            yield json.loads(line)

    def rewrite_sorted(self, paths: Iterable[str] | None = None, transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
        """The file again, one line per path, sorted, each record through ``transform`` (atomically: a kill leaves
        the old file or the new one). Without ``transform`` the lines are copied as they are, not decoded again."""
        if transform is None:
            write_whole(self.path, (line.decode("utf-8") for line in self._last_lines(paths)), sync=True)
        else:
            write_whole(self.path, (jsonl_line(transform(record)) for record in self.records(paths)), sync=True)
        self._in_order, self._offsets = True, None

    def _last_lines(self, paths: Iterable[str] | None) -> Iterator[bytes]:
        """The last line of each path (only ``paths``, when given), sorted by path, as written; where they are is
        remembered from the appends when this run wrote every line, else read from the file."""
        wanted = None if paths is None else set(paths)
        if self._offsets is not None:
            offsets = {path: offset for path, offset in self._offsets.items() if wanted is None or path in wanted}
        else:
            offsets = {}
            for offset, record in _whole_records(self.path, with_offsets=True):
                path = record["source"]["path"]
                if wanted is None or path in wanted:
                    offsets[path] = offset
        with open(self.path, "rb") as handle:
            for path in sorted(offsets):
                handle.seek(offsets[path])
                yield handle.readline()


def _whole_records(path: Path, with_offsets: bool = False) -> Iterator[Any]:
    """The records of the whole lines of a journal (a line cut short by a kill, or not JSON, is skipped)."""
    try:
        handle = open(path, "rb")
    except OSError:
        return
    with handle:
        offset = 0
        for raw in handle:
            start, offset = offset, offset + len(raw)
            if not raw.endswith(b"\n"):
                break
            try:
                record = json.loads(raw)
                record["source"]["path"]
            except (ValueError, KeyError, TypeError):
                continue
            yield (start, record) if with_offsets else record


def _cut_partial_tail(path: Path) -> None:
    """Drop a last line without its newline (a write cut short), so that appends start on a line of their own."""
    try:
        with open(path, "rb+") as handle:
            size = handle.seek(0, os.SEEK_END)
            if not size:
                return
            handle.seek(size - 1)
            if handle.read(1) == b"\n":
                return
            keep = size
            while keep > 0:
                step = min(65536, keep)
                handle.seek(keep - step)
                chunk = handle.read(step)
                newline = chunk.rfind(b"\n")
                if newline >= 0:
                    keep = keep - step + newline + 1
                    break
                keep -= step
            handle.truncate(keep)
    except FileNotFoundError:
        return


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
