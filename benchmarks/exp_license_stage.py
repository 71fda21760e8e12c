"""Experiment (issue 17): does a license-level stage decide a license's labels better than its clauses' thresholds?

On out-of-fold clause scores (5 folds grouped by license, written clauses train only), each outer fold's
thresholds or stage is fitted on the other folds' licenses and applied to its own:

* per-clause thresholds tuned for clause F1 (what training ships), or for license-level F1, or fixed at 0.5;
* a stacked logistic regression per label over each license's top two clause scores, the count of clauses
  above 0.3 and its size: for its own label only, or for every label.

Run: ``.venv/bin/python benchmarks/exp_license_stage.py [APPROACH ...]`` (about 3 minutes per approach on 2
cores; default: tfidf-cues-lr and tfidf-cues-vec-lr). Figures: models/TECHNICAL_REPORT.md.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from licensecheck.corpus import load_corpus
from licensecheck.evaluate import is_ai_or_data_license, per_license, score_table
from licensecheck.taxonomy import LABELS, Group, Label
from licensecheck.train import _GRID, MIN_TUNING_SUPPORT, label_matrix, license_rows, out_of_fold, tune_thresholds

KEY_LABELS = ("commercial-ban", "pass-through", "revocation", "no-derivatives", "user-count-cap", "use-case-limit")


def license_thresholds(gold: Any, scores: Any, groups: Sequence[str]) -> dict[str, float]:
    """Per label, the middle of the best plateau of license-level F1 (blocking labels not below 0.5)."""
    thresholds = {}
    for column, label in enumerate(LABELS):
        if gold[:, column].sum() < MIN_TUNING_SUPPORT:
            thresholds[label] = 0.5
            continue
        found = [f1_score(*(matrix[:, 0] for matrix in per_license(gold[:, [column]], (scores[:, [column]] >= cut).astype(int), groups)),
                          zero_division=0) for cut in _GRID]
        plateau = [cut for cut, value in zip(_GRID, found) if value >= max(found) - 1e-9]
        thresholds[label] = plateau[len(plateau) // 2]
        if Label(label).group is Group.BLOCKING:
            thresholds[label] = max(0.5, thresholds[label])
    return thresholds


def by_thresholds(tune: Callable[[Any, Any, Sequence[str]], dict[str, float]], gold: Any, scores: Any, groups: Sequence[str]) -> tuple[Any, Any]:
    """License-level gold and predictions when each outer fold's thresholds come from ``tune`` on the other folds."""
    predicted = np.zeros_like(gold)
    for train, test in GroupKFold(5).split(scores, groups=groups):
        thresholds = tune(gold[train], scores[train], [groups[row] for row in train])
        predicted[test] = scores[test] >= np.array([thresholds[label] for label in LABELS])
    return per_license(gold, predicted, groups)


def stacked(gold: Any, scores: Any, groups: Sequence[str], every_label: bool) -> tuple[Any, Any]:
    """License-level gold and predictions of a per-label logistic regression over license features, fitted per outer fold."""
    keys = sorted(set(groups))
    rows = {key: [row for row, group in enumerate(groups) if group == key] for key in keys}

    def features(key: str) -> Any:
        ordered = np.sort(scores[rows[key]], axis=0)[::-1]
        second = ordered[1] if len(ordered) > 1 else np.zeros(len(LABELS))
        return np.concatenate([ordered[0], second, (scores[rows[key]] >= 0.3).sum(0) / 5.0, [np.log1p(len(rows[key]))]])

    matrix = np.array([features(key) for key in keys])
    targets = np.array([gold[rows[key]].max(0) for key in keys])
    predicted = np.zeros_like(targets)
    position = {key: index for index, key in enumerate(keys)}
    for train, test in GroupKFold(5).split(scores, groups=groups):
        fit_on = sorted({position[groups[row]] for row in train})
        apply_to = sorted({position[groups[row]] for row in test})
        for column in range(len(LABELS)):
            used = list(range(matrix.shape[1])) if every_label else [column, len(LABELS) + column, 2 * len(LABELS) + column, 3 * len(LABELS)]
            if targets[fit_on, column].sum() < 3:
                predicted[apply_to, column] = matrix[apply_to, column] >= 0.5
                continue
            model = LogisticRegression(class_weight="balanced", max_iter=1000).fit(matrix[np.ix_(fit_on, used)], targets[fit_on, column])
            predicted[apply_to, column] = model.predict_proba(matrix[np.ix_(apply_to, used)])[:, 1] >= 0.5
    return targets, predicted


def show(approach: str, name: str, keys: Sequence[str], gold: Any, predicted: Any) -> None:
    """One line: license macro-F1, over the AI and data licenses alone, and the key labels' F1."""
    table = score_table(gold, predicted)
    ai = np.array([is_ai_or_data_license(key) for key in keys])
    labels = " ".join(f"{label} {table[label]['f1']:.2f}" for label in KEY_LABELS)
    print(f"{approach:18s} {name:34s} license macro-F1 {table['macro']['f1']:.3f}  AI/data {score_table(gold[ai], predicted[ai])['macro']['f1']:.3f} | {labels}", flush=True)


def main(approaches: Sequence[str]) -> None:
    examples = load_corpus()
    rows = license_rows(examples)
    gold, groups = label_matrix([examples[row] for row in rows]), [examples[row].group for row in rows]
    keys = sorted(set(groups))
    for approach in approaches:
        scores = out_of_fold(examples, rows, approach, 5)
        show(approach, "thresholds tuned for clause F1", keys, *by_thresholds(lambda g, s, _: tune_thresholds(g, s), gold, scores, groups))
        show(approach, "thresholds tuned for license F1", keys, *by_thresholds(license_thresholds, gold, scores, groups))
        show(approach, "threshold 0.5", keys, *by_thresholds(lambda *_: {label: 0.5 for label in LABELS}, gold, scores, groups))
        show(approach, "stacked, own label", keys, *stacked(gold, scores, groups, every_label=False))
        show(approach, "stacked, every label", keys, *stacked(gold, scores, groups, every_label=True))


if __name__ == "__main__":
    main(sys.argv[1:] or ("tfidf-cues-lr", "tfidf-cues-vec-lr"))
