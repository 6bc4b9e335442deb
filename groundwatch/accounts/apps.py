from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "groundwatch.accounts"
    label = "accounts"
    verbose_name = "Missions and members"
    web_urls = "groundwatch.accounts.urls"
    api_routers = {
        "/missions": "groundwatch.accounts.api.router",
    }

    def ready(self) -> None:
        from django.core.signals import request_started

        # A mission page activates its mission's time zone (lookups.mission_context); every request
        # starts again from UTC, so a zone never carries over to the next request on the same thread.
        request_started.connect(_reset_time_zone, dispatch_uid="groundwatch.accounts.reset_time_zone")


def _reset_time_zone(**_kwargs: Any) -> None:
    from django.utils import timezone

    timezone.deactivate()
