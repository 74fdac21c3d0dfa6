"""States as sources name them: bundled codes and names, former and short names, one lookup for every adapter."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.resources import files

from tracker.records import StateRecord, decode_lines

#: Names sources still use for States whose UN short name has changed, or short forms of long ones.
FORMER_NAMES = {
    "Turkey": "TUR",
    "Czech Republic": "CZE",
    "Swaziland": "SWZ",
    "Cape Verde": "CPV",
    "Macedonia": "MKD",
    "The former Yugoslav Republic of Macedonia": "MKD",
    "United Kingdom": "GBR",
    "United States": "USA",
    "Netherlands": "NLD",
    "Russia": "RUS",
    "Vietnam": "VNM",
    "Syria": "SYR",
    "Laos": "LAO",
    "Brunei": "BRN",
    "Moldova": "MDA",
    "Tanzania": "TZA",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Ivory Coast": "CIV",
    "Palestine": "PSE",
    "Democratic Republic of Congo": "COD",
    "Republic of the Congo": "COG",
    # The word order of UPR reports since about 2020: "(Bolivarian Republic of Venezuela)".
    "Bolivarian Republic of Venezuela": "VEN",
    "Plurinational State of Bolivia": "BOL",
    "Islamic Republic of Iran": "IRN",
    "Federated States of Micronesia": "FSM",
    "Kingdom of the Netherlands": "NLD",
}


def name_key(name: str) -> str:
    """A State name reduced for comparison: no accents, case, punctuation or leading "the"."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()
    text = " ".join(re.sub(r"[^\w]+", " ", text.replace("&", " and ")).split())
    return text.removeprefix("the ")


@cache
def _table() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    """(codes, name key → code, code → English name) of the States the tracker bundles."""
    data = files("tracker.seed").joinpath("states.ndjson").read_bytes()
    states = [r for r in decode_lines(data.splitlines(), name="states.ndjson") if isinstance(r, StateRecord)]
    by_name = {name_key(name): code for name, code in FORMER_NAMES.items()}
    english: dict[str, str] = {}
    for state in states:
        english[state.code] = state.names.get("en", state.code)
        for name in state.names.values():
            by_name[name_key(name)] = state.code
    for state in states:
        for name in state.names.values():
            # "Bolivia (Plurinational State of)" is also "Bolivia".
            by_name.setdefault(name_key(re.sub(r"\s*\(.*\)", "", name)), state.code)
    return frozenset(english), by_name, english


def is_state(code: str) -> bool:
    """Whether ``code`` is the ISO3 code of a State the tracker bundles."""
    return code in _table()[0]


def state_code(code_or_name: str | None) -> str | None:
    """The code of a bundled State from its code (``KAZ``) or a name (``Kazakhstan``, ``KAZAKHSTAN``,
    ``Turkey``, ``Bolivia``); None for anything else."""
    if not code_or_name or not code_or_name.strip():
        return None
    value = code_or_name.strip()
    return value if is_state(value) else _table()[1].get(name_key(value))


def state_name(code: str) -> str:
    """A State's English name as the tracker bundles it (the code itself if unknown)."""
    return _table()[2].get(code, code)


@cache
def _name_pattern() -> re.Pattern[str]:
    names = sorted({name for state in _names() for name in state}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)


@cache
def _names() -> list[list[str]]:
    data = files("tracker.seed").joinpath("states.ndjson").read_bytes()
    states = [r for r in decode_lines(data.splitlines(), name="states.ndjson") if isinstance(r, StateRecord)]
    names = [[*state.names.values(), re.sub(r"\s*\(.*\)$", "", state.names.get("en", ""))] for state in states]
    return [*names, list(FORMER_NAMES)]


def state_named_in(text: str | None) -> str | None:
    """The one State a text names (``Report of the Working Group … : Kazakhstan`` → ``KAZ``);
    None when it names none, or several."""
    if not text:
        return None
    found = {state_code(match.group()) for match in _name_pattern().finditer(text)} - {None}
    return found.pop() if len(found) == 1 else None
