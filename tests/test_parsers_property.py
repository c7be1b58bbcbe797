"""Property-based tests (hypothesis) of the parsers that take text and files from outside: dates, ids,
paging parameters, spreadsheets and images. Each either gives a value that obeys its rules or refuses
with the domain's own error (a 400 with a message) — never any other exception, which would be a 500.
(The filter language has its own in tests/catalog/test_filtering.py.)"""

import io
import string
from datetime import datetime

import pytest
import tablib
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from rest_framework.exceptions import ValidationError

from catalog import cells
from catalog.models.common import PUBLIC_ID_MAX_LENGTH, PUBLIC_ID_RE
from catalog.product_resources import ARTICLE, BARCODES, PRODUCT_COLUMNS, VARIANT_ID, ProductResource
from catalog.services.ids import validate_public_id
from catalog.services.images import check_image
from catalog.spreadsheets import read_xls_rows
from config.kernel.errors import ValidationFailed
from config.kernel.params import parse_bool, parse_order, parse_page
from inventory.api.serializers import STOCK_DATE_RE, parse_stock_date
from inventory.models import Warehouse

HOSTILE = st.sampled_from(
    ["", " ", "<script>alert(1)</script>", "'; DROP TABLE catalog_product; --", "\u202e", "😀", "1e999", "NaN",
     "-0", "９", "١٢٣", "\r\n", "=HYPERLINK(\"x\")", "0x10", "1,5", "1 000,50", "∞", "None", "null"]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=40), HOSTILE)


# --- dates ------------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, st.from_regex(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?", fullmatch=True)))
def test_stock_dates_are_parsed_or_refused_with_a_message(raw):
    try:
        value = parse_stock_date(raw)
    except ValidationError as error:
        assert "stock_updated_from" in error.detail
        return
    assert STOCK_DATE_RE.match(raw.strip()) and value.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)), st.booleans())
def test_every_real_date_in_the_spec_format_round_trips(moment, with_millis):
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000 if with_millis else 0)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{moment.microsecond // 1000:03d}" if with_millis else "")
    if moment.year < 1000:
        return  # strftime does not pad years below 1000 on every platform; the format needs four digits
    assert parse_stock_date(text).replace(tzinfo=None) == moment


# --- ids --------------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, st.text(alphabet=string.ascii_letters + string.digits + "_#.-", min_size=1, max_size=80)))
def test_ids_are_accepted_only_when_they_follow_the_id_rules(raw):
    try:
        assert validate_public_id(raw, "товара") == raw
    except ValidationFailed as error:
        assert "ID" in str(error)
        assert not (PUBLIC_ID_RE.match(raw) and len(raw) <= PUBLIC_ID_MAX_LENGTH)
    else:
        assert PUBLIC_ID_RE.match(raw) and len(raw) <= PUBLIC_ID_MAX_LENGTH


# --- paging and ordering parameters --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(page=TEXT, size=st.one_of(TEXT, st.integers().map(str)), order=TEXT, flag=TEXT)
def test_paging_parameters_give_bounded_values_or_a_400(page, size, order, flag):
    params = QueryDict(mutable=True)
    params.update({"page": page, "size": size, "order": order, "deleted": flag})
    for parse in (
        lambda: parse_page(params, default_size=100, max_size=1000),
        lambda: parse_order(params, {"id": "public_id", "shortname": "short_name"}, default=["public_id"]),
        lambda: parse_bool(params, "deleted", False),
    ):
        try:
            value = parse()
        except ValidationFailed as error:
            name, _, message = error.message.partition(": ")
            assert name in params and message
            continue
        if hasattr(value, "size"):
            assert 1 <= value.size <= 1000 and value.page >= 0


# --- spreadsheets ---------------------------------------------------------------------------------------------


SHEET_HEADERS = [*PRODUCT_COLUMNS, VARIANT_ID, ARTICLE, BARCODES, "Цена Розничная цена", "Остаток main"]


# an XLSX cell cannot hold control characters (openpyxl refuses to write them), so none are generated
SHEET_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40), HOSTILE.filter(str.isprintable)
)
CELL = st.one_of(
    st.none(), SHEET_TEXT, st.integers(-(10**15), 10**15), st.floats(allow_nan=False, allow_infinity=False)
)


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=300).map(lambda tail: b"PK\x03\x04" + tail),
        st.binary(max_size=300).map(lambda tail: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + tail),
    ),
    st.sampled_from(["import.xlsx", "import.xls", "import.csv", "import.txt", ""]),
)
def test_any_uploaded_file_is_read_or_refused_with_a_message(content, name):
    try:
        read_xls_rows(content)
    except ValidationFailed as error:
        assert str(error)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(st.lists(CELL, min_size=len(SHEET_HEADERS), max_size=len(SHEET_HEADERS)), min_size=1, max_size=6))
def test_any_cells_in_an_import_sheet_are_previewed_or_explained_by_row(rows):
    Warehouse.objects.get_or_create(code="main", defaults={"name": "Main"})  # the examples share one test's rows
    dataset = tablib.Dataset(*rows, headers=SHEET_HEADERS)
    dataset = tablib.Dataset().load(dataset.export("xlsx"), format="xlsx")  # as the admin reads an upload

    result = ProductResource().import_data(dataset, dry_run=True, raise_errors=False)

    assert not result.has_errors(), [e.error for _, errors in result.row_errors() for e in errors]
    assert all(1 <= row.number <= len(rows) and row.error_dict for row in result.invalid_rows)
    assert result.totals["new"] + result.totals["update"] + result.totals["skip"] + result.totals["invalid"] == len(
        rows
    )


@settings(max_examples=300, deadline=None)
@given(CELL)
def test_any_cell_is_parsed_or_refused_with_a_message(cell):
    for parse in (cells.number, cells.vat, cells.boolean, lambda v: cells.amount(v, places=2, max_digits=14)):
        try:
            parse(cell)
        except ValueError as error:
            assert str(error)


# --- images -----------------------------------------------------------------------------------------------------


def _png(width=4, height=3) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        # a real PNG with a few bytes changed, cut short, or padded: damaged files a person might upload
        st.lists(st.tuples(st.integers(0, len(PNG) - 1), st.integers(0, 255)), max_size=4).map(
            lambda edits: bytes(b if i not in dict(edits) else dict(edits)[i] for i, b in enumerate(PNG))
        ),
        st.integers(1, len(PNG) - 1).map(lambda cut: PNG[:cut]),
        st.binary(max_size=50).map(lambda tail: PNG + tail),
    )
)
def test_any_uploaded_bytes_are_an_image_or_refused_with_a_message(content):
    try:
        checked = check_image(io.BytesIO(content))
    except ValidationFailed as error:
        assert str(error)
        return
    assert checked.width > 0 and checked.height > 0 and checked.extension
    with Image.open(io.BytesIO(checked.content)) as image:
        image.load()  # what was accepted really decodes
