"""A clause's vector: the IDF-weighted sum of its words' unit vectors, L2-normed (NumPy only)."""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

WORD = re.compile(r"\b[a-z]+\b")  # lower-case words of normalised text; cue_ and ctx_ tokens are not words here


def word_index(words: Sequence[str]) -> dict[str, int]:
    """Word -> row of the weighted vector matrix."""
    return {str(word): row for row, word in enumerate(words)}


def clause_vectors(texts: Sequence[str], index: Mapping[str, int], weighted: Any) -> Any:
    """texts x dimensions: each (normalised) text's weighted word vectors summed and L2-normed; zeros for a text
    with no known word.

    >>> import numpy as np
    >>> clause_vectors(["no such words", "a b a"], {"a": 0, "b": 1}, np.array([[3.0, 0.0], [0.0, 4.0]])).round(2).tolist()
    [[0.0, 0.0], [0.83, 0.55]]
    """
    import numpy as np

    result = np.zeros((len(texts), weighted.shape[1]))
    ids = [[index[word] for word in WORD.findall(text) if word in index] for text in texts]
    rows = [row for row, found in enumerate(ids) if found]
    if not rows:
        return result
    flat = np.fromiter((word for row in rows for word in ids[row]), dtype=np.int64)
    starts = np.cumsum([0] + [len(ids[row]) for row in rows[:-1]])
    totals = np.add.reduceat(weighted[flat].astype(np.float64), starts, axis=0)
    result[rows] = totals / (np.linalg.norm(totals, axis=1, keepdims=True) + 1e-9)
    return result
