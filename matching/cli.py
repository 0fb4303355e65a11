"""`lisko-match INSTANCE.json [--time-limit SECONDS] [--seed N] > RESULT.json`"""

from __future__ import annotations

import argparse
import json
import os
import sys

from matching.io import InstanceError, dump_json, load_problem, result_to_json
from matching.solve import solve, stderr_progress


def main(argv: list[str] | None = None) -> int:
    """Solve one instance file; the result JSON goes to stdout, progress to stderr."""
    parser = argparse.ArgumentParser(
        prog="lisko-match", description="Match interpreters to appointments (lisko-matching/1)."
    )
    parser.add_argument("instance", help="instance file in the lisko-matching/1 format")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="time budget in seconds (default 30)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    arguments = parser.parse_args(argv)
    try:
        problem = load_problem(arguments.instance)
    except (OSError, json.JSONDecodeError, InstanceError, KeyError, TypeError, ValueError) as error:
        print(f"lisko-match: cannot read {arguments.instance}: {error}", file=sys.stderr)
        return 2
    # Native solvers may print banners on file descriptor 1; keep stdout for the result alone.
    sys.stdout.flush()
    saved_stdout = os.dup(1)
    os.dup2(2, 1)
    try:
        result = solve(
            problem,
            time_limit_s=arguments.time_limit,
            seed=arguments.seed,
            progress=None if arguments.quiet else stderr_progress,
        )
    finally:
        sys.stdout.flush()
        os.dup2(saved_stdout, 1)
        os.close(saved_stdout)
    sys.stdout.write(dump_json(result_to_json(result)) + "\n")
    figures = result.figures
    if not arguments.quiet:
        stderr_progress(
            f"{result.status}: priority {figures.served_priority}/{figures.total_priority} "
            f"(bound {figures.bound_priority}), cost {figures.cost} (bound {figures.bound_cost}), "
            f"{len(result.unassigned)} unassigned, {figures.wall_s:.2f}s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
