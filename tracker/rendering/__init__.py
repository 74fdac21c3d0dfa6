"""A State's dialogue briefing as a document: Markdown, HTML (printable A4 or a page fragment) and Word.

Each format renders the same outline (``_outline``), so all three carry the same sections in the
same order, the same words for statuses and dates (``tracker.domain.wording``) and the same
source numbers; sections with nothing in them are left out.

Each takes ``language="en"`` (the default) or ``language="ru"``: headings and sentences come from
the message catalogue (``tracker/locale``), statuses, dates and sums from the wording table, so
``to_markdown(briefing, language="ru")`` is the same briefing in Russian. What people recorded
(titles, court names, the library's item labels) is printed as recorded.
"""

from tracker.rendering.html import to_html
from tracker.rendering.markdown import to_markdown
from tracker.rendering.word import to_docx

__all__ = ["to_docx", "to_html", "to_markdown"]
