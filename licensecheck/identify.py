"""Name the license: nearest known texts of ScanCode LicenseDB, a score and a verdict.

Candidate search is TF-IDF over hashed word unigrams and 3-word shingles with
a sparse reference matrix (all licensedcode-data texts, built once and cached
per data version); a text whose tokens equal a reference's is named by a
digest lookup, others are aligned with their best candidates token by token
(an exact longest-common-subsequence alignment, RapidFuzz's bit-parallel
Indel distance) for the score, the covered span and the diff. Text that the best
match leaves uncovered is searched again, so a file holding two licenses (a
dual license, a license followed by its acceptable-use policy) names both.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import math
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .alignment import Block, align
from .errors import InputError
from .licensedb import license_keys, license_text, licenses_dir, load_license
from .licenseinfo import license_facts

INDEX_VERSION = "5"
N_FEATURES = 2**20
SHINGLE = 3
CANDIDATES = 5
NEAREST_CANDIDATES = 40  # references read when looking for the nearest open license
DENSE_SHARE = 0.18  # columns held by more references than this share are scored densely (identification)
MIN_REGION_TOKENS = 60
EXACT, MODIFIED, UNKNOWN = "exact", "modified", "unknown"
MODIFIED_SCORE = 0.5
# Words of letters and digits of any script (an added paragraph in Chinese is words too); Han and kana characters,
# written without spaces, are a word each, so that re-wrapping a Chinese or Japanese text changes no word.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_ASCII_TOKEN_SPLIT = re.compile(r"([a-z0-9]+)")  # _TOKEN on lowercased ASCII text: letters and digits
_LINE_LEAD = " \t>#*/-"
_NOTICE_LINE = re.compile(r"^[ \t>#*/-]*(?:copyright|\(c\)|©|all rights reserved|portions copyright)", re.MULTILINE | re.IGNORECASE)
# A copyright line names a year, a placeholder or a (c) / © mark, or is "Copyright Acme Corp." with a capital;
# a wrapped line that merely starts with the word ("copyright license to reproduce ...") is license text.
_COPYRIGHT_MARKED = re.compile(r"(?:copyright|\(c\)|©)\s*(?:\(c\)|©)?\s*(?:\d{4}|[\[<{]|\$\{)|copyright\s*(?:\(c\)|©)|©|all rights reserved\b|portions copyright\b", re.I)
_NOTICE_MARK = re.compile(r"copyright|\(c\)|all rights reserved")  # what _NOTICE_LINE and _INLINE_NOTICE start with (ASCII, lowercased)
_COPYRIGHT_NAMED = re.compile(r"(?:Copyright|COPYRIGHT)\s+(?:by\s+)?[A-Z]")
_NOT_A_NAME = re.compile(r"\b(?:licen[cs]e[sd]?|grants?|permission|notices?|holders?|owners?|laws?|act|protection|and|or|to|the)\b", re.I)


@dataclass(frozen=True)
class Tokens:
    """The matching tokens of a text and the character span of each."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    notices: tuple[tuple[int, int], ...] = ()  # the copyright notices left out (character spans)

    @functools.cached_property
    def digest(self) -> str:
        """A digest of the words: equal for texts that differ only in layout, case, punctuation and copyright lines."""
        return words_digest(self.words)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of tokens ``first`` .. ``last - 1``."""
        return self.starts[first], self.ends[last - 1]


def tokenize(text: str) -> Tokens:
    """Lower-case word tokens with their offsets; copyright lines are left out.

    >>> tokenize("Copyright (c) 2024 Acme\\nPermission is hereby granted.").words
    ('permission', 'is', 'hereby', 'granted')
    """
    skipped = copyright_notices(text)
    # the text split at its tokens: gaps and tokens alternate, and the running sum of their lengths gives each
    # token's offsets (no match object per token); lowercasing the whole text keeps offsets only for ASCII
    if text.isascii():
        parts = _ASCII_TOKEN_SPLIT.split(text.lower())
        words = parts[1::2]
    else:
        parts = _TOKEN_SPLIT.split(text)
        words = [part.lower() for part in parts[1::2]]
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    starts, ends = offsets[1 : 2 * len(words) : 2], offsets[2::2]
    for start, end in reversed(skipped):  # tokens starting inside a notice are left out
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        del words[first:last], starts[first:last], ends[first:last]
    return Tokens(tuple(words), tuple(starts), tuple(ends), tuple(skipped))


_INLINE_NOTICE = re.compile(  # a notice inside a line; a "Portions" before it is part of it (see _inline_notices)
    r"(?:copyright\s*(?:\(c\)|©)?|\(c\)|©)\s*\d{4}(?:\s*[-–,]\s*\d{2,4})*[^.\n]{0,120}?(?:all\s+rights\s+reserved\.?|\.(?=\s|$)|(?=\n)|$)",
    re.IGNORECASE,
)
# Words of a term: a "notice" holding one of them is license text, whatever it starts with.
_TERM_WORDS = re.compile(
    r"\b(?:not|only|solely|except|unless|non[\s-]*commercial|commercial|research|academic|evaluation|personal|revocable|prohibited"
    r"|may|shall|must|permission|permitted|licen[cs]ed?|grant\w*|use|users?|restrict\w*)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"([^\W_]*)\.\s+(?=[A-Z])")
_ABBREVIATIONS = frozenset({"inc", "ltd", "llc", "corp", "co", "bv", "ag", "sa", "plc", "jr", "sr", "dr", "st", "no", "vs", "etc"})


def _notice_length(line: str) -> int:
    """How much of a copyright line is the notice: up to the end of its sentence when text follows on the same line.

    A rewrapped paragraph can join "Copyright 2005 A. Author. Permission is granted ..." on one line: only
    the notice is left out, not the grant.

    >>> line = "Copyright (c) 2005 Lawrence Rosen. Permission is granted to copy."
    >>> line[: _notice_length(line)]
    'Copyright (c) 2005 Lawrence Rosen. '
    """
    for end in _SENTENCE_END.finditer(line):
        word = end.group(1)
        if len(word) > 1 and word.lower() not in _ABBREVIATIONS:  # not an initial ("A.") nor "Inc."
            return end.end()
    return len(line)


def copyright_notices(text: str) -> list[tuple[int, int]]:
    """The spans of copyright notices, left out of matching: copyright lines, and notices inside a line (a re-wrapped text).

    A notice that holds words of a term ("Copyright 2024 Acme, for research use only"), or words in another script or
    language, is not left out: it is read.

    >>> text = "Copyright (c) 2024 Acme\\nPermission is granted. Portions Copyright (c) 1994 The Regents. Use it."
    >>> [text[start:end] for start, end in copyright_notices(text)]
    ['Copyright (c) 2024 Acme', 'Portions Copyright (c) 1994 The Regents.']
    """
    if text.isascii() and not _NOTICE_MARK.search(text.lower()):
        return []  # no mark that a notice starts with: the patterns need not be scanned
    spans = []
    for candidate in _NOTICE_LINE.finditer(text):  # only lines that can be notices are read whole
        start = candidate.start()
        end = text.find("\n", start)
        line = text[start : len(text) if end < 0 else end]
        if is_copyright_line(line):
            spans.append((start, start + _notice_length(line)))
    spans += _inline_notices(text)
    spans = [(start, end) for start, end in spans if not _holds_a_term(text, start, end) and not _unreadable(text[start:end])]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_PORTIONS = re.compile(r"portions\s+$", re.IGNORECASE)


def _inline_notices(text: str) -> list[tuple[int, int]]:
    """Spans of notices inside lines. The pattern starts at the mark (a leading optional word would make the regex
    engine try every position of the text); "Portions" before a mark is then taken into the notice."""
    spans = []
    for notice in _INLINE_NOTICE.finditer(text):
        start = notice.start()
        before = _PORTIONS.search(text, max(0, start - 40), start)
        spans.append((before.start() if before else start, notice.end()))
    return spans


def _unreadable(notice: str) -> bool:
    """Whether a notice is in words the analysis cannot read (another script, another language's words): it is
    read as text then, never left out, so that it can only make the text modified, never an exact copy."""
    from .language import looks_foreign, script_language

    return script_language(notice) is not None or looks_foreign(notice)


def _holds_a_term(text: str, start: int, end: int) -> bool:
    """Whether a notice has a word of a term, written as one ("research", "ONLY"), not as part of a name ("Acme Research Group")."""
    return any(word.group(0).islower() or word.group(0).isupper() for word in _TERM_WORDS.finditer(text, start, end))


def is_copyright_line(line: str) -> bool:
    """Whether a line is a copyright notice (left out of matching), not license text that starts with the word.

    >>> [is_copyright_line(line) for line in ("Copyright (c) 2024 Acme", "Copyright Acme Corp.", "  copyright license to reproduce,")]
    [True, True, False]
    """
    stripped = line.lstrip(_LINE_LEAD)
    if _COPYRIGHT_MARKED.match(stripped):
        return True
    return bool(_COPYRIGHT_NAMED.match(stripped)) and not _NOT_A_NAME.search(stripped[9:80])


def words_digest(words: Sequence[str]) -> str:
    """SHA-256 of a token sequence (the key of the exact-text lookup)."""
    return _joined_digest(" ".join(words))


def _joined_digest(joined: str) -> str:
    """:func:`words_digest` of the words that ``joined`` holds joined by single spaces."""
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Match:
    """One known license found in the text."""

    key: str
    spdx: str
    name: str
    score: float
    category: str
    osi_approved: bool
    mof_type: str
    start: int
    end: int
    exact: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The match in the JSON contract."""
        return {
            "key": self.key,
            "spdx": self.spdx,
            "name": self.name,
            "score": round(self.score, 4),
            "category": self.category,
            "osi_approved": self.osi_approved,
            "mof_type": self.mof_type,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Identification:
    """The known licenses in a text, best first, and whether the text is one of them verbatim."""

    verdict: str
    matches: tuple[Match, ...] = ()
    uncovered_chars: int = 0
    # the references nearest the whole text by cosine, best first (the search for the nearest open license reads them
    # instead of scoring the text again); empty for an exact copy
    ranked: tuple[tuple[str, float], ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The ``identification`` object of the analysis contract."""
        return {"verdict": self.verdict, "matches": [match.to_dict() for match in self.matches]}


@dataclass
class ReferenceIndex:
    """TF-IDF rows of the reference texts over hashed unigrams and shingles.

    The matrix is column-compressed (CSC): a query reads only the columns of
    its own features.
    """

    keys: list[str]
    matrix: Any
    idf: Any
    extra: dict[str, str] = field(default_factory=dict)
    digests: list[str] = field(default_factory=list)  # words digest of each key's text, in key order

    @functools.cached_property
    def by_digest(self) -> dict[str, str]:
        """Words digest -> key, for the exact-text lookup; where texts share their words, the first key names them."""
        named: dict[str, str] = {}
        for key, digest in zip(self.keys, self.digests):
            named.setdefault(digest, key)
        return named

    def vector(self, words: Sequence[str]) -> Any:
        """The L2-normalised TF-IDF row of a token sequence (the last few are kept: identification and the
        search for the nearest open license ask for the same text's row)."""
        key = tuple(words)
        recent = self.__dict__.setdefault("_recent_vectors", {})
        vector = recent.get(key)
        if vector is None:  # (threads of the web server may race here: the worst is a row computed twice)
            vector = _row(key, self.idf)
            if len(recent) >= 4:
                recent.clear()
            recent[key] = vector
        return vector

    def candidates(self, words: Sequence[str], limit: int = CANDIDATES) -> list[tuple[str, float]]:
        """The ``limit`` keys with the highest cosine similarity."""
        if not words:
            return []
        columns, values = self.vector(words)
        scores = self.matrix.scores(columns, values)
        best = _top(scores, limit)
        return [(self.keys[index], float(scores[index])) for index in best if scores[index] > 0]

    def text(self, key: str) -> str:
        """The text of one reference license (a user's reference, or licensedcode-data's)."""
        return str(self.extra[key]) if key in self.extra else license_text(key)

    def tokens(self, key: str) -> Tokens:
        """The tokens of one reference text."""
        if key in self.extra:
            return self._extra_tokens[key]
        return _reference_tokens(key)

    @functools.cached_property
    def _extra_tokens(self) -> dict[str, Tokens]:
        """The user's reference texts, tokenized once (each identification reads them again)."""
        return {key: tokenize(text) for key, text in self.extra.items()}


def _top(scores: Any, limit: int) -> Any:
    """The positions of the ``limit`` highest scores, highest first, ties in position order (as a stable sort of all
    of them would give), found without sorting them all.

    >>> [int(position) for position in _top(__import__("numpy").array([0.1, 0.5, 0.3, 0.5, 0.0]), 3)]
    [1, 3, 2]
    """
    import numpy as np

    if len(scores) <= limit:
        return np.argsort(-scores, kind="stable")
    lowest = np.partition(scores, len(scores) - limit)[len(scores) - limit]  # the limit-th highest score
    chosen = np.flatnonzero(scores >= lowest)
    return chosen[np.argsort(-scores[chosen], kind="stable")][:limit]


def identify(text: str | Tokens, index: ReferenceIndex | None = None, max_matches: int = 4) -> Identification:
    """The known licenses in ``text`` (or its :func:`tokenize` tokens) with scores, and the verdict exact / modified / unknown."""
    index = index or load_index()
    query = text if isinstance(text, Tokens) else tokenize(text)
    if not query.words:
        return Identification(UNKNOWN)
    known = index.by_digest.get(query.digest)
    if known is not None:
        match = _match(index, known, 1.0, *query.span(0, len(query.words)), exact=True)
        return Identification(EXACT, (match,), 0)
    ranked = index.candidates(query.words, NEAREST_CANDIDATES)
    matches: list[Match] = []
    regions = [(0, len(query.words))]
    covered = 0
    while regions and len(matches) < max_matches:
        first, last = regions.pop(0)
        whole = (first, last) == (0, len(query.words))
        found = _best_in_region(index, query, first, last, ranked[:CANDIDATES] if whole else None)
        if found is None:
            continue
        match, matched_ranges = found
        if matches and match.score < MODIFIED_SCORE:
            continue
        matches.append(match)
        covered += sum(end - start for start, end in matched_ranges)
        regions.extend(_gaps(matched_ranges, first, last))
        regions.sort(key=lambda region: region[0] - region[1])
    if not matches:
        return Identification(UNKNOWN, ranked=tuple(ranked))
    uncovered = len(query.words) - covered
    if all(match.exact for match in matches) and _only_titles(query, matches):
        verdict = EXACT
    elif max(match.score for match in matches) >= MODIFIED_SCORE:
        verdict = MODIFIED
    else:
        verdict = UNKNOWN
    ordered = sorted(matches, key=lambda match: -match.score)
    return Identification(verdict, tuple(ordered), uncovered, tuple(ranked))


# Words of a license's title that are no term: a text that adds only these (and the license's own name) adds nothing.
TITLE_WORDS = frozenset({"the", "license", "licence", "version", "v", "agreement", "terms", "and", "conditions", "of", "public", "software", "spdx", "identifier"})


def name_words(matches: Iterable[Match]) -> set[str]:
    """The words of the matched licenses' names, SPDX ids and keys ("academic", "free", "license", "1", "1")."""
    return {word for match in matches for word in _TOKEN.findall(f"{match.name} {match.spdx} {match.key}".lower())}


TITLE_REACH = 16  # words of titles before and after a reference's text that the quick test for an exact copy looks past


def may_be_exact(query: Tokens, index: ReferenceIndex) -> bool:
    r"""Whether :func:`identify` may call the text an exact copy: its words are a reference's, or are once up to
    ``TITLE_REACH`` words before and after them, all of them words of its titles (:func:`_only_titles`), are set aside. True needs :func:`identify` to tell; False
    costs no alignment, and is wrong only for a copy with longer titles (which the full analysis then reads, to the
    same record).

    >>> index = load_index()
    >>> mit = license_text("mit")
    >>> may_be_exact(tokenize(mit), index), may_be_exact(tokenize(f"The MIT License\n\n{mit}\nSPDX-License-Identifier: MIT"), index)
    (True, True)
    >>> may_be_exact(tokenize(mit + "\nYou may not use the Software for any commercial purpose without the prior written consent of Orrin Labs."), index)
    False
    """
    if query.digest in index.by_digest:
        return True
    words = query.words
    joined = " ".join(words)
    offsets = list(itertools.accumulate((len(word) + 1 for word in words), initial=0))  # where each word starts in ``joined``
    for lead in range(min(TITLE_REACH, len(words)) + 1):
        for trail in range(min(TITLE_REACH - lead, len(words) - lead - 1) + 1):
            if lead or trail:
                part = joined[offsets[lead] : offsets[len(words) - trail] - 1]
                key = index.by_digest.get(_joined_digest(part))
                if key is not None and _titles_of(index, key, [*words[:lead], *words[len(words) - trail :]]):
                    return True
    return False


def _titles_of(index: ReferenceIndex, key: str, words: Sequence[str]) -> bool:
    """Whether words around the text of ``key`` are only its titles (as :func:`_only_titles` reads them)."""
    names = name_words([_match(index, key, 1.0, 0, 0, True)])
    return all(word in names or word in TITLE_WORDS or word.isdigit() for word in words)


def _only_titles(query: Tokens, matches: Sequence[Match]) -> bool:
    """Whether the words outside the matches are only a title ("The MIT License", "Version 2.0"): nothing that adds a term."""
    inside = [False] * len(query.words)
    for match in matches:
        for position, start in enumerate(query.starts):
            if match.start <= start < match.end:
                inside[position] = True
    names = name_words(matches)
    return all(inside[position] or word in names or word in TITLE_WORDS or word.isdigit() for position, word in enumerate(query.words))


def _best_in_region(
    index: ReferenceIndex, query: Tokens, first: int, last: int, candidates: Sequence[tuple[str, float]] | None = None
) -> tuple[Match, list[tuple[int, int]]] | None:
    """Align the region with its best candidates (``candidates``: when they are known already); score each on the
    stretch of text it covers."""
    words = query.words[first:last]
    candidates = index.candidates(words) if candidates is None else candidates
    if not candidates:
        return None
    top = candidates[0][1]
    best: tuple[float, str, list[tuple[int, int]], bool] | None = None
    for key, cosine in candidates:
        if cosine < 0.75 * top:
            break
        reference = index.tokens(key).words
        if tuple(words) == reference:
            best = (1.0, key, [(first, last)], True)
            break
        if best is not None and _best_possible(len(words), len(reference)) <= best[0]:
            continue
        blocks = align(words, reference)
        if not blocks:
            continue
        matched = sum(block.size for block in blocks)
        covered = blocks[-1].a + blocks[-1].size - blocks[0].a
        score = 2 * matched / (covered + len(reference))
        if best is None or score > best[0]:
            ranges = [(first + block.a, first + block.a + block.size) for block in blocks]
            exact = covered == len(reference) == matched
            best = (score, key, ranges, exact)
    if best is None:
        return None
    score, key, ranges, exact = best
    start, end = query.span(ranges[0][0], ranges[-1][1])
    return _match(index, key, score, start, end, exact), ranges


def _best_possible(query_length: int, reference_length: int) -> float:
    """The highest score any alignment of these lengths can reach (when the query is shorter than the reference)."""
    if query_length >= reference_length:
        return 1.0
    return 2 * query_length / (query_length + reference_length)


def _match(index: ReferenceIndex, key: str, score: float, start: int, end: int, exact: bool) -> Match:
    facts = license_facts(key) if key not in index.extra else None
    return Match(
        key=key,
        spdx=facts.spdx if facts else f"LicenseRef-{_slug(key)}",
        name=facts.name if facts else key,
        score=score,
        category=facts.category if facts else "User reference",
        osi_approved=facts.osi_approved if facts else False,
        mof_type=facts.mof_type if facts else "none",
        start=start,
        end=end,
        exact=exact,
    )


def _gaps(ranges: list[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
    """Runs of at least MIN_REGION_TOKENS query tokens that the alignment left unmatched."""
    gaps, cursor = [], first
    for start, end in sorted(ranges):
        if start - cursor >= MIN_REGION_TOKENS:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if last - cursor >= MIN_REGION_TOKENS:
        gaps.append((cursor, last))
    return gaps


# ----------------------------------------------------------------------------------------------
# The reference index: features, build, cache


def features(words: Sequence[str]) -> dict[int, int]:
    """Hashed counts of unigrams and 3-word shingles.

    >>> sorted(features(["a", "b", "c"]).values())
    [1, 1, 1, 1]
    """
    counts: dict[int, int] = {}
    mask = N_FEATURES - 1
    grams: Iterable[str] = list(words) + [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    for gram in grams:
        bucket = zlib.crc32(gram.encode("utf-8")) & mask
        counts[bucket] = counts.get(bucket, 0) + 1
    return counts


@dataclass(frozen=True)
class ColumnMatrix:
    """The reference rows stored by column (CSC arrays) and scored against a query in NumPy alone (no SciPy to import)."""

    data: Any
    indices: Any
    indptr: Any
    shape: tuple[int, int]

    @classmethod
    def of(cls, matrix: Any) -> "ColumnMatrix":
        """From a SciPy sparse matrix (the build path)."""
        csc = matrix.tocsc()
        return cls(csc.data, csc.indices, csc.indptr, tuple(csc.shape))

    def to_scipy(self) -> Any:
        """As a SciPy CSC matrix (to stack the user's reference rows onto it)."""
        from scipy.sparse import csc_matrix

        return csc_matrix((self.data, self.indices, self.indptr), shape=self.shape)

    def scores(self, columns: Any, values: Any) -> Any:
        """Row scores of ``matrix[:, columns] @ values``: the cosine of each reference with an L2-normalised query.

        The common columns (words most references share) are read from a dense block in one matrix-vector
        product; only the rarer columns walk their postings.
        """
        import numpy as np

        columns = np.asarray(columns)
        values = np.asarray(values, dtype=np.float64)
        dense_columns, block = self._dense
        slots = dense_columns[columns]
        common = slots >= 0
        query = np.zeros(block.shape[1])
        query[slots[common]] = values[common]
        return block @ query + self._sparse_scores(columns[~common], values[~common])

    def _sparse_scores(self, columns: Any, values: Any) -> Any:
        import numpy as np

        starts, ends = self.indptr[columns], self.indptr[columns + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(total)
        weights = self.data[offsets].astype(np.float64) * np.repeat(values, lengths)
        return np.bincount(self.indices[offsets], weights=weights, minlength=self.shape[0])

    @functools.cached_property
    def _dense(self) -> tuple[Any, Any]:
        """The columns held by more than DENSE_SHARE of the rows, as a dense rows x columns block, and each
        column's slot in it (-1 for the sparse ones): a few hundred columns that carry most postings."""
        import numpy as np

        lengths = np.diff(self.indptr)
        common = np.flatnonzero(lengths > DENSE_SHARE * self.shape[0])
        slots = np.full(self.shape[1], -1, dtype=np.int64)
        slots[common] = np.arange(len(common))
        block = np.zeros((self.shape[0], len(common)))
        for slot, column in enumerate(common):
            start, end = self.indptr[column], self.indptr[column + 1]
            block[self.indices[start:end], slot] = self.data[start:end]
        return slots, block


def _row(words: Sequence[str], idf: Any) -> tuple[Any, Any]:
    """The L2-normalised TF-IDF features of one token sequence: sorted columns and their values."""
    import numpy as np

    counts = features(words)
    columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = np.fromiter((1.0 + math.log(count) for count in counts.values()), dtype=np.float64, count=len(counts))
    if idf is not None:
        values *= idf[columns]
    norm = float(np.sqrt((values**2).sum())) or 1.0
    order = np.argsort(columns)
    return columns[order], values[order] / norm


def _rows(documents: Sequence[Sequence[str]], idf: Any) -> Any:
    import numpy as np
    from scipy.sparse import csr_matrix

    data, indices, indptr = [], [], [0]
    for words in documents:
        columns, values = _row(words, idf)
        indices.append(columns)
        data.append(values)
        indptr.append(indptr[-1] + len(columns))
    return csr_matrix(
        (np.concatenate(data) if data else np.zeros(0), np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64), indptr),
        shape=(len(documents), N_FEATURES),
    )


def build_index(keys: Sequence[str] | None = None, extra: dict[str, str] | None = None) -> ReferenceIndex:
    """Build the index over licensedcode-data (active licenses) and any extra reference texts."""
    import numpy as np

    keys = list(keys) if keys is not None else [key for key in license_keys() if not load_license(key).meta.get("is_deprecated")]
    extra = dict(extra or {})
    all_keys = keys + sorted(extra)
    documents = [_reference_tokens(key).words for key in keys] + [tokenize(extra[key]).words for key in sorted(extra)]
    df = np.zeros(N_FEATURES, dtype=np.float64)
    for words in documents:
        df[list(features(words))] += 1
    idf = np.log((1 + len(documents)) / (1 + df)) + 1.0
    return ReferenceIndex(all_keys, ColumnMatrix.of(_rows(documents, idf)), idf, extra, [words_digest(words) for words in documents])


def cache_dir() -> Path:
    """Where the built index is cached: ``$LICENSECHECK_CACHE_DIR`` or the user's cache folder."""
    configured = os.environ.get("LICENSECHECK_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "licensecheck"


def index_fingerprint() -> str:
    """Changes when licensedcode-data or the index format changes."""
    names = sorted(path.name for path in licenses_dir().glob("*.LICENSE"))
    digest = hashlib.sha256(("\n".join(names) + INDEX_VERSION + str(N_FEATURES)).encode()).hexdigest()[:16]
    version = _data_version()
    return f"{version}-{digest}"


@functools.lru_cache(maxsize=1)
def load_index() -> ReferenceIndex:
    """The licensedcode-data index: from the cache, or built and cached on first use."""
    import numpy as np

    path = cache_dir() / f"reference-index-{index_fingerprint()}.npz"
    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as stored:
                matrix = ColumnMatrix(stored["data"], stored["indices"], stored["indptr"], tuple(int(size) for size in stored["shape"]))
                digests = [str(digest) for digest in stored["digests"]]
                return ReferenceIndex([str(key) for key in stored["keys"]], matrix, stored["idf"], digests=digests)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is rebuilt below
    index = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(
            temporary,
            keys=np.array(index.keys),
            data=index.matrix.data.astype(np.float32),
            indices=index.matrix.indices.astype(np.int32),
            indptr=index.matrix.indptr,
            shape=np.array(index.matrix.shape),
            idf=index.idf.astype(np.float32),
            digests=np.array(index.digests),
        )
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only cache folder only costs a rebuild next time
    return index


def with_references(directory: str | Path, base: ReferenceIndex | None = None) -> ReferenceIndex:
    """The index plus the user's own reference texts (every file in ``directory``), keyed by file name."""
    from .source import read_path

    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(f"{folder}: reference folder not found")
    extra = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            extra[f"ref:{path.stem}"] = read_path(path).text
    if not extra:
        raise InputError(f"{folder}: no reference texts in the folder")
    base = base or load_index()
    from scipy.sparse import vstack

    documents = [tokenize(text).words for text in extra.values()]
    rows = _rows(documents, base.idf)
    digests = base.digests + [words_digest(words) for words in documents]
    return ReferenceIndex(base.keys + list(extra), ColumnMatrix.of(vstack([base.matrix.to_scipy(), rows])), base.idf, {**base.extra, **extra}, digests)


@functools.lru_cache(maxsize=512)
def _reference_tokens(key: str) -> Tokens:
    return tokenize(license_text(key))


def _data_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("licensedcode-data")
    except metadata.PackageNotFoundError:
        return "unknown"


def _slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", key).strip("-")


@dataclass(frozen=True)
class OpenMatch:
    """The nearest open license, its score, and the matching blocks of the alignment that found it."""

    key: str
    score: float
    blocks: tuple[Block, ...]


def nearest_open(
    index: ReferenceIndex, query: Tokens, exclude: Iterable[str] = (), ranked: Sequence[tuple[str, float]] | None = None
) -> OpenMatch | None:
    """The open license (MOF type other than none) whose text is closest to the query tokens, among the
    ``NEAREST_CANDIDATES`` nearest references (``ranked``: those of the text's identification, when it has them)."""
    excluded = set(exclude)
    open_keys = []
    for key, _ in ranked or index.candidates(query.words, NEAREST_CANDIDATES):
        if key not in index.extra and key not in excluded and license_facts(key).mof_type != "none":
            open_keys.append(key)
            if len(open_keys) == 3:
                break
    best: OpenMatch | None = None
    for key in open_keys:
        reference = index.tokens(key).words
        if best is not None and 2 * min(len(query.words), len(reference)) / (len(query.words) + len(reference)) <= best.score:
            continue  # even a perfect alignment could not beat the best so far
        blocks = align(query.words, reference)
        score = 2 * sum(block.size for block in blocks) / (len(query.words) + len(reference))
        if best is None or score > best.score:
            best = OpenMatch(key, score, tuple(blocks))
    return best


def aligned_masks(query: Tokens, reference: Tokens, blocks: Iterable[Block]) -> tuple[list[bool], list[bool]]:
    """Which query tokens and which reference tokens the alignment's matching blocks cover."""
    query_mask, reference_mask = [False] * len(query.words), [False] * len(reference.words)
    for block in blocks:
        query_mask[block.a : block.a + block.size] = [True] * block.size
        reference_mask[block.b : block.b + block.size] = [True] * block.size
    return query_mask, reference_mask
