"""Obligation, prohibition and scope cues of a clause, found with spaCy's Matcher.

Word n-grams see "may" and "not" but not that "not" binds the verb three words
later. These cues name what a clause does to which verb — ``cue_prohibit``,
``cue_prohibit_use``, ``cue_only``, ``cue_discretion`` — and are appended to
the classifier's input as extra tokens.
"""

from __future__ import annotations

from typing import Any

from .lazy import built_once

_MODALS = ["may", "shall", "must", "will", "can", "could", "should", "would"]
_SKIP = {
    "be", "the", "a", "an", "any", "you", "your", "to", "or", "and", "in", "it", "this", "such", "its", "of",
    "directly", "indirectly", "otherwise", "yourself", "others", "anyone", "use,", "further", "licensee", "also",
}


def cue_tokens(text: str) -> list[str]:
    """The cue tokens of a clause, in order.

    >>> cue_tokens("You may not use the Model for commercial purposes.")
    ['cue_prohibit', 'cue_prohibit_use']
    >>> cue_tokens("Licensor may modify these terms at any time at its sole discretion.")
    ['cue_permit', 'cue_permit_modify', 'cue_discretion', 'cue_discretion']
    >>> cue_tokens('"Commercial Use" means use for money.')
    ['cue_definition']
    """
    doc = _nlp().make_doc(text.lower())
    tokens: list[str] = []
    taken: set[int] = set()
    for match_id, start, end in sorted(_matcher()(doc), key=lambda match: (match[1], -match[2])):
        if start in taken:
            continue
        taken.update(range(start, end))
        kind = doc.vocab.strings[match_id]
        tokens.append(f"cue_{kind}")
        if kind in {"prohibit", "oblige", "permit"}:
            verb = _next_verb(doc, end)
            if verb:
                tokens.append(f"cue_{kind}_{verb}")
    if _defines_term(doc):
        tokens.append("cue_definition")
    return tokens


_DEFINING = {"means", "mean", "refers", "includes", "denotes"}


def _defines_term(doc: Any) -> bool:
    """Whether the clause opens by defining a term ("'Commercial Use' means ...", "Personal Use shall mean ...").

    A definition says what a word means; whether it restricts anything is up to
    the clause that uses the word (guidelines: definitions are ``other``).
    """
    for token in doc[:12]:
        if token.lower_ in _DEFINING:
            return not any(word.lower_ in _MODALS for word in doc[: token.i] if word.lower_ != "shall")
    return False


def _next_verb(doc: Any, start: int) -> str | None:
    for token in doc[start : start + 4]:
        if token.is_alpha and token.text not in _SKIP:
            return token.text
    return None


@built_once
def _nlp() -> Any:
    import spacy

    return spacy.blank("en")


@built_once
def _matcher() -> Any:
    from spacy.matcher import Matcher

    matcher = Matcher(_nlp().vocab)
    modal = {"LOWER": {"IN": _MODALS}}
    negation = {"LOWER": {"IN": ["not", "never", "n't"]}}
    matcher.add(
        "prohibit",
        [
            [modal, negation],
            [{"LOWER": {"IN": ["cannot", "can't", "won't", "mustn't", "shan't"]}}],
            [{"LOWER": {"IN": ["is", "are", "be"]}}, {"LOWER": "not", "OP": "?"}, {"LOWER": {"IN": ["prohibited", "forbidden", "barred", "banned"]}}],
            [{"LOWER": {"IN": ["is", "are"]}}, negation, {"LOWER": {"IN": ["permitted", "allowed", "authorized", "authorised", "licensed", "granted"]}}],
            [{"LOWER": "agree"}, {"LOWER": "not"}, {"LOWER": "to"}],
            [{"LOWER": "no"}, {"LOWER": {"IN": ["right", "license", "licence", "permission"]}}],
            [{"LOWER": {"IN": ["refrain", "prohibited", "forbidden"]}}],
        ],
    )
    matcher.add(
        "oblige",
        [
            [{"LOWER": {"IN": ["must", "shall"]}}],
            [{"LOWER": {"IN": ["required", "obliged", "obligated"]}}, {"LOWER": "to"}],
            [{"LOWER": {"IN": ["agree", "undertake", "need"]}}, {"LOWER": "to"}],
        ],
    )
    matcher.add(
        "permit",
        [
            [{"LOWER": {"IN": ["may", "can"]}}],
            [{"LOWER": {"IN": ["permitted", "allowed", "free"]}}, {"LOWER": "to"}],
            [{"LOWER": "hereby"}, {"LOWER": {"IN": ["grants", "grant", "granted"]}}],
        ],
    )
    matcher.add("only", [[{"LOWER": {"IN": ["only", "solely", "exclusively", "strictly"]}}], [{"LOWER": "limited"}, {"LOWER": "to"}]])
    matcher.add(
        "discretion",
        [
            [{"LOWER": "at"}, {"LOWER": "any"}, {"LOWER": "time"}],
            [{"LOWER": "sole"}, {"LOWER": "discretion"}],
            [{"LOWER": "for"}, {"LOWER": "any"}, {"LOWER": "reason"}],
            [{"LOWER": "without"}, {"LOWER": {"IN": ["notice", "cause"]}}],
            [{"LOWER": "from"}, {"LOWER": "time"}, {"LOWER": "to"}, {"LOWER": "time"}],
        ],
    )
    matcher.add("condition", [[{"LOWER": {"IN": ["if", "unless", "provided", "subject"]}}]])
    matcher.add(
        "separate_license",
        [
            [
                {"LOWER": {"IN": ["separate", "different", "commercial", "paid", "additional", "written"]}},
                {"LOWER": {"IN": ["license", "licence", "agreement", "subscription", "permission"]}},
            ]
        ],
    )
    matcher.add("scale", [[{"LIKE_NUM": True}, {"LOWER": {"IN": ["million", "billion", "thousand"]}, "OP": "?"}, {"LOWER": {"IN": ["monthly", "daily", "active", "users", "employees", "seats", "devices"]}}]])
    return matcher
