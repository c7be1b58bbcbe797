"""The query string of the product listings, parsed into the typed search the read paths take."""

from config.kernel.params import parse_bool, parse_csv

from ..filtering import FilterExpressions
from ..queries import ProductSearch


def product_search(params) -> ProductSearch:
    """`id`, `variantId`, `variantExtId`, `collections`, `query`, `filters` / `attributes` / `features`,
    `deleted` and `available`, as both listings (private and public) accept them."""
    return ProductSearch(
        product_id=params.get("id") or "",
        variant_id=params.get("variantId") or "",
        variant_ext_id=params.get("variantExtId") or "",
        collections=parse_csv(params, "collections"),
        query=params.get("query") or "",
        expressions=FilterExpressions(
            filters=params.get("filters") or "",
            attributes=params.get("attributes") or "",
            features=params.get("features") or "",
        ),
        deleted=parse_bool(params, "deleted", False),
        available=parse_bool(params, "available"),
    )
