"""The welcome pages: a social worker runs the programme (register, invite, book, record);
strangers, planners and integration officers find no page about a newcomer; the officer and
the planner see the coverage, suppressed, and never a name."""

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.organisations.models import Membership, Role
from lisko.programmes.models import OfficerMunicipality
from lisko.referrals.models import Referral
from lisko.welcome.models import InvitationEmail, WelcomeCase, WelcomeProgramme
from lisko.welcome.services import (
    invite_newcomer,
    record_welcome_conversation,
    send_due_invitation_emails,
)
from tests.conftest import Personas
from tests.factories.core import LanguageFactory, MunicipalityFactory
from tests.factories.people import AssociationFactory, OfferFactory, SharingConsentFactory
from tests.factories.planning import make_agreement, make_planner, make_region_with_municipalities
from tests.factories.programmes import make_officer
from tests.factories.welcome import make_newcomer, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(personas: Personas) -> WelcomeProgramme:
    return make_programme(personas.organisation, MunicipalityFactory(name="Emmen"))


@pytest.fixture
def sofia(client: HttpClient, personas: Personas) -> HttpClient:
    client.force_login(personas.social_worker)
    return client


@pytest.fixture
def amal(personas: Personas, programme: WelcomeProgramme) -> WelcomeCase:
    return make_newcomer(programme, personas.social_worker, first_name="Amal")


def test_the_programme_lists_the_newcomers_on_the_caseload(
    sofia: HttpClient, amal: WelcomeCase, programme: WelcomeProgramme
) -> None:
    response = sofia.get(reverse("welcome:programme", args=[programme.pk]))

    assert response.status_code == 200
    assert "Amal" in response.content.decode()


def test_the_programme_page_needs_the_same_queries_for_more_newcomers(
    sofia: HttpClient,
    personas: Personas,
    programme: WelcomeProgramme,
    django_assert_max_num_queries: Any,
) -> None:
    for _index in range(8):
        make_newcomer(programme, personas.social_worker)
    with django_assert_max_num_queries(12):
        response = sofia.get(reverse("welcome:programme", args=[programme.pk]))
    assert response.status_code == 200


def test_registering_a_newcomer_opens_their_case(
    sofia: HttpClient, programme: WelcomeProgramme
) -> None:
    LanguageFactory(code="ara")
    response = sofia.post(
        reverse("welcome:register", args=[programme.pk]),
        {
            "reference": "W-9",
            "first_name": "Rami",
            "last_name": "Saleh",
            "arrival_date": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
            "preferred_language": "ara",
            "household_size": "3",
            "channel": "letter",
        },
    )

    case = WelcomeCase.objects.get(client__reference="W-9")
    assert response.status_code == 302
    assert response["Location"] == reverse("welcome:case", args=[case.pk])
    assert case.household_size == 3


def test_a_household_of_500_is_refused_on_the_page(
    sofia: HttpClient, programme: WelcomeProgramme
) -> None:
    LanguageFactory(code="ara")
    response = sofia.post(
        reverse("welcome:register", args=[programme.pk]),
        {
            "reference": "W-9",
            "first_name": "Rami",
            "last_name": "Saleh",
            "arrival_date": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
            "preferred_language": "ara",
            "household_size": "500",
            "channel": "email",
            "email": "rami@example.org",
        },
    )

    assert response.status_code == 400
    assert "between 1 and 20" in response.content.decode()
    assert not WelcomeCase.objects.exists()


def test_an_invitation_by_letter_downloads_a_pdf(sofia: HttpClient, amal: WelcomeCase) -> None:
    response = sofia.post(reverse("welcome:invite", args=[amal.pk]), {"channel": "letter"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    amal.refresh_from_db()
    assert amal.invited_via == "letter"


def test_an_invitation_by_email_without_address_says_why(
    sofia: HttpClient, amal: WelcomeCase, mailoutbox: list[Any]
) -> None:
    response = sofia.post(
        reverse("welcome:invite", args=[amal.pk]), {"channel": "email"}, follow=True
    )

    assert "needs the newcomer's e-mail address" in html.unescape(response.content.decode())
    assert mailoutbox == []


@pytest.fixture
def by_email(personas: Personas, programme: WelcomeProgramme) -> WelcomeCase:
    return make_newcomer(
        programme, personas.social_worker, channel="email", email="rami@example.org"
    )


def test_an_invitation_by_email_is_on_its_way_without_waiting_for_the_mail_server(
    sofia: HttpClient, by_email: WelcomeCase, mailoutbox: list[Any]
) -> None:
    response = sofia.post(
        reverse("welcome:invite", args=[by_email.pk]), {"channel": "email"}, follow=True
    )

    page = html.unescape(response.content.decode())
    assert "The invitation e-mail is on its way." in page
    assert "On its way" in page
    assert "rami@example.org" in page
    assert mailoutbox == []  # jobs are off in the tests: the worker would send it


def test_the_case_page_shows_a_sent_invitation_email(
    sofia: HttpClient, personas: Personas, by_email: WelcomeCase
) -> None:
    invite_newcomer(case=by_email, by=personas.social_worker)
    send_due_invitation_emails()

    page = sofia.get(reverse("welcome:case", args=[by_email.pk])).content.decode()

    assert ">Sent<" in page
    assert "Sent to <bdi>rami@example.org</bdi> on" in page


def test_the_case_page_says_why_an_invitation_email_could_not_be_delivered(
    sofia: HttpClient, personas: Personas, by_email: WelcomeCase
) -> None:
    invite_newcomer(case=by_email, by=personas.social_worker)
    InvitationEmail.objects.update(
        due_at=None,
        failed_at=timezone.now(),
        attempts=5,
        failure=InvitationEmail.Failure.UNAVAILABLE,
    )

    page = sofia.get(reverse("welcome:case", args=[by_email.pk])).content.decode()

    assert "Could not be delivered" in page
    assert "The mail server could not be reached." in page


def test_the_case_page_says_when_the_next_try_is(
    sofia: HttpClient, personas: Personas, by_email: WelcomeCase
) -> None:
    invite_newcomer(case=by_email, by=personas.social_worker)
    InvitationEmail.objects.update(attempts=2, due_at=timezone.now() + dt.timedelta(minutes=4))

    page = html.unescape(sofia.get(reverse("welcome:case", args=[by_email.pk])).content.decode())

    assert "The mail server did not take it (2 tries); Lisko tries again at" in page


def test_booking_from_the_page_asks_for_an_interpreter(
    sofia: HttpClient, amal: WelcomeCase
) -> None:
    day = timezone.localdate() + dt.timedelta(days=7)
    response = sofia.post(
        reverse("welcome:book", args=[amal.pk]),
        {
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "11:30",
            "modality": "on_site",
            "address": "Gemeindehaus",
        },
    )

    assert response.status_code == 302
    (appointment,) = Appointment.objects.filter(client=amal.client)
    assert appointment.kind == Appointment.Kind.WELCOME_CONVERSATION
    assert appointment.status == Appointment.Status.REQUESTED


def test_recording_the_conversation_ticks_topics_and_refers(
    sofia: HttpClient, personas: Personas, amal: WelcomeCase
) -> None:
    association = AssociationFactory(organisation=personas.organisation)
    offer = OfferFactory(association=association, title="Deutschkurs")
    SharingConsentFactory(
        client=amal.client, association=association, recorded_by=personas.social_worker
    )

    page = sofia.get(reverse("welcome:case", args=[amal.pk]))
    assert "Deutschkurs" in page.content.decode()
    response = sofia.post(
        reverse("welcome:conversation", args=[amal.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "topics": ["housing", "language_courses"],
            "follow_ups": [str(offer.pk)],
        },
    )

    assert response.status_code == 302
    amal.refresh_from_db()
    assert amal.topics == ["housing", "language_courses"]
    assert Referral.objects.filter(client=amal.client, offer=offer).exists()


def test_a_conversation_without_topics_is_refused_on_the_page(
    sofia: HttpClient, amal: WelcomeCase
) -> None:
    response = sofia.post(
        reverse("welcome:conversation", args=[amal.pk]),
        {"held_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 400
    amal.refresh_from_db()
    assert amal.held_on is None


# Who sees what ------------------------------------------------------------------------


def test_a_social_worker_changes_the_programmes_target(
    sofia: HttpClient, programme: WelcomeProgramme
) -> None:
    response = sofia.post(
        reverse("welcome:change_target", args=[programme.pk]), {"weeks_target": 6}
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.weeks_target == 6


@pytest.mark.parametrize("weeks", ["0", "53", "-4", "many"])
def test_an_absurd_target_is_refused_on_the_page_and_changes_nothing(
    sofia: HttpClient, programme: WelcomeProgramme, weeks: str
) -> None:
    before = programme.weeks_target

    response = sofia.post(
        reverse("welcome:change_target", args=[programme.pk]), {"weeks_target": weeks}
    )

    assert response.status_code == 400
    assert "<details open>" in response.content.decode()
    programme.refresh_from_db()
    assert programme.weeks_target == before


def test_an_address_that_failed_can_be_corrected_on_the_case_page(
    sofia: HttpClient, by_email: WelcomeCase
) -> None:
    response = sofia.post(
        reverse("welcome:change_address", args=[by_email.pk]),
        {"channel": "email", "email": "amal.new@example.org"},
    )

    assert response.status_code == 302
    by_email.refresh_from_db()
    assert by_email.email == "amal.new@example.org"


def test_a_wrong_address_is_refused_on_the_case_page_and_changes_nothing(
    sofia: HttpClient, by_email: WelcomeCase
) -> None:
    before = by_email.email

    response = sofia.post(
        reverse("welcome:change_address", args=[by_email.pk]),
        {"channel": "email", "email": "not an address"},
    )

    assert response.status_code == 400
    assert "is not an e-mail address" in html.unescape(response.content.decode())
    by_email.refresh_from_db()
    assert by_email.email == before


def welcome_pages(case: WelcomeCase) -> list[tuple[str, str]]:
    """(method, path) of every welcome page about this case and its programme."""
    programme_id = case.programme_id
    return [
        ("get", reverse("welcome:programme", args=[programme_id])),
        ("get", reverse("welcome:register", args=[programme_id])),
        ("post", reverse("welcome:save_template", args=[programme_id])),
        ("post", reverse("welcome:change_target", args=[programme_id])),
        ("get", reverse("welcome:case", args=[case.pk])),
        ("post", reverse("welcome:invite", args=[case.pk])),
        ("post", reverse("welcome:change_address", args=[case.pk])),
        ("post", reverse("welcome:book", args=[case.pk])),
        ("post", reverse("welcome:conversation", args=[case.pk])),
    ]


def test_a_social_worker_of_another_organisation_finds_nothing(
    client: HttpClient, personas: Personas, amal: WelcomeCase
) -> None:
    client.force_login(personas.other_social_worker)
    for method, path in welcome_pages(amal):
        assert getattr(client, method)(path).status_code == 404, path
    assert "Amal" not in client.get(reverse("welcome:index")).content.decode()


def test_a_colleague_sees_the_programme_but_not_anothers_newcomer(
    client: HttpClient, personas: Personas, amal: WelcomeCase, programme: WelcomeProgramme
) -> None:
    client.force_login(personas.colleague)

    page = client.get(reverse("welcome:programme", args=[programme.pk]))

    assert page.status_code == 200
    assert "Amal" not in page.content.decode()
    assert client.get(reverse("welcome:case", args=[amal.pk])).status_code == 404


@pytest.mark.parametrize("role", ["planner", "officer"])
def test_planners_and_officers_find_no_page_about_a_newcomer(
    client: HttpClient, amal: WelcomeCase, programme: WelcomeProgramme, role: str
) -> None:
    region, _places = make_region_with_municipalities()
    user = make_planner(region) if role == "planner" else make_officer(programme.municipality)
    client.force_login(user)

    assert client.get(reverse("welcome:index")).status_code == 404
    for method, path in welcome_pages(amal):
        assert getattr(client, method)(path).status_code == 404, path


def coverage_world(personas: Personas) -> tuple[Any, Any, WelcomeProgramme]:
    """A region whose town has a programme of organisation A with six newcomers, all seen in
    time, and one more whose weeks are over."""
    region, (town, *_rest) = make_region_with_municipalities()
    programme = make_programme(personas.organisation, town)
    for index in range(6):
        case = make_newcomer(
            programme, personas.social_worker, first_name=f"Zenobia{index}", arrived_days_ago=60
        )
        record_welcome_conversation(
            case=case,
            by=personas.social_worker,
            held_on=timezone.localdate() - dt.timedelta(days=30),
            topics=["housing"],
        )
    make_newcomer(programme, personas.social_worker, first_name="Quintus", arrived_days_ago=200)
    return region, town, programme


def test_the_officer_sees_the_coverage_of_their_municipality_without_a_name(
    client: HttpClient, personas: Personas
) -> None:
    _region, town, _programme = coverage_world(personas)
    officer = make_officer(town, organisation=personas.organisation)
    client.force_login(officer)

    page = client.get(reverse("programmes:index")).content.decode()

    assert "Welcome conversations within the target weeks" in page
    assert town.name in page
    assert "Zenobia" not in page
    assert "Quintus" not in page
    assert "fewer than 5" in page  # the one late newcomer is hidden


def test_the_planner_sees_the_coverage_on_the_needs_analysis_without_a_name(
    client: HttpClient, personas: Personas
) -> None:
    region, town, _programme = coverage_world(personas)
    make_agreement(personas.organisation, region)
    planner = make_planner(region)
    client.force_login(planner)

    page = client.get(reverse("planning:needs", args=[region.pk])).content.decode()

    assert "Welcome conversations within the target weeks" in page
    assert "Zenobia" not in page
    assert "Quintus" not in page


def test_a_social_worker_starts_a_programme_for_a_municipality(
    sofia: HttpClient, personas: Personas
) -> None:
    kriens = MunicipalityFactory(name="Kriens")

    response = sofia.post(
        reverse("welcome:index"),
        {
            "organisation": str(personas.organisation.pk),
            "municipality": str(kriens.pk),
            "weeks_target": "8",
            "started_on": timezone.localdate().isoformat(),
        },
    )

    programme = WelcomeProgramme.objects.get(municipality=kriens)
    assert response.status_code == 302
    assert programme.organisation == personas.organisation
    assert programme.weeks_target == 8


def test_a_weeks_target_of_500_is_refused_on_the_page(
    sofia: HttpClient, personas: Personas
) -> None:
    response = sofia.post(
        reverse("welcome:index"),
        {
            "organisation": str(personas.organisation.pk),
            "municipality": str(MunicipalityFactory().pk),
            "weeks_target": "500",
            "started_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 400
    assert not WelcomeProgramme.objects.exists()


def test_a_programme_cannot_be_started_for_another_organisation(
    sofia: HttpClient, personas: Personas
) -> None:
    response = sofia.post(
        reverse("welcome:index"),
        {
            "organisation": str(personas.other_organisation.pk),
            "municipality": str(MunicipalityFactory().pk),
            "weeks_target": "12",
            "started_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 400
    assert not WelcomeProgramme.objects.exists()


def test_an_officer_who_is_also_a_social_worker_elsewhere_sees_only_their_own_caseload(
    client: HttpClient, personas: Personas, amal: WelcomeCase, programme: WelcomeProgramme
) -> None:
    # Samir keeps a caseload in B and is integration officer of A's municipality, in A.
    samir = personas.other_social_worker
    membership = Membership.objects.create(
        user=samir, organisation=personas.organisation, role=Role.INTEGRATION_OFFICER
    )
    OfficerMunicipality.objects.create(membership=membership, municipality=programme.municipality)
    client.force_login(samir)

    assert client.get(reverse("welcome:index")).status_code == 200
    for method, path in welcome_pages(amal):
        assert getattr(client, method)(path).status_code == 404, path


def test_a_social_worker_whose_role_ends_finds_the_newcomer_gone_at_once(
    sofia: HttpClient, personas: Personas, amal: WelcomeCase
) -> None:
    assert sofia.get(reverse("welcome:case", args=[amal.pk])).status_code == 200

    Membership.objects.filter(user=personas.social_worker, role=Role.SOCIAL_WORKER).delete()

    page = sofia.get(reverse("welcome:case", args=[amal.pk]))
    # The answer of the social workers' pages to anyone without the role, whether the case
    # exists or not: it tells nothing about the newcomer.
    unknown = sofia.get(reverse("welcome:case", args=[amal.pk + 1000]))
    assert page.status_code in (403, 404)
    assert unknown.status_code == page.status_code
    assert "Amal" not in page.content.decode()
