"""The NumPy scorer gives scikit-learn's probabilities, and the loader caches and uses it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from licensecheck.artifacts import load_model, load_scorer
from licensecheck.classify import prepare
from licensecheck.corpus import Example, load_corpus
from licensecheck.linear import LinearModel, from_estimator
from licensecheck.train import fit

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped():
    estimator, meta = load_model()
    return estimator, meta


def test_numpy_scores_equal_scikit_learn_on_every_corpus_clause(shipped) -> None:
    estimator, meta = shipped
    linear = from_estimator(estimator)
    assert linear is not None
    texts = [prepare(example.text, meta.approach) for example in load_corpus(REPO / "corpora")]
    expected, found = estimator.predict_proba(texts), linear.predict_proba(texts)
    assert np.abs(expected - found).max() < 1e-12
    cuts = np.array([meta.thresholds[label] for label in meta.labels])
    assert ((expected >= cuts) == (found >= cuts)).all()


def test_odd_text_scores_the_same_both_ways(shipped) -> None:
    estimator, meta = shipped
    texts = ["", "   ", "a", "Ünïcödé ﬁ ligatures — and “quotes”", "x" * 5000, "cue_prohibit cue_prohibit_use", "\t\n\x0b"]
    prepared = [prepare(text, meta.approach) for text in texts]
    assert np.abs(estimator.predict_proba(prepared) - from_estimator(estimator).predict_proba(prepared)).max() < 1e-12


def test_the_loader_caches_the_arrays_and_uses_them_next_time(tmp_path, monkeypatch, shipped) -> None:
    import licensecheck.artifacts as artifacts

    monkeypatch.setenv("LICENSECHECK_CACHE_DIR", str(tmp_path))
    first, meta = load_scorer()
    assert isinstance(first, LinearModel)  # built from the skops estimator, and cached
    [cached] = (tmp_path / "models").glob("*.npz")

    def no_skops(*args, **kwargs):
        raise AssertionError("the estimator was loaded although its arrays are cached")

    monkeypatch.setattr(artifacts, "_load_trusted", no_skops)
    second, _ = load_scorer()
    assert isinstance(second, LinearModel)
    assert np.array_equal(second.weights, first.weights)
    monkeypatch.undo()
    monkeypatch.setenv("LICENSECHECK_CACHE_DIR", str(tmp_path))
    cached.write_bytes(b"not an npz")
    third, _ = load_scorer()  # a damaged cache is not trusted, and is rewritten
    assert isinstance(third, LinearModel) and LinearModel.load(cached).weights.shape == first.weights.shape


def test_arrays_of_inconsistent_shapes_are_refused(tmp_path, shipped) -> None:
    linear = from_estimator(shipped[0])
    broken = LinearModel(linear.n_features, linear.word_idf[:10], linear.char_idf, linear.columns, linear.weights, linear.intercepts)
    broken.save(tmp_path / "broken.npz")
    with pytest.raises(ValueError, match="inconsistent shapes"):
        LinearModel.load(tmp_path / "broken.npz")


def test_the_word_vectors_travel_with_the_arrays_and_must_match_their_vocabulary(tmp_path, shipped) -> None:
    linear = from_estimator(shipped[0])
    assert linear.dimensions == 150 and len(linear.vector_words) == len(linear.vector_weights)
    linear.save(tmp_path / "model.npz")
    again = LinearModel.load(tmp_path / "model.npz")
    texts = [prepare("You may not use the Model for commercial purposes.", shipped[1].approach)]
    assert np.array_equal(again.predict_proba(texts), linear.predict_proba(texts))
    broken = LinearModel(*[getattr(linear, name) for name in ("n_features", "word_idf", "char_idf", "columns", "weights", "intercepts")],
                         linear.vector_words[:10], linear.vector_weights)
    broken.save(tmp_path / "broken.npz")
    with pytest.raises(ValueError, match="inconsistent shapes"):
        LinearModel.load(tmp_path / "broken.npz")


def test_other_pipelines_are_left_to_scikit_learn() -> None:
    examples = [
        Example(text="You may not use it commercially.", labels=("commercial-ban",), group="a", ref="a:0"),
        Example(text="You may use it for any purpose.", labels=("grant",), group="b", ref="b:0"),
        Example(text="Provided as is, without warranty.", labels=("disclaimer",), group="c", ref="c:0"),
    ] * 4
    assert from_estimator(fit(examples, "tfidf-cues-svm")) is None  # calibrated SVMs
    assert from_estimator(fit(examples, "tfidf-cues-lr")) is None  # labels never seen train constant predictors
