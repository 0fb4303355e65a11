"""Building blocks every resource module shares: the audited list, scoped id fields, helpers."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from lisko.accounts.models import User
from lisko.audit.services import record_list_read
from lisko.core import limits
from lisko.core.errors import DomainError
from lisko.organisations.models import Organisation


class DateTimeField(serializers.DateTimeField):
    """A point in time within the years Lisko deals with.

    Far-off years are refused as input: they cannot be meant, and before 1900 time zones had
    offsets in seconds that no client can read back.
    """

    default_error_messages = {
        "out_of_range": _("Enter a date and time between the years {first} and {last}."),
    }
    FIRST_YEAR = limits.FIRST_YEAR
    LAST_YEAR = limits.LAST_YEAR

    def to_internal_value(self, value: Any) -> Any:
        parsed = super().to_internal_value(value)
        if not self.FIRST_YEAR <= parsed.year <= self.LAST_YEAR:
            self.fail("out_of_range", first=self.FIRST_YEAR, last=self.LAST_YEAR)
        return parsed


class DateField(serializers.DateField):
    """A day within the years Lisko deals with."""

    default_error_messages = {
        "out_of_range": _("Enter a date between the years {first} and {last}."),
    }

    def to_internal_value(self, value: Any) -> Any:
        parsed = super().to_internal_value(value)
        if not limits.year_in_range(parsed):
            self.fail("out_of_range", first=limits.FIRST_YEAR, last=limits.LAST_YEAR)
        return parsed


class BirthDateField(DateField):
    """A birth date: in the years Lisko deals with, and no longer ago than anybody lives."""

    def to_internal_value(self, value: Any) -> Any:
        parsed = super().to_internal_value(value)
        try:
            limits.check_birth_date(parsed, today=timezone.localdate())
        except DomainError as error:
            raise serializers.ValidationError(str(error.message), code=error.code) from None
        return parsed


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "08:30",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day on the local clock (settings.TIME_ZONE), written HH:MM, without an offset."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> Any:
        parsed = super().to_internal_value(value)
        if parsed.tzinfo is not None:
            self.fail("invalid", format="hh:mm")
        return parsed


def first_of(organisations: QuerySet[Organisation]) -> Organisation:
    """The first of the organisations a request may act for; refused when there is none."""
    organisation = organisations.first()
    if organisation is None:
        raise DomainError(
            _("You do not belong to an organisation in a role that may do this."),
            code="permission_denied",
        )
    return organisation


def user_of(request: Request) -> User:
    """The authenticated user; the policy permission has already refused anonymous requests."""
    return request.user  # type: ignore[return-value]


def parse(serializer_class: type[serializers.Serializer], request: Request, **context: Any) -> Any:
    """Validate the request body with `serializer_class` and return the cleaned data."""
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def partial(data: dict[str, Any]) -> dict[str, Any]:
    """Only the fields the client actually sent (for PATCH)."""
    return dict(data)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id that resolves only among the objects the asking user may reach.

    A foreign id is refused with the same message as an absent one, so nothing leaks.
    """

    def __init__(self, *, scope: Callable[[User], QuerySet[Any]], **kwargs: Any) -> None:
        self.scope = scope
        kwargs.setdefault("queryset", None)
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context["request"]
        return self.scope(request.user)


class AuditedListView(generics.ListAPIView):
    """A list of client data: the page shown is one read per organisation (record_list_read:
    the ids of the clients shown, in order), in one insert, in the same transaction as the
    read. Not one event per row: a page of fifty appointments is one read, as on the pages."""

    audit_reason: str = ""
    # Which attribute of each listed object names the client ("pk" when the object is one).
    audit_client_of: str = "client_id"

    def audited_objects(self, page: Iterable[models.Model]) -> Iterable[models.Model]:
        return page

    def load_page(self, page: list[Any]) -> list[Any]:
        """The objects to show for the page found; a view that pages through bare rows reads
        their details here."""
        return page

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            queryset = self.filter_queryset(self.get_queryset())
            page = self.paginate_queryset(queryset)
            objects = self.load_page(list(page if page is not None else queryset))
            audited = list(self.audited_objects(objects))
            if audited:
                record_list_read(
                    actor=user_of(request),
                    shown=[
                        (
                            getattr(obj, "organisation_id", None),
                            obj.pk
                            if self.audit_client_of == "pk"
                            else getattr(obj, self.audit_client_of, None),
                        )
                        for obj in audited
                    ],
                    object_type=audited[0]._meta.label_lower,
                    reason=self.audit_reason,
                )
            data = self.get_serializer(objects, many=True).data
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data)
