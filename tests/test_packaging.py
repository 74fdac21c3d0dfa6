"""The wheel installs beside other packages: no generic top-level names, everything the code reads at run time inside."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def _folder(package: str) -> Path:
    top, _, rest = package.partition(".")
    return ROOT / SETUPTOOLS["package-dir"].get(top, top) / rest.replace(".", "/")


def test_every_folder_with_an_init_is_a_listed_package() -> None:
    listed = {_folder(package) for package in SETUPTOOLS["packages"]}
    found = {init.parent for top in ("tracker", "api", "scrapers", "migrations") for init in (ROOT / top).rglob("__init__.py")}
    assert found == listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)], check=True, capture_output=True
    )
    (built,) = out.glob("tracker-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_installs_only_names_that_say_tracker(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist() if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"tracker", "tracker_api", "tracker_scrapers", "tracker_migrations"}


def test_the_wheel_holds_the_files_the_code_reads_at_run_time(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for wanted in (
        "tracker/py.typed",
        "tracker/locale/ru/LC_MESSAGES/tracker.po",
        "tracker/rendering/templates/briefing.html",
        "tracker_api/pages/templates/base.html",
        "tracker_api/static/redoc/redoc.standalone.js",
        "tracker_migrations/script.py.mako",
        "tracker_migrations/env.py",
        "tracker_migrations/versions/0001_initial_schema.py",
    ):
        assert wanted in names, wanted
    seeds = [name for name in names if name.startswith("tracker/seed/") and name.endswith((".ndjson", ".json"))]
    assert seeds


def test_the_library_upgrades_a_database_from_a_project_with_its_own_migrations_folder(tmp_path: Path) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "__init__.py").write_text("raise ImportError('this is the other project’s migrations')\n")
    code = (
        "import asyncio, tracker\n"
        "async def main():\n"
        "    async with tracker.open('sqlite+aiosqlite:///own.db', upgrade=True) as t:\n"
        "        print(len((await t.items.list()).items))\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"
