"""Train the clause classifier from ``corpora/`` and measure it honestly.

Evaluation is cross-validation grouped by license: the clauses of one license
are all in the test fold or all in training, and team-written clauses only ever
train. Training is deterministic: the same corpus gives the same model bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .artifacts import ModelMeta, save_model
from .classify import build_estimator, prepare
from .corpus import Example, corpus_hash, load_corpus
from .taxonomy import LABELS, TAXONOMY_VERSION

DEFAULT_FOLDS = 5
THRESHOLD = 0.5


@dataclass(frozen=True)
class TrainResult:
    """What a training run wrote and measured."""

    meta: ModelMeta
    metrics: dict[str, Any]
    model_dir: Path


def label_matrix(examples: Sequence[Example]) -> Any:
    """The binary (examples x LABELS) target matrix."""
    import numpy as np

    matrix = np.zeros((len(examples), len(LABELS)), dtype=np.int64)
    for row, example in enumerate(examples):
        for label in example.labels:
            matrix[row, LABELS.index(label)] = 1
    return matrix


def fit(examples: Sequence[Example], seed: int = 0) -> Any:
    """Fit a fresh estimator on examples."""
    estimator = build_estimator(seed)
    estimator.fit([prepare(example.text) for example in examples], label_matrix(examples))
    return estimator


def cross_validate(examples: Sequence[Example], folds: int = DEFAULT_FOLDS, seed: int = 0) -> dict[str, Any]:
    """Out-of-fold scores of license clauses, grouped by license; written clauses always train."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    tested = [index for index, example in enumerate(examples) if not example.is_written]
    written = [index for index, example in enumerate(examples) if example.is_written]
    groups = [examples[index].group for index in tested]
    splits = min(folds, len(set(groups)))
    if splits < 2:
        raise ValueError("cross-validation needs clauses from at least two licenses")
    probabilities = np.zeros((len(tested), len(LABELS)))
    for train_rows, test_rows in GroupKFold(n_splits=splits).split(tested, groups=groups):
        train = [examples[tested[row]] for row in train_rows] + [examples[index] for index in written]
        estimator = fit(train, seed)
        probabilities[test_rows] = estimator.predict_proba([prepare(examples[tested[row]].text) for row in test_rows])
    gold = label_matrix([examples[index] for index in tested])
    predicted = (probabilities >= THRESHOLD).astype(int)
    return {
        "method": f"{splits}-fold cross-validation grouped by license (GroupKFold); team-written clauses train only",
        "threshold": THRESHOLD,
        "clauses_tested": len(tested),
        "licenses_tested": len(set(groups)),
        "clause_level": score_table(gold, predicted),
        "license_level": score_table(*_per_license(gold, predicted, groups)),
    }


def score_table(gold: Any, predicted: Any) -> dict[str, Any]:
    """Per-label precision, recall, F1 and support, with micro and macro averages."""
    from sklearn.metrics import precision_recall_fscore_support

    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, zero_division=0)
    table: dict[str, Any] = {
        label: {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3), "support": int(s)}
        for label, p, r, f, s in zip(LABELS, precision, recall, f1, support)
    }
    for average in ("micro", "macro"):
        p, r, f, _ = precision_recall_fscore_support(gold, predicted, average=average, zero_division=0)
        table[average] = {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3)}
    return table


def _per_license(gold: Any, predicted: Any, groups: Sequence[str]) -> tuple[Any, Any]:
    """A license has a label when any of its clauses has it."""
    import numpy as np

    keys = sorted(set(groups))
    rows = {key: [index for index, group in enumerate(groups) if group == key] for key in keys}
    return (
        np.array([gold[rows[key]].max(axis=0) for key in keys]),
        np.array([predicted[rows[key]].max(axis=0) for key in keys]),
    )


def train(
    corpus_dir: str | Path | None = None,
    model_dir: str | Path = "models",
    folds: int = DEFAULT_FOLDS,
    evaluate: bool = True,
) -> TrainResult:
    """Rebuild the model in ``model_dir`` from the corpus; write meta, metrics and the model card."""
    import sklearn

    examples = load_corpus(corpus_dir)
    metrics = cross_validate(examples, folds) if evaluate else {}
    estimator = fit(examples)
    directory = Path(model_dir)
    meta = save_model(
        estimator,
        {
            "labels": list(LABELS),
            "thresholds": {label: THRESHOLD for label in LABELS},
            "sklearn_version": sklearn.__version__,
            "corpus_sha256": corpus_hash(examples),
            "corpus": _corpus_counts(examples),
        },
        directory,
    )
    if evaluate:
        (directory / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (directory / "README.md").write_text(model_card(meta, metrics, _corpus_counts(examples)), encoding="utf-8")
    return TrainResult(meta, metrics, directory)


def _corpus_counts(examples: Sequence[Example]) -> dict[str, Any]:
    licensed = [example for example in examples if not example.is_written]
    return {
        "clauses": len(examples),
        "licensedcode_clauses": len(licensed),
        "licenses": len({example.group for example in licensed}),
        "written_clauses": len(examples) - len(licensed),
        "per_label": {label: sum(label in example.labels for example in examples) for label in LABELS},
    }


def format_metrics(metrics: dict[str, Any]) -> str:
    """A plain-text table of the clause- and license-level scores."""
    lines = [metrics["method"], f"{metrics['clauses_tested']} clauses of {metrics['licenses_tested']} licenses tested", ""]
    for level in ("clause_level", "license_level"):
        lines.append(f"{level.replace('_', ' ')}:")
        lines.append(f"  {'label':<20} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
        for name, row in metrics[level].items():
            support = row.get("support", "")
            lines.append(f"  {name:<20} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} {support:>8}")
        lines.append("")
    return "\n".join(lines)


def model_card(meta: ModelMeta, metrics: dict[str, Any], counts: dict[str, Any]) -> str:
    """The model card (``models/README.md``) for a trained artifact."""
    per_label = "\n".join(f"| `{label}` | {count} |" for label, count in counts["per_label"].items())
    return f"""# licensecheck clause classifier

Generated by `licensecheck train`; do not edit by hand.

## Artifact
- `clause-classifier.skops` (skops format; loads only the scikit-learn and
  NumPy types listed in `licensecheck/artifacts.py`), sha256 `{meta.sha256}`
- `clause-classifier.meta.json`: labels, per-label thresholds, versions, corpus hash
- scikit-learn {meta.sklearn_version}, taxonomy v{TAXONOMY_VERSION}, corpus sha256 `{meta.corpus_sha256}`

## Data
`corpora/` in this repository: {counts['clauses']} annotated clauses, of which
{counts['licensedcode_clauses']} come from {counts['licenses']} license texts of licensedcode-data 32.1.0
(stored by reference: license key, offsets, sha256) and {counts['written_clauses']} were written by the team.
Guidelines: `corpora/GUIDELINES.md`.

| label | clauses |
|---|---|
{per_label}

## Method
Clause text is normalised (Unicode, quotes, case, enumerators, digits to `0`),
then hashed word 1-2-grams and character 2-5-grams (2^18 features each), TF-IDF
weighted, feed one balanced logistic regression per label (one-vs-rest). A label
is given when its probability reaches its threshold ({THRESHOLD} for all labels).

## Evaluation
{metrics.get('method', '')}; threshold {THRESHOLD}.
Reproduce with `licensecheck train` (writes `models/metrics.json`).

```
{format_metrics(metrics) if metrics else 'not evaluated'}```

## Intended use and limits
Flags clauses of AI-model, data and software licenses for a human reader; it
is not legal advice. Licenses unlike anything in the corpus (other languages,
unusual drafting) get lower recall; read the full text before relying on it.
"""
