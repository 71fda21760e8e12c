"""Train the clause classifier from ``corpora/`` and measure it honestly.

Evaluation is cross-validation grouped by license: the clauses of one license
are all in the test fold or all in training, and team-written clauses only ever
train. Per-label decision thresholds are tuned on grouped folds of the training
part only (nested), never on the licenses they are scored on. Training is
deterministic: the same corpus gives the same model bytes.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .artifacts import CONSTRAINTS_FILE, ModelMeta, constraint_mismatches, default_model_dir, read_constraints, save_model, training_environment
from .classify import build_estimator, prepare_all
from .corpus import Example, corpus_hash, load_corpus
from .evaluate import format_metrics, is_ai_or_data_license, per_license, score_table, subset_scores
from .taxonomy import LABELS, TAXONOMY_VERSION, Group, Label

DEFAULT_APPROACH = "tfidf-cues-vec-lr"
DEFAULT_FOLDS = 5
INNER_FOLDS = 3
MIN_TUNING_SUPPORT = 20
_GRID = tuple(round(0.05 * step, 2) for step in range(2, 19))


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


def fit(examples: Sequence[Example], approach: str = DEFAULT_APPROACH, seed: int = 0) -> Any:
    """Fit a fresh estimator of ``approach`` on examples."""
    estimator = build_estimator(approach, seed)
    estimator.fit(prepared(examples, approach), label_matrix(examples))
    return estimator


class HashedFeatures:
    """Every example's hashed n-gram counts under one approach, computed once for all the folds of an evaluation.

    The hashing step of the estimator is stateless, so the counts of a clause
    are the same in every fold; only the TF-IDF weights and the linear models
    are fitted per fold. The clause vectors of a "vec" approach are the same in
    every fold too (learnt from unlabelled reference texts, not from the folds'
    clauses) and are computed once. ``fit`` and ``predict_proba`` give exactly
    what the estimator's pipeline gives on the same rows (the same transformers,
    cloned, on the same matrices).
    """

    def __init__(self, examples: Sequence[Example], approach: str) -> None:
        estimator = build_estimator(approach)
        self.union = estimator.named_steps["features"]
        self.classifier = estimator.named_steps["classify"]
        texts = prepared(examples, approach)
        self.ngrams = [pipeline for _, pipeline in self.union.transformer_list if hasattr(pipeline, "named_steps")]
        self.hashed = [pipeline.named_steps["hash"].transform(texts) for pipeline in self.ngrams]
        vectors = dict(self.union.transformer_list).get("vectors")
        self.dense = vectors.fit(texts).transform(texts) if vectors is not None else None
        self.targets = label_matrix(examples)

    def fit(self, rows: Sequence[int]) -> tuple[list[Any], Any]:
        """TF-IDF weights and linear models fitted on ``rows`` (indexes into the examples)."""
        from sklearn.base import clone

        weights = [clone(pipeline.named_steps["tfidf"]).fit(hashed[rows]) for pipeline, hashed in zip(self.ngrams, self.hashed)]
        return weights, clone(self.classifier).fit(self._matrix(weights, rows), self.targets[rows])

    def predict_proba(self, model: tuple[list[Any], Any], rows: Sequence[int]) -> Any:
        """Probabilities of ``rows`` under a model from :meth:`fit`."""
        weights, classifier = model
        return classifier.predict_proba(self._matrix(weights, rows))

    def _matrix(self, weights: list[Any], rows: Sequence[int]) -> Any:
        from scipy.sparse import csr_matrix, hstack

        parts = [weight.transform(hashed[rows]) for weight, hashed in zip(weights, self.hashed)]
        return hstack(parts + ([csr_matrix(self.dense[rows])] if self.dense is not None else [])).tocsr()


def out_of_fold(examples: Sequence[Example], rows: Sequence[int], approach: str, folds: int, features: HashedFeatures | None = None) -> Any:
    """Probabilities for ``rows`` (license clauses) from models that never saw their license.

    Written clauses and the other folds' license clauses train each model.
    """
    import numpy as np
    from joblib import Parallel, delayed
    from sklearn.model_selection import GroupKFold

    features = features or HashedFeatures(examples, approach)
    groups = [examples[row].group for row in rows]
    splits = min(folds, len(set(groups)))
    if splits < 2:
        raise ValueError("cross-validation needs clauses from at least two licenses")
    written = [index for index, example in enumerate(examples) if example.is_written]
    plan = list(GroupKFold(n_splits=splits).split(rows, groups=groups))

    def run(train_part: Any, test_part: Any) -> Any:
        model = features.fit([rows[index] for index in train_part] + written)
        return features.predict_proba(model, [rows[index] for index in test_part])

    results = Parallel(n_jobs=2, prefer="threads")(delayed(run)(train_part, test_part) for train_part, test_part in plan)
    probabilities = np.zeros((len(rows), len(LABELS)))
    for (_, test_part), scores in zip(plan, results):
        probabilities[test_part] = scores
    headings = [index for index, row in enumerate(rows) if examples[row].is_heading]
    probabilities[headings] = 0.0  # the classifier gives headings no labels
    return probabilities


def prepared(examples: Sequence[Example], approach: str) -> list[str]:
    """The classifier's input for each example (its text with its context) under ``approach``."""
    return prepare_all([example.text for example in examples], approach, [example.context for example in examples])


def tune_thresholds(gold: Any, probabilities: Any) -> dict[str, float]:
    """Per label, the threshold on a fixed grid with the best F1.

    Labels with fewer than MIN_TUNING_SUPPORT examples keep 0.5 (a threshold
    fitted to a handful of clauses is noise), and blocking labels never go
    below 0.5: a false blocking label on an open license costs a legal team's
    trust more than a missed one costs a second look.
    """
    from sklearn.metrics import f1_score

    thresholds = {}
    for column, label in enumerate(LABELS):
        if gold[:, column].sum() < MIN_TUNING_SUPPORT:
            thresholds[label] = 0.5
            continue
        scores = [f1_score(gold[:, column], probabilities[:, column] >= cut, zero_division=0) for cut in _GRID]
        best = max(scores)
        # the middle of the best plateau is less brittle than its first point
        plateau = [cut for cut, score in zip(_GRID, scores) if score >= best - 1e-9]
        thresholds[label] = plateau[len(plateau) // 2]
        if Label(label).group is Group.BLOCKING:
            thresholds[label] = max(0.5, thresholds[label])
    return thresholds


def license_rows(examples: Sequence[Example]) -> list[int]:
    """Indexes of the clauses that come from licenses (the only ones ever tested)."""
    return [index for index, example in enumerate(examples) if not example.is_written]


def nested_cross_validate(
    examples: Sequence[Example], approach: str = DEFAULT_APPROACH, folds: int = DEFAULT_FOLDS, inner: int = INNER_FOLDS,
    features: HashedFeatures | None = None,
) -> dict[str, Any]:
    """Grouped cross-validation with thresholds tuned on inner grouped folds of each training part."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    features = features or HashedFeatures(examples, approach)
    rows = license_rows(examples)
    groups = [examples[row].group for row in rows]
    gold = label_matrix([examples[row] for row in rows])
    written = [index for index, example in enumerate(examples) if example.is_written]
    predicted = np.zeros_like(gold)
    for train_part, test_part in GroupKFold(n_splits=min(folds, len(set(groups)))).split(rows, groups=groups):
        train_rows = [rows[index] for index in train_part]
        inner_scores = out_of_fold(examples, train_rows, approach, inner, features) if inner else None
        thresholds = tune_thresholds(gold[train_part], inner_scores) if inner else {label: 0.5 for label in LABELS}
        model = features.fit(train_rows + written)
        scores = features.predict_proba(model, [rows[index] for index in test_part])
        cuts = np.array([thresholds[label] for label in LABELS])
        scores[[position for position, index in enumerate(test_part) if examples[rows[index]].is_heading]] = 0.0
        predicted[test_part] = (scores >= cuts).astype(int)
    tuning = f"thresholds tuned on {inner} inner grouped folds of each training part" if inner else "threshold 0.5"
    return {
        "approach": approach,
        "method": f"{folds}-fold cross-validation grouped by license (GroupKFold); {tuning}; team-written clauses train only",
        "clauses_tested": len(rows),
        "licenses_tested": len(set(groups)),
        "clause_level": score_table(gold, predicted),
        "license_level": score_table(*per_license(gold, predicted, groups)),
        "ai_and_data": subset_scores(gold, predicted, groups, is_ai_or_data_license),
    }


def train(
    corpus_dir: str | Path | None = None,
    model_dir: str | Path = "models",
    approach: str = DEFAULT_APPROACH,
    folds: int = DEFAULT_FOLDS,
    evaluate: bool = True,
) -> TrainResult:
    """Rebuild the model in ``model_dir`` from the corpus; write meta, metrics and the model card.

    Thresholds of the shipped model come from grouped out-of-fold scores over
    the whole corpus; the reported metrics come from the nested evaluation (taken
    from ``comparison.json`` when ``evaluate --compare --save`` ran it on this corpus).
    """
    import sklearn

    examples = load_corpus(corpus_dir)
    pins = read_constraints(default_model_dir() / CONSTRAINTS_FILE)
    environment = training_environment(pins)
    mismatches = constraint_mismatches(pins, environment)
    if mismatches:
        warnings.warn(
            f"training with packages other than {CONSTRAINTS_FILE} pins: {', '.join(mismatches)}; the model will give the same "
            f"labels but not the same bytes (pip install -c models/{CONSTRAINTS_FILE} . for a byte-identical rebuild)",
            stacklevel=2,
        )
    rows = license_rows(examples)
    features = HashedFeatures(examples, approach)
    thresholds = tune_thresholds(label_matrix([examples[row] for row in rows]), out_of_fold(examples, rows, approach, folds, features))
    directory = Path(model_dir)
    metrics: dict[str, Any] = {}
    if evaluate:
        metrics = _compared(directory, approach, folds, corpus_hash(examples)) or nested_cross_validate(examples, approach, folds, features=features)
    estimator = fit(examples, approach)
    counts = corpus_counts(examples)
    meta = save_model(
        estimator,
        {
            "labels": list(LABELS),
            "thresholds": thresholds,
            "sklearn_version": sklearn.__version__,
            "corpus_sha256": corpus_hash(examples),
            "approach": approach,
            "corpus": counts,
            "environment": environment,
        },
        directory,
    )
    if evaluate:
        (directory / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (directory / "README.md").write_text(model_card(meta, metrics, counts, _comparison(directory, meta.corpus_sha256)), encoding="utf-8")
    return TrainResult(meta, metrics, directory)


def _compared(directory: Path, approach: str, folds: int, corpus_sha256: str) -> dict[str, Any] | None:
    """The nested evaluation of ``approach`` that ``evaluate --compare --save`` already ran on this corpus, if any
    (the evaluation is deterministic: running it again gives the same figures)."""
    path = directory / "comparison.json"
    try:
        saved = json.loads(path.read_text(encoding="utf-8")).get(approach) or {}
    except (OSError, ValueError):
        return None
    if saved.get("corpus_sha256") != corpus_sha256 or saved.get("folds") != folds:
        return None
    return {key: value for key, value in saved.items() if key not in ("corpus_sha256", "folds")}


def _comparison(directory: Path, corpus_sha256: str) -> str:
    """The model card's comparison of approaches, from ``comparison.json`` (``licensecheck evaluate --compare --save``)."""
    from .evaluate import format_comparison

    path = directory / "comparison.json"
    if not path.is_file():
        return ""
    results = json.loads(path.read_text(encoding="utf-8"))
    compared = {str(metrics.get("corpus_sha256", "")) for metrics in results.values()}
    when = "this corpus" if compared == {corpus_sha256} else (
        f"an earlier state of the corpus (sha256 {', '.join(sorted(hash_[:12] for hash_ in compared))}…; the figures above are this corpus's)"
    )
    return (
        "\n## Approaches compared\n`licensecheck evaluate --compare --save models/comparison.json`, run on " + when + " (same nested "
        "grouped cross-validation; macro/micro F1 and the F1 of the labels that matter most):\n\n```\n" + format_comparison(results) + "```\n"
    )


def corpus_counts(examples: Sequence[Example]) -> dict[str, Any]:
    """How many clauses, licenses and examples per label the corpus has."""
    licensed = [example for example in examples if not example.is_written]
    return {
        "clauses": len(examples),
        "licensedcode_clauses": len(licensed),
        "licenses": len({example.group for example in licensed}),
        "written_clauses": len(examples) - len(licensed),
        "per_label": {label: sum(label in example.labels for example in examples) for label in LABELS},
    }


def model_card(meta: ModelMeta, metrics: dict[str, Any], counts: dict[str, Any], extra: str = "") -> str:
    """The model card (``models/README.md``) for a trained artifact."""
    per_label = "\n".join(f"| `{label}` | {count} | {meta.thresholds.get(label, 0.5):.2f} |" for label, count in counts["per_label"].items())
    return f"""# licensecheck clause classifier

Generated by `licensecheck train`; do not edit by hand.

## Artifact
- `clause-classifier.skops` (skops format; loads only the scikit-learn and
  NumPy types listed in `licensecheck/artifacts.py`), sha256 `{meta.sha256}`
- `clause-classifier.meta.json`: labels, per-label thresholds, versions, corpus hash
- approach `{meta.approach}`, scikit-learn {meta.sklearn_version}, taxonomy v{TAXONOMY_VERSION},
  corpus sha256 `{meta.corpus_sha256}`

## Data
`corpora/` in this repository: {counts['clauses']} annotated clauses, of which
{counts['licensedcode_clauses']} come from {counts['licenses']} license texts of licensedcode-data 32.1.0
(stored by reference: license key, offsets, sha256) and {counts['written_clauses']} were written by the team.
Guidelines and inter-annotator agreement: `corpora/GUIDELINES.md`.

| label | clauses | threshold |
|---|---|---|
{per_label}

## Method
Clause text is normalised (Unicode, quotes, case, enumerators, digits to `0`)
and, for approaches with cues, extended with obligation / prohibition / scope
cue tokens found by spaCy's Matcher (`licensecheck/cues.py`). Hashed word
1-2-grams and character 2-5-grams (2^18 features each), TF-IDF weighted, and,
for approaches with "vec", the clause's vector from word vectors we learn from
the unlabelled licensedcode-data texts (`licensecheck/embedding/`, no outside
model) feed one balanced linear model per label (one-vs-rest). A label is given when its
probability reaches the label's threshold, tuned for F1 on grouped
out-of-fold scores.

## Evaluation
{metrics.get('method', 'not evaluated')}.
Reproduce with `licensecheck evaluate` (and `licensecheck train`, which writes `models/metrics.json`).

```
{format_metrics(metrics) if metrics else 'not evaluated'}```
{extra}
## Openness of this model
`models/mof.yml` is this model's Model Openness Framework manifest; `licensecheck mof models/mof.yml`
rates it. Every component is released under Apache-2.0 (the repository's license), with the model card,
the technical report (`models/TECHNICAL_REPORT.md`) and the data card (`corpora/README.md`). Missing for
Class I: intermediate parameters (a linear model has none to release) and a research paper (none written).
Weights and data under a software license are counted by MOT with a type warning.

## Intended use and limits
Flags clauses of AI-model, data and software licenses for a human reader; it
is not legal advice. Licenses unlike anything in the corpus (other languages,
unusual drafting) get lower recall; read the full text before relying on it.
"""
