import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from catalog.models import FilterBlock, HistoryEvent, Product, Variant
from config.api.models import ApiToken, hash_token
from inventory.models import StockLevel

pytestmark = pytest.mark.django_db


def test_demo_catalog_loads_once_and_prints_a_working_token_each_run(capsys, client):
    call_command("load_demo_catalog")
    first = capsys.readouterr().out.strip().splitlines()[-1]
    call_command("load_demo_catalog")
    second = capsys.readouterr().out.strip().splitlines()[-1]

    assert Product.objects.count() == 12
    assert Variant.objects.filter(product__public_id__startswith="demo").count() == Variant.objects.count() >= 12
    assert StockLevel.objects.filter(total__gt=0).exists()
    assert HistoryEvent.objects.count() == 12
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1
    assert first != second
    assert ApiToken.objects.filter(key_hash__in=[hash_token(first), hash_token(second)]).count() == 2
    assert FilterBlock.objects.filter(mode="CLIENT").exists()
    response = client.get("/api/lite/products?size=1", HTTP_AUTHORIZATION=f"Bearer {second}")
    assert response.status_code == 200 and response.json()["recordsTotal"] == 12
