import datetime as dt

import pytest

from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.models import (
    Absence,
    ConflictOfInterest,
    Interpreter,
    InterpreterLanguage,
    WeeklyAvailability,
)
from lisko.interpreters.services import (
    add_absence,
    create_interpreter,
    declare_conflict,
    remove_absence,
    set_interpreter_languages,
    set_weekly_availability,
    update_interpreter,
)
from lisko.languages.models import Language
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.core import ClientFactory, LanguageFactory
from tests.factories.interpreting import AbsenceFactory, InterpreterFactory, in_days


def test_a_coordinator_adds_an_interpreter_to_the_pool(
    personas: Personas, luxembourg: Municipality
) -> None:
    interpreter = create_interpreter(
        organisation=personas.organisation,
        by=personas.coordinator,
        kind=Interpreter.Kind.INTERPRETER,
        first_name="Ivan",
        last_name="Petrov",
        home_municipality=luxembourg,
        level=3,
        user=personas.interpreter,
        works_by_video=True,
    )
    interpreter.refresh_from_db()
    assert (interpreter.level, interpreter.user, interpreter.modalities) == (
        3,
        personas.interpreter,
        ["on_site", "video"],
    )


def test_a_key_person_gets_level_zero_by_default(
    personas: Personas, luxembourg: Municipality
) -> None:
    key_person = create_interpreter(
        organisation=personas.organisation,
        by=personas.coordinator,
        kind=Interpreter.Kind.KEY_PERSON,
        first_name="Kaya",
        last_name="Demir",
        home_municipality=luxembourg,
        user=personas.key_person,
    )
    assert key_person.level == 0


def test_a_key_person_with_a_certification_level_is_refused(
    personas: Personas, luxembourg: Municipality
) -> None:
    with pytest.raises(DomainError, match="Key persons have no certification level"):
        create_interpreter(
            organisation=personas.organisation,
            by=personas.coordinator,
            kind=Interpreter.Kind.KEY_PERSON,
            first_name="Kaya",
            last_name="Demir",
            home_municipality=luxembourg,
            level=2,
        )
    assert not Interpreter.objects.exists()


@pytest.mark.parametrize("level", [0, 4])
def test_an_interpreter_needs_a_certification_level_from_1_to_3(
    personas: Personas, luxembourg: Municipality, level: int
) -> None:
    with pytest.raises(DomainError, match="must be 1, 2 or 3"):
        create_interpreter(
            organisation=personas.organisation,
            by=personas.coordinator,
            kind=Interpreter.Kind.INTERPRETER,
            first_name="Ivan",
            last_name="Petrov",
            home_municipality=luxembourg,
            level=level,
        )


def test_a_profile_without_any_way_of_working_is_refused(
    personas: Personas, luxembourg: Municipality
) -> None:
    with pytest.raises(DomainError, match="at least one way of working"):
        create_interpreter(
            organisation=personas.organisation,
            by=personas.coordinator,
            kind=Interpreter.Kind.INTERPRETER,
            first_name="Ivan",
            last_name="Petrov",
            home_municipality=luxembourg,
            works_on_site=False,
        )


def test_half_home_coordinates_are_refused(personas: Personas, luxembourg: Municipality) -> None:
    with pytest.raises(DomainError, match="both home coordinates"):
        create_interpreter(
            organisation=personas.organisation,
            by=personas.coordinator,
            kind=Interpreter.Kind.INTERPRETER,
            first_name="Ivan",
            last_name="Petrov",
            home_municipality=luxembourg,
            home_latitude=49.6,
        )


def test_a_login_must_hold_the_role_matching_the_kind(
    personas: Personas, luxembourg: Municipality
) -> None:
    with pytest.raises(DomainError, match="user account must belong"):
        create_interpreter(
            organisation=personas.organisation,
            by=personas.coordinator,
            kind=Interpreter.Kind.INTERPRETER,
            first_name="Kaya",
            last_name="Demir",
            home_municipality=luxembourg,
            user=personas.key_person,
        )


def test_a_social_worker_cannot_add_interpreters(
    personas: Personas, luxembourg: Municipality
) -> None:
    with pytest.raises(DomainError) as refused:
        create_interpreter(
            organisation=personas.organisation,
            by=personas.social_worker,
            kind=Interpreter.Kind.INTERPRETER,
            first_name="Ivan",
            last_name="Petrov",
            home_municipality=luxembourg,
        )
    assert refused.value.code == "permission_denied"


def test_a_stranger_cannot_add_interpreters_to_another_organisation(
    personas: Personas, luxembourg: Municipality
) -> None:
    with pytest.raises(NotFound):
        create_interpreter(
            organisation=personas.organisation,
            by=personas.other_social_worker,
            kind=Interpreter.Kind.INTERPRETER,
            first_name="Ivan",
            last_name="Petrov",
            home_municipality=luxembourg,
        )


def test_a_coordinator_updates_a_profile(personas: Personas, ivan: Interpreter) -> None:
    update_interpreter(interpreter=ivan, by=personas.coordinator, travel_limit_minutes=45)
    ivan.refresh_from_db()
    assert ivan.travel_limit_minutes == 45


def test_an_invalid_update_changes_nothing(personas: Personas, ivan: Interpreter) -> None:
    with pytest.raises(DomainError):
        update_interpreter(interpreter=ivan, by=personas.coordinator, kind="key_person", phone="1")
    ivan.refresh_from_db()
    assert (ivan.kind, ivan.phone) == ("interpreter", "")


def test_an_interpreter_cannot_edit_the_profile_fields(
    personas: Personas, ivan: Interpreter
) -> None:
    with pytest.raises(DomainError):
        update_interpreter(interpreter=ivan, by=personas.interpreter, level=3)


def test_setting_languages_replaces_the_previous_ones(
    personas: Personas, ivan: Interpreter, arabic: Language
) -> None:
    LanguageFactory(code="tir")
    set_interpreter_languages(interpreter=ivan, by=personas.coordinator, languages={"ara": 3})
    set_interpreter_languages(
        interpreter=ivan, by=personas.coordinator, languages={"ara": 5, "tir": 4}
    )
    assert dict(
        InterpreterLanguage.objects.filter(interpreter=ivan).values_list(
            "language__code", "proficiency"
        )
    ) == {"ara": 5, "tir": 4}


def test_an_unknown_language_code_is_refused(personas: Personas, ivan: Interpreter) -> None:
    with pytest.raises(DomainError, match="Unknown language code: xyz"):
        set_interpreter_languages(interpreter=ivan, by=personas.coordinator, languages={"xyz": 3})


def test_a_proficiency_outside_1_to_5_is_refused_and_old_languages_stay(
    personas: Personas, ivan: Interpreter, arabic: Language
) -> None:
    set_interpreter_languages(interpreter=ivan, by=personas.coordinator, languages={"ara": 3})
    with pytest.raises(DomainError, match="between 1 and 5"):
        set_interpreter_languages(interpreter=ivan, by=personas.coordinator, languages={"ara": 6})
    assert ivan.languages.get().proficiency == 3


def test_an_interpreter_sets_their_own_weekly_availability(
    personas: Personas, ivan: Interpreter
) -> None:
    set_weekly_availability(
        interpreter=ivan,
        by=personas.interpreter,
        slots=[(0, dt.time(8), dt.time(12)), (0, dt.time(13), dt.time(17))],
    )
    assert WeeklyAvailability.objects.filter(interpreter=ivan).count() == 2


def test_overlapping_weekly_windows_are_refused(personas: Personas, ivan: Interpreter) -> None:
    with pytest.raises(DomainError, match="overlap"):
        set_weekly_availability(
            interpreter=ivan,
            by=personas.interpreter,
            slots=[(2, dt.time(8), dt.time(12)), (2, dt.time(11), dt.time(14))],
        )


def test_a_weekly_window_ending_before_it_starts_is_refused(
    personas: Personas, ivan: Interpreter
) -> None:
    with pytest.raises(DomainError, match="end after it starts"):
        set_weekly_availability(
            interpreter=ivan, by=personas.interpreter, slots=[(1, dt.time(12), dt.time(8))]
        )


def test_another_interpreter_cannot_change_my_availability(
    personas: Personas, ivan: Interpreter
) -> None:
    with pytest.raises(DomainError):
        set_weekly_availability(
            interpreter=ivan, by=personas.key_person, slots=[(1, dt.time(8), dt.time(9))]
        )


def test_an_interpreter_records_an_absence(personas: Personas, ivan: Interpreter) -> None:
    absence = add_absence(
        interpreter=ivan, by=personas.interpreter, start=in_days(3, 0), end=in_days(10, 0)
    )
    assert list(ivan.absences.all()) == [absence]


def test_an_absence_ending_before_it_starts_is_refused(
    personas: Personas, ivan: Interpreter
) -> None:
    with pytest.raises(DomainError, match="end after it starts"):
        add_absence(
            interpreter=ivan, by=personas.interpreter, start=in_days(3, 0), end=in_days(2, 0)
        )


def test_a_coordinator_removes_an_absence(personas: Personas, ivan: Interpreter) -> None:
    absence = AbsenceFactory(interpreter=ivan)
    remove_absence(absence=absence, by=personas.coordinator)
    assert not Absence.objects.exists()


def test_a_stranger_cannot_remove_an_absence(personas: Personas, ivan: Interpreter) -> None:
    absence = AbsenceFactory(interpreter=ivan)
    with pytest.raises(NotFound):
        remove_absence(absence=absence, by=personas.other_social_worker)


def test_a_social_worker_declares_a_conflict_of_interest(
    personas: Personas, ivan: Interpreter
) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
    conflict = declare_conflict(
        interpreter=ivan, client=client, by=personas.social_worker, reason="relative"
    )
    assert conflict.declared_by == personas.social_worker


def test_a_conflict_of_interest_is_recorded_only_once(
    personas: Personas, ivan: Interpreter
) -> None:
    client = ClientFactory(organisation=personas.organisation)
    declare_conflict(interpreter=ivan, client=client, by=personas.interpreter, reason="relative")
    with pytest.raises(DomainError, match="already recorded"):
        declare_conflict(interpreter=ivan, client=client, by=personas.coordinator, reason="other")
    assert ConflictOfInterest.objects.count() == 1


def test_a_conflict_with_a_client_of_another_organisation_is_not_found(
    personas: Personas, ivan: Interpreter
) -> None:
    stranger = ClientFactory(organisation=personas.other_organisation)
    with pytest.raises(NotFound):
        declare_conflict(interpreter=ivan, client=stranger, by=personas.coordinator, reason="other")


def test_a_partner_cannot_declare_conflicts(personas: Personas, ivan: Interpreter) -> None:
    client = ClientFactory(organisation=personas.organisation)
    with pytest.raises(DomainError) as refused:
        declare_conflict(interpreter=ivan, client=client, by=personas.partner, reason="other")
    assert refused.value.code == "permission_denied"


def test_the_same_login_cannot_hold_two_profiles(personas: Personas, ivan: Interpreter) -> None:
    other = InterpreterFactory(organisation=personas.organisation)
    with pytest.raises(DomainError, match="already has an interpreter profile"):
        update_interpreter(interpreter=other, by=personas.coordinator, user=personas.interpreter)


def test_a_coordinator_records_an_interpreters_specialisations_once_each(
    personas: Personas, luxembourg: Municipality
) -> None:
    interpreter = create_interpreter(
        organisation=personas.organisation,
        by=personas.coordinator,
        kind=Interpreter.Kind.INTERPRETER,
        first_name="Ivan",
        last_name="Petrov",
        home_municipality=luxembourg,
        skills=["medical", "legal", "medical"],
    )
    interpreter.refresh_from_db()
    assert interpreter.skills == ["legal", "medical"]


def test_an_unknown_specialisation_is_refused_and_nothing_is_saved(
    personas: Personas, luxembourg: Municipality
) -> None:
    with pytest.raises(DomainError, match="Choose specialisations from the list"):
        create_interpreter(
            organisation=personas.organisation,
            by=personas.coordinator,
            kind=Interpreter.Kind.INTERPRETER,
            first_name="Ivan",
            last_name="Petrov",
            home_municipality=luxembourg,
            skills=["astrology"],
        )
    assert not Interpreter.objects.filter(last_name="Petrov").exists()
