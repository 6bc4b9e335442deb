"""Admin pages for users, missions, memberships and API tokens (missions and members are read-only:
they change through ``accounts.services`` so every change is audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from groundwatch.accounts.models import ApiToken, Membership, Mission, NeedToKnow, User
from groundwatch.core.access import mission_grants
from groundwatch.core.admin import ReadOnlyAdmin, ReadOnlyInline


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ("user", "role", "is_active", "created_at")
    readonly_fields = fields


@admin.register(Mission)
class MissionAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "period_start_on", "period_end_on", "created_at")
    search_fields = ("name", "slug", "description")
    date_hierarchy = "created_at"
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "mission", "role", "is_active", "created_at")
    list_filter = ("role", "is_active", "mission")
    search_fields = ("user__username", "user__email", "mission__name")
    list_select_related = ("user", "mission")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]  # generic only in the type stubs
    """Django's user admin; a staff user who is not a superuser sees the members of their missions."""

    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active", "last_login")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        missions = list(mission_grants(request.user))
        return queryset.filter(memberships__mission__in=missions, memberships__is_active=True).distinct()


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are issued and revoked through services; only their prefix is shown, never the hash."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "is_revoked")
    list_filter = ("is_revoked",)
    search_fields = ("name", "prefix", "user__username")
    exclude = ("token_hash", "digest_ha1")
    list_select_related = ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)


@admin.register(NeedToKnow)
class NeedToKnowAdmin(ReadOnlyAdmin):
    """Need-to-know grants are kept through services; a staff user who is not a superuser sees their own."""

    list_display = ("user", "content_type", "object_id", "granted_by", "granted_at")
    list_filter = ("content_type",)
    search_fields = ("user__username",)
    list_select_related = ("user", "content_type", "granted_by")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)
