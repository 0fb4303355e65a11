"""Clients and their empowerment plans, entered by their social workers."""

import datetime as dt
import random
from dataclasses import dataclass

from lisko.accounts.models import User
from lisko.clients.models import Client, Consent, HouseholdMember
from lisko.clients.services import (
    add_client_language,
    add_household_member,
    create_client,
    give_consent,
    share_client,
)
from lisko.demo.catalogue import ALSO_SPEAKS, COUNTRY_OF, GOALS, MILESTONES, MUNICIPALITY_WEIGHTS
from lisko.demo.clock import Clock, name, weighted
from lisko.languages.models import Language
from lisko.organisations.models import FieldOfAction, Organisation
from lisko.places.models import Municipality
from lisko.plans.models import EmpowermentPlan, Goal
from lisko.plans.services import (
    add_goal,
    add_milestone,
    change_goal_status,
    complete_milestone,
    create_plan,
    review_goal,
)


def caseload(
    rng: random.Random,
    organisation: Organisation,
    municipalities: dict[str, Municipality],
    languages: dict[str, Language],
    demand: list[tuple[str, int]],
    social_workers: list[User],
    clock: Clock,
    count: int = 400,
    *,
    places: dict[str, int] | None = None,
    arrived_within_days: int = 4 * 365,
    first_index: int = 0,
) -> list[Client]:
    """`count` clients spread over the social workers, with languages, household and consents;
    they live in `places` (by weight; default the region's usual spread) and arrived within
    the given days."""
    places_by_weight = list((places or MUNICIPALITY_WEIGHTS).items())
    year = clock.today.year
    clients: list[Client] = []
    for index in range(first_index, first_index + count):
        language = weighted(rng, demand)
        gender = rng.choice("fmfm" + "x")
        first, last = name(rng, language, "f" if gender == "f" else "m")
        birth = dt.date(year - rng.randint(20, 66), rng.randint(1, 12), rng.randint(1, 28))
        arrival = clock.week_start - dt.timedelta(days=rng.randint(10, arrived_within_days))
        worker = social_workers[index % len(social_workers)]
        client = create_client(
            organisation=organisation,
            by=worker,
            reference=f"{organisation.slug[:2].upper()}-{year - 2 + index % 3}-{index + 1:04d}",
            first_name=first,
            last_name=last,
            birth_date=birth,
            gender=gender,
            country_of_origin=COUNTRY_OF.get(language, ""),
            municipality=municipalities[weighted(rng, places_by_weight)],
            arrival_date=arrival,
            residence_status=rng.choice(
                ["asylum_seeker", "refugee", "refugee", "subsidiary", "temporary"]
                if language not in {"ukr", "rus"}
                else ["temporary"]
            ),
            preferred_language=languages[language],
            phone=f"+352 661 {rng.randint(100, 999)} {rng.randint(100, 999)}",
            notes=rng.choice(
                [
                    "",
                    "",
                    "Prefers appointments in the morning.",
                    "Has two children in primary school.",
                ]
            ),
        )
        # The preferred language is recorded by create_client at proficiency 5.
        spoken = {language: 5}
        for extra in ALSO_SPEAKS.get(language, [])[:1]:
            spoken.setdefault(extra, rng.randint(2, 4))
        spoken.setdefault(rng.choice(["fra", "eng", "deu"]), rng.randint(1, 3))
        for code, level in list(spoken.items())[1:]:
            add_client_language(
                client=client, language=languages[code], proficiency=level, by=worker
            )
        clients.append(client)
    for client in clients:
        relations = rng.sample(["partner", "child", "child", "child", "parent"], rng.randint(0, 3))
        for relation in relations:
            first = name(rng, client.preferred_language.code, rng.choice("fm"))[0]
            born = (
                dt.date(year - rng.randint(3, 18), rng.randint(1, 12), 1)
                if relation == HouseholdMember.Relation.CHILD
                else None
            )
            add_household_member(
                client=client,
                first_name=first,
                last_name=client.last_name,
                relation=relation,
                birth_date=born,
                by=client.social_worker,
            )
        given = clock.at((client.arrival_date or clock.week_start) + dt.timedelta(days=7), 10)
        # Every demo client agreed to be texted about their appointments (the console SMS
        # backend prints each message, in the client's language).
        for purpose in (
            Consent.Purpose.DATA_PROCESSING,
            Consent.Purpose.INTERPRETING,
            Consent.Purpose.APPOINTMENT_MESSAGES,
        ):
            give_consent(client=client, purpose=purpose, given_at=given, by=client.social_worker)
    if len(social_workers) > 1:
        for client in rng.sample(clients, 20):
            colleague = rng.choice([sw for sw in social_workers if sw != client.social_worker])
            share_client(client=client, with_user=colleague, by=client.social_worker)
    # Back-dating for the demo: a case is opened when the client arrives, not when the demo is
    # loaded (create_client has no date of its own to give).
    for client in clients:
        client.created_at = clock.at(client.arrival_date or clock.week_start, 9)
    Client.objects.bulk_update(clients, ["created_at"], batch_size=500)
    return clients


@dataclass
class PlannedGoal:
    goal: Goal
    status: str  # what the goal becomes once the referrals are sent


# What a social worker notes at a review, by the level reached: "level 5 · needs more support"
# would contradict itself. Four notes for each level, so the demo draws as many random numbers.
REVIEW_NOTES = {
    "low": ["", "Needs more support.", "Attends regularly.", "Takes small steps."],
    "middle": ["", "Good progress.", "Attends regularly.", "Needs support now and then."],
    "high": ["", "Good progress.", "Manages this alone now.", "Attends regularly."],
}


def review_note(rng: random.Random, level: int) -> str:
    """A note fitting the level of independence reached (1–5)."""
    band = "low" if level <= 2 else "middle" if level <= 4 else "high"
    return rng.choice(REVIEW_NOTES[band])


def plans(
    rng: random.Random, clients: list[Client], fields: dict[str, FieldOfAction], clock: Clock
) -> list[PlannedGoal]:
    """One plan per client with two to four goals, their reviews and milestones."""
    today = clock.today
    planned: list[PlannedGoal] = []
    for client in clients:
        worker = client.social_worker
        plan = create_plan(client=client, by=worker)
        goals: list[tuple[Goal, str, list[tuple[dt.date, int, str]]]] = []
        for key in rng.sample(list(GOALS), rng.randint(2, 4)):
            goal = add_goal(
                plan=plan,
                field_of_action=fields[key],
                wording=rng.choice(GOALS[key]),
                intake_level=rng.randint(1, 3),
                by=worker,
            )
            status = rng.choice([Goal.Status.OPEN] * 6 + [Goal.Status.ACHIEVED, Goal.Status.PAUSED])
            level = goal.intake_level
            reviews = []
            for months_ago in sorted(rng.sample(range(1, 13), rng.randint(0, 3)), reverse=True):
                level = min(5, level + rng.choice([0, 1, 1]))
                note = review_note(rng, level)
                reviews.append((today - dt.timedelta(days=30 * months_ago), level, note))
            # Back-dating for the demo: the goal was set with the client when the plan began
            # (before its first review), not when the demo was loaded; review_goal refuses a
            # review dated before its goal.
            began = min([today - dt.timedelta(days=14), *(day for day, _, _ in reviews)])
            goal.created_at = clock.at(began, 9)
            goals.append((goal, status, reviews))
        Goal.objects.bulk_update([goal for goal, _, _ in goals], ["created_at"])
        EmpowermentPlan.objects.filter(pk=plan.pk).update(
            created_at=min(goal.created_at for goal, _, _ in goals)
        )
        for goal, becomes, reviews in goals:
            for reviewed_on, level, note in reviews:
                review_goal(goal=goal, level=level, note=note, reviewed_on=reviewed_on, by=worker)
            for title in rng.sample(MILESTONES, rng.randint(1, 3)):
                due = today + dt.timedelta(days=rng.randint(-40, 90))
                milestone = add_milestone(
                    goal=goal, title=title, due_date=due, by=worker, responsible_user=worker
                )
                if due < today and rng.random() < 0.7:
                    complete_milestone(milestone=milestone, by=worker, done_at=clock.at(due, 12))
            planned.append(PlannedGoal(goal=goal, status=becomes))
    return planned


def settle_goals(planned: list[PlannedGoal], clock: Clock) -> None:
    """Close or pause the goals the story has achieved or paused, as their social worker."""
    for item in planned:
        if item.status == Goal.Status.OPEN:
            continue
        goal = change_goal_status(
            goal=item.goal, status=item.status, by=item.goal.plan.client.social_worker
        )
        if goal.closed_at is not None:
            # Back-dating for the demo: closed at the demo's moment, not the real clock's.
            Goal.objects.filter(pk=goal.pk).update(closed_at=clock.now)
