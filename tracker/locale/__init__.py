"""The message catalogues: one ``.po`` file per language, shared by the pages and the briefings.

The ``.po`` files are text kept with the code (``tracker/locale/<language>/LC_MESSAGES/tracker.po``);
they are compiled in memory the first time a language is used, so no binary catalogue is stored.
English is the language the messages are written in and needs no catalogue.
"""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

#: The languages people can read the pages and briefings in, the first the default.
LANGUAGES = ("en", "ru")
#: The catalogue's domain: the file name of every ``.po``.
DOMAIN = "tracker"


def catalogue_path(language: str) -> Any:
    """Where the ``.po`` file of ``language`` lives in the package."""
    return files("tracker") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str = "en") -> NullTranslations:
    """The compiled catalogue of ``language`` (one of :data:`LANGUAGES`), built once per process.

    ``translations("ru").gettext("Summary")`` gives ``"Сводка"``; English returns every message as written.
    """
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for language {language!r}; the languages are {', '.join(LANGUAGES)}")
    if language == LANGUAGES[0]:
        return NullTranslations()
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(message: str, language: str = "en") -> str:
    """``message`` in ``language``."""
    return translations(language).gettext(message)


def ngettext(singular: str, plural: str, number: int, language: str = "en") -> str:
    """The form of a counted message that ``number`` takes in ``language`` (Russian has three)."""
    return translations(language).ngettext(singular, plural, number)


def install_gettext(environment: Any) -> None:
    """Give a Jinja environment the i18n extension with messages in the language of each render.

    Each template is rendered with a ``language`` variable (``"en"`` when absent); ``{% trans %}``
    and ``_()`` look it up at render time, so one environment serves every language at once.
    """
    from jinja2 import pass_context

    @pass_context
    def context_gettext(context: Any, message: str) -> str:
        return translations(context.get("language") or "en").gettext(message)

    @pass_context
    def context_ngettext(context: Any, singular: str, plural: str, number: int) -> str:
        return translations(context.get("language") or "en").ngettext(singular, plural, number)

    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(gettext=context_gettext, ngettext=context_ngettext, newstyle=True)


__all__ = ["DOMAIN", "LANGUAGES", "catalogue_path", "gettext", "install_gettext", "ngettext", "translations"]
