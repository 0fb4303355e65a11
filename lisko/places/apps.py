from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "lisko.places"
    label = "places"
