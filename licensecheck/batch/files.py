"""The files of a batch: which ones are looked at, their bytes, and the records of those that cannot be read."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..documents import DOCUMENT_SUFFIXES
from ..errors import InputError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".rst", ".html", ".htm")
_LICENSE_NAME = re.compile(r"^(licen[cs]e|copying|notice|unlicense)", re.IGNORECASE)


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


def reader(relative: str) -> str:
    """How a file's bytes are read: the same bytes read the same way give the same analysis."""
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


def load(folder: Path, relative: str, max_bytes: int) -> tuple[dict[str, Any] | None, bytes]:
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
