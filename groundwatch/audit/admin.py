"""Admin page for the audit log: read-only, and for staff only their missions they manage."""

from __future__ import annotations

from django.contrib import admin

from groundwatch.audit.models import AuditRecord
from groundwatch.core.admin import ReadOnlyAdmin
from groundwatch.core.choices import Action


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    # Before/after snapshots hold field values at every confidentiality level, so only a mission's
    # managers (and superusers) may read its audit log.
    scope_action = Action.MANAGE
    list_display = ("sequence", "at", "action", "object_type", "object_id", "actor_label", "mission")
    list_filter = ("action", "object_type", "mission")
    search_fields = ("action", "object_type", "object_id", "actor_label", "record_hash")
    date_hierarchy = "at"
    list_select_related = ("mission",)
