from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A commune (Gemeinde) with an approximate centroid, for travel times and planning."""

    name = models.CharField(_("name"), max_length=100)
    district = models.CharField(_("district or canton"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="LU")
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="municipality_unique_name"),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="municipality_coordinates_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.name
