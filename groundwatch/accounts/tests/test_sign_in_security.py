"""Signing in: a second factor for roles that see confidential records, lock-out, sessions, tokens."""

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from groundwatch.accounts.models import ApiToken
from groundwatch.accounts.services import issue_api_token
from groundwatch.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _sign_in(client, user, password=TEST_PASSWORD):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


def test_an_analyst_must_set_up_a_second_factor_before_seeing_anything(
    two_factor_on, client, analyst, mission
):
    _sign_in(client, analyst)
    page = client.get(f"/m/{mission.slug}/events/")
    assert page.status_code == 302 and page.url.startswith("/accounts/two-factor/")
    setup = client.get(page.url)
    assert b"Set up two-factor sign-in" in setup.content and b"data:image/svg+xml" in setup.content
    device = TOTPDevice.objects.get(user=analyst, confirmed=False)
    wrong = client.post(page.url, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert b"That code is not right" in wrong.content
    # A wrong code makes the device wait before the next try (django-otp throttling); let that time pass.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )
    right = client.post(page.url, {"code": _code(device), "next": f"/m/{mission.slug}/events/"})
    assert right.status_code == 302 and right.url == f"/m/{mission.slug}/events/"
    assert client.get(f"/m/{mission.slug}/events/").status_code == 200
    assert TOTPDevice.objects.get(user=analyst).confirmed


def test_a_password_alone_does_not_open_the_api_session_for_an_analyst(two_factor_on, client, analyst):
    _sign_in(client, analyst)
    response = client.get("/api/v1/missions")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_a_viewer_signs_in_with_a_password_only(two_factor_on, client, viewer, mission):
    _sign_in(client, viewer)
    assert client.get(f"/m/{mission.slug}/").status_code == 200


def test_the_next_target_cannot_send_people_to_another_site(two_factor_on, client, analyst):
    _sign_in(client, analyst)
    device = TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    response = client.post("/accounts/two-factor/", {"code": _code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"


def test_repeated_wrong_passwords_lock_the_username_out(client, viewer, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, viewer, "wrong password").status_code == 200
    assert _sign_in(client, viewer, "wrong password").status_code == 429  # the last allowed failure
    locked = _sign_in(client, viewer)  # even the right password is refused now
    assert locked.status_code == 429 and b"Too many failed sign-ins" in locked.content
    assert "_auth_user_id" not in client.session
    other = Client()
    assert _sign_in(other, viewer, "wrong").status_code == 429  # same username, same address


def test_signing_in_rotates_the_session_and_signing_out_ends_it(client, viewer, mission):
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid")
    _sign_in(client, viewer)
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    client.post("/accounts/logout/")
    stale = Client()
    stale.cookies["sessionid"] = after
    assert stale.get(f"/m/{mission.slug}/").status_code == 302  # back to sign-in


def test_changing_the_password_or_deactivating_ends_other_sessions(viewer, mission):
    laptop = Client()
    _sign_in(laptop, viewer)
    assert laptop.get(f"/m/{mission.slug}/").status_code == 200
    viewer.set_password("a brand new long password")
    viewer.save()
    assert laptop.get(f"/m/{mission.slug}/").status_code == 302
    _sign_in(laptop, viewer, "a brand new long password")
    viewer.is_active = False
    viewer.save()
    assert laptop.get(f"/m/{mission.slug}/").status_code == 302


def test_tokens_can_be_listed_created_and_revoked_from_the_account_page(client, analyst):
    client.force_login(analyst)
    created = client.post("/accounts/tokens/", {"name": "nightly export"})
    secret = created.context["new_secret"]
    assert secret.startswith("gw_") and secret.encode() in created.content
    token = ApiToken.objects.get(user=analyst)
    listing = client.get("/accounts/tokens/")
    assert b"nightly export" in listing.content and secret.encode() not in listing.content
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/missions").status_code == 200
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/v1/missions").status_code == 401


def test_nobody_revokes_someone_elses_token(client, analyst, viewer):
    issue_api_token(user=viewer, actor=viewer, name="viewer script")
    token = ApiToken.objects.get(user=viewer)
    client.force_login(analyst)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked
