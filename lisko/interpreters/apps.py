from django.apps import AppConfig


class InterpretersConfig(AppConfig):
    name = "lisko.interpreters"
    label = "interpreters"
