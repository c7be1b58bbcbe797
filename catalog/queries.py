"""Read paths: querysets with the right prefetches for each listing."""

from dataclasses import dataclass, field

from django.db.models import Q

from config.kernel.params import Page

from .document_shapes import ProductDocument, StockOnlyProduct
from .documents import (
    PRODUCT_COLUMNS,
    STOCK_ONLY_PRODUCT_COLUMNS,
    build_documents,
    build_stock_only_documents,
)
from .filtering import FilterExpressions, apply_filter_expressions
from .models import Product, Variant

PRIVATE_ORDERING = {
    "id": "id",
    "shortname": "short_name",
    "created": "created_at",
    "updated": "updated_at",
    "brand": "brand_name",
}


@dataclass(frozen=True)
class ProductSearch:
    """What a product listing asks for, parsed from the query string by the view."""

    product_id: str = ""
    variant_id: str = ""
    variant_ext_id: str = ""
    collections: list[str] = field(default_factory=list)
    query: str = ""
    expressions: FilterExpressions = FilterExpressions()
    deleted: bool = False
    available: bool | None = None


def in_collections(queryset, collection_ids: list[str]):
    links = Product.collections.through.objects.filter(collection__public_id__in=collection_ids)
    return queryset.filter(pk__in=links.values("product_id"))


def search_products(queryset, text: str):
    """`query`: a substring of the product id, `humanId`, name, full name or description, or of a variant's
    article (the spec's field list: article, humanId, shortName, fullName, description)."""
    text = text.strip()
    if not text:
        return queryset
    by_article = Variant.objects.filter(article__icontains=text).values("product_id")
    return queryset.filter(
        Q(public_id__icontains=text)
        | Q(human_id__icontains=text)
        | Q(short_name__icontains=text)
        | Q(full_name__icontains=text)
        | Q(description__icontains=text)
        | Q(pk__in=by_article)
    )


def private_products(search: ProductSearch):
    queryset = Product.objects.all() if search.deleted else Product.objects.current()
    if search.product_id:
        queryset = queryset.filter(public_id=search.product_id)
    if search.collections:
        queryset = in_collections(queryset, search.collections)
    queryset = apply_filter_expressions(queryset, search.expressions)  # the public engine
    return search_products(queryset, search.query)


def private_product_page(
    search: ProductSearch, *, ordering: list[str], page: Page, only_stock: bool
) -> tuple[list[ProductDocument] | list[StockOnlyProduct], int]:
    """The page's documents (full, or the minimal stock shape) and recordsTotal."""
    queryset = private_products(search)
    total = queryset.count()
    rows = page.slice(queryset.order_by(*ordering))
    if only_stock:
        return build_stock_only_documents(list(rows.values(*STOCK_ONLY_PRODUCT_COLUMNS))), total
    return build_documents(list(rows.values(*PRODUCT_COLUMNS))), total
