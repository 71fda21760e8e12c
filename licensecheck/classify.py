"""Label clauses with the scikit-learn clause classifier (multi-label, taxonomy v1).

The estimator is a plain scikit-learn pipeline over normalised clause text:
hashed word 1-2-grams and character 2-5-grams, TF-IDF weighted, one linear
model per label. Hashing keeps the n-gram branches free of vocabularies; the
artifact holds only arrays (the word vectors' vocabulary is one), so it loads fast. Approaches (``APPROACHES``) differ in the input
(with or without the cue tokens of :mod:`licensecheck.cues`, the words of the
clause's context), the features (with "vec", the clause's vector from our own
word vectors, :mod:`licensecheck.embedding`) and the linear model (logistic
regression or a calibrated linear SVM).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .artifacts import ModelMeta, load_scorer
from .permissive import is_bare_lead_in, is_definition, without_blocking
from .rulings import ruled_in, ruled_out
from .segment import Clause
from .taxonomy import BLOCKING_LABELS

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})
_ENUMERATOR = re.compile(r"^\s*(?:\(?[0-9a-z]{1,4}[.)]|\d+(?:\.\d+)+\.?|section\s+\S+)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class LabelScore:
    """A label given to a clause and the classifier's probability for it."""

    label: str
    score: float


@dataclass(frozen=True)
class LabeledClause:
    """A clause with the labels whose probability passed their threshold."""

    clause: Clause
    labels: tuple[LabelScore, ...]
    set_aside: tuple[str, ...] = ()  # blocking labels the scores gave and the clause's form rules out (:mod:`licensecheck.permissive`)

    @property
    def label_names(self) -> tuple[str, ...]:
        """The label identifiers, best first."""
        return tuple(item.label for item in self.labels)


APPROACHES = ("tfidf-lr", "tfidf-cues-lr", "tfidf-cues-svm", "tfidf-cues-ctx-lr", "tfidf-cues-vec-lr")
CONTEXT_WORDS = 40
MEMO_SIZE = 20_000  # clause scores kept per loaded model (boilerplate recurs across a folder of licenses)


def normalise(text: str) -> str:
    """Unicode, quotes, case, whitespace, leading enumerators and digits (to ``0``) normalised.

    >>> normalise("(b)  You   MAY NOT use it for 700,000,000 “users”.")
    'you may not use it for 0 "users".'
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _ENUMERATOR.sub("", text)
    text = re.sub(r"\d[\d,.]*\d|\d", "0", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def prepare(text: str, approach: str = "tfidf-lr", context: str = "") -> str:
    """The classifier's input for a clause under ``approach``.

    Approaches with "cues" append the clause's cue tokens; with "ctx", the
    words of its context (:func:`text_contexts`: heading, the lead-in of its list
    or the clause before it, the definitions it uses), marked ``ctx_``.

    >>> prepare("You may not sell it.", "tfidf-cues-lr")
    'you may not sell it. cue_prohibit cue_prohibit_sell'
    >>> prepare("(a) for weapons;", "tfidf-cues-ctx-lr", "You agree not to use the Model:")
    'for weapons; ctx_you ctx_agree ctx_not ctx_to ctx_use ctx_the ctx_model'
    """
    return prepare_all([text], approach, [context])[0]


def prepare_all(texts: Sequence[str], approach: str = "tfidf-lr", contexts: Sequence[str] | None = None) -> list[str]:
    """:func:`prepare` for many clauses, their cue tokens found in one call of the tokenizer."""
    prepared = [normalise(text) for text in texts]
    parts = [[text] for text in prepared]
    if "cues" in approach:
        from .cues import cue_tokens_of

        for part, tokens in zip(parts, cue_tokens_of(prepared)):
            part.extend(tokens)
    if "ctx" in approach and contexts:
        for part, context in zip(parts, contexts):
            if context:
                part.extend(f"ctx_{word}" for word in re.findall(r"[a-z]+", normalise(context))[:CONTEXT_WORDS])
    return [" ".join(part) for part in parts]


_ITEM = re.compile(r"^\s*(?:\(?[a-z]{1,4}[.)]|\(\d{1,2}\)|\d{1,2}\)|[-*•])\s+", re.IGNORECASE)  # (a) a. (iv) (1) 1) - *
_DEFINITION = re.compile(r"^\s*(?:\(?[0-9a-z]{1,4}[.)]\s+)?[\"“']([A-Z][\w -]{1,40}?)[\"”'],?\s+(?:shall\s+)?means?\b", re.MULTILINE)
LEAD_IN_REACH = 40  # list items this far back still read with the sentence that introduced their list


def text_contexts(texts: Sequence[str], headings: Sequence[str] | None = None) -> list[str]:
    """What each clause of one license is read with: its heading; for a list item, the lead-in of its list
    ("You agree not to use the Model:"), else the clause before it; and the definitions of the defined terms it uses
    ("Derivatives" means ...).

    >>> text_contexts(["You agree not to use the Model:", "(a) for weapons;", "(b) to harm minors."])[2]
    'You agree not to use the Model:'
    """
    headings = list(headings) if headings is not None else [""] * len(texts)
    definitions = {match.group(1): text for text in texts for match in [_DEFINITION.match(text)] if match}
    # a term the whole license uses ("License", "You") tells nothing: only the rarer defined terms are read along
    definitions = {term: text for term, text in definitions.items() if sum(term in other for other in texts) <= max(3, len(texts) // 4)}
    items = [bool(_ITEM.match(text)) for text in texts]
    leads = _lead_ins(texts, items)
    contexts = []
    for index, text in enumerate(texts):
        parts = [headings[index]]
        if index and items[index]:
            parts.append(leads[index] or texts[index - 1])
        elif index:
            parts.append(texts[index - 1])
        used = [term for term in definitions if term in text and definitions[term] != text]
        parts.extend(definitions[term] for term in used[:2])
        contexts.append(" ".join(part for part in parts if part).strip())
    return contexts


def lead_ins(texts: Sequence[str]) -> list[str]:
    """For each clause of one license that is a list item, the sentence that introduced its list (ending in a colon:
    "You agree not to use the Model:"); "" for the others.

    >>> lead_ins(["You agree not to use the Model:", "(a) for weapons;", "(b) to harm minors.", "Governing law."])
    ['', 'You agree not to use the Model:', 'You agree not to use the Model:', '']
    """
    return _lead_ins(texts, [bool(_ITEM.match(text)) for text in texts])


def _lead_ins(texts: Sequence[str], items: Sequence[bool]) -> list[str]:
    leads = []
    for index, item in enumerate(items):
        back = index - 1
        while item and back > 0 and items[back] and index - back < LEAD_IN_REACH:
            back -= 1  # past the earlier items of the same list
        leads.append(texts[back] if item and index and _opens_list(texts[back]) else "")
    return leads


def _opens_list(text: str) -> bool:
    """Whether a clause introduces a list: it ends in a colon ("You agree not to use the Model:")."""
    return text.rstrip().endswith(":")


class ClauseClassifier:
    """A loaded classifier: the estimator, its label order and per-label thresholds."""

    def __init__(self, estimator: Any, meta: ModelMeta, model_dir: str | Path | None = None) -> None:
        self.estimator = estimator
        self.meta = meta
        self.model_dir = model_dir  # None: the shipped model
        self.labels = meta.labels
        self._memo: dict[tuple[str, str], Any] = {}

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> "ClauseClassifier":
        """Load the shipped model, or the one in ``model_dir`` (see :func:`licensecheck.artifacts.load_scorer`)."""
        estimator, meta = load_scorer(model_dir)
        return cls(estimator, meta, model_dir)

    def forget(self) -> None:
        """Drop the remembered clause scores (the next call computes every clause afresh)."""
        self._memo.clear()

    def scores(self, texts: Sequence[str], contexts: Sequence[str] | None = None) -> Any:
        """The probability matrix (clauses x labels) for raw clause texts and their contexts.

        Scores of clause texts seen before are remembered (up to ``MEMO_SIZE``):
        a folder of licenses repeats its boilerplate, and a clause's scores
        depend on its text (and context) only.
        """
        import numpy as np

        if not texts:
            return np.zeros((0, len(self.labels)))
        contexts = contexts if contexts and "ctx" in self.meta.approach else [""] * len(texts)
        keys = list(zip(texts, contexts))
        unique = list(dict.fromkeys(keys))
        if len(self._memo) + len(unique) > MEMO_SIZE:
            self._memo.clear()  # before looking up: every key of this call must be in the memo afterwards
        missing = [key for key in unique if key not in self._memo]
        if missing:
            rows = self.estimator.predict_proba(prepare_all([text for text, _ in missing], self.meta.approach, [context for _, context in missing]))
            self._memo.update(zip(missing, rows))
        return np.array([self._memo[key] for key in keys])

    def classify(self, clauses: Sequence[Clause], along: Sequence[str] = ()) -> list[LabeledClause]:
        """Label each clause (in document order); labels are those whose score reaches the label's threshold.

        Headings get no labels: a title states no term (guidelines), whatever its words; a clause whose form restricts
        nothing (a definition, a savings clause, a pure permission: :mod:`licensecheck.permissive`) gets no blocking label;
        a label that one of the taxonomy's borderline rulings decides against is dropped, one it gives is added
        (:mod:`licensecheck.rulings`).
        ``along``: more texts (read without context) scored in the same call, so that a later :meth:`scores` of them
        is remembered rather than computed: one pass of the scorer costs less than two.
        """
        texts = [clause.text for clause in clauses]
        contexts = text_contexts(texts, [clause.heading for clause in clauses])
        matrix = self.scores([*texts, *along], [*contexts, *[""] * len(along)])[: len(texts)]
        result = []
        leads = lead_ins(texts)
        for clause, row, lead in zip(clauses, matrix, leads):
            chosen = [
                LabelScore(label, round(float(score), 4))
                for label, score in zip(self.labels, row)
                if score >= self.meta.thresholds.get(label, 0.5) and not clause.is_heading
            ]
            ruled = ruled_out([item.label for item in chosen], clause.text) if chosen else set()
            added = ruled_in([item.label for item in chosen], clause.text) if not clause.is_heading else set()
            chosen += [LabelScore(label, round(float(score), 4)) for label, score in zip(self.labels, row) if label in added]
            chosen = sorted((item for item in chosen if item.label not in ruled), key=lambda item: -item.score)
            kept = without_blocking(tuple(chosen), clause.text, lead)
            aside = tuple(item.label for item in chosen if item not in kept and item.label in BLOCKING_LABELS)  # conditions go unreported
            result.append(LabeledClause(clause, kept, aside))
        return _every_listed_use(_lead_ins_as_their_items(result, leads), matrix, self.labels)


def _lead_ins_as_their_items(result: list[LabeledClause], leads: Sequence[str]) -> list[LabeledClause]:
    """The guidelines: the sentence that introduces a list takes the label its items share. A bare lead-in of a list of
    prohibitions (:func:`licensecheck.permissive.is_bare_lead_in`) says nothing of its own of what is forbidden, so it
    keeps only the blocking labels that one of its items carries; the others are set aside (reported, not counted).
    A lead-in with no items read after it keeps its labels."""
    for index, labeled in enumerate(result):
        if not any(item.label in BLOCKING_LABELS for item in labeled.labels) or not is_bare_lead_in(labeled.clause.text):
            continue
        end = index + 1
        while end < len(result) and leads[end] == labeled.clause.text:
            end += 1
        if end == index + 1:
            continue
        carried = {name for item in result[index + 1 : end] for name in item.label_names}
        kept = tuple(item for item in labeled.labels if item.label not in BLOCKING_LABELS or item.label in carried)
        if len(kept) < len(labeled.labels):
            dropped = tuple(item.label for item in labeled.labels if item not in kept)
            result[index] = LabeledClause(labeled.clause, kept, labeled.set_aside + dropped)
    return result


_PROHIBITING = re.compile(r"\b(?:not|never|nor|cannot|prohibit\w*|forbid\w*|restrict\w*|refrain\w*)\b|n['’]t\b", re.IGNORECASE)


def _section_items(clauses: Sequence[Clause]) -> dict[str, list[int]]:
    """Section path -> the first clause of each section one level under it, in order."""
    first: dict[str, int] = {}
    for index, clause in enumerate(clauses):
        first.setdefault(clause.section, index)
    children: dict[str, list[int]] = {}
    for section, index in first.items():
        parent, dot, _ = section.rpartition(".")
        if dot and parent in first and index:
            children.setdefault(parent, []).append(index)
    return children


_INTERPRETS = re.compile(r"^\s*(?:[\w.()]+\s+)?for\s+the\s+purposes?\s+of\b", re.IGNORECASE)
USE_LIST_SHARE = 0.5  # a list of prohibitions this share of whose items are use-case limits is a list of forbidden uses


def _every_listed_use(result: list[LabeledClause], matrix: Any, labels: Sequence[str]) -> list[LabeledClause]:
    """Taxonomy v1.1: each item of a use list is its own clause, and carries ``use-case-limit``. A numbered list
    introduced by a prohibition ("3.1. The Licensee SHALL NOT ...:"; "You agree not to use the Model:") at least half of
    whose items the scores read as forbidden uses is a list of forbidden uses: its other items, and the items of an
    item that opens a list of its own ("3.1.15. Be an individual or entity that:"), take the label too, unless they
    carry another restriction or are a definition or an interpretation ("For the purpose of this section, ...").

    Items are found by section path: an item is the first clause of a section one level below the lead-in's, and the
    lead-in is the clause just before the first item."""
    if "use-case-limit" not in labels:
        return result
    column = list(labels).index("use-case-limit")
    children = _section_items([labeled.clause for labeled in result])
    marked: set[int] = set()

    def mark(section: str) -> None:
        for index in children.get(section, []):
            labeled = result[index]
            if _opens_list(labeled.clause.text):
                mark(labeled.clause.section)
            if labeled.clause.is_heading or is_definition(labeled.clause.text) or _INTERPRETS.match(labeled.clause.text):
                continue
            if not any(name in BLOCKING_LABELS for name in labeled.label_names) and "use-case-limit" not in labeled.set_aside:
                marked.add(index)

    for section, items in children.items():
        lead = result[items[0] - 1]  # the sentence just before the first item, in the section the items are under
        if lead.clause.section != section or not _opens_list(lead.clause.text) or not _PROHIBITING.search(lead.clause.text):
            continue
        if sum("use-case-limit" in result[index].label_names for index in items) >= USE_LIST_SHARE * len(items):
            mark(section)
    for index in sorted(marked):
        labeled = result[index]
        given = LabelScore("use-case-limit", round(float(matrix[index][column]), 4))
        result[index] = LabeledClause(labeled.clause, (*labeled.labels, given), labeled.set_aside)
    return result


def classify(clauses: Sequence[Clause], classifier: ClauseClassifier, along: Sequence[str] = ()) -> list[LabeledClause]:
    """Pipeline stage: label clauses with a loaded classifier (``along``: see :meth:`ClauseClassifier.classify`)."""
    return classifier.classify(clauses, along)


def build_estimator(approach: str = "tfidf-lr", seed: int = 0) -> Any:
    """A fresh, unfitted scikit-learn pipeline for one of ``APPROACHES``."""
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    if approach not in APPROACHES:
        raise ValueError(f"unknown approach {approach!r}; known: {', '.join(APPROACHES)}")

    def hashed(**options: Any) -> Pipeline:
        vectorizer = HashingVectorizer(n_features=2**18, alternate_sign=False, norm=None, **options)
        return Pipeline([("hash", vectorizer), ("tfidf", TfidfTransformer(sublinear_tf=True))])

    branches: list[tuple[str, Any]] = [
        ("words", hashed(ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b")),
        ("chars", hashed(analyzer="char_wb", ngram_range=(2, 5))),
    ]
    if "vec" in approach:
        from .embedding.transformer import ClauseVectors

        branches.append(("vectors", ClauseVectors()))
    features = FeatureUnion(branches)
    return Pipeline([("features", features), ("classify", OneVsRestClassifier(_linear_model(approach, seed)))])


def _linear_model(approach: str, seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression

    if approach.endswith("-svm"):
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        return CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced", random_state=seed), cv=3)
    return LogisticRegression(C=8.0, class_weight="balanced", solver="liblinear", random_state=seed)
