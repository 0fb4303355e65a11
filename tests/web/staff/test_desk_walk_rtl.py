"""What the walk through every desk page in German and Arabic found (issue 16): arrows that turn
with the reading direction, text users typed that keeps its own direction, quotation marks and
day names as the reader writes them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.referrals.models import Referral
from tests.web.staff.conftest import Scene
from web.templatetags.reading import list_separator, listed, quoted

pytestmark = pytest.mark.django_db

CSS = (Path(settings.BASE_DIR) / "web" / "static" / "web" / "lisko.css").read_text()


def in_language(http: HttpClient, language: str) -> HttpClient:
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return http


def test_a_mirrored_arrow_turns_outside_buttons_too() -> None:
    # A transform does nothing on a plain inline box: the arrow must be an inline block.
    rule = re.search(r"^\.mirror \{([^}]*)\}", CSS, re.MULTILINE)

    assert rule is not None and "display: inline-block" in rule.group(1)


def test_the_arrow_from_intake_to_current_level_turns_in_arabic(
    sofia: HttpClient, scene: Scene
) -> None:
    page = sofia.get(reverse("staff:client", args=[scene.client.pk])).content.decode()

    assert re.search(r'<span class="muted">\d <span class="mirror">→</span> \d</span>', page)


def test_the_goal_wording_stands_between_quotation_marks_in_its_own_direction(
    sofia: HttpClient, scene: Scene
) -> None:
    page = sofia.get(reverse("staff:client", args=[scene.client.pk])).content.decode()

    assert '“<span dir="auto">Talk to my son&#x27;s teacher in French</span>”</h4>' in page


def test_the_dashboard_keeps_client_and_offer_apart_in_a_waiting_referral(
    sofia: HttpClient, scene: Scene
) -> None:
    Referral.objects.filter(pk=scene.referral.pk).update(status=Referral.Status.SENT)

    page = sofia.get(reverse("staff:dashboard")).content.decode()

    assert (
        '<bdi>Amal Tesfay</bdi> <span class="mirror">→</span> <bdi>Conversation café</bdi>' in page
    )


def test_notes_and_feedback_on_the_referral_page_take_their_own_direction(
    sofia: HttpClient, scene: Scene
) -> None:
    Referral.objects.filter(pk=scene.referral.pk).update(
        note="تفضل المواعيد بعد الظهر.", outcome="Completed the course."
    )

    page = sofia.get(reverse("staff:referral", args=[scene.referral.pk])).content.decode()

    assert '<dd><span dir="auto">تفضل المواعيد بعد الظهر.</span></dd>' in page
    assert '<p class="notes" dir="auto">Completed the course.</p>' in page


def test_the_pool_names_each_day_with_its_own_letters_in_arabic(
    carla: HttpClient, scene: Scene
) -> None:
    # Cut from the full names, every Arabic day read "ال": the article they all begin with.
    page = in_language(carla, "ar").get(reverse("staff:pool")).content.decode()

    first_row = page[page.index('<span class="days"') :]
    boxes = re.findall(r'<span(?: class="on")? title="[^"]*">([^<]*)</span>', first_row)[:7]
    assert len(set(boxes)) == 7, boxes


def test_quotation_marks_keep_the_text_even_if_a_translation_lost_its_placeholder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("web.templatetags.reading.pgettext", lambda context, message: "«»")

    assert quoted("Wohnung finden") == '“<span dir="auto">Wohnung finden</span>”'


def test_a_list_escapes_each_item_and_joins_them_with_the_readers_separator() -> None:
    assert listed(["Tigrinya", "<b>Dari</b>"]) == (
        f"Tigrinya{list_separator()}&lt;b&gt;Dari&lt;/b&gt;"
    )
