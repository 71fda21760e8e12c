"""Objects built on first use, once per process, safely across threads (the web server analyses in worker threads)."""

from __future__ import annotations

import functools
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
