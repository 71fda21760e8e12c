"""Known licenses cost almost nothing: the analysis of each reference text, computed once and mapped onto its copies.

A text that identification calls an ``exact`` copy of one reference license
has the reference's words in the reference's order (copyright notices and
layout aside). Its clauses are the reference's clauses, so their labels,
scores, parameters and languages are the reference's too: they are
computed once per model and index (in memory, and on disk in the cache
folder), and mapped onto the given text through the word tokens both share.
Each mapped clause must read the same as the reference's once normalised
(:func:`licensecheck.classify.normalise`, what the classifier reads), or the
text is analysed in full. Copyright notices of the text become clauses of
their own without labels (a notice states who holds the rights, no term).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import json
import os
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .alignment import Block
from .classify import LabelScore, normalise
from .identify import INDEX_VERSION, Identification, OpenMatch, ReferenceIndex, Tokens, cache_dir, nearest_open
from .errors import InputError
from .language import ENGLISH
from .segment import Clause
from .storage import write_whole

FORMAT_VERSION = "3"
TABLE_FILE = "known-analyses.zip"
_MEMORY: dict[tuple[str, str], Any] = {}


@dataclass(frozen=True)
class KnownClause:
    """One clause of a reference license as its analysis left it: offsets in the reference text, and where it lies
    among the reference's word tokens (``first`` .. ``last``; ``lead`` and ``trail`` characters before the first
    word and after the last one)."""

    clause: Clause
    labels: tuple[LabelScore, ...]
    params_by_label: dict[str, dict[str, Any]]
    language: str
    first: int = 0
    last: int = 0
    lead: int = 0
    trail: int = 0
    restriction: tuple[str, ...] = ()  # the restriction phrases it holds (:func:`licensecheck.changes.restriction_words`), and the
    # blocking labels its form set aside (:mod:`licensecheck.permissive`)

    @property
    def label_names(self) -> tuple[str, ...]:
        """The label identifiers, best first."""
        return tuple(item.label for item in self.labels)

    def to_list(self) -> list[Any]:
        """The clause in the cache file."""
        clause = self.clause
        return [clause.start, clause.end, clause.section, clause.heading, [[item.label, item.score] for item in self.labels],
                self.params_by_label, self.language, [self.first, self.last, self.lead, self.trail], list(self.restriction)]

    @classmethod
    def from_list(cls, row: Sequence[Any], text: str) -> "KnownClause":
        """A clause read back from the cache file, its text taken from the reference."""
        start, end, section, heading, labels, params, language, (first, last, lead, trail), restriction = row
        return cls(Clause(start, end, text[start:end], section, heading), tuple(LabelScore(label, score) for label, score in labels), params,
                   language, first, last, lead, trail, tuple(restriction))

    def moved(self, text: str, start: int, end: int) -> "KnownClause":
        """The same clause at ``start`` .. ``end`` of another text (built field by field: every clause of each copy
        is moved, and ``dataclasses.replace`` would read the class's fields every time)."""
        clause = Clause(start, end, text[start:end], self.clause.section, self.clause.heading)
        return KnownClause(clause, self.labels, self.params_by_label, self.language, self.first, self.last, self.lead, self.trail,
                           self.restriction)


def copy_of(found: Identification, index: ReferenceIndex) -> str | None:
    """The key of the one reference license the text is an exact copy of, else None."""
    if found.verdict != "exact" or len(found.matches) != 1:
        return None
    return found.matches[0].key


class NotKnownYet(Exception):
    """Raised under :func:`only_stored` for a reference whose analysis is not stored yet."""


_ONLY_STORED = threading.local()


@contextlib.contextmanager
def only_stored() -> Iterator[None]:
    """Inside this block, :func:`reference_analysis` never analyses: a reference not stored raises NotKnownYet.

    The batch's main process answers exact copies this way, without loading spaCy; the first copy of a reference
    not stored yet goes to a worker, which stores it.
    """
    _ONLY_STORED.active = True
    try:
        yield
    finally:
        _ONLY_STORED.active = False


@dataclass(frozen=True)
class KnownEntry:
    """What is stored per reference license: its analysed clauses, and the open license nearest to its words."""

    clauses: list[KnownClause]
    nearest: OpenMatch | None
    words: str = ""  # the digest of the reference's words: a copy has the same

    def to_dict(self, text: str) -> dict[str, Any]:
        """The entry as stored (the text's digest says which text it was made from)."""
        nearest = self.nearest
        return {
            "text_sha256": _text_digest(text), "words": self.words, "clauses": [item.to_list() for item in self.clauses],
            "nearest": None if nearest is None else [nearest.key, nearest.score, [[block.a, block.b, block.size] for block in nearest.blocks]],
        }

    @classmethod
    def from_dict(cls, stored: dict[str, Any], text: str) -> "KnownEntry | None":
        """An entry read back, or None if it was made from another text or is damaged."""
        try:
            if stored["text_sha256"] != _text_digest(text):
                return None
            nearest = stored["nearest"]
            match = None if nearest is None else OpenMatch(nearest[0], float(nearest[1]), tuple(Block(*block) for block in nearest[2]))
            return cls([KnownClause.from_list(row, text) for row in stored["clauses"]], match, stored["words"])
        except (TypeError, ValueError, KeyError, IndexError):
            return None


def reference_analysis(key: str, index: ReferenceIndex, classifier: Any) -> list[KnownClause]:
    """The analysed clauses of reference ``key`` (see :func:`reference_entry`)."""
    return reference_entry(key, index, classifier).clauses


def reference_entry(key: str, index: ReferenceIndex, classifier: Any) -> KnownEntry:
    """The stored entry of reference ``key``: from memory, the cache folder, the table shipped with the model,
    or computed (and stored) now."""
    memory_key = (key, classifier.meta.sha256)
    if key not in index.extra and memory_key in _MEMORY:
        return _MEMORY[memory_key]
    text = index.text(key)
    path = _cache_path(key, text, classifier)
    entry = _read(path, text)
    if entry is None and key not in index.extra:
        entry = shipped_entry(key, text, classifier)
    if entry is None:
        if getattr(_ONLY_STORED, "active", False):
            raise NotKnownYet(key)
        entry = _compute(key, text, index, classifier)
        _write(path, entry.to_dict(text))
    if key not in index.extra:
        _MEMORY[memory_key] = entry
    return entry


def shipped_entry(key: str, text: str, classifier: Any) -> KnownEntry | None:
    """The reference's entry in the table shipped beside the model (``known-analyses.zip``), if it was made by this
    model from this text."""
    table = _shipped_table(str(getattr(classifier, "model_dir", None) or ""))
    if table is None:
        return None
    archive, header = table
    if header != _header(classifier):
        return None
    try:
        return KnownEntry.from_dict(json.loads(archive.read(f"{key}.json")), text)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile):
        return None


@functools.lru_cache(maxsize=4)
def _shipped_table(model_dir: str) -> tuple[zipfile.ZipFile, dict[str, Any]] | None:
    from .artifacts import default_model_dir

    path = Path(model_dir or default_model_dir()) / TABLE_FILE
    try:
        archive = zipfile.ZipFile(path)
        return archive, json.loads(archive.read("header.json"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return None


# the modules (and data) whose code makes an analysis: a change to any of them makes every stored analysis stale
ANALYSIS_SOURCES = (
    "segment.py", "classify.py", "cues.py", "hashing.py", "linear.py", "parameters.py", "language.py", "source.py",
    "known.py", "changes.py", "vocabulary.py", "taxonomy.py", "identify.py", "data/places.txt",
    "embedding/features.py", "permissive.py", "lazy.py", "rulings.py",
)


@functools.lru_cache(maxsize=1)
def analysis_fingerprint() -> str:
    """A digest of the code that makes an analysis (:data:`ANALYSIS_SOURCES`)."""
    digest = hashlib.sha256()
    for name in ANALYSIS_SOURCES:
        digest.update(name.encode() + b"\0" + (Path(__file__).parent / name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _header(classifier: Any) -> dict[str, Any]:
    return {"model_sha256": classifier.meta.sha256, "index_version": INDEX_VERSION, "format": FORMAT_VERSION, "code": analysis_fingerprint()}


def write_table(model_dir: Path, classifier: Any, keys: Iterable[str], index: ReferenceIndex) -> Path:
    """Analyse every reference of ``keys`` with ``classifier`` and write the table shipped beside the model."""
    path = Path(model_dir) / TABLE_FILE
    temporary = path.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_member("header.json"), json.dumps(_header(classifier), sort_keys=True))
        for key in sorted(keys):
            text = index.text(key)
            archive.writestr(_member(f"{key}.json"), json.dumps(_compute(key, text, index, classifier).to_dict(text)))  # key order kept: outputs read as an analysis in full
    os.replace(temporary, path)
    _shipped_table.cache_clear()
    return path


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member with a fixed date: the same analyses give the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def map_onto(text: str, query: Tokens, entry: "KnownEntry") -> list[KnownClause] | None:
    """The reference's clauses at their places in ``text`` (an exact copy whose tokens are ``query``), or None when
    the words differ or a clause does not read the same there once normalised (the text is then analysed in full)."""
    if query.digest != entry.words:
        return None
    mapped: list[KnownClause] = []
    wordless: list[tuple[KnownClause, int]] = []  # clauses of notices and placeholders, with the mapped clause before them
    for item in entry.clauses:
        if item.first >= item.last:
            if item.labels:
                return None  # a labelled clause without words of its own: read the text in full
            wordless.append((item, len(mapped)))
            continue
        start, end = query.starts[item.first] - item.lead, query.ends[item.last - 1] + item.trail
        if start < 0 or end > len(text):
            return None
        if text[start:end] != item.clause.text and normalise(text[start:end]) != normalise(item.clause.text):
            return None
        mapped.append(item.moved(text, start, end))
    found = []
    for item, before in wordless:  # the reference's own notice or placeholder, where the text still has it
        low = mapped[before - 1].clause.end if before else 0
        high = mapped[before].clause.start if before < len(mapped) else len(text)
        position = text.find(item.clause.text, low, high)
        if position >= 0:
            found.append(item.moved(text, position, position + len(item.clause.text)))
    mapped = sorted([*mapped, *found], key=lambda item: item.clause.start)
    starts = [item.clause.start for item in mapped]
    for start, end in query.notices:
        notice = text[start:end].strip()
        place = bisect.bisect_right(starts, start)
        inside = place and mapped[place - 1].clause.end > start or place < len(mapped) and mapped[place].clause.start < end
        if notice and not inside:  # a notice of the text's own (one inside a reference clause is read with it)
            begin = start + text[start:end].index(notice)
            section, heading = (mapped[place - 1].clause.section, mapped[place - 1].clause.heading) if place else ("", "")
            mapped.append(KnownClause(Clause(begin, begin + len(notice), notice, section, heading), (), {}, ENGLISH))
    mapped.sort(key=lambda item: item.clause.start)
    if any(earlier.clause.end > later.clause.start for earlier, later in zip(mapped, mapped[1:])):
        return None
    return mapped


def _compute(key: str, text: str, index: ReferenceIndex, classifier: Any) -> KnownEntry:
    from .changes import restriction_words
    from .pipeline import analyze

    tokens = index.tokens(key)
    try:
        analysis = analyze(text, classifier=classifier, references=False)
    except InputError:  # a reference that is no text to read (licensedcode-data has a few empty ones)
        return KnownEntry([], None, tokens.digest)
    clauses = []
    for result in analysis.clauses:
        clause = result.clause
        first, last = bisect.bisect_left(tokens.starts, clause.start), bisect.bisect_left(tokens.starts, clause.end)
        lead, trail = (tokens.starts[first] - clause.start, clause.end - tokens.ends[last - 1]) if first < last else (0, 0)
        clauses.append(KnownClause(clause, result.labels, result.params_by_label, result.language, first, last, lead, trail,
                                   tuple(sorted(set(restriction_words(clause.text)) | set(result.set_aside)))))
    return KnownEntry(clauses, nearest_open(index, tokens), tokens.digest)


def _cache_path(key: str, text: str, classifier: Any) -> Path:
    folder = f"{classifier.meta.sha256[:16]}-i{INDEX_VERSION}-v{FORMAT_VERSION}-{analysis_fingerprint()}"
    return cache_dir() / "known" / folder / f"{key}-{_text_digest(text)}.json"


def _read(path: Path, text: str) -> KnownEntry | None:
    try:
        return KnownEntry.from_dict(json.loads(path.read_text(encoding="utf-8")), text)
    except (OSError, ValueError, AttributeError):
        return None  # absent, or damaged: computed again


def _write(path: Path, stored: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, json.dumps(stored))
    except OSError:
        pass  # a read-only cache only costs the analysis next time


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m licensecheck.known [MODEL_DIR]``: rebuild the table of every reference's analysis beside the model."""
    import sys

    from .identify import load_index
    from .licensedb import license_keys
    from .pipeline import load_classifier

    arguments = list(sys.argv[1:] if argv is None else argv)
    model_dir = Path(arguments[0]) if arguments else None
    classifier = load_classifier(str(model_dir) if model_dir else None)
    from .artifacts import default_model_dir

    path = write_table(model_dir or default_model_dir(), classifier, license_keys(), load_index())
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
