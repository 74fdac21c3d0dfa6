"""Adapter names, as sources store them, to the adapters that read them."""

from __future__ import annotations

from importlib import import_module

from scrapers.harvest import Adapter
from tracker.domain.enums import AdapterName

#: Where each adapter lives: module in ``scrapers.sources`` and class name.
_WHERE = {
    AdapterName.UNDL_MARCXML: ("undl", "UndlMarcXml"),
    AdapterName.UNDL_RSS: ("undl", "UndlRss"),
    AdapterName.DECISION_TEXT: ("decisions", "DecisionText"),
    AdapterName.UHRI_EXPORT: ("uhri", "UhriExport"),
    AdapterName.TB_LISTING: ("tb_listing", "TreatyBodyListing"),
    AdapterName.UPRINFO: ("uprinfo", "UprInfo"),
    AdapterName.FEED: ("feeds", "Feed"),
    AdapterName.DOCUMENT_TEXTS: ("document_texts", "DocumentTexts"),
}


def adapter_for(name: str | AdapterName) -> Adapter:
    """A fresh adapter for the name a source gives; raises KeyError for an unknown one."""
    module, cls = _WHERE[AdapterName(name)]
    adapter: Adapter = getattr(import_module(f"scrapers.sources.{module}"), cls)()
    return adapter
