"""Input shapes of the IMSHOP webhooks and of the pickup point / promotion API (camelCase lives only here)."""

from decimal import Decimal

from rest_framework import serializers

from config.api.fields import IdField
from config.kernel.ranges import integer_bounds

from ..promotions.models import PromoCode, Promotion

MAX_IDS = 1000
MAX_ITEMS = 500


class StrictDecimalField(serializers.DecimalField):
    """A JSON number only: "2" (a string) or true is refused, where DRF's DecimalField would accept them."""

    default_error_messages = {"not_a_number": "ожидается число, а не {kind}"}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 3)
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | Decimal):
            self.fail("not_a_number", kind="строка" if isinstance(data, str) else type(data).__name__)
        return super().to_internal_value(Decimal(str(data)))


# --- webhooks ----------------------------------------------------------------------------------------------


class WebhookIdField(IdField):
    """An id in an IMSHOP webhook body: never trimmed (surrounding space refused), but the public-id pattern
    is not imposed on IMSHOP's data: an id we do not know answers "not available", not a 400 for the cart."""

    def __init__(self, **kwargs):
        super().__init__(pattern=False, **kwargs)


class AvailabilityIn(serializers.Serializer):
    city = serializers.CharField(max_length=255, allow_blank=True)
    configurationIds = serializers.ListField(child=WebhookIdField(), max_length=MAX_IDS, source="configuration_ids")
    warehouseId = WebhookIdField(required=False, allow_null=True, allow_blank=True, source="warehouse_code")


class PickupItemIn(serializers.Serializer):
    id = WebhookIdField()
    quantity = StrictDecimalField(min_value=Decimal(0))


class PickupPointIn(serializers.Serializer):
    locationId = WebhookIdField(source="location_id")
    items = PickupItemIn(many=True, required=False, max_length=MAX_ITEMS)
    address = serializers.JSONField(required=False, allow_null=True)
    deliveryId = serializers.CharField(required=False, allow_null=True, allow_blank=True, source="delivery_id")


class CartItemIn(serializers.Serializer):
    id = WebhookIdField(required=False, allow_null=True, allow_blank=True)
    privateId = WebhookIdField(required=False, allow_null=True, allow_blank=True, source="private_id")
    configurationId = WebhookIdField(required=False, allow_null=True, allow_blank=True, source="configuration_id")
    name = serializers.CharField(max_length=500, required=False, allow_null=True, allow_blank=True)
    price = StrictDecimalField(decimal_places=2, min_value=Decimal(0), required=False, allow_null=True)
    quantity = StrictDecimalField(min_value=Decimal("0.001"))
    subtotal = StrictDecimalField(decimal_places=2, required=False, allow_null=True)
    appliedDiscounts = serializers.ListField(
        child=WebhookIdField(), required=False, allow_null=True, max_length=50, source="applied_discounts"
    )

    def validate(self, attrs):
        attrs["variant_id"] = attrs.get("private_id") or attrs.get("configuration_id") or attrs.get("id")
        if not attrs["variant_id"]:
            raise serializers.ValidationError("нужен идентификатор товара: privateId, configurationId или id")
        return attrs


class CartIn(serializers.Serializer):
    items = CartItemIn(many=True, max_length=MAX_ITEMS)
    city = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    cityKladr = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    fiasCode = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    deliveryId = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    paymentId = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    externalUserId = serializers.CharField(
        max_length=255, required=False, allow_null=True, allow_blank=True, source="external_user_id"
    )
    # Any string is a code that may not apply: a long or mistyped code is simply not applied
    # (appliedPromocode: null), never an error for the buyer, so there is no length limit here.
    promocode = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    loyaltyCard = serializers.CharField(
        max_length=255, required=False, allow_null=True, allow_blank=True, source="loyalty_card"
    )
    # The spec's field list spells it "loyaltyCart"; accepted as well.
    loyaltyCart = serializers.CharField(
        max_length=255, required=False, allow_null=True, allow_blank=True, source="loyalty_cart"
    )


# --- /api/lite/pickup_points -------------------------------------------------------------------------------


class TimeSlotIn(serializers.Serializer):
    time_re = r"^([01]\d|2[0-3]):[0-5]\d$"
    # "from" is a Python keyword: declared below.
    to = serializers.RegexField(time_re, error_messages={"invalid": "время в формате ЧЧ:ММ"})
    price = StrictDecimalField(decimal_places=2, min_value=Decimal(0), required=False, allow_null=True)

    def validate(self, attrs):
        if attrs["from"] >= attrs["to"]:
            raise serializers.ValidationError("начало интервала должно быть раньше конца")
        slot = {"from": attrs["from"], "to": attrs["to"]}
        price = attrs.get("price")
        if price is not None:
            slot["price"] = int(price) if price == int(price) else float(price)
        return slot


TimeSlotIn._declared_fields["from"] = serializers.RegexField(
    TimeSlotIn.time_re, error_messages={"invalid": "время в формате ЧЧ:ММ"}
)


class PickupPointSaveIn(serializers.Serializer):
    locationId = IdField(source="location_id")
    title = serializers.CharField(max_length=255, required=False)  # required to create: PickupPointsView
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                   min_value=Decimal(-90), max_value=Decimal(90))  # fmt: skip
    lon = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                   min_value=Decimal(-180), max_value=Decimal(180))  # fmt: skip
    locationDescription = serializers.CharField(required=False, allow_blank=True, source="location_description")
    timetable = serializers.CharField(max_length=500, required=False, allow_blank=True)
    images = serializers.ListField(child=serializers.URLField(max_length=1000), required=False, max_length=50)
    price = StrictDecimalField(decimal_places=2, min_value=Decimal(0), required=False, allow_null=True)
    priceDescription = serializers.CharField(
        max_length=255, required=False, allow_blank=True, source="price_description"
    )
    deliveryTerm = serializers.CharField(max_length=255, required=False, allow_blank=True, source="delivery_term")
    warehouseId = IdField(required=False, allow_null=True, allow_blank=True, source="warehouse_code")
    workDays = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7), required=False, max_length=7, source="work_days"
    )
    leadDays = serializers.IntegerField(min_value=0, max_value=365, required=False, source="lead_days")
    daysAhead = serializers.IntegerField(min_value=0, max_value=60, required=False, source="days_ahead")
    timeSlots = TimeSlotIn(many=True, required=False, max_length=48, source="time_slots")
    active = serializers.BooleanField(required=False)

    def validate_workDays(self, value):
        return sorted(set(value))


# --- /api/lite/promotions ----------------------------------------------------------------------------------


class GiftIn(serializers.Serializer):
    id = IdField()
    quantity = StrictDecimalField(min_value=Decimal("0.001"))


class PromoCodeIn(serializers.Serializer):
    code = serializers.RegexField(
        r"[0-9A-Za-z_-]{1,64}\Z", trim_whitespace=False, error_messages={"invalid": "латинские буквы, цифры, - и _"}
    )
    startsAt = serializers.DateTimeField(required=False, allow_null=True, source="starts_at")
    endsAt = serializers.DateTimeField(required=False, allow_null=True, source="ends_at")
    maxUses = serializers.IntegerField(
        required=False, allow_null=True, **integer_bounds(PromoCode, "max_uses"), source="max_uses"
    )
    maxUsesPerCustomer = serializers.IntegerField(
        required=False,
        allow_null=True,
        **integer_bounds(PromoCode, "max_uses_per_customer"),
        source="max_uses_per_customer",
    )
    active = serializers.BooleanField(required=False, default=True)


class PromotionIn(serializers.Serializer):
    id = IdField(source="public_id")
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=Promotion.Kind.choices)
    scope = serializers.ChoiceField(choices=Promotion.Scope.choices, required=False, default=Promotion.Scope.CART)
    value = StrictDecimalField(decimal_places=2, required=False, default=Decimal(0))
    productIds = serializers.ListField(child=IdField(), required=False, max_length=1000, source="product_ids")
    collectionIds = serializers.ListField(child=IdField(), required=False, max_length=1000, source="collection_ids")
    requiredProductIds = serializers.ListField(
        child=IdField(), required=False, max_length=100, source="required_product_ids"
    )
    minTotal = StrictDecimalField(decimal_places=2, min_value=Decimal(0), required=False, allow_null=True,
                                  source="min_total")  # fmt: skip
    minQuantity = StrictDecimalField(min_value=Decimal(0), required=False, allow_null=True, source="min_quantity")
    buyQuantity = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0,
                                           source="buy_quantity")  # fmt: skip
    payQuantity = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0,
                                           source="pay_quantity")  # fmt: skip
    gifts = GiftIn(many=True, required=False, max_length=100)
    startsAt = serializers.DateTimeField(required=False, allow_null=True, source="starts_at")
    endsAt = serializers.DateTimeField(required=False, allow_null=True, source="ends_at")
    priority = serializers.IntegerField(required=False, default=0, min_value=-100000, max_value=100000)
    combinable = serializers.BooleanField(required=False, default=True)
    allowBonusSpend = serializers.BooleanField(required=False, default=False, source="allow_bonus_spend")
    promoCodeOnly = serializers.BooleanField(required=False, default=False, source="promo_code_only")
    active = serializers.BooleanField(required=False, default=True)
    promoCodes = PromoCodeIn(many=True, required=False, max_length=1000, source="promo_codes")
