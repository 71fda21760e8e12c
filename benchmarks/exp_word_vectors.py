"""Experiment (issue 17): do word vectors trained by us on licensedcode-data help the n-gram classifier?

Word vectors (:mod:`licensecheck.embedding`): positive PMI of word co-occurrence (window 4) over every license
text of licensedcode-data (unlabelled text, no outside model), reduced to 150 dimensions by a randomized SVD. A
clause's vector is the IDF-weighted mean of its words' vectors, L2-normed, appended to the hashed TF-IDF n-grams
(``tfidf-cues-vec-lr`` against ``tfidf-cues-lr``). Both are scored out of fold, 5 folds grouped by license
(written clauses train only), at the fixed threshold 0.5 and, as a ceiling, at each label's best license-level
threshold; the nested evaluation with tuned thresholds is ``licensecheck evaluate --approach ...``.

Run: ``.venv/bin/python benchmarks/exp_word_vectors.py`` (about 6 minutes on 2 cores; see models/TECHNICAL_REPORT.md).
"""

from __future__ import annotations

import time
from typing import Any, Sequence

import numpy as np

from licensecheck.corpus import load_corpus
from licensecheck.evaluate import is_ai_or_data_license, per_license, score_table, subset_scores
from licensecheck.taxonomy import LABELS
from licensecheck.train import label_matrix, license_rows, out_of_fold

KEY_LABELS = ("commercial-ban", "use-case-limit", "user-count-cap", "pass-through", "revocation", "no-derivatives", "output-restriction")


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
    for approach in ("tfidf-cues-lr", "tfidf-cues-vec-lr"):
        report(approach, out_of_fold(examples, rows, approach, 5), gold, groups)
    print(f"{len(examples)} clauses; total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
