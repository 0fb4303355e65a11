import pytest

from tests.factories.programmes import ProgrammeWorld, make_programme_world


@pytest.fixture
def world(db: None) -> ProgrammeWorld:
    return make_programme_world()
