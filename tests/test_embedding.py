"""Our own word vectors: learnt from licensedcode-data's texts, deterministic, and turned into unit clause vectors."""

from __future__ import annotations

import numpy as np
import pytest

from licensecheck.classify import normalise, prepare
from licensecheck.embedding.features import clause_vectors, word_index
from licensecheck.embedding.learn import learn_vectors, reference_vectors
from licensecheck.embedding.transformer import ClauseVectors
from licensecheck.licensedb import license_keys, license_text


@pytest.fixture(scope="module")
def reference():
    words, weighted = reference_vectors()
    return word_index(words), weighted


def neighbours(word: str, index: dict[str, int], weighted: np.ndarray, count: int = 10) -> list[str]:
    unit = weighted / (np.linalg.norm(weighted, axis=1, keepdims=True) + 1e-12)
    words = sorted(index, key=index.get)
    order = np.argsort(-(unit @ unit[index[word]]))
    return [words[row] for row in order[1:count + 1]]


def test_words_used_alike_in_licenses_get_near_vectors(reference) -> None:
    index, weighted = reference
    assert "fitness" in neighbours("merchantability", index, weighted)
    assert "implied" in neighbours("warranty", index, weighted)
    assert {"sell", "distribute"} & set(neighbours("sublicense", index, weighted))
    assert "merchantability" not in neighbours("military", index, weighted, 50)


def test_learning_is_deterministic_and_keeps_only_words_seen_often_enough() -> None:
    texts = [normalise(license_text(key)) for key in license_keys()[:150]]
    first, second = learn_vectors(texts, dimensions=20), learn_vectors(texts, dimensions=20)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    words, weighted = first
    assert weighted.shape == (len(words), 20) and weighted.dtype == np.float32
    counts = {word: sum(text.split().count(word) for text in texts) for word in ("warranty", "the")}
    assert all(word in set(words) for word, count in counts.items() if count >= 3)


def test_a_clause_vector_is_unit_length_and_ignores_cue_tokens_and_unknown_words(reference) -> None:
    index, weighted = reference
    clause = "You may not use the Model for commercial purposes."
    plain, with_cues, nonsense = clause_vectors(
        [normalise(clause), prepare(clause, "tfidf-cues-lr"), "qzxv wvbk"], index, weighted
    )
    assert prepare(clause, "tfidf-cues-lr") != normalise(clause)
    assert np.isclose(np.linalg.norm(plain), 1.0) and np.array_equal(plain, with_cues)
    assert not nonsense.any()


def test_the_transformer_takes_the_reference_vectors_whatever_it_is_fitted_on(reference) -> None:
    index, weighted = reference
    fitted = ClauseVectors().fit(["any clause at all"])
    assert np.array_equal(fitted.weighted_, weighted) and word_index(fitted.words_) == index
    assert fitted.transform(["the software is provided as is", ""]).shape == (2, weighted.shape[1])
