import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret_key,
    env_str,
    env_time_zone,
)


@pytest.mark.parametrize("raw", ["1", "true", "YES", " on "])
def test_env_bool_reads_true_words(raw):
    assert env_bool("FLAG", environ={"FLAG": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_false_words(raw):
    assert env_bool("FLAG", default=True, environ={"FLAG": raw}) is False


def test_env_bool_defaults_when_unset():
    assert env_bool("FLAG", default=True, environ={}) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "enabled"])
def test_env_bool_fails_loudly_on_anything_else(raw):
    with pytest.raises(ImproperlyConfigured, match=r"FLAG=.* is not a boolean"):
        env_bool("FLAG", environ={"FLAG": raw})


def test_env_int_reads_whole_numbers_and_rejects_the_rest():
    assert env_int("N", 5, environ={"N": "42"}) == 42
    assert env_int("N", 5, environ={}) == 5
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N", 5, environ={"N": "4.2"})
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("N", 5, minimum=0, environ={"N": "-1"})


def test_env_list_splits_on_commas_and_rejects_empty_entries():
    assert env_list("HOSTS", environ={"HOSTS": "a.example, b.example"}) == [
        "a.example",
        "b.example",
    ]
    assert env_list("HOSTS", default=["x"], environ={}) == ["x"]
    with pytest.raises(ImproperlyConfigured, match="empty entry"):
        env_list("HOSTS", environ={"HOSTS": "a.example,,b.example"})


def test_env_str_treats_blank_as_unset():
    assert env_str("NAME", "fallback", environ={"NAME": "  "}) == "fallback"


def test_env_time_zone_rejects_unknown_zones():
    assert env_time_zone("TZ", "UTC", environ={"TZ": "Europe/Vienna"}) == "Europe/Vienna"
    with pytest.raises(ImproperlyConfigured, match="not a known IANA time zone"):
        env_time_zone("TZ", "UTC", environ={"TZ": "Mars/Olympus"})


def test_env_choice_rejects_values_outside_the_choices():
    assert env_choice("LANG", "en", {"en", "de"}, environ={"LANG": "de"}) == "de"
    with pytest.raises(ImproperlyConfigured, match="not one of the supported values"):
        env_choice("LANG", "en", {"en", "de"}, environ={"LANG": "xx"})


def test_secret_key_has_a_fallback_only_in_debug():
    assert env_secret_key("KEY", debug=True, environ={})
    assert env_secret_key("KEY", debug=False, environ={"KEY": "s3cret"}) == "s3cret"
    with pytest.raises(ImproperlyConfigured, match="must be set when DJANGO_DEBUG is off"):
        env_secret_key("KEY", debug=False, environ={})


def _load_settings(monkeypatch, **env):
    """Import clinic/settings.py afresh under the given environment."""
    import importlib.util
    from pathlib import Path

    for name in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DATABASE_URL", "TIME_ZONE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = Path(__file__).resolve().parents[2] / "clinic" / "settings.py"
    spec = importlib.util.spec_from_file_location("settings_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_debug_is_off_by_default_and_then_a_secret_key_is_required(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY must be set"):
        _load_settings(monkeypatch)


def test_production_settings_turn_on_https_protection(monkeypatch):
    settings = _load_settings(
        monkeypatch, DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="clinic.example.org"
    )
    assert settings.DEBUG is False
    assert settings.SECURE_SSL_REDIRECT is True
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.ALLOWED_HOSTS == ["clinic.example.org"]


def test_database_url_selects_postgresql(monkeypatch):
    settings = _load_settings(
        monkeypatch, DJANGO_DEBUG="1", DATABASE_URL="postgres://u:p@db.example:5432/clinic"
    )
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["NAME"]) == ("db.example", "clinic")


def test_bad_database_url_fails_loudly(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        _load_settings(monkeypatch, DJANGO_DEBUG="1", DATABASE_URL="nosuchdb://whatever")


def test_default_database_is_sqlite_under_var(monkeypatch):
    settings = _load_settings(monkeypatch, DJANGO_DEBUG="1")
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert str(db["NAME"]).endswith("var/db.sqlite3")


def test_bad_time_zone_fails_loudly(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="TIME_ZONE"):
        _load_settings(monkeypatch, DJANGO_DEBUG="1", TIME_ZONE="Nowhere/Land")


def test_production_settings_require_a_second_factor_and_end_sessions(monkeypatch):
    settings = _load_settings(monkeypatch, DJANGO_SECRET_KEY="x" * 60)
    assert settings.CLINIC_REQUIRE_MFA is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 10 * 60 * 60


def test_session_and_lockout_limits_come_from_the_environment(monkeypatch):
    settings = _load_settings(
        monkeypatch,
        DJANGO_DEBUG="1",
        DJANGO_SESSION_IDLE_MINUTES="15",
        CLINIC_LOGIN_FAILURES="3",
        CLINIC_LOGIN_FAILURES_PER_ADDRESS="10",
        CLINIC_LOCKOUT_MINUTES="30",
    )
    assert settings.CLINIC_REQUIRE_MFA is False
    assert settings.SESSION_IDLE_TIMEOUT == 15 * 60
    assert settings.ACCOUNT_RATE_LIMITS == {"login_failed": "10/30m/ip,3/30m/key"}


def test_behind_a_proxy_the_client_address_is_taken_from_it(monkeypatch):
    settings = _load_settings(monkeypatch, DJANGO_DEBUG="1", DJANGO_BEHIND_PROXY="1")
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 1
    settings = _load_settings(monkeypatch, DJANGO_DEBUG="1", DJANGO_CLIENT_IP_HEADER="X-Real-IP")
    assert settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER == "X-Real-IP"


def test_a_bad_idle_timeout_fails_loudly(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SESSION_IDLE_MINUTES"):
        _load_settings(monkeypatch, DJANGO_DEBUG="1", DJANGO_SESSION_IDLE_MINUTES="0")
