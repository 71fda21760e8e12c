"""The classifier: text preparation, thresholds, and a tiny model trained in a fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from licensecheck.artifacts import ModelMeta
from licensecheck.classify import ClauseClassifier, prepare
from licensecheck.corpus import Example, load_corpus
from licensecheck.segment import Clause
from licensecheck.taxonomy import LABELS
from licensecheck.train import fit

REPO = Path(__file__).resolve().parent.parent

TINY = [
    ("You may not use the Model for commercial purposes.", ("commercial-ban",)),
    ("Use is permitted for non-commercial research only.", ("commercial-ban",)),
    ("Commercial use requires a separate license from us.", ("commercial-ban",)),
    ("THE SOFTWARE IS PROVIDED AS IS WITHOUT WARRANTY.", ("disclaimer",)),
    ("IN NO EVENT SHALL THE AUTHORS BE LIABLE FOR ANY CLAIM.", ("disclaimer",)),
    ("We provide the Model as is and disclaim all warranties.", ("disclaimer",)),
    ("This Agreement is governed by the laws of Ireland.", ()),
    ("Definitions used in this Agreement follow.", ()),
]


@pytest.fixture(scope="module")
def tiny_classifier() -> ClauseClassifier:
    examples = [Example(text, labels, f"g{index}", f"tiny:{index}") for index, (text, labels) in enumerate(TINY)]
    meta = ModelMeta(labels=LABELS, thresholds={label: 0.5 for label in LABELS}, sha256="", sklearn_version="")
    return ClauseClassifier(fit(examples), meta)


def test_prepare_drops_enumerators_and_normalises_numbers_and_quotes() -> None:
    assert prepare("iv. You’ll   NOT exceed 700,000,000 users") == "you'll not exceed 0 users"


def test_tiny_model_labels_by_meaning(tiny_classifier: ClauseClassifier) -> None:
    clauses = [Clause(0, 10, "You may not use it for commercial purposes."), Clause(11, 20, "THE WORK IS PROVIDED AS IS.")]
    first, second = tiny_classifier.classify(clauses)
    assert first.label_names[:1] == ("commercial-ban",)
    assert second.label_names[:1] == ("disclaimer",)
    assert all(0.5 <= item.score <= 1 for item in first.labels)


def test_thresholds_decide_which_labels_are_given(tiny_classifier: ClauseClassifier) -> None:
    strict = ClauseClassifier(tiny_classifier.estimator, ModelMeta(LABELS, {label: 1.01 for label in LABELS}, "", ""))
    [result] = strict.classify([Clause(0, 10, "You may not use it for commercial purposes.")])
    assert result.labels == ()


def test_no_clauses_gives_no_results(tiny_classifier: ClauseClassifier) -> None:
    assert tiny_classifier.classify([]) == []


def test_shipped_model_flags_unseen_drafting(classifier: ClauseClassifier) -> None:
    clauses = [
        Clause(0, 1, "The Licensee shall not use the Model or any Output for any commercial purpose whatsoever."),
        Clause(0, 1, "Licensor may modify or revoke this license at any time in its sole discretion."),
        Clause(0, 1, "THE MODEL IS PROVIDED 'AS IS' AND WITHOUT WARRANTY OF ANY KIND."),
    ]
    labels = [result.label_names for result in classifier.classify(clauses)]
    assert "commercial-ban" in labels[0]
    assert "revocation" in labels[1]
    assert "disclaimer" in labels[2]


def test_remembered_scores_are_the_scores_a_fresh_computation_gives(classifier: ClauseClassifier) -> None:
    from licensecheck.licensedb import load_license
    from licensecheck.segment import segment

    texts = [clause.text for clause in segment(load_license("llama-2-license-2023").text)]
    classifier.forget()
    fresh = classifier.scores(texts)
    mixed = classifier.scores(["You may not use the Model for commercial purposes."] + texts[::-1])
    assert (mixed[1:][::-1] == fresh).all()
    classifier.forget()
    assert (classifier.scores(texts[::-1])[::-1] == fresh).all()


def test_texts_scored_along_with_clauses_change_no_label_and_are_remembered(classifier: ClauseClassifier) -> None:
    from licensecheck.licensedb import load_license
    from licensecheck.segment import segment

    clauses = segment(load_license("llama-2-license-2023").text)
    along = ["You may not use the Model for commercial purposes.", "This license may be revoked at any time."]
    classifier.forget()
    alone = classifier.classify(clauses)
    classifier.forget()
    together = classifier.classify(clauses, along)
    assert [result.labels for result in together] == [result.labels for result in alone]
    assert all((text, "") in classifier._memo for text in along)
    classifier.forget()


def test_a_full_memory_of_scores_is_emptied_without_losing_the_clauses_asked_for(classifier: ClauseClassifier, monkeypatch) -> None:
    import licensecheck.classify as classify_module

    monkeypatch.setattr(classify_module, "MEMO_SIZE", 2)
    texts = ["You may not use the Model for commercial purposes.", "You must keep this notice.", "Provided AS IS."]
    classifier.forget()
    first = classifier.scores(texts[:2])
    again = classifier.scores(texts)  # 2 remembered + 1 new is over the limit of 2
    assert (again[:2] == first).all() and again.shape == (3, len(classifier.labels))
    classifier.forget()


def test_cue_tokens_match_what_spacys_matcher_finds_with_the_same_patterns() -> None:
    """The cue matcher is a small re-implementation of spaCy's Matcher; both must find the same matches."""
    import spacy
    from spacy.matcher import Matcher

    from licensecheck import cues
    from licensecheck.classify import normalise

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    for kind, patterns in cues._PATTERNS.items():
        spacy_patterns = []
        for pattern in patterns:
            steps = []
            for words, optional in pattern:
                step = {"LIKE_NUM": True} if cues._NUMBER in words else {"LOWER": {"IN": sorted(words)}}
                steps.append({**step, "OP": "?"} if optional else step)
            spacy_patterns.append(steps)
        matcher.add(kind, spacy_patterns)
    texts = [normalise(example.text) for example in load_corpus(REPO / "corpora")][::3]
    texts += ["can't won't", "is not prohibited", "0 million users", "one thousand seats", "it is n't allowed", ""]
    for text, (words, numbers) in zip(texts, cues._tokens(texts)):
        doc = nlp.make_doc(text.lower())
        expected = sorted({(start, end, nlp.vocab.strings[match]) for match, start, end in matcher(doc)})
        assert sorted(set(cues._matches(words, numbers))) == expected, text


LIST = ("HALBERD MODEL TERMS\n\n1. Grant. Gannet & Rook grants You a licence to run the Model.\n\n2. Use restrictions. You must not use the "
        "Model or any Modified Model, or permit anyone else to use them:\n(a) to develop or operate weapons of any kind;\n"
        "(b) to surveil individuals without their consent;\n(c) to generate content that harasses any person.\n")


def test_a_bare_lead_in_keeps_only_the_blocking_labels_its_items_carry(classifier: ClauseClassifier) -> None:
    from licensecheck import analyze
    from licensecheck.taxonomy import BLOCKING_LABELS

    result = analyze(LIST, classifier=classifier, references=False)
    lead = next(clause for clause in result.clauses if clause.clause.text.endswith("use them:"))
    items = [clause for clause in result.clauses if clause.clause.text.startswith(("(a)", "(b)", "(c)"))]
    carried = {item.label for clause in items for item in clause.labels}
    assert "use-case-limit" in carried
    assert {item.label for item in lead.labels if item.label in BLOCKING_LABELS} <= carried
    assert result.verdict == "not-open" and "use-case-limit" in result.blocking_labels


def test_a_lead_in_with_no_items_after_it_keeps_its_labels(classifier: ClauseClassifier) -> None:
    from licensecheck.classify import _lead_ins_as_their_items

    [labeled] = classifier.classify([Clause(0, 60, "You must not use the Model or permit anyone else to use it:", "2", "")])
    assert _lead_ins_as_their_items([labeled], [""]) == [labeled]


def _names(result) -> set[str]:
    return {item.label for item in result.labels}


def test_every_item_of_a_list_of_forbidden_uses_carries_the_use_limit(classifier: ClauseClassifier) -> None:
    from licensecheck import analyze
    from licensecheck.licensedb import load_license

    result = analyze(load_license("hippocratic-3.0").text, classifier=classifier, references=False)
    firsts: dict[str, object] = {}
    for clause in result.clauses:
        firsts.setdefault(clause.clause.section, clause)
    forbidden = [firsts[f"3.1.{number}"] for number in range(1, 25)]  # "3.1. The Licensee SHALL NOT ...:" lists 24 uses
    assert all("use-case-limit" in _names(item) for item in forbidden)
    assert all("use-case-limit" in _names(firsts[section]) for section in ("3.1.15.1", "3.1.15.2", "3.1.16.2"))  # items of an item
    definitions = [firsts[f"3.1.12.2.{number}"] for number in range(1, 6)]  # "Wanton" means ... : no forbidden use
    assert not any("use-case-limit" in _names(item) for item in definitions)
    assert "use-case-limit" not in _names(firsts["3.2.4.1"])  # "3.2. The Licensee SHALL:" lists duties, not uses


def test_a_list_of_mixed_prohibitions_gives_its_items_no_use_limit(classifier: ClauseClassifier) -> None:
    from licensecheck import analyze

    text = ("KESTREL MODEL LICENCE\n\n1. Grant. Kestrel Labs grants you a worldwide, royalty-free licence to use and copy the Model.\n\n"
            "2. Restrictions. You shall not:\n\n(a) sublicense or rent the Model to anyone;\n\n(b) remove or alter any copyright notice;\n\n"
            "(c) use the Model for military purposes.\n")
    items = {clause.clause.section: clause for clause in analyze(text, classifier=classifier, references=False).clauses}
    assert "use-case-limit" in _names(items["2.c"])  # one use of three: a list of prohibitions, not of forbidden uses
    assert "use-case-limit" not in _names(items["2.a"]) and "use-case-limit" not in _names(items["2.b"])


@pytest.mark.parametrize("key", ["hippocratic-3.0", "hessla", "bigscience-open-rail-m", "llama-2-license-2023"])
def test_listing_every_forbidden_use_changes_no_license_level_label(classifier: ClauseClassifier, monkeypatch, key: str) -> None:
    import licensecheck.classify as module
    from licensecheck import analyze
    from licensecheck.licensedb import load_license

    text = load_license(key).text
    listed = analyze(text, classifier=classifier, references=False)
    classifier.forget()
    monkeypatch.setattr(module, "_every_listed_use", lambda result, matrix, labels: result)
    unlisted = analyze(text, classifier=classifier, references=False)
    assert listed.blocking_labels == unlisted.blocking_labels and listed.condition_labels == unlisted.condition_labels
