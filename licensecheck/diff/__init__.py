"""Licenses compared: a text against its nearest open license (:mod:`.nearest`), and two licenses or two versions of
one in legal terms (:mod:`.versions`, on the license-level terms of :mod:`.terms`). Both read the word alignment of
:mod:`licensecheck.alignment`, the engine the edit check of a modified license reads too.
"""

from .nearest import LOOK_FOR_NEAREST, LicenseDiff, RemovedClause, diff_against_open
from .terms import TermsDelta, compare_terms
from .versions import SCHEMA, ClauseChange, VersionDiff, compare

__all__ = [
    "LOOK_FOR_NEAREST", "SCHEMA", "ClauseChange", "LicenseDiff", "RemovedClause", "TermsDelta", "VersionDiff", "compare",
    "compare_terms", "diff_against_open",
]
