"""Which notices each role receives, and through which channels they travel unless the person
says otherwise: decided here once for the settings page and for `notify`."""

from typing import Final

from lisko.access import access_of, roles
from lisko.accounts.models import User
from lisko.notifications.models import Channel, NoticeSetting, Notification

Kind = Notification.Kind

# The notices a role receives, in the order the settings page lists them.
KINDS_OF_ROLE_GROUP: Final = (
    (
        roles.IN_THE_POOL,
        (Kind.NEW_OFFER, Kind.REMINDER, Kind.CHANGED, Kind.CANCELLED, Kind.WITHDRAWN, Kind.TAKEN),
    ),
    (
        roles.CASEWORK,
        (Kind.ACCEPTED, Kind.DECLINED, Kind.UNFILLED, Kind.REFERRAL_ANSWERED, Kind.MILESTONE_DUE),
    ),
    (
        roles.COORDINATING,
        (Kind.UNFILLED, Kind.CERTIFICATE_LAPSING, Kind.HOURS_WAITING, Kind.DEBRIEF_REQUESTED),
    ),
    (roles.PARTNERS, (Kind.REFERRAL_RECEIVED, Kind.REFERRAL_WITHDRAWN)),
    (roles.REGION_PLANNING, (Kind.PLAN_MILESTONE_DUE, Kind.APPLICATION_SUBMITTED)),
    (roles.MUNICIPAL_PROGRAMMES, (Kind.APPLICATION_DEADLINE, Kind.PROGRAMME_REPORT_DUE)),
)

# Every notice is in the app and, where the person has an address for it, travels by every
# channel, except these, which travel only when asked for: a decline is followed by the next
# offer without anyone's help.
QUIET_UNLESS_ASKED: Final = frozenset(
    {(Kind.DECLINED, Channel.EMAIL), (Kind.DECLINED, Channel.PUSH)}
)


def wanted_by_default(kind: str, channel: str) -> bool:
    return (kind, channel) not in QUIET_UNLESS_ASKED


def wanted_channels(*, user: User, kind: str) -> list[str]:
    """The channels `user` wants notices of `kind` by: their own settings, else the default."""
    chosen = dict(
        NoticeSetting.objects.filter(user=user, kind=kind).values_list("channel", "wanted")
    )
    return [
        channel
        for channel in Channel.values
        if chosen.get(channel, wanted_by_default(kind, channel))
    ]


def kinds_for(user: User) -> list[str]:
    """The kinds of notice `user` receives in the roles they hold now."""
    access = access_of(user)
    kinds: list[str] = []
    for group, group_kinds in KINDS_OF_ROLE_GROUP:
        if access.holds(group):
            kinds.extend(kind for kind in group_kinds if kind not in kinds)
    return kinds
