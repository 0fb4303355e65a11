"""Reading calendar addresses, scoped to their owner."""

from lisko.accounts.models import User
from lisko.calendars.models import CalendarFeedToken


def active_feed_token_for(*, user: User) -> CalendarFeedToken | None:
    """The user's active calendar address, if any (its secret is not known any more)."""
    if not user.is_authenticated:
        return None
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()
