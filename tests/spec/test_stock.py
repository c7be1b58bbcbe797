"""Stock, lots, unique numbers, the item template and the fulfillment warehouse replayed from the spec
(cactus-products-api.txt: "/api/lite/products/stocks", "/batch/accounting/stocks", unique numbers,
"/templates/items", "/stock_revise", "/export_ff", "/delete_barcodes_ff")."""

import datetime
import json

import pytest

from catalog.models import Product
from inventory.models import Lot, StockLevel, UniqueNumber, Warehouse
from tests.catalog.test_item_template_api import row, xls
from tests.factories import BarcodeFactory, ProductFactory, VariantFactory
from tests.integrations.wms_support import fake_wms, ff_warehouse  # noqa: F401 (fixtures)
from tests.inventory.test_unique_numbers_api import xls as numbers_xls

from .speclib import assert_as_spec, example

pytestmark = pytest.mark.django_db

PLACEHOLDER = "the spec's error examples say «Текст ошибки» (a placeholder); we answer the real reason"


def test_stocks_answer_the_spec_example(api):
    warehouse = Warehouse.objects.create(code="d7a490e3-7dd6-0104-60b6-ca222b03bf18", name="Склад")
    for item in example("cactus:3869")["variants"]:
        [stock] = item["stock"]
        variant = VariantFactory(public_id=item["id"])
        StockLevel.objects.create(
            variant=variant, warehouse=warehouse, total=stock["stockTotal"], reserved=stock["stockReserved"]
        )

    response = api.get("/api/lite/products/stocks?stock_updated_from=2024-05-21T00:00:00.000")
    body = json.loads(b"".join(response.streaming_content))

    expected = example("cactus:3869")
    expected["variants"].sort(key=lambda v: v["id"])
    body["variants"].sort(key=lambda v: v["id"])
    assert_as_spec(body, expected, differs={"recordsTotal": "the spec's account has 2873 variants, ours three"})


def test_lot_stocks_answer_the_spec_example(api):
    warehouse = Warehouse.objects.create(code="12345", name="Склад")
    variant = VariantFactory(
        public_id="2478",
        product__use_batch_accounting=True,
        product__expiration_mode=Product.ExpirationMode.USE_EXPIRATION,
    )
    for lot in example("cactus:3514")["items"][0]["batchAccountingStocks"]:
        Lot.objects.create(
            variant=variant,
            warehouse=warehouse,
            number=lot["batchAccountingNumber"],
            quantity=lot["available"],
            production_date=datetime.date.fromisoformat(lot["productionDate"]),
            expiration_date=datetime.date.fromisoformat(lot["expirationDate"]),
        )

    body = api.get("/api/lite/products/batch/accounting/stocks?warehouseCode=12345&variantId=2478&format=json").json()

    assert_as_spec(body, example("cactus:3514"))
    xls_answer = api.get("/api/lite/products/batch/accounting/stocks?warehouseCode=12345&format=xls").json()
    assert_as_spec(xls_answer, example("cactus:3561"), generated=("file",))
    assert xls_answer["file"].startswith("http://testserver/")


def test_unique_numbers_load_list_take_and_use(api):
    VariantFactory(public_id="1000")

    assert_as_spec(
        api.post("/api/lite/products/load/unique_number/json", example("cactus:3608"), format="json").json(),
        example("cactus:3625"),
    )
    upload = numbers_xls([["1000", "njkjnw9i98", "UIT"]])
    assert_as_spec(
        api.post("/api/lite/products/load/unique_number/excel", {"upFile": upload}, format="multipart").json(),
        example("cactus:3641"),
    )
    for item in example("cactus:3659")["uniqueNumbers"]:
        UniqueNumber.objects.create(variant_id=UniqueNumber.objects.first().variant_id, number=item["uniqueNumber"])
    UniqueNumber.objects.exclude(
        number__in=[n["uniqueNumber"] for n in example("cactus:3659")["uniqueNumbers"]]
    ).update(is_used=True)

    listed = api.get("/api/lite/products/unique_numbers/list?variantId=1000&isUsed=false&page=0&size=10").json()
    listed["uniqueNumbers"].sort(key=lambda n: n["uniqueNumber"])
    expected = example("cactus:3659")
    expected["uniqueNumbers"].sort(key=lambda n: n["uniqueNumber"])
    assert_as_spec(listed, expected)

    UniqueNumber.objects.filter(is_used=False).exclude(number=expected["uniqueNumbers"][0]["uniqueNumber"]).delete()
    taken = api.get("/api/lite/products/unique_number?variant_id=1000&type_unique_number=UIT").json()
    assert_as_spec(taken, example("cactus:3699"), differs={"uniqueNumber": "the example takes another number"})
    assert taken["uniqueNumber"] == expected["uniqueNumbers"][0]["uniqueNumber"]

    used = {**example("cactus:3711"), "uniqueNumber": "njkjnw9i98"}
    UniqueNumber.objects.filter(number="njkjnw9i98").update(is_used=False)
    assert_as_spec(
        api.post("/api/lite/products/unique_number/used", used, format="json").json(), example("cactus:3722")
    )
    assert UniqueNumber.objects.get(number="njkjnw9i98").is_used is True


def test_item_template_analysis_answers_the_spec_example(api):
    answer = example("cactus:2074")
    rows = []
    for item in answer["items"]:
        variant = VariantFactory(
            public_id=item["variantId"],
            product__public_id=item["productId"],
            product__vat="VAT_20",
            article="",
            ext_id=item.get("variantExtId"),
        )
        if "barcode" in item:
            BarcodeFactory(variant=variant, value=item["barcode"])
        rows.append(row(code=item["variantId"], name=item["name"], quantity=item["quantity"], vat="VAT_20", price=0))
    VariantFactory(public_id="1030", product__public_id="1030", article="")
    # Rows 2..9 hold items 1..8, row 10 an item without a quantity, row 11 item 9, row 12 an unknown code.
    rows.insert(8, row(code="1030", name="Серые"))
    rows.insert(10, row(code="12345", article="456", name="Голубые", quantity=1))

    body = api.post("/api/lite/products/templates/items", {"file": xls(rows)}, format="multipart").json()

    assert_as_spec(body, answer)
    assert_as_spec(
        api.post("/api/lite/products/templates/items", {}, format="multipart").json(),
        example("cactus:2185"),
        differs={"errors[0].message": PLACEHOLDER},
    )


def test_item_template_download_never_answers_the_spec_500(api):
    """The spec's error example of the download is a 500 in another format (Spring's); a 500 is a bug here and
    errors are the envelope: the download of an empty catalog still answers the file."""
    response = api.get("/api/lite/products/templates/items")
    assert response.status_code == 200
    spring_500 = example("cactus:2040")
    assert spring_500["status"] == 500 and "success" not in spring_500


def test_stock_revise_answers_the_spec_example(api, fake_wms, ff_warehouse):  # noqa: F811
    expected = example("cactus:2721")
    external = {}
    for group in ("moreItems", "lessItems"):
        for entry in expected[group]:
            item = entry["item"]
            product = Product.objects.filter(public_id=item["productId"]).first() or ProductFactory(
                public_id=item["productId"], short_name=item["name"], variants=0
            )
            variant = VariantFactory(
                product=product,
                public_id=item["variantId"],
                article=item.get("article"),
                ext_id=item.get("variantExtId"),
            )
            if item["barcode"]:
                BarcodeFactory(variant=variant, value=item["barcode"])
            if "img" in item:
                product.images.create(public_id=f"img-{variant.public_id}", file=f"images/st/{variant.public_id}.jpg")
            StockLevel.objects.filter(variant=variant).delete()
            StockLevel.objects.create(
                variant=variant, warehouse=ff_warehouse, total=entry["available"], reserved=entry["reserved"]
            )
            external[variant.public_id] = entry["external"]
    fake_wms.state.control({"stock": external})

    body = api.get(f"/api/lite/products/stock_revise?warehouse_id={ff_warehouse.code}").json()

    assert_as_spec(
        body,
        expected,
        differs={
            "moreItems[*].item.img": "image URLs are our storage's",
            "lessItems[*].item.img": "image URLs are our storage's",
            "moreItems[1].afterCorrection": (
                "the warehouse's figure is accepted below the reserve (0, flagged over-reserved); the example"
                " keeps the reserve (2) — docs/api.md, where we differ"
            ),
        },
    )
    assert body["moreItems"][1]["afterCorrection"] == 0
    assert body["moreItems"][0]["item"]["img"] == "http://testserver/media/images/st/demo1027.jpg"


def test_stock_revise_error_is_the_envelope(api):
    assert_as_spec(
        api.get("/api/lite/products/stock_revise?warehouse_id=unknown").json(),
        example("cactus:2792"),
        differs={"errors[0].message": PLACEHOLDER},
    )


def test_export_ff_and_delete_barcodes_ff(api, ff_warehouse):  # noqa: F811
    variant = VariantFactory(product__public_id="1042")
    BarcodeFactory(variant=variant, value="4607043102393")

    assert_as_spec(
        api.post("/api/lite/products/export_ff", example("cactus:2613"), format="json").json(), example("cactus:2620")
    )
    assert_as_spec(
        api.post("/api/lite/products/delete_barcodes_ff", example("cactus:2895"), format="json").json(),
        example("cactus:2903"),
    )
    unknown = {**example("cactus:2613"), "warehouseCode": "unknown"}
    assert_as_spec(
        api.post("/api/lite/products/export_ff", unknown, format="json").json(),
        example("cactus:2626"),
        differs={"errors[0].message": PLACEHOLDER},
    )
    unknown = {**example("cactus:2895"), "warehouseCode": "unknown"}
    assert_as_spec(
        api.post("/api/lite/products/delete_barcodes_ff", unknown, format="json").json(),
        example("cactus:2909"),
        differs={"errors[0].message": PLACEHOLDER},
    )
