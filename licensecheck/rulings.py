"""The taxonomy's borderline rulings, applied to the labels the scores give one clause.

The classifier scores each label on its own, so a clause can reach the
threshold of two labels the taxonomy tells apart, or miss a label the taxonomy
gives a whole kind of clause. Two rulings are decided by what the clause itself
states, and are applied here:

* **Scale threshold vs commercial ban.** Commercial use that is granted but
  needs a separate licence above a user, employee or revenue threshold is
  ``user-count-cap``, not ``commercial-ban``; ``commercial-ban`` is for a
  licence that withholds commercial use outright (non-commercial, research,
  evaluation, personal use). A clause labelled both, that compares the
  licensee's scale with a threshold ("more than 500 employees") and names no
  outright scope, keeps ``user-count-cap`` only.

* **Acceptable-use policy by reference.** A clause that binds the use to a
  use policy ("must conform to the Responsible Use Policy at URL", "subject
  to our Acceptable Use Policy") is ``use-case-limit``, whatever other words
  it has: the policy is where the forbidden uses are listed.

* **Commercial use included.** A clause that expressly counts commercial use
  in ("for any lawful purpose, including commercial purposes"; "commercial or
  non-commercial"), or says it is free ("Commercial use of the Model is not
  restricted by this License"; "there is no limit on commercial use"), and
  narrows it by no word (not, only, except, without, permission, a fee, a
  licence or plan, a condition such as "once" or "if" ...; "subject to the
  conditions below" points to clauses labelled on their own) withholds no
  commercial use: it loses ``commercial-ban``.

* **A cap on liability is no user cap.** An amount that limits the
  licensor's liability, damages or fees ("total liability will not exceed
  US$100") compares nothing of the licensee's scale: a clause of that kind that
  names no scale (users, revenue, turnover, staff) loses ``user-count-cap``.

* **Improving the model is no revocation.** A clause by which the licensor
  may update, improve or release its model, or is not obliged to, with no word
  that binds the user (an update installed or made mandatory, a remote power
  to disable, the terms or licence changed, use stopped) loses ``revocation``.

* **A copy of the licence is no share-alike.** A clause that has recipients
  given a copy of the licence ("must receive a copy of this Licence"), and says
  nothing of the terms a derivative is licensed under, loses ``share-alike``
  (it is ``attribution``, kind notice).

* **An address is no territory.** A clause that places a party by its address
  ("Published by X, 9 Saltcote Road, Rye TN99 7QQ, England") and restricts by no
  word loses ``territorial``.

* **Revocation, pass-through and the licence's copy as v1.1 words them**
  (given when the scores miss them): a duty to hand recipients a copy of the
  licence (attribution, kind notice); a grant worded "revocable"; the licensor's power to terminate,
  suspend or revoke at will (at any time, for convenience, on so many days'
  notice; not for breach); an amended version of the terms that binds the user;
  a duty to make downstream recipients comply; derivatives deemed to be the
  licensed model.

The first ruling never takes a clause's last blocking label: the clause it
changes still restricts, so no verdict becomes open by it. The third to the
seventh take only a label the clause's own words deny. The second and the
eighth only add a restriction.
"""

from __future__ import annotations

import re
from typing import Iterable

# the scopes that withhold commercial use outright (parameters._SCOPES, less "a separate or prior permission")
_OUTRIGHT_SCOPE = re.compile(
    r"non-?\s?commercial|\bresearch\b|\bacademic\b|\bscientific\b|\beducational\b|\bevaluat|\btesting\b|\bnon-?\s?production\b"
    r"|\bpersonal\b|\bhobby\b|\bprivate\s+use\b|\binternal\s+(?:use|purposes)\b",
    re.IGNORECASE,
)


def ruled_out(labels: Iterable[str], text: str) -> set[str]:
    """The labels of ``labels`` that a borderline ruling takes from a clause reading ``text``.

    >>> sorted(ruled_out(["commercial-ban", "user-count-cap"],
    ...     "A company with more than 500 employees may use the Software only under a separate commercial licence."))
    ['commercial-ban']
    >>> sorted(ruled_out(["commercial-ban", "user-count-cap"],
    ...     "Non-commercial use only; more than 10 users need a paid licence."))
    []
    >>> sorted(ruled_out(["commercial-ban"], "Commercial use needs our written approval."))
    []
    >>> sorted(ruled_out(["commercial-ban", "user-count-cap"], "A commercial licence costs USD 200; buy one to sell the Software."))
    []
    >>> sorted(ruled_out(["commercial-ban"], "We grant You a limited licence to run the Model for any lawful purpose, including commercial purposes."))
    ['commercial-ban']
    >>> sorted(ruled_out(["commercial-ban"], "You may not use the Model for any purpose, including commercial purposes, without our consent."))
    []
    >>> sorted(ruled_out(["commercial-ban"], "If you use it at your place of business or for commercial purposes, please register and purchase it."))
    []
    >>> sorted(ruled_out(["commercial-ban"], "3.2 Commercial use of the Model is not restricted by this License as such; it is subject only to the conditions below."))
    ['commercial-ban']
    >>> sorted(ruled_out(["commercial-ban"], "Commercial use is permitted only for holders of a Business Plan."))
    []
    >>> sorted(ruled_out(["commercial-ban"], "Commercial use of the Weights is not restricted once you have registered."))
    []
    >>> sorted(ruled_out(["revocation"], "Kestrel Labs may update the Model from time to time, but is not obliged to do so."))
    ['revocation']
    >>> sorted(ruled_out(["revocation"], "The software may periodically check for updates, and download and install them for you."))
    []
    >>> sorted(ruled_out(["share-alike", "attribution"], "5.1 Anyone with whom You share the Model or a Derivative must receive a copy of this Licence."))
    ['share-alike']
    >>> sorted(ruled_out(["share-alike"], "You must give recipients a copy of this License and license your changes under the same terms."))
    []
    >>> sorted(ruled_out(["user-count-cap"], "OUR TOTAL LIABILITY WILL NOT EXCEED ONE HUNDRED U.S. DOLLARS (US$100)."))
    ['user-count-cap']
    >>> sorted(ruled_out(["user-count-cap"], "Licensees with annual revenue over USD 10 million are liable for a fee."))
    []
    >>> sorted(ruled_out(["territorial"], "Published by the Quarry Trust, 9 Saltcote Road, Rye TN99 7QQ, England."))
    ['territorial']
    >>> sorted(ruled_out(["territorial"], "The Model may not be used by residents of France; write to us at 9 Saltcote Road, Rye."))
    []
    """
    present = set(labels)
    if {"commercial-ban", "user-count-cap"} <= present and not _OUTRIGHT_SCOPE.search(text) and _states_threshold(text):
        return {"commercial-ban"}
    ruled = set()
    if "user-count-cap" in present and _LIABILITY.search(text) and not _SCALE.search(text):
        ruled.add("user-count-cap")
    if "territorial" in present and _ADDRESS.search(text) and not _PLACE_RESTRICTS.search(_ADDRESS.sub(" ", text)):
        ruled.add("territorial")
    if "revocation" in present and _MAINTAINS.search(text) and not _BINDS_USER.search(text):
        ruled.add("revocation")
    if "share-alike" in present and _COPY_OF_LICENCE.search(text) and not _RELICENSED.search(_COPY_OF_LICENCE.sub(" ", text)):
        ruled.add("share-alike")
    free = "commercial-ban" in present and _COMMERCIAL_FREE.search(text)
    if "commercial-ban" in present and (_COMMERCIAL_INCLUDED.search(text) or free):
        rest = _SUBJECT_TO_TERMS.sub(" ", _COMMERCIAL_FREE.sub(" ", _COMMERCIAL_INCLUDED.sub(" ", text)))
        if (not re.search(r"commerc", rest, re.IGNORECASE) and not _OUTRIGHT_SCOPE.search(rest) and not _WITHHELD.search(rest)
                and not (free and _TIED.search(rest))):
            ruled.add("commercial-ban")
    return ruled


_LIABILITY = re.compile(r"\bliab(?:ility|ilities|le)\b|\bdamages\b|\bindemnif\w*|\brefund\w*", re.IGNORECASE)
_SCALE = re.compile(r"\busers?\b|\brevenues?\b|\bturnover\b|\bincome\b|\bsales\b|\bemployees?\b|\bstaff\b|\bheadcount\b|"
                    r"\bsubscribers?\b|\bcustomers?\b|\bfunding\b|\bvaluation\b|\bseats?\b", re.IGNORECASE)
# a street address: a house number and a street word, or a postcode after a town ("9 Saltcote Road", "Suite 410", "TN99 7QQ")
_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w'’-]*\s+){1,4}(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Boulevard|Blvd|Way|Drive|Dr|Court|Place|"
    r"Square|Quay|Row|Parkway|Terrace|Crescent|Close|Strasse|Straße|Gasse|Platz|Weg|Rue|Via|Calle)\b[^.;]*"
    r"|\b(?:Suite|Floor|Unit|Building|Room)\s+\d+[^.;]*",
)
# words by which a clause restricts by place, beside an address
_PLACE_RESTRICTS = re.compile(
    r"\b(?:not|no|never|nor|only|solely|outside|within|inside|resid\w*|domicil\w*|located|export\w*|sanction\w*|embargo\w*|"
    r"prohibit\w*|forbid\w*|restrict\w*|exclud\w*|except|territor\w*|countr(?:y|ies)|region\w*|jurisdiction\w*|"
    r"must|shall|may)\b",
    re.IGNORECASE,
)


# the licensor free to improve its own model, which binds the user to nothing ("may update the Model from time to
# time, but is not obliged to do so"): no change of terms, no update pushed or made mandatory, no power to disable
_MAINTAINS = re.compile(
    r"\b(?:may|can|might|reserves?\s+the\s+right\s+to|(?:is|are)\s+free\s+to|(?:is|are)\s+(?:not|under\s+no)\s+(?:obliged|obligated|required|"
    r"obligation)\s+to)\s+(?:\w+\s+){0,3}?(?:update|upgrade|improve|release|maintain|provide|publish|support)\w*\b",
    re.IGNORECASE,
)
_BINDS_USER = re.compile(
    r"\b(?:install\w*|download\w*|automatic\w*|mandatory|must|required?|requires|remote\w*|electronic\w*|disabl\w*|throttl\w*|restrict\w*|"
    r"suspend\w*|terminat\w*|revok\w*|revoc\w*|withdraw\w*|latest|supersed\w*|ceas\w*|stop\w*|discontinu\w*|terms|agreement|licen[cs]e\w*|"
    r"polic(?:y|ies)|conditions|you\s+(?:shall|will|agree)|need\s+to)\b"
    r"|\byour\s+(?:[\w’'-]+\s+){0,5}?(?:systems?|devices?|computers?|machines?|copy|copies|installations?|deployments?)\b",  # pushed onto the user's copy
    re.IGNORECASE,
)


# a copy of the licence handed on ("must receive a copy of this Licence") is a notice (attribution), not the terms
# a derivative is licensed under; beside it, the words that would license one under the same terms
_COPY = r"\b(?:a\s+)?cop(?:y|ies)\s+of\s+(?:this|the)\s+(?:licen[cs]e|agreement)\b"
_COPY_OF_LICENCE = re.compile(_COPY, re.IGNORECASE)
# the duty to hand the licence on with what one shares ("must receive a copy of this Licence"): attribution, kind notice;
# a work licensed "under a copy of this Licence" is another matter
_HANDS_ON_COPY = re.compile(r"\b(?:must|shall|will|agree\s+to|(?:is|are)\s+required\s+to)\b[^.;]{0,120}?" + _COPY, re.IGNORECASE)
_UNDER_A_COPY = re.compile(r"\bunder\s+(?:a\s+)?cop(?:y|ies)\s+of\b", re.IGNORECASE)
_RELICENSED = re.compile(
    r"\bunder\b|\bterms\b|\bsame\s+(?:\w+\s+){0,2}?(?:licen[cs]e|conditions)|share\s*-?\s*alike|copyleft|\bsource\b|\bGPL\b|\bLGPL\b|"
    r"compatible|\bgoverned\b",
    re.IGNORECASE,
)


# commercial use counted in: "including commercial purposes", "commercial or non-commercial", "commercially or otherwise"
_COMMERCIAL_INCLUDED = re.compile(
    r"\b(?:including|includes?|such\s+as|whether|both|even)\s+(?:for\s+|in\s+)?(?:a\s+)?commercial(?:ly)?\b"
    r"(?:\s+(?:and|or)\s+non-?\s?commercial(?:ly)?)?(?:\s+(?:purposes?|uses?|applications?|settings?|products?|services?))?"
    r"(?:\s+(?:and|or)\s+(?:non-?\s?commercial|otherwise|not)(?:\s+(?:purposes?|uses?))?)?"
    r"|\bcommercial(?:ly)?(?:\s+(?:purposes?|uses?))?\s+(?:or|and)\s+(?:non-?\s?commercial(?:ly)?|otherwise|not)\b(?:\s+(?:purposes?|uses?))?",
    re.IGNORECASE,
)
# words by which a clause withholds or conditions what it counts in
_WITHHELD = re.compile(
    r"\b(?:not|no|never|nor|without|unless|except|excluding|other\s+than|only|solely|exclusively|prior|permission|consent|"
    r"approv\w*|authori[sz]\w*|separate|paid|pay|fees?|royalt\w*|revenue|subscription|purchas\w*|buy|regist\w*|forbid\w*|"
    r"prohibit\w*)\b|n['’]t\b",
    re.IGNORECASE,
)
# beside a statement that commercial use is free, the words that would tie it to a licence, a plan or an event
_TIED = re.compile(
    r"\b(?:licen[cs]e[ds]?|agreement|contract|written|writing|request\w*|appl(?:y|ies|ication)|holders?|plans?|tiers?|"
    r"customers?|members?|partners?|subscrib\w*|upon|once|after|until|if|provided|conditional\w*)\b",
    re.IGNORECASE,
)
# commercial use said to be free of this licence's restrictions: "Commercial use of the Model is not restricted",
# "there is no restriction on commercial use", "This Licence does not limit commercial use"
_COMMERCIAL_USE = r"commercial(?:ly)?\s+(?:use|uses|usage|exploitation|deployment|purposes?|applications?|products?|services?)"
_COMMERCIAL_FREE = re.compile(
    r"\b" + _COMMERCIAL_USE + r"(?:\s+of\s+(?:the\s+|this\s+|any\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)?\s+(?:is|are|shall\s+be|will\s+be)\s+"
    r"(?:hereby\s+|expressly\s+|also\s+|fully\s+)?(?:not\s+(?:restricted|limited|prohibited|forbidden|barred|excluded)"
    r"(?:\s+(?:by|under)\s+(?:this|these|the)\s+\w+(?:\s+as\s+such)?)?|(?:permitted|allowed|welcome|encouraged)\b)"
    r"|\b(?:there\s+(?:is|are)\s+no|without\s+any|with\s+no)\s+(?:restrictions?|limitations?|limits?|prohibitions?)\s+on\s+" + _COMMERCIAL_USE
    + r"|\b(?:does|do|will|shall)\s+not\s+(?:restrict|limit|prohibit|forbid|bar|exclude)\s+" + _COMMERCIAL_USE,
    re.IGNORECASE,
)
# "subject (only) to the conditions below": the conditions are clauses of their own, labelled there
_SUBJECT_TO_TERMS = re.compile(
    r"\b(?:it\s+is\s+|they\s+are\s+)?subject\s+(?:only\s+)?to\s+(?:the\s+)?(?:other\s+)?(?:conditions|restrictions|limitations|terms|"
    r"use\s+restrictions|obligations)(?:\s+(?:below|above|that\s+follow|of\s+this\s+\w+|in\s+(?:section|clause|part)\s+[\w.]+))?",
    re.IGNORECASE,
)


_USE_POLICY = re.compile(
    r"\b(?:acceptable|responsible|prohibited|permitted|usage|use)(?:[\s-]+use)?[\s-]+polic(?:y|ies)\b"
    r"|\b(?:acceptable|responsible)[\s-]+use\s+(?:guidelines|rules|terms|restrictions|standards)\b",
    re.IGNORECASE,
)
_BINDS = re.compile(
    r"\b(?:comply|complies|complying|conform\w*|adhere\w*|abide\w*|follow|observe|bound\s+by|subject\s+to|in\s+accordance\s+with|"
    r"consistent\s+with|governed\s+by|forms?\s+(?:a\s+)?part\s+of|incorporated)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:not|no|never|nothing|nor)\b|n't\b", re.IGNORECASE)
# a policy on something other than what the licensed work may be used for: its names, its data, its support
_OTHER_POLICY = re.compile(r"\b(?:trade\s*marks?|marks|brand\w*|logos?|names?|data|privacy|personal\s+information|cookies?|support|security)\b",
                           re.IGNORECASE)


def ruled_in(labels: Iterable[str], text: str) -> set[str]:
    """The labels a borderline ruling gives a clause reading ``text`` that ``labels`` lack.

    >>> sorted(ruled_in([], "Your use of the Model must conform to the Sable Responsible Use Policy at https://example.org/p."))
    ['use-case-limit']
    >>> sorted(ruled_in([], "The Acceptable Use Policy does not apply to research use."))
    []
    >>> sorted(ruled_in([], "Our Acceptable Use Policy is published at https://example.org/aup."))
    []
    >>> sorted(ruled_in([], "All uses of the Marks shall be in accordance with our trademark usage policy."))
    []
    >>> sorted(ruled_in([], "9.3 Kettleby may terminate this Agreement for convenience at any time on sixty (60) days' written notice."))
    ['revocation']
    >>> sorted(ruled_in([], "You may terminate this Agreement at any time by deleting all copies of the Model."))
    []
    >>> sorted(ruled_in([], "Either party may terminate this Agreement at any time on thirty days' written notice."))
    []
    >>> sorted(ruled_in([], "We may terminate this Licence if you breach it and fail to cure the breach within thirty days' notice."))
    []
    >>> sorted(ruled_in([], "You shall ensure that every person who receives the Model from you complies with Sections 3 and 4."))
    ['pass-through']
    >>> sorted(ruled_in([], "You may license your modifications under your own terms, provided those terms are at least as protective as the restrictions in this Agreement."))
    ['pass-through']
    >>> sorted(ruled_in([], "You may distribute your modifications under your own terms, provided that you comply with this Licence."))
    []
    >>> sorted(ruled_in([], "5.1 Anyone with whom You share the Model or a Derivative must receive a copy of this Licence."))
    ['attribution']
    >>> sorted(ruled_in([], "You need not include a copy of this License with the Model."))
    []
    >>> sorted(ruled_in([], "Subject to these terms, we grant you a revocable, non-exclusive licence to use the Model."))
    ['revocation']
    >>> sorted(ruled_in([], "This licence is perpetual and irrevocable."))
    []
    >>> sorted(ruled_in([], "We will not cache any location except with the End User's express, prior, revocable consent."))
    []
    >>> sorted(ruled_in([], "This obligation of confidentiality will survive termination of this Agreement for any reason."))
    []
    >>> sorted(ruled_in([], "An amended Attachment A is published at https://x.example/a and binds You from the thirtieth day after."))
    ['revocation']
    """
    present = set(labels)
    added = set()
    if ("use-case-limit" not in present and _USE_POLICY.search(text) and _BINDS.search(text) and not _NEGATED.search(text)
            and not _OTHER_POLICY.search(text)):
        added.add("use-case-limit")
    lowered = text.lower()
    if "revocation" not in present and any(word in lowered for word in _REVOCATION_WORDS) and _revocable(text):
        added.add("revocation")
    if ("pass-through" not in present and any(word in lowered for word in _FLOW_DOWN_WORDS)
            and any(_unnegated(pattern, text) for pattern in (_DOWNSTREAM_COMPLY, _DEEMED_THE_MODEL))):
        added.add("pass-through")
    if ("attribution" not in present and "cop" in lowered and _unnegated(_HANDS_ON_COPY, text)
            and not _UNDER_A_COPY.search(text)):
        added.add("attribution")
    if ("pass-through" not in present and any(word in lowered for word in _OWN_TERMS_WORDS) and ("restrict" in lowered or "limitation" in lowered)
            and _unnegated(_OWN_TERMS_KEEP, text)):
        added.add("pass-through")
    return added


# words without one of which the patterns below cannot match (a plain substring test first: most clauses have none)
_REVOCATION_WORDS = ("revoc", "revok", "discontinu", "terminat", "suspend", "withdr", "cancel", "disabl", "restrict", "limit", "amended", "updated", "revised")
_FLOW_DOWN_WORDS = ("ensure", "require", "cause", "oblig", "bind", "make sure", "procure", "deemed", "considered", "treated", "regarded")


def _unnegated(pattern: re.Pattern[str], text: str) -> bool:
    match = pattern.search(text)
    return bool(match) and not _NEGATED.search(match.group(0))


def _revocable(text: str) -> bool:
    """A grant worded revocable; the licensor's power to end or suspend the licence at will; amended terms that bind."""
    revocable = _REVOCABLE.search(text)  # of a licence or a right: a user's "revocable consent" is none
    if revocable and not re.search(r"\birrevocabl", text, re.IGNORECASE) and _WHAT_ENDS.search(text, max(0, revocable.start() - 80), revocable.end() + 80):
        return True
    power = _LICENSOR_ENDS.search(text)
    if power and re.search(_NOT_LICENSOR + r"\b", power.group("subject"), re.IGNORECASE):
        power = None
    power = power or _ENDED_BY_LICENSOR.search(text)
    if power and not _NEGATED.search(power.group(0)) and _WHAT_ENDS.search(text, max(0, power.start() - 80), power.end() + 80):
        sentence = _sentence_of(text, power.end() - 1, power.end())  # "Licensee may terminate for any reason. We may terminate if ..."
        if _AT_WILL.search(sentence) and (not _FOR_BREACH.search(sentence) or _OUTRIGHT_WILL.search(sentence)):
            return True
    return _unnegated(_AMENDED_BINDS, text)


def _sentence_of(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds ``text[start:end]``."""
    before = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start))
    after = [place for place in (text.find(". ", end), text.find("; ", end)) if place >= 0]
    return text[before + 1 : min(after) + 1 if after else len(text)]


_REVOCABLE = re.compile(r"(?<![\w-])(?<!ir)(?<!non-)(?<!non)revocable\b(?!\s*\(?\s*(?:only\s+)?(?:for|upon|on)\s+(?:breach|cause|default))",
                        re.IGNORECASE)
# who may end the licence: the licensor (we, the licensor, a name), not the licensee or either party
_NOT_LICENSOR = (r"(?:you|your|the\s+licensee|licensees?|the\s+customer|customers?|the\s+recipient|recipients?|the\s+user|users?|either|each|"
                 r"both|neither|party|parties|the\s+parties|developers?|subscribers?|clients?|purchasers?|buyers?|members?|partners?|resellers?|"
                 r"distributors?|integrators?|publishers?|contributors?|participants?|end\s+users?|licensee's|termination)")
_DETERMINER = (r"(?:this|these|that|those|the|a|an|any|such|each|all|upon|in|on|after|before|if|when|where|notwithstanding|subject|termination|"
               r"agreement|licen[cs]e|terms|software|program|product|model|materials|section|order|rights?|it|they)")
_LICENSOR_ENDS = re.compile(
    rf"(?<![\w-])(?<!either\s)(?<!each\s)(?<!both\s)(?!{_NOT_LICENSOR}\b)(?!{_DETERMINER}\b)(?P<subject>we|the\s+licensor|licensor|"
    r"(?-i:[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}))\s+(?:may|can|could|will|shall\s+be\s+entitled\s+to|is\s+entitled\s+to|reserves?\s+the\s+right\s+to|"
    r"retains?\s+the\s+right\s+to|has\s+the\s+right\s+to)\s+(?:(?:also|immediately|at\s+any\s+time|unilaterally|temporarily|permanently|then|"
    r"thereafter|either|and|or|,)\s*){0,3}(?:terminat|suspend|revok|withdraw|cancel|disabl|restrict|limit)\w*\b",
    re.IGNORECASE,
)
# the same power in the passive ("Access to the Model may be suspended at our sole discretion")
_ENDED_BY_LICENSOR = re.compile(
    r"\b(?:may|can|will)\s+be\s+(?:\w+\s+)?(?:withdrawn|suspended|revoked|terminated|limited|restricted|discontinued|cancell?ed|disabled)\b",
    re.IGNORECASE,
)
# what is ended: the licence, the agreement, the user's rights or access
_WHAT_ENDS = re.compile(r"\b(?:agreement|licen[cs]es?|rights?|access|account|use|usage|permissions?|grants?|subscriptions?|privilege|terms)\b",
                        re.IGNORECASE)
# a power the licensor may use for no reason at all; at will also on notice or at any time
_OUTRIGHT = (r"\bfor\s+convenience\b|\bfor\s+(?:any|no)\s+(?:or\s+no\s+)?reason\b|\bwith\s+or\s+without\s+cause\b|\bwithout\s+cause\b"
             r"|\b(?:in|at)\s+(?:its|our|the\s+licensor'?s)\s+(?:sole\s+|absolute\s+|own\s+)?discretion\b")
_OUTRIGHT_WILL = re.compile(_OUTRIGHT, re.IGNORECASE)
_AT_WILL = re.compile(
    _OUTRIGHT + r"|\bat\s+any\s+time\b|\bwith\s+or\s+without\s+(?:reason|notice)\b|\bwithout\s+(?:reason|giving\s+(?:any\s+)?reasons?)\b"
    r"|\b(?:\d+|seven|ten|fourteen|fifteen|thirty|sixty|ninety)\s+(?:\(\d+\)\s+)?(?:calendar\s+)?days['’]?\s+(?:prior\s+|advance\s+)?(?:written\s+)?notice\b",
    re.IGNORECASE,
)
# a condition the power waits for: termination for breach or for an event is not at will
_FOR_BREACH = re.compile(r"\bbreach\w*|\bviolat\w*|\bfail\w*\s+to\s+comply|\bnon-?\s?compliance|\bif\b|\bunless\b|\bshould\s+you\b|\bin\s+the\s+event\b"
                         r"|\boccurrence\b|\bbankrupt|\binsolven", re.IGNORECASE)
_DOCUMENT = r"(?:terms|agreement|licen[cs]e|polic(?:y|ies)|attachment(?:\s+[A-Z0-9])?|conditions|provisions|schedule|appendix)"
_AMENDED_BINDS = re.compile(
    rf"\b(?:amended|updated|revised)\s+(?:version\s+of\s+(?:this|the)\s+)?(?:\w+\s+)?{_DOCUMENT}\b(?:[^.;]|\.(?=\S)){{0,200}}?\b(?:binds?\s+(?:you|the\s+licensee|"
    r"licensees?|users?)|appl(?:y|ies)\s+to\s+(?:you|your|all|any|every|existing)|tak(?:es?|ing)\s+effect|becomes?\s+effective)\b",
    re.IGNORECASE,
)
# a duty to make those downstream comply ("You shall ensure that every person who receives the Model ... complies")
_DOWNSTREAM_COMPLY = re.compile(
    r"\b(?:shall|must|will|agree\s+to|are\s+required\s+to|undertake\s+to|should)\s+(?:\w+\s+){0,2}?(?:ensure|require|cause|oblige|obligate|bind|"
    r"make\s+sure|procure|contractually\s+(?:require|bind))\b[^.;]{0,100}?\b(?:recipients?|users?|end[\s-]?users?|licensees?|sub-?licensees?|"
    r"third\s+part(?:y|ies)|persons?|anyone|everyone|customers?|downstream|distributees?|those|whoever)\b[^.;]{0,160}?\b(?:compl(?:y|ies|iance)|"
    r"abide|bound|adhere|observe|accept|agree|respect|honou?r)\b",
    re.IGNORECASE,
)
# terms of one's own allowed only if they keep the use restrictions ("You may license your modifications under your own
# terms, provided those terms are at least as protective as the restrictions in Section 5")
_OWN_TERMS_WORDS = ("own", "additional", "different", "separate", "other terms", "other licen")
_OWN_TERMS_KEEP = re.compile(
    r"\b(?:own|additional|different|other|separate)\s+(?:licen[cs]e\s+|licensing\s+)?(?:terms|licen[cs]es?|conditions|agreements?)\b[^.;]{0,140}?"
    r"\b(?:provided|as\s+long\s+as|so\s+long\s+as|only\s+if|on\s+(?:the\s+)?condition|subject\s+to)\b[^.;]{0,120}?"
    r"\b(?:at\s+least\s+as\s+(?:protective|restrictive|strict|stringent)|no\s+less\s+(?:protective|restrictive|strict|stringent)|consistent\s+with|"
    r"includ\w*|incorporat\w*|keep\w*|retain\w*|preserv\w*|carr(?:y|ies)|reproduc\w*|(?:do|does|will|shall)\s+not\s+(?:conflict|contradict|"
    r"weaken|remove|override|relax|waive))\b[^.;]{0,100}?\b(?:restrictions?|limitations?)\b",
    re.IGNORECASE,
)
# derivatives deemed the licensed model ("Derivatives are deemed to be the Model for the purposes of this Licence")
_DEEMED_THE_MODEL = re.compile(
    r"\b(?:derivatives?|derivative\s+(?:works?|models?)|modified\s+(?:models?|versions?|materials?)|modifications?|fine[\s-]?tun\w*(?:\s+(?:models?|"
    r"versions?))?|adaptations?|adapted\s+(?:models?|materials?))\s+(?:\w+\s+){0,6}?(?:is|are|shall\s+be|will\s+be)\s+(?:also\s+)?(?:deemed|considered|"
    r"treated\s+as|regarded\s+as)\s+(?:to\s+be\s+)?(?:part\s+of\s+|a\s+part\s+of\s+|an?\s+)?(?:the\s+)?(?:licensed\s+)?(?:model|materials?|software|work)\b",
    re.IGNORECASE,
)


# a threshold is a number the licensee's scale is compared with, not a price ("a commercial licence costs $200")
_COMPARED = re.compile(
    r"\b(?:exceed\w*|more\s+than|over|above|greater\s+than|at\s+least|fewer\s+than|less\s+than|below|under|up\s+to|reach\w*|"
    r"surpass\w*|or\s+more|or\s+fewer|or\s+less|beyond)\b",
    re.IGNORECASE,
)


def _states_threshold(text: str) -> bool:
    from .parameters import scale_threshold

    return bool(_COMPARED.search(text)) and bool(scale_threshold(text).get("threshold"))
