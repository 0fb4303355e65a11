"""Persian: Django's formats, with numbers grouped by thousands (Django sets no grouping)."""

from django.conf.locale.fa.formats import *  # noqa: F403

NUMBER_GROUPING = 3
