import datetime as dt
from decimal import Decimal

import pytest

from groundwatch.audit.models import AuditRecord
from groundwatch.core.errors import EditConflict, NotFound, PermissionDenied, ValidationFailed
from groundwatch.events.models import Event, Evidence, VerificationChange
from groundwatch.events.services import (
    MeasureInput,
    add_claim,
    add_measure,
    link_evidence,
    merge_events,
    record_event,
    set_verification,
    update_event,
)
from groundwatch.tests.factories import make_claim, make_event, make_report, make_source

pytestmark = pytest.mark.django_db

HANDOVER = "By Saturday six armoured vehicles and over 800 small arms had been handed over near Aghdam."


def test_event_takes_its_coordinates_and_admin_area_from_the_gazetteer(mission, analyst, places):
    event = make_event(
        mission, "Handover near Aghdam", actor=analyst, event_type="weapons_handover", place="Ağdam"
    )
    assert event.location_name == "Aghdam"
    assert (event.latitude, event.longitude) == (Decimal("39.99110"), Decimal("46.92970"))
    assert event.country_code == "AZ" and event.admin1 == "Aghdam District"
    assert event.category == "security"


def test_measures_keep_qualifier_and_point_to_their_claim(mission, analyst):
    report = make_report(mission, HANDOVER, actor=analyst)
    claim = make_claim(report, "over 800 small arms", actor=analyst)
    event = make_event(
        mission,
        actor=analyst,
        event_type="weapons_handover",
        measures=[
            MeasureInput("small_arms", 800, qualifier="more_than", claim=claim),
            MeasureInput("armoured_vehicles", 6),
        ],
    )
    shown = {m.item: m.display_value for m in event.measures.all()}
    assert shown == {"small_arms": "more than 800 pieces", "armoured_vehicles": "6 vehicles"}
    assert event.measures.get(item="small_arms").claim == claim


@pytest.mark.parametrize(
    ("measure", "field"),
    [
        (MeasureInput("small_arms", 800, unit="tonnes"), "unit"),
        (MeasureInput("rockets", 3), "item"),
        (MeasureInput("people_killed", 5, low=6), "value"),
        (MeasureInput("people_killed", "many"), "value"),
        (MeasureInput("people_killed", -1), "value"),
        (MeasureInput("food", 50, qualifier="roughly"), "qualifier"),
    ],
)
def test_bad_measures_are_refused_naming_the_field(mission, analyst, measure, field):
    event = make_event(mission, actor=analyst)
    with pytest.raises(ValidationFailed) as refused:
        add_measure(event=event, actor=analyst, measure=measure)
    assert refused.value.field == field
    assert event.measures.count() == 0


def test_an_event_coded_in_one_step_writes_each_figure_actor_and_link_once_with_its_audit(mission, analyst):
    from groundwatch.events.models import EventActor
    from groundwatch.events.services import record_actor

    report = make_report(mission, HANDOVER, actor=analyst)
    claim = make_claim(report, "over 800 small arms", actor=analyst)
    forces = record_actor(
        mission=mission, actor=analyst, name="Karabakh Armenian formations", kind="rebel_group"
    )
    before = AuditRecord.objects.count()
    event = record_event(
        mission=mission,
        actor=analyst,
        title="Handover near Aghdam",
        event_type="weapons_handover",
        date_start=dt.date(2023, 9, 23),
        measures=[
            MeasureInput("small_arms", 800, qualifier="more_than", claim=claim),
            MeasureInput("armoured_vehicles", 6),
        ],
        actors=[(forces, "actor1"), (forces, "actor1")],  # named twice in the source: linked once
        evidence=[claim, claim],
    )
    assert sorted(event.measures.values_list("item", flat=True)) == ["armoured_vehicles", "small_arms"]
    assert list(EventActor.objects.filter(event=event).values_list("actor_id", "role")) == [
        (forces.pk, "actor1")
    ]
    assert list(Evidence.objects.filter(event=event).values_list("claim_id", "linked_by_id")) == [
        (claim.pk, analyst.pk)
    ]
    written = list(AuditRecord.objects.filter(sequence__gt=before).values_list("action", "object_id"))
    links = Evidence.objects.get(event=event)
    assert [action for action, _ in written] == [
        "event.create",
        "measure.create",
        "measure.create",
        "event.actor.add",
        "evidence.link",
    ]
    assert ("evidence.link", str(links.pk)) in written  # each record names the row it wrote


def test_an_event_with_one_bad_figure_writes_nothing(mission, analyst):
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        record_event(
            mission=mission,
            actor=analyst,
            title="Handover near Aghdam",
            event_type="weapons_handover",
            date_start=dt.date(2023, 9, 23),
            measures=[MeasureInput("armoured_vehicles", 6), MeasureInput("small_arms", 800, unit="tonnes")],
        )
    assert refused.value.field == "unit"
    assert Event.objects.count() == 0 and AuditRecord.objects.count() == before


def test_unknown_event_type_and_sub_type_are_refused(mission, analyst):
    with pytest.raises(ValidationFailed, match="unknown event type"):
        make_event(mission, actor=analyst, event_type="picnic")
    with pytest.raises(ValidationFailed, match="is not a sub-type of 'battles'"):
        make_event(mission, actor=analyst, event_type="battles", sub_event_type="peaceful_protest")
    assert Event.objects.count() == 0


def test_an_event_ending_before_it_starts_is_refused(mission, analyst):
    with pytest.raises(ValidationFailed) as refused:
        make_event(mission, actor=analyst, date_start=dt.date(2023, 9, 20), date_end=dt.date(2023, 9, 19))
    assert refused.value.field == "date_end"


def test_a_claim_quote_is_the_report_text_at_its_span(mission, analyst):
    report = make_report(mission, HANDOVER, actor=analyst)
    claim = make_claim(report, "six armoured vehicles", actor=analyst)
    assert report.text[claim.span_start : claim.span_end] == "six armoured vehicles" == claim.quote


def test_a_claim_span_outside_the_text_or_with_a_wrong_quote_is_refused(mission, analyst):
    report = make_report(mission, "Short text.", actor=analyst)
    with pytest.raises(ValidationFailed, match="outside the report text"):
        add_claim(report=report, actor=analyst, span_start=0, span_end=500)
    with pytest.raises(ValidationFailed, match="does not match"):
        add_claim(report=report, actor=analyst, span_start=0, span_end=5, quote="Other")
    with pytest.raises(ValidationFailed, match="must point at its words"):
        add_claim(report=report, actor=analyst)


def test_a_pipeline_claim_must_name_its_version(mission, analyst):
    report = make_report(mission, HANDOVER, actor=analyst)
    with pytest.raises(ValidationFailed, match="version"):
        add_claim(report=report, actor=analyst, span_start=0, span_end=9, pipeline="extractor")
    claim = add_claim(
        report=report, actor=analyst, span_start=0, span_end=9, pipeline="extractor", pipeline_version="0.1"
    )
    assert claim.produced_by_label == "extractor 0.1"


def test_a_stale_edit_is_refused_and_changes_nothing(mission, analyst, coordinator):
    event = make_event(mission, "Convoy reaches Khankendi", actor=analyst)
    first = update_event(
        event=event, actor=analyst, expected_version=1, changes={"title": "ICRC convoy arrives"}
    )
    assert first.version == 2
    with pytest.raises(EditConflict, match="changed by someone else"):
        update_event(event=event, actor=coordinator, expected_version=1, changes={"title": "Overwritten"})
    event.refresh_from_db()
    assert event.title == "ICRC convoy arrives" and event.version == 2


def test_an_edit_records_before_and_after_of_the_changed_fields(mission, analyst):
    event = make_event(mission, "Old title", actor=analyst)
    update_event(event=event, actor=analyst, expected_version=1, changes={"title": "New title"})
    record = AuditRecord.objects.filter(action="event.update").get()
    assert record.before["title"] == "Old title"
    assert record.after["title"] == "New title"
    assert record.actor == analyst


def test_fields_outside_the_coded_fields_cannot_be_edited(mission, analyst):
    event = make_event(mission, actor=analyst)
    with pytest.raises(ValidationFailed, match="verification_status"):
        update_event(
            event=event, actor=analyst, expected_version=1, changes={"verification_status": "verified"}
        )


def test_verified_needs_a_standard_of_proof_and_a_rationale(mission, analyst, coordinator):
    event = make_event(mission, actor=analyst)
    with pytest.raises(ValidationFailed) as refused:
        set_verification(event=event, actor=coordinator, status="verified", rationale="Seen by two monitors.")
    assert refused.value.field == "standard_of_proof"
    with pytest.raises(ValidationFailed) as refused:
        set_verification(
            event=event, actor=coordinator, status="verified", standard_of_proof="reasonable_grounds"
        )
    assert refused.value.field == "rationale"
    verified = set_verification(
        event=event,
        actor=coordinator,
        status="verified",
        standard_of_proof="reasonable_grounds",
        rationale="Two monitors saw it.",
    )
    assert verified.verification_status == "verified"
    history = VerificationChange.objects.get(event=event)
    assert (history.from_status, history.to_status, history.changed_by) == (
        "reported",
        "verified",
        coordinator,
    )


def test_corroboration_needs_two_independent_sources(mission, analyst, coordinator):
    outlet = make_source(mission, "Outlet A")
    event = make_event(mission, actor=analyst)
    first = make_report(mission, "Convoy arrived in Khankendi.", actor=analyst, source=outlet)
    second = make_report(mission, "The convoy reached Khankendi.", actor=analyst, source=outlet)
    link_evidence(event=event, claim=make_claim(first, actor=analyst), actor=analyst)
    link_evidence(event=event, claim=make_claim(second, actor=analyst), actor=analyst)
    with pytest.raises(ValidationFailed, match="two independent sources"):
        set_verification(event=event, actor=coordinator, status="corroborated")
    third = make_report(
        mission, "Our monitors saw the convoy.", actor=analyst, source=make_source(mission, "Monitors")
    )
    link_evidence(event=event, claim=make_claim(third, actor=analyst), actor=analyst)
    assert (
        set_verification(event=event, actor=coordinator, status="corroborated").verification_status
        == "corroborated"
    )


def test_analyst_cannot_verify_and_viewer_cannot_code(mission, viewer, analyst):
    event = make_event(mission, actor=analyst)
    with pytest.raises(PermissionDenied):
        set_verification(event=event, actor=analyst, status="discounted", rationale="No.")
    with pytest.raises(PermissionDenied):
        make_event(mission, actor=viewer)


def test_outsider_cannot_write_into_another_mission(mission, analyst, outsider):
    event = make_event(mission, actor=analyst)
    with pytest.raises(NotFound):
        update_event(event=event, actor=outsider, expected_version=1, changes={"title": "x"})
    with pytest.raises(NotFound):
        make_report(mission, actor=outsider)


def test_claims_cannot_support_events_of_another_mission(mission, other_mission, analyst):
    event = make_event(mission, actor=analyst)
    foreign_claim = make_claim(make_report(other_mission, "Elsewhere."))
    with pytest.raises(ValidationFailed, match="another mission"):
        link_evidence(event=event, claim=foreign_claim, actor=None)


def test_merge_moves_evidence_and_leaves_a_pointer(mission, analyst):
    target = make_event(mission, "Convoy arrives", actor=analyst)
    duplicate = make_event(mission, "Red Cross trucks reach city", actor=analyst)
    claim = make_claim(
        make_report(mission, "Red Cross trucks reached the city.", actor=analyst), actor=analyst
    )
    link_evidence(event=duplicate, claim=claim, actor=analyst)
    merge_events(target=target, duplicates=[duplicate], actor=analyst, rationale="Same convoy, same day.")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == target
    assert Evidence.objects.filter(event=target, claim=claim).exists()
    assert list(Event.objects.current()) == [target]
    with pytest.raises(ValidationFailed, match="already merged"):
        merge_events(target=target, duplicates=[duplicate], actor=analyst, rationale="Again.")


def _every_service(mission, analyst, coordinator):
    """Run each write service once; yield (expected audit action, callable)."""
    report = make_report(mission, HANDOVER, actor=analyst)
    claim = make_claim(report, "six armoured vehicles", actor=analyst)
    event = make_event(mission, actor=analyst)
    other = make_event(mission, actor=analyst)
    return [
        ("report.create", lambda: make_report(mission, "Another note.", actor=analyst)),
        (
            "attachment.store",
            lambda: make_report(mission, "With a photo.", actor=analyst, files=[("p.jpg", b"\xff\xd8")]),
        ),
        ("source.create", lambda: make_source(mission, "New outlet", actor=analyst)),
        ("claim.create", lambda: make_claim(report, "over 800 small arms", actor=analyst)),
        (
            "event.create",
            lambda: record_event(
                mission=mission,
                actor=analyst,
                title="T",
                event_type="displacement",
                date_start=dt.date(2023, 9, 25),
            ),
        ),
        (
            "measure.create",
            lambda: add_measure(event=event, actor=analyst, measure=MeasureInput("trucks", 70)),
        ),
        ("evidence.link", lambda: link_evidence(event=event, claim=claim, actor=analyst)),
        (
            "event.update",
            lambda: update_event(event=event, actor=analyst, expected_version=1, changes={"title": "U"}),
        ),
        (
            "event.verify",
            lambda: set_verification(event=other, actor=coordinator, status="discounted", rationale="R"),
        ),
        (
            "event.merge",
            lambda: merge_events(target=event, duplicates=[other], actor=analyst, rationale="Same"),
        ),
    ]


def test_every_service_writes_an_audit_record_naming_who_did_it(mission, analyst, coordinator):
    for action, run in _every_service(mission, analyst, coordinator):
        before = AuditRecord.objects.filter(action=action).count()
        run()
        records = AuditRecord.objects.filter(action=action).order_by("-sequence")
        assert records.count() > before, f"{action} wrote no audit record"
        assert records.first().actor in (analyst, coordinator)
