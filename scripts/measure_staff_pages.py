"""Server time and query count of every staff, planning and programme page, against a database
holding the demo data.

    DATABASE_URL=... .venv/bin/python scripts/measure_staff_pages.py [--repeat 7] [--write]

Each page is requested once to warm up, then `--repeat` times through Django's test client (no
network, no browser): the figure is the median time to the complete response. `--write` puts
the table into docs/web-performance.md. Reads write audit events, as in production.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisko.settings")
os.environ.setdefault("LISKO_AXES_ENABLED", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lisko.access import access_of  # noqa: E402
from lisko.access.rules import (  # noqa: E402
    kept_key_person_network_rule,
    programme_agreement_rule,
    region_plan_rule,
    welcome_case_rule,
    welcome_programme_rule,
)
from lisko.accounts.models import User  # noqa: E402
from lisko.appointments.models import Appointment  # noqa: E402
from lisko.associations.models import Offer  # noqa: E402
from lisko.clients.models import Client  # noqa: E402
from lisko.matchingruns.models import MatchingRun  # noqa: E402
from lisko.networks.models import KeyPersonNetwork  # noqa: E402
from lisko.programmes.models import FundingApplication, ProgrammeAgreement  # noqa: E402
from lisko.regionplans.models import PlanMeeting, RegionPlan  # noqa: E402
from lisko.welcome.models import WelcomeCase, WelcomeProgramme  # noqa: E402

Row = tuple[str, str, float, float, float, float, int]


def pages_for_sofia(sofia: User) -> list[tuple[str, str]]:
    client = (
        Client.objects.filter(social_worker=sofia)
        .annotate(size=Count("appointments", distinct=True) + Count("plan__goals", distinct=True))
        .order_by("-size", "id")
        .first()
    )
    assert client is not None, "load the demo data first: manage.py seed_demo"
    appointment = Appointment.objects.filter(client__social_worker=sofia).order_by("-start").first()
    offer = Offer.objects.filter(association__organisation=client.organisation).first()
    assert appointment is not None and offer is not None
    return [
        ("Dashboard", "/dashboard/"),
        ("Caseload", "/clients/"),
        ("Client page (largest client)", f"/clients/{client.pk}/"),
        ("Booking form", f"/clients/{client.pk}/book/"),
        ("Appointment page", f"/appointments/{appointment.pk}/"),
        ("Appointment status fragment (polled)", f"/appointments/{appointment.pk}/status/"),
        ("Referrals", "/referrals/"),
        ("Find an offer", f"/clients/{client.pk}/offers/"),
        ("Refer to an offer", f"/clients/{client.pk}/offers/{offer.pk}/refer/"),
    ]


def pages_for_carla(carla: User) -> list[tuple[str, str]]:
    appointment = Appointment.objects.filter(status__in=["requested", "unfilled"]).last()
    assert appointment is not None
    pages = [
        ("Dashboard", "/dashboard/"),
        ("Interpreter pool", "/pool/"),
        ("Week calendar", "/calendar/"),
        ("Matching runs", "/matching/"),
        ("Offer by hand", f"/appointments/{appointment.pk}/override/"),
    ]
    run = MatchingRun.objects.order_by("-created_at").first()
    if run is not None:
        pages.append(("Matching run", f"/matching/{run.pk}/"))
        pages.append(("Matching run progress fragment", f"/matching/{run.pk}/progress/"))
    return pages


def pages_for_planner(planner: User) -> list[tuple[str, str]]:
    """A planner: for the first region plan they keep, its region, the
    stock-take, the needs analysis, the plan and a meeting; for a funding region, its
    programmes and one application."""
    pages: list[tuple[str, str]] = []
    plan = RegionPlan.objects.filter(region_plan_rule(access_of(planner))).order_by("id").first()
    if plan is not None:
        region = plan.region_id
        pages += [
            ("Region", f"/planning/regions/{region}/"),
            ("Stock-take", f"/planning/regions/{region}/stock-take/"),
            ("Needs analysis", f"/planning/regions/{region}/needs/"),
            ("Gaps", f"/planning/regions/{region}/gaps/"),
            ("Region plans", f"/planning/regions/{region}/plans/"),
            ("Region plan", f"/planning/plans/{plan.pk}/"),
        ]
        meeting = PlanMeeting.objects.filter(plan=plan).order_by("id").first()
        if meeting is not None:
            pages.append(("Meeting", f"/planning/plans/{plan.pk}/meetings/{meeting.pk}/"))
    agreement = (
        ProgrammeAgreement.objects.filter(programme_agreement_rule(access_of(planner)))
        .order_by("id")
        .first()
    )
    if agreement is not None:
        pages += [
            ("Programmes", "/programmes/"),
            ("Canton programmes", f"/programmes/regions/{agreement.region_id}/"),
            ("Agreement", f"/programmes/agreements/{agreement.pk}/"),
        ]
        application = (
            FundingApplication.objects.filter(agreement=agreement)
            .exclude(status="draft")
            .order_by("id")
            .first()
        )
        if application is not None:
            pages.append(("Funding application", f"/programmes/applications/{application.pk}/"))
    return pages


def pages_for_officer(officer: User) -> list[tuple[str, str]]:
    """A municipality's integration officer: the programmes of their municipality and the
    key-person networks they keep."""
    pages = [("Programmes", "/programmes/")]
    network = (
        KeyPersonNetwork.objects.filter(kept_key_person_network_rule(access_of(officer)))
        .order_by("id")
        .first()
    )
    if network is not None:
        pages += [
            ("Key-person networks", "/programmes/networks/"),
            ("Key-person network", f"/programmes/networks/{network.pk}/"),
        ]
    application = (
        FundingApplication.objects.filter(agreement__municipality__name="Emmen")
        .order_by("id")
        .first()
    )
    if application is not None:
        pages += [
            ("Agreement", f"/programmes/agreements/{application.agreement_id}/"),
            ("Funding application", f"/programmes/applications/{application.pk}/"),
        ]
    return pages


def pages_for_welcome(worker: User) -> list[tuple[str, str]]:
    """A social worker who runs welcome conversations: the programme and the newcomer with the
    most follow-ups."""
    pages = [("Welcome conversations", "/welcome/")]
    access = access_of(worker)
    programme = WelcomeProgramme.objects.filter(welcome_programme_rule(access)).first()
    if programme is not None:
        pages.append(("Welcome programme", f"/welcome/{programme.pk}/"))
        case = (
            WelcomeCase.objects.filter(welcome_case_rule(access), programme=programme)
            .annotate(size=Count("follow_ups"))
            .order_by("-size", "id")
            .first()
        )
        if case is not None:
            pages.append(("Newcomer", f"/welcome/newcomers/{case.pk}/"))
    return pages


def measure(user: User, pages: list[tuple[str, str]], repeat: int) -> list[Row]:
    http = HttpClient()
    http.force_login(user)
    rows = []
    for name, url in pages:
        http.get(url)  # warm up: template compilation, language names
        times, cpu = [], []
        for _round in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = http.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        rows.append(
            (
                name,
                url,
                statistics.median(times),
                min(times),
                max(times),
                statistics.median(cpu),
                len(queries),
            )
        )
    return rows


def table(title: str, rows: list[Row]) -> str:
    lines = [
        f"### {title}",
        "",
        "| page | url | median ms | min ms | max ms | Python CPU ms | queries |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | `{url}` | {median:.0f} | {best:.0f} | {worst:.0f} | {cpu:.0f} | {count} |"
        for name, url, median, best, worst, cpu, count in rows
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="write docs/web-performance.md")
    arguments = parser.parse_args()
    sofia = User.objects.get(username="sofia")
    carla = User.objects.get(username="carla")
    sections = [
        table("Social worker (sofia)", measure(sofia, pages_for_sofia(sofia), arguments.repeat)),
        table("Coordinator (carla)", measure(carla, pages_for_carla(carla), arguments.repeat)),
    ]
    # The planners' figures as pages find them: kept ready by beat, unless
    # LISKO_PLANNING_KEPT_SECONDS=0 asks for every page to count them on the fly.
    planning = "counted on the fly in every request (LISKO_PLANNING_KEPT_SECONDS=0)"
    if settings.LISKO_PLANNING_KEPT_SECONDS:
        from lisko.planning.published import refresh_planner_regions

        started = time.perf_counter()
        kept = refresh_planner_regions()
        planning = (
            f"kept ready by beat's refresh ({kept} tables in "
            f"{time.perf_counter() - started:.1f} s for the planners' regions)"
        )
    # The demo's planners (country, canton) and Emmen's integration officer.
    pia = User.objects.get(username="pia")
    lena = User.objects.get(username="lena")
    ines = User.objects.get(username="ines")
    sections += [
        table("Country planner (pia)", measure(pia, pages_for_planner(pia), arguments.repeat)),
        table("Canton planner (lena)", measure(lena, pages_for_planner(lena), arguments.repeat)),
        table(
            "Integration officer (ines)",
            measure(ines, pages_for_officer(ines), arguments.repeat),
        ),
    ]
    selma = User.objects.get(username="selma")
    sections.append(
        table(
            "Welcome conversations (selma)",
            measure(selma, pages_for_welcome(selma), arguments.repeat),
        )
    )
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    header = (
        f"Database: {engine}; Python {platform.python_version()}; DEBUG={settings.DEBUG}; "
        f"{arguments.repeat} requests per page after one warm-up; {os.cpu_count()} CPUs, "
        f"load average {load} (1, 5, 15 min) when measured. Planning figures: {planning}."
    )
    # One section per engine, and one more for planning figures counted in every request.
    section = engine if settings.LISKO_PLANNING_KEPT_SECONDS else f"{engine}, nothing kept"
    report = f"## {section}\n\n" + header + "\n\n" + "\n\n".join(sections)
    print(report)
    if arguments.write:
        path = ROOT / "docs" / "web-performance.md"
        path.parent.mkdir(exist_ok=True)
        existing = path.read_text() if path.exists() else INTRO
        # Measuring again replaces the section of the same engine and planning mode.
        kept = [part for part in existing.split("\n## ") if not part.startswith(section + "\n")]
        path.write_text("\n## ".join(kept).rstrip("\n") + "\n\n" + report + "\n")
        print(f"\nwritten to {path}")


INTRO = """# Staff pages: server time and queries

Measured with `scripts/measure_staff_pages.py` against the demo data (`manage.py seed_demo`:
400 clients of one organisation, about 67 per social worker, 120 interpreters, 600 appointments,
150 referrals). "median ms" is the time Django takes to produce the whole response through its
test client on the development machine, including the audit events each read writes.
"min ms" is the fastest of the repeats, the best estimate of a page's own cost while the
machine is busy with other work; "Python CPU ms" is what the web process itself computed (with
SQLite that includes the database). The load average in each header says how busy it was.
The budget is 200 ms per page. Query counts do not grow with the data: tests in
tests/web/staff assert upper bounds with `django_assert_max_num_queries`. The section
"postgresql" measures the planning pages as deployed, their figures kept ready by beat
(lisko/planning/published.py); "postgresql, nothing kept" counts every figure in every request
(`LISKO_PLANNING_KEPT_SECONDS=0`).
"""


if __name__ == "__main__":
    main()
