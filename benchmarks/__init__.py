"""Reproducible benchmarks (see benchmarks/README.md); run from the repository root with ``python -m benchmarks.bench_load``."""
