"""The edit check's cue tables read fast and the same: the lead-letter patterns against the joined case-insensitive ones."""

import re

import pytest

from licensecheck import vocabulary
from licensecheck.licensedb import load_license
from licensecheck.parameters import spell_numbers

KEYS = ["mit", "apache-2.0", "cc-by-nc-4.0", "bigscience-open-rail-m", "llama-2-license-2023", "gpl-3.0", "odc-by-1.0"]


def _windows() -> list[str]:
    texts = []
    for key in KEYS:
        words = load_license(key).text.split()
        texts.extend(" ".join(words[start : start + 25]) for start in range(0, len(words), 7))
    texts.append("If your Product serves more than 2.5 million daily active users, the royalty becomes payable.")
    texts.append("İstanbul residents may not use the Model for COMMERCIAL purposes.")  # lowercasing changes its length
    return texts + [spell_numbers(text) for text in texts[::5]]


@pytest.mark.parametrize("table", ["CUES", "TOPICS", "PERMISSIONS", "STRONG"])
def test_lead_letter_patterns_count_what_the_joined_pattern_counts(table):
    alternatives = getattr(vocabulary, table)
    patterns = vocabulary.compiled(alternatives)
    windows = _windows()
    matched = 0
    for label, parts in alternatives.items():
        whole = re.compile("|".join(parts), re.IGNORECASE)
        for text in windows:
            expected = [match.start() for match in whole.finditer(text)]
            assert [match.start() for match in patterns[label].finditer(text)] == expected, (label, text)
            assert len(patterns[label].findall(text)) == len(expected)
            assert bool(patterns[label].search(text)) == bool(expected)
            matched += bool(expected)
    assert matched > 20  # the windows hold cues of the table


def test_an_alternative_holding_several_and_a_leading_group_are_spelled_out():
    pattern = vocabulary.LeadPattern([r"\bfoo\b|\bbar", r"\b(?:monthly|daily)\s+active\s+users", r"[$€]\s?\d"])
    assert [match.group(0) for match in pattern.finditer("Bar FOO, Daily Active Users and $5")] == ["bar", "foo", "daily active users", "$5"]
    assert pattern.search("foobar") is None


@pytest.mark.parametrize("table", ["CUES", "TOPICS", "PERMISSIONS", "STRONG"])
def test_a_table_matches_any_text_one_of_its_labels_matches(table):
    patterns = vocabulary.compiled(getattr(vocabulary, table))
    outcomes = [(patterns.matches_any(text), any(patterns[label].search(text) for label in patterns)) for text in _windows()]
    assert all(together == each for together, each in outcomes)
    assert {together for together, _ in outcomes} == {True, False}  # the windows hold texts of both kinds


def test_the_power_to_change_the_terms_is_a_revocation_cue_and_a_permission_or_ban_to_modify_is_not():
    from licensecheck.changes import cue_labels

    powers = ["The Licensor may amend these terms.", "We reserve the right to modify this Agreement.", "Orrin Labs can update the license.",
              "We may revise the Acceptable Use Policy.", "The Company may suspend your access."]
    others = ["You may modify the Software.", "You may not modify the Model.", "Licensee can never alter or modify it.",
              "You may modify and distribute copies of the Work."]
    assert all("revocation" in cue_labels(text) for text in powers)
    assert not any("revocation" in cue_labels(text) for text in others)
