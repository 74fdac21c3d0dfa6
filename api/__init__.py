"""The HTTP service: Litestar routes, problem-details errors, settings, and the CLI."""
