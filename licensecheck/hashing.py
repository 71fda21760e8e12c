"""Hashed n-gram counts of many texts at once, in NumPy: the features of the shipped classifier without Python loops.

scikit-learn's ``HashingVectorizer`` builds every n-gram as a Python string
and hashes it one at a time; a 10 kB license has some 40,000 character
n-grams. Here the texts of one call are laid end to end in a single byte
buffer, every n-gram is a (start, length) pair into it, and MurmurHash3
(x86, 32 bits, seed 0, as scikit-learn and ``mmh3`` compute it) runs over
all pairs together, block by block. The buckets and counts are those of
scikit-learn's word 1-2-grams (``token_pattern=r"(?u)\\b\\w+\\b"``) and
``char_wb`` 2-5-grams, lowercased; a test compares them on the whole corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

_WORD = re.compile(r"(?u)\b\w+\b")
_C1, _C2 = 0xCC9E2D51, 0x1B873593


@dataclass(frozen=True)
class Counts:
    """Sparse counts: row (text) and column (bucket) of each non-zero count, sorted by row then column."""

    rows: Any
    columns: Any
    counts: Any


def murmur3(buffer: Any, starts: Any, lengths: Any) -> Any:
    """Signed 32-bit MurmurHash3 (x86, seed 0) of the byte ranges ``buffer[start:start + length]``.

    ``buffer`` is a uint8 array with at least 3 bytes of padding after the
    last range.

    >>> import numpy as np, mmh3
    >>> data = np.frombuffer(b"hello world" + bytes(4), dtype=np.uint8)
    >>> [int(value) for value in murmur3(data, np.array([0, 6, 0]), np.array([5, 5, 11]))] == [
    ...     mmh3.hash("hello"), mmh3.hash("world"), mmh3.hash("hello world")]
    True
    """
    import numpy as np

    starts = np.asarray(starts, dtype=np.int64)
    lengths = np.asarray(lengths, dtype=np.int64)
    hashes = np.zeros(len(starts), dtype=np.uint32)
    blocks = lengths // 4
    data = buffer.astype(np.uint32)
    for block in range(int(blocks.max()) if len(blocks) else 0):
        chosen = blocks > block
        active = slice(None) if chosen.all() else np.flatnonzero(chosen)
        where = starts[active] + 4 * block
        key = data[where] | (data[where + 1] << 8) | (data[where + 2] << 16) | (data[where + 3] << 24)
        key = _rotate(key * _C1, 15) * _C2
        value = _rotate(hashes[active] ^ key, 13)
        hashes[active] = value * 5 + 0xE6546B64
    rest = lengths & 3
    tail = starts + 4 * blocks
    key = (
        data[tail] * (rest >= 1)
        | (data[tail + 1] << 8) * (rest >= 2)
        | (data[tail + 2] << 16) * (rest >= 3)
    ).astype(np.uint32)
    key = _rotate(key * _C1, 15) * _C2
    hashes ^= np.where(rest > 0, key, 0).astype(np.uint32)
    hashes ^= lengths.astype(np.uint32)
    hashes ^= hashes >> 16
    hashes *= 0x85EBCA6B
    hashes ^= hashes >> 13
    hashes *= 0xC2B2AE35
    hashes ^= hashes >> 16
    return hashes.view(np.int32)


def _rotate(values: Any, bits: int) -> Any:
    return (values << bits) | (values >> (32 - bits))


def buckets(hashes: Any, n_features: int) -> Any:
    """The column of each signed hash: scikit-learn's ``abs(h) % n_features``, with its rule for -2**31."""
    import numpy as np

    wide = hashes.astype(np.int64)
    columns = np.abs(wide) % n_features
    columns[wide == -(2**31)] = (2**31 - 1 - (n_features - 1)) % n_features
    return columns


def char_counts(texts: Sequence[str], n_features: int, sizes: tuple[int, int] = (2, 5)) -> Counts:
    """Counts of the hashed ``char_wb`` n-grams of each text (every word lowercased and padded with a space)."""
    import numpy as np

    padded, rows = [], []
    for row, text in enumerate(texts):
        words = text.lower().split()
        padded.extend(f" {word} " for word in words)
        rows.extend([row] * len(words))
    joined = "".join(padded)
    lengths = np.fromiter((len(word) for word in padded), dtype=np.int64, count=len(padded))
    ends = np.cumsum(lengths)
    word_end = np.repeat(ends, lengths)  # for each character, where its padded word ends
    char_row = np.repeat(np.asarray(rows, dtype=np.int64), lengths)
    positions = np.arange(len(joined), dtype=np.int64)
    offsets = _byte_offsets(joined)
    buffer = _buffer(joined)
    starts, sizes_of, gram_rows = [], [], []
    for size in range(sizes[0], sizes[1] + 1):
        fits = np.flatnonzero(positions + size <= word_end)
        starts.append(fits)
        sizes_of.append(np.full(len(fits), size, dtype=np.int64))
        gram_rows.append(char_row[fits])
    first = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    last = first + np.concatenate(sizes_of) if sizes_of else first
    hashes = murmur3(buffer, offsets[first], offsets[last] - offsets[first])
    return _count(np.concatenate(gram_rows) if gram_rows else first, buckets(hashes, n_features), n_features)


def word_counts(texts: Sequence[str], n_features: int) -> Counts:
    """Counts of the hashed word 1- and 2-grams of each text (words by ``(?u)\\b\\w+\\b``, lowercased)."""
    import numpy as np

    tokens: list[str] = []
    rows: list[int] = []
    for row, text in enumerate(texts):
        found = _WORD.findall(text.lower())
        tokens.extend(found)
        rows.extend([row] * len(found))
    joined = " ".join(tokens)
    lengths = np.fromiter((len(token) for token in tokens), dtype=np.int64, count=len(tokens))
    char_starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]) if len(tokens) else np.zeros(0, dtype=np.int64)
    char_ends = char_starts + lengths
    token_rows = np.asarray(rows, dtype=np.int64)
    pairs = np.flatnonzero(token_rows[1:] == token_rows[:-1]) if len(tokens) > 1 else np.zeros(0, dtype=np.int64)
    first = np.concatenate([char_starts, char_starts[pairs]])
    last = np.concatenate([char_ends, char_ends[pairs + 1]])
    offsets = _byte_offsets(joined)
    hashes = murmur3(_buffer(joined), offsets[first], offsets[last] - offsets[first])
    return _count(np.concatenate([token_rows, token_rows[pairs]]), buckets(hashes, n_features), n_features)


def _byte_offsets(text: str) -> Any:
    """The UTF-8 byte offset of every character of ``text``, and of its end."""
    import numpy as np

    if text.isascii():
        return np.arange(len(text) + 1, dtype=np.int64)
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    sizes = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
    return np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])


def _buffer(text: str) -> Any:
    import numpy as np

    return np.frombuffer(text.encode("utf-8", "surrogatepass") + bytes(4), dtype=np.uint8)


def _count(rows: Any, columns: Any, n_features: int) -> Counts:
    """Count equal (row, column) pairs: sort their keys (32-bit when they fit: twice as fast) and measure the runs."""
    import numpy as np

    if not len(rows):
        empty = np.zeros(0, dtype=np.int64)
        return Counts(empty, empty, empty)
    keys = rows * n_features + columns
    if int(rows.max()) < 2**32 // n_features:
        keys = keys.astype(np.uint32)
    keys = np.sort(keys)
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    unique = keys[starts].astype(np.int64)
    return Counts(unique // n_features, unique % n_features, np.diff(np.append(starts, len(keys))))
