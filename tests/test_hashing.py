"""The vectorized n-gram hashing counts exactly what scikit-learn's HashingVectorizer counts."""

from __future__ import annotations

from pathlib import Path

import mmh3
import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from licensecheck.classify import prepare
from licensecheck.corpus import load_corpus
from licensecheck.hashing import buckets, char_counts, murmur3, word_counts

REPO = Path(__file__).resolve().parent.parent
N_FEATURES = 2**18
ODD = [
    "", "   ", "a", "ab", "Ünïcödé ﬁ ligatures — and “quotes”", "x" * 5000, "中文许可证 第一条 非商业用途", "emoji 😀 𝔘 ok",
    "\t\n\x0b tabs and\u00a0no-break spaces", "under_score d9 9d", "Ω≈ç√ ∫˜µ≤≥÷",
]
BRANCHES = {
    "chars": (char_counts, {"analyzer": "char_wb", "ngram_range": (2, 5)}),
    "words": (word_counts, {"ngram_range": (1, 2), "token_pattern": r"(?u)\b\w+\b"}),
}


def _as_triples(rows, columns, counts) -> list[tuple[int, int, int]]:
    return sorted(zip(np.asarray(rows).tolist(), np.asarray(columns).tolist(), np.asarray(counts).astype(int).tolist()))


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    return [prepare(example.text, "tfidf-cues-lr") for example in load_corpus(REPO / "corpora")] + ODD


@pytest.mark.parametrize("branch", sorted(BRANCHES))
def test_counts_equal_scikit_learn_on_every_corpus_clause(branch, corpus_texts) -> None:
    counting, options = BRANCHES[branch]
    expected = HashingVectorizer(n_features=N_FEATURES, alternate_sign=False, norm=None, **options).transform(corpus_texts).tocoo()
    found = counting(corpus_texts, N_FEATURES)
    assert _as_triples(found.rows, found.columns, found.counts) == _as_triples(expected.row, expected.col, expected.data)


def test_murmur_hash_equals_mmh3_for_every_length_and_script() -> None:
    words = ["", "a", "ab", "abc", "abcd", "abcde", "héllo", "许可", "😀x", "x" * 63, "ünï" * 9]
    encoded = [word.encode("utf-8") for word in words]
    starts = np.cumsum([0] + [len(item) for item in encoded[:-1]])
    buffer = np.frombuffer(b"".join(encoded) + bytes(4), dtype=np.uint8)
    found = murmur3(buffer, starts, [len(item) for item in encoded])
    assert found.tolist() == [mmh3.hash(item, 0, signed=True) for item in encoded]


def test_the_most_negative_hash_takes_scikit_learns_bucket() -> None:
    assert buckets(np.array([-(2**31), -5, 7], dtype=np.int32), 10).tolist() == [(2**31 - 1 - 9) % 10, 5, 7]


def test_texts_without_words_have_no_counts() -> None:
    for counting, _ in BRANCHES.values():
        assert len(counting(["", " \n "], N_FEATURES).counts) == 0
