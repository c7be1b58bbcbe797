"""IMSHOP webhooks: POST JSON, authenticated with the shop's API key (see auth.py).

Errors use the project's envelope `{"success": false, "errors": [{"code": 0, "message": "..."}]}` for every
failure: 400 bad input (malformed JSON included), 401 bad or missing key, 404 unknown pickup point, 405 wrong
method, 415 not JSON, 503 no key configured, 500 only for a bug.
"""

from typing import TypedDict

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response

from config.api.inputs import validated
from config.api.parsers import SafeJSONParser
from config.api.renderers import CactusJSONRenderer
from config.api.shapes import Success, component
from config.api.views import BaseAPIView

from ..promotions.services import CartCalculation, CartItem, calculate_cart
from ..services import pickup_info, stock_availability
from ..shapes import (
    ImshopAvailabilityOut,
    ImshopCartItem,
    ImshopCartOut,
    ImshopDynamicDiscount,
    ImshopGift,
    ImshopPickupOut,
)
from .auth import check_webhook_key
from .serializers import AvailabilityIn, CartIn, PickupPointIn


class WebhookView(BaseAPIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [SafeJSONParser]
    renderer_classes = [CactusJSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_webhook_key(request)

    def get_authenticate_header(self, request):
        return 'Bearer realm="imshop"'

    def parse(self, serializer_class):
        return validated(serializer_class, self.request.data)


class ImshopErrorItem(TypedDict):
    code: int
    message: str


class ImshopError(Success):
    """Every failure (written by config.api.errors.error_body): `{"success": false, "errors": [...]}`."""

    errors: list[ImshopErrorItem]


ERROR = component(ImshopError)


class AvailabilityWebhook(WebhookView):
    @extend_schema(
        summary="IMSHOP: stock of offers in the stores and warehouses serving a city",
        request=AvailabilityIn,
        responses={200: component(ImshopAvailabilityOut), 400: ERROR, 401: ERROR, 503: ERROR},
        tags=["imshop"],
    )
    def post(self, request):
        data = self.parse(AvailabilityIn)
        return Response(
            stock_availability(
                city=data["city"],
                configuration_ids=data["configuration_ids"],
                warehouse_code=data.get("warehouse_code") or None,
            )
        )


class PickupPointWebhook(WebhookView):
    @extend_schema(
        summary="IMSHOP: one pickup point with per-item quantities and delivery date/time intervals",
        request=PickupPointIn,
        responses={200: component(ImshopPickupOut), 400: ERROR, 401: ERROR, 404: ERROR, 503: ERROR},
        tags=["imshop"],
    )
    def post(self, request):
        data = self.parse(PickupPointIn)
        items = [(item["id"], item["quantity"]) for item in data.get("items", [])]
        return Response(pickup_info(location_id=data["location_id"], items=items, today=timezone.localdate()))


class CartWebhook(WebhookView):
    @extend_schema(
        summary="IMSHOP: cart recalculation with promotions, promo code, gifts and loyalty bonuses",
        request=CartIn,
        responses={200: component(ImshopCartOut), 400: ERROR, 401: ERROR, 503: ERROR},
        tags=["imshop"],
    )
    def post(self, request):
        data = self.parse(CartIn)
        items = [
            CartItem(
                variant_id=item["variant_id"],
                quantity=item["quantity"],
                price=item.get("price"),
                name=item.get("name") or "",
                applied_discounts=tuple(item.get("applied_discounts") or ()),
            )
            for item in data["items"]
        ]
        calculation = calculate_cart(
            items=items,
            promocode=data.get("promocode"),
            external_user_id=data.get("external_user_id") or None,
            loyalty_card=data.get("loyalty_card") or data.get("loyalty_cart") or None,
        )
        return Response(cart_document(calculation))


def cart_document(calculation: CartCalculation) -> ImshopCartOut:
    result = calculation.result
    items: list[ImshopCartItem] = []
    for line, name in zip(result.lines, calculation.names, strict=True):
        # The optional keys follow the required ones (JSON objects are unordered).
        item = ImshopCartItem(
            name=name,
            id=line.line.variant_id,
            price=line.line.price,
            discount=line.discount,
            quantity=line.line.quantity,
            subtotal=line.subtotal,
            bonuses={"canSpend": line.can_spend},
        )
        if line.gift:
            item["gift"] = line.gift
        if line.applied:
            item["appliedDiscounts"] = list(line.applied)
        items.append(item)
    discounts: list[ImshopDynamicDiscount] = []
    for rule in result.rules:
        entry = ImshopDynamicDiscount(id=rule.id, name=rule.name)
        gifts = [ImshopGift(id=g.variant_id, quantity=g.quantity) for g in rule.gifts]
        if rule.kind == "GIFT":
            entry["gifts"] = gifts
        elif rule.kind == "GIFT_CHOICE":
            entry["giftOptions"] = gifts
        discounts.append(entry)
    return ImshopCartOut(
        totalPrice=result.total,
        appliedPromocode=result.applied_promocode,
        discount=result.discount,
        items=items,
        dynamicDiscounts=discounts,
        bonuses={"canSpend": result.bonuses_can_spend, "willEarn": result.will_earn},
    )
