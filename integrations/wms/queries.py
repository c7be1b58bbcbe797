"""Read paths of the WMS integration: stock reconciliation and the warehouse categories."""

from decimal import Decimal

from catalog.models import Variant
from config.kernel.errors import ValidationFailed

from .client import WmsError
from .models import WarehouseCategory as WarehouseCategoryModel
from .services import compare_stock, make_client, resolve_warehouse
from .shapes import StockReviseItem, StockReviseLists, StockReviseVariant, WarehouseCategory


def stock_revise(*, warehouse_code: str | None) -> StockReviseLists:
    """Compare our stock at the fulfillment warehouse with the WMS's.

    `available` is our quantity on hand (stockTotal), `external` the WMS's, `diff` their distance, and
    `afterCorrection` what the stock pull would set (the WMS's figure, never below our reservations).
    moreItems: we hold more than the WMS; lessItems: less. Items the WMS does not know have
    `reviseError: true` (and external 0); equal ones are left out.
    """
    warehouse = resolve_warehouse(warehouse_code)
    try:
        with make_client() as client:
            external = client.get_stock()
    except WmsError as exc:
        raise ValidationFailed(f"Не удалось получить остатки WMS: {exc.message}") from exc
    rows = []
    for variant_pk, total, reserved, quantity, after in compare_stock(warehouse, external):
        known = quantity is not None
        quantity = quantity if known else Decimal(0)
        if known and total == quantity or not known and total == 0:
            continue
        rows.append((variant_pk, total, reserved, quantity, after, not known))
    variants = {
        v.pk: v
        for v in Variant.objects.filter(pk__in=[r[0] for r in rows])
        .select_related("product")
        .prefetch_related("barcodes", "product__images")
    }
    more: list[StockReviseItem] = []
    less: list[StockReviseItem] = []
    for variant_pk, total, reserved, quantity, after, error in rows:
        entry = StockReviseItem(
            item=revise_item(variants[variant_pk]),
            available=total,
            reserved=reserved,
            external=quantity,
            diff=abs(total - quantity),
            afterCorrection=after,
            reviseError=error,
        )
        (more if total > quantity else less).append(entry)
    return StockReviseLists(moreItems=more, lessItems=less)


def revise_item(variant: Variant) -> StockReviseVariant:
    product = variant.product
    barcodes = list(variant.barcodes.all())
    # The optional keys follow the required ones (JSON objects are unordered).
    item = StockReviseVariant(
        variantId=variant.public_id,
        productId=product.public_id,
        name=product.short_name,
        barcode=barcodes[0].value if barcodes else "",
    )
    if variant.ext_id:
        item["variantExtId"] = variant.ext_id
    if variant.article:
        item["article"] = variant.article
    images = list(product.images.all())
    if images:
        item["img"] = images[0].url
    return item


def warehouse_categories() -> list[WarehouseCategory]:
    return [WarehouseCategory(code=c.code, title=c.title) for c in WarehouseCategoryModel.objects.order_by("code")]
