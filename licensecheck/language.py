"""Which parts of a text are English, the only language the classifier reads.

The method, in two steps, per clause:

1. **Script.** Letters outside the Latin script (Han, kana, Hangul, Cyrillic,
   Arabic, ...) cannot be English: a clause whose letters are mostly such is
   not English, whatever else it holds.
2. **Function words.** English legal prose is dense in function words ("the",
   "of", "to", "may", "not", "any", "shall" ...): over a third of the words of
   every clause of the OSI-approved English texts of licensedcode-data, and
   almost none of a German, French or Spanish clause, a config file or base64
   noise. Clauses with a clear share are decided by it. A clause with few
   English function words and few of another language's (a title, an address,
   noise) is read as English: it carries no terms. The rest, and the naming of
   a language that is not English, go to py3langid (a maintained fork of
   langid.py whose model ships inside the package, loaded only when needed).

Clauses too short to judge ("(a)", "Licensor") take the language of the
clause before them. Nothing here is ever guessed as English: a clause that is
not clearly English is reported as not analysed, with its span.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Sequence

ENGLISH, UNDETERMINED = "en", "und"
UNDETERMINED_FOREIGN = "xx"  # not English, language not named
MIN_WORDS = 5  # fewer words than this: the clause takes its neighbour's language
ENGLISH_SHARE, FOREIGN_SHARE = 0.2, 0.08  # function-word share: clearly English above, clearly not below
MOSTLY_OTHER_SCRIPT = 0.3
FOREIGN_CONFIDENCE, UNCERTAIN_CONFIDENCE = 0.9, 0.99  # py3langid's probability needed to call a clause not English
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# a word that is not the first part of a hyphenated compound: the "non" of "Non-Source" and the "de" of "de-identified"
# are English prefixes, not Italian or Spanish function words
_WHOLE_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?![^\W\d_])(?:['’][^\W\d_]+)?(?!-[^\W\d_])")
_FUNCTION_WORDS = frozenset(
    """a about above after against all also an and any are as at be been before being below between both but by
    can could do does each either for from had has have he her here hereby herein hereof hereunder his how if in
    including into is it its may might more most must no nor not of off on only or other otherwise our out over
    provided shall she should so such than that the their them then there these they this those through to under
    unless until upon us was we were what when where whether which while who whom whose will with within without
    would you your""".split()
)
# Function words of the other languages most often met in licenses (German, French, Spanish, Italian,
# Portuguese, Dutch), none of them an English word: without them, a Latin-script clause that is not clearly
# English is a title, an address or noise, and py3langid (0.8 s to load) is not needed.
_OTHER_FUNCTION_WORDS = frozenset(
    """der das und ist nicht mit für von zu den dem des ein eine einer auf sich auch als wird oder bei nur nach wie werden dieser
    diese sind kann sie ihr ihre wenn durch über unter le la les du et est une un pour dans que qui pas sur par avec ou ce cette
    sont aux au ne vous nous leur été être el los las del y en una por con para es lo su sus se al como más este esta il gli della
    di che è una con non delle dei nel alla sono os da do das dos em um uma com não ao é het een van te dat niet op voor zijn
    deze""".split()
)
OTHER_SHARE = 0.15
_SCRIPT_LANGUAGE = (("HANGUL", "ko"), ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("CJK", "zh"), ("CYRILLIC", "ru"),
                    ("ARABIC", "ar"), ("HEBREW", "he"), ("GREEK", "el"), ("THAI", "th"), ("DEVANAGARI", "hi"))


@dataclass(frozen=True)
class LanguageSpan:
    """A stretch of the text in one language (a run of clauses)."""

    start: int
    end: int
    language: str

    def to_dict(self) -> dict[str, Any]:
        """The span in the JSON contract."""
        return {"start": self.start, "end": self.end, "language": self.language}


@dataclass(frozen=True)
class LanguageReport:
    """The text's main language, how much of it is English, and the spans that are not."""

    language: str
    english_share: float
    not_english: tuple[LanguageSpan, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``language`` object of the analysis contract."""
        return {
            "text": self.language,
            "english_share": round(self.english_share, 3),
            "not_analysed": [span.to_dict() for span in self.not_english],
        }


def function_word_share(text: str) -> tuple[float, int]:
    """The share of English function words among the words of ``text``, and the number of words.

    >>> function_word_share("You may not use the Model for any commercial purpose.")
    (0.6, 10)
    >>> function_word_share("Sie dürfen die Software nur für Forschung nutzen.")[0]
    0.0
    """
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return 0.0, 0
    return sum(word in _FUNCTION_WORDS for word in words) / len(words), len(words)


def script_language(text: str) -> str | None:
    """The language a non-Latin script points to, when most letters are in one; else None.

    >>> script_language("本协议仅限非商业用途"), script_language("MIT License")
    ('zh', None)
    """
    if text.isascii():
        return None  # Latin letters only (checked in C: most clauses of most licenses)
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return None
    counts: dict[str, int] = {}
    for char in letters:
        if ord(char) < 0x250:
            continue  # Latin
        name = unicodedata.name(char, "")
        script = next((language for prefix, language in _SCRIPT_LANGUAGE if name.startswith(prefix)), "other")
        counts[script] = counts.get(script, 0) + 1
    other = sum(counts.values())
    if other < MOSTLY_OTHER_SCRIPT * len(letters):
        return None
    if counts.get("ja"):
        return "ja"  # Japanese mixes kana with Han characters
    return max(counts, key=lambda script: counts[script]) if other else None


def looks_foreign(text: str) -> bool:
    """Whether a few words (an edit) are not English: another language's function words, or accented lowercase words.

    Names keep their accents ("Zürich", "Québec"); a lowercase "für" or "décision" is not English.

    >>> looks_foreign("Nur für Forschung"), looks_foreign("for research only, in Zürich"), looks_foreign("le Logiciel")
    (True, False, True)
    >>> looks_foreign("6. Conveying Non-Source Forms."), looks_foreign("de-identified data"), looks_foreign("uso non commerciale")
    (False, False, True)
    """
    words = _WHOLE_WORD.findall(text)
    return any(word.lower() in _OTHER_FUNCTION_WORDS or (word.islower() and not word.isascii()) for word in words)


@functools.lru_cache(maxsize=8192)
def clause_language(text: str) -> str | None:
    """``en``, another ISO 639-1 code, ``und`` (no language), or None when too short to tell.

    Remembered by text: a batch, and the two sides of a diff, meet the same clauses again and again."""
    by_script = script_language(text)
    if by_script is not None:
        return by_script if by_script != "other" else name_language(text)
    share, words = function_word_share(text)
    if words < MIN_WORDS:
        if words and looks_foreign(text):  # "Nur für Forschung.": too short to weigh, not English all the same
            named = name_language(text, 0.0)
            return named if named not in (ENGLISH, UNDETERMINED) else UNDETERMINED_FOREIGN
        return None
    if share >= ENGLISH_SHARE:
        return ENGLISH
    words_found = [word.lower() for word in _WHOLE_WORD.findall(text)]
    if sum(word in _OTHER_FUNCTION_WORDS for word in words_found) < OTHER_SHARE * len(words_found):
        return ENGLISH  # no other language's function words either: a title, an address, a list of names, noise
    named = name_language(text, FOREIGN_CONFIDENCE if share < FOREIGN_SHARE else UNCERTAIN_CONFIDENCE)
    # titles, addresses, lists of names and noise have no language: they are read (and carry no terms)
    return ENGLISH if named == UNDETERMINED else named


def name_language(text: str, confidence: float = FOREIGN_CONFIDENCE) -> str:
    """py3langid's language for a text that is not clearly English; ``und`` below ``confidence`` or for noise."""
    language, probability = _identifier().classify(text)
    if language == "zxx" or probability < confidence:
        return UNDETERMINED
    return str(language)


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's identifier, built from an unpacked copy of its model in the cache folder when it can be: its own
    loader decompresses the shipped model each time (half a second in every process that meets a foreign clause)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        identifier = _from_unpacked(MODEL_DIR / MODEL_FILE, LanguageIdentifier)
        if identifier is not None and [identifier.classify(text)[0] for text in _PROBES] == _PROBE_LANGUAGES:
            return identifier
    except Exception:  # noqa: BLE001 - another py3langid's layout, a damaged or unwritable cache: its own loader
        pass
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_PROBES = ("Die Lizenz gilt nur für die Forschung und nicht für den Handel.", "La licence ne permet pas un usage commercial.",
           "The licence does not permit any commercial use of the model.")
_PROBE_LANGUAGES = ["de", "fr", "en"]


def _from_unpacked(packed: Any, kind: Any) -> Any:
    """An identifier from ``packed`` (py3langid's npz+LZMA model) unpacked once into the cache folder; None when its
    layout is not the one known here."""
    import lzma
    import os

    import numpy as np
    from py3langid import modelio

    from .identify import cache_dir

    stat = packed.stat()
    unpacked = cache_dir() / "langid" / f"model-{stat.st_size}-{stat.st_mtime_ns}.npz"
    if not unpacked.is_file():
        unpacked.parent.mkdir(parents=True, exist_ok=True)
        temporary = unpacked.with_name(f".{unpacked.name}.{os.getpid()}.tmp")
        with lzma.open(packed) as source, open(temporary, "wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
        os.replace(temporary, unpacked)
        for stale in unpacked.parent.glob("model-*.npz"):  # the unpacked model of a py3langid installed before
            if stale != unpacked:
                stale.unlink(missing_ok=True)
    with np.load(unpacked, allow_pickle=False) as data:
        if not {"ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat"} <= set(data.files):
            return None
        return kind(np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(), modelio._to_array(data["nextmove"]),
                    data["out_feat"].tolist(), norm_probs=True, tk_row=modelio._to_array(data["nextmove_row"]))


def clause_languages(texts: Sequence[str]) -> list[str]:
    """The language of each clause; a clause too short to judge takes the one before it (else the next one)."""
    found = [clause_language(text) for text in texts]
    previous = next((language for language in found if language is not None), ENGLISH)
    for position, language in enumerate(found):
        if language is None:
            found[position] = previous
        else:
            previous = language
    return [language or ENGLISH for language in found]


def language_report(spans: Sequence[tuple[int, int]], languages: Sequence[str]) -> LanguageReport:
    """Merge clause languages (with their character spans) into runs, the main language and the English share."""
    sizes: dict[str, int] = {}
    runs: list[LanguageSpan] = []
    previous = ENGLISH
    for (start, end), language in zip(spans, languages):
        sizes[language] = sizes.get(language, 0) + (end - start)
        if language != ENGLISH and language == previous:
            runs[-1] = LanguageSpan(runs[-1].start, end, language)
        elif language != ENGLISH:
            runs.append(LanguageSpan(start, end, language))
        previous = language
    total = sum(sizes.values()) or 1
    main = max(sizes, key=lambda language: sizes[language]) if sizes else UNDETERMINED
    return LanguageReport(main, sizes.get(ENGLISH, 0) / total, tuple(runs))
