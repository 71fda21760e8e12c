"""Edits inside a known license: what a text adds to, removes from or changes in the license it was modified from.

A text identified as ``modified`` is aligned word by word with its reference
(:mod:`licensecheck.alignment`). Every edit is then read twice:

* by restriction cues, words that carry a blocking restriction whatever the
  sentence ("non-commercial", "revocable", "residents of", "outputs" ...) and
  permissions whose removal restricts ("modify" struck from a grant); and
* by the classifier, in the context of its sentence: the clause with the edit
  against the same clause with the reference's words put back. A label the
  edit pushes over its threshold (or raises sharply) is the edit's label; a
  label the edit pushes under is removed.

An edit that carries no label but changes operative words (a negation, an
exception, "only", or more than a few words) is *unexplained*: the analysis
cannot vouch for it, and the license then needs a human review rather than
an open verdict. Edits of names, numbers and years alone are benign.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Sequence

from . import vocabulary
from .alignment import Edit, align, edits
from .identify import TITLE_WORDS, name_words
from .parameters import REGIONS, places, spell_numbers
from .permissive import restricts_nothing
from .rulings import ruled_out
from .taxonomy import BLOCKING_LABELS as BLOCKING, LABELS, Group, Label
from .vocabulary import compiled

CONTEXT = 6  # words either side of an edit read with it
MIN_WINDOW_WORDS = 5  # the classifier reads an edit's own words (with their context) only from this many
BENIGN_WORDS = 6  # a change of at most this many words on each side, with no operative word and no cue, is wording
DELTA = 0.25  # a rise in a blocking label's score this large is the edit's doing, even under the threshold
_GENERAL = r"\b(?:shall|may|must|will|can)\s+(?:not|only)\b"
CUES = compiled(vocabulary.CUES)
# a country or region of the gazetteer (case-sensitive) where a grant or a use is placed: "anyone in Australia", "Japan-only"
@functools.cache
def _place_cue() -> re.Pattern[str]:
    return re.compile(
        r"(?i:\b(?:in|within|outside|of|from|to|throughout|across|into|inside|than)\s+(?:the\s+)?)(?:" + places().pattern + r")"
        r"|(?:" + places().pattern + r")(?i:[\s-]+(?:only|exclusively|based|resident))"
        # a place the gazetteer does not know, by the kind of place it names ("the Free City of Oransk", "the Isles of Corrow")
        r"|\b(?:" + "|".join(_PLACE_KINDS) + r")\s+of\s+(?:the\s+)?[A-Z][\w-]+"
    )


_PLACE_KINDS = ("City", "Isle", "Isles", "Island", "Islands", "Republic", "Kingdom", "Principality", "Duchy", "Federation", "Emirate",
                "Province", "Canton", "Prefecture")


@functools.cache
def _place_words() -> frozenset[str]:
    """The first word of every place of the gazetteer, and the kinds of place: a text that names a place holds one of
    them as a word of its own (the pattern reads places on word boundaries, case-sensitively)."""
    firsts = (re.search(r"\w+", name) for name in REGIONS)
    return frozenset([*(first.group(0) for first in firsts if first), *_PLACE_KINDS])


def _place_cues(text: str) -> int:
    """How often ``text`` places a grant or a use in a country or region (:func:`_place_cue`)."""
    if _place_words().isdisjoint(re.findall(r"\w+", text)):
        return 0  # no place named: the gazetteer's long pattern need not be scanned
    return len(_place_cue().findall(text))


# Words that make an edit operative: an edit with one of them and no label is unexplained.
OPERATIVE = re.compile(
    r"\b(?:not|no|never|nor|only|solely|exclusively|except|excluding|unless|provided|prohibit\w*|forbid\w*|restrict\w*|limit\w*"
    r"|must|shall|required?|requires|condition\w*|subject|terminat\w*|until|without|neither|cannot|may|exclud\w*|withh[oe]ld\w*|den(?:y|ie[sd]))\b|"
    + _GENERAL,
    re.IGNORECASE,
)
# Words that limit or negate what stands next to them.
LIMITER = re.compile(r"\b(?:not|no|never|nor|only|solely|exclusively|except|exclud\w*|exclusive\s+of|unless|without|cannot|neither"
                     r"|prohibit\w*|forbid\w*|restrict\w*|limited|barred|remain)\b", re.IGNORECASE)
TOPICS = compiled(vocabulary.TOPICS)
PERMISSIONS = compiled(vocabulary.PERMISSIONS)


@dataclass(frozen=True)
class Change:
    """One edit of a known license, with what it means."""

    base: str  # the key of the license modified
    base_name: str  # its SPDX id or name, for messages
    kind: str  # added / removed / changed
    start: int  # character span in the text (for a removal: where the words were)
    end: int
    added: str  # the words the text has instead (empty for a removal)
    removed: str  # the reference's words (empty for an insertion)
    reference_start: int = 0  # character span in the reference text
    reference_end: int = 0
    labels: tuple[str, ...] = ()  # restrictions and conditions the edit brings
    removed_labels: tuple[str, ...] = ()  # restrictions and conditions the edit takes away
    operative: bool = False  # the edit touches operative words (or is long)
    section: str = ""
    clause: str = ""  # id of the analysed clause holding the edit
    where: str = ""  # the part of the reference it falls in ("grant", "disclaimer", "§4")
    evidence: tuple[str, ...] = field(default_factory=tuple)  # "cue", "permission", "limiter", "classifier"
    unconfirmed: tuple[str, ...] = ()  # in a text drafted from the license: blocking labels the edit's words suggest and its clause does not carry
    context: str = field(default="", compare=False)  # the edit with a few words either side, as the text has it
    reference_context: str = field(default="", compare=False)  # the same words in the reference

    @property
    def explained(self) -> bool:
        """True when the edit brings a label, or touches no operative word, or only takes a restriction away.

        Taking a restriction away explains an edit only when it puts no operative word of its own in:
        "with or without fee" -> "from which no one derives income" removes a fee word and adds a limit.
        A long removal (more than ``LONG_REMOVAL`` words: a license cut short, sections struck) is never explained.
        """
        if is_long_removal(self.kind, self.removed):
            return False  # whole sections of the license are missing: what is left must be read by a person
        if self.unconfirmed:
            return False  # words of a restriction that the clause, read as written, does not carry: a person decides
        if self.labels or not self.operative:
            return True
        return bool(self.removed_labels) and not OPERATIVE.search(self.added)

    @property
    def blocking(self) -> tuple[str, ...]:
        """The blocking restrictions the edit brings."""
        return tuple(label for label in self.labels if label in BLOCKING)

    @property
    def summary(self) -> str:
        """One line for a lawyer: "added to MIT's grant: 'for non-commercial purposes only' → commercial-ban"."""
        part = f"{self.base_name}'s {self.where}" if self.where else self.base_name
        if self.kind == "added":
            text = f"added to {part}: '{_short(self.added)}'"
        elif self.kind == "removed":
            text = f"removed from {part}: '{_short(self.removed)}'"
        else:
            text = f"changed in {part}: '{_short(self.removed)}' → '{_short(self.added)}'"
        meaning = [*self.labels, *(f"no longer {label}" for label in self.removed_labels)]
        if self.unconfirmed:
            meaning.append(f"words of {', '.join(self.unconfirmed)} that its clause, read as written, does not carry: read it")
        if meaning:
            return f"{text} → {', '.join(meaning)}"
        return text + ("" if self.explained else " → unexplained: read it")

    def to_dict(self) -> dict[str, Any]:
        """The change in the JSON contract."""
        return {
            "base": self.base, "kind": self.kind, "start": self.start, "end": self.end, "added": self.added, "removed": self.removed,
            "labels": list(self.labels), "removed_labels": list(self.removed_labels), "explained": self.explained,
            "section": self.section, "clause": self.clause, "where": self.where, "evidence": list(self.evidence), "summary": self.summary,
            **({"unconfirmed": list(self.unconfirmed)} if self.unconfirmed else {}),
        }


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cue_labels(text: str) -> set[str]:
    """The blocking labels whose restriction cues occur in ``text``.

    >>> sorted(cue_labels("for non-commercial research purposes only"))
    ['commercial-ban']
    >>> sorted(cue_labels("a perpetual, worldwide, irrevocable license"))
    []
    """
    return {label for label, pattern in CUES.items() if pattern.search(text)} if CUES.matches_any(text) else set()


def find_changes(text: str, query: Any, identification: Any, index: Any) -> list[Change]:
    """The edits of ``text`` (its identification tokens ``query``) against each known license it was modified from.

    Only ``modified`` identifications have edits; each match is aligned on its
    own span, and words outside every match are insertions. Labels here come
    from cues alone (no classifier): :func:`label_changes` adds the
    classifier's reading.
    """
    if identification is None or identification.verdict != "modified" or not query.words:
        return []
    found: list[Change] = []
    covered = [False] * len(query.words)
    names = name_words(identification.matches)
    for match in identification.matches:
        first = bisect.bisect_left(query.starts, match.start)
        last = bisect.bisect_right(query.starts, match.end - 1)
        covered[first:last] = [True] * (last - first)
        if match.exact:
            continue
        reference = index.tokens(match.key)
        reference_text = index.text(match.key)
        words = query.words[first:last]
        for edit in edits(words, reference.words, align(words, reference.words)):
            shifted = Edit(edit.a_start + first, edit.a_end + first, edit.b_start, edit.b_end)
            found.append(_change(text, query, reference, reference_text, shifted, match.key, match.spdx or match.name, names))
    found.extend(_uncovered(text, query, covered, identification))
    found.sort(key=lambda change: change.start)
    return found


def _change(text: str, query: Any, reference: Any, reference_text: str, edit: Edit, key: str, name: str, names: set[str]) -> Change:
    if edit.a_end > edit.a_start:
        start, end = query.starts[edit.a_start], query.ends[edit.a_end - 1]
    else:
        position = query.starts[edit.a_start] if edit.a_start < len(query.starts) else len(text)
        start = end = position
    if edit.b_end > edit.b_start:
        reference_start, reference_end = reference.starts[edit.b_start], reference.ends[edit.b_end - 1]
    else:
        reference_start = reference_end = reference.starts[edit.b_start] if edit.b_start < len(reference.starts) else len(reference_text)
    added, removed = text[start:end], reference_text[reference_start:reference_end]
    with_edit = _window(text, query, edit.a_start, edit.a_end)
    without = _window(reference_text, reference, edit.b_start, edit.b_end)
    if edit.kind == "added" and _names_the_license(query.words[edit.a_start : edit.a_end], names):
        labels, removed_labels, evidence, operative = set(), set(), [], False  # the license's title repeated or moved
    elif is_long_removal(edit.kind, removed):
        labels, removed_labels, evidence, operative = set(), set(), [], True  # read from the reference's clauses (label_changes)
    else:
        labels, removed_labels, evidence = _read_by_cues(with_edit, without, added, lambda: under_prohibition(reference_text, reference_start))
        operative = _operative(added, removed)
    return Change(
        base=key, base_name=name, kind=edit.kind, start=start, end=end, added=added, removed=removed,
        reference_start=reference_start, reference_end=reference_end, labels=tuple(sorted(labels, key=LABELS.index)),
        removed_labels=tuple(sorted(removed_labels, key=LABELS.index)), operative=operative, evidence=tuple(evidence),
        context=with_edit, reference_context=without,
    )


LONG_REMOVAL = 150  # a removal of more words than this is read from the reference's own analysed clauses


def is_long_removal(kind: str, removed: str) -> bool:
    """Whether an edit only removes, and more than ``LONG_REMOVAL`` words (whole sections of the reference)."""
    return kind == "removed" and len(removed.split()) > LONG_REMOVAL


# words of a header that names the license it heads ("Licensed under the Mozilla Public License 2.0; the full text follows")
HEADER_WORDS = frozenset({
    "licensed", "under", "released", "distributed", "made", "available", "see", "below", "above", "follows", "following",
    "full", "text", "here", "is", "this", "file", "project", "work", "package", "library", "repository", "copy", "a", "an",
})


def _names_the_license(words: Sequence[str], names: set[str]) -> bool:
    """Whether added words only name the license ("Academic Free License 1.1", "Licensed under the MIT License"):
    a title or a header, which adds no term."""
    return bool(words) and all(word in names or word in TITLE_WORDS or word in HEADER_WORDS or word.isdigit() for word in words)


def _uncovered(text: str, query: Any, covered: Sequence[bool], identification: Any) -> list[Change]:
    """Runs of words outside every match: text added around the known license(s)."""
    runs, start = [], None
    for position, inside in enumerate([*covered, True]):
        if not inside and start is None:
            start = position
        elif inside and start is not None:
            runs.append((start, position))
            start = None
    best = identification.matches[0]
    names = name_words(identification.matches)
    changes = []
    for first, last in runs:
        begin, end = query.starts[first], query.ends[last - 1]
        added = text[begin:end]
        if _names_the_license(query.words[first:last], names):
            labels, evidence, operative = set(), [], False  # a title naming the license ("Academic Free License 1.1")
        else:
            labels, _, evidence = _read_by_cues(added, "", added)
            operative = _operative(added, "")
        changes.append(Change(best.key, best.spdx or best.name, "added", begin, end, added, "", labels=tuple(sorted(labels, key=LABELS.index)),
                              operative=operative, evidence=tuple(evidence), context=added))
    return changes


def _window(text: str, tokens: Any, first: int, last: int) -> str:
    """The edit with CONTEXT words either side: cues that span the edit's boundary ("without [modification]") are read whole."""
    if not tokens.words:
        return ""
    begin = tokens.starts[max(0, min(first, len(tokens.words)) - CONTEXT)]
    stop = tokens.ends[min(len(tokens.words), max(last, first) + CONTEXT) - 1]
    return text[begin:stop]


def _counts(patterns: vocabulary.Patterns, text: str) -> dict[str, int]:
    """How often each label's pattern occurs in ``text``; for the cues, numbers in words are read as digits first
    ("fewer than five hundred personnel") and the gazetteer's places count as territorial."""
    if patterns is CUES:
        text = spell_numbers(text)
    if patterns.matches_any(text):
        counts = {label: len(pattern.findall(text)) for label, pattern in patterns.items()}
    else:
        counts = dict.fromkeys(patterns, 0)
    if patterns is CUES:
        counts["territorial"] += _place_cues(text)
    return counts


def _limiters(text: str) -> list[str]:
    return sorted(word.lower() for word in LIMITER.findall(text))


_NUMBER = re.compile(r"\d")
_EXCEPTION = re.compile(r"\b(?:except|excluding|other\s+than|save\s+(?:for|that)|but\s+not)\b", re.IGNORECASE)


def _read_by_cues(
    with_edit: str, without: str, added: str = "", forbidden: Callable[[], bool] = lambda: False,
) -> tuple[set[str], set[str], list[str]]:
    """Labels an edit brings and takes away: cues and permissions counted in the text around the edit, with and without it.

    ``forbidden()``: whether the edit sits where a prohibition governs (:func:`under_prohibition`; asked only when words
    of a use are struck): words of a use struck there ("You will not use it for (i) any commercial purposes, (ii) ...")
    take a restriction away instead of a permission.

    >>> _read_by_cues("You may not use the Software for military purposes.", "You may not use the Software for commercial or military purposes.", "", lambda: True)[:2]
    (set(), {'commercial-ban'})
    >>> _read_by_cues("You may not commercially exploit it.", "You may not sell or commercially exploit it.", "", lambda: True)[0]
    set()
    >>> _read_by_cues("You may use the Software for research purposes.", "You may use the Software for research or commercial purposes.")[:2]
    ({'commercial-ban'}, set())
    """
    after, before = _counts(CUES, with_edit), _counts(CUES, without)
    brought = {label for label in CUES if after[label] > before[label]}
    taken = {label for label in CUES if before[label] > after[label]}
    evidence = ["cue"] if brought else []
    # a limiter put in or taken out ("including" -> "excluding commercial", "shall [not] be subject to revocation")
    # turns the restriction words around it: they are the edit's labels
    limited, relaxed = set(), set()
    put_in, taken_out = _multiset_difference(_limiters(with_edit), _limiters(without)), _multiset_difference(_limiters(without), _limiters(with_edit))
    # a permission struck restricts, unless a limiter went with it: "You will not use outputs to improve ..." struck
    # whole takes a restriction away, not the permission to use
    kept, had = _counts(PERMISSIONS, with_edit), _counts(PERMISSIONS, without)
    struck = {label for label in PERMISSIONS if had[label] > kept[label]} - brought if put_in or not taken_out else set()
    # a forbidden use struck from a list of what is forbidden restricts nothing, and takes that restriction away once
    # no word of it is left around the edit ("may not sell or commercially exploit it" -> "may not commercially exploit it")
    unforbidden: set[str] = set()
    if struck and forbidden():
        struck, unforbidden = set(), {label for label in struck if not kept[label]}
    if struck:
        evidence.append("permission")
    if put_in:
        limited = _limited_by(added, with_edit, after) - brought - struck
        if limited:
            evidence.append("limiter")
    elif taken_out:  # a limiter struck: the restriction it made around those words is gone ...
        topics = _counts(TOPICS, without)
        relaxed = {label for label in CUES if before[label] or topics.get(label)} - brought - struck
        # ... unless the words it negated are the restriction's own: "No contributor can revoke" -> "Any contributor
        # can revoke" grants a revocation (only the phrases of a ban carry their own "not")
        limited = {label for label in relaxed if label not in _SELF_NEGATING and before[label] and after[label]}
        relaxed -= limited
        if limited:
            evidence.append("limiter")
    found = brought | struck | limited
    if "user-count-cap" in found and not _NUMBER.search(spell_numbers(added or with_edit)):
        found.discard("user-count-cap")  # a cap is a number: "users" or "devices" put in without one cap nothing
    return found, (taken | relaxed | unforbidden) - struck - limited - brought, evidence if found or struck else []


# a prohibition: "will not", "agree not to", "is prohibited"; not the "not" of "including but not limited to"
_PROHIBITION = re.compile(
    r"\b(?:(?:will|shall|may|must|can|could|should|agrees?|undertakes?|promises?)\s+not|cannot|won't|can't|mustn't|shan't)\b"
    r"(?!\s+(?:be\s+)?limit)|\b(?:prohibit\w*|forbid\w*|refrain\w*\s+from)\b|\bnot\s+(?:be\s+)?(?:permitted|allowed|authori[sz]ed)\b",
    re.IGNORECASE,
)
# words after a prohibition that let something through again: "may not use it except for research or commercial use"
_LETS_THROUGH = re.compile(
    r"\b(?:except|excluding|unless|other\s+than|save|only|solely|exclusively|without|but|may|can|grants?"
    r"|(?:is|are)\s+(?:hereby\s+)?(?:free|granted|permitted|allowed))\b",
    re.IGNORECASE,
)
_SENTENCE_STOP = re.compile(r"[.!?](?=\s)")
_ENUMERATOR_BEFORE = re.compile(r"(?:^|[\s(])(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[ivxlcIVXLC]{1,5}|e\.g|i\.e|etc|Inc|Ltd|Co|No|Sec|Art)$")
_ITEM = re.compile(r"\s*(?:\(?(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5})[.)]|[-*•])\s")
LEAD_IN_CHARS = 2000  # how far back a list item's lead-in is looked for


def under_prohibition(text: str, position: int) -> bool:
    r"""Whether a prohibition governs ``position`` of ``text``: its sentence up to there (and, for an item of a list,
    the list's lead-in) forbids, with nothing after the prohibition that lets a use through again.

    >>> under_prohibition("You will not, and will not permit any third party to:\n\na. use it for (i) any commercial purposes", 80)
    True
    >>> under_prohibition("You may not use the Model except for research or commercial purposes.", 60)
    False
    >>> under_prohibition("Permission is granted, including but not limited to the rights to use, copy and sell copies.", 85)
    False
    >>> under_prohibition("You may not sublicense it. You may use it to sell copies.", 50)
    False
    >>> under_prohibition("You will not remove this notice, and you may use, copy and sell the Software.", 66)
    False
    >>> under_prohibition("You agree not to use the Model:\n(a) for weapons.\n(b) in commerce.", 60)
    True
    """
    sentence = _sentence_before(text, position)
    if _ITEM.match(text, sentence) and ":" not in text[sentence:position]:
        colon = text.rfind(":", max(0, sentence - LEAD_IN_CHARS), sentence)
        if colon >= 0:
            sentence = _sentence_before(text, colon)
    governing = text[sentence:position]
    last = None
    for last in _PROHIBITION.finditer(governing):
        pass
    return last is not None and not _LETS_THROUGH.search(governing, last.end())


def _sentence_before(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts: after the last sentence-final mark before it that does not
    close an enumerator or an abbreviation ("a.", "2.1.", "e.g."); no further back than ``LEAD_IN_CHARS``."""
    found = max(0, position - LEAD_IN_CHARS)
    for stop in _SENTENCE_STOP.finditer(text, max(0, position - LEAD_IN_CHARS), position):
        if not _ENUMERATOR_BEFORE.search(text, max(0, stop.start() - 12), stop.start()):
            found = stop.end()
    return found


def _limited_by(added: str, with_edit: str, after: dict[str, int]) -> set[str]:
    """What a limiter put in restricts: the topics of the words added with it, else an exception to a use or purpose
    ("for any purpose except identifying individuals"), else the topics and cues around it."""
    own = {label for label, count in _counts(TOPICS, added).items() if count} | cue_labels(added)
    if own:
        return own
    excepted = len(added.split()) > 2  # "except identifying individuals by face": what is excepted is in the edit
    if excepted and _EXCEPTION.search(added) and re.search(r"\b(?:purposes?|uses?|used|using)\b", with_edit, re.IGNORECASE):
        return {"use-case-limit"}
    return {label for label in CUES if after[label]} | {label for label, count in _counts(TOPICS, with_edit).items() if count}


def _multiset_difference(first: list[str], second: list[str]) -> list[str]:
    rest = list(second)
    missing = []
    for word in first:
        if word in rest:
            rest.remove(word)
        else:
            missing.append(word)
    return missing


def is_wording(added: str, removed: str) -> bool:
    """Whether an edit only rewords: no operative word, no restriction cue, a few words at most ("shall" -> "must").

    >>> is_wording("must", "shall"), is_wording("You must not", "You shall not"), is_wording("for non-commercial purposes only", "")
    (True, True, False)
    """
    if _MODAL.sub("must", added.lower()) == _MODAL.sub("must", removed.lower()):
        return True  # one modal verb for another: "shall" and "must" bind alike
    return not _operative(added, removed) and not cue_labels(added) and not cue_labels(removed)


_MODAL = re.compile(r"\b(?:shall|must|will)\b")


def _operative(added: str, removed: str) -> bool:
    """Long edits, edits of operative words, and words not in the Latin script (which cannot be read) are operative."""
    from .language import script_language

    from .language import looks_foreign

    words = max(len(added.split()), len(removed.split()))
    foreign = script_language(added) is not None or looks_foreign(added)
    if foreign or OPERATIVE.search(added) or OPERATIVE.search(removed):
        return True
    return words > BENIGN_WORDS and not _names_something(added)


def _names_something(text: str) -> bool:
    """A single line of mostly capitalised words ("pgMarlowe Extension for PostgreSQL"): a name or a title, not a term.

    >>> _names_something("pgMarlowe Extension for PostgreSQL"), _names_something("for use by hospitals and clinics only")
    (True, False)
    """
    words = re.findall(r"[^\W\d_]+", text)
    if not words or "\n" in text.strip() or re.search(r"[.;:]\s", text):
        return False
    return sum(word[0].isupper() or any(char.isupper() for char in word[1:]) for word in words) >= 0.6 * len(words)


def readings(changes: Sequence[Change], clauses: Sequence[Any]) -> list[tuple[str, ...]]:
    """The texts each change is read in by the classifier, in pairs (with the edit, without it): the clause holding it
    as it is and with the reference's words put back; and when the cues gave it no label, the edit with its neighbours
    against the reference's same words and the words an operative edit puts in, alone (against nothing).

    ``clauses`` are the text's :class:`~licensecheck.segment.Clause`s in order; a change before every clause, or a
    long removal (read from the reference's stored analysis instead), is read in no text. :func:`label_changes` reads
    the scores of these texts; the pipeline scores them in the same call as the clauses (one pass of the classifier).
    """
    starts = [clause.start for clause in clauses]
    pairs: list[tuple[str, ...]] = []
    for change in changes:
        if not clauses or is_long_removal(change.kind, change.removed):
            pairs.append(())
            continue
        clause = clauses[max(0, bisect.bisect_right(starts, change.start) - 1)]
        offset_start, offset_end = max(change.start, clause.start) - clause.start, min(change.end, clause.end) - clause.start
        with_edit = clause.text
        without = with_edit[:offset_start] + (change.removed if change.start >= clause.start else "") + with_edit[max(offset_end, offset_start):]
        window = not change.labels and change.reference_context and len(change.context.split()) >= MIN_WINDOW_WORDS
        # the edit's own words with their neighbours, when the cues gave it no label (text added around the
        # license is read as its clause only)
        group = (with_edit, without, change.context, change.reference_context) if window else (with_edit, without)
        if _read_alone(change):
            group += (change.added, "")  # the words put in, read alone: what restriction do they come nearest to
        pairs.append(group)
    return pairs


def _read_alone(change: Change) -> bool:
    """Whether the words an edit puts in are read alone: an operative edit of some length that the cues gave no label."""
    return change.operative and not change.labels and len(change.added.split()) >= MIN_WINDOW_WORDS


def label_changes(changes: Sequence[Change], clauses: Sequence[Any], classifier: Any, index: Any) -> list[Change]:
    """Each change read by the classifier in its sentence, with the clause, section and the reference part it falls in.

    ``clauses`` are the analysis's ``ClauseResult``s. The clause holding an
    edit is scored as it is and with the reference's words put back (:func:`readings`).
    """
    if not changes:
        return []
    starts = [result.clause.start for result in clauses]
    placed = [clauses[max(0, bisect.bisect_right(starts, change.start) - 1)] if clauses else None for change in changes]
    pairs = readings(changes, [result.clause for result in clauses])
    alone = [_read_alone(change) for change in changes]
    offsets = [0]
    for group in pairs:
        offsets.append(offsets[-1] + len(group))
    scores = classifier.scores([text for group in pairs for text in group]) if pairs else []
    thresholds = classifier.meta.thresholds
    labelled = []
    for number, (change, result) in enumerate(zip(changes, placed)):
        if result is None:
            labelled.append(change)
            continue
        if is_long_removal(change.kind, change.removed):
            labelled.append(_read_from_reference(change, result, index, classifier))
            continue
        brought, taken = set(change.labels), set(change.removed_labels)
        by_model = False
        # the clause with the edit against the clause without it; then the edit's own words and their neighbours
        first = offsets[number]
        read = [(scores[first + position], scores[first + position + 1]) for position in range(0, len(pairs[number]), 2)]
        for with_scores, without_scores in read:
            for column, label in enumerate(classifier.labels):
                if Label(label).group is Group.NEUTRAL:
                    continue
                cut = thresholds.get(label, 0.5)
                rise = with_scores[column] - without_scores[column]
                if (with_scores[column] >= cut > without_scores[column]) or (label in BLOCKING and rise >= DELTA):
                    by_model |= label not in brought
                    brought.add(label)
                elif without_scores[column] >= cut > with_scores[column] and change.removed:
                    taken.add(label)
        if _mostly_new(change, result.clause.text):
            brought = _as_written(brought, read[0][0], classifier)
        brought -= ruled_out(brought, result.clause.text)
        # words put in whose form restricts nothing (a registration with no approval step, a pure permission:
        # permissive.py) bring no restriction; the edit stays operative, so a person reads it (never open)
        set_aside = not change.removed.strip() and bool(brought & BLOCKING) and restricts_nothing(change.added)
        if set_aside:
            brought -= BLOCKING
        if not brought and alone[number]:
            guess = _likeliest(read[-1][0], classifier)  # nothing else explains words that restrict: their likeliest reading
            if guess:
                brought.add(guess)
                by_model = True
        taken -= brought
        evidence = tuple(dict.fromkeys([*change.evidence, *(["classifier"] if by_model else [])]))
        where = _where(change, index, classifier)
        operative = set_aside or change.operative or (where == "grant" and _qualifies(change.added) and not same_spelling(change.added, change.removed))
        if operative and not brought and where == "disclaimer" and _still_a_disclaimer(change, read[0][0], classifier):
            operative = False  # the disclaimer said in other words
        labelled.append(replace(
            change, labels=tuple(sorted(brought, key=LABELS.index)), removed_labels=tuple(sorted(taken, key=LABELS.index)),
            section=result.clause.section, clause=result.id, where=where, evidence=evidence, operative=operative,
        ))
    return labelled


DRAFTED_SCORE = 0.75  # a text less like its nearest reference than this was drafted from it, not edited


def as_drafted(changes: Sequence[Change], clauses: Sequence[Any], identification: Any) -> list[Change]:
    """The changes of a text drafted from a known license rather than edited: one whose nearest reference scores
    under ``DRAFTED_SCORE`` (most sentences rewritten, whole sections new).

    Word by word, such a text is one long edit, and the cues read its fragments out of their sentences ("COMMERCIAL
    SUITABILITY" of a rewritten warranty disclaimer). Its clauses were read as written, as those of any new license
    are: an edit keeps the blocking labels of the clause that holds it (``clauses``: the analysis's ``ClauseResult``s),
    and the others it suggests are ``unconfirmed``, which leaves the edit unexplained, so the license goes to a person
    rather than to an open verdict.
    """
    best = identification.matches[0].score if identification is not None and identification.matches else 1.0
    if best >= DRAFTED_SCORE:
        return list(changes)
    carried = {result.id: {item.label for item in result.labels} for result in clauses}
    drafted = []
    for change in changes:
        doubtful = tuple(label for label in change.labels if label in BLOCKING and label not in carried.get(change.clause, set()))
        if doubtful:
            change = replace(change, labels=tuple(label for label in change.labels if label not in doubtful), unconfirmed=doubtful)
        drafted.append(change)
    return drafted


NEW_SHARE = 0.8  # a clause this much of whose words an edit put in is read as a clause of its own
KEEP_SHARE = 0.5  # in such a clause, a cue's blocking label the classifier scores this share of its threshold stays


def _mostly_new(change: Change, clause_text: str) -> bool:
    """Whether the edit wrote the clause that holds it: it added most of its words and took none of the reference's."""
    return not change.removed.strip() and len(change.added.split()) >= NEW_SHARE * len(clause_text.split())


def _as_written(brought: set[str], with_scores: Any, classifier: Any) -> set[str]:
    """The labels of a clause an edit wrote: when the classifier reads the whole clause as a restriction, the cues'
    blocking labels that it scores under ``KEEP_SHARE`` of their threshold are dropped (the cue tables count words,
    the classifier was trained on clauses); else the cues' labels stand.

    A clause the classifier gives a blocking label keeps one, so no edit that the cues called a restriction reads as
    open by this; its conditions (attribution, share-alike) are kept as the cues and the classifier found them.
    """
    share = _blocking_shares(with_scores, classifier)
    read = {label for label, part in share.items() if part >= 1}
    if not read:
        return brought
    return {label for label in brought if label not in BLOCKING or share[label] >= KEEP_SHARE} | read


def _read_from_reference(change: Change, result: Any, index: Any, classifier: Any) -> Change:
    """A long removal (a license cut short, a section struck) takes away the restrictions and conditions of the
    reference clauses it removes, as the reference's stored analysis labels them: no need to read pages of the
    reference again."""
    from .known import reference_analysis

    inside = [item for item in reference_analysis(change.base, index, classifier)
              if change.reference_start <= item.clause.start and item.clause.end <= change.reference_end]
    taken = {label for item in inside for label in item.label_names if Label(label).group is not Group.NEUTRAL}
    return replace(change, removed_labels=tuple(sorted(taken, key=LABELS.index)), section=result.clause.section, clause=result.id,
                   where=_where(change, index, classifier), evidence=("reference",) if taken else ())


GUESS = 0.5  # an operative edit otherwise unexplained takes the blocking label its words reach this share of the threshold of


def _blocking_shares(scores: Any, classifier: Any) -> dict[str, float]:
    """Each blocking label's score as a share of its threshold (1 and above: the label is given), in label order."""
    return {label: scores[column] / classifier.meta.thresholds.get(label, 0.5)
            for column, label in enumerate(classifier.labels) if label in BLOCKING}


def _likeliest(scores: Any, classifier: Any) -> str | None:
    """The blocking label the scores come nearest to (as a share of its threshold), if at least ``GUESS`` of it."""
    best, label_of = 0.0, None
    for label, share in _blocking_shares(scores, classifier).items():
        if share > best:
            best, label_of = share, label
    return label_of if best >= GUESS else None


_RESTRICTIVE = re.compile(r"\b(?:only|solely|exclusively|except|unless|provided|prohibit\w*|forbid\w*|must|shall\s+not|may\s+not)\b", re.I)


def _still_a_disclaimer(change: Change, with_scores: Any, classifier: Any) -> bool:
    """Whether an edit of the reference's disclaimer leaves a disclaimer and nothing else: the clause with the edit
    is still read as a disclaimer, no blocking label comes near its threshold, and no restricting word was put in."""
    if _RESTRICTIVE.search(change.added):
        return False
    thresholds = classifier.meta.thresholds
    for column, label in enumerate(classifier.labels):
        cut = thresholds.get(label, 0.5)
        if label == "disclaimer" and with_scores[column] < cut:
            return False
        if label in BLOCKING and with_scores[column] >= 0.5 * cut:
            return False
    return True


def _qualifies(added: str) -> bool:
    """Whether words added to a grant can narrow it: any word but the license's title words and numbers.

    A grant is narrowed by what is put into it ("to anyone in Australia", "include" -> "exclude"), whatever the words;
    only a repeated title, a year or a name ("Pebblestone" for "the Software") is harmless there.
    """
    words = [word for word in re.findall(r"[^\W\d_]+", added) if word.lower() not in _ARTICLES]
    # a capitalised word is a name ("Pebblestone" for "the Software"), unless it is a place ("in Australia")
    return any(word.lower() not in TITLE_WORDS and (not word[0].isupper() or word.isupper()) for word in words) or bool(places().search(added))


_ARTICLES = frozenset({"a", "an", "the"})  # "with or without [a] fee": an article narrows nothing


_SPELLINGS = ((r"isation", "ization"), (r"yse\b", "yze"), (r"ise\b", "ize"), (r"ised\b", "ized"), (r"ising\b", "izing"), (r"ises\b", "izes"),
              (r"our\b", "or"), (r"tre\b", "ter"), (r"licence", "license"), (r"lled\b", "led"), (r"lling\b", "ling"), (r"ogue\b", "og"))


def same_spelling(added: str, removed: str) -> bool:
    """Whether two wordings differ only in British and American spelling ("organisation" / "organization").

    >>> same_spelling("recognise", "recognize"), same_spelling("organisation", "organization"), same_spelling("exclude", "include")
    (True, True, False)
    """
    def american(text: str) -> str:
        text = " ".join(text.lower().split())
        for british, us in _SPELLINGS:
            text = re.sub(british, us, text)
        return text

    return bool(added.strip()) and american(added) == american(removed)


def _where(change: Change, index: Any, classifier: Any) -> str:
    """The part of the reference license an edit falls in: its grant, disclaimer, conditions, or section."""
    from .known import reference_analysis

    for item in reference_analysis(change.base, index, classifier):
        if item.clause.start <= change.reference_start <= item.clause.end:
            names = item.label_names
            for label, part in (("grant", "grant"), ("disclaimer", "disclaimer"), ("attribution", "conditions"), ("share-alike", "conditions")):
                if label in names:
                    return part
            return f"§{item.clause.section}" if item.clause.section else "text"
    return "text"


def blocking_of(changes: Iterable[Change]) -> list[str]:
    """The blocking labels the changes bring, in taxonomy order."""
    found = {label for change in changes for label in change.blocking}
    return [label for label in LABELS if label in found]


# high-precision phrases, looked for in every analysed clause of a text that is not an unmodified known license:
# one that the classifier left without the label sends the text to review
STRONG_CUES = compiled(vocabulary.STRONG)
# A phrase that states a right ("revoke this license") is negated by these words just before it ("No contributor can ...").
_NEGATED = re.compile(r"(?:\b(?:no|not|never|nor|cannot|can't|won't|without|neither)\b[^.;:]{0,40}|\bnon[\s-]*)$", re.IGNORECASE)
_SELF_NEGATING = {"commercial-ban", "no-derivatives", "use-case-limit"}  # their phrases carry their own "not"


@functools.lru_cache(maxsize=20_000)
def restriction_words(text: str) -> frozenset[str]:
    """The blocking labels whose high-precision restriction phrases occur in ``text`` (not negated).

    >>> sorted(restriction_words("The Model may be used for research purposes only."))
    ['commercial-ban']
    >>> sorted(restriction_words("a perpetual, worldwide, non-revocable license. No contributor can revoke this license."))
    []
    """
    found: set[str] = set()
    if not STRONG_CUES.matches_any(text):
        return frozenset(found)
    for label, pattern in STRONG_CUES.items():
        for match in pattern.finditer(text):
            if label in _SELF_NEGATING or not _NEGATED.search(text[max(0, match.start() - 60) : match.start()]):
                found.add(label)
                break
    return frozenset(found)
