"""The container files describe a deployment that can start: compose.yaml's services, their order and
health checks, and the Dockerfile's image, checked against the `tracker` command they run."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tracker_api.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _services() -> dict[str, dict]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]


def _final_stage() -> list[tuple[str, str]]:
    """The Dockerfile's instructions after its last FROM (the image that runs), continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    instructions = [
        tuple(line.split(None, 1)) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    return [(word, rest.strip()) for word, rest in instructions[last_from:]]


def _image_environment() -> dict[str, str]:
    pairs = [pair for word, rest in _final_stage() if word == "ENV" for pair in shlex.split(rest)]
    return dict(pair.split("=", 1) for pair in pairs)


def _tracker_command_lines(command: list[str]) -> list[list[str]]:
    """Every command line a container runs: a list as it is, or each part of an `sh -c "a && b"`."""
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in command[2].split("&&")]
    return [command]


def _commands_run() -> dict[str, list[list[str]]]:
    commands = {name: _tracker_command_lines(service["command"]) for name, service in _services().items() if "command" in service}
    image_cmd = next(rest for word, rest in _final_stage() if word == "CMD")
    commands["image"] = _tracker_command_lines(json.loads(image_cmd))
    return commands


def _listed_subcommands() -> set[str]:
    help_text = CliRunner().invoke(main, ["--help"]).output
    listed = help_text.split("Commands:", 1)[1]
    return {line.split()[0] for line in listed.splitlines() if line.startswith("  ") and line.split()}


def test_compose_has_the_database_the_migrations_the_service_and_the_scheduler() -> None:
    assert {"db", "migrate", "web", "scheduler"} <= set(_services())


def test_every_service_waits_only_for_services_that_exist() -> None:
    services = _services()
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, f"{name} depends on {needed!r}, which compose.yaml does not define"


def test_the_service_starts_after_the_migrations_which_start_after_the_database_is_healthy() -> None:
    services = _services()
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "scheduler"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_the_database_and_the_service_have_health_checks_and_the_service_asks_ready() -> None:
    services = _services()
    for name in ("db", "web"):
        check = services[name]["healthcheck"]
        assert not check.get("disable") and check["test"], f"{name} has no health check"
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    assert "/ready" in " ".join(services["web"]["healthcheck"]["test"])


def test_the_service_reads_postgresql_through_the_asyncpg_driver_the_image_installs() -> None:
    services = _services()
    for name in ("migrate", "web", "scheduler"):
        url = services[name]["environment"]["TRACKER_DATABASE_URL"]
        assert url.startswith("postgresql+asyncpg://") and "@db:5432/" in url


def test_the_migrations_run_the_schema_upgrade_then_load_the_bundled_data_only_into_an_empty_database() -> None:
    assert _commands_run()["migrate"] == [["tracker", "db", "upgrade"], ["tracker", "seed", "--if-empty"]]


@pytest.mark.parametrize("where", ["migrate", "web", "scheduler", "image"])
def test_every_command_the_containers_run_is_a_tracker_command_with_options_it_takes(where: str) -> None:
    listed = _listed_subcommands()
    for line in _commands_run()[where]:
        program, subcommand, *_ = line
        assert program == "tracker"
        assert subcommand in listed, f"{where} runs `tracker {subcommand}`, which `tracker --help` does not list"
        checked = CliRunner().invoke(main, [*line[1:], "--help"])
        assert checked.exit_code == 0, f"{where}: `{shlex.join(line)}`: {checked.output}"


def test_web_and_scheduler_share_the_snapshot_and_session_volumes_where_the_image_keeps_them() -> None:
    environment = _image_environment()
    services = _services()
    for name in ("web", "scheduler"):
        mounts = dict(reversed(volume.split(":", 1)) for volume in services[name]["volumes"])
        assert mounts[environment["TRACKER_SNAPSHOT_DIR"]] == "snapshots"
        assert mounts[environment["TRACKER_SESSION_DIR"]] == "sessions"


def test_the_image_runs_as_a_user_other_than_root_and_checks_its_health_on_ready() -> None:
    stage = _final_stage()
    users = [rest for word, rest in stage if word == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert "/ready" in next(rest for word, rest in stage if word == "HEALTHCHECK")
    assert _image_environment()["TRACKER_HOST"] == "0.0.0.0"
    assert ("EXPOSE", "8000") in stage


def test_the_image_is_built_from_every_folder_the_wheel_installs() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {setuptools["package-dir"].get(package, package) for package in setuptools["packages"] if "." not in package}
    copied = set(re.findall(r"^COPY (\S+) ", (ROOT / "Dockerfile").read_text(), flags=re.MULTILINE))
    assert folders == {"tracker", "api", "scrapers", "migrations"}
    for folder in folders:
        assert folder in copied, f"the Dockerfile does not COPY the folder {folder}"
