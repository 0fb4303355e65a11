from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "lisko.languages"
    label = "languages"
