"""End to end on real license texts: what a legal team relies on."""

from __future__ import annotations

import pytest

from licensecheck import analyze, analyze_known
from licensecheck.taxonomy import Group, Label


def blocking(analysis) -> set[str]:
    return set(analysis.blocking_labels)


def test_llama2_has_its_user_cap_use_policy_and_attribution_but_no_commercial_ban(classifier) -> None:
    result = analyze_known("llama-2-license-2023", classifier=classifier)
    labels = result.by_label
    assert {"user-count-cap", "use-case-limit", "attribution"} <= set(labels)
    assert "commercial-ban" not in labels
    [cap] = labels["user-count-cap"]
    assert cap.clause.section == "2"
    assert cap.params_by_label["user-count-cap"] == {"metric": "monthly-active-users", "threshold": 700_000_000, "period": "month"}
    policies = [hit.params_by_label.get("use-case-limit", {}).get("policy_url") for hit in labels["use-case-limit"]]
    assert "https://ai.meta.com/llama/use-policy" in policies
    assert result.verdict == "not-open"


def test_cc_by_nc_is_a_commercial_ban(classifier) -> None:
    result = analyze_known("cc-by-nc-4.0", classifier=classifier)
    assert "commercial-ban" in result.blocking_labels
    assert "attribution" in result.condition_labels


@pytest.mark.parametrize("key", ["mit", "apache-2.0", "bsd-new"])
def test_permissive_licenses_need_attribution_and_block_nothing(classifier, key: str) -> None:
    result = analyze_known(key, classifier=classifier)
    assert "attribution" in result.by_label
    assert result.blocking_labels == ()
    assert result.verdict == "open-with-conditions"


def test_rail_license_restricts_uses_and_passes_them_through(classifier) -> None:
    result = analyze_known("bigscience-open-rail-m", classifier=classifier)
    assert {"use-case-limit", "pass-through"} <= blocking(result)


def test_pasted_text_is_analyzed_with_offsets_into_it(classifier) -> None:
    text = (
        "ACME MODEL LICENSE\n\n"
        "1. You may use, copy and modify the Model.\n"
        "2. You may not use the Model or its outputs for any commercial purpose.\n"
        "3. THE MODEL IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND.\n"
    )
    result = analyze(text, classifier=classifier)
    ban = result.by_label["commercial-ban"][0]
    assert text[ban.clause.start : ban.clause.end] == ban.clause.text and ban.clause.section == "2"
    assert ban.params_by_label["commercial-ban"] == {"scope": "non-commercial"}
    assert "disclaimer" in result.by_label


def test_labels_map_holds_exactly_the_labels_present(classifier) -> None:
    data = analyze_known("llama-2-license-2023", classifier=classifier).to_dict()
    present = {item["label"] for clause in data["clauses"] for item in clause["labels"]}
    assert set(data["labels"]) == present
    for label, entry in data["labels"].items():
        ids = [clause["id"] for clause in data["clauses"] if any(item["label"] == label for item in clause["labels"])]
        assert entry["clauses"] == ids
    assert all(Label(label).group in Group for label in data["labels"])
