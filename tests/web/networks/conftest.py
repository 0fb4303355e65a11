import pytest

from tests.factories.networks import NetworkWorld, make_network_world


@pytest.fixture
def world(db: None) -> NetworkWorld:
    return make_network_world()
