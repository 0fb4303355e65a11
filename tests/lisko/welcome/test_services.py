"""Welcome programmes: registering newcomers, inviting them in their language, booking the
conversation through the appointment service, recording topics and follow-up referrals.

Sofia is a social worker of organisation A, which runs the welcome programme; Samir, of B, is
the stranger; Carla coordinates A but keeps no caseload."""

import datetime as dt
import string
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.audit.models import AuditEvent
from lisko.clients.models import Client
from lisko.clients.services import withdraw_consent
from lisko.core import jobs
from lisko.core.errors import DomainError, NotFound
from lisko.dataprotection.gathering import client_record
from lisko.dataprotection.services import erase_client
from lisko.notifications import client_texts
from lisko.notifications.client_texts import RLM
from lisko.referrals.models import Referral
from lisko.welcome.models import Channel, Topic, WelcomeCase, WelcomeProgramme
from lisko.welcome.services import (
    FollowUp,
    book_welcome_conversation,
    create_welcome_programme,
    invitation_for,
    invite_newcomer,
    record_welcome_conversation,
    register_newcomer,
    send_due_invitation_emails,
    set_invitation_template,
)
from tests.conftest import Personas, SentTasks
from tests.factories.core import LanguageFactory, MunicipalityFactory
from tests.factories.people import AssociationFactory, OfferFactory, SharingConsentFactory
from tests.factories.welcome import make_newcomer, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(personas: Personas) -> WelcomeProgramme:
    return make_programme(personas.organisation, MunicipalityFactory(name="Emmen"))


def register(personas: Personas, programme: WelcomeProgramme, **changes: Any) -> WelcomeCase:
    arguments: dict[str, Any] = {
        "programme": programme,
        "by": personas.social_worker,
        "reference": "W-1",
        "first_name": "Amal",
        "last_name": "Haddad",
        "arrival_date": timezone.localdate() - dt.timedelta(days=10),
        "preferred_language": LanguageFactory(code="ara"),
        "household_size": 4,
    }
    arguments.update(changes)
    return register_newcomer(**arguments)


# Registering -----------------------------------------------------------------------------


def test_a_newcomer_becomes_a_client_of_the_programmes_municipality(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = register(personas, programme)

    client = case.client
    assert client.organisation == personas.organisation
    assert client.municipality == programme.municipality
    assert client.social_worker == personas.social_worker
    assert client.preferred_language.code == "ara"
    assert case.household_size == 4
    assert case.status == "registered"


def test_registering_is_audited(personas: Personas, programme: WelcomeProgramme) -> None:
    case = register(personas, programme)

    assert AuditEvent.objects.filter(
        client_id=case.client_id, object_type="welcome.welcomecase", action="create"
    ).exists()


@pytest.mark.parametrize(
    ("arrival", "code"),
    [
        (None, "arrival_missing"),
        (dt.date(1850, 1, 1), "out_of_range"),
        (dt.date(2015, 1, 1), "arrival_too_early"),
        (dt.date(9999, 1, 1), "out_of_range"),
    ],
)
def test_an_absurd_arrival_date_is_refused(
    personas: Personas, programme: WelcomeProgramme, arrival: dt.date | None, code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        register(personas, programme, arrival_date=arrival)

    assert refused.value.code == code
    assert not Client.objects.exists()


def test_an_arrival_tomorrow_is_refused(personas: Personas, programme: WelcomeProgramme) -> None:
    with pytest.raises(DomainError) as refused:
        register(personas, programme, arrival_date=timezone.localdate() + dt.timedelta(days=1))

    assert refused.value.code == "arrival_in_future"


@pytest.mark.parametrize("size", [0, -1, 21, 500])
def test_a_household_of_0_or_500_is_refused(
    personas: Personas, programme: WelcomeProgramme, size: int
) -> None:
    with pytest.raises(DomainError) as refused:
        register(personas, programme, household_size=size)

    assert refused.value.code == "household_out_of_range"
    assert not WelcomeCase.objects.exists()
    assert not Client.objects.exists()


def test_an_invitation_by_email_needs_an_address(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    with pytest.raises(DomainError) as refused:
        register(personas, programme, channel=Channel.EMAIL, email="  ")

    assert refused.value.code == "no_email"
    assert not Client.objects.exists()


def test_a_malformed_email_address_is_refused(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    with pytest.raises(DomainError) as refused:
        register(personas, programme, channel=Channel.EMAIL, email="amal(at)example")

    assert refused.value.code == "invalid_email"


def test_a_stranger_cannot_register_in_anothers_programme(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    with pytest.raises(NotFound):
        register(personas, programme, by=personas.other_social_worker)


def test_a_coordinator_without_caseload_cannot_register(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    with pytest.raises(DomainError) as refused:
        register(personas, programme, by=personas.coordinator)

    assert refused.value.code == "permission_denied"


@pytest.mark.parametrize("weeks", [0, 53, 500])
def test_a_weeks_target_out_of_range_is_refused(personas: Personas, weeks: int) -> None:
    with pytest.raises(DomainError) as refused:
        create_welcome_programme(
            organisation=personas.organisation,
            municipality=MunicipalityFactory(),
            started_on=timezone.localdate(),
            weeks_target=weeks,
            by=personas.social_worker,
        )

    assert refused.value.code == "weeks_out_of_range"
    assert not WelcomeProgramme.objects.exists()


def test_a_programme_starts_with_twelve_weeks(personas: Personas) -> None:
    programme = create_welcome_programme(
        organisation=personas.organisation,
        municipality=MunicipalityFactory(),
        started_on=timezone.localdate(),
        by=personas.social_worker,
    )

    assert programme.weeks_target == 12


# Inviting -------------------------------------------------------------------------------


def test_the_invitation_uses_the_template_in_the_newcomers_language(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    arabic, ukrainian = LanguageFactory(code="ara"), LanguageFactory(code="ukr")
    set_invitation_template(
        programme=programme,
        language=ukrainian,
        subject="Ласкаво просимо",
        body="Шановна {first_name}",
        by=personas.social_worker,
    )
    set_invitation_template(
        programme=programme,
        language=arabic,
        subject="أهلاً بكم في {municipality}",
        body="عزيزتي {first_name}، ندعوكم إلى محادثة ترحيبية. {organisation}",
        by=personas.social_worker,
    )
    case = make_newcomer(programme, personas.social_worker, language=arabic)

    invitation = invitation_for(case=case)

    assert invitation.subject == RLM + "أهلاً بكم في Emmen"
    assert invitation.body.startswith(RLM + "عزيزتي Amal")
    assert personas.organisation.name in invitation.body
    assert invitation.right_to_left


def test_a_template_of_the_macrolanguage_serves_its_varieties(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    persian = LanguageFactory(code="fas")
    dari = LanguageFactory(code="prs", parent=persian)
    set_invitation_template(
        programme=programme,
        language=persian,
        subject="خوش آمدید",
        body="{first_name} عزیز",
        by=personas.social_worker,
    )
    case = make_newcomer(programme, personas.social_worker, language=dari)

    assert invitation_for(case=case).subject == RLM + "خوش آمدید"


def test_without_a_template_lisko_writes_in_the_newcomers_language(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker, language=LanguageFactory(code="ukr"))

    invitation = invitation_for(case=case)

    assert invitation.locale == "uk"
    assert invitation.subject == "Ласкаво просимо до Emmen"
    assert invitation.body.startswith("Вітаємо, Amal!")
    assert not invitation.right_to_left


def test_a_tigrinya_speaking_newcomer_is_invited_in_tigrinya(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    # Tigrinya is no language of the desk: the invitation follows the client's language.
    case = make_newcomer(programme, personas.social_worker, language=LanguageFactory(code="tir"))

    invitation = invitation_for(case=case)

    assert invitation.locale == "ti"
    assert invitation.subject == "ናብ Emmen እንቋዕ ብደሓን መጻእኩም"
    assert personas.organisation.name in invitation.body


def test_a_dari_speaking_newcomer_is_invited_right_to_left_with_a_mark_first(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker, language=LanguageFactory(code="prs"))

    invitation = invitation_for(case=case)

    assert invitation.right_to_left
    assert invitation.body.startswith(RLM + "Amal عزیز")
    assert "مکتب" in invitation.body  # Dari's word for school, not Iranian Persian's


def test_a_language_without_a_text_of_its_own_is_invited_in_english(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker, language=LanguageFactory(code="hye"))

    invitation = invitation_for(case=case)

    assert (invitation.locale, invitation.subject) == ("en", "Welcome to Emmen")


@pytest.mark.parametrize("code", sorted(client_texts.WELCOME_INVITATION))
def test_lisko_writes_the_invitation_with_the_same_placeholders_in_every_language(
    code: str,
) -> None:
    def placeholders(text: str) -> set[str]:
        return {name for _text, name, _spec, _conversion in string.Formatter().parse(text) if name}

    subject, body = client_texts.WELCOME_INVITATION[code]
    english_subject, english_body = client_texts.WELCOME_INVITATION["eng"]

    assert placeholders(subject) == placeholders(english_subject)
    assert placeholders(body) == placeholders(english_body)
    assert code in client_texts.LOCALES


def test_a_template_with_an_unknown_placeholder_is_refused(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    for body in ("Hello {name}", "Hello {first_name.__class__}", "Hello {0}", "Hello {"):
        with pytest.raises(DomainError) as refused:
            set_invitation_template(
                programme=programme,
                language=LanguageFactory(code="ara"),
                subject="Welcome",
                body=body,
                by=personas.social_worker,
            )
        assert refused.value.code == "unknown_placeholder"


def test_an_email_invitation_is_sent_in_the_newcomers_language(
    personas: Personas, programme: WelcomeProgramme, mailoutbox: list[Any]
) -> None:
    arabic = LanguageFactory(code="ara")
    set_invitation_template(
        programme=programme,
        language=arabic,
        subject="أهلاً بكم",
        body="عزيزتي {first_name}",
        by=personas.social_worker,
    )
    case = make_newcomer(
        programme,
        personas.social_worker,
        language=arabic,
        channel=Channel.EMAIL,
        email="amal@example.org",
    )

    invite_newcomer(case=case, by=personas.social_worker)
    send_due_invitation_emails()

    (sent,) = mailoutbox
    assert sent.to == ["amal@example.org"]
    # A right-to-left mark first: mail programs guess the direction from the first letter.
    assert sent.subject == RLM + "أهلاً بكم"
    assert sent.body == RLM + "عزيزتي Amal"
    case.refresh_from_db()
    assert case.invited_via == Channel.EMAIL
    assert case.invited_at is not None
    assert case.status == "invited"


def test_an_email_invitation_without_an_address_is_refused(
    personas: Personas, programme: WelcomeProgramme, mailoutbox: list[Any]
) -> None:
    case = make_newcomer(programme, personas.social_worker)

    with pytest.raises(DomainError) as refused:
        invite_newcomer(case=case, by=personas.social_worker, channel=Channel.EMAIL)

    assert refused.value.code == "no_email"
    assert mailoutbox == []
    case.refresh_from_db()
    assert case.invited_at is None


def test_a_letter_invitation_is_a_pdf_and_is_recorded(
    personas: Personas, programme: WelcomeProgramme, mailoutbox: list[Any]
) -> None:
    case = make_newcomer(programme, personas.social_worker)

    invitation = invite_newcomer(case=case, by=personas.social_worker)

    assert invitation.letter().startswith(b"%PDF-")
    assert mailoutbox == []
    case.refresh_from_db()
    assert case.invited_via == Channel.LETTER
    assert AuditEvent.objects.filter(client_id=case.client_id, reason="invited by letter").exists()


def test_a_tigrinya_letter_is_set_in_a_font_with_the_geez_script(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker, language=LanguageFactory(code="tir"))

    letter = invite_newcomer(case=case, by=personas.social_worker).letter()

    assert b"NotoSansEthiopic" in letter


def test_a_stranger_cannot_invite(personas: Personas, programme: WelcomeProgramme) -> None:
    case = make_newcomer(programme, personas.social_worker)

    with pytest.raises(NotFound):
        invite_newcomer(case=case, by=personas.other_social_worker)


# Booking --------------------------------------------------------------------------------


def test_booking_asks_the_matcher_for_the_welcome_conversation_in_the_newcomers_language(
    personas: Personas,
    programme: WelcomeProgramme,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    case = make_newcomer(programme, personas.social_worker)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=5)

    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_welcome_conversation(
            case=case, by=personas.social_worker, start=start, address="Gemeindehaus"
        )

    assert appointment.kind == Appointment.Kind.WELCOME_CONVERSATION
    assert appointment.language.code == "ara"
    assert appointment.municipality == programme.municipality
    assert appointment.min_level == 0  # key persons may take it
    assert appointment.status == Appointment.Status.REQUESTED
    assert appointment.end - appointment.start == dt.timedelta(minutes=90)
    assert sent_tasks.named(jobs.MATCH_REQUEST) == [(appointment.pk,)]
    case.refresh_from_db()
    assert case.appointment == appointment
    assert case.status == "booked"


def test_a_second_booking_is_refused_while_the_first_stands(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker)
    start = timezone.now() + dt.timedelta(days=5)
    book_welcome_conversation(case=case, by=personas.social_worker, start=start, request=False)

    with pytest.raises(DomainError) as refused:
        book_welcome_conversation(
            case=case, by=personas.social_worker, start=start + dt.timedelta(days=1)
        )

    assert refused.value.code == "already_booked"
    assert Appointment.objects.count() == 1


def test_a_booking_in_the_past_is_refused_by_the_appointment_service(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker)

    with pytest.raises(DomainError) as refused:
        book_welcome_conversation(
            case=case, by=personas.social_worker, start=timezone.now() - dt.timedelta(days=1)
        )

    assert refused.value.code == "in_the_past"
    case.refresh_from_db()
    assert case.appointment is None


# The conversation -----------------------------------------------------------------------


def test_the_topics_covered_are_kept_in_the_order_of_the_checklist(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker)

    record_welcome_conversation(
        case=case,
        by=personas.social_worker,
        held_on=timezone.localdate(),
        topics=[Topic.RIGHTS, Topic.HOUSING, Topic.SCHOOL],
    )

    case.refresh_from_db()
    assert case.topics == ["housing", "school", "rights"]
    assert case.status == "held"


@pytest.mark.parametrize(
    ("topics", "code"), [([], "no_topics"), (["housing", "astrology"], "unknown_topic")]
)
def test_topics_must_come_from_the_checklist(
    personas: Personas, programme: WelcomeProgramme, topics: list[str], code: str
) -> None:
    case = make_newcomer(programme, personas.social_worker)

    with pytest.raises(DomainError) as refused:
        record_welcome_conversation(
            case=case, by=personas.social_worker, held_on=timezone.localdate(), topics=topics
        )

    assert refused.value.code == code


def test_a_conversation_cannot_be_held_before_arrival_or_tomorrow(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker, arrived_days_ago=5)
    for held_on, code in (
        (timezone.localdate() - dt.timedelta(days=6), "held_before_arrival"),
        (timezone.localdate() + dt.timedelta(days=1), "held_in_future"),
    ):
        with pytest.raises(DomainError) as refused:
            record_welcome_conversation(
                case=case, by=personas.social_worker, held_on=held_on, topics=["housing"]
            )
        assert refused.value.code == code


def test_a_follow_up_becomes_a_referral_with_the_clients_consent(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker)
    association = AssociationFactory(organisation=personas.organisation)
    offer = OfferFactory(association=association)
    consent = SharingConsentFactory(
        client=case.client, association=association, recorded_by=personas.social_worker
    )

    record_welcome_conversation(
        case=case,
        by=personas.social_worker,
        held_on=timezone.localdate(),
        topics=[Topic.LANGUAGE_COURSES],
        follow_ups=[FollowUp(offer=offer, consent=consent, note="Evening course")],
    )

    (referral,) = Referral.objects.filter(client=case.client)
    assert referral.offer == offer
    assert referral.note == "Evening course"
    assert list(case.follow_ups.all()) == [referral]


def test_recording_the_conversation_again_refers_to_each_offer_once(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker)
    association = AssociationFactory(organisation=personas.organisation)
    course, club = OfferFactory(association=association), OfferFactory(association=association)
    consent = SharingConsentFactory(
        client=case.client, association=association, recorded_by=personas.social_worker
    )
    record = {"case": case, "by": personas.social_worker, "held_on": timezone.localdate()}
    record_welcome_conversation(
        **record, topics=[Topic.WORK], follow_ups=[FollowUp(offer=course, consent=consent)]
    )

    record_welcome_conversation(
        **record,
        topics=[Topic.WORK, Topic.ASSOCIATIONS],
        follow_ups=[FollowUp(offer=course, consent=consent), FollowUp(offer=club, consent=consent)],
    )

    referred = sorted(Referral.objects.filter(client=case.client).values_list("offer", flat=True))
    assert referred == sorted([course.pk, club.pk])
    assert case.follow_ups.count() == 2


def test_a_follow_up_without_a_standing_consent_saves_nothing(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(programme, personas.social_worker)
    association = AssociationFactory(organisation=personas.organisation)
    consent = SharingConsentFactory(
        client=case.client, association=association, recorded_by=personas.social_worker
    )
    withdraw_consent(consent=consent, by=personas.social_worker)

    with pytest.raises(DomainError) as refused:
        record_welcome_conversation(
            case=case,
            by=personas.social_worker,
            held_on=timezone.localdate(),
            topics=[Topic.WORK],
            follow_ups=[FollowUp(offer=OfferFactory(association=association), consent=consent)],
        )

    assert refused.value.code == "consent_withdrawn"
    case.refresh_from_db()
    assert case.held_on is None
    assert not Referral.objects.exists()


# Data protection ------------------------------------------------------------------------


def test_the_subject_access_export_holds_the_welcome_case(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(
        programme, personas.social_worker, channel=Channel.EMAIL, email="amal@example.org"
    )
    record_welcome_conversation(
        case=case, by=personas.social_worker, held_on=timezone.localdate(), topics=["health"]
    )

    record = client_record(client=case.client)

    assert record["welcome"]["programme"] == "Emmen"
    assert record["welcome"]["email"] == "amal@example.org"
    assert record["welcome"]["topics"] == ["Health"]
    assert record["welcome"]["held_on"] == timezone.localdate().isoformat()


def test_erasure_removes_the_invitation_address_and_keeps_what_coverage_counts(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    case = make_newcomer(
        programme, personas.social_worker, channel=Channel.EMAIL, email="amal@example.org"
    )
    record_welcome_conversation(
        case=case, by=personas.social_worker, held_on=timezone.localdate(), topics=["health"]
    )

    erase_client(client=case.client, by=personas.admin)

    case.refresh_from_db()
    assert case.email == ""
    assert case.held_on == timezone.localdate()
    assert case.topics == ["health"]


def test_an_arabic_letter_is_laid_out_right_to_left(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    arabic = LanguageFactory(code="ara")
    set_invitation_template(
        programme=programme,
        language=arabic,
        subject="أهلاً بكم في {municipality}",
        body="عزيزتي {first_name}،\n\nندعوكم إلى محادثة ترحيبية.",
        by=personas.social_worker,
    )
    case = make_newcomer(programme, personas.social_worker, language=arabic)

    invitation = invite_newcomer(case=case, by=personas.social_worker)

    assert invitation.right_to_left
    assert invitation.letter().startswith(b"%PDF-")


def test_the_newcomer_pages_read_the_rule_of_the_client(
    personas: Personas, programme: WelcomeProgramme
) -> None:
    from lisko.access import access_of
    from lisko.access.rules import client_rule, welcome_case_rule

    mine = make_newcomer(programme, personas.social_worker)
    theirs = make_newcomer(
        make_programme(personas.other_organisation), personas.other_social_worker
    )
    for user in (personas.social_worker, personas.other_social_worker, personas.coordinator):
        access = access_of(user)
        cases = set(WelcomeCase.objects.filter(welcome_case_rule(access)))
        clients = set(Client.objects.filter(client_rule(access)))
        assert {case.client for case in cases} == clients & {mine.client, theirs.client}
