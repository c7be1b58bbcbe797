"""Every operation of the private API against every role: the table below is the decision, made once per
operation. A new operation in the OpenAPI schema without a line here fails
`test_every_private_operation_is_in_the_table`.

Roles: the admin's groups (a staff user in one group, logged in through `/api/lite/auth`), a plain user's API
token (a token that acts as its user), anonymous. The same table is in docs/security.md, "Who may do what".
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from config.api.models import ApiToken, ApiTokenRole
from tests.factories.catalog import ProductFactory

pytestmark = pytest.mark.django_db

MGR, INT, MOD = "manager", "integrator", "moderator"
CATALOG = {MGR}
CATALOG_READ = {MGR, INT}

# (method, path) -> the roles that may call it. Superusers and "full" tokens may call everything.
ALLOWED = {
    ("GET", "/api/lite/collections"): CATALOG,
    ("POST", "/api/lite/collections"): CATALOG,
    ("DELETE", "/api/lite/collections"): CATALOG,
    ("POST", "/api/lite/file/image"): CATALOG,
    ("GET", "/api/lite/pickup_points"): {MGR, INT},
    ("POST", "/api/lite/pickup_points"): {INT},
    ("POST", "/api/lite/product/options/reorder"): CATALOG,
    ("GET", "/api/lite/products"): CATALOG_READ,
    ("POST", "/api/lite/products"): CATALOG,
    ("PATCH", "/api/lite/products"): CATALOG,
    ("GET", "/api/lite/products/accounting_attributes"): CATALOG,
    ("POST", "/api/lite/products/accounting_attributes"): CATALOG,
    ("GET", "/api/lite/products/additional_descriptions/titles"): CATALOG,
    ("GET", "/api/lite/products/attributes"): CATALOG,
    ("POST", "/api/lite/products/attributes"): CATALOG,
    ("POST", "/api/lite/products/batch"): CATALOG,
    ("PATCH", "/api/lite/products/batch"): CATALOG,
    ("GET", "/api/lite/products/batch/accounting/stocks"): CATALOG,
    ("POST", "/api/lite/products/copy"): CATALOG,
    ("POST", "/api/lite/products/delete_barcodes_ff"): {INT},
    ("POST", "/api/lite/products/export_ff"): {INT},
    ("GET", "/api/lite/products/features"): CATALOG,
    ("POST", "/api/lite/products/features"): CATALOG,
    ("GET", "/api/lite/products/features/appearance"): CATALOG,
    ("POST", "/api/lite/products/features/appearance"): CATALOG,
    ("GET", "/api/lite/products/filters"): CATALOG,
    ("POST", "/api/lite/products/filters"): CATALOG,
    ("DELETE", "/api/lite/products/filters"): CATALOG,
    ("GET", "/api/lite/products/history"): CATALOG,
    ("POST", "/api/lite/products/history/diff"): CATALOG,
    ("POST", "/api/lite/products/image"): CATALOG,
    ("DELETE", "/api/lite/products/image"): CATALOG,
    ("POST", "/api/lite/products/image/pos"): CATALOG,
    ("POST", "/api/lite/products/load/unique_number/excel"): CATALOG,
    ("POST", "/api/lite/products/load/unique_number/json"): CATALOG,
    ("GET", "/api/lite/products/reviews"): {MGR, MOD},
    ("POST", "/api/lite/products/reviews"): {MOD},
    ("GET", "/api/lite/products/stock_revise"): {INT},
    ("GET", "/api/lite/products/stocks"): CATALOG,
    ("GET", "/api/lite/products/templates/items"): CATALOG_READ,
    ("POST", "/api/lite/products/templates/items"): CATALOG,
    ("GET", "/api/lite/products/unique_number"): CATALOG,
    ("POST", "/api/lite/products/unique_number/used"): CATALOG,
    ("GET", "/api/lite/products/unique_numbers/list"): CATALOG,
    ("POST", "/api/lite/products/variants"): CATALOG,
    ("PATCH", "/api/lite/products/variants"): CATALOG,
    ("DELETE", "/api/lite/products/variants"): CATALOG,
    ("PATCH", "/api/lite/products/variants/batch"): CATALOG,
    ("POST", "/api/lite/products/variants/eshop_settings"): CATALOG,
    ("GET", "/api/lite/products/warehouse/categories"): {INT},
    ("GET", "/api/lite/products/wb_categories"): CATALOG_READ,
    ("GET", "/api/lite/promotions"): CATALOG,
    ("POST", "/api/lite/promotions"): CATALOG,
    ("GET", "/api/lite/reservations"): CATALOG,
    ("POST", "/api/lite/reservations"): CATALOG,
    ("POST", "/api/lite/reservations/confirm"): CATALOG,
    ("POST", "/api/lite/reservations/release"): CATALOG,
    ("GET", "/api/lite/warehouses"): CATALOG_READ,
    ("POST", "/api/lite/warehouses"): CATALOG,
    ("DELETE", "/api/lite/warehouses"): CATALOG,
    ("GET", "/api/lite/yandex_places"): {INT},
    ("POST", "/api/lite/yandex_places"): {INT},
}
GROUP_OF = {MGR: "Managers", INT: "Integrators", MOD: "Moderators"}
PASSWORD = "role-walk-pass"


def private_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
        and path.startswith("/api/lite/")
        and not path.startswith("/api/lite/pub/")
        and path != "/api/lite/auth"
    }


def call(client, method, path):
    if method == "GET":
        return client.get(path)
    return getattr(client, method.lower())(path, {}, format="json")


def logged_in(role) -> APIClient:
    user = get_user_model().objects.create_user(role, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_OF[role]))
    client = APIClient()
    login = client.post("/api/lite/auth", {"login": role, "password": PASSWORD}, format="json")
    assert login.status_code == 200, login.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access_token']}")
    return client


def with_token(**kwargs) -> APIClient:
    _, raw = ApiToken.issue(name="role-walk", **kwargs)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_every_private_operation_is_in_the_table():
    operations = private_operations()
    assert operations - ALLOWED.keys() == set(), "new operations: decide who may call them in ALLOWED"
    assert ALLOWED.keys() - operations == set(), "operations gone from the schema"


@pytest.mark.parametrize("role", [MGR, INT, MOD])
def test_each_role_may_call_exactly_its_operations(role):
    client = logged_in(role)
    wrong = []
    for (method, path), roles in sorted(ALLOWED.items()):
        response = call(client, method, path)
        assert response.status_code < 500, (method, path, response.content)
        refused = response.status_code == 403
        if refused == (role in roles) or response.status_code == 401:
            wrong.append((method, path, response.status_code))
        if refused:
            assert response.json()["success"] is False
    assert wrong == []


@pytest.mark.parametrize("role", [ApiTokenRole.MANAGERS, ApiTokenRole.INTEGRATORS, ApiTokenRole.MODERATORS])
def test_a_token_with_a_role_may_call_what_its_group_may(role):
    client = with_token(role=role)
    group_role = {value: key for key, value in GROUP_OF.items()}[role]
    refused = {op for op in sorted(ALLOWED) if call(client, *op).status_code == 403}
    assert refused == {op for op, roles in ALLOWED.items() if group_role not in roles}


def test_a_full_token_and_a_superuser_may_call_every_operation():
    superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
    for client in (with_token(), with_token(user=superuser)):
        statuses = {op: call(client, *op).status_code for op in sorted(ALLOWED)}
        assert {op: s for op, s in statuses.items() if s in (401, 403) or s >= 500} == {}


def test_a_plain_users_token_may_call_nothing_and_anonymous_is_401():
    plain = get_user_model().objects.create_user("plain", password=PASSWORD)
    token_client, anonymous = with_token(user=plain), APIClient()
    for op in sorted(ALLOWED):
        assert call(token_client, *op).status_code == 403, op
        assert call(anonymous, *op).status_code == 401, op


def test_a_moderator_cannot_rename_a_product_with_a_token_or_an_admin_session():
    product = ProductFactory(public_id="p1", short_name="Chair")
    moderator = get_user_model().objects.create_user("mod", password=PASSWORD, is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    session = APIClient()
    session.force_login(moderator)
    for client in (logged_in(MOD), session):
        response = client.patch("/api/lite/products", {"id": "p1", "shortName": "Renamed"}, format="json")
        assert response.status_code == 403
        assert response.json()["success"] is False
    product.refresh_from_db()
    assert product.short_name == "Chair"
