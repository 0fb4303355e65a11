"""Planning figures for programs: the regions a planner (or a coordinator, for their own
organisation) may open, every published table as JSON, the ranked gaps and the social reports.

Only published tables leave (lisko/planning/tables.py): a hidden cell is `{"value": null,
"suppressed": true}`, never its number. Anyone who may not plan gets 404 on every route here,
as a region that is not theirs does, so the answer betrays nothing. Each read of figures is an
export of aggregates and is written to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import DateField, user_of
from api.permissions import FollowsPolicy
from lisko.core.errors import DomainError, NotFound
from lisko.places.models import Region
from lisko.planning import published, services
from lisko.planning.figures import Figure, Filters, Gap, Part, figure, figures_of
from lisko.planning.models import SocialReport
from lisko.planning.scope import (
    PlanningScope,
    default_period,
    entry_regions,
    may_plan,
    parse_period,
    scope_for,
)
from lisko.planning.selectors import check_filters, parse_filters
from lisko.planning.tables import Cell, Row, Table

# -- permission -------------------------------------------------------------------------------


class MayPlan(FollowsPolicy):
    """The policy's rule, and a person who plans at all; anyone else is told 404, as for a
    region that is not theirs."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False  # 401
        if super().has_permission(request, view) and may_plan(request.user):
            return True
        raise NotFound()


class PlanningView(generics.GenericAPIView):
    permission_classes = [MayPlan]
    pagination_class = None
    # Only for the schema (the path's `pk` is a region's id); the views read through
    # lisko/planning, never through a queryset of their own.
    queryset: QuerySet[Any] = Region.objects.none()

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with published.one_build_each():
            return super().dispatch(request, *args, **kwargs)


# -- schema helpers: inline enums, so no enum component competes for a name ----------------------


def _inline_enum(values: list[str], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": values}
    if description:
        schema["description"] = description
    return schema


# -- period and filters -----------------------------------------------------------------------

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="First day of the period (default: a year before `until`).",
    ),
    OpenApiParameter(
        "until",
        OpenApiTypes.DATE,
        description="Last day of the period, included (default: today).",
    ),
]
FILTER_PARAMETERS = [
    OpenApiParameter(
        "municipality",
        OpenApiTypes.INT,
        description="Only this municipality of the region (figures that can be narrowed so).",
    ),
    OpenApiParameter(
        "language",
        OpenApiTypes.STR,
        description="Only this language, as ISO 639-3 code (figures that can be narrowed so).",
    ),
    OpenApiParameter(
        "field_of_action",
        OpenApiTypes.STR,
        description="Only this field of action, by key (figures that can be narrowed so).",
    ),
]

# A filter a figure does not take is refused rather than ignored: the answer would otherwise
# look narrowed while it is not.
NOT_NARROWED = {
    "municipality_id": gettext_lazy("This figure cannot be narrowed to a municipality."),
    "language": gettext_lazy("This figure cannot be narrowed to a language."),
    "field_of_action": gettext_lazy("This figure cannot be narrowed to a field of action."),
}


def scope_of(request: Request, region_id: int) -> PlanningScope:
    """The person's scope in the region for the period of the query (404 when not theirs)."""
    query = request.query_params
    period = parse_period(query.get("from"), query.get("until"))
    return scope_for(user_of(request), region_id, period)


def filters_of(request: Request, scope: PlanningScope, shown: Figure) -> Filters:
    filters = parse_filters(request.query_params)
    for name, refusal in NOT_NARROWED.items():
        if getattr(filters, name) is not None and name not in shown.filters:
            raise DomainError(refusal, code="invalid_filter")
    return check_filters(scope, filters)


# -- serializers (they document the answers; the tables are written by `table_data`) ---------


class RegionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="country, canton, constituency, district or amt")
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    # Fields named like attributes of DRF's Field (parent, label): the metaclass takes them.
    parent = serializers.IntegerField(  # type: ignore[assignment]
        allow_null=True, help_text="The region it is part of."
    )
    children = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the regions directly inside it."
    )


class RegionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class FigureRefSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Path segment of the figure's route.")
    title = serializers.CharField()
    part = serializers.CharField(help_text="stock-take or needs")
    filters = serializers.ListField(
        child=serializers.CharField(),
        help_text="The query parameters that narrow it: municipality, language, field_of_action.",
    )


class PeriodSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"from": serializers.DateField(), "until": serializers.DateField()}


class RegionDetailSerializer(RegionRefSerializer):
    country = serializers.CharField()
    trail = RegionRefSerializer(
        many=True, help_text="From the highest region you may open down to this one."
    )
    children = RegionRefSerializer(many=True)
    period = PeriodSerializer()
    threshold = serializers.IntegerField(help_text="Counts below it are not shown.")
    as_planner = serializers.BooleanField(
        help_text="False: a coordinator's view of their own organisation's figures."
    )
    figures = FigureRefSerializer(many=True)


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    measure = serializers.CharField(help_text="count, sum, rate (0..1), median, label or number")
    unit = serializers.CharField(help_text='For example "h" or "days"; empty for counts.')


class CellSerializer(serializers.Serializer):
    value = serializers.JSONField(
        allow_null=True,
        help_text="A number or text; null when hidden or when there is nothing to show.",
    )
    suppressed = serializers.BooleanField(
        help_text="Hidden to protect persons: fewer than the threshold, or it would reveal one."
    )


class RowSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="Stable: a municipality id, a language code, a field of action, an ISO week."
    )
    label = serializers.CharField()  # type: ignore[assignment]
    cells = CellSerializer(many=True, help_text="One per column, in the columns' order.")


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    row_heading = serializers.CharField()
    threshold = serializers.IntegerField()
    period = PeriodSerializer()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    totals = RowSerializer(allow_null=True)
    suppressed_count = serializers.IntegerField()
    counted_at = serializers.DateTimeField(
        help_text="When the figures were counted: now, or up to half an hour ago when they "
        "were kept ready."
    )


class GapSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="interpreters_missing, switch_to_remote, offer_missing, waiting_list, ..."
    )
    weight = serializers.FloatField(help_text="Larger first.")
    title = serializers.CharField()
    evidence = serializers.ListField(child=serializers.CharField())
    action = serializers.CharField(help_text="What could be done.")
    municipality_id = serializers.IntegerField(allow_null=True)
    language = serializers.CharField(allow_null=True)
    field_of_action = serializers.CharField(allow_null=True)


REPORT_STATUSES = [choice.value for choice in SocialReport.Status]


@extend_schema_field(_inline_enum(REPORT_STATUSES, "queued → running → done, or failed"))
class ReportStatusField(serializers.CharField):
    pass


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.IntegerField(source="region_id")
    language = serializers.CharField()
    status = ReportStatusField()
    status_label = serializers.CharField(source="get_status_display")
    steps_done = serializers.IntegerField()
    steps_total = serializers.IntegerField(help_text="0 until the worker knows.")
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    is_current = serializers.SerializerMethodField(help_text="Finished within the last seven days.")
    error = serializers.SerializerMethodField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(source="period_start")
        fields["until"] = serializers.DateField(source="period_end")
        return fields

    @extend_schema_field(serializers.BooleanField())
    def get_is_current(self, report: SocialReport) -> bool:
        return services.is_current(report)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_error(self, report: SocialReport) -> str | None:
        # The stored error is for the administrators; the reader learns only that it failed.
        if report.status != SocialReport.Status.FAILED:
            return None
        return _("The report could not be written. Ask for a new one.")


class ReportRequestSerializer(serializers.Serializer):
    language = serializers.CharField(
        required=False,
        help_text="Language of the report: one of Lisko's languages (default: the request's).",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = DateField(required=False, help_text="First day (default: a year ago).")
        fields["until"] = DateField(required=False, help_text="Last day (default: today).")
        return fields


# -- answers ------------------------------------------------------------------------------------


def _period_data(scope: PlanningScope) -> dict[str, str]:
    return {"from": scope.period.start.isoformat(), "until": scope.period.end.isoformat()}


def _cell_data(cell: Cell) -> dict[str, Any]:
    # A hidden cell never carries its value, whatever the table holds.
    if cell.suppressed:
        return {"value": None, "suppressed": True}
    return {"value": cell.value, "suppressed": False}


def _row_data(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": str(row.label),
        "cells": [_cell_data(cell) for cell in row.cells],
    }


def table_data(table: Table, scope: PlanningScope) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": str(table.title),
        "note": str(table.note),
        "row_heading": str(table.row_heading),
        "threshold": table.threshold,
        "period": _period_data(scope),
        "columns": [
            {
                "key": column.key,
                "label": str(column.label),
                "measure": str(column.measure),
                "unit": str(column.unit),
            }
            for column in table.columns
        ],
        "rows": [_row_data(row) for row in table.rows],
        "totals": _row_data(table.totals) if table.totals is not None else None,
        "suppressed_count": table.suppressed_count,
        # Read after the table: the oldest figure kept ready that this request read, if any.
        "counted_at": (published.figures_as_of() or timezone.now()).isoformat(),
    }


def _gap_data(gap: Gap) -> dict[str, Any]:
    return {
        "kind": gap.kind,
        "weight": gap.weight,
        "title": str(gap.title),
        "evidence": [str(line) for line in gap.evidence],
        "action": str(gap.action),
        "municipality_id": gap.municipality_id,
        "language": gap.language,
        "field_of_action": gap.field_of_action,
    }


def _figure_data(shown: Figure) -> dict[str, Any]:
    names = {"municipality_id": "municipality"}
    return {
        "key": shown.key,
        "title": str(shown.title),
        "part": Part(shown.part).value,
        "filters": sorted(names.get(name, name) for name in shown.filters),
    }


# -- views ------------------------------------------------------------------------------------

REGION_EXAMPLE = OpenApiExample(
    "A district",
    value=[
        {
            "id": 12,
            "name": "Schleswig-Flensburg",
            "kind": "district",
            "country": "DE",
            "parent": 3,
            "children": [40, 41, 42],
        }
    ],
    response_only=True,
)
TABLE_EXAMPLE = OpenApiExample(
    "Clients by municipality",
    value={
        "key": "clients-by-municipality",
        "title": "Clients by municipality and language",
        "note": "Clients with an open case at any time in the period.",
        "row_heading": "Municipality",
        "threshold": 5,
        "period": {"from": "2025-12-03", "until": "2026-12-02"},
        "columns": [
            {"key": "ara", "label": "Arabic", "measure": "count", "unit": ""},
            {"key": "total", "label": "Total", "measure": "count", "unit": ""},
        ],
        "rows": [
            {
                "key": "40",
                "label": "Schleswig",
                "cells": [{"value": 23, "suppressed": False}, {"value": 31, "suppressed": False}],
            },
            {
                "key": "41",
                "label": "Kappeln",
                "cells": [{"value": None, "suppressed": True}, {"value": None, "suppressed": True}],
            },
        ],
        "totals": {
            "key": "total",
            "label": "Total",
            "cells": [{"value": 26, "suppressed": False}, {"value": 35, "suppressed": False}],
        },
        "suppressed_count": 2,
        "counted_at": "2026-12-02T09:40:00+01:00",
    },
    response_only=True,
)


class RegionListView(PlanningView):
    """The regions you start from: a planner's assigned regions; for a coordinator, those
    where their organisation's clients live."""

    serializer_class = RegionSerializer

    @extend_schema(responses=RegionSerializer(many=True), examples=[REGION_EXAMPLE])
    def get(self, request: Request) -> Response:
        from lisko.places.selectors import region_tree

        regions = entry_regions(user_of(request))
        tree = region_tree()
        return Response(
            [
                {
                    "id": region.pk,
                    "name": region.name,
                    "kind": region.kind,
                    "country": region.country,
                    "parent": region.parent_id,
                    "children": [child.pk for child in tree.children(region.pk)],
                }
                for region in regions
            ]
        )


def _region_ref(region: Any) -> dict[str, Any]:
    return {"id": region.pk, "name": region.name, "kind": region.kind}


class RegionDetailView(PlanningView):
    """A region: the way down to it, the regions inside it, and the figures it has."""

    serializer_class = RegionDetailSerializer

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=RegionDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        scope = scope_of(request, pk)
        shown = [*figures_of(Part.STOCK_TAKE), *figures_of(Part.NEEDS)]
        return Response(
            {
                **_region_ref(scope.region),
                "country": scope.region.country,
                "trail": [_region_ref(region) for region in scope.trail],
                "children": [_region_ref(region) for region in scope.children],
                "period": _period_data(scope),
                "threshold": scope.threshold,
                "as_planner": scope.as_planner,
                "figures": [_figure_data(each) for each in shown],
            }
        )


class FigureView(PlanningView):
    """One figure of the region and period as a published table. Hidden cells are
    `{"value": null, "suppressed": true}`. Each read is written to the audit trail."""

    serializer_class = TableSerializer

    @extend_schema(
        parameters=[*PERIOD_PARAMETERS, *FILTER_PARAMETERS],
        responses=TableSerializer,
        examples=[TABLE_EXAMPLE],
    )
    def get(self, request: Request, pk: int, key: str) -> Response:
        scope = scope_of(request, pk)
        shown = figure(key)
        filters = filters_of(request, scope, shown)
        table = shown.table(scope, filters)
        with transaction.atomic():
            services.record_export(by=user_of(request), scope=scope, key=key, file_format="api")
        return Response(table_data(table, scope))


class GapListView(PlanningView):
    """Where demand goes unmet in the region and period, most pressing first, each with the
    figures that show it and what could be done."""

    serializer_class = GapSerializer

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=GapSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        from lisko.planning.gaps import ranked_gaps

        scope = scope_of(request, pk)
        gaps = ranked_gaps(scope)
        with transaction.atomic():
            services.record_export(by=user_of(request), scope=scope, key="gaps", file_format="api")
        return Response([_gap_data(gap) for gap in gaps])


class ReportListView(generics.ListAPIView):
    """The region's social reports you may read, newest first; a POST asks for a new one of
    the period, written by a worker (answered 202: follow the report until it is done)."""

    permission_classes = [MayPlan]
    serializer_class = ReportSerializer
    filter_backends: list[type] = []  # newest first, always

    def get_queryset(self) -> Any:
        pk = self.kwargs["pk"]
        # A region that is not the person's is 404, not an empty list.
        scope_for(user_of(self.request), pk, default_period())
        return services.reports_for(user_of(self.request), pk)

    @extend_schema(
        request=ReportRequestSerializer,
        responses={202: ReportSerializer},
        examples=[
            OpenApiExample(
                "A year in German",
                value={"from": "2026-01-01", "until": "2026-12-31", "language": "de"},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = ReportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        start, end = data.get("from"), data.get("until")
        period = parse_period(
            start.isoformat() if start else None, end.isoformat() if end else None
        )
        user = user_of(request)
        scope = scope_for(user, pk, period)
        report = services.request_social_report(
            by=user, scope=scope, language=data.get("language") or get_language() or "en"
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)


def readable_report(request: Request, report_id: int) -> SocialReport:
    """The report, if the person's list of the region's reports shows it; else 404."""
    region_id = (
        SocialReport.objects.filter(pk=report_id).values_list("region_id", flat=True).first()
    )
    if region_id is None:
        raise NotFound()
    report = services.reports_for(user_of(request), region_id).filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    return report


class ReportDetailView(PlanningView):
    """One social report: how far the worker got, and whether it is done."""

    serializer_class = ReportSerializer
    queryset = SocialReport.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        return Response(ReportSerializer(readable_report(request, pk)).data)


class ReportPdfView(PlanningView):
    """The PDF of a finished social report; the download is written to the audit trail."""

    serializer_class = ReportSerializer
    queryset = SocialReport.objects.none()

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The answer is a PDF file whatever the client accepts; a refusal is JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
        }
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        from lisko.planning.exports import report_file_name

        report = readable_report(request, pk)
        if report.status != SocialReport.Status.DONE or not report.pdf_file:
            raise DomainError(_("The report is not ready yet."), code="not_ready")
        services.record_report_download(by=user_of(request), report=report)
        return FileResponse(
            report.pdf_file.open("rb"),
            as_attachment=True,
            filename=report_file_name(report),
            content_type="application/pdf",
        )
