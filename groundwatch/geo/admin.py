"""Admin page for the gazetteer (read-only: ``geo.services.record_place`` keeps the search names)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from groundwatch.core.admin import ReadOnlyAdmin
from groundwatch.geo.models import Place


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ("name", "country_code", "admin1", "admin2", "feature_class", "population", "geonames_id")
    list_filter = ("feature_class", "country_code")
    search_fields = ("name", "search_names", "admin1", "admin2")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return admin.ModelAdmin.get_queryset(self, request)  # the gazetteer holds no mission data
