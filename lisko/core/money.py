"""Money: the currencies Lisko keeps amounts in, and which one a place pays in; decided once for
payroll, region plans and municipal programmes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    EUR = "EUR", _("Euro")
    CHF = "CHF", _("Swiss franc")


def currency_of_country(country: str) -> str:
    """Francs in Switzerland, euros elsewhere (Luxembourg, Germany)."""
    return Currency.CHF if country == "CH" else Currency.EUR
