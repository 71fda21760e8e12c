"""Parameter extraction on real clauses and on drafted variants."""

from __future__ import annotations

import pytest

from licensecheck.classify import LabeledClause, LabelScore
from licensecheck.parameters import attribution_terms, commercial_scope, extract, policy_url, regions, scale_threshold
from licensecheck.segment import Clause, segment
from licensecheck.source import read_known


def clause_containing(key: str, needle: str) -> Clause:
    return next(clause for clause in segment(read_known(key).text) if needle in clause.text)


def test_llama2_cap_is_700_million_monthly_active_users() -> None:
    cap = clause_containing("llama-2-license-2023", "700 million")
    assert scale_threshold(cap.text) == {"metric": "monthly-active-users", "threshold": 700_000_000, "period": "month"}


def test_polyform_small_business_thresholds_are_read_from_the_real_text() -> None:
    clause = clause_containing("polyform-small-business-1.0.0", "1,000,000 USD")
    assert scale_threshold(clause.text)["threshold"] in {100, 1_000_000}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("licensees with more than 1,000,000 daily active users", {"metric": "daily-active-users", "threshold": 1_000_000, "period": "day"}),
        ("annual revenue of more than USD 1,000,000", {"metric": "revenue", "threshold": 1_000_000, "currency": "USD", "period": "year"}),
        ("gross revenue above €5 million in the last fiscal year", {"metric": "revenue", "threshold": 5_000_000, "currency": "EUR", "period": "year"}),
        ("revenue exceeding $1.5M per year", {"metric": "revenue", "threshold": 1_500_000, "currency": "USD", "period": "year"}),
        ("organisations with 250 or more employees", {"metric": "employees", "threshold": 250}),
        ("deployments on more than 10,000 devices", {"metric": "devices", "threshold": 10_000}),
        ("fewer than 100 total individuals", {"metric": "users", "threshold": 100}),
    ],
)
def test_scale_thresholds_become_plain_numbers(text: str, expected: dict) -> None:
    assert scale_threshold(text) == expected


def test_a_clause_without_a_threshold_gives_nothing() -> None:
    assert scale_threshold("You may use the Model for any purpose.") == {}


def test_policy_url_of_llama2_acceptable_use_policy() -> None:
    clause = clause_containing("llama-2-license-2023", "Acceptable Use Policy")
    assert policy_url(clause.text) == "https://ai.meta.com/llama/use-policy"


def test_policy_url_without_scheme_gets_https() -> None:
    assert policy_url("see the policy at example.com/aup.") == "https://example.com/aup"


@pytest.mark.parametrize(
    "text, scope",
    [
        ("solely for your non-commercial research purposes", "research-only"),
        ("for evaluation and testing only", "evaluation-only"),
        ("for your personal use only", "personal-only"),
        ("Commercial use of the Model requires the prior written approval of Corvane Labs.", "permission-required"),
        ("you may not use it commercially without authorization from the Licensor", "permission-required"),
        ("You may not use the Material for commercial purposes.", "non-commercial"),
    ],
)
def test_commercial_scope(text: str, scope: str) -> None:
    assert commercial_scope(text) == scope


def test_required_display_and_naming_texts_are_extracted() -> None:
    assert attribution_terms('You must display "Built with Heron" on your website.') == {"kind": "display", "text": "Built with Heron"}
    naming = attribution_terms('The name of any derivative model must begin with "Orca".')
    assert naming == {"kind": "naming", "text": "Orca"}


def test_llama2_notice_text_is_extracted() -> None:
    clause = clause_containing("llama-2-license-2023", "attribution notice")
    assert attribution_terms(clause.text)["text"].startswith("Llama 2 is licensed under the LLAMA 2 Community License")


def test_regions_are_listed_once_in_order_without_substring_matches() -> None:
    text = "not available to residents of the European Union, the United Kingdom or Russia (including EU member states)"
    assert regions(text) == ["European Union", "United Kingdom", "Russia", "EU"]
    assert regions("Ukrainian translation") == []


def test_extract_only_reports_parameters_of_the_clause_labels() -> None:
    clause = clause_containing("llama-2-license-2023", "700 million")
    as_grant = LabeledClause(clause, (LabelScore("grant", 0.9),))
    as_cap = LabeledClause(clause, (LabelScore("user-count-cap", 0.9),))
    assert extract(as_grant) == {}
    assert extract(as_cap)["user-count-cap"]["threshold"] == 700_000_000


@pytest.mark.parametrize(
    "text, expected",
    [
        ("more than seven hundred million (700,000,000) monthly active users", {"metric": "monthly-active-users", "threshold": 700_000_000}),
        ("the monthly active users of the products or services offered by you or your affiliates exceed 700,000,000",
         {"metric": "monthly-active-users", "threshold": 700_000_000}),
        ("Above 150 million MAU a licence is required", {"metric": "monthly-active-users", "threshold": 150_000_000}),
        ("more than half a million daily active users", {"metric": "daily-active-users", "threshold": 500_000}),
        ("annual revenue above A$20 million", {"metric": "revenue", "threshold": 20_000_000, "currency": "AUD"}),
        ("group turnover exceeded 50 crore rupees", {"metric": "revenue", "threshold": 500_000_000, "currency": "INR"}),
        ("annual revenue is under €500k", {"metric": "revenue", "threshold": 500_000, "currency": "EUR"}),
        ("annual sales exceed KRW 10 billion", {"metric": "revenue", "threshold": 10_000_000_000, "currency": "KRW"}),
        ("external financing exceeds HK$50 million", {"metric": "funding", "threshold": 50_000_000, "currency": "HKD"}),
        ("used by more than 1 million people in any calendar month", {"metric": "monthly-active-users", "threshold": 1_000_000}),
    ],
)
def test_thresholds_in_words_abbreviations_and_other_currencies(text: str, expected: dict) -> None:
    found = scale_threshold(text)
    assert {key: found.get(key) for key in expected} == expected


def test_numbers_are_spelled_alike_with_and_without_the_shortcut_for_texts_without_numbers() -> None:
    from licensecheck.parameters import _spelled, spell_numbers

    texts = []
    for key in ["llama-2-license-2023", "polyform-small-business-1.0.0", "mit", "apache-2.0", "cc-by-nc-4.0"]:
        words = read_known(key).text.split()
        texts.extend(" ".join(words[start : start + 20]) for start in range(0, len(words), 9))
    texts += ["fewer than five hundred personnel", "half a million users", "revenue above €500k", "Twenty-One seats", "a and an"]
    assert all(spell_numbers(text) == _spelled(text) for text in texts)
    assert sum(spell_numbers(text) != text for text in texts) >= 5  # the numbers of the texts are still spelled
    assert spell_numbers("a copy of the Software and associated documentation") == "a copy of the Software and associated documentation"
