"""Admin pages for events, claims, evidence, measures and actors (read-only: edits go through
``events.services``, which keep the version, the category and the audit chain right)."""

from __future__ import annotations

from django.contrib import admin

from groundwatch.core.admin import ReadOnlyAdmin, ReadOnlyInline
from groundwatch.events.models import Actor, Claim, Event, EventActor, Evidence, Measure, VerificationChange


class MeasureInline(ReadOnlyInline):
    model = Measure
    fields = ("item", "value", "unit", "qualifier", "low", "high", "as_of_on", "claim")
    readonly_fields = fields


class EventActorInline(ReadOnlyInline):
    model = EventActor
    fields = ("actor", "role")
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("claim", "stance", "note", "linked_by", "linked_at")
    readonly_fields = fields


class VerificationChangeInline(ReadOnlyInline):
    model = VerificationChange
    fields = ("changed_at", "from_status", "to_status", "standard_of_proof", "rationale", "changed_by")
    readonly_fields = fields


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "category",
        "event_type",
        "date_start",
        "location_name",
        "verification_status",
        "confidentiality",
        "version",
        "mission",
    )
    list_filter = ("category", "verification_status", "confidentiality", "date_precision", "mission")
    search_fields = ("title", "description", "location_name", "event_type")
    date_hierarchy = "date_start"
    list_select_related = ("mission",)
    inlines = [MeasureInline, EventActorInline, EvidenceInline, VerificationChangeInline]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "event_type", "credibility", "report", "produced_by", "pipeline", "created_at")
    list_filter = ("credibility", "pipeline", "mission")
    search_fields = ("summary", "quote", "location_name", "field_path")
    list_select_related = ("report", "produced_by")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("event", "claim", "stance", "linked_by", "linked_at")
    list_filter = ("stance",)
    search_fields = ("event__title", "claim__summary", "claim__quote")
    list_select_related = ("event", "claim", "linked_by")


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ("event", "item", "value", "unit", "qualifier", "as_of_on")
    list_filter = ("item", "unit", "qualifier")
    search_fields = ("event__title",)
    list_select_related = ("event",)


@admin.register(Actor)
class ActorAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "country_code", "mission")
    list_filter = ("kind", "country_code", "mission")
    search_fields = ("name", "description")
    list_select_related = ("mission",)


@admin.register(VerificationChange)
class VerificationChangeAdmin(ReadOnlyAdmin):
    list_display = ("event", "from_status", "to_status", "standard_of_proof", "changed_by", "changed_at")
    list_filter = ("to_status", "standard_of_proof")
    search_fields = ("event__title", "rationale")
    date_hierarchy = "changed_at"
    list_select_related = ("event", "changed_by")
