"""The planning pages: a region's overview, its stock-take and needs analysis, the gap list, the
table exports and the social reports. Aggregates only: every figure is a published `Table`.

Whoever may not plan, and whoever asks for a region not theirs, gets the same 404 as for a
region that does not exist. A malformed period or filter is a translated 400. Views parse the
request, build the scope once, call the figures and selectors, and hand the tables to the
presenters (how they read) and to navigation (where they link).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lisko.access import Access, roles
from lisko.accounts.models import User
from lisko.core.errors import DomainError, NotFound
from lisko.planning import exports, gaps, published, selectors, services
from lisko.planning.figures import Filters, Part, figure, figures_of
from lisko.planning.headlines import headline_figure_keys
from lisko.planning.models import SocialReport
from lisko.planning.scope import (
    PlanningScope,
    default_period,
    entry_regions,
    parse_period,
    plans,
    scope_for,
)
from lisko.planning.tables import Table
from web.doors import View, door
from web.planning import navigation, presenters


class PlanningRequest(HttpRequest):
    """A request that passed `planning_page`: a logged-in person who may plan."""

    user: User  # type: ignore[assignment]


# Seconds between two looks at a social report being written.
REPORT_POLL_SECONDS = 3
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _malformed(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A malformed period or filter: a 400 page with its translated message."""
    return render(request, "planning/error.html", {"message": str(error.message)}, status=400)


def planning_page(view: View | None = None, *, planner_without_region: bool = False) -> Any:
    """Let in people who may plan; everyone else gets a 404, as for an unknown region
    (`planner_without_region`: also a planner who has no region yet, to be told so).

    A NotFound from the scope or a figure becomes a 404; any other DomainError (a malformed
    period or filter) a 400 page with its translated message."""
    if view is None:
        return lambda view: planning_page(view, planner_without_region=planner_without_region)

    def admits(access: Access) -> bool:
        return plans(access) or (planner_without_region and access.holds(roles.PLANNING))

    return door(admits, refused=_malformed, around=published.one_build_each)(view)


def _scope(
    request: PlanningRequest, region_id: int, data: Mapping[str, str] | None = None
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


def _links(scope: PlanningScope, filters: Filters, page: str) -> presenters.Links:
    query = presenters.page_query(scope.period, filters)
    return presenters.Links(
        narrow=navigation.narrowing_url(scope, filters, page),
        map_link=navigation.map_link(scope),
        download=lambda key, file_format: navigation.export_url(scope, key, file_format, query),
        table=lambda key: navigation.table_url(scope, key, query),
    )


def _built(keys: Iterable[str], scope: PlanningScope, filters: Filters) -> dict[str, Table]:
    """The figures of these keys that are registered, each built once."""
    tables = {}
    for key in dict.fromkeys(keys):
        try:
            tables[key] = figure(key).table(scope, filters)
        except NotFound:
            continue
    return tables


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
    scope, _filters = _scope(request, region_id)
    whole = Filters()  # the overview shows the whole region; drill-down is on the parts
    previous_scope = scope.with_period(scope.period.previous())
    headline_keys = headline_figure_keys()
    map_keys = [key for key, _column, _caption in presenters.OVERVIEW_MAPS]
    current = _built([*headline_keys, *map_keys], scope, whole)
    previous = _built(headline_keys, previous_scope, whole)
    context = navigation.region_page(scope, whole, "region")
    query, rtl = context["query"], context["rtl"]
    points = selectors.municipality_points(scope)
    links = _links(scope, whole, "needs")
    ranked = gaps.ranked_gaps(scope)
    context.update(
        headlines=presenters.headlines(
            current, previous, url_of=lambda key: navigation.figure_url(scope, key, query)
        ),
        previous_period=previous_scope.period,
        maps=[
            presenters.show_map(
                key, current[key], column_key, caption, points=points, rtl=rtl, links=links
            )
            for key, column_key, caption in presenters.OVERVIEW_MAPS
            if key in current
        ],
        gaps=presenters.show_gaps(ranked[: presenters.TOP_GAPS], url_of=navigation.gap_url(scope)),
        more_gaps=len(ranked) > presenters.TOP_GAPS,
        gap_count=len(ranked),
    )
    context["figures_as_of"] = published.figures_as_of()
    return render(request, "planning/region.html", context)


@planning_page
@require_GET
def stock_take(request: PlanningRequest, region_id: int) -> HttpResponse:
    """Offers, the interpreter pool and its reach."""
    return _part(request, region_id, Part.STOCK_TAKE, _("Stock-take"))


@planning_page
@require_GET
def needs(request: PlanningRequest, region_id: int) -> HttpResponse:
    """Residents, interpreting, referrals and plan progress."""
    return _part(request, region_id, Part.NEEDS, _("Needs analysis"))


def _part(request: PlanningRequest, region_id: int, part: Part, title: str) -> HttpResponse:
    scope, filters = _scope(request, region_id)
    page = navigation.PART_PAGES[part]
    context = navigation.region_page(scope, filters, page)
    points = selectors.municipality_points(scope)
    links = _links(scope, filters, page)
    context.update(
        part=part,
        title=title,
        sections=[
            presenters.show_section(
                shown,
                shown.table(scope, filters),
                filters=filters,
                points=points,
                rtl=context["rtl"],
                links=links,
            )
            for shown in presenters.in_page_order(figures_of(part))
        ],
        active_filters=presenters.active_filters(
            filters,
            **_filter_names(scope, filters, points),
            remove_url=navigation.remove_filter_url(scope, filters, page),
        ),
    )
    context["figures_as_of"] = published.figures_as_of()
    return render(request, "planning/part.html", context)


def _filter_names(
    scope: PlanningScope, filters: Filters, points: Mapping[str, tuple[float, float, str]]
) -> dict[str, str]:
    """The names of the municipality, language and field of action the page is narrowed to."""
    names = {"municipality_name": "", "language_name": "", "field_name": ""}
    if filters.municipality_id is not None:
        names["municipality_name"] = points.get(str(filters.municipality_id), (0, 0, ""))[2]
    if filters.language is not None:
        names["language_name"] = dict(selectors.language_rows([filters.language])).get(
            filters.language, ""
        )
    if filters.field_of_action is not None:
        names["field_name"] = dict(selectors.field_of_action_rows(scope)).get(
            filters.field_of_action, filters.field_of_action
        )
    return names


@planning_page
@require_GET
def gap_list(request: PlanningRequest, region_id: int) -> HttpResponse:
    """Every gap of the region, ranked, with its evidence and a suggested action."""
    scope, _filters = _scope(request, region_id)
    context = navigation.region_page(scope, Filters(), "gaps")
    context["gaps"] = presenters.show_gaps(
        gaps.ranked_gaps(scope), url_of=navigation.gap_url(scope)
    )
    context["figures_as_of"] = published.figures_as_of()
    return render(request, "planning/gaps.html", context)


@planning_page
@require_GET
def table(request: PlanningRequest, region_id: int, key: str) -> HttpResponse:
    """One figure's table for the period and filters: what "Show the table" unfolds beneath
    a chart (fetched when opened), and a page of its own for a browser without JavaScript."""
    shown = figure(key)
    scope, filters = _scope(request, region_id)
    page = navigation.PART_PAGES[shown.part]
    links = _links(scope, filters, page)
    context = {
        "shown": presenters.shown_table(
            shown, shown.table(scope, filters), filters=filters, links=links
        )
    }
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "planning/_table.html", context)
    else:
        context.update(navigation.region_page(scope, filters, page))
        context.update(
            figure_key=key,
            back_url=navigation.figure_url(scope, key, context["query"]),
            figures_as_of=published.figures_as_of(),
        )
        response = render(request, "planning/table.html", context)
    # The same address answers a fragment or a page: a cache must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@planning_page
@require_GET
def table_export(
    request: PlanningRequest, region_id: int, key: str, file_format: str
) -> HttpResponse:
    """One figure of the period and filters as CSV or XLSX; the download is audited."""
    shown = figure(key)
    scope, filters = _scope(request, region_id)
    table = shown.table(scope, filters)
    about = exports.about_of(scope)
    services.record_export(by=request.user, scope=scope, key=key, file_format=file_format)
    if file_format == "csv":
        # A byte-order mark, so that a spreadsheet opens the umlauts and Arabic as UTF-8.
        response = HttpResponse(
            "\ufeff" + exports.table_csv(table, about=about), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(exports.table_xlsx(table, about=about), content_type=XLSX)
    filename = exports.file_name(key, scope, file_format)
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
            messages.success(request, presenters.report_requested(scope.region.name, scope.period))
        return redirect(navigation.reports_url(scope))
    scope, _filters = _scope(request, region_id)
    context = navigation.region_page(scope, Filters(), "reports")
    context.update(_report_list(request, scope))
    return render(request, "planning/reports.html", context)


@planning_page
@require_GET
def report_progress(request: PlanningRequest, region_id: int) -> HttpResponse:
    """The list of reports alone, for the page to refresh while one is being written."""
    scope, _filters = _scope(request, region_id)
    context: dict[str, Any] = {"scope": scope, "region": scope.region}
    context.update(_report_list(request, scope))
    return render(request, "planning/_reports.html", context)


def _report_list(request: PlanningRequest, scope: PlanningScope) -> dict[str, Any]:
    listed = presenters.show_reports(
        services.reports_for(request.user, scope.region.pk), download_url=_download_url
    )
    return {**listed, "poll_seconds": REPORT_POLL_SECONDS}


def _downloadable(report: SocialReport) -> bool:
    # The one place the pages decide it: the list links what the download serves.
    return report.status == SocialReport.Status.DONE and bool(report.pdf_file)


def _download_url(report: SocialReport) -> str:
    if not _downloadable(report):
        return ""
    return reverse("planning:report_download", kwargs={"report_id": report.pk})


@planning_page
@require_GET
def report_download(request: PlanningRequest, report_id: int) -> FileResponse:
    """The PDF of a finished social report, if the person's list shows it."""
    region_id = (
        SocialReport.objects.filter(pk=report_id).values_list("region_id", flat=True).first()
    )
    if region_id is None:
        raise Http404()
    # The same rule as the list: a report not listed for the person is absent for them.
    report = services.reports_for(request.user, region_id).filter(pk=report_id).first()
    if report is None or not _downloadable(report):
        raise Http404()
    services.record_report_download(by=request.user, report=report)
    return FileResponse(
        report.pdf_file.open("rb"),
        as_attachment=True,
        filename=exports.report_file_name(report),
        content_type="application/pdf",
    )
