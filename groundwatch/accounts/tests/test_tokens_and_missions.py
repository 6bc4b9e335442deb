import datetime as dt

import pytest

from groundwatch.accounts.models import ApiToken, Membership
from groundwatch.accounts.services import (
    create_mission,
    issue_api_token,
    revoke_api_token,
    set_membership,
    user_for_token,
)
from groundwatch.core.errors import NotFound, PermissionDenied, ValidationFailed
from groundwatch.tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_and_only_its_hash_is_kept(analyst):
    secret = issue_api_token(user=analyst, actor=analyst, name="laptop script")
    stored = ApiToken.objects.get(user=analyst)
    assert secret not in (stored.token_hash, stored.prefix) and stored.prefix == secret[:10]
    assert user_for_token(secret) == analyst
    assert user_for_token(secret + "x") is None
    assert user_for_token("not-a-token") is None


def test_revoked_and_expired_tokens_stop_working(analyst):
    revoked = issue_api_token(user=analyst, actor=analyst, name="old")
    revoke_api_token(token=ApiToken.objects.get(prefix=revoked[:10]), actor=analyst)
    assert user_for_token(revoked) is None
    expired = issue_api_token(user=analyst, actor=analyst, name="short", lifetime=dt.timedelta(seconds=-1))
    assert user_for_token(expired) is None


def test_a_deactivated_users_token_stops_working(analyst):
    secret = issue_api_token(user=analyst, actor=analyst, name="script")
    analyst.is_active = False
    analyst.save()
    assert user_for_token(secret) is None


def test_nobody_creates_a_token_for_someone_else(analyst, viewer):
    with pytest.raises(ValidationFailed):
        issue_api_token(user=viewer, actor=analyst, name="sneaky")


def test_the_person_who_opens_a_mission_administers_it():
    founder = make_user("founder")
    mission = create_mission(actor=founder, name="Border monitoring 2024")
    assert mission.slug == "border-monitoring-2024"
    assert Membership.objects.get(mission=mission, user=founder).role == "admin"
    with pytest.raises(ValidationFailed, match="exists already"):
        create_mission(actor=founder, name="Border monitoring 2024")


def test_only_a_mission_admin_manages_members(mission, analyst, admin_member, outsider):
    newcomer = make_user("newcomer")
    with pytest.raises(PermissionDenied):
        set_membership(mission=mission, actor=analyst, user=newcomer, role="viewer")
    with pytest.raises(NotFound):
        set_membership(mission=mission, actor=outsider, user=newcomer, role="viewer")
    set_membership(mission=mission, actor=admin_member, user=newcomer, role="viewer")
    with pytest.raises(ValidationFailed, match="Unknown role"):
        set_membership(mission=mission, actor=admin_member, user=newcomer, role="boss")
