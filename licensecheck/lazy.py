"""Objects built on first use, once per process, safely across threads (the web server analyses in worker threads)."""

from __future__ import annotations

import functools
import re
import threading
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def built_once(build: Callable[[], T]) -> Callable[[], T]:
    """``build()`` runs once, under a lock; every later call returns what it built.

    Two threads that built their own spaCy pipeline at once would each get a
    vocabulary of its own, and a Matcher of one then fails on a Doc of the
    other (spaCy's E018).

    >>> calls = []
    >>> make = built_once(lambda: calls.append(1) or len(calls))
    >>> make(), make(), calls
    (1, 1, [1])
    """
    lock = threading.Lock()
    built: list[T] = []

    @functools.wraps(build)
    def get() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(build())
        return built[0]

    return get


@built_once
def english() -> Any:
    """The one blank English spaCy pipeline of a process: segmentation adds its components to it, and the cue tokens
    and the parameters read text with its tokenizer and vocabulary, so that spaCy's English defaults (the
    tokenizer's rules and special cases) load once rather than once per stage."""
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = 20_000_000
    return nlp


WARM_LIMIT = 200_000  # chunks whose tokens spaCy's cache may hold for us; past it, texts are tokenized as they come
_warmed: set[str] = set()
_SPANS = re.compile(r"\S+|\s+")


def make_doc(text: str) -> Any:
    """``english().make_doc(text)``, after filling spaCy's tokenizer cache with the text's chunks (:func:`warm`)."""
    nlp = english()
    warm(nlp.tokenizer, text)
    return nlp.make_doc(text)


def warm(tokenizer: Any, text: str) -> None:
    """Put the tokens of each chunk of ``text`` that spaCy reads on its own (a run of non-space characters, a run of
    space other than one " ") into ``tokenizer``'s cache, one chunk per call.

    spaCy's tokenizer splits a text at its spaces and tokenizes each chunk by itself, looking the chunk up in its
    cache first; but it stops saving chunks to that cache for the rest of a text once one chunk has met a special
    case (spaCy issue 1250), which in a license is soon ("e.g.", "U.S."), so most chunks were tokenized afresh
    each time. A chunk tokenized alone is saved (unless it met a special case itself), and gives the tokens it
    gives inside any text: what the cache answers is what spaCy would have computed. The cache holds at most
    :data:`WARM_LIMIT` chunks of ours.
    """
    spans = set(_SPANS.findall(text))
    new = [span[1:] if span[0] == " " and span.isspace() else span for span in spans - _warmed]
    if not new or len(_warmed) + len(new) > WARM_LIMIT:
        return
    for span in new:
        if span:
            tokenizer(span)
    _warmed.update(spans)
