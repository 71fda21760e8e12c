"""What a batch writes: results.jsonl, summary.csv, index.html and a page per file; and the table on stdout.

Pages are rendered as records finish (while the license text is at hand);
summary.csv and index.html are rebuilt at the end from the records on disk,
streamed, so that a folder of any size costs no more memory than one record.
"""

from __future__ import annotations

import collections
import csv
import functools
import io
import os
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .. import __version__
from ..storage import write_whole
from ..taxonomy import LABELS
from ..report.batch import baseline_text
from .baseline import GONE
from .journal import _whole_records, jsonl_line
from .variants import moved, notice_free_key

__all__ = ["batch_table", "jsonl_line", "page_name", "summary_csv", "write_outputs", "write_page", "write_summaries"]


def summary_rows(records: Iterable[dict[str, Any]], gone: list[str] | None = None) -> Iterable[list[Any]]:
    """summary.csv's rows: file, identified license, verdict, a 0/1 column per label, error (header first).

    A run against a baseline (``gone``: the baseline's files it no longer has) adds the columns ``since_baseline``
    (new / unchanged / changed / gone) and ``baseline_change`` (what changed, in words), and a row per gone file.
    """
    since = gone is not None
    yield ["file", "identified", "identification", "verdict", *LABELS, "error", *(["since_baseline", "baseline_change"] if since else [])]
    for record in records:
        path = record["source"]["path"]
        change = [(record.get("baseline") or {}).get("status", ""), baseline_text(record.get("baseline"))] if since else []
        if "error" in record:
            yield [path, "", "", "error", *[""] * len(LABELS), record["error"]["reason"], *change]
            continue
        identification = record.get("identification") or {}
        matches = identification.get("matches") or []
        present = record.get("labels", {})
        yield [path, matches[0]["key"] if matches else "", identification.get("verdict", ""), record["summary"]["verdict"],
               *[int(label in present) for label in LABELS], "", *change]
    for path in gone or ():
        yield [path, "", "", "", *[""] * len(LABELS), "", GONE, "gone: the baseline had this file"]


def summary_csv(records: Iterable[dict[str, Any]]) -> str:
    """summary.csv as a string."""
    return "".join(csv_lines(summary_rows(records)))


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV rows as lines, one at a time (a run of any size is written without holding its table)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def batch_table(records: Iterable[dict[str, Any]]) -> str:
    """The files of a run as a plain table: file, license (exact / modified / unknown), verdict, blocking labels, policy."""
    rows: list[tuple[str, ...]] = []
    since = False
    for record in records:
        path = record["source"]["path"]
        change = baseline_text(record.get("baseline")) or "-"
        since |= "baseline" in record
        if "error" in record:
            rows.append((path, "-", "not analyzed", record["error"]["reason"], change, "-"))
            continue
        identification = record.get("identification") or {}
        matches = identification.get("matches") or []
        known = f"{matches[0]['key']} ({identification.get('verdict', '')})" if matches else identification.get("verdict", "-") or "-"
        blocking = ",".join(record["summary"].get("blocking", [])) or "-"
        rows.append((path, known, record["summary"]["verdict"], blocking, change, (record.get("policy") or {}).get("outcome", "-")))
    rows.insert(0, ("FILE", "LICENSE", "VERDICT", "BLOCKING", "SINCE BASELINE", "POLICY"))
    if not since:
        rows = [row[:4] + row[5:] for row in rows]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    return "".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1] + "\n" for row in rows)


def page_name(path: str) -> str:
    """The file name of a record's HTML page.

    >>> page_name("models/llama/LICENSE.txt")
    'models__llama__LICENSE.txt.html'
    """
    return re.sub(r"[^A-Za-z0-9._-]+", "_", path.replace("/", "__")) + ".html"


def write_page(record: dict[str, Any], outdir: Path) -> None:
    """The page of one analysed record (skipped when the page of this content by this model is there already)."""
    if "error" in record:
        return
    pages = outdir / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    page = pages / page_name(record["source"]["path"])
    stamp = f"<!-- licensecheck {__version__} {record['source']['sha256']} {(record.get('model') or {}).get('sha256', '')} -->\n"
    if _has_stamp(page, stamp):
        return
    write_whole(page, _page_html(record).replace("<!DOCTYPE html>\n", "<!DOCTYPE html>\n" + stamp, 1))


KEPT_PAGES = 16  # recent pages kept, by their text without notice lines, to make the pages of copies with another copyright line
_PAGES: collections.OrderedDict[tuple[str, str], tuple[dict[str, Any], str]] = collections.OrderedDict()


def _page_html(record: dict[str, Any]) -> str:
    """A record's page: rendered, or made from the page of an earlier copy of its license that differs from it only
    in a copyright line, when the earlier record moved onto this text (:func:`~licensecheck.batch.variants.moved`)
    is this record but for its file (:func:`~licensecheck.report.analysis.moved_page`)."""
    from ..report import render_html
    from ..report.analysis import moved_page

    text = record["source"].get("text")
    if text is None:
        return render_html(record, None, index_href="../index.html")
    key = (notice_free_key(text), (record.get("model") or {}).get("sha256", ""))
    earlier = _PAGES.get(key)
    if earlier is not None:
        expected = moved(earlier[0], earlier[0]["source"]["text"], text)
        if expected is not None and _but_file(expected) == _but_file(record):
            html = moved_page(earlier[1], earlier[0], record)
            if html is not None:
                return html
    html = render_html(record, text, index_href="../index.html")
    _PAGES[key] = (record, html)
    _PAGES.move_to_end(key)
    if len(_PAGES) > KEPT_PAGES:
        _PAGES.popitem(last=False)
    return html


def _but_file(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its file's path and digest."""
    return {**record, "source": {key: value for key, value in record["source"].items() if key not in ("path", "sha256")}}


def write_summaries(records: Callable[[], Iterable[dict[str, Any]]], outdir: Path, gone: list[str] | None = None) -> None:
    """summary.csv and index.html from ``records()``, read one at a time (each file is written whole, then renamed);
    ``gone``: the files a baseline run had and this run has not (None: no baseline).

    ``records()`` is read once: what the two files show of each record (no text, no clauses) goes to a file of its
    own beside them, which they read (the index twice: to count, then for its rows).
    """
    from ..report import batch_index_parts

    slim = outdir / f".summaries.{os.getpid()}.jsonl"
    try:
        write_whole(slim, (jsonl_line(_shown(record)) for record in records()))
        again = functools.partial(_whole_records, slim)
        write_whole(outdir / "summary.csv", csv_lines(summary_rows(again(), gone)))
        write_whole(outdir / "index.html", batch_index_parts(again, page_name, gone))
    finally:
        slim.unlink(missing_ok=True)


_NOT_SHOWN = ("clauses", "changes", "language", "model")


def _shown(record: dict[str, Any]) -> dict[str, Any]:
    """What summary.csv and the index page read of a record: all but its text, its clauses and its edits."""
    shown = {key: value for key, value in record.items() if key not in _NOT_SHOWN}
    shown["source"] = {key: value for key, value in record["source"].items() if key != "text"}
    if record.get("identification"):
        shown["identification"] = {key: value for key, value in record["identification"].items() if key != "diff"}
    return shown


def write_outputs(result: Any, outdir: Path) -> None:
    """results.jsonl, summary.csv, index.html and a page per analysed file, from a result held in memory."""
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "results.jsonl").write_text("".join(jsonl_line(record) for record in result.records), encoding="utf-8")
    for record in result.records:
        write_page(record, outdir)
    write_summaries(lambda: result.records, outdir)


def _has_stamp(path: Path, stamp: str) -> bool:
    """Whether a page was rendered from this content by this model (its first lines say so)."""
    try:
        with path.open(encoding="utf-8") as handle:
            return stamp in handle.read(400)
    except (OSError, UnicodeDecodeError):
        return False
