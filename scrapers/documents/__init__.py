"""Readers of the structure of particular kinds of UN documents, from their text (:mod:`tracker_scrapers.texts`)."""
