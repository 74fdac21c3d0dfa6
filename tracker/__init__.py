"""tracker: follow how States implement what UN human-rights mechanisms ask of them.

Open a database and read follow-up items::

    import tracker

    async with tracker.open("sqlite+aiosqlite:///tracker.db") as t:
        items = await t.items.list(state="KAZ", body="CAT", follow_up=True)
        item = await t.items.get("cat-433-2010-compensation")
"""

from tracker.config import Settings, load_settings
from tracker.domain.entities import (
    Action,
    Amounts,
    Assessment,
    Briefing,
    Change,
    CourtRuling,
    Decision,
    DecisionDetail,
    Document,
    DocumentDetail,
    Item,
    ItemDetail,
    ItemLink,
    Page,
    Review,
    SourceRef,
    State,
    StateOverview,
    StateSummary,
    StatusBasis,
    StatusChange,
    TimelineEntry,
)
from tracker.domain.enums import (
    ActionKind,
    AssessorKind,
    Body,
    DatePrecision,
    Effect,
    ItemKind,
    RemedyKind,
    Scale,
    Status,
    StatusRule,
    Verification,
)
from tracker.errors import DatabaseUnavailable, InvalidInput, NotFound, TrackerError
from tracker.library import Actions, Briefings, Changes, Decisions, Documents, Items, States, Tracker, open
from tracker.services.loading import LoadReport

__version__ = "0.1.0"

__all__ = [
    "Action",
    "ActionKind",
    "Actions",
    "Amounts",
    "Assessment",
    "AssessorKind",
    "Body",
    "Briefing",
    "Briefings",
    "Change",
    "Changes",
    "CourtRuling",
    "DatabaseUnavailable",
    "DatePrecision",
    "Decision",
    "DecisionDetail",
    "Decisions",
    "Document",
    "DocumentDetail",
    "Documents",
    "Effect",
    "InvalidInput",
    "Item",
    "ItemDetail",
    "ItemKind",
    "ItemLink",
    "Items",
    "LoadReport",
    "NotFound",
    "Page",
    "RemedyKind",
    "Review",
    "Scale",
    "Settings",
    "SourceRef",
    "State",
    "StateOverview",
    "StateSummary",
    "States",
    "Status",
    "StatusBasis",
    "StatusChange",
    "StatusRule",
    "TimelineEntry",
    "Tracker",
    "TrackerError",
    "Verification",
    "load_settings",
    "open",
]
