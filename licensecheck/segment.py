"""Split a license text into clauses with spaCy, keeping offsets and section paths.

The pipeline is ``spacy.blank("en")`` (its tokenizer) plus two components of ours:

* ``license_structure`` reads the line layout (blank lines, numbered sections
  "1.", "1.2", "Section 3", "(a)", "(iv)", bullets and headings), marks where
  blocks start and stores each block's section path; inside blocks it splits
  sentences by the rule of spaCy's ``sentencizer`` (computed on token arrays:
  no Token objects are made);
* ``license_clauses`` turns sentences into clauses: it splits long sentences
  joined by ";", folds stray enumerators into the text they number, and caps
  runaway clause length.

Clauses come out as :class:`Clause` values in ``doc.user_data["license_clauses"]``
with exact character offsets (a clause may be cut inside one enormous token, so
they are not spaCy spans).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from .lazy import built_once, english, make_doc
from .source import LicenseText

MAX_CLAUSE_CHARS = 1500
LONG_SENTENCE_CHARS = 240
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ENUMERATOR = re.compile(
    r"""^[ \t]*(?:
        (?P<section>(?P<sk>section|article|clause|part|attachment|appendix|exhibit|schedule|annex)[ \t]+(?P<sn>\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-Z])\b[.:]?)
      | (?P<decimal>\d{1,3}(?:\.\d{1,3})+\.?|\d{1,4}[.)]|\d{1,3}[A-Z][.)])
      | \((?P<paren>[a-zA-Z]{1,5}|\d{1,3})\)
      | (?P<letter>[a-zA-Z]|[ivxlcIVXLC]{2,6})[.)]
      | (?P<bullet>[-*•·◦▪‣–])
    )(?=[ \t]|$)""",
    re.VERBOSE | re.IGNORECASE,
)
_INLINE_ENUMERATOR = re.compile(r"^\(?([a-z]|[ivx]{1,5}|\d{1,2})\)\s")
_INLINE_LABEL = r"(?:\((?P<paren>[a-z]|[ivx]{1,5}|\d{1,2})\)|(?P<closed>[a-z]|[ivx]{1,5}|\d{1,2})[.)])"
# an enumerator inside a line; after "; " it may number the next item of the current list ("files; d. You must")
_RUNNING_ENUMERATOR = re.compile(rf"(?P<after>;[ \t]+(?:(?:and|or)[ \t]+)?)?(?<![^\s:;,(])(?P<label>{_INLINE_LABEL})(?=[ \t])")
_LIST_SEPARATOR = re.compile(r";(?:[ \t]+(?:and|or))?$")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTH},?[ \t]+\d{{4}}"
    rf"|{_MONTH},?[ \t]+\d{{4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})\b",
    re.IGNORECASE,
)
_DATE_WORDS = frozenset(
    "dated date effective as of last updated modified revised revision released release version published on since from".split()
)
_STRUCTURE_WORDS = frozenset(
    "section article part chapter clause title schedule exhibit appendix annex attachment addendum".split()
)
_FIELD = re.compile(r"^(?P<label>[A-Za-z][A-Za-z0-9 '’()/&-]{0,48}?)[ \t]*:[ \t]+\S")
_ATTACHMENTS = {"attachment", "appendix", "exhibit", "schedule", "annex"}
_SENTENCE_END = (".", ":", ";", "!", "?", ")", '"', "”", "'")


@dataclass(frozen=True)
class Clause:
    """A span of the license text: its offsets, text, section path and heading."""

    start: int
    end: int
    text: str
    section: str = ""
    heading: str = ""

    @functools.cached_property
    def is_heading(self) -> bool:
        """True for a title rather than a provision: the heading itself, or a bare number such as "v. 2.0" (read once per clause).

        >>> Clause(0, 1, "4. COMMERCIAL USE AND INDEMNITY.", "4", "COMMERCIAL USE AND INDEMNITY").is_heading
        True
        >>> Clause(0, 1, "(b) for weapons;", "4.b", "Use Restrictions").is_heading
        False
        """
        if re.search(r"[,;]$|\s(and|or)$", self.text.rstrip()):
            return False  # an item of a running list ("(i) Personal Use,") is a provision
        body = _title_key(_ENUMERATOR.sub("", self.text, count=1))
        return not re.search(r"[A-Za-z]{2}", body) or (bool(self.heading) and body == _title_key(self.heading))


def _title_key(text: str) -> str:
    return " ".join(text.strip(" \t\n.:;-–—#*=_").lower().split())


_Path = tuple[tuple[str, str], ...]  # the (kind, label) stack of a section path


@dataclass(frozen=True)
class _Block:
    start: int
    section: str
    heading: str
    is_heading: bool
    path: _Path = ()
    # where an item running on in the block's text ("...; d. You must") moves the path, in order
    runs: list[tuple[int, _Path]] = field(default_factory=list, compare=False)

    def path_at(self, offset: int) -> _Path:
        """The section path at ``offset`` of the text, inside this block."""
        path = self.path
        for start, moved in self.runs:
            if start > offset:
                break
            path = moved
        return path


def segment(license_text: LicenseText | str) -> list[Clause]:
    """Split a license text into clauses, in document order."""
    text = license_text.text if isinstance(license_text, LicenseText) else license_text
    nlp = _nlp()
    doc = make_doc(text)
    doc.user_data["text"] = text  # Doc.text is rebuilt from Token objects at every access
    for _, component in nlp.pipeline:
        doc = component(doc)
    return list(doc.user_data["license_clauses"])


@built_once
def _nlp() -> Any:
    """The blank English pipeline with our structure and clause components."""
    from spacy.language import Language

    if "license_structure" not in Language.factories:
        Language.component("license_structure", func=_mark_structure)
        Language.component("license_clauses", func=_make_clauses)
    nlp = english()
    nlp.add_pipe("license_structure")
    nlp.add_pipe("license_clauses")
    return nlp


def _mark_structure(doc: Any) -> Any:
    """spaCy component: sentence starts from the line layout, else from sentence-final punctuation.

    Blocks (``doc.user_data["license_blocks"]``) start sentences; a block's
    leading enumerator does not end one; elsewhere spaCy's sentencizer rule
    applies (a token after sentence-final punctuation starts a sentence).
    Everything is computed on token arrays, without Token objects; the
    sentences' character spans go to ``doc.user_data["license_sentences"]``.
    """
    import numpy as np
    from spacy.attrs import IDX, IS_LOWER, IS_PUNCT, LENGTH, LIKE_NUM, ORTH, SENT_START

    text = _text_of(doc)
    blocks = list(find_blocks(text))
    doc.user_data["license_blocks"] = blocks
    doc.user_data["license_sentences"] = []
    if not len(doc):
        return doc
    columns = doc.to_array([IDX, LENGTH, IS_LOWER, LIKE_NUM, ORTH, IS_PUNCT])
    offsets, lengths, orth = columns[:, 0].astype(np.int64), columns[:, 1].astype(np.int64), columns[:, 4]
    lower, number, punct = columns[:, 2] != 0, columns[:, 3] != 0, columns[:, 5] != 0
    block_starts = np.array([block.start for block in blocks], dtype=np.int64)
    enumerator_ends = _enumerator_ends(text, blocks)
    ends = np.array([enumerator_ends.get(index, -1) for index in range(len(blocks))], dtype=np.int64)
    of_block = np.maximum(np.searchsorted(block_starts, offsets, side="right") - 1, 0)
    # a lowercase word after "2." (as in "version\n2. of this License") continues the sentence
    dot = orth == doc.vocab.strings["."]
    after_number = np.zeros(len(doc), dtype=bool)
    after_number[2:] = lower[2:] & dot[1:-1] & number[:-2]
    marks = np.where(_sentencizer_starts(doc, orth, punct), 1, -1)
    marks[(offsets < ends[of_block]) | after_number] = -1
    marks[np.isin(offsets, block_starts)] = 1
    marks[0] = 1
    doc.from_array([SENT_START], marks.reshape(-1, 1).astype(np.uint64))
    starts = np.flatnonzero(marks == 1)
    last = np.append(starts[1:], len(doc)) - 1
    doc.user_data["license_sentences"] = list(zip(offsets[starts].tolist(), (offsets[last] + lengths[last]).tolist()))
    return doc


def _text_of(doc: Any) -> str:
    """The document's text: kept by :func:`segment`, else rebuilt by spaCy."""
    return doc.user_data.get("text") or doc.text


def _sentencizer_starts(doc: Any, orth: Any, punct: Any) -> Any:
    """spaCy's ``Sentencizer`` rule on token arrays: a token that is not punctuation, after a sentence-final mark."""
    import numpy as np

    final = np.isin(orth, [doc.vocab.strings.add(mark) for mark in _sentence_marks()])
    starts = np.zeros(len(orth), dtype=bool)
    starts[0] = True
    seen = False
    for position in np.flatnonzero(final | ~punct).tolist():
        if final[position]:
            seen = True
        elif seen:
            starts[position] = True
            seen = False
    return starts


@built_once
def _sentence_marks() -> tuple[str, ...]:
    from spacy.pipeline import Sentencizer

    return tuple(Sentencizer.default_punct_chars)


def _enumerator_ends(text: str, blocks: list[_Block]) -> dict[int, int]:
    """For each block, where its leading enumerator and the token after it end (no split inside).

    The enumerator is matched on the block's own line: ``_ENUMERATOR`` is anchored at a line's start, and a match
    from an offset inside the text (``pattern.match(text, start)``) never sees one.

    >>> text = 'Terms\\n\\n4. "Derivative" means a model.'
    >>> _enumerator_ends(text, list(find_blocks(text)))
    {1: 22}
    """
    ends: dict[int, int] = {}
    for index, block in enumerate(blocks):
        line_end = text.find("\n", block.start)
        line = text[block.start : line_end if line_end >= 0 else len(text)]
        match = _ENUMERATOR.match(line)
        if match:
            after = _NEXT_WORD.match(line, match.end())
            ends[index] = block.start + (after.end() if after else match.end())
    return ends


_NEXT_WORD = re.compile(r"[ \t]*[^\s.!?]+")  # the word after an enumerator, short of a full stop ("Restrictions.The")


def _block_of(blocks: list[_Block], offset: int) -> int:
    low, high = 0, len(blocks) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if blocks[middle].start <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def _make_clauses(doc: Any) -> Any:
    """spaCy component: sentences -> clauses with exact offsets, section path and heading."""
    blocks: list[_Block] = doc.user_data.get("license_blocks") or [_Block(0, "", "", False)]
    text = _text_of(doc)
    clauses = []
    for start, end, section, heading in _clause_offsets(doc, blocks, text):
        if any(char.isalnum() for char in text[start:end]):
            clauses.append(Clause(start, end, text[start:end], section, heading))
    doc.user_data["license_clauses"] = clauses
    return doc


def _clause_offsets(doc: Any, blocks: list[_Block], text: str) -> Iterator[tuple[int, int, str, str]]:
    pending_start: int | None = None
    for sentence_start, sentence_end in doc.user_data["license_sentences"]:
        start, end = _trim(text, sentence_start, sentence_end)
        if start >= end:
            continue
        block = blocks[_block_of(blocks, start)]
        if pending_start is not None:
            start, pending_start = pending_start, None
        if _is_bare_enumerator(text[start:end]) and not block.is_heading:
            pending_start = start
            continue
        for piece_start, piece_end in _split_long(text, start, end):
            section = _path_text(block.path_at(piece_start))
            yield piece_start, piece_end, _inline_section(section, text[piece_start:piece_end]), block.heading
    if pending_start is not None:
        end = len(text.rstrip())
        if end > pending_start:
            block = blocks[_block_of(blocks, pending_start)]
            yield pending_start, end, block.section, block.heading


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_bare_enumerator(piece: str) -> bool:
    """True for a fragment that only numbers what follows, such as "1." or "(a)"."""
    match = _ENUMERATOR.match(piece)
    if match and not piece[match.end() :].strip(" \t.:)"):
        return True
    return len(piece) <= 3 and not re.search(r"[a-zA-Z]{2}", piece)


def _split_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a long sentence after each ";" and cap pieces at MAX_CLAUSE_CHARS."""
    if end - start <= LONG_SENTENCE_CHARS:
        yield start, end
        return
    cuts = [start]
    for match in re.finditer(r";(?:\s+(?:and|or)\b)?\s+", text[start:end]):
        cut = start + match.end()
        if cut - cuts[-1] >= 30 and end - cut >= 30:
            cuts.append(cut)
    cuts.append(end)
    for piece_start, piece_end in zip(cuts, cuts[1:]):
        piece_start, piece_end = _trim(text, piece_start, piece_end)
        yield from _cap_length(text, piece_start, piece_end)


def _cap_length(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_CLAUSE_CHARS:
        cut = text.rfind(" ", start + MAX_CLAUSE_CHARS // 2, start + MAX_CLAUSE_CHARS)
        cut = cut if cut > start else start + MAX_CLAUSE_CHARS
        yield _trim(text, start, cut)
        start, end = _trim(text, cut, end)
    if end > start:
        yield start, end


def _inline_section(section: str, piece: str) -> str:
    """Extend the section path with an inline "(b)" that opens a piece of a long sentence.

    A piece that opens with the item the path is at (the "(d)" that moved it there) keeps the path.

    >>> _inline_section("5", "(b) to harm minors;")
    '5.b'
    >>> _inline_section("4.d", "(d) to harm minors;")
    '4.d'
    """
    match = _INLINE_ENUMERATOR.match(piece)
    if not match or not section:
        return section
    label = match.group(1)
    return section if section.rsplit(".", 1)[-1] == label else f"{section}.{label}"


def _path_text(path: _Path) -> str:
    return ".".join(label for _, label in path)


def _next_sibling(path: _Path, label: str, paren: bool = False) -> _Path | None:
    """``path`` with its last item replaced by ``label`` when ``label`` numbers the next item of that list, else None.

    >>> _next_sibling((("decimal", "1"), ("letter-lower", "b")), "c")
    (('decimal', '1'), ('letter-lower', 'c'))
    >>> _next_sibling((("letter-lower", "b"), ("roman-lower", "ii")), "iii")
    (('letter-lower', 'b'), ('roman-lower', 'iii'))
    >>> _next_sibling((("decimal", "1"), ("letter-lower", "b")), "d") is None
    True
    """
    if not path:
        return None
    kind, previous = path[-1]
    if _label_kind(label, path, paren) == kind and _ordinal(kind, label) == _ordinal(kind, previous) + 1 > 0:
        return path[:-1] + ((kind, label),)
    return None


def _label_kind(label: str, path: _Path, paren: bool = False) -> str:
    """The kind of list an enumerator label belongs to, read against the items above it ("i" after "h" is a letter)."""
    if label.isdigit():
        return "paren-digit" if paren else "decimal"
    case = "upper" if label.isupper() else "lower"
    if _ROMAN.match(label.lower()) and not _continues_letters(path, label, case):
        return f"roman-{case}"
    return f"letter-{case}"


def _ordinal(kind: str, label: str) -> int:
    """The position of a label in its list ("c" -> 3, "iv" -> 4, "12" -> 12), or -1 when it has none."""
    if kind.startswith("roman"):
        return _roman_value(label.lower())
    if kind.startswith("letter"):
        return ord(label.lower()) - ord("a") + 1 if len(label) == 1 else -1
    return int(label) if label.isdigit() else -1


def _roman_value(numeral: str) -> int:
    """The value of a lower-case roman numeral.

    >>> [_roman_value(numeral) for numeral in ("i", "iv", "ix", "xiv")]
    [1, 4, 9, 14]
    """
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for position, char in enumerate(numeral):
        value = values[char]
        total += -value if position + 1 < len(numeral) and values[numeral[position + 1]] > value else value
    return total


def _continues_letters(path: _Path, label: str, case: str) -> bool:
    """"i" after "h" (or "v" after "u") is a letter, not a roman numeral."""
    if len(label) != 1:
        return False
    for kind, existing in path:
        if kind == f"letter-{case}" and len(existing) == 1:
            return ord(label.lower()) == ord(existing.lower()) + 1
    return label.lower() not in {"i", "v", "x"}


# ----------------------------------------------------------------------------------------------
# Line layout: blocks, enumerators and the section path


def find_blocks(text: str) -> Iterator[_Block]:
    """Yield the structural blocks of a text: paragraphs, numbered items, bullets and headings.

    A block's ``runs`` fill in while the lines after its start are read (consume the generator first).

    >>> [(b.section, b.is_heading) for b in find_blocks("TERMS\\n\\n1. Grant.\\n(a) You may use it.\\n")]
    [('', True), ('1', False), ('1.a', False)]
    """
    path = _SectionPath()
    heading = ""
    previous = ""  # the previous non-blank line, stripped
    previous_alone = False  # the previous line stands alone: a heading or a "Label: value" line
    runs: list[tuple[int, _Path]] | None = None  # the current block's running items; None once it opens a list of its own
    after_blank = True
    offset = 0
    lines = [_unframe(line) for line in text.split("\n")]
    for number, line in enumerate(lines):
        line_start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped:
            after_blank = True
            continue
        first = line_start + len(line) - len(line.lstrip())
        following = _next_nonblank(lines, number)
        enumerator = _ENUMERATOR.match(line)
        continues = not after_blank and not previous.endswith(_SENTENCE_END) and not previous_alone
        stands_alone = False
        block: _Block | None = None
        item_end = 0  # where the enumerator of an item that this line starts ends
        if enumerator and _starts_item(enumerator, stripped, continues):
            section = path.push(enumerator)
            title = _item_title(line[enumerator.end() :].rstrip())
            if title:
                heading = title
            block, item_end = _Block(first, section, heading, False, path.snapshot()), enumerator.end()
        elif _looks_like_heading(stripped, not continues, following):
            stands_alone = True
            if _is_field_or_date(stripped):  # stands alone, but heads nothing
                block = _Block(first, path.current(), heading, False, path.snapshot())
            else:
                heading = stripped.rstrip(".:")
                block = _Block(first, path.current(), heading, True, path.snapshot())
        elif after_blank or previous_alone:
            block = _Block(first, path.current(), heading, False, path.snapshot())
        if block is not None:
            yield block
            runs = block.runs
        separated = bool(_LIST_SEPARATOR.search(previous)) and not after_blank
        if runs is not None and not _follow_running_items(path, line, item_end, line_start, runs, separated):
            runs = None
        previous, previous_alone, after_blank = stripped, stands_alone, False


def _follow_running_items(
    path: _SectionPath, line: str, start: int, line_start: int, runs: list[tuple[int, _Path]], separated: bool = False
) -> bool:
    """Move ``path`` on to the items that continue its list inside ``line`` ("...changed the files; d. You must ...").

    Reads from ``start`` (past the line's own enumerator) and records each move in ``runs`` as (offset, path);
    ``separated``: the previous line ended with "; or", so an enumerator opening this line follows it.
    False at an enumerator that does not continue the list (the "1)" of "You may not 1) use ...; 2) ..."):
    the block numbers a list of its own from there, and its "2)" is not the next item of the path.
    """
    for match in _RUNNING_ENUMERATOR.finditer(line, start):
        label = match.group("paren") or match.group("closed")
        after = match.group("after") or (separated and not line[: match.start("label")].strip())
        following = _next_sibling(path.snapshot(), label, bool(match.group("paren"))) if after else None
        if following is None:
            return False
        path.stack = list(following)
        runs.append((line_start + match.start("label"), following))
    return True


_FRAME = re.compile(r"^([ \t]*)\*(.*)\*([ \t]*)$")


def _unframe(line: str) -> str:
    """Blank out the asterisk border of a boxed paragraph (same length, so offsets hold).

    >>> _unframe("*  Covered Software is provided as is   *")
    '   Covered Software is provided as is    '
    >>> _unframe("**********")
    '          '
    """
    if len(line) >= 10 and set(line.strip()) == {"*"}:
        return " " * len(line)
    framed = _FRAME.match(line)
    if not framed or len(line) < 10:
        return line
    return f"{framed.group(1)} {framed.group(2)} {framed.group(3)}"


def _next_nonblank(lines: list[str], number: int) -> str:
    following = lines[number + 1].strip() if number + 1 < len(lines) else ""
    return following if following else "\n"


def _starts_item(enumerator: re.Match[str], stripped: str, continues: bool) -> bool:
    """Decide whether a line-initial enumerator starts an item or is wrapped running text."""
    rest = stripped[len(enumerator.group(0).strip()) :].lstrip()
    if enumerator.group("paren") or enumerator.group("section"):
        return not continues or rest[:1].isupper() or rest[:1] in "\"“'("
    if enumerator.group("bullet"):
        return bool(rest) and (not continues or enumerator.group("bullet") != "-")
    return not continues or rest[:1].isupper() or rest[:1] in "\"“'"


def _looks_like_heading(line: str, opens: bool, following: str) -> bool:
    """A short line on its own: capitals, or a title followed by a blank line or an item."""
    if not line or len(line) > 80 or not opens or line.endswith((",", ";")) or not re.search(r"[A-Za-z]{2}", line):
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", line)
    letters = "".join(words)
    standalone = following == "\n" or bool(_ENUMERATOR.match(following))
    if letters.isupper() and len(letters) >= 4:
        return standalone or not "".join(re.findall(r"[A-Za-z]", following)).isupper()
    if line.endswith((".", ":")) and len(words) > 8:
        return False
    long_words = [word for word in words if len(word) > 3]
    titled = sum(word[0].isupper() for word in long_words) >= max(1, len(long_words) * 0.7)
    return titled and standalone and len(words) <= 10 and not re.search(r"[.;!?]\s", line)


def _is_field_or_date(line: str) -> bool:
    """A "Label: value" line or a date line: it states a fact about the document, it does not head a section.

    >>> _is_field_or_date("Llama 2 Version Release Date: July 18, 2023")
    True
    >>> _is_field_or_date("dated May 19, 2022")
    True
    >>> _is_field_or_date("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION")
    False
    >>> _is_field_or_date("Use Restrictions:")
    False
    >>> _is_field_or_date("Appendix: How to Apply These Terms to Your New Programs")
    False
    """
    labelled = _FIELD.match(line)
    if labelled:
        words = labelled.group("label").split()
        if words[0].lower() in _STRUCTURE_WORDS:
            return False  # "Section One: Your Rights" heads a section
        if len(words) <= 6:
            return True
    if not _DATE.search(line):
        return False
    rest = re.sub(r"\bv?\d+(?:\.\d+)*\b", " ", _DATE.sub(" ", line), flags=re.IGNORECASE)
    return all(word in _DATE_WORDS for word in re.findall(r"[a-z]+", rest.lower()))


def _item_title(rest: str) -> str:
    """The inline title of an item such as "1. Definitions." or "a. Grant of Rights."."""
    match = re.match(r"[ \t]*(?:[-–—:]+[ \t]*)?([A-Z][^.:\n]{1,60})(?:[.:](?:\s|$)|$)", rest)
    if not match:
        return ""
    words = re.findall(r"[A-Za-z]+", match.group(1))
    long_words = [word for word in words if len(word) > 3]
    if len(words) > 8 or not long_words or sum(word[0].isupper() for word in long_words) < len(long_words) * 0.6:
        return ""
    return match.group(1).strip()


class _SectionPath:
    """A stack of (kind, label) that numbered items push onto, giving paths like "1.b.v"."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, str]] = []

    def current(self) -> str:
        return _path_text(tuple(self.stack))

    def snapshot(self) -> _Path:
        """The path as it stands, (kind, label) pairs from the top."""
        return tuple(self.stack)

    def push(self, match: re.Match[str]) -> str:
        kind, label = self._classify(match)
        if kind == "bullet":
            return self.current()
        for depth, (existing, _) in enumerate(self.stack):
            if existing == kind:
                del self.stack[depth:]
                break
        self.stack.append((kind, label))
        return self.current()

    def _classify(self, match: re.Match[str]) -> tuple[str, str]:
        if match.group("section"):
            if match.group("sk").lower() in _ATTACHMENTS:
                self.stack.clear()
                return "attachment", f'{match.group("sk").title()} {match.group("sn")}'
            return "section", match.group("sn").rstrip(".")
        if match.group("decimal"):
            return "decimal", match.group("decimal").rstrip(".)")
        if match.group("bullet"):
            return "bullet", ""
        label = match.group("paren") or match.group("letter")
        return _label_kind(label, self.snapshot(), paren=True), label
