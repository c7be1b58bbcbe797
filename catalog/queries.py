"""Read paths: querysets with the right prefetches for each listing."""

from django.db.models import Q

from config.kernel.params import Page, parse_bool, parse_csv, parse_order

from .documents import stock_only_prefetches, with_documents
from .filtering import apply_filter_params
from .models import Product, Variant

PRIVATE_ORDERING = {
    "id": "id",
    "shortname": "short_name",
    "created": "created_at",
    "updated": "updated_at",
    "brand": "brand_name",
}


def search_products(queryset, text: str):
    """`query`: a substring of the product id, name or description, or of a variant's article."""
    text = text.strip()
    if not text:
        return queryset
    by_article = Variant.objects.filter(article__icontains=text).values("product_id")
    return queryset.filter(
        Q(public_id__icontains=text)
        | Q(short_name__icontains=text)
        | Q(description__icontains=text)
        | Q(pk__in=by_article)
    )


def private_products(params):
    queryset = Product.objects.all()
    if not parse_bool(params, "deleted", False):
        queryset = queryset.filter(deleted=False)
    if params.get("id"):
        queryset = queryset.filter(public_id=params["id"])
    collections = parse_csv(params, "collections")
    if collections:
        queryset = queryset.filter(
            pk__in=Product.collections.through.objects.filter(collection__public_id__in=collections).values(
                "product_id"
            )
        )
    queryset = apply_filter_params(queryset, params)  # `filters`, `attributes`, `features`: the public engine
    return search_products(queryset, params.get("query") or "")


def private_product_page(params, page: Page, *, only_stock: bool):
    queryset = private_products(params)
    ordering = parse_order(params, PRIVATE_ORDERING, default=["id"])
    total = queryset.count()
    rows = page.slice(queryset.order_by(*ordering))
    if only_stock:
        rows = rows.prefetch_related(*stock_only_prefetches())
    else:
        rows = with_documents(rows)
    return list(rows), total
