"""Obligation, prohibition and scope cues of a clause, matched on the tokens of spaCy's tokenizer.

Word n-grams see "may" and "not" but not that "not" binds the verb three words
later. These cues name what a clause does to which verb — ``cue_prohibit``,
``cue_prohibit_use``, ``cue_only``, ``cue_discretion`` — and are appended to
the classifier's input as extra tokens.

The clauses of one license are tokenized in one call and the patterns are
matched by a small token matcher over lowercase forms (the patterns are
fixed word sequences, with optional words and one number test), with the
semantics of spaCy's ``Matcher``: every match at every start, longest first,
a token taken by an earlier match not starting another.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .lazy import english, warm

_MODALS = ["may", "shall", "must", "will", "can", "could", "should", "would"]
_SKIP = {
    "be", "the", "a", "an", "any", "you", "your", "to", "or", "and", "in", "it", "this", "such", "its", "of",
    "directly", "indirectly", "otherwise", "yourself", "others", "anyone", "use,", "further", "licensee", "also",
}
_DEFINING = {"means", "mean", "refers", "includes", "denotes"}
_NUMBER = "<number>"  # a token spaCy finds ``like_num``
_NEGATION = ("not", "never", "n't")

# kind -> patterns; a pattern is a sequence of (words, optional)
_Step = tuple[frozenset[str], bool]


def _words(*words: str, optional: bool = False) -> _Step:
    return frozenset(words), optional


_PATTERNS: dict[str, list[list[_Step]]] = {
    "prohibit": [
        [_words(*_MODALS), _words(*_NEGATION)],
        [_words("cannot", "can't", "won't", "mustn't", "shan't")],
        [_words("is", "are", "be"), _words("not", optional=True), _words("prohibited", "forbidden", "barred", "banned")],
        [_words("is", "are"), _words(*_NEGATION), _words("permitted", "allowed", "authorized", "authorised", "licensed", "granted")],
        [_words("agree"), _words("not"), _words("to")],
        [_words("no"), _words("right", "license", "licence", "permission")],
        [_words("refrain", "prohibited", "forbidden")],
    ],
    "oblige": [
        [_words("must", "shall")],
        [_words("required", "obliged", "obligated"), _words("to")],
        [_words("agree", "undertake", "need"), _words("to")],
    ],
    "permit": [
        [_words("may", "can")],
        [_words("permitted", "allowed", "free"), _words("to")],
        [_words("hereby"), _words("grants", "grant", "granted")],
    ],
    "only": [[_words("only", "solely", "exclusively", "strictly")], [_words("limited"), _words("to")]],
    "discretion": [
        [_words("at"), _words("any"), _words("time")],
        [_words("sole"), _words("discretion")],
        [_words("for"), _words("any"), _words("reason")],
        [_words("without"), _words("notice", "cause")],
        [_words("from"), _words("time"), _words("to"), _words("time")],
    ],
    "condition": [[_words("if", "unless", "provided", "subject")]],
    "separate_license": [
        [_words("separate", "different", "commercial", "paid", "additional", "written"),
         _words("license", "licence", "agreement", "subscription", "permission")],
    ],
    "scale": [
        [_words(_NUMBER), _words("million", "billion", "thousand", optional=True),
         _words("monthly", "daily", "active", "users", "employees", "seats", "devices")],
    ],
}
_ORDER = list(_PATTERNS)  # the order spaCy's Matcher was given the patterns in


def cue_tokens(text: str) -> list[str]:
    """The cue tokens of a clause, in order.

    >>> cue_tokens("You may not use the Model for commercial purposes.")
    ['cue_prohibit', 'cue_prohibit_use']
    >>> cue_tokens("Licensor may modify these terms at any time at its sole discretion.")
    ['cue_permit', 'cue_permit_modify', 'cue_discretion', 'cue_discretion']
    >>> cue_tokens('"Commercial Use" means use for money.')
    ['cue_definition']
    """
    return cue_tokens_of([text])[0]


def cue_tokens_of(texts: Sequence[str]) -> list[list[str]]:
    """The cue tokens of many clauses, tokenized in one call of spaCy's tokenizer."""
    result = []
    for words, numbers in _tokens(texts):
        result.append(_cues(words, numbers))
    return result


def _tokens(texts: Sequence[str]) -> Iterable[tuple[list[str], list[bool]]]:
    """Lowercase token texts of each text (and whether each is like a number), as spaCy's tokenizer splits them."""
    from spacy.attrs import IDX, LENGTH, LIKE_NUM

    tokenizer = english().tokenizer
    lowered = [text.lower() for text in texts]
    warm(tokenizer, " ".join(lowered))
    for text, doc in zip(lowered, tokenizer.pipe(lowered)):
        if not len(doc):
            yield [], []
            continue
        columns = doc.to_array([IDX, LENGTH, LIKE_NUM]).tolist()
        yield [text[start : start + length] for start, length, _ in columns], [bool(number) for _, _, number in columns]


def _cues(words: list[str], numbers: list[bool]) -> list[str]:
    matches = sorted(_matches(words, numbers), key=lambda match: (match[0], -match[1]))
    tokens: list[str] = []
    taken: set[int] = set()
    for start, end, kind in matches:
        if start in taken:
            continue
        taken.update(range(start, end))
        tokens.append(f"cue_{kind}")
        if kind in {"prohibit", "oblige", "permit"}:
            verb = _next_verb(words, end)
            if verb:
                tokens.append(f"cue_{kind}_{verb}")
    if _defines_term(words):
        tokens.append("cue_definition")
    return tokens


def _matches(words: list[str], numbers: list[bool]) -> list[tuple[int, int, str]]:
    """Every (start, end, kind) at which a pattern matches, as spaCy's Matcher lists them (kinds in pattern order)."""
    found = []
    for start, word in enumerate(words):
        candidates = _BY_FIRST.get(word, []) + (_BY_FIRST[_NUMBER] if numbers[start] else [])
        for kind, patterns in candidates:
            ends = set()
            for pattern in patterns:
                ends.update(_ends(pattern, words, numbers, start))
            found.extend((start, end, kind) for end in sorted(ends, reverse=True))
    return found


def _ends(pattern: Sequence[_Step], words: list[str], numbers: list[bool], position: int) -> set[int]:
    """Where ``pattern`` can end when matched from ``position``."""
    if not pattern:
        return {position}
    (choices, optional), rest = pattern[0], pattern[1:]
    ends = _ends(rest, words, numbers, position) if optional else set()
    if position < len(words) and (words[position] in choices or (_NUMBER in choices and numbers[position])):
        ends |= _ends(rest, words, numbers, position + 1)
    return ends




def _by_first() -> dict[str, list[tuple[str, list[list[_Step]]]]]:
    """First word (or ``_NUMBER``) -> the kinds, in pattern order, with their patterns that can start with it."""
    table: dict[str, list[tuple[str, list[list[_Step]]]]] = {}
    for kind in _ORDER:
        for word in sorted({word for pattern in _PATTERNS[kind] for word in pattern[0][0]}):
            table.setdefault(word, []).append((kind, [pattern for pattern in _PATTERNS[kind] if word in pattern[0][0]]))
    return table


_BY_FIRST = _by_first()


def _defines_term(words: list[str]) -> bool:
    """Whether the clause opens by defining a term ("'Commercial Use' means ...", "Personal Use shall mean ...").

    A definition says what a word means; whether it restricts anything is up to
    the clause that uses the word (guidelines: definitions are ``other``).
    """
    for position, word in enumerate(words[:12]):
        if word in _DEFINING:
            return not any(earlier in _MODALS for earlier in words[:position] if earlier != "shall")
    return False


def _next_verb(words: list[str], start: int) -> str | None:
    for word in words[start : start + 4]:
        if word.isalpha() and word not in _SKIP:
            return word
    return None

