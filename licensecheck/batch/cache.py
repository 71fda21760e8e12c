"""Analysis results keyed by content hash, model and version, in the user's cache folder.

An entry is written whole or not at all (to a temporary file, then renamed),
and carries the digest of its record: an entry that is cut short, damaged or
written by anything else is recomputed, never returned. Two batches sharing
the cache write different temporary files, and the last rename wins with an
entry as good as the other.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..storage import write_whole
from .options import BatchOptions


class ResultCache:
    """Analysis results keyed by content hash, model and version, in the user's cache folder."""

    def __init__(self, folder: Path, options: BatchOptions) -> None:
        from ..artifacts import model_sha256

        salt = json.dumps([__version__, model_sha256(options.model_dir), options.identify, options.max_bytes])
        if options.identify:
            from ..identify import index_fingerprint

            salt += index_fingerprint()
        self.folder = folder / "results" / hashlib.sha256(salt.encode()).hexdigest()[:16]

    def _path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}.json"

    def get(self, sha256: str, relative: str) -> dict[str, Any] | None:
        """The cached record for this content, with its path set to ``relative``; None if absent or not intact."""
        path = self._path(sha256)
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            record, digest = stored["record"], stored["digest"]
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if not isinstance(record, dict) or digest != _digest(record) or record.get("source", {}).get("sha256") != sha256:
            try:
                path.unlink()  # damaged: computed again and rewritten
            except OSError:
                pass
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
            write_whole(path, json.dumps({"digest": _digest(record), "record": record}))
        except OSError:
            pass


def _digest(record: dict[str, Any]) -> str:
    """The digest of a record, whatever its source path (the same content cached for another file)."""
    anonymous = {**record, "source": {key: value for key, value in record.get("source", {}).items() if key != "path"}}
    return hashlib.sha256(json.dumps(anonymous, sort_keys=True).encode()).hexdigest()
