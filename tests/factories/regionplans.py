"""Factories for region plans: a plan with its first version, through the service."""

from lisko.accounts.models import User
from lisko.places.models import Region
from lisko.regionplans import services
from lisko.regionplans.models import RegionPlan, RegionPlanVersion


def make_plan(
    region: Region,
    *,
    by: User | None = None,
    title: str = "Integrated social plan",
    start_year: int = 2025,
    end_year: int = 2029,
) -> RegionPlan:
    """A plan of the region for 2025–2029 (by default), with its first version."""
    return services.create_plan(
        region=region, title=title, start_year=start_year, end_year=end_year, by=by
    )


def current(plan: RegionPlan) -> RegionPlanVersion:
    return RegionPlanVersion.objects.select_related("plan__region").get(plan=plan, is_current=True)
