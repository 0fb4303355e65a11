from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One read or change of a client's personal data: who, what, when and why.

    Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger does too,
    with one exception: erasing a client empties `query` of the list reads that showed them
    (lisko.audit.services.forget_searches_about).
    """

    class Action(models.TextChoices):
        READ = "read", _("Read")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        EXPORT = "export", _("Export")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    # Plain ids, not foreign keys: the trail must outlive the objects it speaks of.
    client_id = models.BigIntegerField(_("client"), null=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    reason = models.CharField(_("why"), max_length=200)
    # A list or search read is one event: the clients it showed (client_id stays empty) and
    # the words searched for. A read of one client's page names it in client_id.
    client_ids = models.JSONField(_("clients shown"), default=list, blank=True)
    query = models.CharField(_("search"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")
