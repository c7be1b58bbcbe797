"""Cactus-style private API (`/api/lite/...`, token required) for pickup points and promotions."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers

from config.api.answers import ok
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.views import PrivateAPIView
from config.kernel.params import parse_page

from ..models import PickupPoint, Promotion
from ..promotions.services import save_promotion
from ..services import pickup_point_document, save_pickup_point
from .serializers import PickupPointSaveIn, PromotionIn


class PickupPointsView(PrivateAPIView):
    required_permissions = {
        "GET": needs("imshop.pickuppoint", "view"),
        "POST": needs("imshop.pickuppoint", "add", "change"),
    }

    @extend_schema(
        summary="List pickup points (ПВЗ)",
        responses=inline_serializer(
            "PickupPointList",
            {
                "success": serializers.BooleanField(),
                "recordsTotal": serializers.IntegerField(),
                "pickupPoints": serializers.ListField(child=serializers.DictField()),
            },
        ),
        tags=["imshop"],
    )
    def get(self, request):
        page = parse_page(request.query_params, default_size=100, max_size=1000)
        queryset = PickupPoint.objects.select_related("warehouse").order_by("location_id")
        return ok(
            {
                "recordsTotal": queryset.count(),
                "pickupPoints": [pickup_point_document(p) for p in page.slice(queryset)],
            }
        )

    @extend_schema(
        summary="Create or update a pickup point by locationId",
        request=PickupPointSaveIn,
        responses=inline_serializer(
            "PickupPointSaved",
            {
                "success": serializers.BooleanField(),
                "id": serializers.CharField(),
                "pickupPoint": serializers.DictField(),
            },
        ),
        tags=["imshop"],
    )
    def post(self, request):
        body = validated(PickupPointSaveIn, request.data)
        point, _ = save_pickup_point(data=body)
        return ok({"id": point.location_id, "pickupPoint": pickup_point_document(point)})


def promotion_document(promotion: Promotion) -> dict:
    return {
        "id": promotion.public_id,
        "name": promotion.name,
        "kind": promotion.kind,
        "scope": promotion.scope,
        "value": promotion.value,
        "productIds": sorted(p.public_id for p in promotion.products.all()),
        "collectionIds": sorted(c.public_id for c in promotion.collections.all()),
        "requiredProductIds": sorted(p.public_id for p in promotion.required_products.all()),
        "minTotal": promotion.min_total,
        "minQuantity": promotion.min_quantity,
        "buyQuantity": promotion.buy_quantity,
        "payQuantity": promotion.pay_quantity,
        "gifts": list(promotion.gifts),
        "startsAt": promotion.starts_at,
        "endsAt": promotion.ends_at,
        "priority": promotion.priority,
        "combinable": promotion.combinable,
        "allowBonusSpend": promotion.allow_bonus_spend,
        "promoCodeOnly": promotion.promo_code_only,
        "active": promotion.active,
        "promoCodes": [
            {
                "code": c.code,
                "startsAt": c.starts_at,
                "endsAt": c.ends_at,
                "maxUses": c.max_uses,
                "maxUsesPerCustomer": c.max_uses_per_customer,
                "active": c.active,
            }
            for c in promotion.promo_codes.all()
        ],
    }


def promotions_queryset():
    return Promotion.objects.prefetch_related("products", "collections", "required_products", "promo_codes")


class PromotionsView(PrivateAPIView):
    required_permissions = {
        "GET": needs("imshop.promotion", "view"),
        "POST": needs("imshop.promotion", "add", "change") + needs("imshop.promocode", "add", "change"),
    }

    @extend_schema(
        summary="List promotions with their promo codes",
        responses=inline_serializer(
            "PromotionList",
            {
                "success": serializers.BooleanField(),
                "recordsTotal": serializers.IntegerField(),
                "promotions": serializers.ListField(child=serializers.DictField()),
            },
        ),
        tags=["imshop"],
    )
    def get(self, request):
        page = parse_page(request.query_params, default_size=100, max_size=1000)
        queryset = promotions_queryset().order_by("-priority", "public_id")
        return ok(
            {
                "recordsTotal": queryset.count(),
                "promotions": [promotion_document(p) for p in page.slice(queryset)],
            }
        )

    @extend_schema(
        summary="Create or update a promotion by id (targets, gifts and, if given, promo codes are replaced)",
        request=PromotionIn,
        responses=inline_serializer(
            "PromotionSaved",
            {
                "success": serializers.BooleanField(),
                "id": serializers.CharField(),
                "promotion": serializers.DictField(),
            },
        ),
        tags=["imshop"],
    )
    def post(self, request):
        body = validated(PromotionIn, request.data)
        promotion, _ = save_promotion(data=body)
        promotion = promotions_queryset().get(pk=promotion.pk)
        return ok({"id": promotion.public_id, "promotion": promotion_document(promotion)})
