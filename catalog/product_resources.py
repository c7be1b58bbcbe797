"""django-import-export resource of the products changelist: one row per variant, columns a manager can read.

Columns (docs/api.md, "Admin spreadsheets"): Код продукта, Наименование, Читаемый код (humanId), Полное
наименование (fullName), Бренд, НДС ("20 %"), На витрине (да/нет), Коллекции (collection IDs, comma separated),
Код варианта, Артикул, Штрихкоды (comma separated, the default one first), one column per option (size, colour
...) headed by the option's name from the option dictionary ("Размер"; "Опция <code>" for an option without a
name of its own), one "Цена <price type code>" per price type, one "Остаток <warehouse name> (<code>)" per
warehouse and Изображения (image URLs, export only).
Imported headers may name an option by its name or as "Опция <code>" (a code the catalog does not know yet
adds that option), a warehouse by its code, its name or both, and a price type by its code or name.

Import compares each row with what the export would write for that variant: a row that matches is unchanged
(skipped, nothing written, no history); only the columns present in the file are compared and changed, so a
sheet with just "Код варианта" and "Цена RETAIL" changes prices only. A blank stock cell leaves the stock as
it is; a blank price or option cell removes that price or option. Writes go through catalog.services
save_products (history source XLS, stock through inventory.services with its ledger lines), never Model.save;
the dry run makes the same calls inside the transaction import-export rolls back.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.resources import Diff

from config.kernel.actor import Actor, ChangeSource
from config.kernel.errors import DomainError, ValidationFailed
from config.spreadsheet_import import RowLimitResource
from inventory.models import StockLevel, Warehouse

from . import cells
from .models import Barcode, Feature, PriceType, Product, ProductImage, Variant, VariantOption, VariantPrice
from .models.attributes import ValueType
from .models.common import PUBLIC_ID_RE
from .services.products import save_products, save_variant_directly

PRODUCT_ID, NAME, HUMAN_ID, FULL_NAME, BRAND, VAT, AVAILABLE, COLLECTIONS = (
    "Код продукта",
    "Наименование",
    "Читаемый код",
    "Полное наименование",
    "Бренд",
    "НДС",
    "На витрине",
    "Коллекции",
)
VARIANT_ID, ARTICLE, BARCODES, IMAGES = "Код варианта", "Артикул", "Штрихкоды", "Изображения"
OPTION_PREFIX, PRICE_PREFIX, STOCK_PREFIX = "Опция ", "Цена ", "Остаток "
PRODUCT_COLUMNS = [PRODUCT_ID, NAME, HUMAN_ID, FULL_NAME, BRAND, VAT, AVAILABLE, COLLECTIONS]
EXAMPLE_PRODUCT_ID = "EXAMPLE-TSHIRT"
CHUNK = 1000


def option_columns() -> dict[str, str]:
    """Option code -> its column: the option's name (Feature.title) when it is one a manager can tell from the
    other columns, else "Опция <code>". The dictionary's options first, then any other code in use."""
    features = list(Feature.objects.order_by("ordering", "id").values_list("code", "title"))
    codes = dict.fromkeys(code for code, _ in features)
    codes.update(dict.fromkeys(VariantOption.objects.order_by("code").values_list("code", flat=True).distinct()))
    titles = [title.strip() for _, title in features if title.strip()]
    taken = {*PRODUCT_COLUMNS, VARIANT_ID, ARTICLE, BARCODES, IMAGES}
    columns = {}
    for code, title in features:
        name = title.strip()
        usable = (
            name
            and titles.count(name) == 1
            and name not in taken
            and not name.startswith((OPTION_PREFIX, PRICE_PREFIX, STOCK_PREFIX))
        )
        columns[code] = name if usable else f"{OPTION_PREFIX}{code}"
    return {code: columns.get(code, f"{OPTION_PREFIX}{code}") for code in codes}


def warehouse_column(warehouse: Warehouse) -> str:
    label = warehouse.code if warehouse.name in ("", warehouse.code) else f"{warehouse.name} ({warehouse.code})"
    return f"{STOCK_PREFIX}{label}"


def import_actor(user) -> Actor:
    login = user.get_username() if user is not None and user.is_authenticated else ""
    return Actor(source=ChangeSource.XLS, login=login, action="admin import")


# --- what the sheet shows of a variant ------------------------------------------------------------


def sheet_states(variants, *, option_column: dict[str, str], request=None) -> dict[int, dict[str, str]]:
    """Variant pk -> {column: cell text} for the given variants (a list of Variant with product loaded),
    loaded in eight flat queries per chunk of CHUNK variants; `option_column` is option_columns()."""
    warehouses = {w.pk: warehouse_column(w) for w in Warehouse.objects.all()}
    states: dict[int, dict[str, str]] = {}
    for start in range(0, len(variants), CHUNK):
        chunk = variants[start : start + CHUNK]
        pks = [v.pk for v in chunk]
        product_pks = {v.product_id for v in chunk}
        by_product = product_cells(Product.objects.filter(pk__in=product_pks))
        images: dict[int, list[str]] = {}
        for image in ProductImage.objects.filter(product_id__in=product_pks).order_by("pos", "id"):
            url = image.file.url if image.file else ""
            images.setdefault(image.product_id, []).append(request.build_absolute_uri(url) if request else url)
        for variant in chunk:
            product = variant.product
            states[variant.pk] = {
                PRODUCT_ID: product.public_id,
                **by_product[product.public_id],
                VARIANT_ID: variant.public_id,
                ARTICLE: variant.article or "",
                BARCODES: "",
                IMAGES: " ".join(images.get(product.pk, [])),
                **{column: "0" for column in warehouses.values()},
            }
        barcodes: dict[int, list[str]] = {}
        for variant_id, value in (
            Barcode.objects.filter(variant_id__in=pks).order_by("-is_default", "id").values_list("variant_id", "value")
        ):
            barcodes.setdefault(variant_id, []).append(value)
        for variant_id, values in barcodes.items():
            states[variant_id][BARCODES] = ", ".join(values)
        for option in VariantOption.objects.filter(variant_id__in=pks).order_by("id"):
            column = option_column.get(option.code, f"{OPTION_PREFIX}{option.code}")
            states[option.variant_id][column] = option_text(option)
        for variant_id, code, value in VariantPrice.objects.filter(variant_id__in=pks).values_list(
            "variant_id", "price_type__code", "value"
        ):
            states[variant_id][f"{PRICE_PREFIX}{code}"] = cells.plain(value)
        for variant_id, warehouse_id, total in StockLevel.objects.filter(variant_id__in=pks).values_list(
            "variant_id", "warehouse_id", "total"
        ):
            states[variant_id][warehouses[warehouse_id]] = cells.plain(total)
    return states


def product_cells(products) -> dict[str, dict[str, str]]:
    """Product public id -> its cells (name, brand, VAT, shown, collections), in two queries."""
    rows = list(
        products.values_list("pk", "public_id", "short_name", "human_id", "full_name", "brand_name", "vat", "available")
    )
    collections: dict[int, list[str]] = {}
    for product_id, public_id in (
        Product.collections.through.objects.filter(product_id__in=[r[0] for r in rows])
        .order_by("collection__ordering", "collection_id")
        .values_list("product_id", "collection__public_id")
    ):
        collections.setdefault(product_id, []).append(public_id)
    return {
        public_id: {
            NAME: short_name or "",
            HUMAN_ID: human_id or "",
            FULL_NAME: full_name or "",
            BRAND: brand_name or "",
            VAT: cells.VAT_LABELS.get(vat, vat),
            AVAILABLE: cells.YES if available else cells.NO,
            COLLECTIONS: ", ".join(collections.get(pk, [])),
        }
        for pk, public_id, short_name, human_id, full_name, brand_name, vat, available in rows
    }


def option_text(option: VariantOption) -> str:
    return option.string_value if option.string_value is not None else cells.plain(option.decimal_value)


# --- how the file's headers map to the catalog -----------------------------------------------------


@dataclass
class Columns:
    """The file's headers resolved once per import: each known header -> the column the export writes
    ("Остаток Склад" and "Остаток MAIN" -> "Остаток Склад (MAIN)", "Цена Розничная" -> "Цена RETAIL")."""

    canonical: dict[str, str] = field(default_factory=dict)  # file header -> export column
    prices: dict[str, PriceType] = field(default_factory=dict)  # export column -> price type
    stock: dict[str, Warehouse] = field(default_factory=dict)  # export column -> warehouse
    options: dict[str, str] = field(default_factory=dict)  # export column -> option code
    errors: list[str] = field(default_factory=list)

    @classmethod
    def resolve(cls, headers: list[str], option_column: dict[str, str]) -> "Columns":
        columns = cls()
        option_of = {column: code for code, column in option_column.items()}
        price_types = list(PriceType.objects.all())
        warehouses = list(Warehouse.objects.all())
        for header in headers:
            if header in PRODUCT_COLUMNS or header in (VARIANT_ID, ARTICLE, BARCODES):
                columns.canonical[header] = header
            elif header.startswith(PRICE_PREFIX):
                label = header[len(PRICE_PREFIX) :].strip()
                found = [t for t in price_types if t.code == label] or [t for t in price_types if t.name == label]
                if len(found) != 1:
                    columns.errors.append(f"Колонка «{header}»: тип цены «{label}» не найден")
                    continue
                columns.canonical[header] = f"{PRICE_PREFIX}{found[0].code}"
                columns.prices[columns.canonical[header]] = found[0]
            elif header.startswith(STOCK_PREFIX):
                warehouse = _warehouse(header[len(STOCK_PREFIX) :].strip(), warehouses)
                if warehouse is None:
                    columns.errors.append(f"Колонка «{header}»: склад не найден (нужен код или название склада)")
                    continue
                columns.canonical[header] = warehouse_column(warehouse)
                columns.stock[columns.canonical[header]] = warehouse
            elif header in option_of:
                columns.canonical[header] = header
                columns.options[header] = option_of[header]
            elif header.startswith(OPTION_PREFIX) and header[len(OPTION_PREFIX) :].strip():
                code = header[len(OPTION_PREFIX) :].strip()[:100]
                columns.canonical[header] = option_column.get(code, f"{OPTION_PREFIX}{code}")
                columns.options[columns.canonical[header]] = code
            elif header and header != IMAGES:
                # An unknown column would be ignored silently: a manager's "Цена" would change nothing.
                columns.errors.append(
                    f"Колонка «{header}» не распознана: названия колонок как в экспорте "
                    f"(«{PRICE_PREFIX}<тип цены>», «{STOCK_PREFIX}<склад>», название опции "
                    f"или «{OPTION_PREFIX}<код опции>»)"
                )
        if len(set(columns.canonical.values())) != len(columns.canonical):
            columns.errors.append("Одна и та же колонка указана в файле дважды")
        return columns


def _warehouse(label: str, warehouses: list[Warehouse]) -> Warehouse | None:
    by_code = [w for w in warehouses if w.code == label]
    if not by_code and (match := re.fullmatch(r"(.*)\(([^()]+)\)", label)):
        by_code = [w for w in warehouses if w.code == match.group(2).strip()]
    found = by_code or [w for w in warehouses if w.name == label]
    return found[0] if len(found) == 1 else None


class SheetDiff(Diff):
    """The preview's before/after columns: what the export writes, not the model's attributes."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = self.cells(resource, instance)

    def compare_with(self, resource, instance):
        self.right = self.cells(resource, instance)

    @staticmethod
    def cells(resource, instance):
        return [
            resource.export_field(f, instance) if instance is not None else "" for f in resource.get_import_fields()
        ]


class CellWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cells.text(value)


def _column(name: str, readonly: bool = False) -> fields.Field:
    return fields.Field(
        attribute=None,
        column_name=name,
        readonly=readonly,
        dehydrate_method=lambda variant, name=name: getattr(variant, "sheet", {}).get(name, ""),
    )


class ProductResource(RowLimitResource):
    """Products with their variants (one row per variant); see the module's docstring."""

    variant = fields.Field(attribute="public_id", column_name=VARIANT_ID, widget=CellWidget())

    class Meta:
        model = Variant
        name = "Товары (строка на вариант)"
        fields = ["variant"]
        import_id_fields = ["variant"]
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True

    def __init__(self, request=None, **kwargs):
        super().__init__(**kwargs)
        self.request = request
        self.check_only = False
        # The id column keeps its place after the product's columns.
        variant_field = self.fields.pop("variant")
        for name in PRODUCT_COLUMNS:
            self.fields[name] = _column(name)
        self.fields["variant"] = variant_field
        variant_field.dehydrate_method = lambda variant: getattr(variant, "sheet", {}).get(VARIANT_ID, "")
        for name in (ARTICLE, BARCODES):
            self.fields[name] = _column(name)
        self.option_column = option_columns()
        for column in self.option_column.values():
            self.fields[column] = _column(column)
        for code in PriceType.objects.order_by("id").values_list("code", flat=True):
            self.fields[f"{PRICE_PREFIX}{code}"] = _column(f"{PRICE_PREFIX}{code}")
        for warehouse in Warehouse.objects.order_by("id"):
            self.fields[warehouse_column(warehouse)] = _column(warehouse_column(warehouse))
        self.fields[IMAGES] = _column(IMAGES, readonly=True)

    def get_diff_class(self):
        return SheetDiff

    def get_export_order(self):
        return tuple(self.fields)

    def get_import_order(self):
        return tuple(self.fields)

    # --- export -----------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        """Products (the changelist's filtered or selected ones) become their variants, with the sheet loaded."""
        if isinstance(queryset, list):  # rows made in memory (the template's example product)
            return queryset
        if queryset.model is Product:
            queryset = Variant.objects.filter(product__in=queryset.values("pk"))
        variants = list(queryset.select_related("product").order_by("product_id", "ordering", "id"))
        states = sheet_states(variants, option_column=self.option_column, request=self.request)
        for variant in variants:
            variant.sheet = states[variant.pk]
        return variants

    # --- import -----------------------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, **kwargs):
        # A dry run of a file the admin will hand to a Celery job (more than IMPORT_SYNC_MAX_ROWS rows) checks
        # the cells and shows the changes without running the services: they run in the job.
        self.check_only = dry_run and len(dataset) > settings.IMPORT_SYNC_MAX_ROWS
        # An option column the catalog does not know yet ("Опция рост") still shows in the preview.
        for header in dataset.headers or []:
            name = cells.text(header)
            if name.startswith(OPTION_PREFIX) and name[len(OPTION_PREFIX) :].strip():
                code = name[len(OPTION_PREFIX) :].strip()[:100]
                self.option_column.setdefault(code, f"{OPTION_PREFIX}{code}")
                self.fields.setdefault(self.option_column[code], _column(self.option_column[code]))
        return super().import_data(dataset, dry_run=dry_run, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        dataset.headers = [cells.text(h) for h in dataset.headers or []]
        for required in (PRODUCT_ID, VARIANT_ID):
            if required not in dataset.headers:
                raise ValidationFailed(f"В файле нет колонки «{required}»: скачайте образец на странице импорта")
        self.columns = Columns.resolve(dataset.headers, self.option_column)
        if self.columns.errors:
            raise ValidationFailed("; ".join(self.columns.errors))
        self.option_types = dict(Feature.objects.values_list("code", "type"))
        self.option_names = dict(Feature.objects.exclude(title="").values_list("code", "title"))
        ids = {cells.text(v) for v in dataset[VARIANT_ID]} - {""}
        existing = list(Variant.objects.filter(public_id__in=ids).select_related("product"))
        states = sheet_states(existing, option_column=self.option_column)
        self.states = {v.public_id: states[v.pk] for v in existing}
        product_ids = {cells.text(v) for v in dataset[PRODUCT_ID]} - {""}
        self.product_cells = product_cells(Product.objects.filter(public_id__in=product_ids))
        self.existing_products = set(self.product_cells)
        self.first_rows: dict[str, tuple[int, dict]] = {}  # product id -> (row, its product cells)
        self.seen_variants: dict[str, int] = {}
        self.changed_products: set[str] = set()
        self.actor = import_actor(kwargs.get("user"))

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.sheet = {} if new else dict(self.states.get(instance.public_id, {}))

    def import_instance(self, instance, row, **kwargs):
        """Read the row's cells into `instance.sheet` (what the export will show after the import) and the
        service item into `instance.item`; a bad cell is a validation error on its column."""
        number = kwargs.get("row_number")
        errors: dict[str, list[str]] = {}
        given = {column: cells.text(row.get(header)) for header, column in self.columns.canonical.items()}
        product_id, variant_id = given[PRODUCT_ID], given[VARIANT_ID]
        for column, value in ((PRODUCT_ID, product_id), (VARIANT_ID, variant_id)):
            if not value:
                errors.setdefault(column, []).append(f"не указан {column}")
            elif not PUBLIC_ID_RE.match(value) or len(value) > 64:
                errors.setdefault(column, []).append("только цифры, латиница, -, _, # и точка, до 64 символов")
        owner = instance.sheet.get(PRODUCT_ID)
        if owner and product_id and owner != product_id:
            errors.setdefault(VARIANT_ID, []).append(f"вариант {variant_id} принадлежит продукту {owner}")
        if variant_id in self.seen_variants:
            errors.setdefault(VARIANT_ID, []).append(f"вариант уже есть в строке {self.seen_variants[variant_id]}")
        shown = self._shown(given, instance.sheet, errors)
        item = self._item(given, instance.sheet, errors)
        product_cells = {column: shown[column] for column in PRODUCT_COLUMNS[1:] if column in shown}
        if product_id and not errors:
            first_number, first_cells = self.first_rows.setdefault(product_id, (number, product_cells))
            for column, value in product_cells.items():
                if column in first_cells and first_cells[column] != value:
                    errors.setdefault(column, []).append(f"отличается от строки {first_number} того же продукта")
        if errors:
            raise ValidationError(errors)
        self.seen_variants[variant_id] = number
        instance.public_id = variant_id
        instance.sheet = {**instance.sheet, **shown}
        instance.item = item
        instance.product_public_id = product_id

    def _shown(self, given: dict, current: dict, errors: dict) -> dict:
        """The row's cells as the export writes them ("20%" -> "20 %", "1990.0" -> "1990"); a blank stock,
        VAT or "На витрине" cell keeps what is there."""
        shown = {}
        for column, value in given.items():
            try:
                if column == VAT:
                    shown[column] = cells.VAT_LABELS[cells.vat(value)] if value else current.get(column, "")
                elif column == AVAILABLE:
                    flag = cells.boolean(value)
                    shown[column] = current.get(column, "") if flag is None else (cells.YES if flag else cells.NO)
                elif column in (COLLECTIONS, BARCODES):
                    shown[column] = ", ".join(cells.listed(value))
                elif column in self.columns.prices:
                    shown[column] = cells.plain(cells.amount(value, places=2, max_digits=14))
                elif column in self.columns.stock:
                    quantity = cells.amount(value, places=3, max_digits=15)
                    shown[column] = cells.plain(quantity) if quantity is not None else current.get(column, "0")
                elif column in self.columns.options and self.option_types.get(self.columns.options[column]) == (
                    ValueType.DECIMAL
                ):
                    shown[column] = cells.plain(cells.amount(value, places=6, max_digits=20))
                else:
                    shown[column] = value
            except ValueError as error:
                errors.setdefault(column, []).append(str(error))
        if len(cells.listed(given.get(BARCODES))) != len(set(cells.listed(given.get(BARCODES)))):
            errors.setdefault(BARCODES, []).append("штрихкод повторяется")
        if any(len(b) > 100 for b in cells.listed(given.get(BARCODES))):
            errors.setdefault(BARCODES, []).append("штрихкод длиннее 100 символов")
        return shown

    def _item(self, given: dict, current: dict, errors: dict) -> dict:
        """The save_products item of the row: the product's cells in the file, and what changes in the variant
        (a new variant gets everything the row gives)."""
        if errors:
            return {}
        product: dict = {}
        if NAME in given:
            product["short_name"] = given[NAME][:500]
        if HUMAN_ID in given:
            product["human_id"] = given[HUMAN_ID][:255] or None
        if FULL_NAME in given:
            product["full_name"] = given[FULL_NAME][:1000] or None
        if BRAND in given:
            product["brand_name"] = given[BRAND][:255] or None
        if given.get(VAT):
            product["vat"] = cells.vat(given[VAT])
        if given.get(AVAILABLE):
            product["available"] = cells.boolean(given[AVAILABLE])
        if COLLECTIONS in given:
            product["collections"] = cells.listed(given[COLLECTIONS])
        new = not current
        variant: dict = {"public_id": given[VARIANT_ID]}
        if ARTICLE in given and (new or given[ARTICLE] != current.get(ARTICLE)):
            variant["article"] = given[ARTICLE][:255] or None
        barcodes = cells.listed(given.get(BARCODES))
        if BARCODES in given and (new or barcodes != cells.listed(current.get(BARCODES))):
            variant["barcodes"] = [{"value": b, "is_default": i == 0} for i, b in enumerate(barcodes)]
        price_columns = [c for c in self.columns.prices if c in given]
        if any(new or cells.plain(cells.number(given[c])) != current.get(c, "") for c in price_columns):
            # The service replaces the whole price list: the file's prices over the variant's other ones.
            prices = {c: v for c, v in current.items() if c.startswith(PRICE_PREFIX) and v}
            prices.update({c: given[c] for c in price_columns})
            variant["prices"] = [
                {"price_code": column[len(PRICE_PREFIX) :], "value": cells.number(value)}
                for column, value in prices.items()
                if value
            ]
        option_of = {column: code for code, column in self.option_column.items()}
        given_options = [c for c in self.columns.options if c in given]
        if any(given[c] != current.get(c, "") for c in given_options):
            options = {c: v for c, v in current.items() if c in option_of and v}
            options.update({c: given[c] for c in given_options})
            variant["options"] = [self._option(option_of[column], value) for column, value in options.items() if value]
        stock = []
        for column, warehouse in self.columns.stock.items():
            quantity = cells.number(given.get(column))
            if quantity is not None and cells.plain(quantity) != current.get(column, "0"):
                stock.append({"warehouse_code": warehouse.code, "stock_total": quantity})
        if stock:
            variant["stock"] = stock
            variant["update_stock_total"] = True
        return {"product": product, "variant": variant}

    def _option(self, code: str, value: str) -> dict:
        option = {"code": code, "name": self.option_names.get(code)}
        if self.option_types.get(code) == ValueType.DECIMAL:
            option["decimal_value"] = cells.number(value)
        else:
            option["string_value"] = value[:500]
        return option

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or not original.sheet:
            return False
        return _filled(instance.sheet) == _filled(original.sheet)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        """One save_products call per changed row: the product's columns in the file and this variant."""
        if self.check_only:
            return
        product_id = instance.product_public_id
        product, variant = instance.item["product"], instance.item["variant"]
        exists = product_id in self.existing_products
        if exists:
            before = self.product_cells.get(product_id, {})
            product = {k: v for k, v in product.items() if _product_cell(k, v) != before.get(_COLUMN_OF[k])}
        if exists and instance.public_id not in self.states:
            # A new variant of an existing product: the product's changed cells, then the variant on its own.
            messages = self._save_product({"public_id": product_id, **product}) if product else []
            if not messages:
                try:
                    save_variant_directly(data={"product_id": product_id, **variant}, partial=False, actor=self.actor)
                except DomainError as error:
                    messages.append(error.message)
        else:
            messages = self._save_product({"public_id": product_id, **product, "variants_to_update": [variant]})
        if messages:
            raise ValidationError({NON_FIELD_ERRORS: messages})
        self.existing_products.add(product_id)
        self.changed_products.add(product_id)
        instance.pk = Variant.objects.filter(public_id=variant["public_id"]).values_list("pk", flat=True).first()

    def _save_product(self, data: dict) -> list[str]:
        exists = data["public_id"] in self.existing_products
        result = save_products(items=[data], partial=exists, actor=self.actor)[0]
        return list(result.errors) + [m for v in result.variants or [] for m in v.errors]

    def save_m2m(self, instance, row, **kwargs):
        """Collections are part of the product item saved above."""

    # --- the template ----------------------------------------------------------------------------

    def example(self) -> list[Variant]:
        """Rows of an example product (a T-shirt in two sizes with prices, barcodes and stock), not saved:
        the file a manager downloads as the import template."""
        price_types = list(PriceType.objects.order_by("id"))
        warehouses = list(Warehouse.objects.order_by("id"))
        sizes = [c for code, c in self.option_column.items() if "size" in code.lower() or "размер" in c.lower()]
        size_column = sizes[0] if sizes else self.option_column.setdefault("size", f"{OPTION_PREFIX}size")
        if size_column not in self.fields:
            self.fields[size_column] = _column(size_column)
        rows = []
        for index, size in enumerate(("M", "L"), start=1):
            variant = Variant(public_id=f"{EXAMPLE_PRODUCT_ID}-{size}")
            variant.sheet = {
                PRODUCT_ID: EXAMPLE_PRODUCT_ID,
                NAME: "Футболка хлопковая",
                BRAND: "Nova",
                VAT: cells.VAT_LABELS["VAT_20"],
                AVAILABLE: cells.YES,
                COLLECTIONS: "",
                VARIANT_ID: variant.public_id,
                ARTICLE: f"TS-{size}",
                BARCODES: f"460000000000{index}",
                size_column: size,
                **{f"{PRICE_PREFIX}{t.code}": "1990" if t.role == PriceType.Role.RETAIL else "" for t in price_types},
                **{warehouse_column(w): str(5 * index) for w in warehouses},
            }
            rows.append(variant)
        return rows


def _filled(sheet: dict) -> dict:
    return {column: value for column, value in sheet.items() if value != ""}


_COLUMN_OF = {
    "short_name": NAME,
    "human_id": HUMAN_ID,
    "full_name": FULL_NAME,
    "brand_name": BRAND,
    "vat": VAT,
    "available": AVAILABLE,
    "collections": COLLECTIONS,
}


def _product_cell(key: str, value) -> str:
    """A product value as its cell shows it, to send only the product fields that change."""
    if key == "vat":
        return cells.VAT_LABELS.get(value, value)
    if key == "available":
        return cells.YES if value else cells.NO
    if key == "collections":
        return ", ".join(value)
    return value or ""
