"""The clause vectors as a scikit-learn transformer, one branch of a training pipeline's features."""

from __future__ import annotations

from typing import Any, Sequence

from sklearn.base import BaseEstimator, TransformerMixin

from .features import clause_vectors, word_index
from .learn import reference_vectors


class ClauseVectors(TransformerMixin, BaseEstimator):
    """Clause texts -> their vectors (:func:`~licensecheck.embedding.features.clause_vectors`).

    ``fit`` ignores the clauses it is given: the word vectors are learnt from the
    reference texts of licensedcode-data (no labels), so every fold of an
    evaluation gets the same vectors and the fitted state is two arrays
    (``words_``, ``weighted_``).
    """

    def __init__(self, dimensions: int = 150, window: int = 4, min_count: int = 3) -> None:
        self.dimensions = dimensions
        self.window = window
        self.min_count = min_count

    def fit(self, texts: Sequence[str], labels: Any = None) -> "ClauseVectors":
        """Take the word vectors of licensedcode-data (learnt once per process)."""
        self.words_, self.weighted_ = reference_vectors(self.dimensions, self.window, self.min_count)
        return self

    def transform(self, texts: Sequence[str]) -> Any:
        """texts x dimensions, dense."""
        return clause_vectors(texts, word_index(self.words_), self.weighted_)
