"""Settings come from TRACKER_* variables; a bad value is refused naming the variable."""

from __future__ import annotations

import pytest

from tracker.config import DEFAULT_DATABASE_URL, Settings, load_settings
from tracker.errors import InvalidInput


def test_without_variables_the_defaults_give_a_local_install() -> None:
    settings = load_settings({})
    assert settings == Settings()
    assert settings.database_url == "sqlite+aiosqlite:///tracker.db" == DEFAULT_DATABASE_URL
    assert settings.host == "127.0.0.1"
    assert settings.port == 8000
    assert settings.debug is False
    assert settings.log_level == "info"
    assert settings.log_format == "text"


@pytest.mark.parametrize(
    ("environ", "field", "expected"),
    [
        ({"TRACKER_PORT": "9000"}, "port", 9000),
        ({"TRACKER_PORT": "1"}, "port", 1),
        ({"TRACKER_PORT": "65535"}, "port", 65535),
        ({"TRACKER_HOST": "0.0.0.0"}, "host", "0.0.0.0"),
        ({"TRACKER_DATABASE_URL": "postgresql+asyncpg://t@db/tracker"}, "database_url", "postgresql+asyncpg://t@db/tracker"),
        ({"TRACKER_LOG_LEVEL": "debug"}, "log_level", "debug"),
        ({"TRACKER_DEBUG": "true"}, "debug", True),
        ({"TRACKER_DEBUG": "1"}, "debug", True),
        ({"TRACKER_LOG_FORMAT": "json"}, "log_format", "json"),
    ],
)
def test_a_variable_sets_its_setting_as_a_typed_value(environ: dict[str, str], field: str, expected: object) -> None:
    value = getattr(load_settings(environ), field)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("variable", "value", "field"),
    [
        ("TRACKER_PORT", "abc", "port"),
        ("TRACKER_PORT", "70000", "port"),
        ("TRACKER_PORT", "0", "port"),
        ("TRACKER_PORT", "-1", "port"),
        ("TRACKER_PORT", "80.5", "port"),
        ("TRACKER_DEBUG", "yes please", "debug"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(variable: str, value: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_settings({variable: value})
    assert caught.value.message.startswith(f"{variable}:")
    assert caught.value.field == field


def test_a_setting_of_a_fixed_few_values_names_them_when_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_settings({"TRACKER_LOG_FORMAT": "xml"})
    assert caught.value.message == "TRACKER_LOG_FORMAT: must be one of text, json; got 'xml'"
    assert caught.value.field == "log_format"


@pytest.mark.parametrize(
    "environ",
    [
        {"TRACKER_TEST_POSTGRES_URL": "postgresql://ci@localhost/test"},
        {"TRACKER_SECRET_SAUCE": "x"},
        {"PORT": "abc", "HOST": "example.org", "DEBUG": "nonsense"},
        {"TRACKERPORT": "abc"},
    ],
)
def test_unrelated_variables_are_ignored(environ: dict[str, str]) -> None:
    assert load_settings(environ) == Settings()


@pytest.mark.parametrize(
    ("variable", "meant"),
    [
        ("TRACKER_PORTS", "TRACKER_PORT"),
        ("TRACKER_DATABSE_URL", "TRACKER_DATABASE_URL"),
        ("TRACKER_LOGLEVEL", "TRACKER_LOG_LEVEL"),
    ],
)
def test_a_misspelt_setting_is_refused_naming_the_one_meant(variable: str, meant: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_settings({variable: "9000"})
    assert caught.value.message == f"{variable} is not a setting: did you mean {meant}?"


def test_unrelated_variables_do_not_hide_related_ones() -> None:
    settings = load_settings({"TRACKER_TEST_POSTGRES_URL": "postgresql://ci@localhost/test", "TRACKER_PORT": "9000"})
    assert settings == Settings(port=9000)


def test_without_a_mapping_the_process_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TRACKER_DATABASE_URL", "TRACKER_HOST", "TRACKER_DEBUG", "TRACKER_LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRACKER_PORT", "9100")
    assert load_settings().port == 9100


def test_a_value_outside_a_setting_s_choices_is_refused_listing_them() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_settings({"TRACKER_LOG_LEVEL": "loud"})
    assert caught.value.message == "TRACKER_LOG_LEVEL: must be one of critical, error, warning, info, debug, trace; got 'loud'"
    assert caught.value.field == "log_level"
