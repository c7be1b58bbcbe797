import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from integrations.imshop.models import LoyaltyAccount, PromoCode, PromoCodeUsage, Promotion
from integrations.imshop.promotions.services import record_promo_code_use, save_promotion
from tests.factories import CollectionFactory, ProductFactory, VariantFactory, VariantPriceFactory

KEY = "imshop-test-key"
URL = "/webhooks/imshop/cart"


@pytest.fixture
def imshop(settings, db):
    settings.IMSHOP_API_KEY = KEY
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {KEY}")
    return client


def offer(public_id, price, name="Товар", collections=()):
    """A product with one variant of the same id and a RETAIL price."""
    product = ProductFactory(public_id=public_id, short_name=name, variants=0)
    product.collections.set(collections)
    variant = VariantFactory(public_id=public_id, product=product)
    VariantPriceFactory(variant=variant, value=Decimal(price))
    return variant


def promotion(**data):
    defaults = {"scope": "CART", "value": Decimal(0), "priority": 0, "combinable": True, "active": True}
    return save_promotion(data={**defaults, **data})[0]


def item(variant_id, quantity=1, price=None, **extra):
    body = {"id": f"imshop-{variant_id}", "privateId": variant_id, "configurationId": variant_id, "quantity": quantity}
    if price is not None:
        body["price"] = price
    return body | extra


@pytest.fixture
def spec_catalog(db):
    offer("12345", 29990, "Apple iPad (2018) 64Gb Wi-Fi, серебристый")
    offer("22345", 8890, "Apple Pencil 1-го поколения")
    offer("32345", 2999, "Чехол Baseus для iPad 2018 черный")
    offer("42345", 1000, "Чехол Baseus для iPad 2018 коричневый")
    offer("87787", 1000, "Чехол Baseus для iPad 2018 черный")
    offer("1234567801", 500, "Кабель")
    promotion(public_id="dd76656711", name="Скидка 1000 рублей на Apple Pencil при покупе iPad", kind="FIXED",
              scope="PRODUCTS", value=Decimal(1000), product_ids=["22345"], required_product_ids=["12345"],
              priority=40)  # fmt: skip
    promotion(public_id="dd1218888", name="Чехол Baseus в подарок при покупке iPad и Apple Pencil", kind="PERCENT",
              scope="PRODUCTS", value=Decimal(100), product_ids=["32345"], required_product_ids=["12345", "22345"],
              priority=30)  # fmt: skip
    promotion(public_id="dd771086", name="Чехол в подарок", kind="GIFT", gifts=[{"id": "42345", "quantity": 2}],
              priority=20)  # fmt: skip
    promotion(public_id="dd771099", name="Подарок на выбор", kind="GIFT_CHOICE",
              gifts=[{"id": "87787", "quantity": 1}, {"id": "1234567801", "quantity": 3}], priority=10)  # fmt: skip
    LoyaltyAccount.objects.create(external_user_id="XXXXXXX", balance=Decimal(1990), earn_percent=Decimal(5))


def test_spec_cart_answers_the_spec_items_and_discounts(imshop, spec_catalog):
    request = {
        "city": "Москва", "cityKladr": "7700000000000", "fiasCode": "77000000000000000000000",
        "deliveryId": None, "paymentId": None,
        "items": [
            item("12345", 1, 29990, name="Apple iPad (2018) 64Gb Wi-Fi, серебристый", subtotal=29990),
            item("22345", 1, 8890, name="Apple Pencil 1-го поколения", subtotal=8890),
            item("32345", 1, 2999, name="Чехол Baseus для iPad 2018 черный", subtotal=2999),
            item("42345", 3, 1000, name="Чехол Baseus для iPad 2018 коричневый", subtotal=3000),
            item("87787", 1, 0, name="Чехол Baseus для iPad 2018 черный", appliedDiscounts=["dd771099"]),
        ],
        "externalUserId": "XXXXXXX", "promocode": "12345", "loyaltyCard": "12345",
    }  # fmt: skip

    response = imshop.post(URL, request, format="json")

    assert response.status_code == 200
    body = response.json()
    # The spec's items, with `subtotal` also on the two lines where the spec's example leaves it out.
    assert body["items"] == [
        {"name": "Apple iPad (2018) 64Gb Wi-Fi, серебристый", "id": "12345", "price": 29990, "discount": 0,
         "quantity": 1, "subtotal": 29990, "bonuses": {"canSpend": 1990}},
        {"name": "Apple Pencil 1-го поколения", "id": "22345", "price": 8890, "discount": 1000, "quantity": 1,
         "subtotal": 7890, "appliedDiscounts": ["dd76656711"], "bonuses": {"canSpend": 0}},
        {"name": "Чехол Baseus для iPad 2018 черный", "id": "32345", "price": 2999, "discount": 2999, "quantity": 1,
         "subtotal": 0, "appliedDiscounts": ["dd1218888"], "bonuses": {"canSpend": 0}},
        {"name": "Чехол Baseus для iPad 2018 коричневый", "id": "42345", "price": 1000, "discount": 2000,
         "quantity": 3, "subtotal": 1000, "gift": 2, "appliedDiscounts": ["dd771086"], "bonuses": {"canSpend": 0}},
        {"name": "Чехол Baseus для iPad 2018 черный", "id": "87787", "price": 1000, "discount": 1000, "quantity": 1,
         "subtotal": 0, "appliedDiscounts": ["dd771099"], "gift": 1, "bonuses": {"canSpend": 0}},
    ]  # fmt: skip
    assert body["dynamicDiscounts"] == [
        {"id": "dd76656711", "name": "Скидка 1000 рублей на Apple Pencil при покупе iPad"},
        {"id": "dd1218888", "name": "Чехол Baseus в подарок при покупке iPad и Apple Pencil"},
        {"id": "dd771086", "name": "Чехол в подарок", "gifts": [{"id": "42345", "quantity": 2}]},
        {"id": "dd771099", "name": "Подарок на выбор",
         "giftOptions": [{"id": "87787", "quantity": 1}, {"id": "1234567801", "quantity": 3}]},
    ]  # fmt: skip
    # The spec's totals (95000 / 1000) do not add up from its own items; ours do.
    assert body["appliedPromocode"] is None
    assert body["totalPrice"] == 29990 + 7890 + 0 + 1000 + 0
    assert body["discount"] == 1000 + 2999 + 2000 + 1000
    assert body["bonuses"] == {"canSpend": 1990, "willEarn": 1944}  # 5% of 38880, rounded down


def test_same_cart_gets_the_same_answer(imshop, spec_catalog):
    request = {"items": [item("12345"), item("22345"), item("42345", 3)], "externalUserId": "XXXXXXX"}

    first = imshop.post(URL, request, format="json").content
    second = imshop.post(URL, request, format="json").content

    assert first == second


def test_catalog_price_wins_over_the_request_and_unknown_offers_keep_theirs(imshop, db):
    offer("A", 100)

    body = imshop.post(URL, {"items": [item("A", 2, 1), item("ghost", 1, 55.5)]}, format="json").json()

    assert [(i["id"], i["price"], i["subtotal"]) for i in body["items"]] == [("A", 100, 200), ("ghost", 55.5, 55.5)]
    assert body["totalPrice"] == 255.5 and body["discount"] == 0 and body["dynamicDiscounts"] == []
    assert body["bonuses"] == {"canSpend": 0, "willEarn": 0}


def test_percent_discount_on_a_collection(imshop, db):
    shoes = CollectionFactory(public_id="shoes")
    offer("boot", 4999, collections=[shoes])
    offer("hat", 1000)
    promotion(public_id="shoes10", name="−10% на обувь", kind="PERCENT", scope="COLLECTIONS", value=Decimal(10),
              collection_ids=["shoes"])  # fmt: skip

    body = imshop.post(URL, {"items": [item("boot", 2), item("hat")]}, format="json").json()

    assert body["items"][0]["discount"] == 999.8 and body["items"][0]["appliedDiscounts"] == ["shoes10"]
    assert body["items"][1]["discount"] == 0 and "appliedDiscounts" not in body["items"][1]
    assert body["totalPrice"] == 9998 - 999.8 + 1000


def test_fixed_cart_discount_with_min_total(imshop, db):
    offer("a", 700)
    offer("b", 300)
    promotion(public_id="c500", name="−500 от 1000 ₽", kind="FIXED", value=Decimal(500), min_total=Decimal(1000))

    below = imshop.post(URL, {"items": [item("a")]}, format="json").json()
    above = imshop.post(URL, {"items": [item("a"), item("b")]}, format="json").json()

    assert below["discount"] == 0 and below["dynamicDiscounts"] == []
    assert [i["discount"] for i in above["items"]] == [350, 150]
    assert above["totalPrice"] == 500 and above["dynamicDiscounts"] == [{"id": "c500", "name": "−500 от 1000 ₽"}]


def test_three_for_two(imshop, db):
    offer("sock", 300)
    promotion(public_id="3x2", name="3 по цене 2", kind="N_FOR_M", scope="PRODUCTS", product_ids=["sock"],
              buy_quantity=3, pay_quantity=2)  # fmt: skip

    body = imshop.post(URL, {"items": [item("sock", 4)]}, format="json").json()

    assert body["items"][0] | {"name": None} == {
        "name": None, "id": "sock", "price": 300, "discount": 300, "quantity": 4, "subtotal": 900, "gift": 1,
        "appliedDiscounts": ["3x2"], "bonuses": {"canSpend": 0},
    }  # fmt: skip


def test_gift_not_yet_in_the_cart_is_offered(imshop, db):
    offer("phone", 50000)
    offer("case", 1000)
    promotion(public_id="gift", name="Чехол в подарок", kind="GIFT", scope="PRODUCTS", product_ids=["phone"],
              gifts=[{"id": "case", "quantity": 1}])  # fmt: skip

    body = imshop.post(URL, {"items": [item("phone")]}, format="json").json()

    assert body["dynamicDiscounts"] == [
        {"id": "gift", "name": "Чехол в подарок", "gifts": [{"id": "case", "quantity": 1}]}
    ]
    assert body["discount"] == 0


def test_chosen_gift_is_charged_again_when_its_promotion_no_longer_applies(imshop, db):
    offer("phone", 50000)
    offer("case", 1000)
    promotion(public_id="choice", name="Подарок на выбор", kind="GIFT_CHOICE", scope="PRODUCTS",
              product_ids=["phone"], gifts=[{"id": "case", "quantity": 1}])  # fmt: skip

    chosen = imshop.post(
        URL, {"items": [item("phone"), item("case", 1, 0, appliedDiscounts=["choice"])]}, format="json"
    ).json()
    phone_removed = imshop.post(URL, {"items": [item("case", 1, 0, appliedDiscounts=["choice"])]}, format="json").json()

    assert chosen["items"][1]["subtotal"] == 0 and chosen["items"][1]["appliedDiscounts"] == ["choice"]
    assert phone_removed["items"][0]["subtotal"] == 1000 and "appliedDiscounts" not in phone_removed["items"][0]


def test_dates_and_inactive_flag(imshop, db):
    offer("a", 1000)
    now = timezone.now()
    promotion(public_id="past", name="Прошла", kind="PERCENT", value=Decimal(10), ends_at=now - datetime.timedelta(1))
    promotion(public_id="future", name="Будет", kind="PERCENT", value=Decimal(10),
              starts_at=now + datetime.timedelta(1))  # fmt: skip
    promotion(public_id="off", name="Выключена", kind="PERCENT", value=Decimal(10), active=False)
    promotion(public_id="now", name="Идёт", kind="PERCENT", value=Decimal(5), starts_at=now - datetime.timedelta(1))

    body = imshop.post(URL, {"items": [item("a")]}, format="json").json()

    assert [d["id"] for d in body["dynamicDiscounts"]] == ["now"] and body["discount"] == 50


def test_non_combinable_promotion_with_higher_priority_wins_alone(imshop, db):
    offer("a", 1000)
    promotion(public_id="big", name="−30%", kind="PERCENT", value=Decimal(30), priority=10, combinable=False)
    promotion(public_id="small", name="−100", kind="FIXED", value=Decimal(100), priority=1)

    body = imshop.post(URL, {"items": [item("a")]}, format="json").json()

    assert [d["id"] for d in body["dynamicDiscounts"]] == ["big"] and body["totalPrice"] == 700


@pytest.fixture
def coded(db):
    offer("a", 1000)
    return promotion(
        public_id="code10", name="−10% по промокоду", kind="PERCENT", value=Decimal(10), promo_code_only=True,
        promo_codes=[{"code": "sale10", "max_uses": 2, "max_uses_per_customer": 1}],
    )  # fmt: skip


def test_promo_code_applies_its_promotion(imshop, coded):
    without = imshop.post(URL, {"items": [item("a")]}, format="json").json()
    with_code = imshop.post(URL, {"items": [item("a")], "promocode": " Sale10 "}, format="json").json()

    assert without["discount"] == 0 and without["appliedPromocode"] is None
    assert with_code["discount"] == 100 and with_code["appliedPromocode"] == "SALE10"
    assert with_code["items"][0]["appliedDiscounts"] == ["code10"]


def test_promo_code_limits_per_customer_and_in_total(imshop, coded):
    record_promo_code_use(code="SALE10", customer="u1")

    same_customer = imshop.post(
        URL, {"items": [item("a")], "promocode": "SALE10", "externalUserId": "u1"}, format="json"
    )
    other_customer = imshop.post(
        URL, {"items": [item("a")], "promocode": "SALE10", "externalUserId": "u2"}, format="json"
    )
    record_promo_code_use(code="SALE10", customer="u3")
    exhausted = imshop.post(URL, {"items": [item("a")], "promocode": "SALE10", "externalUserId": "u2"}, format="json")

    assert same_customer.json()["appliedPromocode"] is None and same_customer.json()["discount"] == 0
    assert other_customer.json()["appliedPromocode"] == "SALE10"
    assert exhausted.json()["appliedPromocode"] is None


def test_expired_or_unknown_promo_code_is_not_applied(imshop, coded):
    PromoCode.objects.filter(code="SALE10").update(ends_at=timezone.now() - datetime.timedelta(minutes=1))

    expired = imshop.post(URL, {"items": [item("a")], "promocode": "SALE10"}, format="json").json()
    unknown = imshop.post(URL, {"items": [item("a")], "promocode": "NOPE"}, format="json").json()

    assert expired["appliedPromocode"] is None and expired["discount"] == 0
    assert unknown["appliedPromocode"] is None


def test_promo_code_whose_conditions_fail_answers_null(imshop, coded):
    Promotion.objects.filter(public_id="code10").update(min_total=Decimal(5000))

    body = imshop.post(URL, {"items": [item("a")], "promocode": "SALE10"}, format="json").json()

    assert body["appliedPromocode"] is None and body["discount"] == 0


def test_loyalty_card_gives_bonuses_for_anonymous_orders(imshop, db):
    offer("a", 1000)
    offer("b", 2000)
    promotion(public_id="b5", name="−5% на b", kind="PERCENT", scope="PRODUCTS", product_ids=["b"], value=Decimal(5),
              allow_bonus_spend=True)  # fmt: skip
    LoyaltyAccount.objects.create(card_number="CARD-1", balance=Decimal("5000"), earn_percent=Decimal("2"),
                                  spend_max_percent=Decimal("30"))  # fmt: skip

    body = imshop.post(URL, {"items": [item("a"), item("b")], "loyaltyCard": "CARD-1"}, format="json").json()

    assert [i["bonuses"] for i in body["items"]] == [{"canSpend": 300}, {"canSpend": 570}]
    assert body["bonuses"] == {"canSpend": 870, "willEarn": 58}  # 2% of 2900


def test_cart_costs_a_constant_number_of_queries(imshop, spec_catalog, django_assert_max_num_queries):
    items = [item("12345"), item("22345"), item("42345", 3)] + [item(f"ghost{n}", 1, 10) for n in range(40)]

    # variants, prices, collections, loyalty account, promotions + 3 prefetches, the promo code
    with django_assert_max_num_queries(9):
        response = imshop.post(URL, {"items": items, "externalUserId": "XXXXXXX", "promocode": "X"}, format="json")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "items, message",
    [
        (None, "items"),
        ([{"privateId": "a", "quantity": "2"}], "items[0].quantity: ожидается число, а не строка"),
        ([{"privateId": "a", "quantity": -1}], "items[0].quantity"),
        ([{"privateId": "a", "quantity": 0}], "items[0].quantity"),
        ([{"privateId": "a"}], "items[0].quantity"),
        ([{"privateId": "a", "quantity": 1, "price": -5}], "items[0].price"),
        ([{"quantity": 1}], "items[0]: нужен идентификатор товара"),
        ("abc", "items"),
    ],
)
def test_malformed_cart_is_400_and_changes_nothing(imshop, coded, items, message):
    record_promo_code_use(code="SALE10", customer="u1")
    account = LoyaltyAccount.objects.create(external_user_id="u1", balance=Decimal(100))
    body = {"promocode": "SALE10", "externalUserId": "u1"}
    if items is not None:
        body["items"] = items

    response = imshop.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["errors"][0]["message"].startswith(message)
    assert PromoCodeUsage.objects.count() == 1
    account.refresh_from_db()
    assert account.balance == 100


def test_unknown_offer_without_price_is_400(imshop, db):
    response = imshop.post(URL, {"items": [item("ghost")]}, format="json")

    assert response.status_code == 400
    assert "ghost" in response.json()["errors"][0]["message"]


def test_cart_wrong_key_is_401(settings, db):
    settings.IMSHOP_API_KEY = KEY

    response = APIClient().post(URL, {"key": "nope", "items": []}, format="json")

    assert response.status_code == 401


def test_long_junk_promo_code_is_just_not_applied(imshop, db):
    offer("a", 100)

    response = imshop.post(URL, {"items": [item("a")], "promocode": "Я" * 200}, format="json")

    assert response.status_code == 200 and response.json()["appliedPromocode"] is None


@pytest.mark.parametrize("code", ["X" * 65, "Й" * 300, "x" * 5000])
def test_a_promo_code_of_any_length_is_just_not_applied(imshop, code):
    offer("A", 100)

    response = imshop.post(URL, {"items": [item("A")], "promocode": code}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["appliedPromocode"] is None
    assert body["items"][0]["price"] == 100
