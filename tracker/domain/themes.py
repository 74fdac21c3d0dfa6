"""A small controlled vocabulary of themes, kept as data, and how texts are matched to it."""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct


class Theme(Struct, frozen=True, kw_only=True):
    """A theme of a dialogue briefing, with the word stems (English and Russian) that signal it."""

    slug: str
    label: str
    stems: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme(slug="fundamental_legal_safeguards", label="Fundamental legal safeguards",
          stems=("safeguard", "lawyer", "legal aid", "registration", "custody", "detention authority", "pretrial",
                 "court sanction", "de facto detention", "гарант", "адвокат")),
    Theme(slug="investigation_and_prosecution", label="Investigation and prosecution of torture",
          stems=("investigat", "prosecut", "impunity", "perpetrator", "conviction", "convicts", "расследов",
                 "преследов")),
    Theme(slug="istanbul_protocol", label="Istanbul Protocol and forensic documentation",
          stems=("istanbul protocol", "forensic", "medical examination", "documentation of torture", "судебно-медицин")),
    Theme(slug="redress_and_compensation", label="Redress and compensation",
          stems=("compensat", "redress", "reparation", "rehabilitat", "damages", "victims compensation", "компенсац",
                 "возмещ")),
    Theme(slug="treaty_body_decisions", label="Implementation of treaty-body decisions",
          stems=("individual complaint", "treaty-body decision", "views", "communication", "cat decision",
                 "interim measure")),
    Theme(slug="npm_and_monitoring", label="National preventive mechanism and detention monitoring",
          stems=("preventive mechanism", "npm", "ombudsman", "human rights commissioner", "monitor", "nhri",
                 "paris principles", "places of detention", "превентивн")),
    Theme(slug="definition_and_criminalisation", label="Definition and criminalisation of torture",
          stems=("definition", "criminal code", "penalt", "143-1", "article 146", "statute of limitation", "amnesty",
                 "criminalis", "criminaliz", "пытк")),
    Theme(slug="non_refoulement", label="Non-refoulement",
          stems=("refoulement", "extradit", "expel", "asylum", "refugee", "deport", "return", "экстрадиц")),
    Theme(slug="justice_and_fair_trial", label="Administration of justice and fair trial",
          stems=("administration of justice", "fair trial", "judiciary", "judges", "retrial", "conviction review",
                 "review of conviction", "investigating-judge", "quash")),
    Theme(slug="civic_space", label="Freedom of expression, assembly and association",
          stems=("expression", "assembly", "association", "journalist", "media", "art-mob", "monument", "incitement")),
    Theme(slug="armed_forces", label="Ill-treatment in the armed forces", stems=("hazing", "armed forces", "army")),
    Theme(slug="cooperation_and_planning", label="Cooperation with the mechanisms and action plans",
          stems=("action plan", "national plan", "interdepartmental", "cooperat")),
)

OTHER = Theme(slug="other", label="Other recommendations", stems=())

BY_SLUG = {theme.slug: theme for theme in (*THEMES, OTHER)}


def themes_of(texts: Iterable[str | None], *, remedy_kind: str | None = None) -> list[str]:
    """The vocabulary themes a set of texts (themes, title, text) speaks of; ``other`` if none.

    Remedies of individual decisions always belong to the implementation of those decisions.
    """
    haystack = " ".join(text.casefold() for text in texts if text)
    found = [theme.slug for theme in THEMES if any(stem in haystack for stem in theme.stems)]
    if remedy_kind is not None:
        if "treaty_body_decisions" not in found:
            found.append("treaty_body_decisions")
        if remedy_kind in ("compensation", "rehabilitation") and "redress_and_compensation" not in found:
            found.append("redress_and_compensation")
        if remedy_kind == "investigation" and "investigation_and_prosecution" not in found:
            found.append("investigation_and_prosecution")
    return sorted(found, key=list(BY_SLUG).index) or [OTHER.slug]
