from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "lisko.organisations"
    label = "organisations"
