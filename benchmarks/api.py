"""Benchmark of the API's main list and detail endpoints on a realistic volume of data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lisko .venv/bin/python -m benchmarks.api

1. Creates a separate PostgreSQL database (`lisko_bench` next to DATABASE_URL's), migrates it
   and fills it with COPY: 10 organisations, 100 000 clients, 1 000 000 appointments.
2. Serves the API with gunicorn on 127.0.0.1 only.
3. Sends a bounded number of requests per endpoint (count and time limited) from a few threads
   with keep-alive connections, and measures p50/p95/p99 latency and throughput.
4. Prints a table and writes it to docs/api-benchmark.md; stops gunicorn; drops the database
   unless --keep.

Not a test: it prints figures; nothing is asserted.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
ORGANISATIONS = 10
SOCIAL_WORKERS_PER_ORGANISATION = 20
LANGUAGES = ("ara", "fas", "prs", "ukr", "tir", "som", "kmr", "rus")
KINDS = ("welcome_conversation", "social_counselling", "medical", "school", "authority")
STATUSES = ("draft", "requested", "offered", "confirmed", "done", "cancelled", "unfilled")


def bench_url(database_url: str, name: str) -> str:
    parts = urlparse(database_url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    return urlunparse(parts._replace(path=f"/{name}"))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# Database ---------------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def server_environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "LISKO_DEBUG": "false",
        "LISKO_SECRET_KEY": secrets.token_urlsafe(40),
        "LISKO_SSL_REDIRECT": "false",
        "LISKO_SECURE_COOKIES": "false",
        "LISKO_HSTS_SECONDS": "0",
        "LISKO_ALLOWED_HOSTS": "127.0.0.1",
        "LISKO_DB_CONN_MAX_AGE": "600",
        "LISKO_LOG_LEVEL": "WARNING",
        "LISKO_JOBS_ENABLED": "false",
    }


def migrate(url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=server_environment(url),
        check=True,
    )


@dataclass
class Fixtures:
    social_worker_tokens: list[str]
    coordinator_tokens: list[str]
    # Per social worker token: the ids of their clients.
    caseload: dict[str, list[int]]
    # Per coordinator token: some appointment ids of the organisation.
    appointments: dict[str, list[int]]


# Tokens and ids of a generated database, for --reuse.
FIXTURES_FILE = BASE_DIR / "var" / "api-bench-fixtures.json"


def load_fixtures(url: str) -> Fixtures:
    os.environ.update(server_environment(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisko.settings")
    import django

    django.setup()
    return Fixtures(**json.loads(FIXTURES_FILE.read_text(encoding="utf-8")))


def copy_rows(cursor: Any, model: Any, rows: Iterator[dict[str, object]]) -> None:
    """COPY `rows` (field attname → value) into the model's table, in its column order."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(f'"{field.column}"' for field in fields)
    statement = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
    with cursor.copy(statement) as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(tuple(_db_value(row[field.attname]) for field in fields))


def _db_value(value: object) -> object:
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def generate(url: str, *, clients: int, appointments_per_client: int, seed: int) -> Fixtures:
    """Fill the benchmark database; Django is set up against it in this process."""
    os.environ.update(server_environment(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisko.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from lisko.accounts.models import User
    from lisko.accounts.services import issue_token
    from lisko.appointments.models import Appointment
    from lisko.clients.models import Client
    from lisko.languages.models import Language
    from lisko.organisations.models import Membership, Organisation
    from lisko.places.models import Municipality, Region

    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    password = make_password("bench-password")
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        organisations = [
            Organisation.objects.create(name=f"Integration centre {n}", slug=f"centre-{n}").pk
            for n in range(ORGANISATIONS)
        ]
        region = Region.objects.create(
            name="Bench country",
            kind=Region.Kind.COUNTRY,
            country="LU",
            latitude=49.6,
            longitude=6.1,
        )
        municipalities = [
            Municipality.objects.create(
                name=f"Commune {n}",
                region=region,
                latitude=49.6 + n / 100,
                longitude=6.1 + n / 100,
            ).pk
            for n in range(12)
        ]
        languages = [Language.objects.create(code=code).pk for code in LANGUAGES]
        users: list[tuple[int, int, str]] = []  # (organisation, user id, role)
        for organisation in organisations:
            for n in range(SOCIAL_WORKERS_PER_ORGANISATION + 1):
                role = "coordinator" if n == 0 else "social_worker"
                user = User.objects.create(
                    username=f"{role}-{organisation}-{n}", password=password, first_name="Bench"
                )
                users.append((organisation, user.pk, role))
        Membership.objects.bulk_create(
            Membership(user_id=user, organisation_id=organisation, role=role)
            for organisation, user, role in users
        )
        tokens = {
            user_id: issue_token(user=User.objects.get(pk=user_id), device="benchmark")
            for _organisation, user_id, _role in users
        }
        social_workers = [(org, user) for org, user, role in users if role == "social_worker"]
        coordinators = {org: user for org, user, role in users if role == "coordinator"}

        log(f"Copying {clients:,} clients")

        def client_rows() -> Iterator[dict[str, object]]:
            for n in range(clients):
                organisation, social_worker = social_workers[n % len(social_workers)]
                birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
                yield {
                    "organisation_id": organisation,
                    "reference": f"C-{n:07d}",
                    "first_name": rng.choice(("Amal", "Yusuf", "Olena", "Samir", "Hevi", "Noor")),
                    "last_name": rng.choice(("Haddad", "Karimi", "Bondar", "Aziz", "Tesfaye")),
                    "birth_date": birth,
                    "gender": rng.choice("fmx"),
                    "country_of_origin": rng.choice(("SY", "AF", "UA", "ER", "SO")),
                    "municipality_id": rng.choice(municipalities),
                    "arrival_date": max(birth, dt.date(2015, 1, 1))
                    + dt.timedelta(days=rng.randrange(3000)),
                    "residence_status": "refugee",
                    "preferred_language_id": rng.choice(languages),
                    "social_worker_id": social_worker,
                    "phone": "+352 621 000 000",
                    "notes": "",
                    "is_active": rng.random() > 0.1,
                    "created_at": now,
                    "updated_at": now,
                }

        copy_rows(cursor, Client, client_rows())
        cursor.execute("SELECT id, organisation_id, social_worker_id FROM clients_client")
        client_table = cursor.fetchall()

        total = len(client_table) * appointments_per_client
        log(f"Copying {total:,} appointments")

        def appointment_rows() -> Iterator[dict[str, object]]:
            for client, organisation, social_worker in client_table:
                for _ in range(appointments_per_client):
                    start = now + dt.timedelta(hours=rng.randrange(-24 * 365, 24 * 120))
                    yield {
                        "organisation_id": organisation,
                        "client_id": client,
                        "booked_by_id": social_worker,
                        "kind": rng.choice(KINDS),
                        "start": start,
                        "end": start + dt.timedelta(minutes=rng.choice((30, 60, 90))),
                        "modality": "on_site",
                        "municipality_id": rng.choice(municipalities),
                        "address": "Rue de la Gare 1",
                        "remote_link": "",
                        "language_id": rng.choice(languages),
                        "gender": "",
                        "min_level": 0,
                        "min_proficiency": 3,
                        "priority": rng.choice((1, 1, 1, 2, 3)),
                        "notes_for_interpreter": "",
                        "goal_id": None,
                        "status": rng.choice(STATUSES),
                        "unfilled_reason": "",
                        "unfilled_data": {},
                        "cancellation_reason": "",
                        "created_at": now,
                        "updated_at": now,
                    }

        copy_rows(cursor, Appointment, appointment_rows())
        # As autovacuum would soon after a bulk load: statistics for the planner, and the
        # visibility map and hint bits set, so that reads during the run do not write.
        log("Vacuuming and analysing")
        cursor.execute("VACUUM (ANALYZE)")
        caseload: dict[str, list[int]] = {}
        for client, _organisation, social_worker in client_table:
            caseload.setdefault(tokens[social_worker], []).append(client)
        appointments: dict[str, list[int]] = {}
        for organisation, coordinator in coordinators.items():
            cursor.execute(
                "SELECT id FROM appointments_appointment WHERE organisation_id = %s "
                "ORDER BY random() LIMIT 500",
                [organisation],
            )
            appointments[tokens[coordinator]] = [row[0] for row in cursor.fetchall()]
    return Fixtures(
        social_worker_tokens=[tokens[user] for _org, user in social_workers],
        coordinator_tokens=[tokens[user] for user in coordinators.values()],
        caseload=caseload,
        appointments=appointments,
    )


# Server -----------------------------------------------------------------------------------


def start_server(url: str, *, port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(BASE_DIR / ".venv" / "bin" / "gunicorn"),
            "lisko.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=server_environment(url),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/schema/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not come up within a minute")


# Load -------------------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    # Gives (path, token) for the n-th request.
    request: Callable[[random.Random], tuple[str, str]]


@dataclass
class Outcome:
    name: str
    concurrency: int
    latencies_ms: list[float]
    errors: int
    seconds: float

    def row(self) -> list[str]:
        latencies = sorted(self.latencies_ms) or [0.0]

        def percentile(p: float) -> float:
            return latencies[min(len(latencies) - 1, round(p / 100 * (len(latencies) - 1)))]

        return [
            self.name,
            str(self.concurrency),
            str(len(self.latencies_ms)),
            str(self.errors),
            f"{statistics.median(latencies):.1f}",
            f"{percentile(95):.1f}",
            f"{percentile(99):.1f}",
            f"{len(self.latencies_ms) / self.seconds:.0f}",
        ]


def run(
    scenario: Scenario, *, port: int, requests: int, concurrency: int, time_limit: float
) -> Outcome:
    """Send up to `requests` requests from `concurrency` threads, for at most `time_limit` s."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = iter(range(requests))
    deadline = time.monotonic() + time_limit

    def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if next(remaining, None) is None:
                    break
            path, token = scenario.request(rng)
            started = time.perf_counter()
            connection.request("GET", path, headers={"Authorization": f"Token {token}"})
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if response.status == 200:
                    latencies.append(elapsed)
                else:
                    errors += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Outcome(scenario.name, concurrency, latencies, errors, time.monotonic() - started)


def scenarios(fixtures: Fixtures) -> list[Scenario]:
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def social_worker(rng: random.Random) -> str:
        return rng.choice(fixtures.social_worker_tokens)

    def coordinator(rng: random.Random) -> str:
        return rng.choice(fixtures.coordinator_tokens)

    def client_detail(rng: random.Random) -> tuple[str, str]:
        token = social_worker(rng)
        return f"/api/clients/{rng.choice(fixtures.caseload[token])}/", token

    def appointment_detail(rng: random.Random) -> tuple[str, str]:
        token = coordinator(rng)
        return f"/api/appointments/{rng.choice(fixtures.appointments[token])}/", token

    return [
        Scenario(
            "GET /api/clients/ (caseload, page 1)", lambda r: ("/api/clients/", social_worker(r))
        ),
        Scenario("GET /api/clients/?page=5", lambda r: ("/api/clients/?page=5", social_worker(r))),
        Scenario("GET /api/clients/{id}/", client_detail),
        Scenario(
            "GET /api/appointments/ (social worker)",
            lambda r: ("/api/appointments/", social_worker(r)),
        ),
        Scenario(
            "GET /api/appointments/?start_after=… (coordinator)",
            lambda r: (f"/api/appointments/?start_after={soon}", coordinator(r)),
        ),
        Scenario(
            "GET /api/appointments/ (coordinator, all)",
            lambda r: ("/api/appointments/", coordinator(r)),
        ),
        Scenario("GET /api/appointments/{id}/ (coordinator)", appointment_detail),
    ]


# Report -----------------------------------------------------------------------------------

HEADER = ["endpoint", "threads", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "req/s"]


def table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def write_report(
    path: Path,
    rows: list[list[str]],
    *,
    arguments: argparse.Namespace,
    generation_s: float | None,
) -> None:
    cpus = os.cpu_count()
    path.write_text(
        "# API benchmark\n\n"
        "Written by `python -m benchmarks.api` (see docs/api.md). Figures, not assertions.\n\n"
        f"- Data: {arguments.clients:,} clients, "
        f"{arguments.clients * arguments.appointments_per_client:,} appointments in "
        f"{ORGANISATIONS} organisations ({SOCIAL_WORKERS_PER_ORGANISATION} social workers "
        f"each), "
        + (
            f"generated with COPY in {generation_s:.0f} s.\n"
            if generation_s is not None
            else "generated by an earlier run (--reuse).\n"
        )
        + f"- Server: gunicorn, {arguments.workers} sync workers, on 127.0.0.1; PostgreSQL on the "
        f"same machine; {cpus} CPUs shared by server, database and load generator.\n"
        f"- Load: up to {arguments.requests} GET requests per endpoint from "
        f"{' and then '.join(str(level) for level in arguments.concurrency)} threads with "
        "keep-alive connections, token authentication; each list request also writes its "
        "audit events (one insert per page). One thread shows the latency of a request on its "
        f"own; {max(arguments.concurrency)} threads keep both gunicorn workers busy, which "
        "saturates the machine's CPUs and shows the throughput.\n"
        f"- Run at {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average "
        f"{' / '.join(f'{load:.1f}' for load in os.getloadavg())} (1 / 5 / 15 min) at the end: "
        "other work on the machine slows every figure.\n\n" + table(rows) + "\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--appointments-per-client", type=int, default=10)
    parser.add_argument("--requests", type=int, default=400, help="per endpoint")
    parser.add_argument(
        "--concurrency",
        type=lambda text: [int(level) for level in text.split(",")],
        default=[1, 2],
        help="client threads, one run per comma-separated level",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60, help="seconds per endpoint")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="lisko_bench")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the data of a run with --keep (no generation)"
    )
    parser.add_argument("--report", type=Path, default=BASE_DIR / "docs" / "api-benchmark.md")
    parser.add_argument(
        "--only", default="", help="run only the endpoints whose name contains this text"
    )
    arguments = parser.parse_args()

    url = bench_url(os.environ.get("DATABASE_URL", ""), arguments.database)
    server = None
    try:
        started = time.monotonic()
        if arguments.reuse:
            fixtures = load_fixtures(url)
        else:
            log(f"Creating {arguments.database}")
            recreate_database(url)
            migrate(url)
            fixtures = generate(
                url,
                clients=arguments.clients,
                appointments_per_client=arguments.appointments_per_client,
                seed=7,
            )
            FIXTURES_FILE.write_text(json.dumps(fixtures.__dict__), encoding="utf-8")
        generation_s = None if arguments.reuse else time.monotonic() - started
        log("Data ready; starting gunicorn")
        server = start_server(url, port=arguments.port, workers=arguments.workers)
        rows = []
        for scenario in scenarios(fixtures):
            if arguments.only not in scenario.name:
                continue
            # Warm up: connections, caches, the first query plans.
            run(scenario, port=arguments.port, requests=20, concurrency=1, time_limit=10)
            for concurrency in arguments.concurrency:
                outcome = run(
                    scenario,
                    port=arguments.port,
                    requests=arguments.requests,
                    concurrency=concurrency,
                    time_limit=arguments.time_limit,
                )
                rows.append(outcome.row())
                log(" | ".join(outcome.row()))
        print(table(rows))
        write_report(arguments.report, rows, arguments=arguments, generation_s=generation_s)
        log(f"Written to {arguments.report}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not arguments.keep:
            drop_database(url)


if __name__ == "__main__":
    main()
