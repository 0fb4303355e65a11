"""Which way of interpreting to suggest while an appointment is booked: on site, phone or video.

The criteria follow what community-interpreting services publish for their clients:
- nobody who speaks the language can come, but some work remotely: by video (or by phone when the
  talk is short), since a remote interpreter is better than none;
- emotionally heavy talks, complex ones (legal, asylum), talks with children and long ones:
  on site, where the interpreter sees faces and can manage turns;
- urgent and short, or short and factual: by phone, which is quick to arrange;
- otherwise on site, the default of community interpreting.

A pure function: the caller counts the speakers (lisko.interpreters.selectors.speakers_within_reach)
and decides what counts as heavy (the organisation's heavy kinds).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lisko.appointments.models import Appointment
from lisko.interpreters.models import Modality

Kind = Appointment.Kind

# Talks where a misheard word has legal weight, or the vocabulary is specialised.
COMPLEX_KINDS = frozenset({Kind.LEGAL, Kind.ASYLUM_HEARING})
# Talks where children usually take part or are the subject.
WITH_CHILDREN_KINDS = frozenset({Kind.SCHOOL, Kind.CHILD_PROTECTION})
# Less notice than this is urgent: an interpreter can rarely plan travel for it.
URGENT_LEAD_TIME = dt.timedelta(hours=24)
# Up to this long, a factual talk works well by phone.
SHORT_DURATION = dt.timedelta(minutes=30)
# Up to this long, an urgent talk works by phone: finding someone who can travel takes longer.
URGENT_PHONE_DURATION = dt.timedelta(minutes=60)
# Beyond this, listening through a phone or screen tires everyone: meet in person.
LONG_DURATION = dt.timedelta(minutes=90)

# One sentence per reason, worded once; pages show it next to the suggestion.
REASONS = {
    "only_remote_speakers": _(
        "Nobody who speaks the language can come to this place, but some interpreters work "
        "remotely: a video call lets the appointment take place."
    ),
    "only_remote_speakers_short": _(
        "Nobody who speaks the language can come to this place, but some interpreters work "
        "remotely: for a short talk a phone call is enough."
    ),
    "heavy": _(
        "The talk is emotionally heavy: an interpreter in the room can follow and support it "
        "better than over the phone."
    ),
    "complex": _(
        "The talk is complex and every word may count: an interpreter on site catches more and "
        "can ask back."
    ),
    "with_children": _(
        "Children usually take part: an interpreter on site can follow everyone in the room."
    ),
    "long": _("The talk is long: by phone or video it would tire everyone, so meet on site."),
    "urgent_short": _(
        "The appointment is soon and not long: a phone interpreter can be found quickly and "
        "nobody has to travel."
    ),
    "short_factual": _(
        "A short, factual talk works well by phone, and nobody has to travel for it."
    ),
    "default": _("Nothing speaks against meeting in person, the usual way of interpreting."),
}


@dataclass(frozen=True)
class Suggestion:
    """A way of interpreting to suggest, and why (a key of REASONS)."""

    modality: str
    reason_code: str

    @property
    def reason(self) -> str:
        return str(REASONS[self.reason_code])


def suggest_mode(
    *,
    kind: str,
    lead_time: dt.timedelta,
    duration: dt.timedelta,
    heavy: bool,
    speakers_nearby: int | None = None,
    speakers_remote: int | None = None,
) -> Suggestion:
    """The way of interpreting that suits an appointment best.

    `lead_time` is how long until it starts, `heavy` whether its kind counts as emotionally
    heavy; `speakers_nearby` counts the speakers of its language who work on site and can reach
    its place, `speakers_remote` those who work by phone or video (None: not known).
    """
    short = duration <= SHORT_DURATION
    # Who can take part at all comes first: on site is no suggestion when nobody can come.
    if speakers_nearby == 0 and speakers_remote:
        if short and not heavy:
            return Suggestion(Modality.PHONE, "only_remote_speakers_short")
        return Suggestion(Modality.VIDEO, "only_remote_speakers")
    if heavy:
        return Suggestion(Modality.ON_SITE, "heavy")
    if kind in COMPLEX_KINDS:
        return Suggestion(Modality.ON_SITE, "complex")
    if kind in WITH_CHILDREN_KINDS:
        return Suggestion(Modality.ON_SITE, "with_children")
    if duration > LONG_DURATION:
        return Suggestion(Modality.ON_SITE, "long")
    if lead_time < URGENT_LEAD_TIME and duration <= URGENT_PHONE_DURATION:
        return Suggestion(Modality.PHONE, "urgent_short")
    if short:
        return Suggestion(Modality.PHONE, "short_factual")
    return Suggestion(Modality.ON_SITE, "default")
