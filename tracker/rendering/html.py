"""A briefing as HTML: a printable A4 page, or the article the web site embeds in its own layout."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from tracker.domain.entities import Briefing
from tracker.rendering._outline import outline

_ENVIRONMENT = Environment(
    loader=PackageLoader("tracker.rendering"), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
)


def to_html(briefing: Briefing, *, base_url: str = "", standalone: bool = True, language: str = "en") -> str:
    """The briefing as HTML in ``language`` (``"en"`` or ``"ru"``: headings, sentences, statuses, dates);
    every user-provided value is escaped.

    ``standalone=True`` gives a whole document sized for A4 print (about 10pt);
    ``standalone=False`` only the ``<article class="briefing">`` with the style it needs.
    Item and decision labels link to their pages under ``base_url``; sources are cited as
    numbers pointing to the numbered list at the end.
    """
    document = outline(briefing, base_url=base_url, language=language)
    template = _ENVIRONMENT.get_template("briefing.html")
    return template.render(doc=document, standalone=standalone, anchor=f"briefing-{document.state.lower()}")
