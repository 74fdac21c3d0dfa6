"""Decision texts: a CAT decision under article 22 or CCPR Views under the Optional Protocol.

The body is the decision document itself: PDF or Word, as the UN publishes nearly every
decision (read by :func:`tracker_scrapers.texts.read_text`, recognised by its first bytes, page headers
and footers left out), HTML as OHCHR's docstore serves it (UTF-16 with a byte-order mark), or
plain text. From the front matter and the operative part the parser recovers one decision and
the remedies it asks for:

- body and symbol (``CAT/C/51/D/441/2010``), from the symbol or the committee's name;
- communication number, State party (mapped to its ISO3 code), authors, counsel, victims
  where they are not the authors, dates of the complaint and of the decision;
- outcome: ``violation`` or ``no_violation`` from the paragraph "acting under article 22,
  paragraph 7" (CAT) or "article 5 (4)" (CCPR); ``inadmissible`` or ``discontinued`` from what
  the Committee "decides";
- articles violated, as the body cites them: "article 1 in conjunction with article 2,
  paragraph 1, and articles 12 and 13" → ``["1 with 2(1)", "12", "13"]``; "article 14,
  paragraph 3 (g)" → ``"14(3)(g)"``;
- the days the State has to reply ("within 90 days");
- one remedy per measure asked for ("urges the State party to …", "is under an obligation
  to …"), each with its clause as text. A clause that names two measures ("redress, including
  compensation and full rehabilitation") gives one remedy of each kind.

What the text does not say (the case name, a summary, editors' notes, sources, verification)
is taken from the stored decision when ``prepare`` found one, so loading a text over curated
data replaces only what the text states.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Annotated, Any, BinaryIO
from urllib.parse import quote, urlsplit

import lxml.etree
import lxml.html
from msgspec import Meta, Struct
from msgspec.structs import replace

from tracker import every
from tracker.domain import ids, symbols
from tracker.domain.entities import Decision, Item, SourceRef
from tracker.domain.enums import Body, DecisionOutcome, RemedyKind
from tracker.domain.symbols import Form, Symbol
from tracker.records import DecisionRecord, RemedyRecord
from tracker_scrapers.harvest import Harvest, Params, ParseContext, ParseError, Text, read_params
from tracker_scrapers.states import state_code as bundled_state_code
from tracker_scrapers.texts import read_text

# --- bytes to text -------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Word saves "Unicode" HTML as UTF-16 and says ``charset=unicode``, a name Python does not know.
_CHARSET_ALIASES = {"unicode": "utf-16"}


#: First bytes of the files :func:`tracker_scrapers.texts.read_text` reads (PDF, Word .docx) or refuses (old .doc).
_DOCUMENT_FILES = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def decision_text(raw: bytes, content_type: str | None) -> str:
    """The text of a decision document, a line per paragraph.

    A PDF or Word file (recognised by its first bytes) is read by :func:`tracker_scrapers.texts.read_text`,
    its page headers and footers left out; HTML and plain text are decoded by their byte-order
    mark or charset (:func:`decode`). Raises :class:`ParseError` for a file that cannot be read.
    """
    if raw.startswith(_DOCUMENT_FILES):
        return "\n".join(read_text(raw).paragraphs)
    text = decode(raw, content_type)
    return html_to_text(text) if _looks_like_html(text) else text


def decode(raw: bytes, content_type: str | None) -> str:
    """The body as text: by byte-order mark, else the charset of ``content_type``, else UTF-8."""
    if raw.startswith((b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ParseError("a PDF or Word file, not a decision text in HTML or plain text")
    bom, charset = next(((bom, name) for bom, name in _BOMS if raw.startswith(bom)), (b"", None))
    if charset is None:
        declared = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
        charset = _CHARSET_ALIASES.get(declared[1].lower(), declared[1]) if declared else "utf-8"
        if re.fullmatch(r"utf[-_]?16", charset, re.IGNORECASE):
            # Without a BOM the codec would take the machine's byte order; the NUL of an ASCII letter shows the file's.
            charset = "utf-16-be" if raw[:1] == b"\x00" else "utf-16-le"
        # UTF-8 would often fail on the first non-ASCII pair of UTF-16 bytes, hiding the real cause.
        if b"\x00" in raw[:4096] and not re.match(r"utf[-_]?(?:16|32)", charset, re.IGNORECASE):
            raise ParseError(_NUL_INTERLEAVED.format(charset=charset))
    try:
        text = raw[len(bom) :].decode(charset)
    except LookupError:
        raise ParseError(f"unknown charset {charset!r} in the content type") from None
    except UnicodeDecodeError as exc:
        raise ParseError(f"not valid {charset} text ({exc.reason} at byte {exc.start})") from None
    if "\x00" in text:
        raise ParseError(_NUL_INTERLEAVED.format(charset=charset))
    if not text.strip():
        raise ParseError("empty body")
    return text


_NUL_INTERLEAVED = (
    "wrong charset: read as {charset}, the text has NUL characters between its letters, as UTF-16 without a byte-order mark has"
)


_BLOCKS = frozenset({"p", "div", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table"})


def html_to_text(html: str) -> str:
    """The text of an HTML page, one line per paragraph (or table cell)."""
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        page = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ParseError(f"not readable as HTML ({exc})") from None
    for element in page.xpath("//script | //style | //head"):
        element.drop_tree()
    for element in page.iter():
        # Line ends inside a paragraph are layout; the paragraph is the unit.
        if isinstance(element.tag, str) and element.text:
            element.text = re.sub(r"\s+", " ", element.text)
        if element.tail:
            element.tail = re.sub(r"\s+", " ", element.tail)
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return page.text_content()


def _looks_like_html(text: str) -> bool:
    return re.search(r"<(?:html|body|p|div|table)\b", text[:5000], re.IGNORECASE) is not None


# --- States --------------------------------------------------------------------------------


#: Names UN documents use beside the current English name: former names and short forms.
def state_code(name: str) -> str:
    """The ISO3 code of a State named in English; raises :class:`ParseError` for an unknown name."""
    code = bundled_state_code(name)
    if code is None:
        raise ParseError(f"State party {name!r} is not a State the tracker knows")
    return code


# --- the front matter ----------------------------------------------------------------------

#: Front-matter labels, each for the field it gives. Documents differ in wording, in plural
#: forms ("victim(s)", "Articles") and in stray layout spaces inside words ("Alleged vic tim s :").
_LABELS = {
    "Communication submitted by": "authors",
    "Complaint submitted by": "authors",
    "Submitted by": "authors",
    "Represented by": "counsel",
    "Alleged victim": "victims",
    "On behalf of": "victims",
    "State party": "state",
    "Date of complaint": "submitted",
    "Date of communication": "submitted",
    "Date of submission": "submitted",
    "Date of present decision": "adopted",
    "Date of adoption of the present decision": "adopted",
    "Date of adoption of Views": "adopted",
    "Date of adoption of decision": "adopted",
    "Date of decision on admissibility": "admissibility",
    "Date of decision": "adopted",
    "Document reference": "references",
    "Subject matter": "subject",
    "Procedural issue": "procedural",
    "Substantive issue": "substantive",
    "Article of the Convention": "articles",
    "Article of the Covenant": "articles",
    "Article of the Optional Protocol": "protocol",
}
_LABEL_ORDER = sorted(_LABELS, key=len, reverse=True)


def _flexible(label: str) -> str:
    plural = r"(?:\s*\(?\s*s\s*\)?)?"
    return r"\s*".join(r"\s*".join(re.escape(c) for c in word) + plural for word in label.split())


_LABEL = re.compile(
    r"(?:^|\n)[ \t]*(?:" + "|".join(f"(?P<g{n}>{_flexible(label)})" for n, label in enumerate(_LABEL_ORDER)) + r")\s*:",
    re.IGNORECASE,
)
#: Lines that end the front matter's last value.
_FRONT_MATTER_END = re.compile(
    r"\n\s*(?:\[?\s*Annex\s*\]?\s*\n|Decision of the Committee|Views of the Human Rights Committee|Views adopted|"
    r"Decision adopted|The Committee against Torture|The Human Rights Committee|Adopts the following|Having concluded)",
    re.IGNORECASE,
)


def front_matter(head: str) -> dict[str, str]:
    """The first value of each front-matter label, whitespace collapsed."""
    found: dict[str, str] = {}
    matches = list(_LABEL.finditer(head))
    for match, following in pairwise([*matches, None]):
        field = next(_LABELS[_LABEL_ORDER[int(name[1:])]] for name, value in match.groupdict().items() if value is not None)
        value = head[match.end() : following.start() if following else len(head)]
        end = _FRONT_MATTER_END.search("\n" + value)
        value = _squash(value[: end.start() if end else 800])
        if value and value != "-" and field not in found:
            found[field] = value
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


_MONTHS = {
    m: n
    for n, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s*,?\s+(\d{4})\b", re.IGNORECASE)


def first_date(text: str | None) -> dt.date | None:
    """The first date written like "5 November 2013" in ``text``."""
    match = _DATE.search(text or "")
    if match is None:
        return None
    try:
        return dt.date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        return None


_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Mme|Dr)\.?\s+")
_REPRESENTED = re.compile(r"[,;]?\s*\(?\s*(?:not\s+)?represented\b|,?\s+on behalf of\s+", re.IGNORECASE)


_PARTICLES = frozenset({"al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "la", "le", "van", "von"})


def _is_name(text: str) -> bool:
    """ "Onsi Abichou", "Y.Y.", "Inass Abichou (née Seifeddine)"; not "The author's son" or "28 others"."""
    words = re.sub(r"\([^)]*\)", "", text).split()
    return bool(words) and all(w[:1].isupper() or w in _PARTICLES for w in words) and not re.search(r"\d", text)


def _people(text: str) -> list[str]:
    """Names as listed ("Y.B.F., S.A.Q. and Y.Y."), split only where every part is a name."""
    text = text.strip(" ,;")
    parts = [_HONORIFIC.sub("", part.strip()) for part in re.split(r",\s*|\s+and\s+", text)]
    if len(parts) > 1 and all(_is_name(p) for p in parts):
        return parts
    return [_HONORIFIC.sub("", text)] if text else []


def authors_and_counsel(value: str) -> tuple[list[str], str | None, str | None]:
    """Who submitted, who represents them, and on whose behalf, from a "Submitted by" value."""
    match = _REPRESENTED.search(value)
    if match is None:
        return _people(value), None, None
    authors = _people(value[: match.start()])
    if "behalf" in match[0].lower():
        return authors, None, value[match.end() :].strip(" .)") or None
    counsel = re.search(r"represented by\s+(?:counsel\s*,?\s*)?(.*)", value[match.start() :], re.IGNORECASE | re.DOTALL)
    name = counsel[1].strip() if counsel else ""
    if name.endswith(")") and name.count(")") > name.count("("):
        name = name[:-1]
    name = re.sub(r"^the\s+", "", name.strip(" .,;"))
    return authors, (name or None), None


def victims_of(value: str | None, authors: list[str]) -> list[str]:
    """Alleged victims who are not the authors ("The complainant" names the author)."""
    if not value:
        return []
    rest = re.sub(r"^the\s+(?:author|complainant)s?\b(?!['’])\s*(?:,|and\b)?\s*", "", value, flags=re.IGNORECASE).strip(" ,;")
    victims = _people(rest) if rest else []
    known = {a.rstrip(".") for a in authors}
    return [v for v in victims if v.rstrip(".") not in known]


# --- the operative part --------------------------------------------------------------------

_ACTING = re.compile(
    r"acting\s+under\s+article\s+(?:22\s*,\s*paragraph\s+7|5\s*,\s*paragraph\s+4|5\s*\(\s*4\s*\))", re.IGNORECASE
)
_APPENDED = re.compile(
    r"\[\s*Adopted in|\n\s*(?:Annex(?:es)?|Appendix|Appendices|Individual opinion|Joint opinion|"
    r"(?:Partly |Partially )?(?:dissenting|concurring|separate) opinion)\b",
    re.IGNORECASE,
)
_INADMISSIBLE = re.compile(
    r"decides\s*:?\s*(?:\(a\)\s*)?that\s+the\s+(?:communication|complaint)\s+(?:\([^)]*\)\s*)?is\s+(?:therefore\s+)?inadmissible",
    re.IGNORECASE,
)
_DISCONTINUED = re.compile(r"decides\s+to\s+discontinue\s+(?:the|its)\s+(?:consideration|examination)", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=\.)\s+(?=(?:\d+(?:\.\d+)*\.\s*)?[A-Z\[])")
_PARAGRAPH_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s*")
_FINDING = re.compile(r"\b(?:violations?|breach(?:es)?|violated)\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|no|nor)\b|n't\b", re.IGNORECASE)
_WITHIN_DAYS = re.compile(
    r"within\s+(?:a\s+period\s+of\s+)?(\d{1,4}|thirty|sixty|ninety|one hundred (?:and )?eighty)\s+days", re.IGNORECASE
)
_DAY_WORDS = {"thirty": 30, "sixty": 60, "ninety": 90, "one hundred and eighty": 180, "one hundred eighty": 180}


_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|No|Nos|para|paras|art|arts|Corr|Add|Rev)\.$")


def sentences(text: str) -> list[str]:
    """Sentences of a stretch of text, paragraph numbers ("11.") taken off."""
    found: list[str] = []
    for piece in _SENTENCE_BREAK.split(_squash(text)):
        if found and _ABBREVIATION.search(found[-1]):
            found[-1] = f"{found[-1]} {piece}"
        elif piece.strip():
            found.append(piece)
    return [_PARAGRAPH_NUMBER.sub("", s).strip() for s in found]


class Operative(Struct, frozen=True, kw_only=True):
    """What the operative part of a decision says."""

    outcome: DecisionOutcome
    articles_violated: list[str] = []
    reply_days: int | None = None
    #: Sentences after the finding: remedies and the request to reply.
    closing: list[str] = []


def operative_part(text: str) -> Operative:
    """The Committee's finding, the articles it found violated and what follows the finding."""
    acting = list(_ACTING.finditer(text))
    if acting:
        appended = _APPENDED.search(text, acting[0].end())
        end = appended.start() if appended else len(text)
        last = [m for m in acting if m.start() < end][-1]
        start = max(text.rfind(".", 0, last.start()), text.rfind("\n", 0, last.start())) + 1
        finding, *closing = sentences(text[start:end])
        positive = [m for m in _FINDING.finditer(finding) if not _negated(finding, m.start())]
        outcome = DecisionOutcome.VIOLATION if positive else DecisionOutcome.NO_VIOLATION
        articles = articles_violated(finding, [m.start() for m in positive])
        days = None
        for sentence in closing:
            if found := _WITHIN_DAYS.search(sentence):
                days = int(found[1]) if found[1].isdigit() else _DAY_WORDS[found[1].lower()]
        return Operative(
            outcome=outcome,
            articles_violated=articles,
            reply_days=days,
            closing=closing if outcome is DecisionOutcome.VIOLATION else [],
        )
    if _DISCONTINUED.search(text):
        return Operative(outcome=DecisionOutcome.DISCONTINUED)
    if _INADMISSIBLE.search(text):
        return Operative(outcome=DecisionOutcome.INADMISSIBLE)
    raise ParseError(
        "no operative part: no finding under article 22 (7) or 5 (4), and no decision on admissibility "
        "or discontinuance (is the text truncated?)"
    )


def _negated(sentence: str, at: int) -> bool:
    clause_start = max(*(sentence.rfind(word, 0, at) for word in (";", " that ", " but ", " whereas ")), at - 60, 0)
    return _NEGATED.search(sentence, clause_start, at) is not None


# --- articles ------------------------------------------------------------------------------

_ARTICLE_TOKEN = re.compile(
    r"(?P<article>\barticles?\b)|(?P<paragraph>\bparagraphs?\b)|(?P<alone>\balone\b)"
    r"|(?P<with>\b(?:in\s+conjunction|together|read)\s+with\b)|(?P<number>\b\d{1,3}\b)|\(\s*(?P<sub>[0-9]{1,2}|[a-z])\s*\)"
    r"|(?P<stop>\b(?:Optional\s+Protocol|rules?\s+of\s+procedure)\b)",
    re.IGNORECASE,
)


class _Reference:
    """One article reference being read: its path (``["14", "3", "g"]``) and what it is read with."""

    def __init__(self, path: list[str], head: _Reference | None = None) -> None:
        self.path = path
        self.head = head

    def __str__(self) -> str:
        cited = self.path[0] + "".join(f"({part})" for part in self.path[1:])
        return f"{self.head} with {cited}" if self.head else cited


def articles_violated(finding: str, at: Iterable[int]) -> list[str]:
    """Articles cited after each violation in ``finding``, as the body cites them (``"1 with 2(1)"``).

    Each citation runs from the word "violation" to the next clause (``;``, "but") or finding.
    """
    cited: list[str] = []
    for start, following in pairwise([*sorted(at), len(finding)]):
        clause = re.split(r";|\bbut\b", finding[start:following], maxsplit=1)[0]
        for reference in references(clause):
            if reference not in cited:
                cited.append(reference)
    return cited


#: What may stand between two numbers of one list of articles or paragraphs.
_LIST_GAP = re.compile(r"^[\s,;]*(?:(?:and|or)(?:\s+of)?)?[\s,;]*$", re.IGNORECASE)


def references(text: str) -> list[str]:
    """Article references in ``text``: "articles 2 (1), 12 and 14, paragraph 3 (g)" → 2(1), 12, 14(3)(g)."""
    cited: list[_Reference] = []
    level: str | None = None
    head: _Reference | None = None
    keep_alone = after_with = plural = False
    previous_end = 0
    for token in _ARTICLE_TOKEN.finditer(text):
        kind = token.lastgroup
        gap = text[previous_end : token.start()]
        listed = _LIST_GAP.match(gap) is not None
        previous_end = token.end()
        if kind == "stop":
            break
        if kind == "article":
            level, head, plural = "article", head if after_with else None, token[0].lower().endswith("s")
        elif kind == "number" and level == "paragraph" and plural and "," in gap and listed and len(cited[-1].path) > 1:
            # "articles 9, paragraphs 2 and 3, 10 and 14": after a paragraph list, a comma goes back to articles.
            level = "article"
            cited.append(_Reference([token["number"]], head))
        elif kind == "paragraph":
            level = "paragraph"
        elif kind == "alone":
            keep_alone = True
        elif kind == "with" and cited:
            head, level = cited[-1], None
            if not keep_alone:
                cited.pop()
            keep_alone = False
        elif kind == "number" and level == "article" and listed:
            cited.append(_Reference([token["number"]], head))
        elif cited and listed and ((kind == "number" and level == "paragraph") or kind == "sub"):
            value = token["number"] or token["sub"]
            depth = 1 if value.isdigit() else 2
            last = cited[-1]
            if len(last.path) <= depth:
                last.path.append(value)
            else:
                cited.append(_Reference([*last.path[:depth], value], last.head))
        else:
            level = None
        after_with = kind == "with"
    return [str(r) for r in cited]


# --- remedies ------------------------------------------------------------------------------

#: What the Committee asks: "urges the State party … to", "is under an obligation to", "should".
_DIRECTIVE = re.compile(
    r"\b(?:(?P<bare>should|must)|urges|requests?|requested|invites|calls\s+(?:up)?on|"
    r"(?:is|remains)\s+(?:also\s+)?under\s+an\s+obligation|has\s+an\s+obligation|is\s+(?:also\s+)?obligated|"
    r"is\s+(?:also\s+)?obliged|is\s+required)\b",
    re.IGNORECASE,
)
_INFINITIVE = re.compile(r"\bto\b\s*:?\s*", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r",\s*(?:and\s+)?to\s+(?=[a-z])|;\s*(?:and\s+)?")
_ENUMERATOR = re.compile(r"^(?:inter\s+alia\s*,?\s*)?(?:to\s*:?\s*)?\(?[a-z]\)\s+|^(?:and|to)\s+", re.IGNORECASE)
_REPORTING = re.compile(
    r"^(?:inform|report|submit|provide (?:the Committee|it) with information)\b|information (?:about|on) the measures",
    re.IGNORECASE,
)
_GENERAL = re.compile(r"effective remedy|reparation|redress|give effect", re.IGNORECASE)

#: Words that name each measure. A clause naming none of them, and no general remedy, is ``other``.
_KINDS = (
    (RemedyKind.INVESTIGATION, r"investigat|prosecut|punish|to\s+justice|inquiry|perpetrators"),
    (RemedyKind.COMPENSATION, r"compensat|reimburse|legal\s+costs|indemni"),
    (RemedyKind.REHABILITATION, r"rehabilitat|medical\s+(?:and|or)\s+psychological|psychological\s+(?:care|support|assistance)"),
    (
        RemedyKind.RETRIAL_OR_RELEASE,
        r"\breleas|retrial|re-trial|new\s+trial|quash|review\s+(?:of\s+)?(?:his|her|their|the)[\w\s’']{0,20}"
        r"(?:conviction|sentence)|expunge|criminal\s+record",
    ),
    (
        RemedyKind.NON_REFOULEMENT,
        r"refrain\s+from\s+(?:forcibly\s+)?(?:return|expel|deport|extradit)|not\s+to\s+(?:return|expel|deport|extradite)"
        r"|refoulement",
    ),
    (RemedyKind.RETURN_OR_PROTECTION, r"facilitate[^;]{0,40}return|\bprotect(?:ion)?\b|\bmonitor|whereabouts"),
    (
        RemedyKind.NON_REPETITION,
        r"similar\s+violations|non-repetition|future\s+violations|in\s+the\s+future|do(?:es)?\s+not\s+recur"
        r"|legislation",
    ),
)
_KIND_PATTERNS = [(kind, re.compile(words, re.IGNORECASE)) for kind, words in _KINDS]


class Measure(Struct, frozen=True):
    """One clause of what the decision asks, and the kinds of remedy it names."""

    text: str
    kinds: list[RemedyKind]


def measures(closing: Iterable[str]) -> list[Measure]:
    """The measures asked for in the sentences after the finding (the request to reply left out).

    Clauses that ask only for "an effective remedy" or "full reparation" count only when the
    decision names no particular measure; then they make one remedy of kind ``other``.
    """
    specific: list[Measure] = []
    general: list[Measure] = []
    for sentence in closing:
        directive = _DIRECTIVE.search(sentence)
        if directive is None:
            continue
        rest = sentence[directive.end() :]
        # "urges the State party, in accordance with rule 118 …, to provide": the list starts at "to".
        infinitive = None if directive["bare"] else _INFINITIVE.search(rest, 0, 250)
        for clause in _CLAUSE_BREAK.split(rest[infinitive.end() :] if infinitive else rest):
            clause = _ENUMERATOR.sub("", clause.strip(" ,:")).strip()
            clause = re.sub(r"[\s.;,:]+(?:and)?[\s.;,:]*$", "", clause)
            if len(clause) < 8 or _REPORTING.search(clause) or _WITHIN_DAYS.search(clause):
                continue
            kinds = [kind for kind, words in _KIND_PATTERNS if words.search(clause)]
            if kinds:
                specific.append(Measure(clause, kinds))
            elif _GENERAL.search(clause):
                general.append(Measure(clause, [RemedyKind.OTHER]))
            else:
                specific.append(Measure(clause, [RemedyKind.OTHER]))
    if any(RemedyKind.OTHER not in m.kinds for m in specific) or not general:
        return specific
    return [*general[:1], *specific]


def _remedy_label(kind: RemedyKind, ordinal: int) -> str:
    label = "non-repetition" if kind is RemedyKind.NON_REPETITION else kind.value.replace("_", " ")
    return label if ordinal == 1 else f"{label} ({ordinal})"


# --- the decision --------------------------------------------------------------------------

_COMMUNICATION = re.compile(r"(?:communication|complaint)\s+No\s*\.?\s*(\d{1,5})\s*/\s*(\d{4})", re.IGNORECASE)
#: The bodies whose decisions this reader knows: their operative paragraphs and reply periods.
_READ_BODIES = (Body.CAT, Body.CCPR)
_COMMITTEES = (
    (Body.CAT, re.compile(r"Committee\s+a\s*g\s*a\s*i\s*n\s*s\s*t\s+T\s*o\s*r\s*t\s*u\s*r\s*e", re.IGNORECASE)),
    (Body.CCPR, re.compile(r"Human\s+Rights\s+Committee", re.IGNORECASE)),
)
_HEAD_END = re.compile(r"Adopts\s+the\s+following|\n\s*1\.(?:1)?\s*(?:The|On)\b")
_DISTRIBUTED = re.compile(r"Distr\.\s*:?\s*\w+\s+(\d{1,2}\s+\w+\s+\d{4})", re.IGNORECASE)
_MEETING = re.compile(r"Meeting\s+on\s+(\d{1,2}\s+\w+\s+\d{4})", re.IGNORECASE)
_ADOPTED_ON = re.compile(r"adopted\s+(?:by\s+the\s+Committee\s+)?on\s+(\d{1,2}\s+\w+\s+\d{4})", re.IGNORECASE)


def _decision_symbol(symbol: str) -> Symbol | None:
    """A CAT decision's or CCPR Views' symbol (``CAT/C/51/D/441/2010``), read by the symbol grammar."""
    read = symbols.parse(symbol)
    return read if read.form is Form.DECISION and read.body in _READ_BODIES else None


def read_decision(
    text: str, *, url: str | None = None, expected_symbol: str | None = None
) -> tuple[DecisionRecord, list[RemedyRecord]]:
    """The decision and its remedies, from the text of a decision document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    head_end = _HEAD_END.search(text)
    head = text[: head_end.start() if head_end else 12000]
    printed = next(filter(None, map(_decision_symbol, symbols.find_symbols(head))), None)
    expected = _decision_symbol(expected_symbol) if expected_symbol else None
    if expected_symbol and printed and symbols.normalize(expected_symbol) != printed.text:
        raise ParseError(f"the text is {printed.text}, not {expected_symbol.strip()} as the source asks")
    found = printed or expected
    symbol = found.text if found else None
    body = found.body if found else next((b for b, name in _COMMITTEES if name.search(head)), None)
    if body is None:
        raise ParseError("neither a CAT decision nor CCPR Views: no symbol and no committee named in the front matter")
    fields = front_matter(head)
    if "state" not in fields:
        raise ParseError("not a decision text: no 'State party:' in the front matter")
    named = _COMMUNICATION.search(head)
    if found and found.communication:
        communication = found.communication
    elif named:
        communication = f"{int(named[1])}/{named[2]}"
    else:
        raise ParseError("no communication number: neither a decision symbol nor 'Communication No.' in the front matter")
    notes = []
    if named and f"{int(named[1])}/{named[2]}" != communication:
        notes.append(f"The text names communication No. {named[1]}/{named[2]}, its symbol {communication}.")
    state_name = re.sub(r"\s*\(.*$", "", fields["state"]).strip(" .;")
    state = state_code(state_name)
    authors, counsel, behalf = authors_and_counsel(fields.get("authors", ""))
    counsel = counsel or fields.get("counsel")
    victims = victims_of(fields.get("victims") or behalf, authors)
    adopted = first_date(fields.get("adopted")) or _date_after(_MEETING, text) or _date_after(_ADOPTED_ON, text)
    operative = operative_part(text)
    invoked = references("article " + fields["articles"]) if fields.get("articles") else []
    if invoked:
        notes.append(f"Articles invoked: {', '.join(invoked)}.")
    source = _source(url, _date_after(_DISTRIBUTED, head))
    decision = DecisionRecord(
        body=body,
        communication=communication,
        state=state,
        symbol=symbol,
        title=f"{case_name(authors, communication)} v. {state_name}",
        authors=authors,
        victims=victims,
        counsel=counsel,
        submitted_on=first_date(fields.get("submitted")),
        adopted_on=adopted,
        outcome=operative.outcome,
        articles_violated=operative.articles_violated,
        reply_days=operative.reply_days,
        summary=fields.get("subject"),
        sources=[source] if source else [],
        notes=" ".join(notes) or None,
    )
    return decision, remedies_of(decision, measures(operative.closing))


def _date_after(pattern: re.Pattern[str], text: str) -> dt.date | None:
    match = pattern.search(text)
    return first_date(match[1]) if match else None


def _source(url: str | None, published: dt.date | None) -> SourceRef | None:
    if not url or not re.match(r"https?://", url):
        return None
    host = urlsplit(url).hostname or ""
    publisher = "OHCHR" if host.endswith("ohchr.org") else "United Nations" if host.endswith("un.org") else None
    return SourceRef(url=url, publisher=publisher, date=published, language="en")


def case_name(authors: list[str], communication: str) -> str:
    """The case's short name as the bodies cite it: the author's surname, or initials as given."""
    names = [re.sub(r"\s*\([^)]*\)", "", a).strip() for a in authors]
    if not names:
        return f"Communication No. {communication}"

    def initials(name: str) -> bool:
        return not re.search(r"[a-z]", re.sub(r"\bet al\b\.?", "", name))

    def surname(name: str) -> str:
        return name if initials(name) else re.split(r",|\s+and\s+|\s+et al", name)[0].split()[-1]

    if len(names) == 1:
        name = names[0]
        several = re.search(r"\s+and\s+|\bet al\b|\bothers\b", name) and not initials(name)
        return f"{surname(name)} et al." if several else surname(name)
    if all(initials(n) for n in names):
        return f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{surname(names[0])} and {surname(names[1])}" if len(names) == 2 else f"{surname(names[0])} et al."


def remedies_of(decision: DecisionRecord, asked: list[Measure]) -> list[RemedyRecord]:
    """One remedy per kind named in each measure; a kind named again gets the next ordinal."""
    decision_id = ids.decision_id(decision.body, decision.communication)
    seen: Counter[RemedyKind] = Counter()
    remedies = []
    for measure in asked:
        for kind in measure.kinds:
            seen[kind] += 1
            remedies.append(
                RemedyRecord(
                    decision=decision_id,
                    kind=kind,
                    ordinal=seen[kind],
                    title=f"{decision.title}: {_remedy_label(kind, seen[kind])}",
                    text=measure.text,
                    sources=decision.sources,
                )
            )
    return remedies


# --- what is stored ------------------------------------------------------------------------


class StoredDecisions(Struct, frozen=True, kw_only=True):
    """Decisions and remedies already stored, by ID: what a text does not say is kept from them."""

    decisions: Mapping[str, Decision] = {}
    remedies: Mapping[str, Item] = {}

    def merged(self, decision: DecisionRecord, remedies: list[RemedyRecord]) -> tuple[DecisionRecord, list[RemedyRecord]]:
        """The records as read, with what the text does not say kept from the stored ones."""
        stored = self.decisions.get(ids.decision_id(decision.body, decision.communication))
        if stored is not None:
            decision = replace(
                decision,
                symbol=decision.symbol or stored.symbol,
                title=stored.title,
                authors=decision.authors or stored.authors,
                victims=decision.victims or stored.victims,
                counsel=decision.counsel or stored.counsel,
                submitted_on=decision.submitted_on or stored.submitted_on,
                adopted_on=decision.adopted_on or stored.adopted_on,
                transmitted_on=stored.transmitted_on,
                reply_days=decision.reply_days or stored.reply_days,
                summary=stored.summary or decision.summary,
                sources=_joined(stored.sources, decision.sources),
                verification=stored.verification,
                notes=stored.notes or decision.notes,
            )
        kept = []
        for remedy in remedies:
            remedy = replace(remedy, title=f"{decision.title}: {_remedy_label(remedy.kind, remedy.ordinal)}")
            item = self.remedies.get(ids.remedy_id(remedy.decision, remedy.kind.value, remedy.ordinal))
            if item is not None:
                remedy = replace(
                    remedy,
                    title=item.title or remedy.title,
                    themes=list(item.themes),
                    sources=_joined(item.sources, remedy.sources),
                    verification=item.verification,
                    notes=item.notes,
                )
            kept.append(remedy)
        return decision, kept


def _joined(stored: list[SourceRef], read: list[SourceRef]) -> list[SourceRef]:
    urls = {s.url for s in stored}
    return [*stored, *(s for s in read if s.url not in urls)]


# --- the adapter ---------------------------------------------------------------------------

_DECISION_BODIES = ["CAT", "CCPR"]


class DecisionParams(Params, frozen=True, kw_only=True):
    """The parameters of a ``decision-text`` source."""

    symbol: Annotated[
        Text | None,
        Meta(
            description=(
                "The decision's symbol (CAT/C/75/D/1234/2020): fills {symbol} in the URL, and a text with another symbol is refused."
            )
        ),
    ] = None


class DecisionText:
    """A CAT decision or CCPR Views, read from the decision document (PDF, Word, docstore HTML or plain text).

    The source's URL is the document's address; a ``{symbol}`` in it is filled from the
    ``symbol`` parameter (``Download.aspx?symbolno={symbol}&Lang=en``), and a text whose symbol
    differs from that parameter is refused.
    """

    name = "decision-text"
    Params = DecisionParams

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """The decision document's address."""
        symbol = read_params(DecisionParams, params, adapter=self.name).symbol
        if "{symbol}" not in base_url:
            return base_url
        if symbol is None:
            raise ValueError("the source's URL has {symbol} but the source has no `symbol` parameter")
        return base_url.replace("{symbol}", quote(symbol, safe=""))

    async def prepare(self, tracker: Any) -> StoredDecisions:
        """The stored CAT and CCPR decisions and their remedies, so curated fields survive a load."""
        decisions = {d.id: d async for d in every(tracker.decisions.list, body=_DECISION_BODIES)}
        remedies = {i.id: i async for i in every(tracker.items.list, kind="remedy", body=_DECISION_BODIES)}
        return StoredDecisions(decisions=decisions, remedies=remedies)

    def parse(self, body: BinaryIO, context: ParseContext) -> Harvest:
        """One decision and its remedies; raises :class:`ParseError` for a body that is not a decision text."""
        text = decision_text(body.read(), context.content_type)
        decision, remedies = read_decision(
            text, url=context.url, expected_symbol=read_params(DecisionParams, context.params, adapter=self.name).symbol
        )
        if isinstance(context.known, StoredDecisions):
            decision, remedies = context.known.merged(decision, remedies)
        return Harvest(records=[decision, *remedies])


__all__ = [
    "DecisionText",
    "Measure",
    "StoredDecisions",
    "decision_text",
    "decode",
    "html_to_text",
    "measures",
    "read_decision",
    "references",
    "sentences",
    "victims_of",
]
