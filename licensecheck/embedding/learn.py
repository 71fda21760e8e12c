"""Learn word vectors from unlabelled text: PPMI of co-occurrence in a window, reduced by a randomized SVD."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Sequence

from .features import WORD

MAX_WORDS = 40_000


def learn_vectors(
    documents: Sequence[str], dimensions: int = 150, window: int = 4, min_count: int = 3
) -> tuple[Any, Any]:
    """The vocabulary (words seen ``min_count`` times or more) and its weighted vectors: each word's unit vector
    (positive PMI, context counts smoothed by the 0.75 power, SVD with the singular values' square roots) times its IDF
    over ``documents``. Deterministic: the SVD's random state is fixed.
    """
    import numpy as np
    import scipy.sparse as sp
    from sklearn.utils.extmath import randomized_svd

    tokens = [WORD.findall(document) for document in documents]
    counts = Counter(word for words in tokens for word in words)
    vocabulary = {word: row for row, (word, count) in enumerate(counts.most_common(MAX_WORDS)) if count >= min_count}
    size = len(vocabulary)
    sources, targets = [], []
    for words in tokens:
        ids = np.array([vocabulary.get(word, -1) for word in words], dtype=np.int64)
        ids = ids[ids >= 0]
        for offset in range(1, window + 1):
            sources += [ids[:-offset], ids[offset:]]
            targets += [ids[offset:], ids[:-offset]]
    pairs = sp.coo_matrix(
        (np.ones(sum(map(len, sources))), (np.concatenate(sources), np.concatenate(targets))), shape=(size, size)
    )
    pairs.sum_duplicates()
    total = pairs.sum()
    row_share = np.asarray(pairs.sum(1)).ravel() / total
    context = np.asarray(pairs.sum(0)).ravel() ** 0.75
    pmi = np.log(pairs.data / total / row_share[pairs.row] / (context / context.sum())[pairs.col])
    keep = pmi > 0
    positive = sp.csr_matrix((pmi[keep], (pairs.row[keep], pairs.col[keep])), shape=(size, size))
    left, singular, _ = randomized_svd(positive, dimensions, random_state=0)
    vectors = left * np.sqrt(singular)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    document_counts = Counter(word for words in tokens for word in set(words))
    idf = np.array([np.log(len(tokens) / (1 + document_counts[word])) for word in vocabulary])
    words = np.array(list(vocabulary), dtype=str)
    return words, (vectors * idf[:, None]).astype(np.float32)


@functools.lru_cache(maxsize=4)
def reference_vectors(dimensions: int = 150, window: int = 4, min_count: int = 3) -> tuple[Any, Any]:
    """:func:`learn_vectors` over the normalised text of every license of licensedcode-data (about 13 s, once per process)."""
    from ..classify import normalise
    from ..licensedb import license_keys, license_text

    return learn_vectors([normalise(license_text(key)) for key in license_keys()], dimensions, window, min_count)


