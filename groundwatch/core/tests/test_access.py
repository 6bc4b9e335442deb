import pytest

from groundwatch.accounts.services import remove_membership, set_membership
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Confidentiality, Role
from groundwatch.core.errors import NotFound, PermissionDenied
from groundwatch.events.models import Claim, Event, Measure
from groundwatch.events.services import MeasureInput
from groundwatch.sources.models import Report
from groundwatch.tests.factories import make_claim, make_event, make_member, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def events_by_level(mission):
    return {
        level: make_event(
            mission,
            f"{level.label} event",
            confidentiality=level,
            measures=[MeasureInput("people_displaced", 100)],
        )
        for level in Confidentiality
    }


@pytest.mark.parametrize(
    ("role", "highest_visible"),
    [
        (Role.VIEWER, Confidentiality.INTERNAL),
        (Role.MONITOR, Confidentiality.CONFIDENTIAL),
        (Role.ANALYST, Confidentiality.CONFIDENTIAL),
        (Role.COORDINATOR, Confidentiality.CONFIDENTIAL),
        (Role.ADMIN, Confidentiality.STRICTLY_CONFIDENTIAL),
    ],
)
def test_each_role_sees_events_up_to_its_clearance(mission, events_by_level, role, highest_visible):
    member = make_member(mission, role)
    visible = set(Event.objects.restrict(member).values_list("confidentiality", flat=True))
    assert visible == {level for level in Confidentiality if level <= highest_visible}
    # Figures of an event are as confidential as the event itself.
    assert Measure.objects.restrict(member).count() == len(visible)


def test_outsider_sees_nothing_and_gets_not_found(mission, outsider, events_by_level):
    assert not Event.objects.restrict(outsider).exists()
    with pytest.raises(NotFound):
        get_restricted(Event.objects.all(), outsider, pk=events_by_level[Confidentiality.PUBLIC].pk)


def test_anonymous_and_inactive_users_see_nothing(mission, analyst, events_by_level):
    from django.contrib.auth.models import AnonymousUser

    assert not Event.objects.restrict(AnonymousUser()).exists()
    analyst.is_active = False
    analyst.save()
    assert not Event.objects.restrict(analyst).exists()


def test_a_removed_member_loses_access_at_once(mission, analyst, events_by_level):
    assert Event.objects.restrict(analyst).exists()
    remove_membership(mission=mission, actor=None, user=analyst)
    assert not Event.objects.restrict(analyst).exists()


def test_claims_are_as_confidential_as_their_report(mission, viewer, analyst):
    secret = make_report(mission, "Witness account.", confidentiality=Confidentiality.CONFIDENTIAL)
    make_claim(secret)
    assert not Claim.objects.restrict(viewer).exists()
    assert Claim.objects.restrict(analyst).count() == 1
    assert not Report.objects.restrict(viewer).exists()


def test_roles_are_per_mission(mission, other_mission, events_by_level):
    person = make_member(mission, Role.VIEWER)
    set_membership(mission=other_mission, actor=None, user=person, role=Role.ADMIN)
    make_event(other_mission, "Secret elsewhere", confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL)
    levels_here = set(
        Event.objects.restrict(person).filter(mission=mission).values_list("confidentiality", flat=True)
    )
    assert max(levels_here) == Confidentiality.INTERNAL
    assert Event.objects.restrict(person).filter(mission=other_mission).count() == 1


def test_a_member_without_the_right_gets_permission_denied_not_404(mission, viewer, events_by_level):
    event = events_by_level[Confidentiality.INTERNAL]
    with pytest.raises(PermissionDenied, match="does not allow"):
        get_restricted(Event.objects.all(), viewer, "analyse", pk=event.pk)


def test_strictly_confidential_records_need_a_place_on_their_list(
    mission, coordinator, analyst, admin_member
):
    from groundwatch.accounts.services import grant_need_to_know, revoke_need_to_know

    secret = make_event(
        mission, "Witness statement on detention", confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL
    )
    claim = make_claim(
        make_report(mission, "Account.", confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL)
    )
    assert not Event.objects.restrict(coordinator).filter(pk=secret.pk).exists()
    assert Event.objects.restrict(admin_member).filter(pk=secret.pk).exists()
    grant_need_to_know(record=secret, user=analyst, actor=admin_member)
    grant_need_to_know(record=claim.report, user=analyst, actor=admin_member)
    assert list(Event.objects.restrict(analyst).filter(confidentiality=3)) == [secret]
    assert Claim.objects.restrict(analyst).filter(pk=claim.pk).exists()  # through its report's list
    assert not Event.objects.restrict(coordinator).filter(pk=secret.pk).exists()  # one list, one record
    revoke_need_to_know(record=secret, user=analyst, actor=admin_member)
    assert not Event.objects.restrict(analyst).filter(pk=secret.pk).exists()


def test_whoever_records_a_strictly_confidential_event_keeps_seeing_it(mission, coordinator):
    secret = make_event(mission, actor=coordinator, confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL)
    assert Event.objects.restrict(coordinator).filter(pk=secret.pk).exists()


def test_only_coordinators_and_admins_grant_and_only_to_members(mission, analyst, coordinator, outsider):
    from groundwatch.accounts.services import grant_need_to_know
    from groundwatch.core.errors import ValidationFailed

    secret = make_event(mission, actor=coordinator, confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL)
    with pytest.raises(PermissionDenied):
        grant_need_to_know(record=secret, user=analyst, actor=analyst)
    with pytest.raises(ValidationFailed, match="Only members"):
        grant_need_to_know(record=secret, user=outsider, actor=coordinator)


def test_a_grant_on_a_report_covers_its_files(mission, analyst, admin_member):
    from groundwatch.accounts.services import grant_need_to_know
    from groundwatch.sources.models import Attachment

    report = make_report(
        mission,
        "Interview.",
        files=[("audio.ogg", b"OggS")],
        confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL,
    )
    assert not Attachment.objects.restrict(analyst).exists()
    grant_need_to_know(record=report, user=analyst, actor=admin_member)
    assert list(Attachment.objects.restrict(analyst)) == list(report.attachments.all())


def test_whoever_records_a_strictly_confidential_report_keeps_seeing_its_files(mission, analyst, coordinator):
    from groundwatch.sources.models import Attachment

    files = [("statement.pdf", b"%PDF-1.4 statement"), ("photo.jpg", b"\xff\xd8photo")]
    secret = make_report(
        mission,
        "Statement.",
        actor=analyst,
        files=files,
        confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL,
    )
    internal = make_report(mission, "Convoy note.", actor=analyst, files=[("note.txt", b"note")])
    assert set(Attachment.objects.restrict(analyst).values_list("report_id", flat=True)) == {
        secret.pk,
        internal.pk,
    }
    assert Attachment.objects.restrict(analyst).filter(report=secret).count() == 2
    assert not Attachment.objects.restrict(coordinator).filter(report=secret).exists()
    assert Attachment.objects.restrict(coordinator).filter(report=internal).count() == 1
