"""Experiment (issue 17): what setting aside the blocking labels of clauses whose form restricts nothing costs and gains
on the annotated corpus (:mod:`licensecheck.permissive`).

On out-of-fold clause scores (5 folds grouped by license, written clauses train only; the shipped approach and
thresholds), prints how many clauses the forms cover, how many of their gold blocking labels they would lose and how
many wrong blocking labels they remove, and the license-level macro-F1 with and without the rule; then each clause
whose gold blocking label the rule removes.

Run: ``.venv/bin/python benchmarks/exp_permissive.py [--scores FILE.npy]`` (about 3 minutes on 2 cores; with
``--scores`` the out-of-fold scores are read from, or first written to, FILE).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np

from licensecheck import load_classifier
from licensecheck.classify import lead_ins
from licensecheck.corpus import load_corpus
from licensecheck.evaluate import is_ai_or_data_license, per_license, score_table
from licensecheck.permissive import restricts_nothing
from licensecheck.taxonomy import LABELS, Group, Label
from licensecheck.train import label_matrix, license_rows, out_of_fold

BLOCKING = np.array([Label(label).group is Group.BLOCKING for label in LABELS])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scores", type=Path)
    args = parser.parse_args()
    classifier = load_classifier()
    examples = load_corpus()
    rows = license_rows(examples)
    clauses = [examples[row] for row in rows]
    if args.scores and args.scores.is_file():
        scores = np.load(args.scores)
    else:
        scores = out_of_fold(examples, rows, classifier.meta.approach, 5)
        if args.scores:
            np.save(args.scores, scores)
    gold, groups = label_matrix(clauses), [clause.group for clause in clauses]
    thresholds = np.array([classifier.meta.thresholds.get(label, 0.5) for label in LABELS])
    predicted = (scores >= thresholds).astype(int)

    by_license = defaultdict(list)
    for position, clause in enumerate(clauses):
        by_license[clause.group].append(position)
    lead = [""] * len(clauses)
    for positions in by_license.values():  # corpus rows keep each license's clauses in document order
        for position, text in zip(positions, lead_ins([clauses[position].text for position in positions])):
            lead[position] = text
    covered = np.array([restricts_nothing(clause.text, lead[position]) for position, clause in enumerate(clauses)])
    ruled = predicted.copy()
    ruled[np.ix_(covered, BLOCKING)] = 0

    keys = sorted(set(groups))
    ai = np.array([is_ai_or_data_license(key) for key in keys])
    for name, matrix in (("scores and thresholds", predicted), ("forms set aside", ruled)):
        license_gold, license_predicted = per_license(gold, matrix, groups)
        table, ai_table, clause_table = score_table(license_gold, license_predicted), score_table(license_gold[ai], license_predicted[ai]), score_table(gold, matrix)
        print(f"{name:22s} license macro-F1 {table['macro']['f1']:.3f}  AI/data {ai_table['macro']['f1']:.3f}  clause macro-F1 {clause_table['macro']['f1']:.3f}")
    lost = (predicted - ruled) * gold
    removed = (predicted - ruled) * (1 - gold)
    print(f"clauses whose form restricts nothing: {int(covered.sum())} of {len(clauses)}; of them with a gold blocking label: "
          f"{int(gold[np.ix_(covered, BLOCKING)].any(axis=1).sum())}")
    print(f"blocking labels set aside: right ones lost {int(lost[:, BLOCKING].sum())}, wrong ones removed {int(removed[:, BLOCKING].sum())}")
    for position in np.flatnonzero(lost[:, BLOCKING].any(axis=1)):
        print(f"  lost {[LABELS[column] for column in np.flatnonzero(lost[position] * BLOCKING)]} {clauses[position].group}: {clauses[position].text[:150]!r}")


if __name__ == "__main__":
    main()
