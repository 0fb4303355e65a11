import pytest

from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client, Consent
from lisko.core.demo import load_demo_data
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language


@pytest.mark.django_db
def test_the_demo_holds_one_region_with_realistic_volumes() -> None:
    summary = load_demo_data()

    assert summary.municipalities == 100
    assert summary.interpreters == 120
    assert summary.clients == 400
    assert summary.associations == 30
    assert Language.objects.count() >= 40
    assert Appointment.objects.filter(status="requested").exists()
    assert Assignment.objects.filter(state="accepted").exists()


@pytest.mark.django_db
def test_common_languages_are_asked_for_far_more_often_than_rare_ones() -> None:
    load_demo_data()

    def clients_speaking(code: str) -> int:
        return Client.objects.filter(preferred_language__code=code).count()

    assert clients_speaking("tir") > 5 * clients_speaking("amh")
    assert clients_speaking("arb") > 5 * clients_speaking("kmr")


@pytest.mark.django_db
def test_every_referral_in_the_demo_rests_on_a_sharing_consent() -> None:
    load_demo_data()

    assert (
        not Consent.objects.filter(referrals__isnull=False)
        .exclude(purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION)
        .exists()
    )


@pytest.mark.django_db
def test_the_demo_interpreters_have_logins_for_their_phones() -> None:
    load_demo_data()

    assert not Interpreter.objects.filter(user__isnull=True).exists()
    assert (
        Interpreter.objects.get(user__username="yonas")
        .languages.filter(language__code="tir")
        .exists()
    )
