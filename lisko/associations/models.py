from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Association(models.Model):
    """A local association (Verein) or service that clients are referred to."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="associations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="associations",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    partners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partner_associations",
        verbose_name=_("partner users"),
        help_text=_("People at the association who see the referrals sent to it."),
    )

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Offer(models.Model):
    """What an association offers: a German course, a sports club, homework help, legal advice."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="offers", verbose_name=_("association")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    field_of_action = models.ForeignKey(
        "organisations.FieldOfAction",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("field of action"),
    )
    languages = models.ManyToManyField(
        "languages.Language", blank=True, related_name="offers", verbose_name=_("languages")
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("municipality"),
    )
    capacity = models.PositiveIntegerField(
        _("places"), help_text=_("How many clients can take part at the same time.")
    )
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["association", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.association})"
