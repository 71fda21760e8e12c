"""``analyze()``: the one place that chains source -> segment -> classify -> parameters -> identification."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from .analysis import Analysis, ClauseResult
from .classify import ClauseClassifier, classify
from .diff import diff_against_open
from .errors import InputError
from .identify import ReferenceIndex, identify, load_index, tokenize
from .parameters import extract
from .segment import segment
from .source import DEFAULT_MAX_BYTES, LicenseText, read_known, read_path, read_text
from .spdx import parse_expression


MAX_CLAUSES = 50_000


@functools.lru_cache(maxsize=4)
def load_classifier(model_dir: str | None = None, fast_start: bool = True) -> ClauseClassifier:
    """The classifier in ``model_dir`` (default: the shipped model), loaded once per process.

    ``fast_start=False`` for processes that classify many clauses (see :func:`licensecheck.artifacts.load_scorer`).
    """
    return ClauseClassifier.load(model_dir, fast_start)


def analyze(
    text: str | LicenseText,
    *,
    classifier: ClauseClassifier | None = None,
    origin: str = "<text>",
    references: ReferenceIndex | bool = True,
    max_clauses: int = MAX_CLAUSES,
) -> Analysis:
    """Analyze one license text: its clauses, their labels, the parameters found and which license it is.

    ``text`` is either the license as a string or a :class:`LicenseText` read
    with :func:`licensecheck.source.read_path` and friends. ``references`` is
    the identification index (``True``: licensedcode-data; ``False``: skip
    identification).
    """
    license_text = text if isinstance(text, LicenseText) else read_text(text, origin=origin)
    model = classifier or load_classifier()
    clauses = segment(license_text)
    if len(clauses) > max_clauses:
        raise InputError(f"{license_text.origin}: {len(clauses):,} clauses is over the {max_clauses:,}-clause limit", "too-large")
    labeled = classify(clauses, model)
    results = tuple(
        ClauseResult(id=f"c{number}", clause=item.clause, labels=item.labels, params_by_label=extract(item))
        for number, item in enumerate(labeled, start=1)
    )
    if references is False:
        return Analysis(source=license_text, clauses=results, model=model.meta)
    index = load_index() if references is True else references
    query = tokenize(license_text.text)  # identification and the diff read the same tokens
    found = identify(query, index)
    clauses = [(result.id, result.clause, [item.label for item in result.labels]) for result in results]
    diff = diff_against_open(query, clauses, index, model, found)
    return Analysis(source=license_text, clauses=results, model=model.meta, identification=found, diff=diff)


def analyze_file(
    path: str | Path,
    *,
    classifier: ClauseClassifier | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    references: ReferenceIndex | bool = True,
) -> Analysis:
    """Analyze a license file (``-`` for standard input)."""
    return analyze(read_path(path, max_bytes), classifier=classifier, references=references)


def analyze_known(key: str, *, classifier: ClauseClassifier | None = None, references: ReferenceIndex | bool = True) -> Analysis:
    """Analyze a license shipped in licensedcode-data by its ScanCode key."""
    return analyze(read_known(key), classifier=classifier, references=references)


def analyze_expression(
    expression: str,
    *,
    classifier: ClauseClassifier | None = None,
    references: ReferenceIndex | bool = True,
) -> dict[str, Any]:
    """Validate an SPDX / Hugging Face expression and analyze each member through its reference text.

    Returns the ``licensecheck/expression/v1`` document; an invalid expression raises InputError.
    """
    info = parse_expression(expression)
    if not info.is_valid:
        raise InputError(f"license expression {expression!r}: {'; '.join(info.errors)}")
    return {
        "schema": "licensecheck/expression/v1",
        "expression": {"original": info.original, "normalized": info.normalized, "read_as": info.read_as},
        "analyses": [analyze_known(key, classifier=classifier, references=references).to_dict() for key in info.keys],
    }
