from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "lisko.referrals"
    label = "referrals"
