import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def manager_client(client):
    """A logged-in superuser: the admin pages of the catalog as a shop manager with every right sees them."""
    client.force_login(get_user_model().objects.create_superuser("manager", "m@shop.ru", "pass"))
    return client
