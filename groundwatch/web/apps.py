from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "groundwatch.web"
    label = "web"
    verbose_name = "Web interface"
