"""Scrapers: turn treaty-body and UPR sources into records for tracker.services."""
