"""Inventory admin: warehouses, stock (corrections go through inventory.services with a reason), the
read-only stock ledger, reservations, lots and unique item numbers."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db.models import DecimalField, Exists, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from config.kernel.errors import DomainError
from config.kernel.numbers import format_number
from config.spreadsheet_import import LimitedImportExportMixin

from . import services
from .available import available_expression, low_stock_threshold, over_reserved
from .models import (
    Lot,
    Reservation,
    ReservationLine,
    StockLevel,
    StockMovement,
    UniqueNumber,
    Warehouse,
    variant_model,
)
from .resources import StockLevelResource, StockMovementResource, WarehouseResource


def quantity(value: Decimal | None) -> str:
    """Stock as a manager writes it: 40, 1,5 (not "40,000", which reads as forty thousand in Russian)."""
    return format_number(value)


def quantity_column(name: str, label, ordering: str | None = None):
    """A read-only column showing the field `name` through quantity(), sorted by the field."""

    @admin.display(description=label, ordering=ordering or name)
    def column(self, obj):
        return quantity(getattr(obj, name))

    column.__name__ = f"{name}_qty"
    return column


def warehouse_label(warehouse, code: str):
    """A warehouse by its name in lists (codes are long UUIDs); the code is in the tooltip."""
    return format_html('<span title="{}">{}</span>', code, warehouse.name if warehouse else code)


def variant_title(variant):
    """A variant as a manager names it (product, article, ID), linked to its page; needs variant__product."""
    url = reverse("admin:catalog_variant_change", args=[variant.pk])
    return format_html('<a href="{}">{}</a>', url, variant.title())


class WarehouseListFilter(admin.RelatedFieldListFilter):
    """The warehouse filter by name ("Склад Москва", not "Склад Москва (9a84e96f-3e8c-...)"); the code is added
    only where two warehouses share a name."""

    def field_choices(self, field, request, model_admin):
        rows = list(Warehouse.objects.order_by("name", "id").values_list("pk", "name", "code"))
        names = [name for _pk, name, _code in rows]
        return [(pk, f"{name} ({code})" if not name or names.count(name) > 1 else name) for pk, name, code in rows]


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def ledger_url(variant_id: int, warehouse_id: int | None = None) -> str:
    query = f"variant__id__exact={variant_id}"
    if warehouse_id is not None:
        query += f"&warehouse__id__exact={warehouse_id}"
    return f"{reverse('admin:inventory_stockmovement_changelist')}?{query}"


class LowStockListFilter(admin.SimpleListFilter):
    """Stock rows whose free stock (total − reserved) is at or below LOW_STOCK_THRESHOLD, or none at all."""

    title = _("free stock")
    parameter_name = "low_stock"

    def lookups(self, request, model_admin):
        low = gettext("Low (≤ %(threshold)s)") % {"threshold": f"{low_stock_threshold():f}"}
        return [
            ("low", low),
            ("none", _("None (≤ 0)")),
            ("over", _("Over-reserved (reserve > total)")),
            ("ok", _("Enough")),
        ]

    def queryset(self, request, queryset):
        queryset = queryset.alias(free=available_expression())
        if self.value() == "low":
            return queryset.filter(free__lte=low_stock_threshold())
        if self.value() == "none":
            return queryset.filter(free__lte=0)
        if self.value() == "over":
            return queryset.filter(over_reserved())
        if self.value() == "ok":
            return queryset.filter(free__gt=low_stock_threshold())
        return queryset


class VariantLowStockFilter(admin.SimpleListFilter):
    """For the variant list: variants with a stock row at or below LOW_STOCK_THRESHOLD in any warehouse."""

    title = _("low stock")
    parameter_name = "low_stock"

    def lookups(self, request, model_admin):
        return [
            (
                "yes",
                gettext("Yes (≤ %(threshold)s in at least one warehouse)")
                % {"threshold": f"{low_stock_threshold():f}"},
            )
        ]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        low = StockLevel.objects.filter(variant_id=OuterRef("pk")).alias(free=available_expression())
        return queryset.filter(Exists(low.filter(free__lte=low_stock_threshold())))


class StockLevelInline(admin.TabularInline):
    """The stock table of a variant across warehouses (read-only; corrections via the Stock admin)."""

    model = StockLevel
    fk_name = "variant"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = [
        "warehouse_name",
        "total_qty",
        "reserved_qty",
        "available_qty",
        "defective_qty",
        "defective_reserved_qty",
        "expired_qty",
        "updated_at",
        "movements",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("warehouse")

    @admin.display(description=_("movements"))
    def movements(self, obj):
        return format_html('<a href="{}">{}</a>', ledger_url(obj.variant_id, obj.warehouse_id), gettext("Ledger"))

    @admin.display(description=_("warehouse"))
    def warehouse_name(self, obj):
        # The row's link to its correction form (the inline's own change link is hidden on sectioned pages).
        url = reverse("admin:inventory_stocklevel_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, warehouse_label(obj.warehouse, obj.warehouse.code))

    total_qty = quantity_column("total", _("total"))
    reserved_qty = quantity_column("reserved", _("reserved"))
    available_qty = quantity_column("available", _("available"))
    defective_qty = quantity_column("defective", _("defective"))
    defective_reserved_qty = quantity_column("defective_reserved", _("defective reserved"))
    expired_qty = quantity_column("expired", _("expired"))

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Warehouse)
class WarehouseAdmin(LimitedImportExportMixin, admin.ModelAdmin):
    resource_classes = [WarehouseResource]
    list_display = ["code", "name", "type", "city", "is_default", "online", "public"]
    list_filter = ["type", "online", "public", "is_default", "city"]
    search_fields = ["code", "name", "city", "address"]
    list_select_related = ["price_type"]
    fieldsets = [
        (None, {"fields": ["code", "name", "type", "is_default", "price_type"]}),
        (_("For buyers (IMSHOP)"), {"fields": ["address", "city", "lat", "lon", "public", "subway", "mall"]}),
        (_("Online shop"), {"fields": ["online", "delivery_cities"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The code identifies the warehouse to the services, the API and import files: fixed once created.
        return ["code"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        """Through inventory.services.save_warehouse, as the API and the import: one default warehouse."""
        data = {name: getattr(obj, name) for name in form.cleaned_data if name != "code"}
        saved, _ = services.save_warehouse(data={"code": obj.code, **data})
        obj.pk = saved.pk

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "code" and field is not None:
            # Codes are often UUIDs (36 characters): the whole code in view, not its first 30.
            field.widget.attrs["style"] = "width: 30em; max-width: 100%"
        return field

    def delete_model(self, request, obj):
        services.delete_warehouse(code=obj.code)

    def delete_queryset(self, request, queryset):
        for warehouse in queryset:
            try:
                services.delete_warehouse(code=warehouse.code)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)


class StockCorrectionForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=255, help_text=_("Goes into the stock ledger")
    )

    class Meta:
        model = StockLevel
        fields = ["variant", "warehouse", "total", "defective", "defective_reserved", "expired"]

    def clean(self):
        cleaned = super().clean()
        for name in ("total", "defective", "defective_reserved", "expired"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("Cannot be negative"))
        if self.instance.pk and cleaned.get("total") is not None and cleaned["total"] < self.instance.reserved:
            self.add_error(
                "total",
                gettext("Cannot be less than the reserve (%(reserved)s)") % {"reserved": self.instance.reserved},
            )
        variant = cleaned.get("variant")
        variant_id = self.instance.variant_id if self.instance.pk else (variant.pk if variant else None)
        for name in ("total", "defective", "defective_reserved", "expired"):
            if variant_id is not None and cleaned.get(name) is not None:
                try:  # a piece item is counted in whole pieces (the rule is the service's, shown on the field)
                    services.check_whole_pieces([(variant_id, cleaned[name])])
                except DomainError as error:
                    self.add_error(name, error.message)
        return cleaned

    def _get_validation_exclusions(self):
        # Adding a row that already exists (a new variant has an empty row in every warehouse) is a correction
        # of that row: the service upserts, so the (variant, warehouse) constraint is not the form's to check.
        return super()._get_validation_exclusions() | {"warehouse"}


@admin.register(StockLevel)
class StockLevelAdmin(LimitedImportExportMixin, admin.ModelAdmin):
    resource_classes = [StockLevelResource]
    """Stock rows. Saving the form is a stock correction through inventory.services.correct_stock."""

    form = StockCorrectionForm
    list_display = [
        "variant_column",
        "warehouse_name",
        "total_qty",
        "reserved_qty",
        "available_qty",
        "over_reserved_flag",
        "defective_qty",
        "updated_at",
    ]
    list_filter = [LowStockListFilter, ("warehouse", WarehouseListFilter)]
    search_fields = ["variant__public_id", "variant__article", "variant__product__short_name"]
    search_help_text = _("Search by variant ID, article or product name")
    list_select_related = ["variant__product", "warehouse"]
    raw_id_fields = ["variant"]
    readonly_fields = ["reserved_qty", "updated_at", "movements"]
    date_hierarchy = "updated_at"
    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) of the whole table on every page is what makes big lists slow

    def get_queryset(self, request):
        # The change page's title names the variant, its product and the warehouse (StockLevel.__str__).
        return super().get_queryset(request).select_related("variant__product", "warehouse")

    @admin.display(description=_("variant"), ordering="variant__product__short_name")
    def variant_column(self, obj):
        return variant_title(obj.variant)

    @admin.display(description=_("movements"))
    def movements(self, obj):
        if obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', ledger_url(obj.variant_id, obj.warehouse_id), gettext("Ledger"))

    @admin.display(description=_("warehouse"), ordering="warehouse__name")
    def warehouse_name(self, obj):
        return warehouse_label(obj.warehouse, obj.warehouse.code)

    total_qty = quantity_column("total", _("total"))
    reserved_qty = quantity_column("reserved", _("reserved"))
    available_qty = quantity_column("available", _("available"), ordering=available_expression())
    defective_qty = quantity_column("defective", _("defective"))

    @admin.display(description=_("over-reserved"), empty_value="")
    def over_reserved_flag(self, obj):
        # The warehouse counted fewer goods than are reserved: some orders cannot ship as they are. A normal
        # row shows nothing (not a red cross on every line), an over-reserved one how many pieces are missing.
        if not obj.over_reserved:
            return ""
        return format_html(
            '<strong class="over-reserved" style="color:var(--error-fg,#ba2121);white-space:nowrap" title="{}">'
            "⚠ {}</strong>",
            gettext("The warehouse counted fewer goods than are reserved"),
            gettext("short by %(count)s") % {"count": quantity(obj.reserved - obj.total)},
        )

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "variant", "warehouse"] if obj else self.readonly_fields

    def get_fields(self, request, obj=None):
        fields = ["variant", "warehouse", "total", "reserved_qty", "defective", "defective_reserved", "expired"]
        return [*fields, "reason", "updated_at", "movements"] if obj else [*fields, "reason"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        row = services.correct_stock(
            variant_id=obj.variant_id,
            warehouse_id=obj.warehouse_id,
            reason=data["reason"],
            source=StockMovement.Source.USER,
            user_login=request.user.get_username(),
            **{name: data[name] for name in ("total", "defective", "defective_reserved", "expired") if name in data},
        )
        obj.pk = row.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMovement)
class StockMovementAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [StockMovementResource]
    """The stock ledger: read-only."""

    # Eight columns that fit at 1366 px with both sidebars open: the deltas other than the total, who and
    # from where, reason and document share a column each.
    list_display = [
        "created_at",
        "variant_column",
        "warehouse_name",
        "delta_total_qty",
        "balance",
        "other_changes",
        "who",
        "reason_and_document",
    ]
    list_filter = ["source", ("warehouse", WarehouseListFilter), ("created_at", admin.DateFieldListFilter)]
    search_fields = ["=variant__public_id", "=variant__article", "=variant__barcodes__value", "reference", "user_login"]
    search_help_text = _("Search by variant ID, article or barcode (exact), document or user")
    list_select_related = ["variant__product", "warehouse"]
    date_hierarchy = "created_at"
    list_per_page = 50
    show_full_result_count = False

    delta_total_qty = quantity_column("delta_total", _("Δ total"))
    OTHER_DELTAS = [
        ("delta_reserved", _("reserved")),
        ("delta_defective", _("defective")),
        ("delta_defective_reserved", _("defective reserved")),
        ("delta_expired", _("expired")),
    ]

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        # Opened from a variant: its name is in the title, the rows need not repeat it.
        return [c for c in columns if c != "variant_column"] if "variant__id__exact" in request.GET else columns

    @admin.display(description=_("other changes"))
    def other_changes(self, obj):
        parts = [
            f"{label} {format_number(getattr(obj, name), signed=True)}"
            for name, label in self.OTHER_DELTAS
            if getattr(obj, name)
        ]
        return ", ".join(parts) or "—"

    @admin.display(description=_("who"), ordering="user_login")
    def who(self, obj):
        if obj.user_login:
            return format_html("{}<br><small>{}</small>", obj.user_login, obj.get_source_display())
        return obj.get_source_display()

    @admin.display(description=_("reason"), ordering="reason")
    def reason_and_document(self, obj):
        if obj.reference:
            return format_html("{}<br><small>{}: {}</small>", obj.reason or "—", gettext("document"), obj.reference)
        return obj.reason or "—"

    @admin.display(description=_("warehouse"), ordering="warehouse_code")
    def warehouse_name(self, obj):
        # A deleted warehouse's lines keep its code.
        return warehouse_label(obj.warehouse, obj.warehouse_code)

    @admin.display(description=_("variant"))
    def variant_column(self, obj):
        return variant_title(obj.variant)

    @admin.display(description=_("balance after"))
    def balance(self, obj):
        return format_html("<b>{}</b>", quantity(obj.balance_after))

    def get_queryset(self, request):
        # The total after each line: the row's stock now, less what the later lines of that variant in that
        # warehouse added (so the figure is right even when the first stock came before the ledger did).
        later = (
            StockMovement.objects.filter(
                variant_id=OuterRef("variant_id"), warehouse_code=OuterRef("warehouse_code"), pk__gt=OuterRef("pk")
            )
            .order_by()
            .values("variant_id")
            .annotate(s=Sum("delta_total"))
            .values("s")
        )
        now = StockLevel.objects.filter(
            variant_id=OuterRef("variant_id"), warehouse__code=OuterRef("warehouse_code")
        ).values("total")[:1]
        zero = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=3))
        return (
            super()
            .get_queryset(request)
            .annotate(balance_after=Coalesce(Subquery(now), zero) - Coalesce(Subquery(later), zero))
        )

    def changelist_view(self, request, extra_context=None):
        # Opened from a variant (or its stock row): the title says whose lines these are.
        variant_id = request.GET.get("variant__id__exact", "")
        if variant_id.isdigit():
            variant = variant_model().objects.select_related("product").filter(pk=int(variant_id)).first()
            if variant is not None:
                title = gettext("Stock movements of %(variant)s") % {"variant": variant.title()}
                extra_context = {**(extra_context or {}), "title": title}
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReservationLineInline(admin.TabularInline):
    """What the reservation holds, a line per variant and warehouse, named as a manager names them."""

    model = ReservationLine
    template = "admin/inventory/reservation/lines_inline.html"
    extra = 0
    can_delete = False
    fields = ["variant_column", "warehouse_name", "quantity_qty"]
    readonly_fields = fields
    quantity_qty = quantity_column("quantity", _("quantity"))  # 1, not 1,000

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("variant__product", "warehouse")

    @admin.display(description=_("variant"))
    def variant_column(self, obj):
        return variant_title(obj.variant)

    @admin.display(description=_("warehouse"))
    def warehouse_name(self, obj):
        return warehouse_label(obj.warehouse, obj.warehouse.code)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["order_id", "status", "created_at", "expires_at", "source", "user_login"]
    list_filter = ["status", "source"]
    search_fields = ["=order_id", "user_login"]
    date_hierarchy = "created_at"
    list_per_page = 50
    # Everything is read-only: a reservation changes only through its actions (release, ship), which go
    # through inventory.services and write the ledger.
    fields = [
        "order_id",
        "status",
        "customer",
        "promo_code",
        "requested_items",
        "source",
        "user_login",
        "created_at",
        "updated_at",
        "expires_at",
    ]
    readonly_fields = fields
    inlines = [ReservationLineInline]

    @admin.display(description=_("requested items"))
    def requested_items(self, obj):
        """The items as the order asked for them, as a table: variant, warehouse (or "any"), quantity."""
        rows = [row for row in obj.requested or [] if isinstance(row, list | tuple) and len(row) == 3]
        if not rows:
            return "—"
        variants = {
            v.public_id: v
            for v in variant_model().objects.select_related("product").filter(public_id__in={r[0] for r in rows})
        }
        warehouses = dict(Warehouse.objects.filter(code__in={r[1] for r in rows if r[1]}).values_list("code", "name"))
        body = format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td class="num">{}</td></tr>',
            (
                (
                    variant_title(variants[variant]) if variant in variants else variant,
                    warehouses.get(code, code) if code else gettext("any (default first)"),
                    quantity(_decimal(amount)),
                )
                for variant, code, amount in rows
            ),
        )
        return format_html(
            '<table class="requested-items"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            gettext("variant"),
            gettext("warehouse"),
            gettext("quantity"),
            body,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing on the page is editable: no save buttons that would save nothing.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    actions = ["release", "confirm"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _run(self, request, queryset, service, done):
        count = 0
        for order_id in queryset.values_list("order_id", flat=True):
            try:
                service(order_id=order_id, source=StockMovement.Source.USER, user_login=request.user.get_username())
                count += 1
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
        self.message_user(request, done % {"count": count})

    @admin.action(description=_("Release the reservation"))
    def release(self, request, queryset):
        self._run(request, queryset, services.release_reservation, gettext("Reservations released: %(count)s"))

    @admin.action(description=_("Ship (write off the stock and the reserve)"))
    def confirm(self, request, queryset):
        self._run(request, queryset, services.confirm_reservation, gettext("Orders shipped: %(count)s"))


@admin.register(Lot)
class LotAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "variant_column",
        "warehouse_name",
        "quantity_qty",
        "expiration_date",
        "manufacturer",
    ]  # the production date is on the lot's page: with it the last column was cut off at 1366 px
    list_filter = [("warehouse", WarehouseListFilter), ("expiration_date", admin.DateFieldListFilter)]
    search_fields = ["number", "=variant__public_id", "=variant__article", "manufacturer"]
    list_select_related = ["variant__product", "warehouse"]
    quantity_qty = quantity_column("quantity", _("available"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("variant__product", "warehouse")

    @admin.display(description=_("variant"), ordering="variant__product__short_name")
    def variant_column(self, obj):
        return variant_title(obj.variant)

    @admin.display(description=_("warehouse"), ordering="warehouse__name")
    def warehouse_name(self, obj):
        return warehouse_label(obj.warehouse, obj.warehouse.code)

    raw_id_fields = ["variant"]
    date_hierarchy = "expiration_date"


@admin.register(UniqueNumber)
class UniqueNumberAdmin(admin.ModelAdmin):
    # Five columns that fit at 1366 px with the sidebar open: the three flags read as one state, the two
    # documents as one column (each flag still has its filter).
    list_display = ["number", "variant_column", "type", "state", "document"]
    list_filter = ["type", "is_reserved", "is_used", "disabled"]
    search_fields = ["=number", "=variant__public_id"]
    list_select_related = ["variant__product"]
    raw_id_fields = ["variant"]
    readonly_fields = ["created_at", "reserved_at", "used_at"]

    def get_queryset(self, request):
        # The change page's title names the variant and its product (UniqueNumber.__str__).
        return super().get_queryset(request).select_related("variant__product")

    @admin.display(description=_("variant"), ordering="variant__product__short_name")
    def variant_column(self, obj):
        return variant_title(obj.variant)

    @admin.display(description=_("status"))
    def state(self, obj):
        if obj.disabled:
            return gettext("disabled")
        if obj.is_used:
            return gettext("used")
        return gettext("reserved") if obj.is_reserved else gettext("not taken")

    @admin.display(description=_("document"), empty_value="")
    def document(self, obj):
        documents = ((gettext("purchase order"), obj.purchase_order), (gettext("set assembly"), obj.physical_set))
        return "; ".join(f"{label}: {value}" for label, value in documents if value)

    date_hierarchy = "created_at"
    list_per_page = 50
    show_full_result_count = False
