from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "groundwatch.core"
    label = "core"
    verbose_name = "groundwatch core"

    def ready(self) -> None:
        from groundwatch.core import checks  # noqa: F401  (registers the system checks)
