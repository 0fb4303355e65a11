"""Kill -9 the Celery worker again and again during batch matching runs; print the figures.

Runs tests/workers/test_chaos.py with many kills (the CI run uses a few) against the real
PostgreSQL and Redis, and prints the JSON figures that docs/workflow.md reports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lisko REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python scripts/chaos_worker.py --kills 24 --seed 1
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            parser.error(f"set {name}: the chaos run needs PostgreSQL and Redis")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "chaos.json"
        environment = {
            **os.environ,
            "LISKO_CHAOS_KILLS": str(arguments.kills),
            "LISKO_CHAOS_SEED": str(arguments.seed),
            "LISKO_CHAOS_REPORT": str(report),
            "LISKO_TEST_DATABASE_NAME": os.environ.get(
                "LISKO_TEST_DATABASE_NAME", "test_lisko_chaos"
            ),
        }
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/workers/test_chaos.py",
                "-q",
                "-p",
                "no:cacheprovider",
                "--create-db",
            ],
            cwd=ROOT,
            env=environment,
            check=False,
        )
        if report.exists():
            print(json.dumps(json.loads(report.read_text()), indent=2))
    return completed.returncode


if __name__ == "__main__":
    sys.exit(main())
