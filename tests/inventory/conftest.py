import pytest


@pytest.fixture
def staff(manager_client):
    """The inventory admin's tests call the logged-in manager `staff`."""
    return manager_client
