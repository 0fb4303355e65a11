from django.apps import AppConfig


class MatchingrunsConfig(AppConfig):
    name = "lisko.matchingruns"
    label = "matchingruns"
