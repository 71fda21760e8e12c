"""licensecheck: read AI model licenses and say plainly what they restrict.

The library API is ``analyze(text)`` (and ``analyze_file``, ``analyze_known``),
returning an :class:`Analysis` whose ``to_dict()`` is the stable JSON contract
``licensecheck/analysis/v1``. Names not exported here may change between
minor versions. The names are imported on first use, so that ``licensecheck
identify`` starts without the classifier's modules.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Analysis": "analysis",
    "ClauseResult": "analysis",
    "InputError": "errors",
    "LicenseCheckError": "errors",
    "ModelError": "errors",
    "analyze": "pipeline",
    "analyze_file": "pipeline",
    "analyze_known": "pipeline",
    "load_classifier": "pipeline",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    """The public names, imported from their module when first asked for."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'licensecheck' has no attribute {name!r}")
