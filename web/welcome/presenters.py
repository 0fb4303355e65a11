"""What the welcome pages show of a case, and the follow-up choices as the form lists them."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from lisko.associations.models import Offer
from lisko.clients.models import Consent
from lisko.welcome.models import Topic, WelcomeCase
from lisko.welcome.services import FollowUp


@dataclass(frozen=True)
class NewcomerRow:
    case: WelcomeCase
    url: str
    status: str
    status_key: str


def newcomer_row(case: WelcomeCase) -> NewcomerRow:
    return NewcomerRow(
        case=case,
        url=reverse("welcome:case", kwargs={"case_id": case.pk}),
        status=case.status_display(),
        status_key=case.status,
    )


@dataclass(frozen=True)
class CasePage:
    topics: list[str]
    status: str
    may_book: bool
    may_record: bool


def case_page(case: WelcomeCase) -> CasePage:
    labels = dict(Topic.choices)
    return CasePage(
        topics=[str(labels[topic]) for topic in case.topics if topic in labels],
        status=case.status_display(),
        may_book=case.status in ("registered", "invited"),
        may_record=True,
    )


def follow_up_options(choices: Sequence[tuple[Offer, Consent]]) -> list[tuple[str, str]]:
    """(offer id, "offer · association") for the form."""
    return [
        (
            str(offer.pk),
            _("{offer} · {association}").format(
                offer=offer.title, association=offer.association.name
            ),
        )
        for offer, _consent in choices
    ]


def chosen_follow_ups(
    choices: Sequence[tuple[Offer, Consent]], chosen: Iterable[str], note: str
) -> list[FollowUp]:
    """The follow-ups ticked, each with the consent that allows it."""
    wanted = set(chosen)
    return [
        FollowUp(offer=offer, consent=consent, note=note)
        for offer, consent in choices
        if str(offer.pk) in wanted
    ]
