"""The benchmark's correctness check: the hand-written listing (bench/raw.py) answers what the API answers."""

import orjson
from django.core.management import call_command
from django.db import connection

from bench import raw
from catalog.management.commands.seed_catalog import BRANDS, STRING_ATTRIBUTES

MATERIALS = dict((code, values) for code, _, values in STRING_ATTRIBUTES)["material"]

CASES = [
    {"size": "10"},
    {"size": "10", "page": "1"},
    {"collections": "S-C01-1,S-C02-2", "size": "5"},
    {
        "filters": f"brand:{','.join(BRANDS)};price:100-15000",
        "attributes": f"material:{','.join(MATERIALS)}",
        "size": "100",
    },
]


def test_hand_written_listing_matches_the_api_and_a_difference_is_caught(db, anon):
    call_command("seed_catalog", products=40, stdout=open("/dev/null", "w"))
    for params in CASES:
        api = anon.get("/api/lite/pub/products", params).content
        with connection.cursor() as cursor:
            baseline = raw.render(raw.public_page(cursor, params))
        assert orjson.loads(api)["products"], params
        assert raw.same_listing(api, baseline) is None, params

    wrong = orjson.loads(baseline)
    wrong["products"][0]["variants"][0]["price"] = -1
    assert "differs in ['variants']" in raw.same_listing(api, wrong)
    wrong["products"].reverse()
    assert raw.same_listing(api, wrong).startswith("different products")
