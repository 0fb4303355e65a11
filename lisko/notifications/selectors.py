"""Reading notifications: each person sees only their own."""

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from lisko.accounts.models import User
from lisko.notifications.models import Notification

if TYPE_CHECKING:
    from lisko.appointments.models import Appointment
    from lisko.notifications.models import ClientMessage


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """All of `user`'s notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_for(*, user: User) -> QuerySet[Notification]:
    """The notifications `user` has not read yet, newest first."""
    return notifications_for(user=user).filter(read_at__isnull=True)


def notice_settings_for(*, user: User) -> list[tuple[str, str, list[tuple[str, str, bool]]]]:
    """(kind, label, [(channel, its label, wanted)] in the order of Channel) for each notice `user`
    receives in their roles now."""
    from lisko.notifications.models import Channel, NoticeSetting
    from lisko.notifications.preferences import kinds_for, wanted_by_default

    chosen = {
        (kind, channel): wanted
        for kind, channel, wanted in NoticeSetting.objects.filter(user=user).values_list(
            "kind", "channel", "wanted"
        )
    }
    labels = dict(Notification.Kind.choices)
    return [
        (
            kind,
            str(labels[kind]),
            [
                (
                    channel,
                    str(channel_label),
                    chosen.get((kind, channel), wanted_by_default(kind, channel)),
                )
                for channel, channel_label in Channel.choices
            ],
        )
        for kind in kinds_for(user)
    ]


def client_messages_about(*, appointment: "Appointment") -> "QuerySet[ClientMessage]":
    """The text messages written to the client about `appointment` (already scoped to who
    may see it), oldest first."""
    from lisko.notifications.models import ClientMessage

    return ClientMessage.objects.filter(appointment=appointment).order_by("created_at", "pk")
