from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access, record_list_read


class AuditedAdmin(admin.ModelAdmin):
    """An admin of client data (operators only): every page of the list is one audited read
    (with the search and the clients shown), opening an object is a read, and saving or
    deleting one is recorded as what it is, a create, an update or a delete.

    `audit_client` and `audit_organisation` are the lookups from the model to the client's id
    and to the organisation's id."""

    audit_client: str = "client_id"
    audit_organisation: str = "client__organisation_id"

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", None) or {}
        if isinstance(response, TemplateResponse) and "cl" in changelist:
            shown = list(changelist["cl"].result_list)
            record_list_read(
                actor=request.user,  # type: ignore[arg-type]
                shown=self._owners(shown),
                object_type=self.opts.label_lower,
                query=request.GET.get(SEARCH_VAR, ""),
                reason="admin list",
            )
        return response

    def get_paginator(
        self,
        request: HttpRequest,
        queryset: Any,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
    ) -> Paginator:
        # The autocomplete lookup (a select box searching clients, say) pages through this
        # admin's paginator: each page it answers with is a list read, like a page of the list.
        if not _is_autocomplete(request):
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )

        def record(shown: list[models.Model]) -> None:
            record_list_read(
                actor=request.user,  # type: ignore[arg-type]
                shown=self._owners(shown),
                object_type=self.opts.label_lower,
                query=request.GET.get("term", ""),
                reason="admin autocomplete",
            )

        return _RecordingPaginator(
            queryset, per_page, orphans, allow_empty_first_page, on_page=record
        )

    def render_change_form(  # type: ignore[override]
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: models.Model | None = None,
    ) -> HttpResponse:
        if obj is not None and obj.pk is not None:
            self._record(request, AuditEvent.Action.READ, [obj])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        self._record(request, AuditEvent.Action.CREATE, [obj])
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        self._record(request, AuditEvent.Action.UPDATE, [obj])
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Iterable[models.Model]) -> Any:
        # Called before the objects go, while their client can still be looked up.
        self._record(request, AuditEvent.Action.DELETE, list(queryset))
        return super().log_deletions(request, queryset)

    def _owners(self, objects: list[models.Model]) -> list[tuple[int | None, int | None]]:
        """(organisation id, client id) of each object, in one query."""
        if not objects:
            return []
        owner_of = dict(
            (pk, (organisation_id, client_id))
            for pk, organisation_id, client_id in self.model._default_manager.filter(
                pk__in=[obj.pk for obj in objects]
            ).values_list("pk", self.audit_organisation, self.audit_client)
        )
        return [owner_of.get(obj.pk, (None, None)) for obj in objects]

    def _record(self, request: HttpRequest, action: str, objects: list[models.Model]) -> None:
        for obj, (organisation_id, client_id) in zip(objects, self._owners(objects), strict=True):
            record_access(
                actor=request.user,  # type: ignore[arg-type]
                action=action,
                obj=obj,
                client_id=client_id,
                reason="admin",
                organisation_id=organisation_id,
            )


def _is_autocomplete(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class _RecordingPaginator(Paginator):
    """A paginator that hands each page it gives out to `on_page`, evaluated once."""

    def __init__(
        self, *args: Any, on_page: Callable[[list[models.Model]], None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.on_page = on_page

    def page(self, number: Any) -> Page:
        page = super().page(number)
        page.object_list = list(page.object_list)
        self.on_page(page.object_list)
        return page


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdmin):
    list_display = ("at", "actor", "organisation", "action", "object_type", "object_id", "reason")
    list_filter = ("action", "object_type", "organisation")
    search_fields = ("actor__username", "object_id", "reason")
    date_hierarchy = "at"
    audit_organisation = "organisation_id"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
