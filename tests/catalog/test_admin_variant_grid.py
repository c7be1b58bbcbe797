"""The product page's variant table (catalog/admin/variant_grid.py): a product with its sizes, prices, barcodes
and stock in one save through save_products, stock changes with a reason in the ledger, and refusals that
write nothing and show the error on the cell.

The tests post what a browser would: the page is fetched, its form read back (hidden initial values
included) and only the cells a manager would touch are changed."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import FeatureValue, HistoryEvent, Product, Variant
from inventory.models import StockLevel, StockMovement
from inventory.services import correct_stock
from tests.factories import (
    BarcodeFactory,
    FeatureFactory,
    ProductFactory,
    StockLevelFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    WarehouseFactory,
    price_type,
)

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The values a browser would submit from the page's main form (no files, no buttons)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.setdefault(name, []).append(attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select, self._options = name, []
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data.removeprefix("\n") if not self.values[self._textarea][0] else data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options and not self._multiple:
                chosen = [self._options[0][0]]
            self.values[self._select] = chosen
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_form(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader()
    reader.feed(response.content.decode())
    return {name: values if len(values) != 1 else values[0] for name, values in reader.values.items()}


@pytest.fixture
def shop():
    size = FeatureFactory(code="size", title="Размер")
    for index, value in enumerate(["S", "M", "L", "XL"]):
        FeatureValue.objects.create(feature=size, string_value=value, ordering=index)
    return {
        "retail": price_type("RETAIL"),
        "old": price_type("OLD"),
        "main": WarehouseFactory(name="Основной склад", is_default=True),
        "store": WarehouseFactory(name="Магазин на Тверской"),
    }


def cells(shop, row: int, *, article=None, size=None, retail=None, old=None, barcodes=None, main=None, store=None):
    """The inputs of one row of the table, by what they mean."""
    named = {
        "article": article,
        "option_0": size,
        f"price_{shop['retail'].pk}": retail,
        f"price_{shop['old'].pk}": old,
        "barcodes": barcodes,
        f"stock_{shop['main'].pk}": main,
        f"stock_{shop['store'].pk}": store,
    }
    return {f"variants-{row}-{name}": value for name, value in named.items() if value is not None}


@pytest.fixture
def sized_product(shop):
    """Three sizes with a retail price, a barcode each and stock in both warehouses (10/1, 20/2, 30/3)."""
    product = ProductFactory(public_id="kedy", short_name="Кеды", variants=3)
    for index, (variant, size) in enumerate(zip(product.variants.order_by("id"), ["S", "M", "L"], strict=True)):
        VariantOptionFactory(variant=variant, code="size", name="Размер", string_value=size)
        VariantPriceFactory(variant=variant, price_type=shop["retail"], value=Decimal("2490.00"))
        BarcodeFactory(variant=variant, value=f"460000000010{index}")
        StockLevelFactory(variant=variant, warehouse=shop["main"], total=Decimal(10 * (index + 1)))
        StockLevelFactory(variant=variant, warehouse=shop["store"], total=Decimal(index + 1))
    return product


def errors_of(response) -> str:
    """The form errors of a page shown again, for a failing assertion's message."""
    if response.status_code != 200 or response.context is None:
        return ""
    context = response.context
    found = [context["adminform"].form.errors]
    for inline in context["inline_admin_formsets"]:
        found += [inline.formset.non_form_errors(), *inline.formset.errors]
        found += [getattr(inline.formset, "reason_form", None) and inline.formset.reason_form.errors]
    return repr([e for e in found if e])


def change_url(product):
    return f"/admin/catalog/product/{product.pk}/change/"


def nothing_written(product):
    assert not HistoryEvent.objects.filter(product=product).exists()
    assert not StockMovement.objects.exists()


# --- flow 1: a new product with three sizes -------------------------------------------------------------------


def test_a_product_with_three_sizes_prices_barcodes_and_stock_is_created_with_one_save(manager_client, shop):
    data = page_form(manager_client, "/admin/catalog/product/add/")
    data.update({"short_name": "Кеды «Ветер»", "brand_name": "Кактус", "variants-TOTAL_FORMS": "3"})
    for row, (size, barcode, main, store) in enumerate(
        [("S", "4600000000101", "7", "1"), ("M", "4600000000118", "5", "0"), ("L", "4600000000125", "3", "")]
    ):
        data.update(cells(shop, row, article=f"VETER-{size}", size=size, retail="2490", old="2990", barcodes=barcode))
        data.update(cells(shop, row, main=main.replace(",", "."), store=store))
    data["variants-stock_reason"] = "Первичная приёмка"

    response = manager_client.post("/admin/catalog/product/add/", {**data, "_continue": "1"})

    assert response.status_code == 302, errors_of(response)
    product = Product.objects.get(short_name="Кеды «Ветер»")
    assert response["Location"] == change_url(product)
    variants = list(product.variants.order_by("ordering", "id"))
    assert [v.article for v in variants] == ["VETER-S", "VETER-M", "VETER-L"]  # no automatic extra variant
    assert [(o.code, o.name, o.string_value) for v in variants for o in v.options.all()] == [
        ("size", "Размер", "S"),
        ("size", "Размер", "M"),
        ("size", "Размер", "L"),
    ]
    assert {(v.article, p.price_type.code, p.value) for v in variants for p in v.prices.all()} == {
        (f"VETER-{size}", code, Decimal(value))
        for size in "SML"
        for code, value in (("Розничная цена", 2490), ("Цена до скидки", 2990))
    }
    assert [list(v.barcodes.values_list("value", "is_default")) for v in variants] == [
        [("4600000000101", True)],
        [("4600000000118", True)],
        [("4600000000125", True)],
    ]
    stock = {(s.variant.article, s.warehouse_id): s.total for s in StockLevel.objects.select_related("variant")}
    main, store = shop["main"].pk, shop["store"].pk
    assert stock == {
        ("VETER-S", main): 7,
        ("VETER-S", store): 1,
        ("VETER-M", main): 5,
        ("VETER-M", store): 0,
        ("VETER-L", main): 3,  # whole pieces: sneakers are not sold by weight
        ("VETER-L", store): 0,  # a new variant gets an empty row in every warehouse, as the API opens it
    }
    ledger = StockMovement.objects.order_by("id")
    assert {(m.reason, m.source, m.user_login) for m in ledger} == {("Первичная приёмка", "USER", "manager")}
    assert sorted(m.delta_total for m in ledger) == [Decimal("1"), Decimal("3"), Decimal("5"), Decimal("7")]
    [event] = HistoryEvent.objects.filter(product=product)
    assert (event.change_source, event.user_login, event.source_action) == ("USER", "manager", "admin: создание товара")
    assert sorted(v["article"] for v in event.snapshot["variants"]) == ["VETER-L", "VETER-M", "VETER-S"]


# --- flow 2: a price and a stock figure of one variant ------------------------------------------------------------


def test_a_price_and_a_stock_figure_of_one_variant_change_with_one_save_and_a_reason(
    manager_client, shop, sized_product
):
    small, medium, large = sized_product.variants.order_by("id")
    data = page_form(manager_client, change_url(sized_product))
    data.update(cells(shop, 1, retail="1990", main="18"))
    data["variants-stock_reason"] = "Пересчёт: 2 пары в браке"

    response = manager_client.post(change_url(sized_product), {**data, "_continue": "1"})

    assert response.status_code == 302, errors_of(response)
    assert response["Location"] == change_url(sized_product)  # back on the same page
    assert {v.article: v.prices.get().value for v in (small, medium, large)} == {
        small.article: Decimal(2490),
        medium.article: Decimal(1990),
        large.article: Decimal(2490),
    }
    assert StockLevel.objects.get(variant=medium, warehouse=shop["main"]).total == 18
    [movement] = StockMovement.objects.all()
    assert (movement.variant_id, movement.warehouse_id, movement.delta_total) == (medium.pk, shop["main"].pk, -2)
    assert (movement.reason, movement.source, movement.user_login) == ("Пересчёт: 2 пары в браке", "USER", "manager")
    # Only what was changed: the other rows keep their barcodes, options and stock.
    assert [list(v.barcodes.values_list("value", flat=True)) for v in (small, medium, large)] == [
        ["4600000000100"],
        ["4600000000101"],
        ["4600000000102"],
    ]
    assert list(medium.options.values_list("string_value", flat=True)) == ["M"]
    [event] = HistoryEvent.objects.filter(product=sized_product)
    assert event.source_action == "admin: изменение товара"
    shown = {v["id"]: v for v in event.snapshot["variants"]}[medium.public_id]
    assert shown["price"] == 1990


def test_a_variant_is_added_to_an_existing_product_from_its_page(manager_client, shop, sized_product):
    data = page_form(manager_client, change_url(sized_product))
    data["variants-TOTAL_FORMS"] = "4"
    data.update(cells(shop, 3, article="KEDY-XL", size="XL", retail="2590", barcodes="4600000000200, 4600000000217"))

    response = manager_client.post(change_url(sized_product), data)

    assert response.status_code == 302, errors_of(response)
    added = sized_product.variants.get(article="KEDY-XL")
    assert list(added.options.values_list("string_value", flat=True)) == ["XL"]
    barcodes = list(added.barcodes.values_list("value", "is_default"))
    assert barcodes == [("4600000000200", True), ("4600000000217", False)]
    assert list(sized_product.variants.order_by("ordering", "id").values_list("article", flat=True))[-1] == "KEDY-XL"
    assert not StockMovement.objects.exists()  # no stock entered: no reason needed


# --- refusals: nothing written, the error next to the cell ----------------------------------------------------


def _refused(response, row: int, field: str) -> str:
    assert response.status_code == 200
    [formset] = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "variants"]
    errors = formset.formset.forms[row].errors if row is not None else formset.formset.reason_form.errors
    assert field in errors, errors
    return " ".join(errors[field])


def test_a_stock_change_without_a_reason_is_refused_with_nothing_written(manager_client, shop, sized_product):
    data = page_form(manager_client, change_url(sized_product))
    data.update(cells(shop, 0, retail="1000", main="3"))

    response = manager_client.post(change_url(sized_product), data)

    assert "причину" in _refused(response, None, "stock_reason")
    assert "причину" in response.content.decode()
    nothing_written(sized_product)
    assert sized_product.variants.order_by("id")[0].prices.get().value == 2490  # the price of the same save too


@pytest.mark.parametrize(
    ("row_cells", "field", "message"),
    [
        ({"barcodes": "4600000009999"}, "barcodes", "4600000009999"),  # held by another product
        ({"barcodes": "4600000000102"}, "barcodes", "4600000000102"),  # held by row 3 of this product
        ({"size": "XXXL"}, "option_0", "Выберите корректный вариант"),  # not a value of the option
        ({"size": "M"}, "option_0", "2"),  # the same size as row 2
        ({"main": "-1"}, "stock_", "больше либо равно 0"),
        ({"retail": "-5"}, "price_", "больше либо равно 0"),
    ],
    ids=[
        "barcode-of-another-product",
        "barcode-of-another-row",
        "unknown-size",
        "same-size-twice",
        "negative-stock",
        "negative-price",
    ],
)
def test_refused_cells_write_nothing_and_say_why_next_to_the_cell(
    manager_client, shop, sized_product, row_cells, field, message
):
    BarcodeFactory(value="4600000009999", variant=ProductFactory(short_name="Чужой").variants.get())
    data = page_form(manager_client, change_url(sized_product))
    data.update(cells(shop, 0, article="CHANGED", **row_cells))
    data["variants-stock_reason"] = "Пересчёт"
    field = {"stock_": f"stock_{shop['main'].pk}", "price_": f"price_{shop['retail'].pk}"}.get(field, field)

    response = manager_client.post(change_url(sized_product), data)

    assert message in _refused(response, 0, field)
    nothing_written(sized_product)
    assert not sized_product.variants.filter(article="CHANGED").exists()


def test_a_stock_figure_changed_meanwhile_is_refused_not_overwritten(manager_client, shop, sized_product):
    small = sized_product.variants.order_by("id")[0]
    data = page_form(manager_client, change_url(sized_product))
    correct_stock(variant_id=small.pk, warehouse_id=shop["main"].pk, total=Decimal(4), reason="Продажа в кассе")
    data.update(cells(shop, 0, main="12"))
    data["variants-stock_reason"] = "Приёмка"

    response = manager_client.post(change_url(sized_product), data)

    assert "сейчас 4" in _refused(response, 0, f"stock_{shop['main'].pk}")
    assert StockLevel.objects.get(variant=small, warehouse=shop["main"]).total == 4
    assert StockMovement.objects.count() == 1  # the till's line only


def test_a_refusal_of_the_service_itself_is_shown_on_its_row_and_rolls_everything_back(
    manager_client, shop, sized_product
):
    """A barcode moved from row 3 to row 1 in one save passes the table's checks (each barcode once), but the
    service plans row 1 while row 3 still holds it and refuses: the page comes back with the message on row
    1, the typed values kept, and nothing of the save written (not even row 2's price)."""
    data = page_form(manager_client, change_url(sized_product))
    data.update(cells(shop, 0, barcodes="4600000000100, 4600000000102"))
    data.update(cells(shop, 1, retail="1"))
    data.update(cells(shop, 2, barcodes=""))

    response = manager_client.post(change_url(sized_product), data)

    assert response.status_code == 200
    [formset] = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "variants"]
    assert "4600000000102" in " ".join(formset.formset.forms[0].non_field_errors())
    assert "Ничего не сохранено" in " ".join(response.context["adminform"].form.non_field_errors())
    assert 'value="4600000000100, 4600000000102"' in response.content.decode()
    nothing_written(sized_product)
    assert sized_product.variants.order_by("id")[1].prices.get().value == 2490
    assert sized_product.variants.order_by("id")[2].barcodes.get().value == "4600000000102"


# --- reading the page -------------------------------------------------------------------------------------------


def test_the_table_shows_numbers_as_people_write_them(manager_client, shop, sized_product):
    small = sized_product.variants.order_by("id")[0]
    StockLevel.objects.filter(variant=small, warehouse=shop["main"]).update(total=Decimal("1.500"))

    html = manager_client.get(change_url(sized_product)).content.decode()

    assert f'name="variants-0-price_{shop["retail"].pk}" value="2490"' in html
    assert f'name="variants-0-stock_{shop["main"].pk}" value="1.5"' in html
    assert "2490.00" not in html and "1.500" not in html


def _page_queries(client, product) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(change_url(product)).status_code == 200
    return len(context)


def test_the_product_page_costs_the_same_queries_for_three_variants_as_for_six(manager_client, shop, sized_product):
    manager_client.get(change_url(sized_product))  # process-wide caches (content types) filled once
    three = _page_queries(manager_client, sized_product)
    for variant in sized_product.variants.all():  # three more, each with an option, a price, a barcode, stock
        extra = Variant.objects.create(product=sized_product, public_id=f"{variant.public_id}-2", article="X")
        VariantOptionFactory(variant=extra, code="size", string_value=f"{variant.pk}-2")
        VariantPriceFactory(variant=extra, price_type=shop["old"])
        BarcodeFactory(variant=extra)
        StockLevelFactory(variant=extra, warehouse=shop["store"])

    six = _page_queries(manager_client, sized_product)

    assert six == three
    assert three <= 26, f"the product page with 3 variants x 2 warehouses took {three} queries"


# --- the service's switch for new variants of an existing product -----------------------------------------------


@pytest.mark.parametrize("batched", [True, False], ids=["set-based", "product-by-product"])
def test_new_variants_of_an_existing_product_only_when_the_caller_allows_them(shop, batched):
    from catalog.services.products import save_products
    from config.kernel.actor import Actor

    product = ProductFactory(public_id="p1", variants=1)
    # The same product twice in one batch is saved product by product (products.batchable).
    items = [{"public_id": "p1", "variants_to_update": [{"article": "NEW"}]}]
    items = items if batched else [*items, {"public_id": "p1"}]

    [refused, *_] = save_products(items=items, partial=True, actor=Actor(action="PATCH /products"))
    [allowed, *_] = save_products(items=items, partial=True, actor=Actor(action="admin"), allow_new_variants=True)

    assert refused.variants[0].errors == ["Не указан variantId"]  # the API's rule stays
    assert allowed.variants[0].errors == []
    assert list(product.variants.filter(article="NEW").values_list("public_id", flat=True)) == [
        allowed.variants[0].variant_id
    ]


def test_people_who_may_only_view_the_product_see_the_table_as_text(client, shop, sized_product):
    from django.contrib.auth.models import Permission

    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__in=["view_product", "view_variant"]))
    client.force_login(viewer)

    response = client.get(change_url(sized_product))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="variants-0-price_' not in html and "variants-stock_reason" not in html
    cells_of_first_row = html.split('id="variants-0"')[1].split("</tr>")[0]
    for text in ("ART-", ">S<", "2490", "4600000000100", ">10<", ">1<"):
        assert text in cells_of_first_row, text
    assert "Остаток: Основной склад" in html
