"""Stopping the demo: the first stop signal starts the clean-up, and the signals that follow it
(make passes the process group's SIGTERM on at once) cannot cut the clean-up short."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# A stand-in for run_demo's main loop: wait, and on the first signal clean up for a while.
STAND_IN = """
import signal, sys, time
import django
django.setup()
from lisko.demo.management.commands.run_demo import _interrupt
signal.signal(signal.SIGTERM, _interrupt)
signal.signal(signal.SIGINT, _interrupt)
print("waiting", flush=True)
try:
    while True:
        time.sleep(0.05)
except KeyboardInterrupt:
    pass
finally:
    time.sleep(0.5)  # stopping the web server, the worker and beat
    print("cleaned up", flush=True)
"""


def test_signals_after_the_first_do_not_cut_the_clean_up_short() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", STAND_IN],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lisko.settings"},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "waiting"

    for signum in (signal.SIGTERM, signal.SIGTERM, signal.SIGINT, signal.SIGTERM):
        process.send_signal(signum)
        time.sleep(0.01)
    output, _ = process.communicate(timeout=30)

    assert "cleaned up" in output
    assert process.returncode == 0
