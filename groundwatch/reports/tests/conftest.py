"""The demo mission, loaded once per test that needs it (shared by the export, page and sitrep tests)."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(db, settings, tmp_path):
    from groundwatch.demo.loader import load_demo

    settings.DATA_DIR = tmp_path / "data"
    return load_demo()


@pytest.fixture
def demo_admin(demo):
    from groundwatch.accounts.models import Membership
    from groundwatch.core.choices import Role

    return Membership.objects.get(mission=demo.mission, role=Role.ADMIN).user
