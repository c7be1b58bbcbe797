"""The product page's variant table: one row per variant with its article, option values (chosen from the
option's values), a price per price type, barcodes and the stock total per warehouse, so a product with its
sizes, prices and stock is created or changed with one save.

The table is a Django inline formset of Variant model forms plus columns made for this product
(`VariantGrid`). Django never saves it: ProductAdmin turns the rows the manager changed into the
`variants_to_update` of the product's one `save_products` call (validation, history, the stock ledger with
the manager's reason). Every cell keeps the value it was shown with in a hidden input, so only what the
manager changed is written: a price the API changed while the page was open is kept, and a stock figure
that changed meanwhile is refused next to the cell instead of being overwritten.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef, Prefetch
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inventory.models import StockLevel, Warehouse

from ..models import Barcode, Feature, PriceType, Product, Variant, VariantOption, VariantPrice
from ..models.attributes import ValueType

# More warehouses than this do not fit the page as columns: the default one and those holding the product's
# stock come first; the rest are edited on the variant's page.
MAX_WAREHOUSE_COLUMNS = 6
BARCODE_SEPARATORS = re.compile(r"[\s,;]+")


def plain(value: Decimal | None) -> Decimal | None:
    """990.00 -> 990, 1.500 -> 1.5: numbers in the inputs as people write them."""
    if value is None:
        return None
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


def option_text(option: VariantOption) -> str:
    if option.string_value is not None:
        return option.string_value
    return f"{plain(Decimal(option.decimal_value or 0)):f}"


@dataclass
class OptionColumn:
    name: str  # the form field
    code: str
    title: str
    is_decimal: bool
    values: list[str] = field(default_factory=list)


@dataclass
class VariantGrid:
    """The columns of one product's table: its options, every price type, the warehouses."""

    options: list[OptionColumn]
    price_types: list[PriceType]
    warehouses: list[Warehouse]
    more_warehouses: bool

    @classmethod
    def load(cls, product: Product | None) -> "VariantGrid":
        """Four queries: the options (with their values), the values the product uses, price types, warehouses.

        The option columns are the options the product's variants use, or, while they use none (a new
        product), every option of the dictionary. Each lists the option's values and any value the product
        uses that the dictionary lacks (a variant may use one), so saving never drops a value."""
        saved = product is not None and product.pk is not None
        used: dict[str, list[str]] = {}
        if saved:
            for option in VariantOption.objects.filter(variant__product=product).order_by("id"):
                values = used.setdefault(option.code, [])
                if option_text(option) not in values:
                    values.append(option_text(option))
        features = {f.code: f for f in Feature.objects.prefetch_related("values")}
        codes = [code for code in features if code in used or not used]
        codes += sorted(code for code in used if code not in features)
        options = []
        for index, code in enumerate(codes):
            feature = features.get(code)
            column = OptionColumn(
                name=f"option_{index}",
                code=code,
                title=(feature.title or feature.code) if feature else code,
                is_decimal=feature is not None and feature.type == ValueType.DECIMAL,
            )
            if feature is not None:
                column.values = [
                    v.string_value if v.string_value is not None else f"{plain(v.decimal_value):f}"
                    for v in feature.values.all()
                ]
            column.values += [v for v in used.get(code, []) if v not in column.values]
            options.append(column)
        warehouses = Warehouse.objects.all()
        if saved:
            holds = StockLevel.objects.filter(warehouse=OuterRef("pk"), variant__product=product)
            warehouses = warehouses.annotate(holds=Exists(holds)).order_by("-is_default", "-holds", "pk")
        else:
            warehouses = warehouses.order_by("-is_default", "pk")
        warehouses = list(warehouses[: MAX_WAREHOUSE_COLUMNS + 1])
        return cls(
            options=options,
            price_types=list(PriceType.objects.order_by("id")),
            warehouses=warehouses[:MAX_WAREHOUSE_COLUMNS],
            more_warehouses=len(warehouses) > MAX_WAREHOUSE_COLUMNS,
        )

    @property
    def field_names(self) -> list[str]:
        return [
            *(c.name for c in self.options),
            *(price_field(t) for t in self.price_types),
            "barcodes",
            *(stock_field(w) for w in self.warehouses),
        ]

    def label(self, name: str) -> str:
        return str(self.form_class().base_fields[name].label)

    def cell_text(self, name: str, variant: Variant) -> str:
        """A cell as text, for people who may only view the product (from the variant's prefetched rows)."""
        if name == "barcodes":
            return ", ".join(b.value for b in variant.barcodes.all()) or "—"
        kind, _, key = name.partition("_")
        value = None
        if kind == "option":
            code = next(c.code for c in self.options if c.name == name)
            return next((option_text(o) for o in variant.options.all() if o.code == code), "—")
        if kind == "price":
            value = next((p.value for p in variant.prices.all() if str(p.price_type_id) == key), None)
        elif kind == "stock":
            value = next((s.total for s in variant.stock_levels.all() if str(s.warehouse_id) == key), None)
        return "—" if value is None else number_format(plain(value), use_l10n=True)

    def form_class(self) -> type["VariantRowForm"]:
        """The row form with this product's columns (made once per grid, i.e. per request)."""
        if "_form_class" not in self.__dict__:
            self.__dict__["_form_class"] = self._make_form_class()
        return self.__dict__["_form_class"]

    def _make_form_class(self) -> type["VariantRowForm"]:
        fields: dict = {"grid": self}
        for column in self.options:
            choices = [("", "—"), *((value, value) for value in column.values)]
            fields[column.name] = forms.ChoiceField(label=column.title, choices=choices, required=False)
        for price_type in self.price_types:
            fields[price_field(price_type)] = forms.DecimalField(
                label=price_type.name, required=False, min_value=0, max_digits=14, decimal_places=2
            )
        fields["barcodes"] = forms.CharField(
            label=_("barcodes"),
            required=False,
            help_text=_("Several barcodes: separated by commas; the first is the default"),
        )
        for warehouse in self.warehouses:
            fields[stock_field(warehouse)] = forms.DecimalField(
                label=gettext("Stock: %(warehouse)s") % {"warehouse": warehouse.name},
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=3,
            )
        return type("VariantRowForm", (VariantRowForm,), fields)


def price_field(price_type: PriceType) -> str:
    return f"price_{price_type.pk}"


def stock_field(warehouse: Warehouse) -> str:
    return f"stock_{warehouse.pk}"


class VariantRowForm(forms.ModelForm):
    """One row of the table. `grid` (the columns) is set on the class VariantGrid.form_class() makes."""

    grid: VariantGrid

    class Meta:
        model = Variant
        fields = ["article"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, form_field in self.fields.items():
            # What the row showed, posted back: only the manager's changes are written. A POST without it (a
            # script) is compared with the current values, as Django does.
            shown_posted = self.add_initial_prefix(name) in self.data
            form_field.show_hidden_initial = not self.is_bound or shown_posted
        self.fields["article"].widget.attrs["size"] = 12
        for name in self.fields:
            if name.startswith(("price_", "stock_")):
                self.fields[name].widget.attrs["class"] = "grid-number"
        self.stock_levels: dict[int, StockLevel] = {}
        if self.instance.pk is not None:
            self.initial.update(self._initial_of(self.instance))

    def _initial_of(self, variant: Variant) -> dict:
        """The row's values from the variant's prefetched rows."""
        grid = self.grid
        initial: dict = {}
        options = {o.code: option_text(o) for o in variant.options.all()}
        for column in grid.options:
            initial[column.name] = options.get(column.code, "")
        prices = {p.price_type_id: p.value for p in variant.prices.all()}
        for price_type in grid.price_types:
            initial[price_field(price_type)] = plain(prices.get(price_type.pk))
        initial["barcodes"] = ", ".join(b.value for b in variant.barcodes.all())
        self.stock_levels = {level.warehouse_id: level for level in variant.stock_levels.all()}
        for warehouse in grid.warehouses:
            level = self.stock_levels.get(warehouse.pk)
            initial[stock_field(warehouse)] = plain(level.total) if level else None
            if level is not None and level.reserved:
                self.fields[stock_field(warehouse)].widget.attrs["title"] = gettext("Reserved: %(reserved)s") % {
                    "reserved": number_format(plain(level.reserved), use_l10n=True)
                }
        return initial

    def shown_value(self, name: str):
        """The value the cell was shown with (its hidden input), parsed."""
        form_field = self.fields[name]
        raw = form_field.hidden_widget().value_from_datadict(self.data, self.files, self.add_initial_prefix(name))
        try:
            return form_field.to_python(raw)
        except forms.ValidationError:
            return None

    def clean_barcodes(self) -> list[str]:
        values = [v for v in BARCODE_SEPARATORS.split(self.cleaned_data.get("barcodes") or "") if v]
        too_long = [v for v in values if len(v) > Barcode._meta.get_field("value").max_length]
        if too_long:
            raise forms.ValidationError(gettext("Barcode too long: %(value)s") % {"value": too_long[0][:20]})
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise forms.ValidationError(gettext("Barcode %(value)s is given twice") % {"value": duplicates[0]})
        return values

    def clean(self):
        cleaned = super().clean()
        for warehouse in self.grid.warehouses:
            name = stock_field(warehouse)
            if name not in self.changed_data or name in self.errors:
                continue
            value, level = cleaned.get(name), self.stock_levels.get(warehouse.pk)
            if value is None:
                self.add_error(name, gettext("Enter 0 to clear the stock"))
                continue
            current = level.total if level is not None else Decimal(0)
            if self.fields[name].show_hidden_initial and current != (self.shown_value(name) or 0):
                self.add_error(
                    name,
                    gettext(
                        "The stock here changed while the page was open: it is %(now)s now. Check the figure and "
                        "save again."
                    )
                    % {"now": number_format(plain(current), use_l10n=True)},
                )
            elif level is not None and value < level.reserved:
                self.add_error(
                    name,
                    gettext("Cannot be less than the reserve (%(reserved)s)")
                    % {"reserved": number_format(plain(level.reserved), use_l10n=True)},
                )
        return cleaned

    # --- what the service is asked to do -------------------------------------------------------------------

    def option_values(self, source: dict) -> dict[str, str]:
        return {c.code: source.get(c.name) for c in self.grid.options if source.get(c.name)}

    def stock_changes(self) -> list[dict]:
        return [
            {"warehouse_code": w.code, "stock_total": self.cleaned_data[stock_field(w)]}
            for w in self.grid.warehouses
            if stock_field(w) in self.changed_data and self.cleaned_data.get(stock_field(w)) is not None
        ]

    def service_item(self) -> dict:
        """The `variants_to_update` item of this row: a new variant whole, an existing one only what changed."""
        grid, cleaned, changed = self.grid, self.cleaned_data, set(self.changed_data)
        new = self.instance.pk is None
        item: dict = {} if new else {"public_id": self.instance.public_id}
        if new or "article" in changed:
            item["article"] = cleaned.get("article") or None
        if new or changed & {c.name for c in grid.options}:
            item["options"] = [
                {
                    "code": c.code,
                    "name": c.title,
                    "string_value": None if c.is_decimal else cleaned[c.name],
                    "decimal_value": Decimal(cleaned[c.name]) if c.is_decimal else None,
                }
                for c in grid.options
                if cleaned.get(c.name)
            ]
        if new or changed & {price_field(t) for t in grid.price_types}:
            item["prices"] = [
                {"price_code": t.code, "value": cleaned[price_field(t)]}
                for t in grid.price_types
                if cleaned.get(price_field(t)) is not None
            ]
        if new or "barcodes" in changed:
            kept = {} if new else {b.value: b for b in self.instance.barcodes.all()}
            item["barcodes"] = [
                {"value": v, "is_default": kept[v].is_default, "type": kept[v].type}
                if v in kept
                else {"value": v, "is_default": False, "type": Barcode.Type.COMMON}
                for v in cleaned.get("barcodes") or []
            ]
        stock = self.stock_changes()
        if stock:
            item["update_stock_total"] = True
            item["stock"] = stock
        return item


class StockReasonForm(forms.Form):
    stock_reason = forms.CharField(
        label=_("Reason for the stock change"),
        max_length=255,
        required=False,
        help_text=_("Required when you enter or change a stock figure; goes into the stock ledger"),
        widget=forms.TextInput(attrs={"size": 60}),
    )


class VariantGridFormSet(BaseInlineFormSet):
    """The table's rows, checked together: barcodes and option sets unique across the rows (and barcodes
    across the catalog), a reason when a stock figure changes. `service_errors` (row index -> messages) are
    what the save itself refused, shown again on their rows (ServiceSavingAdmin)."""

    service_errors: dict[int, list[str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_form = StockReasonForm(self.data if self.is_bound else None, prefix=self.prefix)

    @cached_property
    def changed_forms(self) -> list[VariantRowForm]:
        """The rows the manager changed (new rows: filled in); known once the rows are cleaned."""
        return [f for f in self.forms if hasattr(f, "cleaned_data") and f.has_changed()]

    @property
    def stock_reason(self) -> str:
        return (self.reason_form.cleaned_data.get("stock_reason") or "").strip() if self.reason_form.is_valid() else ""

    def clean(self):
        super().clean()
        self._check_unique("barcodes", self._barcodes_of, gettext("Barcode %(value)s is also in row %(row)s"))
        self._check_unique("options", self._options_of, gettext("Row %(row)s has the same option values"))
        self._check_taken_barcodes()
        if any(form.stock_changes() for form in self.changed_forms) and not self.stock_reason:
            self.reason_form.add_error("stock_reason", gettext("Say why the stock changes"))
            raise forms.ValidationError(gettext("Stock figures changed: enter the reason under the table."))
        for index, messages in self.service_errors.items():
            if index < len(self.forms):
                for message in messages:
                    self.forms[index].add_error(None, message)

    def _value(self, form: VariantRowForm, name: str):
        """A cell as it will be saved: a changed row's cleaned value, another existing row's shown value."""
        if form in self.changed_forms:
            return form.cleaned_data.get(name)
        return form.initial.get(name) if form.instance.pk else None

    def _barcodes_of(self, form) -> list[tuple[str, str]]:
        values = self._value(form, "barcodes") or []
        if isinstance(values, str):  # an unchanged row: its barcodes as shown
            values = [v for v in BARCODE_SEPARATORS.split(values) if v]
        return [(value, value) for value in values]

    def _options_of(self, form) -> list[tuple[tuple, str]]:
        columns = self.form.grid.options
        signature = tuple(self._value(form, c.name) or "" for c in columns)
        if not any(signature) or not columns:
            return []
        return [(signature, ", ".join(v or "—" for v in signature))]

    def _check_unique(self, field_name: str, keys_of, message: str):
        """Two rows may not share a key (a barcode, a set of option values): the changed row of each pair
        gets the error, naming the other row (numbered from 1)."""
        rows_of: dict = {}
        for index, form in enumerate(self.forms):
            for key, shown in keys_of(form):
                rows_of.setdefault(key, []).append((index, form, shown))
        for rows in rows_of.values():
            for index, form, shown in rows:
                other = next((i for i, _f, _s in rows if i != index), None)
                if other is not None and form in self.changed_forms:
                    target = "barcodes" if field_name == "barcodes" else self.form.grid.options[0].name
                    form.add_error(target, message % {"value": shown, "row": other + 1})

    def _check_taken_barcodes(self):
        wanted = {v for form in self.changed_forms for v in form.cleaned_data.get("barcodes") or []}
        if not wanted:
            return
        ours = [form.instance.pk for form in self.forms if form.instance.pk]
        holders = Barcode.objects.filter(value__in=wanted).exclude(variant_id__in=ours)
        taken = {b.value: b.variant for b in holders.select_related("variant__product")}
        for form in self.changed_forms:
            for value in form.cleaned_data.get("barcodes") or []:
                if value in taken:
                    holder = taken[value]
                    form.add_error(
                        "barcodes",
                        gettext("Barcode %(value)s belongs to %(variant)s of «%(product)s»")
                        % {"value": value, "variant": holder.article or holder.public_id, "product": holder.product},
                    )

    def service_items(self) -> tuple[list[dict], list[int]]:
        """The `variants_to_update` items of the changed rows, and the row index of each."""
        items, rows = [], []
        last = max((form.instance.ordering for form in self.forms if form.instance.pk), default=Decimal(-1))
        for index, form in enumerate(self.forms):
            if form not in self.changed_forms:
                continue
            item = form.service_item()
            if form.instance.pk is None:
                last += 1
                item["ordering"] = last  # new rows go after the existing ones, in the table's order
            items.append(item)
            rows.append(index)
        return items, rows


class VariantGridInline(admin.TabularInline):
    """The variants of the product as an editable table (see the module's docstring)."""

    model = Variant
    form = VariantRowForm
    formset = VariantGridFormSet
    template = "admin/catalog/variant_grid.html"
    readonly_fields = ["link"]
    can_delete = False
    verbose_name = _("variant")
    verbose_name_plural = _("Variants: sizes, prices, barcodes and stock")

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None else 1

    def get_queryset(self, request):
        prices = Prefetch("prices", queryset=VariantPrice.objects.order_by("price_type_id"))
        return (
            super()
            .get_queryset(request)
            .order_by("ordering", "id")
            .prefetch_related(prices, "barcodes", "options", "stock_levels")
        )

    def grid(self, obj) -> VariantGrid:
        # An inline instance serves one request; its columns are loaded once.
        if getattr(self, "_grid", None) is None:
            self._grid = VariantGrid.load(obj)
        return self._grid

    def get_fields(self, request, obj=None):
        return ["link", "article", *self.grid(obj).field_names]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = self.grid(obj).form_class()
        formset = super().get_formset(request, obj, **kwargs)
        refused = getattr(request, "_service_error", None)
        formset.service_errors = getattr(refused, "rows", {}).get(formset.get_default_prefix(), {})
        formset.more_warehouses = self.grid(obj).more_warehouses
        return formset

    def __getattr__(self, name):
        # People who may only view the product get the table's cells as read-only columns: the admin looks
        # each one up on the inline by its name (a callable with a description, like an @admin.display).
        grid = self.__dict__.get("_grid")
        if grid is None or name not in grid.field_names:
            raise AttributeError(name)

        def cell(variant):
            return grid.cell_text(name, variant) if variant.pk else "—"

        cell.short_description = grid.label(name)
        return cell

    @admin.display(description=_("ID"))
    def link(self, variant):
        if variant.pk is None:
            return "—"
        url = reverse("admin:catalog_variant_change", args=[variant.pk])
        title = gettext("Dimensions, images, sets and the stock details are on the variant's page")
        return format_html('<a href="{}" title="{}">{}</a>', url, title, variant.public_id)
