"""Closed vocabularies of the domain. Extend them when real data needs it; never free text."""

from __future__ import annotations

from enum import StrEnum


class Body(StrEnum):
    """The mechanism that issued a text."""

    CAT = "CAT"
    CCPR = "CCPR"
    CESCR = "CESCR"
    CEDAW = "CEDAW"
    CERD = "CERD"
    CRC = "CRC"
    CRPD = "CRPD"
    CED = "CED"
    CMW = "CMW"
    SPT = "SPT"
    UPR = "UPR"
    SP = "SP"


#: Treaty bodies that decide individual complaints.
DECISION_BODIES = frozenset({Body.CAT, Body.CCPR, Body.CESCR, Body.CEDAW, Body.CERD, Body.CRC, Body.CRPD, Body.CED, Body.CMW})


class DocumentKind(StrEnum):
    """What a UN document is, as far as follow-up is concerned."""

    CONCLUDING_OBSERVATIONS = "concluding_observations"
    UPR_OUTCOME = "upr_outcome"
    DECISION = "decision"
    STATE_REPORT = "state_report"
    FOLLOW_UP_REPLY = "follow_up_reply"
    FOLLOW_UP_LETTER = "follow_up_letter"
    LIST_OF_ISSUES = "list_of_issues"
    SUMMARY_RECORD = "summary_record"
    VISIT_REPORT = "visit_report"
    OTHER = "other"


class ItemKind(StrEnum):
    """A follow-up item is one recommendation, or one remedy of one decision."""

    RECOMMENDATION = "recommendation"
    REMEDY = "remedy"


class RemedyKind(StrEnum):
    """One thing an individual decision asks of the State."""

    INVESTIGATION = "investigation"
    COMPENSATION = "compensation"
    REHABILITATION = "rehabilitation"
    NON_REPETITION = "non_repetition"
    RETRIAL_OR_RELEASE = "retrial_or_release"
    NON_REFOULEMENT = "non_refoulement"
    RETURN_OR_PROTECTION = "return_or_protection"
    OTHER = "other"


class DecisionOutcome(StrEnum):
    """What a treaty body concluded on an individual complaint."""

    VIOLATION = "violation"
    NO_VIOLATION = "no_violation"
    INADMISSIBLE = "inadmissible"
    DISCONTINUED = "discontinued"


class UprResponse(StrEnum):
    """The State's response to a UPR recommendation. Not an implementation status."""

    SUPPORTED = "supported"
    NOTED = "noted"


class ActionKind(StrEnum):
    """What kind of thing a State (or someone about it) did."""

    LEGISLATION_ADOPTED = "legislation_adopted"
    LEGISLATION_AMENDED = "legislation_amended"
    BILL_INTRODUCED = "bill_introduced"
    COURT_RULING = "court_ruling"
    COMPENSATION_PAID = "compensation_paid"
    INVESTIGATION_OPENED = "investigation_opened"
    INVESTIGATION_CLOSED = "investigation_closed"
    PROSECUTION = "prosecution"
    CONVICTION = "conviction"
    ACQUITTAL = "acquittal"
    INSTITUTIONAL_MEASURE = "institutional_measure"
    POLICY_OR_PLAN = "policy_or_plan"
    TRAINING = "training"
    STATE_REPORT_SUBMITTED = "state_report_submitted"
    FOLLOW_UP_REPLY_SUBMITTED = "follow_up_reply_submitted"
    COMMITTEE_COMMUNICATION = "committee_communication"
    CIVIL_SOCIETY_REPORT = "civil_society_report"
    STATEMENT = "statement"
    OTHER = "other"


#: Actions that count as the State replying on an item (they stop it being overdue); a
#: ``statement`` counts too when it is addressed to the item's body.
REPLY_KINDS = frozenset({ActionKind.FOLLOW_UP_REPLY_SUBMITTED, ActionKind.STATE_REPORT_SUBMITTED})

#: Actions that are words, not measures: a ``regresses`` link from one of them is a refusal
#: (``not_implemented``); from a measure (a law, a ruling, a plan) it is ``contrary``.
COMMUNICATION_KINDS = frozenset(
    {
        ActionKind.STATEMENT,
        ActionKind.FOLLOW_UP_REPLY_SUBMITTED,
        ActionKind.STATE_REPORT_SUBMITTED,
        ActionKind.COMMITTEE_COMMUNICATION,
        ActionKind.CIVIL_SOCIETY_REPORT,
    }
)

#: Actions that may name the body they were addressed to (``addressed_to``).
ADDRESSED_KINDS = frozenset({ActionKind.STATEMENT, ActionKind.FOLLOW_UP_REPLY_SUBMITTED, ActionKind.STATE_REPORT_SUBMITTED})

#: Actions that are not the State's own doing (shown on timelines, never as "what the State did last").
NOT_BY_THE_STATE = frozenset({ActionKind.COMMITTEE_COMMUNICATION, ActionKind.CIVIL_SOCIETY_REPORT})

#: Only these kinds may carry court and amount fields.
COURT_KINDS = frozenset({ActionKind.COURT_RULING})
AMOUNT_KINDS = frozenset({ActionKind.COURT_RULING, ActionKind.COMPENSATION_PAID})


class DatePrecision(StrEnum):
    """How much of an action's date is known: sources often say only "November 2013"."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class CourtInstance(StrEnum):
    """The level of the court that ruled."""

    FIRST = "first"
    APPEAL = "appeal"
    CASSATION = "cassation"
    SUPREME = "supreme"


class CourtOutcome(StrEnum):
    """What the court decided on the claim or appeal."""

    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    DISMISSED = "dismissed"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class Effect(StrEnum):
    """What an action does for one item it is linked to."""

    IMPLEMENTS = "implements"
    ADVANCES = "advances"
    PARTIAL = "partial"
    NO_EFFECT = "no_effect"
    REGRESSES = "regresses"


class Verification(StrEnum):
    """Whether a record is confirmed: taken from the body's or the State's own published
    document, or confirmed by a second editor. Only verified records move an item's status."""

    UNVERIFIED = "unverified"
    VERIFIED = "verified"


class AssessorKind(StrEnum):
    """Who judged an item's implementation."""

    COMMITTEE = "committee"
    STATE = "state"
    NGO = "ngo"
    NHRI = "nhri"
    UN_AGENCY = "un_agency"
    OTHER_STATE = "other_state"
    REGIONAL_ORGANISATION = "regional_organisation"
    RESEARCHER = "researcher"
    EDITOR = "editor"


#: Assessors who are neither the body nor the State: their latest verified judgement gives the
#: status when the body has given none.
INDEPENDENT_ASSESSORS = frozenset(
    {
        AssessorKind.NGO,
        AssessorKind.NHRI,
        AssessorKind.UN_AGENCY,
        AssessorKind.OTHER_STATE,
        AssessorKind.REGIONAL_ORGANISATION,
        AssessorKind.RESEARCHER,
        AssessorKind.EDITOR,
    }
)


class Scale(StrEnum):
    """The grading scale an assessment was made on; the native grade is always kept."""

    CAT_FOLLOWUP = "cat_followup"
    CCPR_FOLLOWUP = "ccpr_followup"
    TB_DECISION_FOLLOWUP = "tb_decision_followup"
    UPR_INFO = "upr_info"
    NORMALIZED = "normalized"


class Status(StrEnum):
    """Normalized implementation status of a follow-up item."""

    NO_INFORMATION = "no_information"
    NOT_IMPLEMENTED = "not_implemented"
    PARTIALLY_IMPLEMENTED = "partially_implemented"
    IMPLEMENTED = "implemented"
    CONTRARY = "contrary"
    CLOSED = "closed"


#: Statuses that need no more follow-up: such an item is never overdue.
SETTLED = frozenset({Status.IMPLEMENTED, Status.CLOSED})


class StatusRule(StrEnum):
    """Which rule of status derivation produced an item's status, in the order they are tried."""

    BODY_ASSESSMENT = "body_assessment"
    INDEPENDENT_ASSESSMENT = "independent_assessment"
    LINKED_ACTIONS = "linked_actions"
    STATE_ASSESSMENT = "state_assessment"
    NONE = "none"


class Procedure(StrEnum):
    """Follow-up procedures that set a reply deadline."""

    CAT_CO_FOLLOW_UP = "cat_co_follow_up"
    CAT_DECISION = "cat_decision"
    CCPR_VIEWS = "ccpr_views"
    CCPR_CO_FOLLOW_UP = "ccpr_co_follow_up"
    UPR = "upr"
    SPT_VISIT_REPORT = "spt_visit_report"


class Role(StrEnum):
    """What an API key may do; each role includes the ones before it."""

    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"

    def includes(self, other: Role) -> bool:
        """Whether a key with this role may do what ``other`` may."""
        order = list(Role)
        return order.index(self) >= order.index(other)


class CandidateStatus(StrEnum):
    """Where an inbox candidate stands in triage."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class RunOutcome(StrEnum):
    """How a run of a source ended."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"
    CANCELLED = "cancelled"


class AdapterName(StrEnum):
    """The kinds of source the scrapers can read."""

    UNDL_MARCXML = "undl-marcxml"
    UNDL_RSS = "undl-rss"
    DECISION_TEXT = "decision-text"
    UHRI_EXPORT = "uhri-export"
    TB_LISTING = "tb-listing"
    UPRINFO = "uprinfo"
    FEED = "feed"
    DOCUMENT_TEXTS = "document-texts"
    KZ_LEGAL_ACTS = "kz-legal-acts"


#: Adapters that read a State's official register of legal acts: what they propose is the
#: State's own publication, so an action accepted from it is verified by its source.
OFFICIAL_REGISTERS = frozenset({AdapterName.KZ_LEGAL_ACTS})
