"""Experiment (issue 17): do word vectors trained by us on licensedcode-data help the n-gram classifier?

Word vectors: positive PMI of word co-occurrence (window 4) over every license text of licensedcode-data
(unlabelled text, no outside model), reduced to 150 dimensions by a randomized SVD. A clause's vector is the
IDF-weighted mean of its words' vectors, L2-normed, appended to the hashed TF-IDF n-grams of the shipped approach
(``tfidf-cues-lr``). Both variants are scored out of fold, 5 folds grouped by license (written clauses train only),
at the fixed threshold 0.5 and, as a ceiling, at each label's best license-level threshold.

Run: ``.venv/bin/python benchmarks/exp_word_vectors.py`` (about 6 minutes on 2 cores). Evaluation only: the
shipped model does not use the vectors yet (see models/TECHNICAL_REPORT.md).
"""

from __future__ import annotations

import copy
import re
import time
from collections import Counter
from typing import Any, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.utils.extmath import randomized_svd

from licensecheck.classify import normalise
from licensecheck.corpus import load_corpus
from licensecheck.evaluate import is_ai_or_data_license, per_license, score_table, subset_scores
from licensecheck.licensedb import license_keys, license_text
from licensecheck.taxonomy import LABELS
from licensecheck.train import HashedFeatures, label_matrix, license_rows, out_of_fold

WORD = re.compile(r"[a-z]+")
KEY_LABELS = ("commercial-ban", "use-case-limit", "user-count-cap", "pass-through", "revocation", "no-derivatives", "output-restriction")


def word_vectors(dimensions: int = 150, window: int = 4, min_count: int = 3) -> tuple[dict[str, int], Any, Any]:
    """Vocabulary, unit word vectors and IDF from the PPMI-SVD of every licensedcode-data license text."""
    documents = [WORD.findall(normalise(license_text(key))) for key in license_keys()]
    counts = Counter(word for document in documents for word in document)
    vocabulary = {word: index for index, (word, count) in enumerate(counts.most_common(40_000)) if count >= min_count}
    size = len(vocabulary)
    pairs_from, pairs_to = [], []
    for document in documents:
        ids = np.array([vocabulary.get(word, -1) for word in document], dtype=np.int64)
        ids = ids[ids >= 0]
        for offset in range(1, window + 1):
            pairs_from += [ids[:-offset], ids[offset:]]
            pairs_to += [ids[offset:], ids[:-offset]]
    cooccurrence = sp.coo_matrix(
        (np.ones(sum(map(len, pairs_from))), (np.concatenate(pairs_from), np.concatenate(pairs_to))), shape=(size, size)
    )
    cooccurrence.sum_duplicates()
    row_share = np.asarray(cooccurrence.sum(1)).ravel() / cooccurrence.sum()
    context = np.asarray(cooccurrence.sum(0)).ravel() ** 0.75
    pmi = np.log(cooccurrence.data / cooccurrence.sum() / row_share[cooccurrence.row] / (context / context.sum())[cooccurrence.col])
    keep = pmi > 0
    positive = sp.csr_matrix((pmi[keep], (cooccurrence.row[keep], cooccurrence.col[keep])), shape=(size, size))
    left, singular, _ = randomized_svd(positive, dimensions, random_state=0)
    vectors = left * np.sqrt(singular)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    document_counts = Counter(word for document in documents for word in set(document))
    idf = np.zeros(size)
    for word, index in vocabulary.items():
        idf[index] = np.log(len(documents) / (1 + document_counts[word]))
    return vocabulary, vectors, idf


def clause_vectors(texts: Sequence[str], vocabulary: dict[str, int], vectors: Any, idf: Any) -> Any:
    """Each text's IDF-weighted mean word vector, L2-normed (zeros for a text with no known word)."""
    result = np.zeros((len(texts), vectors.shape[1]))
    for row, text in enumerate(texts):
        ids = [vocabulary[word] for word in WORD.findall(normalise(text)) if word in vocabulary]
        if ids:
            total = (vectors[ids] * idf[ids, None]).sum(0)
            result[row] = total / (np.linalg.norm(total) + 1e-9)
    return result


def report(name: str, probabilities: Any, gold: Any, groups: Sequence[str]) -> None:
    """License-level macro-F1 (all, AI and data) and the F1 of the blocking labels that matter most."""
    for cut_name in ("0.5", "best"):
        predicted = (probabilities >= 0.5).astype(int)
        if cut_name == "best":
            for column, label in enumerate(LABELS):
                def f1(cut: float) -> float:
                    trial = predicted.copy()
                    trial[:, column] = probabilities[:, column] >= cut
                    return score_table(*per_license(gold, trial, groups))[label]["f1"]
                predicted[:, column] = probabilities[:, column] >= max(np.arange(0.1, 0.95, 0.05), key=f1)
        table = score_table(*per_license(gold, predicted, groups))
        ai = subset_scores(gold, predicted, groups, is_ai_or_data_license)["license_level"]
        labels = " ".join(f"{label} {table[label]['f1']:.2f}" for label in KEY_LABELS)
        print(f"{name:22s} cut {cut_name:4s}  license macro-F1 {table['macro']['f1']:.3f}  AI/data {ai['macro']['f1']:.3f}  "
              f"clause macro-F1 {score_table(gold, predicted)['macro']['f1']:.3f} | {labels}", flush=True)


def main() -> None:
    started = time.perf_counter()
    examples = load_corpus()
    rows = license_rows(examples)
    gold, groups = label_matrix([examples[row] for row in rows]), [examples[row].group for row in rows]
    vocabulary, vectors, idf = word_vectors()
    print(f"{len(examples)} clauses; word vectors: {len(vocabulary)} words x {vectors.shape[1]} ({time.perf_counter() - started:.0f} s)", flush=True)
    dense = clause_vectors([example.text for example in examples], vocabulary, vectors, idf)
    ngrams = HashedFeatures(examples, "tfidf-cues-lr")
    with_vectors = copy.copy(ngrams)  # the same hashed n-grams, counted once
    with_vectors.dense = dense
    for name, features in (("n-grams", ngrams), ("n-grams + word vectors", with_vectors)):
        report(name, out_of_fold(examples, rows, "tfidf-cues-lr", 5, features), gold, groups)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
