from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lisko.audit"
    label = "audit"
