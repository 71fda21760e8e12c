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
  non-commercial") and narrows it by no word (not, only, except, without,
  permission, a fee ...) withholds no commercial use: it loses
  ``commercial-ban``.

* **A cap on liability is no user cap.** An amount that limits the
  licensor's liability, damages or fees ("total liability will not exceed
  US$100") compares nothing of the licensee's scale: a clause of that kind that
  names no scale (users, revenue, turnover, staff) loses ``user-count-cap``.

* **An address is no territory.** A clause that places a party by its address
  ("Published by X, 9 Saltcote Road, Rye TN99 7QQ, England") and restricts by no
  word loses ``territorial``.

The first ruling never takes a clause's last blocking label: the clause it
changes still restricts, so no verdict becomes open by it. The third takes only
a ban the clause's own words deny. The second only adds a restriction.
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
    if "commercial-ban" in present and _COMMERCIAL_INCLUDED.search(text):
        rest = _COMMERCIAL_INCLUDED.sub(" ", text)
        if not re.search(r"commerc", rest, re.IGNORECASE) and not _OUTRIGHT_SCOPE.search(rest) and not _WITHHELD.search(rest):
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
    """
    present = set(labels)
    if ("use-case-limit" not in present and _USE_POLICY.search(text) and _BINDS.search(text) and not _NEGATED.search(text)
            and not _OTHER_POLICY.search(text)):
        return {"use-case-limit"}
    return set()


# a threshold is a number the licensee's scale is compared with, not a price ("a commercial licence costs $200")
_COMPARED = re.compile(
    r"\b(?:exceed\w*|more\s+than|over|above|greater\s+than|at\s+least|fewer\s+than|less\s+than|below|under|up\s+to|reach\w*|"
    r"surpass\w*|or\s+more|or\s+fewer|or\s+less|beyond)\b",
    re.IGNORECASE,
)


def _states_threshold(text: str) -> bool:
    from .parameters import scale_threshold

    return bool(_COMPARED.search(text)) and bool(scale_threshold(text).get("threshold"))
