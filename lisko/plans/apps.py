from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "lisko.plans"
    label = "plans"
