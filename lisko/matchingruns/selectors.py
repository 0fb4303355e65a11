"""Reading matching runs, scoped to the coordinators of their organisation."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lisko.access import access_of
from lisko.access.rules import matching_run_rule
from lisko.accounts.models import User
from lisko.appointments.selectors import open_requests
from lisko.core.errors import NotFound
from lisko.matchingruns.models import MatchingRun, MatchingRunRequest
from lisko.organisations.models import Organisation

# The window a run started now covers (batch.HORIZON; repeated to keep this module light).
RUN_WINDOW = dt.timedelta(days=14)


def waiting_for_a_run(*, organisation: Organisation, now: dt.datetime | None = None) -> int:
    """How many open requests a run started now would take: those starting in its window."""
    now = now or timezone.now()
    return open_requests(organisation=organisation, until=now + RUN_WINDOW, now=now).count()


def matching_runs_for(*, user: User, limit: int = 20) -> list[MatchingRun]:
    """The latest matching runs of the organisations `user` coordinates, newest first."""
    return list(
        MatchingRun.objects.filter(matching_run_rule(access_of(user)))
        .select_related("started_by")
        .order_by("-created_at", "-id")[:limit]
    )


def matching_run_for(*, user: User, run_id: int) -> MatchingRun:
    """One matching run with its requests (appointment, language, interpreter); NotFound out of
    reach. The page shows no client data, so nothing is audited."""
    run = (
        MatchingRun.objects.filter(
            matching_run_rule(access_of(user)),
            pk=run_id,
        )
        .select_related("started_by", "organisation")
        .prefetch_related(
            Prefetch(
                "requests",
                queryset=MatchingRunRequest.objects.select_related(
                    "appointment__language", "appointment__municipality", "interpreter"
                ).order_by("appointment__start", "id"),
            )
        )
        .first()
    )
    if run is None:
        raise NotFound()
    return run


def matching_run_list_for(*, user: User) -> QuerySet[MatchingRun]:
    """The matching runs of the organisations `user` coordinates, as a queryset to filter and
    page through (matching_runs_for gives the latest few as a list)."""
    return MatchingRun.objects.filter(matching_run_rule(access_of(user))).select_related(
        "started_by"
    )
