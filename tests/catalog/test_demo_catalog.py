import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from catalog.models import FilterBlock, HistoryEvent, Product, Variant
from config.api.models import ApiToken, hash_token
from inventory.models import StockLevel

pytestmark = pytest.mark.django_db


def _printed_block(out):
    """The sign-in block printed last: {label: value} from the lines between the two rules."""
    lines = out.strip().splitlines()
    assert set(lines[-1]) == {"="}, "the block is the last thing printed"
    start = len(lines) - 2 - lines[-2::-1].index(lines[-1])
    return {label: value.strip() for label, value in (line.split(":", 1) for line in lines[start + 1 : -1])}


def _token(out):
    return _printed_block(out)["API token"].split()[0]


def test_make_run_prints_admin_login_token_and_webhook_key_last_in_one_block(capsys, settings):
    settings.IMSHOP_API_KEY = "dev-imshop-key"
    call_command("load_demo_catalog", url="http://127.0.0.1:8000")
    block = _printed_block(capsys.readouterr().out)
    assert list(block) == ["Admin", "API token", "IMSHOP webhook key"]
    assert block["Admin"].startswith("http://127.0.0.1:8000/admin/") and "admin / admin" in block["Admin"]
    assert ApiToken.objects.filter(key_hash=hash_token(block["API token"].split()[0])).exists()
    assert block["IMSHOP webhook key"].startswith("dev-imshop-key")


def test_demo_catalog_loads_once_and_prints_a_working_token_each_run(capsys, client):
    call_command("load_demo_catalog")
    first = _token(capsys.readouterr().out)
    call_command("load_demo_catalog")
    second = _token(capsys.readouterr().out)

    assert Product.objects.count() == 18
    assert Variant.objects.count() >= 18
    assert StockLevel.objects.filter(total__gt=0).exists()
    assert HistoryEvent.objects.count() == 18
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1
    assert first != second
    assert ApiToken.objects.filter(key_hash__in=[hash_token(first), hash_token(second)]).count() == 2
    assert FilterBlock.objects.filter(mode="CLIENT").exists()
    response = client.get("/api/lite/products?size=1", HTTP_AUTHORIZATION=f"Bearer {second}")
    assert response.status_code == 200 and response.json()["recordsTotal"] == 18


def test_the_spec_examples_can_be_replayed_on_the_demo_catalog(api):
    """The spec's own request examples name collections, eshops, accounting attributes and products:
    the demo catalog has them, so a Cactus client's examples work on a fresh `make run`."""
    call_command("load_demo_catalog")
    product_example = {
        "id": "1015",
        "extId": "FAQ-D-000112",
        "shortName": "Limited Edition Паста (помада) для укладки волос Bro Cosmetics",
        "collections": ["1029", "1031"],
        "attributes": [{"code": "material", "stringValue": "Хлопок 97%, эластан 3%"}],
        "accountingAttributes": [{"code": "chestnyznak", "stringValue": "11111"}],
        "eshopSettings": [
            {"eshopId": "e4a1920d-f154-7284-bad4-a7b9546032fe", "enabled": True, "extId": "product-ext-id-for-beru"}
        ],
    }

    assert api.post("/api/lite/products", product_example, format="json").json() == {"success": True, "id": "1015"}
    assert api.post("/api/lite/products/copy", {"id": "1234"}, format="json").json()["success"] is True
    batch = api.patch(
        "/api/lite/products/variants/batch",
        {"variantsToUpdate": [{"weight": 233, "productId": "demo1013", "variantId": "demo1031", "extId": "11012"}]},
        format="json",
    ).json()
    assert batch["variantsResult"][0]["success"] is True
    assert api.get("/api/lite/products?id=1000").json()["products"][0]["variants"][0]["id"] == "1000"
