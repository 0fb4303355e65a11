from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lisko.core"
    label = "core"
