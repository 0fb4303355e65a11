"""The needs found are frozen as the published tables of the day, in every language, with hidden
cells kept hidden."""

import pytest
from django.conf import settings

from lisko.regionplans import services
from lisko.regionplans.snapshots import tables_of
from tests.factories.people import FieldOfActionFactory, OfferFactory, ReferralFactory
from tests.factories.planning import client_of
from tests.factories.regionplans import current
from tests.lisko.regionplans.conftest import Plans

pytestmark = pytest.mark.django_db


def housing(plans: Plans, *, referrals: int) -> None:
    offer = OfferFactory(
        association__organisation=plans.world.a,
        municipality=plans.world.municipalities[0],
        field_of_action=FieldOfActionFactory(organisation=plans.world.a, key="housing"),
        capacity=4,
    )
    for _number in range(referrals):
        ReferralFactory(
            client=client_of(plans.world.a, municipality=plans.world.municipalities[0]),
            offer=offer,
        )


def test_a_snapshot_keeps_the_tables_in_every_language(plans: Plans) -> None:
    housing(plans, referrals=7)

    snapshot = services.record_needs(
        version=current(plans.plan), field_of_action="housing", by=plans.planner
    )

    assert set(snapshot.tables) == set(settings.LISKO_DESK_LANGUAGES)
    keys = [table.key for table in tables_of(snapshot.tables, "de")]
    assert "offers" in keys and "referrals-by-municipality" in keys


def test_a_snapshot_keeps_only_the_fields_row_of_tables_by_field(plans: Plans) -> None:
    housing(plans, referrals=7)

    snapshot = services.record_needs(
        version=current(plans.plan), field_of_action="housing", by=plans.planner
    )

    offers = next(table for table in tables_of(snapshot.tables, "en") if table.key == "offers")
    assert [row.key for row in offers.rows] == ["housing"]
    assert offers.totals is None


def test_a_hidden_cell_is_kept_hidden_without_its_value(plans: Plans) -> None:
    housing(plans, referrals=3)

    snapshot = services.record_needs(
        version=current(plans.plan), field_of_action="housing", by=plans.planner
    )

    referrals = next(
        table for table in tables_of(snapshot.tables, "en") if table.key == "referrals"
    )
    sent = [column.key for column in referrals.columns].index("sent")
    cell = referrals.rows[0].cells[sent]
    assert cell.suppressed and cell.value is None


def test_a_snapshot_does_not_change_when_the_data_does(plans: Plans) -> None:
    housing(plans, referrals=7)
    snapshot = services.record_needs(
        version=current(plans.plan), field_of_action="housing", by=plans.planner
    )
    before = snapshot.tables

    housing(plans, referrals=9)
    snapshot.refresh_from_db()

    assert snapshot.tables == before


def test_a_planner_of_another_region_cannot_record_needs(plans: Plans) -> None:
    from lisko.core.errors import NotFound

    with pytest.raises(NotFound):
        services.record_needs(
            version=current(plans.plan), field_of_action="housing", by=plans.other_planner
        )
