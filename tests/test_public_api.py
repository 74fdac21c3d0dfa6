"""The library's public surface: a curated, sorted __all__, typing marker shipped, layers kept apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tracker
import tracker.ingest
import tracker.schema

ROOT = Path(__file__).resolve().parents[1]


def test_all_is_sorted_and_names_only_what_exists() -> None:
    assert tracker.__all__ == sorted(tracker.__all__)
    assert len(set(tracker.__all__)) == len(tracker.__all__)
    for name in tracker.__all__:
        assert hasattr(tracker, name), name


def test_every_public_name_is_exported_and_documented() -> None:
    public_classes = {name for name, value in vars(tracker).items() if isinstance(value, type) and not name.startswith("_")}
    assert public_classes <= set(tracker.__all__)
    for name in tracker.__all__:
        assert getattr(tracker, name).__doc__, name


def test_the_public_modules_export_only_documented_names() -> None:
    for module in (tracker.schema, tracker.ingest):
        assert module.__doc__, module.__name__
        assert module.__all__ == sorted(module.__all__), module.__name__
        for name in module.__all__:
            assert getattr(module, name).__doc__, f"{module.__name__}.{name}"


def test_the_names_of_public_signatures_are_exported() -> None:
    where = tracker.item_filter(state="kaz", body="cat")
    assert isinstance(where, tracker.ItemFilter)
    assert (list(where.states), list(where.bodies)) == (["KAZ"], [tracker.Body.CAT])
    assert issubclass(tracker.DatabaseBusy, tracker.DatabaseUnavailable)
    assert tracker.default_actor().startswith("library")


def test_the_package_ships_a_typing_marker() -> None:
    assert (Path(tracker.__file__).parent / "py.typed").exists()


def test_the_library_never_imports_the_web_layer_or_the_scrapers() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_importing_tracker_loads_neither_litestar_nor_api() -> None:
    code = (
        "import sys, tracker; print(any(m.split('.')[0] in {'litestar', 'tracker_api', 'tracker_scrapers'} for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
