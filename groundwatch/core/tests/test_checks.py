import pytest
from django.test import override_settings

from groundwatch.core import checks


def _ids():
    messages = [
        *checks.check_secret_key(None),
        *checks.check_database(None),
        *checks.check_data_dir(None),
        *checks.check_production_hosts(None),
    ]
    return {message.id for message in messages}


def test_production_without_a_secret_key_is_an_error():
    with override_settings(SECRET_KEY_ORIGIN="missing"):
        assert "groundwatch.E001" in _ids()


def test_a_short_secret_key_is_an_error():
    with override_settings(SECRET_KEY="short", SECRET_KEY_ORIGIN="environment"):
        assert "groundwatch.E002" in _ids()


def test_an_unsupported_database_is_an_error():
    databases = {"default": {"ENGINE": "django.db.backends.mysql", "NAME": "x"}}
    with override_settings(DATABASES=databases):  # only the check reads it; no query runs
        assert "groundwatch.E003" in _ids()


@pytest.mark.parametrize("production", [True, False])
def test_production_on_sqlite_is_warned_about(production):
    databases = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    with override_settings(PRODUCTION=production, DATABASES=databases):
        assert ("groundwatch.W001" in _ids()) is production


def test_an_unwritable_data_dir_is_an_error(tmp_path, monkeypatch):
    # Tests run as root in CI, where every directory is writable; simulate the permission answer.
    monkeypatch.setattr(checks.os, "access", lambda path, mode: False)
    with override_settings(DATA_DIR=tmp_path):
        assert "groundwatch.E004" in _ids()
    monkeypatch.undo()
    with override_settings(DATA_DIR=tmp_path):
        assert "groundwatch.E004" not in _ids()
