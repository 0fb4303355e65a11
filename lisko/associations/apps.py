from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "lisko.associations"
    label = "associations"
