from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "lisko.clients"
    label = "clients"
