from __future__ import annotations

import pytest

from ion_mentoring import ConfigurationError, Settings


def test_defaults_need_nothing() -> None:
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.cache_url == "memory://"
    assert settings.is_embedded_default()


def test_environment_and_overrides() -> None:
    env = {
        "ION_MENTORING_API_KEYS": "a, b,,c",
        "ION_MENTORING_MAX_TEXT_CHARS": "100",
        "ION_MENTORING_REDIS_URL": "redis://127.0.0.1:6379/0",
        "ION_MENTORING_INSTANCE_NAME": "blue",
    }
    settings = Settings.from_env(env, instance_name="green")
    assert settings.api_keys == ("a", "b", "c")
    assert settings.max_text_chars == 100
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.instance_name == "green"
    assert not settings.is_embedded_default()


@pytest.mark.parametrize(
    "env",
    [
        {"ION_MENTORING_MAX_TEXT_CHARS": "lots"},
        {"ION_MENTORING_MAX_TEXT_CHARS": "0"},
        {"ION_MENTORING_LOG_FORMAT": "xml"},
    ],
)
def test_bad_values_are_configuration_errors(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        Settings.from_env(env)
