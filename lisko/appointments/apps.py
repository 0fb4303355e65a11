from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "lisko.appointments"
    label = "appointments"
