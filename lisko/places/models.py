from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A real administrative area: a country, a canton, a Wahlkreis, a Kreis or an Amt.

    Regions nest through `parent`; a municipality belongs to the lowest region that contains it.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        CANTON = "canton", _("Canton")  # Luxembourg's 12 cantons, the canton of Lucerne
        CONSTITUENCY = "constituency", _("Constituency")  # Lucerne's Wahlkreise
        DISTRICT = "district", _("District")  # a German Kreis
        AMT = "amt", _("Amt")  # Schleswig-Holstein's Ämter

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    code = models.CharField(
        _("official code"),
        max_length=20,
        blank=True,
        help_text=_("The official statistical code, such as a BFS number or a Regionalschlüssel."),
    )
    # An approximate centre: for loaded data, the mean of its municipalities' centres.
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["country"],
                condition=models.Q(kind="country"),
                name="region_one_per_country",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="region_coordinates_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A commune (Gemeinde) with an approximate centroid, for travel times and planning."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        help_text=_("The lowest region that contains the municipality."),
    )
    code = models.CharField(
        _("official number"),
        max_length=20,
        blank=True,
        help_text=_("The official municipality number, such as the BFS number or the AGS."),
    )
    country = models.CharField(_("country"), max_length=2, default="LU")
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="municipality_unique_name"),
            models.UniqueConstraint(
                fields=["country", "code"],
                condition=~models.Q(code=""),
                name="municipality_unique_code",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="municipality_coordinates_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.name
