"""What changed between two licenses, or two versions of one, in legal terms.

Both texts are analysed, then aligned word by word with the one alignment
engine (:mod:`licensecheck.alignment`); clauses whose words the alignment
matches are paired (a clause split in two or merged pairs with both), and a
clause left unpaired on both sides but close in wording is a clause that
moved. Each pair, and each clause left alone, is then read in legal terms:

* a restriction or condition **added** (a label the new side has and its old
  counterpart has not) or **removed**;
* **changed**: the same label with other parameters (a user cap from
  700,000,000 to 100,000,000, a naming prefix, regions, a policy URL);
* **reworded**: other words that carry no label change, reported collapsed.

The license-level ``labels`` (:func:`licensecheck.diff.terms.compare_terms`)
say which labels the license as a whole gained, lost or changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..alignment import align, edits
from ..changes import is_wording
from ..identify import Tokens, tokenize
from ..segment import Clause
from ..taxonomy import LABELS, Group, Label
from .terms import TermsDelta, compare_terms, signatures

SCHEMA = "licensecheck/diff/v1"
PAIR_SHARE = 0.5  # clauses are paired when this share of either one's words is matched to the other
MOVED_SIMILARITY = 0.8  # an unpaired clause this similar to an unpaired clause of the other side moved there
MIN_MOVED_WORDS = 5
MAX_SNIPPETS = 3


@dataclass(frozen=True)
class ClauseChange:
    """One change between the versions: a label added, removed or changed, or a rewording, with the clauses of both sides."""

    kind: str  # added / removed / changed / reworded / moved (with no label: a clause only one side has is added / removed)
    label: str | None  # the restriction or condition (None for a change in wording alone)
    old: tuple[dict[str, Any], ...]  # the old side's clauses (analysis clause objects), empty for a clause only the new side has
    new: tuple[dict[str, Any], ...]
    words_added: tuple[str, ...] = ()  # the new side's words the old side has not (a few snippets)
    words_removed: tuple[str, ...] = ()

    @property
    def old_params(self) -> list[dict[str, Any]]:
        """The old side's parameters for the label."""
        return _params(self.old, self.label)

    @property
    def new_params(self) -> list[dict[str, Any]]:
        """The new side's parameters for the label."""
        return _params(self.new, self.label)

    @property
    def section(self) -> str:
        """Where the change is: the new side's section, else the old side's."""
        for side in (self.new, self.old):
            for clause in side:
                if clause.get("section"):
                    return str(clause["section"])
        return ""

    def to_dict(self) -> dict[str, Any]:
        """The change in the ``licensecheck/diff/v1`` contract."""
        return {
            "kind": self.kind,
            "label": self.label,
            "section": self.section,
            "old": _side(self.old, self.label),
            "new": _side(self.new, self.label),
            "words_added": list(self.words_added),
            "words_removed": list(self.words_removed),
        }


@dataclass(frozen=True)
class VersionDiff:
    """Two analyses compared: the license-level labels, the label changes clause by clause, and the rewordings."""

    old: dict[str, Any]  # the analyses (``licensecheck/analysis/v1``)
    new: dict[str, Any]
    labels: TermsDelta
    changes: tuple[ClauseChange, ...] = ()
    reworded: tuple[ClauseChange, ...] = ()
    identical: bool = False  # the same words (layout, case, punctuation and copyright lines aside)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def changed_terms(self) -> bool:
        """True when a restriction or condition was added, removed or changed."""
        return not self.labels.empty or bool(self.changes)  # rewordings and moves are kept apart, in ``reworded``

    @property
    def summary(self) -> str:
        """One line: "added commercial-ban; removed attribution; changed user-count-cap", or "no change"."""
        if self.identical:
            return "no change: the texts have the same words"
        parts = [f"{kind} {', '.join(labels)}" for kind, labels in
                 (("added", self.labels.added), ("removed", self.labels.removed), ("changed", self.labels.changed)) if labels]
        if not parts:
            if self.changes:
                count = len(self.changes)
                parts.append(f"no change in the license's terms; {count} clause-level label change{'s' if count > 1 else ''}")
            else:
                parts.append("no change in legal terms")
        if self.reworded:
            parts.append(describe_wording([change.kind for change in self.reworded]))
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The diff in the JSON contract ``licensecheck/diff/v1``."""
        return {
            "schema": SCHEMA,
            "old": _overview(self.old),
            "new": _overview(self.new),
            "identical": self.identical,
            "summary": self.summary,
            "labels": self.labels.to_dict(),
            "changes": [change.to_dict() for change in self.changes],
            "reworded": [change.to_dict() for change in self.reworded],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class _Side:
    """One analysed text, read for the comparison: its tokens, clauses in order, the clause of each token, each clause's
    words and labels."""

    analysis: dict[str, Any]
    tokens: Tokens
    clauses: list[dict[str, Any]]
    owner: Any  # the position of the clause holding each token (-1 outside every clause), a NumPy array
    positions: dict[int, list[int]]  # each clause's tokens, in order
    words: dict[int, list[str]]
    labels: dict[str, set[str]]

    @classmethod
    def of(cls, analysis: dict[str, Any], tokens: Tokens | None = None) -> "_Side":
        tokens = tokens if tokens is not None else tokenize(analysis["source"]["text"])
        clauses = sorted(analysis["clauses"], key=lambda clause: (clause["start"], clause["end"]))
        owner = _clause_of(tokens, clauses)
        positions = _positions(owner)
        return cls(analysis, tokens, clauses, owner, positions, _clause_words(tokens, positions), _clause_labels(analysis))

    def group_positions(self, numbers: list[int]) -> list[int]:
        """The tokens of the clauses at these positions, in order."""
        return [position for number in numbers for position in self.positions.get(number, ())]

    def group(self, numbers: list[int]) -> tuple[dict[str, Any], ...]:
        """The clauses at these positions."""
        return tuple(self.clauses[number] for number in numbers)

    def group_words(self, numbers: list[int]) -> list[str]:
        """The words of the clauses at these positions, in order."""
        return [word for number in numbers for word in self.words.get(number, ())]


def compare(old: dict[str, Any], new: dict[str, Any], tokens: tuple[Tokens, Tokens] | None = None) -> VersionDiff:
    """Compare two analyses (``Analysis.to_dict()``, each with its source text; ``tokens``: the texts'
    :func:`~licensecheck.identify.tokenize` tokens, when the caller has them)."""
    before, after = (_Side.of(old, tokens[0]), _Side.of(new, tokens[1])) if tokens else (_Side.of(old), _Side.of(new))
    labels = compare_terms(old["labels"], new["labels"])
    if before.tokens.words == after.tokens.words and labels.empty:
        return VersionDiff(old, new, labels, identical=True)
    links = _links(align(before.tokens.words, after.tokens.words), before, after)
    moved = _moved(links, before, after)
    changes: list[tuple[int, ClauseChange]] = []
    reworded: list[tuple[int, ClauseChange]] = []
    for old_group, new_group in _components(links | moved, len(before.clauses), len(after.clauses)):
        is_move = bool(old_group and new_group) and (old_group[0], new_group[0]) in moved
        position, found = _read_group(before, after, old_group, new_group, is_move)
        if found and found[0].label is None:
            reworded.append((position, found[0]))
        else:
            changes.extend((position, change) for change in found)
    ordered = tuple(change for _, change in sorted(changes, key=lambda item: (item[0], LABELS.index(item[1].label))))
    labels = _evidenced(labels, ordered)
    return VersionDiff(old, new, labels, ordered, tuple(change for _, change in sorted(reworded, key=lambda item: item[0])),
                       notes=_notes(labels, ordered))


def _read_group(before: _Side, after: _Side, old_group: list[int], new_group: list[int], is_move: bool) -> tuple[int, list[ClauseChange]]:
    """What one group of paired clauses says changed: label changes, else one rewording (label None), else nothing
    (the same words: whatever the analyses read in them, the texts did not change there)."""
    words_a, words_b = before.group_words(old_group), after.group_words(new_group)
    a, b = before.group(old_group), after.group(new_group)
    position = b[0]["start"] if b else (a[0]["start"] if a else 0)
    if words_a == words_b and not is_move:
        return position, []
    added, removed = _edits(before, after, old_group, new_group)
    shown = (tuple([words for words in added if words][:MAX_SNIPPETS]), tuple([words for words in removed if words][:MAX_SNIPPETS]))
    wording = bool(a and b) and (words_a == words_b or all(is_wording(put, taken) for put, taken in zip(added, removed)))
    found = _label_changes(a, b, _terms_of(a, before.labels), _terms_of(b, after.labels), *shown, flips=not wording)
    return position, found or [ClauseChange(_wording_kind(a, b, words_a == words_b), None, a, b, *shown)]


def _wording_kind(old: Sequence[Any], new: Sequence[Any], same_words: bool) -> str:
    """What a change with no label change did: moved (the same words), reworded, or a clause only one side has."""
    if same_words:
        return "moved"
    return "added" if not old else "removed" if not new else "reworded"


WORDING_KINDS = ("reworded", "moved", "added", "removed")


def describe_wording(kinds: Sequence[str]) -> str:
    """The clauses changed with no label change, counted by kind: "3 clauses reworded, 1 removed".

    >>> describe_wording(["reworded", "removed", "reworded", "moved"])
    '2 clauses reworded, 1 moved, 1 removed'
    >>> describe_wording(["removed"])
    '1 clause removed'
    """
    counts = [(kind, sum(item == kind for item in kinds)) for kind in WORDING_KINDS]
    parts = [f"{count} {kind}" for kind, count in counts if count]
    if not parts:
        return ""
    first = next(count for _, count in counts if count)
    parts[0] = parts[0].replace(" ", f" clause{'s' if first > 1 else ''} ", 1)
    return ", ".join(parts)


def _clause_of(tokens: Tokens, clauses: Sequence[dict[str, Any]]) -> Any:
    """For each token, the position of the clause holding it (-1 outside every clause), as a NumPy array."""
    import numpy as np

    if not clauses:
        return np.full(len(tokens.starts), -1, dtype=np.int64)
    starts = np.array([clause["start"] for clause in clauses])
    ends = np.array([clause["end"] for clause in clauses])
    places = np.array(tokens.starts, dtype=np.int64)
    number = np.searchsorted(starts, places, side="right") - 1
    inside = (number >= 0) & (places < ends[np.maximum(number, 0)])
    return np.where(inside, number, -1)


def _positions(owner: Any) -> dict[int, list[int]]:
    """Each clause's tokens, in order, from the clause of each token (clauses in text order hold runs of tokens).

    >>> import numpy as np
    >>> _positions(np.array([-1, 0, 0, -1, 2, 2, 2]))
    {0: [1, 2], 2: [4, 5, 6]}
    """
    import numpy as np

    inside = np.flatnonzero(owner >= 0)
    numbers, firsts = np.unique(owner[inside], return_index=True)
    bounds = [*firsts.tolist(), len(inside)]
    places = inside.tolist()
    return {number: places[bounds[place] : bounds[place + 1]] for place, number in enumerate(numbers.tolist())}


def _links(blocks: Any, before: _Side, after: _Side) -> set[tuple[int, int]]:
    """Pairs of clauses (old, new) whose matched words make up ``PAIR_SHARE`` of either one."""
    import numpy as np

    blocks = [block for block in blocks if block.size]
    if not blocks:
        return set()
    old_owner = before.owner[np.concatenate([np.arange(block.a, block.a + block.size) for block in blocks])]
    new_owner = after.owner[np.concatenate([np.arange(block.b, block.b + block.size) for block in blocks])]
    both = (old_owner >= 0) & (new_owner >= 0)
    width = len(after.clauses) + 1
    pairs, counts = np.unique(old_owner[both] * width + new_owner[both], return_counts=True)
    return {
        (a, b) for a, b, count in zip((pairs // width).tolist(), (pairs % width).tolist(), counts.tolist())
        if count >= PAIR_SHARE * min(len(before.positions[a]), len(after.positions[b]))
    }


_ENUMERATOR = re.compile(r"^(?:\d{1,3}|[a-z]|[ivxlc]{1,5})$")


def _clause_words(tokens: Tokens, positions: dict[int, list[int]]) -> dict[int, list[str]]:
    """Each clause's words without its leading enumerator ("2", "b", "iv"): a renumbered clause reads the same."""
    found: dict[int, list[str]] = {}
    for owner, places in positions.items():
        words = [tokens.words[position] for position in places]
        lead = 0
        while lead < min(3, len(words) - 1) and _ENUMERATOR.match(words[lead]):
            lead += 1
        found[owner] = words[lead:]
    return found


def _moved(links: set[tuple[int, int]], before: _Side, after: _Side) -> set[tuple[int, int]]:
    """Pairs of clauses left unpaired on both sides whose words are nearly the same: a clause moved elsewhere."""
    from rapidfuzz.distance import Indel

    paired_old, paired_new = {pair[0] for pair in links}, {pair[1] for pair in links}
    lonely_new = {number: after.words.get(number, []) for number in range(len(after.clauses)) if number not in paired_new}
    lonely_new = {number: words for number, words in lonely_new.items() if len(words) >= MIN_MOVED_WORDS}
    found: set[tuple[int, int]] = set()
    for number in range(len(before.clauses)):
        if number in paired_old or not lonely_new:
            continue
        words = before.words.get(number, [])
        if len(words) < MIN_MOVED_WORDS:
            continue
        best, score = max(((other, Indel.normalized_similarity(words, candidate)) for other, candidate in lonely_new.items()), key=lambda item: item[1])
        if score >= MOVED_SIMILARITY:
            found.add((number, best))
            del lonely_new[best]
    return found


def _components(links: set[tuple[int, int]], old_size: int, new_size: int) -> list[tuple[list[int], list[int]]]:
    """Groups of linked clauses (old positions, new positions); an unlinked clause is a group alone."""
    parent = list(range(old_size + new_size))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in links:
        parent[root(a)] = root(old_size + b)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for node in range(old_size + new_size):
        old_side, new_side = groups.setdefault(root(node), ([], []))
        (old_side if node < old_size else new_side).append(node if node < old_size else node - old_size)
    return list(groups.values())


def _clause_labels(analysis: dict[str, Any]) -> dict[str, set[str]]:
    """Each clause's restrictions and conditions, those an edit of a known license gave it included (the ``labels`` object)."""
    found: dict[str, set[str]] = {}
    for label, entry in analysis["labels"].items():
        if Label(label).group is Group.NEUTRAL:
            continue
        for clause_id in entry["clauses"]:
            found.setdefault(clause_id, set()).add(label)
    return _off_titles(analysis["clauses"], found)


def _off_titles(clauses: Sequence[dict[str, Any]], found: dict[str, set[str]]) -> dict[str, set[str]]:
    """Labels an edit gave a title (a new "2A. Use of Outputs." inserted with its provision) belong to the clause after it."""
    ordered = sorted(clauses, key=lambda clause: (clause["start"], clause["end"]))
    for clause, following in zip(ordered, ordered[1:]):
        if clause["id"] in found and Clause(clause["start"], clause["end"], clause["text"], clause["section"], clause["heading"]).is_heading:
            found.setdefault(following["id"], set()).update(found.pop(clause["id"]))
    return found


def _terms_of(clauses: Sequence[dict[str, Any]], labels: dict[str, set[str]]) -> dict[str, frozenset[Any]]:
    """The labels of a side's clauses, each with the signatures of its parameters."""
    found: dict[str, list[dict[str, Any]]] = {}
    for clause in clauses:
        for label in labels.get(clause["id"], ()):
            found.setdefault(label, []).append(clause.get("params") or {})
    return {label: signatures(label, params) for label, params in found.items()}


def _label_changes(
    a: tuple[dict[str, Any], ...], b: tuple[dict[str, Any], ...], before: dict[str, frozenset[Any]], after: dict[str, frozenset[Any]],
    added: tuple[str, ...], removed: tuple[str, ...], flips: bool = True,
) -> list[ClauseChange]:
    """The labels a group of clauses gained, lost (unless ``flips`` is False: a rewording cannot) or kept with other parameters."""
    found = []
    for label in LABELS:
        if not flips and (label in after) != (label in before):
            continue
        if label in after and label not in before:
            found.append(ClauseChange("added", label, a, b, added, removed))
        elif label in before and label not in after:
            found.append(ClauseChange("removed", label, a, b, added, removed))
        elif label in before and before[label] != after[label] and a and b:
            found.append(ClauseChange("changed", label, a, b, added, removed))
    return found


def _edits(before: _Side, after: _Side, old_group: list[int], new_group: list[int]) -> tuple[list[str], list[str]]:
    """Each edit of a group of clauses: the words the new side put in and those it took out, as the texts have them
    (one entry per edit on each side, empty where an edit only inserts or only removes)."""
    old_positions, new_positions = before.group_positions(old_group), after.group_positions(new_group)
    if not old_positions or not new_positions:
        return [], []
    put_in, taken_out = [], []
    for edit in edits([after.tokens.words[position] for position in new_positions], [before.tokens.words[position] for position in old_positions]):
        put_in.append(_span_text(after, new_positions[edit.a_start : edit.a_end]))
        taken_out.append(_span_text(before, old_positions[edit.b_start : edit.b_end]))
    return put_in, taken_out


def _span_text(side: _Side, positions: list[int]) -> str:
    """The text from the first to the last of these tokens, whitespace collapsed (empty for none)."""
    if not positions:
        return ""
    text = side.analysis["source"]["text"][side.tokens.starts[positions[0]] : side.tokens.ends[positions[-1]]]
    return " ".join(text.split())


def _params(clauses: Sequence[dict[str, Any]], label: str | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for clause in clauses:
        params = clause.get("params") or {}
        if label and signatures(label, [params]) and params not in found:
            found.append(params)
    return found


def _side(clauses: Sequence[dict[str, Any]], label: str | None) -> dict[str, Any] | None:
    if not clauses:
        return None
    return {
        "clauses": [clause["id"] for clause in clauses],
        "sections": [clause["section"] for clause in clauses if clause.get("section")],
        "text": "\n".join(clause["text"] for clause in clauses),
        "params": _params(clauses, label),
    }


def _overview(analysis: dict[str, Any]) -> dict[str, Any]:
    """What the diff says of one side: its source, the license it was identified as, its verdict and its terms."""
    source = analysis["source"]
    identification = analysis.get("identification") or {}
    matches = identification.get("matches") or []
    best = matches[0] if matches else None
    return {
        "source": {key: source[key] for key in ("path", "known", "sha256", "chars") if source.get(key) is not None},
        "license": {"verdict": identification.get("verdict", "unknown"), "key": best["key"], "spdx": best["spdx"], "name": best["name"],
                    "score": best["score"]} if best and identification.get("verdict") != "unknown" else {"verdict": "unknown"},
        "verdict": analysis["summary"]["verdict"],
        "blocking": analysis["summary"]["blocking"],
        "conditions": analysis["summary"]["conditions"],
        "params": {label: entry["params"] for label, entry in analysis["labels"].items() if entry.get("params") and Label(label).group is not Group.NEUTRAL},
    }


def _evidenced(labels: TermsDelta, changes: Sequence[ClauseChange]) -> TermsDelta:
    """The license-level labels added or removed that a clause change shows: a label one side's analysis reads in
    words both texts share (or in a rewording alone) is the analysis's reading, not a change of the text."""
    shown = {(change.kind, change.label) for change in changes}
    return TermsDelta(
        added=tuple(label for label in labels.added if ("added", label) in shown),
        removed=tuple(label for label in labels.removed if ("removed", label) in shown),
        changed=labels.changed,
    )


def _notes(labels: TermsDelta, changes: Sequence[ClauseChange]) -> tuple[str, ...]:
    """Clause-level label changes that the license as a whole does not show (the license has the label elsewhere)."""
    notes = []
    for change in changes:
        if change.kind == "added" and change.label not in labels.added:
            notes.append(f"{change.label} added in §{change.section or '?'}; the old license had it elsewhere already")
        elif change.kind == "removed" and change.label not in labels.removed:
            notes.append(f"{change.label} removed from §{change.section or '?'}; the new license still has it elsewhere")
    return tuple(dict.fromkeys(notes))
