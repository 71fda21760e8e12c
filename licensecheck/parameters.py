"""Extract the parameters a lawyer asks for from labelled clauses.

spaCy's token Matcher finds scale thresholds ("700 million monthly active
users", "USD 1,000,000 in annual revenue", "more than 100 employees"); regular
expressions find policy URLs, quoted notice texts and name prefixes; a small
gazetteer finds regions. Everything runs on ``spacy.blank("en")``.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from .classify import LabeledClause
from .lazy import built_once, english, make_doc
from .taxonomy import Label

_MULTIPLIERS = {
    "thousand": 10**3, "k": 10**3, "lakh": 10**5, "lakhs": 10**5, "million": 10**6, "m": 10**6, "mm": 10**6,
    "crore": 10**7, "crores": 10**7, "billion": 10**9, "bn": 10**9,
}
_CURRENCIES = {
    "$": "USD", "usd": "USD", "us$": "USD", "dollars": "USD", "dollar": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "pounds": "GBP",
    "¥": "JPY", "jpy": "JPY", "yen": "JPY", "cny": "CNY", "rmb": "CNY", "yuan": "CNY",
    "chf": "CHF", "cad": "CAD", "aud": "AUD", "inr": "INR", "₹": "INR", "sgd": "SGD",
    "hkd": "HKD", "krw": "KRW", "nzd": "NZD", "brl": "BRL", "rupees": "INR", "rupee": "INR", "₩": "KRW",
}
_USER_METRICS = {
    "monthly active users": "monthly-active-users",
    "mau": "monthly-active-users",
    "maus": "monthly-active-users",
    "dau": "daily-active-users",
    "daus": "daily-active-users",
    "researchers": "users",
    "researcher": "users",
    "monthly active user": "monthly-active-users",
    "daily active users": "daily-active-users",
    "daily active user": "daily-active-users",
    "active users": "active-users",
    "users": "users",
    "user": "users",
    "end users": "users",
    "individuals": "users",
    "people": "users",
    "employees": "employees",
    "employees and contractors": "employees",
    "staff": "employees",
    "workers": "employees",
    "personnel": "employees",
    "persons": "users",
    "device": "devices",
    "seat": "seats",
    "seats": "seats",
    "devices": "devices",
    "installations": "devices",
    "subscribers": "users",
    "customers": "users",
    "developer": "seats",
    "developers": "seats",
    "machine": "devices",
    "machines": "devices",
    "computer": "devices",
    "computers": "devices",
    "screen": "devices",
}
_URL = re.compile(r"https?://[^\s<>()\"'“”]+|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|ai|io|net|dev)/[^\s<>()\"'“”]*", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,120})[\"”]")
_SCOPES = (
    ("research-only", r"\bresearch\b|\bacademic\b|\bscientific\b"),
    ("evaluation-only", r"\bevaluat|\btesting\b|\bnon-production\b|\bnon production\b"),
    ("personal-only", r"\bpersonal\b|\bhobby\b|\bprivate use\b"),
    # taxonomy v1.1: commercial use that needs the licensor's prior authorization, approval or written permission
    ("permission-required", r"\b(?:prior|written|express|separate)\b[^.;]{0,40}\b(?:approval|authori[sz]ation|permission|consent)\b"
                            r"|\b(?:authori[sz]ation|approval|consent)\s+(?:of|from)\s+(?:the\s+)?licensor\b"),
    ("non-commercial", r"non-?\s?commercial|\bcommercial\b"),
)


def _places() -> tuple[str, ...]:
    """The gazetteer of countries, territories and regions (``data/places.txt``), longest names first."""
    from pathlib import Path

    lines = (Path(__file__).parent / "data" / "places.txt").read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return tuple(sorted(dict.fromkeys(names), key=lambda name: (-len(name), name)))


REGIONS = _places()


@built_once
def places() -> re.Pattern[str]:
    """The gazetteer as one case-sensitive pattern (compiled at first use)."""
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(name) for name in REGIONS) + r")(?!\w)")



def extract(labeled: LabeledClause) -> dict[str, dict[str, Any]]:
    """The parameters of one labelled clause, per label (labels without parameters are left out)."""
    return extract_for(labeled.clause.text, labeled.label_names)


def extract_for(text: str, labels: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The parameters of ``text`` for each of ``labels`` (labels without parameters are left out).

    >>> extract_for("not licensed to residents of the European Union", ["territorial", "grant"])
    {'territorial': {'regions': ['European Union']}}
    """
    found: dict[str, dict[str, Any]] = {}
    for label in labels:
        extractor = _EXTRACTORS.get(label)
        params = extractor(text) if extractor else {}
        if params:
            found[label] = params
    return found


def _policy_params(text: str) -> dict[str, Any]:
    url = policy_url(text)
    return {"policy_url": url} if url else {}


def _scope_params(text: str) -> dict[str, Any]:
    return {"scope": commercial_scope(text)}


def _region_params(text: str) -> dict[str, Any]:
    found = regions(text)
    return {"regions": found} if found else {}


def scale_threshold(text: str) -> dict[str, Any]:
    """The user, employee or revenue threshold of a clause: metric, threshold, currency, period.

    When a clause states several thresholds, the first is given and all are
    listed under ``thresholds``.

    >>> scale_threshold("greater than 700 million monthly active users in the preceding calendar month")
    {'metric': 'monthly-active-users', 'threshold': 700000000, 'period': 'month'}
    >>> scale_threshold("annual revenue of more than USD 1,000,000")
    {'metric': 'revenue', 'threshold': 1000000, 'currency': 'USD', 'period': 'year'}
    >>> scale_threshold("if the daily active users of your apps exceed 25,000")
    {'metric': 'daily-active-users', 'threshold': 25000, 'period': 'day'}
    """
    doc = make_doc(spell_numbers(" ".join(text.split())))
    matches = _matcher()(doc)  # one run of the matcher for both kinds of threshold
    found = sorted(_user_thresholds(doc, matches) + _money_thresholds(doc, matches), key=lambda item: item[0])
    distinct: list[dict[str, Any]] = []
    for _, threshold in found:
        if threshold not in distinct:
            distinct.append(threshold)
    if not distinct:
        return {}
    result = dict(distinct[0])
    if len(distinct) > 1:
        result["thresholds"] = distinct
    return result


_UNITS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}
_WORDED = re.compile(
    r"\b(?:(?:a|one)\s+half\s+(?:a\s+)?|half\s+a\s+)?(?:(?:" + "|".join([*_UNITS, *_TENS, *_SCALES, "a", "and"]) + r")(?:[\s-]+|\b)){1,8}",
    re.IGNORECASE,
)
_NUMBER_WORDS = frozenset([*_UNITS, *_TENS, *_SCALES, "half"])  # a worded number holds one of these, as a word of its own
_DIGIT = re.compile(r"\d")
_CURRENCY_PREFIXES = {"us$": "USD", "s$": "SGD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "hk$": "HKD", "nz$": "NZD",
                      "r$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
_CURRENCY_PREFIX = re.compile(r"(?<![\w$])(" + "|".join(re.escape(prefix) for prefix in sorted(_CURRENCY_PREFIXES, key=len, reverse=True)) + r")\s?(?=\d)", re.IGNORECASE)


def spell_numbers(text: str) -> str:
    """Numbers as digits, currency signs as ISO codes, a numeral repeated in brackets said once.

    >>> spell_numbers("more than seven hundred million (700,000,000) monthly active users")
    'more than 700000000 monthly active users'
    >>> spell_numbers("revenue above S$3 million or €500k, half a million users, one hundred million")
    'revenue above SGD 3 million or EUR 500k, 500000 users, 100000000'
    """
    if _NUMBER_WORDS.isdisjoint(re.findall(r"[a-z]+", text.lower())) and not _DIGIT.search(text):
        return text  # no digit and no number word: each rewriting of _spelled would leave the text as it is
    return _spelled(text)


def _spelled(text: str) -> str:
    """:func:`spell_numbers` without its shortcut for a text that holds no number."""
    text = _CURRENCY_PREFIX.sub(lambda match: _CURRENCY_PREFIXES[match.group(1).lower()] + " ", text)

    def worded(match: re.Match[str]) -> str:
        phrase = match.group(0)
        value = _worded_value(phrase)
        if value is None:
            return phrase
        return f"{value}{' ' if phrase[-1:].isspace() else ''}"

    text = _WORDED.sub(worded, text)
    return re.sub(r"\b(\d+)\s*\((\d[\d,.]*)\)", lambda match: match.group(1) if match.group(2).replace(",", "") == match.group(1) else match.group(0), text)


def _worded_value(phrase: str) -> int | None:
    """The value of "seven hundred million", "half a million", "fifty"; None for a phrase that is no number ("a", "and")."""
    words = [word for word in re.split(r"[\s-]+", phrase.lower().strip()) if word and word != "and"]
    half = False
    if words[:3] in (["half", "a"], ["one", "half", "a"]) or words[:2] == ["half", "a"]:
        half, words = True, words[words.index("a") + 1 :]
    elif words[:2] in (["a", "half"], ["one", "half"]):
        half, words = True, words[2:]
    if words and words[0] == "a" and len(words) > 1 and words[1] in _SCALES:
        words = ["one", *words[1:]]
    if not words or any(word not in _UNITS and word not in _TENS and word not in _SCALES for word in words):
        return None
    if not any(word in _UNITS or word in _TENS for word in words) and not half:
        return None  # "hundred" alone, or a stray "million"
    total = current = 0
    for word in words:
        if word in _UNITS or word in _TENS:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * _SCALES[word]
            current = 0
    value = total + current
    return value // 2 if half else value


def _user_thresholds(doc: Any, matches: Any) -> list[tuple[int, dict[str, Any]]]:
    """Counts of users, employees, seats or devices, with the number before or after the metric (``matches``: the
    matcher's on ``doc``)."""
    lowered = doc.text.lower()
    found = []
    for match_id, start, end in matches:
        if doc.vocab.strings[match_id] != "METRIC":
            continue
        metric = _USER_METRICS[" ".join(token.lower_ for token in doc[start:end])]
        if metric == "users" and doc[end - 1].lower_ in {"people", "individuals", "persons"} and re.search(r"\bemploy|\bcontractor|\bstaff", lowered):
            metric = "employees"
        elif metric == "users" and re.search(r"\b(?:in|per|each|any|a)\s+(?:calendar\s+)?month\b", lowered):
            metric = "monthly-active-users"  # users counted per month are monthly active users
        number = _number_before(doc, start) or _number_after(doc, end)
        if number:
            position, value = number
            threshold: dict[str, Any] = {"metric": metric, "threshold": value}
            period = {"monthly-active-users": "month", "daily-active-users": "day"}.get(metric)
            if period:
                threshold["period"] = period
            found.append((position, threshold))
    return found


def _number_before(doc: Any, metric_start: int) -> tuple[int, int] | None:
    """A number standing just before a metric: "700 million monthly active users", "100 or more employees"."""
    index = metric_start - 1
    if index >= 0 and doc[index].lower_ == "single":
        return index, 1
    while index >= 0 and doc[index].lower_ in _QUALIFIERS | _COMPARATIVES:
        index -= 1
    end = index + 1
    while index >= 0 and doc[index].lower_ in _MULTIPLIERS:
        index -= 1
    if index < 0 or not _is_number(doc[index]):
        return None
    value = _number(doc[index:end])
    return (index, value) if value is not None else None


def _number_after(doc: Any, metric_end: int) -> tuple[int, int] | None:
    """A number within a few words after a metric and a comparison: "users ... exceed 300 million"."""
    window = doc[metric_end : metric_end + AFTER_METRIC]
    for offset, token in enumerate(window):
        if token.is_punct and token.text in {".", ";"}:
            return None
        if _is_number(token) and any(word.lower_ in _COMPARISONS for word in window[max(0, offset - 3) : offset]):
            end = offset + 1
            while end < len(window) and window[end].lower_ in _MULTIPLIERS:
                end += 1
            value = _number(window[offset:end])
            counts_something_else = end < len(window) and window[end].lower_ in _USER_METRICS
            priced = any(word.lower_ in _CURRENCIES for word in window[max(0, offset - 1) : end + 1])
            if value is not None and not priced and not counts_something_else:
                return window[offset].i, value
    return None


def _money_thresholds(doc: Any, matches: Any) -> list[tuple[int, dict[str, Any]]]:
    """Revenue or funding amounts with their currency (``matches``: the matcher's on ``doc``)."""
    lowered = doc.text.lower()
    metric = "funding" if re.search(r"\bfunding\b|\braised\b|\binvestment|\bfinancing\b", lowered) and not re.search(r"revenue|turnover|\bearn", lowered) else "revenue"
    found = []
    for match_id, start, end in matches:
        if doc.vocab.strings[match_id] != "MONEY":
            continue
        span = doc[start:end]
        value = _number(span)
        if value is None:
            continue
        currency = next((_CURRENCIES[token.lower_] for token in span if token.lower_ in _CURRENCIES), None)
        currency = currency or next((_CURRENCIES[char] for char in span.text[:1] if char in _CURRENCIES), None)
        threshold: dict[str, Any] = {"metric": metric, "threshold": value}
        if currency:
            threshold["currency"] = currency
        period = _money_period(lowered)
        if period:
            threshold["period"] = period
        found.append((start, threshold))
    return found


def policy_url(text: str) -> str | None:
    """The first URL in a clause, normalised to start with https:// when it has no scheme.

    >>> policy_url("the Acceptable Use Policy (available at https://ai.meta.com/llama/use-policy).")
    'https://ai.meta.com/llama/use-policy'
    """
    match = _URL.search(text)
    if not match:
        return None
    url = match.group(0).rstrip(".,;:]")
    return url if url.lower().startswith("http") else f"https://{url}"


def commercial_scope(text: str) -> str:
    """Which use remains: research-only, evaluation-only, personal-only, permission-required or non-commercial.

    >>> commercial_scope("solely for your non-commercial research purposes")
    'research-only'
    >>> commercial_scope("commercial use requires the prior written authorization of the Licensor")
    'permission-required'
    """
    lowered = text.lower()
    for scope, pattern in _SCOPES:
        if re.search(pattern, lowered):
            return scope
    return "non-commercial"


def attribution_terms(text: str) -> dict[str, Any]:
    """Kind of credit demanded (notice, changes, display, naming) and any required text.

    >>> attribution_terms('prominently display "Built with Llama" on a related website')
    {'kind': 'display', 'text': 'Built with Llama'}
    >>> attribution_terms('you must include "Orca" at the beginning of the name of that model')
    {'kind': 'naming', 'text': 'Orca'}
    """
    lowered = " ".join(text.lower().split())  # a phrase wrapped over lines reads as one
    if re.search(r"\b(name|title)\b.{0,80}\b(begin|start|prefix|include)|\b(beginning|start) of\b.{0,40}\b(name|title)\b", lowered) or "prefix" in lowered:
        kind = "naming"
    elif re.search(r"\bdisplay|\bbuilt with\b|\bpowered by\b|user interface|website", lowered):
        kind = "display"
    elif re.search(r"\bchang(e|ed|es)\b|\bmodif(ied|ications)\b.{0,40}\bnotice", lowered) and "stat" in lowered:
        kind = "changes"
    else:
        kind = "notice"
    result: dict[str, Any] = {"kind": kind}
    quoted = [re.sub(r"\s+", " ", match.group(1)).strip() for match in _QUOTED.finditer(text)]
    if quoted and kind in {"display", "naming"}:
        result["text"] = quoted[0]
    elif quoted and kind == "notice" and max(map(len, quoted)) > 20:
        result["text"] = max(quoted, key=len)
    return result


def regions(text: str) -> list[str]:
    """The countries and regions a clause names, in order of appearance.

    >>> regions("not licensed to residents of the European Union or the United Kingdom")
    ['European Union', 'United Kingdom']
    """
    seen: list[str] = []
    for match in places().finditer(text):
        if match.group() not in seen:
            seen.append(match.group())
    return seen


def _money_period(lowered: str) -> str | None:
    if re.search(r"\bmonthly (gross )?(revenue|turnover)|\bper month\b|\ba month\b|\beach month\b", lowered):
        return "month"
    if re.search(r"\bannual|\byearly\b|\bper year\b|\ba year\b|\beach year\b|\bfiscal year\b|\bfinancial year\b|\btax year\b|\bcalendar year\b|\bper annum\b|\b12 months\b|\btwelve", lowered):
        return "year"
    return None


def _is_number(token: Any) -> bool:
    return bool(token.like_num or re.fullmatch(r"[$€£¥]\d[\d,.]*[kmb]?", token.lower_) or token.lower_ in _WORD_NUMBERS)


def _number(span: Any) -> int | None:
    """The integer a matched span states, e.g. '700 million' -> 700000000, '$1.5M' -> 1500000."""
    value: float | None = None
    for token in span:
        lowered = token.lower_
        if value is None:
            cleaned = lowered.lstrip("$€£¥₹").replace(",", "")
            match = re.fullmatch(r"(\d+(?:\.\d+)?)(k|m|mm|bn|b)?", cleaned)
            if match:
                value = float(match.group(1)) * _MULTIPLIERS.get(match.group(2) or "", 1)
            elif lowered in _WORD_NUMBERS:
                value = float(_WORD_NUMBERS[lowered])
        elif lowered in _MULTIPLIERS:
            value *= _MULTIPLIERS[lowered]
    return int(round(value)) if value is not None else None


_COMPARATIVES = {"or", "more", "fewer", "less", "greater", "above", "over", "than", "up", "to", "most", "least", "at"}
_COMPARISONS = {"exceed", "exceeds", "exceeded", "exceeding", "above", "over", "than", "reach", "reaches", "reached", "passes", "pass", "to", "below",
                "under", "surpass", "surpasses", "surpassed", "surpassing", "top", "tops", "beyond"}
AFTER_METRIC = 30  # "the monthly active users of the products or services offered by you or your affiliates exceed 700,000,000"
_QUALIFIERS = {"total", "unique", "concurrent", "named", "registered", "individual", "authorized", "active", "full-time", "consumer",
               "client", "mobile", "connected", "distinct", "paying"}
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twenty": 20, "fifty": 50, "hundred": 100,
}


_EXTRACTORS: dict[str, Callable[[str], dict[str, Any]]] = {
    Label.USER_COUNT_CAP.value: lambda text: scale_threshold(text),
    Label.USE_CASE_LIMIT.value: _policy_params,
    Label.PASS_THROUGH.value: _policy_params,
    Label.COMMERCIAL_BAN.value: _scope_params,
    Label.ATTRIBUTION.value: lambda text: attribution_terms(text),
    Label.TERRITORIAL.value: _region_params,
}


@built_once
def _matcher() -> Any:
    from spacy.matcher import Matcher

    matcher = Matcher(english().vocab)
    scale = {"LOWER": {"IN": sorted(_MULTIPLIERS)}, "OP": "*"}
    currency = {"LOWER": {"IN": sorted(_CURRENCIES)}}
    number = {"TEXT": {"REGEX": r"^\d[\d,.]*[kKmM]?$"}}
    matcher.add("METRIC", [[{"LOWER": word} for word in metric.split()] for metric in _USER_METRICS], greedy="LONGEST")
    matcher.add(
        "MONEY",
        [
            [currency, number, scale],
            [{"TEXT": {"REGEX": r"^[$€£¥₹]\d[\d,.]*[kKmM]?$"}}, scale],
            [{"TEXT": {"IN": ["$", "€", "£", "¥", "₹"]}}, number, scale],
            [number, scale, currency],
        ],
        greedy="LONGEST",
    )
    return matcher
