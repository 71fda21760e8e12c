"""Clauses that restrict nothing by their form: their blocking labels are the n-grams' mistake, and are set aside.

The classifier reads words, not what a sentence does with them: "'Derivative
Model' means a model made by modifying or fine-tuning the Model" shares the
words of a ban on derivatives; "You may use Outputs for any purpose, including
to train other models" those of a ban on training with outputs. Four forms
restrict nothing whatever their words (the guidelines: definitions are `other`
unless the definition itself restricts; a clause that widens a grant is
`grant`):

* a **definition** ("X" means ...) whose body has no word that restricts (not,
  only, except, must, subject to, deemed, research, revocable, updated, more
  than, resident ...);
* a **savings clause** for the licensee ("Nothing in this Section stops /
  prevents / limits you from ..."; not one that keeps a power of the licensor's);
* a **pure permission** ("You may ...", "You are free to ...") with no such
  word, no number and no place;
* an **item of a granted list** ("We grant you the right to: (a) use, copy and
  run the Model; (b) create Adapted Materials;") whose lead-in grants and
  negates nothing and whose own words restrict nothing.

Only blocking labels are set aside (conditions and neutral labels stay), and
only in the analysis of a text as a whole: the edit check of a known license
reads the classifier's scores itself. On the annotated corpus's out-of-fold
scores these forms cover 500-odd clauses and none of their gold blocking
labels (``benchmarks/exp_permissive.py``).
"""

from __future__ import annotations

import functools
import re

from .taxonomy import BLOCKING_LABELS, CONDITION_LABELS

_NUMBERING = r"^\s*(?:\(?[0-9a-z]{1,4}[.)]\s+|\d+(?:\.\d+)*\.?\s+)?"
_NUMBER = re.compile(_NUMBERING)  # a clause's own number ("2.2", "(b)") is no number of users
# "X" means / refers to / includes ...; "X": ... (a glossary line, after a number or a bullet)
_DEFINITION = re.compile(r"^\s*(?:[-*•–]\s+)?" + _NUMBERING[1:] + r"[\"“'‘]([A-Z][\w /-]{1,60}?)[\"”'’](?:,?\s+(?:shall\s+)?"
                         r"(?:means?|refers?\s+to|is\s+defined\s+as|includes?|has\s+the\s+meaning)\b|\s*:\s)")
_BOILERPLATE = re.compile(r"\b(?:including|includes?)\s*,?\s*(?:but\s+not\s+limited\s+to|without\s+limitation)\b|\bwithout\s+limitation\b", re.IGNORECASE)
# words by which a definition restricts ("Permitted Purpose means non-commercial research only")
_DEFINITION_RESTRICTS = re.compile(
    r"\b(?:not|no|never|nor|only|solely|exclusively|except|excluding|unless|prohibit\w*|forbid\w*|limited\s+to|must|shall|"
    r"requir\w*|subject\s+to|bound|deemed|non[\s-]*commercial|research|academic|evaluat\w*|personal|internal|revocabl\w*|"
    r"revok\w*|terminat\w*|suspend\w*|updat\w*|amend\w*|revis\w*|from\s+time\s+to\s+time|at\s+any\s+time|discretion|"
    r"exceed\w*|more\s+than|fewer\s+than|less\s+than|up\s+to|resid\w*|domicil\w*|located|outside|other\s+than|but\s+not|save|"
    r"treated\s+as|regarded\s+as|considered|same\s+(?:terms|restrictions|limitations|conditions))\b",
    re.IGNORECASE,
)
# a permission that says no permission, fee or licence is needed ("without asking us", "no separate licence is required")
_NOTHING_NEEDED = re.compile(
    r"\bwithout\s+(?:first\s+)?(?:asking|paying|notifying|seeking|obtaining|needing|having\s+to|the\s+need\s+to|any\s+(?:need|fee|payment|royalt\w*|"
    r"permission|consent|approval|licen[cs]e))\b[^.;,]{0,40}|\bno\s+(?:separate\s+|additional\s+|further\s+|other\s+)?(?:commercial\s+)?"
    r"(?:licen[cs]e|permission|consent|approval|fee|payment|royalt\w*|registration)\s+(?:\w+\s+){0,3}?(?:is|are|will\s+be|shall\s+be)\s+"
    r"(?:required|needed|necessary|due|payable)\b",
    re.IGNORECASE,
)
_SAVINGS = re.compile(_NUMBERING + r"nothing\s+in\s+(?:this|these|the)\b[^.;:]{0,60}?\b(?:stops?|prevents?|restricts?|limits?|prohibits?|precludes?|forbids?|bars?)\s+"
    r"(?:you|licensees?|recipients?|users?|anyone|any\s+person)\b",  # a savings clause for the licensee, not for the licensor's powers
    re.IGNORECASE,
)
_PERMISSION = re.compile(
    r"\b(?:you|licensee|recipients?|users?|anyone|everyone)\s+(?:may|can|(?:are|is)\s+(?:free|permitted|allowed|entitled)\s+to)\b", re.IGNORECASE
)
# words by which a permission is narrowed, conditioned or withheld
_NARROWS = re.compile(
    r"\b(?:not|no|never|nor|none|only|solely|exclusively|except|excluding|unless|without|prohibit\w*|forbid\w*|restrict\w*|"
    r"limit\w*|must|shall|requir\w*|obligat\w*|subject\s+to|provided|condition\w*|bound|deemed|non[\s-]*commercial|research|"
    r"academic|evaluat\w*|personal|internal|educational|revoc\w*|revok\w*|terminat\w*|suspend\w*|withdraw\w*|discretion|"
    r"permission|permit\w*|consent|approv\w*|authori[sz]\w*|exceed\w*|more\s+than|fewer\s+than|less\s+than|up\s+to|resid\w*|"
    r"domicil\w*|located|outside|within|comply|agree\w*|as\s+long\s+as|if|when|where|until|other\s+than|but|save|apart\s+from|"
    r"one|single|two|three|ten|hundred|"
    r"thousand|million|billion)\b|\d",
    re.IGNORECASE,
)
# a permission in the passive ("Use for commercial purposes is permitted"): its own word is no narrowing
_PASSIVE_PERMISSION = re.compile(r"\b(?:is|are)\s+(?:hereby\s+|expressly\s+|also\s+)?(?:permitted|allowed)\b", re.IGNORECASE)
# a thing said to fall outside a defined term ("Outputs are not Derivatives", "... shall not be deemed a Derivative Work")
_NOT_A_TERM = re.compile(
    _NUMBERING + r"(?P<subject>[^.;:]{1,80}?)\s+(?:(?:is|are)\s+not|(?:shall|will)\s+not\s+be|do(?:es)?\s+not\s+(?:count|qualify)\s+as)\s+"
    r"(?:(?:deemed|considered|treated\s+as|regarded\s+as)\s+)?(?:a\s+|an\s+|the\s+|part\s+of\s+(?:the\s+)?)?[\"“'‘]?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}"
    r"[\"”'’]?(?:\s+(?:for\s+the\s+purposes\s+of|under)\s+(?:this|these)\s+\w+)?\s*[.;]?\s*$"
)
_PARTY = re.compile(r"\b(?:you|your|licensees?|users?|persons?|people|individuals?|entit(?:y|ies)|organi[sz]ations?|compan(?:y|ies)|"
                    r"competitors?|businesses|governments?|agenc(?:y|ies)|residents?|citizens?|members?|customers?|recipients?|anyone|"
                    r"whoever|parties|party|affiliates?|employees?)\b", re.IGNORECASE)
# the licensor takes nothing ("claims no ownership of any Output") or the licensee owes nothing ("You are not obliged
# to publish ..."): the form's own "no" / "not" restricts nothing
# the licensee told of a duty it does not have ("You are not required to", "You do not have to", "You need not")
_OWES_NOTHING = (r"(?:you|licensees?|recipients?|users?)\s+(?:(?:are|is|will\s+be|shall\s+be)\s+not\s+(?:obliged|required|obligated|bound)\s+to"
                 r"|(?:have|has)\s+no\s+(?:obligation|duty)\s+to|(?:do\s+not|don['’]t|does\s+not|doesn['’]t)\s+(?:have|need)\s+to|need\s+not|needn['’]t)\b")
_TAKES_OR_OWES_NOTHING = re.compile(
    r"\b(?:claims?|asserts?|takes?|acquires?|obtains?)\s+no\s+(?:ownership|rights?|title|interest|claim)\b"
    r"|\b(?:does|do|will|shall)\s+not\s+(?:claim|assert|acquire|take|obtain)\s+(?:any\s+)?(?:ownership|rights?|title|interest|claim)\b"
    # the licensor waives payment: "We will never ask for royalties on Outputs", "we do not charge any fee for ..."
    r"|\b(?:we|licensor|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})\s+(?:(?:does|do|will|shall)\s+(?:not|never)|never)\s+(?:ask\s+for|charge|claim|demand|"
    r"request|seek|collect|require)\s+(?:any\s+|a\s+)?(?:royalt(?:y|ies)|fees?|payments?|compensation|share\s+of\s+(?:the\s+)?revenues?)\b"
    r"|\b" + _OWES_NOTHING,
    re.IGNORECASE,
)
# a duty the licensee is told it does not have, opening the clause ("You do not have to credit us, ...")
_NO_DUTY = re.compile(_NUMBERING + _OWES_NOTHING, re.IGNORECASE)
# a licensee answering for its own use or outputs is a disclaimer's words, not a restriction
_OWN_RESPONSIBILITY = re.compile(r"\b(?:you|licensees?|users?)\s+(?:shall|will|are|is|must)\s+(?:be\s+)?(?:solely\s+|fully\s+|entirely\s+)?"
                                 r"responsible\s+for\b", re.IGNORECASE)
# a clause that only puts on the licensee the responsibility, risk or liability for its own use and what it makes
# ("You shall bear all responsibility for your use of the Model and for the content it generates")
_BEARS_RESPONSIBILITY = re.compile(
    _NUMBERING + r"(?:you|licensees?|users?|the\s+licensee|the\s+user)\s+(?:(?:shall|will|must|agrees?\s+to)\s+)?(?:(?:bear|bears|assume|assumes|accept|accepts)\s+"
    r"(?:all|sole|full|the\s+entire|any\s+and\s+all|every)?\s*(?:the\s+)?(?:legal\s+)?(?:responsibility|responsibilities|risks?|liability)"
    r"|(?:are|is|will\s+be|shall\s+be)\s+(?:solely\s+|fully\s+|entirely\s+|wholly\s+)?(?:responsible|liable|accountable))\s+(?:for|of)\b",
    re.IGNORECASE,
)
# taxonomy v1.1: a pure notice or registration after which commercial use is granted free of charge, with no approval
# step, is `other` ("Registration is acknowledged automatically, needs no approval"; "will not review or approve it")
_URLISH = re.compile(r"\S+@\S+|https?://\S+|\bwww\.\S+")
_REGISTRATION = re.compile(r"\bregist(?:er|ers|ered|ering|ration)\b|\bsign(?:s|ed|ing)?\s+up\b|\bnotify\b|\bnotification\b", re.IGNORECASE)
_NO_APPROVAL = re.compile(
    r"\b(?:no|not|without|never|nor)\b(?:\s+\w+){0,4}?\s+(?:review\w*|approv\w*|consent|permission|authori[sz]\w*)\b"
    r"|\b(?:acknowledged|granted|confirmed)\s+automatically\b|\btakes?\s+effect\s+(?:immediately|automatically)\b",
    re.IGNORECASE,
)
_REGISTRATION_NARROWS = re.compile(
    r"non[\s-]*commercial|\b(?:research|academic|evaluat\w*|testing|personal|internal|educational|prohibit\w*|forbid\w*|refus\w*|"
    r"reject\w*|deny|denied|revok\w*|revoc\w*|terminat\w*|suspend\w*|exceed\w*|more\s+than|fewer\s+than|less\s+than|up\s+to|"
    r"royalt\w*|payment|pay|paid|fees?|may\s+not|shall\s+not|must\s+not|cannot|only\s+(?:after|once|if|when|upon))\b",
    re.IGNORECASE,
)
_GRANTING_LEAD = re.compile(r"\b(?:grants?|granted|may|permission\s+to|rights?\s+to|free\s+to|permitted\s+to|allowed\s+to)\b", re.IGNORECASE)
_NEGATING_LEAD = re.compile(r"\b(?:not|no|never|nor|except|only|solely|prohibit\w*|forbid\w*|restrict\w*|refrain|agree\w*)\b|n't\b", re.IGNORECASE)


# the words of a prohibition list's lead-in that say nothing of what is forbidden
_LEAD_IN_FRAME = frozenset("""
    you your yourself licensee licensees user users recipient recipients we i it its they them their these those this that
    agree agrees undertake undertakes covenant covenants acknowledge to not never nor shall must will may cannot can do does
    is are be hereby also further either whether directly indirectly use used using uses deploy run distribute distributing
    or and of in for on with by as at from through via under the a an any all each such following ways way manner means
    purposes purpose activities activity model models derivative derivatives modified modification modifications material
    materials software weights output outputs work works version versions thereof copy copies licensed complementary
    permit permits allow allows enable enables authorize authorise encourage assist help cause anyone else others other
    third party parties person persons entity entities one individual individuals
""".split())
_NEGATION = re.compile(r"\b(?:not|never|nor|cannot)\b|n['’]t\b", re.IGNORECASE)


def is_bare_lead_in(text: str) -> bool:
    """Whether a clause is the lead-in of a list of prohibitions in the frame's words only (a party, a negated duty, the
    licensed material, "the following"): what it forbids is said by its items.

    >>> is_bare_lead_in("5.1 You shall not use the Model or Derivative Model to do the following:")
    True
    >>> is_bare_lead_in("You must not use the Model or any Modified Model, or permit anyone else to use them:")
    True
    >>> is_bare_lead_in("You must not use the Model for commercial purposes, such as:")
    False
    >>> is_bare_lead_in("You may not use the Model in any of the following regions:")
    False
    >>> is_bare_lead_in("You agree to:")
    False
    """
    body = _NUMBER.sub("", text, count=1).rstrip()
    if not body.endswith(":") or not _NEGATION.search(body):
        return False
    words = re.findall(r"[a-z]+", _NEGATION.sub(" ", body.lower()))
    return bool(words) and all(word in _LEAD_IN_FRAME for word in words)


def is_definition(text: str) -> bool:
    """Whether a clause is a definition ("X" means ...; "X": ...), whatever it defines.

    >>> is_definition('3.1.12.2.1.  "Wanton" means with reckless disregard for damage.'), is_definition("You may not use it.")
    (True, False)
    """
    return bool(_DEFINITION.match(text))


@functools.cache
def _place() -> re.Pattern[str]:
    from .parameters import places

    return places()


def restricts_nothing(text: str, lead_in: str = "") -> bool:
    """Whether a clause has a form that restricts nothing: a definition, a savings clause, a pure permission, or an
    item of a granted list (``lead_in``: for a list item, the sentence that introduced its list,
    :func:`licensecheck.classify.lead_ins`; "" for any other clause).

    >>> restricts_nothing('1.2 "Derivative Model" means a model made by modifying or fine-tuning the Model.')
    True
    >>> restricts_nothing('"Permitted Purpose" means non-commercial research only.')
    False
    >>> restricts_nothing('- "Modified Model": any model made by retraining or compressing the Model.')
    True
    >>> restricts_nothing("You may use Outputs for any purpose, including to train other models.")
    True
    >>> restricts_nothing("You may use the Model for research purposes.")
    False
    >>> restricts_nothing("You may sell services built on it, and no separate licence from us is required.")
    True
    >>> restricts_nothing("You may use the Model commercially without asking us, but only in Canada.")
    False
    >>> restricts_nothing("(b) create Adapted Materials;", "the Steward grants you the right to:")
    True
    >>> restricts_nothing("(b) fine-tune the Model;", "You agree not to:")
    False
    >>> restricts_nothing("4.2 Images made with the Model are not Derivatives.")
    True
    >>> restricts_nothing("Outputs are not Derivatives unless you sell them.")
    False
    >>> restricts_nothing("Companies that compete with us are not Licensees.")
    False
    >>> restricts_nothing("We claim no ownership of Outputs, and you are responsible for how you use them.")
    True
    >>> restricts_nothing("Outputs are not Derivatives, and we claim no ownership of them.")
    True
    >>> restricts_nothing("Outputs are not Derivatives, and you must not sell them.")
    False
    >>> restricts_nothing("4.3 You shall bear all responsibility for the use of this Model by you, and for the Generated Content produced by such use.")
    True
    >>> restricts_nothing("You are solely responsible for ensuring that no Output is used to identify a person.")
    False
    >>> restricts_nothing("4.2 We will never ask for royalties on Outputs, or on products built with them.")
    True
    >>> restricts_nothing("The Steward will not charge any fee for research use.")
    False
    >>> restricts_nothing("You are not required to publish your changes.")
    True
    >>> restricts_nothing("Commercial use is permitted, and no separate licence is needed for it.")
    True
    >>> restricts_nothing("Commercial use is permitted only with our written approval.")
    False
    >>> restricts_nothing("Registration is acknowledged automatically and needs no approval; commercial use is then free of charge.")
    True
    >>> restricts_nothing("Commercial use needs registration; we will not review it, but only entities with fewer than 50 staff may register.")
    False
    """
    if _has_free_form(text, lead_in):
        return True
    parts = _JOINED.split(_NUMBER.sub("", text, count=1).strip())  # "Outputs are not Derivatives, and we claim no ..."
    return len(parts) > 1 and not lead_in and all(_has_free_form(part) for part in parts)


_JOINED = re.compile(r"\s*;\s*(?:and\s+)?|,\s+and\s+(?=[A-Z]|(?:we|you|the|it|they)\b)")


def _has_free_form(text: str, lead_in: str = "") -> bool:
    body = _BOILERPLATE.sub(" ", text)
    definition = _DEFINITION.match(body)
    unnumbered = _NUMBER.sub("", body, count=1)
    if definition:
        return not _DEFINITION_RESTRICTS.search(body[definition.end():])
    if _SAVINGS.match(body):
        return True
    if _REGISTRATION.search(unnumbered) and _NO_APPROVAL.search(unnumbered):
        rest = _NO_APPROVAL.sub(" ", unnumbered)
        return not _REGISTRATION_NARROWS.search(rest) and not _place().search(rest) and not re.search(r"\d", _URLISH.sub(" ", rest))
    excluded = _NOT_A_TERM.match(body)
    if excluded:  # a thing, not a party: "Competitors are not Licensees" keeps someone out
        return _frees(excluded.group("subject")) and not _PARTY.search(excluded.group(0))
    responsibility = _BEARS_RESPONSIBILITY.match(body)
    if responsibility:
        return _frees(body[responsibility.end():])
    if _TAKES_OR_OWES_NOTHING.search(unnumbered):
        return _frees(_OWN_RESPONSIBILITY.sub(" ", _TAKES_OR_OWES_NOTHING.sub(" ", unnumbered)))
    if _PASSIVE_PERMISSION.search(unnumbered):
        return _frees(_PASSIVE_PERMISSION.sub(" ", _NOTHING_NEEDED.sub(" ", unnumbered)))
    if _PERMISSION.search(unnumbered):
        return _frees(_NOTHING_NEEDED.sub(" ", unnumbered))
    plain = not _NARROWS.search(unnumbered) and not _place().search(unnumbered)
    if lead_in:
        return plain and bool(_GRANTING_LEAD.search(lead_in)) and not _NEGATING_LEAD.search(lead_in)
    return False


def _frees(rest: str) -> bool:
    """Whether what is left of a clause once its form's own words are taken out narrows, conditions or places nothing."""
    return not _NARROWS.search(rest) and not _place().search(rest)


def without_blocking(labels: tuple, text: str, lead_in: str = "") -> tuple:
    """``labels`` (objects with a ``label`` name) less the blocking ones, when the clause restricts nothing by its form;
    less its conditions too when it only tells the licensee of a duty it does not have (:func:`imposes_nothing`)."""
    if not any(item.label in BLOCKING_LABELS or item.label in CONDITION_LABELS for item in labels):
        return labels
    if imposes_nothing(text):
        return tuple(item for item in labels if item.label not in BLOCKING_LABELS and item.label not in CONDITION_LABELS)
    if not any(item.label in BLOCKING_LABELS for item in labels) or not restricts_nothing(text, lead_in):
        return labels
    return tuple(item for item in labels if item.label not in BLOCKING_LABELS)


def imposes_nothing(text: str) -> bool:
    """Whether a clause only tells the licensee of duties it does not have, with no word that narrows what is left
    (it imposes no condition either: "You do not have to credit us or keep this file").

    >>> imposes_nothing("You do not have to credit us, keep this file, or tell us what you built.")
    True
    >>> imposes_nothing("You need not credit us, but you must keep this notice.")
    False
    >>> imposes_nothing("You do not need to give credit when you use the Data only internally.")
    False
    >>> imposes_nothing("You must credit us.")
    False
    """
    duty = _NO_DUTY.match(text)
    return bool(duty) and _frees(text[duty.end():])
