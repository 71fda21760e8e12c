"""Read and validate the annotated corpus in ``corpora/``.

Two kinds of files, both JSON Lines:

* ``licensedcode/*.jsonl`` annotate clauses of licensedcode-data texts by
  reference: ``{"license", "start", "end", "sha256", "labels"}``; the clause
  text is read from the installed package and checked against the hash;
* ``written/*.jsonl`` hold clauses the team wrote: ``{"id", "text", "labels"}``.
"""

from __future__ import annotations

import hashlib
import json
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from .errors import CorpusError, UnknownLicenseError
from .licensedb import load_license
from .taxonomy import LABELS

WRITTEN_GROUP_PREFIX = "written:"


@dataclass(frozen=True)
class Example:
    """One annotated clause: its text, gold labels and the group it belongs to.

    ``group`` is the license key for licensedcode clauses (so that splits can
    keep a license whole) and ``written:<file>`` for team-written clauses.
    """

    text: str
    labels: tuple[str, ...]
    group: str
    ref: str
    params: dict[str, Any] | None = field(default=None, compare=False)
    context: str = field(default="", compare=False)
    is_heading: bool = field(default=False, compare=False)

    @property
    def is_written(self) -> bool:
        """True for clauses the team wrote, which train the model but never test it."""
        return self.group.startswith(WRITTEN_GROUP_PREFIX)


def _has_annotations(folder: Path) -> bool:
    return any(folder.glob("licensedcode/*.jsonl")) or any(folder.glob("written/*.jsonl"))


def default_corpus_dir() -> Path:
    """The corpus when none is given: ``./corpora`` (run from a checkout), else the checkout licensecheck runs from.

    An installed package carries no corpus; then the error says what to pass.
    """
    for candidate in (Path.cwd() / "corpora", Path(__file__).resolve().parent.parent / "corpora"):
        if _has_annotations(candidate):
            return candidate
    raise CorpusError(
        "no corpus found: the annotated corpus is the corpora/ folder of a licensecheck checkout; "
        "run from the checkout or pass --corpus PATH/TO/corpora"
    )


def load_corpus(corpus_dir: str | Path | None = None) -> list[Example]:
    """Load every annotation file under ``corpus_dir`` (default: :func:`default_corpus_dir`), in a stable order."""
    root = Path(corpus_dir) if corpus_dir else default_corpus_dir()
    files = sorted(root.glob("licensedcode/*.jsonl")) + sorted(root.glob("written/*.jsonl"))
    if not files:
        raise CorpusError(f"{root}: no annotation files (licensedcode/*.jsonl, written/*.jsonl); pass --corpus PATH/TO/corpora")
    examples: list[Example] = []
    for path in files:
        examples.extend(_load_file(path))
    return examples


def corpus_hash(examples: Iterable[Example]) -> str:
    """A sha256 over the texts, labels and groups of the examples, in order."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps([example.group, example.text, list(example.labels)]).encode("utf-8"))
    return digest.hexdigest()


def clause_sha256(text: str) -> str:
    """The hash a reference annotation stores for its clause text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load_file(path: Path) -> Iterator[Example]:
    """The examples of one annotation file; a license's clauses are read with their context (:func:`text_contexts`)."""
    from .classify import text_contexts

    examples, headings = [], []
    for example, heading in _read_file(path):
        examples.append(example)
        headings.append(heading)
    if path.parent.name == "written":
        yield from examples
        return
    for example, context in zip(examples, text_contexts([example.text for example in examples], headings)):
        yield replace(example, context=context)


def _read_file(path: Path) -> Iterator[tuple[Example, str]]:
    written = path.parent.name == "written"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise CorpusError(f"{where}: not JSON ({error.msg})") from error
        labels = _check_labels(record.get("labels"), where)
        if written:
            yield _written_example(record, labels, path, where), ""
            continue
        example = _reference_example(record, labels, where)
        clause = _clause_at(example.group, int(record["start"]))
        is_heading = bool(clause and clause.start == int(record["start"]) and clause.is_heading)
        yield replace(example, is_heading=is_heading), (clause.heading if clause else "")


def _clause_at(key: str, offset: int) -> Any:
    """The clause the segmenter cuts from license ``key`` that holds ``offset`` (its offsets may differ)."""
    for clause in reversed(_segmented(key)):
        if clause.start <= offset:
            return clause
    return None


@functools.lru_cache(maxsize=128)
def _segmented(key: str) -> tuple[Any, ...]:
    from .segment import segment

    return tuple(segment(load_license(key).text))


def _check_labels(labels: Any, where: str) -> tuple[str, ...]:
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise CorpusError(f"{where}: 'labels' must be a list of label names")
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise CorpusError(f"{where}: unknown label(s) {', '.join(unknown)}")
    return tuple(sorted(set(labels), key=LABELS.index))


def _reference_example(record: dict[str, Any], labels: tuple[str, ...], where: str) -> Example:
    try:
        key, start, end, expected = record["license"], int(record["start"]), int(record["end"]), record["sha256"]
    except (KeyError, TypeError, ValueError) as error:
        raise CorpusError(f"{where}: needs license, start, end and sha256") from error
    try:
        text = load_license(key).text[start:end]
    except UnknownLicenseError as error:
        raise CorpusError(f"{where}: {error}") from error
    if not text or clause_sha256(text) != expected:
        raise CorpusError(f"{where}: text of {key}[{start}:{end}] no longer matches its sha256")
    return Example(text=text, labels=labels, group=key, ref=f"{key}:{start}-{end}", params=record.get("params"))


def _written_example(record: dict[str, Any], labels: tuple[str, ...], path: Path, where: str) -> Example:
    text, ident = record.get("text"), record.get("id")
    if not isinstance(text, str) or not text.strip() or not ident:
        raise CorpusError(f"{where}: a written clause needs 'id' and non-empty 'text'")
    context = record.get("context") or ""
    if not isinstance(context, str):
        raise CorpusError(f"{where}: 'context' (the lead-in or definition a clause is read with) must be a string")
    return Example(
        text=text, labels=labels, group=f"{WRITTEN_GROUP_PREFIX}{path.stem}", ref=f"{path.stem}:{ident}", params=record.get("params"),
        context=context,
    )
