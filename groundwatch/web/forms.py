"""Forms of the web interface: the event list's filters and the verification form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from groundwatch.events.choices import MeasureItem, StandardOfProof, VerificationStatus
from groundwatch.events.models import Event, EventActor, Measure
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.geo.models import normalize_name


def category_choices() -> list[tuple[str, str]]:
    return [("", "Any category"), *get_taxonomy().categories.items()]


def event_type_choices() -> list[tuple[str, Any]]:
    """Event types grouped by category, as ``<optgroup>``s."""
    taxonomy = get_taxonomy()
    groups: list[tuple[str, Any]] = [("", "Any type")]
    for slug, label in taxonomy.categories.items():
        groups.append((label, [(kind.slug, kind.label) for kind in taxonomy.types_in(slug)]))
    return groups


FIELD_LOOKUPS = {"category": "category", "event_type": "event_type", "status": "verification_status"}


class EventFilterForm(forms.Form):
    """The event list's filters, read from the query string so a filtered list can be bookmarked."""

    q = forms.CharField(required=False, label="Text", max_length=200)
    category = forms.ChoiceField(required=False, label="Category")
    event_type = forms.ChoiceField(required=False, label="Type")
    status = forms.ChoiceField(
        required=False,
        label="Verification",
        choices=[("", "Any status"), *VerificationStatus.choices],
    )
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(required=False, label="Place", max_length=200)
    actor = forms.CharField(required=False, label="Actor", max_length=200)
    measure = forms.ChoiceField(
        required=False, label="With figure", choices=[("", "Any or none"), *MeasureItem.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = category_choices()
        cast(forms.ChoiceField, self.fields["event_type"]).choices = event_type_choices()

    def filter(self, events: QuerySet[Event]) -> QuerySet[Event]:
        """Apply the valid filters; an invalid one (a malformed date) is shown on the form and left out."""
        self.is_valid()
        return self._apply(events, self.cleaned_data)

    @staticmethod
    def _apply(events: QuerySet[Event], values: dict[str, Any]) -> QuerySet[Event]:
        if values.get("q"):
            events = events.filter(Q(title__icontains=values["q"]) | Q(description__icontains=values["q"]))
        for name, lookup in FIELD_LOOKUPS.items():
            if values.get(name):
                events = events.filter(**{lookup: values[name]})
        if values.get("date_from"):  # events whose date range overlaps the period asked for
            events = events.filter(date_end__gte=values["date_from"])
        if values.get("date_to"):
            events = events.filter(date_start__lte=values["date_to"])
        if values.get("place"):
            events = events.filter(_place_condition(values["place"]))
        if values.get("measure"):
            events = events.filter(
                Exists(Measure.objects.filter(event=OuterRef("pk"), item=values["measure"]))
            )
        if values.get("actor"):
            named = EventActor.objects.filter(event=OuterRef("pk"), actor__name__icontains=values["actor"])
            events = events.filter(Exists(named))
        return events

    def query_values(self) -> dict[str, str]:
        """The filters that were set, as strings (for links that keep them, and audit records)."""
        self.is_valid()
        return {name: str(value) for name, value in self.cleaned_data.items() if value}


def _place_condition(name: str) -> Q:
    """Match the place's name, any of its alternate names (any script or spelling), or the name as coded."""
    condition = Q(location_name__icontains=name) | Q(place__name__icontains=name)
    normalized = normalize_name(name)
    if normalized:
        condition |= Q(place__search_names__contains=normalized)
    return condition


class VerificationForm(forms.Form):
    status = forms.ChoiceField(label="Verification status", choices=VerificationStatus.choices)
    standard_of_proof = forms.ChoiceField(
        label="Standard of proof", choices=StandardOfProof.choices, required=False
    )
    rationale = forms.CharField(
        label="Rationale", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def for_event(cls, event: Event) -> VerificationForm:
        return cls(
            initial={
                "status": event.verification_status,
                "standard_of_proof": event.standard_of_proof,
                "rationale": event.verification_rationale,
                "version": event.version,
            }
        )
