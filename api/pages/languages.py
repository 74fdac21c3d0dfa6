"""Which language a page speaks: ``?lang=``, else the ``lang`` cookie, else ``Accept-Language``, else English.

A ``?lang=`` choice is remembered in the ``lang`` cookie, so the next page (and the next visit)
keeps it; the switch in every page's header links to the same address with ``lang`` set.
Pages answer with ``Content-Language`` and ``Vary: Accept-Language, Cookie`` so a cache never
hands one reader's language to another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from babel import negotiate_locale
from litestar import Request
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Template

from tracker.locale import LANGUAGES

#: The ``?lang=`` values, each with its name in its own language (what the switch says).
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}
COOKIE = "lang"
#: A year: a reader's language rarely changes.
COOKIE_AGE = 365 * 24 * 3600
VARY = "Accept-Language, Cookie"


def _accepted(header: str) -> list[str]:
    """The languages of an ``Accept-Language`` header, most wanted first (``q=0`` dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def preferred_language(request: Request[Any, Any, Any]) -> str:
    """The language a reader asked for before, by cookie, else by their browser's ``Accept-Language``; else English."""
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    wanted = _accepted(request.headers.get("accept-language", ""))
    return negotiate_locale(wanted, list(LANGUAGES), sep="-") or negotiate_locale(wanted, list(LANGUAGES)) or LANGUAGES[0]


def switch_links(request: Request[Any, Any, Any], current: str) -> list[dict[str, Any]]:
    """For each language, the same address and query with ``lang`` set to it, and whether it is the current one."""
    query = [(key, value) for key, value in request.query_params.multi_items() if key != "lang"]
    return [
        {
            "code": code,
            "name": name,
            "href": f"{request.url.path}?{urlencode([*query, ('lang', code)])}",
            "current": code == current,
        }
        for code, name in LANGUAGE_NAMES.items()
    ]


@dataclass(frozen=True)
class PageLanguage:
    """The language of one page, and whether the reader chose it in this request (then it is remembered)."""

    code: str
    chosen: bool
    switch: list[dict[str, Any]]

    def headers(self) -> dict[str, str]:
        return {"Content-Language": self.code, "Vary": VARY}

    def cookies(self) -> list[Cookie]:
        if not self.chosen:
            return []
        return [Cookie(key=COOKIE, value=self.code, max_age=COOKIE_AGE, path="/", samesite="lax", httponly=True)]

    def page(
        self, template_name: str, context: dict[str, Any], status_code: int = 200, headers: dict[str, str] | None = None
    ) -> Template:
        """A page in this language: the template rendered with ``language`` and the switch, and the headers to match."""
        return Template(
            template_name=template_name,
            context={**context, "language": self.code, "language_switch": self.switch},
            status_code=status_code,
            headers={**(headers or {}), **self.headers()},
            cookies=self.cookies(),
        )


#: How a page handler asks for its language: ``language: PageLanguageDependency``.
PageLanguageDependency = NamedDependency[PageLanguage]


def page_language(
    request: Request[Any, Any, Any],
    lang: Annotated[
        Literal["en", "ru"] | None,
        QueryParameter(description="The page's language, `en` or `ru`; remembered in a cookie for the next pages"),
    ] = None,
) -> PageLanguage:
    """The language a page speaks (a dependency of every page)."""
    code = lang or preferred_language(request)
    return PageLanguage(code=code, chosen=lang is not None, switch=switch_links(request, code))


def fallback_language(request: Request[Any, Any, Any]) -> PageLanguage:
    """The language of an error page: ``?lang=`` when it is valid (it may be the very thing refused), else as before."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return PageLanguage(code=asked, chosen=True, switch=switch_links(request, asked))
    code = preferred_language(request)
    return PageLanguage(code=code, chosen=False, switch=switch_links(request, code))


__all__ = [
    "LANGUAGE_NAMES",
    "PageLanguage",
    "PageLanguageDependency",
    "fallback_language",
    "page_language",
    "preferred_language",
    "switch_links",
]
