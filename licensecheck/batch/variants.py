"""Copies that differ only in their copyright line: the record of an earlier copy, moved onto the new text.

A model hub holds thousands of copies of a few licenses, each with its own
copyright line. The first copy of each is answered in full (identified as an
exact copy, the reference's stored analysis mapped onto it); a later text that
differs from it only inside one copyright line, standing alone on its line, takes
its record with that line's clause rewritten and every offset after it shifted.
It is the record the full answer gives (the notice is left out of
identification and carries no term), at the cost of comparing two strings.
Anything else (two lines changed, a notice that holds a term's words, a
notice inside a line of license text) is answered in full.
"""

from __future__ import annotations

import collections
import hashlib
from dataclasses import dataclass
from typing import Any

from ..identify import copyright_notices

_MARK_WORDS = ("Copyright", "copyright", "COPYRIGHT", "(c)", "(C)", "©", "All rights reserved", "All Rights Reserved", "ALL RIGHTS RESERVED")
KEPT = 32  # earlier copies remembered, by their text without notice lines


@dataclass(frozen=True)
class _Copy:
    text: str
    record: dict[str, Any]


class NoticeVariants:
    """The records of recent exact copies, and the texts that differ from one of them only in a copyright line."""

    def __init__(self, kept: int = KEPT) -> None:
        self._copies: collections.OrderedDict[tuple[str, Any], _Copy] = collections.OrderedDict()
        self._kept = kept

    def remember(self, text: str, record: dict[str, Any], context: Any = None) -> None:
        """Keep the record of an exact copy (``context``: what else the record depends on, such as the model)."""
        identification = record.get("identification") or {}
        if identification.get("verdict") != "exact" or record.get("model_card") or (record.get("language") or {}).get("english_share") != 1.0:
            return
        self._copies[notice_free_key(text), context] = _Copy(text, dict(record))  # its own top level: a policy or a baseline marks the record emitted
        if len(self._copies) > self._kept:
            self._copies.popitem(last=False)

    def answer(self, text: str, context: Any = None) -> dict[str, Any] | None:
        """The record of ``text`` moved from an earlier copy that differs from it only in one copyright line, else None.

        The record's ``source`` holds the new text and length; its path and digest are the caller's to set.
        """
        copy = self._copies.get((notice_free_key(text), context))
        if copy is None:
            return None
        return moved(copy.record, copy.text, text)


def notice_free_key(text: str) -> str:
    r"""The digest of the text without the lines that hold a notice mark: copies with other copyright lines share it.

    >>> notice_free_key("Copyright 2001 A\nThe terms.") == notice_free_key("(c) 2024 Bee Labs\nThe terms.") != notice_free_key("The terms.")
    True
    """
    if _LAST_KEY and _LAST_KEY[0] == text:  # a batch asks for each copy's key twice: to find its record, and its page
        return _LAST_KEY[1]
    key = _notice_free_digest(text)
    _LAST_KEY[:] = [text, key]
    return key


_LAST_KEY: list[str] = []


def _notice_free_digest(text: str) -> str:
    """:func:`notice_free_key`'s work."""
    digest = hashlib.sha256()
    kept = 0
    for mark in _marks(text):
        if mark < kept:
            continue  # a second mark on a line already left out
        start = text.rfind("\n", 0, mark) + 1
        end = text.find("\n", mark)
        digest.update(text[kept:start].encode("utf-8", "surrogatepass"))
        kept = len(text) if end < 0 else end
    digest.update(text[kept:].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _marks(text: str) -> list[int]:
    """Where the notice marks are, in their usual casings, in order (``str.find``: a case-blind regex is 15x slower; a
    mark in another casing only keeps its line in the key, and so finds no earlier copy)."""
    found = []
    for word in _MARK_WORDS:
        place = text.find(word)
        while place >= 0:
            found.append(place)
            place = text.find(word, place + 1)
    return sorted(found)


def moved(record: dict[str, Any], old: str, new: str) -> dict[str, Any] | None:
    """``record`` (of the text ``old``) for ``new``, when the two differ only inside one line that is a copyright
    notice in both, read as a clause of its own with no label; else None."""
    if old == new:
        return {**record, "source": {**record["source"], "text": new, "chars": len(new)}}
    parts = _moved_parts(record, old, new)
    if parts is None:
        return None
    clauses, identification = parts
    return {**record, "source": {**record["source"], "text": new, "chars": len(new)}, "clauses": clauses, "identification": identification}


_LAST_MOVED: list[Any] = []  # the last (clauses, labels, identification, old, new, answer): each copy is moved twice, for its record and its page


def _moved_parts(record: dict[str, Any], old: str, new: str) -> tuple[list[dict[str, Any]], dict[str, Any]] | None:
    """The clauses and identification of ``record`` moved onto ``new``, or None (remembered for the last record
    and texts: the record of a copy and the record its page was made from share these parts)."""
    held = (record["clauses"], record["labels"], record.get("identification"))
    if _LAST_MOVED and all(mine is theirs for mine, theirs in zip(_LAST_MOVED[:3], held)) and _LAST_MOVED[3] == old and _LAST_MOVED[4] == new:
        return _LAST_MOVED[5]
    parts = _moved_clauses(record, old, new)
    _LAST_MOVED[:] = [*held, old, new, parts]
    return parts


def _moved_clauses(record: dict[str, Any], old: str, new: str) -> tuple[list[dict[str, Any]], dict[str, Any]] | None:
    """:func:`moved`'s work: the clauses and identification of ``record`` on ``new``, when the texts differ in one notice line."""
    line = _changed_line(old, new)
    if line is None:
        return None
    start, old_end, new_end = line
    old_line, new_line = old[start:old_end], new[start:new_end]
    if not (_whole_notice(old_line) and _whole_notice(new_line)):
        return None
    clauses = record["clauses"]
    touching = [clause for clause in clauses if clause["start"] < old_end and clause["end"] > start]
    if len(touching) != 1 or touching[0]["start"] != start or touching[0]["end"] != old_end:
        return None
    notice = touching[0]
    if any(notice["id"] in entry.get("clauses", ()) for entry in record["labels"].values()) or notice.get("labels") or notice.get("params"):
        return None
    matches = (record.get("identification") or {}).get("matches") or []
    if any(start <= match[edge] < old_end and not (edge == "end" and match[edge] == start) for match in matches for edge in ("start", "end")):
        return None
    shift = new_end - old_end
    return ([_shifted(clause, old_end, shift) if clause is not notice else {**clause, "end": new_end, "text": new_line} for clause in clauses],
            {**record["identification"], "matches": [_shifted(match, old_end, shift) for match in matches]})


def _changed_line(old: str, new: str) -> tuple[int, int, int] | None:
    """The line in which the two texts differ (its start, its end in ``old`` and in ``new``), when it is one line."""
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    start = old.rfind("\n", 0, prefix) + 1
    old_end, new_end = old.find("\n", len(old) - suffix), new.find("\n", len(new) - suffix)
    old_end, new_end = (len(old) if old_end < 0 else old_end), (len(new) if new_end < 0 else new_end)
    if "\n" in old[start:old_end] or "\n" in new[start:new_end]:
        return None
    return start, old_end, new_end


def _common_prefix(first: str, second: str) -> int:
    """The length of the longest common prefix, by halving (each test is one string comparison in C).

    >>> _common_prefix("Copyright 2001 A\\nText", "Copyright 2024 Bee\\nText")
    12
    """
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[low:middle] == second[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(first: str, second: str, most: int) -> int:
    """The length of the longest common suffix, at most ``most``.

    >>> _common_suffix("A 2001\\nText", "Bee 2024\\nText", 11)
    5
    """
    low, high = 0, max(0, most)
    while low < high:
        middle = (low + high + 1) // 2
        if first[len(first) - middle : len(first) - low] == second[len(second) - middle : len(second) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _whole_notice(line: str) -> bool:
    """Whether a line is one copyright notice from its first character to its last (no text of a term with it)."""
    return bool(line) and line == line.strip() and copyright_notices(line) == [(0, len(line))]


def _shifted(item: dict[str, Any], after: int, shift: int) -> dict[str, Any]:
    """A clause or match with its offsets at or past ``after`` moved by ``shift``."""
    if item["start"] < after and item["end"] < after:
        return item
    return {**item, "start": item["start"] + shift if item["start"] >= after else item["start"], "end": item["end"] + shift if item["end"] >= after else item["end"]}
