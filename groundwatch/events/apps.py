from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "groundwatch.events"
    label = "events"
    verbose_name = "Events, claims and evidence"
