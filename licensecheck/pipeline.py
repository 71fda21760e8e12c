"""``analyze()``: the one place that chains source -> segment -> classify -> parameters."""

from __future__ import annotations

import functools
from pathlib import Path

from .analysis import Analysis, ClauseResult
from .classify import ClauseClassifier, classify
from .parameters import extract
from .segment import segment
from .source import DEFAULT_MAX_BYTES, LicenseText, read_known, read_path, read_text


@functools.lru_cache(maxsize=4)
def load_classifier(model_dir: str | None = None) -> ClauseClassifier:
    """The classifier in ``model_dir`` (default: the shipped model), loaded once per process."""
    return ClauseClassifier.load(model_dir)


def analyze(
    text: str | LicenseText,
    *,
    classifier: ClauseClassifier | None = None,
    origin: str = "<text>",
) -> Analysis:
    """Analyze one license text: its clauses, their labels and the parameters found.

    ``text`` is either the license as a string or a :class:`LicenseText` read
    with :func:`licensecheck.source.read_path` and friends.
    """
    license_text = text if isinstance(text, LicenseText) else read_text(text, origin=origin)
    model = classifier or load_classifier()
    labeled = classify(segment(license_text), model)
    results = tuple(
        ClauseResult(id=f"c{number}", clause=item.clause, labels=item.labels, params_by_label=extract(item))
        for number, item in enumerate(labeled, start=1)
    )
    return Analysis(source=license_text, clauses=results, model=model.meta)


def analyze_file(path: str | Path, *, classifier: ClauseClassifier | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Analysis:
    """Analyze a license file (``-`` for standard input)."""
    return analyze(read_path(path, max_bytes), classifier=classifier)


def analyze_known(key: str, *, classifier: ClauseClassifier | None = None) -> Analysis:
    """Analyze a license shipped in licensedcode-data by its ScanCode key."""
    return analyze(read_known(key), classifier=classifier)
