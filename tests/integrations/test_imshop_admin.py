import pytest

from integrations.imshop.models import PickupPoint, Promotion
from tests.factories import VariantFactory

PROMOTION_FORM = {
    "public_id": "gift1", "name": "Подарок", "kind": "GIFT", "scope": "CART", "value": "0", "buy_quantity": "0",
    "pay_quantity": "0", "gifts": '[{"id": "case", "quantity": 1}]', "priority": "0", "combinable": "on",
    "active": "on", "promo_codes-TOTAL_FORMS": "1", "promo_codes-INITIAL_FORMS": "0",
    "promo_codes-0-code": " spring ", "promo_codes-0-active": "on",
}  # fmt: skip


@pytest.mark.parametrize("model", ["pickuppoint", "promotion", "promocodeusage", "loyaltyaccount"])
def test_admin_pages_open(admin_client, model):
    assert admin_client.get(f"/admin/imshop/{model}/").status_code == 200
    assert admin_client.get(f"/admin/imshop/{model}/add/").status_code == 200


def test_admin_saves_a_gift_promotion_with_an_upper_cased_code(admin_client):
    VariantFactory(public_id="case")

    response = admin_client.post("/admin/imshop/promotion/add/", PROMOTION_FORM)

    assert response.status_code == 302
    promotion = Promotion.objects.get()
    assert promotion.gifts == [{"id": "case", "quantity": 1}]
    assert [c.code for c in promotion.promo_codes.all()] == ["SPRING"]


@pytest.mark.parametrize(
    "patch",
    [
        {"gifts": '[{"id": "ghost", "quantity": 1}]'},
        {"gifts": '[{"id": "case", "quantity": -1}]'},
        {"gifts": '{"id": "case"}'},
        {"gifts": "[]"},
        {"kind": "PERCENT", "value": "120"},
        {"kind": "N_FOR_M", "buy_quantity": "2", "pay_quantity": "3"},
        {"scope": "PRODUCTS"},
    ],
)
def test_admin_refuses_a_promotion_the_engine_could_not_use(admin_client, patch):
    VariantFactory(public_id="case")

    response = admin_client.post("/admin/imshop/promotion/add/", PROMOTION_FORM | patch)

    assert response.status_code == 200  # the form again, with errors
    assert not Promotion.objects.exists()


@pytest.mark.parametrize(
    "patch",
    [{"time_slots": '[{"from": "14:00", "to": "10:00"}]'}, {"work_days": "[0, 8]"}, {"images": '"x"'}],
)
def test_admin_refuses_a_broken_pickup_schedule(admin_client, patch):
    form = {"location_id": "P1", "title": "ПВЗ", "images": "[]", "work_days": "[1]", "lead_days": "1",
            "days_ahead": "7", "time_slots": "[]", "active": "on"}  # fmt: skip

    ok = admin_client.post("/admin/imshop/pickuppoint/add/", form)
    assert ok.status_code == 302
    PickupPoint.objects.all().delete()
    response = admin_client.post("/admin/imshop/pickuppoint/add/", form | patch)

    assert response.status_code == 200
    assert not PickupPoint.objects.exists()
