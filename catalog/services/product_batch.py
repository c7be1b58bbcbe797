"""The set-based write of save_products: a whole batch in a constant number of queries.

Three phases. (1) Load everything the items refer to with one IN query per table: the products (locked,
in pk order), the named variants, their prices and barcodes, the holders of every barcode of the batch,
sibling options, price types, warehouses and the dictionaries of `Lookups`. (2) Plan item by item in
Python with the rules of product_rules.py / variants.py, the same functions the per-product path uses: an
item or variant that breaks a rule gets its error and contributes no rows; the in-memory state (barcode
holders, variant ids, sibling options) is updated as each item is accepted, so later items see earlier
ones exactly as they would in a sequential save. (3) Write each table with bulk_create / bulk_update /
one DELETE (COPY for the new rows on PostgreSQL), and all the stock in one set_stock_totals call.

A unique constraint that fires in phase 3 means a concurrent writer took an id or barcode: the caller
rolls the batch back and redoes it product by product (products.save_products).
"""

import copy
import functools
from decimal import Decimal

from django.db import models
from django.utils import timezone

from config.kernel.actor import Actor
from config.kernel.bulk import insert_rows, update_rows
from config.kernel.errors import DomainError
from config.kernel.sql import among
from inventory.models import Warehouse
from inventory.services import default_warehouse, open_stock_rows, set_stock_totals

from ..models import (
    Barcode,
    PriceType,
    Product,
    ProductImage,
    Variant,
    VariantEshopSetting,
    VariantOption,
    VariantPrice,
)
from .ids import free_ids, validate_public_id
from .product_rules import (
    PRODUCT_SCALARS,
    Lookups,
    ProductResult,
    VariantResult,
    apply_scalars,
    failed_product,
    find_product,
    nothing_written,
    relation_rows,
    valid_id,
    variant_of,
    write_relations,
)
from .rows import RowChanges, apply_fields, write_changes
from .variant_barcodes import barcode_changes, check_barcodes
from .variant_eshops import eshop_setting_rows
from .variant_lists import check_variant_lists
from .variant_options import check_options, option_rows, option_signature, option_value_of
from .variant_prices import price_changes, prices_given, replaced_prices, wanted_prices
from .variant_stock import stock_entries
from .variants import VARIANT_SCALARS, check_default_image, check_discount


def batchable(items: list[dict]) -> bool:
    """Items are planned against the state before the batch plus what earlier items planned; an item
    that names a product or variant an earlier item also names would need that earlier write applied
    first, so such a batch goes product by product."""
    product_ids = [d.get("public_id") for d in items if d.get("public_id") is not None]
    variant_ids = [
        v.get("public_id") for d in items for v in d.get("variants_to_update") or [] if v.get("public_id") is not None
    ]
    return len(set(product_ids)) == len(product_ids) and len(set(variant_ids)) == len(variant_ids)


def save_batch(
    *, items: list[dict], partial: bool, actor: Actor, allow_new_variants: bool = False
) -> list[ProductResult]:
    batch = _Batch(items, partial=partial, allow_new_variants=allow_new_variants)
    results = [batch.plan(data) for data in items]
    batch.write(actor)
    return results


def _variant_items(items: list[dict]) -> list[dict]:
    return [v for d in items for v in d.get("variants_to_update") or []]


class _Batch:
    def __init__(self, items: list[dict], *, partial: bool, allow_new_variants: bool = False):
        self.partial = partial
        self.allow_new_variants = allow_new_variants  # unnamed variants of existing products are created
        self._load(items)
        # The plan: rows to write, filled by plan() item by item.
        self.new_products: list[Product] = []
        self.updated_products: list[Product] = []
        self.relations: list[tuple[Product, bool, dict]] = []
        self.new_variants: list[Variant] = []
        self.updated_variants: list[Variant] = []
        self.prices, self.barcodes = RowChanges(), RowChanges()
        self.replaced_options: list[Variant] = []
        self.new_options: list[VariantOption] = []
        self.replaced_eshop_settings: list[Variant] = []
        self.new_eshop_settings: list[VariantEshopSetting] = []
        self.stock: list[tuple[Variant, int, Decimal]] = []
        self.saved: list[tuple[ProductResult, Product]] = []
        self.with_variants: set[int] = set()  # id() of new products that got a variant from the request

    # --- phase 1: look up everything the batch refers to ----------------------------------------------

    def _load(self, items: list[dict]):
        variant_items = _variant_items(items)
        product_ids = {d["public_id"] for d in items if valid_id(d.get("public_id"))}
        locked = Product.objects.select_for_update().filter(among("public_id", product_ids)).order_by("pk")
        self.products = {p.public_id: p for p in locked}
        self.stored_products = {p.pk: p for p in self.products.values()}  # as loaded: what an update is diffed with
        self.current = dict(self.stored_products)  # by pk, as planned so far
        # Named variants, and variants holding a new product's id (its automatic variant takes that id).
        named = {v["public_id"] for v in variant_items if v.get("public_id") is not None}
        self.variants = {v.public_id: v for v in Variant.objects.filter(among("public_id", named | product_ids))}
        self.stored_variants = {v.pk: v for v in self.variants.values()}  # as loaded: what an update is diffed with
        self._load_variant_rows([v.pk for v in self.variants.values()])
        self._load_barcode_holders({b["value"] for v in variant_items for b in v.get("barcodes") or []})
        wanted_images = {v["default_image"] for v in variant_items if v.get("default_image") not in (None, "")}
        self.images: set[tuple[int, str]] = set()  # (product pk, image id) of the images items name
        if wanted_images and self.products:
            self.images = set(
                ProductImage.objects.filter(
                    product__in=self.products.values(), public_id__in=wanted_images
                ).values_list("product_id", "public_id")
            )
        self.siblings: dict[int, dict[str, list]] = {}
        if any(v.get("options") for v in variant_items):
            self._load_sibling_options()
        self.price_types = list(PriceType.objects.all()) if any(prices_given(v) for v in variant_items) else []
        stock_items = [s for v in variant_items if v.get("update_stock_total") for s in v.get("stock") or []]
        codes = {s.get("warehouse_code") for s in stock_items} - {None, ""}
        self.warehouses = {w.code: w for w in Warehouse.objects.filter(code__in=codes)} if codes else {}
        self.default_warehouse = functools.cache(default_warehouse)  # looked up once, if an item needs it
        eshop_ids = {s["eshop_id"] for v in variant_items for s in v.get("eshop_settings") or []}
        self.lookups = Lookups.load(items, variant_eshop_ids=eshop_ids)
        self._allocate_ids(items, taken=named | product_ids)

    def _load_variant_rows(self, variant_pks: list[int]):
        """Prices and barcodes of the variants the batch updates: what their replacement is diffed with."""
        self.current_prices: dict[int, dict] = {}
        self.current_barcodes: dict[int, dict] = {}
        if not variant_pks:
            return
        for price in VariantPrice.objects.filter(among("variant_id", variant_pks)):
            self.current_prices.setdefault(price.variant_id, {})[price.price_type_id] = price
        for barcode in Barcode.objects.filter(among("variant_id", variant_pks)):
            self.current_barcodes.setdefault(barcode.variant_id, {})[barcode.value] = barcode

    def _load_barcode_holders(self, values: set[str]):
        """Barcode value -> (variant public id, product) of its holder: the uniqueness check of the batch,
        kept up to date as variants give up and take barcodes."""
        self.holders: dict[str, tuple[str, Product]] = {}
        if values:
            for barcode in Barcode.objects.filter(among("value", values)).select_related("variant__product"):
                self.holders[barcode.value] = (barcode.variant.public_id, barcode.variant.product)

    def _load_sibling_options(self):
        """Options of every variant of the batch's existing products (two variants of a product may not
        have the same set): by product pk (id() of a new product), then variant public id."""
        if not self.products:
            return
        options = VariantOption.objects.filter(variant__product__in=self.products.values()).select_related("variant")
        for option in options:
            pairs = self.siblings.setdefault(option.variant.product_id, {})
            pairs.setdefault(option.variant.public_id, []).append((option.code, option_value_of(option)))

    def _allocate_ids(self, items: list[dict], *, taken: set[str]):
        """Ids for the new products and variants the request leaves unnamed, allocated at once."""
        unnamed_products = 0 if self.partial else sum(1 for d in items if d.get("public_id") is None)
        self.product_ids = free_ids("product", Product, unnamed_products) if unnamed_products else []
        unnamed_variants = sum(
            1
            for d in items
            if self.allow_new_variants or d.get("public_id") not in self.products
            for v in d.get("variants_to_update") or []
            if v.get("public_id") is None
        )
        self.variant_ids = free_ids("variant", Variant, unnamed_variants, taken=taken) if unnamed_variants else []

    # --- phase 2: plan item by item -------------------------------------------------------------------

    def plan(self, data: dict) -> ProductResult:
        try:
            product, created = self._plan_product(data)
        except DomainError as error:
            return failed_product(data, error)
        result = ProductResult(public_id=product.public_id)
        self.saved.append((result, product))
        if "variants_to_update" in data:
            partial = self.partial and not created
            result.variants = [
                self._plan_variant(product, item, created=created, partial=partial)
                for item in data["variants_to_update"]
            ]
        if not created and nothing_written(data, result.variants, partial=self.partial):
            # The product row and its relations were planned unchanged: they are taken out of the plan.
            self.updated_products.pop()
            self.relations.pop()
            self.current[product.pk] = self.stored_products[product.pk]
            result.written = False
        if created and id(product) not in self.with_variants:
            # Every product has at least one variant: a new product gets one automatically.
            auto_id = product.public_id
            if auto_id in self.variants:
                auto_id = free_ids("variant", Variant, 1, taken=set(self.variants))[0]
            self._plan_variant_rows(product, None, {"public_id": auto_id})
        return result

    def _plan_product(self, data: dict) -> tuple[Product, bool]:
        public_id = data.get("public_id")
        existing = find_product(public_id, self.partial, self.products.get(public_id))
        created = existing is None
        partial = self.partial and not created
        # A copy: an item that fails halfway leaves no trace on the loaded product.
        product = Product(public_id=public_id or self.product_ids.pop(0)) if created else copy.copy(existing)
        apply_scalars(product, data, partial, self.lookups)
        rows = relation_rows(product, data, partial, created=created, lookups=self.lookups)
        (self.new_products if created else self.updated_products).append(product)
        if not created:
            self.current[product.pk] = product
        self.relations.append((product, created, rows))
        return product, created

    def _plan_variant(self, product: Product, data: dict, *, created: bool, partial: bool) -> VariantResult:
        variant_id = data.get("public_id")
        # Echoes the item's productId + variantId: the caller matches each result to its item by them (spec).
        result = VariantResult(product_id=data.get("product_id") or product.public_id, variant_id=variant_id)
        try:
            found = self.variants.get(variant_id) if variant_id is not None else None
            variant = variant_of(product, data, found, created=created or self.allow_new_variants)
            result.variant_id = self._plan_variant_rows(product, variant, data, partial=partial).public_id
        except DomainError as error:
            result.errors.append(error.message)
        return result

    def _plan_variant_rows(
        self, product: Product, variant: Variant | None, data: dict, *, partial: bool = False
    ) -> Variant:
        """The rows of one variant, checked in the order save_variant checks them; nothing is added to the
        plan unless every check passes. A POST replaces everything; a PATCH (`partial`, an existing
        variant) changes only what the item names, exactly as save_variant(partial=True) does."""
        new = variant is None
        partial = partial and not new
        check_variant_lists(data)
        check_default_image(data, {image for pk, image in self.images if pk == product.pk and pk is not None})
        if variant is None:
            public_id = data.get("public_id")
            if public_id is not None:
                validate_public_id(public_id, "варианта")
            variant = Variant(product=product, public_id=public_id or self.variant_ids.pop(0))
        else:
            variant = copy.copy(variant)
        apply_fields(variant, VARIANT_SCALARS, data, partial=partial)
        check_discount(variant)
        prices = RowChanges()
        if prices_given(data) or not partial:
            wanted = wanted_prices(data, self.price_types) if prices_given(data) else {}
            current_prices = {} if new else self.current_prices.get(variant.pk, {})
            current_prices = replaced_prices(data, partial, current_prices, self.price_types)
            prices = price_changes(variant, wanted, current_prices)
        barcodes, options, settings = (data.get(key) or [] for key in ("barcodes", "options", "eshop_settings"))

        def replaced(key, given):
            # A POST replaces a relation (an empty list on a new variant writes nothing); a PATCH only a named one.
            return key in data if partial else bool(given) or not new

        barcode_rows = RowChanges()
        if replaced("barcodes", barcodes):
            check_barcodes(barcodes, self._taken_by_others(barcodes, variant.public_id))
            barcode_rows = barcode_changes(variant, barcodes, {} if new else self.current_barcodes.get(variant.pk, {}))
        signature = None
        if replaced("options", options):
            signature = option_signature(options)
            siblings = self.siblings.get(product.pk or id(product), {})
            check_options(signature, {k: v for k, v in siblings.items() if k != variant.public_id})
        eshop_rows = None
        if replaced("eshop_settings", settings):
            eshop_rows = eshop_setting_rows(variant, settings, self.lookups.eshops)
        stock = []
        if data.get("update_stock_total") and data.get("stock"):
            stock = stock_entries(
                variant, data["stock"], self.warehouses, self.default_warehouse, catch_weight=product.is_catch_weight
            )

        # Every check passed: the variant's rows join the plan and later items see them.
        if new:
            self.new_variants.append(variant)
            self.variants[variant.public_id] = variant
            self.with_variants.add(id(product))
        else:
            self.updated_variants.append(variant)
        _extend(self.prices, prices)
        _extend(self.barcodes, barcode_rows)
        for barcode in barcode_rows.delete:
            self.holders.pop(barcode.value, None)
        for barcode in barcode_rows.create:
            self.holders[barcode.value] = (variant.public_id, product)
        if signature is not None:
            self.siblings.setdefault(product.pk or id(product), {})[variant.public_id] = signature
            if not new:
                self.replaced_options.append(variant)
            self.new_options += option_rows(variant, options)
        if eshop_rows is not None:
            if not new:
                self.replaced_eshop_settings.append(variant)
            self.new_eshop_settings += eshop_rows
        self.stock += stock
        return variant

    def _taken_by_others(self, barcodes: list[dict], variant_id: str) -> dict[str, tuple[str, str]]:
        taken = {}
        for item in barcodes:
            holder = self.holders.get(item["value"])
            if holder is not None and holder[0] != variant_id:
                holder_id, product = holder
                # The holder's name as the database has it at this point of a sequential save.
                product = self.current.get(product.pk, product) if product.pk else product
                taken[item["value"]] = (holder_id, product.short_name)
        return taken

    # --- phase 3: write ---------------------------------------------------------------------------------

    def write(self, actor: Actor):
        now = timezone.now()
        insert_rows(Product, self.new_products)
        product_fields = [*PRODUCT_SCALARS, "warehouse_category_title"]
        _bulk_update(Product, self.updated_products, self.stored_products, product_fields, now)
        write_relations(self.relations)
        insert_rows(Variant, self.new_variants)
        open_stock_rows([v.pk for v in self.new_variants])
        _bulk_update(Variant, self.updated_variants, self.stored_variants, VARIANT_SCALARS, now)
        write_changes(VariantPrice, self.prices, ["value"])
        write_changes(Barcode, self.barcodes, ["is_default", "type"])
        _replace_rows(VariantOption, self.replaced_options, self.new_options)
        _replace_rows(VariantEshopSetting, self.replaced_eshop_settings, self.new_eshop_settings)
        set_stock_totals(
            entries=[(variant.pk, warehouse_id, total) for variant, warehouse_id, total in self.stock],
            source=actor.source,
            user_login=actor.login,
            reason=actor.stock_reason,
        )
        for result, product in self.saved:
            result.pk = product.pk


def _replace_rows(model: type[models.Model], replaced: list[Variant], rows: list) -> None:
    """A relation of whole variants replaced: their old rows deleted, the new rows inserted."""
    if replaced:
        model._default_manager.filter(variant_id__in=[v.pk for v in replaced]).delete()
    insert_rows(model, rows)


def _extend(plan: RowChanges, changes: RowChanges):
    plan.delete += changes.delete
    plan.update += changes.update
    plan.create += changes.create


def _bulk_update(model, rows: list, stored: dict, fields: list[str], now):
    """UPDATE the planned rows: only the columns that some row changes against its stored version (a PATCH
    of prices sends no variant column at all), and updated_at of every row, which the batch writes."""
    if not rows:
        return
    changed = [name for name in fields if any(getattr(row, name) != getattr(stored[row.pk], name) for row in rows)]
    for row in rows:
        row.updated_at = now  # bulk_update does not run auto_now
    update_rows(model, rows, [*changed, "updated_at"])
