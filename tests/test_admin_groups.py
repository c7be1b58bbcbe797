"""Each admin role group (data migrations api.0002 and reviews.0002) can do what its people need and
nothing more: a staff user in only that group opens the pages of its work (200), is refused the rest
(403), and the admin index lists only its apps."""

import pytest
from django.contrib.auth.models import Group, User

from catalog.models import Product
from config.api.models import ApiToken
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    product = ProductFactory(variants=1)
    variant = product.variants.get()
    warehouse = WarehouseFactory()
    stock = StockLevelFactory(variant=variant, warehouse=warehouse)
    review = ReviewFactory(product=product)
    token, _ = ApiToken.issue(name="an integration")
    return {
        "product": product,
        "variant": variant,
        "warehouse": warehouse,
        "stock": stock,
        "review": review,
        "token": token,
    }


def member_of(client, group_name):
    user = User.objects.create_user(f"u-{group_name}", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return user


def assert_pages(client, *, opens: list[str], refused: list[str]):
    for url in opens:
        assert client.get(url).status_code == 200, url
    for url in refused:
        assert client.get(url).status_code == 403, url


def index_apps(client) -> set[str]:
    response = client.get("/admin/")
    assert response.status_code == 200
    return {app["app_label"] for app in response.context["app_list"]}


# Pages outside every group: users, groups, Celery schedules' other models (superusers only).
SUPERUSER_ONLY = ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]


def test_managers_edit_catalog_and_stock_but_not_people_tokens_or_integrations(client, objects):
    member_of(client, "Managers")
    p, v, w, s = objects["product"].pk, objects["variant"].pk, objects["warehouse"].pk, objects["stock"].pk
    opens = [
        "/admin/catalog/product/",
        f"/admin/catalog/product/{p}/change/",
        "/admin/catalog/product/add/",
        f"/admin/catalog/variant/{v}/change/",
        "/admin/catalog/attribute/add/",
        "/admin/catalog/collection/",
        "/admin/catalog/importjob/",
        "/admin/catalog/product/import/",
        "/admin/catalog/product/export/",
        "/admin/inventory/warehouse/",
        f"/admin/inventory/warehouse/{w}/change/",
        f"/admin/inventory/stocklevel/{s}/change/",
        "/admin/inventory/stockmovement/",
        "/admin/reviews/review/",
        "/admin/imshop/promotion/add/",
    ]
    refused = [
        *SUPERUSER_ONLY,
        "/admin/api/apitoken/",
        f"/admin/api/apitoken/{objects['token'].pk}/change/",
        "/admin/wms/outboxentry/",
        "/admin/yandex_eats/yandexclient/",
        "/admin/imshop/pickuppoint/add/",
        "/admin/django_celery_beat/periodictask/",
    ]
    assert_pages(client, opens=opens, refused=refused)
    # Reviews are the moderators' work: a manager reads them but cannot change one.
    review_page = client.get(f"/admin/reviews/review/{objects['review'].pk}/change/")
    assert review_page.status_code == 200 and not review_page.context["has_change_permission"]
    assert index_apps(client) == {"catalog", "inventory", "reviews", "imshop"}


def test_moderators_only_moderate_reviews(client, objects):
    member_of(client, "Moderators")
    opens = ["/admin/reviews/review/"]
    review_page = client.get(f"/admin/reviews/review/{objects['review'].pk}/change/")
    assert review_page.status_code == 200 and review_page.context["has_change_permission"]
    refused = [
        *SUPERUSER_ONLY,
        "/admin/catalog/product/",
        f"/admin/catalog/product/{objects['product'].pk}/change/",
        "/admin/inventory/stocklevel/",
        "/admin/api/apitoken/",
        "/admin/wms/outboxentry/",
    ]
    assert_pages(client, opens=opens, refused=refused)
    assert index_apps(client) == {"reviews"}


def test_integrators_run_connections_and_tokens_but_do_not_edit_the_catalog(client, objects):
    member_of(client, "Integrators")
    p, w = objects["product"].pk, objects["warehouse"].pk
    opens = [
        "/admin/api/apitoken/",
        "/admin/api/apitoken/add/",
        f"/admin/api/apitoken/{objects['token'].pk}/change/",
        "/admin/wms/variantsyncstate/",
        "/admin/wms/outboxentry/",
        "/admin/wms/wmscall/",
        "/admin/wms/warehousecategory/",
        "/admin/imshop/pickuppoint/add/",
        "/admin/yandex_eats/yandexclient/add/",
        "/admin/yandex_eats/yandexplace/",
        "/admin/inventory/warehouse/",
        "/admin/django_celery_beat/periodictask/",
        "/admin/catalog/product/",
    ]
    refused = [
        *SUPERUSER_ONLY,
        "/admin/catalog/product/add/",
        "/admin/catalog/attribute/add/",
        "/admin/inventory/warehouse/add/",
        "/admin/inventory/stocklevel/",
        "/admin/reviews/review/",
        "/admin/imshop/promotion/",
    ]
    assert_pages(client, opens=opens, refused=refused)
    # Products and warehouses are shown read-only: the change page has no save, a POST is refused.
    page = client.get(f"/admin/catalog/product/{p}/change/")
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(f"/admin/catalog/product/{p}/change/", {"short_name": "renamed"}).status_code == 403
    assert client.post(f"/admin/inventory/warehouse/{w}/change/", {"name": "renamed"}).status_code == 403
    assert Product.objects.get(pk=p).short_name == objects["product"].short_name
    assert index_apps(client) == {
        "api",
        "wms",
        "imshop",
        "yandex_eats",
        "inventory",
        "catalog",
        "django_celery_beat",
        "axes",
    }


def test_integrators_see_and_clear_login_lockouts_and_see_each_tokens_role(client, objects):
    from axes.models import AccessAttempt

    member_of(client, "Integrators")
    locked = AccessAttempt.objects.create(
        username="manager", ip_address="203.0.113.7", user_agent="x", failures_since_start=9
    )
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "203.0.113.7" in listing.content.decode()
    assert client.get("/admin/axes/accessfailurelog/").status_code == 200
    # Clearing a lockout is deleting its access attempt.
    response = client.post(f"/admin/axes/accessattempt/{locked.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not AccessAttempt.objects.exists()

    # The token list says what each token may do.
    ApiToken.issue(name="wms bridge", role="Integrators")
    tokens = client.get("/admin/api/apitoken/").content.decode()
    [row] = [row for row in tokens.split("<tr") if "wms bridge" in row]
    assert 'class="field-role_shown">Интеграторы<' in row


def test_managers_and_moderators_do_not_see_lockouts(client):
    for group in ("Managers", "Moderators"):
        member_of(client, group)
        assert client.get("/admin/axes/accessattempt/").status_code == 403, group


def test_no_group_may_administer_people_or_groups():
    for group in Group.objects.filter(name__in=["Managers", "Moderators", "Integrators"]):
        apps = set(group.permissions.values_list("content_type__app_label", flat=True))
        assert apps and not apps & {"auth", "admin", "contenttypes", "sessions"}, group.name
