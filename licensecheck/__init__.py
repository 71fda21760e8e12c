"""licensecheck: read AI model licenses and say plainly what they restrict.

The library API is ``analyze(text)`` (and ``analyze_file``, ``analyze_known``),
returning an :class:`Analysis` whose ``to_dict()`` is the stable JSON contract
``licensecheck/analysis/v1``. Names not exported here may change between
minor versions.
"""

__version__ = "0.1.0"

from .analysis import Analysis, ClauseResult  # noqa: E402
from .errors import InputError, LicenseCheckError, ModelError  # noqa: E402
from .pipeline import analyze, analyze_file, analyze_known, load_classifier  # noqa: E402

__all__ = [
    "Analysis",
    "ClauseResult",
    "InputError",
    "LicenseCheckError",
    "ModelError",
    "__version__",
    "analyze",
    "analyze_file",
    "analyze_known",
    "load_classifier",
]
