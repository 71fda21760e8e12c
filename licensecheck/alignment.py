"""The one alignment engine: an optimal word-by-word alignment of a text with a reference, and its edits.

Identification scores candidates with it, the diff against the nearest open
license reads its matching blocks, and the edit check of a modified license
reads its edits: words the text inserted, words it removed, and words it
replaced. The alignment is a longest common subsequence of word tokens,
computed by RapidFuzz's bit-parallel Indel distance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

MERGE_GAP = 2  # edits this few matched words apart are one edit ("for [the] non-commercial [use] only")


@dataclass(frozen=True)
class Block:
    """``size`` tokens matched between query position ``a`` and reference position ``b``."""

    a: int
    b: int
    size: int


@dataclass(frozen=True)
class Edit:
    """Query tokens ``a_start:a_end`` stand where the reference has tokens ``b_start:b_end``.

    Empty on the reference side: an insertion; empty on the query side: a removal; else a replacement.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int

    @property
    def kind(self) -> str:
        """``added``, ``removed`` or ``changed``."""
        if self.b_start == self.b_end:
            return "added"
        return "removed" if self.a_start == self.a_end else "changed"


def align(query: Sequence[str], reference: Sequence[str]) -> list[Block]:
    """The matching blocks of an optimal alignment (longest common subsequence) of two token sequences.

    >>> align("the quick brown fox".split(), "a quick brown dog".split())
    [Block(a=1, b=1, size=2)]
    """
    from rapidfuzz.distance import Indel

    if not query or not reference:
        return []
    return [Block(block.a, block.b, block.size) for block in Indel.opcodes(query, reference).as_matching_blocks() if block.size]


def edits(query: Sequence[str], reference: Sequence[str], blocks: Sequence[Block] | None = None) -> list[Edit]:
    """The edits that turn the reference into the query, in query order; edits MERGE_GAP matched words apart are merged.

    >>> edits("you may use it for research only".split(), "you may use it".split())
    [Edit(a_start=4, a_end=7, b_start=4, b_end=4)]
    >>> [edit.kind for edit in edits("a revocable license to use".split(), "a perpetual irrevocable license to use".split())]
    ['changed']
    """
    matched = list(blocks) if blocks is not None else align(query, reference)
    found: list[Edit] = []
    a = b = 0
    for block in [*matched, Block(len(query), len(reference), 0)]:
        if block.a > a or block.b > b:
            found.append(Edit(a, block.a, b, block.b))
        a, b = block.a + block.size, block.b + block.size
    merged: list[Edit] = []
    for edit in found:
        if merged and edit.a_start - merged[-1].a_end <= MERGE_GAP and edit.b_start - merged[-1].b_end <= MERGE_GAP:
            last = merged.pop()
            edit = Edit(last.a_start, edit.a_end, last.b_start, edit.b_end)
        merged.append(edit)
    return merged
