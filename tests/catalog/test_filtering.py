from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.filtering import Clause, FilterError, Range, decimal_values, format_expression, parse_expression
from catalog.models import Feature
from tests.factories import (
    AttributeFactory,
    CollectionFactory,
    VariantOptionFactory,
    WarehouseFactory,
)

from .storefront_data import make_product

URL = "/api/lite/pub/products"


# --- the parser (pure) ---------------------------------------------------------------------------


def test_parser_reads_fields_and_values():
    assert parse_expression("brand:A,B; price:10-20;;") == [
        Clause("brand", ("A", "B"), whole="A,B"),
        Clause("price", ("10-20",)),
    ]


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        (r"material:Хлопок 97%\, эластан 3%,Лён", [Clause("material", ("Хлопок 97%, эластан 3%", "Лён"), whole=None)]),
        (r"a\:b:x\;y;c:z", [Clause("a:b", ("x;y",)), Clause("c", ("z",))]),
        (r"path:C\\dir,D", [Clause("path", ("C\\dir", "D"), whole="C\\dir,D")]),
        (r"keep:a\b", [Clause("keep", ("a\\b",))]),  # a backslash before another character stays
    ],
)
def test_a_backslash_escapes_the_separators_and_itself(text, clauses):
    found = parse_expression(text, "filters")

    assert [(c.name, c.values) for c in found] == [(c.name, c.values) for c in clauses]


def test_decimal_values_read_numbers_and_inclusive_ranges():
    assert decimal_values(Clause("price", ("10-20", "5", "1,5")), "filters") == [
        Range(Decimal(10), Decimal(20)),
        Decimal(5),
        Decimal("1.5"),
    ]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("brand", "нет двоеточия"),
        (":A", "не указано имя"),
        ("brand:A,,B", "пустое значение"),
        ("brand:", "пустое значение"),
        ("x" * 5000, "длиннее"),
    ],
)
def test_malformed_expressions_name_the_wrong_part(text, fragment):
    with pytest.raises(FilterError) as error:
        parse_expression(text, "filters")
    assert fragment in error.value.message


@pytest.mark.parametrize("raw", ["abc", "10-", "20-10", "1-2-3", "1e5", "NaN"])
def test_bad_decimal_values_are_refused(raw):
    with pytest.raises(FilterError):
        decimal_values(Clause("price", (raw,)), "filters")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_fails_with_anything_but_the_domain_error(text):
    try:
        clauses = parse_expression(text, "filters")
        for clause in clauses:
            decimal_values(clause, "filters")
    except FilterError:
        pass


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[a-z_]{1,10}", fullmatch=True),
            st.lists(st.from_regex(r"[A-Za-zА-я0-9 ]{0,8}[A-Za-zА-я0-9]", fullmatch=True), min_size=1, max_size=4),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_parser_reads_back_what_was_written(fields):
    text = ";".join(f"{name}:{','.join(values)}" for name, values in fields)

    clauses = parse_expression(text, "filters")

    assert [(c.name, list(c.values)) for c in clauses] == [(n, [v.strip() for v in vs]) for n, vs in fields]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,10}", fullmatch=True),
        st.lists(st.from_regex(r"[A-Za-z0-9,;:\\ ]{0,8}[A-Za-z0-9,;:\\]", fullmatch=True), min_size=1, max_size=4),
        min_size=1,
        max_size=5,
    )
)
def test_any_values_escaped_by_format_expression_are_read_back_exactly(fields):
    clauses = parse_expression(format_expression(fields), "filters")

    assert [(c.name, list(c.values)) for c in clauses] == [(n, [v.strip() for v in vs]) for n, vs in fields.items()]


# --- each filter over the API ------------------------------------------------------------------


def ids(response):
    assert response.status_code == 200, response.json()
    return sorted(p["id"] for p in response.json()["products"])


@pytest.fixture
def catalog(db):
    warehouse = WarehouseFactory()
    material = AttributeFactory(code="material", type="string")
    power = AttributeFactory(code="power", type="decimal")
    Feature.objects.create(public_id="F-size", code="size", title="Размер")
    make_product(
        "P1",
        prices=[(100, 150)],
        brand="Alfa",
        country="Россия",
        is_novelty=True,
        attributes=[(material, "Хлопок"), (power, 10)],
        sizes=["S"],
        stock=(warehouse, Decimal(5), Decimal(0)),
        weight=Decimal(100),
        dims=(10, 20, 30),
    )
    make_product(
        "P2",
        prices=[(200, None), (250, None)],
        brand="Beta",
        country="Китай",
        is_bestseller=True,
        attributes=[(material, "Шерсть"), (power, Decimal("20.5"))],
        sizes=["M", "L"],
        stock=(warehouse, Decimal(3), Decimal(3)),
        weight=Decimal(1000),
        dims=(15, 25, 35),
    )
    make_product(
        "P3",
        prices=[(300, 290)],
        brand="alfa",
        country="Россия",
        attributes=[(material, "Лён")],
        weight=Decimal(2000),
        dims=(50, 60, 70),
    )
    return warehouse


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"filters": "price:100"}, ["P1"]),
        ({"filters": "price:150-250"}, ["P2"]),
        ({"filters": "price:100-200"}, ["P1", "P2"]),
        ({"filters": "price:100,300"}, ["P1", "P3"]),
        ({"filters": "stock_available:true"}, ["P1"]),
        ({"filters": "stock_available:false"}, ["P2", "P3"]),
        ({"filters": "stock_available:true,false"}, ["P1", "P2", "P3"]),
        ({"filters": "size_height:10-15"}, ["P1", "P2"]),
        ({"filters": "size_width:60"}, ["P3"]),
        ({"filters": "size_depth:30-35"}, ["P1", "P2"]),
        ({"filters": "weight:900-2000"}, ["P2", "P3"]),
        ({"filters": "country_of_origin:Россия"}, ["P1", "P3"]),
        ({"filters": "discount_available:true"}, ["P1"]),
        ({"filters": "discount_available:false"}, ["P2", "P3"]),
        ({"filters": "is_novelty:true"}, ["P1"]),
        ({"filters": "is_novelty:false"}, ["P2", "P3"]),
        ({"filters": "brand:Alfa,Beta"}, ["P1", "P2"]),
        ({"filters": "is_bestseller:TRUE"}, ["P2"]),
        ({"attributes": "material:Хлопок,Лён"}, ["P1", "P3"]),
        ({"attributes": "power:10-20.5"}, ["P1", "P2"]),
        ({"attributes": "power:20.5"}, ["P2"]),
        ({"features": "size:M"}, ["P2"]),
        ({"features": "size:S,L"}, ["P1", "P2"]),
        # combined: fields AND, values OR
        ({"filters": "brand:Alfa,alfa;price:250-400"}, ["P3"]),
        ({"filters": "country_of_origin:Россия", "attributes": "material:Хлопок"}, ["P1"]),
        ({"filters": "price:0-1000", "attributes": "material:Шерсть", "features": "size:L"}, ["P2"]),
        ({"attributes": "material:Хлопок;power:20.5"}, []),
    ],
)
def test_each_filter_alone_and_combined(anon, catalog, params, expected):
    assert ids(anon.get(URL, params)) == expected


def test_features_not_in_the_dictionary_are_filtered_by_their_code(anon, catalog):
    product = make_product("P4")
    VariantOptionFactory(variant=product.variants.get(), code="volume", string_value="1 л")

    assert ids(anon.get(URL, {"features": "volume:1 л"})) == ["P4"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"filters": "colour:red"}, "неизвестное поле «colour»"),
        ({"filters": "price:cheap"}, "«cheap» не число"),
        ({"filters": "price:20-10"}, "начало диапазона"),
        ({"filters": "is_novelty:yes"}, "true или false"),
        ({"filters": "brand"}, "нет двоеточия"),
        ({"attributes": "unknown:1"}, "неизвестный атрибут «unknown»"),
        ({"attributes": "power:много"}, "«много» не число"),
        ({"features": "nope:1"}, "неизвестная опция «nope»"),
    ],
)
def test_malformed_or_unknown_filters_are_a_400_naming_the_part(anon, catalog, params, fragment):
    response = anon.get(URL, params)

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert fragment in body["errors"][0]["message"]


def test_filters_respect_collections(anon, catalog):
    collection = CollectionFactory(public_id="c1")
    collection.products.add(*collection.products.model.objects.filter(public_id__in=["P1", "P2"]))

    assert ids(anon.get(URL, {"filters": "brand:Alfa,alfa", "collections": "c1"})) == ["P1"]


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    param=st.sampled_from(["filters", "attributes", "features"]),
    text=st.one_of(
        st.text(max_size=80),
        st.from_regex(r"(price|brand|is_novelty|material|size|weight)?:?[0-9a-z,.\- ]{0,12}(;.{0,6})?", fullmatch=True),
    ),
)
def test_the_public_listing_answers_200_or_400_to_any_filter_expression(anon, param, text):
    response = anon.get(URL, {param: text})

    assert response.status_code in (200, 400)
    assert response.json()["success"] is (response.status_code == 200)


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["filters", "attributes", "features", "query"])
def test_nul_characters_are_refused_not_a_500(anon, param):
    text = "brand:A\x00B" if param != "query" else "A\x00B"

    response = anon.get(URL, {param: text})

    assert response.status_code == 400


# --- values that contain the separators ----------------------------------------------------------------


@pytest.fixture
def comma_catalog(db):
    material = AttributeFactory(code="material", type="string")
    Feature.objects.create(public_id="F-size", code="size", title="Размер")
    make_product("C1", brand="Рога, копыта", attributes=[(material, "Хлопок 97%, эластан 3%")], sizes=["S, M"])
    make_product("C2", brand="Рога", attributes=[(material, "Хлопок 97%")], sizes=["S"])
    make_product("C3", brand="копыта", attributes=[(material, "эластан 3%")], sizes=["M"])
    make_product("C4", brand="Nova", attributes=[(material, "Лён")], sizes=["L"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # the value as the filter blocks offer it, unescaped: it matches as a whole first
        ({"attributes": "material:Хлопок 97%, эластан 3%"}, ["C1"]),
        ({"filters": "brand:Рога, копыта"}, ["C1"]),
        ({"features": "size:S, M"}, ["C1"]),
        # escaped, it can be combined with other values
        ({"attributes": r"material:Хлопок 97%\, эластан 3%,Лён"}, ["C1", "C4"]),
        ({"filters": r"brand:Рога\, копыта,Nova"}, ["C1", "C4"]),
        ({"features": r"size:S\, M,L"}, ["C1", "C4"]),
        # no stored value equals the whole: the commas separate values, as before
        ({"attributes": "material:Хлопок 97%,Лён"}, ["C2", "C4"]),
        ({"filters": "brand:Рога,Nova"}, ["C2", "C4"]),
        ({"features": "size:S,L"}, ["C2", "C4"]),
    ],
)
def test_values_with_commas_are_selectable(anon, comma_catalog, params, expected):
    assert ids(anon.get(URL, params)) == expected


def test_the_private_listing_reads_escapes_the_same_way(api, comma_catalog):
    response = api.get("/api/lite/products", {"attributes": r"material:Хлопок 97%\, эластан 3%,Лён"})

    assert ids(response) == ["C1", "C4"]
