"""The region plans' world: the planning world's district (Testkreis) with organisations A and B
sharing with its planners, its planner, a planner of another district, and the fields of
action the organisations keep."""

from dataclasses import dataclass

import pytest

from lisko.accounts.models import User
from lisko.places.models import Region
from lisko.regionplans.models import RegionPlan
from tests.factories.core import make_social_worker
from tests.factories.people import FieldOfActionFactory
from tests.factories.planning import (
    PlanningWorld,
    make_planner,
    make_planning_world,
    make_region_with_municipalities,
)
from tests.factories.regionplans import make_plan


@dataclass
class Plans:
    world: PlanningWorld
    planner: User
    other_planner: User
    other_region: Region
    social_worker: User
    plan: RegionPlan


@pytest.fixture
def plans(db: None) -> Plans:
    world = make_planning_world()
    for organisation in (world.a, world.b):
        FieldOfActionFactory(organisation=organisation, key="language-education", position=1)
        FieldOfActionFactory(organisation=organisation, key="housing", name="Housing", position=3)
    other_region, _places = make_region_with_municipalities(
        "Fernkreis", places=(("Weitweg", 53.10, 8.80),)
    )
    return Plans(
        world=world,
        planner=world.planner,
        other_planner=make_planner(other_region),
        other_region=other_region,
        social_worker=make_social_worker(world.a),
        plan=make_plan(world.region, by=world.planner),
    )
