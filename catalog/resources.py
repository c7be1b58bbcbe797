"""Admin import/export of products as spreadsheets (XLSX, XLS, CSV): one row per variant.

Columns (see docs/api.md): Код продукта, Наименование, Читаемый код, Полное наименование, Бренд, НДС,
На витрине, Код варианта, Артикул, Цена, Старая цена, Штрихкоды (comma separated, the default one first)
and one "Остаток <склад>" column per warehouse code. Files are read and written with tablib (the library
django-import-export uses).

Reading a file gives an ImportPlan: the human-readable changes per product and the row errors. Only
columns present in the file are compared, so a sheet with just "Код продукта", "Код варианта" and "Цена"
changes prices only. A blank stock or "На витрине" cell leaves the value as it is. Applying the plan
goes through the catalog write services (catalog.services.imports).
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib

from config.kernel.errors import ValidationFailed
from config.kernel.uploads import check_spreadsheet_rows, read_spreadsheet_upload
from inventory.models import StockLevel, Warehouse

from .models import Barcode, PriceType, Product, Variant, VariantPrice
from .spreadsheets import VAT_NAMES

PRODUCT_ID, NAME, BRAND, VAT, AVAILABLE = "Код продукта", "Наименование", "Бренд", "НДС", "На витрине"
HUMAN_ID, FULL_NAME = "Читаемый код", "Полное наименование"
VARIANT_ID, ARTICLE, PRICE, OLD_PRICE, BARCODES = "Код варианта", "Артикул", "Цена", "Старая цена", "Штрихкоды"
STOCK_PREFIX = "Остаток "
BASE_COLUMNS = [
    PRODUCT_ID,
    NAME,
    HUMAN_ID,
    FULL_NAME,
    BRAND,
    VAT,
    AVAILABLE,
    VARIANT_ID,
    ARTICLE,
    PRICE,
    OLD_PRICE,
    BARCODES,
]
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "csv": "text/csv",
}
YES, NO = "да", "нет"
BOOLEANS = {"да": True, "нет": False, "1": True, "0": False, "true": True, "false": False, "yes": True, "no": False}


# --- export ----------------------------------------------------------------------------------


@dataclass
class VariantState:
    """What the sheet shows of a variant, loaded in flat queries (no per-object prefetch cost)."""

    public_id: str
    article: str | None
    prices: list = field(default_factory=list)  # (role, price type code, value), by price type id
    barcodes: list = field(default_factory=list)  # values, the default one first
    stock: dict = field(default_factory=dict)  # warehouse code -> stockTotal


@dataclass
class ProductState:
    public_id: str
    short_name: str
    human_id: str | None
    full_name: str | None
    brand_name: str | None
    vat: str
    available: bool
    variants: list = field(default_factory=list)


STATE_CHUNK = 1000


def load_states(products) -> Iterator[ProductState]:
    """The sheet's view of the given products (a queryset), in id order, five queries per 1000 products."""
    rows = list(
        products.order_by("id").values_list(
            "pk", "public_id", "short_name", "human_id", "full_name", "brand_name", "vat", "available"
        )
    )
    for start in range(0, len(rows), STATE_CHUNK):
        chunk = rows[start : start + STATE_CHUNK]
        pks = [row[0] for row in chunk]
        by_product: dict[int, list[VariantState]] = {pk: [] for pk in pks}
        variants: dict[int, VariantState] = {}
        for pk, product_id, public_id, article in (
            Variant.objects.filter(product_id__in=pks)
            .order_by("ordering", "id")
            .values_list("pk", "product_id", "public_id", "article")
        ):
            variants[pk] = VariantState(public_id=public_id, article=article)
            by_product[product_id].append(variants[pk])
        for variant_id, role, code, value in (
            VariantPrice.objects.filter(variant__product_id__in=pks)
            .order_by("price_type_id")
            .values_list("variant_id", "price_type__role", "price_type__code", "value")
        ):
            variants[variant_id].prices.append((role, code, value))
        for variant_id, value in (
            Barcode.objects.filter(variant__product_id__in=pks)
            .order_by("-is_default", "id")
            .values_list("variant_id", "value")
        ):
            variants[variant_id].barcodes.append(value)
        for variant_id, code, total in StockLevel.objects.filter(variant__product_id__in=pks).values_list(
            "variant_id", "warehouse__code", "total"
        ):
            variants[variant_id].stock[code] = total
        for pk, *values in chunk:
            yield ProductState(*values, variants=by_product[pk])


def _prices(variant: VariantState) -> tuple[Decimal | None, Decimal | None]:
    by_role = {}
    for role, _, value in variant.prices:
        by_role.setdefault(role, value)
    return by_role.get(PriceType.Role.RETAIL), by_role.get(PriceType.Role.OLD)


def _number_cell(value):
    if value is None:
        return ""
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def export_dataset(products) -> tablib.Dataset:
    """The rows of the given products (a queryset), one per variant, in a tablib Dataset."""
    warehouse_codes = list(Warehouse.objects.order_by("id").values_list("code", flat=True))
    dataset = tablib.Dataset(headers=BASE_COLUMNS + [f"{STOCK_PREFIX}{code}" for code in warehouse_codes])
    for product in load_states(products):
        for variant in product.variants:
            price, old_price = _prices(variant)
            stock = variant.stock
            dataset.append(
                [
                    product.public_id,
                    product.short_name,
                    product.human_id or "",
                    product.full_name or "",
                    product.brand_name or "",
                    product.vat,
                    YES if product.available else NO,
                    variant.public_id,
                    variant.article or "",
                    _number_cell(price),
                    _number_cell(old_price),
                    ", ".join(variant.barcodes),
                    *[_number_cell(stock.get(code, 0)) for code in warehouse_codes],
                ]
            )
    return dataset


def export_file(products, file_format: str) -> bytes:
    if file_format not in FORMATS:
        raise ValidationFailed(f"Неизвестный формат {file_format}: нужен xlsx, xls или csv")
    data = export_dataset(products).export(file_format)
    return data.encode("utf-8-sig") if isinstance(data, str) else data


# --- reading ---------------------------------------------------------------------------------


def read_dataset(content: bytes, file_name: str) -> tablib.Dataset:
    """Load an XLSX, XLS or CSV file (chosen by its content, then its name) into a Dataset."""
    content = read_spreadsheet_upload(content)
    if content[:4] == b"PK\x03\x04":
        file_format = "xlsx"
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        file_format = "xls"
    elif file_name.lower().endswith(".csv"):
        file_format = "csv"
    else:
        raise ValidationFailed("Формат файла не распознан: загрузите XLSX, XLS или CSV")
    try:
        if file_format == "csv":
            text = content.decode("utf-8-sig")
            delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
            dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
        else:
            dataset = tablib.Dataset().load(io.BytesIO(content), format=file_format)
    except UnicodeDecodeError:
        raise ValidationFailed("CSV-файл должен быть в кодировке UTF-8") from None
    except Exception:  # readers raise many kinds of errors on damaged files
        message = f"Не удалось прочитать файл {file_format.upper()}: он поврежден или это другой формат"
        raise ValidationFailed(message) from None
    if not dataset.headers:
        raise ValidationFailed("В файле нет строки заголовков")
    return dataset


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decimal(value, what: str, places: int) -> Decimal | None:
    text = _text(value).replace(",", ".").replace(" ", "").replace("\xa0", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{what} «{_text(value)}» не число") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"{what} «{_text(value)}» должна быть неотрицательным числом")
    if number >= Decimal(10) ** (11 - places + 3) or number != round(number, places):
        raise ValueError(f"{what} «{_text(value)}»: не больше {places} знаков после запятой")
    return number


# --- the plan --------------------------------------------------------------------------------


@dataclass
class VariantRow:
    line: int
    public_id: str
    values: dict  # only the columns present in the file


@dataclass
class ProductPlan:
    public_id: str
    is_new: bool
    changes: list[str] = field(default_factory=list)
    product_data: dict | None = None  # save_products item (partial for existing products)
    variant_patches: list[dict] = field(default_factory=list)  # patch_variants items
    new_variants: list[dict] = field(default_factory=list)  # save_variant_directly data
    rows: int = 0


@dataclass
class ImportPlan:
    total_rows: int = 0
    products: list[ProductPlan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[ProductPlan]:
        return [p for p in self.products if p.changes]


def plan_import(dataset: tablib.Dataset) -> ImportPlan:
    """Compare the sheet with the catalog: what would change, and which rows are wrong. Reads only."""
    headers = [_text(h) for h in dataset.headers]
    plan = ImportPlan(total_rows=len(dataset))
    for required in (PRODUCT_ID, VARIANT_ID):
        if required not in headers:
            raise ValidationFailed(f"В файле нет колонки «{required}»: скачайте образец экспортом товаров")
    check_spreadsheet_rows(len(dataset))
    columns = {h: i for i, h in enumerate(headers) if h}
    stock_columns = {h[len(STOCK_PREFIX) :].strip(): i for h, i in columns.items() if h.startswith(STOCK_PREFIX)}
    warehouses = {w.code: w for w in Warehouse.objects.filter(code__in=stock_columns)}
    for code in stock_columns:
        if code not in warehouses:
            plan.errors.append(f"Колонка «{STOCK_PREFIX}{code}»: склад с кодом «{code}» не найден")

    grouped: dict[str, list[VariantRow]] = {}
    seen_variants: dict[str, int] = {}
    for index, raw in enumerate(dataset, start=2):
        cells = {h: raw[i] if i < len(raw) else None for h, i in columns.items()}
        if not any(_text(v) for v in cells.values()):
            continue
        row, errors = _parse_row(index, cells, stock_columns, warehouses)
        product_id = _text(cells[PRODUCT_ID])
        if row is not None and row.public_id in seen_variants:
            errors.append(f"вариант {row.public_id} уже есть в строке {seen_variants[row.public_id]}")
        if errors:
            plan.errors.append(f"Строка {index}: {'; '.join(errors)}")
            continue
        seen_variants[row.public_id] = index
        grouped.setdefault(product_id, []).append(row)

    plan.errors += _barcode_conflicts(grouped)
    price_codes = {}
    for price_type in PriceType.objects.order_by("-pk"):
        price_codes[price_type.role] = price_type.code
    products = _load_products(list(grouped))
    variant_owner = dict(
        Variant.objects.filter(public_id__in=list(seen_variants)).values_list("public_id", "product__public_id")
    )
    for product_id, rows in grouped.items():
        try:
            plan.products.append(_plan_product(product_id, rows, products.get(product_id), variant_owner, price_codes))
        except ValueError as error:
            plan.errors.append(str(error))
    return plan


def _barcode_conflicts(grouped: dict[str, list[VariantRow]]) -> list[str]:
    """A barcode is unique in the catalog: twice in the sheet, or owned by a variant the sheet does not
    list, is an error before anything is written."""
    errors, first_line = [], {}
    in_sheet = {row.public_id for rows in grouped.values() for row in rows}
    for rows in grouped.values():
        for row in rows:
            for value in row.values.get("barcodes") or []:
                if value in first_line and first_line[value][1] != row.public_id:
                    errors.append(f"Строка {row.line}: штрихкод {value} уже указан в строке {first_line[value][0]}")
                first_line.setdefault(value, (row.line, row.public_id))
    owners = Barcode.objects.filter(value__in=list(first_line)).values_list("value", "variant__public_id")
    for value, owner in owners:
        line, public_id = first_line[value]
        if owner != public_id and owner not in in_sheet:
            errors.append(f"Строка {line}: штрихкод {value} уже используется в варианте {owner}")
    return errors


def _parse_row(line: int, cells: dict, stock_columns: dict, warehouses: dict) -> tuple[VariantRow | None, list[str]]:
    errors, values = [], {}
    product_id, variant_id = _text(cells[PRODUCT_ID]), _text(cells[VARIANT_ID])
    from .models.common import PUBLIC_ID_RE

    for what, value in (("Код продукта", product_id), ("Код варианта", variant_id)):
        if not value:
            errors.append(f"не указан {what}")
        elif not PUBLIC_ID_RE.match(value) or len(value) > 64:
            errors.append(f"{what} «{value}» может содержать только цифры, латиницу, -, _, # и точку")
    if NAME in cells:
        values["short_name"] = _text(cells[NAME])[:500]
    for column, key, length in (
        (HUMAN_ID, "human_id", 255),
        (FULL_NAME, "full_name", 1000),
        (BRAND, "brand_name", 255),
    ):
        if column in cells:
            values[key] = _text(cells[column])[:length] or None
    if VAT in cells and _text(cells[VAT]):
        vat = VAT_NAMES.get(_text(cells[VAT]).lower())
        if vat is None:
            errors.append(f"неизвестная ставка НДС «{_text(cells[VAT])}» (VAT_20, VAT_10, VAT_0 или NO_VAT)")
        values["vat"] = vat
    if AVAILABLE in cells and _text(cells[AVAILABLE]):
        flag = BOOLEANS.get(_text(cells[AVAILABLE]).lower())
        if flag is None:
            errors.append(f"«На витрине» должно быть «да» или «нет», а не «{_text(cells[AVAILABLE])}»")
        values["available"] = flag
    if ARTICLE in cells:
        values["article"] = _text(cells[ARTICLE])[:255] or None
    for column, key in ((PRICE, "price"), (OLD_PRICE, "old_price")):
        if column in cells:
            try:
                values[key] = _decimal(cells[column], column, 2)
            except ValueError as error:
                errors.append(str(error))
    if BARCODES in cells:
        barcodes = [b.strip() for b in _text(cells[BARCODES]).replace(";", ",").split(",") if b.strip()]
        if any(len(b) > 100 for b in barcodes):
            errors.append("штрихкод длиннее 100 символов")
        if len(barcodes) != len(set(barcodes)):
            errors.append("штрихкод повторяется")
        values["barcodes"] = barcodes
    stock = {}
    for code in stock_columns:
        if code not in warehouses:
            continue
        header = f"{STOCK_PREFIX}{code}"
        try:
            quantity = _decimal(cells.get(header), f"остаток на складе {code}", 3)
        except ValueError as error:
            errors.append(str(error))
            continue
        if quantity is not None:
            stock[code] = quantity
    if stock:
        values["stock"] = stock
    return (VariantRow(line=line, public_id=variant_id, values=values) if not errors else None), errors


def _load_products(public_ids: list[str]) -> dict[str, ProductState]:
    return {state.public_id: state for state in load_states(Product.objects.filter(public_id__in=public_ids))}


PRODUCT_FIELDS = [
    ("short_name", NAME),
    ("human_id", HUMAN_ID),
    ("full_name", FULL_NAME),
    ("brand_name", BRAND),
    ("vat", VAT),
    ("available", AVAILABLE),
]


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value)


def _plan_product(
    product_id: str, rows: list[VariantRow], product: ProductState | None, variant_owner: dict, price_codes: dict
) -> ProductPlan:
    first = rows[0]
    product_values = {}
    for key, column in PRODUCT_FIELDS:
        for row in rows:
            if key not in row.values or row.values[key] is None and key in ("vat", "available"):
                continue
            if key in product_values and product_values[key] != row.values[key]:
                raise ValueError(
                    f"Строка {row.line}: «{column}» продукта {product_id} отличается от строки {first.line}"
                )
            product_values[key] = row.values[key]
    for row in rows:
        owner = variant_owner.get(row.public_id)
        if owner is not None and owner != product_id:
            raise ValueError(f"Строка {row.line}: вариант {row.public_id} принадлежит продукту {owner}")

    plan = ProductPlan(public_id=product_id, is_new=product is None, rows=len(rows))
    if product is None:
        plan.changes.append(f"Новый товар {product_id}: {len(rows)} вариант(ов)")
        plan.product_data = {
            "public_id": product_id,
            **product_values,
            "variants_to_update": [_variant_data(row.public_id, row.values, None) for row in rows],
        }
        return plan

    changed = {}
    for key, column in PRODUCT_FIELDS:
        if key in product_values and product_values[key] != getattr(product, key):
            changed[key] = product_values[key]
            plan.changes.append(f"{column}: {_shown(getattr(product, key))} → {_shown(product_values[key])}")
    if changed:
        plan.product_data = {"public_id": product_id, **changed}
    existing = {v.public_id: v for v in product.variants}
    for row in rows:
        variant = existing.get(row.public_id)
        if variant is None:
            plan.changes.append(f"Новый вариант {row.public_id}")
            plan.new_variants.append({"product_id": product_id, **_variant_data(row.public_id, row.values, None)})
            continue
        patch, changes = _variant_changes(variant, row.values, price_codes)
        if patch:
            plan.changes += [f"Вариант {row.public_id}: {c}" for c in changes]
            plan.variant_patches.append({"product_id": product_id, "public_id": row.public_id, **patch})
    return plan


def _variant_data(public_id: str, values: dict, variant: VariantState | None) -> dict:
    data = {"public_id": public_id}
    if "article" in values:
        data["article"] = values["article"]
    if "price" in values:
        data["price"] = values["price"]
    if "old_price" in values:
        data["old_price"] = values["old_price"]
    if "barcodes" in values:
        data["barcodes"] = [{"value": b, "is_default": i == 0} for i, b in enumerate(values["barcodes"])]
    if values.get("stock"):
        data["stock"] = [{"warehouse_code": c, "stock_total": q} for c, q in values["stock"].items()]
        data["update_stock_total"] = True
    return data


def _variant_changes(variant: VariantState, values: dict, price_codes: dict) -> tuple[dict, list[str]]:
    patch, changes = {}, []
    if "article" in values and (values["article"] or None) != (variant.article or None):
        patch["article"] = values["article"]
        changes.append(f"{ARTICLE}: {_shown(variant.article)} → {_shown(values['article'])}")
    price, old_price = _prices(variant)
    price_changed = False
    for key, column, current in (("price", PRICE, price), ("old_price", OLD_PRICE, old_price)):
        if key in values and values[key] != current:
            price_changed = True
            changes.append(f"{column}: {_shown(current)} → {_shown(values[key])}")
    if price_changed:
        # Send the whole price list: the sheet's retail and old prices, the variant's other price types.
        wanted = {
            PriceType.Role.RETAIL: values.get("price", price),
            PriceType.Role.OLD: values.get("old_price", old_price),
        }
        prices = [
            {"price_code": code, "value": value} for role, code, value in variant.prices if role == PriceType.Role.OTHER
        ]
        for role, value in wanted.items():
            if value is not None and role in price_codes:
                prices.append({"price_code": price_codes[role], "value": value})
        patch["prices"] = prices
    if "barcodes" in values:
        current = list(variant.barcodes)
        if values["barcodes"] != current:
            patch["barcodes"] = [{"value": b, "is_default": i == 0} for i, b in enumerate(values["barcodes"])]
            changes.append(f"{BARCODES}: {_shown(current)} → {_shown(values['barcodes'])}")
    if values.get("stock"):
        levels = variant.stock
        stock = []
        for code, quantity in values["stock"].items():
            current = levels.get(code, Decimal(0))
            if quantity != current:
                stock.append({"warehouse_code": code, "stock_total": quantity})
                changes.append(f"Остаток {code}: {_shown(current)} → {_shown(quantity)}")
        if stock:
            patch["stock"] = stock
            patch["update_stock_total"] = True
    return patch, changes
