"""Fixtures shared by the domain tests, on top of the personas in tests/conftest.py."""

import pytest

from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.core import ClientFactory, LanguageFactory, MunicipalityFactory
from tests.factories.interpreting import InterpreterFactory


@pytest.fixture
def luxembourg(db: None) -> Municipality:
    return MunicipalityFactory(name="Luxembourg")


@pytest.fixture
def arabic(db: None) -> Language:
    return LanguageFactory(code="ara")


@pytest.fixture
def client_of_sofia(personas: Personas, luxembourg: Municipality, arabic: Language) -> Client:
    """A client on Sofia's caseload in organisation A."""
    return ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        municipality=luxembourg,
        preferred_language=arabic,
    )


@pytest.fixture
def ivan(personas: Personas, luxembourg: Municipality) -> Interpreter:
    """Ivan's interpreter profile in organisation A, linked to his login."""
    return InterpreterFactory(
        organisation=personas.organisation,
        user=personas.interpreter,
        first_name="Ivan",
        last_name="Petrov",
        home_municipality=luxembourg,
    )
