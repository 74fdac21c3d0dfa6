"""Adapter names, as sources store them, to the adapters that read them, and the parameters each takes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import import_module

from tracker.domain.enums import AdapterName
from tracker_scrapers.harvest import Adapter, BadParams, ParamInfo, describe_params, stored_params

#: Where each adapter lives: module in ``tracker_scrapers.sources`` and class name.
_WHERE = {
    AdapterName.UNDL_MARCXML: ("undl", "UndlMarcXml"),
    AdapterName.UNDL_RSS: ("undl", "UndlRss"),
    AdapterName.DECISION_TEXT: ("decisions", "DecisionText"),
    AdapterName.UHRI_EXPORT: ("uhri", "UhriExport"),
    AdapterName.TB_LISTING: ("tb_listing", "TreatyBodyListing"),
    AdapterName.UPRINFO: ("uprinfo", "UprInfo"),
    AdapterName.FEED: ("feeds", "Feed"),
    AdapterName.DOCUMENT_TEXTS: ("document_texts", "DocumentTexts"),
    AdapterName.KZ_LEGAL_ACTS: ("kz_legal_acts", "KzLegalActs"),
}

#: Official sources no adapter reads, and why; what they publish reaches the tracker through
#: news and NGO feeds (adapter ``feed``) instead.
NOT_READ = (
    "Tajikistan's official legal portal (adliya.tj) is unreachable from outside the country:"
    " Tajik laws reach the tracker through news and NGO feeds (adapter feed).",
    "Kazakhstan's court decisions (sud.gov.kz) need a registered account with a digital signature:"
    " rulings reach the tracker through news and NGO feeds (adapter feed).",
)


def adapter_for(name: str | AdapterName) -> Adapter:
    """A fresh adapter for the name a source gives; raises KeyError for an unknown one."""
    module, cls = _WHERE[AdapterName(name)]
    adapter: Adapter = getattr(import_module(f"tracker_scrapers.sources.{module}"), cls)()
    return adapter


def adapter_params(name: str | AdapterName) -> tuple[ParamInfo, ...]:
    """The parameters a source of adapter ``name`` may set, in the order the adapter declares them."""
    return describe_params(adapter_for(name).Params)


def check_source(adapter: str | AdapterName, url: str, params: Mapping[str, str | Sequence[str]]) -> dict[str, str]:
    """A source's parameters checked against what its adapter declares, as the source stores them;
    raises :class:`~tracker_scrapers.harvest.BadParams` naming every problem (unknown names, bad values,
    missing ones, and a URL the parameters cannot fill)."""
    reading = adapter_for(adapter)
    stored = stored_params(reading.Params, params, adapter=reading.name)
    try:
        reading.url(url, stored)
    except ValueError as exc:
        raise exc if isinstance(exc, BadParams) else BadParams([str(exc)]) from None
    return stored


def source_problems(adapter: str | AdapterName, url: str, params: Mapping[str, str]) -> list[str]:
    """What keeps a stored source from running, one line each; empty when it can run."""
    try:
        check_source(adapter, url, params)
    except BadParams as exc:
        return exc.problems
    return []
