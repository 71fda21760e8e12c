"""``analyze()``: the one place that chains source -> segment -> classify -> parameters -> identification."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

from .analysis import Analysis, ClauseResult, known_open
from .changes import find_changes, label_changes, restriction_words
from .classify import ClauseClassifier, classify
from .diff import diff_against_open
from .errors import InputError
from .identify import ReferenceIndex, identify, load_index, tokenize
from .language import ENGLISH, clause_languages, language_report
from .parameters import extract
from .segment import segment
from .source import DEFAULT_MAX_BYTES, LicenseText, read_known, read_path, read_text
from .spdx import parse_expression
from .taxonomy import Group, Label


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
    languages = clause_languages([clause.text for clause in clauses])
    labeled = classify(clauses, model)
    results = tuple(
        ClauseResult(id=f"c{number}", clause=item.clause, labels=item.labels if language == ENGLISH else (),
                     params_by_label=extract(item) if language == ENGLISH else {}, language=language)
        for number, (item, language) in enumerate(zip(labeled, languages), start=1)
    )
    report = language_report([(clause.start, clause.end) for clause in clauses], languages)
    if references is False:
        return Analysis(source=license_text, clauses=results, model=model.meta, language=report, cue_hits=_cue_hits(results))
    index = load_index() if references is True else references
    query = tokenize(license_text.text)  # identification, the edit check and the diff read the same tokens
    found = identify(query, index)
    results, overruled = _osi_evidence(results, found)
    changes = label_changes(find_changes(license_text.text, query, found, index), results, model, index)
    clauses = [(result.id, result.clause, [item.label for item in result.labels]) for result in results]
    diff = diff_against_open(query, clauses, index, model, found)
    if found.verdict == "exact" and found.matches and known_open(found.matches[0]):
        hits: tuple[tuple[str, str], ...] = ()  # an open license verbatim: its own words are known
    elif found.verdict == "modified":
        edited = {change.clause for change in changes}  # the rest is the reference's own text
        hits = tuple(hit for hit in _cue_hits(results) if hit[0] in edited)
    else:
        hits = _cue_hits(results)
    return Analysis(source=license_text, clauses=results, model=model.meta, identification=found, diff=diff, language=report,
                    changes=tuple(changes), cue_hits=hits, overruled=overruled)


def _osi_evidence(results: tuple[ClauseResult, ...], found: Any) -> tuple[tuple[ClauseResult, ...], tuple[tuple[str, str], ...]]:
    """An unmodified copy of an OSI-approved license carries no blocking restriction: the Open Source Definition rules
    them out (no field-of-use or commercial limits, no discrimination, no restriction on modification), so the
    classifier's blocking labels on it are overruled, and listed. Conditions stay. (MOF's view of MOT's open ids is
    the same: their restrictions are by definition none.)"""
    best = found.matches[0] if found.matches else None
    if found.verdict != "exact" or best is None or not best.osi_approved or len(found.matches) > 1:
        return results, ()
    overruled = []
    kept = []
    for result in results:
        blocking = [item for item in result.labels if Label(item.label).group is Group.BLOCKING]
        overruled.extend((result.id, item.label) for item in blocking)
        kept.append(replace(result, labels=tuple(item for item in result.labels if item not in blocking)) if blocking else result)
    return tuple(kept), tuple(overruled)


def _cue_hits(results: Sequence[ClauseResult]) -> tuple[tuple[str, str], ...]:
    """(clause, label) of restriction phrases in analysed clauses that the classifier did not give that label."""
    hits = []
    for result in results:
        if result.language != ENGLISH or result.clause.is_heading:
            continue
        given = {item.label for item in result.labels}
        hits.extend((result.id, label) for label in sorted(restriction_words(result.clause.text) - given))
    return tuple(hits)


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
