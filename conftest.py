"""Shared fixtures: test personas (a member of each role, an outsider) and an isolated file store."""

from __future__ import annotations

import pytest

from groundwatch.core.choices import Role


@pytest.fixture(autouse=True)
def _isolated_store(settings, tmp_path):
    """Each test gets its own attachment store and key file, so tests never share or leave files."""
    settings.ATTACHMENT_STORE_DIR = tmp_path / "attachments"
    settings.FIELD_KEY_FILE = tmp_path / "field-keys.json"


@pytest.fixture(autouse=True)
def _password_only_sign_in(settings):
    """Pages are tested signed in with force_login; two-factor sign-in has its own tests that turn it on."""
    settings.REQUIRE_TWO_FACTOR = False


@pytest.fixture
def places(db):
    from groundwatch.geo.services import load_seed_places

    load_seed_places()


@pytest.fixture
def mission(db):
    from groundwatch.tests.factories import make_mission

    return make_mission("Karabakh monitoring")


@pytest.fixture
def other_mission(db):
    from groundwatch.tests.factories import make_mission

    return make_mission("Another mission")


@pytest.fixture
def viewer(mission):
    from groundwatch.tests.factories import make_member

    return make_member(mission, Role.VIEWER, "viewer")


@pytest.fixture
def monitor(mission):
    from groundwatch.tests.factories import make_member

    return make_member(mission, Role.MONITOR, "monitor")


@pytest.fixture
def analyst(mission):
    from groundwatch.tests.factories import make_member

    return make_member(mission, Role.ANALYST, "analyst")


@pytest.fixture
def coordinator(mission):
    from groundwatch.tests.factories import make_member

    return make_member(mission, Role.COORDINATOR, "coordinator")


@pytest.fixture
def admin_member(mission):
    from groundwatch.tests.factories import make_member

    return make_member(mission, Role.ADMIN, "missionadmin")


@pytest.fixture
def outsider(other_mission):
    """A member of another mission: must see nothing of ``mission`` and get 404 for its records."""
    from groundwatch.tests.factories import make_member

    return make_member(other_mission, Role.ADMIN, "outsider")
