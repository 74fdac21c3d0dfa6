"""The README's library example runs as written against a seeded database."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest

import tracker

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def _run(example: str, where: Path, capsys: pytest.CaptureFixture[str]) -> str:
    cwd = os.getcwd()
    os.chdir(where)
    try:
        exec(compile(example, str(README), "exec"), {"__name__": "__readme__"})
    finally:
        os.chdir(cwd)
    return capsys.readouterr().out


#: An action without amounts on the timeline the library example prints.
STATEMENT = {
    "state": "KAZ",
    "kind": "statement",
    "date": "2014-03-01",
    "title": "Interior Ministry says the Gerasimov award will be paid",
    "sources": [{"url": "https://example.org/statement"}],
    "links": [{"item": "cat-433-2010-compensation", "effect": "no_effect"}],
}


def test_the_library_example_runs_and_prints_the_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    async def prepare() -> None:
        async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/tracker.db", upgrade=True) as t:
            await t.seed()
            await t.actions.record(STATEMENT)

    asyncio.run(prepare())
    reading = _python_blocks()[0]
    printed = _run(reading, tmp_path, capsys)
    for paragraph in ("8", "10", "13", "15"):
        assert f"cat-c-kaz-co-3-p{paragraph} " in printed
    assert "2015-11-28" in printed
    assert "Kostanay" in printed and "2000000" in printed and "KZT" in printed
    assert f"2014-03-01 {STATEMENT['title']}\n" in printed


def test_the_recording_example_runs_and_the_assessment_sets_the_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def prepare() -> None:
        async with tracker.open(f"sqlite+aiosqlite:///{tmp_path}/tracker.db", upgrade=True) as t:
            await t.seed()

    asyncio.run(prepare())
    _, recording = _python_blocks()
    printed = _run(recording, tmp_path, capsys).splitlines()
    assert printed == ["unverified no_information 1", "not_implemented independent_assessment", "True 2024-06-03"]
