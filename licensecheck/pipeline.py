"""``analyze()``: the one place that chains source -> segment -> classify -> parameters -> identification."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

from .analysis import Analysis, ClauseResult, known_open
from .changes import Change, as_drafted, find_changes, label_changes, readings, restriction_words
from .classify import ClauseClassifier, classify
from .diff import LOOK_FOR_NEAREST, VersionDiff, compare, diff_against_open
from .errors import InputError
from .identify import ReferenceIndex, Tokens, identify, load_index, may_be_exact, tokenize
from .known import NotKnownYet, copy_of, map_onto, only_stored, reference_entry
from .language import ENGLISH, clause_languages, language_report
from .parameters import extract, extract_for
from .segment import Clause, segment
from .source import DEFAULT_MAX_BYTES, LicenseText, read_known, read_path, read_text
from .spdx import parse_expression
from .taxonomy import Group, Label


MAX_CLAUSES = 50_000


@functools.lru_cache(maxsize=4)
def load_classifier(model_dir: str | None = None) -> ClauseClassifier:
    """The classifier in ``model_dir`` (default: the shipped model), loaded once per process."""
    return ClauseClassifier.load(model_dir)


def analyze(
    text: str | LicenseText,
    *,
    classifier: ClauseClassifier | None = None,
    origin: str = "<text>",
    references: ReferenceIndex | bool = True,
    max_clauses: int = MAX_CLAUSES,
    reuse: bool = True,
    nearest_open: bool = True,
    tokens: Tokens | None = None,
) -> Analysis:
    """Analyze one license text: its clauses, their labels, the parameters found and which license it is.

    ``text`` is either the license as a string or a :class:`LicenseText` read
    with :func:`licensecheck.source.read_path` and friends. ``references`` is
    the identification index (``True``: licensedcode-data; ``False``: skip
    identification). An exact copy of a reference license reuses the reference's stored analysis
    (:mod:`licensecheck.known`) unless ``reuse`` is False. ``nearest_open`` False skips the comparison with the nearest
    open license (``identification.diff``), which :func:`compare_texts` does not read. ``tokens``: the text's
    :func:`~licensecheck.identify.tokenize` tokens, when the caller has them already.
    """
    license_text = text if isinstance(text, LicenseText) else read_text(text, origin=origin)
    model = classifier or load_classifier()
    if references is False:
        results, report = _analyse_clauses(_segmented(license_text, max_clauses), model)
        return Analysis(source=license_text, clauses=results, model=model.meta, language=report, cue_hits=_cue_hits(results))
    index = load_index() if references is True else references
    query = tokens if tokens is not None else tokenize(license_text.text)  # identification, the edit check and the diff read the same tokens
    found = identify(query, index)
    known = _known_clauses(license_text, query, found, index, model) if reuse else None
    if known is not None:
        results, report, nearest, restriction = known
        return _with_identification(license_text, model, index, query, found, results, report, nearest if nearest_open else None, restriction)
    stored = _reference_clauses(found, index, model) if reuse else None
    clauses = _segmented(license_text, max_clauses)  # a text too large is refused before its edits are looked for
    changes = find_changes(license_text.text, query, found, index)
    results, report = _analyse_clauses(clauses, model, stored, changes)
    return _with_identification(license_text, model, index, query, found, results, report, LOOK_FOR_NEAREST if nearest_open else None,
                                changes=changes)


def analyze_copy(license_text: LicenseText, classifier: ClauseClassifier, index: ReferenceIndex) -> tuple[Analysis | None, str | None]:
    """For an exact copy of one reference license: its analysis if the reference's is stored (else None), and the
    reference's key (None for any other text). Never analyses a text, and so never loads spaCy: the batch answers
    such files in its main process (see :func:`licensecheck.known.only_stored`).
    """
    query = tokenize(license_text.text)
    if not may_be_exact(query, index):
        return None, None  # not a copy of one reference: the worker identifies it with the rest of its analysis
    found = identify(query, index)
    key = copy_of(found, index)
    if key is None:
        return None, None
    with only_stored():
        try:
            known = _known_clauses(license_text, query, found, index, classifier)
            return (None if known is None else _with_identification(license_text, classifier, index, query, found, *known)), key
        except NotKnownYet:
            return None, key


def _with_identification(
    license_text: LicenseText, model: ClauseClassifier, index: ReferenceIndex, query: Any, found: Any, results: tuple[ClauseResult, ...],
    report: Any, nearest: Any = LOOK_FOR_NEAREST, restriction: dict[str, Sequence[str]] | None = None, changes: Sequence[Change] | None = None,
) -> Analysis:
    """The analysis completed with what identification says: overruled labels, the edits and the diff (against
    ``nearest``, the nearest open license when it is known already; ``restriction``: the restriction phrases of
    each clause, when known; ``changes``: the edits :func:`~licensecheck.changes.find_changes` found, when known)."""
    results, overruled = _osi_evidence(results, found)
    found_changes = find_changes(license_text.text, query, found, index) if changes is None else changes
    changes = as_drafted(label_changes(found_changes, results, model, index), results, found)
    results = _with_change_params(results, changes)
    clauses = [(result.id, result.clause, [item.label for item in result.labels]) for result in results]
    diff = diff_against_open(query, clauses, index, model, found, nearest)
    if found.verdict == "exact" and found.matches and known_open(found.matches[0]):
        hits: tuple[tuple[str, str], ...] = ()  # an open license verbatim: its own words are known
    elif found.verdict == "modified":
        edited = {change.clause for change in changes}  # the rest is the reference's own text
        hits = _cue_hits([result for result in results if result.id in edited])
    else:
        hits = _cue_hits(results, restriction)
    return Analysis(source=license_text, clauses=results, model=model.meta, identification=found, diff=diff, language=report,
                    changes=tuple(changes), cue_hits=hits, overruled=overruled)


def _with_change_params(results: tuple[ClauseResult, ...], changes: Sequence[Any]) -> tuple[ClauseResult, ...]:
    """The clauses whose edits brought a label the classifier did not give, with that label's parameters too
    (the regions of a territorial exclusion written into MIT's grant)."""
    brought: dict[str, set[str]] = {}
    for change in changes:
        brought.setdefault(change.clause, set()).update(change.labels)
    updated = []
    for result in results:
        missing = [label for label in brought.get(result.id, ()) if label not in result.params_by_label]
        params = extract_for(result.clause.text, missing) if missing else {}
        updated.append(replace(result, params_by_label={**result.params_by_label, **params}) if params else result)
    return tuple(updated)


def _segmented(license_text: LicenseText, max_clauses: int) -> list[Clause]:
    """The text's clauses; a text of more than ``max_clauses`` clauses is refused (too large)."""
    clauses = segment(license_text)
    if len(clauses) > max_clauses:
        raise InputError(f"{license_text.origin}: {len(clauses):,} clauses is over the {max_clauses:,}-clause limit", "too-large")
    return clauses


def _analyse_clauses(
    clauses: Sequence[Clause], model: ClauseClassifier, stored: dict[tuple[str, bool], Any] | None = None, changes: Sequence[Change] = (),
) -> tuple[tuple[ClauseResult, ...], Any]:
    """Detect languages, classify and extract parameters: the analysis of a text read in full (its :func:`_segmented` clauses).

    ``stored``: the analysed clauses of the known license a modified text was made from, by text and heading flag; a
    clause with the same words reuses that clause's labels and parameters (they depend on its text alone) and only
    the others are classified. ``changes``: the text's edits of that license; the texts they are read in
    (:func:`~licensecheck.changes.readings`) are scored with the clauses, in one pass.
    """
    languages = clause_languages([clause.text for clause in clauses])
    known = [stored.get((clause.text, clause.is_heading)) if stored else None for clause in clauses]
    along = [text for group in readings(changes, clauses) for text in group] if changes else ()
    fresh = iter(classify([clause for clause, item in zip(clauses, known) if item is None], model, along))
    results = []
    for number, (clause, item, language) in enumerate(zip(clauses, known, languages), start=1):
        set_aside: tuple[str, ...] = ()
        if item is not None:
            labels, params = item.labels, item.params_by_label
        else:
            labeled = next(fresh)
            labels, params, set_aside = labeled.labels, extract(labeled) if language == ENGLISH else {}, labeled.set_aside
        english = language == ENGLISH
        results.append(ClauseResult(id=f"c{number}", clause=clause, labels=labels if english else (), params_by_label=params if english else {},
                                    language=language, set_aside=set_aside if english else ()))
    return tuple(results), language_report([(clause.start, clause.end) for clause in clauses], languages)


def _reference_clauses(found: Any, index: ReferenceIndex, model: ClauseClassifier) -> dict[tuple[str, bool], Any] | None:
    """The stored analysed clauses of the known licenses a modified text matches, by (text, heading), or None.

    Only for a classifier whose scores depend on a clause's text alone (no context features), and only for
    licensedcode-data's references (a user's reference texts are not stored)."""
    if found.verdict != "modified" or "ctx" in model.meta.approach:
        return None
    stored: dict[tuple[str, bool], Any] = {}
    for match in found.matches:
        if match.key in index.extra:
            continue
        for item in reference_entry(match.key, index, model).clauses:
            if item.language == ENGLISH:  # a clause in another language was not labelled: nothing to reuse
                stored.setdefault((item.clause.text, item.clause.is_heading), item)
    return stored or None


def _known_clauses(license_text: LicenseText, query: Any, found: Any, index: ReferenceIndex, model: ClauseClassifier) -> Any:
    """For an exact copy of one reference license, the reference's analysed clauses mapped onto the text (else None)."""
    key = copy_of(found, index)
    if key is None:
        return None
    entry = reference_entry(key, index, model)
    mapped = map_onto(license_text.text, query, entry)
    if mapped is None:
        return None
    results = tuple(
        ClauseResult(id=f"c{number}", clause=item.clause, labels=item.labels, params_by_label=item.params_by_label, language=item.language)
        for number, item in enumerate(mapped, start=1)
    )
    report = language_report([(item.clause.start, item.clause.end) for item in mapped], [item.language for item in mapped])
    restriction = {result.id: item.restriction for result, item in zip(results, mapped)}
    return results, report, entry.nearest, restriction


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


def _cue_hits(results: Sequence[ClauseResult], known: dict[str, Sequence[str]] | None = None) -> tuple[tuple[str, str], ...]:
    """(clause, label) of restriction phrases in analysed clauses that the classifier did not give that label, and of
    the blocking labels a clause's form set aside (``known``: both of each clause id, when they were found before)."""
    hits = []
    for result in results:
        if result.language != ENGLISH or result.clause.is_heading:
            continue
        given = {item.label for item in result.labels}
        found = known[result.id] if known is not None and result.id in known else set(restriction_words(result.clause.text)) | set(result.set_aside)
        hits.extend((result.id, label) for label in sorted(set(found) - given))
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


def compare_texts(
    old: str | LicenseText,
    new: str | LicenseText,
    *,
    classifier: ClauseClassifier | None = None,
    references: ReferenceIndex | bool = True,
) -> VersionDiff:
    """What changed from ``old`` to ``new`` in legal terms: both analysed, then compared clause by clause
    (:func:`licensecheck.diff.compare`)."""
    model = classifier or load_classifier()
    index = load_index() if references is True else references
    texts = [text if isinstance(text, LicenseText) else read_text(text, origin=origin) for text, origin in ((old, "<old>"), (new, "<new>"))]
    tokens = (tokenize(texts[0].text), tokenize(texts[1].text))  # read once, by the analyses and the comparison
    sides = [analyze(text, classifier=model, references=index, nearest_open=False, tokens=words) for text, words in zip(texts, tokens)]
    return compare(sides[0].to_dict(), sides[1].to_dict(), tokens)
