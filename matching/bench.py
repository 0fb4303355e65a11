"""`lisko-match-bench`: the matcher against the greedy baseline on generated instances.

    lisko-match-bench [--sizes 200x50,1000x200,5000x1000] [--seeds 1,2,3]
                      [--time-limits 3,15,60] [--rematches 100] [--output docs/matching-bench]
                      [--format-2 900x180] [--format-2-time-limit 15]

`--format-2` adds the format-2 family (`generate_format_2`: a third of the appointments with
alternative times, skills, heavy caps, lapsed certificates), each instance solved twice: with
its alternative times (the joint choice of time and interpreter) and at first choices only.

Each instance runs in its own process, so the peak memory reported is that instance's alone.
Prints a markdown table and writes OUTPUT.md and OUTPUT.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from matching.eligibility import Index, served_priority, total_cost
from matching.generator import generate, generate_format_2
from matching.greedy import greedy
from matching.rematch import prepare, rematch
from matching.solve import solve

DEFAULT_SIZES = "200x50,1000x200,5000x1000"
DEFAULT_LIMITS = "3,15,60"


def run_instance(
    size: tuple[int, int], seed: int, time_limit_s: float, rematches: int
) -> dict[str, Any]:
    """Solve one generated instance with the greedy and the matcher; return the measured row."""
    appointments, interpreters = size
    problem = generate(appointments, interpreters, seed=seed)
    started = time.monotonic()
    index = Index(problem)
    index.prepare()
    baseline = greedy(index)
    greedy_wall = time.monotonic() - started
    result = solve(problem, time_limit_s=time_limit_s, seed=0)
    figures = result.figures
    row: dict[str, Any] = {
        "size": f"{appointments}x{interpreters}",
        "seed": seed,
        "time_limit_s": time_limit_s,
        "wall_s": round(figures.wall_s, 2),
        "status": result.status,
        "served_priority": figures.served_priority,
        "total_priority": figures.total_priority,
        "bound_priority": figures.bound_priority,
        "priority_gap_pct": round(100 * figures.priority_gap, 2),
        "cost": figures.cost,
        "bound_cost": figures.bound_cost,
        "greedy_wall_s": round(greedy_wall, 2),
        "greedy_served_priority": served_priority(index, baseline),
        "greedy_priority_gap_pct": round(
            100
            * max(0, figures.bound_priority - served_priority(index, baseline))
            / max(1, figures.bound_priority),
            2,
        ),
        "greedy_cost": total_cost(index, baseline),
        "deterministic": figures.deterministic,
    }
    if rematches:
        current = {row.appointment_id: row.interpreter_id for row in result.assignments}
        generator = random.Random(seed)
        assigned = sorted(current)
        timings = []
        # Prepared once per problem, as a worker would keep it between re-matches.
        began = time.monotonic()
        prepared = prepare(problem)
        row["rematch_prepare_s"] = round(time.monotonic() - began, 2)
        for _ in range(rematches):
            declined = generator.choice(assigned)
            began = time.monotonic()
            rematch(
                problem,
                current,
                [declined],
                excluded_pairs=[(declined, current[declined])],
                prepared=prepared,
            )
            timings.append(1000 * (time.monotonic() - began))
        timings.sort()
        row["rematch_p50_ms"] = round(statistics.median(timings), 1)
        row["rematch_p95_ms"] = round(timings[int(0.95 * (len(timings) - 1))], 1)
    row["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    # Other processes share the machine: the load says how much of it the solver had.
    row["load_1m"] = round(os.getloadavg()[0], 1)
    return row


def run_format_2(size: tuple[int, int], seed: int, time_limit_s: float) -> dict[str, Any]:
    """Solve one format-2 instance with its alternative times, and at first choices only."""
    appointments, interpreters = size
    problem = generate_format_2(appointments, interpreters, seed=seed)
    first_choices = dataclasses.replace(
        problem,
        appointments=tuple(dataclasses.replace(row, slots=()) for row in problem.appointments),
    )
    joint = solve(problem, time_limit_s=time_limit_s, seed=0)
    alone = solve(first_choices, time_limit_s=time_limit_s, seed=0)
    return {
        "size": f"{appointments}x{interpreters}",
        "seed": seed,
        "with_alternatives": sum(1 for row in problem.appointments if row.times[1:]),
        "wall_s": round(joint.figures.wall_s, 2),
        "served_priority": joint.figures.served_priority,
        "bound_priority": joint.figures.bound_priority,
        "cost": joint.figures.cost,
        "bound_cost": joint.figures.bound_cost,
        "moved": sum(1 for row in joint.assignments if row.start is not None),
        "first_wall_s": round(alone.figures.wall_s, 2),
        "first_served_priority": alone.figures.served_priority,
        "first_bound_priority": alone.figures.bound_priority,
        "first_cost": alone.figures.cost,
        "total_priority": joint.figures.total_priority,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_1m": round(os.getloadavg()[0], 1),
    }


def _child(arguments: tuple[tuple[int, int], int, float, int]) -> dict[str, Any]:
    return run_instance(*arguments)


def _child_format_2(arguments: tuple[tuple[int, int], int, float]) -> dict[str, Any]:
    return run_format_2(*arguments)


FORMAT_2_COLUMNS = (
    ("size", "size"),
    ("seed", "seed"),
    ("with_alternatives", "with alternatives"),
    ("wall_s", "wall s"),
    ("served_priority", "served (joint)"),
    ("bound_priority", "bound"),
    ("cost", "cost"),
    ("bound_cost", "cost bound"),
    ("moved", "moved"),
    ("first_wall_s", "first only: wall s"),
    ("first_served_priority", "first only: served"),
    ("first_bound_priority", "first only: bound"),
    ("first_cost", "first only: cost"),
    ("total_priority", "total priority"),
    ("peak_mb", "peak MB"),
    ("load_1m", "load"),
)


COLUMNS = (
    ("size", "size"),
    ("seed", "seed"),
    ("wall_s", "wall s"),
    ("served_priority", "served"),
    ("bound_priority", "bound"),
    ("priority_gap_pct", "gap %"),
    ("cost", "cost"),
    ("bound_cost", "cost bound"),
    ("greedy_wall_s", "greedy s"),
    ("greedy_served_priority", "greedy served"),
    ("greedy_priority_gap_pct", "greedy gap %"),
    ("greedy_cost", "greedy cost"),
    ("peak_mb", "peak MB"),
    ("rematch_p50_ms", "rematch p50 ms"),
    ("rematch_p95_ms", "rematch p95 ms"),
    ("deterministic", "deterministic"),
    ("load_1m", "load"),
)


def markdown(rows: list[dict[str, Any]], columns: tuple[tuple[str, str], ...] = COLUMNS) -> str:
    """The rows as a markdown table."""
    lines = [
        "| " + " | ".join(title for _, title in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(key, "")) for key, _ in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and write it as markdown and JSON."""
    parser = argparse.ArgumentParser(prog="lisko-match-bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="e.g. 200x50,1000x200")
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated generator seeds")
    parser.add_argument(
        "--time-limits", default=DEFAULT_LIMITS, help="seconds per size, in the order of --sizes"
    )
    parser.add_argument(
        "--rematches",
        type=int,
        default=100,
        help="random declines re-matched on the largest size (0: none)",
    )
    parser.add_argument(
        "--output",
        default="docs/matching-bench",
        help="path prefix of the .md and .json files written",
    )
    parser.add_argument(
        "--format-2",
        default="",
        help="sizes of the format-2 family, e.g. 900x180 (default: none)",
    )
    parser.add_argument(
        "--format-2-time-limit", type=float, default=15.0, help="seconds per format-2 solve"
    )
    arguments = parser.parse_args(argv)
    sizes = [
        tuple(int(part) for part in text.split("x")) for text in arguments.sizes.split(",") if text
    ]
    seeds = [int(text) for text in arguments.seeds.split(",")]
    limits = [float(text) for text in arguments.time_limits.split(",")]
    limits = (limits + [limits[-1]] * len(sizes))[: len(sizes)]
    largest = max(sizes, key=lambda size: size[0] * size[1], default=None)
    jobs = [
        ((size[0], size[1]), seed, limit, arguments.rematches if size == largest else 0)
        for size, limit in zip(sizes, limits, strict=True)
        for seed in seeds
    ]
    rows = []
    context = multiprocessing.get_context("spawn")
    for job in jobs:
        # One process per instance, one at a time: the solver has both cores to itself.
        with context.Pool(1) as pool:
            row = pool.apply(_child, (job,))
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    format_2_rows = []
    for text in filter(None, arguments.format_2.split(",")):
        size = tuple(int(part) for part in text.split("x"))
        for seed in seeds:
            with context.Pool(1) as pool:
                row = pool.apply(
                    _child_format_2, (((size[0], size[1]), seed, arguments.format_2_time_limit),)
                )
            format_2_rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    table = markdown(rows) if rows else ""
    if format_2_rows:
        table += ("\n\n" if table else "") + markdown(format_2_rows, FORMAT_2_COLUMNS)
        rows += [{"family": "format-2", **row} for row in format_2_rows]
    print(table)
    output = Path(arguments.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.with_suffix(".md").write_text(table + "\n", encoding="utf-8")
    output.with_suffix(".json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
