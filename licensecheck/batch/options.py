"""What every worker needs to analyze a file the same way."""

from __future__ import annotations

from dataclasses import dataclass

from ..source import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class BatchOptions:
    """The options a batch's records depend on (a resumed run must have the same)."""

    identify: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    model_dir: str | None = None
