"""Pages: protected persons of a mission (coded fields only), registering one, consent, event links, and the
reveal of identifying fields, which needs a typed reason, is audited and answers a POST only (a GET never
decrypts anything)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from groundwatch.accounts.lookups import access_mission, find_or_404, may, mission_context
from groundwatch.accounts.models import Mission
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action
from groundwatch.core.errors import PermissionDenied, ValidationFailed
from groundwatch.events.models import Event
from groundwatch.protection.choices import ENCRYPTED_FIELDS
from groundwatch.protection.forms import ConsentForm, EventLinkForm, PersonForm, RevealForm
from groundwatch.protection.models import ProtectedPerson
from groundwatch.protection.services import (
    link_event,
    register_person,
    reveal,
    unlink_event,
    update_consent,
)

FIELD_LABELS = {
    "full_name": "Full name",
    "contact": "Contact",
    "identifying_details": "Identifying details",
    "testimony": "Testimony",
}


def _access_person(
    request: HttpRequest, mission: Mission, pk: int, action: str = Action.VIEW
) -> ProtectedPerson:
    return find_or_404(ProtectedPerson.objects.filter(mission=mission), request.user, action, pk=pk)


def _require(request: HttpRequest, mission: Mission, action: str) -> None:
    try:
        require_action(request.user, mission, action)
    except PermissionDenied as denied:
        raise HttpForbidden(denied.message) from None


@login_required
def person_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    persons = ProtectedPerson.objects.restrict(request.user).filter(mission=mission)
    context = {
        **mission_context(request, mission),
        "persons": persons,
        "may_register": may(request, mission, Action.SUBMIT),
    }
    return render(request, "protection/person_list.html", context)


@login_required
def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    _require(request, mission, Action.SUBMIT)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            person = register_person(
                mission=mission,
                actor=request.user,
                code=values["code"].strip(),
                role=values["role"],
                sex=values["sex"],
                age_band=values["age_band"],
                risk_level=values["risk_level"],
                confidentiality=values["confidentiality"],
                consent_scope=values["consent_scope"],
                consent_notes=values["consent_notes"],
                consent_recorded_on=values["consent_recorded_on"],
                retain_until=values["retain_until"],
                protected={name: values[name] for name in ENCRYPTED_FIELDS if values[name]},
            )
        except ValidationFailed as invalid:
            form.add_error(invalid.field if invalid.field in form.fields else None, invalid.message)
        else:
            messages.success(request, f"{person.code} is registered; the identifying fields are encrypted.")
            if ProtectedPerson.objects.restrict(request.user).filter(pk=person.pk).exists():
                return redirect("protection:person_detail", slug=mission.slug, pk=person.pk)
            return redirect("protection:person_list", slug=mission.slug)
    status = 400 if request.method == "POST" else 200
    context = {**mission_context(request, mission), "form": form}
    return render(request, "protection/person_form.html", context, status=status)


def _detail_context(
    request: HttpRequest, mission: Mission, person: ProtectedPerson, **forms: Any
) -> dict[str, Any]:
    may_analyse = may(request, mission, Action.ANALYSE)
    return {
        **mission_context(request, mission),
        "person": person,
        "fields_set": [
            FIELD_LABELS[name] for name in ENCRYPTED_FIELDS if getattr(person, f"{name}_ciphertext")
        ],
        "events": Event.objects.restrict(request.user)
        .filter(protected_persons=person)
        .order_by("date_start"),
        "may_analyse": may_analyse,
        "reveal_form": forms.get("reveal_form") or RevealForm(),
        "consent_form": forms.get("consent_form")
        or ConsentForm(
            initial={
                "consent_scope": person.consent_scope,
                "consent_notes": person.consent_notes,
                "consent_recorded_on": person.consent_recorded_on,
                "risk_level": person.risk_level,
            }
        ),
        "link_form": forms.get("link_form") or EventLinkForm(),
    }


@login_required
def person_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    person = _access_person(request, mission, pk)
    return render(request, "protection/person_detail.html", _detail_context(request, mission, person))


@never_cache
@login_required
@require_POST
def person_reveal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Decrypt the identifying fields once, for an analyst (or above) with clearance who says why."""
    mission = access_mission(request, slug)
    person = _access_person(request, mission, pk, Action.ANALYSE)
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            values = reveal(
                person=person, actor=request.user, fields=ENCRYPTED_FIELDS, reason=form.cleaned_data["reason"]
            )
        except ValidationFailed as invalid:
            form.add_error("reason" if invalid.field == "reason" else None, invalid.message)
        else:
            shown = [(FIELD_LABELS[name], values[name]) for name in ENCRYPTED_FIELDS]
            context = {**mission_context(request, mission), "person": person, "shown": shown}
            return render(request, "protection/person_reveal.html", context)
    messages.error(request, "Nothing was revealed: give the reason you need to see this person's identity.")
    context = _detail_context(request, mission, person, reveal_form=form)
    return render(request, "protection/person_detail.html", context, status=400)


@login_required
@require_POST
def person_consent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    person = _access_person(request, mission, pk, Action.ANALYSE)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            update_consent(person=person, actor=request.user, **form.cleaned_data)
        except ValidationFailed as invalid:
            form.add_error(None, invalid.message)
        else:
            messages.success(request, "Consent and risk level saved.")
            return redirect("protection:person_detail", slug=mission.slug, pk=person.pk)
    messages.error(request, "The consent was not saved; see the fields marked below.")
    context = _detail_context(request, mission, person, consent_form=form)
    return render(request, "protection/person_detail.html", context, status=400)


@login_required
@require_POST
def person_events(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Link the person to an event of the mission, or remove a link."""
    mission = access_mission(request, slug)
    person = _access_person(request, mission, pk, Action.ANALYSE)
    form = EventLinkForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["event"]
        event = Event.objects.restrict(request.user).filter(mission=mission, pk=number).first()
        if event is None:
            form.add_error("event", f"No event {number} in this mission that you can see.")
        else:
            change = link_event if form.cleaned_data["action"] == "link" else unlink_event
            change(person=person, event=event, actor=request.user)
            done = "linked to" if change is link_event else "no longer linked to"
            messages.success(request, f"{person.code} is {done} event {event.pk}.")
            return redirect("protection:person_detail", slug=mission.slug, pk=person.pk)
    messages.error(request, "The event link was not changed; see the field marked below.")
    context = _detail_context(request, mission, person, link_form=form)
    return render(request, "protection/person_detail.html", context, status=400)
