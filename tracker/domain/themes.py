"""A small controlled vocabulary of themes, kept as data, and how texts are matched to it."""

from __future__ import annotations

from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick
from msgspec import Struct


class Theme(Struct, frozen=True, kw_only=True):
    """A theme of a dialogue briefing, its name in English and Russian, and the word stems (English
    and Russian) that signal it."""

    slug: str
    label: str
    label_ru: str
    stems: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        slug="fundamental_legal_safeguards",
        label="Fundamental legal safeguards",
        label_ru="Основные правовые гарантии",
        stems=(
            "safeguard",
            "lawyer",
            "legal aid",
            "registration",
            "custody",
            "detention authority",
            "pretrial",
            "court sanction",
            "de facto detention",
            "гарант",
            "адвокат",
        ),
    ),
    Theme(
        slug="investigation_and_prosecution",
        label="Investigation and prosecution of torture",
        label_ru="Расследование пыток и уголовное преследование",
        stems=("investigat", "prosecut", "impunity", "perpetrator", "conviction", "convicts", "расследов", "преследов"),
    ),
    Theme(
        slug="istanbul_protocol",
        label="Istanbul Protocol and forensic documentation",
        label_ru="Стамбульский протокол и судебно-медицинское документирование",
        stems=("istanbul protocol", "forensic", "medical examination", "documentation of torture", "судебно-медицин"),
    ),
    Theme(
        slug="redress_and_compensation",
        label="Redress and compensation",
        label_ru="Возмещение и компенсация",
        stems=("compensat", "redress", "reparation", "rehabilitat", "damages", "victims compensation", "компенсац", "возмещ"),
    ),
    Theme(
        slug="treaty_body_decisions",
        label="Implementation of treaty-body decisions",
        label_ru="Выполнение решений договорных органов",
        stems=("individual complaint", "treaty-body decision", "views", "communication", "cat decision", "interim measure"),
    ),
    Theme(
        slug="npm_and_monitoring",
        label="National preventive mechanism and detention monitoring",
        label_ru="Национальный превентивный механизм и мониторинг мест содержания под стражей",
        stems=(
            "preventive mechanism",
            "npm",
            "ombudsman",
            "human rights commissioner",
            "monitor",
            "nhri",
            "paris principles",
            "places of detention",
            "превентивн",
        ),
    ),
    Theme(
        slug="definition_and_criminalisation",
        label="Definition and criminalisation of torture",
        label_ru="Определение пытки и ее криминализация",
        stems=(
            "definition",
            "criminal code",
            "penalt",
            "143-1",
            "article 146",
            "statute of limitation",
            "amnesty",
            "criminalis",
            "criminaliz",
            "пытк",
        ),
    ),
    Theme(
        slug="non_refoulement",
        label="Non-refoulement",
        label_ru="Невысылка",
        stems=("refoulement", "extradit", "expel", "asylum", "refugee", "deport", "return", "экстрадиц"),
    ),
    Theme(
        slug="justice_and_fair_trial",
        label="Administration of justice and fair trial",
        label_ru="Отправление правосудия и справедливое судебное разбирательство",
        stems=(
            "administration of justice",
            "fair trial",
            "judiciary",
            "judges",
            "retrial",
            "conviction review",
            "review of conviction",
            "investigating-judge",
            "quash",
        ),
    ),
    Theme(
        slug="civic_space",
        label="Freedom of expression, assembly and association",
        label_ru="Свобода выражения мнений, собраний и ассоциаций",
        stems=("expression", "assembly", "association", "journalist", "media", "art-mob", "monument", "incitement"),
    ),
    Theme(
        slug="armed_forces",
        label="Ill-treatment in the armed forces",
        label_ru="Жестокое обращение в вооруженных силах",
        stems=("hazing", "armed forces", "army"),
    ),
    Theme(
        slug="cooperation_and_planning",
        label="Cooperation with the mechanisms and action plans",
        label_ru="Сотрудничество с механизмами и планы действий",
        stems=("action plan", "national plan", "interdepartmental", "cooperat"),
    ),
)

OTHER = Theme(slug="other", label="Other recommendations", label_ru="Другие рекомендации", stems=())

BY_SLUG = {theme.slug: theme for theme in (*THEMES, OTHER)}

_ORDER = {slug: index for index, slug in enumerate(BY_SLUG)}


class _Stems:
    """Every stem of the vocabulary, found in one pass over a text whatever their number (Aho-Corasick):
    a substring test per stem took 50 µs per item, most of a first load's deriving."""

    def __init__(self, themes: Iterable[Theme]) -> None:
        themes_of_stem: dict[str, set[str]] = {}
        for theme in themes:
            for stem in theme.stems:
                themes_of_stem.setdefault(stem, set()).add(theme.slug)
        self._automaton = AhoCorasick(list(themes_of_stem))
        self._themes = [frozenset(slugs) for slugs in themes_of_stem.values()]

    def themes_in(self, text: str) -> set[str]:
        """The themes of the stems found anywhere in ``text``, inside words and overlapping too."""
        found: set[str] = set()
        for stem, _start, _end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            found |= self._themes[stem]
        return found


_STEMS = _Stems(THEMES)


def themes_of(texts: Iterable[str | None], *, remedy_kind: str | None = None) -> list[str]:
    """The vocabulary themes a set of texts (themes, title, text) speaks of: those with a stem
    anywhere in them, inside words too; ``other`` if none.

    Remedies of individual decisions always belong to the implementation of those decisions.
    """
    found = _STEMS.themes_in(" ".join(text.casefold() for text in texts if text))
    if remedy_kind is not None:
        found.add("treaty_body_decisions")
        if remedy_kind in ("compensation", "rehabilitation"):
            found.add("redress_and_compensation")
        if remedy_kind == "investigation":
            found.add("investigation_and_prosecution")
    return sorted(found, key=_ORDER.__getitem__) or [OTHER.slug]
