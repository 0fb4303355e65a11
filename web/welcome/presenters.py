"""What the welcome pages show of a case, and the follow-up choices as the form lists them."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisko.associations.models import Offer
from lisko.clients.models import Consent
from lisko.welcome.models import InvitationEmail, Topic, WelcomeCase
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


# What the case page calls each state of an invitation e-mail, and the badge it wears.
EMAIL_STATES = {
    "on_its_way": (gettext_lazy("On its way"), "warn"),
    "sent": (gettext_lazy("Sent"), "ok"),
    "failed": (gettext_lazy("Could not be delivered"), "bad"),
}


@dataclass(frozen=True)
class EmailLine:
    """One invitation e-mail as the case page lists it."""

    email: InvitationEmail
    state: str
    label: str
    badge: str
    reason: str


def email_line(email: InvitationEmail) -> EmailLine:
    label, badge = EMAIL_STATES[email.state]
    return EmailLine(
        email=email,
        state=email.state,
        label=str(label),
        badge=badge,
        reason=email.get_failure_display() if email.state == "failed" and email.failure else "",
    )


@dataclass(frozen=True)
class CasePage:
    topics: list[str]
    status: str
    may_book: bool
    may_record: bool
    emails: list[EmailLine]


def case_page(case: WelcomeCase, emails: Sequence[InvitationEmail] = ()) -> CasePage:
    labels = dict(Topic.choices)
    return CasePage(
        topics=[str(labels[topic]) for topic in case.topics if topic in labels],
        status=case.status_display(),
        may_book=case.status in ("registered", "invited"),
        may_record=True,
        emails=[email_line(email) for email in emails],
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
