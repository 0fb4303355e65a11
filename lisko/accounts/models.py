from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: staff of an organisation, an interpreter or an association partner."""

    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Pages and notifications are shown in this language."),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class DeviceToken(models.Model):
    """An API token for one device or integration: only a hash of its secret is kept.

    A token ends when it expires, when it is revoked (signing out on that device, or by the
    person from another one), and when the password changes: it remembers the password's
    fingerprint as Django's sessions do, so no code path can forget to revoke it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="device_tokens",
        verbose_name=_("user"),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    device = models.CharField(_("device"), max_length=100, blank=True)
    password_fingerprint = models.CharField(_("password fingerprint"), max_length=128)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="device_token_user_open")]

    def __str__(self) -> str:
        return f"{self.user} · {self.device or '—'}"
