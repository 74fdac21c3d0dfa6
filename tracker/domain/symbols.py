"""UN document symbols: what a symbol says of its document, read by one grammar.

A symbol names the body, the kind of document, often the State, and the number, session or
communication: ``CAT/C/KAZ/CO/3`` is the Committee against Torture's concluding observations on
Kazakhstan's third report, ``CAT/C/KAZ/FCO/3`` the State's follow-up reply to them,
``CAT/C/51/D/441/2010`` its decision on communication 441/2010 at its 51st session,
``A/HRC/WG.6/20/KAZ/1`` Kazakhstan's national report to the 20th session of the UPR Working
Group. The forms read are tabled in ``docs/symbols.md``::

    >>> from tracker.domain import symbols
    >>> found = symbols.parse("CAT/C/KAZ/FCO/3")
    >>> found.body, found.kind, found.state, found.answers
    (<Body.CAT: 'CAT'>, <DocumentKind.FOLLOW_UP_REPLY: 'follow_up_reply'>, 'KAZ', 'CAT/C/KAZ/CO/3')

:func:`parse` never raises: a symbol of no series the grammar knows is of form ``unknown``,
body None and kind ``other``. :func:`find_symbols` finds the symbols printed in running text,
and :func:`normalize` writes a symbol the way the UN does.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from msgspec import Struct

from tracker.domain.enums import Body, DocumentKind

__all__ = ["Form", "Symbol", "find_symbols", "normalize", "parse"]


class Form(StrEnum):
    """What a symbol's shape says its document is: finer than :class:`DocumentKind`."""

    CONCLUDING_OBSERVATIONS = "concluding_observations"
    #: A body's document numbered by session: ``CCPR/C/133/2`` (the Human Rights Committee's report
    #: on follow-up to concluding observations), ``CAT/C/54/2`` (CAT's annual report material).
    SESSION_DOCUMENT = "session_document"
    FOLLOW_UP_REPLY = "follow_up_reply"
    FOLLOW_UP_LETTER = "follow_up_letter"
    LIST_OF_ISSUES = "list_of_issues"
    REPLIES_TO_LIST_OF_ISSUES = "replies_to_list_of_issues"
    STATE_REPORT = "state_report"
    SUMMARY_RECORD = "summary_record"
    DECISION = "decision"
    GENERAL_COMMENT = "general_comment"
    VISIT_REPORT = "visit_report"
    UPR_NATIONAL_REPORT = "upr_national_report"
    UPR_UN_COMPILATION = "upr_un_compilation"
    UPR_STAKEHOLDERS_SUMMARY = "upr_stakeholders_summary"
    #: ``A/HRC/28/15``, ``E/CN.4/2005/7``: a report to the Human Rights Council (or the Commission
    #: before it). Whose (the UPR Working Group's, a Special Rapporteur's) only the document tells.
    COUNCIL_REPORT = "council_report"
    COUNCIL_REPORT_ADDENDUM = "council_report_addendum"
    #: Of a series the grammar knows (``CAT/C/KAZ/CO/3/Corr.1``), in none of the forms above.
    OTHER = "other"
    #: Of no series the grammar knows (``S/RES/1325 (2000)``).
    UNKNOWN = "unknown"


_KINDS = {
    Form.CONCLUDING_OBSERVATIONS: DocumentKind.CONCLUDING_OBSERVATIONS,
    Form.FOLLOW_UP_REPLY: DocumentKind.FOLLOW_UP_REPLY,
    Form.FOLLOW_UP_LETTER: DocumentKind.FOLLOW_UP_LETTER,
    Form.LIST_OF_ISSUES: DocumentKind.LIST_OF_ISSUES,
    # The State's replies to a list of issues are its submission for the dialogue, as a report is.
    Form.REPLIES_TO_LIST_OF_ISSUES: DocumentKind.STATE_REPORT,
    Form.STATE_REPORT: DocumentKind.STATE_REPORT,
    Form.SUMMARY_RECORD: DocumentKind.SUMMARY_RECORD,
    Form.DECISION: DocumentKind.DECISION,
    Form.VISIT_REPORT: DocumentKind.VISIT_REPORT,
    Form.UPR_NATIONAL_REPORT: DocumentKind.STATE_REPORT,
}


class Symbol(Struct, frozen=True, kw_only=True):
    """What a document symbol says of its document.

    ``text`` is the symbol as the UN writes it (:func:`normalize`); ``state`` the ISO 3166-1
    alpha-3 code as written in it, not checked against any list of States; ``number`` the
    report's or document's number as written (``"3"``, ``"8-10"``, the ``15`` of
    ``A/HRC/28/15``, a meeting's number); ``session`` the session the symbol names (of a
    decision, a UPR review, a Council report); ``communication`` a decision's communication
    number (``"441/2010"``); ``addendum`` the ``n`` of ``/Add.n``; ``parent`` the document this
    one is an addendum, corrigendum or revision of; ``answers`` the document a reply answers
    (``CAT/C/KAZ/CO/3`` for ``…/CO/3/Add.1`` and ``…/FCO/3``, the list of issues for replies to it).
    """

    text: str
    form: Form = Form.UNKNOWN
    body: Body | None = None
    kind: DocumentKind = DocumentKind.OTHER
    state: str | None = None
    number: str | None = None
    session: int | None = None
    communication: str | None = None
    addendum: int | None = None
    parent: str | None = None
    answers: str | None = None


# --- writing a symbol the UN's way ------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_SPACED_SLASH = re.compile(r"\s*/\s*")
_SPACED_DOT = re.compile(r"(?<=[A-Za-z])\.\s+(?=\d)")
#: Words of a symbol written with a capital only: ``Add.1``, ``Corr.1``, ``Rev.2``.
_TITLE_WORDS = re.compile(r"(?<![A-Z])(ADD|CORR|REV|AMEND|SUB|SUPPL)\.")
_TRAILING = ".,;:"


def normalize(text: str) -> str:
    """``text`` written as the UN writes symbols: ``"cat/c/kaz/co/3/add. 1."`` → ``"CAT/C/KAZ/CO/3/Add.1"``.

    Compatibility characters are folded (non-breaking and full-width spaces, full-width
    solidus), dashes become hyphens (``8–10``), spaces around ``/`` and after ``Add.`` go,
    trailing punctuation and an unmatched closing parenthesis are dropped, and letters are
    capitals but for ``Add``, ``Corr``, ``Rev``, ``Amend``, ``Sub`` and ``Suppl``.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = _SPACED_DOT.sub(".", _SPACED_SLASH.sub("/", _DASHES.sub("-", text)))
    text = " ".join(text.split())
    while text and (text[-1] in _TRAILING or (text[-1] == ")" and text.count(")") > text.count("("))):
        text = text[:-1].rstrip()
    # Capitals are folded again: a few letters' capitals are written with combining marks (ΐ → Ϊ́).
    return _TITLE_WORDS.sub(lambda word: word[1].capitalize() + ".", unicodedata.normalize("NFKC", text.upper()))


# --- the grammar ------------------------------------------------------------------------------

#: Treaty bodies by the series their documents' symbols open with.
TREATY_SERIES = {
    "CAT/C": Body.CAT,
    "CCPR/C": Body.CCPR,
    "E/C.12": Body.CESCR,
    "CEDAW/C": Body.CEDAW,
    "CERD/C": Body.CERD,
    "CRC/C": Body.CRC,
    "CRPD/C": Body.CRPD,
    "CED/C": Body.CED,
    "CMW/C": Body.CMW,
}
_NUMBER = r"\d{1,3}(?:-\d{1,3})?"
# A State's review under an optional protocol (CRC's OPAC, OPSC) names it before the State;
# a territory is written after its State (CHN-HKG).
_STATE = r"(?P<review>(?:OPAC/|OPSC/)?(?P<state>[A-Z]{3})(?:-[A-Z]{3})?)"
_ADD = r"/Add\.(?P<addendum>\d{1,3})"


def _rules(*rules: tuple[str, Form]) -> tuple[tuple[re.Pattern[str], Form], ...]:
    return tuple((re.compile(pattern), form) for pattern, form in rules)


#: What may follow a treaty body's series; the first rule that matches the whole rest decides.
_TREATY_RULES = _rules(
    (rf"{_STATE}/CO/(?P<number>{_NUMBER})", Form.CONCLUDING_OBSERVATIONS),
    (rf"{_STATE}/CO/(?P<number>{_NUMBER}){_ADD}", Form.FOLLOW_UP_REPLY),
    (rf"{_STATE}/FCO/(?P<number>{_NUMBER})(?:{_ADD})?", Form.FOLLOW_UP_REPLY),
    (rf"{_STATE}/(?:Q|QPR|LOIPR|LOI)/(?P<number>{_NUMBER})", Form.LIST_OF_ISSUES),
    (rf"{_STATE}/Q/(?P<number>{_NUMBER}){_ADD}", Form.REPLIES_TO_LIST_OF_ISSUES),
    (rf"{_STATE}/RQ/(?P<number>{_NUMBER})", Form.REPLIES_TO_LIST_OF_ISSUES),
    (rf"{_STATE}/(?P<number>{_NUMBER})(?:{_ADD})?", Form.STATE_REPORT),
    (rf"{_STATE}/.+", Form.OTHER),
    (r"(?:\d{4}/)?SR\.(?P<number>\d{1,5})(?:/.+)?", Form.SUMMARY_RECORD),
    (r"(?P<session>\d{1,3})/D/(?P<communication>\d{1,5}/\d{4})", Form.DECISION),
    (r"GC/(?P<number>\d{1,3})(?:[/-].+)?", Form.GENERAL_COMMENT),
    (r"(?P<session>\d{1,3})/(?P<number>\d{1,2})", Form.SESSION_DOCUMENT),
)
#: Concluding observations before the bodies wrote the State in the symbol: addenda to one series.
_OLD_CONCLUDING_OBSERVATIONS = re.compile(r"(?P<series>CCPR/C/79|E/C\.12/1|CRC/C/15|CERD/C/304)/Add\.(?P<number>\d{1,3})")
#: The Human Rights Committee's concluding observations of about 2000 to 2006: CCPR/CO/<session>/<State>.
_OLD_CCPR = re.compile(rf"CCPR/CO/(?P<session>\d{{1,3}})/(?P<state>[A-Z]{{3}})(?:{_ADD})?")
_SPT = re.compile(r"CAT/OP/(?P<rest>.+)")
_SPT_RULES = _rules(
    (r"(?P<state>[A-Z]{3})/(?:ROSP/)?(?P<number>\d{1,3})", Form.VISIT_REPORT),
    (rf"(?P<state>[A-Z]{{3}})/(?:ROSP/)?(?P<number>\d{{1,3}}){_ADD}", Form.FOLLOW_UP_REPLY),
    (r"(?P<state>[A-Z]{3})/.+", Form.OTHER),
)
#: The documents of a UPR review: 1 the national report, 2 the UN compilation, 3 the stakeholders' summary.
_UPR_REVIEW = re.compile(r"A/HRC/WG\.6/(?P<session>\d{1,3})/(?P<state>[A-Z]{3})/(?P<number>[1-3])(?P<more>/.+)?")
_UPR_FORMS = {"1": Form.UPR_NATIONAL_REPORT, "2": Form.UPR_UN_COMPILATION, "3": Form.UPR_STAKEHOLDERS_SUMMARY}
_COUNCIL_REPORT = re.compile(rf"(?:A/HRC/(?P<session>\d{{1,3}})|E/CN\.4/\d{{4}})/(?P<number>\d{{1,4}})(?:{_ADD})?")
#: What the Treaty Body Database gives documents without a UN symbol (rapporteurs' letters):
#: INT_CAT_FUL_TJK_47953_E (FUL, a follow-up letter, is inferred from listings).
_INTERNAL = re.compile(r"INT_(?P<body>[A-Z]+)_(?P<code>[A-Z]+)_(?P<state>[A-Z]{3})_\d+_[A-Z]+")
_INTERNAL_FORMS = {"FUL": Form.FOLLOW_UP_LETTER, "FCO": Form.FOLLOW_UP_REPLY}
#: ``/Add.1``, ``/Corr.2``, ``/Rev.1`` at the end: the symbol before it is the parent.
_SUFFIX = re.compile(r"/(?:Add|Corr|Rev)\.\d{1,3}$")


def parse(text: str) -> Symbol:
    """What the symbol ``text`` says of its document; never raises (an unread symbol is of form ``unknown``).

    ``text`` is normalized first (:func:`normalize`), so ``"cat/c/kaz/co/3/add. 1"`` reads as
    ``CAT/C/KAZ/CO/3/Add.1``.
    """
    symbol = normalize(text) if isinstance(text, str) else ""
    parent_match = _SUFFIX.search(symbol)
    parent = symbol[: parent_match.start()] if parent_match else None
    for read in (_old_concluding_observations, _treaty_body, _spt, _upr_review, _council_report, _internal):
        found = read(symbol)
        if found is not None:
            fields = {"parent": parent, **found}
            form = fields["form"]
            return Symbol(text=symbol, kind=_KINDS.get(form, DocumentKind.OTHER), **fields)
    return Symbol(text=symbol)


def _treaty_body(symbol: str) -> dict | None:
    series = next((s for s in TREATY_SERIES if symbol.startswith(s + "/")), None)
    if series is None:
        return None
    body, rest = TREATY_SERIES[series], symbol[len(series) + 1 :]
    for pattern, form in _TREATY_RULES:
        if match := pattern.fullmatch(rest):
            found = {k: v for k, v in match.groupdict().items() if v is not None}
            read = {
                "form": form,
                "body": body,
                "state": found.get("state"),
                "number": found.get("number"),
                "addendum": _int(found.get("addendum")),
            }
            if form is Form.DECISION:
                number, year = found["communication"].split("/")
                read.update(session=int(found["session"]), communication=f"{int(number)}/{year}")
            review = f"{series}/{found.get('review')}"
            if form is Form.FOLLOW_UP_REPLY:
                read["answers"] = f"{review}/CO/{found['number']}"
            elif form is Form.REPLIES_TO_LIST_OF_ISSUES:
                read["answers"] = f"{review}/Q/{found['number']}"
            return read
    return {"form": Form.OTHER, "body": body}


def _old_concluding_observations(symbol: str) -> dict | None:
    if match := _OLD_CONCLUDING_OBSERVATIONS.fullmatch(symbol):
        body = TREATY_SERIES[next(s for s in TREATY_SERIES if match["series"].startswith(s))]
        return {"form": Form.CONCLUDING_OBSERVATIONS, "body": body, "number": match["number"]}
    if match := _OLD_CCPR.fullmatch(symbol):
        read = {
            "form": Form.CONCLUDING_OBSERVATIONS,
            "body": Body.CCPR,
            "state": match["state"],
            "session": int(match["session"]),
        }
        if match["addendum"]:
            read.update(form=Form.FOLLOW_UP_REPLY, addendum=int(match["addendum"]), answers=symbol.rsplit("/", 1)[0])
        return read
    return None


def _spt(symbol: str) -> dict | None:
    if (match := _SPT.fullmatch(symbol)) is None:
        return None
    for pattern, form in _SPT_RULES:
        if found := pattern.fullmatch(match["rest"]):
            parts = found.groupdict()
            read = {"form": form, "body": Body.SPT, "state": parts.get("state"), "number": parts.get("number")}
            if form is Form.FOLLOW_UP_REPLY:
                read.update(addendum=int(parts["addendum"]), answers=symbol.rsplit("/", 1)[0])
            return read
    return {"form": Form.OTHER, "body": Body.SPT}


def _upr_review(symbol: str) -> dict | None:
    if (match := _UPR_REVIEW.fullmatch(symbol)) is None:
        return None
    form = Form.OTHER if match["more"] else _UPR_FORMS[match["number"]]
    return {"form": form, "body": Body.UPR, "state": match["state"], "number": match["number"], "session": int(match["session"])}


def _council_report(symbol: str) -> dict | None:
    if (match := _COUNCIL_REPORT.fullmatch(symbol)) is None:
        return None
    read = {"form": Form.COUNCIL_REPORT, "number": match["number"], "session": _int(match["session"])}
    if match["addendum"]:
        read.update(form=Form.COUNCIL_REPORT_ADDENDUM, addendum=int(match["addendum"]))
    return read


def _internal(symbol: str) -> dict | None:
    if (match := _INTERNAL.fullmatch(symbol)) is None:
        return None
    body = Body.__members__.get(match["body"])
    if body is None:
        return None
    return {"form": _INTERNAL_FORMS.get(match["code"], Form.OTHER), "body": body, "state": match["state"]}


def _int(value: str | None) -> int | None:
    return int(value) if value else None


# --- symbols in running text ------------------------------------------------------------------

#: One part of a symbol between slashes: ``C.12``, ``8-10``, ``SR.1998``, ``Add. 1``; the series is in capitals.
_PART = r"(?:(?i:add|corr|rev)\.[ \u00a0]?\d{1,3}|[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*)"
_SLASH = r"[ \u00a0]*/[ \u00a0]*"
_IN_TEXT = re.compile(
    rf"(?<![\w/.])(?:INT_[A-Z0-9_]*[A-Z0-9]|[A-Z]{{1,8}}(?:\.\d+)?{_SLASH}[A-Z0-9]+(?:[.-][A-Z0-9]+)*(?:{_SLASH}{_PART})+)(?![\w/])"
)


def find_symbols(text: str) -> list[str]:
    """The document symbols printed in ``text``, normalized, in order of appearance, each once.

    Anything shaped like a symbol is found (a series in capitals and at least two more parts,
    ``A/HRC/28/15``, ``S/2020/1``, or an internal ``INT_…`` symbol): :func:`parse` says which
    the grammar reads. Spaces around slashes and after ``Add.`` are tolerated, as layout leaves
    them (``CAT /C/51/D/441/2010``, ``…/CO/3/Add. 1``); sentence punctuation is not taken.
    """
    return list(dict.fromkeys(normalize(found) for found in _IN_TEXT.findall(text or "")))
