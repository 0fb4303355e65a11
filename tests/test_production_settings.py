"""Production settings: refuse the public demo key, keep cookies on HTTPS, and believe
forwarded headers only behind a configured proxy (privacy issue, finding 8)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_SECURE, "
    "s.SECURE_PROXY_SSL_HEADER, s.AXES_IPWARE_META_PRECEDENCE_ORDER]))"
)


def run_with(**variables: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("LISKO_")},
        "DJANGO_SETTINGS_MODULE": "lisko.settings",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_with_the_public_demo_key() -> None:
    started = run_with(LISKO_DEBUG="false")

    assert started.returncode != 0
    assert "LISKO_SECRET_KEY must be set" in started.stderr


def test_production_keeps_the_language_cookie_on_https_and_trusts_no_forwarded_header() -> None:
    started = run_with(LISKO_DEBUG="false", LISKO_SECRET_KEY="x" * 60)

    language_secure, session_secure, proxy_header, address_from = json.loads(started.stdout)
    assert (language_secure, session_secure, proxy_header) == (True, True, None)
    assert address_from == ["REMOTE_ADDR"]


def test_behind_a_proxy_the_forwarded_headers_are_believed() -> None:
    started = run_with(LISKO_DEBUG="false", LISKO_SECRET_KEY="x" * 60, LISKO_PROXY_COUNT="1")

    _language, _session, proxy_header, address_from = json.loads(started.stdout)
    assert proxy_header == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert address_from[0] == "HTTP_X_FORWARDED_FOR"


SEND = (
    "import django; django.setup(); from django.core.mail import send_mail; "
    "print(send_mail('Interpreter found', 'Body', 'lisko@localhost', ['sofia@example.org']))"
)


def test_without_debug_a_console_mail_backend_sends_as_the_demo_does() -> None:
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("LISKO_")},
        "DJANGO_SETTINGS_MODULE": "lisko.settings",
        "LISKO_DEBUG": "false",
        "LISKO_SECRET_KEY": "x" * 60,
        "LISKO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }

    sent = subprocess.run(
        [sys.executable, "-c", SEND], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert sent.returncode == 0, sent.stderr
    assert "Subject: Interpreter found" in sent.stdout
    assert sent.stdout.strip().endswith("1")


def _cache_command(statement: str) -> str:
    return f"import django; django.setup(); from django.core.cache import cache; {statement}"


def _in_a_process(statement: str, **variables: str) -> str:
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("LISKO_")},
        "DJANGO_SETTINGS_MODULE": "lisko.settings",
        **variables,
    }
    done = subprocess.run(
        [sys.executable, "-c", _cache_command(statement)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_every_process_shares_one_cache_on_redis() -> None:
    # API rate limits and the planning figures kept ready are counted once for all processes.
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/9"
    key = f"probe-{os.getpid()}-{id(object())}"

    _in_a_process(f"cache.set({key!r}, 'seen', 60)", REDIS_URL=redis_url)

    assert _in_a_process(f"print(cache.get({key!r}))", REDIS_URL=redis_url) == "seen"


def test_without_redis_the_demo_processes_share_a_folder(tmp_path: Path) -> None:
    variables = {"REDIS_URL": "", "LISKO_VAR_DIR": str(tmp_path)}

    _in_a_process("cache.set('probe', 'seen', 60)", **variables)

    assert _in_a_process("print(cache.get('probe'))", **variables) == "seen"
