from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the `seed_demo` and `run_demo` commands; no models of its own."""

    name = "lisko.demo"
    label = "demo"
