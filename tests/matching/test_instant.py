"""The instant match ranks one appointment's candidates directly, as the solver would choose."""

from matching.generator import generate
from matching.instant import rank
from matching.io import result_from_json, result_to_json
from matching.rematch import rematch
from matching.solve import solve


def test_the_first_candidate_is_the_one_the_solver_chooses_for_a_lone_request() -> None:
    problem = generate(60, 30, seed=4)
    agreeing = 0
    for appointment in problem.appointments[:40]:
        ranked = rank(problem, appointment.id)
        solved = rematch(problem, {}, [appointment.id], time_limit_s=1.0)
        first = [row.interpreter_id for row in ranked.assignments][:1]
        chosen = [row.interpreter_id for row in solved.assignments][:1]
        if first and chosen:
            # Ties in cost may go either way; the cost must be the same.
            assert ranked.assignments[0].breakdown.cost == solved.assignments[0].breakdown.cost
            agreeing += 1
        else:
            assert bool(first) == bool(chosen)
            assert [row.code for row in ranked.unassigned] == [
                row.code for row in solved.unassigned
            ]
    assert agreeing > 10


def test_a_broadcast_takes_the_k_best_and_keeps_the_rest_as_alternatives() -> None:
    problem = generate(30, 120, seed=2)
    appointment = next(
        row for row in problem.appointments if len(rank(problem, row.id, wanted=9).assignments) > 4
    )

    ranked = rank(problem, appointment.id, wanted=3)

    costs = [row.breakdown.cost for row in ranked.assignments]
    assert len(costs) == 3 and costs == sorted(costs)
    assert ranked.assignments[0].alternatives
    assert ranked.assignments[0].interpreter_id not in {
        alt.interpreter_id for alt in ranked.assignments[0].alternatives
    }


def test_an_excluded_pair_is_not_ranked() -> None:
    problem = generate(20, 40, seed=2)
    appointment = next(row for row in problem.appointments if rank(problem, row.id).assignments)
    first = rank(problem, appointment.id).assignments[0].interpreter_id

    again = rank(problem, appointment.id, excluded_pairs=[(appointment.id, first)])

    assert first not in {row.interpreter_id for row in again.assignments}


def test_the_ranking_is_the_same_every_time() -> None:
    problem = generate(30, 30, seed=7)
    ids = [row.id for row in problem.appointments]

    assert [rank(problem, pk, wanted=3) for pk in ids] == [
        rank(problem, pk, wanted=3) for pk in ids
    ]


def test_a_result_reads_back_as_it_was_written() -> None:
    result = solve(generate(40, 20, seed=3), time_limit_s=2.0, seed=0)

    again = result_from_json(result_to_json(result))

    assert again.assignments == result.assignments
    assert [(row.appointment_id, row.code) for row in again.unassigned] == [
        (row.appointment_id, row.code) for row in result.unassigned
    ]
    assert again.figures.served_priority == result.figures.served_priority
