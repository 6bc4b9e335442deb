"""Admin pages for sources, reports and attachments. Reports and attachments are immutable."""

from __future__ import annotations

from django.contrib import admin

from groundwatch.core.admin import ReadOnlyAdmin, ReadOnlyInline
from groundwatch.sources.models import Attachment, Report, Source, SourceGrading


class SourceGradingInline(ReadOnlyInline):
    model = SourceGrading
    fields = ("reliability", "rationale", "graded_by", "graded_at")
    readonly_fields = fields


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "reliability", "confidentiality", "mission", "created_at")
    list_filter = ("kind", "reliability", "confidentiality", "mission")
    search_fields = ("name", "description", "url")
    list_select_related = ("mission",)
    inlines = [SourceGradingInline]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("original_name", "media_type", "size", "sha256", "stored_at")
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "channel", "source", "received_at", "language", "confidentiality", "mission")
    list_filter = ("channel", "confidentiality", "language", "mission")
    search_fields = ("title", "text", "external_id", "content_sha256")
    date_hierarchy = "received_at"
    list_select_related = ("source", "mission")
    inlines = [AttachmentInline]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "media_type", "size", "sha256", "report", "stored_at", "mission")
    list_filter = ("media_type", "confidentiality", "mission")
    search_fields = ("original_name", "sha256")
    list_select_related = ("report", "mission")
