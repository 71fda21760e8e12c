"""Score clauses with the shipped linear model in NumPy, without importing scikit-learn.

The shipped pipeline is simple arithmetic once trained: hashed word 1-2-grams
and character 2-5-grams (MurmurHash3, as scikit-learn's HashingVectorizer),
sublinear TF-IDF with L2 norm per branch, optionally the clause's vector from
our own word vectors (:mod:`licensecheck.embedding`), and one logistic
regression per label. :func:`from_estimator` copies those arrays out of a fitted pipeline
(and refuses any other pipeline); :class:`LinearModel` computes the same
probabilities, counting the n-grams of all clauses of a call at once
(:mod:`licensecheck.hashing`) (a test checks them against scikit-learn on the whole corpus).
Importing scikit-learn and skops costs about a second at every start of the
command line; the arrays load from an ``.npz`` in a few milliseconds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

FORMAT_VERSION = "2"  # part of the cache file name: a changed array layout never reads an old file
_WORD_OPTIONS = {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"(?u)\b\w+\b"}
_CHAR_OPTIONS = {"analyzer": "char_wb", "ngram_range": (2, 5)}
_COMMON_OPTIONS = {
    "alternate_sign": False, "binary": False, "lowercase": True, "norm": None, "preprocessor": None,
    "stop_words": None, "strip_accents": None, "tokenizer": None, "input": "content", "decode_error": "strict",
}


@dataclass(frozen=True)
class LinearModel:
    """The arrays of a fitted pipeline: idf per branch, the non-zero weight columns, intercepts, and the word vectors
    of a pipeline with a vector branch."""

    n_features: int  # per branch; word features come first, then character features, then the vector's dimensions
    word_idf: Any
    char_idf: Any
    columns: Any  # feature ids (0 .. 2 * n_features + dimensions) with a non-zero weight for some label
    weights: Any  # len(columns) x labels
    intercepts: Any
    vector_words: Any = None  # the vocabulary of the word vectors (None: no vector branch)
    vector_weights: Any = None  # words x dimensions: IDF-weighted unit word vectors

    @property
    def dimensions(self) -> int:
        """Columns of the vector branch (0 without one)."""
        return 0 if self.vector_weights is None else int(self.vector_weights.shape[1])

    def predict_proba(self, texts: Sequence[str]) -> Any:
        """Probability of each label for each (prepared) clause text: clauses x labels.

        The features of all texts are hashed and counted in one vectorized call
        (:mod:`licensecheck.hashing`), as scikit-learn would count them.
        """
        import numpy as np

        from .hashing import char_counts, word_counts

        decision = np.tile(self.intercepts, (len(texts), 1))
        if not len(texts):
            return decision
        for counts, idf, offset in (
            (word_counts(texts, self.n_features), self.word_idf, 0),
            (char_counts(texts, self.n_features), self.char_idf, self.n_features),
        ):
            values = (np.log(counts.counts) + 1.0) * idf[counts.columns]
            norms = np.sqrt(np.bincount(counts.rows, weights=values**2, minlength=len(texts)))
            values = values / norms[counts.rows]
            found = self._position[counts.columns + offset]
            known = np.flatnonzero(found >= 0)
            if not len(known):
                continue
            rows = counts.rows[known]
            contributions = values[known, None] * self.weights[found[known]]
            starts = np.flatnonzero(np.concatenate([[True], rows[1:] != rows[:-1]]))
            decision[rows[starts]] += np.add.reduceat(contributions, starts, axis=0)
        if self.dimensions:
            from .embedding.features import clause_vectors

            decision += clause_vectors(texts, self._word_index, self.vector_weights) @ self._vector_coefficients
        return 1.0 / (1.0 + np.exp(-decision))

    @functools.cached_property
    def _position(self) -> Any:
        """Feature id -> row of ``weights`` (-1: no label weighs it)."""
        import numpy as np

        position = np.full(2 * self.n_features + self.dimensions, -1, dtype=np.int64)
        position[self.columns] = np.arange(len(self.columns))
        return position

    @functools.cached_property
    def _vector_coefficients(self) -> Any:
        """dimensions x labels: the weights of the vector branch (zero where no label weighs a dimension)."""
        import numpy as np

        found = self._position[2 * self.n_features:]
        coefficients = np.zeros((self.dimensions, len(self.intercepts)))
        coefficients[found >= 0] = self.weights[found[found >= 0]]
        return coefficients

    @functools.cached_property
    def _word_index(self) -> dict[str, int]:
        from .embedding.features import word_index

        return word_index(self.vector_words)

    def save(self, path: Path) -> None:
        """Write the arrays to ``path`` (an ``.npz``; no pickled objects)."""
        import numpy as np

        vectors = {} if self.vector_weights is None else {"vector_words": self.vector_words, "vector_weights": self.vector_weights}
        np.savez(
            path, n_features=np.array(self.n_features), word_idf=self.word_idf, char_idf=self.char_idf,
            columns=self.columns, weights=self.weights, intercepts=self.intercepts, **vectors,
        )

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        """Read arrays written by :meth:`save` (``allow_pickle=False``)."""
        import numpy as np

        with np.load(path, allow_pickle=False) as stored:
            vectors = (stored["vector_words"], stored["vector_weights"]) if "vector_weights" in stored.files else (None, None)
            model = cls(
                int(stored["n_features"]), stored["word_idf"], stored["char_idf"],
                stored["columns"], stored["weights"], stored["intercepts"], *vectors,
            )
        n = model.n_features
        if (
            model.word_idf.shape != (n,) or model.char_idf.shape != (n,)
            or model.weights.shape != (len(model.columns), len(model.intercepts))
            or (len(model.columns) and not 0 <= model.columns.min() <= model.columns.max() < 2 * n + model.dimensions)
            or (model.vector_weights is not None and (model.vector_weights.ndim != 2 or model.vector_words.shape != (len(model.vector_weights),)))
        ):
            raise ValueError(f"{path}: arrays of inconsistent shapes")
        return model


def from_estimator(estimator: Any) -> LinearModel | None:
    """The arrays of a fitted ``tfidf-*-lr`` pipeline (with or without a vector branch), or None for any other shape
    of pipeline."""
    import numpy as np

    try:
        features, classify = estimator.named_steps["features"], estimator.named_steps["classify"]
        branches = dict(features.transformer_list)
        if list(branches) not in (["words", "chars"], ["words", "chars", "vectors"]) or features.transformer_weights:
            return None
        idfs = []
        for name, options in (("words", _WORD_OPTIONS), ("chars", _CHAR_OPTIONS)):
            hashing, tfidf = branches[name].named_steps["hash"], branches[name].named_steps["tfidf"]
            params = hashing.get_params()
            if any(params.get(key) != value for key, value in {**_COMMON_OPTIONS, **options}.items()):
                return None
            if not (tfidf.sublinear_tf and tfidf.use_idf and tfidf.norm == "l2"):
                return None
            idfs.append(np.asarray(tfidf.idf_, dtype=np.float64))
        n_features = int(branches["words"].named_steps["hash"].n_features)
        if n_features != int(branches["chars"].named_steps["hash"].n_features):
            return None
        vectors = branches.get("vectors")
        if vectors is not None and type(vectors).__name__ != "ClauseVectors":
            return None
        words, weighted = (vectors.words_, vectors.weighted_) if vectors is not None else (None, None)
        width = 2 * n_features + (0 if weighted is None else weighted.shape[1])
        models = classify.estimators_
        if any(type(model).__name__ != "LogisticRegression" or model.coef_.shape != (1, width) for model in models):
            return None
        coefficients = np.vstack([model.coef_[0] for model in models])
        columns = np.flatnonzero((coefficients != 0).any(axis=0))
        return LinearModel(
            n_features, idfs[0], idfs[1], columns, np.ascontiguousarray(coefficients[:, columns].T),
            np.array([float(model.intercept_[0]) for model in models]), words, weighted,
        )
    except (AttributeError, KeyError, TypeError):
        return None
