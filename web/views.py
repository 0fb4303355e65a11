from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from lisko.organisations.models import Membership, Role

# Where each role starts; the first matching role of a user wins.
HOME_BY_ROLE = [
    (Role.SOCIAL_WORKER, "staff:dashboard"),
    (Role.COORDINATOR, "staff:dashboard"),
    (Role.ADMIN, "staff:dashboard"),
    (Role.INTERPRETER, "mobile:offers"),
    (Role.KEY_PERSON, "mobile:offers"),
    (Role.PARTNER, "partners:referrals"),
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the start page of their role."""
    roles = set(Membership.objects.filter(user=request.user).values_list("role", flat=True))
    for role, url_name in HOME_BY_ROLE:
        if role in roles:
            try:
                return redirect(reverse(url_name))
            except NoReverseMatch:
                break
    return render(request, "web/no_role.html", status=403)
