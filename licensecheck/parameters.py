"""Extract the parameters a lawyer asks for from labelled clauses.

spaCy's token Matcher finds scale thresholds ("700 million monthly active
users", "USD 1,000,000 in annual revenue", "more than 100 employees"); regular
expressions find policy URLs, quoted notice texts and name prefixes; a small
gazetteer finds regions. Everything runs on ``spacy.blank("en")``.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Callable

from .classify import LabeledClause
from .taxonomy import Label

_MULTIPLIERS = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mm": 10**6, "billion": 10**9, "bn": 10**9, "b": 10**9}
_CURRENCIES = {
    "$": "USD", "usd": "USD", "us$": "USD", "dollars": "USD", "dollar": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "pounds": "GBP",
    "¥": "JPY", "jpy": "JPY", "yen": "JPY", "cny": "CNY", "rmb": "CNY", "yuan": "CNY",
    "chf": "CHF", "cad": "CAD", "aud": "AUD", "inr": "INR",
}
_USER_METRICS = {
    "monthly active users": "monthly-active-users",
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
    "seats": "seats",
    "devices": "devices",
    "installations": "devices",
    "subscribers": "users",
    "customers": "users",
}
_URL = re.compile(r"https?://[^\s<>()\"'“”]+|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|ai|io|net|dev)/[^\s<>()\"'“”]*", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,120})[\"”]")
_SCOPES = (
    ("research-only", r"\bresearch\b|\bacademic\b|\bscientific\b"),
    ("evaluation-only", r"\bevaluat|\btesting\b|\bnon-production\b|\bnon production\b"),
    ("personal-only", r"\bpersonal\b|\bhobby\b|\bprivate use\b"),
    ("non-commercial", r"non-?\s?commercial|\bcommercial\b"),
)
REGIONS = (
    "European Union", "EU", "European Economic Area", "EEA", "United Kingdom", "UK", "United States", "USA",
    "U.S.", "China", "People's Republic of China", "PRC", "Hong Kong", "Macau", "Taiwan", "Russia",
    "Russian Federation", "Belarus", "Iran", "North Korea", "Syria", "Cuba", "Crimea", "Venezuela",
    "Myanmar", "Afghanistan", "India", "Japan", "South Korea", "Korea", "Canada", "Australia", "Brazil",
    "Mexico", "Germany", "France", "Italy", "Spain", "Netherlands", "Switzerland", "Singapore", "Israel",
    "Saudi Arabia", "United Arab Emirates", "Turkey", "Ukraine", "South Africa", "Nigeria", "Egypt",
    "Indonesia", "Vietnam", "Pakistan", "Bangladesh", "Philippines", "Thailand", "Malaysia", "Argentina",
    "Chile", "Colombia", "Peru", "New Zealand", "Norway", "Sweden", "Finland", "Denmark", "Poland",
    "Austria", "Belgium", "Ireland", "Portugal", "Greece", "Czech Republic", "Hungary", "Romania",
    "Africa", "Asia", "Europe", "Latin America", "Middle East", "North America", "South America",
)


def extract(labeled: LabeledClause) -> dict[str, dict[str, Any]]:
    """The parameters of one labelled clause, per label (labels without parameters are left out)."""
    text = labeled.clause.text
    found: dict[str, dict[str, Any]] = {}
    for label in labeled.label_names:
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
    """The first user or revenue threshold in a clause: metric, threshold, currency, period.

    >>> scale_threshold("greater than 700 million monthly active users in the preceding calendar month")
    {'metric': 'monthly-active-users', 'threshold': 700000000, 'period': 'month'}
    >>> scale_threshold("annual revenue of more than USD 1,000,000")
    {'metric': 'revenue', 'threshold': 1000000, 'currency': 'USD', 'period': 'year'}
    """
    doc = _nlp()(text)
    found: list[tuple[int, dict[str, Any]]] = []
    for match_id, start, end in _matcher()(doc):
        kind = doc.vocab.strings[match_id]
        span = doc[start:end]
        value = _number(span)
        if value is None:
            continue
        if kind == "USERS":
            metric = _USER_METRICS.get(" ".join(token.lower_ for token in span if token.is_alpha and token.lower_ not in _MULTIPLIERS and token.lower_ not in _QUALIFIERS and token.lower_ not in _COMPARATIVES))
            if metric:
                found.append((start, {"metric": metric, "threshold": value}))
        else:
            currency = next((_CURRENCIES[token.lower_] for token in span if token.lower_ in _CURRENCIES), None)
            found.append((start, {"metric": "revenue", "threshold": value, **({"currency": currency} if currency else {})}))
    if not found:
        return {}
    found.sort(key=lambda item: (item[1]["metric"] != "monthly-active-users", item[0]))
    result = found[0][1]
    period = _period(text, result["metric"])
    if period:
        result["period"] = period
    return result


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
    """Which use remains: research-only, evaluation-only, personal-only or non-commercial.

    >>> commercial_scope("solely for your non-commercial research purposes")
    'research-only'
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
    """
    lowered = text.lower()
    if re.search(r"\b(name|title)\b.{0,80}\b(begin|start|prefix|include)", lowered) or "prefix" in lowered:
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
    hits = []
    for name in REGIONS:
        for match in re.finditer(rf"(?<![\w.]){re.escape(name)}(?![\w])", text):
            hits.append((match.start(), name))
    hits.sort()
    seen: list[str] = []
    covered: list[tuple[int, int]] = []
    for start, name in hits:
        if any(a <= start < b for a, b in covered) or name in seen:
            continue
        covered.append((start, start + len(name)))
        seen.append(name)
    return seen


def _period(text: str, metric: str) -> str | None:
    lowered = text.lower()
    if metric == "monthly-active-users" or re.search(r"\bmonthly\b|\bper month\b|\bcalendar month\b", lowered):
        return "month"
    if metric == "daily-active-users":
        return "day"
    if re.search(r"\bannual|\byearly\b|\bper year\b|\bfiscal year\b|\btax year\b|\bcalendar year\b|\bper annum\b|\b12 months\b|\btwelve", lowered):
        return "year"
    return None


def _number(span: Any) -> int | None:
    """The integer a matched span states, e.g. '700 million' -> 700000000, '$1.5M' -> 1500000."""
    value: float | None = None
    for token in span:
        lowered = token.lower_
        if value is None:
            cleaned = lowered.lstrip("$€£¥").replace(",", "")
            match = re.fullmatch(r"(\d+(?:\.\d+)?)(k|m|mm|bn|b)?", cleaned)
            if match:
                value = float(match.group(1)) * _MULTIPLIERS.get(match.group(2) or "", 1)
            elif lowered in _WORD_NUMBERS:
                value = float(_WORD_NUMBERS[lowered])
        elif lowered in _MULTIPLIERS and lowered in {"thousand", "million", "billion", "m", "bn", "k"}:
            value *= _MULTIPLIERS[lowered]
    return int(round(value)) if value is not None else None


_COMPARATIVES = {"or", "more", "fewer", "less", "greater", "above", "over"}
_QUALIFIERS = {"total", "unique", "concurrent", "named", "registered", "individual", "authorized"}
_WORD_NUMBERS = {"one": 1, "two": 2, "five": 5, "ten": 10, "fifty": 50, "hundred": 100}


_EXTRACTORS: dict[str, Callable[[str], dict[str, Any]]] = {
    Label.USER_COUNT_CAP.value: lambda text: scale_threshold(text),
    Label.USE_CASE_LIMIT.value: _policy_params,
    Label.PASS_THROUGH.value: _policy_params,
    Label.COMMERCIAL_BAN.value: _scope_params,
    Label.ATTRIBUTION.value: lambda text: attribution_terms(text),
    Label.TERRITORIAL.value: _region_params,
}


@functools.lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy

    return spacy.blank("en")


@functools.lru_cache(maxsize=1)
def _matcher() -> Any:
    from spacy.matcher import Matcher

    nlp = _nlp()
    matcher = Matcher(nlp.vocab)
    number = {"LIKE_NUM": True}
    scale = {"LOWER": {"IN": ["thousand", "million", "billion", "k", "m", "mm", "bn"]}, "OP": "?"}
    currency = {"LOWER": {"IN": sorted(_CURRENCIES)}}
    metric_words = [
        [{"LOWER": "monthly"}, {"LOWER": "active"}, {"LOWER": {"IN": ["users", "user"]}}],
        [{"LOWER": "daily"}, {"LOWER": "active"}, {"LOWER": {"IN": ["users", "user"]}}],
        [{"LOWER": "active"}, {"LOWER": "users"}],
        [{"LOWER": "end"}, {"LOWER": "users"}],
        [{"LOWER": "employees"}, {"LOWER": "and"}, {"LOWER": "contractors"}],
        [{"LOWER": {"IN": ["users", "user", "individuals", "people", "employees", "seats", "devices", "installations", "subscribers", "customers"]}}],
    ]
    qualifier = {"LOWER": {"IN": sorted(_QUALIFIERS)}, "OP": "?"}
    either = [{"LOWER": "or", "OP": "?"}, {"LOWER": {"IN": ["more", "fewer", "less", "greater", "above", "over"]}, "OP": "?"}]
    matcher.add("USERS", [[number, scale, *either, qualifier, *words] for words in metric_words], greedy="LONGEST")
    matcher.add(
        "REVENUE",
        [
            [currency, number, scale],
            [{"TEXT": {"REGEX": r"^[$€£¥]\d"}}, scale],
            [number, scale, currency],
            [{"LOWER": {"IN": ["usd", "eur", "gbp"]}}, {"TEXT": {"REGEX": r"^\d[\d,.]*$"}}, scale],
        ],
        greedy="LONGEST",
    )
    return matcher
