from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lisko.accounts"
    label = "accounts"
