from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "groundwatch.audit"
    label = "audit"
    verbose_name = "Audit log"
