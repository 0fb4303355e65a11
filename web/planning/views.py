"""The planning pages: a region's overview, its stock-take and needs analysis, the gap list, the
table exports and the social reports. Aggregates only: every figure is a published `Table`.

Whoever may not plan, and whoever asks for a region not theirs, gets the same 404 as for a
region that does not exist. A malformed period or filter is a translated 400. Views parse the
request, build the scope once, call the figures, and hand the tables to the presenters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lisko.access import access_of, roles, two_factor_required
from lisko.accounts.models import User
from lisko.core.errors import DomainError, NotFound
from lisko.planning import exports, gaps, selectors, services
from lisko.planning.figures import Figure, Filters, Part, figure, figures_of
from lisko.planning.models import SocialReport
from lisko.planning.scope import (
    Period,
    PlanningScope,
    default_period,
    entry_regions,
    may_plan,
    parse_period,
    scope_for,
)
from lisko.planning.tables import Table
from web.planning import presenters
from web.staff.access import Staff

View = Callable[..., HttpResponseBase]


class PlanningRequest(HttpRequest):
    """A request that passed `planning_page`: a logged-in person who may plan."""

    user: User  # type: ignore[assignment]


# Seconds between two looks at a social report being written.
REPORT_POLL_SECONDS = 3
PART_PAGES = {Part.STOCK_TAKE: "stock_take", Part.NEEDS: "needs"}


def planning_page(view: View | None = None, *, planner_without_region: bool = False) -> Any:
    """Let in people who may plan; everyone else gets a 404, as for an unknown region
    (`planner_without_region`: also a planner who has no region yet, to be told so).

    A NotFound from the scope or a figure becomes a 404; any other DomainError (a malformed
    period or filter) a 400 page with its translated message."""
    if view is None:
        return lambda view: planning_page(view, planner_without_region=planner_without_region)

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if two_factor_required(user) and not user.is_verified():  # type: ignore[union-attr]
            return redirect(
                f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}"
            )
        access = access_of(user)
        if not may_plan(user) and not (planner_without_region and access.holds(roles.PLANNING)):
            raise Http404()
        if access.holds(roles.STAFF):
            # The staff navigation above the planning pages.
            request.staff = Staff(access=access)  # type: ignore[attr-defined]
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404() from None
        except DomainError as error:
            return render(
                request, "planning/error.html", {"message": str(error.message)}, status=400
            )

    return wrapper


def _scope(
    request: PlanningRequest, region_id: int, data: Any = None
) -> tuple[PlanningScope, Filters]:
    """The scope of the page: the region (404 when not the person's), the period asked for
    and the drill-down filters (a malformed one is a 400, one outside the scope a 404)."""
    data = request.GET if data is None else data
    period_error: DomainError | None = None
    try:
        period = parse_period(data.get("from"), data.get("until"))
    except DomainError as error:
        # A foreign region answers 404 whatever the period: decide that first.
        period_error, period = error, default_period()
    scope = scope_for(request.user, region_id, period)
    if period_error is not None:
        raise period_error
    filters = selectors.check_filters(scope, selectors.parse_filters(data))
    return scope, filters


def _region_context(scope: PlanningScope, filters: Filters, page: str) -> dict[str, Any]:
    """What every page of a region shows: the trail, the children, the period, the tabs."""
    period = scope.period
    query = presenters.page_query(period, filters)
    period_only = presenters.page_query(period, Filters())
    region_id = scope.region.pk
    today = timezone.localdate()
    return {
        "scope": scope,
        "region": scope.region,
        "period": period,
        "filters": filters,
        "query": query,
        "page": page,
        "rtl": get_language_bidi(),
        "trail": [
            (region, presenters.region_url(page, region.pk, period_only))
            for region in scope.trail[:-1]
        ],
        "children": [
            (region, presenters.region_url("region", region.pk, period_only))
            for region in scope.children
        ],
        "tabs": [
            (name, label, presenters.region_url(name, region_id, query))
            for name, label in (
                ("region", _("Overview")),
                ("stock_take", _("Stock-take")),
                ("needs", _("Needs")),
                ("gaps", _("Gaps")),
                ("reports", _("Social reports")),
            )
        ],
        "presets": _presets(today, page, region_id, filters),
        "threshold": scope.threshold,
    }


def _presets(today: dt.date, page: str, region_id: int, filters: Filters) -> list[tuple[str, str]]:
    """Periods one click away: the twelve months to today, last calendar year, this year."""
    last_year = Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    this_year = Period(dt.date(today.year, 1, 1), today)
    five_years = Period(dt.date(today.year - 5, 1, 1), dt.date(today.year - 1, 12, 31))
    return [
        (label, presenters.region_url(page, region_id, presenters.page_query(period, filters)))
        for label, period in (
            (_("Last 12 months"), default_period(today)),
            (_("Last year"), last_year),
            (_("This year"), this_year),
            (_("Last five years"), five_years),
        )
    ]


def _drill_url(scope: PlanningScope, filters: Filters, page: str) -> Callable[[str, str], str]:
    """Links that narrow the page to a municipality, a language or a field of action."""
    municipality_ids = {str(pk) for pk in scope.municipality_ids}

    def url(kind: str, key: str) -> str:
        if kind == "municipality" and key not in municipality_ids:
            return ""
        if not key or key in (presenters.TOTAL_COLUMN, "other", "unknown", "not-stated"):
            return ""
        query = presenters.page_query(scope.period, filters, **{kind: key})
        return presenters.region_url(page, scope.region.pk, query)

    return url


def _map_link(scope: PlanningScope) -> Callable[[str], str]:
    """A municipality of a map opens the needs analysis narrowed to it."""
    drill = _drill_url(scope, Filters(), "needs")
    return lambda key: drill("municipality", key)


def _build(key: str, scope: PlanningScope, filters: Filters) -> Table | None:
    try:
        return figure(key).build(scope, filters)
    except NotFound:
        return None


# -- pages ------------------------------------------------------------------------------------


@planning_page(planner_without_region=True)
@require_GET
def index(request: PlanningRequest) -> HttpResponse:
    """The regions the person starts from; with one, that region's overview at once."""
    regions = entry_regions(request.user)
    if len(regions) == 1:
        return redirect("planning:region", region_id=regions[0].pk)
    return render(
        request,
        "planning/index.html",
        {
            "regions": [
                (region, reverse("planning:region", kwargs={"region_id": region.pk}))
                for region in regions
            ]
        },
    )


@planning_page
@require_GET
def region(request: PlanningRequest, region_id: int) -> HttpResponse:
    """Headline figures with their trend, the maps, the top of the gap list."""
    scope, filters = _scope(request, region_id)
    filters = Filters()  # the overview shows the whole region; drill-down is on the parts
    previous_scope = scope.with_period(scope.period.previous())
    keys = presenters.headline_figure_keys()
    current = {key: table for key in keys if (table := _build(key, scope, filters)) is not None}
    previous = {
        key: table for key in keys if (table := _build(key, previous_scope, filters)) is not None
    }
    context = _region_context(scope, filters, "region")
    query = context["query"]
    rtl = context["rtl"]
    points = selectors.municipality_points(scope)
    link = _map_link(scope)
    maps = []
    for key, column_key, caption in (
        (
            "clients-by-municipality",
            "total",
            _("Clients by where they live: the larger the circle, the more clients."),
        ),
        (
            "interpreting-by-municipality",
            "unfilled",
            _("Interpreting requests left unfilled, by where the client lives."),
        ),
    ):
        table = current.get(key) or _build(key, scope, filters)
        if table is None:
            continue
        table = presenters.with_links(table, key, _drill_url(scope, Filters(), "needs"))
        maps.append(
            {
                "key": key,
                "title": table.title,
                "caption": caption,
                "svg": _map_svg(table, column_key, points, rtl=rtl, link=link),
                "table": presenters.show_table(
                    table,
                    figure_key=key,
                    heat=False,
                    filters=filters,
                    column_url=_drill_url(scope, Filters(), "needs"),
                    csv_url=_export_url(scope, key, "csv", query),
                    xlsx_url=_export_url(scope, key, "xlsx", query),
                ),
            }
        )
    ranked = gaps.ranked_gaps(scope)
    context.update(
        headlines=presenters.headlines(
            current,
            previous,
            url_of=lambda key: _figure_url(scope, key, query),
        ),
        previous_period=previous_scope.period,
        maps=maps,
        gaps=presenters.show_gaps(ranked[: presenters.TOP_GAPS], url_of=_gap_url(scope)),
        more_gaps=len(ranked) > presenters.TOP_GAPS,
        gap_count=len(ranked),
    )
    return render(request, "planning/region.html", context)


def _map_svg(
    table: Table,
    column_key: str,
    points: dict[str, tuple[float, float, str]],
    *,
    rtl: bool,
    link: Callable[[str], str],
) -> SafeString:
    from lisko.planning import charts  # matplotlib: seconds to import, for chart pages only

    # The chart module escapes every label it writes into the SVG.
    return mark_safe(charts.map_svg(table, column_key, points, rtl=rtl, link=link))  # noqa: S308


def _figure_url(scope: PlanningScope, key: str, query: str) -> str:
    try:
        part = figure(key).part
    except NotFound:
        return ""
    return presenters.region_url(PART_PAGES[part], scope.region.pk, query) + f"#{key}"


def _gap_url(scope: PlanningScope) -> Callable[[Filters], str]:
    def url(filters: Filters) -> str:
        query = presenters.page_query(scope.period, filters)
        return presenters.region_url("needs", scope.region.pk, query)

    return url


def _export_url(scope: PlanningScope, key: str, file_format: str, query: str) -> str:
    return (
        reverse(f"planning:table_{file_format}", kwargs={"region_id": scope.region.pk, "key": key})
        + query
    )


@planning_page
@require_GET
def stock_take(request: PlanningRequest, region_id: int) -> HttpResponse:
    """Offers, the interpreter pool and its reach."""
    return _part(request, region_id, Part.STOCK_TAKE)


@planning_page
@require_GET
def needs(request: PlanningRequest, region_id: int) -> HttpResponse:
    """Residents, interpreting, referrals and plan progress."""
    return _part(request, region_id, Part.NEEDS)


def _part(request: PlanningRequest, region_id: int, part: Part) -> HttpResponse:
    scope, filters = _scope(request, region_id)
    page = PART_PAGES[part]
    context = _region_context(scope, filters, page)
    query, rtl = context["query"], context["rtl"]
    points = selectors.municipality_points(scope)
    drill = _drill_url(scope, filters, page)
    sections = []
    for shown in presenters.in_page_order(figures_of(part)):
        table = presenters.with_links(shown.build(scope, filters), shown.key, drill)
        sections.append(_section(shown, table, scope, filters, points, rtl, query, drill))
    context.update(
        part=part,
        sections=sections,
        active_filters=_active_filters(scope, filters, points, page),
        title=_("Stock-take") if part == Part.STOCK_TAKE else _("Needs analysis"),
    )
    return render(request, "planning/part.html", context)


def _section(
    shown: Figure,
    table: Table,
    scope: PlanningScope,
    filters: Filters,
    points: dict[str, tuple[float, float, str]],
    rtl: bool,
    query: str,
    drill: Callable[[str, str], str],
) -> dict[str, Any]:
    charts = presenters.draw_charts(shown, table, points=points, rtl=rtl, map_link=_map_link(scope))
    return {
        "key": shown.key,
        "title": table.title,
        "note": table.note,
        "charts": charts,
        "narrowing_note": presenters.narrowing_note(shown, filters),
        "table": presenters.show_table(
            table,
            figure_key=shown.key,
            heat=presenters.is_heat(shown),
            filters=filters,
            column_url=drill,
            csv_url=_export_url(scope, shown.key, "csv", query),
            xlsx_url=_export_url(scope, shown.key, "xlsx", query),
        ),
    }


def _active_filters(
    scope: PlanningScope,
    filters: Filters,
    points: dict[str, tuple[float, float, str]],
    page: str,
) -> list[presenters.ActiveFilter]:
    municipality = ""
    if filters.municipality_id is not None:
        municipality = points.get(str(filters.municipality_id), (0, 0, ""))[2]
    language = ""
    if filters.language is not None:
        language = dict(selectors.language_rows([filters.language])).get(filters.language, "")
    field = ""
    if filters.field_of_action is not None:
        field = dict(selectors.field_of_action_rows(scope)).get(
            filters.field_of_action, filters.field_of_action
        )

    def remove(kind: str) -> str:
        query = presenters.page_query(scope.period, filters, **{kind: None})
        return presenters.region_url(page, scope.region.pk, query)

    return presenters.active_filters(
        filters,
        municipality_name=municipality,
        language_name=language,
        field_name=field,
        remove_url=remove,
    )


@planning_page
@require_GET
def gap_list(request: PlanningRequest, region_id: int) -> HttpResponse:
    """Every gap of the region, ranked, with its evidence and a suggested action."""
    scope, filters = _scope(request, region_id)
    context = _region_context(scope, Filters(), "gaps")
    context["gaps"] = presenters.show_gaps(gaps.ranked_gaps(scope), url_of=_gap_url(scope))
    return render(request, "planning/gaps.html", context)


@planning_page
@require_GET
def table_export(
    request: PlanningRequest, region_id: int, key: str, file_format: str
) -> HttpResponse:
    """One figure of the period and filters as CSV or XLSX; the download is audited."""
    shown = figure(key)
    scope, filters = _scope(request, region_id)
    table = shown.build(scope, filters)
    about = exports.about_of(scope)
    services.record_export(by=request.user, scope=scope, key=key, file_format=file_format)
    filename = exports.file_name(key, scope, file_format)
    if file_format == "csv":
        # A byte-order mark, so that a spreadsheet opens the umlauts and Arabic as UTF-8.
        response = HttpResponse(
            "\ufeff" + exports.table_csv(table, about=about), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.table_xlsx(table, about=about),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- social reports ---------------------------------------------------------------------------


@planning_page
@require_http_methods(["GET", "POST"])
def reports(request: PlanningRequest, region_id: int) -> HttpResponse:
    """The region's social reports, newest first; a POST asks for a new one of the period."""
    if request.method == "POST":
        scope, _filters = _scope(request, region_id, request.POST)
        try:
            services.request_social_report(by=request.user, scope=scope, language=get_language())
        except NotFound:
            raise
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "The social report of {region} for {start} to {end} is being written. "
                    "It appears here when it is ready."
                ).format(
                    region=scope.region.name,
                    start=_short_date(scope.period.start),
                    end=_short_date(scope.period.end),
                ),
            )
        query = presenters.page_query(scope.period, Filters())
        return redirect(presenters.region_url("reports", region_id, query))
    scope, _filters = _scope(request, region_id)
    context = _region_context(scope, Filters(), "reports")
    context.update(_report_list(request, scope))
    return render(request, "planning/reports.html", context)


@planning_page
@require_GET
def report_progress(request: PlanningRequest, region_id: int) -> HttpResponse:
    """The list of reports alone, for the page to refresh while one is being written."""
    scope, _filters = _scope(request, region_id)
    context = {"scope": scope, "region": scope.region}
    context.update(_report_list(request, scope))
    return render(request, "planning/_reports.html", context)


def _report_list(request: PlanningRequest, scope: PlanningScope) -> dict[str, Any]:
    listed = list(services.reports_for(request.user, scope.region.pk))
    busy = (SocialReport.Status.QUEUED, SocialReport.Status.RUNNING)
    return {
        "reports": [
            {
                "report": report,
                "percent": presenters.report_percent(report.steps_done, report.steps_total),
                "busy": report.status in busy,
                "current": services.is_current(report),
                "url": reverse("planning:report_download", kwargs={"report_id": report.pk})
                if report.status == SocialReport.Status.DONE and report.pdf_file
                else "",
            }
            for report in listed
        ],
        "polling": any(report.status in busy for report in listed),
        "poll_seconds": REPORT_POLL_SECONDS,
    }


@planning_page
@require_GET
def report_download(request: PlanningRequest, report_id: int) -> FileResponse:
    """The PDF of a finished social report, if the person's list shows it."""
    report = SocialReport.objects.filter(pk=report_id).first()
    if report is None:
        raise Http404()
    listed = {listed.pk for listed in services.reports_for(request.user, report.region_id)}
    if report.pk not in listed or report.status != SocialReport.Status.DONE or not report.pdf_file:
        raise Http404()
    services.record_report_download(by=request.user, report=report)
    filename = exports.report_file_name(report)
    return FileResponse(
        report.pdf_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


def _short_date(day: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")
