"""What each consent purpose means, decided once (GDPR Art. 30: the record of processing).

One row per `Consent.Purpose`: what the purpose is for, which data it covers, who receives the
data, the legal basis and whether the consent must be renewed by default. The organisation's
admins read it as the record of processing (`/organisation/data-protection/purposes/`), and may
set their own renewal period and add a note (`ProcessingRecord`); everything else is the same
for every organisation, because it is what Lisko does with the data.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lisko.clients.models import Consent


@dataclass(frozen=True)
class PurposeDescription:
    """One purpose of processing, in the words of the record."""

    purpose: str
    meaning: Promise
    data: Promise
    recipients: Promise
    legal_basis: Promise
    # Months after which the consent must be given again; None: it stands until withdrawn.
    default_renewal_months: int | None


PURPOSES: dict[str, PurposeDescription] = {
    Consent.Purpose.DATA_PROCESSING: PurposeDescription(
        purpose=Consent.Purpose.DATA_PROCESSING,
        meaning=_(
            "The organisation keeps the client's case to counsel them: profile, household, "
            "languages, plan, goals, appointments and notes."
        ),
        data=_(
            "Name, birth date, gender, country of origin, residence status, municipality, "
            "household, languages, plan, goals, reviews, appointments and case notes."
        ),
        recipients=_(
            "The organisation's social workers on the case and colleagues it is shared with. "
            "Planners of a region receive only counts, and only while a sharing agreement with "
            "the region is in force."
        ),
        legal_basis=_(
            "Consent (GDPR Art. 6(1)(a)) and, for health details, explicit consent (Art. 9(2)(a))."
        ),
        default_renewal_months=None,
    ),
    Consent.Purpose.INTERPRETING: PurposeDescription(
        purpose=Consent.Purpose.INTERPRETING,
        meaning=_(
            "An interpreter of the organisation's pool may be told who they interpret for at "
            "an appointment."
        ),
        data=_("The client's first name, and the place, time and kind of the appointment."),
        recipients=_(
            "The interpreter booked for the appointment: the client's first name and the "
            "place. Never the last name, the notes or the case."
        ),
        legal_basis=_("Consent (GDPR Art. 6(1)(a))."),
        default_renewal_months=None,
    ),
    Consent.Purpose.SHARE_WITH_ASSOCIATION: PurposeDescription(
        purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
        meaning=_(
            "The organisation may refer the client to one named association for one of its offers."
        ),
        data=_(
            "The client's first name and the referral; besides, only the details the consent "
            "lists: last name, phone number, year of birth, languages, the goal served."
        ),
        recipients=_(
            "The partners of the named association: what a referral shares, while the consent "
            "stands. Nothing once it is withdrawn or has expired."
        ),
        legal_basis=_("Consent (GDPR Art. 6(1)(a))."),
        default_renewal_months=12,
    ),
    Consent.Purpose.APPOINTMENT_MESSAGES: PurposeDescription(
        purpose=Consent.Purpose.APPOINTMENT_MESSAGES,
        meaning=_(
            "The organisation may send the client short text messages about their appointments: "
            "a confirmation, a reminder the day before, a change or a cancellation."
        ),
        data=_(
            "The client's phone number (or, without one, e-mail address) and first name, and "
            "the time and place (or call link) of the appointment. Never the last name, the kind "
            "of appointment, notes or the case."
        ),
        recipients=_(
            "The text message service, or for e-mails the mail service, that carries the "
            "messages to the client (processors bound by contract); the client."
        ),
        legal_basis=_("Consent (GDPR Art. 6(1)(a))."),
        default_renewal_months=None,
    ),
}


def description_of(purpose: str) -> PurposeDescription:
    """The description of one purpose; every `Consent.Purpose` has one."""
    return PURPOSES[purpose]
