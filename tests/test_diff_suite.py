"""The development diff suite (tests/resources/diff/cases.yml): 78 pairs of real versions and edited texts, with the
labels a careful reader says were added, removed or changed. The figures guard against regressions; the misses are
listed by benchmarks/bench_diff.py (the held-out suite there is not for tuning)."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffcases import load_cases, run_case, scores

SUITE = Path(__file__).parent / "resources" / "diff" / "cases.yml"


@pytest.fixture(scope="module")
def outcomes(classifier, reference_index):
    return [run_case(case, classifier, reference_index) for case in load_cases(SUITE)]


def test_the_suite_is_read_in_full_and_every_edit_applies() -> None:
    cases = load_cases(SUITE)
    assert len(cases) >= 60 and all(case.old != case.new for case in cases)


def test_labels_added_removed_and_changed_are_found_with_few_false_ones(outcomes) -> None:
    figures = scores(outcomes)
    assert figures["recall"] >= 0.9, figures
    assert figures["precision"] >= 0.78, figures
    assert figures["right"] >= 0.7 * figures["cases"], [f"{o.case.id}: {o.problems}" for o in outcomes if o.problems]


def test_real_version_pairs_of_the_cc_family_are_right(outcomes) -> None:
    family = [outcome for outcome in outcomes if outcome.case.id.startswith("cc-")]
    assert family and all(outcome.right for outcome in family), [f"{o.case.id}: {o.problems}" for o in family if o.problems]
