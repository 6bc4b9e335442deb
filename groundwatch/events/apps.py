from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "groundwatch.events"
    label = "events"
    verbose_name = "Events, claims and evidence"
    api_routers = {
        "/claims": "groundwatch.events.api.claims_router",
        "/events": "groundwatch.events.api.events_router",
        "/actors": "groundwatch.events.api.actors_router",
    }
