"""The installable app: manifest, service worker and the page shown when offline.

Both the manifest and the service worker are views rather than static files: the manifest is
written in the reader's language, and the service worker must be served from /me/ to control
the pages under it (and only those).
"""

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import PrefixNode, static
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from web.mobile.pages import render_page

THEME_COLOUR = "#1d2430"
BACKGROUND_COLOUR = "#f4f6f8"
# PNG icons in web/static/mobile/, drawn from icon.svg by scripts/render_pwa_icons.py.
ICON_SIZES = (192, 512)


def _precache_urls() -> list[str]:
    return [
        reverse("mobile:offline"),
        static("web/lisko.css"),
        static("mobile/mobile.css"),
        static("mobile/mobile.js"),
        static("mobile/icon.svg"),
    ]


@require_safe
@cache_control(no_cache=True, max_age=0)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker script; its version follows its content, so a change reinstalls it."""
    context = {
        "precache": json.dumps(_precache_urls()),
        "offline_url": json.dumps(reverse("mobile:offline")),
        "scope": json.dumps(reverse("mobile:offers")),
        "static_prefix": json.dumps(PrefixNode.handle_simple("STATIC_URL")),
        "icon": json.dumps(static("mobile/icon-192.png")),
    }
    body = render_to_string("mobile/sw.js", {**context, "version": '""'})
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    body = render_to_string("mobile/sw.js", {**context, "version": json.dumps(version)})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("mobile:offers")
    return response


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest, in the reader's language and text direction."""
    icons = [{"src": static("mobile/icon.svg"), "sizes": "any", "type": "image/svg+xml"}]
    icons += [
        {"src": static(f"mobile/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in ICON_SIZES
    ]
    icons.append(
        {
            "src": static("mobile/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    data = {
        "name": _("Lisko for interpreters"),
        "short_name": "Lisko",
        "description": _("Offers, appointments, availability and time log for interpreters."),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("mobile:offers"),
        "scope": reverse("mobile:offers"),
        "display": "standalone",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page it has never saved while there is no network."""
    return render_page(request, "mobile/offline.html", {"section": ""})
