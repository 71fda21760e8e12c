"""Analyze every license-like file of a folder: in parallel, cached, robust to bad files, and never losing work.

One bad file (binary, undecodable, too large, unreadable, a symlink loop) is
recorded with its reason and never stops the run. Records stream to
results.jsonl as they finish, so a run killed at any point keeps them and the
next run resumes (:mod:`.journal`). Work runs in the main process when it can
(cached results, refused files, exact copies of known licenses), else in this
process, on ``-j N`` worker processes, or on a Dask cluster (:mod:`.work`).

Modules: ``files`` (what is looked at and read), ``cache`` (results by content),
``journal`` (results.jsonl), ``work`` (who analyses a file), ``run``
(``run_batch``), ``outputs`` (summary.csv, index.html, pages, the table).
"""

from .cache import ResultCache
from .files import TEXT_SUFFIXES, discover, error_record, is_license_like, with_path
from .journal import Journal, jsonl_line
from .options import BatchOptions
from .outputs import batch_table, page_name, summary_csv, write_outputs
from .run import BatchResult, run_batch, run_identity
from .work import analyze_bytes, answer_here

__all__ = [
    "BatchOptions", "BatchResult", "Journal", "ResultCache", "TEXT_SUFFIXES", "analyze_bytes", "answer_here",
    "batch_table", "discover", "error_record", "is_license_like", "jsonl_line", "page_name", "run_batch", "run_identity",
    "summary_csv", "with_path", "write_outputs",
]
