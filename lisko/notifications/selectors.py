"""Reading notifications: each person sees only their own."""

from django.db.models import QuerySet

from lisko.accounts.models import User
from lisko.notifications.models import Notification


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """All of `user`'s notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_for(*, user: User) -> QuerySet[Notification]:
    """The notifications `user` has not read yet, newest first."""
    return notifications_for(user=user).filter(read_at__isnull=True)
