"""Cactus-style private API (`/api/lite/...`, token required) for pickup points and promotions."""

from config.api.list_upsert import ListUpsertView
from config.api.permissions import needs

from ..models import PickupPoint, Promotion
from ..promotions.services import save_promotion
from ..services import pickup_point_document, save_pickup_point
from .serializers import PickupPointSaveIn, PromotionIn


class PickupPointsView(ListUpsertView):
    required_permissions = {
        "GET": needs("imshop.pickuppoint", "view"),
        "POST": needs("imshop.pickuppoint", "add", "change"),
    }
    schema_name, list_key, item_key, body = "PickupPoint", "pickupPoints", "pickupPoint", PickupPointSaveIn
    paged, schema_tags = True, ["imshop"]
    list_summary = "List pickup points (ПВЗ)"
    save_summary = "Create or update a pickup point by locationId (title is required to create one)"
    required_to_create = ("title",)

    def rows(self):
        return PickupPoint.objects.select_related("warehouse").order_by("location_id")

    def document(self, row):
        return pickup_point_document(row)

    def exists(self, data):
        return PickupPoint.objects.filter(location_id=data["location_id"]).exists()

    def save(self, data):
        return save_pickup_point(data=data)[0]

    def key_of(self, row):
        return row.location_id


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


class PromotionsView(ListUpsertView):
    required_permissions = {
        "GET": needs("imshop.promotion", "view"),
        "POST": needs("imshop.promotion", "add", "change") + needs("imshop.promocode", "add", "change"),
    }
    schema_name, list_key, item_key, body = "Promotion", "promotions", "promotion", PromotionIn
    paged, schema_tags = True, ["imshop"]
    list_summary = "List promotions with their promo codes"
    save_summary = "Create or update a promotion by id (targets, gifts and, if given, promo codes are replaced)"

    def rows(self):
        return promotions_queryset().order_by("-priority", "public_id")

    def document(self, row):
        return promotion_document(row)

    def save(self, data):
        return save_promotion(data=data)[0]

    def reread(self, row):
        return promotions_queryset().get(pk=row.pk)
