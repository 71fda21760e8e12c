"""Files written whole: a reader (or a run killed halfway) sees the old file or the new one, never part of one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable


def write_whole(path: str | Path, text: str | Iterable[str], *, sync: bool = False) -> None:
    """Write ``text`` (a string, or its pieces in order) to a temporary file beside ``path``, then rename it over
    ``path``. ``sync`` puts the bytes on disk before the rename (a journal that must survive a power cut).

    An error leaves ``path`` as it was, removes the temporary file and is raised (callers decide what it costs).
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
