"""Persistence: models, engines, migrations and full-text search. Rows never leave ``tracker``."""
