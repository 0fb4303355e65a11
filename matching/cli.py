"""`lisko-match INSTANCE.json [--time-limit SECONDS] [--seed N] > RESULT.json`, and
`lisko-match INSTANCE.json --check RESULT.json` to check a result against the hard rules."""

from __future__ import annotations

import argparse
import json
import os
import sys

from matching.check import check
from matching.io import InstanceError, dump_json, load_problem, result_from_json, result_to_json
from matching.solve import solve, stderr_progress
from matching.types import Problem


def main(argv: list[str] | None = None) -> int:
    """Solve one instance file; the result JSON goes to stdout, progress to stderr."""
    parser = argparse.ArgumentParser(
        prog="lisko-match",
        description="Match interpreters to appointments (lisko-matching/1 or /2).",
    )
    parser.add_argument("instance", help="instance file in the lisko-matching/1 or /2 format")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="time budget in seconds (default 30)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument(
        "--check",
        metavar="RESULT",
        help="do not solve: check this result file against the instance's hard rules "
        "(exit 0 feasible, 1 a breach, 2 unreadable)",
    )
    arguments = parser.parse_args(argv)
    try:
        problem = load_problem(arguments.instance)
    except (OSError, json.JSONDecodeError, InstanceError, KeyError, TypeError, ValueError) as error:
        print(f"lisko-match: cannot read {arguments.instance}: {error}", file=sys.stderr)
        return 2
    if arguments.check:
        return _check(problem, arguments.check)
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


def _check(problem: Problem, path: str) -> int:
    try:
        with open(path, encoding="utf-8") as file:
            result = result_from_json(json.load(file))
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        print(f"lisko-match: cannot read {path}: {error}", file=sys.stderr)
        return 2
    verdict = check(problem, result)
    for breach in verdict.breaches:
        print(f"breach: {breach}")
    for note in verdict.notes:
        print(f"note: {note}")
    print(
        f"{'feasible' if verdict.feasible else 'INFEASIBLE'}: priority {verdict.served_priority}, "
        f"cost {verdict.cost}, {len(result.assignments)} assigned, "
        f"{len(result.unassigned)} unassigned"
    )
    return 0 if verdict.feasible else 1
