"""The admin's start page: what a shop manager checks first, each number a link to the filtered list.

`dashboard(user)` runs a fixed set of aggregate queries (one per block, whatever the catalog's size) and
returns plain dicts; blocks the user may not see are left out without querying. The template tag
`{% admin_dashboard %}` (catalog/templatetags/catalog_dashboard.py) renders it on the admin index, whose
template is set here, for the whole site.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.available import available_expression, low_stock_threshold, over_reserved
from inventory.models import StockLevel, StockMovement
from reviews.queries import waiting_reviews_count

from ..models import HistoryEvent, Product, Variant
from ..models.products import sellable_q

admin.site.index_template = "admin/catalog/dashboard_index.html"
admin.site.site_header = _("Catalog and stock")
admin.site.site_title = _("Catalog and stock")
admin.site.index_title = _("Overview")

# The everyday apps first (catalog, stock, reviews), then the rest alphabetically in the current language.
EVERYDAY_APPS = ["catalog", "inventory", "reviews"]
_site_app_list = admin.site.get_app_list


def _everyday_apps_first(request, app_label=None):
    app_list = _site_app_list(request, app_label)
    rank = {label: index for index, label in enumerate(EVERYDAY_APPS)}
    return sorted(app_list, key=lambda app: rank.get(app["app_label"], len(rank)))


admin.site.get_app_list = _everyday_apps_first

CHART_DAYS = 30
RECENT_EVENTS = 8


def _url(name: str, query: str = "") -> str:
    return reverse(f"admin:{name}") + (f"?{query}" if query else "")


def _catalog_counts() -> dict:
    products = Product.objects.aggregate(
        active=Count("id", filter=sellable_q()),
        hidden=Count("id", filter=Q(deleted=False, available=False)),
        archived=Count("id", filter=Q(deleted=True)),
    )
    sync_error = Q(ff_sync_error__isnull=False) & ~Q(ff_sync_error="")
    variants = Variant.objects.aggregate(
        active=Count("id", filter=sellable_q("product__")),
        hidden=Count("id", filter=Q(product__deleted=False, product__available=False)),
        archived=Count("id", filter=Q(product__deleted=True)),
        sync_errors=Count("id", filter=sync_error),
    )
    product_list = "catalog_product_changelist"
    variant_list = "catalog_variant_changelist"
    rows = []
    for key, label, query in (
        ("active", _("On sale"), "deleted__exact=0&available__exact=1"),
        ("hidden", _("Hidden"), "deleted__exact=0&available__exact=0"),
        ("archived", _("Archived"), "deleted__exact=1"),
    ):
        rows.append(
            {
                "label": label,
                "products": products[key],
                "products_url": _url(product_list, query),
                "variants": variants[key],
                "variants_url": _url(
                    variant_list,
                    query.replace("deleted", "product__deleted").replace("available", "product__available"),
                ),
            }
        )
    return {"rows": rows, "sync_errors": variants["sync_errors"]}


def _stock_by_warehouse() -> list[dict]:
    threshold = low_stock_threshold()
    free = available_expression()
    rows = (
        StockLevel.objects.alias(free=free)
        .values("warehouse_id", "warehouse__code", "warehouse__name")
        .annotate(
            out=Count("id", filter=Q(free__lte=0)),
            low=Count("id", filter=Q(free__lte=threshold)),
            over=Count("id", filter=over_reserved()),
        )
        .order_by("warehouse_id")
    )
    stock_list = "inventory_stocklevel_changelist"
    return [
        {
            "code": row["warehouse__code"],
            "name": row["warehouse__name"],
            "out": row["out"],
            "out_url": _url(stock_list, f"warehouse__id__exact={row['warehouse_id']}&low_stock=none"),
            "low": row["low"],
            "low_url": _url(stock_list, f"warehouse__id__exact={row['warehouse_id']}&low_stock=low"),
            "over": row["over"],
            "over_url": _url(stock_list, f"warehouse__id__exact={row['warehouse_id']}&low_stock=over"),
        }
        for row in rows
    ]


def _movements_chart(days: int = CHART_DAYS) -> dict:
    """Stock movements per day over the last `days` days: how many, units in and units out."""
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    since = timezone.make_aware(timezone.datetime.combine(first, timezone.datetime.min.time()))
    per_day = {
        row["day"]: row
        for row in StockMovement.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            n=Count("id"),
            inflow=Sum("delta_total", filter=Q(delta_total__gt=0)),
            outflow=Sum("delta_total", filter=Q(delta_total__lt=0)),
        )
        .order_by("day")
    }
    bars = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        row = per_day.get(day) or {}
        bars.append(
            {
                "day": day,
                "count": row.get("n", 0),
                "inflow": row.get("inflow") or Decimal(0),
                "outflow": -(row.get("outflow") or Decimal(0)),
            }
        )
    peak = max((bar["count"] for bar in bars), default=0) or 1
    ledger = "inventory_stockmovement_changelist"
    for bar in bars:
        bar["height"] = round(bar["count"] * 100 / peak)
        day = bar["day"]
        query = f"created_at__year={day.year}&created_at__month={day.month}&created_at__day={day.day}"
        bar["url"] = _url(ledger, query)
    return {"bars": bars, "total": sum(bar["count"] for bar in bars), "peak": peak, "url": _url(ledger)}


def _recent_history() -> list[dict]:
    # The product by its name (one join, not a query per row); a deleted product's events keep its ID.
    events = (
        HistoryEvent.objects.select_related("product")
        .only(
            "id",
            "product_public_id",
            "change_source",
            "user_login",
            "source_action",
            "created_at",
            "product__short_name",
        )
        .order_by("-created_at", "-id")[:RECENT_EVENTS]
    )
    history_list = "catalog_historyevent_changelist"
    return [
        {
            "created_at": event.created_at,
            "product": (event.product.short_name if event.product else "") or event.product_public_id,
            "product_id": event.product_public_id,
            "source": event.get_change_source_display(),
            "user": event.user_login,
            "action": event.source_action,
            "url": _url(history_list, f"product_public_id={event.product_public_id}"),
        }
        for event in events
    ]


def dashboard(user) -> dict:
    """The blocks this user may see, each computed by one aggregate query."""
    data: dict = {"threshold": None}
    can = user.has_perm
    if can("catalog.view_product"):
        data["catalog"] = _catalog_counts()
        if can("wms.view_variantsyncstate"):
            data["sync_errors_url"] = _url("wms_variantsyncstate_changelist", "has_error=yes")
        data["history"] = _recent_history()
        data["history_url"] = _url("catalog_historyevent_changelist")
    if can("inventory.view_stocklevel"):
        data["threshold"] = low_stock_threshold()
        data["stock"] = _stock_by_warehouse()
    if can("inventory.view_stockmovement"):
        data["chart"] = _movements_chart()
    if can("reviews.view_review"):
        data["reviews_waiting"] = waiting_reviews_count()
        data["reviews_url"] = _url("reviews_review_changelist", "status=NEW")
    return data
