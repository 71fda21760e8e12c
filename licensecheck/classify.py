"""Label clauses with the scikit-learn clause classifier (multi-label, taxonomy v1).

The estimator is a plain scikit-learn pipeline over normalised clause text:
hashed word 1-2-grams and character 2-5-grams, TF-IDF weighted, one logistic
regression per label. Hashing keeps the artifact free of vocabularies, so it
loads fast and holds only arrays.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .artifacts import ModelMeta, load_model
from .segment import Clause

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})
_ENUMERATOR = re.compile(r"^\s*(?:\(?[0-9a-z]{1,4}[.)]|\d+(?:\.\d+)+\.?|section\s+\S+)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class LabelScore:
    """A label given to a clause and the classifier's probability for it."""

    label: str
    score: float


@dataclass(frozen=True)
class LabeledClause:
    """A clause with the labels whose probability passed their threshold."""

    clause: Clause
    labels: tuple[LabelScore, ...]

    @property
    def label_names(self) -> tuple[str, ...]:
        """The label identifiers, best first."""
        return tuple(item.label for item in self.labels)


def prepare(text: str) -> str:
    """Normalise a clause for the classifier: quotes, case, whitespace, enumerators, numbers.

    >>> prepare("(b)  You   MAY NOT use it for 700,000,000 “users”.")
    'you may not use it for 0 "users".'
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _ENUMERATOR.sub("", text)
    text = re.sub(r"\d[\d,.]*\d|\d", "0", text.lower())
    return re.sub(r"\s+", " ", text).strip()


class ClauseClassifier:
    """A loaded classifier: the estimator, its label order and per-label thresholds."""

    def __init__(self, estimator: Any, meta: ModelMeta) -> None:
        self.estimator = estimator
        self.meta = meta
        self.labels = meta.labels

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> "ClauseClassifier":
        """Load the shipped model, or the one in ``model_dir``."""
        estimator, meta = load_model(model_dir)
        return cls(estimator, meta)

    def scores(self, texts: Sequence[str]) -> Any:
        """The probability matrix (clauses x labels) for raw clause texts."""
        import numpy as np

        if not texts:
            return np.zeros((0, len(self.labels)))
        return self.estimator.predict_proba([prepare(text) for text in texts])

    def classify(self, clauses: Sequence[Clause]) -> list[LabeledClause]:
        """Label each clause; labels are those whose score reaches the label's threshold."""
        matrix = self.scores([clause.text for clause in clauses])
        result = []
        for clause, row in zip(clauses, matrix):
            chosen = [
                LabelScore(label, round(float(score), 4))
                for label, score in zip(self.labels, row)
                if score >= self.meta.thresholds.get(label, 0.5)
            ]
            chosen.sort(key=lambda item: -item.score)
            result.append(LabeledClause(clause, tuple(chosen)))
        return result


def classify(clauses: Sequence[Clause], classifier: ClauseClassifier) -> list[LabeledClause]:
    """Pipeline stage: label clauses with a loaded classifier."""
    return classifier.classify(clauses)


def build_estimator(seed: int = 0) -> Any:
    """A fresh, unfitted scikit-learn pipeline of the shape we train and ship."""
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    def hashed(**options: Any) -> Pipeline:
        vectorizer = HashingVectorizer(n_features=2**18, alternate_sign=False, norm=None, **options)
        return Pipeline([("hash", vectorizer), ("tfidf", TfidfTransformer(sublinear_tf=True))])

    features = FeatureUnion(
        [
            ("words", hashed(ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b")),
            ("chars", hashed(analyzer="char_wb", ngram_range=(2, 5))),
        ]
    )
    model = LogisticRegression(C=8.0, class_weight="balanced", solver="liblinear", random_state=seed)
    return Pipeline([("features", features), ("classify", OneVsRestClassifier(model))])
