"""Data-protection requests: a client's subject access exports and the record of erasures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _export_path(export: "SubjectAccessExport", filename: str) -> str:
    # Under the media root in LISKO_VAR_DIR, one folder per organisation; the file name holds
    # the export's id, never the client's name.
    return f"dataprotection/{export.organisation_id}/{filename}"


class SubjectAccessExport(models.Model):
    """One subject access request: everything Lisko holds on one client, as JSON and PDF.

    queued → done, or failed; erased once the client's data is erased (the files go with it)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        ERASED = "erased", _("Deleted with the client's data")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="access_exports",
        verbose_name=_("client"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    language = models.CharField(_("language of the PDF"), max_length=8, blank=True)
    json_file = models.FileField(_("JSON file"), upload_to=_export_path, blank=True)
    pdf_file = models.FileField(_("PDF file"), upload_to=_export_path, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("subject access export")
        verbose_name_plural = _("subject access exports")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.client.reference} · {self.requested_at:%Y-%m-%d %H:%M}"


class Erasure(models.Model):
    """That a client's personal data was erased: on request or at the end of retention.

    The client row stays, emptied of what identifies the person, so that the counts per
    language, municipality and field of action still add up."""

    class Ground(models.TextChoices):
        REQUEST = "request", _("On the client's request")
        RETENTION = "retention", _("Retention period ended")

    client = models.OneToOneField(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="erasure",
        verbose_name=_("client"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    ground = models.CharField(_("ground"), max_length=16, choices=Ground.choices)
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
        help_text=_("Empty when the nightly retention job erased the data."),
    )

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.client_id} · {self.get_ground_display()}"


class ProcessingRecord(models.Model):
    """What one organisation says of one consent purpose beyond what Lisko says of it
    (lisko/dataprotection/purposes.py): its own renewal period and a note for the record.

    No row: the defaults of the purpose hold."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="processing_records",
        verbose_name=_("organisation"),
    )
    purpose = models.CharField(_("purpose"), max_length=24)
    # Empty: the consent stands until withdrawn; a number: it must be given again after so
    # many months, and counts as no consent once that time has passed.
    renewal_months = models.PositiveSmallIntegerField(
        _("renew after (months)"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("record of processing")
        verbose_name_plural = _("records of processing")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "purpose"], name="processing_record_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(renewal_months__isnull=True)
                | models.Q(renewal_months__gte=1, renewal_months__lte=120),
                name="processing_record_renewal_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.purpose}"
